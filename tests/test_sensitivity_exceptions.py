"""Several sensitivity categories on one question, and documented exceptions to a category's
channel rule (knowledge-base review 12).

The privacy reviewer of round 12 found items that reveal more than their one category said (life
events: health, family life and money) and a health fund's flu question by SMS that is health
information: "grade it special and ask it in the app, or adopt a documented care-context
exception". The bank now lists categories (``a;b``) and names exceptions from
``templates/sensitivity_exceptions.csv``; the catalog refuses what it cannot read, the planner
rules a question out of every channel any of its categories bars, the linter holds an exception
to the conditions it can read, and the consent record states the exception and its basis.
"""

from __future__ import annotations

import csv
import shutil

import pytest

from zpd_assess import consent_records as cr
from zpd_assess.catalog import CatalogError, default_catalog_dir, load_catalog
from zpd_assess.lint import lint_catalog, load_glossary
from zpd_assess.planning.pairs import question_channel_pairs, special_categories

FLU = "q_health_flu_vaccine_way_sms"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def _copy(tmp_path):
    target = tmp_path / "catalog"
    shutil.copytree(default_catalog_dir(), target, ignore=shutil.ignore_patterns("*.xlsx"))
    return target


def _with(catalog, qid: str, **cells):
    questions = catalog.questions.copy()
    for column, value in cells.items():
        questions.at[qid, column] = value
    return catalog.replace(questions=questions)


def _under_exception(catalog, qid: str = FLU):
    """The question under the care-message exception, its sentence after the first sentence of
    each notice (its own and its industry rows')."""
    rule = catalog.sensitivity_exceptions.loc["care_message"]
    questions = catalog.questions.copy()
    offers = catalog.offers.copy()
    questions.at[qid, "sensitivity_exception"] = "care_message"
    for lang in ("en", "he"):
        sentence = rule[f"sentence_{lang}"]

        def add(text: str, sentence=sentence) -> str:
            first, rest = text.split(". ", 1) if ". " in text else (text.rstrip("."), "")
            return f"{first}. {sentence} {rest}".strip()

        questions.at[qid, f"purpose_{lang}"] = add(str(questions.at[qid, f"purpose_{lang}"]))
        mask = offers["question_id"] == qid
        for i in offers.index[mask]:
            if str(offers.at[i, f"purpose_{lang}"]).strip():
                offers.at[i, f"purpose_{lang}"] = add(str(offers.at[i, f"purpose_{lang}"]))
    return catalog.replace(questions=questions, offers=offers)


def _findings(catalog, glossary, qid: str = FLU):
    found = lint_catalog(catalog, glossary, ["sensitivity_exception"])
    return found[found["row_id"].str.split("/").str[0] == qid]


def test_the_care_exception_is_documented_with_conditions_and_basis(catalog):
    rule = catalog.sensitivity_exceptions.loc["care_message"]
    assert rule["category_list"] == ["health"] and rule["industry_list"] == ["health"]
    assert rule["level_list"] == ["medium"]
    assert set(rule["channel_list"]) == {"sms", "whatsapp", "ivr_survey"}
    assert "Art. 9(2)(h)" in rule["basis_en"] and "9(2)(h)" in rule["basis_he"]
    assert "National Health Insurance Law" in rule["basis_en"]
    assert "ביטוח בריאות ממלכתי" in rule["basis_he"]
    assert "never for marketing" in rule["conditions_en"]
    assert "מידע בעל רגישות מיוחדת" in rule["sentence_he"]  # the statute's term (glossary)
    assert rule["clause_status"] == "to_verify"  # counsel confirms the Israeli sections


def test_a_question_under_the_exception_that_keeps_its_conditions_is_clean(catalog, glossary):
    assert catalog.questions.at[FLU, "sensitivity"] == "medium"
    assert {"sms"} <= set(catalog.questions.at[FLU, "channel_list"])
    assert _findings(_under_exception(catalog), glossary).empty


@pytest.mark.parametrize(
    ("cells", "column", "says"),
    [
        ({"sensitivity": "low"}, "sensitivity", "for level medium"),
        ({"industries": "health;insurance"}, "industries", "for health only"),
        ({"other_specify": "nurse_call_questions"}, "other_specify", "allows no free text"),
        ({"channels": "sms;tablet_kiosk"}, "channels", "does not open tablet_kiosk"),
    ],
)
def test_a_broken_condition_is_a_finding_that_names_it(catalog, glossary, cells, column, says):
    broken = _under_exception(catalog)
    questions = broken.questions.copy()
    for col, value in cells.items():
        questions.at[FLU, col] = value
    if "channels" in cells:
        questions.at[FLU, "channel_list"] = cells["channels"].split(";")
    assert bool(broken.channels.at["tablet_kiosk", "public_screen"])  # the case above is real
    found = _findings(broken.replace(questions=questions), glossary)
    hits = found[found["column"] == column]
    assert len(hits) == 1, found
    assert says in hits.iloc[0]["fix"]


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_notice_without_the_exception_sentence_is_a_finding(catalog, glossary, lang):
    under = _under_exception(catalog)
    sentence = under.sensitivity_exceptions.at["care_message", f"sentence_{lang}"]
    questions = under.questions.copy()
    questions.at[FLU, f"purpose_{lang}"] = str(questions.at[FLU, f"purpose_{lang}"]).replace(
        sentence, ""
    )
    found = _findings(under.replace(questions=questions), glossary)
    assert list(found["column"]) == [f"purpose_{lang}"]
    assert sentence in found.iloc[0]["fix"]


def test_the_consent_record_states_the_exception_and_its_basis(catalog):
    assert catalog.questions.at[FLU, "sensitivity_exception"] == "care_message"  # the bank's
    row = {**catalog.question_records[FLU], "question_id": FLU, "channel": "sms"}
    org = {"en": "Nofim Health", "he": "נופים"}
    record = cr.consent_record(row, catalog, org)
    assert record["specialSensitivity"] == []  # no consent-bound category: the exception's
    node = record["sensitivityException"]
    assert node["@id"] == "zpd:sensitivity-exception/care_message"
    assert node["exceptionCategories"] == ["health"]
    assert "9(2)(h)" in node["citation"]["en"] and node["conditions"]["he"]
    # it stays health information of special sensitivity (the exception opens channels only)
    types = record["dpv:hasPersonalData"][0]["@type"]
    assert "dpv:SpecialCategoryPersonalData" in types and "pd:MedicalHealth" in types, types
    without = _with(catalog, FLU, sensitivity_exception="")
    plain = cr.consent_record({**row, "sensitivity_exception": ""}, without, org)
    assert "sensitivityException" not in plain


def test_several_categories_rule_out_every_channel_any_of_them_bars(catalog):
    qid = "q_insurance_expected_life_events"
    listed = _with(catalog, qid, sensitivity="special",
                   sensitivity_category="health;family_private_life;financial")  # fmt: skip
    q = dict(listed.questions.loc[qid])
    assert special_categories(q, listed)[:3] == ["health", "family_private_life", "financial"]
    pairs = question_channel_pairs(listed.questions.loc[[qid]], listed, list(listed.channels.index))
    by = pairs.set_index("channel_id")
    barred = set().union(*(listed.sensitivity_channels(c) for c in ("health", "financial")))
    for cid in barred:
        assert not by.at[cid, "allowed"], cid
        assert by.at[cid, "reason"] == "rule_special_category"
        assert str(by.at[cid, "reason_accepted"]) == "health"  # the main category names the rule


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (
            {"sensitivity_category": "health;astrology"},
            "questions.csv: q_insurance_expected_life_events, column sensitivity_category: found "
            "'astrology'; accepted: category ids of sensitivity.csv separated by ';'",
        ),
        (
            {"sensitivity_category": "health;health"},
            "column sensitivity_category: a category listed twice",
        ),
        (
            {"sensitivity": "medium", "sensitivity_category": "health;financial"},
            "only a special question names categories",
        ),
        (
            {"sensitivity_exception": "cure_message"},
            "column sensitivity_exception: found 'cure_message'; accepted: an exception_id of "
            "sensitivity_exceptions.csv (care_message, service_language, own_card_use) or empty",
        ),
    ],
)
def test_the_catalog_refuses_what_it_cannot_read_and_says_what_is_accepted(
    tmp_path, cells, expected
):
    folder = _copy(tmp_path)
    path = folder / "questions.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    [row] = [r for r in rows if r["question_id"] == "q_insurance_expected_life_events"]
    row.update(cells)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(CatalogError) as err:
        load_catalog(folder)
    assert any(expected in p for p in err.value.problems), err.value.problems


def test_several_categories_load_as_a_list(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "questions.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    [row] = [r for r in rows if r["question_id"] == "q_insurance_expected_life_events"]
    row.update(sensitivity="special", sensitivity_category="health;family_private_life")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    loaded = load_catalog(folder)
    row = dict(loaded.questions.loc["q_insurance_expected_life_events"])
    assert special_categories(row, loaded)[:2] == ["health", "family_private_life"]


CARD_QUESTIONS = [
    "q_credit_cards_fee_renewal",
    "q_credit_cards_switch_intent_voice",
    "q_credit_cards_switch_reason_voice",
    "q_credit_cards_dispute_resolved",  # round 32: a charge dispute's outcome
]


def test_the_own_card_exception_documents_a_ruling_on_financial_activity(catalog, glossary):
    """Knowledge-base round 31: the fee-renewal question says how the holder uses the card he
    holds with the issuer, financial activity by para. (10) and the table's own rule; the issue 12
    panel had read it as the relationship the issuer records. The ruling is now written down: the
    questions keep their level and channels (SMS, WhatsApp, IVR, which the category bars) under
    ``own_card_use``, each notice says the answer is of special sensitivity, and the consent
    record types it as special-category financial data."""
    rule = catalog.sensitivity_exceptions.loc["own_card_use"]
    assert rule["category_list"] == ["financial"] and rule["industry_list"] == ["credit_cards"]
    assert rule["clause_status"] == "to_verify"
    assert "para. (10)" in rule["basis_en"] and "פסקה (10)" in rule["basis_he"]
    assert "names no merchant of a charge and no other provider" in rule["conditions_en"]
    barred = set(catalog.sensitivity_channels("financial"))
    opened = set()
    for qid in CARD_QUESTIONS:
        row = catalog.question_records[qid]
        assert row["sensitivity_exception"] == "own_card_use"
        assert row["sensitivity"] in {"low", "medium"} and not str(row["other_specify"]).strip()
        for lang in ("en", "he"):
            _first, rest = str(row[f"purpose_{lang}"]).split(". ", 1)
            assert rest.startswith(rule[f"sentence_{lang}"]), qid  # right after the first sentence
        opened |= barred & set(catalog.questions.at[qid, "channel_list"])
        assert _findings(catalog, glossary, qid).empty, qid
    assert opened == {"sms", "whatsapp", "ivr_survey"}  # what the exception is for
    fee = CARD_QUESTIONS[0]
    record = cr.consent_record(
        {**catalog.question_records[fee], "question_id": fee, "channel": "sms"},
        catalog,
        {"en": "Shaked Cards", "he": "שקד"},
    )
    assert record["sensitivityException"]["exceptionCategories"] == ["financial"]
    assert "dpv:SpecialCategoryPersonalData" in record["dpv:hasPersonalData"][0]["@type"]
