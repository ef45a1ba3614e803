"""The Excel deliverable: a workbook a client team can filter, edit, share and bring back.

Sheets: Summary (with native charts), Topic gaps, Question plan (an Excel table with filters and
empty owner / status / due columns for the team), Channel plan, Roadmap, Inventory (as imported,
with the mapping and the validation notes), Assumptions (every parameter and weight used) and
Sources. Hebrew workbooks are right-to-left with Hebrew sheet names and headers.

Every text that came from a user or a client file is written as text, never as a formula: a
leading ``=``, ``+``, ``-``, ``@``, tab or carriage return is kept verbatim but stored as a string
cell with Excel's quote prefix (the neutralisation that OWASP's CSV-injection guidance asks for),
and text longer than Excel's cell limit is cut with a visible mark.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.marker import DataPoint
from openpyxl.comments import Comment
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo

from . import filesafety
from .agreement import agreement_word
from .assess import Assessment
from .catalog import Catalog, contact_answers
from .ideas import RoomRecord
from .palette import PARTY_COLOURS, RED, WAVE_COLOURS, hex_bare
from .planning.report import asking_order, rank_help
from .wording import question_text

EXCEL_CELL_LIMIT = 32767
RISKY_PREFIXES = filesafety.RISKY_PREFIXES  # ASCII and full-width formula starts, tab, CR, LF
TRUNCATION_MARK = " […]"

NAVY = "1F4E79"
HEADER_FILL = PatternFill("solid", fgColor=NAVY)
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=16, color=NAVY)
SECTION_FONT = Font(bold=True, size=12, color=NAVY)
KPI_FONT = Font(bold=True, size=28, color=NAVY)
TEAM_FILL = PatternFill("solid", fgColor="FFF2CC")
#: The roadmap's bars in the colour of their wave, as in the deck.
WAVE_FILLS = {w: PatternFill("solid", fgColor=hex_bare(c)) for w, c in WAVE_COLOURS.items()}
THIN = Side(style="thin", color="BFBFBF")
WRAP = Alignment(wrap_text=True, vertical="top")
PERCENT = "0%"
PERCENT_1 = "0.0%"
POINTS = "0.00"
MONEY = '"₪"#,##0'
COUNT = "#,##0"
DATE = "DD/MM/YYYY"

#: The Question plan's columns, by label key: what a team reads and fills first (the print area),
#: then the details. The first wording column is the workbook's language.
QUESTION_COLUMNS = (
    "col.rank",
    "col.question_he",
    "col.question_en",
    "col.channel",
    "col.wave",
    "col.moment",
    "col.value",
    "col.owner",
    "col.team_status",
    "col.due",
    "col.topics",
    "col.value_exchange",
    "col.commitment",
    "col.notice_short",
    "col.purpose",
    "col.answers",
    "col.use_cases",
    "col.expected_answers",
    "col.expected_answers_count",
    "col.incentive_cost",
    "col.runner_up",
    "col.channel_reason",
    "col.value_per_second",
    "col.sensitivity",
    "col.lawful_basis",
    "col.status",
    "col.reason",
    "col.question_id",
)
PRINTED_QUESTION_COLUMNS = 9


def question_columns(lang: str) -> tuple[str, ...]:
    """The Question plan's columns for a language: its own wording first."""
    if lang == "he":
        return QUESTION_COLUMNS
    order = list(QUESTION_COLUMNS)
    order[1], order[2] = order[2], order[1]
    return tuple(order)


TEAM_COLUMNS = ("col.owner", "col.team_status", "col.due")
#: The team's statuses (label keys ``team_status.<id>``): the Status column's drop-down.
TEAM_STATUSES = ("todo", "in_progress", "done", "on_hold")
#: The hidden sheet that carries where the plan came from (engagement, version) and the plan as
#: exported, so that an edited copy is compared with what the team was given, not with today's.
ORIGIN_SHEET = "zpd_origin"
#: Its columns, from row 4 down (rows 1-2 hold engagement and version).
ORIGIN_COLUMNS = ("question_id", "rank", "in_plan", "text_en", "text_he", "channel", "owner",
                  "status", "due")  # fmt: skip
#: Where its drop-down lists start (column numbers): channels, then statuses.
ORIGIN_LIST_COLUMNS = (12, 13)


def as_date(value: Any) -> dt.date | None:
    """A due date as a date: a date, a datetime, or text as ISO (2027-01-15) or day first
    (15/01/2027, 15.1.2027); None when it is none of them."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    if not text or not text[0].isdigit():
        return None  # most rows have no due date: no pattern to try
    for pattern in (
        "%Y-%m-%d",
        "%d/%m/%Y",
        "%d.%m.%Y",
        "%d-%m-%Y",
        "%d/%m/%y",
        "%Y-%m-%d %H:%M:%S",
    ):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def team_status_label(value: Any, lang: str, catalog: Catalog) -> Any:
    """A stored team status as the drop-down shows it (an id in the language; other text as is)."""
    if isinstance(value, str) and value in TEAM_STATUSES:
        return catalog.text(f"team_status.{value}", lang)
    return value


def _as_asked(record: Mapping[str, Any], q: Any, ctx: _Context) -> Mapping[str, Any]:
    """A planned question's answer design as its channel shows it: a settings page or a
    checkout step keeps the options in their written order (``fixed_option_order``)."""
    if q.in_plan and record.get("randomise") and ctx.c.keeps_option_order(str(q.channel)):
        return {**record, "randomise": False}
    return record


def _eligible_line(question_id: str, ctx: _Context) -> str:
    """Who is asked a question that fits only some customers (``eligibility.csv``), as the
    answer design's first line; empty for a question asked of all."""
    rule = ctx.c.eligibility.get(question_id, {}).get(ctx.lang, "")
    return f"{ctx.t('answers.eligible', rule=rule)}\n" if rule else ""


def answers_text(
    q: Mapping[str, Any],
    lang: str,
    t: Callable[..., str],
    screener: Mapping[str, Any] | None = None,
) -> str:
    """A question's answer design in one cell: a line per option, ``code = option`` in the
    language asked (exclusive and "other (specify)" options marked), then whether the options are
    shuffled (and which closing options stay last) and, for a follow-up, which answers to its
    screener lead to it (by their words, when the screener's row is given; by its codes
    otherwise)."""
    options = list(q.get(f"options_{lang}") or q.get("options_en") or [])
    codes = list(q.get("option_codes") or [])
    exclusive, other = set(q.get("exclusive_options") or []), q.get("other_specify") or ""
    lines = []
    for code, option in zip(codes, options, strict=False):
        marks = [t("answers.exclusive")] if code in exclusive else []
        marks += [t("answers.other")] if code == other else []
        lines.append(f"{code} = {option}" + (f" ({'; '.join(marks)})" if marks else ""))
    words = dict(zip(codes, options, strict=False))
    if q.get("randomise"):
        anchored = list(q.get("anchored_options") or [])
        if anchored:
            lines.append(t("answers.random_anchored",
                           options="; ".join(words.get(c, c) for c in anchored)))  # fmt: skip
        else:
            lines.append(t("answers.random"))
    skip = str(q.get("skip_if") or "")
    if screener is not None:
        lines.append(_follow_up_line(skip, screener, lang, t))
    elif skip:
        screener_id, _, skipped = skip.partition(":")
        lines.append(t("answers.skip", question=screener_id, codes=skipped.replace(";", ", ")))
    ask = str(q.get(f"contact_ask_{lang}") or "")
    if ask:  # the contact request right after the answer (catalog.ContactRequest)
        leading = contact_answers(codes, list(exclusive), list(q.get("contact_answers") or []))
        after = (
            " " + t("answers.contact_after", answers="; ".join(words.get(c, c) for c in leading))
            if leading
            else ""
        )
        yes = str(q.get(f"contact_yes_{lang}") or "")
        lines.append(t("answers.contact", after=after, ask=ask, yes=yes,
                       no=t("survey.contact_no")))  # fmt: skip
    return "\n".join(lines)


def _follow_up_line(
    skip: str, screener: Mapping[str, Any], lang: str, t: Callable[..., str]
) -> str:
    """ "Shown only to those who answered question 3 ('q_x') with: Yes, within a month; ..." """
    skipped = set(skip.partition(":")[2].split(";")) if skip else set()
    codes = list(screener.get("option_codes") or [])
    words = list(screener.get(f"options_{lang}") or screener.get("options_en") or [])
    if not codes and screener.get("answer_type") == "yes_no":
        codes, words = ["yes", "no"], [t("value.yes"), t("value.no")]
    leading = [w for c, w in zip(codes, words, strict=False) if c not in skipped]
    rank = int(screener.get("rank") or 0)
    question = str(screener.get("question_id") or "")
    if not leading or not skipped:
        return t("answers.after", rank=rank, question=question)
    return t("answers.only_if", rank=rank, question=question, answers="; ".join(leading))


def safe_text(value: Any) -> str:
    """Text safe for a cell: control characters removed, Excel's length limit respected."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(TRUNCATION_MARK)] + TRUNCATION_MARK
    return text


def put(ws, row: int, column: int, value: Any, number_format: str | None = None):
    """Write one cell; strings are always text (a leading '=' never becomes a formula)."""
    cell = ws.cell(row=row, column=column)
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if value is None or (isinstance(value, float) and value != value):
        return cell
    if isinstance(value, str):
        text = safe_text(value)
        # set as checked text: openpyxl's own setter would search the text for the characters
        # safe_text has just removed (a quarter of a large plan's time; openpyxl is pinned)
        cell._value = text
        cell.data_type = "s"
        if filesafety.starts_risky(text):
            cell.quotePrefix = True
    elif isinstance(value, bool | dt.datetime | dt.date | int | float):
        cell.value = value
    else:
        return put(ws, row, column, str(value), number_format)
    if number_format:
        cell.number_format = number_format
    return cell


def _header(ws, row: int, labels: Sequence[str], start_column: int = 1) -> None:
    for offset, label in enumerate(labels):
        cell = put(ws, row, start_column + offset, label)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(bottom=THIN)


def _widths(ws, widths: Mapping[int, float]) -> None:
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = width


def _print_setup(ws, title_rows: str | None = "1:1") -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if title_rows:
        ws.print_title_rows = title_rows


def _table(ws, name: str, first_row: int, last_row: int, columns: int) -> None:
    ref = f"A{first_row}:{get_column_letter(columns)}{max(last_row, first_row + 1)}"
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(
        name="TableStyleMedium2", showRowStripes=True, showColumnStripes=False
    )
    ws.add_table(table)


class _Context:
    """What every sheet needs: the assessment, the catalog, the language and its labels."""

    def __init__(self, assessment: Assessment, catalog: Catalog, lang: str, team, today):
        self.a = assessment
        self.c = catalog
        self.lang = lang
        self.team = team or {}
        self.today = today
        self.room: tuple[RoomRecord, ...] = ()

    def t(self, key: str, **values: Any) -> str:
        return self.c.text(key, self.lang, **values)

    def label_or(self, key: str, fallback: Any) -> Any:
        """A label in the sheet's language, or ``fallback`` where the catalog has none."""
        return self.c.labels[self.lang].get(key, fallback)

    def declared_topics(self, given: Any) -> Any:
        """The client's own topics column, each topic id in it named in the sheet's language
        (a word the catalog does not know is the client's, kept as typed)."""
        if not isinstance(given, str) or not given.strip():
            return given
        topics = self.c.topic_records
        parts = [p.strip() for p in given.replace(";", ",").split(",")]
        return ", ".join(self.topic(p) if p in topics else p for p in parts if p)

    def topic(self, topic_id: str) -> str:
        return str(self.c.topic_records[topic_id][f"label_{self.lang}"])

    def channel(self, channel_id: str | None) -> str:
        if not channel_id or channel_id != channel_id:
            return ""
        return str(self.c.channel_records[channel_id][f"label_{self.lang}"])

    def goal(self, goal_id: str) -> str:
        return str(self.c.goals.at[goal_id, f"label_{self.lang}"])

    def category(self, category_id: str) -> str:
        return str(self.c.categories.at[category_id, f"label_{self.lang}"])

    def value_label(self, field: str, value_id: str) -> str:
        return self.c.value_labels(field, self.lang).get(value_id, str(value_id))


def plan_workbook(
    assessment: Assessment,
    catalog: Catalog,
    lang: str = "en",
    *,
    team: Mapping[str, Mapping[str, Any]] | None = None,
    today: dt.date | None = None,
    origin: Mapping[str, str] | None = None,
    room: Sequence[RoomRecord] = (),
) -> bytes:
    """The plan as .xlsx bytes. ``team`` carries owner / status / due per question id.

    ``room``: the engagement's workshops (their ideas, merges, dots and agreement); when any has
    ideas or votes, a Workshop sheet follows the Roadmap.

    ``origin`` names the engagement (``engagement``) and its decisions' version (``version``,
    :func:`zpd_assess.decisions.decisions_version`); with the plan as exported they go to a
    hidden sheet, so that :func:`zpd_assess.plan_edits.read_plan_edits` can tell a stale copy.
    """
    if lang not in ("en", "he"):
        raise ValueError(f"Unknown language {lang!r}; use 'en' or 'he'")
    ctx = _Context(assessment, catalog, lang, team, today or dt.date.today())
    ctx.room = tuple(r for r in room if r.ideas or r.voters)
    wb = Workbook()
    wb.properties.creator = "ZPD Assess"
    wb.properties.title = f"{ctx.t('summary.title')} — {assessment.organisation}"
    stamp = dt.datetime.combine(ctx.today, dt.time())
    wb.properties.created = stamp
    wb.properties.modified = stamp
    builders = (
        ("sheet.summary", _summary),
        ("sheet.topics", _topics),
        ("sheet.questions", _questions),
        ("sheet.channels", _channels),
        ("sheet.roadmap", _roadmap),
        *((("sheet.workshop", _workshop),) if ctx.room else ()),
        ("sheet.inventory", _inventory),
        ("sheet.assumptions", _assumptions),
        ("sheet.sources", _sources),
    )
    for index, (key, build) in enumerate(builders):
        ws = wb.active if index == 0 else wb.create_sheet()
        ws.title = ctx.t(key)[:31]
        ws.sheet_view.rightToLeft = lang == "he"
        build(ws, ctx)
    _origin(wb, ctx, origin or {})
    wb.active = 0
    return reproducible(stored(wb), stamp)


def stored(wb: Workbook) -> bytes:
    """The workbook's zip with its parts stored, not compressed: :func:`reproducible` writes
    them again compressed, and compressing twice was a tenth of a large plan's time."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # closes the archive
    return buffer.getvalue()


def reproducible(data: bytes, stamp: dt.datetime) -> bytes:
    """The same workbook bytes for the same content: fixed zip times and document dates.

    openpyxl stamps the zip entries and ``docProps/core.xml`` with the time of saving; the CLI
    and the app's download must give identical files for identical inputs.
    """
    import re
    import zipfile

    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>" + when.encode() + rb"\g<2>",
                    content,
                )
            info = zipfile.ZipInfo(item.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            dst.writestr(info, content)
    return out.getvalue()


# --- sheets --------------------------------------------------------------------------------------


def _summary(ws, ctx: _Context) -> None:
    a, plan = ctx.a, ctx.a.plan
    put(ws, 1, 1, f"{ctx.t('summary.title')} — {a.organisation}").font = TITLE_FONT
    put(ws, 2, 1, ctx.t("summary.prepared", date=ctx.today.strftime("%d/%m/%Y")))
    put(ws, 4, 1, ctx.t("summary.index")).font = SECTION_FONT
    put(ws, 5, 1, round(a.knowledge_index, 1), "0.0").font = KPI_FONT
    ws.row_dimensions[5].height = 42
    put(ws, 6, 1, ctx.t("summary.index_note")).alignment = WRAP
    in_plan = plan.questions[plan.questions["in_plan"]]
    used_channels = int((plan.channels["questions"] > 0).sum())
    put(ws, 7, 1, ctx.t("summary.plan_line", n=len(in_plan), c=used_channels, v=plan.value))
    ws.row_dimensions[6].height = 30

    # Projection: months × index with the plan and with nothing done, and a line chart.
    row = 9
    put(ws, row, 1, ctx.t("summary.projection")).font = SECTION_FONT
    _header(
        ws, row + 1, [ctx.t("summary.month"), ctx.t("summary.with_plan"), ctx.t("summary.nothing")]
    )
    for i, p in enumerate(plan.projection.itertuples(), start=row + 2):
        put(ws, i, 1, int(p.month))
        put(ws, i, 2, round(p.index_with_plan, 1), "0.0")
        put(ws, i, 3, round(p.index_nothing_done, 1), "0.0")
    last = row + 1 + len(plan.projection)
    chart = LineChart()
    chart.title = ctx.t("summary.projection")
    chart.y_axis.title = ctx.t("summary.index_axis")
    chart.x_axis.title = ctx.t("summary.month")
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl hides the axes otherwise
    chart.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=row + 1, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=row + 2, max_row=last))
    chart.height, chart.width = 7, 14
    ws.add_chart(chart, "F2")

    # Data-party mix and a pie chart.
    row = last + 2
    put(ws, row, 1, ctx.t("summary.party_mix")).font = SECTION_FONT
    _header(ws, row + 1, [ctx.t("summary.party"), ctx.t("summary.share")])
    from .scoring import party_mix

    mix = party_mix(a.scores.contributions)
    for i, (party, share) in enumerate(mix.items(), start=row + 2):
        put(ws, i, 1, ctx.t(f"party.{party}"))
        put(ws, i, 2, float(share), PERCENT)
    last_mix = row + 1 + len(mix)
    # bars, not a pie: a 97% / 3% split reads on a bar; each party in the app's colour
    parties = BarChart()
    parties.type = "bar"
    parties.title = ctx.t("summary.party_mix")
    parties.add_data(
        Reference(ws, min_col=2, min_row=row + 1, max_row=last_mix), titles_from_data=True
    )
    parties.set_categories(Reference(ws, min_col=1, min_row=row + 2, max_row=last_mix))
    series = parties.series[0]
    for i, party in enumerate(mix.index):
        point = DataPoint(idx=i)
        point.graphicalProperties.solidFill = hex_bare(PARTY_COLOURS[str(party)])
        series.dPt.append(point)
    series.dLbls = DataLabelList(showVal=True, showPercent=False, showCatName=False,
                                 showSerName=False, showLegendKey=False)  # fmt: skip
    series.dLbls.numFmt = "0.0%"
    parties.legend = None
    parties.y_axis.majorGridlines = None
    parties.y_axis.numFmt = "0%"
    parties.x_axis.delete = parties.y_axis.delete = False
    parties.height, parties.width = 7, 14
    ws.add_chart(parties, "F17")

    # Largest gaps and a bar chart.
    row = last_mix + 2
    put(ws, row, 1, ctx.t("summary.gaps")).font = SECTION_FONT
    _header(
        ws,
        row + 1,
        [ctx.t("col.topic"), ctx.t("col.gap"), ctx.t("col.importance"), ctx.t("col.knowledge")],
    )
    gaps = a.largest_gaps(10)
    for i, (tid, g) in enumerate(gaps.iterrows(), start=row + 2):
        put(ws, i, 1, ctx.topic(tid))
        put(ws, i, 2, float(g["gap"]), POINTS)
        put(ws, i, 3, float(g["importance"]), POINTS)
        put(ws, i, 4, float(g["knowledge"]), PERCENT)
    last_gap = row + 1 + len(gaps)
    bar = BarChart()
    bar.type = "bar"
    bar.title = ctx.t("summary.gaps")
    bar.add_data(Reference(ws, min_col=2, min_row=row + 1, max_row=last_gap), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=row + 2, max_row=last_gap))
    bar.y_axis.majorGridlines = None
    bar.legend = None
    bar.x_axis.tickLblSkip = 1  # every topic named, not every other one
    bar.x_axis.delete = bar.y_axis.delete = False
    bar.x_axis.scaling.orientation = "maxMin"  # the largest gap first, as in the table
    bar.series[0].graphicalProperties.solidFill = hex_bare(RED)
    bar.y_axis.title = ctx.t("col.gap")
    bar.height, bar.width = 9, 14
    ws.add_chart(bar, "F32")

    # Top 10 questions.
    row = last_gap + 2
    put(ws, row, 1, ctx.t("summary.top_questions")).font = SECTION_FONT
    _header(
        ws,
        row + 1,
        [
            ctx.t("col.rank"),
            ctx.t(f"col.question_{ctx.lang}"),
            ctx.t("col.channel"),
            ctx.t("col.value"),
            ctx.t("col.wave"),
        ],
    )
    for i, q in enumerate(in_plan.head(10).itertuples(), start=row + 2):
        put(ws, i, 1, int(q.rank))
        text = question_text(q, ctx.lang)
        put(ws, i, 2, text).alignment = WRAP
        # whole on paper too: LibreOffice does not grow a wrapped row by itself
        ws.row_dimensions[i].height = 15 * max(1, -(-len(text) // 44))
        put(ws, i, 3, ctx.channel(q.channel)).alignment = WRAP  # whole, on as many lines
        put(ws, i, 4, float(q.value), POINTS)
        put(ws, i, 5, getattr(q, f"wave_label_{ctx.lang}")).alignment = WRAP
    _widths(ws, {1: 34, 2: 48, 3: 26, 4: 12, 5: 16})
    ws.sheet_view.showGridLines = False
    _print_setup(ws, None)


def _topics(ws, ctx: _Context) -> None:
    s = ctx.a.scores
    labels = [
        "col.topic",
        "col.category",
        "col.nature",
        "col.importance",
        "col.knowledge",
        "col.gap",
        "col.attributes",
        "col.special",
        "col.why",
        "col.topic_id",
    ]
    _header(ws, 1, [ctx.t(k) for k in labels])
    table = s.topics.sort_values("gap", ascending=False)
    yes, no = ctx.t("value.yes"), ctx.t("value.no")
    for r, (tid, t) in enumerate(table.iterrows(), start=2):
        put(ws, r, 1, ctx.topic(tid))
        put(ws, r, 2, ctx.category(t["category"]))
        put(ws, r, 3, ctx.t(f"nature.{t['nature']}"))
        put(ws, r, 4, float(t["importance"]), POINTS)
        put(ws, r, 5, float(t["knowledge"]), PERCENT)
        put(ws, r, 6, float(t["gap"]), POINTS)
        put(ws, r, 7, int(t["n_attributes"]))
        put(ws, r, 8, yes if t["special_category"] else no)
        put(ws, r, 9, s.explain[tid][f"text_{ctx.lang}"]).alignment = WRAP
        put(ws, r, 10, tid)
    last = 1 + len(table)
    ws.conditional_formatting.add(
        f"F2:F{last}",
        ColorScaleRule(start_type="min", start_color="FFFFFF", end_type="max", end_color="F8696B"),
    )
    ws.conditional_formatting.add(
        f"E2:E{last}",
        ColorScaleRule(
            start_type="num",
            start_value=0,
            start_color="F8696B",
            mid_type="num",
            mid_value=0.5,
            mid_color="FFEB84",
            end_type="num",
            end_value=1,
            end_color="63BE7B",
        ),
    )
    _widths(ws, {1: 34, 2: 24, 3: 11, 4: 12, 5: 12, 6: 10, 7: 11, 8: 12, 9: 90, 10: 22})
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:J{last}"
    _print_setup(ws)


#: The plan's columns whose text wraps in its cell when it is longer than the column is wide.
WRAPPED = frozenset({
    "col.question_he", "col.question_en", "col.value_exchange", "col.moment",
    "col.notice_short", "col.purpose", "col.answers", "col.use_cases", "col.reason",
    "col.channel_reason",
})  # fmt: skip


def _questions(ws, ctx: _Context) -> None:
    plan = ctx.a.plan
    columns = question_columns(ctx.lang)
    _header(ws, 1, [ctx.t(k) for k in columns])
    if "col.rank" in columns:
        # the rank is not the value order (the brief's needs lead): said where it is read
        note = Comment(rank_help(ctx.c, ctx.lang), "ZPD Assess", width=360, height=140)
        ws.cell(1, columns.index("col.rank") + 1).comment = note
    widths = {
        "col.rank": 7,
        "col.question_id": 24,
        "col.question_he": 50,
        "col.question_en": 50,
        "col.topics": 30,
        "col.channel": 26,
        "col.runner_up": 22,
        "col.value": 11,
        "col.value_per_second": 11,
        "col.expected_answers": 12,
        "col.expected_answers_count": 12,
        "col.value_exchange": 40,
        "col.notice_short": 48,
        "col.moment": 40,
        "col.purpose": 60,
        "col.answers": 44,
        "col.use_cases": 36,
        "col.commitment": 12,
        "col.incentive_cost": 14,
        "col.wave": 16,
        "col.sensitivity": 11,
        "col.lawful_basis": 16,
        "col.status": 14,
        "col.reason": 40,
        "col.channel_reason": 50,
        "col.owner": 16,
        "col.team_status": 14,
        "col.due": 13,
    }
    # the rows as records, read once: itertuples over Arrow-backed columns costs as much again
    records = plan.questions.to_dict("records")
    rows = {str(row["question_id"]): row for row in records}
    for r, record in enumerate(records, start=2):
        q = SimpleNamespace(**record)
        screener = rows.get(str(q.follows)) if q.follows else None
        team = ctx.team.get(q.question_id, {})
        values = {
            "col.rank": (int(q.rank), None),
            "col.question_id": (q.question_id, None),
            "col.question_he": (q.text_he, None),
            "col.question_en": (q.text_en, None),
            "col.topics": (", ".join(ctx.topic(t) for t in q.topics), None),
            "col.channel": (ctx.channel(q.channel) if q.in_plan else "", None),
            "col.runner_up": (ctx.channel(q.runner_up_channel), None),
            "col.value": (float(q.value), POINTS),
            "col.value_per_second": (float(q.value_per_second), "0.000"),
            "col.expected_answers": (q.expected_answers, PERCENT_1),
            "col.expected_answers_count": (q.expected_answers_count, COUNT),
            "col.value_exchange": (
                getattr(q, f"value_exchange_{ctx.lang}") or q.value_exchange_en,
                None,
            ),
            # when the client's own data says to ask (a renewal, a deposit maturing)
            "col.moment": (getattr(q, f"moment_{ctx.lang}", "") or "", None),
            # the notice's first layer, on screen; the full notice is one tap away
            "col.notice_short": (
                getattr(q, f"notice_short_{ctx.lang}") or q.notice_short_en,
                None,
            ),
            "col.purpose": (getattr(q, f"purpose_{ctx.lang}") or q.purpose_en, None),
            "col.answers": (
                _eligible_line(q.question_id, ctx)
                + answers_text(_as_asked(record, q, ctx), ctx.lang, ctx.t, screener),
                None,
            ),
            "col.use_cases": ("\n".join(getattr(q, f"use_case_labels_{ctx.lang}")), None),
            # a promise the client must staff or fund (a call-back, a meeting, money off)
            "col.commitment": (ctx.t("value.yes" if q.commitment else "value.no"), None),
            "col.incentive_cost": (q.incentive_cost_12m_ils, MONEY),
            "col.wave": (getattr(q, f"wave_label_{ctx.lang}"), None),
            "col.sensitivity": (ctx.label_or(f"sensitivity.{q.sensitivity}", q.sensitivity), None),
            "col.lawful_basis": (ctx.value_label("consent", q.lawful_basis), None),
            "col.status": (ctx.t(f"value.{q.status}"), None),
            "col.reason": (getattr(q, f"reason_{ctx.lang}"), None),
            "col.channel_reason": (getattr(q, f"channel_reason_{ctx.lang}"), None),
            "col.owner": (team.get("owner"), None),
            "col.team_status": (team_status_label(team.get("status"), ctx.lang, ctx.c), None),
            "col.due": (as_date(team.get("due")) or team.get("due"), DATE),
        }
        for c, key in enumerate(columns, start=1):
            value, fmt = values[key]
            if value == "" and key not in TEAM_COLUMNS:
                continue  # an empty cell needs no style (1,000 rows × many columns add up)
            cell = put(ws, r, c, value, fmt)
            if key in TEAM_COLUMNS:
                cell.fill = TEAM_FILL
            if key in WRAPPED and (len(str(value)) > widths[key] or "\n" in str(value)):
                cell.alignment = WRAP  # only text longer than its column: a style costs
    last = 1 + len(plan.questions)
    _table(ws, "QuestionPlan", 1, last, len(columns))
    _widths(ws, {i: widths[k] for i, k in enumerate(columns, start=1)})
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "C2"
    _print_setup(ws)
    ws.print_area = f"A1:{get_column_letter(PRINTED_QUESTION_COLUMNS)}{last}"
    _team_validations(ws, ctx, columns, last)


def _list_range(column: int, count: int) -> str:
    letter = get_column_letter(column)
    return f"'{ORIGIN_SHEET}'!${letter}$2:${letter}${1 + max(count, 1)}"


def _team_validations(ws, ctx: _Context, columns: Sequence[str], last: int) -> None:
    """Drop-downs for Channel and Status (lists on the hidden origin sheet: a channel's name
    may hold a comma), and real dates for Due, down to 200 rows below the plan for new rows."""
    end = last + 200
    where = {key: get_column_letter(i) for i, key in enumerate(columns, start=1)}
    channel_col, status_col = ORIGIN_LIST_COLUMNS
    checks = (
        ("col.channel", _list_range(channel_col, len(ctx.c.channels)), "validation.channel"),
        ("col.team_status", _list_range(status_col, len(TEAM_STATUSES)), "validation.status"),
    )
    for key, source, message in checks:
        dv = DataValidation(type="list", formula1=f"={source}", allow_blank=True)
        dv.error, dv.errorTitle = ctx.t(message), ctx.t(key)
        dv.prompt, dv.promptTitle = ctx.t(message), ctx.t(key)
        dv.showErrorMessage = dv.showInputMessage = True
        dv.add(f"{where[key]}2:{where[key]}{end}")
        ws.add_data_validation(dv)
    dates = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True)
    dates.error, dates.errorTitle = ctx.t("validation.due"), ctx.t("col.due")
    dates.prompt, dates.promptTitle = ctx.t("validation.due"), ctx.t("col.due")
    dates.showErrorMessage = dates.showInputMessage = True
    dates.add(f"{where['col.due']}2:{where['col.due']}{end}")
    ws.add_data_validation(dates)
    for r in range(last + 1, end + 1):
        ws.cell(r, columns.index("col.due") + 1).number_format = DATE


def _origin(wb, ctx: _Context, origin: Mapping[str, str]) -> None:
    """The hidden sheet: engagement and version, the plan as exported, the drop-down lists."""
    ws = wb.create_sheet(ORIGIN_SHEET)
    ws.sheet_state = "veryHidden"
    ws.sheet_view.rightToLeft = ctx.lang == "he"
    _print_setup(ws, None)
    put(ws, 1, 1, "engagement")
    put(ws, 1, 2, str(origin.get("engagement") or ""))
    put(ws, 2, 1, "version")
    put(ws, 2, 2, str(origin.get("version") or ""))
    for c, name in enumerate(ORIGIN_COLUMNS, start=1):
        put(ws, 3, c, name)
    for r, q in enumerate(ctx.a.plan.questions.itertuples(), start=4):
        team = ctx.team.get(q.question_id, {})
        due = as_date(team.get("due"))
        values = (q.question_id, int(q.rank), int(bool(q.in_plan)), q.text_en, q.text_he,
                  q.channel if q.in_plan and q.channel == q.channel else "",
                  team.get("owner"), team.get("status"),
                  due.isoformat() if due else team.get("due"))  # fmt: skip
        for c, value in enumerate(values, start=1):
            put(ws, r, c, value)
    channel_col, status_col = ORIGIN_LIST_COLUMNS
    for r, channel in enumerate(ctx.c.channels.index, start=2):
        put(ws, r, channel_col, ctx.channel(channel))
    for r, status in enumerate(TEAM_STATUSES, start=2):
        put(ws, r, status_col, ctx.t(f"team_status.{status}"))


def _channels(ws, ctx: _Context) -> None:
    plan = ctx.a.plan
    keys = [
        "col.channel",
        "col.questions",
        "col.max_questions",
        "col.seconds",
        "col.max_seconds",
        "col.respondents",
        "col.respondents_count",
        "col.value",
        "col.cadence",
        "col.setup",
        "col.asking_order",
        "col.channel_id",
    ]
    _header(ws, 1, [ctx.t(k) for k in keys])
    for r, ch in enumerate(plan.channels.itertuples(), start=2):
        order = asking_order(plan, ch.channel_id, ctx.c, ctx.lang)
        put(ws, r, 1, ctx.channel(ch.channel_id))
        put(ws, r, 2, int(ch.questions))
        put(ws, r, 3, int(ch.max_questions))
        put(ws, r, 4, float(ch.seconds), "0")
        put(ws, r, 5, float(ch.max_seconds), "0")
        put(ws, r, 6, float(ch.respondents), PERCENT_1)
        put(ws, r, 7, ch.respondents_count, COUNT)
        put(ws, r, 8, float(ch.value), POINTS)
        put(ws, r, 9, float(ch.cadence_days), "0")
        put(ws, r, 10, float(ch.setup_months), "0")
        put(ws, r, 11, order).alignment = WRAP
        put(ws, r, 12, ch.channel_id)
    _widths(
        ws, {1: 30, 2: 10, 3: 12, 4: 10, 5: 12, 6: 12, 7: 12, 8: 10, 9: 12, 10: 12, 11: 80, 12: 20}
    )
    ws.freeze_panes = "B2"
    _print_setup(ws)


def _roadmap(ws, ctx: _Context) -> None:
    plan = ctx.a.plan
    a = ctx.c.assumptions
    in_plan = plan.questions[plan.questions["in_plan"]]
    keys = ["col.rank", f"col.question_{ctx.lang}", "col.channel", "col.wave", "col.start_month"]
    months = [f"{ctx.t('summary.month')} {m}" for m in range(1, 13)]
    _header(ws, 1, [ctx.t(k) for k in keys] + months)
    for r, q in enumerate(in_plan.itertuples(), start=2):
        start = int(a.number(f"waves.start_month.{q.wave}"))
        put(ws, r, 1, int(q.rank))
        put(ws, r, 2, question_text(q, ctx.lang)).alignment = WRAP
        put(ws, r, 3, ctx.channel(q.channel))
        put(ws, r, 4, getattr(q, f"wave_label_{ctx.lang}"))
        put(ws, r, 5, start + 1)
        for m in range(1, 13):
            cell = ws.cell(row=r, column=5 + m)
            if m > start:
                cell.fill = WAVE_FILLS[q.wave]
    note_row = len(in_plan) + 3
    put(ws, note_row, 1, ctx.t("roadmap.note")).font = Font(italic=True, color="595959")
    _widths(ws, {1: 7, 2: 60, 3: 26, 4: 18, 5: 12, **{5 + m: 6 for m in range(1, 13)}})
    ws.freeze_panes = "C2"
    _print_setup(ws)


def _workshop(ws, ctx: _Context) -> None:
    """The room's ideas as typed and as curated (merged into which, accepted into the plan as
    which question) and the dots each ballot question got; then each workshop's agreement."""
    keys = ["col.workshop", "col.idea", "col.idea_kind", "col.idea_author", "col.idea_status",
            "col.merged_into", "col.idea_wording_he", "col.idea_wording_en", "col.in_plan_as",
            "col.dots"]  # fmt: skip
    _header(ws, 1, [ctx.t(k) for k in keys])
    plan = ctx.a.plan.questions
    r = 2
    for record in ctx.room:
        texts = {i.id: i.text for i in record.ideas}
        for idea in record.ideas:
            qid = idea.question_id if idea.question_id in plan.index else None
            rank = int(plan.at[qid, "rank"]) if qid is not None else None
            values = [
                record.code, idea.text, ctx.t(f"idea.{idea.kind}"), idea.author or "",
                ctx.t(f"ui.idea_status_{idea.status}"),
                texts.get(idea.merged_into, "") if idea.merged_into else "",
                idea.text_he or "", idea.text_en or "",
                ctx.t("ui.in_plan_as", rank=rank, qid=qid) if qid is not None else "",
                record.dots.get(qid, 0) if qid is not None else None,
            ]  # fmt: skip
            for c, value in enumerate(values, start=1):
                cell = put(ws, r, c, value)
                if c in (2, 6, 7, 8):
                    cell.alignment = WRAP
            r += 1
    last = r - 1
    r += 1
    for record in ctx.room:
        if record.agreement is not None:
            words = ctx.t(agreement_word(record.agreement))
            put(ws, r, 1, record.code)
            put(ws, r, 2, ctx.t("ui.room_agreement", words=words, w=record.agreement,
                                voters=record.voters))  # fmt: skip
            r += 1
    if last >= 2:
        _table(ws, "RoomIdeas", 1, last, len(keys))
    _widths(ws, {1: 11, 2: 50, 3: 22, 4: 16, 5: 12, 6: 40, 7: 44, 8: 44, 9: 22, 10: 9})
    ws.freeze_panes = "B2"
    _print_setup(ws)


def _inventory(ws, ctx: _Context) -> None:
    inv = ctx.a.inventory
    notes: dict[int, list[str]] = {}
    for w in ctx.a.warnings:
        if isinstance(w.row, int):
            notes.setdefault(w.row, []).append(w.message(ctx.lang))
    keys = [
        "col.row",
        "col.attribute",
        "col.party",
        "col.coverage",
        "col.description",
        "col.source_system",
        "col.topics_given",
        "col.topic_used",
        "col.topic_source",
        "col.mapped_topic",
        "col.confidence",
        "col.alternatives",
        "col.needs_review",
        "col.last_updated",
        "col.refresh_days",
        "col.accuracy",
        "col.granularity",
        "col.consent",
        "col.owner",
        "col.notes",
        "col.validation",
    ]
    special_header = ctx.c.message_records["special_sensitivity_column"][ctx.lang]
    _header(ws, 1, [ctx.t(k) for k in keys] + [special_header])
    yes, no = ctx.t("value.yes"), ctx.t("value.no")
    widths = {  # column widths, by column number
        1: 7, 2: 28, 3: 13, 4: 10, 5: 40, 6: 16, 7: 22, 8: 26, 9: 14, 10: 26, 11: 11, 12: 40,
        13: 10, 14: 13, 15: 11, 16: 10, 17: 12, 18: 16, 19: 16, 20: 30, 21: 50, 22: 50,
    }  # fmt: skip
    wrapped = (5, 20, 21, 22)  # description, notes, validation, special: wrapped where too long
    # the rows as records, read once: itertuples over Arrow-backed columns costs as much again
    for r, record in enumerate(inv.to_dict("records"), start=2):
        row = SimpleNamespace(**record)
        extra = "; ".join(f"{k}: {v}" for k, v in (row.extra or {}).items())
        notes_text = " | ".join(x for x in (row.notes, extra) if x)
        values = [
            (int(row.row), None),
            (row.attribute, None),
            (ctx.value_label("party", row.party), None),
            (float(row.coverage), PERCENT),
            (row.description, None),
            (row.source_system, None),
            (ctx.declared_topics(row.topics_given), None),
            (", ".join(ctx.topic(t) for t in row.topics), None),
            (ctx.t(f"value.{row.topic_source}"), None),
            (ctx.topic(row.mapped_topic), None),
            (float(row.mapping_confidence), PERCENT),
            (", ".join(ctx.topic(t) for t in str(row.mapping_alternatives).split(";") if t), None),
            (yes if row.needs_review or getattr(row, "special_review", False) else no, None),
            (row.last_updated, DATE),
            (row.refresh_days, "0"),
            (float(row.accuracy), PERCENT),
            (ctx.value_label("granularity", row.granularity), None),
            (ctx.value_label("consent", row.consent), None),
            (row.owner, None),
            (notes_text, None),
            ("\n".join(notes.get(int(row.row), [])), None),
            (_special_sensitivity(ctx, getattr(row, "sensitivity_category", "")), None),
        ]
        for c, (value, fmt) in enumerate(values, start=1):
            if value == "" or value is None:
                continue  # an empty cell needs no object (2,000 rows × 22 columns add up)
            cell = put(ws, r, c, value, fmt)
            if c in wrapped and (len(str(value)) > widths[c] or "\n" in str(value)):
                cell.alignment = WRAP
    last = 1 + len(inv)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(keys) + 1)}{last}"
    _widths(ws, widths)
    ws.freeze_panes = "C2"
    _print_setup(ws)


def _special_sensitivity(ctx: _Context, category: object) -> str:
    """ "Religion, belief and worldview — Privacy Protection Law ..., para. (7); GDPR Art. 9(1)"."""
    if not category or category not in ctx.c.sensitivity_records:
        return ""
    label = ctx.c.sensitivity_records[str(category)][f"label_{ctx.lang}"]
    return f"{label} — {ctx.c.sensitivity_citation(str(category), ctx.lang)}"


def _parameter_value(ctx: _Context, parameter: str, value: Any) -> Any:
    """A parameter's value; one that is an inventory value (a granularity, a consent basis) is
    named in the sheet's language, the scale rule too."""
    field = parameter.split(".")[0]
    if field in ("granularity", "consent") and isinstance(value, str):
        return ctx.value_label(field, value)
    if parameter == "importance.scale":
        return ctx.label_or(f"scale_rule.{value}", value)
    return value


def _assumptions(ws, ctx: _Context) -> None:
    c, lang = ctx.c, ctx.lang
    row = 1

    def section(title_key: str, headers: Iterable[str]) -> None:
        nonlocal row
        put(ws, row, 1, ctx.t(title_key)).font = SECTION_FONT
        _header(ws, row + 1, list(headers))
        row += 2

    section(
        "assumptions.model",
        [
            ctx.t("col.parameter"),
            ctx.t("col.parameter_value"),
            ctx.t("col.unit"),
            ctx.t("col.description_param"),
            ctx.t("col.source"),
        ],
    )
    for p in c.assumptions.table.itertuples():
        put(ws, row, 1, p.parameter)
        put(ws, row, 2, _parameter_value(ctx, p.parameter, p.value))
        put(ws, row, 3, ctx.label_or(f"unit.{p.unit}", p.unit))
        put(ws, row, 4, getattr(p, f"description_{lang}")).alignment = WRAP
        put(ws, row, 5, p.source)
        row += 1
    row += 1
    section("assumptions.weights", [ctx.t("col.goal"), ctx.t("col.weight")])
    for goal, weight in ctx.a.scores.weights.items():
        put(ws, row, 1, ctx.goal(goal))
        put(ws, row, 2, float(weight), PERCENT_1)
        row += 1
    row += 1
    channel_cols = [
        "reach",
        "response_rate",
        "response_low",
        "response_high",
        "linkability",
        "max_questions",
        "max_seconds",
        "fatigue_after_questions",
        "fatigue_per_question",
        "cost_per_response_ils",
        "cadence_days",
        "setup_months",
        "consent_capture",
        "public_screen",
        "outbound",
        "reach_source",
        "response_source",
        "budget_source",
    ]
    section(
        "assumptions.channels",
        [ctx.t("col.channel"), *(ctx.t(f"channel_param.{col}") for col in channel_cols)],
    )
    for ch in c.channels.itertuples():
        put(ws, row, 1, ctx.channel(ch.channel_id))
        for k, col in enumerate(channel_cols, start=2):
            value = getattr(ch, col)
            if isinstance(value, bool | np.bool_):
                value = ctx.t("value.yes" if value else "value.no")
            put(ws, row, k, value)
        row += 1
    row += 1
    section(
        "assumptions.topics",
        [
            ctx.t("col.topic"),
            ctx.t("col.nature"),
            ctx.t("col.half_life"),
            ctx.t("col.special"),
            ctx.t("col.topic_id"),
        ],
    )
    for t in c.topics.itertuples():
        put(ws, row, 1, ctx.topic(t.topic_id))
        put(ws, row, 2, ctx.t(f"nature.{t.nature}"))
        put(ws, row, 3, float(t.half_life_days), "0")
        put(ws, row, 4, bool(t.special_category))
        put(ws, row, 5, t.topic_id)
        row += 1
    row += 1
    use_cases = ctx.a.scores.use_cases
    if use_cases is not None:
        section(
            "assumptions.use_cases",
            [ctx.t(k) for k in ("col.use_case", "col.use_case_on", "col.use_case_brief",
                                "col.use_case_value", "col.importance_share", "col.purpose",
                                "col.use_case_id")],
        )  # fmt: skip
        share = ctx.a.scores.use_case_shares
        for u in use_cases.table.itertuples(index=False):
            put(ws, row, 1, getattr(u, f"label_{ctx.lang}"))
            put(ws, row, 2, bool(u.on))
            put(ws, row, 3, bool(u.in_brief))
            put(ws, row, 4, float(u.value), "0.0")
            put(ws, row, 5, float(share[u.use_case_id]), PERCENT_1)
            put(ws, row, 6, getattr(u, f"purpose_{ctx.lang}")).alignment = WRAP
            put(ws, row, 7, u.use_case_id)
            row += 1
    _widths(ws, {1: 38, 2: 12, 3: 12, 4: 70, 5: 16})
    ws.freeze_panes = "B1"
    _print_setup(ws, None)


def _sources(ws, ctx: _Context) -> None:
    """Every source with its grade (study / vendor / law / assumption) in the sheet's language."""
    keys = ["col.source_id", "col.grade", "col.publisher", "col.locator", "col.figure"]
    _header(ws, 1, [ctx.t(k) for k in keys])
    for r, s in enumerate(ctx.c.sources.itertuples(), start=2):
        put(ws, r, 1, s.source_id)
        put(ws, r, 2, ctx.t(f"grade.{s.grade}")).alignment = WRAP
        put(ws, r, 3, s.publisher).alignment = WRAP
        put(ws, r, 4, s.locator).alignment = WRAP
        put(ws, r, 5, getattr(s, f"figure_{ctx.lang}")).alignment = WRAP
    _widths(ws, {1: 16, 2: 22, 3: 36, 4: 40, 5: 80})
    ws.freeze_panes = "A2"
    _print_setup(ws)
