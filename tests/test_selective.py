"""Selective parsing: the cheap pass picks the right sentences, the rebuilt Doc covers the
whole article text, and what veille extracts still indexes that text exactly."""

from __future__ import annotations

import pytest

from veille import nlp as nlp_module
from veille.nlp.selective import SelectiveParser, cue_lexicon, select, sentences
from veille.pipeline import PipelineOptions, extract_batch
from veille.records import Article

TEXT = (
    "Guerre au Valdor\n\n"
    "La journée a commencé sous la pluie. Les rues étaient calmes.\n\n"
    "Le marché a ouvert tard. Les enfants jouaient dans le parc.\n\n"
    "Mme Ilsa Varenne est arrivée à midi. « Nous tiendrons », a-t-elle déclaré devant la "
    "mairie.\n\n"
    "Selon le ministère de l'Intérieur, 1 264 personnes ont été tuées depuis mars.\n\n"
    "Le soir tombait sur la ville. Personne ne parlait."
)


@pytest.fixture(scope="module")
def parser() -> SelectiveParser:
    return SelectiveParser(nlp_module.load("fr"), nlp_module.VEILLE_COMPONENTS)


def test_sentences_tile_the_text() -> None:
    parts = sentences(TEXT)
    assert "".join(TEXT[s:e] for s, e, _p in parts) == TEXT
    assert parts[0][2] == 0 and parts[-1][2] > 0


def test_selection_keeps_cues_figures_and_context(parser: SelectiveParser) -> None:
    regions = select(TEXT, cue_lexicon(parser.nlp))
    chosen = "".join(TEXT[s:e] for s, e in regions)
    assert "« Nous tiendrons »" in chosen
    assert "Mme Ilsa Varenne est arrivée" in chosen  # previous sentence: the speaker
    assert "1 264 personnes" in chosen
    assert "Les enfants jouaient" not in chosen
    assert "Personne ne parlait" not in chosen


def test_rebuilt_doc_is_the_whole_text_with_true_offsets(parser: SelectiveParser) -> None:
    (doc,) = parser.pipe([TEXT])
    assert doc.text == TEXT
    assert parser.parsed_chars < parser.total_chars
    quotes, figures = doc._.quotes, doc._.figures
    assert quotes and figures
    for q in quotes:
        assert TEXT[q.start : q.end] == q.text
    for f in figures:
        assert TEXT[f.start : f.end] == f.text
    assert any(f.value == 1264 for f in figures)


def test_same_extractions_as_a_full_parse_here() -> None:
    article = Article(source="t", text=TEXT)
    full = extract_batch([article], "fr", selective=False)[0]
    fast = extract_batch([article], "fr", selective=True)[0]
    assert [(q.start, q.end, q.speaker.name) for q in fast.quotes] == [
        (q.start, q.end, q.speaker.name) for q in full.quotes
    ]
    assert [(f.start, f.value, f.what) for f in fast.figures] == [
        (f.start, f.value, f.what) for f in full.figures
    ]


def test_nothing_selected_still_gives_a_doc(parser: SelectiveParser) -> None:
    (doc,) = parser.pipe(["Le ciel est bleu. Il fait beau.\nRien à signaler."])
    assert doc.text == "Le ciel est bleu. Il fait beau.\nRien à signaler."
    assert doc._.quotes == [] and doc._.figures == []
    assert len(list(doc.sents)) == 3


def test_option_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VEILLE_SELECTIVE", "0")
    assert PipelineOptions().selective is False
    monkeypatch.setenv("VEILLE_SELECTIVE", "1")
    assert PipelineOptions().selective is True


def test_doc_text_is_read_once_and_matches_the_doc(parser: SelectiveParser) -> None:
    from veille.nlp import TEXT_KEY, doc_text

    (doc,) = parser.pipe([TEXT])
    assert doc.user_data[TEXT_KEY] is TEXT  # the selective parser keeps the article text
    assert doc_text(doc) == doc.text == TEXT
    plain = parser.nlp.make_doc("Une phrase. Une autre.")
    assert TEXT_KEY not in plain.user_data
    assert doc_text(plain) == plain.text and plain.user_data[TEXT_KEY] == plain.text


def test_cheap_pass_skips_auxiliaries_and_lone_words_of_phrases(parser: SelectiveParser) -> None:
    from veille.nlp.selective import _is_hot

    lex = cue_lexicon(parser.nlp)
    # "a", "ont", "avaient", "lui", "après", "sait" alone announce nothing...
    for sentence in (
        "Le boulanger a fermé tôt.",
        "Il lui a vendu du pain.",
        "Après la pluie, le soleil.",
        "Les enfants avaient froid.",
        "Elle sait nager.",
    ):
        assert not _is_hot(sentence, lex), sentence
    # ...but an event frame's objects ("avoir un entretien"), a multi-word preposition or
    # cue ("d'après", "selon lui", "faire savoir") do
    for sentence in (
        "Ils ont eu un entretien avec le ministre.",
        "D'après la police, la route était fermée.",
        "Selon lui, rien ne change.",
        "Il a fait savoir qu'il viendrait.",
    ):
        assert _is_hot(sentence, lex), sentence


def _chosen(parser: SelectiveParser, text: str) -> str:
    return "".join(text[s:e] for s, e in select(text, cue_lexicon(parser.nlp)))


def test_elided_and_multiword_event_cues_are_hot(parser: SelectiveParser) -> None:
    lex = cue_lexicon(parser.nlp)
    from veille.nlp.selective import _is_hot

    assert _is_hot("Aucune commune n’exige rien de tel.", lex)  # "n’exige"
    assert _is_hot("Le maire a été mis en examen mardi.", lex)  # "mettre en examen"
    assert not _is_hot("Il a mis la table avant midi.", lex)  # the object is missing
    assert not _is_hot("C'est-à-dire la place du marché.", lex)  # a compound, not "dire"


def test_numbers_that_cannot_be_figures_do_not_select(parser: SelectiveParser) -> None:
    text = (
        "La fête de Verlac.\n\nUne brocante.\n\n"
        "La messe a lieu à 10 h 30 dans l'église.\n\n"
        "Le doyen, âgé de 92 ans, habite au 31, rue des Tilleuls.\n\n"
        "Les rues sont pavoisées. Plus de 400 visiteurs sont attendus."
    )
    chosen = _chosen(parser, text)
    assert "400 visiteurs" in chosen
    assert "10 h 30" not in chosen
    assert "92 ans" not in chosen


def test_previous_sentence_only_when_pointed_back_to(parser: SelectiveParser) -> None:
    text = (
        "Un marché couvert à Verlac.\n\nLe chantier a duré deux hivers.\n\n"
        "La pluie tombait sur les halles. Le maire Paul Ferran a déclaré que tout était prêt. "
        "Les commerçants installaient leurs étals. Il a ajouté que l'ouverture aurait lieu lundi."
    )
    chosen = _chosen(parser, text)
    assert "Il a ajouté" in chosen and "Les commerçants installaient" in chosen  # "il"
    assert "a déclaré" in chosen
