"""A compact set of string ids: 64-bit hashes in sorted NumPy chunks.

Loads of millions of rows must not keep a Python set of millions of strings to know which
ids they have seen (16 bytes an id here: the hash and where it was seen). Hashes are 64-bit
FNV-1a of the UTF-8 bytes, computed for a whole Arrow column at once, the same in every
process and run.

>>> ids = IdSet()
>>> ids.add(IdSet.keys(["a", "b"]), [1, 2])
>>> ids.find(IdSet.keys(["b", "x"])).tolist(), ids.contains("a")
([2, -1], True)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)


class IdSet:
    """A compact set of ids seen in this run: 64-bit hashes (and where each was seen).

    Holds 16 bytes per id in sorted NumPy chunks (merged as they grow), so a million-row
    export needs ~16 MB instead of a Python set of strings.
    """

    def __init__(self) -> None:
        self._keys: list[Any] = []
        self._where: list[Any] = []

    def __len__(self) -> int:
        return sum(len(k) for k in self._keys)

    @staticmethod
    def key(value: str) -> int:
        """The 64-bit hash of an id (the same in every process and run)."""
        return int(IdSet.keys([value])[0])

    @classmethod
    def keys(cls, values: Sequence[str] | Any) -> Any:
        """The hashes of ``values`` (strings, or an Arrow string array) as an int64 array:
        64-bit FNV-1a of the UTF-8 bytes, computed for all of them at once."""
        import pyarrow as pa

        if isinstance(values, pa.ChunkedArray):
            values = values.combine_chunks()
        if not isinstance(values, pa.Array):
            values = pa.array(list(values), pa.string())
        values = values.cast(pa.large_string())
        n = len(values)
        hashes = np.full(n, _FNV_OFFSET, dtype=np.uint64)
        if n == 0:
            return hashes.view(np.int64)
        offsets, data = values.buffers()[1:3]
        bounds = np.frombuffer(offsets, dtype=np.int64)[values.offset : values.offset + n + 1]
        raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
        starts, lengths = bounds[:-1], np.diff(bounds)
        with np.errstate(over="ignore"):
            for k in range(int(lengths.max())):
                live = np.flatnonzero(lengths > k)
                byte = raw[starts[live] + k].astype(np.uint64)
                hashes[live] = (hashes[live] ^ byte) * _FNV_PRIME
        return hashes.view(np.int64)

    def find(self, keys: Any) -> Any:
        """For each key: where it was seen (>= 0) or -1."""
        out = np.full(len(keys), -1, dtype=np.int64)
        for chunk, where in zip(self._keys, self._where, strict=True):
            pos = np.searchsorted(chunk, keys)
            pos[pos >= len(chunk)] = 0
            hit = chunk[pos] == keys
            out[hit] = where[pos[hit]]
        return out

    def add(self, keys: Any, where: Any) -> None:
        """Add keys (not already present) with their positions."""
        if len(keys) == 0:
            return
        order = np.argsort(keys, kind="stable")
        self._keys.append(np.asarray(keys, dtype=np.int64)[order])
        self._where.append(np.asarray(where, dtype=np.int64)[order])
        while len(self._keys) > 1 and len(self._keys[-1]) * 2 >= len(self._keys[-2]):
            k2, w2 = self._keys.pop(), self._where.pop()
            k1, w1 = self._keys.pop(), self._where.pop()
            k, w = np.concatenate([k1, k2]), np.concatenate([w1, w2])
            order = np.argsort(k, kind="stable")
            self._keys.append(k[order])
            self._where.append(w[order])

    def all_keys(self) -> Any:
        """Every key held (an int64 array, no order promised)."""
        return np.concatenate(self._keys) if self._keys else np.zeros(0, dtype=np.int64)

    def contains(self, value: str) -> bool:
        """Whether ``value`` was added."""
        return bool(self.find(np.array([self.key(value)], dtype=np.int64))[0] >= 0)
