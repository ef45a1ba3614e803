"""Snapshots: per-topic figures kept, and the knowledge comparison the engagement page shows."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SAMPLES, TODAY

from zpd_assess.assess import map_inventory
from zpd_assess.intake import load_inventory
from zpd_assess.scoring import score_topics
from zpd_assess.snapshots import compare_knowledge, snapshot_topics


def test_a_better_known_topic_tops_the_comparison(catalog, mapper):
    intake = load_inventory(SAMPLES / "urban_retail" / "inventory.xlsx", catalog, today=TODAY)
    mapped, _ = map_inventory(intake, catalog, mapper)
    weights = catalog.default_goal_weights()
    before = score_topics(mapped, catalog, weights).topics
    learned = pd.DataFrame(
        [{**mapped.iloc[0].to_dict(), "row": 10_000, "attribute": "hobbies_asked",
          "topics": ["hobbies"], "party": "zero", "coverage": 0.9, "accuracy": 0.9,
          "granularity": "individual", "consent": "explicit_consent", "age_days": 0.0}]
    )  # fmt: skip
    after = score_topics(pd.concat([mapped, learned], ignore_index=True), catalog, weights).topics

    first, second = snapshot_topics(before), snapshot_topics(after)
    assert set(first) == set(catalog.topics.index)
    assert first["hobbies"] == {
        "knowledge": pytest.approx(before.at["hobbies", "knowledge"]),
        "importance": pytest.approx(before.at["hobbies", "importance"]),
        "gap": pytest.approx(before.at["hobbies", "gap"]),
    }
    changes = compare_knowledge(first, second, set(catalog.topics.index))
    assert changes[0].topic_id == "hobbies"
    assert changes[0].change == pytest.approx(
        after.at["hobbies", "knowledge"] - before.at["hobbies", "knowledge"]
    )
    assert changes[0].change > 0.3
    assert all(abs(c.change) < 1e-12 for c in changes[1:]), "nothing else was learned"
    assert len(changes) == len(catalog.topics)


def test_largest_change_first_either_way_and_missing_topics_count_as_unknown():
    before = {"a": {"knowledge": 0.5}, "b": {"knowledge": 0.2}, "gone": {"knowledge": 0.4}}
    after = {"a": {"knowledge": 0.1}, "b": {"knowledge": 0.3}, "new": {"knowledge": 0.25}}
    changes = compare_knowledge(before, after)
    assert [(c.topic_id, c.before, c.after) for c in changes] == [
        ("a", 0.5, 0.1),
        ("gone", 0.4, 0.0),
        ("new", 0.0, 0.25),
        ("b", 0.2, 0.3),
    ]
    assert [c.topic_id for c in compare_knowledge(before, after, {"a", "b"})] == ["a", "b"]


def test_a_snapshot_needs_the_three_figures():
    with pytest.raises(ValueError, match="lacks gap"):
        snapshot_topics(pd.DataFrame({"knowledge": [0.1], "importance": [0.2]}, index=["a"]))
