"""Write the inventories of the three sample organisations added in issue 12.

    .venv/bin/python tools/make_samples.py

Writes ``sample_data/{shaked_cards,kinor_telecom,nofim_health}/inventory.xlsx``. The rows are
deliberately messy, the way a client fills in the template: party and coverage in several styles,
about half the topics blank, Hebrew labels in places, stale rows beside daily feeds, and real gaps
where each organisation's brief says it lacks knowledge. The three older samples (bank, insurer,
retailer) were written by hand and are not regenerated here. "Today" is 2026-11-29: no date is
later.

Row format: 13 fields separated by `` | `` in the column order of ``COLUMNS``. Coverage and
accuracy keep their style: ``85%`` stays text, ``0.85`` becomes a number, ``85`` an integer. A
date written ``d:2025-03-14`` becomes a real date cell; any other date stays text as typed.
"""

# The row tables below are data, one inventory row a line, as the client would paste them.
# ruff: noqa: E501

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

ROOT = Path(__file__).resolve().parent.parent / "sample_data"
TODAY = dt.date(2026, 11, 29)
WIDTHS = dict(
    zip("ABCDEFGHIJKLM", (30, 14, 10, 60, 26, 30, 14, 12, 9, 12, 20, 24, 45), strict=True)
)


def _number(text: str) -> float | int | str:
    if text.endswith("%"):
        return text
    return float(text) if "." in text else int(text)


def _date(text: str) -> dt.datetime | str:
    if text.startswith("d:"):
        value = dt.datetime.strptime(text[2:], "%Y-%m-%d")
        if value.date() > TODAY:
            raise ValueError(f"date {text} is after {TODAY}")
        return value
    return text


def _cells(line: str) -> list[object]:
    parts = [p.strip() for p in line.split("|")]
    if len(parts) != 13:
        raise ValueError(f"{len(parts)} fields, 13 expected: {line}")
    out: list[object] = []
    for i, part in enumerate(parts):
        if part == "":
            out.append(None)
        elif i in (2, 7, 8):  # coverage, refresh_days, accuracy
            out.append(_number(part))
        elif i == 6:
            out.append(_date(part))
        else:
            out.append(part)
    return out


def write(
    folder: str, sheet: str, header: list[str], rows: str, *, rtl: bool, fill: str, date_format: str
) -> int:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.sheet_view.rightToLeft = rtl
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor=fill)
        cell.alignment = Alignment(wrap_text=True)
    lines = [ln for ln in rows.strip().splitlines() if ln.strip()]
    for line in lines:
        ws.append(_cells(line))
    for row in ws.iter_rows(min_row=2, min_col=7, max_col=7):
        if isinstance(row[0].value, dt.datetime):
            row[0].number_format = date_format
    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:M{len(lines) + 1}"
    path = ROOT / folder / "inventory.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return len(lines)


# --------------------------------------------------------------------------------------------
# Shaked Cards: card issuer with a club and co-brand cards. English headers, Hebrew values.
# Gaps (its brief): other cards held and which is used first, travel plans, reward categories,
# intent to move to another card.
CARDS_HEADER = [
    "attribute",
    "party",
    "coverage",
    "description",
    "source_system",
    "topics",
    "last_updated",
    "refresh_days",
    "accuracy",
    "granularity",
    "consent",
    "owner",
    "notes",
]
CARDS = """
cust_id | first | 100 | Customer number (מספר לקוח) | Card system (Vision+) | identity_contact |  | 1 | 1 | individual | contract | IT ליבה |
id_number | 1st party | 100% | מספר זהות / דרכון | Card system (Vision+) |  |  | 1 | 0.99 | individual | legal_obligation | IT ליבה |
full_name | first | 1 | Cardholder full name (Hebrew, and Latin as embossed) | Card system (Vision+) |  |  | 1 |  | individual | contract | IT ליבה |
birth_dt | first | 0.998 | Date of birth | Card system (Vision+) | demographics |  | 1 | 0.99 | פרטני | חובה חוקית | IT ליבה |
gender | צד ראשון | 96 | מין | Card system (Vision+) | נתונים דמוגרפיים |  | 1 |  | individual | contract | IT ליבה |
mobile_phone | first | 97% | Mobile phone, also used for OTP and charge SMS | Card system (Vision+) | פרטי זיהוי והתקשרות |  | 1 | 0.95 | individual | contract | IT ליבה |
email_address | first | 74 | Email for digital statements | Customer area |  |  | 1 | 0.9 | individual | contract | Digital |
billing_address | first | 99 | כתובת למשלוח כרטיסים ומכתבים | Card system (Vision+) | location | 2026-10-31 |  | 0.85 | פרטני | contract | IT ליבה |
city_cd | first | 0.99 | City code (CBS) | Card system (Vision+) |  |  | 1 |  | individual | contract | IT ליבה |
preferred_lang | first | 0.95 | שפת התכתבות: עברית / ערבית / רוסית / אנגלית | CRM (Salesforce) | העדפות תקשורת |  | 1 |  | individual | contract | CRM |
occupation_kyc | zero | 0.62 | Occupation declared in the card application (KYC) | AML system | demographics | d:2021-03-15 |  | 0.65 | individual | legal_obligation | ציות | Not refreshed since the card was issued for most cardholders
income_declared | zero | 0.58 | Monthly income declared in the credit application | Credit origination | financial_stability | 14/07/2022 |  | 0.6 | individual | legal_obligation | אשראי | Self-declared, rarely updated
marital_status_app | first | 41% | Marital status from the paper card application | Card system (Vision+) |  | d:2019-02-11 |  | 0.55 | פרטני | contract | IT ליבה | Optional field since 2020
cust_since_dt | first | 1 | Date the first card was issued | Card system (Vision+) | tenure |  | 1 | 1 | individual | contract | IT ליבה |
tenure_yrs | צד ראשון | 100% | ותק בשנים | DWH |  |  | 1 |  | individual | חוזה | צוות אנליטיקה |
active_cards_cnt | first | 1 | Number of active Shaked cards held | Card system (Vision+) | product_holdings |  | 1 |  | individual | contract | כרטיסים |
card_product_top | first | 1 | Top card product (classic / gold / platinum / business) | Card system (Vision+) |  |  | 1 |  | individual | contract | כרטיסים |
bank_card_flag | first | 100 | כרטיס בנקאי (מונפק דרך הבנק, חיוב בחשבון) או כרטיס חוץ-בנקאי | Card system (Vision+) |  |  | 1 |  | individual | contract | כרטיסים |
debit_bank_code | first | 0.99 | Bank and branch the card is charged to | Card system (Vision+) |  |  | 1 |  | individual | contract | כרטיסים | Shows the customer's bank, not the cards held there
additional_cards_cnt | first | 0.22 | Additional cards on the account (spouse, adult children) | Card system (Vision+) | family_status |  | 1 |  | individual | contract | כרטיסים |
teen_card_flag | first | 0.02 | Prepaid teen card linked to the parent's account | Card system (Vision+) |  |  | 1 |  | individual | contract | כרטיסים | Launched 09/2025
club_member | first | 1 | Member of the Shaked Plus club | Club platform |  |  | 1 |  | individual | contract | מועדון |
club_tier | first | 100 | Club tier (Basic / Plus / Prestige) | Club platform | tenure, spend_value |  | 1 |  | individual | contract | מועדון |
points_balance | first | 100% | Points balance | Club platform |  |  | 1 |  | individual | contract | מועדון |
points_redeemed_12m | first | 0.38 | Points redeemed in 12 months | Club platform | consumer_preferences |  | 1 |  | individual | contract | מועדון |
redemption_type_mode | first | 38% | Most used redemption (cashback on the statement / flights / gift catalogue) | Club platform |  |  | 7 |  | individual | contract | מועדון |
club_benefits_used_12m | 1st party | 0.46 | Club benefits used (cinema, restaurants, attractions) | Club platform | leisure_preferences |  | 1 |  | individual | contract | מועדון |
presale_tickets_12m | first | 0.05 | Tickets bought in club pre-sales (shows, concerts, sport) | Club pre-sale site | event_preferences |  | 1 |  | individual | contract | מועדון |
spend_12m | first | 100 | Card spend, 12 months (ILS) | DWH | spend_value, consumption_frequency |  | 1 | 0.99 | individual | contract | צוות אנליטיקה |
txn_cnt_12m | first | 1 | Card transactions, 12 months | DWH |  |  | 1 |  | individual | contract | צוות אנליטיקה |
avg_txn_ils | first | 100% | Average transaction value (ILS) | DWH |  |  | 1 |  | individual | contract | צוות אנליטיקה |
months_active_12m | first | 1 | Months with at least one charge, last 12 | DWH | purchase_frequency |  | 1 |  | individual | contract | צוות אנליטיקה |
spend_trend_3m | first | 100 | שינוי בהוצאה ב-3 חודשים מול התקופה המקבילה | DWH |  | d:2026-11-22 |  | 0.9 | individual | legitimate_interest | צוות אנליטיקה |
mcc_share_groceries | first | 0.95 | Share of card spend in supermarkets | DWH |  |  | 7 |  | individual | contract | צוות אנליטיקה |
mcc_share_fuel | first | 0.95 | Share of card spend on fuel and parking | DWH |  |  | 7 |  | individual | contract | צוות אנליטיקה |
mcc_share_restaurants | 1st party | 95 | Share of card spend in restaurants and cafés | DWH |  |  | 7 |  | individual | contract | צוות אנליטיקה |
mcc_share_travel | first | 95 | Share of card spend on airlines, hotels and travel agencies | DWH | future_plans |  | 7 | 0.7 | individual | contract | צוות אנליטיקה | Bookings show only after payment, often weeks after the trip was planned
mcc_share_fashion | first | 0.95 | Share of card spend on fashion and shoes | DWH |  |  | 7 |  | individual | contract | צוות אנליטיקה |
mcc_share_electronics | first | 95% | Share of card spend on electronics | DWH |  |  | 7 |  | individual | contract | צוות אנליטיקה |
mcc_share_kids | first | 0.95 | הוצאות על גנים, צהרונים, חוגים וחנויות ילדים | DWH |  |  | 7 |  | individual | contract | צוות אנליטיקה |
mcc_share_culture | first | 95 | Share of card spend on cinema, theatre, concerts and ticketing | DWH | leisure_preferences |  | 7 |  | individual | contract | צוות אנליטיקה |
mcc_share_pharma | first | 0.95 | Share of card spend in pharmacies and drugstores | DWH |  |  | 7 |  | individual | contract | צוות אנליטיקה | Not used for marketing: may reveal health
abroad_txn_12m | first | 0.34 | In-person charges abroad, 12 months (count and countries) | DWH |  |  | 1 |  | individual | contract | צוות אנליטיקה |
fx_fee_paid_12m | first | 34% | עמלות המרת מט"ח ששולמו ב-12 חודשים | DWH |  |  | 1 |  | individual | contract | כרטיסים |
annual_fee_due_dt | first | 100% | Next annual card fee date, or the day the fee waiver ends (מועד דמי הכרטיס הבא) | Card system (Vision+) |  |  | 1 |  | individual | contract | כרטיסים |
online_overseas_12m | first | 0.41 | Purchases on overseas websites, 12 months | DWH | digital_tendency |  | 1 |  | individual | contract | צוות אנליטיקה |
installments_share | first | 0.71 | Share of spend in store installments (תשלומים) | DWH |  |  | 7 |  | individual | contract | צוות אנליטיקה |
credit_plan_purchases | first | 12% | Purchases in credit installments ("קרדיט"), 12 months | Credit system |  |  | 1 |  | individual | contract | אשראי |
revolving_flag | first | 0.09 | Revolving credit card active | Credit system | financial_stability |  | 1 |  | individual | contract | אשראי |
loan_active | first | 0.06 | Active personal loan from Shaked | Loans system | product_holdings |  | 1 |  | individual | contract | אשראי |
loan_purpose | first | 0.06 | Loan purpose (car, renovation, event, refinancing, other) | Loans system |  |  | 1 | 0.55 | individual | contract | אשראי | "Other" in more than half of the loans
credit_limit | first | 1 | Credit limit (ILS) | Credit system |  |  | 1 |  | individual | contract | אשראי |
limit_util_3m | first | 100% | ניצול מסגרת ממוצע, 3 חודשים | Credit system |  |  | 1 |  | individual | contract | אשראי |
limit_increase_req_12m | first | 4% | Credit-limit increase requests, 12 months | Credit system |  |  | 1 |  | individual | contract | אשראי |
internal_risk_score | first | 0.97 | Behavioural credit score (1-10) | Risk engine | trustworthiness | d:2026-11-25 |  | 0.8 | individual | legal_obligation | ניהול סיכונים |
bureau_score | third | 0.61 | ציון אשראי מלשכת נתוני אשראי (חוק נתוני אשראי) | Credit bureau |  | d:2026-10-01 |  | 0.75 | individual | legal_obligation | ניהול סיכונים | Used only for credit decisions
declined_auth_90d | first | 0.18 | Declined authorisations, 90 days (limit, fraud rule, CVV) | Authorisation switch |  |  | 1 |  | individual | contract | תפעול |
fraud_cases_12m | first | 1.5% | Confirmed fraud cases on the card | Fraud engine |  |  | 1 |  | individual | legal_obligation | ניהול סיכונים |
realtime_alerts_on | zero | 0.27 | Real-time charge alerts switched on in the app | Mobile app | communication_preferences |  | 1 |  | individual | explicit_consent | Digital |
charge_sms_optin | first | 62% | SMS on every charge above a threshold (default 0 ILS) | Notifications hub |  |  | 1 |  | individual | explicit_consent | Digital |
disputes_12m | first | 0.04 | Charge disputes opened, 12 months | Disputes system | moments_of_truth |  | 1 |  | individual | contract | שירות |
dispute_result_last | first | 4 | Result of the last dispute (refunded / rejected / partial) | Disputes system |  |  | 1 |  | individual | contract | שירות |
wallet_token_flag | first | 0.39 | Card added to a mobile wallet | Tokenisation service | digital_tendency |  | 1 |  | individual | contract | Digital |
wallet_txn_share | first | 39% | Share of in-store charges paid by phone | Tokenisation service |  |  | 7 |  | individual | contract | Digital |
app_installed | first | 0.58 | Mobile app installed and logged in | Mobile app |  |  | 1 |  | individual | contract | Digital |
app_logins_30d | first | 58 | App logins, 30 days | Mobile app | digital_tendency |  | 1 |  | individual | contract | Digital |
app_login_hour_mode | first | 0.58 | Typical app login hour | Mobile app | activity_hours |  | 7 |  | individual | legitimate_interest | Digital |
app_features_used | first | 0.55 | Features used in the app (statement, card freeze, points, loan, split the bill) | Adobe Analytics | digital_preferences |  | 7 | 0.85 | individual | legitimate_interest | Digital |
web_sessions_30d | first | 0.29 | Customer-area sessions on the website, 30 days | Google Analytics |  |  | 1 |  | individual | legitimate_interest | Digital |
digital_statement_flag | first | 71% | דף פירוט דיגיטלי במקום דואר | Card system (Vision+) |  |  | 1 |  | individual | explicit_consent | Digital |
marketing_consent | first | 66 | הסכמה לדיוור שיווקי (חוק הספאם) | CRM (Salesforce) | communication_preferences |  | 1 | 0.95 | individual | explicit_consent | מחלקה משפטית |
whatsapp_optin | first | 0.11 | WhatsApp business messages consent | WhatsApp BSP |  |  | 1 |  | individual | explicit_consent | CRM | Launched 03/2026
push_optin | first | 0.41 | Push notifications allowed | Mobile app |  |  | 1 |  | individual | explicit_consent | Digital |
email_open_rate_90d | first | 0.5 | Email opens / sends, 90 days | ExactTarget |  |  | 1 |  | individual | explicit_consent | CRM | Apple MPP inflates opens
pc_channel | zero | 0.05 | Preference centre: preferred channel (app / SMS / email / WhatsApp) | Customer area | communication_preferences |  | 1 |  | individual | explicit_consent | CRM |
pc_benefit_categories | Zero Party | 0.03 | מרכז העדפות: קטגוריות הטבות מועדפות (מסעדות, תיירות, אופנה, תרבות) | Customer area |  | d:2024-06-02 |  |  | individual | explicit_consent | מועדון | Page not promoted since 2024
pc_msg_frequency | zero | 3% | Preference centre: message frequency | Customer area |  |  | 1 |  | individual | explicit_consent | CRM |
call_center_calls_12m | first | 0.52 | Calls to the service centre, 12 months | Call center (Genesys) | service_preferences |  | 1 |  | individual | contract | שירות |
call_reason_last | first | 52% | Reason of the last call (IVR intent + agent wrap-up code) | Call center (Genesys) |  |  | 1 | 0.7 | individual | contract | שירות |
retention_desk_calls_12m | first | 0.02 | Calls transferred to the retention desk (card cancellation requests) | Call center (Genesys) | churn_potential |  | 1 |  | individual | contract | שימור |
card_cancel_reason | first | 1.1% | סיבת ביטול הכרטיס (קוד שהנציג בחר) | Card system (Vision+) |  |  | 1 | 0.5 | individual | contract | שימור | Agents pick "other" in 40% of cases
complaints_12m | first | 0.01 | Complaints, including to the Banking Supervision Department | Complaints system | critical_issues |  | 1 |  | individual | legal_obligation | פניות הציבור |
tnps_call | zero | 6% | IVR survey after a service call (0-10, per customer) | Call center (Genesys) | satisfaction |  | 1 |  | individual | explicit_consent | שירות |
csat_dispute | zero | 0.01 | SMS survey after a dispute is closed | Qualtrics | satisfaction, moments_of_truth | d:2026-11-26 |  | 0.85 | individual | explicit_consent | שירות |
nps_brand_annual | zero | 100% | Annual NPS and brand survey against the other issuers, sample of 1,500 (averages only) | External research institute | satisfaction, brand_affinity | d:2026-01-20 |  | 0.9 | aggregate | explicit_consent | Marketing | Not linked to customers
churn_score | first | 0.96 | Attrition propensity (spend drop, fewer active months) | DWH | פוטנציאל נטישה | d:2026-11-15 |  | 0.69 | פרטני | אינטרס לגיטימי | צוות אנליטיקה |
clv_12m | first | 96 | Predicted 12-month profitability | DWH |  | d:2026-11-15 |  | 0.62 | individual | legitimate_interest | צוות אנליטיקה |
next_best_offer | first | 96% | Next-best-offer model (loan, upgrade, club) | DWH | growth_potential | d:2024-03-10 |  | 0.5 | individual | legitimate_interest | צוות אנליטיקה | Model not retrained since 2024
value_segment | first | 1 | Segment: young / families / affluent / seniors / self-employed | DWH |  | d:2025-12-31 |  | 0.7 | segment | legitimate_interest | צוות אנליטיקה |
secondary_card_signal | first | 0.8 | Inferred "not the main card": low grocery and fuel spend against declared income (rule) | DWH |  | d:2025-06-30 |  | 0.4 | individual | legitimate_interest | צוות אנליטיקה | Rule-based, never validated
business_spend_signal | first | 0.08 | Business-type merchants (office supplies, software, B2B) over 30% of spend | DWH |  | d:2025-09-01 |  | 0.45 | individual | legitimate_interest | צוות אנליטיקה | Rule; the self-employed are not identified
travel_ins_bought | first | 0.06 | Travel insurance bought through the card (partner insurer) | Card system (Vision+) |  |  | 1 |  | individual | contract | כרטיסים |
lounge_visits_12m | first | 0.03 | Airport lounge entries with the card (platinum benefit) | Lounge operator report |  |  | 30 |  | individual | contract | כרטיסים |
split_bill_use_90d | first | 0.09 | Used "split the bill" or a P2P transfer in the app, 90 days | Mobile app |  |  | 1 |  | individual | contract | Digital |
onb_card_purpose | zero | 4 | Digital application: main use of the card (daily, travel, online, business) | Digital onboarding |  |  | 1 |  | individual | explicit_consent | Digital | Asked since 04/2025, new applicants only
onb_other_cards | zero | 0.03 | Digital application: other cards held (issuer, optional) | Digital onboarding | product_holdings |  | 1 | 0.7 | individual | explicit_consent | Digital | Optional; new applicants only
bustan_cobrand_holder | second | 0.14 | Holds the Bustan Market co-brand card: club tier and home store (retailer club feed) | Bustan Market club feed |  |  | 30 | 0.9 | individual | explicit_consent | שותפויות |
bustan_basket_categories | 2nd party | 14% | Top basket categories at Bustan Market (category shares) | Bustan Market club feed |  |  | 30 | 0.75 | segment | explicit_consent | שותפויות |
yona_air_member | second | 0.07 | Yona Air frequent-flyer number and tier (co-brand card) | Yona Air partner feed | תכנונים קדימה של נסיעות וצריכה | d:2026-09-30 |  | 0.7 | individual | explicit_consent | שותפויות | Quarterly since 2025; flights booked are not shared
derech_fuel_club | second-party | 0.05 | Derech fuel club: usual station and fill-up frequency | Derech partner feed | transport_preferences | d:2023-12-31 |  | 0.7 | individual | explicit_consent | שותפויות | Partnership ended 12/2023
lifestyle_list_2022 | third | 0.48 | Purchased lifestyle list: interests, hobbies, pets | InfoPrism (data broker) | hobbies | d:2022-08-14 |  | 0.3 | individual | unknown | שיווק | One-off purchase; legal review pending
hh_income_est_3p | צד שלישי | 48 | הכנסת משק בית משוערת (רשימה שנרכשה) | InfoPrism (data broker) |  | d:2022-08-14 |  | 0.35 | individual | לא ידוע | שיווק |
car_owner_3p | third | 0.33 | Car owner and car age (purchased list) | InfoPrism (data broker) |  | d:2022-08-14 |  | 0.35 | individual | none | שיווק | No consent trail
geo_segment | 3rd party | 95 | Geo-demographic segment of the statistical area | AreaScope Ltd. |  | d:2023-03-01 |  | 0.35 | segment | unknown | צוות אנליטיקה |
meta_audience | third | 1 | Meta audience insights on the uploaded customer list | Meta Business | leisure_preferences | d:2025-02-10 |  | 0.4 | aggregate | unknown | Digital |
"""

# --------------------------------------------------------------------------------------------
# Kinor Telecom: mobile, home fibre and TV. Headers written with the template's aliases.
# Gaps: household lines at other operators, home internet elsewhere, intent to port, what the
# household watches.
TELECOM_HEADER = [
    "Attribute name",
    "Party type",
    "Coverage %",
    "Description",
    "Source",
    "Topic",
    "Last update",
    "Refresh (days)",
    "Quality",
    "Level",
    "Lawful basis",
    "Data owner",
    "Comments",
]
TELECOM = """
account_id | first | 100% | Customer account number | Billing (BSS) | identity_contact |  | 1 | 1 | individual | contract | IT Billing |
id_number | 1st party | 1 | Israeli ID or passport of the account holder | Billing (BSS) |  |  | 1 | 0.99 | individual | legal_obligation | IT Billing |
holder_name | first | 100 | Account holder's name | Billing (BSS) |  |  | 1 |  | individual | contract | IT Billing |
dob | first | 0.97 | Account holder's date of birth | Billing (BSS) | demographics |  | 1 | 0.95 | individual | contract | IT Billing |
gender | first | 88 | Gender, from the ID check at sign-up | Billing (BSS) |  |  | 1 |  | individual | contract | IT Billing |
contact_mobile | first | 0.99 | Contact number (usually one of the account's lines) | CRM (Salesforce) |  |  | 1 |  | individual | contract | CRM |
email | first | 0.63 | Email for invoices | Billing (BSS) | Identity and contact details |  | 1 | 0.9 | individual | contract | IT Billing |
install_address | first | 0.31 | Installation address for fibre and TV | Field service | location | 2026-11-01 |  | 0.95 | individual | contract | Field operations |
billing_city | first | 0.99 | City | Billing (BSS) |  |  | 1 |  | individual | contract | IT Billing |
lang_pref | first | 0.92 | Invoice and IVR language (Hebrew / Arabic / Russian / Amharic / English) | Billing (BSS) | communication_preferences |  | 1 |  | individual | contract | IT Billing |
customer_since | first | 1 | First activation date | Billing (BSS) | tenure |  | 1 | 1 | individual | contract | IT Billing |
account_type | first | 100 | Private / business / soldier / senior account | Billing (BSS) |  |  | 1 |  | individual | contract | IT Billing |
mobile_lines_cnt | first | 1 | Active mobile lines on the account | Billing (BSS) | product_holdings |  | 1 |  | individual | contract | Mobile |
line_user_relation | zero | 0.06 | Who uses each line (me / spouse / child / parent), from the app's "my family" page | Mobile app | family_status |  | 1 | 0.9 | individual | explicit_consent | Digital | Page launched 05/2025
prepaid_flag | first | 0.08 | Prepaid line | Billing (BSS) |  |  | 1 |  | individual | contract | Mobile |
plan_name | first | 100% | Mobile plan (data allowance, minutes abroad) | Billing (BSS) |  |  | 1 |  | individual | contract | Mobile |
plan_price_ils | first | 100 | Monthly plan price (ILS) | Billing (BSS) | spend_value |  | 1 |  | individual | contract | Mobile |
promo_end_dt | first | 58% | Date the promotional price or the commitment ends (per line) | Billing (BSS) |  |  | 1 |  | individual | contract | Mobile |
data_usage_gb_3m | first | 0.98 | Average monthly data use, 3 months | Network mediation | consumption_frequency |  | 1 | 0.99 | individual | contract | Network |
data_cap_reached_12m | first | 0.12 | Months in which the data allowance ran out | Network mediation |  |  | 1 |  | individual | contract | Mobile |
intl_call_min_3m | first | 0.21 | Minutes of calls abroad, monthly average | Network mediation |  |  | 1 |  | individual | contract | Mobile |
roaming_days_12m | first | 0.27 | Days roaming abroad, 12 months, and countries | Roaming clearing | leisure_preferences |  | 1 |  | individual | contract | Mobile |
roaming_pkg_bought_12m | first | 0.14 | Roaming packages bought, 12 months | Billing (BSS) |  |  | 1 |  | individual | contract | Mobile | Mostly bought at the airport, on the day of departure
device_model | first | 0.96 | Handset model, from the network (IMEI) | Network (EIR) |  |  | 7 | 0.95 | individual | contract | Network |
device_age_months | first | 96% | Handset age in months | Network (EIR) | replacement_frequency |  | 7 | 0.8 | individual | legitimate_interest | Devices |
device_bought_here | first | 0.33 | Device bought from Kinor in installments | Store POS |  |  | 1 |  | individual | contract | Devices |
device_installments_left | first | 33% | Device installments left | Billing (BSS) |  |  | 1 |  | individual | contract | Devices |
trade_in_done | first | 0.04 | Trade-ins in the last 3 years | Store POS |  | d:2026-11-01 |  |  | individual | contract | Devices |
esim_flag | first | 0.11 | eSIM line | Network (EIR) |  |  | 1 |  | individual | contract | Network |
fibre_active | first | 0.29 | Home fibre internet with Kinor | Billing (BSS) | product_holdings |  | 1 |  | individual | contract | Home |
fibre_speed_tier | first | 29% | Fibre speed tier (500 / 1000 / 2500 Mbps) | Billing (BSS) |  |  | 1 |  | individual | contract | Home |
fibre_available_addr | first | 0.71 | Fibre available at the customer's address (address match, mobile-only customers included) | GIS coverage map | location | d:2026-10-20 |  | 0.8 | individual | legitimate_interest | Network planning | The address match fails for about 15% of addresses
home_isp_elsewhere_est | first | 0.18 | Inferred: the app sees the home Wi-Fi of another provider | Mobile app SDK |  | d:2025-09-30 |  | 0.4 | individual | legitimate_interest | Data team | Experimental; legal asked whether this use is allowed
router_model | first | 0.29 | Router model | Router telemetry (TR-069) |  |  | 1 |  | individual | contract | Home |
wifi_devices_cnt | first | 0.24 | Devices connected to the home Wi-Fi, daily average | Router telemetry (TR-069) |  |  | 1 | 0.9 | individual | contract | Home |
wifi_weak_signal_share | first | 24% | Share of time with a weak Wi-Fi signal at connected devices | Router telemetry (TR-069) | critical_issues |  | 1 | 0.7 | individual | contract | Home |
mesh_extenders_cnt | first | 0.05 | Mesh extenders rented | Billing (BSS) |  |  | 1 |  | individual | contract | Home |
tv_active | first | 0.16 | Kinor TV active (box or app) | TV platform | product_holdings |  | 1 |  | individual | contract | TV |
tv_package | first | 16 | TV package (basic / sport / kids / movies) | TV platform |  |  | 1 |  | individual | contract | TV |
tv_genre_minutes | first | 0.14 | Viewing time by genre, 30 days (set-top box) | TV platform |  |  | 1 | 0.75 | segment | legitimate_interest | TV | Box only, not the app; household, not person
vod_rentals_12m | first | 0.09 | VOD rentals, 12 months | TV platform |  |  | 1 |  | individual | contract | TV |
sports_channel_minutes | first | 0.1 | Minutes on the sports channels, by sport | TV platform | hobbies |  | 1 | 0.7 | individual | legitimate_interest | TV |
streaming_addon | first | 0.06 | Global streaming services bought through Kinor | Billing (BSS) |  |  | 1 |  | individual | contract | TV |
bundle_flag | first | 0.19 | Holds two or more of mobile, fibre and TV | DWH | product_holdings |  | 1 |  | individual | contract | BI |
household_lines_est | first | 0.4 | Inferred household members with lines at other operators (calls to the same address) | DWH |  | d:2024-08-01 |  | 0.35 | individual | legitimate_interest | Data team | Rule dropped in 2024, never validated
monthly_bill_ils | first | 1 | Average monthly bill, all services (ILS) | Billing (BSS) |  |  | 1 | 0.99 | individual | contract | Finance |
payment_method | first | 100 | Credit card or direct debit | Billing (BSS) |  |  | 1 |  | individual | contract | Finance |
payment_failures_12m | first | 0.07 | Failed payments, 12 months | Billing (BSS) | financial_stability |  | 1 |  | individual | contract | Finance |
collection_status | first | 0.02 | Account in collection | Collections |  |  | 1 |  | individual | contract | Finance |
credit_check_score | third | 0.4 | Credit bureau score checked at device financing | Credit bureau | trustworthiness | d:2026-06-30 |  | 0.75 | individual | legal_obligation | Risk | Checked only for device financing
port_out_requests_90d | first | 0.015 | Port-out requests received from the number portability hub, 90 days | Portability hub | churn_potential |  | 1 |  | individual | legal_obligation | Retention | Arrives when the customer has already left
port_in_from | first | 0.42 | Operator the line came from when ported in | Portability hub |  |  | 1 |  | individual | contract | Retention | Only for ported-in lines
churn_score | first | 0.98 | Churn propensity, next 60 days | DWH | Churn potential | d:2026-11-20 |  | 0.66 | individual | legitimate_interest | Data team |
retention_offers_12m | first | 0.06 | Retention offers given by the save desk | CRM (Salesforce) |  |  | 1 |  | individual | contract | Retention |
save_desk_reason | first | 0.06 | Reason given at the save desk (price, coverage, service, moving) | CRM (Salesforce) |  |  | 1 | 0.6 | individual | contract | Retention |
competitor_offer_text | zero | 0.01 | Competitor offer the customer quoted at the save desk (free text) | CRM (Salesforce) |  |  | 1 | 0.5 | individual | contract | Retention | Free text, hard to use
dropped_calls_30d | first | 0.97 | Dropped calls, 30 days | Network probes | critical_issues |  | 1 |  | individual | legitimate_interest | Network |
coverage_complaints_12m | first | 0.03 | Complaints about reception at home or at work | CRM (Salesforce) |  |  | 1 |  | individual | contract | Network |
call_center_calls_12m | first | 0.61 | Calls to the service centre, 12 months | IVR (Genesys) | service_preferences |  | 1 |  | individual | contract | Customer service |
call_reason_last | first | 61 | Reason of the last call (wrap-up code) | IVR (Genesys) |  |  | 1 | 0.7 | individual | contract | Customer service | Agents choose "other" in 35% of calls
ivr_path_last | first | 0.58 | IVR menu path of the last call | IVR (Genesys) |  |  | 1 |  | individual | legitimate_interest | Customer service |
callback_window | zero | 0.03 | Callback window chosen in the IVR | IVR (Genesys) | contact_hours |  | 1 |  | individual | explicit_consent | Customer service |
technician_visits_12m | first | 0.09 | Technician visits (fibre, TV), 12 months | Field service |  |  | 1 |  | individual | contract | Field operations |
technician_slot | zero | 0.07 | Visit window the customer chose (morning / noon / evening) | Field service |  |  | 1 |  | individual | contract | Field operations |
tech_visit_csat | zero | 0.02 | SMS survey after a technician visit (1-5) | Qualtrics | satisfaction | d:2026-11-27 |  | 0.85 | individual | explicit_consent | Field operations |
tnps_call | zero | 5% | IVR survey after a service call (0-10) | IVR (Genesys) | satisfaction |  | 1 |  | individual | explicit_consent | Customer service |
store_visits_12m | first | 0.17 | Identified visits to Kinor stores (queue system) | Store queue system |  |  | 1 |  | individual | legitimate_interest | Retail stores |
store_mode | first | 0.17 | Store visited most | Store queue system |  |  | 7 |  | individual | legitimate_interest | Retail stores |
store_tablet_rating | zero | 0.02 | Rating on the store tablet after service | Store tablet | satisfaction |  | 1 |  | individual | explicit_consent | Retail stores |
app_installed | first | 0.52 | Kinor app installed and logged in | Mobile app |  |  | 1 |  | individual | contract | Digital |
app_logins_30d | first | 52 | App logins, 30 days | Mobile app | digital_tendency |  | 1 |  | individual | contract | Digital |
app_features_used | first | 0.5 | Features used (usage, invoice, roaming purchase, Wi-Fi test) | Adobe Analytics | digital_preferences |  | 7 | 0.85 | individual | legitimate_interest | Digital |
web_self_service_30d | first | 0.22 | Self-service sessions on the website, 30 days | Google Analytics |  |  | 1 |  | individual | legitimate_interest | Digital |
chatbot_sessions_12m | first | 0.15 | WhatsApp bot sessions, 12 months | WhatsApp bot |  |  | 1 |  | individual | legitimate_interest | Customer service |
whatsapp_optin | first | 0.21 | WhatsApp business messages consent | CRM (Salesforce) |  |  | 1 |  | individual | explicit_consent | CRM |
sms_marketing_optin | first | 0.7 | SMS marketing consent (anti-spam law) | CRM (Salesforce) | communication_preferences |  | 1 | 0.95 | individual | explicit_consent | Legal |
email_optin | first | 0.44 | Email marketing consent | CRM (Salesforce) |  |  | 1 |  | individual | explicit_consent | CRM |
pc_channel | zero | 0.04 | Preference centre: preferred channel | Customer area |  |  | 1 |  | individual | explicit_consent | CRM |
pc_interests | Zero Party | 0.02 | Preference centre: interested in (fibre, TV, devices, smart home) | Customer area | product_preferences | d:2024-02-18 |  |  | individual | explicit_consent | CRM | Page not promoted since 2024
outage_sms_optin | zero | 0.06 | Outage alerts by SMS | Customer area |  |  | 1 |  | individual | explicit_consent | Network |
parental_control_addon | first | 0.03 | Safe browsing / parental control on a line | Billing (BSS) |  |  | 1 |  | individual | contract | Mobile |
kids_line_flag | first | 0.05 | Line on the kids plan | Billing (BSS) | family_status |  | 1 |  | individual | contract | Mobile |
senior_plan_flag | first | 0.04 | Line on the senior plan (65+) | Billing (BSS) |  |  | 1 |  | individual | contract | Mobile |
business_usage_signal | first | 0.07 | Private account with business-like use (rule on calls in working hours) | DWH |  | d:2025-04-01 |  | 0.4 | individual | legitimate_interest | Data team |
smart_home_addon | first | 0.01 | Smart-home camera add-on (pilot) | Billing (BSS) |  |  | 1 |  | individual | contract | Home | Pilot in two cities
clv_24m | first | 0.98 | Predicted 24-month value (ILS) | DWH | spend_value | d:2026-11-20 |  | 0.6 | individual | legitimate_interest | Data team |
next_best_offer | first | 98% | Next-best-offer model (fibre, TV, line, device) | DWH | growth_potential | d:2024-05-05 |  | 0.45 | individual | legitimate_interest | Data team | Model frozen since 2024
nps_annual | zero | 100% | Annual NPS and brand survey against the other operators, 1,800 respondents (segment averages) | External research institute | satisfaction, brand_affinity | d:2026-04-12 |  | 0.9 | aggregate | explicit_consent | Marketing | Not linked to accounts
speedtest_crowd | zero | 1 | Anonymous speed tests on the public speed-test page, per area | Speed-test site |  | 2026-11-28 |  | 0.6 | aggregate | none | Network planning | Anonymous
mall_wifi_logins | second | 0.03 | Logins to partner malls' Wi-Fi with a Kinor number (feed) | Mall partner feed |  | d:2024-03-31 |  | 0.6 | individual | explicit_consent | Partnerships | Partnership ended 03/2024
streaming_partner_feed | 2nd party | 0.06 | Streaming partner: subscription tier and genres watched, for subscriptions activated through Kinor | Streaming partner feed |  |  | 30 | 0.8 | segment | explicit_consent | Partnerships |
lifestyle_list_2022 | third | 0.55 | Purchased lifestyle list (interests, household size, home owner) | DataNest (broker) | hobbies | d:2022-11-01 |  | 0.3 | individual | unknown | Marketing | One-off enrichment
hh_size_3p | 3rd party | 55 | Household size estimate | DataNest (broker) |  | d:2022-11-01 |  | 0.4 | individual | unknown | Marketing |
home_owner_3p | third | 0.5 | Owner or renter estimate | DataNest (broker) |  | d:2022-11-01 |  | 0.4 | individual | none | Marketing | No consent trail
geo_segment | third | 90% | Geo-demographic segment of the statistical area | AreaScope Ltd. |  | d:2021-06-30 |  | 0.35 | segment | unknown | Data team |
adtech_audiences | third | 1 | Programmatic audience reports on website visitors | DSP vendor |  | d:2025-10-01 |  | 0.4 | aggregate | unknown | Digital |
home_move_signal | first | 0.97 | Night-time cell of the line changed for 30+ days (possible home move) | Network analytics | life_stage | d:2025-12-01 |  | 0.5 | individual | legitimate_interest | Data team | Location data: privacy review pending
marital_status | first | 0.12 | Marital status from the old paper contract | Billing (BSS) | מצב משפחתי | d:2017-05-14 |  | 0.5 | individual | contract | IT Billing | Field removed in 2018
onb_household_lines | zero | 0.05 | Online sign-up: how many lines in the household, and with which operator | Online sign-up |  |  | 1 | 0.8 | individual | explicit_consent | Digital | Asked since 06/2025, online sign-ups only
onb_home_isp | zero | 0.04 | Online sign-up: current home internet provider | Online sign-up | product_holdings |  | 1 | 0.8 | individual | explicit_consent | Digital |
referrals_cnt | first | 0.02 | Friends referred (bring-a-friend) | CRM (Salesforce) |  |  | 1 |  | individual | contract | Marketing |
regulator_complaints | first | 0.005 | Complaints to the Ministry of Communications | Complaints system |  |  | 1 |  | individual | legal_obligation | Public inquiries |
e_invoice_flag | first | 0.81 | Digital invoice instead of paper | Billing (BSS) |  |  | 1 |  | individual | explicit_consent | IT Billing |
"""

# --------------------------------------------------------------------------------------------
# Nofim Health Fund: clinics, pharmacies, supplementary plans. Hebrew headers and values.
# Medical data is special category: tagged health_wellbeing where the client tagged it, and
# marked restricted in the notes. Gaps: reminder hours and channel, how members prefer to see a
# doctor, caregivers of relatives, language of service.
HEALTH_HEADER = [
    "שם השדה",
    "סוג הדאטה",
    "כיסוי",
    "תיאור",
    "מערכת מקור",
    "נושאים",
    "עדכון אחרון",
    "תדירות רענון (ימים)",
    "דיוק",
    "רמת פירוט",
    "בסיס חוקי",
    "בעלים",
    "הערות",
]
HEALTH = """
member_id | צד ראשון | 1 | מספר חבר בקופה | מערכת רישום חברים | identity_contact |  | 1 | 1 | פרטני | חובה חוקית | מערכות מידע |
תעודת_זהות | צד ראשון | 100% | מספר זהות של החבר | מערכת רישום חברים |  |  | 1 | 0.99 | פרטני | חובה חוקית | מערכות מידע |
full_name | 1st party | 1 | שם פרטי ושם משפחה | מערכת רישום חברים |  |  | 1 |  | פרטני | חובה חוקית | מערכות מידע |
dob | צד ראשון | 100 | תאריך לידה | מערכת רישום חברים | נתונים דמוגרפיים |  | 30 | 0.99 | פרטני | חובה חוקית | מערכות מידע |
gender_cd | צד ראשון | 99 | מין | מערכת רישום חברים |  |  | 30 |  | פרטני | חובה חוקית | מערכות מידע |
mobile_phone | צד ראשון | 0.89 | טלפון נייד לתורים ולתזכורות | CRM | פרטי זיהוי והתקשרות |  | 7 | 0.85 | פרטני | חוזה | צוות CRM | כ-9% מהמספרים שייכים לבן משפחה
email_addr | צד ראשון | 0.52 | כתובת דוא"ל לאזור האישי | אזור אישי |  |  | 7 | 0.9 | פרטני | חוזה | דיגיטל |
כתובת_מגורים | צד ראשון | 97% | כתובת מגורים | מערכת רישום חברים | מיקום ומגורים | 2026-10-31 |  | 0.85 | פרטני | חובה חוקית | מערכות מידע |
ישוב | צד ראשון | 97 | ישוב מגורים (קוד למ"ס) | מערכת רישום חברים |  | d:2026-10-31 |  |  | פרטני | חובה חוקית | מערכות מידע |
שפה_מועדפת | צד ראשון | 0.33 | שפת שירות מועדפת (עברית / ערבית / רוסית / אמהרית / אנגלית) | CRM | העדפות תקשורת | 19/09/2022 |  | 0.6 | פרטני | חוזה | צוות CRM | נאסף רק בשיחות למוקד ולא מתעדכן
interpreter_used_12m | צד ראשון | 0.01 | שימוש בשירות התרגום הטלפוני בביקור במרפאה, 12 חודשים | מערכת תורים |  |  | 1 |  | פרטני | חוזה | רפואה קהילתית |
join_dt | צד ראשון | 1 | תאריך הצטרפות לקופה | מערכת רישום חברים | וותק |  | 1 | 1 | פרטני | חובה חוקית | מערכות מידע |
prev_fund | צד ראשון | 0.38 | הקופה הקודמת (למי שעבר מקופה אחרת) | מערכת רישום חברים |  |  | 1 |  | פרטני | חובה חוקית | מערכות מידע | ריק לחברים מלידה
primary_clinic | צד ראשון | 100% | המרפאה הראשונית שהחבר משויך אליה | מערכת רישום חברים |  |  | 1 |  | פרטני | חוזה | רפואה קהילתית |
family_doctor | צד ראשון | 0.96 | רופא המשפחה המשויך | מערכת רישום חברים |  |  | 1 |  | פרטני | חוזה | רפואה קהילתית |
household_link | צד ראשון | 0.71 | קישור משפחתי: הורים וילדים עד גיל 18 באותו תיק | מערכת רישום חברים | מצב משפחתי |  | 1 | 0.9 | פרטני | חובה חוקית | מערכות מידע | אין קישור לבני זוג או להורים מבוגרים
children_u18_cnt | צד ראשון | 0.71 | מספר הילדים מתחת לגיל 18 בתיק | מערכת רישום חברים |  |  | 1 |  | פרטני | חובה חוקית | מערכות מידע |
מצב_משפחתי | צד ראשון | 0.44 | מצב משפחתי לפי טופס ההצטרפות | מערכת רישום חברים | family_status | 14/03/2016 |  | 0.5 | פרטני | חוזה | מערכות מידע | לא מתעדכן אחרי ההצטרפות
occupation | צד ראשון | 0.18 | עיסוק לפי טופס ההצטרפות | מערכת רישום חברים |  | d:2018-06-30 |  | 0.5 | פרטני | חוזה | מערכות מידע | ערכים חופשיים
supp_plan_tier | צד ראשון | 0.86 | שב"ן: מסלול הביטוח המשלים (ללא / נופים פלוס / נופים פריים) | מערכת שב"ן | מוצרים ושירותים בבעלות הלקוח |  | 1 |  | פרטני | חוזה | שב"ן |
supp_plan_join_dt | צד ראשון | 0.86 | תאריך ההצטרפות לשב"ן | מערכת שב"ן |  |  | 1 |  | פרטני | חוזה | שב"ן |
supp_services_used_12m | צד ראשון | 0.31 | שירותי שב"ן שמומשו (פיזיותרפיה, רפואה משלימה, ניתוח פרטי) | מערכת שב"ן |  |  | 1 |  | פרטני | חוזה | שב"ן | מלמד בעקיפין על מצב בריאותי - לא לשימוש שיווקי
supp_upgrade_inquiries | צד ראשון | 0.02 | פניות לבירור שדרוג מסלול | CRM |  |  | 1 |  | פרטני | חוזה | שב"ן |
private_ins_declared | צד אפס | 0.04 | ביטוח בריאות פרטי שהחבר דיווח עליו (כן / לא, חברה) | אזור אישי | product_holdings | d:2023-05-20 |  | 0.7 | פרטני | הסכמה מפורשת | שב"ן | נשאל בקמפיין אחד ב-2023
visits_12m | צד ראשון | 0.83 | ביקורים אצל רופא המשפחה ורופאים מקצועיים, 12 חודשים | מערכת תורים | consumption_frequency |  | 1 | 0.98 | פרטני | חובה חוקית | רפואה קהילתית |
visit_clinic_mode | צד ראשון | 83% | המרפאה שבה החבר מבקר הכי הרבה | מערכת תורים |  |  | 7 |  | פרטני | חוזה | רפואה קהילתית |
appt_hour_mode | צד ראשון | 0.8 | השעה הנפוצה של התורים שהחבר קבע | מערכת תורים | שעות מועדפות לפעילות |  | 7 | 0.5 | פרטני | אינטרס לגיטימי | רפואה קהילתית | משקף את התורים הפנויים, לא את ההעדפה
appt_booking_channel | צד ראשון | 0.8 | ערוץ קביעת התור (אפליקציה / אתר / מוקד / מרפאה) | מערכת תורים |  |  | 1 |  | פרטני | חוזה | רפואה קהילתית |
no_show_12m | צד ראשון | 0.8 | אי-הגעה לתורים שנקבעו, 12 חודשים | מערכת תורים |  |  | 1 |  | פרטני | חוזה | רפואה קהילתית |
video_visits_12m | צד ראשון | 0.09 | ביקורי וידאו אצל רופא, 12 חודשים | מערכת טלרפואה |  |  | 1 |  | פרטני | חוזה | רפואה מרחוק |
phone_visits_12m | צד ראשון | 0.21 | התייעצויות טלפוניות עם רופא, 12 חודשים | מערכת טלרפואה |  |  | 1 |  | פרטני | חוזה | רפואה מרחוק |
doctor_chat_12m | צד ראשון | 0.06 | התכתבות עם הרופא באפליקציה, 12 חודשים | אפליקציה |  |  | 1 |  | פרטני | חוזה | רפואה מרחוק |
specialist_referrals | צד ראשון | 0.34 | הפניות לרופא מומחה (תחום) | תיק רפואי | health_wellbeing |  | 1 |  | פרטני | חובה חוקית | רפואה קהילתית | מידע רפואי רגיש - גישה מוגבלת
chronic_conditions | צד ראשון | 0.29 | אבחנות כרוניות פעילות (סוכרת, יתר לחץ דם, אסתמה ועוד) | תיק רפואי | בריאות ואורח חיים |  | 1 | 0.9 | פרטני | חובה חוקית | הנהלה רפואית | מידע רפואי רגיש - לא לשימוש שיווקי
diagnoses_icd10 | צד ראשון | 0.9 | אבחנות בקידוד ICD-10 | תיק רפואי |  |  | 1 | 0.85 | פרטני | חובה חוקית | הנהלה רפואית | מידע רפואי רגיש - גישה לפי הרשאה בלבד
lab_results_last | צד ראשון | 0.67 | תוצאות בדיקות המעבדה האחרונות | מערכת מעבדות | health_wellbeing |  | 1 | 0.99 | פרטני | חובה חוקית | מעבדות | מידע רפואי רגיש
bmi_last | צד ראשון | 0.52 | BMI אחרון שנמדד במרפאה | תיק רפואי |  |  | 1 | 0.8 | פרטני | חובה חוקית | הנהלה רפואית | מידע רפואי רגיש
smoking_status | צד ראשון | 0.48 | מצב עישון כפי שתועד בתיק | תיק רפואי | health_wellbeing |  | 1 | 0.6 | פרטני | חובה חוקית | קידום בריאות | מידע רפואי רגיש; לא תמיד מתעדכן בביקור
mammography_last | צד ראשון | 0.14 | מועד הממוגרפיה האחרונה לזכאיות (נשים 50-74) | מדדי איכות |  |  | 7 | 0.95 | פרטני | חובה חוקית | מדדי איכות | מידע רפואי רגיש
fobt_last | צד ראשון | 0.26 | מועד בדיקת הדם הסמוי האחרונה לזכאים (50-74) | מדדי איכות |  |  | 7 | 0.95 | פרטני | חובה חוקית | מדדי איכות | מידע רפואי רגיש
flu_vaccine_last | צד ראשון | 0.62 | חיסון השפעת האחרון | מערכת חיסונים |  |  | 1 |  | פרטני | חובה חוקית | מדדי איכות |
child_vaccines_status | צד ראשון | 0.18 | מצב חיסוני השגרה לילדים (טיפת חלב בקופה) | מערכת חיסונים |  |  | 1 |  | פרטני | חובה חוקית | בריאות הילד |
screening_reminder_resp | צד ראשון | 0.35 | תגובה לתזכורות SMS לבדיקות סקר (נקבע תור תוך 30 יום) | מערכת תזכורות |  |  | 7 | 0.8 | פרטני | אינטרס לגיטימי | מדדי איכות | התזכורות יוצאות תמיד בין 10:00 ל-12:00
reminder_channel | צד ראשון | 0.89 | ערוץ התזכורות (SMS כברירת מחדל) | מערכת תזכורות |  |  | 1 |  | פרטני | חוזה | מדדי איכות | לא נבחר על ידי החבר
prescriptions_12m | צד ראשון | 0.71 | מרשמים שנופקו, 12 חודשים (תרופה ומינון) | מערכת מרשמים | health_wellbeing |  | 1 | 0.99 | פרטני | חובה חוקית | רוקחות | מידע רפואי רגיש
pharmacy_pickups_12m | צד ראשון | 0.68 | ניפוקים בבתי המרקחת של הקופה ובבתי מרקחת בהסדר | מערכת רוקחות |  |  | 1 |  | פרטני | חובה חוקית | רוקחות |
pharmacy_mode | צד ראשון | 0.68 | בית המרקחת הנפוץ | מערכת רוקחות |  |  | 7 |  | פרטני | חוזה | רוקחות |
pharmacy_delivery_12m | צד ראשון | 0.05 | משלוחי תרופות עד הבית, 12 חודשים | מערכת רוקחות |  |  | 1 |  | פרטני | חוזה | רוקחות |
pharm_otc_spend | צד ראשון | 0.22 | קניות מוצרי פארם ללא מרשם במועדון (₪) | קופות הפארם | spend_value |  | 1 |  | פרטני | חוזה | רשת הפארם |
pharm_club_member | צד ראשון | 0.24 | חבר במועדון רשת הפארם של הקופה | מועדון פארם |  |  | 1 |  | פרטני | חוזה | רשת הפארם |
copay_spend_12m | צד ראשון | 0.9 | השתתפויות עצמיות ששולמו, 12 חודשים (₪) | גבייה |  |  | 1 |  | פרטני | חוזה | גבייה |
copay_ceiling_flag | צד ראשון | 0.04 | הגעה לתקרת ההשתתפות העצמית (חולים כרוניים, קשישים) | גבייה |  |  | 30 |  | פרטני | חובה חוקית | גבייה | מלמד בעקיפין על מצב בריאותי
exemptions | צד ראשון | 0.07 | פטורים והנחות (קצבת נכות, השלמת הכנסה, ניצולי שואה) | ממשק ביטוח לאומי | financial_stability |  | 30 | 0.95 | פרטני | חובה חוקית | זכויות חברים | מידע רגיש
disability_flag | צד ראשון | 0.03 | מוגבלות מוכרת, לצורכי נגישות וזכויות | זכויות חברים |  | d:2025-01-15 |  | 0.7 | פרטני | חובה חוקית | זכויות חברים | מידע רגיש - לא לשימוש שיווקי
accessibility_requests | צד אפס | 0.006 | בקשות נגישות של החבר (תור נגיש, מתורגמן לשפת הסימנים) | CRM | service_preferences |  | 1 |  | פרטני | הסכמה מפורשת | נגישות |
app_installed | צד ראשון | 0.56 | האפליקציה מותקנת ומחוברת | אפליקציה | נטייה דיגיטלית |  | 1 |  | פרטני | חוזה | דיגיטל |
app_logins_30d | צד ראשון | 0.56 | כניסות לאפליקציה, 30 יום | אפליקציה |  |  | 1 |  | פרטני | חוזה | דיגיטל |
app_features_used | first | 0.54 | פעולות באפליקציה (תורים, מרשמים, תוצאות בדיקות, התחייבויות) | Adobe Analytics | digital_preferences |  | 7 | 0.85 | פרטני | אינטרס לגיטימי | דיגיטל |
web_sessions_30d | first | 0.24 | כניסות מזוהות לאתר, 30 יום | Google Analytics |  |  | 1 |  | פרטני | אינטרס לגיטימי | דיגיטל |
digital_docs_flag | צד ראשון | 0.61 | קבלת מסמכים והתחייבויות בדיגיטל | אזור אישי |  |  | 1 |  | פרטני | הסכמה מפורשת | דיגיטל |
proxy_access | צד ראשון | 0.03 | הרשאת גישה דיגיטלית לבן משפחה לתיק האישי | אזור אישי |  |  | 1 |  | פרטני | הסכמה מפורשת | דיגיטל | בעיקר הורים לילדים מעל גיל 18
caregiver_form | צד אפס | 0.005 | חבר שדיווח שהוא המטפל העיקרי בבן משפחה (טופס במוקד) | CRM | family_status | d:2021-11-30 |  | 0.7 | פרטני | הסכמה מפורשת | עבודה סוציאלית | הטופס הוסר מהאתר ב-2022
marketing_consent | צד ראשון | 0.47 | הסכמה לדיוור שיווקי (שב"ן ופארם) | CRM | communication_preferences |  | 1 | 0.95 | פרטני | הסכמה מפורשת | מחלקה משפטית |
sms_service_optin | צד ראשון | 93% | הסכמה ל-SMS שירותי (תורים ותזכורות) | CRM |  |  | 1 |  | פרטני | הסכמה מפורשת | צוות CRM |
whatsapp_optin | צד ראשון | 0.08 | הסכמה להודעות וואטסאפ | CRM |  |  | 1 |  | פרטני | הסכמה מפורשת | צוות CRM | הושק ב-2026
pc_reminder_hours | צד אפס | 0.02 | מרכז העדפות: שעות נוחות לתזכורות | אזור אישי |  |  | 1 |  | פרטני | הסכמה מפורשת | צוות CRM | השדה לא מוצג באפליקציה
pc_channel | Zero Party | 0.04 | מרכז העדפות: ערוץ מועדף לעדכונים | אזור אישי |  |  | 1 |  | פרטני | הסכמה מפורשת | צוות CRM |
pc_topics | צד אפס | 3% | מרכז העדפות: נושאי תוכן (תזונה, הורות, פעילות גופנית) | אזור אישי | product_preferences |  | 1 |  | פרטני | הסכמה מפורשת | קידום בריאות |
call_center_calls_12m | צד ראשון | 0.49 | שיחות למוקד, 12 חודשים | מוקד (Genesys) | service_preferences |  | 1 |  | פרטני | חוזה | מוקד |
call_reason_last | צד ראשון | 49% | סיבת השיחה האחרונה (קוד סיבה) | מוקד (Genesys) |  |  | 1 | 0.7 | פרטני | חוזה | מוקד | הנציגים בוחרים לרוב "אחר"
call_hour_mode | צד ראשון | 0.45 | השעה הנפוצה של השיחות למוקד | מוקד (Genesys) | contact_hours |  | 7 |  | פרטני | אינטרס לגיטימי | מוקד |
nurse_line_calls_12m | צד ראשון | 0.07 | שיחות למוקד האחיות, 12 חודשים | מוקד אחיות |  |  | 1 |  | פרטני | חובה חוקית | סיעוד | מידע רפואי רגיש
complaints_12m | צד ראשון | 0.008 | תלונות לנציבות קבילות הציבור ולפניות הציבור | מערכת תלונות | critical_issues |  | 1 |  | פרטני | חובה חוקית | פניות הציבור |
visit_sms_survey | צד אפס | 0.06 | סקר SMS אחרי ביקור (1-5, לפי רופא ומרפאה) | Qualtrics | שביעות רצון |  | 1 |  | פרטני | הסכמה מפורשת | חוויית חברים |
clinic_tablet_rating | צד אפס | 0.01 | דירוג בטאבלט ביציאה מהמרפאה (אנונימי, לפי מרפאה) | טאבלט מרפאה |  | 2026-11-27 |  | 0.6 | מצרפי | ללא | חוויית חברים | אנונימי
moh_service_survey | צד אפס | 100% | סקר השירות השנתי של משרד הבריאות: תוצאות הקופה מול שאר הקופות (ממוצעים) | פרסום משרד הבריאות | satisfaction | d:2026-07-15 |  | 0.9 | מצרפי | הסכמה מפורשת | אסטרטגיה | לא מקושר לחברים
brand_tracking_q | צד אפס | 1 | סקר מותג רבעוני מול הקופות האחרות | מכון מחקר חיצוני | brand_affinity | d:2026-10-05 |  | 0.85 | מצרפי | הסכמה מפורשת | שיווק |
switch_out_12m | צד ראשון | 0.01 | חברים שעברו לקופה אחרת, 12 חודשים (הודעה מהמוסד לביטוח לאומי) | מערכת רישום חברים | churn_potential |  | 30 |  | פרטני | חובה חוקית | שימור | ידוע רק אחרי שהמעבר הושלם
churn_score | צד ראשון | 0.95 | מודל נטישה (גיל, שינוי כתובת, פניות למוקד) | DWH |  | d:2025-02-28 |  | 0.55 | פרטני | אינטרס לגיטימי | צוות אנליטיקה | המודל לא עודכן מאז 2025
address_change_12m | צד ראשון | 0.06 | שינוי כתובת, 12 חודשים | מערכת רישום חברים | life_stage |  | 1 |  | פרטני | חובה חוקית | מערכות מידע |
newborn_registered | צד ראשון | 0.015 | תינוק שנרשם לתיק המשפחה, 12 חודשים | מערכת רישום חברים | שלבי החיים |  | 1 |  | פרטני | חובה חוקית | מערכות מידע |
pregnancy_followup | צד ראשון | 0.012 | מעקב היריון פעיל | תיק רפואי | health_wellbeing |  | 1 |  | פרטני | חובה חוקית | בריאות האישה | מידע רפואי רגיש
chronic_program | צד ראשון | 0.05 | הצטרפות לתוכנית לניהול מחלה כרונית (סוכרת, אי ספיקת לב) | תיק רפואי |  |  | 1 |  | פרטני | חובה חוקית | הנהלה רפואית | מידע רפואי רגיש
home_care_visits | צד ראשון | 0.01 | ביקורי בית לקשישים ולמרותקים | תיק רפואי | health_wellbeing |  | 1 |  | פרטני | חובה חוקית | סיעוד | מידע רפואי רגיש
lives_alone_65 | צד ראשון | 0.02 | בני 65 ומעלה שגרים לבד (סימון עובדת סוציאלית) | עבודה סוציאלית |  | d:2024-06-15 |  | 0.6 | פרטני | אינטרס לגיטימי | עבודה סוציאלית | מידע רגיש
health_quiz_2023 | צד אפס | 0.03 | שאלון אורח חיים מקוון (פעילות גופנית, תזונה, שינה) | אזור אישי |  | d:2023-04-20 |  | 0.75 | פרטני | הסכמה מפורשת | קידום בריאות | מידע רפואי רגיש; לא חודש מאז 2023
workshop_signup | צד אפס | 0.008 | הרשמה לסדנאות אורח חיים בריא (הפסקת עישון, תזונה) | מערכת סדנאות |  | d:2025-12-10 |  | 0.9 | פרטני | הסכמה מפורשת | קידום בריאות |
step_challenge | צד אפס | 0.02 | השתתפות באתגר הצעדים באפליקציה (ממוצע צעדים יומי) | אפליקציה | sport_frequency | d:2025-08-31 |  | 0.8 | פרטני | הסכמה מפורשת | קידום בריאות | אתגר חד-פעמי בקיץ 2025
wearable_sync | צד אפס | 0.004 | חיבור שעון חכם לאפליקציה (דופק, שינה) | אפליקציה |  |  | 1 |  | פרטני | הסכמה מפורשת | דיגיטל | פיילוט; מידע רפואי רגיש
travel_clinic_visits | צד ראשון | 0.02 | ביקורים במרפאת המטיילים (יעד) | מערכת תורים | future_plans |  | 1 |  | פרטני | חוזה | רפואה קהילתית |
dental_visits_12m | צד ראשון | 0.09 | טיפולים במרפאות השיניים של הקופה, 12 חודשים | מערכת שיניים |  |  | 1 |  | פרטני | חוזה | שיניים |
optics_purchases | צד ראשון | 0.05 | רכישות ברשת האופטיקה של הקופה | קופות אופטיקה |  |  | 1 |  | פרטני | חוזה | אופטיקה |
gym_partner_feed | צד שני | 0.06 | פיד מרשת כושר שותפה: מנוי פעיל בהנחת חברי שב"ן | פיד שותף - רשת כושר |  | d:2024-09-30 |  | 0.8 | פרטני | הסכמה מפורשת | שותפויות | ההסכם הסתיים ב-09/2024
employer_group_feed | 2nd party | 0.04 | חברים שהצטרפו דרך הסכם עם המעסיק (שם המעסיק) | פיד מעסיקים |  |  | 90 | 0.8 | פרטני | הסכמה מפורשת | שותפויות |
lifestyle_list_3p | צד שלישי | 0.4 | רשימת אורח חיים שנרכשה (תחביבים, ילדים, חיות מחמד) | DataNest | תחביבים | d:2021-10-01 |  | 0.3 | פרטני | לא ידוע | שיווק | נרכשה לקמפיין שב"ן; אין תיעוד הסכמה
income_decile_3p | צד שלישי | 66 | עשירון הכנסה משוער לפי אזור סטטיסטי | AreaScope |  | d:2022-02-01 |  | 0.4 | פלח | לא ידוע | צוות אנליטיקה |
ga_audience | third | 1 | Google Analytics: גיל, מין ותחומי עניין של מבקרי האתר (דוחות מצרפיים) | Google Analytics |  | d:2025-11-01 |  | 0.5 | מצרפי | לא ידוע | דיגיטל |
campaign_response_12m | צד ראשון | 0.3 | תגובה לקמפיינים (שב"ן, פארם), 12 חודשים | ExactTarget |  |  | 1 |  | פרטני | הסכמה מפורשת | שיווק |
email_open_rate_90d | צד ראשון | 0.4 | שיעור פתיחת דיוורים, 90 יום | ExactTarget |  |  | 1 |  | פרטני | הסכמה מפורשת | שיווק |
"""


def main() -> None:
    counts = {
        "shaked_cards": write(
            "shaked_cards",
            "Inventory",
            CARDS_HEADER,
            CARDS,
            rtl=False,
            fill="00A04000",
            date_format="dd/mm/yyyy",
        ),
        "kinor_telecom": write(
            "kinor_telecom",
            "Data inventory",
            TELECOM_HEADER,
            TELECOM,
            rtl=False,
            fill="00005A9C",
            date_format="yyyy-mm-dd",
        ),
        "nofim_health": write(
            "nofim_health",
            "מלאי נתונים",
            HEALTH_HEADER,
            HEALTH,
            rtl=True,
            fill="00127A6B",
            date_format="dd/mm/yyyy",
        ),
    }
    for org, n in counts.items():
        print(f"{org}: {n} rows")


if __name__ == "__main__":
    main()
