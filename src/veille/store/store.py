"""The Store: everything the pipeline, CLI and API read from or write to the database.

Writes are one transaction per call (``add``) or per batch (``add_many``), holding the
store's write lock, so an ingest killed at any point leaves only whole articles behind
and a rerun simply adds what is missing. The Store is also the pipeline's
``BandIndex``: band keys given to ``add_bands`` wait in memory until their article is
written, so the database never holds bands of an article it does not hold.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.engine import Connection

from veille.records import Extraction
from veille.store import event_queries, fts, queries, rows
from veille.store.engine import ensure_indexes, make_engine, reading, to_url, writing
from veille.store.errors import StoreError
from veille.store.migrations import migrate
from veille.store.schema import (
    actors,
    article_actors,
    articles,
    events,
    figures,
    ingest_log,
    lsh_bands,
    mentions,
    quotes,
    signatures,
    stances,
)

Item = tuple[Extraction, list[str] | None, bytes | None]
CHUNK = 500
STATUSES = ("ok", "error", "skipped")
_CHILD_ORDER: dict[str, tuple[Table, tuple[str, ...]]] = {
    "quotes": (quotes, ("idx",)),
    "figures": (figures, ("idx",)),
    "events": (events, ("idx",)),
    "stances": (stances, ("idx",)),
    "article_actors": (article_actors, ("idx",)),
    "mentions": (mentions, ("actor_idx", "idx")),
}


def _chunks(values: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


def _existing(conn: Connection, column: Any, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for part in _chunks(ids):
        found.update(conn.execute(select(column).where(column.in_(part))).scalars())
    return found


class Store:
    """A veille database (SQLite file or PostgreSQL), migrated to the current schema."""

    def __init__(self, target: str | Path | None = None) -> None:
        self._engine = make_engine(to_url(target))
        self._pending: dict[str, tuple[list[str], bytes]] = {}
        try:
            migrate(self._engine)
            ensure_indexes(self._engine)
        except BaseException:
            self._engine.dispose()
            raise

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._engine.dialect.name

    @property
    def engine(self) -> Any:
        """The SQLAlchemy engine, for read-only query modules beside this one."""
        return self._engine

    @property
    def url(self) -> str:
        return self._engine.url.render_as_string(hide_password=True)

    # -- lifecycle -----------------------------------------------------------------
    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        with reading(self._engine) as conn:
            return bool(_existing(conn, articles.c.id, [article_id]))

    def add(
        self, ex: Extraction, lsh_keys: list[str] | None = None, signature: bytes | None = None
    ) -> bool:
        """Store one extraction; False (and nothing written) if its id is already stored."""
        return self.add_many([(ex, lsh_keys, signature)]) == 1

    def add_many(self, items: Iterable[Item]) -> int:
        """Store a batch in one transaction, skipping stored ids; return how many were new."""
        batch = list(items)
        with writing(self._engine) as conn:
            fresh = self._fresh(conn, batch)
            if fresh:
                self._check_duplicate_links(conn, fresh)
                self._insert(conn, fresh)
        for ex, _, _ in fresh:
            self._pending.pop(ex.article.id, None)
        return len(fresh)

    def _fresh(self, conn: Connection, batch: list[Item]) -> list[Item]:
        stored = _existing(conn, articles.c.id, [ex.article.id for ex, _, _ in batch])
        fresh: list[Item] = []
        for ex, keys, sig in batch:
            if ex.article.id not in stored:
                stored.add(ex.article.id)
                fresh.append((ex, keys, sig))
        return fresh

    def _check_duplicate_links(self, conn: Connection, fresh: list[Item]) -> None:
        """Name the broken link instead of letting a foreign-key error abort the batch."""
        targets = sorted({ex.article.duplicate_of for ex, _, _ in fresh if ex.article.duplicate_of})
        known = _existing(conn, articles.c.id, targets)
        known.update(ex.article.id for ex, _, _ in fresh)
        missing = [t for t in targets if t not in known]
        if missing:
            raise StoreError(f"duplicate_of points to articles that are not stored: {missing}")

    def _insert(self, conn: Connection, fresh: list[Item]) -> None:
        tables: dict[Table, list[rows.Row]] = defaultdict(list)
        for ex, keys, sig in fresh:
            self._collect(tables, ex, keys, sig)
        conn.execute(articles.insert(), tables.pop(articles))
        self._upsert_actors(conn, tables.pop(actors, []))
        for table in (
            article_actors,
            mentions,
            quotes,
            figures,
            events,
            stances,
            signatures,
            lsh_bands,
        ):
            if tables.get(table):
                conn.execute(table.insert(), tables[table])

    def _collect(
        self,
        tables: dict[Table, list[rows.Row]],
        ex: Extraction,
        keys: list[str] | None,
        sig: bytes | None,
    ) -> None:
        aid = ex.article.id
        tables[articles].append(rows.article_row(ex.article))
        tables[quotes].extend(rows.quote_row(aid, i, q) for i, q in enumerate(ex.quotes))
        tables[figures].extend(rows.figure_row(aid, i, f) for i, f in enumerate(ex.figures))
        tables[events].extend(rows.event_row(aid, i, e) for i, e in enumerate(ex.events))
        tables[stances].extend(rows.stance_row(aid, i, s) for i, s in enumerate(ex.stances))
        links, spans = rows.actor_rows(aid, ex.actors)
        tables[article_actors].extend(links)
        tables[mentions].extend(spans)
        tables[actors].extend({"id": m.actor_id, "name": m.name, "type": m.type} for m in ex.actors)
        pending = self._pending.get(aid)
        if not keys and not sig and pending:
            keys, sig = pending
        if sig:  # the pipeline passes b"" for texts without words: nothing to compare
            tables[signatures].append({"article_id": aid, "sig": sig})
        tables[lsh_bands].extend({"key": k, "article_id": aid} for k in dict.fromkeys(keys or ()))

    def _upsert_actors(self, conn: Connection, candidates: list[rows.Row]) -> None:
        """Insert actors not seen before; the first name and type seen win."""
        first = {r["id"]: r for r in reversed(candidates)}
        stored = _existing(conn, actors.c.id, sorted(first))
        new = [r for aid, r in first.items() if aid not in stored]
        if new:
            conn.execute(actors.insert(), new)

    def log(self, source: str, status: str, reason: str | None = None) -> None:
        """Record what happened to one input, for `veille` to report back to the user."""
        if status not in STATUSES:
            raise StoreError(f"invalid ingest status {status!r}: use one of {STATUSES}")
        with writing(self._engine) as conn:
            conn.execute(
                ingest_log.insert().values(
                    source=source, status=status, reason=reason, at=rows.now()
                )
            )

    # -- BandIndex -----------------------------------------------------------------
    def candidates(self, keys: list[str]) -> list[str]:
        """Stored (then pending) articles sharing a band key, oldest first."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, int] = {}
        with reading(self._engine) as conn:
            for part in _chunks(wanted):
                stmt = (
                    select(lsh_bands.c.article_id, articles.c.seq)
                    .join_from(lsh_bands, articles, articles.c.id == lsh_bands.c.article_id)
                    .where(lsh_bands.c.key.in_(part))
                    .distinct()
                )
                found.update((r.article_id, r.seq) for r in conn.execute(stmt))
        ordered = sorted(found, key=found.__getitem__)
        keyset = set(wanted)
        ordered += [
            aid
            for aid, (ks, _) in self._pending.items()
            if aid not in found and keyset.intersection(ks)
        ]
        return ordered

    def signature(self, article_id: str) -> bytes | None:
        if article_id in self._pending:
            return self._pending[article_id][1]
        with reading(self._engine) as conn:
            stmt = select(signatures.c.sig).where(signatures.c.article_id == article_id)
            sig = conn.execute(stmt).scalar_one_or_none()
        return bytes(sig) if sig is not None else None

    def add_bands(self, article_id: str, keys: list[str], signature: bytes) -> None:
        """Bands of an unstored article wait for its `add`; a stored one gets them now."""
        if article_id in self._pending or self.signature(article_id) is not None:
            return
        if not self.has_article(article_id):
            self._pending[article_id] = (list(keys), signature)
            return
        with writing(self._engine) as conn:
            conn.execute(signatures.insert().values(article_id=article_id, sig=signature))
            if keys:
                conn.execute(
                    lsh_bands.insert(),
                    [{"key": k, "article_id": article_id} for k in dict.fromkeys(keys)],
                )

    # -- reading records -------------------------------------------------------------
    def get(self, article_id: str) -> Extraction | None:
        with reading(self._engine) as conn:
            found = conn.execute(select(articles).where(articles.c.id == article_id)).all()
            loaded = self._load(conn, [r._mapping for r in found])
        return loaded[0] if loaded else None

    def iter_extractions(self, batch_size: int = 500) -> Iterator[Extraction]:
        """Every stored extraction in insertion order, one batch in memory at a time."""
        last = 0
        while True:
            with reading(self._engine) as conn:
                stmt = (
                    select(articles)
                    .where(articles.c.seq > last)
                    .order_by(articles.c.seq)
                    .limit(max(1, batch_size))
                )
                page = [r._mapping for r in conn.execute(stmt)]
                loaded = self._load(conn, page)
            if not page:
                return
            last = page[-1]["seq"]
            yield from loaded

    def _load(self, conn: Connection, page: list[Any]) -> list[Extraction]:
        ids = [r["id"] for r in page]
        children: dict[str, dict[str, list[rows.Row]]] = defaultdict(
            lambda: {name: [] for name in _CHILD_ORDER}
        )
        for name, (table, order) in _CHILD_ORDER.items():
            for part in _chunks(ids):
                stmt = (
                    select(table)
                    .where(table.c.article_id.in_(part))
                    .order_by(table.c.article_id, *(table.c[c] for c in order))
                )
                for r in conn.execute(stmt):
                    children[r.article_id][name].append(dict(r._mapping))
        return [rows.to_extraction(r, children[r["id"]]) for r in page]

    # -- listings ------------------------------------------------------------------
    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[dict[str, Any]]:
        """Ranked full-text search over titles and texts; snippets mark hits with [ ]."""
        with reading(self._engine) as conn:
            return fts.search(conn, query, limit, offset)

    def articles(
        self, limit: int = 50, offset: int = 0, since: str | None = None, until: str | None = None
    ) -> list[dict[str, Any]]:
        with reading(self._engine) as conn:
            return queries.list_articles(conn, limit, offset, since, until)

    def quotes(
        self,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        query: str | None = None,
        limit: int = 100,
        offset: int = 0,
        duplicates: bool = False,
    ) -> list[dict[str, Any]]:
        with reading(self._engine) as conn:
            return queries.list_quotes(
                conn,
                speaker=speaker,
                since=since,
                until=until,
                query=query,
                limit=limit,
                offset=offset,
                duplicates=duplicates,
            )

    def figures(
        self,
        what: str | None = None,
        where: str | None = None,
        source: str | None = None,
        limit: int = 100,
        offset: int = 0,
        duplicates: bool = False,
    ) -> list[dict[str, Any]]:
        with reading(self._engine) as conn:
            return queries.list_figures(
                conn,
                what=what,
                where=where,
                source=source,
                limit=limit,
                offset=offset,
                duplicates=duplicates,
            )

    def events(self, **filters: Any) -> list[dict[str, Any]]:
        """Event reports (see ``event_queries.list_events`` for the filters)."""
        with reading(self._engine) as conn:
            return event_queries.list_events(conn, **filters)

    def stances(self, issue: str, **filters: Any) -> list[dict[str, Any]]:
        """Stances on one issue (see ``event_queries.list_stances``)."""
        with reading(self._engine) as conn:
            return event_queries.list_stances(conn, issue, **filters)

    def issue_counts(self) -> dict[str, int]:
        with reading(self._engine) as conn:
            return event_queries.issue_counts(conn)

    def speakers(self, limit: int = 20, duplicates: bool = False) -> list[tuple[str, int]]:
        with reading(self._engine) as conn:
            return queries.top_speakers(conn, limit, duplicates)

    def counts(self) -> dict[str, int]:
        def n(table: Table, *where: Any) -> Any:
            return select(func.count()).select_from(table).where(*where).scalar_subquery()

        stmt = select(
            n(articles).label("articles"),
            n(articles, articles.c.duplicate_of.is_not(None)).label("duplicates"),
            n(quotes).label("quotes"),
            n(figures).label("figures"),
            n(actors).label("actors"),
            n(events).label("events"),
        )
        with reading(self._engine) as conn:
            return {k: int(v) for k, v in conn.execute(stmt).one()._mapping.items()}

    def errors(self) -> list[dict[str, Any]]:
        """Inputs logged with status 'error', oldest first: source, reason, at."""
        with reading(self._engine) as conn:
            return queries.list_errors(conn)


def open_store(target: str | Path | None = None) -> Store:
    """Open (creating and migrating if needed) the store at a path or URL."""
    return Store(target)
