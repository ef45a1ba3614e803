"""The contact's language first, and the questions after it in the member's language.

Panel rounds 77-95, every health reviewer: the health fund's reminder surveys went out by SMS in
Hebrew, to 93% of its members, before its language question, asked only by the agents (25%
reach) at rank 7. A question that sets the language of the questions after it, for a need of the
brief, now leads the plan and is asked first in each channel that asks it; the questions after it
have Arabic and Russian wordings (``templates/translations.csv``). And the caregiver questions are
asked by the agent in the call in which a caller acts for another member.
"""

from __future__ import annotations

import functools
import shutil

import pytest
from conftest import ROOT, TODAY, refusal, shared_steps

from zpd_assess.assess import Assessment, assess_engagement
from zpd_assess.catalog import FURTHER_LANGUAGES, load_catalog
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.moments import asked_at_event, moment_text, times_a_contact
from zpd_assess.planning.report import CONTACT_LANGUAGE_ANSWERS

CATALOG = load_catalog()


@functools.cache
def sample(org: str) -> Assessment:
    (eng,) = [e for e in sample_engagements() if e.org_id == org]
    intake = load_inventory(eng.inventory_path, CATALOG, today=TODAY)
    return assess_engagement(intake, CATALOG, default_decisions(CATALOG, eng), steps=shared_steps())


def sets_language(qid: str) -> bool:
    return not CONTACT_LANGUAGE_ANSWERS.isdisjoint(CATALOG.questions.at[qid, "answer_list"])


@pytest.mark.slow
def test_the_health_funds_language_question_leads_the_plan_and_each_channel_that_asks_it():
    plan = sample("nofim_health").plan
    planned = plan.questions[plan.questions["in_plan"]].sort_values("rank")
    first = str(planned["question_id"].iloc[0])
    assert first == "q_health_preferred_language_sms"
    assert planned["channel"].iloc[0] == "sms"
    # its follow-up for those who chose another language (the language and the interpreter for
    # visits), then the brief's first need (the reminders)
    assert planned["question_id"].iloc[1:3].tolist() == [
        "q_health_visit_language_sms", "q_health_reminder_way_voice"
    ]  # fmt: skip
    asking = 0
    for channel, row in plan.channels.iterrows():
        asked = [q for group in row["contacts"] for q in group]
        language = [q for q in asked if sets_language(q)]
        # where no question tires the next (a page such as the profile keeps its order)
        tiring = CATALOG.channels.at[channel, "fatigue_after_questions"]
        if not language or tiring < CATALOG.channels.at[channel, "max_questions"]:
            continue
        asking += 1
        # first in the channel's first contact, its follow-ups (the spoken language) after it
        assert row["contacts"][0][0] == language[0], channel
    # the SMS, the agent or the app (round 17: no longer the kiosk, a public screen, under the
    # service-language exception)
    assert asking >= 2


@pytest.mark.slow
def test_the_sms_questions_after_the_language_have_arabic_and_russian_wordings():
    plan = sample("nofim_health").plan
    asked = [q for group in plan.channels.at["sms", "contacts"] for q in group]
    assert sets_language(asked[0])
    for qid in asked[1:]:
        words = CATALOG.translations[qid]
        assert set(words) == {"ar", "ru"}, qid
        options = CATALOG.questions.at[qid, "options_en_list"]
        assert all(len(w.options) == len(options) for w in words.values())
    reminder = CATALOG.translations["q_health_reminder_way_voice"]
    assert reminder["ar"].text.startswith("كيف")
    assert reminder["ru"].options[2].startswith("Звонок с записанным сообщением")


def test_a_translation_with_the_wrong_number_of_options_is_refused_with_its_row(tmp_path):
    for path in (ROOT / "templates").glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "translations.csv").read_text(encoding="utf-8")
    message = refusal(tmp_path, "translations.csv", text.replace("|في أي وقت", "", 1))
    assert "translations.csv row 4 (q_health_reminder_hours / ar): 7 options" in message
    assert "the question has 8" in message
    message = refusal(tmp_path, "translations.csv", text.replace(",ru,", ",de,", 1))
    assert "language must be one of " + ", ".join(FURTHER_LANGUAGES) in message


def test_an_event_seen_in_the_call_times_the_agents_caregiver_contact():
    moment = "health_caller_for_another"
    assert asked_at_event(CATALOG, moment, "q_health_caregiver", "agent_question")
    assert times_a_contact(CATALOG, moment, "q_health_caregiver", "agent_question")
    # a question the event only suits stays on the schedule; a channel that sends is not "seen"
    assert not times_a_contact(CATALOG, moment, "q_health_proxy_access", "agent_question")
    assert not asked_at_event(CATALOG, moment, "q_health_caregiver", "in_app")
    text = moment_text(
        CATALOG, moment, "caregiver_form", "en", "agent_question", "q_health_caregiver"
    )
    assert text.startswith("Asked when a caller acts for another member")
    assert "in that call or visit" in text
    he = moment_text(
        CATALOG, moment, "caregiver_form", "he", "agent_question", "q_health_caregiver"
    )
    assert "באותה שיחה" in he


@pytest.mark.slow
def test_the_health_funds_agent_asks_the_caregiver_when_a_caller_acts_for_another_member():
    row = sample("nofim_health").plan.channels.loc["agent_question"]
    timed = dict(zip(map(tuple, row["contacts"]), row["contact_moments"], strict=True))
    assert timed[("q_health_caregiver", "q_health_proxy_access")] == "health_caller_for_another"
    # the scheduled calls: the language questions first, the reminder questions in the next
    scheduled = [list(g) for g, m in timed.items() if not m]
    assert scheduled[0][0] == "q_health_preferred_language"
    assert "q_health_reminder_way_voice" in scheduled[1]
