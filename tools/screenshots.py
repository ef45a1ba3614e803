"""Refresh the README's screenshots: `make screenshots` (a real server and Chromium)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM_ARGS, require_chromium, streamlit_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

SHOTS = {
    "dashboard.png": "dashboard?lang=en",
    "questions.png": "questions?lang=en",
    "dashboard_he.png": "dashboard?lang=he",
}


def main() -> int:
    (ROOT / "tests" / "artifacts").mkdir(parents=True, exist_ok=True)
    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require_chromium(), headless=True,
                                    args=CHROMIUM_ARGS)  # fmt: skip
        page = browser.new_page(viewport={"width": 1280, "height": 860}, device_scale_factor=0.75)
        for name, path in SHOTS.items():
            page.goto(f"{url}/{path}")
            page.wait_for_selector("h1", timeout=60_000)
            page.wait_for_timeout(3500)
            page.screenshot(path=ROOT / "docs" / name)
            print(f"wrote docs/{name}")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
