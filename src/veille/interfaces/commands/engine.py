"""``veille eval selective``: dev-gold accuracy with and without selective parsing, in one
run of the same code (the extractors change often; comparing across runs would mix
their changes with the parsing mode's)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from veille.interfaces.cli import GoldOption, SharedOption, _gold_docs, out


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    eval_app.command("selective")(eval_selective)


def eval_selective(
    gold: GoldOption = Path("gold/dev"),
    shared: SharedOption = Path("../shared"),
) -> None:
    """Quote and figure scores with the full parse and with selective parsing."""
    from veille import nlp as nlp_module
    from veille.evaluation.scoring import score_figures, score_quotes
    from veille.pipeline import extract_batch

    docs = _gold_docs(gold, shared)
    nlp_module.load("fr")  # model loading out of the timings
    for selective in (False, True):
        start = time.perf_counter()
        extractions = extract_batch([d.article for d in docs], "fr", selective)
        seconds = time.perf_counter() - start
        predicted = {d.doc: ex for d, ex in zip(docs, extractions, strict=True)}
        name = "selective parsing" if selective else "full parse"
        out.print(f"── {name} ({seconds:.1f} s) ──", highlight=False)
        quotes = score_quotes(docs, _pick(predicted, "quotes"))
        figures = score_figures(docs, _pick(predicted, "figures"))
        out.print(quotes.format(name, misses=False), highlight=False)
        out.print(figures.format(name, misses=False), highlight=False)


def _pick(predicted: dict[str, Any], what: str) -> Callable[[Any], Any]:
    return lambda d: getattr(predicted[d.doc], what)
