"""Series of reported figures: one line per source, in time order.

Why: a death toll is not one number but a sequence of numbers given by different sources
on different days. To read it a journalist needs, for one kind of count (``what``) and
one place, the values each source gave, dated by the day they refer to — the article's
date, or the date the clause gives ("contre 1 400 annoncés le 8 mars" refers to 8 March,
not to the day the article ran). ``as_of`` recovers that date from the stored text with
the same date normaliser the extractor uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from veille.extractors.dates import find_timexes
from veille.extractors.names import fold
from veille.records import Extraction, Figure

NO_SOURCE = "(no source given)"
_CLAUSE_GAP = 60  # characters between a figure and a date that still dates it


@dataclass(frozen=True, slots=True)
class Point:
    """One figure placed in a series."""

    date: str
    source: str
    value: float
    value_max: float | None
    qualifier: str
    what: str | None
    location: str | None
    text: str
    article_id: str
    article_date: str | None

    @property
    def source_key(self) -> str:
        return fold(self.source) if self.source != NO_SOURCE else NO_SOURCE


def as_of(text: str, figure: Figure, others: list[Figure], article_date: str | None) -> str | None:
    """The day a figure refers to: a date in its clause (after it with no other figure in
    between, as in "1 400 annoncés le 8 mars"), else its period end, else the article's."""
    end = min(len(text), figure.end + _CLAUSE_GAP)
    nxt = [o.start for o in others if figure.end <= o.start < end]
    stop = min(nxt) if nxt else end
    sentence_end = re.compile(r"[.;!?\n]").search(text, figure.end, stop)
    stop = sentence_end.start() if sentence_end else stop
    window = text[figure.end : stop]
    for t in find_timexes(window, article_date):
        day = t.value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", t.value)
        if t.type == "DATE" and day and not t.since:
            return t.value
    period = figure.period_end
    if period and not re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", period):
        period = None  # "XXXX-03-08" (no year known), "2023-W45": not a point on a date axis
    return period or article_date


def points(
    extractions: Iterable[Extraction],
    what: str | None = None,
    where: str | None = None,
    source: str | None = None,
) -> list[Point]:
    """Every matching figure of non-duplicate articles as a dated point, oldest first.

    Subsets ("dont 312 enfants") are left out: a series compares totals.
    """
    out: list[Point] = []
    for ex in extractions:
        art = ex.article
        if art.duplicate_of is not None:
            continue
        for f in ex.figures:
            if f.part_of is not None:
                continue
            if what and f.what != what:
                continue
            if (
                where
                and fold(where) not in fold(f.location or "")
                and fold(where) not in fold(art.text[max(0, f.start - 200) : f.end + 200])
            ):
                continue
            name = f.source.name or NO_SOURCE
            if (
                source
                and fold(source) not in fold(name)
                and fold(source) not in fold(f.source.text or "")
            ):
                continue
            day = as_of(art.text, f, ex.figures, art.date)
            if day is None:
                continue
            out.append(
                Point(
                    day,
                    name,
                    f.value,
                    f.value_max,
                    f.qualifier,
                    f.what,
                    f.location,
                    f.text,
                    art.id,
                    art.date,
                )
            )
    out.sort(key=lambda p: (p.date, p.source_key, p.value))
    return out


def by_source(pts: Iterable[Point]) -> dict[str, list[Point]]:
    """Points grouped by source (folded name), each group oldest first; the display name
    is the first spelling met."""
    groups: dict[str, list[Point]] = {}
    for p in sorted(pts, key=lambda p: (p.date, p.value)):
        groups.setdefault(p.source_key, []).append(p)
    return groups


def headline(pts: list[Point]) -> dict[str, Point]:
    """Per day, the largest value a source gave: the headline total of that day."""
    best: dict[str, Point] = {}
    for p in pts:
        if p.date not in best or p.value > best[p.date].value:
            best[p.date] = p
    return dict(sorted(best.items()))
