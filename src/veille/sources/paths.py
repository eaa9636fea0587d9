"""Command-line paths to the files to read: folders walked, globs expanded, order stable.

Order is sorted so two runs over the same folder give the same output (and ids) in the
same order. Hidden files and folders (dot-names: .git, .DS_Store) are skipped.
"""

from __future__ import annotations

import glob
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path

from veille.records import ReadError


class Stdin(Enum):
    """Marks "-" apart from any real path (a file named "./-" is still a file)."""

    STDIN = "-"


STDIN = Stdin.STDIN
_GLOB_CHARS = frozenset("*?[")


def expand(paths: Iterable[str]) -> Iterator[Path | ReadError | Stdin]:
    """Files to read in order, `STDIN` for "-", or an error for a path that leads nowhere."""
    for raw in paths:
        if raw == "-":
            yield STDIN
            continue
        path = Path(raw).expanduser()
        if path.exists():
            yield from _walk(path)
        elif _GLOB_CHARS & set(raw):
            yield from _glob(raw)
        else:
            yield ReadError(raw, "no such file or directory")


def _glob(pattern: str) -> Iterator[Path | ReadError]:
    matches = sorted(glob.glob(str(Path(pattern).expanduser()), recursive=True))
    if not matches:
        yield ReadError(pattern, "no file matches this pattern")
    for match in matches:
        yield from _walk(Path(match))


def _walk(path: Path) -> Iterator[Path]:
    if not path.is_dir():
        yield path
        return
    for child in sorted(path.iterdir()):
        if not child.name.startswith("."):
            yield from _walk(child)
