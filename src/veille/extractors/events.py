"""Political events (PLOVER types) read from verb frames in the dependency parse.

An event is coded from a *frame*, never from a bare verb: the lemma, plus what it must
govern ("appeler à" is a request, "appeler quelqu'un" a phone call; "opposer une fin de
non-recevoir" a rejection). Frames, modes and the words that negate, postpone or make an
event hypothetical live in ``data/<lang>/event_frames.tsv`` and ``data/<lang>/events.yaml``.

Source and target are read from the frame's subject and the dependent the frame names
(``avec`` for "s'entretenir avec X"), with conjoined actors kept as lists and passives
turned around. Names are resolved in the document here (pronouns, roles); the actors
stage later maps them to registry ids. An event verb inside the complement of another
event verb ("a refusé de rencontrer", "a appelé Israël à autoriser") is not an event of
its own: the governing verb's event says what happened. Verbs inside direct quotes are
left out: what a speaker says will happen is a quote, not an event.

Events named by a noun ("les entretiens entre X et Y", "l'arrestation de X par la
police") come from the noun frames of ``data/<lang>/event_nouns.tsv``, with their actors
read from the noun phrase; a noun an event verb governs is that verb's event. A target
headed by a common noun is named only if the noun names people or a body
(``actor_nouns`` of ``events.yaml``, the people nouns of ``roles.yaml``).

A target the sentence does not name may come from the article (``events.yaml``): the
owner of a possessive object ("a décliné sa dernière invitation"), the person the story
is about for investigations and complaints (``story_targets``); after resolution the
actors stage adds the other party of earlier talks or the author of the request an
answer replies to (``context_targets``), and maps descriptions ("les rebelles", "son
armée", "les otages israéliens") to actors (``referring_nouns``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille.extractors.dates import Timex, doc_timexes
from veille.extractors.marks import find_quoted_spans
from veille.extractors.names import (
    DocumentNames,
    description_head,
    fold,
    pronouns,
    strip_title,
)
from veille.extractors.speakers import complement_of
from veille.nlp import doc_text
from veille.records import Event, EventActor
from veille.resources import load_tsv, load_yaml

_SUBJECTS = {"nsubj", "nsubj:pass", "expl:subj"}
_COMPLEMENTS = {"xcomp", "ccomp", "acl", "obl:arg", "obj"}
_CLITICS = {"se", "s'", "s’"}
_DEMONSTRATIVES = {"ce", "cela", "ceci", "ça"}  # "s'opposer à ce que…": not an actor
_PREP_ALIASES = {"au": "à", "aux": "à", "du": "de", "des": "de", "d'": "de", "d’": "de"}
_NOMINAL = {"NOUN", "PROPN", "PRON"}
_MAX_ACTOR_TOKENS = 14
_CUT = {",", "(", ")", ";", ":", "«", "»", '"', "“", "”", "qui", "que", "qu'", "dont"}


@dataclass(frozen=True, slots=True)
class Requirement:
    """What a frame needs the verb to govern: ``obj`` or a preposition, optionally with
    one of ``lemmas``; ``inf`` an infinitive; ``que`` a finite clause."""

    kind: str
    lemmas: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class EventFrame:
    lemma: str
    reflexive: bool
    requires: tuple[Requirement, ...]
    type: str
    mode: str | None
    target: str | None


@dataclass(frozen=True, slots=True)
class NounFrame:
    """An event read from a noun (``data/<lang>/event_nouns.tsv``): where its agent and
    patient are, tried in order (a preposition, ``poss``, ``entre``)."""

    noun: str
    requires: tuple[Requirement, ...]
    type: str
    mode: str | None
    source: tuple[str, ...]
    target: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ContextRules:
    """Where an event with no target in its sentence finds one in the sentences before
    (``context_targets`` of ``events.yaml``): up to ``sentences`` back, an event of
    ``talk_types`` whose source took part in talks (``talks``) addresses the other party;
    an answer (``answer_types``, or ``negated_answer_types`` negated: "ne céderont pas")
    addresses the source of the closest request (``requests``)."""

    sentences: int = 0
    talk_types: frozenset[str] = frozenset()
    talks: frozenset[str] = frozenset()
    answer_types: frozenset[str] = frozenset()
    negated_answer_types: frozenset[str] = frozenset()
    requests: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class EventLexicon:
    frames: dict[tuple[str, bool], tuple[EventFrame, ...]]
    nouns: dict[str, tuple[NounFrame, ...]]
    negation: frozenset[str]
    future_heads: frozenset[str]
    hypothetical_heads: frozenset[str]
    conditional_marks: frozenset[str]
    blocking_heads: frozenset[str]
    modes: dict[str, dict[str, frozenset[str]]]
    actor_nouns: frozenset[str]
    context: ContextRules = ContextRules()
    compound_preps: dict[str, str] = field(default_factory=dict)
    referring_nouns: dict[str, str] = field(default_factory=dict)
    story_targets: frozenset[str] = frozenset()
    owner_possessives: frozenset[str] = frozenset()
    demonstratives: frozenset[str] = frozenset()


def _requirement(spec: str) -> Requirement:
    kind, _, lemmas = spec.partition("=")
    return Requirement(kind.strip(), frozenset(w for w in lemmas.split("|") if w))


@cache
def event_lexicon(lang: str = "fr") -> EventLexicon:
    frames: dict[tuple[str, bool], list[EventFrame]] = {}
    for row in load_tsv(lang, "event_frames"):
        lemma = row["lemma"].strip()
        reflexive = lemma.startswith(("se ", "s'", "s’"))
        if reflexive:
            lemma = lemma[3:] if lemma.startswith("se ") else lemma[2:]
        reqs = row["requires"].strip()
        frame = EventFrame(
            lemma=lemma,
            reflexive=reflexive,
            requires=tuple(_requirement(r) for r in reqs.split(",")) if reqs != "-" else (),
            type=row["type"].strip(),
            mode=None if row["mode"].strip() == "-" else row["mode"].strip(),
            target=None if row["target"].strip() == "-" else row["target"].strip(),
        )
        frames.setdefault((lemma, reflexive), []).append(frame)
    data = load_yaml(lang, "events")

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in data.get(key, []))

    return EventLexicon(
        frames={k: tuple(v) for k, v in frames.items()},
        nouns=_noun_frames(lang),
        negation=words("negation"),
        future_heads=words("future_heads"),
        hypothetical_heads=words("hypothetical_heads"),
        conditional_marks=words("conditional_marks"),
        blocking_heads=words("blocking_heads"),
        modes={
            t: {m: frozenset(str(w).lower() for w in ws) for m, ws in by_mode.items()}
            for t, by_mode in data.get("modes", {}).items()
        },
        actor_nouns=_actor_nouns(lang, data),
        context=_context_rules(data.get("context_targets") or {}),
        compound_preps={
            str(k).lower(): str(v).lower()
            for k, v in (data.get("compound_prepositions") or {}).items()
        },
        story_targets=words("story_targets"),
        owner_possessives=words("owner_possessives"),
        demonstratives=words("demonstratives"),
        referring_nouns={
            fold(str(w)): kind
            for kind, ws in (data.get("referring_nouns") or {}).items()
            for w in ws
        },
    )


def _context_rules(data: dict[str, Any]) -> ContextRules:
    def types(key: str) -> frozenset[str]:
        return frozenset(str(t).upper() for t in data.get(key, []))

    return ContextRules(
        sentences=int(data.get("sentences", 0)),
        talk_types=types("talk_types"),
        talks=types("talks"),
        answer_types=types("answer_types"),
        negated_answer_types=types("negated_answer_types"),
        requests=types("requests"),
    )


def _noun_frames(lang: str) -> dict[str, tuple[NounFrame, ...]]:
    def places(spec: str) -> tuple[str, ...]:
        return tuple(p for p in spec.strip().split("|") if p and p != "-")

    nouns: dict[str, list[NounFrame]] = {}
    for row in load_tsv(lang, "event_nouns"):
        reqs = row["requires"].strip()
        frame = NounFrame(
            noun=row["noun"].strip(),
            requires=tuple(_requirement(r) for r in reqs.split(",")) if reqs != "-" else (),
            type=row["type"].strip(),
            mode=None if row["mode"].strip() == "-" else row["mode"].strip(),
            source=places(row["source"]),
            target=places(row["target"]),
        )
        nouns.setdefault(frame.noun, []).append(frame)
    return {k: tuple(v) for k, v in nouns.items()}


def _actor_nouns(lang: str, data: dict[str, Any]) -> frozenset[str]:
    """Folded singular nouns that name people or bodies: ``events.yaml``'s ``actor_nouns``
    and the role heads and nouns for people of ``roles.yaml``."""
    roles = load_yaml(lang, "roles")
    words = [*data.get("actor_nouns", []), *roles.get("heads", []), *roles.get("people", [])]
    return frozenset(fold(str(w)) for w in words)


class EventExtractor:
    """Finds events in a parsed document. Stateless between documents."""

    def __init__(self, lang: str = "fr") -> None:
        self.lang = lang
        self.lex = event_lexicon(lang)
        self.event_lemmas = frozenset(lemma for lemma, _r in self.lex.frames)

    def __call__(self, doc: Doc) -> list[Event]:
        text = doc_text(doc)
        quoted = [(s.open, s.close) for s in find_quoted_spans(text, self.lang)]
        names = DocumentNames(doc)
        timexes = [
            t
            for t in doc_timexes(doc, doc.user_data.get("date"), self.lang)
            if t.type in {"DATE", "TIME"} and t.value
        ]
        events: list[Event] = []
        for sent in doc.sents:
            for tok in sent:
                if _inside(tok.idx, quoted):
                    continue
                if tok.pos_ == "NOUN":
                    noun_event = self._noun_event(doc, sent, tok, names, timexes)
                    if noun_event is not None:
                        events.append(noun_event)
                    continue
                if tok.pos_ not in {"VERB", "AUX"}:
                    continue
                found = self._match(tok)
                if found is None or self._governed_by_event(tok):
                    continue
                event = self._event(doc, sent, tok, found, names, timexes)
                # "X a été mis en examen": the actor acted on is named, not who acted;
                # "1.400 personnes ont été tuées": nobody is named
                if event.sources or (_passive(tok) and event.targets):
                    events.append(event)
        return events

    # -- frames -------------------------------------------------------------------------
    def _match(self, verb: Token) -> EventFrame | None:
        reflexive = any(c.dep_.startswith("expl") and c.lower_ in _CLITICS for c in verb.children)
        bare = _participle_of(verb) is not None and not _has_complement(verb)
        for lemma in _lemmas(verb):
            for frame in self.lex.frames.get((lemma, reflexive), ()):
                if bare and not frame.requires:  # "des textes signés par X": no event
                    continue
                if all(_satisfied(verb, r) for r in frame.requires):
                    return frame
        return None

    def _governed_by_event(self, verb: Token) -> bool:
        """'a refusé de rencontrer', 'a exhorté Israël à autoriser', 's'opposent à ce
        qu'Israël lance': the governing verb's frame is the event."""
        if _participle_of(verb) is not None or _gerund(verb):  # adjuncts, not complements
            return False
        head = verb
        for _ in range(3):
            that_clause = head.dep_ == "acl:relcl" and head.head.lower_ == "ce"  # "à ce que"
            if (head.dep_ not in _COMPLEMENTS and not that_clause) or head.head == head:
                return False
            head = head.head
            if head.lemma_.lower() in self.lex.blocking_heads or self._match(head) is not None:
                return True
        return False

    # -- one event ------------------------------------------------------------------------
    def _event(
        self,
        doc: Doc,
        sent: Span,
        verb: Token,
        frame: EventFrame,
        names: DocumentNames,
        timexes: list[Timex],
    ) -> Event:
        passive = _passive(verb)
        subject = _subject(verb)
        if passive:
            agent = next((c for c in verb.children if c.dep_ == "obl:agent"), None)
            sources = _with_conjuncts(agent) if agent is not None else []
            targets = _with_conjuncts(subject) if subject is not None else []
            if frame.target not in {None, "obj"}:  # "une enquête est ouverte contre X"
                found = _target(verb, frame.target, self.lex.compound_preps)
                targets = _with_conjuncts(found) if found is not None else targets
        else:
            sources = _with_conjuncts(subject) if subject is not None else []
            found = _target(verb, frame.target, self.lex.compound_preps)
            if found is None and frame.target is not None:  # the parser's other readings
                found = _target(verb, "iobj") or _target(verb, "auprès|avec|contre")
            if found is None and frame.target is not None:  # "s'opposent à ce qu'Israël lance"
                found = _clause_subject(verb)
            targets = _with_conjuncts(found)
        start, end = _trigger(verb, frame)
        found_targets = [self._actor(doc, t, names, target=True) for t in targets]
        owner = (
            _possessive_object(verb, self.lex.owner_possessives)
            if frame.target == "obj" and not passive
            else None
        )
        if not any(a.name for a in found_targets) and owner is not None:
            # "ont décliné sa dernière invitation": who invited, the last person named
            person = names.last_person_before(sent.start_char)
            found_targets = [EventActor(owner.idx, owner.idx + len(owner.text), owner.text, person)]
        if not any(a.name for a in found_targets) and frame.lemma in self.lex.story_targets:
            # "Le parquet a ouvert une enquête.": about the person the story is about
            person = names.salient_person(sent.start_char, [])
            found_targets = _mentioned_before(doc_text(doc), person, sent.start_char)
        return Event(
            type=frame.type,
            start=start,
            end=end,
            mode=frame.mode or self._mode(verb, frame.type),
            negated=self._negated(verb),
            verb=_frame_name(frame),
            text=doc_text(doc)[start:end],
            date=_date_of(verb, timexes),
            future=self._future(verb),
            hypothetical=self._hypothetical(verb),
            evidence_start=sent.start_char,
            evidence_end=sent.end_char,
            sources=_unique([self._actor(doc, t, names) for t in sources]),
            targets=_unique(found_targets),
        )

    # -- events named by a noun ----------------------------------------------------------
    def _noun_frame(self, noun: Token) -> NounFrame | None:
        forms = {noun.lemma_.lower(), noun.lower_}
        # "a eu un entretien avec X": the parser often hangs the noun's complement on the verb
        verb = noun.head if noun.dep_ == "obj" else noun
        for form in forms:
            for frame in self.lex.nouns.get(form, ()):
                if all(_satisfied(noun, r) or _satisfied(verb, r) for r in frame.requires):
                    return frame
        return None

    def _noun_event(
        self, doc: Doc, sent: Span, noun: Token, names: DocumentNames, timexes: list[Timex]
    ) -> Event | None:
        """'les entretiens entre X et Y', 'l'arrestation de X par la police': an event
        with an actor named in the noun phrase, unless an event verb governs the noun."""
        frame = self._noun_frame(noun)
        if frame is None or self._governing_event(noun):
            return None
        sources = _noun_actors(noun, frame.source, [])
        joint = any(_prep(c) == "entre" for c in noun.children) and "entre" in frame.source
        targets = [] if joint else _noun_actors(noun, frame.target, sources)
        targets = [t for t in targets if t not in sources]
        found = [
            self._actor(doc, t, names, target=True, stop=_first_of(targets, t)) for t in sources
        ] + [self._actor(doc, t, names, target=True) for t in targets]
        if not any(a.name for a in found):
            return None
        verb = _finite_governor(noun) or noun
        start, end = noun.idx, noun.idx + len(noun.text)
        return Event(
            type=frame.type,
            start=start,
            end=end,
            mode=frame.mode or self._mode(noun, frame.type),
            negated=False,
            verb=frame.noun,
            text=doc_text(doc)[start:end],
            date=_date_of(verb, timexes),
            evidence_start=sent.start_char,
            evidence_end=sent.end_char,
            sources=_unique([a for a in found[: len(sources)] if a.name]),
            targets=_unique([a for a in found[len(sources) :] if a.name]),
        )

    def _governing_event(self, noun: Token) -> bool:
        """The noun is the object or complement of a verb that has an event frame ("a
        lancé une attaque", "exigent le retrait", "appelle à des négociations")."""
        head = noun
        for _ in range(2):
            if head.head == head:
                return False
            head = head.head
            if head.pos_ in {"VERB", "AUX"}:
                return self._match(head) is not None or (
                    head.lemma_.lower() in self.lex.blocking_heads
                )
        return False

    def _mode(self, verb: Token, type_: str) -> str | None:
        words = {t.lower_ for t in verb.subtree} | {t.lemma_.lower() for t in verb.subtree}
        for mode, cues in self.lex.modes.get(type_, {}).items():
            if words & cues:
                return mode
        return None

    def _negated(self, verb: Token) -> bool:
        chain = [verb, *(h for h in _heads(verb) if h.dep_ in {"xcomp"})]
        if verb.dep_ == "cop":
            chain.append(verb.head)
        for v in [verb, *[c for c in verb.children if c.dep_.startswith("aux")]]:
            chain.append(v)
        has_ne = any(c.lower_ in {"ne", "n'", "n’"} for v in chain for c in v.children)
        neg = any(c.lower_ in self.lex.negation for v in chain for c in v.children)
        return has_ne and neg

    def _future(self, verb: Token) -> bool:
        if "Fut" in verb.morph.get("Tense", []) or any(
            "Fut" in c.morph.get("Tense", []) for c in verb.children if c.dep_.startswith("aux")
        ):
            return True
        return any(h.lemma_.lower() in self.lex.future_heads for h in _heads(verb))

    def _hypothetical(self, verb: Token) -> bool:
        tokens = [verb, *(c for c in verb.children if c.dep_.startswith("aux")), *_heads(verb)]
        if any("Cnd" in t.morph.get("Mood", []) for t in tokens):
            return True
        if any(h.lemma_.lower() in self.lex.hypothetical_heads for h in _heads(verb)):
            return True
        return any(
            c.dep_ == "mark" and c.lower_ in self.lex.conditional_marks for c in verb.children
        )

    def _actor(
        self,
        doc: Doc,
        tok: Token,
        names: DocumentNames,
        target: bool = False,
        stop: int | None = None,
    ) -> EventActor:
        """The actor ``tok`` names (its words end before token ``stop``). A target that is
        a common noun naming neither people nor a body ("l'idée", "le cessez-le-feu") gets
        no name: the actors stage keeps it only if the registry knows its words."""
        start, end = _extent(doc, tok, stop, frozenset(self.lex.compound_preps))
        mention = doc_text(doc)[start:end]
        name = self._name(doc, tok, mention, start, names)
        if target and name is not None and not self._actor_like(doc, tok, start, end):
            name = None
        return EventActor(start, end, mention, name)

    def _actor_like(self, doc: Doc, tok: Token, start: int, end: int) -> bool:
        """A proper noun, a name the NER found, a pronoun, or a noun for people or bodies
        ("les journalistes", "les parties concernées", "les Tchèques")."""
        if any(c.isdigit() for c in tok.text):  # "à 01h03"
            return False
        if tok.pos_ in {"PROPN", "PRON"} or tok.text[:1].isupper():
            return True
        if any(start <= e.start_char < end for e in doc.ents if e.label_ in {"PER", "ORG"}):
            return True
        forms = {fold(tok.lemma_), fold(tok.text)}
        if "Plur" in tok.morph.get("Number", []):
            forms |= {re.sub(r"[sx]$", "", w) for w in forms}
        return bool(forms & self.lex.actor_nouns)

    def _name(
        self, doc: Doc, tok: Token, mention: str, start: int, names: DocumentNames
    ) -> str | None:
        bare = mention.lower().lstrip("-")
        if tok.pos_ == "PRON":
            antecedent = _antecedent(tok)
            if antecedent is not None:
                a_start, a_end = _extent(doc, antecedent)
                return self._name(doc, antecedent, doc_text(doc)[a_start:a_end], a_start, names)
            if bare in pronouns(self.lang) and "Plur" not in tok.morph.get("Number", []):
                return names.salient_person(start, [])
            return None
        end = start + len(mention)
        named = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if named and tok.pos_ == "NOUN" and doc[named[0].i - 1].text == ",":
            # "la ministre kessarienne des Affaires étrangères, Joséphine Kalvani", "le
            # directeur de cabinet de Paul Ferran, Jean Girier": the apposed name first
            return names.full_name(_name_words(named[0]), start)
        inner = [
            e
            for e in doc.ents
            if e.label_ == "PER" and start <= e.start_char < end and not complement_of(e, tok)
        ]  # "l'auteur du programme de Lionel Jospin" is not Jospin
        if inner:
            return names.full_name(inner[-1].text, end)
        if tok.pos_ == "PROPN" or strip_title(mention, self.lang) != mention:
            return names.full_name(mention, start)
        if named:  # "le député Paul Ferran"
            return names.full_name(_name_words(named[0]), start)
        after = [e for e in doc.ents if e.label_ == "PER" and 0 < e.start_char - end <= 3]
        if after and doc_text(doc)[end : after[0].start_char].strip() == ",":
            return names.full_name(after[0].text, after[0].end_char)  # "le conseiller …, J. S."
        described = names.person_with_role(mention, start, self.lang)
        if described and not _named_later(tok, end, described):
            return described
        head = description_head(mention)  # "Plusieurs centaines de personnes": not a name
        return head[:1].lower() + head[1:] if tok.text[:1].islower() else head


def _possessive_object(verb: Token, possessives: frozenset[str]) -> Token | None:
    """The possessive determiner (of ``possessives``) of the verb's object ("sa dernière
    invitation", "son appel"): its owner is whom the event answers."""
    for c in _dependents(verb):
        if c.dep_ != "obj" or c.pos_ != "NOUN":
            continue
        for d in c.children:
            if d.dep_ == "det" and d.lower_ in possessives:
                return d
    return None


def _named_later(tok: Token, end: int, name: str) -> bool:
    """``name`` is that of a person the sentence names further on, past the words of
    ``tok``: another actor of the clause ("le juge a condamné Paul Ferran" is not Paul
    Ferran's role)."""
    last = name.split()[-1]
    return any(
        e.label_ == "PER" and e.start_char > end + 3 and last in e.text
        for e in tok.doc.ents
        if tok.sent.start_char <= e.start_char < tok.sent.end_char
    )


def _named_noun(noun: Token) -> Token:
    """The proper noun a role is apposed to ("c'est Paul Ferran, ancien ministre, qui est
    mis en examen": Paul Ferran), else the noun."""
    return noun.head if noun.dep_ == "appos" and noun.head.pos_ == "PROPN" else noun


def _name_words(name: Token) -> str:
    """A proper noun with the rest of its name ("Joséphine" + "Kalvani")."""
    parts = [name, *(c for c in name.children if c.dep_ == "flat:name")]
    last = max(parts, key=lambda t: t.i)
    return doc_text(name.doc)[name.idx : last.idx + len(last.text)]


def _antecedent(pron: Token, sentences: int = 3, depth: int = 0) -> Token | None:
    """What a pronoun most likely stands for. A relative pronoun: the noun its clause
    modifies. "y": the closest earlier place ("à Gaza"). A subject pronoun: the closest
    earlier subject (this sentence, then the previous ones) that agrees in number and
    gender, through earlier pronouns of the same chain ("Elle appelle… Elle soutient…")."""
    if "Rel" in pron.morph.get("PronType", []) and pron.head.dep_.startswith(("acl", "dep")):
        noun = pron.head.head
        return _named_noun(noun) if noun.pos_ in {"NOUN", "PROPN"} else None
    window = _window(pron, sentences)
    if pron.lower_ == "y":
        return next((t for t in reversed(window) if _place_complement(t)), None)
    if pron.dep_ not in _SUBJECTS:
        return None
    number = pron.morph.get("Number", [])
    gender = pron.morph.get("Gender", [])
    for tok in reversed(window):
        if tok.dep_ not in _SUBJECTS or tok.pos_ not in _NOMINAL:
            continue
        if tok.pos_ == "PRON" and (tok.lower_ not in _PERSONAL or depth >= 3):
            continue
        n = tok.morph.get("Number", []) or ["Sing"]
        g = tok.morph.get("Gender", [])
        if number and number != n:
            continue
        if gender and g and gender != g:
            continue
        if tok.pos_ == "PRON":
            return _antecedent(tok, sentences, depth + 1)
        return tok
    return None


_PERSONAL = {"il", "elle", "ils", "elles"}


def _window(tok: Token, sentences: int) -> Span:
    """The tokens before ``tok`` in its sentence and the ``sentences`` before it."""
    doc = tok.doc
    first = tok.sent.start
    for _ in range(sentences):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    return doc[first : tok.i]


def _place_complement(tok: Token) -> bool:
    """A proper noun introduced by a preposition of place ("à Gaza", "en Israël")."""
    return (
        tok.pos_ == "PROPN"
        and tok.dep_.startswith(("obl", "nmod"))
        and any(c.dep_ == "case" and c.lower_ in _PLACE_PREPS for c in tok.children)
    )


_PLACE_PREPS = {"à", "en", "au", "aux", "dans", "vers"}


def _lemmas(verb: Token) -> list[str]:
    """The parser's lemma, and the first-group infinitive when the lemmatizer left a
    present-tense form as it is ("il rencontre")."""
    lemma = verb.lemma_.lower()
    out = [lemma]
    if lemma == verb.lower_:
        guess = re.sub(r"(?:ent|es|e|ons|ez)$", "er", lemma)
        if guess != lemma:
            out.append(guess)
    return out


def _unique(actors: list[EventActor]) -> list[EventActor]:
    seen: set[str] = set()
    out = []
    for a in actors:
        k = (a.name or a.text or "").lower()
        if k not in seen:
            seen.add(k)
            out.append(a)
    return out


def _passive(verb: Token) -> bool:
    """A passive verb, or a past participle modifying a noun ("les otages détenus par
    X") or with an agent ("requis par le procureur")."""
    if any(c.dep_ in {"aux:pass", "nsubj:pass", "obl:agent"} for c in verb.children):
        return True
    return _participle_of(verb) == "Past"


def _participle_of(verb: Token) -> str | None:
    """ "Past" or "Pres" for a participle that modifies a noun ("les otages détenus", "une
    résolution exigeant"), else None: the noun is its patient or its agent."""
    if verb.dep_ != "acl" or verb.head.pos_ not in _NOMINAL:
        return None
    if "Part" not in verb.morph.get("VerbForm", []):
        return None
    if any(c.dep_.startswith("aux") for c in verb.children):
        return None
    tense = verb.morph.get("Tense", [])
    return tense[0] if tense and tense[0] in {"Past", "Pres"} else None


def _prep(tok: Token) -> str | None:
    """The preposition (case or mark) introducing a dependent, normalised (au → à)."""
    for c in tok.children:
        if c.dep_ in {"case", "mark"} and c.i < tok.i:
            word = c.lower_
            return _PREP_ALIASES.get(word, word)
    return None


def _dependents(verb: Token) -> list[Token]:
    """The verb's dependents; for a copula ("sont en grève"), the predicate and its
    dependents."""
    if verb.dep_ == "cop":
        pred = verb.head
        return [pred] + [c for c in _dependents(pred) if c != verb and c.dep_ not in _SUBJECTS]
    return [c for c in verb.children if c.dep_ not in {"punct", "cc", "aux", "aux:pass"}]


def _satisfied(verb: Token, req: Requirement) -> bool:
    kids = _dependents(verb)
    if req.kind == "obj":
        objs = [c for c in kids if c.dep_ in {"obj", "nsubj:pass"}]
        if _participle_of(verb) == "Past":  # "les otages détenus": the noun is the object
            objs.append(verb.head)
        if not req.lemmas:
            return bool(objs)
        return any(_lemma_in(o, req.lemmas) for o in objs)
    if req.kind == "amod":
        return any(c.dep_ == "amod" and _lemma_in(c, req.lemmas) for c in kids)
    if req.kind == "inf":
        return any(c.dep_ == "xcomp" and "Inf" in c.morph.get("VerbForm", []) for c in kids)
    if req.kind == "que":
        return any(
            c.dep_ == "ccomp" and any(m.lower_ in {"que", "qu'", "qu’"} for m in c.children)
            for c in kids
        )
    found = [c for c in kids if _prep(c) == req.kind]
    # the parser often hangs the complement on the object ("a appelé les deux pays à une
    # trêve"): count it as the verb's
    found += [
        n
        for o in kids
        if o.dep_ == "obj"
        for n in o.children
        if n.dep_ == "nmod" and _prep(n) == req.kind
    ]
    if req.kind == "à":  # dative clitics and iobj count as "à X"
        found += [c for c in kids if c.dep_ == "iobj" and c not in found]
    if not req.lemmas:
        return bool(found)
    return any(_lemma_in(c, req.lemmas) for c in found)


def _lemma_in(tok: Token, lemmas: frozenset[str]) -> bool:
    """The word or, for "une fin de non-recevoir", the head plus its complement."""
    if tok.lemma_.lower() in lemmas or tok.lower_ in lemmas:
        return True
    return any(c.dep_ in {"compound", "flat", "fixed"} and c.lower_ in lemmas for c in tok.children)


def _noun_actors(noun: Token, places: tuple[str, ...], also: list[Token]) -> list[Token]:
    """The actors of an event noun at the first of ``places`` that names one: a
    preposition's complement ("de", "par", "contre", "entre"); "poss", a possessive
    determiner's owner, the subject of the clause ("X a poursuivi ses entretiens");
    "subj", the subject of the verb the noun is the object of ("X a eu un entretien");
    "clause", the subject of the clause the noun is an adjunct of ("X s'exprimait à
    l'issue d'entretiens avec Y").
    ``also``: more heads whose complements count (the parser's attachment varies)."""
    verb = noun.head if noun.dep_ == "obj" and noun.head.pos_ in {"VERB", "AUX"} else None
    near = list(noun.children) + [n for h in also for n in h.children if n.dep_ == "nmod"]
    if verb is not None:  # "a eu un appel avec X": the parser hangs "avec X" on the verb
        near += [c for c in verb.children if c.dep_.startswith("obl") and c != noun]
    for place in places:
        owner: Token | None = None
        if place == "poss" and any("Yes" in c.morph.get("Poss", []) for c in noun.children):
            governor = _finite_governor(noun)
            owner = _subject(governor) if governor is not None else None
        elif place == "subj" and verb is not None:
            owner = _subject(verb)
        elif place == "clause":
            owner = _clause_agent(noun)
        elif place not in {"poss", "subj"}:
            owner = next(
                (
                    c
                    for c in near
                    if c.dep_.startswith(("nmod", "obl")) and c.pos_ in _NOMINAL
                    and _prep(c) == place
                ),
                None,
            )  # fmt: skip
        if owner is not None and owner.pos_ in _NOMINAL:
            return _with_conjuncts(owner)
    return []


def _clause_agent(noun: Token) -> Token | None:
    """The subject of the finite clause ``noun`` is an adjunct of, unless the noun is in
    that subject or in another actor's phrase."""
    governor = _finite_governor(noun)
    if governor is None:
        return None
    tok = noun
    while tok != governor and tok.head != tok:
        if tok.dep_ in _SUBJECTS or tok.dep_ in {"obj", "appos"}:
            return None
        tok = tok.head
    return _subject(governor)


def _first_of(tokens: list[Token], after: Token) -> int | None:
    """The first word of the first of ``tokens`` inside ``after``'s phrase."""
    inside = [t.left_edge.i for t in tokens if after.i < t.i <= after.right_edge.i]
    return min(inside) if inside else None


def _subject(verb: Token) -> Token | None:
    """The verb's subject; a relative's antecedent; else the governing verb's subject for
    infinitives, conjoined verbs and gerunds ("a décidé de rencontrer", "est arrivé et a
    reçu", "ont permis l'adoption d'une résolution … en s'abstenant")."""
    if _participle_of(verb) is not None:
        return verb.head
    v = verb.head if verb.dep_ == "cop" else verb
    if _gerund(verb):
        v = _finite_governor(verb) or v
    for _ in range(4):
        for c in v.children:
            if c.dep_ in _SUBJECTS:
                if c.lower_ in {"qui"} and v.dep_ == "acl:relcl":
                    return _named_noun(v.head)
                return c
        if _finite(v) and v.dep_ != "conj":  # "lorsque X a permis": its own subject
            return _preverbal_noun(v)
        if v.dep_ in {"xcomp", "conj", "advcl"} and v.head != v:
            v = v.head
            continue
        break
    return None


def _has_complement(verb: Token) -> bool:
    """The verb governs a complement of its own ("accusé d'avoir", "sommé de partir")."""
    return any(c.dep_ in {"obj", "xcomp", "ccomp", "obl:arg", "iobj"} for c in verb.children)


def _gerund(verb: Token) -> bool:
    """ "en s'abstenant": its subject is the subject of the clause it modifies, whatever
    the parser attached it to."""
    return verb.lower_.endswith("ant") and any(
        c.dep_ == "mark" and c.lower_ == "en" for c in verb.children
    )


def _finite_governor(verb: Token) -> Token | None:
    """The closest finite verb above ``verb``, past the nouns and participles between."""
    for head in list(verb.ancestors)[:8]:
        if head.pos_ in {"VERB", "AUX"} and _finite(head):
            return head
    return None


def _finite(verb: Token) -> bool:
    return any(
        "Fin" in t.morph.get("VerbForm", [])
        for t in [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]
    )


def _preverbal_noun(verb: Token) -> Token | None:
    """When the parser gave a finite verb no subject, the bare noun phrase just before its
    verb group ("lorsque les États-Unis ont permis", with "États-Unis" attached elsewhere):
    French puts the subject there."""
    if not _finite(verb):
        return None
    first = min([verb, *(c for c in verb.children if c.i < verb.i)], key=lambda t: t.i)
    i = first.i - 1
    doc = verb.doc
    while i >= verb.sent.start and (doc[i].pos_ == "ADV" or doc[i].lower_ in _CLITICS):
        i -= 1
    if i < verb.sent.start:
        return None
    tok = doc[i]
    if tok.pos_ not in {"NOUN", "PROPN"} or any(c.dep_ == "case" for c in tok.children):
        return None
    return tok


def _target(verb: Token, where: str | None, compound: dict[str, str] | None = None) -> Token | None:
    """The dependent that names the target; ``compound``: nouns of compound prepositions
    and the preposition they stand for ("à l'encontre de X" is "contre X")."""
    if where is None:
        return None
    kids = _dependents(verb)
    if where == "obj":
        cands = [c for c in kids if c.dep_ == "obj" and c.pos_ in _NOMINAL]
    elif where == "iobj":
        # "a remis sa démission au président": the parser often hangs "à X" on the object
        near = kids + [n for k in kids if k.dep_ == "obj" for n in k.children if n.dep_ == "nmod"]
        cands = [c for c in kids if c.dep_ == "iobj"] + [
            c for c in near if _prep(c) == "à" and c.pos_ in {"NOUN", "PROPN"}
        ]
    else:
        preps = set(where.split("|"))
        near = kids + [n for k in kids for n in k.children if n.dep_ == "nmod"]  # PP attachment
        cands = [c for c in near if _prep(c) in preps and c.pos_ in {"NOUN", "PROPN", "PRON"}]
        for n in near + [m for k in near for m in k.children if m.dep_ == "nmod"]:
            if (compound or {}).get(n.lower_) in preps:  # "à l'encontre de X"
                cands += [
                    c
                    for c in n.children
                    if c.dep_ == "nmod" and _prep(c) == "de" and c.pos_ in {"NOUN", "PROPN"}
                ]
    cands = [c for c in cands if c.lower_ not in _CLITICS | _DEMONSTRATIVES]
    return min(cands, key=lambda c: (c.pos_ != "PROPN", c.i)) if cands else None


def _clause_subject(verb: Token) -> Token | None:
    """The subject of the verb's that-clause, who the request or refusal is about:
    "demande que X libère", "s'oppose à ce que X lance", "se félicite que X ait autorisé"."""
    for c in _dependents(verb):
        clauses = [c] if c.dep_ == "ccomp" else []
        if c.lower_ in {"ce", "cela"}:  # "à ce que", "de ce que"
            clauses = [k for k in c.children if k.dep_.startswith("acl")]
        for clause in clauses:
            if not any(m.lower_ in {"que", "qu'", "qu’"} for m in clause.children):
                continue
            subj = next((k for k in clause.children if k.dep_ in _SUBJECTS), None)
            if subj is not None and subj.pos_ in _NOMINAL:
                return subj
    return None


def _with_conjuncts(tok: Token | None) -> list[Token]:
    """The actor and those conjoined with it; a counted group ("1.400 personnes") is a
    figure, not an actor."""
    if tok is None:
        return []
    # "Paul Ferran, ministre de la Justice et trésorier du parti": the role's conjuncts
    # are roles of the person
    heads = {
        tok,
        *(
            c
            for c in tok.children
            if c.dep_ == "flat:name" or (c.dep_ == "appos" and not _role_of_name(tok, c))
        ),
    }
    out = [tok] + [
        c for h in heads for c in h.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}
    ]
    return [t for t in out if not t.like_num and not _counted(t)]


def _role_of_name(name: Token, appos: Token) -> bool:
    return name.pos_ == "PROPN" and appos.pos_ == "NOUN"


def _counted(tok: Token) -> bool:
    """ "1.400 personnes": a number, not the article "un", counts them. Nationals named
    by their nationality stay actors as objects ("retient les trois Américains"), not as
    subjects ("trois Palestiniens ont été tués": a toll)."""
    if tok.text[:1].isupper() and tok.i > tok.sent.start and tok.dep_ not in _SUBJECTS:
        return False
    return any(c.dep_ == "nummod" or (c.pos_ == "NUM" and c.i == tok.i - 1) for c in tok.children)


def _heads(verb: Token) -> list[Token]:
    """Verbs governing an infinitive event ("doit rencontrer", "pourrait lancer")."""
    out: list[Token] = []
    v = verb
    while v.dep_ == "xcomp" and v.head != v and len(out) < 3:
        v = v.head
        out.append(v)
    return out


def _trigger(verb: Token, frame: EventFrame) -> tuple[int, int]:
    """The verb group: auxiliaries and clitics before the verb, the verb, and the object
    noun a light-verb frame needs ("opposer une fin de non-recevoir")."""
    first = verb
    for c in verb.children:
        if c.i < first.i and c.dep_ in {"aux", "aux:pass", "aux:tense"} | {"expl:comp", "expl:pv"}:
            first = c
    last_end = verb.idx + len(verb.text)
    for req in frame.requires:
        if req.lemmas:
            for c in _dependents(verb):
                if c.i > verb.i and _lemma_in(c, req.lemmas):
                    last_end = max(last_end, c.idx + len(c.text))
    return first.idx, last_end


def _extent(
    doc: Doc, tok: Token, stop: int | None = None, cut: frozenset[str] = frozenset()
) -> tuple[int, int]:
    """The actor's words: the noun phrase, cut before commas, brackets and clauses (and
    before the token ``stop``: another actor's words; before the phrase of a compound
    preposition's noun of ``cut``: "le parquet | à l'encontre de X")."""
    if tok.text.startswith("-"):
        return tok.idx + 1, tok.idx + len(tok.text)
    first, last = tok.left_edge.i, tok.right_edge.i
    if stop is not None and tok.i < stop <= last:
        last = stop - 1
        while last > tok.i and doc[last].dep_ in {"case", "det", "punct", "cc"}:
            last -= 1
    for t in doc[tok.i + 1 : last + 1]:
        if t.lower_ in cut and t.left_edge.i > tok.i:
            last = t.left_edge.i - 1
            break
        if (
            t.lower_ in _CUT
            or t.dep_ in {"acl:relcl", "acl", "mark"}
            or (t.dep_ == "conj" and t.head == tok)  # joint actors are listed apart
            or (t.dep_ == "cc" and t.i + 1 < len(doc) and doc[t.i + 1].pos_ in {"DET", "PROPN"})
            or t.pos_ == "VERB"
            or t.is_space
        ):
            last = t.i - 1
            break
        if "\n" in t.whitespace_:
            last = t.i
            break
    for t in doc[first : tok.i]:
        if t.is_space or "\n" in t.whitespace_ or t.text in _CUT:
            first = t.i + 1
    last = min(last, tok.i + _MAX_ACTOR_TOKENS)
    while last > tok.i and doc[last].dep_ in {"case", "mark", "det", "cc", "punct"}:
        last -= 1  # "au ministre de la Santé | de démissionner"
    while first < tok.i and doc[first].dep_ in {"case", "mark", "fixed"} and doc[first].head == tok:
        first += 1
    while first < tok.i and (
        doc[first].text in _CUT
        or doc[first].dep_ in {"cc", "punct"}
        or (doc[first].dep_ in {"cop", "expl:subj"} and doc[first].head == tok)
    ):
        first += 1  # "et les médias", "c'est Paul Ferran qui": not part of the actor
    return doc[first].idx, doc[last].idx + len(doc[last].text)


def _date_of(verb: Token, timexes: list[Timex]) -> str | None:
    """The date attached to the verb's clause ("jeudi", "le 7 octobre"), resolved."""
    doc = verb.doc
    sent = verb.sent
    for t in timexes:
        if not (sent.start_char <= t.start < sent.end_char):
            continue
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        head = span.root
        for _ in range(5):
            if head.pos_ in {"VERB", "AUX"} or head.head == head:
                break
            head = head.head
        if head == verb or (head.head == verb and head.dep_.startswith("aux")):
            return t.value
    return None


def _frame_name(frame: EventFrame) -> str:
    return f"se {frame.lemma}" if frame.reflexive else frame.lemma


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in spans)


if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


class EventsComponent:
    """spaCy pipeline component: ``nlp.add_pipe("veille_events")``."""

    def __init__(self, lang: str) -> None:
        self.extractor = EventExtractor(lang)

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = self.extractor(doc)
        return doc


@Language.factory("veille_events")
def make_events_component(nlp: Language, name: str) -> Any:
    return EventsComponent(nlp.lang or "fr")


def _mentioned_before(text: str, person: str | None, before: int) -> list[EventActor]:
    """The last mention of ``person`` (whole name, else surname) before ``before``, as an
    actor whose span is that mention: an actor found in context still points at text."""
    if not person:
        return []
    for form in (person, person.split()[-1]):
        at = text.rfind(form, 0, before)
        if at >= 0:
            return [EventActor(at, at + len(form), form, person)]
    return []
