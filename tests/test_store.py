"""Store tests, run unchanged on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

try:  # tests/ is a package when it has __init__.py, a plain folder otherwise
    from tests.pgserver import create_database, find_bindir, running_server
except ImportError:  # pragma: no cover
    from pgserver import (  # type: ignore[no-redef]
        create_database,
        find_bindir,
        running_server,
    )
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
from veille.store import SCHEMA_VERSION, Store, StoreError, open_store

_db_names = itertools.count()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    bindir = find_bindir()
    if bindir is None:
        message = "PostgreSQL server binaries not found (apt-get install postgresql)"
        if os.environ.get("VEILLE_REQUIRE_POSTGRES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    with running_server(bindir) as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "veille.db")
    server = request.getfixturevalue("pg_server")
    return create_database(server, f"veille_test_{os.getpid()}_{next(_db_names)}")


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as s:
        yield s


def sample(
    n: int = 0,
    date: str | None = "2023-10-07",
    title: str | None = None,
    speaker: str = "Antony Blinken",
    duplicate_of: str | None = None,
) -> Extraction:
    """A small but complete extraction whose offsets really index its text."""
    text = (
        f"Article {n}. Les États-Unis « soutiennent Israël », a déclaré {speaker}. "
        "Selon le Hamas, plus de 9.200 personnes ont été tuées à Gaza, dont 3.826 enfants. "
        "Le ministre a rencontré l'Élysée."
    )
    article = Article(
        source=f"corpus/{n}.txt",
        text=text,
        title=title or f"Dépêche {n}",
        date=date,
        url=f"https://example.org/{n}",
        site="example.org",
        duplicate_of=duplicate_of,
        meta={"feed": "rss", "n": n},
    )

    def span(s: str) -> tuple[int, int]:
        start = text.index(s)
        return start, start + len(s)

    q0, q1 = span("soutiennent Israël")
    s0, s1 = span(speaker)
    f0, f1 = span("plus de 9.200")
    c0, c1 = span("3.826")
    h0, h1 = span("Selon le Hamas")
    return Extraction(
        article=article,
        quotes=[
            Quote(
                "mixed",
                q0,
                q1,
                text[q0:q1],
                "déclarer",
                Speaker(s0, s1, speaker, speaker, "Q_blinken"),
            ),
            Quote("indirect", 0, 9, text[0:9], None, Speaker(None, None, None, None, None)),
        ],
        figures=[
            Figure(
                f0,
                f1,
                text[f0:f1],
                9200.0,
                "more_than",
                "killed",
                "Gaza",
                FigureSource("le Hamas", "Hamas", "Q_hamas", h0 + 6, h1),
            ),
            Figure(c0, c1, text[c0:c1], 3826, "exactly", "children", "Gaza", part_of=0),
            Figure(0, 7, text[0:7], 2.5, "about", "percent", None, unit="%", value_max=3.75),
        ],
        actors=[
            ActorMention("Q_blinken", speaker, "person", [(s0, s1)]),
            ActorMention("Q_usa", "États-Unis", "country", [span("États-Unis"), (0, 3)]),
            ActorMention("Q_nobody", "Personne", "group", []),
        ],
        events=[
            Event(
                "CONSULT",
                *span("a rencontré"),
                mode="meet",
                source_actor="Q_blinken",
                target_actor="Q_elysee",
            ),
            Event("REJECT", 0, 7, negated=True),
        ],
    )


# -- records in, records out ---------------------------------------------------------


def test_round_trip_is_exact(store: Store) -> None:
    ex = sample(1)
    assert store.add(ex, ["k1", "k2"], b"\x00\x01sig")
    back = store.get(ex.article.id)
    assert back is not None
    assert back.to_contract() == ex.to_contract()
    assert json.dumps(back.to_contract()) == json.dumps(ex.to_contract())
    assert back.article.meta == ex.article.meta
    assert back.figures[0].source == ex.figures[0].source
    assert store.get("missing") is None


def test_add_existing_changes_nothing(store: Store) -> None:
    ex = sample(1)
    assert store.add(ex) is True
    before = store.counts()
    changed = sample(1)
    changed.quotes = []
    assert store.add(changed) is False
    assert store.counts() == before
    got = store.get(ex.article.id)
    assert got is not None and len(got.quotes) == 2


def test_add_many_skips_stored_and_repeated_ids(store: Store) -> None:
    store.add(sample(1))
    batch = [(sample(i), [f"b{i}"], b"s") for i in (1, 2, 3, 2)]
    assert store.add_many(batch) == 2
    assert store.add_many([]) == 0
    assert store.counts()["articles"] == 3
    assert store.has_article(sample(3).article.id)
    assert not store.has_article("nope")


def test_iter_extractions_streams_in_insertion_order(store: Store) -> None:
    wanted = [sample(i, date=f"202{i % 3}-01-01") for i in (5, 3, 9, 1, 7)]
    store.add_many([(ex, None, None) for ex in wanted[:3]])
    for ex in wanted[3:]:
        store.add(ex)
    stream = store.iter_extractions(batch_size=2)
    assert iter(stream) is stream
    got = list(stream)
    assert [e.article.id for e in got] == [e.article.id for e in wanted]
    assert [e.to_contract() for e in got] == [e.to_contract() for e in wanted]


def test_counts(store: Store) -> None:
    first = sample(1)
    store.add(first)
    store.add(sample(2, duplicate_of=first.article.id))
    assert store.counts() == {
        "articles": 2,
        "duplicates": 1,
        "quotes": 4,
        "figures": 6,
        "actors": 3,
        "events": 4,
    }


def test_duplicate_of_unknown_article_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="duplicate_of"):
        store.add(sample(2, duplicate_of="0000000000000000"))
    assert store.counts()["articles"] == 0
    first, second = sample(1), sample(2)
    second.article.duplicate_of = first.article.id
    assert store.add_many([(first, None, None), (second, None, None)]) == 2


def test_actor_keeps_first_name_but_articles_keep_their_own(store: Store) -> None:
    store.add(sample(1, speaker="Antony Blinken"))
    other = sample(2, speaker="A. Blinken")
    store.add(other)
    got = store.get(other.article.id)
    assert got is not None and got.actors[0].name == "A. Blinken"
    assert store.counts()["actors"] == 3


# -- full-text search ------------------------------------------------------------------


def test_search_is_accent_insensitive_with_snippet(store: Store) -> None:
    store.add(sample(1))
    other = sample(2, title="Météo")
    other.article.text = "Il pleut sur Paris. " * 3
    store.add(other)
    for query in ("etats-unis", "ÉTATS UNIS", "elysee", "israel", '"les etats"'):
        hits = store.search(query)
        assert [h["id"] for h in hits] == [sample(1).article.id], query
    hit = store.search("etats-unis")[0]
    assert "[" in hit["snippet"] and "]" in hit["snippet"]
    assert set(hit) >= {"id", "title", "date", "source", "url", "snippet", "score"}
    assert store.search("pleut")[0]["id"] == other.article.id
    assert store.search("introuvable") == []


def test_search_ranks_and_pages(store: Store) -> None:
    weak = sample(1)
    strong = sample(2, title="Gaza Gaza")
    strong.article.text += " Gaza, Gaza, Gaza."
    store.add(weak)
    store.add(strong)
    assert [h["id"] for h in store.search("gaza")] == [strong.article.id, weak.article.id]
    assert [h["id"] for h in store.search("gaza", limit=1, offset=1)] == [weak.article.id]


def test_search_prefix(store: Store) -> None:
    store.add(sample(1))
    assert len(store.search("souten*")) == 0  # prefix of the stem only, not of the word
    assert len(store.search("soutien*")) == 1


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unterminated phrase',
        "(",
        ")",
        "*",
        "AND",
        "NOT gaza",
        "gaza OR",
        "a-b-c",
        "l'armée",
        "-",
        "^gaza",
        "title:gaza",
        "NEAR(gaza israel)",
        "gaza &| !",
        "' ; --",
        "",
        "   ",
        "\\",
        "%_",
        "{}[]",
        "ÉTATS-UNIS*",
    ],
)
def test_search_never_crashes_on_syntax(store: Store, query: str) -> None:
    store.add(sample(1))
    assert isinstance(store.search(query), list)


# -- listings --------------------------------------------------------------------------


def test_quotes_filters(store: Store) -> None:
    store.add(sample(1, date="2023-10-07", speaker="Emmanuel Macron"))
    store.add(sample(2, date="2023-11-02", speaker="Antony Blinken"))
    store.add(sample(3, date="2023", speaker="Hélène Élysée"))
    store.add(sample(4, date=None, speaker="Antony Blinken"))
    assert len(store.quotes()) == 8
    assert {q["article_id"] for q in store.quotes(speaker="BLINKEN")} == {
        sample(2).article.id,
        sample(4).article.id,
    }
    assert [q["speaker_name"] for q in store.quotes(speaker="helene elysee")] == ["Hélène Élysée"]
    assert store.quotes(speaker="100%") == []
    in_october = store.quotes(since="2023-10", until="2023-10")
    assert {q["date"] for q in in_october} == {"2023-10-07"}
    assert {q["date"] for q in store.quotes(since="2023-10-08")} == {"2023-11-02"}
    assert {q["date"] for q in store.quotes(until="2023")} == {"2023", "2023-10-07", "2023-11-02"}
    assert {q["date"] for q in store.quotes(until="2023-10-07")} == {"2023-10-07"}
    assert len(store.quotes(query="SOUTIENNENT israel")) == 4
    dates = [q["date"] for q in store.quotes()]
    assert dates == ["2023-11-02"] * 2 + ["2023-10-07"] * 2 + ["2023"] * 2 + [None] * 2
    with pytest.raises(StoreError, match="invalid date"):
        store.quotes(since="07/10/2023")
    with pytest.raises(StoreError, match="invalid date"):
        store.quotes(until="2023-13")


def test_listings_leave_out_duplicates_unless_asked(store: Store) -> None:
    first = sample(1)
    store.add(first)
    store.add(sample(2, duplicate_of=first.article.id))
    assert len(store.quotes()) == 2
    assert len(store.quotes(duplicates=True)) == 4
    assert len(store.figures()) == 3
    assert store.speakers() == [("Antony Blinken", 1)]
    assert store.speakers(duplicates=True) == [("Antony Blinken", 2)]


def test_figures_filters(store: Store) -> None:
    store.add(sample(1))
    assert [f["what"] for f in store.figures()] == ["killed", "children", "percent"]
    killed = store.figures(what="killed")
    assert len(killed) == 1 and killed[0]["value"] == 9200
    assert isinstance(killed[0]["value"], int)
    assert killed[0]["source_name"] == "Hamas"
    assert len(store.figures(where="gaza")) == 2
    assert len(store.figures(source="HAMAS")) == 1
    assert store.figures(where="Paris") == []
    pct = store.figures(what="percent")[0]
    assert pct["value"] == 2.5 and pct["value_max"] == 3.75 and pct["unit"] == "%"
    assert store.figures(what="children")[0]["part_of"] == 0


def test_speakers_ranked_with_stable_ties(store: Store) -> None:
    store.add(sample(1, speaker="Zoé"))
    store.add(sample(2, speaker="Antony Blinken"))
    store.add(sample(3, speaker="Antony Blinken"))
    store.add(sample(4, speaker="Alain"))
    assert store.speakers() == [("Antony Blinken", 2), ("Alain", 1), ("Zoé", 1)]
    assert store.speakers(limit=1) == [("Antony Blinken", 2)]


def test_articles_listing_pages_are_stable(store: Store) -> None:
    for i in range(7):
        store.add(sample(i, date="2024-01-01" if i % 2 else "2024-02"))
    everything = store.articles(limit=100)
    assert len(everything) == 7
    paged = [a["id"] for off in range(0, 7, 3) for a in store.articles(limit=3, offset=off)]
    assert paged == [a["id"] for a in everything]
    assert [a["date"] for a in everything][:3] == ["2024-02"] * 3
    assert len(store.articles(since="2024-02")) == 4
    assert len(store.articles(until="2024-01")) == 3
    assert "text" not in everything[0]


def test_ingest_log(store: Store) -> None:
    store.log("a.txt", "ok")
    store.log("b.html", "error", "not UTF-8 and no charset found")
    store.log("c.txt", "skipped", "already stored")
    errors = store.errors()
    assert [(e["source"], e["reason"]) for e in errors] == [
        ("b.html", "not UTF-8 and no charset found")
    ]
    with pytest.raises(StoreError):
        store.log("d.txt", "weird")


# -- near-duplicate band index ---------------------------------------------------------


def test_band_index_in_database(store: Store) -> None:
    a, b, c = sample(1), sample(2), sample(3)
    store.add(a, ["x", "y"], b"sig-a")
    store.add(b, ["y", "z"], b"sig-b")
    store.add(c)
    assert store.candidates(["y"]) == [a.article.id, b.article.id]
    assert store.candidates(["z", "x", "z"]) == [a.article.id, b.article.id]
    assert store.candidates(["nothing"]) == []
    assert store.signature(b.article.id) == b"sig-b"
    assert store.signature(c.article.id) is None
    store.add_bands(c.article.id, ["w"], b"sig-c")  # stored article: written at once
    assert store.candidates(["w"]) == [c.article.id]
    assert store.signature(c.article.id) == b"sig-c"


def test_pending_bands_wait_for_their_article(store_url: str) -> None:
    a, b = sample(1), sample(2)
    with open_store(store_url) as store:
        store.add(a, ["k"], b"sig-a")
        store.add_bands(b.article.id, ["k", "m"], b"sig-b")
        store.add_bands(b.article.id, ["other"], b"ignored")
        assert store.candidates(["k"]) == [a.article.id, b.article.id]
        assert store.signature(b.article.id) == b"sig-b"
        other = open_store(store_url)
        assert other.candidates(["m"]) == []  # nothing written before the article is
        other.close()
        store.add(b)
    with open_store(store_url) as store:
        assert store.candidates(["m", "k"]) == [a.article.id, b.article.id]
        assert store.signature(b.article.id) == b"sig-b"


def test_store_is_a_band_index(store: Store) -> None:
    from veille.clean.bands import BandIndex

    index: BandIndex = store
    assert index.candidates([]) == []


# -- opening, migrations, errors -------------------------------------------------------


def test_schema_version_and_reopen(store_url: str) -> None:
    with open_store(store_url) as store:
        store.add(sample(1))
    with open_store(store_url) as store:
        assert store.counts()["articles"] == 1
        from sqlalchemy import text

        with store._engine.connect() as conn:
            version = conn.execute(
                text("SELECT value FROM meta WHERE key = 'schema_version'")
            ).scalar_one()
            assert int(version) == SCHEMA_VERSION
            conn.execute(text("UPDATE meta SET value = '999' WHERE key = 'schema_version'"))
            conn.commit()
    with pytest.raises(StoreError, match="newer"):
        open_store(store_url)


def test_sqlite_pragmas_and_default_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with open_store() as store:
        assert store.backend == "sqlite"
        store.add(sample(1))
        with store._engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1
    assert (tmp_path / "veille.db").is_file()
    with open_store(f"sqlite:///{tmp_path / 'veille.db'}") as store:
        assert store.counts()["articles"] == 1


def test_clear_errors_for_bad_targets(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("hello, I am not a database\n" * 10)
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(junk)
    with pytest.raises(StoreError, match="directory"):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "missing" / "v.db")
    with pytest.raises(StoreError, match="unsupported"):
        open_store("mysql://u@localhost/db")
    with pytest.raises(StoreError, match="invalid database URL"):
        open_store("://nonsense")


def test_unreachable_postgres_is_a_store_error() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(StoreError, match="database error"):
        open_store(f"postgresql://nobody@127.0.0.1:{port}/none?connect_timeout=2")


def test_foreign_keys_cascade(store: Store) -> None:
    from sqlalchemy import text

    ex = sample(1)
    store.add(ex, ["k"], b"s")
    with store._engine.begin() as conn:
        conn.execute(text("DELETE FROM articles WHERE id = :i"), {"i": ex.article.id})
    counts = store.counts()
    assert counts["quotes"] == counts["figures"] == counts["events"] == 0
    assert store.candidates(["k"]) == [] and store.search("gaza") == []


# -- crash safety ----------------------------------------------------------------------

WRITER = textwrap.dedent("""
    import sys
    from veille.records import Article, Extraction, Quote, Speaker
    from veille.store import open_store

    def make(i):
        text = f"Article {i}: " + " ".join(f"phrase {j} citée." for j in range(30))
        quotes = [Quote("direct", 0, 7, text[0:7], "dire", Speaker(None, None, None, f"S{j}"))
                  for j in range(i % 5 + 1)]
        return Extraction(Article(source=f"{i}.txt", text=text, title=f"n={i}"), quotes=quotes)

    total, size = int(sys.argv[2]), int(sys.argv[3])
    with open_store(sys.argv[1]) as store:
        for start in range(0, total, size):
            store.add_many([(make(i), [f"k{i}"], b"s") for i in range(start, start + size)])
            print(start // size + 1, flush=True)
""")
TOTAL, BATCH = 3000, 25


def _writer(url: str, total: int = TOTAL) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(total), str(BATCH)],
        stdout=subprocess.PIPE,
        text=True,
    )


def _check_consistent(store: Store) -> int:
    """Every stored article has exactly the quotes its writer gave it."""
    n = 0
    for ex in store.iter_extractions(batch_size=200):
        i = int((ex.article.title or "").removeprefix("n="))
        assert len(ex.quotes) == i % 5 + 1, ex.article.title
        n += 1
    return n


@pytest.mark.slow
def test_killed_ingest_leaves_whole_batches(store_url: str) -> None:
    open_store(store_url).close()  # migrate first, so the kill hits the ingest itself
    proc = _writer(store_url)
    assert proc.stdout is not None
    seen = [proc.stdout.readline() for _ in range(2)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert [s.strip() for s in seen] == ["1", "2"]
    if not store_url.startswith("postgresql"):
        with sqlite3.connect(store_url) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            raw.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
    with open_store(store_url) as store:
        stored = store.counts()["articles"]
        assert stored % BATCH == 0 and 2 * BATCH <= stored < TOTAL
        assert _check_consistent(store) == stored
    rerun = _writer(store_url)
    assert rerun.wait(timeout=300) == 0
    with open_store(store_url) as store:
        final = store.counts()
        assert final["articles"] == TOTAL
        assert _check_consistent(store) == TOTAL
        first, last = store.candidates([f"k{TOTAL - 1}", "k0"])
        titles = [ex.article.title for ex in map(store.get, (first, last)) if ex]
        assert titles == ["n=0", f"n={TOTAL - 1}"]
    again = _writer(store_url)
    assert again.wait(timeout=300) == 0
    with open_store(store_url) as store:
        assert store.counts() == final


# -- Datasette -------------------------------------------------------------------------


def test_sqlite_file_opens_in_datasette(tmp_path: Path) -> None:
    datasette = shutil.which("datasette", path=str(Path(sys.executable).parent)) or shutil.which(
        "datasette"
    )
    if datasette is None:
        pytest.skip("datasette not installed")
    db = tmp_path / "veille.db"
    with open_store(db) as store:
        store.add(sample(1))
        other = sample(2)
        other.article.text = "Il pleut."
        store.add(other)
    out = tmp_path / "inspect.json"
    subprocess.run(
        [datasette, "inspect", str(db), "--inspect-file", str(out)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    tables = json.loads(out.read_text())["veille"]["tables"]
    assert tables["articles"]["count"] == 2 and tables["quotes"]["count"] == 4
    assert "articles_fts" in tables
    found = subprocess.run(
        [datasette, str(db), "--get", "/veille/articles.json?_search=etats-unis&_shape=array"],
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    assert [a["id"] for a in json.loads(found.stdout)] == [sample(1).article.id]
