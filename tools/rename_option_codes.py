"""Rename answer-option codes of the question bank in one migration, and record it.

A code is what analysts, skip rules and a client's customer-data platform read; when its name
says something other than its option (``1_3_months`` for "In 2–3 months", ``possibly`` for
"Probably yes": knowledge-base review 21), it misleads everyone who reads results by code. The
option's meaning does not change, only the name: this script rewrites every place the bank names
the code and appends the rename to ``templates/option_code_renames.csv``, so that answers
collected under the old name can be read under the new one (``Catalog.current_option_code``).

    python tools/rename_option_codes.py RENAMES.csv [--dry-run]

``RENAMES.csv`` has ``question_id,old_code,new_code`` and a ``reason`` column. Where the code is
named: ``questions.csv`` (``option_codes``, ``exclusive_options``, ``anchored_options``,
``other_specify``, and every ``skip_if`` that points at the question), ``contact_requests.csv``
(``answers``), ``script_spoken.csv`` and ``script_keys.csv`` (``option_code``). It refuses, and
writes nothing, when a code is not the question's, a new code is not snake_case or clashes with
another code of the question, or a question is renamed twice in one file.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
MAX_CODE_LENGTH = 40
RENAMES_FILE = "option_code_renames.csv"
RENAMES_HEADER = ["question_id", "old_code", "new_code", "renamed_on", "reason"]


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    return header, rows


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def _renamed(cell: str, sep: str, names: dict[str, str]) -> str:
    return sep.join(names.get(c, c) for c in cell.split(sep)) if cell else cell


def plan_renames(
    questions: list[dict[str, str]], renames: list[dict[str, str]]
) -> tuple[dict[str, dict[str, str]], list[str]]:
    """``{question_id: {old: new}}`` and what is refused."""
    codes = {q["question_id"]: q["option_codes"].split("|") for q in questions if q["option_codes"]}
    by_question: dict[str, dict[str, str]] = {}
    refused = []
    for i, row in enumerate(renames, start=2):
        qid, old, new = (row[k].strip() for k in ("question_id", "old_code", "new_code"))
        where = f"row {i} ({qid}: {old} -> {new})"
        if qid not in codes:
            refused.append(f"{where}: no question with option codes has this id")
            continue
        if old not in codes[qid]:
            refused.append(f"{where}: {old} is not a code of the question")
        if not CODE.match(new) or len(new) > MAX_CODE_LENGTH:
            refused.append(f"{where}: a code is lowercase snake_case, {MAX_CODE_LENGTH} at most")
        if old == new:
            refused.append(f"{where}: the same name")
        if old in by_question.get(qid, {}):
            refused.append(f"{where}: {old} is renamed twice")
        by_question.setdefault(qid, {})[old] = new
    for qid, names in by_question.items():
        after = [names.get(c, c) for c in codes[qid]]
        if len(set(after)) != len(after):
            refused.append(f"{qid}: after renaming, two options share a code ({'|'.join(after)})")
    return by_question, refused


def apply_renames(root: Path, renames_path: Path, today: dt.date, dry_run: bool) -> int:
    templates = root / "templates"
    q_header, questions = _read(templates / "questions.csv")
    _, renames = _read(renames_path)
    names, refused = plan_renames(questions, renames)
    if refused:
        print("Refused, nothing written:\n" + "\n".join(f"- {r}" for r in refused))
        return 1
    for q in questions:
        mine = names.get(q["question_id"], {})
        q["option_codes"] = _renamed(q["option_codes"], "|", mine)
        q["exclusive_options"] = _renamed(q["exclusive_options"], ";", mine)
        if "anchored_options" in q:
            q["anchored_options"] = _renamed(q["anchored_options"], ";", mine)
        q["other_specify"] = mine.get(q["other_specify"], q["other_specify"])
        target, colon, cited = q["skip_if"].partition(":")
        if colon and target in names:
            q["skip_if"] = f"{target}:{_renamed(cited, ';', names[target])}"
    c_header, contacts = _read(templates / "contact_requests.csv")
    for row in contacts:
        row["answers"] = _renamed(row["answers"], ";", names.get(row["question_id"], {}))
    s_header, spoken = _read(templates / "script_spoken.csv")
    for row in spoken:
        mine = names.get(row["question_id"], {})
        row["option_code"] = mine.get(row["option_code"], row["option_code"])
    k_header, keys = _read(templates / "script_keys.csv")
    for row in keys:
        mine = names.get(row["question_id"], {})
        row["option_code"] = mine.get(row["option_code"], row["option_code"])
    log_path = templates / RENAMES_FILE
    log = _read(log_path)[1] if log_path.is_file() else []
    for row in renames:
        log.append({
            "question_id": row["question_id"].strip(), "old_code": row["old_code"].strip(),
            "new_code": row["new_code"].strip(), "renamed_on": today.isoformat(),
            "reason": row.get("reason", "").strip(),
        })  # fmt: skip
    count = sum(len(v) for v in names.values())
    print(f"{count} codes renamed in {len(names)} questions")
    if not dry_run:
        _write(templates / "questions.csv", q_header, questions)
        _write(templates / "contact_requests.csv", c_header, contacts)
        _write(templates / "script_spoken.csv", s_header, spoken)
        _write(templates / "script_keys.csv", k_header, keys)
        _write(log_path, RENAMES_HEADER, log)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("renames", type=Path)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (its templates/)")
    args = parser.parse_args()
    return apply_renames(args.root, args.renames, dt.date.today(), args.dry_run)


if __name__ == "__main__":
    sys.exit(main())
