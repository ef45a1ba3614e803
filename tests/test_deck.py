"""The board deck (issue 17): native charts carrying the assessment's numbers, a headline a reader
who never saw the product understands, Hebrew right to left, and a PDF that LibreOffice renders
with every word on the slide (the slides are saved as PNG under tests/artifacts/deck/)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from conftest import TODAY
from pptx import Presentation

from zpd_assess.assess import Steps, assess_engagement
from zpd_assess.cli import main
from zpd_assess.decisions import default_decisions
from zpd_assess.deck import GAPS_SHOWN, DeckError, board_deck, deck_pdf
from zpd_assess.engagement import sample_engagements
from zpd_assess.headline import headline, short_topic
from zpd_assess.intake import load_inventory

A_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
OWNER = "Dana Levi"


@pytest.fixture(scope="module")
def urban(catalog, mapper):
    eng = next(e for e in sample_engagements() if e.org_id == "urban_retail")
    decisions = default_decisions(catalog, eng)
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    a = assess_engagement(intake, catalog, decisions, organisation=eng.name_en,
                          steps=Steps(mapper))  # fmt: skip
    return eng, a


@pytest.fixture(scope="module", params=["en", "he"])
def deck(request, catalog, urban):
    eng, a = urban
    lang = request.param
    planned = a.plan.questions[a.plan.questions["in_plan"]]
    team = {str(planned.index[0]): {"owner": OWNER, "status": "planned"}}
    name = eng.name_he if lang == "he" else eng.name_en
    data = board_deck(a, catalog, lang, organisation=name, team=team, today=TODAY)
    return lang, name, data, Presentation(io.BytesIO(data))


def _texts(slide) -> list[str]:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
    return out


def _chart(slide):
    charts = [s.chart for s in slide.shapes if s.has_chart]
    assert len(charts) == 1, "each chart slide holds one native chart"
    return charts[0]


def _values(series) -> list[float | None]:
    return list(series.values)


def test_six_wide_slides_with_native_charts_and_a_table(deck):
    _, _, data, prs = deck
    assert data[:2] == b"PK"
    assert round(prs.slide_width / prs.slide_height, 2) == 1.78  # 16:9
    slides = list(prs.slides)
    assert len(slides) == 6
    for slide in slides[1:5]:
        _chart(slide)  # native, editable: PowerPoint's own chart with its workbook
    assert any(s.has_table for s in slides[5].shapes)


def test_the_headline_says_what_is_known_asked_and_gained(deck, urban, catalog):
    lang, name, _, prs = deck
    _, a = urban
    text = " ".join(_texts(prs.slides[0]))
    in_plan = a.plan.questions[a.plan.questions["in_plan"]]
    plan_12 = a.plan.projection.set_index("month").at[12, "index_with_plan"]
    assert name in text
    assert f"{a.knowledge_index:.1f}%" in text  # as the dashboard shows it, one decimal
    assert f"{plan_12:.1f}%" in text
    assert str(len(in_plan)) in text
    budget = in_plan["incentive_cost_12m_ils"].sum()
    assert f"₪{budget / 1e6:.1f}" in text  # rounded as a board reads it (₪5.0M), not to the shekel
    plus = round(plan_12, 1) - round(a.knowledge_index, 1)  # the difference of the figures shown
    assert f"{plus:+.1f}" in text
    # the same sentence as the dashboard's, from the one headline function
    assert headline(a, catalog, lang, name) in text
    for topic in a.largest_gaps(3).index:
        assert short_topic(catalog, topic, lang) in text
    if lang == "he":
        assert "באורבן ריטייל יודעים" in text
    else:
        assert text.count(name) >= 2 and "Urban Retail knows" in text


def test_chart_series_carry_the_assessments_numbers(deck, urban):
    lang, _, _, prs = deck
    _, a = urban
    slides = list(prs.slides)

    index = _chart(slides[1])
    with_plan, nothing = index.plots[0].series
    p = a.plan.projection
    assert _values(with_plan) == pytest.approx(list(p["index_with_plan"]))
    assert _values(nothing) == pytest.approx(list(p["index_nothing_done"]))

    gaps = _chart(slides[2])
    known, gap = gaps.plots[0].series
    top = a.largest_gaps(GAPS_SHOWN).iloc[::-1]
    assert list(gaps.plots[0].categories) == list(top[f"label_{lang}"])
    assert _values(gap) == pytest.approx(list(top["gap"]))
    assert [k + g for k, g in zip(_values(known), _values(gap), strict=True)] == pytest.approx(
        list(top["importance"])
    )

    cases = _chart(slides[3])
    served, not_served = cases.plots[0].series
    shares = a.scores.use_case_shares
    on = a.scores.use_cases.table
    on = on[on["on"]]
    drawn = [s if s is not None else n for s, n in
             zip(_values(served), _values(not_served), strict=True)]  # fmt: skip
    top_shares = sorted((float(shares[u]) for u in on.index), reverse=True)[: len(drawn)]
    assert sorted(drawn, reverse=True) == pytest.approx(top_shares)

    plan = _chart(slides[4])
    in_plan = a.plan.questions[a.plan.questions["in_plan"]]
    counted = sum(v or 0 for series in plan.plots[0].series for v in _values(series))
    assert counted == len(in_plan)
    assert len(list(plan.plots[0].categories)) == in_plan["channel"].nunique()


def test_the_asks_table_has_channels_budget_and_owners(deck, urban, catalog):
    lang, _, _, prs = deck
    _, a = urban
    table = next(s.table for s in prs.slides[5].shapes if s.has_table)
    rows = [[table.cell(i, j).text for j in range(len(table.columns))]
            for i in range(len(table.rows))]  # fmt: skip
    if lang == "he":
        rows = [r[::-1] for r in rows]  # the first column is on the right
    in_plan = a.plan.questions[a.plan.questions["in_plan"]]
    assert rows[0][0] == catalog.text("col.channel", lang)
    total = rows[-1]
    assert total[0] == catalog.text("deck.total", lang) and total[1] == str(len(in_plan))
    assert total[4] == f"₪{in_plan['incentive_cost_12m_ils'].sum():,.0f}"
    owner_channel = catalog.channels.at[in_plan.iloc[0]["channel"], f"label_{lang}"]
    by_channel = {r[0]: r for r in rows[1:-1]}
    assert by_channel[owner_channel][5] == OWNER
    assert len(by_channel) == in_plan["channel"].nunique()
    others = [r[5] for name, r in by_channel.items() if name != owner_channel]
    assert others and set(others) == {catalog.text("deck.owner_missing", lang)}


def _paragraphs(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield from shape.text_frame._txBody.iter(f"{A_NS}p")
            if shape.has_table:
                yield from shape._element.iter(f"{A_NS}p")


def test_hebrew_reads_right_to_left_and_english_left_to_right(deck):
    lang, _, _, prs = deck
    paragraphs = [p for p in _paragraphs(prs) if "".join(p.itertext()).strip()]
    assert len(paragraphs) > 40
    for p in paragraphs:
        ppr = p.find(f"{A_NS}pPr")
        text = "".join(p.itertext())
        if lang == "he":
            assert ppr is not None and ppr.get("rtl") == "1", text
            assert ppr.get("algn") in ("r", "ctr"), text
        else:
            assert ppr is None or ppr.get("rtl") in (None, "0"), text
    hebrew = re.compile("[\u0590-\u05ff]")
    categories = list(_chart(prs.slides[2]).plots[0].categories)
    assert all(bool(hebrew.search(str(c))) == (lang == "he") for c in categories)
    fonts = {r.get("typeface") for r in prs.slides[0].shapes._spTree.iter(f"{A_NS}latin")}
    assert fonts == {"Arial"}


def test_a_language_the_deck_is_not_written_in_is_refused(catalog, urban):
    with pytest.raises(ValueError, match="'en' or 'he'"):
        board_deck(urban[1], catalog, "fr")


def test_without_libreoffice_the_pdf_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(DeckError, match=r"LibreOffice.*apt-get install libreoffice-impress"):
        deck_pdf(b"PK")


def test_the_cli_refuses_an_out_that_is_not_pptx(capsys, tmp_path):
    inv = "sample_data/urban_retail/inventory.xlsx"
    assert main(["deck", inv, "--out", str(tmp_path / "deck.pdf")]) == 2
    assert "FILE.pptx" in capsys.readouterr().err


@pytest.mark.slow
def test_the_cli_writes_the_deck_in_hebrew(capsys, tmp_path):
    out = tmp_path / "deck.pptx"
    inv = "sample_data/urban_retail/inventory.xlsx"
    assert main(["deck", inv, "--out", str(out), "--lang", "he"]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    prs = Presentation(str(out))
    assert len(prs.slides) == 6
    assert "באורבן ריטייל יודעים " in " ".join(_texts(prs.slides[0]))


def _require(tool: str) -> str:
    found = shutil.which(tool)
    if not found:
        package = "poppler-utils" if tool.startswith("pdf") else "libreoffice-impress"
        pytest.fail(f"{tool} is needed to render the deck: apt-get install {package}")
    return found


@pytest.mark.slow
def test_the_pdf_renders_every_slide_with_every_word_on_it(deck, artifacts):
    """pptx → PDF (LibreOffice) → PNG (pdftoppm), saved for a person to look at; every word
    LibreOffice laid out lies inside its slide."""
    lang, name, data, _ = deck
    _require("soffice")
    pdf = deck_pdf(data)
    assert pdf[:5] == b"%PDF-"
    folder = artifacts / "deck"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"urban_retail_{lang}.pdf"
    source.write_bytes(pdf)
    (folder / f"urban_retail_{lang}.pptx").write_bytes(data)
    for old in folder.glob(f"urban_retail_{lang}-*.png"):
        old.unlink()
    subprocess.run([_require("pdftoppm"), "-r", "80", "-png", str(source),
                    str(folder / f"urban_retail_{lang}")], check=True, timeout=120)  # fmt: skip
    pngs = sorted(folder.glob(f"urban_retail_{lang}-*.png"))
    assert len(pngs) == 6
    assert all(p.stat().st_size > 10_000 for p in pngs)

    html = subprocess.run([_require("pdftotext"), "-bbox", str(source), "-"], check=True,
                          capture_output=True, timeout=120).stdout.decode()  # fmt: skip
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", html).replace(' xmlns="', ' x="'))
    pages = root.findall(".//page")
    assert len(pages) == 6
    words = 0
    for page in pages:
        width, height = float(page.get("width")), float(page.get("height"))
        for word in page.findall("word"):
            words += 1
            box = [float(word.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")]
            assert box[0] >= 0 and box[1] >= 0, word.text
            assert box[2] <= width and box[3] <= height, word.text
    assert words > 300
    first = " ".join(w.text or "" for w in pages[0].findall("word"))
    last = name.split()[-1]  # pdftotext gives Hebrew in visual order
    assert last in first or last[::-1] in first
