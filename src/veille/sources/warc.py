"""WARC archives (CC-NEWS style): each HTML response record through the HTML reader.

Date: the page's own publication date; when the page has none, the day of the record's
WARC-Date (the crawl day, which for a news crawl is the publication day or just after),
flagged with ``meta["date_from"] = "warc"`` so users can tell the two apart.
Records that are not successful HTML responses (robots.txt, redirects, images) are not
articles and are skipped without an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from veille.records import Article, ReadError
from veille.sources.base import Input, Item
from veille.sources.html import extract_html
from veille.sources.options import ReadOptions, size_error

ARTICLE_RECORDS = ("response", "resource")


def read_warc(inp: Input, options: ReadOptions) -> Iterator[Item]:
    count = 0
    with inp.open() as stream:
        try:
            for count, record in enumerate(ArchiveIterator(stream), 1):
                if not record.rec_type:  # warcio parses garbage as a typeless record
                    yield ReadError(inp.source, f"corrupt WARC at record {count}: no WARC-Type")
                    return
                item = _record_item(record, inp.source, count, options)
                if item is not None:
                    yield item
        except Exception as exc:  # warcio raises several types on damaged archives
            reason = f"corrupt or truncated WARC after record {count}"
            yield ReadError(inp.source, f"{reason} ({type(exc).__name__}: {exc})")
            return
    if count == 0:
        yield ReadError(inp.source, "no WARC records found")


def _record_item(record: Any, source: str, number: int, options: ReadOptions) -> Item | None:
    if record.rec_type not in ARTICLE_RECORDS or not _is_html(record):
        return None
    where = f"{source}:record {number}"
    data = record.content_stream().read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        size = max(record.length or 0, len(data))
        return ReadError(where, size_error(size, options.max_bytes))
    url = record.rec_headers.get_header("WARC-Target-URI")
    item = extract_html(data, source, url=url)
    if isinstance(item, ReadError):
        return ReadError(where, item.reason)
    item.meta["record"] = f"record {number}"
    if item.date is None:
        _warc_date(item, record.rec_headers.get_header("WARC-Date"))
    return item


def _is_html(record: Any) -> bool:
    http = record.http_headers
    if http is not None:
        status = http.get_statuscode() or ""
        content_type = http.get_header("Content-Type") or ""
        return status.startswith("2") and "html" in content_type.lower()
    content_type = record.rec_headers.get_header("Content-Type") or ""
    return "html" in content_type.lower()


def _warc_date(article: Article, warc_date: str | None) -> None:
    if warc_date and len(warc_date) >= 10:
        article.date = warc_date[:10]
        article.meta["date_from"] = "warc"
