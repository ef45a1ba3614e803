"""The per-customer question queue (issue 19): which planned question each customer is asked next
in each channel, skipping what is known, answered, inferable or asked too recently, within the
per-channel and per-customer limits, a follow-up only after its screener."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import re

import numpy as np
import pandas as pd
import pytest
from conftest import TODAY, shared_steps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zpd_assess import customer_queue as cq
from zpd_assess.assess import Assessment, assess_engagement
from zpd_assess.catalog import load_catalog
from zpd_assess.cli import main
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.planning.model import Plan

HEBREW = re.compile(r"[\u0590-\u05FF]")

# --- a small plan of bank questions, with values (fast) -------------------------------------------

#: channel -> (question, value), in the channel's asking order: a follow-up after its screener
SMALL = {
    "in_app": [("q_future_plans_01", 0.5), ("q_credit_cards_flight_booked", 0.3),
               ("q_credit_cards_reward_categories", 0.2)],
    "preference_center": [("q_banking_savings_goal", 0.4), ("q_banking_savings_horizon", 0.35),
                          ("q_identity_contact_03", 0.1)],
}  # fmt: skip


@functools.cache
def small_plan() -> Plan:
    """A plan holding bank questions as the planner writes them (lists for the options)."""
    catalog = load_catalog()
    records = []
    for channel, items in SMALL.items():
        for position, (qid, value) in enumerate(items, start=1):
            q = catalog.questions.loc[qid]
            records.append({
                "question_id": qid, "source": "bank", "text_en": q["text_en"],
                "text_he": q["text_he"], "answer_type": q["answer_type"],
                "options_en": list(q["options_en_list"]), "options_he": list(q["options_he_list"]),
                "option_codes": list(q["option_code_list"]),
                "exclusive_options": list(q["exclusive_list"]),
                "other_specify": q["other_specify"], "randomise": bool(q["randomise"]),
                "skip_if": q["skip_if"], "follows": q["follows"], "answers": list(q["answer_list"]),
                "value_exchange_en": q["value_exchange_en"],
                "value_exchange_he": q["value_exchange_he"], "purpose_en": q["purpose_en"],
                "purpose_he": q["purpose_he"], "sensitivity": q["sensitivity"],
                "sensitivity_category": q["sensitivity_category"], "in_plan": True,
                "channel": channel, "position": position, "value": value,
            })  # fmt: skip
    questions = pd.DataFrame.from_records(records).set_index("question_id", drop=False)
    frame = pd.DataFrame(
        {"channel_id": list(SMALL), "question_ids": [[q for q, _ in v] for v in SMALL.values()]}
    ).set_index("channel_id", drop=False)
    return Plan(questions, frame, pd.DataFrame(), {}, 0.0, pd.DataFrame(), ())


def extract() -> pd.DataFrame:
    """Six customers: the screener's column is named as the question, the others by the data item
    the question answers (flight_booked_status, savings_goal)."""
    return pd.DataFrame({
        "customer_id": [1, 2, 3, 4, 5, 6],
        "q_future_plans_01": [None, "no", "yes_within_month", None, None, None],
        "flight_booked_status": [None, None, None, "not_yet", None, None],
        "savings_goal": [None, None, None, None, None, "not_saving_right_now"],
        "tenure_years": [1.0, 4.0, 2.5, 7.0, 3.0, 9.0],
    })  # fmt: skip


HISTORY = pd.DataFrame({
    "customer_id": [5, 5],
    "question_id": ["q_credit_cards_reward_categories", "q_banking_savings_goal"],
    "channel": ["in_app", "preference_center"],
    "asked_on": ["2026-11-19", "2026-08-21"],  # 10 and 100 days before TODAY
    "outcome": ["declined", "declined"],
})  # fmt: skip

WIDE = cq.QueueSettings(recontact_days=30, display_limit=10, per_channel=3, today=TODAY)


def queued(result: cq.QueueResult, customer: int, channel: str) -> list[str]:
    q = result.queue
    rows = q[(q["customer_id"] == customer) & (q["channel"] == channel)].sort_values("rank")
    assert rows["rank"].tolist() == list(range(1, len(rows) + 1))
    return rows["question_id"].tolist()


def reason(result: cq.QueueResult, customer: int, question: str) -> str:
    s = result.skipped
    rows = s[(s["customer_id"] == customer) & (s["question_id"] == question)]
    assert len(rows) == 1, f"{question} is not skipped for customer {customer}"
    return str(rows["reason"].iloc[0])


def test_nothing_known_queues_the_plan_in_value_order_screener_first(catalog):
    result = cq.customer_queue(small_plan(), catalog, extract(), WIDE, HISTORY)
    assert queued(result, 1, "in_app") == [
        "q_future_plans_01",
        "q_credit_cards_flight_booked",
        "q_credit_cards_reward_categories",
    ]
    assert queued(result, 1, "preference_center") == [
        "q_banking_savings_goal", "q_banking_savings_horizon", "q_identity_contact_03"]  # fmt: skip
    first = result.queue[(result.queue["customer_id"] == 1)].set_index("question_id")
    assert first.at["q_future_plans_01", "why"] == "Highest value not yet known"
    assert first.at["q_credit_cards_flight_booked", "why"] == (
        "Next by value among what is not yet known; asked after q_future_plans_01 in the same "
        "contact"
    )
    assert first.at["q_banking_savings_goal", "value"] == 0.4
    assert result.columns == {
        "q_future_plans_01": ("q_future_plans_01",),
        "q_credit_cards_flight_booked": ("flight_booked_status",),
        "q_credit_cards_reward_categories": (),
        "q_banking_savings_goal": ("savings_goal",),
        "q_banking_savings_horizon": (),
        "q_identity_contact_03": (),
    }


def test_a_known_answer_is_skipped_and_its_screener_decides_the_follow_up(catalog):
    result = cq.customer_queue(small_plan(), catalog, extract(), WIDE, HISTORY)
    # 2 said "no": the flight follow-up is ruled out, the next question passes over the screener
    assert queued(result, 2, "in_app") == ["q_credit_cards_reward_categories"]
    assert reason(result, 2, "q_future_plans_01") == "known"
    assert reason(result, 2, "q_credit_cards_flight_booked") == "screener_rules_out"
    row = result.queue[(result.queue["customer_id"] == 2)].iloc[0]
    assert row["why"] == (
        "Highest value not yet known; passes over 1 higher question(s) already known or inferable"
    )
    # 3 plans a trip within a month: the follow-up comes first, and says why
    assert queued(result, 3, "in_app") == [
        "q_credit_cards_flight_booked", "q_credit_cards_reward_categories"]  # fmt: skip
    why = result.queue[(result.queue["customer_id"] == 3)]["why"].iloc[0]
    # the extract holds the code as it was before the rename of 2026-12-05: read as it is now
    assert why.endswith("the answer to q_future_plans_01 (yes_this_month_or_next) leads to it")
    # 4's flight status is in the data (its column is the data item): not asked, screener is
    assert queued(result, 4, "in_app") == [
        "q_future_plans_01", "q_credit_cards_reward_categories"]  # fmt: skip
    skipped = result.skipped.set_index(["customer_id", "question_id"])
    assert skipped.at[(4, "q_credit_cards_flight_booked"), "detail"] == "flight_booked_status"
    # 6 is not saving: the horizon follow-up is ruled out, the next one passes over both
    assert queued(result, 6, "preference_center") == ["q_identity_contact_03"]
    assert reason(result, 6, "q_banking_savings_horizon") == "screener_rules_out"


def test_recontact_days_hold_back_a_question_asked_lately(catalog):
    result = cq.customer_queue(small_plan(), catalog, extract(), WIDE, HISTORY)
    # declined 10 days ago: held back; declined 100 days ago: asked again, saying when
    assert "q_credit_cards_reward_categories" not in queued(result, 5, "in_app")
    assert reason(result, 5, "q_credit_cards_reward_categories") == "recontact"
    skipped = result.skipped.set_index(["customer_id", "question_id"])
    assert skipped.at[(5, "q_credit_cards_reward_categories"), "detail"] == "2026-11-19"
    rows = result.queue[result.queue["customer_id"] == 5].set_index("question_id")
    assert rows.at["q_banking_savings_goal", "last_asked"] == "2026-08-21"
    assert rows.at["q_banking_savings_goal", "why"] == (
        "Highest value not yet known; last asked 2026-08-21, not answered"
    )
    # with a recontact period of 5 days the one declined 10 days ago comes back
    short = cq.QueueSettings(recontact_days=5, display_limit=10, per_channel=3, today=TODAY)
    again = cq.customer_queue(small_plan(), catalog, extract(), short, HISTORY)
    assert "q_credit_cards_reward_categories" in queued(again, 5, "in_app")


def test_an_answer_in_the_history_counts_as_known(catalog):
    history = pd.DataFrame({"customer_id": ["1"], "question_id": ["q_future_plans_01"],
                            "asked_on": ["2025-01-02"], "outcome": ["Answered"]})  # fmt: skip
    result = cq.customer_queue(small_plan(), catalog, extract(), WIDE, history)
    assert reason(result, 1, "q_future_plans_01") == "answered"
    # its answer is not in the data, so the follow-up is asked of him without a condition
    assert queued(result, 1, "in_app") == [
        "q_credit_cards_flight_booked", "q_credit_cards_reward_categories"]  # fmt: skip
    why = result.queue[result.queue["customer_id"] == 1]["why"].iloc[0]
    assert why.endswith("q_future_plans_01 is already answered")


def test_display_limit_keeps_the_most_valuable_asks_and_counts_the_history(catalog):
    two = cq.QueueSettings(recontact_days=30, display_limit=2, per_channel=3, today=TODAY)
    result = cq.customer_queue(small_plan(), catalog, extract(), two, HISTORY)
    # customer 1: the two most valuable of six, one per channel here (0.5 and 0.4)
    assert queued(result, 1, "in_app") == ["q_future_plans_01"]
    assert queued(result, 1, "preference_center") == ["q_banking_savings_goal"]
    assert reason(result, 1, "q_banking_savings_horizon") == "display_limit"
    # customer 5 was asked twice already: nothing more
    assert (result.queue["customer_id"] == 5).sum() == 0
    assert result.queue.groupby("customer_id").size().max() == 2


def test_per_channel_keeps_the_next_question_of_each_channel(catalog):
    one = cq.QueueSettings(recontact_days=30, display_limit=10, per_channel=1, today=TODAY)
    result = cq.customer_queue(small_plan(), catalog, extract(), one, HISTORY)
    assert result.queue.groupby(["customer_id", "channel"]).size().max() == 1
    assert queued(result, 3, "in_app") == ["q_credit_cards_flight_booked"]
    assert reason(result, 1, "q_credit_cards_flight_booked") == "channel_limit"


def test_a_follow_up_whose_screener_waits_elsewhere_is_not_asked(catalog):
    # the screener held back by recontact: its follow-up waits for it
    history = pd.DataFrame({"customer_id": [1], "question_id": ["q_future_plans_01"],
                            "asked_on": ["2026-11-25"], "outcome": ["declined"]})  # fmt: skip
    result = cq.customer_queue(small_plan(), catalog, extract(), WIDE, history)
    assert reason(result, 1, "q_future_plans_01") == "recontact"
    assert reason(result, 1, "q_credit_cards_flight_booked") == "awaiting_screener"
    assert queued(result, 1, "in_app") == ["q_credit_cards_reward_categories"]


def test_the_why_is_in_hebrew_when_asked(catalog):
    result = cq.customer_queue(small_plan(), catalog, extract(), WIDE, HISTORY, lang="he")
    whys = result.queue["why"].tolist()
    assert all(HEBREW.search(w) for w in whys)
    assert "נשאלה לאחרונה ב-2026-08-21 ולא נענתה" in " ".join(whys)


def inferable_extract(n: int = 900, seed: int = 3) -> pd.DataFrame:
    """Savings goal follows the customer's age band (planted), known for 40 %; the trip plans
    are random noise, known for 40 %."""
    rng = np.random.default_rng(seed)
    age = rng.integers(20, 80, n)
    goal = np.where(age >= 50, "retirement", "buying_home")
    trip = np.array(["yes_within_month", "no"], dtype=object)[rng.integers(0, 2, n)]
    return pd.DataFrame({
        "customer_id": [f"C{i:04d}" for i in range(n)],
        "age": age,
        "branch": np.array(["north", "south", "centre"])[rng.integers(0, 3, n)],
        "savings_goal": pd.Series(goal, dtype="string").where(rng.random(n) < 0.4),
        "q_future_plans_01": pd.Series(trip, dtype="string").where(rng.random(n) < 0.4),
    })  # fmt: skip


def test_an_inferable_answer_is_skipped_with_the_answer_it_predicts(catalog):
    frame = inferable_extract()
    result = cq.customer_queue(small_plan(), catalog, frame, WIDE)
    check = result.inference["q_banking_savings_goal"]
    assert check.used and check.precision >= 0.9 and check.confident >= 10
    inferred = result.skipped[result.skipped["reason"] == "inferable"]
    assert set(inferred["question_id"]) == {"q_banking_savings_goal"}
    truth = dict(
        zip(
            frame["customer_id"],
            np.where(frame["age"] >= 50, "retirement", "buying_home"),
            strict=True,
        )
    )
    predicted = dict(zip(inferred["customer_id"], inferred["detail"], strict=True))
    right = np.mean([truth[c] == p for c, p in predicted.items()])
    assert len(predicted) > 0.5 * frame["savings_goal"].isna().sum() and right >= 0.95
    # the random trip plans are not trusted to a model
    assert not result.inference["q_future_plans_01"].used
    # an inferred "retirement" lets the horizon follow-up through, with the inferred answer
    someone = inferred["customer_id"].iloc[0]
    assert "q_banking_savings_horizon" in queued(result, someone, "preference_center")
    # without inference the same customers are asked
    none = cq.QueueSettings(recontact_days=30, display_limit=10, per_channel=3, today=TODAY,
                            infer_threshold=None)  # fmt: skip
    plain = cq.customer_queue(small_plan(), catalog, frame, none)
    assert not plain.inference and "inferable" not in set(plain.skipped["reason"])
    assert "q_banking_savings_goal" in queued(plain, someone, "preference_center")


def test_csv_and_json_read_back(catalog):
    result = cq.customer_queue(small_plan(), catalog, extract(), WIDE, HISTORY, lang="he")
    data = cq.queue_csv(result)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel opens Hebrew UTF-8 with the mark
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)
    assert list(back.columns) == cq.QUEUE_COLUMNS
    assert back["question_id"].tolist() == result.queue["question_id"].tolist()
    assert back["why"].tolist() == result.queue["why"].tolist()
    assert back["rank"].tolist() == result.queue["rank"].tolist()
    document = json.loads(cq.queue_json(result, skipped=True))
    assert document["settings"] == {"recontact_days": 30, "display_limit": 10, "per_channel": 3,
                                    "today": "2026-11-29", "infer_threshold": 0.9,
                                    "id_column": "customer_id"}  # fmt: skip
    assert document["columns"]["q_banking_savings_goal"] == ["savings_goal"]
    assert len(document["queue"]) == len(result.queue)
    assert document["queue"][0] == {
        "customer_id": 1, "channel": "in_app", "rank": 1, "question_id": "q_future_plans_01",
        "value": 0.5, "last_asked": "", "why": "הערך הגבוה ביותר מבין מה שעוד לא ידוע"}  # fmt: skip
    reasons = {(r["customer_id"], r["question_id"]): r["reason"] for r in document["skipped"]}
    assert reasons[(2, "q_credit_cards_flight_booked")] == "screener_rules_out"
    skipped = pd.read_csv(io.BytesIO(cq.skipped_csv(result)), encoding="utf-8-sig")
    assert list(skipped.columns) == cq.SKIPPED_COLUMNS and len(skipped) == len(result.skipped)


# --- what a consultant must fix ----------------------------------------------------------------


def test_settings_refuse_what_cannot_be_used():
    with pytest.raises(cq.QueueError, match="display_limit is -1; give a whole number"):
        cq.QueueSettings(display_limit=-1)
    with pytest.raises(cq.QueueError, match="per_channel is 0"):
        cq.QueueSettings(per_channel=0)
    with pytest.raises(cq.QueueError, match=r"infer_threshold is 0\.3"):
        cq.QueueSettings(infer_threshold=0.3)


def test_an_extract_without_its_id_or_with_a_customer_twice_is_refused(catalog):
    frame = extract().rename(columns={"customer_id": "CustNo"})
    with pytest.raises(cq.QueueError, match=r"no id column 'customer_id' \(its columns: CustNo"):
        cq.customer_queue(small_plan(), catalog, frame, WIDE)
    twice = pd.concat([extract(), extract().head(2)])
    with pytest.raises(cq.QueueError, match=r"2 customer_id value\(s\) more than once \(1, 2\)"):
        cq.customer_queue(small_plan(), catalog, twice, WIDE)
    blank = extract().astype({"customer_id": object})
    blank.loc[3, "customer_id"] = None
    with pytest.raises(cq.QueueError, match=r"1 row\(s\) without a customer_id \(file rows 5"):
        cq.customer_queue(small_plan(), catalog, blank, WIDE)


def test_a_history_with_missing_columns_or_bad_rows_is_refused(catalog):
    with pytest.raises(cq.QueueError, match="lacks column\\(s\\) outcome"):
        cq.customer_queue(small_plan(), catalog, extract(), WIDE, HISTORY.drop(columns="outcome"))
    bad = HISTORY.copy()
    bad.loc[0, "outcome"] = "maybe"
    bad.loc[1, "asked_on"] = "2026-12-25"
    with pytest.raises(cq.QueueError) as caught:
        cq.customer_queue(small_plan(), catalog, extract(), WIDE, bad)
    message = str(caught.value)
    assert "1 row(s) with an outcome other than answered or declined (file rows 2)" in message
    assert "1 row(s) with a date after today (2026-11-29) (file rows 3)" in message
    # the names a CRM export uses are taken too
    renamed = HISTORY.rename(columns={"asked_on": "Date", "outcome": "Status"})
    result = cq.customer_queue(small_plan(), catalog, extract(), WIDE, renamed)
    assert reason(result, 5, "q_credit_cards_reward_categories") == "recontact"


# --- invariants on any extract and history --------------------------------------------------------

CODES = {
    "q_future_plans_01": ["yes_within_month", "yes_1_3_months", "no", ""],
    "flight_booked_status": ["not_yet", "booked_another_card", ""],
    "savings_goal": ["retirement", "not_saving_right_now", "prefer_not_to_say", ""],
}
PLANNED = [q for items in SMALL.values() for q, _ in items]


@st.composite
def cases(draw):
    n = draw(st.integers(1, 25))
    frame = pd.DataFrame({"customer_id": range(1, n + 1)})
    for column, codes in CODES.items():
        frame[column] = draw(st.lists(st.sampled_from(codes), min_size=n, max_size=n))
    asked = draw(st.lists(st.tuples(st.integers(1, n), st.sampled_from(PLANNED),
                                    st.integers(0, 90), st.sampled_from(cq.OUTCOMES)),
                          max_size=30))  # fmt: skip
    history = pd.DataFrame(asked, columns=["customer_id", "question_id", "days", "outcome"])
    history["asked_on"] = [(TODAY - dt.timedelta(days=int(d))).isoformat()
                           for d in history["days"]]  # fmt: skip
    setting = cq.QueueSettings(recontact_days=draw(st.integers(0, 60)),
                               display_limit=draw(st.integers(0, 6)),
                               per_channel=draw(st.integers(1, 3)), today=TODAY)  # fmt: skip
    return frame, history.drop(columns="days"), setting


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_the_queue_never_asks_what_is_filled_and_keeps_every_limit(catalog, case):
    frame, history, setting = case
    result = cq.customer_queue(small_plan(), catalog, frame, setting, history)
    q = result.queue
    filled = {(c, col) for col in CODES for c, v in zip(frame["customer_id"], frame[col],
                                                       strict=True) if v}  # fmt: skip
    for customer, qid in zip(q["customer_id"], q["question_id"], strict=True):
        assert all((customer, col) not in filled for col in result.columns[qid])
    said = history[history["outcome"] == "answered"]
    answered = set(zip(said["customer_id"], said["question_id"], strict=True))
    assert not answered & set(zip(q["customer_id"], q["question_id"], strict=True))
    asks = history["customer_id"].value_counts()
    per_customer = q.groupby("customer_id").size()
    for customer, size in per_customer.items():
        assert size <= setting.display_limit - asks.get(customer, 0)
    assert (q.groupby(["customer_id", "channel"]).size() <= setting.per_channel).all()
    recent = history[pd.to_datetime(history["asked_on"]).dt.date
                     > TODAY - dt.timedelta(days=setting.recontact_days)]  # fmt: skip
    assert not set(zip(recent["customer_id"], recent["question_id"], strict=True)) & set(
        zip(q["customer_id"], q["question_id"], strict=True)
    )
    # a follow-up only after its screener: known with an answer that leads to it, or just before
    plan = small_plan().questions
    for (customer, _), rows in q.groupby(["customer_id", "channel"]):
        order = rows.sort_values("rank")["question_id"].tolist()
        assert rows["rank"].sort_values().tolist() == list(range(1, len(order) + 1))
        for k, qid in enumerate(order):
            screener = plan.at[qid, "follows"]
            if not screener:
                continue
            held = {col: frame.set_index("customer_id").at[customer, col]
                    for col in result.columns[screener]}  # fmt: skip
            told = any(held.values()) or (customer, screener) in answered
            assert told or screener in order[:k]
            skip = {c for c in plan.at[qid, "skip_if"].partition(":")[2].split(";")}
            assert not any(v in skip for v in held.values() if v)
    # every planned question is queued or skipped for every customer, once
    assert len(q) + len(result.skipped) == len(frame) * len(PLANNED)


# --- a sample organisation and the command line (slow) --------------------------------------------


@functools.cache
def tavor() -> Assessment:
    catalog = load_catalog()
    (eng,) = [e for e in sample_engagements() if e.org_id == "tavor_bank"]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    return assess_engagement(intake, catalog, default_decisions(catalog, eng), steps=shared_steps())


@pytest.mark.slow
def test_a_sample_banks_extract_is_queued_by_the_plans_value(catalog):
    assessment = tavor()
    frame, planted = cq.synthetic_extract(assessment, n=3000, fill=0.3)
    setting = cq.QueueSettings(recontact_days=30, display_limit=4, per_channel=2, today=TODAY)
    result = cq.customer_queue(assessment, catalog, frame, setting)
    assert {q: c[0] for q, c in result.columns.items() if c} == planted["columns"]
    inferred = result.skipped[result.skipped["reason"] == "inferable"]
    assert set(inferred["question_id"]) == {planted["inferable"]}
    assert len(inferred) > 0.5 * frame[planted["columns"][planted["inferable"]]].isna().sum()
    q = result.queue
    for qid, column in planted["columns"].items():
        known = set(frame.loc[frame[column].notna(), "customer_id"])
        assert not known & set(q.loc[q["question_id"] == qid, "customer_id"])
    assert q.groupby("customer_id").size().max() == 4
    # within a channel, the queue follows the plan's asking order
    plan = assessment.plan
    for channel, rows in q.groupby("channel"):
        order = list(plan.channels.at[channel, "question_ids"])
        for _, one in rows.groupby("customer_id"):
            positions = [order.index(x) for x in one.sort_values("rank")["question_id"]]
            assert positions == sorted(positions)
    # the most valuable question of the plan that opens its own channel's asking order leads
    # there where it is not known, asked or inferred (the asking order puts the brief's first
    # need first: the bank's salary screener opens the service process, before the home purchase)
    planned = plan.questions[plan.questions["in_plan"]].sort_values("value", ascending=False)
    top = next(
        qid for qid in planned.index
        if plan.channels.at[planned.at[qid, "channel"], "question_ids"][0] == qid
    )  # fmt: skip
    column = planted["columns"].get(top)
    unknown = frame["customer_id"] if column is None else frame.loc[frame[column].isna(),
                                                                      "customer_id"]  # fmt: skip
    asked = q[q["question_id"] == top]
    own = asked[asked["channel"] == plan.questions.at[top, "channel"]]
    assert (own["rank"] == 1).all() and len(own) > 0  # first in its own channel
    waits = result.skipped[result.skipped["question_id"] == top]
    known = waits[waits["reason"] == "known"]["customer_id"]
    assert set(known) == set(frame["customer_id"]) - set(unknown)
    others = waits[waits["reason"] != "known"]["customer_id"]
    assert set(asked["customer_id"]) | set(others) == set(unknown)


@pytest.mark.slow
def test_the_command_line_writes_the_queue_and_the_skipped(tmp_path, capsys, catalog):
    (eng,) = [e for e in sample_engagements() if e.org_id == "tavor_bank"]
    frame, planted = cq.synthetic_extract(tavor(), n=400, fill=0.5)
    frame.to_csv(tmp_path / "customers.csv", index=False)
    first, second = list(planted["columns"])[:2]  # the first is the planted inferable one
    history = {
        "customer_id": [1, 2],
        "question_id": [second, second],
        "channel": ["x", "x"],
        "asked_on": ["2026-11-20", "2026-01-05"],
        "outcome": ["declined", "declined"],
    }
    pd.DataFrame(history).to_csv(tmp_path / "history.csv", index=False)
    out, skipped = tmp_path / "queue.json", tmp_path / "skipped.csv"
    code = main(["queue", str(eng.inventory_path), "--customers", str(tmp_path / "customers.csv"),
                 "--history", str(tmp_path / "history.csv"), "--today", "2026-11-29",
                 "--display-limit", "5", "--per-channel", "2", "--format", "json",
                 "--out", str(out), "--skipped", str(skipped), "--lang", "he"])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert f"{first} <- {planted['columns'][first]}" in printed
    assert f"Wrote {out}" in printed and f"Wrote {skipped}" in printed
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["settings"]["display_limit"] == 5
    assert document["settings"]["today"] == "2026-11-29"
    rows = pd.DataFrame(document["queue"])
    assert rows.groupby("customer_id").size().max() <= 5
    assert all(HEBREW.search(w) for w in rows["why"])
    known = set(frame.loc[frame[planted["columns"][first]].notna(), "customer_id"])
    assert not known & set(rows.loc[rows["question_id"] == first, "customer_id"])
    waits = pd.read_csv(skipped, encoding="utf-8-sig")
    filled = pd.notna(frame.at[0, planted["columns"][second]])
    # in every channel it is asked in (its own, and any it is asked again in)
    said = waits[(waits["customer_id"] == 1) & (waits["question_id"] == second)]["reason"]
    assert len(said) >= 1 and set(said) == {"known" if filled else "recontact"}
    # CSV too, and a wrong setting is a message, not a stack trace
    csv_out = tmp_path / "queue.csv"
    assert main(["queue", str(eng.inventory_path), "--customers", str(tmp_path / "customers.csv"),
                 "--today", "2026-11-29", "--out", str(csv_out)]) == 0  # fmt: skip
    back = pd.read_csv(csv_out, encoding="utf-8-sig")
    assert list(back.columns) == cq.QUEUE_COLUMNS and back.groupby("customer_id").size().max() <= 3
    capsys.readouterr()
    assert main(["queue", str(eng.inventory_path), "--customers", str(tmp_path / "customers.csv"),
                 "--display-limit", "-2", "--out", str(csv_out)]) == 2  # fmt: skip
    assert "display_limit is -2; give a whole number of 0 or more" in capsys.readouterr().err


def test_an_answer_under_a_code_renamed_since_reads_as_the_code_it_is_now(catalog):
    """Codes renamed in one migration (templates/option_code_renames.csv: ``1_3_months`` read
    "In 2–3 months") keep their answers: one code or several, in their order."""
    renamed = catalog.option_code_renames["q_future_plans_01"]
    assert renamed["yes_1_3_months"] == "yes_in_2_3_months"
    answers = np.array(["yes_1_3_months", "", "no", "yes_within_month;yes_3_6_months"],
                       dtype=object)  # fmt: skip
    assert cq.current_codes(answers, renamed).tolist() == [
        "yes_in_2_3_months", "", "no", "yes_this_month_or_next;yes_in_4_6_months"]  # fmt: skip
    assert cq.current_codes(answers, None) is answers
