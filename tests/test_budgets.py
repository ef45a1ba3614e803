"""Channel budgets: the one in use, and an edit kept whole and above the assumptions' limits."""

from __future__ import annotations

import pandas as pd
import pytest

from zpd_assess.budgets import BudgetLimits, channel_budget, edited_budget


def test_the_catalogs_budget_until_the_team_sets_one(catalog):
    cid = catalog.channels.index[0]
    default = (
        int(catalog.channels.at[cid, "max_questions"]),
        int(catalog.channels.at[cid, "max_seconds"]),
    )
    assert channel_budget(catalog, cid, {}) == default
    assert channel_budget(catalog, cid, {cid: (7.0, 90.0)}) == (7, 90)
    with pytest.raises(KeyError, match="Unknown channel 'fax'"):
        channel_budget(catalog, "fax", {})


def test_limits_come_from_the_assumptions(catalog):
    limits = BudgetLimits.of(catalog)
    assert limits == BudgetLimits(
        int(catalog.assumptions.number("budget.min_questions")),
        int(catalog.assumptions.number("budget.min_seconds")),
    )
    assert limits.min_questions >= 1 and limits.min_seconds > 0


def test_an_edit_changes_only_the_field_edited_and_never_goes_below_the_limits(catalog):
    cid = catalog.channels.index[0]
    limits = BudgetLimits.of(catalog)
    budgets = {cid: (4.0, 60.0)}
    assert edited_budget(catalog, cid, budgets, {"max_questions": 6}) == (6, 60)
    assert edited_budget(catalog, cid, budgets, {"max_seconds": 45.7}) == (4, 45)
    assert edited_budget(catalog, cid, budgets, {"max_questions": 0, "max_seconds": -10}) == (
        limits.min_questions,
        limits.min_seconds,
    )
    assert edited_budget(catalog, cid, budgets, {"max_questions": None}) == (
        limits.min_questions,
        60,
    )
    assert edited_budget(catalog, cid, {}, {}) == channel_budget(catalog, cid, {})


def test_the_clients_own_reach_replaces_the_catalogs_and_moves_the_value(catalog):
    from zpd_assess.budgets import edited_reach
    from zpd_assess.planning import question_channel_pairs

    assert edited_reach(catalog, "preference_center", 30) == pytest.approx(0.30)
    assert edited_reach(catalog, "preference_center", 0.03) == pytest.approx(0.03)
    assert edited_reach(catalog, "preference_center", 0) is None
    q = catalog.questions.head(20)
    channels = ["preference_center", "in_app"]
    base = question_channel_pairs(q, catalog, channels).set_index(["question_id", "channel_id"])
    own = question_channel_pairs(q, catalog, channels, reach={"preference_center": 0.03})
    own = own.set_index(["question_id", "channel_id"])
    pc = base.xs("preference_center", level=1)
    pc_own = own.xs("preference_center", level=1)
    assert (pc_own["reach"] == 0.03).all()
    ratio = 0.03 / catalog.channels.at["preference_center", "reach"]
    assert list(pc_own["effect"]) == pytest.approx(list(pc["effect"] * ratio))
    pd.testing.assert_frame_equal(base.xs("in_app", level=1), own.xs("in_app", level=1))
