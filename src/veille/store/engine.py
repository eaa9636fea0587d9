"""Turn what the user typed (a path or a URL) into a configured SQLAlchemy engine.

SQLite gets its pragmas on every new connection and explicit BEGINs (pysqlite would
otherwise run DDL outside the transaction and break atomic migrations). Write
transactions take the write lock up front (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL
advisory lock) so check-then-insert is race free and both backends behave alike.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from veille.store.errors import StoreError

DEFAULT_PATH = "./veille.db"
WRITE_OPTION = "veille_write"
PG_WRITE_LOCK = 0x7665696C  # "veil": one advisory lock key for all veille writers
SQLITE_BUSY_MS = 30_000


def to_url(target: str | Path | None) -> URL:
    """A plain path means SQLite; URLs keep their scheme, postgres gets psycopg 3."""
    raw = str(target) if target is not None else DEFAULT_PATH
    if "://" not in raw:
        return URL.create("sqlite", database=raw)
    try:
        url = make_url(raw)
    except ArgumentError as exc:
        raise StoreError(f"invalid database URL {raw!r}: {exc}") from exc
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        return url
    if backend == "sqlite":
        return url
    raise StoreError(
        f"unsupported database {url.drivername!r} in {raw!r}: use a path, "
        "sqlite:///FILE or postgresql://USER@HOST/DB"
    )


def make_engine(url: URL) -> Engine:
    try:
        engine = create_engine(url, future=True)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use {url.render_as_string(hide_password=True)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        _check_sqlite_file(url)
        _configure_sqlite(engine)
    return engine


def _check_sqlite_file(url: URL) -> None:
    """Fail early with a readable message instead of a driver error on first query."""
    db = url.database
    if not db or db == ":memory:" or db.startswith("file:"):
        return
    path = Path(db)
    if path.is_dir():
        raise StoreError(f"{db} is a directory, not a SQLite database file")
    if not path.parent.exists():
        raise StoreError(f"cannot create {db}: folder {path.parent} does not exist")
    if path.is_file() and path.stat().st_size > 0:
        with path.open("rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                raise StoreError(f"{db} exists but is not a SQLite database")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, see module doc
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = "IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")


def describe(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One write transaction holding the store's write lock; commits on success."""
    with guard(engine), engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            if engine.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_WRITE_LOCK})
            yield conn


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read transaction (a consistent snapshot for the duration of the block)."""
    with guard(engine), engine.connect() as conn, conn.begin():
        yield conn


@contextmanager
def guard(engine: Engine) -> Iterator[None]:
    """Translate driver errors into StoreError with the database named."""
    try:
        yield
    except StoreError:
        raise
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError(f"database error on {describe(engine)}: {reason}") from exc


def ensure_indexes(engine: Engine) -> list[str]:
    """Create the indexes declared on the tables (``schema``) that the database lacks;
    return their names.

    Indexes change no data and no query result, only speed, so they are not tied to a
    schema version: a store created before an index was declared gets it the next time
    it is opened (after ``migrations.migrate``, so every table is there). Checking is one
    catalog read; the write lock is taken only when something is missing.
    """
    from veille.store.schema import metadata

    def missing(conn: Connection) -> list[Any]:
        found = inspect(conn)
        tables = set(found.get_table_names())
        names = {
            ix["name"]
            for (_, table), indexes in found.get_multi_indexes().items()
            if table in tables
            for ix in indexes
        }
        return [
            ix
            for table in metadata.sorted_tables
            if table.name in tables
            for ix in sorted(table.indexes, key=lambda i: str(i.name))
            if ix.name not in names
        ]

    with reading(engine) as conn:
        if not missing(conn):
            return []
    with writing(engine) as conn:
        todo = missing(conn)  # again, under the write lock: another process may be faster
        for index in todo:
            index.create(conn)
        return [str(ix.name) for ix in todo]
