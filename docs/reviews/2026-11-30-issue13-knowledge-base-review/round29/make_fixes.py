# ruff: noqa: E501, E741, SIM115, B007  (a one-off generator kept as the record of a review round)
"""Write round29/fixes.csv: the merged cells of the three round-29 reviews.

Cells are built from the current templates (HEAD bbb1c28; templates as at ce0d869) by exact
replacement of the old clause where a reviewer changed a clause, or taken whole from the review
table where the reviewer gave a whole cell (parsed from the review files, `\\|` unescaped).
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


def review(rev):
    txt = (HERE / f"review_{rev}.md").read_text(encoding="utf-8")
    sec = txt.split("## 3. Fixes")[1].split("## 4.")[0]
    out = {}
    for line in sec.splitlines():
        if not line.startswith("| q_"):
            continue
        cells = [
            c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))
        ]
        out.setdefault((cells[0], cells[1]), []).append((cells[2], cells[3]))
    return out


H, P, M = review("hebrew"), review("privacy"), review("method")


def new(rv, qid, col, n=0):
    return rv[(qid, col)][n][1]


def added(rv, qid, col):
    """A row "Add the sentence: …": the sentence."""
    text = new(rv, qid, col)
    assert text.startswith("Add the sentence: "), text
    return text[len("Add the sentence: ") :]


rows = []


def sub(old, pairs):
    for a, b in pairs:
        assert old.count(a) == 1, (a, old)
        old = old.replace(a, b)
    return old


def q(qid, col, value, reason):
    assert col in Q[qid], col
    assert value != Q[qid][col], (qid, col)
    rows.append([qid, "questions", "", col, value, reason])


def off(qid, ind, col, value, reason):
    old = O.get((qid, ind), {}).get(col, "")
    assert value != old, (qid, ind, col)
    rows.append([qid, "offers", ind, col, value, reason])


def el(qid, col, value, reason):
    assert value != E.get(qid, {}).get(col, "")
    rows.append([qid, "eligibility", "", col, value, reason])


def planned_text_only(qid):
    assert qid in PLANNED, qid


# 1 q_insurance_trip_destination
i = "q_insurance_trip_destination"
q(i, "text_he", new(H, i, "text_he"),
  "hebrew: «תיסעו בנסיעה» redundant cognate object")  # fmt: skip
q(i, "options_en", new(M, i, "options_en"),
  "method: Mexico, Central America and the Caribbean unplaced")  # fmt: skip
he_opts = new(M, i, "options_he").split("|")
assert he_opts[4] == "יעד אחר (למשל מקסיקו, האיים הקריביים או אוסטרליה)"
he_opts[4] = "אזור אחר (למשל מקסיקו, האיים הקריביים או אוסטרליה)"
assert [o for n, o in enumerate(new(H, i, "options_he").split("|")) if n != 4] == [
    o for n, o in enumerate(he_opts) if n != 4
]
q(i, "options_he", "|".join(he_opts),
  "method: Mexico and the Caribbean placed; hebrew: «אזור אחר» keeps the list of regions")  # fmt: skip
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(
    "We do not use the answer to draw conclusions about your origin.", new(P, i, "purpose_en"))]),
  "privacy: a destination can point to belief (pilgrimage), not only origin")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(
    "אנחנו לא משתמשים בתשובה כדי להסיק מסקנות על המוצא שלכם.", new(P, i, "purpose_he"))]),
  "privacy: a destination can point to belief (pilgrimage), not only origin")  # fmt: skip

# 2 q_risk_aversion_04: the SENSITIVITY FINDING (base row special/financial, consent skeleton as
# its banking and credit_cards rows, SMS, WhatsApp and IVR out)
i = "q_risk_aversion_04"
assert i not in PLANNED
cc = O[(i, "credit_cards")]
assert new(P, i, "purpose_en") == cc["purpose_en"] == O[(i, "banking")]["purpose_en"]
assert new(P, i, "purpose_he") == cc["purpose_he"] == O[(i, "banking")]["purpose_he"]
assert new(P, i, "sensitivity") == "special" and new(P, i, "sensitivity_category") == "financial"
reason = (
    "privacy SENSITIVITY FINDING: base row medium while its industry rows are special/financial"
)
q(i, "sensitivity", "special", reason)
q(i, "sensitivity_category", "financial", reason)
q(i, "purpose_en", new(P, i, "purpose_en"),
  "privacy SENSITIVITY FINDING: the consent notice skeleton (as the credit_cards and banking rows)")  # fmt: skip
q(i, "purpose_he", new(P, i, "purpose_he"),
  "privacy SENSITIVITY FINDING: the consent notice skeleton (as the credit_cards and banking rows)")  # fmt: skip
chans = [c for c in Q[i]["channels"].split(";") if c not in ("sms", "whatsapp", "ivr_survey")]
assert chans == cc["channels"].split(";")
q(i, "channels", ";".join(chans),
  "privacy SENSITIVITY FINDING: financial bars SMS, WhatsApp and the IVR")  # fmt: skip
q(i, "value_exchange_he", new(H, i, "value_exchange_he"),
  "hebrew: «קודם» can read as 'previously'; «ראשונים»")  # fmt: skip

# 3 q_communication_preferences_04
i = "q_communication_preferences_04"
q(i, "text_en", new(M, i, "text_en"), "method: which number the WhatsApp messages go to")
q(i, "text_he", new(M, i, "text_he"), "method: which number the WhatsApp messages go to")
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(
    "to send you personal offers and other marketing messages on WhatsApp only if you say yes.",
    "to send them to you on WhatsApp only if you say yes.")]),
  "hebrew: the offers named twice in one sentence (EN as the HE)")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(
    "כדי לשלוח לכם בוואטסאפ הצעות אישיות ודברי פרסומת אחרים רק אם תסכימו.",
    "כדי לשלוח לכם אותם בוואטסאפ רק אם תסכימו.")]),
  "hebrew: «הצעות אישיות ודברי פרסומת אחרים» twice in one sentence (the «כדי» skeleton kept)")  # fmt: skip

# 4 q_banking_savings_horizon (planned: text only)
i = "q_banking_savings_horizon"
planned_text_only(i)
q(i, "value_exchange_he", new(H, i, "value_exchange_he"),
  "hebrew: banks say «פרופיל ההשקעה» (singular)")  # fmt: skip

# 5 q_generic_self_service
i = "q_generic_self_service"
assert i not in PLANNED
en = new(M, i, "options_en").split("|")
assert en[2] == "With a person, by chat or WhatsApp [person_chat]"
en[2] = "With a person, by chat or WhatsApp"
he = new(M, i, "options_he").split("|")
hh = new(H, i, "options_he").split("|")
assert (
    he[1] == "ברשת, עם נציג זמין אם איתקע" and hh[1] == "באתר או באפליקציה, עם נציג זמין אם איתקע"
)
he[1] = hh[1]
assert he[:2] + he[3:] == hh
codes = Q[i]["option_codes"].split("|")
codes.insert(2, "person_chat")
reason_opts = (
    "method: no person by chat or WhatsApp (new code person_chat); hebrew: «ברשת» unidiomatic"
)
q(i, "options_en", "|".join(en), reason_opts)
q(i, "options_he", "|".join(he), reason_opts)
q(
    i,
    "option_codes",
    "|".join(codes),
    "method: new code person_chat, with the other 'with a person' routes",
)
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(
    "offer you the route you prefer first.", "offer you the route you prefer first. " + added(P, i, "purpose_en"))]),
  "privacy: the notice did not say whether the answer feeds marketing")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(
    "את המסלול שאתם מעדיפים.", "את המסלול שאתם מעדיפים. " + added(P, i, "purpose_he"))]),
  "privacy: the notice did not say whether the answer feeds marketing")  # fmt: skip

# 6 q_banking_household_enlistment
i = "q_banking_household_enlistment"
q(i, "text_he", new(H, i, "text_he"), "hebrew: «אם יש יותר מאחד» left out of what")
q(i, "value_exchange_en", new(M, i, "value_exchange_en"),
  "method: national-service households got a soldier-only offer")  # fmt: skip
q(i, "value_exchange_he", new(M, i, "value_exchange_he"),
  "method: national-service households got a soldier-only offer")  # fmt: skip
q(i, "purpose_en", sub(Q[i]["purpose_en"], [
    ("so that they can open a soldier account with its benefits before enlistment day.",
     "so that they can open a soldier's or national-service account with its benefits before it starts."),
    ("at their own request.", "at their own request. " + added(P, i, "purpose_en")),
]), "privacy: rule out conclusions on why someone is not starting service; method: the national-service account")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [
    ("כדי שאפשר יהיה לפתוח חשבון חייל עם ההטבות שלו עוד לפני יום הגיוס.",
     "כדי שאפשר יהיה לפתוח חשבון חייל או חשבון למשרתי שירות לאומי עם ההטבות שלו עוד לפני תחילת השירות."),
    ("רק לבקשת מי שמתחיל את השירות.", "רק לבקשת מי שמתחיל את השירות. " + added(P, i, "purpose_he")),
]), "privacy: rule out conclusions on why someone is not starting service; method: the national-service account")  # fmt: skip

# 7 q_growth_potential_04
i = "q_growth_potential_04"
q(i, "options_he", new(H, i, "options_he"),
  "hebrew: «יש לי תוכנית» stiff and firmer than 'I plan'; «בכוונתי» (same code and meaning)")  # fmt: skip
el(i, "rule_en", new(M, i, "eligibility_rule_en"),
   "method: the offer is void for customers who hold a business account with us")  # fmt: skip
el(i, "rule_he", new(M, i, "eligibility_rule_he"),
   "method: the offer is void for customers who hold a business account with us")  # fmt: skip

# 8 q_tenure_02 (not planned: yes/no becomes Yes | No | Don't know, codes yes and no kept)
i = "q_tenure_02"
assert i not in PLANNED and Q[i]["answer_type"] == "yes_no" and not Q[i]["option_codes"]
q(
    i,
    "text_en",
    new(M, i, "text_en"),
    "method: 'a different account or name' read as someone else's",
)
q(
    i,
    "text_he",
    new(M, i, "text_he"),
    "method: 'a different account or name' read as someone else's",
)
q(i, "answer_type", "single_choice", "method: no 'Don't know', so unsure customers guess")
assert new(M, i, "options_en") == "Yes [yes]|No [no]|Don't know [dont_know]"
q(i, "options_en", "Yes|No|Don't know", "method: no 'Don't know', so unsure customers guess")
q(i, "options_he", new(M, i, "options_he"), "method: no 'Don't know', so unsure customers guess")
q(
    i,
    "option_codes",
    "yes|no|dont_know",
    "method: the yes/no answers keep their codes; new code dont_know",
)
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(
    "under another account or name,", "under an earlier account or a name you used to have,")]),
  "method: the notice follows the new stem")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [
    ("בחשבון אחר או בשם אחר,", "בחשבון קודם או בשם שהיה לכם בעבר,"),
    ("למי שהחזיק איתכם בחשבון הקודם.", "למי שהיה שותף שלכם בחשבון הקודם."),
]), "hebrew: «שותף בחשבון» is the idiom; method: the notice follows the new stem")  # fmt: skip

# 9 q_retail_school_start
i = "q_retail_school_start"
assert new(H, i, "purpose_he").startswith("נמחק את התשובה כשהילד יעלה לכיתה א׳,")
q(i, "purpose_he", sub(Q[i]["purpose_he"], [("כשהילד יתחיל את כיתה א׳", "כשהילד יעלה לכיתה א׳")]),
  "hebrew: the stem's «עולה לכיתה א׳», one term")  # fmt: skip

# 10 q_telecom_household_lines_deal_end (planned: text only; method's option label is not)
i = "q_telecom_household_lines_deal_end"
planned_text_only(i)
q(i, "text_he", new(H, i, "text_he"),
  "hebrew: «חברת סלולר אחרת» as the screener says; «במועדים שונים»")  # fmt: skip
first = Q[i]["purpose_he"].split(". ")[0] + "."
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(first, new(H, i, "purpose_he"))]),
  "hebrew: «חברת סלולר אחרת», one term with the stem and the screener")  # fmt: skip

# 11 q_communication_preferences_03
i = "q_communication_preferences_03"
el(i, "rule_en", new(M, i, "eligibility_rule_en"),
   "method: without marketing consent the offer cannot be kept for 4 of 6 topics")  # fmt: skip
el(i, "rule_he", new(M, i, "eligibility_rule_he"),
   "method: without marketing consent the offer cannot be kept for 4 of 6 topics")  # fmt: skip

# 12 q_leisure_preferences_04
i = "q_leisure_preferences_04"
q(i, "text_he", new(H, i, "text_he"), "hebrew: «בזמן הפנוי» without «שלכם» clipped")
en = new(M, i, "options_en").split("|")
assert en[7] == "Sports matches and events [sports_events]"
en[7] = "Sports matches and events"
he = new(M, i, "options_he").split("|")
assert he[7] == "משחקים ואירועי ספורט"
he[7] = "משחקי ספורט ואירועי ספורט"
codes = Q[i]["option_codes"].split("|")
codes.insert(7, "sports_events")
q(
    i,
    "options_en",
    "|".join(en),
    "method: sports events missing (new code sports_events); 'wellness' reads as health, HE «פינוק»",
)
q(i, "options_he", "|".join(he), "method: sports events missing (new code sports_events)")
q(
    i,
    "option_codes",
    "|".join(codes),
    "method: new code sports_events, shuffled with the others (other;none stay last)",
)
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(
    "and no names.", "and no names. " + added(P, i, "purpose_en"))]),
  "privacy: sensitive details typed in anyway are deleted")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(
    "ובלי שמות.", "ובלי שמות. " + added(P, i, "purpose_he"))]),
  "privacy: sensitive details typed in anyway are deleted")  # fmt: skip

# 13 q_transport_preferences_05
i = "q_transport_preferences_05"
q(i, "options_en", new(M, i, "options_en"),
  "method: the last option did not describe customers who are not working (code kept: not travelling for another reason)")  # fmt: skip
q(i, "options_he", new(M, i, "options_he"),
  "method: the last option did not describe customers who are not working")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(
    "אנחנו לא משתמשים בתשובה לסינון לקוחות או מבוטחים.", new(H, i, "purpose_he"))]),
  "hebrew: «מבוטחים» is insurer wording in a telecom and generic notice (EN says 'members')")  # fmt: skip

# 14 q_demographics_05
i = "q_demographics_05"
en = new(M, i, "options_en").split("|")
new_codes = {}
for n, o in enumerate(en):
    m = re.fullmatch(r"(.*) \[(\w+)\]", o)
    if m:
        en[n], new_codes[n] = m.group(1), m.group(2)
assert new_codes == {6: "professional_services", 7: "transport_logistics", 8: "media_arts_culture"}
codes = Q[i]["option_codes"].split("|")
for n in sorted(new_codes):
    codes.insert(n, new_codes[n])
assert len(codes) == len(en) == len(new(M, i, "options_he").split("|")) == 14
reason_opts = "method: field and sector mixed, law, transport and media missing (3 new codes)"
q(i, "options_en", "|".join(en), reason_opts)
q(i, "options_he", new(M, i, "options_he"), reason_opts)
q(
    i,
    "option_codes",
    "|".join(codes),
    "method: new codes professional_services, transport_logistics, media_arts_culture",
)
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(
    "we delete them.", "we delete them. " + added(P, i, "purpose_en"))]),
  "privacy: 'not working' shows income has stopped; no credit offers or income conclusions")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(
    "נמחק אותם.", "נמחק אותם. " + added(P, i, "purpose_he"))]),
  "privacy: 'not working' shows income has stopped; no credit offers or income conclusions")  # fmt: skip

# 15 q_credit_cards_business_expenses_survey (planned: text only)
i = "q_credit_cards_business_expenses_survey"
planned_text_only(i)
q(i, "value_exchange_en", new(M, i, "value_exchange_en"),
  "method: the customer marks work expenses; a business card only for the self-employed or owners")  # fmt: skip
q(i, "value_exchange_he", new(M, i, "value_exchange_he"),
  "method: the customer marks work expenses; a business card only for the self-employed or owners")  # fmt: skip

# 16 q_family_status_02
i = "q_family_status_02"
he_text = "כמה אנשים גרים במשק הבית שלכם, כולל אתכם? (ספרו את כל מי שגר איתכם בדרך כלל, גם ילדים.)"
assert new(M, i, "text_he").replace("כולל ילדים", "גם ילדים") == he_text
assert new(H, i, "text_he").replace("בבית שלכם", "במשק הבית שלכם") == he_text
q(i, "text_he", he_text, "method: «בבית» wider than 'household'; hebrew: «כולל» twice")
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(
    "We do not use the answer to draw conclusions about your family life.", new(P, i, "purpose_en"))]),
  "privacy: household size is a proxy for sector (beliefs, origin)")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [
    ("כמה אנשים גרים בבית שלכם,", "כמה אנשים גרים במשק הבית שלכם,"),
    ("אנחנו לא משתמשים בתשובה כדי להסיק מסקנות על חיי המשפחה שלכם.", new(P, i, "purpose_he")),
]), "privacy: household size is a proxy for sector; method: «משק הבית» as the stem")  # fmt: skip

# 17 q_spend_value_01
i = "q_spend_value_01"
q(i, "text_he", new(M, i, "text_he"), "method: «קניות המזון» narrower than 'grocery shopping'")
hp = new(H, i, "purpose_he")
two = ". ".join(Q[i]["purpose_he"].split(". ")[:2]) + "."
assert two.endswith("הלקוחות עושים אצלנו.")
merged = hp.replace("מקניות המזון של משק הבית", "מקניות המזון ומוצרי הבית של משק הבית").replace(
    "איזה חלק מקניות המזון נעשה", "איזה חלק מקניות המזון ומוצרי הבית נעשה"
)
assert merged.count("ומוצרי הבית") == 2
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(two, merged)]),
  "hebrew: «הנחת סל» as the offer, word order; method: «ומוצרי הבית» as the stem")  # fmt: skip

# 18 q_retail_bed_size (planned: text only; method's new option is not)
i = "q_retail_bed_size"
planned_text_only(i)
q(i, "text_he", new(H, i, "text_he"), "hebrew: «הרוחב שאתם קונים בו לרוב»")

# 19 q_credit_cards_switch_reason
i = "q_credit_cards_switch_reason"
assert i not in PLANNED
en = new(M, i, "options_en").split("|")
assert en[7] == "It is not accepted everywhere I want to pay [not_accepted_everywhere]"
en[7] = "It is not accepted everywhere I want to pay"
he = new(M, i, "options_he").split("|")
hh = new(H, i, "options_he").split("|")
he[5] = hh[5]
assert he[5] == "תנאי העסקאות בתשלומים" and he[:7] + he[8:] == hh
codes = Q[i]["option_codes"].split("|")
codes.insert(7, "not_accepted_everywhere")
q(i, "options_en", "|".join(en), "method: acceptance missing (new code not_accepted_everywhere)")
q(i, "options_he", "|".join(he),
  "method: acceptance missing; hebrew: «תנאי העסקאות בתשלומים», not general payment terms")  # fmt: skip
q(
    i,
    "option_codes",
    "|".join(codes),
    "method: new code not_accepted_everywhere, shuffled with the reasons",
)

# 20 q_moments_of_truth_03
i = "q_moments_of_truth_03"
reason = "method: retention offers rewarded a 'yes' to a count (house style 19); privacy's point met: no individual marketing use"
q(i, "purpose_en", sub(Q[i]["purpose_en"], [
    (" We also send you offers that give you a reason to stay.", ""),
    ("We send you offers based on it only if you have agreed to receive marketing messages from us. We ask by email only if you have agreed to receive marketing messages from us there.",
     "We do not use the answer to send you marketing messages."),
]), reason)  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [
    (" נשלח לכם גם הצעות שייתנו לכם סיבה להישאר.", ""),
    ("נשלח לכם הצעות על סמך התשובה רק אם הסכמתם לקבל מאיתנו דברי פרסומת. נשאל אתכם במייל רק אם הסכמתם לקבל מאיתנו דברי פרסומת בערוץ הזה.",
     "אנחנו לא משתמשים בתשובה כדי לשלוח לכם דברי פרסומת."),
]), reason)  # fmt: skip

# 21 q_health_pregnancy_week
i = "q_health_pregnancy_week"
assert i not in PLANNED
q(i, "text_en", new(M, i, "text_en").replace("please skip this question", "you can skip this question"),
  "method: ordinal week or completed weeks; 'you can skip' as the HE «אפשר לדלג»")  # fmt: skip
q(i, "text_he",
  "כמה שבועות מלאים עברו מתחילת ההיריון, כמו שסופרים אותם במעקב ההיריון (מספר בין 1 ל-42)? אם אין היריון כרגע, או שאתם מעדיפים לא לענות, אפשר לדלג על השאלה.",
  "method: completed weeks as check-ups count them; hebrew: not «אתם בהיריון», «אם אין היריון כרגע»")  # fmt: skip
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(
    "We ask which week of pregnancy you are in so that", "We ask how many full weeks pregnant you are, so that")]),
  "method: the notice follows the new stem")  # fmt: skip
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(
    "אנחנו שואלים באיזה שבוע נמצא ההיריון,", "אנחנו שואלים כמה שבועות מלאים עברו מתחילת ההיריון,")]),
  "hebrew: «באיזה שבוע נמצא ההיריון» stilted; method: the notice follows the new stem")  # fmt: skip

# 22 q_communication_preferences_05
i = "q_communication_preferences_05"
q(i, "value_exchange_en", new(M, i, "value_exchange_en"),
  "method: not every message can take the form (statements, legal notices, SMS length)")  # fmt: skip
q(i, "value_exchange_he", new(M, i, "value_exchange_he"),
  "method: not every message can take the form (statements, legal notices, SMS length)")  # fmt: skip

# 23 q_retail_purchase_trigger (codes kept: the first option widens to every kind of new range)
i = "q_retail_purchase_trigger"
assert i not in PLANNED
q(i, "options_en", new(M, i, "options_en"), "method: 'A new collection' assumes a fashion retailer")
q(i, "options_he", new(M, i, "options_he"), "method: 'A new collection' assumes a fashion retailer")

# q_tenure_01: no cells (retire; see not_applied.md, "For the lead")

# --- checks -------------------------------------------------------------------------------------
FROZEN = {"channels", "answer_type", "option_codes", "exclusive_options", "anchored_options",
          "other_specify", "skip_if", "sensitivity", "sensitivity_category", "randomise"}  # fmt: skip
for qid, table, ind, col, value, _ in rows:
    if qid in PLANNED:
        assert table != "eligibility" and col not in FROZEN, (qid, col)
        if col.startswith("options_"):
            assert len(value.split("|")) == len(Q[qid][col].split("|")), (qid, col)
    if col.endswith("_he"):
        assert "/" not in value, (qid, col)  # no slash forms

with open(HERE / "fixes.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["question_id", "table", "industry", "column", "new_value", "reason"])
    w.writerows(rows)
print(len(rows), "cells;", len({r[0] for r in rows}), "questions")
