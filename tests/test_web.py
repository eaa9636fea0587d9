"""The web UI as a person uses it: a real server, a real browser (Debian's chromium,
driven headless by Playwright; no browser is downloaded).

The store holds the fictional examples/ (through the real pipeline) plus hostile
fictional articles whose text, title, URL, speakers, actors and figure sources carry
script and event-handler payloads. The browser walks search → article → highlights →
actor page chart and visits every page showing hostile data; a dialog handler and a
window flag prove that nothing executed. Screenshots go to ``artifacts/web/``.

Without /usr/bin/chromium the browser tests are skipped, unless VEILLE_REQUIRE_BROWSER=1
(then they fail). The HTML-source checks run without a browser.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from tests.conftest import EXAMPLES, REPO
from tests.test_api import make_article
from veille.interfaces.api import create_app
from veille.records import ActorMention, Quote, Speaker
from veille.store import open_store

with warnings.catch_warnings():  # starlette's notice about httpx, not about our code
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CHROMIUM = Path(os.environ.get("VEILLE_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO / "artifacts" / "web"
FLAG = "__veille_pwned"
PAYLOADS = (
    f'<script>window.{FLAG}=1;alert("script")</script>',
    f"<img src=x onerror=\"window.{FLAG}=2;alert('img')\">",
    f'<svg onload="window.{FLAG}=3"></svg>',
    f'"><iframe srcdoc="<script>parent.{FLAG}=4</script>"></iframe>',
    f"javascript:window.{FLAG}=5",
)
HOSTILE_TEXT = (
    " date 2026-03-25 Alerte {0} sur le barrage de Tervel\n\n"
    "« Le barrage tiendra {1} », a déclaré Mira Dalsky, porte-parole de la Société "
    "valdorienne de secours, mardi à Stavelin.\n\n"
    "Selon le ministère valdorien de l'Intérieur, au moins 1 270 personnes sont mortes "
    "{2} dans la vallée de la Sarnelle. {3}"
)


def _hostile_files(folder: Path) -> None:
    folder.mkdir()
    text = HOSTILE_TEXT.format(*PAYLOADS)
    (folder / "hostile-1.txt").write_text(text, encoding="utf-8")
    (folder / "hostile-2.txt").write_text(
        text.replace("2026-03-25", "2026-03-26").replace("mardi", "mercredi"), encoding="utf-8"
    )


def _hostile_extraction() -> Any:
    """Payloads where the pipeline would never put them: names, ids, site, URL, title."""
    ex = make_article(99, "2026-03-27", PAYLOADS[1], extra=PAYLOADS[0] + PAYLOADS[2])
    ex.article.title = "Titre " + PAYLOADS[0]
    ex.article.url = PAYLOADS[4]
    evil = "x:" + PAYLOADS[1]
    q: Quote = ex.quotes[0]
    q.speaker = Speaker(q.speaker.start, q.speaker.end, PAYLOADS[0], PAYLOADS[2], evil)
    ex.actors.append(ActorMention(evil, PAYLOADS[3], "person", [(0, 2)]))
    ex.figures[0].source.name = PAYLOADS[1]
    ex.figures[0].source.actor_id = evil
    return ex


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("web")
    path = tmp / "web.db"
    _hostile_files(tmp / "hostile")
    cmd = [sys.executable, "-c", "from veille.interfaces.cli import main; main()", "ingest",
           str(EXAMPLES),
           str(tmp / "hostile"), "--db", str(path), "--quiet"]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    with open_store(path) as store:
        store.add(_hostile_extraction())
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[str]:
    """uvicorn on a free loopback port, in a thread of this process."""
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=_free_port(), log_level="error")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{config.port}"
    srv.should_exit = True
    thread.join(timeout=10)


# -- without a browser ---------------------------------------------------------------------


def _hostile_pages(client: TestClient) -> list[str]:
    found = client.get("/api/search", params={"q": "alerte barrage", "facets": False}).json()
    made = client.get("/api/articles", params={"since": "2026-03-27", "until": "2026-03-27"})
    ids = [i["id"] for i in found["items"] + made.json()["items"]]
    evil_actor = "/actors/x%3A" + PAYLOADS[1].replace("<", "%3C")
    return [
        *(f"/articles/{i}" for i in ids),
        "/search?q=" + PAYLOADS[0],
        "/search?q=alerte",
        f"/search?site={PAYLOADS[1]}",
        "/quotes",
        "/figures",
        "/actors",
        evil_actor,
        "/timeline/" + PAYLOADS[1].replace("/", ""),
        "/nothing/" + PAYLOADS[0].replace("/", ""),
    ]


def test_every_page_escapes_untrusted_text(db: Path) -> None:
    with TestClient(create_app(db)) as client:
        pages = _hostile_pages(client)
        assert len([p for p in pages if p.startswith("/articles/")]) >= 3
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 404), url
            html = response.text
            for needle in ("<script>window", "<img src=x", "<svg onload", "<iframe", 'onerror="'):
                assert needle not in html, f"{needle!r} unescaped on {url}"
            assert 'href="javascript:' not in html, url
        article = client.get(pages[0]).text
        assert "&lt;script&gt;" in article


def test_pages_render_and_switch_language(db: Path) -> None:
    with TestClient(create_app(db)) as client:
        for url in ("/", "/search", "/quotes", "/figures?what=killed", "/actors", "/timeline",
                    "/timeline/cessez-le-feu", "/actors/x:teodor-brask", "/docs"):  # fmt: skip
            assert client.get(url).status_code == 200, url
        fr = client.get("/", headers={"accept-language": "fr-FR"}).text
        assert "Derniers articles" in fr and 'lang="fr"' in fr
        en = client.get("/?lang=en")
        assert "Latest articles" in en.text and en.cookies.get("veille_lang") == "en"
        assert "Latest articles" in client.get("/").text  # the cookie keeps it
        assert client.get("/timeline", params={"issue": "a/b"}).status_code == 200
        bad = client.get("/search", params={"since": "2026-02-31"})
        assert bad.status_code == 400 and "2026-02-31" in bad.text


def test_actor_page_and_issue_timeline_show_stances(db: Path) -> None:
    with open_store(db) as store:
        rows = store.stances("ceasefire")
    holder = next(r["actor_id"] for r in rows if r["actor_id"])
    with TestClient(create_app(db)) as client:
        page = client.get(f"/actors/{holder}").text
        assert 'id="stance-chart"' in page and "/timeline/ceasefire" in page
        timeline = client.get("/timeline/ceasefire", params={"by_country": "true"}).text
        assert 'class="data stances"' in timeline and "stance-" in timeline
        listing = client.get("/timeline").text
        assert 'href="/timeline/ceasefire"' in listing
        api = client.get("/api/timeline/ceasefire").json()
        assert api["label"]["fr"] == "cessez-le-feu"
        periods = [p for a in api["actors"] for p in a["periods"]]
        assert {p["stance"] for p in periods} >= {"support", "oppose"}
        assert all(e["quote"] for p in periods for e in p["evidence"])
        issues = {i["id"]: i for i in client.get("/api/issues").json()["items"]}
        assert issues["ceasefire"]["stances"] >= 2
        rejects = client.get("/api/events", params={"type": "REJECT"}).json()["items"]
        assert rejects and all(e["sources"] for e in rejects)


# -- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"no system chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("VEILLE_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " and VEILLE_REQUIRE_BROWSER=1")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_article_highlights_actor_chart(server: str, page: Any) -> None:
    page.goto(server + "/")
    _shot(page, "01-home")
    page.fill("#home-q", "barrage Tervel")
    page.press("#home-q", "Enter")
    page.wait_for_url("**/search?q=*")
    results = page.locator(".results-list .result")
    assert results.count() >= 3
    assert page.locator(".facet").count() >= 2
    assert page.locator(".results-list .hit").count() >= 3  # words marked in snippets
    _shot(page, "02-search")

    page.locator(".results-list a.title", has_text="Rupture").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("#article-text mark.hl-quote").count() >= 2
    assert page.locator("#article-text mark.hl-figure").count() >= 2
    assert page.locator("#article-text a.hl-actor").count() >= 3
    quote = page.locator("#article-text mark.hl-quote#quote-0")
    assert quote.is_visible()
    side_text = page.locator(".article-side .side-quote").first.inner_text()
    assert quote.inner_text().strip()[:20] in side_text.replace("\u202f", " ")
    _shot(page, "03-article")

    page.locator(".article-side a[href^='/actors/']").first.click()
    page.wait_for_url("**/actors/*")
    chart = page.locator("#activity-chart svg.chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 60
    assert page.locator("#activity-chart rect.bar").count() >= 1
    assert page.locator("#activity-chart title").first.text_content()
    _shot(page, "04-actor")
    assert page.dialogs == [] and page.errors == []


def test_hostile_articles_execute_nothing(server: str, page: Any, db: Path) -> None:
    with TestClient(create_app(db)) as client:
        urls = _hostile_pages(client)
    shown_as_text = 0
    for n, url in enumerate(urls):
        page.goto(server + url)
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)  # leave onload/onerror handlers time to fire, if any
        assert page.evaluate(f"typeof window.{FLAG}") == "undefined", url
        injected = page.evaluate(
            "document.querySelectorAll('main script, main img, main iframe, main svg[onload], "
            '[onerror], [onload], a[href^="javascript"]\').length'
        )
        assert injected == 0, url
        if url.startswith("/articles/") and "<script>" in page.locator("main").inner_text():
            shown_as_text += 1  # the payload is displayed, as text
            _shot(page, f"05-hostile-{n}")
    assert shown_as_text >= 3
    for link in page.locator("main a").all()[:40]:
        href = link.get_attribute("href") or ""
        assert not href.lower().startswith("javascript"), href
    assert page.dialogs == []


def test_figures_and_timeline_charts(server: str, page: Any) -> None:
    page.goto(server + "/figures?what=killed")
    assert page.locator("#series-chart polyline.line").count() >= 1
    assert page.locator("#series-chart circle.revision").count() >= 1
    _shot(page, "06-figures")
    page.goto(server + "/timeline")
    page.fill("#tl-issue", "cessez-le-feu")
    page.press("#tl-issue", "Enter")
    page.wait_for_url("**/timeline/*")
    assert page.locator("ol.timeline > li").count() >= 2
    assert page.locator("#timeline-chart svg").is_visible()
    _shot(page, "07-timeline")
    page.goto(server + "/timeline")
    page.click("ul.issues a[href='/timeline/ceasefire']")
    page.wait_for_url("**/timeline/ceasefire")
    assert page.locator("#stance-chart svg circle.stance-oppose").count() >= 1
    assert page.locator("#stance-chart svg circle.stance-support").count() >= 1
    assert page.locator("table.stances tbody tr").count() >= 2
    _shot(page, "08-stances")


def test_readable_on_a_phone(server: str, browser: Any) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
    )
    pg = context.new_page()
    pg.goto(server + "/search?q=secouristes")
    pg.locator(".results-list a.title").first.click()
    pg.wait_for_url("**/articles/*")
    overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"page is {overflow}px wider than the phone"
    _shot(pg, "08-phone-article")
    context.close()


def test_keyboard_navigation(server: str, page: Any) -> None:
    page.goto(server + "/search?q=barrage")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")  # skip link: focus moves to the content
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "top-q"
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert page.locator(".kbd-current").count() == 1
    page.keyboard.press("Enter")
    page.wait_for_url("**/articles/*")
    page.keyboard.press("j")
    assert page.evaluate("document.activeElement.classList.contains('hl')")
