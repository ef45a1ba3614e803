"""Engagement-file import: the whole file is checked before anything is written, with a message
that names the field and what is accepted; then one transaction writes all of it."""

from __future__ import annotations

import base64
import copy
import json
import re

import pytest

from zpd_assess.store import (
    Store,
    StoreError,
    comparisons,
    engagements,
    participants,
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


def _document(store: Store) -> dict:
    eid = store.create_engagement(
        "Source",
        {"weights": {"retention": 1}},
        inventory_name="inv.csv",
        inventory=b"attribute,party\n",
    )
    store.take_snapshot(eid, "Q1", 40.0, {"t": {"knowledge": 0.1}}, {"w": 1})
    shop = store.open_workshop(eid, ["q1", "q2"], ["g1", "g2"], dots=4)
    token = store.join(shop.code, "Dana")
    store.submit_votes(shop.code, token, {"q1": 3, "q2": 1})
    store.submit_comparisons(shop.code, token, {("g1", "g2"): 3.0})
    return json.loads(store.export_engagement(eid))


def _counts(store: Store) -> dict[str, int]:
    return {t.name: store.count(t) for t in TABLES}


def _set(document: dict, path: str, value) -> dict:
    """A copy of the document with the value at a dotted path (``workshops.0.status``) set, or
    removed when value is ``...``."""
    changed = copy.deepcopy(document)
    *parents, last = path.split(".")
    node = changed
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    key = int(last) if isinstance(node, list) else last
    if value is ...:
        del node[key]
    else:
        node[key] = value
    return changed


P0 = "workshops.0.participants.0"
TAMPERED = [
    ("engagement", ..., "engagement is missing; every engagement file has it"),
    ("version", "abc", "version is 'abc'; accepted: a whole number from 1 to 1"),
    ("version", 2, "version 2, newer than this program"),
    ("schema_version", 999, "made by a newer ZPD Assess"),
    (
        "engagement.name",
        "n" * 201,
        "engagement.name is 201 characters long; the most accepted is 200",
    ),
    ("engagement.name", 7, "engagement.name must be text"),
    ("engagement.inventory_name", "i" * 10_000, "engagement.inventory_name is 10000 characters"),
    ("engagement.sample_org", "../../etc/passwd", "engagement.sample_org is '../../etc/passwd'"),
    ("engagement.sample_org", "s" * 65, "accepted: null or up to 64 characters"),
    ("engagement.inventory", "not base64!", "engagement.inventory is not valid base64"),
    ("engagement.state", "abc", "engagement.state must be an object"),
    ("engagement.created", "yesterday", "engagement.created is 'yesterday'; accepted: a date"),
    ("snapshots.0.created", "yesterday", "snapshots[0].created is 'yesterday'"),
    ("snapshots.0.label", "l" * 201, "snapshots[0].label is 201 characters long"),
    ("snapshots.0.knowledge_index", "high", "snapshots[0].knowledge_index is 'high'"),
    (
        "workshops.0.status",
        "hacked",
        "workshops[0].status is 'hacked'; accepted: open, revealed, closed",
    ),
    ("workshops.0.dots", -5, "workshops[0].dots is -5; accepted: a whole number from 1 to 20"),
    ("workshops.0.dots", 50, "workshops[0].dots is 50; accepted: a whole number from 1 to 20, or"),
    ("workshops.0.dots", 10**12, "workshops[0].dots is 1000000000000; accepted"),
    ("workshops.0.dots", True, "workshops[0].dots is True"),
    ("workshops.0.questions", [], "workshops[0].questions is empty"),
    ("workshops.0.questions", ["q1", "q1"], "workshops[0].questions repeats an id"),
    (f"{P0}.display_name", "d" * 81, "workshops[0].participants[0].display_name is 'ddd"),
    (f"{P0}.joined", "yesterday", "workshops[0].participants[0].joined is 'yesterday'"),
    (f"{P0}.voted", "soon", "workshops[0].participants[0].voted is 'soon'"),
    (f"{P0}.votes", {"q1": "x"}, "votes['q1'] is 'x'; accepted: a whole number of at least 0"),
    (f"{P0}.votes", {"q1": -1}, "votes['q1'] is -1"),
    (f"{P0}.votes", {"q1": 3, "q2": 3}, "gives 6 dots in all; accepted: at most the workshop's 4"),
    (f"{P0}.votes", {"q9": 1}, "participants[0].votes is 'q9'; accepted: only the workshop's"),
    (f"{P0}.comparisons", [["g1", "g2", 2], ["g2", "g1", 0.5]], "judges g2 vs g1 a second time"),
    (f"{P0}.comparisons", [["g1", "g2", 0]], "comparisons[0][2] is 0; accepted: a positive finite"),
    (f"{P0}.comparisons", [["g1", "g2", "NaN"]], "comparisons[0][2] is 'NaN'"),
    (f"{P0}.comparisons", [["g1", "g9", 2]], "a pair of two different goals of the workshop"),
]


@pytest.mark.parametrize(("path", "value", "message"), TAMPERED, ids=[t[0] for t in TAMPERED])
def test_a_tampered_file_is_refused_with_a_plain_message_and_nothing_is_written(
    tmp_path, path, value, message
):
    store = Store(f"sqlite:///{tmp_path / 'zpd.sqlite'}")
    document = _set(_document(store), path, value)
    before = _counts(store)
    with pytest.raises(StoreError, match=re.escape(message)):
        store.import_engagement(json.dumps(document).encode())
    assert _counts(store) == before


def test_files_that_are_no_engagement_files_are_refused_plainly(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'zpd.sqlite'}")
    cases = {
        b"{}": "Not an engagement file exported by ZPD Assess",
        b"\xff\xfe": "not UTF-8 text",
        b"{nope": "not valid JSON",
        b"[" * 100_000 + b"]" * 100_000: "Not an engagement file",
    }
    for data, message in cases.items():
        with pytest.raises(StoreError, match=re.escape(message)):
            store.import_engagement(data)
    assert store.count(engagements) == 0


def test_an_inventory_over_twenty_megabytes_is_refused_before_decoding(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'zpd.sqlite'}")
    document = _set(
        _document(store),
        "engagement.inventory",
        base64.b64encode(b"\0" * (20 * 2**20 + 1)).decode(),
    )
    with pytest.raises(StoreError, match="the largest accepted is 20 MB"):
        store.import_engagement(json.dumps(document).encode())
    assert store.count(engagements) == 1


def test_the_callers_state_check_runs_before_anything_is_written(store):
    document = _document(store)
    before = _counts(store)
    seen = []

    def refuse(state: dict) -> dict:
        seen.append(state)
        raise ValueError("weights names unknown goal(s) a, b, c")

    data = json.dumps(_set(document, "engagement.state.weights", "abc")).encode()
    with pytest.raises(StoreError, match=r"engagement.state is not valid here: weights names"):
        store.import_engagement(data, validate_state=refuse)
    assert seen == [{"weights": "abc"}]
    assert _counts(store) == before

    def clean(state: dict) -> dict:
        return {**state, "checked": True}

    new_id = store.import_engagement(json.dumps(document).encode(), validate_state=clean)
    assert store.get_engagement(new_id).state == {"weights": {"retention": 1}, "checked": True}


def test_a_valid_file_imports_whole_with_closed_workshops_and_a_new_id(store):
    document = _document(store)
    document["workshops"][0]["status"] = "open"
    document["workshops"][0]["participants"][0]["joined"] = "2026-11-30T10:00:00+02:00"
    before = _counts(store)
    new_id = store.import_engagement(json.dumps(document).encode())
    assert new_id != document["engagement"]["id"]
    after = _counts(store)
    assert {k: after[k] - before[k] for k in after} == {
        "engagements": 1,
        "snapshots": 1,
        "workshops": 1,
        "participants": 1,
        "votes": 2,
        "comparisons": 1,
    }
    [shop] = store.workshops_of(new_id)
    assert shop.status == "closed" and shop.code != document["workshops"][0]["code"]
    [person] = store.participants_of(shop.code)
    assert person.joined.isoformat() == "2026-11-30T08:00:00"  # stored as UTC
    assert store.get_engagement(new_id).inventory == b"attribute,party\n"
    with pytest.raises(StoreError, match="closed"):
        store.join(shop.code, "late")


def test_the_evidence_files_travel_with_the_engagement(store):
    """Issue 14, finding 7: the evidence kept with an engagement is in its file and comes back
    on the other machine; files too large to travel are left out and said so."""
    eid = store.create_engagement("Evidence", {"lang": "he"}, sample_org="urban_retail")
    customers = b"customer_id,age\n1,34\n2,51\n"
    store.save_evidence(eid, "customers", "לקוחות.csv", customers)
    store.save_evidence(eid, "answers", "answers.csv", b"customer_id,q1\n1,yes\n")
    data = store.export_engagement(eid)
    assert store.evidence_left_out(eid) == 0
    copy_id = store.import_engagement(data)
    kept = store.evidence_of(copy_id)
    assert set(kept) == {"customers", "answers"}
    assert kept["customers"].data == customers and kept["customers"].name == "לקוחות.csv"

    document = json.loads(store.export_engagement(eid, evidence_up_to=10))
    assert document["evidence"] == [] and store.evidence_left_out(eid, 10) == len(customers) + 21

    document = json.loads(data)
    document["evidence"][0]["role"] = "passwords"
    with pytest.raises(StoreError, match=r"evidence\[0\]\.role.*customers / answers / run"):
        store.import_engagement(json.dumps(document).encode())
    document["evidence"][0]["role"] = document["evidence"][1]["role"]
    with pytest.raises(StoreError, match="repeats a role"):
        store.import_engagement(json.dumps(document).encode())


def test_the_rooms_ideas_travel_with_the_engagement(store):
    """Issue 15: nothing the room submitted is lost on another machine: ideas, their wording,
    merges, the question each became, who wrote them and whether that is hidden."""
    eid = store.create_engagement("Ideas", {}, sample_org="urban_retail")
    code = store.open_workshop(eid, ["q_life_stage_01"], [], dots=5).code
    dana, noa = store.join(code, "Dana"), store.join(code, "Noa")
    keep = store.submit_idea(code, noa, "What size do you usually wear?")
    twin = store.submit_idea(code, dana, "Ask the clothing size")
    store.submit_idea(code, dana, "לקוחות חוששים שנמכור את המידע שלהם", kind="worry")
    store.curate_idea(code, keep, status="accepted", text_he="באיזו מידה אתם לובשים?",
                      question_id="idea_01")  # fmt: skip
    store.merge_ideas(code, keep, [twin])
    copy_id = store.import_engagement(store.export_engagement(eid))
    (imported,) = store.workshops_of(copy_id)
    got = store.ideas_of(imported.code)
    assert [(i.text, i.status, i.author, i.kind) for i in got] == [
        ("What size do you usually wear?", "accepted", "Noa", "question"),
        ("Ask the clothing size", "merged", "Dana", "question"),
        ("לקוחות חוששים שנמכור את המידע שלהם", "new", "Dana", "worry"),
    ]
    assert got[1].merged_into == got[0].id and got[0].question_id == "idea_01"
    assert got[0].text_he == "באיזו מידה אתם לובשים?" and got[2].lang == "he"

    document = json.loads(store.export_engagement(eid))
    document["workshops"][0]["ideas"][1]["merged_into"] = 999_999
    with pytest.raises(StoreError, match=r"ideas\[1\]\.merged_into.*another idea"):
        store.import_engagement(json.dumps(document).encode())
    document["workshops"][0]["ideas"][1]["merged_into"] = None
    document["workshops"][0]["ideas"][1]["participant"] = 7
    with pytest.raises(StoreError, match=r"ideas\[1\]\.participant"):
        store.import_engagement(json.dumps(document).encode())


def test_an_anonymous_workshop_stays_anonymous_on_another_machine(store):
    eid = store.create_engagement("Anonymous", {}, sample_org="urban_retail")
    code = store.open_workshop(eid, ["q_life_stage_01"], [], dots=5).code
    store.set_anonymous(code, True)
    store.submit_idea(code, store.join(code, "Yossi"), "Ask when the lease ends")
    copy_id = store.import_engagement(store.export_engagement(eid))
    (imported,) = store.workshops_of(copy_id)
    assert imported.anonymous and [i.author for i in store.ideas_of(imported.code)] == [None]
