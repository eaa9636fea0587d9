"""``veille figures`` (series by date and source, ``--plot``) and ``veille revisions``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from veille.interfaces.cli import DbOption, JsonOption, LimitOption, OffsetOption, _emit, _open

WhatOption = Annotated[str | None, typer.Option("--what", help="killed, injured, hostages…")]
WhereOption = Annotated[str | None, typer.Option("--where", help="Place.")]
SourceOption = Annotated[str | None, typer.Option("--source", help="Who gives it.")]


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command()(figures)
    app.command()(revisions)


def figures(
    what: WhatOption = None,
    where: WhereOption = None,
    source: SourceOption = None,
    plot: Annotated[
        str | None, typer.Option("--plot", help="Draw the series by source to FILE.png|svg.")
    ] = None,
    db: DbOption = "veille.db",
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Which figures were reported, and by whom: the series by date and source."""
    if plot is not None and not plot.lower().endswith((".png", ".svg")):
        raise typer.BadParameter("the plot file must end in .png or .svg", param_hint="--plot")
    with _open(db) as store:
        rows = store.figures(what=what, where=where, source=source, limit=limit, offset=offset)
        if plot is not None:
            from veille.analyze.plots import plot_series
            from veille.analyze.series import points

            pts = points(store.iter_extractions(), what, where, source)
            title = " · ".join(x for x in (what, where, source) if x) or "figures"
            plot_series(pts, plot, title)
    rows.sort(key=lambda r: (r.get("date") or "", (r.get("source_name") or "~").lower()))
    _emit(
        rows,
        as_json,
        [
            ("date", "date"),
            ("source_name", "source"),
            ("text", "figure"),
            ("value", "value"),
            ("qualifier", "qualifier"),
            ("what", "what"),
            ("location", "where"),
        ],
        "figures",
    )
    if plot is not None:
        from veille.interfaces.cli import err

        err.print(f"series plot → {plot}")


def revisions(
    what: WhatOption = None,
    where: WhereOption = None,
    source: SourceOption = None,
    window: Annotated[
        int, typer.Option("--window", min=0, help="Days apart two conflicting values may be.")
    ] = 1,
    tolerance: Annotated[
        float, typer.Option("--tolerance", min=0.0, help="Relative gap that makes a conflict.")
    ] = 0.02,
    db: DbOption = "veille.db",
    as_json: JsonOption = False,
) -> None:
    """Values a source revised downwards, and values different sources gave the same day."""
    from veille.analyze.revisions import conflicts
    from veille.analyze.revisions import revisions as find_revisions
    from veille.analyze.series import points

    with _open(db) as store:
        pts = points(store.iter_extractions(), what, where, source)
    rows: list[dict[str, Any]] = [r.as_dict() for r in find_revisions(pts)]
    rows += [c.as_dict() for c in conflicts(pts, window, tolerance)]
    for r in rows:
        if r["kind"] == "revision":
            r["sources"] = r["source"]
            r["values"] = (
                f"{_n(r['from_value'])} ({r['from_date']}) → {_n(r['to_value'])} ({r['to_date']})"
            )
        else:
            r["sources"] = f"{r['source_a']} ≠ {r['source_b']}"
            r["values"] = f"{_n(r['value_a'])} ({r['date_a']}) ≠ {_n(r['value_b'])} ({r['date_b']})"
    _emit(
        rows,
        as_json,
        [("kind", "kind"), ("what", "what"), ("sources", "source(s)"), ("values", "values")],
        "revisions or conflicts",
    )


def _n(value: Any) -> str:
    v = float(value)
    return f"{v:,.0f}".replace(",", "\u202f") if v.is_integer() else f"{v:g}"
