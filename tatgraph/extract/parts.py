"""Parts: a long text is read in bounded pieces, and a very large one gets a warning.

Every rule of the extractor then works on a stretch of at most :data:`PART_CHARS`
characters, so extraction time grows linearly with the text (a PDF dump or a concatenated
feed is normal input). Mentions in different parts make different events.
"""

from __future__ import annotations

PART_CHARS = 20_000
"""A longer text is read in parts of about this size, cut at line breaks: every rule then
works on a bounded stretch, so extraction time grows linearly with the text (a PDF dump or
a concatenated feed is normal input). Mentions in different parts make different events."""
LARGE_CHARS = 1_000_000
"""Texts above this size get a warning (see :func:`size_warning`)."""


def split_parts(text: str, size: int = PART_CHARS) -> list[tuple[int, str]]:
    """``(offset, part)`` pieces of at most about ``size`` characters, cut at line breaks
    (else at a sentence end, else anywhere).

    >>> [(o, len(p)) for o, p in split_parts("ab\\ncd\\nef", size=4)]
    [(0, 3), (3, 3), (6, 2)]
    """
    out: list[tuple[int, str]] = []
    pos = 0
    while len(text) - pos > size:
        cut = text.rfind("\n", pos + size // 2, pos + size)
        if cut < 0:
            cut = text.rfind(". ", pos + size // 2, pos + size)
        cut = pos + size if cut < 0 else cut + 1
        out.append((pos, text[pos:cut]))
        pos = cut
    out.append((pos, text[pos:]))
    return out


def size_warning(text: str) -> str | None:
    """A warning for very large inputs (they are read in parts; say so and how long)."""
    if len(text) <= LARGE_CHARS:
        return None
    mb = len(text.encode("utf-8")) / 1e6
    return (
        f"very large input ({mb:.1f} MB): read in {len(split_parts(text))} parts of about "
        f"{PART_CHARS:,} characters (one incident told in two parts makes two events); "
        "expect about 5 s per MB on one core"
    )
