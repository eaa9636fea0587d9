"""Readers: turn files, folders, globs and stdin into a stream of `Article` records.

Each format has one module (text, html, jsonl, csvfile, feed, warc). ``read_paths``
dispatches by extension, or by content when the name says nothing (stdin, odd
extensions), and yields either an ``Article`` or a ``ReadError`` (never raises for bad
input), so one bad file never stops a batch.

Conventions shared by all readers: text is NFC with ``\n`` newlines; text built from
markup (HTML, feeds, WARC) has one paragraph per block, blocks separated by a blank line;
dates are ISO strings as precise as the source ('YYYY-MM-DD', 'YYYY-MM', 'YYYY'); a
record inside a container is located by ``meta["record"]`` ("line 3", "entry 2"), and
its errors by a ``source`` of the form "file:line 3".
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator

from veille.records import Article, ReadError
from veille.sources.base import Input, InputError, Item
from veille.sources.encoding import DecodeError
from veille.sources.options import ReadOptions
from veille.sources.paths import STDIN, expand
from veille.sources.sniff import reader_for

__all__ = ["STDIN", "Article", "ReadError", "ReadOptions", "read_input", "read_paths"]


def read_paths(paths: Iterable[str], options: ReadOptions | None = None) -> Iterator[Item]:
    """Every article (or read error) from files, folders (recursive), globs and "-" (stdin)."""
    options = options or ReadOptions()
    for found in expand(paths):
        if isinstance(found, ReadError):
            yield found
        elif found is STDIN:
            yield from read_input(_stdin(options), options)
        else:
            yield from read_input(Input(str(found), path=found), options)


def read_input(inp: Input, options: ReadOptions | None = None) -> Iterator[Item]:
    """Read one input with the reader its name or content calls for, errors as items."""
    options = options or ReadOptions()
    try:
        if inp.size() == 0:
            yield ReadError(inp.source, "empty file")
            return
        reader = reader_for(inp)
        yield from reader(inp, options)
    except (InputError, DecodeError) as exc:
        yield ReadError(inp.source, str(exc))
    except OSError as exc:
        yield ReadError(inp.source, exc.strerror or str(exc))
    except Exception as exc:  # a reader bug must cost one file, not the batch
        yield ReadError(inp.source, f"unexpected error: {type(exc).__name__}: {exc}")


def _stdin(options: ReadOptions) -> Input:
    stream = options.stdin or sys.stdin.buffer
    return Input("<stdin>", data=stream.read())
