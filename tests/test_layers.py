"""The package's import structure: layers, no cycles, no private names across modules.

Every module of ``tatgraph`` belongs to one layer (:data:`LAYERS`, lowest first). A module
may import from its own layer and the layers below it, never from a layer above; no group
of modules imports each other in a circle (imports inside functions and under
``TYPE_CHECKING`` count too); and no module uses another module's private names (``_x``),
neither by importing them nor as ``module._x`` or ``obj._x``.

The checker reads the source with :mod:`ast` and imports nothing; the last tests run it on
small packages written to ``tmp_path`` to show that it finds each kind of violation.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "tatgraph"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("base", ("tatgraph", "tatgraph.errors", "tatgraph.vocab", "tatgraph.model")),
    ("reference", ("tatgraph.reference", "tatgraph.located")),
    ("graph", ("tatgraph.graph",)),
    ("queries", ("tatgraph.queries",)),
    ("sources", ("tatgraph.loaders", "tatgraph.extract", "tatgraph.link")),
    ("chains", ("tatgraph.chains",)),
    ("viz", ("tatgraph.viz",)),
    ("apps", ("tatgraph.cli_common", "tatgraph.cli", "tatgraph.demo", "tatgraph.synth", "*.cli")),
)
"""Lowest first. A module is in the layer of the longest prefix naming it (``tatgraph``
itself only names the root module); every ``cli`` module is an app, whatever its package."""


@dataclass(frozen=True)
class Import:
    """One import statement: where it is and what it names."""

    module: str
    line: int
    target: str
    names: tuple[str, ...] = ()


@dataclass
class Package:
    """The modules of a package and what each imports and defines."""

    root: str
    modules: dict[str, Path] = field(default_factory=dict)
    imports: list[Import] = field(default_factory=list)
    defined: dict[str, set[str]] = field(default_factory=dict)
    trees: dict[str, ast.Module] = field(default_factory=dict)


def module_name(path: Path, base: Path) -> str:
    parts = list(path.relative_to(base.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def read_package(root: Path) -> Package:
    """Parse every module under ``root`` (a package directory)."""
    pkg = Package(root.name)
    for path in sorted(root.rglob("*.py")):
        pkg.modules[module_name(path, root)] = path
    for name, path in pkg.modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        pkg.trees[name] = tree
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        pkg.defined[name] = _definitions(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if _inside(alias.name, pkg.root):
                        pkg.imports.append(Import(name, node.lineno, alias.name))
            elif isinstance(node, ast.ImportFrom):
                target = _absolute(node, here)
                if _inside(target, pkg.root):
                    names = tuple(a.name for a in node.names)
                    pkg.imports.append(Import(name, node.lineno, target, names))
    return pkg


def _inside(name: str, root: str) -> bool:
    return name == root or name.startswith(root + ".")


def _absolute(node: ast.ImportFrom, here: str) -> str:
    if not node.level:
        return node.module or ""
    base = here.split(".")
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _definitions(tree: ast.Module) -> set[str]:
    """Every name a module binds anywhere: functions, classes, attributes, assignments."""
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            out.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            out.add(node.attr)
        elif isinstance(node, ast.arg):
            out.add(node.arg)
    return out


def edges(pkg: Package) -> Iterator[tuple[Import, str]]:
    """(import, imported module) for every import of a module of the package.

    ``from pkg import name`` is an import of the submodule ``pkg.name`` when there is one,
    else of ``pkg`` itself. A package's own ``__init__`` running first is not counted (it
    would make every package a cycle with its modules).
    """
    for imp in pkg.imports:
        if not imp.names:
            yield imp, imp.target
            continue
        for name in imp.names:
            sub = f"{imp.target}.{name}"
            yield imp, sub if sub in pkg.modules else imp.target


def layer_of(module: str, layers: Sequence[tuple[str, tuple[str, ...]]]) -> int:
    """Index of the module's layer; raises for a module no layer names."""
    if module.rpartition(".")[2] == "cli":
        for i, (_, prefixes) in enumerate(layers):
            if "*.cli" in prefixes:
                return i
    best: tuple[int, int] | None = None
    root = layers[0][1][0]
    for i, (_, prefixes) in enumerate(layers):
        for prefix in prefixes:
            if prefix == root and module != root:
                continue
            if (module == prefix or module.startswith(prefix + ".")) and (
                best is None or len(prefix) > best[0]
            ):
                best = (len(prefix), i)
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS")
    return best[1]


def upward_imports(
    pkg: Package, layers: Sequence[tuple[str, tuple[str, ...]]] = LAYERS
) -> list[str]:
    """Imports of a module from a higher layer than the importing module's."""
    out = []
    for imp, target in edges(pkg):
        low, high = layer_of(imp.module, layers), layer_of(target, layers)
        if high > low:
            out.append(
                f"{imp.module}:{imp.line} ({layers[low][0]}) imports {target} "
                f"({layers[high][0]}), a higher layer"
            )
    return sorted(set(out))


def cycles(pkg: Package) -> list[list[str]]:
    """Groups of modules that import each other in a circle (Tarjan's algorithm)."""
    graph: dict[str, set[str]] = {m: set() for m in pkg.modules}
    for imp, target in edges(pkg):
        if target in graph and target != imp.module:
            graph[imp.module].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(pkg: Package) -> list[str]:
    """Uses of another module's private names.

    - ``from m import _x``;
    - ``m._x`` where ``m`` is a module of the package bound by an import;
    - ``obj._x`` (``obj`` not ``self``/``cls``) where ``_x`` is defined in another module
      of the package and not in this one (e.g. ``store._transaction`` outside the store).
    """
    out = []
    for imp in pkg.imports:
        for name in imp.names:
            if _private(name) and f"{imp.target}.{name}" not in pkg.modules:
                out.append(f"{imp.module}:{imp.line} imports the private name {imp.target}.{name}")
    elsewhere: dict[str, set[str]] = {}
    for module, names in pkg.defined.items():
        for name in names:
            if _private(name):
                elsewhere.setdefault(name, set()).add(module)
    for module, tree in pkg.trees.items():
        bound = _module_aliases(pkg, module)
        mine = pkg.defined[module]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute) or not _private(node.attr):
                continue
            value = node.value
            if isinstance(value, ast.Name) and value.id in bound:
                out.append(
                    f"{module}:{node.lineno} uses the private name {bound[value.id]}.{node.attr}"
                )
            elif (
                not (isinstance(value, ast.Name) and value.id in ("self", "cls"))
                and node.attr not in mine
                and elsewhere.get(node.attr, set()) - {module}
            ):
                owners = ", ".join(sorted(elsewhere[node.attr]))
                out.append(f"{module}:{node.lineno} uses .{node.attr}, private to {owners}")
    return sorted(set(out))


def _module_aliases(pkg: Package, module: str) -> dict[str, str]:
    """Local names bound to modules of the package in ``module`` (``from . import st``)."""
    out: dict[str, str] = {}
    tree = pkg.trees[module]
    here = module if pkg.modules[module].name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = _absolute(node, here)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in pkg.modules:
                    out[alias.asname or alias.name] = sub
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in pkg.modules and alias.asname:
                    out[alias.asname] = alias.name
    return out


# -- the package -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def package() -> Package:
    return read_package(ROOT)


def test_every_module_is_in_a_layer(package: Package) -> None:
    for module in package.modules:
        layer_of(module, LAYERS)


def test_no_import_runs_up_the_layers(package: Package) -> None:
    assert upward_imports(package) == []


def test_no_import_cycles(package: Package) -> None:
    assert cycles(package) == []


def test_no_private_names_across_modules(package: Package) -> None:
    assert private_uses(package) == []


def test_modules_are_readable_in_one_sitting(package: Package) -> None:
    """One topic per module: none much longer than 500 lines."""
    long = {
        m: n
        for m, p in package.modules.items()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 520
    }
    assert long == {}


# -- the checker finds what it should --------------------------------------------------------
def _write(root: Path, files: dict[str, str]) -> Package:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return read_package(root)


TOY_LAYERS = (("low", ("toy", "toy.base")), ("mid", ("toy.graph",)), ("top", ("toy.app", "*.cli")))


def test_checker_finds_an_upward_import(tmp_path: Path) -> None:
    pkg = _write(
        tmp_path / "toy",
        {
            "__init__.py": "",
            "base.py": "def helper():\n    from .graph import store  # lazy, still upward\n",
            "graph/__init__.py": "",
            "graph/store.py": "from ..base import helper\n",
            "graph/cli.py": "from ..app import run\n",
            "app.py": "from .graph import store\nrun = store\n",
        },
    )
    assert upward_imports(pkg, TOY_LAYERS) == [
        "toy.base:2 (low) imports toy.graph.store (mid), a higher layer"
    ]  # graph/cli.py is an app (every cli module is), so it may import toy.app


def test_checker_finds_a_cycle_through_a_type_checking_import(tmp_path: Path) -> None:
    pkg = _write(
        tmp_path / "toy",
        {
            "__init__.py": "",
            "a.py": "from .b import B\n",
            "b.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .c import C\nB = 1\n"
            ),
            "c.py": "from . import a\nC = 2\n",
            "d.py": "from . import a, b\n",
        },
    )
    assert cycles(pkg) == [["toy.a", "toy.b", "toy.c"]]


def test_checker_finds_private_names_used_across_modules(tmp_path: Path) -> None:
    pkg = _write(
        tmp_path / "toy",
        {
            "__init__.py": "__version__ = '1'\n",
            "store.py": (
                "class Store:\n    def _transaction(self):\n        return self._run()\n"
                "    def _run(self):\n        return 1\n"
                "def _dedupe(rows):\n    return rows\n"
            ),
            "bulk.py": (
                "from . import __version__\n"
                "from . import store as st\n"
                "from .store import Store, _dedupe\n"
                "def write(s: Store):\n    st._dedupe([])\n    return s._transaction()\n"
            ),
            "fine.py": (
                "class Own:\n    def _mine(self):\n        return 1\n"
                "def use(o: Own):\n    return o._mine()\n"
            ),
        },
    )
    assert private_uses(pkg) == [
        "toy.bulk:3 imports the private name toy.store._dedupe",
        "toy.bulk:5 uses the private name toy.store._dedupe",
        "toy.bulk:6 uses ._transaction, private to toy.store",
    ]
