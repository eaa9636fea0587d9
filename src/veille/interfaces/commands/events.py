"""``veille events``, ``veille timeline ISSUE``, ``veille issues`` and their evaluations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from veille.interfaces.cli import (
    DbOption,
    JsonOption,
    LimitOption,
    OffsetOption,
    _check_dates,
    _emit,
    _open,
    err,
    out,
)

ActorOption = Annotated[str | None, typer.Option("--actor", help="Actor id or name.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="YYYY[-MM[-DD]]")]
UntilOption = Annotated[str | None, typer.Option("--until", help="YYYY[-MM[-DD]]")]
GoldOption = Annotated[Path, typer.Option("--gold", help="Gold file or folder of *.jsonl.")]
SharedOption = Annotated[
    Path,
    typer.Option("--shared", envvar="VEILLE_SHARED", help="Folder the gold's doc paths start in."),
]
MissesOption = Annotated[bool, typer.Option("--misses/--no-misses", help="List every miss.")]


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command()(events)
    app.command()(timeline)
    app.command()(issues)
    eval_app.command("events")(eval_events)
    eval_app.command("stances")(eval_stances)


def events(
    actor: ActorOption = None,
    target: Annotated[str | None, typer.Option("--target", help="Target actor id or name.")] = None,
    type: Annotated[
        str | None, typer.Option("--type", help="PLOVER type: CONSULT, REQUEST…")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    clusters: Annotated[
        bool, typer.Option("--clusters", help="One row per event, with its number of reports.")
    ] = False,
    db: DbOption = "veille.db",
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Who did what to whom: coded events (PLOVER), oldest first, with their evidence."""
    _check_dates(since, until)
    with _open(db) as store:
        rows = store.events(
            actor=actor, target=target, type=type, since=since, until=until,
            limit=limit if not clusters else 1_000_000, offset=offset if not clusters else 0,
        )  # fmt: skip
    if clusters:
        from veille.analyze.events import cluster_events

        found = [c.as_dict() for c in cluster_events(rows)]
        rows = found[offset : offset + limit]
    for r in rows:
        r["when"] = r.get("date") or r.get("article_date")
        r["flags"] = " ".join(f for f in ("negated", "future", "hypothetical") if r.get(f))
    _emit(
        rows,
        as_json,
        [
            ("when", "date"),
            ("type", "type"),
            ("mode", "mode"),
            ("source_actor", "source"),
            ("target_actor", "target"),
            ("reports" if clusters else "text", "reports" if clusters else "evidence"),
            ("flags", "flags"),
        ],
        "events",
    )


def timeline(
    issue: Annotated[str, typer.Argument(help="Issue id (see `veille issues`).")],
    actor: ActorOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    granularity: Annotated[
        str, typer.Option("--by", help="Period of the timeline: day, month or year.")
    ] = "month",
    by_country: Annotated[
        bool,
        typer.Option("--by-country", help="Pool people and bodies with their country."),
    ] = False,
    plot: Annotated[
        str | None, typer.Option("--plot", help="Draw the timeline to FILE.png|svg.")
    ] = None,
    db: DbOption = "veille.db",
    as_json: JsonOption = False,
) -> None:
    """How positions move: each actor's stance on an issue through time, shifts flagged."""
    from veille.analyze.stances import country_grouper, timelines
    from veille.extractors.stances import issues as known_issues

    _check_dates(since, until)
    if granularity not in {"day", "month", "year"}:
        raise typer.BadParameter("use day, month or year", param_hint="--by")
    if plot is not None and not plot.lower().endswith((".png", ".svg")):
        raise typer.BadParameter("the plot file must end in .png or .svg", param_hint="--plot")
    ids = {i.id for i in known_issues()}
    with _open(db) as store:
        stored = store.issue_counts()
        if issue not in ids and issue not in stored:
            raise typer.BadParameter(
                f"unknown issue {issue!r}; known: {', '.join(sorted(ids | set(stored)))}",
                param_hint="ISSUE",
            )
        rows = store.stances(issue, actor=actor, since=since, until=until)
    lines = timelines(rows, granularity, country_grouper() if by_country else None)
    if plot is not None:
        from veille.analyze.plots import plot_timeline

        plot_timeline(lines, plot, issue)
        err.print(f"timeline plot → {plot}")
    if as_json:
        import json
        import sys

        payload = {"issue": issue, "actors": [t.as_dict() for t in lines]}
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if not lines:
        err.print(f"no stances on {issue}")
        return
    table_rows: list[dict[str, Any]] = []
    for t in lines:
        shift_at = {s.after.period for s in t.shifts}
        for p in t.periods:
            ev = p.evidence[0]
            table_rows.append(
                {
                    "actor": t.name,
                    "period": p.period,
                    "stance": p.stance + ("  ⇄ shift" if p.period in shift_at else ""),
                    "n": sum(p.counts.values()),
                    "evidence": ev.get("quote") or "",
                }
            )
    _emit(
        table_rows,
        False,
        [("actor", "actor"), ("period", "period"), ("stance", "stance"), ("n", "n"),
         ("evidence", "evidence")],
        f"stances on {issue}",
    )  # fmt: skip
    n_shifts = sum(len(t.shifts) for t in lines)
    err.print(f"{len(lines)} actors, {n_shifts} shifts")


def issues(db: DbOption = "veille.db", as_json: JsonOption = False) -> None:
    """Issues veille follows (bundled and from VEILLE_ISSUES), with stances stored."""
    from veille.extractors.stances import issues as known_issues

    counts: dict[str, int] = {}
    if Path(db).exists() or "://" in db:
        with _open(db) as store:
            counts = store.issue_counts()
    rows = [
        {
            "issue": i.id,
            "label": i.label.get("fr") or i.id,
            "label_en": i.label.get("en") or i.id,
            "stances": counts.get(i.id, 0),
            "expressions": ", ".join(i.expressions[:4]),
        }
        for i in known_issues()
    ]
    _emit(
        rows,
        as_json,
        [("issue", "issue"), ("label", "libellé"), ("stances", "stances"),
         ("expressions", "expressions")],
        "issues",
    )  # fmt: skip


def _event_gold(gold: Path, shared: Path) -> Any:
    from veille.evaluation.events_eval import load_event_gold
    from veille.evaluation.gold import GoldError
    from veille.interfaces.cli import escape

    try:
        return load_event_gold(gold, shared)
    except GoldError as exc:
        err.print(f"[red]gold error[/red]: {escape(str(exc))}")
        raise typer.Exit(1) from None


def eval_events(
    gold: GoldOption = Path("gold/events"),
    shared: SharedOption = Path("../shared"),
    misses: MissesOption = True,
) -> None:
    """Event detection P/R/F1, type, source and target accuracy, PLOVER confusions."""
    from veille.evaluation.events_eval import predictions, score_events

    docs = _event_gold(gold, shared)
    predicted = predictions(docs)
    report = score_events(docs, {k: v.events for k, v in predicted.items()})
    out.print(report.format(misses=misses), highlight=False)


def eval_stances(
    gold: GoldOption = Path("gold/events"),
    shared: SharedOption = Path("../shared"),
    misses: MissesOption = True,
) -> None:
    """Stance P/R/F1 (issue and span), stance and actor accuracy, confusions."""
    from veille.evaluation.events_eval import predictions, score_stances

    docs = _event_gold(gold, shared)
    predicted = predictions(docs)
    report = score_stances(docs, {k: v.stances for k, v in predicted.items()})
    out.print(report.format(misses=misses), highlight=False)
