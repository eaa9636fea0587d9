"""Versioned schema: numbered steps applied in order, all in one transaction at open.

The version lives in ``meta`` (key ``schema_version``). A database written by a newer
veille is refused rather than misread. To change the schema, add ``_v2`` and register
it in ``STEPS``; never edit a step that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import Connection

from veille.store import fts, schema
from veille.store.engine import describe, writing
from veille.store.errors import StoreError

VERSION_KEY = "schema_version"


def _v1(conn: Connection) -> None:
    """Tables, indexes and the backend's full-text index (version-1 tables only: later
    tables belong to their own steps, so old and new databases end up identical)."""
    schema.metadata.create_all(conn, tables=list(schema.V1_TABLES))
    ddl = fts.POSTGRES_DDL if conn.dialect.name == "postgresql" else fts.SQLITE_DDL
    for statement in ddl:
        conn.execute(text(statement))


def _v2(conn: Connection) -> None:
    """Actor corrections (merges and splits) and an index for actor profiles."""
    schema.metadata.create_all(conn, tables=list(schema.V2_TABLES))
    for statement in schema.V2_INDEX_DDL:
        conn.execute(text(statement))


def _v3(conn: Connection) -> None:
    """Stances; events' verb, date, modes, evidence and joint actors; figure periods.
    Columns are added only where missing: a store created at version 3 has them from
    its version-1 step already."""
    schema.metadata.create_all(conn, tables=list(schema.V3_TABLES))
    found = inspect(conn)
    for table, names in schema.V3_COLUMNS:
        have = {c["name"] for c in found.get_columns(table.name)}
        for name in names:
            if name not in have:
                column = table.c[name]
                kind = column.type.compile(dialect=conn.dialect)
                conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{name}" {kind}'))
    for statement in schema.V3_INDEX_DDL:
        conn.execute(text(statement))


STEPS: dict[int, Callable[[Connection], None]] = {1: _v1, 2: _v2, 3: _v3}
LATEST = max(STEPS)


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("meta"):
        return 0
    value = conn.execute(
        select(schema.meta.c.value).where(schema.meta.c.key == VERSION_KEY)
    ).scalar_one_or_none()
    return int(value) if value is not None else 0


def _set_version(conn: Connection, version: int) -> None:
    table = schema.meta
    updated = conn.execute(
        table.update().where(table.c.key == VERSION_KEY).values(value=str(version))
    )
    if updated.rowcount == 0:
        conn.execute(table.insert().values(key=VERSION_KEY, value=str(version)))


def migrate(engine: Engine) -> int:
    """Bring the database to LATEST; return the version it was at before."""
    with writing(engine) as conn:
        found = current_version(conn)
        if found > LATEST:
            raise StoreError(
                f"{describe(engine)} has schema version {found}, newer than this veille "
                f"understands ({LATEST}): upgrade veille"
            )
        for version in range(found + 1, LATEST + 1):
            STEPS[version](conn)
            _set_version(conn, version)
        return found
