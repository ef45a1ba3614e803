"""Bank-wide fixes from review round 8's findings across the bank, written as cell fixes for
tools/apply_catalog_fixes.py (run from the repository root):

    python docs/reviews/2026-11-30-issue13-knowledge-base-review/bankwide9/make_fixes.py

- one wording per non-answer option: "Not sure yet" / «עוד לא ברור» (a plan or a date to come),
  "Don't know" / «לא יודעים» (a fact), "I have already retired" / «כבר פרשתי» (glossary rows);
- «אם לא תענו, השירות שלכם לא ישתנה» collides with questions on army or national service and on
  "the same service": «אם לא תענו, דבר לא ישתנה בשירות שאתם מקבלים מאיתנו»;
- special-sensitivity notices: consent withdrawn "or by contacting us" too (GDPR Art. 7(3): as easy
  as giving it, and a customer reached by an agent may have no personal area), and a retention
  sentence before the one on changing or deleting the answer;
- an offer is a label: no closing full stop;
- the contest sentence in every notice read in a game (lint rule contest_sentence).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
OUT = Path(__file__).with_name("fixes.csv")

NOT_SURE_YET = ("Not sure yet", "עוד לא ברור")
DONT_KNOW = ("Don't know", "לא יודעים")
RETIRED = ("I have already retired", "כבר פרשתי")
PLAN_IDS = {"q_life_stage_04"}  # "Not sure" about a date to come
KEEP = {"q_retail_recipient_style"}  # "Not sure" of a judgement: «לא בטוחים» stays


def option_pair(qid: str, en: str, he: str) -> tuple[str, str]:
    if qid in KEEP:
        return en, he
    if en in ("Not sure yet", "I don't know yet") or (en == "Not sure" and qid in PLAN_IDS):
        return NOT_SURE_YET
    if en in ("I don't know", "Not sure", "Don't know"):
        return DONT_KNOW
    if en in ("Already retired", "I have already retired") and he.startswith("כבר"):
        return RETIRED
    if en == "Maybe, not sure yet":
        return en, "אולי, עוד לא ברור"
    return en, he


NO_ANSWER_HE = (
    "אם לא תענו, השירות שלכם לא ישתנה",
    "אם לא תענו, דבר לא ישתנה בשירות שאתם מקבלים מאיתנו",
)
WITHDRAW = {
    "en": re.compile(
        r"(you can withdraw your consent in your "
        r"(?:personal area|profile|profile or personal area))\."
    ),
    "he": re.compile(r"(ואפשר לבטל את ההסכמה (?:באזור האישי|בפרופיל|בפרופיל או באזור האישי))\."),
}
WITHDRAW_ADD = {"en": " or by contacting us", "he": " או בפנייה אלינו"}
RETENTION = {
    "en": "We delete the answer if you withdraw your consent, and when we no longer need it "
    "for this purpose.",
    "he": "נמחק את התשובה אם תבטלו את ההסכמה, וכשלא נזדקק לה עוד למטרה הזאת.",
}
CHANGE = {"en": "You can change or delete the answer", "he": "אפשר לשנות או למחוק את התשובה"}
CONTEST = {
    "en": "Answering is not a condition of taking part in any of our games or contests.",
    "he": "מענה על השאלה אינו תנאי להשתתפות במשחקים או בתחרויות שלנו.",
}
NOT_PASSED = {
    "en": re.compile(r"(?:Only [^.;:]* uses? (?:your|the) answer[:;] )?[Ww]e do not pass"),
    "he": re.compile(r"(?:רק [^.;:]* משתמש(?:ים)? בתשובה[:;] )?אנחנו לא מעבירים"),
}


def notice(text: str, lang: str, special: bool, game: bool) -> str:
    if not text:
        return text
    if lang == "he":
        text = text.replace(*NO_ANSWER_HE)
    if special:
        text = WITHDRAW[lang].sub(lambda m: m.group(1) + WITHDRAW_ADD[lang] + ".", text)
        if RETENTION[lang] not in text and CHANGE[lang] in text:
            text = text.replace(CHANGE[lang], f"{RETENTION[lang]} {CHANGE[lang]}", 1)
    if game and CONTEST[lang] not in text:
        m = NOT_PASSED[lang].search(text)
        if m:
            text = f"{text[: m.start()]}{CONTEST[lang]} {text[m.start() :]}"
    return text


def rows(name: str) -> list[dict[str, str]]:
    with open(ROOT / "templates" / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main() -> None:
    questions = rows("questions.csv")
    offers = rows("offers.csv")
    qchan = {q["question_id"]: set(q["channels"].split(";")) for q in questions}
    special = {q["question_id"] for q in questions if q["sensitivity"] == "special"}
    out: list[dict[str, str]] = []

    def fix(qid: str, table: str, industry: str, column: str, old: str, new: str, why: str) -> None:
        if new != old:
            out.append(
                {
                    "question_id": qid,
                    "table": table,
                    "industry": industry,
                    "column": column,
                    "new_value": new,
                    "reason": why,
                }
            )

    for q in questions:
        qid = q["question_id"]
        if q["options_en"]:
            pairs = [
                option_pair(qid, en, he)
                for en, he in zip(
                    q["options_en"].split("|"), q["options_he"].split("|"), strict=True
                )
            ]
            fix(
                qid,
                "questions",
                "",
                "options_en",
                q["options_en"],
                "|".join(p[0] for p in pairs),
                "one wording per non-answer option (glossary)",
            )
            fix(
                qid,
                "questions",
                "",
                "options_he",
                q["options_he"],
                "|".join(p[1] for p in pairs),
                "one wording per non-answer option (glossary)",
            )
        game = "gamification" in qchan[qid]
        for lang in ("en", "he"):
            fix(
                qid,
                "questions",
                "",
                f"purpose_{lang}",
                q[f"purpose_{lang}"],
                notice(q[f"purpose_{lang}"], lang, qid in special, game),
                "bank-wide notice wording",
            )
            fix(
                qid,
                "questions",
                "",
                f"value_exchange_{lang}",
                q[f"value_exchange_{lang}"],
                q[f"value_exchange_{lang}"].rstrip().removesuffix("."),
                "an offer is a label",
            )
    for o in offers:
        qid = o["question_id"]
        chans = set(filter(None, o["channels"].split(";"))) or qchan[qid]
        for lang in ("en", "he"):
            fix(
                qid,
                "offers",
                o["industry"],
                f"purpose_{lang}",
                o[f"purpose_{lang}"],
                notice(o[f"purpose_{lang}"], lang, qid in special, "gamification" in chans),
                "bank-wide notice wording",
            )
            fix(
                qid,
                "offers",
                o["industry"],
                f"value_exchange_{lang}",
                o[f"value_exchange_{lang}"],
                o[f"value_exchange_{lang}"].rstrip().removesuffix("."),
                "an offer is a label",
            )
    if not out:  # the bank has them already: keep the record of what was applied
        print("nothing to fix; fixes.csv left as it is")
        return
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(
            handle, ["question_id", "table", "industry", "column", "new_value", "reason"]
        )
        writer.writeheader()
        writer.writerows(out)
    print(f"{OUT}: {len(out)} cells")


if __name__ == "__main__":
    main()
