"""Exports: the stored records as JSON Lines (the contract shape), CSV or Parquet tables.

JSONL keeps one article per line exactly as ``veille extract`` prints it. CSV and Parquet
flatten the same records into one table per kind of item (articles, quotes, figures,
actors, events), each row carrying its article's id and date. Everything streams.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from veille.records import Extraction

TABLES = ("articles", "quotes", "figures", "actors", "events")


def jsonl_lines(extractions: Iterable[Extraction]) -> Iterator[str]:
    for ex in extractions:
        yield json.dumps(ex.to_contract(), ensure_ascii=False)


def flat_rows(ex: Extraction, table: str) -> list[dict[str, Any]]:
    """One article's rows of ``table``, flattened for CSV and Parquet."""
    record = ex.to_contract()
    base = {"article_id": record["id"], "article_date": record["date"]}
    if table == "articles":
        keep = ("id", "source", "url", "site", "title", "date", "lang", "duplicate_of", "text")
        row = {k: record[k] for k in keep}
        row.update(quotes=len(record["quotes"]), figures=len(record["figures"]))
        return [row]
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r} (one of: {', '.join(TABLES)})")
    return [base | {"index": i} | _flatten(item) for i, item in enumerate(record[table])]


def _flatten(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, name + "_"))
        elif isinstance(value, list):
            out[name] = json.dumps(value)
        else:
            out[name] = value
    return out


def write_csv(extractions: Iterable[Extraction], table: str, out: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    count = 0
    for ex in extractions:
        for row in flat_rows(ex, table):
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(row), extrasaction="ignore")
                writer.writeheader()
            writer.writerow(row)
            count += 1
    return count


def write_parquet(
    extractions: Iterable[Extraction], table: str, path: str, batch_rows: int = 5000
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    schema: pa.Schema | None = None
    buffer: list[dict[str, Any]] = []
    count = 0

    def flush() -> None:
        nonlocal writer, schema
        if not buffer:
            return
        if schema is None:
            schema = _schema(pa.Table.from_pylist(buffer).schema)
            writer = pq.ParquetWriter(path, schema)
        batch = pa.Table.from_pylist(buffer, schema=schema)
        assert writer is not None
        writer.write_table(batch)
        buffer.clear()

    for ex in extractions:
        for row in flat_rows(ex, table):
            buffer.append(row)
            count += 1
        if len(buffer) >= batch_rows:
            flush()
    flush()
    if writer is not None:
        writer.close()
    return count


_FLOATS = {"value", "value_max"}


def _schema(inferred: Any) -> Any:
    """The first batch's schema, with columns it saw only as null given a real type, so
    later batches with values still fit."""
    import pyarrow as pa

    fields = []
    for f in inferred:
        if pa.types.is_null(f.type):
            kind = (
                pa.float64()
                if f.name in _FLOATS
                else (pa.int64() if f.name.endswith(("start", "end", "part_of")) else pa.string())
            )
            fields.append(pa.field(f.name, kind))
        elif f.name in _FLOATS:
            fields.append(pa.field(f.name, pa.float64()))
        else:
            fields.append(f)
    return pa.schema(fields)
