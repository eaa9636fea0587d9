"""Figures on fictional sentences: number forms, qualifiers, what, source, period, and
what is not a figure. The development gold is scored by ``veille eval figures``."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille import nlp as nlp_module
from veille.extractors.figures import FigureExtractor
from veille.extractors.numbers import find_numbers
from veille.records import Figure


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_module.load("fr")


def figs(nlp, text: str, date: str | None = None) -> list[Figure]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    if date is None:
        return list(doc._.figures)
    return FigureExtractor("fr")(doc, doc._.quotes, date)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("17.177 morts", 17177),
        ("1 200 morts", 1200),
        ("32\u2009000 personnes", 32000),
        ("1,5 milliard d'euros", 1_500_000_000),
        ("12.2% des voix", 12.2),
        ("200 MF", 200_000_000),
        ("vingt-huit morts", 28),
    ],
)
def test_number_forms(text: str, value: float) -> None:
    (n,) = find_numbers(text)
    assert n.value == pytest.approx(value)


@pytest.mark.parametrize(
    ("phrase", "qualifier"),
    [
        ("plus de 300", "more_than"),
        ("au moins 300", "at_least"),
        ("environ 300", "about"),
        ("près de 300", "about"),
        ("quelque 300", "about"),
        ("moins de 300", "less_than"),
        ("au plus 300", "at_most"),
        ("jusqu'à 300", "at_most"),
    ],
)
def test_qualifiers(nlp, phrase: str, qualifier: str) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, f"Les crues ont fait {phrase} morts dans la vallée de la Sarnelle.")
    assert (f.text, f.qualifier, f.value, f.what) == (phrase, qualifier, 300, "killed")


def test_percent_after_a_and_qualifier(nlp) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, "Le barrage était rempli à plus de 70% avant la rupture.")
    assert (f.text, f.value, f.qualifier, f.what) == ("plus de 70%", 70, "more_than", "percent")


def test_range_is_one_figure(nlp) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, "Entre 200 et 300 habitants ont été évacués de Veltz.")
    assert (f.text, f.value, f.value_max, f.what) == ("Entre 200 et 300", 200, 300, "inhabitants")
    (g,) = figs(nlp, "Quelque 10 à 15.000 enfants attendent une place.")
    assert (g.value, g.value_max, g.qualifier) == (10000, 15000, "about")


def test_fraction_of_another_figure(nlp) -> None:  # type: ignore[no-untyped-def]
    a, b = figs(nlp, "La ville abrite environ la moitié des 2,3 millions d'habitants de la région.")
    assert (a.text, a.value, a.what, a.part_of) == ("environ la moitié", 50, "percent", 1)
    assert (b.value, b.what) == (2_300_000, "inhabitants")


def test_spelled_counts_and_verb_category(nlp) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, "Trois mille cinq cents personnes ont été déplacées par les crues.")
    assert (f.value, f.what) == (3500, "displaced")
    (g,) = figs(nlp, "Quatre mineurs ont été écroués samedi à Brasna.")
    assert (g.value, g.what) == (4, "arrested")


@pytest.mark.parametrize(
    "text",
    [
        "Le drame s'est produit le 7 octobre 2023 à Stavelin.",
        "Le convoi est parti vers 4 h 15 du matin.",
        "Le maire, âgé de 54 ans, a visité le site.",
        "C'est la 3e fois que la digue cède, et la deuxième cette année.",
        "Les pluies durent depuis 28 jours.",
        "Renseignements au 03.29.88.43.12 en mairie.",
        "Il habite au 37, rue de la Libération.",
        "Le Conseil a voté la résolution 1405 à New York.",
        "Le village se trouve à 15 km au nord de Stavelin.",
        "Les Jazz se sont imposés 93 à 83 avec 25 points de Karl Malone.",
        "Temps de lecture : 4 min",
        "La pharmacie est ouverte 24 heures sur 24.",
        "La Tunisie s'est engagée en 2014 à respecter la loi n°58.",
    ],
)
def test_not_figures(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert figs(nlp, text) == []


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Selon l'armée israélienne, 240 personnes ont été enlevées.", "armée israélienne"),
        ("D'après la SVS, environ 38 000 personnes ont été déplacées.", "SVS"),
        (
            "Le ministère de l'Intérieur a fait état de 17 177 morts dans la vallée.",
            "ministère de l'Intérieur",
        ),
        (
            "Le chiffre est contesté par la Société valdorienne de secours, qui dénombre plus de"
            " 1.100 décès confirmés.",
            "Société valdorienne de secours",
        ),
        (
            "Près de 60 % des sondés sont inquiets, selon un sondage réalisé par l'IFOP.",
            "IFOP",
        ),
    ],
)
def test_sources(nlp, text: str, source: str) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, text)
    assert f.source.name == source


def test_figure_in_a_quote_is_the_speakers(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "« Nous avons compté deux cents morts », a déclaré la députée Hanna Drevic."
    (f,) = figs(nlp, text)
    assert (f.value, f.source.name) == (200, "Hanna Drevic")


def test_subset_part_of(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Les crues ont tué 1.450 personnes, dont 312 enfants, selon le ministère."
    a, b = figs(nlp, text)
    assert b.part_of == 0 and b.what == "children" and a.what == "killed"


def test_period_from_the_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, "Depuis le 7 octobre, 9.200 personnes ont été tuées à Gaza.", "2023-11-04")
    assert (f.period_start, f.period_end) == ("2023-10-07", "2023-11-04")
    (g,) = figs(nlp, "Les frappes ont tué 9.200 personnes en 28 jours de guerre.", "2023-11-04")
    assert (g.period_start, g.period_end) == ("2023-10-07", "2023-11-04")


def test_dev_gold_bar(shared: Path) -> None:
    """The development gold stays above the issue's bar (F1, qualifier)."""
    from veille.evaluation.gold import load_gold
    from veille.evaluation.scoring import score_figures, veille_predictions

    docs = load_gold(Path(__file__).resolve().parents[1] / "gold" / "dev", shared)
    predicted = veille_predictions(docs)
    report = score_figures(docs, lambda d: predicted[d.doc].figures)
    assert report.prf.f1 >= 0.92
    assert report.qualifier.value >= 0.95
    assert report.source.value >= 0.85
