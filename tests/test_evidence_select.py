"""The logistic machinery behind question value (:mod:`zpd_assess.evidence_select`): the score
statistic is the deviance a question would remove, a warm start reaches the same fit, and the
forward selection picks what a refit-everything greedy picks."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import chi2

from zpd_assess import evidence_select as select


def _deviance(X: np.ndarray, y: np.ndarray) -> float:
    model = select.fit_logistic(X, y)
    p = model.predict(X)
    return float(-2 * np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))


@pytest.fixture(scope="module")
def problem():
    rng = np.random.default_rng(4)
    n = 4000
    base = rng.normal(size=(n, 3))
    blocks = [rng.normal(size=(n, 1)) for _ in range(6)]
    blocks.append(rng.normal(size=(n, 2)))  # a two-column question (one-hot of three levels)
    logit = (
        0.8 * base[:, 0] + 0.5 * blocks[1][:, 0] + 0.25 * blocks[4][:, 0] - 0.4 * blocks[6][:, 1]
    )
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    return base, blocks, y


def test_the_score_statistic_is_the_deviance_a_question_would_remove(problem):
    base, blocks, y = problem
    model = select.fit_logistic(base, y)
    stats = select.score_statistics(base, model.predict(base), y, blocks)
    before = _deviance(base, y)
    drops = np.array([before - _deviance(np.hstack([base, b]), y) for b in blocks])
    # first order: close where the effect is small or moderate, and the same ranking
    assert np.argsort(-stats)[:3].tolist() == np.argsort(-drops)[:3].tolist()
    assert stats == pytest.approx(drops, rel=0.15, abs=1.0)


def test_a_warm_start_from_the_shorter_fit_reaches_the_same_fit(problem):
    base, blocks, y = problem
    short = select.fit_logistic(base, y)
    X = np.hstack([base, blocks[1], blocks[6]])
    cold, warm = select.fit_logistic(X, y), select.fit_logistic(X, y, start=short)
    assert warm.intercept == pytest.approx(cold.intercept, abs=1e-6)
    assert np.allclose(warm.coef, cold.coef, atol=1e-6)


def _lr_log_p(before: float, after: float, df: int) -> float:
    """log p-value of the likelihood-ratio test of a refit (the score test's exact sibling)."""
    return float(chi2.logsf(before - after, df))


def test_forward_selection_picks_what_refitting_every_candidate_picks(problem):
    base, blocks, y = problem
    selection = select.score_test_order(base, blocks, y)
    # the naive gated greedy: refit with every remaining candidate, take the most significant
    # deviance drop, stop when it fails alpha / (candidates left)
    naive: list[int] = []
    X = base
    while True:
        before = _deviance(X, y)
        left = [j for j in range(len(blocks)) if j not in naive]
        log_p = {
            j: _lr_log_p(before, _deviance(np.hstack([X, blocks[j]]), y), blocks[j].shape[1])
            for j in left
        }
        best = min(log_p, key=log_p.get)
        if log_p[best] > np.log(select.ALPHA / len(left)):
            break
        naive.append(best)
        X = np.hstack([X, blocks[best]])
    assert list(selection.order[: len(naive)]) == naive
    assert set(naive) == {1, 4, 6}  # the planted ones, and no noise one passes the gate
    assert selection.by_merit == 3
    assert sorted(selection.order) == list(range(len(blocks)))  # the rest follow, each once


def test_past_the_gate_the_rest_follow_the_fallback_order(problem):
    base, blocks, y = problem
    fallback = [5, 3, 0, 2, 6, 4, 1]
    selection = select.score_test_order(base, blocks, y, fallback=fallback)
    assert set(selection.order[:3]) == {1, 4, 6}
    assert list(selection.order[3:]) == [5, 3, 0, 2]  # the fallback's order, less those taken
    assert all(p <= select.ALPHA for p in selection.p_values[:3])


def test_on_pure_noise_nothing_passes_the_gate_and_the_fallback_orders_all():
    rng = np.random.default_rng(12)
    n = 3000
    base = rng.normal(size=(n, 4))
    blocks = [rng.normal(size=(n, 1)) for _ in range(40)]
    y = (rng.random(n) < 1 / (1 + np.exp(-base[:, 0]))).astype(float)
    fallback = list(rng.permutation(40))
    selection = select.score_test_order(base, blocks, y, steps=15, fallback=fallback)
    # plain forward selection would take the best of 40 noises at every step (with 40
    # candidates, the largest chi-square(1) passes 2*df almost surely); the gate takes none
    assert selection.by_merit == 0
    assert list(selection.order) == fallback


def test_mutual_information_order_puts_the_informative_code_first():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 2000)
    informative = np.where(rng.random(2000) < 0.8, y, 1 - y)
    codes = np.column_stack([rng.integers(0, 3, 2000), informative, rng.integers(0, 5, 2000)])
    assert select.mutual_information_order(codes, y)[0] == 1
    assert select.mutual_information_order(np.zeros((10, 0), int), y[:10]) == []
