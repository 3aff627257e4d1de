"""Cells to typed columns for the fast path (:mod:`.columnar`): values decided once per
distinct value, spread over the rows as the row table's Arrow columns.

>>> import pyarrow as pa
>>> column, bad = timestamps(pa.array(["1700000000", "1700000000000", "", "-5"]))
>>> [t.isoformat() if t else t for t in column.to_pylist()]
['2023-11-14T22:13:20+00:00', '2023-11-14T22:13:20+00:00', None, None]
>>> bad.tolist()
[False, False, False, True]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrays import encode
from .codebook import parse_timestamp
from .records import EPOCH, MICROSECOND, row_type

_DIGITS = r"^[0-9]{1,15}$"
_LAST_SECOND = 4_102_444_800  # 2100-01-01: later Unix times are not an ACLED upload time


def allowed(value: str, codes: dict[str, Any]) -> str:
    """``value`` when it is one of ``codes``; ValueError (the row goes to the row path, which
    reports it) otherwise."""
    if value not in codes:
        raise ValueError(value)
    return value


def take_as(values: Sequence[Any], codes: Any, kind: str = "string") -> Any:
    """``values[code]`` for every code, as an Arrow column of ``kind`` (see ROW_COLUMNS)."""

    if kind == "time":
        return times(values).take(pa.array(codes, pa.int64()))
    return pa.array(values, row_type(kind)).take(pa.array(codes, pa.int64()))


def times(values: Sequence[Any]) -> Any:
    """Aware datetimes (or None) as an Arrow UTC timestamp column."""

    micros = [None if v is None else (v - EPOCH) // MICROSECOND for v in values]
    return pa.array(micros, pa.int64()).cast(row_type("time"))


def timestamps(raw: Any) -> tuple[Any, Any]:
    """(each row's ``timestamp`` as an Arrow UTC column, the rows whose value the row path
    must judge): Unix seconds or milliseconds are read at once, other text with the row
    path's parser once per distinct value."""

    digits = np.asarray(pc.match_substring_regex(raw, _DIGITS), dtype=bool)
    number = np.asarray(
        pc.if_else(pa.array(digits), raw, pa.scalar("0")).cast(pa.int64()), dtype=np.int64
    )
    number = np.where(number > 10**11, number // 1000, number)
    slow = digits & ~((number > 0) & (number < _LAST_SECOND))
    micros = np.where(digits, number * 1_000_000, 0)
    other = np.flatnonzero(~digits & np.asarray(pc.not_equal(raw, ""), dtype=bool))
    valid = digits.copy()
    if len(other):
        codes, values = encode(raw.take(pa.array(other)))
        parsed: list[Any] = []
        for v in values:
            try:
                parsed.append(parse_timestamp(v))
            except (ValueError, OverflowError, OSError):
                parsed.append(False)
        for r, c in zip(other.tolist(), codes.tolist(), strict=True):
            got = parsed[c]
            if got is False:
                slow[r] = True
            elif got is not None:
                micros[r] = (got - EPOCH) // MICROSECOND
                valid[r] = True
    return pa.array(micros, pa.int64(), mask=~valid).cast(row_type("time")), slow
