"""Evidence tables from Excel, results kept with an engagement, and the run's lines in Hebrew.

Real workbooks written with openpyxl, a real SQLite engagements database, the real catalog.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

from zpd_assess.evidence import (
    MAX_XLSX_COLUMNS,
    EvidenceError,
    evidence_lines,
    find_segments,
    metric_label,
    profile_columns,
    question_names,
    question_value,
    read_table,
    run_evidence,
    synthetic_customers,
    to_frame,
)
from zpd_assess.evidence_saved import SavedRun, file_digest, run_from_bytes, run_to_bytes
from zpd_assess.filesafety import EvidenceLimits
from zpd_assess.store import MAX_EVIDENCE_BYTES, Store, StoreError


def _workbook(rows: list[list[object]], *, hidden_first: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first:
        ws.title = "notes"
        ws.append(["not the table"])
        ws.sheet_state = "hidden"
        ws = wb.create_sheet("customers")
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Excel ---------------------------------------------------------------------------------------


def test_an_excel_table_reads_with_its_types_and_blanks():
    data = _workbook(
        [
            [],  # a blank row above the header is skipped
            ["customer_id", "age", "city", "joined", "score", None, "age"],
            [1, 34, "Haifa", dt.datetime(2020, 1, 2), 5, None, 10],
            [2, None, "  ", dt.datetime(2021, 3, 4), "n/a", None, 11],
            [],  # blank rows inside are skipped too
            [3, 51.5, "Eilat", None, 7, None, 12],
        ]
    )
    table = read_table(data, "customers.xlsx")
    frame = to_frame(table)
    assert list(frame.columns) == ["customer_id", "age", "city", "joined", "score", "column_6",
                                   "age_2"]  # fmt: skip
    assert list(frame["customer_id"]) == [1, 2, 3]
    assert frame["age"].tolist()[0] == 34 and np.isnan(frame["age"][1]) and frame["age"][2] == 51.5
    assert table.column("city").to_pylist() == ["Haifa", None, "Eilat"]  # a blank is missing
    assert frame["joined"][0] == pd.Timestamp("2020-01-02") and pd.isna(frame["joined"][2])
    assert table.column("score").to_pylist() == ["5", "n/a", "7"]  # numbers and text: text
    assert frame["column_6"].isna().all()


def test_an_excel_table_matches_the_same_csv_for_coverage():
    customers, _, _ = synthetic_customers(n=300, first_party=3, informative=1, duplicates=0,
                                          noise=1, seed=4)  # fmt: skip
    customers["email"] = np.where(customers["fp_00"] > 0, "x@example.com", None)
    rows = [list(customers.columns)] + [
        [None if pd.isna(v) else (v.item() if hasattr(v, "item") else v) for v in r]
        for r in customers.itertuples(index=False)
    ]
    from_xlsx = read_table(_workbook(rows), "c.xlsx")
    from_csv = read_table(customers.to_csv(index=False).encode(), "c.csv")
    # the same coverage (a blank is missing in both: null from Excel, "" from CSV)
    pd.testing.assert_frame_equal(profile_columns(from_xlsx), profile_columns(from_csv))
    assert profile_columns(from_xlsx).set_index("column").at["email", "coverage"] == (
        pytest.approx((customers["fp_00"] > 0).mean())
    )
    numbers = [c for c in customers.columns if c != "email"]
    pd.testing.assert_frame_equal(
        to_frame(from_xlsx)[numbers], to_frame(from_csv)[numbers], check_dtype=False
    )


def test_the_first_visible_sheet_is_read():
    data = _workbook([["customer_id", "q1"], [1, "yes"]], hidden_first=True)
    assert to_frame(read_table(data, "answers.xlsx")).to_dict("list") == {
        "customer_id": [1],
        "q1": ["yes"],
    }


def test_a_workbook_is_recognised_by_its_bytes_whatever_its_name():
    data = _workbook([["customer_id"], [1], [2]])
    assert read_table(data, "export").num_rows == 2


def test_formulas_are_never_evaluated():
    data = _workbook([["customer_id", "note"], [1, '=HYPERLINK("http://x","y")']])
    assert to_frame(read_table(data, "c.xlsx"))["note"].isna().all()  # no cached value: blank


def test_an_excel_table_past_the_row_limit_is_refused():
    data = _workbook([["customer_id"], *[[i] for i in range(30)]])
    with pytest.raises(EvidenceError) as caught:
        read_table(data, "c.xlsx", limits=EvidenceLimits(max_rows=20))
    assert "more than 20 rows" in str(caught.value), str(caught.value)
    assert read_table(data, "c.xlsx", limits=EvidenceLimits(max_rows=30)).num_rows == 30


def test_an_excel_table_past_the_column_limit_is_refused():
    data = _workbook([[f"c{i}" for i in range(MAX_XLSX_COLUMNS + 5)], [1] * 3])
    with pytest.raises(EvidenceError, match=f"more than {MAX_XLSX_COLUMNS:,} columns"):
        read_table(data, "wide.xlsx")


def test_a_zip_bomb_named_xlsx_is_refused_unopened():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 2**20))
    with pytest.raises(EvidenceError) as caught:
        read_table(out.getvalue(), "bomb.xlsx")
    assert "zip bomb" in str(caught.value), str(caught.value)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"PK\x03\x04 truncated", "not a workbook"),
        (b"", "not a workbook"),
        (_workbook([]), "is empty"),
    ],
)
def test_a_broken_or_empty_workbook_is_refused_with_a_message(data, words):
    with pytest.raises(EvidenceError) as caught:
        read_table(data, "c.xlsx")
    assert str(caught.value).startswith("c.xlsx: ") and words in str(caught.value)


# --- questions by their text, lines in the page's language ----------------------------------------


def test_questions_are_named_by_their_text_in_each_language(catalog):
    qid = catalog.questions.index[0]
    assert question_names(catalog, [qid, "q_not_in_bank"], "he") == [
        catalog.questions.at[qid, "text_he"],
        "q_not_in_bank",
    ]
    assert question_names(catalog, [qid], "en") == [catalog.questions.at[qid, "text_en"]]
    assert metric_label("CV R²", catalog, "he") == catalog.text("evidence.metric_r2", "he")


@pytest.fixture(scope="module")
def small_run(catalog):
    customers, answers, _ = synthetic_customers(n=300, first_party=4, informative=2,
                                                duplicates=0, noise=1, seed=6)  # fmt: skip
    heard: list[str] = []
    evidence = run_evidence(customers, answers, "churned", "customer_id",
                            progress=lambda _, m: heard.append(m), catalog=catalog,
                            lang="he")  # fmt: skip
    return customers, answers, evidence, heard


@pytest.mark.slow
def test_the_run_tells_its_progress_and_findings_in_hebrew(catalog, small_run):
    _, _, evidence, heard = small_run
    for key in ("evidence.progress_first_party", "evidence.progress_baselines"):
        assert catalog.text(key, "he") in heard
    assert catalog.text("evidence.progress_step", "he", step=1) in heard
    assert catalog.text("evidence.progress_segments", "he", k=2) in heard
    lines = evidence_lines(evidence, "churned", catalog, "he")
    qv = evidence.question_value
    n = min(5, len(qv.after))  # three questions: the line says after the first three
    assert lines[0] == catalog.text(
        "evidence.loss_line", "he", target="churned", base=qv.base, after=qv.after[n - 1], n=n
    )
    assert lines[1].startswith(catalog.text("evidence.most_valuable", "he", questions=""))
    assert "q_inf_0" in lines[1]  # not in the bank: named by its id
    # how the order was chosen: the planted questions pass the selection's gate
    assert qv.chosen_by_test and qv.chosen_by_test >= 1
    assert lines[2] == catalog.text(
        "evidence.order_gate", "he", n=qv.chosen_by_test, target="churned"
    )


def test_when_no_question_adds_value_the_lines_say_so(catalog):
    rng = np.random.default_rng(0)
    n = 400
    customers = pd.DataFrame({"customer_id": range(n), "x": rng.normal(size=n),
                              "churned": rng.integers(0, 2, size=n)})  # fmt: skip
    answers = pd.DataFrame({"customer_id": range(n), "q_noise": rng.integers(0, 3, size=n)})
    qv = question_value(customers, answers, "churned", "customer_id", random_orders=1)
    from zpd_assess.evidence import Evidence

    evidence = Evidence(qv, (), None, ("x",))
    lines = evidence_lines(evidence, "churned", catalog, "en")
    assert qv.chosen_by_test == 0  # noise does not pass the gate
    assert lines[-2] == catalog.text("evidence.nothing_adds", "en", target="churned")
    assert lines[-1] == catalog.text("evidence.order_gate_none", "en", target="churned")
    assert evidence_lines(Evidence(None, (), None, ("x",)), None, catalog, "en") == []


# --- results kept with an engagement --------------------------------------------------------------


@pytest.mark.slow
def test_a_run_is_kept_and_read_back_exactly(small_run):
    customers, _, evidence, _ = small_run
    run = SavedRun(file_digest(b"c"), file_digest(b"a"), "customer_id", "churned", evidence)
    back = run_from_bytes(run_to_bytes(run))
    assert back.matches(file_digest(b"c"), file_digest(b"a"), "customer_id", "churned")
    assert not back.matches(file_digest(b"c"), file_digest(b"a"), "customer_id", None)
    assert back.evidence.inferability == evidence.inferability
    assert all(i.low is not None and i.model for i in back.evidence.inferability)
    qv, kept_qv = evidence.question_value, back.evidence.question_value
    # everything, the held-out curve with its interval and stopping point included
    assert qv.held_out is not None and qv.baseline_gain
    assert kept_qv == qv
    seg, kept = evidence.segmentation, back.evidence.segmentation
    assert np.array_equal(seg.labels, kept.labels) and len(kept.labels) == len(customers)
    assert kept.descriptions == seg.descriptions and kept.sizes == seg.sizes
    pd.testing.assert_frame_equal(
        kept.profile, seg.profile, check_names=False, check_index_type=False
    )


@pytest.mark.slow
def test_a_run_kept_before_intervals_still_reads(catalog, small_run):
    """A run kept before the held-out curve and the inferability intervals were kept: it reads,
    shows no held-out curve, and "don't ask" falls back on the score itself."""
    _, _, evidence, _ = small_run
    document = json.loads(run_to_bytes(SavedRun("0" * 64, "1" * 64, "id", "churned", evidence)))
    del document["question_value"]["held_out"], document["question_value"]["baseline_gain"]
    del document["question_value"]["chosen_by_test"]
    for item in document["inferability"]:
        del item["low"], item["high"], item["model"]
    back = run_from_bytes(json.dumps(document).encode()).evidence
    assert back.question_value.held_out is None and back.question_value.order
    assert back.question_value.chosen_by_test is None  # and its lines do not guess it
    assert not any(
        line.startswith("How the order was chosen")
        for line in evidence_lines(back, "churned", catalog, "en")
    )
    assert all(i.lower_bound == i.score and i.low is None for i in back.inferability)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda h: h["gain"].append(0.1), "lengths do not agree"),
        (lambda h: h.update(stop=999), "lengths do not agree"),
        (lambda h: h.update(folds=1), "question_value.held_out.folds"),
        (lambda h: h.update(low="x"), "question_value.held_out.low"),
    ],
)
def test_a_tampered_held_out_curve_is_refused(small_run, change, where):
    _, _, evidence, _ = small_run
    document = json.loads(run_to_bytes(SavedRun("0" * 64, "1" * 64, "id", "churned", evidence)))
    change(document["question_value"]["held_out"])
    with pytest.raises(EvidenceError, match="cannot be read") as caught:
        run_from_bytes(json.dumps(document).encode())
    assert where in str(caught.value)


def _document(catalog) -> dict:
    customers, _, _ = synthetic_customers(n=200, first_party=3, informative=1, duplicates=0,
                                          noise=1, seed=2)  # fmt: skip
    from zpd_assess.evidence import Evidence

    segments = find_segments(customers, ["fp_00", "fp_01"], k_range=range(2, 4), catalog=catalog)
    run = SavedRun("0" * 64, "1" * 64, "customer_id", None,
                   Evidence(None, (), segments, ("fp_00", "fp_01")))  # fmt: skip
    return json.loads(run_to_bytes(run))


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d.update(extra=1), "extra"),
        (lambda d: d.update(customers="../../etc"), "customers"),
        (lambda d: d["segmentation"].update(labels="not base64!"), "segmentation.labels"),
        (lambda d: d["segmentation"].update(k=1), "segment labels do not fit"),
        (lambda d: d["segmentation"]["profile"].append([1.0, 2.0]), "profile does not fit"),
        (lambda d: d.update(inferability=[{"question_id": "q", "kind": "numeric",
                                           "answered": 3, "score": 7, "metric": "m"}]),
         "inferability.0.score"),
        (lambda d: d.update(id_column="x" * 300), "id_column"),
    ],
)  # fmt: skip
def test_a_tampered_run_is_refused_saying_to_measure_again(catalog, change, where):
    document = _document(catalog)
    assert run_from_bytes(json.dumps(document).encode()).evidence.segmentation.k >= 2
    change(document)
    with pytest.raises(EvidenceError) as caught:
        run_from_bytes(json.dumps(document).encode())
    message = str(caught.value)
    assert message.startswith("The kept evidence results cannot be read") and where in message
    with pytest.raises(EvidenceError, match="cannot be read"):
        run_from_bytes(b"\xff not json")


def test_the_store_keeps_evidence_per_engagement_and_role(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'zpd.sqlite'}")
    one = store.create_engagement("One", {})
    two = store.create_engagement("Two", {})
    store.save_evidence(one, "customers", "c.csv", b"customer_id\n1\n")
    store.save_evidence(one, "customers", "c2.xlsx", b"PK...")  # replaces
    store.save_evidence(one, "answers", "a" * 400, b"customer_id,q\n1,x\n")
    kept = store.evidence_of(one)
    assert sorted(kept) == ["answers", "customers"]
    assert (kept["customers"].name, kept["customers"].data) == ("c2.xlsx", b"PK...")
    assert kept["answers"].name == "a" * 255  # a file name is cut, not refused
    assert store.evidence_of(two) == {}
    store.delete_evidence(one, "answers")
    assert sorted(store.evidence_of(one)) == ["customers"]
    with pytest.raises(StoreError, match="role"):
        store.save_evidence(one, "secrets", "x", b"1")
    with pytest.raises(StoreError, match="the largest kept with an engagement is 25 MB"):
        store.save_evidence(one, "customers", "big.csv", b"0" * (MAX_EVIDENCE_BYTES + 1))
    with pytest.raises(StoreError, match="No engagement"):
        store.save_evidence("missing", "customers", "c.csv", b"1")
    assert store.delete_engagement(one)
    assert store.evidence_of(one) == {}  # deleted with its engagement
    store.engine.dispose()
