"""Series, revisions and conflicts on the fictional examples/ corpus, which plants a
revision (1 400 → 1 200 killed, Valdorian interior ministry) and a conflicting count from
the Société valdorienne de secours."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from veille.interfaces.cli import app

from .conftest import EXAMPLES

runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("rev") / "ex.db"
    result = runner.invoke(app, ["ingest", "--quiet", str(EXAMPLES), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return str(path)


def _points(db: str):  # type: ignore[no-untyped-def]
    from veille.analyze.series import points
    from veille.store import open_store

    store = open_store(db)
    try:
        return points(store.iter_extractions(), what="killed")
    finally:
        store.close()


def test_planted_revision_is_found(db: str) -> None:
    from veille.analyze.revisions import revisions

    found = [
        (r.before.value, r.before.date, r.after.value, r.after.date)
        for r in revisions(_points(db))
        if "ministère valdorien de l'intérieur" in r.source.lower()
    ]
    assert (1400, "2026-03-08", 1200, "2026-03-13") in found


def test_older_value_in_a_later_article_keeps_its_own_date(db: str) -> None:
    # "1 200 morts, contre 1 400 annoncés le 8 mars" (13 March article)
    pts = [p for p in _points(db) if p.article_date == "2026-03-13" and p.value == 1400]
    assert pts and all(p.date == "2026-03-08" for p in pts)


def test_conflicting_source_same_day(db: str) -> None:
    from veille.analyze.revisions import conflicts

    pairs = {frozenset((c.a.source_key, c.b.source_key)) for c in conflicts(_points(db))}
    assert any(any("secours" in s for s in pair) for pair in pairs)


def test_revisions_command_and_plot(db: str, tmp_path: Path) -> None:
    import json

    result = runner.invoke(app, ["revisions", "--db", db, "--what", "killed", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert any(r["kind"] == "revision" and r["to_value"] == 1200 for r in rows)
    assert any(r["kind"] == "conflict" for r in rows)
    target = tmp_path / "killed.svg"
    result = runner.invoke(app, ["figures", "--db", db, "--what", "killed", "--plot", str(target)])
    assert result.exit_code == 0 and target.read_text().startswith("<?xml")
    bad = runner.invoke(app, ["figures", "--db", db, "--plot", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 2
