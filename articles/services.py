"""Services that act on saved articles: metadata extraction and its persistence.

`extract_article` is the one place that writes extracted officials, documents and
dates; the importer, the admin and `extract_metadata` all call it. Rows an editor
made or corrected (`is_manual`) are never touched by a re-run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models.functions import Length

from . import extraction, text
from .models import (
    Article,
    ArticleDate,
    Document,
    DocumentCitation,
    Person,
    PersonAlias,
    PersonMention,
)
from .positions_derive import derive_article


@dataclass
class ExtractionChange:
    """What one extraction run changed for one article."""

    article_id: int
    persons_added: list[str] = field(default_factory=list)
    persons_removed: list[str] = field(default_factory=list)
    codes_added: list[str] = field(default_factory=list)
    codes_removed: list[str] = field(default_factory=list)
    event_date_before: date | None = None
    event_date_after: date | None = None

    @property
    def changed(self) -> bool:
        return bool(
            self.persons_added
            or self.persons_removed
            or self.codes_added
            or self.codes_removed
            or self.event_date_before != self.event_date_after
        )

    def as_dict(self) -> dict:
        return {
            "article": self.article_id,
            "persons_added": self.persons_added,
            "persons_removed": self.persons_removed,
            "codes_added": self.codes_added,
            "codes_removed": self.codes_removed,
            "event_date": [
                d.isoformat() if d else None
                for d in (self.event_date_before, self.event_date_after)
            ],
        }


def after_import(article: Article) -> None:
    """Run what follows a fresh import: metadata extraction."""
    extract_article(article)


def run_extractor(article: Article) -> extraction.Extraction:
    """Run the pure extractor on an article's stored fields."""
    published = None
    if article.published_at:
        from django.utils import timezone

        published = timezone.localtime(article.published_at).date()
    return extraction.extract(
        article.body,
        title=article.title,
        lead=article.lead,
        captions=article.caption_list,
        byline=article.byline,
        published=published,
    )


def _snapshot(article: Article) -> tuple[set[str], set[str]]:
    names = set(article.mentions.values_list("person__name", flat=True))
    codes = {
        c.document.code if c.document else c.surface
        for c in article.citations.select_related("document")
    }
    return names, codes


# A known spelling in this many articles outweighs a one-mark variant on its own.
_WELL_ATTESTED = 3


def _one_mark_apart(a: str, b: str) -> bool:
    """Whether two keys differ in the diacritics of exactly one syllable."""
    left, right = a.split(), b.split()
    if len(left) != len(right) or text.fold(a) != text.fold(b):
        return False
    return sum(x != y for x, y in zip(left, right, strict=True)) == 1


def _typo_of(found: extraction.PersonFound) -> Person | None:
    """Return the one known official whose name is found's name with one mark fixed.

    The variant links only when a title agrees or the known spelling is much
    better attested; two officials that fit make the link ambiguous: none.
    """
    found_key = text.key(found.name)
    size = len(found_key)  # NFC keys keep their length when only marks change
    spellings = list(
        Person.objects.annotate(size=Length("key"))
        .filter(size=size)
        .values_list("pk", "key")
    )
    spellings += (
        PersonAlias.objects.annotate(size=Length("key"))
        .filter(size=size)
        .values_list("person_id", "key")
    )
    near = {pk for pk, key in spellings if _one_mark_apart(key, found_key)}
    if len(near) != 1:
        return None
    person = Person.objects.with_article_counts().get(pk=near.pop())
    wanted = {text.key(t) for t in found.titles}
    known = {
        text.key(t)
        for titles in person.mentions.values_list("titles", flat=True)
        for t in titles or ()
    }
    if wanted & known or person.article_count >= _WELL_ATTESTED:
        return person
    return None


def person_for(found: extraction.PersonFound) -> Person:
    """Return the Person for an extracted name, creating it and its aliases.

    A name one tone mark away from a known official's (`Vương Đinh Huệ`) is that
    official, kept as an alias, when the evidence agrees (see `_typo_of`).
    """
    person = Person.objects.by_key(found.name) or _typo_of(found)
    if person is None:
        person = Person.objects.create(name=found.name)
    for surface in {found.name, *found.surfaces}:
        # Only full-name spellings become aliases; `Mai` alone would collide.
        if len(surface.split()) < 2:
            continue
        surface_key = text.key(surface)
        if surface_key != person.key:
            PersonAlias.objects.get_or_create(
                key=surface_key, defaults={"person": person, "name": surface}
            )
    return person


def document_for(found: extraction.DocumentFound) -> Document | None:
    """Return the Document a citation points to, creating or completing it."""
    if found.is_bare:
        code = found.linked_code or extraction.link_bare(
            found,
            Document.objects.filter(number=found.number).values_list("code", flat=True),
        )
        return Document.objects.filter(code=code).first() if code else None
    values = {
        "doc_type": found.doc_type,
        "type_name": found.type_name,
        "number": found.number,
        "issuer": found.issuer,
        "year": found.year,
        "issued_on": found.issued_on,
        "issuing_body": found.issuing_body,
        "subject": found.subject,
    }
    document, created = Document.objects.get_or_create(code=found.code, defaults=values)
    if not created and not document.is_manual:
        # Fill what an earlier article left unknown; never overwrite a known fact.
        missing = [k for k, v in values.items() if v and not getattr(document, k)]
        for name in missing:
            setattr(document, name, values[name])
        if missing:
            document.save(update_fields=missing)
    return document


@transaction.atomic
def extract_article(article: Article) -> ExtractionChange:
    """Extract and persist an article's officials, documents and dates."""
    result = run_extractor(article)
    names_before, codes_before = _snapshot(article)
    change = ExtractionChange(article.pk, event_date_before=article.event_date)

    if not article.event_date_manual and article.event_date != result.event_date:
        article.event_date = result.event_date
        # A save, not a QuerySet.update: the index hears of it like any change.
        article.save(update_fields=["event_date"])
    day = article.date  # publication, else the event

    article.mentions.filter(is_manual=False).delete()
    # A mention is dated by its article, whoever made it: a hand-corrected or
    # hand-added mention has no date of its own (the admin does not edit one),
    # so it follows a corrected publication or event date too.
    article.mentions.exclude(mentioned_on=day).update(mentioned_on=day)
    manual_people = set(article.mentions.values_list("person_id", flat=True))
    for found in result.persons:
        person = person_for(found)
        if person.pk in manual_people:
            continue
        manual_people.add(person.pk)
        PersonMention.objects.create(
            article=article,
            person=person,
            surface=(found.surfaces or (found.name,))[0][:200],
            titles=list(found.titles),
            role=found.role,
            honorific=found.honorific,
            mentioned_on=day,
            count=found.count,
        )

    article.citations.filter(is_manual=False).delete()
    for found in result.documents:
        DocumentCitation.objects.create(
            article=article,
            document=document_for(found),
            surface=(found.surfaces or (found.code,))[0][:200],
            doc_type=found.doc_type,
            number=found.number,
            is_bare=found.is_bare,
        )

    article.dates.filter(is_manual=False).delete()
    ArticleDate.objects.bulk_create(
        ArticleDate(
            article=article,
            date=found.date,
            kind=found.kind,
            surface=found.surface[:100],
            context=found.context[:300],
        )
        for found in result.dates
    )

    # Posts, holdings, events and the Party term follow the officials saved.
    derive_article(article)

    names_after, codes_after = _snapshot(article)
    change.persons_added = sorted(names_after - names_before)
    change.persons_removed = sorted(names_before - names_after)
    change.codes_added = sorted(codes_after - codes_before)
    change.codes_removed = sorted(codes_before - codes_after)
    change.event_date_after = article.event_date
    return change


def title_timeline(person: Person) -> list[dict]:
    """Return a person's titles as dated ranges, oldest first.

    Identical titles (compared by the text key) merge into one range from the
    first to the last dated article that gives them.
    """
    ranges: dict[str, dict] = {}
    for mention in PersonMention.objects.filter(person=person).timeline_order():
        for title in mention.titles:
            k = text.key(title)
            entry = ranges.setdefault(
                k,
                {"title": title, "start": None, "end": None, "articles": set()},
            )
            entry["articles"].add(mention.article_id)
            day = mention.mentioned_on
            if day is not None:
                entry["start"] = min(filter(None, [entry["start"], day]))
                entry["end"] = max(filter(None, [entry["end"], day]))
    timeline = [
        {**entry, "articles": len(entry["articles"])} for entry in ranges.values()
    ]
    return sorted(timeline, key=lambda e: (e["start"] is None, e["start"], e["title"]))


@transaction.atomic
def merge_people(target: Person, others: Iterable[Person]) -> Person:
    """Merge duplicate people into target, keeping their names as aliases."""
    for other in others:
        if other.pk == target.pk:
            continue
        for mention in other.mentions.all():
            twin = target.mentions.filter(article=mention.article).first()
            if twin is None:
                mention.person = target
                mention.save(update_fields=["person"])
                continue
            twin.titles = list(dict.fromkeys([*twin.titles, *mention.titles]))
            twin.count += mention.count
            twin.save(update_fields=["titles", "count"])
            mention.delete()
        other.aliases.update(person=target)
        alias_name, alias_key = other.name, other.key
        other.delete()
        if alias_key != target.key:
            PersonAlias.objects.update_or_create(
                key=alias_key, defaults={"person": target, "name": alias_name}
            )
    # The merged people's posts and events are the target's now.
    for article in Article.objects.mentioning(target):
        derive_article(article)
    return target


@transaction.atomic
def merge_documents(target: Document, others: Iterable[Document]) -> Document:
    """Merge duplicate documents into target, moving their citations."""
    for other in others:
        if other.pk == target.pk:
            continue
        # Saved one by one so that each citing article is reindexed.
        for citation in other.citations.all():
            citation.document = target
            citation.save(update_fields=["document"])
        for name in ("issued_on", "issuing_body", "subject", "type_name", "year"):
            if not getattr(target, name) and getattr(other, name):
                setattr(target, name, getattr(other, name))
        other.delete()
    target.save()
    return target
