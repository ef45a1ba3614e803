# ruff: noqa: E501, SIM115  (a one-off generator kept as the record of a review round)
"""Every multi-choice list that is not a grid gets an exclusive way out (a neutral 'None of these' or the list's own non-answer)."""

import csv
import sys

import pandas as pd

q = pd.read_csv("templates/questions.csv", dtype=str, keep_default_na=False).set_index(
    "question_id"
)
W = "lead: a multi-choice list needs an exclusive way out, so that choosing nothing is told apart from skipping (round 25 method, across the bank)"
# qid: (en, he, code) appended after the list's closing Other, or None to only mark an existing option exclusive
ADD = {
    "q_product_holdings_03": ("None of these", "אף אחד מאלה", "none"),
    "q_product_preferences_03": ("None of these looks", "אף אחד מהסגנונות האלה", "none"),
    "q_retail_favourite_colours": ("No colour in particular", "אין צבע מסוים", "none"),
    "q_retail_home_style": ("None of these", "אף אחד מאלה", "none"),
    "q_retail_departments": ("None of these for now", "אף אחת מאלה כרגע", "none"),
    "q_credit_cards_reward_categories": ("None of these", "אף אחת מאלה", "none"),
    "q_credit_cards_alert_channel": (
        "None: no alerts about charges, please",
        "אף אחת: בלי התראות על חיובים, בבקשה",
        "none",
    ),
    "q_telecom_switch_reason": ("Prefer not to say", "מעדיפים לא לענות", "prefer_not_to_say"),
    "q_telecom_content_genres": ("None of these", "אף אחד מאלה", "none"),
    "q_retail_trip_type": ("Not decided yet", "עוד לא ברור", "not_decided_yet"),
}
MARK = {
    "q_service_preferences_05": "please_dont_call_send",
    "q_telecom_household_lines_operator": "dont_know",
}
rows = []


def add(qid, col, v):
    rows.append([qid, "questions", "", col, v, W])


for qid, (en, he, code) in ADD.items():
    r = q.loc[qid]
    add(qid, "options_en", r.options_en + "|" + en)
    add(qid, "options_he", r.options_he + "|" + he)
    add(qid, "option_codes", r.option_codes + "|" + code)
    add(qid, "exclusive_options", code)
    if r.randomise == "true":
        add(
            qid,
            "anchored_options",
            ";".join([c for c in r.anchored_options.split(";") if c] + [code]),
        )
for qid, code in MARK.items():
    add(qid, "exclusive_options", code)
w = csv.writer(open(sys.argv[1], "w", newline=""), lineterminator="\n")
w.writerow(["question_id", "table", "industry", "column", "new_value", "reason"])
w.writerows(rows)
