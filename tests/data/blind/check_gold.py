"""Check gold.yaml against the texts of the blind set.

The checks are the written set's (``tests/data/written/check_gold.py``, loaded from there):
the sha256 of every text, every quote span inside its text and on word edges, ids unique,
link targets in the same report and not later, every event claimed by its report, date
windows no longer than their precision, cues as written. With --show, prints each quote's
first and last words. Ends with the counts; exit status 1 when anything is wrong.

    python tests/data/blind/check_gold.py [--show]
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import yaml

HERE = Path(__file__).resolve().parent
WRITTEN_CHECKER = HERE.parent / "written" / "check_gold.py"


def problems(folder: Path = HERE, show: bool = False) -> list[str]:
    """Every problem of ``folder/gold.yaml`` against the texts beside it ([] when none)."""
    spec = importlib.util.spec_from_file_location("written_check_gold", WRITTEN_CHECKER)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load the gold checker {WRITTEN_CHECKER}")
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    check = cast(Callable[[Path, bool], list[str]], checker.problems)
    return check(folder, show)


def main(argv: list[str]) -> int:
    found = problems(show="--show" in argv)
    doc: dict[str, Any] = yaml.safe_load((HERE / "gold.yaml").read_text(encoding="utf-8"))
    links = sum(len(e.get("responds_to") or []) for e in doc["events"])
    print(
        f"{len(doc['sources'])} sources, {len(doc['events'])} events, {links} links, "
        f"{len(doc.get('not_coded') or [])} not coded: "
        + ("OK" if not found else f"{len(found)} problem(s)")
    )
    for p in found:
        print("  " + p)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
