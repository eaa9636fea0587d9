"""Quote and figure extraction on fictional sentences, and offsets on real seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille import nlp as nlp_module
from veille.extractors.marks import find_quoted_spans
from veille.extractors.numbers import find_numbers

from .contract import check_record


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_module.load("fr")


def quotes_of(nlp, text: str):  # type: ignore[no-untyped-def]
    return nlp(text)._.quotes


def figures_of(nlp, text: str):  # type: ignore[no-untyped-def]
    return nlp(text)._.figures


# -- quotation marks ------------------------------------------------------------------


def test_marks_pair_within_paragraph_only() -> None:
    text = "Il a dit « bonjour à tous.\n\nPuis » rien."
    assert find_quoted_spans(text) == []


def test_marks_trim_inner_nonbreaking_spaces_and_keep_nested() -> None:
    text = "Elle a dit :\u00a0«\u00a0Le mot “paix” compte\u202f»."
    (span,) = find_quoted_spans(text)
    assert text[span.start : span.end] == "Le mot “paix” compte"


def test_marks_unbalanced_straight_quote_does_not_crash() -> None:
    assert find_quoted_spans("Il a dit \"oui et puis s'en alla.") == []


# -- quotes ---------------------------------------------------------------------------


def test_direct_quote_with_inverted_pronoun_resolves_to_previous_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "La ministre valdorienne de l'Intérieur, Ilsa Varenne, s'est rendue à Tervel. "
        "« Nous reconstruirons chaque maison de la vallée », a-t-elle déclaré jeudi."
    )
    (q,) = quotes_of(nlp, text)
    assert q.kind == "direct"
    assert q.text == "Nous reconstruirons chaque maison de la vallée"
    assert q.verb == "déclarer"
    assert q.speaker.text == "elle"
    assert q.speaker.name == "Ilsa Varenne"


def test_title_surname_resolves_to_full_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le Premier ministre morvanien Radomir Vesselic a rencontré les secouristes. "
        '"Nous ne céderons rien sur la frontière", a déclaré M. Vesselic.'
    )
    (q,) = quotes_of(nlp, text)
    assert q.speaker.text == "M. Vesselic"
    assert q.speaker.name == "Radomir Vesselic"


def test_colon_lead_in_is_direct(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "M. Tomas Keller a répondu : « Ce ne serait pas ma recommandation à ce stade »."
    (q,) = quotes_of(nlp, text)
    assert q.kind == "direct"
    assert q.speaker.name == "Tomas Keller"


def test_short_fragment_after_cue_is_mixed(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le maire Paul Orsini a appelé à « faire davantage » pour les sinistrés."
    (q,) = quotes_of(nlp, text)
    assert q.kind == "mixed"  # the whole reported clause, quote marks included
    assert q.text == "« faire davantage » pour les sinistrés"
    assert q.speaker.name == "Paul Orsini"


def test_indirect_quotes_que_and_selon(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Un responsable valdorien a déclaré lundi que les digues tiendraient jusqu'au printemps. "
        "Selon la Croix-Rouge valdorienne, les secours manquent de bateaux."
    )
    first, second = quotes_of(nlp, text)
    assert (first.kind, first.text) == ("indirect", "les digues tiendraient jusqu'au printemps")
    assert first.speaker.name == "responsable valdorien"
    assert (second.kind, second.verb) == ("indirect", "selon")
    assert second.text == "les secours manquent de bateaux"
    assert second.speaker.name == "Croix-Rouge valdorienne"


def test_reflexive_non_speech_verb_is_not_a_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le préfet s'est assuré que les routes étaient fermées avant la crue."
    assert quotes_of(nlp, text) == []


def test_role_description_resolves_to_person_introduced_with_a_synonym(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "La ministre valdorienne des Affaires étrangères Mira Castel est arrivée à Brasna. "
        "« Nous ne signerons rien sans garanties sur la frontière », a déclaré la cheffe "
        "de la diplomatie valdorienne."
    )
    (q,) = quotes_of(nlp, text)
    assert q.speaker.name == "Mira Castel"


def test_scare_quotes_are_not_quotes(nlp) -> None:  # type: ignore[no-untyped-def]
    text = 'La "pause" a duré deux heures dans la vallée de la Sarnelle.'
    assert quotes_of(nlp, text) == []


# -- numbers and figures ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9.200 personnes", 9200),
        ("32 000 personnes", 32000),
        ("32\u00a0000 personnes", 32000),
        ("32\u202f000 personnes", 32000),
        ("2,3 millions d'habitants", 2_300_000),
        ("1,5 milliard d'euros", 1_500_000_000),
        ("trois mille cinq cents personnes", 3500),
    ],
)
def test_number_forms(text: str, value: float) -> None:
    (n,) = find_numbers(text)
    assert n.value == value


def test_figure_qualifier_what_and_source(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Les crues ont tué plus de 1.450 personnes, dont 312 enfants, "
        "selon le ministère valdorien de l'Intérieur."
    )
    figs = figures_of(nlp, text)
    assert [f.text for f in figs] == ["plus de 1.450", "312"]
    main, sub = figs
    assert (main.value, main.qualifier, main.what) == (1450, "more_than", "killed")
    assert main.source.name == "ministère valdorien de l'Intérieur"
    assert sub.what == "children" and sub.part_of == 0


@pytest.mark.parametrize(
    "text",
    [
        "La réunion a eu lieu le 7 mars à Stavelin.",
        "Le convoi est parti à 14 h 30.",
        "Le maire, âgé de 54 ans, a visité le site.",
        "C'est le 3e jour de recherches.",
        "La digue avait été construite en 1987.",
        "Les pluies durent depuis 28 jours.",
    ],
)
def test_not_figures(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert figures_of(nlp, text) == []


def test_percent_with_qualifier(nlp) -> None:  # type: ignore[no-untyped-def]
    (f,) = figures_of(nlp, "La grève a supprimé près de 40 % des trains régionaux.")
    assert (f.value, f.qualifier, f.what, f.text) == (40, "about", "percent", "près de 40 %")


# -- real seeds: offsets are truth ------------------------------------------------------


def test_seed_offsets_are_truth(shared: Path) -> None:
    import veille

    for path in sorted((shared / "seeds").glob("*.txt")):
        text = path.read_text("utf-8")
        record = veille.extract(text)
        assert check_record(record) == [], path.name


def test_a_document_speaks_for_the_body_named_in_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le rapport annuel de l'Office valdorien des statistiques indique que la population "
        "de la vallée a baissé depuis les crues."
    )
    (q,) = quotes_of(nlp, text)
    assert q.kind == "indirect"
    assert q.speaker.name is not None and "Office valdorien des statistiques" in q.speaker.name


def test_description_ending_with_a_name_gives_the_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le ministre valdorien des Affaires étrangères Anton de Morvel a déclaré que la "
        "frontière resterait ouverte aux convois de secours."
    )
    (q,) = quotes_of(nlp, text)
    assert q.speaker.name == "Anton de Morvel"
