# ruff: noqa: SIM115  (a one-off sweep kept as the record of a review round)
"""Every notice that asks the customer to leave sensitive details out of a typed answer says what
happens if he writes them anyway (privacy lawyer, rounds 29 and 30)."""

import csv
import io
import re

EN_DEL = "If an answer includes such details anyway, we delete them."
HE_DEL = "אם בכל זאת יופיעו בתשובה פרטים כאלה, נמחק אותם."
HE_OLD = "אם בכל זאת תכתבו פרטים כאלה, נמחק אותם."
EN_CAUTION = re.compile(r"Please do not include [^.]*\.")
HE_CAUTION = re.compile(r"נא לא (?:למסור|לכתוב|לציין) [^.]*\.")
changed = 0
for path in ("templates/questions.csv", "templates/offers.csv"):
    raw = open(path, encoding="utf-8", newline="").read()
    rows = list(csv.DictReader(io.StringIO(raw)))
    fields = list(rows[0].keys())
    for r in rows:
        en, he = r["purpose_en"], r["purpose_he"]
        he2 = he.replace(HE_OLD, HE_DEL)
        m_en, m_he = EN_CAUTION.search(en), HE_CAUTION.search(he2)
        if m_en and m_he and "we delete them" not in en:
            en = en[: m_en.end()] + " " + EN_DEL + en[m_en.end() :]
        if m_en and m_he and "נמחק אותם" not in he2:
            he2 = he2[: m_he.end()] + " " + HE_DEL + he2[m_he.end() :]
        if (en, he2) != (r["purpose_en"], r["purpose_he"]):
            changed += 1
            r["purpose_en"], r["purpose_he"] = en, he2
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    open(path, "w", encoding="utf-8", newline="").write(out.getvalue())
print("rows changed", changed)
