"""A channel's budget: how many questions and seconds it may ask, and the limits on editing it.

Each channel has a default budget in ``channels.csv`` (``max_questions``, ``max_seconds``, with
its source). The team may set its own per channel; a budget it sets is never below
``budget.min_questions`` questions and ``budget.min_seconds`` seconds (assumptions), so that a
channel in use can always ask one short question.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .catalog import Catalog

Budgets = Mapping[str, tuple[float, float]]  # channel id -> (questions, seconds)


@dataclass(frozen=True)
class BudgetLimits:
    min_questions: int
    min_seconds: int

    @classmethod
    def of(cls, catalog: Catalog) -> BudgetLimits:
        a = catalog.assumptions
        return cls(int(a.number("budget.min_questions")), int(a.number("budget.min_seconds")))


def channel_budget(catalog: Catalog, channel_id: str, budgets: Budgets) -> tuple[int, int]:
    """The budget in use for a channel: the team's when it set one, else the catalog's."""
    if channel_id not in catalog.channels.index:
        raise KeyError(
            f"Unknown channel {channel_id!r}; channels: {', '.join(catalog.channels.index)}"
        )
    default = (
        catalog.channels.at[channel_id, "max_questions"],
        catalog.channels.at[channel_id, "max_seconds"],
    )
    questions, seconds = budgets.get(channel_id, default)
    return int(questions), int(seconds)  # type: ignore[arg-type]  # .at: numbers here


def edited_budget(
    catalog: Catalog, channel_id: str, budgets: Budgets, changes: Mapping[str, float | None]
) -> tuple[int, int]:
    """A channel's budget after an edit of ``max_questions`` and/or ``max_seconds``.

    A field not in ``changes`` keeps the budget in use; a value is made whole and never below the
    limits; a cleared value (``None`` or 0) becomes the limit.
    """
    limits = BudgetLimits.of(catalog)
    questions, seconds = channel_budget(catalog, channel_id, budgets)
    if "max_questions" in changes:
        questions = max(limits.min_questions, int(changes["max_questions"] or 0))
    if "max_seconds" in changes:
        seconds = max(limits.min_seconds, int(changes["max_seconds"] or 0))
    return questions, seconds


def edited_reach(catalog: Catalog, channel_id: str, value: float | None) -> float | None:
    """The client's reach of a channel after an edit: a share in (0, 1]; a percentage typed as
    30 is 30%; a cleared value (None or 0) returns None (back to the catalog's figure)."""
    if value is None or value == 0:
        return None
    share = float(value)
    if share > 1:
        share /= 100
    return min(max(share, 0.001), 1.0)
