"""Issue 16, the firm's remembered topic fixes in the store (SQLite and PostgreSQL): kept by
name, the last fix of a name wins, checked whole before anything is written, forgotten on
request and with the engagement that gave them; a version 5 database migrates forward."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine

from zpd_assess.store import SCHEMA_VERSION, Store, StoreError, migrate, schema_version


@pytest.fixture
def store(store_url):
    store = Store(store_url)
    yield store
    store.engine.dispose()


def test_fixes_are_remembered_by_name_and_the_last_fix_wins(store):
    first = store.create_engagement("Kinor", {}, sample_org="urban_retail")
    second = store.create_engagement("Hadar", {})
    assert store.firm_topic_fixes() == {}
    kept = store.remember_topic_fixes(
        first,
        {"contact shoe size c": ["product_preferences"], "מצב משפחתי": ["household"]},
    )
    assert kept == 2
    assert store.firm_topic_fixes() == {
        "contact shoe size c": ["product_preferences"],
        "מצב משפחתי": ["household"],
    }
    # another engagement fixes the same name otherwise: its fix is the firm's now
    assert store.remember_topic_fixes(second, {"contact shoe size c": ["life_stage", "lifestyle"]})
    assert store.firm_topic_fixes()["contact shoe size c"] == ["life_stage", "lifestyle"]
    assert len(store.firm_topic_fixes()) == 2


def test_a_refused_fix_writes_nothing(store):
    eid = store.create_engagement("Kinor", {})
    cases = [
        ({"shoe size": []}, "gives 0 topics"),
        ({"shoe size": ["a", "a"]}, "1 distinct"),
        ({"shoe size": "household"}, "a list of topic ids"),
        ({"shoe size": ["House Hold"]}, "topic ids"),
        ({"x" * 201: ["household"]}, "1 to 200 characters"),
        ({"": ["household"]}, "1 to 200 characters"),
        ({"shoe\x00size": ["household"]}, "control characters"),
    ]
    for fixes, message in cases:
        with pytest.raises(StoreError, match=message):
            store.remember_topic_fixes(eid, {"good name": ["household"], **fixes})
    assert store.firm_topic_fixes() == {}
    with pytest.raises(StoreError, match="No engagement 'gone'"):
        store.remember_topic_fixes("gone", {"shoe size": ["household"]})
    assert store.firm_topic_fixes() == {}


def test_a_fix_is_forgotten_on_request_and_with_its_engagement(store):
    kept = store.create_engagement("Kinor", {})
    deleted = store.create_engagement("Hadar", {})
    store.remember_topic_fixes(kept, {"shoe size": ["product_preferences"]})
    store.remember_topic_fixes(deleted, {"loyalty tier": ["loyalty"], "pet name": ["household"]})
    assert store.forget_topic_fix("pet name") is True
    assert store.forget_topic_fix("pet name") is False
    assert store.firm_topic_fixes() == {
        "loyalty tier": ["loyalty"],
        "shoe size": ["product_preferences"],
    }
    # a deleted client's attribute names leave the firm's memory with it
    assert store.delete_engagement(deleted)
    assert store.firm_topic_fixes() == {"shoe size": ["product_preferences"]}


def test_two_tabs_remembering_the_same_names_at_once_both_succeed(store):
    eids = [store.create_engagement(f"E{i}", {}) for i in range(8)]
    barrier = threading.Barrier(len(eids))
    errors: list[BaseException] = []

    def tab(eid: str) -> None:
        try:
            barrier.wait(timeout=30)
            store.remember_topic_fixes(eid, {f"name {k}": ["household"] for k in range(20)})
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=tab, args=(e,)) for e in eids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    assert store.firm_topic_fixes() == {f"name {k}": ["household"] for k in range(20)}


def test_a_version_5_database_migrates_to_the_firm_memory(store_url):
    engine = create_engine(store_url)
    assert migrate(engine, target=5) == 5
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO engagements (id, name, state, created, updated) "
            "VALUES ('e5', 'v5', '{}', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    store = Store(store_url)
    assert schema_version(store.engine) == SCHEMA_VERSION == 6
    assert store.firm_topic_fixes() == {}
    assert store.remember_topic_fixes("e5", {"shoe size": ["product_preferences"]}) == 1
    assert store.firm_topic_fixes() == {"shoe size": ["product_preferences"]}
    store.engine.dispose()
    engine.dispose()


def test_a_new_version_of_the_clients_file_keeps_the_engagement(store):
    """Issue 16: the client's next file replaces the stored one; the decisions stay, and the
    revision moves on so that another tab takes the new file."""
    eid = store.create_engagement("Hadar", {"topic_fixes": {"gift card purchases": ["x"]}},
                                  inventory_name="v1.xlsx", inventory=b"PK-one")  # fmt: skip
    before = store.get_engagement(eid)
    revision = store.replace_inventory(eid, "v2.xlsx", b"PK-two")
    after = store.get_engagement(eid)
    assert revision == before.revision + 1 == after.revision
    assert (after.inventory_name, after.inventory) == ("v2.xlsx", b"PK-two")
    assert after.state == before.state
    with pytest.raises(StoreError, match="No engagement"):
        store.replace_inventory("missing", "v2.xlsx", b"PK")
    with pytest.raises(StoreError):
        store.replace_inventory(eid, "huge.xlsx", b"x" * (64 * 1024 * 1024))
    assert store.get_engagement(eid).inventory == b"PK-two"  # a refusal changes nothing
