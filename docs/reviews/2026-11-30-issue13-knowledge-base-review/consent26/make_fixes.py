# ruff: noqa: E501  (a one-off generator kept as the record of a review round)
"""Consent pass 26: one agent consent (q_insurance_share_answers_with_agent) and one agent
sentence per insurance notice, naming the option that releases the answer.

Run from a checkout's root (kept as the record; it reads templates/questions.csv and
templates/eligibility.csv and writes fixes.csv next to this script):

    python docs/reviews/2026-11-30-issue13-knowledge-base-review/consent26/make_fixes.py

Every replacement names the exact old clause; the script stops if a clause is not found exactly
once, so it cannot silently rewrite the wrong text.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = Path.cwd()
CONSENT = "q_insurance_share_answers_with_agent"

# the consent's options (the first four and the last kept word for word; one new option)
OPTIONS_EN = [
    "My policies and renewal dates, so the agent can prepare offers for me",
    "Expected changes in my life, for a cover review",
    "Who depends on my income, for a cover review",
    "What worries me most, for a cover review",
    "My home and what is in it (whether I own or rent, valuables, mortgage insurance), "
    "for a cover review",
    "None: keep my answers with the insurance company only",
]
OPTIONS_HE = [
    "הפוליסות ומועדי החידוש שלי, כדי שהסוכן יכין לי הצעות",
    "שינויים צפויים בחיים שלי, לבדיקת כיסוי",
    "מי תלוי בהכנסה שלי, לבדיקת כיסוי",
    "מה הכי מדאיג אותי, לבדיקת כיסוי",
    "הדירה שלי ומה שיש בה (בעלות או שכירות, פריטים יקרי ערך, ביטוח המשכנתה), לבדיקת כיסוי",
    "אף אחת: שהתשובות שלי יישארו רק בחברת הביטוח",
]
CODES = [
    "answers_about_policies_renewal", "answers_about_life_changes", "income_dependants",
    "main_worries", "answers_about_home", "nothing_keep_answers_only",
]  # fmt: skip
POL, LIFE, DEP, WOR, HOME = range(5)

Q_EN = "in our question on which answers we may pass to your agent"
Q_HE = "בשאלה שלנו על התשובות שמותר להעביר לסוכן"


def tick_en(o: int) -> str:
    return f'you ticked "{OPTIONS_EN[o]}" {Q_EN}'


def tick_he(o: int) -> str:
    return f"סימנתם «{OPTIONS_HE[o]}» {Q_HE}"


def recv_en(o: int, subject: str = "It") -> str:
    """The one agent sentence (without its closing stop or semicolon)."""
    return f"{subject} is received by us, and by your insurance agent with us only if {tick_en(o)}"


def recv_he(o: int, subject: str = "התשובה") -> str:
    return f"{subject} מגיעה אלינו, וסוכן הביטוח שלכם אצלנו יקבל אותה רק אם {tick_he(o)}"


# question -> option, and its replacements: (column, old clause, new clause)
R: dict[str, tuple[int | None, list[tuple[str, str, str]]]] = {}


def add(qid: str, option: int | None, *edits: tuple[str, str, str]) -> None:
    R[qid] = (option, list(edits))


# the common old clauses
EN_AGENT_POL = (
    "It is received by us, and by your agent with us only if you agreed to pass your "
    "policy and renewal answers to your agent"
)
HE_AGENT_POL = (
    "התשובה מגיעה אלינו, והסוכן שלכם אצלנו יקבל אותה רק אם הסכמתם שנעביר לו את "
    "התשובות על הפוליסות ועל מועדי החידוש שלכם"
)
EN_SENS_THAT = (
    "It is received by us, and by your insurance agent only if you separately agreed "
    "that we pass your sensitive answers to your agent"
)
EN_SENS_TO = (
    "It is received by us, and by your insurance agent only if you separately agreed to "
    "pass your sensitive answers to your agent"
)
HE_SENS_THAT = (
    "התשובה מגיעה אלינו, וסוכן הביטוח שלכם יקבל אותה רק אם הסכמתם בנפרד שנעביר לו את "
    "התשובות הרגישות שלכם"
)
HE_SENS_TO = (
    "התשובה מגיעה אלינו, וסוכן הביטוח שלכם יקבל אותה רק אם הסכמתם בנפרד להעביר לו את "
    "התשובות הרגישות שלכם"
)

# --- policies and renewal dates: to prepare offers
add(
    "q_risk_aversion_03",
    POL,
    ("purpose_en", EN_AGENT_POL, recv_en(POL)),
    (
        "purpose_he",
        "התשובה נשמרת אצלנו, והסוכן שלכם אצלנו יקבל אותה רק אם הסכמתם להעביר לו את "
        "התשובות שלכם על הפוליסות ועל החידושים",
        recv_he(POL),
    ),
)
add(
    "q_trustworthiness_03",
    POL,
    ("purpose_en", EN_SENS_THAT, recv_en(POL)),
    ("purpose_he", HE_SENS_THAT, recv_he(POL)),
)
add(
    "q_trustworthiness_04",
    POL,
    (
        "purpose_en",
        "It is received by us, and by your insurance agent only if you agreed that we "
        "pass your policy and renewal answers to your agent",
        recv_en(POL),
    ),
    (
        "purpose_he",
        "התשובה מגיעה אלינו, וסוכן הביטוח שלכם יקבל אותה רק אם הסכמתם שנעביר לו את "
        "התשובות שלכם על הפוליסות ועל החידושים",
        recv_he(POL),
    ),
)
add(
    "q_transport_preferences_04",
    POL,
    ("purpose_en", EN_AGENT_POL, recv_en(POL)),
    (
        "purpose_he",
        "התשובה נשמרת אצלנו, והסוכן שלכם אצלנו יקבל אותה רק אם הסכמתם להעביר לו את "
        "התשובות שלכם על הפוליסות ועל החידושים",
        recv_he(POL),
    ),
)
add(
    "q_insurance_external_policy_lines",
    POL,
    (
        "purpose_en",
        "It is received by us, and by the insurance agent for your policies with us "
        "only if you agreed that we pass your policy and renewal answers to your agent",
        recv_en(POL),
    ),
    (
        "purpose_he",
        "התשובה מגיעה אלינו, וסוכן הביטוח של הפוליסות שלכם אצלנו יקבל אותה רק אם "
        "הסכמתם שנעביר לו מידע על הפוליסות שלכם ועל מועדי החידוש שלהן",
        recv_he(POL),
    ),
)
add(
    "q_insurance_external_policy_voice",
    POL,
    ("purpose_en", EN_AGENT_POL, recv_en(POL)),
    ("purpose_he", HE_AGENT_POL, recv_he(POL)),
)
add(
    "q_insurance_external_renewal_month",
    POL,
    (
        "purpose_en",
        "Only we and your insurance agent (if you have one and agreed to it) use the answer",
        recv_en(POL, "The answer"),
    ),
    (
        "purpose_he",
        "רק אנחנו וסוכן הביטוח שלכם (אם יש לכם סוכן והסכמתם לכך) משתמשים בתשובה",
        recv_he(POL),
    ),
)
add(
    "q_insurance_external_renewal_month_voice",
    POL,
    (
        "purpose_en",
        "If your policies with us have an insurance agent and you separately agreed "
        "that we pass your policy and renewal answers to your agent, the agent receives "
        "the answer and sends you the quote, contacting you only in the way you chose "
        "when you agreed",
        f"If you have an insurance agent with us and {tick_en(POL)}, the agent receives the answer "
        "and sends you the quote, contacting you only if you have agreed to receive marketing "
        "messages from the agent",
    ),
    (
        "purpose_he",
        "אם לפוליסות שלכם אצלנו יש סוכן ביטוח והסכמתם בנפרד לכך שנעביר לו את התשובות "
        "שלכם על הפוליסות ועל מועדי החידוש, הסוכן יקבל את התשובה וישלח לכם את ההצעה, "
        "ויפנה אליכם רק בדרך שבחרתם כשהסכמתם",
        f"אם יש לכם סוכן ביטוח אצלנו ו{tick_he(POL)}, הסוכן יקבל את התשובה וישלח לכם את ההצעה, "
        "ויפנה אליכם רק אם הסכמתם לקבל ממנו דברי פרסומת",
    ),
    (
        "value_exchange_en",
        "from us or, if you agreed that we pass your renewal answers to the "
        "insurance agent for your policies with us, from that agent",
        f"from us or, if {tick_en(POL)}, from your insurance agent with us",
    ),
    (
        "value_exchange_he",
        "ההצעה תגיע מאיתנו, או מסוכן הביטוח של הפוליסות שלכם אצלנו אם הסכמתם "
        "שנעביר לו את התשובות על מועדי החידוש",
        f"ההצעה תגיע מאיתנו, או מסוכן הביטוח שלכם אצלנו אם {tick_he(POL)}",
    ),
)
add(
    "q_insurance_external_home_renewal_month",
    POL,
    ("purpose_en", EN_AGENT_POL, recv_en(POL)),
    (
        "purpose_he",
        "התשובה נשמרת אצלנו, והסוכן שלכם אצלנו יקבל אותה רק אם הסכמתם שנעביר לו מידע "
        "על הפוליסות שלכם ועל מועדי החידוש שלהן",
        recv_he(POL),
    ),
)
add(
    "q_insurance_external_home_renewal_month_voice",
    POL,
    ("purpose_en", EN_AGENT_POL, recv_en(POL)),
    ("purpose_he", HE_AGENT_POL, recv_he(POL)),
)
add(
    "q_insurance_external_insurer",
    POL,
    ("purpose_en", EN_AGENT_POL, recv_en(POL)),
    ("purpose_he", HE_AGENT_POL, recv_he(POL)),
)
add(
    "q_insurance_has_regular_agent",
    POL,
    (
        "purpose_en",
        "They come from the insurance agent for your policies with us if you have one "
        "and separately agreed that we pass your policy and renewal answers to your "
        "agent (the agent then contacts you only in the way you chose when you agreed)",
        "They come from your insurance agent with us if you have one and we may pass this answer to "
        "that agent (the agent contacts you about them only if you have agreed to receive marketing "
        "messages from the agent)",
    ),
    ("purpose_en", EN_AGENT_POL, recv_en(POL)),
    (
        "purpose_he",
        "ההצעות יגיעו מסוכן הביטוח של הפוליסות שלכם אצלנו, אם יש לכם סוכן והסכמתם "
        "בנפרד לכך שנעביר לו מידע על הפוליסות שלכם ועל מועדי החידוש שלהן (והוא יפנה "
        "אליכם רק בדרך שבחרתם כשהסכמתם)",
        "ההצעות יגיעו מסוכן הביטוח שלכם אצלנו, אם יש לכם סוכן ומותר לנו להעביר לו את התשובה הזאת "
        "(והוא יפנה אליכם בעניין הזה רק אם הסכמתם לקבל ממנו דברי פרסומת)",
    ),
    ("purpose_he", HE_AGENT_POL, recv_he(POL)),
    (
        "value_exchange_en",
        "from us or, if you agreed that we pass your policy and renewal answers "
        "to the insurance agent for your policies with us, from that agent",
        f"from us or, if {tick_en(POL)}, from your insurance agent with us",
    ),
    (
        "value_exchange_he",
        "מאיתנו, או מסוכן הביטוח של הפוליסות שלכם אצלנו, אם הסכמתם שנעביר לו "
        "מידע על הפוליסות שלכם ועל מועדי החידוש שלהן",
        f"מאיתנו, או מסוכן הביטוח שלכם אצלנו, אם {tick_he(POL)}",
    ),
)
add(
    "q_insurance_supplementary_plan_tier",
    POL,
    (
        "purpose_en",
        "Your agent with us receives it only if you agreed that we pass your policy and "
        "renewal answers to your agent",
        recv_en(POL, "The answer"),
    ),
    (
        "purpose_he",
        "התשובה תועבר לסוכן הביטוח שלכם רק אם הסכמתם שהתשובות שלכם על הפוליסות ועל "
        "החידושים יועברו לסוכן",
        recv_he(POL),
    ),
)
add(
    "q_insurance_employer_group_health",
    POL,
    ("purpose_en", EN_AGENT_POL, recv_en(POL)),
    (
        "purpose_he",
        "התשובה מגיעה אלינו, וסוכן הביטוח שלכם יקבל אותה רק אם הסכמתם שנעביר לו את "
        "התשובות על הפוליסות ועל מועדי החידוש שלכם",
        recv_he(POL),
    ),
)

# --- expected changes in my life (and their follow-ups): cover review
add(
    "q_insurance_expected_life_events",
    LIFE,
    ("purpose_en", EN_SENS_THAT, recv_en(LIFE)),
    ("purpose_he", HE_SENS_THAT, recv_he(LIFE)),
)
add(
    "q_insurance_expected_life_events_voice",
    LIFE,
    (
        "purpose_en",
        "It is received by us, and by your insurance agent only if you separately "
        "agreed that we pass your answers about expected changes in your life to your "
        "agent",
        recv_en(LIFE),
    ),
    (
        "purpose_he",
        "התשובה מגיעה אלינו, וסוכן הביטוח שלכם יקבל אותה רק אם הסכמתם בנפרד לכך "
        "שנעביר לו את התשובות שלכם על השינויים הצפויים בחיים שלכם",
        recv_he(LIFE),
    ),
)
add(
    "q_insurance_life_event_month",
    LIFE,
    (
        "purpose_en",
        "it is received by us, and by your insurance agent only if you separately "
        "agreed that we pass your answers of special sensitivity to your agent",
        recv_en(LIFE, "it"),
    ),
    (
        "purpose_he",
        "היא מגיעה אלינו, וסוכן הביטוח שלכם יקבל אותה רק אם הסכמתם בנפרד שנעביר לו את "
        "התשובות שלכם שהן מידע בעל רגישות מיוחדת",
        recv_he(LIFE, "היא"),
    ),
)
add(
    "q_insurance_mortgage_plan",
    LIFE,
    (
        "purpose_en",
        "Your insurance agent receives it only if you have separately agreed that we "
        "pass your answers about expected changes in your life to your agent",
        recv_en(LIFE, "The answer"),
    ),
    (
        "purpose_he",
        "סוכן הביטוח שלכם יקבל את התשובה רק אם הסכמתם בנפרד לכך שנעביר לו את התשובות "
        "שלכם על השינויים הצפויים בחיים שלכם",
        recv_he(LIFE),
    ),
)
add(
    "q_insurance_beneficiaries_checked",
    LIFE,
    (
        "purpose_en",
        "It is received by us, and by your insurance agent only if you ticked "
        '"Expected changes in my life" when we asked which of your answers we may pass '
        "to your agent",
        recv_en(LIFE),
    ),
    (
        "purpose_he",
        "התשובה מגיעה אלינו, וסוכן הביטוח שלכם יקבל אותה רק אם סימנתם «שינויים צפויים "
        "בחיים שלי» כששאלנו אילו מהתשובות שלכם אתם מסכימים שנעביר לסוכן",
        recv_he(LIFE),
    ),
)
add(
    "q_insurance_car_replacement_month",
    LIFE,
    (
        "purpose_en",
        "Our team uses it, and your insurance agent receives it only if you separately "
        "agreed that we pass your answers about expected changes in your life to your "
        "agent; the agent then contacts you about it only in the way you chose when you "
        "agreed",
        recv_en(LIFE, "The answer")
        + "; the agent contacts you about it only if you have agreed to receive "
        "marketing messages from the agent",
    ),
    (
        "purpose_he",
        "הצוות שלנו משתמש בתשובה, וסוכן הביטוח שלכם יקבל אותה רק אם הסכמתם בנפרד לכך "
        "שנעביר לו את התשובות שלכם על השינויים הצפויים בחיים שלכם, ואז הוא יפנה אליכם "
        "בעניין הזה רק בדרך שבחרתם כשהסכמתם",
        recv_he(LIFE) + "; הסוכן יפנה אליכם בעניין הזה רק אם הסכמתם לקבל ממנו דברי פרסומת",
    ),
)
add(
    "q_insurance_young_driver_licence",
    LIFE,
    ("purpose_en", EN_SENS_THAT, recv_en(LIFE)),
    ("purpose_he", HE_SENS_THAT, recv_he(LIFE)),
)
add(
    "q_transport_preferences_02",
    LIFE,
    ("purpose_en", EN_SENS_TO, recv_en(LIFE)),
    ("purpose_he", HE_SENS_TO, recv_he(LIFE)),
)

# --- who depends on my income (and its follow-ups): cover review
add(
    "q_insurance_income_dependants",
    DEP,
    (
        "purpose_en",
        "it is received by us, and by your agent with us only if you separately agreed "
        "to pass your sensitive answers to your agent",
        recv_en(DEP, "it"),
    ),
    (
        "purpose_he",
        "את התשובה מקבלים אנחנו, והסוכן שלכם אצלנו יקבל אותה רק אם הסכמתם בנפרד "
        "להעביר לו את התשובות הרגישות שלכם",
        recv_he(DEP),
    ),
)
add(
    "q_insurance_youngest_child_age",
    DEP,
    (
        "purpose_en",
        "The insurance agent for your policies with us receives it only if you ticked "
        '"Who depends on my income" when we asked which of your answers we may pass to '
        "your agent",
        recv_en(DEP, "The answer"),
    ),
    (
        "purpose_he",
        "סוכן הביטוח של הפוליסות שלכם אצלנו יקבל את התשובה רק אם סימנתם «מי תלוי "
        "בהכנסה שלי» כששאלנו אילו מהתשובות שלכם אתם מסכימים שנעביר לסוכן",
        recv_he(DEP),
    ),
    (
        "value_exchange_en",
        "with your agent if you agreed to share this answer with them",
        f"with your insurance agent if {tick_en(DEP)}",
    ),
    (
        "value_exchange_he",
        "עם סוכן הביטוח שלכם, אם הסכמתם שנעביר לו את התשובה הזאת",
        f"עם סוכן הביטוח שלכם, אם {tick_he(DEP)}",
    ),
)
add(
    "q_insurance_income_loss_worry",
    DEP,
    (
        "purpose_en",
        "If you have an insurance agent and separately agreed that we pass your answers "
        "about what worries you most to your agent, your agent reviews it with you",
        f"If you have an insurance agent with us and {tick_en(DEP)}, your agent reviews it with "
        "you",
    ),
    (
        "purpose_he",
        "אם יש לכם סוכן ביטוח והסכמתם בנפרד לכך שנעביר לו את התשובות שלכם על מה שהכי "
        "מדאיג אתכם, הסוכן שלכם יבדוק איתכם את הכיסוי",
        f"אם יש לכם סוכן ביטוח אצלנו ו{tick_he(DEP)}, הסוכן שלכם יבדוק איתכם את הכיסוי",
    ),
    (
        "value_exchange_en",
        "with your insurance agent if you agreed that we pass this answer to them",
        f"with your insurance agent if {tick_en(DEP)}",
    ),
    (
        "value_exchange_he",
        "עם סוכן הביטוח שלכם אם הסכמתם שנעביר לו את התשובה הזאת",
        f"עם סוכן הביטוח שלכם אם {tick_he(DEP)}",
    ),
)
add(
    "q_insurance_life_cover_elsewhere",
    DEP,
    ("purpose_en", EN_SENS_TO, recv_en(DEP)),
    ("purpose_he", HE_SENS_TO, recv_he(DEP)),
)

# --- what worries me most: cover review
add(
    "q_insurance_main_worry",
    WOR,
    (
        "purpose_en",
        "it is received by us, and by the insurance agent through whom you are insured "
        "with us only if you separately agreed that we pass your answers about what "
        "worries you most to your agent",
        recv_en(WOR, "it"),
    ),
    (
        "purpose_he",
        "היא מגיעה אלינו, וסוכן הביטוח שדרכו אתם מבוטחים אצלנו יקבל אותה רק אם הסכמתם "
        "בנפרד לכך שנעביר לו את התשובות שלכם על מה שהכי מדאיג אתכם",
        recv_he(WOR, "היא"),
    ),
)

# --- my home and what is in it (new option): cover review
add(
    "q_insurance_home_owner_or_renter",
    HOME,
    (
        "purpose_en",
        "The answer is received by us, and by your insurance agent only if you "
        "separately agreed to pass your sensitive answers to your agent",
        recv_en(HOME, "The answer"),
    ),
    (
        "purpose_he",
        "התשובה מגיעה אלינו, וסוכן הביטוח שלכם יקבל אותה רק אם הסכמתם בנפרד שנעביר לו "
        "את התשובות הרגישות שלכם",
        recv_he(HOME),
    ),
)
add(
    "q_insurance_valuables_at_home",
    HOME,
    ("purpose_en", EN_SENS_TO, recv_en(HOME)),
    ("purpose_he", HE_SENS_TO, recv_he(HOME)),
)
add(
    "q_insurance_mortgage_insurance_source",
    HOME,
    (
        "purpose_en",
        "Your agent with us receives your answer only if you separately agreed to pass "
        "your sensitive answers to your agent",
        recv_en(HOME, "The answer"),
    ),
    (
        "purpose_he",
        "הסוכן שלכם אצלנו יקבל את התשובה רק אם הסכמתם בנפרד להעביר לו את התשובות הרגישות שלכם",
        recv_he(HOME),
    ),
)

# --- the consent itself
RELEASES_EN = (
    "If you tick your policies and renewal dates, we pass the policies you hold with us and "
    "elsewhere, when they renew and with which company, the deductible you prefer, your years "
    "without a car insurance claim, your other health cover, whether you ride an electric bike or "
    "scooter and whether you would share driving data; the agent uses these answers only to "
    "prepare offers for you. If you tick expected changes in your life, we pass the changes you "
    "expect and when, your mortgage plans, when your new car is due and its engine, when your "
    "child expects a driving licence and whether your beneficiaries are up to date. If you tick "
    "who depends on your income, we pass who depends on it, the youngest child's age, what "
    "worries you most for them and your life or disability cover elsewhere. If you tick what "
    "worries you most, we pass your main worry. If you tick your home and what is in it, we pass "
    "whether you own or rent it, your valuables and who insures your mortgage. The agent uses "
    "the answers of these four only for a cover review with you. A tick also covers answers on "
    "its subject that you give us later."
)
RELEASES_HE = (
    "אם תסמנו את הפוליסות ומועדי החידוש, נעביר את הפוליסות שיש לכם אצלנו ובמקומות אחרים, מתי הן "
    "מתחדשות ובאיזו חברה, את ההשתתפות העצמית שמתאימה לכם, כמה שנים נהגתם בלי תביעה בביטוח הרכב, "
    "את כיסויי הבריאות הנוספים שלכם, אם אתם רוכבים על אופניים חשמליים או על קורקינט חשמלי ואם "
    "תסכימו לשתף נתוני נהיגה; הסוכן ישתמש בתשובות האלה רק להכנת הצעות בשבילכם. אם תסמנו שינויים "
    "צפויים בחיים שלכם, נעביר את השינויים שאתם צופים ומתי, את התוכניות שלכם בנושא משכנתה, מתי "
    "יגיע הרכב החדש ואיזה מנוע אתם שוקלים לו, מתי הילד שלכם צפוי לקבל רישיון נהיגה ואם המוטבים "
    "שלכם מעודכנים. אם תסמנו מי תלוי בהכנסה שלכם, נעביר מי תלוי בה, את הגיל של הילד הצעיר ביותר, "
    "מה הכי מדאיג אתכם בנוגע אליהם ואיזה ביטוח חיים או ביטוח אובדן כושר עבודה יש לכם במקום אחר. "
    "אם תסמנו מה הכי מדאיג אתכם, נעביר את הדאגה העיקרית שלכם. אם תסמנו את הדירה שלכם ומה שיש בה, "
    "נעביר אם היא בבעלותכם או בשכירות, את הפריטים יקרי הערך שלכם ומי מבטח את המשכנתה שלכם. הסוכן "
    "ישתמש בתשובות של ארבע האפשרויות האלה רק לבדיקת כיסוי איתכם. סימון חל גם על תשובות בנושא שלו "
    "שתיתנו לנו בהמשך."
)
CONSENT_EDITS = [
    (
        "purpose_en",
        "The agent uses your policy and renewal answers only to prepare offers for "
        "you, and each of the others only for a cover review with you.",
        RELEASES_EN,
    ),
    (
        "purpose_en",
        "The answers on changes in your life, on who depends on your income, on what "
        "worries you and on life, pension or savings policies can be information of "
        "special sensitivity: ticking them here is your explicit consent to pass them",
        "Any of these answers can be information of special sensitivity, such as about your "
        "health, your family or your finances: ticking an option here is your explicit consent to "
        "pass its answers",
    ),
    (
        "purpose_he",
        "הסוכן ישתמש בתשובות על הפוליסות ועל מועדי החידוש רק להכנת הצעות בשבילכם, "
        "ובכל אחת מהאחרות רק לבדיקת כיסוי איתכם.",
        RELEASES_HE,
    ),
    (
        "purpose_he",
        "התשובות על שינויים בחיים שלכם, על מי שתלוי בהכנסה שלכם, על מה שמדאיג אתכם "
        "ועל ביטוחי חיים, פנסיה או חיסכון יכולות להיות מידע בעל רגישות מיוחדת: כשאתם "
        "מסמנים אותן כאן, אתם נותנים את הסכמתכם המפורשת לכך שנעביר אותן",
        "כל אחת מהתשובות האלה יכולה להיות מידע בעל רגישות מיוחדת, למשל על הבריאות, על המשפחה או על "
        "הכספים שלכם: כשאתם מסמנים אפשרות כאן, אתם נותנים את הסכמתכם המפורשת לכך שנעביר את "
        "התשובות שלה",
    ),
]
RULE_EN = (
    "policyholders whose policy with us names an insurance agent and who have already "
    "given us at least one of the answers its options pass; each option except the last is "
    "shown only if the customer has already given us at least one of the answers that "
    "option passes, as the question's purpose notice lists them"
)
RULE_HE = (
    "מבוטחים שיש להם אצלנו פוליסה שרשום בה סוכן ביטוח ושכבר נתנו לנו לפחות אחת מהתשובות "
    "שהאפשרויות בשאלה מעבירות; כל אפשרות, חוץ מהאחרונה, מוצגת רק אם הלקוח כבר נתן לנו "
    "לפחות אחת מהתשובות שהיא מעבירה, כפי שהודעת המטרה של השאלה מפרטת אותן"
)

NAMES = [
    "policies and renewal dates",
    "expected changes in my life",
    "who depends on my income",
    "what worries me most",
    "my home and what is in it",
]


def replace_once(text: str, old: str, new: str, where: str) -> str:
    if text.count(old) != 1:
        sys.exit(f"{where}: old clause found {text.count(old)} times: {old[:80]}")
    return text.replace(old, new)


def main() -> None:
    questions = {
        r["question_id"]: r
        for r in csv.DictReader((ROOT / "templates/questions.csv").open(encoding="utf-8"))
    }
    out: list[list[str]] = []
    for qid, (option, edits) in R.items():
        row = questions[qid]
        new = {}
        for column, old, repl in edits:
            new[column] = replace_once(new.get(column, row[column]), old, repl, f"{qid}.{column}")
        reason = (
            f"consent pass 26: the one agent consent names its option "
            f"'{NAMES[option]}' ({CODES[option]})"
        )
        for column, value in new.items():
            out.append([qid, "questions", "", column, value, reason])
    row = questions[CONSENT]
    reason = (
        "consent pass 26: the granular consent is the one consent (the yes/no twin is "
        "retired); new option 'my home and what is in it'; the notice lists what each "
        "option passes and for what use"
    )
    out.append([CONSENT, "questions", "", "option_codes", "|".join(CODES), reason])
    out.append([CONSENT, "questions", "", "options_en", "|".join(OPTIONS_EN), reason])
    out.append([CONSENT, "questions", "", "options_he", "|".join(OPTIONS_HE), reason])
    new = {}
    for column, old, repl in CONSENT_EDITS:
        new[column] = replace_once(new.get(column, row[column]), old, repl, f"{CONSENT}.{column}")
    for column, value in new.items():
        out.append([CONSENT, "questions", "", column, value, reason])
    rule_reason = (
        "consent pass 26: an option passes several answers; the question is asked only "
        "of those who gave at least one"
    )
    out.append([CONSENT, "eligibility", "", "rule_en", RULE_EN, rule_reason])
    out.append([CONSENT, "eligibility", "", "rule_he", RULE_HE, rule_reason])
    with (HERE / "fixes.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["question_id", "table", "industry", "column", "new_value", "reason"])
        w.writerows(out)
    print(f"{len(out)} cells in {len({r[0] for r in out})} questions")


if __name__ == "__main__":
    main()
