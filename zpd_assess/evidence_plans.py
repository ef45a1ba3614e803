"""What measured evidence means for the plan: topics not worth asking, and a plan per segment.

:mod:`zpd_assess.evidence` measures (coverage, inferability, segments); this module applies two
rules on top, so that the evidence page only draws:

* a topic whose measured inferability reaches ``evidence.inferable_threshold`` (assumptions) is
  one the organisation can already infer from first-party data for most customers: "don't ask";
* each customer segment is scored on its own rows and gets its own plan, under the same
  settings and question pool as the whole base; the first questions of each plan are shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .catalog import Catalog
from .planning import Plan, PlanSettings, plan_questions
from .scoring import TopicScores


def inferable_topics(inferability: Mapping[str, float], catalog: Catalog) -> list[str]:
    """Topics (catalog ids, catalog order) whose inferability reaches the assumption's threshold."""
    threshold = catalog.assumptions.number("evidence.inferable_threshold")
    return [tid for tid in catalog.topics.index if inferability.get(tid, 0.0) >= threshold]


@dataclass(frozen=True)
class SegmentPlan:
    """One segment's gaps per topic and its plan, from its own customers' coverage."""

    segment: int
    gaps: pd.Series  # gap per topic id
    plan: Plan

    def first_questions(self, n: int) -> pd.DataFrame:
        """The first ``n`` planned questions, in plan order."""
        questions = self.plan.questions
        return questions[questions["in_plan"]].head(n)


def segment_plans(
    per_segment: Mapping[int, TopicScores],
    catalog: Catalog,
    settings: PlanSettings | None = None,
    pool: pd.DataFrame | None = None,
) -> list[SegmentPlan]:
    """A plan per segment, in segment order, from scores per segment (``segment_scores``)."""
    return [
        SegmentPlan(segment, scores.topics["gap"], plan_questions(scores, catalog, settings, pool))
        for segment, scores in sorted(per_segment.items())
    ]
