"""Using the room's weights keeps the goals the room did not compare (issue 14, finding 6): the
walk-through saw 'use the room's weights' (4 goals) set the other 5 goals to 0 (AppTest)."""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from zpd_assess.store import Store

pytestmark = pytest.mark.slow  # a whole-app session with a workshop


def test_the_rooms_weights_keep_the_goals_not_compared_and_say_what_changed(catalog):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["zpd.facilitator"] = "unknown"
    at.query_params["lang"] = "he"
    at.query_params["org"] = "urban_retail"
    at.run()
    at.switch_page("pages/workshop.py").run()
    next(b for b in at.button if b.label == catalog.text("ui.open", "he")).click().run()
    engagement_id = at.query_params["e"]
    engagement_id = engagement_id[0] if isinstance(engagement_id, list) else engagement_id
    store = Store()
    before = store.get_engagement(engagement_id).state["weights"]  # the sample's
    (workshop,) = store.workshops_of(engagement_id)
    compared = list(workshop.goals)
    assert 3 <= len(compared) < len(catalog.goals.index)
    a, b, c = compared[:3]
    for person in ("Dana", "Yossi"):
        token = store.join(workshop.code, person, device=f"device-{person}")
        store.submit_comparisons(workshop.code, token, {(a, b): 5.0, (a, c): 3.0, (b, c): 1.0})
    store.set_status(workshop.code, "revealed")
    at.run()
    next(b for b in at.button if b.key == "workshop.use_weights").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert catalog.text("ui.weights_used", "he") in [s.value for s in at.success]
    total = sum(before[g] for g in compared)
    assert catalog.text("ui.weights_kept", "he", total=total) in [x.value for x in at.caption]
    listed = " ".join(m.value for m in at.markdown)
    labels = catalog.goals["label_he"]
    assert labels[a] in listed, "what changed names the goals that moved"

    saved = store.get_engagement(engagement_id).state["weights"]
    others = [g for g in catalog.goals.index if g not in compared]
    moved = [g for g in others if before[g] > 0]
    assert moved, "the sample gives weight to goals the room did not compare"
    factor = saved[moved[0]] / before[moved[0]]
    assert 0 < factor <= 1
    for goal in others:  # kept, up to the one factor that keeps every weight at most 1
        assert abs(saved[goal] - before[goal] * factor) < 1e-4, goal
    assert abs(sum(saved[g] for g in compared) - total * factor) < 5e-4
    assert saved[a] > saved[b] > 0
