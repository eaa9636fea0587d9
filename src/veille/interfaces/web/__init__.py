"""The web UI: server-rendered pages (Jinja2), a stylesheet, a small optional script and
SVG charts drawn on the server. Everything works without JavaScript and offline."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from veille.interfaces.web.pages import router
from veille.interfaces.web.render import STATIC, error_page

__all__ = ["error_page", "mount"]


def mount(app: FastAPI) -> None:
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
