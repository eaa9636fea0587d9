"""Page furniture out of plain article text: menus, banners, photo credits, repeats, teasers.

HTML readers already run trafilatura, but what it keeps (and what seed or plain-text files
carry) still has search boxes, section banners, captions, a headline printed twice and the
site's truncated summary pasted at the end. Every extractor downstream would otherwise
count those as sentences (the teaser repeats quotes and figures, so they would be counted
twice).

The knowledge of what furniture looks like lives in ``data/<lang>/boilerplate.yaml``; this
module only applies it. The rules are deliberately conservative: only short lines can be
removed as furniture, only exact repeats are dropped, and a teaser must be both ellipsised
and a repeat of earlier text. Characters inside kept lines are never rewritten, because
every offset downstream indexes the cleaned text.

Layout convention: a blank line separates blocks, and each line inside a block is a unit
(seed files put one paragraph per block, trafilatura one paragraph per line). Output keeps
that layout, with trailing spaces stripped, runs of blank lines collapsed to one and blank
lines at both ends dropped.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from veille.records import Article

_FALLBACK_LANG = "fr"
_UI_TRIM = " \t\u00a0\u202f-–—•·*>›»|:.!"
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class TeaserRules:
    ellipsis: re.Pattern[str]
    min_words: int
    ngram: int
    min_overlap: float


@dataclass(frozen=True, slots=True)
class Rules:
    """One language's furniture knowledge, compiled once."""

    max_furniture_chars: int
    ui_lines: frozenset[str]
    line_patterns: tuple[re.Pattern[str], ...]
    min_repeat_chars: int
    teaser: TeaserRules
    headline_max_chars: int
    headline_search_units: int


@cache
def load_rules(lang: str = "fr") -> Rules:
    """Read and compile ``data/<lang>/boilerplate.yaml`` (once per process and language).

    A language without its own file keeps the language-neutral rules (repeats, teasers,
    the French file's limits) but no word lists: French UI words or banners must not be
    looked for in, say, an English text.
    """
    path = resources.files("veille") / "data" / lang / "boilerplate.yaml"
    if not path.is_file():
        neutral = load_rules(_FALLBACK_LANG)
        return dataclasses.replace(neutral, ui_lines=frozenset(), line_patterns=())
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    teaser = data["teaser"]
    headline = data["headline"]
    return Rules(
        max_furniture_chars=int(data["max_furniture_chars"]),
        ui_lines=frozenset(_ui_key(w) for w in data["ui_lines"]),
        line_patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["line_patterns"]),
        min_repeat_chars=int(data["min_repeat_chars"]),
        teaser=TeaserRules(
            ellipsis=re.compile(teaser["ellipsis"]),
            min_words=int(teaser["min_words"]),
            ngram=int(teaser["ngram"]),
            min_overlap=float(teaser["min_overlap"]),
        ),
        headline_max_chars=int(headline["max_chars"]),
        headline_search_units=int(headline["search_units"]),
    )


# --- keys: comparison forms that never leak into the output ---------------------------------


def _ui_key(line: str) -> str:
    """A line as the UI-word list spells it: casefolded, ’ as ', bullets and colons trimmed."""
    text = unicodedata.normalize("NFC", line).replace("’", "'").casefold()
    return _WS.sub(" ", text.strip(_UI_TRIM))


def _repeat_key(line: str) -> str:
    """Same words, case and spacing aside: how a repeated headline or paragraph is spotted."""
    return _WS.sub(" ", unicodedata.normalize("NFC", line).casefold()).strip()


def _glued_key(text: str) -> str:
    """No whitespace at all, so a teaser that glued paragraphs ("source.M. Blinken") matches."""
    return _WS.sub("", unicodedata.normalize("NFC", text).casefold())


# --- layout ---------------------------------------------------------------------------------


def _blocks(text: str) -> list[list[str]]:
    """Blocks of right-stripped, non-empty lines; the only whitespace normalisation done."""
    blocks: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _join(blocks: list[list[str]]) -> str:
    return "\n\n".join("\n".join(b) for b in blocks if b)


# --- the rules ------------------------------------------------------------------------------


def is_furniture(line: str, rules: Rules) -> bool:
    """Whether one line is page furniture; long lines never are, whatever they contain."""
    stripped = line.strip()
    if len(stripped) > rules.max_furniture_chars:
        return False
    if _ui_key(stripped) in rules.ui_lines:
        return True
    return any(p.search(stripped) for p in rules.line_patterns)


def _drop_furniture(blocks: list[list[str]], rules: Rules) -> list[list[str]]:
    return [[ln for ln in b if not is_furniture(ln, rules)] for b in blocks]


def _drop_repeats(blocks: list[list[str]], rules: Rules) -> list[list[str]]:
    """Keep the first occurrence of every long-enough unit (a headline printed twice)."""
    seen: set[str] = set()
    out: list[list[str]] = []
    for block in blocks:
        kept: list[str] = []
        for line in block:
            key = _repeat_key(line)
            if len(key) >= rules.min_repeat_chars and key in seen:
                continue
            seen.add(key)
            kept.append(line)
        out.append(kept)
    return out


def _is_teaser(line: str, earlier: list[str], rules: TeaserRules) -> bool:
    """An ellipsised unit whose words are already in the text before it.

    Exact containment is tested without any whitespace, because the site's summary block
    glues paragraphs ("...diplomatique.M. Blinken..."); failing that, most of its word
    n-grams must appear earlier (a summary that skips a sentence or re-punctuates).
    """
    cut = rules.ellipsis.search(line)
    if cut is None or not earlier:
        return False
    body = line[: cut.start()].rstrip(" ,;:")
    words = _WORD.findall(body.casefold())
    if len(words) < rules.min_words:
        return False
    before = "\n".join(earlier)
    if _glued_key(body) in _glued_key(before):
        return True
    return _ngram_overlap(words, _WORD.findall(before.casefold()), rules.ngram) >= (
        rules.min_overlap
    )


def _ngram_overlap(words: list[str], reference: list[str], n: int) -> float:
    grams = {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}
    if not grams:
        return 0.0
    ref = {tuple(reference[i : i + n]) for i in range(len(reference) - n + 1)}
    return len(grams & ref) / len(grams)


def _drop_trailing_teasers(blocks: list[list[str]], rules: Rules) -> list[list[str]]:
    """Pop teasers off the end, repeatedly: some pages stack two summary blocks."""
    blocks = [list(b) for b in blocks if b]
    while blocks:
        last = blocks[-1][-1]
        earlier = [ln for b in blocks for ln in b][:-1]
        if not _is_teaser(last, earlier, rules.teaser):
            break
        blocks[-1].pop()
        if not blocks[-1]:
            blocks.pop()
    return blocks


def _clean_blocks(text: str, rules: Rules) -> list[list[str]]:
    blocks = _drop_furniture(_blocks(text), rules)
    blocks = _drop_repeats(blocks, rules)
    return _drop_trailing_teasers(blocks, rules)


# --- public API -----------------------------------------------------------------------------


def clean_text(text: str, lang: str = "fr") -> str:
    """The article body without page furniture, repeats and trailing teasers.

    Idempotent: cleaning cleaned text changes nothing.
    """
    return _join(_clean_blocks(text, load_rules(lang)))


def repeated_headline(text: str, lang: str = "fr") -> str | None:
    """A short line the page printed twice near the top (its headline), or None.

    A page that prints its headline twice (title block, then article header) tells us which
    line is the headline; a line printed once could as well be a lead or a quote, so we do
    not guess from position alone.
    """
    rules = load_rules(lang)
    units = [ln for b in _drop_furniture(_blocks(text), rules) for ln in b]
    head = units[: rules.headline_search_units]
    for i, line in enumerate(head):
        key = _repeat_key(line)
        if not rules.min_repeat_chars <= len(key) <= rules.headline_max_chars:
            continue
        if any(_repeat_key(other) == key for other in head[i + 1 :]):
            return line.strip()
    return None


def clean_article(article: Article) -> Article:
    """A new Article with cleaned ``text``; id and ``raw_text`` unchanged.

    The title is filled in only when the reader gave none and the page printed a headline
    twice (see :func:`repeated_headline`); the headline stays in the text once. The id is
    carried over explicitly, so cleaning improvements never change article ids.
    """
    title = article.title
    if not title:
        title = repeated_headline(article.text, article.lang) or title
    return dataclasses.replace(
        article,
        text=clean_text(article.text, article.lang),
        title=title,
        raw_text=article.raw_text,
        id=article.id,
        meta=dict(article.meta),
    )
