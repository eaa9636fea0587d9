"""The HTTP API (``veille serve``) through FastAPI's TestClient: every endpoint, its
filters, paging, errors and the ingest token.

The store is built from hand-made, fictional extractions written with ``Store.add_many``
so each assertion knows exactly what is stored; one test runs a real upload through the
pipeline (and the model) to check ``POST /api/ingest`` end to end.
"""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from veille.interfaces.api import create_app
from veille.records import (
    ActorMention,
    Article,
    Event,
    Extraction,
    Figure,
    FigureSource,
    Quote,
    Speaker,
)
from veille.store import Store, open_store

with warnings.catch_warnings():  # starlette's notice about httpx, not about our code
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

SITES = ("Le Courrier de Stavelin", "L'Écho de Lisandre")
TOLLS = (310, 780, 1400, 1400, 1200, 1264)  # the ministry's toll, revised down on day 5


def _span(text: str, part: str, after: int = 0) -> tuple[int, int]:
    start = text.index(part, after)
    return start, start + len(part)


def make_article(i: int, day: str | None, site: str | None, extra: str = "") -> Extraction:
    """A fictional wire story with one quote, one sourced toll, two actors and an event."""
    toll = TOLLS[i % len(TOLLS)]
    title = f"Crues en Valdorie : bilan numéro {i}"
    text = (
        f"Le ministère valdorien de l'Intérieur annonce {toll} morts dans la vallée. "
        f"« Nous tiendrons jusqu'au bout », a déclaré Irina Solvane à Stavelin. "
        f"Le barrage de Tervel reste fermé. {extra}"
    )
    ministry = _span(text, "ministère valdorien de l'Intérieur")
    number = _span(text, str(toll))
    quote = _span(text, "Nous tiendrons jusqu'au bout")
    speaker = _span(text, "Irina Solvane")
    article = Article(source=f"test/{i}.txt", text=text, title=title, date=day, site=site)
    return Extraction(
        article=article,
        quotes=[
            Quote(
                "direct",
                *quote,
                text[quote[0] : quote[1]],
                "déclarer",
                Speaker(*speaker, "Irina Solvane", "Irina Solvane", "x:irina-solvane"),
            )
        ],
        figures=[
            Figure(
                *number,
                str(toll),
                float(toll),
                "exactly",
                "killed",
                "Valdorie",
                FigureSource(
                    "ministère valdorien de l'Intérieur",
                    "ministère valdorien de l'Intérieur",
                    "x:ministere-valdorien",
                    *ministry,
                ),
            )
        ],
        actors=[
            ActorMention("x:irina-solvane", "Irina Solvane", "person", [speaker]),
            ActorMention(
                "x:ministere-valdorien",
                "ministère valdorien de l'Intérieur",
                "organization",
                [ministry],
            ),
            ActorMention("x:stavelin", "Stavelin", "place", [_span(text, "Stavelin")]),
        ],
        events=[Event("CONSULT", *quote, source_actor="x:irina-solvane", target_actor="x:stavelin")]
        if i % 2 == 0
        else [],
    )


def build_store(path: Path, extra: list[Extraction] | None = None) -> Path:
    """Twelve dated articles over two sites, one undated, one near-duplicate, plus extra."""
    items = [make_article(i, f"2026-03-{i + 1:02d}", SITES[i % 2]) for i in range(12)]
    items.append(make_article(12, None, None, "Un texte sans date."))
    copy = make_article(13, "2026-03-04", SITES[0], "Reprise.")
    copy.article.duplicate_of = items[3].article.id
    items.append(copy)
    items.append(
        Extraction(
            Article(
                source="test/other.txt",
                text="La grève des cheminots continue.",
                title="Grève à Lisandre",
                date="2026-02-10",
                site=SITES[1],
            )
        )
    )
    items.extend(extra or [])
    with open_store(path) as store:
        store.add_many((ex, None, None) for ex in items)
    return path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("api") / "api.db")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as c:
        yield c


def _error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["status"] == status
    message: str = body["error"]["message"]
    return message


# -- articles ------------------------------------------------------------------------------


def test_stats_count_the_store(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 15
    assert stats["duplicates"] == 1
    assert stats["quotes"] == 14


def test_articles_page_stably_newest_first(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 6}).json()
    assert first["total"] == 15 and first["next_offset"] == 6
    seen = [a["id"] for a in first["items"]]
    offset: int | None = first["next_offset"]
    while offset is not None:
        page = client.get("/api/articles", params={"limit": 6, "offset": offset}).json()
        seen += [a["id"] for a in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == 15
    everything = client.get("/api/articles", params={"limit": 200}).json()["items"]
    assert [a["id"] for a in everything] == seen
    dates = [a["date"] for a in everything if a["date"]]
    assert dates == sorted(dates, reverse=True)
    assert everything[-1]["date"] is None  # undated last
    assert everything[0]["headline"] == everything[0]["title"]


def test_article_filters(client: TestClient) -> None:
    march = client.get("/api/articles", params={"since": "2026-03-05", "until": "2026-03-06"})
    assert {a["date"] for a in march.json()["items"]} == {"2026-03-05", "2026-03-06"}
    feb = client.get("/api/articles", params={"until": "2026-02"}).json()
    assert [a["title"] for a in feb["items"]] == ["Grève à Lisandre"]
    site = client.get("/api/articles", params={"site": SITES[1], "limit": 200}).json()
    assert site["total"] == 7 and all(a["site"] == SITES[1] for a in site["items"])
    actor = client.get("/api/articles", params={"actor": "x:stavelin", "limit": 200}).json()
    assert actor["total"] == 14


def test_article_has_every_item_at_its_offsets(client: TestClient) -> None:
    aid = client.get("/api/articles", params={"limit": 1}).json()["items"][0]["id"]
    record = client.get(f"/api/articles/{aid}").json()
    assert record["schema"] == "veille.extract/1"
    text = record["text"]
    q = record["quotes"][0]
    assert text[q["start"] : q["end"]] == q["text"]
    sp = q["speaker"]
    assert text[sp["start"] : sp["end"]] == "Irina Solvane"
    f = record["figures"][0]
    assert text[f["start"] : f["end"]] == f["text"]
    for actor in record["actors"]:
        for start, end in actor["mentions"]:
            assert text[start:end]
    assert record["events"] == [] or record["events"][0]["type"] == "CONSULT"


def test_unknown_article_is_a_clear_404(client: TestClient) -> None:
    message = _error(client.get("/api/articles/0000deadbeef"), 404)
    assert "0000deadbeef" in message


# -- search --------------------------------------------------------------------------------


def test_search_ranks_filters_and_counts_facets(client: TestClient) -> None:
    result = client.get("/api/search", params={"q": "greve cheminots"}).json()
    assert result["total"] == 1
    hit = result["items"][0]
    assert hit["title"] == "Grève à Lisandre"
    snippet = hit["snippet"]
    words = [snippet["text"][s:e].lower() for s, e in snippet["hits"]]
    assert words == ["grève", "cheminots"]  # accent-insensitive, offsets into the snippet
    tolls = client.get("/api/search", params={"q": "barrage Tervel", "limit": 5}).json()
    assert tolls["total"] == 14 and tolls["next_offset"] == 5
    facets = tolls["facets"]
    assert {f["value"]: f["count"] for f in facets["site"]} == {SITES[0]: 7, SITES[1]: 6}
    assert facets["month"][0] == {"value": "2026-03", "count": 13}
    assert facets["actor"][0]["count"] == 14
    narrowed = client.get(
        "/api/search", params={"q": "barrage", "site": SITES[1], "since": "2026-03-06"}
    ).json()
    assert narrowed["total"] == 4
    assert all(i["site"] == SITES[1] and i["date"] >= "2026-03-06" for i in narrowed["items"])


def test_search_pages_do_not_overlap(client: TestClient) -> None:
    ids: list[str] = []
    for offset in range(0, 14, 4):
        page = client.get(
            "/api/search", params={"q": "barrage", "limit": 4, "offset": offset, "facets": False}
        ).json()
        assert page["facets"] is None
        ids += [i["id"] for i in page["items"]]
    assert len(ids) == len(set(ids)) == 14


def test_search_needs_words(client: TestClient) -> None:
    assert "q" in _error(client.get("/api/search"), 400)
    assert client.get("/api/search", params={"q": '"" ( ) OR'}).json()["total"] == 0


# -- quotes, figures -----------------------------------------------------------------------


def test_quotes_filters_and_paging(client: TestClient) -> None:
    page = client.get("/api/quotes", params={"speaker": "solvane", "limit": 5}).json()
    assert len(page["items"]) == 5 and page["next_offset"] == 5
    assert page["items"][0]["speaker_name"] == "Irina Solvane"
    everything = client.get("/api/quotes", params={"actor": "x:irina-solvane"}).json()
    assert len(everything["items"]) == 13  # the near-duplicate is left out
    assert everything["next_offset"] is None
    words = client.get("/api/quotes", params={"q": "jusqu'au bout", "until": "2026-03-02"})
    assert {q["date"] for q in words.json()["items"]} == {"2026-03-01", "2026-03-02"}
    assert client.get("/api/quotes", params={"speaker": "Personne"}).json()["items"] == []


def test_figures_filters_and_series_with_revisions(client: TestClient) -> None:
    figs = client.get("/api/figures", params={"what": "killed", "where": "valdorie"}).json()
    assert len(figs["items"]) == 13
    by_source = client.get("/api/figures", params={"source": "ministere valdorien"}).json()
    assert len(by_source["items"]) == 13
    assert client.get("/api/figures", params={"what": "euros"}).json()["items"] == []
    series = client.get("/api/figures/series", params={"what": "killed"}).json()["series"]
    assert len(series) == 1
    points = series[0]["points"]
    assert [p["value"] for p in points[:6]] == list(TOLLS)
    revised = [(p["value"], p["revised_from"]) for p in points if p["revised_from"] is not None]
    assert (780, 310) in revised and (1200, 1400) in revised
    assert points[3]["revised_from"] is None  # 1 400 repeated: not a revision


# -- actors, events, timeline --------------------------------------------------------------


def test_actors_ranked_and_filtered(client: TestClient) -> None:
    ranked = client.get("/api/actors").json()
    assert ranked["total"] == 3
    assert [a["articles"] for a in ranked["items"]] == [14, 14, 14]
    assert [a["id"] for a in ranked["items"]] == sorted(a["id"] for a in ranked["items"])
    people = client.get("/api/actors", params={"type": "person"}).json()["items"]
    assert [a["id"] for a in people] == ["x:irina-solvane"]
    assert client.get("/api/actors", params={"q": "MINISTERE"}).json()["total"] == 1
    paged = client.get("/api/actors", params={"limit": 2, "offset": 2}).json()
    assert len(paged["items"]) == 1 and paged["next_offset"] is None


def test_actor_detail(client: TestClient) -> None:
    actor = client.get("/api/actors/x:irina-solvane").json()
    assert actor["name"] == "Irina Solvane" and actor["type"] == "person"
    assert actor["aliases"][0]["name"] == "Irina Solvane"
    assert actor["counts"] == {"articles": 14, "quotes": 14}
    assert actor["activity"][0] == {"date": "2026-03-01", "articles": 1, "quotes": 1}
    assert len(actor["quotes"]) == 13
    assert actor["stances"] == [] and actor["stances_note"]
    assert any(e["type"] == "CONSULT" for e in actor["events"])
    ministry = client.get("/api/actors/x:ministere-valdorien").json()
    assert len(ministry["figures"]) == 13
    assert "x:nobody" in _error(client.get("/api/actors/x:nobody"), 404)


def test_events_filters(client: TestClient) -> None:
    events = client.get("/api/events").json()["items"]
    assert len(events) == 7 and all(e["type"] == "CONSULT" for e in events)
    assert len(client.get("/api/events", params={"actor": "x:irina-solvane"}).json()["items"]) == 7
    assert client.get("/api/events", params={"target": "x:irina-solvane"}).json()["items"] == []
    assert len(client.get("/api/events", params={"type": "consult"}).json()["items"]) == 7
    assert client.get("/api/events", params={"type": "REJECT"}).json()["items"] == []


def test_timeline_by_issue_words(client: TestClient) -> None:
    tl = client.get("/api/timeline/barrage Tervel", params={"limit": 3}).json()
    assert tl["total"] == 13  # near-duplicate left out
    assert [i["date"] for i in tl["items"]] == ["2026-03-01", "2026-03-02", "2026-03-03"]
    assert tl["items"][0]["quotes"][0]["speaker_name"] == "Irina Solvane"
    assert tl["items"][0]["events"][0]["type"] == "CONSULT"
    assert tl["months"] == [{"month": "2026-03", "count": 12}]
    assert tl["note"] and tl["next_offset"] == 3
    assert "no words" in _error(client.get("/api/timeline/%20%3F%3F"), 400)


# -- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("/api/articles", {"since": "2026-13"}, "since: invalid date '2026-13'"),
        ("/api/quotes", {"until": "2026-02-30"}, "until: invalid date '2026-02-30'"),
        ("/api/figures", {"since": "hier"}, "since: invalid date 'hier'"),
        ("/api/articles", {"limit": 0}, "limit"),
        ("/api/articles", {"limit": 5000}, "limit"),
        ("/api/quotes", {"offset": -1}, "offset"),
        ("/api/actors", {"limit": "many"}, "limit"),
        ("/api/events", {"since": "2026-3"}, "since"),
    ],
)
def test_bad_parameters_are_400_with_a_message(
    client: TestClient, url: str, params: dict[str, Any], expected: str
) -> None:
    assert expected in _error(client.get(url, params=params), 400)


def test_unknown_api_path_is_json_404(client: TestClient) -> None:
    assert "/api/nothing" in _error(client.get("/api/nothing"), 404)


def test_security_headers_and_offline_docs(client: TestClient) -> None:
    response = client.get("/api/stats")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs
    assert "http" not in docs.split("<body>")[1].replace('href="/', "")
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/search",
        "/api/quotes",
        "/api/figures",
        "/api/actors",
        "/api/actors/{actor_id}",
        "/api/events",
        "/api/timeline/{issue}",
        "/api/export",
    ):
        assert path in paths


# -- exports -------------------------------------------------------------------------------


def test_export_jsonl_whole_store_and_filtered(client: TestClient) -> None:
    response = client.get("/api/export", params={"format": "jsonl"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in response.headers["content-disposition"]
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert len(lines) == 15 and all(r["schema"] == "veille.extract/1" for r in lines)
    filtered = client.get("/api/export", params={"q": "cheminots"}).text.splitlines()
    assert [json.loads(x)["title"] for x in filtered] == ["Grève à Lisandre"]


def test_export_csv_tables(client: TestClient) -> None:
    text = client.get(
        "/api/export", params={"format": "csv", "table": "quotes", "speaker": "solvane"}
    ).text
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 14 and rows[0]["speaker_name"] == "Irina Solvane"
    figures = client.get(
        "/api/export", params={"format": "csv", "table": "figures", "since": "2026-03-10"}
    ).text
    assert len(list(csv.DictReader(io.StringIO(figures)))) == 3
    assert "table" in _error(client.get("/api/export", params={"table": "secrets"}), 400)
    assert "format" in _error(client.get("/api/export", params={"format": "xml"}), 400)


# -- ingest --------------------------------------------------------------------------------


def test_read_only_server_refuses_ingest(client: TestClient) -> None:
    files = {"files": ("a.txt", b" date 2026-03-30 Titre\n\nTexte.", "text/plain")}
    message = _error(client.post("/api/ingest", files=files), 403)
    assert "read-only" in message and "--token" in message


def test_ingest_with_token(tmp_path: Path) -> None:
    db = build_store(tmp_path / "ingest.db")
    story = (
        " date 2026-03-30 Les secouristes rentrent à Stavelin\n\n"
        "« Nous sommes soulagés », a déclaré Mira Dalsky, porte-parole de la Société "
        "valdorienne de secours, lundi à Stavelin."
    ).encode()
    files = [
        ("files", ("../../etc/story.txt", story, "text/plain")),
        ("files", ("broken.html", b"", "text/html")),
    ]
    with TestClient(create_app(db, token="s3cret")) as c:
        assert "token" in _error(c.post("/api/ingest", files=files), 401)
        bad = c.post("/api/ingest", files=files, headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401 and bad.headers["www-authenticate"] == "Bearer"
        ok = c.post("/api/ingest", files=files, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200, ok.text
        result = ok.json()
        assert result["stored"] == 1 and len(result["errors"]) == 1
        assert "etc" not in result["errors"][0]["source"]
        record = c.get(f"/api/articles/{result['ids'][0]}").json()
        assert record["date"] == "2026-03-30"
        assert any(q["speaker"]["name"] == "Mira Dalsky" for q in record["quotes"])
        again = c.post("/api/ingest", files=files[:1], headers={"Authorization": "Bearer s3cret"})
        assert again.json()["stored"] == 0 and again.json()["already_stored"] == 1
        assert c.get("/api/stats").json()["articles"] == 16


def test_app_accepts_an_open_store(db: Path) -> None:
    store = Store(db)
    try:
        with TestClient(create_app(store)) as c:
            assert c.get("/api/stats").json()["articles"] == 15
    finally:
        store.close()
