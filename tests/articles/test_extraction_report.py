"""The extraction report command scores the real pipeline against the seed gold."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article

DATA = Path(__file__).resolve().parents[1] / "data" / "extraction"


@pytest.mark.django_db
def test_report_is_perfect_on_the_seed_gold_and_touches_no_database(capsys):
    call_command(
        "extraction_report",
        "--gold",
        str(DATA / "gold.json"),
        "--texts",
        str(DATA / "in"),
        "--json",
    )
    report = json.loads(capsys.readouterr().out)
    for field in ("persons", "document_codes", "bylines"):
        assert report[field] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}, field
    assert report["event_date"]["accuracy"] == 1.0
    assert report["published"]["accuracy"] == 1.0
    assert report["errors"] == []
    assert Article.objects.count() == 0


def test_report_lists_misses_and_false_hits(tmp_path, capsys):
    gold = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))
    gold[0]["persons"].append("Nguyễn Văn Không Có")
    gold[0]["document_codes"] = gold[0]["document_codes"][1:]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    call_command("extraction_report", "--gold", str(path), "--texts", str(DATA / "in"))
    out = capsys.readouterr().out
    assert "persons" in out and "miss" in out and "false_hit" in out
    assert "Nguyễn Văn Không Có" in out


def test_report_refuses_a_missing_gold_file(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("extraction_report", "--gold", str(tmp_path / "none.json"))


@pytest.mark.django_db
def test_report_finds_the_texts_beside_the_gold_file(capsys):
    call_command("extraction_report", "--gold", str(DATA / "gold.json"), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["persons"]["f1"] == 1.0


def test_report_says_when_the_texts_are_missing(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text('[{"file": "absent.txt", "persons": []}]', encoding="utf-8")
    with pytest.raises(CommandError, match="Thiếu văn bản.*absent.txt"):
        call_command("extraction_report", "--gold", str(path))


def test_summary_leaves_the_per_file_errors_out(tmp_path, capsys):
    gold = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))
    gold[0]["persons"].append("Nguyễn Văn Không Có")
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    call_command(
        "extraction_report",
        "--gold",
        str(path),
        "--texts",
        str(DATA / "in"),
        "--summary",
        "--json",
    )
    report = json.loads(capsys.readouterr().out)
    assert "errors" not in report
    assert report["persons"]["recall"] < 1.0
    assert set(report["headline"]) >= {"exact", "derived_for_real", "real_for_none"}


@pytest.mark.django_db
def test_report_finds_the_real_dev_pages_beside_their_gold_file(capsys):
    # tests/data/extraction/real/dev keeps gold.json and its pages in one folder.
    call_command(
        "extraction_report",
        "--gold",
        str(DATA / "real" / "dev" / "gold.json"),
        "--json",
    )
    report = json.loads(capsys.readouterr().out)
    assert report["persons"]["f1"] > 0.9
    assert report["published"]["total"] > 0


def test_missing_texts_exit_two_with_the_folder_and_files(tmp_path):
    path = tmp_path / "gold.json"
    path.write_text('[{"file": "absent.txt", "persons": []}]', encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("extraction_report", "--gold", str(path))
    assert excinfo.value.returncode == 2
    message = str(excinfo.value)
    assert str(tmp_path) in message and "absent.txt" in message and "--texts" in message


def test_a_texts_folder_that_is_not_there_exits_two(tmp_path):
    with pytest.raises(CommandError, match="thư mục văn bản") as excinfo:
        call_command(
            "extraction_report",
            "--gold",
            str(DATA / "gold.json"),
            "--texts",
            str(tmp_path / "nowhere"),
        )
    assert excinfo.value.returncode == 2


@pytest.mark.parametrize("content", ["[]", "{}", "not json", '[{"persons": []}]'])
def test_an_empty_or_invalid_gold_file_exits_two_instead_of_scoring(tmp_path, content):
    path = tmp_path / "gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match="Tệp gold") as excinfo:
        call_command("extraction_report", "--gold", str(path))
    assert excinfo.value.returncode == 2


def test_the_command_line_exits_two_when_texts_are_missing(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "gold.json"
    path.write_text('[{"file": "absent.txt"}]', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "manage.py", "extraction_report", "--gold", str(path)],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "absent.txt" in proc.stderr and proc.stdout == ""
