"""A file-based cache whose counters every process of the machine shares exactly.

Django's FileBasedCache reads and rewrites a value in two steps, so two gunicorn
workers counting the same client at once can lose an increment; the request
limits (`newsarchive.ratelimit`) count with `add` and `incr`, which here hold an
exclusive lock on one file in the cache folder for the few microseconds they take.
Full folders drop expired entries before Django's random cull drops live ones.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import tempfile
import zlib

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.filebased import FileBasedCache
from django.core.files import locks


class LockingFileBasedCache(FileBasedCache):
    """FileBasedCache with atomic `add` and `incr` across processes."""

    lock_name = "counters.lock"

    @contextlib.contextmanager
    def _locked(self):
        self._createdir()
        with open(os.path.join(self._dir, self.lock_name), "ab") as lock_file:
            locks.lock(lock_file, locks.LOCK_EX)
            try:
                yield
            finally:
                locks.unlock(lock_file)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        with self._locked():
            return super().add(key, value, timeout, version)

    def incr(self, key, delta=1, version=None):
        fname = self._key_to_file(key, version)
        with self._locked():
            try:
                with open(fname, "rb") as f:
                    expired = self._is_expired(f)
                    if not expired:
                        deadline, value = self._read_expiry_and_value(f)
            except FileNotFoundError:
                expired = True
            if expired:
                raise ValueError(f"Key '{key}' not found")
            new_value = value + delta
            # Keep the entry's own expiry: a counter's window does not grow.
            self._write_at(fname, deadline, new_value)
            return new_value

    def _read_expiry_and_value(self, f):
        f.seek(0)
        deadline = pickle.load(f)
        return deadline, pickle.loads(zlib.decompress(f.read()))

    def _write_at(self, fname, deadline, value) -> None:
        fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        try:
            with open(fd, "wb") as f:
                f.write(pickle.dumps(deadline, self.pickle_protocol))
                f.write(zlib.compress(pickle.dumps(value, self.pickle_protocol)))
            os.replace(tmp_path, fname)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(tmp_path)
            raise

    def _cull(self):
        if len(self._list_cache_files()) >= self._max_entries:
            for fname in self._list_cache_files():
                with contextlib.suppress(FileNotFoundError), open(fname, "rb") as f:
                    self._is_expired(f)  # deletes the file when expired
        super()._cull()
