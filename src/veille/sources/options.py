"""Reading options shared by every reader, kept in one place so the CLI can expose them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

MB = 1_000_000


@dataclass(slots=True)
class ReadOptions:
    """How to map export fields to `Article` fields, and how much one file may weigh.

    Field names are tried in order; the first one present with a non-empty value wins, so
    the defaults cover common exports (news-please, newspaper3k, hand-made CSVs) as is.
    ``max_bytes`` bounds files read whole (text, HTML, feeds, one WARC record): a file
    above it is reported, not read, so one huge file cannot stall or exhaust a batch.
    Streamed containers (JSONL, CSV, WARC) have no file-size limit.
    """

    text_fields: tuple[str, ...] = ("text", "content", "body", "maintext")
    title_fields: tuple[str, ...] = ("title", "headline")
    date_fields: tuple[str, ...] = ("date", "published", "date_publish", "pubdate")
    url_fields: tuple[str, ...] = ("url", "link")
    site_fields: tuple[str, ...] = ("site", "sitename", "source_domain")
    max_bytes: int = 10 * MB
    stdin: BinaryIO | None = None


def size_error(size: int, limit: int) -> str:
    """The one wording for an oversized input, telling the user which knob to turn."""
    return f"file too large ({size / MB:.1f} MB > {limit / MB:g} MB limit; raise with max_bytes)"
