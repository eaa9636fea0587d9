"""Quotation-mark pairing: where quoted spans are, before any parsing.

Marks are paired inside one paragraph only: a mark left open at the end of a paragraph
is dropped, never paired with a mark in the next paragraph (French wire copy reopens
guillemets at each paragraph of a long quotation, and a stray mark must not swallow the
article). Inner marks of another kind inside a span belong to its content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from veille.resources import load_yaml

_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """A quoted span: marks at ``open``/``close - 1``, content in ``start:end`` (trimmed)."""

    open: int
    close: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class MarkConfig:
    pairs: tuple[tuple[str, str], ...]
    inner_space: str
    min_direct_words: int
    trailer: re.Pattern[str] | None = None
    trailer_max_chars: int = 0
    trailer_head: re.Pattern[str] | None = None
    trailer_tail: re.Pattern[str] | None = None


@cache
def mark_config(lang: str) -> MarkConfig:
    data = load_yaml(lang, "quote_marks")
    return MarkConfig(
        pairs=tuple((o, c) for o, c in data["pairs"]),
        inner_space=data["inner_space"],
        min_direct_words=int(data["min_direct_words"]),
        trailer=_pattern(data.get("trailer"), re.MULTILINE),
        trailer_max_chars=int(data.get("trailer_max_chars", 0)),
        trailer_head=_pattern(data.get("trailer_strip_head")),
        trailer_tail=_pattern(data.get("trailer_strip_tail")),
    )


def _pattern(source: str | None, flags: int = 0) -> re.Pattern[str] | None:
    return re.compile(source, flags) if source else None


@dataclass(frozen=True, slots=True)
class CreditedPost:
    """Text credited by a trailer line ('— Name (@handle) Date'): ``start:end`` is the
    post's text, ``name`` who posted it."""

    start: int
    end: int
    name: str


def find_credited_posts(text: str, lang: str = "fr") -> list[CreditedPost]:
    """Embedded posts: the paragraphs right above a trailer line, while they stay a post's
    length, trimmed of links, hashtags and emoji."""
    cfg = mark_config(lang)
    if cfg.trailer is None:
        return []
    paras = paragraphs(text)
    found = []
    for n, (p_start, p_end) in enumerate(paras):
        m = cfg.trailer.match(text, p_start, p_end)
        if m is None or n == 0:
            continue
        first = n - 1
        if (
            first > 0
            and not _opens_post(text, paras[first], cfg)
            and _opens_post(text, paras[first - 1], cfg)
            and paras[n - 1][1] - paras[first - 1][0] <= cfg.trailer_max_chars
        ):
            first -= 1  # a two-paragraph post: its first paragraph opens with its furniture
        start, end = paras[first][0], paras[n - 1][1]
        if end - start > cfg.trailer_max_chars:
            continue  # not a post: an article paragraph above a stray dash
        start, end = _strip_post(text, start, end, cfg)
        if end - start > 1:
            found.append(CreditedPost(start, end, m.group("name").strip()))
    return found


def _opens_post(text: str, para: tuple[int, int], cfg: MarkConfig) -> bool:
    """Whether a paragraph opens with post furniture (emoji, hashtags)."""
    head = cfg.trailer_head.match(text, *para) if cfg.trailer_head is not None else None
    return head is not None and head.end() > para[0]


def _strip_post(text: str, start: int, end: int, cfg: MarkConfig) -> tuple[int, int]:
    if cfg.trailer_head is not None:
        head = cfg.trailer_head.match(text, start, end)
        start = head.end() if head else start
    if cfg.trailer_tail is not None:
        tail = cfg.trailer_tail.search(text, start, end)
        end = tail.start() if tail else end
    return start, end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the paragraphs of ``text`` (blank-line separated)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _PARAGRAPH.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def find_quoted_spans(text: str, lang: str = "fr") -> list[QuotedSpan]:
    """Outermost quoted spans of ``text``, in order, never crossing a paragraph break."""
    return list(_quoted_spans(text, lang))


@lru_cache(maxsize=256)
def _quoted_spans(text: str, lang: str) -> tuple[QuotedSpan, ...]:
    # Cached: selective parsing, quotes and events read the same article's spans.
    cfg = mark_config(lang)
    spans: list[QuotedSpan] = []
    paras = paragraphs(text)
    for n, (p_start, p_end) in enumerate(paras):
        found = _spans_in(text, p_start, p_end, cfg)
        reopened = _reopened(text, p_start, p_end, paras[n + 1 : n + 2], found, cfg)
        spans.extend(found if reopened is None else [*found, reopened])
    return tuple(spans)


def _reopened(
    text: str,
    start: int,
    end: int,
    following: list[tuple[int, int]],
    found: list[QuotedSpan],
    cfg: MarkConfig,
) -> QuotedSpan | None:
    """A quote running over paragraphs, each reopened with its mark and only the last
    closed: a paragraph that opens with a mark it never closes, followed by a paragraph
    that opens with the same mark, is quoted to its end."""
    head = text[start:end].lstrip()
    if not head or not following:
        return None
    opener = head[0]
    if opener not in dict(cfg.pairs) or opener == '"':
        return None
    at = start + len(text[start:end]) - len(head)
    if any(sp.open == at for sp in found):
        return None  # closed in its own paragraph
    nxt_start, nxt_end = following[0]
    if text[nxt_start:nxt_end].lstrip()[:1] != opener:
        return None
    stop = len(text[:end].rstrip())  # no closing mark: the span ends with the paragraph
    first = at + 1
    while first < stop and text[first] in cfg.inner_space:
        first += 1
    return QuotedSpan(open=at, close=stop, start=first, end=stop) if first < stop else None


def _spans_in(text: str, start: int, end: int, cfg: MarkConfig) -> list[QuotedSpan]:
    openers = {o: c for o, c in cfg.pairs}
    next_opener = _opener_pattern(cfg)
    found: list[QuotedSpan] = []
    i = start
    while i < end:
        m = next_opener.search(text, i, end)  # characters that open nothing are skipped
        if m is None:
            break
        i = m.start()
        ch = text[i]
        close_ch = openers[ch]
        if ch == '"' and not _can_open(text, i, start):
            i += 1
            continue
        j = _matching_close(text, i, end, ch, close_ch)
        if j is None:
            i += 1
            continue
        span = _trimmed(text, i, j + 1, cfg.inner_space)
        if span is not None:
            found.append(span)
        i = j + 1
    return found


@cache
def _opener_pattern(cfg: MarkConfig) -> re.Pattern[str]:
    """Any single character that opens a pair (the only ones ``_spans_in`` can pair)."""
    return re.compile("|".join(re.escape(o) for o, _c in cfg.pairs if len(o) == 1) or "(?!)")


def _can_open(text: str, i: int, para_start: int) -> bool:
    """A straight quote opens when it is not glued to a word on its left."""
    return i == para_start or not text[i - 1].isalnum()


def _matching_close(text: str, i: int, end: int, open_ch: str, close_ch: str) -> int | None:
    depth = 0
    for j in range(i + 1, end):
        ch = text[j]
        if open_ch != close_ch and ch == open_ch:
            depth += 1
        elif ch == close_ch:
            if depth == 0:
                return j
            depth -= 1
    return None


def _trimmed(text: str, open_: int, close: int, inner_space: str) -> QuotedSpan | None:
    s, e = open_ + 1, close - 1
    while s < e and text[s] in inner_space:
        s += 1
    while e > s and text[e - 1] in inner_space + ",":
        e -= 1  # « …révocation, » a déclaré X: the comma belongs to the incise
    if s >= e:
        return None
    return QuotedSpan(open=open_, close=close, start=s, end=e)
