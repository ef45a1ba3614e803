"""The headless pipeline: inventory file → mapped inventory → scored, explained topics → JSON.

The CLI and the app call the same functions. Each step is pure; the expensive ones (reading the
file, building the mapper) are separate so that the app can cache them at its edge and recompute
only what a slider changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from .catalog import Catalog
from .intake import IntakeResult, Issue, load_inventory, make_issue
from .mapping import TopicMapper, apply_mapping
from .planning import Plan, PlanSettings, plan_questions
from .scoring import TopicScores, party_mix, score_topics


@dataclass(frozen=True)
class Assessment:
    """Where an organisation stands in knowing its customers."""

    organisation: str
    inventory: pd.DataFrame  # the intake table with mapping columns
    scores: TopicScores
    warnings: tuple[Issue, ...]
    channels: tuple[str, ...]
    plan: Plan

    @property
    def knowledge_index(self) -> float:
        return self.scores.knowledge_index

    def largest_gaps(self, n: int = 10) -> pd.DataFrame:
        return self.scores.topics.sort_values("gap", ascending=False).head(n)


def map_inventory(
    intake: IntakeResult, catalog: Catalog, mapper: TopicMapper | None = None
) -> tuple[pd.DataFrame, tuple[Issue, ...]]:
    """Auto-map rows without topics; a warning for each mapping that needs review."""
    mapper = mapper or TopicMapper(catalog)
    mapped = apply_mapping(intake.inventory, mapper)
    review = tuple(
        make_issue(catalog, "mapping_low_confidence", int(r.row), "topics", r.attribute,
                   f"{r.mapped_topic} ({r.mapping_confidence:.2f})")
        for r in mapped.itertuples(index=False)
        if r.needs_review
    )  # fmt: skip
    return mapped, review


def assess(
    intake: IntakeResult,
    catalog: Catalog,
    weights: Mapping[str, float] | None = None,
    *,
    organisation: str = "",
    channels: Sequence[str] | None = None,
    mapper: TopicMapper | None = None,
    inferability: Mapping[str, float] | None = None,
    settings: PlanSettings | None = None,
    questions: pd.DataFrame | None = None,
) -> Assessment:
    """Map, score and explain an inventory under the given goal weights, and plan the questions.

    ``channels`` (the organisation's) and ``settings`` (budgets, votes, pins...) shape the plan;
    ``questions`` is the pool (the bank and the room's questions; the bank alone by default).
    """
    mapped, review = map_inventory(intake, catalog, mapper)
    scores = score_topics(mapped, catalog, weights or catalog.default_goal_weights(), inferability)
    settings = settings or PlanSettings()
    if channels is not None:
        settings = replace(settings, channels=tuple(channels))
    plan = plan_questions(scores, catalog, settings, questions)
    return Assessment(
        organisation=organisation or intake.source_name,
        inventory=mapped,
        scores=scores,
        warnings=intake.warnings + review + plan.warnings,
        channels=tuple(settings.channels or catalog.channels.index),
        plan=plan,
    )


def assess_file(
    path: str | Path,
    catalog: Catalog,
    weights: Mapping[str, float] | None = None,
    **kwargs: Any,
) -> Assessment:
    return assess(load_inventory(path, catalog), catalog, weights, **kwargs)


def _round(value: float, digits: int = 6) -> float:
    return round(float(value), digits)


def assessment_json(assessment: Assessment, catalog: Catalog, lang: str = "en") -> dict[str, Any]:
    """The ``assess --json`` document of DESIGN.md."""
    s = assessment.scores
    topics = []
    for tid, row in s.topics.sort_values("gap", ascending=False).iterrows():
        topics.append(
            {
                "topic_id": tid,
                "label_en": row["label_en"],
                "label_he": row["label_he"],
                "category": row["category"],
                "special_category": bool(row["special_category"]),
                "importance": _round(row["importance"]),
                "knowledge": _round(row["knowledge"]),
                "gap": _round(row["gap"]),
                "gap_rank": int(row["gap_rank"]),
                "n_attributes": int(row["n_attributes"]),
                "explain": s.explain[tid],
            }
        )
    inv = assessment.inventory
    return {
        "organisation": assessment.organisation,
        "generated_on": dt.date.today().isoformat(),
        "lang": lang,
        "knowledge_index": _round(s.knowledge_index, 4),
        "knowledge_index_parts": {t: _round(v) for t, v in s.index_parts.items()},
        "weights": {g: _round(w) for g, w in s.weights.items()},
        "party_mix": {p: _round(v) for p, v in party_mix(s.contributions).items()},
        "inventory": {
            "attributes": len(inv),
            "auto_mapped": int((inv["topic_source"] == "auto").sum()),
            "needs_review": int(inv["needs_review"].sum()),
        },
        "topics": topics,
        "questions": _questions_json(assessment.plan),
        "channels": _channels_json(assessment.plan),
        "plan_value": _round(assessment.plan.value, 4),
        "projection": assessment.plan.projection.round(4).to_dict("records"),
        "warnings": [w.as_dict() for w in assessment.warnings],
    }


_QUESTION_FIELDS = (
    "question_id", "source", "text_en", "text_he", "topics", "rank", "in_plan", "status",
    "value", "value_per_second", "channel", "position", "runner_up_channel",
    "channel_reason_en", "channel_reason_he", "reach", "response", "linkability",
    "expected_answers", "expected_answers_count", "answered_12m", "value_exchange_en",
    "value_exchange_he", "incentive_type", "incentive_cost_ils", "incentive_cost_12m_ils", "wave",
    "sensitivity", "lawful_basis", "translation_missing", "reason_en", "reason_he", "votes",
    "burden_seconds", "answer_type",
)  # fmt: skip


def plain(value: Any) -> Any:
    """A JSON-ready scalar: numpy scalars unwrapped, NaN as null, floats to 6 places."""
    if isinstance(value, float):
        return None if value != value else round(value, 6)  # NaN -> null
    if hasattr(value, "item"):
        return plain(value.item())
    return value


def _questions_json(plan: Plan) -> list[dict[str, Any]]:
    out = []
    for record in plan.questions.to_dict("records"):
        item = {k: plain(record[k]) for k in _QUESTION_FIELDS}
        item["topics"] = list(record["topics"])
        item["topic_strengths"] = dict(record["topic_strengths"])
        item["explain"] = plan.explain.get(record["question_id"])
        out.append(item)
    return out


def _channels_json(plan: Plan) -> list[dict[str, Any]]:
    out = []
    for record in plan.channels.to_dict("records"):
        out.append(
            {
                "channel_id": record["channel_id"],
                "question_ids": list(record["question_ids"]),
                "budget_used": {
                    "questions": int(record["questions"]),
                    "seconds": plain(record["seconds"]),
                    "max_questions": plain(record["max_questions"]),
                    "max_seconds": plain(record["max_seconds"]),
                },
                "respondents": plain(record["respondents"]),
                "respondents_count": plain(record["respondents_count"]),
                "value": plain(record["value"]),
            }
        )
    return out
