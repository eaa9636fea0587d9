"""Draw a series of figures, one line per source (PNG or SVG, from the file's extension).

matplotlib is imported here only, with the Agg backend, so that the rest of veille and
headless servers never need a display.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from veille.analyze.series import Point, by_source, headline


def plot_series(pts: list[Point], path: str | Path, title: str = "") -> Path:
    """One step line per source through its daily headline values; returns the path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(path)
    if out.suffix.lower() not in {".png", ".svg"}:
        raise ValueError(f"{out}: the plot file must end in .png or .svg")
    fig, ax = plt.subplots(figsize=(9, 5))
    for series in by_source(pts).values():
        days = headline(series)
        xs: list[Any] = [_day(d) for d in days]
        ys = [p.value for p in days.values()]
        ax.plot(xs, ys, marker="o", drawstyle="steps-post", label=series[0].source)
        for x, p in zip(xs, days.values(), strict=True):
            ax.annotate(
                f"{p.value:,.0f}".replace(",", "\u202f"),
                (x, p.value),
                fontsize=7,
                textcoords="offset points",
                xytext=(0, 5),
                ha="center",
            )
    ax.set_title(title or "figures by source")
    ax.set_ylabel("value")
    ax.grid(alpha=0.3)
    if pts:
        ax.legend(fontsize=8, loc="best")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(out, format=out.suffix.lower().lstrip("."))
    plt.close(fig)
    return out


def _day(value: str) -> date:
    parts = [int(x) for x in value[:10].split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


_STANCE_Y = {"oppose": -1, "mixed": 0, "support": 1}
_STANCE_COLOUR = {"oppose": "#c0392b", "mixed": "#7f8c8d", "support": "#27ae60"}


def plot_timeline(lines: list[Any], path: str | Path, issue: str = "", top: int = 8) -> Path:
    """One row per actor (the ``top`` with most evidence), a dot per period coloured by
    its stance, shifts marked with a ring; returns the path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out = Path(path)
    if out.suffix.lower() not in {".png", ".svg"}:
        raise ValueError(f"{out}: the plot file must end in .png or .svg")
    shown = [t for t in lines if any(p.period != "undated" for p in t.periods)][:top]
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.6 * max(1, len(shown))))
    for row, t in enumerate(shown):
        shift_at = {s.after.period for s in t.shifts}
        for p in t.periods:
            if p.period == "undated":
                continue
            x: Any = _day(p.period)
            size = 30 + 20 * sum(p.counts.values())
            ax.scatter([x], [row], s=size, color=_STANCE_COLOUR.get(p.stance, "#333"), zorder=3)
            if p.period in shift_at:
                ax.scatter([x], [row], s=size * 2.2, facecolors="none", edgecolors="#000", zorder=2)
    ax.set_yticks(range(len(shown)), [t.name for t in shown])
    ax.invert_yaxis()
    handles = [
        plt.Line2D([], [], marker="o", linestyle="", color=c, label=s)
        for s, c in _STANCE_COLOUR.items()
    ]
    ax.legend(handles=handles, fontsize=8, loc="best")
    ax.set_title(f"stances on {issue} (ring: shift)" if issue else "stances")
    ax.grid(alpha=0.3, axis="x")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(out, format=out.suffix.lower().lstrip("."))
    plt.close(fig)
    return out
