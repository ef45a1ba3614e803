"""Round 24 copy editor: one promise, one wording; the s. 30A sentence after the offers one."""

import csv
import re
import sys

import pandas as pd

sys.path.insert(0, ".")
from zpd_assess.notices import OFFERS_SENTENCE, SPECIAL_OFFERS_SENTENCE

ONLY = {
    "en": (
        "Only our team uses the answer; we do not pass it",
        "Only we use your answer: we do not pass it",
    ),
    "he": (
        "רק הצוות שלנו משתמש בתשובה; אנחנו לא מעבירים אותה",
        "רק אנחנו משתמשים בתשובה: אנחנו לא מעבירים אותה",
    ),
}
CHAN = {
    "en": re.compile(
        r"We ask by [^.]*? only if you have agreed to receive marketing messages from us there\."
    ),
    "he": re.compile(
        r"נשאל אתכם ב[^.]*? רק אם הסכמתם לקבל מאיתנו דברי פרסומת (?:בערוץ הזה|בערוצים האלה)\."
    ),
}
stats = {"only": 0, "order": 0, "order_not_adjacent": []}


def fix(text, lang, rid):
    old, new = ONLY[lang]
    if old in text:
        text = text.replace(old, new)
        stats["only"] += 1
    m = CHAN[lang].search(text)
    if m:
        for off in (OFFERS_SENTENCE[lang], SPECIAL_OFFERS_SENTENCE[lang]):
            j = text.find(off)
            if j >= 0 and m.start() < j:
                chan = m.group(0)
                rest = text[: m.start()] + text[m.end() :].lstrip(" ")
                k = rest.find(off)
                text = rest[:k] + off + " " + chan + rest[k + len(off) :]
                stats["order"] += 1
                break
    return text


for path, key in (
    ("templates/questions.csv", ["question_id"]),
    ("templates/offers.csv", ["question_id", "industry"]),
):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for i in df.index:
        rid = "/".join(df.loc[i, key])
        for lang in ("en", "he"):
            df.at[i, f"purpose_{lang}"] = fix(df.at[i, f"purpose_{lang}"], lang, rid)
    df.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
print(stats)
