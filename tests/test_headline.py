"""The executive's sentence and the plain "why" (issue 17): generated from the numbers, in both
languages, for every sample organisation."""

from __future__ import annotations

import re

import pytest
from conftest import shared_steps

from zpd_assess.assess import assess_engagement
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import sample_engagements
from zpd_assess.headline import headline, plain_why, short_topic
from zpd_assess.intake import load_inventory

SAMPLES = {e.org_id: e for e in sample_engagements()}


@pytest.fixture(scope="module")
def assessments(catalog):
    return {
        org: assess_engagement(load_inventory(e.inventory_path, catalog), catalog,
                               default_decisions(catalog, e), organisation=e.name("en"),
                               steps=shared_steps())
        for org, e in SAMPLES.items()
    }  # fmt: skip


@pytest.mark.parametrize("org", sorted(SAMPLES))
def test_the_headline_says_what_is_known_asked_and_gained(catalog, assessments, org):
    a = assessments[org]
    projection = a.plan.projection.set_index("month")
    en = headline(a, catalog, "en")
    assert en.startswith(SAMPLES[org].name("en"))
    assert f"{a.knowledge_index:.1f}%" in en  # as the dashboard's first KPI shows it
    assert f"{projection.at[12, 'index_with_plan']:.1f}%" in en
    assert f"{int(a.plan.questions['in_plan'].sum())} questions" in en
    for topic in a.largest_gaps(3).index:
        assert short_topic(catalog, topic, "en") in en
    he = headline(a, catalog, "he", SAMPLES[org].name("he"))
    assert he.startswith("ב" + SAMPLES[org].name("he"))
    assert f"\u2066{a.knowledge_index:.1f}%\u2069" in he  # a figure isolated from the brackets
    assert not re.search(r"[A-Za-z]{3,}", he)  # no English in the Hebrew sentence
    for topic in a.largest_gaps(3).index:
        assert short_topic(catalog, topic, "he") in he


def test_a_latin_name_takes_a_hyphen_in_hebrew(catalog, assessments):
    he = headline(assessments["urban_retail"], catalog, "he", "Urban Retail")
    assert he.startswith("ב-Urban Retail יודעים")


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_plain_why_names_use_cases_source_and_what_is_unknown(catalog, assessments, lang):
    a = assessments["urban_retail"]
    for topic in a.largest_gaps(5).index:
        text = plain_why(a, catalog, topic, lang)
        ex = a.scores.explain[topic]
        unknown = 1 - ex["knowledge"]["value"]
        assert text.startswith(str(catalog.topics.at[topic, f"label_{lang}"]))
        assert f"{unknown:.0%}" in text
        uses = sorted(ex["importance"]["use_cases"], key=lambda u: -u["adds"])
        assert f"«{uses[0][f'label_{lang}']}»" in text  # what it is for, by name
        assert "×" not in text  # the formula is one click away, not here


@pytest.mark.parametrize("org", sorted(SAMPLES))
def test_what_the_plan_enables_per_use_case(catalog, assessments, org):
    """The dashboard's and the deck's use cases: each one switched on, the questions of the plan
    that serve it and the index points they add for it (their explain parts, summed)."""
    from zpd_assess.assess import use_case_progress

    a = assessments[org]
    cases = use_case_progress(a)
    table = a.scores.use_cases.table
    assert set(cases.index) == set(table.index[table["on"].astype(bool)])
    assert cases["share"].sum() == pytest.approx(1.0)
    assert list(cases["share"]) == sorted(cases["share"], reverse=True)
    assert (cases["action_en"].str.len() > 10).all() and (cases["action_he"].str.len() > 10).all()
    plan = a.plan.questions[a.plan.questions["in_plan"]]
    parts = [p for q in plan["question_id"] for p in a.plan.explain[q]["use_cases"]]
    parts += [p for q in plan["question_id"] for again in a.plan.explain[q]["repeats"]
              for p in again["use_cases"]]  # asked again in other channels  # fmt: skip
    assert cases["adds"].sum() == pytest.approx(sum(p["adds"] for p in parts))
    top = cases.index[0]
    serving = [q for q in plan["question_id"]
               if any(p["use_case_id"] == top for p in a.plan.explain[q]["use_cases"])]  # fmt: skip
    assert cases.at[top, "questions"] == len(serving)
    # the plan serves the use cases that carry most of the importance (a minor one whose best
    # question would add less than the floor gets none: filler is left out)
    assert cases.loc[cases["questions"].gt(0), "share"].sum() >= 0.5


@pytest.mark.parametrize("org", sorted(SAMPLES))
def test_quadrant_names_cover_no_name_and_no_other_bubble(catalog, assessments, org):
    """The quadrant names the largest gaps where each name stays in the plot and covers neither
    another name nor another topic's bubble (the rest are on hover); the browser test checks the
    drawn result."""
    from zpd_assess import charts

    topics = assessments[org].scores.topics
    placed = charts._place_labels(topics, "label_en")
    assert len(placed) >= 4  # the biggest gaps are named
    assert topics["gap"].idxmax() in placed
    boxes = {}
    for tid, (text, side) in placed.items():
        row = topics.loc[tid]
        boxes[tid] = charts._label_box(float(row["knowledge"]), float(row["importance"]), text,
                                       side, charts._radius(row["gap"]))  # fmt: skip
        x0, x1, y0, y1 = boxes[tid]
        assert x0 >= -0.05 and x1 <= 1.08 and y0 >= -0.06 and y1 <= 1.12, (tid, boxes[tid])
    names = list(boxes.items())
    for i, (a, (ax0, ax1, ay0, ay1)) in enumerate(names):
        for b, (bx0, bx1, by0, by1) in names[i + 1 :]:
            assert ax1 < bx0 or bx1 < ax0 or ay1 < by0 or by1 < ay0, (a, b)
        for other, row in topics.iterrows():
            if other == a:
                continue
            x, y = float(row["knowledge"]), float(row["importance"])
            assert not (ax0 <= x <= ax1 and ay0 <= y <= ay1), (a, "covers the bubble of", other)
