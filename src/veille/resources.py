"""Access to the language data files under ``veille/data`` (loaded once per process)."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from typing import Any

import yaml


class UnknownLanguageError(ValueError):
    """A language veille has no data or model for."""


def _read(name: str) -> str:
    path = resources.files("veille").joinpath("data")
    for part in name.split("/"):
        path = path.joinpath(part)
    return path.read_text("utf-8")


@cache
def languages() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(_read("languages.yaml"))
    return data


def check_language(lang: str) -> str:
    if lang not in languages():
        known = ", ".join(sorted(languages()))
        raise UnknownLanguageError(f"unknown language {lang!r} (known: {known})")
    return lang


@cache
def load_yaml(lang: str, name: str) -> dict[str, Any]:
    """A language's YAML data file, e.g. ``load_yaml("fr", "figures")``."""
    data: dict[str, Any] = yaml.safe_load(_read(f"{check_language(lang)}/{name}.yaml"))
    return data


@cache
def load_tsv(lang: str, name: str) -> tuple[dict[str, str], ...]:
    """A language's TSV data file as rows (``#`` lines are comments; first line is the header)."""
    text = _read(f"{check_language(lang)}/{name}.tsv")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t"))


@cache
def word_set(lang: str, name: str, key: str) -> frozenset[str]:
    """One word list of a language's YAML data file, lowercased, as a set."""
    return frozenset(str(w).lower() for w in load_yaml(lang, name).get(key, []))
