"""Server-rendered pages. They call the same functions as the JSON API (same filters,
same validation, same errors), so the UI never shows data the API would not."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from veille.interfaces.api import routes as api
from veille.interfaces.api.deps import cache_of, check_dates, read
from veille.interfaces.web import charts
from veille.interfaces.web.highlight import render as highlight
from veille.interfaces.web.highlight import spans_of
from veille.interfaces.web.i18n import Labels, pick_lang
from veille.interfaces.web.render import render
from veille.store import browse

router = APIRouter(include_in_schema=False)
PER_PAGE = 20
Opt = Annotated[str | None, Query()]
PageNo = Annotated[int, Query(ge=1, le=50_000)]


def _offset(page: int, per_page: int = PER_PAGE) -> int:
    return (page - 1) * per_page


def _t(request: Request) -> Labels:
    return Labels(pick_lang(request))


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value else None


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    counts = api.stats(request)
    latest = api.list_articles(request, limit=8)
    quotes = api.list_quotes(request, limit=6)
    actors = api.list_actors(request, limit=12)
    return render(
        request, "home.html", counts=counts, latest=latest["items"],
        quotes=quotes["items"], actors=actors["items"],
    )  # fmt: skip


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request,
    q: Opt = None,
    since: Opt = None,
    until: Opt = None,
    site: Opt = None,
    actor: Opt = None,
    page: PageNo = 1,
) -> Response:
    q, since, until = _clean(q), _clean(since), _clean(until)
    offset = _offset(page)
    if q:
        result = api.search(request, q, since, until, site, actor, True, PER_PAGE, offset)
    else:
        result = api.list_articles(request, since, until, site, actor, PER_PAGE, offset)
        f = browse.ArticleFilter(since=since, until=until, site=site, actor=actor)
        with read(request) as conn:
            key = ("facets", None, since, until, site, actor)
            result["facets"] = cache_of(request).get(conn, key, lambda: browse.facets(conn, f))
    actor_name = None
    if actor:
        with read(request) as conn:
            actor_name = browse.article_actor_names(conn, [actor]).get(actor, actor)
    filters = {"q": q, "since": since, "until": until, "site": site, "actor": actor}
    export = {k: v for k, v in filters.items() if v}
    return render(
        request, "search.html", q=q or "", since=since or "", until=until or "",
        site=site, actor=actor, actor_name=actor_name, result=result, page=page,
        pages=max(1, -(-result["total"] // PER_PAGE)), export=export,
    )  # fmt: skip


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, article_id: str) -> Response:
    record = api.get_article(request, article_id)
    t = _t(request)
    body = highlight(record["text"], spans_of(record, t.speaker + ":"))
    names = {a["actor_id"]: a for a in record["actors"]}
    actors = sorted(record["actors"], key=lambda a: (-len(a["mentions"]), a["name"]))
    title = browse.headline(record["title"], record["text"])
    return render(
        request, "article.html", a=record, title=title, body=body, actors=actors, names=names,
    )  # fmt: skip


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, q: Opt = None, type: Opt = None, page: PageNo = 1) -> Response:
    result = api.list_actors(request, _clean(q), _clean(type), 50, _offset(page, 50))
    return render(
        request, "actors.html", result=result, q=q or "", type=type or "", page=page,
        pages=max(1, -(-result["total"] // 50)),
    )  # fmt: skip


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, actor_id: str) -> Response:
    a = api.get_actor(request, actor_id)
    t = _t(request)
    labels, arts, quotes = charts.activity_buckets(a["activity"])
    chart = charts.bars(
        f"{t.activity} — {a['name']}",
        t.activity_desc,
        labels,
        [charts.BarSeries(t.mentions, [float(v) for v in arts]),
         charts.BarSeries(t.quotes.lower(), [float(v) for v in quotes])],
    )  # fmt: skip
    table = list(zip(labels, arts, quotes, strict=True))
    stance_chart, stance_rows = _actor_stances(request, a.get("id", actor_id))
    return render(
        request, "actor.html", a=a, chart=chart, table=table, stance_chart=stance_chart,
        stance_rows=stance_rows,
    )  # fmt: skip


def _actor_stances(request: Request, actor_id: str) -> tuple[Any, list[dict[str, Any]]]:
    """The actor's positions, one chart row per issue, and the rows behind it."""
    from veille.analyze.stances import timelines
    from veille.store.event_queries import list_stances

    t = _t(request)
    labels = {i["id"]: i["label"] for i in _issues(request)}
    rows: list[dict[str, Any]] = []
    with read(request) as conn:
        for issue in labels:
            rows += list_stances(conn, issue, actor=actor_id)
    per_issue = []
    for issue in sorted({r["issue"] for r in rows}):
        found = [{**r, "actor_id": issue} for r in rows if r["issue"] == issue]
        for line in timelines(found):
            d = line.as_dict()
            d["name"] = labels.get(issue, issue)
            per_issue.append(d)
    words = {"support": t.support, "oppose": t.oppose, "mixed": t.mixed}
    chart = charts.stance_rows(t.stances, t.stance_note, per_issue, words)
    return chart, rows


@router.get("/quotes", response_class=HTMLResponse)
def quotes(
    request: Request,
    speaker: Opt = None,
    q: Opt = None,
    since: Opt = None,
    until: Opt = None,
    page: PageNo = 1,
) -> Response:
    speaker, q, since, until = _clean(speaker), _clean(q), _clean(since), _clean(until)
    result = api.list_quotes(request, speaker, None, q, since, until, 50, _offset(page, 50))
    return render(
        request, "quotes.html", result=result, speaker=speaker or "", q=q or "",
        since=since or "", until=until or "", page=page,
    )  # fmt: skip


@router.get("/figures", response_class=HTMLResponse)
def figures(
    request: Request,
    what: Opt = None,
    where: Opt = None,
    source: Opt = None,
    page: PageNo = 1,
) -> Response:
    what, where, source = _clean(what), _clean(where), _clean(source)
    t = _t(request)
    listing = api.list_figures(request, what, where, source, None, None, None, 50,
                               _offset(page, 50))  # fmt: skip
    series = api.figure_series(request, what, where, source, None, None)["series"]
    line_series = [
        charts.LineSeries(
            _series_name(s),
            [charts.Point(p["date"], float(p["value"]), p["text"], p["revised_from"],
                          f"/articles/{p['article_id']}#figure-{p['idx']}")
             for p in s["points"]],
        )
        for s in series
    ]  # fmt: skip
    chart = charts.lines(t.figure_series, t.figure_series_desc, line_series, t.revised)
    whats = _figure_kinds(request)
    return render(
        request, "figures.html", listing=listing, series=series, chart=chart, what=what or "",
        where=where or "", source=source or "", page=page, whats=whats,
    )  # fmt: skip


def _series_name(s: dict[str, Any]) -> str:
    parts = [s["source"], s["what"], s["where"]]
    return " · ".join(p for p in parts if p)


def _figure_kinds(request: Request) -> list[str]:
    from sqlalchemy import select

    from veille.store.schema import figures

    def compute() -> list[str]:
        with read(request) as conn:
            stmt = select(figures.c.what).where(figures.c.what.is_not(None)).distinct()
            return sorted(str(w) for w in conn.execute(stmt.limit(100)).scalars())

    with read(request) as conn:
        return cache_of(request).get(conn, ("whats",), compute)


@router.get("/timeline", response_class=HTMLResponse, response_model=None)
def timeline_form(request: Request, issue: Opt = None) -> Response:
    issue = _clean(issue)
    if issue:
        return RedirectResponse(f"/timeline/{_path_quote(issue)}", status_code=303)
    return render(
        request, "timeline.html", issue="", result=None, chart="", stances=None,
        issues=_issues(request),
    )  # fmt: skip


def _issues(request: Request) -> list[dict[str, Any]]:
    """Issues veille follows (data and VEILLE_ISSUES), with the stances stored on each."""
    from veille.extractors.stances import issues
    from veille.store.event_queries import issue_counts

    lang = pick_lang(request)
    with read(request) as conn:
        counts = issue_counts(conn)
    return [
        {"id": i.id, "label": i.label.get(lang) or i.id, "stances": counts.get(i.id, 0)}
        for i in issues()
    ]


def _stance_timeline(
    request: Request, issue: str, since: str | None, until: str | None, by_country: bool
) -> dict[str, Any] | None:
    """The issue's stance timeline, or None when ``issue`` is not an issue veille follows."""
    from veille.analyze.stances import country_grouper, timelines
    from veille.store.event_queries import list_stances

    known = {i["id"]: i for i in _issues(request)}
    if issue not in known:
        return None
    with read(request) as conn:
        rows = list_stances(conn, issue, since=since, until=until)
    lines = timelines(rows, "month", country_grouper() if by_country else None)
    actors = [t.as_dict() for t in lines]
    t = _t(request)
    words = {"support": t.support, "oppose": t.oppose, "mixed": t.mixed}
    chart = charts.stance_rows(
        f"{t.stances_on} {known[issue]['label']}", t.stance_note, actors, words
    )
    return {"issue": known[issue], "actors": actors, "chart": chart, "rows": rows}


def _path_quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


@router.get("/timeline/{issue:path}", response_class=HTMLResponse)
def timeline(
    request: Request,
    issue: str,
    since: Opt = None,
    until: Opt = None,
    page: PageNo = 1,
    by_country: Annotated[bool, Query()] = False,
) -> Response:
    since, until = _clean(since), _clean(until)
    check_dates(since=since, until=until)
    t = _t(request)
    stances = _stance_timeline(request, issue, since, until, by_country)
    result = api.timeline(request, issue, since, until, PER_PAGE, _offset(page))
    months = result["months"]
    chart = charts.bars(
        f"{t.articles_per_month} — {issue}", t.timeline_note,
        [m["month"] for m in months],
        [charts.BarSeries(t.articles.lower(), [float(m["count"]) for m in months])],
    )  # fmt: skip
    return render(
        request, "timeline.html", issue=issue, result=result, chart=chart, page=page,
        pages=max(1, -(-result["total"] // PER_PAGE)), stances=stances,
        issues=_issues(request), by_country=by_country,
    )  # fmt: skip


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> Response:
    """Swagger UI from the files vendored in static/, never from a CDN."""
    return render(request, "docs.html")
