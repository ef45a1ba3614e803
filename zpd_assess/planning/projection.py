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
from .model import Budget, Plan
from .pairs import contact_slot, fatigue_factor
from .spoken import question_room
from .units import (
    UnitLink,
    ValueUnits,
    module_room,
    near_duplicates,
    question_links,
    screeners,
    value_units,
)


def plan_value(
    scores: TopicScores,
    pairs: pd.DataFrame,
    selection: Sequence[tuple[str, str]],
    questions: pd.DataFrame,
    catalog: Catalog,
    *,
    fatigue: bool = True,
) -> float:
    """f(S) − f(∅) in index points for a selection of (question, channel) in asking order.

    Computed from the scores and the catalogs alone (the units and the links are rebuilt), so
    that it checks the optimiser rather than repeating it.
    """
    units = value_units(scores, catalog)
    links = question_links(questions, units, scores.use_cases, catalog).links
    unknown = units.unknown.copy()
    effect = pairs.set_index(["question_id", "channel_id"])["effect"]
    ch = catalog.channel_records
    slots: dict[str, int] = {}
    for qid, channel in selection:
        slots[channel] = slots.get(channel, 0) + 1
        factor = (
            fatigue_factor(
                contact_slot(slots[channel], ch[channel]["max_questions"]),
                ch[channel]["fatigue_after_questions"],
                ch[channel]["fatigue_per_question"],
            )
            if fatigue
            else 1.0
        )
        e = effect[(qid, channel)] * factor
        for i, s in links[qid]:
            unknown[i] *= 1 - s * e
    return float(units.points * (units.importance * (units.unknown - unknown)).sum())


def standalone_selection(
    scores: TopicScores,
    catalog: Catalog,
    plan: Plan,
    questions: pd.DataFrame,
    budgets: Mapping[str, Budget] | None = None,
) -> list[tuple[str, str]]:
    """Naive baseline: rank (question, best channel) by stand-alone value, fill the budgets."""
    units = value_units(scores, catalog)
    links = question_links(questions, units, scores.use_cases, catalog).links
    weight = units.importance * units.unknown
    usable = plan.pairs[plan.pairs["allowed"]]
    usable = usable[
        usable["question_id"].isin(
            plan.questions.index[
                ~plan.questions["status"].isin(
                    ["purpose_limitation", "minimisation", "excluded", "other_industry"]
                )
            ]
        )
    ]
    value = np.array(
        [
            sum(weight[i] * s for i, s in links.get(qid, ())) * e
            for qid, e in zip(usable["question_id"], usable["effect"], strict=True)
        ]
    )
    usable = usable.assign(standalone=value).sort_values("standalone", ascending=False)
    best = usable.drop_duplicates("question_id")
    ch = catalog.channel_records
    budgets = budgets or {}
    used: dict[str, tuple[int, float]] = {}
    selection: list[tuple[str, str]] = []
    # a plan the planner could make: no near-duplicates, follow-ups only after their screener
    duplicates, follows = near_duplicates(questions), screeners(questions)
    pair_keys = zip(usable["question_id"], usable["channel_id"], strict=True)
    allowed = dict(zip(pair_keys, usable["burden_seconds"], strict=True))
    module = module_room(follows, allowed)
    taken: dict[str, str] = {}
    for qid, cid, seconds in zip(
        best["question_id"].tolist(), best["channel_id"].tolist(),
        best["burden_seconds"].tolist(), strict=True,
    ):  # fmt: skip
        if duplicates.get(qid, frozenset()) & taken.keys():
            continue
        if qid in follows and taken.get(follows[qid]) != cid:
            continue
        max_q, budget_s = budgets.get(cid, (ch[cid]["max_questions"], ch[cid]["max_seconds"]))
        max_s = question_room(cid, budget_s, catalog)
        n, s = used.get(cid, (0, 0.0))
        extra_q, extra_s = (0, 0.0) if qid in follows else module.get((qid, cid), (0, 0.0))
        if n + 1 + extra_q <= max_q and s + seconds + extra_s <= max_s:
            used[cid] = (n + 1, s + seconds)
            selection.append((qid, cid))
            taken[qid] = cid
    return selection


def project_index(
    scores: TopicScores,
    catalog: Catalog,
    questions: pd.DataFrame,
    months: Sequence[int] = (0, 3, 6, 12),
    units: ValueUnits | None = None,
    links: Mapping[str, Sequence[UnitLink]] | None = None,
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
    if units is None or links is None:
        units = value_units(scores, catalog)
        links = question_links(questions, units, scores.use_cases, catalog).links
    unit_topic = np.array([topic_pos[tid] for tid in units.topic], dtype=int)
    unit_importance = units.importance
    audiences = plan["audience"] if "audience" in plan.columns else [1.0] * len(plan)
    asked = [
        (a.number(f"waves.start_month.{wave}"), ch[channel]["cadence_days"], reach * audience,
         response, link, links[qid])
        for qid, wave, channel, reach, response, link, audience in zip(
            plan["question_id"], plan["wave"], plan["channel"], plan["reach"], plan["response"],
            plan["linkability"], audiences, strict=True,
        )
    ]  # fmt: skip
    if "repeats" in plan.columns:  # the same question asked again in other channels
        for qid, repeats, audience in zip(plan["question_id"], plan["repeats"], audiences,
                                          strict=True):  # fmt: skip
            asked.extend(
                (a.number(f"waves.start_month.{r['wave']}"), ch[r["channel"]]["cadence_days"],
                 r["reach"] * r.get("audience", audience), r["response"], r["linkability"],
                 links[r.get("question_id", qid)])
                for r in repeats or ()
            )  # fmt: skip
    rows = []
    codes = contributions["topic_id"].map(topic_pos).to_numpy(dtype=int)
    k_now = np.clip(contributions["k"].to_numpy(dtype=float), 0, 1 - 1e-12)
    half_life = contributions["half_life_days"].to_numpy(dtype=float)
    for m in months:
        extra_age = np.where(refreshed, 0.0, m * days)
        k = k_now * np.power(0.5, extra_age / half_life)
        log_unknown = np.bincount(codes, weights=np.log1p(-k), minlength=len(t))
        unknown_topic = np.exp(log_unknown) * (1 - inferability * w_inf)
        nothing = scale * float((importance * (1 - unknown_topic)).sum() / importance.sum())
        unknown = unknown_topic[unit_topic]
        for start, cadence, reach, response, link, unit_links in asked:
            asks = max(0.0, (m - start) * days / cadence)
            answered = reach * (1 - (1 - response) ** asks) * link
            for i, strength in unit_links:
                unknown[i] *= 1 - strength * answered
        with_plan = scale * float((unit_importance * (1 - unknown)).sum() / unit_importance.sum())
        rows.append({"month": m, "index_with_plan": with_plan, "index_nothing_done": nothing})
    return pd.DataFrame(rows)
