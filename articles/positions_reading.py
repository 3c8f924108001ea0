"""What one article says about posts: pure, shared by derivation and the report.

`read_article` takes an article's text, its officials (with the title phrases
extraction found for each) and its dates, and returns the posts it gives each
official (held on its date, or held before) and the appointment events it
states. `positions_derive` stores the result; `positions_report` scores it
against hand-checked pages; both therefore measure the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from . import positions, positions_events


@dataclass(frozen=True, slots=True)
class OfficialIn:
    """An official of an article, as extraction stored them."""

    key: str
    name: str
    surface: str = ""
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PostIn:
    """A post an article gives an official."""

    person: str
    post: positions.Post
    title: str
    former: bool
    term: int | None = None


@dataclass(frozen=True, slots=True)
class EventIn:
    """An appointment event an article states, with its post read."""

    person: str
    kind: str
    post: positions.Post | None
    title: str
    form: str
    date: date | None
    surface: str


@dataclass(frozen=True, slots=True)
class ArticleReading:
    posts: tuple[PostIn, ...]
    events: tuple[EventIn, ...]


def _places(article_places: dict[str, str], titles: Sequence[str]) -> dict[str, str]:
    # The official's own titles name the place first (`Ủy viên Ban Thường vụ
    # Thành ủy, Trưởng ban Tổ chức Thành ủy` beside `… Thành ủy Hà Nội`).
    return {**article_places, **positions.local_places(" ; ".join(titles))}


def _completed(
    reading: positions.TitleReading,
    known: Sequence[positions.Post],
    places: dict[str, str],
) -> positions.TitleReading | None:
    """Return a reading with its post, completed from the official's other
    posts when the phrase names a bare body (`Ủy viên Ban Thường vụ`)."""
    if reading.post is not None:
        return reading
    completed = positions.complete(reading.phrase, known)
    if completed is None:
        return None
    found = positions.read_title(completed, places)
    if found.post is None:
        return None
    return positions.TitleReading(reading.phrase, found.post, reading.state, found.term)


def read_article(
    body: str,
    officials: Sequence[OfficialIn],
    dates: Sequence[tuple[str, date]] = (),
    day: date | None = None,
) -> ArticleReading:
    """Return the posts and events an article gives its officials."""
    article_places = positions.local_places(body)
    posts: dict[tuple[str, str], PostIn] = {}
    people = []
    places_of: dict[str, dict[str, str]] = {}
    known_of: dict[str, list[positions.Post]] = {}
    for official in officials:
        titles = [t for t in official.titles if isinstance(t, str) and t.strip()]
        person = positions_events.Official(
            key=official.key,
            name=official.name,
            spellings=tuple(s for s in {official.name, official.surface} if s),
            titles=tuple(titles),
        )
        people.append(person)
        states = positions_events.title_states(body, titles, person)
        places = places_of[official.key] = _places(article_places, titles)
        readings = {t: positions.read_title(t, places) for t in titles}
        known = known_of[official.key] = [
            r.post for r in readings.values() if r.post is not None
        ]
        for title in titles:
            reading = _completed(readings[title], known, places)
            if reading is None:
                continue
            former = (
                reading.state == positions.State.FORMER
                or states.get(title) == positions_events.FORMER
            )
            mark = (official.key, reading.post.key)
            kept = posts.get(mark)
            if kept is not None and (former or not kept.former):
                continue  # held anywhere in the text: held
            posts[mark] = PostIn(
                official.key, reading.post, title, former, reading.term
            )
    events = []
    for found in positions_events.find_events(body, people, dates, day):
        post = None
        if found.title:
            reading = positions.read_title(found.title, places_of[found.person])
            reading = _completed(
                reading, known_of[found.person], places_of[found.person]
            )
            post = reading.post if reading else None
        events.append(
            EventIn(
                person=found.person,
                kind=found.kind,
                post=post,
                title=found.title,
                form=found.form,
                date=found.date,
                surface=found.surface,
            )
        )
    return ArticleReading(tuple(posts.values()), tuple(events))
