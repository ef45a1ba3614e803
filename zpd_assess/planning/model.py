"""The planner's vocabulary: settings and result, and the named values its steps hand on.

The steps are: the pool (which questions), the pairs (which question may be asked in which
channel, with what effect and cost), the problem (both, under the team's settings and the current
scores), the optimisation (greedy passes and local search, which choose an :class:`Option` per
question) and the report (ranked records, explanations and the channel plan).

:class:`Option`, :class:`TopicPart`, :class:`Choice` and :class:`Move` are NamedTuples: the
greedy makes, compares and unpacks them in its inner loops (an option's order in the heap is the
tuple order), where a frozen dataclass costs a few times more to build; the rest are frozen
dataclasses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import pandas as pd

from ..catalog import Catalog
from ..intake import Issue
from ..scoring import TopicScores
from .units import QuestionLinks, UnitLink, ValueUnits

if TYPE_CHECKING:
    from .optimise import PlanState

#: Greedy passes whose best plan is kept: marginal gain per cost (burden seconds and money),
#: gain alone, and gain per share of the channel's budget that the question uses up.
GREEDY_CRITERIA = ("cost", "gain", "budget")
#: Local search polishes the first pass (gain per cost, the specified greedy): measured on random
#: small instances against an exhaustive optimum, polishing it alone reaches 99 %.
POLISH_PASSES = 1
TANGIBLE_INCENTIVES = frozenset({"discount", "benefit", "prize", "experience"})
#: The plan's waves; each is labelled by ``wave.<id>`` in labels.csv.
WAVES = ("quick_win", "next_quarter", "strategic")

#: A channel's budget: (questions, seconds).
Budget = tuple[float, float]
#: A value unit a question informs: (its position in the problem's units, the strength).
TopicLink = UnitLink
#: A question's (English, Hebrew) text.
Bilingual = tuple[str, str]


def topic_strengths(questions: pd.DataFrame, qid: str) -> Mapping[str, float]:
    """The topics a question of the pool informs, with the strength of each."""
    return cast(Mapping[str, float], questions.at[qid, "topic_strengths"])


class PlanError(ValueError):
    """Plan settings that cannot be used; the message names the setting and what is accepted."""


@dataclass(frozen=True)
class PlanSettings:
    """What the workshop decided: channels, budgets, votes, pins and exclusions."""

    channels: tuple[str, ...] | None = None  # the channels the organisation has; None: all
    budgets: Mapping[str, Budget] = field(default_factory=dict)  # (questions, s)
    reach: Mapping[str, float] = field(default_factory=dict)  # the client's reach per channel
    votes: Mapping[str, float] = field(default_factory=dict)  # question_id -> dots
    vote_weight: float = 0.0  # 0: votes ignored; 1: a top-voted question counts double
    pinned: Mapping[str, str | None] = field(default_factory=dict)  # question -> channel|None
    #: pins that fix the channel only: planned there like any pin, but ranked by their value
    #: instead of leading the plan (the consultant's ``pinned_questions``)
    ranked_pins: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()
    customers: int | None = None  # number of customers, for counts and money
    industry: str | None = None  # bank questions tagged for other industries are left out
    criteria: tuple[str, ...] = GREEDY_CRITERIA  # greedy passes; the best is kept
    polish: bool = True  # local search after the greedy (see optimise.local_search)
    #: moments the inventory signals (moment_id -> the attributes that signal it, joined by
    #: ``moments.SEPARATOR``): a question asked at one in a channel that can ask then is
    #: answered more (see zpd_assess.moments)
    moments: Mapping[str, str] = field(default_factory=dict)
    #: a planned question asked again, in channels with room left, of those who have not answered
    repeats: bool = True
    #: the least a question adds to be planned (None: ``planning.min_points`` of the catalog)
    min_points: float | None = None


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


class Option(NamedTuple):
    """One allowed channel for a question: its effect (reach × response × linkability) and cost."""

    channel: str
    effect: float
    cost: float  # burden seconds and money, in seconds' worth
    seconds: float  # burden seconds, against the channel's budget


#: The plan as the optimiser sees it: each chosen question's option, in asking order.
Selection = Mapping[str, Option]


class TopicPart(NamedTuple):
    """What asking a question adds on one value unit (a use case's topic), when it is asked."""

    unit: int  # position in the problem's units
    unknown_before: float
    adds: float  # index points


class Reason(NamedTuple):
    """Why a question is left out before any channel is tried (a rule kind and its value)."""

    kind: str
    accepted: str | None = None


class Choice(NamedTuple):
    """A question taken by a greedy pass: its option, its place, and what it adds."""

    option: Option
    slot: int  # 1-based position in its channel
    fatigue: float  # share of the channel's respondents still answering at that position
    parts: tuple[TopicPart, ...]
    value_topics: float  # index points from the topics
    value: float  # with the room's votes
    ratio: float  # value per cost
    runner_up: Option | None  # the best other channel (only in a detailed pass)
    runner_up_fits: bool
    runner_up_ratio: float | None
    pinned: bool
    #: asked again as a near-duplicate suited to the channel (the voice version in the IVR), or
    #: as a follow-up of one: the question asked; None when it is the planned question itself
    variant: str | None = None

    @property
    def channel(self) -> str:
        return self.option.channel

    @property
    def effect(self) -> float:
        return self.option.effect

    @property
    def cost(self) -> float:
        return self.option.cost


@dataclass(frozen=True)
class PassResult:
    """One greedy pass: the state it ended in, what it chose, in which order, its warnings."""

    state: PlanState
    chosen: Mapping[str, Choice]
    order: Sequence[str]
    warnings: Sequence[Issue]
    #: per planned question, the other channels it is asked in again, of the customers who have
    #: not answered it yet (see :func:`.optimise.repeat_asks`), in the order they were taken
    repeats: Mapping[str, tuple[Choice, ...]] = field(default_factory=dict)
    #: questions the plan left out for adding less than ``planning.min_points`` (filler), with
    #: what each added before it was left out
    below_floor: Mapping[str, float] = field(default_factory=dict)
    #: questions whose ask again added more than their first ask, presented the other way round
    #: (see :func:`.optimise.first_ask_where_it_adds_most`): the channel the first ask was in,
    #: and what it added there as the first ask
    first_moved: Mapping[str, tuple[str, float]] = field(default_factory=dict)

    @property
    def total(self) -> float:
        """The pass's value, votes included: what the passes are compared on."""
        first = sum(self.chosen[q].value for q in self.order)
        return first + sum(c.value for again in self.repeats.values() for c in again)

    def selection(self) -> dict[str, Option]:
        return {q: self.chosen[q].option for q in self.order}


class Refill(NamedTuple):
    """The question that takes a slot a move frees, with its option there."""

    question: str
    option: Option


class Move(NamedTuple):
    """A local-search move, screened by its gain before the whole plan is replayed.

    ``question`` leaves its slot; it goes to ``target`` (None: it leaves the plan), in place of
    ``displaced`` (None: the target channel has room); ``refill`` takes the slot it frees, and
    ``second`` the room left beside it (one long question out, two short ones in).
    """

    gain: float
    question: str
    target: Option | None
    displaced: str | None
    refill: Refill | None
    second: Refill | None = None


@dataclass(frozen=True)
class Problem:
    """Everything a pass needs, built once per plan (see :func:`.plan.build_problem`)."""

    scores: TopicScores
    catalog: Catalog
    settings: PlanSettings
    channels: tuple[str, ...]  # the organisation's channels
    pool: pd.DataFrame  # the questions, indexed by id, with ``source``
    pairs: pd.DataFrame  # from question_channel_pairs
    units: ValueUnits  # what the plan adds value to: (use case, topic) pairs
    question_links: QuestionLinks  # per question: the units it informs, the use cases it enables
    conflicts: Mapping[str, frozenset[str]]  # per question: its near-duplicates
    screener: Mapping[str, str]  # a follow-up -> the question it follows (asked after it)
    reasons: Mapping[str, Reason]  # questions left out by a rule, whatever the channel
    options: Mapping[str, Sequence[Option]]  # per question not ruled out: its allowed channels
    vote_share: Mapping[str, float]  # votes / the most votes
    multiplier: Mapping[str, float]  # 1 + vote weight × vote share
    # per screener: the follow-ups its offer needs that the plan may ask (asked with it, always)
    offer_needs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def topic_links(self) -> Mapping[str, Sequence[UnitLink]]:
        """Per question: the value units it informs, with its strength on each."""
        return self.question_links.links


def min_points(problem: Problem) -> float:
    """The least a question must add to be planned (the settings', else the catalog's)."""
    given = problem.settings.min_points
    return float(given if given is not None else
                 problem.catalog.assumptions.number("planning.min_points"))  # fmt: skip
