"""``zpd-assess serve``: start the Streamlit app, on this machine only or for a workshop room.

Loopback (the default) binds ``127.0.0.1``: nobody else on the network can reach the app.
``--network`` serves the room: it binds every interface, always over HTTPS, and refuses to start
unless ``$ZPD_FACILITATOR_PASSCODE`` is set (at least ``MIN_PASSCODE_LENGTH`` characters). With
``--cert``/``--key`` it uses a real certificate; otherwise it makes a self-signed one once, under
``$ZPD_DATA_DIR/tls/`` (default ``~/.zpd_assess/tls``), for this machine's names and LAN
addresses, and prints its SHA-256 fingerprint for participants to compare with their browser's.
The app builds its join links and QR codes from ``$ZPD_PUBLIC_URL``, which is set here.

The app runs as ``python -m streamlit run asgi.py`` (``app.py`` with security headers) in a child
process (this module does not import Streamlit); the repository root is found from this
package's location.
"""

from __future__ import annotations

import argparse
import datetime as dt
import ipaddress
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import psutil
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

EXIT_INVALID = 2
DEFAULT_PORT = 8501
MIN_PASSCODE_LENGTH = 10
PASSCODE_VAR = "ZPD_FACILITATOR_PASSCODE"
PUBLIC_URL_VAR = "ZPD_PUBLIC_URL"
CERT_FILE = "cert.pem"
KEY_FILE = "key.pem"
CERT_DAYS = 365
RENEW_BEFORE = dt.timedelta(days=30)


class ServeError(ValueError):
    """A reason the server cannot start that the user must fix; the message says how."""


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path
    fingerprint: str  # SHA-256 of the DER certificate, colon-separated upper-case hex
    names: tuple[str, ...]  # the subject alternative names, DNS names then IP addresses
    created: bool = False  # True when this call made it (a new fingerprint to announce)
    self_signed: bool = True


@dataclass(frozen=True)
class Launch:
    """What ``serve`` runs: the command line, the variables it adds, and the certificate."""

    argv: list[str]
    cwd: Path
    env_added: dict[str, str] = field(default_factory=dict)
    certificate: Certificate | None = None
    url: str = ""


# --- where things are --------------------------------------------------------------------------


def repo_root() -> Path:
    """The checkout that holds ``app.py``: the folder above this package."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "app.py").is_file():
        raise ServeError(
            f"the app (app.py) is not beside the zpd_assess package in {root}: `zpd-assess serve` "
            "runs from a checkout of the repository. Run `make run` or `make workshop` there."
        )
    return root


def data_dir() -> Path:
    """``$ZPD_DATA_DIR``, default ``~/.zpd_assess`` (the same folder the store uses)."""
    return Path(os.environ.get("ZPD_DATA_DIR") or Path.home() / ".zpd_assess")


def lan_ipv4_addresses() -> list[str]:
    """This machine's IPv4 addresses other devices can reach: no loopback, no link-local.

    The address of the default route comes first (the one a phone on the same Wi-Fi reaches);
    the others follow in interface order.
    """
    found: list[str] = []
    for addresses in psutil.net_if_addrs().values():
        for addr in addresses:
            if addr.family != socket.AF_INET:
                continue
            ip = ipaddress.IPv4Address(addr.address)
            if ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast:
                continue
            if str(ip) not in found:
                found.append(str(ip))
    primary = _default_route_address()
    if primary in found:
        found.remove(primary)
        found.insert(0, primary)
    return found


def _default_route_address() -> str | None:
    """The source address the system would use towards another network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: a UDP connect only picks a route
        except OSError:
            return None
        return probe.getsockname()[0]


# --- the certificate ---------------------------------------------------------------------------


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def _san_names(cert: x509.Certificate) -> tuple[str, ...]:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return ()
    dns = san.get_values_for_type(x509.DNSName)
    ips = [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
    return (*dns, *ips)


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by its owner only (mode 0600), replacing any file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def self_signed_certificate(
    folder: Path,
    *,
    hostnames: Iterable[str] | None = None,
    addresses: Iterable[str] | None = None,
    now: dt.datetime | None = None,
) -> Certificate:
    """The self-signed certificate in ``folder``, made when missing, expiring or not covering.

    Its names are ``hostnames`` (default: this machine's hostname and ``localhost``) and
    ``addresses`` (default: the LAN IPv4 addresses, plus ``127.0.0.1``). A certificate already
    in the folder is reused while it is valid for 30 more days and names every one of them.
    """
    now = now or dt.datetime.now(dt.UTC)
    if hostnames is None:
        hostnames = [socket.gethostname(), "localhost"]
    if addresses is None:
        addresses = [*lan_ipv4_addresses(), "127.0.0.1"]
    dns = list(dict.fromkeys(h.strip().lower() for h in hostnames if h and h.strip()))
    ips = list(dict.fromkeys(str(ipaddress.ip_address(a)) for a in addresses))
    wanted = set(dns) | set(ips)
    if not wanted:
        raise ServeError("a certificate needs at least one host name or address to name.")

    cert_path, key_path = folder / CERT_FILE, folder / KEY_FILE
    if cert_path.is_file() and key_path.is_file():
        try:
            existing = x509.load_pem_x509_certificate(cert_path.read_bytes())
        except ValueError:
            existing = None
        if (
            existing is not None
            and existing.not_valid_after_utc - RENEW_BEFORE > now
            and wanted <= set(_san_names(existing))
        ):
            os.chmod(key_path, 0o600)
            return Certificate(cert_path, key_path, fingerprint(existing), _san_names(existing))

    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ZPD Assess workshop"),
            x509.NameAttribute(NameOID.COMMON_NAME, dns[0] if dns else ips[0]),
        ]
    )
    san = [x509.DNSName(h) for h in dns] + [x509.IPAddress(ipaddress.ip_address(a)) for a in ips]
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=CERT_DAYS))
        .add_extension(x509.SubjectAlternativeName(san), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Certificate(cert_path, key_path, fingerprint(cert), _san_names(cert), created=True)


def given_certificate(cert: Path, key: Path) -> Certificate:
    """A certificate the user brings (from the client's IT or an internal CA), checked."""
    for label, path in (("certificate", cert), ("key", key)):
        if not Path(path).is_file():
            raise ServeError(f"the {label} file {path} does not exist: check the path.")
    try:
        loaded = x509.load_pem_x509_certificate(Path(cert).read_bytes())
    except ValueError as exc:
        raise ServeError(
            f"{cert} is not a PEM certificate ({exc}): give the certificate file "
            "(-----BEGIN CERTIFICATE-----), with its chain if it has one."
        ) from exc
    try:
        serialization.load_pem_private_key(Path(key).read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise ServeError(
            f"{key} is not an unencrypted PEM private key ({exc}): give the key that goes with "
            f"{cert}, without a passphrase."
        ) from exc
    if loaded.not_valid_after_utc <= dt.datetime.now(dt.UTC):
        raise ServeError(
            f"the certificate {cert} expired on {loaded.not_valid_after_utc:%Y-%m-%d}: "
            "ask for a new one."
        )
    return Certificate(
        Path(cert), Path(key), fingerprint(loaded), _san_names(loaded), self_signed=False
    )


# --- the launch --------------------------------------------------------------------------------


def check_passcode(environ: Mapping[str, str]) -> None:
    passcode = environ.get(PASSCODE_VAR, "")
    if len(passcode.strip()) < MIN_PASSCODE_LENGTH:
        state = "is not set" if not passcode else "is shorter than 10 characters"
        raise ServeError(
            f"refusing to serve on the network: {PASSCODE_VAR} {state}. Anyone on the network "
            "could open every engagement. Choose a passcode of at least "
            f"{MIN_PASSCODE_LENGTH} characters, set it in this terminal with\n"
            f"    export {PASSCODE_VAR}='<your passcode>'\n"
            "and run `make workshop` again. Facilitators type it once in the browser; "
            "participants' join links never ask for it."
        )


def _public_url(public_url: str | None, port: int) -> str:
    if public_url:
        parts = urlsplit(public_url)
        if parts.scheme != "https" or not parts.hostname:
            raise ServeError(
                f"--public-url {public_url!r} must be an https:// address with a host "
                "(e.g. https://workshop.example.internal:8501): the server only speaks HTTPS."
            )
        return public_url.rstrip("/")
    lan = lan_ipv4_addresses()
    if not lan:
        raise ServeError(
            "this machine has no network address (only loopback): join the meeting-room "
            "network first, or give --public-url https://<name>:<port>."
        )
    return f"https://{lan[0]}:{port}"


def prepare(
    network: bool,
    port: int = DEFAULT_PORT,
    cert: Path | None = None,
    key: Path | None = None,
    public_url: str | None = None,
    *,
    address: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Launch:
    """Check everything and work out the command, without starting it.

    ``address`` overrides the bind address (tests bind a network-mode server to loopback).
    """
    environ = os.environ if environ is None else environ
    if not 1 <= port <= 65535:
        raise ServeError(f"--port {port} is not a TCP port: give a number from 1 to 65535.")
    if (cert is None) != (key is None):
        raise ServeError("give --cert and --key together (the certificate and its private key).")
    root = repo_root()
    argv = [sys.executable, "-m", "streamlit", "run", str(root / "asgi.py")]
    argv += ["--server.port", str(port)]
    env_added: dict[str, str] = {}
    if not network:
        if cert is not None:
            raise ServeError("--cert/--key are for --network: on this machine the app uses http.")
        argv += ["--server.address", address or "127.0.0.1"]
        if public_url:
            env_added[PUBLIC_URL_VAR] = public_url.rstrip("/")
        return Launch(argv, root, env_added, None, f"http://localhost:{port}")

    check_passcode(environ)
    if cert is not None and key is not None:
        certificate = given_certificate(cert, key)
    else:
        certificate = self_signed_certificate(data_dir() / "tls")
    url = _public_url(public_url, port)
    env_added[PUBLIC_URL_VAR] = url
    argv += [
        "--server.address", address or "0.0.0.0",
        "--server.headless", "true",
        "--server.sslCertFile", str(certificate.cert),
        "--server.sslKeyFile", str(certificate.key),
    ]  # fmt: skip
    return Launch(argv, root, env_added, certificate, url)


def describe(launch: Launch) -> str:
    """What the facilitator reads before the server starts."""
    cert = launch.certificate
    if cert is None:
        return f"ZPD Assess on this machine only: {launch.url}"
    host = urlsplit(launch.url).hostname or ""
    lines = [f"ZPD Assess for the room, over HTTPS. Participants join at: {launch.url}"]
    if cert.self_signed:
        made = "made now" if cert.created else "reused"
        lines += [
            f"Self-signed certificate ({made}): {cert.cert}",
            f"  SHA-256 fingerprint: {cert.fingerprint}",
            "  Browsers warn about it. Before accepting, compare the fingerprint the browser "
            "shows (certificate details) with the one above.",
        ]
    else:
        lines.append(f"Certificate: {cert.cert} (SHA-256 {cert.fingerprint})")
    if host and host not in cert.names:
        lines.append(
            f"Warning: the certificate does not name {host} (it names {', '.join(cert.names)}); "
            "browsers will refuse it for that address. Give --public-url with a name it has."
        )
    return "\n".join(lines)


def run(launch: Launch) -> int:
    """Run the server in the foreground until it stops; SIGTERM/SIGHUP are passed on to it."""
    env = {**os.environ, **launch.env_added}
    child = subprocess.Popen(launch.argv, cwd=launch.cwd, env=env)

    def pass_on(signum: int, _frame: object) -> None:
        child.send_signal(signum)

    previous = {s: signal.signal(s, pass_on) for s in _FORWARDED}
    try:
        try:
            return child.wait()
        except KeyboardInterrupt:  # the terminal sent Ctrl-C to the child too: let it stop
            try:
                return child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.terminate()
                return child.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if child.poll() is None:
            child.kill()
            child.wait()


_FORWARDED = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def serve(
    network: bool,
    port: int = DEFAULT_PORT,
    cert: Path | None = None,
    key: Path | None = None,
    public_url: str | None = None,
    *,
    address: str | None = None,
) -> int:
    """Start the app (see the module's docstring); returns the server's exit status."""
    launch = prepare(network, port, cert, key, public_url, address=address)
    print(describe(launch), flush=True)
    return run(launch)


# --- command line ------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--network",
        action="store_true",
        help=f"serve the room over HTTPS on every interface (needs ${PASSCODE_VAR}, "
        f"at least {MIN_PASSCODE_LENGTH} characters); without it, this machine only",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="TCP port (8501)")
    parser.add_argument("--cert", type=Path, metavar="FILE.pem",
                        help="a real certificate (PEM); default: a self-signed one")  # fmt: skip
    parser.add_argument("--key", type=Path, metavar="FILE.pem", help="its private key (PEM)")
    parser.add_argument("--public-url", metavar="URL",
                        help=f"the address participants open (sets ${PUBLIC_URL_VAR}); "
                        "default https://<LAN address>:<port>")  # fmt: skip
    parser.add_argument("--address", help=argparse.SUPPRESS)  # tests: bind elsewhere


def main_from_args(args: argparse.Namespace) -> int:
    try:
        return serve(
            args.network, args.port, args.cert, args.key, args.public_url, address=args.address
        )
    except ServeError as exc:
        sys.stderr.write(f"zpd-assess serve: {exc}\n")
        return EXIT_INVALID


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zpd-assess serve", description=__doc__.split("\n")[0])
    add_arguments(parser)
    return main_from_args(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
