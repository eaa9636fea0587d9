"""Text keys for actor names: folding that keeps offsets, alias keys, transliteration skeletons.

Registry look-ups and the description scanner both work on folded text (lowercase,
accents off, hyphens and apostrophes as spaces). The scanner needs a fold that keeps
every character at its offset so that a match in the folded text is a span of the
article; look-ups use a plain key where whitespace is collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from unidecode import unidecode

from veille.actors.lexicon import lexicon

_SEPARATORS = frozenset("-‐‑–'’`´")


@cache
def _fold_char(c: str) -> str:
    if c in _SEPARATORS:
        return " "
    decomposed = unicodedata.normalize("NFKD", c)
    base = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    if len(base) == 1 and (base.isascii() or not base.isalpha()):
        return base if base.isalnum() else (" " if base.isspace() else base)
    ascii_ = unidecode(c).lower()
    return ascii_[:1] if ascii_[:1].isalnum() else " "


def fold_keep(text: str) -> str:
    """Fold every character to at most one ASCII character, same length as ``text``."""
    return "".join(_fold_char(c) for c in text)


def key(text: str) -> str:
    """Alias key: folded, non-letters as spaces, whitespace collapsed ("l'Élysée" → "l elysee")."""
    folded = unidecode(fold_keep(text)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", folded).split())


_ARTICLE = re.compile(r"^(?:les|le|la|l|du|des|de la|de l|d)\s+")


def strip_article(k: str) -> str:
    """'la maison blanche' → 'maison blanche' (on a key)."""
    return _ARTICLE.sub("", k)


@cache
def _rules() -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in lexicon()["transliteration"])


def skeleton(text: str) -> str:
    """A transliteration-neutral key: Netanyahou/Netanyahu, Benyamin/Benjamin are close."""
    k = key(text)
    for old, new in _rules():
        k = k.replace(old, new)
    return re.sub(r"([a-z])\1+", r"\1", k)


def slug(text: str) -> str:
    return key(text).replace(" ", "-")
