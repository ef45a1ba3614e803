"""A private network namespace with a veth pair, and a real ``streamlit run`` inside it.

The security tests need the server to see a peer that is not loopback, without any traffic
leaving this machine. Each test session makes its own namespace (a unique name), joins it to
the host by a veth pair (host side ``10.231.0.1/24`` <-> namespace side ``10.231.0.2/24``),
runs the server on ``10.231.0.2`` inside it and talks to it from the host side, so the server
sees the peer ``10.231.0.1`` (a test may add ``10.231.0.3`` beside it, for a second machine:
:func:`second_host_address`). No test targets any address other than loopback and these.
Everything is torn down on the way out, failure included. Needs root and ``ip`` (iproute2).
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import itertools
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

from browser_support import stop_process

ROOT = Path(__file__).resolve().parent.parent
#: The facilitator passcode of the test servers (12+ characters: a server off loopback refuses
#: less), and the name of a seeded engagement that a leak of the engagement list would show.
PASSCODE = "zpd-test-passcode-7f3k"
SECRET_ENGAGEMENT = "ACME Confidential"

#: The checkout whose ``app.py`` the servers run (another one, e.g. an older commit, to see the
#: security tests fail there).
APP_ROOT = Path(os.environ.get("ZPD_TEST_APP_ROOT") or ROOT)
ARTIFACTS = ROOT / "tests" / "artifacts"
HOST_IP = "10.231.0.1"
NS_IP = "10.231.0.2"
PREFIX = 24
#: Two test sessions at once would both want 10.231.0.1 on the host: the second one waits.
LOCK_FILE = Path("/tmp/zpd-assess-test-netns.lock")
LOCK_WAIT_S = 300


class NetnsError(RuntimeError):
    """The namespace or the server in it could not be set up; the message says what to do."""


def require_ip() -> str:
    """The ``ip`` tool (iproute2) and root: missing either fails the test, never skips it."""
    tool = shutil.which("ip") or ("/usr/sbin/ip" if Path("/usr/sbin/ip").exists() else None)
    if tool is None:
        raise NetnsError(
            "The security tests need the 'ip' tool to make a network namespace: "
            "apt-get install -y iproute2"
        )
    if os.geteuid() != 0:
        raise NetnsError(
            "The security tests make a network namespace (ip netns add), which needs root: "
            "run them as root (CI does)."
        )
    return tool


def _ip(tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([tool, *args], capture_output=True, text=True, timeout=30)
    if check and done.returncode != 0:
        raise NetnsError(f"'ip {' '.join(args)}' failed: {done.stderr.strip() or done.stdout}")
    return done


@dataclasses.dataclass(frozen=True)
class Netns:
    name: str
    host_ip: str
    ns_ip: str
    host_veth: str
    ns_veth: str
    tool: str

    def exec_prefix(self) -> list[str]:
        return [self.tool, "netns", "exec", self.name]


@contextlib.contextmanager
def _lock() -> Iterator[None]:
    with open(LOCK_FILE, "a") as handle:
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise NetnsError(
                        f"another test session has held {LOCK_FILE} (the 10.231.0.1/2 pair) "
                        f"for {LOCK_WAIT_S} s; wait for it to finish"
                    ) from None
                time.sleep(0.5)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def network_namespace() -> Iterator[Netns]:
    """A fresh namespace joined to the host by a veth pair; always removed afterwards."""
    tool = require_ip()
    token = secrets.token_hex(3)
    ns = Netns(
        name=f"zpdtest-{os.getpid()}-{token}",
        host_ip=HOST_IP,
        ns_ip=NS_IP,
        host_veth=f"zph{token}",
        ns_veth=f"zpn{token}",
        tool=tool,
    )
    with _lock():
        _remove_stale(tool)
        holders = _ip(tool, "-o", "-4", "addr", "show", "to", f"{HOST_IP}/32").stdout.strip()
        if holders:
            raise NetnsError(
                f"{HOST_IP} is already on an interface of this machine ({holders.split()[1]}), "
                "probably left by a test run that was killed: remove it with "
                f"'ip link del {holders.split()[1].split('@')[0]}' and its namespace "
                "('ip netns list', 'ip netns del NAME')"
            )
        try:
            _ip(tool, "netns", "add", ns.name)
            _ip(tool, "link", "add", ns.host_veth, "type", "veth", "peer", "name", ns.ns_veth)
            _ip(tool, "link", "set", ns.ns_veth, "netns", ns.name)
            _ip(tool, "addr", "add", f"{HOST_IP}/{PREFIX}", "dev", ns.host_veth)
            _ip(tool, "link", "set", ns.host_veth, "up")
            inside = ["netns", "exec", ns.name, tool]
            _ip(tool, *inside, "addr", "add", f"{NS_IP}/{PREFIX}", "dev", ns.ns_veth)
            _ip(tool, *inside, "link", "set", ns.ns_veth, "up")
            _ip(tool, *inside, "link", "set", "lo", "up")
            yield ns
        finally:
            _teardown(ns)


@contextlib.contextmanager
def second_host_address(ns: Netns, address: str = "10.231.0.3") -> Iterator[str]:
    """Another address on the host end of the veth: a second machine of the room, as the server
    sees it. Only ``10.231.0.x`` other than the pair's own two; removed afterwards (and with the
    veth, if the test session is killed)."""
    if not re.fullmatch(r"10\.231\.0\.(\d{1,3})", address) or address in (HOST_IP, NS_IP):
        raise NetnsError(f"{address} is not a spare 10.231.0.x address of the test namespace")
    _ip(ns.tool, "addr", "add", f"{address}/{PREFIX}", "dev", ns.host_veth)
    try:
        yield address
    finally:
        _ip(ns.tool, "addr", "del", f"{address}/{PREFIX}", "dev", ns.host_veth, check=False)


def _remove_stale(tool: str) -> None:
    """Namespaces (and their host-side veth) left by a test session that was killed.

    Only this module's names (``zpdtest-<pid>-<token>``) whose pid is gone; called under the lock.
    """
    for line in _ip(tool, "netns", "list", check=False).stdout.splitlines():
        match = re.match(r"zpdtest-(\d+)-([0-9a-f]{6})\b", line.strip())
        if not match or Path(f"/proc/{match[1]}").exists():
            continue
        _ip(tool, "link", "del", f"zph{match[2]}", check=False)
        _ip(tool, "netns", "del", f"zpdtest-{match[1]}-{match[2]}", check=False)


def _teardown(ns: Netns) -> None:
    pids = _ip(ns.tool, "netns", "pids", ns.name, check=False).stdout.split()
    for pid in pids:  # only processes this test session started inside its own namespace
        with contextlib.suppress(ProcessLookupError, ValueError):
            os.kill(int(pid), signal.SIGKILL)
    _ip(ns.tool, "link", "del", ns.host_veth, check=False)
    _ip(ns.tool, "netns", "del", ns.name, check=False)


_SEED = """
import json, sys
from zpd_assess.catalog import load_catalog
from zpd_assess.store import Store
url, name = sys.argv[1], sys.argv[2]
catalog = load_catalog()
store = Store(url)
engagement_id = store.create_engagement(name, {}, sample_org="tavor_bank")
questions = list(catalog.questions.index[:3])
workshop = store.open_workshop(engagement_id, questions, list(catalog.goals.index[:3]))
print(json.dumps({"engagement": engagement_id, "workshop": workshop.code}))
"""


def seed(data_dir: Path, engagement_name: str) -> dict[str, str]:
    """An engagement and an open workshop of it, written with ``zpd_assess.store.Store`` of the
    checkout the servers run (its schema), in ``data_dir``; returns their ids."""
    url = f"sqlite:///{data_dir / 'zpd.sqlite'}"
    done = subprocess.run(
        [sys.executable, "-c", _SEED, url, engagement_name],
        cwd=APP_ROOT, env={**os.environ, "PYTHONPATH": str(APP_ROOT)},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if done.returncode != 0:
        raise NetnsError(f"seeding {data_dir} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_ports = itertools.count(random.randint(20000, 40000))


@dataclasses.dataclass(frozen=True)
class NetnsServer:
    ip: str
    port: int
    log: Path
    data_dir: Path
    passcode: str

    @property
    def url(self) -> str:
        return f"http://{self.ip}:{self.port}"

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def streamlit_in_netns(
    ns: Netns,
    *,
    data_dir: Path,
    passcode: str,
    tag: str = "server",
    env: Mapping[str, str] | None = None,
) -> Iterator[NetnsServer]:
    """A fresh (cold) ``streamlit run app.py`` on ``10.231.0.2`` inside the namespace.

    Its stdout and stderr go to ``tests/artifacts/security_<tag>_<port>.log``.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = next(_ports)
    log_path = ARTIFACTS / f"security_{tag}_{port}.log"
    server_env = {k: v for k, v in os.environ.items() if k != "ZPD_DATABASE_URL"}
    server_env.update(
        PYTHONUNBUFFERED="1",
        STREAMLIT_BROWSER_GATHER_USAGE_STATS="false",
        ZPD_DATA_DIR=str(data_dir),
        ZPD_FACILITATOR_PASSCODE=passcode,
        **(env or {}),
    )
    command = [
        *ns.exec_prefix(), sys.executable, "-m", "streamlit", "run", "asgi.py",
        "--server.address", ns.ns_ip, "--server.port", str(port), "--server.headless", "true",
    ]  # fmt: skip
    server = NetnsServer(ns.ns_ip, port, log_path, data_dir, passcode)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, cwd=APP_ROOT, env=server_env, stdout=log, stderr=log)
        try:
            _wait_healthy(server, proc)
            yield server
        finally:
            stop_process(proc)


def _wait_healthy(server: NetnsServer, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise NetnsError(
                f"streamlit exited with {proc.returncode} before it was healthy; "
                f"see {server.log}:\n{server.log_text()[-2000:]}"
            )
        try:
            with _NO_PROXY.open(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise NetnsError(f"streamlit did not answer {server.url}/_stcore/health in {timeout} s; "
                     f"see {server.log}")  # fmt: skip
