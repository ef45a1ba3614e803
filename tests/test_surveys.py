"""Surveys that run (issue 19): the plan per channel as SurveyJS JSON and as XLSForm (Formbricks
and Typeform: test_survey_formats.py).

The XLSForms are converted by pyxform and checked by ODK Validate (JavaRosa, bundled with
pyxform; it needs Java); the SurveyJS surveys are checked for their structure here and run in a
real browser with the SurveyJS library in test_browser_surveyjs.py.
"""

from __future__ import annotations

import functools
import html
import io
import json
import re
import shutil
import time
import xml.etree.ElementTree as ET
import zipfile

import pandas as pd
import pytest
from conftest import TODAY, shared_steps
from openpyxl import load_workbook

from zpd_assess import merge_fields, surveys
from zpd_assess.assess import Assessment, Steps, assess_engagement
from zpd_assess.catalog import YES_NO_CODES, load_catalog
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.notices import feeds_offers
from zpd_assess.planning.model import Plan

HEBREW = re.compile(r"[\u0590-\u05FF]")
ALL_ORGS = ("kinor_telecom", "nofim_health", "shaked_cards", "shalom_insurance", "tavor_bank",
            "urban_retail")  # fmt: skip
XF = "{http://www.w3.org/2002/xforms}"


def require_pyxform():
    try:
        from pyxform.xls2xform import convert
    except ImportError as exc:  # a missing dependency fails, never skips
        raise AssertionError(
            "pyxform is required for the XLSForm tests: .venv/bin/pip install pyxform==4.5.0"
        ) from exc
    assert shutil.which("java"), (
        "ODK Validate (bundled with pyxform) needs Java: apt-get install -y default-jre-headless"
    )
    return convert


@functools.cache
def _steps() -> Steps:
    return shared_steps()


@functools.cache
def sample(
    org: str,
    pins: tuple[tuple[str, str], ...] = (),
    budgets: tuple[tuple[str, tuple[float, float]], ...] = (),
) -> tuple[Assessment, dict[str, str]]:
    """A sample organisation's assessment as the app computes it, and its names; with
    questions pinned to channels and channel budgets set, as the team sets them."""
    catalog = load_catalog()
    (eng,) = [e for e in sample_engagements() if e.org_id == org]
    decisions = default_decisions(catalog, eng)
    decisions.pinned.update(dict(pins))
    decisions.budgets.update(dict(budgets))
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    result = assess_engagement(intake, catalog, decisions, steps=_steps())
    return result, {"en": eng.name_en, "he": eng.name_he}


def planned_ids(plan: Plan, channel: str) -> list[str]:
    return [str(q) for q in plan.channels.at[channel, "question_ids"]]


def test_every_sample_organisation_is_covered():
    assert sorted(e.org_id for e in sample_engagements()) == sorted(ALL_ORGS)


# --- a small plan of bank questions (fast) --------------------------------------------------------

SMALL = {
    "in_app": ["q_future_plans_01", "q_credit_cards_flight_booked",
               "q_hobbies_01", "q_telecom_streaming_services_held"],
    "preference_center": ["q_identity_contact_03", "q_retail_shops_for",
                          "q_retail_child_birth_month_year", "q_demographics_01",
                          "q_banking_savings_goal", "q_banking_savings_horizon"],
}  # fmt: skip


def small_plan(catalog, channels: dict[str, list[str]] = SMALL) -> Plan:
    """A plan holding bank questions as the planner writes them (lists for the options)."""
    records = []
    for channel, ids in channels.items():
        for position, qid in enumerate(ids, start=1):
            q = catalog.questions.loc[qid]
            records.append({
                "question_id": qid, "source": "bank", "text_en": q["text_en"],
                "text_he": q["text_he"], "answer_type": q["answer_type"],
                "options_en": list(q["options_en_list"]), "options_he": list(q["options_he_list"]),
                "option_codes": list(q["option_code_list"]),
                "exclusive_options": list(q["exclusive_list"]),
                "other_specify": q["other_specify"], "randomise": bool(q["randomise"]),
                "anchored_options": list(q["anchored_list"]),
                "skip_if": q["skip_if"], "follows": q["follows"],
                "value_exchange_en": q["value_exchange_en"],
                "value_exchange_he": q["value_exchange_he"], "purpose_en": q["purpose_en"],
                "purpose_he": q["purpose_he"], "sensitivity": q["sensitivity"],
                "sensitivity_category": q["sensitivity_category"], "in_plan": True,
                "channel": channel, "position": position,
            })  # fmt: skip
    questions = pd.DataFrame.from_records(records).set_index("question_id", drop=False)
    frame = pd.DataFrame(
        {"channel_id": list(channels), "question_ids": list(channels.values())}
    ).set_index("channel_id", drop=False)
    return Plan(questions, frame, pd.DataFrame(), {}, 0.0, pd.DataFrame(), ())


def elements(survey: dict) -> list[dict]:
    return [e for page in survey["pages"] for e in page["elements"]]


def test_surveyjs_small_plan_codes_exclusive_follow_ups_and_notices(catalog):
    plan = small_plan(catalog)
    survey = surveys.surveyjs_survey(plan, catalog, "in_app", {"en": "Acme", "he": "אקמה"})
    assert survey["title"] == {"default": "Acme — Prompt in the mobile app",
                               "he": "אקמה — שאלה באפליקציה"}  # fmt: skip
    by_name = {e["name"]: e for e in elements(survey)}
    assert [e["name"] for e in elements(survey)] == [
        "q_future_plans_01__notice", "q_future_plans_01",
        "q_credit_cards_flight_booked__notice", "q_credit_cards_flight_booked",
        "q_hobbies_01__notice", "q_hobbies_01",
        "q_hobbies_01__specify",
        "q_telecom_streaming_services_held__notice", "q_telecom_streaming_services_held",
        surveys.MARKETING_OPT_IN,
    ]  # fmt: skip
    screener = by_name["q_future_plans_01"]
    assert screener["type"] == "radiogroup" and screener["isRequired"] is False
    assert [c["value"] for c in screener["choices"]] == [
        "yes_this_month_or_next", "yes_in_2_3_months", "yes_in_4_6_months", "no",
        "not_sure"]  # fmt: skip
    assert screener["choices"][3]["text"] == {"default": "No", "he": "לא"}
    assert "visibleIf" not in screener
    # the follow-up: asked once the screener has an answer other than "no" or "not sure yet"
    follow = by_name["q_credit_cards_flight_booked"]
    assert follow["visibleIf"] == (
        "{q_future_plans_01} anyof "
        "['yes_this_month_or_next', 'yes_in_2_3_months', 'yes_in_4_6_months']"
    )
    assert by_name["q_credit_cards_flight_booked__notice"]["visibleIf"] == follow["visibleIf"]
    # "other (specify)": a coded option and a text box shown when it is chosen
    hobbies = by_name["q_hobbies_01"]
    assert hobbies["type"] == "checkbox"
    assert [c["value"] for c in hobbies["choices"]][-2:] == ["other", "none"]  # rule 27
    specify = by_name["q_hobbies_01__specify"]
    assert specify["visibleIf"] == "{q_hobbies_01} anyof ['other']"
    assert specify["title"] == {"default": "Please specify", "he": "נא לפרט"}
    # options that exclude the others, exactly those the bank marks
    streaming = by_name["q_telecom_streaming_services_held"]
    assert [c["value"] for c in streaming["choices"] if c.get("isExclusive")] == [
        "no_paid_service"]  # fmt: skip
    # the purpose notice, escaped, in both languages, right before its question
    notice = by_name["q_future_plans_01__notice"]["html"]
    purpose = catalog.questions.at["q_future_plans_01", "purpose_he"]
    assert notice["he"] == f"{surveys.NOTICE_OPEN}{html.escape(purpose, quote=False)}</p>"
    assert by_name["q_future_plans_01"]["description"]["he"] == catalog.questions.at[
        "q_future_plans_01", "value_exchange_he"]  # fmt: skip
    assert survey["clearInvisibleValues"] == "onHidden"


def test_surveyjs_yes_no_date_number_and_a_multi_choice_screener(catalog):
    # the contact person: a yes/no (the mobile-number check became a choice with "Not sure"
    # in knowledge-base round 39)
    channels = {"preference_center": ["q_identity_contact_04", *SMALL["preference_center"]]}
    survey = surveys.surveyjs_survey(small_plan(catalog, channels), catalog, "preference_center")
    by_name = {e["name"]: e for e in elements(survey)}
    yes_no = by_name["q_identity_contact_04"]
    assert [c["value"] for c in yes_no["choices"]] == list(YES_NO_CODES)
    assert yes_no["choices"][0]["text"] == {"default": "Yes", "he": "כן"}
    # a child's card only for those who shop for children: the screener is a multi_choice, and
    # answers that are only "myself", "partner", ... do not lead to it
    child = by_name["q_retail_child_birth_month_year"]
    assert child["visibleIf"] == (
        "{q_retail_shops_for} anyof ['babies', 'girls', 'boys', 'teen_girls', 'teen_boys']"
    )
    assert (child["type"], child["inputType"]) == ("text", "month")
    year = by_name["q_demographics_01"]
    assert (year["type"], year["inputType"], year["min"]) == ("text", "number", 0)
    assert not any(n.endswith(surveys.CONSENT_SUFFIX) for n in list(by_name)[:-7])


def test_surveyjs_asks_explicit_consent_before_a_special_sensitivity_question(catalog):
    """The notices of special-sensitivity questions promise to ask for explicit consent before
    the answer: the survey asks it, and shows the question only once it is given. One subject,
    one consent (panel round 55): the savings goal's consent covers its follow-up, the horizon,
    and says so; the horizon's own notice is still shown before it."""
    survey = surveys.surveyjs_survey(small_plan(catalog), catalog, "preference_center")
    names = [e["name"] for e in elements(survey) if e["name"] != surveys.MARKETING_OPT_IN]
    assert names[-5:] == [
        "q_banking_savings_goal__notice", "q_banking_savings_goal__consent",
        "q_banking_savings_goal", "q_banking_savings_horizon__notice",
        "q_banking_savings_horizon",
    ]  # fmt: skip
    by_name = {e["name"]: e for e in elements(survey)}
    consent = by_name["q_banking_savings_goal__consent"]
    assert (consent["type"], consent["renderAs"], consent["isRequired"]) == (
        "boolean", "checkbox", False)  # fmt: skip
    assert consent["label"] == {
        "default": "I agree that you use my answer as described above, and my answers to the "
        "questions that follow from it as each one's notice describes. I can skip any of them.",
        "he": "אנחנו מסכימים שתשתמשו בתשובה כפי שמתואר למעלה, ובתשובות לשאלות ההמשך שלה כפי "
        "שמתואר בהודעה של כל אחת מהן. אפשר לדלג על כל אחת מהן.",
    }
    assert "visibleIf" not in consent
    assert by_name["q_banking_savings_goal"]["visibleIf"] == (
        "{q_banking_savings_goal__consent} = true"
    )
    leads = (
        "{q_banking_savings_goal} anyof ['safety_cushion', 'buying_home', 'children_future', "
        "'car_another_big_purchase', 'retirement', 'growing_wealth', 'another_goal']"
    )
    # the goal is shown only with the consent given: so is the horizon, which follows its answer
    assert by_name["q_banking_savings_horizon__notice"]["visibleIf"] == leads
    assert by_name["q_banking_savings_horizon"]["visibleIf"] == leads
    assert len(surveys.survey_questions(survey)) == len(SMALL["preference_center"])


#: The bank's savings chain and what it holds elsewhere, pinned to its app with room for them
#: (its own plan gave the app's room to the salary and mortgage questions in round 25).
BANK_APP_CHAINS = dict(
    pins=tuple((q, "in_app") for q in (
        "q_banking_savings_goal", "q_banking_savings_horizon", "q_banking_loss_tolerance",
        "q_banking_products_other_banks", "q_banking_other_bank_deposit_maturity",
        "q_banking_job_change_salary")),
    budgets=(("in_app", (8.0, 150.0)),),
)  # fmt: skip


def test_unrelated_special_subjects_keep_a_consent_each(catalog):
    """Explicit consent is given per purpose: the bank's app asks one consent for the savings
    chain (goal, horizon, loss tolerance) and another for the products held elsewhere and when
    the deposit there ends; a question not special (the job change) asks none."""
    assessment, _ = sample("tavor_bank", **BANK_APP_CHAINS)
    asked = {q.question_id: q for q in surveys.channel_questions(assessment, catalog, "in_app")}
    goal = asked["q_banking_savings_goal"]
    assert goal.own_consent and goal.covers == (
        "q_banking_savings_horizon", "q_banking_loss_tolerance")  # fmt: skip
    assert asked["q_banking_loss_tolerance"].covered_by == "q_banking_savings_goal"
    assert not asked["q_banking_loss_tolerance"].own_consent
    elsewhere = asked["q_banking_products_other_banks"]
    assert elsewhere.own_consent
    assert elsewhere.covers == ("q_banking_other_bank_deposit_maturity",)
    assert (
        asked["q_banking_other_bank_deposit_maturity"].covered_by
        == "q_banking_products_other_banks"
    )
    job = asked["q_banking_job_change_salary"]
    assert not job.own_consent and not job.covered_by
    survey = surveys.surveyjs_survey(assessment, catalog, "in_app")
    consents = [e["name"] for e in elements(survey)
                if e["name"].endswith(surveys.CONSENT_SUFFIX)]  # fmt: skip
    # one consent per subject (the salary and mortgage questions the plan asks here have theirs);
    # none for a question its chain's consent covers
    assert {"q_banking_products_other_banks__consent",
            "q_banking_savings_goal__consent"} <= set(consents)  # fmt: skip
    covered = (
        "q_banking_savings_horizon",
        "q_banking_loss_tolerance",
        "q_banking_other_bank_deposit_maturity",
        "q_banking_job_change_salary",
    )
    assert not {f"{q}{surveys.CONSENT_SUFFIX}" for q in covered} & set(consents)
    assert len(consents) == len(set(consents))


def test_a_contact_request_leaves_to_a_follow_up_asked_with_it_the_answers_that_lead_there(
    catalog,
):
    """Round 69 (bank): "I intend to move my salary" told to an agent or the IVR led to no
    contact, as the question's request was kept for the answers its follow-up does not take. In
    the service process, which asks the follow-up ("what would keep it here?") and its own
    request, the question's request is asked after the other answers only; where the follow-up
    is not asked, after every answer."""
    assessment, _ = sample("tavor_bank")
    lead, follow_up = "q_banking_salary_switch_intent", "q_banking_salary_what_would_keep"

    def requests(channel):
        asked = {q.question_id: q for q in surveys.channel_questions(assessment, catalog, channel)}
        return asked, asked.get(lead + surveys.CONTACT_SUFFIX)

    flow, own = requests("transactional_flow")
    assert follow_up in flow and follow_up + surveys.CONTACT_SUFFIX in flow
    taken = set(flow[follow_up].ask_codes or ())
    assert taken == {"maybe_comparing_offers", "yes_intend_move"}
    assert own is not None and set(own.ask_codes or ()) == {"no_account_stays", "prefer_not_to_say"}
    for channel in ("agent_question",):  # the IVR asks it no more: special since round 25
        asked, own = requests(channel)
        assert follow_up not in asked, channel
        assert own is not None and own.ask_codes is None, channel  # after every answer


def test_a_follow_up_whose_screener_is_elsewhere_is_asked_of_everyone_and_reported(catalog):
    plan = small_plan(catalog, {"in_app": ["q_credit_cards_flight_booked"],
                                "sms": ["q_future_plans_01"]})  # fmt: skip
    survey = surveys.surveyjs_survey(plan, catalog, "in_app")
    assert "visibleIf" not in surveys.survey_questions(survey)[0]
    assert surveys.unlinked_follow_ups(plan) == [
        ("q_credit_cards_flight_booked", "q_future_plans_01", "in_app")
    ]
    assert surveys.unlinked_follow_ups(small_plan(catalog)) == []


def test_unknown_channel_and_format_are_refused_with_what_is_accepted(catalog):
    plan = small_plan(catalog)
    with pytest.raises(surveys.SurveyExportError, match="in_app, preference_center"):
        surveys.surveyjs_survey(plan, catalog, "ivr_survey")
    with pytest.raises(surveys.SurveyExportError, match="known: surveyjs, xlsform"):
        surveys.surveys_zip(plan, catalog, formats=("surveyjs", "pdf"))


def test_xlsform_small_plan_sheets_languages_relevant_and_constraints(catalog):
    data = surveys.xlsform(small_plan(catalog), catalog, "in_app", {"en": "Acme Bank", "he": "x"})
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["survey", "choices", "settings"]
    rows = [dict(zip([c.value for c in wb["survey"][1]], [c.value for c in r], strict=True))
            for r in wb["survey"].iter_rows(min_row=2)]  # fmt: skip
    assert [(r["type"], r["name"]) for r in rows] == [
        ("note", "q_future_plans_01__notice"),
        ("select_one q_future_plans_01", "q_future_plans_01"),
        ("note", "q_credit_cards_flight_booked__notice"),
        ("select_one q_credit_cards_flight_booked", "q_credit_cards_flight_booked"),
        ("note", "q_hobbies_01__notice"),
        ("select_multiple q_hobbies_01", "q_hobbies_01"),
        ("text", "q_hobbies_01__specify"),
        ("note", "q_telecom_streaming_services_held__notice"),
        ("select_multiple q_telecom_streaming_services_held", "q_telecom_streaming_services_held"),
    ]  # fmt: skip
    follow = rows[3]
    assert follow["relevant"] == (
        "selected(${q_future_plans_01}, 'yes_this_month_or_next') or "
        "selected(${q_future_plans_01}, 'yes_in_2_3_months') or "
        "selected(${q_future_plans_01}, 'yes_in_4_6_months')"
    )
    assert follow["label::Hebrew (he)"] == catalog.questions.at[
        "q_credit_cards_flight_booked", "text_he"]  # fmt: skip
    assert rows[8]["constraint"] == "(not(selected(., 'no_paid_service')) or count-selected(.) = 1)"
    assert rows[6]["relevant"] == "selected(${q_hobbies_01}, 'other')"
    choices = [[c.value for c in r] for r in wb["choices"].iter_rows(min_row=2)]
    assert ["q_future_plans_01", "no", "No", "לא"] in choices
    settings = [c.value for c in wb["settings"][2]]
    assert settings == ["Acme Bank — Prompt in the mobile app", "acme_bank_in_app", "1",
                        "English (en)"]  # fmt: skip
    assert "or_other" not in " ".join(str(r["type"]) for r in rows)
    # a special-sensitivity question: an acknowledge row for consent, and the question after it
    data = surveys.xlsform(small_plan(catalog), catalog, "preference_center")
    sheet = load_workbook(io.BytesIO(data))["survey"]
    rows = [dict(zip([c.value for c in sheet[1]], [c.value for c in r], strict=True))
            for r in sheet.iter_rows(min_row=2)]  # fmt: skip
    by_name = {r["name"]: r for r in rows}
    consent = by_name["q_banking_savings_goal__consent"]
    assert consent["type"] == "acknowledge" and consent["relevant"] is None
    assert consent["label::Hebrew (he)"].startswith("אנחנו מסכימים שתשתמשו בתשובה כפי שמתואר למעלה")
    assert by_name["q_banking_savings_goal"]["relevant"] == (
        "${q_banking_savings_goal__consent} = 'OK'"
    )
    horizon = by_name["q_banking_savings_horizon"]["relevant"]
    assert horizon.startswith("selected(${q_banking_savings_goal}, 'safety_cushion') or ")
    assert "q_banking_savings_horizon__consent" not in by_name  # the goal's consent covers it
    many = "I agree that you use my answer as described above, and my answers to"
    assert consent["label::English (en)"].startswith(many)


def test_xlsform_small_plans_convert_and_a_broken_form_is_refused(catalog):
    convert = require_pyxform()
    from pyxform.errors import PyXFormError

    plan = small_plan(catalog)
    for channel in SMALL:
        warnings: list[str] = []
        convert(surveys.xlsform(plan, catalog, channel), warnings=warnings, file_type=".xlsx")
        assert warnings == []
    wb = load_workbook(io.BytesIO(surveys.xlsform(plan, catalog, "in_app")))
    wb["survey"]["A3"].value = "select_one no_such_list"
    broken = io.BytesIO()
    wb.save(broken)
    with pytest.raises(PyXFormError, match="no_such_list"):
        convert(broken.getvalue(), warnings=[], file_type=".xlsx")


def test_surveys_zip_holds_a_file_per_channel_and_format_and_is_stable(catalog):
    plan = small_plan(catalog)
    data = surveys.surveys_zip(plan, catalog, organisation="Acme")
    time.sleep(1.1)  # a second later: openpyxl stamps the time of saving
    assert data == surveys.surveys_zip(plan, catalog, organisation="Acme")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert sorted(zf.namelist()) == [
            "formbricks/in_app.json", "formbricks/preference_center.json",
            "surveyjs/in_app.json", "surveyjs/preference_center.json",
            "typeform/in_app_en.json", "typeform/in_app_he.json",
            "typeform/preference_center_en.json", "typeform/preference_center_he.json",
            "xlsform/in_app.xlsx", "xlsform/preference_center.xlsx",
        ]  # fmt: skip
        inside = json.loads(zf.read("surveyjs/in_app.json"))
    assert inside == surveys.surveyjs_survey(plan, catalog, "in_app", "Acme")
    only = surveys.survey_files(plan, catalog, formats=("xlsform",))
    assert sorted(only) == ["xlsform/in_app.xlsx", "xlsform/preference_center.xlsx"]


# --- every sample organisation (the planner's real plans) ----------------------------------------


def _he(loc: dict) -> str:
    assert set(loc) == {"default", "he"}, loc
    assert HEBREW.search(loc["he"]), loc
    return loc["he"]


@pytest.mark.slow
@pytest.mark.parametrize("org", ALL_ORGS)
def test_sample_surveyjs_surveys_follow_the_plan(org, catalog):
    assessment, names = sample(org)
    plan = assessment.plan
    documents = surveys.surveyjs_surveys(assessment, catalog, names)
    assert list(documents) == surveys.survey_channels(assessment)
    assert len(documents) >= 3
    planned = plan.questions[plan.questions["in_plan"]]
    asks = len(planned) + sum(len(again) for again in planned["repeats"])
    again = {(r["question_id"], r["channel"]): r for rs in planned["repeats"] for r in rs}
    assert sum(len(surveys.survey_questions(s)) for s in documents.values()) == asks
    follow_ups = hebrew_choices = all_choices = 0
    for channel, survey in documents.items():
        json.dumps(survey)  # plain JSON
        ids = planned_ids(plan, channel)
        questions = surveys.survey_questions(survey)
        assert [q["name"] for q in questions] == ids  # the plan's asking order
        _he(survey["title"])
        names_so_far: list[str] = []
        for element in elements(survey):
            name = element["name"]
            if "visibleIf" in element:
                named = re.findall(r"\{(\w+)\}", element["visibleIf"])
                # what the host says of the customer, or an element asked before
                known = [*names_so_far, surveys.CONSENT_ON_FILE]
                assert named and all(n in known for n in named), (name, element)
            if name.endswith(surveys.NOTICE_SUFFIX):
                qid = name.removesuffix(surveys.NOTICE_SUFFIX)
                row = plan.questions.loc[qid]
                # the notice as read in this channel (a question asked here again has its own)
                own = row["in_plan"] and row["channel"] == channel
                said = row["purpose_he"] if own else again[(qid, channel)]["purpose_he"]
                purpose = html.escape(said, quote=False)
                assert purpose in _he(element["html"])
            names_so_far.append(name)
        for q in questions:
            row = plan.questions.loc[q["name"]]
            assert q["isRequired"] is False
            # a merge field ([last 4 digits of the card]) as SurveyJS fills it: {card_last4}
            assert _he(q["title"]) == merge_fields.fill(catalog, row["text_he"], "he", "surveyjs")
            assert q["title"]["default"] == merge_fields.fill(
                catalog, row["text_en"], "en", "surveyjs"
            )
            before = names_so_far.index(q["name"])
            special = row["sensitivity"] == "special"
            own = q["name"] + surveys.CONSENT_SUFFIX in names_so_far
            if special and not own:  # covered by the consent of the question it follows
                assert row["follows"] in names_so_far[:before], q["name"]
            parts = ([surveys.NOTICE_SUFFIX, surveys.CONSENT_SUFFIX] if own
                     else [surveys.NOTICE_SUFFIX])  # fmt: skip
            assert names_so_far[before - len(parts) : before] == [q["name"] + p for p in parts]
            codes = list(row["option_codes"]) or (
                list(YES_NO_CODES) if row["answer_type"] == "yes_no" else []
            )
            assert [c["value"] for c in q.get("choices", [])] == codes
            if row["answer_type"] != "yes_no":
                assert [c["text"] for c in q.get("choices", [])] == [
                    {"default": en, "he": he}
                    for en, he in zip(row["options_en"], row["options_he"], strict=True)
                ]
            texts = [c["text"]["he"] for c in q.get("choices", [])]
            hebrew_choices += sum(bool(HEBREW.search(t)) for t in texts)
            all_choices += len(texts)
            assert [c["value"] for c in q.get("choices", []) if c.get("isExclusive")] == [
                c for c in codes if c in row["exclusive_options"]
            ]
            if row["follows"] and row["follows"] in ids[: ids.index(q["name"])]:
                follow_ups += 1
                assert "{" + row["follows"] + "}" in q["visibleIf"]
                skipped = set(row["skip_if"].partition(":")[2].split(";")) - {""}
                assert not any(f"'{c}'" in q["visibleIf"] for c in skipped)
    assert hebrew_choices > 0.7 * all_choices  # the rest: times, numbers, brand names
    assert follow_ups >= 1  # every sample plan asks a follow-up after its screener
    assert surveys.unlinked_follow_ups(assessment) == []


@pytest.mark.slow
@pytest.mark.parametrize("org", ALL_ORGS)
def test_sample_xlsforms_convert_with_pyxform_and_odk_validate(org, catalog):
    convert = require_pyxform()
    assessment, names = sample(org)
    plan = assessment.plan
    for channel, data in surveys.xlsforms(assessment, catalog, names).items():
        warnings: list[str] = []
        result = convert(data, warnings=warnings, file_type=".xlsx", validate=True)
        assert warnings == [], (channel, warnings)
        root = ET.fromstring(result.xform)
        languages = [t.get("lang") for t in root.iter(f"{XF}translation")]
        assert languages == ["English (en)", "Hebrew (he)"]
        (hebrew,) = [t for t in root.iter(f"{XF}translation") if t.get("lang") == "Hebrew (he)"]
        # a merge field is an <output> of its hidden field: the text around it is the value's
        hebrew_texts = " ".join("".join(v.itertext()) for v in hebrew.iter(f"{XF}value"))
        ids = planned_ids(plan, channel)
        (data_node,) = [i[0] for i in root.iter(f"{XF}instance") if i.get("id") is None]
        fields = [c.tag.removeprefix(XF) for c in data_node if c.tag != f"{XF}meta"]
        hidden = [f for f in fields if f in catalog.merge_fields.index]  # set by the sender
        assert fields[: len(hidden)] == hidden
        assert [f for f in fields[len(hidden) :] if "__" not in f] == ids
        binds = {b.get("nodeset").removeprefix("/data/"): b for b in root.iter(f"{XF}bind")}
        for qid in ids:
            row = plan.questions.loc[qid]
            written = merge_fields.fill(catalog, row["text_he"], "he", "xlsform")
            assert re.sub(r"\$\{\w+\}", "", written) in hebrew_texts
            assert binds[qid + surveys.NOTICE_SUFFIX].get("readonly") == "true()"
            if row["follows"] and row["follows"] in ids[: ids.index(qid)]:
                assert f"/data/{row['follows']} " in binds[qid].get("relevant"), qid
            if row["sensitivity"] == "special":
                relevant = binds[qid].get("relevant")
                # its own consent, or the consent of the question it follows (one subject)
                root = row["follows"] if f"{qid}__consent" not in binds else qid
                assert f"{qid}__consent" in binds or f"/data/{root} " in relevant, qid
                if root == qid:
                    assert re.search(rf"/data/{qid}__consent\s*= 'OK'", relevant), (qid, relevant)
            if list(row["exclusive_options"]) and row["answer_type"] == "multi_choice":
                assert "count-selected(.) = 1" in binds[qid].get("constraint"), qid


@pytest.mark.slow
def test_sample_bundle_and_skip_logic_of_a_real_plan(catalog):
    assessment, names = sample("tavor_bank", **BANK_APP_CHAINS)
    survey = surveys.surveyjs_survey(assessment, catalog, "in_app", names)
    by_name = {e["name"]: e for e in elements(survey)}
    # the savings horizon is not asked of those who save nothing now or say nothing (the
    # goal's consent covers it: the horizon of savings is financial activity too)
    horizon = by_name["q_banking_savings_horizon"]["visibleIf"]
    assert horizon.startswith("{q_banking_savings_goal} anyof [")
    assert "not_saving_right_now" not in horizon and "prefer_not_to_say" not in horizon
    assert "'buying_home'" in horizon
    assert "q_banking_savings_horizon__consent" not in by_name
    data = surveys.surveys_zip(assessment, catalog, organisation=names)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        files = sorted(zf.namelist())
    channels = surveys.survey_channels(assessment)
    assert files == sorted([f"surveyjs/{c}.json" for c in channels]
                           + [f"xlsform/{c}.xlsx" for c in channels]
                           + [f"formbricks/{c}.json" for c in channels]
                           + [f"typeform/{c}_{lang}.json" for c in channels
                              for lang in ("en", "he")])  # fmt: skip


def test_a_survey_whose_answers_feed_offers_ends_with_an_unticked_marketing_opt_in(catalog):
    """Panel round 28 (telecom): every offer says "only if you have agreed to receive marketing
    messages", and nothing asked for that agreement where the answer is given (Communications
    Law s. 30A). A survey asking such a question ends with an opt-in: the channels the customer
    chooses, none ticked, after one of those questions is answered, and only where the host has
    no consent on file. Not in SMS or WhatsApp, which carry advertising only with consent given."""
    plan = small_plan(catalog)
    survey = surveys.surveyjs_survey(plan, catalog, "in_app")
    *questions, opt_in = elements(survey)
    assert opt_in["name"] == surveys.MARKETING_OPT_IN
    assert opt_in["type"] == "checkbox" and opt_in["isRequired"] is False
    assert "defaultValue" not in opt_in  # nothing ticked for the customer
    assert [c["value"] for c in opt_in["choices"]] == list(surveys.OPT_IN_CHANNELS)
    for lang, key in (("en", "default"), ("he", "he")):
        assert opt_in["title"][key] == catalog.text("survey.marketing_opt_in", lang)
        assert [c["text"][key] for c in opt_in["choices"]] == [
            catalog.text(f"survey.opt_in_{c}", lang) for c in surveys.OPT_IN_CHANNELS
        ]
    offered = [q for q in surveys.channel_questions(plan, catalog, "in_app")
               if feeds_offers(q.notice["en"], "en")]  # fmt: skip
    assert offered
    shown_after = re.findall(r"\{(\w+)\} notempty", opt_in["visibleIf"])
    assert shown_after == [q.question_id for q in offered]
    assert opt_in["visibleIf"].startswith(f"{{{surveys.CONSENT_ON_FILE}}} != true and (")
    assert opt_in["name"] not in {e["name"] for e in surveys.survey_questions(survey)}
    assert all(e["name"] != surveys.MARKETING_OPT_IN for e in questions)
    # no opt-in where the message itself needs the consent, nor where no answer feeds offers
    for channel in surveys.NEEDS_CONSENT_TO_SEND:
        if channel in surveys.survey_channels(plan):
            names = {e["name"] for e in elements(surveys.surveyjs_survey(plan, catalog, channel))}
            assert surveys.MARKETING_OPT_IN not in names
