"""``veille actors`` (listing, merges and splits), ``veille actor NAME`` (profile) and
``veille eval actors`` (accuracy of actor resolution on a gold)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

# The shared helpers of ``veille.interfaces.cli`` are imported inside the commands: a
# plug-in importing cli at import time re-enters cli's plug-in loader under
# ``python -m veille.interfaces.cli`` and finds itself half-initialised.
DbOption = Annotated[
    str,
    typer.Option("--db", help="Store: a SQLite path or a postgresql:// URL.", envvar="VEILLE_DB"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to standard output.")]
LimitOption = Annotated[int, typer.Option("--limit", min=1, help="Rows to show.")]
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Rows to skip.")]

ActorsFile = Annotated[
    list[Path] | None,
    typer.Option(
        "--actors", help="Your own registry YAML (overrides the bundled one).", envvar=None
    ),
]
TypeOption = Annotated[
    str | None,
    typer.Option("--type", help="person, organization, government, country, group, place."),
]


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command("actors")(actors)
    app.command("actor")(actor)
    eval_app.command("actors")(eval_actors)


def _cli() -> Any:
    from veille.interfaces import cli

    return cli


def _registry(files: list[Path] | None) -> Any:
    from veille.actors import RegistryError, current_registry, use_actor_files

    err = _cli().err
    try:
        use_actor_files(str(f) for f in files or [])
        return current_registry()
    except RegistryError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from None


def actors(
    kind: TypeOption = None,
    merge: Annotated[
        tuple[str, str] | None,
        typer.Option("--merge", help="A B: actor A is actor B (B is kept). Stored; re-applied."),
    ] = None,
    split: Annotated[
        tuple[str, str] | None,
        typer.Option("--split", help="A NAME: mentions of A written NAME are someone else."),
    ] = None,
    registry: Annotated[
        bool, typer.Option("--registry", help="List the registry instead of the store.")
    ] = False,
    actors_file: ActorsFile = None,
    db: DbOption = "veille.db",
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Actors: who appears in the store (or the registry), and your corrections."""
    reg = _registry(actors_file)
    if registry:
        _cli()._emit(
            _registry_rows(reg, kind)[offset : offset + limit],
            as_json,
            [("id", "id"), ("type", "type"), ("name", "name"), ("aliases", "aliases")],
            "actors",
        )
        return
    if merge or split:
        _correct(db, reg, merge, split)
        return
    from veille.store import actor_queries

    with _cli()._open(db) as store:
        rows = actor_queries.list_actors(store.engine, kind, limit, offset)
    cols = [
        ("id", "id"),
        ("type", "type"),
        ("name", "name"),
        ("articles", "articles"),
        ("quotes", "quotes"),
        ("figures", "figures"),
    ]
    _cli()._emit(rows, as_json, cols, "actors")


def _registry_rows(reg: Any, kind: str | None) -> list[dict[str, Any]]:
    return [
        {"id": a.id, "type": a.type, "name": a.name, "aliases": ", ".join(a.aliases)}
        for a in sorted(reg.actors.values(), key=lambda a: a.id)
        if kind is None or a.type == kind
    ]


def _correct(
    db: str, reg: Any, merge: tuple[str, str] | None, split: tuple[str, str] | None
) -> None:
    from veille.store import actor_queries

    err = _cli().err
    with _cli()._open(db) as store:
        try:
            if merge:
                n = actor_queries.merge(store.engine, merge[0], merge[1], reg)
                err.print(f"merged {merge[0]} into {merge[1]} ({n} rows updated)")
            if split:
                new, n = actor_queries.split(store.engine, split[0], split[1])
                err.print(f"split {split[1]!r} out of {split[0]} as {new} ({n} rows updated)")
        except actor_queries.ActorError as exc:
            err.print(f"[red]error[/red]: {exc}")
            raise typer.Exit(1) from None


def actor(
    name: Annotated[str, typer.Argument(help="A name, alias or actor id.")],
    actors_file: ActorsFile = None,
    db: DbOption = "veille.db",
    limit: LimitOption = 20,
    as_json: JsonOption = False,
) -> None:
    """One actor's profile: aliases, roles in time, quotes, figures, events."""
    from veille.store import actor_queries

    reg = _registry(actors_file)
    err = _cli().err
    with _cli()._open(db) as store:
        actor_id, others = _find(reg, store.engine, name)
        if actor_id is None:
            err.print(f"[red]error[/red]: no actor named {name!r}")
            raise typer.Exit(1)
        stored = actor_queries.profile(store.engine, actor_id, limit)
    record = {**_registry_profile(reg, actor_id), **stored, "other_matches": others}
    if as_json:
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    _print_profile(record)


def _find(reg: Any, engine: Any, name: str) -> tuple[str | None, list[str]]:
    """Registry first (id, then name or alias), then the store's actors."""
    from veille.store import actor_queries

    if reg.get(name):
        return name, []
    ids = [a.id for a in reg.lookup(name)]
    ids += [r["id"] for r in actor_queries.find_stored(engine, name) if r["id"] not in ids]
    return (ids[0], ids[1:10]) if ids else (None, [])


def _registry_profile(reg: Any, actor_id: str) -> dict[str, Any]:
    a = reg.get(actor_id)
    if a is None:
        return {"id": actor_id, "in_registry": False}
    affiliation = reg.get(a.affiliation)
    return {
        "id": a.id,
        "in_registry": True,
        "name": a.name,
        "type": a.type,
        "aliases": list(a.aliases),
        "affiliation": a.affiliation,
        "affiliation_name": affiliation.name if affiliation else None,
        "roles": [
            {
                "role": r.role,
                "of": _of_name(reg, r.of),
                "from": r.start or None,
                "to": r.end or None,
            }
            for r in a.roles
        ],
        "source": a.source,
    }


def _of_name(reg: Any, of: str) -> str:
    target = reg.get(of) or reg.get(f"country:{of}")
    return target.name if target else of


def _print_profile(p: dict[str, Any]) -> None:
    out = _cli().out
    out.print(
        f"[bold]{p.get('name') or p['id']}[/bold]  {p['id']}  {p.get('type') or ''}",
        highlight=False,
    )
    if p.get("affiliation"):
        out.print(f"affiliation: {p['affiliation_name'] or ''} ({p['affiliation']})")
    if p.get("aliases"):
        out.print("aliases: " + ", ".join(p["aliases"]), highlight=False)
    for r in p.get("roles", []):
        out.print(
            f"  {r['role']} — {r['of']}: {r['from'] or '?'} → {r['to'] or 'today'}", highlight=False
        )
    if p.get("names_seen"):
        out.print("written in the store as: " + ", ".join(p["names_seen"]), highlight=False)
    out.print(
        f"{p['articles']} articles, {len(p['quotes'])} quotes, "
        f"{len(p['figures'])} figures, {len(p['events'])} events"
    )
    for q in p["quotes"]:
        out.print(f"  {q['date'] or '?':10}  «{q['text'][:150]}»", highlight=False)
    for f in p["figures"]:
        out.print(
            f"  {f['date'] or '?':10}  {f['text']} {f['what'] or ''} {f['location'] or ''}",
            highlight=False,
        )
    for e in p["events"]:
        out.print(f"  {e['date'] or '?':10}  {e['type']} ({e['role']})", highlight=False)
    if p.get("other_matches"):
        out.print("other matches: " + ", ".join(p["other_matches"]), highlight=False)


def eval_actors(
    gold: Annotated[Path, typer.Option("--gold", help="Gold file or folder of *.jsonl.")] = Path(
        "gold/actors"
    ),
    shared: Annotated[
        Path,
        typer.Option(
            "--shared", envvar="VEILLE_SHARED", help="Folder the gold's doc paths start in."
        ),
    ] = Path("../shared"),
    confusions: Annotated[
        bool, typer.Option("--confusions/--no-confusions", help="List the confusions.")
    ] = True,
    actors_file: ActorsFile = None,
) -> None:
    """Actor resolution accuracy on a gold of mentions → actors, with the confusions."""
    from veille.evaluation.actors_eval import evaluate_actors
    from veille.evaluation.gold import GoldError

    _registry(actors_file)
    cli = _cli()
    try:
        report = evaluate_actors(gold, shared)
    except GoldError as exc:
        cli.err.print(f"[red]gold error[/red]: {exc}")
        raise typer.Exit(1) from None
    cli.out.print(report.format(confusions), highlight=False)
