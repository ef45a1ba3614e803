"""A list of equals shuffles while its closing options stay last (knowledge-base review 23: long
nominal lists shown in a fixed order, because "None", "Other (please specify)" and "Prefer not to
say" would have been shuffled with them).

The bank names the closing options in ``anchored_options``; the catalog refuses an anchor that is
not the end of the list; the linter finds a shuffled list whose closing options would move; each
survey format shuffles only where it can keep them last (Formbricks: all but the last; SurveyJS,
ODK and Typeform: every choice or none, so such a list stays in order there); the workbook and the
channel scripts tell the operator which options stay last.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from test_surveys import small_plan

from zpd_assess import scripts, survey_formats, surveys
from zpd_assess.catalog import CatalogError, default_catalog_dir, load_catalog
from zpd_assess.lint import lint_catalog
from zpd_assess.planning.model import Plan
from zpd_assess.workbook import answers_text

WORRY = "q_insurance_main_worry"  # nine worries, then another, none and prefer_not_to_say
CLOSING = ["another_worry", "none", "prefer_not_to_say"]


def _questions(tmp_path: Path, **cells: dict[str, str]) -> Path:
    """A copy of the shipped questions.csv with some cells changed ({qid: {column: value}})."""
    frame = pd.read_csv(Path(default_catalog_dir()) / "questions.csv", dtype=str,
                        keep_default_na=False)  # fmt: skip
    for qid, changes in cells.items():
        for column, value in changes.items():
            frame.loc[frame["question_id"] == qid, column] = value
    frame.to_csv(tmp_path / "questions.csv", index=False)
    return tmp_path


def _refusal(tmp_path: Path, **cells: dict[str, str]) -> str:
    with pytest.raises(CatalogError) as err:
        load_catalog(_questions(tmp_path, **cells))
    return str(err.value)


def test_the_worry_list_ends_with_its_closing_options(catalog):
    codes = catalog.questions.at[WORRY, "option_code_list"]
    assert codes[-3:] == CLOSING and len(codes) == 12


def test_an_anchor_needs_a_list_that_shuffles(tmp_path):
    message = _refusal(tmp_path, **{WORRY: {"randomise": "false",
                                            "anchored_options": "prefer_not_to_say"}})  # fmt: skip
    assert (
        f"({WORRY}), column anchored_options: found 'prefer_not_to_say'; accepted: empty: "
        "options stay in place only in a list that shuffles (randomise true)"
    ) in message


def _worry_code(index: int) -> str:
    return load_catalog().questions.at[WORRY, "option_code_list"][index]


def test_an_anchor_in_the_middle_names_the_codes_that_close_the_list(tmp_path):
    car = _worry_code(4)
    anchored = f"{car};prefer_not_to_say"
    message = _refusal(tmp_path, **{WORRY: {"randomise": "true", "anchored_options": anchored}})
    assert (
        f"({WORRY}), column anchored_options: found '{car};prefer_not_to_say'; accepted: the "
        "last 2 code(s) of option_codes (none;prefer_not_to_say)"
    ) in message


def test_the_closing_block_in_any_order_loads_and_the_linter_is_satisfied(tmp_path):
    folder = _questions(
        tmp_path,
        **{
            WORRY: {"randomise": "true", "anchored_options": "prefer_not_to_say;none;another_worry"}
        },
    )
    catalog = load_catalog(folder)
    assert catalog.questions.at[WORRY, "anchored_list"] == [
        "prefer_not_to_say",
        "none",
        "another_worry",
    ]
    found = lint_catalog(catalog, rules=["shuffle_moves_closing"])
    assert WORRY not in set(found["row_id"])


def test_the_linter_finds_closing_options_a_shuffle_would_move(tmp_path):
    folder = _questions(tmp_path, **{WORRY: {"randomise": "true", "anchored_options": ""}})
    found = lint_catalog(load_catalog(folder), rules=["shuffle_moves_closing"])
    row = found[found["row_id"] == WORRY]
    assert len(row) == 1
    assert row.iloc[0]["excerpt"] == "another_worry;none;prefer_not_to_say"
    assert "anchored_options = another_worry;none;prefer_not_to_say" in row.iloc[0]["fix"]
    # only the trailing block counts: anchoring the last but not "None of these" is still a move
    folder = _questions(tmp_path, **{WORRY: {"randomise": "true",
                                             "anchored_options": "prefer_not_to_say"}})  # fmt: skip
    found = lint_catalog(load_catalog(folder), rules=["shuffle_moves_closing"])
    assert found.loc[found["row_id"] == WORRY, "excerpt"].tolist() == ["another_worry;none"]


def _plan_with_worry(catalog, anchored: list[str]) -> Plan:
    plan = small_plan(catalog, {"in_app": ["q_service_preferences_02", WORRY]})
    questions = plan.questions.copy()
    questions["anchored_options"] = [[] for _ in range(len(questions))]
    questions.at[WORRY, "randomise"] = True
    questions.at[WORRY, "anchored_options"] = anchored
    return replace(plan, questions=questions)


def _shuffle_of_each_format(catalog, plan: Plan) -> dict[str, object]:
    sjs = {e["name"]: e for page in surveys.surveyjs_survey(plan, catalog, "in_app")["pages"]
           for e in page["elements"]}  # fmt: skip
    xls = {r["name"]: r for r in surveys.xlsform_rows(plan, catalog, "in_app")["survey"]}
    formbricks = survey_formats.formbricks_survey(plan, catalog, "in_app")
    fb = {q["id"]: q for q in formbricks["questions"]}
    typeform = survey_formats.typeform_form(plan, catalog, "in_app", "en")
    tf = {f["ref"]: f for f in typeform["fields"]}
    return {
        "surveyjs": sjs[WORRY].get("choicesOrder", "none"),
        "xlsform": xls[WORRY].get("parameters", ""),
        "formbricks": fb[WORRY]["shuffleOption"],
        "typeform": tf[WORRY]["properties"]["randomize"],
    }


@pytest.mark.parametrize(
    ("anchored", "expected"),
    [
        ([], {"surveyjs": "random", "xlsform": "randomize=true", "formbricks": "all",
              "typeform": True}),
        (["prefer_not_to_say"], {"surveyjs": "none", "xlsform": "", "formbricks": "exceptLast",
                                 "typeform": False}),
        (CLOSING, {"surveyjs": "none", "xlsform": "", "formbricks": "none", "typeform": False}),
    ],
)  # fmt: skip
def test_each_format_shuffles_only_where_it_keeps_the_closing_options_last(
    catalog, anchored, expected
):
    assert _shuffle_of_each_format(catalog, _plan_with_worry(catalog, anchored)) == expected


def test_the_workbook_says_which_options_stay_last(catalog):
    row = _plan_with_worry(catalog, CLOSING).questions.loc[WORRY].to_dict()
    expected = {
        "en": "Options shown in random order; these stay last: Another worry; "
        "None of these worries me; Prefer not to say",
        "he": "האפשרויות מוצגות בסדר אקראי; אלה נשארות בסוף: דאגה אחרת; "
        "אף אחד מאלה לא מדאיג אותי; מעדיפים לא לענות",
    }
    for lang, line in expected.items():
        text = answers_text(row, lang, lambda key, lang=lang, **kw: catalog.text(key, lang, **kw))
        assert text.splitlines()[-1] == line
    row["anchored_options"] = []
    text = answers_text(row, "en", lambda key, **kw: catalog.text(key, "en", **kw))
    assert text.splitlines()[-1] == "Options shown in random order"


def test_an_agent_rotates_all_but_the_closing_options_and_the_json_names_them(catalog):
    plan = _plan_with_worry(catalog, CLOSING)
    questions = plan.questions.copy()
    questions["channel"] = "agent_question"
    channels = plan.channels.copy()
    channels.index = channels["channel_id"] = ["agent_question"]
    plan = replace(plan, questions=questions, channels=channels)
    closings = {
        "en": '("Another worry"; "None of these worries me"; "Prefer not to say")',
        "he": "(«דאגה אחרת»; «אף אחד מאלה לא מדאיג אותי»; «מעדיפים לא לענות»)",
    }
    for lang, closing in closings.items():
        script = scripts.channel_script(plan, catalog, "agent_question", lang)
        step = next(s for s in script.steps if s.question_id == WORRY and s.kind == "question")
        note = next(n for n in step.notes if "randomis" in n or "לערבב" in n)
        assert closing in note, note
        assert step.anchored == tuple(CLOSING)
    document = scripts.script_json(script, catalog)
    worry = next(
        s for s in document["steps"] if s["question_id"] == WORRY and s["kind"] == "question"
    )
    assert worry["randomise"] is True and worry["anchored"] == CLOSING
