"""Kendall's W over dot ballots: 1 when every ballot ranks alike, near 0 when they cancel out,
checked against a value worked by hand and against properties that must hold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zpd_assess.agreement import agreement_word, kendalls_w, room_agreement


def test_the_same_ranking_everywhere_is_full_agreement():
    assert kendalls_w([[5, 3, 1, 0], [4, 2, 1, 0], [3, 2, 1, 0]]) == pytest.approx(1.0)


def test_opposite_rankings_are_no_agreement():
    assert kendalls_w([[3, 2, 1, 0], [0, 1, 2, 3]]) == pytest.approx(0.0)


def test_a_value_worked_by_hand():
    # ranks (1 = most dots): A 1,1,2  B 2,3,1  C 3,2,3 -> totals 4, 6, 8; mean 6; S = 8;
    # no ties; W = 12 * 8 / (3**2 * (3**3 - 3)) = 96 / 216
    assert kendalls_w([[3, 2, 1], [3, 1, 2], [2, 3, 1]]) == pytest.approx(96 / 216)


def test_ties_are_corrected_and_degenerate_ballots_give_none():
    assert kendalls_w([[2, 2, 0], [2, 2, 0]]) == pytest.approx(1.0)  # ties alike: agreement
    assert kendalls_w([[1, 1, 1], [1, 1, 1]]) is None  # nobody ranked anything
    assert kendalls_w([[3, 2, 1]]) is None and kendalls_w([[1], [2]]) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 5), min_size=4, max_size=4), min_size=2, max_size=12))
def test_w_is_a_share_and_does_not_depend_on_the_order_of_the_ballots(ballots):
    w = kendalls_w(ballots)
    if w is not None:
        assert 0.0 <= w <= 1.0
        assert kendalls_w(list(reversed(ballots))) == pytest.approx(w)


def test_words():
    assert [agreement_word(w) for w in (0.95, 0.75, 0.55, 0.35, 0.1)] == [
        "agreement.unusual", "agreement.strong", "agreement.moderate", "agreement.weak",
        "agreement.very_weak",
    ]  # fmt: skip


def test_the_room_agreement_waits_for_enough_ballots():
    same = [[3, 2, 1, 0]] * 5
    assert room_agreement(same[:4], 5) is None
    assert room_agreement(same, 5) == pytest.approx(1.0)
