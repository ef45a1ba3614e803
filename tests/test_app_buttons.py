"""The facilitator's buttons, clicked in the real app (AppTest): workshop open, reveal, close,
the room's votes into the ranking, and opening a saved engagement.

Possible since every page runs the frame itself (``frame.run_page``): no extra rerun through a
private Streamlit flag swallows a click any more (issue #11).
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from zpd_assess.store import Store

pytestmark = pytest.mark.slow


def _session(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["zpd.facilitator"] = "unknown"  # past the gate (see test_app._new_app)
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _click(at: AppTest, label: str) -> None:
    button = next(b for b in at.button if b.label == label)
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]


def test_a_workshop_is_opened_voted_revealed_used_and_closed(catalog):
    at = _session(org="shalom_insurance")
    at.switch_page("pages/workshop.py").run()
    _click(at, catalog.text("ui.open", "en"))
    engagement_id = at.query_params["e"]
    engagement_id = engagement_id[0] if isinstance(engagement_id, list) else engagement_id
    store = Store()
    (workshop,) = store.workshops_of(engagement_id)
    assert workshop.status == "open" and len(workshop.questions) >= 3

    token = store.join(workshop.code, "Dana", device="device-1")
    store.submit_votes(workshop.code, token, {workshop.questions[0]: 3, workshop.questions[1]: 2})
    at.run()
    _click(at, catalog.text("ui.reveal", "en"))
    assert store.get_workshop(workshop.code).status == "revealed"
    shown = " ".join(m.value for m in at.markdown) + " ".join(s.value for s in at.subheader)
    assert catalog.text("ui.results", "en") in shown

    _click(at, catalog.text("ui.use_votes", "en"))
    saved = store.get_engagement(engagement_id).state
    assert saved["votes"] == {workshop.questions[0]: 3, workshop.questions[1]: 2}
    assert saved["vote_weight"] > 0

    _click(at, catalog.text("ui.close_workshop", "en"))
    assert store.get_workshop(workshop.code).status == "closed"


def test_a_saved_engagement_is_opened_from_the_list(catalog):
    store = Store()
    engagement_id = store.create_engagement(
        "Opened from the list", {"weights": {"retention": 1.0}}, sample_org="urban_retail"
    )
    at = _session()
    at.selectbox(key="engagement.saved").set_value(engagement_id).run()
    _click(at, catalog.text("ui.open_saved", "en"))
    opened = at.query_params["e"]
    assert (opened[0] if isinstance(opened, list) else opened) == engagement_id
    at.switch_page("pages/goals.py").run()
    assert at.slider(key="goals.w.retention").value == 1.0
    assert at.slider(key="goals.w.cross_sell").value == 0.0


def test_an_engagement_is_deleted_from_the_list_with_its_workshops(catalog):
    store = Store()
    engagement_id = store.create_engagement(
        "To be deleted", {"weights": {"retention": 1.0}}, sample_org="urban_retail"
    )
    code = store.open_workshop(engagement_id, ["q_life_stage_01"], ["retention"]).code
    at = _session()
    at.selectbox(key="engagement.saved").set_value(engagement_id).run()
    delete = next(b for b in at.button if b.key == "engagement.delete")
    assert delete.disabled, "deleting needs the confirmation box ticked"
    at.checkbox(key=f"engagement.delete_sure.{engagement_id}").check().run()
    next(b for b in at.button if b.key == "engagement.delete").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.get_engagement(engagement_id) is None
    assert store.get_workshop(code) is None


def test_the_join_link_uses_the_public_address_and_carries_the_language(catalog, monkeypatch):
    monkeypatch.setenv("ZPD_PUBLIC_URL", "https://10.0.0.7:8501/")
    at = _session(org="shalom_insurance", lang="he")
    at.switch_page("pages/workshop.py").run()
    _click(at, catalog.text("ui.open", "he"))
    links = [c.value for c in at.code]
    assert any(v.startswith("https://10.0.0.7:8501/?w=") and v.endswith("&lang=he") for v in links)
    assert not at.warning, "a reachable address needs no warning"


def test_the_ballot_shows_the_rooms_question_in_its_words(catalog):
    """Finding 17: a room question was shown on the ballot as its id (w_01)."""
    store = Store()
    state = {
        "workshop": [
            {"question_id": "w_01", "text_en": "Which occasions do you dress for?",
             "text_he": "לאילו אירועים אתם מתלבשים?", "topics": ["event_preferences"]}
        ]
    }  # fmt: skip
    engagement_id = store.create_engagement("Ballot", state, sample_org="urban_retail")
    code = store.open_workshop(engagement_id, ["w_01", "q_life_stage_01"], []).code
    at = _session(w=code, lang="he")
    token = store.join(code, "Noa", device="ballot-device")
    at.query_params["p"] = token
    at.run()
    labels = [n.label for n in at.number_input]
    assert "לאילו אירועים אתם מתלבשים?" in " ".join(labels).replace("\\", ""), labels
    assert not any(label.strip() == "w_01" for label in labels)


def test_an_unknown_org_in_the_url_opens_the_first_sample_and_is_never_stored(catalog):
    at = _session(org="../../etc/passwd")
    assert not at.exception
    at.switch_page("pages/goals.py").run()
    at.slider(key="goals.w.product_development").set_value(0.35).run()
    engagement_id = at.query_params["e"]
    engagement_id = engagement_id[0] if isinstance(engagement_id, list) else engagement_id
    stored = Store().get_engagement(engagement_id)
    assert stored is not None and stored.sample_org != "../../etc/passwd"
