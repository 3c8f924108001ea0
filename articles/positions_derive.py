"""Posts, holdings, events and Party terms derived from the stored articles.

`derive_article` is the one place that writes them for an article: extraction
calls it after saving the article's officials (`services.extract_article`),
the demo loader after loading them, and `derive_positions` for every article.
It reads only what is stored (the text, the officials' title phrases, the
dates), so better extraction improves it without a change here, and running
it again gives the same rows.

Editors' work survives: a post marked `is_manual` keeps its name, body and
rank; a merged post's key stays as an alias of the post it was merged into,
so the same phrases find that post again; holdings and events entered by hand
(`is_manual`) are never replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count

from . import positions, positions_holdings, positions_reading, positions_terms
from .models import (
    Article,
    ArticleDate,
    ArticleTerm,
    BodyKind,
    Holding,
    MentionState,
    Person,
    Position,
    PositionAlias,
    PositionEvent,
    PositionKind,
    PositionMention,
    TermReference,
)

#: Memberships that last one term of the Central Committee.
TERM_BOUND = frozenset(
    {BodyKind.POLITBURO, BodyKind.SECRETARIAT, BodyKind.CENTRAL_COMMITTEE}
)


def article_text(article: Article) -> str:
    """Return the text posts are read from: title, lead, body and captions."""
    return "\n\n".join(
        p for p in (article.title, article.lead, article.body, article.captions) if p
    )


def evidence_day(article: Article) -> date | None:
    """Return the day an article shows its officials in post: the event it
    reports, else its publication (`Ngày 2-12 …` published on the 3rd: the 2nd)."""
    return article.event_date or article.date


def _post_fields(post: positions.Post) -> dict:
    return {
        "name": post.name[:300],
        "rank": post.rank[:100],
        "rank_order": post.order,
        "body": post.body[:300],
        "body_kind": post.body_kind,
        "place": post.place[:100],
        "kind": post.kind,
        "is_single": post.single,
    }


def position_for(post: positions.Post) -> Position:
    """Return the Position of a normalised post, creating or refreshing it."""
    key = post.key[:300]
    found = Position.objects.by_key(key)
    fields = _post_fields(post)
    if found is None:
        return Position.objects.create(key=key, **fields)
    if not found.is_manual and found.key == key:
        changed = [k for k, v in fields.items() if getattr(found, k) != v]
        for name in changed:
            setattr(found, name, fields[name])
        if changed:
            found.save()
    return found


@dataclass
class Derived:
    """What deriving one article touched."""

    positions: set[int]
    people: set[int]


def derive_article(article: Article, recompute: bool = True) -> Derived:
    """Derive an article's post evidence, events and Party term; then holdings.

    With recompute False the holdings of the posts touched are left for the
    caller to recompute once (`derive_all`).
    """
    with transaction.atomic():
        return _derive(article, recompute)


def _derive(article: Article, recompute: bool) -> Derived:
    body = article_text(article)
    day = evidence_day(article)
    before = set(
        PositionMention.objects.filter(article=article).values_list(
            "position_id", flat=True
        )
    ) | set(
        PositionEvent.objects.filter(
            article=article, position__isnull=False
        ).values_list("position_id", flat=True)
    )
    people_before = set(
        PositionEvent.objects.filter(article=article).values_list(
            "person_id", flat=True
        )
    )
    PositionMention.objects.filter(article=article).delete()
    PositionEvent.objects.filter(article=article, is_manual=False).delete()

    mentions = list(article.mentions.select_related("person").order_by("id"))
    dates = list(
        ArticleDate.objects.filter(article=article)
        .exclude(surface="")
        .values_list("surface", "date")
    )
    reading = positions_reading.read_article(
        body,
        [
            positions_reading.OfficialIn(
                key=str(m.person_id),
                name=m.person.name,
                surface=m.surface,
                titles=tuple(m.titles or ()),
            )
            for m in mentions
        ],
        dates,
        day,
    )
    kept: dict[tuple[int, int], PositionMention] = {}
    for found in reading.posts:
        position = position_for(found.post)
        mark = (int(found.person), position.pk)
        if mark in kept and (found.former or kept[mark].state == MentionState.CURRENT):
            continue  # two spellings of a merged post: held if either is
        kept[mark] = PositionMention(
            article=article,
            person_id=int(found.person),
            position=position,
            title=found.title[:300],
            state=MentionState.FORMER if found.former else MentionState.CURRENT,
            mentioned_on=day,
            term=found.term,
        )
    rows = list(kept.values())
    PositionMention.objects.bulk_create(rows)
    new_events = [
        PositionEvent(
            person_id=int(found.person),
            position=position_for(found.post) if found.post else None,
            kind=found.kind,
            form=found.form,
            date=found.date,
            article=article,
            title=found.title[:300],
            surface=found.surface[:300],
        )
        for found in reading.events
    ]
    PositionEvent.objects.bulk_create(new_events)

    _derive_term(article, body, day)

    touched = before | {r.position_id for r in rows}
    touched |= {e.position_id for e in new_events if e.position_id}
    people = people_before | {e.person_id for e in new_events}
    if recompute:
        recompute_holdings(touched)
    return Derived(touched, people)


def _derive_term(article: Article, body: str, day: date | None) -> None:
    refs = positions_terms.find_terms(body)
    TermReference.objects.filter(article=article).delete()
    TermReference.objects.bulk_create(
        TermReference(
            article=article,
            term=r.term,
            kind=r.kind,
            plenum=r.plenum,
            surface=r.surface[:200],
        )
        for r in refs
    )
    term, from_text = positions_terms.article_term(refs, day)
    current = ArticleTerm.objects.filter(article=article).first()
    if current is not None and current.is_manual:
        current.save()  # the article's index document is rebuilt all the same
        return
    # A save, never an update: the index hears of it and rebuilds the article's
    # document, post and term facets included.
    row = current or ArticleTerm(article=article)
    row.term, row.from_text = term, from_text
    row.save()


def recompute_holdings(position_ids: Iterable[int], today: date | None = None) -> None:
    """Rebuild the derived holdings of some posts from their evidence."""
    ids = sorted(set(position_ids))
    if not ids:
        return
    found = {p.pk: p for p in Position.objects.filter(pk__in=ids)}
    evidence: dict[int, list] = {pk: [] for pk in found}
    for row in PositionMention.objects.filter(position_id__in=found).values_list(
        "position_id", "person_id", "mentioned_on", "article_id", "state"
    ):
        position_id, person, day, article, state = row
        evidence[position_id].append(
            positions_holdings.Evidence(
                person, day, article, former=state == MentionState.FORMER
            )
        )
    events: dict[int, list] = {pk: [] for pk in found}
    for row in PositionEvent.objects.filter(position_id__in=found).values_list(
        "position_id", "person_id", "kind", "date", "article_id", "form"
    ):
        position_id, person, kind, day, article, form = row
        events[position_id].append(
            positions_holdings.EventEvidence(person, kind, day, article, form)
        )
    manual = set(
        Holding.objects.filter(position_id__in=found, is_manual=True).values_list(
            "position_id", "person_id"
        )
    )
    Holding.objects.filter(position_id__in=found, is_manual=False).delete()
    rows = []
    for pk, position in found.items():
        specs = positions_holdings.holdings(
            evidence[pk],
            events[pk],
            single=position.is_single,
            term_bound=position.kind == PositionKind.MEMBERSHIP
            and position.body_kind in TERM_BOUND,
            today=today,
        )
        for spec in specs:
            if (pk, spec.person) in manual:
                continue
            rows.append(
                Holding(
                    person_id=spec.person,
                    position_id=pk,
                    first_seen=spec.first_seen,
                    last_seen=spec.last_seen,
                    first_article_id=spec.first_article,
                    last_article_id=spec.last_article,
                    started_on=spec.started_on,
                    ended_on=spec.ended_on,
                    former_seen=spec.former_seen,
                    start=spec.start,
                    end=spec.end,
                    state=spec.state,
                    successor_id=spec.successor,
                    article_count=spec.article_count,
                )
            )
    Holding.objects.bulk_create(rows)


def forget_unused() -> int:
    """Delete derived posts nothing points at any more; return how many."""
    unused = Position.objects.filter(
        is_manual=False,
        mentions__isnull=True,
        events__isnull=True,
        holdings__isnull=True,
        aliases__isnull=True,
    )
    count = 0
    for position in unused.distinct():
        position.delete()
        count += 1
    return count


def derive_all(articles: Iterable[Article] | None = None, progress=None) -> dict:
    """Derive every article (or the given ones), then every touched post's
    holdings once; return counts."""
    articles = Article.objects.order_by("pk") if articles is None else articles
    touched: set[int] = set()
    count = 0
    for article in articles:
        touched |= derive_article(article, recompute=False).positions
        count += 1
        if progress is not None:
            progress.advance()
    with transaction.atomic():
        touched |= set(Position.objects.values_list("pk", flat=True))
        recompute_holdings(touched)
        removed = forget_unused()
    return {
        "articles": count,
        "positions": Position.objects.count(),
        "holdings": Holding.objects.count(),
        "events": PositionEvent.objects.count(),
        "removed_positions": removed,
    }


@transaction.atomic
def merge_positions(target: Position, others: Iterable[Position]) -> Position:
    """Merge duplicate posts into target; their keys become target's aliases."""
    articles: set[int] = set()
    for other in others:
        if other.pk == target.pk:
            continue
        for alias in other.aliases.all():
            alias.position = target
            alias.save()
        for row in other.mentions.all():
            articles.add(row.article_id)
            twin = PositionMention.objects.filter(
                article_id=row.article_id, person_id=row.person_id, position=target
            ).first()
            if twin is None:
                row.position = target
                row.save(update_fields=["position"])
            else:
                if row.state == MentionState.CURRENT:
                    twin.state = MentionState.CURRENT
                    twin.save(update_fields=["state"])
                row.delete()
        other.events.update(position=target)
        manual = other.holdings.filter(is_manual=True)
        for holding in manual:
            if not target.holdings.filter(person_id=holding.person_id).exists():
                holding.position = target
                holding.save(update_fields=["position"])
        key, name = other.key, other.name
        other.delete()
        if key != target.key:
            PositionAlias.objects.update_or_create(
                key=key, defaults={"position": target, "name": name}
            )
    recompute_holdings([target.pk])
    # The articles' index documents carry the merged post's slug: rebuild them.
    for row in ArticleTerm.objects.filter(article_id__in=articles):
        row.save()
    return target


def person_posts(person: Person) -> list[Holding]:
    """Return a person's holdings, oldest first, with their posts and evidence."""
    return list(
        person.holdings.select_related(
            "position", "first_article", "last_article", "successor"
        ).timeline_order()
    )


def person_events(person: Person) -> list[PositionEvent]:
    """Return the appointment events of a person, oldest first."""
    return list(
        person.position_events.select_related("position", "article").order_by(
            "date", "id"
        )
    )


def document_terms(document) -> dict:
    """Return a document's Party term and its citing articles' terms.

    The term of its issue date (or of its year when that year holds no
    congress); the citing articles are counted by their own term, so numbers
    reused from term to term (`18-NQ/TW`) can be told apart and filtered.
    """
    issued = None
    if document.issued_on:
        issued = positions_terms.term_on(document.issued_on)
    elif document.year and document.year not in {
        d.year for d in positions_terms.CONGRESSES.values()
    }:
        issued = positions_terms.term_on(date(document.year, 7, 1))
    counts = (
        ArticleTerm.objects.filter(
            article__citations__document=document, term__isnull=False
        )
        .values_list("term")
        .annotate(n=Count("article", distinct=True))
        .order_by("-term")
    )
    return {
        "issued": positions_terms.term_label(issued) if issued else "",
        "citing": [
            {"term": term, "label": positions_terms.term_label(term), "count": n}
            for term, n in counts
        ],
    }
