"""One rule for a question's wording: this language, else the other, never an invented one."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from zpd_assess.wording import question_text


def test_the_language_asked_for_when_it_is_there(catalog):
    row = catalog.questions.iloc[0]
    assert question_text(row, "he") == row["text_he"]
    assert question_text(row, "en") == row["text_en"]


@pytest.mark.parametrize(
    ("row", "lang", "expected"),
    [
        ({"text_en": "How old are you?", "text_he": ""}, "he", "How old are you?"),
        ({"text_en": "", "text_he": "בן כמה אתה?"}, "en", "בן כמה אתה?"),
        ({"text_en": "Age?", "text_he": "   "}, "he", "Age?"),  # spaces are missing text
        ({"text_en": "Age?", "text_he": None}, "he", "Age?"),
        ({"text_en": "Age?", "text_he": math.nan}, "he", "Age?"),
        ({"text_en": "Age?"}, "he", "Age?"),  # a room question written in one language
        ({"text_en": " ", "text_he": ""}, "en", ""),
        ({}, "he", ""),
    ],
)
def test_the_other_language_when_this_one_is_blank(row, lang, expected):
    assert question_text(row, lang) == expected


def test_pandas_rows_and_named_tuples_read_the_same(catalog):
    frame = pd.DataFrame(
        {"text_en": ["Which pets?", ""], "text_he": ["", "אילו חיות?"]}, index=["q1", "q2"]
    )
    by_row = [question_text(r, "he") for _, r in frame.iterrows()]
    by_tuple = [question_text(r, "he") for r in frame.itertuples()]
    assert by_row == by_tuple == ["Which pets?", "אילו חיות?"]


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="'en' or 'he'"):
        question_text({"text_en": "x"}, "fr")
