"""The named query library: every read tatgraph makes lives here as a ``.cypher`` file.

Each file starts with ``//`` header lines giving its ``name``, a ``description`` and its
``params`` (``name: type`` pairs, or ``none``). The body is plain Cypher shared by every
backend, or, where the dialects differ, one section per dialect introduced by a line
``// dialect: ladybug`` or ``// dialect: neo4j``. Both sections take the same parameters and
must return the same columns (the conformance tests check it).

>>> q = get("events_by_kind")
>>> q.params
()
>>> "RETURN" in q.text("neo4j")
True
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import QueryError
from ..graph.statements import Dialect
from ..graph.store import GraphStore, Row

_HEADER = re.compile(r"^//\s*(name|description|params|dialect)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class NamedQuery:
    """One analysis: a name, what it answers, its parameters and its Cypher per dialect."""

    name: str
    description: str
    params: tuple[tuple[str, str], ...]
    texts: Mapping[str, str]
    path: str

    def text(self, dialect: Dialect | str) -> str:
        """The Cypher for ``dialect`` (the shared text when the dialects agree)."""
        key = Dialect(dialect).value
        return self.texts.get(key) or self.texts["*"]

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.params)


def _parse(path: Path) -> NamedQuery:
    meta: dict[str, str] = {}
    texts: dict[str, list[str]] = {}
    current = "*"
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line)
        if m and m.group(1) == "dialect":
            current = Dialect(m.group(2)).value
            texts[current] = []
            continue
        if m and current == "*" and not any(s.strip() for s in texts.get("*", [])):
            meta[m.group(1)] = m.group(2)
            continue
        texts.setdefault(current, []).append(line)
    bodies = {k: "\n".join(v).strip() for k, v in texts.items() if "\n".join(v).strip()}
    if "name" not in meta or meta["name"] != path.stem:
        raise QueryError(f"{path}: header must start with '// name: {path.stem}'")
    if not bodies or ("*" not in bodies and set(bodies) != {d.value for d in Dialect}):
        raise QueryError(f"{path}: needs one shared body or one body per dialect")
    params: list[tuple[str, str]] = []
    spec = meta.get("params", "none")
    if spec.strip().lower() != "none":
        for item in spec.split(","):
            name, _, typ = item.partition(":")
            params.append((name.strip(), typ.strip() or "any"))
    return NamedQuery(
        name=meta["name"],
        description=meta.get("description", ""),
        params=tuple(params),
        texts=bodies,
        path=str(path),
    )


@cache
def registry() -> dict[str, NamedQuery]:
    """Every named query shipped with tatgraph, by name."""
    folder = Path(str(resources.files("tatgraph") / "queries"))
    return {q.name: q for q in map(_parse, sorted(folder.glob("*.cypher")))}


def get(name: str) -> NamedQuery:
    """Look up a named query; the error lists the known names."""
    try:
        return registry()[name]
    except KeyError:
        known = ", ".join(sorted(registry()))
        raise QueryError(f"no query named {name!r}; known queries: {known}") from None


def run(store: GraphStore, name: str, **params: Any) -> list[Row]:
    """Run a named query read-only on ``store`` with exactly its declared parameters."""
    query = get(name)
    missing = [p for p in query.param_names if p not in params]
    extra = [p for p in params if p not in query.param_names]
    if missing or extra:
        want = ", ".join(query.param_names) or "none"
        raise QueryError(
            f"query {name!r} takes parameters ({want}); "
            + (f"missing: {', '.join(missing)}" if missing else f"unknown: {', '.join(extra)}")
        )
    return store.read(query.text(store.dialect), params)


__all__ = ["NamedQuery", "get", "registry", "run"]
