"""A checker for the extract-jsonl contract (shared/contract/extract-jsonl.md)."""

from __future__ import annotations

import re
from typing import Any

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
QUALIFIERS = {"exactly", "about", "at_least", "more_than", "at_most", "less_than"}
ACTOR_TYPES = {"person", "organization", "country", "government", "group", "place"}


def check_record(rec: dict[str, Any]) -> list[str]:
    """Every way ``rec`` breaks the contract (empty when it is valid)."""
    problems: list[str] = []

    def need(cond: bool, what: str) -> None:
        if not cond:
            problems.append(what)

    need(rec.get("schema") == "veille.extract/1", "schema")
    for key in ("id", "source", "lang", "text"):
        need(isinstance(rec.get(key), str) and bool(rec.get(key)), f"{key} must be a string")
    need(rec.get("title") is None or isinstance(rec["title"], str), "title")
    need(rec.get("date") is None or bool(DATE.match(rec["date"])), f"date {rec.get('date')!r}")
    need(rec.get("duplicate_of") is None or isinstance(rec["duplicate_of"], str), "duplicate_of")
    text = rec.get("text", "")
    for key in ("quotes", "figures", "actors", "events"):
        need(isinstance(rec.get(key), list), f"{key} must be a list")
    for i, q in enumerate(rec.get("quotes", [])):
        need(q["kind"] in {"direct", "mixed", "indirect"}, f"quote {i} kind")
        need(text[q["start"] : q["end"]] == q["text"], f"quote {i} offsets")
        sp = q["speaker"]
        for key in ("start", "end", "text", "actor_id", "name"):
            need(key in sp, f"quote {i} speaker.{key}")
        if sp.get("start") is not None:
            need(text[sp["start"] : sp["end"]] == sp["text"], f"quote {i} speaker offsets")
    figures = rec.get("figures", [])
    for i, f in enumerate(figures):
        need(text[f["start"] : f["end"]] == f["text"], f"figure {i} offsets")
        need(isinstance(f["value"], int | float), f"figure {i} value")
        need(f["qualifier"] in QUALIFIERS, f"figure {i} qualifier")
        need(set(f["source"]) >= {"text", "actor_id", "name"}, f"figure {i} source")
        po = f["part_of"]
        need(po is None or (isinstance(po, int) and 0 <= po < len(figures)), f"figure {i} part_of")
    for i, a in enumerate(rec.get("actors", [])):
        need(a["type"] in ACTOR_TYPES, f"actor {i} type")
        for s, e in a["mentions"]:
            need(0 <= s < e <= len(text), f"actor {i} mention offsets")
    for i, ev in enumerate(rec.get("events", [])):
        need(
            {"type", "mode", "source_actor", "target_actor", "start", "end", "negated"} <= set(ev),
            f"event {i} fields",
        )
    return problems
