"""Inventory intake on real files: the samples, every encoding, the dirty file, hostile files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pandas as pd
import pytest
from conftest import SAMPLE_ORGS, SAMPLES, TODAY

from zpd_assess.intake import InventoryError, TopicLabelMatcher, load_inventory


def _rows(path) -> list[list[object]]:
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def _csv_bytes(rows, encoding="utf-8", delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(
            ["" if v is None else v.strftime("%d/%m/%Y") if isinstance(v, dt.datetime) else v
             for v in row]
        )  # fmt: skip
    return buffer.getvalue().encode(encoding)


@pytest.mark.parametrize("org", SAMPLE_ORGS)
def test_each_sample_inventory_is_valid_and_realistic(catalog, org):
    result = load_inventory(SAMPLES / org / "inventory.xlsx", catalog, today=TODAY)
    inv = result.inventory
    assert 60 <= len(inv) <= 150
    assert set(inv["party"]) == {"zero", "first", "second", "third"}
    assert "aggregate" in set(inv["granularity"])
    assert inv["coverage"].between(0, 1).all()
    blank_topics = (inv["topics"].map(len) == 0).mean()
    assert 0.3 <= blank_topics <= 0.7
    assert inv["age_days"].max() > 3 * 365, "some attributes are stale"
    hebrew_names = inv["attribute"].str.contains(r"[\u05d0-\u05ea]").sum()
    assert hebrew_names >= 1 or org != "shalom_insurance"
    assert not [w for w in result.warnings if w.severity == "error"]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ","), ("cp1255", ","), ("utf-8", ";"), ("cp1255", "\t")],
)
def test_the_hebrew_sample_reads_the_same_from_csv_in_every_encoding(catalog, encoding, delimiter):
    path = SAMPLES / "shalom_insurance" / "inventory.xlsx"
    from_xlsx = load_inventory(path, catalog, today=TODAY).inventory
    data = _csv_bytes(_rows(path), encoding, delimiter)
    from_csv = load_inventory(data, catalog, name="inventory.csv", today=TODAY).inventory
    cols = ["attribute", "party", "coverage", "topics", "granularity", "consent", "description"]
    pd.testing.assert_frame_equal(from_xlsx[cols], from_csv[cols])
    assert list(from_xlsx["last_updated"]) == list(from_csv["last_updated"])


HEADER_EN = ["attribute", "party", "coverage", "topics", "last_updated", "granularity", "consent"]
HEADER_HE = ["שם השדה", "סוג הדאטה", "כיסוי", "נושאים", "עדכון אחרון", "רמת פירוט", "בסיס חוקי"]


@pytest.mark.parametrize("header", [HEADER_EN, HEADER_HE], ids=["english", "hebrew"])
@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            ["cust_marital_stat", "1st party", "0.85", "", "2026-01-31", "individual", "contract"],
            {
                "party": "first",
                "coverage": 0.85,
                "granularity": "individual",
                "consent": "contract",
                "last_updated": dt.date(2026, 1, 31),
            },
        ),
        (
            ["מצב_משפחתי", "צד אפס", "85%", "מצב משפחתי", "14/03/2025", "פרטני", "הסכמה מפורשת"],
            {
                "party": "zero",
                "coverage": 0.85,
                "topics": ["family_status"],
                "consent": "explicit_consent",
                "last_updated": dt.date(2025, 3, 14),
            },
        ),
        (
            ["club_feed", "Second-Party", "40%", "Life stage, tenure", "1.2.2024", "segment", "LI"],
            {
                "party": "second",
                "coverage": 0.40,
                "topics": ["life_stage", "tenure"],
                "granularity": "segment",
                "consent": "legitimate_interest",
                "last_updated": dt.date(2024, 2, 1),
            },
        ),
        (
            ["lifestyle", "3rd", "0,6", "hobbies", "", "מצרפי", "לא ידוע"],
            {"party": "third", "coverage": 0.6, "granularity": "aggregate", "consent": "unknown"},
        ),
    ],
)
def test_values_as_ids_labels_and_formats(catalog, header, cells, expected):
    other = ["x_attr", "first", "0.5", "", "", "", ""]
    data = _csv_bytes([header, cells, other])
    row = load_inventory(data, catalog, name="inv.csv", today=TODAY).inventory.iloc[0]
    for key, value in expected.items():
        assert row[key] == (pytest.approx(value) if isinstance(value, float) else value), key


def test_percent_columns_are_read_as_percent_with_warnings_where_ambiguous(catalog):
    rows = [["attribute", "party", "coverage"], ["a", "first", "85"], ["b", "first", "60"],
            ["c", "first", "1"], ["d", "first", "99.6"]]  # fmt: skip
    result = load_inventory(_csv_bytes(rows), catalog, name="i.csv", today=TODAY)
    assert list(result.inventory["coverage"]) == pytest.approx([0.85, 0.60, 0.01, 0.996])


def test_a_lone_percent_in_a_column_of_shares_is_a_warning_and_1_7_is_an_error(catalog):
    rows = [["attribute", "party", "coverage", "accuracy"], ["a", "first", "0.5", "0.9"],
            ["b", "first", "85", "0.8"], ["c", "first", "0.3", "1.7"]]  # fmt: skip
    with pytest.raises(InventoryError) as info:
        load_inventory(_csv_bytes(rows), catalog, name="i.csv", today=TODAY)
    kinds = {(i.kind, i.row) for i in info.value.issues}
    assert ("coverage_percent", 3) in kinds
    assert ("accuracy_out_of_range", 4) in kinds


def test_dates_are_day_first_and_ambiguity_is_said(catalog):
    rows = [["attribute", "party", "coverage", "last_updated"],
            ["a", "first", "0.5", "03/04/2025"], ["b", "first", "0.5", "2027-01-01"],
            ["c", "first", "0.5", "25/12/2024"]]  # fmt: skip
    result = load_inventory(_csv_bytes(rows), catalog, name="i.csv", today=TODAY)
    inv = result.inventory
    assert inv.loc[0, "last_updated"] == dt.date(2025, 4, 3)
    assert inv.loc[1, "age_days"] == 0, "a future date counts as updated today"
    assert inv.loc[2, "last_updated"] == dt.date(2024, 12, 25)
    kinds = {(w.kind, w.row) for w in result.warnings}
    assert {("date_ambiguous", 2), ("date_future", 3)} <= kinds
    assert ("date_ambiguous", 4) not in kinds
    he = next(w for w in result.warnings if w.kind == "date_ambiguous").message("he")
    assert "יום-חודש" in he


def _expected(name: str) -> set[tuple[int, str, str]]:
    frame = pd.read_csv(SAMPLES / "dirty" / name, dtype=str, keep_default_na=False)
    return {(int(r.excel_row), r.column, r.kind) for r in frame.itertuples()}


def test_the_dirty_inventory_reports_every_listed_error_and_warning(catalog):
    with pytest.raises(InventoryError) as info:
        load_inventory(SAMPLES / "dirty" / "inventory_dirty.xlsx", catalog, today=TODAY)
    errors = {(int(str(i.row).split()[0]), i.column, i.kind) for i in info.value.errors}
    warnings = {(i.row, i.column, i.kind) for i in info.value.warnings if isinstance(i.row, int)}
    expected_errors = _expected("expected_errors.csv")
    assert expected_errors, "the expectation list is not empty"
    for row, column, kind in expected_errors:
        if kind == "duplicate_header":
            assert any(e[2] == kind and e[0] == row for e in errors), (row, column, kind)
        else:
            assert (row, column, kind) in errors, (row, column, kind)
    assert len(info.value.errors) == len(expected_errors), "no error beyond the listed ones"
    for row, column, kind in _expected("expected_warnings.csv"):
        if kind == "unknown_column":  # a column that is not ours is kept, and the reader says why
            kept = {"unknown_column", "column_kept_as_note"}
            assert any(w.kind in kept and w.column == column for w in info.value.warnings)
        else:
            assert (row, column, kind) in warnings, (row, column, kind)
    for issue in info.value.errors:
        assert f"Row {issue.row}" in issue.message_en or issue.kind == "duplicate_header"
        assert issue.message_he and issue.accepted is not None


def test_nothing_entered_is_dropped(catalog):
    long_text = "x" * 40_000
    rows = [["attribute", "party", "coverage", "notes", "Comments 2"],
            ["a", "first", "0.5", long_text, "keep me"],
            ["b", "first", "0.5", "=HYPERLINK(\"http://x\")", ""],
            ["c", "first", "0.5", "+SUM(A1)", "@cmd"]]  # fmt: skip
    result = load_inventory(_csv_bytes(rows), catalog, name="i.csv", today=TODAY)
    inv = result.inventory
    assert inv.loc[0, "notes"] == long_text
    assert inv.loc[0, "extra"] == {"Comments 2": "keep me"}
    assert inv.loc[1, "notes"] == '=HYPERLINK("http://x")'
    assert inv.loc[2, "extra"] == {"Comments 2": "@cmd"}
    kinds = {w.kind for w in result.warnings}
    assert "cell_too_long" in kinds
    assert kinds & {"unknown_column", "column_kept_as_note"}  # "Comments 2": notes is "notes"


def test_a_formula_without_a_cached_value_is_kept_as_text(catalog, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["attribute", "party", "coverage", "description"])
    ws.append(["a", "first", 0.5, '=HYPERLINK("http://evil")'])
    path = tmp_path / "f.xlsx"
    wb.save(path)
    result = load_inventory(path, catalog, today=TODAY)
    assert result.inventory.loc[0, "description"] == '=HYPERLINK("http://evil")'
    assert any(w.kind == "formula_kept" for w in result.warnings)


def test_a_title_row_above_the_header_is_skipped(catalog, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Customer data inventory — ACME, March 2026"])
    ws.append([])
    ws.append(["Attribute", "Party", "Coverage"])
    ws.append(["email", "first", 0.9])
    path = tmp_path / "t.xlsx"
    wb.save(path)
    result = load_inventory(path, catalog, today=TODAY)
    assert result.header_row == 3
    assert result.inventory.loc[0, "row"] == 4


@pytest.mark.parametrize(
    ("data", "name", "kind"),
    [
        (b"", "empty.xlsx", "file_empty"),
        (b"\x00\x01garbage" * 50, "random.xlsx", "file_unreadable"),
        (b"PK\x03\x04not really a zip", "broken.xlsx", "file_unreadable"),
        (b"attribute,party,coverage\n", "header_only.csv", "no_rows"),
        (b"foo,bar\nx,1\n", "other.csv", "no_header"),
        (b"attribute,coverage\nx,0.5\n", "no_party.csv", "missing_column"),
        (b"\xff\xfe\x00\x00" * 40, "binary.csv", "file_unreadable"),
        (b"attribute,party,coverage\nx,first,0.5\n", "inv.pdf", "file_type"),
    ],
)
def test_broken_files_get_a_clear_error(catalog, data, name, kind):
    with pytest.raises(InventoryError) as info:
        load_inventory(data, catalog, name=name, today=TODAY)
    assert kind in {i.kind for i in info.value.errors}
    assert str(info.value).startswith("The inventory has")


def test_the_upload_size_limit_is_enforced_with_a_message(catalog):
    limit_mb = catalog.assumptions.number("intake.max_upload_mb")
    data = b"attribute,party,coverage\n" + b"x" * int((limit_mb + 1) * 2**20)
    with pytest.raises(InventoryError) as info:
        load_inventory(data, catalog, name="big.csv", today=TODAY)
    assert info.value.errors[0].kind == "file_too_large"
    assert f"{limit_mb:g} MB" in info.value.errors[0].message_en


def _xlsx_with_sheet_xml(sheet_xml: bytes) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["attribute", "party", "coverage"])
    buffer = io.BytesIO()
    wb.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml
            dst.writestr(item, data)
    return out.getvalue()


def test_an_xml_bomb_is_refused(catalog):
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    )
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&l9;</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode()
    with pytest.raises(InventoryError) as info:
        load_inventory(_xlsx_with_sheet_xml(bomb), catalog, name="bomb.xlsx", today=TODAY)
    assert info.value.errors[0].kind == "file_unreadable"
    causes, cause = [], info.value.__cause__
    while cause is not None:
        causes.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    assert "EntitiesForbidden" in causes, "defusedxml stopped it, not a later parse error"


@pytest.mark.slow
def test_a_zip_bomb_is_refused_before_inflating(catalog):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\x00" * (400 * 2**20))
    with pytest.raises(InventoryError) as info:
        load_inventory(out.getvalue(), catalog, name="zip.xlsx", today=TODAY)
    assert "inflates" in info.value.errors[0].message_en


def test_the_client_template_itself_is_accepted(catalog, tmp_path):
    from zpd_assess.template_workbook import inventory_template

    for lang in ("en", "he"):
        result = load_inventory(inventory_template(catalog, lang), catalog,
                                name=f"t_{lang}.xlsx", today=TODAY)  # fmt: skip
        assert len(result.inventory) == 4
        assert set(result.inventory["party"]) == {"zero", "first", "third"}


@pytest.mark.parametrize(
    ("typed", "stored"), [(70, 0.7), (0.7, 0.7), (100, 1.0), (0, 0.0), (150, 1.0), (-5, 0.0)]
)
def test_a_coverage_typed_in_the_grid_is_stored_as_the_share_people_meant(typed, stored):
    from zpd_assess.intake import coverage_share

    assert coverage_share(typed) == pytest.approx(stored)


@pytest.mark.parametrize(
    "cell, topic",
    [
        ("שנאת סיכון", "risk_aversion"),  # the seed's term, the topic's label before the edit
        ("וותק", "tenure"),  # the spelling before the Academy's
        ("יחס לסיכון (שנאת סיכון)", "risk_aversion"),
    ],
)
def test_a_topic_cell_with_a_former_label_or_synonym_still_matches(catalog, cell, topic):
    matcher = TopicLabelMatcher(catalog)
    assert matcher.match(cell) == (topic, False)
