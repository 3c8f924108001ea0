"""Wake the index writers of every process as soon as rows are queued.

Each waiting writer (the background thread of a web process, `search_worker`)
owns a named pipe in `.writers/` beside the index; whoever queues rows writes
one byte into every pipe there, so a save in one process is picked up by a
writer in another at once, not at that writer's next look at the queue. The
pipe is also opened for writing by its owner, so an empty pipe never reads as
end-of-file, and a notifier opening one whose owner died gets ENXIO (nobody
reads it) and removes it. A byte already waiting is enough: a full pipe is not
an error. Nothing here is needed for correctness: writers still look at the
queue every few seconds, and a lost byte only costs that wait.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import secrets
import select
from pathlib import Path

log = logging.getLogger(__name__)
FOLDER = ".writers"


def folder() -> Path:
    """Return the folder of the writers' pipes (beside the index generations)."""
    from ..backends.whoosh.store import root_path

    return root_path() / FOLDER


class Listener:
    """A writer's pipe: `wait` returns as soon as anyone calls `notify`."""

    def __init__(self, where: Path | None = None) -> None:
        self.folder = where or folder()
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{os.getpid()}-{secrets.token_hex(4)}"
        # Made under a hidden name and renamed once open: a notifier meeting a
        # pipe nobody reads yet would take it for a dead writer's and remove it.
        hidden = self.folder / f".{name}"
        os.mkfifo(hidden, 0o600)
        self._read = os.open(hidden, os.O_RDONLY | os.O_NONBLOCK)
        # Our own writing end: without one the pipe reads as end-of-file
        # (select says readable) whenever no notifier has it open.
        self._write = os.open(hidden, os.O_WRONLY | os.O_NONBLOCK)
        self.path = self.folder / name
        os.replace(hidden, self.path)

    def wait(self, timeout: float) -> bool:
        """Wait up to timeout seconds for a notification; return whether one came.

        Every byte waiting is consumed: one look at the queue answers them all.
        """
        if self._read < 0:
            return False
        ready, _, _ = select.select([self._read], [], [], max(0.0, timeout))
        if not ready:
            return False
        with contextlib.suppress(BlockingIOError):
            while os.read(self._read, 4096):
                pass
        return True

    def poke(self) -> None:
        """Wake this listener (a stop request, a save in this process)."""
        if self._write >= 0:
            with contextlib.suppress(BlockingIOError):
                os.write(self._write, b"!")

    def close(self) -> None:
        for fd in (self._read, self._write):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._read = self._write = -1
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def notify(where: Path | None = None) -> int:
    """Wake every listening writer; return how many pipes were written to."""
    try:
        where = where or folder()
        names = os.listdir(where)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    except Exception:  # no index configured: nobody to wake
        log.debug("No writers' folder to notify", exc_info=True)
        return 0
    woken = 0
    for name in names:
        if name.startswith("."):
            continue
        path = where / name
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except FileNotFoundError:
            continue
        except OSError as exc:
            if exc.errno == errno.ENXIO:  # its writer died: nobody reads it
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
            continue
        try:
            os.write(fd, b"!")
        except BlockingIOError:
            pass  # a byte is already waiting
        except OSError:
            continue
        finally:
            os.close(fd)
        woken += 1
    return woken
