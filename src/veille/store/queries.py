"""Read-side listings (articles, quotes, figures, speakers) for the CLI and the API.

Ordering is always total (newest date first, undated last, then article id, then the
item's position) so that paging with limit/offset never repeats or skips a row.
Quote, figure and speaker listings leave out near-duplicate articles unless asked, so
that a wire story republished five times is counted once.

Join order on SQLite: without statistics its planner guesses, and for these listings it
guesses wrong (``duplicate_of IS NULL`` looks selective to it, so it reads every quote,
joins every article and sorts them all to return 50). ``OuterFirst`` fixes the outer loop
and the indexes on SQLite; ``item_page`` picks between walking articles newest first and
fetching a few matching items by index, by counting the matches up to a bound.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Join, Row, Select, Table, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.visitors import InternalTraversal

from veille.store.errors import StoreError
from veille.store.rows import fold
from veille.store.schema import articles, figures, ingest_log, quotes

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
A = articles.c
# At most this many matching items are fetched by index and sorted; more, and walking
# the articles newest first fills a page sooner (see ``item_page``).
SPARSE = 5000


class OuterFirst(Join):
    """``left JOIN right ON onclause`` where ``left`` is the outer loop.

    On SQLite it renders as ``CROSS JOIN`` (which SQLite never reorders), each side
    optionally ``INDEXED BY`` a named index; other backends get a plain ``JOIN`` and plan
    it with their statistics.
    """

    inherit_cache = True
    _traverse_internals = [  # noqa: RUF012 (SQLAlchemy's declaration, a class attribute)
        *Join._traverse_internals,
        ("left_index", InternalTraversal.dp_string),
        ("right_index", InternalTraversal.dp_string),
    ]

    def __init__(
        self,
        left: Any,
        right: Any,
        onclause: Any,
        *,
        left_index: str | None = None,
        right_index: str | None = None,
    ) -> None:
        super().__init__(left, right, onclause)
        self.left_index = left_index
        self.right_index = right_index


@compiles(OuterFirst, "sqlite")
def _sqlite_outer_first(
    join: OuterFirst,
    compiler: SQLCompiler,
    asfrom: bool = False,
    from_linter: Any = None,
    **kw: Any,
) -> str:
    if from_linter:  # what SQLCompiler.visit_join records, so no cartesian-product warning
        from_linter.edges.update(
            (a, b) for a in _originals(join.left) for b in _originals(join.right)
        )

    def side(element: Any, index: str | None) -> str:
        sql: str = element._compiler_dispatch(compiler, asfrom=True, from_linter=from_linter, **kw)
        return f"{sql} INDEXED BY {compiler.preparer.quote(index)}" if index else sql

    left = side(join.left, join.left_index)  # rendered in textual order: positional binds
    right = side(join.right, join.right_index)
    assert join.onclause is not None
    on = join.onclause._compiler_dispatch(compiler, from_linter=from_linter, **kw)
    return f"{left} CROSS JOIN {right} ON {on}"


def _originals(element: Any) -> list[Any]:
    out = []
    for x in element._from_objects:
        while getattr(x, "_is_clone_of", None) is not None:
            x = x._is_clone_of
        out.append(x)
    return out


def _article_index(table: Table) -> str:
    """The index of a child table that starts with ``article_id``."""
    for index in table.indexes:
        if next(iter(index.columns)).name == "article_id":
            return str(index.name)
    raise LookupError(f"no index on {table.name}.article_id")


def item_page(
    conn: Connection,
    table: Table,
    columns: Sequence[Any],
    *,
    narrow: Sequence[ColumnElement[bool]] = (),
    where: Sequence[ColumnElement[bool]] = (),
    limit: int,
    offset: int,
    oldest_first: bool = False,
) -> list[Row[Any]]:
    """One page of a child table's items (quotes, figures) with their article's columns,
    ordered by article date (newest first and undated last, or oldest first), article id,
    then position.

    ``narrow`` are the conditions on the item itself (a speaker, an actor, a kind of
    figure), ``where`` those on its article (dates, duplicates). When ``narrow`` keeps at
    most ``SPARSE`` items, they are fetched by id and sorted; otherwise (or with no
    ``narrow``) articles are walked in date order and their items read until the page is
    full, which stops early since at least one item in ``table size / SPARSE`` matches.
    Either way the page's ids are found from indexes first and only its rows are read.
    """
    key: tuple[Any, ...]
    if oldest_first:
        key = (A.date, A.id, table.c.idx)
    else:
        key = (A.date.desc().nulls_last(), A.id, table.c.idx)
    linked = A.id == table.c.article_id
    ids: list[int] | None = None
    if narrow:
        ids = list(conn.execute(select(table.c.id).where(*narrow).limit(SPARSE + 1)).scalars())
    if ids is not None and len(ids) <= SPARSE:
        source = OuterFirst(table, articles, linked, right_index="ix_articles_id_cover")
        conds = [table.c.id.in_(ids), *where]
    else:
        source = OuterFirst(
            articles, table, linked,
            left_index="ix_articles_date_cover", right_index=_article_index(table),
        )  # fmt: skip
        conds = [*narrow, *where]
    keys = select(table.c.id).select_from(source).where(*conds).order_by(*key)
    page = list(conn.execute(_page(keys, limit, offset)).scalars())
    if not page:
        return []
    stmt = select(*columns).join_from(table, articles, linked).where(table.c.id.in_(page))
    return list(conn.execute(stmt.order_by(*key)))


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
    columns = (
        q.article_id, A.date, A.title, A.url, q.idx, q.kind, q.start, q.end, q.text, q.verb,
        q.speaker_name, q.speaker_text, q.speaker_actor_id,
    )  # fmt: skip
    narrow = []
    if speaker:
        narrow.append(q.speaker_key.contains(fold(speaker), autoescape=True))
    if query:
        narrow.append(q.text_key.contains(fold(query), autoescape=True))
    where = date_filters(since, until)
    if not duplicates:
        where.append(A.duplicate_of.is_(None))
    rows = item_page(conn, quotes, columns, narrow=narrow, where=where, limit=limit, offset=offset)
    return [dict(r._mapping) for r in rows]


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
    columns = (
        f.article_id, A.date, A.title, A.url, f.idx, f.start, f.end, f.text, f.value,
        f.value_max, f.unit, f.qualifier, f.what, f.location, f.source_name, f.source_text,
        f.source_actor_id, f.part_of,
    )  # fmt: skip
    narrow: list[ColumnElement[bool]] = []
    if what:
        narrow.append(f.what == what)
    if where:
        narrow.append(f.location_key.contains(fold(where), autoescape=True))
    if source:
        narrow.append(f.source_key.contains(fold(source), autoescape=True))
    on_article = [] if duplicates else [A.duplicate_of.is_(None)]
    out = []
    for r in item_page(
        conn, figures, columns, narrow=narrow, where=on_article, limit=limit, offset=offset
    ):
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
