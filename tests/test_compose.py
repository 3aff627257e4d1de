"""docker-compose.yml: the Neo4j service is pinned, local-only, secret-free and checked.

No Docker engine runs here, so the file is checked statically.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]


def service() -> dict[str, Any]:
    doc = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j: dict[str, Any] = doc["services"]["neo4j"]
    assert set(doc["volumes"]) >= {"neo4j-data"}
    return neo4j


def test_image_is_a_pinned_neo4j_5_community_tag() -> None:
    assert re.fullmatch(r"neo4j:5\.\d+\.\d+-community", service()["image"])


def test_ports_are_bound_to_loopback_only() -> None:
    ports = service()["ports"]
    assert ports
    assert all(p.startswith("127.0.0.1:") for p in ports)
    assert any(p.endswith(":7687") for p in ports)


def test_password_comes_from_the_environment_without_a_default() -> None:
    env = service()["environment"]
    assert env["NEO4J_AUTH"] == (
        "${NEO4J_USER:-neo4j}/${NEO4J_PASSWORD:?set NEO4J_PASSWORD in .env (see .env.example)}"
    )
    # tatgraph calls no plugin procedure (the Cypher checker allows only built-ins), so the
    # server runs none: no APOC, and no procedure left unrestricted
    assert not any(k.startswith("NEO4J_PLUGINS") or "procedures" in k for k in env)


def test_data_volume_and_healthcheck() -> None:
    svc = service()
    assert "neo4j-data:/data" in svc["volumes"]
    assert "cypher-shell" in " ".join(svc["healthcheck"]["test"])


def test_env_example_has_no_real_secret_and_env_is_ignored() -> None:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "NEO4J_PASSWORD=change-me" in example
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
