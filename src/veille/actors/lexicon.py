"""The bundled actor data files (``veille/data/actors``), read once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

try:  # libyaml's parser is ~10x faster; the registry is read by every pipeline worker
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader  # type: ignore[assignment]

FAMILIES = (
    "countries",
    "seats_of_power",
    "heads_of_state",
    "foreign_ministers",
    "governments_ministries",
    "un",
    "organisations",
    "armed_groups",
)


def read_bundled(name: str) -> dict[str, Any]:
    """One bundled YAML file of ``veille/data/actors`` (``name`` without ``.yaml``)."""
    path = resources.files("veille").joinpath("data", "actors", f"{name}.yaml")
    return parse_yaml(path.read_text("utf-8"))


def parse_yaml(text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.load(text, Loader=SafeLoader)
    return data


@cache
def lexicon(lang: str = "fr") -> dict[str, Any]:
    """Language knowledge for resolution: role phrases, bodies, cues (see ``fr.yaml``)."""
    return read_bundled(lang)
