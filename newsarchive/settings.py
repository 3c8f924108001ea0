"""Settings for newsarchive, read from environment variables with safe local defaults.

NEWSARCHIVE_DATA_DIR  folder for the SQLite file and the Whoosh index (./data)
DATABASE_URL          sqlite:///path or postgres://user@host/db (default: SQLite in
                      the data folder)
DATABASE_REPLICA_URL  postgres://… of a streaming standby of DATABASE_URL: the
                      PostgreSQL search backend's reads go there (default: none)
DJANGO_DEBUG          "1"/"true" turns debug on (default off)
DJANGO_SECRET_KEY     required when debug is off
DJANGO_ALLOWED_HOSTS  comma-separated host names (default: localhost names)
NEWSARCHIVE_SEARCH_BACKEND  "whoosh" (default, embedded) or "postgres" (in the
                      database, shared by every process and machine)
NEWSARCHIVE_SEARCH_SYNC_THREAD  "0" stops the background index writer thread
NEWSARCHIVE_MAX_PAGE_BYTES  largest raw page the importer reads (20 MB)
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = Path(os.environ.get("NEWSARCHIVE_DATA_DIR", BASE_DIR / "data")).resolve()
# SQLite cannot create its file in a missing folder; a fresh clone has none.
DATA_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = _env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off."
        )
    SECRET_KEY = "insecure-local-development-key-only-used-with-debug-on"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get(
        "DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]"
    ).split(",")
    if host.strip()
]

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
    "newsarchive.middleware.SearchUnavailableMiddleware",
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

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
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

NEWSARCHIVE_MAX_PAGE_BYTES = int(
    os.environ.get("NEWSARCHIVE_MAX_PAGE_BYTES", 20 * 1024 * 1024)
)

DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
