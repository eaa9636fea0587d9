"""Stance timelines: each actor's positions on an issue through time, and its shifts.

A timeline is read from stored stances (one per quote or event that touches the issue).
Positions are summed per actor and period (a month by default): the period's position is
the most frequent one, ``mixed`` on a tie. With a ``group`` function, actors are pooled
(each person and body with the country it speaks for, ``veille timeline --by-country``).
A **shift** is a change of an actor's position from one period with evidence to the next
(the US on a ceasefire: oppose in 2023-11, support in 2024-03), listed with the evidence on
both sides.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

UNDATED = "undated"


@dataclass(slots=True)
class Period:
    period: str
    stance: str
    counts: dict[str, int]
    evidence: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class Shift:
    actor: str
    before: Period
    after: Period

    def as_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "from_period": self.before.period,
            "from_stance": self.before.stance,
            "to_period": self.after.period,
            "to_stance": self.after.stance,
            "evidence_before": self.before.evidence[-1] if self.before.evidence else None,
            "evidence_after": self.after.evidence[0] if self.after.evidence else None,
        }


@dataclass(slots=True)
class ActorTimeline:
    actor: str
    name: str
    periods: list[Period]
    shifts: list[Shift]

    def as_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "name": self.name,
            "periods": [
                {"period": p.period, "stance": p.stance, "counts": p.counts, "evidence": p.evidence}
                for p in self.periods
            ],
            "shifts": [s.as_dict() for s in self.shifts],
        }


def period_of(date: str | None, granularity: str = "month") -> str:
    if not date:
        return UNDATED
    width = {"day": 10, "month": 7, "year": 4}[granularity]
    return date[:width] if len(date) >= width else date


def _majority(counts: Counter[str]) -> str:
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return "mixed"
    return ranked[0][0]


Grouper = Callable[[str, str | None], tuple[str, str] | None]


def timelines(
    rows: Iterable[Mapping[str, Any]], granularity: str = "month", group: Grouper | None = None
) -> list[ActorTimeline]:
    """Timelines per actor from stance rows (``issue, stance, actor_id, actor_name, date,
    article_id, …``), actors with the most evidence first. Rows without an actor are kept
    under their name (an unnamed source); dates fall back to the article's."""
    by_actor: dict[str, dict[str, list[Mapping[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    names: dict[str, str] = {}
    for r in rows:
        actor = r.get("actor_id") or r.get("actor_name")
        if not actor:
            continue
        date = r.get("date") or r.get("article_date")
        grouped = group(actor, date) if group is not None else None
        if grouped is not None:  # Kirby, the White House, Biden → the United States
            actor, display = grouped
            names.setdefault(actor, display)
        names.setdefault(actor, r.get("actor_display") or r.get("actor_name") or actor)
        by_actor[actor][period_of(date, granularity)].append(r)
    out = []
    for actor, periods in by_actor.items():
        built = []
        for key in sorted(periods, key=lambda p: (p == UNDATED, p)):
            items = periods[key]
            counts = Counter(str(i["stance"]) for i in items)
            built.append(Period(key, _majority(counts), dict(counts), [dict(i) for i in items]))
        dated = [p for p in built if p.period != UNDATED]
        shifts = [Shift(actor, a, b) for a, b in pairwise(dated) if a.stance != b.stance]
        out.append(ActorTimeline(actor, names[actor], built, shifts))
    out.sort(key=lambda t: (-sum(sum(p.counts.values()) for p in t.periods), t.actor))
    return out


def country_grouper() -> Grouper:
    """Group actors by the country the registry says they belong to."""
    from veille.actors.registry import current_registry

    reg = current_registry()

    def group(actor_id: str, _date: str | None) -> tuple[str, str] | None:
        code = reg.country_of(actor_id)
        if code is None:
            return None
        country = reg.get(f"country:{code}")
        return f"country:{code}", country.name if country else code

    return group
