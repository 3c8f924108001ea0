"""Score the search service on a judged query set, in a throwaway archive."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.progress import Progress, add_progress_argument, in_user_language
from search import relevance

BACKENDS = ("whoosh", "postgres")
DEFAULT_JUDGED = Path("tests") / "data" / "relevance" / "judged.json"


class Command(BaseCommand):
    help = (
        "Đo recall@k, MRR và nDCG@k của tìm kiếm trên tập truy vấn đã chấm tay "
        "(nạp các trang vào kho và chỉ mục tạm)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--judged",
            default=None,
            help=f"judged query set (default: {DEFAULT_JUDGED})",
        )
        parser.add_argument("--split", choices=("dev", "holdout", "all"), default="all")
        parser.add_argument("--k", type=int, default=10, help="cut-off (default 10)")
        parser.add_argument(
            "--backend",
            choices=BACKENDS,
            default=None,
            help="search backend (default: the configured one)",
        )
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--summary",
            action="store_true",
            help="figures overall and per kind only, without each query",
        )
        add_progress_argument(parser)
        parser.add_argument("--worker", help=argparse.SUPPRESS)
        parser.add_argument("--progress-mode", help=argparse.SUPPRESS)

    @in_user_language
    def handle(self, *args, **options):
        judged = Path(options["judged"] or Path(settings.BASE_DIR) / DEFAULT_JUDGED)
        k = options["k"]
        if k < 1:
            raise CommandError(_("--k phải là số nguyên dương."))
        if options["worker"]:
            return self._work(Path(options["worker"]), judged, options)
        backend = options["backend"] or settings.SEARCH_BACKEND
        if backend not in BACKENDS:
            raise CommandError(
                _("Không biết chỉ mục tìm kiếm “%(name)s”.") % {"name": backend}
            )
        mode = Progress.for_command(self, options).mode
        started = time.monotonic()
        try:
            report = relevance.run_isolated(
                judged, backend, options["split"], k, progress_mode=mode
            )
        except relevance.JudgedSetError as exc:
            raise CommandError(
                _("Tập truy vấn đã chấm không dùng được: %(reason)s") % {"reason": exc}
            ) from exc
        except relevance.RelevanceRunError as exc:
            raise CommandError(
                _("Không chạy được phép đo: %(reason)s") % {"reason": exc}
            ) from exc
        report = {
            "commit": relevance.source_commit(settings.BASE_DIR),
            **report,
            "seconds": round(time.monotonic() - started, 1),
        }
        if options["summary"]:
            report.pop("queries")
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=1))
        else:
            self.stdout.write("\n".join(describe(report)))

    def _work(self, out: Path, judged: Path, options) -> None:
        progress = Progress(self.stderr._out, options.get("progress_mode") or "off")
        try:
            relevance.work(out, judged, options["split"], options["k"], progress)
        except (relevance.JudgedSetError, relevance.RelevanceRunError) as exc:
            raise CommandError(str(exc)) from exc
        finally:
            progress.close()


def describe(report: dict) -> list[str]:
    """Return the report as lines of text in the active language."""
    k = report["k"]
    recall, ndcg = f"recall_at_{k}", f"ndcg_at_{k}"

    def figures(item: dict) -> str:
        return (
            f"recall@{k} {item[recall]:.3f}  MRR {item['mrr']:.3f}"
            f"  nDCG@{k} {item[ndcg]:.3f}"
        )

    lines = [
        _("Chỉ mục %(backend)s, tập %(split)s: %(queries)d truy vấn trên %(pages)d bài")
        % {
            "backend": report["backend"],
            "split": report["split"],
            "queries": report["query_count"],
            "pages": report["pages"],
        },
        figures(report),
        "",
        _("Theo loại truy vấn:"),
    ]
    for kind, item in report["by_kind"].items():
        lines.append(f"  {kind:14} {item['queries']:3d}  {figures(item)}")
    if "queries" not in report:  # --summary
        return lines
    lines += ["", _("Từng truy vấn (hạng của mỗi bài liên quan):")]
    for item in report["queries"]:
        found = ", ".join(
            f"{name} {rank if rank is not None else '—'}"
            for name, rank in item["ranks"].items()
        )
        mark = "  " if not item["misses"] else "✗ "
        hits = _("%(n)d kết quả") % {"n": item["count"]}
        lines.append(
            f"{mark}{item['id']} [{item['kind']}/{item['split']}] {item['query']}"
            f"  ({hits})"
        )
        lines.append(f"      {found}")
    return lines
