"""Settings for newsarchive, read from environment variables with safe local defaults.

NEWSARCHIVE_DATA_DIR  folder for the SQLite file and the Whoosh index (./data)
DATABASE_URL          sqlite:///path or postgres://user@host/db (default: SQLite in
                      the data folder)
DATABASE_REPLICA_URL  postgres://… of a streaming standby of DATABASE_URL: the
                      PostgreSQL search backend's reads go there (default: none)
DJANGO_DEBUG          "1"/"true" turns debug on (default off)
DJANGO_SECRET_KEY     required when debug is off: 50+ characters, 5+ different
DJANGO_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
DJANGO_CSRF_TRUSTED_ORIGINS  comma-separated https://host origins (default: none)
DJANGO_SECURE_SSL_REDIRECT  "1" redirects http:// to https:// (default off)
DJANGO_SECURE_PROXY_SSL_HEADER  header,value a TLS-ending proxy sets on https
                      requests, e.g. HTTP_X_FORWARDED_PROTO,https (default none)
DJANGO_HSTS_SECONDS   Strict-Transport-Security max-age (default 0: not sent)
DJANGO_HSTS_INCLUDE_SUBDOMAINS, DJANGO_HSTS_PRELOAD  "1" adds those directives
DJANGO_SECURE_COOKIES  Secure session/CSRF cookies (default: on when HTTPS is,
                      i.e. with SSL redirect or HSTS)
DJANGO_STATIC_ROOT    where collectstatic writes (default ./staticfiles)
NEWSARCHIVE_RATE_LIMIT_SEARCH  requests per client to search pages, feeds and
                      exports (default 120/m; "off" disables)
NEWSARCHIVE_RATE_LIMIT_API  requests per client to /api/ (default 300/m; "off")
NEWSARCHIVE_TRUSTED_PROXIES  number of proxies in front that append to
                      X-Forwarded-For (default 0: the client is REMOTE_ADDR)
NEWSARCHIVE_ADMIN_LOCKOUT_FAILURES  failed admin logins before a lockout (5)
NEWSARCHIVE_ADMIN_LOCKOUT_MINUTES  how long a lockout lasts (15)
NEWSARCHIVE_ADMIN_LOCKOUT_BY  what is locked: comma-separated username,
                      ip_address (each alone, the default) or username+ip_address
NEWSARCHIVE_SEARCH_BACKEND  "whoosh" (default, embedded) or "postgres" (in the
                      database, shared by every process and machine)
NEWSARCHIVE_SEARCH_SYNC_THREAD  "0" stops the background index writer thread
NEWSARCHIVE_SEARCH_PARTIAL_BELOW  list partial matches of a long query when
                      fewer full ones are found (default 20; 0: never)
NEWSARCHIVE_MAX_PAGE_BYTES  largest raw page the importer reads (20 MB)
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsarchive.ratelimit import parse_rate

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of at least {minimum}, not {value!r}."
        )
    return number


def _env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",")]


DATA_DIR = Path(os.environ.get("NEWSARCHIVE_DATA_DIR", BASE_DIR / "data")).resolve()
# SQLite cannot create its file in a missing folder; a fresh clone has none.
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Django's own deployment check (security.W009) asks for as much.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"
elif not DEBUG and (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY is too weak: it has {len(SECRET_KEY)} characters, "
        f"{len(set(SECRET_KEY))} of them different; it needs at least "
        f"{SECRET_KEY_MIN_LENGTH} characters with at least "
        f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones and must not start "
        "with 'django-insecure-'. Make one with: python3 -c "
        "'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = [
    host
    for host in _env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
    if host
]
CSRF_TRUSTED_ORIGINS = [
    origin for origin in _env_list("DJANGO_CSRF_TRUSTED_ORIGINS") if origin
]

# HTTPS. Behind a proxy that ends TLS, DJANGO_SECURE_PROXY_SSL_HEADER names the
# header it sets on https requests; only set it when the proxy always sets or
# strips that header, or clients could claim https themselves.
SECURE_SSL_REDIRECT = _env_bool("DJANGO_SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = _env_int("DJANGO_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_bool("DJANGO_HSTS_PRELOAD")
_proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_header:
    _header, _, _value = (part.strip() for part in _proxy_header.partition(","))
    if not _header or not _value or "," in _value:
        raise ImproperlyConfigured(
            "DJANGO_SECURE_PROXY_SSL_HEADER must be header,value such as "
            f"HTTP_X_FORWARDED_PROTO,https, not {_proxy_header!r}."
        )
    SECURE_PROXY_SSL_HEADER = (_header, _value)
_https = SECURE_SSL_REDIRECT or SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _env_bool("DJANGO_SECURE_COOKIES", _https)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Before haystack: our rebuild_index (build beside, then swap) wins.
    "search",
    "haystack",
    "articles",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsarchive.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsarchive.middleware.RateLimitMiddleware",
    "newsarchive.middleware.SearchUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsarchive.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsarchive.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL")
        or f"sqlite:///{DATA_DIR / 'newsarchive.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Imports, web workers and the index writer share the file: wait for a lock
    # instead of failing with "database is locked", let readers run beside the
    # writer (WAL), and take the write lock when a transaction begins, since a
    # read transaction cannot wait for an upgrade to write (SQLITE_BUSY at once).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL",
    )
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=60
    )
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL must name a replica of DATABASE_URL's database "
            "(a PostgreSQL streaming standby)."
        )
    # Django creates no test database on a read-only standby: under tests the
    # replica alias uses the primary's test database name.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Writes go to the primary; reads that tolerate replication lag (search
# snapshots) go to the replica when there is one (newsarchive/routers.py).
DATABASE_ROUTERS = ["newsarchive.routers.PrimaryReplicaRouter"]

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

# Failed admin logins (django-axes, counted in the database): after
# AXES_FAILURE_LIMIT failures for one user name or from one address, that user
# name or address is refused, the right password included, until AXES_COOLOFF_TIME
# has passed without another failure (or `manage.py axes_reset`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _env_int("NEWSARCHIVE_ADMIN_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(
    minutes=_env_int("NEWSARCHIVE_ADMIN_LOCKOUT_MINUTES", 15, minimum=1)
)
_LOCKOUT_PARAMETERS = {"username", "ip_address", "user_agent"}
AXES_LOCKOUT_PARAMETERS = []
for _item in _env_list("NEWSARCHIVE_ADMIN_LOCKOUT_BY", "username,ip_address"):
    _parts = [part.strip() for part in _item.split("+")]
    if not set(_parts) <= _LOCKOUT_PARAMETERS:
        raise ImproperlyConfigured(
            "NEWSARCHIVE_ADMIN_LOCKOUT_BY lists username, ip_address or user_agent, "
            "separated by commas (each counted alone) or joined by + (counted "
            f"together), not {_item!r}."
        )
    AXES_LOCKOUT_PARAMETERS.append(_parts[0] if len(_parts) == 1 else _parts)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "newsarchive.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "newsarchive.lockout.lockout_response"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Vietnamese dates in forms (the admin's included): dd/mm/yyyy, ISO still read.
FORMAT_MODULE_PATH = ["newsarchive.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# haystack's connection is the Whoosh backend's index (haystack's SearchQuerySet,
# update_index and rebuild_index work on it); other search backends are chosen
# with NEWSARCHIVE_SEARCH_BACKEND, not with a haystack engine.
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "search.backends.whoosh.haystack_engine.VietnameseWhooshEngine",
        "PATH": str(DATA_DIR / "whoosh_index"),
        "INDEX_NAME": "newsarchive",
    }
}
# Index changes are queued after the DB transaction commits and applied by one
# writer (search/indexing/sync.py), or written in the transaction itself by a
# transactional backend (PostgreSQL).
HAYSTACK_SIGNAL_PROCESSOR = "search.indexing.signals.OnCommitSignalProcessor"
# A background thread per process drains the queue; off, updates wait for
# `drain_search_queue` (the test suite applies them explicitly).
SEARCH_BACKEND = os.environ.get("NEWSARCHIVE_SEARCH_BACKEND", "whoosh")
SEARCH_SYNC_THREAD = _env_bool("NEWSARCHIVE_SEARCH_SYNC_THREAD", True)
# Partial matches of a long query are listed when full and by-subject matches
# number fewer than this (search/listing.py); 0 never lists them.
SEARCH_PARTIAL_BELOW = _env_int("NEWSARCHIVE_SEARCH_PARTIAL_BELOW", 20)

NEWSARCHIVE_MAX_PAGE_BYTES = int(
    os.environ.get("NEWSARCHIVE_MAX_PAGE_BYTES", 20 * 1024 * 1024)
)

# Request limits per client address, in fixed windows (newsarchive/ratelimit.py).
try:
    NEWSARCHIVE_RATE_LIMIT_SEARCH = os.environ.get(
        "NEWSARCHIVE_RATE_LIMIT_SEARCH", "120/m"
    )
    parse_rate(NEWSARCHIVE_RATE_LIMIT_SEARCH)
    NEWSARCHIVE_RATE_LIMIT_API = os.environ.get("NEWSARCHIVE_RATE_LIMIT_API", "300/m")
    parse_rate(NEWSARCHIVE_RATE_LIMIT_API)
except ValueError as error:
    raise ImproperlyConfigured(f"NEWSARCHIVE_RATE_LIMIT_*: {error}") from None
NEWSARCHIVE_TRUSTED_PROXIES = _env_int("NEWSARCHIVE_TRUSTED_PROXIES", 0)
# The counts must be shared by every worker process (gunicorn -w 4): a cache
# folder in the data folder, whose counters are incremented under a file lock.
# Several machines behind one balancer each count their own requests.
CACHES = {
    "default": {
        "BACKEND": "newsarchive.cache.LockingFileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
