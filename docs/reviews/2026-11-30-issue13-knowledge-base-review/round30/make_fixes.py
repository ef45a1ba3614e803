# ruff: noqa: E501, E741, SIM115, RUF005  (a one-off generator kept as the record of a review round)
"""Write round30/fixes.csv: the merged cells of the three round-30 reviews.

Cells are built from the templates at HEAD b1c5ba1 by exact replacement of the old clause where a
reviewer changed a clause (asserted to occur once), or taken whole from the review table where
the reviewer gave a whole cell (parsed from the review files, `\\|` unescaped, method's
"[new_code]" brackets read as the new option's code). Every sentence a reviewer asked to add is
asserted to occur, as written here, in that reviewer's file.
"""

import csv
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
Q = {
    r["question_id"]: r
    for r in csv.DictReader(open(ROOT / "templates/questions.csv", encoding="utf-8"))
}
O = {
    (r["question_id"], r["industry"]): r
    for r in csv.DictReader(open(ROOT / "templates/offers.csv", encoding="utf-8"))
}
E = {
    r["question_id"]: r
    for r in csv.DictReader(open(ROOT / "templates/eligibility.csv", encoding="utf-8"))
}
PLANNED = set(open("/tmp/s26/planned_ids.txt", encoding="utf-8").read().split())
TEXT = {
    rev: (HERE / f"review_{rev}.md").read_text(encoding="utf-8")
    for rev in ("hebrew", "privacy", "method")
}


def review(rev):
    sec = TEXT[rev].split("## 3. Fixes")[1].split("## 4.")[0]
    out = {}
    for line in sec.splitlines():
        if not line.startswith("| q_"):
            continue
        cells = [
            c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))
        ]
        assert len(cells) == 4, line
        out.setdefault((cells[0], cells[1].split(" (")[0]), []).append(cells[3])
    return out


H, P, M = review("hebrew"), review("privacy"), review("method")
N_ROWS = {
    k: sum(len(v) for v in rv.values()) for k, rv in (("hebrew", H), ("privacy", P), ("method", M))
}


def new(rv, qid, col, n=0):
    return rv[(qid, col)][n].strip('«»"')


def options(rv, qid, col):
    """A reviewer's option list: labels, and the codes given in brackets for new options."""
    labels, codes = [], []
    for item in new(rv, qid, col).split("|"):
        item = item.strip()
        m = re.fullmatch(r"(.*?)\s*\[([a-z0-9_]+)\]", item)
        labels.append(m.group(1) if m else item)
        codes.append(m.group(2) if m else None)
    return labels, codes


def said(rev, sentence):
    assert sentence in TEXT[rev], (rev, sentence)
    return sentence


rows = []


def sub(old, pairs):
    for a, b in pairs:
        assert old.count(a) == 1, (a, old)
        old = old.replace(a, b)
    return old


def after(old, anchor, sentence):
    """Insert a sentence after the sentence ending with anchor."""
    assert old.count(anchor) == 1, (anchor, old)
    return old.replace(anchor, anchor + " " + sentence)


def q(qid, col, value, reason):
    assert col in Q[qid], col
    assert value != Q[qid][col], (qid, col)
    if qid in PLANNED:
        assert col in {"text_en", "text_he", "options_en", "options_he", "value_exchange_en",
                       "value_exchange_he", "purpose_en", "purpose_he", "commitment"}, (qid, col)  # fmt: skip
        if col.startswith("options_"):
            assert len(value.split("|")) == len(Q[qid][col].split("|")), (qid, col)
    rows.append([qid, "questions", "", col, value, reason])


def off(qid, ind, col, value, reason):
    old = O[(qid, ind)][col]
    assert value != old, (qid, ind, col)
    rows.append([qid, "offers", ind, col, value, reason])


def el(qid, col, value, reason):
    assert qid not in PLANNED, qid
    assert value != E.get(qid, {}).get(col, "")
    rows.append([qid, "eligibility", "", col, value, reason])


def add_codes(qid, labels_en, labels_he, new_codes):
    """The code list for a reviewer's option list: old codes by position of the old labels kept,
    the bracketed new codes where a new option stands."""
    old_codes = Q[qid]["option_codes"].split("|")
    assert len(labels_en) == len(labels_he) == len(new_codes)
    out, k = [], 0
    for code in new_codes:
        if code:
            assert code not in old_codes
            out.append(code)
        else:
            out.append(old_codes[k])
            k += 1
    assert k == len(old_codes)
    return "|".join(out)


DELETE_EN = "If an answer includes such details anyway, we delete them."
DELETE_HE = "אם בכל זאת תכתבו פרטים כאלה, נמחק אותם."
WARN_EN = "Please do not include medical or other sensitive details, or other people's details."
WARN_HE = "נא לא למסור פרטים רפואיים או פרטים רגישים אחרים, או פרטים של אנשים אחרים."
said("privacy", DELETE_EN), said("privacy", DELETE_HE)

# 1 q_insurance_mortgage_plan
i = "q_insurance_mortgage_plan"
q(i, "text_he", new(H, i, "text_he"), "hebrew: «ספרו» reads as 'tell' as easily as 'count'")
en, _ = options(M, i, "options_en")
he, _ = options(M, i, "options_he")
assert len(en) == len(he) == 7
q(
    i,
    "options_en",
    "|".join(en),
    "method: '4–12 months' in calendar months runs past the stem's 12 months",
)
q(i, "options_he", "|".join(he), "method: «בעוד 4–12 חודשים» runs past the stem's 12 months")
q(i, "purpose_en", after(Q[i]["purpose_en"], "with the assignment letter your bank requires.",
                         said("privacy", "If you are buying or renovating without a mortgage, we do not keep that answer.")),
  "privacy: the no-mortgage answer does not serve the offer, so it is not kept")  # fmt: skip
q(i, "purpose_he", after(Q[i]["purpose_he"], "עם מכתב השעבוד שהבנק דורש.",
                         said("privacy", "אם אתם קונים או משפצים בלי משכנתה, לא נשמור את התשובה הזאת.")),
  "privacy: the no-mortgage answer does not serve the offer, so it is not kept")  # fmt: skip

# 2 q_health_trip_region
i = "q_health_trip_region"
q(i, "text_he", new(H, i, "text_he"), "hebrew: «תיסעו בנסיעה» redundant cognate object")
en, codes = options(M, i, "options_en")
he, _ = options(M, i, "options_he")
q(
    i,
    "options_en",
    "|".join(en),
    "method: no way out for Central Asia or the Caucasus (new code another_region, before Not sure yet); the Caribbean named",
)
q(i, "options_he", "|".join(he), "method: another_region added; the Caribbean named")
q(
    i,
    "option_codes",
    add_codes(i, en, he, codes),
    "method: new code another_region (house style 27: before Not sure yet)",
)
q(i, "purpose_en", after(Q[i]["purpose_en"], "which vaccines or malaria prevention they call for.",
                         said("privacy", "The reminder only tells you when to book; it names no price, plan or offer.")),
  "privacy: the reminder stays a service message (s. 30A)")  # fmt: skip
q(i, "purpose_he", after(Q[i]["purpose_he"], "מחייב חיסונים או מניעת מלריה.",
                         said("privacy", "התזכורת רק אומרת לכם מתי לקבוע תור; אין בה מחיר, תוכנית או הצעה.")),
  "privacy: the reminder stays a service message (s. 30A)")  # fmt: skip

# 3 q_trustworthiness_01
i = "q_trustworthiness_01"
el(
    i,
    "rule_he",
    new(H, i, "eligibility_rule_he"),
    "hebrew: «משק הבית», as in the stem and the industry rows",
)
h_sentence = said(
    "hebrew",
    "אנחנו שואלים איך אתם משלמים בדרך כלל את החשבונות של משק הבית, כדי להציע לכם הנחה אם תשלמו לנו בהוראת קבע, בדרך שמתאימה לאופן שבו אתם משלמים חשבונות אחרים.",
)
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(
    "אנחנו שואלים איך אתם משלמים בדרך כלל את החשבונות, כדי להציע לכם הנחה אם תשלמו לנו בהוראת קבע, בדרך שמתאימה לאופן שבו אתם משלמים חשבונות אחרים.",
    h_sentence)]),
  "hebrew: «החשבונות של משק הבית», one wording for the concept")  # fmt: skip
q(i, "purpose_en", sub(Q[i]["purpose_en"], [("We ask how you usually pay your bills,", "We ask how you usually pay your household bills,")]),
  "hebrew: 'household bills', one wording for the concept (EN as the HE)")  # fmt: skip
en, _ = options(M, i, "options_en")
he, _ = options(M, i, "options_he")
q(
    i,
    "options_en",
    "|".join(en),
    "method: 'It varies' competed with 'choose the one you use for most of them' (code varies kept)",
)
q(
    i,
    "options_he",
    "|".join(he),
    "method: «מחשבון הבנק» read as 'our bank'; «זה משתנה» (code varies kept)",
)

# 4 q_banking_retirement_lump_sum
i = "q_banking_retirement_lump_sum"
q(i, "text_en", new(M, i, "text_en"), "method: the stem named only severance or provident money")
q(i, "text_he", new(M, i, "text_he"), "method: the stem named only severance or provident money")
q(
    i,
    "options_he",
    new(H, i, "options_he"),
    "hebrew: one form (infinitives) in the list; «להוציא על הוצאה» repeated itself",
)
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(
    "We delete the answer once the meeting with the adviser has taken place, and in any case within five years,",
    "We delete the answer once the meeting with the adviser has taken place or you tell us you do not want it, and in any case within 5 years,")]),
  "privacy: deleted when the customer declines the meeting; hebrew: '5 years' in digits, as the notice's first sentence")  # fmt: skip
said(
    "privacy",
    "We delete the answer once the meeting with the adviser has taken place or you tell us you do not want it, and in any case within five years",
)
said(
    "privacy",
    "נמחק את התשובה אחרי הפגישה עם היועץ או אחרי שתאמרו לנו שאינכם רוצים בה, ובכל מקרה בתוך חמש שנים",
)
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(
    "נמחק את התשובה אחרי הפגישה עם היועץ, ובכל מקרה בתוך חמש שנים,",
    "נמחק את התשובה אחרי הפגישה עם היועץ או אחרי שתאמרו לנו שאינכם רוצים בה, ובכל מקרה בתוך 5 שנים,")]),
  "privacy: deleted when the customer declines the meeting; hebrew: «5 שנים» in digits")  # fmt: skip

# 6 q_banking_fraud_alert_types: the combination given a meaning (no limit left to enforce)
i = "q_banking_fraud_alert_types"
said("method", "If you choose both card-charge options, we will alert you on every card charge.")
q(i, "text_en", "Which security alerts would you like to receive? If you choose both card-charge options, we will alert you on every card charge. (Choose all that apply.)",
  "method: 'choose only one of the first two' was not enforced; both now has a defined result")  # fmt: skip
said("method", "אם תבחרו בשתי האפשרויות של חיובים בכרטיס")
q(i, "text_he", "אילו התראות אבטחה תרצו לקבל? אם תבחרו בשתי האפשרויות של חיובים בכרטיס, נשלח לכם התראה על כל חיוב בכרטיס. (אפשר לבחור כמה תשובות.)",
  "method: 'choose only one of the first two' was not enforced; both now has a defined result")  # fmt: skip

# 7 q_credit_cards_competing_offer
i = "q_credit_cards_competing_offer"
q(i, "options_he", new(H, i, "options_he"), "hebrew: «רשת» alone is ambiguous; «רשת חנויות»")

# 8 q_generic_days_to_avoid: the SENSITIVITY FINDING (origin_ethnicity), hebrew and method
i = "q_generic_days_to_avoid"
assert i not in PLANNED
FINDING = "privacy SENSITIVITY FINDING: Muslim or Christian holidays disclose population sector (origin, para. (5))"
assert new(P, i, "sensitivity_category") == "religion_belief;origin_ethnicity"
q(i, "sensitivity_category", "religion_belief;origin_ethnicity", FINDING)
pe = sub(Q[i]["purpose_en"], [
    ("We use the answer only to time our calls and messages, never to infer your religion or how religious you are.",
     new(P, i, "purpose_en")),
    ("We do not pass your answer to other companies or use it to build advertising audiences.",
     "Only we use your answer: we do not pass it to other companies or use it to build advertising audiences."),
])  # fmt: skip
q(
    i,
    "purpose_en",
    pe,
    FINDING
    + "; the notice as privacy gives it; 'Only we use your answer' as the generic special skeleton (q_generic_language_address)",
)
h_first = said("hebrew", "כדי להתקשר אליכם ולשלוח לכם הודעות רק בימים האחרים")
ph = sub(Q[i]["purpose_he"], [
    ("אנחנו שואלים באילו ימים עדיף שלא נפנה אליכם, כדי להתקשר ולשלוח הודעות רק בימים האחרים;",
     "אנחנו שואלים באילו ימים לא תרצו שנפנה אליכם, " + h_first + ";"),
    ("אנחנו משתמשים בתשובה רק לתזמון השיחות וההודעות שלנו, ולעולם לא כדי להסיק מה הדת שלכם או עד כמה אתם דתיים.",
     new(P, i, "purpose_he")),
    ("אנחנו לא מעבירים את התשובה לחברות אחרות ולא משתמשים בה ליצירת קהלי יעד בפלטפורמות פרסום.",
     "רק אנחנו משתמשים בתשובה: אנחנו לא מעבירים אותה לחברות אחרות ולא משתמשים בה ליצירת קהלי יעד בפלטפורמות פרסום."),
])  # fmt: skip
q(
    i,
    "purpose_he",
    ph,
    FINDING
    + "; the notice as privacy gives it; hebrew: objects «אליכם», «לכם»; method: «לא תרצו שנפנה», as the stem",
)
q(i, "text_he", new(M, i, "text_he"), "method: «עדיף שלא נפנה» softened 'should not'")
en, codes = options(M, i, "options_en")
he, _ = options(M, i, "options_he")
q(
    i,
    "options_en",
    "|".join(en),
    "method: no Druze holidays (new code druze_holidays, with the other holidays); Christian holidays' eves and both calendars named",
)
q(
    i,
    "options_he",
    "|".join(he),
    "method: druze_holidays added; Christian holidays' eves and both calendars named",
)
q(
    i,
    "option_codes",
    add_codes(i, en, he, codes),
    "method: new code druze_holidays (house style 27: a substantive option, before the way out)",
)
q(
    i,
    "commitment",
    "true",
    "method: suppressing contact by day is a promise the client must build and staff",
)

# 9 q_satisfaction_05
i = "q_satisfaction_05"
q(
    i,
    "text_he",
    new(H, i, "text_he"),
    "hebrew: «לציין» and «למסור» for one warning; «למסור», as the notice",
)
q(
    i,
    "purpose_en",
    after(Q[i]["purpose_en"], WARN_EN, DELETE_EN),
    "privacy: free text asked in health funds too, with no commitment to delete what it should not hold",
)
q(
    i,
    "purpose_he",
    after(Q[i]["purpose_he"], WARN_HE, DELETE_HE),
    "privacy: free text asked in health funds too, with no commitment to delete what it should not hold",
)

# 10 q_banking_digital_services_branch
i = "q_banking_digital_services_branch"
q(i, "text_he", new(H, i, "text_he"), "hebrew: «מה מאלה תרצו לעשות» clumsy")
q(i, "options_he", new(H, i, "options_he"), "hebrew: «אף אחת מאלה» agrees with «פעולות»")
q(
    i,
    "value_exchange_he",
    new(H, i, "value_exchange_he"),
    "hebrew: «בטלפון הנייד» read as 'over the phone'; «נציג» is a call-centre word",
)
q(i, "value_exchange_en", "A staff member sets up what you picked in the app with you, on your own device, now or at your next branch visit",
  "hebrew: EN as the new HE (in the app, on your device, at your next branch visit)")  # fmt: skip
el(i, "rule_en", new(M, i, "eligibility_rule_en"), "method: the stem presupposes branch visits")
el(i, "rule_he", new(M, i, "eligibility_rule_he"), "method: the stem presupposes branch visits")

# 11 q_behavioral_tendencies_04
i = "q_behavioral_tendencies_04"
q(i, "text_en", new(M, i, "text_en"), "method: a yes/no stem carried frequency options")
q(i, "text_he", new(M, i, "text_he"), "method: a yes/no stem carried frequency options")
en, codes = options(M, i, "options_en")
he, _ = options(M, i, "options_he")
q(i, "options_en", "|".join(en), "method: no 'sometimes, regardless of size' (new code sometimes)")
q(i, "options_he", "|".join(he), "method: no 'sometimes, regardless of size' (new code sometimes)")
q(
    i,
    "option_codes",
    add_codes(i, en, he, codes),
    "method: new code sometimes, between the big-commitments point and rarely",
)
q(
    i,
    "commitment",
    "true",
    "method: a one-screen summary of every offer is a promise the client must staff and fund",
)
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(
    "We ask whether you usually read the terms before signing up,",
    "We ask how often you read the terms before you sign up for a product or a service,")]),
  "method: the notice follows the new stem")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [
    ("אנחנו שואלים אם אתם בדרך כלל קוראים את התנאים לפני שאתם מצטרפים,",
     "אנחנו שואלים באיזו תדירות אתם קוראים את התנאים לפני שאתם מצטרפים למוצר או לשירות,"),
    ("אנחנו לא משתמשים בתשובה כדי לבחור אילו הצעות או תנאים תקבלו, לתמחור, לחיתום או להחלטות אשראי, או לשליחת דברי פרסומת.",
     said("hebrew", "אנחנו לא משתמשים בתשובה לבחירת ההצעות או התנאים שתקבלו, לתמחור, לחיתום, להחלטות אשראי או לשליחת דברי פרסומת.")),
]), "hebrew: one form in the list of uses; method: the notice follows the new stem")  # fmt: skip

# 12 q_life_stage_04
i = "q_life_stage_04"
en, codes = options(M, i, "options_en")
he, _ = options(M, i, "options_he")
assert he[3] == "בעוד יותר מ-15 שנה"
he[3] = "בעוד יותר מ-15 שנים"
assert new(H, i, "options_he").split("|")[3] == he[3]
q(
    i,
    "options_en",
    "|".join(en),
    "method: no answer for people not in paid work (new code not_in_paid_work, before Not sure yet)",
)
q(i, "options_he", "|".join(he), "method: not_in_paid_work added; hebrew: «15 שנים», as «5 שנים»")
q(
    i,
    "option_codes",
    add_codes(i, en, he, codes),
    "method: new code not_in_paid_work (house style 27: before Not sure yet)",
)

# 13 q_event_preferences_02
i = "q_event_preferences_02"
q(
    i,
    "text_he",
    new(H, i, "text_he"),
    "hebrew: «מה עדיף לכם באירועים שלנו» read as 'what do you prefer at our events'",
)

# 14 q_hobbies_01
i = "q_hobbies_01"
q(
    i,
    "options_he",
    new(H, i, "options_he"),
    "hebrew: «מסעדות ואוכל בחוץ» repeated itself and was not an activity",
)
q(
    i,
    "purpose_en",
    after(Q[i]["purpose_en"], WARN_EN, DELETE_EN),
    "privacy: Other (please specify) with no commitment to delete what it should not hold",
)
q(
    i,
    "purpose_he",
    after(Q[i]["purpose_he"], WARN_HE, DELETE_HE),
    "privacy: Other (please specify) with no commitment to delete what it should not hold",
)

# 15 q_credit_cards_reward_categories (planned: text only)
i = "q_credit_cards_reward_categories"
assert i in PLANNED
q(i, "value_exchange_he", new(H, i, "value_exchange_he"), "hebrew: «שאינה מצטברת», the trade idiom")
q(i, "text_he", new(H, i, "text_he"), "hebrew: «(אפשר לבחור עד 3.)» left out the noun")
q(i, "text_en", Q[i]["text_en"].replace("(Choose up to 3.)", "(Choose up to 3 categories.)"),
  "hebrew: EN as the new HE ('up to 3 categories')")  # fmt: skip
ce = said(
    "privacy",
    "To work out the boost, we compare what you pay with our card in those categories with your own monthly average there.",
)
ch = said(
    "privacy",
    "כדי לחשב את ההטבה, נשווה את מה שתשלמו בכרטיס שלנו בקטגוריות האלה לממוצע החודשי שלכם בהן.",
)
q(i, "purpose_en", after(Q[i]["purpose_en"], "up to the cap we show you before you confirm.", ce),
  "privacy: the boost is computed from the customer's card spending per category")  # fmt: skip
q(i, "purpose_he", after(sub(Q[i]["purpose_he"], [("עד התקרה שנציג לכם לפני האישור", "עד התקרה שתוצג לכם לפני האישור")]),
                         "עד התקרה שתוצג לכם לפני האישור.", ch),
  "hebrew: «שנציג» also reads as «נְצִיג»; privacy: the boost is computed from card spending")  # fmt: skip
en, codes = options(M, i, "options_en")
he, _ = options(M, i, "options_he")
assert not any(codes)
q(
    i,
    "options_en",
    "|".join(en),
    "method: 'Children and family' matched no merchant category (same option, examples named)",
)
q(
    i,
    "options_he",
    "|".join(he),
    "method: «ילדים ומשפחה» matched no merchant category (same option, examples named)",
)

# 16 q_consumption_frequency_02
i = "q_consumption_frequency_02"
q(i, "text_en", new(M, i, "text_en"), "method: where to look, and whose phone")
q(i, "text_he", new(M, i, "text_he"), "method: where to look, and whose phone")
q(i, "purpose_en", sub(Q[i]["purpose_en"], [("You can change or delete the answer in your profile.", new(P, i, "purpose_en"))]),
  "privacy: visitors and quote-seekers have no profile")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [("אפשר לשנות או למחוק את התשובה בפרופיל.", new(P, i, "purpose_he"))]),
  "privacy: visitors and quote-seekers have no profile")  # fmt: skip

# 18 q_retail_child_birth_month_year: method's stem, privacy's "already born", hebrew's «מקבל»
i = "q_retail_child_birth_month_year"
said("method", "What is the birth month and year of the child you are adding?")
said("privacy", "(Month and year only, for a child already born.")
q(i, "text_en", "What is the birth month and year of the child you are adding? (Month and year only, for a child already born. If you shop for more than one child, add each one separately: each child gets a card of their own.)",
  "method: 'the child on this card' presupposed a child card; privacy: a child already born (no due dates)")  # fmt: skip
said("method", "באיזה חודש ובאיזו שנה נולד הילד שאתם מוסיפים?")
said("privacy", "(רק חודש ושנה, לילד שכבר נולד.")
said("hebrew", "כל ילד מקבל כרטיס משלו")
q(i, "text_he", "באיזה חודש ובאיזו שנה נולד הילד שאתם מוסיפים? (רק חודש ושנה, לילד שכבר נולד. אם אתם קונים לכמה ילדים, הוסיפו כל ילד בנפרד: כל ילד מקבל כרטיס משלו.)",
  "method: the child you are adding; privacy: a child already born; hebrew: «מקבל כרטיס» for 'gets a card'")  # fmt: skip

# 19 q_identity_contact_04
i = "q_identity_contact_04"
q(i, "purpose_en", after(Q[i]["purpose_en"], "in an urgent matter if we cannot reach you.",
                         said("privacy", "An urgent matter means a suspected fraud or a security problem in your account, or something about your safety or your care that cannot wait; we never use the contact person to collect a payment.")),
  "privacy: 'urgent matter' undefined; debt collection excluded")  # fmt: skip
q(i, "purpose_he", after(Q[i]["purpose_he"], "אם לא נצליח להשיג אתכם.",
                         said("privacy", "עניין דחוף הוא חשד להונאה או בעיית אבטחה בחשבון שלכם, או עניין של הבטיחות שלכם או של הטיפול בכם שאינו יכול לחכות; לעולם לא נפנה לאיש הקשר כדי לגבות תשלום.")),
  "privacy: 'urgent matter' undefined; debt collection excluded")  # fmt: skip
el(
    i,
    "rule_en",
    new(M, i, "eligibility_rule_en"),
    "method: customers who already have a contact person on file",
)
el(
    i,
    "rule_he",
    new(M, i, "eligibility_rule_he"),
    "method: customers who already have a contact person on file",
)

# 20 q_insurance_expected_life_events (planned: text only; method's refinancing widening not applied)
i = "q_insurance_expected_life_events"
assert i in PLANNED
q(
    i,
    "options_he",
    new(H, i, "options_he"),
    "hebrew: nouns, not clauses, for the two child options (same meaning)",
)
q(i, "value_exchange_he", new(H, i, "value_exchange_he"), "hebrew: «רשימת הכנות» not idiomatic")

# 21 q_banking_competing_offer
i = "q_banking_competing_offer"
q(
    i,
    "value_exchange_en",
    new(M, i, "value_exchange_en"),
    "method: the comparison was empty for 'No'; offers received later count too",
)
q(
    i,
    "value_exchange_he",
    new(M, i, "value_exchange_he"),
    "method: the comparison was empty for 'No'; offers received later count too",
)

# 22 q_concerns_03
i = "q_concerns_03"
q(i, "text_he", new(H, i, "text_he"), "hebrew: «מדאיג אתכם» against the anchors «מודאגים»")
q(i, "purpose_he", sub(Q[i]["purpose_he"], [("בלי קשר לתשובה, ניתן לכם קישור", "בלי קשר לתשובה, תקבלו מאיתנו קישור")]),
  "hebrew: «ניתן» also reads as «נִתָּן»")  # fmt: skip
said("hebrew", "בלי קשר לתשובה, תקבלו מאיתנו קישור")

# 23 q_location_04
i = "q_location_04"
q(i, "options_he", new(H, i, "options_he"), "hebrew: a verb clause among «בבעלות», «בשכירות»")

# 24 q_risk_aversion_03: hebrew's three labels, method's fourth option
i = "q_risk_aversion_03"
en, codes = options(M, i, "options_en")
mhe, _ = options(M, i, "options_he")
he = new(H, i, "options_he").split("|") + [mhe[3]]
assert codes[:3] == [None] * 3 and codes[3] == "show_me_options"
q(
    i,
    "options_en",
    "|".join(en),
    "method: no option for customers who do not know their deductible (new code show_me_options, last)",
)
q(
    i,
    "options_he",
    "|".join(he),
    "hebrew: one adjective pattern («מהנוכחית», «זהה לנוכחית»); method: show_me_options added",
)
q(
    i,
    "option_codes",
    add_codes(i, en, he, codes),
    "method: new code show_me_options, after the three choices (house style 27)",
)

# 25 q_product_preferences_09
i = "q_product_preferences_09"
q(
    i,
    "purpose_en",
    after(Q[i]["purpose_en"], WARN_EN, DELETE_EN),
    "privacy: Other (please specify) in a special item, with no commitment to delete",
)
q(
    i,
    "purpose_he",
    after(Q[i]["purpose_he"], WARN_HE, DELETE_HE),
    "privacy: Other (please specify) in a special item, with no commitment to delete",
)
en, codes = options(M, i, "options_en")
he, _ = options(M, i, "options_he")
q(
    i,
    "options_en",
    "|".join(en),
    "method: no mutual or money-market fund (new code mutual_money_market_fund; shuffles with the products)",
)
q(i, "options_he", "|".join(he), "method: mutual_money_market_fund added")
q(i, "option_codes", add_codes(i, en, he, codes), "method: new code mutual_money_market_fund")
q(
    i,
    "commitment",
    "true",
    "method: a meeting with a licensed adviser is a staffed promise (as q_life_stage_04)",
)

with open(HERE / "fixes.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["question_id", "table", "industry", "column", "new_value", "reason"])
    w.writerows(rows)
keys = [(r[0], r[1], r[2], r[3]) for r in rows]
assert len(keys) == len(set(keys)), "one row per cell"
print(
    len(rows),
    "cells in",
    len({r[0] for r in rows}),
    "questions;",
    {t: sum(r[1] == t for r in rows) for t in ("questions", "offers", "eligibility")},
    N_ROWS,
)
