"""The command line end to end: real files, real model, real SQLite store."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.interfaces.cli import app

from .conftest import EXAMPLES
from .contract import check_record

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def records(stdout: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


# -- extract --------------------------------------------------------------------------


def test_extract_seeds_prints_five_contract_valid_articles(shared: Path) -> None:
    seeds = sorted(str(p) for p in (shared / "seeds").glob("*.txt"))
    code, stdout, _ = invoke("extract", "--quiet", *seeds)
    assert code == 0
    recs = records(stdout)
    assert [r["source"] for r in recs] == seeds
    for rec in recs:
        assert check_record(rec) == [], rec["source"]
    assert [r["date"] for r in recs] == ["2023-11", "2023-11", "2023-12", "2024-03", None]


def test_extract_cleans_seed_004_and_keeps_its_body(shared: Path) -> None:
    seed = next((shared / "seeds").glob("004_*.txt"))
    raw = seed.read_text("utf-8")
    _, stdout, _ = invoke("extract", "--quiet", str(seed))
    (rec,) = records(stdout)
    text = rec["text"]
    assert "Rechercher" not in text
    assert "Dernières Infos" not in text
    assert "Photo d'illustration/AFP" not in text
    assert not text.rstrip().endswith("...")
    body = [p for p in raw.split("\n\n") if len(p) > 200 and not p.rstrip().endswith("...")]
    assert len(body) >= 8
    for paragraph in body:
        assert paragraph.strip() in text


def test_extract_exit_codes(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, stdout, stderr = invoke("extract", "--quiet", str(empty))
    assert code == 1 and stdout == ""
    assert "empty.txt" in stderr
    code, _, _ = invoke("extract", "--format", "xml", str(empty))
    assert code == 2


def test_python_api_gives_the_cli_record(shared: Path) -> None:
    import veille
    from veille.sources import read_paths

    seed = next((shared / "seeds").glob("001_*.txt"))
    _, stdout, _ = invoke("extract", "--quiet", str(seed))
    (cli_rec,) = records(stdout)
    (article,) = list(read_paths([str(seed)]))
    api_rec = veille.extract(
        article.text,  # type: ignore[union-attr]
        date=article.date,  # type: ignore[union-attr]
        source=str(seed),
    )
    assert api_rec["quotes"] == cli_rec["quotes"]
    assert api_rec["figures"] == cli_rec["figures"]
    assert api_rec["text"] == cli_rec["text"]


def test_two_workers_give_identical_records(shared: Path) -> None:
    articles = str(shared / "corpus" / "frtimebank" / "articles")
    _, one, _ = invoke("extract", "--quiet", "--batch-size", "8", articles)
    _, two, _ = invoke("extract", "--quiet", "--batch-size", "8", "--workers", "2", articles)
    assert len(records(one)) == 71
    assert one == two


# -- ingest ---------------------------------------------------------------------------


def counts(db: Path) -> dict[str, int]:
    con = sqlite3.connect(db)
    try:
        tables = ["articles", "quotes", "figures", "actors", "mentions", "events", "lsh_bands"]
        return {t: con.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def test_ingest_examples_then_again_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "v.db"
    code, _, stderr = invoke("ingest", str(EXAMPLES), "--db", str(db))
    assert code == 0, stderr
    first = counts(db)
    assert first["articles"] >= 15 and first["quotes"] > 20 and first["figures"] > 20
    code, _, stderr = invoke("ingest", str(EXAMPLES), "--db", str(db))
    assert code == 0
    assert counts(db) == first
    assert "already stored" in stderr
    con = sqlite3.connect(db)
    dup = con.execute("select count(*) from articles where duplicate_of is not null").fetchone()
    assert dup[0] >= 1  # the syndicated copy in examples/


def test_ingest_shared_corpus_twice_leaves_identical_counts(shared: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    paths = [str(shared / "corpus" / "frtimebank" / "articles"), str(shared / "corpus" / "html-fr")]
    invoke("ingest", "--quiet", "--db", str(db), *paths)
    first = counts(db)
    assert first["articles"] >= 95
    invoke("ingest", "--quiet", "--db", str(db), *paths)
    assert counts(db) == first


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Bad files next to good ones; returns file name → a word its error must mention."""
    folder.mkdir()
    (folder / "random.bin").write_bytes(os.urandom(4096))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin1.txt").write_bytes(
        " date 2026-03-04 Le préfet a évacué la vallée du Sarnelle à l'aube.".encode("cp1252")
    )
    (folder / "broken.html").write_text("<html><head><title>Coupé", encoding="utf-8")
    lines = [
        json.dumps({"title": "Crue", "date": "2026-03-05", "text": "La rivière a débordé à Ois."}),
        '{"title": "cassé", "text": ',
        json.dumps({"title": "Digue", "date": "2026-03-06", "text": "La digue de Brel a tenu."}),
    ]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(folder / "huge.txt", "w", encoding="utf-8") as fh:
        line = "La pluie tombe sur la vallée depuis des jours et des jours. " * 20 + "\n"
        for _ in range(50_000_000 // len(line) + 1):
            fh.write(line)
    (folder / "good.txt").write_text(
        " date 2026-03-07 Les secours ont ouvert un gymnase à Stavelin pour les sinistrés.",
        encoding="utf-8",
    )
    return {
        "random.bin": "",
        "empty.txt": "empty",
        "broken.html": "",
        "wire.jsonl": "line 2",
        "huge.txt": "large",
    }


def test_bad_input_is_reported_and_the_rest_stored(tmp_path: Path) -> None:
    expected = _bad_inputs(tmp_path / "in")
    db = tmp_path / "bad.db"
    code, _, stderr = invoke("ingest", "--db", str(db), str(tmp_path / "in"))
    assert code == 0
    error_lines = [ln for ln in stderr.splitlines() if ln.startswith("✗")]
    for name, word in expected.items():
        mine = [ln for ln in error_lines if name in ln]
        assert len(mine) == 1, (name, error_lines)
        assert word.lower() in mine[0].lower()
    con = sqlite3.connect(db)
    texts = [r[0] for r in con.execute("select text from articles")]
    assert any("préfet a évacué" in t for t in texts)  # cp1252 decoded, not lost
    assert any("gymnase à Stavelin" in t for t in texts)
    assert sum("rivière a débordé" in t or "digue de Brel" in t for t in texts) == 2
    logged = con.execute("select count(*) from ingest_log where status = 'error'").fetchone()[0]
    assert logged == len(expected)


# -- interrupted ingests --------------------------------------------------------------


def _veille(*args: str) -> list[str]:
    return [sys.executable, "-m", "veille", *args]


def _wait_for_rows(db: Path, proc: subprocess.Popen[bytes], timeout: float = 240) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            con = sqlite3.connect(db, timeout=1)
            n = con.execute("select count(*) from articles").fetchone()[0]
            con.close()
            if n >= 8:
                return int(n)
        except sqlite3.Error:
            pass
        time.sleep(0.2)
    raise AssertionError("ingest did not store a first batch in time")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL])
def test_killed_ingest_leaves_db_consistent_and_rerun_completes(
    shared: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    corpus = str(shared / "corpus" / "frtimebank" / "articles")
    db = tmp_path / "k.db"
    proc = subprocess.Popen(
        _veille("ingest", "--quiet", "--batch-size", "4", "--db", str(db), corpus),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _wait_for_rows(db, proc)
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert b"run the same command again" in stderr
    con = sqlite3.connect(db)
    assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
    assert con.execute("pragma foreign_key_check").fetchall() == []
    partial = con.execute("select count(*) from articles").fetchone()[0]
    con.close()
    assert 0 < partial < 71
    subprocess.run(_veille("ingest", "--quiet", "--db", str(db), corpus), check=True)
    full = tmp_path / "full.db"
    subprocess.run(_veille("ingest", "--quiet", "--db", str(full), corpus), check=True)
    assert counts(db) == counts(full)


# -- listings and exports -------------------------------------------------------------


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ex") / "ex.db"
    invoke("ingest", "--quiet", str(EXAMPLES), "--db", str(db))
    return db


def test_listings_as_json(example_db: Path) -> None:
    db = str(example_db)
    _, out, _ = invoke("articles", "--db", db, "--json")
    arts = json.loads(out)
    assert len(arts) >= 15
    _, out, _ = invoke("quotes", "--db", db, "--json", "--since", "2026-03-10")
    qs = json.loads(out)
    assert qs and all(q["date"] >= "2026-03-10" for q in qs)
    _, out, _ = invoke("figures", "--db", db, "--json", "--what", "killed")
    fs = json.loads(out)
    assert fs and all(f["what"] == "killed" for f in fs)
    code, _, _ = invoke("quotes", "--db", db, "--since", "mars")
    assert code == 2


def test_search_ignores_accents(example_db: Path) -> None:
    _, out, _ = invoke("search", "ministere", "--db", str(example_db), "--json")
    assert json.loads(out)


def test_show_unknown_id_is_a_clear_error(example_db: Path) -> None:
    code, _, stderr = invoke("show", "nope", "--db", str(example_db))
    assert code == 1 and "nope" in stderr


def test_exports_jsonl_csv_parquet(example_db: Path, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    db = str(example_db)
    _, out, _ = invoke("export", "--db", db)
    recs = records(out)
    assert recs and all(check_record(r) == [] for r in recs)
    n_quotes = sum(len(r["quotes"]) for r in recs)
    _, out, _ = invoke("export", "--db", db, "--format", "csv", "--table", "quotes")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == n_quotes
    target = tmp_path / "figures.parquet"
    invoke("export", "--db", db, "--format", "parquet", "--table", "figures", "-o", str(target))
    assert pq.read_table(target).num_rows == sum(len(r["figures"]) for r in recs)


def test_ingest_with_user_actors_file_and_stored_merge(tmp_path: Path) -> None:
    """--actors adds the user's registry; a merge made with `veille actors --merge`
    rewrites the ids of articles ingested afterwards."""
    registry = tmp_path / "mine.yaml"
    registry.write_text(
        "source: fictional test data\n"
        "type: person\n"
        "actors:\n"
        "  - id: person:ilsa-varenne\n"
        "    name: Ilsa Varenne\n"
        "    aliases: [Mme Varenne]\n",
        encoding="utf-8",
    )
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        " date 2026-03-02 La ministre Ilsa Varenne est arrivée à Tervel. « Nous "
        "reconstruirons chaque maison de la vallée », a déclaré Ilsa Varenne.",
        encoding="utf-8",
    )
    db = tmp_path / "a.db"
    code, _, stderr = invoke(
        "ingest", "-q", "--db", str(db), "--actors", str(registry), str(folder)
    )
    assert code == 0, stderr
    _, out, _ = invoke("quotes", "--db", str(db), "--json")
    assert {q["speaker_actor_id"] for q in json.loads(out)} == {"person:ilsa-varenne"}

    (folder / "b.txt").write_text(
        " date 2026-03-03 Le maire Tomas Keller a visité les digues. « Rien ne sera "
        "oublié dans cette vallée », a déclaré Tomas Keller.",
        encoding="utf-8",
    )
    invoke("ingest", "-q", "--db", str(db), str(folder))
    _, out, _ = invoke("quotes", "--db", str(db), "--json", "--speaker", "Keller")
    (keller,) = {q["speaker_actor_id"] for q in json.loads(out)}
    assert keller and keller != "person:ilsa-varenne"

    code, _, stderr = invoke("actors", "--db", str(db), "--merge", keller, "person:ilsa-varenne")
    assert code == 0, stderr
    (folder / "c.txt").write_text(
        " date 2026-03-04 Tomas Keller a rouvert la mairie. « Les familles rentreront "
        "avant l'été », a déclaré Tomas Keller.",
        encoding="utf-8",
    )
    invoke("ingest", "-q", "--db", str(db), str(folder))
    _, out, _ = invoke("quotes", "--db", str(db), "--json", "--speaker", "Keller")
    later = [q for q in json.loads(out) if "familles" in q["text"]]
    assert later and {q["speaker_actor_id"] for q in later} == {"person:ilsa-varenne"}


def test_ingest_rejects_a_missing_actors_file(tmp_path: Path) -> None:
    code, _, _ = invoke(
        "ingest",
        "--db",
        str(tmp_path / "x.db"),
        "--actors",
        str(tmp_path / "nope.yaml"),
        str(EXAMPLES),
    )
    assert code == 2
