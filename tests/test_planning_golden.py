"""The planner's full output for the sample organisations, recorded: a refactor must not move it.

For each sample organisation (assessed as the app and the CLI do, with the engagement's channels,
customers and industry) and for two workshop cases (votes, pins, exclusions, budgets and room
questions), the ranked question list (value, channel, wave, in_plan and the rest of the plan's
fields), the explanations, the channel plan, the warnings and the projection must equal the
record in ``tests/data/planning_golden.json`` (floats to 1e-12).

When a change is *meant* to move the plan (a new rule, a new assumption, new sample data),
regenerate the record and review its diff: ``ZPD_REGENERATE_GOLDEN=1 pytest
tests/test_planning_golden.py``.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import pytest
from conftest import DATA, SAMPLE_ORGS, SAMPLES, TODAY

from zpd_assess.assess import assess
from zpd_assess.engagement import load_engagement
from zpd_assess.intake import load_inventory
from zpd_assess.planning import (
    PlanSettings,
    plan_questions,
    question_pool,
    workshop_questions,
)

GOLDEN = DATA / "planning_golden.json"
REGENERATE = os.environ.get("ZPD_REGENERATE_GOLDEN") == "1"
TOLERANCE = 1e-12

QUESTION_FIELDS = (
    "question_id", "rank", "in_plan", "value", "value_per_second", "channel", "position", "wave",
    "status", "runner_up_channel", "reach", "response", "linkability", "expected_answers",
    "expected_answers_count", "answered_12m", "incentive_cost_12m_ils", "votes", "source",
    "translation_missing", "reason_en", "reason_he", "channel_reason_en", "channel_reason_he",
)  # fmt: skip
CHANNEL_FIELDS = (
    "channel_id", "question_ids", "questions", "seconds", "max_questions", "max_seconds",
    "respondents", "respondents_count", "value",
)  # fmt: skip


def _plain(value: Any) -> Any:
    """A JSON-ready copy: numpy scalars to Python, NaN to None, containers recursively."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _record(plan) -> dict[str, Any]:
    questions = plan.questions
    return {
        "value": plan.value,
        "questions": {f: _plain(questions[f].tolist()) for f in QUESTION_FIELDS},
        "explain": _plain(plan.explain),
        "channels": {f: _plain(plan.channels[f].tolist()) for f in CHANNEL_FIELDS},
        "warnings": [[w.kind, _plain(w.value), _plain(w.accepted)] for w in plan.warnings],
        "projection": _plain(plan.projection.to_dict("list")),
    }


def _sample(catalog, mapper, org: str):
    eng = load_engagement(SAMPLES / org)
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    settings = PlanSettings(channels=eng.channels, customers=eng.customers, industry=eng.industry)
    return eng, assess(
        intake,
        catalog,
        eng.goal_weights,
        organisation=eng.name_en,
        settings=settings,
        mapper=mapper,
    )


@pytest.fixture(scope="module")
def plans(catalog, mapper) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    assessed = {org: _sample(catalog, mapper, org) for org in SAMPLE_ORGS}
    for org, (_, a) in assessed.items():
        out[org] = _record(a.plan)

    # The room voted (so no local search), pinned one question anywhere and one to a channel,
    # excluded the top one and added two questions of its own.
    eng, a = assessed["tavor_bank"]
    few = ("in_app", "web_survey", "preference_center", "sms")  # leaves a backlog to pin from
    base = plan_questions(a.scores, catalog, PlanSettings(channels=few, industry=eng.industry))
    base = base.questions
    planned = base.index[base["in_plan"]]
    backlog = base.index[(~base["in_plan"]) & (base["status"] == "backlog")]
    room = workshop_questions(
        [
            {"text_he": "האם את/ה מתכננ/ת לצאת לפנסיה בחמש השנים הקרובות?",
             "topics": {"life_stage": 1.0, "future_plans": 0.8}, "answer_type": "yes_no",
             "value_exchange_he": "ייעוץ פנסיוני אישי"},
            {"text_en": "Which charity do you support?", "topics": ["hobbies"]},
        ],
        catalog,
    )  # fmt: skip
    settings = PlanSettings(
        channels=few,
        customers=eng.customers,
        industry=eng.industry,
        votes={planned[-1]: 12, backlog[0]: 3, "w_02": 5},
        vote_weight=0.5,
        pinned={backlog[0]: None, backlog[1]: base.at[backlog[1], "channel"]},
        excluded=frozenset({planned[0]}),
    )
    pool = question_pool(catalog, room, eng.industry)
    out["tavor_bank+workshop"] = _record(plan_questions(a.scores, catalog, settings, pool))

    # Tight budgets without votes: the greedy passes compete and local search polishes.
    eng, a = assessed["shalom_insurance"]
    base = a.plan.questions
    used = list(dict.fromkeys(base.loc[base["in_plan"], "channel"]))
    settings = PlanSettings(
        channels=eng.channels,
        customers=eng.customers,
        industry=eng.industry,
        budgets={used[0]: (2, 40.0), used[1]: (3, 25.0)},
        pinned={base.index[base["in_plan"]][-1]: None},
        excluded=frozenset({base.index[1]}),
    )
    out["shalom_insurance+budgets"] = _record(plan_questions(a.scores, catalog, settings))
    if REGENERATE:
        GOLDEN.write_text(
            json.dumps(out, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
        )
    return out


def _differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = [f"{path}.{k}: missing" for k in expected.keys() - actual.keys()]
        out += [f"{path}.{k}: unexpected" for k in actual.keys() - expected.keys()]
        for k in expected.keys() & actual.keys():
            out += _differences(expected[k], actual[k], f"{path}.{k}")
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(actual)} items, recorded {len(expected)}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual, strict=True))
                for d in _differences(e, a, f"{path}[{i}]")]  # fmt: skip
    both_numbers = all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (expected, actual)
    )
    if both_numbers:
        if math.isclose(expected, actual, rel_tol=TOLERANCE, abs_tol=TOLERANCE):
            return []
    elif expected == actual and type(expected) is type(actual):
        return []
    return [f"{path}: {actual!r}, recorded {expected!r}"]


CASES = (*SAMPLE_ORGS, "tavor_bank+workshop", "shalom_insurance+budgets")


@pytest.fixture(scope="module")
def recorded(plans) -> dict[str, Any]:  # after `plans`, which may regenerate the record
    assert GOLDEN.exists(), f"{GOLDEN} is missing: regenerate it (see this module's docstring)"
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES)
def test_the_plan_equals_the_recorded_plan(plans, recorded, case):
    assert case in recorded, f"{case} is not recorded: regenerate {GOLDEN.name}"
    actual = json.loads(json.dumps(plans[case], ensure_ascii=False))
    differences = _differences(recorded[case], actual, case)
    assert not differences, f"{len(differences)} differences, first: " + "; ".join(differences[:10])


def test_the_record_covers_what_the_planner_can_do(recorded):
    """The cases reach pins, votes, exclusions, room questions, runner-ups and every wave."""
    assert set(recorded) == set(CASES)
    rows = [
        dict(zip(case["questions"], values, strict=True))
        for case in recorded.values()
        for values in zip(*case["questions"].values(), strict=True)
    ]
    statuses = {q["status"] for q in rows}
    assert {"in_plan", "pinned", "excluded", "backlog"} <= statuses, statuses
    assert {q["wave"] for q in rows if q["in_plan"]} == {"quick_win", "next_quarter", "strategic"}
    assert any(q["source"] == "workshop" and q["in_plan"] for q in rows)
    assert any(q["runner_up_channel"] for q in rows)
    workshop = recorded["tavor_bank+workshop"]
    assert any(e["votes"]["adds"] > 0 for e in workshop["explain"].values())
    kinds = {w[0] for w in workshop["warnings"]}
    assert {"translation_missing", "no_value_exchange"} <= kinds, kinds
    for case in recorded.values():
        assert case["projection"]["month"] == [0, 3, 6, 12]
        assert case["value"] > 0
