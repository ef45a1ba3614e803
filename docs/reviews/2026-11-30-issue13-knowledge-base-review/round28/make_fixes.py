# ruff: noqa: E501, E741, SIM115  (a one-off generator kept as the record of a review round)
"""Write round28/fixes.csv: the merged cells of the three round-28 reviews.

Cells are built from the current templates (HEAD 535a061) by exact replacement of the old
clause where a reviewer changed a clause, or taken whole from the review table where the
reviewer gave a whole cell (parsed from the review files, `\\|` unescaped).
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


# 2 q_telecom_home_business_needs
i = "q_telecom_home_business_needs"
q(
    i,
    "options_he",
    new(M, i, "options_he"),
    "method: HE «גבוהה» lost the comparative of 'Faster upload'",
)

# 3 q_replacement_frequency_04 (codes kept: each band sharpens the same concept)
i = "q_replacement_frequency_04"
q(
    i,
    "options_en",
    new(M, i, "options_en"),
    "method: 'About once a year' overlapped both neighbours; contiguous bands",
)
q(
    i,
    "options_he",
    new(M, i, "options_he"),
    "method: 'About once a year' overlapped both neighbours; contiguous bands",
)
q(
    i,
    "value_exchange_en",
    new(M, i, "value_exchange_en"),
    "method: 'due' needs a start date to count from",
)
q(
    i,
    "value_exchange_he",
    new(M, i, "value_exchange_he"),
    "method: 'due' needs a start date to count from",
)

# 4 q_insurance_share_answers_with_agent (planned: text only)
i = "q_insurance_share_answers_with_agent"
assert i in PLANNED
opts = Q[i]["options_he"].split("|")
assert opts[-1] == "אף אחת: שהתשובות שלי יישארו רק בחברת הביטוח"
assert new(H, i, "options_he").split("|")[:-1] == opts[:-1]
q(
    i,
    "options_he",
    new(H, i, "options_he"),
    "hebrew: last option an awkward optative clause; «אצל» (label only, same code and meaning)",
)
en = sub(
    Q[i]["purpose_en"],
    [
        (
            "A tick also covers answers on its subject that you give us later.",
            new(P, i, "purpose_en", 0),
        ),
        (
            "you can withdraw it at any time in your profile or by contacting us, after which your agent stops using them.",
            "you can withdraw it at any time in your profile or by contacting us; we then tell your agent, who stops using those answers and deletes them, except what the agent must keep by law for a policy you took out through the agent. Your ticks stay in force for two years, or until you withdraw them if that is sooner; after that we pass nothing more, and the same deletion applies.",
        ),
        ("We delete the answer two years after you give it, or earlier if you ask. ", ""),
    ],
)
assert new(P, i, "purpose_en", 1).startswith("…or by contacting us; we then tell your agent")
q(
    i,
    "purpose_en",
    en,
    "privacy: a tick covers only answers already given; withdrawal and the two-year expiry reach what the agent holds",
)
he = sub(
    Q[i]["purpose_he"],
    [
        ("מתי יגיע הרכב החדש ואיזה מנוע אתם שוקלים לו", new(H, i, "purpose_he", 0)),
        ("סימון חל גם על תשובות בנושא שלו שתיתנו לנו בהמשך.", new(P, i, "purpose_he", 0)),
        (
            "לכך שנעביר את התשובות שלה, ואפשר לבטל אותה בכל עת בפרופיל או בפנייה אלינו, ואז הסוכן יפסיק להשתמש בהן.",
            "לכך שנעביר את התשובות שהיא כוללת, ואפשר לבטל את ההסכמה בכל עת בפרופיל או בפנייה אלינו; אז נודיע לסוכן, והוא יפסיק להשתמש בתשובות האלה וימחק אותן, חוץ ממה שהוא חייב לשמור לפי דין בשביל פוליסה שעשיתם דרכו. הסימונים שלכם בתוקף שנתיים, או עד שתבטלו אותם, המוקדם מביניהם; אחר כך לא נעביר שום דבר נוסף, והמחיקה תחול באותו אופן.",
        ),
        ("נמחק את התשובה שנתיים אחרי שעניתם, או מוקדם יותר אם תבקשו. ", ""),
    ],
)
assert new(P, i, "purpose_he", 1).startswith("…או בפנייה אלינו; אז נודיע לסוכן")
assert new(H, i, "purpose_he", 2).startswith(
    "לכך שנעביר את התשובות שהיא כוללת, ואפשר לבטל את ההסכמה"
)
q(
    i,
    "purpose_he",
    he,
    "privacy: tick covers only answers already given, withdrawal and expiry reach the agent; hebrew: «אתם שוקלים לו», «אותה» ambiguous",
)

# 5 q_banking_savings_goal (planned: text only)
i = "q_banking_savings_goal"
q(
    i,
    "value_exchange_he",
    new(H, i, "value_exchange_he"),
    "hebrew: «סכום ותאריך יעד» reads as 'an amount, and a target date'",
)

# 7 q_service_preferences_09: new closing option (lead: apply method's section-4 exit)
i = "q_service_preferences_09"
assert i not in PLANNED
q(
    i,
    "options_en",
    Q[i]["options_en"] + "|I'd rather get a message than a call",
    "method §4: no answer for a customer who would rather get a message than a callback",
)
q(
    i,
    "options_he",
    Q[i]["options_he"] + "|מעדיפים לקבל הודעה ולא שיחה",
    "method §4: no answer for a customer who would rather get a message than a callback",
)
q(
    i,
    "option_codes",
    Q[i]["option_codes"] + "|rather_message_than_call",
    "method §4: new code rather_message_than_call, last (a none-type answer to 'how long a wait')",
)
q(
    i,
    "value_exchange_en",
    "Callbacks scheduled to meet the wait you expect where we can, and a set time when we cannot; a message instead of a call if you prefer",
    "method §4: the offer covers the new option",
)
q(
    i,
    "value_exchange_he",
    "נחזור אליכם בזמן שנראה לכם סביר, ואם לא נוכל, נקבע איתכם מועד מראש; אם תעדיפו, נענה לכם בהודעה במקום בשיחה",
    "method §4: the offer covers the new option",
)
q(
    i,
    "purpose_en",
    sub(
        Q[i]["purpose_en"],
        [
            (
                "to call you back within that time where we can.",
                "to call you back within that time where we can, or to reply by message instead if you prefer.",
            )
        ],
    ),
    "method §4: the purpose covers the new option",
)
q(
    i,
    "purpose_he",
    sub(
        Q[i]["purpose_he"],
        [
            (
                "כדי לחזור אליכם בתוך הזמן הזה, ככל האפשר.",
                "כדי לחזור אליכם בתוך הזמן הזה, ככל האפשר, או לענות לכם בהודעה במקום בשיחה, אם תעדיפו.",
            )
        ],
    ),
    "method §4: the purpose covers the new option",
)

# 8 q_moments_of_truth_03
i = "q_moments_of_truth_03"
q(
    i,
    "value_exchange_en",
    new(M, i, "value_exchange_en"),
    "method: 'what bothers you' assumes that something does",
)
q(
    i,
    "value_exchange_he",
    "בלי קשר לתשובה שלכם, שיחה עם נציג שירות בכיר על כל דבר שתרצו שנטפל בו, אם תבקשו אותה אחרי שתענו",
    "method: presupposition removed; hebrew: «לתקן» copies 'put right', «לטפל»",
)
q(
    i,
    "purpose_en",
    sub(
        Q[i]["purpose_en"],
        [
            (
                "a senior service representative calls you to put right what bothers you if you ask for it after you answer. If you have agreed to receive marketing messages from us, we also send you offers that give you a reason to stay.",
                "a senior service representative calls you about anything you would like us to put right, if you ask for it after you answer. We also send you offers that give you a reason to stay.",
            )
        ],
    ),
    "privacy: marketing consent said twice (the skeleton's offers sentence kept); method: no presupposition",
)
q(
    i,
    "purpose_he",
    sub(
        Q[i]["purpose_he"],
        [
            (
                "נציג שירות בכיר יתקשר אליכם כדי לתקן את מה שמפריע לכם, אם תבקשו זאת אחרי שתענו. אם הסכמתם לקבל מאיתנו דברי פרסומת, אנחנו גם שולחים לכם הצעות שייתנו לכם סיבה להישאר.",
                "נציג שירות בכיר יתקשר אליכם לגבי כל דבר שתרצו שנטפל בו, אם תבקשו זאת אחרי שתענו. נשלח לכם גם הצעות שייתנו לכם סיבה להישאר.",
            )
        ],
    ),
    "privacy: consent said twice; hebrew: «לטפל», future tense «נשלח»; method: no presupposition",
)

# 9 q_replacement_frequency_05 (phone only; depends_product removed, it_varies added)
i = "q_replacement_frequency_05"
assert i not in PLANNED
q(i, "text_en", new(M, i, "text_en"), "method: double-barrelled (phone and appliances)")
q(i, "text_he", new(M, i, "text_he"), "method: double-barrelled (phone and appliances)")
q(
    i,
    "options_en",
    new(M, i, "options_en"),
    "method: one product; 'break' and 'wear out' told apart",
)
q(
    i,
    "options_he",
    new(M, i, "options_he"),
    "method: one product; 'break' and 'wear out' told apart",
)
q(
    i,
    "option_codes",
    "when_they_break|when_they_wear_out|when_new_model_comes|when_good_deal|it_varies",
    "method: 'It depends on the product' has no sense for one product: depends_product removed, new code it_varies",
)
q(i, "anchored_options", "it_varies", "method: the new closing option stays last")
q(i, "value_exchange_en", new(M, i, "value_exchange_en"), "method: the offer timed by the answer")
q(i, "value_exchange_he", new(M, i, "value_exchange_he"), "method: the offer timed by the answer")
q(
    i,
    "purpose_en",
    sub(
        Q[i]["purpose_en"],
        [
            (
                "We ask when you usually replace products you own, to send you upgrade offers only when they fit the way you replace them.",
                new(M, i, "purpose_en (sentence)"),
            )
        ],
    ),
    "method: the phone only",
)
q(
    i,
    "purpose_he",
    sub(
        Q[i]["purpose_he"],
        [
            (
                "אנחנו שואלים מתי אתם בדרך כלל מחליפים מוצרים שיש לכם, כדי לשלוח לכם הצעות שדרוג רק כשהן מתאימות לדרך שבה אתם מחליפים מוצרים.",
                new(M, i, "purpose_he (sentence)"),
            )
        ],
    ),
    "method: the phone only",
)

# 10 q_banking_trip_length
i = "q_banking_trip_length"
q(
    i,
    "purpose_en",
    sub(
        Q[i]["purpose_en"],
        [
            (
                "We use the answer only for this trip.",
                "We use the answer only for this trip, and for no offer other than this waiver, which we show you in the app.",
            )
        ],
    ),
    "privacy: 'only for this trip' clashed with 'offers based on it' (the skeleton's offers sentence kept)",
)
q(
    i,
    "purpose_he",
    sub(
        Q[i]["purpose_he"],
        [
            (
                "אנחנו משתמשים בתשובה רק לנסיעה הזאת.",
                "אנחנו משתמשים בתשובה רק לנסיעה הזאת, ולא לשום הצעה מלבד הפטור הזה, שנציג לכם באפליקציה.",
            )
        ],
    ),
    "privacy: 'only for this trip' clashed with 'offers based on it' (the skeleton's offers sentence kept)",
)
el(i, "rule_en", new(M, i, "eligibility_rule_en"), "method: the offer is on 'your card with us'")
el(i, "rule_he", new(M, i, "eligibility_rule_he"), "method: the offer is on 'your card with us'")

# 11 q_retail_child_birth_month_year
i = "q_retail_child_birth_month_year"
q(i, "text_en", new(M, i, "text_en"), "method: 'this child' has no referent; the child card named")
q(i, "text_he", new(M, i, "text_he"), "method: 'this child' has no referent; the child card named")

# 12 q_health_appointment_slot_voice
i = "q_health_appointment_slot_voice"
assert new(H, i, "text_he") == new(M, i, "text_he")
q(
    i,
    "text_he",
    new(H, i, "text_he"),
    "hebrew + method: «לקבוע תורים» asks when to book, not when the appointment is",
)
q(i, "options_he", new(H, i, "options_he"), "hebrew: «בערב» parallel to «בבוקר», «בצוהריים»")
q(
    i,
    "purpose_he",
    sub(Q[i]["purpose_he"], [("נוח לכם לקבוע תורים, כדי", "נוח לכם שיהיו התורים שלכם, כדי")]),
    "hebrew + method: when the appointment is, not when to book",
)
el(
    i,
    "rule_en",
    new(P, i, "eligibility_rule_en"),
    "privacy: care_message needs the fund's own member; an IVR caller may call for someone else",
)
el(
    i,
    "rule_he",
    new(P, i, "eligibility_rule_he"),
    "privacy: care_message needs the fund's own member; an IVR caller may call for someone else",
)

# 13 q_sport_frequency_01
i = "q_sport_frequency_01"
q(i, "text_en", new(M, i, "text_en"), "method: 'exercise' undefined, no 'usually'")
q(i, "text_he", new(M, i, "text_he"), "method: 'exercise' undefined, no 'usually'")
off(
    i,
    "insurance",
    "purpose_he",
    sub(
        O[(i, "insurance")]["purpose_he"],
        [
            (
                "אנחנו לא משתמשים בתשובה בשום מקרה כדי להסיק מסקנות על הבריאות שלכם, וגם לא לתמחור, לחיתום או להחלטות על תביעות.",
                new(H, i, "purpose_he (insurance row)"),
            )
        ],
    ),
    "hebrew: «בשום מקרה» first",
)
off(
    i,
    "health",
    "purpose_he",
    sub(
        O[(i, "health")]["purpose_he"],
        [
            (
                "ואנחנו לא משתמשים בה בשום מקרה כדי להסיק מסקנות על הבריאות שלכם",
                new(H, i, "purpose_he (health row)"),
            )
        ],
    ),
    "hebrew: «בשום מקרה» first",
)

# 14 q_satisfaction_04
i = "q_satisfaction_04"
q(i, "text_en", new(M, i, "text_en"), "method: 'the product you recently got' may be several")
q(i, "text_he", new(M, i, "text_he"), "method: 'the product you recently got' may be several")
q(
    i,
    "purpose_en",
    sub(
        Q[i]["purpose_en"],
        [
            (
                "with the product you recently got from us, to",
                "with the product you got from us most recently, to",
            )
        ],
    ),
    "method: the notice follows the new stem",
)
q(
    i,
    "purpose_he",
    sub(
        Q[i]["purpose_he"],
        [("מהמוצר שקיבלתם מאיתנו לאחרונה, כדי", "מהמוצר האחרון שקיבלתם מאיתנו, כדי")],
    ),
    "method: the notice follows the new stem",
)
off(
    i,
    "retail",
    "text_en",
    new(M, i, "text_en (retail row)"),
    "method: a retail basket may hold several products",
)
off(
    i,
    "retail",
    "text_he",
    new(M, i, "text_he (retail row)"),
    "method: a retail basket may hold several products",
)
off(
    i,
    "retail",
    "value_exchange_en",
    "50 club points whatever your answer; and if the product disappoints you and you ask for it after you answer, an exchange or a refund arranged with you, whatever your rating",
    "hebrew: run-on with «בלי קשר» twice (EN follows the new HE order)",
)
off(
    i,
    "retail",
    "value_exchange_he",
    new(H, i, "value_exchange_he (retail row)"),
    "hebrew: run-on with «בלי קשר» twice",
)
off(
    i,
    "retail",
    "purpose_en",
    sub(
        O[(i, "retail")]["purpose_en"],
        [
            (
                "We ask how satisfied you are with the product you bought, to give you 50 club points, whatever your answer.",
                "We ask how satisfied you are with what you bought in your last purchase from us, to learn how customers rate our products. Whatever your answer, you get 50 club points.",
            )
        ],
    ),
    "privacy + method: the purpose named the reward, not the use (s. 11); the new stem",
)
off(
    i,
    "retail",
    "purpose_he",
    sub(
        O[(i, "retail")]["purpose_he"],
        [
            (
                "אנחנו שואלים עד כמה אתם מרוצים מהמוצר שקניתם, כדי לתת לכם 50 נקודות במועדון, בלי קשר לתשובה.",
                "אנחנו שואלים עד כמה אתם מרוצים ממה שקניתם בקנייה האחרונה שלכם אצלנו, כדי ללמוד איך הלקוחות מדרגים את המוצרים שלנו. בלי קשר לתשובה, תקבלו 50 נקודות במועדון.",
            )
        ],
    ),
    "privacy + method: the purpose named the reward, not the use (s. 11); the new stem",
)

# 15 q_satisfaction_06
i = "q_satisfaction_06"
q(
    i,
    "purpose_en",
    sub(
        Q[i]["purpose_en"],
        [
            (
                "Whatever your rating, we review with you what you pay and what you get if you ask us to after you answer.",
                "Whatever your rating, if you ask us to after you answer, we call you to review with you what you pay and what you get.",
            )
        ],
    ),
    "hebrew: 'that call' had no call before it (EN as the new HE)",
)
q(
    i,
    "purpose_he",
    sub(
        Q[i]["purpose_he"],
        [
            (
                "בלי קשר לדירוג שלכם, נבדוק איתכם מה אתם משלמים ומה אתם מקבלים, אם תבקשו זאת אחרי שתענו.",
                new(H, i, "purpose_he"),
            )
        ],
    ),
    "hebrew: «בשיחה הזאת» had no call before it",
)
off(
    i,
    "health",
    "text_en",
    new(M, i, "text_en (new health row)"),
    "method: health funds ask supplementary-plan members; the basic basket is not paid to us",
)
off(
    i,
    "health",
    "text_he",
    new(M, i, "text_he (new health row)"),
    "method: health funds ask supplementary-plan members; the basic basket is not paid to us",
)

# 16 q_consumption_frequency_06
i = "q_consumption_frequency_06"
q(i, "value_exchange_he", new(H, i, "value_exchange_he"), "hebrew: «להקל עליכם» needs its object")
q(
    i,
    "purpose_he",
    sub(
        Q[i]["purpose_he"],
        [
            (
                "אמצעי תשלום וטיפים שיכולים להקל עליכם, אם",
                "אמצעי תשלום וטיפים שיכולים להקל עליכם את התשלום, אם",
            )
        ],
    ),
    "hebrew: «להקל עליכם» needs its object",
)

# 17 q_leisure_preferences_03
i = "q_leisure_preferences_03"
q(i, "text_he", new(H, i, "text_he"), "hebrew: «ספרו את שניהם» unclear: count what?")
off(
    i,
    "credit_cards",
    "value_exchange_en",
    new(M, i, "value_exchange_en (credit_cards row)"),
    "method: cinema and theatre counted together, the card deal was cinema only",
)
off(
    i,
    "credit_cards",
    "value_exchange_he",
    new(M, i, "value_exchange_he (credit_cards row)"),
    "method: cinema and theatre counted together, the card deal was cinema only",
)

# 20 q_credit_cards_ended_partner_benefit
i = "q_credit_cards_ended_partner_benefit"
q(
    i,
    "text_en",
    new(M, i, "text_en"),
    "method: 'was on your card' contradicts the eligibility rule (the card still bears it)",
)
q(
    i,
    "text_he",
    new(M, i, "text_he"),
    "method: 'was on your card' contradicts the eligibility rule (the card still bears it)",
)
q(
    i,
    "value_exchange_he",
    new(H, i, "value_exchange_he"),
    "hebrew: «לו» pointed back to the route, not the benefit",
)
q(
    i,
    "purpose_he",
    sub(
        Q[i]["purpose_he"],
        [("למסלול שנותן את מה שתבחרו, או למסלול הדומה לו ביותר שיש לנו", new(H, i, "purpose_he"))],
    ),
    "hebrew: «לו» pointed back to the route, not the benefit",
)

# 21 q_banking_household_enlistment
i = "q_banking_household_enlistment"
q(i, "text_en", new(M, i, "text_en"), "method: the respondent may be the one enlisting")
q(i, "text_he", new(M, i, "text_he"), "method: the respondent may be the one enlisting")
q(i, "options_he", new(H, i, "options_he"), "hebrew: «הבאים» and «הקרובים» for the same period")
q(
    i,
    "purpose_en",
    sub(
        Q[i]["purpose_en"],
        [
            (
                "We ask whether someone in your home is starting army or national service, and when, so that",
                "We ask whether you or someone else in your home is starting army or national service, and when, so that",
            )
        ],
    ),
    "method: the respondent may be the one enlisting",
)
q(
    i,
    "purpose_he",
    sub(
        Q[i]["purpose_he"],
        [
            (
                "אנחנו שואלים אם מישהו בבית מתחיל שירות צבאי או לאומי, ומתי, כדי שאפשר יהיה לפתוח חשבון חייל עם ההטבות שלו עוד לפני יום הגיוס.",
                new(M, i, "purpose_he (sentence)"),
            ),
            ("לבקשה של מי שמתחיל", "לבקשת מי שמתחיל"),
        ],
    ),
    "method: the respondent may be the one enlisting; hebrew: «לבקשת מי»",
)
el(
    i,
    "rule_en",
    new(P, i, "eligibility_rule_en"),
    "privacy: minors (17) asked directly, also in advertising WhatsApp; ask customers aged 18 and parents",
)
el(
    i,
    "rule_he",
    new(P, i, "eligibility_rule_he"),
    "privacy: minors (17) asked directly, also in advertising WhatsApp; ask customers aged 18 and parents",
)

# 22 q_consumer_preferences_05: hebrew singular + new closing option (lead: method §4)
i = "q_consumer_preferences_05"
assert i not in PLANNED
q(
    i,
    "options_en",
    Q[i]["options_en"] + "|No preference",
    "method §4: no 'No preference' on a 'most' single choice",
)
q(
    i,
    "options_he",
    new(H, i, "options_he") + "|אין העדפה",
    "hebrew: «מבצע כמות» singular like the stem; method §4: «אין העדפה»",
)
q(
    i,
    "option_codes",
    Q[i]["option_codes"] + "|no_preference",
    "method §4: new code no_preference, last (after Other, rule 27)",
)
q(i, "anchored_options", "other;no_preference", "method §4: the new closing option stays last")

# 23 q_brand_affinity_06
i = "q_brand_affinity_06"
en = sub(
    Q[i]["purpose_en"],
    [
        (
            "We delete the answer two years after you give it, or earlier if you ask.",
            new(P, i, "purpose_en"),
        )
    ],
)
q(
    i,
    "purpose_en",
    en,
    "privacy: a yes is the s. 30A consent; kept while a member plus the proof period",
)
he = sub(
    Q[i]["purpose_he"],
    [
        (
            "אם תענו «כן», אתם מסכימים לקבל מאיתנו באפליקציה ובמייל את ההזמנות של הקהילה",
            new(H, i, "purpose_he"),
        ),
        ("נמחק את התשובה שנתיים אחרי שעניתם, או מוקדם יותר אם תבקשו.", new(P, i, "purpose_he")),
    ],
)
q(
    i,
    "purpose_he",
    he,
    "privacy: consent kept while a member plus the proof period; hebrew: «תשובת «כן» היא הסכמה»",
)
el(
    i,
    "rule_en",
    new(M, i, "eligibility_rule_en"),
    "method: a yes consents to the app and email; reachable there",
)
el(
    i,
    "rule_he",
    new(M, i, "eligibility_rule_he"),
    "method: a yes consents to the app and email; reachable there",
)

# 24 q_location_05
i = "q_location_05"
q(i, "text_en", new(M, i, "text_en"), "method: no starting point, no 'usually'")
q(i, "text_he", new(M, i, "text_he"), "method: no starting point, no 'usually'")
for ind in ("retail", "banking"):
    off(
        i,
        ind,
        "text_en",
        new(M, i, f"text_en ({ind} row)"),
        "method: no starting point, no 'usually'",
    )
    off(
        i,
        ind,
        "text_he",
        new(M, i, f"text_he ({ind} row)"),
        "method: no starting point, no 'usually'",
    )

for r in rows:
    assert r[0] in Q, r
    if r[0] in PLANNED:
        assert r[1] == "questions" and r[3] in {
            "text_en",
            "text_he",
            "options_en",
            "options_he",
            "value_exchange_en",
            "value_exchange_he",
            "purpose_en",
            "purpose_he",
        }, r

with open(HERE / "fixes.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["question_id", "table", "industry", "column", "new_value", "reason"])
    w.writerows(rows)
print(len(rows), "cells;", len({r[0] for r in rows}), "questions")
