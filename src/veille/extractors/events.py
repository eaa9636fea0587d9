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
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from veille.extractors.dates import Timex, find_timexes, tense_reader
from veille.extractors.marks import find_quoted_spans
from veille.extractors.names import DocumentNames, description_head, pronouns, strip_title
from veille.records import Event, EventActor
from veille.resources import load_tsv, load_yaml

_SUBJECTS = {"nsubj", "nsubj:pass", "expl:subj"}
_COMPLEMENTS = {"xcomp", "ccomp", "acl", "obl:arg", "obj"}
_CLITICS = {"se", "s'", "s’"}
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
class EventLexicon:
    frames: dict[tuple[str, bool], tuple[EventFrame, ...]]
    negation: frozenset[str]
    future_heads: frozenset[str]
    hypothetical_heads: frozenset[str]
    conditional_marks: frozenset[str]
    blocking_heads: frozenset[str]
    modes: dict[str, dict[str, frozenset[str]]]


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
        negation=words("negation"),
        future_heads=words("future_heads"),
        hypothetical_heads=words("hypothetical_heads"),
        conditional_marks=words("conditional_marks"),
        blocking_heads=words("blocking_heads"),
        modes={
            t: {m: frozenset(str(w).lower() for w in ws) for m, ws in by_mode.items()}
            for t, by_mode in data.get("modes", {}).items()
        },
    )


class EventExtractor:
    """Finds events in a parsed document. Stateless between documents."""

    def __init__(self, lang: str = "fr") -> None:
        self.lang = lang
        self.lex = event_lexicon(lang)
        self.event_lemmas = frozenset(lemma for lemma, _r in self.lex.frames)

    def __call__(self, doc: Doc) -> list[Event]:
        text = doc.text
        quoted = [(s.open, s.close) for s in find_quoted_spans(text, self.lang)]
        names = DocumentNames(doc)
        timexes = [
            t
            for t in find_timexes(text, doc.user_data.get("date"), self.lang, tense_reader(doc))
            if t.type in {"DATE", "TIME"} and t.value
        ]
        events: list[Event] = []
        for sent in doc.sents:
            for tok in sent:
                if tok.pos_ not in {"VERB", "AUX"} or _inside(tok.idx, quoted):
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
        for lemma in _lemmas(verb):
            for frame in self.lex.frames.get((lemma, reflexive), ()):
                if all(_satisfied(verb, r) for r in frame.requires):
                    return frame
        return None

    def _governed_by_event(self, verb: Token) -> bool:
        """'a refusé de rencontrer', 'a exhorté Israël à autoriser', 's'opposent à ce
        qu'Israël lance': the governing verb's frame is the event."""
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
        else:
            sources = _with_conjuncts(subject) if subject is not None else []
            found = _target(verb, frame.target)
            if found is None and frame.target is not None:  # the parser's other readings
                found = _target(verb, "iobj") or _target(verb, "auprès|avec|contre")
            targets = _with_conjuncts(found)
        start, end = _trigger(verb, frame)
        return Event(
            type=frame.type,
            start=start,
            end=end,
            mode=frame.mode or self._mode(verb, frame.type),
            negated=self._negated(verb),
            verb=_frame_name(frame),
            text=doc.text[start:end],
            date=_date_of(verb, timexes),
            future=self._future(verb),
            hypothetical=self._hypothetical(verb),
            evidence_start=sent.start_char,
            evidence_end=sent.end_char,
            sources=_unique([self._actor(doc, t, names) for t in sources]),
            targets=_unique([self._actor(doc, t, names) for t in targets]),
        )

    def _mode(self, verb: Token, type_: str) -> str | None:
        words = {t.lower_ for t in verb.subtree} | {t.lemma_.lower() for t in verb.subtree}
        for mode, cues in self.lex.modes.get(type_, {}).items():
            if words & cues:
                return mode
        return None

    def _negated(self, verb: Token) -> bool:
        chain = [verb, *(h for h in _heads(verb) if h.dep_ in {"xcomp"})]
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

    def _actor(self, doc: Doc, tok: Token, names: DocumentNames) -> EventActor:
        start, end = _extent(doc, tok)
        mention = doc.text[start:end]
        return EventActor(start, end, mention, self._name(doc, tok, mention, start, names))

    def _name(
        self, doc: Doc, tok: Token, mention: str, start: int, names: DocumentNames
    ) -> str | None:
        bare = mention.lower().lstrip("-")
        if tok.pos_ == "PRON":
            antecedent = _antecedent(tok)
            if antecedent is not None:
                a_start, a_end = _extent(doc, antecedent)
                return self._name(doc, antecedent, doc.text[a_start:a_end], a_start, names)
            if bare in pronouns(self.lang) and "Plur" not in tok.morph.get("Number", []):
                return names.salient_person(start, [])
            return None
        end = start + len(mention)
        inner = [e for e in doc.ents if e.label_ == "PER" and start <= e.start_char < end]
        if inner:
            return names.full_name(inner[-1].text, end)
        if tok.pos_ == "PROPN" or strip_title(mention, self.lang) != mention:
            return names.full_name(mention, start)
        named = [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if named:  # "la ministre kessarienne des Affaires étrangères, Joséphine Kalvani"
            first = named[0]
            parts = [first, *(c for c in first.children if c.dep_ == "flat:name")]
            last = max(parts, key=lambda t: t.i)
            return names.full_name(doc.text[first.idx : last.idx + len(last.text)], start)
        after = [e for e in doc.ents if e.label_ == "PER" and 0 < e.start_char - end <= 3]
        if after and doc.text[end : after[0].start_char].strip() == ",":
            return names.full_name(after[0].text, after[0].end_char)  # "le conseiller …, J. S."
        described = names.person_with_role(mention, start, self.lang)
        if described:
            return described
        head = description_head(mention)  # "Plusieurs centaines de personnes": not a name
        return head[:1].lower() + head[1:] if tok.text[:1].islower() else head


def _antecedent(pron: Token, sentences: int = 2) -> Token | None:
    """What a subject pronoun most likely stands for: the closest earlier subject (in
    this sentence, then the previous ones) that agrees in number and gender."""
    if pron.dep_ not in _SUBJECTS:
        return None
    number = pron.morph.get("Number", [])
    gender = pron.morph.get("Gender", [])
    doc = pron.doc
    first_sent = pron.sent.start
    for _ in range(sentences):
        if first_sent == 0:
            break
        first_sent = doc[first_sent - 1].sent.start
    for tok in reversed(doc[first_sent : pron.i]):
        if tok.dep_ not in _SUBJECTS or tok.pos_ not in {"NOUN", "PROPN"}:
            continue
        n = tok.morph.get("Number", []) or ["Sing"]
        g = tok.morph.get("Gender", [])
        if number and number != n:
            continue
        if gender and g and gender != g:
            continue
        return tok
    return None


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
    return any(c.dep_ in {"aux:pass", "nsubj:pass"} for c in verb.children)


def _prep(tok: Token) -> str | None:
    """The preposition (case or mark) introducing a dependent, normalised (au → à)."""
    for c in tok.children:
        if c.dep_ in {"case", "mark"} and c.i < tok.i:
            word = c.lower_
            return _PREP_ALIASES.get(word, word)
    return None


def _dependents(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ not in {"punct", "cc", "aux", "aux:pass"}]


def _satisfied(verb: Token, req: Requirement) -> bool:
    kids = _dependents(verb)
    if req.kind == "obj":
        objs = [c for c in kids if c.dep_ in {"obj", "nsubj:pass"}]
        if not req.lemmas:
            return bool(objs)
        return any(_lemma_in(o, req.lemmas) for o in objs)
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


def _subject(verb: Token) -> Token | None:
    """The verb's subject; a relative's antecedent; else the governing verb's subject for
    infinitives and conjoined verbs ("a décidé de rencontrer", "est arrivé et a reçu")."""
    v = verb
    for _ in range(4):
        for c in v.children:
            if c.dep_ in _SUBJECTS:
                if c.lower_ in {"qui"} and v.dep_ == "acl:relcl":
                    return v.head
                return c
        if v.dep_ in {"xcomp", "conj", "advcl"} and v.head != v:
            v = v.head
            continue
        break
    return None


def _target(verb: Token, where: str | None) -> Token | None:
    if where is None:
        return None
    kids = _dependents(verb)
    if where == "obj":
        cands = [c for c in kids if c.dep_ == "obj" and c.pos_ in _NOMINAL]
    elif where == "iobj":
        cands = [c for c in kids if c.dep_ == "iobj"] + [
            c for c in kids if _prep(c) == "à" and c.pos_ in {"NOUN", "PROPN"}
        ]
    else:
        preps = set(where.split("|"))
        near = kids + [n for k in kids for n in k.children if n.dep_ == "nmod"]  # PP attachment
        cands = [c for c in near if _prep(c) in preps and c.pos_ in {"NOUN", "PROPN", "PRON"}]
    cands = [c for c in cands if c.lower_ not in _CLITICS]
    return min(cands, key=lambda c: (c.pos_ != "PROPN", c.i)) if cands else None


def _with_conjuncts(tok: Token | None) -> list[Token]:
    """The actor and those conjoined with it; a counted group ("1.400 personnes") is a
    figure, not an actor."""
    if tok is None:
        return []
    heads = {tok, *(c for c in tok.children if c.dep_ in {"appos", "flat:name"})}
    out = [tok] + [
        c for h in heads for c in h.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}
    ]
    return [
        t
        for t in out
        if not t.like_num and not any(c.dep_ == "nummod" or c.like_num for c in t.children)
    ]


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


def _extent(doc: Doc, tok: Token) -> tuple[int, int]:
    """The actor's words: the noun phrase, cut before commas, brackets and clauses."""
    if tok.text.startswith("-"):
        return tok.idx + 1, tok.idx + len(tok.text)
    first, last = tok.left_edge.i, tok.right_edge.i
    for t in doc[tok.i + 1 : last + 1]:
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
    while first < tok.i and doc[first].dep_ in {"case", "mark", "fixed"} and doc[first].head == tok:
        first += 1
    while first < tok.i and (doc[first].text in _CUT or doc[first].dep_ in {"cc", "punct"}):
        first += 1  # "et les médias": the conjunction is not part of the actor
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
