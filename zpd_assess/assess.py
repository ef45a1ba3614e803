"""The headless pipeline: inventory file → mapped inventory → scored, explained topics → JSON.

The CLI and the app call the same functions. Each step is pure; the expensive ones (reading the
file, building the mapper) are separate so that the app can cache them at its edge and recompute
only what a slider changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .catalog import Catalog
from .intake import IntakeResult, Issue, load_inventory, make_issue
from .mapping import TopicMapper, apply_mapping
from .scoring import TopicScores, party_mix, score_topics


@dataclass(frozen=True)
class Assessment:
    """Where an organisation stands in knowing its customers."""

    organisation: str
    inventory: pd.DataFrame  # the intake table with mapping columns
    scores: TopicScores
    warnings: tuple[Issue, ...]
    channels: tuple[str, ...]

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
) -> Assessment:
    """Map, score and explain an inventory under the given goal weights."""
    mapped, review = map_inventory(intake, catalog, mapper)
    scores = score_topics(mapped, catalog, weights or catalog.default_goal_weights(), inferability)
    return Assessment(
        organisation=organisation or intake.source_name,
        inventory=mapped,
        scores=scores,
        warnings=intake.warnings + review,
        channels=tuple(channels or catalog.channels.index),
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
        "questions": [],
        "channels": [
            {"channel_id": c, "question_ids": [], "budget_used": {"questions": 0, "seconds": 0}}
            for c in assessment.channels
        ],
        "warnings": [w.as_dict() for w in assessment.warnings],
    }
