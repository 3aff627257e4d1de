"""Small lexical checks on Cypher text, shared by every backend.

Used to refuse multi-statement text on the read-only path: ``MATCH ...; CREATE ...`` could
otherwise smuggle a write past a per-statement read-only transaction on some engines.

>>> count_statements("MATCH (n) RETURN n;")
1
>>> count_statements("MATCH (n) RETURN ';' AS s // ; comment")
1
>>> count_statements("MATCH (n) RETURN n; CREATE (m)")
2
"""

from __future__ import annotations


def count_statements(text: str) -> int:
    """Number of non-empty ``;``-separated statements, ignoring ``;`` in strings and comments."""
    count = 0
    current_has_code = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            end = _string_end(text, i)
            current_has_code = True
            i = end
            continue
        if text.startswith("//", i):
            nl = text.find("\n", i)
            i = n if nl == -1 else nl + 1
            continue
        if text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close == -1 else close + 2
            continue
        if ch == ";":
            if current_has_code:
                count += 1
            current_has_code = False
        elif not ch.isspace():
            current_has_code = True
        i += 1
    return count + (1 if current_has_code else 0)


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
