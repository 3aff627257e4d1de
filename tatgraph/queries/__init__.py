"""The named query library: every read tatgraph makes lives here as a ``.cypher`` file.

Each file starts with ``//`` header lines::

    // name: chain_from                      (must equal the file name)
    // description: one line saying what the analysis answers
    // params: id: string, min_confidence: float = 0.0     (or: none)
    // example: tatgraph query chain_from -p id=ev_2022_08_23_ayyash_us_airstrikes

Parameter types: ``string``, ``int``, ``float``, ``bool``, ``datetime`` (ISO text is accepted
and read as UTC when it has no zone) and ``list[string]``; a ``= default`` makes a parameter
optional. The body is plain Cypher shared by every backend or, where the dialects differ,
one section per dialect introduced by ``// dialect: ladybug`` / ``// dialect: neo4j``; both
use exactly the declared parameters and return the same columns (the tests check it).

>>> q = get("events_by_kind")
>>> q.params
()
>>> "RETURN" in q.text("neo4j")
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import QueryError
from ..graph.statements import Dialect
from ..graph.store import GraphStore, Row

_HEADER = re.compile(r"^//\s*(name|description|params|example|dialect)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"\s*([A-Za-z_]\w*)\s*:\s*(string|int|float|bool|datetime|list\[string\])"
    r"\s*(?:=\s*([^,]+?))?\s*(?:,|$)"
)
_REFERENCE = re.compile(r"\$([A-Za-z_]\w*)")
TYPES = ("string", "int", "float", "bool", "datetime", "list[string]")


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    type: str
    default: Any = None
    required: bool = True

    def coerce(self, value: Any) -> Any:
        """Turn a value (possibly CLI text) into the declared type, or raise QueryError."""
        if value is None:
            return None
        try:
            return _COERCE[self.type](value)
        except (TypeError, ValueError) as exc:
            raise QueryError(f"parameter {self.name!r} must be {self.type}, got {value!r}") from exc


def _to_datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    text = str(value).strip().replace("Z", "+00:00")
    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise ValueError(value)


def _to_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = json.loads(value) if value.strip().startswith("[") else value.split(",")
    if not isinstance(value, list | tuple):
        raise ValueError(value)
    return [str(v).strip() for v in value]


def _to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    return int(value)


_COERCE: dict[str, Callable[[Any], Any]] = {
    "string": str,
    "int": _to_int,
    "float": float,
    "bool": _to_bool,
    "datetime": _to_datetime,
    "list[string]": _to_list,
}


@dataclass(frozen=True)
class NamedQuery:
    """One analysis: a name, what it answers, its parameters and its Cypher per dialect."""

    name: str
    description: str
    params: tuple[Param, ...]
    texts: Mapping[str, str]
    path: str
    examples: tuple[str, ...] = ()

    def text(self, dialect: Dialect | str) -> str:
        """The Cypher for ``dialect`` (the shared text when the dialects agree)."""
        key = Dialect(dialect).value
        return self.texts.get(key) or self.texts["*"]

    @property
    def param_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    def referenced_params(self, dialect: Dialect | str) -> set[str]:
        """The ``$names`` the dialect's text uses."""
        return set(_REFERENCE.findall(self.text(dialect)))

    def bind(self, given: Mapping[str, Any]) -> dict[str, Any]:
        """Check and coerce parameters: exactly the declared ones, defaults filled in."""
        extra = sorted(set(given) - set(self.param_names))
        if extra:
            want = ", ".join(self.param_names) or "none"
            raise QueryError(
                f"query {self.name!r} takes parameters ({want}); unknown: {', '.join(extra)}"
            )
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in given:
                out[p.name] = p.coerce(given[p.name])
            elif p.required:
                raise QueryError(
                    f"query {self.name!r} needs parameter {p.name!r} ({p.type}); "
                    f"e.g. -p {p.name}=..."
                )
            else:
                out[p.name] = p.coerce(p.default)
        return out


def _parse_params(spec: str, path: Path) -> tuple[Param, ...]:
    if spec.strip().lower() in ("", "none"):
        return ()
    out: list[Param] = []
    pos = 0
    while pos < len(spec):
        m = _PARAM.match(spec, pos)
        if not m or m.end() == pos:
            raise QueryError(
                f"{path}: cannot read the params header near {spec[pos:]!r}; write "
                f"'name: type' or 'name: type = default' with type one of {', '.join(TYPES)}"
            )
        name, typ, default = m.group(1), m.group(2), m.group(3)
        if default is None:
            out.append(Param(name, typ))
        else:
            raw = default.strip()
            value = None if raw == "null" else Param(name, typ).coerce(raw.strip("'\""))
            out.append(Param(name, typ, value, required=False))
        pos = m.end()
    return tuple(out)


def _parse(path: Path) -> NamedQuery:
    meta: dict[str, str] = {}
    examples: list[str] = []
    texts: dict[str, list[str]] = {}
    current = "*"
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _HEADER.match(line)
        if m and m.group(1) == "dialect":
            current = Dialect(m.group(2)).value
            texts[current] = []
            continue
        if m and current == "*" and not any(s.strip() for s in texts.get("*", [])):
            if m.group(1) == "example":
                examples.append(m.group(2))
            else:
                meta[m.group(1)] = m.group(2)
            continue
        texts.setdefault(current, []).append(line)
    bodies = {k: "\n".join(v).strip() for k, v in texts.items() if "\n".join(v).strip()}
    if "name" not in meta or meta["name"] != path.stem:
        raise QueryError(f"{path}: header must start with '// name: {path.stem}'")
    if not bodies or ("*" not in bodies and set(bodies) != {d.value for d in Dialect}):
        raise QueryError(f"{path}: needs one shared body or one body per dialect")
    return NamedQuery(
        name=meta["name"],
        description=meta.get("description", ""),
        params=_parse_params(meta.get("params", "none"), path),
        texts=bodies,
        path=str(path),
        examples=tuple(examples),
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
    """Run a named query read-only on ``store``; parameters are checked and coerced."""
    return execute(store, name, params)


def execute(
    store: GraphStore, name: str, params: Mapping[str, Any], *, timeout: float | None = None
) -> list[Row]:
    """:func:`run` with the parameters as a mapping and an optional ``timeout`` in seconds."""
    query = get(name)
    return store.read(query.text(store.dialect), query.bind(params), timeout=timeout)


def run_df(store: GraphStore, name: str, **params: Any) -> Any:
    """Like :func:`run`, as a pandas DataFrame (needs pandas installed)."""
    try:
        import pandas as pd
    except ImportError as exc:
        raise QueryError("run_df needs pandas: pip install pandas") from exc
    rows = run(store, name, **params)
    return pd.DataFrame(rows, columns=list(rows[0]) if rows else None)


def to_networkx(rows: list[Row]) -> Any:
    """Rows -> a networkx DiGraph.

    Rows with an ``ids`` list (a path of node ids) add its consecutive pairs as edges; rows
    with ``src``/``dst`` columns add one edge each, the other columns as edge attributes.
    """
    import networkx as nx

    graph = nx.DiGraph()
    for row in rows:
        if isinstance(row.get("ids"), list):
            nx.add_path(graph, row["ids"])
        elif "src" in row and "dst" in row:
            attrs = {k: v for k, v in row.items() if k not in ("src", "dst")}
            graph.add_edge(row["src"], row["dst"], **attrs)
        else:
            raise QueryError("to_networkx needs rows with an 'ids' list or 'src'/'dst' columns")
    return graph


def run_graph(store: GraphStore, name: str, **params: Any) -> Any:
    """Like :func:`run`, as a networkx DiGraph (see :func:`to_networkx`)."""
    return to_networkx(run(store, name, **params))


def catalogue_markdown() -> str:
    """The query catalogue as Markdown (what ``docs/queries.md`` holds; the tests compare)."""
    out = [
        "# Query library",
        "",
        "Generated by `tatgraph queries --markdown > docs/queries.md`; do not edit by hand.",
        "Every query runs read-only on both backends (`tatgraph query NAME -p k=v`, or",
        "`tatgraph.queries.run(store, NAME, k=v)` in Python). Files: `tatgraph/queries/*.cypher`.",
        "",
    ]
    for q in registry().values():
        dialects = "one text per dialect" if "*" not in q.texts else "portable"
        out += [f"## `{q.name}`", "", q.description, ""]
        if q.params:
            out += ["| parameter | type | default |", "|---|---|---|"]
            for p in q.params:
                default = "required" if p.required else f"`{p.default}`"
                out.append(f"| `{p.name}` | {p.type} | {default} |")
            out.append("")
        else:
            out += ["No parameters.", ""]
        out += [f"Cypher: {dialects}.", ""]
        if q.examples:
            out += ["```bash", *q.examples, "```", ""]
    return "\n".join(out).rstrip() + "\n"


__all__ = [
    "NamedQuery",
    "Param",
    "catalogue_markdown",
    "get",
    "registry",
    "run",
    "run_df",
    "run_graph",
    "to_networkx",
]
