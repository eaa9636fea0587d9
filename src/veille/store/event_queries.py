"""Read-side queries for events and stances (``veille events``, ``veille timeline``).

Both leave out near-duplicate articles (a wire story republished five times is one
report), order totally (date, article, position) and return plain dicts with the
article's date, title and site beside each item so callers can cite the evidence.
Actor filters accept an actor id (``country:usa``) or a name, matched accent- and
case-insensitively against the names stored with the item.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.engine import Connection

from veille.store.queries import date_filters
from veille.store.rows import fold
from veille.store.schema import actors, articles, events, stances

A, E, S = articles.c, events.c, stances.c


def _actor_ids(conn: Connection, actor: str) -> list[str]:
    """An id as given, plus the ids of actors whose name matches it."""
    ids = [actor]
    rows = conn.execute(select(actors.c.id, actors.c.name)).all() if ":" not in actor else []
    wanted = fold(actor)
    ids += [r.id for r in rows if fold(r.name) == wanted]
    return ids


def list_events(
    conn: Connection,
    *,
    actor: str | None = None,
    target: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Event reports, oldest first; ``actor`` is a source, ``target`` a target (first or
    joint actors)."""
    stmt: Select[Any] = (
        select(
            E.article_id, A.date.label("article_date"), A.title, A.site, E.idx, E.type, E.mode,
            E.source_actor, E.target_actor, E.start, E.end, E.negated, E.verb, E.text,
            E.date, E.future, E.hypothetical, E.evidence_start, E.evidence_end, E.sources,
            E.targets,
        )
        .join_from(events, articles, A.id == E.article_id)
        .where(A.duplicate_of.is_(None), *date_filters(since, until))
        .order_by(A.date.asc().nulls_last(), A.id, E.idx)
    )  # fmt: skip
    if actor:
        ids = _actor_ids(conn, actor)
        stmt = stmt.where(
            or_(E.source_actor.in_(ids), *(E.sources.contains(f'"{i}"') for i in ids))
        )
    if target:
        ids = _actor_ids(conn, target)
        stmt = stmt.where(
            or_(E.target_actor.in_(ids), *(E.targets.contains(f'"{i}"') for i in ids))
        )
    if type:
        stmt = stmt.where(E.type == type.upper())
    out = []
    for r in conn.execute(stmt.limit(max(0, limit)).offset(max(0, offset))):
        row = dict(r._mapping)
        for flag in ("negated", "future", "hypothetical"):
            row[flag] = bool(row[flag])
        row["sources"] = json.loads(row["sources"] or "[]")
        row["targets"] = json.loads(row["targets"] or "[]")
        out.append(row)
    return out


def list_stances(
    conn: Connection,
    issue: str,
    *,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> list[dict[str, Any]]:
    """Every stance on ``issue``, oldest first, with its evidence text."""
    stmt: Select[Any] = (
        select(
            S.article_id, A.date.label("article_date"), A.title, A.site, S.idx, S.issue,
            S.stance, S.start, S.end, S.actor_id, S.actor_name, S.evidence,
            S.evidence_start, S.evidence_end, S.cue, S.date, A.text,
            actors.c.name.label("actor_display"),
        )
        .join_from(stances, articles, A.id == S.article_id)
        .outerjoin(actors, actors.c.id == S.actor_id)
        .where(S.issue == issue, A.duplicate_of.is_(None), *date_filters(since, until))
        .order_by(A.date.asc().nulls_last(), A.id, S.idx)
    )  # fmt: skip
    if actor:
        ids = _actor_ids(conn, actor)
        stmt = stmt.where(or_(S.actor_id.in_(ids), S.actor_name == actor))
    out = []
    for r in conn.execute(stmt):
        row = dict(r._mapping)
        text = row.pop("text") or ""
        row["quote"] = text[row["evidence_start"] : row["evidence_end"]]
        row["words"] = text[row["start"] : row["end"]]
        out.append(row)
    return out


def issue_counts(conn: Connection) -> dict[str, int]:
    """Stances per issue (for listings and the web UI's issue menu)."""
    from sqlalchemy import func

    stmt = select(S.issue, func.count()).group_by(S.issue)
    return {issue: n for issue, n in conn.execute(stmt)}
