"""Answer codes renamed in one migration (issue 13, knowledge-base review 21: ``1_3_months`` for
"In 2–3 months", ``possibly`` for "Probably yes"): the bank names each code by its option, and
the record of renames reads an old code as its new one (tools/rename_option_codes.py)."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zpd_assess.catalog import default_catalog_dir, load_catalog

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from rename_option_codes import plan_renames  # noqa: E402


def _rows(name: str) -> list[dict[str, str]]:
    with (default_catalog_dir() / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


#: Questions whose options were replaced by new ones after a rename (no code of the old list
#: carries on, so an answer recorded under it reads as no current answer), and why.
REDESIGNED = {
    "q_telecom_child_first_phone_age": "bank pass 24: the bank's planned-purchase bands, so the "
    "reminder its offer promises can be timed",
}


def test_every_recorded_rename_is_in_the_bank_and_its_old_name_is_gone(catalog):
    renames = _rows("option_code_renames.csv")
    assert len(renames) >= 100
    for row in renames:
        codes = catalog.questions.at[row["question_id"], "option_code_list"]
        if row["question_id"] in REDESIGNED:  # its options were replaced after the rename
            assert row["old_code"] not in codes, row
            continue
        assert row["old_code"] not in codes, row
        if row["new_code"] not in codes:  # renamed again later (round 26: merged with another)
            later = [r for r in renames
                     if (r["question_id"], r["old_code"]) == (row["question_id"], row["new_code"])
                     and r["renamed_on"] >= row["renamed_on"]]  # fmt: skip
            assert later, row
        assert catalog.current_option_code(row["question_id"], row["old_code"]) in codes, row
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["renamed_on"]) and row["reason"], row
    assert catalog.current_option_code("q_growth_potential_01", "possibly") == "probably_yes"
    assert catalog.current_option_code("q_growth_potential_01", "yes") == "yes"


#: a band code's numbers are its label's (thousands separators and a time's colon dropped)
_NUMBER = re.compile(r"\d+")


@pytest.mark.parametrize(
    ("qid", "code", "label"),
    [
        ("q_future_plans_09", "in_2_3_months", "In 2–3 months"),
        ("q_spend_value_02", "1500_2999", "₪1,500 to under ₪3,000"),
        ("q_health_reminder_hours", "0800_0959", "8:00–9:59"),
        ("q_telecom_home_isp", "80_to_under_120", "₪80 to under ₪120"),
        ("q_growth_potential_01", "probably_yes", "Probably yes"),
        ("q_growth_potential_01", "definitely_not", "Definitely not"),
    ],
)
def test_a_renamed_code_names_its_own_option(catalog, qid, code, label):
    q = catalog.questions.loc[qid]
    assert dict(zip(q["option_code_list"], q["options_en_list"], strict=True))[code] == label


def test_renames_refuse_an_unknown_code_a_clash_or_a_bad_name():
    questions = [{"question_id": "q", "option_codes": "a|b|c"}]
    ok, refused = plan_renames(
        questions, [{"question_id": "q", "old_code": "a", "new_code": "in_2_3_months"}]
    )
    assert ok == {"q": {"a": "in_2_3_months"}} and refused == []
    _, refused = plan_renames(
        questions,
        [
            {"question_id": "q", "old_code": "x", "new_code": "y"},
            {"question_id": "q", "old_code": "a", "new_code": "b"},
            {"question_id": "q", "old_code": "c", "new_code": "Not-Snake"},
        ],
    )
    assert any("x is not a code" in r for r in refused)
    assert any("two options share a code" in r for r in refused)
    assert any("snake_case" in r for r in refused)


def test_the_tool_renames_every_place_a_code_is_named_and_records_it(tmp_path):
    """A copy of the bank: a screener's code renamed reaches its follow-ups' skip_if, its
    exclusive options, its contact requests, its spoken forms and its IVR keys, and loads."""
    root = tmp_path / "repo"
    shutil.copytree(default_catalog_dir(), root / "templates",
                    ignore=shutil.ignore_patterns("*.xlsx"))  # fmt: skip
    renames = tmp_path / "renames.csv"
    renames.write_text(
        "question_id,old_code,new_code,reason\n"
        "q_banking_home_purchase_plan,neither_next_2_years,neither_in_next_2_years,test\n"
        "q_health_reminder_hours,0800_0959,from_0800_to_0959,test\n"
        "q_telecom_household_lines_voice,none,no_lines_elsewhere,test\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools/rename_option_codes.py"), str(renames),
         "--root", str(root)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 codes renamed in 3 questions" in done.stdout
    text = (root / "templates/questions.csv").read_text(encoding="utf-8")
    assert "neither_next_2_years" not in text
    assert text.count("q_banking_home_purchase_plan:") == text.count("neither_in_next_2_years;")
    spoken = (root / "templates/script_spoken.csv").read_text(encoding="utf-8")
    assert "from_0800_to_0959" in spoken and ",0800_0959," not in spoken
    keys = (root / "templates/script_keys.csv").read_text(encoding="utf-8")
    assert "q_telecom_household_lines_voice,no_lines_elsewhere,0" in keys  # its IVR key
    renamed = load_catalog(root / "templates")
    assert renamed.current_option_code("q_health_reminder_hours", "8_00_10_00") == (
        "from_0800_to_0959"
    )  # renamed twice: the first name reads as the last
    assert renamed.current_option_code("q_banking_home_purchase_plan", "neither_next_3_years") == (
        "neither_in_next_2_years"
    )
