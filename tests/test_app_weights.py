"""Using AHP's weights in the app keeps the goals left out of the comparison (Streamlit AppTest)."""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

pytestmark = pytest.mark.slow  # whole-app sessions with clicks and a reload (seconds each)


def test_using_ahp_on_three_goals_keeps_the_other_goals_weights(catalog):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["zpd.facilitator"] = "unknown"
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/goals.py").run()
    before = {g: at.slider(key=f"goals.w.{g}").value for g in catalog.goals.index}
    at.radio(key="goals.mode").set_value("ahp").run()
    compared = list(catalog.goals.index[:3])
    at.multiselect(key="goals.ahp_goals").set_value(compared).run()
    a, b, c = compared
    at.select_slider(key=f"goals.ahp.{a}|{b}").set_value(5).run()
    at.select_slider(key=f"goals.ahp.{a}|{c}").set_value(5).run()
    at.button(key="goals.use_ahp").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [s.value for s in at.success] == [catalog.text("ui.ahp_applied", "en")]
    kept = catalog.text("ui.weights_kept", "en", total=sum(before[g] for g in compared))
    assert kept in [c.value for c in at.caption]
    # a rerun that is not the click (a widget settling late) keeps the confirmation: the
    # browser test read it gone under load
    at.run()
    assert [s.value for s in at.success] == [catalog.text("ui.ahp_applied", "en")]
    at.radio(key="goals.mode").set_value("sliders").run()
    after = {g: at.slider(key=f"goals.w.{g}").value for g in catalog.goals.index}
    # Every weight may be divided by one factor so that none exceeds 1; shares stay put.
    others = [g for g in catalog.goals.index[3:] if before[g] > 0]
    factor = after[others[0]] / before[others[0]]
    assert 0 < factor <= 1
    for goal in catalog.goals.index[3:]:
        assert abs(after[goal] - before[goal] * factor) < 1e-4, goal
    assert abs(sum(after[g] for g in compared) - factor * sum(before[g] for g in compared)) < 3e-4
    assert after[a] > after[b] > 0
    assert after[b] == after[c]
    # moving a weight by hand ends the confirmation: it no longer says where the weights came from
    at.radio(key="goals.mode").set_value("ahp").run()
    assert [s.value for s in at.success] == [catalog.text("ui.ahp_applied", "en")]
    at.radio(key="goals.mode").set_value("sliders").run()
    at.slider(key=f"goals.w.{others[0]}").set_value(round(after[others[0]] / 2, 2)).run()
    at.radio(key="goals.mode").set_value("ahp").run()
    assert not at.exception, [e.value for e in at.exception]
    assert catalog.text("ui.ahp_applied", "en") not in [s.value for s in at.success]


def test_a_judgment_towards_the_second_goal_is_saved_and_restored(catalog):
    """The decisions keep judgments (1/9 … 9); a slider left of 'equal' is one below 1."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["zpd.facilitator"] = "unknown"
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/goals.py").run()
    at.radio(key="goals.mode").set_value("ahp").run()
    a, b, c = list(catalog.goals.index[:3])
    at.multiselect(key="goals.ahp_goals").set_value([a, b, c]).run()
    at.select_slider(key=f"goals.ahp.{a}|{b}").set_value(-5).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    engagement_id = at.query_params["e"]
    engagement_id = engagement_id[0] if isinstance(engagement_id, list) else engagement_id

    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    again.session_state["zpd.facilitator"] = "unknown"
    again.query_params["e"] = engagement_id
    again.query_params["lang"] = "en"
    again.run()
    again.switch_page("pages/goals.py").run()
    again.radio(key="goals.mode").set_value("ahp").run()
    again.multiselect(key="goals.ahp_goals").set_value([a, b, c]).run()
    assert again.select_slider(key=f"goals.ahp.{a}|{b}").value == -5
