"""merge_states: a three-way merge of two edits of an engagement's state loses nothing."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zpd_assess.store import merge_states

BASE = {
    "weights": {"retention": 1.0, "cross_sell": 0.5},
    "excluded": ["q_a"],
    "vote_weight": 0.0,
    "workshop": [
        {"question_id": "w_01", "text_he": "א", "answer_type": "single_choice"},
    ],
    "pinned": {"q_b": "email"},
}


def test_each_side_keeps_what_only_it_changed():
    mine = copy.deepcopy(BASE)
    theirs = copy.deepcopy(BASE)
    mine["weights"]["retention"] = 0.2
    mine["vote_weight"] = 0.5
    theirs["weights"]["cross_sell"] = 0.9
    theirs["channels"] = ["email"]
    del theirs["pinned"]
    merged, conflicts = merge_states(BASE, mine, theirs)
    assert conflicts == []
    assert merged == {
        "weights": {"retention": 0.2, "cross_sell": 0.9},
        "excluded": ["q_a"],
        "vote_weight": 0.5,
        "workshop": BASE["workshop"],
        "channels": ["email"],
    }


def test_the_same_scalar_changed_on_both_sides_goes_to_mine_and_is_named():
    mine = {**copy.deepcopy(BASE), "vote_weight": 0.3}
    theirs = {**copy.deepcopy(BASE), "vote_weight": 0.7}
    mine["weights"]["retention"] = 0.1
    theirs["weights"]["retention"] = 0.9
    merged, conflicts = merge_states(BASE, mine, theirs)
    assert merged["vote_weight"] == 0.3 and merged["weights"]["retention"] == 0.1
    assert conflicts == ["weights.retention", "vote_weight"]


def test_room_questions_merge_by_id_and_a_clash_of_new_ids_renumbers_mine():
    mine = copy.deepcopy(BASE)
    theirs = copy.deepcopy(BASE)
    mine["workshop"].append({"question_id": "w_02", "text_he": "mine"})
    theirs["workshop"].append({"question_id": "w_02", "text_he": "theirs"})
    theirs["workshop"].append({"question_id": "w_03", "text_he": "theirs too"})
    mine["workshop"][0]["text_he"] = "reworded by me"
    theirs["workshop"][0]["answer_type"] = "multi_choice"
    merged, conflicts = merge_states(BASE, mine, theirs)
    assert conflicts == []
    assert merged["workshop"] == [
        {"question_id": "w_01", "text_he": "reworded by me", "answer_type": "multi_choice"},
        {"question_id": "w_02", "text_he": "theirs"},
        {"question_id": "w_03", "text_he": "theirs too"},
        {"question_id": "w_04", "text_he": "mine"},  # w_03 was taken: the next free number
    ]


def test_items_with_an_id_key_merge_and_a_removal_against_an_edit_keeps_the_edit():
    base = {"items": [{"id": "a_1", "v": 1}, {"id": "a_2", "v": 2}, {"id": "a_3", "v": 3}]}
    mine = {"items": [{"id": "a_1", "v": 10}, {"id": "a_3", "v": 3}]}  # edits a_1, drops a_2
    theirs = {"items": [{"id": "a_2", "v": 2}, {"id": "a_3", "v": 30}]}  # drops a_1, edits a_3
    merged, conflicts = merge_states(base, mine, theirs)
    assert merged == {"items": [{"id": "a_1", "v": 10}, {"id": "a_3", "v": 30}]}
    assert conflicts == ["items[a_1]"]  # removed by them, edited by me: kept, and said


def test_lists_of_plain_values_merge_as_sets():
    base = {"excluded": ["q1", "q2"]}
    merged, conflicts = merge_states(
        base, {"excluded": ["q1", "q2", "q3"]}, {"excluded": ["q2", "q4"]}
    )
    assert (merged, conflicts) == ({"excluded": ["q2", "q3", "q4"]}, [])


def test_a_value_deleted_on_one_side_and_changed_on_the_other_is_kept():
    merged, conflicts = merge_states({"a": 1, "b": 2}, {"b": 2}, {"a": 5, "b": 2})
    assert merged == {"a": 5, "b": 2} and conflicts == ["a"]
    merged, conflicts = merge_states({"a": 1}, {}, {})
    assert merged == {} and conflicts == []


def test_the_inputs_are_not_changed():
    mine = {**copy.deepcopy(BASE), "workshop": [{"question_id": "w_01", "text_he": "m"}]}
    theirs = {**copy.deepcopy(BASE), "workshop": [{"question_id": "w_01", "text_he": "t"}]}
    before = copy.deepcopy((BASE, mine, theirs))
    merged, _ = merge_states(BASE, mine, theirs)
    merged["workshop"][0]["text_he"] = "changed after"
    assert (BASE, mine, theirs) == before


# --- properties ------------------------------------------------------------------------------

scalars = st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=3)
keys = st.sampled_from(["a", "b", "c", "weights", "workshop"])
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(keys, inner, max_size=3)
        | st.lists(
            st.fixed_dictionaries({"id": st.sampled_from(["w_01", "w_02", "w_03"]), "v": inner}),
            max_size=3,
        )
    ),
    max_leaves=8,
)
states = st.dictionaries(keys, json_values, max_size=4)


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(base=states, other=states)
def test_merging_with_an_unchanged_side_returns_the_other_side(base, other):
    assert merge_states(base, base, other) == (other, [])
    assert merge_states(base, other, base) == (other, [])
    assert merge_states(base, other, other) == (other, [])


@pytest.mark.slow
@settings(max_examples=150, deadline=None)
@given(base=states, mine=states, theirs=states)
def test_a_key_changed_on_one_side_only_keeps_that_change(base, mine, theirs):
    merged, conflicts = merge_states(base, mine, theirs)
    for key in set(base) | set(mine) | set(theirs):
        b, m, t = base.get(key, "<none>"), mine.get(key, "<none>"), theirs.get(key, "<none>")
        if m == b and t != b:
            assert merged.get(key, "<none>") == t
        if t == b and m != b:
            assert merged.get(key, "<none>") == m
    assert all(isinstance(c, str) and c for c in conflicts)
