"""Surveys for Formbricks and Typeform (issue 19): the plan's order, wording, codes, notices,
consent and skip logic, checked against the tools' published types (tsc), Formbricks' survey
schema and logic rules (tests/schemas, survey_tool_types)."""

from __future__ import annotations

import copy
import io
import json
import zipfile

import pytest
from survey_tool_types import formbricks_schema_errors, typecheck, typeform_logic_errors
from test_surveys import ALL_ORGS, HEBREW, SMALL, planned_ids, sample, small_plan

from zpd_assess import merge_fields, survey_formats, surveys

ORG = {"en": "Acme", "he": "אקמה"}


def by_id(survey: dict) -> dict[str, dict]:
    return {q["id"]: q for q in survey["questions"]}


def test_formbricks_small_plan_codes_notices_and_follow_up_jumps(catalog):
    survey = survey_formats.formbricks_survey(small_plan(catalog), catalog, "in_app", ORG)
    assert survey["name"] == "Acme — Prompt in the mobile app"
    assert [q["id"] for q in survey["questions"]] == [
        "q_future_plans_01",
        "q_credit_cards_flight_booked",
        "q_hobbies_01",
        "q_hobbies_01__specify",
        "q_telecom_streaming_services_held",
    ]
    q = by_id(survey)
    screener = q["q_future_plans_01"]
    assert screener["type"] == "multipleChoiceSingle" and screener["required"] is False
    assert [c["id"] for c in screener["choices"]] == [
        "yes_this_month_or_next",
        "yes_in_2_3_months",
        "yes_in_4_6_months",
        "no",
        "not_sure",
    ]
    assert screener["choices"][3]["label"] == {"default": "No", "he": "לא"}
    purpose = catalog.questions.at["q_future_plans_01", "purpose_he"]
    assert purpose in screener["subheader"]["he"]
    # after the screener: the follow-up only after an answer that leads to it, else past it
    lead, past = screener["logic"]  # in order: the first that holds is taken
    (cond,) = lead["conditions"]["conditions"]
    assert (cond["operator"], cond["rightOperand"]["value"]) == (
        "equalsOneOf",
        ["yes_this_month_or_next", "yes_in_2_3_months", "yes_in_4_6_months"],
    )
    assert lead["actions"][0]["target"] == "q_credit_cards_flight_booked"
    (negated,) = past["conditions"]["conditions"]  # no answer, or "no" or "not sure yet"
    assert [
        (c["operator"], c.get("rightOperand", {}).get("value")) for c in negated["conditions"]
    ] == [("isSkipped", None), ("equalsOneOf", ["no", "not_sure"])]
    assert past["actions"][0]["target"] == "q_hobbies_01"
    # "other (specify)": its text box is skipped unless "other" is chosen
    hobbies = q["q_hobbies_01"]
    (skip,) = hobbies["logic"]
    (negated,) = skip["conditions"]["conditions"]
    assert negated["connector"] == "or"
    assert [c["operator"] for c in negated["conditions"]] == ["isSkipped", "doesNotIncludeOneOf"]
    assert skip["actions"][0]["target"] == "q_telecom_streaming_services_held"
    assert formbricks_schema_errors(survey) == []


def test_formbricks_consent_before_a_special_question_and_its_follow_up(catalog):
    survey = survey_formats.formbricks_survey(small_plan(catalog), catalog, "preference_center")
    q = by_id(survey)
    names = [x["id"] for x in survey["questions"]]
    assert names[-3:] == [  # one subject, one consent: the goal's covers its follow-up
        "q_banking_savings_goal__consent",
        "q_banking_savings_goal",
        "q_banking_savings_horizon",
    ]
    consent = q["q_banking_savings_goal__consent"]
    assert consent["type"] == "consent"
    assert consent["label"]["he"].startswith(
        "אנחנו מסכימים שתשתמשו בתשובה כפי שמתואר למעלה, ובתשובות לשאלות ההמשך שלה"
    )
    # the follow-up shows its own notice, having no consent step to show it
    horizon_notice = catalog.questions.at["q_banking_savings_horizon", "purpose_en"]
    assert horizon_notice[:60] in q["q_banking_savings_horizon"]["subheader"]["default"]
    purpose = catalog.questions.at["q_banking_savings_goal", "purpose_en"]
    assert purpose[:60] in consent["html"]["default"]
    # no consent: past the question, and past its follow-up (its screener went unanswered)
    (rule,) = consent["logic"]
    assert [c["operator"] for c in rule["conditions"]["conditions"]] == ["isSkipped"]
    assert rule["actions"][0]["target"] == survey_formats.END
    # the follow-up is asked only after an answer that leads to it
    goal = q["q_banking_savings_goal"]
    assert [r["actions"][0]["target"] for r in goal["logic"]] == [
        "q_banking_savings_horizon",
        survey_formats.END,
    ]
    assert "exclusive" not in str(survey)  # not expressible in Formbricks
    assert formbricks_schema_errors(survey) == []


def test_typeform_one_form_per_language_with_choice_refs_legal_consent_and_jumps(catalog):
    plan = small_plan(catalog)
    en = survey_formats.typeform_form(plan, catalog, "in_app", "en", ORG)
    he = survey_formats.typeform_form(plan, catalog, "in_app", "he", ORG)
    assert (en["settings"]["language"], he["settings"]["language"]) == ("en", "he")
    assert he["title"] == "אקמה — שאלה באפליקציה"
    assert [f["ref"] for f in en["fields"]] == [f["ref"] for f in he["fields"]]
    screener = he["fields"][0]
    assert screener["title"] == catalog.questions.at["q_future_plans_01", "text_he"]
    assert [c["ref"] for c in screener["properties"]["choices"]][-2:] == ["no", "not_sure"]
    assert screener["properties"]["choices"][-2]["label"] == "לא"
    assert screener["properties"]["allow_multiple_selection"] is False
    jumps = {lg["ref"]: lg["actions"] for lg in he["logic"]}
    first, otherwise = jumps["q_future_plans_01"]
    assert first["condition"]["op"] == "or"
    assert [v["vars"][1]["value"] for v in first["condition"]["vars"]] == [
        "yes_this_month_or_next",
        "yes_in_2_3_months",
        "yes_in_4_6_months",
    ]
    assert first["details"]["to"] == {"type": "field", "value": "q_credit_cards_flight_booked"}
    assert otherwise["condition"]["op"] == "and"  # none of them chosen (or no answer)
    assert {v["op"] for v in otherwise["condition"]["vars"]} == {"is_not"}
    assert otherwise["details"]["to"]["value"] == "q_hobbies_01"
    pc = survey_formats.typeform_form(plan, catalog, "preference_center", "he")
    legal = next(f for f in pc["fields"] if f["ref"] == "q_banking_savings_goal__consent")
    assert legal["type"] == "legal" and HEBREW.search(legal["title"])
    assert typeform_logic_errors(en) == [] and typeform_logic_errors(pc) == []
    with pytest.raises(surveys.SurveyExportError, match="en and he"):
        survey_formats.typeform_form(plan, catalog, "in_app", "fr")


@pytest.mark.slow
def test_the_published_types_take_our_surveys_and_refuse_a_wrong_one(catalog, tmp_path):
    plan = small_plan(catalog)
    docs = {}
    for channel in SMALL:
        docs[f"fb/{channel}"] = (
            "formbricks",
            survey_formats.formbricks_survey(plan, catalog, channel),
        )
        docs[f"tf/{channel}"] = (
            "typeform",
            survey_formats.typeform_form(plan, catalog, channel, "he"),
        )
    assert typecheck(docs, tmp_path / "good") == ""
    wrong_tf = copy.deepcopy(docs["tf/in_app"][1])
    wrong_tf["fields"][0]["type"] = "single_choice"  # not a Typeform field type
    wrong_fb = copy.deepcopy(docs["fb/in_app"][1])
    wrong_fb["questions"][0]["shuffle"] = "all"  # not a Formbricks key
    report = typecheck(
        {"tf": ("typeform", wrong_tf), "fb": ("formbricks", wrong_fb)}, tmp_path / "bad"
    )
    assert "'\"single_choice\"' is not assignable" in report
    assert "'shuffle' does not exist" in report or '"shuffle"' in report
    # Formbricks' schema and logic rules: an operator its choice questions do not take, and a
    # jump back
    broken = copy.deepcopy(docs["fb/in_app"][1])
    rule = broken["questions"][0]["logic"][0]
    rule["conditions"]["conditions"][0]["operator"] = "includesOneOf"
    broken["questions"][2]["logicFallback"] = "q_future_plans_01"
    errors = formbricks_schema_errors(broken)
    assert any("operator includesOneOf on a multipleChoiceSingle" in e for e in errors), errors
    assert any("jump to q_future_plans_01" in e for e in errors), errors


def test_survey_files_and_zip_hold_formbricks_and_typeform(catalog):
    plan = small_plan(catalog)
    data = surveys.surveys_zip(plan, catalog, formats=("formbricks", "typeform"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == [
            "formbricks/in_app.json",
            "formbricks/preference_center.json",
            "typeform/in_app_en.json",
            "typeform/in_app_he.json",
            "typeform/preference_center_en.json",
            "typeform/preference_center_he.json",
        ]
    assert surveys.FORMATS == ("surveyjs", "xlsform", "formbricks", "typeform")


@pytest.mark.slow
@pytest.mark.parametrize("org", ALL_ORGS)
def test_every_sample_survey_passes_the_published_types_and_the_logic_rules(org, catalog, tmp_path):
    assessment, names = sample(org)
    plan = assessment.plan
    docs = {}
    for channel in surveys.survey_channels(assessment):
        ids = planned_ids(plan, channel)
        fb = survey_formats.formbricks_survey(assessment, catalog, channel, names)
        assert formbricks_schema_errors(fb) == [], channel
        assert [q["id"] for q in fb["questions"] if "__" not in q["id"]] == ids
        for q in fb["questions"]:
            if "__" not in q["id"]:
                row = plan.questions.loc[q["id"]]
                assert q["headline"] == {  # a merge field as Formbricks recalls a hidden field
                    lang: merge_fields.fill(catalog, row[f"text_{code}"], code, "formbricks")
                    for lang, code in (("default", "en"), ("he", "he"))
                }
                codes = list(row["option_codes"]) or (
                    ["yes", "no"] if row["answer_type"] == "yes_no" else []
                )
                assert [c["id"] for c in q.get("choices", [])] == codes
        docs[f"formbricks/{channel}"] = ("formbricks", fb)
        for lang in ("en", "he"):
            tf = survey_formats.typeform_form(assessment, catalog, channel, lang, names)
            assert typeform_logic_errors(tf) == [], (channel, lang)
            assert [f["ref"] for f in tf["fields"] if "__" not in f["ref"]] == ids
            docs[f"typeform/{channel}_{lang}"] = ("typeform", tf)
    assert typecheck(docs, tmp_path) == ""


@pytest.mark.slow
def test_cli_export_writes_formbricks_and_typeform(tmp_path, capsys, catalog):
    from conftest import SAMPLES

    from zpd_assess.cli import main

    inv = str(SAMPLES / "nofim_health" / "inventory.xlsx")
    args = ["export", inv, "--format", "formbricks", "--format", "typeform", "--out", str(tmp_path)]
    assert main(args) == 0
    channels = sorted(p.stem for p in (tmp_path / "formbricks").glob("*.json"))
    assert "sms" in channels
    assert sorted(p.stem for p in (tmp_path / "typeform").glob("*.json")) == sorted(
        f"{c}_{lang}" for c in channels for lang in ("en", "he")
    )
    sms = json.loads((tmp_path / "typeform" / "sms_he.json").read_text(encoding="utf-8"))
    assert sms["title"] == "קופת חולים נופים — סקר SMS"
    # the language first (round 96), its "another language" written in a field of its own
    assert [f["ref"] for f in sms["fields"]] == [
        # round 17: closed lists (another language is arranged by a call), no "__specify" field
        "q_health_preferred_language_sms", "q_health_visit_language_sms",
        "q_health_reminder_way_voice", "q_health_reminder_hours",
        "q_health_flu_vaccine_way_sms", "q_health_screening_access_sms"]  # fmt: skip
    assert capsys.readouterr().out.count("Wrote ") == 3 * len(channels)
