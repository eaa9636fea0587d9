"""In-document names: turn a speaker or source mention into the best full name the
article gives for it ("M. Biden" → "Joe Biden", "il" → the last person quoted,
"le chef de la diplomatie américaine" → the person the article introduced with that role).

This is the in-document half of actor resolution; `veille.actors` maps names to actors.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from spacy.tokens import Doc, Span, Token

from veille.nlp import doc_text
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


_FOLD_SEPARATORS = re.compile(r"[-‐‑'’]")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase, accents off, hyphens and apostrophes as spaces: for comparing names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _FOLD_SEPARATORS.sub(" ", text.lower())
    return " ".join(text.split())


@lru_cache(maxsize=65536)
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
    salience: object | None = None  # the quote extractor's antecedent finder, built lazily

    def __post_init__(self) -> None:
        self.persons = [e for e in self.doc.ents if e.label_ == "PER"]
        text = doc_text(self.doc)
        # (start, end, text) of each person, read once
        self._read = [
            (e.start_char, e.end_char, text[e.start_char : e.end_char]) for e in self.persons
        ]

    def texts(self) -> list[str]:
        """The person entities' texts, in order (``[e.text for e in persons]``)."""
        return [text for _s, _e, text in self._read]

    def full_name(self, mention: str, before: int) -> str:
        """The longest person name introduced before ``before`` that ends like ``mention``
        (or, for a single first name, starts like it: "Marie-Pierre" after "Marie-Pierre
        Dausse"); else the first such name given later (a headline names a person by the
        surname the body completes)."""
        short = fold(strip_title(mention))
        if not short:
            return mention
        best = strip_title(mention)
        later = None
        for start, _end, name in self._read:
            full = strip_title(name)
            if not _completes(fold(full), short, strip_title(mention)):
                continue
            if start >= before:
                later = later or full
            elif len(full) > len(best):
                best = full
        if best == strip_title(mention) and later and len(later) > len(best):
            best = later
        return description_head(best)

    def last_person_before(
        self, before: int, allowed: Callable[[str], bool] = lambda _name: True
    ) -> str | None:
        """The last (``allowed``) person named before ``before``, preferring one named as
        an agent: NER takes towns for people, and those sit in obliques ("s'est rendue à
        Tervel")."""
        fallback = None
        for e in reversed([e for e in self.persons if e.end_char <= before]):
            name = self.full_name(e.text, before)
            if not allowed(name):
                continue
            if not e.root.dep_.startswith(("obl", "nmod")):  # "la maire de Tervel"
                return name
            fallback = fallback or name
        return fallback

    def person_with_role(self, role: str, before: int, lang: str = "fr") -> str | None:
        """The person the article introduced with ``role`` or a synonym of it ("le
        secrétaire d'État américain Antony Blinken", "John Kirby, porte-parole du …"),
        the latest before ``before``, else the first after it (a lede's "le Premier
        ministre" named further down). The word after the role (a nationality, a
        portfolio) must stand in the introduction's own role words; only a nationality
        may be missing there ("le ministre de la Santé" is not "le Premier ministre X")."""
        folded = masculine(fold(description_head(role)), lang)
        wanted = role_expressions(folded, lang, people=bool(_DEFINITE.match(role.strip())))
        if wanted is None:
            return None
        expressions, qualifier = wanted
        portfolio = re.search(r"\b(?:de|du|des|d)\b", folded) is not None
        earlier = [e for e in self.persons if e.end_char <= before]
        later = [e for e in self.persons if e.start_char >= before]
        fallback = None
        for ent in [*reversed(earlier), *later]:
            context = self._role_context(ent, expressions, lang)
            if context is None:
                continue
            if qualifier is None or qualifier in context:
                return self.full_name(ent.text, max(before, ent.end_char))
            if not portfolio and ent.end_char <= before:
                fallback = fallback or self.full_name(ent.text, before)
        return fallback or self._named_after(description_head(role), before, lang)

    def _named_after(self, role: str, before: int, lang: str) -> str | None:
        """The name written right after the same role words earlier in the text ("le
        ministre de la Santé Roman Prymula"), for when NER missed that name."""
        text = doc_text(self.doc)
        if len(role.split()) < 2:
            return None  # a bare noun is too common to find its holder by the words alone
        particles = frozenset(load_yaml(lang, "speakers").get("name_particles", []))
        for m in re.finditer(re.escape(role) + r"\s+", text[:before], re.IGNORECASE):
            words: list[str] = []
            for word in text[m.end() : m.end() + 80].split()[:5]:
                if (word[:1].isupper() and word.isalpha()) or word.lower() in particles:
                    words.append(word)
                    continue
                if word[:1].isupper() and word.rstrip(",.;:").replace("-", "").isalpha():
                    words.append(word.rstrip(",.;:"))
                break
            while words and words[-1].lower() in particles:
                words.pop()
            if sum(w[:1].isupper() for w in words) >= 2:
                return self.full_name(" ".join(words), before)
        return None

    def _role_context(
        self, ent: Span, expressions: tuple[re.Pattern[str], ...], lang: str
    ) -> str | None:
        """The role words that introduce ``ent`` ("secretaire d etat americain" before
        the name, "porte parole du conseil" in the apposition after it), if any match."""
        text = doc_text(self.doc)
        left = masculine(fold(text[max(0, ent.start_char - 80) : ent.start_char]), lang)
        right = masculine(fold(text[ent.end_char : ent.end_char + 120]), lang).lstrip(" ,")
        right = re.split(r"[.;:()]", right)[0]
        for p in expressions:
            tail = _ends_near(p, left)
            if tail is not None:
                return tail
            if p.match(right):
                return right
        return None

    def is_person(self, name: str) -> bool:
        """Whether ``name`` is one of the people this document names."""
        folded = fold(name)
        return any(
            fold(strip_title(text)) in folded or folded.endswith(fold(text))
            for _s, _e, text in self._read
        )

    def person_beside(self, start: int, end: int, head: Token | None = None) -> str | None:
        """A person named right before or after a description ("Antony Fastier,
        toxicologue", "le toxicologue Antony Fastier"). Given the description's ``head``
        token, a name after it must be its apposition or a second subject of its verb,
        not the subject of the next clause ("selon un proche de X, Y se montre …")."""
        text = doc_text(self.doc)
        for ent, (e_start, e_end, name) in zip(self.persons, self._read, strict=True):
            gap_before = text[e_end:start]
            gap_after = text[end:e_start]
            # a name after the description is its apposition, not the next clause's
            # subject ("selon un proche de X, Y se montre redoutable")
            root = ent.root
            apposed = (
                head is None
                or root.dep_ not in {"nsubj", "nsubj:pass", "ROOT"}
                or (root.head == head.head and root.dep_ == head.dep_)
            )
            if (e_end <= start and len(gap_before) <= 3 and gap_before.strip(" ,") == "") or (
                e_start >= end and len(gap_after) <= 2 and gap_after.strip(" ,") == "" and apposed
            ):
                return self.full_name(name, max(end, e_end))
        return None

    def next_subject_person(self, after: int, before: int) -> str | None:
        """The person named as a subject between ``after`` and ``before`` (the end of the
        paragraph): a lead quote's speaker introduced just after it."""
        for e in self.persons:
            if after <= e.start_char < before and _is_agent(e):
                return self.full_name(e.text, e.end_char)
        return None

    def salient_person(
        self,
        before: int,
        speakers: list[tuple[int, str]],
        allowed: Callable[[str], bool] = lambda _name: True,
    ) -> str | None:
        """Who a subject pronoun most likely refers to: the later of the last person named
        as a subject and the last quoted speaker (among the ``allowed`` names: a pronoun's
        gender rules out the names the text has shown to have the other)."""
        agents = [e for e in self.persons if e.end_char <= before and _is_agent(e)]
        named = [(e.end_char, self.full_name(e.text, before)) for e in agents]
        candidates = [c for c in named if allowed(c[1])][-1:]
        candidates += [(pos, name) for pos, name in speakers if pos < before and allowed(name)][-1:]
        if candidates:
            return max(candidates)[1]
        return self.last_person_before(before, allowed)


def _completes(folded: str, short: str, mention: str) -> bool:
    """Whether a full name completes a shorter mention of the same person: same end
    (surname), or same start when the mention is a single hyphen-joined first name."""
    if folded == short or folded.endswith(" " + short):
        return True
    single = " " not in mention.strip()
    return single and mention[:1].isupper() and folded.startswith(short + " ")


def _ends_near(pattern: re.Pattern[str], left: str) -> str | None:
    """The role ending right before the name, allowing a few words after it (a nationality,
    an office: "le secrétaire d'État américain | Antony Blinken") but no punctuation: the
    role words from the match on, or None."""
    for m in pattern.finditer(left):
        tail = left[m.end() :]
        if tail.split()[-1:] in (["de"], ["d"], ["du"], ["des"]):
            continue  # "la fille d'| X": X is the complement, not who holds the role
        if len(tail.split()) <= 5 and not re.search(r"[,.;:()]", tail):
            return left[m.start() :]
    return None


def _is_agent(ent: Span) -> bool:
    root = ent.root
    subject = {"nsubj", "nsubj:pass"}
    return root.dep_ in subject or (
        root.dep_ in {"appos", "flat:name", "nmod"} and root.head.dep_ in subject
    )


@cache
def _roles(lang: str) -> tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]:
    data = load_yaml(lang, "roles")
    groups = tuple(tuple(g) for g in data["synonyms"])
    heads = tuple(
        sorted({h for g in groups for h in g} | set(data["heads"]), key=len, reverse=True)
    )
    return groups, heads


@cache
def _people_heads(lang: str) -> tuple[str, ...]:
    """Role heads and nouns for people, longest first."""
    people = set(load_yaml(lang, "roles").get("people", [])) | set(_roles(lang)[1])
    return tuple(sorted(people, key=len, reverse=True))


_DEFINITE = re.compile(r"^(?:le|la|l['’]|ce|cet|cette)(?:\s+|(?<=['’]))", re.IGNORECASE)


@cache
def _feminine(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    pairs = load_yaml(lang, "roles").get("feminine", {}).items()
    return tuple((re.compile(rf"\b{re.escape(f)}\b"), m) for f, m in pairs)


def masculine(folded: str, lang: str = "fr") -> str:
    for pattern, repl in _feminine(lang):
        folded = pattern.sub(repl, folded)
    return folded


def role_expressions(
    folded: str, lang: str = "fr", people: bool = False
) -> tuple[tuple[re.Pattern[str], ...], str | None] | None:
    """For a folded description, the role expressions that name the same office and the
    qualifier word after the role (a nationality stem), or None if it is not a role.
    ``people``: nouns for people count as roles too ("le toxicologue" after "Antony
    Fastier, toxicologue"), for definite descriptions only."""
    groups, heads = _roles(lang)
    if people:
        heads = _people_heads(lang)
    head = next((h for h in heads if folded == h or folded.startswith(h + " ")), None)
    if head is None:
        return None
    group = next((g for g in groups if head in g), (head,))
    rest = folded[len(head) :].split()
    rest = [w for w in rest if w not in {"de", "du", "des", "la", "le", "l"}]
    qualifier = rest[0][:5] if rest else None
    return tuple(_loose(e) for e in group), qualifier


@cache
def _loose(expression: str) -> re.Pattern[str]:
    """A role expression allowing one inserted word between its words ("ministre
    valdorienne des affaires étrangères" is a "ministre des affaires étrangères")."""
    words = [re.escape(w) for w in expression.split()]
    return re.compile(r"\b" + r"(?: \w+)? ".join(words) + r"\b")
