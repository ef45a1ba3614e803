"""Shared fixtures: the real catalogs, the real sample organisations, a fixed 'today'."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from zpd_assess.assess import Steps
from zpd_assess.catalog import CatalogError, load_catalog
from zpd_assess.mapping import TopicMapper

# Engagements saved by the app and the store during tests go to a throwaway folder: one per xdist
# worker (a worker inherits the environment of the run that started it, so it makes its own:
# tests that count the saved engagements must not see another worker's).
# The folder is removed when the run ends (a run a day would otherwise leave hundreds in /tmp).
if os.environ.get("PYTEST_XDIST_WORKER"):
    _THROWAWAY = tempfile.mkdtemp(prefix=f"zpd-test-data-{os.environ['PYTEST_XDIST_WORKER']}-")
    os.environ["ZPD_DATA_DIR"] = _THROWAWAY
elif "ZPD_DATA_DIR" not in os.environ:
    _THROWAWAY = tempfile.mkdtemp(prefix="zpd-test-data-")
    os.environ["ZPD_DATA_DIR"] = _THROWAWAY
else:
    _THROWAWAY = ""
if _THROWAWAY:
    atexit.register(shutil.rmtree, _THROWAWAY, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the app's own modules (ui/) next to the package
    sys.path.insert(0, str(ROOT))
SAMPLES = ROOT / "sample_data"
SAMPLE_ORGS = ("shalom_insurance", "urban_retail", "tavor_bank")
DATA = Path(__file__).resolve().parent / "data"
TODAY = dt.date(2026, 11, 29)


#: Test modules that run a real server (a ``streamlit run``, most with Chromium): under xdist they
#: run on one worker, one after another (see pytest_xdist_make_scheduler).
SERVER_MODULES = frozenset({"test_security_server", "test_security_sessions", "test_serve"})


def _runs_a_server(nodeid: str) -> bool:
    module = Path(nodeid.split("::", 1)[0]).stem
    return module.startswith("test_browser") or module in SERVER_MODULES


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The servers' tests, the longest share of the suite, are handed out first."""
    items.sort(key=lambda item: not _runs_a_server(item.nodeid))


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``make test`` runs two xdist workers: each test module stays on one worker, so that its
    module fixtures (the samples' assessments) are built once, and every module that runs a real
    server runs on the same worker, one after another (two Chromiums and two servers at once on
    a 2-core machine would make their waits flaky); the other worker takes the rest. (xdist's own
    ``--dist loadgroup`` renames test ids to carry the group, which pytest 9.2 no longer allows.)"""
    from xdist.scheduler import LoadScopeScheduling

    class ServersTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "servers" if _runs_a_server(nodeid) else module

    return ServersTogether(config, log)


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


def refusal(tmp_path: Path, name: str, text: str) -> str:
    """The message of the catalog that refuses the shipped catalog with ``name`` replaced."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(tmp_path)
    return str(err.value)


@functools.cache
def shared_steps() -> Steps:
    """The pipeline's steps as the CLI runs them, with one topic mapper for the whole run:
    building a mapper takes seconds, and an assessment without one builds its own."""
    return Steps(TopicMapper(load_catalog()))


@pytest.fixture(scope="session")
def mapper():
    return shared_steps().mapper


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for a module of browser tests (a missing one fails)."""
    from browser_support import CHROMIUM_ARGS, require_chromium
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def deferred_downloads(monkeypatch):
    """The download buttons' deferred callables, by file id: AppTest has no server to click a
    download through, so a test calls what the button would serve."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    kept: dict = {}
    add = MediaFileManager.add_deferred

    def keep(self, data_callable, *args, **kwargs):
        file_id = add(self, data_callable, *args, **kwargs)
        kept[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return kept


@pytest.fixture
def artifacts() -> Path:
    path = ROOT / "tests" / "artifacts"
    path.mkdir(parents=True, exist_ok=True)
    return path


# A throwaway PostgreSQL server and `store_url` (SQLite and PostgreSQL) for the store's tests.
from postgres_support import pg_fresh_url, pg_server, pg_url, store_url  # noqa: E402, F401
