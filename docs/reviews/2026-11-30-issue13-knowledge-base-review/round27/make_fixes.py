# ruff: noqa: E501, E741, SIM115  (a one-off generator kept as the record of a review round)
"""Write round27/fixes.csv: the merged cells of the three round-27 reviews.

Cells are built from the current templates (HEAD 58f039b) by exact replacement of the old
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
        out[(cells[0], cells[1])] = cells[3]
    return out


H, P, M = review("hebrew"), review("privacy"), review("method")
rows = []


def sub(old, pairs):
    for a, b in pairs:
        assert old.count(a) == 1, (a, old)
        old = old.replace(a, b)
    return old


def q(qid, col, new, reason):
    assert col in Q[qid], col
    assert new != Q[qid][col], (qid, col)
    rows.append([qid, "questions", "", col, new, reason])


def off(qid, ind, col, new, reason):
    assert new != O[(qid, ind)][col], (qid, ind, col)
    rows.append([qid, "offers", ind, col, new, reason])


def el(qid, col, new, reason):
    assert new != E[qid][col]
    rows.append([qid, "eligibility", "", col, new, reason])


def strip_note(cell):
    return re.sub(r" \((?:new code|new codes|code|codes) `[^)]*\)$", "", cell)


# 1 q_credit_cards_switch_intent
i = "q_credit_cards_switch_intent"
new_opt_en = strip_note(M[(i, "options_en")])
q(
    i,
    "options_en",
    new_opt_en,
    "method: no option for spending moved to another card (eligibility: spending halved)",
)
q(
    i,
    "options_he",
    M[(i, "options_he")],
    "method: no option for spending moved to another card (eligibility: spending halved)",
)
q(
    i,
    "option_codes",
    "yes_suits|mostly_but_something_missing|now_use_another_card|considering_another_card|ive_decided_replace",
    "method: new option 3rd, code named after its label",
)
q(i, "purpose_en", P[(i, "purpose_en")], "privacy: say why the customer is asked (spending fell)")
he = Q[i]["purpose_he"]
he = sub(
    he,
    [
        (
            "ולתקן את מה שחסר, במידת האפשר. בגלל התשובה לא נקטין בשום מקרה את מסגרת האשראי שלכם, לא נשנה לרעה את תנאי הכרטיס ולא נעכב את ביטול הכרטיס אם תבקשו לבטל אותו.",
            "ולתקן את מה שחסר, במידת האפשר. אנחנו שואלים כי השתמשתם בכרטיס שלנו פחות בחודשים האחרונים. התשובה לא תוביל בשום מקרה להקטנת מסגרת האשראי שלכם, לשינוי לרעה בתנאי הכרטיס או לעיכוב בביטול הכרטיס אם תבקשו לבטל אותו.",
        )
    ],
)
q(i, "purpose_he", he, "privacy: say why the customer is asked; hebrew: «בגלל התשובה לא…» calque")

# 2 q_retail_holidays_hosted
i = "q_retail_holidays_hosted"
q(
    i,
    "options_en",
    strip_note(M[(i, "options_en")]),
    "method: Mimouna and Novy God buried as examples; their own options",
)
q(
    i,
    "options_he",
    M[(i, "options_he")],
    "method: Mimouna and Novy God buried as examples; their own options",
)
codes = Q[i]["option_codes"].split("|")
codes[10:10] = ["mimouna", "novy_god"]
q(i, "option_codes", "|".join(codes), "method: new codes mimouna, novy_god (11th, 12th)")
q(
    i,
    "value_exchange_en",
    M[(i, "value_exchange_en")],
    "method: another_holiday cannot be timed; ideas in the profile",
)
q(
    i,
    "value_exchange_he",
    M[(i, "value_exchange_he")],
    "method: another_holiday cannot be timed; ideas in the profile",
)

# 3 q_telecom_other_lines_free_to_move
i = "q_telecom_other_lines_free_to_move"
q(i, "options_en", M[(i, "options_en")], "method: bands leave gaps at ₪49.90 and ₪79.90")
q(i, "options_he", M[(i, "options_he")], "method: bands leave gaps at ₪49.90 and ₪79.90")
q(i, "purpose_en", P[(i, "purpose_en")], "privacy: the quoted price does not depend on the answer")
q(i, "purpose_he", P[(i, "purpose_he")], "privacy: the quoted price does not depend on the answer")

# 6 q_growth_potential_03 (method stem + privacy answer-independent benefits)
i = "q_growth_potential_03"
q(
    i,
    "text_en",
    M[(i, "text_en")],
    "method: household spending on 'our kind' of products is unknown and meaningless for banks, insurers, funds",
)
q(
    i,
    "text_he",
    M[(i, "text_he")],
    "method: household spending on 'our kind' of products is unknown and meaningless for banks, insurers, funds",
)
q(
    i,
    "options_en",
    M[(i, "options_en")],
    "method: options follow the new stem (same directions, codes kept)",
)
q(
    i,
    "options_he",
    M[(i, "options_he")],
    "method: options follow the new stem (same directions, codes kept)",
)
q(
    i,
    "value_exchange_en",
    "Our benefits, with those most useful to you shown first if your use of our products and services rises or falls; the benefits you are entitled to do not depend on your answer",
    "privacy: benefits must not depend on the answer; method: the new construct",
)
q(
    i,
    "value_exchange_he",
    "ההטבות שלנו, כשהשימושיות ביותר עבורכם מוצגות קודם אם השימוש שלכם במוצרים ובשירותים שלנו יגדל או יקטן; ההטבות שמגיעות לכם לא תלויות בתשובה",
    "privacy: benefits must not depend on the answer; method: the new construct",
)
EN_OLD = "We ask whether you expect your household's spending on the kind of products and services we offer to change, to offer you benefits that match your expected activity with us."
EN_NEW = "We ask whether you expect to use our products and services more or less over the next 12 months, to show you first the benefits most useful to you if your use of them rises or falls. The benefits you are entitled to, and their value, do not depend on your answer."
HE_NEW = "אנחנו שואלים אם אתם צופים שתשתמשו במוצרים ובשירותים שלנו יותר או פחות ב-12 החודשים הקרובים, כדי להציג לכם קודם את ההטבות השימושיות ביותר עבורכם אם השימוש שלכם בהם יגדל או יקטן. ההטבות שמגיעות לכם והשווי שלהן לא תלויים בתשובה."


def he_old(cell):
    m = re.search(r"אנחנו שואלים אם ההוצאה[^.]*\.", cell)
    return m.group(0)


R6 = "method: new construct (use of our products); privacy: benefits do not depend on the answer"
q(i, "purpose_en", sub(Q[i]["purpose_en"], [(EN_OLD, EN_NEW)]), R6)
q(i, "purpose_he", sub(Q[i]["purpose_he"], [(he_old(Q[i]["purpose_he"]), HE_NEW)]), R6)
off(i, "health", "purpose_en", sub(O[(i, "health")]["purpose_en"], [(EN_OLD, EN_NEW)]), R6)
off(
    i,
    "health",
    "purpose_he",
    sub(O[(i, "health")]["purpose_he"], [(he_old(O[(i, "health")]["purpose_he"]), HE_NEW)]),
    R6,
)

# 9 q_financial_stability_05
i = "q_financial_stability_05"
q(
    i,
    "text_en",
    M[(i, "text_en")],
    "method: 'without borrowing' scope spelt out (overdraft, loan, family help)",
)
q(
    i,
    "text_he",
    "עד כמה אתם בטוחים שתוכלו לעמוד בהוצאה לא צפויה של 5,000 ₪ בתוך חודש מהכסף שלכם, בלי מינוס, בלי הלוואה ובלי עזרה ממשפחה או מחברים?",
    "hebrew: «יש לכם ביטחון» vs scale «בטוחים»; method: scope of «הלוואה» ≠ borrowing",
)

# 11 q_generic_language_address
i = "q_generic_language_address"
q(
    i,
    "options_en",
    P[(i, "options_en")],
    "privacy: free text for an unserved language is origin-proxy data with no use; closed option",
)
q(
    i,
    "options_he",
    P[(i, "options_he")],
    "privacy: free text for an unserved language is origin-proxy data with no use; closed option",
)
q(i, "other_specify", "", "privacy: the option takes no free text")
q(
    i,
    "purpose_en",
    P[(i, "purpose_en")],
    "privacy: the fallback for another language stated, no free text",
)
q(
    i,
    "purpose_he",
    P[(i, "purpose_he")],
    "privacy: the fallback for another language stated, no free text",
)

# 12 q_insurance_life_cover_elsewhere (planned: labels only)
i = "q_insurance_life_cover_elsewhere"
q(
    i,
    "options_en",
    M[(i, "options_en")],
    "method: the private-policy label overlapped mortgage and employer cover (same code, label clarified)",
)
he = M[(i, "options_he")].split("|")
he[2] = H[(i, "options_he")].split("|")[2]
q(
    i,
    "options_he",
    "|".join(he),
    "method: private-policy label clarified; hebrew: mixed prepositions «דרך … או ב…»",
)
q(
    i,
    "purpose_he",
    H[(i, "purpose_he")],
    "hebrew: «לרוב במסגרת קרן הפנסיה» ≠ 'often inside a pension fund'",
)

# 13 q_digital_preferences_03
i = "q_digital_preferences_03"
for c in ("value_exchange_en", "value_exchange_he", "purpose_en", "purpose_he"):
    q(i, c, P[(i, c)], "privacy: the summary stays in the profile; the email lists no products")

# 14 q_behavioral_tendencies_01
i = "q_behavioral_tendencies_01"
q(
    i,
    "options_en",
    M[(i, "options_en")],
    "method: 'consult someone' is not a duration and overlaps 'think it over'; EN 'act' vs HE «מנצלים»",
)
he = M[(i, "options_he")].replace("יום-יומיים", "יום־יומיים")
q(i, "options_he", he, "method: a duration option; hebrew: maqaf in «יום־יומיים»")
q(
    i,
    "option_codes",
    "act_right_away|think_over_day_two|take_longer|usually_let_go",
    "method: consult_someone_first removed, new code take_longer (the option now means a longer time)",
)
q(
    i,
    "purpose_en",
    sub(
        Q[i]["purpose_en"],
        [
            (
                "never to rush you with countdowns or pressure",
                "never to pressure you to decide quickly, with countdowns or in any other way",
            )
        ],
    ),
    "hebrew: the HE wording changed; EN says the same",
)
q(i, "purpose_he", H[(i, "purpose_he")], "hebrew: «לזרז אתכם … בלחץ» unidiomatic")

# 15 q_activity_hours_03
i = "q_activity_hours_03"
q(i, "value_exchange_he", H[(i, "value_exchange_he")], "hebrew: «בחלק היום שבו» sounds translated")
q(i, "purpose_he", H[(i, "purpose_he")], "hebrew: «בחלק היום שבו» sounds translated")

# 17 q_health_switch_reason
i = "q_health_switch_reason"
q(
    i,
    "text_en",
    M[(i, "text_en")],
    "method: 'a move' ambiguous alone; privacy+method: the warning belongs to Other",
)
q(
    i,
    "text_he",
    "מה הסיבה העיקרית שבגללה אתם שוקלים לעבור לקופת חולים אחרת? (אם תבחרו «סיבה אחרת», נא לא לכתוב פרטים רפואיים או פרטים רגישים אחרים.)",
    "method: name the move; privacy+method: the warning belongs to Other; hebrew: «סיבה אחרת» agrees with «הסיבה»",
)
q(
    i,
    "options_en",
    strip_note(M[(i, "options_en")]),
    "method: a top reason (the family's fund) was missing",
)
q(
    i,
    "options_he",
    "המרחק מהמרפאה|זמני ההמתנה לתורים|רופא שאני רוצה זמין רק בקופה אחרת|הביטוח המשלים|השירות בבית המרקחת|האפליקציה והשירותים הדיגיטליים|השירות שקיבלתי|כדי להיות באותה קופה עם בני המשפחה|סיבה אחרת (נא לפרט)",
    "method: new option, «שאני רוצה»; hebrew: «הביטוח המשלים» term, «סיבה אחרת» agreement",
)
q(
    i,
    "option_codes",
    "distance_clinic|waiting_times_appointments|doctor_want_only_another|supplementary_plan|medicines_pharmacy|app_digital_services|service_received|family_other_fund|another_reason",
    "method: new code family_other_fund (8th, shuffled; another_reason stays anchored)",
)
en = sub(
    P[(i, "purpose_en")],
    [
        (
            "We ask the main reason you are considering a move so",
            "We ask the main reason you are considering moving to another health fund so",
        )
    ],
)
q(i, "purpose_en", en, "privacy: delete sensitive details written anyway; method: name the move")
he = sub(
    P[(i, "purpose_he")],
    [
        ("שוקלים לעבור, כדי", "שוקלים לעבור לקופת חולים אחרת, כדי"),
        ("אם תבחרו «אחר»,", "אם תבחרו «סיבה אחרת»,"),
    ],
)
q(
    i,
    "purpose_he",
    he,
    "privacy: delete sensitive details written anyway; method: name the move; hebrew: «סיבה אחרת»",
)

# 19 q_consumer_preferences_02
i = "q_consumer_preferences_02"
q(i, "options_he", M[(i, "options_he")], "method: «גם» reads 'also', not 'even'")

# 20 q_concerns_04
i = "q_concerns_04"
q(i, "options_en", M[(i, "options_en")], "method: 'None of these' ambiguous next to 'Another risk'")
q(i, "options_he", M[(i, "options_he")], "method: 'None of these' ambiguous next to 'Another risk'")

# 21 q_health_doctor_gender_booking
i = "q_health_doctor_gender_booking"
q(i, "purpose_en", P[(i, "purpose_en")], "privacy: 'the fund's' breaks the 'we' voice")
el(i, "rule_he", H[(i, "eligibility_rule_he")], "hebrew: «שאנו» vs «אנחנו» everywhere else")

# 23 q_retail_move_month
i = "q_retail_move_month"
q(i, "value_exchange_he", H[(i, "value_exchange_he")], "hebrew: «הזמנת הבית שלכם» ambiguous")
q(i, "purpose_he", H[(i, "purpose_he")], "hebrew: «הצעות הבית שלנו» calque")

# 24 q_health_child_reminders
i = "q_health_child_reminders"
el(
    i,
    "rule_en",
    M[(i, "eligibility_rule_en")],
    "method+privacy: under 18 asks beyond the purpose; the offer (Tipat Halav) serves ages 0-6",
)
el(
    i,
    "rule_he",
    M[(i, "eligibility_rule_he")],
    "method+privacy: under 18 asks beyond the purpose; the offer (Tipat Halav) serves ages 0-6",
)
q(i, "text_en", M[(i, "text_en")], "method: the age band follows the service")
q(
    i,
    "text_he",
    "האם תרצו תזכורות לחיסונים השגרתיים ולבדיקות ההתפתחות של הילדים שלכם מתחת לגיל 6 הרשומים אצלנו?",
    "method: the age band; hebrew: «הילדים שלכם»",
)
en = sub(
    P[(i, "purpose_en")],
    [("of your children registered with us", "of your children under 6 registered with us")],
)
q(i, "purpose_en", en, "privacy: 'the fund's registry' -> 'our member registry'; method: age band")
he = sub(
    Q[i]["purpose_he"], [("של הילדים הרשומים אצלנו,", "של הילדים שלכם מתחת לגיל 6 הרשומים אצלנו,")]
)
q(i, "purpose_he", he, "method: age band; hebrew: «הילדים שלכם»")

# 25 q_risk_aversion_02
i = "q_risk_aversion_02"
q(
    i,
    "options_en",
    strip_note(M[(i, "options_en")]),
    "method: 'consult an adviser first' is a common real answer",
)
q(
    i,
    "options_he",
    M[(i, "options_he")],
    "method: 'consult an adviser first' is a common real answer",
)
q(
    i,
    "option_codes",
    "sell_everything|sell_part|wait_out|buy_more|consult_adviser_first|dont_know|prefer_not_to_say",
    "method: new code consult_adviser_first (5th)",
)
q(i, "value_exchange_he", H[(i, "value_exchange_he")], "hebrew: bare «לתנודות» needs «בשוק»")
q(
    i,
    "purpose_en",
    P[(i, "purpose_en")],
    "privacy: no product recommended or offered from the answer (suitability, Investment Advice Law s. 12)",
)
q(
    i,
    "purpose_he",
    P[(i, "purpose_he")],
    "privacy: no product recommended or offered from the answer (suitability, Investment Advice Law s. 12)",
)

with open(HERE / "fixes.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["question_id", "table", "industry", "column", "new_value", "reason"])
    w.writerows(rows)
print(len(rows), "cells;", len({r[0] for r in rows}), "questions")
