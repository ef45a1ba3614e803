"""Merge fields: values the client's own system puts into a message when it sends it.

Knowledge-base review 31 (the methodologist): a fee question that cannot say which card the
customer holds, a technician's time window with no date, "the item shown here" in an SMS that shows
nothing. The bank writes such a value as a bracketed token of ``templates/merge_fields.csv``
(``[visit date]`` / ``[תאריך הביקור]``); the linter holds every token to the table, the survey
files turn it into each tool's own hidden field, and an SMS is priced with the value, not the token.
"""

from __future__ import annotations

import pytest
from conftest import refusal
from survey_tool_types import formbricks_schema_errors, typeform_logic_errors
from test_surveys import require_pyxform, small_plan

from zpd_assess import merge_fields, survey_formats, surveys
from zpd_assess.catalog import default_catalog_dir
from zpd_assess.lint import lint_catalog, load_glossary
from zpd_assess.planning.pairs import question_channel_pairs, sms_segments

CARD = "[last 4 digits of the card]"
CARD_HE = "[4 הספרות האחרונות של הכרטיס]"
FLIGHT = "q_credit_cards_flight_booked"  # a card question the small plan asks in the app


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def _with(catalog, qid: str, **cells):
    questions = catalog.questions.copy()
    for column, value in cells.items():
        questions.at[qid, column] = value
    return catalog.replace(questions=questions)


def _naming_the_card(catalog):
    """The flight question asked of one card, named by its last digits in both languages."""
    q = catalog.questions.loc[FLIGHT]
    return _with(
        catalog,
        FLIGHT,
        text_en=f"For your card ending {CARD}: {q['text_en']}",
        text_he=f"לגבי הכרטיס שמסתיים ב-{CARD_HE}: {q['text_he']}",
    )


def _findings(catalog, glossary, qid: str):
    found = lint_catalog(catalog, glossary, ["merge_field"])
    return found[found["row_id"].str.split("/").str[0] == qid]


def test_the_shipped_fields_say_who_fills_them_with_an_example(catalog):
    fields = catalog.merge_fields
    assert {"card_last4", "visit_date", "item_name"} <= set(fields.index)
    card = fields.loc["card_last4"]
    assert (card["token_en"], card["token_he"]) == (CARD, CARD_HE)
    assert card["industry_list"] == ["credit_cards", "banking"]
    assert "card system" in card["filled_from_en"] and card["example_en"] == "4821"
    for fid, row in fields.iterrows():
        for lang in ("en", "he"):
            assert merge_fields.TOKEN.fullmatch(row[f"token_{lang}"]), fid
            assert row[f"example_{lang}"] and row[f"filled_from_{lang}"], fid


@pytest.mark.parametrize(
    ("style", "written"),
    [
        ("surveyjs", "Card {card_last4}, visit on {visit_date}."),
        ("xlsform", "Card ${card_last4}, visit on ${visit_date}."),
        ("typeform", "Card {{hidden:card_last4}}, visit on {{hidden:visit_date}}."),
        (
            "formbricks",
            "Card #recall:card_last4/fallback:last4digitsnbspofnbspthenbspcard#".replace(
                "4digits", "nbsp4nbspdigits"
            )
            + ", visit on #recall:visit_date/fallback:visitnbspdate#.",
        ),
        ("example", "Card 4821, visit on Tuesday, 8 December."),
    ],
)
def test_each_tool_writes_the_field_its_own_way(catalog, style, written):
    text = f"Card {CARD}, visit on [visit date]."
    assert merge_fields.fill(catalog, text, "en", style) == written
    assert merge_fields.fields_in(catalog, text, "en") == ("card_last4", "visit_date")


def test_hebrew_tokens_are_the_hebrew_words_and_unknown_ones_are_left_alone(catalog):
    text = f"הכרטיס שמסתיים ב-{CARD_HE} ו-[משהו אחר]"
    assert merge_fields.fill(catalog, text, "he", "surveyjs") == (
        "הכרטיס שמסתיים ב-{card_last4} ו-[משהו אחר]"
    )
    assert merge_fields.fields_in(catalog, text, "he") == ("card_last4",)
    assert merge_fields.unknown_tokens(catalog, text, "he") == ["[משהו אחר]"]
    assert merge_fields.fields_in(catalog, text, "en") == ()  # the English token is another


def test_a_question_naming_the_card_in_both_languages_is_clean(catalog, glossary):
    assert _findings(_naming_the_card(catalog), glossary, FLIGHT).empty


@pytest.mark.parametrize(
    ("cells", "column", "says"),
    [
        (
            {"text_en": f"Card {CARD}: on [travel date], where are you flying?"},
            "text_en",
            "[travel date] is not a merge field",
        ),
        (
            {"text_he": "לאן אתם טסים?"},  # the English names the card, the Hebrew does not
            "text_he",
            "the English names card_last4, the Hebrew no field",
        ),
        ({"industries": "credit_cards;retail"}, "text_en", "filled by the systems of banking"),
    ],
)
def test_a_token_the_sender_cannot_fill_is_a_finding(catalog, glossary, cells, column, says):
    broken = _with(_naming_the_card(catalog), FLIGHT, **cells)
    found = _findings(broken, glossary, FLIGHT)
    assert len(found) == 1, found
    assert found.iloc[0]["column"] == column and says in found.iloc[0]["fix"], found.iloc[0]


def test_the_catalog_refuses_a_field_it_cannot_read(tmp_path):
    shipped = (default_catalog_dir() / "merge_fields.csv").read_text(encoding="utf-8")
    text = shipped.replace(f",{CARD_HE},", ",4 הספרות האחרונות,", 1)  # no brackets
    text = text.replace(',"Tuesday, 8 December",', ",,", 1)  # the visit date's example
    assert text.count("\n") == shipped.count("\n") and text != shipped
    problems = refusal(tmp_path, "merge_fields.csv", text)
    assert "merge_fields.csv row 2 (card_last4), column token_he" in problems
    assert "accepted: words in square brackets" in problems
    assert "merge_fields.csv row 3 (visit_date): write filled_from_en" in problems


def test_every_survey_file_declares_the_field_and_fills_it_in(catalog, tmp_path):
    named = _naming_the_card(catalog)
    plan = small_plan(named)
    # SurveyJS: {card_last4}, set by the sender with survey.setVariable
    sjs = {e["name"]: e for e in surveys.surveyjs_survey(plan, named, "in_app")["pages"][0]
           ["elements"]}  # fmt: skip
    assert sjs[FLIGHT]["title"]["default"].startswith("For your card ending {card_last4}: ")
    assert sjs[FLIGHT]["title"]["he"].startswith("לגבי הכרטיס שמסתיים ב-{card_last4}: ")
    # XLSForm: a hidden field first, its value shown where the token was (pyxform converts it)
    rows = surveys.xlsform_rows(plan, named, "in_app")["survey"]
    assert rows[0] == {"type": "hidden", "name": "card_last4"}
    (flight,) = [r for r in rows if r["name"] == FLIGHT]
    assert "${card_last4}" in flight["label::English (en)"], flight
    convert = require_pyxform()
    xform = convert(surveys.xlsform(plan, named, "in_app"), warnings=[], file_type=".xlsx").xform
    assert '<output value=" /data/card_last4 "/>' in xform
    # Typeform: {{hidden:card_last4}} and the form's hidden fields
    form = survey_formats.typeform_form(plan, named, "in_app", "he")
    assert form["hidden"] == ["card_last4"]
    (field,) = [f for f in form["fields"] if f["ref"] == FLIGHT]
    assert "{{hidden:card_last4}}" in field["title"]
    assert typeform_logic_errors(form) == []
    # Formbricks: recall of a hidden field, with the token's words as its fallback
    survey = survey_formats.formbricks_survey(plan, named, "in_app")
    assert survey["hiddenFields"] == {"enabled": True, "fieldIds": ["card_last4"]}
    (q,) = [x for x in survey["questions"] if x["id"] == FLIGHT]
    assert "#recall:card_last4/fallback:last" in q["headline"]["default"]
    assert "#recall:card_last4/fallback:4nbsp" in q["headline"]["he"]
    assert formbricks_schema_errors(survey) == []
    # a survey without a merge field declares none
    plain = survey_formats.formbricks_survey(small_plan(catalog), catalog, "in_app")
    assert plain["hiddenFields"] == {"enabled": False, "fieldIds": []}
    assert (
        survey_formats.typeform_form(small_plan(catalog), catalog, "in_app", "en")["hidden"] == []
    )
    assert all(r["type"] != "hidden" for r in surveys.xlsform_rows(
        small_plan(catalog), catalog, "in_app")["survey"])  # fmt: skip


def test_an_sms_is_priced_with_the_value_not_the_token(catalog):
    """A Hebrew SMS that fills its last segment exactly with the token takes one more with the
    date the sender puts in: it is priced with the date, like the same text written out."""
    qid = "q_telecom_technician_slot_sms"
    sizes = catalog.assumptions.group("sms")
    part = int(sizes["ucs2_part_chars"])
    options = catalog.questions.at[qid, "options_he_list"]
    tail = "".join(f"\n{n}. {o}" for n, o in enumerate(options, start=1))
    token = catalog.merge_fields.at["visit_date", "token_he"]
    example = catalog.merge_fields.at["visit_date", "example_he"]
    assert len(example) > len(token)  # the case this test is about
    k = (len(tail) + len(token) + 2) // part + 2
    pad = "א" * (k * part - len(tail) - 1 - len(token))

    def money(text_he: str) -> float:
        variant = catalog.replace(questions=_with(catalog, qid, text_he=text_he).questions)
        pairs = question_channel_pairs(variant.questions.loc[[qid]], variant, ["sms"])
        (sms,) = pairs.loc[pairs["channel_id"] == "sms", "money_ils"]
        return float(sms)

    assert sms_segments(f"{pad} {token}{tail}", sizes) == k  # the token's length
    assert sms_segments(f"{pad} {example}{tail}", sizes) == k + 1  # the message's
    with_token, written_out = money(f"{pad} {token}"), money(f"{pad} {example}")
    same_length = money(f"{pad} {'ב' * len(token)}")
    assert with_token == pytest.approx(written_out)
    assert with_token - same_length == pytest.approx(sizes["ils_per_segment"])
