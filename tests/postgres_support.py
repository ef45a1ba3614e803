"""A throwaway PostgreSQL server for tests, and a `store_url` fixture over SQLite and PostgreSQL.

`pg_url` (session): `initdb` into a temporary folder, run as the `postgres` OS user when the tests
run as root, listening on a unix socket in that folder and on 127.0.0.1 at a free port; stopped
and deleted at the end. `store_url` (per test, parametrized `sqlite` / `postgresql`): a fresh
SQLite file, or a fresh database on that server (dropped afterwards).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

INSTALL_HINT = (
    "PostgreSQL's server programs (initdb, pg_ctl) are needed for the PostgreSQL tests; "
    "install them with: apt-get install -y postgresql"
)


def postgres_bin() -> Path:
    """The newest `/usr/lib/postgresql/<version>/bin` holding initdb, else initdb on PATH."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    pytest.fail(INSTALL_HINT, pytrace=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.fail(
            "The tests run as root, and PostgreSQL refuses to run as root: an OS user "
            "'postgres' is needed (apt-get install -y postgresql creates it).",
            pytrace=False,
        )
    return ["runuser", "-u", "postgres", "--"]


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        pytest.fail(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[dict[str, object]]:
    """A running throwaway PostgreSQL server: {'bin', 'socket', 'port', 'prefix'}."""
    binaries = postgres_bin()
    prefix = _as_postgres()
    root = Path(tempfile.mkdtemp(prefix="zpd-pg-"))
    data, sockets = root / "data", root / "sock"
    sockets.mkdir()
    if prefix:
        shutil.chown(root, "postgres")
        shutil.chown(sockets, "postgres")
    port = _free_port()
    started = False
    try:
        _run(
            [
                *prefix,
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
                "--no-sync",
            ],
            "initdb",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={sockets} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=120"
        )
        _run(
            [
                *prefix,
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(root / "server.log"),
                "-w",
                "-t",
                "60",
                "start",
            ],
            "pg_ctl start",
        )
        started = True
        yield {"bin": binaries, "socket": sockets, "port": port, "prefix": prefix}
    finally:
        if started:
            subprocess.run(
                [
                    *prefix,
                    str(binaries / "pg_ctl"),
                    "-D",
                    str(data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(root, ignore_errors=True)


def _psql(server: dict[str, object], sql: str) -> None:
    _run(
        [
            *server["prefix"],
            str(Path(server["bin"]) / "psql"),
            "-h",
            str(server["socket"]),  # type: ignore[list-item]
            "-p",
            str(server["port"]),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-q",
            "-c",
            sql,
        ],
        f"psql {sql!r}",
    )


@pytest.fixture(scope="session")
def pg_url(pg_server) -> str:
    """A SQLAlchemy URL of a database on the throwaway server (created once per session)."""
    _psql(pg_server, "CREATE DATABASE zpd_session")
    return f"postgresql+psycopg://postgres@127.0.0.1:{pg_server['port']}/zpd_session"


_count = iter(range(1, 1_000_000))


@pytest.fixture
def pg_fresh_url(pg_server) -> Iterator[str]:
    """A brand-new, empty database for one test; dropped afterwards."""
    name = f"zpd_t{os.getpid()}_{next(_count)}"
    _psql(pg_server, f"CREATE DATABASE {name}")
    yield f"postgresql+psycopg://postgres@127.0.0.1:{pg_server['port']}/{name}"
    _psql(pg_server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# PostgreSQL runs with the slow tests (`make test`); the everyday loop stores in SQLite.
@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)])
def store_url(request, tmp_path) -> str:
    """An empty database for one test: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'zpd.sqlite'}"
    return request.getfixturevalue("pg_fresh_url")
