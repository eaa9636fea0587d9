"""The French date normaliser: expressions resolved against the article date."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille.extractors.dates import duration_days, find_timexes, shift

ANCHOR = "2023-11-02"  # a Thursday


def values(text: str, anchor: str | None = ANCHOR) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in find_timexes(text, anchor)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le 7 octobre", [("le 7 octobre", "2023-10-07")]),
        ("7 octobre 2023", [("7 octobre 2023", "2023-10-07")]),
        ("en mars 2024", [("mars 2024", "2024-03")]),
        ("en 2023", [("2023", "2023")]),
        ("hier", [("hier", "2023-11-01")]),
        ("la semaine dernière", [("la semaine dernière", "2023-W43")]),
        ("samedi dernier", [("samedi dernier", "2023-10-28")]),
        ("il y a deux jours", [("il y a deux jours", "2023-10-31")]),
        ("l'an dernier", [("l'an dernier", "2022")]),
        ("cette année", [("cette année", "2023")]),
        ("le 1er septembre prochain", [("le 1er septembre prochain", "2024-09-01")]),
        ("les années 60", [("les années 60", "196X")]),
        ("à la fin du XIXe siècle", [("la fin du XIXe siècle", "18XX")]),
        ("à l'automne", [("l'automne", "2023-FA")]),
    ],
)
def test_expressions(text: str, expected: list[tuple[str, str]]) -> None:
    assert values(text) == expected


def test_weekday_and_part_of_day() -> None:
    (t,) = find_timexes("mercredi soir", ANCHOR)
    assert (t.type, t.value) == ("TIME", "2023-11-01TEV")
    (t,) = find_timexes("jeudi", ANCHOR)  # the article's own day in news
    assert t.value == "2023-11-02"


def test_weekday_picks_the_year_of_a_dated_day() -> None:
    # 5 June was a Saturday in 1999: the weekday settles the year
    assert values("le samedi 5 juin", "1999-05-22") == [("le samedi 5 juin", "1999-06-05")]


def test_day_month_nearest_the_article() -> None:
    assert values("le 21 décembre", "2002-01-03") == [("le 21 décembre", "2001-12-21")]


def test_two_days_one_month() -> None:
    assert values("les 6 et 13 avril", "2003-02-24") == [
        ("les 6", "2003-04-06"),
        ("13 avril", "2003-04-13"),
    ]


def test_periods_and_unresolved_anchor() -> None:
    found = find_timexes("depuis le 7 octobre, en 28 jours de guerre", ANCHOR)
    assert [(t.text, t.value, t.since) for t in found] == [
        ("le 7 octobre", "2023-10-07", True),
        ("28 jours", "P28D", False),
    ]
    (t,) = find_timexes("depuis le début de la guerre", ANCHOR)
    assert t.value is None and t.anchor == "guerre" and t.since


def test_relative_without_article_date_stays_unresolved() -> None:
    (t,) = find_timexes("hier", None)
    assert t.value is None


def test_not_dates() -> None:
    assert values("2000 personnes ont fui") == []
    assert values("Les pluies durent depuis vingt-huit jours.") == [("vingt-huit jours", "P28D")]


def test_helpers() -> None:
    assert shift("2023-11-04", -28) == "2023-10-07"
    assert duration_days("P3W") == 21 and duration_days("P2M") is None


def test_frtimebank_dev_bar(shared: Path) -> None:
    """DATE values on FRTimeBank dev stay at the level measured (HeidelTime-like)."""
    from veille.evaluation.dates_eval import load_timex_gold, score_dates, veille_dates

    docs = load_timex_gold(shared / "corpus" / "frtimebank" / "frtimebank-dev.jsonl")
    predicted = veille_dates(docs)
    report = score_dates(docs, lambda d: predicted[d.id])
    assert report.relaxed.f1 >= 0.90
    assert report.value_all.value >= 0.85
