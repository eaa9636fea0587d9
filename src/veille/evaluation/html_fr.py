"""Score the HTML reader (and optionally a cleaner) on the html-fr gold pages.

The gold (``gold.json``) gives, per page, snippets the text must keep (``with``), snippets
it must drop (``without``), and the publication date at the precision it is known.
Snippets are compared after whitespace normalisation so that line-wrapping never counts.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.records import ReadError
from veille.sources.html import extract_html


@dataclass(slots=True)
class PageResult:
    name: str
    kept: int = 0
    dropped: int = 0
    missed: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)
    gold_date: str | None = None
    date: str | None = None
    gold_title: str | None = None
    title: str | None = None
    error: str | None = None

    @property
    def date_ok(self) -> bool | None:
        if not self.gold_date:
            return None
        return (self.date or "")[: len(self.gold_date)] == self.gold_date

    @property
    def title_ok(self) -> bool | None:
        if not self.gold_title:
            return None
        return _fold(self.gold_title) in _fold(self.title or "")


@dataclass(slots=True)
class HtmlFrReport:
    pages: list[PageResult]

    def _share(self, hits: int, total: int) -> float:
        return hits / total if total else 1.0

    @property
    def keep_total(self) -> int:
        return sum(p.kept + len(p.missed) for p in self.pages)

    @property
    def drop_total(self) -> int:
        return sum(p.dropped + len(p.leaked) for p in self.pages)

    @property
    def keep(self) -> float:
        return self._share(sum(p.kept for p in self.pages), self.keep_total)

    @property
    def drop(self) -> float:
        return self._share(sum(p.dropped for p in self.pages), self.drop_total)

    @property
    def date(self) -> float:
        scored = [p.date_ok for p in self.pages if p.date_ok is not None]
        return self._share(sum(scored), len(scored))

    @property
    def title(self) -> float:
        scored = [p.title_ok for p in self.pages if p.title_ok is not None]
        return self._share(sum(scored), len(scored))

    def format(self, misses: bool = False) -> str:
        """The rates, then with ``misses`` every missed, leaked or wrong item per page."""
        lines = [
            f"html-fr: {len(self.pages)} pages",
            f"  keep  {self.keep:6.1%}  ({self.keep_total} 'with' snippets)",
            f"  drop  {self.drop:6.1%}  ({self.drop_total} 'without' snippets)",
            f"  date  {self.date:6.1%}",
            f"  title {self.title:6.1%}",
        ]
        for page in self.pages if misses else ():
            lines.extend(_misses(page))
        return "\n".join(lines)


def evaluate_html_fr(corpus_dir: Path, clean: Callable[[str], str] | None = None) -> HtmlFrReport:
    """Read every gold page through `extract_html` (with its gold URL, as a crawl knows it)."""
    gold: dict[str, dict[str, Any]] = json.loads((corpus_dir / "gold.json").read_text("utf-8"))
    return HtmlFrReport([_score(corpus_dir, name, entry, clean) for name, entry in gold.items()])


def _score(
    corpus_dir: Path, name: str, gold: dict[str, Any], clean: Callable[[str], str] | None
) -> PageResult:
    path = corpus_dir / name
    result = PageResult(name, gold_date=gold.get("date") or None, gold_title=gold.get("title"))
    item = extract_html(path.read_bytes(), str(path), url=gold.get("url"))
    text = ""
    if isinstance(item, ReadError):
        result.error = item.reason
    else:
        text = _squash(clean(item.text) if clean else item.text)
        result.date, result.title = item.date, item.title
    for snippet in gold.get("with", []):
        if _squash(snippet) in text:
            result.kept += 1
        else:
            result.missed.append(snippet)
    for snippet in gold.get("without", []):
        if _squash(snippet) in text:
            result.leaked.append(snippet)
        else:
            result.dropped += 1
    return result


def _misses(page: PageResult) -> list[str]:
    out = [f"  {page.name}: error: {page.error}"] if page.error else []
    out += [f"  {page.name}: missing {s!r}" for s in page.missed]
    out += [f"  {page.name}: leaked {s!r}" for s in page.leaked]
    if page.date_ok is False:
        out.append(f"  {page.name}: date {page.date} != gold {page.gold_date}")
    if page.title_ok is False:
        out.append(f"  {page.name}: title {page.title!r} != gold {page.gold_title!r}")
    return out


def _squash(text: str) -> str:
    return " ".join(text.split())


def _fold(text: str) -> str:
    return _squash(text).casefold().replace("’", "'")
