"""The CLI contract of DESIGN.md: assess, validate, exit codes and the JSON document."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import SAMPLE_ORGS, SAMPLES

from zpd_assess.cli import main


@pytest.mark.parametrize(
    "org",
    # the first sample in the everyday loop, the others with the slow tests
    [SAMPLE_ORGS[0], *(pytest.param(org, marks=pytest.mark.slow) for org in SAMPLE_ORGS[1:])],
)
def test_assess_prints_the_index_and_writes_the_json_contract(tmp_path, capsys, org):
    out = tmp_path / "out.json"
    assert main(["assess", str(SAMPLES / org / "inventory.xlsx"), "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "customer-knowledge index" in printed and "Largest gaps" in printed
    doc = json.loads(out.read_text(encoding="utf-8"))
    for key in ("knowledge_index", "topics", "questions", "channels", "warnings"):
        assert key in doc
    assert 0 <= doc["knowledge_index"] <= 100
    # the JSON keeps two decimals, the printout one: 47.55003 is 47.55 there and 47.6 here
    index = doc["knowledge_index"]
    assert any(f"{index + d:.1f}" in printed for d in (-0.005, 0.0, 0.005))
    assert len(doc["topics"]) == 37
    for topic in doc["topics"]:
        assert {"topic_id", "importance", "knowledge", "gap", "explain"} <= set(topic)
        parts = topic["explain"]["knowledge"]["parts"]
        assert sum(p["adds"] for p in parts) == pytest.approx(topic["knowledge"], abs=1e-5)
    gaps = [t["gap"] for t in doc["topics"]]
    assert gaps == sorted(gaps, reverse=True)
    for channel in doc["channels"]:
        assert {"channel_id", "question_ids", "contacts", "budget_used"} <= set(channel)
        assert sorted(q for c in channel["contacts"] for q in c) == sorted(channel["question_ids"])
        assert len(channel["contact_moments"]) == len(channel["contacts"])
        assert channel["budget_used"]["questions"] == len(channel["question_ids"])
        assert channel["budget_used"]["questions"] <= channel["budget_used"]["max_questions"]
    planned = [q for q in doc["questions"] if q["in_plan"]]
    assert len(planned) >= 8  # a whole plan (the retailer has 9)
    assert [q["rank"] for q in planned] == list(range(1, len(planned) + 1))
    for q in planned:
        assert {"question_id", "text_en", "text_he", "topics", "rank", "value", "channel",
                "explain"} <= set(q)  # fmt: skip
        parts = q["explain"]["parts"]
        total = sum(p["adds"] for p in parts) + q["explain"]["votes"]["adds"]
        assert total == pytest.approx(q["value"], abs=1e-5)
    in_channels = {qid for c in doc["channels"] for qid in c["question_ids"]}
    again = {r["question_id"] for q in planned for r in q["repeats"]}  # a variant asked again
    assert in_channels == {q["question_id"] for q in planned} | again
    months = [p["month"] for p in doc["projection"]]
    assert months == [0, 3, 6, 12]
    assert all({"kind", "message_en", "message_he"} <= set(w) for w in doc["warnings"])


@pytest.mark.slow
def test_assess_in_hebrew_and_with_weights_and_channels(tmp_path, capsys):
    inv = str(SAMPLES / "urban_retail" / "inventory.xlsx")
    out = tmp_path / "he.json"
    assert main(["assess", inv, "--lang", "he", "--weights", "risk_pricing=5",
                 "--channels", "sms,in_app", "--json", str(out)]) == 0  # fmt: skip
    assert "מדד הכרת הלקוח" in capsys.readouterr().out
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [c["channel_id"] for c in doc["channels"]] == ["sms", "in_app"]
    assert doc["weights"]["risk_pricing"] == max(doc["weights"].values())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weights", "retention"], "goal=weight"),
        pytest.param(["--weights", "world_peace=1"], "Unknown goal", marks=pytest.mark.slow),
        (["--channels", "carrier_pigeon"], "unknown channel"),
    ],
)
def test_bad_options_exit_2_with_a_message(capsys, args, message):
    inv = str(SAMPLES / "tavor_bank" / "inventory.xlsx")
    assert main(["assess", inv, *args]) == 2
    assert message in capsys.readouterr().err


def test_validate_exits_0_on_a_sample_and_2_on_the_dirty_file(capsys):
    assert main(["validate", str(SAMPLES / "tavor_bank" / "inventory.xlsx")]) == 0
    assert "valid" in capsys.readouterr().out
    assert main(["validate", str(SAMPLES / "dirty" / "inventory_dirty.xlsx"), "--lang", "he"]) == 2
    out = capsys.readouterr().out
    assert "INVALID" in out and "שורה 6" in out


def test_validate_json_lists_errors_with_row_and_column(capsys):
    assert main(["validate", str(SAMPLES / "dirty" / "inventory_dirty.xlsx"), "--json"]) == 2
    doc = json.loads(capsys.readouterr().out)
    assert doc["valid"] is False
    assert {"row": 6, "column": "party", "kind": "unknown_party"}.items() <= next(
        e for e in doc["errors"] if e["kind"] == "unknown_party"
    ).items()


@pytest.mark.slow
def test_the_installed_console_script_runs_without_a_stack_trace(tmp_path):
    exe = [sys.executable, "-m", "zpd_assess.cli"]
    bad = tmp_path / "random.xlsx"
    bad.write_bytes(b"\x00garbage" * 100)
    proc = subprocess.run([*exe, "validate", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    proc = subprocess.run([*exe, "assess", str(tmp_path / "missing.xlsx")], capture_output=True,
                          text=True)  # fmt: skip
    assert proc.returncode == 2 and "was not found" in proc.stderr


@pytest.mark.slow
def test_export_writes_a_survey_per_channel_and_format(tmp_path, capsys):
    from openpyxl import load_workbook

    from zpd_assess.surveys import survey_questions

    inv = str(SAMPLES / "nofim_health" / "inventory.xlsx")
    out = tmp_path / "surveys"
    args = ["export", inv, "--format", "surveyjs", "--format", "xlsform", "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    channels = sorted(p.stem for p in (out / "surveyjs").glob("*.json"))
    assert channels == sorted(p.stem for p in (out / "xlsform").glob("*.xlsx"))
    assert {"in_app", "sms", "agent_question"} <= set(channels)
    assert printed.count("Wrote ") == 2 * len(channels)
    survey = json.loads((out / "surveyjs" / "sms.json").read_text(encoding="utf-8"))
    # the engagement beside the inventory names the organisation, in both languages
    assert survey["title"] == {"default": "Nofim Health Fund — SMS survey",
                               "he": "קופת חולים נופים — סקר SMS"}  # fmt: skip
    assert [q["name"] for q in survey_questions(survey)] == [
        "q_health_preferred_language_sms", "q_health_visit_language_sms",
        "q_health_reminder_way_voice", "q_health_reminder_hours",
        "q_health_flu_vaccine_way_sms", "q_health_screening_access_sms"]  # fmt: skip
    wb = load_workbook(out / "xlsform" / "sms.xlsx")
    assert wb.sheetnames == ["survey", "choices", "settings"]
    assert wb["settings"]["B2"].value == "nofim_health_fund_sms"


def test_export_refuses_a_file_as_its_folder_and_an_unknown_format(tmp_path, capsys):
    inv = str(SAMPLES / "nofim_health" / "inventory.xlsx")
    taken = tmp_path / "file.txt"
    taken.write_text("x")
    assert main(["export", inv, "--format", "surveyjs", "--out", str(taken)]) == 2
    assert "a file is there; name a folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["export", inv, "--format", "pdf", "--out", str(tmp_path)])
    assert exit_.value.code == 2
    assert "invalid choice: 'pdf'" in capsys.readouterr().err
