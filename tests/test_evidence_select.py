"""The logistic machinery behind question value (:mod:`zpd_assess.evidence_select`): the score
statistic is the deviance a question would remove, a warm start reaches the same fit, and the
forward selection picks what a refit-everything greedy picks."""

from __future__ import annotations

import numpy as np
import pytest

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


def test_forward_selection_picks_what_refitting_every_candidate_picks(problem):
    base, blocks, y = problem
    chosen = select.score_test_order(base, blocks, y).order
    # the naive greedy: refit with every remaining candidate, take the largest deviance drop
    # less twice its columns (the same AIC-like merit), stop when none is positive
    naive: list[int] = []
    X = base
    while True:
        before = _deviance(X, y)
        merits = {
            j: before - _deviance(np.hstack([X, blocks[j]]), y) - 2 * blocks[j].shape[1]
            for j in range(len(blocks))
            if j not in naive
        }
        best = max(merits, key=merits.get)
        if merits[best] <= 0:
            break
        naive.append(best)
        X = np.hstack([X, blocks[best]])
    assert list(chosen[: len(naive)]) == naive
    assert {1, 4, 6} <= set(naive)  # the planted ones (AIC may admit a noise one too)
    assert sorted(chosen) == list(range(len(blocks)))  # the rest follow, each once
