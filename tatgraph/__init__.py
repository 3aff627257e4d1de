"""tatgraph: a temporal event graph of strikes and retaliations.

Actors, sites, strikes and the responses to them become linked nodes, so that
action -> response -> counter-response chains can be traversed with Cypher.

>>> import tatgraph
>>> tatgraph.__version__
'0.1.0'
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("tatgraph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.1.0"

__all__ = ["__version__"]
