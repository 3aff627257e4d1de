"""Column helpers of the fast path: dictionary codes and combinations of them.

Most of what the ACLED loader decides depends on cells that repeat from row to row; these
helpers number the distinct values (and combinations of values) of Arrow columns, so that a
decision is taken once per distinct value and spread over the rows with NumPy.

>>> import pyarrow as pa
>>> encode(pa.array(["b", "a", "b"]))
(array([0, 1, 0]), ['b', 'a'])
>>> number, first = combine(np.array([0, 1, 0, 0]), np.array([1, 1, 1, 0]))
>>> number.tolist(), first.tolist()
([1, 2, 1, 0], [3, 0, 1])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc


def encode(values: Any) -> tuple[Any, list[Any]]:
    """(code of each row, the distinct values): a dictionary encoding."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    encoded = pc.dictionary_encode(values)
    return np.asarray(encoded.indices, dtype=np.int64), encoded.dictionary.to_pylist()


def combine(*columns: Any) -> tuple[Any, Any]:
    """(combination number of each row, first row of each combination) for several code
    columns (each combination of codes numbered once). A code may be negative (``-1``:
    none): it is a value of its own, never taken for another.

    >>> combine(np.array([-1, 0, -1]), np.array([0, 0, 0]))[0].tolist()
    [0, 1, 0]
    """
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for c in columns:
        if len(c) and int(c.min()) < 0:
            c = c - int(c.min())
        width = int(c.max()) + 1 if len(c) else 1
        if len(key) and int(key.max()) >= (1 << 62) // width:
            key = np.unique(key, return_inverse=True)[1].astype(np.int64)
        key = key * width + c
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return inverse.reshape(-1), first


def first_values(parts: Sequence[tuple[Any, list[Any]]], first: Any) -> list[tuple[Any, ...]]:
    """The values of each combination (see :func:`combine`), from its first row."""
    columns = [[values[i] for i in c[first].tolist()] for c, values in parts]
    return list(zip(*columns, strict=True))
