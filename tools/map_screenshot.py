"""Write docs/img/map.png: the README's example of `tatgraph viz map` (the March 2023 chain).

Builds the demo graph in a temporary folder, writes the map of the chain that starts with
the drone attack on Kharab al-Jir (23 March 2023), opens it offline in headless Chromium
(/usr/bin/chromium, driven by Playwright from the dev extra), selects the airstrike on Deir
ez-Zor airport so that its claims show side by side, and saves a screenshot::

    .venv/bin/python tools/map_screenshot.py            # writes docs/img/map.png
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tatgraph.demo import build_graph
from tatgraph.viz import map_html

ROOT = Path(__file__).resolve().parents[1]
CHAIN = "ev_2023_03_23_kharab_al_jir_drone"
SELECT = "ev_2023_03_23_deir_ez_zor_airport_us_airstrikes"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "img" / "map.png")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        with build_graph(Path(tmp) / "demo.lbdb") as store:
            page = map_html(store, Path(tmp) / "map.html", chain=CHAIN)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(
                viewport={"width": 1280, "height": 760}, offline=True, device_scale_factor=1
            )
            view = context.new_page()
            view.goto(page.resolve().as_uri())
            view.wait_for_function("() => document.body.dataset.ready === '1'")
            view.evaluate("id => tatmap.select(id)", SELECT)
            view.wait_for_timeout(200)
            args.output.parent.mkdir(parents=True, exist_ok=True)
            view.screenshot(
                path=str(args.output), clip={"x": 0, "y": 0, "width": 1280, "height": 760}
            )
            browser.close()
    print(f"wrote {args.output} ({args.output.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
