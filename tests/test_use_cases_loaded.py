"""The use-case catalog as the program loads it, and the engagement's choices about it.

Groundwork of issue #12: use cases become the unit of business value. Here they are loaded,
parsed and checked against the other catalogs, and an engagement can switch them on or off and
set their value; the scoring does not use them yet.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT

from zpd_assess.catalog import INDUSTRIES, CatalogError, load_catalog
from zpd_assess.decisions import Decisions, DecisionsError, parse_decisions


def test_every_industry_has_at_least_ten_use_cases_with_parsed_goals_and_needs(catalog):
    u = catalog.use_cases
    for industry in ("retail", "insurance", "banking", "credit_cards", "telecom", "health"):
        assert industry in INDUSTRIES
        mine = u[[industry in tags for tags in u["industries_list"]]]
        assert len(mine) >= 10, (industry, len(mine))
    assert sum("generic" in tags for tags in u["industries_list"]) >= 8
    size = u.loc["retail_size_in_stock_view"]
    assert size["goal_strengths"]["personalization"] == 1.0
    assert size["need_weights"] == {"product_preferences": 1.0}
    assert "clothing_size" in size["answers_list"]
    assert size["value"] > 0 and size["purpose_he"].strip()


def test_a_use_case_naming_an_unknown_topic_is_refused_with_its_id(tmp_path):
    for path in (ROOT / "templates").glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    text = (tmp_path / "use_cases.csv").read_text(encoding="utf-8")
    (tmp_path / "use_cases.csv").write_text(
        text.replace("product_preferences:1,clothing_size", "shoe_sizes:1,clothing_size", 1),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert "retail_size_in_stock_view: unknown topic id(s) shoe_sizes" in str(caught.value)


def test_an_engagement_switches_use_cases_and_sets_their_value(catalog):
    state = {
        **Decisions().as_json(),
        "use_cases": {"retail_size_in_stock_view": {"on": False, "value": 4}},
    }
    decisions = parse_decisions(state, catalog)
    assert decisions.use_cases["retail_size_in_stock_view"].on is False
    assert decisions.as_json()["use_cases"] == {
        "retail_size_in_stock_view": {"on": False, "value": 4.0}
    }
    with pytest.raises(DecisionsError, match="use_cases"):
        parse_decisions({**state, "use_cases": {"no_such_use_case": {"on": True}}}, catalog)
    with pytest.raises(DecisionsError, match="use_cases"):
        parse_decisions(
            {**state, "use_cases": {"retail_size_in_stock_view": {"value": -1}}}, catalog
        )
