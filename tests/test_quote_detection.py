"""Quote detection on fictional sentences: kinds, spans and what is not a quote."""

from __future__ import annotations

import pytest

from veille import nlp as nlp_module
from veille.extractors.marks import find_credited_posts, find_quoted_spans


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return nlp_module.load("fr")


def quotes_of(nlp, text: str):  # type: ignore[no-untyped-def]
    quotes = nlp(text)._.quotes
    for q in quotes:  # offsets are truth
        assert text[q.start : q.end] == q.text
    return quotes


def kinds(quotes) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(q.kind, q.text) for q in quotes]


# -- marks ----------------------------------------------------------------------------


def test_unbalanced_closing_mark_pairs_nothing() -> None:
    assert find_quoted_spans("Il a conclu » puis il est parti.") == []


def test_nested_marks_stay_in_the_outer_span() -> None:
    text = "Elle a lancé : « On m'a dit “attendez” trois fois »."
    (span,) = find_quoted_spans(text)
    assert text[span.start : span.end] == "On m'a dit “attendez” trois fois"


def test_post_credited_by_a_trailer_line() -> None:
    text = (
        "Le débat a gagné les réseaux.\n\n⚠️ #Tervel | Les digues tiendront tout "
        "l'hiver. https://t.co/abc123\n\n— Léa Marnier (@leamarnier) March 3, 2021\n\nSuite."
    )
    (post,) = find_credited_posts(text)
    assert text[post.start : post.end] == "Les digues tiendront tout l'hiver."
    assert post.name == "Léa Marnier"


# -- direct ---------------------------------------------------------------------------


def test_incise_with_inverted_pronoun_splits_the_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "La syndicaliste Léa Marnier était devant la mairie de Tervel. « Cette réforme, "
        "c'est la fin du service public, soupire-t-elle. Nous ne lâcherons rien. »"
    )
    quotes = quotes_of(nlp, text)
    assert kinds(quotes) == [
        ("direct", "Cette réforme, c'est la fin du service public"),
        ("direct", "Nous ne lâcherons rien."),
    ]
    assert {q.speaker.name for q in quotes} == {"Léa Marnier"}


def test_negated_verb_after_a_comma_is_no_incise(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le chimiste Hugo Prat a poursuivi : « Les essais sur les rats, ceux de 2010, "
        "ne montrent rien. Les autres études sont fragiles. »"
    )
    (q,) = quotes_of(nlp, text)
    assert q.kind == "direct"
    assert q.text.endswith("Les autres études sont fragiles.")


def test_quoted_clause_as_whole_complement_is_direct(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "La présidente du club, Nora Vial, affirme « Nous avons tout réorganisé cette année »."
    (q,) = quotes_of(nlp, text)
    assert (q.kind, q.text) == ("direct", "Nous avons tout réorganisé cette année")


def test_comma_inside_the_marks_before_the_incise_is_direct(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "« Je n'ai enfreint aucune règle de la commune, » a déclaré le maire Paul Orsini."
    (q,) = quotes_of(nlp, text)
    assert q.kind == "direct"


# -- mixed ----------------------------------------------------------------------------


def test_quoted_noun_phrase_object_is_mixed_with_its_marks(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le maire Paul Orsini rejette « le fatalisme et la résignation » après la crue."
    quotes = quotes_of(nlp, text)
    assert ("mixed", "« le fatalisme et la résignation »") in kinds(quotes)


# -- indirect -------------------------------------------------------------------------


def test_bare_infinitive_after_a_cue(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le maire Paul Orsini a reconnu avoir signé le permis de construire sans le lire."
    (q,) = quotes_of(nlp, text)
    assert (q.kind, q.text) == ("indirect", "avoir signé le permis de construire sans le lire")


def test_content_stops_at_a_second_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Les avocats de Paul Orsini ont demandé au juge de repousser sa décision, "
        "assurant que des pièces nouvelles innocentaient leur client."
    )
    texts = [q.text for q in quotes_of(nlp, text)]
    assert "repousser sa décision" in texts
    assert "des pièces nouvelles innocentaient leur client" in texts


def test_negated_request_reports_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le conseil de Tervel, qui ne demande pas une hausse immédiate des impôts, se réunit."
    assert quotes_of(nlp, text) == []


def test_clause_before_a_colon_quote_stays_indirect(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le député Marc Albin estime que le parti doit revoir ses alliances : "
        "« Sinon, nous perdrons toutes les élections »."
    )
    quotes = quotes_of(nlp, text)
    assert ("indirect", "le parti doit revoir ses alliances") in kinds(quotes)
    assert ("direct", "Sinon, nous perdrons toutes les élections") in kinds(quotes)


@pytest.mark.parametrize(
    "text",
    [
        "Pour l'instant, la commune de Tervel concentre ses efforts sur les digues.",
        "Pour tous renseignements, s'adresser à la mairie de Tervel.",
        "Comment ce barrage est-il devenu un symbole aux yeux de ses opposants ?",
    ],
)
def test_source_prepositions_without_a_source(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert quotes_of(nlp, text) == []


def test_pour_source_after_a_connective(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Cependant, pour les chercheurs de Tervel, la digue ne tiendra pas un hiver de plus."
    (q,) = quotes_of(nlp, text)
    assert (q.kind, q.text) == ("indirect", "la digue ne tiendra pas un hiver de plus")


@pytest.mark.parametrize(
    "text",
    [
        "Pour la rénovation, la commune de Tervel demande au préfet d'accélérer les travaux.",
        "Et, pour certaines, de façon spectaculaire : la population de Tervel a doublé.",
    ],
)
def test_pour_before_what_holds_no_view_is_no_source(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert all(q.verb != "pour" for q in quotes_of(nlp, text))


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Marc Albin reste prudent. Pour lui, la digue de Tervel ne tiendra pas un hiver.",
            "la digue de Tervel ne tiendra pas un hiver",
        ),
        (
            "Pour le syndicat, la fermeture de l'usine de Tervel serait une faute.",
            "la fermeture de l'usine de Tervel serait une faute",
        ),
    ],
)
def test_pour_before_a_person_or_body_is_a_source(nlp, text: str, content: str) -> None:  # type: ignore[no-untyped-def]
    assert ("indirect", content) in kinds(quotes_of(nlp, text))


def test_cue_verb_with_a_subject_that_cannot_speak(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Les régates de cet été promettent de figurer parmi les plus disputées de la saison."
    assert quotes_of(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Les rebelles de la vallée exigent le retrait des troupes de Tervel.",
        "La diplomatie régionale exige le retrait des troupes de Tervel.",
    ],
)
def test_cue_verb_with_a_person_or_body_subject_still_reports(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert ("indirect", "le retrait des troupes de Tervel") in kinds(quotes_of(nlp, text))


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Le syndicat de Tervel a fait état jeudi de 320 licenciements dans la vallée.",
            "320 licenciements dans la vallée",
        ),
        (
            "Marc Albin a fait part de son inquiétude pour les digues de Tervel.",
            "son inquiétude pour les digues de Tervel",
        ),
    ],
)
def test_report_of_a_noun_phrase_after_de(nlp, text: str, content: str) -> None:  # type: ignore[no-untyped-def]
    assert ("indirect", content) in kinds(quotes_of(nlp, text))


def test_selon_after_a_sorting_verb_gives_a_criterion(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Puis, ils ont classé les messages reçus par la mairie de Tervel selon la source."
    assert quotes_of(nlp, text) == []


def test_past_participle_cue_without_agent_reports_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le maire de Tervel sommé de démissionner après la crue."
    assert quotes_of(nlp, text) == []


def test_adjective_frame_content_follows_the_adjective(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Marc Albin s'est dit favorable à une « trêve » permettant aux habitants de Tervel "
        "de rentrer chez eux."
    )
    (q,) = quotes_of(nlp, text)
    assert q.kind == "mixed"
    assert q.text.startswith("une « trêve » permettant")
    assert q.speaker.name == "Marc Albin"


def test_relative_que_after_a_writing_verb_object_is_no_report(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Faute de procès, certains avocats de Tervel s'essaient à la tribune, qui consiste "
        "à écrire des choses que l'on regrettera plutôt que de les plaider."
    )
    assert all(q.verb != "écrire" for q in quotes_of(nlp, text))
    assert all(q.speaker.name != "" for q in quotes_of(nlp, text))


@pytest.mark.parametrize(
    "text, content",
    [
        (
            "Le syndicat de Tervel exige un désarmement des milices avant la formation du conseil.",
            "un désarmement des milices avant la formation du conseil",
        ),
        (
            "Le syndicat de Tervel a exigé un désarmement des milices, lors d'une réunion.",
            "un désarmement des milices",
        ),
    ],
)
def test_noun_phrase_content_runs_through_phrases_after_it(nlp, text: str, content: str) -> None:  # type: ignore[no-untyped-def]
    assert ("indirect", content) in kinds(quotes_of(nlp, text))


def test_next_sentence_after_a_closed_quote_is_no_incise(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Marc Albin a longuement répondu aux habitants. « Nous reconstruirons la digue avant "
        "l'hiver. » En effet, la digue de Tervel était déjà considérée comme fragile."
    )
    quotes = quotes_of(nlp, text)
    direct = [q for q in quotes if q.text.startswith("Nous reconstruirons")]
    assert direct and all(q.verb != "considérer" for q in direct)


# -- reporting clause after its content, without marks --------------------------------


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        # the parser makes the cue a conjunct of the clause it reports
        (
            "Le suspect devait être extradé vers la France hier soir, a annoncé le "
            "parquet de Lyon.",
            "Le suspect devait être extradé vers la France hier soir",
            "parquet de Lyon",
        ),
        # … or an adverbial clause of it, with a relative after the speaker
        (
            "Huit vélos sur dix étaient garés au mauvais endroit, a constaté la Ville "
            "de Lyon, qui a dressé le bilan.",
            "Huit vélos sur dix étaient garés au mauvais endroit",
            "Ville de Lyon",
        ),
        # the speaker hung on the addressee; the connective is not content
        (
            "Mais il a exhorté le maire à en faire plus, a indiqué à des journalistes un "
            "haut responsable du ministère.",
            "il a exhorté le maire à en faire plus",
            "haut responsable du ministère",
        ),
    ],
)
def test_trailing_reporting_clause(nlp, text: str, content: str, speaker: str) -> None:  # type: ignore[no-untyped-def]
    found = [(q.kind, q.text, q.speaker.name) for q in quotes_of(nlp, text)]
    assert ("indirect", content, speaker) in found


def test_second_predicate_after_a_comma_is_no_incise(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le maire a inauguré le pont, a annoncé un plan et a salué les habitants."
    assert quotes_of(nlp, text) == []


def test_trailing_selon_over_a_reported_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "La ministre Léa Marnier a exhorté le préfet à rouvrir la route, selon une "
        "source proche du dossier."
    )
    found = {(q.text, q.speaker.name) for q in quotes_of(nlp, text)}
    assert ("rouvrir la route", "Léa Marnier") in found
    assert (
        "La ministre Léa Marnier a exhorté le préfet à rouvrir la route",
        "source proche du dossier",
    ) in found


def test_cleft_points_back_at_what_was_said(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le pont de Tervel sera fermé tout l'hiver. C'est ce qu'ont indiqué les services "
        "de la préfecture."
    )
    found = [(q.kind, q.text, q.speaker.name) for q in quotes_of(nlp, text)]
    assert found == [
        ("indirect", "Le pont de Tervel sera fermé tout l'hiver", "services de la préfecture")
    ]


def test_cleft_with_a_first_person_reports_no_one(nlp) -> None:  # type: ignore[no-untyped-def]
    assert quotes_of(nlp, "Le pont sera fermé. C'est ce que je pense.") == []


def test_clause_after_a_quote_with_its_own_subject_is_no_incise(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Alors que dans un entretien, Paul Vernet avait affirmé qu'il était prêt à partir "
        "« si les habitants le veulent », il a rejeté cette idée mardi."
    )
    found = [(q.kind, q.text, q.verb, q.speaker.name) for q in quotes_of(nlp, text)]
    assert found == [
        (
            "mixed",
            "il était prêt à partir « si les habitants le veulent »",
            "affirmer",
            "Paul Vernet",
        )
    ]


def test_indirect_question(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Paul Vernet a demandé au maire s'il comptait rouvrir la route."
    found = [(q.kind, q.text, q.verb, q.speaker.name) for q in quotes_of(nlp, text)]
    assert found == [("indirect", "il comptait rouvrir la route", "demander", "Paul Vernet")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a short quote opening its sentence before an incise is direct
        ("« Il faut agir », a déclaré Paul Vernet.", ("direct", "Il faut agir")),
        # a mixed quote that opens with its fragment starts at the mark
        ("Le président a salué « un accord historique ».", ("mixed", "« un accord historique »")),
        # a source phrase whose content is all in marks: direct, without the apposition
        (
            "Selon le porte-parole du gouvernement, Paul Vernet, « rien n'est décidé ».",
            ("direct", "rien n'est décidé"),
        ),
        ("Pour Paul Vernet, « il faut agir vite ».", ("direct", "il faut agir vite")),
    ],
)
def test_kind_and_span_around_marks(nlp, text: str, expected: tuple[str, str]) -> None:  # type: ignore[no-untyped-def]
    assert expected in kinds(quotes_of(nlp, text))


def test_d_apres_names_its_source(nlp) -> None:  # type: ignore[no-untyped-def]
    (quote,) = quotes_of(nlp, "D'après le ministère, le suspect a été arrêté dimanche.")
    assert (quote.kind, quote.text, quote.verb, quote.speaker.name) == (
        "indirect",
        "le suspect a été arrêté dimanche",
        "d'après",
        "ministère",
    )


def test_passive_cue_speaks_for_its_agent(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Le projet a été qualifié de « pure folie absolue » par la ministre Léa Marnier."
    (quote,) = quotes_of(nlp, text)
    assert (quote.kind, quote.verb, quote.speaker.name) == ("mixed", "qualifier", "Léa Marnier")


def test_que_of_a_later_verb_is_not_a_participles_content(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le nouveau Premier ministre Paul Vernet, confirmé par les députés, a annoncé qu'il "
        "garderait « l'ossature » du précédent gouvernement."
    )
    found = [(q.verb, q.speaker.name) for q in quotes_of(nlp, text)]
    assert found == [("annoncer", "Paul Vernet")]


def test_place_named_by_a_noun_speaks_by_metonymy(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "La Maison Blanche a exhorté Israël à protéger les civils."
    assert [(q.text, q.speaker.name) for q in quotes_of(nlp, text)] == [
        ("protéger les civils", "Maison Blanche")
    ]


def test_gerund_report_after_a_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "La ministre a estimé qu'il fallait « aller plus loin » dans la réforme, tout en "
        "reconnaissant que « le chemin est long »."
    )
    found = kinds(quotes_of(nlp, text))
    # the gerund is no incise of the first quote, and ends the first reported clause
    assert ("mixed", "il fallait « aller plus loin » dans la réforme") in found
    assert ("direct", "le chemin est long") in found


def test_source_with_an_apposition_keeps_its_name(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Pour Léa Marnier, sociologue à l'université de Tervel, le mouvement « traduit une "
        "colère profonde »."
    )
    assert [q.speaker.name for q in quotes_of(nlp, text)] == ["Léa Marnier"]


def test_quote_reopened_in_each_paragraph() -> None:
    text = (
        "Le maire a répondu.\n\n« Nous avons fait notre travail. Les chiffres le montrent.\n\n"
        "« Nous continuerons », a-t-il ajouté.\n\n« Une phrase sans fin\n\nLa suite."
    )
    spans = [text[s.start : s.end] for s in find_quoted_spans(text)]
    # the first paragraph is quoted to its end; the unclosed one before plain text is not
    assert spans == [
        "Nous avons fait notre travail. Les chiffres le montrent.",
        "Nous continuerons",
    ]


def test_reopened_paragraph_is_one_quote_of_the_same_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Le ministre Paul Vernet a répondu aux critiques.\n\n« Nous avons fait notre travail. "
        "Les chiffres le montrent.\n\n« Nous continuerons dans cette voie », a-t-il ajouté."
    )
    found = [(q.kind, q.text, q.speaker.name) for q in quotes_of(nlp, text)]
    assert found == [
        ("direct", "Nous avons fait notre travail. Les chiffres le montrent.", "Paul Vernet"),
        ("direct", "Nous continuerons dans cette voie", "Paul Vernet"),
    ]


def test_relative_on_the_object_is_no_reported_clause(nlp) -> None:  # type: ignore[no-untyped-def]
    assert quotes_of(nlp, "Léa Marnier écrit ses Mémoires, qu'elle destine à son ami.") == []
    found = kinds(quotes_of(nlp, "Paul Vernet a assuré aux habitants que la route serait fermée."))
    assert found == [("indirect", "la route serait fermée")]


def test_mixed_quote_runs_over_the_fragments_of_its_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Léa Marnier a redit que la Valdorie avait « le droit » de se « défendre » pour que "
        "l'attaque ne puisse « plus jamais se reproduire ». Le sommet a duré deux heures."
    )
    (quote,) = [q for q in quotes_of(nlp, text) if q.kind == "mixed"]
    assert quote.text.endswith("« plus jamais se reproduire »")
    assert quote.text.startswith("la Valdorie avait")


def test_report_nested_in_the_same_speakers_report_is_one_quote(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Paul Vernet a souligné avoir évoqué la nécessité de protéger les civils et "
        "d'assurer l'accès à l'aide humanitaire."
    )
    found = kinds(quotes_of(nlp, text))
    assert len(found) == 1 and found[0][1].startswith("avoir évoqué")
