"""Issue 16, "learn from the consultant's fixes": a topic fixed in the grid is remembered by the
attribute's name, follows that name into the next version of the client's file (whatever its
row) and, when the firm's memory is used, into the next client's file; topics given in the file
are never overridden, and special sensitivity is never cleared by a fix."""

from __future__ import annotations

import pytest
from conftest import SAMPLES, TODAY

from zpd_assess.assess import assess_engagement, map_inventory
from zpd_assess.decisions import MAX_ITEMS, Decisions, DecisionsError, parse_decisions
from zpd_assess.intake import IntakeResult, load_inventory
from zpd_assess.store import Store
from zpd_assess.topic_memory import (
    MAX_NAME_KEY,
    REMEMBERED,
    TopicMemoryError,
    apply_remembered,
    name_key,
    remembered_counts,
    remembered_fixes,
)


@pytest.fixture(scope="module")
def intake(catalog) -> IntakeResult:
    return load_inventory(SAMPLES / "urban_retail" / "inventory.xlsx", catalog, today=TODAY)


@pytest.fixture(scope="module")
def mapped(intake, catalog, mapper):
    return map_inventory(intake, catalog, mapper)[0]


def _at(inventory, row: int):
    return inventory.set_index("row").loc[row]


@pytest.mark.parametrize(
    "variant",
    ["contact shoe size c", "CONTACT-SHOE-SIZE-C", "Contact.ShoeSize.C", "contact  shoe_size (c)",
     "ContactShoeSizeC", "Contact.Shoe_Size__c?"],
)  # fmt: skip
def test_a_name_meets_its_vendor_spellings(variant):
    assert name_key("Contact.Shoe_Size__c") == "contact shoe size c"
    assert name_key(variant) == "contact shoe size c"


def test_name_keys_keep_different_names_apart_and_read_coded_names_by_description():
    assert name_key("shoe_size") != name_key("shoe_size_kids")
    assert name_key("מצב_משפחתי") == name_key("מַצָּב משפחתי") == "מצב משפחתי"
    # final letter forms fold: a name typed with a regular letter at the end still meets
    assert name_key("שם_פרטים") == name_key("שמ פרטימ")
    # a coded survey column says nothing by itself: its description is part of its key
    assert name_key("Q13") == ""
    assert name_key("Q13", "How satisfied are you with our service?") == (
        "q 13 :: how satisfied are you with our service"
    )
    assert name_key("Q13", "Preferred store") != name_key("Q13", "How satisfied are you?")
    assert name_key("  ") == "" and name_key(None) == ""
    assert name_key("x" * MAX_NAME_KEY) == "x" * MAX_NAME_KEY
    assert name_key("x" * (MAX_NAME_KEY + 1)) == ""


def test_remembered_fixes_are_the_topic_edits_by_name(mapped):
    edits = {
        71: {"topics": ["hobbies"], "coverage": 0.4},  # gift_card_purchases
        28: {"party": "zero"},  # no topic: not a fix to remember
        7: {"topics": ["life_stage"]},  # dob, whose topic the file gave
        999: {"topics": ["hobbies"]},  # no such row in this file
    }
    assert remembered_fixes(mapped, edits) == {
        "gift card purchases": ["hobbies"],
        "dob": ["life_stage"],
    }
    assert remembered_fixes(mapped, {}) == {}
    with pytest.raises(TopicMemoryError, match="1 to 10 distinct topic ids"):
        remembered_fixes(mapped, {71: {"topics": ["hobbies", "hobbies"]}})


def test_a_remembered_fix_takes_an_auto_row_and_never_a_given_one(mapped, catalog):
    before = _at(mapped, 79)
    assert (before["topic_source"], before["needs_review"]) == ("auto", True)
    assert before["topics"] == ["leisure_preferences"] and before["mapping_confidence"] < 0.7
    assert before["mapping_review_reason"] == "low_confidence"
    memory = {"pc home style": ["product_preferences", "spend_value"], "dob": ["life_stage"]}
    out = apply_remembered(mapped, memory, "engagement", catalog)
    fixed = _at(out, 79)
    assert fixed["topics"] == ["product_preferences", "spend_value"]
    assert fixed["topic_source"] == REMEMBERED == "remembered"
    assert fixed["remembered_from"] == "engagement"
    assert fixed["mapping_confidence"] == 1.0 and not fixed["needs_review"]
    assert fixed["mapping_review_reason"] == ""
    # the mapper's own suggestion stays beside it, for a second opinion
    assert fixed["mapped_topic"] == "leisure_preferences"
    # the file gave dob's topic: it stays
    assert _at(out, 7)["topics"] == ["demographics"] and _at(out, 7)["topic_source"] == "given"
    # nothing else moved, and the input is not changed
    others = out["row"] != 79
    assert out.loc[others, "topics"].tolist() == mapped.loc[others, "topics"].tolist()
    assert _at(mapped, 79)["topic_source"] == "auto"
    assert remembered_counts(out) == {"engagement": 1, "firm": 0}
    assert remembered_counts(mapped) == {"engagement": 0, "firm": 0}


def test_special_sensitivity_stays_flagged_whatever_the_fix(mapped, catalog):
    income = _at(mapped, 95)  # lifegraph_hh_income: auto-mapped to a special topic
    assert income["topic_source"] == "auto" and income["special_review"]
    assert income["sensitivity_category"]
    zip_code = _at(mapped, 10)  # zip: auto-mapped to location, not special
    assert zip_code["topic_source"] == "auto" and not zip_code["special_review"]
    memory = {"lifegraph hh income": ["spend_value"], "zip": ["health_wellbeing"]}
    out = apply_remembered(mapped, memory, "firm", catalog)
    # moved away from the special topic: still flagged, with its category
    assert _at(out, 95)["topics"] == ["spend_value"]
    assert _at(out, 95)["special_review"]
    assert _at(out, 95)["sensitivity_category"] == income["sensitivity_category"]
    # moved onto a special topic: flagged now, for the topic
    assert _at(out, 10)["special_review"]
    assert _at(out, 10)["sensitivity_matched"] == "topic:health_wellbeing"
    assert (
        _at(out, 10)["sensitivity_category"]
        == catalog.topic_records["health_wellbeing"]["sensitivity_category"]
    )
    # without the catalog, flags are still never cleared
    bare = apply_remembered(mapped, memory, "firm")
    assert _at(bare, 95)["special_review"] and not _at(bare, 10)["special_review"]


def test_the_engagement_memory_comes_before_the_firm_memory(mapped, catalog):
    out = apply_remembered(mapped, {"gift card purchases": ["hobbies"]}, "engagement", catalog)
    out = apply_remembered(
        out, {"gift card purchases": ["spend_value"], "zip": ["retired_topic", "location"]},
        "firm", catalog,
    )  # fmt: skip
    assert _at(out, 71)["topics"] == ["hobbies"] and _at(out, 71)["remembered_from"] == "engagement"
    # a topic the catalog no longer has is dropped from the firm's fix
    assert _at(out, 10)["topics"] == ["location"] and _at(out, 10)["remembered_from"] == "firm"
    assert remembered_counts(out) == {"engagement": 1, "firm": 1}
    with pytest.raises(TopicMemoryError, match="accepted: engagement, firm"):
        apply_remembered(mapped, {}, "team")


def _reordered(intake: IntakeResult) -> IntakeResult:
    """The client's next version of the file: the same attributes, rows in reverse order."""
    inv = intake.inventory.iloc[::-1].reset_index(drop=True).copy()
    inv["row"] = list(range(2, 2 + len(inv)))
    return IntakeResult(inventory=inv, warnings=(), source_name="urban_retail_v2.xlsx")


def test_a_fix_follows_its_name_into_the_next_version_of_the_file(intake, catalog, mapper):
    from zpd_assess.assess import Steps

    decisions = Decisions(weights=dict(catalog.default_goal_weights()))
    decisions.topic_fixes = {"gift card purchases": ["spend_value"]}
    first = assess_engagement(intake, catalog, decisions, steps=Steps(mapper))
    assert _at(first.inventory, 71)["topics"] == ["spend_value"]
    # the fixed row no longer asks for review
    assert not [w for w in first.warnings if w.kind == "mapping_low_confidence" and w.row == 71]

    again = _reordered(intake)
    moved = int(again.inventory.loc[again.inventory["attribute"] == "gift_card_purchases",
                                    "row"].iloc[0])  # fmt: skip
    assert moved != 71
    second = assess_engagement(again, catalog, decisions, steps=Steps(mapper))
    assert _at(second.inventory, moved)["topics"] == ["spend_value"]
    assert _at(second.inventory, moved)["topic_source"] == "remembered"
    # the attribute now at row 71 keeps its own topic
    assert _at(second.inventory, 71)["attribute"] != "gift_card_purchases"
    assert _at(second.inventory, 71)["topic_source"] != "remembered"
    assert (
        second.scores.topics["knowledge"].round(9).equals(first.scores.topics["knowledge"].round(9))
    )
    # a fix by row comes after the fixes by name, and wins
    decisions.inventory_edits = {moved: {"topics": ["hobbies"]}}
    third = assess_engagement(again, catalog, decisions, steps=Steps(mapper))
    assert _at(third.inventory, moved)["topics"] == ["hobbies"]
    assert _at(third.inventory, moved)["topic_source"] == "given"


def test_the_firm_memory_helps_the_next_client(intake, catalog, mapper):
    from zpd_assess.assess import Steps

    decisions = Decisions(weights=dict(catalog.default_goal_weights()))
    plain = assess_engagement(intake, catalog, decisions, steps=Steps(mapper))
    helped = assess_engagement(
        intake, catalog, decisions, steps=Steps(mapper),
        firm_fixes={"pc home style": ["product_preferences"], "dob": ["hobbies"]},
    )  # fmt: skip
    assert _at(plain.inventory, 79)["topics"] == ["leisure_preferences"]
    assert _at(helped.inventory, 79)["topics"] == ["product_preferences"]
    assert _at(helped.inventory, 79)["remembered_from"] == "firm"
    assert _at(helped.inventory, 7)["topics"] == ["demographics"]  # given in the file
    assert helped.knowledge_index != plain.knowledge_index


def test_decisions_keep_topic_fixes_and_refuse_bad_ones(catalog):
    good = {"topic_fixes": {"gift card purchases": ["spend_value", "hobbies"]}}
    decisions = parse_decisions(good, catalog)
    assert decisions.topic_fixes == {"gift card purchases": ["spend_value", "hobbies"]}
    assert decisions.as_json()["topic_fixes"] == good["topic_fixes"]
    assert parse_decisions(decisions.as_json(), catalog).topic_fixes == decisions.topic_fixes
    assert parse_decisions({}, catalog).topic_fixes == {}
    cases = [
        ({"shoe size": ["no_such_topic"]}, "does not have"),
        ({"shoe size": []}, "gives 0 topics"),
        ({"shoe size": ["hobbies"] * 2}, "1 to 10 distinct"),
        ({"shoe size": [f"t{i}" for i in range(11)]}, "1 to 10 distinct"),
        ({"": ["hobbies"]}, f"1 to {MAX_NAME_KEY} characters"),
        ({"x" * 201: ["hobbies"]}, f"1 to {MAX_NAME_KEY} characters"),
        ({"shoe\nsize": ["hobbies"]}, "control characters"),
        ({"shoe size": "hobbies"}, "topic_fixes.shoe size is 'hobbies'"),
        ({f"name {i}": ["hobbies"] for i in range(MAX_ITEMS + 1)}, f"at most {MAX_ITEMS}"),
    ]
    for fixes, message in cases:
        with pytest.raises(DecisionsError, match=message):
            parse_decisions({"topic_fixes": fixes}, catalog)


def test_an_engagement_file_carries_its_topic_fixes(tmp_path, catalog):
    store = Store(f"sqlite:///{tmp_path / 'zpd.sqlite'}")
    state = parse_decisions(
        {"topic_fixes": {"gift card purchases": ["spend_value"]}}, catalog
    ).as_json()
    eid = store.create_engagement("Urban", state, sample_org="urban_retail")
    store.remember_topic_fixes(eid, state["topic_fixes"])
    data = store.export_engagement(eid)
    copy = store.import_engagement(data, validate_state=lambda s: parse_decisions(s, catalog)
                                   .as_json())  # fmt: skip
    assert store.get_engagement(copy).state["topic_fixes"] == {
        "gift card purchases": ["spend_value"]
    }
    # the firm's memory is the firm's, not the engagement's: a file does not add to it twice
    assert store.firm_topic_fixes() == {"gift card purchases": ["spend_value"]}
    store.engine.dispose()
