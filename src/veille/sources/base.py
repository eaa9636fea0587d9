"""What every reader receives: one input (a file or stdin) it can read whole or stream."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from veille.records import Article, ReadError
from veille.sources.options import ReadOptions, size_error

Item = Article | ReadError


class InputError(Exception):
    """A whole input cannot be read; the message is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class Input:
    """A file on disk, or bytes already read (stdin, which cannot be re-opened)."""

    source: str
    path: Path | None = None
    data: bytes | None = None

    def open(self) -> BinaryIO:
        if self.data is not None:
            return io.BytesIO(self.data)
        assert self.path is not None
        return self.path.open("rb")

    def size(self) -> int:
        if self.data is not None:
            return len(self.data)
        assert self.path is not None
        return self.path.stat().st_size

    def read_bytes(self, limit: int) -> bytes:
        """The whole input, refusing (before reading) anything above ``limit`` bytes."""
        size = self.size()
        if size > limit:
            raise InputError(size_error(size, limit))
        if self.data is not None:
            return self.data
        with self.open() as stream:
            return stream.read()


class Reader(Protocol):
    def __call__(self, inp: Input, options: ReadOptions) -> Iterator[Item]: ...
