"""The review tool that writes reviewers' cell fixes into the bank refuses what would change
what a stored answer means (tools/apply_catalog_fixes.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from apply_catalog_fixes import question_problems

OLD = {
    "options_en": "Another way|I don't have a car|Prefer not to say",
    "options_he": "בדרך אחרת|אין לי רכב|מעדיפים לא לענות",
    "option_codes": "another_way|no_car|prefer_not_to_say",
    "exclusive_options": "",
    "other_specify": "",
    "sensitivity": "low",
    "channels": "in_app;sms",
    "answer_type": "single_choice",
    "skip_if": "",
    "follows": "",
}


def _edited(**cells: str) -> dict[str, str]:
    return {**OLD, **cells}


def test_a_reorder_that_moves_each_code_with_its_option_is_accepted():
    new = _edited(
        options_en="I don't have a car|Another way|Prefer not to say",
        options_he="אין לי רכב|בדרך אחרת|מעדיפים לא לענות",
        option_codes="no_car|another_way|prefer_not_to_say",
    )
    assert question_problems("q", new, OLD, set()) == []


def test_codes_reordered_away_from_their_options_are_refused():
    new = _edited(option_codes="no_car|another_way|prefer_not_to_say")  # the words stayed
    (problem,) = question_problems("q", new, OLD, set())
    assert "codes reordered away from their options" in problem
    assert "no_car" in problem and "another_way" in problem


def test_a_deleted_code_that_a_follow_up_names_is_refused():
    new = _edited(
        options_en="Another way|Prefer not to say",
        options_he="בדרך אחרת|מעדיפים לא לענות",
        option_codes="another_way|prefer_not_to_say",
    )
    assert question_problems("q", new, OLD, {"no_car"}) == [
        "q: deleted code no_car is named by a skip_if"
    ]
    assert question_problems("q", new, OLD, set()) == []


def test_a_reorder_moves_the_other_languages_with_their_codes(tmp_path, monkeypatch):
    """translations.csv holds a question's Arabic and Russian options by position: a reorder
    moves them with their codes, so no option ends up under another's words."""
    import apply_catalog_fixes

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/translations.csv").write_text(
        "question_id,language,text,options\nq,ar,نص,بطريقة أخرى|ليس لدي سيارة|أفضل عدم الإجابة\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(apply_catalog_fixes, "ROOT", tmp_path)
    new = _edited(option_codes="no_car|another_way|prefer_not_to_say")
    apply_catalog_fixes._follow_reorders({"q": new}, {"q": OLD})
    text = (tmp_path / "templates/translations.csv").read_text(encoding="utf-8")
    assert "ليس لدي سيارة|بطريقة أخرى|أفضل عدم الإجابة" in text


def test_an_industry_row_labels_every_answer_of_its_question_or_is_refused():
    from apply_catalog_fixes import offer_problems

    question = {**OLD, "industries": "banking;retail"}
    row = {"channels": "", "options_en": "Another way|No car|Prefer not to say",
           "options_he": "בדרך אחרת|אין רכב|מעדיפים לא לענות"}  # fmt: skip
    assert offer_problems(("q", "banking"), row, None, question) == []
    short = {**row, "options_he": "בדרך אחרת|אין רכב"}
    (problem,) = offer_problems(("q", "banking"), short, None, question)
    assert "3 English and 2 Hebrew labels for 3 answers" in problem
    wider = {**row, "channels": "in_app;whatsapp"}
    (problem,) = offer_problems(("q", "banking"), wider, None, question)
    assert "adds a channel" in problem
