"""Speakers of quotes: the parts of attribution that go beyond the cue's own subject.

- ``inverted_pronoun``: the parser often hangs the "-il" of "a-t-il par ailleurs concédé"
  anywhere but on the verb; the hyphenated pronoun next to the cue is the speaker.
- ``host_verb``: a cue without a subject of its own speaks for the subject of the verb it
  depends on ("ajoutant que", "a tenu à préciser", "a publié une déclaration indiquant que").
- ``Salience``: what a pronoun ("il", "elle", "eux") or an anaphoric description ("l'ingénieur",
  "la jeune femme") stands for: the latest speaker or main-clause subject before it that
  agrees in gender and number and can speak (a name, a person noun, a role, or the
  subject of a speech verb). Gender and number come from the parser's morphology, the
  determiner and courtesy titles; a person's name with no title agrees with either gender.

Language knowledge (pronoun features, titles, person nouns) lives in
``data/<lang>/speakers.yaml`` and ``data/<lang>/roles.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span, Token

from veille.extractors.marks import find_quoted_spans
from veille.extractors.names import (
    description_head,
    fold,
    masculine,
    pronouns,
    role_expressions,
)
from veille.nlp import doc_entities, doc_text
from veille.records import Quote
from veille.resources import load_yaml

Features = tuple[str | None, str | None]  # (gender, number): "masc"/"fem", "sing"/"plur"

_MAIN = {"ROOT", "conj", "parataxis"}
_SUBJECTS = {"nsubj", "nsubj:pass"}
_WINDOW_SENTENCES = 6
_VERBS = {"VERB", "AUX"}
_PLACES = {"LOC", "GPE"}  # "Israël refuse …" then "il": a country is not what "il" speaks for


@dataclass(frozen=True, slots=True)
class SpeakerLexicon:
    pronoun_features: dict[str, Features]
    title_gender: dict[str, str]
    people: frozenset[str]
    speech_verbs: frozenset[str]
    topic_markers: frozenset[str]
    anaphoric_bodies: frozenset[str] = frozenset()


@cache
def speaker_lexicon(lang: str) -> SpeakerLexicon:
    from veille.extractors.frames import frame_lexicon

    data = load_yaml(lang, "speakers")
    roles = load_yaml(lang, "roles")
    features = {k: (v[0], v[1]) for k, v in data.get("pronoun_features", {}).items()}
    people = set(roles.get("people", [])) | set(roles.get("heads", []))
    people |= {h for group in roles.get("synonyms", []) for h in group}
    return SpeakerLexicon(
        features,
        dict(data.get("title_gender", {})),
        frozenset(people),
        frame_lexicon(lang).known,
        frozenset(data.get("topic_markers", [])),
        frozenset(fold(w) for w in data.get("anaphoric_bodies", [])),
    )


def inverted_pronoun(verb: Token, lang: str) -> Token | None:
    """A hyphenated subject pronoun within a few tokens of the cue ("a-t-il dit",
    "a-t-elle par ailleurs ajouté", "poursuit-il"), wherever the parser hung it."""
    sent = verb.sent
    lo, hi = max(sent.start, verb.i - 4), min(sent.end, verb.i + 3)
    for tok in verb.doc[lo:hi]:
        if tok.text.startswith("-") and tok.text[1:].lower() in pronouns(lang):
            return tok
    return None


def host_verb(verb: Token) -> Token | None:
    """The verb whose subject also speaks for ``verb``: its governor for an infinitive,
    a participle or a conjoined cue; for a participle on an object noun ("publié une
    déclaration indiquant que"), the verb that governs the noun; for a participle set
    off by a comma ("a-t-il affirmé devant la commission, soulignant …"), the verb of
    the clause it is attached in (the parser hangs it on the nearest noun)."""
    if verb.head == verb:
        return None
    if verb.dep_ in {"xcomp", "conj", "advcl"} or (verb.dep_ == "fixed" and verb.pos_ == "VERB"):
        # "fixed": "a ajouté John Kirby, ajoutant que" mis-parsed; a head that is no verb
        # ("plaide coupable en appelant"): the verb above it
        return next((h for h in [verb.head, *verb.head.ancestors] if h.pos_ in _VERBS), None)
    if "Inf" in verb.morph.get("VerbForm", []) and verb.dep_ != "acl":
        # "réclame X afin de le juger pour « … »": the infinitive's subject is the main one
        return next((h for h in verb.ancestors if h.pos_ in _VERBS), None)
    noun = verb.head
    if verb.dep_ != "acl" or noun.pos_ not in {"NOUN", "PROPN"}:
        return None
    if verb.i > 0 and verb.nbor(-1).text == ",":
        return next((a for a in noun.ancestors if a.pos_ in {"VERB", "AUX"}), None)
    if noun.dep_ == "obj" and noun.head != noun:
        return noun.head
    return None


def features_of(tok: Token, lang: str) -> Features:
    """Gender and number of a noun phrase headed by ``tok`` (None when unknown). A
    name's gender comes from a courtesy title or a determiner only: the parser's guess
    on first names is unreliable."""
    lex = speaker_lexicon(lang)
    if tok.pos_ == "PRON":
        return lex.pronoun_features.get(tok.lower_.lstrip("-"), (None, None))
    conjoined = [c for c in tok.children if c.dep_ == "conj"]  # "X et Y", not "X, Y"
    number = "plur" if any(k.dep_ == "cc" for c in conjoined for k in c.children) else None
    gender = lex.title_gender.get(tok.text)
    for child in tok.children:
        if child.dep_ == "det" or child.i < tok.i:
            gender = gender or lex.title_gender.get(child.text)
        if child.dep_ == "det":
            gender = gender or _morph(child, "Gender")
            number = number or _morph(child, "Number")
    if tok.pos_ == "PROPN" or tok.ent_type_ == "PER":
        return gender, number or "sing"
    return gender or _morph(tok, "Gender"), number or _morph(tok, "Number")


def _morph(tok: Token, feature: str) -> str | None:
    values = tok.morph.get(feature, [])
    return values[0].lower() if values else None


def agrees(wanted: Features, found: Features) -> bool:
    """Unknown values agree with anything (a name without a title, "on")."""
    gender_ok = wanted[0] is None or found[0] is None or wanted[0] == found[0]
    number_ok = wanted[1] is None or found[1] is None or wanted[1] == found[1]
    return gender_ok and number_ok


@dataclass
class Candidate:
    start: int
    name: str
    features: Features
    person: bool  # a person's name, not a body, a place or a description
    mention: str = ""  # the words naming it, for a role it was introduced with
    body: bool = False  # an organisation's name


class Salience:
    """Candidates for what a pronoun or anaphoric description stands for, in one document.

    ``resolve`` names a subject token (the extractor's own extent and naming), so that a
    subject like "la porte-parole de la Maison-Blanche, Mme X" gives "X"."""

    def __init__(
        self, doc: Doc, lang: str, resolve: Callable[[Token], tuple[str, str | None]]
    ) -> None:
        self.doc = doc
        self.lang = lang
        self.resolve = resolve
        self.lex = speaker_lexicon(lang)
        self.quoted = [(s.open, s.close) for s in find_quoted_spans(doc_text(doc), lang)]
        self.sents = list(doc.sents)
        self._names: dict[int, tuple[str, str | None]] = {}
        self._chain: dict[int, str | None] = {}
        self._genders: dict[str, str] = {}
        self._hops = 0

    def antecedent(
        self,
        at: int,
        wanted: Features,
        previous: list[Quote],
        skip: int | None = None,
        persons: bool = False,
    ) -> str | None:
        """The latest agreeing candidate before offset ``at`` (``skip``: a token index
        that cannot be its own antecedent; ``persons``: any person named in the last
        two sentences counts too, for "Pasiphae. Cette jeune fille de 20 ans …")."""
        topic = self._topic(skip)
        if topic is not None:
            return topic
        found = self._speakers(at, previous) + self._subjects(at, skip)
        if persons:
            found = [c for c in found + self._persons(at) if c.person]
        for c in found:  # a name's gender, once a gendered pronoun has stood for it
            if c.features[0] is None and c.name in self._genders:
                c.features = (self._genders[c.name], c.features[1])
        found = [c for c in found if agrees(wanted, c.features)]
        if not found:
            return None
        best = max(found, key=lambda c: c.start)
        if best.person and wanted[0] is not None:
            self._genders.setdefault(best.name, wanted[0])  # "Soona, elle, …": Soona is "elle"
        return best.name

    def may_be(self, name: str, wanted: Features) -> bool:
        """Whether what the document has shown of a name's gender agrees with ``wanted``."""
        return agrees(wanted, (self._genders.get(name), None))

    def role_holder(self, role: str, at: int, previous: list[Quote]) -> str | None:
        """The person an earlier speaker or subject mention introduced with ``role``
        ("le ministre français des Affaires étrangères Dominique de Villepin" for a later
        "le ministre français"): the name must stand inside that mention."""
        wanted = role_expressions(masculine(fold(description_head(role)), self.lang), self.lang)
        if wanted is None:
            return None
        found = self._speakers(at, previous) + self._subjects(at, None)
        for c in sorted(found, key=lambda c: -c.start):
            if c.person and _introduces(c.mention, c.name, wanted, self.lang):
                return c.name
        return None

    def body(self, at: int, noun: str, previous: list[Quote]) -> str | None:
        """The body a description headed by ``noun`` ("l'agence", "le groupe") stands
        for: the latest body before ``at`` whose name holds the noun ("la Société
        générale" for "la société"), else the latest body of the last two sentences."""
        # the last two sentences outside quotes ("« … », écrit l'agence": not the quote's)
        told = [x for x in self.sents if x.start_char < at and not self._quoted(x.start_char)]
        near = told[-2:][0].start_char if told else 0
        found = [
            (e.start_char, e.text)
            for e in self.doc.ents
            if e.label_ == "ORG" and self._floor(at) <= e.start_char and e.end_char <= at
            and not self._quoted(e.start_char)
        ]  # fmt: skip
        found += [(c.start, c.name) for c in self._speakers(at, previous) if c.body]
        named = [f for f in found if noun in fold(f[1]).split()]
        recent = [f for f in found if f[0] >= near]
        best = max(named or recent, default=None)
        return best[1] if best else None

    def _topic(self, pronoun: int | None) -> str | None:
        """A topic set before the pronoun's clause stands for it: "Quant au chef du Sinn
        Fein, il a estimé" (topic markers from the lexicon)."""
        if pronoun is None:
            return None
        tok = self.doc[pronoun]
        for sib in tok.head.children:
            cases = {c.lower_ for c in sib.children if c.dep_ in {"case", "fixed"}}
            if sib.i < tok.i and cases & self.lex.topic_markers and sib.pos_ in {"NOUN", "PROPN"}:
                return self.resolve(sib)[1]
        return None

    def _persons(self, at: int) -> list[Candidate]:
        floor = self._floor(at, 2)
        return [
            Candidate(e.start_char, e.text, (None, "sing"), True)
            for e in self.doc.ents
            if e.label_ == "PER"
            and floor <= e.start_char
            and e.end_char <= at
            and not self._quoted(e.start_char)
            and not e.root.dep_.startswith(("nmod", "obl"))  # NER takes towns for people
        ]

    def _speakers(self, at: int, previous: list[Quote]) -> list[Candidate]:
        floor = self._floor(at)
        out = []
        for q in previous:
            s = q.speaker
            if s.start is None or s.name is None or not floor <= s.start < at:
                continue
            span = self.doc.char_span(s.start, s.end or s.start, alignment_mode="expand")
            if span is not None and len(span) and span.root.ent_type_ not in _PLACES:
                root = span.root
                if not (s.name[:1].isupper() or root.pos_ == "PRON" or self._people(root)):
                    continue  # a description that cannot speak: a mis-parsed speaker
                features = features_of(root, self.lang)
                said = s.text or ""
                body = root.ent_type_ == "ORG" and s.name[:1].isupper()
                if features[0] is not None and _person(root, s.name):
                    self._genders.setdefault(s.name, features[0])  # "écrit-elle"
                out.append(Candidate(s.start, s.name, features, _person(root, s.name), said, body))
        return out

    def _subjects(self, at: int, skip: int | None) -> list[Candidate]:
        floor = self._floor(at)
        first = next((s.start for s in self.sents if s.start_char >= floor), len(self.doc))
        out = []
        for tok in self.doc[first:]:
            if tok.idx >= at:
                break
            if tok.i == skip:
                continue
            chained = self._chained(tok)
            if chained is not None:
                out.append(chained)
                continue
            if not self._can_speak(tok):
                continue
            if tok.i not in self._names:
                self._names[tok.i] = self.resolve(tok)
            mention, name = self._names[tok.i]
            if name:
                features = features_of(tok, self.lang)
                out.append(Candidate(tok.idx, name, features, _person(tok, name), mention))
        return out

    def _chained(self, tok: Token) -> Candidate | None:
        """A subject pronoun of a main clause stands for what it stood for ("Quant à la
        ministre, X, elle a provoqué … Elle a fini par démentir"): one hop only."""
        features = self.lex.pronoun_features.get(tok.lower_)
        if (
            features is None
            or self._hops > 0
            or tok.dep_ not in _SUBJECTS
            or tok.head.dep_ not in _MAIN
            or self._quoted(tok.idx)
            or not is_finite(tok.head)
        ):
            return None
        if tok.i not in self._chain:
            self._hops += 1
            try:
                self._chain[tok.i] = self.antecedent(tok.idx, features, [], skip=tok.i)
            finally:
                self._hops -= 1
        name = self._chain[tok.i]
        if name is None:
            return None
        return Candidate(tok.idx, name, features, name[:1].isupper(), tok.text)

    def _can_speak(self, tok: Token) -> bool:
        """A main-clause subject outside quotes that can be a speaker."""
        if tok.dep_ not in _SUBJECTS or tok.head.dep_ not in _MAIN or tok.pos_ == "PRON":
            return False
        if self._quoted(tok.idx) or tok.ent_type_ in _PLACES or not is_finite(tok.head):
            return False
        if tok.pos_ == "PROPN" or tok.ent_type_ in {"PER", "ORG"}:
            return True
        if self._people(tok):
            return True
        return tok.head.lemma_.lower() in self.lex.speech_verbs

    def _people(self, tok: Token) -> bool:
        return fold(tok.lemma_) in self.lex.people or fold(tok.text) in self.lex.people

    def _quoted(self, offset: int) -> bool:
        return any(a <= offset < b for a, b in self.quoted)

    def _floor(self, at: int, window: int = _WINDOW_SENTENCES) -> int:
        """Candidates come from the last few sentences only."""
        sents = [s for s in self.sents if s.start_char < at]
        return sents[-window:][0].start_char if sents else 0


def _person(tok: Token, name: str) -> bool:
    """Whether a candidate names a person: a capitalised name that is no body or place
    (nor named after one: "la guérilla des FARC" is the FARC)."""
    if not name[:1].isupper() or tok.ent_type_ in {"ORG", *_PLACES}:
        return False
    lo, hi = tok.left_edge.idx, tok.right_edge.idx
    text = doc_text(tok.doc)
    return not any(
        label in {"ORG", *_PLACES} and lo <= start <= hi and text[start:end] == name
        for start, end, label in doc_entities(tok.doc)
    )


def is_finite(verb: Token) -> bool:
    """A finite clause ("sa mère étant impliquée" is not one: no main subject there)."""
    forms = [verb, *(c for c in verb.children if c.dep_.startswith(("aux", "cop")))]
    return any("Fin" in t.morph.get("VerbForm", []) for t in forms)


def complement_of(ent: Span, head: Token) -> bool:
    """Whether a name is a complement of the speaker's head noun rather than the speaker:
    "un proche d'Edouard Philippe", "un groupe lié au mouvement de X", "la fille de X"."""
    root = ent.root
    if head.pos_ != "NOUN" or root == head or not any(c.dep_ == "case" for c in root.children):
        return False
    return head in root.ancestors


def is_anaphoric(tok: Token, mention: str, lang: str) -> bool:
    """A definite singular description of a person ("l'ingénieur", "la jeune femme"): it
    can stand for a person the text named before. An office ("le porte-parole", "le
    ministre de la Santé") is not: it names whoever the text introduced in that office."""
    if tok.pos_ != "NOUN" or _morph(tok, "Number") == "plur":
        return False
    if role_expressions(masculine(fold(description_head(mention)), lang), lang) is not None:
        return False  # an office ("le porte-parole") is its introduced holder or no one
    dets = [c for c in tok.children if c.dep_ == "det"]
    if not dets or any(
        _morph(d, "Definite") != "def" and _morph(d, "PronType") != "dem" for d in dets
    ):
        return False
    people = speaker_lexicon(lang).people
    return fold(tok.lemma_) in people or fold(tok.text) in people


def is_anaphoric_body(tok: Token, mention: str, lang: str) -> bool:
    """A definite singular description of a body that the text named before ("l'agence",
    "le groupe", "la société"), with at most an adjective ("l'agence américaine"), not a
    complement ("la société de transport" names another)."""
    if tok.pos_ != "NOUN" or _morph(tok, "Number") == "plur":
        return False
    if fold(tok.lemma_) not in speaker_lexicon(lang).anaphoric_bodies:
        return False
    dets = [c for c in tok.children if c.dep_ == "det"]
    if not dets or any(_morph(d, "Definite") != "def" for d in dets):
        return False
    return all(c.dep_ in {"det", "amod", "punct"} for c in tok.children) and len(mention) < 40


def _introduces(
    said: str, name: str, wanted: tuple[tuple[re.Pattern[str], ...], str | None], lang: str
) -> bool:
    """Whether a mention gives both a person's name and the wanted role (with its
    nationality or portfolio word, when the description has one)."""
    folded = masculine(fold(said), lang)
    surname = fold(name).split()[-1:]
    if not surname or f" {surname[0]}" not in f" {folded}":
        return False
    expressions, qualifier = wanted
    return any(p.search(folded) for p in expressions) and (qualifier is None or qualifier in folded)
