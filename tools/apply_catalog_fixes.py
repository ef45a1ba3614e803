"""Apply cell fixes from a review or editing pass to the question bank, with the checks it needs.

A review round or an editing pass (issue 13; e.g.
docs/reviews/2026-11-30-issue13-knowledge-base-review/bankpass2/) writes its changes as a CSV,
one row per cell: ``question_id,table,industry,column,new_value,reason`` (``table`` is
``questions``, ``offers`` or ``eligibility``; ``industry`` only for offers rows). This script
writes them into ``templates/questions.csv``, ``templates/offers.csv`` (a reorder of a question's
options also reorders its other languages in ``templates/translations.csv``) and
``templates/eligibility.csv`` (who is asked: ``rule_en``/``rule_he``; a row is added for a
question that has none, and both languages must then be given); an offers row is opened for an
industry the question is asked in when a fix names one it lacks. It refuses what would break the
bank:

- columns outside the editable set (ids, topics, industries, answers, follows, audience and
  observable are decisions of the catalog, not of an edit);
- option lists out of step between English, Hebrew and codes; an existing code renamed, or
  moved to another option's words (a reorder moves options and codes together); a deleted code
  that some ``skip_if`` still names; a duplicate code; an exclusive or "other (specify)" option
  that is not a code;
- an industry's own option labels (``options_en``/``options_he`` of an offers row) other than
  one per answer of the question, in its order;
- sensitivity lowered, or a channel added (an edit may only remove channels);
- an answer type changed other than single <-> multi choice or yes/no -> single choice.

    python tools/apply_catalog_fixes.py FIXES.csv [FIXES.csv ...] [--dry-run]

It prints what it applied and what it refused, and writes nothing when anything is refused.
Run ``zpd-assess catalog lint`` and the catalog tests afterwards.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import io
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTION_COLUMNS = frozenset(
    {
        "answer_type", "text_en", "text_he", "options_en", "options_he", "option_codes",
        "exclusive_options", "anchored_options",
        "other_specify", "randomise", "skip_if", "burden_seconds", "sensitivity",
        "sensitivity_category", "sensitivity_exception", "value_exchange_en", "value_exchange_he",
        "incentive_type", "incentive_cost_ils", "purpose_en", "purpose_he", "commitment",
        "channels",
    }
)  # fmt: skip
OFFER_COLUMNS = frozenset(
    {
        "text_en",
        "text_he",
        "value_exchange_en",
        "value_exchange_he",
        "purpose_en",
        "purpose_he",
        "commitment",
        "channels",
        "options_en",
        "options_he",
        "sensitivity",
        "sensitivity_category",
    }
)
RULE_COLUMNS = frozenset({"rule_en", "rule_he"})
# a choice list may become a multi-choice (or back), a yes/no a list; nothing else changes type
ANSWER_TYPE_CHANGES = frozenset(
    {
        ("single_choice", "multi_choice"),
        ("multi_choice", "single_choice"),
        ("yes_no", "single_choice"),
    }
)
LEVELS = {"low": 0, "medium": 1, "high": 2, "special": 3}

Row = list[str]


def read_table(path: Path) -> tuple[Row, list[Row]]:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return rows[0], rows[1:]


def write_table(path: Path, header: Row, rows: list[Row]) -> None:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _codes(cell: str) -> list[str]:
    return cell.split("|") if cell else []


def _channels(cell: str) -> set[str]:
    return {c for c in cell.split(";") if c}


def _same_option(before: str, after: str) -> bool:
    """Whether an option's English words are still the same option (reworded at most)."""
    return difflib.SequenceMatcher(None, before.lower(), after.lower()).ratio() >= 0.6


def question_problems(qid: str, new: dict[str, str], old: dict[str, str], skip_refs: set[str]):
    """What is wrong with one edited question row (an empty list when nothing is)."""
    found = []
    en, he, codes = (
        _codes(new["options_en"]),
        _codes(new["options_he"]),
        _codes(new["option_codes"]),
    )
    if not len(en) == len(he) == len(codes):
        found.append(f"{qid}: options out of step (en {len(en)}, he {len(he)}, codes {len(codes)})")
    before = _codes(old["option_codes"])
    if [c for c in codes if c in before] != [c for c in before if c in codes]:
        # a reorder moves each code with its own option (knowledge-base rounds 19-20: options
        # appended after "Another …" or "Not sure"); a code that lands on another option's
        # words would change what stored answers mean, and is refused
        old_label = dict(zip(before, _codes(old["options_en"]), strict=False))
        moved = [c for c, label in zip(codes, en, strict=False)
                 if c in old_label and not _same_option(old_label[c], label)]  # fmt: skip
        if moved:
            found.append(f"{qid}: codes reordered away from their options: {', '.join(moved)}")
    found += [f"{qid}: deleted code {c} is named by a skip_if" for c in set(before) - set(codes)
              if c in skip_refs]  # fmt: skip
    if len(set(codes)) != len(codes):
        found.append(f"{qid}: duplicate option codes")
    for code in filter(None, re.split(r"[;|]", new["exclusive_options"])):
        if code not in codes:
            found.append(f"{qid}: exclusive option {code} is not a code")
    if new["other_specify"] and new["other_specify"] not in codes:
        found.append(f"{qid}: other_specify {new['other_specify']} is not a code")
    if LEVELS.get(new["sensitivity"], -1) < LEVELS.get(old["sensitivity"], 9):
        found.append(f"{qid}: sensitivity {old['sensitivity']} -> {new['sensitivity']} (only up)")
    if not _channels(new["channels"]) <= _channels(old["channels"]):
        found.append(f"{qid}: channel added (an edit may only remove channels)")
    change = (old["answer_type"], new["answer_type"])
    if change[0] != change[1] and change not in ANSWER_TYPE_CHANGES:
        found.append(f"{qid}: answer_type {old['answer_type']} -> {new['answer_type']} not allowed")
    if new["skip_if"] and not new.get("follows"):
        found.append(f"{qid}: skip_if without a screener in follows")
    return found


def _tagged(question: dict[str, str] | None, industry: str) -> bool:
    """Whether a question is asked in ``industry``: only then may a fix open its offers row."""
    if question is None:
        return False
    tags = set(question["industries"].split(";"))
    return "all" in tags or industry in tags


def offer_problems(
    key: tuple[str, str], row: dict[str, str], old: dict[str, str] | None,
    question: dict[str, str],
) -> list[str]:  # fmt: skip
    """What an edited or new industry row would break: a channel the question's row does not
    have, a grade below the question's, or its own option labels out of step with the
    question's answers."""
    if old is not None and row == old:
        return []
    found = []
    # an existing row with no channels of its own is asked in the question's channels
    before = (old["channels"] if old is not None else "") or question["channels"]
    if row["channels"] and not _channels(row["channels"]) <= _channels(before):
        found.append(f"{key}: offers row adds a channel (an edit may only remove channels)")
    own, base = row.get("sensitivity", ""), question["sensitivity"]
    if own and LEVELS.get(own, -1) < LEVELS.get(base, 9):
        found.append(f"{key}: sensitivity {own} is below the question's {base} (only up)")
    en, he = _codes(row.get("options_en", "")), _codes(row.get("options_he", ""))
    answers = _codes(question["option_codes"]) or _codes(question["options_en"])
    if (en or he) and not len(en) == len(he) == len(answers):
        found.append(
            f"{key}: the industry's options give {len(en)} English and {len(he)} Hebrew labels "
            f"for {len(answers)} answers: one label per answer, in the question's order"
        )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("fixes", nargs="+", type=Path)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()

    q_path, o_path = ROOT / "templates/questions.csv", ROOT / "templates/offers.csv"
    q_header, q_rows = read_table(q_path)
    o_header, o_rows = read_table(o_path)
    questions = {r[0]: dict(zip(q_header, r, strict=True)) for r in q_rows}
    offers = {(r[0], r[1]): dict(zip(o_header, r, strict=True)) for r in o_rows}
    old_questions = {k: dict(v) for k, v in questions.items()}
    old_offers = {k: dict(v) for k, v in offers.items()}
    e_path = ROOT / "templates/eligibility.csv"
    e_header, e_rows = read_table(e_path)
    rules = {r[0]: dict(zip(e_header, r, strict=True)) for r in e_rows}
    old_rules = {k: dict(v) for k, v in rules.items()}

    refused, applied = [], 0
    for path in args.fixes:
        with path.open(encoding="utf-8", newline="") as handle:
            for line, fix in enumerate(csv.DictReader(handle), start=2):
                qid, table = fix["question_id"].strip(), fix["table"].strip()
                column, industry = fix["column"].strip(), (fix.get("industry") or "").strip()
                where = f"{path.name}:{line} {qid} {table} {industry} {column}".replace("  ", " ")
                if table == "questions" and qid in questions and column in QUESTION_COLUMNS:
                    questions[qid][column] = fix["new_value"]
                elif (
                    table == "offers"
                    and column in OFFER_COLUMNS
                    and ((qid, industry) in offers or _tagged(questions.get(qid), industry))
                ):
                    if (qid, industry) not in offers:  # the industry's first row of its own
                        offers[(qid, industry)] = {c: "" for c in o_header} | {
                            "question_id": qid,
                            "industry": industry,
                            "incentive_cost_ils": "0",
                        }
                        o_rows.append([qid, industry])
                    offers[(qid, industry)][column] = fix["new_value"]
                elif table == "eligibility" and qid in questions and column in RULE_COLUMNS:
                    rules.setdefault(qid, {"question_id": qid, "rule_en": "", "rule_he": ""})
                    rules[qid][column] = fix["new_value"].strip()
                else:
                    refused.append(f"{where}: no such row, or the column is not editable")
                    continue
                applied += 1

    skip_refs: dict[str, set[str]] = defaultdict(set)
    for row in questions.values():
        target, _, codes = row["skip_if"].partition(":")
        skip_refs[target].update(c for c in codes.split(";") if c)
    for qid, row in questions.items():
        if row != old_questions[qid]:
            refused += question_problems(qid, row, old_questions[qid], skip_refs[qid])
    for key, row in offers.items():
        refused += offer_problems(key, row, old_offers.get(key), questions[key[0]])

    for qid, rule in rules.items():
        if rule != old_rules.get(qid) and not (rule["rule_en"] and rule["rule_he"]):
            refused.append(f"{qid}: an eligibility rule needs both rule_en and rule_he")

    changed = sum(questions[k] != old_questions[k] for k in questions)
    changed_offers = sum(offers[k] != old_offers.get(k) for k in offers)
    print(f"{applied} cells: {changed} questions and {changed_offers} offers rows change")
    if refused:
        print("Refused, nothing written:\n" + "\n".join(f"- {r}" for r in refused))
        return 1
    if not args.dry_run:
        write_table(q_path, q_header, [list(questions[r[0]].values()) for r in q_rows])
        write_table(o_path, o_header, [list(offers[(r[0], r[1])].values()) for r in o_rows])
        order = [r[0] for r in e_rows] + [q for q in rules if q not in old_rules]
        write_table(e_path, e_header, [list(rules[q].values()) for q in order])
        _follow_reorders(questions, old_questions)
    return 0


def _follow_reorders(questions: dict[str, dict[str, str]], old: dict[str, dict[str, str]]) -> None:
    """A reordered question's other-language options (``translations.csv``, by position) move
    with their codes; a code added or removed there is the translator's, and is left alone."""
    path = ROOT / "templates/translations.csv"
    header, rows = read_table(path)
    at = {name: i for i, name in enumerate(header)}
    moved = False
    for row in rows:
        qid = row[at["question_id"]]
        before = _codes(old.get(qid, {}).get("option_codes", ""))
        after = _codes(questions.get(qid, {}).get("option_codes", ""))
        options = _codes(row[at["options"]])
        if before == after or sorted(before) != sorted(after) or len(options) != len(before):
            continue
        by_code = dict(zip(before, options, strict=True))
        row[at["options"]] = "|".join(by_code[c] for c in after)
        moved = True
    if moved:
        write_table(path, header, rows)


if __name__ == "__main__":
    sys.exit(main())
