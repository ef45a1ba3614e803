"""The launcher: loopback by default, the network only with a passcode and always over HTTPS."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import http.client
import ipaddress
import os
import re
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from conftest import ROOT
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import ExtendedKeyUsageOID

from zpd_assess import serve

PASSCODE = "correct-horse-battery"


def _env(data_dir: Path, passcode: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != serve.PASSCODE_VAR}
    env["ZPD_DATA_DIR"] = str(data_dir)
    if passcode is not None:
        env[serve.PASSCODE_VAR] = passcode
    return env


def _sans(cert_path: Path) -> tuple[list[str], list[str]]:
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return san.get_values_for_type(x509.DNSName), [
        str(ip) for ip in san.get_values_for_type(x509.IPAddress)
    ]


@pytest.mark.parametrize(
    ("passcode", "says"),
    [
        (None, "is not set"),
        pytest.param("123456789", "is shorter than 10", marks=pytest.mark.slow),
        # spaces do not count
        pytest.param("   12345678   ", "is shorter than 10", marks=pytest.mark.slow),
    ],
)
def test_network_mode_refuses_to_start_without_a_real_passcode(tmp_path, passcode, says):
    proc = subprocess.run(
        [sys.executable, "-m", "zpd_assess.cli", "serve", "--network"],
        env=_env(tmp_path, passcode), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert f"ZPD_FACILITATOR_PASSCODE {says}" in proc.stderr
    assert "export ZPD_FACILITATOR_PASSCODE=" in proc.stderr and "make workshop" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "tls").exists()  # refused before making anything


def test_the_self_signed_certificate_names_the_machine_and_is_reused(tmp_path):
    folder = tmp_path / "tls"
    names = {
        "hostnames": ["Workshop-Laptop", "localhost"],
        "addresses": ["10.231.0.2", "127.0.0.1"],
    }
    first = serve.self_signed_certificate(folder, **names)
    assert first.created and first.self_signed
    assert _sans(first.cert) == (["workshop-laptop", "localhost"], ["10.231.0.2", "127.0.0.1"])

    cert = x509.load_pem_x509_certificate(first.cert.read_bytes())
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    assert re.fullmatch(r"([0-9A-F]{2}:){31}[0-9A-F]{2}", first.fingerprint)
    digest = hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()
    assert first.fingerprint.replace(":", "").lower() == digest
    assert stat.S_IMODE(first.key.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert "PRIVATE KEY" in first.key.read_text()

    cert_bytes, key_bytes = first.cert.read_bytes(), first.key.read_bytes()
    second = serve.self_signed_certificate(folder, **names)
    assert not second.created and second.fingerprint == first.fingerprint
    assert first.cert.read_bytes() == cert_bytes and first.key.read_bytes() == key_bytes

    # On another network (a new address) or close to expiry, it is made again.
    moved = serve.self_signed_certificate(folder, hostnames=["workshop-laptop"],
                                          addresses=["10.231.7.9"])  # fmt: skip
    assert moved.created and moved.fingerprint != first.fingerprint
    assert _sans(moved.cert) == (["workshop-laptop"], ["10.231.7.9"])
    late = dt.datetime.now(dt.UTC) + dt.timedelta(days=serve.CERT_DAYS - 10)
    renewed = serve.self_signed_certificate(folder, hostnames=["workshop-laptop"],
                                            addresses=["10.231.7.9"], now=late)  # fmt: skip
    assert renewed.created and renewed.fingerprint != moved.fingerprint


def _ip_addresses() -> set[str]:
    """This machine's IPv4 addresses as iproute2 lists them, loopback and link-local left out."""
    ip = shutil.which("ip") or shutil.which("ip", path="/usr/sbin:/sbin")
    assert ip, "the `ip` command is missing: install iproute2 (apt-get install iproute2)"
    out = subprocess.run([ip, "-4", "-o", "addr", "show"], capture_output=True, text=True,
                         check=True).stdout  # fmt: skip
    found = set()
    for address in re.findall(r"\binet (\d+\.\d+\.\d+\.\d+)/", out):
        parsed = ipaddress.IPv4Address(address)
        if not (parsed.is_loopback or parsed.is_link_local):
            found.add(address)
    return found


def test_by_default_the_certificate_names_every_lan_address_the_hostname_and_localhost(tmp_path):
    lan = _ip_addresses()
    assert set(serve.lan_ipv4_addresses()) == lan
    made = serve.self_signed_certificate(tmp_path / "tls")
    dns, ips = _sans(made.cert)
    assert dns == [socket.gethostname().lower(), "localhost"]
    assert set(ips) == lan | {"127.0.0.1"}


def test_the_launch_binds_loopback_by_default_and_everything_with_tls_on_the_network(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("ZPD_DATA_DIR", str(tmp_path))
    local = serve.prepare(False, 8600, environ={})
    assert local.argv[1:5] == ["-m", "streamlit", "run", str(ROOT / "asgi.py")]
    assert local.argv[local.argv.index("--server.address") + 1] == "127.0.0.1"
    assert not any(a.startswith("--server.ssl") for a in local.argv)
    assert local.env_added == {} and local.cwd == ROOT

    room = serve.prepare(True, 8600, environ={serve.PASSCODE_VAR: PASSCODE})
    opts = dict(zip(room.argv[5::2], room.argv[6::2], strict=True))
    assert opts == {
        "--server.port": "8600",
        "--server.address": "0.0.0.0",
        "--server.headless": "true",
        "--server.sslCertFile": str(tmp_path / "tls" / "cert.pem"),
        "--server.sslKeyFile": str(tmp_path / "tls" / "key.pem"),
    }
    first_lan = serve.lan_ipv4_addresses()[0]
    assert room.env_added == {"ZPD_PUBLIC_URL": f"https://{first_lan}:8600"}
    assert room.certificate.fingerprint in serve.describe(room)

    named = serve.prepare(True, 8600, public_url="https://room.example.internal:8600/",
                          environ={serve.PASSCODE_VAR: PASSCODE})  # fmt: skip
    assert named.env_added == {"ZPD_PUBLIC_URL": "https://room.example.internal:8600"}
    assert "does not name room.example.internal" in serve.describe(named)

    # A real certificate is used as given (here the one just made stands in for it).
    given = serve.prepare(True, 8600, cert=room.certificate.cert, key=room.certificate.key,
                          environ={serve.PASSCODE_VAR: PASSCODE})  # fmt: skip
    assert given.certificate.self_signed is False
    assert given.argv[given.argv.index("--server.sslCertFile") + 1] == str(room.certificate.cert)


@pytest.mark.parametrize(
    ("kwargs", "says"),
    [
        ({"public_url": "http://10.0.0.5:8501"}, "must be an https:// address"),
        ({"cert": Path("c.pem")}, "give --cert and --key together"),
        ({"cert": Path("/nonexistent/c.pem"), "key": Path("/nonexistent/k.pem")}, "does not exist"),
        ({"port": 70000}, "is not a TCP port"),
    ],
)
def test_bad_launch_options_are_refused_with_what_to_do(tmp_path, monkeypatch, kwargs, says):
    monkeypatch.setenv("ZPD_DATA_DIR", str(tmp_path))
    with pytest.raises(serve.ServeError, match=re.escape(says)):
        serve.prepare(True, **{"port": 8600, **kwargs}, environ={serve.PASSCODE_VAR: PASSCODE})


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(conn: http.client.HTTPConnection) -> tuple[int, str]:
    conn.request("GET", "/_stcore/health")
    response = conn.getresponse()
    return response.status, response.read().decode()


@pytest.mark.slow
def test_a_network_server_speaks_only_https_with_the_certificate_it_announced(tmp_path):
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        launcher = subprocess.Popen(
            [sys.executable, "-m", "zpd_assess.cli", "serve", "--network", "--port", str(port),
             "--address", "127.0.0.1"],  # the test binds loopback; the real one binds 0.0.0.0
            env=_env(tmp_path, PASSCODE), stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        cafile = tmp_path / "tls" / "cert.pem"
        deadline = time.monotonic() + 30
        while True:
            assert launcher.poll() is None, log.read_text()
            try:  # the certificate appears when the launcher has made it
                trusting = ssl.create_default_context(cafile=cafile)
                conn = http.client.HTTPSConnection("localhost", port, context=trusting, timeout=3)
                status, body = _get(conn)
                break
            except (ConnectionError, FileNotFoundError, ssl.SSLError):
                assert time.monotonic() < deadline, "no HTTPS answer in 30 s:\n" + log.read_text()
                time.sleep(0.3)
        assert (status, body) == (200, "ok")
        presented = hashlib.sha256(conn.sock.getpeercert(binary_form=True)).hexdigest()
        conn.close()
        announced = re.search(r"SHA-256 fingerprint: ([0-9A-F:]+)", log.read_text()).group(1)
        assert announced.replace(":", "").lower() == presented

        # Only this certificate is trusted: the system's authorities do not vouch for it ...
        with pytest.raises(ssl.SSLCertVerificationError):
            _get(http.client.HTTPSConnection("localhost", port, timeout=3,
                                             context=ssl.create_default_context()))  # fmt: skip
        # ... and plain HTTP gets no answer at all.
        with pytest.raises((http.client.HTTPException, OSError)):
            _get(http.client.HTTPConnection("127.0.0.1", port, timeout=3))

        server = psutil.Process(launcher.pid).children(recursive=True)
        listening = {
            c.laddr.ip
            for p in server
            for c in p.net_connections(kind="tcp")
            if c.status == psutil.CONN_LISTEN and c.laddr.port == port
        }
        assert listening == {"127.0.0.1"}

        # Stopping the launcher stops the server it started.
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=15)
        _, alive = psutil.wait_procs(server, timeout=10)
        assert not alive, alive
    finally:  # the launcher leads its own process group: nothing of it outlives the test
        with contextlib.suppress(ProcessLookupError):
            os.killpg(launcher.pid, signal.SIGKILL)
        launcher.wait()
