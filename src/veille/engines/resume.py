"""Resuming by file: a file whose articles are all stored is not even read again.

The ingest logs each file as ``ok`` in the store's ``ingest_log`` (with its size and
modification time) once every article read from it is stored. A rerun skips files
logged ok with an unchanged fingerprint, and the articles of the file it was in the
middle of are skipped by id (``Store.has_article``) before any parsing.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from sqlalchemy import select


def fingerprint(path: str) -> str:
    """What must not have changed for a stored file to be skipped."""
    try:
        st = os.stat(path)
    except OSError:
        return ""
    return f"size={st.st_size} mtime_ns={st.st_mtime_ns}"


def completed_files(store: object) -> dict[str, str]:
    """Files logged ok, with the fingerprint they had then (read-only query)."""
    from veille.store.engine import reading
    from veille.store.schema import ingest_log

    engine = store.engine  # type: ignore[attr-defined]
    query = select(ingest_log.c.source, ingest_log.c.reason).where(ingest_log.c.status == "ok")
    with reading(engine) as conn:
        return {source: reason or "" for source, reason in conn.execute(query)}


def is_done(path: str, done: dict[str, str]) -> bool:
    return path in done and done[path] == fingerprint(path) != ""


class FileLog:
    """Logs a file ok when results of a later file arrive (results come in input order,
    after the batch holding them is stored), and the last file at the end of the run."""

    def __init__(self, log: Callable[[str, str, str | None], None], done: dict[str, str]):
        self.log = log
        self.done = done
        self.current: str | None = None
        self.logged = 0

    def stored(self, source: str) -> None:
        """An article from ``source`` is stored (call after ``add_many``)."""
        if source == self.current:
            return
        self.finish()
        self.current = source

    def finish(self) -> None:
        if self.current is not None and not is_done(self.current, self.done):
            stamp = fingerprint(self.current)
            if stamp:
                self.log(self.current, "ok", stamp)
                self.done[self.current] = stamp
                self.logged += 1
        self.current = None
