"""``POST /api/ingest``: upload files into the store, only for holders of the server token.

The server is read-only unless started with ``--token``; then the request must carry
``Authorization: Bearer <token>`` (compared in constant time). Uploads go to a private
temporary folder under their base name only, run through the same pipeline as
``veille ingest``, and one ingest runs at a time (the model is loaded once).
"""

from __future__ import annotations

import hmac
import tempfile
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Request, UploadFile

from veille.interfaces.api.deps import store_of
from veille.interfaces.api.errors import ApiError

router = APIRouter(prefix="/api")
MAX_UPLOAD = 50_000_000
_LOCK = threading.Lock()


def check_token(request: Request) -> None:
    token: str | None = request.app.state.token
    if not token:
        raise ApiError(403, "this server is read-only: start it with --token to allow ingest")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(value.strip(), token):
        raise ApiError(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})


def _safe_name(name: str | None, n: int) -> str:
    base = Path(name or "").name.strip().lstrip(".")
    return f"{n:04d}-{base or 'upload.txt'}"


@router.post("/ingest", summary="Upload files to ingest (needs the server's bearer token)")
def ingest(
    request: Request, files: Annotated[list[UploadFile], File(description="Article files.")]
) -> dict[str, Any]:
    """Any format ``veille ingest`` reads. Returns what was stored and what failed."""
    check_token(request)
    with tempfile.TemporaryDirectory(prefix="veille-upload-") as tmp:
        total = 0
        paths = []
        for n, upload in enumerate(files):
            data = upload.file.read(MAX_UPLOAD + 1 - total)
            total += len(data)
            if total > MAX_UPLOAD:
                raise ApiError(413, f"uploads larger than {MAX_UPLOAD // 1_000_000} MB in total")
            path = Path(tmp) / _safe_name(upload.filename, n)
            path.write_bytes(data)
            paths.append(str(path))
        with _LOCK:
            return _run(request, paths, tmp)


def _run(request: Request, paths: list[str], tmp: str) -> dict[str, Any]:
    from veille.pipeline import LayeredBandIndex, PipelineOptions, Processed, run
    from veille.records import ReadError
    from veille.sources import read_paths

    store = store_of(request)
    index = LayeredBandIndex(store)
    result: dict[str, Any] = {"stored": 0, "already_stored": 0, "duplicates": 0, "ids": []}
    errors: list[dict[str, str]] = []

    def skipped(_article: Any) -> None:
        result["already_stored"] += 1

    for batch in run(read_paths(paths), index, PipelineOptions(), store.has_article, skipped):
        done = [i for i in batch if isinstance(i, Processed)]
        for item in batch:
            if isinstance(item, ReadError):
                source = item.source.replace(tmp + "/", "")
                errors.append({"source": source, "reason": item.reason})
                store.log(source, "error", item.reason)
        result["stored"] += store.add_many([(p.extraction, p.lsh_keys, p.signature) for p in done])
        index.flushed()
        result["duplicates"] += sum(1 for p in done if p.extraction.article.duplicate_of)
        result["ids"] += [p.extraction.article.id for p in done]
    result["errors"] = errors
    return result
