"""An evidence run as kept with an engagement: what was measured, on which files, with which
choices, so that the Evidence page shows it again without measuring again.

:func:`run_to_bytes` writes a run as JSON (the customers' segment labels packed one byte each);
:func:`run_from_bytes` reads it back as untrusted input: every field is checked against the
shape and bounds a run can have (pydantic, unknown fields refused), and anything else is an
:class:`~zpd_assess.evidence.EvidenceError` that says to measure again.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .evidence import Evidence, EvidenceError, Inferability, QuestionValue, Segmentation
from .evidence_select import HeldOutCurve

FORMAT = "zpd-assess/evidence-run"
VERSION = 1
#: What a kept run may hold (a run of the largest accepted tables fits well inside).
MAX_RUN_BYTES = 25 * 2**20
MAX_ITEMS = 5_000  # questions, first-party columns
MAX_NAME = 255  # a column or question id
MAX_SEGMENTS = 255  # labels are packed one byte each
MAX_LABELS = 2_000_000  # one per customer row (the largest table accepted)

Name = Annotated[str, Field(max_length=MAX_NAME)]
Finite = Annotated[float, Field(allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Inferability(_Model):
    question_id: Name
    kind: Literal["categorical", "numeric"]
    answered: Count
    score: Annotated[float, Field(ge=0.0, le=1.0)]
    metric: Name
    # kept since 2026-12 (a run kept before has no interval; "don't ask" then reads the score)
    low: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    high: Annotated[float, Field(ge=0.0, le=1.0)] | None = None
    model: Literal["", "linear", "trees", "linear+trees"] = ""


class _Curve(_Model):
    order: list[Name] = Field(max_length=MAX_ITEMS)
    after: list[Finite] = Field(max_length=MAX_ITEMS)


class _HeldOut(_Model):
    auc_base: Finite
    gain: list[Finite] = Field(max_length=MAX_ITEMS)
    low: list[Finite] = Field(max_length=MAX_ITEMS)
    high: list[Finite] = Field(max_length=MAX_ITEMS)
    step_gain: list[Finite] = Field(max_length=MAX_ITEMS)
    step_se: list[Finite] = Field(max_length=MAX_ITEMS)
    log_loss: list[Finite] = Field(max_length=MAX_ITEMS + 1)
    stop: Annotated[int, Field(ge=0, le=MAX_ITEMS)]
    folds: Annotated[int, Field(ge=2, le=100)]


class _QuestionValue(_Model):
    order: list[Name] = Field(max_length=MAX_ITEMS)
    metric: Name
    base: Finite
    after: list[Finite] = Field(max_length=MAX_ITEMS)
    auc_base: Finite
    auc_after: list[Finite] = Field(max_length=MAX_ITEMS)
    baselines: dict[Name, _Curve] = Field(max_length=8)
    # kept since 2026-12: a run kept before has neither and shows no held-out curve
    held_out: _HeldOut | None = None
    baseline_gain: dict[Name, list[Finite]] = Field(default_factory=dict, max_length=8)
    # kept since the selection's gate (2026-12-02); a run kept before has none
    chosen_by_test: Annotated[int, Field(ge=0, le=MAX_ITEMS)] | None = None


class _Segmentation(_Model):
    labels: str = Field(max_length=4 * MAX_LABELS // 3 + 4)  # base64 of one byte per customer
    k: Annotated[int, Field(ge=1, le=MAX_SEGMENTS)]
    silhouettes: dict[int, Finite] = Field(max_length=MAX_SEGMENTS)
    sizes: dict[int, Count] = Field(max_length=MAX_SEGMENTS)
    descriptions: dict[int, dict[Literal["en", "he"], Annotated[str, Field(max_length=2000)]]] = (
        Field(max_length=MAX_SEGMENTS)
    )
    features: list[Name] = Field(max_length=MAX_ITEMS)
    segments: list[Annotated[int, Field(ge=0, lt=MAX_SEGMENTS)]] = Field(max_length=MAX_SEGMENTS)
    profile: list[list[Finite]] = Field(max_length=MAX_SEGMENTS)

    @field_validator("labels")
    @classmethod
    def _base64(cls, value: str) -> str:
        try:
            base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValueError("the segment labels are not base64") from exc
        return value


class _Run(_Model):
    format: Literal["zpd-assess/evidence-run"]
    version: Literal[1]
    customers: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    answers: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    id_column: Name
    target: Name | None
    first_party: list[Name] = Field(max_length=MAX_ITEMS)
    inferability: list[_Inferability] = Field(max_length=MAX_ITEMS)
    question_value: _QuestionValue | None
    segmentation: _Segmentation | None


@dataclass(frozen=True)
class SavedRun:
    """A run and what it was measured on: the files' digests (:func:`file_digest`) and the
    choices made, so that the page shows it only while they are still the ones in use."""

    customers: str
    answers: str
    id_column: str
    target: str | None
    evidence: Evidence

    def matches(self, customers: str, answers: str, id_column: str, target: str | None) -> bool:
        return (self.customers, self.answers, self.id_column, self.target) == (
            customers,
            answers,
            id_column,
            target,
        )


def file_digest(data: bytes) -> str:
    """The SHA-256 of a file's bytes: which upload a run was measured on."""
    return hashlib.sha256(data).hexdigest()


def run_to_bytes(run: SavedRun) -> bytes:
    """The run as compact JSON; refused (``EvidenceError``) past :data:`MAX_RUN_BYTES`."""
    ev = run.evidence
    qv = ev.question_value
    seg = ev.segmentation
    document = {
        "format": FORMAT,
        "version": VERSION,
        "customers": run.customers,
        "answers": run.answers,
        "id_column": run.id_column,
        "target": run.target,
        "first_party": list(ev.first_party),
        "inferability": [
            {
                "question_id": i.question_id,
                "kind": i.kind,
                "answered": i.answered,
                "score": i.score,
                "metric": i.metric,
                "low": i.low,
                "high": i.high,
                "model": i.model,
            }
            for i in ev.inferability
        ],
        "question_value": None
        if qv is None
        else {
            "order": list(qv.order),
            "metric": qv.metric,
            "base": qv.base,
            "after": list(qv.after),
            "auc_base": qv.auc_base,
            "auc_after": list(qv.auc_after),
            "baselines": {
                name: {"order": list(order), "after": list(curve)}
                for name, (order, curve) in qv.baselines.items()
            },
            "held_out": None if qv.held_out is None else _held_out_document(qv.held_out),
            "baseline_gain": {name: list(gain) for name, gain in qv.baseline_gain.items()},
            "chosen_by_test": qv.chosen_by_test,
        },
        "segmentation": None
        if seg is None
        else {
            "labels": base64.b64encode(np.asarray(seg.labels, dtype=np.uint8).tobytes()).decode(),
            "k": seg.k,
            "silhouettes": seg.silhouettes,
            "sizes": seg.sizes,
            "descriptions": seg.descriptions,
            "features": [str(c) for c in seg.profile.columns],
            "segments": [int(s) for s in seg.profile.index],
            "profile": seg.profile.to_numpy(dtype=float).tolist(),
        },
    }
    if seg is not None and seg.k > MAX_SEGMENTS:
        raise EvidenceError(f"{seg.k} segments cannot be kept; at most {MAX_SEGMENTS}.")
    data = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
    if len(data) > MAX_RUN_BYTES:
        raise EvidenceError(
            f"The results take {len(data) / 2**20:.1f} MB, more than the "
            f"{MAX_RUN_BYTES // 2**20} MB kept with an engagement; measure a sample of customers."
        )
    return data


def run_from_bytes(data: bytes) -> SavedRun:
    """A kept run, checked as untrusted input; ``EvidenceError`` saying to measure again."""
    again = "The kept evidence results cannot be read"
    if len(data) > MAX_RUN_BYTES:
        raise EvidenceError(f"{again}: they are larger than {MAX_RUN_BYTES // 2**20} MB.")
    try:
        run = _Run.model_validate_json(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        raise EvidenceError(f"{again} ({where}: {first['msg']}); measure again.") from None
    return SavedRun(
        customers=run.customers,
        answers=run.answers,
        id_column=run.id_column,
        target=run.target,
        evidence=Evidence(
            question_value=_question_value(run.question_value),
            inferability=tuple(
                Inferability(
                    i.question_id, i.kind, i.answered, i.score, i.metric, i.low, i.high, i.model
                )
                for i in run.inferability
            ),
            segmentation=_segmentation(run.segmentation, again),
            first_party=tuple(run.first_party),
        ),
    )


def _question_value(qv: _QuestionValue | None) -> QuestionValue | None:
    if qv is None:
        return None
    return QuestionValue(
        order=tuple(qv.order),
        metric=qv.metric,
        base=qv.base,
        after=tuple(qv.after),
        auc_base=qv.auc_base,
        auc_after=tuple(qv.auc_after),
        baselines={name: (tuple(c.order), tuple(c.after)) for name, c in qv.baselines.items()},
        held_out=_held_out(qv.held_out, len(qv.order)),
        baseline_gain={name: tuple(gain) for name, gain in qv.baseline_gain.items()},
        chosen_by_test=None if qv.chosen_by_test is None else min(qv.chosen_by_test, len(qv.order)),
    )


def _held_out_document(h: HeldOutCurve) -> dict:
    return {
        "auc_base": h.auc_base,
        "gain": list(h.gain),
        "low": list(h.low),
        "high": list(h.high),
        "step_gain": list(h.step_gain),
        "step_se": list(h.step_se),
        "log_loss": list(h.log_loss),
        "stop": h.stop,
        "folds": h.folds,
    }


def _held_out(h: _HeldOut | None, questions: int) -> HeldOutCurve | None:
    if h is None:
        return None
    k = len(h.gain)
    lengths = (len(h.low), len(h.high), len(h.step_gain), len(h.step_se), len(h.log_loss) - 1)
    if any(n != k for n in lengths) or h.stop > k or k > questions:
        raise EvidenceError(
            "The kept evidence results cannot be read (the held-out curve's lengths do not "
            "agree); measure again."
        )
    return HeldOutCurve(
        auc_base=h.auc_base,
        gain=tuple(h.gain),
        low=tuple(h.low),
        high=tuple(h.high),
        step_gain=tuple(h.step_gain),
        step_se=tuple(h.step_se),
        log_loss=tuple(h.log_loss),
        stop=h.stop,
        folds=h.folds,
    )


def _segmentation(seg: _Segmentation | None, again: str) -> Segmentation | None:
    if seg is None:
        return None
    labels = np.frombuffer(base64.b64decode(seg.labels), dtype=np.uint8).astype(np.int64)
    if len(labels) > MAX_LABELS or (len(labels) and int(labels.max()) >= seg.k):
        raise EvidenceError(f"{again} (the segment labels do not fit {seg.k} segments).")
    if (
        any(len(row) != len(seg.features) for row in seg.profile)
        or len(seg.profile) != len(seg.segments)
        or any(s >= seg.k for s in seg.segments)
    ):
        raise EvidenceError(f"{again} (the segment profile does not fit {seg.k} segments).")
    return Segmentation(
        labels=labels,
        k=seg.k,
        silhouettes=dict(seg.silhouettes),
        sizes=dict(seg.sizes),
        descriptions={s: {str(k): v for k, v in d.items()} for s, d in seg.descriptions.items()},
        profile=pd.DataFrame(seg.profile, columns=seg.features, index=seg.segments),
    )
