"""AHP: our weights and consistency ratio against the ahpy package on published examples."""

from __future__ import annotations

import ahpy
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zpd_assess.weights import (
    SAATY_SLIDER,
    AhpError,
    aggregate_judgments,
    ahp,
    apply_weights,
    judgment_from_slider,
    judgments_from_sliders,
    pairwise_matrix,
    slider_caption,
    slider_from_judgment,
)

# Saaty (1980), relative consumption of drinks in the US — the example ahpy's README reproduces.
DRINKS = {
    ("coffee", "wine"): 9,
    ("coffee", "tea"): 5,
    ("coffee", "beer"): 2,
    ("coffee", "soda"): 1,
    ("coffee", "milk"): 1,
    ("wine", "tea"): 1 / 3,
    ("wine", "beer"): 1 / 9,
    ("wine", "soda"): 1 / 9,
    ("wine", "milk"): 1 / 9,
    ("tea", "beer"): 1 / 3,
    ("tea", "soda"): 1 / 4,
    ("tea", "milk"): 1 / 3,
    ("beer", "soda"): 1 / 2,
    ("beer", "milk"): 1,
    ("soda", "milk"): 2,
}
# Wikipedia, "Analytic hierarchy process — leader example": criteria of choosing a leader.
LEADER = {
    ("experience", "education"): 4,
    ("experience", "charisma"): 3,
    ("experience", "age"): 7,
    ("education", "charisma"): 1 / 3,
    ("education", "age"): 3,
    ("charisma", "age"): 5,
}
# Saaty (2008), "Decision making with the AHP", choosing a vacation (deliberately inconsistent).
GOALS = {
    ("retention", "cross_sell"): 3,
    ("retention", "personalization"): 2,
    ("retention", "risk_pricing"): 5,
    ("cross_sell", "personalization"): 1 / 2,
    ("cross_sell", "risk_pricing"): 1 / 3,
    ("personalization", "risk_pricing"): 4,
}


def _items(comparisons):
    items = []
    for a, b in comparisons:
        for x in (a, b):
            if x not in items:
                items.append(x)
    return items


@pytest.mark.parametrize("comparisons", [DRINKS, LEADER, GOALS], ids=["drinks", "leader", "goals"])
def test_weights_and_consistency_match_ahpy(comparisons):
    ours = ahp(pairwise_matrix(_items(comparisons), comparisons))
    theirs = ahpy.Compare("x", comparisons, precision=6, random_index="saaty")
    for item, weight in theirs.target_weights.items():
        assert ours.weights[item] == pytest.approx(weight, abs=2e-4), item
    assert ours.consistency_ratio == pytest.approx(theirs.consistency_ratio, abs=2e-4)


def test_the_drinks_example_gives_the_published_order():
    result = ahp(pairwise_matrix(_items(DRINKS), DRINKS))
    order = sorted(result.weights, key=result.weights.get, reverse=True)
    assert set(order[:2]) == {"soda", "coffee"} and order[-1] == "wine"
    assert result.weights["soda"] == pytest.approx(0.286, abs=1e-3)
    assert result.consistency_ratio == pytest.approx(0.0153, abs=1e-3)
    assert result.consistent


def test_an_inconsistent_matrix_names_the_pair_to_reconsider():
    judgments = {
        ("a", "b"): 3,
        ("b", "c"): 3,
        ("a", "c"): 1 / 5,
        ("a", "d"): 2,
        ("b", "d"): 1,
        ("c", "d"): 1,
    }
    result = ahp(pairwise_matrix(["a", "b", "c", "d"], judgments))
    assert result.consistency_ratio > 0.1 and not result.consistent
    assert set(result.worst_pair) == {"a", "c"}
    assert result.worst_pair_judgment == pytest.approx(1 / 5)
    assert result.worst_pair_implied / result.worst_pair_judgment > 3, "far from what was said"


def test_group_judgment_is_the_geometric_mean_and_stays_reciprocal():
    items = ["retention", "cross_sell", "personalization"]
    alice = pairwise_matrix(items, {("retention", "cross_sell"): 4})
    bob = pairwise_matrix(
        items, {("retention", "cross_sell"): 1 / 4, ("personalization", "cross_sell"): 9}
    )
    group = aggregate_judgments([alice, bob])
    assert group.loc["retention", "cross_sell"] == pytest.approx(1.0)
    assert group.loc["personalization", "cross_sell"] == pytest.approx(3.0)
    assert np.allclose(group.to_numpy() * group.to_numpy().T, 1)


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        (pd.DataFrame([[1, 2], [2, 1]], index=["a", "b"], columns=["a", "b"]), "not reciprocal"),
        (pd.DataFrame([[1, -2], [-0.5, 1]], index=["a", "b"], columns=["a", "b"]), "positive"),
        (pd.DataFrame([[1, 2], [0.5, 1]], index=["a", "b"], columns=["a", "c"]), "same items"),
    ],
)
def test_bad_matrices_are_refused_with_a_reason(matrix, message):
    with pytest.raises(AhpError, match=message):
        ahp(matrix)


SAATY = st.sampled_from([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1, 3, 5, 7, 9])


@settings(max_examples=60, deadline=None)
@given(
    st.integers(3, 9).flatmap(
        lambda n: st.lists(SAATY, min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2)
    )
)
def test_any_judgments_give_weights_that_sum_to_one(values):
    n = int((1 + (1 + 8 * len(values)) ** 0.5) / 2)
    items = [f"g{i}" for i in range(n)]
    pairs = [(items[i], items[j]) for i in range(n) for j in range(i + 1, n)]
    result = ahp(pairwise_matrix(items, dict(zip(pairs, values, strict=True))))
    assert sum(result.weights.values()) == pytest.approx(1.0)
    assert all(w > 0 for w in result.weights.values())
    assert result.consistency_ratio >= -1e-9


def test_the_room_judgment_is_the_geometric_mean_and_its_split_is_measured():
    from zpd_assess.weights import SPLIT_LOG_SPREAD, group_judgment

    items = ["retention", "cross_sell", "personalization"]
    people = [
        {
            ("retention", "cross_sell"): 4,
            ("retention", "personalization"): 2,
            ("cross_sell", "personalization"): 1,
        },
        {
            ("retention", "cross_sell"): 1 / 4,
            ("retention", "personalization"): 2,
            ("cross_sell", "personalization"): 1,
        },
    ]
    judged = {pair: [p[pair] for p in people] for pair in people[0]}
    result, spreads = group_judgment(items, judged)
    matrices = [pairwise_matrix(items, p) for p in people]
    expected = ahp(aggregate_judgments(matrices))
    assert result.weights == pytest.approx(expected.weights)
    assert spreads[("retention", "personalization")] == 0
    assert spreads[("retention", "cross_sell")] > SPLIT_LOG_SPREAD


# --- the comparison slider and applying weights -----------------------------------------------


@pytest.mark.parametrize(
    ("position", "judgment"), [(1, 1.0), (3, 3.0), (9, 9.0), (-3, 1 / 3), (-9, 1 / 9)]
)
def test_a_slider_position_is_a_saaty_judgment(position, judgment):
    assert judgment_from_slider(position) == pytest.approx(judgment)
    assert slider_from_judgment(judgment) == position


@pytest.mark.parametrize("position", [0, -1, 2, 10, -11])
def test_a_position_off_the_scale_is_refused(position):
    with pytest.raises(AhpError, match="positions are -9, -7, -5, -3, 1, 3, 5, 7, 9"):
        judgment_from_slider(position)


def test_a_room_mean_is_shown_at_the_nearest_position():
    assert slider_from_judgment(2.0) == 3  # log 2 is nearer log 3 than log 1
    assert slider_from_judgment(1.5) == 1
    assert slider_from_judgment(1 / 6.5) == -7
    with pytest.raises(AhpError, match="positive"):
        slider_from_judgment(0)


def test_sliders_give_the_same_weights_as_judgments_written_out():
    goals = ["retention", "acquisition", "upsell"]
    sliders = {("retention", "acquisition"): 5, ("retention", "upsell"): 3,
               ("acquisition", "upsell"): -3}  # fmt: skip
    judged = judgments_from_sliders(sliders)
    assert judged == {("retention", "acquisition"): 5.0, ("retention", "upsell"): 3.0,
                      ("acquisition", "upsell"): pytest.approx(1 / 3)}  # fmt: skip
    result = ahp(pairwise_matrix(goals, judged))
    assert max(result.weights, key=result.weights.get) == "retention"
    assert result.weights["upsell"] > result.weights["acquisition"]
    assert len(SAATY_SLIDER) == 9


def test_slider_caption_names_the_goal_that_matters_more():
    assert slider_caption(1, "Retention", "Upsell", "equal") == "equal"
    assert slider_caption(7, "Retention", "Upsell", "equal") == "Retention ×7"
    assert slider_caption(-3, "Retention", "Upsell", "equal") == "Upsell ×3"


GOALS = ["retention", "acquisition", "upsell", "service", "brand"]


def test_applying_ahp_to_some_goals_keeps_the_others():
    """The known bug: goals left out of the comparison used to be set to 0."""
    current = {"retention": 0.6, "acquisition": 0.2, "upsell": 0.2, "service": 0.5, "brand": 0.3}
    applied = apply_weights(current, {"retention": 0.5, "acquisition": 0.25, "upsell": 0.25}, GOALS)
    assert applied.weights["service"] == 0.5
    assert applied.weights["brand"] == 0.3
    # the compared goals share the 1.0 they had together, split 2:1:1
    assert applied.compared_total == pytest.approx(1.0)
    assert applied.weights["retention"] == 0.5
    assert applied.weights["acquisition"] == 0.25
    assert applied.weights["upsell"] == 0.25
    assert applied.rescaled == 1.0
    assert [(c.goal, c.before, c.after) for c in applied.changes] == [
        ("retention", 0.6, 0.5),
        ("acquisition", 0.2, 0.25),
        ("upsell", 0.2, 0.25),
    ]


def test_goals_not_compared_keep_their_share_of_importance(catalog):
    goals = list(catalog.goals.index)
    current = catalog.default_goal_weights()
    compared = goals[:3]
    applied = apply_weights(current, {g: 1.0 for g in compared}, goals)
    before_total, after_total = sum(current.values()), sum(applied.weights.values())
    for g in goals[3:]:
        assert applied.weights[g] / after_total == pytest.approx(
            current[g] / before_total, abs=1e-3
        )
    assert {round(applied.weights[g], 3) for g in compared} == {
        round(sum(current[g] for g in compared) / 3 / applied.rescaled, 3)
    }


def test_compared_goals_with_no_weight_get_an_average_goal_weight_each():
    current = {"retention": 0.0, "acquisition": 0.0, "upsell": 0.4, "service": 0.4, "brand": 0.2}
    applied = apply_weights(current, {"retention": 3.0, "acquisition": 1.0}, GOALS)
    assert applied.compared_total == pytest.approx(2 * 1.0 / 5)
    assert applied.weights == {"retention": 0.3, "acquisition": 0.1, "upsell": 0.4,
                               "service": 0.4, "brand": 0.2}  # fmt: skip
    every_goal_at_zero = apply_weights(dict.fromkeys(GOALS, 0.0), {"retention": 1.0}, GOALS)
    assert every_goal_at_zero.weights["retention"] == 1.0


def test_weights_above_one_are_scaled_down_together():
    current = {"retention": 1.0, "acquisition": 1.0, "upsell": 1.0, "service": 0.5, "brand": 0.0}
    applied = apply_weights(current, {"retention": 0.8, "acquisition": 0.1, "upsell": 0.1}, GOALS)
    # retention would get 3 × 0.8 = 2.4 > 1: everything is divided by 2.4
    assert applied.rescaled == pytest.approx(2.4)
    assert applied.weights["retention"] == 1.0
    assert applied.weights["service"] == round(0.5 / 2.4, 4)
    assert applied.weights["brand"] == 0.0
    assert max(applied.weights.values()) <= 1.0
    assert "brand" not in {c.goal for c in applied.changes}


def test_unknown_or_negative_shares_are_refused():
    with pytest.raises(AhpError, match=r"unknown goal.*astrology"):
        apply_weights({}, {"astrology": 1.0}, GOALS)
    with pytest.raises(AhpError, match="zero or positive"):
        apply_weights({}, {"retention": -1.0}, GOALS)
    with pytest.raises(AhpError, match="zero or positive"):
        apply_weights({}, {"retention": 0.0}, GOALS)
