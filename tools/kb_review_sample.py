"""Draw a fresh random sample of the question bank for the issue-13 knowledge-base review.

The review (docs/reviews/2026-11-30-issue13-knowledge-base-review/, brief in each round's
BRIEF.md) scores a random 25 questions that no earlier round saw, as the catalog holds them: the
reviewers read this file, the glossary and the sensitivity table, never the code.

    python tools/kb_review_sample.py OUT.md [--seed N] [--size 25] [--exclude-dir DIR]

Questions named in any earlier ``round*/sample25.md`` under the review folder are left out.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REVIEW_DIR = ROOT / "docs/reviews/2026-11-30-issue13-knowledge-base-review"
OFFER_COLUMNS = ("value_exchange_en", "value_exchange_he", "purpose_en", "purpose_he", "channels")

HEADER = "\n".join(
    (
        "# A fresh sample of {size} questions from the ZPD Assess question bank (random, seed "
        "{seed}; none of the {rounds} earlier samples)",
        "",
        "Each question as the catalog holds it. `options` are listed with their code (stable "
        "across languages).",
        "`exclusive`: options that exclude the others in a multi-choice; `other_specify`: the "
        "option that asks to specify;",
        "`randomise`: whether the options are shown in random order (the bank shuffles only lists "
        "of equals with no closing option); `skip_if`: a follow-up is not shown when the "
        "screener's answer is only these codes.",
        "`commitment`: the offer is a promise the client must staff or fund. Industry rows: what a "
        "given industry writes differently (its offer, notice or channels replace the question's "
        "for that industry).",
        "",
    )
)


def _rows(name: str) -> list[dict[str, str]]:
    with open(ROOT / "templates" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def earlier_samples(review_dir: Path) -> tuple[set[str], int]:
    """The question ids of every earlier sample, and how many samples there were."""
    seen: set[str] = set()
    files = sorted(review_dir.glob("round*/sample25.md"))
    for path in files:
        seen |= set(re.findall(r"^## \d+\. (q_\w+)", path.read_text(encoding="utf-8"), re.M))
    return seen, len(files)


def question_block(
    number: int, q: dict[str, str], labels: dict[str, str], offers: list[dict[str, str]]
) -> str:
    """One question as the reviewers read it."""
    channels = ", ".join(labels.get(c, c) for c in q["channels"].split(";") if c)
    category = f" (category: {q['sensitivity_category']})" if q["sensitivity_category"] else ""
    lines = [
        f"## {number}. {q['question_id']}",
        f"- Industries: {q['industries'].replace(';', ', ')}; channels: {channels}",
        f"- Answer type: {q['answer_type']}; sensitivity: {q['sensitivity']}{category}; "
        f"burden {q['burden_seconds']} s",
        f"- EN: {q['text_en']}",
        f"- HE: {q['text_he']}",
    ]
    if q["options_en"]:
        lines.append("- Options (code = EN / HE):")
        codes = q["option_codes"].split("|")
        for code, en, he in zip(
            codes, q["options_en"].split("|"), q["options_he"].split("|"), strict=True
        ):
            lines.append(f"  - `{code}` = {en} / {he}")
    randomise = "True" if q["randomise"].strip().lower() == "true" else "False"
    exclusive, other = q["exclusive_options"] or "—", q["other_specify"] or "—"
    lines.append(f"- exclusive: {exclusive}; other_specify: {other}; randomise: {randomise}")
    if q["follows"]:
        lines.append(f"- Follows: {q['follows']}; skip_if: {q['skip_if'] or '—'}")
    commitment = "True" if q["commitment"].strip().lower() == "true" else "False"
    lines += [
        f"- Offer EN: {q['value_exchange_en']} (incentive: {q['incentive_type'] or 'none'}, "
        f"₪{q['incentive_cost_ils'] or 0}; commitment: {commitment})",
        f"- Offer HE: {q['value_exchange_he']}",
    ]
    if q["purpose_en"] or q["purpose_he"]:
        lines.append(f"- Purpose notice EN: {q['purpose_en']}")
        lines.append(f"- Purpose notice HE: {q['purpose_he']}")
    for row in offers:
        cells = " | ".join(f"{c}: {row[c]}" for c in OFFER_COLUMNS if row.get(c))
        lines.append(f"- Industry row ({row['industry']}): {cells}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--size", type=int, default=25)
    parser.add_argument("--exclude-dir", type=Path, default=REVIEW_DIR)
    args = parser.parse_args()

    seen, rounds = earlier_samples(args.exclude_dir)
    questions = [q for q in _rows("questions.csv") if q["question_id"] not in seen]
    sample = random.Random(args.seed).sample(questions, args.size)
    labels = {c["channel_id"]: c["label_en"] for c in _rows("channels.csv")}
    offers = _rows("offers.csv")
    blocks = [
        question_block(i, q, labels, [o for o in offers if o["question_id"] == q["question_id"]])
        for i, q in enumerate(sample, start=1)
    ]
    text = HEADER.format(size=args.size, seed=args.seed, rounds=rounds) + "\n" + "\n\n".join(blocks)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"{args.out}: {args.size} questions of {len(questions)} not sampled before")


if __name__ == "__main__":
    main()
