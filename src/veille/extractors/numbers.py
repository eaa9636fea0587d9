"""Number expressions in running French text, with their values.

Separated from figure attribution so that the same reader serves figures, dates and any
later extractor. Everything language-specific comes from ``data/<lang>/figures.yaml``.

Forms read: digits with French separators (``9.200``, ``32 000`` with normal, thin or
non-breaking spaces, ``2,3``; ``12.2`` as a decimal when the dot is followed by one or two
digits), scale words (``2,3 millions``), currency units with a scale (``200 MF``),
spelled-out numbers (text2num), fractions (``la moitié``, ``deux tiers`` → percent) and
vague scales (``des centaines de``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from text_to_num import text2num

from veille.resources import load_yaml

SPACES = " \u00a0\u202f\u2009"
_DIGITS = (
    rf"(?<![\w.,\-/])(?:\d{{1,3}}(?:[.{SPACES}]\d{{3}})+(?![.{SPACES}]?\d)|\d+)"
    r"(?:,\d+|\.\d{1,2}(?![\d.]))?(?!\d)"
)


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """A number as written at ``start:end`` (scale word included), and its value.

    ``unit`` is set when the number carries its own unit (``200 MF`` → francs);
    ``vague`` for a scale noun without a number (``des centaines de``).
    """

    start: int
    end: int
    value: float
    spelled: bool = False
    percent: bool = False
    fraction: bool = False
    vague: bool = False
    scaled: bool = False
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class NumberGrammar:
    digits: re.Pattern[str]
    words: re.Pattern[str]
    fractions: re.Pattern[str]
    vague: re.Pattern[str]
    scales: dict[str, int]
    scaled_units: dict[str, tuple[float, str]]
    fraction_values: dict[str, float]
    vague_values: dict[str, float]
    lang: str


def _alt(words: object) -> str:
    return "|".join(sorted((re.escape(str(w)) for w in words), key=len, reverse=True))  # type: ignore[attr-defined]


@cache
def grammar(lang: str) -> NumberGrammar:
    data = load_yaml(lang, "figures")
    scales = {k.lower(): int(v) for k, v in data["scales"].items()}
    units = {str(k): (float(v[0]), str(v[1])) for k, v in data["scaled_units"].items()}
    digits = re.compile(
        rf"(?P<num>{_DIGITS})"
        rf"(?:[{SPACES}](?P<scale>{_alt(scales)})\b|[{SPACES}]?(?P<unit>{_alt(units)})(?!\w))?"
        rf"(?P<pct>[{SPACES}]?%|[{SPACES}]pour[ -]cent\b)?",
        re.IGNORECASE,
    )
    word_alt = _alt(data["number_words"])
    words = re.compile(
        rf"\b(?:{word_alt})(?:(?:[-{SPACES}]|[{SPACES}]et[{SPACES}])(?:{word_alt}))*\b",
        re.IGNORECASE,
    )
    fractions = {k.lower(): float(v) for k, v in data["fractions"].items()}
    vague = {k.lower(): float(v) for k, v in data["vague_scales"].items()}
    return NumberGrammar(
        digits=digits,
        words=words,
        fractions=re.compile(rf"\b(?:{_alt(fractions)})\b", re.IGNORECASE),
        vague=re.compile(
            rf"\b(?:{_alt(data['vague_determiners'])})[{SPACES}](?P<v>{_alt(vague)})"
            rf"(?=[{SPACES}]+d(?:e\b|['’]))",
            re.IGNORECASE,
        ),
        scales=scales,
        scaled_units=units,
        fraction_values=fractions,
        vague_values=vague,
        lang=lang,
    )


def parse_digits(raw: str) -> float:
    """'9.200' → 9200, '32 000' → 32000, '2,3' → 2.3, '12.2' → 12.2 (French separators)."""
    cleaned = re.sub(rf"[.{SPACES}](?=\d{{3}}(?:\D|$))", "", raw)
    return float(cleaned.replace(",", "."))


def find_numbers(text: str, lang: str = "fr") -> list[NumberMatch]:
    """All number expressions, digits and words, in text order, not overlapping."""
    return list(_numbers(text, lang))


@lru_cache(maxsize=256)
def _numbers(text: str, lang: str) -> tuple[NumberMatch, ...]:
    # Cached: selective parsing and figures read the same article's numbers.
    g = grammar(lang)
    found: list[NumberMatch] = []

    def free(s: int, e: int) -> bool:
        return not any(n.start < e and s < n.end for n in found)

    for m in g.fractions.finditer(text):
        value = g.fraction_values[m.group(0).lower()]
        found.append(NumberMatch(m.start(), m.end(), value, percent=True, fraction=True))
    for m in g.digits.finditer(text):
        if free(m.start(), m.end()):
            found.append(_digit_match(m, g))
    for m in g.vague.finditer(text):
        s, e = m.span("v")
        if free(s, e):
            found.append(NumberMatch(s, e, g.vague_values[m.group("v").lower()], vague=True))
    for m in g.words.finditer(text):
        if not free(m.start(), m.end()):
            continue
        spelled = _word_match(m.group(0), m.start(), lang)
        if spelled is not None:
            found.append(spelled)
    return tuple(sorted(found, key=lambda n: n.start))


def _digit_match(m: re.Match[str], g: NumberGrammar) -> NumberMatch:
    value = parse_digits(m.group("num"))
    unit = None
    scaled = False
    if m.group("scale"):
        value *= g.scales[m.group("scale").lower()]
        scaled = True
    elif m.group("unit"):
        factor, unit = g.scaled_units.get(m.group("unit"), (1.0, None))
        value *= factor
        scaled = factor != 1.0
    return NumberMatch(
        m.start(), m.end(), value, percent=bool(m.group("pct")), scaled=scaled, unit=unit
    )


def _word_match(words: str, start: int, lang: str) -> NumberMatch | None:
    tokens = words.lower().replace("-", " ").split()
    if all(t in {"un", "une", "et"} for t in tokens):
        if words.lower() in {"un", "une"}:
            return NumberMatch(start, start + len(words), 1.0, spelled=True)
        return None
    # a trailing "et" belongs to the sentence, not to the number ("trois et demi" aside)
    while tokens and tokens[-1] == "et":
        words = words[: words.lower().rstrip().rfind("et")].rstrip(f"{SPACES}-")
        tokens = tokens[:-1]
    try:
        value = text2num(words.lower().replace("\u00a0", " ").replace("\u202f", " "), lang)
    except ValueError:
        return None
    scaled = tokens[-1] in {"million", "millions", "milliard", "milliards"}
    return NumberMatch(start, start + len(words), float(value), spelled=True, scaled=scaled)
