"""Read-side listings (articles, quotes, figures, speakers) for the CLI and the API.

Ordering is always total (newest date first, undated last, then article id, then the
item's position) so that paging with limit/offset never repeats or skips a row.
Quote, figure and speaker listings leave out near-duplicate articles unless asked, so
that a wire story republished five times is counted once.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.engine import Connection

from veille.store.errors import StoreError
from veille.store.rows import fold
from veille.store.schema import articles, figures, ingest_log, quotes

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
A = articles.c


def _next_period(value: str) -> str:
    """First date after the period a (possibly partial) date names: '2023-12' -> '2024-01'."""
    m = _DATE.match(value)
    if not m:
        raise StoreError(f"invalid date {value!r}: use YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = m.group(1), m.group(2), m.group(3)
    if day:
        try:
            return (date.fromisoformat(value) + timedelta(days=1)).isoformat()
        except ValueError as exc:
            raise StoreError(f"invalid date {value!r}: {exc}") from exc
    if month:
        y, mo = int(year), int(month)
        if not 1 <= mo <= 12:
            raise StoreError(f"invalid date {value!r}: month {mo}")
        return f"{y + mo // 12:04d}-{mo % 12 + 1:02d}"
    return f"{int(year) + 1:04d}"


def date_filters(since: str | None, until: str | None) -> list[ColumnElement[bool]]:
    """Inclusive bounds at the precision given: until='2023-10' keeps all of October.

    Dates are ISO strings, so comparing them as text orders them chronologically. A
    date less precise than a bound is kept only if its whole period is inside: '2023'
    is kept by since='2023' but neither by since='2023-06' nor by until='2023-10'.
    """
    conds: list[ColumnElement[bool]] = []
    if since:
        _next_period(since)  # validates
        conds.append(A.date >= since)
    if until:
        conds.append(A.date < _next_period(until))
        coarser = [until[:n] for n in (4, 7) if n < len(until)]
        if coarser:
            conds.append(A.date.not_in(coarser))
    return conds


def _order(*extra: Any) -> tuple[Any, ...]:
    return (A.date.desc().nulls_last(), A.id, *extra)


def _page(stmt: Select[Any], limit: int, offset: int) -> Select[Any]:
    return stmt.limit(max(0, limit)).offset(max(0, offset))


def _plain_number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def list_articles(
    conn: Connection, limit: int, offset: int, since: str | None, until: str | None
) -> list[dict[str, Any]]:
    stmt = (
        select(
            A.id, A.title, A.date, A.source, A.url, A.site, A.lang, A.duplicate_of, A.ingested_at
        )
        .where(*date_filters(since, until))
        .order_by(*_order())
    )
    return [dict(r._mapping) for r in conn.execute(_page(stmt, limit, offset))]


def list_quotes(
    conn: Connection,
    *,
    speaker: str | None,
    since: str | None,
    until: str | None,
    query: str | None,
    limit: int,
    offset: int,
    duplicates: bool,
) -> list[dict[str, Any]]:
    q = quotes.c
    stmt = (
        select(
            q.article_id,
            A.date,
            A.title,
            A.url,
            q.idx,
            q.kind,
            q.start,
            q.end,
            q.text,
            q.verb,
            q.speaker_name,
            q.speaker_text,
            q.speaker_actor_id,
        )
        .join_from(quotes, articles, A.id == q.article_id)
        .where(*date_filters(since, until))
        .order_by(*_order(q.idx))
    )
    if speaker:
        stmt = stmt.where(q.speaker_key.contains(fold(speaker), autoescape=True))
    if query:
        stmt = stmt.where(q.text_key.contains(fold(query), autoescape=True))
    if not duplicates:
        stmt = stmt.where(A.duplicate_of.is_(None))
    return [dict(r._mapping) for r in conn.execute(_page(stmt, limit, offset))]


def list_figures(
    conn: Connection,
    *,
    what: str | None,
    where: str | None,
    source: str | None,
    limit: int,
    offset: int,
    duplicates: bool,
) -> list[dict[str, Any]]:
    f = figures.c
    stmt = (
        select(
            f.article_id,
            A.date,
            A.title,
            A.url,
            f.idx,
            f.start,
            f.end,
            f.text,
            f.value,
            f.value_max,
            f.unit,
            f.qualifier,
            f.what,
            f.location,
            f.source_name,
            f.source_text,
            f.source_actor_id,
            f.part_of,
        )
        .join_from(figures, articles, A.id == f.article_id)
        .order_by(*_order(f.idx))
    )
    if what:
        stmt = stmt.where(f.what == what)
    if where:
        stmt = stmt.where(f.location_key.contains(fold(where), autoescape=True))
    if source:
        stmt = stmt.where(f.source_key.contains(fold(source), autoescape=True))
    if not duplicates:
        stmt = stmt.where(A.duplicate_of.is_(None))
    out = []
    for r in conn.execute(_page(stmt, limit, offset)):
        row = dict(r._mapping)
        row["value"], row["value_max"] = (
            _plain_number(row["value"]),
            _plain_number(row["value_max"]),
        )
        out.append(row)
    return out


def top_speakers(conn: Connection, limit: int, duplicates: bool) -> list[tuple[str, int]]:
    q = quotes.c
    n = func.count().label("n")
    stmt = (
        select(q.speaker_name, n)
        .join_from(quotes, articles, A.id == q.article_id)
        .where(q.speaker_name.is_not(None))
        .group_by(q.speaker_name)
        .order_by(n.desc(), q.speaker_name)
        .limit(max(0, limit))
    )
    if not duplicates:
        stmt = stmt.where(A.duplicate_of.is_(None))
    return [(r.speaker_name, int(r.n)) for r in conn.execute(stmt)]


def list_errors(conn: Connection) -> list[dict[str, Any]]:
    L = ingest_log.c
    stmt = select(L.source, L.reason, L.at).where(L.status == "error").order_by(L.id)
    return [dict(r._mapping) for r in conn.execute(stmt)]
