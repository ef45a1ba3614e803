"""The pipeline: an inventory and the team's decisions → scored topics and a planned backlog.

:func:`assess_engagement` is the only place the steps are chained; the CLI, the app and the tests
all go through it. Each step is pure; the expensive ones (mapping the inventory, attribute
contributions, question × channel pairs) are methods of :class:`Steps`, so that the app can cache
them at its edge and recompute only what a slider changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from .catalog import Catalog
from .decisions import Decisions, Identity
from .intake import IntakeResult
from .issues import Issue, make_issue
from .mapping import TopicMapper, apply_mapping
from .moments import available_moments, moments_in_inventory
from .planning import (
    Plan,
    PlanSettings,
    plan_questions,
    question_channel_pairs,
    question_pool,
    workshop_questions,
)
from .scoring import TopicScores, attribute_knowledge, party_mix, score_from_contributions
from .topic_memory import REMEMBERED, apply_remembered
from .use_cases import UseCases, organisation_use_cases


@dataclass(frozen=True)
class Assessment:
    """Where an organisation stands in knowing its customers."""

    organisation: str
    inventory: pd.DataFrame  # the intake table with mapping columns
    scores: TopicScores
    warnings: tuple[Issue, ...]
    channels: tuple[str, ...]
    plan: Plan
    #: the moments of the organisation's industries, each with the attribute that signals it
    #: ('' when the inventory holds none; see zpd_assess.moments)
    moments: pd.DataFrame = field(default_factory=pd.DataFrame)

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


class Steps:
    """The pipeline's expensive steps. The app passes a subclass whose steps are cached at its
    edge (same functions, keyed by what they read); the CLI and tests use these as they are."""

    def __init__(self, mapper: TopicMapper | None = None):
        self.mapper = mapper

    def map(self, intake: IntakeResult, catalog: Catalog) -> tuple[pd.DataFrame, tuple[Issue, ...]]:
        return map_inventory(intake, catalog, self.mapper)

    def contributions(self, inventory: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
        return attribute_knowledge(inventory, catalog)

    def catalog(self, catalog: Catalog, relevance: Mapping[str, int]) -> Catalog:
        return catalog_with_relevance(catalog, relevance)

    def pairs(self, pool: pd.DataFrame, catalog: Catalog, settings: PlanSettings) -> pd.DataFrame:
        channels = tuple(settings.channels or catalog.channels.index)
        return question_channel_pairs(
            pool, catalog, channels, dict(settings.budgets) or None, dict(settings.reach) or None
        )


def apply_inventory_edits(
    inventory: pd.DataFrame, edits: Mapping[int, Mapping[str, Any]]
) -> pd.DataFrame:
    """The mapped inventory with the consultant's fixes by Excel row (topics, party, coverage...).

    A row given topics by hand is no longer "auto" and needs no review.
    """
    if not edits:
        return inventory
    out = inventory.copy()
    position = {int(r): i for i, r in enumerate(out["row"])}
    for row, changes in edits.items():
        i = position.get(int(row))
        if i is None:
            continue
        for column, value in changes.items():
            if column == "topics":
                out.at[out.index[i], "topics"] = list(value)
                out.at[out.index[i], "topic_source"] = "given"
                out.at[out.index[i], "needs_review"] = False
            else:
                out.at[out.index[i], column] = value
    return out


def catalog_with_relevance(catalog: Catalog, relevance: Mapping[str, int]) -> Catalog:
    """The catalog with the engagement's goal × topic relevance overrides ("goal|topic")."""
    if not relevance:
        return catalog
    table = catalog.relevance.copy()
    for key, value in relevance.items():
        goal, topic = key.split("|")
        mask = (table["goal_id"] == goal) & (table["topic_id"] == topic)
        table.loc[mask, "relevance"] = int(value)
    return catalog.replace(relevance=table)


def engagement_use_cases(catalog: Catalog, decisions: Decisions) -> UseCases:
    """The use cases of the engagement: its industries', its choices and the ones it added."""
    return organisation_use_cases(
        catalog,
        decisions.identity.industry,
        decisions.use_cases,
        [c.model_dump() for c in decisions.custom_use_cases],
        decisions.brief,
    )


def decisions_pool(catalog: Catalog, decisions: Decisions) -> pd.DataFrame:
    """The question pool of an engagement: the bank with the offers of its industry, the room's
    questions, the new wording."""
    room = workshop_questions(decisions.workshop, catalog) if decisions.workshop else None
    pool = question_pool(catalog, room, decisions.identity.industry)
    if decisions.wording:
        pool = pool.copy()
        for qid, texts in decisions.wording.items():
            if qid in pool.index:
                for column, text in texts.items():
                    pool.at[qid, column] = text
    return pool


def assess_engagement(
    intake: IntakeResult,
    catalog: Catalog,
    decisions: Decisions,
    *,
    organisation: str = "",
    steps: Steps | None = None,
    questions: pd.DataFrame | None = None,
    settings: PlanSettings | None = None,
    firm_fixes: Mapping[str, Sequence[str]] | None = None,
) -> Assessment:
    """The one chain of steps: an inventory and what the team decided → the assessed plan.

    Map the inventory (auto-mapping what has no topic), put the topic fixes remembered by name
    on the auto-mapped rows (the engagement's own, then ``firm_fixes``: those remembered from
    other engagements, when the consultant chose to use them), apply the consultant's fixes by
    row and the measured coverage, score knowledge, importance and gaps, build the question
    pool (bank, room, wording), and plan the questions under the decided channels, budgets,
    votes, pins and exclusions. ``questions`` and ``settings`` replace the pool and the
    planner's settings the decisions give (a test or a caller with its own pool).
    """
    steps = steps or Steps()
    cat = steps.catalog(catalog, decisions.relevance)
    mapped, review = steps.map(intake, catalog)
    if decisions.topic_fixes or firm_fixes:
        mapped = apply_remembered(mapped, decisions.topic_fixes, "engagement", catalog)
        mapped = apply_remembered(mapped, firm_fixes or {}, "firm", catalog)
        fixed = set(mapped.loc[mapped["topic_source"] == REMEMBERED, "row"].astype(int))
        review = tuple(i for i in review if i.row not in fixed)
    measured = {row: {"coverage": value} for row, value in decisions.measured.items()}
    inventory = apply_inventory_edits(mapped, {**measured, **decisions.inventory_edits})
    contributions = steps.contributions(inventory, catalog)
    use_cases = engagement_use_cases(cat, decisions)
    scores = score_from_contributions(
        contributions, cat, decisions.weights or cat.default_goal_weights(),
        decisions.inferability or None, use_cases,
    )  # fmt: skip
    pool = decisions_pool(cat, decisions) if questions is None else questions
    settings = settings or decisions.settings()
    moments = moments_in_inventory(inventory, cat, settings.industry)
    if not settings.moments:  # the moments this inventory signals
        settings = replace(settings, moments=available_moments(moments))
    plan = plan_questions(scores, cat, settings, pool, steps.pairs(pool, cat, settings))
    generic = (make_issue(cat, "plan_generic"),) if use_cases.generic else ()
    return Assessment(
        organisation=organisation or decisions.identity.name_en or intake.source_name,
        inventory=inventory,
        scores=scores,
        warnings=intake.warnings + review + plan.warnings + generic,
        channels=tuple(settings.channels or cat.channels.index),
        plan=plan,
        moments=moments,
    )


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
    """:func:`assess_engagement` for callers that hold weights and settings rather than a
    decisions record (tests, benchmarks): the same chain, nothing composed here."""
    settings = settings or PlanSettings()
    decisions = Decisions(
        weights=dict(weights or catalog.default_goal_weights()),
        inferability=dict(inferability or {}),
        identity=Identity(industry=settings.industry or ""),
    )
    if channels is not None:
        settings = replace(settings, channels=tuple(channels))
    return assess_engagement(
        intake, catalog, decisions, organisation=organisation, steps=Steps(mapper),
        questions=questions, settings=settings,
    )  # fmt: skip


def _round(value: float, digits: int = 6) -> float:
    return round(float(value), digits)


def assessment_json(
    assessment: Assessment, lang: str = "en", catalog: Catalog | None = None
) -> dict[str, Any]:
    """The ``assess --json`` document of DESIGN.md; with the catalog, each question also says
    whom it is asked of (``eligible_if_en``/``_he``, from ``eligibility.csv``)."""
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
        "use_cases": use_cases_json(s),
        "generic_plan": bool(s.use_cases is not None and s.use_cases.generic),
        "questions": _questions_json(assessment.plan, catalog),
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
    "value_exchange_he", "incentive_type", "incentive_cost_ils", "commitment",
    "incentive_cost_12m_ils", "wave",
    "sensitivity", "lawful_basis", "translation_missing", "reason_en", "reason_he", "votes",
    "burden_seconds", "answer_type", "purpose_en", "purpose_he", "notice_short_en",
    "notice_short_he", "moment_id", "moment_en", "moment_he", "follows", "audience",
    "options_en", "options_he", "option_codes", "exclusive_options", "other_specify", "randomise",
    "anchored_options", "skip_if", "contact_ask_en", "contact_ask_he", "contact_yes_en",
    "contact_yes_he", "contact_answers",
)  # fmt: skip


def use_cases_json(scores: TopicScores) -> list[dict[str, Any]]:
    """The engagement's use cases, most important first: on, value, and share of importance.

    ``importance_share`` is the part of the topics' total importance that the use case brings
    (the shares of the use cases switched on sum to 1).
    """
    if scores.use_cases is None:
        return []
    shares = scores.use_case_shares
    table = scores.use_cases.table
    out = [
        {
            "use_case_id": uid,
            "label_en": row["label_en"],
            "label_he": row["label_he"],
            "on": bool(row["on"]),
            "value": _round(row["value"]),
            "in_brief": bool(row["in_brief"]),
            "source": row["source"],
            "importance_share": _round(float(shares[uid])),
            "purpose_en": row["purpose_en"],
            "purpose_he": row["purpose_he"],
        }
        for uid, row in table.iterrows()
    ]
    return sorted(out, key=lambda u: (-u["importance_share"], u["use_case_id"]))


def use_case_progress(assessment: Assessment) -> pd.DataFrame:
    """The use cases switched on, most important first, with what the plan does for each.

    Columns: ``label_*``, ``action_*`` (what the organisation will do with the answers),
    ``share`` (its part of the topics' importance; the shares sum to 1), ``questions`` (questions
    in the plan that serve it) and ``adds`` (the index points those questions add for it, the
    sum of their explain parts). Indexed by ``use_case_id``; empty without use cases.
    """
    columns = ["label_en", "label_he", "action_en", "action_he", "share", "questions", "adds"]
    s = assessment.scores
    if s.use_cases is None:
        return pd.DataFrame(columns=columns)
    table = s.use_cases.table
    on = table[table["on"].astype(bool)]
    questions: dict[str, int] = {}
    adds: dict[str, float] = {}
    plan = assessment.plan
    for qid in plan.questions.loc[plan.questions["in_plan"].astype(bool), "question_id"]:
        explain = plan.explain.get(qid) or {}
        for part in explain.get("use_cases", []):
            uid = part["use_case_id"]
            questions[uid] = questions.get(uid, 0) + 1
            adds[uid] = adds.get(uid, 0.0) + float(part["adds"])
        for again in explain.get("repeats", []):  # asked again in another channel
            for part in again["use_cases"]:
                uid = part["use_case_id"]
                adds[uid] = adds.get(uid, 0.0) + float(part["adds"])
    out = pd.DataFrame(
        {
            "label_en": on["label_en"],
            "label_he": on["label_he"],
            "action_en": on["action_en"].fillna(""),
            "action_he": on["action_he"].fillna(""),
            "share": [float(s.use_case_shares.get(u, 0.0)) for u in on.index],
            "questions": [questions.get(u, 0) for u in on.index],
            "adds": [adds.get(u, 0.0) for u in on.index],
        },
        index=on.index,
    )
    out.index.name = "use_case_id"
    return out.sort_values(["share", "label_en"], ascending=[False, True])


def plain(value: Any) -> Any:
    """A JSON-ready scalar: numpy scalars unwrapped, NaN as null, floats to 6 places."""
    if isinstance(value, float):
        return None if value != value else round(value, 6)  # NaN -> null
    if hasattr(value, "item"):
        return plain(value.item())
    return value


def _questions_json(plan: Plan, catalog: Catalog | None = None) -> list[dict[str, Any]]:
    out = []
    for record in plan.questions.to_dict("records"):
        item = {k: plain(record[k]) for k in _QUESTION_FIELDS}
        if catalog is not None:  # who is asked, by the customer's record ("" for all)
            rule = catalog.eligibility.get(str(record["question_id"]), {})
            item["eligible_if_en"] = rule.get("en", "")
            item["eligible_if_he"] = rule.get("he", "")
        item["topics"] = list(record["topics"])
        item["topic_strengths"] = dict(record["topic_strengths"])
        item["use_cases"] = list(record["use_cases"])
        item["answers"] = list(record["answers"])
        item["explain"] = plan.explain.get(record["question_id"])
        item["also_channels"] = list(record.get("also_channels") or ())
        item["repeats"] = [{k: plain(v) for k, v in r.items()} for r in record.get("repeats") or ()]
        out.append(item)
    return out


def _channels_json(plan: Plan) -> list[dict[str, Any]]:
    out = []
    for record in plan.channels.to_dict("records"):
        out.append(
            {
                "channel_id": record["channel_id"],
                "question_ids": list(record["question_ids"]),
                "contacts": [list(c) for c in record["contacts"]],
                "contact_moments": list(record["contact_moments"]),
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
