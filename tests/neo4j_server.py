"""The Neo4j 5 server the suite tests the production backend against.

With ``NEO4J_URI`` set, the suite uses that server (and wipes its database). Otherwise, when
``java`` and ``mvn`` are installed, it starts an embedded Neo4j community server with
``tools/neo4j/start`` in a temporary folder the first time a test needs one, and stops it at
the end of the session (also when tests fail; the server also stops by itself if this
process dies). ``TATGRAPH_NEO4J=skip`` skips the Neo4j tests instead, for quick local runs.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

TOOLS = Path(__file__).resolve().parents[1] / "tools" / "neo4j"
CREDENTIALS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD")


class Neo4jStartFailed(RuntimeError):
    """tools/neo4j/start could not start the server (its output is the message)."""


@dataclass
class Launcher:
    """A server started with ``tools/neo4j/start`` in ``folder``; restartable in place (same
    port, same password, same data)."""

    folder: Path
    env: dict[str, str] = field(default_factory=dict)

    def start(self, timeout: float = 900) -> dict[str, str]:
        """Start (building the launcher the first time) and return the NEO4J_* variables."""
        done = subprocess.run(
            [str(TOOLS / "start"), str(self.folder)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "TATGRAPH_NEO4J_WATCH_PID": str(os.getpid())},
            check=False,
        )
        if done.returncode != 0:
            raise Neo4jStartFailed(
                f"tools/neo4j/start {self.folder} failed (exit {done.returncode}):\n"
                f"{done.stderr.strip()}"
            )
        self.env = parse_exports(done.stdout)
        return self.env

    def stop(self) -> None:
        subprocess.run(
            [str(TOOLS / "stop"), str(self.folder)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )

    @property
    def version(self) -> str:
        return (self.folder / "version").read_text(encoding="utf-8").strip()


def parse_exports(text: str) -> dict[str, str]:
    """The ``export NAME=value`` lines that tools/neo4j/start prints, as a dict.

    >>> parse_exports("export NEO4J_URI=bolt://127.0.0.1:7687\\nexport NEO4J_PASSWORD='a b'")
    {'NEO4J_URI': 'bolt://127.0.0.1:7687', 'NEO4J_PASSWORD': 'a b'}
    """
    out: dict[str, str] = {}
    for line in text.splitlines():
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            name, _, value = words[1].partition("=")
            out[name] = value
    return out


class Neo4jForTests:
    """The session's Neo4j: an outside server (NEO4J_URI), one started on first use, or none
    (with the reason)."""

    def __init__(self) -> None:
        self.launcher: Launcher | None = None
        self.failure: str | None = None
        self.skipped: str | None = None
        """Why the Neo4j tests were skipped, if they were."""
        self.saved_env: dict[str, str | None] = {}
        self._started = False

    @property
    def owned(self) -> bool:
        """Whether this session started the server (and may restart it)."""
        return self.launcher is not None

    def skip_reason(self) -> str | None:
        """``None`` when a server is available (starting one if needed), else why not."""
        if os.environ.get("NEO4J_URI"):
            return None
        if os.environ.get("TATGRAPH_NEO4J", "").lower() == "skip":
            self.skipped = "Neo4j backend not tested: TATGRAPH_NEO4J=skip"
            return self.skipped
        missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
        if missing:
            self.skipped = (
                "Neo4j backend not tested: NEO4J_URI is not set and "
                f"{' and '.join(missing)} not found (install OpenJDK 17 and Maven and the suite "
                "starts Neo4j itself with tools/neo4j/start; or start a server and set "
                "NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD — the suite wipes that database)"
            )
            return self.skipped
        self._start()
        return None

    def _start(self) -> None:
        if self.failure:
            raise Neo4jStartFailed(self.failure)
        if self._started:
            return
        self._started = True
        launcher = Launcher(Path(tempfile.mkdtemp(prefix="tatgraph-neo4j-")))
        try:
            env = launcher.start()
        except (Neo4jStartFailed, subprocess.TimeoutExpired) as exc:
            self.failure = str(exc)
            shutil.rmtree(launcher.folder, ignore_errors=True)
            raise Neo4jStartFailed(self.failure) from exc
        self.launcher = launcher
        self.saved_env = {k: os.environ.get(k) for k in CREDENTIALS}
        os.environ.update({k: env[k] for k in CREDENTIALS})

    def version(self) -> str:
        """The server's name, version and edition, asked over Bolt."""
        from neo4j import GraphDatabase

        auth = (os.environ.get("NEO4J_USER", ""), os.environ.get("NEO4J_PASSWORD", ""))
        with (
            GraphDatabase.driver(os.environ["NEO4J_URI"], auth=auth) as driver,
            driver.session() as session,
        ):
            row = session.run(
                "CALL dbms.components() YIELD name, versions, edition "
                "RETURN name, versions[0] AS version, edition"
            ).single(strict=True)
        return f"{row['name']} {row['version']} {row['edition']}"

    def stop(self) -> None:
        if self.launcher is None:
            return
        try:
            self.launcher.stop()
        finally:
            shutil.rmtree(self.launcher.folder, ignore_errors=True)
            self.launcher = None
            for name, value in self.saved_env.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
