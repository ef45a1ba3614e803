"""What a question is worth through the use cases it enables.

The plan adds value to *units*: a (use case, topic) pair, whose importance is that use case's part
of the topic's importance (they sum to the topic's importance) and whose unknown share starts at
the topic's. A question enables a use case when it asks one of the answers the use case needs
(``answers`` of both catalogs); it then informs every topic that use case needs with
``share(q, u)``, the part of the use case's answers it gives (square-root rule: one of four
answers is half the use case). A question from the room, which names no answers, enables the use
cases that need its main topics, on the topics it informs, with ``strength × a fixed share``.
Without use cases the units are the topics and the strengths the question's own (the first
model). The plan's value stays a weighted coverage function: monotone and submodular.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd

from ..catalog import Catalog
from ..scoring import TopicScores
from ..use_cases import UseCases

#: A unit a question informs: (the unit's position, the question's strength on it).
UnitLink = tuple[int, float]


@dataclass(frozen=True)
class ValueUnits:
    """The (use case, topic) pairs a plan adds value to, or the topics without use cases."""

    importance: np.ndarray  # per unit, scaled like topic importance (sums to Σ_t I_t)
    unknown: np.ndarray  # per unit: 1 − knowledge of its topic before the plan
    topic: tuple[str, ...]  # per unit: its topic id
    use_case: tuple[str | None, ...]  # per unit: its use case id (None: topic units)
    points: float  # index points per unit of importance-weighted knowledge


def value_units(scores: TopicScores, catalog: Catalog) -> ValueUnits:
    """The units of a scored engagement: one per (active use case, topic it needs)."""
    topics = scores.topics
    importance = topics["importance"].to_numpy(dtype=float)
    points = catalog.assumptions.number("index.scale") / float(importance.sum())
    unknown_of = dict(zip(topics.index, 1 - topics["knowledge"].to_numpy(dtype=float), strict=True))
    parts = scores.use_case_parts
    if parts is None:
        return ValueUnits(
            importance=importance,
            unknown=np.array([unknown_of[t] for t in topics.index]),
            topic=tuple(topics.index),
            use_case=(None,) * len(topics),
            points=points,
        )
    stacked = cast(pd.Series, parts.stack())
    stacked = stacked[stacked.to_numpy() > 0]
    use_case_ids = tuple(str(u) for u, _ in stacked.index)
    topic_ids = tuple(str(t) for _, t in stacked.index)
    return ValueUnits(
        importance=stacked.to_numpy(dtype=float),
        unknown=np.array([unknown_of[t] for t in topic_ids], dtype=float),
        topic=topic_ids,
        use_case=use_case_ids,
        points=points,
    )


@dataclass(frozen=True)
class QuestionLinks:
    """Per question: the units it informs and the use cases it enables, with their shares."""

    links: Mapping[str, list[UnitLink]]
    served: Mapping[str, dict[str, float]]  # question -> use case -> share of it


def question_links(
    pool: pd.DataFrame, units: ValueUnits, use_cases: UseCases | None, catalog: Catalog
) -> QuestionLinks:
    """Which units each question of the pool informs, and how strongly."""
    links: dict[str, list[UnitLink]] = {}
    served: dict[str, dict[str, float]] = {}
    if use_cases is None:
        position = {t: i for i, t in enumerate(units.topic)}
        for qid, strengths in zip(pool.index, pool["topic_strengths"], strict=True):
            links[qid] = [(position[t], float(s)) for t, s in strengths.items()]
            served[qid] = {}
        return QuestionLinks(links, served)
    a = catalog.assumptions
    exponent = a.number("use_case.answer_share_exponent")
    unlinked = a.number("use_case.unlinked_share")
    units_of: dict[str, list[tuple[int, str]]] = {}
    for i, (u, t) in enumerate(zip(units.use_case, units.topic, strict=True)):
        units_of.setdefault(str(u), []).append((i, t))
    active = use_cases.active
    needed = {
        str(u): (frozenset(ans), frozenset(needs))
        for u, ans, needs in zip(
            active.index, active["answers"], active["need_weights"], strict=True
        )
    }
    has_answers = "answer_list" in pool.columns
    answer_lists = pool["answer_list"].tolist() if has_answers else [()] * len(pool)
    sources = pool["source"].tolist() if "source" in pool.columns else ["bank"] * len(pool)
    for n, (qid, strengths) in enumerate(zip(pool.index, pool["topic_strengths"], strict=True)):
        answers = frozenset(answer_lists[n])
        from_room = not has_answers or sources[n] != "bank"
        shares: dict[str, float] = {}
        by_answer: set[str] = set()
        for u, (u_answers, u_needs) in needed.items():
            if answers and u_answers:
                common = len(answers & u_answers)
                if common:
                    shares[u] = (common / len(u_answers)) ** exponent
                    by_answer.add(u)
            elif ((from_room and not answers) or not u_answers) and any(
                strengths.get(t, 0.0) >= 0.5 for t in u_needs
            ):
                shares[u] = unlinked
        row: list[UnitLink] = []
        for u, share in shares.items():
            for i, t in units_of.get(u, ()):
                # an answer the use case needs serves all it needs it for; a topic match only
                # serves the topics the question informs, as strongly as it informs them
                s = share if u in by_answer else share * strengths.get(t, 0.0)
                if s > 0:
                    row.append((i, float(s)))
        links[qid] = row
        served[qid] = {u: s for u, s in shares.items() if u in units_of}
    return QuestionLinks(links, served)


def near_duplicates(pool: pd.DataFrame) -> dict[str, frozenset[str]]:
    """Per question, the questions that ask the customer the same thing.

    Two questions are near-duplicates when one's answers contain the other's and cover at least
    half of them (a short voice version, the same facts asked twice); a broad question that also
    yields a size does not make the size question a duplicate. Only one of two near-duplicates
    enters a plan (the rule is the planner's, see :func:`.optimise.greedy`).
    """
    if "answer_list" not in pool.columns:
        return {}
    answers = {
        str(q): frozenset(a) for q, a in zip(pool.index, pool["answer_list"], strict=True) if a
    }
    by_key: dict[str, set[str]] = {}
    for q, keys in answers.items():
        for k in keys:
            by_key.setdefault(k, set()).add(q)
    out: dict[str, frozenset[str]] = {}
    for q, keys in answers.items():
        candidates = set().union(*(by_key[k] for k in keys)) - {q}
        same = {
            o
            for o in candidates
            if (answers[o] <= keys or keys <= answers[o])
            and 2 * min(len(answers[o]), len(keys)) >= max(len(answers[o]), len(keys))
        }
        if same:
            out[q] = frozenset(same)
    return out


def moment_factors(
    pairs: pd.DataFrame,
    served: Mapping[str, Mapping[str, float]],
    use_cases: UseCases | None,
    catalog: Catalog,
) -> pd.DataFrame:
    """The pairs with the moment taken into account: channels a served use case avoids are
    ruled out; channels none of them names as fitting the moment answer less (an assumption).
    """
    if use_cases is None or pairs.empty:
        return pairs
    table = use_cases.table
    off_fit = catalog.assumptions.number("use_case.off_moment_factor")
    fit = dict(zip(table.index, table["channels_fit"], strict=True))
    avoid = dict(zip(table.index, table["channels_avoid"], strict=True))
    factors = np.ones(len(pairs))
    avoided: list[Any] = [None] * len(pairs)
    allowed = pairs["allowed"].to_numpy()
    qids, cids = pairs["question_id"].tolist(), pairs["channel_id"].tolist()
    for n in np.flatnonzero(allowed):
        qid, cid = qids[n], cids[n]
        uses = served.get(qid)
        if not uses:
            continue
        blocking = sorted(u for u in uses if cid in avoid[u])
        if blocking:
            avoided[n] = blocking[0]
            factors[n] = 0.0
        elif not any(cid in fit[u] or not fit[u] for u in uses):
            factors[n] = off_fit
    if (factors == 1.0).all():
        return pairs
    out = pairs.copy()
    out["effect"] = out["effect"] * factors
    out["moment"] = factors
    ruled = np.array([a is not None for a in avoided])
    if ruled.any():
        out.loc[ruled, "allowed"] = False
        out.loc[ruled, "reason"] = "rule_moment_avoid"
        out.loc[ruled, "reason_accepted"] = [a for a in avoided if a is not None]
    return out


def screeners(pool: pd.DataFrame) -> dict[str, str]:
    """Per follow-up question of the pool, the question it follows (its screener).

    A follow-up ("When is the event?") is asked only to those who answered its screener ("Do
    you have an event coming up?"): it is planned only with it, in the same channel.
    """
    if "follows" not in pool.columns:
        return {}
    present = set(pool.index)
    return {
        str(q): str(s)
        for q, s in zip(pool.index, pool["follows"], strict=True)
        if isinstance(s, str) and s and s in present and s != q
    }


def offer_follow_ups(pool: pd.DataFrame, screener: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """Per screener, the follow-ups its offer needs (``completes_offer``): "an outfit edit a few
    weeks before the event" is empty without the event's month, and a fibre check at the new
    address without the address. Such a screener is planned only where they follow it."""
    if "completes_offer" not in pool.columns:
        return {}
    out: dict[str, list[str]] = {}
    for q, needed in zip(pool.index, pool["completes_offer"], strict=True):
        if needed is True and q in screener:
            out.setdefault(screener[q], []).append(str(q))
    return {s: tuple(fs) for s, fs in out.items()}


def where_follow_ups_fit(
    pairs: pd.DataFrame, needed: Mapping[str, tuple[str, ...]], ruled_out: Iterable[str]
) -> pd.DataFrame:
    """The pairs with a screener ruled out of each channel where a follow-up its offer needs
    may not be asked (``rule_follow_up_not_here``, accepted: that follow-up). A follow-up a rule
    keeps out of the plan (``ruled_out``: excluded by the team, its answer held) binds nothing:
    the team has decided without it."""
    gone = set(ruled_out)
    binding = {s: [f for f in fs if f not in gone] for s, fs in needed.items()}
    binding = {s: fs for s, fs in binding.items() if fs and s not in gone}
    if not binding or pairs.empty:
        return pairs
    allowed = pairs["allowed"].to_numpy(dtype=bool)
    qids, cids = pairs["question_id"].tolist(), pairs["channel_id"].tolist()
    open_to = {(q, c) for q, c, a in zip(qids, cids, allowed, strict=True) if a}
    lacking: dict[int, str] = {}
    for n in np.flatnonzero(allowed).tolist():
        for f in binding.get(qids[n], ()):
            if (f, cids[n]) not in open_to:
                lacking[n] = f
                break
    if not lacking:
        return pairs
    out = pairs.copy()
    rows = list(lacking)
    out.loc[out.index[rows], "allowed"] = False
    out.loc[out.index[rows], "reason"] = "rule_follow_up_not_here"
    out.loc[out.index[rows], "reason_accepted"] = list(lacking.values())
    return out


def module_room(
    screener: Mapping[str, str], seconds: Mapping[tuple[str, str], float]
) -> dict[tuple[str, str], tuple[int, float]]:
    """The room a screener keeps in a channel for its follow-ups, which are asked right after it.

    ``seconds`` gives each allowed (question, channel) its burden; the result maps (screener,
    channel) to the questions and seconds of its follow-ups that may be asked there.
    """
    room: dict[tuple[str, str], tuple[int, float]] = {}
    for (qid, channel), sec in seconds.items():
        head = screener.get(qid)
        if head is not None and (head, channel) in seconds:
            n, s = room.get((head, channel), (0, 0.0))
            room[(head, channel)] = (n + 1, s + sec)
    return room
