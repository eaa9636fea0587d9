"""``veille figures``: which figures were reported, and by whom."""

from __future__ import annotations

from typing import Annotated

import typer

from veille.interfaces.cli import DbOption, JsonOption, LimitOption, OffsetOption, _emit, _open


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command()(figures)


def figures(
    what: Annotated[str | None, typer.Option("--what", help="killed, injured, hostages…")] = None,
    where: Annotated[str | None, typer.Option("--where", help="Place.")] = None,
    source: Annotated[str | None, typer.Option("--source", help="Who gives it.")] = None,
    db: DbOption = "veille.db",
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Which figures were reported, and by whom."""
    with _open(db) as store:
        rows = store.figures(what=what, where=where, source=source, limit=limit, offset=offset)
    _emit(
        rows,
        as_json,
        [
            ("date", "date"),
            ("text", "figure"),
            ("value", "value"),
            ("qualifier", "qualifier"),
            ("what", "what"),
            ("location", "where"),
            ("source_name", "source"),
        ],
        "figures",
    )
