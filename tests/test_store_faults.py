"""Real database faults: a lock held by another program, a read-only data folder, a full disk,
an unreachable PostgreSQL server, and a write that fails halfway through an import.

The read-only folder and the full disk are real tmpfs mounts (root ignores file permissions, so a
chmod would not stop it); each test unmounts what it mounted.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from zpd_assess.store import Store, StoreUnavailable, engagements

SECRET = "confidential-client-note-4711"  # must never appear in an error message


def _mount_tmpfs(path: Path, size: str) -> None:
    if os.geteuid() != 0:
        pytest.fail(
            "This test mounts a small tmpfs to make a real fault; run the tests as root "
            "(as CI does), e.g. sudo .venv/bin/pytest tests/test_store_faults.py",
            pytrace=False,
        )
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A real tmpfs of ``size`` at ``path``, unmounted afterwards whatever happens."""
    _mount_tmpfs(path, size)
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _remount_read_only(path: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(path)], check=True)


def _no_secrets(message: str) -> None:
    assert SECRET not in message
    assert "[SQL" not in message and "parameters" not in message
    assert "INSERT" not in message and "UPDATE" not in message


@pytest.mark.slow
def test_a_database_locked_by_another_program_fails_within_six_seconds_naming_the_file(tmp_path):
    db = tmp_path / "zpd.sqlite"
    store = Store(f"sqlite:///{db}")
    eid = store.create_engagement("locked", {"note": "before"})
    locked, release = threading.Event(), threading.Event()

    def locker() -> None:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        locked.set()
        release.wait(timeout=60)
        conn.execute("ROLLBACK")
        conn.close()

    thread = threading.Thread(target=locker)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        started = time.monotonic()
        with pytest.raises(StoreUnavailable) as caught:
            store.save_state(eid, {"note": SECRET})
        waited = time.monotonic() - started
        assert 4.0 <= waited <= 6.5, waited
        message = str(caught.value)
        assert str(db) in message and "locked by another program" in message
        assert caught.value.kind == "locked"
        _no_secrets(message)
        assert caught.value.__cause__ is None and caught.value.__suppress_context__
        assert store.get_engagement(eid).state == {"note": "before"}  # WAL: reading still works
    finally:
        release.set()
        thread.join(timeout=30)
    assert store.save_state(eid, {"note": "after"}) == 1
    assert store.get_engagement(eid).state == {"note": "after"}


def test_a_read_only_data_folder_is_named_at_start_and_on_save(tmp_path, monkeypatch):
    with tmpfs(tmp_path / "data", "4m") as folder:
        monkeypatch.setenv("ZPD_DATA_DIR", str(folder))
        monkeypatch.delenv("ZPD_DATABASE_URL", raising=False)
        store = Store()
        eid = store.create_engagement("ro", {"note": "kept"})
        store.engine.dispose()  # a remount waits for no open file; the next call reconnects
        _remount_read_only(folder)
        with pytest.raises(StoreUnavailable) as at_start:
            Store()
        message = str(at_start.value)
        assert "$ZPD_DATA_DIR" in message and str(folder) in message
        assert "read-only file system" in message
        with pytest.raises(StoreUnavailable) as on_save:
            store.save_state(eid, {"note": SECRET})
        assert str(folder / "zpd.sqlite") in str(on_save.value)
        assert on_save.value.kind in {"read-only", "cannot-open"}
        _no_secrets(str(on_save.value))
        store.engine.dispose()


def test_a_missing_data_folder_that_cannot_be_made_is_named(tmp_path, monkeypatch):
    with tmpfs(tmp_path / "data", "1m") as folder:
        _remount_read_only(folder)
        monkeypatch.setenv("ZPD_DATA_DIR", str(folder / "sub"))
        monkeypatch.delenv("ZPD_DATABASE_URL", raising=False)
        with pytest.raises(StoreUnavailable, match=r"\$ZPD_DATA_DIR") as caught:
            Store()
        assert str(folder / "sub") in str(caught.value)


def _fill(folder: Path, *, leave: int = 0) -> None:
    """Write until the disk says it is full, then free ``leave`` bytes."""
    if leave:
        (folder / "reserve").write_bytes(b"\0" * leave)
    with open(folder / "filler", "wb", buffering=0) as filler:
        for size in (65536, 4096, 512):
            try:
                while True:
                    filler.write(b"\0" * size)
            except OSError:
                continue
    if leave:
        (folder / "reserve").unlink()


def test_a_full_disk_says_so_keeps_the_last_save_and_recovers(tmp_path):
    with tmpfs(tmp_path / "data", "2m") as folder:
        url = f"sqlite:///{folder / 'zpd.sqlite'}"
        store = Store(url)
        eid = store.create_engagement("full", {"note": "before"})
        _fill(folder)
        payload = {"note": SECRET, "bulk": os.urandom(300_000).hex()}
        with pytest.raises(StoreUnavailable) as caught:
            store.save_state(eid, payload)
        message = str(caught.value)
        assert caught.value.kind == "full" and "full" in message
        assert str(folder / "zpd.sqlite") in message
        _no_secrets(message)
        assert store.get_engagement(eid).state == {"note": "before"}
        (folder / "filler").unlink()
        assert store.save_state(eid, payload) == 1
        assert store.get_engagement(eid).state == payload
        store.engine.dispose()


def test_an_import_that_fails_halfway_on_a_full_disk_leaves_nothing(tmp_path):
    source = Store(f"sqlite:///{tmp_path / 'source.sqlite'}")
    eid = source.create_engagement("big", {"n": 1}, inventory_name="i.csv", inventory=b"i\n")
    for i in range(40):
        source.take_snapshot(eid, f"s{i}", float(i), {}, {"bulk": os.urandom(20_000).hex()})
    data = source.export_engagement(eid)
    with tmpfs(tmp_path / "data", "2m") as folder:
        store = Store(f"sqlite:///{folder / 'zpd.sqlite'}")
        store.create_engagement("already here", {})
        _fill(folder, leave=64 * 1024)  # room for the engagement row, not for its snapshots
        with pytest.raises(StoreUnavailable, match="full"):
            store.import_engagement(data)
        (folder / "filler").unlink()
        assert [e.name for e in store.list_engagements()] == ["already here"]
        assert store.count(engagements) == 1
        store.engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_postgresql_server_is_named_without_its_password():
    port = _free_port()
    url = f"postgresql+psycopg://zpd:hunter2-secret@127.0.0.1:{port}/zpd_prod"
    with pytest.raises(StoreUnavailable) as caught:
        Store(url)
    message = str(caught.value)
    assert "hunter2-secret" not in message
    assert f"PostgreSQL database 'zpd_prod' on 127.0.0.1:{port}" in message
    assert caught.value.kind == "unreachable" and "cannot be reached" in message


def test_a_write_refused_midway_by_the_database_leaves_no_half_import(store_url):
    store = Store(store_url)
    source = _engagement_with_a_workshop(store)
    data = store.export_engagement(source)
    engine = create_engine(store_url)
    with engine.begin() as conn:  # the database refuses the comparisons, the last rows written
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON comparisons "
                "BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END"
            )
        else:
            conn.exec_driver_sql(
                "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'refused by test trigger'; END $$"
            )
            conn.exec_driver_sql(
                "CREATE TRIGGER refuse BEFORE INSERT ON comparisons "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            )
    counts = {t: store.count(t) for t in _tables()}
    with pytest.raises(StoreUnavailable) as caught:
        store.import_engagement(data)
    assert "refused by test trigger" not in str(caught.value)  # the kind, not the raw text
    assert {t: store.count(t) for t in _tables()} == counts
    assert [e.id for e in store.list_engagements()] == [source]
    engine.dispose()
    store.engine.dispose()


def _tables():
    from zpd_assess.store import comparisons, participants, snapshots, votes, workshops

    return (engagements, snapshots, workshops, participants, votes, comparisons)


def _engagement_with_a_workshop(store: Store) -> str:
    eid = store.create_engagement("source", {"weights": {"retention": 1}})
    store.take_snapshot(eid, "Q1", 40.0, {"t": {"knowledge": 0.1}}, {"w": 1})
    shop = store.open_workshop(eid, ["q1", "q2"], ["g1", "g2"], dots=4)
    token = store.join(shop.code, "Dana")
    store.submit_votes(shop.code, token, {"q1": 3})
    store.submit_comparisons(shop.code, token, {("g1", "g2"): 3.0})
    return eid
