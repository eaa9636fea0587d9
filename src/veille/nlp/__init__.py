"""The one place where language models are loaded.

A model is loaded once per process (``load`` is cached) and veille's own components are
added to it here, so every entry point (CLI, API, workers) parses text the same way.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from veille.resources import check_language, languages

VEILLE_COMPONENTS = ("veille_quotes", "veille_figures")


class ModelNotInstalledError(RuntimeError):
    """The language's spaCy model package is not installed (veille never downloads it)."""


@cache
def load(lang: str = "fr") -> Language:
    """The language's spaCy pipeline with veille's extractors at its end."""
    nlp = _load_model(languages()[check_language(lang)]["model"])
    # Importing registers the factories even when entry points are not installed.
    import veille.extractors.figures
    import veille.extractors.quotes  # noqa: F401

    if "veille_paragraphs" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("veille_paragraphs", before="parser")
    for name in VEILLE_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


@Language.component("veille_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines and paragraphs have no final period, and
    the parser would otherwise glue a headline to the lead sentence."""
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text or "\n" in doc[tok.i - 1].whitespace_:
            tok.is_sent_start = True
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
