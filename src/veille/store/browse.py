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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    false,
    func,
    literal_column,
    null,
    select,
    text,
)
from sqlalchemy.engine import Connection

from veille.store import fts
from veille.store.errors import StoreError
from veille.store.queries import OuterFirst, date_filters, item_page
from veille.store.rows import fold
from veille.store.schema import actors, article_actors, articles, events, figures, quotes

A = articles.c
Q = quotes.c
F = figures.c
AA = article_actors.c
E = events.c

SNIPPET_CONTEXT = 110
FACET_SIZE = 12
FACET_SAMPLE = 2000  # articles read at most to count sites and months (see ``facets``)
ACTOR_SAMPLE = 500  # of those, articles whose actors are counted at most
MAX_SPEAKER_KEYS = 500  # more keys match a speaker: filter with LIKE instead (find_quotes)


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


def _match(conn: Connection, terms: list[fts.Term], ranked: bool = True) -> Any:
    """A (seq[, rank]) subquery of the articles matching ``terms``; lower rank is better.
    Unranked, it only lists the hits (no per-hit scoring: counts and facets)."""
    if conn.dialect.name == "postgresql":
        score = ", -ts_rank_cd(tsv, to_tsquery('veille_fr', :fts_q)) AS rank" if ranked else ""
        sql = text(
            f"SELECT seq{score} FROM articles WHERE tsv @@ to_tsquery('veille_fr', :fts_q)"
        ).bindparams(fts_q=fts.to_tsquery(terms))
    else:
        score = ", bm25(articles_fts, 2.0, 1.0) AS rank" if ranked else ""
        sql = text(
            f"SELECT rowid AS seq{score} FROM articles_fts WHERE articles_fts MATCH :fts_q"
        ).bindparams(fts_q=fts.to_fts5(terms))
    columns = {"seq": Integer, "rank": Float} if ranked else {"seq": Integer}
    return sql.columns(**columns).subquery("hit")


def _where(f: ArticleFilter) -> list[ColumnElement[bool]]:
    conds = list(date_filters(f.since, f.until))
    if f.site:
        conds.append(A.site == f.site)
    if f.actor:
        named = select(AA.article_id).where(AA.actor_id == f.actor)
        conds.append(A.id.in_(named))
    if not f.duplicates:
        conds.append(A.duplicate_of.is_(None))
    return conds


@dataclass(slots=True)
class _Selection:
    """The articles an ``ArticleFilter`` selects: a FROM clause, its conditions, and the
    full-text hits subquery (``hit``, with ``seq`` and, ranked, ``rank``) when searching."""

    source: Any
    conds: list[ColumnElement[bool]]
    hit: Any = None

    def select(self, *columns: Any) -> Select[Any]:
        return select(*columns).select_from(self.source).where(*self.conds)


def _selection(
    conn: Connection, f: ArticleFilter, ranked: bool = False, articles_too: bool = False
) -> _Selection:
    """What ``f`` selects. Full-text hits drive the loop (seeking one article's terms in
    the index costs far more than reading a hit list) and are checked against filters
    through a covering index, never the article rows; with no filter and
    ``articles_too`` false the hits alone are the selection (counting is then reading
    the hit list)."""
    conds = _where(f)
    if not f.searching:
        return _Selection(articles, conds)
    if not f.terms:  # only punctuation or operators: nothing can match
        return _Selection(articles, [false()])
    hit = _match(conn, f.terms, ranked)
    if not conds and not articles_too:
        return _Selection(hit, [], hit)
    joined = OuterFirst(hit, articles, A.seq == hit.c.seq, right_index="ix_articles_seq_cover")
    return _Selection(joined, conds, hit)


def count_articles(conn: Connection, f: ArticleFilter) -> int:
    """How many articles ``f`` selects."""
    return int(conn.execute(_selection(conn, f).select(func.count())).scalar_one())


def find_articles(
    conn: Connection, f: ArticleFilter, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """One page of articles (best match first when searching, else newest first) and the
    total number matching, with a snippet around the first hit when searching.

    The page is chosen on keys (rank or date, from indexes), then only its rows are read."""
    chosen = _selection(conn, f, ranked=True)
    if chosen.hit is not None:
        hit = chosen.hit
        keys = chosen.select(hit.c.seq, hit.c.rank).order_by(hit.c.rank, hit.c.seq)
    else:
        keys = chosen.select(A.seq, null()).order_by(A.date.desc().nulls_last(), A.id)
    # Filtered hits are counted in the same pass (reading them twice costs as much again);
    # unfiltered ones are counted from the full-text index alone, articles from indexes.
    counted = chosen.hit is not None and bool(chosen.conds)
    if counted:
        keys = keys.add_columns(func.count().over())
    picked = conn.execute(keys.limit(limit).offset(offset)).all()
    total = int(picked[0][2]) if counted and picked else count_articles(conn, f)
    cols = (A.seq, A.id, A.title, A.date, A.site, A.source, A.url, A.duplicate_of, A.text)
    found = {r.seq: dict(r._mapping) for r in conn.execute(
        select(*cols).where(A.seq.in_([r[0] for r in picked]))
    )} if picked else {}  # fmt: skip
    words = [w for t in f.terms for w in t.words]
    page = []
    for seq, rank, *_ in picked:
        row = found.get(seq)
        if row is None:  # only if the full-text index is out of step with the table
            continue
        body = row.pop("text")
        row.pop("seq")
        if chosen.hit is not None:
            row["score"] = -rank
        row["headline"] = headline(row["title"], body)
        row["snippet"] = snippet(body, words) if words else lead(body)
        page.append(row)
    return page, total


def headline(title: str | None, body: str, size: int = 140) -> str:
    """The title, or for untitled articles their first line, cut at a word boundary."""
    if title and title.strip():
        return title.strip()
    first = body.strip().split("\n", 1)[0].strip()
    if len(first) <= size:
        return first
    return first[: _word_edge(first, size, forward=False)].rstrip(" ,;:") + "…"


def facets(conn: Connection, f: ArticleFilter, total: int | None = None) -> dict[str, Any]:
    """Counts by source site, month and actor over the articles ``f`` selects (under
    ``site``, ``month`` and ``actor``), with ``counted``, the number of articles whose
    site and month were counted, and ``approximate``, whether any count is an estimate.

    Sites and months are counted over at most ``FACET_SAMPLE`` articles, actors over at
    most ``ACTOR_SAMPLE`` (an article has ~17 actor rows); beyond that, over a sample
    (chosen by a hash of ``seq``: deterministic, so repeated requests agree) whose counts
    are scaled to the whole selection. Exact counts over the tens of thousands of hits of
    a common word would take seconds. An estimate from k sampled articles is off by
    about 1/sqrt(k) (10 % at k = 100). ``total``, when the caller has it, is
    ``count_articles(conn, f)``.
    """
    if total is None:
        total = count_articles(conn, f)
    chosen = _selection(conn, f, articles_too=True)
    seq = chosen.hit.c.seq if chosen.hit is not None else A.seq
    stride = -(-total // FACET_SAMPLE)
    sample = chosen.select(A.id, A.site, A.date)
    if stride > 1:  # a multiplicative hash of seq, so no periodic pattern in ingest order
        mixed = seq * literal_column("2654435761") % literal_column("4294967296") // 65536
        sample = sample.where(mixed % stride == 0)
    rows = [tuple(r) for r in conn.execute(sample)]
    if not rows and total:  # no hit on a multiple of the stride: any FACET_SAMPLE of them
        rows = [tuple(r) for r in conn.execute(sample.limit(FACET_SAMPLE))]
    sites = Counter(site for _, site, _ in rows if site is not None)
    months = Counter(day[:7] for _, _, day in rows if day is not None and len(day) >= 7)
    ids = [article_id for article_id, _, _ in rows]
    if len(ids) > ACTOR_SAMPLE:
        ids = ids[:: -(-len(ids) // ACTOR_SAMPLE)]
    n = func.count().label("n")
    by_actor = (
        select(AA.actor_id, n)
        .where(AA.article_id.in_(ids))
        .group_by(AA.actor_id)
        .order_by(n.desc(), AA.actor_id)
        .limit(FACET_SIZE)
    )
    top_actors = conn.execute(by_actor).all() if ids else []
    names = article_actor_names(conn, [r.actor_id for r in top_actors])

    def scaled(count: int, read: int) -> int:
        return count if read >= total else max(1, round(count * total / read))

    top_sites = sorted(sites.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_SIZE]
    return {
        "site": [{"value": k, "count": scaled(v, len(rows))} for k, v in top_sites],
        "month": [
            {"value": k, "count": scaled(months[k], len(rows))} for k in sorted(months)[::-1][:24]
        ],
        "actor": [
            {"value": r.actor_id, "label": names.get(r.actor_id), "count": scaled(r.n, len(ids))}
            for r in top_actors
        ],
        "counted": len(rows),
        "approximate": len(ids) < total,
    }


# -- snippets ------------------------------------------------------------------------------

_FOLD_CACHE: dict[str, str] = {}


def _fold_char(c: str) -> str:
    got = _FOLD_CACHE.get(c)
    if got is None:
        got = _FOLD_CACHE[c] = fold(c)
    return got


def _folded_with_map(body: str) -> tuple[str, Sequence[int]]:
    """The folded text and, for each of its characters, the index it came from in ``body``.

    One ``str.translate`` over the body; only the few characters whose folded form is not
    one character ('…', 'œ', combining accents) make the index differ from the identity."""
    if body.isascii():
        return body.lower(), range(len(body))
    table = {ord(c): _fold_char(c) for c in set(body)}
    folded = body.translate(table)
    odd = "".join(chr(o) for o, f in table.items() if len(f) != 1)
    if not odd:
        return folded, range(len(body))
    index: list[int] = []
    last = 0
    for m in re.finditer("[" + re.escape(odd) + "]", body):
        i = m.start()
        index.extend(range(last, i))
        index.extend([i] * len(table[ord(body[i])]))
        last = i + 1
    index.extend(range(last, len(body)))
    return folded, index


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
    speaker_keys: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Quotes newest first; ``speaker`` matches names and descriptions accent-insensitively,
    ``actor`` is an exact actor id.

    ``speaker_keys``, the store's ``speaker_keys(conn)`` (callers cache it per
    ``data_version``), lets a speaker be looked up by its few matching keys through the
    index instead of reading every quote's key; same results either way."""
    columns = (
        Q.article_id, A.date, A.title, A.site, Q.idx, Q.kind, Q.start, Q.end, Q.text,
        Q.verb, Q.speaker_name, Q.speaker_text, Q.speaker_actor_id,
    )  # fmt: skip
    narrow: list[ColumnElement[bool]] = []
    if speaker:
        needle = fold(speaker)
        keys = [k for k in speaker_keys if needle in k] if speaker_keys is not None else None
        if keys is not None and len(keys) <= MAX_SPEAKER_KEYS:
            if not keys:
                return []
            narrow.append(Q.speaker_key.in_(keys))
        else:
            narrow.append(Q.speaker_key.contains(needle, autoescape=True))
    if actor:
        narrow.append(Q.speaker_actor_id == actor)
    if q:
        narrow.append(Q.text_key.contains(fold(q), autoescape=True))
    where = date_filters(since, until)
    if not duplicates:
        where.append(A.duplicate_of.is_(None))
    rows = item_page(
        conn, quotes, columns, narrow=narrow, where=where, limit=limit, offset=offset
    )  # fmt: skip
    return [dict(r._mapping) for r in rows]


def speaker_keys(conn: Connection) -> list[str]:
    """The distinct speaker keys (folded name and description) of stored quotes, for
    ``find_quotes``. A whole-table aggregate: callers cache it per ``data_version``."""
    stmt = select(Q.speaker_key).where(Q.speaker_key.is_not(None)).distinct()
    return list(conn.execute(stmt).scalars())


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
    columns = (
        F.article_id, A.date, A.title, A.site, F.idx, F.start, F.end, F.text, F.value,
        F.value_max, F.unit, F.qualifier, F.what, F.location, F.source_name,
        F.source_text, F.source_actor_id, F.part_of,
    )  # fmt: skip
    narrow: list[ColumnElement[bool]] = []
    if what:
        narrow.append(F.what == what)
    if where:
        narrow.append(F.location_key.contains(fold(where), autoescape=True))
    if source:
        narrow.append(F.source_key.contains(fold(source), autoescape=True))
    if actor:
        narrow.append(F.source_actor_id == actor)
    on_article = [A.duplicate_of.is_(None), *date_filters(since, until)]
    if dated:
        on_article.append(A.date.is_not(None))
    out = []
    for r in item_page(
        conn, figures, columns, narrow=narrow, where=on_article, limit=limit, offset=offset,
        oldest_first=oldest_first,
    ):  # fmt: skip
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
    counts, and its activity per date (articles naming it, quotes it gave).

    Aggregated in SQL over covering indexes (the actor's links and quotes, each article's
    date): a frequent actor has tens of thousands of links."""
    row = conn.execute(select(actors).where(actors.c.id == actor_id)).first()
    if row is None:
        return None
    actor = dict(row._mapping)
    n = func.count().label("n")
    linked = OuterFirst(
        article_actors, articles, A.id == AA.article_id,
        left_index="ix_article_actors_actor_cover", right_index="ix_articles_id_cover",
    )  # fmt: skip
    said = OuterFirst(
        quotes, articles, A.id == Q.article_id,
        left_index="ix_quotes_actor_cover", right_index="ix_articles_id_cover",
    )  # fmt: skip
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
    actor["roles"] = _roles(conn, said, actor_id, set(aliases))
    day = A.date.label("day")
    mentioned = conn.execute(
        select(day, n).select_from(linked).where(AA.actor_id == actor_id).group_by(day)
    ).all()
    quoted = conn.execute(
        select(day, n).select_from(said).where(Q.speaker_actor_id == actor_id).group_by(day)
    ).all()
    m_counts: dict[str, int] = {d: int(c) for d, c in mentioned if d is not None}
    q_counts: dict[str, int] = {d: int(c) for d, c in quoted if d is not None}
    actor["activity"] = [
        {"date": d, "articles": m_counts.get(d, 0), "quotes": q_counts.get(d, 0)}
        for d in sorted(m_counts.keys() | q_counts.keys())
    ]
    actor["counts"] = {  # undated ones included
        "articles": sum(int(c) for _, c in mentioned),
        "quotes": sum(int(c) for _, c in quoted),
    }
    return actor


def _roles(conn: Connection, said: Any, actor_id: str, aliases: set[str]) -> list[dict[str, Any]]:
    """How articles described the actor when quoting it ('le ministre de l'Intérieur'),
    with the first and last date seen: roles through time until the registry has them."""
    first, last, n = func.min(A.date), func.max(A.date), func.count()
    stmt = (
        select(Q.speaker_text, first.label("first"), last.label("last"), n.label("n"))
        .select_from(said)
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
    chosen = _selection(conn, f, articles_too=True)
    keys = chosen.select(A.seq).order_by(A.date.nulls_last(), A.id).limit(limit).offset(offset)
    seqs = list(conn.execute(keys).scalars())
    lead_text = func.substr(A.text, 1, 300).label("lead")
    rows = select(A.seq, A.id, A.date, A.title, A.site, lead_text).where(A.seq.in_(seqs))
    found = {r.seq: dict(r._mapping) for r in conn.execute(rows)} if seqs else {}
    page = [found[seq] for seq in seqs]
    for p in page:
        p.pop("seq")
        p["headline"] = headline(p["title"], p.pop("lead"))
    month = func.substr(A.date, 1, 7).label("month")
    months = conn.execute(chosen.select(month, func.count()).group_by(month)).all()
    total = sum(int(n) for _, n in months)  # undated and year-only articles count here…
    histogram = [  # …but have no month
        {"month": m, "count": int(n)} for m, n in sorted(months, key=lambda r: r[0] or "")
        if m is not None and len(m) == 7
    ]  # fmt: skip
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
