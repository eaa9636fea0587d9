"""Template rendering: one autoescaping Jinja2 environment, labels, URL helpers.

Autoescape is on for every template; the only ``Markup`` that reaches a template is
built by ``highlight`` and ``charts``, which escape their text themselves.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from veille import __version__
from veille.interfaces.web.charts import _num
from veille.interfaces.web.highlight import actor_href
from veille.interfaces.web.i18n import COOKIE, LANGS, Labels, pick_lang

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)


def url_with(request: Request, path: str | None = None, **changes: Any) -> str:
    """The current URL (or ``path``) with query parameters changed; None/"" removes one."""
    params = {k: v for k, v in request.query_params.items() if k != "lang"}
    if path is not None:
        params = {}
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    target = path if path is not None else request.url.path
    return target + ("?" + urlencode(params) if params else "")


def fmt_number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return _num(float(value))
    return str(value)


def safe_url(url: str) -> bool:
    """Only web links become links: a stored ``javascript:`` URL stays inert text."""
    return url.strip().lower().startswith(("http://", "https://"))


env.globals.update(actor_href=actor_href, quote=lambda s: quote(str(s), safe=""), safe_url=safe_url)
env.filters["num"] = fmt_number


def _with_lang(url: str, lang: str) -> str:
    return url + ("&" if "?" in url else "?") + f"lang={lang}"


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = pick_lang(request)
    t = Labels(lang)
    other = "en" if lang == "fr" else "fr"
    html = env.get_template(name).render(
        request=request,
        t=t,
        lang=lang,
        other_lang=other,
        other_lang_url=_with_lang(url_with(request), other),
        url_with=lambda **kw: url_with(request, **kw),
        path=request.url.path,
        version=__version__,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    asked = request.query_params.get("lang")
    if asked in LANGS:
        response.set_cookie(COOKIE, asked, max_age=365 * 86400, samesite="lax")
    return response


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", status=status, status_code=status, message=message)
