"""Gold annotations (``gold/README.md``): load them and anchor them in the text veille reads.

Gold files never hold the corpus text: items are anchored by short snippets, resolved here
against the text that veille's own readers and cleaning produce for the document. A
snippet that does not resolve is an error that names the document and the item.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.clean import clean_article
from veille.records import Article, ReadError


class GoldError(ValueError):
    """A gold item that cannot be located in its document, or a malformed gold line."""


@dataclass(slots=True)
class GoldQuote:
    kind: str
    start: int
    end: int
    speaker: str | None
    mention: str | None = None
    cue: str | None = None


@dataclass(slots=True)
class GoldFigure:
    start: int
    end: int
    value: float
    qualifier: str
    what: str | None
    source: str | None
    value_max: float | None = None
    part_of: int | None = None


@dataclass(slots=True)
class GoldDoc:
    doc: str
    article: Article
    quotes: list[GoldQuote] = field(default_factory=list)
    figures: list[GoldFigure] = field(default_factory=list)


def gold_lines(path: Path) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(file, line number, object) for every line of a gold file or folder of ``*.jsonl``."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise GoldError(f"{path}: no gold *.jsonl files")
    for file in files:
        for n, line in enumerate(file.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield str(file), n, json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{file}:{n}: invalid JSON ({exc.msg})") from exc


def read_document(shared: Path, doc: str) -> Article:
    """The document as veille reads and cleans it (the text every offset indexes)."""
    from veille.sources import read_paths

    items = list(read_paths([str(shared / doc)]))
    articles = [i for i in items if isinstance(i, Article)]
    if len(articles) != 1:
        errors = "; ".join(str(i) for i in items if isinstance(i, ReadError))
        raise GoldError(f"{doc}: expected one article, got {len(articles)} {errors}")
    return clean_article(articles[0])


def load_gold(path: Path, shared: Path) -> list[GoldDoc]:
    docs = []
    for file, n, obj in gold_lines(path):
        where = f"{file}:{n} ({obj.get('doc')})"
        try:
            docs.append(resolve(obj, read_document(shared, obj["doc"])))
        except (KeyError, TypeError) as exc:
            raise GoldError(f"{where}: missing or malformed field {exc}") from exc
        except GoldError as exc:
            raise GoldError(f"{where}: {exc}") from exc
    return docs


def resolve(obj: dict[str, Any], article: Article) -> GoldDoc:
    text = article.text
    gold = GoldDoc(obj["doc"], article)
    for i, q in enumerate(obj.get("quotes", [])):
        start = _find(text, q["begin"], q.get("occurrence", 1), f"quote {i} begin")
        end_at = text.find(q["end"], start)
        if end_at < 0:
            raise GoldError(f"quote {i}: end {q['end']!r} not found after begin {q['begin']!r}")
        gold.quotes.append(
            GoldQuote(
                q["kind"],
                start,
                end_at + len(q["end"]),
                q.get("speaker"),
                q.get("mention"),
                q.get("cue"),
            )
        )
    texts: list[str] = []
    for i, f in enumerate(obj.get("figures", [])):
        start = _find(text, f["text"], f.get("occurrence", 1), f"figure {i}")
        texts.append(f["text"])
        gold.figures.append(
            GoldFigure(
                start,
                start + len(f["text"]),
                float(f["value"]),
                f["qualifier"],
                f.get("what"),
                f.get("source"),
                f.get("value_max"),
            )
        )
    for i, f in enumerate(obj.get("figures", [])):
        parent = f.get("part_of")
        if parent is not None:
            if parent not in texts:
                raise GoldError(f"figure {i}: part_of {parent!r} is not a figure's text")
            gold.figures[i].part_of = texts.index(parent)
    return gold


def _find(text: str, needle: str, occurrence: int, what: str) -> int:
    if not needle:
        raise GoldError(f"{what}: empty anchor")
    pos = -1
    for _ in range(occurrence):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise GoldError(f"{what}: {needle!r} (occurrence {occurrence}) not found")
    return pos
