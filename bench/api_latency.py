"""API latency on a large store: build N articles, serve them, measure p50/p95 per query.

Where the articles come from: the real French news texts in the shared corpus
(``shared/corpus/frtimebank/articles/*.txt`` and ``shared/seeds/*.txt``, read at run time,
never copied) go once through the real veille pipeline (spaCy model included). Their
texts are cut into passages (paragraphs, long ones into groups of sentences) with the
quotes, figures and actor mentions that fall wholly inside each passage. Each generated
article recombines 3–6 random passages from different source articles under a new id,
a random date (2023-01 … 2026-03) and one of 12 fictional source sites, with every
offset shifted to its new place — so the store holds real text and real extractions at
the density the pipeline produces, N times over, written through ``Store.add_many``
(running spaCy on 100k articles would take hours on this machine).

Then ``veille serve``'s app runs under uvicorn on 127.0.0.1 in a subprocess and httpx
sends bounded, sequential request loops per endpoint (varied search words, actors and
article ids). Reported: p50/p95 over all requests, "cold" p95 over the first request
of each distinct URL (before the server's per-version aggregate cache has it), and the
server process's mean CPU time per request (Linux ``/proc``), which other processes on a
shared machine disturb far less than wall time.

    python bench/api_latency.py --n 100000            # build (once) and measure
    python bench/api_latency.py --n 100000 --reuse    # measure an existing store again
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from veille.records import ActorMention, Article, Extraction, Figure, Quote, stable_id

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VEILLE_SHARED", REPO.parent / "shared"))
SITES = (
    "Le Courrier de Stavelin", "L'Écho de Lisandre", "La Gazette de Brasna", "Le Veilleur",
    "Agence Valdorienne de Presse", "Le Journal de Veltz", "Radio Sarnelle", "Le Quotidien du Nord",
    "L'Observateur de Kessarie", "Dépêches du Matin", "Le Moniteur", "La Tribune des Vallées",
)  # fmt: skip
SENTENCE = re.compile(r"(?<=[.!?»])\s+(?=[«A-ZÀ-ÖØ-Ý0-9])")


# -- generating a store ------------------------------------------------------------------


@dataclass
class Passage:
    """A piece of a source article with the items wholly inside it, offsets from 0."""

    text: str
    title: str | None
    quotes: list[Quote] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)


def _cuts(text: str, target: int = 420) -> list[tuple[int, int]]:
    """Paragraph spans; long paragraphs split into groups of whole sentences."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+(?:\n(?!\n)[^\n]+)*", text):
        start, end = m.span()
        if end - start <= target * 1.6:
            spans.append((start, end))
            continue
        cut = start
        for s in SENTENCE.finditer(text, start, end):
            if s.start() - cut >= target:
                spans.append((cut, s.start()))
                cut = s.end()
        spans.append((cut, end))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _inside(s: int | None, e: int | None, lo: int, hi: int) -> bool:
    return s is None or e is None or (lo <= s and e <= hi)


def passages(ex: Extraction) -> list[Passage]:
    text = ex.article.text
    out = []
    for lo, hi in _cuts(text):
        p = Passage(text[lo:hi], ex.article.title)
        for q in ex.quotes:
            sp = q.speaker
            if _inside(q.start, q.end, lo, hi) and _inside(sp.start, sp.end, lo, hi):
                moved_sp = replace(sp, start=None if sp.start is None else sp.start - lo,
                                   end=None if sp.end is None else sp.end - lo)  # fmt: skip
                p.quotes.append(replace(q, start=q.start - lo, end=q.end - lo, speaker=moved_sp))
        for f in ex.figures:
            src = f.source
            if _inside(f.start, f.end, lo, hi) and _inside(src.start, src.end, lo, hi):
                moved = replace(src, start=None if src.start is None else src.start - lo,
                                end=None if src.end is None else src.end - lo)  # fmt: skip
                p.figures.append(replace(f, start=f.start - lo, end=f.end - lo, source=moved,
                                         part_of=None))  # fmt: skip
        for a in ex.actors:
            spans = [(s - lo, e - lo) for s, e in a.mentions if lo <= s and e <= hi]
            if spans:
                p.actors.append(ActorMention(a.actor_id, a.name, a.type, spans))
        out.append(p)
    return out


def source_extractions() -> list[Extraction]:
    """The shared real texts through the real pipeline, once."""
    from veille.clean import MemoryBandIndex
    from veille.pipeline import PipelineOptions, Processed, run
    from veille.sources import read_paths

    paths = [str(SHARED / "corpus" / "frtimebank" / "articles"), str(SHARED / "seeds")]
    out = []
    for batch in run(read_paths(paths), MemoryBandIndex(), PipelineOptions(batch_size=16)):
        out += [item.extraction for item in batch if isinstance(item, Processed)]
    return out


def generate(i: int, pool: list[list[Passage]], rng: random.Random) -> Extraction:
    first = date(2023, 1, 1)
    day = first + timedelta(days=rng.randrange((date(2026, 3, 31) - first).days))
    chosen = [rng.choice(rng.choice(pool)) for _ in range(rng.randint(3, 6))]
    parts, quotes, figures = [], [], []
    actors: dict[str, ActorMention] = {}
    offset = 0
    for p in chosen:
        for q in p.quotes:
            sp = q.speaker
            quotes.append(replace(q, start=q.start + offset, end=q.end + offset, speaker=replace(
                sp, start=None if sp.start is None else sp.start + offset,
                end=None if sp.end is None else sp.end + offset)))  # fmt: skip
        for f in p.figures:
            src = f.source
            figures.append(replace(f, start=f.start + offset, end=f.end + offset, source=replace(
                src, start=None if src.start is None else src.start + offset,
                end=None if src.end is None else src.end + offset)))  # fmt: skip
        for a in p.actors:
            target = actors.setdefault(a.actor_id, ActorMention(a.actor_id, a.name, a.type, []))
            target.mentions += [(s + offset, e + offset) for s, e in a.mentions]
        parts.append(p.text)
        offset += len(p.text) + 2
    text = "\n\n".join(parts)
    title = chosen[0].title or text.split("\n", 1)[0][:120]
    article = Article(
        source=f"bench/{i}", text=text, title=title, date=day.isoformat(),
        site=SITES[rng.randrange(len(SITES))], id=stable_id("veille-bench", str(i)),
    )  # fmt: skip
    return Extraction(article, quotes, figures, list(actors.values()), [])


def build(db: Path, n: int, seed: int = 7) -> dict[str, Any]:
    from veille.store import open_store

    t0 = time.perf_counter()
    sources = source_extractions()
    t_pipeline = time.perf_counter() - t0
    pool = [ps for ps in (passages(ex) for ex in sources) if ps]
    rng = random.Random(seed)
    t1 = time.perf_counter()
    with open_store(db) as store:
        done = 0
        while done < n:
            size = min(2000, n - done)
            batch = [generate(done + k, pool, rng) for k in range(size)]
            store.add_many((ex, None, None) for ex in batch)
            done += size
            print(f"\r  stored {done}/{n}", end="", file=sys.stderr, flush=True)
        counts = store.counts()
    print(file=sys.stderr)
    return {
        "source_articles": len(sources),
        "passages": sum(len(p) for p in pool),
        "pipeline_s": round(t_pipeline, 1),
        "store_s": round(time.perf_counter() - t1, 1),
        "counts": counts,
    }


# -- measuring -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    code = (
        "import uvicorn, sys; from veille.interfaces.api import create_app; "
        f"uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port={port}, "
        "log_level='warning')"
    )
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=30).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start")


def plan(client: httpx.Client, rng: random.Random, per: int) -> dict[str, list[str]]:
    """Request URLs per query family, drawn from what the store holds."""
    words = [
        "gouvernement",
        "président",
        "police",
        "élections",
        "Gaza",
        "cessez-le-feu",
        "ministre",
        "accord",
        "victoire",
        "grève",
        "hôpital",
        "otages",
        "économie",
        "Bruxelles",
        "Ferrari",
        "manifestation",
        "Hamas",
        "Kosovo",
        "enquête",
        "France",
    ]
    actors = [a["id"] for a in client.get("/api/actors", params={"limit": 200}).json()["items"]]
    total = client.get("/api/articles", params={"limit": 1}).json()["total"]
    ids = []
    for _ in range(20):
        page = client.get("/api/articles", params={"limit": 1, "offset": rng.randrange(total)})
        ids.append(page.json()["items"][0]["id"])
    speakers = [q["speaker_name"] for q in client.get("/api/quotes", params={"limit": 200})
                .json()["items"] if q["speaker_name"]][:20] or ["Biden"]  # fmt: skip

    def pick(items: list[str]) -> str:
        return rng.choice(items)

    def many(make: Any) -> list[str]:
        return [make() for _ in range(per)]

    return {
        "GET /api/articles": many(lambda: "/api/articles?limit=50"),
        "GET /api/articles (deep page, site, dates)": many(
            lambda: (
                f"/api/articles?site={pick(list(SITES))}&since=2024&until=2025-06"
                f"&offset={rng.randrange(0, 2000, 50)}&limit=50"
            )
        ),
        "GET /api/articles/{id}": many(lambda: f"/api/articles/{pick(ids)}"),
        "GET /api/search?q= (with facets)": many(lambda: f"/api/search?q={pick(words)}"),
        "GET /api/search?q= (no facets, page 3)": many(
            lambda: f"/api/search?q={pick(words)}&facets=false&offset=40"
        ),
        "GET /api/search?q=&since&site": many(
            lambda: f"/api/search?q={pick(words)}&since=2025&site={pick(list(SITES))}"
        ),
        "GET /api/quotes": many(lambda: "/api/quotes?limit=50"),
        "GET /api/quotes?speaker=": many(lambda: f"/api/quotes?speaker={pick(speakers)}"),
        "GET /api/figures?what=killed": many(lambda: "/api/figures?what=killed"),
        "GET /api/actors": many(lambda: "/api/actors?limit=50"),
        "GET /api/actors/{id}": many(lambda: f"/api/actors/{pick(actors[:100])}"),
        "GET /api/events": many(lambda: "/api/events"),
        "GET /api/timeline/{issue}": many(lambda: f"/api/timeline/{pick(words)}"),
        "web /search?q=": many(lambda: f"/search?q={pick(words)}"),
        "web /articles/{id}": many(lambda: f"/articles/{pick(ids)}"),
        "web /actors/{id}": many(lambda: f"/actors/{pick(actors[:100])}"),
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux ``/proc``), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(
    base: str, per: int, seed: int = 11, server_pid: int | None = None
) -> dict[str, dict[str, float]]:
    rng = random.Random(seed)
    out = {}
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, urls in plan(client, rng, per).items():
            times, cold, seen = [], [], set()
            cpu_before = cpu_seconds(server_pid) if server_pid else None
            for url in urls:
                t = time.perf_counter()
                response = client.get(url)
                ms = (time.perf_counter() - t) * 1000
                if response.status_code != 200:
                    raise RuntimeError(f"{url}: {response.status_code} {response.text[:200]}")
                times.append(ms)
                if url not in seen:
                    seen.add(url)
                    cold.append(ms)
            out[name] = {
                "n": len(times),
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(pct(times, 0.95), 1),
                "cold_p95_ms": round(pct(cold, 0.95), 1),
                "max_ms": round(max(times), 1),
            }
            cpu_after = cpu_seconds(server_pid) if server_pid else None
            if cpu_before is not None and cpu_after is not None:
                # mean server CPU per request (10 ms ticks, summed over the row): unlike
                # wall time, barely affected by other processes sharing the machine
                out[name]["server_cpu_ms"] = round((cpu_after - cpu_before) * 1000 / len(urls), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles to generate")
    parser.add_argument("--db", type=Path, default=None, help="store file (default /tmp/…)")
    parser.add_argument("--requests", type=int, default=60, help="requests per query family")
    parser.add_argument("--reuse", action="store_true", help="measure an existing store")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/veille-bench-{args.n}.db")
    report: dict[str, Any] = {"n": args.n, "db": str(db), "cpus": os.cpu_count()}
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        print(f"building {args.n} articles into {db} …", file=sys.stderr)
        report["build"] = build(db, args.n)
        print(json.dumps(report["build"], ensure_ascii=False), file=sys.stderr)
    port = _free_port()
    server = start_server(db, port)
    try:
        report["latency"] = measure(
            f"http://127.0.0.1:{port}", args.requests, server_pid=server.pid
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
    report["db_mb"] = round(db.stat().st_size / 1e6)
    print(f"\n{args.n} articles, {report['db_mb']} MB SQLite, {report['cpus']} CPUs, "
          f"{args.requests} sequential requests per row\n")  # fmt: skip
    print("| query | p50 ms | p95 ms | cold p95 ms | max ms | server CPU ms/req |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, r in report["latency"].items():
        cells = [
            r["p50_ms"],
            r["p95_ms"],
            r["cold_p95_ms"],
            r["max_ms"],
            r.get("server_cpu_ms", "–"),
        ]
        print(f"| {name} | " + " | ".join(str(c) for c in cells) + " |")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
