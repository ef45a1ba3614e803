"""The participant's side of a workshop (issue 14, finding 4), in the app (AppTest): ``/vote``
asks for the code, the same name rejoining resumes its ballot, and the pairwise sliders name
both ends."""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from zpd_assess.store import Store

pytestmark = pytest.mark.slow  # whole-app sessions


def _participant(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_vote_asks_for_the_code_and_a_rejoin_under_the_same_name_resumes(catalog):
    store = Store()
    engagement_id = store.create_engagement("Room", {}, sample_org="urban_retail")
    goals = list(catalog.goals.index[:3])
    shop = store.open_workshop(engagement_id, ["q_life_stage_01"], goals, dots=5)

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["lang"] = "he"
    at.run()
    at.switch_page("pages/vote.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.text_input(key="vote.code").set_value(shop.code.lower())
    next(b for b in at.button if b.label == catalog.text("ui.join", "he")).click().run()
    assert at.query_params["w"] in (shop.code, [shop.code])

    first = _participant(w=shop.code, lang="he")
    first.text_input[0].set_value("Dana")
    next(b for b in first.button if b.label == catalog.text("ui.join", "he")).click().run()
    token = first.query_params["p"]
    token = token[0] if isinstance(token, list) else token
    labels = catalog.goals["label_he"]
    ends = [m.value for m in first.markdown if "zpd-slider-ends" in m.value]
    assert len(ends) == 3, "one row of end labels per pair of goals"
    a, b = goals[0], goals[1]
    assert ends[0].index(labels[b]) < ends[0].index(labels[a]), "second goal left, first right"

    again = _participant(w=shop.code, lang="he")  # another browser, the same person
    again.text_input[0].set_value("dana")
    next(b for b in again.button if b.label == catalog.text("ui.join", "he")).click().run()
    resumed = again.query_params["p"]
    assert (resumed[0] if isinstance(resumed, list) else resumed) == token
    assert len(store.participants_of(shop.code)) == 1


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_100_point_ballot_counts_points_and_sends_ideas(catalog, lang):
    """Issue 15: a 100-point allocation beside the dots; the ideas round on the same screen."""
    store = Store()
    engagement_id = store.create_engagement("Points", {}, sample_org="urban_retail")
    shop = store.open_workshop(engagement_id, ["q_life_stage_01", "q_family_status_01"], [],
                               dots=100)  # fmt: skip
    L = catalog.labels[lang]
    at = _participant(w=shop.code, lang=lang)
    at.text_input[0].set_value("Rina")
    next(b for b in at.button if b.label == L["ui.join"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any(L["ui.ballot_help_points"].format(dots=100)[:25] in m.value for m in at.markdown)
    inputs = at.number_input
    assert [i.step for i in inputs] == [5, 5]
    inputs[0].set_value(60).run()
    inputs = at.number_input
    inputs[1].set_value(40).run()
    said = [p.proto.text for p in at.get("progress")]
    assert any(L["ui.dots_used_points"].format(used=100, dots=100) in s for s in said), said

    at.text_area(key="vote.idea_text").set_value("Ask about the next family event")
    next(b for b in at.button if b.label == L["ui.send_idea"]).click().run()
    assert [i.text for i in store.ideas_of(shop.code)] == ["Ask about the next family event"]

    # the round is over while the participant writes: he is told, and the text stays his to copy
    store.set_status(shop.code, "revealed")
    at.text_area(key="vote.idea_text").set_value("Ask which room they are renovating")
    next(b for b in at.button if b.label == L["ui.send_idea"]).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [L["store.ideas_round_over"]]  # in his language
    assert [c.value for c in at.code] == ["Ask which room they are renovating"]
    assert len(store.ideas_of(shop.code)) == 1
