"""Every command line tatgraph prints for a user runs, as printed, in a real shell.

Two sources of such lines: the "Try:" block at the end of ``tatgraph demo``, and the
``Example(s):`` of every command's ``--help``. Each runs through ``bash -c`` in a sandbox
folder that holds what the examples name (the demo graph, a coding sheet, an ACLED export,
a folder of reports), and must exit 0. A hint that fails as written is a bug.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from conftest import SEEDS

from tatgraph.cli import app

BIN = Path(sys.executable).parent
SHARED = SEEDS.parent
_EXAMPLE_START = re.compile(r"^\s*Examples?(?: \([^)]*\))?:\s*(.*)$")
_COMMAND = re.compile(r"^(tatgraph|python -m tatgraph)\b")

SHEET = """\
sources:
  - id: src_my_field_notes
    outlet: my field notes
    published: 2024-01-03
events:
  - id: ev_my_2024_01_02_rocket
    kind: rocket_attack
    date: 2024-01-02
    summary: a rocket attack I coded myself
"""


def help_examples() -> list[tuple[str, str]]:
    """(command, example line) for every ``Example(s):`` line in every command's help."""
    out: list[tuple[str, str]] = []

    def walk(cmd: Any, path: str) -> None:
        lines = (cmd.help or "").splitlines()
        for k, line in enumerate(lines):
            m = _EXAMPLE_START.match(line)
            if not m:
                continue
            candidates = [m.group(1), *lines[k + 1 :]]
            for text in candidates:
                text = text.strip()
                if _COMMAND.match(text):
                    out.append((path, text))
                elif text and out and out[-1][0] == path:
                    break
        if hasattr(cmd, "commands"):
            for name, sub in cmd.commands.items():
                walk(sub, f"{path} {name}")

    walk(typer.main.get_command(app), "tatgraph")
    return out


EXAMPLES = help_examples()


def shell(line: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env["COLUMNS"] = "200"
    env.pop("TATGRAPH_GRAPH", None)
    return subprocess.run(
        ["bash", "-c", line],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as a researcher's would be after the quickstart's demo, with the files the
    examples name; ``../shared`` beside it when the project's shared folder exists."""
    root = tmp_path_factory.mktemp("examples")
    work = root / "work"
    work.mkdir()
    if SHARED.is_dir():
        (root / "shared").symlink_to(SHARED)
        reports = work / "reports"
        reports.mkdir()
        for p in [*SEEDS.glob("*.txt"), SEEDS / "meta.yaml"]:
            shutil.copy(p, reports / p.name)
    (work / "my_events.yaml").write_text(SHEET, encoding="utf-8")
    made = shell("python -m tatgraph.synth --rows 300 --seed 3 -o 2024-syria.csv", work)
    assert made.returncode == 0, made.stderr
    demo = shell("tatgraph demo", work)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    (work / "demo.out").write_text(demo.stdout, encoding="utf-8")
    return work


def demo_hints(sandbox: Path) -> list[str]:
    out = (sandbox / "demo.out").read_text(encoding="utf-8").splitlines()
    start = out.index("Try:")
    return [line.strip() for line in out[start + 1 :] if line.startswith("  ")]


def test_the_help_examples_were_found() -> None:
    commands = {c for c, _ in EXAMPLES}
    assert len(EXAMPLES) >= 20
    assert {"tatgraph demo", "tatgraph cypher", "tatgraph load acled", "tatgraph viz chain"} <= (
        commands
    )


def test_every_demo_hint_runs_as_printed(sandbox: Path) -> None:
    hints = demo_hints(sandbox)
    assert len(hints) >= 4
    for line in hints:
        if "jupyter lab" in line:
            continue  # a server: started below
        done = shell(line, sandbox)
        assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr
        if " viz map " in line:  # the map hint writes the page it names
            words = shlex.split(line)
            page = sandbox / words[words.index("-o") + 1]
            assert page.stat().st_size > 100_000, page


def test_the_notebook_hint_starts_jupyterlab(sandbox: Path) -> None:
    lines = [line for line in demo_hints(sandbox) if "jupyter lab" in line]
    assert len(lines) == 1, "the demo should say how to open the notebooks"
    install, _, start = lines[0].partition(" && ")
    done = shell(install, sandbox, timeout=600)
    assert done.returncode == 0, done.stderr
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    env["BROWSER"] = "true"  # nothing to open here
    root = " --allow-root" if os.geteuid() == 0 else ""
    server = subprocess.Popen(
        # as printed, plus what this sandbox needs: a free port, and (CI runs as root)
        # JupyterLab's consent to run as root
        ["bash", "-c", f"exec {start} --ServerApp.port_retries=50{root}"],
        cwd=sandbox,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        seen: list[str] = []
        deadline = time.monotonic() + 120
        assert server.stdout is not None
        while time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                break
            seen.append(line)
            if "is running at" in line:
                break
        assert any("is running at" in s for s in seen), "".join(seen)
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.parametrize(("command", "line"), EXAMPLES, ids=[e[1][:60] for e in EXAMPLES])
def test_every_help_example_runs_as_printed(sandbox: Path, command: str, line: str) -> None:
    if "../shared" in line and not SHARED.is_dir():
        pytest.skip(f"the example reads ../shared, not found at {SHARED}")
    done = shell(line, sandbox)
    assert done.returncode == 0, f"{command}: {line}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr
