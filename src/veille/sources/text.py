"""Plain text and seed-style text (a first line `` date YYYY-MM[-DD] `` then the article).

Plain text gets no title: a first short line may be a headline or a menu item ("Rechercher"
in seed 004), and an honest None is better than a wrong title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from veille.records import Article, ReadError
from veille.sources.base import Input, Item
from veille.sources.dates import normalize_date
from veille.sources.encoding import decode
from veille.sources.options import ReadOptions

SEED_PREFIX = re.compile(r"[ \t]*date[ \t]+(\d{4}(?:-\d{2}){0,2})(?=\s|$)")


def read_text(inp: Input, options: ReadOptions) -> Iterator[Item]:
    yield parse_text(decode(inp.read_bytes(options.max_bytes)), inp.source)


def parse_text(text: str, source: str) -> Article | ReadError:
    """One article from decoded text, with the seed date when the prefix is there."""
    date = None
    seed = SEED_PREFIX.match(text)
    if seed:
        date = normalize_date(seed[1])
        text = text[seed.end() :]
    body = text.strip()
    if not body:
        return ReadError(source, "empty file" if not seed else "no text after the date prefix")
    return Article(source=source, text=body, date=date)
