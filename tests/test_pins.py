"""A pinned question with no room where the team put it: the warning says what really happened."""

from __future__ import annotations

import pytest
from conftest import SAMPLES, TODAY

from zpd_assess.assess import assess
from zpd_assess.engagement import load_engagement
from zpd_assess.intake import load_inventory
from zpd_assess.planning import PlanSettings, plan_questions, question_pool
from zpd_assess.wording import question_stem


@pytest.fixture(scope="module")
def bank(catalog, mapper):
    eng = load_engagement(SAMPLES / "tavor_bank")
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    settings = PlanSettings(channels=eng.channels, customers=eng.customers, industry=eng.industry)
    return eng, assess(intake, catalog, eng.goal_weights, mapper=mapper, settings=settings)


def _plan(catalog, eng, a, **settings):
    pool = question_pool(catalog, industry=eng.industry)
    return plan_questions(
        a.scores, catalog,
        PlanSettings(channels=eng.channels, customers=eng.customers, industry=eng.industry,
                     **settings),
        questions=pool,
    )  # fmt: skip


def test_a_pin_with_no_room_in_its_channel_is_planned_elsewhere_and_says_so(catalog, bank):
    eng, a = bank
    top = a.plan.questions[a.plan.questions["in_plan"]].iloc[0]
    qid, channel = top["question_id"], top["channel"]
    plan = _plan(catalog, eng, a, pinned={qid: channel}, budgets={channel: (0, 0.0)})
    placed = plan.questions.loc[qid]
    assert bool(placed["in_plan"]) and placed["channel"] != channel
    kinds = [w.kind for w in plan.warnings]
    assert "pin_other_channel" in kinds and "pin_does_not_fit" not in kinds
    message = next(w for w in plan.warnings if w.kind == "pin_other_channel")
    for lang in ("en", "he"):
        said = message.message(lang)
        label = catalog.channels.at[placed["channel"], f"label_{lang}"]
        # the question by its wording, never by its id (issue 14, finding 5)
        stem = question_stem(str(placed[f"text_{lang}"]))  # without an instruction in brackets
        assert stem in said and label in said and qid not in said


def test_a_pin_that_fits_nowhere_stays_out_and_says_so(catalog, bank):
    eng, a = bank
    top = a.plan.questions[a.plan.questions["in_plan"]].iloc[0]
    qid = top["question_id"]
    budgets = {c: (0, 0.0) for c in eng.channels}
    plan = _plan(catalog, eng, a, pinned={qid: None}, budgets=budgets)
    assert not bool(plan.questions.loc[qid, "in_plan"])
    assert [w.kind for w in plan.warnings if w.kind.startswith("pin_")] == ["pin_does_not_fit"]


def test_pairs_built_without_the_clients_reach_are_refused(catalog, bank):
    """A plan whose response would be read off pairs of another reach (a caller's slip: the
    answered share came out above 1) says so instead of planning on them."""
    from zpd_assess.planning import PlanError, question_channel_pairs

    eng, a = bank
    pool = question_pool(catalog, industry=eng.industry)
    pairs = question_channel_pairs(pool, catalog, eng.channels)
    settings = PlanSettings(channels=eng.channels, industry=eng.industry, reach={"whatsapp": 0.09})
    with pytest.raises(PlanError, match="whatsapp"):
        plan_questions(a.scores, catalog, settings, questions=pool, pairs=pairs)
    good = question_channel_pairs(pool, catalog, eng.channels, None, {"whatsapp": 0.09})
    plan = plan_questions(a.scores, catalog, settings, questions=pool, pairs=good)
    assert (plan.questions.loc[plan.questions["in_plan"], "answered_12m"] <= 1).all()


def test_a_pin_the_pool_no_longer_holds_stays_out_and_says_so(catalog, bank):
    """Round 75's app test: the telecom's consultant pins its home-internet question, and a
    consultant who then sets another industry on the Goals page leaves it out of the pool. The
    engagement does not fail ("this engagement needs a fix" on every page): the pin stays out
    of the plan and the plan says which question and what to do, in both languages."""
    eng, a = bank
    qid = "q_telecom_home_internet_provider"
    pool = question_pool(catalog, industry=eng.industry)
    assert qid not in pool.index and qid in catalog.questions.index
    plan = _plan(catalog, eng, a, pinned={qid: "in_app"})
    assert plan.questions["in_plan"].any() and qid not in set(plan.questions["question_id"])
    (warning,) = [w for w in plan.warnings if w.kind.startswith("pin_")]
    assert warning.kind == "pin_not_in_pool"
    for lang in ("en", "he"):
        said = warning.message(lang)
        stem = question_stem(catalog.questions.at[qid, f"text_{lang}"])  # without its bracket
        assert stem in said and qid not in said
