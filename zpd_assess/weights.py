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
