"""Snapshots of an engagement's scores, and what changed between two of them.

A snapshot keeps, per topic, the knowledge ``K_t``, importance ``I_t`` and gap ``G_t`` at the
moment it was taken (the store keeps it with the index and the team's decisions). Comparing two
snapshots answers "what did we learn since the workshop": the knowledge of each topic before and
after, largest change first.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import pandas as pd

#: The per-topic figures a snapshot keeps.
SNAPSHOT_FIELDS = ("knowledge", "importance", "gap")


def snapshot_topics(topics: pd.DataFrame) -> dict[str, dict[str, float]]:
    """``{topic_id: {knowledge, importance, gap}}`` from a scores table indexed by topic."""
    missing = [f for f in SNAPSHOT_FIELDS if f not in topics.columns]
    if missing:
        raise ValueError(
            f"The scores table lacks {', '.join(missing)}; a snapshot needs "
            f"{', '.join(SNAPSHOT_FIELDS)} per topic (pass Assessment.scores.topics)."
        )
    return {
        str(tid): {f: float(row[f]) for f in SNAPSHOT_FIELDS}
        for tid, row in topics[list(SNAPSHOT_FIELDS)].iterrows()
    }


@dataclass(frozen=True)
class KnowledgeChange:
    """One topic's knowledge in two snapshots (shares, 0–1)."""

    topic_id: str
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


def compare_knowledge(
    before: Mapping[str, Mapping[str, float]],
    after: Mapping[str, Mapping[str, float]],
    topics: Collection[str] | None = None,
) -> list[KnowledgeChange]:
    """Each topic's knowledge before and after, the largest change (up or down) first.

    A topic missing from one snapshot (the catalog gained or lost it in between) counts as known
    0 there. ``topics``, when given, keeps only those topics (the catalog's, so that a topic
    since removed is not shown). Equal changes keep the order of ``before``, then ``after``.
    """
    ids = list(dict.fromkeys([*before, *after]))
    if topics is not None:
        ids = [tid for tid in ids if tid in topics]

    def knowledge(snapshot: Mapping[str, Mapping[str, float]], tid: str) -> float:
        return float(snapshot.get(tid, {}).get("knowledge", 0.0))

    rows = [KnowledgeChange(tid, knowledge(before, tid), knowledge(after, tid)) for tid in ids]
    rows.sort(key=lambda r: -abs(r.change))
    return rows
