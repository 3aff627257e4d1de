"""Graph storage: the schema, the backends, and :func:`open_store` to pick one by URI.

- a file path or ``ladybug://PATH`` -> the embedded LadybugDB backend (the default);
- ``bolt://``, ``neo4j://`` (and their ``+s``/``+ssc`` variants) -> Neo4j 5.

>>> import tempfile, os
>>> path = os.path.join(tempfile.mkdtemp(), "g.lbdb")
>>> with open_store(path) as store:
...     store.dialect.value
'ladybug'
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import ConnectionFailed
from .store import GraphStore
from .write import WriteStats

DEFAULT_GRAPH = Path("tatgraph-out") / "graph.lbdb"
"""Where the embedded graph goes when no URI is given (relative to the working directory)."""

NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def open_store(
    uri: str | Path | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    read_only: bool = False,
    create: bool = True,
) -> GraphStore:
    """Open the graph at ``uri`` and make sure its schema exists.

    Neo4j credentials default to the ``NEO4J_USER``/``NEO4J_PASSWORD`` environment
    variables (and the database to ``NEO4J_DATABASE``), read when this is called.
    ``read_only`` opens an embedded graph read-only (Neo4j reads are always read-only;
    see :meth:`GraphStore.read`). ``create=False`` skips schema creation.
    """
    text = str(uri) if uri is not None else str(DEFAULT_GRAPH)
    scheme, sep, rest = text.partition("://")
    store: GraphStore
    if sep and scheme in NEO4J_SCHEMES:
        from .neo4j import Neo4jStore

        store = Neo4jStore(
            text,
            user=user or os.environ.get("NEO4J_USER"),
            password=password or os.environ.get("NEO4J_PASSWORD"),
            database=database or os.environ.get("NEO4J_DATABASE") or None,
        )
    elif sep and scheme != "ladybug":
        raise ConnectionFailed(
            f"unknown graph URI scheme {scheme!r} in {text!r}; use a file path, "
            "ladybug://PATH, bolt://HOST:7687 or neo4j://HOST:7687"
        )
    else:
        from .ladybug import LadybugStore

        store = LadybugStore(rest if sep else text, read_only=read_only)
    if create and not read_only:
        try:
            store.ensure_schema()
            if store.needs_backfill():
                from .derived import backfill

                backfill(store)
        except BaseException:
            store.close()
            raise
    return store


__all__ = ["DEFAULT_GRAPH", "GraphStore", "WriteStats", "open_store"]
