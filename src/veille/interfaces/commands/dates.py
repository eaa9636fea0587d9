"""``veille eval dates``: how well French temporal expressions are found and normalised."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    eval_app.command("dates")(eval_dates)


def eval_dates(
    gold: Annotated[
        Path, typer.Option("--gold", help="TIMEX3 gold JSON Lines (id, date, text, timex).")
    ] = Path("../shared/corpus/frtimebank/frtimebank-dev.jsonl"),
    misses: Annotated[bool, typer.Option("--misses/--no-misses", help="List every miss.")] = True,
) -> None:
    """DATE extent (strict/relaxed P/R/F1) and exact value accuracy vs the article date."""
    from veille.evaluation.dates_eval import load_timex_gold, score_dates, veille_dates
    from veille.interfaces.cli import out

    if not gold.is_file():
        raise typer.BadParameter(f"{gold} is not a file", param_hint="--gold")
    docs = load_timex_gold(gold)
    predicted = veille_dates(docs)
    report = score_dates(docs, lambda d: predicted[d.id])
    out.print(report.format(misses=misses), highlight=False)
