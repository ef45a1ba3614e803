"""`make bench` judges its own aims: no timings here, only the judging of given numbers."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "bench_aims", Path(__file__).resolve().parent.parent / "benchmarks" / "aims.py"
)
_aims = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_aims)
aim, judge, report = _aims.aim, _aims.judge, _aims.report


def _entries(workbook_ratio: float, top1: float) -> list[dict]:
    return [
        {"name": "baseline_openpyxl_write_only[10 cells]", "median_s": 0.5, "runs": 5,
         "ratio": 1.0, "ratio_to": "baseline_openpyxl_write_only"},
        {"name": "workbook_large[1000 questions, he]", "median_s": 0.5 * workbook_ratio,
         "runs": 5, "ratio": workbook_ratio, "ratio_to": "baseline_openpyxl_write_only",
         "aims": [aim("ratio", "<=", 3, "issue 20")]},
        {"name": "recompute_large", "median_s": 0.3, "runs": 5, "ratio": 3.2, "ratio_to": "x",
         "aims": [aim("ratio", "<=", 5, "issue 20"), aim("median_s", "<", 2, "issue 3")]},
        {"name": "mapping_top1[holdout]", "value": top1, "n": 100,
         "aims": [aim("value", ">=", 0.90, "issue 2")]},
        {"name": "mapper_build", "median_s": 0.1, "runs": 3, "ratio": None, "ratio_to": None},
    ]  # fmt: skip


def test_every_aim_holding_means_nothing_missed_and_says_so(capsys):
    entries = _entries(workbook_ratio=3.0, top1=0.90)  # both exactly at their limit
    assert judge(entries) == []
    assert [e.get("holds") for e in entries] == [None, True, True, True, None]
    report(entries, [])
    out = capsys.readouterr().out
    assert "ratio <= 3x (issue 20) -> yes" in out
    assert "median_s < 2 s (issue 3) -> yes" in out
    assert "all 4 aims hold" in out
    assert "baseline" in out.splitlines()[1]
    assert "no aim named" in out.splitlines()[5]


def test_a_missed_ratio_or_accuracy_names_the_entry(capsys):
    entries = _entries(workbook_ratio=11.4, top1=0.89)
    assert judge(entries) == ["workbook_large[1000 questions, he]", "mapping_top1[holdout]"]
    assert entries[1]["aims"][0]["holds"] is False
    assert entries[2]["holds"] is True
    report(entries, judge(entries))
    out = capsys.readouterr().out
    assert "11.4x" in out and "ratio <= 3x (issue 20) -> MISSED" in out
    assert "value >= 0.9000 (issue 2) -> MISSED" in out
    assert out.splitlines()[-1].startswith("MISSED: 2 of 3 entries with aims (4 aims)")


def test_one_missed_aim_of_two_misses_the_entry():
    entries = _entries(workbook_ratio=1.0, top1=1.0)
    entries[2]["median_s"] = 2.0  # the absolute aim is strict: 2 s is not under 2 s
    assert judge(entries) == ["recompute_large"]
    assert [a["holds"] for a in entries[2]["aims"]] == [True, False]


def test_an_unknown_operator_is_refused():
    with pytest.raises(ValueError, match="use one of <, <=, >="):
        aim("ratio", "=<", 3, "issue 20")
