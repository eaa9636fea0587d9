"""Map records to table rows and back, losslessly for everything the contract carries.

Per-article actor names and types go to ``article_actors`` (the global ``actors`` table
keeps the first name seen), so an article reads back exactly as it was written even when
two articles name the same actor differently.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import asdict, fields
from datetime import UTC, datetime
from typing import Any

from veille.records import (
    ActorMention,
    Article,
    Event,
    EventActor,
    Extraction,
    Figure,
    FigureSource,
    Quote,
    Speaker,
    Stance,
)

Row = dict[str, Any]
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "’": "'", "ʼ": "'"})


def fold(value: str | None) -> str:
    """Lowercase, unaccented form used for accent-insensitive matching on any backend."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _join_keys(*values: str | None) -> str:
    return " | ".join(fold(v) for v in values if v)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_row(a: Article) -> Row:
    return {
        "id": a.id,
        "source": a.source,
        "url": a.url,
        "title": a.title,
        "date": a.date,
        "lang": a.lang,
        "site": a.site,
        "text": a.text,
        "duplicate_of": a.duplicate_of,
        "meta": json.dumps(a.meta, ensure_ascii=False, default=str) if a.meta else None,
        "ingested_at": now(),
    }


def quote_row(aid: str, idx: int, q: Quote) -> Row:
    s = q.speaker
    return {
        "article_id": aid,
        "idx": idx,
        "kind": q.kind,
        "start": q.start,
        "end": q.end,
        "text": q.text,
        "verb": q.verb,
        "speaker_start": s.start,
        "speaker_end": s.end,
        "speaker_text": s.text,
        "speaker_name": s.name,
        "speaker_actor_id": s.actor_id,
        "speaker_key": _join_keys(s.name, s.text),
        "text_key": fold(q.text),
    }


def figure_row(aid: str, idx: int, f: Figure) -> Row:
    src = f.source
    return {
        "article_id": aid,
        "idx": idx,
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "value": f.value,
        "value_max": f.value_max,
        "unit": f.unit,
        "qualifier": f.qualifier,
        "what": f.what,
        "location": f.location,
        "source_text": src.text,
        "source_name": src.name,
        "source_actor_id": src.actor_id,
        "source_start": src.start,
        "source_end": src.end,
        "part_of": f.part_of,
        "location_key": fold(f.location),
        "source_key": _join_keys(src.name, src.text),
        "period_start": f.period_start,
        "period_end": f.period_end,
    }


def event_row(aid: str, idx: int, e: Event) -> Row:
    return {
        "article_id": aid,
        "idx": idx,
        "type": e.type,
        "mode": e.mode,
        "source_actor": e.source_actor,
        "target_actor": e.target_actor,
        "start": e.start,
        "end": e.end,
        "negated": e.negated,
        "verb": e.verb,
        "text": e.text,
        "date": e.date,
        "future": e.future,
        "hypothetical": e.hypothetical,
        "evidence_start": e.evidence_start,
        "evidence_end": e.evidence_end,
        "sources": json.dumps([asdict(a) for a in e.sources], ensure_ascii=False),
        "targets": json.dumps([asdict(a) for a in e.targets], ensure_ascii=False),
    }


def stance_row(aid: str, idx: int, s: Stance) -> Row:
    return {"article_id": aid, "idx": idx, **asdict(s)}


def actor_rows(aid: str, actors: Sequence[ActorMention]) -> tuple[list[Row], list[Row]]:
    """(article_actors rows, mentions rows) for one article."""
    links: list[Row] = []
    spans: list[Row] = []
    for i, m in enumerate(actors):
        links.append(
            {"article_id": aid, "idx": i, "actor_id": m.actor_id, "name": m.name, "type": m.type}
        )
        spans.extend(
            {
                "article_id": aid,
                "actor_idx": i,
                "idx": j,
                "actor_id": m.actor_id,
                "start": s,
                "end": e,
            }
            for j, (s, e) in enumerate(m.mentions)
        )
    return links, spans


def to_article(r: Mapping[str, Any]) -> Article:
    return Article(
        source=r["source"],
        text=r["text"],
        title=r["title"],
        date=r["date"],
        url=r["url"],
        site=r["site"],
        lang=r["lang"],
        duplicate_of=r["duplicate_of"],
        id=r["id"],
        meta=json.loads(r["meta"]) if r["meta"] else {},
    )


def to_quote(r: Mapping[str, Any]) -> Quote:
    speaker = Speaker(
        start=r["speaker_start"],
        end=r["speaker_end"],
        text=r["speaker_text"],
        name=r["speaker_name"],
        actor_id=r["speaker_actor_id"],
    )
    return Quote(
        kind=r["kind"],
        start=r["start"],
        end=r["end"],
        text=r["text"],
        verb=r["verb"],
        speaker=speaker,
    )


def to_figure(r: Mapping[str, Any]) -> Figure:
    source = FigureSource(
        text=r["source_text"],
        name=r["source_name"],
        actor_id=r["source_actor_id"],
        start=r["source_start"],
        end=r["source_end"],
    )
    return Figure(
        start=r["start"],
        end=r["end"],
        text=r["text"],
        value=r["value"],
        qualifier=r["qualifier"],
        what=r["what"],
        location=r["location"],
        source=source,
        part_of=r["part_of"],
        unit=r["unit"],
        value_max=r["value_max"],
        period_start=r.get("period_start"),
        period_end=r.get("period_end"),
    )


def to_event(r: Mapping[str, Any]) -> Event:
    return Event(
        type=r["type"],
        start=r["start"],
        end=r["end"],
        mode=r["mode"],
        source_actor=r["source_actor"],
        target_actor=r["target_actor"],
        negated=bool(r["negated"]),
        verb=r.get("verb"),
        text=r.get("text"),
        date=r.get("date"),
        future=bool(r.get("future")),
        hypothetical=bool(r.get("hypothetical")),
        evidence_start=r.get("evidence_start"),
        evidence_end=r.get("evidence_end"),
        sources=[EventActor(**a) for a in json.loads(r.get("sources") or "[]")],
        targets=[EventActor(**a) for a in json.loads(r.get("targets") or "[]")],
    )


def to_stance(r: Mapping[str, Any]) -> Stance:
    return Stance(**{f.name: r[f.name] for f in fields(Stance)})


def to_actors(
    links: Sequence[Mapping[str, Any]], spans: Sequence[Mapping[str, Any]]
) -> list[ActorMention]:
    """Rebuild actor mentions; both inputs are sorted by their index columns."""
    actors = [ActorMention(actor_id=r["actor_id"], name=r["name"], type=r["type"]) for r in links]
    for s in spans:
        actors[s["actor_idx"]].mentions.append((s["start"], s["end"]))
    return actors


def to_extraction(article: Mapping[str, Any], children: Mapping[str, list[Row]]) -> Extraction:
    return Extraction(
        article=to_article(article),
        quotes=[to_quote(r) for r in children["quotes"]],
        figures=[to_figure(r) for r in children["figures"]],
        actors=to_actors(children["article_actors"], children["mentions"]),
        events=[to_event(r) for r in children["events"]],
        stances=[to_stance(r) for r in children.get("stances", [])],
    )
