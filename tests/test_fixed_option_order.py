"""A settings page and a checkout step keep a question's options in their written order, even
where the question shuffles them in a survey (knowledge-base review 38: a reminder-channel list
and a checkout choice were shuffled like survey lists, though people come back to them to find
their own choice). The channel says so in ``channels.csv`` (``fixed_option_order``); every
export of the channel (the four survey formats, the scripts and their JSON, the workbook's answer
design) follows it.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest
from test_anchored_shuffle import WORRY, _plan_with_worry

from zpd_assess import scripts, survey_formats, surveys
from zpd_assess.planning.model import Plan
from zpd_assess.workbook import _as_asked, answers_text

FIXED = ["preference_center", "transactional_flow"]
NO_SHUFFLE = {"surveyjs": "none", "xlsform": "", "formbricks": "none", "typeform": False}
SHUFFLE = {"surveyjs": "random", "xlsform": "randomize=true", "formbricks": "all",
           "typeform": True}  # fmt: skip


def _in(plan: Plan, channel: str) -> Plan:
    """The plan with its questions asked in ``channel`` instead."""
    questions = plan.questions.copy()
    questions["channel"] = channel
    channels = plan.channels.copy()
    channels.index = channels["channel_id"] = [channel]
    return replace(plan, questions=questions, channels=channels)


def test_only_the_settings_page_and_checkout_keep_the_written_order(catalog):
    fixed = catalog.channels.index[catalog.channels["fixed_option_order"]].tolist()
    assert sorted(fixed) == sorted(FIXED)
    assert not catalog.keeps_option_order("web_survey")
    assert not catalog.keeps_option_order("no_such_channel")


def _shuffle_in(catalog, plan: Plan, channel: str) -> dict[str, object]:
    """How each survey format orders the worry list when the plan asks it in ``channel``."""
    sjs = {e["name"]: e for page in surveys.surveyjs_survey(plan, catalog, channel)["pages"]
           for e in page["elements"]}  # fmt: skip
    xls = {r["name"]: r for r in surveys.xlsform_rows(plan, catalog, channel)["survey"]}
    fb = {q["id"]: q for q in survey_formats.formbricks_survey(plan, catalog, channel)["questions"]}
    tf = {f["ref"]: f for f in survey_formats.typeform_form(plan, catalog, channel, "en")["fields"]}
    return {
        "surveyjs": sjs[WORRY].get("choicesOrder", "none"),
        "xlsform": xls[WORRY].get("parameters", ""),
        "formbricks": fb[WORRY]["shuffleOption"],
        "typeform": tf[WORRY]["properties"]["randomize"],
    }


@pytest.mark.parametrize(("channel", "expected"), [
    ("preference_center", NO_SHUFFLE),
    ("transactional_flow", NO_SHUFFLE),
    ("web_survey", SHUFFLE),
    ("in_app", SHUFFLE),
])  # fmt: skip
def test_survey_formats_shuffle_only_where_the_channel_does(catalog, channel, expected):
    plan = _in(_plan_with_worry(catalog, []), channel)
    assert _shuffle_in(catalog, plan, channel) == expected


def test_the_conversational_scripts_still_rotate(catalog):
    """No script channel keeps a fixed order: an agent still rotates the list it reads out."""
    assert not set(FIXED) & set(scripts.CHANNELS)
    plan = _in(_plan_with_worry(catalog, []), "agent_question")
    for lang in ("en", "he"):
        script = scripts.channel_script(plan, catalog, "agent_question", lang)
        step = next(s for s in script.steps if s.question_id == WORRY and s.kind == "question")
        assert step.randomise


@pytest.mark.parametrize(("channel", "in_plan", "last_line"), [
    ("preference_center", True, "2 = "),  # no shuffling line: the design ends with its options
    ("web_survey", True, "Options shown in random order"),
    ("preference_center", False, "Options shown in random order"),  # not asked there
])  # fmt: skip
def test_the_workbook_says_random_order_only_where_the_question_is_asked_so(
    catalog, channel, in_plan, last_line
):
    record = _plan_with_worry(catalog, []).questions.loc[WORRY].to_dict()
    record["randomise"] = True
    ctx = SimpleNamespace(c=catalog)
    q = SimpleNamespace(in_plan=in_plan, channel=channel)
    text = answers_text(_as_asked(record, q, ctx), "en",  # type: ignore[arg-type]
                        lambda key, **kw: catalog.text(key, "en", **kw))  # fmt: skip
    last = text.splitlines()[-1]
    if last_line == "2 = ":
        assert "random" not in text and last.startswith(f"{record['option_codes'][-1]} = "), text
    else:
        assert last == last_line
