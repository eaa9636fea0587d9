"""Speech frames read from the dependency parse: where reported content is, and its cue.

Quotation marks find direct quotes; these frames find what is reported without them, and
the full extent of a reported clause that carries quoted fragments (a mixed quote):

- ``X a déclaré que <content>``: a cue verb with a ``ccomp`` introduced by que;
- ``X a exhorté Y à <content>``, ``X a demandé de <content>``: an ``xcomp`` with à / de;
- ``X a reconnu avoir <content>``: a bare infinitive ``xcomp`` (frame ``inf``);
- ``X s'est dit favorable à <content>``: a reflexive cue with an adjectival ``xcomp``;
- ``<content>, a indiqué X``: an incise cue after the clause it reports;
- ``selon X, <content>``, ``<content>, d'après X``: a source preposition on an oblique.

Which lemmas take which frame comes from ``data/<lang>/speech_cues.tsv``.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from functools import cache

import numpy
from spacy.attrs import LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import VERB
from spacy.tokens import Doc, Span, Token

from veille.extractors.names import fold
from veille.resources import load_tsv, load_yaml

_TRAILING = ".,;:!?…)] \u00a0\u202f\n"
_VERB_POS = int(VERB)


@dataclass(frozen=True, slots=True)
class Frame:
    """Reported content at ``start:end``; ``cue`` is the verb, or the preposition for
    ``selon``; ``speaker`` the token heading the source when the frame itself names it."""

    start: int
    end: int
    cue: Token
    speaker: Token | None
    after: bool = False
    speaker_span: tuple[int, int] | None = None
    lemma: str | None = None  # a multi-word cue's lemma ("d'après")


@dataclass(frozen=True, slots=True)
class FrameLexicon:
    que: frozenset[str]
    infinitive: frozenset[str]
    adjective: frozenset[str]
    incise: frozenset[str]
    preps: tuple[tuple[str, ...], ...]
    reflexive: frozenset[str]
    known: frozenset[str]
    obj: frozenset[str]
    obl: frozenset[str]
    bare: frozenset[str]
    de: frozenset[str]
    negations: frozenset[str]
    not_sources: frozenset[str]
    time_nouns: frozenset[str]
    bodies: frozenset[str]
    criterion_verbs: frozenset[str]
    source_pronouns: frozenset[str]
    recap_pointers: frozenset[str]
    recap_relatives: frozenset[str]
    question: frozenset[str]
    que_marks: frozenset[str]
    question_marks: frozenset[str]
    de_words: frozenset[str]
    adjective_cases: frozenset[str]
    people: frozenset[str]


@cache
def frame_lexicon(lang: str) -> FrameLexicon:
    rows = load_tsv(lang, "speech_cues")

    def verbs(frame: str) -> frozenset[str]:
        out = set()
        for r in rows:
            if r["kind"] == "verb" and frame in r["frames"].split(","):
                lemma = r["lemma"]
                out.add(lemma.split(" ", 1)[1] if lemma.startswith("se ") else lemma)
                if lemma.startswith("s'"):
                    out.add(lemma[2:])
        return frozenset(out)

    roles = load_yaml(lang, "roles")
    preps = tuple(
        tuple(re.findall(r"\w+['’]|\w+", r["lemma"].lower())) for r in rows if r["kind"] == "prep"
    )
    return FrameLexicon(
        que=verbs("que"),
        infinitive=verbs("à_inf") | verbs("de_inf"),
        adjective=verbs("adj"),
        incise=verbs("incise"),
        preps=preps,
        reflexive=reflexive_cues(lang),
        known=frozenset(
            {r["lemma"] for r in rows if r["kind"] == "verb"}
            | {r["lemma"][3:] for r in rows if r["lemma"].startswith("se ")}
            | {r["lemma"][2:] for r in rows if r["lemma"].startswith("s'")}
        ),
        obj=verbs("obj"),
        obl=verbs("obl"),
        bare=verbs("inf"),
        de=verbs("de"),
        negations=_words(lang, "negations"),
        not_sources=_words(lang, "not_sources"),
        time_nouns=_words(lang, "time_nouns"),
        bodies=_words(lang, "bodies") | frozenset(load_yaml(lang, "speakers").get("documents", [])),
        criterion_verbs=_words(lang, "criterion_verbs"),
        source_pronouns=_words(lang, "source_pronouns"),
        recap_pointers=_words(lang, "recap_pointers"),
        recap_relatives=_words(lang, "recap_relatives"),
        question=verbs("si"),
        que_marks=_words(lang, "que_marks"),
        question_marks=_words(lang, "question_marks"),
        de_words=_words(lang, "de_words"),
        adjective_cases=_words(lang, "adjective_cases") | _words(lang, "de_words"),
        people=frozenset(
            set(roles.get("people", []))
            | set(roles.get("heads", []))
            | {h for group in roles.get("synonyms", []) for h in group}
        ),
    )


def _words(lang: str, key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in load_yaml(lang, "speech_frames").get(key, []))


@cache
def reflexive_cues(lang: str) -> frozenset[str]:
    """Verbs that are cues in their reflexive form ('se dire', 's'inquiéter')."""
    out = set()
    for r in load_tsv(lang, "speech_cues"):
        lemma = r["lemma"]
        if r["kind"] == "verb" and lemma.startswith(("se ", "s'")):
            out.add(lemma[3:] if lemma.startswith("se ") else lemma[2:])
    return frozenset(out)


def reflexive_ok(verb: Token, reflexive: frozenset[str]) -> bool:
    """A verb with a reflexive clitic is a cue only if its reflexive form is listed:
    's'assurer que' (make sure) and 'se demander' (wonder) are not speech."""
    clitic = any(
        c.dep_.startswith("expl") and c.lower_ in {"se", "s'", "s’"} for c in verb.children
    )
    return not clitic or verb.lemma_.lower() in reflexive


def find_frames(doc: Doc, lang: str = "fr") -> list[Frame]:
    lex = frame_lexicon(lang)
    frames: list[Frame] = []
    # Only verbs open verb frames: find them in the POS array rather than making a Token
    # for every word of the article.
    if not len(doc):
        return frames
    array = doc.to_array([POS, LOWER])
    verbs = numpy.flatnonzero(array[:, 0] == _VERB_POS).tolist()
    strings = doc.vocab.strings
    lowers = array[:, 1].tolist()
    firsts = _prep_firsts(lex)
    at = 0
    for sent in doc.sents:
        while at < len(verbs) and verbs[at] < sent.end:
            frames.extend(_verb_frames(doc[verbs[at]], sent, lex))
            at += 1
        ids = lowers[sent.start : sent.end]
        if not firsts.isdisjoint(ids):  # else no source preposition starts in it
            frames.extend(_prep_frames(sent, lex, [strings[h] for h in ids]))
    return frames


@cache
def _prep_firsts(lex: FrameLexicon) -> frozenset[int]:
    """String ids of the first words of the source prepositions."""
    return frozenset(get_string_id(prep[0]) for prep in lex.preps)


def cue_lemma(tok: Token, known: frozenset[str]) -> str | None:
    """The lexicon lemma a verb token stands for, if any. Beyond the parser's lemma this
    covers multi-word cues ("a fait savoir que") and present-tense forms the lemmatizer
    leaves as they are ("il estime que" lemmatized 'estime')."""
    lemma = tok.lemma_.lower()
    if lemma in known:
        return lemma
    for other in [*tok.children, tok.head] if lemma in _light_tails(known) else ():
        if other is not tok and other.i < tok.i and other.lemma_.lower() in _LIGHT_VERBS:
            phrase = f"{other.lemma_.lower()} {lemma}"
            if phrase in known:
                return phrase
    if lemma in _LIGHT_VERBS:  # "a fait état de …": the cue's noun is the verb's object
        for other in tok.children:
            if other.dep_ == "obj" and 0 < other.i - tok.i <= 2:
                phrase = f"{lemma} {other.lower_}"
                if phrase in known:
                    return phrase
    if lemma == tok.lower_:
        guess = _FIRST_GROUP.sub("er", lemma)
        if guess in known:
            return guess
    return None


@cache
def _framing(lex: FrameLexicon) -> frozenset[str]:
    """The lemmas that can open any verb frame (complement, incise or surface "que")."""
    return (
        lex.que
        | lex.infinitive
        | lex.adjective
        | lex.obj
        | lex.obl
        | lex.incise
        | lex.bare
        | lex.de
    )


_LIGHT_VERBS = {"faire", "laisser", "tenir", "rendre", "prendre", "mettre"}


@cache
def _light_tails(known: frozenset[str]) -> frozenset[str]:
    """What follows the light verb in the multi-word cues of ``known`` ("savoir" for
    "faire savoir"): only those lemmas can form a "<light verb> <lemma>" cue."""
    return frozenset(
        tail for head, _, tail in (p.partition(" ") for p in known) if head in _LIGHT_VERBS
    )


_FIRST_GROUP = re.compile(r"(?:ent|es|e|ons|ez)$")


def _verb_frames(tok: Token, sent: Span, lex: FrameLexicon) -> list[Frame]:
    if tok.pos_ != "VERB" or not reflexive_ok(tok, lex.reflexive):
        return []
    lemma = cue_lemma(tok, lex.known) or tok.lemma_.lower()
    if lemma not in _framing(lex):
        return []  # every frame below needs its lemma in one of the lexicon's lists
    if _impersonal(tok):
        return []  # "Il est recommandé de …", "demandez conseil": no one is reported
    found: list[Frame] = []
    for child in tok.children:
        if child.i < tok.i and child.dep_ in {"advcl", "parataxis", "ccomp"}:
            frame = _incise(tok, child, sent, lemma, lex)
        elif child.i > tok.i:
            frame = _complement(tok, child, lemma, lex)
        else:
            frame = None
        if frame is not None:
            found.append(frame)
    if tok.dep_ == "acl:relcl" and lemma in lex.incise:
        frame = _recap(tok, sent, lex)
        if frame is not None:
            return [frame]
    if not found and tok.dep_ in _CLAUSE_LINKS and tok.head.i < tok.i:
        frame = _trailing_incise(tok, sent, lemma, lex)
        if frame is not None:
            found.append(frame)
    if lemma in lex.que and not found:
        frame = _surface_que(tok, sent, lex)
        if frame is not None:
            found.append(frame)
    return found


def _surface_que(verb: Token, sent: Span, lex: FrameLexicon) -> Frame | None:
    """'X estime que <content>' when the parser did not hang the clause as a ccomp: the
    first 'que' after the cue, past only adverbs and prepositional phrases ('a déclaré
    lundi à des journalistes que …'), opens the content, which runs to the sentence end."""
    doc = sent.doc
    for tok in doc[verb.i + 1 : min(sent.end, verb.i + 12)]:
        if tok.lower_ in lex.que_marks:
            before = doc[tok.i - 1]
            if "Rel" in tok.morph.get("PronType", []) and before.dep_ == "obj":
                return None  # "écrire des choses que l'on regrettera": a relative
            rest = [t for t in doc[tok.i + 1 : sent.end] if not t.is_space]
            if len(rest) < 3:
                return None
            return Frame(rest[0].idx, _end(rest[-1]), verb, None)
        if tok.is_punct and tok.text not in {","}:
            return None
        if tok.pos_ == "VERB":
            return None  # "X, confirmé par les députés, a annoncé que …": that verb's 'que'
        bare_noun = tok.pos_ in {"NOUN", "PROPN"} and not any(
            c.dep_ == "case" for c in tok.children
        )
        if bare_noun and tok.lower_ not in lex.time_nouns:
            return None  # 'a annoncé le plan qu'il a préparé': a relative, not speech
    return None


def _complement(verb: Token, child: Token, lemma: str, lex: FrameLexicon) -> Frame | None:
    marks = {m.lower_ for m in child.children if m.dep_ == "mark"}
    if child.dep_ == "ccomp" and lemma in lex.que and marks & lex.que_marks:
        if _relative_after_object(verb, child):
            return None  # "elle écrit ses Mémoires, qu'elle destine à …": a relative
        return _span_frame(child, verb, lex, skip_marks=True)
    if child.dep_ == "ccomp" and lemma in lex.question and marks & lex.question_marks:
        return _span_frame(child, verb, lex, skip_marks=True)  # "a demandé s'il …"
    if child.pos_ == "VERB" and child.dep_ in {"xcomp", "advcl"}:
        if lemma in lex.infinitive and marks & {"à", "de", "d'", "d’"}:
            return _span_frame(child, verb, lex, skip_marks=True)
        if lemma in lex.bare and child.dep_ == "xcomp" and not marks and _infinitive(child):
            return _span_frame(child, verb, lex, skip_marks=False)
    if child.dep_ in {"obj", "iobj", "obl:arg"} and lemma in lex.infinitive:
        for clause in child.children:  # "demandé au juge de repousser …" hung on "juge"
            clause_marks = {m.lower_ for m in clause.children if m.dep_ == "mark"}
            if (
                clause.dep_ == "acl"
                and clause.pos_ == "VERB"
                and clause_marks & {"à", "de", "d'", "d’"}
            ):
                return _span_frame(clause, verb, lex, skip_marks=True)
    if child.dep_ == "xcomp" and child.pos_ == "ADJ" and lemma in lex.adjective:
        return _adjective_frame(verb, child, lex)
    if _negated(verb, lex.negations) or _inverted_subject(verb, child):
        return None  # "sans demander un arrêt des combats"; "…, a annoncé le Parquet"
    if child.dep_ == "obj" and child.pos_ == "NOUN" and lemma in lex.obj and _contentful(child):
        return _with_trailing(_span_frame(child, verb, lex, skip_marks=False), verb, child)
    cases = {c.lower_ for c in child.children if c.dep_ == "case"}
    if lemma in lex.de:
        return _de_frame(verb, child, lemma, lex)
    if (
        child.dep_.startswith("obl")
        and child.pos_ == "NOUN"
        and lemma in lex.obl
        and cases & {"à", "pour", "au", "aux"}
    ):
        return _span_frame(child, verb, lex, skip_marks=True, skip_case=True)
    return None


_TRAILING_DEPS = {"obl", "obl:mod", "obl:arg", "advcl"}


def _relative_after_object(verb: Token, clause: Token) -> bool:
    """A 'que' clause set off by a comma right after the verb's object noun is a
    relative on that noun that the parser took for the verb's complement."""
    mark = next((m for m in clause.children if m.dep_ == "mark"), None)
    if mark is None or mark.i < 2:
        return False
    comma, before = verb.doc[mark.i - 1], verb.doc[mark.i - 2]
    has_object = any(c.dep_ == "obj" and c.i < mark.i for c in verb.children)
    return comma.text == "," and before.pos_ in {"NOUN", "PROPN"} and has_object


def _with_trailing(frame: Frame | None, verb: Token, obj: Token) -> Frame | None:
    """A noun-phrase content runs on through the phrases the parser hung on the cue
    right after it, with no comma between ('exige un désarmement de l'IRA | avant la
    formation du gouvernement'); 'a exigé un cessez-le-feu, lors d'une réunion' stops."""
    if frame is None:
        return None
    end = obj.right_edge.i
    for c in verb.children:
        if c.i <= end:
            continue
        if c.dep_ not in _TRAILING_DEPS or c.left_edge.i != end + 1:
            break
        end = c.right_edge.i
    last = verb.doc[end]
    if last.is_punct or last.idx + len(last.text) <= frame.end:
        return frame
    return Frame(frame.start, _end(last), frame.cue, frame.speaker)


def _adjective_frame(verb: Token, adj: Token, lex: FrameLexicon) -> Frame | None:
    """'X s'est dit favorable à <content>': the content is what the adjective governs,
    without 'favorable à', on to the end of the cue's clause ('… à un « quinquennat de
    cohérence » | consistant à aligner …'), not into a clause conjoined to the cue."""
    arg = next(
        (
            c
            for c in adj.children
            if c.i > adj.i
            and c.dep_.startswith(("obl", "nmod", "xcomp", "ccomp"))
            and any(
                k.dep_ in {"case", "mark"} and k.lower_ in lex.adjective_cases for k in c.children
            )
        ),
        None,
    )
    if arg is None:
        return _span_frame(adj, verb, lex, skip_marks=False)
    first = arg.left_edge.i
    while first < arg.i and verb.doc[first].dep_ in {"case", "mark"}:
        first += 1
    stops = {
        t.i
        for c in verb.children
        if c.i > arg.i and c.dep_ in {"conj", "parataxis", "cc"}
        for t in c.subtree
    }
    tokens = [t for t in verb.subtree if t.i >= first and t.i not in stops]
    tokens = _until_next_cue(tokens, arg, lex)
    if stops:
        tokens = [t for t in tokens if t.i < min(stops)]
    if len(tokens) < 2:
        return None
    return Frame(tokens[0].idx, _end(tokens[-1]), verb, None)


def _de_frame(verb: Token, child: Token, lemma: str, lex: FrameLexicon) -> Frame | None:
    """'X a fait état de <content>': the phrase after de, hung on the verb or on the
    cue's own noun ('fait état | du délicat positionnement', 'fait état jeudi | de …')."""
    if child.dep_ == "obj" and child.lower_ in lemma.split():
        phrase = next(
            (
                g
                for g in child.subtree
                if g.dep_ == "nmod" and g.i > child.i and _cased(g, lex.de_words)
            ),
            None,
        )
        if phrase is None:
            return None
        child = phrase
    elif not child.dep_.startswith("obl"):
        return None
    if child.pos_ not in {"NOUN", "PROPN", "NUM"}:
        return None
    if not _cased(child, lex.de_words):
        return None
    first = child.left_edge.i
    while first < child.i and verb.doc[first].dep_ == "case":
        first += 1  # "de", "du": not content
    # the content runs on to the end of the cue's clause ("… des Etats-Unis | depuis le
    # début de la guerre"), not past a second report
    tokens = _until_next_cue([t for t in verb.subtree if t.i >= first], child, lex)
    if len(tokens) < 2:
        return None
    return Frame(tokens[0].idx, _end(tokens[-1]), verb, None)


def _cased(tok: Token, cases: Collection[str]) -> bool:
    return any(c.dep_ == "case" and c.lower_ in cases for c in tok.children)


def _impersonal(verb: Token) -> bool:
    """An imperative, or a passive cue with no agent ('Il a été observé que …', 'le
    ministre sommé de démissionner'): nobody is named as saying it."""
    if "Imp" in verb.morph.get("Mood", []):
        return True
    participle = (  # "le ministre sommé de …": a past participle on a noun
        verb.dep_ == "acl"
        and "Part" in verb.morph.get("VerbForm", [])
        and "Past" in verb.morph.get("Tense", [])
    )
    passive = (
        participle
        or "Pass" in verb.morph.get("Voice", [])
        or any(c.dep_ == "aux:pass" for c in verb.children)
    )
    return passive and not any(c.dep_ == "obl:agent" for c in verb.children)


def _infinitive(verb: Token) -> bool:
    """An infinitive, simple ('dit attendre') or compound ('reconnu avoir abattu')."""
    if "Inf" in verb.morph.get("VerbForm", []):
        return True
    return any(
        c.dep_.startswith("aux") and "Inf" in c.morph.get("VerbForm", []) and c.i < verb.i
        for c in verb.children
    )


def _negated(verb: Token, negations: frozenset[str]) -> bool:
    """A cue under negation ('ne demande pas', 'sans demander', 'aucune commune n'a
    envisagé') reports nothing said; the parser may hang 'ne' on the auxiliary."""
    heads = [verb, *(c for c in verb.children if c.dep_.startswith(("aux", "nsubj")))]
    return any(
        c.lower_ in negations
        for h in heads
        for c in h.children
        if c.dep_ in {"advmod", "mark", "det"}
    )


def _inverted_subject(verb: Token, child: Token) -> bool:
    """'<content>, a annoncé le Parquet': with no subject before it and a comma before the
    cue, the noun after the cue is its inverted subject, not an object."""
    if child.dep_ != "obj" or any(c.dep_.startswith("nsubj") for c in verb.children):
        return False
    before = [t for t in verb.doc[verb.sent.start : verb.i] if t.dep_ not in {"aux", "aux:tense"}]
    return bool(before) and before[-1].text == ","


def _incise(verb: Token, clause: Token, sent: Span, lemma: str, lex: FrameLexicon) -> Frame | None:
    """'<clause>, a indiqué X': the cue follows a comma and its subject follows it."""
    if lemma not in lex.incise:
        return None
    between = sent.doc[clause.right_edge.i + 1 : verb.i]
    if not any(t.text == "," for t in between):
        return None
    if any(
        c.dep_.startswith("nsubj") and c.i < verb.i and not c.text.startswith("-")
        for c in verb.children
    ):
        return None
    inverted = any(
        (c.i > verb.i and c.dep_ in {"nsubj", "obj", "expl:subj"} and c.pos_ in {"NOUN", "PROPN"})
        or c.text.startswith("-")
        for c in verb.children
    ) or _speaks(_inverted_noun(verb), lex)
    participle = "VerbForm=Part" in str(clause.morph) and not any(
        c.dep_.startswith("aux") for c in clause.children
    )
    if not inverted or (clause.tag_ == "VERB" and participle):
        return None  # "Un responsable, s'exprimant sous couvert d'anonymat, a affirmé …"
    content = _without_connective(list(sent.doc[clause.left_edge.i : clause.right_edge.i + 1]))
    if not content:
        return None
    return Frame(content[0].idx, _end(content[-1]), verb, None, after=True)


_CLAUSE_LINKS = {"conj", "advcl", "parataxis", "ccomp", "xcomp"}


def _trailing_incise(verb: Token, sent: Span, lemma: str, lex: FrameLexicon) -> Frame | None:
    """'<clause>, a annoncé le parquet de Lyon.' when the parser made the cue a
    dependent of the clause it reports (a conjunct, an adverbial clause): the content is
    the clause before the comma, and the noun phrase after the cue, its inverted subject,
    must be able to speak ("…, a annoncé un plan" is a second predicate, not an incise)."""
    if lemma not in lex.incise or _negated(verb, lex.negations):
        return None
    group = [
        t
        for t in sent.doc[sent.start : verb.i]
        if t.dep_ not in {"aux", "aux:tense"} and not t.text.startswith("-")  # "a-t-il"
    ]
    if not group or group[-1].text != "," or len(group) < 4:
        return None
    if any(
        c.dep_.startswith("nsubj") and c.i < verb.i and not c.text.startswith("-")
        for c in verb.children
    ):
        return None
    hyphen = any(t.text.startswith("-") for t in sent.doc[group[-1].i + 1 : verb.i])
    if not hyphen and not _speaks(_inverted_noun(verb), lex):
        return None
    content = _without_connective([t for t in group[:-1] if not t.is_space])
    if len(content) < 3 or not any("Fin" in t.morph.get("VerbForm", []) for t in content):
        return None  # a noun phrase, not a reported clause
    return Frame(content[0].idx, _end(content[-1]), verb, None, after=True)


def _recap(verb: Token, sent: Span, lex: FrameLexicon) -> Frame | None:
    """ "<sentence>. C'est ce qu'a annoncé X.": the cue's relative clause hangs on the
    pointer of a cleft that opens its sentence, its object is the relative pronoun, and
    what was said is the sentence before."""
    pointer = verb.head
    if pointer.lower_ not in lex.recap_pointers or pointer.i - sent.start > 3:
        return None
    if not any(c.dep_ == "cop" for c in pointer.children):
        return None
    if not any(c.dep_ == "obj" and c.lower_ in lex.recap_relatives for c in verb.children):
        return None
    if sent.start == 0:
        return None
    before = sent.doc[sent.start - 1].sent
    content = _without_connective([t for t in before if not t.is_space])
    while content and content[-1].is_punct:
        content = content[:-1]
    if len(content) < 3:
        return None
    return Frame(content[0].idx, _end(content[-1]), verb, None, after=True)


def _without_connective(tokens: list[Token]) -> list[Token]:
    """A reported clause without the connective that links it to the text before
    ("Mais …", "Ainsi, …")."""
    while tokens and (tokens[0].dep_ == "cc" or tokens[0].is_punct):
        tokens = tokens[1:]
    if len(tokens) > 2 and tokens[1].text == "," and tokens[0].pos_ == "ADV":
        tokens = tokens[2:]
    return tokens


def _inverted_noun(verb: Token) -> Token | None:
    """The first bare noun phrase after a cue, before anything that opens a clause:
    its inverted subject, however the parser attached it ("a indiqué à des journalistes
    un haut responsable": an apposition of the addressee)."""
    for tok in verb.doc[verb.i + 1 : verb.sent.end]:
        if tok.dep_ == "mark" or (tok.is_punct and tok.text != "-"):
            return None
        if tok.pos_ == "PRON" and tok.text.startswith("-"):
            return tok
        if tok.pos_ in {"NOUN", "PROPN"} and not any(c.dep_ == "case" for c in tok.children):
            return tok
    return None


def _speaks(tok: Token | None, lex: FrameLexicon) -> bool:
    """An inverted subject that can report: "-t-il", a name, a body, a person noun."""
    if tok is None:
        return False
    return tok.text.startswith("-") or _holds_views(tok, lex)


def _contentful(head: Token) -> bool:
    """A noun phrase that states something ('la réduction de l'offensive'), not a mere
    pointer back ('cette idée', 'cette possibilité') or a bare noun."""
    determiners = {d.lower_ for d in head.children if d.dep_ == "det"}
    size = sum(1 for _ in head.subtree)
    return size >= 3 and not determiners & {"ce", "cet", "cette", "ces"}


def _span_frame(
    head: Token, verb: Token, lex: FrameLexicon, skip_marks: bool, skip_case: bool = False
) -> Frame | None:
    tokens = _until_next_cue([t for t in head.subtree if not (t.i < verb.i)], head, lex)
    skip = {"mark"} if skip_marks else set()
    if skip_case:
        skip.add("case")
    while tokens and tokens[0].dep_ in skip and tokens[0].head == head:
        tokens = tokens[1:]
    if len(tokens) < 2:
        return None
    return Frame(tokens[0].idx, _end(tokens[-1]), verb, None)


def _until_next_cue(tokens: list[Token], head: Token, lex: FrameLexicon) -> list[Token]:
    """The content stops where a second report starts inside its subtree ('a reconnu les
    faits et regrette que …', '…, assurant que …'): that report is a frame of its own."""
    for n, tok in enumerate(tokens):
        if n < 2 or tok == head or tok.pos_ != "VERB" or tok.dep_ not in {"conj", "advcl", "fixed"}:
            continue
        gerund = "Pres" in tok.morph.get("Tense", []) and any(
            t.text == "," for t in tokens[max(0, n - 3) : n]
        )  # "…, tout en reconnaissant que …"
        if (tokens[n - 1].text not in {",", "et"} and not gerund) or tok.head.i > tok.i:
            continue
        if (cue_lemma(tok, lex.known) or tok.lemma_.lower()) in _framing(lex):
            cut = max(k for k in range(max(0, n - 3), n) if tokens[k].text in {",", "et"})
            return tokens[:cut]
    return tokens


def _prep_frames(sent: Span, lex: FrameLexicon, words: list[str] | None = None) -> list[Frame]:
    """Source prepositions of a sentence; ``words`` its tokens' lowercase forms."""
    found: list[Frame] = []
    if words is None:
        words = [t.lower_ for t in sent]
    firsts = {prep[0] for prep in lex.preps}
    if words[-1] == "?" or (len(words) > 1 and words[-2] == "?"):
        return found  # a question reports no one's claim ("… aux yeux de ses détracteurs ?")
    for i, word in enumerate(words):
        if word not in firsts:
            continue  # no preposition starts here
        tok = sent[i]
        for prep in lex.preps:
            if tuple(words[i : i + len(prep)]) != prep:
                continue
            if prep == ("pour",) and not _opens_sentence(sent, i):
                continue
            source = sent[i + len(prep) - 1].head
            while source.pos_ == "ADP" and source.head.i > source.i:
                source = source.head  # "D'après X": "après" hangs on "D'", which hangs on X
            if source.pos_ not in {"NOUN", "PROPN", "PRON"} or source.i < tok.i:
                continue
            if source.pos_ == "PRON" and "Prs" not in source.morph.get("PronType", []):
                continue  # "pour certaines, …" names no one
            if source.lemma_.lower() in lex.not_sources or source.lower_ in lex.not_sources:
                continue  # "Pour l'instant, …", "selon les mesures en vigueur"
            if prep == ("pour",) and not _holds_views(source, lex):
                continue  # "Pour la répression, …", "pour certaines, …"
            if _criterion(source, lex):
                continue  # "ils ont classé les tweets selon la source"
            frame = _around(sent, tok, source)
            if frame is not None:
                lemma = " ".join(prep).replace("' ", "'").replace("’ ", "'")
                found.append(replace(frame, lemma=lemma) if len(prep) > 1 else frame)
    return found


def _holds_views(source: Token, lex: FrameLexicon) -> bool:
    """Whether the noun after 'pour' can hold a view: a name, a personal pronoun, a
    person noun, a document or a body ('Pour le gouvernement, …')."""
    if source.pos_ == "PRON":
        return source.lower_ in lex.source_pronouns
    if source.pos_ == "PROPN" or source.ent_type_ in {"PER", "ORG"}:
        return True
    if source.lemma_.lower() in lex.bodies or source.lower_ in lex.bodies:
        return True
    return fold(source.lemma_) in lex.people or fold(source.text) in lex.people


def _criterion(source: Token, lex: FrameLexicon) -> bool:
    """'selon <common noun>' in the clause of an active sorting verb ('ils ont classé les
    tweets selon la source'): a criterion; 'la Tunisie est classée …, selon le Forum
    économique mondial' still names a source."""
    if source.pos_ != "NOUN" or source.ent_type_ in {"PER", "ORG"}:
        return False
    return any(
        verb.pos_ == "VERB"
        and verb.lemma_.lower() in lex.criterion_verbs
        and not any(c.dep_ in {"aux:pass", "nsubj:pass"} for c in verb.children)
        for verb in source.ancestors
    )


def _opens_sentence(sent: Span, i: int) -> bool:
    """'Pour X, …' is a source only at the head of its sentence, after at most a
    connective ('Cependant, pour les auteurs, …')."""
    return all(t.pos_ in {"CCONJ", "ADV", "PUNCT"} for t in sent[:i]) and i <= 3


def _around(sent: Span, prep: Token, source: Token) -> Frame | None:
    """The clause a 'selon X' phrase attaches to, without the phrase itself."""
    doc = sent.doc
    phrase_start = _after_prep(prep, source)
    phrase_end = source.right_edge.i + 1
    if _opens_sentence(sent, prep.i - sent.start):
        commas = [t.i for t in doc[prep.i : sent.end] if t.text == ","]
        # after the source's apposition ("Selon le porte-parole, Paul Vernet, « … »")
        edge = source.right_edge.i
        comma = next((c for c in commas if c >= edge and c + 1 < sent.end), None)
        if comma is None or any(t.pos_ in {"VERB", "AUX"} for t in doc[prep.i : comma]):
            comma = commas[0] if commas else None
        if comma is not None:
            phrase_end = comma  # "Selon la Croix-Rouge valdorienne, …": up to the comma
        rest = doc[phrase_end : sent.end]
        while len(rest) and rest[0].is_punct:
            rest = rest[1:]
        if len(rest) < 3 or phrase_end <= phrase_start:
            return None
        who = (doc[phrase_start].idx, _end(doc[phrase_end - 1]))
        return Frame(rest[0].idx, _end(rest[-1]), prep, source, speaker_span=who)
    before = doc[sent.start : prep.i]
    if len(before) < 3:
        return None
    who = (doc[phrase_start].idx, _end(doc[max(phrase_start, phrase_end - 1)]))
    after = [t for t in doc[phrase_end : sent.end] if not t.is_punct and not t.is_space]
    if len(after) >= 3:  # "… ont été tuées selon les autorités depuis le début …"
        return Frame(before[0].idx, _end(after[-1]), prep, source, speaker_span=who)
    return Frame(before[0].idx, _end(before[-1]), prep, source, after=True, speaker_span=who)


def _after_prep(prep: Token, source: Token) -> int:
    """First token of the source phrase after a (possibly multi-word) preposition."""
    i = prep.i + 1
    while i < source.i and source.doc[i].dep_ in {"fixed", "case"}:
        i += 1
    return i


def _end(tok: Token) -> int:
    """End offset of a span ending at ``tok``, trailing punctuation and spaces off."""
    doc = tok.doc
    i = tok.i
    while i > 0 and not doc[i].text.strip(_TRAILING):
        i -= 1
    end = doc[i].idx + len(doc[i].text)
    if doc[tok.i].text == ")" and i < tok.i:  # keep a closing parenthesis opened inside
        before = doc[tok.sent.start : tok.i].text
        if before.count("(") > before.count(")"):
            return doc[tok.i].idx + 1
    return end
