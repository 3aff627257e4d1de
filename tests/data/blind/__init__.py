"""The blind set (README.md). A package only so that its scripts' module names differ from
the written set's (pytest imports both for doctests, mypy checks both)."""
