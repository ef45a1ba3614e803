"""The engagement's identity (issue 14, finding 2): an uploaded inventory is asked who it is for,
and the client's name, industry, customers and channels reach the plan, the saved list and the
files' names (the package's rules, then the app through Streamlit's AppTest)."""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from zpd_assess.decisions import Decisions, DecisionsError, Identity, file_stem, set_identity
from zpd_assess.store import Store

UPLOADED = ROOT / "sample_data" / "urban_retail" / "inventory.xlsx"


def test_the_file_stem_comes_from_the_clients_name():
    named = Identity(name_en="Kinor Telecom", name_he="קינור")
    assert file_stem(named, "upload") == "kinor_telecom"
    assert file_stem(Identity(name_he="גלטל תקשורת"), "upload") == "גלטל_תקשורת"
    assert file_stem(Identity(name_en=" ../etc/passwd "), "upload") == "etc_passwd"
    assert file_stem(Identity(), "upload") == "upload"
    assert file_stem(Identity(name_en="***"), "") == "engagement"


def test_set_identity_keeps_what_it_is_given_and_refuses_what_it_cannot_use(catalog):
    decisions = Decisions(channels=["sms"])
    channels = list(catalog.channels.index[:3])
    set_identity(
        decisions, catalog, name_en="  GalTel  Mobile ", name_he="גלטל", industries=["telecom"],
        customers=1_200_000, channels=channels,
    )  # fmt: skip
    assert decisions.identity == Identity(
        name_en="GalTel Mobile", name_he="גלטל", industry="telecom", customers=1_200_000
    )
    assert decisions.channels == channels
    assert decisions.settings().industry == "telecom" and decisions.settings().customers == 1200000
    for bad, field in [
        ({"industries": ["telco_x"]}, "identity.industry"),
        ({"channels": []}, "channels"),
        ({"channels": ["pigeon"]}, "channels"),
        ({"customers": -5}, "identity.customers"),
        ({"customers": 10.5}, "identity.customers"),
        ({"name_en": "x" * 201}, "identity.name_en"),
    ]:
        given = {"name_en": "A", "name_he": "", "industries": [], "customers": None,
                 "channels": channels} | bad  # fmt: skip
        with pytest.raises(DecisionsError, match=field):
            set_identity(decisions, catalog, **given)
    assert decisions.identity.name_en == "GalTel Mobile"  # nothing changed by a refusal
    set_identity(decisions, catalog, name_en="GalTel Mobile", name_he="", industries=[],
                 customers=None, channels=channels, gdpr=True)  # fmt: skip
    assert decisions.identity.gdpr is True
    set_identity(decisions, catalog, name_en="GalTel Mobile", name_he="", industries=[],
                 customers=None, channels=channels)  # fmt: skip
    assert decisions.identity.gdpr is True  # kept when the caller does not say


@pytest.mark.slow  # a whole-app session with an upload and a form
def test_an_upload_is_asked_who_it_is_for_and_the_answer_is_used_everywhere(catalog):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["zpd.facilitator"] = "unknown"
    at.session_state["zpd.upload"] = {"name": "galtel.xlsx", "data": UPLOADED.read_bytes()}
    at.session_state["zpd.org"] = "upload"
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert catalog.text("ui.client_ask", "en") in [i.value for i in at.info]
    engagement_id = at.query_params["e"]
    engagement_id = engagement_id[0] if isinstance(engagement_id, list) else engagement_id
    ns = f"engagement.identity.upload.{engagement_id}.en"
    channels = ["sms", "email_survey"]
    at.text_input(key=f"{ns}.name_en").set_value("GalTel")
    at.text_input(key=f"{ns}.name_he").set_value("גלטל")
    at.multiselect(key=f"{ns}.industry").set_value(["telecom"])
    at.number_input(key=f"{ns}.customers").set_value(900_000)
    at.multiselect(key=f"{ns}.channels").set_value(channels)
    at.toggle(key=f"{ns}.gdpr").set_value(True)
    next(b for b in at.button if b.label == catalog.text("ui.client_save", "en")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert catalog.text("ui.client_saved", "en") in [s.value for s in at.success]
    assert catalog.text("ui.client_ask", "en") not in [i.value for i in at.info]
    assert at.subheader[0].value == "GalTel"

    # the saved list names the client, and a new session from the link gets all of it back
    saved = {e.id: e.name for e in Store().list_engagements()}
    assert saved[engagement_id] == "GalTel"
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    again.session_state["zpd.facilitator"] = "unknown"
    again.query_params["e"] = engagement_id
    again.query_params["lang"] = "he"
    again.run()
    ws = again.session_state["zpd.workspaces"]["upload"]
    assert ws.identity == Identity(name_en="GalTel", name_he="גלטל", industry="telecom",
                                   customers=900_000, gdpr=True)  # fmt: skip
    assert ws.channels == channels
    assert again.subheader[0].value == "גלטל"
    # the pages name the client, not the uploaded file (the export's names: file_stem above)
    again.switch_page("pages/dashboard.py").run()
    assert not again.exception, [e.value for e in again.exception]
    captions = [c.value for c in again.caption]
    assert any("גלטל" in c for c in captions) and not any("galtel.xlsx" in c for c in captions)
