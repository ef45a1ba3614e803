"""The Questions page says when to ask each planned question (the moment the client's own data
signals), and which timing the inventory cannot give yet (issue 12, panel round 11)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.moments import missing_moments, moments_in_inventory


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_questions_grid_says_when_to_ask(catalog, lang):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["zpd.facilitator"] = "unknown"
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/questions.py").run()
    assert not at.exception, [e.value for e in at.exception]
    grid = at.dataframe[0].value
    labels = set(catalog.moments[f"label_{lang}"])
    timed = [w for w in grid["when"] if w]
    assert timed, "the sample's plan asks some questions at a moment its data signals"
    assert set(timed) <= labels


def test_a_missing_signal_is_named_as_the_field_to_add(catalog):
    """Kinor without its promotional-price end date: the plan cannot ask a month before the
    price ends, and says which field would let it."""
    kinor = next(e for e in sample_engagements() if e.org_id == "kinor_telecom")
    inventory = load_inventory(kinor.inventory_path, catalog, today=dt.date(2026, 11, 29)).inventory
    with_signal = moments_in_inventory(inventory, catalog, "telecom")
    assert with_signal.at["telecom_promo_ending", "attribute"] == "promo_end_dt"
    assert missing_moments(with_signal, "en") == []

    without = inventory[inventory["attribute"] != "promo_end_dt"]
    moments = moments_in_inventory(without, catalog, "telecom")
    promo = catalog.moments.loc["telecom_promo_ending"]
    assert missing_moments(moments, "en") == [promo["signal_en"]]
    assert missing_moments(moments, "he") == [promo["signal_he"]]
