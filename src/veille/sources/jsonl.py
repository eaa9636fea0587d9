"""JSON Lines exports (one object per line) and .json files (a list of objects, or one).

JSON Lines are streamed, so an export of any size reads in constant memory, and a bad
line costs one error, not the file. A .json file is parsed whole first: a pretty-printed
document must give one error when broken, not one per line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from veille.records import ReadError
from veille.sources.base import Input, Item
from veille.sources.encoding import bom_encoding
from veille.sources.options import ReadOptions
from veille.sources.records import record_article

LINE_FORMATS = (".jsonl", ".ndjson")


def read_jsonl(inp: Input, options: ReadOptions) -> Iterator[Item]:
    if inp.source.lower().endswith(LINE_FORMATS):
        with inp.open() as stream:
            yield from _read_lines(stream, inp.source, options)
        return
    with inp.open() as stream:
        data = stream.read()
    try:
        value = json.loads(data.decode("utf-8-sig"))
    except ValueError as exc:
        if _first_line_is_object(data):
            yield from _read_lines(data.splitlines(), inp.source, options)
        else:
            yield ReadError(inp.source, _json_reason(exc))
        return
    yield from _read_document(value, inp.source, options)


def _read_lines(lines: Iterable[bytes], source: str, options: ReadOptions) -> Iterator[Item]:
    seen = False
    for number, raw in enumerate(lines, 1):
        if number == 1 and bom_encoding(raw) == "utf-8-sig":
            raw = raw[3:]
        if raw.strip():
            seen = True
            yield _parse_line(raw, source, number, options)
    if not seen:
        yield ReadError(source, "empty file")


def _parse_line(raw: bytes, source: str, number: int, options: ReadOptions) -> Item:
    where = f"line {number}"
    try:
        value = json.loads(raw.decode("utf-8"))
    except ValueError as exc:
        return ReadError(f"{source}:{where}", _json_reason(exc, number))
    return _object_article(value, source, where, options)


def _read_document(value: Any, source: str, options: ReadOptions) -> Iterator[Item]:
    if isinstance(value, dict):
        yield record_article(value, source, "object", options)
        return
    if not isinstance(value, list):
        yield ReadError(source, f"expected a JSON list or object, got {type(value).__name__}")
        return
    for number, item in enumerate(value, 1):
        yield _object_article(item, source, f"item {number}", options)


def _object_article(value: Any, source: str, where: str, options: ReadOptions) -> Item:
    if not isinstance(value, dict):
        kind = type(value).__name__
        return ReadError(f"{source}:{where}", f"expected a JSON object, got {kind}")
    return record_article(value, source, where, options)


def _first_line_is_object(data: bytes) -> bool:
    first = next((line for line in data.lstrip(b"\xef\xbb\xbf").splitlines() if line.strip()), b"")
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def _json_reason(exc: ValueError, line: int | None = None) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"invalid JSON on line {line or exc.lineno}: {exc.msg}"
    return "invalid JSON: not UTF-8 text"
