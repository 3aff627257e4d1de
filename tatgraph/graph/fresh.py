"""Which ids a writer may take as new without looking them up in the graph.

A bulk load into a fresh graph, or into a graph that holds none of an export's countries,
need not look up each batch's ids before copying them: :class:`NewIds` knows, per label,

- whether the label held any node when the writer first wrote it (a fresh graph), else
- per id prefix (the id up to its first digit: ``acled:SYR`` of ``acled:SYR1234``), whether
  any stored id began with it when the writer first met it (one ``STARTS WITH`` query per
  prefix: a new export scope),

and the 64-bit hashes of every id the writer itself has committed (:class:`~.idset.IdSet`).
An id is known new when the graph held nothing of its label or prefix and the writer has
not written it; every other id is looked up as before (a hash collision only costs a
lookup). A graph that holds none of an id's prefix cannot hold the id.

>>> prefix_of("acled:SYR1234"), prefix_of("ev_2023_03_23_x"), prefix_of("x")
('acled:SYR', 'ev_', 'x')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import numpy as np

from . import statements as st
from .idset import IdSet
from .tx import Tx

_PREFIX = re.compile(r"[^0-9]*")


def prefix_of(value: str) -> str:
    """An id up to its first digit."""
    match = _PREFIX.match(value)
    return match.group(0) if match else ""


class NewIds:
    """What one writer knows of the ids of ``labels``; see the module docstring."""

    def __init__(self, labels: Iterable[str], *, once: bool = False) -> None:
        self.labels = frozenset(labels)
        self.once = once
        """Whether the writer's batches name each id at most once (the caller vouches for
        it, e.g. a reader that rejects duplicate ids): nothing to remember then."""
        self._empty: dict[str, bool] = {}
        self._absent: dict[str, dict[str, bool]] = {label: {} for label in self.labels}
        self._written: dict[str, IdSet] = {label: IdSet() for label in self.labels}
        self._tentative: dict[str, IdSet] = {label: IdSet() for label in self.labels}

    def known_new(self, tx: Tx, label: str, ids: Any) -> Any:
        """For each of ``ids`` (an Arrow string array): whether it is known not to be stored
        (a NumPy bool array; all False for a label not tracked)."""
        import pyarrow.compute as pc

        n = len(ids)
        if label not in self.labels or n == 0:
            return np.zeros(n, dtype=bool)
        if label not in self._empty:
            self._empty[label] = not tx.run(st.any_id(label))
        if self._empty[label]:
            fresh = np.ones(n, dtype=bool)
        else:
            prefixes = pc.extract_regex(ids, r"^(?P<p>[^0-9]*)").field("p")
            encoded = pc.dictionary_encode(prefixes)
            absent = self._absent[label]
            values = encoded.dictionary.to_pylist()
            for p in values:
                if p not in absent:
                    absent[p] = not tx.run(st.id_with_prefix(label), {"prefix": p})
            known = np.array([absent[p] for p in values] + [False], dtype=bool)
            fresh = known[np.asarray(encoded.indices, dtype=np.int64)]
        for written in (self._written[label], self._tentative[label]):
            if len(written) and fresh.any():
                fresh &= written.find(IdSet.keys(ids)) < 0
        return fresh

    def was_empty(self, label: str) -> bool:
        """Whether the graph held no ``label`` node when this writer first wrote one (every
        stored ``label`` node is then one it wrote)."""
        return self._empty.get(label, False)

    def wrote(self, label: str, ids: Any, *, tentative: bool = False) -> None:
        """Record ids of ``label`` a committed transaction stored (``tentative``: the
        running transaction, kept by :meth:`keep`, dropped by :meth:`forget`)."""
        if label not in self.labels or not len(ids) or self.once:
            return
        _add((self._tentative if tentative else self._written)[label], IdSet.keys(ids))

    def keep(self) -> None:
        """The running transaction committed: its ids are stored."""
        for label, ids in self._tentative.items():
            if len(ids):
                _add(self._written[label], ids.all_keys())
        self._tentative = {label: IdSet() for label in self.labels}

    def forget(self) -> None:
        """The running transaction rolled back: its ids are not stored."""
        self._tentative = {label: IdSet() for label in self.labels}


def _add(seen: IdSet, keys: Any) -> None:
    """Add the hashes ``keys`` that ``seen`` does not hold yet."""
    keys = np.sort(keys)
    keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))] if len(keys) else keys
    if len(seen):
        keys = keys[seen.find(keys) < 0]
    seen.add(keys, np.zeros(len(keys), dtype=np.int64))
