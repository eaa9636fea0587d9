"""Full-text search: accent-insensitive, ranked, with a snippet, on both backends.

User queries are never passed to the FTS engine as syntax: they are cut into terms
(a quoted phrase, or a whitespace-separated chunk such as ``etats-unis``, becomes a
phrase of its words; a trailing ``*`` asks for a prefix) and rebuilt in the engine's
own syntax from bare ``\\w+`` words, so quotes, parentheses or operators cannot make a
query fail to parse. Bare AND/OR/NOT/NEAR are dropped: all terms are required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

MARK_START, MARK_END, ELLIPSIS = "[", "]", "…"
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_CHUNK = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")

SQLITE_DDL = (
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content="articles", content_rowid="seq",
        tokenize="unicode61 remove_diacritics 2")""",
    """CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END""",
)

POSTGRES_DDL = (
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION veille_fr (COPY = pg_catalog.french)",
    """ALTER TEXT SEARCH CONFIGURATION veille_fr
        ALTER MAPPING FOR hword_part, word WITH unaccent, french_stem""",
    # Index 'États-Unis' as its parts only, like FTS5 does: the whole hyphenated word
    # would take a position of its own and break phrase queries such as "les etats".
    "ALTER TEXT SEARCH CONFIGURATION veille_fr DROP MAPPING FOR hword, asciihword",
    """ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('veille_fr', coalesce(title, '')), 'A')
        || setweight(to_tsvector('veille_fr', "text"), 'B')) STORED""",
    "CREATE INDEX ix_articles_tsv ON articles USING gin (tsv)",
)

_SQLITE_SEARCH = f"""
SELECT a.id, a.title, a.date, a.source, a.url,
       snippet(articles_fts, 1, '{MARK_START}', '{MARK_END}', '{ELLIPSIS}', 16) AS snippet,
       -bm25(articles_fts, 2.0, 1.0) AS score
FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
WHERE articles_fts MATCH :q
ORDER BY bm25(articles_fts, 2.0, 1.0), a.seq
LIMIT :limit OFFSET :offset
"""

_POSTGRES_SEARCH = f"""
SELECT a.id, a.title, a.date, a.source, a.url,
       ts_headline('veille_fr', a.text, hit.q,
                   'StartSel="{MARK_START}", StopSel="{MARK_END}", FragmentDelimiter="{ELLIPSIS}",
                    MaxFragments=1, MaxWords=20, MinWords=8') AS snippet,
       hit.score
FROM (
    SELECT seq, q, ts_rank_cd(tsv, q) AS score
    FROM articles, to_tsquery('veille_fr', :q) AS q
    WHERE tsv @@ q
    ORDER BY score DESC, seq
    LIMIT :limit OFFSET :offset
) AS hit JOIN articles a ON a.seq = hit.seq
ORDER BY hit.score DESC, a.seq
"""


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False


def parse(query: str) -> list[Term]:
    terms: list[Term] = []
    for m in _CHUNK.finditer(query):
        chunk = m.group(1) if m.group(1) is not None else m.group(2)
        if m.group(2) is not None and chunk.upper() in _OPERATORS:
            continue
        words = tuple(_WORD.findall(chunk))
        if words:
            terms.append(Term(words, prefix=chunk.rstrip().endswith("*")))
    return terms


def to_fts5(terms: list[Term]) -> str:
    return " ".join('"' + " ".join(t.words) + '"' + (" *" if t.prefix else "") for t in terms)


def to_tsquery(terms: list[Term]) -> str:
    def one(t: Term) -> str:
        quoted = [f"'{w}'" for w in t.words]
        if t.prefix:
            quoted[-1] += ":*"
        return "(" + " <-> ".join(quoted) + ")"

    return " & ".join(one(t) for t in terms)


def search(conn: Connection, query: str, limit: int, offset: int) -> list[dict[str, Any]]:
    terms = parse(query)
    if not terms:
        return []
    if conn.dialect.name == "postgresql":
        sql, q = _POSTGRES_SEARCH, to_tsquery(terms)
    else:
        sql, q = _SQLITE_SEARCH, to_fts5(terms)
    rows = conn.execute(text(sql), {"q": q, "limit": limit, "offset": offset})
    return [dict(r._mapping) for r in rows]
