"""A generated large engagement for benchmarks: 2,000 attributes, 1,000 questions, 15 channels."""

from __future__ import annotations

import numpy as np
import pandas as pd

from zpd_assess.catalog import CONSENT_BASES, GRANULARITIES, PARTIES, Catalog


def large_inventory(catalog: Catalog, n: int = 2000, seed: int = 7) -> pd.DataFrame:
    """An intake-shaped inventory whose rows already carry topics (mapping is not timed here)."""
    rng = np.random.default_rng(seed)
    topics = list(catalog.topics.index)
    records = []
    for i in range(n):
        k = 1 + int(rng.random() < 0.3)
        refreshed = rng.random() < 0.5
        records.append(
            {
                "row": i + 2,
                "attribute": f"attr_{i:05d}",
                "party": PARTIES[int(rng.choice(4, p=[0.1, 0.7, 0.1, 0.1]))],
                "coverage": float(rng.uniform(0.01, 1)),
                "description": "",
                "topics": list(rng.choice(topics, size=k, replace=False)),
                "last_updated": None if refreshed else pd.Timestamp("2026-01-01").date(),
                "refresh_days": float(rng.integers(1, 90)) if refreshed else None,
                "age_days": float(rng.uniform(0, 2000)),
                "accuracy": float(rng.uniform(0.5, 1)),
                "granularity": GRANULARITIES[int(rng.choice(3, p=[0.8, 0.15, 0.05]))],
                "consent": CONSENT_BASES[int(rng.integers(0, len(CONSENT_BASES)))],
                "topic_source": "given",
                "needs_review": False,
                "source_system": "CRM",
                "topics_given": "",
                "owner": "",
                "notes": "",
                "extra": {},
                "mapped_topic": topics[int(rng.integers(0, len(topics)))],
                "mapping_confidence": float(rng.uniform(0.2, 1)),
                "mapping_alternatives": ";".join(rng.choice(topics, size=3, replace=False)),
            }
        )
    return pd.DataFrame.from_records(records)


def large_question_pool(catalog: Catalog, n: int = 1000, seed: int = 11) -> pd.DataFrame:
    """The bank repeated with new ids and jittered strengths, to ``n`` questions."""
    rng = np.random.default_rng(seed)
    bank = catalog.questions.assign(source="bank")
    rows = []
    for i in range(n):
        q = bank.iloc[i % len(bank)].to_dict()
        strengths = {t: float(np.clip(s * rng.uniform(0.6, 1.2), 0.05, 1))
                     for t, s in q["topic_strengths"].items()}  # fmt: skip
        q.update(question_id=f"g_{i:04d}", topic_strengths=strengths, topic_list=list(strengths),
                 industries="all")  # fmt: skip
        rows.append(q)
    return pd.DataFrame.from_records(rows).set_index("question_id", drop=False)
