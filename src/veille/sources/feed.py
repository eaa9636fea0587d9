"""RSS and Atom feeds: one article per entry, the feed's title as the site.

The entry body is the fullest the feed gives (``content`` over ``summary``), stripped of
markup with the same paragraph convention as HTML pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import feedparser

from veille.records import Article, ReadError
from veille.sources.base import Input, Item
from veille.sources.dates import normalize_date
from veille.sources.html import fragment_text
from veille.sources.options import ReadOptions

DATE_KEYS = ("published_parsed", "updated_parsed", "created_parsed")
RAW_DATE_KEYS = ("published", "updated", "created")


def read_feed(inp: Input, options: ReadOptions) -> Iterator[Item]:
    parsed = feedparser.parse(inp.read_bytes(options.max_bytes))
    if not parsed.entries:
        yield ReadError(inp.source, _no_entries_reason(parsed))
        return
    site = _text(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, 1):
        yield _entry_article(entry, inp.source, number, site)


def _no_entries_reason(parsed: Any) -> str:
    if parsed.get("bozo"):
        return f"malformed feed: {parsed.get('bozo_exception')}"
    if not parsed.get("version"):
        return "not an RSS/Atom feed"
    return "feed has no entries"


def _entry_article(entry: Any, source: str, number: int, site: str | None) -> Item:
    where = f"entry {number}"
    text = _body(entry)
    if not text:
        return ReadError(f"{source}:{where}", "feed entry has no text")
    return Article(
        source=source,
        text=text,
        title=_text(entry.get("title")),
        date=_date(entry),
        url=entry.get("link") or None,
        site=site,
        meta={"record": where},
    )


def _body(entry: Any) -> str:
    contents = [c.get("value", "") for c in entry.get("content", [])]
    best = max(contents, key=len, default="")
    return fragment_text(best or entry.get("summary", "") or "")


def _date(entry: Any) -> str | None:
    for key in RAW_DATE_KEYS:
        found = normalize_date(entry.get(key))
        if found:
            return found
    for key in DATE_KEYS:
        found = normalize_date(entry.get(key))
        if found:
            return found
    return None


def _text(value: str | None) -> str | None:
    return fragment_text(value) or None if value else None
