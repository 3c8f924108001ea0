"""Posts, holdings and terms derived from the demo seeds and from edits."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from articles.models import (
    Article,
    ArticleTerm,
    Holding,
    HoldingState,
    Person,
    Position,
    PositionAlias,
    PositionEvent,
    PositionMention,
)
from articles.positions import read_title
from articles.positions_derive import derive_all, merge_positions, position_for
from articles.services import extract_article

pytestmark = pytest.mark.django_db
HEAD = "Trưởng Ban Tổ chức Trung ương"


@pytest.fixture
def demo(db):
    call_command("load_demo", verbosity=0)


def holding(name: str, post: str) -> Holding:
    return Holding.objects.get(person__name=name, position__name=post)


def test_mai_heads_the_commission_from_2022_to_2023_then_hung(demo):
    mai = holding("Trương Thị Mai", HEAD)
    assert (mai.first_seen, mai.last_seen) == (date(2022, 1, 12), date(2023, 12, 28))
    assert mai.state == HoldingState.SUCCEEDED
    assert mai.successor.name == "Lê Minh Hưng"
    hung = holding("Lê Minh Hưng", HEAD)
    assert hung.first_seen.year == 2024 and hung.state == HoldingState.CURRENT
    chinh = holding("Phạm Minh Chính", HEAD)
    assert chinh.first_seen == date(2019, 12, 2)
    assert chinh.successor.name == "Trương Thị Mai"
    assert chinh.end == date(2022, 1, 12)


def test_mai_is_standing_secretary_from_2023_12_28(demo):
    standing = holding("Trương Thị Mai", "Thường trực Ban Bí thư")
    assert standing.first_seen == date(2023, 12, 28)
    assert "tổng kết công tác năm 2023" in standing.first_article.title
    assert standing.state == HoldingState.CURRENT


def test_the_spellings_of_the_seeds_make_one_post(demo):
    # Seed 004 writes `Trưởng Ban Tổ chức T.Ư`, the others `Trung ương`.
    heads = Position.objects.filter(name=HEAD)
    assert heads.count() == 1
    assert (
        PositionMention.objects.filter(position=heads.get())
        .values("article")
        .distinct()
        .count()
        == 4
    )
    assert not Position.objects.filter(name__icontains="T.Ư").exists()


def test_the_memberships_and_local_posts_of_the_seeds(demo):
    politburo = Position.objects.get(name="Ủy viên Bộ Chính trị")
    assert politburo.kind == "membership" and politburo.body_kind == "politburo"
    hanoi = Position.objects.get(name="Trưởng Ban Tổ chức Thành ủy Hà Nội")
    assert hanoi.place == "Hà Nội"
    assert Holding.objects.filter(position=hanoi, person__name="Vũ Đức Bảo").exists()


def test_every_demo_article_has_a_term(demo):
    terms = dict(ArticleTerm.objects.values_list("article__event_date__year", "term"))
    assert ArticleTerm.objects.count() == Article.objects.count() == 5
    assert terms == {2017: 12, 2019: 12, 2022: 13, 2023: 13, 2024: 13}
    # 2023-12-28 names khóa XIII and XIV: the term of its date.
    named = ArticleTerm.objects.get(article__event_date__year=2023)
    assert (named.term, named.from_text) == (13, True)


def test_deriving_again_changes_nothing(demo):
    def state():
        return (
            sorted(Position.objects.values_list("key", "name", "body", "slug")),
            sorted(
                Holding.objects.values_list(
                    "person__name", "position__key", "first_seen", "last_seen", "state"
                )
            ),
            sorted(PositionEvent.objects.values_list("person__name", "kind", "date")),
            sorted(ArticleTerm.objects.values_list("article_id", "term")),
        )

    before = state()
    derive_all()
    for article in Article.objects.all():
        extract_article(article)
    assert state() == before


def test_a_renamed_post_keeps_its_name_through_reextraction(demo):
    head = Position.objects.get(name=HEAD)
    head.name, head.is_manual = "Trưởng Ban Tổ chức Trung ương Đảng", True
    head.save()
    for article in Article.objects.all():
        extract_article(article)
    head.refresh_from_db()
    assert head.name == "Trưởng Ban Tổ chức Trung ương Đảng"
    assert Holding.objects.filter(position=head).count() == 3


def test_a_merged_post_stays_merged_after_reextraction(demo):
    deputy = Position.objects.get(
        name="Phó Trưởng Ban Thường trực Ban Tổ chức Trung ương"
    )
    head = Position.objects.get(name=HEAD)
    merge_positions(head, [deputy])
    assert PositionAlias.objects.filter(position=head, key=deputy.key).exists()
    assert not Position.objects.filter(pk=deputy.pk).exists()
    for article in Article.objects.all():
        extract_article(article)
    assert not Position.objects.filter(key=deputy.key).exists()
    assert Holding.objects.filter(position=head, person__name="Mai Văn Chính").exists()


def test_a_hand_made_holding_survives(demo):
    head = Position.objects.get(name=HEAD)
    mai = holding("Trương Thị Mai", HEAD)
    mai.started_on, mai.start, mai.is_manual = date(2021, 4, 1), date(2021, 4, 1), True
    mai.save()
    derive_all()
    mai.refresh_from_db()
    assert mai.start == date(2021, 4, 1) and mai.is_manual
    assert Holding.objects.filter(position=head).count() == 3


def test_position_for_finds_a_post_through_its_alias(db):
    post = read_title(HEAD).post
    target = Position.objects.create(key="khac", name="Trưởng Ban Tổ chức")
    PositionAlias.objects.create(position=target, name=HEAD, key=post.key)
    assert position_for(post) == target


def test_removing_an_official_removes_their_evidence(demo):
    article = Article.objects.get(event_date__year=2024)
    hung = Person.objects.get(name="Lê Minh Hưng")
    article.mentions.filter(person=hung).delete()
    from articles.positions_derive import derive_article

    derive_article(article)
    assert not Holding.objects.filter(person=hung, position__name=HEAD).exists()
    mai = holding("Trương Thị Mai", HEAD)
    assert mai.state == HoldingState.CURRENT and mai.successor is None


def test_merging_people_moves_their_holdings(demo):
    from articles.services import merge_people

    mai = Person.objects.get(name="Trương Thị Mai")
    twin = Person.objects.create(name="Trương Thị Mai (bản sao)")
    article = Article.objects.get(event_date__year=2022)
    article.mentions.filter(person=mai).update(person=twin)
    from articles.positions_derive import derive_article

    derive_article(article)
    assert holding("Trương Thị Mai", HEAD).first_seen == date(2023, 12, 28)
    merge_people(mai, [twin])
    assert holding("Trương Thị Mai", HEAD).first_seen == date(2022, 1, 12)
