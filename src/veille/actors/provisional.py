"""Provisional actors: one id per normalised name, until the registry-based resolver lands.

Ids are stable across documents and runs (``x:`` + the folded name), so the store can
already group quotes and figures by actor; the registry will map them to canonical ids.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from veille.extractors.names import DocumentNames, fold, strip_title
from veille.records import ActorMention, Figure, Quote

_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}


def provisional_id(name: str) -> str:
    return "x:" + re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def resolve_actors(doc: Doc, quotes: list[Quote], figures: list[Figure]) -> list[ActorMention]:
    """Actors mentioned in ``doc``; sets ``actor_id`` on quote speakers and figure sources."""
    names = DocumentNames(doc)
    actors: dict[str, ActorMention] = {}
    for ent in doc.ents:
        kind = _TYPES.get(ent.label_)
        if kind is None:
            continue
        name = (
            names.full_name(ent.text, ent.end_char) if kind == "person" else strip_title(ent.text)
        )
        if len(fold(name)) < 2:
            continue
        aid = provisional_id(name)
        actor = actors.setdefault(aid, ActorMention(aid, name, kind, []))
        actor.mentions.append((ent.start_char, ent.end_char))
    for q in quotes:
        if q.speaker.name:
            q.speaker.actor_id = _id_for(q.speaker.name, actors)
    for f in figures:
        if f.source.name:
            f.source.actor_id = _id_for(f.source.name, actors)
    return list(actors.values())


def _id_for(name: str, actors: dict[str, ActorMention]) -> str | None:
    aid = provisional_id(name)
    return aid if aid in actors else None
