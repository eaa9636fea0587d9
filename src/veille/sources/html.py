"""HTML pages to articles with trafilatura (main text, title, date, site).

Paragraph convention, shared by every reader that builds text from markup: one block per
paragraph, blocks separated by a blank line ("\\n\\n"), like seed files.

Options were tuned on the html-fr gold corpus (see `veille.evaluation.html_fr`): the
default balance beats ``favor_precision`` (which drops leads and short paragraphs) and
``favor_recall`` (which lets more furniture in); pruning short blocks whose class names
say "paywall", "cookie", "read more" etc. removes the furniture trafilatura keeps.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import trafilatura
from lxml import html as lxml_html
from trafilatura.settings import Document

from veille.records import Article, ReadError
from veille.sources.base import Input, Item
from veille.sources.dates import normalize_date
from veille.sources.encoding import looks_binary, normalize
from veille.sources.options import ReadOptions

# Class-name fragments of page furniture (French and international CMS habits). Data, not
# rules: add a fragment here rather than a branch in code.
FURNITURE_CLASSES = (
    "paywall", "payant", "abonn", "cookie", "consent", "rgpd", "newsletter", "partage",
    "share", "lire-aussi", "savoir-plus", "savoir_plus", "related", "outbrain", "taboola",
    "legende", "credit", "copyright",
)  # fmt: skip
# A block longer than this is article-sized: never pruned, whatever its class says
# (some sites put "article-payant" on the wrapper of the whole article).
FURNITURE_MAX_CHARS = 1000
_PRUNE = "//*[({}) and string-length(normalize-space(.)) < {}]".format(
    " or ".join(f"contains(@class,'{c}')" for c in FURNITURE_CLASSES), FURNITURE_MAX_CHARS
)
_EXTRACT_ARGS: dict[str, Any] = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "prune_xpath": [_PRUNE],
    # original_date: the publication date, not the last update; extensive_search lets
    # htmldate read dates in the page text when metadata has none.
    "date_extraction_params": {"extensive_search": True, "original_date": True},
}
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre")


def read_html(inp: Input, options: ReadOptions) -> Iterator[Item]:
    yield extract_html(inp.read_bytes(options.max_bytes), inp.source)


def extract_html(data: bytes, source: str, url: str | None = None) -> Article | ReadError:
    """One article from a page; a page with no main text is an error, not an empty article."""
    if looks_binary(data):
        return ReadError(source, "not text (binary content)")
    try:
        found = trafilatura.bare_extraction(data, url=url, **_EXTRACT_ARGS)
    except Exception as exc:  # trafilatura/lxml raise many types on broken markup
        return ReadError(source, f"unparseable HTML: {type(exc).__name__}: {exc}")
    doc: dict[str, Any] = found.as_dict() if isinstance(found, Document) else found or {}
    title = _clean(doc.get("title"))
    # A headline inside the article body stays in the text, as in seed files: headlines
    # carry quotes and figures too.
    text = paragraphs(doc.get("text") or "")
    if not text:
        return ReadError(source, f"{_damage(data)}: no article text found")
    page_url = url or doc.get("url")
    return Article(
        source=source,
        text=text,
        title=title,
        date=normalize_date(doc.get("date")),
        url=page_url,
        site=_clean(doc.get("sitename")) or _host(page_url),
        meta={"truncated": True} if _truncated(data) else {},
    )


def paragraphs(text: str) -> str:
    """Join non-empty lines as blank-line separated paragraphs."""
    lines = (" ".join(line.split()) for line in normalize(text).split("\n"))
    return "\n\n".join(line for line in lines if line)


def fragment_text(fragment: str) -> str:
    """Text of an HTML fragment (feed summary, content:encoded) with paragraph breaks."""
    if "<" not in fragment:
        return paragraphs(fragment)
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml refuses some fragments; plain text is still better than none
        return paragraphs(fragment)
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter(*_BLOCKS):
        block.tail = "\n" + (block.tail or "")
        block.text = "\n" + (block.text or "")
    return paragraphs(root.text_content())


def _truncated(data: bytes) -> bool:
    tail = data[-2048:].lower()
    return b"</html" not in tail and b"</body" not in tail


def _damage(data: bytes) -> str:
    return "truncated or unparseable HTML" if _truncated(data) else "HTML page"


def _clean(value: str | None) -> str | None:
    value = " ".join(normalize(value).split()) if value else ""
    return value or None


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None
