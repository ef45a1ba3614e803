# ruff: noqa: E501  (a one-off generator kept as the record of a review round)
"""Measurement pass 26 (house style rule 19, as the lead rewrites it): on a rating, score or
likelihood item, or one that asks whether the customer is considering leaving, no benefit or
contact depends on the answer. The follow-up is open to everyone whatever the answer: the customer
asks for it after answering (on a call, the agent offers it), so the answer itself triggers
nothing.

Run from a checkout's root (kept as the record; it reads templates/questions.csv and
templates/offers.csv and writes fixes.csv next to this script):

    python docs/reviews/2026-11-30-issue13-knowledge-base-review/measure26/make_fixes.py

Every offer is given whole, with the old offer it replaces. Every notice edit names the exact old
sentence or clause, and the script stops if the old text does not match (an offer) or is not
found exactly once (a notice clause), so it cannot silently rewrite the wrong text. Nothing but
those sentences changes.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = Path.cwd()
REASON = (
    "Rule 19 (measurement pass 26): the benefit no longer depends on the answer to a "
    "measurement question; open to everyone, whatever the answer, on request after answering"
)

# (question_id, industry or "") -> {"value_exchange_en": (old, new), ...,
#                                    "purpose_en": [(old clause, new clause), ...], ...}
EDITS: dict[tuple[str, str], dict[str, object]] = {}


def edit(qid: str, industry: str = "", **cols: object) -> None:
    EDITS[(qid, industry)] = cols


# ---------------------------------------------------------------- q_brand_affinity_02 (0-10)
edit(
    "q_brand_affinity_02",
    value_exchange_en=(
        "If you score us 0 to 6, one of our staff contacts you within two business days to hear "
        "what we should improve",
        "Whatever your score, one of our staff contacts you within two business days to hear "
        "what we should improve, if you ask for it after you answer",
    ),
    value_exchange_he=(
        "אם תיתנו לנו ציון בין 0 ל-6, אחד מאנשי הצוות שלנו יפנה אליכם בתוך שני ימי עסקים כדי "
        "לשמוע מה עלינו לשפר",
        "בלי קשר לציון שתיתנו, אחד מאנשי הצוות שלנו יפנה אליכם בתוך שני ימי עסקים כדי לשמוע מה "
        "עלינו לשפר, אם תבקשו זאת אחרי שתענו",
    ),
    purpose_en=[
        (
            "We ask how likely you are to recommend us, to have one of our staff contact you if you "
            "score us 0 to 6, and to pass your answer to the team that serves you so that it can "
            "improve.",
            "We ask how likely you are to recommend us, to pass your answer to the team that serves "
            "you so that it can improve. Whatever your score, one of our staff contacts you if you "
            "ask for it after you answer.",
        )
    ],
    purpose_he=[
        (
            "אנחנו שואלים עד כמה סביר שתמליצו עלינו, כדי שאחד מאנשי הצוות שלנו יפנה אליכם אם תיתנו "
            "לנו ציון בין 0 ל-6, וכדי שהצוות שנותן לכם שירות יקבל את התשובה וישתפר בעקבותיה.",
            "אנחנו שואלים עד כמה סביר שתמליצו עלינו, כדי שהצוות שנותן לכם שירות יקבל את התשובה "
            "וישתפר בעקבותיה. בלי קשר לציון שתיתנו, אחד מאנשי הצוות שלנו יפנה אליכם אם תבקשו זאת "
            "אחרי שתענו.",
        )
    ],
)

# ---------------------------------------------------------------- q_satisfaction_01 (1-5)
# The offer is the rule's own example; it adds the two business days the rule's example names.
edit(
    "q_satisfaction_01",
    value_exchange_en=(
        "If you rate us 1 or 2, a team leader will contact you personally",
        "Whatever your rating, a call from a team leader within two business days if you ask "
        "for one after you answer",
    ),
    value_exchange_he=(
        "אם תדרגו אותנו 1 או 2, ראש צוות יחזור אליכם אישית",
        "בלי קשר לדירוג שלכם, שיחה עם ראש צוות בתוך שני ימי עסקים, אם תבקשו אותה אחרי שתענו",
    ),
    purpose_en=[
        (
            "We ask how satisfied you are with today's service, to have a team leader contact you "
            "and put it right if you rate it 1 or 2.",
            "We ask how satisfied you are with today's service, to measure the quality of our "
            "service and, whatever your rating, to arrange a call from a team leader if you ask for "
            "one after you answer.",
        )
    ],
    purpose_he=[
        (
            "אנחנו שואלים עד כמה אתם מרוצים מהשירות שקיבלתם היום, כדי שאם תדרגו אותו 1 או 2, ראש "
            "צוות יחזור אליכם ויטפל בעניין.",
            "אנחנו שואלים עד כמה אתם מרוצים מהשירות שקיבלתם היום, כדי למדוד את איכות השירות שלנו, "
            "ולתאם לכם, בלי קשר לדירוג שלכם, שיחה עם ראש צוות, אם תבקשו אותה אחרי שתענו.",
        )
    ],
)

# ---------------------------------------------------------------- q_satisfaction_06 (1-5)
edit(
    "q_satisfaction_06",
    value_exchange_en=(
        "If you rate it 1 or 2, we contact you within two business days to review with you what "
        "you pay and what you get",
        "Whatever your rating, a call from us within two business days to review with you what "
        "you pay and what you get, if you ask for it after you answer",
    ),
    value_exchange_he=(
        "אם תבחרו 1 או 2, ניצור איתכם קשר בתוך שני ימי עסקים כדי לבדוק יחד מה אתם משלמים ומה "
        "אתם מקבלים",
        "בלי קשר לדירוג שלכם, שיחה איתנו בתוך שני ימי עסקים כדי לבדוק יחד מה אתם משלמים ומה "
        "אתם מקבלים, אם תבקשו אותה אחרי שתענו",
    ),
    purpose_en=[
        (
            ", and to review with you what you pay and what you get if you rate it 1 or 2.",
            ". Whatever your rating, we review with you what you pay and what you get if you ask us "
            "to after you answer.",
        )
    ],
    purpose_he=[
        (
            ", ולבדוק איתכם מה אתם משלמים ומה אתם מקבלים אם תבחרו 1 או 2.",
            ". בלי קשר לדירוג שלכם, נבדוק איתכם מה אתם משלמים ומה אתם מקבלים, אם תבקשו זאת אחרי "
            "שתענו.",
        )
    ],
)

# ---------------------------------------------------------------- q_satisfaction_07 (1-5)
edit(
    "q_satisfaction_07",
    value_exchange_en=(
        "If you rate it 1 or 2, our service team contacts you within two business days to help "
        "you finish what you wanted to do",
        "Whatever your rating, our service team contacts you within two business days to help "
        "you finish what you wanted to do, if you ask for it after you answer",
    ),
    value_exchange_he=(
        "אם תיתנו ציון 1 או 2, צוות השירות שלנו ייצור איתכם קשר בתוך שני ימי עסקים כדי לעזור "
        "לכם להשלים את מה שרציתם לעשות",
        "בלי קשר לציון שתיתנו, צוות השירות שלנו ייצור איתכם קשר בתוך שני ימי עסקים כדי לעזור "
        "לכם להשלים את מה שרציתם לעשות, אם תבקשו זאת אחרי שתענו",
    ),
    purpose_en=[
        (
            "If you rate it 1 or 2, our service team contacts you within two business days.",
            "Whatever your rating, our service team contacts you within two business days if you "
            "ask for it after you answer.",
        )
    ],
    purpose_he=[
        (
            "אם תיתנו ציון 1 או 2, צוות השירות שלנו ייצור איתכם קשר בתוך שני ימי עסקים.",
            "בלי קשר לציון שתיתנו, צוות השירות שלנו ייצור איתכם קשר בתוך שני ימי עסקים, אם "
            "תבקשו זאת אחרי שתענו.",
        )
    ],
)

# ------------------------------------------------ q_moments_of_truth_03 (considered leaving?)
edit(
    "q_moments_of_truth_03",
    value_exchange_en=(
        "If you answer yes, a call from a senior service representative, if you want one, to "
        "put right what made you consider leaving",
        "Whatever you answer, a call from a senior service representative to put right what "
        "bothers you, if you ask for one after you answer",
    ),
    value_exchange_he=(
        "אם תענו «כן», שיחה עם נציג שירות בכיר, אם תרצו, כדי לתקן את מה שגרם לכם לשקול לעזוב",
        "בלי קשר לתשובה שלכם, שיחה עם נציג שירות בכיר כדי לתקן את מה שמפריע לכם, אם תבקשו "
        "אותה אחרי שתענו",
    ),
    purpose_en=[
        (
            "We ask whether you have considered leaving us in the past 12 months, so that, if you "
            "answer yes, a senior service representative can call you, if you want, to put right "
            "what made you consider it.",
            "We ask whether you have considered leaving us in the past 12 months, to learn how many "
            "customers consider leaving. Whatever you answer, a senior service representative calls "
            "you to put right what bothers you if you ask for it after you answer.",
        )
    ],
    purpose_he=[
        (
            "אנחנו שואלים אם ב-12 החודשים האחרונים שקלתם לעזוב אותנו, כדי שאם תענו «כן», נציג "
            "שירות בכיר יוכל להתקשר אליכם, אם תרצו, ולתקן את מה שגרם לכם לשקול זאת.",
            "אנחנו שואלים אם ב-12 החודשים האחרונים שקלתם לעזוב אותנו, כדי ללמוד כמה לקוחות שוקלים "
            "לעזוב. בלי קשר לתשובה שלכם, נציג שירות בכיר יתקשר אליכם כדי לתקן את מה שמפריע לכם, "
            "אם תבקשו זאת אחרי שתענו.",
        )
    ],
)

# ---------------------------------------------------- q_moments_of_truth_04 (first month, 1-5)
# The welcome call was offered "if something needs setting up": in practice read off a low
# rating. Open to everyone, on request.
edit(
    "q_moments_of_truth_04",
    value_exchange_en=(
        "A welcome call to set up whatever isn't working yet",
        "Whatever your rating, a welcome call to set up whatever isn't working yet, if you ask "
        "for one after you answer",
    ),
    value_exchange_he=(
        "שיחת היכרות כדי לסדר את מה שעוד לא עובד",
        "בלי קשר לדירוג שלכם, שיחת היכרות כדי לסדר את מה שעוד לא עובד, אם תבקשו אותה אחרי שתענו",
    ),
    purpose_en=[
        (
            ", and to offer you a welcome call if something needs setting up.",
            ", and, whatever your rating, to give you a welcome call if you ask for one after you "
            "answer.",
        )
    ],
    purpose_he=[
        (
            ", ולהציע לכם שיחת היכרות אם צריך לסדר משהו.",
            ", ולקיים איתכם, בלי קשר לדירוג שלכם, שיחת היכרות, אם תבקשו אותה אחרי שתענו.",
        )
    ],
)

# ---------------------------------------------------------------- q_churn_potential_01 (1-5)
edit(
    "q_churn_potential_01",
    value_exchange_en=(
        "If you choose 1, 2 or 3, one of our staff contacts you within five business days to "
        "hear what may make you leave and to try to fix it",
        "Whatever you choose, one of our staff contacts you within five business days to hear "
        "what may make you leave and to try to fix it, if you ask for it after you answer",
    ),
    value_exchange_he=(
        "אם תבחרו 1, 2 או 3, אחד מאנשי הצוות שלנו יפנה אליכם בתוך חמישה ימי עסקים כדי לשמוע מה "
        "עלול לגרום לכם לעזוב ולנסות לפתור את זה",
        "בלי קשר לתשובה שתבחרו, אחד מאנשי הצוות שלנו יפנה אליכם בתוך חמישה ימי עסקים כדי לשמוע "
        "מה עלול לגרום לכם לעזוב ולנסות לפתור את זה, אם תבקשו זאת אחרי שתענו",
    ),
    purpose_en=[
        (
            "We ask how likely you are to stay with us, to have one of our staff contact you if you "
            "choose 1, 2 or 3, to hear what may make you leave and to try to fix it.",
            "We ask how likely you are to stay with us, to learn from all customers' answers how "
            "likely customers are to stay. Whatever you choose, one of our staff contacts you within "
            "five business days if you ask for it after you answer, to hear what may make you leave "
            "and to try to fix it.",
        )
    ],
    purpose_he=[
        (
            "אנחנו שואלים עד כמה סביר שתישארו איתנו, כדי שאחד מאנשי הצוות שלנו יפנה אליכם אם "
            "תבחרו 1, 2 או 3, ישמע מה עלול לגרום לכם לעזוב וינסה לפתור את זה.",
            "אנחנו שואלים עד כמה סביר שתישארו איתנו, כדי ללמוד מכלל התשובות עד כמה סביר שהלקוחות "
            "יישארו. בלי קשר לתשובה שתבחרו, אחד מאנשי הצוות שלנו יפנה אליכם בתוך חמישה ימי עסקים "
            "אם תבקשו זאת אחרי שתענו, ישמע מה עלול לגרום לכם לעזוב וינסה לפתור את זה.",
        )
    ],
)

# ------------------------------------------------ q_churn_potential_03 (what would make you leave)
edit(
    "q_churn_potential_03",
    value_exchange_en=(
        "If you tell us you have already had a bad experience with us, one of our staff contacts "
        "you within five business days to put it right; every reason counts in what we improve "
        "first",
        "Whatever you choose, one of our staff contacts you within five business days to put "
        "right a bad experience you have had with us, if you ask for it after you answer; every "
        "reason counts in what we improve first",
    ),
    value_exchange_he=(
        "אם תספרו לנו שכבר הייתה לכם חוויה לא טובה אצלנו, אחד מאנשי הצוות שלנו יפנה אליכם בתוך "
        "חמישה ימי עסקים כדי לתקן את זה; כל סיבה נלקחת בחשבון כשאנחנו מחליטים מה לשפר קודם",
        "בלי קשר לתשובה שתבחרו, אחד מאנשי הצוות שלנו יפנה אליכם בתוך חמישה ימי עסקים כדי לתקן "
        "חוויה לא טובה שהייתה לכם אצלנו, אם תבקשו זאת אחרי שתענו; כל סיבה נלקחת בחשבון "
        "כשאנחנו מחליטים מה לשפר קודם",
    ),
    purpose_en=[
        (
            "If you tell us you have already had a bad experience with us, one of our staff contacts "
            "you within five business days to put it right.",
            "Whatever you choose, one of our staff contacts you within five business days to put "
            "right a bad experience you have had with us, if you ask for it after you answer.",
        )
    ],
    purpose_he=[
        (
            "אם תספרו לנו שכבר הייתה לכם חוויה לא טובה אצלנו, אחד מאנשי הצוות שלנו יפנה אליכם בתוך "
            "חמישה ימי עסקים כדי לתקן את זה.",
            "בלי קשר לתשובה שתבחרו, אחד מאנשי הצוות שלנו יפנה אליכם בתוך חמישה ימי עסקים כדי לתקן "
            "חוויה לא טובה שהייתה לכם אצלנו, אם תבקשו זאת אחרי שתענו.",
        )
    ],
)

# ------------------------------------------------------------- q_trustworthiness_05 (1-5)
# Content on the screen, no team to staff: a link for everyone right after answering
# (commitment stays false).
edit(
    "q_trustworthiness_05",
    value_exchange_en=(
        "If you rate it 1, 2 or 3: a plain overview of what we keep about you, why we keep it and "
        "how we protect it; you can also see your data at any time without answering",
        "Whatever your rating, right after you answer, a link to a plain overview of what we keep "
        "about you, why we keep it and how we protect it; you can also see your data at any time "
        "without answering",
    ),
    value_exchange_he=(
        "אם תדרגו 1, 2 או 3: סקירה פשוטה של המידע עליכם שנשמר אצלנו, למה אנחנו שומרים אותו "
        "ואיך אנחנו מגנים עליו; אפשר לעיין במידע הזה בכל עת, גם בלי לענות",
        "בלי קשר לדירוג שלכם, מייד אחרי שתענו, קישור לסקירה פשוטה של המידע עליכם שנשמר אצלנו, "
        "למה אנחנו שומרים אותו ואיך אנחנו מגנים עליו; אפשר לעיין במידע הזה בכל עת, גם בלי לענות",
    ),
    purpose_en=[
        (
            "If you rate it 1, 2 or 3, we show you a plain overview of what we keep about you, why we "
            "keep it and how we protect it.",
            "Whatever your rating, right after you answer you get a link to a plain overview of what "
            "we keep about you, why we keep it and how we protect it.",
        )
    ],
    purpose_he=[
        (
            "אם תדרגו 1, 2 או 3, אנחנו מציגים לכם סקירה פשוטה של המידע עליכם שנשמר אצלנו, למה אנחנו "
            "שומרים אותו ואיך אנחנו מגנים עליו.",
            "בלי קשר לדירוג שלכם, מייד אחרי שתענו תקבלו קישור לסקירה פשוטה של המידע עליכם שנשמר "
            "אצלנו, למה אנחנו שומרים אותו ואיך אנחנו מגנים עליו.",
        )
    ],
)

# ------------------------------------------------- q_insurance_claim_experience_score (1-5)
edit(
    "q_insurance_claim_experience_score",
    value_exchange_en=(
        "If you rate the handling 1 or 2, a claims team leader calls you within two business days",
        "Whatever your rating, a claims team leader calls you within two business days if you "
        "ask for it after you answer",
    ),
    value_exchange_he=(
        "אם תדרגו את הטיפול 1 או 2, ראש צוות תביעות יחזור אליכם בתוך שני ימי עסקים",
        "בלי קשר לדירוג שלכם, ראש צוות תביעות יחזור אליכם בתוך שני ימי עסקים, אם תבקשו זאת "
        "אחרי שתענו",
    ),
    purpose_en=[
        (
            "We ask, after your claim closes, how it was handled so that a claims team leader can "
            "call you if you rate the handling 1 or 2, and to improve how we handle claims.",
            "We ask, after your claim closes, how it was handled, to improve how we handle claims "
            "and, whatever your rating, to arrange a call from a claims team leader if you ask for "
            "one after you answer.",
        )
    ],
    purpose_he=[
        (
            "אנחנו שואלים, אחרי סגירת התביעה, איך היא טופלה, כדי שראש צוות תביעות יחזור אליכם אם "
            "תדרגו את הטיפול 1 או 2, וכדי לשפר את הטיפול בתביעות.",
            "אנחנו שואלים, אחרי סגירת התביעה, איך היא טופלה, כדי לשפר את הטיפול בתביעות, ולתאם "
            "לכם, בלי קשר לדירוג שלכם, שיחה עם ראש צוות תביעות, אם תבקשו אותה אחרי שתענו.",
        )
    ],
)

# -------------------------------------------------- q_credit_cards_dispute_experience (1-5)
edit(
    "q_credit_cards_dispute_experience",
    value_exchange_en=(
        "If you rate us 1 or 2, a manager from our disputes team calls you back within two "
        "business days to hear what went wrong",
        "Whatever your rating, a manager from our disputes team calls you back within two "
        "business days to hear what went wrong, if you ask for it after you answer",
    ),
    value_exchange_he=(
        "אם תבחרו 1 או 2, אחד המנהלים בצוות בירורי החיובים יחזור אליכם בתוך שני ימי עסקים כדי "
        "לשמוע מה לא היה בסדר",
        "בלי קשר לדירוג שלכם, אחד המנהלים בצוות בירורי החיובים יחזור אליכם בתוך שני ימי עסקים "
        "כדי לשמוע מה לא היה בסדר, אם תבקשו זאת אחרי שתענו",
    ),
    purpose_en=[
        (
            "If you rate us 1 or 2, a manager from our disputes team calls you back within two "
            "business days.",
            "Whatever your rating, a manager from our disputes team calls you back within two "
            "business days if you ask for it after you answer.",
        )
    ],
    purpose_he=[
        (
            "אם תבחרו 1 או 2, אחד המנהלים בצוות בירורי החיובים יחזור אליכם בתוך שני ימי עסקים.",
            "בלי קשר לדירוג שלכם, אחד המנהלים בצוות בירורי החיובים יחזור אליכם בתוך שני ימי עסקים, "
            "אם תבקשו זאת אחרי שתענו.",
        )
    ],
)

# ---------------------------------------------------------------- q_health_visit_score (1-5)
edit(
    "q_health_visit_score",
    value_exchange_en=(
        "If you rate the visit 1 or 2, someone from the clinic management will get back to you "
        "within two business days",
        "Whatever your rating, someone from the clinic management will get back to you within "
        "two business days if you ask for it after you answer",
    ),
    value_exchange_he=(
        "אם תדרגו את הביקור ב-1 או ב-2, מישהו מהנהלת המרפאה יחזור אליכם בתוך שני ימי עסקים",
        "בלי קשר לדירוג שלכם, מישהו מהנהלת המרפאה יחזור אליכם בתוך שני ימי עסקים, אם תבקשו "
        "זאת אחרי שתענו",
    ),
    purpose_en=[
        (
            "so that the clinic management can fix what did not work and get back to you if you rate "
            "the visit 1 or 2.",
            "so that the clinic management can fix what did not work and, whatever your rating, get "
            "back to you if you ask for it after you answer.",
        )
    ],
    purpose_he=[
        (
            "כדי שהנהלת המרפאה תתקן את מה שלא עבד, ושמישהו מההנהלה יחזור אליכם אם תדרגו את הביקור "
            "ב-1 או ב-2.",
            "כדי שהנהלת המרפאה תתקן את מה שלא עבד, ושבלי קשר לדירוג שלכם, מישהו מההנהלה יחזור "
            "אליכם אם תבקשו זאת אחרי שתענו.",
        )
    ],
)

# ---------------------------------------------------------------- q_generic_recommend (0-10)
edit(
    "q_generic_recommend",
    value_exchange_en=(
        "If you give us a score of 0 to 6, we call you back within two business days to put it "
        "right",
        "Whatever your score, we call you back within two business days to put right what did "
        "not work, if you ask for it after you answer",
    ),
    value_exchange_he=(
        "אם תיתנו לנו ציון בין 0 ל-6, נחזור אליכם בתוך שני ימי עסקים כדי לתקן את מה שלא עבד",
        "בלי קשר לציון שתיתנו, נחזור אליכם בתוך שני ימי עסקים כדי לתקן את מה שלא עבד, אם "
        "תבקשו זאת אחרי שתענו",
    ),
    purpose_en=[
        (
            "to learn what we should improve and, after a score of 0 to 6, to call you back within "
            "two business days.",
            "to learn what we should improve and, whatever your score, to call you back within two "
            "business days if you ask for it after you answer.",
        )
    ],
    purpose_he=[
        (
            "כדי ללמוד מה עלינו לשפר ולחזור אליכם בתוך שני ימי עסקים אם תיתנו לנו ציון בין 0 ל-6.",
            "כדי ללמוד מה עלינו לשפר, ולחזור אליכם, בלי קשר לציון שתיתנו, בתוך שני ימי עסקים, אם "
            "תבקשו זאת אחרי שתענו.",
        )
    ],
)

# ---------------------------------------------- q_generic_considering_leaving (considering?)
edit(
    "q_generic_considering_leaving",
    value_exchange_en=(
        "If you are considering leaving us, we call you within two business days to see what we "
        "can put right",
        "Whatever you answer, we call you within two business days to see what we can put right, "
        "if you ask for it after you answer",
    ),
    value_exchange_he=(
        "אם אתם שוקלים לעבור לחברה אחרת, נחזור אליכם בתוך שני ימי עסקים כדי לבדוק מה אפשר לתקן",
        "בלי קשר לתשובה שלכם, נחזור אליכם בתוך שני ימי עסקים כדי לבדוק מה אפשר לתקן, אם "
        "תבקשו זאת אחרי שתענו",
    ),
    purpose_en=[
        (
            "We ask whether you are considering leaving us, so that, if you are, we can call you "
            "and see what we can put right.",
            "We ask whether you are considering leaving us, to learn how many customers are "
            "considering it and, whatever you answer, to call you and see what we can put right "
            "if you ask for it after you answer.",
        ),
        (
            "We call you once, and only if you answer that you are considering a move or have "
            "decided to move;",
            "We call you once, and only if you ask us to after you answer;",
        ),
    ],
    purpose_he=[
        (
            "אנחנו שואלים אם אתם שוקלים לעבור לחברה אחרת, כדי שאם כן, נוכל לחזור אליכם ולבדוק "
            "מה אפשר לתקן.",
            "אנחנו שואלים אם אתם שוקלים לעבור לחברה אחרת, כדי ללמוד כמה לקוחות שוקלים זאת, "
            "ולחזור אליכם, בלי קשר לתשובה שלכם, ולבדוק מה אפשר לתקן, אם תבקשו זאת אחרי שתענו.",
        ),
        (
            "נתקשר אליכם פעם אחת, ורק אם תענו שאתם שוקלים לעבור או שהחלטתם לעבור;",
            "נתקשר אליכם פעם אחת, ורק אם תבקשו זאת אחרי שתענו;",
        ),
    ],
)

# ---------------------------------------------------------------- q_concerns_06 (worry, 1-5)
edit(
    "q_concerns_06",
    value_exchange_en=(
        "If it worries you (3, 4 or 5), free one-to-one help with our digital services from our "
        "staff",
        "Whatever you answer, free one-to-one help with our digital services from our staff, if "
        "you ask for it after you answer",
    ),
    value_exchange_he=(
        "אם זה מדאיג אתכם (3, 4 או 5), הדרכה אישית על השירותים הדיגיטליים שלנו מאחד מאנשי "
        "הצוות, ללא עלות",
        "בלי קשר לתשובה שלכם, הדרכה אישית על השירותים הדיגיטליים שלנו מאחד מאנשי הצוות, ללא "
        "עלות, אם תבקשו אותה אחרי שתענו",
    ),
    purpose_en=[
        (
            "to offer you, if it worries you, free one-to-one help with our digital services from "
            "our staff.",
            "to plan how we help customers with them. Whatever you answer, one of our staff gives "
            "you free one-to-one help with our digital services if you ask for it after you answer.",
        )
    ],
    purpose_he=[
        (
            "כדי להציע לכם, אם זה מדאיג אתכם, הדרכה אישית על השירותים הדיגיטליים שלנו מאחד מאנשי "
            "הצוות, ללא עלות.",
            "כדי לתכנן איך לעזור ללקוחות בשירותים האלה. בלי קשר לתשובה שלכם, אחד מאנשי הצוות ייתן "
            "לכם הדרכה אישית על השירותים הדיגיטליים שלנו, ללא עלות, אם תבקשו אותה אחרי שתענו.",
        )
    ],
)

# ------------------------------------------ q_telecom_switch_intent_voice (IVR: moving away?)
# On a call the agent offers the review after the answer, whatever the key pressed.
edit(
    "q_telecom_switch_intent_voice",
    value_exchange_en=(
        "If you press 2 or 3, the agent who takes your call reviews your plan and price with you",
        "Whatever you answer, the agent who takes your call offers to review your plan and price "
        "with you",
    ),
    value_exchange_he=(
        "אם תקישו 2 או 3, הנציג שיענה לכם יבדוק איתכם את החבילה והמחיר",
        "בלי קשר לתשובה שלכם, הנציג שיענה לכם יציע לבדוק איתכם את החבילה והמחיר",
    ),
    purpose_en=[
        (
            "so that the agent can review your plan and price with you on this call.",
            "so that the agent can review your plan and price with you on this call. The agent "
            "offers you this review whatever you answer.",
        )
    ],
    purpose_he=[
        (
            "כדי שהנציג יוכל לבדוק איתכם את החבילה והמחיר כבר בשיחה הזאת.",
            "כדי שהנציג יוכל לבדוק איתכם את החבילה והמחיר כבר בשיחה הזאת. הנציג יציע לכם את "
            "הבדיקה הזאת בלי קשר לתשובה שלכם.",
        )
    ],
)

# --------------------------------------------------------- q_satisfaction_04 (product, 1-5)
# "If something is wrong with it" was read off a low rating; the report link goes to everyone.
edit(
    "q_satisfaction_04",
    value_exchange_en=(
        "If something is wrong with it, a link to report it and have it dealt with",
        "Whatever your rating, right after you answer, a link to report a problem with the "
        "product and have it dealt with",
    ),
    value_exchange_he=(
        "אם משהו לא בסדר במוצר, נשלח לכם קישור לדיווח על הבעיה ונטפל בה",
        "בלי קשר לדירוג שלכם, מייד אחרי שתענו, קישור לדיווח על בעיה במוצר ולטיפול בה",
    ),
    purpose_en=[
        (
            "so that, if something is wrong with it, you can report it and we can deal with it.",
            "to learn how customers rate our products. Whatever your rating, right after you answer "
            "you get a link to report a problem with the product and have it dealt with.",
        )
    ],
    purpose_he=[
        (
            "כדי שאם משהו לא בסדר במוצר, תוכלו לדווח על כך ואנחנו נטפל בבעיה.",
            "כדי ללמוד איך הלקוחות מדרגים את המוצרים שלנו. בלי קשר לדירוג שלכם, מייד אחרי שתענו "
            "תקבלו קישור לדיווח על בעיה במוצר ולטיפול בה.",
        )
    ],
)
# the retail row: an exchange or a refund was announced for a product that "disappoints"
edit(
    "q_satisfaction_04",
    "retail",
    value_exchange_en=(
        "50 club points whatever your answer, and if the product disappoints, an exchange or a "
        "refund arranged with you",
        "50 club points whatever your answer, and, whatever your rating, an exchange or a refund "
        "arranged with you if the product disappoints you and you ask for it after you answer",
    ),
    value_exchange_he=(
        "50 נקודות במועדון, בלי קשר לתשובה, ואם המוצר לא עמד בציפיות, החלפה או החזר כספי "
        "בתיאום איתכם",
        "50 נקודות במועדון, בלי קשר לתשובה, ובלי קשר לדירוג שלכם, החלפה או החזר כספי בתיאום "
        "איתכם אם המוצר לא עמד בציפיות ותבקשו זאת אחרי שתענו",
    ),
    purpose_en=[
        (
            "to give you 50 club points, whatever your answer, and, if the product disappoints, to "
            "arrange an exchange or a refund with you.",
            "to give you 50 club points, whatever your answer. Whatever your rating, if the product "
            "disappoints you, we arrange an exchange or a refund with you if you ask for it after "
            "you answer.",
        )
    ],
    purpose_he=[
        (
            "כדי לתת לכם 50 נקודות במועדון, בלי קשר לתשובה, ואם המוצר לא עמד בציפיות, לתאם איתכם "
            "החלפה או החזר כספי.",
            "כדי לתת לכם 50 נקודות במועדון, בלי קשר לתשובה. בלי קשר לדירוג שלכם, אם המוצר לא עמד "
            "בציפיות, נתאם איתכם החלפה או החזר כספי, אם תבקשו זאת אחרי שתענו.",
        )
    ],
)


def main() -> None:
    tables = {}
    for name in ("questions", "offers"):
        text = (ROOT / "templates" / f"{name}.csv").read_text(encoding="utf-8")
        tables[name] = list(csv.DictReader(io.StringIO(text)))
    out, problems = [], []
    for (qid, industry), cols in EDITS.items():
        table = "offers" if industry else "questions"
        rows = [r for r in tables[table]
                if r["question_id"] == qid and (not industry or r["industry"] == industry)]  # fmt: skip
        if len(rows) != 1:
            problems.append(f"{qid}/{industry}: {len(rows)} rows in {table}.csv")
            continue
        row = rows[0]
        for col, change in cols.items():
            if col.startswith("value_exchange"):
                old, new = change
                if row[col] != old:
                    problems.append(f"{qid}/{industry} {col}: old offer is now {row[col]!r}")
                    continue
                value = new
            else:
                value = row[col]
                for old, new in change:
                    n = value.count(old)
                    if n != 1:
                        problems.append(f"{qid}/{industry} {col}: {n} times: {old[:60]!r}")
                        continue
                    value = value.replace(old, new)
            if value.rstrip().endswith(".") and col.startswith("value_exchange"):
                problems.append(f"{qid}/{industry} {col}: an offer ends without a full stop")
            out.append([qid, table, industry, col, value, REASON])
    if problems:
        sys.exit("\n".join(problems))
    with (HERE / "fixes.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["question_id", "table", "industry", "column", "new_value", "reason"])
        writer.writerows(out)
    print(f"{len(out)} cells, {len({(r[0]) for r in out})} questions -> {HERE / 'fixes.csv'}")


if __name__ == "__main__":
    main()
