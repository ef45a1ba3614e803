"""Knowledge, importance and gap per customer topic, and the customer-knowledge index.

The default model of DESIGN.md, every parameter read from the assumptions catalog:

- per attribute *a* on topic *t*: ``k_a = coverage × granularity × source(party, nature_t) ×
  freshness × accuracy × consent``, with ``freshness = 0.5 ** (age_days / half_life_t)``;
- knowledge ``K_t = 1 − Π (1 − k_a)`` (several sources add up with diminishing returns), and with
  evidence ``K_t' = K_t + (1 − K_t) × inferability_t × w_inf``;
- importance ``I_t = Σ_g W_g × R[g, t]`` scaled so that the largest is 1;
- gap ``G_t = I_t × (1 − K_t)``; index ``100 × Σ I_t K_t / Σ I_t``.

Every number comes with its parts, and the parts add up exactly to it: a knowledge score is the
sum of what each attribute adds (the strongest first, each on the share still unknown), an
importance the sum of what each goal adds, the index the sum of what each topic adds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from .catalog import Catalog
from .use_cases import UseCases, use_case_importance

CONTRIBUTION_COLUMNS = (
    "row",
    "attribute",
    "topic_id",
    "party",
    "nature",
    "coverage",
    "granularity",
    "granularity_weight",
    "source_weight",
    "age_days",
    "half_life_days",
    "freshness",
    "accuracy",
    "consent",
    "consent_usability",
    "k",
    "topic_source",
    "needs_review",
    "refreshed",
)


class WeightsError(ValueError):
    """Goal weights that cannot be used (unknown goal, negative, all zero)."""


def normalise_weights(weights: Mapping[str, float], catalog: Catalog) -> dict[str, float]:
    """Goal weights scaled to sum to 1; goals not named get 0. Raises :class:`WeightsError`."""
    unknown = sorted(set(weights) - set(catalog.goals.index))
    if unknown:
        raise WeightsError(
            f"Unknown goal(s) {', '.join(unknown)}; goals: {', '.join(catalog.goals.index)}"
        )
    bad = {g: w for g, w in weights.items() if not (float(w) >= 0 and np.isfinite(float(w)))}
    if bad:
        raise WeightsError(
            "Goal weights must be zero or positive numbers: "
            + ", ".join(f"{g}={w}" for g, w in bad.items())
        )
    total = float(sum(float(w) for w in weights.values()))
    if total <= 0:
        raise WeightsError("At least one goal needs a weight above zero.")
    return {g: float(weights.get(g, 0.0)) / total for g in catalog.goals.index}


def attribute_knowledge(inventory: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """What each attribute tells about each topic it informs: one row per (attribute, topic)."""
    a = catalog.assumptions
    gran_w = a.group("granularity_weight")
    consent_w = a.group("consent_usability")
    source_w = a.group("source_weight")
    topics = catalog.topics
    rows = []
    for rec in inventory.itertuples(index=False):
        for tid in rec.topics:
            rows.append(
                (
                    rec.row,
                    rec.attribute,
                    tid,
                    rec.party,
                    rec.coverage,
                    rec.granularity,
                    rec.age_days,
                    rec.accuracy,
                    rec.consent,
                    getattr(rec, "topic_source", "given"),
                    bool(getattr(rec, "needs_review", False)),
                    _refreshed(rec),
                )
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "row",
            "attribute",
            "topic_id",
            "party",
            "coverage",
            "granularity",
            "age_days",
            "accuracy",
            "consent",
            "topic_source",
            "needs_review",
            "refreshed",
        ],
    )
    frame["nature"] = frame["topic_id"].map(topics["nature"])
    frame["half_life_days"] = frame["topic_id"].map(topics["half_life_days"]).astype(float)
    frame["granularity_weight"] = frame["granularity"].map(gran_w).astype(float)
    frame["source_weight"] = [
        source_w[f"{p}.{n}"] for p, n in zip(frame["party"], frame["nature"], strict=True)
    ]
    frame["freshness"] = np.power(0.5, frame["age_days"].astype(float) / frame["half_life_days"])
    frame["consent_usability"] = frame["consent"].map(consent_w).astype(float)
    frame["coverage"] = frame["coverage"].astype(float)
    frame["accuracy"] = frame["accuracy"].astype(float)
    frame["k"] = (
        frame["coverage"]
        * frame["granularity_weight"]
        * frame["source_weight"]
        * frame["freshness"]
        * frame["accuracy"]
        * frame["consent_usability"]
    )
    return frame[list(CONTRIBUTION_COLUMNS)]


def _refreshed(rec: Any) -> bool:
    """An attribute refreshed on a cycle (no fixed date) keeps its age as months pass."""
    refresh = getattr(rec, "refresh_days", None)
    has_refresh = refresh is not None and not (isinstance(refresh, float) and np.isnan(refresh))
    return has_refresh and getattr(rec, "last_updated", None) is None


@dataclass(frozen=True)
class TopicKnowledge:
    """Knowledge per topic, and the attribute contributions it was summed from."""

    #: per topic: knowledge_inventory, inferability, inferred_adds, knowledge, n_attributes
    table: pd.DataFrame
    #: one row per (attribute, topic), strongest first within a topic, with what it ``adds``
    contributions: pd.DataFrame


@dataclass(frozen=True)
class TopicImportance:
    """Importance per topic (largest = 1), each goal's part of it, and the weights used."""

    importance: pd.Series  # per topic
    parts: pd.DataFrame  # goals × topics; each column sums to the topic's importance
    weights: dict[str, float]  # normalised goal weights
    #: use cases × topics, each column summing to the topic's importance (None: no use cases)
    by_use_case: pd.DataFrame | None = None


def knowledge_by_topic(
    contributions: pd.DataFrame,
    catalog: Catalog,
    inferability: Mapping[str, float] | None = None,
) -> TopicKnowledge:
    """Knowledge per topic with what each attribute adds (``adds`` sums exactly to ``knowledge``).

    Attributes are taken strongest first; each adds ``k_a × (share still unknown)``. Evidence of
    inferability, where given, adds ``(1 − K) × inferability × w_inf`` as one more part.
    """
    w_inf = catalog.assumptions.number("inference.w_inf")
    ordered = contributions.sort_values(["topic_id", "k", "row"], ascending=[True, False, True])
    topic_ids = ordered["topic_id"].to_numpy()
    k = ordered["k"].to_numpy(dtype=float)
    # unknown share before each attribute: the running product of (1 − k) within its topic
    log_unknown = np.cumsum(np.log1p(-np.clip(k, 0, 1 - 1e-15)))
    starts = np.r_[True, topic_ids[1:] != topic_ids[:-1]] if len(k) else np.array([], bool)
    group_start = np.maximum.accumulate(np.where(starts, np.arange(len(k)), 0))
    before = log_unknown - np.log1p(-np.clip(k, 0, 1 - 1e-15))  # cumulative up to previous
    base = np.where(group_start > 0, log_unknown[np.maximum(group_start - 1, 0)], 0.0)
    adds = k * np.exp(before - base)
    ordered = ordered.assign(adds=adds)
    index = catalog.topics.index
    position = pd.Index(index).get_indexer(topic_ids)
    from_inventory = np.bincount(position, weights=adds, minlength=len(index))
    counts = np.bincount(position, minlength=len(index))
    table = pd.DataFrame(index=index)
    table["knowledge_inventory"] = from_inventory
    inf = pd.Series(inferability or {}, dtype=float).reindex(index).fillna(0.0)
    table["inferability"] = inf
    table["inferred_adds"] = (1 - table["knowledge_inventory"]) * inf * w_inf
    table["knowledge"] = (table["knowledge_inventory"] + table["inferred_adds"]).clip(0, 1)
    table["n_attributes"] = counts
    return TopicKnowledge(table=table, contributions=ordered)


def importance_by_topic(
    weights: Mapping[str, float], catalog: Catalog, use_cases: UseCases | None = None
) -> TopicImportance:
    """Importance per topic (largest = 1) and each goal's part of it (parts sum to it).

    With the organisation's use cases, ``I_t ∝ Σ_u on_u × V_u × (Σ_g W_g s_ug) × need_ut`` and
    each use case's part is kept too; without them, the catalog's goal × topic relevance matrix
    (the first model, kept for a catalog read on its own).
    """
    w = pd.Series(normalise_weights(weights, catalog))
    by_use_case: pd.DataFrame | None = None
    if use_cases is not None:
        if use_cases.active.empty:
            raise WeightsError(
                "No use case is switched on: switch on at least one on the Goals page."
            )
        by_use_case, raw_parts = use_case_importance(use_cases, w.to_dict(), catalog)
    else:
        relevance = catalog.relevance_matrix.astype(float)
        raw_parts = relevance.mul(w, axis=0)  # goals × topics
    raw = raw_parts.sum(axis=0)
    scale = float(raw.max())
    if scale <= 0:
        raise WeightsError(
            "None of the use cases switched on serves the goals weighted above zero: raise the "
            "weight of another goal, or switch on a use case that serves these goals (Goals page)."
        )
    return TopicImportance(
        importance=(raw / scale).rename("importance"),
        parts=raw_parts / scale,
        weights=w.to_dict(),
        by_use_case=None if by_use_case is None else by_use_case / scale,
    )


@dataclass(frozen=True)
class TopicScores:
    """Scores per topic, the index, and everything needed to explain them."""

    topics: pd.DataFrame  # index topic_id
    contributions: pd.DataFrame  # one row per (attribute, topic), with ``adds``
    importance_parts: pd.DataFrame  # goals × topics
    weights: dict[str, float]
    knowledge_index: float
    index_parts: pd.Series  # per topic, sums to knowledge_index
    catalog: Catalog = field(repr=False)
    #: the organisation's use cases, and each one's part of each topic's importance
    use_cases: UseCases | None = field(default=None, repr=False)
    use_case_parts: pd.DataFrame | None = field(default=None, repr=False)

    @cached_property
    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Importance and knowledge per topic as arrays, in the catalog's topic order."""
        return (
            self.topics["importance"].to_numpy(dtype=float),
            self.topics["knowledge"].to_numpy(dtype=float),
        )

    @cached_property
    def use_case_shares(self) -> pd.Series:
        """Each use case's share of the topics' total importance (those on sum to 1; empty
        without use cases)."""
        if self.use_cases is None or self.use_case_parts is None:
            return pd.Series(dtype=float)
        total = float(self.topics["importance"].sum())
        parts = self.use_case_parts.sum(axis=1)
        shares = parts / total if total > 0 else parts * 0.0
        return shares.reindex(self.use_cases.table.index).fillna(0.0)

    @cached_property
    def explain(self) -> dict[str, dict[str, Any]]:
        """Per topic: the parts of knowledge, importance and gap, and a text to read aloud.

        Built on first use: a slider rerun that only redraws scores never pays for it.
        """
        return _explain_all(self)


def score_topics(
    inventory: pd.DataFrame,
    catalog: Catalog,
    weights: Mapping[str, float],
    inferability: Mapping[str, float] | None = None,
    use_cases: UseCases | None = None,
) -> TopicScores:
    """Knowledge, importance, gap and their explanations for every topic of the catalog."""
    contributions = attribute_knowledge(inventory, catalog)
    return score_from_contributions(contributions, catalog, weights, inferability, use_cases)


def score_from_contributions(
    contributions: pd.DataFrame,
    catalog: Catalog,
    weights: Mapping[str, float],
    inferability: Mapping[str, float] | None = None,
    use_cases: UseCases | None = None,
) -> TopicScores:
    """As :func:`score_topics`, from attribute contributions already computed.

    Moving a weight slider changes importance only; the app reuses the contributions.
    """
    known = knowledge_by_topic(contributions, catalog, inferability)
    importance = importance_by_topic(weights, catalog, use_cases)
    knowledge = known.table
    topics = catalog.topics
    table = pd.DataFrame(
        {
            "topic_id": topics.index,
            "label_en": topics["label_en"],
            "label_he": topics["label_he"],
            "category": topics["category"],
            "nature": topics["nature"],
            "special_category": topics["special_category"],
            "importance": importance.importance,
            "knowledge": knowledge["knowledge"],
            "knowledge_inventory": knowledge["knowledge_inventory"],
            "inferred_adds": knowledge["inferred_adds"],
            "inferability": knowledge["inferability"],
            "n_attributes": knowledge["n_attributes"],
        },
        index=topics.index,
    )
    table["gap"] = table["importance"] * (1 - table["knowledge"])
    scale = catalog.assumptions.number("index.scale")
    total_importance = float(table["importance"].sum())
    index_parts = scale * table["importance"] * table["knowledge"] / total_importance
    table["index_adds"] = index_parts
    table["gap_rank"] = table["gap"].rank(ascending=False, method="first").astype(int)
    return TopicScores(
        topics=table,
        contributions=known.contributions,
        importance_parts=importance.parts,
        weights=importance.weights,
        knowledge_index=float(index_parts.sum()),
        index_parts=index_parts,
        catalog=catalog,
        use_cases=use_cases,
        use_case_parts=importance.by_use_case,
    )


_PART_FIELDS = (
    "attribute",
    "row",
    "party",
    "coverage",
    "granularity",
    "granularity_weight",
    "source_weight",
    "age_days",
    "freshness",
    "accuracy",
    "consent",
    "consent_usability",
    "k",
    "adds",
    "topic_source",
    "needs_review",
)


def _explain_all(scores: TopicScores) -> dict[str, dict[str, Any]]:
    c = scores.catalog
    by_topic: dict[str, list[dict[str, Any]]] = {t: [] for t in scores.topics.index}
    contributions = scores.contributions
    columns = [contributions[f].tolist() for f in _PART_FIELDS]
    for tid, *values in zip(contributions["topic_id"].tolist(), *columns, strict=True):
        part = dict(zip(_PART_FIELDS, values, strict=True))
        part["row"] = int(part["row"])
        part["needs_review"] = bool(part["needs_review"])
        by_topic[tid].append(part)
    parts = scores.importance_parts
    goals = list(parts.index)
    relevance = c.relevance_matrix
    by_use_case = scores.use_case_parts
    use_case_labels = (
        scores.use_cases.table[["label_en", "label_he"]].to_dict("index")
        if scores.use_cases is not None
        else {}
    )
    half_lives = c.topics["half_life_days"].to_dict()
    records = scores.topics.to_dict("index")
    explain = {}
    for tid, row in records.items():
        knowledge_parts = by_topic[tid]
        if row["inferred_adds"] > 0:
            knowledge_parts.append(
                {"inferred_from_evidence": True, "adds": float(row["inferred_adds"])}
            )
        column = parts[tid].to_numpy()
        rel = relevance[tid].to_numpy()
        importance_parts = [
            {
                "goal_id": g,
                "weight": round(scores.weights[g], 6),
                "relevance": int(rel[i]),
                "adds": float(column[i]),
            }
            for i, g in enumerate(goals)
            if column[i] > 0
        ]
        use_case_parts: list[dict[str, Any]] | None = None
        if by_use_case is not None:
            needs = by_use_case[tid]
            use_case_parts = [
                {
                    "use_case_id": u,
                    "label_en": use_case_labels[u]["label_en"],
                    "label_he": use_case_labels[u]["label_he"],
                    "adds": float(v),
                }
                for u, v in needs[needs > 0].sort_values(ascending=False).items()
            ]
        text_en, text_he = _explain_text(
            tid, row, knowledge_parts, importance_parts, float(half_lives[tid]), c,
            use_case_parts,
        )  # fmt: skip
        explain[tid] = {
            "knowledge": {"value": float(row["knowledge"]), "parts": knowledge_parts},
            "importance": {
                "value": float(row["importance"]),
                "parts": importance_parts,
                "use_cases": use_case_parts or [],
            },
            "gap": {
                "value": float(row["gap"]),
                "formula": "importance × (1 − knowledge)",
                "importance": float(row["importance"]),
                "unknown": float(1 - row["knowledge"]),
            },
            "index_adds": float(row["index_adds"]),
            "text_en": text_en,
            "text_he": text_he,
        }
    return explain


def _explain_text(
    tid, row, k_parts, i_parts, half_life, c: Catalog, use_case_parts=None
) -> tuple[str, str]:
    """A few sentences a consultant can read aloud, in both languages (``explain.*`` labels).

    Importance is told by the use cases that need the topic when there are use cases (the
    organisation's own reasons), by the goals otherwise.
    """
    attrs = [p for p in k_parts if "attribute" in p]
    inferred = float(row.get("inferred_adds", 0.0))
    texts = {}
    for lang in ("en", "he"):
        goals = ", ".join(
            c.text("explain.goal_part", lang, goal=c.goals.at[p["goal_id"], f"label_{lang}"],
                   adds=p["adds"])
            for p in sorted(i_parts, key=lambda p: -p["adds"])[:3]
        )  # fmt: skip
        if use_case_parts:
            goals = c.text(
                "explain.use_cases", lang,
                parts=", ".join(
                    c.text("explain.goal_part", lang, goal=p[f"label_{lang}"], adds=p["adds"])
                    for p in use_case_parts[:3]
                ),
            )  # fmt: skip
        elif use_case_parts is not None:
            goals = c.text("explain.no_use_case", lang)
        if attrs:
            top = attrs[0]
            source = c.text(
                "explain.source", lang, attribute=top["attribute"], party=top["party"],
                party_label=c.value_labels("party", lang).get(top["party"], top["party"]),
                coverage=top["coverage"], granularity=top["granularity_weight"],
                source=top["source_weight"], freshness=top["freshness"],
                age_days=top["age_days"], half_life=half_life, accuracy=top["accuracy"],
                consent=top["consent_usability"], k=top["k"],
            )  # fmt: skip
        else:
            source = c.text("explain.no_source", lang)
        texts[lang] = c.text(
            "explain.topic", lang, topic=c.topics.at[tid, f"label_{lang}"],
            importance=row["importance"], goals=goals or c.text("explain.no_goal", lang),
            knowledge=row["knowledge"], attributes=len(attrs), source=source,
            inferred=" " + c.text("explain.inferred", lang, adds=inferred) if inferred > 0 else "",
            gap=row["gap"],
        )  # fmt: skip
    return texts["en"], texts["he"]


def party_mix(contributions: pd.DataFrame) -> pd.Series:
    """Share of the customer knowledge (sum of what attributes add) that each party brings."""
    by_party = contributions.groupby("party")["adds"].sum()
    by_party = by_party.reindex(["zero", "first", "second", "third"], fill_value=0.0)
    total = float(by_party.sum())
    return by_party / total if total > 0 else by_party
