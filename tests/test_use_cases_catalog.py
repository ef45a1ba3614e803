"""The use-case catalog (templates/use_cases.csv) keeps its contract (templates/use_cases.md).

Fast checks on the real file: ids, references into the other catalogs, ranges, both languages,
gender-neutral Hebrew without slash forms, purposes as notices, and special-category care.
"""

from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pandas as pd
import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"

# DESIGN.md's industries (the public contract) plus the fallback set for an unknown industry.
INDUSTRIES = {"retail", "insurance", "banking", "credit_cards", "telecom", "health", "generic"}
MIN_PER_INDUSTRY = {i: 12 for i in INDUSTRIES} | {"generic": 8}
CONSENT_BASES = {"explicit_consent", "contract", "legitimate_interest", "legal_obligation"}
VALUE_BASES = {"relative", "money_per_customer_year"}
COLUMNS = [
    "use_case_id", "industries", "label_en", "label_he", "goals", "needs", "answers",
    "action_en", "action_he", "where_en", "where_he", "channels_fit", "channels_avoid",
    "lawful_basis", "value_basis", "value", "value_source", "value_note", "evidence_sources",
    "purpose_en", "purpose_he", "special_category", "restrictions_en", "restrictions_he",
    "default_on",
]  # fmt: skip
BILINGUAL = ["label", "action", "where", "purpose"]
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
HEBREW_LETTER = re.compile(r"[\u05d0-\u05ea]")
SLASH_FORM = re.compile(r"/\s*[\u05d0-\u05ea]")  # בוחר/ת, לך/לכן, חברים/ות ...
SINGULAR_YOU = re.compile(
    r"(?<![\u05d0-\u05ea])(לך|שלך|אותך|אליך|עליך|בשבילך|איתך|ממך|אתה)(?![\u05d0-\u05ea])"
)
LATIN_WORD = re.compile(r"[A-Za-z]+")
LATIN_ALLOWED = {"SMS", "QR", "Code", "IP", "IVR", "McKinsey", "Omnisend"}
CONSENT_EN = re.compile(r"\b(consent|choose|choice|optional)", re.IGNORECASE)
CONSENT_HE = re.compile(r"הסכמ|בחיר|בחר|רשות")


def _pairs(cell: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for part in cell.split(";"):
        key, _, num = part.partition(":")
        assert key not in out, f"{key} listed twice in {cell!r}"
        out[key] = float(num)
    return out


def _zip(*columns: pd.Series) -> zip:
    return zip(*columns, strict=True)


def _ids(cell: str) -> list[str]:
    return [p for p in cell.split(";") if p]


@pytest.fixture(scope="module")
def uc() -> pd.DataFrame:
    return pd.read_csv(TEMPLATES / "use_cases.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def ids() -> dict[str, set[str]]:
    def col(name: str, column: str) -> set[str]:
        return set(pd.read_csv(TEMPLATES / name, dtype=str, keep_default_na=False)[column])

    topics = pd.read_csv(TEMPLATES / "topics.csv", dtype=str, keep_default_na=False)
    return {
        "topics": set(topics["topic_id"]),
        "special_topics": set(topics.loc[topics["special_category"] == "true", "topic_id"]),
        "goals": col("goals.csv", "goal_id"),
        "channels": col("channels.csv", "channel_id"),
        "sources": col("sources.csv", "source_id"),
    }


def test_columns_and_no_blank_required_cells(uc):
    assert list(uc.columns) == COLUMNS
    optional = {"channels_avoid", "evidence_sources", "restrictions_en", "restrictions_he"}
    for column in set(COLUMNS) - optional:
        blank = uc.loc[uc[column].str.strip() == "", "use_case_id"].tolist()
        assert not blank, f"{column} is blank in {blank}"


def test_ids_unique_snake_case_and_prefixed_by_an_own_industry(uc):
    assert uc["use_case_id"].is_unique, uc.loc[uc["use_case_id"].duplicated(), "use_case_id"]
    for uid, inds in _zip(uc["use_case_id"], uc["industries"]):
        assert SNAKE.match(uid), uid
        assert any(uid.startswith(f"{i}_") for i in _ids(inds)), f"{uid} not prefixed by {inds}"


def test_industries_known_and_each_has_enough_use_cases(uc):
    counts = {i: 0 for i in INDUSTRIES}
    for uid, inds in _zip(uc["use_case_id"], uc["industries"]):
        listed = _ids(inds)
        assert listed and set(listed) <= INDUSTRIES, f"{uid}: unknown industry in {inds!r}"
        assert len(set(listed)) == len(listed), uid
        if "generic" in listed:
            assert listed == ["generic"], f"{uid}: generic use cases stand alone"
        for i in listed:
            counts[i] += 1
    short = {i: n for i, n in counts.items() if n < MIN_PER_INDUSTRY[i]}
    assert not short, f"too few use cases: {short}"


def test_goals_exist_and_strengths_in_unit_interval(uc, ids):
    for uid, cell in _zip(uc["use_case_id"], uc["goals"]):
        goals = _pairs(cell)
        assert set(goals) <= ids["goals"], f"{uid}: unknown goal {set(goals) - ids['goals']}"
        assert all(0 < s <= 1 for s in goals.values()), f"{uid}: strengths {goals}"


def test_needs_topics_exist_with_weights_in_unit_interval(uc, ids):
    for uid, cell in _zip(uc["use_case_id"], uc["needs"]):
        needs = _pairs(cell)
        assert set(needs) <= ids["topics"], f"{uid}: unknown topic {set(needs) - ids['topics']}"
        assert all(0 < w <= 1 for w in needs.values()), f"{uid}: weights {needs}"
        assert max(needs.values()) >= 0.5, f"{uid}: no topic is a main need ({needs})"


def test_answers_are_snake_case_keys(uc):
    for uid, cell in _zip(uc["use_case_id"], uc["answers"]):
        keys = _ids(cell)
        assert keys and all(SNAKE.match(k) for k in keys), f"{uid}: {cell!r}"
        assert len(set(keys)) == len(keys), uid


def test_channels_exist_and_fit_never_overlaps_avoid(uc, ids):
    for uid, fit, avoid in _zip(uc["use_case_id"], uc["channels_fit"], uc["channels_avoid"]):
        fit_ids, avoid_ids = set(_ids(fit)), set(_ids(avoid))
        assert fit_ids, uid
        unknown = (fit_ids | avoid_ids) - ids["channels"]
        assert not unknown, f"{uid}: unknown channel {unknown}"
        assert not fit_ids & avoid_ids, f"{uid}: both fits and avoids {fit_ids & avoid_ids}"


def test_lawful_basis_values_and_sources(uc, ids):
    assert set(uc["lawful_basis"]) <= CONSENT_BASES
    assert set(uc["value_basis"]) <= VALUE_BASES
    values = pd.to_numeric(uc["value"], errors="raise")
    assert (values > 0).all(), uc.loc[values <= 0, "use_case_id"].tolist()
    relative = uc["value_basis"] == "relative"
    assert values[relative].between(1, 10).all()
    assert set(uc["value_source"]) <= ids["sources"], set(uc["value_source"]) - ids["sources"]
    for uid, src, note in _zip(uc["use_case_id"], uc["value_source"], uc["value_note"]):
        if src == "assumption":
            assert note.startswith("Assumption:"), f"{uid}: an assumed value must say so"
    for uid, cell in _zip(uc["use_case_id"], uc["evidence_sources"]):
        assert set(_ids(cell)) <= ids["sources"], f"{uid}: unknown source in {cell!r}"


def test_relative_values_top_out_at_ten_for_each_named_industry(uc):
    values = pd.to_numeric(uc["value"])
    for industry in INDUSTRIES - {"generic"}:
        mine = values[uc["industries"].map(lambda c, i=industry: i in _ids(c))]
        assert mine.max() == 10, f"{industry}: its most valuable use case should score 10"


def test_both_languages_filled_and_hebrew_is_hebrew(uc):
    for field in BILINGUAL:
        for uid, en, he in _zip(uc["use_case_id"], uc[f"{field}_en"], uc[f"{field}_he"]):
            assert en.strip() and he.strip(), f"{uid}: {field} missing a language"
            assert not HEBREW_LETTER.search(en), f"{uid}: Hebrew in {field}_en"
            assert HEBREW_LETTER.search(he), f"{uid}: {field}_he is not Hebrew"
    for uid, en, he in _zip(uc["use_case_id"], uc["restrictions_en"], uc["restrictions_he"]):
        assert bool(en.strip()) == bool(he.strip()), f"{uid}: restrictions in one language only"


def test_hebrew_is_gender_neutral_without_slash_forms_or_english_leftovers(uc):
    for column in [c for c in COLUMNS if c.endswith("_he")]:
        for uid, text in _zip(uc["use_case_id"], uc[column]):
            assert not SLASH_FORM.search(text), f"{uid}: slash form in {column}: {text}"
            assert not SINGULAR_YOU.search(text), f"{uid}: singular 'you' in {column}: {text}"
            leftovers = set(LATIN_WORD.findall(text)) - LATIN_ALLOWED
            assert not leftovers, f"{uid}: English left in {column}: {leftovers}"
            assert "WhatsApp" not in text and "ווטסאפ" not in text.replace("וואטסאפ", "")


def test_purposes_are_first_person_notices_ending_with_a_period(uc):
    for uid, en, he in _zip(uc["use_case_id"], uc["purpose_en"], uc["purpose_he"]):
        assert en.endswith(".") and he.endswith("."), f"{uid}: purpose must end with a period"
        assert re.search(r"\bwe ask\b", en, re.IGNORECASE), f"{uid}: purpose_en is not 'we ask'"
        assert "אנחנו שואלים" in he, f"{uid}: purpose_he is not 'אנחנו שואלים'"


def test_special_category_flag_and_care(uc, ids):
    for row in uc.itertuples():
        special = row.special_category == "true"
        assert row.special_category in {"true", "false"} and row.default_on in {"true", "false"}
        needs_special = set(_pairs(row.needs)) & ids["special_topics"]
        assert not needs_special or special, f"{row.use_case_id} needs {needs_special}"
        if special:
            assert CONSENT_EN.search(row.purpose_en), f"{row.use_case_id}: no consent/choice"
            assert CONSENT_HE.search(row.purpose_he), f"{row.use_case_id}: no הסכמה/בחירה"
            assert row.restrictions_en, f"{row.use_case_id}: say what the answer is never for"
            assert not {"web_popup", "gamification"} & set(_ids(row.channels_fit)), row.use_case_id
        if "health" in _ids(row.industries):
            assert "price" in row.restrictions_en and "תמחור" in row.restrictions_he, (
                f"{row.use_case_id}: health answers must say they are never used to price"
            )


def test_no_two_use_cases_share_needs_or_action(uc):
    needs = [(uid, _pairs(cell)) for uid, cell in _zip(uc["use_case_id"], uc["needs"])]
    same = [(a, b) for (a, na), (b, nb) in combinations(needs, 2) if na == nb]
    assert not same, f"same knowledge needed by {same}"
    assert uc["action_en"].is_unique and uc["purpose_en"].is_unique


def test_every_industry_has_use_cases_on_by_default(uc):
    on = uc[uc["default_on"] == "true"]
    for industry in INDUSTRIES:
        n = on["industries"].map(lambda c, i=industry: i in _ids(c)).sum()
        assert n >= 8, f"{industry}: only {n} use cases on by default"
