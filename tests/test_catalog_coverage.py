"""The question bank covers every industry the use cases serve and the seed's own channels, and
its offers are honest: none promises money off an order where the industry has none, and every
offer says whether it is a commitment the client must staff or fund.

Counts are of questions that serve a use case (non-empty ``answers``): a question no use case
reads never reaches a plan, so it covers nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from zpd_assess.catalog import CatalogError, default_catalog_dir, load_catalog
from zpd_assess.lint import NO_ORDER_INDUSTRIES, lint_catalog
from zpd_assess.planning.pool import question_pool

INDUSTRY_FLOOR = 25
#: the industries the use cases cover (use_cases.csv)
USE_CASE_INDUSTRIES = ("retail", "insurance", "banking", "credit_cards", "telecom", "health")
CHANNEL_FLOOR = 8
#: the seed article's own channels, the thinnest in the review of 2026-11-30 (§2)
SEED_CHANNELS = ("qr_on_product", "floating_button", "tablet_kiosk", "in_store_experience")


def _tags(value: object) -> set[str]:
    return {t.strip() for t in str(value).split(";") if t.strip()}


def industry_questions(catalog, industry: str) -> list[str]:
    """Questions serving a use case that are tagged for the industry, or tagged 'all' with an
    offers.csv row for it (an offer written for that industry)."""
    q = catalog.questions
    serving = q[[bool(a) for a in q["answer_list"]]]
    offered = set(catalog.offers.loc[catalog.offers["industry"] == industry, "question_id"])
    return [
        qid
        for qid, tags in zip(serving.index, serving["industries"], strict=True)
        if industry in _tags(tags) or (_tags(tags) == {"all"} and qid in offered)
    ]


def channel_questions(catalog, channel: str) -> list[str]:
    """Questions serving a use case that may be asked in the channel (their own channels or an
    industry's in offers.csv)."""
    q = catalog.questions
    by_offer = {
        str(qid)
        for qid, channels in zip(
            catalog.offers["question_id"], catalog.offers["channel_list"], strict=True
        )
        if channel in channels
    }
    return [
        str(qid)
        for qid, channels, answers in zip(q.index, q["channel_list"], q["answer_list"], strict=True)
        if answers and (channel in channels or qid in by_offer)
    ]


def test_the_use_cases_cover_the_industries_counted(catalog):
    covered = {t for tags in catalog.use_cases["industries_list"] for t in tags} - {"generic"}
    assert set(USE_CASE_INDUSTRIES) <= covered, covered
    # travel and utilities have questions but no use case: no floor for them yet
    assert covered - set(USE_CASE_INDUSTRIES) == set()


@pytest.mark.parametrize("industry", USE_CASE_INDUSTRIES)
def test_each_industry_has_at_least_25_questions_serving_its_use_cases(catalog, industry):
    found = industry_questions(catalog, industry)
    assert len(found) >= INDUSTRY_FLOOR, (
        f"{industry}: {len(found)} questions serve its use cases, {INDUSTRY_FLOOR} wanted"
    )
    # and they serve the industry's own use cases, not just any answer key
    keys = {
        k
        for keys, tags in zip(
            catalog.use_cases["answers_list"], catalog.use_cases["industries_list"], strict=True
        )
        if industry in tags
        for k in keys
    }
    strays = [qid for qid in found if not set(catalog.questions.at[qid, "answer_list"]) & keys]
    assert len(found) - len(strays) >= INDUSTRY_FLOOR, (industry, strays)


@pytest.mark.parametrize("channel", SEED_CHANNELS)
def test_the_seeds_channels_have_at_least_8_questions_of_their_own(catalog, channel):
    found = channel_questions(catalog, channel)
    assert len(found) >= CHANNEL_FLOOR, f"{channel}: {len(found)} questions ({found})"
    # each can really be answered there
    allowed = set(catalog.channels.at[channel, "answer_type_list"])
    wrong = [q for q in found if catalog.questions.at[q, "answer_type"] not in allowed]
    assert wrong == []


def test_the_counting_rules_see_a_missing_question(catalog):
    """The floors are not vacuous: dropping an industry's tag or a channel lowers the count."""
    qid = industry_questions(catalog, "credit_cards")[0]
    before = len(industry_questions(catalog, "credit_cards"))
    # a copy: the session's catalog is shared by every test (the plans read its tags)
    questions = catalog.questions.copy()
    questions.at[qid, "industries"] = "retail"
    changed = catalog.replace(questions=questions)
    assert len(industry_questions(changed, "credit_cards")) == before - 1
    assert channel_questions(catalog, "floating_button")  # the floating button has questions


def test_every_question_and_offer_row_says_whether_it_is_a_commitment():
    bank = pd.read_csv(default_catalog_dir() / "questions.csv", dtype=str, keep_default_na=False)
    assert set(bank["commitment"]) == {"true", "false"}
    offers = pd.read_csv(default_catalog_dir() / "offers.csv", dtype=str, keep_default_na=False)
    written = offers["value_exchange_en"].str.strip() != ""
    assert set(offers.loc[written, "commitment"]) <= {"true", "false"}
    assert set(offers.loc[~written, "commitment"]) == {""}


def test_commitments_are_marked_where_the_offer_is_a_promise(catalog):
    q = catalog.questions
    # a call-back within two working days, a banker's meeting, a technician visit, money off
    for qid in (
        "q_generic_main_issue",
        "q_banking_retirement_year",
        "q_telecom_technician_slot_sms",
        "q_credit_cards_recurring_bills",
        "q_banking_business_owner_voice",
    ):
        assert bool(q.at[qid, "commitment"]) is True, qid
    # information on a screen, a setting switched on: nothing to staff or fund
    for qid in (
        "q_identity_contact_01",
        "q_generic_self_service_voice",
        "q_telecom_plan_priority_finder",
    ):
        assert bool(q.at[qid, "commitment"]) is False, qid
    # every discount is money off: a commitment
    discounts = q[q["incentive_type"] == "discount"]
    assert len(discounts) > 0 and discounts["commitment"].all()


def test_an_industrys_offer_brings_its_own_commitment(catalog):
    """The default of q_life_stage_01 promises nothing; the retailer's row gives money off."""
    assert not catalog.questions.at["q_life_stage_01", "commitment"]
    retail = question_pool(catalog, industry="retail")
    assert retail.at["q_life_stage_01", "commitment"] == True  # noqa: E712
    assert "5%" in retail.at["q_life_stage_01", "value_exchange_en"]
    bank = question_pool(catalog, industry="banking")
    assert not bank.at["q_life_stage_01", "commitment"]
    assert "%" not in bank.at["q_life_stage_01", "value_exchange_en"]


def test_no_offer_mentions_an_order_for_an_industry_without_orders(catalog):
    findings = lint_catalog(catalog, rules=("order_without_orders",))
    assert findings.empty, findings.to_string()
    # and, read through the pool each such industry really gets, no copied "5% off this order"
    for industry in sorted(NO_ORDER_INDUSTRIES):
        pool = question_pool(catalog, industry=industry)
        hits = pool[
            pool["value_exchange_en"].str.contains(r"this order|checkout|basket", case=False)
        ]
        assert hits.empty, (industry, list(hits.index))


def test_the_same_offer_is_not_copied_across_unrelated_questions(catalog):
    counts = catalog.questions["value_exchange_en"].value_counts()
    # a few questions asked in two channels (a voice twin) may share an offer; no more than 3
    assert counts.max() <= 3, counts[counts > 3]


def _copy_catalog(tmp_path: Path) -> Path:
    for name in ("questions.csv", "offers.csv"):
        shutil.copy(default_catalog_dir() / name, tmp_path / name)
    return tmp_path


def test_a_missing_or_wrong_commitment_is_refused_with_the_row(tmp_path):
    folder = _copy_catalog(tmp_path)
    bank = pd.read_csv(folder / "questions.csv", dtype=str, keep_default_na=False)
    bank.loc[bank["question_id"] == "q_generic_main_issue", "commitment"] = "maybe"
    bank.to_csv(folder / "questions.csv", index=False)
    with pytest.raises(CatalogError) as err:
        load_catalog(folder)
    assert err.value.problems == (
        "questions.csv: q_generic_main_issue: commitment must be true or false (true when the "
        "offer is a promise the client must staff or fund: a call-back, a reply, a meeting, a "
        "visit, money off), found 'maybe'",
    )
    shutil.copy(default_catalog_dir() / "questions.csv", folder / "questions.csv")
    offers = pd.read_csv(folder / "offers.csv", dtype=str, keep_default_na=False)
    row = (offers["question_id"] == "q_life_stage_01") & (offers["industry"] == "retail")
    offers.loc[row, "commitment"] = ""
    blank = (offers["value_exchange_en"] == "").idxmax()
    offers.loc[blank, "commitment"] = "true"
    offers.to_csv(folder / "offers.csv", index=False)
    with pytest.raises(CatalogError) as err:
        load_catalog(folder)
    text = "\n".join(err.value.problems)
    assert "q_life_stage_01 / retail: commitment must be true or false where the row" in text
    assert "commitment must be empty where the row writes no offer" in text
    # a file without the column is refused too
    bank.drop(columns="commitment").to_csv(folder / "questions.csv", index=False)
    with pytest.raises(CatalogError, match="commitment"):
        load_catalog(folder)


@pytest.mark.parametrize(
    ("industry", "own", "other"),
    [("banking", ("in your personal area", "באזור האישי"), ("in your profile", "בפרופיל")),
     ("health", ("in your personal area", "באזור האישי"), ("in your profile", "בפרופיל")),
     ("insurance", ("in your profile", "בפרופיל"), ("in your personal area", "באזור האישי")),
     ("retail", ("in your profile", "בפרופיל"), ("in your personal area", "באזור האישי"))],
)  # fmt: skip
def test_each_industrys_customers_read_one_name_for_their_account_pages(
    catalog, industry, own, other
):
    """Knowledge-base review 4: one insurer's customers read «אזור אישי» in some notices and
    «פרופיל» in others; a bank's read "profile" in questions written for every industry."""
    from zpd_assess.planning.pool import question_pool

    pool = question_pool(catalog, industry=industry)
    for lang, said, never in (("en", own[0], other[0]), ("he", own[1], other[1])):
        texts = " ".join(pool[f"purpose_{lang}"])
        assert texts.count(said) >= 100
        assert never not in texts
        assert catalog.text("notice.account_place_either", lang) not in texts
    # a notice written for every industry says the default word, "profile", which each
    # industry's plan replaces with its own (round 21: the bracketed hedge read as a gloss)
    generic = " ".join(question_pool(catalog, industry=None)["purpose_en"])
    assert "in your profile" in generic
    assert catalog.text("notice.account_place_either", "en") not in generic
