"""The plan as people read it: ranked records, waves, explanations and the channel plan."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, cast

import pandas as pd

from ..catalog import Catalog
from ..intake import make_issue
from ..notices import notice_for_channel, short_notice
from ..wording import question_stem, question_text
from .model import WAVES, Bilingual, Choice, Option, PassResult, Plan, Problem, min_points
from .spoken import opening_seconds

#: The plan-only fields of a question left out of the plan.
NOT_PLANNED: dict[str, Any] = {
    "in_plan": False, "position": None, "runner_up_channel": None, "channel_reason_en": "",
    "channel_reason_he": "", "reach": None, "response": None, "linkability": None,
    "expected_answers": None, "expected_answers_count": None, "answered_12m": None,
    "audience": None,
    "incentive_cost_12m_ils": None, "wave": None, "wave_label_en": "", "wave_label_he": "",
    "also_channels": (), "repeats": (),
}  # fmt: skip
#: The status a question takes from the rule that keeps it out of the plan.
STATUS_OF_REASON = {
    "rule_no_goal": "purpose_limitation",
    "rule_no_use_case": "purpose_limitation",
    "rule_answer_held": "minimisation",
    "rule_observable": "minimisation",
    "rule_duplicate": "duplicate",
    "rule_follows": "follow_up",
    "rule_already_known": "minimisation",
    "rule_excluded": "excluded",
    "rule_industry": "other_industry",
}

#: A question as a plain record (the bank's or the pool's columns).
QuestionRow = Mapping[str, Any]
#: A channel that a rule forbids for a question: (channel, rule kind, what the rule accepts).
Forbidden = tuple[str, str, Any]


class LeftOut(NamedTuple):
    """A question outside the plan, in the order the backlog lists them."""

    ruled_out: int  # 0: could be asked in a later round; 1: a rule keeps it out
    neg_value: float  # minus its value now, so that the most valuable comes first
    question_id: str
    question: QuestionRow
    best: Option | None  # its best channel now (None when a rule keeps it out)
    kind: str
    reason_en: str
    reason_he: str


class _Reasons:
    """Rule explanations, rendered once per (kind, value, accepted)."""

    def __init__(self, catalog: Catalog, questions: Mapping[str, QuestionRow]) -> None:
        self.catalog = catalog
        self.questions = questions
        self.cache: dict[tuple[str, Any, Any], Bilingual] = {}

    def __call__(self, kind: str, value: Any = None, accepted: Any = None) -> Bilingual:
        key = (kind, value, accepted)
        if key not in self.cache:
            self.cache[key] = reason_text(self.catalog, kind, value, accepted, self.questions)
        return self.cache[key]


#: Rules whose ``value`` is a channel id (or several, joined by ", ").
_CHANNEL_VALUE = {
    "rule_not_available", "rule_not_in_bank", "rule_answer_type", "rule_special_category",
    "rule_consent_capture", "rule_moment_avoid", "rule_lower_value", "rule_budget_full",
    "rule_follow_up_not_here",
}  # fmt: skip
#: Rules whose ``accepted`` is a question id, named by its text.
_QUESTION_ACCEPTED = {"rule_duplicate", "rule_follows", "rule_follow_up_not_here"}


def reason_text(
    catalog: Catalog,
    kind: str,
    value: Any = None,
    accepted: Any = None,
    questions: Mapping[str, QuestionRow] | None = None,
) -> Bilingual:
    """A rule's explanation in both languages, each naming channels, questions, answer types,
    sensitivities, use cases and industries in its own language, never by id."""
    localized = {lang: named_values(catalog, kind, value, accepted, lang, questions)
                 for lang in ("en", "he")}  # fmt: skip
    issue = make_issue(catalog, kind, value=value, accepted=accepted, localized=localized)
    return issue.message_en, issue.message_he


def question_name(q: QuestionRow | None, qid: str, lang: str) -> str:
    """A question as a sentence names it: its text in quotes, without an instruction in brackets
    after it (the id when it has no text)."""
    if q is None:
        return qid
    text = question_stem(str(q.get(f"text_{lang}") or q.get("text_en") or ""))
    return f"“{text}”" if text else qid


def named_values(
    catalog: Catalog,
    kind: str,
    value: Any,
    accepted: Any,
    lang: str,
    questions: Mapping[str, QuestionRow] | None = None,
) -> dict[str, Any]:
    """The placeholders of a rule's message that name something, in ``lang``."""
    out: dict[str, Any] = {}
    channels = catalog.channel_records
    if kind in _CHANNEL_VALUE and isinstance(value, str) and value:
        ids = [v.strip() for v in value.split(",")]
        if all(c in channels for c in ids):
            out["value"] = ", ".join(str(channels[c][f"label_{lang}"]) for c in ids)
    if not isinstance(accepted, str) or not accepted:
        return out
    labels = catalog.labels[lang]
    if kind in _QUESTION_ACCEPTED:
        out["accepted"] = question_name((questions or {}).get(accepted), accepted, lang)
    elif kind == "rule_answer_type" and f"answer.{accepted}" in labels:
        out["accepted"] = labels[f"answer.{accepted}"]
    elif kind == "rule_consent_capture" and f"sensitivity.{accepted}" in labels:
        out["accepted"] = labels[f"sensitivity.{accepted}"]
    elif kind == "rule_industry" and f"industry.{accepted}" in labels:
        out["accepted"] = labels[f"industry.{accepted}"]
    elif kind == "rule_moment_avoid":
        use_cases = catalog.use_cases
        if accepted in use_cases.index:
            out["accepted"] = str(use_cases.at[accepted, f"label_{lang}"])
    return out


def wave_of(catalog: Catalog, rank: int, n_plan: int, channel: str, sensitivity: str) -> str:
    """A question's wave, where ``rank`` counts only the questions that could be quick wins."""
    a = catalog.assumptions
    setup = float(catalog.channel_records[channel]["setup_months"])
    if sensitivity in ("high", "special") or setup >= a.number("waves.strategic_setup_months"):
        return "strategic"
    quick = math.ceil(n_plan * a.number("waves.quick_win_share"))
    if rank <= quick and setup <= a.number("waves.quick_win_setup_months"):
        return "quick_win"
    return "next_quarter"


def quick_win_ranks(
    catalog: Catalog, problem: Problem, order: list[str], best: PassResult
) -> dict[str, int]:
    """Per planned question, its rank among the plan's questions that a channel already set up
    can ask now (the quick wins are the most valuable of those, not of the whole plan)."""
    a = catalog.assumptions
    ranks: dict[str, int] = {}
    for qid in order:
        setup = float(catalog.channel_records[best.chosen[qid].channel]["setup_months"])
        sensitive = problem.pool.at[qid, "sensitivity"] in ("high", "special")
        if setup <= a.number("waves.quick_win_setup_months") and not sensitive:
            ranks[qid] = len(ranks) + 1
    return ranks


def ranked_questions(
    problem: Problem, best: PassResult
) -> tuple[pd.DataFrame, dict[str, dict[str, Any]]]:
    """Every question of the pool, ranked: the plan in asking order, then the backlog."""
    ranking = _Ranking(problem, best)
    records: list[dict[str, Any]] = []
    explain: dict[str, dict[str, Any]] = {}
    order = reading_order(problem, best)
    ranking.quick_ranks = quick_win_ranks(problem.catalog, problem, order, best)
    for rank, qid in enumerate(order, start=1):
        record, explain[qid] = ranking.planned(rank, qid, best.chosen[qid])
        ranking.asked_again(record, explain[qid], best.repeats.get(qid, ()))
        records.append(record)
    _waves_in_asking_order(problem.catalog, records, problem.screener)
    # Questions left out: first those that could be asked in a later round, by current value.
    rest = [ranking.left_out(qid) for qid in problem.pool.index if qid not in best.chosen]
    rest.sort(key=lambda r: (r.ruled_out, r.neg_value, r.question_id))
    for rank, left in enumerate(rest, start=len(best.order) + 1):
        records.append(ranking.left_out_record(rank, left))
    # an empty pool (every use case switched off) still gives the plan's columns
    frame = pd.DataFrame.from_records(records, columns=None if records else QUESTION_COLUMNS)
    return frame.set_index("question_id", drop=False), explain


def _waves_in_asking_order(
    catalog: Catalog, records: list[dict[str, Any]], screener: Mapping[str, str]
) -> None:
    """No ask runs before the ask it depends on: a follow-up is in its screener's wave or later,
    a second ask in the first ask's wave or later (it goes to those who have not answered), and a
    follow-up's second ask in its screener's second ask's wave there or later. Panel round 21
    found the insurer's renewal month and its WhatsApp re-ask a quarter before the policies
    question they follow (that one is special, so strategic; they were not)."""
    rank = {w: i for i, w in enumerate(WAVES)}
    planned = {r["question_id"]: r for r in records}  # screeners come before their follow-ups

    def later(wave: str, floor: str) -> str:
        return floor if rank[floor] > rank[wave] else wave

    for record in records:
        lead = planned.get(screener.get(record["question_id"], ""))
        if lead is not None:
            wave = later(record["wave"], lead["wave"])
            if wave != record["wave"]:
                record["wave"] = wave
                for lang in ("en", "he"):
                    record[f"wave_label_{lang}"] = catalog.text(f"wave.{wave}", lang)
        lead_again = {r["channel"]: r["wave"] for r in lead["repeats"]} if lead else {}
        for again in record.get("repeats", ()):
            again["wave"] = later(again["wave"], record["wave"])
            if again["channel"] in lead_again:
                again["wave"] = later(again["wave"], lead_again[again["channel"]])


#: The columns of the plan's questions, in order (each record's keys).
QUESTION_COLUMNS = (
    "question_id", "source", "text_en", "text_he", "topics", "topic_strengths", "primary_topic",
    "answer_type", "sensitivity", "burden_seconds", "value_exchange_en", "value_exchange_he",
    "incentive_type", "incentive_cost_ils", "commitment", "lawful_basis", "follows", "answers",
    "options_en", "options_he", "option_codes", "exclusive_options", "other_specify", "randomise",
    "anchored_options", "skip_if", "translation_missing", "contact_ask_en", "contact_ask_he",
    "contact_yes_en", "contact_yes_he", "contact_answers", "use_cases", "use_case_labels_en",
    "use_case_labels_he", "purpose_en", "purpose_he", "notice_short_en", "notice_short_he",
    "in_plan", "rank", "value", "value_per_second", "channel", "position", "runner_up_channel",
    "channel_reason_en", "channel_reason_he", "reach", "response", "linkability", "audience",
    "expected_answers", "expected_answers_count", "answered_12m", "incentive_cost_12m_ils", "wave",
    "wave_label_en", "wave_label_he", "status", "reason_en", "reason_he", "votes", "also_channels",
    "repeats",
)  # fmt: skip


#: The fields of a question the report reads.
RECORD_FIELDS = (
    "question_id", "source", "text_en", "text_he", "topic_list", "topic_strengths", "answer_type",
    "sensitivity", "burden_seconds", "value_exchange_en", "value_exchange_he", "incentive_type",
    "incentive_cost_ils", "commitment", "follows", "answer_list", "purpose_en", "purpose_he",
    "audience", "options_en_list", "options_he_list", "option_code_list", "exclusive_list",
    "other_specify", "randomise", "anchored_list", "skip_if", "contact_ask_en", "contact_ask_he",
    "contact_yes_en", "contact_yes_he", "contact_answers",
)  # fmt: skip


def _as_records(frame: pd.DataFrame) -> dict[str, QuestionRow]:
    """Rows as records of the fields the report reads (a column at a time: arrow-backed text
    columns are slow to walk cell by cell)."""
    fields = [f for f in RECORD_FIELDS if f in frame.columns]
    columns = [frame[f].tolist() for f in fields]
    return {
        str(qid): dict(zip(fields, values, strict=True))
        for qid, *values in zip(frame.index, *columns, strict=True)
    }


def _records(catalog: Catalog, pool: pd.DataFrame) -> Mapping[str, QuestionRow]:
    """The pool's questions as records: the catalog's own (built once) where the pool has them
    unchanged, the pool's rows where an industry's offers or the room changed them."""
    if not pool.index.isin(catalog.questions.index).all() or (pool["source"] != "bank").any():
        return _as_records(pool)
    if "overridden" not in pool.columns or not pool["overridden"].any():
        return catalog.question_records
    records: dict[str, QuestionRow] = dict(catalog.question_records)
    records.update(_as_records(pool[pool["overridden"]]))
    return records


def rank_help(catalog: Catalog, lang: str) -> str:
    """The reading order in words (the Questions page's rank help, the workbook's note), with the
    first need's share (``reading.first_need_block_share``) as the catalog sets it."""
    share = catalog.assumptions.number("reading.first_need_block_share")
    return catalog.text("ui.rank_help", lang, share=f"{100 * share:g}")


def reading_order(problem: Problem, best: PassResult) -> list[str]:
    """The plan as a consultant reads it: pins first (not those that fix only a channel, the
    consultant's ``pinned_questions``: panel rounds 48 and 49 read three language questions worth
    0.07 index points at the head of the plan as breaking its own "most valuable first"); then
    the best question for each need the client's brief states (so every stated need leads), the
    most valuable first except that the need the brief names first comes first, with the
    question that yields its core answer, when that is worth at least a set share of the most
    valuable lead (``reading.first_need_share``), and right after it the first need's other
    questions worth at least a set share of that lead (``reading.first_need_block_share``); then
    the brief's other questions; then the rest, the most valuable first. A question that sets the
    language of the questions after it (:data:`CONTACT_LANGUAGE_ANSWERS`), for a need of the
    brief, comes before the needs' leads. Each follow-up comes
    right after the question it follows (a screener and its follow-ups rank by the most valuable
    of them).

    The greedy's own order (value per cost, as budgets fill) decides what enters the plan and
    each question's place in its channel; the rank says what matters most.
    """
    chosen = best.chosen
    ranked = problem.settings.ranked_pins  # pins that fix a channel, not a rank
    follow_ups: dict[str, list[str]] = {}
    for qid in best.order:
        s = problem.screener.get(qid)
        if s is not None and s in chosen and not (chosen[qid].pinned and qid not in ranked):
            follow_ups.setdefault(s, []).append(qid)
    grouped = {f for fs in follow_ups.values() for f in fs}

    def group(qid: str) -> list[str]:
        out = [qid]
        for f in follow_ups.get(qid, ()):
            out.extend(group(f))
        return out

    heads = [q for q in best.order if q not in grouped]
    groups = [group(q) for q in heads]
    position = {q: i for i, q in enumerate(best.order)}

    use_cases = problem.scores.use_cases
    table = use_cases.table if use_cases is not None else None
    brief_rank: dict[str, int] = (
        dict(zip(table.index, table["brief_rank"], strict=True))
        if table is not None and "brief_rank" in table
        else {}
    )
    brief = (
        {u for u, brief_in in zip(table.index, table["in_brief"], strict=True) if brief_in}
        if table is not None
        else set()
    )
    served = problem.question_links.served

    def needs_of(g: list[str]) -> set[str]:
        return {u for q in g for u in served.get(q, {}) if u in brief}

    def value_of(g: list[str]) -> float:
        return max(chosen[q].value for q in g)

    def tie(g: list[str]) -> tuple[float, int, int]:
        ranks = [brief_rank.get(u, 0) for u in needs_of(g)] or [len(brief_rank)]
        return (-value_of(g), min(ranks), position[g[0]])

    # pins first, in the order the room or the team set them; then, for each need the client's
    # brief states, its most valuable group (the most valuable of those first), so that every
    # need leads with its best question; then the brief's other groups; then the rest, each by
    # its best question
    def leads_as_pin(g: list[str]) -> bool:
        return chosen[g[0]].pinned and g[0] not in ranked

    pins = [g for g in groups if leads_as_pin(g)]
    rest = sorted((g for g in groups if not leads_as_pin(g)), key=tie)

    def whole(g: list[str], need: str) -> bool:
        """Whether a question of the group gives the need all the answers it needs."""
        return any(served.get(q, {}).get(need, 0.0) >= 1.0 - 1e-9 for q in g)

    leads: list[list[str]] = []
    lead_of: dict[str, list[str]] = {}
    for need in sorted(brief, key=lambda u: brief_rank.get(u, 0)):
        # the need's own question leads it (one that gives it all it needs, the sizes card for
        # "show what is in stock in your size"), before a more valuable one that serves it in
        # part among other things (the gift-recipients question, which also gives sizes)
        serving = [g for g in rest if need in needs_of(g) and g not in leads]
        lead = next((g for g in serving if whole(g, need)), serving[0] if serving else None)
        if lead is not None:
            leads.append(lead)
            lead_of[need] = lead
    leads.sort(key=tie)
    # the need the client names first leads the plan, unless its best question is worth so
    # little beside the others' that leading with it would misstate the plan
    first_need = min(brief, key=lambda u: brief_rank.get(u, 0), default=None)
    first = next((g for g in leads if first_need in needs_of(g)), None)
    # its core answer (the first the use case lists) decides which of its questions that is: the
    # card issuer's top of wallet is "which card do you pay with first?", not the recurring bills
    # to move, worth more but a lever rather than the diagnosis (panel round 50)
    core = _core_answer(problem, first_need)
    answer_lists = problem.pool["answer_list"] if "answer_list" in problem.pool.columns else None
    if core and answer_lists is not None:

        def yields_core(q: str) -> bool:
            return core in _answers_of(answer_lists, q)

        if first is None or not any(yields_core(q) for q in first):
            first = next((g for g in rest if any(yields_core(q) for q in g)), first)
    share = problem.catalog.assumptions.number("reading.first_need_share")
    if first is not None and leads and value_of(first) >= share * value_of(leads[0]):
        if first in leads:
            leads.remove(first)
        # the question its core answer put first leads that need in place of the one chosen
        # for it above, which leads no other need: one lead per need (round 25: the bank's job
        # change, worth more than the salary-switch screener once that was graded special, read
        # as a second lead of the salary need before the savings need's lead)
        replaced = lead_of.get(first_need) if first_need is not None else None
        if (
            replaced is not None
            and replaced is not first
            and replaced in leads
            and not any(g is replaced for n, g in lead_of.items() if n != first_need)
        ):
            leads.remove(replaced)
        # the first need's other questions worth at least a set share of the best lead follow
        # its lead, the most valuable first (``reading.first_need_block_share``; panel rounds
        # 76-80: the retailer's gift question read at rank 10 under "the brief's other
        # questions"; :func:`rank_help` says the share)
        block = problem.catalog.assumptions.number("reading.first_need_block_share")
        best_lead = max(value_of(g) for g in (first, *leads))
        with_first = [
            g for g in rest
            if g is not first and first_need in needs_of(g) and value_of(g) >= block * best_lead
        ]  # fmt: skip
        leads = [first, *with_first, *(g for g in leads if g not in with_first)]
    briefed = [g for g in rest if g not in leads and needs_of(g)]
    others = [g for g in rest if not needs_of(g)]
    pins.sort(key=lambda g: position[g[0]])
    # a question that sets the language of the questions after it, for a need of the brief
    # ("serve every member in their own language"), comes before them: in each channel that asks
    # it, the questions that follow go out in the language it sets (panel rounds 77-95: the
    # health fund's reminder surveys went out in Hebrew before its language question)
    first_groups = [
        g for g in (*leads, *briefed) if any(_sets_language(answer_lists, q) for q in g)
    ]
    leads = first_groups + [g for g in leads if g not in first_groups]
    briefed = [g for g in briefed if g not in first_groups]
    return [q for g in (*pins, *leads, *briefed, *others) for q in g]


#: Answers that set the language of the questions a contact asks after them: a planned question
#: giving one, for a need of the client's brief, leads the plan and is asked first in its channels.
CONTACT_LANGUAGE_ANSWERS = frozenset({"preferred_language"})


def _answers_of(answer_lists: pd.Series | None, qid: str) -> frozenset[str]:
    """The answers a pool question gives (its ``answer_list``), empty where it lists none."""
    answers = answer_lists.get(qid) if answer_lists is not None else None
    return frozenset(answers) if isinstance(answers, tuple | list | frozenset) else frozenset()


def _sets_language(answer_lists: pd.Series | None, qid: str) -> bool:
    """Whether the question sets the language of the questions asked after it."""
    return not CONTACT_LANGUAGE_ANSWERS.isdisjoint(_answers_of(answer_lists, qid))


def _core_answer(problem: Problem, use_case: str | None) -> str | None:
    """The answer a catalog use case lists first: the one it is mostly about."""
    table = problem.catalog.use_cases
    if use_case is None or use_case not in table.index or "answers_list" not in table.columns:
        return None
    answers = table.at[use_case, "answers_list"]
    if not isinstance(answers, tuple | list) or not answers:
        return None
    return str(answers[0])


#: One ask in a channel: its slot, the question asked there and the choice that asks it.
_Asked = tuple[int, str, Choice]


class _RowsById(dict[str, dict[str, Any]]):
    """A table's rows as records, each built the first time it is read: a plan reads the few
    use cases its questions serve, and the whole table's to_dict is a cost on every slider move."""

    def __init__(self, table: pd.DataFrame | None) -> None:
        super().__init__()
        self.table = table
        self.position: dict[str, int] | None = None
        self.columns: list[tuple[str, list[Any]]] = []

    def __missing__(self, key: str) -> dict[str, Any]:
        if self.table is None:
            raise KeyError(key)
        if self.position is None:  # the columns as lists, once: a row by .loc costs 0.4 ms
            self.position = {str(k): i for i, k in enumerate(self.table.index)}
            self.columns = [(str(c), self.table[c].tolist()) for c in self.table.columns]
        i = self.position.get(key)
        if i is None:
            raise KeyError(key)
        record = {c: values[i] for c, values in self.columns}
        self[key] = record
        return record

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default


class _Ranking:
    """What every record of one plan reads: the questions, the rules, the final state."""

    def __init__(self, problem: Problem, best: PassResult) -> None:
        catalog, pool, pairs = problem.catalog, problem.pool, problem.pairs
        self.problem, self.catalog, self.settings = problem, catalog, problem.settings
        self.state = best.state
        self.n_plan = len(best.order)
        self.channels = catalog.channel_records
        self.units = problem.units
        use_cases = problem.scores.use_cases
        self.use_cases = _RowsById(use_cases.table if use_cases is not None else None)
        self.chosen = best.chosen
        self.below_floor = best.below_floor
        self.first_moved = best.first_moved
        self.quick_ranks: dict[str, int] = {}
        self.days = catalog.assumptions.number("projection.days_per_month")
        self.by_id: Mapping[str, QuestionRow] = _records(catalog, pool)
        self.reasons = _Reasons(catalog, self.by_id)
        self.floor = min_points(problem)
        ruled_out = pairs[(~pairs["allowed"]) & (pairs["reason"] != "rule_not_available")]
        self.forbidden: dict[str, list[Forbidden]] = {}
        for qid, cid, reason, accepted in zip(
            ruled_out["question_id"].tolist(), ruled_out["channel_id"].tolist(),
            ruled_out["reason"].tolist(), ruled_out["reason_accepted"].tolist(), strict=True,
        ):  # fmt: skip
            self.forbidden.setdefault(qid, []).append((cid, reason, accepted))

    def planned(self, rank: int, qid: str, c: Choice) -> tuple[dict[str, Any], dict[str, Any]]:
        """A planned question's record and its explanation."""
        catalog, settings, ch, units = self.catalog, self.settings, self.channels, self.units
        strengths = dict(self.problem.topic_links[qid])
        q = self.by_id[qid]
        customers = settings.customers
        channel = c.channel
        reach = settings.reach.get(channel, ch[channel]["reach"])
        link = ch[channel]["linkability"]
        audience = float(q.get("audience", 1.0))
        response = c.effect / (reach * link * audience) * c.fatigue
        wave = wave_of(
            catalog, self.quick_ranks.get(qid, self.n_plan + 1), self.n_plan, channel,
            q["sensitivity"],
        )  # fmt: skip
        cycles_12m = 12 * self.days / ch[channel]["cadence_days"]
        answered_12m = reach * audience * (1 - (1 - response) ** cycles_12m)
        parts: list[dict[str, Any]] = [
            {
                "topic_id": units.topic[i],
                "use_case_id": units.use_case[i],
                "strength": float(strengths[i]),
                "reach": float(reach),
                "response": float(response),
                "linkability": float(link),
                "audience": audience,
                "importance": float(self.state.importance[i]),
                "unknown_before": unknown_before,
                "adds": float(adds),
            }
            for i, unknown_before, adds in c.parts
        ]
        vote_adds = c.value - c.value_topics
        by_use_case: dict[str, float] = {}
        for p in parts:
            use_case = p["use_case_id"]
            if use_case is not None:
                by_use_case[str(use_case)] = by_use_case.get(str(use_case), 0.0) + float(p["adds"])
        served = sorted(by_use_case, key=lambda u: -by_use_case[u])
        text_en, text_he = _value_text(
            catalog, c, parts, vote_adds, reach, response, link,
            [(self.use_cases[u], by_use_case[u]) for u in served], audience,
        )  # fmt: skip
        explain = {
            "value": float(c.value),
            "parts": parts,
            "use_cases": [{"use_case_id": u, "adds": float(by_use_case[u])} for u in served],
            "votes": {
                "share": self.problem.vote_share.get(qid, 0.0),
                "weight": settings.vote_weight,
                "adds": float(vote_adds),
            },
            "text_en": text_en,
            "text_he": text_he,
        }
        if c.pinned:  # planned whatever it adds: the floor does not apply (say so)
            key = "plan.pinned_ranked" if qid in settings.ranked_pins else "plan.pinned_leads"
            for lang in ("en", "he"):
                said = catalog.text(key, lang, channel=ch[channel][f"label_{lang}"])
                explain[f"text_{lang}"] = f"{explain[f'text_{lang}']} {said}"
        elif c.value < self.floor and any(qid in fs for fs in self.problem.offer_needs.values()):
            # under the floor, yet planned: its question's offer needs its answer (say so: the
            # panel read the telecom's moving address at 0.01 as breaking the plan's own rule)
            for lang in ("en", "he"):
                said = catalog.text("plan.completes_offer", lang, floor=self.floor)
                explain[f"text_{lang}"] = f"{explain[f'text_{lang}']} {said}"
        runner = c.runner_up
        if qid in self.first_moved:
            other, other_value = self.first_moved[qid]
            r_en, r_he = _both(
                catalog, "plan.first_ask_most", {"channel": channel, "other": other},
                value=c.value, other_value=other_value,
            )  # fmt: skip
        elif runner:
            r_en, r_he = _runner_text(catalog, runner, c)
        else:
            r_en, r_he = _only_channel_text(catalog, channel, self.forbidden.get(qid, ()))
        record = {
            **_base_record(q),
            **self.purpose(served, q, channel),
            "in_plan": True,
            "rank": rank,
            "value": float(c.value),
            "value_per_second": float(c.value) / float(q["burden_seconds"]),
            "channel": channel,
            "position": int(c.slot),
            "runner_up_channel": runner.channel if runner else None,
            "channel_reason_en": r_en,
            "channel_reason_he": r_he,
            "reach": float(reach),
            "response": float(response),
            "linkability": float(link),
            "audience": audience,
            "expected_answers": float(reach * audience * response),
            "expected_answers_count": (
                round(reach * audience * response * customers) if customers else None
            ),
            "answered_12m": float(answered_12m),
            "incentive_cost_12m_ils": (
                round(q["incentive_cost_ils"] * answered_12m * customers) if customers else None
            ),
            "wave": wave,
            "wave_label_en": catalog.text(f"wave.{wave}", "en"),
            "wave_label_he": catalog.text(f"wave.{wave}", "he"),
            "status": "pinned" if c.pinned else "in_plan",
            "reason_en": "",
            "reason_he": "",
            "votes": float(settings.votes.get(qid, 0.0)),
        }
        return record, explain

    def asked_again(
        self, record: dict[str, Any], explain: dict[str, Any], again: tuple[Choice, ...]
    ) -> None:
        """A planned question's asks in other channels (see
        :func:`~zpd_assess.planning.optimise.repeat_asks`), added to its record (``also_channels``
        and ``repeats``, one record per channel: its numbers and the notice as read there) and
        to its explanation."""
        catalog, settings, ch = self.catalog, self.settings, self.channels
        customers = settings.customers
        repeats = []
        lead_ids = {record["question_id"], *(c.variant for c in again if c.variant)}
        for c in again:
            asked = c.variant or record["question_id"]
            q = self.by_id[asked]
            # a follow-up its question's first channel had no room for: asked here for the
            # first time, after its question (or the variant of it asked here)
            follow_up = (
                asked != record["question_id"]
                and str(q.get("follows") or "") in lead_ids
                and asked not in self.chosen
                and not any(t in self.chosen for t in self.problem.conflicts.get(asked, ()))
            )
            audience = float(q.get("audience", 1.0))
            channel = c.channel
            reach = settings.reach.get(channel, ch[channel]["reach"])
            link = ch[channel]["linkability"]
            response = c.effect / (reach * link * audience) * c.fatigue
            cycles_12m = 12 * self.days / ch[channel]["cadence_days"]
            wave = wave_of(
                catalog, self.quick_ranks.get(record["question_id"], self.n_plan + 1),
                self.n_plan, channel, q["sensitivity"],
            )  # fmt: skip
            notice = self.purpose(record["use_cases"], q, channel)
            repeats.append({
                "channel": channel,
                "question_id": asked,
                "follow_up": follow_up,
                "follows": str(q.get("follows") or ""),
                "text_en": q["text_en"],
                "text_he": q["text_he"],
                "audience": audience,
                "position": int(c.slot),
                "value": float(c.value),
                "reach": float(reach),
                "response": float(response),
                "linkability": float(link),
                "expected_answers": float(reach * audience * response),
                "expected_answers_count": (
                    round(reach * audience * response * customers) if customers else None
                ),
                "answered_12m": float(reach * audience * (1 - (1 - response) ** cycles_12m)),
                "wave": wave,
                **{k: notice[k] for k in ("purpose_en", "purpose_he", "notice_short_en",
                                          "notice_short_he")},
            })  # fmt: skip
        record["also_channels"] = tuple(dict.fromkeys(r["channel"] for r in repeats))
        record["repeats"] = tuple(repeats)
        units = self.units
        explain["repeats"] = []
        for r, c in zip(repeats, again, strict=True):
            by_use_case: dict[str, float] = {}
            for i, _, adds in c.parts:
                if units.use_case[i] is not None:
                    uid = str(units.use_case[i])
                    by_use_case[uid] = by_use_case.get(uid, 0.0) + float(adds)
            explain["repeats"].append({
                "channel": r["channel"],
                "question_id": r["question_id"],
                "adds": r["value"],
                "use_cases": [{"use_case_id": u, "adds": a} for u, a in by_use_case.items()],
            })  # fmt: skip
        if not repeats:
            return
        by_channel: dict[str, float] = {}
        for r in repeats:
            by_channel[r["channel"]] = by_channel.get(r["channel"], 0.0) + r["value"]
        for lang in ("en", "he"):
            parts = ", ".join(
                catalog.text("plan.asked_again_part", lang,
                             channel=ch[c][f"label_{lang}"], adds=adds)
                for c, adds in by_channel.items()
            )  # fmt: skip
            total = sum(r["value"] for r in repeats)
            said = catalog.text("plan.asked_again", lang, parts=parts, total=total)
            explain[f"text_{lang}"] = f"{explain[f'text_{lang}']} {said}"

    def purpose(
        self, served: list[str], q: QuestionRow, channel: str | None = None
    ) -> dict[str, Any]:
        """The use cases a question serves (most valuable first) and the notice it shows: the
        question's own, written for what it asks, or else its main use case's, as read in the
        ``channel`` it is planned in (:func:`~zpd_assess.notices.notice_for_channel`); with its
        first layer, the short notice on screen (:func:`~zpd_assess.notices.short_notice`)."""
        top = self.use_cases.get(served[0]) if served else None
        own_en, own_he = str(q.get("purpose_en") or ""), str(q.get("purpose_he") or "")
        purpose_en = own_en or (top["purpose_en"] if top else "")
        purpose_he = own_he or (top["purpose_he"] if top else "")
        if channel is not None:
            purpose_en = notice_for_channel(purpose_en, "en", channel)
            purpose_he = notice_for_channel(purpose_he, "he", channel)
        return {
            "use_cases": list(served),
            "use_case_labels_en": [self.use_cases[u]["label_en"] for u in served],
            "use_case_labels_he": [self.use_cases[u]["label_he"] for u in served],
            "purpose_en": purpose_en,
            "purpose_he": purpose_he,
            "notice_short_en": self.short_notice(purpose_en, "en"),
            "notice_short_he": self.short_notice(purpose_he, "he"),
            **({"lawful_basis": top["lawful_basis"]} if top else {}),
        }

    def short_notice(self, purpose: str, lang: str) -> str:
        """:func:`~zpd_assess.notices.short_notice`, made once per notice and catalog."""
        made = self.catalog.short_notices
        key = (purpose, lang)
        if key not in made:
            made[key] = short_notice(purpose, lang, self.catalog)
        return made[key]

    def served_by_value(self, qid: str) -> list[str]:
        """The use cases a question left out would serve, by what each would take from it."""
        shares = self.problem.question_links.served.get(qid, {})
        value = {u: shares[u] * float(self.use_cases[u]["weight"]) for u in shares}
        return sorted(value, key=lambda u: (-value[u], u))

    def left_out(self, qid: str) -> LeftOut:
        """Why a question is outside the plan, and what it would add now in its best channel."""
        problem, state, reasons, q = self.problem, self.state, self.reasons, self.by_id[qid]
        if qid in problem.reasons:
            kind, accepted = problem.reasons[qid]
            en, he = reasons(kind, accepted=accepted)
            return LeftOut(1, 0.0, qid, q, None, kind, en, he)
        if qid in self.below_floor:
            floor = min_points(problem)
            value = self.below_floor[qid]
            en, he = reasons("rule_below_floor", value=f"{value:.3f}", accepted=f"{floor:g}")
            return LeftOut(0, -value, qid, q, None, "rule_below_floor", en, he)
        twin = next((o for o in problem.conflicts.get(qid, ()) if o in self.chosen), None)
        if twin is not None:
            en, he = reasons("rule_duplicate", accepted=twin)
            return LeftOut(1, 0.0, qid, q, None, "rule_duplicate", en, he)
        screener = problem.screener.get(qid)
        if screener is not None and screener not in self.chosen:
            en, he = reasons("rule_follows", accepted=screener)
            return LeftOut(1, 0.0, qid, q, None, "rule_follows", en, he)
        options = problem.options[qid]
        if screener is not None:  # a follow-up is asked only where its screener is
            lead = self.chosen[screener].channel
            options = [o for o in options if o.channel == lead] or options
        topics_q = problem.topic_links[qid]
        best = max(options, key=lambda o: state.gain(topics_q, o.effect, o.channel) / o.cost)
        value = state.gain(topics_q, best.effect, best.channel) * problem.multiplier[qid]
        floor = min_points(problem)
        if screener is not None and value < floor:
            # a follow-up the greedy passed over as filler (see optimise.greedy)
            en, he = reasons("rule_below_floor", value=f"{value:.3f}", accepted=f"{floor:g}")
            return LeftOut(0, -value, qid, q, None, "rule_below_floor", en, he)
        full = [o.channel for o in options if not state.fits(o.channel, o.seconds)]
        if len(full) == len(options):
            kind = "rule_budget_full"
            en, he = reasons(kind, value=", ".join(full))
        else:
            kind = "rule_lower_value"
            en, he = reasons(kind, value=best.channel)
        return LeftOut(0, -value, qid, q, best, kind, en, he)

    def left_out_record(self, rank: int, left: LeftOut) -> dict[str, Any]:
        q = left.question
        return {
            **_base_record(q),
            **self.purpose(self.served_by_value(left.question_id), q),
            **NOT_PLANNED,
            "rank": rank,
            "value": -left.neg_value,
            "value_per_second": -left.neg_value / float(q["burden_seconds"]),
            "channel": left.best.channel if left.best else None,
            "status": STATUS_OF_REASON.get(left.kind, "backlog"),
            "reason_en": left.reason_en,
            "reason_he": left.reason_he,
            "votes": float(self.settings.votes.get(left.question_id, 0.0)),
        }


def _items(value: Any) -> list[str]:
    """A list cell as a list (a workshop question has none: missing or NaN)."""
    return [str(v) for v in value] if isinstance(value, list | tuple) else []


def _word(value: Any) -> str:
    """A text cell as text (missing or NaN: empty)."""
    return value.strip() if isinstance(value, str) else ""


def _base_record(q: QuestionRow) -> dict[str, Any]:
    return {
        "question_id": q["question_id"],
        "source": q.get("source", "bank"),
        "text_en": q["text_en"],
        "text_he": q["text_he"],
        "topics": list(q["topic_list"]),
        "topic_strengths": dict(q["topic_strengths"]),
        "primary_topic": q["topic_list"][0],
        "answer_type": q["answer_type"],
        "sensitivity": q["sensitivity"],
        "burden_seconds": float(q["burden_seconds"]),
        "value_exchange_en": q["value_exchange_en"],
        "value_exchange_he": q["value_exchange_he"],
        "incentive_type": q["incentive_type"],
        "incentive_cost_ils": float(q["incentive_cost_ils"]),
        # a promise the client must staff or fund (a call-back, a meeting, a visit, money off)
        "commitment": bool(q.get("commitment", False)),
        "lawful_basis": "explicit_consent",
        "follows": str(q.get("follows") or ""),
        "answers": list(q.get("answer_list") or ()),
        # answer design: the options, their codes (the same in both languages), the codes that
        # exclude the others, the "other (specify)" code, shuffling (and the closing options it
        # keeps in place), and when a follow-up is skipped
        "options_en": _items(q.get("options_en_list")),
        "options_he": _items(q.get("options_he_list")),
        "option_codes": _items(q.get("option_code_list")),
        "exclusive_options": _items(q.get("exclusive_list")),
        "other_specify": _word(q.get("other_specify")),
        "randomise": str(q.get("randomise")).lower() == "true",
        "anchored_options": _items(q.get("anchored_list")),  # the catalog: only where it shuffles
        "skip_if": _word(q.get("skip_if")),
        "translation_missing": not (str(q["text_en"]).strip() and str(q["text_he"]).strip()),
        # a contact the customer may ask for right after his answer (catalog.ContactRequest)
        "contact_ask_en": _word(q.get("contact_ask_en")),
        "contact_ask_he": _word(q.get("contact_ask_he")),
        "contact_yes_en": _word(q.get("contact_yes_en")),
        "contact_yes_he": _word(q.get("contact_yes_he")),
        "contact_answers": _items(q.get("contact_answers")),
    }


def _value_text(
    catalog: Catalog,
    c: Choice,
    parts: list[dict[str, Any]],
    vote_adds: float,
    reach: float,
    response: float,
    link: float,
    use_cases: list[tuple[Mapping[str, Any], float]] = (),  # type: ignore[assignment]
    audience: float = 1.0,
) -> Bilingual:
    """Why a planned question is worth what it is: its channel's numbers and the use cases it
    enables (its top topics when there are no use cases). A question that applies to only some
    customers says so, and how many are asked: "applies to 50%" beside "reaches 30%" read as a
    contradiction without it (panel round 29)."""
    ch = catalog.channel_records[c.channel]
    labels = catalog.topic_records
    top = sorted(parts, key=lambda p: -p["adds"])[:2]

    def text(lang: str) -> str:
        if use_cases:
            topics = " + ".join(
                catalog.text("plan.topic_part", lang, topic=u[f"label_{lang}"], adds=adds)
                for u, adds in use_cases[:3]
            )
        else:
            topics = " + ".join(
                catalog.text("plan.topic_part", lang, topic=labels[p["topic_id"]][f"label_{lang}"],
                             adds=p["adds"])
                for p in top
            )  # fmt: skip
        votes = ""
        if vote_adds > 0:
            votes = " + " + catalog.text("plan.votes_part", lang, adds=vote_adds)
        if audience < 1.0:
            return catalog.text(
                "plan.value_text_audience", lang, channel=ch[f"label_{lang}"], reach=reach,
                audience=audience, asked=reach * audience, response=response, link=link,
                value=c.value, topics=topics, votes=votes,
            )  # fmt: skip
        return catalog.text(
            "plan.value_text", lang, channel=ch[f"label_{lang}"], reach=reach, response=response,
            link=link, value=c.value, topics=topics, votes=votes,
        )  # fmt: skip

    return text("en"), text("he")


def _runner_text(catalog: Catalog, runner: Option, c: Choice) -> Bilingual:
    """Why the plan's channel rather than the runner-up."""
    names = {"channel": c.channel, "runner_up": runner.channel}
    if not c.runner_up_fits:
        return _both(catalog, "plan.runner_up_full", names)
    ratio_own, ratio_runner = c.ratio, c.runner_up_ratio or 0.0
    lead = ratio_own / ratio_runner if ratio_runner > 0 else float("inf")
    return _both(
        catalog, "plan.runner_up_value", names, lead=lead, effect=c.effect,
        runner_up_effect=runner.effect, cost=c.cost, runner_up_cost=runner.cost,
    )  # fmt: skip


def _only_channel_text(catalog: Catalog, channel: str, forbidden: Iterable[Forbidden]) -> Bilingual:
    """Why the plan's channel is the only one: the rule that rules out another channel."""
    ch = catalog.channel_records
    other = next((f for f in forbidden if f[0] != channel), None)
    if other is None:
        return _both(catalog, "plan.only_channel", {"channel": channel})
    en, he = reason_text(catalog, other[1], value=other[0], accepted=other[2])
    return (
        catalog.text("plan.only_channel_rule", "en", channel=ch[channel]["label_en"], rule=en),
        catalog.text("plan.only_channel_rule", "he", channel=ch[channel]["label_he"], rule=he),
    )


def _both(catalog: Catalog, key: str, channels: Mapping[str, str], **values: Any) -> Bilingual:
    """A label in both languages; ``channels``: placeholder -> channel id, given its label."""
    records = catalog.channel_records

    def text(lang: str) -> str:
        labels = {name: records[cid][f"label_{lang}"] for name, cid in channels.items()}
        return catalog.text(key, lang, **labels, **values)

    return text("en"), text("he")


def contacts(
    question_ids: list[str],
    seconds: Mapping[str, float],
    screener: Mapping[str, str],
    size: float,
    max_seconds: float,
    timed: Mapping[str, str] | None = None,
    consent: Collection[str] = (),
) -> tuple[list[list[str]], list[str]]:
    """A channel's questions, in asking order, split into the contacts that ask them: an app
    prompt, a survey, a call; and each contact's moment ('' for a scheduled one).

    Each scheduled contact holds at most the channel's ``size`` questions and ``max_seconds``
    (the catalog's, for one contact); a question and its follow-ups stay in one contact, which a
    module larger than a contact has to itself. A client's budget for a period may allow several
    contacts (two app prompts a quarter, three questions each); the plan then asks them
    ``cadence_days`` apart, and a reader sees which questions go together. A question ``timed``
    by a recurring moment (question id -> moment id: a month before the fee renews, two weeks
    before a deposit matures) is sent when the moment comes, with its follow-ups, in a contact
    of its own after the scheduled ones.

    A question in ``consent`` opens a consent step (special sensitivity, not inside a subject
    already consented to). Where the schedule has several contacts anyway, two consent steps are
    not put in one contact when another packing in as many contacts keeps them apart (panel round
    83: the health fund's first app prompt asked consent for the caregiver subject and again for
    the accessibility arrangements)."""
    timed = timed or {}
    modules: list[list[str]] = []
    for q in question_ids:
        if modules and screener.get(q) in modules[-1]:
            modules[-1].append(q)
        else:
            modules.append([q])

    def packed(members: list[list[str]], apart: Collection[str] = ()) -> list[list[str]]:
        out: list[list[str]] = []
        used = 0.0
        asks_consent = False  # the last contact has a consent step of ``apart``
        for module in members:
            needs = float(sum(seconds[q] for q in module))
            opens = any(q in apart for q in module)
            if (out and len(out[-1]) + len(module) <= size and used + needs <= max_seconds + 1e-9
                    and not (opens and asks_consent)):  # fmt: skip
                out[-1].extend(module)
                used += needs
                asks_consent = asks_consent or opens
            else:
                out.append(list(module))
                used = needs
                asks_consent = opens
        return out

    scheduled = [m for m in modules if m[0] not in timed]
    groups = packed(scheduled)
    if len(groups) > 1 and consent:
        apart = packed(scheduled, consent)
        if len(apart) <= len(groups):
            groups = apart
    moments = [""] * len(groups)
    for moment in dict.fromkeys(timed[m[0]] for m in modules if m[0] in timed):
        sent = packed([m for m in modules if timed.get(m[0]) == moment])
        groups += sent
        moments += [moment] * len(sent)
    return groups, moments


def _language_first(
    items: list[_Asked], answer_lists: pd.Series | None, screener: Mapping[str, str]
) -> list[_Asked]:
    """A channel's asks with those that set the contact's language first, each with its follow-ups
    right after it: the questions after them go out in the language they set (the health fund's
    agent asked the reminder questions in one call and the language in the next)."""
    moved: list[int] = []
    heads: set[str] = set()
    for i, (_, q, _) in enumerate(items):
        if _sets_language(answer_lists, q) or screener.get(q) in heads:
            moved.append(i)
            heads.add(q)
    first = set(moved)
    return [items[i] for i in moved] + [x for i, x in enumerate(items) if i not in first]


def _consent_steps(
    question_ids: Sequence[str], pool: pd.DataFrame, screener: Mapping[str, str]
) -> set[str]:
    """The questions of a channel that open a consent step, as the scripts ask it: special
    sensitivity, unless their screener, asked in the same channel, is special too (one subject,
    one consent: :func:`surveys._consent_covers`)."""

    def asks_consent(q: str) -> bool:
        return bool(pool.at[q, "sensitivity"] == "special")

    return {
        q for q in question_ids
        if asks_consent(q) and not (screener.get(q) in question_ids and asks_consent(screener[q]))
    }  # fmt: skip


def scheduled_contact_heading(
    catalog: Catalog, channel_id: str, lang: str, n: int, day: int
) -> str:
    """The heading of a channel's ``n``-th contact on its schedule, from ``day``: a channel that
    sends dates it; one the customer comes to asks it at his next call or visit from that day
    (round 67: "a 'day 30' contact makes no sense for inbound calls")."""
    outbound = bool(catalog.channels.at[channel_id, "outbound"])
    label = "ui.contact_heading" if outbound else "ui.contact_heading_inbound"
    return catalog.text(label, lang, n=n, day=day)


def asking_order_lines(
    plan: Plan, channel_id: str, catalog: Catalog, lang: str
) -> list[tuple[int | None, str]]:
    """A channel's questions as a reader sees them, a line each: ``(number, question)`` in
    asking order, a second ask marked, and ``(None, heading)`` before each contact when the
    channel asks in more than one."""
    texts = plan.questions
    row = plan.channels.loc[channel_id]
    groups, moments = list(row["contacts"]), list(row["contact_moments"])
    lines: list[tuple[int | None, str]] = []
    number = 0
    scheduled = 0
    on_schedule = sum(1 for m in moments if not m)
    for group, moment in zip(groups, moments, strict=True):
        if moment:
            label = catalog.moments.at[moment, f"label_{lang}"]
            lines.append((None, catalog.text("ui.contact_when", lang, moment=label)))
        elif on_schedule > 1:
            day = int(scheduled * float(cast(float, row["cadence_days"])))
            scheduled += 1
            lines.append(
                (None, scheduled_contact_heading(catalog, channel_id, lang, scheduled, day))
            )
        elif len(groups) > 1:
            lines.append((None, catalog.text("ui.contact_scheduled", lang)))
        for q in group:
            number += 1
            again = not (texts.at[q, "in_plan"] and texts.at[q, "channel"] == channel_id)
            lines.append(
                (
                    number,
                    question_text(texts.loc[q], lang)
                    + (f" {catalog.text('ui.asked_again_here', lang)}" if again else ""),
                )
            )
    return lines


def asking_order(plan: Plan, channel_id: str, catalog: Catalog, lang: str) -> str:
    """:func:`asking_order_lines` as text, a line each ("1. …" under "Contact 2 (day 30):")."""
    return "\n".join(
        text if number is None else f"{number}. {text}"
        for number, text in asking_order_lines(plan, channel_id, catalog, lang)
    )


def channel_plan(
    problem: Problem,
    best: PassResult,
    timed: Mapping[tuple[str, str], str],
    reading: Sequence[str],
) -> pd.DataFrame:
    """Per available channel: its questions in asking order and the contacts that ask them
    (``timed``: the asks a moment times, by (question id, channel), see :func:`contacts`;
    ``reading``: the plan's reading order, as :func:`ranked_questions` ranked it), the
    budget used, its value."""
    catalog, settings, pool, state = problem.catalog, problem.settings, problem.pool, best.state
    ch = catalog.channel_records
    asked: dict[str, list[tuple[int, str, Choice]]] = {}
    for q in best.order:
        for choice in (best.chosen[q], *best.repeats.get(q, ())):
            asked.setdefault(choice.channel, []).append((choice.slot, choice.variant or q, choice))
    # where a contact's place does not tire its respondents (no more questions a contact than
    # the channel asks before fatigue), the plan's own questions are asked in the plan's reading
    # order, the brief's needs first (panel rounds 60 and 61: the app asked the retailer's events,
    # whose outfits come "in your size", a month before the sizes); elsewhere in the order they
    # were chosen, which their fatigue was computed in
    place = {q: i for i, q in enumerate(reading)}
    answer_lists = problem.pool["answer_list"] if "answer_list" in pool.columns else None
    rows = []
    for c in problem.channels:
        # in asking order: the plan's own questions, then those asked here again
        here = sorted(asked.get(c, []), key=lambda item: item[0])
        no_fatigue = ch[c]["fatigue_after_questions"] >= ch[c]["max_questions"]
        if no_fatigue:
            own = [item for item in here if best.chosen.get(item[1]) is item[2]]
            again = [item for item in here if best.chosen.get(item[1]) is not item[2]]
            here = sorted(own, key=lambda item: place.get(item[1], len(place))) + again
            here = _language_first(here, answer_lists, problem.screener)
        qids = [q for _, q, _ in here]
        first_response = 0.0
        if qids:
            first = here[0][2]
            audience = float(cast(float, pool.at[qids[0], "audience"]))
            first_response = first.effect / (
                settings.reach.get(c, ch[c]["reach"]) * ch[c]["linkability"] * audience
            )
        respondents = settings.reach.get(c, ch[c]["reach"]) * first_response
        # a spoken channel's seconds are the time to say each question (opening said once a
        # call); a written channel's, the reading and answering time of the catalog
        seconds = {q: float(choice.option.seconds) for _, q, choice in here}
        opening = opening_seconds(c, catalog)
        groups, moments = contacts(
            qids,
            seconds,
            problem.screener,
            float(ch[c]["max_questions"]),
            float(ch[c]["max_seconds"]) - opening,
            {q: m for (q, channel), m in timed.items() if channel == c},
            consent=_consent_steps(qids, pool, problem.screener),
        )
        rows.append(
            {
                "channel_id": c,
                "label_en": ch[c]["label_en"],
                "label_he": ch[c]["label_he"],
                # the asking order: where no question tires the next, the contacts' (a moment's
                # contact after the scheduled ones, as the scripts ask them); elsewhere the order
                # their fatigue was computed in
                "question_ids": [q for group in groups for q in group] if no_fatigue else qids,
                "contacts": groups,
                "contact_moments": moments,
                "questions": len(qids),
                "seconds": float(sum(seconds.values()) + opening * len(groups)),
                "max_questions": float(state.max_q[c]),
                "max_seconds": float(settings.budgets.get(c, (0, ch[c]["max_seconds"]))[1]),
                "respondents": float(respondents),
                "respondents_count": round(respondents * settings.customers)
                if settings.customers
                else None,
                "value": float(sum(choice.value for _, _, choice in here)),
                "cadence_days": float(ch[c]["cadence_days"]),
                "setup_months": float(ch[c]["setup_months"]),
            }
        )
    return pd.DataFrame.from_records(rows).set_index("channel_id", drop=False)
