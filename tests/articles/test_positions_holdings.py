"""Holdings of a post dated from its evidence: starts, ends, successions."""

from __future__ import annotations

from datetime import date

from articles.positions_holdings import EventEvidence, Evidence, HoldingState, holdings

MAI, HUNG, CHINH = 1, 2, 3
TODAY = date(2025, 6, 1)


def test_a_single_post_ends_where_the_next_holder_starts():
    evidence = [
        Evidence(CHINH, date(2019, 12, 2), 10),
        Evidence(MAI, date(2022, 1, 12), 11),
        Evidence(MAI, date(2023, 12, 28), 12),
        Evidence(HUNG, date(2024, 7, 4), 13),
    ]
    found = {h.person: h for h in holdings(evidence, single=True, today=TODAY)}
    mai = found[MAI]
    assert (mai.first_seen, mai.last_seen) == (date(2022, 1, 12), date(2023, 12, 28))
    assert (mai.first_article, mai.last_article) == (11, 12)
    assert (mai.state, mai.successor, mai.end) == (
        HoldingState.SUCCEEDED,
        HUNG,
        date(2024, 7, 4),
    )
    assert found[CHINH].successor == MAI and found[CHINH].end == date(2022, 1, 12)
    assert found[HUNG].state == HoldingState.CURRENT and found[HUNG].end is None


def test_holders_of_a_shared_post_do_not_end_each_other():
    evidence = [Evidence(1, date(2020, 1, 1), 1), Evidence(2, date(2022, 1, 1), 2)]
    found = holdings(evidence, single=False, today=TODAY)
    assert all(h.state == HoldingState.CURRENT and h.end is None for h in found)


def test_a_former_mention_after_the_last_current_one_ends_the_holding():
    evidence = [
        Evidence(1, date(2018, 5, 1), 1),
        Evidence(1, date(2020, 3, 1), 2, former=True),
        Evidence(1, date(2016, 1, 1), 3, former=True),  # before: not an end
    ]
    (spec,) = holdings(evidence, today=TODAY)
    assert spec.state == HoldingState.FORMER
    assert spec.former_seen == date(2020, 3, 1)
    assert spec.end == date(2020, 3, 1)
    assert spec.article_count == 3


def test_only_former_mentions_give_a_former_holding_without_a_start():
    (spec,) = holdings([Evidence(1, date(2021, 1, 1), 1, former=True)], today=TODAY)
    assert (spec.start, spec.first_seen, spec.state) == (
        None,
        None,
        HoldingState.FORMER,
    )


def test_an_appointment_starts_and_a_dismissal_ends_the_holding():
    evidence = [Evidence(1, date(2020, 6, 1), 1)]
    events = [
        EventEvidence(1, "appointed", date(2020, 5, 20), 2),
        EventEvidence(1, "dismissed", date(2021, 2, 1), 3),
        EventEvidence(1, "disciplined", date(2020, 9, 1), 4, form="warning"),
    ]
    (spec,) = holdings(evidence, events, single=True, today=TODAY)
    assert spec.started_on == date(2020, 5, 20) == spec.start
    assert spec.ended_on == date(2021, 2, 1) == spec.end
    assert spec.state == HoldingState.FORMER


def test_a_removal_ends_a_holding_a_warning_does_not():
    evidence = [Evidence(1, date(2020, 6, 1), 1)]
    warned = holdings(
        evidence, [EventEvidence(1, "disciplined", date(2021, 1, 1), 2, "warning")]
    )
    removed = holdings(
        evidence, [EventEvidence(1, "disciplined", date(2021, 1, 1), 2, "removal")]
    )
    assert warned[0].state == HoldingState.CURRENT
    assert removed[0].state == HoldingState.FORMER


def test_a_membership_ends_with_its_term_unless_seen_again():
    seen_once = [Evidence(1, date(2018, 1, 1), 1)]
    (spec,) = holdings(seen_once, term_bound=True, today=TODAY)
    assert spec.end == date(2021, 1, 25)
    assert spec.state == HoldingState.TERM_ENDED
    seen_again = [*seen_once, Evidence(1, date(2022, 1, 1), 2)]
    (spec,) = holdings(seen_again, term_bound=True, today=TODAY)
    assert spec.end == date(2026, 1, 19)
    assert spec.state == HoldingState.CURRENT


def test_undated_mentions_count_but_do_not_date():
    (spec,) = holdings([Evidence(1, None, 1), Evidence(1, date(2020, 1, 1), 2)])
    assert spec.article_count == 2
    assert spec.first_seen == spec.last_seen == date(2020, 1, 1)
