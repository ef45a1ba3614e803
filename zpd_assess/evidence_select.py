"""Question selection for a business target, and its held-out information curve.

The method behind :func:`zpd_assess.evidence.question_value`, chosen by the comparison in
``benchmarks/evidence_methods.py`` (``docs/evidence-methods.md``) on real public customer data:

- **encoding** for a regularised logistic regression on every row: numbers standardised (median
  for the missing, and a missing flag), text one-hot; a question's answers *kept numeric* when
  they are numbers (an ordinal scale keeps its order), plus a "not asked" flag;
- **greedy forward selection by the score test, gated**: at each step one logistic fit with
  the questions chosen so far; every remaining question's Rao score statistic ``S`` (what adding
  it would lower the deviance by, to first order) is computed from that one fit, without
  refitting, and the question whose ``S`` is the most significant (its χ² p-value on ``df``
  columns) is taken, *while* that p-value passes the gate ``ALPHA / m`` (``m`` questions still in
  play: Bonferroni). Past the gate no question adds beyond what chance gives the best of ``m``,
  and the rest follow by univariate mutual information with the target: picking more by the
  residual's noise is what made plain forward selection fall below mutual information and even
  random on data where the questions add little (``docs/evidence-methods.md``);
- **the held-out curve** by cross-fitting: in each of 5 folds the order is chosen on the other
  four, a model is fitted there on first-party data plus the first *k* questions and the fold's
  customers are scored; the AUC of these out-of-fold scores, for each *k*, is measured on data
  the selection never saw, with a 90 % interval (DeLong's variance of the paired AUC difference);
- **the stopping point**: the first *k* after which one more question adds less AUC than its
  noise (the next step's gain is below 1.645 of its standard error).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed  # type: ignore[import-untyped]
from scipy.stats import chi2, rankdata
from sklearn.feature_selection import mutual_info_classif
from sklearn.model_selection import StratifiedKFold
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

RANDOM_STATE = 0
#: Inverse L2 strength of every logistic fit (features are standardised).
C = 1.0
#: One-hot levels kept per text column (the rest share "other").
MAX_LEVELS = 20
#: Folds of the cross-fitted held-out curve.
FOLDS = 5
#: Family-wise level of the selection's gate (divided by the questions still in play).
ALPHA = 0.05
#: z of a one-sided 95 % bound: a two-sided 90 % interval.
Z90 = 1.6448536269514722


# --- encoding ---------------------------------------------------------------------------------


def _standardise(values: np.ndarray) -> np.ndarray:
    sd = values.std()
    return (values - values.mean()) / (sd if sd > 0 else 1.0)


def _asked(series: pd.Series) -> np.ndarray:
    filled = series.notna()
    if not pd.api.types.is_numeric_dtype(series):
        filled &= series.astype("string").str.strip().fillna("") != ""
    return filled.to_numpy(bool)


def _one_hot(series: pd.Series, asked: np.ndarray) -> list[np.ndarray]:
    text = series.astype("string").str.strip().where(asked)
    counts = text.value_counts()
    levels = list(counts.index[:MAX_LEVELS])
    if len(levels) <= 1:
        return []
    if len(levels) == 2 and len(counts) == 2:
        return [_standardise((text == levels[0]).fillna(False).to_numpy(float))]
    out = [(text == level).fillna(False).to_numpy(float) for level in levels]
    rest = (asked & ~text.isin(levels).fillna(False).to_numpy(bool)).astype(float)
    if rest.any():
        out.append(rest)
    return out


def encode_column(series: pd.Series) -> np.ndarray:
    """One column (first-party or a question's answers) as standardised model columns.

    Numbers (booleans and dates too) stay one column, in their order: an ordinal answer scale is
    not split into unrelated levels. Text is one-hot (the :data:`MAX_LEVELS` commonest levels).
    A column with missing values (a question not asked to everyone) gets a missing flag; a
    constant column gives no model column at all (shape ``(n, 0)``).
    """
    asked = _asked(series)
    blocks: list[np.ndarray] = []
    if pd.api.types.is_datetime64_any_dtype(series):
        series = (series - series.min()).dt.days
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
        values = series.astype(float).to_numpy()
        if asked.any():
            filled = np.where(asked, values, np.median(values[asked]))
            if filled.std() > 0:
                blocks.append(_standardise(filled))
    else:
        blocks.extend(_one_hot(series, asked))
    if blocks and not asked.all():
        blocks.append(_standardise((~asked).astype(float)))
    if not blocks:
        return np.zeros((len(series), 0))
    return np.column_stack(blocks)


def encode_frame(frame: pd.DataFrame) -> np.ndarray:
    """Every column of ``frame`` encoded by :func:`encode_column`, side by side."""
    parts = [encode_column(frame[c]) for c in frame.columns]
    return np.hstack(parts) if parts else np.zeros((len(frame), 0))


# --- the logistic fits -------------------------------------------------------------------------


@dataclass(frozen=True)
class Logistic:
    """An L2-penalised logistic regression: ``intercept + X @ coef``."""

    intercept: float
    coef: np.ndarray

    def predict(self, X: np.ndarray) -> np.ndarray:
        z = self.intercept + (X @ self.coef if X.shape[1] else 0.0)
        return np.clip(1 / (1 + np.exp(-np.clip(z, -35, 35))), 1e-9, 1 - 1e-9)


def fit_logistic(
    X: np.ndarray, y: np.ndarray, iterations: int = 50, start: Logistic | None = None
) -> Logistic:
    """Newton's method for ``½‖β‖²/C + Σ log-loss`` (the intercept unpenalised), as
    scikit-learn's ``LogisticRegression(C=C)`` defines it; a few iterations on standardised
    columns, with step halving should a step not lower the objective. ``start``: a fit on the
    first columns of ``X`` (the rest start at 0), as forward selection has one."""
    n, p = X.shape
    Xa = np.hstack([np.ones((n, 1)), X])
    penalty = np.full(p + 1, 1 / C)
    penalty[0] = 0.0
    rate = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    beta = np.zeros(p + 1)
    beta[0] = np.log(rate / (1 - rate))
    if start is not None and len(start.coef) <= p:
        beta[0] = start.intercept
        beta[1 : 1 + len(start.coef)] = start.coef

    def objective(b: np.ndarray) -> float:
        z = Xa @ b
        return float(np.sum(np.logaddexp(0, z) - y * z) + 0.5 * np.sum(penalty * b * b))

    current = objective(beta)
    for _ in range(iterations):
        prob = 1 / (1 + np.exp(-np.clip(Xa @ beta, -35, 35)))
        grad = Xa.T @ (prob - y) + penalty * beta
        w = prob * (1 - prob)
        H = Xa.T @ (Xa * w[:, None]) + np.diag(penalty) + 1e-9 * np.eye(p + 1)
        step = np.linalg.solve(H, grad)
        size = 1.0
        while True:
            trial = beta - size * step
            value = objective(trial)
            if value <= current + 1e-12 or size < 1e-4:
                break
            size /= 2
        beta, previous, current = trial, current, value
        if previous - current < 1e-10 * max(1.0, abs(current)):
            break
    return Logistic(float(beta[0]), beta[1:])


def predict(model: Logistic, X: np.ndarray) -> np.ndarray:
    return model.predict(X)


def score_statistics(
    X: np.ndarray, p: np.ndarray, y: np.ndarray, blocks: Sequence[np.ndarray]
) -> np.ndarray:
    """Each block's Rao score statistic for being added to the logistic model ``X`` → ``p``.

    ``U = Zᵀ(y − p)``, ``V = ZᵀWZ − ZᵀWX (XᵀWX + λ)⁻¹ XᵀWZ`` (X with its intercept, λ the L2
    penalty of the fit), ``S = Uᵀ V⁻¹ U``: the deviance the block would remove, to first order,
    from one fit and no refit. A block with no columns scores 0.
    """
    widths = [b.shape[1] for b in blocks]
    n = len(y)
    Z = np.hstack([b for b in blocks if b.shape[1]]) if any(widths) else np.zeros((n, 0))
    return _stacked_statistics(X, p, y, Z, _spans(widths), range(len(blocks)))


def _spans(widths: Sequence[int]) -> list[tuple[int, int]]:
    """Each block's columns in the blocks stacked side by side."""
    ends = np.cumsum(widths)
    return [(int(e - w), int(e)) for w, e in zip(widths, ends, strict=True)]


def _stacked_statistics(
    X: np.ndarray,
    p: np.ndarray,
    y: np.ndarray,
    Z: np.ndarray,
    spans: Sequence[tuple[int, int]],
    which: Sequence[int],
) -> np.ndarray:
    """:func:`score_statistics` of the blocks ``which``, each the columns ``spans[j]`` of the
    blocks stacked once in ``Z`` (forward selection stacks them once, not at every step)."""
    n = len(y)
    w = p * (1 - p)
    r = y - p
    Xa = np.hstack([np.ones((n, 1)), X])
    XaW = Xa * w[:, None]
    H = Xa.T @ XaW
    H[1:, 1:] += np.eye(X.shape[1]) / C
    U = Z.T @ r
    ZWX = Z.T @ XaW
    solved = np.linalg.solve(H, ZWX.T)  # (p', D)
    out = np.zeros(len(which))
    for i, j in enumerate(which):
        start, end = spans[j]
        d = end - start
        if d == 0:
            continue
        zj = Z[:, start:end]
        cross = ZWX[start:end] @ solved[:, start:end]
        V = zj.T @ (zj * w[:, None]) + np.eye(d) / C - cross
        u = U[start:end]
        try:
            out[i] = float(u @ np.linalg.solve(V, u))
        except np.linalg.LinAlgError:
            out[i] = 0.0
    return np.maximum(out, 0.0)


def mutual_information(codes: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each column's mutual information with ``y`` (answers as integer codes, "not asked" a code
    of its own)."""
    if codes.shape[1] == 0:
        return np.zeros(0)
    return mutual_info_classif(codes, y, discrete_features=True, random_state=RANDOM_STATE)


def most_informative_first(mi: np.ndarray) -> list[int]:
    """Column indexes by ``mi``, the largest first (ties: the earlier column)."""
    return sorted(range(len(mi)), key=lambda j: (-mi[j], j))


def mutual_information_order(codes: np.ndarray, y: np.ndarray) -> list[int]:
    """Columns of ``codes`` by their mutual information with ``y``, the most informative first."""
    return most_informative_first(mutual_information(codes, y))


@dataclass(frozen=True)
class Selection:
    order: tuple[int, ...]  # block indexes, most valuable first
    p_values: tuple[float, ...]  # each one's score-test p-value when it was taken
    by_merit: int  # how many, first in ``order``, passed the gate (the rest: by the fallback)


def _significance(stats: np.ndarray, dfs: np.ndarray) -> np.ndarray:
    """log p-values of score statistics (χ² on ``dfs``); log, so that strong ones still order."""
    return np.asarray(chi2.logsf(stats, dfs), dtype=float)


def score_test_order(
    base: np.ndarray,
    blocks: Sequence[np.ndarray],
    y: np.ndarray,
    steps: int | None = None,
    on_fit: Callable[[int, Logistic, list[int]], None] | None = None,
    fallback: Sequence[int] | None = None,
) -> Selection:
    """Greedy forward selection by the score test, gated (one logistic fit per step).

    Each step takes the question whose score statistic is the most significant, while its
    p-value is at most :data:`ALPHA` divided by the questions still in play. ``steps`` bounds how
    many are chosen by refitting. Past the gate, or past ``steps``, the rest follow: those still
    passing the gate on the last fit by their significance, then the others in ``fallback``'s
    order (block indexes, e.g. :func:`mutual_information_order`; without one, by their last
    significance). ``on_fit`` hears every fit (the number of questions in it, the model, those
    questions), so that a caller may reuse it.
    """
    remaining = list(range(len(blocks)))
    chosen: list[int] = []
    p_values: list[float] = []
    limit = len(blocks) if steps is None else min(steps, len(blocks))
    model: Logistic | None = None
    widths = [b.shape[1] for b in blocks]
    dfs_all = np.array([max(w, 1) for w in widths])
    stacked = np.hstack(blocks) if sum(widths) else np.zeros((len(y), 0))
    spans = _spans(widths)
    X, in_X = base, 0  # the columns of the fit: first party, then the chosen so far
    by_merit = 0
    while remaining:
        if in_X < len(chosen):
            X = np.hstack([X, *[blocks[j] for j in chosen[in_X:]]])
            in_X = len(chosen)
        model = fit_logistic(X, y, start=model)
        if on_fit is not None:
            on_fit(len(chosen), model, list(chosen))
        stats = _stacked_statistics(X, predict(model, X), y, stacked, spans, remaining)
        log_p = _significance(stats, dfs_all[remaining])
        gate = np.log(ALPHA / len(remaining))
        ranked = sorted(range(len(remaining)), key=lambda i: (log_p[i], -stats[i], remaining[i]))
        best = ranked[0]
        if len(chosen) < limit and log_p[best] <= gate and widths[remaining[best]]:
            chosen.append(remaining.pop(best))
            p_values.append(float(np.exp(log_p[best])))
            by_merit += 1
            continue
        passing = [i for i in ranked if log_p[i] <= gate and widths[remaining[i]]]
        passed = set(passing)
        rest = [i for i in ranked if i not in passed]
        if fallback is not None:
            position = {j: k for k, j in enumerate(fallback)}
            rest.sort(key=lambda i: (position.get(remaining[i], len(position)), remaining[i]))
        for i in [*passing, *rest]:
            chosen.append(remaining[i])
            p_values.append(float(np.exp(log_p[i])))
        break
    return Selection(tuple(chosen), tuple(p_values), by_merit)


# --- held-out AUC with DeLong's variance ------------------------------------------------------


def _placements(y: np.ndarray, score: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """AUC and DeLong's structural components (V10 for positives, V01 for negatives)."""
    pos, neg = score[y == 1], score[y == 0]
    m, n = len(pos), len(neg)
    all_ranks = rankdata(np.concatenate([pos, neg]))
    pos_ranks = rankdata(pos)
    neg_ranks = rankdata(neg)
    v10 = (all_ranks[:m] - pos_ranks) / n
    v01 = 1 - (all_ranks[m:] - neg_ranks) / m
    return float(v10.mean()), v10, v01


def auc_curve(y: np.ndarray, scores: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """AUC of each score and the covariance matrix of those AUCs (DeLong et al., 1988)."""
    parts = [_placements(y, s) for s in scores]
    auc = np.array([a for a, _, _ in parts])
    v10 = np.array([p for _, p, _ in parts])
    v01 = np.array([q for _, _, q in parts])
    m, n = v10.shape[1], v01.shape[1]
    cov = np.atleast_2d(np.cov(v10)) / m + np.atleast_2d(np.cov(v01)) / n
    return auc, cov


@dataclass(frozen=True)
class HeldOutCurve:
    """AUC gain over first-party data alone after k = 1..K questions, on held-out customers."""

    auc_base: float  # out-of-fold AUC of first-party data alone
    gain: tuple[float, ...]  # AUC(k) − AUC(0), k = 1..K
    low: tuple[float, ...]  # its 90 % interval
    high: tuple[float, ...]
    step_gain: tuple[float, ...]  # AUC(k) − AUC(k − 1)
    step_se: tuple[float, ...]
    log_loss: tuple[float, ...]  # out-of-fold log-loss for k = 0..K
    stop: int  # questions worth asking: beyond, one more adds less than its noise
    folds: int


def stopping_point(step_gain: Sequence[float], step_se: Sequence[float]) -> int:
    """The first k after which the next question's gain is below 1.645 of its standard error."""
    for k, (g, se) in enumerate(zip(step_gain, step_se, strict=True)):
        if g <= Z90 * se:
            return k
    return len(step_gain)


def _log_loss(y: np.ndarray, p: np.ndarray) -> float:
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _fold_curve(
    base: np.ndarray,
    blocks: Sequence[np.ndarray],
    y: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    length: int,
    orders: Sequence[Sequence[int]],
    codes: np.ndarray | None = None,
) -> tuple[list[int], list[np.ndarray]]:
    """One fold: the order chosen on ``train`` and the held-out scores of ``test`` for k = 0..
    ``length`` (the selection's own fits, reused), then for each fixed order k = 1..len(order).
    ``codes`` (the answers as integer codes): the selection's fallback, mutual information, is
    measured on ``train`` too."""
    out: dict[int, np.ndarray] = {}
    X_test_base = base[test]
    test_blocks = [b[test] for b in blocks]
    first_party_fit: list[Logistic] = []

    def keep(k: int, model: Logistic, chosen: list[int]) -> None:
        if k == 0:
            first_party_fit.append(model)
        if k <= length:
            out[k] = predict(model, np.hstack([X_test_base, *[test_blocks[j] for j in chosen]]))

    train_blocks = [b[train] for b in blocks]
    y_train = y[train]
    fallback = None if codes is None else mutual_information_order(codes[train], y_train)
    order = list(score_test_order(base[train], train_blocks, y_train, length, keep, fallback).order)
    scores = []
    for k in range(length + 1):
        if k not in out:  # past the gate: the rest fitted here
            X = np.hstack([base, *[blocks[j] for j in order[:k]]])
            out[k] = predict(fit_logistic(X[train], y_train), X[test])
        scores.append(out[k])
    train_base = base[train]
    for fixed in orders:
        # each k starts from the fit of k − 1 (its columns are a prefix): the same optimum, in
        # fewer Newton steps
        model: Logistic | None = first_party_fit[0] if first_party_fit else None
        for k in range(1, len(fixed) + 1):
            X_train = np.hstack([train_base, *[train_blocks[j] for j in fixed[:k]]])
            model = fit_logistic(X_train, y_train, start=model)
            scores.append(
                predict(model, np.hstack([X_test_base, *[test_blocks[j] for j in fixed[:k]]]))
            )
    return order, scores


def held_out_curves(
    base: np.ndarray,
    blocks: Sequence[np.ndarray],
    y: np.ndarray,
    length: int,
    others: dict[str, Sequence[int]] | None = None,
    other_length: int = 5,
    n_jobs: int = 1,
    codes: np.ndarray | None = None,
) -> tuple[HeldOutCurve, dict[str, tuple[float, ...]], dict[str, tuple[float, ...]]]:
    """The cross-fitted held-out curve of the selection, and of fixed ``others`` orders.

    In each of :data:`FOLDS` folds the order is chosen on the other folds
    (:func:`score_test_order`, its fallback measured there from ``codes`` when given); every
    fold's customers are scored by models fitted without them.
    ``others`` (e.g. mutual information's order) are fixed orders whose held-out AUC gain and
    log-loss are given for k = 1..``other_length``.
    """
    length = min(length, len(blocks))
    other_length = min(other_length, len(blocks))
    others = others or {}
    folds = list(StratifiedKFold(FOLDS, shuffle=True, random_state=RANDOM_STATE).split(base, y))
    fixed = [list(o)[:other_length] for o in others.values()]

    def run(train: np.ndarray, test: np.ndarray) -> tuple[list[int], list[np.ndarray]]:
        return _fold_curve(base, blocks, y, train, test, length, fixed, codes)

    # threads: the work is numpy's (the GIL released), and nothing is copied to other processes;
    # one BLAS thread each, or two folds' BLAS pools fight over two cores (50,000 rows: 28 s
    # with the default pools, 16 s with one thread each)
    with threadpool_limits(1 if n_jobs != 1 else None, user_api="blas"):
        results = Parallel(n_jobs=n_jobs, prefer="threads")(
            delayed(run)(tr, te) for tr, te in folds
        )
    per = (length + 1) + len(fixed) * other_length
    scores = [np.zeros(len(y)) for _ in range(per)]
    for (_, test), (_, fold) in zip(folds, results, strict=True):
        for i, s in enumerate(fold):
            scores[i][test] = s
    own = scores[: length + 1]
    auc, cov = auc_curve(y, own)
    gain, low, high, step, step_se = [], [], [], [], []
    for k in range(1, length + 1):
        g = auc[k] - auc[0]
        se = float(np.sqrt(max(cov[k, k] + cov[0, 0] - 2 * cov[k, 0], 0.0)))
        gain.append(float(g))
        low.append(float(g - Z90 * se))
        high.append(float(g + Z90 * se))
        step.append(float(auc[k] - auc[k - 1]))
        var = cov[k, k] + cov[k - 1, k - 1] - 2 * cov[k, k - 1]
        step_se.append(float(np.sqrt(max(var, 0.0))))
    curve = HeldOutCurve(
        auc_base=float(auc[0]),
        gain=tuple(gain),
        low=tuple(low),
        high=tuple(high),
        step_gain=tuple(step),
        step_se=tuple(step_se),
        log_loss=tuple(_log_loss(y, s) for s in own),
        stop=stopping_point(step, step_se),
        folds=FOLDS,
    )
    other_gains: dict[str, tuple[float, ...]] = {}
    other_losses: dict[str, tuple[float, ...]] = {}
    at = length + 1
    for name in others:
        block = scores[at : at + other_length]
        at += other_length
        aucs, _ = auc_curve(y, [own[0], *block])
        other_gains[name] = tuple(float(a - aucs[0]) for a in aucs[1:])
        other_losses[name] = tuple(_log_loss(y, s) for s in block)
    return curve, other_gains, other_losses
