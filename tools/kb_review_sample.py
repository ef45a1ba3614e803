"""Draw a fresh random sample of the question bank for the issue-13 knowledge-base review.

The review (docs/reviews/2026-11-30-issue13-knowledge-base-review/, brief in each round's
BRIEF.md) scores a random 25 questions that no earlier round saw, as the catalog holds them: the
reviewers read this file, the glossary and the sensitivity table, never the code.

    python tools/kb_review_sample.py OUT.md [--seed N] [--size 25] [--exclude-dir DIR]
    python tools/kb_review_sample.py OUT.md --ids IDS.txt   # a bank-wide pass's slice

Questions named in any earlier ``round*/sample25.md`` under the review folder are left out.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from zpd_assess import merge_fields
from zpd_assess.catalog import Catalog, load_catalog
from zpd_assess.planning.pool import question_pool
from zpd_assess.scripts import channel_script

ROOT = Path(__file__).resolve().parents[1]
REVIEW_DIR = ROOT / "docs/reviews/2026-11-30-issue13-knowledge-base-review"
OFFER_COLUMNS = (
    "text_en",
    "text_he",
    "options_en",
    "options_he",
    "value_exchange_en",
    "value_exchange_he",
    "purpose_en",
    "purpose_he",
    "channels",
    "sensitivity",
    "sensitivity_category",
)

HEADER = "\n".join(
    (
        "# A fresh sample of {size} questions from the ZPD Assess question bank (random, seed "
        "{seed}; none of the {rounds} earlier samples)",
        "",
        "Each question as the catalog holds it. `options` are listed with their code (stable "
        "across languages).",
        "`exclusive`: options that exclude the others in a multi-choice; `other_specify`: the "
        "option that asks to specify;",
        "`randomise`: whether the options are shown in random order (lists of equals; the "
        "`anchored` options close the list and stay last while the others shuffle; the "
        "preference centre and a checkout or service step always keep the written order); "
        "`skip_if`: "
        "a follow-up is not shown when the screener's answer is only these codes. A follow-up "
        "is offered only in channels where its screener is asked, and is sent in the same "
        "message, call or survey, right after the screener's answer.",
        "`commitment`: the offer is a promise the client must staff or fund. Industry rows: what a "
        "given industry writes differently (its offer, notice or channels replace the question's "
        "for that industry).",
        "`Asked only of`: the question's eligibility rule (`eligibility.csv`): the client selects "
        "these customers from its records before asking; the notice need not repeat it.",
        "Where the notice says 'profile' or 'personal area', a client's plan writes its own "
        "industry's word (banks and health funds: personal area; the others: profile).",
        "`As sent by SMS / WhatsApp` and `As said in the IVR / by the agent`: what the product's "
        "channel script makes of the question when it is the only one asked: the opening with "
        "the short notice, the consent step first for special items, then the question with "
        "its options numbered and how to reply or which key to press; the organisation's name "
        "and phone are placeholders, and an SMS or WhatsApp that feeds offers is marked as "
        "advertising.",
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


@cache
def _catalog() -> Catalog:
    return load_catalog()


@cache
def _pool(industry: str) -> pd.DataFrame:
    """The bank as ``industry`` gets it ("": an organisation of unknown industry)."""
    return question_pool(_catalog(), None, industry or None)


WRITTEN = ("sms", "whatsapp")
SPOKEN = ("ivr_survey", "agent_question")
CHANNEL_TITLES = {
    "sms": "As sent by SMS",
    "whatsapp": "As sent by WhatsApp",
    "ivr_survey": "As said in the IVR",
    "agent_question": "As said by the agent",
}


def rendered(question_id: str, industry: str, channel: str, lang: str) -> str:
    """The question's steps in the product's script of ``channel`` (consent first, if any); a
    follow-up is shown after its screener, as a plan asks them (review 15: a follow-up rendered
    alone read as if the customer had not just answered the screener)."""
    pool = _pool(industry)
    screener = str(pool.at[question_id, "follows"] or "")
    asked = (
        [screener, question_id]
        if screener in pool.index and channel in list(pool.at[screener, "channel_list"])
        else [question_id]
    )
    rows = pool.loc[asked].copy()
    rows["option_codes"] = rows["option_code_list"]
    rows["options_en"], rows["options_he"] = rows["options_en_list"], rows["options_he_list"]
    rows["exclusive_options"] = rows["exclusive_list"]
    plan = SimpleNamespace(
        questions=rows, channels=pd.DataFrame({"question_ids": [asked]}, index=[channel])
    )
    name = {"en": "[Company]", "he": "[שם החברה]"}
    script = channel_script(plan, _catalog(), channel, lang, organisation=name)  # type: ignore[arg-type]
    # what the customer gets when this is the only question: the opening (its notice: answering
    # is optional, who receives the answer, the link), then the question (an SMS carries the
    # opening in the question's own message)
    texts = [] if channel == "sms" else [script.opening]
    if channel == "whatsapp" and script.template:
        # the opening is a template with quick replies; the questions follow only after "yes"
        # (round 24 read the opening and the question as one message asking permission and the
        # question at once)
        parts = {c["type"]: c for c in script.template["components"]}
        if "FOOTER" in parts:
            texts.append(parts["FOOTER"]["text"])
        buttons = parts.get("BUTTONS", {}).get("buttons", [])
        texts.append(" ".join(f"[{b['text']}]" for b in buttons))
        start = buttons[0]["text"] if buttons else ""
        after = {"en": f'(the question is sent only after the customer taps "{start}")',
                 "he": f"(השאלה נשלחת רק אחרי לחיצה על «{start}»)"}[lang]  # fmt: skip
        texts.append(after)
    marker = {"en": "(asked first, the screener) ", "he": "(נשאלת קודם, שאלת הסינון) "}[lang]
    for step in script.steps:
        first = step.question_id == screener and step.kind == "question"
        before = marker if first else ""
        said = step.text
        # who gets a follow-up or a contact request (round 34 read an offer step asked after "No")
        if step.asked_if and step.kind == "question" and not first:
            said = f"[{step.asked_if}]\n\n{said}"
        if channel == "agent_question" and step.instruction:  # what to read out, how to record
            said += f"\n\n[{step.instruction}]"
        texts.append(before + said)
    return "\n\n".join(texts)


def script_lines(q: dict[str, str], industry: str) -> list[str]:
    """One written and one spoken rendering, where the question is asked in such channels."""
    # the channels this industry asks it in (an industry row may narrow them: review 15)
    channels = list(_pool(industry).at[q["question_id"], "channel_list"])
    lines: list[str] = []
    for group in (WRITTEN, SPOKEN):
        channel = next((c for c in group if c in channels), None)
        if channel is None:
            continue
        for lang, tag in (("en", "EN"), ("he", "HE")):
            text = rendered(q["question_id"], industry, channel, lang)
            quoted = "\n".join(f"    > {line}" if line else "    >" for line in text.split("\n"))
            whose = industry or "any industry"
            lines.append(f"- {CHANNEL_TITLES[channel]} ({whose}), {tag}:\n{quoted}")
    return lines


def question_block(
    number: int,
    q: dict[str, str],
    labels: dict[str, str],
    offers: list[dict[str, str]],
    eligibility: dict[str, str] | None = None,
) -> str:
    """One question as the reviewers read it."""
    channels = ", ".join(labels.get(c, c) for c in q["channels"].split(";") if c)
    category = f" (category: {q['sensitivity_category']})" if q["sensitivity_category"] else ""
    rule = _catalog().sensitivity_exception_of(q["question_id"])
    if rule:  # a documented exception (sensitivity_exceptions.csv)
        category += (
            f" (category: {rule['categories']}, information of special sensitivity, "
            f"asked at this level under the exception {q['sensitivity_exception']}: see "
            "sensitivity_exceptions.csv)"
        )
    lines = [
        f"## {number}. {q['question_id']}",
        f"- Industries: {q['industries'].replace(';', ', ')}; channels: {channels}",
        f"- Answer type: {q['answer_type']}; sensitivity: {q['sensitivity']}{category}; "
        f"burden {q['burden_seconds']} s",
        f"- EN: {q['text_en']}",
        f"- HE: {q['text_he']}",
    ]
    catalog = _catalog()
    texts = [(q[f"{stem}_{lang}"], lang) for stem in ("text", "options", "value_exchange")
             for lang in ("en", "he")]  # fmt: skip
    for fid in merge_fields.fields_of(catalog, texts):  # filled by the sender (merge_fields.csv)
        row = catalog.merge_fields.loc[fid]
        lines.append(
            f"- Merge field {row['token_en']} / {row['token_he']}: the sender's system fills it "
            f"from {row['filled_from_en']} (e.g. {row['example_en']} / {row['example_he']})"
        )
    if q["options_en"]:
        lines.append("- Options (code = EN / HE):")
        codes = q["option_codes"].split("|")
        for code, en, he in zip(
            codes, q["options_en"].split("|"), q["options_he"].split("|"), strict=True
        ):
            lines.append(f"  - `{code}` = {en} / {he}")
    randomise = "True" if q["randomise"].strip().lower() == "true" else "False"
    exclusive, other = q["exclusive_options"] or "—", q["other_specify"] or "—"
    anchored = f" (anchored: {q['anchored_options']})" if q.get("anchored_options") else ""
    lines.append(
        f"- exclusive: {exclusive}; other_specify: {other}; randomise: {randomise}{anchored}"
    )
    if q["follows"]:
        lines.append(f"- Follows: {q['follows']}; skip_if: {q['skip_if'] or '—'}")
    if eligibility and eligibility["rule_en"]:
        lines.append(f"- Asked only of: {eligibility['rule_en']} / {eligibility['rule_he']}")
    elif eligibility:  # reviewed: asked of every customer who reaches the moment or channel
        lines.append("- Asked only of: everyone who reaches it (reviewed: no rule is needed)")
    commitment = "True" if q["commitment"].strip().lower() == "true" else "False"
    lines += [
        # the cost is what the offer costs the client per answer, not a payment to the customer
        # (round 24's privacy lawyer read "incentive: benefit, ₪10" as a reward for answering)
        f"- Offer EN: {q['value_exchange_en']} (kind: {q['incentive_type'] or 'none'}; the "
        f"client's cost per answer: ₪{q['incentive_cost_ils'] or 0}; commitment: {commitment})",
        f"- Offer HE: {q['value_exchange_he']}",
    ]
    if q["purpose_en"] or q["purpose_he"]:
        lines.append(f"- Purpose notice EN: {q['purpose_en']}")
        lines.append(f"- Purpose notice HE: {q['purpose_he']}")
    for row in offers:
        cells = " | ".join(f"{c}: {row[c]}" for c in OFFER_COLUMNS if row.get(c))
        lines.append(f"- Industry row ({row['industry']}): {cells}")
    listed = [i for i in q["industries"].split(";") if i and i not in ("all", "generic")]
    industry = offers[0]["industry"] if offers else (listed[0] if listed else "")
    lines += script_lines(q, industry)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=20261207)
    parser.add_argument("--size", type=int, default=25)
    parser.add_argument("--exclude-dir", type=Path, default=REVIEW_DIR)
    parser.add_argument(
        "--whole-bank",
        action="store_true",
        help="draw from every question, sampled before or not (the issue's bar: a fresh random "
        "sample of the bank as a client meets it)",
    )
    parser.add_argument(
        "--ids",
        type=Path,
        help="render these questions (a file with one id per line) instead of drawing: the "
        "slice of a bank-wide pass, shown as a review round shows it",
    )
    args = parser.parse_args()

    seen, rounds = earlier_samples(args.exclude_dir)
    if args.whole_bank or args.ids:
        seen = set()
    questions = [q for q in _rows("questions.csv") if q["question_id"] not in seen]
    if args.ids:
        wanted = args.ids.read_text(encoding="utf-8").split()
        by_id = {q["question_id"]: q for q in questions}
        unknown = [i for i in wanted if i not in by_id]
        if unknown:
            parser.error(f"not in the bank: {', '.join(unknown)}")
        sample = [by_id[i] for i in wanted]
        args.size = len(sample)
    else:
        sample = random.Random(args.seed).sample(questions, args.size)
    labels = {c["channel_id"]: c["label_en"] for c in _rows("channels.csv")}
    offers = _rows("offers.csv")
    rules = {r["question_id"]: r for r in _rows("eligibility.csv")}
    blocks = [
        question_block(
            i,
            q,
            labels,
            [o for o in offers if o["question_id"] == q["question_id"]],
            rules.get(q["question_id"]),
        )
        for i, q in enumerate(sample, start=1)
    ]
    header = HEADER.format(size=args.size, seed=args.seed, rounds=rounds)
    if args.ids:
        header = header.replace(
            f"random, seed {args.seed}; none of the {rounds} earlier samples",
            f"the questions listed in {args.ids.name}",
        ).replace("A fresh sample of", "A slice of")
    elif args.whole_bank:
        header = header.replace(f"none of the {rounds} earlier samples", "the whole bank")
    text = header + "\n" + "\n\n".join(blocks)
    args.out.write_text(text + "\n", encoding="utf-8")
    where = "in the bank" if args.whole_bank or args.ids else "not sampled before"
    print(f"{args.out}: {args.size} questions of {len(questions)} {where}")


if __name__ == "__main__":
    main()
