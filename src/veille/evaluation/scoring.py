"""Scores for quotes and figures against the development gold (``gold/README.md``).

Quotes: a prediction matches a gold quote when it covers at least ``cover`` of the gold
span (0.5 by default; 0.8 reported too); each gold and each prediction matches once.
Speaker accuracy is over matched pairs (both null counts as right): the product promise
is "speaker resolved to one actor", so two names are the same speaker when

- their folded forms are equal, once a courtesy title and a leading determiner are off
  ("M. Biden" is not "Joe Biden" here: only the title goes, not the first name);
- or both name the same actor of the registry (``src/veille/data/actors``): an alias
  ("Benjamin Netanyahou" / "Benjamin Netanyahu"), or, for a person named by two words or
  more, the closest registry person by the resolver's own fuzzy rule (same transliteration
  skeleton start, ratio ≥ ``FUZZY_MIN``: "William Burn" / "William Burns");
- or one is the other plus a trailing determiner-free modifier that starts with a
  lowercase word (a complement or an adjective, never a further name): "IFOP" / "IFOP
  pour Ouest-France", "groupe armé" / "groupe armé de X". With a determiner it is
  another phrase ("autorités" / "autorités depuis le début de la guerre", "gouvernement"
  / "gouvernement de l'époque" do not match). A bare role noun never matches a person's
  name ("toxicologue" is not "Antony Fastier": "Antony Fastier" does not extend it).

Figures: a prediction matches when the spans overlap and the value is within 0.5 %.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from veille.actors.registry import current_registry
from veille.actors.resolver import FUZZY_MIN, skeleton
from veille.evaluation.gold import GoldDoc, GoldFigure, GoldQuote
from veille.extractors.names import description_head, fold, strip_title
from veille.records import Extraction, Figure, Quote
from veille.resources import load_yaml


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
    """Whether two speaker or source names name the same actor (module docstring)."""
    if a is None or b is None:
        return a is None and b is None
    fa, fb = _bare(a), _bare(b)
    if fa == fb:
        return True
    if _extends(a, b) or _extends(b, a):
        return True
    ids = _actor_ids(a)
    return bool(ids and ids & _actor_ids(b))


@lru_cache(maxsize=4096)
def _bare(name: str) -> str:
    return fold(description_head(strip_title(name)))


def _extends(short: str, long: str) -> bool:
    """``long`` is ``short`` plus a trailing modifier that opens on a lowercase word and
    holds no determiner ("IFOP pour Ouest-France", not "autorités depuis le début …")."""
    s, words = _bare(short).split(), description_head(strip_title(long)).split()
    if not s or len(words) <= len(s) or fold(" ".join(words)).split()[: len(s)] != s:
        return False
    # the folded prefix may span fewer raw words when a hyphen or apostrophe folds away
    rest = _raw_remainder(words, len(s))
    if not rest or not rest[0][:1].islower():
        return False
    return not any(_is_determiner(w.lower()) for w in rest)


def _is_determiner(word: str) -> bool:
    """A determiner, or a word opening with an elided one ("l'époque")."""
    determiners = _determiners()
    elided = (d for d in determiners if d.endswith(("'", "’")))
    return word in determiners or any(word.startswith(d) for d in elided)


@lru_cache(maxsize=1)
def _determiners() -> frozenset[str]:
    return frozenset(load_yaml("fr", "speakers").get("determiners", []))


def _raw_remainder(words: list[str], n_folded: int) -> list[str]:
    """The raw words after the first ``n_folded`` folded words."""
    count = 0
    for i, w in enumerate(words):
        if count >= n_folded:
            return words[i:]
        count += len(fold(w).split())
    return []


@lru_cache(maxsize=4096)
def _actor_ids(name: str) -> frozenset[str]:
    """Registry actors a name stands for: its aliases, else a fuzzy person match."""
    reg = current_registry()
    found = reg.lookup(strip_title(name)) or reg.lookup(description_head(name))
    if found:
        return frozenset(a.id for a in found)
    skel = skeleton(name)
    parts = skel.split()
    if len(parts) < 2:
        return frozenset()
    best: tuple[float, str | None] = (0.0, None)
    for actor_id in reg.blocks.get(parts[-1][:4], ()):
        actor = reg.actors[actor_id]
        for other in actor.names():
            other_skel = skeleton(other)
            if len(other_skel.split()) >= 2 and other_skel[:1] == skel[:1]:
                score = fuzz.ratio(skel, other_skel)
                if score > best[0]:
                    best = (score, actor_id)
    return frozenset({best[1]}) if best[1] and best[0] >= FUZZY_MIN else frozenset()


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
