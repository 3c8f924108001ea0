"""Run the search index writer in the foreground (a service beside the web server)."""

import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from search.indexing import sync


class Command(BaseCommand):
    help = (
        "Áp dụng các cập nhật chỉ mục đang chờ rồi tiếp tục chờ cập nhật mới "
        "(dừng bằng SIGTERM/SIGINT); --once áp dụng xong thì thoát."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="apply what is queued and exit"
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="seconds between looks at the queue when no save wakes the "
            "writer (default 1)",
        )

    def handle(self, *args, once: bool, interval: float, **options):
        if once:
            try:
                applied = sync.flush()
            except Exception as exc:
                raise CommandError(
                    f"Không áp dụng được các cập nhật đang chờ: {exc}"
                ) from exc
            self.stdout.write(f"{applied} cập nhật đã áp dụng.")
            return
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()  # the batch being written finishes first
            sync.wake_local()  # out of its wait for a notification

        previous = {
            sig: signal.signal(sig, request_stop)
            for sig in (signal.SIGTERM, signal.SIGINT)
        }
        self.stdout.write(
            "Bộ ghi chỉ mục đang chạy: áp dụng ngay mỗi lần lưu, "
            f"xem lại hàng đợi mỗi {interval} s."
        )
        self.stdout.flush()
        try:
            sync.run_writer(
                stop,
                interval=interval,
                on_applied=lambda n: self._say(f"{n} cập nhật đã áp dụng."),
            )
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Bộ ghi chỉ mục đã dừng.")

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
