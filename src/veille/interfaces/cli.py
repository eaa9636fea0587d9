"""The ``veille`` command line.

Data goes to standard output (JSON Lines, ``--json`` listings, exports); progress,
errors and summaries go to standard error, so pipes stay clean.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from veille import __version__
from veille.records import Article, Extraction, ReadError

app = typer.Typer(
    name="veille",
    help="Follow a story through dated news articles: quotes, figures, actors. "
    "Suivre une affaire à travers la presse : citations, chiffres, acteurs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Measure veille against gold annotations.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str,
    typer.Option("--db", help="Store: a SQLite path or a postgresql:// URL.", envvar="VEILLE_DB"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON to standard output.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
LangOption = Annotated[str, typer.Option("--lang", help="Language of the articles.")]
WorkersOption = Annotated[int, typer.Option("--workers", "-w", min=1, help="Processes to use.")]
BatchOption = Annotated[int, typer.Option("--batch-size", min=1, help="Articles per batch.")]
PathsArg = Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")]
TextField = Annotated[
    str | None, typer.Option("--text-field", help="JSONL/CSV field holding the text.")
]
DateField = Annotated[
    str | None, typer.Option("--date-field", help="JSONL/CSV field holding the date.")
]
TitleField = Annotated[
    str | None, typer.Option("--title-field", help="JSONL/CSV field holding the title.")
]
MaxMb = Annotated[float, typer.Option("--max-mb", help="Largest single file read whole (MB).")]
ActorsOption = Annotated[
    list[str] | None,
    typer.Option("--actors", help="Your own actor registry (YAML); overrides the bundled one."),
]


def main() -> None:
    # Library loggers (trafilatura, htmldate) would interleave with our own per-file lines.
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)
    app()


def _version(value: bool) -> None:
    if value:
        out.print(f"veille {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """veille: who said what, which figures were reported and by whom."""


# -- reading ----------------------------------------------------------------------------


def _read(
    paths: list[str],
    text_field: str | None,
    date_field: str | None,
    title_field: str | None,
    max_mb: float,
) -> Iterator[Article | ReadError]:
    from veille.sources import ReadOptions, read_paths

    options = ReadOptions(max_bytes=int(max_mb * 1_000_000))
    if text_field:
        options.text_fields = (text_field,)
    if date_field:
        options.date_fields = (date_field,)
    if title_field:
        options.title_fields = (title_field,)
    return read_paths(paths, options)


def _progress(quiet: bool) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=False,
    )


def _report(error: ReadError) -> None:
    err.print(f"[red]✗[/red] {escape(error.source)}: {escape(error.reason)}", highlight=False)


# -- extract ----------------------------------------------------------------------------


@app.command()
def extract(
    paths: PathsArg,
    format: Annotated[str, typer.Option("--format", help="Output format (jsonl).")] = "jsonl",
    lang: LangOption = "fr",
    workers: WorkersOption = 1,
    batch_size: BatchOption = 32,
    quiet: QuietOption = False,
    text_field: TextField = None,
    date_field: DateField = None,
    title_field: TitleField = None,
    max_mb: MaxMb = 10.0,
    actors: ActorsOption = None,
) -> None:
    """Extract quotes and figures without a database: one JSON object per article."""
    from veille.clean import MemoryBandIndex
    from veille.pipeline import PipelineOptions, Processed, run

    if format != "jsonl":
        raise typer.BadParameter("only jsonl is supported", param_hint="--format")
    _check_lang(lang)
    _use_actors(actors)
    produced = 0
    items = _read(paths, text_field, date_field, title_field, max_mb)
    options = PipelineOptions(lang=lang, batch_size=batch_size, workers=workers)
    with _progress(quiet) as progress:
        task = progress.add_task("extract", total=None, rate="")
        for batch in run(items, MemoryBandIndex(), options):
            for item in batch:
                if isinstance(item, ReadError):
                    _report(item)
                    continue
                record = item.extraction.to_contract()
                sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
                produced += 1
            sys.stdout.flush()
            progress.update(task, completed=produced)
            progress.update(task, rate=_rate(progress, task))
            assert all(isinstance(i, Processed | ReadError) for i in batch)
    raise typer.Exit(0 if produced else 1)


def _rate(progress: Progress, task_id: Any) -> str:
    task = progress.tasks[task_id]
    elapsed = task.elapsed or 0.0
    return f"{task.completed / elapsed:.1f} art/s" if elapsed > 0 else ""


def _use_actors(files: list[str] | None) -> None:
    if files:
        from veille.actors import use_actor_files

        for f in files:
            if not Path(f).is_file():
                raise typer.BadParameter(f"no such file: {f}", param_hint="--actors")
        use_actor_files(files)


def _check_lang(lang: str) -> None:
    from veille.resources import UnknownLanguageError, check_language

    try:
        check_language(lang)
    except UnknownLanguageError as exc:
        raise typer.BadParameter(str(exc), param_hint="--lang") from exc


# -- ingest -----------------------------------------------------------------------------


@app.command()
def ingest(
    paths: PathsArg,
    db: DbOption = "veille.db",
    lang: LangOption = "fr",
    workers: WorkersOption = 1,
    batch_size: BatchOption = 32,
    quiet: QuietOption = False,
    text_field: TextField = None,
    date_field: DateField = None,
    title_field: TitleField = None,
    max_mb: MaxMb = 10.0,
    engine: Annotated[
        str, typer.Option("--engine", help="local (this machine, --workers processes) or ray.")
    ] = "local",
    address: Annotated[
        str | None,
        typer.Option("--address", help="Ray cluster: auto or ray://host:10001 (default: local)."),
    ] = None,
    selective: Annotated[
        bool | None,
        typer.Option(
            "--selective/--full-parse",
            help="Parse only sentences that may hold quotes or figures (default: see README).",
        ),
    ] = None,
    actors: ActorsOption = None,
) -> None:
    """Read, clean, extract and store articles. Re-running the same ingest changes nothing;
    a killed run restarts where it stopped (files already stored are not read again)."""
    from rich.progress import TimeRemainingColumn

    from veille.engines import ENGINES
    from veille.engines.resume import FileLog, completed_files, is_done
    from veille.pipeline import LayeredBandIndex, PipelineOptions, Processed, run, selective_default
    from veille.sources import ReadOptions, read_input
    from veille.sources.base import Input
    from veille.sources.paths import expand
    from veille.store.actor_queries import load_corrections

    _check_lang(lang)
    _use_actors(actors)
    if engine not in ENGINES:
        raise typer.BadParameter(f"expected one of {', '.join(ENGINES)}", param_hint="--engine")
    store = _open(db)
    corrections = load_corrections(store.engine)  # a user's merges and splits, re-applied
    stats = {"stored": 0, "already stored": 0, "near-duplicates": 0, "errors": 0}
    index = LayeredBandIndex(store)
    options = PipelineOptions(
        lang=lang,
        batch_size=batch_size,
        workers=workers,
        selective=selective_default() if selective is None else selective,
        engine=engine,
        address=address,
    )
    read_options = ReadOptions(max_bytes=int(max_mb * 1_000_000))
    if text_field:
        read_options.text_fields = (text_field,)
    if date_field:
        read_options.date_fields = (date_field,)
    if title_field:
        read_options.title_fields = (title_field,)
    done = completed_files(store)
    files: list[str] = []  # file names only (not articles): cheap even for big corpora
    early: list[ReadError] = []
    stdin = False
    for found in expand(paths):
        if isinstance(found, ReadError):
            early.append(found)
        elif isinstance(found, Path):
            if not is_done(str(found), done):
                files.append(str(found))
        else:
            stdin = True
    sizes = {f: _size(f) for f in files}
    total = sum(sizes.values())
    file_log = FileLog(store.log, done)

    def skipped(_article: Article) -> None:
        stats["already stored"] += 1

    def local_items() -> Iterator[Article | ReadError]:
        yield from early
        for name in files:
            yield from read_input(Input(name, path=Path(name)), read_options)
        if stdin:
            yield from _read(["-"], text_field, date_field, title_field, max_mb)

    if engine == "ray":
        from veille.engines.ray_engine import run_paths

        if stdin:
            early.append(ReadError("<stdin>", "the ray engine reads files, not stdin"))
        batches: Iterator[list[Any]] = _chain_errors(
            early, run_paths(files, index, options, read_options, store.has_article, skipped)
        )
    else:
        batches = run(local_items(), index, options, skip=store.has_article, on_skip=skipped)
    bytes_done = 0
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest"),
        BarColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=err,
        disable=quiet,
    )
    try:
        with progress:
            task = progress.add_task("ingest", total=total or None, rate="")
            words = 0
            for batch in batches:
                done_items = [i for i in batch if isinstance(i, Processed)]
                for item in batch:
                    if isinstance(item, ReadError):
                        _report(item)
                        store.log(item.source, "error", item.reason)
                        stats["errors"] += 1
                stored = store.add_many(
                    [(corrections.apply(p.extraction), p.lsh_keys, p.signature) for p in done_items]
                )
                index.flushed()
                for p in done_items:
                    source = p.extraction.article.source
                    if source != file_log.current:
                        bytes_done += sizes.get(file_log.current or "", 0)
                    file_log.stored(source)
                    words += len(p.extraction.article.text.split())
                stats["stored"] += stored
                stats["near-duplicates"] += sum(
                    1 for p in done_items if p.extraction.article.duplicate_of
                )
                elapsed = progress.tasks[task].elapsed or 0.0
                rate = (
                    f"{stats['stored']} art · {stats['stored'] / elapsed:.1f} art/s · "
                    f"{words / elapsed:.0f} words/s"
                    if elapsed > 0
                    else ""
                )
                progress.update(task, completed=bytes_done, rate=rate)
            file_log.finish()
            progress.update(task, completed=total)
    except KeyboardInterrupt:
        err.print(
            f"[yellow]interrupted[/yellow]: {stats['stored']} articles stored; "
            "run the same command again to complete."
        )
        raise typer.Exit(130) from None
    finally:
        counts = store.counts()
        store.close()
    if not quiet:
        _ingest_summary(stats, counts, db)
    raise typer.Exit(
        1 if stats["errors"] and not stats["stored"] and not stats["already stored"] else 0
    )


def _size(name: str) -> int:
    try:
        return Path(name).stat().st_size
    except OSError:
        return 0


def _chain_errors(errors: list[ReadError], batches: Iterator[list[Any]]) -> Iterator[list[Any]]:
    if errors:
        yield list(errors)
    yield from batches


def _ingest_summary(stats: dict[str, int], counts: dict[str, int], db: str) -> None:
    table = Table(title=f"ingest → {db}", show_header=False)
    for key, value in stats.items():
        table.add_row(key, str(value))
    table.add_row("in store", ", ".join(f"{v} {k}" for k, v in counts.items()))
    err.print(table)


def _open(db: str) -> Any:
    from veille.store import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as exc:
        err.print(f"[red]error[/red]: {exc}")
        raise typer.Exit(2) from None


# -- listings ---------------------------------------------------------------------------


def _emit(
    rows: list[dict[str, Any]], as_json: bool, columns: list[tuple[str, str]], title: str
) -> None:
    if as_json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        err.print(f"no {title}")
        return
    table = Table(title=title, show_lines=False)
    for _key, header in columns:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(key)) for key, _ in columns])
    out.print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "…"


LimitOption = Annotated[int, typer.Option("--limit", min=1, help="Rows to show.")]
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Rows to skip.")]
SinceOption = Annotated[str | None, typer.Option("--since", help="From date (YYYY[-MM[-DD]]).")]
UntilOption = Annotated[str | None, typer.Option("--until", help="Until date (YYYY[-MM[-DD]]).")]


@app.command()
def articles(
    db: DbOption = "veille.db",
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = 50,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """List stored articles."""
    _check_dates(since, until)
    with _open(db) as store:
        rows = store.articles(limit=limit, offset=offset, since=since, until=until)
    cols = [
        ("id", "id"),
        ("date", "date"),
        ("title", "title"),
        ("source", "source"),
        ("duplicate_of", "duplicate of"),
    ]
    _emit(rows, as_json, cols, "articles")


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id.")],
    db: DbOption = "veille.db",
    as_json: JsonOption = False,
) -> None:
    """Show one article with its quotes and figures."""
    with _open(db) as store:
        ex = store.get(article_id)
    if ex is None:
        err.print(f"[red]error[/red]: no article with id {article_id!r}")
        raise typer.Exit(1)
    if as_json:
        sys.stdout.write(json.dumps(ex.to_contract(), ensure_ascii=False, indent=2) + "\n")
        return
    _show(ex)


def _show(ex: Extraction) -> None:
    a = ex.article
    out.print(f"[bold]{a.title or '(untitled)'}[/bold]  {a.date or 'undated'}  {a.source}")
    if a.duplicate_of:
        out.print(f"[yellow]near-duplicate of {a.duplicate_of}[/yellow]")
    out.print(a.text, highlight=False)
    for q in ex.quotes:
        out.print(
            f"[cyan]«{q.text}»[/cyan] — {q.speaker.name or '?'} ({q.kind}, {q.verb})",
            highlight=False,
        )
    for f in ex.figures:
        src = f" — {f.source.name}" if f.source.name else ""
        out.print(f"[green]{f.text}[/green] {f.what or ''}{src}", highlight=False)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (accents optional).")],
    db: DbOption = "veille.db",
    limit: LimitOption = 20,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over titles and texts."""
    with _open(db) as store:
        rows = store.search(query, limit=limit, offset=offset)
    _emit(
        rows,
        as_json,
        [("id", "id"), ("date", "date"), ("title", "title"), ("snippet", "snippet")],
        "matches",
    )


@app.command()
def quotes(
    speaker: Annotated[str | None, typer.Option("--speaker", help="Speaker name.")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Words in the quote.")] = None,
    db: DbOption = "veille.db",
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    as_json: JsonOption = False,
) -> None:
    """Who said what: quotes with their speakers."""
    _check_dates(since, until)
    with _open(db) as store:
        rows = store.quotes(
            speaker=speaker, since=since, until=until, query=query, limit=limit, offset=offset
        )
    _emit(
        rows,
        as_json,
        [
            ("date", "date"),
            ("speaker_name", "speaker"),
            ("kind", "kind"),
            ("verb", "verb"),
            ("text", "quote"),
        ],
        "quotes",
    )


@app.command()
def export(
    format: Annotated[str, typer.Option("--format", help="jsonl, csv or parquet.")] = "jsonl",
    table: Annotated[
        str,
        typer.Option(
            "--table", help="For csv/parquet: articles, quotes, figures, actors or events."
        ),
    ] = "articles",
    output: Annotated[str | None, typer.Option("--output", "-o", help="File to write.")] = None,
    db: DbOption = "veille.db",
) -> None:
    """Export the store: JSONL (contract shape), or one flat table as CSV or Parquet."""
    from veille import export as ex

    if format not in {"jsonl", "csv", "parquet"}:
        raise typer.BadParameter("one of jsonl, csv, parquet", param_hint="--format")
    if table not in ex.TABLES:
        raise typer.BadParameter(f"one of {', '.join(ex.TABLES)}", param_hint="--table")
    if format == "parquet" and not output:
        raise typer.BadParameter("parquet needs --output FILE", param_hint="--output")
    with _open(db) as store:
        records = store.iter_extractions()
        if format == "parquet":
            assert output is not None
            n = ex.write_parquet(records, table, output)
        else:
            with _sink(output) as sink:
                n = _write_text(format, table, records, sink)
    err.print(
        f"exported {n} {table if format != 'jsonl' else 'articles'}"
        + (f" → {output}" if output else "")
    )


def _write_text(format: str, table: str, records: Iterable[Extraction], sink: Any) -> int:
    from veille import export as ex

    if format == "csv":
        return ex.write_csv(records, table, sink)
    n = 0
    for line in ex.jsonl_lines(records):
        sink.write(line + "\n")
        n += 1
    return n


class _sink:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self.handle: Any = None

    def __enter__(self) -> Any:
        if self.path is None:
            return sys.stdout
        self.handle = open(self.path, "w", encoding="utf-8", newline="")
        return self.handle

    def __exit__(self, *exc: object) -> None:
        if self.handle is not None:
            self.handle.close()


@app.command()
def summary(db: DbOption = "veille.db", speakers: int = 8) -> None:
    """A readable overview of the store: articles, top speakers and quotes, figures by source."""
    with _open(db) as store:
        counts = store.counts()
        top = store.speakers(limit=speakers)
        figs = store.figures(limit=1000)
        sample = {name: store.quotes(speaker=name, limit=2) for name, _ in top}
    out.print(
        f"[bold]veille[/bold] — {counts['articles']} articles "
        f"({counts['duplicates']} near-duplicates), {counts['quotes']} quotes, "
        f"{counts['figures']} figures, {counts['actors']} actors"
    )
    out.rule("Top speakers / Qui parle")
    for name, n in top:
        out.print(f"[bold]{name}[/bold] ({n} quotes)", highlight=False)
        for q in sample[name]:
            out.print(f"   {q['date'] or '    ?     '}  «{_cell(q['text'])}»", highlight=False)
    out.rule("Figures by source / Chiffres par source")
    by_source: dict[str, list[dict[str, Any]]] = {}
    for f in figs:
        by_source.setdefault(f["source_name"] or "(no source given)", []).append(f)
    ranked = sorted(by_source.items(), key=lambda kv: (kv[0].startswith("("), -len(kv[1])))
    for source_name, items in ranked[:10]:
        shown = ", ".join(f"{f['text']} {f['what'] or ''} ({f['date'] or '?'})" for f in items[:4])
        out.print(f"[bold]{source_name}[/bold]: {shown}", highlight=False)


def _check_dates(*dates: str | None) -> None:
    import re

    for d in dates:
        if d is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", d):
            raise typer.BadParameter(f"{d!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")


# -- evaluation -------------------------------------------------------------------------


@eval_app.command("cleaning")
def eval_cleaning(
    corpus: Annotated[
        Path, typer.Option("--corpus", help="The html-fr folder with gold.json.")
    ] = Path("../shared/corpus/html-fr"),
) -> None:
    """How well HTML reading and cleaning keep article text and drop page furniture."""
    from veille.clean import clean_text
    from veille.evaluation.html_fr import evaluate_html_fr

    if not (corpus / "gold.json").is_file():
        raise typer.BadParameter(f"no gold.json in {corpus}", param_hint="--corpus")
    report = evaluate_html_fr(corpus, clean=clean_text)
    out.print(report.format(), highlight=False)


SharedOption = Annotated[
    Path,
    typer.Option("--shared", envvar="VEILLE_SHARED", help="Folder the gold's doc paths start in."),
]
GoldOption = Annotated[Path, typer.Option("--gold", help="Gold file or folder of *.jsonl.")]


@eval_app.command("check-gold")
def eval_check_gold(
    gold: GoldOption = Path("gold/dev"), shared: SharedOption = Path("../shared")
) -> None:
    """Check that every gold anchor resolves in the text veille reads for its document."""
    from veille.evaluation.events_eval import load_event_gold
    from veille.evaluation.gold import GoldError

    docs = _gold_docs(gold, shared)
    n_q = sum(len(d.quotes) for d in docs)
    n_f = sum(len(d.figures) for d in docs)
    try:
        ev = load_event_gold(gold, shared)
    except GoldError as exc:
        err.print(f"[red]gold error[/red]: {escape(str(exc))}")
        raise typer.Exit(1) from None
    n_e = sum(len(d.events) for d in ev)
    n_s = sum(len(d.stances) for d in ev)
    out.print(
        f"{len(docs)} documents, {n_q} quotes, {n_f} figures, {n_e} events, {n_s} stances:"
        " all anchors resolve"
    )


MissesOption = Annotated[bool, typer.Option("--misses/--no-misses", help="List every miss.")]


def _gold_docs(gold: Path, shared: Path) -> Any:
    from veille.evaluation.gold import GoldError, load_gold

    try:
        return load_gold(gold, shared)
    except GoldError as exc:
        err.print(f"[red]gold error[/red]: {escape(str(exc))}")
        raise typer.Exit(1) from None


@eval_app.command("quotes")
def eval_quotes(
    gold: GoldOption = Path("gold/dev"),
    shared: SharedOption = Path("../shared"),
    misses: MissesOption = True,
    baseline: Annotated[
        list[str] | None, typer.Option("--baseline", help="Also score another system: textacy.")
    ] = None,
) -> None:
    """Quote P/R/F1 (gold span covered ≥ 50 % and ≥ 80 %), speaker and kind accuracy."""
    from veille.evaluation import baselines
    from veille.evaluation.scoring import score_quotes, veille_predictions

    docs = _gold_docs(gold, shared)
    predicted = veille_predictions(docs)
    report = score_quotes(docs, lambda d: predicted[d.doc].quotes)
    out.print(report.format("veille", misses=misses), highlight=False)
    for name in baseline or []:
        if name not in baselines.BASELINES:
            raise typer.BadParameter(f"unknown baseline {name!r}", param_hint="--baseline")
        other = score_quotes(docs, baselines.textacy_quotes)
        out.print(other.format(name, misses=False), highlight=False)


@eval_app.command("figures")
def eval_figures(
    gold: GoldOption = Path("gold/dev"),
    shared: SharedOption = Path("../shared"),
    misses: MissesOption = True,
) -> None:
    """Figure P/R/F1 (value within 0.5 %), qualifier, source and category accuracy."""
    from veille.evaluation.scoring import score_figures, veille_predictions

    docs = _gold_docs(gold, shared)
    predicted = veille_predictions(docs)
    report = score_figures(docs, lambda d: predicted[d.doc].figures)
    out.print(report.format("veille", misses=misses), highlight=False)


def _register_plugins() -> None:
    import importlib
    import pkgutil

    from veille.interfaces import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"veille.interfaces.commands.{info.name}")
        module.register(app, eval_app)


_register_plugins()

if __name__ == "__main__":  # pragma: no cover - use `python -m veille`
    raise SystemExit("run veille as `veille …` or `python -m veille …`")
