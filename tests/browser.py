"""Shared by the real-browser tests (chain view, map): Debian's headless Chromium driven by
Playwright, pages opened from file:// with networking off, and what happened while open.

``require()`` skips the calling test module, with the reason, when Chromium or the
``playwright`` package (dev extra) is missing; no browser is ever downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tatgraph.model import Claim, Dataset, Source

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE_QUOTE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
"""A quote that would run script if a page put report text into HTML unescaped."""


def require() -> ModuleType:
    """``playwright.sync_api``, or skip the calling module (with how to get what is missing)."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's browser (apt-get install chromium) "
            "to run the browser test; no browser is downloaded",
            allow_module_level=True,
        )
    module: ModuleType = pytest.importorskip(
        "playwright.sync_api",
        reason="the browser test needs the dev extra: pip install -e '.[dev]'",
    )
    return module


def hostile_claim(event: str, published: datetime) -> Dataset:
    """One synthetic claim on ``event`` quoting a script injection (for the escaping tests)."""
    return Dataset(
        sources=[Source(id="src_hostile", outlet="Hostile", published=published)],
        claims=[Claim(id="clm_hostile", event=event, source="src_hostile", quote=HOSTILE_QUOTE)],
    )


@dataclass
class Visit:
    """What happened while a page was open."""

    page: Any
    data: dict[str, Any] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


def launch(sync_api: ModuleType) -> Iterator[Any]:
    """A headless Chromium for a module's tests (use as the body of a fixture)."""
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def visit(
    browser: Any,
    path: Path,
    *,
    viewport: tuple[int, int],
    data: dict[str, Any] | None = None,
    settle_ms: int = 0,
) -> Iterator[Visit]:
    """Open ``path`` offline, record console errors, page errors, requests, failures and
    dialogs (dismissed), wait until the page sets ``body[data-ready=1]``, yield, close."""
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, offline=True
    )
    page = context.new_page()
    seen = Visit(page, data or {})

    def on_console(message: Any) -> None:
        if message.type == "error":
            seen.console_errors.append(message.text)

    def on_dialog(dialog: Any) -> None:
        seen.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda e: seen.page_errors.append(str(e)))
    page.on("request", lambda r: seen.requests.append(r.url))
    page.on("requestfailed", lambda r: seen.failed.append(r.url))
    page.on("dialog", on_dialog)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function("() => document.body.dataset.ready === '1'", timeout=15_000)
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    yield seen
    context.close()
