"""Export records (a JSON object, a CSV row) to articles through the field mapping."""

from __future__ import annotations

from collections.abc import Mapping

from veille.records import Article, ReadError
from veille.sources.dates import normalize_date
from veille.sources.encoding import normalize
from veille.sources.options import ReadOptions


def record_article(
    record: Mapping[str, object], source: str, where: str, options: ReadOptions
) -> Article | ReadError:
    """One article from one record; ``where`` ("line 3") locates it in error messages."""
    text = _first(record, options.text_fields)
    if text is None:
        tried = ", ".join(options.text_fields)
        return ReadError(f"{source}:{where}", f"no text (none of the fields {tried} has text)")
    return Article(
        source=source,
        text=text,
        title=_first(record, options.title_fields),
        date=normalize_date(_first(record, options.date_fields)),
        url=_first(record, options.url_fields),
        site=_first(record, options.site_fields),
        meta={"record": where},
    )


def _first(record: Mapping[str, object], fields: tuple[str, ...]) -> str | None:
    """First field holding a non-blank string (numbers count: a CSV date may be 2023)."""
    for name in fields:
        value = record.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, str) and value.strip():
            return normalize(value).strip()
    return None
