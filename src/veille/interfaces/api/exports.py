"""Streaming exports of what a page shows, through ``veille.export``.

The article set is chosen by the same filters as search (words, dates, site, actor);
``table`` picks which flat rows CSV holds (JSONL is always one contract record per
article). Without filters the whole store streams in insertion order; with filters at
most ``MAX_FILTERED`` articles are exported, best match first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from veille import export
from veille.interfaces.api.deps import DateParam, check_dates, read, store_of
from veille.records import Extraction
from veille.store import Store, browse
from veille.store.rows import fold

router = APIRouter(prefix="/api")
MAX_FILTERED = 20_000
PAGE = 500


def _selected(store: Store, request: Request, f: browse.ArticleFilter) -> Iterator[Extraction]:
    offset = 0
    while offset < MAX_FILTERED:
        with read(request) as conn:
            rows, _ = browse.find_articles(conn, f, PAGE, offset)
        for row in rows:
            ex = store.get(row["id"])
            if ex is not None:
                yield ex
        if len(rows) < PAGE:
            return
        offset += PAGE


def _speaker_ok(row: dict[str, object], speaker: str | None) -> bool:
    if not speaker:
        return True
    wanted = fold(speaker)
    names = (row.get("speaker_name"), row.get("speaker_text"), row.get("speaker_actor_id"))
    return any(wanted in fold(str(n)) for n in names if n)


def _csv_lines(records: Iterator[Extraction], table: str, speaker: str | None) -> Iterator[str]:
    buffer = io.StringIO()
    writer: csv.DictWriter[str] | None = None
    for ex in records:
        for row in export.flat_rows(ex, table):
            if table == "quotes" and not _speaker_ok(row, speaker):
                continue
            if writer is None:
                writer = csv.DictWriter(buffer, fieldnames=list(row), extrasaction="ignore")
                writer.writeheader()
            writer.writerow(row)
        if buffer.tell():
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()


@router.get("/export", summary="Download articles as JSONL or one flat table as CSV")
def download(
    request: Request,
    format: Annotated[Literal["jsonl", "csv"], Query(description="jsonl or csv.")] = "jsonl",
    table: Annotated[
        Literal["articles", "quotes", "figures", "actors", "events"],
        Query(description="For CSV: which rows."),
    ] = "articles",
    q: Annotated[str | None, Query(description="Words (as in /api/search).")] = None,
    since: DateParam = None,
    until: DateParam = None,
    site: Annotated[str | None, Query()] = None,
    actor: Annotated[str | None, Query(description="Articles naming this actor id.")] = None,
    speaker: Annotated[str | None, Query(description="CSV quotes: only this speaker.")] = None,
) -> StreamingResponse:
    check_dates(since=since, until=until)
    store = store_of(request)
    f = browse.ArticleFilter(q=q, since=since, until=until, site=site, actor=actor)
    filtered = any((q, since, until, site, actor))
    records = _selected(store, request, f) if filtered else store.iter_extractions()
    name = f"veille-{table if format == 'csv' else 'articles'}.{format}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if format == "csv":
        body = _csv_lines(records, table, speaker)
        return StreamingResponse(body, media_type="text/csv; charset=utf-8", headers=headers)
    lines = (line + "\n" for line in export.jsonl_lines(records))
    return StreamingResponse(lines, media_type="application/x-ndjson", headers=headers)
