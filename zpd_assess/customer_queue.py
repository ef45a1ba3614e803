"""A per-customer question queue: which planned question each customer is asked next, per channel.

Fairing's Question Stream and HubSpot's queued fields keep a queue per customer in an order set by
hand; this one is the plan's, by value. From the assessment's plan (its channels and their asking
order, read with :mod:`zpd_assess.surveys`' plan readers) and a customer extract (one row per
customer: the first-party columns and any columns that already hold an answer), each customer gets,
in every channel the plan asks in, the next planned questions in the channel's asking order,
leaving out for him:

- ``known``: a column of the extract that holds the question's answer is filled for him (a column
  named as the question id, or one matched by name to the data items the question ``answers``,
  as :func:`zpd_assess.evidence.match_columns` matches inventory attributes to columns);
- ``answered``: the contact history says he answered it;
- ``inferable``: a model trained on the customers whose answer is known predicts his answer with
  probability ``infer_threshold`` or more (histogram gradient boosting with the evidence module's
  settings and features, trusted only when, on held-out known customers, its predictions at that
  confidence are right at least that often);
- ``recontact``: he was asked it less than ``recontact_days`` ago (Formbricks' ``recontactDays``);
- ``screener_rules_out``: it follows a screener whose known (or inferred) answer is only codes of
  its ``skip_if``;
- ``awaiting_screener``: it follows a screener that is neither known nor asked before it in the
  same channel for him (a follow-up comes only after its screener);
- ``channel_limit``: beyond ``per_channel`` questions in that channel;
- ``display_limit``: beyond ``display_limit`` asks for him in all (the history's asks count;
  Formbricks' ``displayLimit``, counted per customer), the least valuable cut first.

Everything is vectorised over customers (numpy boolean matrices customer × planned question), so
a 100,000-customer extract takes seconds. Pure: frames in, frames and bytes out.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from .assess import Assessment
from .catalog import Catalog
from .evidence import RANDOM_STATE, _categorical, _features, match_columns, synthetic_customers
from .planning.model import Plan
from .surveys import (
    SurveyExportError,
    _items,
    _plan,
    _screener_codes,
    _word,
    asked_again_in,
    channel_questions,
    survey_channels,
)
from .text import normalise_label, split_identifier

#: Why a planned question is not queued for a customer (the ``reason`` of the skipped frame).
REASONS = (
    "known",
    "answered",
    "inferable",
    "recontact",
    "screener_rules_out",
    "awaiting_screener",
    "channel_limit",
    "display_limit",
)
_CODE = {r: i + 1 for i, r in enumerate(REASONS)}  # 0: queued
_REASON_TYPE = pd.CategoricalDtype(list(REASONS))
#: Known customers a question's model is trained and checked on (two thirds / one third).
INFERENCE_ROWS = 3000
#: Fewer known customers than this: the question is not inferred.
MIN_KNOWN_FOR_INFERENCE = 60
#: Held-out predictions at the threshold needed before the model is trusted.
MIN_CONFIDENT_CHECKS = 10
#: A text column with more distinct values than this (names, e-mails) is not a model feature.
MAX_TEXT_LEVELS = 255
#: The contact history's columns (besides the id) and the names they may go by.
HISTORY_COLUMNS = {
    "question_id": ("question_id", "question"),
    "asked_on": ("asked_on", "date", "asked_at", "asked", "contact_date"),
    "outcome": ("outcome", "status", "result"),
}
OUTCOMES = ("answered", "declined")
QUEUE_COLUMNS = ["customer_id", "channel", "rank", "question_id", "value", "last_asked", "why"]
SKIPPED_COLUMNS = ["customer_id", "channel", "question_id", "reason", "detail"]
_SPLIT = re.compile(r"[;|,]")


class QueueError(ValueError):
    """An extract, a history or a setting the queue cannot use; the message says what to fix."""


@dataclass(frozen=True)
class QueueSettings:
    """How often a customer may be asked (Formbricks' recontact vocabulary) and what is inferred."""

    recontact_days: int = 30  # a question asked less than this many days ago is not asked again
    display_limit: int = 3  # the most asks per customer in all, the history's included
    per_channel: int = 1  # the most questions queued per customer in one channel
    today: dt.date = field(default_factory=dt.date.today)
    infer_threshold: float | None = 0.9  # None: nothing is inferred
    id_column: str = "customer_id"

    def __post_init__(self) -> None:
        for name in ("recontact_days", "display_limit", "per_channel"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise QueueError(f"{name} is {value!r}; give a whole number of 0 or more.")
        if self.per_channel < 1:
            raise QueueError(
                "per_channel is 0; give 1 or more (questions per channel and contact)."
            )
        t = self.infer_threshold
        if t is not None and not 0.5 <= t <= 1:
            raise QueueError(
                f"infer_threshold is {t!r}; give a probability between 0.5 and 1 (0.9 is usual), "
                "or none to infer nothing."
            )
        if not isinstance(self.today, dt.date):
            raise QueueError(f"today is {self.today!r}; give a date (YYYY-MM-DD).")


@dataclass(frozen=True)
class InferenceCheck:
    """How far a question's answer model was trusted: held-out confident predictions and their
    precision, and whether it was used."""

    question_id: str
    known: int  # customers whose answer is known (the training pool)
    confident: int  # held-out known customers predicted at the threshold
    precision: float  # share of those predicted right (nan when none)
    used: bool
    inferred: int  # customers whose answer was taken as inferred


@dataclass(frozen=True)
class QueueResult:
    queue: pd.DataFrame  # QUEUE_COLUMNS, by customer, channel, rank
    columns: Mapping[str, tuple[str, ...]]  # question -> the extract's columns read as its answer
    inference: Mapping[str, InferenceCheck]
    settings: QueueSettings
    #: what the skipped frame is built from, when it is first read
    reasons: Callable[[], pd.DataFrame] = field(repr=False, compare=False)

    @functools.cached_property
    def skipped(self) -> pd.DataFrame:
        """SKIPPED_COLUMNS: one row per customer × planned question not queued, with its reason
        (one of :data:`REASONS`) and a detail (the columns that hold it, the inferred answer, the
        date last asked, the screener)."""
        return self.reasons()


@dataclass(frozen=True)
class _Slot:
    """One planned question in one channel, in the channel's asking order."""

    channel: str
    question_id: str
    position: int
    value: float
    screener: str  # the question it follows ('' when none)
    same_channel: bool  # its screener is asked before it in this channel
    skip_codes: frozenset[str]  # screener answers that rule it out
    screener_codes: frozenset[str]


# --- the plan ------------------------------------------------------------------------------------


def _slots(assessment: Assessment | Plan, catalog: Catalog) -> list[_Slot]:
    plan = _plan(assessment)
    frame = plan.questions
    out = []
    try:
        channels = survey_channels(assessment)
        # a contact request goes with its question's answer: it is not queued by itself
        per_channel = {
            c: [q for q in channel_questions(assessment, catalog, c) if not q.contact_for]
            for c in channels
        }
    except SurveyExportError as exc:
        raise QueueError(f"The plan cannot be queued: {exc}") from exc
    for channel in channels:
        again = asked_again_in(plan, channel)
        for position, q in enumerate(per_channel[channel], start=1):
            row = frame.loc[q.question_id]
            screener = _word(row.get("follows"))
            skip = _word(row.get("skip_if")).partition(":")[2]
            codes: tuple[str, ...] = ()
            if screener and screener in frame.index:
                codes = _screener_codes(dict(frame.loc[screener]), catalog)
            out.append(
                _Slot(
                    channel=channel,
                    question_id=q.question_id,
                    position=position,
                    value=_value_in(row, channel, again.get(q.question_id)),
                    screener=screener,
                    same_channel=bool(q.screener),
                    skip_codes=frozenset(c.strip() for c in skip.split(";") if c.strip()),
                    screener_codes=frozenset(codes),
                )
            )
    return out


def question_columns(
    assessment: Assessment | Plan,
    columns: Sequence[str],
    normalise: Callable[[str], str] | None = None,
    *,
    id_column: str = "customer_id",
) -> dict[str, tuple[str, ...]]:
    """Planned question -> the extract's columns that hold its answer: a column named as the
    question id, and those matched by name (:func:`~.evidence.match_columns`, with the topic
    mapper's ``normalise`` when given) to the data items the question ``answers``."""
    plan = _plan(assessment)
    usable = [c for c in columns if c != id_column]
    by_key = {_key(c): c for c in usable}
    out: dict[str, tuple[str, ...]] = {}
    for qid, row in plan.questions[plan.questions["in_plan"].astype(bool)].iterrows():
        found = [by_key[_key(str(qid))]] if _key(str(qid)) in by_key else []
        items = list(_items(row.get("answers")))
        if items:
            found += match_columns(items, usable, normalise).values()
        out[str(qid)] = tuple(dict.fromkeys(found))
    return out


def _key(name: str) -> str:
    return normalise_label(" ".join(split_identifier(name)))


# --- the extract and the history ------------------------------------------------------------------


def _filled(series: pd.Series) -> np.ndarray:
    present = series.notna().to_numpy()
    if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_datetime64_any_dtype(series)):
        text = series.astype("string").str.strip()
        present = present & (text != "").fillna(False).to_numpy(dtype=bool)
    return present


def _answer_text(series: pd.Series) -> np.ndarray:
    """Answers as lower-case text ('' where empty); whole numbers without '.0'."""
    if pd.api.types.is_float_dtype(series):
        whole = series.dropna()
        if (whole == whole.round()).all():
            series = series.astype("Int64")
    text = series.astype("string").str.strip().str.lower().fillna("")
    return text.to_numpy(dtype=object)


def current_codes(answers: np.ndarray, renamed: Mapping[str, str] | None) -> np.ndarray:
    """Answers with every code renamed since it was collected read as the code it is now
    (``Catalog.option_code_renames``): an extract from a survey run before the rename still
    tells which follow-up a customer's answer leads to. Several codes in one answer keep their
    order, joined by ``;``."""
    if not renamed:
        return answers
    out = answers.copy()
    for value in pd.unique(answers[answers != ""]):
        parts = [p.strip() for p in _SPLIT.split(str(value)) if p.strip()]
        if any(p in renamed for p in parts):
            out[answers == value] = ";".join(renamed.get(p, p) for p in parts)
    return out


def _customer_ids(extract: pd.DataFrame, id_column: str) -> pd.Series:
    if id_column not in extract.columns:
        shown = ", ".join(map(str, list(extract.columns)[:12])) or "none"
        raise QueueError(
            f"The customer extract has no id column {id_column!r} (its columns: {shown}); name "
            "the column that identifies each customer (CLI: --id)."
        )
    ids = extract[id_column]
    missing = np.flatnonzero(~_filled(ids))
    if len(missing):
        rows = ", ".join(str(i + 2) for i in missing[:5])
        raise QueueError(
            f"The customer extract has {len(missing):,} row(s) without a {id_column} (file rows "
            f"{rows}...); fill or remove them."
        )
    keys = ids.astype("string").str.strip()
    twice = keys[keys.duplicated(keep=False)]
    if len(twice):
        shown = ", ".join(dict.fromkeys(twice.head(10).tolist()))
        raise QueueError(
            f"The customer extract holds {twice.nunique():,} {id_column} value(s) more than once "
            f"({shown}); give one row per customer."
        )
    return keys


def _history_column(history: pd.DataFrame, names: Sequence[str]) -> str | None:
    by_key = {_key(str(c)): str(c) for c in history.columns}
    for name in names:
        if _key(name) in by_key:
            return by_key[_key(name)]
    return None


def read_history(history: pd.DataFrame, settings: QueueSettings) -> pd.DataFrame:
    """The contact history as ``customer``, ``question_id``, ``asked_on`` (date), ``outcome``
    (answered or declined), checked: every row names a customer, a question, a date no later than
    ``settings.today`` and an outcome."""
    found = {"customer": _history_column(history, (settings.id_column, "customer_id"))}
    for name, aliases in HISTORY_COLUMNS.items():
        found[name] = _history_column(history, aliases)
    lacking = [settings.id_column if k == "customer" else k for k, v in found.items() if v is None]
    if lacking:
        raise QueueError(
            f"The contact history lacks column(s) {', '.join(lacking)} (its columns: "
            f"{', '.join(map(str, history.columns)) or 'none'}); it needs one row per question "
            f"asked: {settings.id_column}, question_id, channel (optional), asked_on "
            "(YYYY-MM-DD) and outcome (answered or declined)."
        )
    out = pd.DataFrame(
        {
            "customer": history[found["customer"]].astype("string").str.strip(),
            "question_id": history[found["question_id"]].astype("string").str.strip(),
            "asked_on": pd.to_datetime(history[found["asked_on"]], errors="coerce"),
            "outcome": history[found["outcome"]].astype("string").str.strip().str.lower(),
        }
    )
    problems = []
    for label, bad in (
        (f"no {settings.id_column}", out["customer"].fillna("") == ""),
        ("no question_id", out["question_id"].fillna("") == ""),
        ("a date that is not YYYY-MM-DD", out["asked_on"].isna()),
        (f"an outcome other than {' or '.join(OUTCOMES)}", ~out["outcome"].isin(OUTCOMES)),
        (
            f"a date after today ({settings.today.isoformat()})",
            out["asked_on"].dt.date > settings.today,
        ),
    ):
        rows = np.flatnonzero(bad.fillna(True).to_numpy(dtype=bool))
        if len(rows):
            shown = ", ".join(str(r + 2) for r in rows[:5])
            problems.append(f"{len(rows):,} row(s) with {label} (file rows {shown})")
    if problems:
        raise QueueError(
            "The contact history cannot be used: " + "; ".join(problems) + ". Fix those rows "
            "(or pass today's date if the history is newer than the computer's clock)."
        )
    out["asked_on"] = out["asked_on"].dt.normalize()
    return out


# --- inference ------------------------------------------------------------------------------------


def _feature_frame(extract: pd.DataFrame, id_column: str) -> pd.DataFrame:
    usable = []
    for column in extract.columns:
        if column == id_column:
            continue
        series = extract[column]
        numeric = pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)
        dated = pd.api.types.is_datetime64_any_dtype(series)
        if numeric or dated or series.nunique(dropna=True) <= MAX_TEXT_LEVELS:
            usable.append(column)
    return _features(extract[usable])


def _infer(
    features: pd.DataFrame,
    own: Sequence[str],
    answers: np.ndarray,
    known: np.ndarray,
    ask: np.ndarray,
    threshold: float,
    question_id: str,
) -> tuple[np.ndarray, np.ndarray, InferenceCheck]:
    """Customers (among ``ask``) whose answer is predicted at ``threshold``, the predicted answers
    and the check that decided whether the model is trusted."""
    n = len(answers)
    none = np.zeros(n, dtype=bool)
    empty = np.full(n, "", dtype=object)
    pool = np.flatnonzero(known & (answers != ""))
    target = pd.Series(answers[pool])
    if len(pool) < MIN_KNOWN_FOR_INFERENCE or not _categorical(target) or target.nunique() < 2:
        return none, empty, InferenceCheck(question_id, len(pool), 0, float("nan"), False, 0)
    rng = np.random.default_rng(RANDOM_STATE)
    chosen = rng.permutation(pool)[:INFERENCE_ROWS]
    cut = len(chosen) * 2 // 3
    train, check = chosen[:cut], chosen[cut:]
    X = features.drop(columns=[c for c in own if c in features.columns]).to_numpy(dtype=float)
    labels, classes = pd.factorize(pd.Series(answers))
    if len(np.unique(labels[train])) < 2:
        return none, empty, InferenceCheck(question_id, len(pool), 0, float("nan"), False, 0)
    model = HistGradientBoostingClassifier(
        max_iter=30, max_leaf_nodes=15, learning_rate=0.2, random_state=RANDOM_STATE
    )
    model.fit(X[train], labels[train])
    proba = model.predict_proba(X[check])
    sure = proba.max(axis=1) >= threshold
    right = model.classes_[proba.argmax(axis=1)] == labels[check]
    confident = int(sure.sum())
    precision = float(right[sure].mean()) if confident else float("nan")
    used = confident >= MIN_CONFIDENT_CHECKS and precision >= threshold
    if not used:
        return none, empty, InferenceCheck(question_id, len(pool), confident, precision, False, 0)
    rows = np.flatnonzero(ask)
    inferred, predicted = none.copy(), empty.copy()
    if len(rows):
        proba = model.predict_proba(X[rows])
        hit = proba.max(axis=1) >= threshold
        inferred[rows[hit]] = True
        guessed = np.asarray(classes, dtype=object)[model.classes_[proba.argmax(axis=1)]]
        predicted[rows[hit]] = guessed[hit]
    check_result = InferenceCheck(
        question_id, len(pool), confident, precision, True, int(inferred.sum())
    )
    return inferred, predicted, check_result


# --- the queue ------------------------------------------------------------------------------------


def _rules_out(values: np.ndarray, skip: frozenset[str], codes: frozenset[str]) -> np.ndarray:
    """Answers that are only codes of ``skip`` (several codes split on ``;``, ``|`` or ``,``)."""
    out = np.zeros(len(values), dtype=bool)
    if not skip:
        return out
    distinct = pd.unique(values[values != ""])
    ruled = set()
    for value in distinct:
        parts = {p.strip() for p in _SPLIT.split(str(value)) if p.strip()}
        if parts and parts <= skip and (not codes or parts <= codes):
            ruled.add(value)
    if ruled:
        out = np.isin(values, list(ruled))
    return out


def _value_in(row: Any, channel: str, again: Mapping[str, Any] | None) -> float:
    """What a planned question adds asked in ``channel``: its own channel's value, or what it
    adds there asked again (of those who have not answered it)."""
    if (bool(row.get("in_plan")) and row.get("channel") == channel) or again is None:
        return float(row.get("value") or 0.0)
    return float(again["value"])


def customer_queue(
    assessment: Assessment | Plan,
    catalog: Catalog,
    extract: pd.DataFrame,
    settings: QueueSettings | None = None,
    history: pd.DataFrame | None = None,
    *,
    normalise: Callable[[str], str] | None = None,
    lang: str = "en",
) -> QueueResult:
    """Each customer's next planned questions per channel, by value, and why the rest wait.

    ``extract``: one row per customer (``settings.id_column`` and any other columns);
    ``history``: optional, one row per question asked (see :func:`read_history`);
    ``normalise``: the topic mapper's ``prepare`` helps match columns named in abbreviations.
    """
    settings = settings or QueueSettings()
    if lang not in catalog.labels:
        raise QueueError(f"Language {lang!r}: use one of {', '.join(catalog.labels)}.")
    slots = _slots(assessment, catalog)
    keys = _customer_ids(extract, settings.id_column)
    n = len(extract)
    columns = question_columns(
        assessment, list(map(str, extract.columns)), normalise, id_column=settings.id_column
    )
    qids = list(dict.fromkeys(s.question_id for s in slots))
    qindex = {q: i for i, q in enumerate(qids)}

    # per question: known, its answer text, the history's answered / last asked
    known = np.zeros((n, len(qids)), dtype=bool)
    answers = np.full((n, len(qids)), "", dtype=object)
    for q, j in qindex.items():
        for column in columns.get(q, ()):
            filled = _filled(extract[column])
            text = current_codes(_answer_text(extract[column]), catalog.option_code_renames.get(q))
            take = filled & (answers[:, j] == "")
            answers[take, j] = text[take]
            known[:, j] |= filled
    answered = np.zeros_like(known)
    last_days = np.full((n, len(qids)), np.nan)
    last_date = np.full((n, len(qids)), "", dtype=object)
    asks = np.zeros(n, dtype=np.int64)
    if history is not None and len(history):
        hist = read_history(history, settings)
        position = pd.Series(np.arange(n), index=pd.Index(keys.to_numpy(), dtype="string"))
        hist["i"] = position.reindex(hist["customer"].to_numpy()).to_numpy()
        hist = hist[hist["i"].notna()]
        hist["i"] = hist["i"].astype(np.int64)
        asks += np.bincount(hist["i"].to_numpy(), minlength=n)
        ours = hist[hist["question_id"].isin(qindex)].copy()
        ours["j"] = ours["question_id"].map(qindex).astype(np.int64)
        hi, hj = ours["i"].to_numpy(), ours["j"].to_numpy()
        said = ours["outcome"].to_numpy() == "answered"
        answered[hi[said], hj[said]] = True
        latest = ours.sort_values("asked_on").drop_duplicates(["i", "j"], keep="last")
        li, lj = latest["i"].to_numpy(), latest["j"].to_numpy()
        today = pd.Timestamp(settings.today)
        last_days[li, lj] = (today - latest["asked_on"]).dt.days.to_numpy()
        last_date[li, lj] = latest["asked_on"].dt.strftime("%Y-%m-%d").to_numpy()

    # per question: inferred for the customers not known
    inferred = np.zeros_like(known)
    predicted = np.full((n, len(qids)), "", dtype=object)
    checks: dict[str, InferenceCheck] = {}
    if settings.infer_threshold is not None and n:
        features: pd.DataFrame | None = None
        # small models: one thread each (OpenMP threads only wait on a busy 2-core machine)
        with threadpool_limits(limits=1, user_api="openmp"):
            for q, j in qindex.items():
                if not columns.get(q) or known[:, j].sum() < MIN_KNOWN_FOR_INFERENCE:
                    continue
                if features is None:
                    features = _feature_frame(extract, settings.id_column)
                ask = ~known[:, j] & ~answered[:, j]
                inferred[:, j], predicted[:, j], checks[q] = _infer(
                    features, columns[q], answers[:, j], known[:, j], ask,
                    settings.infer_threshold, q,
                )  # fmt: skip

    # per slot, in the channels' asking order: why it is not queued (0: it is)
    reason = np.zeros((n, len(slots)), dtype=np.int8)
    #: follow-up slot -> whether its screener is known (or inferred) and its answer ('' unknown)
    told: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    queued_so_far: dict[tuple[str, str], np.ndarray] = {}
    for k, slot in enumerate(slots):
        j = qindex[slot.question_id]
        r = reason[:, k]
        r[known[:, j]] = _CODE["known"]
        r[(r == 0) & answered[:, j]] = _CODE["answered"]
        r[(r == 0) & inferred[:, j]] = _CODE["inferable"]
        recent = last_days[:, j] < settings.recontact_days
        r[(r == 0) & recent] = _CODE["recontact"]
        if slot.screener:
            s = qindex.get(slot.screener)
            if s is None:  # a screener outside the plan: only its known answer can tell
                s_known = np.zeros(n, dtype=bool)
                s_value = np.full(n, "", dtype=object)
            else:
                s_known = known[:, s] | answered[:, s] | inferred[:, s]
                s_value = np.where(known[:, s], answers[:, s], predicted[:, s])
            ruled = s_known & _rules_out(s_value, slot.skip_codes, slot.screener_codes)
            r[(r == 0) & ruled] = _CODE["screener_rules_out"]
            before = queued_so_far.get((slot.channel, slot.screener))
            if before is None or not slot.same_channel:
                before = np.zeros(n, dtype=bool)
            r[(r == 0) & ~s_known & ~before] = _CODE["awaiting_screener"]
            told[k] = (s_known, np.where(s_known, s_value, ""))
        queued_so_far[(slot.channel, slot.question_id)] = r == 0

    # the limits: per channel, then per customer by value (a channel's queue stays a prefix)
    channels = list(dict.fromkeys(s.channel for s in slots))
    slot_channel = np.array([channels.index(s.channel) for s in slots], dtype=np.int64)
    slot_value = np.array([s.value for s in slots], dtype=float)
    ci, ck = np.nonzero(reason == 0)  # customer-major, then the channels' asking order
    group = ci * len(channels) + slot_channel[ck]
    rank = _cumcount(group)
    over = rank > settings.per_channel
    reason[ci[over], ck[over]] = _CODE["channel_limit"]
    ci, ck, rank = ci[~over], ck[~over], rank[~over]
    eff = pd.Series(slot_value[ck]).groupby(ci * len(channels) + slot_channel[ck]).cummin()
    order = np.lexsort((rank, slot_channel[ck], -eff.to_numpy(), ci))
    room = np.maximum(settings.display_limit - asks, 0)
    nth = np.empty_like(order)
    nth[order] = _cumcount(ci[order])
    cut = nth > room[ci]
    reason[ci[cut], ck[cut]] = _CODE["display_limit"]
    ci, ck, rank = ci[~cut], ck[~cut], rank[~cut]

    # passes over: higher-value questions of the channel known or inferable for him
    settled = np.isin(reason, [_CODE["known"], _CODE["answered"], _CODE["inferable"]])
    passed = np.zeros_like(reason, dtype=np.int64)
    for c in range(len(channels)):
        cols = np.flatnonzero(slot_channel == c)
        passed[:, cols] = np.cumsum(settled[:, cols], axis=1) - settled[:, cols]

    ids = extract[settings.id_column].to_numpy()
    qj = np.array([qindex[s.question_id] for s in slots], dtype=np.int64)
    queue = pd.DataFrame(
        {
            "customer_id": ids[ci],
            "channel": np.array([s.channel for s in slots], dtype=object)[ck],
            "rank": rank.astype(np.int64),
            "question_id": np.array([s.question_id for s in slots], dtype=object)[ck],
            "value": slot_value[ck].round(6),
            "last_asked": last_date[ci, qj[ck]],
        }
    )
    queue["why"] = _why(
        catalog.labels[lang], rank, passed[ci, ck], last_date[ci, qj[ck]], slots, ci, ck, told
    )
    skipped = functools.partial(_skipped, reason, ids, slots, qj, predicted, last_date, columns)
    return QueueResult(queue, columns, checks, settings, skipped)


def _cumcount(group: np.ndarray) -> np.ndarray:
    """1, 2, 3... within runs of equal values of a sorted ``group``."""
    if not len(group):
        return np.zeros(0, dtype=np.int64)
    start = np.r_[True, group[1:] != group[:-1]]
    first = np.maximum.accumulate(np.where(start, np.arange(len(group)), 0))
    return np.arange(len(group)) - first + 1


def _split_label(labels: Mapping[str, str], key: str, name: str) -> tuple[str, str]:
    """A label's text before and after its one ``{name}`` placeholder."""
    pre, _, post = labels[key].partition("{" + name + "}")
    return pre, post


def _why(
    labels: Mapping[str, str],
    rank: np.ndarray,
    passed: np.ndarray,
    last: np.ndarray,
    slots: Sequence[_Slot],
    ci: np.ndarray,
    ck: np.ndarray,
    told: Mapping[int, tuple[np.ndarray, np.ndarray]],
) -> pd.Series:
    """Per queued row, in words: its place by value, what it passes over, when it was last
    asked, and its screener."""
    out = np.where(rank == 1, labels["queue.why_top"], labels["queue.why_next"]).astype(object)
    pre, post = _split_label(labels, "queue.why_passes", "n")
    mask = passed > 0
    out[mask] += "; " + pre + passed[mask].astype(str).astype(object) + post
    pre, post = _split_label(labels, "queue.why_last_asked", "date")
    mask = last != ""
    out[mask] += "; " + pre + last[mask] + post
    for k, (known, answer) in told.items():
        here = ck == k
        if not here.any():
            continue
        screener = slots[k].screener
        queued = labels["queue.why_after_screener"].format(screener=screener)
        held = labels["queue.why_screener_known"].format(screener=screener)
        pre, post = _split_label(labels, "queue.why_screener_answer", "code")
        pre = pre.replace("{screener}", screener)
        value = answer[ci[here]]
        said = np.where(known[ci[here]], held, queued)
        out[here] += "; " + np.where(value != "", pre + value.astype(str) + post, said)
    return pd.Series(out, dtype="string")


def _skipped(
    reason: np.ndarray,
    ids: np.ndarray,
    slots: Sequence[_Slot],
    qj: np.ndarray,
    predicted: np.ndarray,
    last_date: np.ndarray,
    columns: Mapping[str, tuple[str, ...]],
) -> pd.DataFrame:
    si, sk = np.nonzero(reason)
    codes = reason[si, sk]
    detail = np.full(len(si), "", dtype=object)
    j = qj[sk]
    read_in = np.array([", ".join(columns.get(s.question_id, ())) for s in slots], dtype=object)
    for code, values in (
        (_CODE["known"], read_in[sk]),
        (_CODE["inferable"], predicted[si, j]),
        (_CODE["answered"], last_date[si, j]),
        (_CODE["recontact"], last_date[si, j]),
    ):
        mask = codes == code
        detail[mask] = values[mask]
    for k, slot in enumerate(slots):
        if slot.screener:
            mask = (sk == k) & np.isin(
                codes, [_CODE["screener_rules_out"], _CODE["awaiting_screener"]]
            )
            detail[mask] = slot.screener
    return pd.DataFrame(
        {
            "customer_id": ids[si],
            "channel": np.array([s.channel for s in slots], dtype=object)[sk],
            "question_id": np.array([s.question_id for s in slots], dtype=object)[sk],
            "reason": pd.Categorical.from_codes(codes.astype(np.int64) - 1, dtype=_REASON_TYPE),
            "detail": detail,
        }
    )


# --- writing --------------------------------------------------------------------------------------


def queue_csv(result: QueueResult) -> bytes:
    """The queue as CSV (UTF-8 with a byte-order mark, so that Excel shows Hebrew)."""
    return result.queue.to_csv(index=False).encode("utf-8-sig")


def skipped_csv(result: QueueResult) -> bytes:
    return result.skipped.to_csv(index=False).encode("utf-8-sig")


def queue_json(result: QueueResult, skipped: bool = False) -> bytes:
    """``{"settings": ..., "columns": ..., "inference": [...], "queue": [records]}`` (and
    ``"skipped"`` when asked) as UTF-8 JSON."""
    settings = asdict(result.settings)
    settings["today"] = result.settings.today.isoformat()
    head = {
        "settings": settings,
        "columns": {q: list(c) for q, c in result.columns.items()},
        "inference": [
            {**asdict(c), "precision": None if np.isnan(c.precision) else round(c.precision, 4)}
            for c in result.inference.values()
        ],
    }
    text = json.dumps(head, ensure_ascii=False)[:-1]
    text += ', "queue": ' + result.queue.to_json(orient="records", force_ascii=False)
    if skipped:
        text += ', "skipped": ' + result.skipped.to_json(orient="records", force_ascii=False)
    return (text + "}").encode("utf-8")


# --- a realistic extract for tests and benchmarks -------------------------------------------------


def synthetic_extract(
    assessment: Assessment | Plan,
    n: int = 1000,
    fill: float = 0.3,
    seed: int = 7,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """A customer extract for ``assessment``'s plan: first-party columns ``fp_00``... (from
    :func:`~.evidence.synthetic_customers`) and, for every planned question with answer codes, a
    column named as its first data item, filled for a share ``fill`` of the customers with one of
    its codes. The first such question's answer is planted: it follows ``fp_00`` (inferable);
    the others are random. Returns the extract and ``{"columns": {question: column},
    "inferable": question}``."""
    customers, _, _ = synthetic_customers(
        n=n, first_party=8, informative=1, duplicates=0, noise=0, seed=seed
    )
    extract = customers.drop(columns=["churned"])
    rng = np.random.default_rng(seed)
    plan = _plan(assessment)
    planted: dict[str, Any] = {"columns": {}, "inferable": None}
    for qid, row in plan.questions[plan.questions["in_plan"].astype(bool)].iterrows():
        codes = list(_items(row.get("option_codes")))
        if not codes and row.get("answer_type") == "yes_no":
            codes = ["yes", "no"]
        items = list(_items(row.get("answers")))
        if len(codes) < 2:
            continue
        column = items[0] if items else str(qid)
        if planted["inferable"] is None:
            values = np.where(extract["fp_00"].to_numpy() > 0, codes[0], codes[1])
            planted["inferable"] = str(qid)
        else:
            values = np.asarray(codes, dtype=object)[rng.integers(0, len(codes), n)]
        shown = rng.random(n) < fill
        extract[column] = pd.Series(values, dtype="string").where(shown)
        planted["columns"][str(qid)] = column
    return extract, planted
