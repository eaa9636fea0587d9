"""``create_app(db_url, token=None)``: the FastAPI application behind ``veille serve``.

Read-only unless a token is given (then ``POST /api/ingest`` accepts that bearer token).
Every response carries a strict Content-Security-Policy: scripts only from this server's
``/static``, no inline script, no plugins, so even a rendering mistake could not run
script from an article; article text is escaped anyway (see ``web.highlight``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request, Response

from veille import __version__
from veille.interfaces.api import errors, exports, ingest, routes
from veille.interfaces.api.deps import VersionedCache
from veille.store import Store, open_store

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI sets inline styles on its widgets; its scripts still come from /static only.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

DESCRIPTION = """
JSON API over a veille store: articles with every quote, figure and actor at its character
offsets, full-text search with facets, quotes, figures, actors, events and issue timelines.

Listings page with `limit` (1–200) and `offset` and return `next_offset` (null on the last
page). Dates are `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, inclusive at that precision. Search
facets over many matches are estimates from a sample (`facets_approximate`).
Errors are `{"error": {"status", "code", "message"}}`. `POST /api/ingest` exists only when
the server was started with `--token`, and needs `Authorization: Bearer <token>`.
"""


def create_app(db_url: str | Path | Store | None, token: str | None = None) -> FastAPI:
    """An app serving the store at ``db_url`` (path, URL, or an open Store)."""
    from veille.interfaces import web

    store = db_url if isinstance(db_url, Store) else open_store(db_url)
    owned = not isinstance(db_url, Store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            store.close()

    app = FastAPI(
        title="veille",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.token = token or None
    app.state.cache = VersionedCache()

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await call_next(request)
        docs = request.url.path == "/docs"
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    app.include_router(routes.router)
    app.include_router(exports.router)
    if app.state.token:
        app.include_router(ingest.router)
    else:
        app.include_router(_read_only_ingest())
    web.mount(app)
    errors.install(app, web.error_page)
    return app


def _read_only_ingest() -> APIRouter:
    """POST /api/ingest on a read-only server: a clear 403 instead of a bare 404/405."""
    router = APIRouter(prefix="/api")

    @router.post("/ingest", summary="Disabled: this server is read-only (no --token)")
    def ingest_disabled(request: Request) -> None:
        ingest.check_token(request)

    return router
