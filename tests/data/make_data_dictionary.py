"""Write client_data_dictionary.xlsx: a realistic CRM data dictionary of a
(fictional) Israeli retail chain, as a client would send it instead of the
inventory template (UX walk-through 2026-11-30, section B).

What makes it realistic (and hard):
- three title rows above the header (two merged across the columns), header in row 4;
- columns Field name | Label | Description | System | Data type | % populated |
  Last refreshed | PII -- there is NO party column, and "Data type" holds
  Text(40) / Picklist / Date, not a data party;
- % populated written as people do: "85%", 0.62, 92, "60–70%", "~80%", "n/a",
  and a few real numbers shown with a percent format;
- Last refreshed mostly as words (daily, weekly, monthly, real-time, quarterly,
  יומי), a few as dates (date cells and one typed string);
- Salesforce / HubSpot style field names, two legacy Hebrew field names,
  some Hebrew descriptions, three special-sensitivity fields;
- section-heading rows ("— Loyalty fields —") with the other cells empty;
- a second sheet "Change log".

Run:  python tests/data/make_data_dictionary.py   (needs openpyxl only)
"""

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

OUT = Path(__file__).with_name("client_data_dictionary.xlsx")

HEADER = [
    "Field name",
    "Label",
    "Description",
    "System",
    "Data type",
    "% populated",
    "Last refreshed",
    "PII",
]

D = dt.datetime
PCT = "0%"  # number format for the few real numbers shown as percents

# (field name, label, description, system, data type, % populated, last refreshed, PII)
# A str starting with "—" is a section-heading row.
ROWS = [
    "— Contact & identity —",
    (
        "Contact.Id",
        "Contact ID",
        "Salesforce record ID (18 chars)",
        "Salesforce",
        "ID",
        "100%",
        "real-time",
        "No",
    ),
    (
        "Contact.FirstName",
        "First Name",
        "שם פרטי",
        "Salesforce",
        "Text(40)",
        "99%",
        "real-time",
        "Yes",
    ),
    (
        "Contact.LastName",
        "Last Name",
        "שם משפחה",
        "Salesforce",
        "Text(80)",
        "100%",
        "real-time",
        "Yes",
    ),
    (
        "Contact.Birthdate",
        "Birthdate",
        "Date of birth from the club sign-up form",
        "Salesforce",
        "Date",
        0.62,
        "daily",
        "Yes",
    ),
    (
        "Contact.Email",
        "Email",
        "Primary e-mail address",
        "Salesforce",
        "Email",
        "85%",
        "real-time",
        "Yes",
    ),
    (
        "Contact.MobilePhone",
        "Mobile",
        "טלפון נייד ראשי",
        "Salesforce",
        "Phone",
        (0.94, PCT),
        "real-time",
        "Yes",
    ),
    (
        "Contact.MailingCity",
        "Mailing City",
        "עיר מגורים (מכתובת הדיוור)",
        "Salesforce",
        "Text(40)",
        "~80%",
        "weekly",
        "Yes",
    ),
    (
        "Gender__c",
        "Gender",
        "Self-declared gender (F / M / Other / Prefer not to say)",
        "Salesforce",
        "Picklist",
        "71%",
        "daily",
        "Yes",
    ),
    (
        "Marital_Status__c",
        "Marital status",
        "מצב משפחתי כפי שהוצהר בהצטרפות",
        "Salesforce",
        "Picklist",
        "60–70%",
        "monthly",
        "Yes",
    ),
    (
        "Number_of_Children__c",
        "Children",
        "Number of children under 18 (declared)",
        "Salesforce",
        "Number(2,0)",
        0.38,
        "monthly",
        "No",
    ),
    (
        "Preferred_Language__c",
        "Preferred language",
        "Hebrew / Arabic / Russian / English",
        "Salesforce",
        "Picklist",
        "88%",
        "weekly",
        "No",
    ),
    "— Loyalty fields —",
    (
        "Club_Member__c",
        "Club member",
        "Checked when the customer joined the loyalty club",
        "Loyalty",
        "Checkbox",
        "100%",
        "daily",
        "No",
    ),
    (
        "Club_Join_Date__c",
        "Club join date",
        "תאריך הצטרפות למועדון",
        "Loyalty",
        "Date",
        "97%",
        "daily",
        "No",
    ),
    (
        "Club_Tier__c",
        "Tier",
        "Gold / Silver / Basic, recalculated every month",
        "Loyalty",
        "Picklist",
        "100%",
        "monthly",
        "No",
    ),
    (
        "Points_Balance__c",
        "Points",
        "Current points balance",
        "Loyalty",
        "Number(8,0)",
        "100%",
        "real-time",
        "No",
    ),
    (
        "Preferred_Store__c",
        "Preferred store",
        "Store with the most visits in the last 12 months",
        "POS",
        "Lookup(Store)",
        "76%",
        "weekly",
        "No",
    ),
    (
        "Shoe_Size__c",
        "Shoe size",
        "מידת נעליים (הוצהר באפליקציה)",
        "Loyalty",
        "Number(3,1)",
        "12%",
        "real-time",
        "No",
    ),
    (
        "Clothing_Size__c",
        "Clothing size",
        "XS–XXL, declared in the club app",
        "Loyalty",
        "Picklist",
        0.09,
        "real-time",
        "No",
    ),
    (
        "Kids_Age_Band__c",
        "Kids age band",
        "Age bands of children (0-2, 3-6, 7-12, 13-17), multi-select",
        "Loyalty",
        "Picklist (Multi-Select)",
        "~25%",
        "quarterly",
        "No",
    ),
    (
        "ותק_מועדון_חודשים",
        "ותק במועדון",
        "Months since joining; legacy field from the old loyalty system",
        "Loyalty",
        "Number(4,0)",
        "97%",
        "monthly",
        "No",
    ),
    (
        "Birthday_Benefit_OptIn__c",
        "Birthday benefit opt-in",
        "Customer asked for the birthday voucher",
        "Loyalty",
        "Checkbox",
        "54%",
        "daily",
        "No",
    ),
    "— Purchase behaviour (POS) —",
    (
        "Account.Last_Purchase_Date__c",
        "Last purchase",
        "Date of last purchase in any channel",
        "POS",
        "Date",
        "93%",
        "daily",
        "No",
    ),
    (
        "Account.Purchases_12M__c",
        "Purchases (12m)",
        "Number of baskets in the last 12 months",
        "POS",
        "Number(5,0)",
        "93%",
        "daily",
        "No",
    ),
    (
        "Account.Spend_12M__c",
        "Spend 12m (₪)",
        "Total spend incl. VAT, all channels",
        "POS",
        "Currency(10,2)",
        "93%",
        "daily",
        "No",
    ),
    (
        "Avg_Basket_Value__c",
        "Avg basket",
        "ממוצע סל בשקלים, 12 חודשים",
        "POS",
        "Currency(8,2)",
        0.93,
        "weekly",
        "No",
    ),
    (
        "Top_Category__c",
        "Top category",
        "Category with the highest spend, 12 months",
        "POS",
        "Text(60)",
        "90%",
        "weekly",
        "No",
    ),
    (
        "Online_Share__c",
        "Online share",
        "% of spend made online (site + app)",
        "POS",
        "Percent(3,0)",
        "41%",
        "weekly",
        "No",
    ),
    (
        "סניף_אחרון",
        "סניף אחרון",
        "הסניף שבו בוצעה הרכישה האחרונה",
        "POS",
        "Text(30)",
        "93%",
        "יומי",
        "No",
    ),
    (
        "Payment_Method_Pref__c",
        "Payment method",
        "Most used: credit / cash / Bit / Apple Pay",
        "POS",
        "Picklist",
        "~80%",
        "monthly",
        "No",
    ),
    "— Marketing (HubSpot) —",
    (
        "hs_email_optout",
        "Unsubscribed from all email",
        "Checked if the contact unsubscribed from all marketing e-mail",
        "HubSpot",
        "Checkbox",
        "100%",
        "real-time",
        "No",
    ),
    (
        "hs_email_last_open_date",
        "Last marketing email open date",
        "Last time the contact opened a marketing e-mail",
        "HubSpot",
        "Date",
        "47%",
        "real-time",
        "No",
    ),
    (
        "lifecyclestage",
        "Lifecycle stage",
        "subscriber / lead / customer / evangelist",
        "HubSpot",
        "Picklist",
        "100%",
        "daily",
        "No",
    ),
    (
        "hs_analytics_source",
        "Original source",
        "First known source (organic, paid social, direct…)",
        "HubSpot",
        "Picklist",
        (0.88, PCT),
        D(2026, 10, 31),
        "No",
    ),
    (
        "SMS_Consent__c",
        "SMS consent",
        "הסכמה לדיוור SMS לפי תיקון 40 לחוק התקשורת",
        "Salesforce",
        "Checkbox",
        "100%",
        "real-time",
        "No",
    ),
    (
        "hs_social_facebook_clicks",
        "Facebook clicks",
        "Clicks from Facebook posts (not used since 2024)",
        "HubSpot",
        "Number",
        "n/a",
        "14/03/2026",
        "No",
    ),
    (
        "Preferred_Contact_Hours__c",
        "Contact hours",
        "שעות מועדפות ליצירת קשר (מוצהר במוקד)",
        "Salesforce",
        "Picklist",
        "8%",
        D(2026, 9, 30),
        "No",
    ),
    "— Sensitive / special category —",
    (
        "Kosher_Level__c",
        "Kashrut preference",
        "None / Kosher / Mehadrin, inferred from purchases; may reveal religious observance",
        "Loyalty",
        "Picklist",
        0.35,
        "quarterly",
        "Yes",
    ),
    (
        "Pregnancy_Flag__c",
        "Expecting parent",
        "Inferred from baby-product purchases (BI model) – under legal review",
        "BI model",
        "Checkbox",
        "3%",
        "monthly",
        "Yes",
    ),
    (
        "Accessibility_Needs__c",
        "Accessibility needs",
        "Declared accessibility requirements for store visits / delivery",
        "Salesforce",
        "Text Area(255)",
        "2%",
        D(2026, 6, 30),
        "Yes",
    ),
    "— Model scores —",
    (
        "Account.Churn_Score__c",
        "Churn score",
        "Model score 0-100, higher = more likely to leave",
        "BI model",
        "Number(3,0)",
        92,
        "monthly",
        "No",
    ),
    (
        "CLV_Segment__c",
        "CLV segment",
        "A / B / C / D value segment",
        "BI model",
        "Picklist",
        "100%",
        D(2026, 10, 1),
        "No",
    ),
]

CHANGES = [
    ("1.0", D(2023, 2, 1), "Avi Cohen (BI)", "Initial dictionary from the Salesforce field export"),
    (
        "2.0",
        D(2024, 6, 15),
        "Noa Ben-David (CRM)",
        "Added HubSpot marketing fields after the migration",
    ),
    (
        "3.0",
        D(2025, 9, 1),
        "Avi Cohen (BI)",
        "Added club-app declared fields (shoe size, clothing size, kids age band)",
    ),
    (
        "3.1",
        D(2026, 3, 10),
        "Shira Levi (DPO office)",
        "Flagged Kosher_Level__c and Pregnancy_Flag__c as sensitive; PII column reviewed",
    ),
    (
        "3.2",
        D(2026, 11, 12),
        "BI team",
        "% populated refreshed from Field Trip; Fax field removed; עודכנו תיאורים בעברית",
    ),
]


def build(path=OUT):
    wb = Workbook()
    ws = wb.active
    ws.title = "Data Dictionary"
    ncol = len(HEADER)
    last = chr(ord("A") + ncol - 1)

    ws["A1"] = "Hadar Retail Group Ltd. | רשת הדר קמעונאות בע״מ"
    ws["A1"].font = Font(size=14, bold=True)
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = "Customer data dictionary v3.2"
    ws["A2"].font = Font(size=12, bold=True)
    ws.merge_cells(f"A2:{last}2")
    ws["A3"] = "Exported 12/11/2026 · Prepared by BI & CRM Analytics · Internal – do not forward"
    ws["A3"].font = Font(italic=True, color="666666")
    ws.merge_cells("A3:E3")

    head_row = 4
    thin = Side(style="thin", color="999999")
    for c, h in enumerate(HEADER, 1):
        cell = ws.cell(row=head_row, column=c, value=h)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E78")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = Border(top=thin, bottom=thin, left=thin, right=thin)

    r = head_row
    for row in ROWS:
        r += 1
        if isinstance(row, str):  # section heading, other cells empty
            cell = ws.cell(row=r, column=1, value=row)
            cell.font = Font(bold=True, italic=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            continue
        for c, v in enumerate(row, 1):
            fmt = None
            if isinstance(v, tuple):
                v, fmt = v
            cell = ws.cell(row=r, column=c, value=v)
            if isinstance(v, dt.datetime):
                cell.number_format = "dd/mm/yyyy"
            elif fmt:
                cell.number_format = fmt
            cell.border = Border(bottom=Side(style="hair", color="CCCCCC"))
            if c == 3:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    for col, width in zip("ABCDEFGH", (30, 26, 58, 12, 20, 12, 15, 6), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = f"A{head_row + 1}"
    ws.auto_filter.ref = f"A{head_row}:{last}{r}"

    log = wb.create_sheet("Change log")
    for c, h in enumerate(("Version", "Date", "Author", "Change"), 1):
        log.cell(row=1, column=c, value=h).font = Font(bold=True)
    for i, (ver, date, author, change) in enumerate(CHANGES, 2):
        log.cell(row=i, column=1, value=ver)
        log.cell(row=i, column=2, value=date).number_format = "dd/mm/yyyy"
        log.cell(row=i, column=3, value=author)
        log.cell(row=i, column=4, value=change)
    for col, width in zip("ABCD", (9, 12, 24, 90), strict=True):
        log.column_dimensions[col].width = width

    # fixed document dates so that re-running gives the same workbook content
    wb.properties.creator = "Avi Cohen"
    wb.properties.created = D(2023, 2, 1, 9, 0)
    wb.properties.modified = D(2026, 11, 12, 16, 45)
    wb.properties.lastModifiedBy = "BI team"
    wb.save(path)
    return path


if __name__ == "__main__":
    print(build())
