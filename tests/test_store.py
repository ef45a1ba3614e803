"""Engagements in a real SQLite file and a real PostgreSQL server: migrations, saves, revisions,
snapshots, delete, export, concurrent votes."""

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
    ConflictError,
    Store,
    StoreError,
    comparisons,
    engagements,
    merge_states,
    migrate,
    participants,
    schema_version,
    snapshots,
    votes,
    workshops,
)

TABLES = (engagements, snapshots, workshops, participants, votes, comparisons)


@pytest.fixture
def store(store_url):
    store = Store(store_url)
    yield store
    store.engine.dispose()


def test_a_version_1_database_migrates_forward_and_keeps_its_data(store_url):
    url = store_url
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
    assert schema_version(store.engine) == SCHEMA_VERSION == 6
    assert not store.get_workshop(
        workshop_code := store.open_workshop("old1", ["q2"], [], dots=3).code
    ).anonymous  # v5
    assert store.ideas_of(workshop_code) == []
    old = store.get_engagement("old1")
    assert old.state == {"weights": {"retention": 1}} and old.revision == 0
    workshop = store.open_workshop("old1", ["q1"], [], dots=3)
    assert store.get_workshop(workshop.code).engagement_id == "old1"
    assert store.save_state("old1", {"weights": {}}, expected_revision=0) == 1
    store.engine.dispose()
    engine.dispose()


def test_a_version_2_database_gets_revisions_and_device_keys_and_keeps_its_votes(store_url):
    engine = create_engine(store_url)
    assert migrate(engine, target=2) == 2
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO engagements (id, name, state, created, updated) "
            "VALUES ('e2', 'v2', '{}', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO workshops (code, engagement_id, status, dots, questions, goals, created)"
            " VALUES ('ABCDEF', 'e2', 'open', 3, '[\"q1\"]', '[]', '2026-01-01 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO participants (workshop_code, token, display_name, joined, voted) "
            "VALUES ('ABCDEF', 'tok', 'Dana', '2026-01-01 00:00:00', '2026-01-01 00:01:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO votes (participant_id, question_id, dots) "
            "SELECT id, 'q1', 3 FROM participants"
        )
    store = Store(store_url)
    assert schema_version(store.engine) == SCHEMA_VERSION
    assert store.get_engagement("e2").revision == 0
    [person] = store.participants_of("ABCDEF")
    assert (person.display_name, person.dots) == ("Dana", 3)
    # old rows have no device: the same name resumes the participant, now keyed by this phone
    assert store.join("ABCDEF", "Dana", device="phone-1") == "tok"
    assert store.join("ABCDEF", "Dana", device="phone-1") == store.join(
        "ABCDEF", "x", device="phone-1"
    )
    assert store.results("ABCDEF").questions[0].total == 3
    assert migrate(store.engine) == SCHEMA_VERSION  # a second start changes nothing
    store.engine.dispose()
    engine.dispose()


def test_a_newer_database_is_refused_with_a_message(store_url):
    Store(store_url).engine.dispose()
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="version 99, newer than this program"):
        Store(store_url)
    engine.dispose()


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
    again = store.import_engagement(data)  # into the same database (SQLite or PostgreSQL)
    assert store.results(store.workshops_of(again)[0].code).voted == 1
    copy = other.get_engagement(new_id)
    original = store.get_engagement(eid)
    assert (copy.name, copy.state, copy.inventory, copy.inventory_name) == (
        original.name,
        original.state,
        original.inventory,
        original.inventory_name,
    )
    assert [s.label for s in other.snapshots(new_id)] == ["Q1"]
    [imported] = other.workshops_of(new_id)
    assert imported.status == "closed"  # its code was shown in another room
    results = other.results(imported.code)
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


# --- revisions: a stale copy never overwrites newer work -----------------------------------------


def test_a_stale_save_is_refused_with_the_newer_version_and_nothing_is_written(store):
    eid = store.create_engagement("two tabs", {"weights": {"retention": 1.0}})
    assert store.get_engagement(eid).revision == 0
    assert store.save_state(eid, {"weights": {"retention": 0.5}}, expected_revision=0) == 1
    assert store.save_state(eid, {"weights": {"retention": 0.4}}) == 2  # unconditional still counts
    with pytest.raises(ConflictError, match="revision 2, this copy started from 1") as caught:
        store.save_state(eid, {"weights": {"retention": 0.9}}, expected_revision=1)
    assert isinstance(caught.value, StoreError)
    assert caught.value.current.revision == 2
    assert caught.value.current.state == {"weights": {"retention": 0.4}}
    assert store.get_engagement(eid).state == {"weights": {"retention": 0.4}}
    assert store.get_engagement(eid).revision == 2
    with pytest.raises(StoreError, match="No engagement 'gone'"):
        store.save_state("gone", {}, expected_revision=0)


def test_two_tabs_adding_a_question_each_keep_both_after_the_merge(store):
    base = {"weights": {"retention": 1.0}, "workshop": [{"question_id": "w_01", "text_he": "א"}]}
    eid = store.create_engagement("tabs", base)
    tab_a = store.get_engagement(eid)
    tab_b = store.get_engagement(eid)
    state_a = {
        **tab_a.state,
        "workshop": [*tab_a.state["workshop"], {"question_id": "w_02", "text_he": "from A"}],
    }
    state_b = {
        **tab_b.state,
        "workshop": [*tab_b.state["workshop"], {"question_id": "w_02", "text_he": "from B"}],
    }
    store.save_state(eid, state_a, expected_revision=tab_a.revision)
    with pytest.raises(ConflictError) as caught:
        store.save_state(eid, state_b, expected_revision=tab_b.revision)
    theirs = caught.value.current
    merged, conflicts = merge_states(tab_b.state, state_b, theirs.state)
    assert conflicts == []
    assert store.save_state(eid, merged, expected_revision=theirs.revision) == 2
    saved = store.get_engagement(eid).state["workshop"]
    assert saved == [
        {"question_id": "w_01", "text_he": "א"},
        {"question_id": "w_02", "text_he": "from A"},
        {"question_id": "w_03", "text_he": "from B"},
    ]


def test_ten_writers_merging_on_conflict_lose_no_edit(store):
    eid = store.create_engagement("busy", {"edits": {}})
    barrier = threading.Barrier(10)
    loaded_first = threading.Barrier(10)
    errors: list[BaseException] = []
    conflicts_seen = []

    def writer(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            for n in range(3):
                loaded = store.get_engagement(eid)
                base, rev = loaded.state, loaded.revision
                mine = {"edits": {**base["edits"], f"w{i}_{n}": n}}
                if n == 0:  # all ten hold the same revision before the first save: they collide
                    loaded_first.wait(timeout=30)
                while True:
                    try:
                        store.save_state(eid, mine, expected_revision=rev)
                        break
                    except ConflictError as exc:
                        conflicts_seen.append(i)
                        mine, lost = merge_states(base, mine, exc.current.state)
                        assert lost == []
                        base, rev = exc.current.state, exc.current.revision
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    final = store.get_engagement(eid)
    assert final.state["edits"] == {f"w{i}_{n}": n for i in range(10) for n in range(3)}
    assert final.revision == 30  # one revision per successful save, none for a refused one
    assert conflicts_seen, "the writers did collide"


# --- delete, rename, length limits ---------------------------------------------------------------


def _full_engagement(store: Store, name: str) -> tuple[str, str]:
    eid = store.create_engagement(name, {"a": 1}, inventory_name="i.csv", inventory=b"x,y\n")
    store.take_snapshot(eid, "Q1", 40.0, {"t": {"knowledge": 0.1}}, {"a": 1})
    shop = store.open_workshop(eid, ["q1", "q2"], ["g1", "g2"], dots=3)
    for who in ("Dana", "Avi"):
        token = store.join(shop.code, who)
        store.submit_votes(shop.code, token, {"q1": 2, "q2": 1})
        store.submit_comparisons(shop.code, token, {("g1", "g2"): 3.0})
    return eid, shop.code


def test_delete_removes_the_engagement_with_everything_it_owns_and_nothing_else(store):
    eid, code = _full_engagement(store, "to delete")
    keep, kept_code = _full_engagement(store, "to keep")
    before = {t.name: store.count(t) for t in TABLES}
    assert before == {
        "engagements": 2,
        "snapshots": 2,
        "workshops": 2,
        "participants": 4,
        "votes": 8,
        "comparisons": 4,
    }
    assert store.delete_engagement(eid) is True
    assert {t.name: store.count(t) for t in TABLES} == {n: c // 2 for n, c in before.items()}
    assert store.get_engagement(eid) is None and store.get_workshop(code) is None
    assert store.snapshots(eid) == [] and store.workshops_of(eid) == []
    assert store.results(kept_code).voted == 2 and store.get_engagement(keep).name == "to keep"
    assert store.delete_engagement(eid) is False


def test_rename_and_the_column_limits_are_kept_in_code(store):
    eid = store.create_engagement(
        "n" * 10_000, {}, inventory_name="f" * 10_000 + ".csv", inventory=b"a\n"
    )
    stored = store.get_engagement(eid)
    assert (len(stored.name), len(stored.inventory_name)) == (200, 255)
    store.rename(eid, "  Renamed\x00 ")
    assert store.get_engagement(eid).name == "Renamed"
    store.rename(eid, "r" * 500)
    assert store.get_engagement(eid).name == "r" * 200
    with pytest.raises(StoreError, match="name is empty"):
        store.rename(eid, "   ")
    with pytest.raises(StoreError, match="No engagement"):
        store.rename("gone", "x")
    with pytest.raises(StoreError, match=r"sample_org is '../../etc/passwd'; accepted: null or"):
        store.create_engagement("x", {}, sample_org="../../etc/passwd")
    with pytest.raises(StoreError, match=r"21\.0 MB; the largest accepted is 20 MB"):
        store.create_engagement("x", {}, inventory=b"0" * (21 * 2**20))
    with pytest.raises(StoreError, match="already exists"):
        store.create_engagement("again", {}, engagement_id=eid)
    store.take_snapshot(eid, "l" * 999, 1.0, {}, {})
    assert store.snapshots(eid)[0].label == "l" * 200
    shop = store.open_workshop(eid, ["q1"], [], dots=2)
    token = store.join(shop.code, "  Dana   " + "d" * 500)
    assert store.participants_of(shop.code)[0].display_name == ("Dana " + "d" * 500)[:80]
    assert token
    with pytest.raises(StoreError, match="device key"):
        store.join(shop.code, "x", device="d" * 65)
    with pytest.raises(StoreError, match=r"questions\[0\] is 'qqq"):
        store.open_workshop(eid, ["q" * 65], [], dots=2)
    with pytest.raises(StoreError, match="1 to 20 dots"):
        store.open_workshop(eid, ["q1"], [], dots=21)
    assert store.open_workshop(eid, ["q1"], [], dots=100).dots == 100  # a 100-point allocation
    with pytest.raises(StoreError, match="No engagement"):
        store.open_workshop("gone", ["q1"], [], dots=2)
    assert store.count(engagements) == 1


# --- participants: one per device, a list, removal -----------------------------------------------


def test_one_device_is_one_participant_and_keeps_its_token(store):
    eid = store.create_engagement("w", {})
    shop = store.open_workshop(eid, ["q1"], [], dots=3)
    tokens = {store.join(shop.code, f"Dana {i}", device="browser-1") for i in range(5)}
    assert len(tokens) == 1
    [dana] = store.participants_of(shop.code)
    assert dana.display_name == "Dana 4"  # the latest name
    assert store.join(shop.code, "Avi", device="browser-2") not in tokens
    anon = store.join(shop.code, "Anon")
    assert store.join(shop.code, "anon ") == anon  # the same name resumes, even with no key
    assert store.join(shop.code, "Anon", device="browser-3") == anon  # from another browser too
    assert store.join(shop.code, "Dana 4", device="browser-9") in tokens
    assert len(store.participants_of(shop.code)) == 3
    other = store.open_workshop(eid, ["q1"], [], dots=3)
    assert store.join(other.code, "Dana", device="browser-1") not in tokens  # per workshop


def test_the_same_device_joining_from_ten_threads_at_once_is_one_participant(store):
    eid = store.create_engagement("w", {})
    shop = store.open_workshop(eid, ["q1"], [], dots=3)
    barrier = threading.Barrier(10)
    tokens: list[str] = []
    errors: list[BaseException] = []

    def tap(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            tokens.append(store.join(shop.code, f"tap {i}", device="same-phone"))
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=tap, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(set(tokens)) == 1 and len(tokens) == 10
    assert len(store.participants_of(shop.code)) == 1


def test_a_removed_participant_leaves_the_list_and_the_results(store):
    eid = store.create_engagement("w", {})
    shop = store.open_workshop(eid, ["q1", "q2"], ["g1", "g2"], dots=5)
    stuffer = store.join(shop.code, "Stuffer", device="d1")
    honest = store.join(shop.code, "Honest", device="d2")
    store.submit_votes(shop.code, stuffer, {"q1": 5})
    store.submit_comparisons(shop.code, stuffer, {("g1", "g2"): 9.0})
    store.submit_votes(shop.code, honest, {"q1": 1, "q2": 3})
    people = store.participants_of(shop.code)
    assert [(p.display_name, p.dots, p.voted is not None) for p in people] == [
        ("Stuffer", 5, True),
        ("Honest", 4, True),
    ]
    store.remove_participant(shop.code, people[0].id)
    results = store.results(shop.code)
    assert (results.participants, results.voted) == (1, 1)
    assert {q.question_id: q.total for q in results.questions} == {"q1": 1, "q2": 3}
    assert results.comparisons == {}
    assert [p.display_name for p in store.participants_of(shop.code)] == ["Honest"]
    with pytest.raises(StoreError, match="No such participant"):
        store.remove_participant(shop.code, people[0].id)
    with pytest.raises(StoreError, match="does not belong"):
        store.submit_votes(shop.code, stuffer, {"q1": 1})


def test_fifty_voters_at_once_are_each_counted_exactly_once(store):
    eid = store.create_engagement("room", {})
    shop = store.open_workshop(eid, ["q1", "q2", "q3"], [], dots=5)
    barrier = threading.Barrier(50)
    errors: list[BaseException] = []

    def voter(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            token = store.join(shop.code, f"voter {i}", device=f"phone-{i}")
            store.submit_votes(shop.code, token, {"q1": 3, f"q{2 + i % 2}": 2})
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=voter, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    results = store.results(shop.code)
    assert (results.participants, results.voted) == (50, 50)
    assert {q.question_id: q.total for q in results.questions} == {"q1": 150, "q2": 50, "q3": 50}
    assert sorted(p.dots for p in store.participants_of(shop.code)) == [5] * 50
