"""One colour for each thing (issue 17): a wave of the plan is the same colour in the deck's plan
and the workbook's roadmap; each category of topics has its own colour on the quadrant."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from pptx import Presentation

from zpd_assess import charts
from zpd_assess.assess import Steps, assess_engagement
from zpd_assess.decisions import default_decisions
from zpd_assess.deck import board_deck
from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.palette import CATEGORY_COLOURS, RED, WAVE_COLOURS, hex_bare
from zpd_assess.workbook import plan_workbook


@pytest.fixture(scope="module")
def urban(catalog, mapper):
    eng = next(e for e in sample_engagements() if e.org_id == "urban_retail")
    intake = load_inventory(eng.inventory_path, catalog, today=dt.date(2026, 11, 29))
    return assess_engagement(intake, catalog, default_decisions(catalog, eng),
                             organisation=eng.name_en, steps=Steps(mapper))  # fmt: skip


def test_every_category_has_its_own_colour(catalog):
    assert set(CATEGORY_COLOURS) == set(catalog.categories.index)
    colours = [c.upper() for c in CATEGORY_COLOURS.values()]
    assert len(set(colours)) == len(colours)
    assert RED.upper() not in colours  # red is the gap's colour


def test_the_quadrant_colours_each_category(catalog, urban):
    fig = charts.quadrant(urban, catalog, "en")
    names = {str(catalog.categories.at[c, "label_en"]): c for c in catalog.categories.index}
    traces = [t for t in fig.data if t.name in names]
    assert len(traces) == urban.scores.topics["category"].nunique()
    for trace in traces:
        assert trace.marker.color == CATEGORY_COLOURS[names[trace.name]]


def test_a_wave_is_one_colour_in_the_deck_and_the_roadmap(catalog, urban):
    lang = "en"
    prs = Presentation(io.BytesIO(board_deck(urban, catalog, lang, organisation="Urban")))
    plan_slide = prs.slides[4]
    chart = next(s.chart for s in plan_slide.shapes if s.has_chart)
    labels = {catalog.text(f"wave.{w}", lang): w for w in WAVE_COLOURS}
    deck_colours = {
        labels[s.name]: str(s.format.fill.fore_color.rgb) for s in chart.plots[0].series
    }
    assert deck_colours and all(hex_bare(WAVE_COLOURS[w]) == c for w, c in deck_colours.items())

    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(urban, catalog, lang)))
    ws = wb[catalog.text("sheet.roadmap", lang)]
    q = urban.plan.questions
    waves = list(q[q["in_plan"]]["wave"])
    seen = set()
    for row, wave in enumerate(waves, start=2):
        fills = {ws.cell(row=row, column=c).fill.fgColor.rgb for c in range(6, 18)}
        fills = {f[-6:] for f in fills if f and f[-6:] != "000000"}
        assert fills == {hex_bare(WAVE_COLOURS[wave])}, (row, wave, fills)
        seen.add(wave)
    assert seen == set(deck_colours)  # the same waves, both places
