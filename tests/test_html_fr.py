"""The HTML reader on the html-fr gold pages: thresholds sit just under the measured rates
(keep 97.1%, drop 97.2%, date 91.7%, title 95.2%) so that any regression fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.evaluation.html_fr import HtmlFrReport, evaluate_html_fr


@pytest.fixture(scope="module")
def report(shared: Path) -> HtmlFrReport:
    return evaluate_html_fr(shared / "corpus" / "html-fr")


def test_every_page_is_read(report: HtmlFrReport) -> None:
    assert len(report.pages) == 30
    assert [p.error for p in report.pages if p.error] == []


def test_keeps_article_text(report: HtmlFrReport) -> None:
    assert report.keep >= 0.95, report.format(misses=True)


def test_drops_page_furniture(report: HtmlFrReport) -> None:
    assert report.drop >= 0.95, report.format(misses=True)


def test_finds_publication_dates(report: HtmlFrReport) -> None:
    assert report.date >= 0.9, report.format(misses=True)


def test_finds_titles(report: HtmlFrReport) -> None:
    assert report.title >= 0.9, report.format(misses=True)


def test_clean_hook_is_applied(shared: Path) -> None:
    emptied = evaluate_html_fr(shared / "corpus" / "html-fr", clean=lambda text: "")
    assert emptied.keep == 0.0 and emptied.drop == 1.0


def test_format_lists_misses_on_demand(report: HtmlFrReport) -> None:
    short, full = report.format(), report.format(misses=True)
    assert short.startswith("html-fr: 30 pages") and "keep" in short and "drop" in short
    assert full.startswith(short) and "leaked" in full and "leaked" not in short
