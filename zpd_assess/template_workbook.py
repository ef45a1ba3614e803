"""The inventory template workbook that clients fill, in English or Hebrew.

Sheets: instructions, the inventory itself (header row, drop-downs, example rows) and a hidden
sheet with the lists behind the drop-downs. Hebrew workbooks are right-to-left throughout. The
copies in ``templates/`` are written by this module (``make templates``) and a test checks them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .catalog import CONSENT_BASES, GRANULARITIES, PARTIES, Catalog

FIXED_TIMESTAMP = dt.datetime(2026, 1, 1)
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
REQUIRED_FILL = PatternFill("solid", fgColor="C00000")
EXAMPLE_FONT = Font(italic=True, color="595959")
THIN = Side(style="thin", color="BFBFBF")
#: Numbered steps on the instructions sheet: labels ``template.step_1`` … ``template.step_6``.
STEPS = 6

#: Example rows in the inventory sheet, as a client would fill them: sample data, not prose (the
#: sheet's words are the ``template.*`` labels in ``labels.csv``).
EXAMPLES: dict[str, list[tuple[object, ...]]] = {
    "en": [
        (
            "email_address",
            "first",
            0.92,
            "Customer e-mail for service messages",
            "CRM",
            "identity_contact",
            "",
            1,
            0.95,
            "individual",
            "contract",
            "CRM team",
        ),
        (
            "marital_status",
            "zero",
            0.31,
            "Answered in the onboarding questionnaire",
            "Onboarding form",
            "family_status",
            dt.date(2025, 6, 30),
            None,
            0.9,
            "individual",
            "explicit_consent",
            "Marketing",
        ),
        (
            "nps_annual_survey",
            "first",
            0.04,
            "Annual NPS on a sample of customers",
            "Survey vendor",
            "satisfaction",
            dt.date(2025, 12, 31),
            None,
            None,
            "aggregate",
            "legitimate_interest",
            "CX team",
        ),
        (
            "lifestyle_segment",
            "third",
            0.6,
            "Bought lifestyle segment",
            "Data broker",
            "",
            dt.date(2023, 1, 15),
            None,
            0.5,
            "segment",
            "unknown",
            "Analytics",
        ),
    ],
    "he": [
        (
            "email_address",
            "צד ראשון",
            0.92,
            "כתובת מייל להודעות שירות",
            "CRM",
            "פרטי זיהוי והתקשרות",
            "",
            1,
            0.95,
            "פרטני",
            "חוזה",
            "צוות CRM",
        ),
        (
            "מצב_משפחתי",
            "צד אפס",
            0.31,
            "נענה בשאלון ההצטרפות",
            "טופס הצטרפות",
            "מצב משפחתי",
            dt.date(2025, 6, 30),
            None,
            0.9,
            "פרטני",
            "הסכמה מפורשת",
            "שיווק",
        ),
        (
            "סקר_NPS_שנתי",
            "צד ראשון",
            0.04,
            "סקר NPS שנתי על מדגם לקוחות",
            "ספק סקרים",
            "שביעות רצון",
            dt.date(2025, 12, 31),
            None,
            None,
            "מצרפי",
            "אינטרס לגיטימי",
            "צוות חוויית לקוח",
        ),
        (
            "פלח_סגנון_חיים",
            "צד שלישי",
            0.6,
            "פלח סגנון חיים שנרכש",
            "סוחר מידע",
            "",
            dt.date(2023, 1, 15),
            None,
            0.5,
            "פלח",
            "לא ידוע",
            "אנליטיקה",
        ),
    ],
}

COLUMN_ORDER = (
    "attribute", "party", "coverage", "description", "source_system", "topics", "last_updated",
    "refresh_days", "accuracy", "granularity", "consent", "owner", "notes",
)  # fmt: skip
WIDTHS = {"attribute": 28, "description": 40, "topics": 30, "notes": 30, "source_system": 18}


def inventory_template(catalog: Catalog, lang: str = "en") -> bytes:
    """The client-facing inventory template as .xlsx bytes."""
    if lang not in EXAMPLES:
        raise ValueError(f"Unknown language {lang!r}; use 'en' or 'he'")

    def t(key: str) -> str:
        return catalog.text(f"template.{key}", lang)

    rtl = lang == "he"
    wb = Workbook()
    wb.properties.creator = "ZPD Assess"
    wb.properties.title = t("title")
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP

    lists = _lists_sheet(wb, catalog, lang, t("sheet_lists"))
    _instructions_sheet(wb.active, catalog, lang, t)
    _inventory_sheet(wb.create_sheet(t("sheet_inventory")), catalog, lang, t, lists)
    wb.move_sheet(lists.title, offset=2)
    for ws in wb.worksheets:
        ws.sheet_view.rightToLeft = rtl
    wb.active = 1
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _lists_sheet(wb: Workbook, catalog: Catalog, lang: str, title: str):
    ws = wb.create_sheet(title)
    columns = {
        "party": [catalog.value_labels("party", lang)[p] for p in PARTIES],
        "granularity": [catalog.value_labels("granularity", lang)[g] for g in GRANULARITIES],
        "consent": [catalog.value_labels("consent", lang)[c] for c in CONSENT_BASES],
        "topics": list(catalog.topics[f"label_{lang}"]),
    }
    ranges = {}
    for col, (name, values) in enumerate(columns.items(), start=1):
        letter = get_column_letter(col)
        ws.cell(row=1, column=col, value=name)
        for r, v in enumerate(values, start=2):
            ws.cell(row=r, column=col, value=v)
        ranges[name] = f"'{title}'!${letter}$2:${letter}${len(values) + 1}"
        ws.column_dimensions[letter].width = 32
    ws.sheet_state = "hidden"
    ws._zpd_ranges = ranges  # read by _inventory_sheet within this module only
    return ws


def _instructions_sheet(ws, catalog: Catalog, lang: str, t: Callable[[str], str]) -> None:
    ws.title = t("sheet_instructions")
    ws["A1"] = t("title")
    ws["A1"].font = Font(size=16, bold=True, color="1F4E79")
    ws["A2"] = t("intro")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:D2")
    ws.row_dimensions[2].height = 36
    r = 4
    for step in [t(f"step_{i}") for i in range(1, STEPS + 1)]:
        ws.cell(row=r, column=1, value=step)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=4)
        r += 1
    r += 1
    ws.cell(row=r, column=1, value=t("columns")).font = Font(bold=True, size=12)
    r += 1
    headers = [t(f"col_{h}") for h in ("column", "required", "what", "example")]
    for c, h in enumerate(headers, start=1):
        cell = ws.cell(row=r, column=c, value=h)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
    for cid in COLUMN_ORDER:
        r += 1
        row = catalog.inventory_columns.loc[cid]
        ws.cell(row=r, column=1, value=str(row[f"label_{lang}"])).font = Font(bold=True)
        ws.cell(row=r, column=2, value=t("required_yes") if row["required"] else "")
        ws.cell(row=r, column=3, value=str(row[f"description_{lang}"])).alignment = Alignment(
            wrap_text=True, vertical="top"
        )
        ws.cell(row=r, column=4, value=str(row["example"]))
    r += 2
    ws.cell(row=r, column=1, value=t("values")).font = Font(bold=True, size=12)
    for field_name, ids in (("party", PARTIES), ("granularity", GRANULARITIES),
                            ("consent", CONSENT_BASES)):  # fmt: skip
        r += 1
        label = catalog.inventory_columns.at[field_name, f"label_{lang}"]
        ws.cell(row=r, column=1, value=str(label)).font = Font(bold=True)
        for value_id in ids:
            r += 1
            ws.cell(row=r, column=1, value=catalog.value_labels(field_name, lang)[value_id])
            ws.cell(row=r, column=2, value=value_id)
            note = t(f"party_note.{value_id}") if field_name == "party" else None
            if note:
                ws.cell(row=r, column=3, value=note)
    for letter, width in zip("ABCD", (30, 22, 70, 26), strict=True):
        ws.column_dimensions[letter].width = width


def _inventory_sheet(ws, catalog: Catalog, lang: str, t: Callable[[str], str], lists) -> None:
    ranges = lists._zpd_ranges
    cols = catalog.inventory_columns
    for c, cid in enumerate(COLUMN_ORDER, start=1):
        cell = ws.cell(row=1, column=c, value=str(cols.at[cid, f"label_{lang}"]))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = REQUIRED_FILL if cols.at[cid, "required"] else HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(bottom=THIN)
        ws.column_dimensions[get_column_letter(c)].width = WIDTHS.get(cid, 16)
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "B2"
    last = 1000
    position = {cid: get_column_letter(i) for i, cid in enumerate(COLUMN_ORDER, start=1)}

    for r, example in enumerate(EXAMPLES[lang], start=2):
        for c, value in enumerate(example, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font = EXAMPLE_FONT
        ws.cell(row=r, column=len(COLUMN_ORDER), value=t("example_note")).font = EXAMPLE_FONT

    def span(cid: str) -> str:
        return f"{position[cid]}2:{position[cid]}{last}"

    def prompt(dv: DataValidation, cid: str) -> None:
        dv.promptTitle = str(cols.at[cid, f"label_{lang}"])[:32]
        dv.prompt = str(cols.at[cid, f"description_{lang}"])[:255]
        dv.showInputMessage = True

    for cid in ("party", "granularity", "consent"):
        dv = DataValidation(type="list", formula1=ranges[cid], allow_blank=cid != "party")
        dv.error = str(cols.at[cid, f"description_{lang}"])[:225]
        dv.errorTitle = str(cols.at[cid, f"label_{lang}"])[:32]
        dv.showErrorMessage = True
        prompt(dv, cid)
        dv.add(span(cid))
        ws.add_data_validation(dv)
    topics_dv = DataValidation(type="list", formula1=ranges["topics"], allow_blank=True)
    topics_dv.errorStyle = "warning"  # several topics, comma-separated, are allowed
    topics_dv.showErrorMessage = False
    prompt(topics_dv, "topics")
    topics_dv.add(span("topics"))
    ws.add_data_validation(topics_dv)
    for cid in ("coverage", "accuracy"):
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1",
                            allow_blank=cid != "coverage")  # fmt: skip
        dv.errorStyle = "warning"
        dv.showErrorMessage = True
        dv.error = str(cols.at[cid, f"description_{lang}"])[:225]
        prompt(dv, cid)
        dv.add(span(cid))
        ws.add_data_validation(dv)
        for row in ws.iter_rows(min_row=2, max_row=last, min_col=list(position).index(cid) + 1,
                                max_col=list(position).index(cid) + 1):  # fmt: skip
            row[0].number_format = "0%"
    date_dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True)
    prompt(date_dv, "last_updated")
    date_dv.add(span("last_updated"))
    ws.add_data_validation(date_dv)
    refresh_dv = DataValidation(type="whole", operator="greaterThan", formula1="0",
                                allow_blank=True)  # fmt: skip
    prompt(refresh_dv, "refresh_days")
    refresh_dv.add(span("refresh_days"))
    ws.add_data_validation(refresh_dv)
    date_col = list(position).index("last_updated") + 1
    for row in ws.iter_rows(min_row=2, max_row=last, min_col=date_col, max_col=date_col):
        row[0].number_format = "DD/MM/YYYY"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMN_ORDER))}1"
    ws.print_options.gridLines = False
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
