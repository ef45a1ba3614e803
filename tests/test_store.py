"""Engagements in a real SQLite file: migrations, saves, snapshots, export, concurrent votes."""

from __future__ import annotations

import datetime as dt
import json
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from conftest import ROOT
from sqlalchemy import create_engine, insert

from zpd_assess.store import (
    SCHEMA_VERSION,
    Store,
    StoreError,
    engagements,
    migrate,
    schema_version,
)


@pytest.fixture
def store(tmp_path):
    return Store(f"sqlite:///{tmp_path / 'zpd.sqlite'}")


def test_a_version_1_database_migrates_forward_and_keeps_its_data(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    assert migrate(engine, target=1) == 1
    with engine.begin() as conn:
        conn.execute(
            insert(engagements).values(
                id="old1",
                name="Before workshops",
                state=json.dumps({"weights": {"retention": 1}}),
                created=dt.datetime(2026, 1, 1),
                updated=dt.datetime(2026, 1, 1),
            )
        )
    assert schema_version(engine) == 1
    store = Store(url)
    assert schema_version(store.engine) == SCHEMA_VERSION == 3
    old = store.get_engagement("old1")
    assert old.state == {"weights": {"retention": 1}} and old.revision == 0
    workshop = store.open_workshop("old1", ["q1"], [], dots=3)
    assert store.get_workshop(workshop.code).engagement_id == "old1"


def test_a_newer_database_is_refused_with_a_message(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    Store(url)
    with sqlite3.connect(tmp_path / "new.sqlite") as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="newer than this program"):
        Store(url)


def test_state_saves_and_reloads_exactly(store):
    state = {
        "weights": {"retention": 0.7},
        "excluded": ["q_a"],
        "inventory_edits": {"12": {"topics": ["life_stage"]}},
        "workshop": [{"question_id": "w_01", "text_he": "שאלה"}],
    }
    eid = store.create_engagement("שלום ביטוחים", state, sample_org="shalom_insurance")
    state["weights"]["retention"] = 0.2
    store.save_state(eid, state)
    loaded = store.get_engagement(eid)
    assert loaded.state == state and loaded.name == "שלום ביטוחים"
    with pytest.raises(StoreError):
        store.save_state("nope", state)


def test_snapshots_keep_the_index_trend(store):
    eid = store.create_engagement("x", {})
    store.take_snapshot(eid, "before the workshop", 42.0, {"life_stage": {"knowledge": 0.3}}, {})
    store.take_snapshot(eid, "after", 47.5, {"life_stage": {"knowledge": 0.5}}, {"a": 1})
    shots = store.snapshots(eid)
    assert [s.label for s in shots] == ["before the workshop", "after"]
    assert [s.knowledge_index for s in shots] == [42.0, 47.5]


def test_an_engagement_exports_to_one_file_and_imports_intact(store, tmp_path):
    eid = store.create_engagement(
        "Urban",
        {"weights": {"retention": 1}},
        sample_org=None,
        inventory_name="inv.csv",
        inventory=b"attribute,party\n",
    )
    store.take_snapshot(eid, "Q1", 40.0, {"t": {"knowledge": 0.1}}, {"w": 1})
    shop = store.open_workshop(eid, ["q1", "q2"], ["retention", "cross_sell"], dots=4)
    token = store.join(shop.code, "Dana")
    store.submit_votes(shop.code, token, {"q1": 3, "q2": 1})
    store.submit_comparisons(shop.code, token, {("retention", "cross_sell"): 3.0})
    data = store.export_engagement(eid)
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")
    new_id = other.import_engagement(data)
    copy = other.get_engagement(new_id)
    original = store.get_engagement(eid)
    assert (copy.name, copy.state, copy.inventory, copy.inventory_name) == (
        original.name,
        original.state,
        original.inventory,
        original.inventory_name,
    )
    assert [s.label for s in other.snapshots(new_id)] == ["Q1"]
    results = other.results(other.workshops_of(new_id)[0].code)
    assert results.voted == 1 and {q.question_id: q.total for q in results.questions} == {
        "q1": 3,
        "q2": 1,
    }
    assert results.comparisons == {("retention", "cross_sell"): [3.0]}
    with pytest.raises(StoreError, match="Not an engagement file"):
        other.import_engagement(b"{}")


def test_ballots_are_checked(store):
    eid = store.create_engagement("x", {})
    shop = store.open_workshop(eid, ["q1", "q2"], [], dots=3)
    token = store.join(shop.code, "Avi")
    with pytest.raises(StoreError, match="at most 3"):
        store.submit_votes(shop.code, token, {"q1": 2, "q2": 2})
    with pytest.raises(StoreError, match="Not on this workshop"):
        store.submit_votes(shop.code, token, {"q9": 1})
    with pytest.raises(StoreError, match="does not belong"):
        store.submit_votes(shop.code, "someone-else", {"q1": 1})
    store.set_status(shop.code, "revealed")
    with pytest.raises(StoreError, match="Voting is over"):
        store.submit_votes(shop.code, token, {"q1": 1})


def test_thirty_participants_voting_at_once_lose_nothing_and_count_nothing_twice(store):
    eid = store.create_engagement("workshop", {})
    questions = [f"q{i}" for i in range(10)]
    shop = store.open_workshop(eid, questions, [], dots=5)
    barrier = threading.Barrier(30)
    errors: list[BaseException] = []

    def participant(i: int) -> None:
        try:
            token = store.join(shop.code, f"participant {i}")
            barrier.wait(timeout=30)
            # first a change of mind, then the final ballot, both at the same moment as others
            store.submit_votes(shop.code, token, {questions[i % 10]: 5})
            store.submit_votes(shop.code, token, {questions[i % 10]: 3, questions[(i + 1) % 10]: 2})
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    results = store.results(shop.code)
    assert results.participants == 30 and results.voted == 30
    totals = {q.question_id: q.total for q in results.questions}
    assert sum(totals.values()) == 30 * 5
    assert all(total == 3 * 3 + 2 * 3 for total in totals.values())


WRITER = textwrap.dedent(
    """
    import sys
    from zpd_assess.store import Store
    store = Store(sys.argv[1])
    eid = store.create_engagement("crash test", {"edit": 0}, engagement_id="crash")
    i = 0
    while True:
        i += 1
        store.save_state(eid, {"edit": i, "payload": "x" * 20000})
        print(i, flush=True)
    """
)


def test_a_save_killed_midway_leaves_the_last_completed_edit(tmp_path):
    db = tmp_path / "crash.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, f"sqlite:///{db}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    completed = 0
    deadline = time.time() + 60
    while completed < 200 and time.time() < deadline:
        line = proc.stdout.readline()
        if line.strip():
            completed = int(line)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    remaining = proc.stdout.read().split()
    last_reported = int(remaining[-1]) if remaining else completed
    assert completed >= 200, "the writer was saving"
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    saved = Store(f"sqlite:///{db}").get_engagement("crash").state["edit"]
    assert last_reported <= saved <= last_reported + 1


def test_a_split_room_is_flagged(store):
    eid = store.create_engagement("x", {})
    shop = store.open_workshop(eid, ["q1", "q2"], [], dots=4)
    for name, ballot in (("a", {"q1": 4}), ("b", {"q2": 4}), ("c", {"q1": 2, "q2": 2})):
        store.submit_votes(shop.code, store.join(shop.code, name), ballot)
    by_question = {v.question_id: v for v in store.results(shop.code).questions}
    assert by_question["q1"].total == 6 and by_question["q1"].voters == 2
    assert not by_question["q1"].split
    store.submit_votes(shop.code, store.join(shop.code, "d"), {"q2": 4})
    store.submit_votes(shop.code, store.join(shop.code, "e"), {"q2": 4})
    assert store.results(shop.code).questions[0].split  # q1: 4, 2, 0, 0, 0 dots
