"""Read-only JSON endpoints under ``/api``.

Every listing takes ``limit``/``offset`` and returns ``{"items", "limit", "offset",
"next_offset"}`` (``next_offset`` is null on the last page); orders are total, so pages
never overlap. Dates are ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and bounds are inclusive
at the precision given (``until=2026-03`` keeps all of March).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from veille.interfaces.api.deps import (
    DateParam,
    Limit,
    Offset,
    cache_of,
    check_dates,
    page,
    read,
    store_of,
)
from veille.interfaces.api.errors import ApiError, not_found
from veille.interfaces.api.series import build_series
from veille.store import browse

router = APIRouter(prefix="/api")

Site = Annotated[str | None, Query(description="Exact source site name.")]
ActorId = Annotated[str | None, Query(description="Exact actor id (see /api/actors).")]

STANCE_NOTE = "stances per issue appear here once the stance stage has run on this store"
TIMELINE_NOTE = (
    "an issue is matched by its words in the article text (full-text search) until issues "
    "are stored entities; each article carries its quotes and events"
)


def _filter(
    q: str | None, since: str | None, until: str | None, site: str | None, actor: str | None
) -> browse.ArticleFilter:
    check_dates(since=since, until=until)
    return browse.ArticleFilter(q=q, since=since, until=until, site=site, actor=actor)


@router.get("/stats", summary="Counts of what the store holds")
def stats(request: Request) -> dict[str, int]:
    with read(request) as conn:
        return cache_of(request).get(conn, ("stats",), store_of(request).counts)


@router.get("/articles", summary="Articles, newest first")
def list_articles(
    request: Request,
    since: DateParam = None,
    until: DateParam = None,
    site: Site = None,
    actor: ActorId = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    f = _filter(None, since, until, site, actor)
    with read(request) as conn:
        items, total = browse.find_articles(conn, f, limit, offset)
    more = offset + limit < total
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }


@router.get("/articles/{article_id}", summary="One article with every item and its offsets")
def get_article(request: Request, article_id: Annotated[str, Path()]) -> dict[str, Any]:
    """The article in the ``veille.extract/1`` contract shape: ``text`` plus quotes,
    figures, actors (with mention offsets) and events, every offset indexing ``text``."""
    ex = store_of(request).get(article_id)
    if ex is None:
        raise not_found("article", article_id)
    return ex.to_contract()


@router.get("/search", summary="Full-text search with filters and facets")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words; accents optional.")],
    since: DateParam = None,
    until: DateParam = None,
    site: Site = None,
    actor: ActorId = None,
    facets: Annotated[bool, Query(description="Also count by site, month and actor.")] = True,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Best match first (BM25 on SQLite, ts_rank on PostgreSQL). Each hit has a snippet
    ``{"text", "hits": [[start, end]…]}`` with hit offsets into the snippet text.

    ``facets`` counts the matching articles by site, month and actor. Sites and months
    are counted over at most 2,000 of them (``facets_counted``), actors over at most 500;
    beyond that the counts are estimates from a fixed sample, scaled to ``total``, and
    ``facets_approximate`` is true. ``items`` and ``total`` are always exact."""
    f = _filter(q, since, until, site, actor)
    with read(request) as conn:
        items, total = browse.find_articles(conn, f, limit, offset)
        counts, approximate, counted = None, None, None
        if facets:
            key = ("facets", q, since, until, site, actor)
            counts = dict(cache_of(request).get(conn, key, lambda: browse.facets(conn, f, total)))
            approximate, counted = counts.pop("approximate"), counts.pop("counted")
    more = offset + limit < total
    return {
        "query": q,
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
        "facets": counts,
        "facets_approximate": approximate,
        "facets_counted": counted,
    }


@router.get("/quotes", summary="Who said what, newest first")
def list_quotes(
    request: Request,
    speaker: Annotated[str | None, Query(description="Part of the speaker's name.")] = None,
    actor: ActorId = None,
    q: Annotated[str | None, Query(description="Words inside the quote.")] = None,
    since: DateParam = None,
    until: DateParam = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    check_dates(since=since, until=until)
    with read(request) as conn:
        keys = None
        if speaker:
            keys = cache_of(request).get(conn, ("speaker_keys",), lambda: browse.speaker_keys(conn))
        items = browse.find_quotes(
            conn, speaker=speaker, actor=actor, q=q, since=since, until=until,
            limit=limit + 1, offset=offset, speaker_keys=keys,
        )  # fmt: skip
    return page(items, limit, offset)


@router.get("/figures", summary="Reported figures and who gave them, newest first")
def list_figures(
    request: Request,
    what: Annotated[str | None, Query(description="killed, injured, hostages, euros…")] = None,
    where: Annotated[str | None, Query(description="Part of the place name.")] = None,
    source: Annotated[str | None, Query(description="Part of the source's name.")] = None,
    actor: Annotated[str | None, Query(description="Exact id of the source actor.")] = None,
    since: DateParam = None,
    until: DateParam = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    check_dates(since=since, until=until)
    with read(request) as conn:
        items = browse.find_figures(
            conn, what=what, where=where, source=source, actor=actor, since=since,
            until=until, limit=limit + 1, offset=offset,
        )  # fmt: skip
    return page(items, limit, offset)


@router.get("/figures/series", summary="Figure series by source, revisions marked")
def figure_series(
    request: Request,
    what: Annotated[str | None, Query(description="killed, injured, hostages…")] = None,
    where: Annotated[str | None, Query()] = None,
    source: Annotated[str | None, Query()] = None,
    since: DateParam = None,
    until: DateParam = None,
) -> dict[str, Any]:
    """One series per (source, what, where), oldest point first; a point whose value
    differs from the same source's previous one has ``revised_from`` set."""
    check_dates(since=since, until=until)
    with read(request) as conn:
        figs = browse.find_figures(
            conn, what=what, where=where, source=source, since=since, until=until,
            dated=True, oldest_first=True, limit=5000,
        )  # fmt: skip
    return {"series": build_series(figs)}


@router.get("/actors", summary="Actors, most mentioned first")
def list_actors(
    request: Request,
    q: Annotated[str | None, Query(description="Part of the name (accents optional).")] = None,
    type: Annotated[str | None, Query(description="person, organization, place…")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    with read(request) as conn:
        ranking = cache_of(request).get(conn, ("actors",), lambda: browse.actor_ranking(conn))
    wanted = browse.fold(q) if q else ""
    rows = [
        a
        for a in ranking
        if (not type or a["type"] == type) and (not wanted or wanted in browse.fold(a["name"]))
    ]
    return {**page(rows[offset : offset + limit + 1], limit, offset), "total": len(rows)}


@router.get("/actors/{actor_id}", summary="One actor: aliases, roles, activity, quotes, figures")
def get_actor(request: Request, actor_id: str) -> dict[str, Any]:
    """Aliases (names used for the actor, with counts), roles (how articles described it,
    first and last seen), activity per date, latest quotes, figures it reported, events
    it took part in. ``stances`` is empty until the stance stage fills it."""
    with read(request) as conn:
        actor = cache_of(request).get(
            conn, ("actor", actor_id), lambda: _actor_detail(conn, actor_id)
        )
    if actor is None:
        raise not_found("actor", actor_id)
    return actor


def _actor_detail(conn: Any, actor_id: str) -> dict[str, Any] | None:
    actor = browse.get_actor(conn, actor_id)
    if actor is None:
        return None
    actor["quotes"] = browse.find_quotes(conn, actor=actor_id, limit=50)
    actor["figures"] = browse.find_figures(conn, actor=actor_id, limit=50)
    actor["events"] = browse.find_events(conn, actor=actor_id, limit=20) + browse.find_events(
        conn, target=actor_id, limit=20
    )
    actor["stances"] = []
    actor["stances_note"] = STANCE_NOTE
    return actor


@router.get("/events", summary="Events (who did what to whom), newest first")
def list_events(
    request: Request,
    actor: Annotated[str | None, Query(description="Source actor id.")] = None,
    target: Annotated[str | None, Query(description="Target actor id.")] = None,
    type: Annotated[str | None, Query(description="PLOVER type: CONSULT, REJECT…")] = None,
    since: DateParam = None,
    until: DateParam = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    check_dates(since=since, until=until)
    from veille.store.event_queries import list_events as event_reports

    with read(request) as conn:
        items = event_reports(
            conn, actor=actor, target=target, type=type, since=since, until=until,
            limit=limit + 1, offset=offset,
        )  # fmt: skip
    return page(items, limit, offset)


@router.get("/issues", summary="Issues veille follows, with the stances stored on each")
def list_issues(request: Request) -> dict[str, Any]:
    from veille.extractors.stances import issues as known_issues
    from veille.store.event_queries import issue_counts

    with read(request) as conn:
        counts = issue_counts(conn)
    items = [
        {"id": i.id, "label": i.label, "expressions": list(i.expressions),
         "stances": counts.get(i.id, 0)}
        for i in known_issues()
    ]  # fmt: skip
    return {"items": items, "total": len(items)}


@router.get("/timeline/{issue:path}", summary="An issue through time: articles, quotes, events")
def timeline(
    request: Request,
    issue: Annotated[str, Path(max_length=200)],
    since: DateParam = None,
    until: DateParam = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Oldest first. For an issue veille follows (``GET /api/issues``), ``actors`` holds
    each actor's stance by month with its evidence and the shifts; ``items`` are the
    articles whose text holds the issue's words (full text), for any words."""
    check_dates(since=since, until=until)
    if not browse.fts.parse(issue):
        raise ApiError(400, f"issue {issue!r} has no words to look for")
    from veille.analyze.stances import timelines
    from veille.extractors.stances import issues as known_issues
    from veille.store.event_queries import list_stances

    followed = {i.id: i for i in known_issues()}
    with read(request) as conn:
        items, total, months = browse.timeline(
            conn, issue, since=since, until=until, limit=limit, offset=offset
        )
        stances = list_stances(conn, issue, since=since, until=until) if issue in followed else []
    more = offset + limit < total
    return {
        "issue": issue,
        "label": followed[issue].label if issue in followed else None,
        "actors": [t.as_dict() for t in timelines(stances)],
        "note": TIMELINE_NOTE,
        "months": months,
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
    }
