"""The Python API: the same records the CLI prints, from Python.

>>> import veille
>>> record = veille.extract("« Nous tiendrons », a déclaré Mme Ilsa Varenne.", date="2026-03-02")
>>> record["quotes"][0]["speaker"]["name"]
'Ilsa Varenne'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from veille.clean import MemoryBandIndex
from veille.pipeline import PipelineOptions, Processed, run
from veille.records import Article, ReadError


def extract(
    text: str,
    date: str | None = None,
    title: str | None = None,
    source: str = "<text>",
    lang: str = "fr",
) -> dict[str, Any]:
    """Extract one article given as a string; returns the contract record
    (``shared/contract/extract-jsonl.md``), exactly as ``veille extract`` prints it."""
    article = Article(source=source, text=text, title=title, date=date, lang=lang)
    records = list(extract_articles([article], PipelineOptions(lang=lang)))
    if not records:
        raise ValueError("no article text left after cleaning")
    return records[0]


def extract_articles(
    articles: Iterable[Article | ReadError], options: PipelineOptions | None = None
) -> Iterator[dict[str, Any]]:
    """Contract records for a stream of articles (read errors are skipped)."""
    for batch in run(articles, MemoryBandIndex(), options):
        for item in batch:
            if isinstance(item, Processed):
                yield item.extraction.to_contract()
