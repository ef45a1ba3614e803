"""What the team decided for one engagement, checked before it is saved or imported.

The app keeps an engagement's decisions (goal weights, channels and budgets, the room's
questions, wording, votes, pins, exclusions, team fields, AHP judgments, relevance overrides,
measured evidence, inventory fixes) as one JSON object. :func:`validate_decisions` checks such an
object against the catalogs in use, so that a tampered engagement file, a stale tab or an edited
plan can never store a state that breaks every page: each problem is refused with a message that
names the field, what was found and what is accepted.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .catalog import Catalog

FIELDS = (
    "org_id",
    "weights",
    "channels",
    "budgets",
    "inventory_edits",
    "workshop",
    "wording",
    "votes",
    "vote_weight",
    "pinned",
    "excluded",
    "team",
    "ahp",
    "relevance",
    "inferability",
    "measured",
)
MAX_TEXT = 2_000
MAX_ITEMS = 5_000
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")


class DecisionsError(ValueError):
    """Decisions that cannot be used; the message names the field and what is accepted."""


def _fail(field: str, found: Any, accepted: str) -> DecisionsError:
    shown = repr(found)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return DecisionsError(f"{field} is {shown}; accepted: {accepted}")


def _number(field: str, value: Any, low: float | None = None, high: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(field, value, "a number")
    number = float(value)
    if not math.isfinite(number):
        raise _fail(field, value, "a finite number")
    if (low is not None and number < low) or (high is not None and number > high):
        raise _fail(field, value, f"a number from {low:g} to {high:g}" if high is not None
                    else f"a number of at least {low:g}")  # fmt: skip
    return number


def _mapping(field: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(field, value, "an object")
    if len(value) > MAX_ITEMS:
        raise _fail(field, f"{len(value)} entries", f"at most {MAX_ITEMS}")
    return value


def _text(field: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _fail(field, value, "text")
    if len(value) > MAX_TEXT:
        raise _fail(field, f"{len(value)} characters", f"at most {MAX_TEXT}")
    return value


def _row_key(field: str, key: Any) -> None:
    try:
        row = int(str(key))
    except ValueError:
        raise _fail(field, key, "a row number") from None
    if row < 0:
        raise _fail(field, key, "a row number")


def next_question_id(taken: Iterable[str], prefix: str = "w") -> str:
    """The first free id ``<prefix>_NN`` (NN from 01) not in ``taken``."""
    used = set(taken)
    number = 1
    while f"{prefix}_{number:02d}" in used:
        number += 1
    return f"{prefix}_{number:02d}"


def validate_decisions(data: Any, catalog: Catalog) -> dict[str, Any]:
    """``data`` checked field by field; returns it unchanged or raises :class:`DecisionsError`."""
    from .planning import PlanError, workshop_questions

    state = _mapping("state", data)
    unknown = sorted(set(state) - set(FIELDS))
    if unknown:
        raise _fail("state", ", ".join(unknown), "the fields " + ", ".join(FIELDS))
    goals, topics = set(catalog.goals.index), set(catalog.topics.index)
    channels = set(catalog.channels.index)

    if "org_id" in state:
        _text("org_id", state["org_id"])
    for goal, weight in _mapping("weights", state.get("weights", {})).items():
        if goal not in goals:
            raise _fail("weights", goal, "goal ids: " + ", ".join(sorted(goals)))
        _number(f"weights.{goal}", weight, 0.0)
    chosen = state.get("channels", [])
    if not isinstance(chosen, list) or any(c not in channels for c in chosen):
        raise _fail("channels", chosen, "a list of channel ids: " + ", ".join(sorted(channels)))
    for channel, budget in _mapping("budgets", state.get("budgets", {})).items():
        if channel not in channels:
            raise _fail("budgets", channel, "channel ids")
        if not isinstance(budget, list | tuple) or len(budget) != 2:
            raise _fail(f"budgets.{channel}", budget, "[questions, seconds]")
        for value in budget:
            _number(f"budgets.{channel}", value, 0.0)

    room = state.get("workshop", [])
    if not isinstance(room, list) or len(room) > MAX_ITEMS:
        raise _fail("workshop", room, "a list of the room's questions")
    seen: set[str] = set()
    for i, item in enumerate(room):
        if not isinstance(item, Mapping):
            raise _fail(f"workshop[{i}]", item, "an object with question_id, texts and topics")
        qid = item.get("question_id")
        if not isinstance(qid, str) or not _ID.match(qid):
            raise _fail(f"workshop[{i}].question_id", qid, "letters, digits and _ (up to 64)")
        if qid in seen:
            raise _fail(f"workshop[{i}].question_id", qid, "an id not used by another question")
        if qid in catalog.questions.index:
            raise _fail(f"workshop[{i}].question_id", qid, "an id that is not a bank question's")
        seen.add(qid)
        for key, value in item.items():
            if isinstance(value, str):
                _text(f"workshop[{i}].{key}", value)
    if room:
        try:
            workshop_questions(room, catalog)
        except PlanError as exc:
            raise DecisionsError(str(exc)) from exc

    for qid, texts in _mapping("wording", state.get("wording", {})).items():
        for key, value in _mapping(f"wording.{qid}", texts).items():
            if key not in ("text_en", "text_he"):
                raise _fail(f"wording.{qid}", key, "text_en, text_he")
            _text(f"wording.{qid}.{key}", value)
    for qid, dots in _mapping("votes", state.get("votes", {})).items():
        _number(f"votes.{qid}", dots, 0.0)
    _number("vote_weight", state.get("vote_weight", 0.0), 0.0, 1.0)
    for qid, channel in _mapping("pinned", state.get("pinned", {})).items():
        if channel is not None and channel not in channels:
            raise _fail(f"pinned.{qid}", channel, "a channel id or null")
    excluded = state.get("excluded", [])
    if not isinstance(excluded, list) or not all(isinstance(q, str) for q in excluded):
        raise _fail("excluded", excluded, "a list of question ids")
    for qid, fields in _mapping("team", state.get("team", {})).items():
        for key, value in _mapping(f"team.{qid}", fields).items():
            if value is not None and not isinstance(value, str | int | float):
                raise _fail(f"team.{qid}.{key}", value, "text, a number or a date")
            if isinstance(value, str):
                _text(f"team.{qid}.{key}", value)
    for pair, value in _mapping("ahp", state.get("ahp", {})).items():
        a, _, b = str(pair).partition("|")
        if a not in goals or b not in goals or a == b:
            raise _fail("ahp", pair, "'goal|goal' with two different goal ids")
        _number(f"ahp.{pair}", value, 1 / 9, 9.0)
    for pair, value in _mapping("relevance", state.get("relevance", {})).items():
        goal, _, topic = str(pair).partition("|")
        if goal not in goals or topic not in topics:
            raise _fail("relevance", pair, "'goal|topic' with known ids")
        _number(f"relevance.{pair}", value, 0, 3)
    for topic, share in _mapping("inferability", state.get("inferability", {})).items():
        if topic not in topics:
            raise _fail("inferability", topic, "topic ids")
        _number(f"inferability.{topic}", share, 0.0, 1.0)
    for row, share in _mapping("measured", state.get("measured", {})).items():
        _row_key("measured", row)
        _number(f"measured.{row}", share, 0.0, 1.0)
    for row, changes in _mapping("inventory_edits", state.get("inventory_edits", {})).items():
        _row_key("inventory_edits", row)
        _mapping(f"inventory_edits.{row}", changes)
    return dict(state)
