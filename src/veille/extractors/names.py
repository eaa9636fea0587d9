"""In-document names: turn a speaker or source mention into the best full name the
article gives for it ("M. Biden" → "Joe Biden", "il" → the last person quoted,
"le chef de la diplomatie américaine" → the person the article introduced with that role).

This is the in-document half of actor resolution; `veille.actors` maps names to actors.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Span

from veille.resources import load_yaml


@cache
def title_prefix(lang: str) -> re.Pattern[str]:
    """A courtesy title at the start of a name ("M. ", "Mme ")."""
    titles = load_yaml(lang, "speakers")["titles"]
    return re.compile(r"(?:" + "|".join(re.escape(t) for t in titles) + r")\s+")


@cache
def pronouns(lang: str = "fr") -> frozenset[str]:
    return frozenset(load_yaml(lang, "speakers")["pronouns"])


_DETERMINERS = re.compile(
    r"^(?:les|le|la|l['’]|une|un|des|du|de la|de l['’]|cette|ces|cet|ce|son|sa|ses|leur|leurs)"
    r"(?:\s+|(?<=['’]))",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Lowercase, accents off, hyphens and apostrophes as spaces: for comparing names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[-‐‑'’]", " ", text.lower())
    return " ".join(text.split())


def strip_title(name: str, lang: str = "fr") -> str:
    name = name.strip()
    m = title_prefix(lang).match(name)
    return name[m.end() :] if m else name


def description_head(text: str) -> str:
    """'Un haut responsable américain' → 'haut responsable américain' (contract's name)."""
    return _DETERMINERS.sub("", text.strip())


@dataclass
class DocumentNames:
    """People and bodies named in one document, in order of appearance."""

    doc: Doc
    persons: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.persons = [e for e in self.doc.ents if e.label_ == "PER"]

    def full_name(self, mention: str, before: int) -> str:
        """The longest person name introduced before ``before`` that ends like ``mention``."""
        short = fold(strip_title(mention))
        if not short:
            return mention
        best = strip_title(mention)
        for ent in self.persons:
            if ent.start_char >= before:
                break
            full = strip_title(ent.text)
            folded = fold(full)
            if (folded == short or folded.endswith(" " + short)) and len(full) > len(best):
                best = full
        return best

    def last_person_before(self, before: int) -> str | None:
        """The last person named before ``before``, preferring one named as an agent:
        NER takes towns for people, and those sit in obliques ("s'est rendue à Tervel")."""
        previous = [e for e in self.persons if e.end_char <= before]
        agents = [e for e in previous if not e.root.dep_.startswith("obl")]
        chosen = (agents or previous)[-1:]
        return self.full_name(chosen[0].text, before) if chosen else None

    def person_with_role(self, role: str, before: int) -> str | None:
        """The person the article introduced next to ``role`` ("le secrétaire d'État
        américain Antony Blinken", "John Kirby, porte-parole du …") before ``before``."""
        folded_role = fold(description_head(role))
        if len(folded_role) < 4:
            return None
        text = self.doc.text
        for ent in self.persons:
            if ent.start_char >= before:
                break
            left = fold(text[max(0, ent.start_char - 80) : ent.start_char])
            right = fold(text[ent.end_char : ent.end_char + 80]).lstrip(" ,")
            if left.endswith(folded_role) or right.startswith(folded_role):
                return self.full_name(ent.text, before)
        return None
