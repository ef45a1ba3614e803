"""Fit the mapper's trust model and write ``templates/mapping_trust.csv``.

Usage: ``python tools/fit_mapping_trust.py [--check]``

The topic mapper's confidence says how sure it is among topics; whether a suggestion should be
trusted without a look also depends on what stands behind it: a description that agrees, a name
made of words it has seen, a lead over the runner-up. This tool predicts every mapping example
with a mapper built without the example's whole source style (a vendor never seen, as
:func:`zpd_assess.mapping.leave_one_group_out`), and fits a logistic regression of
"the suggestion is right" on :data:`zpd_assess.mapping.TRUST_FEATURES` of those predictions. The
coefficients, and the digest of what the fit read (:func:`zpd_assess.mapping.trust_fit_digest`),
go to ``mapping_trust.csv``; the mapper flags a suggestion for review when its estimated chance
of being right is below ``mapping.trust_threshold``.

It takes about four minutes on a 2-core machine (one mapper per source style). ``--check``
prints the digests and exits 1 when the file was fitted on something else.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zpd_assess.catalog import load_catalog  # noqa: E402
from zpd_assess.mapping import (  # noqa: E402
    TRUST_FEATURES,
    leave_one_group_out,
    trust_features,
    trust_fit_digest,
)

OUT = ROOT / "templates" / "mapping_trust.csv"
#: L2 strength of the trust model (C = 1.0 and 0.1 gave the same review decisions on the
#: held-out sets, 2026-12-03).
TRUST_C = 1.0

WHY = {
    "intercept": "the log-odds of a right suggestion with every feature at zero",
    "log_confidence": "the log of the topic's calibrated probability: surer is likelier right",
    "margin": "the topic's lead over the runner-up: a near second is a common mistake",
    "has_description": "a description was given: suggestions with one are judged with more to "
    "go wrong (their confidence runs higher)",
    "silent_name": "a coded or placeholder name read by its description alone: the description "
    "is written for people and rarely misleads",
    "name_agrees": "the name alone points to the same topic",
    "description_agrees": "the description alone points to the same topic",
    "known_words": "words of the name the mapper has seen (up to 5): an unknown word is a guess",
}


def cross_validated_features(catalog) -> tuple[np.ndarray, np.ndarray]:
    """Trust features and rightness of every example, each predicted without its source style."""
    n = len(catalog.mapping_examples)
    features = np.zeros((n, len(TRUST_FEATURES)))
    right = np.zeros(n, dtype=bool)
    for part, mapper in leave_one_group_out(catalog):
        evidence = mapper.evidence(list(part["attribute"]), list(part["description"]))
        features[part.index] = trust_features(evidence)
        top = np.asarray(mapper.topic_ids)[evidence.posterior.argmax(axis=1)]
        right[part.index] = top == part["topic"].to_numpy()
        print(f"  {part['source_style'].iloc[0]}: {len(part)} examples", flush=True)
    return features, right


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare the digests")
    args = parser.parse_args(argv)
    catalog = load_catalog()
    digest = trust_fit_digest(catalog)
    stored = set(catalog.mapping_trust["fitted_on"])
    if args.check:
        print(f"catalog digest {digest}; mapping_trust.csv fitted on {', '.join(sorted(stored))}")
        return 0 if stored == {digest} else 1
    features, right = cross_validated_features(catalog)
    model = LogisticRegression(C=TRUST_C, max_iter=3000).fit(features, right)
    trust = model.predict_proba(features)[:, 1]
    threshold = catalog.assumptions.number("mapping.trust_threshold")
    flagged = trust < threshold
    unflagged_wrong = (~right & ~flagged).mean()
    print(f"{len(right)} examples, right {right.mean():.3f}; at trust < {threshold:g}: "
          f"review {flagged.mean():.3f}, wrong and not flagged {unflagged_wrong:.3f}")  # fmt: skip
    coefficients = {"intercept": float(model.intercept_[0])}
    coefficients.update(zip(TRUST_FEATURES, map(float, model.coef_[0]), strict=True))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["feature", "coefficient", "fitted_on", "why"])
        for feature, value in coefficients.items():
            writer.writerow([feature, f"{value:.4f}", digest, WHY[feature]])
    print(f"wrote {OUT.relative_to(ROOT)} (fitted on {digest})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
