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

The modules, in the order a plan is made:

- ``model``: the settings, the result and the named values handed between the steps
  (:class:`Option`, :class:`Choice`, :class:`PassResult`, :class:`Move`, :class:`Problem`);
- ``pool``: the bank and the room's questions;
- ``pairs``: question × channel rules, effect and cost;
- ``plan``: :func:`plan_questions`, which builds the :class:`Problem` once, optimises and reports;
- ``optimise``: the lazy-greedy passes and local search;
- ``report``: ranked records, waves, explanations and the channel plan;
- ``projection``: the index over the months, and the baselines the tests compare with.
"""

from .model import (
    GREEDY_CRITERIA,
    POLISH_PASSES,
    TANGIBLE_INCENTIVES,
    WAVES,
    Budget,
    Choice,
    Move,
    Option,
    PassResult,
    Plan,
    PlanError,
    PlanSettings,
    Problem,
    Reason,
    Refill,
    Selection,
    TopicLink,
    TopicPart,
)
from .optimise import PlanState, greedy, local_search
from .pairs import PAIR_COLUMNS, question_channel_pairs
from .plan import build_problem, optimise, plan_questions
from .pool import question_pool, workshop_questions
from .projection import plan_value, project_index, standalone_selection
from .report import NOT_PLANNED, STATUS_OF_REASON

__all__ = [
    "GREEDY_CRITERIA",
    "NOT_PLANNED",
    "PAIR_COLUMNS",
    "POLISH_PASSES",
    "STATUS_OF_REASON",
    "TANGIBLE_INCENTIVES",
    "WAVES",
    "Budget",
    "Choice",
    "Move",
    "Option",
    "PassResult",
    "Plan",
    "PlanError",
    "PlanSettings",
    "PlanState",
    "Problem",
    "Reason",
    "Refill",
    "Selection",
    "TopicLink",
    "TopicPart",
    "build_problem",
    "greedy",
    "local_search",
    "optimise",
    "plan_questions",
    "plan_value",
    "project_index",
    "question_channel_pairs",
    "question_pool",
    "standalone_selection",
    "workshop_questions",
]
