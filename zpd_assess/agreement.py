"""How much the room agrees on its vote: Kendall's coefficient of concordance W over the
participants' ballots (each ballot's dots read as a ranking of the questions; the many ties of a
dot vote, most questions getting none, are corrected for), and its reading in plain words.

Written here (a dozen lines on :func:`scipy.stats.rankdata`): scipy has no W, and no package
that has one is in the lock. The formula and its tie correction are Kendall & Babington Smith
(1939) as given by Legendre (2005, J. Agric. Biol. Environ. Stat. 10:226); the words follow
Schmidt (1997, Decision Sciences 28:763), the usual scale for W in Delphi panels.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import rankdata

#: Schmidt's reading of W: (lower bound, label key), from the top.
AGREEMENT_WORDS = ((0.9, "agreement.unusual"), (0.7, "agreement.strong"),
                   (0.5, "agreement.moderate"), (0.3, "agreement.weak"),
                   (0.0, "agreement.very_weak"))  # fmt: skip


def kendalls_w(ballots: Sequence[Sequence[float]]) -> float | None:
    """W in [0, 1] for ``ballots`` (one row per participant, one score per item, more is
    preferred); None with fewer than two ballots or items, or when every ballot is all ties."""
    scores = np.asarray(ballots, dtype=float)
    if scores.ndim != 2 or scores.shape[0] < 2 or scores.shape[1] < 2:
        return None
    m, n = scores.shape
    ranks = np.vstack([rankdata(-row) for row in scores])  # 1: the item with the most dots
    totals = ranks.sum(axis=0)
    s = float(((totals - totals.mean()) ** 2).sum())
    ties = 0.0
    for row in scores:
        _, counts = np.unique(row, return_counts=True)
        ties += float((counts**3 - counts).sum())
    denominator = m**2 * (n**3 - n) - m * ties
    if denominator <= 0:
        return None
    return float(min(max(12 * s / denominator, 0.0), 1.0))


def room_agreement(ballots: Sequence[Sequence[float]], least: int) -> float | None:
    """W when there are at least ``least`` ballots (``agreement.min_ballots`` in the catalog's
    assumptions), else None: with two voters W is little more than whether two people happened
    to agree."""
    return kendalls_w(ballots) if len(ballots) >= least else None


def agreement_word(w: float) -> str:
    """The label key that reads W in words."""
    return next(key for floor, key in AGREEMENT_WORDS if w >= floor)
