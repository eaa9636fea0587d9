"""Number expressions in running French text, with their values.

Separated from figure attribution so that the same reader serves figures, dates and any
later extractor. Everything language-specific comes from ``data/<lang>/figures.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num

from veille.resources import load_yaml

_SPACES = " \u00a0\u202f\u2009"
_DIGITS = rf"(?<![\w.,\-/])(?:\d{{1,3}}(?:[.{_SPACES}]\d{{3}})+|\d+)(?:,\d+)?(?![\d])"


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number as written at ``start:end`` (scale word included), and its value."""

    start: int
    end: int
    value: float
    spelled: bool = False
    percent: bool = False


@dataclass(frozen=True, slots=True)
class NumberGrammar:
    digits: re.Pattern[str]
    words: re.Pattern[str]
    scales: dict[str, int]
    lang: str


@cache
def grammar(lang: str) -> NumberGrammar:
    data = load_yaml(lang, "figures")
    scales = {k.lower(): int(v) for k, v in data["scales"].items()}
    scale_alt = "|".join(sorted((re.escape(s) for s in scales), key=len, reverse=True))
    digits = re.compile(
        rf"(?P<num>{_DIGITS})(?:[{_SPACES}](?P<scale>{scale_alt})\b)?"
        rf"(?P<pct>[{_SPACES}]?%|[{_SPACES}]pour[ -]cent\b)?",
        re.IGNORECASE,
    )
    word_alt = "|".join(sorted(data["number_words"], key=len, reverse=True))
    words = re.compile(
        rf"\b(?:{word_alt})(?:(?:[-{_SPACES}]|[{_SPACES}]et[{_SPACES}])(?:{word_alt}))*\b",
        re.IGNORECASE,
    )
    return NumberGrammar(digits, words, scales, lang)


def parse_digits(raw: str) -> float:
    """'9.200' → 9200, '32 000' → 32000, '2,3' → 2.3 (French separators)."""
    cleaned = re.sub(rf"[.{_SPACES}](?=\d{{3}}(?:\D|$))", "", raw)
    return float(cleaned.replace(",", "."))


def find_numbers(text: str, lang: str = "fr") -> list[NumberMatch]:
    """All number expressions, digits and spelled-out, in text order, not overlapping."""
    g = grammar(lang)
    found = [_digit_match(m, g) for m in g.digits.finditer(text)]
    taken = [(n.start, n.end) for n in found]
    for m in g.words.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        spelled = _word_match(m.group(0), m.start(), lang)
        if spelled is not None:
            found.append(spelled)
    return sorted(found, key=lambda n: n.start)


def _digit_match(m: re.Match[str], g: NumberGrammar) -> NumberMatch:
    value = parse_digits(m.group("num"))
    if m.group("scale"):
        value *= g.scales[m.group("scale").lower()]
    return NumberMatch(m.start(), m.end(), value, percent=bool(m.group("pct")))


def _word_match(words: str, start: int, lang: str) -> NumberMatch | None:
    tokens = words.lower().replace("-", " ").split()
    if all(t in {"un", "une", "et"} for t in tokens):
        return None  # articles, not numbers
    try:
        value = text2num(words.lower().replace("\u00a0", " "), lang)
    except ValueError:
        return None
    return NumberMatch(start, start + len(words), float(value), spelled=True)
