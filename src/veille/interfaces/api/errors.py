"""Errors as JSON a client can show as is: ``{"error": {"status", "code", "message"}}``.

Validation errors (bad paging, malformed parameters) become 400 with one readable
sentence per problem instead of FastAPI's nested 422 structure. Web pages (outside
``/api``) get the same message in an HTML page instead.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from veille.store.errors import StoreError

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """Raised by handlers for an error with a status and a message meant for people."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers


def not_found(what: str, ident: str) -> ApiError:
    return ApiError(404, f"no {what} with id {ident!r}")


def _describe(err: dict[str, Any]) -> str:
    loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "body")]
    where = ".".join(loc) or "request"
    return f"{where}: {err.get('msg', 'invalid value')}"


def install(app: FastAPI, page: Any) -> None:
    """Register handlers; ``page(request, status, message)`` renders the HTML version."""

    def respond(
        request: Request, status: int, message: str, headers: dict[str, str] | None = None
    ) -> Response:
        if not request.url.path.startswith("/api"):
            response: Response = page(request, status, message)
            if headers:
                response.headers.update(headers)
            return response
        body = {"error": {"status": status, "code": CODES.get(status, "error"), "message": message}}
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, exc.message, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 400, "; ".join(_describe(e) for e in exc.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail) if exc.detail else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return respond(request, exc.status_code, message, getattr(exc, "headers", None))

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> Response:
        return respond(request, 503, str(exc))
