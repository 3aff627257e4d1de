"""Bundled reference data: the site gazetteer and the actor list with its hierarchy.

Both are YAML lists under ``tatgraph/data`` (``sites.yaml``, ``actors.yaml``); users can
pass their own files with the same layout to extend them.

>>> ref = load_reference()
>>> ref.sites["al_omar"].country
'SYR'
>>> "axis_of_resistance" in ref.ancestors("kataib_hezbollah")
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError

from .errors import InputError, Problem
from .located import LocatedDict, LocatedList, load_yaml, problems_from_validation
from .model import Actor, Dataset, Site

M = TypeVar("M", Site, Actor)


def data_path(name: str) -> Path:
    """Path of a file bundled in ``tatgraph/data``."""
    return Path(str(resources.files("tatgraph") / "data" / name))


@dataclass
class Reference:
    """Sites and actors by id."""

    sites: dict[str, Site] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)

    def ancestors(self, actor_id: str) -> set[str]:
        """Every actor ``actor_id`` is (transitively) part of."""
        out: set[str] = set()
        stack = list(self.actors[actor_id].part_of) if actor_id in self.actors else []
        while stack:
            parent = stack.pop()
            if parent not in out:
                out.add(parent)
                stack.extend(self.actors[parent].part_of if parent in self.actors else ())
        return out

    def dataset(self) -> Dataset:
        """The reference records as a dataset to write (actors in dependency order)."""
        return Dataset(sites=list(self.sites.values()), actors=list(self.actors.values()))


def _read_list(path: Path) -> LocatedList:
    doc = load_yaml(path)
    if not isinstance(doc, LocatedList):
        raise InputError("expected a YAML list of entries", file=str(path), line=1)
    return doc


def _records(path: Path, model: type[M], problems: list[Problem]) -> list[M]:
    out: list[M] = []
    doc = _read_list(path)
    seen: dict[str, int | None] = {}
    for i, rec in enumerate(doc):
        if not isinstance(rec, LocatedDict):
            problems.append(Problem(str(path), doc.line_of(i), None, "entry must be a mapping"))
            continue
        try:
            item = model.model_validate(dict(rec))
        except ValidationError as exc:
            problems.extend(problems_from_validation(exc, rec))
            continue
        if item.id in seen:
            problems.append(
                Problem(
                    str(path),
                    rec.line_of("id"),
                    "id",
                    f"id {item.id!r} already used at line {seen[item.id]}",
                )
            )
            continue
        seen[item.id] = rec.line_of("id")
        out.append(item)
    return out


def load_reference(
    site_files: Iterable[Path] | None = None, actor_files: Iterable[Path] | None = None
) -> Reference:
    """Load the bundled gazetteer and actors, plus any extra files, validated together."""
    problems: list[Problem] = []
    ref = Reference()
    for path in [data_path("sites.yaml"), *(site_files or [])]:
        for site in _records(Path(path), Site, problems):
            ref.sites[site.id] = site
    for path in [data_path("actors.yaml"), *(actor_files or [])]:
        for actor in _records(Path(path), Actor, problems):
            ref.actors[actor.id] = actor
    for actor in ref.actors.values():
        for parent in actor.part_of:
            if parent not in ref.actors:
                problems.append(
                    Problem(
                        "actors", None, "part_of", f"{actor.id}: unknown parent actor {parent!r}"
                    )
                )
    if not problems:
        for actor_id in ref.actors:
            if actor_id in ref.ancestors(actor_id):
                problems.append(
                    Problem("actors", None, "part_of", f"{actor_id} is (indirectly) part of itself")
                )
    if problems:
        raise InputError(problems=problems, hint="fix the reference data and load again")
    return ref
