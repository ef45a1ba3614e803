"""The topic mapper on names it was not built from, in both languages."""

from __future__ import annotations

import csv
import dataclasses
import io

import pandas as pd
import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from zpd_assess.catalog import CatalogError
from zpd_assess.cli import main
from zpd_assess.mapping import (
    TRUST_FEATURES,
    TopicMapper,
    is_placeholder_name,
    mapping_accuracy,
    mapping_quality,
    strip_vendor_affixes,
    trust_fit_digest,
)

#: The aims of the foundation issue; `make bench` reports the measured values (issue 16's aims,
#: top-1 0.92 and top-3 0.98, are checked there). mapping_labeled.csv is now part of the
#: training examples (templates/mapping_examples.csv), so only the holdout is measured here.
FLOORS = {"mapping_holdout.csv": (0.92, 0.98)}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_accuracy_on_held_out_attribute_names(mapper, name):
    labeled = pd.read_csv(DATA / name, dtype=str, keep_default_na=False)
    top1, top3, n = mapping_accuracy(mapper, labeled)
    assert n >= 150
    floor1, floor3 = FLOORS[name]
    assert top1 >= floor1, f"top-1 {top1:.3f}"
    assert top3 >= floor3, f"top-3 {top3:.3f}"


@pytest.mark.parametrize(
    ("name", "description", "topic"),
    [
        ("cust_marital_stat", "", "family_status"),
        ("hh_size", "", "family_status"),
        ("dob", "", "demographics"),
        ("acct_open_dt", "", "tenure"),
        ("מצב_משפחתי", "", "family_status"),
        ("LstLoginDt", "", "digital_tendency"),
        ("pref_contact_hrs", "", "contact_hours"),
        ("תאריך לידה", "", "demographics"),
        ("nps_score", "", "satisfaction"),
        ("x17", "Marital status as declared at onboarding", "family_status"),
    ],
)
def test_names_as_real_systems_write_them(mapper, name, description, topic):
    s = mapper.suggest([name], [description])[0]
    assert s.topic_id == topic, (s.topic_id, s.alternatives)
    assert 0 < s.confidence <= 1
    assert len(s.alternatives) == 3 and s.matched


@pytest.mark.parametrize(
    ("name", "description", "wrong"),
    [
        ("Club.Member__c", "", "sport_frequency"),
        ("LOAN_FLG", "", "location"),
        ("housing", "Has housing loan? (yes, no)", "location"),
        ("StreamingTV", "Whether the customer has streaming TV or not", "leisure_preferences"),
        ("job_seniority_lvl", "", "tenure"),
        ("Seniority__c", "Seniority level of the contact's job", "tenure"),
    ],
)
def test_the_walk_through_confusions_are_not_trusted_silently(mapper, name, description, wrong):
    """Issue 16: each was read as the ``wrong`` topic at 0.9+ confidence and not flagged."""
    s = mapper.suggest([name], [description])[0]
    assert s.topic_id != wrong or s.needs_review, s


@pytest.mark.parametrize(
    ("name", "description", "topic"),
    [
        ("Club.Member__c", "", "product_holdings"),
        ("LOAN_FLG", "", "product_holdings"),
        ("job_seniority_lvl", "", "demographics"),
        ("Contact.MailingCity", "", "location"),
        ("hs_email_optout", "", "communication_preferences"),
        ("Account.BillingPostalCode", "", "location"),
        ("hs_marital_status", "", "family_status"),
        # coded survey columns: the name says nothing, the description everything
        ("Q17", "How many people live in your household, including you?", "family_status"),
        ("V23", "Overall, how satisfied are you with the service you received?", "satisfaction"),
        ("x4", "כמה פעמים בשבוע אתה עושה פעילות גופנית?", "sport_frequency"),
    ],
)
def test_vendor_names_and_coded_columns_map_right(mapper, name, description, topic):
    s = mapper.suggest([name], [description])[0]
    assert s.topic_id == topic, (s.topic_id, s.confidence, s.alternatives)


def test_a_coded_column_is_explained_by_its_description(mapper):
    s = mapper.suggest(["Q17"], ["How many people live in your household, including you?"])[0]
    assert not s.matched.upper().startswith("Q"), s.matched


@pytest.mark.parametrize(
    ("raw", "stripped"),
    [
        ("Contact.MailingCity", "MailingCity"),
        ("Club.Member__c", "Club Member"),
        ("hs_email_optout", "email_optout"),
        ("traits.address.city", "address city"),
        ("Loyalty_Tier__pc", "Loyalty_Tier"),
        ("c_region", "region"),
        ("מצב_משפחתי", "מצב_משפחתי"),
    ],
)
def test_vendor_affixes_are_stripped(raw, stripped):
    assert strip_vendor_affixes(raw) == stripped


def test_quality_reports_calibration_on_the_holdout(mapper):
    frame = pd.read_csv(DATA / "mapping_holdout.csv", dtype=str, keep_default_na=False)
    q = mapping_quality(mapper, frame)
    assert q["n"] == len(frame) and sum(r["n"] for r in q["reliability"]) == len(frame)
    assert q["top1"] == pytest.approx(mapping_accuracy(mapper, frame)[0])
    assert 0 <= q["wrong_unflagged"] <= 1 - q["top1"]
    top = q["reliability"][-1]
    assert top["bin"].startswith("[0.95") and top["accuracy"] >= 0.9, q["reliability"]


def test_examples_the_mapper_learns_from_exclude_the_holdout(catalog):
    frame = pd.read_csv(DATA / "mapping_holdout.csv", dtype=str, keep_default_na=False)
    held = {a.strip().lower() for a in frame["attribute"]}
    examples = catalog.mapping_examples
    assert len(examples) >= 800 and examples["description"].astype(bool).mean() > 0.3
    assert not held & {a.strip().lower() for a in examples["attribute"]}


def test_a_mapper_built_without_examples_still_maps_from_the_catalog(catalog):
    bare = TopicMapper(catalog, catalog.mapping_examples.iloc[0:0])
    assert bare.suggest(["cust_marital_stat"])[0].topic_id == "family_status"


@settings(max_examples=40, deadline=None)
@given(
    names=st.lists(st.text(max_size=30), min_size=1, max_size=4),
    description=st.text(max_size=60),
)
def test_confidences_are_probabilities_and_alternatives_sorted(mapper, names, description):
    for s in mapper.suggest(names, [description] * len(names)):
        scores = [s.confidence, *(p for _, p in s.alternatives)]
        assert all(0 <= p <= 1 for p in scores)
        assert scores == sorted(scores, reverse=True)
        assert s.topic_id not in {t for t, _ in s.alternatives}


def test_the_trust_model_was_fitted_on_the_catalog_it_ships_with(catalog):
    """Examples, topics or the words that shape a reading changed without a refit would leave
    the review flags judged by a model of another mapper."""
    stored = set(catalog.mapping_trust["fitted_on"])
    assert stored == {trust_fit_digest(catalog)}, (
        "templates/mapping_trust.csv was fitted on another catalog: run "
        "`.venv/bin/python tools/fit_mapping_trust.py`"
    )
    coefficient = dict(zip(catalog.mapping_trust["feature"], catalog.mapping_trust["coefficient"],
                           strict=True))  # fmt: skip
    # surer, further ahead, and agreed by the name and the description: likelier right
    for feature in ("log_confidence", "margin", "name_agrees", "description_agrees"):
        assert coefficient[feature] > 0, (feature, coefficient[feature])


def test_a_trust_table_without_its_features_is_refused_by_name(catalog):
    broken = dataclasses.replace(
        catalog, mapping_trust=catalog.mapping_trust[catalog.mapping_trust["feature"] != "margin"]
    )
    with pytest.raises(CatalogError, match=r"mapping_trust\.csv.*margin"):
        TopicMapper(broken)


@pytest.mark.parametrize(
    ("name", "placeholder"),
    [("UDF_12", True), ("CUSTOM_FIELD_9", True), ("attr_3", True), ("Q7_top2", True),
     ("שדה_4", True), ("Field_Type__c", True), ("loyalty_tier", False),
     ("cust_marital_stat", False), ("segment_value_12m", False)],
)  # fmt: skip
def test_a_placeholder_name_names_a_slot_not_its_content(catalog, name, placeholder):
    assert is_placeholder_name(name, catalog.placeholder_words) is placeholder


def test_a_placeholder_name_is_read_by_its_description_and_trusted_when_it_is_clear(mapper):
    """A vendor's user-defined field says nothing; its description decides, and no
    "name versus description" review is raised by what the placeholder's letters suggest."""
    names = ["CUSTOM_FIELD_9", "UDF_31", "ATTR_5"]
    descriptions = ["Preferred language for letters and calls", "Number of cars in the household",
                    "Date the customer joined the loyalty club"]  # fmt: skip
    got = mapper.suggest(names, descriptions)
    assert [s.topic_id for s in got] == ["communication_preferences", "transport_preferences",
                                         "tenure"]  # fmt: skip
    assert all(s.review_reason != "name_vs_description" for s in got), got
    assert not any(s.needs_review for s in got), got


@settings(max_examples=30, deadline=None)
@given(
    names=st.lists(st.text(max_size=30), min_size=1, max_size=4),
    description=st.text(max_size=60),
)
def test_trust_is_a_probability_and_decides_the_review(mapper, names, description):
    threshold = mapper.trust_threshold
    for s in mapper.suggest(names, [description] * len(names)):
        assert 0 <= s.trust <= 1
        # trust is rounded to 3 places: a hair from the threshold either way is allowed
        if abs(s.trust - threshold) > 1e-3:
            assert s.needs_review == (s.trust < threshold), s
        assert s.needs_review == bool(s.review_reason)


def test_the_trust_features_are_the_ones_the_table_names(catalog):
    assert set(catalog.mapping_trust["feature"]) == {"intercept", *TRUST_FEATURES}


def test_gibberish_is_flagged_for_review_never_trusted_silently(mapper):
    for s in mapper.suggest(["zz_q9", "fld_0042", "tmp"], None):
        assert s.needs_review


def test_low_confidence_is_flagged_more_often_among_mistakes(mapper):
    frame = pd.read_csv(DATA / "mapping_holdout.csv", dtype=str, keep_default_na=False)
    suggestions = mapper.suggest(list(frame["attribute"]), list(frame["description"]))
    right = [s.needs_review for s, t in zip(suggestions, frame["topic"], strict=True)
             if s.topic_id == t]  # fmt: skip
    wrong = [s.needs_review for s, t in zip(suggestions, frame["topic"], strict=True)
             if s.topic_id != t]  # fmt: skip
    assert sum(wrong) / len(wrong) > 2 * sum(right) / len(right)


@pytest.mark.slow
def test_map_command_writes_topic_confidence_and_alternatives(tmp_path, capsys):
    src = tmp_path / "attrs.csv"
    src.write_text("attribute,description\ncust_marital_stat,\nhh_size,household size\n",
                   encoding="utf-8")  # fmt: skip
    out = tmp_path / "mapped.csv"
    assert main(["map", str(src), "--out", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["topic"] for r in rows] == ["family_status", "family_status"]
    assert all(len(r["alternatives"].split(";")) == 3 for r in rows)
    assert all(0 < float(r["confidence"]) <= 1 for r in rows)
    assert main(["map", str(src)]) == 0
    assert "family_status" in capsys.readouterr().out


def test_special_sensitivity_is_flagged_on_names_a_colleague_wrote_blind(catalog):
    """Issue 16: every attribute a reviewer marked special is flagged for review, whatever the
    topic's confidence (the development half of the blind set; the test half is in make bench)."""
    from zpd_assess.mapping import TopicMapper, sensitivity_recall

    blind = pd.read_csv(DATA / "mapping_blind_dev.csv", dtype=str, keep_default_na=False)
    found = sensitivity_recall(TopicMapper(catalog), blind)
    assert found["special"] >= 25
    assert found["recall"] == 1.0, found["missed"]
    # a review for the special ones, not for everything: 8 of 137 since the terms added after the
    # fresh blind set of 2026-12-06 (payment methods, a plan to buy a car, an investment track,
    # a planned retirement date: special by sensitivity.csv's own policy, not by this set's marks)
    assert found["others_flagged"] < 0.08
