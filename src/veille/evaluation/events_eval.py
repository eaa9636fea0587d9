"""Scores for events and stances against the development gold (``gold/events/README.md``).

Events: a prediction matches a gold event when its trigger overlaps the gold trigger
(each matches once, the largest overlap first). Over matched pairs: type accuracy (with
the PLOVER confusions), source and target accuracy (the sets of actors are equal; an
empty gold list wants an empty prediction), mode and negation accuracy.
Stances: a prediction matches a gold stance on the same issue whose anchor it overlaps;
stance accuracy is over matched pairs, with the actor scored beside it.
Actors compare by registry id, or for actors outside the registry by folded name (equal,
or the content words of one name containing the other's), the prediction's name or the
words of its provisional ``x:`` id, which is built from the name's skeleton (doubled
letters single: ``x:place:sangate`` for "Sangatte").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.actors.text import key, skeleton, slug, strip_article
from veille.evaluation.gold import GoldError, _find, gold_lines, read_document
from veille.evaluation.scoring import PRF, Accuracy, _clip
from veille.records import Article, Event, EventActor, Extraction, Stance
from veille.resources import word_set


@dataclass(slots=True)
class GoldEvent:
    start: int
    end: int
    type: str
    mode: str | None
    source: list[str]
    target: list[str]
    negated: bool = False


@dataclass(slots=True)
class GoldStance:
    start: int
    end: int
    actor: str | None
    issue: str
    stance: str


@dataclass(slots=True)
class EventGoldDoc:
    doc: str
    article: Article
    events: list[GoldEvent] = field(default_factory=list)
    stances: list[GoldStance] = field(default_factory=list)


def load_event_gold(path: Path, shared: Path) -> list[EventGoldDoc]:
    docs = []
    for file, n, obj in gold_lines(path):
        try:
            docs.append(_resolve(obj, read_document(shared, obj["doc"])))
        except (GoldError, KeyError, TypeError) as exc:
            raise GoldError(f"{file}:{n}: {obj.get('doc', '?')}: {exc}") from exc
    return docs


def _resolve(obj: dict[str, Any], article: Article) -> EventGoldDoc:
    text = article.text
    out = EventGoldDoc(obj["doc"], article)
    for i, e in enumerate(obj.get("events", [])):
        start = _find(text, e["trigger"], e.get("occurrence", 1), f"event {i} trigger")
        out.events.append(
            GoldEvent(
                start, start + len(e["trigger"]), e["type"], e.get("mode"),
                list(e.get("source") or []), list(e.get("target") or []),
                bool(e.get("negated", False)),
            )
        )  # fmt: skip
    for i, s in enumerate(obj.get("stances", [])):
        start = _find(text, s["anchor"], s.get("occurrence", 1), f"stance {i} anchor")
        out.stances.append(
            GoldStance(start, start + len(s["anchor"]), s.get("actor"), s["issue"], s["stance"])
        )
    return out


def same_actor(gold: str, pred_id: str | None, pred_name: str | None) -> bool:
    """A registry id is compared as an id; a plain name with the prediction's name or
    its provisional ``x:`` id (whose words are the name's skeleton), equal or one's
    content words containing the other's."""
    if ":" in gold:
        return gold == pred_id
    want = strip_article(key(gold))
    if pred_name and _same_words(strip_article(key(pred_name)), want):
        return True
    if pred_id is None or not pred_id.startswith("x:"):
        return False
    tail = pred_id.split(":")[-1]  # built from the name's skeleton (Wiliam for William)
    if key(tail) == want or tail in {slug(skeleton(gold)), slug(skeleton(want))}:
        return True
    # the same rule as for names, on the id's words ("bande de Gaza" / x:place:gaza)
    return _same_words(key(tail), skeleton(want))


def _same_words(a: str, b: str, lang: str = "fr") -> bool:
    """Names outside the registry vary in form ("le pouvoir" / "pouvoir", "juge" / "juge
    chargée de l'enquête"): equal, or the content words of one contain the other's."""
    if a == b:
        return True
    function_words = word_set(lang, "grammar", "function_words")
    wa = {w for w in a.split() if w not in function_words}
    wb = {w for w in b.split() if w not in function_words}
    return bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def _same_set(golds: list[str], preds: list[EventActor]) -> bool:
    if len(golds) != len(preds):
        return False
    left = list(preds)
    for g in golds:
        hit = next((p for p in left if same_actor(g, p.actor_id, p.name)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _pairs(golds: list[tuple[int, int]], preds: list[tuple[int, int]]) -> dict[int, int]:
    """gold index -> prediction index, each used once, largest overlap first."""
    cands = sorted(
        ((_overlap(g, p), gi, pi) for gi, g in enumerate(golds) for pi, p in enumerate(preds)),
        reverse=True,
    )
    out: dict[int, int] = {}
    used: set[int] = set()
    for ov, gi, pi in cands:
        if ov <= 0:
            break
        if gi not in out and pi not in used:
            out[gi] = pi
            used.add(pi)
    return out


@dataclass
class EventReport:
    prf: PRF = field(default_factory=PRF)
    type: Accuracy = field(default_factory=Accuracy)
    source: Accuracy = field(default_factory=Accuracy)
    target: Accuracy = field(default_factory=Accuracy)
    both: Accuracy = field(default_factory=Accuracy)
    mode: Accuracy = field(default_factory=Accuracy)
    negated: Accuracy = field(default_factory=Accuracy)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def format(self, misses: bool = True) -> str:
        lines = [
            self.prf.line("events (trigger)"),
            self.type.line("type accuracy"),
            self.source.line("source accuracy"),
            self.target.line("target accuracy"),
            self.both.line("source+target"),
            self.mode.line("mode (gold has one)"),
            self.negated.line("negation"),
        ]
        lines += _confusions_and_misses("type", self.confusions, 9, self.misses if misses else [])
        return "\n".join(lines)


def _confusions_and_misses(
    what: str, confusions: Counter[tuple[str, str]], width: int, misses: list[str]
) -> list[str]:
    """The report lines after the scores: wrong labels by count, then every miss."""
    lines = []
    wrong = [(g, p, n) for (g, p), n in confusions.most_common() if g != p]
    if wrong:
        lines.append(f"{what} confusions (gold → predicted):")
        lines += [f"  {g:>{width}} → {p:<{width}} {n}" for g, p, n in wrong]
    if misses:
        lines.append("misses:")
        lines += [f"  {m}" for m in misses]
    return lines


def score_events(docs: Iterable[EventGoldDoc], predicted: dict[str, list[Event]]) -> EventReport:
    report = EventReport()
    for d in docs:
        preds = predicted.get(d.doc, [])
        text = d.article.text
        report.prf.gold += len(d.events)
        report.prf.predicted += len(preds)
        pairs = _pairs([(g.start, g.end) for g in d.events], [(p.start, p.end) for p in preds])
        report.prf.matched_gold += len(pairs)
        report.prf.matched_pred += len(pairs)
        for gi, g in enumerate(d.events):
            if gi not in pairs:
                report.misses.append(f"{d.doc}: missed {g.type} {text[g.start : g.end]!r}")
                continue
            p = preds[pairs[gi]]
            report.type.add(p.type == g.type)
            report.confusions[(g.type, p.type)] += 1
            src, tgt = _same_set(g.source, p.sources), _same_set(g.target, p.targets)
            report.source.add(src)
            report.target.add(tgt)
            report.both.add(src and tgt)
            if g.mode:
                report.mode.add(p.mode == g.mode)
            report.negated.add(p.negated == g.negated)
            if p.type != g.type or not src or not tgt:
                got = (
                    [a.actor_id or a.name for a in p.sources],
                    [a.actor_id or a.name for a in p.targets],
                )
                report.misses.append(
                    f"{d.doc}: {text[g.start : g.end]!r} gold {g.type} {g.source}→{g.target}"
                    f" · got {p.type} {got[0]}→{got[1]}"
                )
        matched = set(pairs.values())
        for pi, p in enumerate(preds):
            if pi not in matched:
                report.misses.append(f"{d.doc}: extra {p.type} {_clip(text[p.start : p.end])!r}")
    return report


@dataclass
class StanceReport:
    prf: PRF = field(default_factory=PRF)
    stance: Accuracy = field(default_factory=Accuracy)
    actor: Accuracy = field(default_factory=Accuracy)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_issue: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def format(self, misses: bool = True) -> str:
        lines = [
            self.prf.line("stances (issue+span)"),
            self.stance.line("stance accuracy"),
            self.actor.line("actor accuracy"),
            "gold stances per issue: "
            + ", ".join(f"{k} {v}" for k, v in self.by_issue.most_common()),
        ]
        lines += _confusions_and_misses("stance", self.confusions, 8, self.misses if misses else [])
        return "\n".join(lines)


def score_stances(docs: Iterable[EventGoldDoc], predicted: dict[str, list[Stance]]) -> StanceReport:
    report = StanceReport()
    for d in docs:
        preds = predicted.get(d.doc, [])
        text = d.article.text
        report.prf.gold += len(d.stances)
        report.prf.predicted += len(preds)
        report.by_issue.update(g.issue for g in d.stances)
        used: set[int] = set()
        for g in d.stances:
            cands = [
                (pi, p)
                for pi, p in enumerate(preds)
                if pi not in used
                and p.issue == g.issue
                and _overlap((g.start, g.end), (p.start, p.end)) > 0
            ]
            if not cands:
                report.misses.append(
                    f"{d.doc}: missed {g.issue} {g.stance} {g.actor} {text[g.start : g.end]!r}"
                )
                continue
            # the prediction for the gold actor if there is one
            pi, p = next(
                (
                    (i, c)
                    for i, c in cands
                    if g.actor and same_actor(g.actor, c.actor_id, c.actor_name)
                ),
                cands[0],
            )
            used.add(pi)
            report.prf.matched_gold += 1
            report.prf.matched_pred += 1
            report.stance.add(p.stance == g.stance)
            report.confusions[(g.stance, p.stance)] += 1
            ok_actor = g.actor is not None and same_actor(g.actor, p.actor_id, p.actor_name)
            report.actor.add(ok_actor)
            if p.stance != g.stance or not ok_actor:
                report.misses.append(
                    f"{d.doc}: {g.issue} {text[g.start : g.end]!r} gold {g.stance} {g.actor}"
                    f" · got {p.stance} {p.actor_id or p.actor_name}"
                )
        for pi, p in enumerate(preds):
            if pi not in used:
                report.misses.append(
                    f"{d.doc}: extra {p.issue} {p.stance} {p.actor_id or p.actor_name} "
                    f"{text[p.start : p.end]!r}"
                )
    return report


def predictions(docs: list[EventGoldDoc], lang: str = "fr") -> dict[str, Extraction]:
    from veille.pipeline import extract_batch

    extractions = extract_batch([d.article for d in docs], lang)
    return {d.doc: ex for d, ex in zip(docs, extractions, strict=True)}
