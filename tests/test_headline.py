"""The executive's sentence and the plain "why" (issue 17): generated from the numbers, in both
languages, for every sample organisation."""

from __future__ import annotations

import re

import pytest

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
                               default_decisions(catalog, e), organisation=e.name("en"))
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
