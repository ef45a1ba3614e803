"""Evidence applied to the plan: topics not worth asking, and a plan per segment."""

from __future__ import annotations

import pytest
from conftest import SAMPLES, TODAY

from zpd_assess.assess import map_inventory
from zpd_assess.evidence_plans import inferable_topics, segment_plans
from zpd_assess.intake import load_inventory
from zpd_assess.planning import PlanSettings, plan_questions
from zpd_assess.scoring import score_topics


def test_a_topic_is_inferable_from_the_assumptions_threshold(catalog):
    threshold = catalog.assumptions.number("evidence.inferable_threshold")
    assert 0 < threshold < 1
    topics = list(catalog.topics.index)
    measured = {topics[3]: threshold, topics[1]: threshold + 0.2, topics[2]: threshold - 0.01}
    assert inferable_topics(measured, catalog) == [topics[1], topics[3]], "catalog order"
    assert inferable_topics({}, catalog) == []


def test_each_segment_gets_the_plan_of_its_own_scores(catalog, mapper):
    intake = load_inventory(SAMPLES / "tavor_bank" / "inventory.xlsx", catalog, today=TODAY)
    mapped, _ = map_inventory(intake, catalog, mapper)
    weights = catalog.default_goal_weights()
    well_known = mapped.assign(coverage=1.0)
    per_segment = {
        1: score_topics(well_known, catalog, weights),
        0: score_topics(mapped, catalog, weights),
    }
    settings = PlanSettings(channels=tuple(catalog.channels.index[:3]))
    plans = segment_plans(per_segment, catalog, settings)
    assert [p.segment for p in plans] == [0, 1]
    for item in plans:
        alone = plan_questions(per_segment[item.segment], catalog, settings)
        assert list(item.plan.questions.index) == list(alone.questions.index)
        assert item.plan.value == pytest.approx(alone.value)
        assert item.gaps.equals(per_segment[item.segment].topics["gap"])
        first = item.first_questions(3)
        assert len(first) == 3 and first["in_plan"].all()
        assert list(first.index) == list(alone.questions.index[alone.questions["in_plan"]][:3])
    assert plans[1].gaps.sum() < plans[0].gaps.sum(), "better known: smaller gaps"
