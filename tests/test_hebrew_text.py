"""Hebrew text without English in it: messages name columns and languages in Hebrew, and chart
titles keep a Hebrew line's closing question mark at its end (issue 14, finding 5)."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import SAMPLES, TODAY

from zpd_assess import charts
from zpd_assess.catalog import default_catalog_dir
from zpd_assess.intake import InventoryError, load_inventory
from zpd_assess.issues import make_issue

LATIN = re.compile(r"[A-Za-z]{3,}")


def test_an_inventory_error_names_its_column_in_hebrew(catalog):
    """«ב-1 שורות העמודה accuracy ריקה»: the Hebrew message said the column's English id."""
    with pytest.raises(InventoryError) as info:
        load_inventory(SAMPLES / "dirty" / "inventory_dirty.xlsx", catalog, today=TODAY)
    by_column = {i.column: i for i in info.value.errors if i.column}
    party = by_column["party"]
    assert "עמודה סוג הדאטה" in party.message_he, party.message_he
    assert "column party" in party.message_en  # the English message keeps the id
    ids = "|".join(catalog.inventory_columns.index)
    said_in_english = ("the attribute's name", "a share", "number of days", "one column for")
    for issue in info.value.issues:
        # the lists of accepted values may show ids (a file may use them); a column never does
        assert not re.search(rf"עמודה ({ids})\b|עמודת ({ids})\b", issue.message_he), issue
        assert not any(s in issue.message_he for s in said_in_english), issue.message_he
        assert "accuracy" not in issue.message_he.replace(repr(issue.value), ""), issue


def test_a_hebrew_message_names_every_inventory_column_by_its_hebrew_header(catalog):
    for column, header in catalog.inventory_columns["label_he"].items():
        issue = make_issue(catalog, "missing_value", row=3, column=column, accepted="0–1")
        assert f"עמודה {header}:" in issue.message_he
        assert f"column {column}:" in issue.message_en
    other = make_issue(catalog, "missing_value", row=3, column="Rank", accepted="1–80")
    assert "עמודה Rank:" in other.message_he  # not an inventory column: named as given


def test_a_message_can_give_a_placeholder_its_own_value_per_language(catalog):
    issue = make_issue(
        catalog, "translation_missing", value="w_01", accepted="English",
        localized={"he": {"accepted": catalog.text("language.en", "he")}},
    )  # fmt: skip
    assert "אין נוסח באנגלית" in issue.message_he
    assert "no English wording" in issue.message_en and issue.accepted == "English"


def test_a_hebrew_chart_title_is_embedded_right_to_left(catalog):
    """Plotly draws a left-to-right SVG: «?מה מתאר…» had its question mark first."""
    question = pd.Series({"text_en": "When do you expect to retire?",
                          "text_he": "מתי צפויה הפרישה שלך? " + "מילה " * 30})  # fmt: skip
    part = {
        "topic_id": "life_stage",
        "adds": 0.5,
        "importance": 0.8,
        "unknown_before": 0.7,
        "strength": 1.0,
        "reach": 0.6,
        "response": 0.1,
        "linkability": 1.0,
    }
    explain = {"parts": [part], "votes": {"adds": 0.0}, "value": 0.5}
    he = charts.question_waterfall(explain, question, catalog, "he").layout.title.text
    lines = he.split("<br>")
    assert len(lines) >= 2, "a long title wraps"
    assert all(line.startswith("\u202b") and line.endswith("\u202c") for line in lines), he
    en = charts.question_waterfall(explain, question, catalog, "en").layout.title.text
    assert en == "When do you expect to retire?"
    assert charts.rtl_text("a<br>b", "en") == "a<br>b"


@pytest.fixture(scope="module")
def hebrew_workbook(catalog, mapper):
    """The Hebrew Excel plan of a sample, as the Export page downloads it."""
    import io

    import openpyxl

    from zpd_assess.assess import Steps, assess_engagement
    from zpd_assess.decisions import default_decisions
    from zpd_assess.engagement import load_engagement
    from zpd_assess.workbook import plan_workbook

    eng = load_engagement(SAMPLES / "shalom_insurance")
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    a = assess_engagement(intake, catalog, default_decisions(catalog, eng),
                          organisation=eng.name_he, steps=Steps(mapper))  # fmt: skip
    return openpyxl.load_workbook(io.BytesIO(plan_workbook(a, catalog, "he", today=TODAY)))


def _cells(workbook, sheet_label: str, catalog) -> list[str]:
    ws = workbook[catalog.text(sheet_label, "he")]
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def test_the_sources_sheet_shows_no_developer_path(hebrew_workbook, catalog):
    """Issue 14, finding 8: the first source's "Where" read ``../shared/seed/…``."""
    cells = _cells(hebrew_workbook, "sheet.sources", catalog)
    assert any("zero-party-data-article" in c for c in cells), "the seed article is still cited"
    assert not [c for c in cells if re.search(r"\.\./|/shared/|/work/|/home/|[A-Z]:\\", c)]
    assert not catalog.sources["locator"].str.contains(r"\.\./|/shared/").any()


def test_the_hebrew_workbook_says_a_topics_nature_in_hebrew(hebrew_workbook, catalog):
    cells = _cells(hebrew_workbook, "sheet.topics", catalog)
    ids = {"declared", "observed", "mixed"}
    assert not [c for c in cells if c in ids], sorted({c for c in cells if c in ids})


#: Columns whose Latin text is by design: keys for Excel and the app, the English wording, answer
#: codes, the client's own words (field names, systems, owners, notes) and bibliographic entries.
KEY_OR_CLIENT_COLUMNS = {
    "col.question_id", "col.topic_id", "col.channel_id", "col.source_id", "col.use_case_id",
    "col.question_en", "col.answers", "col.attribute", "col.description", "col.source_system",
    "col.owner", "col.notes", "col.validation", "col.topics_given", "col.publisher",
    "col.locator", "col.parameter", "col.source", "col.idea", "col.idea_author",
    "col.merged_into", "col.in_plan_as", "col.workshop", "channel_param.reach_source",
    "channel_param.response_source", "channel_param.budget_source",
}  # fmt: skip
#: An English word or an id in a Hebrew cell: lower case, three letters or more (a capitalised
#: word in Hebrew text is a name: a brand, a publisher, a study's author).
ENGLISH_WORD = re.compile(r"(?<![A-Za-z])[a-z][a-z_]{2,}")
#: Names a Hebrew text writes in Latin letters: products, formats and channel acronyms.
LATIN_NAMES = re.compile(
    r"\b(ZPD|Assess|GDPR|Excel|SMS|IVR|WhatsApp|QR|CSV|xlsx|PDF|NPS|CRM|UTF|GSM|UCS|MB|ILS|Windows|"
    r"Instagram|Facebook|TikTok|Google|Apple|Android|iOS|Wi-Fi|app|OTP|API|ID)\b"
)


def english_in_hebrew_workbook(workbook, catalog) -> dict[str, list[str]]:
    """English words in a Hebrew workbook's visible sheets, by sheet and column, outside the
    key and client columns (a section's own header row names its columns)."""
    labels = catalog.labels["he"]
    allowed = {labels[k] for k in KEY_OR_CLIENT_COLUMNS}
    column_names = {v for k, v in labels.items() if k.startswith(("col.", "channel_param."))}
    found: dict[str, list[str]] = {}
    for ws in workbook.worksheets:
        if ws.sheet_state != "visible":
            continue
        header: dict[int, str] = {}  # column -> the latest column name above (sections repeat)
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str):
                    continue
                if c.value in column_names:
                    header[c.column] = c.value
                    continue
                if header.get(c.column) in allowed:
                    continue
                # the client's own field names are quoted: «המקור החזק ביותר הוא 'fee_track'»
                text = re.sub(r"'[^']*'|https?://\S+", "", LATIN_NAMES.sub("", c.value))
                if ENGLISH_WORD.search(text):
                    found.setdefault(f"{ws.title}/{header.get(c.column)}", []).append(c.value)
    return found


@pytest.mark.slow
def test_the_hebrew_workbook_names_things_in_hebrew(hebrew_workbook, catalog):
    """Issue 14, finding 5: no English in the Hebrew file outside key and client columns —
    reasons name questions and channels, sensitivity and units are Hebrew words."""
    found = english_in_hebrew_workbook(hebrew_workbook, catalog)
    assert not found, {k: v[:3] for k, v in found.items()}


@pytest.mark.parametrize("lang", ["he", "en"])
def test_the_information_curve_names_each_step_by_its_question(catalog, lang):
    """Issue 14, finding 7: the curve's hover said each question's id."""
    from types import SimpleNamespace

    order = ["q_life_stage_01", "q_family_status_01"]
    value = SimpleNamespace(base=0.6, after=[0.5, 0.45], order=order,
                            baselines={"random": ([], [0.58, 0.55])})  # fmt: skip
    fig = charts.information_curve(value, catalog, lang)
    steps = fig.data[0].text
    assert steps[0] == "" and not set(order) & set(steps), steps
    wording = catalog.questions.at[order[0], f"text_{lang}"]
    assert steps[1].replace("<br>", " ").startswith(str(wording)[:20]), steps


#: Slips a bulk edit made and a review panel read aloud (round 20): a comma the «, כדי» sweep put
#: after «רק» («רק, כדי להכין»), and «משכנתא» → «משכנתה» applied inside the plural.
HEBREW_SLIPS = {"רק, כדי": "רק כדי", "משכנתהות": "משכנתאות"}


@pytest.mark.parametrize("name", ["questions.csv", "offers.csv", "moments.csv", "use_cases.csv"])
def test_no_catalog_hebrew_keeps_a_known_slip(name):
    table = pd.read_csv(default_catalog_dir() / name, dtype=str, keep_default_na=False)
    found = [
        (row_id, column, slip)
        for column in table.columns
        if column.endswith("_he")
        for slip in HEBREW_SLIPS
        for row_id in table.loc[table[column].str.contains(slip, regex=False), table.columns[0]]
    ]
    assert not found, [f"{r} {c}: «{s}» → «{HEBREW_SLIPS[s]}»" for r, c, s in found]
