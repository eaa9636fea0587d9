"""Actors in the store: listings, profiles, and a user's merges and splits.

Read-only queries go through ``store.engine`` like the other query modules; corrections
are written in one transaction that records them (``actor_corrections``, so they apply
again to anything ingested later) and rewrites the ids already stored. Reads also map
ids through the corrections, so that rows written before a correction, or by a
pipeline that did not apply them, are shown under the corrected actor.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection, Engine

from veille.actors.corrections import Corrections
from veille.actors.registry import Registry
from veille.actors.resolver import x_id
from veille.actors.text import key
from veille.store.engine import reading, writing
from veille.store.rows import now
from veille.store.schema import (
    actor_corrections,
    actors,
    article_actors,
    articles,
    events,
    figures,
    mentions,
    quotes,
)

A, Q, F, E, AA = articles.c, quotes.c, figures.c, events.c, article_actors.c


class ActorError(ValueError):
    """A correction that cannot apply (unknown actor, merging an actor into itself)."""


# -- corrections ----------------------------------------------------------------------------


def load_corrections(engine: Engine) -> Corrections:
    """Every stored correction, in the order they were made (later ones win)."""
    out = Corrections()
    with reading(engine) as conn:
        rows = conn.execute(select(actor_corrections).order_by(actor_corrections.c.id))
        for r in rows:
            if r.kind == "merge":
                out.merges[r.actor_id] = r.target_id
                if out.merges.get(r.target_id) == r.actor_id:  # B into A after A into B
                    del out.merges[r.target_id]
            else:
                out.splits[(r.actor_id, r.name_key or "")] = r.target_id
    return out


def _ensure_actor(conn: Connection, actor_id: str, name: str, kind: str) -> None:
    found = conn.execute(select(actors.c.id).where(actors.c.id == actor_id)).first()
    if found is None:
        conn.execute(actors.insert().values(id=actor_id, name=name, type=kind))


def _stored_actor(conn: Connection, actor_id: str) -> Any:
    return conn.execute(select(actors).where(actors.c.id == actor_id)).first()


def merge(engine: Engine, source: str, target: str, registry: Registry) -> int:
    """Record that ``source`` is ``target`` and rewrite stored ids; rows changed."""
    if source == target:
        raise ActorError("an actor cannot be merged into itself")
    with writing(engine) as conn:
        if _stored_actor(conn, source) is None and registry.get(source) is None:
            raise ActorError(f"unknown actor {source!r}")
        _ensure_target(conn, target, registry, _stored_actor(conn, source))
        conn.execute(
            actor_corrections.insert().values(
                kind="merge", actor_id=source, target_id=target, name_key=None, at=now()
            )
        )
        return _rewrite(conn, source, target, None)


def _ensure_target(conn: Connection, target: str, registry: Registry, like: Any) -> None:
    actor = registry.get(target)
    if actor is not None:
        _ensure_actor(conn, target, actor.name, actor.type)
    elif _stored_actor(conn, target) is None:
        if like is None:
            raise ActorError(f"unknown actor {target!r}")
        _ensure_actor(conn, target, like.name, like.type)


def split(engine: Engine, source: str, name: str) -> tuple[str, int]:
    """Mentions of ``source`` written ``name`` are someone else: give them ``name``'s own
    ``x:`` id. Returns the new id and the number of rows changed."""
    with writing(engine) as conn:
        stored = _stored_actor(conn, source)
        if stored is None:
            raise ActorError(f"no actor {source!r} in the store")
        target = x_id(name, stored.type)
        if target == source:
            raise ActorError(f"{name!r} already has the id {source!r}")
        _ensure_actor(conn, target, name, stored.type)
        conn.execute(
            actor_corrections.insert().values(
                kind="split", actor_id=source, target_id=target, name_key=key(name), at=now()
            )
        )
        return target, _rewrite(conn, source, target, key(name))


def _rewrite(conn: Connection, source: str, target: str, name_key: str | None) -> int:
    """Point stored rows of ``source`` (only those written ``name_key``, for a split) at
    ``target``."""
    changed = 0
    for table, id_col, name_col in (
        (quotes, Q.speaker_actor_id, Q.speaker_name),
        (figures, F.source_actor_id, F.source_name),
        (article_actors, AA.actor_id, AA.name),
    ):
        rows = conn.execute(select(table).where(id_col == source)).mappings().all()
        for row in rows:
            if name_key is not None and key(row[name_col.name] or "") != name_key:
                continue
            changed += _repoint(conn, table, row, id_col.name, target)
    if name_key is None:
        for col in (E.source_actor, E.target_actor):
            result = conn.execute(update(events).where(col == source).values({col.name: target}))
            changed += result.rowcount or 0
    return changed


def _repoint(conn: Connection, table: Any, row: Any, column: str, target: str) -> int:
    if table is article_actors:
        where = (AA.article_id == row["article_id"]) & (AA.idx == row["idx"])
        conn.execute(
            update(mentions)
            .where(
                (mentions.c.article_id == row["article_id"]) & (mentions.c.actor_idx == row["idx"])
            )
            .values(actor_id=target)
        )
    else:
        where = table.c.id == row["id"]
    conn.execute(update(table).where(where).values({column: target}))
    return 1


# -- listings ---------------------------------------------------------------------------------


def list_actors(
    engine: Engine, kind: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    """Stored actors with how often they appear, most mentioned first (merged-away ids
    are left out)."""
    fixes = load_corrections(engine)
    n_articles = (
        select(AA.actor_id, func.count(func.distinct(AA.article_id)).label("articles"))
        .group_by(AA.actor_id)
        .subquery()
    )
    n_quotes = (
        select(Q.speaker_actor_id.label("actor_id"), func.count().label("quotes"))
        .where(Q.speaker_actor_id.is_not(None))
        .group_by(Q.speaker_actor_id)
        .subquery()
    )
    n_figures = (
        select(F.source_actor_id.label("actor_id"), func.count().label("figures"))
        .where(F.source_actor_id.is_not(None))
        .group_by(F.source_actor_id)
        .subquery()
    )
    articles_n = func.coalesce(n_articles.c.articles, 0)
    stmt = (
        select(
            actors.c.id,
            actors.c.name,
            actors.c.type,
            articles_n.label("articles"),
            func.coalesce(n_quotes.c.quotes, 0).label("quotes"),
            func.coalesce(n_figures.c.figures, 0).label("figures"),
        )
        .outerjoin(n_articles, n_articles.c.actor_id == actors.c.id)
        .outerjoin(n_quotes, n_quotes.c.actor_id == actors.c.id)
        .outerjoin(n_figures, n_figures.c.actor_id == actors.c.id)
        .order_by(articles_n.desc(), actors.c.id)
    )
    if kind:
        stmt = stmt.where(actors.c.type == kind)
    if fixes.merges:
        stmt = stmt.where(actors.c.id.not_in(list(fixes.merges)))
    stmt = stmt.limit(max(0, limit)).offset(max(0, offset))
    with reading(engine) as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def find_stored(engine: Engine, name: str, limit: int = 20) -> list[dict[str, Any]]:
    """Stored actors whose id is ``name`` or whose name contains it (accents ignored)."""
    wanted = key(name)
    with reading(engine) as conn:
        rows = [dict(r._mapping) for r in conn.execute(select(actors))]
    exact = [r for r in rows if r["id"] == name or key(r["name"]) == wanted]
    partial = [r for r in rows if wanted and wanted in key(r["name"]) and r not in exact]
    return (exact + partial)[:limit]


def _ids_for(fixes: Corrections, actor_id: str) -> list[str]:
    """Stored ids whose rows may belong to ``actor_id`` once corrections apply."""
    ids = {actor_id}
    ids |= {src for src in fixes.merges if fixes.canonical(src) == actor_id}
    ids |= {src for (src, _), tgt in fixes.splits.items() if fixes.canonical(tgt) == actor_id}
    return sorted(ids)


def profile(engine: Engine, actor_id: str, limit: int = 50) -> dict[str, Any]:
    """What the store holds about one actor: articles, quotes, figures, events, names."""
    fixes = load_corrections(engine)
    ids = _ids_for(fixes, actor_id)
    with reading(engine) as conn:
        quote_rows = _rows(
            conn,
            select(
                A.date,
                Q.article_id,
                Q.text,
                Q.kind,
                Q.speaker_name,
                Q.speaker_actor_id.label("actor_id"),
            )
            .join_from(quotes, articles, A.id == Q.article_id)
            .where(Q.speaker_actor_id.in_(ids)),
        )
        figure_rows = _rows(
            conn,
            select(
                A.date,
                F.article_id,
                F.text,
                F.value,
                F.what,
                F.location,
                F.source_name,
                F.source_actor_id.label("actor_id"),
            )
            .join_from(figures, articles, A.id == F.article_id)
            .where(F.source_actor_id.in_(ids)),
        )
        event_rows = [
            dict(r._mapping)
            for r in conn.execute(
                select(
                    A.date, E.article_id, E.type, E.mode, E.source_actor, E.target_actor, E.negated
                )
                .join_from(events, articles, A.id == E.article_id)
                .where(E.source_actor.in_(ids) | E.target_actor.in_(ids))
                .order_by(A.date)
            )
        ]
        link_rows = _rows(
            conn,
            select(A.date, AA.article_id, AA.name, AA.actor_id.label("actor_id"))
            .join_from(article_actors, articles, A.id == AA.article_id)
            .where(AA.actor_id.in_(ids)),
        )
    keep = [r for r in quote_rows if fixes.canonical(r["actor_id"], r["speaker_name"]) == actor_id]
    figs = [r for r in figure_rows if fixes.canonical(r["actor_id"], r["source_name"]) == actor_id]
    links = [r for r in link_rows if fixes.canonical(r["actor_id"], r["name"]) == actor_id]
    names = sorted(
        {r["speaker_name"] for r in keep if r["speaker_name"]} | {r["name"] for r in links}
    )
    return {
        "articles": len({r["article_id"] for r in links} | {r["article_id"] for r in keep}),
        "names_seen": names,
        "quotes": _dated(keep)[:limit],
        "figures": _dated(figs)[:limit],
        "events": [
            {**e, "role": "source" if e["source_actor"] in ids else "target"} for e in event_rows
        ][:limit],
    }


def _rows(conn: Connection, stmt: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(stmt)]


def _dated(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r["date"] or "", r["article_id"]))
