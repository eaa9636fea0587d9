"""Score the date normaliser against TIMEX3 gold (FRTimeBank-style JSON Lines).

Each gold line holds ``id``, ``date`` (the article date every relative expression is
resolved against), ``text`` and ``timex`` (``start``/``end``/``text``/``type``/``value``).
Only DATE expressions are scored, as the figures' periods and the events need them:

* extent, strict (same offsets) and relaxed (overlap), as precision/recall/F1;
* value: a gold DATE counts as right when an overlapping prediction has exactly its
  value (accuracy over all gold DATEs, and over the relaxed matches).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.evaluation.scoring import PRF, Accuracy
from veille.extractors.dates import Timex, find_timexes, tense_reader


@dataclass(slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(slots=True)
class TimexDoc:
    id: str
    date: str | None
    text: str
    timex: list[GoldTimex]


@dataclass
class DateReport:
    strict: PRF = field(default_factory=PRF)
    relaxed: PRF = field(default_factory=PRF)
    value_all: Accuracy = field(default_factory=Accuracy)
    value_matched: Accuracy = field(default_factory=Accuracy)
    misses: list[str] = field(default_factory=list)

    def format(self, misses: bool = True) -> str:
        lines = [
            "dates (DATE expressions) — veille",
            self.strict.line("  extent strict"),
            self.relaxed.line("  extent relaxed"),
            self.value_all.line("  value exact / gold"),
            self.value_matched.line("  value exact / matched"),
        ]
        if misses and self.misses:
            lines.append(f"misses ({len(self.misses)}):")
            lines += [f"  {m}" for m in self.misses]
        return "\n".join(lines)


def load_timex_gold(path: Path) -> list[TimexDoc]:
    docs = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        obj: dict[str, Any] = json.loads(line)
        timex = [
            GoldTimex(t["start"], t["end"], t["text"], t["type"], str(t["value"]))
            for t in obj.get("timex", [])
        ]
        docs.append(TimexDoc(str(obj["id"]), obj.get("date"), obj["text"], timex))
    return docs


def score_dates(docs: Iterable[TimexDoc], predict: Callable[[TimexDoc], list[Timex]]) -> DateReport:
    report = DateReport()
    for doc in docs:
        golds = [t for t in doc.timex if t.type == "DATE"]
        preds = [p for p in predict(doc) if p.type == "DATE"]
        for prf, strict in ((report.strict, True), (report.relaxed, False)):
            matched = _match(golds, preds, strict)
            prf.gold += len(golds)
            prf.predicted += len(preds)
            prf.matched_gold += len(matched)
            prf.matched_pred += len(matched)
            if strict:
                continue
            for gi, g in enumerate(golds):
                pi = matched.get(gi)
                ok = pi is not None and preds[pi].value == g.value
                report.value_all.add(ok)
                if pi is not None:
                    report.value_matched.add(ok)
                    if not ok:
                        report.misses.append(
                            f"{doc.id} ({doc.date}): «{g.text}» value {preds[pi].value} ≠ {g.value}"
                        )
                else:
                    report.misses.append(f"{doc.id} ({doc.date}): missed «{g.text}» {g.value}")
            used = set(matched.values())
            for pi, p in enumerate(preds):
                if pi not in used:
                    report.misses.append(f"{doc.id}: spurious «{p.text}» {p.value}")
    return report


def _match(golds: list[GoldTimex], preds: list[Timex], strict: bool) -> dict[int, int]:
    matched: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if pi in used:
                continue
            ok = (
                (p.start, p.end) == (g.start, g.end)
                if strict
                else p.start < g.end and g.start < p.end
            )
            if ok:
                matched[gi] = pi
                used.add(pi)
                break
    return matched


def veille_dates(docs: list[TimexDoc], lang: str = "fr") -> dict[str, list[Timex]]:
    """Run the normaliser over the gold texts, with tense read from the spaCy parse."""
    from veille import nlp as nlp_module

    nlp = nlp_module.load(lang)
    out: dict[str, list[Timex]] = {}
    for doc, parsed in zip(docs, nlp.pipe(d.text for d in docs), strict=True):
        out[doc.id] = find_timexes(doc.text, doc.date, lang, tense_reader(parsed))
    return out
