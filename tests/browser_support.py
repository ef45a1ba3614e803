"""A real `streamlit run` on localhost and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(
    address: str = "127.0.0.1", env: dict[str, str] | None = None, port: int | None = None
) -> Iterator[str]:
    """A fresh server (cold: no session has run yet); yields its base URL."""
    port = port or free_port()
    log = open(ROOT / "tests" / "artifacts" / f"streamlit_{port}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "asgi.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", address],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
    )  # fmt: skip
    url = f"http://{address}:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start; see tests/artifacts/streamlit_*.log")
        yield url
    finally:
        stop_process(proc)
        log.close()


def stop_process(proc: subprocess.Popen) -> None:
    """Stop a server: politely, then for good after 10 s."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def require_chromium() -> str:
    """Chromium is required: .ci/run installs it; a missing browser fails, never skips."""
    assert Path(CHROMIUM).exists() or shutil.which("chromium"), (
        "Debian's Chromium is required for the browser tests: apt-get install -y chromium"
    )
    return CHROMIUM


#: The dashboard's charts: quadrant, party mix, gaps by category, projection, known vs unknown.
DASHBOARD_CHARTS = 5
#: A JS condition: the dashboard is drawn (every chart has its texts).
DASHBOARD_DRAWN = (
    f"document.querySelectorAll('.js-plotly-plot').length >= {DASHBOARD_CHARTS}"
    " && [...document.querySelectorAll('.js-plotly-plot')].every("
    "p => p.querySelector('.main-svg text'))"
)


def page_change_seconds(page: Any, link: str, ready: str) -> float:
    """Seconds from a click on a sidebar link until the page it opens is drawn (``ready``: a JS
    condition) and Streamlit has finished its run."""
    start = time.perf_counter()
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=link).click()
    page.wait_for_function(
        f"""() => ({ready}) && !document.querySelector('[data-testid="stStatusWidget"]')""",
        timeout=60_000,
    )
    return time.perf_counter() - start
