"""Question × channel pairs: the rules that forbid unfit pairs (and say why), effect and cost."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import pandas as pd

from .. import merge_fields
from ..catalog import Catalog
from .model import TANGIBLE_INCENTIVES, Budget, PlanError
from .spoken import SPOKEN_CHANNELS, question_room, question_speaking_seconds


class SpecialCategory(NamedTuple):
    """The category of information of special sensitivity that keeps a question out of a channel
    (``reason_accepted`` of ``rule_special_category``): its id, label and legal clause in both
    languages, for the message to name them."""

    category_id: str
    label_en: str
    label_he: str
    clause_en: str
    clause_he: str

    def __str__(self) -> str:
        return self.category_id


def special_categories(q: Mapping[Any, Any], catalog: Catalog) -> list[str]:
    """The sensitivity categories of a question: those its ``sensitivity_category`` names (a
    special question's own, ``;``-separated, the main one first), then those of the special topics
    it informs, strongest first.

    A special question that names none and informs no special topic (a question the room wrote)
    gets every category, so that it is kept out of every channel any category rules out.
    """
    value = q.get("sensitivity_category")
    own = value.split(";") if isinstance(value, str) else []  # a room's question has none (NaN)
    known = catalog.sensitivity.index
    named = [c.strip() for c in own if c.strip()]
    for category in named:
        if category not in known:
            raise PlanError(
                f"Question {q['question_id']}: sensitivity_category {category!r} is not a "
                f"category of sensitivity.csv; accepted: {', '.join(map(str, known))}, separated "
                "by ';'. Correct the question's category or add the category to sensitivity.csv"
            )
    topics = catalog.topics["sensitivity_category"]
    strengths = q.get("topic_strengths")
    ordered = (
        sorted(strengths, key=lambda t: -strengths[t])
        if isinstance(strengths, Mapping)
        else list(q.get("topic_list") or ())
    )
    out = list(dict.fromkeys(named))
    for topic in ordered:
        category = str(topics.get(topic) or "")
        if category and category not in out:
            out.append(category)
    if not out and q.get("sensitivity") == "special":
        out = [str(c) for c in known]
    return out


PAIR_COLUMNS = (
    "question_id", "channel_id", "allowed", "reason", "reason_accepted", "reach", "response",
    "linkability", "audience", "effect", "burden_seconds", "money_ils", "cost",
)  # fmt: skip


#: GSM 03.38 characters sent as an escape pair (two septets) in a GSM-7 message
_GSM_EXTENSION = frozenset("^{}\\[~]|€")


def sms_text(question: Mapping[Any, Any]) -> str:
    """An SMS question's message: its Hebrew text (English if none) and numbered options."""
    he = str(question.get("text_he") or "").strip()
    text = he or str(question.get("text_en") or "").strip()
    options = question.get("options_he_list" if he else "options_en_list")
    lines = [text, *(f"{n}. {o}" for n, o in enumerate(list(options or []), start=1))]
    return "\n".join(lines)


def sms_segments(text: str, sizes: Mapping[str, float]) -> int:
    """Segments one SMS of ``text`` takes (3GPP TS 23.038/23.040).

    Any character outside ASCII (every Hebrew letter) sends the whole message in UCS-2: 70
    characters alone, 67 per part once concatenated. ASCII-only text goes in GSM-7: 160 / 153,
    with ``^{}\\[~]|`` counting twice. ``sizes`` holds the assumptions ``sms.*_chars``.
    """
    if any(ord(ch) > 127 for ch in text):
        units = len(text.encode("utf-16-le")) // 2
        single, part = sizes["ucs2_single_chars"], sizes["ucs2_part_chars"]
    else:
        units = len(text) + sum(ch in _GSM_EXTENSION for ch in text)
        single, part = sizes["gsm_single_chars"], sizes["gsm_part_chars"]
    if units <= single:
        return 1
    return math.ceil(units / part)


def _sms_parameters(catalog: Catalog) -> dict[str, float]:
    sms = catalog.assumptions.group("sms")
    needed = (
        "ils_per_segment", "ucs2_single_chars", "ucs2_part_chars", "gsm_single_chars",
        "gsm_part_chars",
    )  # fmt: skip
    missing = [f"sms.{k}" for k in needed if k not in sms]
    if missing:
        raise ValueError(
            f"assumptions.csv lacks {', '.join(missing)}, needed to price SMS questions by "
            "segment; copy these rows from the shipped templates/assumptions.csv"
        )
    return sms


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

    ``money_ils`` per answer = the question's incentive + the channel's cost per response, and for
    SMS also the question's own segments × ``sms.ils_per_segment`` (a long Hebrew question with
    numbered options takes 2–3 segments).
    """
    reach = reach or {}
    a = catalog.assumptions
    ch = catalog.channel_records
    budgets = budgets or {}
    sens_factor = a.group("response.sensitivity_factor")
    incentive_ratio = a.number("response.incentive_ratio")
    seconds_per_q = a.number("burden.seconds_per_simple_question")
    ils_per_q = a.number("cost.ils_per_question_equivalent")
    blocked_by: dict[str, list[str]] = {}  # category -> channels its items are never asked in
    specials: dict[str, SpecialCategory] = {}
    for cat, rec in catalog.sensitivity_records.items():
        blocked_by[cat] = catalog.sensitivity_channels(cat)
        specials[cat] = SpecialCategory(
            cat, str(rec["label_en"]), str(rec["label_he"]),
            catalog.sensitivity_citation(cat, "en"), catalog.sensitivity_citation(cat, "he"),
        )  # fmt: skip
    available = set(channels)
    channel_rows = list(ch.values())
    sms = _sms_parameters(catalog) if "sms" in ch else {}
    rows = []
    columns = [
        "question_id",
        "sensitivity",
        "topic_strengths",
        "topic_list",
        "answer_type",
        "incentive_type",
        "channel_list",
        "burden_seconds",
        "incentive_cost_ils",
        "audience",
        "sensitivity_category",
        "text_en",  # the SMS text, for its segments
        "text_he",
        "options_en_list",
        "options_he_list",
        "follows",  # a follow-up inside a subject already consented to: no consent step
    ]
    room = {
        str(c["channel_id"]): question_room(
            str(c["channel_id"]),
            float(budgets.get(c["channel_id"], (c["max_questions"], c["max_seconds"]))[1]),
            catalog,
        )
        for c in ch.values()
    }
    for q in questions[[c for c in columns if c in questions.columns]].to_dict("records"):
        # a special question, or one that informs a special topic: never in a channel that its
        # categories rule out (sensitivity.csv), the rule naming the category that does
        blocked: dict[str, SpecialCategory] = {}
        for cat in special_categories(q, catalog):
            for cid in blocked_by[cat]:
                blocked.setdefault(cid, specials[cat])
        needs_consent = q["sensitivity"] in ("high", "special")
        base_factor = sens_factor[q["sensitivity"]]
        if q["incentive_type"] in TANGIBLE_INCENTIVES:
            base_factor *= incentive_ratio
        bank_channels = set(q["channel_list"])
        burden = float(q["burden_seconds"])
        audience = float(q["audience"])  # the share of customers the question applies to
        # a merge field counts as the value it stands for (the card's 4 digits, a date)
        lang = "he" if str(q.get("text_he") or "").strip() else "en"
        message = merge_fields.fill(catalog, sms_text(q), lang, "example")
        sms_ils = sms_segments(message, sms) * sms["ils_per_segment"] if sms else 0.0
        for c in channel_rows:
            cid = c["channel_id"]
            reason, accepted = None, None
            if cid not in available:
                reason = "rule_not_available"
            elif cid in blocked:
                reason, accepted = "rule_special_category", blocked[cid]
            elif q["answer_type"] not in c["answer_type_list"]:
                reason, accepted = "rule_answer_type", q["answer_type"]
            elif needs_consent and not c["consent_capture"]:
                reason, accepted = "rule_consent_capture", q["sensitivity"]
            elif cid not in bank_channels:
                reason = "rule_not_in_bank"
            response = min(c["response_rate"] * base_factor, c["response_high"])
            seconds = (
                question_speaking_seconds(q, cid, catalog) if cid in SPOKEN_CHANNELS else burden
            )
            money = q["incentive_cost_ils"] + c["cost_per_response_ils"]
            if cid == "sms":
                money += sms_ils
            if reason is None and seconds > room[cid]:
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
                    seconds,
                    money,
                    seconds / seconds_per_q + money / ils_per_q,
                )
            )
    return pd.DataFrame.from_records(rows, columns=PAIR_COLUMNS)


def fatigue_factor(slot: int, after: float, per_question: float) -> float:
    """Share of a channel's respondents still answering at position ``slot`` (1-based)."""
    share: float = (1 - per_question) ** max(0, slot - after)
    return share


def contact_slot(slot: int, per_contact: float) -> int:
    """The position of a channel's ``slot``-th question (1-based) in the contact that asks it: a
    client's budget may hold several contacts of the catalog's ``max_questions`` each (two app
    prompts a quarter, three questions each), and a second prompt, sent a month later, is not
    tired by the first."""
    size = max(1, int(per_contact))
    return (slot - 1) % size + 1
