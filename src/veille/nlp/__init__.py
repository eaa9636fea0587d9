"""The one place where language models are loaded.

A model is loaded once per process (``load`` is cached) and veille's own components are
added to it here, so every entry point (CLI, API, workers) parses text the same way.
"""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

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

    for name in VEILLE_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name, last=True)
    return nlp


def _load_model(model: str) -> Language:
    try:
        return spacy.load(model)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model {model!r} is not installed; install veille with its dependencies "
            f"(pip install -e .) or `pip install {model.replace('_', '-')}`"
        ) from exc
