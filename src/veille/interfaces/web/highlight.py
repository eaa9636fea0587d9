"""Article text as HTML with every item highlighted at its offsets, all text escaped.

Items overlap (a figure inside a quote, a speaker that is also an actor mention), so
spans are opened longest first and, when one ends inside another, the inner ones are
closed and reopened: the HTML stays well nested whatever the offsets. Links are never
nested (an inner span becomes a plain ``<span>`` inside a link). The text only ever
reaches the page through ``markupsafe.escape``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote as urlquote

from markupsafe import Markup, escape

PRIORITY = {"quote": 0, "figure": 1, "source": 2, "speaker": 3, "actor": 4}


@dataclass(slots=True)
class Span:
    start: int
    end: int
    kind: str
    css: str
    href: str | None = None
    anchor: str | None = None
    title: str | None = None

    def open(self, first: bool, inside_link: bool) -> tuple[Markup, Markup]:
        attrs = f' class="{escape(self.css)}"'
        if first and self.anchor:
            attrs += f' id="{escape(self.anchor)}"'
        if self.title:
            attrs += f' title="{escape(self.title)}"'
        if self.href and not inside_link:
            return Markup(f'<a href="{escape(self.href)}"{attrs}>'), Markup("</a>")
        tag = "mark" if self.kind in ("quote", "figure") else "span"
        return Markup(f"<{tag}{attrs}>"), Markup(f"</{tag}>")


def actor_href(actor_id: str) -> str:
    return "/actors/" + urlquote(actor_id, safe="")


def spans_of(record: dict[str, Any], speaker_word: str = "") -> list[Span]:
    """Spans for every quote, speaker, figure, figure source and actor mention."""
    spans: list[Span] = []
    for i, q in enumerate(record["quotes"]):
        sp = q["speaker"]
        who = sp.get("name") or sp.get("text") or ""
        spans.append(Span(q["start"], q["end"], "quote", "hl hl-quote", anchor=f"quote-{i}",
                          title=f"{speaker_word} {who}".strip()))  # fmt: skip
        if sp.get("start") is not None and sp.get("end") is not None:
            href = actor_href(sp["actor_id"]) if sp.get("actor_id") else None
            spans.append(Span(sp["start"], sp["end"], "speaker", "hl hl-speaker", href=href,
                              title=sp.get("name")))  # fmt: skip
    for i, f in enumerate(record["figures"]):
        label = " · ".join(str(x) for x in (f.get("what"), f.get("location")) if x)
        spans.append(Span(f["start"], f["end"], "figure", "hl hl-figure", anchor=f"figure-{i}",
                          title=label or None))  # fmt: skip
        src = f.get("source") or {}
        if src.get("start") is not None and src.get("end") is not None:
            href = actor_href(src["actor_id"]) if src.get("actor_id") else None
            spans.append(Span(src["start"], src["end"], "source", "hl hl-source", href=href))
    for a in record["actors"]:
        for start, end in a["mentions"]:
            spans.append(Span(start, end, "actor", f"hl hl-actor hl-{a['type']}",
                              href=actor_href(a["actor_id"]), title=a["name"]))  # fmt: skip
    return spans


def render(text: str, spans: list[Span]) -> Markup:
    """``text`` escaped, with ``spans`` wrapped around their offsets."""
    valid = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    starting: dict[int, list[Span]] = defaultdict(list)
    for s in valid:
        starting[s.start].append(s)
    for group in starting.values():
        group.sort(key=lambda s: (-s.end, PRIORITY.get(s.kind, 9)))
    points = sorted({0, len(text)} | {s.start for s in valid} | {s.end for s in valid})
    out: list[str] = []
    stack: list[tuple[Span, Markup]] = []

    def links_open() -> bool:
        return any(close == "</a>" for _, close in stack)

    for i, p in enumerate(points):
        if any(s.end == p for s, _ in stack):
            reopen: list[Span] = []
            while any(s.end == p for s, _ in stack):
                s, close = stack.pop()
                out.append(close)
                if s.end != p:
                    reopen.append(s)
            for s in reversed(reopen):
                tag, close = s.open(first=False, inside_link=links_open())
                out.append(tag)
                stack.append((s, close))
        for s in starting.get(p, ()):
            tag, close = s.open(first=True, inside_link=links_open())
            out.append(tag)
            stack.append((s, close))
        if i + 1 < len(points):
            out.append(str(escape(text[p : points[i + 1]])))
    while stack:
        out.append(stack.pop()[1])
    return Markup("".join(out))
