"""Find actor mentions that are not person names: registry names (gazetteer) and
descriptions — a role with a nationality or body ("le chef de la diplomatie américaine",
"le porte-parole de la Maison Blanche") or a body ("l'armée israélienne").

Everything runs on ``fold_keep(text)``, whose offsets are the article's, with patterns
compiled once per registry. Roles and bodies are language data (``data/actors/fr.yaml``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from veille.actors.lexicon import lexicon
from veille.actors.registry import Registry, load_registry
from veille.actors.text import key

_WORD = re.compile(r"[a-z0-9]+")
_COMPLEMENT = re.compile(r"\s+(?:de\s+la|de\s+l|du|des|de|d)\s+")
_MAX_ALIAS_WORDS = 12


@dataclass(frozen=True, slots=True)
class Description:
    """A role or body phrase: ``of`` is a country code or an actor id, when the text says."""

    start: int
    end: int
    kind: str  # "role" or "body"
    name: str  # role key ("foreign_minister") or body kind ("military", "ministry_health")
    of: str | None
    definite: bool
    tail_end: int


@dataclass(frozen=True, slots=True)
class NameHit:
    """A registry name found in the text; ``seat`` when it is a seat of power or capital."""

    start: int
    end: int
    ids: tuple[str, ...]
    seat: bool


class Scanner:
    """Patterns and gazetteer for one registry."""

    def __init__(self, registry: Registry) -> None:
        self.reg = registry
        lex = lexicon()
        self.phrases: dict[str, list[tuple[tuple[str, ...], str, str, str]]] = defaultdict(list)
        for kind, group in (("role", lex["roles"]), ("body", lex["bodies"])):
            for name, phrases in group.items():
                for phrase in phrases:
                    words = tuple(phrase.split())
                    self.phrases[words[0]].append((words, kind, name, phrase))
        for entries in self.phrases.values():
            entries.sort(key=lambda e: -len(e[0]))
        self.demonym_words = max((len(d.split()) for d in registry.demonyms), default=1)
        self.restricted = {k: frozenset(v) for k, v in lex["restricted"].items()}
        self.indefinite = frozenset(lex["indefinite"])
        self.gazetteer = _gazetteer(registry)

    # -- registry names ----------------------------------------------------------------
    def names(self, text: str, folded: str) -> list[NameHit]:
        """Registry names in the text, longest first at each position, never overlapping."""
        words = _words(folded)
        strings = _strings(folded)
        gazetteer = self.gazetteer
        hits: list[NameHit] = []
        i = 0
        while i < len(words):
            if strings[i] not in gazetteer:  # no registry name starts with this word
                i += 1
                continue
            hit, used = self._name_at(text, words, i, strings)
            if hit is not None:
                hits.append(hit)
                i += used
            else:
                i += 1
        return hits

    def _name_at(
        self,
        text: str,
        words: Sequence[tuple[int, int, str]],
        i: int,
        strings: tuple[str, ...] | None = None,
    ) -> tuple[NameHit | None, int]:
        if strings is None:
            strings = tuple(w[2] for w in words)
        for alias_words, original in self.gazetteer.get(strings[i], ()):
            n = len(alias_words)
            if i + n > len(words) or strings[i : i + n] != alias_words:
                continue
            start, end = words[i][0], words[i + n - 1][1]
            if not _case_ok(original, text[start:end]):
                continue
            k = _key(original)
            ids = tuple(self.reg.by_alias.get(k, ()))
            return NameHit(start, end, ids, k in self.reg.seats), n
        return None, 1

    # -- descriptions --------------------------------------------------------------------
    def descriptions(self, folded: str) -> list[Description]:
        """Role and body phrases, each with the nationality or body it belongs to."""
        words = _words(folded)
        found = []
        for i, (_, _, w) in enumerate(words):
            for phrase_words, kind, name, phrase in self.phrases.get(w, ()):
                d = self._description(folded, words, i, phrase_words, kind, name, phrase)
                if d is not None:
                    found.append(d)
                    break
        return _non_overlapping(found)

    def _demonym(self, words: Sequence[tuple[int, int, str]], i: int) -> tuple[str | None, int]:
        """The country (or body) of a nationality adjective at word ``i``, and its length."""
        for n in range(self.demonym_words, 0, -1):
            if i + n <= len(words):
                of = self.reg.demonyms.get(" ".join(w[2] for w in words[i : i + n]))
                if of is not None:
                    return of, n
        return None, 0

    def _match(
        self, words: Sequence[tuple[int, int, str]], i: int, phrase: tuple[str, ...]
    ) -> tuple[int, str | None] | None:
        """Index after the phrase (allowing a nationality after its first word) and that
        nationality, or None."""
        inner, n_inner = self._demonym(words, i + 1) if len(phrase) > 1 else (None, 0)
        for skip, of in ((0, None), (n_inner, inner)) if n_inner else ((0, None),):
            j = i + 1 + skip
            rest = phrase[1:]
            if tuple(w[2] for w in words[j : j + len(rest)]) == rest:
                return j + len(rest), of
        return None

    def _description(
        self,
        folded: str,
        words: Sequence[tuple[int, int, str]],
        i: int,
        phrase: tuple[str, ...],
        kind: str,
        name: str,
        text: str,
    ) -> Description | None:
        matched = self._match(words, i, phrase)
        if matched is None:
            return None
        after, of = matched
        end = words[after - 1][1]
        if of is None:
            of, n = self._demonym(words, after)
            if of is not None:
                end = words[after + n - 1][1]
        tail_end = end
        if of is None:
            of, tail_end = self._complement(folded, end)
        allowed = self.restricted.get(text)
        if (allowed is not None and of not in allowed) or (kind == "body" and of is None):
            return None
        start = words[i][0]
        before = folded[max(0, start - 12) : start].split()
        definite = not (
            set(before[-1:]) & self.indefinite or " ".join(before[-2:]) in self.indefinite
        )
        return Description(start, end, kind, name, of, definite, tail_end)

    def _complement(self, folded: str, at: int) -> tuple[str | None, int]:
        """'… de la Maison Blanche', '… de l'ONU': the body a role belongs to."""
        m = _COMPLEMENT.match(folded, at)
        if not m:
            return None, at
        words = [(w.end(), w.group()) for w in _WORD.finditer(folded[m.end() : m.end() + 90])]
        for n in range(min(len(words), 7), 0, -1):
            k = " ".join(w for _, w in words[:n])
            target = self._target(k)
            if target is not None:
                return target, m.end() + words[n - 1][0]
        return None, at

    def _target(self, k: str) -> str | None:
        if k in self.reg.seats:
            return normalise_of(self.reg.seats[k][1])
        ids = self.reg.by_alias.get(k)
        if not ids:
            return None
        actor = self.reg.actors[ids[0]]
        return None if actor.type == "person" else normalise_of(actor.id)


@lru_cache(maxsize=64)
def _words(folded: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, word) of the words of a folded text (names and descriptions scan the
    same article's words)."""
    return tuple((m.start(), m.end(), m.group()) for m in _WORD.finditer(folded))


@lru_cache(maxsize=64)
def _strings(folded: str) -> tuple[str, ...]:
    """The words themselves (``_words``' third field), to compare slices at C speed."""
    return tuple(w for _s, _e, w in _words(folded))


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return key(name)


def normalise_of(actor_id: str) -> str:
    """'country:usa' and 'gov:usa' → 'usa' (how roles name a country); others unchanged."""
    for prefix in ("country:", "gov:"):
        if actor_id.startswith(prefix):
            return actor_id[len(prefix) :]
    return actor_id


def _non_overlapping(found: list[Description]) -> list[Description]:
    chosen: list[Description] = []
    for d in sorted(found, key=lambda d: (-(d.end - d.start), d.start)):
        if all(d.end <= c.start or d.start >= c.end for c in chosen):
            chosen.append(d)
    return sorted(chosen, key=lambda d: d.start)


def _case_ok(alias: str, found: str) -> bool:
    """Capitalised aliases need a capital in the text; acronyms need the exact case."""
    if alias.isupper() and len(alias) <= 6:
        return found == alias
    return not alias[:1].isupper() or found[:1].isupper()


def _gazetteer(reg: Registry) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First folded word → (alias words, alias as written), longest first.

    Single-word person names are left to NER: a bare "Austin" or "Sharon" is too often
    someone else; organisations, places and full names are safe to match literally.
    """
    table: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
    seen: set[tuple[str, ...]] = set()
    names = [(n, a.type) for a in reg.actors.values() for n in a.names()]
    names += [(alias, "government") for alias in _gov_aliases(reg)]
    names += [(seat, "place") for seat in _seat_names(reg)]
    for name, kind in names:
        words = tuple(key(name).split())
        if not words or len(words) > _MAX_ALIAS_WORDS or words in seen:
            continue
        if kind == "person" and len(words) < 2:
            continue
        seen.add(words)
        table[words[0]].append((words, name))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return dict(table)


def _gov_aliases(reg: Registry) -> list[str]:
    return [k for k, ids in reg.by_alias.items() if ids and ids[0].startswith("gov:")]


def _seat_names(reg: Registry) -> list[str]:
    return [reg.actors[pid].name for pid, _ in reg.seats.values()] + [
        a for pid, _ in reg.seats.values() for a in reg.actors[pid].aliases
    ]


@cache
def scanner(user_files: tuple[str, ...] = ()) -> Scanner:
    return Scanner(load_registry(user_files))
