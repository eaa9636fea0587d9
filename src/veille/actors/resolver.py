"""Resolve the mentions of one article to actors.

Order of evidence, strongest first:

1. the registry's names and aliases (exact, on folded text), person names completed
   in-document first ("M. Biden" → "Joe Biden");
2. descriptions: a role linked in the article to a named person ("le secrétaire d'État
   américain Antony Blinken" makes a later "le chef de la diplomatie américaine" Blinken),
   else the registry's office holder at the article's date; bodies ("l'armée israélienne")
   map to the country's derived actors; seats of power speak for their government when
   they are the subject or source of what is said;
3. fuzzy matching (rapidfuzz on transliteration skeletons) against registry persons that
   share the surname's first letters, never across types;
4. anything else named by NER gets a stable ``x:`` id from its skeleton, the same in
   every article and every run.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span, Token

from veille.actors.lexicon import lexicon
from veille.actors.registry import Actor, Registry, current_registry, user_files_from_env
from veille.actors.scanner import Description, NameHit, Scanner, normalise_of, scanner
from veille.actors.text import _fold_char, slug, strip_article
from veille.actors.text import key as _key
from veille.actors.text import skeleton as _skeleton
from veille.extractors.events import event_lexicon
from veille.extractors.names import DocumentNames, description_head, pronouns, strip_title
from veille.nlp import doc_text
from veille.records import ActorMention, Event, EventActor, Figure, Quote
from veille.resources import load_tsv, word_set

FUZZY_MIN = 88.0
NER_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place"}
_X_PREFIX = {"organization": "org", "government": "gov"}
_SUBJECT = {"nsubj", "nsubj:pass", "csubj"}
_ACRONYM = re.compile(r"\s*\(([A-Z]{2,8})\)")
_WORDS_BEFORE = re.compile(r"((?:[\w’'-]+\s+){0,7}[\w’'-]+)$")


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """``veille.actors.text.key``, remembered: the same names are keyed again and again
    (every entity against every person of the article, every article)."""
    return _key(text)


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """``veille.actors.text.skeleton``, remembered (registry names are compared again in
    every article)."""
    return _skeleton(text)


_FOLDED: dict[int, str] = {}


def fold_text(text: str) -> str:
    """``veille.actors.text.fold_keep`` (same result, character for character) through a
    translation table filled as characters are met, instead of a call per character."""
    missing = [c for c in set(text) if ord(c) not in _FOLDED]
    for c in missing:
        _FOLDED[ord(c)] = _fold_char(c)
    return text.translate(_FOLDED)


def article_day(date: str | None) -> str | None:
    """A day inside the article's period: '2023-11' → '2023-11-15', '2023' → '2023-07-01'."""
    if not date:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        return date
    if re.fullmatch(r"\d{4}-\d{2}", date):
        return date + "-15"
    if re.fullmatch(r"\d{4}", date):
        return date + "-07-01"
    return None


def x_id(name: str, kind: str) -> str:
    """Stable id for an actor not in the registry, typed so a place never merges a group."""
    base = slug(skeleton(name)) or slug(name)
    return f"x:{base}" if kind == "person" else f"x:{_X_PREFIX.get(kind, kind)}:{base}"


@dataclass(slots=True)
class Candidate:
    start: int
    end: int
    actor_id: str
    name: str
    type: str
    registered: bool
    seat_of: str | None = None  # the government, when this is a seat read as a place


@dataclass
class DocResolver:
    """Resolution state for one article."""

    doc: Doc
    reg: Registry
    scan: Scanner
    day: str | None
    names: DocumentNames = field(init=False)
    text: str = field(init=False)
    folded: str = field(init=False)
    candidates: list[Candidate] = field(default_factory=list)
    introduced: list[tuple[int, str, str | None, str]] = field(default_factory=list)
    _descriptions: list[Description] | None = field(default=None, init=False)
    _person_keys: list[tuple[str, str]] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.names = DocumentNames(self.doc)
        self.text = doc_text(self.doc)
        self.folded = fold_text(self.text)

    def descriptions(self) -> list[Description]:
        """The article's role and body phrases (scanned once)."""
        if self._descriptions is None:
            self._descriptions = self.scan.descriptions(self.folded)
        return self._descriptions

    def acronyms(self) -> dict[str, tuple[int, int, str]]:
        """Acronyms the article defines in brackets after their long form ("le Parquet
        national financier (PNF)"): acronym → (start, end, long form), for one actor."""
        found: dict[str, tuple[int, int, str]] = {}
        function_words = word_set(self.doc.lang_, "grammar", "function_words")
        for m in _ACRONYM.finditer(self.text):  # the brackets first: they are rare
            before = _WORDS_BEFORE.search(self.text, max(0, m.start() - 200), m.start())
            if before is None:
                continue
            acronym, words = m.group(1), before.group(1).split()
            for n in range(1, len(words) + 1):  # the shortest tail whose initials match
                tail = words[-n:]
                initials = "".join(w[0] for w in tail if key(w) not in function_words)
                if initials.upper() == acronym:
                    long_form = " ".join(tail)
                    found.setdefault(acronym, (m.start() - len(long_form), m.start(), long_form))
                    break
        return found

    # -- persons ---------------------------------------------------------------------
    def person(self, name: str) -> tuple[str, str, bool]:
        """(actor id, display name, registered) for a person's best in-document name."""
        found = self.reg.lookup(name, types=("person",))
        if found:
            return self._pick(found).id, self._pick(found).name, True
        words = key(name).split()
        actor = self._by_surname(words[0]) if len(words) == 1 else self._fuzzy(name)
        if actor is not None:
            return actor.id, actor.name, True
        return x_id(name, "person"), name, False

    def _pick(self, actors: list[Actor]) -> Actor:
        """Of several registry persons with the same name, the one in office at the date."""
        if len(actors) > 1 and self.day:
            active = [a for a in actors if any(r.holds_at(self.day) for r in a.roles)]
            if active:
                return active[0]
        return actors[0]

    def _by_surname(self, surname: str) -> Actor | None:
        """A bare surname means a registry person only if one of them was in office then:
        "M. Fischer" in a local story is not Joschka Fischer."""
        if not self.day:
            return None
        year = int(self.day[:4])
        window = (f"{year - 2}", f"{year + 2}")
        active = [
            self.reg.actors[i]
            for i in self.reg.surnames.get(surname, ())
            if any(_near(r.start, r.end, window) for r in self.reg.actors[i].roles)
        ]
        return self._pick(active) if len(active) >= 1 else None

    def _fuzzy(self, name: str) -> Actor | None:
        skel = skeleton(name)
        parts = skel.split()
        best: tuple[float, Actor | None] = (0.0, None)
        for actor_id in self.reg.blocks.get(parts[-1][:4], ()):
            actor = self.reg.actors[actor_id]
            for other in actor.names():
                other_skel = skeleton(other)
                if len(other_skel.split()) < 2 or other_skel[:1] != skel[:1]:
                    continue
                score = fuzz.ratio(skel, other_skel)
                if score > best[0]:
                    best = (score, actor)
        return best[1] if best[0] >= FUZZY_MIN else None

    # -- collecting mentions ---------------------------------------------------------------
    def collect(self) -> None:
        for ent in self.doc.ents:
            self._entity(ent)
        for hit in self.scan.names(self.text, self.folded):
            self._name_hit(hit)
        self._link_roles()
        for d in self.descriptions():
            self._description(d)
        self.candidates = _select(self.candidates)

    def _entity(self, ent: Span) -> None:
        kind = NER_TYPES.get(ent.label_)
        start, end = ent.start_char, ent.end_char
        ent_text = self.text[start:end]  # ent.text, without rebuilding it from tokens
        if kind != "person" and self._later_full_name(ent_text) != ent_text:
            kind = "person"  # NER's "Raffarin" (LOC) is the Jean-Pierre Raffarin named below
        if kind == "person":
            full = self._later_full_name(self.names.full_name(ent_text, end))
            actor_id, name, registered = self.person(full)
            self._add(start, end, actor_id, name, "person", registered)
            return
        text = strip_title(ent_text)
        k = strip_article(key(text))
        if not k or kind is None:
            return
        found = self.reg.by_alias.get(k)
        if found or k in self.reg.seats or k in self.reg.demonyms:
            return  # the gazetteer finds it (with the seat logic), or "les Américains"
        self._add(
            start,
            end,
            x_id(description_head(text), kind),
            description_head(text),
            kind,
            False,
        )

    def _later_full_name(self, name: str) -> str:
        """A headline's bare surname ("La mission de Raffarin") is introduced below it."""
        k = key(name)
        if len(k.split()) != 1:
            return name
        if self._person_keys is None:  # the article's persons, title off, and their keys
            fulls = [strip_title(text) for text in self.names.texts()]
            self._person_keys = [(full, key(full)) for full in fulls]
        for full, full_key in self._person_keys:
            if full_key.endswith(" " + k):
                return full
        return name

    def _name_hit(self, hit: NameHit) -> None:
        if hit.seat:
            place_id, gov_id = self.reg.seats[key(self.text[hit.start : hit.end])]
            actor_id = gov_id if self._speaks(hit.start, hit.end) else place_id
            seat_of = gov_id if actor_id == place_id else None
            self._add_actor(hit.start, hit.end, actor_id, seat_of)
            return
        if hit.ids:
            actors = [self.reg.actors[i] for i in hit.ids]
            self._add_actor(hit.start, hit.end, self._pick(actors).id)

    def _speaks(self, start: int, end: int) -> bool:
        """A seat of power stands for its government when it acts or speaks."""
        before = self.folded[max(0, start - 30) : start].split()
        lex = lexicon()
        if before and before[-1] in set(lex["locative"]):
            return False
        if before and (
            before[-1] in lex["source_cues"] or " ".join(before[-2:]) in lex["source_cues"]
        ):
            return True
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        return (
            root.dep_ in _SUBJECT
            or (root.dep_ in {"conj", "appos", "flat:name"} and root.head.dep_ in _SUBJECT)
            or _inverted_speaker(root)
            or self._role_complement(start)
        )

    def _role_complement(self, start: int) -> bool:
        """'le porte-parole de la Maison Blanche': the seat is whose spokesperson it is."""
        before = self.folded[max(0, start - 60) : start]
        return bool(
            re.search(
                r"(porte parole|conseiller|conseillere|chef|secretaire)"
                r"[a-z ]{0,40} (de la|de l|du|de)\s*$",
                before,
            )
        )

    def _add_actor(self, start: int, end: int, actor_id: str, seat_of: str | None = None) -> None:
        actor = self.reg.actors[actor_id]
        self.candidates.append(
            Candidate(start, end, actor.id, actor.name, actor.type, True, seat_of)
        )

    def _add(self, start: int, end: int, actor_id: str, name: str, kind: str, reg: bool) -> None:
        self.candidates.append(Candidate(start, end, actor_id, name, kind, reg))

    # -- descriptions -------------------------------------------------------------------------
    def _link_roles(self) -> None:
        """Roles written next to a person's name: who holds which office in this article."""
        persons = [c for c in self.candidates if c.type == "person"]
        for d in self.descriptions():
            if d.kind != "role":
                continue
            for c in persons:
                if _introduces(self.text, d, c):
                    self.introduced.append((d.start, d.name, d.of, c.actor_id))
                    break

    def role_holder(self, d: Description) -> str | None:
        """Who a role description means: the person the article gave that role (the latest
        before it), else the registry's office holder at the article's date."""
        for pos, role, of, actor_id in reversed(self.introduced):
            if pos <= d.start and role == d.name and self._same_of(of, d.of):
                return actor_id
        if not d.definite:
            return None
        roles = (d.name, *lexicon()["fallbacks"].get(d.name, ()))
        named = self._named_holder(d, roles)
        if named or d.of is None:
            return named
        for role in roles:
            holder = self.reg.holder(role, d.of, self.day)
            if holder:
                return holder
        return None

    def _named_holder(self, d: Description, roles: tuple[str, ...]) -> str | None:
        """A person named earlier in the article who held the role then: "Jacques Chirac
        … le chef de l'Etat" (the article need not write the role next to the name)."""
        if not self.day:
            return None
        day = self.day
        for c in sorted(self.candidates, key=lambda c: -c.start):
            actor = self.reg.get(c.actor_id) if c.start < d.start else None
            if actor is None or actor.type != "person":
                continue
            for r in actor.roles:
                if r.role in roles[:1] and r.holds_at(day) and self._same_of(r.of, d.of):
                    return actor.id
        return None

    def _same_of(self, a: str | None, b: str | None) -> bool:
        """Whether two role owners agree: equal, one unknown, or in the same country
        ("porte-parole du Conseil de sécurité nationale" is an American spokesperson)."""
        if a is None or b is None or a == b:
            return True
        return self._country(a) == self._country(b)

    def _country(self, of: str) -> str:
        return of if ":" not in of else (self.reg.country_of(of) or of)

    def body(self, d: Description) -> str | None:
        """The actor a body phrase names ("l'armée israélienne" → mil:isr)."""
        if d.of is None:
            return None
        country = d.of if ":" not in d.of else None
        if d.name == "military":
            return f"mil:{country}" if country and f"mil:{country}" in self.reg.actors else None
        if d.name.startswith("ministry_"):
            found = self.reg.ministries.get((d.name.removeprefix("ministry_"), d.of))
            if found:
                return found
        target = f"gov:{d.of}" if country or d.of.startswith("hamas") else d.of
        return target if target in self.reg.actors else None

    def _description(self, d: Description) -> None:
        actor_id = self.role_holder(d) if d.kind == "role" else self.body(d)
        if actor_id and actor_id in self.reg.actors:
            self._add_actor(d.start, d.end, actor_id)
        elif actor_id:
            c = next((c for c in self.candidates if c.actor_id == actor_id), None)
            if c:
                self._add(d.start, d.end, actor_id, c.name, c.type, c.registered)

    # -- speakers and sources ---------------------------------------------------------------
    def source_id(
        self, text: str | None, name: str | None, start: int | None, end: int | None
    ) -> str | None:
        """The actor of a quote speaker or figure source, or None for an unnamed one."""
        head = key(description_head(strip_title(text or "")))
        if _unnamed(head) or _unnamed(key(name or "")):
            return None
        if start is not None and end is not None and head not in pronouns():
            found = self._candidate_in(start, end)
            if found is not None:
                return found.seat_of or found.actor_id
        return self.name_id(name) if name else None

    def _candidate_in(self, start: int, end: int) -> Candidate | None:
        inside = [c for c in self.candidates if c.start < end and c.end > start]
        return min(inside, key=lambda c: c.start) if inside else None

    def name_id(self, name: str) -> str | None:
        """Resolve a name with no span: the registry, a description, a person's name."""
        k = strip_article(key(name))
        if k in self.reg.seats:
            return self.reg.seats[k][1]
        known = self.reg.by_alias.get(k)
        if known:
            return self._pick([self.reg.actors[i] for i in known]).id
        for d in self.scan.descriptions(fold_text(name)):
            found = self.role_holder(d) if d.kind == "role" else self.body(d)
            if found:
                return found
        same = [c for c in self.candidates if c.type == "person" and key(c.name) == key(name)]
        if same:
            return same[0].actor_id
        if name[:1].isupper() and len(k.split()) >= 2:
            return self.person(name)[0]
        return None


@cache
def _speech_verbs() -> frozenset[str]:
    return frozenset(r["lemma"] for r in load_tsv("fr", "speech_cues") if r["kind"] == "verb")


def _inverted_speaker(root: Token) -> bool:
    """'…, a précisé jeudi la Maison Blanche': the parser reads the inverted subject of a
    verb of saying as its object."""
    head = root.head
    return root.dep_ == "obj" and head.i < root.i and head.lemma_ in _speech_verbs()


def _introduces(text: str, d: Description, c: Candidate) -> bool:
    """A role right before a name ("le président américain Joe Biden") or in apposition
    after it ("John Kirby, porte-parole du …")."""
    if c.start >= d.tail_end:
        return re.fullmatch(r"[\s,]{0,3}", text[d.tail_end : c.start]) is not None
    if c.end <= d.start:
        gap = text[c.end : d.start]
        return re.fullmatch(r"\s*,\s*(?:l[ae]\s+|l['’]|un\s+|une\s+)?", gap) is not None
    return False


def _near(start: str, end: str, window: tuple[str, str]) -> bool:
    return (not start or start[:4] <= window[1]) and (not end or end[:4] >= window[0])


def _unnamed(head: str) -> bool:
    words = head.split()
    unnamed = lexicon()["unnamed"]
    return bool(words) and (words[0] in unnamed or " ".join(words[:2]) in unnamed)


def _select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest spans first, registry before ``x:``; an ``x:`` mention that overlaps a
    registry one is dropped (NER's "Conseil de sécurité nationale de la présidence
    américaine" is the registry's NSC plus words)."""
    registered = [c for c in candidates if c.registered]
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-(c.end - c.start), not c.registered, c.start)):
        if not c.registered and any(_overlap(c, r) for r in registered):
            continue
        if all(not _overlap(c, o) for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _overlap(a: Candidate, b: Candidate) -> bool:
    return a.start < b.end and b.start < a.end


def resolve_actors(
    doc: Doc,
    quotes: list[Quote],
    figures: list[Figure],
    *,
    date: str | None = None,
    events: list[Event] | None = None,
) -> list[ActorMention]:
    """Actors mentioned in ``doc``; sets ``actor_id`` on quote speakers, figure sources
    and (when given) event actors. ``date`` is the article's date (YYYY[-MM[-DD]]), for
    office holders ("le président américain" in 2023 vs 2025)."""
    resolver = DocResolver(
        doc, current_registry(), scanner(user_files_from_env()), article_day(date)
    )
    resolver.collect()
    extra: list[Candidate] = []
    for q in quotes:
        sp = q.speaker
        sp.actor_id = resolver.source_id(sp.text, sp.name, sp.start, sp.end)
        extra += _span_mention(resolver, sp.actor_id, sp.name, sp.start, sp.end)
    for f in figures:
        src = f.source
        src.actor_id = resolver.source_id(src.text, src.name, src.start, src.end)
        extra += _span_mention(resolver, src.actor_id, src.name, src.start, src.end)
    acronyms = resolver.acronyms()
    for e in events or []:
        for side in (e.sources, e.targets):
            for a in side:
                long_form = acronyms.get(strip_article(key(a.name or "")).upper()) or (
                    acronyms.get(strip_article(key(a.text or "")).upper())
                )
                if long_form is not None:  # "le PNF" after "le Parquet national financier (PNF)"
                    a.name = long_form[2]
                    a.actor_id = resolver.source_id(long_form[2], long_form[2], *long_form[:2])
                    continue
                owner = _owner(resolver, a)
                if owner is not None:  # "ont décliné sa dernière invitation"
                    a.actor_id, a.name = owner.actor_id, owner.name
                    continue
                a.actor_id = None
                if a.name and key(a.name) not in key(a.text or ""):
                    # "le directeur de cabinet de Paul Ferran, Jean Girier": the name the
                    # extractor read is who acts, not the names inside the words
                    a.actor_id = resolver.name_id(a.name)
                if a.actor_id is None:
                    a.actor_id = resolver.source_id(a.text, a.name, a.start, a.end)
                if a.actor_id is None and a.name and a.name != a.text:  # "le conseiller …, X"
                    a.actor_id = resolver.name_id(a.name)
                if a.actor_id is None and a.start is not None:  # "les rebelles", "son armée"
                    a.actor_id = _referred(resolver, a.text or "", a.start) or (
                        _referred(resolver, a.name, a.start) if a.name else None
                    )
                extra += _span_mention(resolver, a.actor_id, a.name, a.start, a.end)
        # An unresolved actor is kept by name ("les avocats de la défense", "les
        # journalistes"); the extractor gives no name to an object that names neither
        # people nor a body ("l'idée", "le cessez-le-feu"). Nobody is their own target.
        e.sources[:] = _first_each(a for a in e.sources if a.actor_id or a.name)
        own = {_actor_key(a) for a in e.sources}
        e.targets[:] = _first_each(
            a for a in e.targets if (a.actor_id or a.name) and _actor_key(a) not in own
        )
        e.settle_actors()
    if events:
        _event_anaphora(events)
        _context_targets(doc, events)
    return _mentions(resolver, resolver.candidates + extra)


def _owner(resolver: DocResolver, a: EventActor) -> Candidate | None:
    """For an actor given by a singular possessive determiner ("sa dernière invitation"),
    the person mentioned last before it."""
    if a.start is None or key(a.text or "") not in event_lexicon().owner_possessives:
        return None
    before = [c for c in resolver.candidates if c.type == "person" and c.end <= a.start]
    return max(before, key=lambda c: c.start) if before else None


def _referred(resolver: DocResolver, text: str, start: int) -> str | None:
    """The actor an unnamed description of an armed group or an army most likely stands
    for (``referring_nouns`` of ``events.yaml``): the closest registry group mentioned
    before ("les FARC… les rebelles exigent"), the army of the closest country ("Israël a
    juré… son armée mène"), the country of nationals ("les otages israéliens")."""
    determiners = word_set(resolver.doc.lang_, "grammar", "referring_determiners")
    words = [w for w in key(strip_article(key(text))).split() if w not in determiners]
    if not words:
        return None
    refers = event_lexicon().referring_nouns

    def referring(word: str) -> str | None:
        return refers.get(word) or refers.get(re.sub(r"[sx]$", "", word))

    kind = referring(words[0])
    at = 0
    if kind is None:  # "un avion américain", "trois otages israéliens": nationals only
        at = next((i for i, w in enumerate(words[1:3], 1) if referring(w) == "nationals"), 0)
        kind = referring(words[at]) if at else None
    if kind is None:
        return None
    if kind == "nationals":  # "les otages israéliens": coded as their country
        codes = [resolver.reg.demonyms[w] for w in words[at + 1 :] if w in resolver.reg.demonyms]
        country = f"country:{codes[0]}" if codes else None
        return country if country in resolver.reg.actors else None
    want = "country" if kind == "military" else kind
    kind_of = [c for c in resolver.candidates if c.registered and c.type == want]
    before = [c for c in kind_of if c.end <= start]
    if before:
        found = max(before, key=lambda c: c.start).actor_id
    elif start < _headline_end(resolver.doc) and kind_of:
        found = min(kind_of, key=lambda c: c.start).actor_id  # a headline names it later
    else:
        return None
    if kind == "military":
        army = f"mil:{found.split(':', 1)[1]}"
        return army if army in resolver.reg.actors else None
    return found


def _headline_end(doc: Doc) -> int:
    """End of the article's first line (its headline, when it has one)."""
    end = doc_text(doc).find("\n")
    return len(doc_text(doc)) if end < 0 else end


def _event_anaphora(events: list[Event]) -> None:
    """ "Israël pilonne Gaza… Ces frappes ont tué…": a source that points back to an event
    by its noun (a demonstrative and a noun of ``event_nouns.tsv``) is the source of the
    closest earlier event of that type, whose target it takes too when it has none."""
    lex = event_lexicon()
    ordered = sorted(events, key=lambda e: e.start)
    for i, e in enumerate(ordered):
        if len(e.sources) != 1 or e.sources[0].actor_id:
            continue
        words = key(e.sources[0].text or "").split()
        if len(words) < 2 or words[0] not in lex.demonstratives:
            continue
        noun = words[1]
        types = {f.type for f in lex.nouns.get(noun, lex.nouns.get(re.sub(r"s$", "", noun), ()))}
        earlier = next((b for b in reversed(ordered[:i]) if b.type in types and b.sources), None)
        if earlier is None:
            continue
        e.sources[:] = [_copy(a) for a in earlier.sources]
        if not e.targets:
            e.targets[:] = [_copy(a) for a in earlier.targets]
        e.settle_actors()


def _copy(a: EventActor) -> EventActor:
    return EventActor(a.start, a.end, a.text, a.name, a.actor_id)


def _context_targets(doc: Doc, events: list[Event]) -> None:
    """An event whose sentence names no target takes one from the sentences just before
    (``context_targets`` of ``events.yaml``): the other party of talks its source took
    part in ("Au cours de cet appel, Biden a demandé…"), or for an answer (a refusal, an
    acceptance) the source of the request that came before ("les rebelles exigent… Les
    autorités ont répondu qu'elles ne céderaient pas")."""
    rules = event_lexicon().context
    if not rules.sentences:
        return
    starts = [s.start_char for s in doc.sents]

    def sentence(offset: int | None) -> int:
        return bisect_right(starts, offset or 0) - 1

    ordered = sorted(events, key=lambda e: e.start)
    for i, e in enumerate(ordered):
        if e.targets or not e.sources:
            continue
        here = sentence(e.start)
        own = {_actor_key(a) for a in e.sources}
        before = [
            b
            for b in reversed(ordered[:i])
            if here - sentence(b.start) <= rules.sentences and (b.sources or b.targets)
        ]
        found: list[EventActor] = []
        if e.type in rules.talk_types:
            for b in before:
                parties = [*b.sources, *b.targets]
                if b.type in rules.talks and own & {_actor_key(a) for a in parties}:
                    found = [a for a in parties if _actor_key(a) not in own]
                    break
        answer = e.type in (rules.negated_answer_types if e.negated else rules.answer_types)
        if not found and answer:
            for b in before:
                if b.type in rules.requests and not own & {_actor_key(a) for a in b.sources}:
                    found = list(b.sources)
                    break
        if found:
            e.targets[:] = [_copy(a) for a in _first_each(found)]
            e.settle_actors()


def _actor_key(a: EventActor) -> str:
    return a.actor_id or (a.name or "").lower()


def _first_each(actors: Iterable[EventActor]) -> list[EventActor]:
    seen: set[str] = set()
    out = []
    for a in actors:
        k = _actor_key(a)
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


def _span_mention(
    resolver: DocResolver,
    actor_id: str | None,
    name: str | None,
    start: int | None,
    end: int | None,
) -> list[Candidate]:
    """A speaker or source span (a pronoun, a description) becomes a mention of its actor."""
    if actor_id is None or start is None or end is None:
        return []
    if any(c.start < end and c.end > start for c in resolver.candidates):
        return []
    actor = resolver.reg.get(actor_id)
    display = actor.name if actor else (name or actor_id)
    kind = actor.type if actor else "person"
    return [Candidate(start, end, actor_id, display, kind, actor is not None)]


def _mentions(resolver: DocResolver, candidates: list[Candidate]) -> list[ActorMention]:
    actors: dict[str, ActorMention] = {}
    for c in sorted(candidates, key=lambda c: c.start):
        actor = resolver.reg.get(c.actor_id)
        name = actor.name if actor else c.name
        kind = actor.type if actor else c.type
        mention = actors.setdefault(c.actor_id, ActorMention(c.actor_id, name, kind, []))
        mention.mentions.append((c.start, c.end))
    return list(actors.values())


__all__ = ["DocResolver", "normalise_of", "resolve_actors", "x_id"]
