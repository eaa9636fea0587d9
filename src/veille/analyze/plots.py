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
