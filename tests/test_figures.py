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


@pytest.mark.parametrize(
    ("phrase", "qualifier"),
    [
        ("à peine 300", "at_most"),
        ("pas moins de 300", "at_least"),
        ("un peu plus de 300", "more_than"),
        ("un peu moins de 300", "less_than"),
        ("pas loin de 300", "about"),
        ("au bas mot 300", "at_least"),
        ("tout au plus 300", "at_most"),
        ("jusqu’à 300", "at_most"),
    ],
)
def test_more_qualifiers(nlp, phrase: str, qualifier: str) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, f"Les crues ont fait {phrase} morts dans la vallée de la Sarnelle.")
    assert (f.text, f.qualifier, f.value) == (phrase, qualifier, 300)


def test_figure_text_never_starts_with_a_line_break(nlp) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, "Le bilan des crues.\n\nAu moins 300 personnes ont été tuées.")
    assert f.text == "Au moins 300"


def test_range_or_change(nlp) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, "Les crues ont fait de 200 à 300 morts dans la vallée.")
    assert (f.value, f.value_max, f.what) == (200, 300, "killed")
    a, b = figs(nlp, "Le bilan des crues est passé de 200 à 300 morts en une semaine.")
    assert (a.value, a.value_max, b.value) == (200, None, 300)


# -- sources given outside the figure's sentence ---------------------------------------


def test_announced_document_credits_the_next_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le ministère valdorien de la Santé a publié samedi un nouveau bilan.\n\n"
        "Au moins 1.250 personnes ont été tuées, dont 312 enfants. Plus de 3.400 personnes"
        " ont été blessées.\n\nLa pluie a cessé dimanche. Les 40 écoles restent fermées."
    )
    a, b, c, d = figs(nlp, text)
    assert {a.source.name, b.source.name, c.source.name} == {"ministère valdorien de la Santé"}
    assert d.source.name is None  # after a sentence with no figure, the article speaks


def test_same_source_phrases(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Selon la Société valdorienne de secours, 1.250 personnes ont été tuées. Selon le"
        " même bilan, 3.400 personnes ont été blessées. De même source, on compte 40 disparus."
    )
    assert [f.source.name for f in figs(nlp, text)] == ["Société valdorienne de secours"] * 3


def test_this_report_is_the_one_announced(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "L'Agence valdorienne de secours (AVS) a publié mardi son rapport.\n\n"
        "Selon ce rapport, 1,5 million de personnes ont été déplacées."
    )
    (f,) = figs(nlp, text)
    assert (f.what, f.source.name) == ("displaced", "Agence valdorienne de secours")


def test_trailing_pronoun_after_an_unnamed_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "« Nous avons recensé 300 blessés », a déclaré un responsable de l'hôpital de Veltz."
        " Au total, 42 ambulances ont été détruites, a-t-il ajouté."
    )
    assert [f.source.name for f in figs(nlp, text)] == ["responsable de l'hôpital de Veltz"] * 2


def test_subset_of_the_sentence_before(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "D'après un décompte de l'agence Valpresse, 87 journalistes ont été tués. Parmi eux,"
        " 12 travaillaient pour des médias étrangers."
    )
    a, b = figs(nlp, text)
    assert (b.part_of, b.what, b.source.name) == (0, a.what, "Valpresse")
    a, b = figs(nlp, "Veltz compte 12.000 habitants. Environ 3.000 d'entre eux ont été évacués.")
    assert (b.part_of, b.what, b.qualifier) == (0, "inhabitants", "about")


def test_pronoun_after_selon(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le météorologue Piotr Alvenic suit la crue. Selon lui, 12 communes sont menacées."
    (f,) = figs(nlp, text)
    assert f.source.name == "Piotr Alvenic"


def test_recap_sentence_credits_the_figures_before_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Les crues ont fait 1.250 morts et 3.400 blessés. Plus de 20.000 personnes ont été"
        " déplacées. C'est ce qui ressort d'un rapport publié par l'Office valdorien des"
        " migrations."
    )
    assert {f.source.name for f in figs(nlp, text)} == {"Office valdorien des migrations"}
    text = "Au moins 1.250 morts, 3.400 blessés et 20.000 déplacés. Selon la Croix-Verte."
    assert {f.source.name for f in figs(nlp, text)} == {"Croix-Verte"}
    for recap in (
        "Ce sont les chiffres de la préfecture de Veltz.",
        "C'est ce qu'a annoncé dimanche la préfecture de Veltz.",
        "Ces chiffres ont été communiqués par la préfecture de Veltz.",
    ):
        text = "Les crues ont fait 1.250 morts et 3.400 blessés. " + recap
        assert {f.source.name for f in figs(nlp, text)} == {"préfecture de Veltz"}, recap


def test_announcement_stops_at_another_agent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "La préfecture de Veltz a publié un bilan. Les secours, eux, comptent 1.300 morts."
    (f,) = figs(nlp, text)
    assert f.source.name is None


# -- sources in the figure's sentence ---------------------------------------------------


def test_trailing_incise(nlp) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, "Plus de 1.250 personnes sont mortes, a annoncé la préfecture de Veltz.")
    assert f.source.name == "préfecture de Veltz"
    text = (
        "« Nous ne céderons pas », a déclaré le porte-parole Anton Verlac. Le bilan"
        " s'élève à 40 morts, a-t-il précisé."
    )
    (g,) = figs(nlp, text)
    assert g.source.name == "Anton Verlac"
    text = (
        "Environ 1.250 personnes ont été évacuées, a indiqué à la presse le maire de Veltz,"
        " Piotr Alvenic."
    )
    (h,) = figs(nlp, text)
    assert h.source.name == "Piotr Alvenic"
    text = "Quelque 1.200 emplois seront supprimés, a annoncé lundi l'entreprise Valtex."
    (k,) = figs(nlp, text)
    assert (k.source.text, k.source.name) == ("l'entreprise Valtex", "Valtex")


def test_document_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    (f,) = figs(nlp, "Le bilan de la préfecture de Veltz s'élève désormais à 1.250 morts.")
    assert f.source.name == "préfecture de Veltz"
    (g,) = figs(nlp, "Le bilan des crues s'élève désormais à 1.250 morts.")
    assert g.source.name is None  # a document credited to no one


def test_document_credits_its_body(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le rapport de l'Office valdorien des migrations montre que 20.000 personnes ont"
        " demandé l'asile."
    )
    (f,) = figs(nlp, text)
    assert f.source.name == "Office valdorien des migrations"


def test_colon_after_a_reporting_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "L'Office valdorien des migrations a publié son rapport annuel : 20.000 personnes"
        " ont demandé l'asile."
    )
    (f,) = figs(nlp, text)
    assert f.source.name == "Office valdorien des migrations"


def test_nearest_of_several_sources(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le bilan est lourd : 1.250 morts et 3.400 blessés, selon la préfecture, et 40"
        " disparus selon les pompiers."
    )
    assert [f.source.name for f in figs(nlp, text)] == ["préfecture", "préfecture", "pompiers"]


def test_body_names(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "L'OVR a dénoncé la crue. Les 40 communes du bassin ont été inondées, selon"
        " l'Observatoire valdorien des rivières."
    )
    (f,) = figs(nlp, text)
    assert f.source.name == "OVR"  # the acronym the article introduced first
    text = (
        "L'Observatoire valdorien des rivières (OVR) a dénoncé la crue. Les 40 communes"
        " du bassin ont été inondées, selon l'Observatoire valdorien des rivières."
    )
    (e,) = figs(nlp, text)
    assert e.source.name == "Observatoire valdorien des rivières"  # introduced in full
    (g,) = figs(nlp, "La guérilla marxiste du FLV a reconnu détenir 12 otages.")
    assert g.source.name == "FLV"  # the name after a class noun
    (h,) = figs(nlp, "Selon les récentes statistiques, 12 % des ménages sont endettés.")
    assert h.source.name == "statistiques"  # no date adjective


def test_apposed_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le maire, Piotr Alvenic, a estimé que 300 foyers seraient évacués."
    (f,) = figs(nlp, text)
    assert f.source.name == "Piotr Alvenic"


@pytest.mark.parametrize(
    "text",
    [
        # a temporal clause inside the reported one: background the article asserts
        "Les autorités valdoriennes estiment que 500 personnes ont été évacuées depuis que la"
        " digue a cédé sous 3 millions de mètres cubes d'eau.",
        # "selon" after a verb of sorting: a criterion, not a source
        "Les chercheurs ont classé les 40 communes les plus touchées selon la source des données.",
        "Les tarifs des 12 lignes varient selon l'âge.",
        # the article's own authority
        "Les crues ont fait 1.250 morts dans la vallée de la Sarnelle.",
    ],
)
def test_no_source(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert [f.source.name for f in figs(nlp, text)][-1] is None


def test_fixed_expressions_are_not_figures(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le ministre a plaidé pour la solution à deux États et l'égalité entre les deux sexes."
    assert figs(nlp, text) == []


def test_age_brackets_are_not_scores(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Ces deux projets suivent la politique menée pour les 6-16 ans."
    (f,) = figs(nlp, text)
    assert f.value == 2


# -- what is counted --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "index", "what"),
    [
        ("Trois des cinq notables convoqués ont été entendus.", 0, "people"),
        ("Le conseil représente les cinq millions de Valdoriens de l'étranger.", 0, "people"),
        ("La liste a obtenu 56 sièges sur un total de 131 au nouveau parlement.", 1, "seats"),
        (
            "Le plan prévoit 792 milliards de dollars de baisses d'impôts, et les excédents"
            " pourraient atteindre 3.000 milliards d'ici dix ans.",
            1,
            "dollars",
        ),
        ("Sur onze joueurs, l'entraîneur n'en a vu que trois en forme.", 1, "people"),
        (
            "Deux gardiens de la paix, qui tentaient de s'interposer, ont été légèrement blessés.",
            0,
            "injured",
        ),
        ("L'accusé a plaidé coupable des huit chefs d'accusation.", 0, "other"),
        (
            "Le canton compte 5.400 habitants et les quatre villages voisins 1.200.",
            1,
            "other",
        ),
    ],
)
def test_what_is_counted(nlp, text: str, index: int, what: str) -> None:  # type: ignore[no-untyped-def]
    assert figs(nlp, text)[index].what == what


def test_dev_gold_bar(shared: Path) -> None:
    """The development gold stays above the issue's bar (F1, qualifier)."""
    from veille.evaluation.gold import load_gold
    from veille.evaluation.scoring import score_figures, veille_predictions

    docs = load_gold(Path(__file__).resolve().parents[1] / "gold" / "dev", shared)
    predicted = veille_predictions(docs)
    report = score_figures(docs, lambda d: predicted[d.doc].figures)
    assert report.prf.f1 >= 0.92
    assert report.qualifier.value >= 0.95
    assert report.source.value >= 0.90
