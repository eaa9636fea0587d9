"""Which reader an input needs: by extension when it has a known one, else by content."""

from __future__ import annotations

import zlib

from veille.sources.base import Input, InputError, Reader
from veille.sources.csvfile import read_csv
from veille.sources.encoding import looks_binary
from veille.sources.feed import read_feed
from veille.sources.html import read_html
from veille.sources.jsonl import read_jsonl
from veille.sources.parquet import read_parquet
from veille.sources.text import read_text
from veille.sources.warc import read_warc

EXTENSIONS: dict[str, Reader] = {
    ".txt": read_text, ".text": read_text,
    ".html": read_html, ".htm": read_html, ".xhtml": read_html,
    ".jsonl": read_jsonl, ".ndjson": read_jsonl, ".json": read_jsonl,
    ".csv": read_csv, ".tsv": read_csv,
    ".xml": read_feed, ".rss": read_feed, ".atom": read_feed, ".rdf": read_feed,
    ".warc": read_warc, ".warc.gz": read_warc,
    ".parquet": read_parquet, ".pq": read_parquet,
}  # fmt: skip
HEAD_BYTES = 4096
FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")
HTML_MARKS = (b"<!doctype html", b"<html", b"<head", b"<body")


def reader_for(inp: Input) -> Reader:
    """Reader for this input; content decides for unknown extensions and for XML."""
    name = inp.source.lower()
    suffix = ".warc.gz" if name.endswith(".warc.gz") else _suffix(name)
    reader = EXTENSIONS.get(suffix)
    if reader is read_feed:
        return _sniff_markup(_head(inp)) or read_feed
    return reader or sniff(_head(inp))


def sniff(head: bytes) -> Reader:
    """Reader for content with no telling name (stdin, odd extension)."""
    if head.startswith(b"\x1f\x8b"):
        return _sniff_gzip(head)
    if head.startswith(b"WARC/"):
        return read_warc
    if head.startswith(b"PAR1"):
        return read_parquet
    if looks_binary(head):
        raise InputError("not text (binary content)")
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith((b"{", b"[")):
        return read_jsonl
    return _sniff_markup(head) or read_text


def _sniff_markup(head: bytes) -> Reader | None:
    lower = head.lower()
    if any(root in lower for root in FEED_ROOTS):
        return read_feed
    if any(mark in lower for mark in HTML_MARKS):
        return read_html
    return None


def _sniff_gzip(head: bytes) -> Reader:
    try:
        inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error as exc:
        raise InputError(f"corrupt gzip data: {exc}") from None
    if inner.startswith(b"WARC/"):
        return read_warc
    raise InputError("gzip-compressed content other than WARC is not supported")


def _head(inp: Input) -> bytes:
    with inp.open() as stream:
        return stream.read(HEAD_BYTES)


def _suffix(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot > name.rfind("/") else ""
