"""Editors correct posts in the admin: rename, merge, hand-made holdings."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Holding, Position, PositionAlias

pytestmark = pytest.mark.django_db
HEAD = "Trưởng Ban Tổ chức Trung ương"


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user(
        "editor", password="x-9Kq!long-enough", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def test_position_pages_of_the_admin_open(editor, demo):
    head = Position.objects.get(name=HEAD)
    for url in (
        reverse("admin:articles_position_changelist"),
        reverse("admin:articles_position_change", args=[head.pk]),
        reverse("admin:articles_holding_changelist"),
        reverse("admin:articles_positionevent_changelist"),
        reverse("admin:articles_articleterm_changelist"),
    ):
        assert editor.get(url).status_code == 200, url
    listing = editor.get(
        reverse("admin:articles_position_changelist"), {"q": "to chuc"}
    )
    assert HEAD in listing.content.decode()


def test_renaming_a_post_in_the_admin_marks_it_corrected(editor, demo):
    head = Position.objects.get(name=HEAD)
    url = reverse("admin:articles_position_change", args=[head.pk])
    form = editor.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        name="Trưởng Ban Tổ chức Trung ương Đảng",
        is_single="on",
        **{
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "holdings-TOTAL_FORMS": "0",
            "holdings-INITIAL_FORMS": "0",
        },
    )
    data.pop("is_manual", None)
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    head.refresh_from_db()
    assert head.name == "Trưởng Ban Tổ chức Trung ương Đảng" and head.is_manual
    assert head.slug == "truong-ban-to-chuc-trung-uong"  # addresses stay
    call_command("derive_positions", "--no-progress", verbosity=0)
    head.refresh_from_db()
    assert head.name == "Trưởng Ban Tổ chức Trung ương Đảng"


def test_the_merge_action_keeps_the_post_with_most_evidence(editor, demo):
    head = Position.objects.get(name=HEAD)
    deputy = Position.objects.get(name__startswith="Phó Trưởng Ban Thường trực Ban Tổ")
    response = editor.post(
        reverse("admin:articles_position_changelist"),
        {"action": "merge_selected", "_selected_action": [head.pk, deputy.pk]},
    )
    assert response.status_code == 302
    assert not Position.objects.filter(pk=deputy.pk).exists()
    assert PositionAlias.objects.get(key=deputy.key).position == head


def test_derive_positions_prints_counts_as_json(demo, capsys):
    call_command("derive_positions", "--json", "--no-progress")
    counts = json.loads(capsys.readouterr().out)
    assert counts["articles"] == 5
    assert counts["holdings"] == Holding.objects.count() > 10


def test_derive_positions_says_which_articles_are_missing(demo):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="99999"):
        call_command("derive_positions", "--article", "99999", "--no-progress")
