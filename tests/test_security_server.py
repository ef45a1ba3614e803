"""Attacks from the meeting-room network on a real server (security review, 2026-11-30).

The server runs inside a network namespace this test session makes (``netns_support``), so it
sees the peer ``10.231.0.1``, never loopback; traffic stays on this machine. Each test cites the
finding of ``shared/reviews/2026-11-30-security-and-reliability.md`` it reproduces:

* finding 1 (section 1a): the passcode gate trusted the client's ``Host`` header;
* finding 2 (section 1b): on a cold server, simultaneous first sessions ran a page without the
  frame (no gate, no participant routing);
* finding 8 (section 1d): passcode guesses were neither limited nor logged;
* participant isolation (section 1d): a participant's link reaches only the vote screen.

``ZPD_TEST_APP_ROOT`` points the servers at another checkout (to see these tests fail on an
older commit); by default they run this repository's ``app.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
import st_client
from browser_support import CHROMIUM_ARGS, require_chromium
from netns_support import (
    ARTIFACTS,
    HOST_IP,
    PASSCODE,
    SECRET_ENGAGEMENT,
    Netns,
    NetnsError,
    NetnsServer,
    network_namespace,
    seed,
    streamlit_in_netns,
)
from playwright.sync_api import expect, sync_playwright
from st_client import RunResult

from zpd_assess.catalog import load_catalog

pytestmark = pytest.mark.slow

CATALOG = load_catalog()
LABELS = CATALOG.labels["en"]
PASSCODE_TITLE = LABELS["ui.passcode_title"]
VOTE_TITLE = LABELS["page.vote"]
DASHBOARD_TITLE = LABELS["page.dashboard"]
SAVED_ENGAGEMENTS = LABELS["ui.saved_engagements"]
PASSCODE_WRONG = LABELS["ui.passcode_wrong"]
FACILITATOR_PAGES = (
    "", "dashboard", "export", "workshop", "questions", "inventory", "goals", "channels",
    "evidence",
)  # fmt: skip


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def netns() -> Iterator[Netns]:
    try:
        with network_namespace() as ns:
            yield ns
    except NetnsError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def seeded() -> Iterator[tuple[Path, str]]:
    """A data folder holding a confidential engagement and an open workshop of it (removed
    when the module's tests are done)."""
    folder = Path(tempfile.mkdtemp(prefix="zpd-security-data-"))
    try:
        ids = seed(folder, f"{SECRET_ENGAGEMENT} Client — merger target")
    except NetnsError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield folder, ids["workshop"]
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def cold_server(netns, seeded) -> Callable[..., contextlib.AbstractContextManager[NetnsServer]]:
    """Starts a fresh server (no session has run on it yet) on the seeded data."""

    def start(tag: str = "cold") -> contextlib.AbstractContextManager[NetnsServer]:
        return _server(netns, seeded[0], tag)

    return start


@pytest.fixture(scope="module")
def warm_server(netns, seeded) -> Iterator[NetnsServer]:
    """One server for the module, warmed by a first session before any test uses it."""
    with _server(netns, seeded[0], "warm") as server:
        first = st_client.run(server.ip, server.port, _honest(server), "", "lang=en", timeout=120)
        assert not first.timed_out, f"the first session never finished: {first.summary()}"
        yield server


@contextlib.contextmanager
def _server(ns: Netns, data_dir: Path, tag: str) -> Iterator[NetnsServer]:
    try:
        with streamlit_in_netns(ns, data_dir=data_dir, passcode=PASSCODE, tag=tag) as server:
            yield server
    except NetnsError as exc:
        pytest.fail(str(exc), pytrace=False)


def _honest(server: NetnsServer) -> str:
    return f"{server.ip}:{server.port}"


# --- what a gated screen may and may not show ----------------------------------------------------


def _leaks(result: RunResult) -> list[str]:
    """What a visitor without the passcode must never see."""
    found = []
    if result.shows(SECRET_ENGAGEMENT):
        found.append(f"the engagement name {SECRET_ENGAGEMENT!r}")
    if result.shows(SAVED_ENGAGEMENTS):
        found.append(f"{SAVED_ENGAGEMENTS!r}")
    if result.downloads:
        found.append(f"download buttons {result.downloads}")
    if result.exceptions:
        found.append(f"exceptions {[e[:200] for e in result.exceptions]}")
    if result.of_kind("file_uploader"):
        found.append("an upload box")
    other_titles = [t for t in result.titles if t != PASSCODE_TITLE]
    if other_titles:
        found.append(f"page titles {other_titles}")
    return found


def assert_gated(result: RunResult, what: str) -> None:
    """Only the passcode screen: its title, and nothing of the facilitator's pages."""
    assert not result.timed_out, f"{what}: the script run never finished: {result.summary()}"
    problems = _leaks(result)
    if PASSCODE_TITLE not in result.titles:
        problems.insert(0, f"no passcode screen (titles {result.titles})")
    assert not problems, f"{what}: " + "; ".join(problems) + f"\n  drawn: {result.summary(20)}"


def assert_vote_only(result: RunResult, what: str) -> None:
    """A participant's link: the vote screen and nothing of the facilitator's pages."""
    assert not result.timed_out, f"{what}: the script run never finished: {result.summary()}"
    problems = []
    if VOTE_TITLE not in result.titles:
        problems.append(f"no vote screen (titles {result.titles})")
    other = [t for t in result.titles if t != VOTE_TITLE]
    if other:
        problems.append(f"other titles {other}")
    for needle in (SECRET_ENGAGEMENT, SAVED_ENGAGEMENTS, DASHBOARD_TITLE, PASSCODE_TITLE):
        if result.shows(needle):
            problems.append(f"shows {needle!r}")
    if result.downloads or result.exceptions:
        problems.append(f"downloads {result.downloads}, exceptions {result.exceptions}")
    assert not problems, f"{what}: " + "; ".join(problems) + f"\n  drawn: {result.summary(20)}"


# --- finding 2 (section 1b): the cold-start race -------------------------------------------------

#: Bursts of simultaneous first sessions, each on a fresh server (4 restarts keep the file near
#: 2 minutes): 2 at once on the root and on the dashboard (the review's race2.py), 6 at once on
#: the pages it found worst (``/engagement`` is the engagement list's file-name path), and 2 at
#: once on every other page together with a participant's link whose path was edited to a
#: facilitator page (``{code}`` is an open workshop's code).
COLD_BURSTS = {
    "root x2": [("", "lang=en")] * 2,
    "dashboard x2": [("dashboard", "lang=en")] * 2,
    "engagement+dashboard+export x6": [
        (page, "lang=en") for page in ("engagement", "dashboard", "export") for _ in range(2)
    ],
    "six other pages x2, participant dashboard?w= x2": [
        *[(page, "lang=en") for page in FACILITATOR_PAGES[3:] for _ in range(2)],
        *[("dashboard", "lang=en&w={code}")] * 2,
    ],
}


@pytest.mark.parametrize("burst", list(COLD_BURSTS))
def test_cold_server_first_sessions_at_once_are_all_gated(burst, cold_server, seeded):
    # Finding 2 (review 1b): on a cold server, the second of two simultaneous first sessions
    # ran pages/<x>.py without app.py: no passcode gate (the engagement list, downloads), no
    # ?w= routing (a participant reached the dashboard).
    requests = [(page, query.format(code=seeded[1])) for page, query in COLD_BURSTS[burst]]
    with cold_server(tag="race") as server:
        results = asyncio.run(
            st_client.run_many(server.ip, server.port, _honest(server), requests, timeout=120)
        )
    failures = []
    for (page, query), result in zip(requests, results, strict=True):
        check = assert_vote_only if "w=" in query else assert_gated
        try:
            check(result, f"/{page}?{query}")
        except AssertionError as exc:
            failures.append(str(exc))
    assert not failures, (
        f"{len(failures)} of {len(requests)} simultaneous first sessions on a cold server "
        "were not confined:\n" + "\n".join(failures)
    )


# --- finding 8 (section 1d): passcode guessing ---------------------------------------------------


def test_passcode_guessing_is_slowed_per_peer_and_logged(cold_server):
    # Finding 8 (review 1d, "No rate limit, lockout or audit"): brute.py made 4.5 guesses/s on
    # one websocket, found the passcode, and the log had no line for a failed attempt. After 5
    # failures from one peer (over several sessions), even the right passcode must be refused
    # with the lock message; each failure is logged with the peer's address, never the guess.
    guesses = [f"guess-{i}-not-it" for i in range(5)]
    with cold_server(tag="guessing") as server:
        results = asyncio.run(_guess(server, guesses))
        log = server.log_text()
    first, *wrong, last = results
    assert_gated(first, "the first visit")
    for guess, result in zip(guesses, wrong, strict=True):
        assert_gated(result, f"the wrong passcode {guess!r}")
    assert_gated(last, "the right passcode after 5 wrong ones from the same address")
    lock = [a for a in last.alerts if a != PASSCODE_WRONG]
    assert lock, f"no lock message after 5 failures, only {last.alerts}: {last.summary()}"
    template = LABELS.get("ui.passcode_locked")
    if template:
        pattern = re.escape(template).replace(r"\{seconds\}", r"\d+")
        assert any(re.fullmatch(pattern, a) for a in lock), (lock, template)
    peer_lines = [line for line in log.splitlines() if HOST_IP in line]
    assert len(peer_lines) >= len(guesses), (
        f"{len(guesses)} failed attempts from {HOST_IP}, but {len(peer_lines)} log lines name it "
        f"(see {server.log}): {peer_lines}"
    )
    for secret in (PASSCODE, *guesses):
        assert secret not in log, f"the log ({server.log}) contains the passcode typed: {secret!r}"


async def _guess(server: NetnsServer, guesses: Sequence[str]) -> list[RunResult]:
    """3 wrong guesses in one session, 2 in a second, the right passcode in a third."""
    host = _honest(server)
    results: list[RunResult] = []
    widget_id = ""
    for batch in (guesses[:3], guesses[3:], [PASSCODE]):
        async with st_client.session(server.ip, server.port, host) as s:
            shown = await s.rerun("", "lang=en", timeout=120)
            if not results:
                results.append(shown)
            field = next((e for e in shown.elements if e.kind == "text_input"), None)
            widget_id = field.widget_id if field else widget_id
            for typed in batch:
                states = st_client.text_input_states(shown.elements, typed, widget_id=widget_id)
                results.append(await s.rerun("", "lang=en", states, timeout=60))
    return results


# --- finding 1 (section 1a): the Host header -----------------------------------------------------

HOSTS = {
    "localhost": "localhost:{port}",
    "127.0.0.1": "127.0.0.1:{port}",
    "[::1]": "[::1]:{port}",
    "empty": "",
    "honest": "{ip}:{port}",
}


@pytest.mark.parametrize("host", list(HOSTS))
def test_host_header_never_opens_the_facilitator_pages(host, warm_server):
    # Finding 1 (review 1a, critical): facilitator_gate() skipped the passcode when the Host
    # header said localhost / 127.0.0.1 / [::1] / nothing; any client on the Wi-Fi chooses it.
    # The peer here is 10.231.0.1, whatever the header says.
    header = HOSTS[host].format(ip=warm_server.ip, port=warm_server.port)
    results = asyncio.run(_pages_with_host(warm_server, header, {}))
    for page, result in zip(("", "dashboard", "export"), results, strict=True):
        assert_gated(result, f"/{page} with Host {header!r} from {HOST_IP}")


def test_forwarded_for_header_is_not_trusted_from_the_network(warm_server):
    # Finding 1 (review 1a), the same attack one header further: a client claiming to be a
    # proxy for 127.0.0.1 must still be asked for the passcode.
    headers = {
        "X-Forwarded-For": "127.0.0.1",
        "X-Real-IP": "127.0.0.1",
        "Forwarded": "for=127.0.0.1",
    }
    results = asyncio.run(_pages_with_host(warm_server, f"localhost:{warm_server.port}", headers))
    for page, result in zip(("", "dashboard", "export"), results, strict=True):
        assert_gated(result, f"/{page} with X-Forwarded-For: 127.0.0.1 from {HOST_IP}")


def test_pages_cannot_be_framed_by_another_site(warm_server):
    # Finding 19 (low): no X-Frame-Options or frame-ancestors. Every response the served entry
    # point (asgi.py) sends forbids framing and referrers, seen from the network side.
    import urllib.request

    for path in ("/", "/dashboard", "/_stcore/health"):
        url = f"http://{warm_server.ip}:{warm_server.port}{path}"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.headers["Content-Security-Policy"] == "frame-ancestors 'none'", path
            assert response.headers["X-Frame-Options"] == "DENY", path
            assert response.headers["Referrer-Policy"] == "no-referrer", path


async def _pages_with_host(server: NetnsServer, host: str, headers: dict) -> list[RunResult]:
    return list(
        await asyncio.gather(
            *(
                st_client.run_once(server.ip, server.port, host, page, "lang=en", headers=headers)
                for page in ("", "dashboard", "export")
            )
        )
    )


# --- participant isolation (section 1d) ----------------------------------------------------------


@pytest.mark.parametrize("page", ["", "dashboard", "export", "workshop", "engagement", "vote"])
def test_participant_link_reaches_only_the_vote_screen_on_a_warm_server(page, warm_server, seeded):
    # Review 1d: with ?w=CODE every path must show only "Your vote" (finding 2 broke it on a
    # cold server; the cold case is the "participant" burst above). Engagement ids in the link
    # (&e=, &org=) must not widen it.
    query = f"lang=en&w={seeded[1]}&org=upload"
    result = st_client.run(warm_server.ip, warm_server.port, _honest(warm_server), page, query)
    assert_vote_only(result, f"/{page}?{query}")


# --- finding 1 through a browser: a port-forward on the attacker's laptop ------------------------


class Forwarder:
    """``socat TCP-LISTEN:<port>,fork TCP:<target>`` in threads, with a bounded lifetime.

    Listens on 127.0.0.1 only; records the local address of each upstream connection (the peer
    the server sees).
    """

    def __init__(self, target: tuple[str, int], lifetime: float = 180.0):
        self.target = target
        self.deadline = time.monotonic() + lifetime
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.5)
        self.port = self.listener.getsockname()[1]
        self.upstream_peers: set[str] = set()
        self._sockets: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> Forwarder:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for s in [self.listener, *self._sockets]:
            with contextlib.suppress(OSError):
                s.close()

    def _running(self) -> bool:
        return not self._stop.is_set() and time.monotonic() < self.deadline

    def _accept(self) -> None:
        while self._running():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=10)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self.upstream_peers.add(upstream.getsockname()[0])
            self._sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        source.settimeout(1.0)
        try:
            while self._running():
                try:
                    data = source.recv(65536)
                except TimeoutError:
                    continue
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with contextlib.suppress(OSError):
                sink.shutdown(socket.SHUT_WR)


def _settled(page, timeout: int) -> None:
    """Wait until Streamlit is not running a script (as in test_browser.py)."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )


@pytest.mark.browser
def test_browser_through_a_local_port_forward_is_asked_for_the_passcode(warm_server):
    # Finding 1 (review 1a, b_host.py / b_exfil.py): through `socat` on his own laptop an
    # attacker browsed http://localhost:9999/dashboard; the browser sent Host: localhost:9999
    # and got the dashboard and the engagement download with no passcode.
    executable = require_chromium()
    timeout = 60_000
    with (
        Forwarder((warm_server.ip, warm_server.port)) as forward,
        sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            page.set_default_timeout(timeout)
            base = f"http://localhost:{forward.port}"
            for path in ("/export?lang=en", "/dashboard?lang=en"):
                page.goto(base + path)
                expect(page.locator("h1").first).to_have_text(PASSCODE_TITLE, timeout=timeout)
                _settled(page, timeout)  # the run is over: nothing else may appear
                expect(page.locator("h1").first).to_have_text(PASSCODE_TITLE)
                assert page.get_by_text(SECRET_ENGAGEMENT).count() == 0
                assert page.locator('[data-testid="stDownloadButton"]').count() == 0
                assert page.locator('[data-testid="stException"]').count() == 0
            page.screenshot(path=str(ARTIFACTS / "security_forward_gate.png"))
            box = page.locator('input[type="password"]').first
            box.fill(PASSCODE)
            box.press("Enter")
            expect(page.locator("h1").first).to_have_text(DASHBOARD_TITLE, timeout=timeout)
            _settled(page, timeout)
            page.wait_for_timeout(1500)  # the charts draw in the browser after the run
            page.screenshot(path=str(ARTIFACTS / "security_forward_dashboard.png"))
        finally:
            browser.close()
    assert forward.upstream_peers == {HOST_IP}, forward.upstream_peers
