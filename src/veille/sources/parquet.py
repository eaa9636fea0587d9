"""Parquet files (one article per row): the field mapping of JSON Lines and CSV.

Read one row group at a time, so a file of any size reads in constant memory; each row
goes through ``records.record_article`` (``--text-field``, ``--date-field`` ...), and a
row without text costs one error, not the file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from veille.records import ReadError
from veille.sources.base import Input, Item
from veille.sources.options import ReadOptions
from veille.sources.records import record_article


def read_parquet(inp: Input, options: ReadOptions) -> Iterator[Item]:
    import pyarrow.parquet as pq

    with inp.open() as stream:
        try:
            reader = pq.ParquetFile(stream)
        except Exception as exc:  # pyarrow raises ArrowInvalid and OSError subclasses
            yield ReadError(inp.source, f"not a readable Parquet file ({exc})")
            return
        number = 0
        for group in range(reader.num_row_groups):
            for row in reader.read_row_group(group).to_pylist():
                number += 1
                yield record_article(
                    {k: _scalar(v) for k, v in row.items() if v is not None},
                    inp.source,
                    f"row {number}",
                    options,
                )
        if number == 0:
            yield ReadError(inp.source, "empty file")


def _scalar(value: object) -> object:
    """Dates and timestamps as ISO text, so date columns map like JSON strings."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value
