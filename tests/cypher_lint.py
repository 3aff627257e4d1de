"""Bridge from the test suite to the offline Neo4j Cypher linter in ``tools/cypher-lint``.

The linter is ``tools/cypher-lint/lint.mjs``, a thin wrapper around Neo4j's own Cypher parser
and semantic analyser (npm package ``@neo4j-cypher/language-support``), targeting Cypher 5.
It needs Node.js and ``npm ci --prefix tools/cypher-lint``; tests should skip when
:func:`lint_available` returns a reason.

Each diagnostic is a dict with the keys ``severity`` (``"error"``, ``"warning"``, ...),
``message``, ``line`` and ``column`` (1-based), ``offset`` (0-based) and ``offending`` (the
flagged text).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

LINT_DIR = Path(__file__).resolve().parents[1] / "tools" / "cypher-lint"
LINT_SCRIPT = LINT_DIR / "lint.mjs"
PACKAGE_DIR = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
TIMEOUT_SECONDS = 120.0

Diagnostic = dict[str, Any]


def lint_available() -> str | None:
    """Return ``None`` when the linter can run, else a human-readable reason why not."""
    if shutil.which("node") is None:
        return "`node` is not on PATH (Node.js >= 20 is needed for the Cypher lint harness)"
    if not PACKAGE_DIR.is_dir():
        return "node_modules missing: run `npm ci --prefix tools/cypher-lint`"
    return None


def lint(
    statements: list[tuple[str, str, dict[str, Any]]],
    schema: dict[str, Any] | None = None,
) -> dict[str, list[Diagnostic]]:
    """Lint Cypher statements with one Node.js run and return diagnostics per statement name.

    ``statements`` holds ``(name, query, parameters)`` triples; names must be unique. The
    parameters are those the backend sends with the query; only their names matter, and a
    ``$param`` missing from them (and from ``schema["parameters"]``) is reported. Values that
    are not JSON-serialisable are sent as their ``str()``.

    ``schema`` is an optional ``DbSchema`` of the npm package (``labels``,
    ``relationshipTypes``, ``propertyKeys``, ``parameters``, ``functions``, ``procedures``,
    ``defaultLanguage``, ...). Neo4j's built-in functions and procedures are always known.

    Raises ``RuntimeError`` (with the linter's stderr) when the linter is unavailable,
    rejects the input, crashes or times out.
    """
    reason = lint_available()
    if reason is not None:
        raise RuntimeError(f"Cypher lint harness unavailable: {reason}")
    payload = {
        "schema": schema or {},
        "statements": [
            {"name": name, "query": query, "parameters": parameters}
            for name, query, parameters in statements
        ],
    }
    try:
        proc = subprocess.run(
            ["node", str(LINT_SCRIPT)],
            input=json.dumps(payload, default=str),
            capture_output=True,
            text=True,
            encoding="utf-8",
            cwd=LINT_DIR,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"Cypher lint timed out after {TIMEOUT_SECONDS:.0f} s") from exc
    if proc.returncode != 0:
        raise RuntimeError(
            f"Cypher lint failed (exit {proc.returncode}): {proc.stderr.strip() or '<no stderr>'}"
        )
    try:
        results = json.loads(proc.stdout)
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"Cypher lint wrote invalid JSON: {proc.stdout[:500]!r}") from exc
    return {str(item["name"]): list(item["diagnostics"]) for item in results}
