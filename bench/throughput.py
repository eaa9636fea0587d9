"""Throughput and memory benchmark: bare spaCy vs veille (1 process, 2 processes, Ray).

    python bench/throughput.py --articles 2000            # build a corpus, compare engines
    python bench/throughput.py --input PATH               # any folder / JSONL / WARC
    python bench/throughput.py --articles 100000 --scale  # one 2-worker ingest into SQLite,
                                                          # peak RSS at 10k / 50k / 100k

The corpus is built from the real French news texts of ``../shared`` (FRTimeBank
articles, seeds, html-fr pages, read and cleaned by veille): article *k* takes the
paragraphs of two real articles chosen from *k* (a seeded RNG), in a shuffled order, so
the N articles have real sentences, real quotes and figures, distinct ids and, mostly,
no near-duplicates. They are written as JSON Lines files of 1,000 articles.

Every configuration runs in its own process (model loading included in its time); peak
RSS is the largest total resident memory of that process tree (pool workers, Ray
workers, raylet and GCS included), sampled every 0.2 s from /proc. words = whitespace
words of the article texts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
VEILLE = str(Path(PY).parent / "veille")
PAGE = os.sysconf("SC_PAGE_SIZE")
TICKS = os.sysconf("SC_CLK_TCK")


# -- corpus ------------------------------------------------------------------------------


def real_texts(shared: Path) -> list[tuple[str, str | None]]:
    """(text, date) of the real articles of ../shared, as veille reads and cleans them."""
    from veille.clean import clean_article
    from veille.records import Article
    from veille.sources import read_paths

    folders = [shared / "corpus" / "frtimebank" / "articles", shared / "seeds",
               shared / "corpus" / "html-fr"]  # fmt: skip
    out = []
    for item in read_paths([str(f) for f in folders if f.exists()]):
        if isinstance(item, Article):
            article = clean_article(item)
            if len(article.text.split()) >= 40:
                out.append((article.text, article.date))
    return out


def build_corpus(n: int, folder: Path, shared: Path) -> None:
    """N articles mixed from the real ones, as JSON Lines files of 1,000."""
    texts = real_texts(shared)
    paragraphs = [[p for p in t.split("\n") if p.strip()] for t, _d in texts]
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20260310)
    for part in range(0, n, 1000):
        with open(folder / f"part{part // 1000:05d}.jsonl", "w", encoding="utf-8") as out:
            for _k in range(part, min(n, part + 1000)):
                a, b = rng.sample(range(len(texts)), 2)
                mixed = paragraphs[a][:1] + rng.sample(paragraphs[a][1:], len(paragraphs[a]) - 1)
                mixed += rng.sample(paragraphs[b], min(len(paragraphs[b]), 4))
                record = {"text": "\n\n".join(mixed), "date": texts[a][1] or "2024-01"}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")


def corpus_words(path: Path) -> tuple[int, int]:
    """(articles, words) of the input, as veille reads it (no model)."""
    from veille.records import Article
    from veille.sources import read_paths

    articles = words = 0
    for item in read_paths([str(path)]):
        if isinstance(item, Article):
            articles += 1
            words += len(item.text.split())
    return articles, words


# -- memory ------------------------------------------------------------------------------


def tree_usage(root: int) -> tuple[int, dict[int, float]]:
    """Resident bytes of ``root`` and all its descendants (from /proc), and each one's
    CPU seconds so far."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as f:
                resident = int(f.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = resident
        cpu[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    total, stack, seen = 0, [root], {}
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        if pid in cpu:
            seen[pid] = cpu[pid]
        stack.extend(children.get(pid, []))
    return total, seen


class Sampler(threading.Thread):
    """Peak tree RSS and CPU seconds of a running process; ``marks`` records the peak so
    far at article counts read from a SQLite store (for the scale run), ``on_tick`` is
    called every 5 s."""

    def __init__(
        self,
        pid: int,
        db: Path | None = None,
        marks: tuple[int, ...] = (),
        on_tick: Callable[[Sampler], None] | None = None,
    ) -> None:
        super().__init__(daemon=True)
        self.pid, self.db, self.marks, self.on_tick = pid, db, list(marks), on_tick
        self.peak = 0
        self.cpu_by_pid: dict[int, float] = {}
        self.at: dict[int, tuple[int, float]] = {}
        self.running = True
        self.start_time = time.perf_counter()

    @property
    def cpu(self) -> float:
        return sum(self.cpu_by_pid.values())

    def run(self) -> None:
        tick = 0
        while self.running:
            rss, cpu = tree_usage(self.pid)
            self.peak = max(self.peak, rss)
            self.cpu_by_pid.update(cpu)
            tick += 1
            if self.db is not None and tick % 25 == 0:
                stored = _stored(self.db)
                while self.marks and stored >= self.marks[0]:
                    mark = self.marks.pop(0)
                    self.at[mark] = (self.peak, time.perf_counter() - self.start_time)
                if self.on_tick is not None:
                    self.on_tick(self)
            time.sleep(0.2)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("select count(*) from articles").fetchone()[0])
    except sqlite3.Error:
        return 0


def measure(
    cmd: list[str],
    db: Path | None = None,
    marks: tuple[int, ...] = (),
    on_tick: Callable[[Sampler], None] | None = None,
) -> dict:
    env = dict(os.environ, PYTHONWARNINGS="ignore", TOKENIZERS_PARALLELISM="false")
    start = time.perf_counter()
    cpu_before = _children_cpu()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = Sampler(proc.pid, db, marks, on_tick)
    sampler.start()
    _out, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr.decode()[-2000:]}")
    cpu = _children_cpu() - cpu_before
    return {"seconds": seconds, "cpu": cpu, "peak_rss": sampler.peak, "marks": sampler.at}


def _children_cpu() -> float:
    """User + system CPU seconds of the finished children (and the children they waited
    for: pool workers count, Ray's workers, started by its raylet, do not)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# -- configurations ----------------------------------------------------------------------


def bare_spacy(path: str) -> None:
    """Child process: the language's bare spaCy model over the whole texts, nlp.pipe."""
    from veille.nlp import load_model
    from veille.records import Article
    from veille.sources import read_paths

    nlp = load_model("fr")
    texts = (i.text for i in read_paths([path]) if isinstance(i, Article))
    for _doc in nlp.pipe(texts, batch_size=32):
        pass


def configs(path: Path, tmp: Path) -> list[tuple[str, list[str], Path | None]]:
    def ingest(name: str, *extra: str) -> tuple[str, list[str], Path]:
        db = tmp / f"{name.replace(' ', '_')}.db"
        return name, [VEILLE, "ingest", str(path), "--db", str(db), "-q", *extra], db

    return [
        ("bare spaCy nlp.pipe", [PY, __file__, "--child-bare", str(path)], None),
        ingest("veille 1 process"),
        ingest("veille 2 processes", "--workers", "2"),
        ingest("veille Ray 2 workers", "--engine", "ray", "--workers", "2"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size to build")
    parser.add_argument("--input", type=Path, help="benchmark this folder/file instead")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--corpus-dir", type=Path, help="where to build (default: temp)")
    parser.add_argument("--scale", action="store_true", help="one 2-worker ingest, RSS marks")
    parser.add_argument("--db", type=Path, help="--scale: the store (kept; a rerun resumes)")
    parser.add_argument("--only", help="comma-separated config numbers (1-4) to run")
    parser.add_argument("--child-bare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_bare:
        bare_spacy(args.child_bare)
        return
    with tempfile.TemporaryDirectory(prefix="veille-bench-") as tmp_name:
        tmp = Path(tmp_name)
        path = args.input
        if path is None:
            path = args.corpus_dir or tmp / "corpus"
            if not any(path.glob("*.jsonl")):
                build_corpus(args.articles, path, args.shared)
        articles, words = corpus_words(path)
        print(f"input: {path} — {articles} articles, {words} words "
              f"({words / max(1, articles):.0f} words/article)", flush=True)  # fmt: skip
        if args.scale:
            scale(path, args.db or tmp / "scale.db", articles, words)
            return
        rows = []
        chosen = configs(path, tmp)
        if args.only:
            chosen = [chosen[int(i) - 1] for i in args.only.split(",")]
        for name, cmd, _db in chosen:
            result = measure(cmd)
            rows.append((name, result))
            print(f"  done: {name} in {result['seconds']:.1f} s", file=sys.stderr, flush=True)
        table(rows, articles, words)


def table(rows: list[tuple[str, dict]], articles: int, words: int) -> None:
    base = {name: r["seconds"] for name, r in rows}
    print("\n| configuration | time (s) | words/s | articles/s | peak RSS (MB) "
          "| CPU (s) | words per CPU-s |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in rows:
        s, c = r["seconds"], r["cpu"]
        print(f"| {name} | {s:.1f} | {words / s:,.0f} | {articles / s:.1f} | "
              f"{r['peak_rss'] / 1e6:,.0f} | {c:.1f} | {words / c:,.0f} |")  # fmt: skip
    ratios = [
        ("veille 1 process / bare spaCy", "veille 1 process", "bare spaCy nlp.pipe"),
        ("veille 2 processes / veille 1 process", "veille 2 processes", "veille 1 process"),
        ("veille Ray 2 workers / veille 1 process", "veille Ray 2 workers", "veille 1 process"),
        ("veille Ray 2 workers / veille 2 processes", "veille Ray 2 workers",
         "veille 2 processes"),
    ]  # fmt: skip
    print("\n| ratio (words/s) | value |\n| --- | ---: |")
    for label, a, b in ratios:
        if a in base and b in base:
            print(f"| {label} | {base[b] / base[a]:.2f}× |")
    cpu = {name: r["cpu"] for name, r in rows}
    a, b = "veille 1 process", "bare spaCy nlp.pipe"
    if a in cpu and b in cpu:  # steadier than wall time when other jobs share the CPUs
        print(f"| veille 1 process / bare spaCy, per CPU second | {cpu[b] / cpu[a]:.2f}× |")


def scale(path: Path, db: Path, articles: int, words: int) -> None:
    """One 2-worker ingest into ``db``. Resumable: ingest skips what the store holds, and
    ``db``.json keeps the elapsed and CPU seconds and the RSS marks of earlier segments
    (rewritten every few seconds, so a killed run loses almost nothing)."""
    state_file = db.with_name(db.name + ".json")
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    before = _stored(db) if db.exists() else 0
    state.setdefault("segments", [])
    state.setdefault("marks", {})
    if before:
        print(f"resuming: {before:,} articles already stored", flush=True)
    marks = tuple(m for m in (10_000, 50_000, 100_000) if before < m <= articles)
    cmd = [VEILLE, "ingest", str(path), "--db", str(db), "-q", "--workers", "2"]
    segment = {"from": before, "to": before, "seconds": 0.0, "cpu": 0.0, "peak_rss": 0}
    state["segments"].append(segment)
    done_before = sum(s["seconds"] for s in state["segments"][:-1])

    def save(sampler: Sampler) -> None:
        segment.update(to=_stored(db), seconds=time.perf_counter() - sampler.start_time,
                       cpu=sampler.cpu, peak_rss=sampler.peak)  # fmt: skip
        for mark, (peak, at) in sampler.at.items():
            state["marks"][str(mark)] = [peak, done_before + at]
        state_file.write_text(json.dumps(state, indent=1))

    result = measure(cmd, db, marks, on_tick=save)
    segment.update(to=_stored(db), seconds=result["seconds"], peak_rss=result["peak_rss"],
                   cpu=max(segment["cpu"], result["cpu"]))  # fmt: skip
    for mark, (peak_at, at) in result["marks"].items():
        state["marks"][str(mark)] = [peak_at, done_before + at]
    state_file.write_text(json.dumps(state, indent=1))
    seconds = sum(s["seconds"] for s in state["segments"])
    cpu = sum(s["cpu"] for s in state["segments"])
    peak = max(s["peak_rss"] for s in state["segments"])
    print(f"\n2-worker ingest into SQLite: {articles} articles in {seconds:.0f} s "
          f"({articles / seconds:.1f} articles/s, {words / seconds:,.0f} words/s; "
          f"{len(state['segments'])} segment(s), {cpu:,.0f} CPU s), "
          f"peak RSS {peak / 1e6:,.0f} MB")  # fmt: skip
    print("\n| articles stored | elapsed (s) | peak RSS so far (MB) |\n| ---: | ---: | ---: |")
    done = sorted((int(m), v) for m, v in state["marks"].items())
    for mark, (peak_at, at) in done:
        print(f"| {mark:,} | {at:.0f} | {peak_at / 1e6:,.0f} |")
    if len(done) >= 2:
        first, last = done[0], done[-1]
        growth = last[1][0] / first[1][0] - 1
        print(f"\npeak RSS growth {first[0]:,} → {last[0]:,} articles: {growth:+.1%}")


if __name__ == "__main__":
    main()
