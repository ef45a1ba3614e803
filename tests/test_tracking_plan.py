"""The tracking plan (issue 19): one customer trait per planned question with its JSON Schema, in
Segment Protocols and RudderStack forms. Every trait schema is itself a valid JSON Schema
(draft-07, the platforms' dialect), takes an answer made of the question's own codes and refuses a
code it does not have; the identify rules of both forms do the same for a whole traits object.
"""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft7Validator
from test_surveys import ALL_ORGS, sample

from zpd_assess import tracking_plan as tp


def good_answer(row, schema: dict):
    """An answer a customer could give: codes from the question's own options."""
    codes = tp.answer_codes(row)
    if schema["type"] == "array":
        exclusive = set(row["exclusive_options"])
        plain = [c for c in codes if c not in exclusive]
        return plain[:2] or codes[:1]
    if "enum" in schema:
        return codes[0]
    if schema["type"] == "number":
        return 3
    if "pattern" in schema:
        return "2027-03"
    return "A few words"


def bad_answer(schema: dict):
    if schema["type"] == "array":
        return ["not_a_code"]
    if "enum" in schema:
        return "not_a_code"
    if schema["type"] == "number":
        return -1
    if "pattern" in schema:
        return "March 2027"
    return "x" * (tp.FREE_TEXT_MAX + 1)


@pytest.mark.slow
@pytest.mark.parametrize("org", ALL_ORGS)
def test_every_planned_question_is_a_trait_that_takes_its_codes_and_refuses_others(org, catalog):
    result, names = sample(org)
    planned = result.plan.questions[result.plan.questions["in_plan"]].sort_values("rank")
    traits = tp.trait_schemas(result)
    assert list(traits) == list(planned["question_id"])
    kinds = set()
    for qid, row in planned.iterrows():
        schema = traits[qid]
        Draft7Validator.check_schema(schema)
        validator = Draft7Validator(schema)
        assert schema["description"] == row["text_en"].strip()
        assert schema["x-description-he"] == row["text_he"].strip()
        codes = tp.answer_codes(row)
        if row["answer_type"] == "multi_choice":
            assert schema["type"] == "array" and schema["items"]["enum"] == codes
        elif codes:
            assert schema == {**schema, "type": "string", "enum": codes}
        kinds.add(schema["type"] if "enum" not in schema else f"enum-{schema['type']}")
        validator.validate(good_answer(row, schema))
        assert not validator.is_valid(bad_answer(schema)), qid
        exclusive = [c for c in row["exclusive_options"] if c in codes]
        if schema["type"] == "array" and exclusive and len(codes) > len(exclusive):
            other = next(c for c in codes if c not in exclusive)
            assert validator.is_valid([exclusive[0]])
            assert not validator.is_valid([other, exclusive[0]]), qid  # "none" goes alone
            assert not validator.is_valid([other, other])  # each code once
    assert kinds & {"enum-string"}
    # the whole plan, as both platforms check an identify call's traits
    segment = tp.segment_tracking_plan(result, catalog, names)
    rudder = tp.rudderstack_tracking_plan(result, catalog, names)
    assert segment["display_name"] == f"{names['en']} — zero-party data"
    assert rudder["name"] == segment["display_name"]
    identify_rules = (segment["rules"]["identify"], rudder["rules"]["events"][0]["rules"])
    assert rudder["rules"]["events"][0]["eventType"] == "identify"
    payload = {"traits": {qid: good_answer(row, traits[qid]) for qid, row in planned.iterrows()}}
    first = str(planned.index[0])
    for rules in identify_rules:
        Draft7Validator.check_schema(rules)
        assert rules["$schema"] == tp.DRAFT_07
        assert rules["properties"]["traits"]["properties"] == traits
        Draft7Validator(rules).validate(payload)
        wrong = {"traits": {**payload["traits"], first: bad_answer(traits[first])}}
        errors = list(Draft7Validator(rules).iter_errors(wrong))
        assert [list(e.absolute_path)[:2] for e in errors] == [["traits", first]]


@pytest.mark.slow
def test_number_date_and_free_text_traits_of_the_samples(catalog):
    cards, _ = sample("shaked_cards")
    retail, _ = sample("urban_retail")
    types = {}
    for result in (cards, retail):
        q = result.plan.questions
        for qid, row in q[q["in_plan"]].iterrows():
            types[row["answer_type"]] = tp.trait_schemas(result)[qid]
    assert {"single_choice", "multi_choice"} <= set(types)
    # no sample plans a number now (the cards' SMS "days abroad" was dropped in panel round 19):
    # the bank's shoe size, as the tag's QR would ask it
    shoe = tp.trait_schema({**catalog.questions.loc["q_retail_shoe_size"].to_dict(),
                            "question_id": "q_retail_shoe_size"})  # fmt: skip
    assert catalog.questions.at["q_retail_shoe_size", "answer_type"] == "number"
    assert shoe["type"] == "number" and shoe["minimum"] == 0
    # no sample plans a free-text question now (filler left out): the schema of one
    free = tp.trait_schema({"question_id": "q_f", "answer_type": "free_text", "text_en": "Why?"})
    assert free["type"] == "string" and free["maxLength"] == tp.FREE_TEXT_MAX
    date = tp.trait_schema({"question_id": "q_x", "answer_type": "date", "text_en": "When?"})
    assert Draft7Validator(date).is_valid("2027-12")
    assert not Draft7Validator(date).is_valid("2027-13")
    yes_no = tp.trait_schema({"question_id": "q_y", "answer_type": "yes_no", "text_en": "Ok?"})
    assert yes_no["enum"] == list(tp.YES_NO_CODES) and "yes" in yes_no["enum"]
    with pytest.raises(tp.TrackingPlanError, match="answer type 'ranking' has no trait type"):
        tp.trait_schema({"question_id": "q_z", "answer_type": "ranking", "text_en": "?"})


@pytest.mark.slow
def test_tracking_plan_files_are_json_in_both_forms(catalog):
    result, names = sample("tavor_bank")
    files = tp.tracking_plan_files(result, catalog, names)
    assert sorted(files) == ["tracking-plan/rudderstack.json", "tracking-plan/segment.json"]
    segment = json.loads(files[tp.SEGMENT_FILE])
    assert segment == tp.segment_tracking_plan(result, catalog, names)
    traits = segment["rules"]["identify"]["properties"]["traits"]["properties"]
    other_banks = traits["q_banking_products_other_banks"]  # a multiple choice: an array
    assert other_banks["type"] == "array" and other_banks["uniqueItems"]
    assert other_banks["items"]["enum"][-1] == "prefer_not_to_say"
    assert (
        "בנק"
        in json.loads(files[tp.RUDDERSTACK_FILE])["rules"]["events"][0]["rules"]["properties"][
            "traits"
        ]["properties"]["q_banking_products_other_banks"]["x-description-he"]
    )
