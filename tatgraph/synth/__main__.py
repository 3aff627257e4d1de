"""``python -m tatgraph.synth``: write a synthetic ACLED export (see :mod:`tatgraph.synth`)."""

from . import main

main()
