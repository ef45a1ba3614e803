"""From gaps to a plan: which questions to ask, in which channel, in what order, in which wave.

The value of asking question *q* in channel *c* is the knowledge it is expected to add:
``e_qtc = a_qt × reach_c × response_qc × linkability_c`` on each topic *t* it informs, where the
response starts from the channel's rate (catalog, with its public source), falls with the
question's sensitivity and with its position past the channel's fatigue point, and rises with a
tangible incentive (capped at the channel's observed high). The plan's value

    f(S) = Σ_t I_t × [1 − (1 − K_t) × Π_{(q,c) ∈ S} (1 − e_qtc)]

is monotone submodular, so questions are chosen greedily by marginal gain per cost (burden
seconds plus the money an answer costs, in seconds' worth), with lazy evaluation, under each
channel's budget of questions and seconds, in the channels the organisation has. Rules forbid unfit
pairs and say why; questions that serve no weighted goal or ask what is already known are flagged
and left out (purpose limitation, data minimisation). Values are in points of the
customer-knowledge index, and every question's value is the sum of its parts.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .catalog import ANSWER_TYPES, SENSITIVITIES, Catalog
from .intake import Issue, make_issue
from .scoring import TopicScores

#: Greedy passes whose best plan is kept: marginal gain per cost (burden seconds and money),
#: gain alone, and gain per share of the channel's budget that the question uses up.
GREEDY_CRITERIA = ("cost", "gain", "budget")
#: Local search polishes the first pass (gain per cost, the specified greedy): measured on random
#: small instances against an exhaustive optimum, polishing it alone reaches 99 %.
POLISH_PASSES = 1
TANGIBLE_INCENTIVES = frozenset({"discount", "benefit", "prize", "experience"})
WAVES = ("quick_win", "next_quarter", "strategic")
WAVE_LABELS = {
    "quick_win": ("Quick win — now", "הישג מהיר — עכשיו"),
    "next_quarter": ("Next quarter", "ברבעון הבא"),
    "strategic": ("Strategic", "אסטרטגי"),
}


class PlanError(ValueError):
    """Plan settings that cannot be used; the message names the setting and what is accepted."""


@dataclass(frozen=True)
class PlanSettings:
    """What the workshop decided: channels, budgets, votes, pins and exclusions."""

    channels: tuple[str, ...] | None = None  # the channels the organisation has; None: all
    budgets: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # (questions, s)
    votes: Mapping[str, float] = field(default_factory=dict)  # question_id -> dots
    vote_weight: float = 0.0  # 0: votes ignored; 1: a top-voted question counts double
    pinned: Mapping[str, str | None] = field(default_factory=dict)  # question -> channel|None
    excluded: frozenset[str] = frozenset()
    customers: int | None = None  # number of customers, for counts and money
    industry: str | None = None  # bank questions tagged for other industries are left out
    criteria: tuple[str, ...] = GREEDY_CRITERIA  # greedy passes; the best is kept
    polish: bool = True  # local search after the greedy (see _local_search)


@dataclass(frozen=True)
class Plan:
    """The ranked backlog, the channel plan and the projection, with their explanations."""

    questions: pd.DataFrame  # every question of the pool, ranked; in_plan marks the plan
    channels: pd.DataFrame  # per available channel: its questions in asking order, budget used
    pairs: pd.DataFrame  # every question × channel pair: allowed, reason, effect, cost
    explain: dict[str, dict[str, Any]]
    value: float  # index points the plan adds in one round of asking
    projection: pd.DataFrame  # month, index_with_plan, index_nothing_done
    warnings: tuple[Issue, ...]


# --- the question pool -----------------------------------------------------------------------


def workshop_questions(rows: Iterable[Mapping[str, Any]], catalog: Catalog) -> pd.DataFrame:
    """Questions from the room, in the bank's schema, with what is missing marked (not invented).

    Each row needs ``topics`` (``{"topic": strength}``, a list of topic ids, or the bank's
    ``"topic:0.8;other:0.4"``) and at least one of ``text_en`` / ``text_he``. Missing burden and
    sensitivity take the catalog's defaults; a missing translation stays empty and is flagged.
    """
    a = catalog.assumptions
    records = []
    for i, row in enumerate(rows, start=1):
        qid = str(row.get("question_id") or f"w_{i:02d}")
        strengths = _strengths(row.get("topics"), qid, catalog)
        answer_type = str(row.get("answer_type") or "single_choice")
        if answer_type not in ANSWER_TYPES:
            raise PlanError(
                f"Workshop question {qid}: answer type {answer_type!r} is not one of "
                f"{', '.join(ANSWER_TYPES)}"
            )
        text_en, text_he = str(row.get("text_en") or "").strip(), str(row.get("text_he") or "")
        text_he = text_he.strip()
        if not (text_en or text_he):
            raise PlanError(f"Workshop question {qid}: write its wording in Hebrew or English")
        special = any(catalog.topics.at[t, "special_category"] for t in strengths)
        sensitivity = str(row.get("sensitivity") or ("special" if special else "low"))
        if sensitivity not in SENSITIVITIES:
            raise PlanError(
                f"Workshop question {qid}: sensitivity must be one of {', '.join(SENSITIVITIES)}"
            )
        channels = row.get("channels") or list(catalog.channels.index)
        if isinstance(channels, str):
            channels = [c.strip() for c in channels.split(";") if c.strip()]
        burden = row.get("burden_seconds") or a.number(f"burden.default.{answer_type}")
        records.append(
            {
                "question_id": qid,
                "text_en": text_en,
                "text_he": text_he,
                "answer_type": answer_type,
                "options_en": str(row.get("options_en") or ""),
                "options_he": str(row.get("options_he") or ""),
                "topics": ";".join(f"{t}:{s:g}" for t, s in strengths.items()),
                "burden_seconds": float(burden),
                "sensitivity": sensitivity,
                "value_exchange_en": str(row.get("value_exchange_en") or ""),
                "value_exchange_he": str(row.get("value_exchange_he") or ""),
                "incentive_type": str(row.get("incentive_type") or "none"),
                "incentive_cost_ils": float(row.get("incentive_cost_ils") or 0),
                "channels": ";".join(channels),
                "topic_strengths": strengths,
                "topic_list": list(strengths),
                "channel_list": list(channels),
                "options_en_list": [],
                "options_he_list": [],
                "source": "workshop",
                "industries": "all",
            }
        )
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return frame
    return frame.set_index("question_id", drop=False)


def _strengths(value: Any, qid: str, catalog: Catalog) -> dict[str, float]:
    if isinstance(value, Mapping):
        strengths = {str(k): float(v) for k, v in value.items()}
    elif isinstance(value, str):
        strengths = {}
        for part in value.split(";"):
            if part.strip():
                topic, _, s = part.partition(":")
                strengths[topic.strip()] = float(s) if s.strip() else 1.0
    elif isinstance(value, Iterable):
        strengths = {str(t): 1.0 for t in value}
    else:
        strengths = {}
    if not strengths:
        raise PlanError(f"Workshop question {qid}: name at least one topic it informs")
    for topic, s in strengths.items():
        if topic not in catalog.topics.index:
            raise PlanError(f"Workshop question {qid}: unknown topic {topic!r}")
        if not 0 < s <= 1:
            raise PlanError(f"Workshop question {qid}: strength of {topic} must be in (0, 1]")
    return strengths


def question_pool(catalog: Catalog, workshop: pd.DataFrame | None = None) -> pd.DataFrame:
    """The bank plus the room's questions (a workshop id that equals a bank id replaces it)."""
    bank = catalog.questions.assign(source="bank")
    if workshop is None or workshop.empty:
        return bank
    return pd.concat([bank.drop(index=workshop.index, errors="ignore"), workshop])


# --- pairs: rules, effect and cost -----------------------------------------------------------

PAIR_COLUMNS = (
    "question_id", "channel_id", "allowed", "reason", "reason_accepted", "reach", "response",
    "linkability", "effect", "burden_seconds", "money_ils", "cost",
)  # fmt: skip


def question_channel_pairs(
    questions: pd.DataFrame,
    catalog: Catalog,
    channels: Sequence[str],
    budgets: Mapping[str, tuple[float, float]] | None = None,
) -> pd.DataFrame:
    """Every question × channel pair: allowed or the rule that forbids it, effect and cost."""
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
        ]
    ].to_dict("records"):
        special = q["sensitivity"] == "special" or bool(special_topics & set(q["topic_list"]))
        needs_consent = q["sensitivity"] in ("high", "special")
        base_factor = sens_factor[q["sensitivity"]]
        if q["incentive_type"] in TANGIBLE_INCENTIVES:
            base_factor *= incentive_ratio
        bank_channels = set(q["channel_list"])
        burden = float(q["burden_seconds"])
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
                    c["reach"],
                    response,
                    c["linkability"],
                    c["reach"] * response * c["linkability"],
                    burden,
                    money,
                    burden / seconds_per_q + money / ils_per_q,
                )
            )
    return pd.DataFrame.from_records(rows, columns=PAIR_COLUMNS)


def _fatigue(slot: int, after: float, per_question: float) -> float:
    """Share of a channel's respondents still answering at position ``slot`` (1-based)."""
    return (1 - per_question) ** max(0, slot - after)


# --- the greedy plan -------------------------------------------------------------------------


def _base_arrays(scores: TopicScores, catalog: Catalog) -> tuple[np.ndarray, np.ndarray, float]:
    """Importance, unknown share and index points per unit of importance-weighted knowledge."""
    importance, knowledge = scores.arrays
    points = catalog.assumptions.number("index.scale") / float(importance.sum())
    return importance, 1 - knowledge, points


class _State:
    """Unknown share per topic and budget used per channel while the plan is built."""

    def __init__(self, scores: TopicScores, catalog: Catalog, budgets, channels):
        base = _base_arrays(scores, catalog)
        self.importance = base[0]
        self.unknown = base[1].copy()
        self.points = base[2]
        ch = catalog.channel_records
        self.max_q = {c: budgets.get(c, (ch[c]["max_questions"], 0))[0] for c in channels}
        self.max_s = {c: budgets.get(c, (0, ch[c]["max_seconds"]))[1] for c in channels}
        self.used_q = dict.fromkeys(channels, 0)
        self.used_s = dict.fromkeys(channels, 0.0)
        self.fatigue_after = {c: ch[c]["fatigue_after_questions"] for c in ch}
        self.fatigue_per = {c: ch[c]["fatigue_per_question"] for c in ch}

    def fits(self, channel: str, seconds: float) -> bool:
        return (
            self.used_q[channel] + 1 <= self.max_q[channel]
            and self.used_s[channel] + seconds <= self.max_s[channel] + 1e-9
        )

    def slot_factor(self, channel: str) -> float:
        return _fatigue(
            self.used_q[channel] + 1, self.fatigue_after[channel], self.fatigue_per[channel]
        )

    def gain(self, topics: Sequence[tuple[int, float]], effect: float, channel: str) -> float:
        e = effect * self.slot_factor(channel)
        return self.points * sum(self.importance[i] * self.unknown[i] * s * e for i, s in topics)

    def parts(self, topics, effect, channel) -> tuple[float, list[tuple[int, float, float]]]:
        factor = self.slot_factor(channel)
        e = effect * factor
        out = [
            (i, float(self.unknown[i]), self.points * self.importance[i] * self.unknown[i] * s * e)
            for i, s in topics
        ]
        return factor, out

    def take(self, topics, effect: float, channel: str, seconds: float) -> None:
        e = effect * self.slot_factor(channel)
        for i, s in topics:
            self.unknown[i] *= 1 - s * e
        self.used_q[channel] += 1
        self.used_s[channel] += seconds


def _greedy(
    scores, catalog, settings, channels, pool, options, topic_pairs, multiplier, question_reason,
    criterion: str, only: Mapping[str, tuple] | None = None, detail: bool = True,
):  # fmt: skip
    """One lazy-greedy pass: pins first, then by the criterion's priority (see GREEDY_CRITERIA).

    ``only`` restricts the pass to given (question -> channel option) pairs, to rank a selection
    that local search improved; runner-up channels are still taken from all ``options``, and only
    with ``detail`` (the passes that are compared need no runner-ups).
    """
    usable = options if only is None else {q: [o] for q, o in only.items()}
    state = _State(scores, catalog, settings.budgets, channels)
    chosen: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    warnings: list[Issue] = []

    def ratio(qid: str, option) -> float:
        channel, effect, cost, _ = option
        return state.gain(topic_pairs[qid], effect, channel) * multiplier[qid] / cost

    def priority(qid: str, option) -> float:
        if criterion == "cost":
            return ratio(qid, option)
        channel, effect, _, seconds = option
        gain = state.gain(topic_pairs[qid], effect, channel) * multiplier[qid]
        if criterion == "gain":
            return gain
        share = seconds / state.max_s[channel] + 1 / state.max_q[channel]
        return gain / share

    def select(qid: str, option, pinned: bool) -> None:
        channel, effect, cost, seconds = option
        runner = None
        if detail:
            others = [o for o in options[qid] if o[0] != channel]
            runner = max(others, key=lambda o: (state.fits(o[0], o[3]), ratio(qid, o)),
                         default=None)  # fmt: skip
        factor, parts = state.parts(topic_pairs[qid], effect, channel)
        value = sum(p[2] for p in parts)
        chosen[qid] = {
            "channel": channel,
            "effect": effect,
            "cost": cost,
            "slot": state.used_q[channel] + 1,
            "fatigue": factor,
            "parts": parts,
            "value_topics": value,
            "value": value * multiplier[qid],
            "ratio": value * multiplier[qid] / cost,
            "runner_up": runner,
            "runner_up_fits": bool(runner and state.fits(runner[0], runner[3])),
            "runner_up_ratio": ratio(qid, runner) if runner else None,
            "pinned": pinned,
        }
        state.take(topic_pairs[qid], effect, channel, seconds)
        order.append(qid)

    for qid, wanted in settings.pinned.items():
        if qid not in pool.index:
            raise PlanError(f"Pinned question {qid!r} is not in the question pool")
        fitting = [
            o
            for o in usable.get(qid, [])
            if state.fits(o[0], o[3]) and (wanted is None or o[0] == wanted)
        ]
        if qid in question_reason or not fitting:
            warnings.append(make_issue(catalog, "pin_does_not_fit", value=qid))
            continue
        select(qid, max(fitting, key=lambda o: ratio(qid, o)), pinned=True)

    # Lazy evaluation: a stale priority is an upper bound, because gains only fall as the plan
    # grows (less is unknown, later positions tire more).
    heap = [
        (-priority(qid, o), qid, o) for qid, opts in usable.items() for o in opts
        if qid not in chosen
    ]  # fmt: skip
    heapq.heapify(heap)
    while heap:
        _, qid, option = heapq.heappop(heap)
        if qid in chosen or not state.fits(option[0], option[3]):
            continue
        current = priority(qid, option)
        if current <= 0:
            continue
        if heap and current < -heap[0][0] - 1e-15:
            heapq.heappush(heap, (-current, qid, option))
            continue
        select(qid, option, pinned=False)
    return state, chosen, order, warnings


def _local_search(
    result, options, topic_pairs, settings, scores, catalog, channels, max_rounds: int = 5,
) -> dict[str, tuple] | None:  # fmt: skip
    """Improve a greedy plan by moves that keep it feasible; None when no move helps.

    Moves: *replace* a planned question by one left out, in the same channel; *relocate* a
    planned question to a channel with room and refill the slot it frees; *exchange* it into a
    full channel in place of a question worth less there, refilling its own slot. Moves are
    screened with matrix products (ignoring fatigue); a move is taken only when replaying the
    whole plan confirms that it adds value.
    """
    _, chosen, order, _ = result
    selection = {q: next(o for o in options[q] if o[0] == chosen[q]["channel"])
                 for q in order}  # fmt: skip
    pinned = {q for q in order if chosen[q]["pinned"]}
    n_topics = len(scores.topics)
    importance = scores.topics["importance"].to_numpy(dtype=float)
    start = np.array(1 - scores.topics["knowledge"], dtype=float)
    grouped: dict[str, tuple[list[str], list[tuple], list[np.ndarray]]] = {}
    option_of: dict[tuple[str, str], tuple] = {}
    for qid, opts in options.items():
        for o in opts:
            qs, os_, rows = grouped.setdefault(o[0], ([], [], []))
            row = np.zeros(n_topics)
            for i, strength in topic_pairs[qid]:
                row[i] = strength * o[1]
            qs.append(qid)
            os_.append(o)
            rows.append(row)
            option_of[(qid, o[0])] = o
    matrices = {c: (qs, os_, np.array(rows)) for c, (qs, os_, rows) in grouped.items()}

    def replay(sel: Mapping[str, tuple]) -> _State | None:
        state = _State(scores, catalog, settings.budgets, channels)
        for qid, (channel, effect, _, seconds) in sel.items():
            if not state.fits(channel, seconds):
                return None
            state.take(topic_pairs[qid], effect, channel, seconds)
        return state

    def value(state: _State) -> float:
        return float((importance * (start - state.unknown)).sum())

    def gain_of(qid: str, effect: float, unknown: np.ndarray) -> float:
        return float(sum(importance[i] * unknown[i] * s * effect for i, s in topic_pairs[qid]))

    def best_in(channel: str, unknown: np.ndarray, taken, seconds_left: float):
        qs, os_, matrix = matrices.get(channel, ([], [], None))
        if not qs:
            return None, 0.0
        gains = matrix @ (importance * unknown)
        for k in np.argsort(-gains)[:50]:
            if gains[k] <= 0:
                break
            if qs[k] not in taken and os_[k][3] <= seconds_left + 1e-9:
                return (qs[k], os_[k]), float(gains[k])
        return None, 0.0

    state = replay(selection)
    current = value(state)
    changed = False
    for _ in range(max_rounds):
        members: dict[str, list[str]] = {}
        for q, o in selection.items():
            members.setdefault(o[0], []).append(q)
        removed: dict[str, tuple[np.ndarray, float]] = {}
        for qid, (_, effect, _, _) in selection.items():
            without = state.unknown.copy()
            for i, strength in topic_pairs[qid]:
                without[i] /= max(1 - strength * effect, 1e-12)
            removed[qid] = (without, float((importance * (without - state.unknown)).sum()))
        others_index = {c: list(qs) for c, qs in members.items()}
        stacked = {
            c: (
                np.array([removed[q][0] for q in qs]),
                np.array([removed[q][1] for q in qs]),
                np.array([selection[q][3] for q in qs]),
            )
            for c, qs in others_index.items()
        }
        taken = set(selection)
        # A move: (screened gain, question leaving its slot, its new option or None, the
        # question it displaces or None, the refill of the freed slot or None).
        candidates: list[tuple[float, str, tuple | None, str | None, tuple | None]] = []
        for qid, (channel, _, _, seconds) in selection.items():
            if qid in pinned:
                continue
            without, loss = removed[qid]
            room = state.max_s[channel] - state.used_s[channel] + seconds
            refill, refill_gain = best_in(channel, without, taken, room)
            if refill is not None and refill_gain > loss:
                candidates.append((refill_gain - loss, qid, None, None, refill))
            for alt in options[qid]:
                target = alt[0]
                if target == channel:
                    continue
                if state.fits(target, alt[3]):
                    delta = gain_of(qid, alt[1], without) + refill_gain - loss
                    if delta > 0:
                        candidates.append((delta, qid, alt, None, refill))
                    continue
                others = [o for o in members.get(target, ()) if o not in pinned]
                if not others:
                    continue
                # q's gain in the target channel in place of each member, in one product
                idx = [i for i, _ in topic_pairs[qid]]
                weights = np.array([importance[i] * s * alt[1] for i, s in topic_pairs[qid]])
                gains = stacked[target][0][:, idx] @ weights
                free = state.max_s[target] - state.used_s[target] + stacked[target][2]
                deltas = gains + refill_gain - loss - stacked[target][1]
                for k in np.flatnonzero((deltas > 0) & (alt[3] <= free + 1e-9)):
                    if others_index[target][k] in pinned:
                        continue
                    candidates.append((float(deltas[k]), qid, alt, others_index[target][k],
                                       refill))  # fmt: skip
        candidates.sort(key=lambda c: -c[0])
        # Apply several moves per round when they touch different channels and questions; each
        # is confirmed by replaying the whole plan.
        touched: set[str] = set()
        accepted = False
        for _, qid, alt, other, refill in candidates[:30]:
            if qid not in selection or (other is not None and other not in selection):
                continue
            involved = {qid, selection[qid][0]}
            if alt is not None:
                involved.add(alt[0])
            if other is not None:
                involved.add(other)
            if refill is not None:
                involved.add(refill[0])
            if involved & touched:
                continue
            trial = {q: o for q, o in selection.items() if q not in (qid, other)}
            if alt is not None:
                trial[qid] = alt
            if refill is not None and refill[0] not in trial and refill[0] != other:
                trial[refill[0]] = refill[1]
            trial_state = replay(trial)
            if trial_state is not None and value(trial_state) > current * (1 + 1e-9) + 1e-15:
                selection, state, current = trial, trial_state, value(trial_state)
                changed = accepted = True
                touched |= involved
        if not accepted:
            break
    return selection if changed else None


def plan_questions(
    scores: TopicScores,
    catalog: Catalog,
    settings: PlanSettings | None = None,
    questions: pd.DataFrame | None = None,
    pairs: pd.DataFrame | None = None,
) -> Plan:
    """Rank the questions and assign them to channels under the budgets (lazy greedy).

    ``pairs`` (from :func:`question_channel_pairs` for the same questions, channels and budgets)
    may be passed in: they do not depend on the weights, so a slider rerun can reuse them.
    """
    settings = settings or PlanSettings()
    a = catalog.assumptions
    pool = question_pool(catalog) if questions is None else questions
    if "source" not in pool.columns:
        pool = pool.assign(source="bank")
    channels = tuple(settings.channels or catalog.channels.index)
    unknown = [c for c in (*channels, *settings.budgets) if c not in catalog.channels.index]
    if unknown:
        raise PlanError(
            f"Unknown channel(s) {', '.join(unknown)}; channels: "
            f"{', '.join(catalog.channels.index)}"
        )
    if pairs is None:
        pairs = question_channel_pairs(pool, catalog, channels, settings.budgets)
    topics = scores.topics
    topic_index = {tid: i for i, tid in enumerate(topics.index)}
    importance = topics["importance"]
    knowledge = topics["knowledge"]
    known_threshold = a.number("minimisation.known_threshold")

    max_votes = max([float(v) for v in settings.votes.values()] + [0.0])
    vote_share = {
        q: (float(v) / max_votes if max_votes > 0 else 0.0) for q, v in settings.votes.items()
    }

    question_reason: dict[str, tuple[str, str | None]] = {}
    topic_pairs: dict[str, list[tuple[int, float]]] = {}
    for q in pool.itertuples():
        topic_pairs[q.question_id] = [(topic_index[t], s) for t, s in q.topic_strengths.items()]
        ts = list(q.topic_strengths)
        if q.question_id in settings.excluded:
            question_reason[q.question_id] = ("rule_excluded", None)
        elif settings.industry and not _fits_industry(q, settings.industry):
            question_reason[q.question_id] = ("rule_industry", settings.industry)
        elif all(importance[t] <= 0 for t in ts):
            question_reason[q.question_id] = ("rule_no_goal", None)
        elif all(knowledge[t] >= known_threshold for t in ts):
            question_reason[q.question_id] = ("rule_already_known", f"{known_threshold:.0%}")

    allowed = pairs[pairs["allowed"]]
    options: dict[str, list[tuple[str, float, float, float]]] = {}
    for qid, cid, effect, cost, seconds in zip(
        allowed["question_id"].tolist(), allowed["channel_id"].tolist(),
        allowed["effect"].tolist(), allowed["cost"].tolist(), allowed["burden_seconds"].tolist(),
        strict=True,
    ):  # fmt: skip
        if qid not in question_reason:
            options.setdefault(qid, []).append((cid, effect, cost, seconds))
    for qid in pool.index:
        if qid not in question_reason and qid not in options:
            question_reason[qid] = ("rule_no_channel", None)

    multiplier = {q: 1 + settings.vote_weight * vote_share.get(q, 0.0) for q in pool.index}

    def run(criterion: str, only: Mapping[str, tuple] | None = None, detail: bool = False):
        return _greedy(scores, catalog, settings, channels, pool, options, topic_pairs,
                       multiplier, question_reason, criterion, only, detail)  # fmt: skip

    def total(result) -> float:
        return sum(result[1][q]["value"] for q in result[2])

    # Gain per cost can waste a small budget on cheap questions and gain alone can ignore cost:
    # keep the better pass (as CELF does), then let questions move to a channel with room left
    # when that frees a slot for something worth more (local search), and rank the result again.
    unknown_criteria = set(settings.criteria) - set(GREEDY_CRITERIA)
    if unknown_criteria or not settings.criteria:
        raise PlanError(f"Greedy criteria must be some of {', '.join(GREEDY_CRITERIA)}")
    passes = [run(criterion) for criterion in settings.criteria]
    best_index = max(range(len(passes)), key=lambda i: (total(passes[i]), -i))
    best_value = total(passes[best_index])
    final: Mapping[str, tuple] | None = None
    # With votes the objective is the room's as well: left to the greedy.
    if settings.polish and settings.vote_weight == 0:
        for i, result in enumerate(passes[:POLISH_PASSES]):
            moved = _local_search(result, options, topic_pairs, settings, scores, catalog,
                                  channels)  # fmt: skip
            if moved is not None:
                improved = run(settings.criteria[i], only=moved)
                if total(improved) > best_value * (1 + 1e-12):
                    best_index, best_value, final = i, total(improved), moved
    if final is None:
        _, chosen_best, order_best, _ = passes[best_index]
        final = {q: next(o for o in options[q] if o[0] == chosen_best[q]["channel"])
                 for q in order_best}  # fmt: skip
    # The chosen selection is ranked once more, with the runner-up channel of every question.
    best = run(settings.criteria[best_index], only=final, detail=True)
    state, chosen, order, warnings = best

    questions_out, explain = _ranked_questions(
        pool,
        catalog,
        scores,
        state,
        chosen,
        order,
        options,
        topic_pairs,
        question_reason,
        pairs,
        vote_share,
        multiplier,
        settings,
    )
    channels_out = _channel_plan(catalog, channels, chosen, order, state, settings, pool)
    value = float(sum(chosen[q]["value_topics"] for q in order))
    projection = project_index(scores, catalog, questions_out)
    for q in pool.itertuples():
        if q.source == "workshop":
            for lang, text in (("English", q.text_en), ("Hebrew", q.text_he)):
                if not str(text).strip():
                    warnings.append(
                        make_issue(
                            catalog, "translation_missing", value=q.question_id, accepted=lang
                        )
                    )
            if not (str(q.value_exchange_en).strip() or str(q.value_exchange_he).strip()):
                warnings.append(make_issue(catalog, "no_value_exchange", value=q.question_id))
    return Plan(
        questions=questions_out,
        channels=channels_out,
        pairs=pairs,
        explain=explain,
        value=value,
        projection=projection,
        warnings=tuple(warnings),
    )


def _fits_industry(question: Any, industry: str) -> bool:
    """A bank question fits when tagged ``all`` or with one of the organisation's industries."""
    tags = str(getattr(question, "industries", "all") or "all")
    mine = {t.strip() for t in industry.split(";")}
    return tags == "all" or bool(mine & {t.strip() for t in tags.split(";")})


def _reason_text(catalog: Catalog, kind: str, value: Any = None, accepted: Any = None):
    issue = make_issue(catalog, kind, value=value, accepted=accepted)
    return issue.message_en, issue.message_he


def _wave(catalog: Catalog, rank: int, n_plan: int, channel: str, sensitivity: str) -> str:
    a = catalog.assumptions
    setup = float(catalog.channel_records[channel]["setup_months"])
    if sensitivity in ("high", "special") or setup >= a.number("waves.strategic_setup_months"):
        return "strategic"
    quick = math.ceil(n_plan * a.number("waves.quick_win_share"))
    if rank <= quick and setup <= a.number("waves.quick_win_setup_months"):
        return "quick_win"
    return "next_quarter"


#: The plan-only fields of a question left out of the plan.
NOT_PLANNED: dict[str, Any] = {
    "in_plan": False, "position": None, "runner_up_channel": None, "channel_reason_en": "",
    "channel_reason_he": "", "reach": None, "response": None, "linkability": None,
    "expected_answers": None, "expected_answers_count": None, "answered_12m": None,
    "incentive_cost_12m_ils": None, "wave": None, "wave_label_en": "", "wave_label_he": "",
}  # fmt: skip
#: The status a question takes from the rule that keeps it out of the plan.
STATUS_OF_REASON = {
    "rule_no_goal": "purpose_limitation",
    "rule_already_known": "minimisation",
    "rule_excluded": "excluded",
    "rule_industry": "other_industry",
}


def _ranked_questions(
    pool,
    catalog,
    scores,
    state,
    chosen,
    order,
    options,
    topic_pairs,
    question_reason,
    pairs,
    vote_share,
    multiplier,
    settings,
):
    ch = catalog.channel_records
    topic_ids = list(scores.topics.index)
    customers = settings.customers
    days = catalog.assumptions.number("projection.days_per_month")
    records = []
    explain: dict[str, dict[str, Any]] = {}
    n_plan = len(order)
    by_id = (
        catalog.question_records
        if pool.index.equals(catalog.questions.index) and (pool["source"] == "bank").all()
        else pool.to_dict("index")
    )
    ruled_out = pairs[(~pairs["allowed"]) & (pairs["reason"] != "rule_not_available")]
    forbidden: dict[str, list[tuple[str, str, Any]]] = {}
    for qid_, cid, reason, accepted in zip(
        ruled_out["question_id"], ruled_out["channel_id"], ruled_out["reason"],
        ruled_out["reason_accepted"], strict=True,
    ):  # fmt: skip
        forbidden.setdefault(qid_, []).append((cid, reason, accepted))
    reasons: dict[tuple, tuple[str, str]] = {}

    def reason_text(kind: str, value: Any = None, accepted: Any = None) -> tuple[str, str]:
        key = (kind, value, accepted)
        if key not in reasons:
            reasons[key] = _reason_text(catalog, kind, value, accepted)
        return reasons[key]

    for rank, qid in enumerate(order, start=1):
        c = chosen[qid]
        q = by_id[qid]
        channel = c["channel"]
        reach, link = ch[channel]["reach"], ch[channel]["linkability"]
        response = c["effect"] / (reach * link) * c["fatigue"]
        wave = _wave(catalog, rank, n_plan, channel, q["sensitivity"])
        cycles_12m = 12 * days / ch[channel]["cadence_days"]
        answered_12m = reach * (1 - (1 - response) ** cycles_12m)
        parts = [
            {
                "topic_id": topic_ids[i],
                "strength": float(q["topic_strengths"][topic_ids[i]]),
                "reach": float(reach),
                "response": float(response),
                "linkability": float(link),
                "importance": float(state.importance[i]),
                "unknown_before": unknown_before,
                "adds": float(adds),
            }
            for i, unknown_before, adds in c["parts"]
        ]
        vote_adds = c["value"] - c["value_topics"]
        text_en, text_he = _question_text(catalog, q, c, parts, vote_adds, reach, response, link)
        explain[qid] = {
            "value": float(c["value"]),
            "parts": parts,
            "votes": {
                "share": vote_share.get(qid, 0.0),
                "weight": settings.vote_weight,
                "adds": float(vote_adds),
            },
            "text_en": text_en,
            "text_he": text_he,
        }
        runner = c["runner_up"]
        if runner:
            r_en, r_he = _runner_text(catalog, channel, runner, c, pairs, qid)
        else:
            r_en, r_he = _only_channel_text(catalog, channel, forbidden.get(qid, ()))
        records.append(
            {
                **_base_record(q),
                "in_plan": True,
                "rank": rank,
                "value": float(c["value"]),
                "value_per_second": float(c["value"]) / float(q["burden_seconds"]),
                "channel": channel,
                "position": int(c["slot"]),
                "runner_up_channel": runner[0] if runner else None,
                "channel_reason_en": r_en,
                "channel_reason_he": r_he,
                "reach": float(reach),
                "response": float(response),
                "linkability": float(link),
                "expected_answers": float(reach * response),
                "expected_answers_count": (
                    round(reach * response * customers) if customers else None
                ),
                "answered_12m": float(answered_12m),
                "incentive_cost_12m_ils": (
                    round(q["incentive_cost_ils"] * answered_12m * customers) if customers else None
                ),
                "wave": wave,
                "wave_label_en": WAVE_LABELS[wave][0],
                "wave_label_he": WAVE_LABELS[wave][1],
                "status": "pinned" if c["pinned"] else "in_plan",
                "reason_en": "",
                "reason_he": "",
                "votes": float(settings.votes.get(qid, 0.0)),
            }
        )
    # Questions left out: first those that could be asked in a later round, by current value.
    rest = []
    for qid in pool.index:
        if qid in chosen:
            continue
        q = by_id[qid]
        if qid in question_reason:
            kind, accepted = question_reason[qid]
            en, he = reason_text(kind, accepted=accepted)
            rest.append((1, 0.0, qid, q, None, kind, en, he))
            continue
        topics_q = topic_pairs[qid]
        best = max(options[qid], key=lambda o, t=topics_q: state.gain(t, o[1], o[0]) / o[2])
        value = state.gain(topics_q, best[1], best[0]) * multiplier[qid]
        full = [o[0] for o in options[qid] if not state.fits(o[0], o[3])]
        if len(full) == len(options[qid]):
            kind = "rule_budget_full"
            en, he = reason_text(kind, value=", ".join(full))
        else:
            kind = "rule_lower_value"
            en, he = reason_text(kind, value=best[0])
        rest.append((0, -value, qid, q, best, kind, en, he))
    rest.sort(key=lambda r: (r[0], r[1], r[2]))
    for k, (_, neg_value, qid, q, best, kind, en, he) in enumerate(rest, start=n_plan + 1):
        records.append(
            {
                **_base_record(q),
                **NOT_PLANNED,
                "rank": k,
                "value": -neg_value,
                "value_per_second": -neg_value / float(q["burden_seconds"]),
                "channel": best[0] if best else None,
                "status": STATUS_OF_REASON.get(kind, "backlog"),
                "reason_en": en,
                "reason_he": he,
                "votes": float(settings.votes.get(qid, 0.0)),
            }
        )
    frame = pd.DataFrame.from_records(records)
    return frame.set_index("question_id", drop=False), explain


def _base_record(q) -> dict[str, Any]:
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
        "lawful_basis": "explicit_consent",
        "translation_missing": not (str(q["text_en"]).strip() and str(q["text_he"]).strip()),
    }


def _question_text(catalog, q, c, parts, vote_adds, reach, response, link) -> tuple[str, str]:
    ch = catalog.channel_records[c["channel"]]
    labels = catalog.topic_records
    top = sorted(parts, key=lambda p: -p["adds"])[:2]
    topics_en = " + ".join(f"{labels[p['topic_id']]['label_en']} {p['adds']:.2f}" for p in top)
    topics_he = " + ".join(f"{labels[p['topic_id']]['label_he']} {p['adds']:.2f}" for p in top)
    votes_en = f" + the room's votes {vote_adds:.2f}" if vote_adds > 0 else ""
    votes_he = f" + קולות החדר {vote_adds:.2f}" if vote_adds > 0 else ""
    en = (
        f"Asked in {ch['label_en']}, it reaches {reach:.0%} of customers, {response:.1%} of them "
        f"answer and {link:.0%} of answers link to a known customer. It adds {c['value']:.2f} "
        f"index points: {topics_en}{votes_en} (importance × still unknown × strength × reach × "
        f"response × linkability, in index points)."
    )
    he = (
        f"בערוץ {ch['label_he']} היא מגיעה ל-{reach:.0%} מהלקוחות, {response:.1%} מהם עונים, "
        f"ו-{link:.0%} מהתשובות מקושרות ללקוח מזוהה. היא מוסיפה {c['value']:.2f} נקודות למדד: "
        f"{topics_he}{votes_he} (חשיבות × חלק שעדיין לא ידוע × עוצמה × הגעה × היענות × קישוריות, "
        f"בנקודות מדד)."
    )
    return en, he


def _runner_text(catalog, channel, runner, c, pairs, qid) -> tuple[str, str]:
    ch = catalog.channel_records
    r_channel = runner[0]
    label_en, label_he = ch[channel]["label_en"], ch[channel]["label_he"]
    r_en, r_he = ch[r_channel]["label_en"], ch[r_channel]["label_he"]
    if not c["runner_up_fits"]:
        return (
            f"{label_en} rather than {r_en}: {r_en} has no budget left for it.",
            f"{label_he} ולא {r_he}: ב-{r_he} לא נותר לה תקציב.",
        )
    ratio_own, ratio_runner = c["ratio"], c["runner_up_ratio"] or 0.0
    lead = ratio_own / ratio_runner if ratio_runner > 0 else float("inf")
    e_own, e_runner = c["effect"], runner[1]
    return (
        f"{label_en} rather than {r_en}: {lead:.1f}× the value per cost (reach × response × "
        f"linkability {e_own:.3f} vs {e_runner:.3f}; cost {c['cost']:.1f} vs {runner[2]:.1f}).",
        f"{label_he} ולא {r_he}: פי {lead:.1f} ערך לעלות (הגעה × היענות × קישוריות "
        f"{e_own:.3f} לעומת {e_runner:.3f}; עלות {c['cost']:.1f} לעומת {runner[2]:.1f}).",
    )


def _only_channel_text(catalog, channel, forbidden) -> tuple[str, str]:
    """Why the plan's channel is the only one: the rule that rules out another channel."""
    ch = catalog.channel_records
    label_en, label_he = ch[channel]["label_en"], ch[channel]["label_he"]
    other = next((f for f in forbidden if f[0] != channel), None)
    if other is None:
        return (
            f"{label_en}: the only channel of the organisation that may ask it.",
            f"{label_he}: הערוץ היחיד של הארגון שרשאי לשאול אותה.",
        )
    en, he = _reason_text(catalog, other[1], value=ch[other[0]]["label_en"], accepted=other[2])
    return (
        f"{label_en}: the only channel that may ask it. {en}",
        f"{label_he}: הערוץ היחיד שרשאי לשאול אותה. {he}",
    )


def _channel_plan(catalog, channels, chosen, order, state, settings, pool) -> pd.DataFrame:
    ch = catalog.channel_records
    rows = []
    for c in channels:
        qids = [q for q in order if chosen[q]["channel"] == c]
        # Ask in order of value per second: the best questions before fatigue sets in.
        first_response = 0.0
        if qids:
            first = chosen[qids[0]]
            first_response = first["effect"] / (ch[c]["reach"] * ch[c]["linkability"])
        respondents = ch[c]["reach"] * first_response
        rows.append(
            {
                "channel_id": c,
                "label_en": ch[c]["label_en"],
                "label_he": ch[c]["label_he"],
                "question_ids": qids,
                "questions": len(qids),
                "seconds": float(sum(pool.at[q, "burden_seconds"] for q in qids)),
                "max_questions": float(state.max_q[c]),
                "max_seconds": float(state.max_s[c]),
                "respondents": float(respondents),
                "respondents_count": round(respondents * settings.customers)
                if settings.customers
                else None,
                "value": float(sum(chosen[q]["value"] for q in qids)),
                "cadence_days": float(ch[c]["cadence_days"]),
                "setup_months": float(ch[c]["setup_months"]),
            }
        )
    return pd.DataFrame.from_records(rows).set_index("channel_id", drop=False)


# --- evaluation and baselines ----------------------------------------------------------------


def plan_value(
    scores: TopicScores,
    pairs: pd.DataFrame,
    selection: Sequence[tuple[str, str]],
    questions: pd.DataFrame,
    catalog: Catalog,
    *,
    fatigue: bool = True,
) -> float:
    """f(S) − f(∅) in index points for a selection of (question, channel) in asking order."""
    t = scores.topics
    index = {tid: i for i, tid in enumerate(t.index)}
    importance = t["importance"].to_numpy(dtype=float)
    unknown = np.array(1 - t["knowledge"], dtype=float)
    start = unknown.copy()
    effect = pairs.set_index(["question_id", "channel_id"])["effect"]
    ch = catalog.channel_records
    slots: dict[str, int] = {}
    for qid, channel in selection:
        slots[channel] = slots.get(channel, 0) + 1
        factor = (
            _fatigue(
                slots[channel],
                ch[channel]["fatigue_after_questions"],
                ch[channel]["fatigue_per_question"],
            )
            if fatigue
            else 1.0
        )
        e = effect[(qid, channel)] * factor
        for topic, s in questions.at[qid, "topic_strengths"].items():
            unknown[index[topic]] *= 1 - s * e
    points = catalog.assumptions.number("index.scale") / importance.sum()
    return float(points * (importance * (start - unknown)).sum())


def standalone_selection(
    scores: TopicScores,
    catalog: Catalog,
    plan: Plan,
    questions: pd.DataFrame,
    budgets: Mapping[str, tuple[float, float]] | None = None,
) -> list[tuple[str, str]]:
    """Naive baseline: rank (question, best channel) by stand-alone value, fill the budgets."""
    t = scores.topics
    weight = (t["importance"] * (1 - t["knowledge"])).to_dict()
    usable = plan.pairs[plan.pairs["allowed"]]
    usable = usable[
        usable["question_id"].isin(
            plan.questions.index[
                ~plan.questions["status"].isin(["purpose_limitation", "minimisation", "excluded"])
            ]
        )
    ]
    value = np.array(
        [
            sum(weight[tid] * s for tid, s in questions.at[qid, "topic_strengths"].items()) * e
            for qid, e in zip(usable["question_id"], usable["effect"], strict=True)
        ]
    )
    usable = usable.assign(standalone=value).sort_values("standalone", ascending=False)
    best = usable.drop_duplicates("question_id")
    ch = catalog.channel_records
    budgets = budgets or {}
    used: dict[str, tuple[int, float]] = {}
    selection = []
    for r in best.itertuples():
        max_q, max_s = budgets.get(
            r.channel_id, (ch[r.channel_id]["max_questions"], ch[r.channel_id]["max_seconds"])
        )
        n, s = used.get(r.channel_id, (0, 0.0))
        if n + 1 <= max_q and s + r.burden_seconds <= max_s:
            used[r.channel_id] = (n + 1, s + r.burden_seconds)
            selection.append((r.question_id, r.channel_id))
    return selection


# --- projection ------------------------------------------------------------------------------


def project_index(
    scores: TopicScores,
    catalog: Catalog,
    questions: pd.DataFrame,
    months: Sequence[int] = (0, 3, 6, 12),
) -> pd.DataFrame:
    """The customer-knowledge index after some months, with the plan and with nothing done.

    Nothing done: attributes with a last-updated date age (those refreshed on a cycle do not).
    With the plan: each channel asks at its cadence, from its wave's start month, the reachable
    customers who have not answered yet; the share who answered after n asks is
    ``reach × (1 − (1 − response)^n)``, times the linkability and the question's strength.
    """
    a = catalog.assumptions
    days = a.number("projection.days_per_month")
    t = scores.topics
    importance = t["importance"].to_numpy(dtype=float)
    topic_pos = {tid: i for i, tid in enumerate(t.index)}
    scale = a.number("index.scale")
    contributions = scores.contributions
    ch = catalog.channel_records
    plan = questions[questions["in_plan"]] if len(questions) else questions
    w_inf = a.number("inference.w_inf")
    inferability = t["inferability"].to_numpy(dtype=float)
    refreshed = contributions["refreshed"].to_numpy(dtype=bool)
    asked = [
        (a.number(f"waves.start_month.{wave}"), ch[channel]["cadence_days"], reach, response,
         link, strengths)
        for wave, channel, reach, response, link, strengths in zip(
            plan["wave"], plan["channel"], plan["reach"], plan["response"], plan["linkability"],
            plan["topic_strengths"], strict=True,
        )
    ]  # fmt: skip
    rows = []
    codes = contributions["topic_id"].map(topic_pos).to_numpy(dtype=int)
    k_now = np.clip(contributions["k"].to_numpy(dtype=float), 0, 1 - 1e-12)
    half_life = contributions["half_life_days"].to_numpy(dtype=float)
    for m in months:
        extra_age = np.where(refreshed, 0.0, m * days)
        k = k_now * np.power(0.5, extra_age / half_life)
        log_unknown = np.bincount(codes, weights=np.log1p(-k), minlength=len(t))
        unknown = np.exp(log_unknown) * (1 - inferability * w_inf)
        nothing = scale * float((importance * (1 - unknown)).sum() / importance.sum())
        for start, cadence, reach, response, link, strengths in asked:
            asks = max(0.0, (m - start) * days / cadence)
            answered = reach * (1 - (1 - response) ** asks) * link
            for tid, strength in strengths.items():
                unknown[topic_pos[tid]] *= 1 - strength * answered
        with_plan = scale * float((importance * (1 - unknown)).sum() / importance.sum())
        rows.append({"month": m, "index_with_plan": with_plan, "index_nothing_done": nothing})
    return pd.DataFrame(rows)
