"""Issue 16, "learn from the consultant's fixes", in the app: a topic fixed in the Inventory grid is
kept by the attribute's name, so the client's next version of the file (rows in another order)
keeps it; with «Use fixes remembered from other engagements» on, the fix is the firm's too and
the next client's file takes it."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from conftest import ROOT, SAMPLES
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from streamlit.testing.v1 import AppTest

from zpd_assess.store import Store

INVENTORY = SAMPLES / "urban_retail" / "inventory.xlsx"


def _reversed_file() -> bytes:
    """The same inventory with its rows in reverse order (the client's next version)."""
    book = openpyxl.load_workbook(INVENTORY)
    sheet = book.active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    fresh = openpyxl.Workbook()
    out = fresh.active
    out.title = sheet.title
    for row in [rows[0], *rows[:0:-1]]:
        out.append(row)
    data = io.BytesIO()
    fresh.save(data)
    return data.getvalue()


def _app(name: str, data: bytes) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["zpd.facilitator"] = "unknown"
    at.session_state["zpd.upload"] = {"name": name, "data": data}
    at.session_state["zpd.org"] = "upload"
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/inventory.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _grid(at: AppTest):
    return next(e for e in at.data_editor if e.key and e.key.startswith("inventory.editor."))


def _edit_topics(at: AppTest, topics: dict[str, str]) -> None:
    """Change topics in the grid as the browser does: AppTest does not apply cell edits, so this
    sends the message the browser sends (the editor's edit state, as a string widget value)."""
    grid = _grid(at)
    table = grid.value
    edited = {
        str(int(table.index[table["attribute"] == attribute][0])): {"topic": topic}
        for attribute, topic in topics.items()
    }
    states = WidgetStates()
    states.CopyFrom(at._tree.get_widget_states())
    state = states.widgets.add()
    state.id = grid.proto.id
    state.string_value = json.dumps({"edited_rows": edited, "added_rows": [], "deleted_rows": []})
    at._run(states)
    assert not at.exception, [e.value for e in at.exception]


def _row(at: AppTest, attribute: str) -> dict:
    table = _grid(at).value
    return table[table["attribute"] == attribute].iloc[0].to_dict()


def _engagement_id(at: AppTest) -> str:
    found = at.query_params["e"]
    return found[0] if isinstance(found, list) else found


@pytest.mark.slow  # whole-app sessions: two uploads, a grid fix, a second engagement
def test_a_topic_fix_follows_its_name_into_the_next_file_and_to_the_next_client(catalog):
    text = lambda key, **kw: catalog.text(key, "en", **kw)  # noqa: E731
    at = _app("urban_v1.xlsx", INVENTORY.read_bytes())
    before = _row(at, "pc_home_style")
    assert (before["row"], before["topic"], before["flag"]) == (79, "leisure_preferences", "⚠")
    assert before["source"] == text("value.auto")
    # the flag says why, with the mapper's estimate of the chance the topic is right
    reason = text("ui.review_low_confidence")
    assert before["why_review"] == text("ui.review_with_chance", reason=reason, chance="38%")

    _edit_topics(at, {"pc_home_style": "product_preferences"})
    ws = at.session_state["zpd.workspaces"]["upload"]
    assert ws.topic_fixes == {"pc home style": ["product_preferences"]}
    assert ws.inventory_edits == {}  # by name only: a row number would hit another name later
    fixed = _row(at, "pc_home_style")
    assert (fixed["topic"], fixed["flag"], fixed["why_review"]) == ("product_preferences", "", "")
    assert fixed["source"] == text("value.remembered")
    captions = [c.value for c in at.caption]
    assert text("ui.remembered_rows", n=1, engagement=1, firm=0) in captions
    assert text("ui.edits_kept", n=1) in captions
    first_id = _engagement_id(at)
    assert Store().get_engagement(first_id).state["topic_fixes"] == {
        "pc home style": ["product_preferences"]
    }

    # the client's next version of the file: the same names, rows in reverse order
    at.session_state["zpd.upload"] = {"name": "urban_v2.xlsx", "data": _reversed_file()}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    moved = _row(at, "pc_home_style")
    assert moved["row"] != 79
    assert (moved["topic"], moved["source"]) == ("product_preferences", text("value.remembered"))
    now_at_79 = _grid(at).value.set_index("row").loc[79]
    assert now_at_79["attribute"] != "pc_home_style"
    assert now_at_79["source"] != text("value.remembered")
    assert at.session_state["zpd.workspaces"]["upload"].topic_fixes == {
        "pc home style": ["product_preferences"]
    }

    # the firm's memory: off by default; on, this engagement's fixes are the firm's too
    toggle = at.toggle(key="inventory.firm_fixes")
    assert toggle.value is False and toggle.label == text("ui.firm_fixes")
    assert "pc home style" not in Store().firm_topic_fixes()
    toggle.set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert Store().firm_topic_fixes()["pc home style"] == ["product_preferences"]

    # the next client: a new engagement from the same names
    other = _app("next_client.xlsx", INVENTORY.read_bytes())
    assert _row(other, "pc_home_style")["topic"] == "leisure_preferences"  # off by default
    other.toggle(key="inventory.firm_fixes").set_value(True).run()
    assert not other.exception, [e.value for e in other.exception]
    helped = _row(other, "pc_home_style")
    assert (helped["topic"], helped["source"]) == ("product_preferences", text("value.remembered"))
    assert text("ui.remembered_rows", n=1, engagement=0, firm=1) in [c.value for c in other.caption]
    # the choice holds on the other pages: the dashboard scores with the firm's fix too
    other.switch_page("pages/dashboard.py").run()
    assert not other.exception, [e.value for e in other.exception]
    other.switch_page("pages/inventory.py").run()
    assert other.toggle(key="inventory.firm_fixes").value is True
    assert _row(other, "pc_home_style")["topic"] == "product_preferences"

    for engagement_id in {first_id, _engagement_id(other)}:
        Store().delete_engagement(engagement_id)
    assert "pc home style" not in Store().firm_topic_fixes()
