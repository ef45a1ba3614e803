"""The record of the team's decisions: one JSON form, checked against the catalogs."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import SAMPLES
from hypothesis import given, settings
from hypothesis import strategies as st

from zpd_assess.decisions import (
    Decisions,
    DecisionsError,
    apply_plan_edits,
    default_decisions,
    next_question_id,
    parse_decisions,
)
from zpd_assess.engagement import load_engagement
from zpd_assess.plan_edits import PlanEdits


def test_a_sample_gives_its_identity_weights_and_channels(catalog):
    eng = load_engagement(SAMPLES / "tavor_bank")
    decisions = default_decisions(catalog, eng)
    assert decisions.identity.name("he") == eng.name_he
    assert decisions.identity.industry == "banking"
    assert decisions.weights == eng.goal_weights
    assert decisions.channels == list(eng.channels)
    assert decisions.settings().industry == "banking"
    assert decisions.brief == list(eng.stated_needs) and len(decisions.brief) >= 3


def test_the_json_form_round_trips_and_is_stable(catalog):
    decisions = default_decisions(catalog, load_engagement(SAMPLES / "urban_retail"))
    decisions.excluded |= {"q_b", "q_a"}
    decisions.inventory_edits[12] = {"coverage": 0.7}
    decisions.budgets["web_popup"] = (4, 40)
    form = decisions.as_json()
    # the sample's own exclusions too
    assert form["excluded"] == [
        "q_a",
        "q_b",
        "q_retail_club_benefit",
        "q_retail_disliked_styles",
        "q_retail_home_style",
    ]
    assert form["inventory_edits"] == {"12": {"coverage": 0.7}}
    assert json.loads(json.dumps(form)) == form
    again = parse_decisions(form, catalog)
    assert again.as_json() == form
    assert again.inventory_edits == {12: {"coverage": 0.7}}
    assert again.budgets["web_popup"] == (4.0, 40.0)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weights": {"world_peace": 1.0}}, "weights"),
        ({"weights": {"retention": "abc"}}, "weights.retention"),
        ({"weights": {"retention": -1}}, "weights.retention"),
        ({"channels": ["carrier_pigeon"]}, "channels"),
        ({"vote_weight": 7}, "vote_weight"),
        ({"pinned": {"q_x": "fax"}}, "pinned.q_x"),
        ({"placed": {"q_x": "fax"}}, "placed.q_x"),
        ({"ahp": {"retention|retention": 3}}, "ahp"),
        ({"relevance": {"retention|life_stage": 9}}, "relevance.retention|life_stage"),
        ({"inferability": {"life_stage": 1.5}}, "inferability.life_stage"),
        ({"identity": {"industry": "mining"}}, "identity.industry"),
        ({"workshop": [{"question_id": "w 1", "text_en": "x", "topics": ["hobbies"]}]},
         "workshop[0].question_id"),
        ({"workshop": [{"question_id": "w_01", "text_en": "a", "topics": ["hobbies"]},
                       {"question_id": "w_01", "text_en": "b", "topics": ["hobbies"]}]},
         "workshop[1].question_id"),
        ({"surprise": 1}, "surprise"),
    ],
)  # fmt: skip
def test_a_bad_decision_is_refused_naming_its_field(catalog, change, field):
    with pytest.raises(DecisionsError) as caught:
        parse_decisions({**Decisions().as_json(), **change}, catalog)
    assert str(caught.value).startswith(field), str(caught.value)
    assert "accepted" in str(caught.value)


def test_an_old_engagement_saying_telco_reads_as_telecom(catalog):
    old = {**Decisions().as_json(), "identity": {"industry": "telco;retail"}}
    assert parse_decisions(old, catalog).identity.industry == "telecom;retail"


def test_an_edited_plan_is_merged_once_with_ids_kept_unique_and_pins_following(catalog):
    decisions = Decisions(
        workshop=[{"question_id": "team_01", "text_en": "older", "topics": ["hobbies"]}]
    )
    due = dt.date(2027, 1, 31)
    edits = PlanEdits(
        excluded=frozenset({"q_gone"}),
        order=("team_01", "q_kept"),
        channels={"team_01": "in_app", "q_kept": None},
        team={"team_01": {"owner": "Dana", "due": due}},
        wording={"q_kept": {"text_en": "Better words"}},
        added=({"question_id": "team_01", "text_en": "new", "topics": ["hobbies"]},),
    )
    merged = apply_plan_edits(decisions, edits, catalog)
    assert [w["question_id"] for w in merged.workshop] == ["team_01", "team_01_2"]
    assert merged.pinned == {"team_01_2": "in_app", "q_kept": None}
    assert merged.team == {"team_01_2": {"owner": "Dana", "due": due}}
    assert merged.excluded == {"q_gone"}
    assert merged.wording == {"q_kept": {"text_en": "Better words"}}
    assert decisions.workshop[0]["text_en"] == "older" and len(decisions.workshop) == 1
    parse_decisions(merged.as_json(), catalog)  # the merge is a valid state


@settings(max_examples=60, deadline=None)
@given(st.sets(st.from_regex(r"w_[0-9]{2}", fullmatch=True), max_size=30))
def test_the_next_question_id_is_free_and_the_first_free_one(taken):
    new = next_question_id(taken)
    assert new not in taken
    number = int(new.split("_")[1])
    assert all(f"w_{n:02d}" in taken for n in range(1, number))
