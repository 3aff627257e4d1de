"""Schema property types as Arrow types, and Arrow columns from Python values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from .schema import PropType

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


def is_arrow(values: Any) -> bool:
    """Whether a column is an Arrow array (the bulk path's columns) rather than a list."""
    import pyarrow as pa

    return isinstance(values, pa.Array | pa.ChunkedArray)


def arrow_type(kind: PropType) -> Any:
    """The Arrow type of a schema property type (timestamps: naive UTC microseconds)."""
    import pyarrow as pa

    return {
        PropType.STRING: pa.string(),
        PropType.INT64: pa.int64(),
        PropType.DOUBLE: pa.float64(),
        PropType.BOOLEAN: pa.bool_(),
        PropType.TIMESTAMP: pa.timestamp("us"),
        PropType.STRING_LIST: pa.list_(pa.string()),
    }[kind]


def arrow_column(values: Sequence[Any], kind: PropType) -> Any:
    """An Arrow column of a property from Python values (aware datetimes become UTC)."""
    import pyarrow as pa

    if kind is PropType.TIMESTAMP:
        try:  # microseconds since the epoch: five times faster than converting datetimes
            micros = [None if v is None else (v - _EPOCH) // _MICROSECOND for v in values]
        except TypeError:  # a naive datetime: taken to be UTC, as everywhere
            aware = [v if v is None or v.tzinfo else v.replace(tzinfo=UTC) for v in values]
            micros = [None if v is None else (v - _EPOCH) // _MICROSECOND for v in aware]
        return pa.array(micros, pa.int64()).cast(pa.timestamp("us"))
    return pa.array(values, type=arrow_type(kind))
