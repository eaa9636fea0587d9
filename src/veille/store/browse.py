"""Read queries for browsing the store over HTTP: filtered search with facets, actors,
events and issue timelines.

``queries`` serves the CLI listings; this module adds what a browsing UI needs on top
(filters that combine with full-text search, facet counts, per-actor aggregates) without
touching the store's write path or schema. Everything takes an open ``Connection`` so the
caller decides the transaction, and everything orders totally (so limit/offset paging
never repeats or skips a row).

Actors, events and timelines read what the store holds today (provisional actors from
mentions, an ``events`` table that may be empty, timelines found by full text); when the
registry, event and stance stages land they fill the same tables and these queries carry
their data without change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Float, Integer, Select, exists, func, select, text
from sqlalchemy.engine import Connection

from veille.store import fts
from veille.store.errors import StoreError
from veille.store.queries import date_filters
from veille.store.rows import fold
from veille.store.schema import actors, article_actors, articles, events, figures, quotes

A = articles.c
Q = quotes.c
F = figures.c
AA = article_actors.c
E = events.c

SNIPPET_CONTEXT = 110
FACET_SIZE = 12


def check_date(value: str | None, name: str) -> None:
    """Raise StoreError naming the parameter if ``value`` is not YYYY[-MM[-DD]]."""
    if value is None:
        return
    try:
        date_filters(value, None)
    except StoreError as exc:
        raise StoreError(f"{name}: {exc}") from None


def data_version(conn: Connection) -> int:
    """Changes whenever articles are added: the key for caches of aggregates."""
    return int(conn.execute(select(func.coalesce(func.max(A.seq), 0))).scalar_one())


# -- article filters ---------------------------------------------------------------------


@dataclass(slots=True)
class ArticleFilter:
    """What narrows a set of articles: full-text words, dates, source site, actor."""

    q: str | None = None
    since: str | None = None
    until: str | None = None
    site: str | None = None
    actor: str | None = None
    duplicates: bool = True
    terms: list[fts.Term] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.terms = fts.parse(self.q) if self.q else []

    @property
    def searching(self) -> bool:
        return bool(self.q and self.q.strip())


def _match(conn: Connection, terms: list[fts.Term]) -> Any:
    """A (seq, rank) subquery of the articles matching ``terms``; lower rank is better."""
    if conn.dialect.name == "postgresql":
        sql = text(
            "SELECT seq, -ts_rank_cd(tsv, to_tsquery('veille_fr', :fts_q)) AS rank "
            "FROM articles WHERE tsv @@ to_tsquery('veille_fr', :fts_q)"
        ).bindparams(fts_q=fts.to_tsquery(terms))
    else:
        sql = text(
            "SELECT rowid AS seq, bm25(articles_fts, 2.0, 1.0) AS rank "
            "FROM articles_fts WHERE articles_fts MATCH :fts_q"
        ).bindparams(fts_q=fts.to_fts5(terms))
    return sql.columns(seq=Integer, rank=Float).subquery("hit")


def _where(f: ArticleFilter) -> list[ColumnElement[bool]]:
    conds = list(date_filters(f.since, f.until))
    if f.site:
        conds.append(A.site == f.site)
    if f.actor:
        conds.append(exists().where(AA.article_id == A.id, AA.actor_id == f.actor))
    if not f.duplicates:
        conds.append(A.duplicate_of.is_(None))
    return conds


def _filtered(conn: Connection, f: ArticleFilter, *columns: Any) -> tuple[Select[Any], Any]:
    """SELECT columns FROM articles narrowed by ``f``; also returns the match subquery."""
    stmt = select(*columns).select_from(articles)
    hit = None
    if f.searching:
        if not f.terms:  # only punctuation or operators: nothing can match
            return stmt.where(A.seq.is_(None)), None
        hit = _match(conn, f.terms)
        stmt = stmt.join(hit, hit.c.seq == A.seq)
    return stmt.where(*_where(f)), hit


def find_articles(
    conn: Connection, f: ArticleFilter, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of articles (best match first when searching, else newest first) and the
    total number matching, with a snippet around the first hit when searching."""
    cols = (A.seq, A.id, A.title, A.date, A.site, A.source, A.url, A.duplicate_of)
    stmt, hit = _filtered(conn, f, *cols, A.text)
    if hit is not None:
        stmt = stmt.add_columns((-hit.c.rank).label("score")).order_by(hit.c.rank, A.seq)
    else:
        stmt = stmt.order_by(A.date.desc().nulls_last(), A.id)
    page = [dict(r._mapping) for r in conn.execute(stmt.limit(limit).offset(offset))]
    count_stmt, _ = _filtered(conn, f, func.count())
    total = int(conn.execute(count_stmt).scalar_one())
    words = [w for t in f.terms for w in t.words]
    for row in page:
        body = row.pop("text")
        row["headline"] = headline(row["title"], body)
        row["snippet"] = snippet(body, words) if words else lead(body)
        row.pop("seq")
    return page, total


def headline(title: str | None, body: str, size: int = 140) -> str:
    """The title, or for untitled articles their first line, cut at a word boundary."""
    if title and title.strip():
        return title.strip()
    first = body.strip().split("\n", 1)[0].strip()
    if len(first) <= size:
        return first
    return first[: _word_edge(first, size, forward=False)].rstrip(" ,;:") + "…"


def facets(conn: Connection, f: ArticleFilter) -> dict[str, list[dict[str, Any]]]:
    """Counts by source site, month and actor over the articles ``f`` selects."""
    out: dict[str, list[dict[str, Any]]] = {}
    site_n = func.count().label("n")
    stmt, _ = _filtered(conn, f, A.site, site_n)
    stmt = stmt.where(A.site.is_not(None)).group_by(A.site).order_by(site_n.desc(), A.site)
    out["site"] = [
        {"value": r.site, "count": int(r.n)} for r in conn.execute(stmt.limit(FACET_SIZE))
    ]
    month = func.substr(A.date, 1, 7).label("month")
    stmt, _ = _filtered(conn, f, month, func.count().label("n"))
    stmt = stmt.where(func.length(A.date) >= 7).group_by(month).order_by(month.desc())
    out["month"] = [{"value": r.month, "count": int(r.n)} for r in conn.execute(stmt.limit(24))]
    inner, _ = _filtered(conn, f, A.id)
    ids = inner.subquery("picked")
    n = func.count().label("n")
    stmt = (
        select(AA.actor_id, func.min(actors.c.name).label("name"), n)
        .join(ids, ids.c.id == AA.article_id)
        .join(actors, actors.c.id == AA.actor_id)
        .group_by(AA.actor_id)
        .order_by(n.desc(), AA.actor_id)
        .limit(FACET_SIZE)
    )
    out["actor"] = [
        {"value": r.actor_id, "label": r.name, "count": int(r.n)} for r in conn.execute(stmt)
    ]
    return out


# -- snippets ------------------------------------------------------------------------------

_FOLD_CACHE: dict[str, str] = {}


def _fold_char(c: str) -> str:
    got = _FOLD_CACHE.get(c)
    if got is None:
        got = _FOLD_CACHE[c] = fold(c)
    return got


def _folded_with_map(body: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index it came from in ``body``."""
    if body.isascii():
        return body.lower(), list(range(len(body)))
    parts: list[str] = []
    index: list[int] = []
    for i, c in enumerate(body):
        f = _fold_char(c)
        parts.append(f)
        index.extend([i] * len(f))
    return "".join(parts), index


def snippet(body: str, words: Sequence[str], context: int = SNIPPET_CONTEXT) -> dict[str, Any]:
    """A window of ``body`` around the first hit, hits given as offsets into the window.

    Offsets instead of inline marks, so that a client never has to trust markers that
    may also occur in the (untrusted) article text.
    """
    folded, index = _folded_with_map(body)
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(fold(w)) for w in sorted(set(words), key=len)[::-1]) + r")",
        re.UNICODE,
    )
    found = [(index[m.start()], index[m.end() - 1] + 1) for m in pattern.finditer(folded)]
    if not found:
        return lead(body, context * 2)
    first = found[0][0]
    start = max(0, first - context)
    end = min(len(body), first + context)
    start = _word_edge(body, start, forward=True) if start else 0
    end = _word_edge(body, end, forward=False) if end < len(body) else end
    hits = [[s - start, e - start] for s, e in found if s >= start and e <= end]
    return {"text": body[start:end], "hits": hits, "before": start > 0, "after": end < len(body)}


def lead(body: str, size: int = 2 * SNIPPET_CONTEXT) -> dict[str, Any]:
    """The opening of an article, cut at a word boundary, as a snippet without hits."""
    end = min(len(body), size)
    if end < len(body):
        end = _word_edge(body, end, forward=False)
    return {"text": body[:end], "hits": [], "before": False, "after": end < len(body)}


def _word_edge(body: str, pos: int, forward: bool) -> int:
    step = 1 if forward else -1
    for _ in range(20):
        if 0 < pos < len(body) and body[pos - 1].isspace():
            return pos
        pos += step
    return max(0, min(len(body), pos))


# -- quotes, figures, events ----------------------------------------------------------------


def _order(*extra: Any) -> tuple[Any, ...]:
    return (A.date.desc().nulls_last(), A.id, *extra)


def find_quotes(
    conn: Connection,
    *,
    speaker: str | None = None,
    actor: str | None = None,
    q: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
    duplicates: bool = False,
) -> list[dict[str, Any]]:
    """Quotes newest first; ``speaker`` matches names and descriptions accent-insensitively,
    ``actor`` is an exact actor id."""
    stmt = (
        select(
            Q.article_id, A.date, A.title, A.site, Q.idx, Q.kind, Q.start, Q.end, Q.text,
            Q.verb, Q.speaker_name, Q.speaker_text, Q.speaker_actor_id,
        )
        .join_from(quotes, articles, A.id == Q.article_id)
        .where(*date_filters(since, until))
        .order_by(*_order(Q.idx))
    )  # fmt: skip
    if speaker:
        stmt = stmt.where(Q.speaker_key.contains(fold(speaker), autoescape=True))
    if actor:
        stmt = stmt.where(Q.speaker_actor_id == actor)
    if q:
        stmt = stmt.where(Q.text_key.contains(fold(q), autoescape=True))
    if not duplicates:
        stmt = stmt.where(A.duplicate_of.is_(None))
    return [dict(r._mapping) for r in conn.execute(stmt.limit(limit).offset(offset))]


def _plain(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def find_figures(
    conn: Connection,
    *,
    what: str | None = None,
    where: str | None = None,
    source: str | None = None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    dated: bool = False,
    oldest_first: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Figures newest first (or oldest first, dated only, for charts); near-duplicate
    articles left out. ``actor`` is the exact id of the figure's source."""
    stmt = (
        select(
            F.article_id, A.date, A.title, A.site, F.idx, F.start, F.end, F.text, F.value,
            F.value_max, F.unit, F.qualifier, F.what, F.location, F.source_name,
            F.source_text, F.source_actor_id, F.part_of,
        )
        .join_from(figures, articles, A.id == F.article_id)
        .where(A.duplicate_of.is_(None), *date_filters(since, until))
        .order_by(*((A.date, A.id, F.idx) if oldest_first else _order(F.idx)))
    )  # fmt: skip
    if dated:
        stmt = stmt.where(A.date.is_not(None))
    if what:
        stmt = stmt.where(F.what == what)
    if where:
        stmt = stmt.where(F.location_key.contains(fold(where), autoescape=True))
    if source:
        stmt = stmt.where(F.source_key.contains(fold(source), autoescape=True))
    if actor:
        stmt = stmt.where(F.source_actor_id == actor)
    out = []
    for r in conn.execute(stmt.limit(limit).offset(offset)):
        row = dict(r._mapping)
        row["value"], row["value_max"] = _plain(row["value"]), _plain(row["value_max"])
        out.append(row)
    return out


def find_events(
    conn: Connection,
    *,
    actor: str | None = None,
    target: str | None = None,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Events newest first; ``actor`` matches the source actor, ``target`` the target."""
    stmt = (
        select(
            E.article_id, A.date, A.title, E.idx, E.type, E.mode, E.source_actor,
            E.target_actor, E.start, E.end, E.negated,
        )
        .join_from(events, articles, A.id == E.article_id)
        .where(*date_filters(since, until))
        .order_by(*_order(E.idx))
    )  # fmt: skip
    if actor:
        stmt = stmt.where(E.source_actor == actor)
    if target:
        stmt = stmt.where(E.target_actor == target)
    if type:
        stmt = stmt.where(E.type == type.upper())
    rows = []
    for r in conn.execute(stmt.limit(limit).offset(offset)):
        row = dict(r._mapping)
        row["negated"] = bool(row["negated"])
        rows.append(row)
    return rows


# -- actors ----------------------------------------------------------------------------------


def actor_ranking(conn: Connection) -> list[dict[str, Any]]:
    """Every actor with the number of articles naming it, most named first.

    This is a whole-table aggregate: callers cache it per ``data_version``.
    """
    n = func.count().label("articles")
    counted = select(AA.actor_id, n).group_by(AA.actor_id).subquery("counted")
    stmt = (
        select(actors.c.id, actors.c.name, actors.c.type, counted.c.articles)
        .join(counted, counted.c.actor_id == actors.c.id)
        .order_by(counted.c.articles.desc(), actors.c.id)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def get_actor(conn: Connection, actor_id: str) -> dict[str, Any] | None:
    """An actor with its aliases, the roles it was described by (first and last seen),
    counts, and its activity per date (articles naming it, quotes it gave)."""
    row = conn.execute(select(actors).where(actors.c.id == actor_id)).first()
    if row is None:
        return None
    actor = dict(row._mapping)
    n = func.count().label("n")
    names = conn.execute(
        select(AA.name, n).where(AA.actor_id == actor_id).group_by(AA.name).order_by(n.desc())
    ).all()
    spoken = conn.execute(
        select(Q.speaker_name, n)
        .where(Q.speaker_actor_id == actor_id, Q.speaker_name.is_not(None))
        .group_by(Q.speaker_name)
    ).all()
    aliases: dict[str, int] = {}
    for name, count in [*names, *spoken]:
        aliases[name] = aliases.get(name, 0) + int(count)
    actor["aliases"] = [
        {"name": k, "count": v} for k, v in sorted(aliases.items(), key=lambda kv: -kv[1])
    ]
    actor["roles"] = _roles(conn, actor_id, set(aliases))
    day = A.date.label("day")
    mentioned = conn.execute(
        select(day, n)
        .join_from(article_actors, articles, A.id == AA.article_id)
        .where(AA.actor_id == actor_id, A.date.is_not(None))
        .group_by(day)
    ).all()
    quoted = conn.execute(
        select(day, n)
        .join_from(quotes, articles, A.id == Q.article_id)
        .where(Q.speaker_actor_id == actor_id, A.date.is_not(None))
        .group_by(day)
    ).all()
    m_counts: dict[str, int] = {d: int(c) for d, c in mentioned}
    q_counts: dict[str, int] = {d: int(c) for d, c in quoted}
    actor["activity"] = [
        {"date": d, "articles": m_counts.get(d, 0), "quotes": q_counts.get(d, 0)}
        for d in sorted(m_counts.keys() | q_counts.keys())
    ]
    actor["counts"] = {
        "articles": _articles_of(conn, actor_id),
        "quotes": int(
            conn.execute(
                select(func.count()).select_from(quotes).where(Q.speaker_actor_id == actor_id)
            ).scalar_one()
        ),
    }
    return actor


def _articles_of(conn: Connection, actor_id: str) -> int:
    stmt = select(func.count()).select_from(article_actors).where(AA.actor_id == actor_id)
    return int(conn.execute(stmt).scalar_one())


def _roles(conn: Connection, actor_id: str, aliases: set[str]) -> list[dict[str, Any]]:
    """How articles described the actor when quoting it ('le ministre de l'Intérieur'),
    with the first and last date seen: roles through time until the registry has them."""
    first, last, n = func.min(A.date), func.max(A.date), func.count()
    stmt = (
        select(Q.speaker_text, first.label("first"), last.label("last"), n.label("n"))
        .join_from(quotes, articles, A.id == Q.article_id)
        .where(Q.speaker_actor_id == actor_id, Q.speaker_text.is_not(None))
        .group_by(Q.speaker_text)
        .order_by(first.nulls_last(), Q.speaker_text)
        .limit(30)
    )
    folded = {fold(a) for a in aliases}
    return [
        {"description": r.speaker_text, "first": r.first, "last": r.last, "count": int(r.n)}
        for r in conn.execute(stmt)
        if fold(r.speaker_text) not in folded
    ]


# -- timelines -------------------------------------------------------------------------------


def timeline(
    conn: Connection,
    issue: str,
    *,
    since: str | None = None,
    until: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]]]:
    """Articles whose text matches the issue's words, oldest first, each with its quotes
    and events; plus the total and the number of matching articles per month.

    For now an issue is its words, found by full text; when issues become stored entities
    the same shape is filled from them.
    """
    f = ArticleFilter(q=issue, since=since, until=until, duplicates=False)
    if not f.terms:
        return [], 0, []
    lead_text = func.substr(A.text, 1, 300).label("lead")
    stmt, _ = _filtered(conn, f, A.id, A.date, A.title, A.site, lead_text)
    stmt = stmt.order_by(A.date.nulls_last(), A.id).limit(limit).offset(offset)
    page = [dict(r._mapping) for r in conn.execute(stmt)]
    for p in page:
        p["headline"] = headline(p["title"], p.pop("lead"))
    count_stmt, _ = _filtered(conn, f, func.count())
    total = int(conn.execute(count_stmt).scalar_one())
    month = func.substr(A.date, 1, 7).label("month")
    hist_stmt, _ = _filtered(conn, f, month, func.count().label("n"))
    hist_stmt = hist_stmt.where(func.length(A.date) >= 7).group_by(month).order_by(month)
    histogram = [{"month": r.month, "count": int(r.n)} for r in conn.execute(hist_stmt)]
    ids = [p["id"] for p in page]
    by_article: dict[str, dict[str, list[dict[str, Any]]]] = {
        i: {"quotes": [], "events": []} for i in ids
    }
    if ids:
        qstmt = (
            select(Q.article_id, Q.idx, Q.kind, Q.start, Q.end, Q.text, Q.speaker_name,
                   Q.speaker_actor_id)
            .where(Q.article_id.in_(ids))
            .order_by(Q.article_id, Q.idx)
        )  # fmt: skip
        for r in conn.execute(qstmt):
            by_article[r.article_id]["quotes"].append(dict(r._mapping))
        estmt = (
            select(E.article_id, E.idx, E.type, E.mode, E.source_actor, E.target_actor,
                   E.start, E.end, E.negated)
            .where(E.article_id.in_(ids))
            .order_by(E.article_id, E.idx)
        )  # fmt: skip
        for er in conn.execute(estmt):
            ev = dict(er._mapping)
            ev["negated"] = bool(ev["negated"])
            by_article[er.article_id]["events"].append(ev)
    for p in page:
        p.update(by_article[p["id"]])
    return page, total, histogram


def article_actor_names(conn: Connection, ids: Sequence[str]) -> dict[str, str]:
    """Display names of actor ids (for linking event actors)."""
    if not ids:
        return {}
    stmt = select(actors.c.id, actors.c.name).where(actors.c.id.in_(list(ids)))
    return {r.id: r.name for r in conn.execute(stmt)}
