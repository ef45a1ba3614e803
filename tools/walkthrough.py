"""Retake the walk-through's page screenshots (issue 14): every page of a sample engagement in
Hebrew and in English, at a desktop (1440×900) and a laptop (1280×720) window, into
``tests/artifacts/walkthrough/``. The interactive steps (upload, Excel round trip, AHP, the
participants' vote) are replayed with their own screenshots by the browser tests.

    .venv/bin/python tools/walkthrough.py [org]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser_support import CHROMIUM_ARGS, require_chromium, streamlit_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

PAGES = ("", "inventory", "goals", "dashboard", "questions", "channels", "workshop", "evidence",
         "export", "vote")  # fmt: skip
WINDOWS = {"desktop": (1440, 900), "laptop": (1280, 720)}


def main(org: str = "tavor_bank") -> int:
    out = ROOT / "tests" / "artifacts" / "walkthrough"
    out.mkdir(parents=True, exist_ok=True)
    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=require_chromium(), headless=True,
                                    args=CHROMIUM_ARGS)  # fmt: skip
        for window, (width, height) in WINDOWS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for lang in ("he", "en"):
                for name in PAGES:
                    page.goto(f"{url}/{name}?lang={lang}&org={org}")
                    page.wait_for_selector("h1", timeout=60_000)
                    page.wait_for_timeout(2500)
                    shot = out / f"{window}_{lang}_{name or 'engagement'}.png"
                    page.screenshot(path=shot, full_page=window == "desktop")
                    print(f"wrote {shot.relative_to(ROOT)}")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
