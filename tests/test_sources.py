"""Readers: every format round-trips, and bad input costs one clear error, never the batch."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from veille.records import Article, ReadError
from veille.sources import ReadOptions, read_paths
from veille.sources.dates import normalize_date

PARAGRAPHS = [
    "La maire de Montcalvet, Hélène Garrigou, a annoncé mardi la fermeture provisoire du "
    "pont de la Rivière-Basse, jugé trop fragile après les crues de l'hiver dernier.",
    "« Nous ne prendrons aucun risque avec la sécurité des habitants », a-t-elle déclaré "
    "devant le conseil municipal, réuni en séance extraordinaire.",
    "Selon les services techniques, les travaux devraient durer au moins six mois et "
    "coûter près de 1,2 million d'euros, financés en partie par le département.",
    "Les commerçants du centre-ville redoutent une baisse de fréquentation pendant la "
    "saison estivale et demandent des navettes gratuites depuis la rive gauche.",
]
ARTICLE_TEXT = "\n\n".join(PARAGRAPHS)
HEADLINE = "Le pont de la Rivière-Basse fermé pour six mois"

PAGE = """<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<title>Le pont de la Rivière-Basse fermé pour six mois - Le Courrier du Val</title>
<meta property="og:title" content="Le pont de la Rivière-Basse fermé pour six mois">
<meta property="og:site_name" content="Le Courrier du Val">
<meta property="article:published_time" content="2024-03-12T08:30:00+01:00">
</head><body>
<nav><ul><li><a href="/">Accueil</a></li><li><a href="/politique">Politique</a></li>
<li><a href="/sports">Sports</a></li></ul></nav>
<div class="cookie-banner"><p>Ce site utilise des cookies pour mesurer l'audience.</p></div>
<main><article><h1>Le pont de la Rivière-Basse fermé pour six mois</h1>
{paragraphs}
</article></main>
<footer><p>© Le Courrier du Val — Mentions légales — Contact</p></footer>
</body></html>
"""


def html_page() -> str:
    return PAGE.format(paragraphs="\n".join(f"<p>{p}</p>" for p in PARAGRAPHS))


def articles(items: list[Article | ReadError]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def errors(items: list[Article | ReadError]) -> list[ReadError]:
    return [i for i in items if isinstance(i, ReadError)]


def read(*paths: Path | str, options: ReadOptions | None = None) -> list[Article | ReadError]:
    return list(read_paths([str(p) for p in paths], options))


# --- formats ---------------------------------------------------------------------------


def test_seed_text_with_date(tmp_path: Path) -> None:
    path = tmp_path / "seed.txt"
    path.write_text(" date 2024-03-12 " + ARTICLE_TEXT, encoding="utf-8")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.date == "2024-03-12"
    assert article.text == ARTICLE_TEXT
    assert article.title is None and article.source == str(path) and article.lang == "fr"


def test_plain_text_with_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "brut.text"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE_TEXT.replace("\n", "\r\n").encode("utf-8"))
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.text == ARTICLE_TEXT and article.date is None


def test_shared_seeds_read_with_their_dates(shared: Path) -> None:
    items = read(shared / "seeds")
    assert not errors(items)
    dates = {Path(a.source).name[:3]: a.date for a in articles(items)}
    assert dates == {
        "000": "2023-11",
        "001": "2023-11",
        "002": "2023-12",
        "003": "2024-03",
        "004": None,
    }
    assert all(not a.text.startswith(("date", " ")) for a in articles(items))


def test_frtimebank_articles_have_day_dates(shared: Path) -> None:
    items = read(shared / "corpus" / "frtimebank" / "articles")
    assert not errors(items) and len(items) == 71
    for article in articles(items):
        assert article.date == Path(article.source).name[:10]


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "pont.html"
    path.write_text(html_page(), encoding="utf-8")
    (article,) = read(path)
    assert isinstance(article, Article)
    assert article.title == "Le pont de la Rivière-Basse fermé pour six mois"
    assert article.date == "2024-03-12"
    assert article.site == "Le Courrier du Val"
    # The headline inside <article> stays in the body, like the first line of a seed file.
    assert article.text.split("\n\n") == [HEADLINE, *PARAGRAPHS]
    assert "cookies" not in article.text and "Mentions légales" not in article.text


def test_jsonl_and_json_list_with_field_mapping(tmp_path: Path) -> None:
    rows = [
        {
            "title": "Fermeture du pont",
            "maintext": PARAGRAPHS[0],
            "date_publish": "2024-03-12 08:30:00",
            "url": "https://courrier-du-val.example/pont",
            "source_domain": "courrier-du-val.example",
        },
        {"headline": "Travaux", "body": PARAGRAPHS[2], "pubdate": "mardi 12 mars 2024"},
    ]
    (tmp_path / "export.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8"
    )
    (tmp_path / "export.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")
    items = read(tmp_path / "export.jsonl", tmp_path / "export.json")
    assert not errors(items) and len(items) == 4
    first, second = articles(items)[:2]
    assert (first.title, first.text, first.date) == (
        "Fermeture du pont",
        PARAGRAPHS[0],
        "2024-03-12",
    )
    assert (first.url, first.site) == (
        "https://courrier-du-val.example/pont",
        "courrier-du-val.example",
    )
    assert (second.title, second.text, second.date) == ("Travaux", PARAGRAPHS[2], "2024-03-12")
    assert [a.text for a in articles(items)[2:]] == [PARAGRAPHS[0], PARAGRAPHS[2]]


def test_custom_field_names(tmp_path: Path) -> None:
    path = tmp_path / "maison.jsonl"
    path.write_text(json.dumps({"corps": PARAGRAPHS[1], "jour": "12/03/2024"}), encoding="utf-8")
    options = ReadOptions(text_fields=("corps",), date_fields=("jour",))
    (article,) = read(path, options=options)
    assert isinstance(article, Article)
    assert (article.text, article.date) == (PARAGRAPHS[1], "2024-03-12")


def test_csv_semicolon_cp1252_and_tsv(tmp_path: Path) -> None:
    csv_text = f'titre;title;text;date\nx;Fermeture du pont;"{PARAGRAPHS[0]}";12/03/2024\n'
    (tmp_path / "excel.csv").write_bytes(csv_text.encode("cp1252"))
    tsv_text = f"title\tcontent\tpublished\nTravaux\t{PARAGRAPHS[2]}\t2024-03\n"
    (tmp_path / "export.tsv").write_text(tsv_text, encoding="utf-8")
    items = read(tmp_path / "excel.csv", tmp_path / "export.tsv")
    assert not errors(items)
    csv_article, tsv_article = articles(items)
    assert (csv_article.title, csv_article.text, csv_article.date) == (
        "Fermeture du pont",
        PARAGRAPHS[0],
        "2024-03-12",
    )
    assert (tsv_article.title, tsv_article.text, tsv_article.date) == (
        "Travaux",
        PARAGRAPHS[2],
        "2024-03",
    )


def test_csv_row_without_text_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "lignes.csv"
    path.write_text(f'title,text\nA,"{PARAGRAPHS[0]}"\nB,\nC,"{PARAGRAPHS[1]}"\n', encoding="utf-8")
    items = read(path)
    assert [a.title for a in articles(items)] == ["A", "C"]
    (error,) = errors(items)
    assert error.source == f"{path}:line 3" and "no text" in error.reason


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Le Courrier du Val</title>
<link>https://courrier-du-val.example/</link><description>Actualités</description>
<item><title>Le pont fermé</title><link>https://courrier-du-val.example/pont</link>
<pubDate>Tue, 12 Mar 2024 08:30:00 GMT</pubDate>
<description><![CDATA[<p>{p0}</p><p>{p1}</p>]]></description></item>
<item><title>Travaux</title><link>https://courrier-du-val.example/travaux</link>
<pubDate>Wed, 13 Mar 2024 10:00:00 +0100</pubDate><description>{p2}</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Le Courrier du Val</title>
<id>urn:courrier</id><updated>2024-03-12T08:30:00Z</updated>
<entry><title>Le pont fermé</title><link href="https://courrier-du-val.example/pont"/>
<id>urn:pont</id><published>2024-03-12T08:30:00+01:00</published><updated>2024-03-14T08:00:00Z</updated>
<content type="html">&lt;p&gt;{p0}&lt;/p&gt;</content></entry></feed>"""


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    (tmp_path / "flux.rss").write_text(
        RSS.format(p0=PARAGRAPHS[0], p1=PARAGRAPHS[1], p2=PARAGRAPHS[2]), encoding="utf-8"
    )
    (tmp_path / "flux.atom").write_text(ATOM.format(p0=PARAGRAPHS[0]), encoding="utf-8")
    items = read(tmp_path / "flux.rss", tmp_path / "flux.atom")
    assert not errors(items)
    first, second, atom = articles(items)
    assert first.text == "\n\n".join(PARAGRAPHS[:2])
    assert (first.title, first.date, first.site) == (
        "Le pont fermé",
        "2024-03-12",
        "Le Courrier du Val",
    )
    assert first.url == "https://courrier-du-val.example/pont"
    assert (second.text, second.date) == (PARAGRAPHS[2], "2024-03-13")
    assert (atom.text, atom.date, atom.title) == (PARAGRAPHS[0], "2024-03-12", "Le pont fermé")


def test_broken_feed_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "casse.xml"
    path.write_text("<?xml version='1.0'?><rss><channel><title>Rien", encoding="utf-8")
    (error,) = read(path)
    assert isinstance(error, ReadError) and error.source == str(path)
    assert error.reason.startswith("malformed feed")


def write_warc(path: Path, pages: list[tuple[str, str, str]]) -> None:
    """(url, content type, body) response records, plus a request record to skip."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for url, content_type, body in pages:
            payload = body.encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": "2024-03-15T06:00:00Z"},
            )
            writer.write_record(record)
        writer.write_record(
            writer.create_warc_record(
                "https://courrier-du-val.example/",
                "request",
                payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
            )
        )


def test_warc_responses_through_html_reader(tmp_path: Path) -> None:
    undated = html_page().replace(
        '<meta property="article:published_time" content="2024-03-12T08:30:00+01:00">', ""
    )
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path,
        [
            ("https://courrier-du-val.example/pont", "text/html; charset=utf-8", html_page()),
            ("https://courrier-du-val.example/robots.txt", "text/plain", "User-agent: *"),
            ("https://courrier-du-val.example/sans-date", "text/html", undated),
        ],
    )
    items = read(path)
    assert not errors(items)
    dated, fallback = articles(items)
    assert dated.url == "https://courrier-du-val.example/pont" and dated.date == "2024-03-12"
    assert dated.text.split("\n\n") == [HEADLINE, *PARAGRAPHS]
    assert fallback.date == "2024-03-15" and fallback.meta["date_from"] == "warc"


def test_corrupt_warc_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "abime.warc"
    write_warc(path, [("https://courrier-du-val.example/pont", "text/html", html_page())])
    with path.open("ab") as stream:
        stream.write(
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999\r\n\r\n<html><p>tronq"
        )
        stream.write(b"\x00\x17garbage" * 10)
    garbage = tmp_path / "poubelle.warc"
    garbage.write_bytes(b"WARC/1.0\r\nxx\r\n\r\n" + bytes(range(256)) * 3)
    items = read(path, garbage)
    assert len(articles(items)) == 1
    assert [(e.source, e.reason.split(" (")[0]) for e in errors(items)] == [
        (str(path), "corrupt or truncated WARC after record 2"),
        (str(garbage), "corrupt WARC at record 1: no WARC-Type"),
    ]


# --- paths -----------------------------------------------------------------------------


def test_stdin_is_sniffed(tmp_path: Path) -> None:
    stdin = io.BytesIO((" date 2024-03-12 " + ARTICLE_TEXT).encode("utf-8"))
    (article,) = read("-", options=ReadOptions(stdin=stdin))
    assert isinstance(article, Article)
    assert (article.source, article.date, article.text) == ("<stdin>", "2024-03-12", ARTICLE_TEXT)
    html = io.BytesIO(html_page().encode("utf-8"))
    (page,) = read("-", options=ReadOptions(stdin=html))
    assert (
        isinstance(page, Article)
        and page.title == "Le pont de la Rivière-Basse fermé pour six mois"
    )


def test_real_stdin_in_a_subprocess() -> None:
    code = (
        "from veille.sources import read_paths\nfor a in read_paths(['-']): print(a.date, a.text)"
    )
    jsonl = json.dumps({"text": "Le conseil a voté.", "date": "2024-03-12"}) + "\n"
    out = subprocess.run(
        [sys.executable, "-c", code], input=jsonl.encode(), capture_output=True, check=True
    )
    assert out.stdout.decode().strip() == "2024-03-12 Le conseil a voté."


def test_folder_recursion_and_globs_in_sorted_order(tmp_path: Path) -> None:
    for name in ["b/deux.txt", "a/z.txt", "a/sous/un.txt", ".cache/cache.txt", "a/.cache.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Texte de {name}.", encoding="utf-8")
    names = [Path(a.source).relative_to(tmp_path).as_posix() for a in articles(read(tmp_path))]
    assert names == ["a/sous/un.txt", "a/z.txt", "b/deux.txt"]
    globbed = articles(read(f"{tmp_path}/**/*.txt"))
    assert [Path(a.source).name for a in globbed] == ["un.txt", "z.txt", "deux.txt"]
    (error,) = read(f"{tmp_path}/*.pdf")
    assert isinstance(error, ReadError) and "no file matches" in error.reason


# --- bad input -------------------------------------------------------------------------


def test_bad_inputs_cost_one_error_each(tmp_path: Path) -> None:
    good = tmp_path / "bon.txt"
    good.write_text(" date 2024-03-12 " + ARTICLE_TEXT, encoding="utf-8")
    legacy = tmp_path / "ancien.txt"
    legacy.write_bytes(ARTICLE_TEXT.encode("cp1252"))
    (tmp_path / "photo.jpg").write_bytes(os.urandom(4096))
    (tmp_path / "vide.txt").write_bytes(b"")
    (tmp_path / "illisible.txt").write_bytes(b"Le maire \x81\x8d\x8f\x90\x9d a dit. " * 20)
    (tmp_path / "tronque.html").write_text(html_page()[:300], encoding="utf-8")
    lines = [json.dumps({"text": PARAGRAPHS[0]}), '{"text": ', json.dumps({"text": PARAGRAPHS[1]})]
    (tmp_path / "export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    huge = tmp_path / "enorme.txt"
    with huge.open("wb") as stream:
        block = (PARAGRAPHS[0] + "\n").encode("utf-8") * 1000
        while stream.tell() < 50_000_000:
            stream.write(block)
        stream.truncate(50_000_000)
    missing = tmp_path / "absent.txt"

    items = read(
        good,
        legacy,
        tmp_path / "photo.jpg",
        tmp_path / "vide.txt",
        tmp_path / "illisible.txt",
        tmp_path / "tronque.html",
        tmp_path / "export.jsonl",
        huge,
        missing,
    )

    assert [a.text for a in articles(items)] == [
        ARTICLE_TEXT,
        ARTICLE_TEXT,
        PARAGRAPHS[0],
        PARAGRAPHS[1],
    ]
    reasons = {Path(e.source).name: e.reason for e in errors(items)}
    assert reasons == {
        "photo.jpg": "not text (binary content)",
        "vide.txt": "empty file",
        "illisible.txt": "not valid text: not UTF-8 and no plausible encoding found",
        "tronque.html": "truncated or unparseable HTML: no article text found",
        "export.jsonl:line 2": "invalid JSON on line 2: Expecting value",
        "enorme.txt": "file too large (50.0 MB > 10 MB limit; raise with max_bytes)",
        "absent.txt": "no such file or directory",
    }


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "moyen.txt"
    path.write_text(ARTICLE_TEXT, encoding="utf-8")
    (error,) = read(path, options=ReadOptions(max_bytes=100))
    assert isinstance(error, ReadError) and error.reason.startswith("file too large")
    assert isinstance(read(path, options=ReadOptions(max_bytes=10_000))[0], Article)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("Tue, 14 Nov 2023 10:00:00 GMT", "2023-11-14"),
        ("2023-11-14T23:30:00-05:00", "2023-11-14"),
        ("2023-11", "2023-11"),
        ("2023", "2023"),
        ("14/11/2023", "2023-11-14"),
        ("mardi 14 novembre 2023", "2023-11-14"),
        ("1er décembre 2023 à 10h", "2023-12-01"),
        ("novembre 2023", "2023-11"),
        ("2023-13-01", None),
        ("hier", None),
        (None, None),
    ],
)
def test_dates_keep_their_precision(raw: str | None, iso: str | None) -> None:
    assert normalize_date(raw) == iso
