"""A contact the customer asks for right after his answer (``templates/contact_requests.csv``).

Issue 12, panel rounds 51–54: the bank's reviewers (both, two rounds) and the insurer's read
offers that promise a banker's call or a renewal offer while every notice made them wait for
the customer's consent to marketing messages: "a customer without consent answers and hears
nothing, and will feel baited. Put a 'Yes, contact me about this' request on the answer screen.
A requested contact is a service request, not advertising." A question whose offer promises a
contact is followed, in every survey format and script, by a yes/no that asks for it, after the
answers that lead to it; its notice says what the request allows; the plan's Excel says it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from functools import cache

import openpyxl
import pytest
from conftest import refusal, shared_steps

from zpd_assess import scripts, survey_formats, surveys
from zpd_assess.assess import Assessment, assess_engagement
from zpd_assess.catalog import contact_answers, load_catalog
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.notices import (
    CONTACT_REQUEST_SENTENCE,
    CONTACT_REQUEST_SERVICE_SENTENCE,
    NO_MARKETING_SENTENCE,
    OFFERS_SENTENCE,
    SPECIAL_OFFERS_SENTENCE,
    with_contact_request,
)
from zpd_assess.planning.pool import _with_contact_requests
from zpd_assess.workbook import plan_workbook

TODAY = dt.date(2026, 11, 29)
KEEP = "q_banking_salary_what_would_keep"
KEEP_CONTACT = KEEP + surveys.CONTACT_SUFFIX


@cache
def sample(org: str) -> Assessment:
    catalog = load_catalog()
    (eng,) = [e for e in sample_engagements() if e.org_id == org]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    return assess_engagement(intake, catalog, default_decisions(catalog, eng), steps=shared_steps())


def test_the_catalog_refuses_a_request_it_cannot_ask(tmp_path):
    message = refusal(
        tmp_path,
        "contact_requests.csv",
        "question_id,industry,answers,ask_en,ask_he,yes_en,yes_he\n"
        "q_nothing_like_it,banking,,Call you?,להתקשר?,Yes,כן\n"
        f"{KEEP},banking,maybe_later,Call you?,להתקשר?,Yes,כן\n"
        f"{KEEP},retail,,Call you?,,Yes,כן\n"
        f"{KEEP},fishing,,Call you?,להתקשר?,Yes,כן\n",
    )
    assert "question 'q_nothing_like_it' is not in questions.csv" in message
    assert "answers maybe_later are not codes of the question (lower_fees_better_fee," in message
    assert f"({KEEP} / retail): write ask_he" in message
    assert (
        f"({KEEP} / fishing): industry must be 'all' (every industry the question is asked in)"
        in message
    )


def test_the_answers_that_lead_to_the_request():
    codes = ("a", "b", "none", "prefer_not_to_say")
    assert contact_answers(codes, ("none",), ()) == ("a", "b")  # not after an opt-out answer
    assert contact_answers(codes, (), ("b",)) == ("b",)  # the catalog names them
    assert contact_answers(("a", "b"), (), ()) is None  # every answer leads to it
    assert contact_answers((), (), ()) is None  # a question without codes: after any answer


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_notice_says_what_the_request_allows(lang):
    offers = f"We ask this to help you. {OFFERS_SENTENCE[lang]} You can delete it."
    written = with_contact_request(offers, lang)
    assert f"{OFFERS_SENTENCE[lang]} {CONTACT_REQUEST_SENTENCE[lang]} You can" in written
    assert with_contact_request(written, lang) == written  # said once
    service = f"We ask this. {NO_MARKETING_SENTENCE[lang]}. You can delete it."
    assert f"{CONTACT_REQUEST_SERVICE_SENTENCE[lang]} You can" in with_contact_request(
        service, lang
    )


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_planned_question_with_a_request_says_so_in_its_notice(lang):
    plan = sample("tavor_bank").plan.questions
    keep = plan.loc[KEEP]
    assert keep["in_plan"]
    assert keep["contact_ask_en"] == "Would you like a retention banker to call you about this?"
    assert keep["contact_ask_he"] == "תרצו שבנקאי שימור יתקשר אליכם בעניין הזה?"
    # special since round 25 (a plan to move the salary account is financial activity)
    assert (
        f"{SPECIAL_OFFERS_SENTENCE[lang]} {CONTACT_REQUEST_SENTENCE[lang]}"
        in keep[f"purpose_{lang}"]
    )
    # a question without a request says nothing of one
    savings = plan.loc["q_banking_savings_goal"]
    assert savings["contact_ask_en"] == ""
    assert CONTACT_REQUEST_SENTENCE[lang] not in savings[f"purpose_{lang}"]
    # the retailer's plan promises no contact: none is asked
    retail = sample("urban_retail").plan.questions
    assert (retail.loc[retail["in_plan"], "contact_ask_en"] == "").all()


def test_every_survey_format_asks_for_the_contact_right_after_the_answer():
    bank = sample("tavor_bank")
    catalog = load_catalog()
    channel = str(bank.plan.questions.at[KEEP, "channel"])
    asked = surveys.channel_questions(bank, catalog, channel)
    ids = [q.question_id for q in asked]
    assert ids[ids.index(KEEP) + 1] == KEEP_CONTACT
    request = asked[ids.index(KEEP_CONTACT)]
    # not after "nothing would keep it: I've decided" nor "prefer not to say"
    assert request.ask_codes is not None
    assert "nothing_decided_move" not in request.ask_codes
    assert "prefer_not_to_say" not in request.ask_codes
    assert "lower_fees_better_fee" in request.ask_codes
    assert request.options["en"] == ("Yes, call me within one business day", "No, thanks")
    assert request.options["he"] == ("כן, התקשרו אליי בתוך יום עסקים", "לא, תודה")

    # SurveyJS: a yes/no shown only after the answers that lead to it
    survey = surveys.surveyjs_survey(bank, catalog, channel)
    elements = {e["name"]: e for e in survey["pages"][0]["elements"]}
    element = elements[KEEP_CONTACT]
    assert element["type"] == "radiogroup"
    assert [c["value"] for c in element["choices"]] == ["yes", "no"]
    assert element["title"]["he"] == "תרצו שבנקאי שימור יתקשר אליכם בעניין הזה?"
    assert element["visibleIf"].startswith(f"{{{KEEP}}} anyof [")
    assert "'nothing_decided_move'" not in element["visibleIf"]
    # XLSForm: the same, as a relevant on the question's answer
    rows = surveys.xlsform_rows(bank, catalog, channel)["survey"]
    (row,) = [r for r in rows if r["name"] == KEEP_CONTACT]
    assert row["type"].startswith("select_one")
    assert f"selected(${{{KEEP}}}, 'lower_fees_better_fee')" in row["relevant"]
    assert "nothing_decided_move" not in row["relevant"]
    # Formbricks and Typeform: a question of its own, after the answer (and its "other" detail)
    formbricks = survey_formats.formbricks_survey(bank, catalog, channel)
    names = [q["id"] for q in formbricks["questions"]]
    after = [KEEP, KEEP + surveys.SPECIFY_SUFFIX, KEEP_CONTACT]
    assert names[names.index(KEEP) : names.index(KEEP) + 3] == after
    typeform = survey_formats.typeform_form(bank, catalog, channel, "he")
    refs = [f["ref"] for f in typeform["fields"]]
    assert refs[refs.index(KEEP) : refs.index(KEEP) + 3] == after


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_agent_asks_for_the_call_back_and_the_opening_counts_it(lang):
    cards = sample("shaked_cards")
    catalog = load_catalog()
    script = scripts.channel_script(cards, catalog, "agent_question", lang)
    ids = [s.question_id for s in script.steps]
    reason = "q_credit_cards_switch_reason_voice"
    assert ids[ids.index(reason) + 1] == reason + surveys.CONTACT_SUFFIX
    step = script.steps[ids.index(reason) + 1]
    assert [r.code for r in step.replies] == ["yes", "no"]
    # put through on the call the customer is on (round 62: "the agent is already on the line")
    expected = {"en": "put you through to our card-retention team now", "he": "להעביר אתכם עכשיו"}
    assert expected[lang] in step.text
    # the opening counts every ask the customer hears, the call-back request too (round 18:
    # "up to two short questions", then three were asked; until then a request was not counted)
    session = next(x for x in script.sessions if reason in x.step_ids)
    asked = len([i for i in session.step_ids if not i.endswith("__consent")])
    assert reason + surveys.CONTACT_SUFFIX in session.step_ids
    number = scripts._number_words(asked, catalog, lang)
    assert number in session.opening, (asked, session.opening)


def test_the_request_is_not_queued_as_a_question_of_its_own():
    from zpd_assess.customer_queue import _slots

    slots = _slots(sample("tavor_bank"), load_catalog())
    assert slots and not [s for s in slots if s.question_id.endswith(surveys.CONTACT_SUFFIX)]


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_plan_workbook_says_the_request_under_the_answers(lang):
    catalog = load_catalog()
    data = plan_workbook(sample("tavor_bank"), catalog, lang, today=TODAY)
    ws = openpyxl.load_workbook(io.BytesIO(data))[catalog.text("sheet.questions", lang)]
    header = [c.value for c in ws[1]]
    qid_col = header.index(catalog.text("col.question_id", lang))
    answers_col = header.index(catalog.text("col.answers", lang))
    (row,) = [r for r in ws.iter_rows(min_row=2, values_only=True) if r[qid_col] == KEEP]
    cell = str(row[answers_col])
    ask = {"en": "Would you like a retention banker", "he": "תרצו שבנקאי שימור"}
    assert ask[lang] in cell
    after = {"en": "(only after: ", "he": "(רק אחרי: "}
    assert after[lang] in cell
    marketing = {"en": "without waiting for consent", "he": "בלי לחכות להסכמה"}
    assert marketing[lang] in cell


def test_the_consent_record_says_how_to_keep_the_request_as_proof():
    """Panel round 56 (telecom): keep each "yes, call me" with its time and channel as the proof
    of consent. The question's consent record carries its contact request: the wording, the codes,
    the law, and what the platform records; a question without one carries none."""
    from zpd_assess import consent_records as cr

    bank = sample("tavor_bank")
    records = {
        r["identifier"].split(":")[1]: r
        for r in cr.consent_records(bank, load_catalog(), {"en": "Tavor Bank"})["@graph"]
    }
    request = records[KEEP]["contactRequest"]
    assert request["@type"] == "zpd:ContactRequest"
    assert request["label"]["he"] == "תרצו שבנקאי שימור יתקשר אליכם בעניין הזה?"
    assert request["answerCodes"] == ["yes", "no"]
    assert request["dpv:hasApplicableLaw"] == [cr.COMMUNICATIONS_LAW]
    assert '("Yes, call me within one business day")' in request["description"]["en"]
    assert "time, the channel and the survey or script version" in request["description"]["en"]
    assert "«כן, התקשרו אליי בתוך יום עסקים»" in request["description"]["he"]
    assert "contactRequest" not in records["q_banking_savings_goal"]
    assert cr.CONSENT_CONTEXT["contactRequest"] == {"@id": "zpd:contactRequest"}


def test_a_request_for_all_industries_serves_those_without_their_own():
    """House style 19 (knowledge-base round 26): a rating's call-back is open to everyone
    whatever the rating, so every industry that asks the question asks for the call; an
    industry's own request, where it writes one, wins."""
    catalog = load_catalog()
    qid = "q_satisfaction_01"
    everyone = catalog.contact_requests[(qid, "all")]
    bank = catalog.questions
    for industry in ("banking", "health", "retail"):
        asked = _with_contact_requests(bank, catalog, [industry])
        assert asked.at[qid, "contact_ask_en"] == everyone.ask["en"]
        assert asked.at[qid, "contact_ask_he"] == everyone.ask["he"]
        assert "we contact you about this only" in asked.at[qid, "purpose_en"]
    own = replace(
        everyone, industry="banking", ask={"en": "A banker calls?", "he": "שבנקאי יתקשר?"}
    )
    mine = catalog.replace(contact_requests={**catalog.contact_requests, (qid, "banking"): own})
    asked = _with_contact_requests(bank, mine, ["banking"])
    assert asked.at[qid, "contact_ask_en"] == "A banker calls?"
    assert (
        _with_contact_requests(bank, mine, ["health"]).at[qid, "contact_ask_en"]
        == (everyone.ask["en"])
    )
    # the rating questions whose offer promises a call have their request
    for rated in ("q_generic_recommend", "q_insurance_claim_experience_score",
                  "q_health_visit_score", "q_credit_cards_dispute_experience"):  # fmt: skip
        assert any(q == rated for q, _ in catalog.contact_requests), rated
