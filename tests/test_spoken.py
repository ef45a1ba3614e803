"""The phone's time: the planner counts what a spoken channel says, and the scripts' calls fit.

The scripts review of 2026-12-02 found every sample's calls over their channel's limit (an
agent's 30 s closing slot held 34–90 s of opening, notice, consent and questions): the plan
counted only the answering time of a written question.
"""

from __future__ import annotations

import math

import pytest
from test_surveys import ALL_ORGS, sample

from zpd_assess import scripts
from zpd_assess.planning.spoken import (
    opening_seconds,
    question_room,
    question_speaking_seconds,
    said_in_call_language,
)


def _question(catalog, qid: str) -> dict:
    row = catalog.questions.loc[qid].to_dict()
    row["question_id"] = qid
    return row


@pytest.fixture(scope="module")
def samples():
    return {org: sample(org) for org in ALL_ORGS}


def test_every_scripted_call_fits_its_channels_limit(samples, catalog):
    """What the customer hears in one call (the opening with the notice, consent steps, the
    questions with their options and purposes) fits the channel's limit, in both languages."""
    calls = 0
    for org, (assessment, names) in samples.items():
        for script in scripts.channel_scripts(assessment, catalog, names):
            if script.channel not in ("ivr_survey", "agent_question"):
                continue
            limit = float(catalog.channels.at[script.channel, "max_seconds"])
            for session in script.sessions:
                calls += 1
                assert session.seconds <= limit, (org, script.channel, script.lang, session)
                # and the script has no note that the call runs long
                long_call = catalog.text(
                    "script.note_long", script.lang, number=session.number,
                    seconds=math.ceil(session.seconds), limit=int(limit),
                )  # fmt: skip
                assert long_call not in script.notes, (org, long_call)
    assert calls >= 16  # five of the six samples ask by phone


def test_the_plan_counts_each_calls_opening_and_the_questions_spoken_time(samples, catalog):
    for org, (assessment, _) in samples.items():
        channels = assessment.plan.channels
        for channel in ("ivr_survey", "agent_question"):
            if channel not in channels.index or not channels.at[channel, "question_ids"]:
                continue
            row = channels.loc[channel]
            spoken = sum(
                question_speaking_seconds(_question(catalog, q), channel, catalog)
                for q in row["question_ids"]
            )
            opening = opening_seconds(channel, catalog) * len(row["contacts"])
            assert row["seconds"] == pytest.approx(spoken + opening, abs=0.5), (org, channel)
            # a spoken question costs at least its answering time; on a keypad, where its options
            # are read out too, more (an agent may ask a short question in its answering time)
            for q in row["question_ids"]:
                burden = float(catalog.questions.at[q, "burden_seconds"])
                spoken_q = question_speaking_seconds(_question(catalog, q), channel, catalog)
                if channel == "ivr_survey":
                    assert spoken_q > burden, (org, q)
                else:
                    assert spoken_q >= burden, (org, q)


def test_consent_is_counted_once_per_subject(catalog):
    """A special question opens with its consent step; its follow-ups are inside the subject."""
    language = _question(catalog, "q_health_caregiver")
    follow_up = _question(catalog, "q_health_proxy_access")
    assert follow_up["follows"] == "q_health_caregiver"
    assert language["sensitivity"] == follow_up["sensitivity"] == "special"
    consent = catalog.assumptions.number("speech.consent_seconds")
    with_consent = question_speaking_seconds(language, "agent_question", catalog)
    assert with_consent >= consent
    assert question_speaking_seconds(follow_up, "agent_question", catalog) < consent
    plain = dict(language, sensitivity="low")
    assert with_consent - question_speaking_seconds(plain, "agent_question", catalog) == (
        pytest.approx(consent)
    )


def test_a_keypad_reads_its_options_and_an_agent_does_not(catalog):
    q = _question(catalog, "q_banking_salary_switch_intent")
    ivr = question_speaking_seconds(q, "ivr_survey", catalog)
    agent = question_speaking_seconds(q, "agent_question", catalog)
    key_words = catalog.assumptions.number("speech.key_words_per_option")
    options = len(q["options_en_list"])
    option_words = sum(len(o.split()) for o in q["options_he_list"]) + key_words * options
    # the slower language (Hebrew, 2 words a second) decides
    assert ivr - agent == pytest.approx(
        option_words / catalog.assumptions.number("speech.words_per_second_he"), abs=0.2
    )


def test_a_multilingual_wording_is_timed_in_the_calls_language_only(catalog):
    # a team's own wording for a call centre that asks in three languages
    wording = ("In which language would you like to read letters? / بأي لغة تفضلون قراءة "
               "الرسائل؟ / На каком языке вам удобнее читать письма?")  # fmt: skip
    said = said_in_call_language(wording, "en")
    assert said == "In which language would you like to read letters?"
    assert said_in_call_language("Arabic (العربية)", "en") == "Arabic"
    assert said_in_call_language("עברית", "he") == "עברית"


@pytest.mark.parametrize(
    ("channel", "budget", "room"),
    [
        ("agent_question", 90.0, 90.0 - 21.0),  # one call, one opening
        ("agent_question", 180.0, 180.0 - 2 * 21.0),  # two calls a period
        ("ivr_survey", 75.0, 75.0 - 25.0),
        ("in_app", 90.0, 90.0),  # a written channel has no spoken opening
    ],
)
def test_a_budget_leaves_room_for_questions_after_each_calls_opening(
    catalog, channel, budget, room
):
    assert question_room(channel, budget, catalog) == pytest.approx(room)


def test_an_agent_call_counts_only_the_words_said_in_either_languages_quotes():
    """The agent's instructions quote what to say: "…" in English, «…» in Hebrew since
    knowledge-base round 39, where the words said may quote an answer in «…» themselves. Only
    those words are timed (the Hebrew call grew by 14 s when its quotes changed and the whole
    instruction was timed)."""
    from zpd_assess.scripts import _said

    said = _said("אמרו: «יש לי שאלה. אפשר לענות «לא»?» אם התשובה שלילית, תעדו declined_all.",
                 "agent_question")  # fmt: skip
    assert said == "יש לי שאלה. אפשר לענות «לא»?"
    assert _said('Say: "One short question." If no, record declined_all.',
                 "agent_question") == "One short question."  # fmt: skip
    assert _said("No quotes at all.", "agent_question") == "No quotes at all."
    assert _said("אמרו: «כן»", "ivr_survey") == "אמרו: «כן»"  # a recording says all it holds
