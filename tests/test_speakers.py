"""Speaker attribution on fictional sentences, and the actor-aware speaker comparison."""

from __future__ import annotations

import pytest

from veille import nlp as nlp_module
from veille.evaluation.scoring import same_name


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_module.load("fr")


def speakers(nlp, text: str) -> list[tuple[str, str | None]]:  # type: ignore[no-untyped-def]
    return [(q.text, q.speaker.name) for q in nlp(text)._.quotes]


def speaker_of(nlp, text: str, words: str) -> str | None:  # type: ignore[no-untyped-def]
    found = [name for quoted, name in speakers(nlp, text) if words in quoted]
    assert found, f"no quote with {words!r} in {speakers(nlp, text)}"
    return found[0]


# -- pronouns -------------------------------------------------------------------------


def test_inverted_pronoun_hung_away_from_the_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le maire de Verlac, Paul Orsini, a visité le chantier lundi. "
        "« Je n'ai pas demandé de nouveaux crédits », a-t-il par ailleurs concédé."
    )
    assert speaker_of(nlp, text, "nouveaux crédits") == "Paul Orsini"


def test_pronoun_agrees_in_gender_with_its_antecedent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "La porte-parole de la mairie de Verlac, Claire Dumas, a indiqué que "
        "M. Orsini avait promis des crédits. "
        "« Il faut rouvrir l'école avant l'hiver », a-t-elle ajouté."
    )
    assert speaker_of(nlp, text, "rouvrir l'école") == "Claire Dumas"


def test_plural_pronoun_takes_a_plural_subject_not_a_person(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Les avocats de la défense ont écrit au juge Marc Tellier. "
        "Ils ont également affirmé que le dossier était incomplet."
    )
    assert speaker_of(nlp, text, "dossier était incomplet") == "avocats de la défense"


def test_topic_set_with_quant_a_stands_for_the_pronoun(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le maire Paul Orsini a inauguré le pont. Quant à la présidente de l'association "
        "des riverains, elle a estimé que les travaux avaient trop duré."
    )
    assert speaker_of(nlp, text, "trop duré") == "présidente de l'association des riverains"


def test_pronoun_chain_through_an_earlier_pronoun(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Quant à la directrice de l'école de Verlac, Claire Dumas, elle a écrit au préfet "
        "Jean Morel. Elle a ensuite affirmé que la cantine resterait ouverte."
    )
    assert speaker_of(nlp, text, "cantine resterait ouverte") == "Claire Dumas"


def test_colon_lead_in_without_a_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le maire de Verlac, Paul Orsini, a visité l'école. Mais Orsini se sait attendu "
        "au tournant : « Nous devons rouvrir la cantine avant la rentrée de septembre. »"
    )
    assert speaker_of(nlp, text, "rouvrir la cantine") == "Paul Orsini"


# -- subjects -------------------------------------------------------------------------


def test_participle_lead_in_speaks_for_the_main_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le préfet de Verlac, Jean Morel, a salué les secours, "
        'ajoutant que les habitants "pourront rentrer chez eux dès demain".'
    )
    assert speaker_of(nlp, text, "rentrer chez eux") == "Jean Morel"


def test_document_participle_speaks_for_who_published_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "La mairie de Verlac a publié un communiqué indiquant que les deux adjoints "
        '"ont discuté du budget de l\'école".'
    )
    assert speaker_of(nlp, text, "budget de l'école") == "mairie de Verlac"


def test_name_in_a_complement_is_not_the_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Selon un proche de Paul Orsini, le maire de Verlac ne se représentera pas."
    assert speaker_of(nlp, text, "ne se représentera pas") == "proche de Paul Orsini"


# -- descriptions ---------------------------------------------------------------------


def test_role_resolves_to_a_speaker_introduced_with_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le ministre valdorien de l'Agriculture Anton Delmas a estimé hier que la récolte "
        "serait bonne. « Rien ne justifie de fermer les marchés », a affirmé le ministre "
        "valdorien."
    )
    assert speaker_of(nlp, text, "fermer les marchés") == "Anton Delmas"


def test_definite_person_noun_after_a_quote_is_that_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "« Ce genre de panne est imprévisible », assure Léon Marchetti, le responsable "
        "du réseau d'eau de Verlac. « Aucun signe ne l'annonce », explique l'ingénieur."
    )
    assert speaker_of(nlp, text, "Aucun signe") == "Léon Marchetti"


def test_office_with_its_portfolio_found_after_the_same_words(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le ministre de la Santé Anton Delmas a visité Verlac lundi. "
        "« Je n'ai enfreint aucune règle », a déclaré le ministre de la Santé."
    )
    assert speaker_of(nlp, text, "aucune règle") == "Anton Delmas"


def test_office_is_not_whoever_was_named_last(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Paul Orsini, le maire de Verlac, a été hospitalisé hier soir, selon le porte-parole."
    assert speaker_of(nlp, text, "hospitalisé") == "porte-parole"


# -- scoring --------------------------------------------------------------------------


def test_same_speaker_registry_aliases_and_spelling() -> None:
    assert same_name("Benjamin Netanyahu", "Benjamin Netanyahou")
    assert same_name("William Burns", "William Burn")


def test_same_speaker_trailing_modifier_without_determiner() -> None:
    assert same_name("IFOP pour Ouest-France", "IFOP")
    assert same_name(
        "groupe armé lié au mouvement Fatah de X", "groupe armé lié au mouvement Fatah"
    )
    assert not same_name("autorités depuis le début de la guerre", "autorités")
    assert not same_name("gouvernement de l'époque", "gouvernement")


def test_different_speakers_stay_different() -> None:
    assert not same_name("toxicologue", "Antony Fastier")
    assert not same_name("Premier ministre", "Premier ministre Andrej Babiš")
    assert not same_name("Joe", "Joe Biden")
    assert not same_name("Joe Biden", "Jill Biden")
    assert not same_name(None, "Joe Biden")
    assert same_name(None, None)


def test_name_cut_off_before_its_cue_still_speaks(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le verdict est tombé hier.\n\nClaire Dubreuil, fondatrice ALBA affirme « C’est une "
        "bonne décision ! La peine maximale, c’est très bien ». Craignant des lenteurs, elle "
        "ajoute « Nous allons suivre le dossier jusqu’au bout. »"
    )
    assert speaker_of(nlp, text, "bonne décision") == "Claire Dubreuil"
    assert speaker_of(nlp, text, "suivre le dossier") == "Claire Dubreuil"


# -- bodies and coordinations ---------------------------------------------------------


def test_definite_body_noun_stands_for_the_body_named_before(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "La société Ventrel a fermé son usine de Tervel. Le groupe Ventrel n'a pas cillé. "
        "« Nous n'avons pas d'autre choix », explique le groupe."
    )
    assert speaker_of(nlp, text, "autre choix") == "Ventrel"


def test_body_noun_with_a_complement_names_another_body(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "La société Ventrel a fermé son usine de Tervel. « Nous n'avons pas d'autre "
        "choix », explique la société de transport Orvane."
    )
    assert speaker_of(nlp, text, "autre choix") != "Ventrel"


def test_kind_of_body_before_its_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le groupe armé des FLT a reconnu avoir attaqué le convoi."
    assert speaker_of(nlp, text, "attaqué le convoi") == "FLT"


def test_part_of_a_body_is_not_a_kind(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le ministère de la Santé du Front de Tervel a affirmé que le bilan s'alourdissait."
    assert speaker_of(nlp, text, "bilan") != "Front de Tervel"


def test_a_name_takes_the_gender_of_the_pronouns_that_stood_for_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Paul Vernet a longtemps dirigé le chantier de Tervel. Un jour, il reçoit une lettre "
        "de Léa Marnier, une amie d'enfance. « Je pense souvent au quartier », écrit-elle. "
        "Il ajoute, « tout a changé depuis, même les rues. »"
    )
    assert speaker_of(nlp, text, "souvent au quartier") == "Léa Marnier"
    assert speaker_of(nlp, text, "même les rues") == "Paul Vernet"


def test_participle_clause_after_a_quote_is_no_incise(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Au jeu des étiquettes, Paul Vernet oppose sa volonté de rester « un homme libre », "
        "rejetant le terme de « centriste » tout en partageant les idées de Léa Marnier."
    )
    assert speaker_of(nlp, text, "homme libre") == "Paul Vernet"


def test_infinitive_cue_speaks_for_the_main_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "La Valdorie réclame Marc Tessier afin de le juger pour «homicides volontaires et "
        "enlèvements», pour la prise d'otages de 1975."
    )
    assert speaker_of(nlp, text, "homicides") == "Valdorie"


def test_incise_verb_the_tagger_took_for_a_noun(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "« C'est inacceptable », juge Léa Marnier, présidente de l'association."
    (quote,) = nlp(text)._.quotes
    assert (quote.kind, quote.verb, quote.speaker.name) == ("direct", "juger", "Léa Marnier")


def test_indefinite_speaker_after_an_incise(nlp) -> None:  # type: ignore[no-untyped-def]
    assert speaker_of(nlp, "« On ne lâchera rien », lance un manifestant.", "lâchera") == (
        "manifestant"
    )


def test_pronoun_passes_by_a_town_in_a_complement(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Léa Marnier, la maire de Tervel, était sur place. « Nous reconstruirons », "
        "a-t-elle promis."
    )
    assert speaker_of(nlp, text, "reconstruirons") == "Léa Marnier"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # NER may tag the office itself as a person: the name still names the speaker
        (
            "Le nouveau Premier ministre Paul Vernet a annoncé qu'il garderait le gouvernement.",
            "Paul Vernet",
        ),
        # a coordination's head is its first conjunct
        ("Paul Vernet et Léa Marnier ont affirmé que la route serait rouverte.", "Paul Vernet"),
    ],
)
def test_name_inside_the_subject(nlp, text: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    assert speaker_of(nlp, text, "") == speaker


def test_split_quote_takes_the_speaker_named_after_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "« Nous ne céderons pas, a-t-il dit, ni aujourd'hui ni demain », a prévenu Paul Vernet."
    assert speakers(nlp, text) == [
        ("Nous ne céderons pas", "Paul Vernet"),
        ("ni aujourd'hui ni demain", "Paul Vernet"),
    ]


def test_lead_quote_speaks_for_the_person_introduced_after_it(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "« Rien ne sera plus comme avant. » Paul Vernet, maire de Tervel, a la voix qui tremble."
    assert speaker_of(nlp, text, "comme avant") == "Paul Vernet"


def test_lead_quote_does_not_reach_into_the_next_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "« Rien ne sera plus comme avant. »\n\nPaul Vernet, maire de Tervel, a la voix qui tremble."
    )
    assert speaker_of(nlp, text, "comme avant") is None


def test_name_the_parser_made_the_root_speaks_for_its_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Paul Vernet a fait savoir qu'il ne démissionnerait pas."
    assert speakers(nlp, text) == [("il ne démissionnerait pas", "Paul Vernet")]
