"""Test environment, loaded as a plugin before Django reads its settings."""

import os
import tempfile

_DATA = tempfile.mkdtemp(prefix="newsarchive-test-")
os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ["NEWSARCHIVE_DATA_DIR"] = _DATA
os.environ["NEWSARCHIVE_SEARCH_SYNC_THREAD"] = "0"
