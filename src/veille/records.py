"""Plain typed records that flow between stages.

Every stage takes and returns these records and nothing else, so that a stage can be
swapped (another reader, a better quote extractor, another store) without touching the
others. Offsets (``start``/``end``) always index ``Article.text`` as Python ``str``
indices: the text at those offsets is what the item claims.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

SCHEMA = "veille.extract/1"

QuoteKind = Literal["direct", "mixed", "indirect"]
Qualifier = Literal["exactly", "about", "at_least", "more_than", "at_most", "less_than"]


def stable_id(*parts: str) -> str:
    """Content-derived id: the same input always gets the same id, across runs and machines."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


@dataclass(slots=True)
class Article:
    """One article as a reader produced it, then as cleaning left it.

    ``text`` is the body that every offset indexes. ``raw_text`` keeps what the reader
    saw before cleaning so that the id does not change when cleaning improves.
    """

    source: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    site: str | None = None
    lang: str = "fr"
    raw_text: str | None = None
    duplicate_of: str | None = None
    id: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.raw_text is None:
            self.raw_text = self.text
        if not self.id:
            self.id = stable_id(self.title or "", self.raw_text)


@dataclass(slots=True)
class ReadError:
    """A file (or one record in it) that could not be read: which one, and why."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(slots=True)
class Speaker:
    start: int | None
    end: int | None
    text: str | None
    name: str | None
    actor_id: str | None = None


@dataclass(slots=True)
class Quote:
    kind: QuoteKind
    start: int
    end: int
    text: str
    verb: str | None
    speaker: Speaker


@dataclass(slots=True)
class FigureSource:
    text: str | None = None
    name: str | None = None
    actor_id: str | None = None
    start: int | None = None
    end: int | None = None


@dataclass(slots=True)
class Figure:
    start: int
    end: int
    text: str
    value: float
    qualifier: Qualifier
    what: str | None
    location: str | None = None
    source: FigureSource = field(default_factory=FigureSource)
    part_of: int | None = None
    unit: str | None = None
    value_max: float | None = None
    # Period the figure covers, as TIMEX values (``veille.extractors.dates``): start
    # ("depuis le 7 octobre"), end or as-of date (a date in the clause, else the article's).
    period_start: str | None = None
    period_end: str | None = None


@dataclass(slots=True)
class ActorMention:
    actor_id: str
    name: str
    type: str
    mentions: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class EventActor:
    """A source or target of an event as the sentence names it, and the actor it resolves
    to (``name`` is the best in-document name; ``actor_id`` is set by the actors stage)."""

    start: int | None
    end: int | None
    text: str | None
    name: str | None
    actor_id: str | None = None


@dataclass(slots=True)
class Event:
    """A coded political event (PLOVER type): ``start:end`` is its trigger (the verb group),
    ``evidence_start:evidence_end`` the sentence that reports it. ``source_actor`` and
    ``target_actor`` are the first of ``sources`` / ``targets`` (joint actors are lists)."""

    type: str
    start: int
    end: int
    mode: str | None = None
    source_actor: str | None = None
    target_actor: str | None = None
    negated: bool = False
    verb: str | None = None
    text: str | None = None
    date: str | None = None
    future: bool = False
    hypothetical: bool = False
    evidence_start: int | None = None
    evidence_end: int | None = None
    sources: list[EventActor] = field(default_factory=list)
    targets: list[EventActor] = field(default_factory=list)

    def settle_actors(self) -> None:
        """Copy the first resolved source and target into the contract's single fields."""
        self.source_actor = next((a.actor_id for a in self.sources if a.actor_id), None)
        self.target_actor = next((a.actor_id for a in self.targets if a.actor_id), None)


@dataclass(slots=True)
class Stance:
    """An actor's position on an issue (``data/<lang>/issues.yaml``) at ``start:end``, the
    words naming the issue; ``evidence`` is the quote or event it is read from."""

    issue: str
    stance: Literal["support", "oppose", "mixed"]
    start: int
    end: int
    actor_id: str | None
    actor_name: str | None
    evidence: Literal["quote", "event"]
    evidence_start: int
    evidence_end: int
    cue: str | None = None
    date: str | None = None


@dataclass(slots=True)
class Extraction:
    """An article with everything the extractors found in it."""

    article: Article
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stances: list[Stance] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        """The record exactly as ``shared/contract/extract-jsonl.md`` defines it."""
        a = self.article
        return {
            "schema": SCHEMA,
            "id": a.id,
            "source": a.source,
            "title": a.title,
            "date": a.date,
            "lang": a.lang,
            "text": a.text,
            "duplicate_of": a.duplicate_of,
            "url": a.url,
            "site": a.site,
            "quotes": [_quote_dict(q) for q in self.quotes],
            "figures": [_figure_dict(f) for f in self.figures],
            "actors": [
                {
                    "actor_id": m.actor_id,
                    "name": m.name,
                    "type": m.type,
                    "mentions": [list(s) for s in m.mentions],
                }
                for m in self.actors
            ],
            "events": [asdict(e) for e in self.events],
            "stances": [asdict(s) for s in self.stances],
        }


def _quote_dict(q: Quote) -> dict[str, Any]:
    return {
        "kind": q.kind,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "verb": q.verb,
        "speaker": {
            "start": q.speaker.start,
            "end": q.speaker.end,
            "text": q.speaker.text,
            "actor_id": q.speaker.actor_id,
            "name": q.speaker.name,
        },
    }


def _figure_dict(f: Figure) -> dict[str, Any]:
    value: float | int = int(f.value) if float(f.value).is_integer() else f.value
    out: dict[str, Any] = {
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "value": value,
        "qualifier": f.qualifier,
        "what": f.what,
        "location": f.location,
        "source": {"text": f.source.text, "actor_id": f.source.actor_id, "name": f.source.name},
        "part_of": f.part_of,
    }
    if f.unit is not None:
        out["unit"] = f.unit
    if f.value_max is not None:
        out["value_max"] = f.value_max
    if f.period_start is not None or f.period_end is not None:
        out["period"] = {"start": f.period_start, "end": f.period_end}
    return out
