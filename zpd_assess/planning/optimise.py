"""Choosing the plan: lazy-greedy passes under the channels' budgets, then local search; the
room left is then given to the planned questions asked again elsewhere (:func:`repeat_asks`)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from ..intake import Issue, make_issue
from ..moments import times_a_contact
from .model import (
    WAVES,
    Choice,
    Move,
    Option,
    PassResult,
    PlanError,
    Problem,
    Refill,
    Selection,
    TopicPart,
    min_points,
)
from .pairs import contact_slot, fatigue_factor
from .report import question_name, wave_of
from .spoken import SPOKEN_CHANNELS, opening_seconds, question_room
from .units import UnitLink, module_room


class PlanState:
    """Unknown share per value unit and budget used per channel while the plan is built."""

    def __init__(self, problem: Problem) -> None:
        catalog, channels = problem.catalog, problem.channels
        budgets = problem.settings.budgets
        units = problem.units
        self.importance = units.importance
        self.unknown = units.unknown.copy()
        self.points = units.points
        ch = catalog.channel_records
        self.max_q = {c: budgets.get(c, (ch[c]["max_questions"], 0))[0] for c in channels}
        # the seconds for questions: a spoken channel's calls each begin with their opening
        self.max_s = {
            c: question_room(c, budgets.get(c, (0, ch[c]["max_seconds"]))[1], catalog)
            for c in channels
        }
        self.used_q = dict.fromkeys(channels, 0)
        self.used_s = dict.fromkeys(channels, 0.0)
        self.fatigue_after = {c: ch[c]["fatigue_after_questions"] for c in ch}
        self.fatigue_per = {c: ch[c]["fatigue_per_question"] for c in ch}
        self.per_contact = {c: ch[c]["max_questions"] for c in ch}

    def copy(self) -> PlanState:
        """The same state, to go on from without changing this one."""
        other = object.__new__(PlanState)
        other.__dict__.update(self.__dict__)
        other.unknown = self.unknown.copy()
        other.used_q = dict(self.used_q)
        other.used_s = dict(self.used_s)
        return other

    def fits(self, channel: str, seconds: float) -> bool:
        fits: bool = (
            self.used_q[channel] + 1 <= self.max_q[channel]
            and self.used_s[channel] + seconds <= self.max_s[channel] + 1e-9
        )
        return fits

    def slot_factor(self, channel: str) -> float:
        return fatigue_factor(
            contact_slot(self.used_q[channel] + 1, self.per_contact[channel]),
            self.fatigue_after[channel],
            self.fatigue_per[channel],
        )

    def gain(self, topics: Sequence[UnitLink], effect: float, channel: str) -> float:
        e = effect * self.slot_factor(channel)
        gain: float = self.points * sum(
            self.importance[i] * self.unknown[i] * s * e for i, s in topics
        )
        return gain

    def parts(
        self, topics: Sequence[UnitLink], effect: float, channel: str, factor: float | None = None
    ) -> tuple[float, tuple[TopicPart, ...]]:
        """What an ask adds per unit, at the channel's next slot (or at a given ``factor``: an
        ask replayed at the place it has)."""
        factor = self.slot_factor(channel) if factor is None else factor
        e = effect * factor
        out = tuple(
            TopicPart(
                i,
                float(self.unknown[i]),
                self.points * self.importance[i] * self.unknown[i] * s * e,
            )
            for i, s in topics
        )
        return factor, out

    def take(
        self,
        topics: Sequence[UnitLink],
        effect: float,
        channel: str,
        seconds: float,
        factor: float | None = None,
    ) -> None:
        e = effect * (self.slot_factor(channel) if factor is None else factor)
        for i, s in topics:
            self.unknown[i] *= 1 - s * e
        self.used_q[channel] += 1
        self.used_s[channel] += seconds


def _named_by(texts: pd.DataFrame, qid: str) -> dict[str, dict[str, str]]:
    """A pinned question's wording in both languages, for its warning (its id if none)."""
    q = {f"text_{lang}": str(texts.at[qid, f"text_{lang}"]) for lang in ("en", "he")
         if qid in texts.index and f"text_{lang}" in texts.columns}  # fmt: skip
    return {lang: {"value": question_name(q, qid, lang)} for lang in ("en", "he")}


def greedy(
    problem: Problem, criterion: str, only: Selection | None = None, detail: bool = True
) -> PassResult:
    """One lazy-greedy pass: pins first, then by the criterion's priority (see GREEDY_CRITERIA).

    ``only`` restricts the pass to given (question -> channel option) pairs, to rank a selection
    that local search improved; runner-up channels are still taken from all options, and only
    with ``detail`` (the passes that are compared need no runner-ups).
    """
    options, topic_links, multiplier = problem.options, problem.topic_links, problem.multiplier
    usable: Mapping[str, Sequence[Option]] = (
        options if only is None else {q: [o] for q, o in only.items()}
    )
    state = PlanState(problem)
    chosen: dict[str, Choice] = {}
    order: list[str] = []
    warnings: list[Issue] = []
    unplaced_pins: list[str] = []
    conflicts = problem.conflicts
    blocked: set[str] = set()  # near-duplicates of what is chosen
    screener = problem.screener
    waiting: dict[str, list[tuple[str, Option]]] = {}  # screener -> its follow-ups' options
    heap: list[tuple[float, str, Option]] = []
    # a screener goes only where its follow-ups fit after it (a module is asked whole)
    module = module_room(
        screener, {(q, o.channel): o.seconds for q, opts in usable.items() for o in opts}
    )

    def fits_module(qid: str, option: Option) -> bool:
        extra_q, extra_s = module.get((qid, option.channel), (0, 0.0))
        if not extra_q:
            return state.fits(option.channel, option.seconds)
        c = option.channel
        fits: bool = (
            state.used_q[c] + 1 + extra_q <= state.max_q[c]
            and state.used_s[c] + option.seconds + extra_s <= state.max_s[c] + 1e-9
        )
        return fits

    offer_needs = problem.offer_needs

    def needed_free(qid: str, option: Option) -> bool:
        """The follow-ups the question's offer needs can still follow it in the option's
        channel (none is planned elsewhere, none is a near-duplicate of what is planned)."""
        return all(
            (f not in chosen and f not in blocked)
            or (f in chosen and chosen[f].channel == option.channel)
            for f in offer_needs.get(qid, ())
        )

    def ratio(qid: str, option: Option) -> float:
        channel, effect, cost, _ = option
        return state.gain(topic_links[qid], effect, channel) * multiplier[qid] / cost

    def priority(qid: str, option: Option) -> float:
        if criterion == "cost":
            return ratio(qid, option)
        channel, effect, _, seconds = option
        gain = state.gain(topic_links[qid], effect, channel) * multiplier[qid]
        if criterion == "gain":
            return gain
        share = seconds / state.max_s[channel] + 1 / state.max_q[channel]
        by_share: float = gain / share
        return by_share

    def select(qid: str, option: Option, pinned: bool) -> None:
        channel, effect, cost, seconds = option
        runner = None
        if detail:
            others = [o for o in options[qid] if o.channel != channel]
            runner = max(others, key=lambda o: (state.fits(o.channel, o.seconds), ratio(qid, o)),
                         default=None)  # fmt: skip
        factor, parts = state.parts(topic_links[qid], effect, channel)
        value = sum(p.adds for p in parts)
        chosen[qid] = Choice(
            option=option,
            slot=state.used_q[channel] + 1,
            fatigue=factor,
            parts=parts,
            value_topics=value,
            value=value * multiplier[qid],
            ratio=value * multiplier[qid] / cost,
            runner_up=runner,
            runner_up_fits=bool(runner and state.fits(runner.channel, runner.seconds)),
            runner_up_ratio=ratio(qid, runner) if runner else None,
            pinned=pinned,
        )
        state.take(topic_links[qid], effect, channel, seconds)
        order.append(qid)
        blocked.update(conflicts.get(qid, ()))
        # a follow-up is asked where its screener is; a fixed selection is ranked as it will
        # be asked, each follow-up right after its screener (the best first)
        follows = [(f, o) for f, o in waiting.pop(qid, ()) if o.channel == channel]
        # the follow-ups its offer needs come with it, whatever they add (its room is kept)
        needed = offer_needs.get(qid, ())
        for f, o in follows:
            if (
                f in needed
                and f not in chosen
                and f not in blocked
                and state.fits(o.channel, o.seconds)
            ):
                select(f, o, pinned=False)
        if only is not None:
            for f, o in sorted(follows, key=lambda fo: -priority(*fo)):
                if f not in chosen and f not in blocked and state.fits(o.channel, o.seconds):
                    select(f, o, pinned=False)
            return
        for follow_up, follow_option in follows:
            heapq.heappush(heap, (-priority(follow_up, follow_option), follow_up, follow_option))

    def with_needed(qid: str, o: Option) -> list[tuple[str, Option]] | None:
        """The follow-ups a pin's offer needs, to be placed with it in the option's channel
        (None: one cannot follow it there)."""
        out = []
        for f in offer_needs.get(qid, ()):
            fo = next((x for x in usable.get(f, ()) if x.channel == o.channel), None)
            if fo is None or f in blocked:
                return None
            if f not in chosen:
                out.append((f, fo))
        return out

    out_of_pool: list[str] = []
    for qid, wanted in problem.settings.pinned.items():
        if qid not in problem.pool.index:
            # the engagement's industry or use cases left it out since it was pinned (the
            # consultant set the telecom's industry to another): it stays out and the plan says
            # so, rather than the whole engagement failing
            out_of_pool.append(qid)
            continue
        if qid in chosen:  # placed already, with the pin whose offer needs it
            continue
        fitting = []
        for o in usable.get(qid, []):
            needed = with_needed(qid, o)
            if needed is None or (wanted is not None and o.channel != wanted):
                continue
            c = o.channel
            if (state.used_q[c] + 1 + len(needed) <= state.max_q[c]
                    and state.used_s[c] + o.seconds + sum(fo.seconds for _, fo in needed)
                    <= state.max_s[c] + 1e-9):  # fmt: skip
                fitting.append((o, needed))
        if qid in problem.reasons or not fitting:
            unplaced_pins.append(qid)
            continue
        option, needed = max(fitting, key=lambda on: ratio(qid, on[0]))
        select(qid, option, pinned=True)
        # the follow-ups its offer needs come with it (a pin is placed before any waits)
        for f, fo in needed:
            if f not in chosen and f not in blocked:
                select(f, fo, pinned=False)

    # Lazy evaluation: a stale priority is an upper bound, because gains only fall as the plan
    # grows (less is unknown, later positions tire more).
    for qid, opts in usable.items():
        if qid in chosen:
            continue
        for o in opts:
            if qid in screener and screener[qid] not in chosen:
                waiting.setdefault(screener[qid], []).append((qid, o))
            elif qid not in screener or chosen[screener[qid]].channel == o.channel:
                heap.append((-priority(qid, o), qid, o))
    heapq.heapify(heap)
    # A follow-up that would add less than the floor is not taken: it would be filler, and the
    # room it took stays for others (gains only fall, so it is never worth taking later).
    floor = min_points(problem)
    while heap:
        _, qid, option = heapq.heappop(heap)
        if qid in chosen or qid in blocked or not fits_module(qid, option):
            continue
        if not needed_free(qid, option):
            continue
        current = priority(qid, option)
        if current <= 0:
            continue
        if (
            qid in screener
            and state.gain(topic_links[qid], option.effect, option.channel) * multiplier[qid]
            < floor
        ):
            continue
        if heap and current < -heap[0][0] - 1e-15:
            heapq.heappush(heap, (-current, qid, option))
            continue
        select(qid, option, pinned=False)

    for qid in unplaced_pins:
        # a pin with no room where the team put it may still be planned elsewhere by value
        named = _named_by(problem.pool, qid)
        if qid in chosen:
            labels = problem.catalog.channel_records[chosen[qid].channel]
            for lang in ("en", "he"):
                named[lang]["accepted"] = str(labels[f"label_{lang}"])
            warnings.append(make_issue(
                problem.catalog, "pin_other_channel", value=qid, accepted=chosen[qid].channel,
                localized=named,
            ))  # fmt: skip
        else:
            warnings.append(
                make_issue(problem.catalog, "pin_does_not_fit", value=qid, localized=named)
            )
    for qid in out_of_pool:  # named by the bank's wording: the pool no longer holds it
        named = _named_by(problem.catalog.questions, qid)
        warnings.append(make_issue(problem.catalog, "pin_not_in_pool", value=qid, localized=named))
    return PassResult(state=state, chosen=chosen, order=order, warnings=warnings)


def local_search(problem: Problem, result: PassResult, max_rounds: int = 5) -> Selection | None:
    """Improve a greedy plan by moves that keep it feasible; None when no move helps.

    Moves: *replace* a planned question by one left out, in the same channel (or by two shorter
    ones, the long one moving to another channel with room, or into a full one in place of a
    question worth less there); *relocate* a
    planned question to a channel with room and refill the slot it frees; *exchange* it into a
    full channel in place of a question worth less there, refilling its own slot. Moves are
    screened with matrix products (ignoring fatigue); a move is taken only when replaying the
    whole plan confirms that it adds value.
    """
    options, topic_links = problem.options, problem.topic_links
    selection: dict[str, Option] = result.selection()
    pinned = {q for q in result.order if result.chosen[q].pinned}
    n_topics = len(problem.units.importance)
    importance = problem.units.importance
    start = problem.units.unknown
    conflicts = problem.conflicts
    screener = problem.screener
    offer_needs = problem.offer_needs
    # a question whose offer needs a follow-up, and that follow-up, move only with each other:
    # the moves below move one question, so they are left where the greedy put them
    locked = {q for s, fs in offer_needs.items() for q in (s, *fs)}
    grouped: dict[str, tuple[list[str], list[Option], list[np.ndarray]]] = {}
    for qid, opts in options.items():
        for o in opts:
            qs, os_, rows = grouped.setdefault(o.channel, ([], [], []))
            row = np.zeros(n_topics)
            for i, strength in topic_links[qid]:
                row[i] = strength * o.effect
            qs.append(qid)
            os_.append(o)
            rows.append(row)
    matrices = {c: (qs, os_, np.array(rows)) for c, (qs, os_, rows) in grouped.items()}

    def replay(sel: Selection) -> PlanState | None:
        if any(conflicts.get(q, frozenset()) & (sel.keys() - pinned) for q in sel):
            return None  # two near-duplicates: not a plan the greedy may keep
        for q, o in sel.items():
            s = screener.get(q)
            if s is not None and q not in pinned and (s not in sel or sel[s].channel != o.channel):
                return None  # a follow-up without its screener, or in another channel
            if q not in pinned and any(
                f not in sel or sel[f].channel != o.channel for f in offer_needs.get(q, ())
            ):
                return None  # a question without a follow-up its offer needs
        state = PlanState(problem)
        for qid, (channel, effect, _, seconds) in sel.items():
            if not state.fits(channel, seconds):
                return None
            state.take(topic_links[qid], effect, channel, seconds)
        return state

    def value(state: PlanState) -> float:
        return float((importance * (start - state.unknown)).sum())

    def gain_of(qid: str, effect: float, unknown: np.ndarray) -> float:
        return float(sum(importance[i] * unknown[i] * s * effect for i, s in topic_links[qid]))

    def best_in(
        channel: str, unknown: np.ndarray, taken: set[str], seconds_left: float, leaving: str
    ) -> tuple[Refill | None, float]:
        """The best question to fill a slot ``leaving`` frees in ``channel``: a follow-up only
        after its screener, planned there and staying."""
        if channel not in matrices:
            return None, 0.0
        qs, os_, matrix = matrices[channel]
        gains = matrix @ (importance * unknown)
        for k in np.argsort(-gains)[:50]:
            if gains[k] <= 0:
                break
            if qs[k] in taken or qs[k] in locked or os_[k].seconds > seconds_left + 1e-9:
                continue
            head = screener.get(qs[k])
            if head is not None and (
                head == leaving or head not in selection or selection[head].channel != channel
            ):
                continue
            return Refill(qs[k], os_[k]), float(gains[k])
        return None, 0.0

    state = replay(selection)
    if state is None:  # the greedy's own plan always fits its budgets
        raise PlanError("The greedy plan does not fit its budgets: please report this")
    current = value(state)
    changed = False
    for _ in range(max_rounds):
        members: dict[str, list[str]] = {}
        for q, o in selection.items():
            members.setdefault(o.channel, []).append(q)
        removed: dict[str, tuple[np.ndarray, float]] = {}
        for qid, option in selection.items():
            without = state.unknown.copy()
            for i, strength in topic_links[qid]:
                without[i] /= max(1 - strength * option.effect, 1e-12)
            removed[qid] = (without, float((importance * (without - state.unknown)).sum()))
        others_index = {c: list(qs) for c, qs in members.items()}
        stacked = {
            c: (
                np.array([removed[q][0] for q in qs]),
                np.array([removed[q][1] for q in qs]),
                np.array([selection[q].seconds for q in qs]),
            )
            for c, qs in others_index.items()
        }
        taken = set(selection)
        # Thousands of moves are screened per round and 30 are tried: screened as plain tuples in
        # Move's field order, named when tried.
        candidates: list[
            tuple[float, str, Option | None, str | None, Refill | None, Refill | None]
        ] = []
        for qid, (channel, _, _, seconds) in selection.items():
            if qid in pinned or qid in locked:
                continue
            without, loss = removed[qid]
            room = state.max_s[channel] - state.used_s[channel] + seconds
            refill, refill_gain = best_in(channel, without, taken, room, qid)
            if refill is not None and refill_gain > loss:
                candidates.append((refill_gain - loss, qid, None, None, refill, None))
            if refill is not None and state.used_q[channel] + 1 <= state.max_q[channel]:
                # one long question out, two shorter ones in (a knapsack the greedy can miss)
                after = without.copy()
                for i, strength in topic_links[refill.question]:
                    after[i] *= 1 - strength * refill.option.effect
                second, second_gain = best_in(
                    channel, after, taken | {refill.question}, room - refill.option.seconds, qid
                )
                if second is not None and refill_gain + second_gain > loss:
                    candidates.append(
                        (refill_gain + second_gain - loss, qid, None, None, refill, second)
                    )
                if second is not None:
                    # ...and the long one asked in another channel: where there is room, or in
                    # place of a question worth less there (a full survey's one slot)
                    for alt in options[qid]:
                        if alt.channel == channel:
                            continue
                        if state.fits(alt.channel, alt.seconds):
                            delta = (
                                gain_of(qid, alt.effect, after) + refill_gain + second_gain - loss
                            )
                            if delta > 0:
                                candidates.append((delta, qid, alt, None, refill, second))
                            continue
                        free = state.max_s[alt.channel] - state.used_s[alt.channel]
                        for member in members.get(alt.channel, ()):
                            if (member in pinned or member in locked
                                    or alt.seconds > free + selection[member].seconds):  # fmt: skip
                                continue
                            base, other_loss = removed[member]
                            delta = (
                                gain_of(qid, alt.effect, base)
                                + refill_gain
                                + second_gain
                                - loss
                                - other_loss
                            )
                            if delta > 0:
                                candidates.append((delta, qid, alt, member, refill, second))
            for alt in options[qid]:
                target = alt.channel
                if target == channel:
                    continue
                if state.fits(target, alt.seconds):
                    delta = gain_of(qid, alt.effect, without) + refill_gain - loss
                    if delta > 0:
                        candidates.append((delta, qid, alt, None, refill, None))
                    continue
                others = [o for o in members.get(target, ()) if o not in pinned]
                if not others:
                    continue
                # q's gain in the target channel in place of each member, in one product
                idx = [i for i, _ in topic_links[qid]]
                weights = np.array([importance[i] * s * alt.effect for i, s in topic_links[qid]])
                gains = stacked[target][0][:, idx] @ weights
                # the seconds free in the target once each member leaves it
                free_if_out = state.max_s[target] - state.used_s[target] + stacked[target][2]
                deltas = gains + refill_gain - loss - stacked[target][1]
                for k in np.flatnonzero((deltas > 0) & (alt.seconds <= free_if_out + 1e-9)):
                    if others_index[target][k] in pinned or others_index[target][k] in locked:
                        continue
                    candidates.append(
                        (float(deltas[k]), qid, alt, others_index[target][k], refill, None)
                    )
        candidates.sort(key=lambda m: -m[0])
        # Apply several moves per round when they touch different channels and questions; each
        # is confirmed by replaying the whole plan.
        touched: set[str] = set()
        accepted = False
        for move in map(Move._make, candidates[:30]):
            qid, move_to, other, refill = move.question, move.target, move.displaced, move.refill
            if qid not in selection or (other is not None and other not in selection):
                continue
            involved = {qid, selection[qid].channel}
            if move_to is not None:
                involved.add(move_to.channel)
            if other is not None:
                involved.add(other)
            if refill is not None:
                involved.add(refill.question)
            if move.second is not None:
                involved.add(move.second.question)
            if involved & touched:
                continue
            trial = {q: o for q, o in selection.items() if q not in (qid, other)}
            if move_to is not None:
                trial[qid] = move_to
            for extra in (refill, move.second):
                if extra is not None and extra.question not in trial and extra.question != other:
                    trial[extra.question] = extra.option
            trial_state = replay(trial)
            if trial_state is not None and value(trial_state) > current * (1 + 1e-9) + 1e-15:
                selection, state, current = trial, trial_state, value(trial_state)
                changed = accepted = True
                touched |= involved
        if not accepted:
            break
    return selection if changed else None


def _with_own_calls(problem: Problem) -> Mapping[str, Sequence[Option]]:
    """The options, where a recurring moment sends the ask in a call of its own (a spoken
    channel's renewal question two months before the renewal) with that call's opening added to
    its seconds: the plan's channel seconds say each call's opening (its follow-ups ride in it)."""
    pairs = problem.pairs
    if "signal_moment" not in pairs.columns:
        return problem.options
    catalog = problem.catalog
    spoken = pairs[pairs["channel_id"].isin(SPOKEN_CHANNELS)]
    timed = {
        (str(q), str(c)): str(m)
        for q, c, m in zip(
            spoken["question_id"], spoken["channel_id"], spoken["signal_moment"], strict=True
        )
        if str(m)
        and str(q) not in problem.screener
        and times_a_contact(catalog, str(m), str(q), str(c))
    }
    if not timed:
        return problem.options
    return {
        q: [
            o._replace(seconds=o.seconds + opening_seconds(o.channel, catalog))
            if (q, o.channel) in timed
            else o
            for o in opts
        ]
        for q, opts in problem.options.items()
    }


def repeat_asks(problem: Problem, result: PassResult) -> PassResult:
    """The plan with its questions asked again in channels that have room left, of the customers
    who have not answered yet.

    A customer the plan's channel does not reach (no app, never calls) is reached only where he
    is; an organisation's channels left empty by the plan are such places. The greedy leaves
    room only where no question left out adds anything, so asking a planned question again there
    takes nothing from another question. What a second ask adds is computed like any ask, on
    what is still unknown after the first (reach is taken as independent between channels), so a
    second channel's customers who answered in the first add nothing. The best second ask is
    taken first, each worth at least ``planning.min_points`` index points, each question in at
    most ``planning.repeat_max_channels`` channels more. A channel the plan leaves empty takes
    its first ask at the lower ``planning.min_points_empty_channel``: the question is built
    already and the channel runs anyway, so the ask costs a template, not a new question, and a
    channel the client runs and the plan leaves unused was the panel's finding in every round. A
    question may be asked again as itself or as a near-duplicate the plan left out, written for
    the channel (the voice version in the IVR, the short one on WhatsApp). A screener goes with
    its follow-ups that may be asked there, right after it (a module is asked whole: the planned
    follow-ups, or the variant's own), and with the follow-ups its first channel had no room for
    (the event's month after "which events?" in a two-question checkout: the panel read the
    offer "outfits before the event" as empty without it), each while the channel has room and
    it adds at least ``planning.min_points_follow_up_again``; a follow-up is not asked again
    alone, nor one in a channel where it or a near-duplicate of it is asked. A question the team
    pinned to a channel is first asked there and may be asked again elsewhere (the insurer's
    policies held elsewhere, pinned to the app's first prompt, asked again at the renewal:
    panel rounds 72 and 73).
    """
    floor = min_points(problem)
    assumptions = problem.catalog.assumptions
    empty_floor = min(floor, assumptions.number("planning.min_points_empty_channel"))
    most = int(assumptions.number("planning.repeat_max_channels"))
    least = assumptions.number("planning.min_points_follow_up_again")
    links, multiplier = problem.topic_links, problem.multiplier
    chosen, conflicts, screener = result.chosen, problem.conflicts, problem.screener
    options = _with_own_calls(problem)
    # a module is said in one call: a spoken channel's call holds its catalog seconds, less the
    # opening (a period's budget may hold several calls)
    one_call = {
        c: question_room(
            c, float(problem.catalog.channel_records[c]["max_seconds"]), problem.catalog
        )
        for c in problem.channels
        if c in SPOKEN_CHANNELS
    }
    followers: dict[str, list[str]] = {}
    for qid in problem.pool.index:
        if qid in screener:
            followers.setdefault(screener[qid], []).append(str(qid))
    asked_in: dict[str, set[str]] = {}
    variants: dict[str, list[str]] = {}
    for qid in result.order:
        if qid in screener:
            continue
        twins = conflicts.get(qid, frozenset())
        asked_in[qid] = {chosen[q].channel for q in (qid, *twins) if q in chosen}
        variants[qid] = [
            qid,
            *sorted(t for t in twins if t not in chosen and t in options and t not in screener),
        ]
    state = result.state.copy()
    again: dict[str, int] = {}

    def floor_in(channel: str) -> float:
        return empty_floor if state.used_q[channel] == 0 else floor

    def module(lead: str, asked: str, option: Option) -> list[tuple[str, str, Option]]:
        """(whose record, question asked, option): the question and the follow-ups asked after
        it in the option's channel: the planned ones, then those the first channel had no room
        for (the event's month after "which events?"), each while the channel has room, it adds
        at least ``least`` and no near-duplicate of it is asked there; a variant's own follow-ups
        likewise. A follow-up the plan does not ask elsewhere is recorded under the question it
        follows, as a variant."""
        channel = option.channel
        here = [(lead, asked, option)]
        later: list[tuple[str, str, Option]] = []  # (whose record, follow-up, option)

        def follow(asked: str, own: bool, nested: bool = False) -> bool:
            """Add ``asked``'s follow-ups; ``own``: it is the lead or a planned follow-up asked
            as itself, whose planned follow-ups go with it (``nested``: only those; the
            interpreter after the spoken language after the reading language, round 83). False
            where an offer's follow-up cannot be asked here."""
            needed = problem.offer_needs.get(asked, ())
            for f in sorted(followers.get(asked, ()), key=lambda f: f not in needed):
                if nested and f not in chosen:
                    if f in needed:
                        return False
                    continue
                if not own and f in chosen:
                    if f in needed:
                        return False  # its offer needs a follow-up asked elsewhere with its twin
                    continue
                fo = next((o for o in options.get(f, ()) if o.channel == channel), None)
                if fo is None:
                    if f in needed:
                        return False
                    continue
                if own and f in chosen:
                    if f in needed or channel not in SPOKEN_CHANNELS:
                        here.append((f, f, fo))
                    else:  # in a call, a planned follow-up its offer does not need: if it fits
                        later.append((f, f, fo))
                    if not follow(f, True, nested=True):
                        return False
                elif f not in problem.settings.excluded and not any(
                    chosen[t].channel == channel for t in conflicts.get(f, ()) if t in chosen
                ):
                    # recorded under its twin the plan asks, where there is one (the health
                    # fund's visit-language question after the agents' language question is a
                    # second ask of the SMS's visit-language question, not of its language
                    # question: panel rounds 98 and 99 read its points in the language's total)
                    twin = next((t for t in sorted(conflicts.get(f, ())) if t in chosen), lead)
                    later.append((twin, f, fo))
                elif f in needed:
                    return False
            return True

        if not follow(asked, asked == lead):
            return []
        if not later:
            return here
        trial = state.copy()
        for _, q, o in here:
            trial.take(links[q], o.effect, channel, o.seconds)
        call_s = sum(o.seconds for _, _, o in here)
        for record, f, fo in later:
            if screener.get(f) not in {q for _, q, _ in here}:
                continue  # its screener did not fit
            needed = f in problem.offer_needs.get(screener.get(f, ""), ())
            room_s = trial.max_s[channel] + 1e-9 - trial.used_s[channel]
            if (trial.used_q[channel] + 1 > trial.max_q[channel] or fo.seconds > room_s
                    or call_s + fo.seconds > one_call.get(channel, math.inf) + 1e-9):  # fmt: skip
                if needed:
                    return []
                continue
            own = needed or f in chosen  # the offer's, or the plan's own follow-up
            if not own and trial.gain(links[f], fo.effect, channel) < least:
                continue
            trial.take(links[f], fo.effect, channel, fo.seconds)
            call_s += fo.seconds
            here.append((record, f, fo))
        return here

    def worth(members: list[tuple[str, str, Option]]) -> tuple[float, float] | None:
        """What the module adds asked next in its channel, with the room's votes and in index
        points alone (what the floor reads); None when it does not fit."""
        channel = members[0][2].channel
        seconds = sum(o.seconds for _, _, o in members)
        if (state.used_q[channel] + len(members) > state.max_q[channel]
                or state.used_s[channel] + seconds > state.max_s[channel] + 1e-9
                or seconds > one_call.get(channel, seconds) + 1e-9):  # fmt: skip
            return None
        trial, total, points = state.copy(), 0.0, 0.0
        for _, q, o in members:
            adds = trial.gain(links[q], o.effect, channel)
            total, points = total + adds * multiplier[q], points + adds
            trial.take(links[q], o.effect, channel, o.seconds)
        return total, points

    repeats: dict[str, tuple[Choice, ...]] = {}
    taken_again: list[tuple[str, int]] = []  # (record, its index in repeats): the asks' order
    # once no ask is left, a channel still empty may take a question already asked in as many
    # channels more as it may be (the retailer's e-mail, kiosk and pop-up, the health fund's
    # WhatsApp: "0 of 10", every reviewer of rounds 82 to 84)
    opening_only = False
    while True:
        best: tuple[float, list[tuple[str, str, Option]]] | None = None
        for lead, channels in asked_in.items():
            if again.get(lead, 0) >= most and not opening_only:
                continue
            for asked in variants[lead]:
                own = channels | {
                    chosen[t].channel for t in conflicts.get(asked, ()) if t in chosen
                }
                for o in options.get(asked, ()):
                    if o.channel in own or (opening_only and state.used_q[o.channel] > 0):
                        continue
                    members = module(lead, asked, o)
                    if not members:
                        continue
                    adds = worth(members)
                    if adds is None or adds[1] < floor_in(o.channel):
                        continue
                    if best is None or adds[0] > best[0]:
                        best = (adds[0], members)
        if best is None:
            if opening_only:
                break
            opening_only = True
            continue
        members = best[1]
        taken: list[tuple[str, Choice]] = []
        for key, q, option in members:
            factor, parts = state.parts(links[q], option.effect, option.channel)
            value_topics = sum(p.adds for p in parts)
            taken.append((key, Choice(
                option=option, slot=state.used_q[option.channel] + 1, fatigue=factor,
                parts=parts, value_topics=value_topics, value=value_topics * multiplier[q],
                ratio=value_topics * multiplier[q] / option.cost, runner_up=None,
                runner_up_fits=False, runner_up_ratio=None, pinned=False,
                variant=None if q == key else q,
            )))  # fmt: skip
            state.take(links[q], option.effect, option.channel, option.seconds)
        for key, c in taken:
            taken_again.append((key, len(repeats.get(key, ()))))
            repeats[key] = (*repeats.get(key, ()), c)
        lead = members[0][0]
        again[lead] = again.get(lead, 0) + 1
        asked_in[lead].add(members[0][2].channel)
    return first_ask_where_it_adds_most(
        problem, replace(result, state=state, repeats=repeats), taken_again
    )


def first_ask_where_it_adds_most(
    problem: Problem, result: PassResult, taken_again: Sequence[tuple[str, int]]
) -> PassResult:
    """The plan with each question's first ask in the channel where it adds most.

    The budget pass takes a question's first channel by what it adds per share of that
    channel's budget, so a fifteen-question preference centre can win the first ask of "how
    would you like to see a doctor?" (0.17 index points) over the booking flow that asks it again
    (0.67): panel rounds 42, 47 and 49 read it as asked first in its weakest channel. Both asks
    stay where they are, at their places in their channels; only which counts as the first ask
    changes: the ask worth more is the first, when its channel asks no later (its earliest wave
    is no later than the first channel's), the first ask is not one sent at a moment the other is
    not (the insurer's renewal priority, asked in the app two months before the renewal, stays
    first there), the question is not pinned and is asked again as itself. A question with
    planned follow-ups moves only with them: each follow-up first asked in the question's first
    channel and asked again, as itself, in the channel the question moves to (the insurer's
    "is your agent your first contact?" and "which answers may we pass to the agent?", asked
    first in the profile page and again, adding twice as much, in the renewal's confirmation
    screen: panel round 72 read them as reaching 3%). The asks' values are then replayed in
    that order (each at its own fatigue), so the plan's total is unchanged and every ask's
    value is still what it adds on what the asks before it left unknown.
    """
    chosen, repeats = dict(result.chosen), {k: list(v) for k, v in result.repeats.items()}
    if not repeats:
        return result
    catalog, pool, screener = problem.catalog, problem.pool, problem.screener
    leads = {screener[f] for f in chosen if f in screener}  # with a planned follow-up
    rank = {w: i for i, w in enumerate(WAVES)}

    def earliest(channel: str, qid: str) -> int:
        return rank[wave_of(catalog, 1, 1, channel, str(pool.at[qid, "sensitivity"]))]

    pairs = problem.pairs
    timed = (
        {
            (str(q), str(c))
            for q, c, m in zip(
                pairs["question_id"], pairs["channel_id"], pairs["signal_moment"], strict=True
            )
            if str(m) and q in repeats
        }
        if "signal_moment" in pairs.columns
        else set()
    )

    def moment_of(qid: str, channel: str) -> bool:
        return (qid, channel) in timed

    def follow_ups_moving(qid: str, first: str, to: str) -> list[tuple[str, int]] | None:
        """The question's planned follow-ups with the index of their ask again in ``to``, or
        None when one of them cannot move with it."""
        out = []
        for f in (f for f in chosen if screener.get(f) == qid):
            if chosen[f].channel != first or chosen[f].pinned or f in leads:
                return None
            found = [i for i, c in enumerate(repeats.get(f, ())) if c.channel == to]
            if len(found) != 1 or repeats[f][found[0]].variant is not None:
                return None
            out.append((f, found[0]))
        return out

    def swap(qid: str, i: int) -> None:
        first, best = chosen[qid], repeats[qid][i]
        moved[qid] = (first.channel, float(first.value))
        chosen[qid] = best._replace(
            runner_up=None, runner_up_fits=False, runner_up_ratio=None, pinned=False
        )
        repeats[qid][i] = first._replace(runner_up=None, runner_up_fits=False, runner_up_ratio=None)

    moved: dict[str, tuple[str, float]] = {}
    for qid, again in repeats.items():
        first = chosen.get(qid)
        if first is None or first.pinned or qid in screener:
            continue
        if any(c.variant is not None for c in again):
            continue
        i, best = max(enumerate(again), key=lambda pair: pair[1].value)
        if best.value <= first.value * (1 + 1e-9):
            continue
        if earliest(best.channel, qid) > earliest(first.channel, qid):
            continue
        if moment_of(qid, first.channel) and not moment_of(qid, best.channel):
            continue  # the first ask is sent at its moment (the renewal two months ahead)
        followers: list[tuple[str, int]] = []
        if qid in leads:
            found = follow_ups_moving(qid, first.channel, best.channel)
            if found is None:
                continue
            followers = found
        swap(qid, i)
        for f, j in followers:
            swap(f, j)
    if not moved:
        return result
    # the asks in the order they were valued: the first asks, then the asks again
    links, multiplier = problem.topic_links, problem.multiplier
    replay = PlanState(problem)

    def valued(qid: str, c: Choice) -> Choice:
        _, parts = replay.parts(links[qid], c.effect, c.channel, c.fatigue)
        replay.take(links[qid], c.effect, c.channel, c.option.seconds, c.fatigue)
        value_topics = sum(p.adds for p in parts)
        value = value_topics * multiplier[qid]
        return c._replace(
            parts=parts, value_topics=value_topics, value=value, ratio=value / c.option.cost
        )

    for qid in result.order:
        chosen[qid] = valued(qid, chosen[qid])
    for key, index in taken_again:
        c = repeats[key][index]
        repeats[key][index] = valued(c.variant or key, c)
    return replace(
        result,
        chosen=chosen,
        repeats={k: tuple(v) for k, v in repeats.items()},
        first_moved=moved,
    )
