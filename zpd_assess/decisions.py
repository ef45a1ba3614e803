"""What the team decided for one engagement: one typed record, one JSON form.

Everything a consultant and the room decide about an engagement — its identity (name, industry,
customers), goal weights and AHP judgments, channels and budgets, the room's questions and
wordings, votes, pins and exclusions, team fields from the edited plan, inventory fixes and
measured evidence — is one :class:`Decisions` record. The app edits it, the store saves its JSON
(``Decisions.model_dump(mode="json")``), the engagement file carries it, the CLI reads it
(``assess --engagement``), and an edited plan workbook is applied to it by
:func:`apply_plan_edits`. A new decision is a new field here, and nowhere else.

The record is a pydantic v2 model (chosen for typed fields with defaults, one validated JSON
form with field-level error locations, and a JSON Schema of the engagement state for free).
:func:`validate_decisions` checks a stored or imported state against the catalogs in use too
(known goal, topic, channel and question ids), so that a tampered engagement file, a stale tab
or an edited plan can never store a state that breaks every page.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_serializer,
    field_validator,
)

if TYPE_CHECKING:
    import pandas as pd

    from .catalog import Catalog
    from .engagement import Engagement
    from .issues import Issue
    from .plan_edits import PlanEdits
    from .planning import PlanSettings

#: The version of the JSON form; older states (no ``version``) read as version 1.
DECISIONS_VERSION = 1
MAX_TEXT = 2_000
MAX_ITEMS = 5_000
_ID = re.compile(r"^[A-Za-z0-9_.\-]{1,64}$")
#: Industry ids renamed since engagements were first saved.
LEGACY_INDUSTRIES = {"telco": "telecom"}


class DecisionsError(ValueError):
    """Decisions that cannot be used; the message names the field and what is accepted."""


class Identity(BaseModel):
    """Who the engagement is for: shown everywhere, used for the plan's industry fit."""

    model_config = ConfigDict(extra="forbid")

    name_en: str = Field("", max_length=200)
    name_he: str = Field("", max_length=200)
    industry: str = Field("", max_length=200)  # ids, ';'-joined; "" when not known
    customers: int | None = Field(None, ge=0, le=10**10)
    #: the GDPR applies as well as Israel's law (customers in the EU, or an establishment there):
    #: the consent records name it, with its Art. 6 and Art. 9 points
    gdpr: bool = False

    @field_validator("industry")
    @classmethod
    def _current_ids(cls, value: str) -> str:
        """Industry ids as the catalog names them (``telco`` was renamed ``telecom``)."""
        parts = [p.strip() for p in value.split(";") if p.strip()]
        return ";".join(LEGACY_INDUSTRIES.get(p, p) for p in parts)

    def name(self, lang: str) -> str:
        return (self.name_he if lang == "he" else self.name_en) or self.name_en or self.name_he


class UseCaseChoice(BaseModel):
    """The engagement's choice for one use case: switched on or off, and its value."""

    model_config = ConfigDict(extra="forbid")

    on: bool | None = None  # None: the catalog's default for the engagement's industry
    value: float | None = Field(None, gt=0)  # None: the catalog's value


class CustomUseCase(BaseModel):
    """A use case the consultant added for this client, in both languages."""

    model_config = ConfigDict(extra="forbid")

    use_case_id: str = Field(..., min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    label_en: str = Field("", max_length=200)
    label_he: str = Field("", max_length=200)
    goals: dict[str, float] = Field(default_factory=dict)  # goal -> strength in (0, 1]
    needs: dict[str, float] = Field(default_factory=dict)  # topic -> weight in (0, 1]
    value: float = Field(5.0, gt=0, le=10**9)
    on: bool = True
    purpose_en: str = Field("", max_length=500)
    purpose_he: str = Field("", max_length=500)


class Decisions(BaseModel):
    """The engagement's decisions (see the module's docstring). Mutable: the app edits it."""

    model_config = ConfigDict(extra="forbid", validate_default=False)

    version: int = DECISIONS_VERSION
    org_id: str = Field("", max_length=64)
    identity: Identity = Field(default_factory=Identity)
    weights: dict[str, float] = Field(default_factory=dict)
    channels: list[str] = Field(default_factory=list)
    budgets: dict[str, tuple[float, float]] = Field(default_factory=dict)  # (questions, s)
    reach: dict[str, float] = Field(default_factory=dict)  # the client's own reach per channel
    inventory_edits: dict[int, dict[str, Any]] = Field(default_factory=dict)  # Excel row ->
    #: topic fixes by attribute name (zpd_assess.topic_memory.name_key -> topic ids): they
    #: follow a name into the next version of the client's file, whatever its row
    topic_fixes: dict[str, list[str]] = Field(default_factory=dict)
    workshop: list[dict[str, Any]] = Field(default_factory=list)  # the room's questions
    wording: dict[str, dict[str, str]] = Field(default_factory=dict)  # id -> text_en/he
    votes: dict[str, float] = Field(default_factory=dict)  # question id -> dots
    vote_weight: float = Field(0.0, ge=0.0, le=1.0)
    pinned: dict[str, str | None] = Field(default_factory=dict)  # question -> channel|None
    #: questions placed in a channel without leading the plan: asked there whatever they add,
    #: ranked by their value (the engagement's ``pinned_questions``); a pin of the same question
    #: (the room's, the team's order) takes precedence
    placed: dict[str, str] = Field(default_factory=dict)  # question -> channel
    excluded: set[str] = Field(default_factory=set)
    team: dict[str, dict[str, Any]] = Field(default_factory=dict)  # owner/status/due
    ahp: dict[str, float] = Field(default_factory=dict)  # "goal_a|goal_b" -> judgment
    relevance: dict[str, int] = Field(default_factory=dict)  # "goal|topic" -> 0..3
    inferability: dict[str, float] = Field(default_factory=dict)  # topic -> measured share
    measured: dict[int, float] = Field(default_factory=dict)  # Excel row -> coverage
    use_cases: dict[str, UseCaseChoice] = Field(default_factory=dict)  # id -> on/off, value
    custom_use_cases: list[CustomUseCase] = Field(default_factory=list)  # added by the team
    brief: list[str] = Field(default_factory=list)  # use cases the client's brief asks for
    #: the mapping step: client header -> our column id ("" keeps it as a note)
    columns: dict[str, str] = Field(default_factory=dict)
    #: one value for every row where one of our columns is missing or blank (party = first)
    defaults: dict[str, str] = Field(default_factory=dict)

    @field_serializer("excluded")
    def _sorted(self, value: set[str]) -> list[str]:
        return sorted(value)

    def as_json(self) -> dict[str, Any]:
        """The JSON form the store and the engagement file keep (stable key order)."""
        return self.model_dump(mode="json")

    def settings(self, **overrides: Any) -> PlanSettings:
        """The planner's settings these decisions give."""
        from .planning import PlanSettings

        values: dict[str, Any] = {
            "channels": tuple(self.channels),
            "budgets": {c: (float(q), float(s)) for c, (q, s) in self.budgets.items()},
            "reach": {c: float(r) for c, r in self.reach.items()},
            "votes": dict(self.votes),
            "vote_weight": self.vote_weight,
            "pinned": {
                **self.pinned,
                **{q: c for q, c in self.placed.items() if q not in self.pinned},
            },
            "ranked_pins": frozenset(q for q in self.placed if q not in self.pinned),
            "excluded": frozenset(self.excluded),
            "customers": self.identity.customers,
            "industry": self.identity.industry or None,
        }
        values.update(overrides)
        return PlanSettings(**values)


_UNSAFE_IN_FILE_NAME = re.compile(r"[^\w]+")
#: A file name's part taken from the client's name: at most this many characters.
MAX_FILE_STEM = 60


def file_stem(identity: Identity, fallback: str) -> str:
    """The client's name as part of a file name (``Kinor Telecom`` -> ``kinor_telecom``).

    The English name first, else the Hebrew one (Hebrew letters are kept), else ``fallback``;
    anything but letters and digits becomes one ``_``. Never empty: ``engagement`` at worst.
    """
    for name in (identity.name_en, identity.name_he, fallback):
        stem = _UNSAFE_IN_FILE_NAME.sub("_", name or "").strip("_").lower()[:MAX_FILE_STEM]
        if stem.strip("_"):
            return stem.strip("_")
    return "engagement"


def set_identity(
    decisions: Decisions,
    catalog: Catalog,
    *,
    name_en: str,
    name_he: str,
    industries: Iterable[str],
    customers: int | float | None,
    channels: Iterable[str],
    gdpr: bool | None = None,
) -> None:
    """Make these the client's name, industry, customer count and channels (in place).

    Raises :class:`DecisionsError` naming the field, what was found and what is accepted: an
    industry or a channel the catalog does not know, no channel at all, a negative count.
    Nothing changes when a value is refused.
    """
    from .catalog import INDUSTRIES

    chosen = [str(i) for i in industries]
    unknown = [i for i in chosen if i not in INDUSTRIES]
    if unknown:
        raise _fail("identity.industry", unknown, "industry ids: " + ", ".join(INDUSTRIES))
    kept = [str(c) for c in channels]
    if not kept:
        raise _fail("channels", kept, "at least one of the client's channels")
    known = set(catalog.channels.index)
    strangers = [c for c in kept if c not in known]
    if strangers:
        raise _fail("channels", strangers, "channel ids: " + ", ".join(sorted(known)))
    if customers is not None:
        count = float(customers)
        _finite("identity.customers", count, 0.0, 1e10)
        if count != int(count):
            raise _fail("identity.customers", customers, "a whole number of customers")
    try:
        identity = Identity(
            name_en=" ".join(name_en.split()),
            name_he=" ".join(name_he.split()),
            industry=";".join(chosen),
            customers=None if customers is None else int(customers),
            gdpr=decisions.identity.gdpr if gdpr is None else bool(gdpr),
        )
    except ValidationError as exc:
        raise DecisionsError(f"identity.{_from_validation_error(exc)}") from None
    decisions.identity = identity
    decisions.channels = kept


def default_decisions(catalog: Catalog, engagement: Engagement | None = None) -> Decisions:
    """A fresh engagement: the sample's settings, or the catalog's defaults."""
    if engagement is None:
        return Decisions(
            weights=dict(catalog.default_goal_weights()), channels=list(catalog.channels.index)
        )
    own = [dict(q) for q in engagement.client_questions]
    _check_room(own, catalog, "client_questions")
    own_ids = {str(q["question_id"]) for q in own}
    _known_questions(  # a misspelt id
        engagement.pinned_questions, catalog, "pinned_questions", also=own_ids
    )
    return Decisions(
        org_id=engagement.org_id,
        identity=Identity(
            name_en=engagement.name_en,
            name_he=engagement.name_he,
            industry=engagement.industry,
            customers=engagement.customers,
            gdpr=engagement.gdpr,
        ),
        weights=dict(engagement.goal_weights or catalog.default_goal_weights()),
        channels=list(engagement.channels),
        brief=list(engagement.stated_needs),
        use_cases={u: UseCaseChoice(**c) for u, c in engagement.use_cases.items()},
        budgets=dict(engagement.budgets),
        reach=dict(engagement.reach),
        excluded=_known_questions(engagement.excluded_questions, catalog, also=own_ids),
        # the consultant's pins fix a channel; the plan still ranks them by what they add
        placed=dict(engagement.pinned_questions),
        workshop=own,
    )


def _known_questions(
    ids: Iterable[str],
    catalog: Catalog,
    field: str = "excluded_questions",
    also: Iterable[str] = (),
) -> set[str]:
    """The engagement's excluded (or pinned) questions, each one the catalog (or ``also``, the
    client's own questions) holds: a misspelt id would leave in the plan a question the
    consultant took out (or not pin it)."""
    ids = list(ids)
    own = set(also)
    unknown = [q for q in ids if q not in catalog.questions.index and q not in own]
    if unknown:
        raise _fail(
            field, unknown, "question ids of the catalog (questions.csv) or of client_questions"
        )
    return set(ids)


def _fail(field: str, found: Any, accepted: str) -> DecisionsError:
    shown = repr(found)
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return DecisionsError(f"{field} is {shown}; accepted: {accepted}")


def _finite(field: str, value: float, low: float | None = None, high: float | None = None) -> None:
    if not math.isfinite(value):
        raise _fail(field, value, "a finite number")
    if low is not None and value < low:
        raise _fail(field, value, f"a number of at least {low:g}")
    if high is not None and value > high:
        raise _fail(field, value, f"a number of at most {high:g}")


def _text_limits(field: str, value: Any) -> None:
    if isinstance(value, str) and len(value) > MAX_TEXT:
        raise _fail(field, f"{len(value)} characters", f"at most {MAX_TEXT}")


def _from_validation_error(exc: ValidationError) -> DecisionsError:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "state"
    if first["type"] == "extra_forbidden":
        return DecisionsError(
            f"{where} is not a decision this program keeps; accepted: "
            + ", ".join(Decisions.model_fields)
        )
    return _fail(where, first.get("input"), first["msg"].lower())


def _check_room(room: list[dict[str, Any]], catalog: Catalog, field: str = "workshop") -> None:
    """The room's (or the client's own) questions: ids of their own, texts within the limits,
    and each one a question the planner can read (topics, answers, channels known)."""
    from .planning import PlanError, workshop_questions

    if len(room) > MAX_ITEMS:
        raise _fail(field, f"{len(room)} questions", f"at most {MAX_ITEMS}")
    seen: set[str] = set()
    for i, item in enumerate(room):
        qid = item.get("question_id")
        if not isinstance(qid, str) or not _ID.match(qid):
            raise _fail(f"{field}[{i}].question_id", qid, "letters, digits and _ (up to 64)")
        if qid in seen:
            raise _fail(f"{field}[{i}].question_id", qid, "an id not used by another question")
        if qid in catalog.questions.index:
            raise _fail(f"{field}[{i}].question_id", qid, "an id that is not a bank question's")
        seen.add(qid)
        for key, value in item.items():
            _text_limits(f"{field}[{i}].{key}", value)
    if room:
        try:
            workshop_questions(room, catalog)
        except PlanError as exc:
            raise DecisionsError(str(exc)) from exc


def parse_decisions(data: Any, catalog: Catalog) -> Decisions:
    """A stored, imported or edited state as :class:`Decisions`, checked against the catalogs.

    Raises :class:`DecisionsError` naming the field, what was found and what is accepted.
    """
    if not isinstance(data, Mapping):
        raise _fail("state", data, "an object")
    try:
        decisions = Decisions.model_validate(dict(data))
    except ValidationError as exc:
        raise _from_validation_error(exc) from None
    goals, topics = set(catalog.goals.index), set(catalog.topics.index)
    channels = set(catalog.channels.index)
    for name in ("weights", "budgets", "reach", "inventory_edits", "topic_fixes", "wording",
                 "votes", "pinned", "placed", "team", "ahp", "relevance", "inferability",
                 "measured", "use_cases", "custom_use_cases", "brief", "columns",
                 "defaults"):  # fmt: skip
        if len(getattr(decisions, name)) > MAX_ITEMS:
            raise _fail(name, f"{len(getattr(decisions, name))} entries", f"at most {MAX_ITEMS}")
    for goal, weight in decisions.weights.items():
        if goal not in goals:
            raise _fail("weights", goal, "goal ids: " + ", ".join(sorted(goals)))
        _finite(f"weights.{goal}", weight, 0.0)
    unknown = [c for c in decisions.channels if c not in channels]
    if unknown:
        raise _fail("channels", unknown, "channel ids: " + ", ".join(sorted(channels)))
    for channel, share in decisions.reach.items():
        if channel not in channels:
            raise _fail("reach", channel, "channel ids")
        _finite(f"reach.{channel}", share, 0.001, 1.0)
    for channel, budget in decisions.budgets.items():
        if channel not in channels:
            raise _fail("budgets", channel, "channel ids")
        for number in budget:
            _finite(f"budgets.{channel}", number, 0.0)
    if decisions.identity.industry:
        from .catalog import INDUSTRIES

        for industry in decisions.identity.industry.split(";"):
            if industry.strip() and industry.strip() not in INDUSTRIES:
                raise _fail("identity.industry", industry, ", ".join(INDUSTRIES))

    _check_room(decisions.workshop, catalog)

    for qid, texts in decisions.wording.items():
        for key, text in texts.items():
            if key not in ("text_en", "text_he"):
                raise _fail(f"wording.{qid}", key, "text_en, text_he")
            _text_limits(f"wording.{qid}.{key}", text)
    for qid, dots in decisions.votes.items():
        _finite(f"votes.{qid}", dots, 0.0)
    for qid, pin in decisions.pinned.items():
        if pin is not None and pin not in channels:
            raise _fail(f"pinned.{qid}", pin, "a channel id or null")
    for qid, pin in decisions.placed.items():
        if pin not in channels:
            raise _fail(f"placed.{qid}", pin, "a channel id")
    for qid, fields in decisions.team.items():
        for key, value in fields.items():
            if value is not None and not isinstance(value, str | int | float | dt.date):
                raise _fail(f"team.{qid}.{key}", value, "text, a number or a date")
            _text_limits(f"team.{qid}.{key}", value)
    for pair, value in decisions.ahp.items():
        a, _, b = pair.partition("|")
        if a not in goals or b not in goals or a == b:
            raise _fail("ahp", pair, "'goal|goal' with two different goal ids")
        _finite(f"ahp.{pair}", value, 1 / 9 - 1e-9, 9.0)
    for pair, level in decisions.relevance.items():
        goal, _, topic = pair.partition("|")
        if goal not in goals or topic not in topics:
            raise _fail("relevance", pair, "'goal|topic' with known ids")
        if not 0 <= level <= 3:
            raise _fail(f"relevance.{pair}", level, "0, 1, 2 or 3")
    for topic, share in decisions.inferability.items():
        if topic not in topics:
            raise _fail("inferability", topic, "topic ids")
        _finite(f"inferability.{topic}", share, 0.0, 1.0)
    for row, share in decisions.measured.items():
        if row < 0:
            raise _fail("measured", row, "a row number")
        _finite(f"measured.{row}", share, 0.0, 1.0)
    for row in decisions.inventory_edits:
        if row < 0:
            raise _fail("inventory_edits", row, "a row number")
    from .topic_memory import TopicMemoryError, check_fix

    for key, fixed in decisions.topic_fixes.items():
        try:
            decisions.topic_fixes[key] = check_fix(key, fixed, topics)
        except TopicMemoryError as exc:
            raise DecisionsError(f"topic_fixes: {exc}") from None
    from .intake import DEFAULTABLE

    ours = set(catalog.inventory_columns.index) | {""}
    for header, column in decisions.columns.items():
        _text_limits("columns", header)
        if column not in ours:
            raise _fail(f"columns.{header[:40]}", column, "column ids of inventory_columns.csv")
    for column, value in decisions.defaults.items():
        if column not in DEFAULTABLE:
            raise _fail("defaults", column, ", ".join(DEFAULTABLE))
        _text_limits(f"defaults.{column}", value)
    known_use_cases = set(catalog.use_cases.index)
    for use_case, choice in decisions.use_cases.items():
        if use_case not in known_use_cases:
            raise _fail("use_cases", use_case, "use case ids of templates/use_cases.csv")
        if choice.value is not None:
            _finite(f"use_cases.{use_case}.value", choice.value, 0.0)
    added_ids: set[str] = set()
    for use_case in decisions.brief:
        if use_case not in known_use_cases and use_case not in {
            c.use_case_id for c in decisions.custom_use_cases
        }:
            raise _fail("brief", use_case, "use case ids")
    for n, added in enumerate(decisions.custom_use_cases):
        where = f"custom_use_cases[{n}]"
        if added.use_case_id in known_use_cases or added.use_case_id in added_ids:
            raise _fail(f"{where}.use_case_id", added.use_case_id, "an id no other use case has")
        added_ids.add(added.use_case_id)
        for goal, s in added.goals.items():
            if goal not in goals:
                raise _fail(f"{where}.goals", goal, "goal ids")
            _finite(f"{where}.goals.{goal}", s, 1e-9, 1.0)
        for topic, s in added.needs.items():
            if topic not in topics:
                raise _fail(f"{where}.needs", topic, "topic ids")
            _finite(f"{where}.needs.{topic}", s, 1e-9, 1.0)
        _text_limits(f"{where}.label_en", added.label_en)
        _text_limits(f"{where}.label_he", added.label_he)
    return decisions


def validate_decisions(data: Any, catalog: Catalog) -> dict[str, Any]:
    """``data`` checked (see :func:`parse_decisions`); returns its JSON form."""
    return parse_decisions(data, catalog).as_json()


def next_question_id(taken: Iterable[str], prefix: str = "w") -> str:
    """The first free id ``<prefix>_NN`` (NN from 01) not in ``taken``."""
    used = set(taken)
    number = 1
    while f"{prefix}_{number:02d}" in used:
        number += 1
    return f"{prefix}_{number:02d}"


def decisions_version(decisions: Decisions) -> str:
    """A short fingerprint of the decisions: the version an exported plan workbook carries.

    Any later decision (a wording, a pin, a new room question...) gives another version, which
    is how :func:`zpd_assess.plan_edits.read_plan_edits` tells a stale workbook.
    """
    import hashlib
    import json

    data = json.dumps(Decisions.as_json(decisions), sort_keys=True, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:12]


def apply_plan_edits(
    decisions: Decisions,
    edits: PlanEdits,
    catalog: Catalog,
    accept: Iterable[str] | None = None,
) -> Decisions:
    """The decisions after a team's edited plan: the one place plan edits are merged.

    ``accept``: the keys of the changes to take (:attr:`PlanEdits.items`); None takes what
    ``edits`` already takes (every change that does not clash with a later one). The input is
    not changed, so undoing the import is putting ``decisions`` back.

    Deletions become exclusions, the team's order becomes pins (with the team's channel), new
    wording replaces the old, added rows become room questions (an id already taken gets a fresh
    one by :func:`zpd_assess.plan_edits.fresh_question_id`, and the pins follow it), and
    owner/status/due are kept per question.
    """
    from .plan_edits import unique_added

    if accept is not None:
        edits = edits.taking(accept)
    out = decisions.model_copy(deep=True)
    out.excluded |= set(edits.excluded)
    taken = {*catalog.questions.index, *(w["question_id"] for w in out.workshop)}
    rows, order, renamed = unique_added(edits.added, edits.order, taken)
    out.workshop.extend(rows)
    # the team's order first (a dict keeps a key's first place, so it is rebuilt), then the
    # earlier pins it does not name, unless deleted
    pinned = {qid: edits.channels.get(old) for qid, old in zip(order, edits.order, strict=True)}
    for qid, channel in out.pinned.items():
        if qid not in pinned and qid not in out.excluded:
            pinned[qid] = channel
    out.pinned = pinned
    for qid, texts in edits.wording.items():
        out.wording.setdefault(qid, {}).update(texts)
    for qid, fields in edits.team.items():
        out.team.setdefault(renamed.get(qid, qid), {}).update(fields)
    return out


def left_the_plan(
    edits: PlanEdits, before: pd.DataFrame, after: pd.DataFrame, catalog: Catalog
) -> list[Issue]:
    """A message for each question the team kept in the plan that the new plan leaves out, and
    for each one asked in another channel than the one the team (or the pins) chose.

    ``before`` and ``after`` are the plan's questions (``Plan.questions``) before and after
    :func:`apply_plan_edits`; the message names the question and the planner's reason.
    """
    from .plan_edits import _issue

    gone = set(edits.excluded)
    out = []

    def label(channel: Any, lang: str) -> str:
        if not isinstance(channel, str) or channel not in catalog.channel_records:
            return "—"
        return str(catalog.channel_records[channel][f"label_{lang}"])

    for qid, wanted in edits.channels.items():
        if wanted is None or qid not in after.index or not bool(after.at[qid, "in_plan"]):
            continue
        if after.at[qid, "channel"] != wanted:
            out.append(_issue(catalog, "plan_channel_not_taken",
                              {"value": after.at[qid, "text_en"] or after.at[qid, "text_he"],
                               "accepted": label(wanted, "en"),
                               "column": label(after.at[qid, "channel"], "en")},
                              {"value": after.at[qid, "text_he"] or after.at[qid, "text_en"],
                               "accepted": label(wanted, "he"),
                               "column": label(after.at[qid, "channel"], "he")}))  # fmt: skip
    for qid in before.index[before["in_plan"]]:
        if qid in gone or qid not in after.index or bool(after.at[qid, "in_plan"]):
            continue
        out.append(_issue(catalog, "plan_left_plan",
                          {"value": after.at[qid, "text_en"] or after.at[qid, "text_he"],
                           "accepted": after.at[qid, "reason_en"]},
                          {"value": after.at[qid, "text_he"] or after.at[qid, "text_en"],
                           "accepted": after.at[qid, "reason_he"]}))  # fmt: skip
    return out
