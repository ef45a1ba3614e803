"""The mapping step in the app (issue 16): a client's data dictionary goes from upload to an
assessment without leaving the app, and a file that cannot be read is never saved."""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from zpd_assess.store import Store

DICTIONARY = ROOT / "tests" / "data" / "client_data_dictionary.xlsx"


def _saved_names() -> set[str]:
    return {e.name for e in Store().list_engagements()}


@pytest.mark.slow  # a whole-app session with an upload and a form
@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_data_dictionary_is_mapped_and_read_in_the_app(catalog, lang):
    before = _saved_names()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["zpd.facilitator"] = "unknown"
    at.session_state["zpd.upload"] = {"name": "hadar_dictionary.xlsx",
                                      "data": DICTIONARY.read_bytes()}  # fmt: skip
    at.session_state["zpd.org"] = "upload"
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = lambda key, **kw: catalog.text(key, lang, **kw)  # noqa: E731
    party = catalog.inventory_columns.at["party", f"label_{lang}"]

    # the file does not read yet: the step says what is missing, and nothing is saved
    assert text("ui.columns_missing", column=party) in [w.value for w in at.warning]
    assert text("ui.defaults_no_freshness") not in [w.value for w in at.warning]
    assert "e" not in at.query_params
    assert _saved_names() == before
    step = next(e for e in at.expander if e.label.startswith(text("ui.columns_title", found=0,
                                                                  n=0)[:12]))  # fmt: skip
    assert step.proto.expanded

    at.selectbox(key=next(k for k in _keys(at) if k.startswith("engagement.defaults.party."))) \
        .set_value("first")  # fmt: skip
    at.text_input(key=next(k for k in _keys(at) if k.startswith("engagement.defaults.coverage."))) \
        .set_value("50%")  # fmt: skip
    next(b for b in at.button if b.label == text("ui.columns_apply")).click().run()
    assert not at.exception, [e.value for e in at.exception]

    ws = at.session_state["zpd.workspaces"]["upload"]
    assert ws.defaults == {"party": "first", "coverage": "50%"}
    # read: the assessment's figures are shown and the engagement is saved with the mapping
    assert any(m.label == text("summary.index") for m in at.metric)
    engagement_id = at.query_params["e"]
    engagement_id = engagement_id[0] if isinstance(engagement_id, list) else engagement_id
    stored = Store().get_engagement(engagement_id)
    assert stored is not None and stored.state["defaults"] == {"party": "first",
                                                               "coverage": "50%"}  # fmt: skip
    Store().delete_engagement(engagement_id)


def _keys(at: AppTest) -> list[str]:
    return [w.key for w in (*at.selectbox, *at.text_input) if w.key]
