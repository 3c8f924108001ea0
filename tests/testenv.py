"""Test environment, loaded as a plugin before Django reads its settings."""

import os
import tempfile

_DATA = tempfile.mkdtemp(prefix="newsarchive-test-")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["NEWSARCHIVE_DATA_DIR"] = _DATA
os.environ["NEWSARCHIVE_SEARCH_SYNC_THREAD"] = "0"
# Request limits are off for the suite, servers it starts included; the
# rate-limit tests set their own.
os.environ.setdefault("NEWSARCHIVE_RATE_LIMIT_SEARCH", "off")
os.environ.setdefault("NEWSARCHIVE_RATE_LIMIT_API", "off")
