"""One event, several reports: clustering stored event rows across articles.

Articles about the same story report the same meeting or the same strike many times.
Reports are one event when they share the type, the source and target actors (and the
negation, future and hypothetical flags) and their dates fall within ``window_days`` of
the cluster's first report, like GDELT's mentions table without its duplicate rows.
Reports without a source actor id are left as events of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(slots=True)
class EventCluster:
    type: str
    source_actor: str | None
    target_actor: str | None
    date: str | None
    reports: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        first = self.reports[0]
        return {
            "type": self.type,
            "mode": first.get("mode"),
            "source_actor": self.source_actor,
            "target_actor": self.target_actor,
            "date": self.date,
            "negated": bool(first.get("negated")),
            "future": bool(first.get("future")),
            "hypothetical": bool(first.get("hypothetical")),
            "reports": len(self.reports),
            "articles": sorted({r["article_id"] for r in self.reports}),
            "evidence": self.reports,
        }


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def cluster_events(rows: Iterable[Mapping[str, Any]], window_days: int = 1) -> list[EventCluster]:
    """Clusters in date order (undated last)."""
    groups: dict[tuple[Any, ...], list[EventCluster]] = defaultdict(list)
    out: list[EventCluster] = []
    ordered = sorted(rows, key=lambda r: (_event_date(r) is None, _event_date(r) or ""))
    for r in ordered:
        when = _event_date(r)
        key = (
            r["type"], r.get("source_actor"), r.get("target_actor"),
            bool(r.get("negated")), bool(r.get("future")), bool(r.get("hypothetical")),
        )  # fmt: skip
        day = _day(when)
        home = None
        if r.get("source_actor") and day is not None:
            for c in groups[key]:
                first = _day(c.date)
                if first is not None and abs((day - first).days) <= window_days:
                    home = c
                    break
        if home is None:
            home = EventCluster(r["type"], r.get("source_actor"), r.get("target_actor"), when)
            groups[key].append(home)
            out.append(home)
        home.reports.append(dict(r))
    return out


def _event_date(r: Mapping[str, Any]) -> str | None:
    value = r.get("date") or r.get("article_date")
    return str(value) if value else None
