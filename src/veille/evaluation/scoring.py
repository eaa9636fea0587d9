"""Scores for quotes and figures against the development gold (``gold/README.md``).

Quotes: a prediction matches a gold quote when it covers at least ``cover`` of the gold
span (0.5 by default; 0.8 reported too); each gold and each prediction matches once.
Speaker accuracy is over matched pairs: the folded names are equal (both null counts).
Figures: a prediction matches when the spans overlap and the value is within 0.5 %.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from veille.evaluation.gold import GoldDoc, GoldFigure, GoldQuote
from veille.extractors.names import fold
from veille.records import Extraction, Figure, Quote


@dataclass(slots=True)
class PRF:
    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_pred: int = 0

    @property
    def precision(self) -> float:
        return self.matched_pred / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def line(self, label: str) -> str:
        return (
            f"{label:<22} P {self.precision:6.1%}  R {self.recall:6.1%}  F1 {self.f1:6.1%}"
            f"   (gold {self.gold}, predicted {self.predicted})"
        )


@dataclass(slots=True)
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, ok: bool) -> None:
        self.right += ok
        self.total += 1

    def line(self, label: str) -> str:
        return f"{label:<22} {self.value:6.1%}   ({self.right}/{self.total})"


@dataclass
class QuoteReport:
    prf: dict[float, PRF] = field(default_factory=lambda: {0.5: PRF(), 0.8: PRF()})
    speaker: Accuracy = field(default_factory=Accuracy)
    kind: Accuracy = field(default_factory=Accuracy)
    misses: list[str] = field(default_factory=list)

    def format(self, name: str = "veille", misses: bool = True) -> str:
        lines = [f"quotes — {name}"]
        lines += [self.prf[c].line(f"  cover ≥ {c:.0%}") for c in sorted(self.prf)]
        lines.append(self.speaker.line("  speaker accuracy"))
        lines.append(self.kind.line("  kind accuracy"))
        if misses and self.misses:
            lines.append(f"misses ({len(self.misses)}):")
            lines += [f"  {m}" for m in self.misses]
        return "\n".join(lines)


@dataclass
class FigureReport:
    prf: PRF = field(default_factory=PRF)
    qualifier: Accuracy = field(default_factory=Accuracy)
    source: Accuracy = field(default_factory=Accuracy)
    what: Accuracy = field(default_factory=Accuracy)
    misses: list[str] = field(default_factory=list)

    def format(self, name: str = "veille", misses: bool = True) -> str:
        lines = [
            f"figures — {name}",
            self.prf.line("  value within 0.5%"),
            self.qualifier.line("  qualifier accuracy"),
            self.source.line("  source accuracy"),
            self.what.line("  what accuracy"),
        ]
        if misses and self.misses:
            lines.append(f"misses ({len(self.misses)}):")
            lines += [f"  {m}" for m in self.misses]
        return "\n".join(lines)


def same_name(a: str | None, b: str | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and fold(a) == fold(b))


def _cover(pred: tuple[int, int], gold: tuple[int, int]) -> float:
    overlap = min(pred[1], gold[1]) - max(pred[0], gold[0])
    return max(0, overlap) / max(1, gold[1] - gold[0])


def _match_quotes(golds: list[GoldQuote], preds: list[Quote], cover: float) -> dict[int, int]:
    """gold index → prediction index, best coverage first, each used once."""
    pairs = sorted(
        (
            (_cover((p.start, p.end), (g.start, g.end)), gi, pi)
            for gi, g in enumerate(golds)
            for pi, p in enumerate(preds)
        ),
        reverse=True,
    )
    matched: dict[int, int] = {}
    used: set[int] = set()
    for c, gi, pi in pairs:
        if c < cover or c == 0:
            break
        if gi not in matched and pi not in used:
            matched[gi] = pi
            used.add(pi)
    return matched


def score_quotes(docs: Iterable[GoldDoc], predict: Callable[[GoldDoc], list[Quote]]) -> QuoteReport:
    report = QuoteReport()
    for doc in docs:
        preds = predict(doc)
        text = doc.article.text
        for cover, prf in report.prf.items():
            matched = _match_quotes(doc.quotes, preds, cover)
            prf.gold += len(doc.quotes)
            prf.predicted += len(preds)
            prf.matched_gold += len(matched)
            prf.matched_pred += len(matched)
            if cover != 0.5:
                continue
            for gi, pi in matched.items():
                g, p = doc.quotes[gi], preds[pi]
                report.speaker.add(same_name(p.speaker.name, g.speaker))
                report.kind.add(p.kind == g.kind)
                if not same_name(p.speaker.name, g.speaker):
                    report.misses.append(
                        f"{doc.doc}: speaker {p.speaker.name!r} ≠ {g.speaker!r}"
                        f" for «{_clip(text[g.start : g.end])}»"
                    )
            for gi, g in enumerate(doc.quotes):
                if gi not in matched:
                    report.misses.append(
                        f"{doc.doc}: missed {g.kind} «{_clip(text[g.start : g.end])}» ({g.speaker})"
                    )
            used = set(matched.values())
            for pi, p in enumerate(preds):
                if pi not in used:
                    report.misses.append(
                        f"{doc.doc}: spurious {p.kind} «{_clip(p.text)}» ({p.speaker.name})"
                    )
    return report


def score_figures(
    docs: Iterable[GoldDoc], predict: Callable[[GoldDoc], list[Figure]]
) -> FigureReport:
    report = FigureReport()
    for doc in docs:
        preds = predict(doc)
        matched = _match_figures(doc.figures, preds)
        report.prf.gold += len(doc.figures)
        report.prf.predicted += len(preds)
        report.prf.matched_gold += len(matched)
        report.prf.matched_pred += len(matched)
        text = doc.article.text
        for gi, pi in matched.items():
            g, p = doc.figures[gi], preds[pi]
            report.qualifier.add(p.qualifier == g.qualifier)
            report.source.add(same_name(p.source.name, g.source))
            report.what.add(p.what == g.what)
            if p.qualifier != g.qualifier or not same_name(p.source.name, g.source):
                report.misses.append(
                    f"{doc.doc}: «{text[g.start : g.end]}» qualifier {p.qualifier}/{g.qualifier}"
                    f" source {p.source.name!r}/{g.source!r}"
                )
        for gi, g in enumerate(doc.figures):
            if gi not in matched:
                report.misses.append(f"{doc.doc}: missed «{text[g.start : g.end]}» ({g.what})")
        used = set(matched.values())
        for pi, p in enumerate(preds):
            if pi not in used:
                report.misses.append(f"{doc.doc}: spurious «{p.text}» ({p.what})")
    return report


def _match_figures(golds: list[GoldFigure], preds: list[Figure]) -> dict[int, int]:
    matched: dict[int, int] = {}
    used: set[int] = set()
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            overlaps = p.start < g.end and g.start < p.end
            close = abs(p.value - g.value) <= 0.005 * abs(g.value)
            if pi not in used and overlaps and close:
                matched[gi] = pi
                used.add(pi)
                break
    return matched


def _clip(text: str, n: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def veille_predictions(docs: list[GoldDoc], lang: str = "fr") -> dict[str, Extraction]:
    """Run veille's extractors once over the gold documents (keyed by doc)."""
    from veille.pipeline import extract_batch

    extractions = extract_batch([d.article for d in docs], lang)
    return {d.doc: ex for d, ex in zip(docs, extractions, strict=True)}
