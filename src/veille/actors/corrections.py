"""A user's corrections to actor resolution: merges and splits, applied to extractions.

``veille actors --merge A B`` says A is B (B survives); ``--split A NAME`` says the
mentions of A written NAME are someone else (they get NAME's own ``x:`` id). The store
keeps them (``actor_corrections``) so that they survive re-ingest; ``apply`` rewrites an
extraction's ids, and read-side queries map ids the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from veille.actors.text import key
from veille.records import ActorMention, Extraction


@dataclass
class Corrections:
    merges: dict[str, str] = field(default_factory=dict)
    splits: dict[tuple[str, str], str] = field(default_factory=dict)

    def canonical(self, actor_id: str | None, name: str | None = None) -> str | None:
        """The id after corrections: splits by written name first, then merges (chained)."""
        if actor_id is None:
            return None
        name_key = key(name) if name is not None else None
        seen = {actor_id}
        while True:
            nxt = self.splits.get((actor_id, name_key or ""), None) if name_key else None
            nxt = nxt or self.merges.get(actor_id)
            if nxt is None or nxt in seen:
                return actor_id
            seen.add(nxt)
            actor_id = nxt

    def __bool__(self) -> bool:
        return bool(self.merges or self.splits)

    def apply(self, ex: Extraction) -> Extraction:
        """Rewrite the ids of one extraction in place (and return it)."""
        if not self:
            return ex
        for q in ex.quotes:
            q.speaker.actor_id = self.canonical(q.speaker.actor_id, q.speaker.name)
        for f in ex.figures:
            f.source.actor_id = self.canonical(f.source.actor_id, f.source.name)
        for e in ex.events:
            e.source_actor = self.canonical(e.source_actor)
            e.target_actor = self.canonical(e.target_actor)
        merged: dict[str, int] = {}
        kept: list[ActorMention] = []
        for m in ex.actors:
            m.actor_id = self.canonical(m.actor_id, m.name) or m.actor_id
            if m.actor_id in merged:
                kept[merged[m.actor_id]].mentions.extend(m.mentions)
                continue
            merged[m.actor_id] = len(kept)
            kept.append(m)
        ex.actors = kept
        return ex
