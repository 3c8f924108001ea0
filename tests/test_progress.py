"""Long commands show progress: a bar on a terminal, sparse lines elsewhere."""

from __future__ import annotations

import fcntl
import io
import json
import os
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from articles.progress import Progress, duration, import_summary, start_phase

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "fixtures" / "raw"
BAR = ("█", "\r", "|")


def assert_plain_lines(text: str) -> list[str]:
    """Every line is plain text: no bar characters, no carriage returns."""
    for char in BAR:
        assert char not in text, text
    return [line for line in text.splitlines() if line]


# --- the Progress object --------------------------------------------------------


def test_lines_mode_prints_a_line_per_phase_and_per_ten_percent():
    out = io.StringIO()
    progress = Progress(out, "lines")
    progress.phase("indexing", 200)
    for _n in range(200):
        progress.advance()
    progress.phase("swapping")
    progress.close()
    lines = assert_plain_lines(out.getvalue())
    counted = [line for line in lines if line.startswith("[lập chỉ mục]")]
    assert counted[0].startswith("[lập chỉ mục] 0/200 bài (0%)")
    assert counted[-1].startswith("[lập chỉ mục] 200/200 bài (100%)")
    assert len(counted) == 11  # the start, then one per 10 %
    assert "bài/giây" in counted[-1] and "đã qua 0:00" in counted[-1]
    assert lines[-1].startswith("[hoán đổi]")


def test_progress_takes_absolute_counts_and_plain_callables_still_work():
    out = io.StringIO()
    progress = Progress(out, "lines")
    progress.phase("reading", 4, unit="files")
    progress(2)
    progress(4)
    assert progress.done == 4
    assert "4/4 tệp (100%)" in out.getvalue()
    seen = []
    start_phase(seen.append, "indexing", 3)  # no phases: ignored
    assert seen == []


def test_off_mode_prints_nothing():
    out = io.StringIO()
    progress = Progress(out, "off")
    progress.phase("indexing", 10)
    progress(10)
    progress.close()
    assert out.getvalue() == ""


def test_bar_mode_reaches_its_total():
    out = io.StringIO()
    progress = Progress(out, "bar")
    progress.phase("indexing", 50)
    for _n in range(50):
        progress.advance()
    progress.close()
    assert "50/50" in out.getvalue() and "100%" in out.getvalue()


def test_summaries_speak_english_with_the_english_locale():
    with translation.override("en"):
        assert duration(1.25) == "1.2 s" or duration(1.25) == "1.3 s"
        line = Progress(io.StringIO())
        assert line  # the object itself needs no language
    with translation.override("vi"):
        assert duration(2) == "2,0 giây"


# --- commands on a non-terminal (pytest captures stdout and stderr) ---------------


@pytest.mark.django_db
def test_import_articles_prints_lines_and_a_vietnamese_summary(capsys):
    call_command("import_articles", str(RAW))
    captured = capsys.readouterr()
    err = assert_plain_lines(captured.err)
    assert err[0] == err[0] and any(
        line.startswith("[đọc] 5/5 tệp (100%)") for line in err
    )
    assert_plain_lines(captured.out)
    last = captured.out.strip().splitlines()[-1]
    assert re.match(r"Xong sau [\d,]+ giây — tệp đã đọc: 5, bài mới: 5", last), last


@pytest.mark.django_db
def test_import_articles_json_stays_pure_and_the_summary_names_failures(
    tmp_path, capsys
):
    (tmp_path / "rong.txt").write_bytes(b"")
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path), "--json")
    captured = capsys.readouterr()
    assert json.loads(captured.out)["failed"][0]["path"].endswith("rong.txt")
    err = assert_plain_lines(captured.err)
    assert "1 tệp lỗi, xem ở trên" in err[-1]


@pytest.mark.django_db
def test_no_progress_turns_the_lines_off(capsys):
    call_command("import_articles", str(RAW), "--json", "--no-progress")
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "[đọc]" not in captured.err
    assert captured.err.strip().startswith("Xong sau")


@pytest.mark.django_db
def test_the_english_locale_gets_an_english_summary(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    call_command("import_articles", str(RAW))
    captured = capsys.readouterr()
    assert "[reading] 5/5 files (100%)" in captured.err
    assert "Done in" in captured.out and "new articles: 5" in captured.out


@pytest.fixture
def imported(db):
    call_command("import_articles", str(RAW), "--no-progress", stdout=io.StringIO())


def test_extract_metadata_all_prints_lines_and_json_stays_pure(imported, capsys):
    call_command("extract_metadata", "--all", "--json")
    captured = capsys.readouterr()
    assert json.loads(captured.out)["articles"] == 5
    err = assert_plain_lines(captured.err)
    assert any(line.startswith("[trích xuất] 5/5 bài (100%)") for line in err)
    assert err[-1].startswith("Xong sau") and "bài đã trích xuất: 5" in err[-1]


def test_rebuild_index_ends_with_a_summary(imported, capsys):
    call_command("rebuild_index", interactive=False)
    captured = capsys.readouterr()
    err = assert_plain_lines(captured.err)
    assert any(line.startswith("[lập chỉ mục] 5/5 bài (100%)") for line in err)
    phases = [line.split("]")[0] for line in err]
    assert (
        phases.index("[đọc") < phases.index("[lập chỉ mục") < phases.index("[hoán đổi")
    )
    assert "đã lập chỉ mục 5 bài vào" in captured.out
    assert "Tìm kiếm đã dùng chỉ mục mới." in captured.out


def test_rebuild_search_keeps_json_on_stdout(imported, capsys):
    call_command("rebuild_search", "--procs", "1")
    captured = capsys.readouterr()
    assert json.loads(captured.out)["articles"] == 5
    err = assert_plain_lines(captured.err)
    assert err[-1].startswith("Xong sau")


def test_drain_search_queue_reports_the_backlog(imported, capsys):
    from search.indexing import sync
    from search.models import PendingUpdate

    PendingUpdate.objects.bulk_create(
        [PendingUpdate(article_id=pk, action="update") for pk in range(1, 6)]
    )
    assert sync.pending_count() == 5
    call_command("drain_search_queue")
    captured = capsys.readouterr()
    err = assert_plain_lines(captured.err)
    assert err and err[-1].startswith("[lập chỉ mục] 5/5 bài (100%)")
    assert "5 cập nhật đã áp dụng" in captured.out


def test_check_index_repair_keeps_json_and_summarises_on_stderr(imported, capsys):
    from articles.models import Article
    from search.backends import get_backend

    # Imports inside the test's transaction queue nothing (on_commit never
    # runs): start from an index that holds exactly the database's articles.
    get_backend().rebuild(procs=1)
    get_backend().write([], [Article.objects.order_by("pk").first().pk])
    call_command("check_index", "--repair")
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["missing_count"] == 1 and report["repaired"]
    err = assert_plain_lines(captured.err)
    assert err[-1].startswith("Xong sau") and "đã thêm vào chỉ mục: 1" in err[-1]
    call_command("check_index", "--repair", "--no-progress")
    assert "[" not in capsys.readouterr().err


# --- the admin upload ----------------------------------------------------------


@pytest.mark.django_db
def test_admin_upload_shows_the_summary_and_the_failed_files(client, django_user_model):
    from django.core.files.uploadedfile import SimpleUploadedFile

    editor = django_user_model.objects.create_user(
        "editor", password="x-9Kq!long-enough", is_staff=True, is_superuser=True
    )
    client.force_login(editor)
    seed = sorted(RAW.glob("*.txt"))[0]
    uploads = [
        SimpleUploadedFile(seed.name, seed.read_bytes()),
        SimpleUploadedFile("rong.txt", b""),
    ]
    response = client.post(reverse("admin:articles_article_upload"), {"files": uploads})
    page = response.content.decode()
    summary = response.context["summary"]
    assert summary.startswith("Xong sau") and "bài mới: 1" in summary
    assert "1 tệp lỗi, xem danh sách bên dưới" in summary
    assert summary in page
    assert '<table class="import-failures">' in page
    assert "<td>rong.txt</td>" in page


def test_import_summary_without_failures_suggests_nothing():
    class Report:
        files, created, duplicates, failed = 2, 2, 0, []

    line = import_summary(Report(), 0.5)
    assert (
        line
        == "Xong sau 0,5 giây — tệp đã đọc: 2, bài mới: 2, bài trùng bỏ qua: 0, lỗi: 0."
    )


# --- a real terminal: the bar, driven under a pseudo-terminal -------------------


def run_in_pty(data_dir: Path, *args: str) -> tuple[int, str, str]:
    """Run manage.py with stderr on a pseudo-terminal; return rc, stdout, terminal."""
    env = dict(
        os.environ,
        NEWSARCHIVE_DATA_DIR=str(data_dir),
        DATABASE_URL="",
        DJANGO_DEBUG="1",
        NEWSARCHIVE_SEARCH_SYNC_THREAD="0",
        COLUMNS="100",
    )
    leader, follower = os.openpty()
    # A fresh pseudo-terminal is 0 columns wide; give it a real size.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    out = proc.stdout.read().decode()
    proc.wait(timeout=300)
    os.close(leader)
    return proc.returncode, out, b"".join(chunks).decode(errors="replace")


@pytest.mark.slow
def test_import_and_rebuild_draw_a_bar_that_reaches_its_total(tmp_path):
    env_dir = tmp_path / "data"
    env_dir.mkdir()
    rc, _out, term = run_in_pty(env_dir, "migrate", "--noinput", "-v", "0")
    assert rc == 0, term
    rc, out, term = run_in_pty(env_dir, "import_articles", str(RAW))
    assert rc == 0, term
    assert "\r" in term and "█" in term
    assert re.search(r"đọc: 100%\|█+\| 5/5 \[", term), term
    assert "Xong sau" in out and "bài mới: 5" in out
    rc, out, term = run_in_pty(env_dir, "rebuild_index", "--noinput")
    assert rc == 0, term
    assert re.search(r"lập chỉ mục: 100%\|█+\| 5/5 \[", term), term
    assert "bài/s" in term  # the rate
    assert "hoán đổi" in term
    assert "đã lập chỉ mục 5 bài" in out
    rc, out, term = run_in_pty(env_dir, "rebuild_index", "--noinput", "--no-progress")
    assert rc == 0 and "█" not in term and "đã lập chỉ mục 5 bài" in out


@pytest.mark.slow
def test_bench_search_draws_its_phases_and_keeps_json_pure(tmp_path):
    """The measuring child draws on the parent's terminal; stdout stays JSON."""
    keep = tmp_path / "keep"
    rc, out, term = run_in_pty(
        tmp_path, "bench_search", "--articles", "40", "--json", "--keep", str(keep)
    )
    assert rc == 0, term
    json.loads(out)
    assert re.search(r"lập chỉ mục: 100%\|█+\| 40/40 \[", term), term
    assert re.search(r"đo truy vấn: 100%\|█+\| (\d+)/\1 \[", term), term
    assert "Xong sau" in term and "đo 40 bài" in term


def test_bench_search_without_a_terminal_prints_lines_or_nothing(tmp_path, capfd):
    out = io.StringIO()
    call_command(
        "bench_search",
        "--articles",
        "30",
        "--json",
        "--keep",
        str(tmp_path),
        stdout=out,
    )
    json.loads(out.getvalue())
    err = capfd.readouterr().err
    lines = assert_plain_lines(err)
    assert any(line.startswith("[đo truy vấn]") and "100%" in line for line in lines)
    assert lines[-1].startswith("Xong sau")
    call_command(
        "bench_search",
        "--articles",
        "30",
        "--json",
        "--keep",
        str(tmp_path),
        "--no-progress",
        stdout=io.StringIO(),
    )
    assert capfd.readouterr().err.strip() == ""
