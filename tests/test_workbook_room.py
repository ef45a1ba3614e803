"""Issue 15: the room's ideas, merges and dots in the Excel plan's Workshop sheet, in both
languages; an engagement without a workshop has no such sheet."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from conftest import SAMPLES, TODAY

from zpd_assess.assess import Steps, assess_engagement
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import load_engagement
from zpd_assess.ideas import RoomRecord
from zpd_assess.intake import load_inventory
from zpd_assess.store import Idea
from zpd_assess.workbook import plan_workbook

WHEN = dt.datetime(2026, 11, 30, 10, 0)
ACCEPTED = Idea(1, "question", "What size do you usually wear?", "en", WHEN, "accepted", None,
                "What size do you usually wear?", None, "Noa", "idea_01")  # fmt: skip
MERGED = Idea(2, "question", "Ask the clothing size", "en", WHEN, "merged", 1, None, None, "Dana")
WORRY = Idea(3, "worry", "לקוחות חוששים שנמכור את המידע שלהם", "he", WHEN, "set_aside", None,
             None, None, None)  # fmt: skip


@pytest.fixture(scope="module")
def with_room(catalog, mapper):
    """The retail sample with the accepted idea as a room question, as the Workshop page adds."""
    eng = load_engagement(SAMPLES / "urban_retail")
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    decisions = default_decisions(catalog, eng)
    decisions.workshop.append({"question_id": "idea_01", "text_en": ACCEPTED.text, "text_he": "",
                               "topics": ["product_preferences"],
                               "answer_type": "single_choice"})  # fmt: skip
    a = assess_engagement(intake, catalog, decisions, organisation=eng.name_en,
                          steps=Steps(mapper))  # fmt: skip
    room = RoomRecord("ABC234", (ACCEPTED, MERGED, WORRY), {"idea_01": 7}, 0.46, 6)
    return a, room


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_workshop_sheet_keeps_every_idea_and_its_course(catalog, with_room, lang):
    a, room = with_room
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(a, catalog, lang, today=TODAY,
                                                         room=[room])))  # fmt: skip
    names = wb.sheetnames
    sheet = catalog.text("sheet.workshop", lang)
    assert names.index(sheet) == names.index(catalog.text("sheet.roadmap", lang)) + 1
    ws = wb[sheet]
    assert ws.sheet_view.rightToLeft == (lang == "he")
    header = [c.value for c in ws[1]]
    col = {k: header.index(catalog.text(k, lang)) for k in
           ("col.idea", "col.idea_status", "col.merged_into", "col.in_plan_as", "col.dots",
            "col.idea_author")}  # fmt: skip
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=4)]
    accepted, merged, worry = rows
    rank = int(a.plan.questions.at["idea_01", "rank"])
    assert accepted[col["col.in_plan_as"]] == catalog.text("ui.in_plan_as", lang, rank=rank,
                                                           qid="idea_01")  # fmt: skip
    assert accepted[col["col.dots"]] == 7
    assert merged[col["col.merged_into"]] == ACCEPTED.text
    assert merged[col["col.idea_status"]] == catalog.text("ui.idea_status_merged", lang)
    assert worry[col["col.idea_author"]] in ("", None)  # anonymous: no name
    assert worry[col["col.in_plan_as"]] in ("", None)
    said = [c.value for row in ws.iter_rows(min_row=6) for c in row if c.value]
    assert any("0.46" in str(v) for v in said), said


def test_too_few_ballots_say_nothing_of_agreement(catalog, with_room):
    from zpd_assess.agreement import room_agreement

    a, _ = with_room
    least = int(catalog.assumptions.number("agreement.min_ballots"))
    two = room_agreement([[5, 0], [4, 1]], least)  # W = 1.0, but from two ballots
    assert two is None
    room = RoomRecord("ABC234", (ACCEPTED,), {"idea_01": 7}, two, 2)
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(a, catalog, "en", today=TODAY,
                                                         room=[room])))  # fmt: skip
    ws = wb[catalog.text("sheet.workshop", "en")]
    agreement = catalog.text("ui.room_agreement", "en", words="", w=0, voters=0).split(":")[0]
    assert not [c.value for row in ws.iter_rows() for c in row if agreement in str(c.value)]


def test_no_workshop_no_sheet(catalog, with_room):
    a, _ = with_room
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(a, catalog, "en", today=TODAY)))
    assert catalog.text("sheet.workshop", "en") not in wb.sheetnames
