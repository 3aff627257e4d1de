"""Small lexical checks on Cypher text, shared by every backend.

They guard the read-only path for researchers' ad-hoc queries, in front of the engines'
own read-only modes:

- text with several statements is refused (``MATCH ...; COMMIT; CREATE ...`` runs in full
  on Ladybug when sent as one text, escaping a read-only transaction);
- a statement must start with a reading clause, and clauses that touch files, settings or
  other databases are refused: Ladybug runs ``EXPORT DATABASE`` and ``CALL threads=2``
  inside a READ ONLY transaction (measured), so the engine alone is not enough.

>>> count_statements("MATCH (n) RETURN ';' AS s // ; comment")
1
>>> count_statements("MATCH (n) RETURN n; CREATE (m)")
2
>>> read_only_problem("MATCH (n) RETURN n") is None
True
>>> read_only_problem("CREATE (n:Event {id: 'x'})")
'this query writes (CREATE)'
>>> read_only_problem("EXPORT DATABASE '/tmp/x'")[:45]
'a read-only query must start with MATCH, OPTI'
>>> size_problem("RETURN " + "[" * 40 + "1" + "]" * 40)
'the query nests brackets 40 deep (at most 32 allowed)'
>>> sorted(parameter_names("MATCH (s {id: $id}) WHERE s.x > $min RETURN '$not_one'"))
['id', 'min']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple


class Token(NamedTuple):
    kind: str  # "word", "string", "name" (backticked), "symbol"
    text: str


def tokens(text: str) -> Iterator[Token]:
    """Words, strings, backticked names and symbols; comments and spaces are dropped."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif text.startswith("//", i):
            nl = text.find("\n", i)
            i = n if nl == -1 else nl + 1
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close == -1 else close + 2
        elif ch in "'\"`":
            end = _string_end(text, i)
            yield Token("name" if ch == "`" else "string", text[i:end])
            i = end
        elif ch.isalnum() or ch in "_$":
            j = i + 1
            while j < n and (text[j].isalnum() or text[j] in "_$"):
                j += 1
            yield Token("word", text[i:j])
            i = j
        else:
            yield Token("symbol", ch)
            i += 1


def _string_end(text: str, start: int) -> int:
    """Index just past the quoted string/identifier starting at ``start``."""
    quote = text[start]
    i = start + 1
    while i < len(text):
        if text[i] == "\\" and quote != "`":
            i += 2
            continue
        if text[i] == quote:
            if quote == "`" and text.startswith("``", i):
                i += 2
                continue
            return i + 1
        i += 1
    return len(text)


def statements(text: str) -> list[list[Token]]:
    """The non-empty ``;``-separated statements of ``text``, as token lists."""
    out: list[list[Token]] = [[]]
    for tok in tokens(text):
        if tok == Token("symbol", ";"):
            out.append([])
        else:
            out[-1].append(tok)
    return [s for s in out if s]


def count_statements(text: str) -> int:
    """Number of non-empty ``;``-separated statements, ignoring ``;`` in strings and comments."""
    return len(statements(text))


WRITING_STARTS = ("CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "DROP", "ALTER")
READING_STARTS = ("MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CALL")
FORBIDDEN_WORDS = ("LOAD", "COPY", "EXPORT", "IMPORT", "ATTACH", "INSTALL", "CHECKPOINT", "USE")
"""Clauses that read or write files, change settings or reach other databases."""

LADYBUG_READ_PROCEDURES = frozenset(
    {
        "show_tables",
        "show_functions",
        "show_indexes",
        "show_warnings",
        "show_connection",
        "table_info",
        "current_setting",
        "db_version",
        "storage_info",
    }
)


def read_only_problem(text: str, *, ladybug: bool = False) -> str | None:
    """Why ``text`` may not run on the read-only path, or ``None`` if it may."""
    parts = statements(text)
    if len(parts) != 1:
        return f"expected exactly one Cypher statement, got {len(parts)}"
    toks = parts[0]
    first = toks[0].text.upper() if toks[0].kind == "word" else toks[0].text
    if first in WRITING_STARTS:
        return f"this query writes ({first})"
    if first not in READING_STARTS:
        starts = ", ".join(READING_STARTS[:-1]).replace("OPTIONAL", "OPTIONAL MATCH")
        return f"a read-only query must start with {starts} or CALL, not {toks[0].text!r}"
    for tok in toks:
        if tok.kind == "word" and tok.text.upper() in FORBIDDEN_WORDS:
            return f"{tok.text.upper()} is not allowed in a read-only query"
    for k, tok in enumerate(toks[:-2]):
        if tok.text.upper() == "CALL" and toks[k + 2].text == "=":
            return "changing settings (CALL name = value) is not allowed in a read-only query"
    if ladybug:
        for k, tok in enumerate(toks):
            if tok.kind != "word" or tok.text.upper() != "CALL":
                continue
            proc = toks[k + 1].text if k + 1 < len(toks) else ""
            if proc.lower() not in LADYBUG_READ_PROCEDURES:
                allowed = ", ".join(sorted(LADYBUG_READ_PROCEDURES))
                return f"CALL {proc} is not allowed in a read-only query (allowed: {allowed})"
    return None


MAX_QUERY_CHARS = 100_000
MAX_NESTING = 32
"""Deepest nesting of ``( [ {`` accepted on the read path. Engines parse recursively: Ladybug
0.22 crashed the process (segfault) on 1,000 nested brackets, measured; real analyses nest a
handful deep."""
MAX_CASE_NESTING = 10
"""Deepest ``CASE`` inside ``CASE`` accepted: Ladybug's planning time doubles with each level
(measured: 12 levels 0.1 s, 24 levels 19 s)."""


def size_problem(text: str) -> str | None:
    """Why ``text`` is too large or too deeply nested to hand to an engine, or ``None``.

    Checked before the engine sees the text, so a hostile or generated query gets a clear
    refusal instead of a crashed process or a parser running for minutes.
    """
    if len(text) > MAX_QUERY_CHARS:
        return f"the query is {len(text):,} characters long (at most {MAX_QUERY_CHARS:,} allowed)"
    depth = deepest = case = deepest_case = 0
    previous: Token | None = None
    for tok in tokens(text):
        if tok.kind == "symbol" and tok.text in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif tok.kind == "symbol" and tok.text in ")]}":
            depth -= 1
        elif tok.kind == "word" and previous != Token("symbol", "."):
            word = tok.text.upper()
            if word == "CASE":
                case += 1
                deepest_case = max(deepest_case, case)
            elif word == "END":
                case -= 1
        previous = tok
    if deepest > MAX_NESTING:
        return f"the query nests brackets {deepest} deep (at most {MAX_NESTING} allowed)"
    if deepest_case > MAX_CASE_NESTING:
        return f"the query nests CASE {deepest_case} deep (at most {MAX_CASE_NESTING} allowed)"
    return None


def parameter_names(text: str) -> set[str]:
    """The ``$parameters`` a statement refers to (not ``$`` inside strings or comments)."""
    return {
        tok.text[1:]
        for tok in tokens(text)
        if tok.kind == "word" and tok.text.startswith("$") and len(tok.text) > 1
    }
