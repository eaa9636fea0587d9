"""The one place where language models are loaded.

A model is loaded once per process (``load`` is cached) and veille's own components are
added to it here, so every entry point (CLI, API, workers) parses text the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from veille.resources import check_language, languages

VEILLE_COMPONENTS = ("veille_quotes", "veille_figures", "veille_events")
TEXT_KEY = "veille_text"
ENTS_KEY = "veille_ents"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc and kept in ``doc.user_data``.

    spaCy rebuilds ``Doc.text`` from every token on each access (a Python ``Token`` per
    token); extractors read it dozens of times per article. A Doc's text never changes
    once it is made (retokenizing keeps it), so the first value is kept. The pipeline
    stores the article text there when it builds the Doc (``remember_text``).
    """
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def doc_entities(doc: Doc) -> list[tuple[int, int, str]]:
    """The Doc's entities as (start_char, end_char, label), built once per Doc.

    ``Span.ents`` walks every entity of the Doc and makes a Python ``Span`` for each on
    each call; extractors ask per sentence and per figure. Plain tuples are kept in
    ``doc.user_data`` so the Doc still serialises."""
    ents = doc.user_data.get(ENTS_KEY)
    if ents is None:
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        doc.user_data[ENTS_KEY] = ents
    return ents


def remember_text(doc: Doc, text: str) -> Doc:
    """Record ``text`` (which must be ``doc.text``) as the Doc's cached text."""
    doc.user_data[TEXT_KEY] = text
    return doc


def verb_inflections(nlp: Language, lemmas: Iterable[str]) -> dict[str, set[str]]:
    """Inflected form → the given verb lemmas it may stand for, read from the pipeline
    lemmatizer's own tables (exceptions inverted, suffix rules applied backwards): a word
    lookup then finds a verb where the tagger saw none ("», juge X" tagged as a noun).
    Empty when the pipeline has no rule lemmatizer."""
    wanted = set(lemmas)
    by_form: dict[str, set[str]] = {}
    if "lemmatizer" not in nlp.pipe_names:
        return by_form
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None:
        return by_form
    if lookups.has_table("lemma_exc"):
        for form, targets in lookups.get_table("lemma_exc").get("verb", {}).items():
            for target in targets:
                if target in wanted:
                    by_form.setdefault(form, set()).add(target)
    if lookups.has_table("lemma_rules"):
        rules = lookups.get_table("lemma_rules").get("verb", [])
        for lemma in wanted:
            for form_suffix, lemma_suffix in rules:
                if lemma.endswith(lemma_suffix):
                    form = lemma[: len(lemma) - len(lemma_suffix)] + form_suffix
                    by_form.setdefault(form, set()).add(lemma)
    return by_form


class ModelNotInstalledError(RuntimeError):
    """The language's spaCy model package is not installed (veille never downloads it)."""


@cache
def load(lang: str = "fr") -> Language:
    """The language's spaCy pipeline with veille's extractors at its end."""
    nlp = _load_model(languages()[check_language(lang)]["model"])
    # Importing registers the factories even when entry points are not installed.
    import veille.extractors.events
    import veille.extractors.figures
    import veille.extractors.quotes  # noqa: F401

    if "veille_paragraphs" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("veille_paragraphs", before="parser")
    for name in VEILLE_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    _fast_lemma_index(nlp)
    return nlp


class _LemmaIndex(list[str]):
    """A lemmatizer's word list with set-speed membership, otherwise the same list."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._members = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._members


def _fast_lemma_index(nlp: Language) -> None:
    """spaCy's rule lemmatizer (French) tests ``form in index`` on the ``lemma_index``
    lists (66,000 nouns, 28,000 adjectives…) for every word it has not seen yet, several
    times per word: a linear scan each time, a fifth of the model's time on fresh text.
    Same lists, same lemmas, with set lookups."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for pos, words in list(table.items()):
        if isinstance(words, list) and not isinstance(words, _LemmaIndex):
            table[pos] = _LemmaIndex(words)


@Language.component("veille_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and paragraphs have no final period, and
    the parser would otherwise glue a headline to the lead sentence."""
    prev_newline = False
    for tok in doc:
        if prev_newline:
            tok.is_sent_start = True
        prev_newline = "\n" in tok.text or "\n" in tok.whitespace_
    return doc


@cache
def load_model(lang: str = "fr") -> Language:
    """The language's bare spaCy pipeline, without veille's components (for baselines)."""
    return _load_model(languages()[check_language(lang)]["model"])


def _load_model(model: str) -> Language:
    try:
        return spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model {model!r} is not installed; install veille with its dependencies "
            f"(pip install -e .) or `pip install {model.replace('_', '-')}`"
        ) from exc
