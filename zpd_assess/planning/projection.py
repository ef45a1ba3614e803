"""The plan over time (the index after some months) and the evaluation baselines of the tests.

``plan_value`` and ``standalone_selection`` measure a plan from outside the optimiser: the tests
and the benchmarks compare the planner with an exhaustive optimum and with a naive ranking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..scoring import TopicScores
from .model import Budget, Plan, topic_strengths
from .pairs import fatigue_factor


def plan_value(
    scores: TopicScores,
    pairs: pd.DataFrame,
    selection: Sequence[tuple[str, str]],
    questions: pd.DataFrame,
    catalog: Catalog,
    *,
    fatigue: bool = True,
) -> float:
    """f(S) − f(∅) in index points for a selection of (question, channel) in asking order."""
    t = scores.topics
    index = {tid: i for i, tid in enumerate(t.index)}
    importance = t["importance"].to_numpy(dtype=float)
    unknown = np.array(1 - t["knowledge"], dtype=float)
    start = unknown.copy()
    effect = pairs.set_index(["question_id", "channel_id"])["effect"]
    ch = catalog.channel_records
    slots: dict[str, int] = {}
    for qid, channel in selection:
        slots[channel] = slots.get(channel, 0) + 1
        factor = (
            fatigue_factor(
                slots[channel],
                ch[channel]["fatigue_after_questions"],
                ch[channel]["fatigue_per_question"],
            )
            if fatigue
            else 1.0
        )
        e = effect[(qid, channel)] * factor
        for topic, s in topic_strengths(questions, qid).items():
            unknown[index[topic]] *= 1 - s * e
    points = catalog.assumptions.number("index.scale") / importance.sum()
    return float(points * (importance * (start - unknown)).sum())


def standalone_selection(
    scores: TopicScores,
    catalog: Catalog,
    plan: Plan,
    questions: pd.DataFrame,
    budgets: Mapping[str, Budget] | None = None,
) -> list[tuple[str, str]]:
    """Naive baseline: rank (question, best channel) by stand-alone value, fill the budgets."""
    t = scores.topics
    weight = (t["importance"] * (1 - t["knowledge"])).to_dict()
    usable = plan.pairs[plan.pairs["allowed"]]
    usable = usable[
        usable["question_id"].isin(
            plan.questions.index[
                ~plan.questions["status"].isin(["purpose_limitation", "minimisation", "excluded"])
            ]
        )
    ]
    value = np.array(
        [
            sum(weight[tid] * s for tid, s in topic_strengths(questions, qid).items()) * e
            for qid, e in zip(usable["question_id"], usable["effect"], strict=True)
        ]
    )
    usable = usable.assign(standalone=value).sort_values("standalone", ascending=False)
    best = usable.drop_duplicates("question_id")
    ch = catalog.channel_records
    budgets = budgets or {}
    used: dict[str, tuple[int, float]] = {}
    selection: list[tuple[str, str]] = []
    for qid, cid, seconds in zip(
        best["question_id"].tolist(), best["channel_id"].tolist(),
        best["burden_seconds"].tolist(), strict=True,
    ):  # fmt: skip
        max_q, max_s = budgets.get(cid, (ch[cid]["max_questions"], ch[cid]["max_seconds"]))
        n, s = used.get(cid, (0, 0.0))
        if n + 1 <= max_q and s + seconds <= max_s:
            used[cid] = (n + 1, s + seconds)
            selection.append((qid, cid))
    return selection


def project_index(
    scores: TopicScores,
    catalog: Catalog,
    questions: pd.DataFrame,
    months: Sequence[int] = (0, 3, 6, 12),
) -> pd.DataFrame:
    """The customer-knowledge index after some months, with the plan and with nothing done.

    Nothing done: attributes with a last-updated date age (those refreshed on a cycle do not).
    With the plan: each channel asks at its cadence, from its wave's start month, the reachable
    customers who have not answered yet; the share who answered after n asks is
    ``reach × (1 − (1 − response)^n)``, times the linkability and the question's strength.
    """
    a = catalog.assumptions
    days = a.number("projection.days_per_month")
    t = scores.topics
    importance = t["importance"].to_numpy(dtype=float)
    topic_pos = {tid: i for i, tid in enumerate(t.index)}
    scale = a.number("index.scale")
    contributions = scores.contributions
    ch = catalog.channel_records
    plan = questions[questions["in_plan"]] if len(questions) else questions
    w_inf = a.number("inference.w_inf")
    inferability = t["inferability"].to_numpy(dtype=float)
    refreshed = contributions["refreshed"].to_numpy(dtype=bool)
    asked = [
        (a.number(f"waves.start_month.{wave}"), ch[channel]["cadence_days"], reach, response,
         link, strengths)
        for wave, channel, reach, response, link, strengths in zip(
            plan["wave"], plan["channel"], plan["reach"], plan["response"], plan["linkability"],
            plan["topic_strengths"], strict=True,
        )
    ]  # fmt: skip
    rows = []
    codes = contributions["topic_id"].map(topic_pos).to_numpy(dtype=int)
    k_now = np.clip(contributions["k"].to_numpy(dtype=float), 0, 1 - 1e-12)
    half_life = contributions["half_life_days"].to_numpy(dtype=float)
    for m in months:
        extra_age = np.where(refreshed, 0.0, m * days)
        k = k_now * np.power(0.5, extra_age / half_life)
        log_unknown = np.bincount(codes, weights=np.log1p(-k), minlength=len(t))
        unknown = np.exp(log_unknown) * (1 - inferability * w_inf)
        nothing = scale * float((importance * (1 - unknown)).sum() / importance.sum())
        for start, cadence, reach, response, link, strengths in asked:
            asks = max(0.0, (m - start) * days / cadence)
            answered = reach * (1 - (1 - response) ** asks) * link
            for tid, strength in strengths.items():
                unknown[topic_pos[tid]] *= 1 - strength * answered
        with_plan = scale * float((importance * (1 - unknown)).sum() / importance.sum())
        rows.append({"month": m, "index_with_plan": with_plan, "index_nothing_done": nothing})
    return pd.DataFrame(rows)
