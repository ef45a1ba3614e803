"""Evidence: measure what the organisation knows from its own customer data.

A self-reported inventory is a guess. Given a customer-level extract (first-party columns and
perhaps a business target) and pilot answers (one column per question id, empty where the
question was not asked), this module measures instead of trusting:

- **coverage and freshness** of each inventory attribute matched to a column of the extract
  ("you said 90 %, the data says 54 %"), read with pyarrow (columnar, fast on millions of rows);
- **inferability** of each answered question from first-party columns, cross-validated with
  histogram gradient boosting: ``1 − CV log-loss / entropy`` for categorical answers, CV R² for
  numeric ones — what can already be inferred need not be asked;
- **segments** of customers by k-means on first-party columns (k chosen by the silhouette),
  each described in words, with knowledge and gaps per segment;
- **empirical question value** for a business target: the order in which pilot questions add
  predictive value beyond first-party data (greedy forward selection on cross-validated
  log-loss, stacked on the out-of-fold first-party prediction), beside random order, univariate
  mutual information and mRMR.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from joblib import Parallel, delayed, parallel_config  # type: ignore[import-untyped]
from sklearn.cluster import KMeans
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import mutual_info_score, silhouette_score
from sklearn.model_selection import KFold, StratifiedKFold

from . import evidence_select as select
from .catalog import Catalog, load_catalog
from .evidence_select import HeldOutCurve
from .filesafety import (
    MB,
    EvidenceLimits,
    UnsafeFileError,
    ZipLimits,
    check_size,
    check_zip,
    megabytes,
)
from .text import normalise_label, split_identifier
from .wording import question_text

Progress = Callable[[float, str], None]
RANDOM_STATE = 0
MAX_MODEL_ROWS = 200_000  # rows used for question value; coverage is measured on every row
MAX_INFERENCE_ROWS = 1500  # rows per question for the inferability models
#: Worker processes fitting the questions' inferability (one model thread each): two cores.
INFERENCE_JOBS = 2
MAX_CLUSTER_ROWS = 5000
#: Greedy selection stops adding by refit once no question improves CV log-loss by this much.
MIN_GAIN = 0.001
#: The held-out curve is measured over the first questions of the order.
CURVE_LENGTH = 15
#: Mutual information, mRMR and random orders are measured over their first questions.
BASELINE_LENGTH = 5
#: Processes for the folds and the questions (the machine this runs on may have two cores).
N_JOBS = 2
#: An Excel customers or answers sheet may have at most this many columns.
MAX_XLSX_COLUMNS = 1_000
#: File endings read as a workbook, as Parquet; anything else is read as CSV.
XLSX_ENDINGS = (".xlsx", ".xlsm")
PARQUET_ENDINGS = (".parquet", ".pq")


class EvidenceError(ValueError):
    """Customer data that cannot be used; the message says which file or column and why."""


def _quiet(_: float, __: str) -> None:
    return None


class _Teller:
    """Progress messages in ``lang`` from the catalog's ``evidence.*`` labels (the shipped
    catalog when none is given, loaded only if someone listens)."""

    def __init__(self, progress: Progress, catalog: Catalog | None, lang: str):
        self.progress, self.catalog, self.lang = progress, catalog, lang

    def texts(self) -> Catalog:
        if self.catalog is None:
            self.catalog = load_catalog()
        return self.catalog

    def __call__(self, share: float, key: str, **values: Any) -> None:
        if self.progress is not _quiet:
            self.progress(share, self.texts().text(key, self.lang, **values))

    def question(self, share: float, question_id: str) -> None:
        if self.progress is not _quiet:
            self.progress(share, question_names(self.texts(), [question_id], self.lang)[0])


def question_names(catalog: Catalog, question_ids: Sequence[str], lang: str) -> list[str]:
    """Each question's text in ``lang`` (the id itself for a question the catalog lacks)."""
    bank = catalog.questions
    out = []
    for qid in question_ids:
        text = question_text(bank.loc[qid], lang) if qid in bank.index else ""
        out.append(text or str(qid))
    return out


#: The metric each inferability score reports, and its label in the catalog.
METRIC_LABELS = {
    "1 − CV log-loss / entropy": "evidence.metric_entropy",
    "CV R²": "evidence.metric_r2",
    "constant": "evidence.metric_constant",
}


#: The model behind each inferability score, and its label in the catalog.
MODEL_LABELS = {
    "linear": "evidence.model_linear",
    "trees": "evidence.model_trees",
    "linear+trees": "evidence.model_linear+trees",
}


def metric_label(metric: str, catalog: Catalog, lang: str) -> str:
    """An :class:`Inferability` metric in words, in ``lang``."""
    key = METRIC_LABELS.get(metric)
    return catalog.text(key, lang) if key else metric


def model_label(model: str, catalog: Catalog, lang: str) -> str:
    """The model behind an :class:`Inferability` score in words, in ``lang`` ("" if unknown)."""
    key = MODEL_LABELS.get(model)
    return catalog.text(key, lang) if key else ""


def inferability_interval(item: Inferability) -> str:
    """ "12–30%": the 90 % held-out interval of a score ("" for a run kept without one),
    isolated left to right: in a right-to-left table it would otherwise read "%30–12"."""
    if item.low is None or item.high is None:
        return ""
    return f"\u2066{item.low * 100:.0f}–{item.high * 100:.0f}%\u2069"


# --- reading ---------------------------------------------------------------------------------


def read_table(
    source: str | Path | bytes,
    name: str | None = None,
    *,
    limits: EvidenceLimits | None = None,
) -> pa.Table:
    """A customers or answers table from CSV, Parquet or Excel (.xlsx), as a pyarrow Table.

    Refused with :class:`EvidenceError` before parsing: more than ``limits.max_bytes`` of file;
    a Parquet file whose metadata says more than ``limits.max_rows`` rows or more than
    ``limits.max_uncompressed_bytes`` once inflated; a CSV with more than ``limits.max_rows``
    lines; a workbook that looks like a zip bomb (:func:`~.filesafety.check_zip`). A workbook's
    first visible sheet is streamed (formulas are never evaluated: their saved values are read)
    and refused past ``limits.max_rows`` rows or :data:`MAX_XLSX_COLUMNS` columns. Running out of
    memory while reading is an ``EvidenceError`` too.
    """
    limits = limits or EvidenceLimits()
    label = name or (str(source) if not isinstance(source, bytes) else "upload")
    advice = "Upload a sample of the customers (a few hundred thousand rows is plenty)."
    try:
        size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
        check_size(size, limits.max_bytes)
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
    except UnsafeFileError as exc:
        raise EvidenceError(f"{label}: {exc.reason}. {advice}") from exc
    except OSError as exc:
        raise EvidenceError(f"{label}: cannot be read ({exc.strerror or exc})") from exc
    try:
        kind = _kind(data, label)
        if kind == "parquet":
            return _read_parquet(data, label, limits, advice)
        if kind == "xlsx":
            return _read_xlsx(data, label, limits, advice)
        lines = data.count(b"\n") - 1  # the header; a last line without a newline is not counted
        if lines > limits.max_rows:
            raise EvidenceError(
                f"{label}: about {lines:,} rows; the most accepted is {limits.max_rows:,}. "
                + advice
            )
        return pacsv.read_csv(io.BytesIO(data))
    except (MemoryError, pa.ArrowMemoryError) as exc:  # ArrowMemoryError is a MemoryError too
        raise EvidenceError(
            f"{label}: too large to read in this computer's memory "
            f"(limits: {limits.max_rows:,} rows, {limits.max_uncompressed_bytes / MB:g} MB). "
            + advice
        ) from exc
    except (pa.ArrowInvalid, OSError) as exc:
        raise EvidenceError(
            f"{label}: cannot be read as CSV, Parquet or Excel (.xlsx) ({exc})"
        ) from exc


def _kind(data: bytes, label: str) -> str:
    """``parquet``, ``xlsx`` or ``csv``: by the file's ending, else by its first bytes."""
    name = label.lower()
    if name.endswith(PARQUET_ENDINGS):
        return "parquet"
    if name.endswith(XLSX_ENDINGS):
        return "xlsx"
    if name.endswith((".csv", ".txt", ".tsv")):
        return "csv"
    if data[:4] == b"PAR1":
        return "parquet"
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    return "csv"


def _read_xlsx(data: bytes, label: str, limits: EvidenceLimits, advice: str) -> pa.Table:
    """The first visible sheet of a workbook: its first non-blank row names the columns.

    The zip is inspected unopened first; openpyxl then streams the sheet in read-only mode
    (XML through defusedxml), with saved values for formulas (never evaluated). A column whose
    cells mix kinds (numbers and text) is read as text; blank cells are missing values.
    """
    try:
        check_zip(data, what="customer table", limits=ZipLimits())
    except UnsafeFileError as exc:
        raise EvidenceError(f"{label}: {exc.reason}. Save it again from Excel as .xlsx.") from exc
    import openpyxl  # imported here: the CSV path and the CLI's help stay fast

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise EvidenceError(
            f"{label}: not a readable Excel workbook ({type(exc).__name__}). "
            "Save it again from Excel as .xlsx, or as CSV."
        ) from exc
    try:
        return _xlsx_table(wb, label, limits, advice)
    except (EvidenceError, MemoryError):
        raise
    except Exception as exc:  # a broken sheet surfaces while it is streamed
        raise EvidenceError(
            f"{label}: its sheet cannot be read ({type(exc).__name__}). "
            "Save it again from Excel as .xlsx, or as CSV."
        ) from exc
    finally:
        wb.close()


def _xlsx_table(wb: Any, label: str, limits: EvidenceLimits, advice: str) -> pa.Table:
    visible = [ws for ws in wb.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    if not visible:
        raise EvidenceError(f"{label}: the workbook has no visible sheet.")
    ws = visible[0]
    ws.reset_dimensions()  # a file's own dimension tag may claim a million columns
    rows = ws.iter_rows(values_only=True, max_col=MAX_XLSX_COLUMNS + 1)
    header: tuple[Any, ...] | None = None
    for values in rows:
        if any(_filled(v) for v in values):
            header = values
            break
    if header is None:
        raise EvidenceError(f"{label}: the sheet {ws.title!r} is empty.")
    while header and not _filled(header[-1]):
        header = header[:-1]
    if len(header) > MAX_XLSX_COLUMNS:
        raise EvidenceError(
            f"{label}: more than {MAX_XLSX_COLUMNS:,} columns; keep the id, the first-party "
            "columns and the target (or the id and one column per question)."
        )
    names = _column_names(header)
    columns: list[list[Any]] = [[] for _ in names]
    count = 0
    for values in rows:
        if not any(_filled(v) for v in values):
            continue
        count += 1
        if count > limits.max_rows:
            raise EvidenceError(
                f"{label}: more than {limits.max_rows:,} rows; the most accepted is "
                f"{limits.max_rows:,}. " + advice
            )
        for i, column in enumerate(columns):
            value = values[i] if i < len(values) else None
            column.append(value if _filled(value) else None)
    return pa.table({name: _xlsx_column(cells) for name, cells in zip(names, columns, strict=True)})


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _column_names(header: Sequence[Any]) -> list[str]:
    """Header cells as column names: a blank one is ``column_N``, a repeated one gets ``_2``."""
    names: list[str] = []
    for i, cell in enumerate(header, start=1):
        name = str(cell).strip() if _filled(cell) else f"column_{i}"
        base, n = name, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names


def _xlsx_column(cells: list[Any]) -> pa.Array:
    """One column's cells as an Arrow array: typed when they agree, else as text."""
    kinds = {type(v) for v in cells if v is not None}
    if kinds <= {int, float} or len(kinds) == 1:
        try:
            return pa.array(cells)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
    return pa.array([None if v is None else _cell_text(v) for v in cells], pa.string())


def _cell_text(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_parquet(data: bytes, label: str, limits: EvidenceLimits, advice: str) -> pa.Table:
    """Read a Parquet file after its metadata (a few KB) says it fits the limits."""
    meta = pq.ParquetFile(io.BytesIO(data)).metadata
    inflated = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if meta.num_rows > limits.max_rows:
        raise EvidenceError(
            f"{label}: {meta.num_rows:,} rows; the most accepted is {limits.max_rows:,}. " + advice
        )
    if inflated > limits.max_uncompressed_bytes:
        raise EvidenceError(
            f"{label}: it inflates to {megabytes(inflated)}; the most accepted is "
            f"{limits.max_uncompressed_bytes / MB:g} MB. " + advice
        )
    return pq.read_table(io.BytesIO(data))


def to_frame(table: pa.Table) -> pd.DataFrame:
    return table.to_pandas()


# --- coverage and freshness ---------------------------------------------------------------------


def profile_columns(table: pa.Table, today: dt.date | None = None) -> pd.DataFrame:
    """Per column: share filled, and for date columns the median age in days."""
    today = today or dt.date.today()
    rows = []
    n = table.num_rows
    for name, column in zip(table.column_names, table.columns, strict=True):
        filled = 1 - (column.null_count / n) if n else 0.0
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            blanks = pc.sum(pc.equal(pc.utf8_trim_whitespace(column), "")).as_py() or 0
            filled -= blanks / n if n else 0
        age = None
        if pa.types.is_timestamp(column.type) or pa.types.is_date(column.type):
            dates = pc.cast(column, pa.timestamp("s")) if pa.types.is_date(column.type) else column
            median = pc.approximate_median(pc.cast(dates, pa.int64())).as_py()
            if median is not None:
                unit = {"s": 1, "ms": 1e3, "us": 1e6, "ns": 1e9}[dates.type.unit]
                seen = dt.datetime.fromtimestamp(median / unit, dt.UTC).date()
                age = float((today - seen).days)
        rows.append({"column": name, "coverage": float(filled), "age_days": age})
    return pd.DataFrame(rows, columns=["column", "coverage", "age_days"])


def _name_key(name: str) -> str:
    return normalise_label(" ".join(split_identifier(name)))


def match_columns(
    attributes: Sequence[str],
    columns: Sequence[str],
    normalise: Callable[[str], str] | None = None,
) -> dict[str, str]:
    """Inventory attribute -> customers-table column, by name.

    Names are compared split into words (``LstLoginDt`` = ``lst_login_dt``); with ``normalise``
    (the topic mapper's, which expands abbreviations and drops structural noise such as ``_flg``)
    ``cust_marital_stat`` also finds ``customer_marital_status``. An exact match wins; otherwise
    the column sharing most words (at least 60 % of them) is taken.
    """
    exact = {_name_key(c): c for c in columns}
    prepared = {c: set((normalise or _name_key)(c).split()) for c in columns}
    matches: dict[str, str] = {}
    for attribute in attributes:
        if _name_key(attribute) in exact:
            matches[attribute] = exact[_name_key(attribute)]
            continue
        words = set((normalise or _name_key)(attribute).split())
        best, score = None, 0.0
        for column, other in prepared.items():
            overlap = words & other
            if not overlap:
                continue
            s = len(overlap) / len(words | other)
            if s > score:
                best, score = column, s
        if best is not None and score >= 0.6:
            matches[attribute] = best
    return matches


def measured_coverage(
    inventory: pd.DataFrame,
    table: pa.Table,
    today: dt.date | None = None,
    normalise: Callable[[str], str] | None = None,
) -> pd.DataFrame:
    """Said vs measured coverage (and age) for every inventory attribute found in the data."""
    profile = profile_columns(table, today).set_index("column")
    matches = match_columns(list(inventory["attribute"]), table.column_names, normalise)
    rows = []
    for rec in inventory.itertuples():
        column = matches.get(rec.attribute)
        if column is None:
            continue
        measured = profile.loc[column]
        rows.append(
            {
                "row": int(rec.row),
                "attribute": rec.attribute,
                "column": column,
                "said": float(rec.coverage),
                "measured": float(measured["coverage"]),
                "difference": float(measured["coverage"]) - float(rec.coverage),
                "said_age_days": float(rec.age_days),
                "measured_age_days": measured["age_days"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "row",
            "attribute",
            "column",
            "said",
            "measured",
            "difference",
            "said_age_days",
            "measured_age_days",
        ],
    )


# --- features ----------------------------------------------------------------------------------


def _features(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers as they are; text as integer codes (NaN kept) for histogram gradient boosting."""
    out = {}
    for column in frame.columns:
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or pd.api.types.is_numeric_dtype(series):
            out[column] = series.astype(float)
        elif pd.api.types.is_datetime64_any_dtype(series):
            out[column] = (series - series.min()).dt.days.astype(float)
        else:
            codes, _ = pd.factorize(series.astype("string"), use_na_sentinel=True)
            out[column] = np.where(codes < 0, np.nan, codes).astype(float)
    return pd.DataFrame(out, index=frame.index)


def _categorical(series: pd.Series) -> bool:
    return not pd.api.types.is_numeric_dtype(series) or series.nunique(dropna=True) <= 12


def _sample(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    return frame.sample(n, random_state=RANDOM_STATE) if len(frame) > n else frame


# --- inferability -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Inferability:
    """How much of a question's answer first-party data already predicts, on held-out rows.

    ``score`` is 1 − (held-out loss of the model) / (loss of the answers' prior), measured by
    cross-fitting (see :func:`question_inferability`); ``low`` and ``high`` are its 90 %
    bootstrap interval. "Don't ask" is said on ``low``: only when it holds out of sample.
    """

    question_id: str
    kind: str  # categorical or numeric
    answered: int
    score: float  # 0 = not inferable, 1 = fully inferable from first-party data
    metric: str
    low: float | None = None  # None: a run kept before intervals were measured
    high: float | None = None
    #: the model that predicted it: "linear" (regularised, one-hot text) or "trees" (boosted)
    model: str = ""

    @property
    def lower_bound(self) -> float:
        """The interval's lower end (the score itself for a run kept without one)."""
        return self.score if self.low is None else self.low


#: Bootstrap resamples of the held-out rows for an inferability interval.
INFERENCE_BOOTSTRAP = 300


def question_inferability(
    customers: pd.DataFrame,
    answers: pd.DataFrame,
    first_party: Sequence[str],
    id_column: str,
    questions: Sequence[str] | None = None,
    progress: Progress = _quiet,
    *,
    catalog: Catalog | None = None,
    lang: str = "en",
) -> list[Inferability]:
    """How well first-party columns predict each question's answers, out of sample.

    Two models compete per question: a regularised linear one (text one-hot, numbers
    standardised: it finds the plain relations with few rows) and boosted trees (they find
    thresholds and interactions). Both are fitted in 3 folds, so every answer is predicted by
    models that never saw it; the rows are then split in two halves and each half is scored by
    the model that did better on the *other* half, so choosing the model does not flatter the
    score either. ``progress`` hears each question by its text in ``lang`` (from ``catalog``).
    """
    tell = _Teller(progress, catalog, lang)
    merged = customers.merge(answers, on=id_column, how="inner", suffixes=("", "__answer"))
    questions = list(questions or [c for c in answers.columns if c != id_column])
    X_trees = _features(merged[list(first_party)])
    X_linear = pd.DataFrame(select.encode_frame(merged[list(first_party)]), index=merged.index)
    out: list[Inferability] = []
    # The questions are fitted in INFERENCE_JOBS worker processes, each model on one thread: on a
    # small machine the boosted trees' own threads fight each other (and threads share the GIL).
    with parallel_config(backend="loky", inner_max_num_threads=1):
        fits = Parallel(n_jobs=INFERENCE_JOBS, return_as="generator")(
            delayed(_inferability)(merged[[qid]], X_trees, X_linear, qid) for qid in questions
        )
        for i, (qid, result) in enumerate(zip(questions, fits, strict=True)):
            tell.question(i / max(len(questions), 1), qid)
            if result is not None:
                out.append(result)
    progress(1.0, "")
    return out


def _inferability(
    merged: pd.DataFrame, X_trees: pd.DataFrame, X_linear: pd.DataFrame, qid: str
) -> Inferability | None:
    """One question's held-out inferability (None: too few answers to measure it)."""
    answered = merged[qid].notna() & (merged[qid].astype("string").str.strip() != "")
    rows = _sample(merged[answered], MAX_INFERENCE_ROWS)
    if len(rows) < 30:
        return None
    trees, linear = X_trees.loc[rows.index].to_numpy(), X_linear.loc[rows.index].to_numpy()
    y = rows[qid]
    if _categorical(y):
        labels, classes = pd.factorize(y.astype("string"))
        if len(classes) < 2:
            return Inferability(qid, "categorical", int(answered.sum()), 1.0, "constant", 1.0, 1.0)
        counts = np.bincount(labels)
        folds = min(3, int(counts.min())) if counts.min() >= 2 else 0
        if folds < 2:
            return None
        cv = StratifiedKFold(folds, shuffle=True, random_state=RANDOM_STATE)
        k = len(classes)
        losses, base = np.zeros((2, len(labels))), np.zeros(len(labels))
        for train, test in cv.split(trees, labels):
            prior = (np.bincount(labels[train], minlength=k) + 0.5) / (len(train) + 0.5 * k)
            base[test] = -np.log(prior[labels[test]])
            candidates = (
                (LogisticRegression(C=select.C, max_iter=300), linear),
                (HistGradientBoostingClassifier(**_TREES, random_state=RANDOM_STATE), trees),
            )
            for m, (model, X) in enumerate(candidates):
                model.fit(X[train], labels[train])
                proba = np.zeros((len(test), k))
                proba[:, model.classes_] = model.predict_proba(X[test])
                right = proba[np.arange(len(test)), labels[test]]
                losses[m, test] = -np.log(np.clip(right, 1e-6, 1))
        return _held_out_inferability(
            qid, "categorical", int(answered.sum()), losses, base, "1 − CV log-loss / entropy"
        )
    target = y.astype(float).to_numpy()
    losses, base = np.zeros((2, len(target))), np.zeros(len(target))
    for train, test in KFold(3, shuffle=True, random_state=RANDOM_STATE).split(trees):
        base[test] = (target[test] - target[train].mean()) ** 2
        candidates = (
            (Ridge(alpha=1.0), linear),
            (HistGradientBoostingRegressor(**_TREES, random_state=RANDOM_STATE), trees),
        )
        for m, (model, X) in enumerate(candidates):
            model.fit(X[train], target[train])
            losses[m, test] = (target[test] - model.predict(X[test])) ** 2
    return _held_out_inferability(qid, "numeric", int(answered.sum()), losses, base, "CV R²")


#: The boosted trees of inferability: small and quick (one of two candidates per question).
_TREES = {"max_iter": 15, "max_leaf_nodes": 8, "learning_rate": 0.3, "max_bins": 63}
_MODELS = ("linear", "trees")


def _held_out_inferability(
    qid: str, kind: str, answered: int, losses: np.ndarray, base: np.ndarray, metric: str
) -> Inferability:
    """The cross-fitted score of the two candidates' out-of-fold ``losses`` (one row each)
    against the prior's ``base`` losses, with a 90 % bootstrap interval over the rows."""
    rng = np.random.default_rng(RANDOM_STATE)
    n = losses.shape[1]
    half = rng.permutation(n) < n // 2
    chosen = np.empty(n)
    used = []
    for part in (half, ~half):
        # each half is scored by the model that did better on the other half
        best = int(np.argmin(losses[:, ~part].sum(axis=1)))
        chosen[part] = losses[best, part]
        used.append(best)
    total = base.sum()
    score = 1 - chosen.sum() / total if total > 0 else 1.0
    picks = rng.integers(0, n, size=(INFERENCE_BOOTSTRAP, n))
    boot_base = base[picks].sum(axis=1)
    boot = 1 - chosen[picks].sum(axis=1) / np.where(boot_base > 0, boot_base, np.inf)
    low, high = np.quantile(boot, [0.05, 0.95])
    model = _MODELS[used[0]] if used[0] == used[1] else "+".join(_MODELS)
    return Inferability(
        qid,
        kind,
        answered,
        float(np.clip(score, 0.0, 1.0)),
        metric,
        float(np.clip(low, 0.0, 1.0)),
        float(np.clip(high, 0.0, 1.0)),
        model,
    )


def topic_inferability(
    scores: Sequence[Inferability], topic_strengths: Mapping[str, Mapping[str, float]]
) -> dict[str, float]:
    """Per topic, the best inferability among the questions that inform it (× their strength),
    each question counted at its interval's lower end: what holds out of sample."""
    topics: dict[str, float] = {}
    for item in scores:
        for topic, strength in topic_strengths.get(item.question_id, {}).items():
            topics[topic] = max(topics.get(topic, 0.0), item.lower_bound * strength)
    return topics


# --- segments ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segmentation:
    labels: np.ndarray  # one per customer row, in the customers table's order
    k: int
    silhouettes: dict[int, float]  # the criterion for every k tried
    sizes: dict[int, int]
    descriptions: dict[int, dict[str, str]]  # segment -> {"en": ..., "he": ...}
    profile: pd.DataFrame  # segment × feature standardised mean difference


def find_segments(
    customers: pd.DataFrame,
    first_party: Sequence[str],
    k_range: Sequence[int] = range(2, 7),
    progress: Progress = _quiet,
    catalog: Catalog | None = None,
    lang: str = "en",
) -> Segmentation:
    """k-means on standardised first-party features; k with the best silhouette on a sample.

    Each segment is described by its three most distinct features, in both languages, with the
    ``segment.*`` labels of ``catalog`` (the shipped catalog when none is given).
    """
    tell = _Teller(progress, catalog, lang)
    X = _features(customers[list(first_party)])
    X = X.fillna(X.median()).fillna(0.0)
    std = X.std().replace(0, 1)
    Z = (X - X.mean()) / std
    sample = _sample(Z, MAX_CLUSTER_ROWS)
    silhouettes: dict[int, float] = {}
    models = {}
    for i, k in enumerate(k_range):
        tell(i / len(k_range), "evidence.progress_segments", k=k)
        model = KMeans(n_clusters=k, n_init=2, random_state=RANDOM_STATE).fit(sample)
        silhouettes[k] = float(
            silhouette_score(
                sample, model.labels_, sample_size=min(len(sample), 3000), random_state=RANDOM_STATE
            )
        )
        models[k] = model
    best = max(silhouettes, key=silhouettes.get)
    labels = models[best].predict(Z)
    profile = Z.groupby(labels).mean()
    texts = tell.texts()
    descriptions = {}
    for segment, row in profile.iterrows():
        top = row.abs().sort_values(ascending=False).index[:3]
        means = {f: X.loc[labels == segment, f].mean() for f in top}
        descriptions[int(segment)] = {
            lang: texts.text(
                "segment.description",
                lang,
                number=int(segment) + 1,
                traits=", ".join(
                    texts.text(
                        "segment.higher" if row[f] > 0 else "segment.lower",
                        lang,
                        feature=f,
                        mean=means[f],
                    )
                    for f in top
                ),
            )
            for lang in ("en", "he")
        }
    progress(1.0, "")
    return Segmentation(
        labels=labels,
        k=best,
        silhouettes=silhouettes,
        sizes={int(s): int((labels == s).sum()) for s in range(best)},
        descriptions=descriptions,
        profile=profile,
    )


def coverage_by_segment(
    customers: pd.DataFrame, columns: Sequence[str], labels: np.ndarray
) -> pd.DataFrame:
    """Share of customers with each column filled, per segment (segments × columns)."""
    filled = customers[list(columns)].notna()
    for column in columns:
        if not pd.api.types.is_numeric_dtype(customers[column]):
            filled[column] &= customers[column].astype("string").str.strip() != ""
    return filled.groupby(labels).mean()


def segment_scores(
    inventory: pd.DataFrame,
    customers: pd.DataFrame,
    labels: np.ndarray,
    matches: Mapping[str, str],
    catalog: Any,
    weights: Mapping[str, float],
    inferability: Mapping[str, float] | None = None,
) -> dict[int, Any]:
    """Topic scores per segment: each matched attribute's coverage as measured in the segment."""
    from .scoring import attribute_knowledge, score_from_contributions

    by_segment = coverage_by_segment(customers, sorted(set(matches.values())), labels)
    out = {}
    for segment in by_segment.index:
        measured = [
            float(by_segment.at[segment, matches[a]]) if a in matches else c
            for a, c in zip(inventory["attribute"], inventory["coverage"], strict=True)
        ]
        knowledge = attribute_knowledge(inventory.assign(coverage=measured), catalog)
        out[int(segment)] = score_from_contributions(knowledge, catalog, weights, inferability)
    return out


# --- empirical question value -----------------------------------------------------------------


@dataclass(frozen=True)
class QuestionValue:
    """The order of the questions for a target, and what each adds on held-out customers.

    ``base`` and ``after`` are out-of-fold log-losses (5-fold cross-fitting: each fold's
    customers are scored by a model whose questions were chosen, and whose coefficients fitted,
    without them); ``after[k - 1]`` is after the first k questions, measured up to
    :data:`CURVE_LENGTH` questions (those past it are not measured: their value is 0).
    ``held_out`` carries the AUC gain with its 90 % interval and the stopping point.
    """

    order: tuple[str, ...]  # most valuable first (chosen on every row)
    metric: str
    base: float  # held-out metric with first-party data only
    after: tuple[float, ...]  # held-out metric after the first k questions
    auc_base: float
    auc_after: tuple[float, ...]
    baselines: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = field(default_factory=dict)
    held_out: HeldOutCurve | None = None
    baseline_gain: dict[str, tuple[float, ...]] = field(default_factory=dict)
    # how many of ``order``, first, were chosen because each passed the score test's gate; the
    # rest follow by mutual information (None: a run kept before the gate)
    chosen_by_test: int | None = None

    def value(self) -> dict[str, float]:
        """Log-loss each question removed when it was added (its marginal value)."""
        previous = (self.base, *self.after[:-1])
        return {q: float(p - a) for q, p, a in zip(self.order, previous, self.after, strict=True)}


def _binary_target(series: pd.Series) -> np.ndarray:
    values = series.astype("string").str.strip().str.lower()
    positive = {"1", "yes", "true", "y", "churned", "purchased", "כן"}
    if set(values.dropna().unique()) <= {
        "0",
        "1",
        "yes",
        "no",
        "true",
        "false",
        "y",
        "n",
        "כן",
        "לא",
    }:
        return values.isin(positive).to_numpy(int)
    codes, uniques = pd.factorize(values)
    if len(uniques) != 2:
        raise EvidenceError(
            f"The target {series.name!r} must have two values (e.g. churned yes/no); "
            f"found {len(uniques)}."
        )
    return codes.astype(int)


def question_value(
    customers: pd.DataFrame,
    answers: pd.DataFrame,
    target: str,
    id_column: str,
    first_party: Sequence[str] | None = None,
    progress: Progress = _quiet,
    random_orders: int = 2,
    *,
    catalog: Catalog | None = None,
    lang: str = "en",
    n_jobs: int = N_JOBS,
) -> QuestionValue:
    """The order in which pilot questions add predictive value for ``target`` beyond first party.

    Greedy forward selection by the logistic score test on every row (up to
    :data:`MAX_MODEL_ROWS`), ordinal answers kept numeric, while the best question is
    significant after Bonferroni; the rest by mutual information (:mod:`.evidence_select`; the
    method won the comparison of ``docs/evidence-methods.md``). The curve is held out: 5-fold
    cross-fitting, the selection redone in each fold. Mutual information, mRMR and random orders
    are measured the same way over their first 5 questions. ``progress`` hears the steps in
    ``lang`` (the ``evidence.progress_*`` labels of ``catalog``).
    """
    tell = _Teller(progress, catalog, lang)
    if target not in customers.columns:
        raise EvidenceError(f"The customers table has no column {target!r} (the target).")
    if id_column not in customers.columns or id_column not in answers.columns:
        raise EvidenceError(f"Both tables need the id column {id_column!r}.")
    first_party = list(
        first_party or [c for c in customers.columns if c not in (target, id_column)]
    )
    questions = [c for c in answers.columns if c != id_column]
    if not questions:
        raise EvidenceError("The answers table has no question columns.")
    answers = answers.drop_duplicates(id_column)
    merged = customers.merge(answers, on=id_column, how="left", suffixes=("", "__answer"))
    merged = merged[merged[target].notna()]
    merged = _sample(merged, MAX_MODEL_ROWS).reset_index(drop=True)
    y = _binary_target(merged[target])
    if min(int(y.sum()), int(len(y) - y.sum())) < select.FOLDS:
        raise EvidenceError(
            f"The target {target!r} has fewer than {select.FOLDS} customers on one side; "
            "the held-out curve needs at least that many of each."
        )
    tell(0.02, "evidence.progress_first_party")
    base = select.encode_frame(merged[first_party])
    blocks = [select.encode_column(merged[q]) for q in questions]
    encoded = _discrete_answers(merged[questions])
    codes = encoded.to_numpy()
    mi = select.mutual_information(codes, y)
    mi_indexes = select.most_informative_first(mi)
    tell(0.05, "evidence.progress_step", step=1)
    length = min(len(questions), CURVE_LENGTH)
    selection = select.score_test_order(base, blocks, y, length, fallback=mi_indexes)
    order = tuple(questions[j] for j in selection.order)

    tell(0.3, "evidence.progress_baselines")
    index = {q: i for i, q in enumerate(questions)}
    mi_order = [questions[j] for j in mi_indexes]
    mrmr = _mrmr(encoded, dict(zip(questions, mi, strict=True)), BASELINE_LENGTH)
    rng = np.random.default_rng(RANDOM_STATE)
    others = {
        "mutual_information": [index[q] for q in mi_order],
        "mrmr": [index[q] for q in mrmr],
        **{f"random_{i}": list(rng.permutation(len(questions))) for i in range(random_orders)},
    }
    curve, gains, losses = select.held_out_curves(
        base, blocks, y, length, others, BASELINE_LENGTH, n_jobs=n_jobs, codes=codes
    )
    after = [*curve.log_loss[1:]]
    after += [after[-1]] * (len(order) - len(after))  # past the curve: not measured
    auc = [curve.auc_base + g for g in curve.gain]
    auc += [auc[-1]] * (len(order) - len(auc))
    randoms = [name for name in others if name.startswith("random_")]
    baselines: dict[str, tuple[tuple[str, ...], tuple[float, ...]]] = {
        "mutual_information": (tuple(mi_order), losses["mutual_information"]),
        "mrmr": (tuple(mrmr), losses["mrmr"]),
    }
    baseline_gain = {"mutual_information": gains["mutual_information"], "mrmr": gains["mrmr"]}
    if randoms:
        baselines["random"] = ((), tuple(np.mean([losses[r] for r in randoms], axis=0)))
        baseline_gain["random"] = tuple(
            float(v) for v in np.mean([gains[r] for r in randoms], axis=0)
        )
    progress(1.0, "")
    return QuestionValue(
        order=order,
        metric="held-out log-loss",
        base=curve.log_loss[0],
        after=tuple(float(a) for a in after),
        auc_base=curve.auc_base,
        auc_after=tuple(float(a) for a in auc),
        baselines={k: (o, tuple(float(v) for v in c)) for k, (o, c) in baselines.items()},
        held_out=curve,
        baseline_gain=baseline_gain,
        chosen_by_test=selection.by_merit,
    )


def _discrete_answers(frame: pd.DataFrame) -> pd.DataFrame:
    """Answers as discrete codes for mutual information: up to 20 values as they are, more in
    10 quantile bins; not asked is a code of its own."""
    coded = _features(frame)
    for q in coded.columns:
        if coded[q].nunique() > 20:
            coded[q] = pd.qcut(coded[q], 10, labels=False, duplicates="drop")
    return coded.fillna(-1).astype(int)


def _mrmr(encoded: pd.DataFrame, relevance: Mapping[str, float], length: int) -> list[str]:
    """mRMR (relevance minus mean redundancy) for the first ``length``; the rest by relevance."""
    chosen: list[str] = []
    pool = list(encoded.columns)
    redundancy = dict.fromkeys(pool, 0.0)
    while pool and len(chosen) < length:
        pick = max(pool, key=lambda q: relevance[q] - redundancy[q] / max(len(chosen), 1))
        chosen.append(pick)
        pool.remove(pick)
        for q in pool:
            redundancy[q] += mutual_info_score(encoded[q], encoded[pick])
    return chosen + sorted(pool, key=lambda q: -relevance[q])


# --- a synthetic engagement with planted truth ---------------------------------------------------


def synthetic_customers(
    n: int = 6000,
    first_party: int = 40,
    informative: int = 5,
    duplicates: int = 3,
    noise: int = 30,
    asked_share: float = 0.7,
    seed: int = 7,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Customers, pilot answers and the truth planted in them.

    The target depends on first-party columns and on latent traits that only the informative
    questions reveal; each duplicate question is a noisy copy of an informative one; noise
    questions are unrelated. Every question was asked to a random ``asked_share`` of customers.
    """
    rng = np.random.default_rng(seed)
    ids = np.arange(1, n + 1)
    fp = rng.normal(size=(n, first_party))
    customers = pd.DataFrame(fp, columns=[f"fp_{i:02d}" for i in range(first_party)])
    customers.insert(0, "customer_id", ids)
    latent = rng.normal(size=(n, informative))
    weights = np.linspace(1.6, 0.8, informative)
    logit = 0.9 * fp[:, 0] - 0.7 * fp[:, 1] + latent @ weights - 0.5
    customers["churned"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    answers = {"customer_id": ids}
    truth: dict[str, Any] = {"informative": [], "duplicates": [], "noise": []}
    for i in range(informative):
        qid = f"q_inf_{i}"
        answers[qid] = np.digitize(latent[:, i] + 0.25 * rng.normal(size=n), [-0.8, 0, 0.8])
        truth["informative"].append(qid)
    for i in range(duplicates):
        qid = f"q_dup_{i}"
        answers[qid] = np.digitize(latent[:, i] + 0.35 * rng.normal(size=n), [-0.8, 0, 0.8])
        truth["duplicates"].append((f"q_inf_{i}", qid))
    for i in range(noise):
        qid = f"q_noise_{i:02d}"
        answers[qid] = rng.integers(0, 4, size=n)
        truth["noise"].append(qid)
    answers_frame = pd.DataFrame(answers)
    masks = {column: rng.random(n) < asked_share for column in answers_frame.columns[1:]}
    for original, duplicate in truth["duplicates"]:
        masks[duplicate] = masks[original]  # asked together, in the same pilot questionnaire
    for column, asked in masks.items():
        answers_frame[column] = answers_frame[column].astype("Int64").where(asked)
    return customers, answers_frame, truth


# --- the whole evidence run --------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    question_value: QuestionValue | None
    inferability: tuple[Inferability, ...]
    segmentation: Segmentation | None
    first_party: tuple[str, ...]


def run_evidence(
    customers: pd.DataFrame,
    answers: pd.DataFrame,
    target: str | None,
    id_column: str,
    progress: Progress = _quiet,
    segments: bool = True,
    catalog: Catalog | None = None,
    lang: str = "en",
) -> Evidence:
    """Inferability of every answered question, segments, and the question order for a target.

    ``progress`` hears what is being measured in ``lang``, from ``catalog``'s labels (the
    shipped catalog when none is given).
    """
    if id_column not in customers.columns:
        raise EvidenceError(f"The customers table has no id column {id_column!r}.")
    if id_column not in answers.columns:
        raise EvidenceError(f"The answers table has no id column {id_column!r}.")
    first_party = tuple(c for c in customers.columns if c not in (target, id_column))
    if not first_party:
        raise EvidenceError("The customers table has no first-party columns besides the id.")

    def part(start: float, width: float) -> Progress:
        return lambda share, message: progress(start + width * share, message)

    if catalog is None:
        catalog = load_catalog()
    words = {"catalog": catalog, "lang": lang}
    inferable = question_inferability(
        customers, answers, first_party, id_column, progress=part(0.0, 0.35), **words
    )
    segmentation = (
        find_segments(customers, first_party, progress=part(0.35, 0.05), **words)
        if segments
        else None
    )
    value = (
        question_value(
            customers, answers, target, id_column, first_party, progress=part(0.4, 0.6), **words
        )
        if target
        else None
    )
    progress(1.0, "")
    return Evidence(value, tuple(inferable), segmentation, first_party)


def worth_asking(qv: QuestionValue) -> tuple[str, ...]:
    """The questions before the stopping point (each adds more than its noise, held out); for a
    result without a held-out curve, those that lowered the log-loss by :data:`MIN_GAIN`."""
    if qv.held_out is not None:
        return qv.order[: qv.held_out.stop]
    return tuple(q for q, v in qv.value().items() if v >= MIN_GAIN)


def evidence_lines(
    evidence: Evidence, target: str | None, catalog: Catalog, lang: str = "en", first: int = 5
) -> list[str]:
    """What the run found for the target, in ``lang``: the log-loss before and after the first
    questions and the most valuable questions by their text, or, when no question adds a
    measurable gain (:func:`worth_asking`), that their order means nothing on this sample; then
    how the order was chosen (how many passed the selection's gate)."""
    qv = evidence.question_value
    if qv is None or not qv.order or not target:
        return []
    n = min(first, len(qv.after))
    lines = [
        catalog.text(
            "evidence.loss_line", lang, target=target, base=qv.base, after=qv.after[n - 1], n=n
        )
    ]
    worth = worth_asking(qv)
    if not worth:
        lines.append(catalog.text("evidence.nothing_adds", lang, target=target))
    else:
        useful = list(worth[:10])
        names = question_names(catalog, useful, lang)
        lines.append(catalog.text("evidence.most_valuable", lang, questions=" · ".join(names)))
    order = order_line(qv, target, catalog, lang)
    return [*lines, order] if order else lines


def order_line(qv: QuestionValue, target: str, catalog: Catalog, lang: str = "en") -> str:
    """How the order was chosen: how many questions passed the selection's gate, the rest by
    mutual information (empty for a run kept before the gate, which does not know)."""
    if qv.chosen_by_test is None:
        return ""
    if qv.chosen_by_test:
        return catalog.text("evidence.order_gate", lang, n=qv.chosen_by_test, target=target)
    return catalog.text("evidence.order_gate_none", lang, target=target)


def evidence_json(evidence: Evidence) -> dict[str, Any]:
    """The ``zpd-assess evidence --json`` document."""
    out: dict[str, Any] = {
        "inferability": [
            {
                "question_id": i.question_id,
                "kind": i.kind,
                "answered": i.answered,
                "inferability": round(i.score, 6),
                "low": None if i.low is None else round(i.low, 6),
                "high": None if i.high is None else round(i.high, 6),
                "interval": "90 % bootstrap over the held-out answers",
                "model": i.model,
                "metric": i.metric,
            }
            for i in evidence.inferability
        ],
    }
    qv = evidence.question_value
    if qv is not None:
        values = qv.value()
        out["question_order"] = list(qv.order)
        out["chosen_by_test"] = qv.chosen_by_test
        out["metric"] = qv.metric
        out["metric_base"] = round(qv.base, 6)
        out["questions"] = [
            {
                "question_id": q,
                "value": round(values[q], 6),
                "metric_after": round(m, 6),
                "auc_after": round(a, 6),
            }
            for q, m, a in zip(qv.order, qv.after, qv.auc_after, strict=True)
        ]
        out["baselines"] = {
            name: {
                "order": list(order),
                "metric_after": [round(v, 6) for v in curve],
                **(
                    {"auc_gain": [round(v, 6) for v in qv.baseline_gain[name]]}
                    if name in qv.baseline_gain
                    else {}
                ),
            }
            for name, (order, curve) in qv.baselines.items()
        }
        h = qv.held_out
        if h is not None:
            out["held_out"] = {
                "measure": "AUC gain over first-party data alone, out of fold: in each of "
                f"{h.folds} folds the questions were chosen and the model fitted without the "
                "fold's customers",
                "auc_base": round(h.auc_base, 6),
                "auc_gain": [round(v, 6) for v in h.gain],
                "low": [round(v, 6) for v in h.low],
                "high": [round(v, 6) for v in h.high],
                "interval": "90 % (DeLong variance of the paired AUC difference)",
                "step_gain": [round(v, 6) for v in h.step_gain],
                "step_se": [round(v, 6) for v in h.step_se],
                "stop": h.stop,
                "stop_rule": "the first k after which one more question adds less AUC than "
                "1.645 of its standard error",
                "worth_asking": list(qv.order[: h.stop]),
            }
    seg = evidence.segmentation
    if seg is not None:
        out["segments"] = {
            "k": seg.k,
            "criterion": "silhouette",
            "silhouettes": {str(k): round(v, 4) for k, v in seg.silhouettes.items()},
            "sizes": {str(k): v for k, v in seg.sizes.items()},
            "descriptions": {str(k): v for k, v in seg.descriptions.items()},
        }
    return out
