"""The Excel round trip of the Question plan, with real workbooks edited as a team would."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from conftest import SAMPLES, TODAY

from zpd_assess.assess import Steps, assess_engagement
from zpd_assess.decisions import (
    apply_plan_edits,
    decisions_version,
    default_decisions,
    left_the_plan,
)
from zpd_assess.engagement import load_engagement
from zpd_assess.intake import load_inventory
from zpd_assess.plan_edits import PlanEditsError, read_plan_edits
from zpd_assess.workbook import plan_workbook

ENGAGEMENT = "eng-1"


@pytest.fixture(scope="module")
def start(catalog, mapper):
    eng = load_engagement(SAMPLES / "shalom_insurance")
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    decisions = default_decisions(catalog, eng)
    a = assess_engagement(intake, catalog, decisions, steps=Steps(mapper))
    return intake, decisions, a


def _export(a, decisions, catalog, lang="en"):
    origin = {"engagement": ENGAGEMENT, "version": decisions_version(decisions)}
    data = plan_workbook(a, catalog, lang, team=decisions.team, today=TODAY, origin=origin)
    return openpyxl.load_workbook(io.BytesIO(data))


def _sheet(wb, catalog, lang="en"):
    ws = wb[catalog.text("sheet.questions", lang)]
    header = [c.value for c in ws[1]]
    col = {k: header.index(catalog.text(k, lang)) + 1 for k in catalog.labels[lang]
           if k.startswith("col.") and catalog.text(k, lang) in header}  # fmt: skip
    return ws, col


def _row_of(ws, col, qid):
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, col["col.question_id"]).value == qid:
            return r
    raise AssertionError(f"{qid} not in the sheet")


def _move_row(ws, src, dst):
    """Cut a row and insert it above row ``dst`` (Excel's cut + insert cut cells)."""
    values = [c.value for c in ws[src]]
    ws.delete_rows(src)
    ws.insert_rows(dst)
    for c, value in enumerate(values, start=1):
        ws.cell(dst, c).value = value


def _bytes(wb):
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_the_written_plan_has_drop_downs_dates_and_its_origin(catalog, start):
    _, decisions, a = start
    wb = _export(a, decisions, catalog, "he")
    ws, col = _sheet(wb, catalog, "he")
    letter = {k: openpyxl.utils.get_column_letter(c) for k, c in col.items()}
    found = {dv.type: (dv.formula1, str(dv.sqref)) for dv in ws.data_validations.dataValidation}
    assert set(found) == {"list", "date"}
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    ranges = {str(dv.sqref).split(":")[0] for dv in lists}
    assert ranges == {f"{letter['col.channel']}2", f"{letter['col.team_status']}2"}
    assert found["date"][1].startswith(f"{letter['col.due']}2")
    origin = wb["zpd_origin"]
    assert origin.sheet_state == "veryHidden"
    assert origin["B1"].value == ENGAGEMENT and origin["B2"].value == decisions_version(decisions)
    # the channel list holds every channel's Hebrew name, the status list the team's statuses
    channel_list = next(dv.formula1 for dv in lists if str(dv.sqref).startswith(
        letter["col.channel"]))  # fmt: skip
    column = channel_list.split("!")[1].split(":")[0].replace("$", "").rstrip("0123456789")
    names = [origin[f"{column}{r}"].value for r in range(2, 2 + len(catalog.channels))]
    assert names == [catalog.channel_records[c]["label_he"] for c in catalog.channels.index]


@pytest.mark.slow
def test_a_team_edit_as_in_excel_comes_back_whole(catalog, mapper, start):
    intake, decisions, a = start
    q = a.plan.questions
    planned = list(q.index[q["in_plan"]])
    wb = _export(a, decisions, catalog)
    ws, col = _sheet(wb, catalog)
    moved, deleted, dated, recast = planned[5], planned[2], planned[0], planned[3]
    _move_row(ws, _row_of(ws, col, moved), 2)  # to the top, Rank left as it was
    room = a.plan.channels.eval("max_questions - questions").drop(q.at[recast, "channel"])
    target = str(room.idxmax())  # the channel with the most room left
    sms = catalog.channel_records[target]["label_en"]
    ws.cell(_row_of(ws, col, recast), col["col.channel"]).value = sms  # the drop-down's value
    ws.cell(_row_of(ws, col, dated), col["col.due"]).value = "15/01/2027"  # typed as text
    ws.cell(_row_of(ws, col, dated), col["col.team_status"]).value = "In progress"
    ws.delete_rows(_row_of(ws, col, deleted))
    ws.insert_rows(5)  # a new question, between the plan's rows, with the team's channel
    ws.cell(5, col["col.question_en"]).value = "Which of our apps do you use every week?"
    ws.cell(5, col["col.topics"]).value = "life_stage"
    ws.cell(5, col["col.channel"]).value = sms
    version = decisions_version(decisions)
    edits = read_plan_edits(_bytes(wb), catalog, a.plan, decisions.team,
                            engagement=ENGAGEMENT, version=version)  # fmt: skip
    assert not edits.stale
    kinds = sorted((i.kind, i.question_id) for i in edits.items)
    new_id = next(i.question_id for i in edits.items if i.kind == "added")
    assert kinds == sorted([("moved", moved), ("channel", recast), ("team", dated),
                            ("removed", deleted), ("added", new_id)])  # fmt: skip
    moved_item = next(i for i in edits.items if i.kind == "moved")
    assert (moved_item.before, moved_item.after) == ("6", "1")
    assert q.at[moved, "text_en"][:40] in moved_item.issue.message_en
    assert all(i.question_id not in i.issue.message_en for i in edits.items if i.kind != "added")
    assert edits.team[dated] == {"due": dt.date(2027, 1, 15), "status": "in_progress"}

    after_decisions = apply_plan_edits(decisions, edits, catalog)
    assert after_decisions.excluded >= {deleted}
    order = list(after_decisions.pinned)
    assert order[0] == moved and order.index(new_id) == 3 and deleted not in order
    assert after_decisions.pinned[new_id] == target == after_decisions.pinned[recast]
    result = assess_engagement(intake, catalog, after_decisions, steps=Steps(mapper))
    after = result.plan.questions
    assert after.index[after["in_plan"]][0] == moved
    assert after.at[new_id, "channel"] == target
    kept = [x for x in planned if x != deleted]
    dropped = [x for x in kept if not after.at[x, "in_plan"]]
    messages = left_the_plan(edits, a.plan.questions, after, catalog)
    left = [m for m in messages if m.kind == "plan_left_plan"]
    assert [m.value for m in left] == [after.at[x, "text_en"] for x in dropped]
    assert all(after.at[x, "reason_en"] in m.message_en for x, m in zip(dropped, left, strict=True))
    # the team's channel where it has room for the question; else a message says where it went
    elsewhere = {m.value for m in messages if m.kind == "plan_channel_not_taken"}
    pins = after_decisions.pinned.items()
    pinned_elsewhere = {
        after.at[x, "text_en"]
        for x, c in pins
        if c and after.at[x, "in_plan"] and after.at[x, "channel"] != c
    }
    assert elsewhere == pinned_elsewhere
    assert after.at[recast, "channel"] == target or q.at[recast, "text_en"] in elsewhere | {
        m.value for m in left
    }
    # the re-export: the date is a date, the status the drop-down's word, no 'workshop' credit
    again = openpyxl.load_workbook(io.BytesIO(plan_workbook(
        result, catalog, "en", team=after_decisions.team, today=TODAY)))  # fmt: skip
    ws2, col2 = _sheet(again, catalog)
    r = _row_of(ws2, col2, dated)
    assert ws2.cell(r, col2["col.due"]).value == dt.datetime(2027, 1, 15)
    assert ws2.cell(r, col2["col.team_status"]).value == "In progress"
    # after a JSON round trip (the store) the due date is still written as a date
    from zpd_assess.decisions import parse_decisions

    stored = parse_decisions(after_decisions.as_json(), catalog)
    out = plan_workbook(result, catalog, "en", team=stored.team, today=TODAY)
    ws3, col3 = _sheet(openpyxl.load_workbook(io.BytesIO(out)), catalog)
    assert ws3.cell(_row_of(ws3, col3, dated), col3["col.due"]).value == dt.datetime(2027, 1, 15)


def test_renumbering_the_rank_after_one_move_lists_one_move(catalog, start):
    _, decisions, a = start
    q = a.plan.questions
    planned = list(q.index[q["in_plan"]])
    wb = _export(a, decisions, catalog)
    ws, col = _sheet(wb, catalog)
    _move_row(ws, _row_of(ws, col, planned[5]), 2)
    ws.delete_rows(_row_of(ws, col, planned[-2]))
    for k, r in enumerate(range(2, 2 + len(planned) - 1), start=1):
        ws.cell(r, col["col.rank"]).value = k  # the team renumbers the plan
    edits = read_plan_edits(_bytes(wb), catalog, a.plan, decisions.team)
    assert sorted(i.kind for i in edits.items) == ["moved", "removed"]


def test_a_workbook_of_another_engagement_is_refused(catalog, start):
    _, decisions, a = start
    data = _bytes(_export(a, decisions, catalog))
    with pytest.raises(PlanEditsError) as caught:
        read_plan_edits(data, catalog, a.plan, engagement="eng-2")
    assert "another engagement" in caught.value.errors[0].message_en


@pytest.mark.slow
def test_a_stale_workbook_shows_each_change_against_what_changed_since(catalog, mapper, start):
    intake, decisions, a = start
    q = a.plan.questions
    planned = list(q.index[q["in_plan"]])
    old = _export(a, decisions, catalog)  # the team takes this copy home
    # meanwhile the engagement moves on: a wording fixed, a question added, an order pinned
    later = decisions.model_copy(deep=True)
    later.wording[planned[1]] = {"text_en": "Later wording by the consultant"}
    later.workshop.append({"question_id": "w_01", "text_en": "A room question",
                           "topics": ["life_stage"]})  # fmt: skip
    later.pinned = {planned[7]: None}
    now = assess_engagement(intake, catalog, later, steps=Steps(mapper))
    # the stale copy: the team set an owner and reworded the question fixed since
    ws, col = _sheet(old, catalog)
    ws.cell(_row_of(ws, col, planned[0]), col["col.owner"]).value = "Dana"
    ws.cell(_row_of(ws, col, planned[1]), col["col.question_en"]).value = "The team's wording"
    edits = read_plan_edits(_bytes(old), catalog, now.plan, later.team,
                            engagement=ENGAGEMENT, version=decisions_version(later))  # fmt: skip
    assert edits.stale and edits.notes[0].kind == "plan_stale"
    by_kind = {i.kind: i for i in edits.items}
    assert set(by_kind) == {"team", "wording_en"}, "no revert, no deletion, no re-pinned order"
    clash = by_kind["wording_en"]
    assert clash.conflict and clash.before == q.at[planned[1], "text_en"]
    assert (clash.after, clash.since) == ("The team's wording", "Later wording by the consultant")
    assert not by_kind["team"].conflict
    taken = apply_plan_edits(later, edits, catalog)
    assert taken.wording[planned[1]] == {"text_en": "Later wording by the consultant"}
    assert taken.team[planned[0]] == {"owner": "Dana"}
    assert [w["question_id"] for w in taken.workshop] == ["w_01"]
    assert taken.pinned == {planned[7]: None} and taken.excluded == later.excluded
    both = apply_plan_edits(later, edits, catalog, accept=[i.key for i in edits.items])
    assert both.wording[planned[1]] == {"text_en": "The team's wording"}
    # one undo: the decisions before the import are untouched and give the same version back
    assert later.wording[planned[1]] == {"text_en": "Later wording by the consultant"}
    assert decisions_version(later) != decisions_version(both)
