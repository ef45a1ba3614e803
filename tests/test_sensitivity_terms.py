"""The detection terms of templates/sensitivity.csv against attribute names the way real systems
write them: vendor abbreviations (``late_pmt_cnt_12m``, ``dpd_max``), CamelCase, Hebrew with its
prefixes and spellings (שיקים, צ'קים, צקים, המחאות). Special ones are flagged with their category;
ordinary ones (points, opens, a city, store visits) are not — a flag costs a consultant's review."""

from __future__ import annotations

import pytest

from zpd_assess.mapping import SensitivityTerms

#: (attribute name, description or "", category expected)
SPECIAL = [
    # financial: card and bank activity, balances, credit behaviour, debts, income, assets
    ("cc_txn_cnt_3m", "", "financial"),
    ("credit_card_trx_amt", "", "financial"),
    ("DebitCardTransactions", "", "financial"),
    ("acct_txn_amt_m1", "", "financial"),
    ("bank_transactions_12m", "", "financial"),
    ("txn_amt_total", "", "financial"),
    ("dpst_amt_avg", "", "financial"),
    ("salary_deposit_flg", "", "financial"),
    ("atm_wdl_cnt", "", "financial"),
    ("acct_bal_eom", "", "financial"),
    ("cc_bal", "", "financial"),
    ("od_days_6m", "", "financial"),
    ("credit_lmt_util_pct", "", "financial"),
    ("revol_util", "", "financial"),
    ("late_pmt_cnt_12m", "", "financial"),
    ("missed_payments_6m", "", "financial"),
    ("dpd_max_12m", "", "financial"),
    ("payment_delay_days", "", "financial"),
    ("in_collections_flg", "", "financial"),
    ("write_off_amt", "", "financial"),
    ("rtn_chq_cnt", "", "financial"),
    ("bounced_checks_12m", "", "financial"),
    ("restricted_account_flg", "", "financial"),
    ("mrtg_bal", "", "financial"),
    ("lease_debt_amt", "", "financial"),
    ("bdi_score", "", "financial"),
    ("crdt_scr", "", "financial"),
    ("pyrl_net_pay", "", "financial"),
    ("pension_bal", "", "financial"),
    ("inv_pf_val", "", "financial"),
    ("net_worth_est", "", "financial"),
    ("שיקים_חוזרים_12ח", "", "financial"),
    ("צ'קים_חוזרים", "", "financial"),
    ("צקים_חוזרים", "", "financial"),
    ("המחאות_ללא_כיסוי", "", "financial"),
    ("לקוח_מוגבל_חמור", "", "financial"),
    ("יתרת_עו״ש", "", "financial"),
    ("ניצול_מסגרת_אשראי", "", "financial"),
    ("ימי_פיגור_מקסימום", "", "financial"),
    ("תיק_הוצאה_לפועל", "", "financial"),
    ("שכר_נטו", "", "financial"),
    ("נתוני_אשראי_דן_אנד_ברדסטריט", "", "financial"),
    ("הפקדות_בחודש", "", "financial"),
    ("תנועות_בחשבון_3ח", "", "financial"),
    ("שווי_תיק_השקעות", "", "financial"),
    ("segment_x", "Number of credit card transactions in the last month", "financial"),
    # health
    ("daily_steps_avg", "", "health"),
    ("AvgRestingHeartRate", "", "health"),
    ("rhr_bpm", "", "health"),
    ("slp_hrs_avg", "", "health"),
    ("sleep_quality_score", "", "health"),
    ("gp_visits_12m", "", "health"),
    ("er_visits_12m", "", "health"),
    ("rx_fills_12m", "", "health"),
    ("icd10_primary", "", "health"),
    ("is_diabetic", "", "health"),
    ("asthma_flg", "", "health"),
    ("HypertensionInd", "", "health"),
    ("oncology_patient_flg", "", "health"),
    ("heart_disease_flg", "", "health"),
    ("preg_week", "", "health"),
    ("ivf_treatment_flg", "", "health"),
    ("wheelchair_assist", "", "health"),
    ("ssr_wchr", "", "health"),
    ("accessibility_needs", "", "health"),
    ("depression_screen_flg", "", "health"),
    ("vax_status", "", "health"),
    ("lab_results_last", "", "health"),
    ("hba1c_last", "", "health"),
    ("ביקורי_רופא_12ח", "", "health"),
    ("ביקור_במרפאה_אחרון", "", "health"),
    ("מרשמים_בשנה", "", "health"),
    ("אסתמה", "", "health"),
    ("סוכרתי", "", "health"),
    ("צרכי_נגישות", "", "health"),
    ("מספר_צעדים_יומי", "", "health"),
    ("בדיקות_דם_אחרונות", "", "health"),
    ("חיסון_שפעת", "", "health"),
    # location
    ("cell_id", "", "location"),
    ("serving_cell_id", "", "location"),
    ("bts_id", "", "location"),
    ("lac", "", "location"),
    ("home_cell_inferred", "", "location"),
    ("night_location_geohash", "", "location"),
    ("lat", "", "location"),
    ("gps_coordinates", "", "location"),
    ("roaming_location_history", "", "location"),
    ("beacon_visits_30d", "", "location"),
    ("wifi_location_last", "", "location"),
    ("אנטנה_אחרונה", "", "location"),
    ("תא_סלולרי", "", "location"),
    ("מיקום_לילי", "", "location"),
    # the other categories
    ("religiosity_level_cd", "", "religion_belief"),
    ("relig_lvl", "", "religion_belief"),
    ("מגזר_חרדי", "", "religion_belief"),
    ("כשרות_מהדרין", "", "religion_belief"),
    ("כשר_למהדרין_flg", "", "religion_belief"),
    ("dati_leumi_flg", "", "religion_belief"),
    ("מגזר_ערבי", "", "origin_ethnicity"),
    ("ethn_cd", "", "origin_ethnicity"),
    ("יוצאי_אתיופיה", "", "origin_ethnicity"),
    ("union_dues_ded", "", "trade_union"),
    ("חבר_ועד", "", "trade_union"),
    ("תעודת_יושר", "", "criminal_record"),
    ("arrests_cnt", "", "criminal_record"),
    ("dating_preferences", "", "sex_life_orientation"),
    ("face_embedding", "", "biometric"),
    ("brca1_carrier", "", "genetic"),
    ("behaviour_style", "DISC profile from the onboarding assessment", "personality_assessment"),
    ("BigFiveOpenness", "", "personality_assessment"),
    ("mbti_type", "", "personality_assessment"),
    ("voting_history", "", "political_opinions"),
    ("כוונת_הצבעה", "", "political_opinions"),
    ("q17", "Which party did you vote for?", "political_opinions"),
    ("survey_q9", "Did you vote in the last Knesset election?", "political_opinions"),
    ("card_txn_cnt_6m", "", "financial"),
    ("CardTransactions3M", "", "financial"),
    ("dflt_flg", "Has the customer's credit ever been in default?", "financial"),
]

#: attribute names that are ordinary data: a flag here wastes a consultant's review
ORDINARY = [
    "email_open_cnt",
    "Contact.MailingCity",
    "loyalty_points_balance",
    "points_bal",
    "gift_card_balance",
    "loyalty_card_txn_cnt",
    "club_card_transactions_12m",
    "gift_card_txn_cnt",
    "כרטיס_מועדון_עסקאות",
    "preferred_store",
    "last_login_dt",
    "NPS_score",
    "store_visits_12m",
    "site_visits_30d",
    "favourite_colour",
    "marital_status",
    "birth_date",
    "gender",
    "mobile_phone",
    "preferred_language",
    "app_sessions_30d",
    "push_opt_in",
    "sms_opt_out",
    "cart_abandon_cnt",
    "avg_order_value",
    "disc_pct",
    "coupon_rdm_cnt",
    "club_tier",
    "shoe_size",
    "hotel_check_in_dt",
    "seat_preference",
    "complaint_cnt",
    "csat_score",
    "churn_score",
    "tenure_months",
    "data_usage_gb",
    "handset_model",
    "summer_collection_views",
    "invoice_due_date",
    "onboarding_step",
    "sleep_mode_enabled",
    "pulse_survey_score",
    "golf_handicap",
    "email_web_beacon_hits",
    "trace_id",
    "eu_resident_flg",
    "zodiac_sign",
    "dog_breed",
    "עיר_מגורים",
    "יתרת_נקודות",
    "סניף_מועדף",
    "תאריך_הצטרפות",
    "ערוץ_מועדף",
    "גזע_הכלב",
    "שעות_פנייה_מועדפות",
    "מספר_ביקורים_בחנות",
    "Account.Industry",
    "Lead.Source",
]


@pytest.fixture(scope="module")
def terms(catalog):
    return SensitivityTerms(catalog)


def test_the_lists_are_large_enough():
    assert len(SPECIAL) >= 40 and len(ORDINARY) >= 40
    assert len({c for _, _, c in SPECIAL}) == 12, "every category but two (family, statutory) tried"


@pytest.mark.parametrize(("name", "description", "category"), SPECIAL)
def test_special_data_is_flagged_with_its_category(terms, name, description, category):
    flag = terms.find(name, description)
    assert flag is not None, f"{name!r} ({description!r}) is not flagged"
    assert flag.category_id == category, f"{name!r} matched {flag.matched!r}"


@pytest.mark.parametrize("name", ORDINARY)
def test_ordinary_data_is_not_flagged(terms, name):
    flag = terms.find(name)
    assert flag is None, f"{name!r} flagged {flag.category_id} by the term {flag.matched!r}"


def test_vendor_abbreviations_expand_to_a_term(catalog):
    abbreviations = catalog.abbreviations
    assert abbreviations["chq"] == "cheque"
    assert abbreviations["crdt"] == "credit"
    assert abbreviations["rhr"] == "resting heart rate"
    assert abbreviations["bts"] == "base transceiver station"


def test_no_term_is_one_of_the_words_too_broad_to_flag(catalog):
    broad = {"amount", "count", "card", "visit", "city", "address", "score", "type", "balance"}
    for category, row in catalog.sensitivity.iterrows():
        assert not broad & {t.lower() for t in row["term_list"]}, category
