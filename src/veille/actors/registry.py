"""The actor registry: who the actors of international news are, as data.

The bundled files (``veille/data/actors/*.yaml``, documented in their README) are loaded
once per process and indexed by folded alias, so that resolving a mention is a dict
look-up; users extend or override them with their own YAML files (``--actors FILE`` or
``VEILLE_ACTORS=a.yaml:b.yaml``, read by every pipeline worker): an entry with the id
of a bundled one replaces it.

Countries are one line each and yield three actors (the country, its government and
its armed forces) so that "Israël", "les autorités israéliennes" and "l'armée
israélienne" resolve to distinct, related ids.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from veille.actors.lexicon import FAMILIES, parse_yaml, read_bundled
from veille.actors.text import key, skeleton, slug

ENV = "VEILLE_ACTORS"
TYPES = ("person", "organization", "government", "country", "group", "place")
_TYPE_ALIASES = {"armed group": "group", "armed_group": "group", "military": "organization"}


class RegistryError(ValueError):
    """A registry file that cannot be read or has a malformed entry."""


@dataclass(frozen=True, slots=True)
class Role:
    """An office held: ``of`` is a country code ("usa") or an actor id ("org:un")."""

    role: str
    of: str
    start: str = ""
    end: str = ""

    def holds_at(self, day: str) -> bool:
        """Whether the role was held on ``day`` (ISO; partial dates compare as prefixes)."""
        return (not self.start or self.start <= day) and (not self.end or day < self.end)


@dataclass(slots=True)
class Actor:
    id: str
    type: str
    name: str
    aliases: tuple[str, ...] = ()
    affiliation: str | None = None
    roles: tuple[Role, ...] = ()
    country: str | None = None
    source: str = ""
    ministry: tuple[str, str] | None = None
    name_en: str | None = None

    def names(self) -> tuple[str, ...]:
        extra = (self.name_en,) if self.name_en else ()
        return (self.name, *self.aliases, *extra)


@dataclass
class Registry:
    """All actors with the indexes resolution needs."""

    actors: dict[str, Actor] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    seats: dict[str, tuple[str, str]] = field(default_factory=dict)
    by_alias: dict[str, list[str]] = field(default_factory=dict)
    surnames: dict[str, list[str]] = field(default_factory=dict)
    blocks: dict[str, list[str]] = field(default_factory=dict)
    holders: dict[tuple[str, str], list[tuple[Role, str]]] = field(default_factory=dict)
    ministries: dict[tuple[str, str], str] = field(default_factory=dict)

    def get(self, actor_id: str | None) -> Actor | None:
        return self.actors.get(actor_id) if actor_id else None

    def lookup(self, name: str, types: Iterable[str] | None = None) -> list[Actor]:
        """Actors whose name or alias folds to ``name`` (optionally of some types)."""
        wanted = set(types) if types is not None else None
        found = [self.actors[i] for i in self.by_alias.get(key(name), ())]
        return [a for a in found if wanted is None or a.type in wanted]

    def holder(self, role: str, of: str, day: str | None) -> str | None:
        """Who held ``role`` for ``of`` on ``day`` (None if no one, or no date)."""
        if day is None:
            return None
        for r, actor_id in self.holders.get((role, of), ()):
            if r.holds_at(day):
                return actor_id
        return None

    def country_of(self, actor_id: str | None, depth: int = 0) -> str | None:
        """The country an actor belongs to, following affiliations ("gov:usa" → "usa")."""
        actor = self.get(actor_id)
        if actor is None or depth > 4:
            return None
        if actor.country:
            return actor.country
        return self.country_of(actor.affiliation, depth + 1)


# -- loading ----------------------------------------------------------------------------


def _date(value: Any) -> str:
    return "" if value is None else str(value)


def _role(raw: Any, where: str) -> Role:
    if not isinstance(raw, list | tuple) or len(raw) < 2:
        raise RegistryError(f"{where}: a role is [role, of, from, to], got {raw!r}")
    items = [*list(raw), None, None]
    return Role(str(items[0]), str(items[1]), _date(items[2]), _date(items[3]))


def _actor(raw: dict[str, Any], defaults: dict[str, Any], source: str, where: str) -> Actor:
    if "name" not in raw:
        raise RegistryError(f"{where}: entry without a name: {raw!r}")
    kind = str(raw.get("type", defaults.get("type", "organization")))
    kind = _TYPE_ALIASES.get(kind, kind)
    if kind not in TYPES:
        raise RegistryError(f"{where}: unknown type {kind!r} for {raw['name']!r}")
    prefix = {"person": "person", "group": "group", "place": "place"}.get(kind, "org")
    roles = tuple(_role(r, where) for r in raw.get("roles", []) or [])
    ministry = tuple(raw["ministry"]) if raw.get("ministry") else None
    country = raw.get("country") or (ministry[1] if ministry else None)
    affiliation = raw.get("affiliation") or _default_affiliation(roles, country)
    return Actor(
        id=str(raw.get("id") or f"{prefix}:{slug(raw['name'])}"),
        type=kind,
        name=str(raw["name"]),
        aliases=tuple(str(a) for a in raw.get("aliases", []) or []),
        affiliation=affiliation,
        roles=roles,
        country=country,
        source=source,
        ministry=(str(ministry[0]), str(ministry[1])) if ministry else None,
        name_en=raw.get("en"),
    )


def _default_affiliation(roles: tuple[Role, ...], country: str | None) -> str | None:
    """Office holders belong to the body they serve in their latest role."""
    if country:
        return f"gov:{country}"
    if not roles:
        return None
    last = max(roles, key=lambda r: r.start)
    return last.of if ":" in last.of else f"gov:{last.of}"


def demonym_forms(spec: str) -> list[str]:
    """'américain' → américain, américaine, américains, américaines ('turc|turque' too)."""
    masc, _, fem = spec.partition("|")
    if not fem:
        if masc.endswith(("ien", "éen", "een")):
            fem = masc + "ne"
        elif masc.endswith("e") or masc.endswith("è"):
            fem = masc
        else:
            fem = masc + "e"
    forms = {masc, fem}
    forms |= {f if f.endswith(("s", "x")) else f + "s" for f in (masc, fem)}
    return sorted(forms)


def feminine(spec: str) -> str:
    forms = demonym_forms(spec)
    masc, _, fem = spec.partition("|")
    if fem:
        return fem
    return next((f for f in forms if f != masc and not f.endswith("s")), masc)


def _countries(data: dict[str, Any], source: str) -> tuple[list[Actor], dict[str, str], list]:
    actors: list[Actor] = []
    demonyms: dict[str, str] = {}
    capitals: list[tuple[str, str]] = []
    for row in data["countries"]:
        code, fr, en, dem, capital = (str(x) if x is not None else None for x in row[:5])
        assert code and fr and dem
        extra = [str(a) for a in (row[5] if len(row) > 5 else [])]
        masc = dem.partition("|")[0]
        actors += [
            Actor(
                f"country:{code}", "country", fr, (*extra, en or fr), country=code, source=source
            ),
            Actor(f"gov:{code}", "government", f"gouvernement {masc}", (), None, (), code, source),
            Actor(
                f"mil:{code}",
                "organization",
                f"armée {feminine(dem)}",
                (),
                f"gov:{code}",
                (),
                code,
                source,
            ),
        ]
        demonyms.update((key(form), code) for form in demonym_forms(dem))
        if capital and key(capital) != key(fr):
            capitals.append((capital, code))
    return actors, demonyms, capitals


class _Builder:
    """Accumulates entries from the bundled files, then the user's, and indexes them."""

    def __init__(self) -> None:
        self.reg = Registry()
        self.gov_aliases: list[tuple[str, str]] = []

    def add(self, actor: Actor) -> None:
        self.reg.actors[actor.id] = actor

    def add_file(self, data: dict[str, Any], where: str) -> None:
        source = str(data.get("source", "")).strip()
        if "countries" in data:
            actors, demonyms, capitals = _countries(data, source)
            for a in actors:
                self.add(a)
            self.reg.demonyms.update(demonyms)
            for capital, code in capitals:
                self._seat(capital, [], code, source)
        for seat in data.get("seats", []) or []:
            self._seat(seat["name"], seat.get("aliases", []), seat["government"], source)
        for entry in data.get("government_aliases", []) or []:
            self.gov_aliases += [(a, f"gov:{entry['government']}") for a in entry["aliases"]]
        defaults = {k: v for k, v in data.items() if k == "type"}
        for raw in data.get("actors", []) or []:
            self.add(_actor(raw, defaults, source, where))

    def _seat(self, name: str, aliases: list[str], country: str, source: str) -> None:
        place = Actor(
            f"place:{slug(name)}", "place", name, tuple(aliases), country=country, source=source
        )
        self.add(place)
        for n in (name, *aliases):
            self.reg.seats.setdefault(key(n), (place.id, f"gov:{country}"))

    def build(self, extra_demonyms: dict[str, str]) -> Registry:
        reg = self.reg
        reg.demonyms.update(
            (key(f), v) for d, v in extra_demonyms.items() for f in demonym_forms(d)
        )
        index: dict[str, list[str]] = defaultdict(list)
        for actor in reg.actors.values():
            for n in actor.names():
                if actor.id not in index[key(n)]:
                    index[key(n)].append(actor.id)
        for alias, gov in self.gov_aliases:
            ids = index[key(alias)]
            index[key(alias)] = [gov, *(i for i in ids if i != gov)]
        reg.by_alias = dict(index)
        self._index_people_and_roles()
        return reg

    def _index_people_and_roles(self) -> None:
        reg = self.reg
        surnames: dict[str, list[str]] = defaultdict(list)
        blocks: dict[str, list[str]] = defaultdict(list)
        holders: dict[tuple[str, str], list[tuple[Role, str]]] = defaultdict(list)
        for actor in reg.actors.values():
            if actor.ministry:
                reg.ministries[actor.ministry] = actor.id
            for role in actor.roles:
                holders[(role.role, role.of)].append((role, actor.id))
            if actor.type != "person":
                continue
            for n in actor.names():
                words = key(n).split()
                if len(words) > 1 and actor.id not in surnames[words[-1]]:
                    surnames[words[-1]].append(actor.id)
                skel = skeleton(n).split()
                if skel and actor.id not in blocks[skel[-1][:4]]:
                    blocks[skel[-1][:4]].append(actor.id)
        reg.surnames, reg.blocks = dict(surnames), dict(blocks)
        reg.holders = {k: sorted(v, key=lambda rv: rv[0].start) for k, v in holders.items()}


def _read_user_file(path: Path) -> dict[str, Any]:
    try:
        data = parse_yaml(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"cannot read actors file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise RegistryError(f"{path}: expected a mapping with 'actors:' (see the README)")
    return data


@cache
def load_registry(user_files: tuple[str, ...] = ()) -> Registry:
    """The bundled registry, then each user file in order (later entries win)."""
    from veille.actors.lexicon import lexicon

    builder = _Builder()
    for name in FAMILIES:
        builder.add_file(read_bundled(name), f"{name}.yaml")
    for file in user_files:
        builder.add_file(_read_user_file(Path(file)), file)
    return builder.build(lexicon()["extra_demonyms"])


def user_files_from_env() -> tuple[str, ...]:
    raw = os.environ.get(ENV, "")
    return tuple(p for p in raw.split(os.pathsep) if p.strip())


def current_registry() -> Registry:
    """The registry for this process: bundled files plus those named in ``VEILLE_ACTORS``."""
    return load_registry(user_files_from_env())


def use_actor_files(files: Iterable[str]) -> None:
    """Make ``files`` part of the registry in this process and the workers it starts."""
    paths = [str(Path(f).resolve()) for f in files]
    for p in paths:
        if not Path(p).is_file():
            raise RegistryError(f"actors file not found: {p}")
    if paths:
        os.environ[ENV] = os.pathsep.join(paths)
