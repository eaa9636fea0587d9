"""Actor resolution against the development gold (``gold/actors/README.md``).

Each gold item is a mention (a snippet of the document and its occurrence) and the actor
it refers to: a registry id, an unregistered name (whose ``x:`` id veille derives), or
null for an unnamed source that must get no actor. The prediction for a mention is the
actor of the predicted mention that overlaps it most (none if nothing overlaps).
Accuracy is the share of gold mentions whose predicted id equals the gold id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from veille.actors import resolve_actors, x_id
from veille.evaluation.gold import GoldError, gold_lines, read_document
from veille.records import ActorMention, Article


@dataclass(slots=True)
class GoldMention:
    doc: str
    start: int
    end: int
    text: str
    actor: str | None


@dataclass(slots=True)
class GoldActors:
    doc: str
    article: Article
    mentions: list[GoldMention] = field(default_factory=list)


@dataclass
class ActorReport:
    right: int = 0
    total: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    right_by_kind: Counter[str] = field(default_factory=Counter)
    confusions: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    def add(self, mention: GoldMention, predicted: str | None) -> None:
        kind = _kind(mention.actor)
        ok = predicted == mention.actor
        self.total += 1
        self.right += ok
        self.by_kind[kind] += 1
        self.right_by_kind[kind] += ok
        if not ok:
            self.confusions.append((mention.doc, mention.text, mention.actor, predicted))

    def format(self, confusions: bool = True) -> str:
        lines = [f"actors — accuracy {self.accuracy:6.1%}   ({self.right}/{self.total} mentions)"]
        for kind in sorted(self.by_kind):
            n, ok = self.by_kind[kind], self.right_by_kind[kind]
            lines.append(f"  {kind:<22} {ok / n:6.1%}   ({ok}/{n})")
        if confusions and self.confusions:
            lines.append(f"confusions ({len(self.confusions)}): gold → predicted")
            pairs = Counter((g, p) for _, _, g, p in self.confusions)
            for (g, p), n in pairs.most_common():
                where = [
                    f"{d.rsplit('/', 1)[-1]}: {t!r}"
                    for d, t, gg, pp in self.confusions
                    if (gg, pp) == (g, p)
                ]
                lines.append(f"  {g} → {p}  ×{n}   ({'; '.join(where[:3])})")
        return "\n".join(lines)


def _kind(actor: str | None) -> str:
    if actor is None:
        return "unnamed (no actor)"
    if actor.startswith("x:"):
        return "not in registry (x:)"
    return actor.split(":", 1)[0]


def _gold_actor(item: dict[str, Any]) -> str | None:
    if "x" in item:
        return x_id(str(item["x"]), str(item.get("type", "person")))
    actor = item.get("actor")
    return str(actor) if actor is not None else None


def _locate(text: str, snippet: str, occurrence: int) -> int:
    pos = -1
    for _ in range(occurrence):
        pos = text.find(snippet, pos + 1)
        if pos < 0:
            raise GoldError(f"mention {snippet!r} (occurrence {occurrence}) not found")
    return pos


def load_actor_gold(path: Path, shared: Path) -> list[GoldActors]:
    """Gold documents with every mention anchored in the text veille reads."""
    docs = []
    for file, n, obj in gold_lines(path):
        where = f"{file}:{n} ({obj.get('doc')})"
        try:
            article = read_document(shared, obj["doc"])
            gold = GoldActors(obj["doc"], article)
            for item in obj.get("mentions", []):
                start = _locate(article.text, item["text"], int(item.get("occurrence", 1)))
                gold.mentions.append(
                    GoldMention(
                        obj["doc"],
                        start,
                        start + len(item["text"]),
                        item["text"],
                        _gold_actor(item),
                    )
                )
        except (KeyError, TypeError) as exc:
            raise GoldError(f"{where}: missing or malformed field {exc}") from exc
        except GoldError as exc:
            raise GoldError(f"{where}: {exc}") from exc
        docs.append(gold)
    return docs


def predict(docs: list[GoldActors]) -> dict[str, list[ActorMention]]:
    """Run veille's parse, extractors and actor resolution over the gold documents."""
    from veille import nlp as nlp_module

    nlp = nlp_module.load("fr")
    out = {}
    for gold, doc in zip(docs, nlp.pipe(d.article.text for d in docs), strict=True):
        out[gold.doc] = resolve_actors(doc, doc._.quotes, doc._.figures, date=gold.article.date)
    return out


def predicted_for(mention: GoldMention, actors: Iterable[ActorMention]) -> str | None:
    """The actor of the predicted mention overlapping the gold span most."""
    best: tuple[int, str | None] = (0, None)
    for actor in actors:
        for start, end in actor.mentions:
            overlap = min(end, mention.end) - max(start, mention.start)
            if overlap > best[0]:
                best = (overlap, actor.actor_id)
    return best[1]


def evaluate_actors(path: Path, shared: Path) -> ActorReport:
    docs = load_actor_gold(path, shared)
    predicted = predict(docs)
    report = ActorReport()
    for gold in docs:
        for mention in gold.mentions:
            report.add(mention, predicted_for(mention, predicted[gold.doc]))
    return report
