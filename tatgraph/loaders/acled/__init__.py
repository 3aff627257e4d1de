"""ACLED exports: every codebook layout read, validated and loaded into a graph.

The path of a row, module by module:

- :mod:`.csv` — bytes -> records (encodings, delimiters, quoting, physical line numbers);
- :mod:`.codebook` — the columns of a layout and the parsers of single values;
- :mod:`.row` — one record -> one :class:`~.records.AcledRow`, with :mod:`.kinds`,
  :mod:`.countries`, :mod:`.places` and :mod:`.actors` deciding kind, zone, site, actors;
- :mod:`.read` — files -> batches (duplicates, the tally) -> graph rows
  (:func:`tatgraph.graph.rows.from_columns`), in this process or in :mod:`.worker`;
- :mod:`.load` — the batches through :class:`tatgraph.graph.write.Writer`, the rejects
  file, absent events and ``--prune``; :mod:`.cli` is ``tatgraph load acled``.

Every row is stored, skipped or rejected, with its reason (docs/acled.md).
"""

from .load import REJECT_COLUMNS, AcledLoad, RejectsFile, load_acled
from .read import AcledReader, read_acled
from .records import ACLED_ACTOR, EVENT_PREFIX, AcledBatch, AcledRow

__all__ = [
    "ACLED_ACTOR",
    "EVENT_PREFIX",
    "REJECT_COLUMNS",
    "AcledBatch",
    "AcledLoad",
    "AcledReader",
    "AcledRow",
    "RejectsFile",
    "load_acled",
    "read_acled",
]
