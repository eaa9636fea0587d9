"""``veille serve``: the JSON API and the web UI over a store.

Read-only unless ``--token`` is given (or ``VEILLE_TOKEN`` is set); then ``POST
/api/ingest`` accepts uploads carrying ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from veille.interfaces.cli import DbOption, err


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    app.command()(serve)


def serve(
    db: DbOption = "veille.db",
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", envvar="VEILLE_TOKEN", help="Enable POST /api/ingest for this bearer token."
        ),
    ] = None,
) -> None:
    """Serve the store: web UI at /, JSON API at /api, its documentation at /docs."""
    import uvicorn

    from veille.interfaces.api import create_app
    from veille.store import StoreError

    if "://" not in db and not Path(db).is_file():
        err.print(f"[red]error[/red]: no store at {db}: run `veille ingest … --db {db}` first")
        raise typer.Exit(2)
    try:
        application = create_app(db, token=token)
    except StoreError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from None
    mode = "ingest enabled (bearer token)" if token else "read-only"
    err.print(f"veille serving {db} on http://{host}:{port}/ ({mode}); API docs at /docs")
    uvicorn.run(application, host=host, port=port, log_level="warning")
