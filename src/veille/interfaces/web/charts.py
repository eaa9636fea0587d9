"""Server-side SVG charts: no JavaScript, no CDN, readable by screen readers.

Each chart is inline ``<svg role="img">`` with a ``<title>`` and ``<desc>``, colours
come from CSS classes (``series-0``…) in the site stylesheet, and the page shows the same
numbers in a table beside it. Every string is escaped: labels come from article text.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup, escape

_ids = itertools.count(1)
WIDTH, HEIGHT = 720, 260
PAD_L, PAD_R, PAD_T, PAD_B = 56, 16, 16, 28


@dataclass(slots=True)
class BarSeries:
    name: str
    values: list[float]


@dataclass(slots=True)
class Point:
    when: str
    value: float
    label: str = ""
    revised_from: float | None = None
    href: str | None = None


@dataclass(slots=True)
class LineSeries:
    name: str
    points: list[Point] = field(default_factory=list)


def _num(v: float) -> str:
    if abs(v) >= 1_000_000:
        return f"{v / 1_000_000:.1f} M".replace(".0 ", " ")
    if abs(v) >= 10_000:
        return f"{v / 1000:.0f} k"
    return f"{v:,.0f}".replace(",", "\u202f") if float(v).is_integer() else f"{v:.1f}"


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(v))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if v <= step * magnitude:
            return float(step * magnitude)
    return float(10 * magnitude)


def _frame(title: str, desc: str, body: list[str], height: int = HEIGHT) -> Markup:
    n = next(_ids)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="chart-t{n} chart-d{n}" preserveAspectRatio="xMidYMid meet">'
        f'<title id="chart-t{n}">{escape(title)}</title><desc id="chart-d{n}">{escape(desc)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _y_axis(top: float, height: int) -> list[str]:
    plot_h = height - PAD_T - PAD_B
    out = []
    for k in range(5):
        v = top * k / 4
        y = PAD_T + plot_h - plot_h * k / 4
        out.append(
            f'<line class="grid" x1="{PAD_L}" x2="{WIDTH - PAD_R}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end">{_num(v)}</text>'
        )
    return out


def bars(title: str, desc: str, labels: Sequence[str], series: Sequence[BarSeries]) -> Markup:
    """Grouped bars: one group per label, one bar per series."""
    if not labels:
        return Markup("")
    top = _nice_max(max((v for s in series for v in s.values), default=0))
    plot_w = WIDTH - PAD_L - PAD_R
    plot_h = HEIGHT - PAD_T - PAD_B
    group_w = plot_w / len(labels)
    bar_w = max(1.0, min(28.0, group_w * 0.8 / max(1, len(series))))
    body = _y_axis(top, HEIGHT)
    every = max(1, -(-len(labels) // 8))
    shown = _short_dates(labels)
    for i, label in enumerate(labels):
        x0 = PAD_L + i * group_w + (group_w - bar_w * len(series)) / 2
        for k, s in enumerate(series):
            v = s.values[i]
            h = plot_h * v / top
            x = x0 + k * bar_w
            body.append(
                f'<rect class="bar series-{k}" x="{x:.1f}" y="{PAD_T + plot_h - h:.1f}" '
                f'width="{bar_w:.1f}" height="{h:.1f}"><title>{escape(label)} — '
                f"{escape(s.name)}: {_num(v)}</title></rect>"
            )
        if i % every == 0:
            cx = PAD_L + (i + 0.5) * group_w
            body.append(
                f'<text class="tick" x="{cx:.1f}" y="{HEIGHT - PAD_B + 16}" '
                f'text-anchor="middle">{escape(shown[i])}</text>'
            )
    return _frame(title, desc, body) + legend([s.name for s in series], "bar")


def legend(names: Sequence[str], kind: str) -> Markup:
    """The key as an HTML list under the chart: it wraps on phones and reads as text."""
    items = "".join(
        f'<li><span class="swatch {kind} series-{k}" aria-hidden="true"></span>{escape(n)}</li>'
        for k, n in enumerate(names)
    )
    return Markup(f'<ul class="chart-legend">{items}</ul>')


def _short_dates(labels: Sequence[str]) -> list[str]:
    """Drop the year from day labels when they all share it ('03-09' for 2026-03-09)."""
    if labels and all(len(x) == 10 for x in labels) and len({x[:4] for x in labels}) == 1:
        return [x[5:] for x in labels]
    return list(labels)


def _day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(parts[0], parts[1], parts[2])


def lines(
    title: str, desc: str, series: Sequence[LineSeries], revised_word: str = "revised"
) -> Markup:
    """Values over time, one line per series; a ring and a label mark each revision."""
    points = [p for s in series for p in s.points]
    if not points:
        return Markup("")
    days = [_day(p.when).toordinal() for p in points]
    lo, hi = min(days), max(days)
    span = max(1, hi - lo)
    top = _nice_max(max(p.value for p in points))
    plot_w = WIDTH - PAD_L - PAD_R - 10
    plot_h = HEIGHT - PAD_T - PAD_B

    def xy(p: Point) -> tuple[float, float]:
        x = PAD_L + 5 + plot_w * (_day(p.when).toordinal() - lo) / span
        return x, PAD_T + plot_h - plot_h * p.value / top

    body = _y_axis(top, HEIGHT)
    for k in range(5):
        d = date.fromordinal(lo + span * k // 4)
        x = PAD_L + 5 + plot_w * k / 4
        anchor = "start" if k == 0 else "end" if k == 4 else "middle"
        body.append(
            f'<text class="tick" x="{x:.1f}" y="{HEIGHT - PAD_B + 16}" text-anchor="{anchor}">'
            f"{d.isoformat()}</text>"
        )
    for k, s in enumerate(series):
        coords = [xy(p) for p in s.points]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(f'<polyline class="line series-{k}" points="{path}"/>')
        for p, (x, y) in zip(s.points, coords, strict=True):
            tip = f"{s.name} — {p.when}: {p.label or _num(p.value)}"
            if p.revised_from is not None:
                tip += f" ({revised_word} ← {_num(p.revised_from)})"
            dot = (
                f'<circle class="dot series-{k}" cx="{x:.1f}" cy="{y:.1f}" r="3.5">'
                f"<title>{escape(tip)}</title></circle>"
            )
            if p.revised_from is not None:
                left = x > WIDTH - PAD_R - 70
                dot += (
                    f'<circle class="revision" cx="{x:.1f}" cy="{y:.1f}" r="8"/>'
                    f'<text class="revision-label" x="{x - 10 if left else x + 10:.1f}" '
                    f'y="{y - 8:.1f}" text-anchor="{"end" if left else "start"}">'
                    f"{escape(revised_word)}</text>"
                )
            if p.href:
                dot = f'<a href="{escape(p.href)}">{dot}</a>'
            body.append(dot)
    return _frame(title, desc, body) + legend([s.name for s in series], "line")


def activity_buckets(rows: Sequence[dict[str, Any]]) -> tuple[list[str], list[int], list[int]]:
    """Per-date article/quote counts bucketed by day when they span ≤ 4 months, else by
    month, with empty buckets filled so the bars keep a true time axis."""
    dated = [r for r in rows if r.get("date")]
    if not dated:
        return [], [], []
    full = [r for r in dated if len(r["date"]) >= 10]
    by_day = full and (_day(full[-1]["date"]) - _day(full[0]["date"])).days <= 120
    labels: list[str] = []
    if by_day:
        first, last = _day(full[0]["date"]), _day(full[-1]["date"])
        labels = [date.fromordinal(o).isoformat() for o in range(first.toordinal(),
                                                                 last.toordinal() + 1)]  # fmt: skip
        source, key_len = full, 10
    else:
        months = sorted({r["date"][:7] for r in dated if len(r["date"]) >= 7})
        if not months:
            return [], [], []
        y, m = int(months[0][:4]), int(months[0][5:7])
        while f"{y:04d}-{m:02d}" <= months[-1]:
            labels.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        source, key_len = [r for r in dated if len(r["date"]) >= 7], 7
    arts = dict.fromkeys(labels, 0)
    quotes = dict.fromkeys(labels, 0)
    for r in source:
        k = r["date"][:key_len]
        if k in arts:
            arts[k] += int(r.get("articles", 0))
            quotes[k] += int(r.get("quotes", 0))
    return labels, list(arts.values()), list(quotes.values())


STANCES = ("support", "mixed", "oppose")


def stance_rows(
    title: str, desc: str, actors: Sequence[dict[str, Any]], words: dict[str, str], top: int = 10
) -> Markup:
    """One row per actor (``ActorTimeline.as_dict()``), one dot per period coloured by its
    stance, a ring where the position shifted; each dot's tooltip cites its evidence."""
    shown = [a for a in actors if any(p["period"] != "undated" for p in a["periods"])][:top]
    if not shown:
        return Markup("")
    periods = sorted({p["period"] for a in shown for p in a["periods"] if p["period"] != "undated"})
    days = [_day(p).toordinal() for p in periods]
    lo, hi = min(days), max(days)
    span = max(1, hi - lo)
    left, row_h = 170, 30
    height = PAD_T + PAD_B + row_h * len(shown)
    plot_w = WIDTH - left - PAD_R - 20
    body: list[str] = []
    for k in range(5 if span > 1 else 1):
        d = date.fromordinal(lo + span * k // 4)
        x = left + 10 + plot_w * (k / 4 if span > 1 else 0.5)
        body.append(
            f'<text class="tick" x="{x:.1f}" y="{height - PAD_B + 16}" text-anchor="middle">'
            f"{d.isoformat()[:7] if len(periods[0]) == 7 else d.isoformat()}</text>"
        )
    for row, a in enumerate(shown):
        y = PAD_T + row_h * row + row_h / 2
        body.append(
            f'<line class="grid" x1="{left}" x2="{WIDTH - PAD_R}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="tick" x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(str(a['name'])[:26])}</text>"
        )
        shifted = {s["to_period"] for s in a.get("shifts", [])}
        for p in a["periods"]:
            if p["period"] == "undated":
                continue
            x = (
                left
                + 10
                + plot_w * ((_day(p["period"]).toordinal() - lo) / span if span > 1 else 0.5)
            )
            n = sum(p["counts"].values())
            stance = p["stance"] if p["stance"] in STANCES else "mixed"
            quote = (p["evidence"][0].get("quote") or "") if p["evidence"] else ""
            tip = f"{a['name']} — {p['period']}: {words.get(stance, stance)} ({n}) {quote[:140]}"
            body.append(
                f'<circle class="stance stance-{stance}" cx="{x:.1f}" cy="{y:.1f}" '
                f'r="{min(11, 4 + 1.5 * n):.1f}"><title>{escape(tip)}</title></circle>'
            )
            if p["period"] in shifted:
                body.append(f'<circle class="revision" cx="{x:.1f}" cy="{y:.1f}" r="14"/>')
    key = "".join(
        f'<li><span class="swatch stance-{s}" aria-hidden="true"></span>'
        f"{escape(words.get(s, s))}</li>"
        for s in STANCES
    )
    return _frame(title, desc, body, height) + Markup(f'<ul class="chart-legend">{key}</ul>')
