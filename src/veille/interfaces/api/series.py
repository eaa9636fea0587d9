"""Figure series for charts: one line per (source, what, where), revisions flagged.

A revision is a figure from the same source about the same thing, dated after that
source's previous one, whose value differs from it (the toll "revised down to 1 200, against
1 400 announced on 8 March"). Pure functions so the JSON API and the SVG chart agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

UNATTRIBUTED = "(unattributed)"


def build_series(figures: Iterable[dict[str, Any]], max_series: int = 8) -> list[dict[str, Any]]:
    """Group dated figures (oldest first) into series, largest series first."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for f in figures:
        if not f.get("date"):
            continue
        key = (f.get("source_name") or UNATTRIBUTED, f.get("what") or "", f.get("location") or "")
        groups.setdefault(key, []).append(f)
    series: list[dict[str, Any]] = []
    for (source, what, where), items in groups.items():
        points = []
        previous: float | None = None
        previous_date = ""
        for f in items:
            value = f["value"]
            revised = previous is not None and value != previous and f["date"] > previous_date
            points.append(
                {
                    "date": f["date"],
                    "value": value,
                    "text": f["text"],
                    "article_id": f["article_id"],
                    "idx": f["idx"],
                    "revised_from": previous if revised else None,
                }
            )
            previous, previous_date = value, f["date"]
        series.append({"source": source, "what": what or None, "where": where or None,
                       "points": points})  # fmt: skip
    series.sort(key=lambda s: (s["source"] == UNATTRIBUTED, -len(s["points"]), str(s["source"])))
    return series[:max_series]
