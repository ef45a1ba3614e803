"""Question × channel pairs: the rules that forbid unfit pairs (and say why), effect and cost."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ..catalog import Catalog
from .model import TANGIBLE_INCENTIVES, Budget

PAIR_COLUMNS = (
    "question_id", "channel_id", "allowed", "reason", "reason_accepted", "reach", "response",
    "linkability", "audience", "effect", "burden_seconds", "money_ils", "cost",
)  # fmt: skip


def question_channel_pairs(
    questions: pd.DataFrame,
    catalog: Catalog,
    channels: Sequence[str],
    budgets: Mapping[str, Budget] | None = None,
    reach: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Every question × channel pair: allowed or the rule that forbids it, effect and cost.

    ``reach`` replaces the catalog's reach of a channel with the client's own figure (the brief
    says its preference page reached 3%).
    """
    reach = reach or {}
    a = catalog.assumptions
    ch = catalog.channel_records
    budgets = budgets or {}
    sens_factor = a.group("response.sensitivity_factor")
    incentive_ratio = a.number("response.incentive_ratio")
    seconds_per_q = a.number("burden.seconds_per_simple_question")
    ils_per_q = a.number("cost.ils_per_question_equivalent")
    special_topics = set(catalog.topics.index[catalog.topics["special_category"]])
    available = set(channels)
    channel_rows = list(ch.values())
    rows = []
    for q in questions[
        [
            "question_id",
            "sensitivity",
            "topic_list",
            "answer_type",
            "incentive_type",
            "channel_list",
            "burden_seconds",
            "incentive_cost_ils",
            "audience",
        ]
    ].to_dict("records"):
        special = q["sensitivity"] == "special" or bool(special_topics & set(q["topic_list"]))
        needs_consent = q["sensitivity"] in ("high", "special")
        base_factor = sens_factor[q["sensitivity"]]
        if q["incentive_type"] in TANGIBLE_INCENTIVES:
            base_factor *= incentive_ratio
        bank_channels = set(q["channel_list"])
        burden = float(q["burden_seconds"])
        audience = float(q["audience"])  # the share of customers the question applies to
        for c in channel_rows:
            cid = c["channel_id"]
            reason, accepted = None, None
            if cid not in available:
                reason = "rule_not_available"
            elif special and (cid in ("sms", "ivr_survey") or c["public_screen"]):
                reason = "rule_special_category"
            elif q["answer_type"] not in c["answer_type_list"]:
                reason, accepted = "rule_answer_type", q["answer_type"]
            elif needs_consent and not c["consent_capture"]:
                reason, accepted = "rule_consent_capture", q["sensitivity"]
            elif cid not in bank_channels:
                reason = "rule_not_in_bank"
            response = min(c["response_rate"] * base_factor, c["response_high"])
            max_s = budgets.get(cid, (c["max_questions"], c["max_seconds"]))[1]
            money = q["incentive_cost_ils"] + c["cost_per_response_ils"]
            if reason is None and burden > max_s:
                reason = "rule_budget_full"
            rows.append(
                (
                    q["question_id"],
                    cid,
                    reason is None,
                    reason or "",
                    accepted,
                    reach.get(cid, c["reach"]),
                    response,
                    c["linkability"],
                    audience,
                    reach.get(cid, c["reach"]) * response * c["linkability"] * audience,
                    burden,
                    money,
                    burden / seconds_per_q + money / ils_per_q,
                )
            )
    return pd.DataFrame.from_records(rows, columns=PAIR_COLUMNS)


def fatigue_factor(slot: int, after: float, per_question: float) -> float:
    """Share of a channel's respondents still answering at position ``slot`` (1-based)."""
    share: float = (1 - per_question) ** max(0, slot - after)
    return share
