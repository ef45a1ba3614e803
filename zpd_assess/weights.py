"""Goal weights from pairwise comparisons: the Analytic Hierarchy Process (AHP).

The room compares goals two at a time on Saaty's 1–9 scale ("retention matters 3 times more than
acquisition"). The weights are the principal eigenvector of the reciprocal comparison matrix; the
consistency ratio ``CR = CI / RI`` with ``CI = (λ_max − n) / (n − 1)`` says whether the judgments
hang together (CR ≤ 0.10 is the usual bar), and the pair whose judgment departs most from what
the weights imply is named so that the room can reconsider it. Several people's judgments are
aggregated by the element-wise geometric mean (AIJ), which keeps the matrix reciprocal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: Saaty's random consistency index for n = 1..15 (Saaty, Theory and Applications of the Analytic
#: Network Process, RWS Publications 2005, p. 31 — the table `ahpy` uses with random_index="saaty").
RANDOM_INDEX = (0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58,
                1.59)  # fmt: skip
CR_THRESHOLD = 0.10
#: Most items compared at once: Saaty's advice of 7 ± 2 (9 goals are already 36 pairs).
AHP_MAX_ITEMS = 9
#: Judgments of a pair whose natural-log spread exceeds this split the room (×2 apart or more).
SPLIT_LOG_SPREAD = 0.7


class AhpError(ValueError):
    """A comparison matrix that AHP cannot use; the message says which cell and why."""


@dataclass(frozen=True)
class AhpResult:
    weights: dict[str, float]
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float
    worst_pair: tuple[str, str] | None  # the judgment to reconsider
    worst_pair_judgment: float | None  # what was said: a_ij
    worst_pair_implied: float | None  # what the weights imply: w_i / w_j

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CR_THRESHOLD


def pairwise_matrix(
    items: Sequence[str], judgments: Mapping[tuple[str, str], float]
) -> pd.DataFrame:
    """A reciprocal matrix from judgments ``{(a, b): x}`` meaning "a is x times as important as b".

    Missing pairs are taken as equal (1); each pair may be given in either direction, not both.
    """
    items = list(items)
    index = {item: i for i, item in enumerate(items)}
    m = np.ones((len(items), len(items)))
    for (a, b), value in judgments.items():
        if a not in index or b not in index:
            unknown = a if a not in index else b
            raise AhpError(f"Unknown item {unknown!r} in a comparison; items: {', '.join(items)}")
        if a == b:
            raise AhpError(f"{a!r} is compared with itself")
        value = float(value)
        if not (value > 0 and np.isfinite(value)):
            raise AhpError(f"The judgment {a} vs {b} must be a positive number, found {value}")
        i, j = index[a], index[b]
        if m[i, j] != 1 and not np.isclose(m[i, j], value):
            raise AhpError(f"The pair {a} vs {b} is judged twice")
        m[i, j], m[j, i] = value, 1 / value
    return pd.DataFrame(m, index=items, columns=items)


def _check_matrix(matrix: pd.DataFrame) -> np.ndarray:
    m = matrix.to_numpy(dtype=float)
    n = m.shape[0]
    if m.shape != (n, n) or n < 1:
        raise AhpError("The comparison matrix must be square")
    if list(matrix.index) != list(matrix.columns):
        raise AhpError("The comparison matrix must list the same items in rows and columns")
    if not np.all(np.isfinite(m)) or np.any(m <= 0):
        raise AhpError("Every judgment must be a positive number")
    if not np.allclose(np.diag(m), 1):
        raise AhpError("An item compared with itself must be 1")
    bad = np.argwhere(~np.isclose(m * m.T, 1, rtol=1e-6))
    if len(bad):
        i, j = bad[0]
        raise AhpError(
            f"The matrix is not reciprocal at {matrix.index[i]} vs {matrix.columns[j]}: "
            f"{m[i, j]:g} and {m[j, i]:g} should multiply to 1"
        )
    return m


def ahp(matrix: pd.DataFrame) -> AhpResult:
    """Weights, consistency ratio and the pair to reconsider, from a reciprocal matrix."""
    m = _check_matrix(matrix)
    n = m.shape[0]
    items = list(matrix.index)
    values, vectors = np.linalg.eig(m)
    k = int(np.argmax(values.real))
    lambda_max = float(values[k].real)
    w = np.abs(vectors[:, k].real)
    w = w / w.sum()
    ci = (lambda_max - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX[n - 1] if n <= len(RANDOM_INDEX) else RANDOM_INDEX[-1]
    cr = ci / ri if ri > 0 else 0.0
    worst = None
    said = implied = None
    if n > 2:
        deviation = np.abs(np.log(m * np.outer(1 / w, w)))  # log(a_ij / (w_i / w_j))
        np.fill_diagonal(deviation, 0)
        i, j = np.unravel_index(int(np.argmax(np.triu(deviation))), deviation.shape)
        if deviation[i, j] > 1e-9:
            worst = (items[i], items[j])
            said, implied = float(m[i, j]), float(w[i] / w[j])
    return AhpResult(
        weights=dict(zip(items, map(float, w), strict=True)),
        lambda_max=lambda_max,
        consistency_index=float(ci),
        random_index=float(ri),
        consistency_ratio=float(cr),
        worst_pair=worst,
        worst_pair_judgment=said,
        worst_pair_implied=implied,
    )


def aggregate_judgments(matrices: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Group judgment by the element-wise geometric mean of individual matrices (AIJ)."""
    if not matrices:
        raise AhpError("No judgments to aggregate")
    first = matrices[0]
    stack = []
    for m in matrices:
        if list(m.index) != list(first.index):
            raise AhpError("Every participant must compare the same items")
        stack.append(np.log(_check_matrix(m)))
    mean = np.exp(np.mean(stack, axis=0))
    return pd.DataFrame(mean, index=first.index, columns=first.columns)


def group_judgment(
    items: Sequence[str], judged: Mapping[tuple[str, str], Sequence[float]]
) -> tuple[AhpResult, dict[tuple[str, str], float]]:
    """The room's weights and where it disagrees, from everyone's judgments per pair.

    The group judgment of a pair is the geometric mean of the individual ones (AIJ — the same as
    :func:`aggregate_judgments` on complete matrices); the disagreement on a pair is the standard
    deviation of the judgments' logarithms (0 when everyone agrees).
    """
    means = {pair: float(np.exp(np.mean(np.log(values)))) for pair, values in judged.items()}
    spreads = {pair: float(np.std(np.log(values))) for pair, values in judged.items()}
    return ahp(pairwise_matrix(items, means)), spreads


# --- the comparison slider --------------------------------------------------------------------

#: Positions of the comparison slider: Saaty's odd intensities (1 equal, 3 moderate, 5 strong,
#: 7 very strong, 9 extreme) towards either goal. ``5`` reads "the first goal matters 5 times as
#: much"; ``-5`` reads "the second goal matters 5 times as much"; ``1`` is "equal".
SAATY_SLIDER = (-9, -7, -5, -3, 1, 3, 5, 7, 9)


def judgment_from_slider(position: int) -> float:
    """The judgment ``a_ij`` a slider position says: ``5 → 5.0``, ``-5 → 1/5``, ``1 → 1.0``."""
    if position not in SAATY_SLIDER:
        raise AhpError(
            f"The comparison slider was at {position!r}; its positions are "
            f"{', '.join(map(str, SAATY_SLIDER))}. Move it to one of them."
        )
    return float(position) if position > 0 else 1.0 / abs(position)


def slider_from_judgment(judgment: float) -> int:
    """The slider position nearest a judgment (on the log scale): ``1/5 → -5``, ``4 → 3 or 5``.

    A room's geometric mean (say 2.6) is shown at the nearest position; ``1`` for equal.
    """
    value = float(judgment)
    if not (value > 0 and np.isfinite(value)):
        raise AhpError(f"A judgment must be a positive number, found {judgment!r}")
    return min(SAATY_SLIDER, key=lambda p: abs(np.log(judgment_from_slider(p)) - np.log(value)))


def judgments_from_sliders(
    positions: Mapping[tuple[str, str], int],
) -> dict[tuple[str, str], float]:
    """``{(a, b): slider position}`` as judgments ``{(a, b): a_ij}`` for :func:`pairwise_matrix`."""
    return {pair: judgment_from_slider(int(p)) for pair, p in positions.items()}


def slider_caption(position: int, first: str, second: str, equal: str) -> str:
    """What a slider position reads: ``equal``, or the goal that matters more and ``×n``."""
    if position == 1:
        return equal
    return f"{first if position > 0 else second} ×{abs(position)}"


# --- using AHP or the room's weights ----------------------------------------------------------


@dataclass(frozen=True)
class WeightChange:
    goal: str
    before: float
    after: float


@dataclass(frozen=True)
class AppliedWeights:
    """Goal weights after taking the shares of some goals, and what changed.

    ``weights`` holds every goal. ``compared_total`` is the weight the compared goals share
    between them (what they had together before, see :func:`apply_weights`); ``rescaled`` is the
    factor every weight was divided by so that none exceeds 1 (``1.0`` when none did).
    ``changes`` lists the goals whose weight moved, largest move first.
    """

    weights: dict[str, float]
    changes: tuple[WeightChange, ...]
    compared_total: float
    rescaled: float


def apply_weights(
    current: Mapping[str, float],
    shares: Mapping[str, float],
    goals: Sequence[str],
    *,
    digits: int = 4,
) -> AppliedWeights:
    """Give the compared goals the split of ``shares``, keeping the other goals' weights.

    ``shares`` are AHP weights over some of ``goals`` (they need not sum to 1; only their ratios
    count). The goals compared keep the total weight they had together, ``T = Σ current[g]`` over
    the compared goals, and split it as the comparison says: ``new[g] = T × share[g] / Σ share``.
    Goals not compared keep their weight exactly, so their importance relative to each other and
    to the compared group does not move. When the compared goals had no weight at all, they get
    the average weight of a goal per goal (``T = n_compared × Σ current / n_goals``), or all
    the weight when every goal was at 0. If a weight would exceed 1 (a slider's top), every
    weight is divided by the largest, which changes no result: importance uses the weights'
    shares only. Weights are rounded to ``digits`` places, as the sliders keep them.
    """
    goals = list(goals)
    unknown = sorted(set(shares) - set(goals))
    if unknown:
        raise AhpError(
            f"Weights were given for unknown goal(s) {', '.join(unknown)}; "
            f"goals: {', '.join(goals)}"
        )
    bad = {g: s for g, s in shares.items() if not (float(s) >= 0 and np.isfinite(float(s)))}
    share_total = float(sum(float(s) for s in shares.values()))
    if bad or share_total <= 0:
        raise AhpError(
            "The comparison's weights must be zero or positive with at least one above zero; "
            f"found {', '.join(f'{g}={s}' for g, s in shares.items()) or 'none'}"
        )
    before = {g: float(current.get(g, 0.0)) for g in goals}
    compared_total = sum(before[g] for g in shares)
    if compared_total <= 0:
        everything = sum(before.values())
        compared_total = len(shares) * everything / len(goals) if everything > 0 else 1.0
    after = dict(before)
    for g, s in shares.items():
        after[g] = compared_total * float(s) / share_total
    largest = max(after.values())
    rescaled = largest if largest > 1.0 else 1.0
    after = {g: round(w / rescaled, digits) for g, w in after.items()}
    changes = tuple(
        sorted(
            (
                WeightChange(g, before[g], after[g])
                for g in goals
                if after[g] != round(before[g], digits)
            ),
            key=lambda c: (-abs(c.after - c.before), goals.index(c.goal)),
        )
    )
    return AppliedWeights(after, changes, compared_total, rescaled)
