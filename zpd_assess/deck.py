"""The board deck: six 16:9 slides an executive takes to the board, in English or Hebrew.

:func:`board_deck` turns an :class:`~zpd_assess.assess.Assessment` into a ``.pptx`` (python-pptx)
whose charts are native PowerPoint charts (editable, their numbers in the embedded workbook):

1. the headline: one sentence from the numbers (what the organisation knows, what the plan asks,
   what it gains), with the three numbers behind it;
2. the index today and with the plan (line chart, with "if nothing is done");
3. the biggest gaps (bar chart: importance split into known and not known, every bar labelled);
4. the use cases served (bar chart: each one's share of what matters, served or not yet);
5. the plan by channel and wave (stacked bar chart);
6. what the plan asks of the organisation: channels, incentive budget, owners (a table).

Hebrew slides read right to left: every paragraph is ``rtl`` and right-aligned, the panels and
table columns run from the right, and the bars grow from the right. Colours are the app's
(:mod:`zpd_assess.charts`). :func:`deck_pdf` converts the deck to PDF with LibreOffice.

Pure: no I/O except :func:`deck_pdf`'s temporary folder and LibreOffice process.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from .assess import Assessment, use_case_progress
from .catalog import Catalog
from .headline import headline
from .palette import GREEN, GREY, NAVY, RED, WAVE_COLOURS
from .planning import WAVES
from .scoring import party_mix

FONT = "Arial"  # has Hebrew glyphs; LibreOffice substitutes the metric-compatible Liberation Sans
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
TEXT_DARK = "#262626"
TEXT_MUTED = "#595959"
#: The waves in the app's colours: start now (green), next quarter (navy), strategic (amber).
GAPS_SHOWN = 8
USE_CASES_SHOWN = 8
PDF_TIMEOUT_S = 180


class DeckError(RuntimeError):
    """The deck could not be converted (LibreOffice missing or failing)."""


# --- numbers -------------------------------------------------------------------------------------


def _one(value: float) -> str:
    """An index as the dashboard shows it: one decimal."""
    return f"{value:.1f}"


def _signed(value: float, lang: str) -> str:
    """A change with its sign; in Hebrew isolated left to right, or the bidirectional algorithm
    would draw the sign after the number ("11.9+")."""
    text = f"{value:+.1f}"
    return f"\u2066{text}\u2069" if lang == "he" else text


def _shekels(value: float) -> str:
    return f"₪{value:,.0f}"


def _shekels_round(value: float, lang: str) -> str:
    """A budget as a board reads it: ₪5.0M (₪4,967,007 to the shekel is false precision)."""
    if value >= 1_000_000:
        return f"₪{value / 1_000_000:.1f}" + (" מיליון" if lang == "he" else "M")
    if value >= 10_000:
        return f"₪{value / 1_000:.0f}" + (" אלף" if lang == "he" else "K")
    return _shekels(value)


def _in_12_months(assessment: Assessment, column: str) -> float:
    """The projection's index in 12 months: ``index_with_plan`` or ``index_nothing_done``."""
    p = assessment.plan.projection
    return float(p.loc[p["month"] == 12, column].to_numpy()[0])


def _in_plan(assessment: Assessment) -> pd.DataFrame:
    q = assessment.plan.questions
    return q[q["in_plan"].astype(bool)]


def _used_channels(assessment: Assessment) -> list[str]:
    """The channels that ask at least one question, the busiest first."""
    counts = _in_plan(assessment)["channel"].value_counts()
    return sorted(counts.index, key=lambda c: (-int(counts[c]), str(c)))


def _incentive_budget(assessment: Assessment) -> float:
    return float(_in_plan(assessment)["incentive_cost_12m_ils"].fillna(0).sum())


# --- drawing -------------------------------------------------------------------------------------


def _rgb(colour: str) -> RGBColor:
    return RGBColor.from_string(colour.lstrip("#").upper())


def _direction(paragraph: Any, lang: str) -> None:
    """Right to left and right-aligned in Hebrew, left-aligned in English."""
    if lang == "he":
        paragraph._p.get_or_add_pPr().set("rtl", "1")
        paragraph.alignment = PP_ALIGN.RIGHT
    else:
        paragraph.alignment = PP_ALIGN.LEFT


def _text(
    slide: Any,
    box: tuple[int, int, int, int],
    lines: Sequence[tuple[str, float, bool, str]],
    lang: str,
    *,
    anchor: Any = MSO_ANCHOR.TOP,
    align: Any = None,
) -> Any:
    """A text box of paragraphs (text, size in points, bold, colour), wrapped, direction set."""
    shape = slide.shapes.add_textbox(*box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    for i, (text, size, bold, colour) in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        _direction(paragraph, lang)
        if align is not None:
            paragraph.alignment = align
        paragraph.space_after = Pt(size * 0.35)
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = FONT
        run.font.color.rgb = _rgb(colour)
    return shape


def _slide(prs: Any, title: str, lang: str, footer: str, note: str = "") -> Any:
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    width = SLIDE_WIDTH - 2 * MARGIN
    _text(slide, (MARGIN, Inches(0.35), width, Inches(1.0)), [(title, 26, True, NAVY)], lang,
          anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip
    if note:
        _text(slide, (MARGIN, Inches(1.35), width, Inches(0.6)), [(note, 13, False, TEXT_MUTED)],
              lang)  # fmt: skip
    _text(slide, (MARGIN, SLIDE_HEIGHT - Inches(0.5), width, Inches(0.35)),
          [(footer, 10, False, TEXT_MUTED)], lang)  # fmt: skip
    return slide


def _chart(
    slide: Any,
    kind: Any,
    data: CategoryChartData,
    box: tuple[int, int, int, int],
    colours: Sequence[str],
    *,
    legend: bool = True,
) -> Any:
    chart = slide.shapes.add_chart(kind, *box, data).chart
    chart.font.name = FONT
    chart.font.size = Pt(13)
    chart.font.color.rgb = _rgb(TEXT_DARK)
    chart.has_title = False
    chart.has_legend = legend
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(13)
    for series, colour in zip(chart.plots[0].series, colours, strict=False):
        fill = series.format.fill
        fill.solid()
        fill.fore_color.rgb = _rgb(colour)
        series.format.line.color.rgb = _rgb(colour)
    return chart


def _labels(plot: Any, number_format: str, position: Any = None, size: int = 12) -> None:
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format = number_format
    labels.number_format_is_linked = False
    labels.font.size = Pt(size)
    if position is not None:
        labels.position = position


def _bars_from_the_right(chart: Any, lang: str) -> None:
    """Hebrew: the value axis runs from the right, so bars grow leftwards from their labels."""
    if lang == "he":
        chart.value_axis.reverse_order = True


# --- slides --------------------------------------------------------------------------------------


def _headline_slide(prs: Any, a: Assessment, catalog: Catalog, lang: str, org: str,
                    footer: str) -> None:  # fmt: skip
    t = catalog.text
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    width = SLIDE_WIDTH - 2 * MARGIN
    _text(slide, (MARGIN, Inches(0.35), width, Inches(0.5)),
          [(t("deck.title", lang, org=org), 16, False, TEXT_MUTED)], lang)  # fmt: skip
    _text(slide, (MARGIN, Inches(0.9), width, Inches(2.4)),
          [(headline(a, catalog, lang, org), 28, True, NAVY)], lang,
          anchor=MSO_ANCHOR.MIDDLE)  # fmt: skip

    plan_12 = _in_12_months(a, "index_with_plan")
    nothing_12 = _in_12_months(a, "index_nothing_done")
    n, used = len(_in_plan(a)), len(_used_channels(a))
    mix = party_mix(a.scores.contributions)
    zero = float(mix.get("zero", 0.0))
    cases = use_case_progress(a)
    served = cases[cases["questions"] > 0]
    gains = [
        (f"{_one(plan_12)}%", 40, True, NAVY),
        (t("deck.gains_note", lang,  # the difference of the figures shown, not of the raw ones
           delta=_signed(round(plan_12, 1) - round(a.knowledge_index, 1), lang),
           nothing=_one(nothing_12)), 15, False, TEXT_DARK),
    ]  # fmt: skip
    if len(cases):
        top = str(served.iloc[0][f"label_{lang}"]) if len(served) else "—"
        gains.append((t("deck.gains_use_cases", lang, served=len(served), total=len(cases),
                        top=top), 15, False, TEXT_DARK))  # fmt: skip
    panels = [
        (t("deck.knows", lang), [
            (f"{_one(a.knowledge_index)}%", 40, True, NAVY),
            (t("deck.knows_note", lang), 15, False, TEXT_DARK),
            (t("deck.knows_zero", lang, share=f"{zero:.0%}"), 15, False, TEXT_DARK),
        ]),
        (t("deck.asks", lang), [
            (t("deck.asks_value", lang, n=n), 40, True, NAVY),
            (t("deck.asks_note", lang, c=used), 15, False, TEXT_DARK),
            (t("deck.asks_budget", lang, budget=_shekels_round(_incentive_budget(a), lang)), 15,
             False,
             TEXT_DARK),
        ]),
        (t("deck.gains", lang), gains),
    ]  # fmt: skip
    gap = Inches(0.3)
    panel_w = int((width - 2 * gap) / 3)
    top_y, panel_h = Inches(3.5), Inches(3.3)
    for i, (title, lines) in enumerate(panels):
        slot = (2 - i) if lang == "he" else i  # Hebrew reads the first panel on the right
        left = MARGIN + slot * (panel_w + gap)
        band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top_y, panel_w, Inches(0.06))
        band.fill.solid()
        band.fill.fore_color.rgb = _rgb(NAVY)
        band.line.fill.background()
        _text(slide, (left, top_y + Inches(0.12), panel_w, panel_h),
              [(title, 17, True, TEXT_MUTED), *lines], lang)  # fmt: skip
    _text(slide, (MARGIN, SLIDE_HEIGHT - Inches(0.5), width, Inches(0.35)),
          [(footer, 10, False, TEXT_MUTED)], lang)  # fmt: skip


def _index_slide(prs: Any, a: Assessment, catalog: Catalog, lang: str, footer: str) -> None:
    t = catalog.text
    proj = a.plan.projection
    now = a.knowledge_index
    plan_12 = _in_12_months(a, "index_with_plan")
    nothing_12 = _in_12_months(a, "index_nothing_done")
    title = t("deck.index_title", lang, now=_one(now), plan=_one(plan_12),
              nothing=_one(nothing_12))  # fmt: skip
    note = t("deck.index_note", lang)
    slide = _slide(prs, title, lang, footer, note)
    data = CategoryChartData(number_format="0.0")
    data.categories = [
        t("deck.today", lang) if int(m) == 0 else t("deck.in_months", lang, m=int(m))
        for m in proj["month"]
    ]
    data.add_series(t("summary.with_plan", lang), [float(v) for v in proj["index_with_plan"]])
    data.add_series(t("summary.nothing", lang), [float(v) for v in proj["index_nothing_done"]])
    box = (MARGIN, Inches(2.1), SLIDE_WIDTH - 2 * MARGIN, Inches(4.7))
    chart = _chart(slide, XL_CHART_TYPE.LINE_MARKERS, data, box, [NAVY, RED])
    for series, colour in zip(chart.plots[0].series, (NAVY, RED), strict=True):
        series.smooth = False
        series.format.line.width = Pt(3)
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = _rgb(colour)
    chart.plots[0].series[1].format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    with_plan, nothing = chart.plots[0].series
    labels = with_plan.data_labels  # every point of the plan; "nothing done" at 12 months only
    labels.show_value = True
    labels.number_format, labels.number_format_is_linked = "0.0", False
    labels.position = XL_LABEL_POSITION.ABOVE
    labels.font.size, labels.font.bold = Pt(13), True
    labels.font.color.rgb = _rgb(NAVY)
    last = nothing.points[len(proj) - 1].data_label
    last.text_frame.text = _one(nothing_12)
    last.position = XL_LABEL_POSITION.BELOW
    last.font.size, last.font.bold = Pt(13), True
    last.font.color.rgb = _rgb(RED)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = 0, 100
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb("#E0E0E0")
    axis.tick_labels.font.size = Pt(12)
    chart.category_axis.tick_labels.font.size = Pt(13)
    if lang == "he":  # time runs from the right, as the Hebrew text does
        chart.category_axis.reverse_order = True


def _gaps_slide(prs: Any, a: Assessment, catalog: Catalog, lang: str, footer: str) -> None:
    t = catalog.text
    slide = _slide(prs, t("deck.gaps_title", lang), lang, footer, t("deck.gaps_note", lang))
    gaps = a.largest_gaps(GAPS_SHOWN).iloc[::-1]  # a bar chart draws its first category lowest
    data = CategoryChartData(number_format="0.00")
    data.categories = [str(v) for v in gaps[f"label_{lang}"]]
    data.add_series(t("deck.known", lang), [float(v) for v in gaps["importance"] - gaps["gap"]])
    data.add_series(t("deck.gap", lang), [float(v) for v in gaps["gap"]])
    box = (MARGIN, Inches(2.0), SLIDE_WIDTH - 2 * MARGIN, Inches(4.9))
    chart = _chart(slide, XL_CHART_TYPE.BAR_STACKED, data, box, [GREEN, RED])
    chart.plots[0].gap_width = 45
    chart.plots[0].overlap = 100
    gap_series = chart.plots[0].series[1]
    gap_series.data_labels.show_value = True
    gap_series.data_labels.number_format = "0.00"
    gap_series.data_labels.number_format_is_linked = False
    gap_series.data_labels.font.size = Pt(12)
    gap_series.data_labels.font.bold = True
    gap_series.data_labels.position = XL_LABEL_POSITION.INSIDE_BASE
    gap_series.data_labels.font.color.rgb = _rgb("#FFFFFF")
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale = 0, 1
    axis.has_major_gridlines = False
    axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(13)
    _bars_from_the_right(chart, lang)


def _use_cases_slide(prs: Any, a: Assessment, catalog: Catalog, lang: str, footer: str) -> None:
    t = catalog.text
    cases = use_case_progress(a)
    served = int((cases["questions"] > 0).sum())
    title = t("deck.use_cases_title", lang, served=served, total=len(cases))
    slide = _slide(prs, title, lang, footer, t("deck.use_cases_note", lang))
    shown = cases.head(USE_CASES_SHOWN).iloc[::-1]
    if shown.empty:
        return

    def label(row: pd.Series) -> str:
        name, k = str(row[f"label_{lang}"]), int(row["questions"])
        if k == 0:
            return name
        return t("deck.one_question" if k == 1 else "deck.n_questions", lang, label=name, n=k)

    data = CategoryChartData(number_format="0%")
    data.categories = [label(row) for _, row in shown.iterrows()]
    data.add_series(t("deck.served", lang),
                    [float(s) if k else None for s, k in zip(shown["share"], shown["questions"],
                                                             strict=True)])  # fmt: skip
    data.add_series(t("deck.not_served", lang),
                    [None if k else float(s) for s, k in zip(shown["share"], shown["questions"],
                                                             strict=True)])  # fmt: skip
    box = (MARGIN, Inches(2.0), SLIDE_WIDTH - 2 * MARGIN, Inches(4.9))
    chart = _chart(slide, XL_CHART_TYPE.BAR_STACKED, data, box, [NAVY, GREY])
    chart.plots[0].gap_width = 45
    chart.plots[0].overlap = 100
    _labels(chart.plots[0], "0%", XL_LABEL_POSITION.INSIDE_END, 12)
    chart.plots[0].data_labels.font.bold = True
    chart.plots[0].data_labels.font.color.rgb = _rgb("#FFFFFF")
    axis = chart.value_axis
    axis.minimum_scale = 0
    axis.has_major_gridlines = False
    axis.tick_labels.font.size = Pt(11)
    axis.tick_labels.number_format = "0%"
    axis.tick_labels.number_format_is_linked = False
    chart.category_axis.tick_labels.font.size = Pt(13)
    _bars_from_the_right(chart, lang)


def _plan_slide(prs: Any, a: Assessment, catalog: Catalog, lang: str, footer: str) -> None:
    t = catalog.text
    q = _in_plan(a)
    channels = _used_channels(a)
    title = t("deck.plan_title", lang, n=len(q), c=len(channels))
    slide = _slide(prs, title, lang, footer, t("deck.plan_note", lang))
    if not channels:
        return
    order = channels[::-1]  # the busiest channel on top
    counts = q.groupby(["channel", "wave"]).size()
    waves = [w for w in WAVES if w in set(q["wave"])]
    data = CategoryChartData(number_format="0")
    data.categories = [str(catalog.channels.at[c, f"label_{lang}"]) for c in order]
    for wave in waves:
        data.add_series(t(f"wave.{wave}", lang),
                        [int(counts.get((c, wave), 0)) or None for c in order])  # fmt: skip
    box = (MARGIN, Inches(2.0), SLIDE_WIDTH - 2 * MARGIN, Inches(4.9))
    colours = [WAVE_COLOURS[w] for w in waves]
    chart = _chart(slide, XL_CHART_TYPE.BAR_STACKED, data, box, colours)
    chart.plots[0].gap_width = 45
    chart.plots[0].overlap = 100
    _labels(chart.plots[0], "0", XL_LABEL_POSITION.CENTER, 13)
    chart.plots[0].data_labels.font.bold = True
    chart.plots[0].data_labels.font.color.rgb = _rgb("#FFFFFF")
    axis = chart.value_axis
    axis.minimum_scale = 0
    axis.major_unit = 1
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb("#E0E0E0")
    axis.tick_labels.font.size = Pt(11)
    chart.category_axis.tick_labels.font.size = Pt(13)
    _bars_from_the_right(chart, lang)


def _owners(questions: pd.DataFrame, team: Mapping[str, Mapping[str, Any]]) -> str:
    names: list[str] = []
    for qid in questions["question_id"]:
        owner = str((team.get(str(qid)) or {}).get("owner") or "").strip()
        if owner and owner not in names:
            names.append(owner)
    return ", ".join(names)


def _asks_slide(prs: Any, a: Assessment, catalog: Catalog, lang: str, footer: str,
                team: Mapping[str, Mapping[str, Any]]) -> None:  # fmt: skip
    t = catalog.text
    q = _in_plan(a)
    channels = _used_channels(a)
    budget = _incentive_budget(a)
    note = t("deck.asks_summary", lang, c=len(channels), budget=_shekels(budget))
    slide = _slide(prs, t("deck.asks_title", lang), lang, footer, note)
    label = f"label_{lang}"
    keys = ["col.channel", "deck.col_questions", "col.wave", "deck.col_setup", "col.incentive_cost",
            "col.owner"]  # fmt: skip
    header = [t(k, lang) for k in keys]
    widths = [3.8, 1.1, 2.0, 1.3, 2.0, 1.93]  # inches, 12.13 in all
    rows: list[list[str]] = []
    setup = a.plan.channels.get("setup_months")
    for c in channels:
        mine = q[q["channel"] == c]
        waves = [w for w in WAVES if w in set(mine["wave"])]
        wave_names = [str(mine.loc[mine["wave"] == w, f"wave_label_{lang}"].iloc[0]) for w in waves]
        months = "" if setup is None or pd.isna(setup.get(c)) else f"{float(setup[c]):g}"
        rows.append([
            str(catalog.channels.at[c, label]), str(len(mine)), ", ".join(wave_names), months,
            _shekels(float(mine["incentive_cost_12m_ils"].fillna(0).sum())),
            _owners(mine, team) or t("deck.owner_missing", lang),
        ])  # fmt: skip
    rows.append([t("deck.total", lang), str(len(q)), "", "", _shekels(budget), ""])
    numeric = {1, 3, 4}
    if lang == "he":  # the first column on the right
        header, widths = header[::-1], widths[::-1]
        rows = [r[::-1] for r in rows]
        numeric = {len(header) - 1 - i for i in numeric}
    top = Inches(2.1)
    room = SLIDE_HEIGHT - Inches(0.65) - top  # above the footer
    row_height = min(Inches(0.5), int(room / (len(rows) + 1)))
    height = row_height * (len(rows) + 1)
    table = slide.shapes.add_table(len(rows) + 1, len(header), MARGIN, top,
                                   SLIDE_WIDTH - 2 * MARGIN, height).table  # fmt: skip
    for j, w in enumerate(widths):
        table.columns[j].width = Inches(w)
    for row in table.rows:
        row.height = row_height
    for i, values in enumerate([header, *rows]):
        for j, value in enumerate(values):
            cell = table.cell(i, j)
            cell.text = value
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            paragraph = cell.text_frame.paragraphs[0]
            _direction(paragraph, lang)
            if j in numeric and i > 0:
                paragraph.alignment = PP_ALIGN.CENTER
            for run in paragraph.runs:
                run.font.name = FONT
                run.font.size = Pt(13)
                run.font.bold = i == 0 or i == len(rows)
                run.font.color.rgb = _rgb("#FFFFFF" if i == 0 else TEXT_DARK)
            if i == 0:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb(NAVY)
            else:
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb("#F2F2F2" if i % 2 else "#FFFFFF")


def board_deck(
    assessment: Assessment,
    catalog: Catalog,
    lang: str = "en",
    *,
    organisation: str | None = None,
    team: Mapping[str, Mapping[str, Any]] | None = None,
    today: dt.date | None = None,
) -> bytes:
    """The board deck of an assessment as ``.pptx`` bytes, in ``lang`` ("en" or "he").

    ``organisation`` names the company (the assessment's name by default); ``team`` is the
    decisions' ``team`` record (question id → owner, status, due): each channel's owners are
    those of its questions ("to be named" when none is set); ``today`` dates the footer.
    """
    if lang not in ("en", "he"):
        raise ValueError(f"The deck's language is {lang!r}; it is written in 'en' or 'he'.")
    org = organisation or assessment.organisation
    today = today or dt.date.today()
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_WIDTH), Emu(SLIDE_HEIGHT)
    prs.core_properties.title = catalog.text("deck.title", lang, org=org)
    prs.core_properties.language = "he-IL" if lang == "he" else "en-GB"
    footer = f"{org} · {catalog.text('summary.prepared', lang, date=today.strftime('%d/%m/%Y'))}"
    _headline_slide(prs, assessment, catalog, lang, org, footer)
    _index_slide(prs, assessment, catalog, lang, footer)
    _gaps_slide(prs, assessment, catalog, lang, footer)
    _use_cases_slide(prs, assessment, catalog, lang, footer)
    _plan_slide(prs, assessment, catalog, lang, footer)
    _asks_slide(prs, assessment, catalog, lang, footer, team or {})
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


# --- PDF -----------------------------------------------------------------------------------------


def soffice_path() -> str:
    """LibreOffice's command, or a :class:`DeckError` saying how to install it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise DeckError(
        "The PDF of the deck needs LibreOffice, and neither 'soffice' nor 'libreoffice' is on "
        "the PATH. Install it (Debian/Ubuntu: apt-get install libreoffice-impress) or open the "
        ".pptx in PowerPoint and save it as PDF."
    )


def deck_pdf(pptx: bytes, *, timeout_s: float = PDF_TIMEOUT_S) -> bytes:
    """The deck as PDF, converted by LibreOffice headless in a temporary folder (its own
    profile, so that it never waits on a LibreOffice someone already has open)."""
    soffice = soffice_path()
    with tempfile.TemporaryDirectory(prefix="zpd-deck-") as tmp:
        folder = Path(tmp)
        source = folder / "deck.pptx"
        source.write_bytes(pptx)
        profile = (folder / "profile").as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder), str(source)]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired as exc:
            raise DeckError(
                f"LibreOffice did not convert the deck to PDF within {timeout_s:.0f} s; try "
                "again when the machine is less busy, or save the .pptx as PDF in PowerPoint."
            ) from exc
        target = folder / "deck.pdf"
        if done.returncode != 0 or not target.is_file():
            said = (done.stderr or done.stdout).decode("utf-8", "replace").strip()[-400:]
            raise DeckError(
                f"LibreOffice could not convert the deck to PDF (exit {done.returncode}): "
                f"{said or 'no message'}. Open the .pptx in PowerPoint and save it as PDF."
            )
        return target.read_bytes()
