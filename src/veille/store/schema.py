"""Table definitions (SQLAlchemy Core), shared by SQLite and PostgreSQL.

``articles.seq`` is the integer primary key: on SQLite it is the rowid alias, so the
FTS5 external-content index (and Datasette's search) keeps pointing at the right rows
even after VACUUM, and it records insertion order for keyset pagination on both
backends. ``articles.id`` (the content-derived id) is UNIQUE and is what every other
table references. ``start``/``end`` keep the contract's names so Datasette users see
the same fields as the JSON; SQLAlchemy quotes ``end`` where needed.

Columns ending in ``_key`` hold accent- and case-folded copies (see ``rows.fold``) so
that accent-insensitive filters are one plain ``LIKE`` on both backends.

This module describes the schema at ``migrations.LATEST``; a later version adds its own
step in ``migrations`` and must not change what version 1 creates: ``V1_TABLES`` and
``V1_INDEXES`` freeze what the version-1 step creates, later tables and indexes are
created by their own steps (version 2: ``actor_corrections`` and the index on figure
sources' actors).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
)

metadata = MetaData()


def _article_fk() -> ForeignKey:
    return ForeignKey("articles.id", ondelete="CASCADE")


meta = Table(
    "meta",
    metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("id", Text, nullable=False, unique=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("date", Text),
    Column("lang", Text, nullable=False),
    Column("site", Text),
    Column("text", Text, nullable=False),
    Column("duplicate_of", Text, ForeignKey("articles.id", ondelete="SET NULL")),
    Column("meta", Text),
    Column("ingested_at", Text, nullable=False),
    Index("ix_articles_date", "date"),
    Index("ix_articles_duplicate_of", "duplicate_of"),
    # Read-path indexes (see READ_INDEXES below): covering indexes so that listings walk
    # articles in date order, joins from child rows read only the date, and full-text hits
    # are filtered and faceted without reading the (large) article rows.
    Index("ix_articles_site_date", "site", "date", "id"),
    Index("ix_articles_date_cover", "date", "id", "duplicate_of"),
    Index("ix_articles_id_cover", "id", "date", "duplicate_of"),
    Index("ix_articles_seq_cover", "seq", "date", "site", "duplicate_of", "id"),
    sqlite_autoincrement=True,
)

actors = Table(
    "actors",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
)

article_actors = Table(
    "article_actors",
    metadata,
    Column("article_id", Text, _article_fk(), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("actor_id", Text, ForeignKey("actors.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("type", Text, nullable=False),
    PrimaryKeyConstraint("article_id", "idx"),
    Index("ix_article_actors_actor_id", "actor_id"),
    Index("ix_article_actors_actor_cover", "actor_id", "name", "article_id"),  # read path
)

mentions = Table(
    "mentions",
    metadata,
    Column("article_id", Text, _article_fk(), nullable=False),
    Column("actor_idx", Integer, nullable=False),
    Column("idx", Integer, nullable=False),
    Column("actor_id", Text, ForeignKey("actors.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    PrimaryKeyConstraint("article_id", "actor_idx", "idx"),
    Index("ix_mentions_actor_id", "actor_id"),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, _article_fk(), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("verb", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_text", Text),
    Column("speaker_name", Text),
    Column("speaker_actor_id", Text),
    Column("speaker_key", Text),
    Column("text_key", Text),
    Index("ix_quotes_article_id", "article_id", "idx", unique=True),
    Index("ix_quotes_speaker_name", "speaker_name"),
    Index("ix_quotes_speaker_actor_id", "speaker_actor_id"),
    # Read path: the speaker filter, and an actor's quotes without reading quote rows.
    Index("ix_quotes_speaker_key", "speaker_key"),
    Index(
        "ix_quotes_actor_cover", "speaker_actor_id", "article_id", "speaker_name", "speaker_text"
    ),
)

figures = Table(
    "figures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, _article_fk(), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Float, nullable=False),
    Column("value_max", Float),
    Column("unit", Text),
    Column("qualifier", Text, nullable=False),
    Column("what", Text),
    Column("location", Text),
    Column("source_text", Text),
    Column("source_name", Text),
    Column("source_actor_id", Text),
    Column("source_start", Integer),
    Column("source_end", Integer),
    Column("part_of", Integer),
    Column("location_key", Text),
    Column("source_key", Text),
    # Version 3 (added by ALTER TABLE on older stores, see migrations._v3):
    Column("period_start", Text),
    Column("period_end", Text),
    Index("ix_figures_article_id", "article_id", "idx", unique=True),
    Index("ix_figures_what", "what"),
    Index("ix_figures_location", "location"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, _article_fk(), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("type", Text, nullable=False),
    Column("mode", Text),
    Column("source_actor", Text),
    Column("target_actor", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("negated", Boolean, nullable=False),
    # Version 3 (added by ALTER TABLE on older stores, see migrations._v3):
    Column("verb", Text),
    Column("text", Text),
    Column("date", Text),
    Column("future", Boolean),
    Column("hypothetical", Boolean),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("sources", Text),  # JSON list of {start, end, text, name, actor_id}
    Column("targets", Text),
    Index("ix_events_article_id", "article_id", "idx", unique=True),
    Index("ix_events_type", "type"),
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("key", Text, nullable=False),
    Column("article_id", Text, _article_fk(), nullable=False),
    Index("ix_lsh_bands_key", "key"),
    Index("ix_lsh_bands_article_id", "article_id"),
)

signatures = Table(
    "signatures",
    metadata,
    Column("article_id", Text, _article_fk(), primary_key=True),
    Column("sig", LargeBinary, nullable=False),
)

ingest_log = Table(
    "ingest_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("status", Text, nullable=False),
    Column("reason", Text),
    Column("at", Text, nullable=False),
    CheckConstraint("status IN ('ok', 'error', 'skipped')", name="ck_ingest_log_status"),
    Index("ix_ingest_log_status", "status"),
)

# Version 2: a user's corrections to actor resolution (``veille actors --merge/--split``).
# kind 'merge': actor_id is target_id; kind 'split': the mentions of actor_id written
# name_key (folded) are target_id.
actor_corrections = Table(
    "actor_corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", Text, nullable=False),
    Column("actor_id", Text, nullable=False),
    Column("target_id", Text, nullable=False),
    Column("name_key", Text),
    Column("at", Text, nullable=False),
    CheckConstraint("kind IN ('merge', 'split')", name="ck_actor_corrections_kind"),
    Index("ix_actor_corrections_actor_id", "actor_id"),
)

# Plain DDL (both backends), not an Index bound to ``figures``: a bound index would be
# created with the table by the version-1 step.
V2_INDEX_DDL = (
    "CREATE INDEX IF NOT EXISTS ix_figures_source_actor_id ON figures (source_actor_id)",
)

# Version 3: actors' stances on issues (``veille timeline``); events and figures gain the
# columns marked above.
stances = Table(
    "stances",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("article_id", Text, _article_fk(), nullable=False),
    Column("idx", Integer, nullable=False),
    Column("issue", Text, nullable=False),
    Column("stance", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("actor_id", Text),
    Column("actor_name", Text),
    Column("evidence", Text, nullable=False),
    Column("evidence_start", Integer, nullable=False),
    Column("evidence_end", Integer, nullable=False),
    Column("cue", Text),
    Column("date", Text),
    CheckConstraint("stance IN ('support', 'oppose', 'mixed')", name="ck_stances_stance"),
    Index("ix_stances_article_id", "article_id", "idx", unique=True),
    Index("ix_stances_issue_actor", "issue", "actor_id"),
)
V3_COLUMNS = (
    (
        events,
        (
            "verb",
            "text",
            "date",
            "future",
            "hypothetical",
            "evidence_start",
            "evidence_end",
            "sources",
            "targets",
        ),
    ),
    (figures, ("period_start", "period_end")),
)
V3_INDEX_DDL = (
    "CREATE INDEX IF NOT EXISTS ix_events_source_actor ON events (source_actor)",
    "CREATE INDEX IF NOT EXISTS ix_events_target_actor ON events (target_actor)",
)

CHILD_TABLES = (article_actors, mentions, quotes, figures, events, stances)

# What the version-1 migration step creates, frozen (see the module docstring).
V1_TABLES = (
    meta,
    articles,
    actors,
    article_actors,
    mentions,
    quotes,
    figures,
    events,
    lsh_bands,
    signatures,
    ingest_log,
)
V2_TABLES = (actor_corrections,)
V3_TABLES = (stances,)
