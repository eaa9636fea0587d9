"""Revisions and conflicts in reported figures.

* A **revision**: a source gives, for the same count (``what``), a lower total than it
  gave on an earlier day (1 400 → 1 200 killed). Cumulative counts only grow as events
  unfold, so a drop is the source correcting itself; rises are ordinary updates and are
  not listed.
* A **conflict**: on the same day (give or take ``window_days``), two sources give
  totals for the same count that differ by more than ``tolerance`` (relative).

Both work on the daily headline of each source (its largest value that day, see
``series.headline``), so that partial counts in the same article ("4 soldiers here, 2
there") do not read as revisions.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

from veille.analyze.series import NO_SOURCE, Point, by_source, headline


@dataclass(frozen=True, slots=True)
class Revision:
    source: str
    what: str | None
    before: Point
    after: Point

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": "revision",
            "source": self.source,
            "what": self.what,
            "from_value": self.before.value,
            "from_date": self.before.date,
            "to_value": self.after.value,
            "to_date": self.after.date,
            "from_text": self.before.text,
            "to_text": self.after.text,
            "articles": [self.before.article_id, self.after.article_id],
        }


@dataclass(frozen=True, slots=True)
class Conflict:
    what: str | None
    a: Point
    b: Point

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": "conflict",
            "what": self.what,
            "source_a": self.a.source,
            "value_a": self.a.value,
            "date_a": self.a.date,
            "source_b": self.b.source,
            "value_b": self.b.value,
            "date_b": self.b.date,
            "articles": [self.a.article_id, self.b.article_id],
        }


def _by_what(pts: list[Point]) -> dict[str | None, list[Point]]:
    groups: dict[str | None, list[Point]] = {}
    for p in pts:
        groups.setdefault(p.what, []).append(p)
    return groups


def revisions(pts: list[Point]) -> list[Revision]:
    """Drops in a source's daily headline, per count."""
    out: list[Revision] = []
    for what, group in _by_what(pts).items():
        for key, series in by_source(group).items():
            if key == NO_SOURCE:
                continue
            days = list(headline(series).values())
            for before, after in itertools.pairwise(days):
                if after.value < before.value * 0.995:
                    out.append(Revision(series[0].source, what, before, after))
    return sorted(out, key=lambda r: (r.after.date, r.source))


def conflicts(
    pts: list[Point], window_days: int = 1, tolerance: float = 0.02, max_ratio: float = 1.5
) -> list[Conflict]:
    """Pairs of sources whose totals for the same count, place and day disagree.

    Values further apart than ``max_ratio`` are taken to count different things (a
    village's dead against a country's), not to conflict; so are values for places that
    are both known and differ."""
    out: list[Conflict] = []
    for what, group in _by_what(pts).items():
        daily = {
            key: headline(series) for key, series in by_source(group).items() if key != NO_SOURCE
        }
        keys = sorted(daily)
        for i, ka in enumerate(keys):
            for kb in keys[i + 1 :]:
                for da, pa in daily[ka].items():
                    for db, pb in daily[kb].items():
                        if abs(_days(da, db)) > window_days:
                            continue
                        big, small = max(pa.value, pb.value), min(pa.value, pb.value)
                        if pa.location and pb.location and pa.location != pb.location:
                            continue
                        if small <= 0 or big / small > max_ratio:
                            continue
                        if abs(pa.value - pb.value) / big > tolerance:
                            out.append(Conflict(what, pa, pb))
    return sorted(out, key=lambda c: (min(c.a.date, c.b.date), c.a.source, c.b.source))


def _days(a: str, b: str) -> int:
    try:
        return (date.fromisoformat(a[:10]) - date.fromisoformat(b[:10])).days
    except ValueError:
        return 0 if a[:7] == b[:7] else 999
