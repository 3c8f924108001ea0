"""fixtures/demo.json is what the importer produces today from fixtures/raw/."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.demo import demo_fixture_data
from articles.importing import import_paths
from articles.models import Article
from articles.services import after_import

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo.json"


def test_demo_fixture_matches_a_fresh_import_of_the_raw_pages(raw_dir):
    report = import_paths(
        [raw_dir], max_page_bytes=20 * 1024 * 1024, after_save=after_import
    )
    assert report.ok and report.created == 5
    committed = json.loads(DEMO.read_text(encoding="utf-8"))
    assert demo_fixture_data() == committed, "run `make fixtures` and commit the result"


def test_demo_fixture_loads(db):
    call_command("loaddata", "demo", verbosity=0)
    assert Article.objects.count() == 5
