"""Answer design in the shipped bank (issue 13): option codes stable across languages, exclusive
and "other (specify)" options, shuffling, skip conditions for follow-ups, the date type, and
scales identical in English and Hebrew; realistic bad rows are refused with a clear message."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from zpd_assess.catalog import (
    INDUSTRIES,
    CatalogError,
    answer_codes,
    default_catalog_dir,
    load_catalog,
)

#: The named scales a scale question's options come from: (English, Hebrew), end points anchored
#: with the same meaning in both languages (bipolar with bipolar, unipolar with unipolar); the
#: Hebrew anchors speak in the plural or impersonally, as the options do (knowledge-base review
#: 15: «מרוצה», «מדאיג אותי» beside a plural stem force a gender when an agent reads them).
SCALES = {
    "satisfaction": (
        "1 – Very dissatisfied|2|3|4|5 – Very satisfied",
        "1 – מאוד לא מרוצים|2|3|4|5 – מאוד מרוצים",
    ),
    "ease": ("1 – Very difficult|2|3|4|5 – Very easy", "1 – קשה מאוד|2|3|4|5 – קל מאוד"),
    "effort": (
        "1 – A great deal of effort|2|3|4|5 – Very little effort",
        "1 – הרבה מאוד מאמץ|2|3|4|5 – מעט מאוד מאמץ",
    ),
    "importance": (
        "1 – Not important at all|2|3|4|5 – Very important",
        "1 – לא חשוב בכלל|2|3|4|5 – חשוב מאוד",
    ),
    "worry": (
        "1 – Not worried at all|2|3|4|5 – Very worried",
        "1 – לא מודאגים בכלל|2|3|4|5 – מודאגים מאוד",
    ),
    "likelihood": (
        "1 – Very unlikely|2|3|4|5 – Very likely",
        "1 – מאוד לא סביר|2|3|4|5 – מאוד סביר",
    ),
    "comfort": (
        "1 – Not comfortable at all|2|3|4|5 – Very comfortable",
        "1 – בכלל לא נוח|2|3|4|5 – נוח מאוד",
    ),
    "confidence": (
        "1 – Not confident at all|2|3|4|5 – Very confident",
        "1 – בכלל לא בטוחים|2|3|4|5 – בטוחים מאוד",
    ),
    "trust": ("1 – Not at all|2|3|4|5 – Completely", "1 – בכלל לא|2|3|4|5 – במידה מלאה"),
    "level": ("1 – Very low|2|3|4|5 – Very high", "1 – נמוכה מאוד|2|3|4|5 – גבוהה מאוד"),
    "rating": ("1 – Very poor|2|3|4|5 – Very good", "1 – גרוע מאוד|2|3|4|5 – טוב מאוד"),
    "recommend": (
        "0 – Not at all likely|1|2|3|4|5|6|7|8|9|10 – Extremely likely",
        "0 – בכלל לא סביר|1|2|3|4|5|6|7|8|9|10 – סביר ביותר",
    ),
}

#: The answers a scale question may give after its scale, for those the scale does not fit.
SCALE_EXITS = frozenset({"prefer_not_to_say", "not_resolved_yet"})

#: A "none / no" answer: whoever gives it has nothing for a follow-up to ask about.
NONE_CODES = re.compile(r"^(no|none|nothing|never|neither)(_|$)")

#: Follow-ups asked whatever the screener's "no"-type answer, and why.
ASKED_OF_EVERYONE = {
    # "which TV or streaming do you pay for?" (none paid: free TV or none) -> what the household
    # watches, which leagues, which packs it would pay for: the cord-cutters are the packs'
    # audience (issue 12 panel round 126; the "no TV" option, a proxy for religious observance,
    # was merged into "no paid service" in knowledge-base round 40)
    "q_telecom_content_genres",
    "q_telecom_sports_followed",
    "q_telecom_tv_addon_packs",
    # "which home internet do you have?" (no internet at home) -> interest in our fibre
    "q_telecom_fibre_interest",
    # "which supplementary plans do you have?" (none) -> does your employer give a group policy
    "q_insurance_employer_group_health",
    # "is your salary account with us?" (no, another bank is main) -> what you hold elsewhere
    "q_banking_products_other_banks",
    # "which card is your phone's default?" (no default) -> a guide to adding our card
    "q_credit_cards_wallet_help",
    # "how would you like to see a doctor next time?" (no preference) -> would you try video
    "q_health_app_help",
    # "which of these looks would you wear?" (none of these) -> which colours, what you never
    # wear: a customer who likes none of the looks still has colours and dislikes, the more
    # worth knowing
    "q_retail_favourite_colours",
    "q_retail_disliked_styles",
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def bank(catalog):
    return catalog.questions


def test_every_option_has_a_code_in_both_languages(bank):
    for qid, q in bank.iterrows():
        codes = q["option_code_list"]
        assert len(codes) == len(q["options_en_list"]) == len(q["options_he_list"]), qid
        assert len(set(codes)) == len(codes), qid
        if q["answer_type"] in ("single_choice", "multi_choice", "scale"):
            assert codes, qid
    coded = bank[bank["option_codes"] != ""]
    assert len(coded) >= 400  # the bank's choice and scale questions


def test_standard_answers_have_the_same_code_everywhere(bank):
    seen: dict[str, set[str]] = {}
    for q in bank.itertuples():
        for option, code in zip(q.options_en_list, q.option_code_list, strict=True):
            seen.setdefault(option, set()).add(code)
    for option in ("Prefer not to say", "None of these", "Not sure"):
        assert len(seen.get(option, {"x"})) == 1, (option, seen.get(option))
    assert seen["Prefer not to say"] == {"prefer_not_to_say"}
    assert seen["None of these"] == {"none"}


def test_multi_choice_none_options_are_exclusive(bank):
    for qid, q in bank[bank["answer_type"] == "multi_choice"].iterrows():
        for option, code in zip(q["options_en_list"], q["option_code_list"], strict=True):
            if code in ("none", "prefer_not_to_say") or re.match(r"None\b|Nothing\b", option):
                assert code in q["exclusive_list"], (qid, code)
    assert set(bank.at["q_telecom_outage_alert_hours", "exclusive_list"]) == {
        "any_time_fine_even",
        "prefer_not_to_say",
    }  # "not at night" and "not on Shabbat" go together


def test_other_specify_and_randomise(bank):
    others = bank[bank["other_specify"] != ""]
    assert len(others) >= 15
    for qid, q in others.iterrows():
        at = q["option_code_list"].index(q["other_specify"])
        assert "specify" in q["options_en_list"][at], qid
        assert "לפרט" in q["options_he_list"][at], qid
    shuffled = bank[bank["randomise"]]
    assert set(shuffled["answer_type"]) <= {"single_choice", "multi_choice"}
    # lists of equals shuffle, their closing options (Other, None, Prefer not to say) kept last
    # in anchored_options (shuffle pass 24, after knowledge-base review 23); scales, bands,
    # frequencies and lists with a natural order do not
    assert 100 <= len(shuffled) < len(bank) / 3
    for qid in ("q_satisfaction_08", "q_purchase_frequency_04", "q_retail_birthday_month"):
        assert not bank.at[qid, "randomise"], qid  # ordered lists keep their order
    for qid, q in shuffled.iterrows():  # a closing last option stays where it is
        last, anchored = q["option_code_list"][-1], q["anchored_options"].split(";")
        closing = NONE_CODES.match(last) or last in ("other", "prefer_not_to_say", "not_sure")
        assert not closing or last in anchored, qid
    assert bank.at["q_consumer_preferences_01", "randomise"]
    # "Another worry" closes the list before "None of these worries me" (bank pass 14)
    assert (
        bank.at["q_insurance_main_worry", "anchored_options"]
        == "another_worry;none;prefer_not_to_say"
    )


def test_scales_come_from_the_named_scales(bank):
    pairs = {pair: name for name, pair in SCALES.items()}
    scales = bank[bank["answer_type"] == "scale"]
    assert len(scales) >= 25
    for qid, q in scales.iterrows():
        # a named scale, then at most one answer outside it for those it does not fit ("prefer
        # not to say"; "it is not resolved yet" after an effort scale on resolving an issue)
        en, he = q["options_en"], q["options_he"]
        if q["option_code_list"][-1] in SCALE_EXITS:
            en, he = en.rsplit("|", 1)[0], he.rsplit("|", 1)[0]
        assert (en, he) in pairs, (qid, en, he)
        points = en.split("|")
        assert q["option_code_list"][: len(points)] == [p.split(" ")[0] for p in points], qid
    # the review's pooled-satisfaction problem: the same scale on every satisfaction question
    for qid in ("q_satisfaction_01", "q_moments_of_truth_04", "q_insurance_claim_experience_score"):
        assert bank.at[qid, "options_he"] == SCALES["satisfaction"][1], qid


def test_follow_ups_of_a_no_or_none_answer_are_skipped_on_it(bank, catalog):
    missing, checked = [], 0
    for qid, q in bank.iterrows():
        screener = q["follows"]
        if not screener:
            assert not q["skip_if"], qid
            continue
        codes = answer_codes(bank.loc[screener])
        none_codes = [c for c in codes if NONE_CODES.match(c)]
        if q["skip_if"]:
            target, _, skipped = q["skip_if"].partition(":")
            assert target == screener, qid
            assert set(skipped.split(";")) <= set(codes), qid
            assert set(skipped.split(";")) != set(codes), qid  # never skipped for everyone
        if none_codes and qid not in ASKED_OF_EVERYONE:
            checked += 1
            if not set(none_codes) & set(q["skip_if_codes"]):
                missing.append((qid, screener, none_codes))
    assert not missing
    assert checked >= 70
    # a trip follow-up is skipped for those with no trip planned, or not sure of one (round 19,
    # as its sibling q_banking_trip_length)
    assert bank.at["q_insurance_trip_destination", "skip_if"] == "q_future_plans_01:no;not_sure"


def test_date_type_and_channels(catalog, bank):
    dates = bank[bank["answer_type"] == "date"]
    assert {"q_health_child_birth_month", "q_retail_child_birth_month_year"} <= set(dates.index)
    channels = catalog.channels
    with_date = {c for c, types in channels["answer_type_list"].items() if "date" in types}
    assert {"ivr_survey", "sms"}.isdisjoint(with_date)  # no screen to pick a date on
    assert {"web_survey", "in_app", "whatsapp", "preference_center"} <= with_date


# --- bad rows are refused ---------------------------------------------------------------------


def _broken(tmp_path: Path, change) -> str:
    """Load a copy of the shipped questions.csv with one change; the catalog's message."""
    src = Path(default_catalog_dir()) / "questions.csv"
    frame = pd.read_csv(src, dtype=str, keep_default_na=False)
    change(frame)
    frame.to_csv(tmp_path / "questions.csv", index=False)
    with pytest.raises(CatalogError) as err:
        load_catalog(tmp_path)
    return str(err.value)


def _set(qid: str, column: str, value: str):
    def change(frame: pd.DataFrame) -> None:
        frame.loc[frame["question_id"] == qid, column] = value

    return change


def _row(qid: str) -> int:
    src = Path(default_catalog_dir()) / "questions.csv"
    ids = pd.read_csv(src, dtype=str, keep_default_na=False)["question_id"].tolist()
    return ids.index(qid) + 2


def test_a_missing_code_is_refused(tmp_path):
    message = _broken(tmp_path, _set("q_identity_contact_01", "option_codes", "first|full"))
    assert (
        f"questions.csv row {_row('q_identity_contact_01')} (q_identity_contact_01), column "
        "option_codes: found 'first|full'; accepted: one code per option, '|'-separated "
        "(4 in options_en, 4 in options_he)"
    ) in message


def test_duplicate_and_malformed_codes_are_refused(tmp_path):
    message = _broken(tmp_path, _set("q_identity_contact_01", "option_codes", "name|name|Title"))
    assert "column option_codes: found 'Title'; accepted: codes of lower-case" in message
    assert "column option_codes: found 'name'; accepted: codes used once" in message


def test_exclusive_and_other_must_name_codes(tmp_path):
    message = _broken(
        tmp_path,
        lambda f: (
            _set("q_life_stage_02", "exclusive_options", "none_of_these")(f),
            _set("q_identity_contact_01", "exclusive_options", "first_name")(f),
            _set("q_tenure_05", "other_specify", "something_else")(f),
        ),
    )
    assert "(q_life_stage_02), column exclusive_options: found 'none_of_these'; accepted: " in (
        message
    )
    assert "only a multi_choice question has options that exclude the others" in message
    assert "(q_tenure_05), column other_specify: found 'something_else'; accepted: one code" in (
        message
    )


def test_skip_if_needs_a_screener_and_its_codes(tmp_path):
    message = _broken(
        tmp_path,
        lambda f: (
            _set("q_insurance_trip_destination", "skip_if", "q_future_plans_01:not_planned")(f),
            _set("q_credit_cards_flight_booked", "skip_if", "q_future_plans_03:none")(f),
            _set("q_identity_contact_01", "skip_if", "q_identity_contact_02:masculine")(f),
            _set("q_banking_trip_length", "skip_if", "no")(f),
        ),
    )
    assert (
        "(q_insurance_trip_destination), column skip_if: found 'not_planned'; accepted: answer "
        "codes of q_future_plans_01 "
        "(yes_this_month_or_next|yes_in_2_3_months|yes_in_4_6_months|no|not_sure)"
    ) in message
    assert (
        "(q_credit_cards_flight_booked), column skip_if: found 'q_future_plans_03:none'; "
        "accepted: the question it follows (q_future_plans_01)"
    ) in message
    assert "(q_identity_contact_01), column skip_if: found 'q_identity_contact_02:masculine'; " \
        "accepted: empty: a skip condition needs a screener in follows" in message  # fmt: skip
    assert "(q_banking_trip_length), column skip_if: found 'no'; accepted: <screener id>:" in (
        message
    )


def test_randomise_on_a_scale_and_a_missing_column_are_refused(tmp_path):
    message = _broken(tmp_path, _set("q_satisfaction_01", "randomise", "true"))
    assert "(q_satisfaction_01), column randomise: found 'true'; accepted: false for a scale" in (
        message
    )
    other = tmp_path / "no_column"
    other.mkdir()
    shutil.copy(Path(default_catalog_dir()) / "questions.csv", other / "questions.csv")
    frame = pd.read_csv(other / "questions.csv", dtype=str, keep_default_na=False)
    frame.drop(columns=["option_codes"]).to_csv(other / "questions.csv", index=False)
    with pytest.raises(CatalogError, match=r"questions.csv: missing column\(s\) option_codes"):
        load_catalog(other)


def test_no_organisation_meets_the_same_question_twice(catalog):
    """Knowledge-base review 24 (method, and the copy editor): two questions with the same stem
    for one industry ("How likely are you to recommend us…?" with call-backs in two and five
    days; "Is the agent named on your policy…?" twice for insurers) ask a customer twice under
    two promises. A question with the same stem is allowed only as a variant for other channels
    (the spoken form of a question, asked by the agent where the written one is asked in forms)."""
    questions = catalog.questions
    industries = [*INDUSTRIES, "generic"]
    seen: dict[tuple[str, str], list[str]] = {}
    for qid, row in questions.iterrows():
        tags = [t for t in str(row["industries"]).split(";") if t]
        for industry in industries if tags == ["all"] else tags:
            seen.setdefault((industry, str(row["text_en"]).strip()), []).append(str(qid))
    twice = []
    for (industry, _), ids in seen.items():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                shared = set(questions.at[a, "channel_list"]) & set(questions.at[b, "channel_list"])
                if shared:
                    twice.append((industry, a, b, sorted(shared)))
    assert not twice, twice
