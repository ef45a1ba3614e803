"""The Export page queues the planned questions per customer (issue 19) for the customer extract
kept on the Evidence page, through the real app (Streamlit AppTest) and the real engagements
database the tests use: without an extract it says where to upload one; with one it makes the
queue, skips what a customer's own row answers, and offers it as CSV."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from zpd_assess.assess import Steps, assess_engagement
from zpd_assess.customer_queue import synthetic_extract
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.store import Store

ORG = "tavor_bank"


def _session(lang: str, engagement_id: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["zpd.facilitator"] = "unknown"  # past the gate (see test_app._new_app)
    at.query_params["lang"] = lang
    at.query_params["org"] = ORG
    if engagement_id:
        at.query_params["e"] = engagement_id
    at.run()
    at.switch_page("pages/export.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def _engagement_id(at: AppTest) -> str:
    value = at.query_params["e"]
    return value[0] if isinstance(value, list) else value


@pytest.mark.slow
def test_the_queue_is_made_for_the_kept_extract_and_skips_what_a_row_answers(
    catalog, mapper, deferred_downloads
):
    kept = deferred_downloads
    at = _session("he")
    infos = [i.value for i in at.info]
    assert catalog.text("ui.queue_needs_customers", "he") in infos

    eng = next(e for e in sample_engagements() if e.org_id == ORG)
    intake = load_inventory(eng.inventory_path, catalog, today=dt.date.today())
    a = assess_engagement(intake, catalog, default_decisions(catalog, eng), steps=Steps(mapper))
    extract, planted = synthetic_extract(a, n=300, fill=0.5)
    Store().save_evidence(_engagement_id(at), "customers", "customers.csv",
                          extract.to_csv(index=False).encode())  # fmt: skip

    at = _session("he", _engagement_id(at))
    assert catalog.text("ui.queue_customers", "he", name=r"customers\.csv") in [  # markdown-escaped
        c.value for c in at.caption
    ]
    at.button(key="export.queue.make").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert any("300" in s.value or "שאלות בתור" in s.value for s in at.success)

    (button,) = [b for b in at.get("download_button") if "export.queue.csv" in b.proto.id]
    queue = pd.read_csv(io.BytesIO(kept[button.proto.deferred_file_id]()), dtype=str)
    assert len(queue) and set(queue["customer_id"]) <= set(extract["customer_id"].astype(str))
    assert (queue.groupby("customer_id").size() <= 3).all()  # the page's default limit
    by_customer = extract.set_index(extract["customer_id"].astype(str))
    for qid, column in planted["columns"].items():
        asked = queue.loc[queue["question_id"] == qid, "customer_id"]
        assert by_customer.loc[asked, column].isna().all(), qid  # nobody asked what he told
    assert queue["why"].str.contains("[\u0590-\u05ff]").all()  # the page's language
