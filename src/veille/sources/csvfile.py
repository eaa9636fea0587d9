"""CSV/TSV exports with a header row, mapped to articles like JSON records.

The delimiter of a .csv is sniffed among ``, ; tab`` because French spreadsheets write
``;``. The whole file is decoded first so Excel's Windows-1252 exports read correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from veille.records import ReadError
from veille.sources.base import Input, Item
from veille.sources.encoding import decode
from veille.sources.options import ReadOptions
from veille.sources.records import record_article

DELIMITERS = ",;\t"
# Article bodies exceed csv's default 128 KiB field limit.
csv.field_size_limit(64 * 1024 * 1024)


def read_csv(inp: Input, options: ReadOptions) -> Iterator[Item]:
    with inp.open() as stream:
        text = decode(stream.read())
    if not text.strip():
        yield ReadError(inp.source, "empty file")
        return
    delimiter = "\t" if inp.source.lower().endswith(".tsv") else _sniff(text)
    rows = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    yield from _rows(rows, inp.source, options)


def _rows(rows: csv.DictReader[str], source: str, options: ReadOptions) -> Iterator[Item]:
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            yield ReadError(f"{source}:line {rows.line_num}", f"invalid CSV: {exc}")
            return
        where = f"line {rows.line_num}"
        if None in row:
            yield ReadError(f"{source}:{where}", "more cells than header columns")
            continue
        yield record_article(row, source, where, options)


def _sniff(text: str) -> str:
    header = text.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(header, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","
