"""Merge helper-written mapping examples into ``templates/mapping_examples.csv``.

Usage: ``python tools/merge_mapping_examples.py NEW.csv [NEW.csv ...] [--write]``

Each file has the columns ``attribute,description,topic,source_style,language``. A row is dropped
when its name equals a held-out set's name (``tests/data/mapping_*.csv`` but the training one) —
normalised, or as the mapper reads it (vendor affixes stripped, words split, noise dropped: a
held-out ``Pain_Points__c`` drops a ``pain_points``) — when its description equals a held-out
description, when its topic is unknown, or when its name repeats an example already kept. Prints
what was dropped and the rows per topic; ``--write`` appends the rest to the examples file;
``--measure`` prints, without writing anything, what a mapper trained on the examples and the
rows kept does on the held-out sets (the rows ``make bench`` measures), before and after, with
``--description-weight`` and ``--temperature`` in place of the assumptions' values if given.
"""

from __future__ import annotations

import argparse
import collections
import csv
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from zpd_assess.catalog import load_catalog  # noqa: E402
from zpd_assess.mapping import TopicMapper, mapping_quality, read_name  # noqa: E402
from zpd_assess.text import normalise_label  # noqa: E402

COLUMNS = ["attribute", "description", "topic", "source_style", "language"]


def _key(text: object) -> str:
    """A name with its separators gone: ``Pain_Points`` and ``pain points`` are one name."""
    return normalise_label(text).replace(" ", "")


def merge(paths: list[Path]) -> tuple[pd.DataFrame, collections.Counter]:
    catalog = load_catalog()
    abbreviations, noise = dict(catalog.abbreviations), catalog.noise_words
    held, held_read, held_desc = set(), set(), set()
    for path in (ROOT / "tests" / "data").glob("mapping_*.csv"):
        if path.name == "mapping_labeled.csv":  # the training set, copied into the examples
            continue
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        held |= {_key(a) for a in frame["attribute"]}
        held_read |= {read_name(a, abbreviations, noise) for a in frame["attribute"]}
        held_desc |= {_key(d) for d in frame["description"] if len(str(d)) > 12}
    kept_names = {_key(a) for a in catalog.mapping_examples["attribute"]}
    rows, dropped = [], collections.Counter()
    for path in paths:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        for r in frame.itertuples():
            name, description = str(r.attribute).strip(), str(r.description).strip()
            key = _key(name)
            if r.topic not in catalog.topics.index or not name:
                reason = "bad_row"
            elif key in held or read_name(name, abbreviations, noise) in held_read:
                reason = "held_out_name"
            elif description and _key(description) in held_desc:
                reason = "held_out_description"
            elif key in kept_names:
                reason = "repeat"
            else:
                reason = ""
            if reason:
                dropped[reason] += 1
                continue
            kept_names.add(key)
            language = r.language if r.language in ("en", "he", "mixed") else "en"
            style = str(r.source_style).strip().lower() or "misc"
            rows.append((name, description, r.topic, style, language))
    return pd.DataFrame(rows, columns=COLUMNS), dropped


def measure(new: pd.DataFrame, weight: float | None, temperature: float | None) -> None:
    """Held-out quality of the mapper as it is and trained with ``new`` as well."""
    catalog = load_catalog()
    before = catalog.mapping_examples
    after = pd.concat([before[COLUMNS], new[COLUMNS]], ignore_index=True)
    trained = {normalise_label(a) for a in before["attribute"]}
    for label, examples, tuned in (("now", before, False), ("with the new rows", after, True)):
        mapper = TopicMapper(catalog, examples)
        if tuned and weight is not None:
            mapper.description_weight = weight
        if tuned and temperature is not None:
            mapper.temperature = temperature
        for path in sorted((ROOT / "tests" / "data").glob("mapping_*.csv")):
            if path.name == "mapping_labeled.csv":
                continue
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            frame = frame[~frame["attribute"].map(normalise_label).isin(trained)]
            q = mapping_quality(mapper, frame)
            print(f"{label:18s} {path.stem:20s} n={q['n']:4d} top-1 {q['top1']:.3f} "
                  f"top-3 {q['top3']:.3f} wrong-unflagged {q['wrong_unflagged']:.3f} "
                  f"review {q['review_share']:.3f}")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--write", action="store_true", help="append to mapping_examples.csv")
    parser.add_argument("--measure", action="store_true", help="held-out quality, before/after")
    parser.add_argument("--description-weight", type=float, default=None)
    parser.add_argument("--temperature", type=float, default=None)
    args = parser.parse_args()
    new, dropped = merge(args.files)
    if args.write:  # before anything is printed: a closed pipe must not lose the write
        with open(ROOT / "templates" / "mapping_examples.csv", "a", encoding="utf-8",
                  newline="") as out:  # fmt: skip
            csv.writer(out, lineterminator="\n").writerows(new.itertuples(index=False))
    print(f"{len(new)} rows kept; dropped: {dict(dropped)}")
    print(new["topic"].value_counts().to_string())
    if args.measure:
        measure(new, args.description_weight, args.temperature)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
