"""Actors' stances on issues, read from their quotes and events.

Issues and the words that name them are data (``data/<lang>/issues.yaml``, extended by a
user file through ``VEILLE_ISSUES``); so are the words that tell a position
(``data/<lang>/stance_cues.yaml``). A stance needs evidence: a quote whose content names
the issue (its speaker holds the stance) or an event whose clause names it (its source
holds it). The position comes from the word that governs the issue's mention in the parse
("appelle à un cessez-le-feu", "un cessez-le-feu profiterait au Hamas"), with its negation;
failing that from the cue of the quote or the type of the event.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from spacy.tokens import Doc, Token

from veille.actors.text import fold_keep
from veille.nlp import doc_text
from veille.records import Event, Quote, Stance
from veille.resources import load_yaml

Position = Literal["support", "oppose", "mixed"]
ISSUES_ENV = "VEILLE_ISSUES"
_EVENT_STANCE: dict[str, Position] = {
    "REQUEST": "support",
    "AGREE": "support",
    "SUPPORT": "support",
    "REJECT": "oppose",
    "ACCUSE": "oppose",
    "ABSTAIN": "mixed",
    "PROTEST": "oppose",
}
# Event types whose stance is their own whatever the clause's words say.
_TYPE_STANCE: dict[str, Position] = {"ABSTAIN": "mixed"}
_FLIP: dict[Position, Position] = {"support": "oppose", "oppose": "mixed", "mixed": "mixed"}
_OPPOSITE: dict[Position, Position] = {"support": "oppose", "oppose": "support", "mixed": "mixed"}
_NEGATIONS = {"pas", "jamais", "plus", "guère", "point"}


@dataclass(frozen=True, slots=True)
class Issue:
    """An issue; ``against`` names what it is against ("pertes civiles" for the protection
    of civilians): a position on those words is the opposite position on the issue."""

    id: str
    label: dict[str, str]
    expressions: tuple[str, ...]
    against: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IssueMention:
    issue: str
    start: int
    end: int
    inverted: bool = False


@cache
def _issue_data(lang: str, user_file: str | None) -> tuple[Issue, ...]:
    data = dict(load_yaml(lang, "issues"))
    if user_file:
        path = Path(user_file)
        try:
            extra = yaml.safe_load(path.read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ValueError(f"{path}: cannot read issues ({exc})") from exc
        if not isinstance(extra, dict):
            raise ValueError(f"{path}: issues must be a mapping of id -> issue")
        data.update(extra)
    out = []
    for issue_id, spec in data.items():
        if not isinstance(spec, dict) or not spec.get("expressions"):
            raise ValueError(f"issue {issue_id!r}: needs a list of expressions")
        label = spec.get("label") or {}
        against = tuple(map(str, spec.get("against") or ()))
        out.append(Issue(str(issue_id), dict(label), tuple(map(str, spec["expressions"])), against))
    return tuple(out)


def issues(lang: str = "fr") -> tuple[Issue, ...]:
    """The bundled issues, extended or overridden by the file named in ``VEILLE_ISSUES``."""
    return _issue_data(lang, os.environ.get(ISSUES_ENV) or None)


def _expression_pattern(expression: str) -> str:
    """Words in order, hyphens and spaces interchangeable, optional plural endings."""
    out = ""
    for w in re.findall(r"\w+|['’]", fold_keep(expression).lower()):
        if w in {"'", "’"}:
            out += r"['’]\s*"
            continue
        if out and not out.endswith(r"\s*"):
            out += r"[\s\u00a0\-]+"
        out += re.escape(w) + ("(?:s|x)?" if len(w) >= 3 else "")
    return r"\b" + out + r"\b"


@cache
def _matcher(lang: str, user_file: str | None) -> list[tuple[str, re.Pattern[str], str, bool]]:
    """(a word the expression must contain, its pattern, issue id, whether it names what
    the issue is against) per issue expression: a substring test on the word skips most
    patterns before any regex runs."""
    pats = []
    for issue in _issue_data(lang, user_file):
        for inverted, listed in ((False, issue.expressions), (True, issue.against)):
            for expr in listed:
                words = re.findall(r"\w+", fold_keep(expr).lower()) or [""]
                pattern = re.compile(_expression_pattern(expr), re.IGNORECASE)
                pats.append((max(words, key=len), pattern, issue.id, inverted))
    return pats


def find_issue_mentions(text: str, lang: str = "fr") -> list[IssueMention]:
    """Issue names in ``text``, longest first where two overlap; offsets index ``text``
    (folding keeps one character per character)."""
    folded = fold_keep(text).lower()
    found = []
    for word, pattern, issue, inverted in _matcher(lang, os.environ.get(ISSUES_ENV) or None):
        if word not in folded:
            continue
        for m in pattern.finditer(folded):
            found.append(IssueMention(issue, m.start(), m.end(), inverted))
    chosen: list[IssueMention] = []
    for im in sorted(found, key=lambda x: (-(x.end - x.start), x.start)):
        if all(im.end <= o.start or o.end <= im.start for o in chosen):
            chosen.append(im)
    return sorted(chosen, key=lambda x: x.start)


@dataclass(frozen=True, slots=True)
class StanceLexicon:
    words: dict[str, Position]
    prepositions: tuple[tuple[str, Position], ...]
    negative_determiners: frozenset[str]


@cache
def stance_lexicon(lang: str = "fr") -> StanceLexicon:
    data = load_yaml(lang, "stance_cues")
    words: dict[str, Position] = {}
    for position in ("support", "oppose", "mixed"):
        for w in data.get(position, []):
            words[str(w).lower()] = position
    preps = tuple(
        (str(k).lower(), v) for k, v in sorted(data.get("prepositions", {}).items(), key=len)
    )
    return StanceLexicon(words, preps, frozenset(data.get("negative_determiners", [])))


def find_stances(
    doc: Doc,
    quotes: Iterable[Quote],
    events: Iterable[Event],
    lang: str = "fr",
    date: str | None = None,
) -> list[Stance]:
    """One stance per (issue mention, actor) found in a quote or an event."""
    mentions = find_issue_mentions(doc_text(doc), lang)
    if not mentions:
        return []
    lex = stance_lexicon(lang)
    out: dict[tuple[int, str | None], Stance] = {}
    quotes = list(quotes)
    for q in quotes:
        actor = q.speaker.actor_id
        name = q.speaker.name
        if not actor and not name:
            continue
        # "X a incité Y à …, selon une source": the words inside the nested report are
        # X's stance, not the source's
        nested = [
            (o.start, o.end) for o in quotes if o is not q and q.start <= o.start < o.end <= q.end
        ]
        for m in mentions:
            if any(a <= m.start and m.end <= b for a, b in nested):
                continue
            if q.start <= m.start and m.end <= q.end:
                position = _position(doc, m, lex) or _cue_position(q.verb, lex)
                if position and m.inverted:
                    position = _OPPOSITE[position]
                if position:
                    stance = Stance(
                        m.issue,
                        position,
                        m.start,
                        m.end,
                        actor,
                        name,
                        "quote",
                        q.start,
                        q.end,
                        q.verb,
                        date,
                    )
                    out.setdefault((m.start, actor or name), stance)
    events = list(events)
    for m in mentions:
        for e in _events_about(doc, m, events):
            said = None if e.type in _TYPE_STANCE else _position(doc, m, lex)
            by_type = _TYPE_STANCE.get(e.type) or _EVENT_STANCE.get(e.type)
            # the words' position already reads their negation ("ne demande pas")
            position = said or (_FLIP[by_type] if e.negated and by_type else by_type)
            if position is None:
                continue
            position = _OPPOSITE[position] if m.inverted else position
            ev_start, ev_end = e.evidence_start or 0, e.evidence_end or 0  # set: see above
            for a in e.sources:  # joint actors each hold the stance
                if not a.actor_id:
                    continue
                stance = Stance(
                    m.issue, position, m.start, m.end, a.actor_id, a.name,
                    "event", ev_start, ev_end, e.verb, e.date or date,
                )  # fmt: skip
                out.setdefault((m.start, a.actor_id), stance)
    return sorted(out.values(), key=lambda s: (s.start, s.actor_id or ""))


def _tokens_at(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _position(doc: Doc, mention: IssueMention, lex: StanceLexicon) -> Position | None:
    """The position the words around the mention give, or None if they give none."""
    tok = _tokens_at(doc, mention.start, mention.end)
    if tok is None:
        return None
    left = [c.lower_ for c in tok.children if c.i < tok.i]
    if "sans" in left:  # "refuse une trêve sans la libération des otages": insists on it
        outer = _governed(tok, lex)
        return None if outer is None else _OPPOSITE[outer]
    if any(w in lex.negative_determiners for w in left):
        return "oppose"  # "pas de cessez-le-feu", "aucune trêve"
    before = fold_keep(doc_text(doc)[max(0, mention.start - 20) : mention.start]).lower()
    for prep, position in lex.prepositions:
        if re.search(rf"\b{re.escape(fold_keep(prep))}\s+(?:\w+\s+)?$", before):
            governor = tok.head
            return _FLIP[position] if _negated(governor) else position
    return _governed(tok, lex)


def _governed(tok: Token, lex: StanceLexicon) -> Position | None:
    """The position the first stance word above ``tok`` gives (within its clause)."""
    head = tok
    for _ in range(4):
        if head.head == head:
            break
        head = head.head
        word = head.lemma_.lower()
        said = lex.words.get(word) or lex.words.get(head.lower_)
        if said:
            return _FLIP[said] if _negated(head) else said
        if head.pos_ in {"VERB"} and head.dep_ in {"ROOT", "ccomp"} and head.lemma_ != "être":
            break
    return None


def _cue_position(verb: str | None, lex: StanceLexicon) -> Position | None:
    if not verb:
        return None
    return lex.words.get(verb.removeprefix("se ").removeprefix("s'").lower())


def _negated(tok: Token) -> bool:
    """ "n'a pas demandé", "sans demander"."""
    kids = list(tok.children)
    for aux in [c for c in kids if c.dep_.startswith("aux")]:
        kids += list(aux.children)
    if any(c.dep_ == "mark" and c.lower_ == "sans" for c in kids):
        return True
    return any(c.lower_ in {"ne", "n'", "n’"} for c in kids) and any(
        c.lower_ in _NEGATIONS for c in kids
    )


def _events_about(doc: Doc, mention: IssueMention, events: Iterable[Event]) -> list[Event]:
    """The events (with evidence) whose clause holds the mention."""
    return [
        e
        for e in events
        if e.evidence_start is not None
        and e.evidence_end is not None
        and e.evidence_start <= mention.start < e.evidence_end
        and _in_clause(doc, e, mention)
    ]


def _in_clause(doc: Doc, event: Event, mention: IssueMention) -> bool:
    """The mention sits in the event verb's clause: below the verb, with no finite
    adverbial clause between ("Netanyahu a empêché … lorsque les États-Unis ont permis une
    résolution exigeant un cessez-le-feu": the demand is not Netanyahu's)."""
    trigger = doc.char_span(event.start, event.end, alignment_mode="expand")
    tok = _tokens_at(doc, mention.start, mention.end)
    if trigger is None or tok is None:
        return False
    verbs = [t for t in trigger if t.pos_ in {"VERB", "AUX"}] or [trigger.root]
    # "… une résolution exigeant un cessez-le-feu en s'abstenant": a participial or
    # adverbial event clause is about what its governing clause names
    verbs += [v.head for v in verbs if v.dep_ in {"advcl", "xcomp"} and not _finite(v)]
    chain = [tok, *tok.ancestors]
    for v in verbs:
        if v not in chain:
            continue
        between = chain[: chain.index(v)]
        if not any(t.dep_ in {"advcl", "parataxis"} and _finite(t) for t in between):
            return True
    return False


def _finite(verb: Token) -> bool:
    return any(
        "Fin" in t.morph.get("VerbForm", [])
        for t in [verb, *(c for c in verb.children if c.dep_.startswith("aux"))]
    )
