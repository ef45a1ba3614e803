"""A consent record per planned question (W3C DPV terms, JSON-LD), and the rule that blocks a
question of special sensitivity planned in a channel that cannot capture explicit consent.

Each record describes the consent the organisation will ask for when it asks one planned question:
what for, on which lawful basis, under which law, about which kind of information, kept how long,
collected where, and how the customer withdraws it. It is a record *template* (the consent is
``dpv:ConsentRequested``): the platform that asks the question adds the customer, the time and the
status when the customer answers.

The document is JSON-LD with a self-contained ``@context`` (no remote context is fetched: every
prefix is defined inline) and one record per planned question in ``@graph``. The DPV terms used
(DPV 2.0, ``https://w3id.org/dpv#``; personal-data categories from DPV-PD, ``pd:``) and the
ISO/IEC TS 27560:2023 consent-record fields each stands for:

====================================  ==========================================================
DPV term                              ISO/IEC TS 27560 field
====================================  ==========================================================
``@id`` / ``identifier``              record identifier (one per organisation and question)
``dpv:hasDataController``             PII controller (the organisation's name; a placeholder
                                      ``@id`` until the controller's own identifier is set)
``dpv:hasDataSubject``                PII principal (the customer; filled in when answered)
``dpv:hasPurpose``                    purpose (the use case, with the purpose notice)
``dpv:hasLegalBasis``                 lawful basis (consent / explicit consent / contract /
                                      legitimate interest, as the catalog's use case says; with
                                      GDPR, the Art. 6 / Art. 9 point too)
``dpv:hasJurisdiction``,              jurisdiction (Israel, Privacy Protection Law 5741-1981 as
``dpv:hasApplicableLaw``              amended by Amendment 13, always; the EU and the GDPR when
                                      ``gdpr=True``)
``dpv:hasPersonalData``               PII categories (a DPV-PD category, and
                                      ``dpv:SpecialCategoryPersonalData`` for information of
                                      special sensitivity)
``specialSensitivity``                special categories of PII (Amendment 13's categories of
                                      "information of special sensitivity", sensitivity.csv,
                                      with their statutory citation)
``dpv:hasStorageCondition``           retention period (an ``xsd:duration``)
``dpv:hasContext`` (collection        collection method / point (the channel; DPV 2.0 has no
point), ``dpv:hasDataSource``         ``hasProcessingContext`` property, so the channel is a
                                      ``dpv:hasContext`` node typed ``CollectionPoint``)
``dpv:hasNotice``                     notice (the purpose notice shown before the question)
``dpv:hasConsentStatus``              consent status (requested; the platform records the rest)
``dpv:hasEntityInvolvement``          withdrawal method (``dpv:WithdrawingFromProcess``, with
                                      how to withdraw in English and Hebrew)
====================================  ==========================================================

Retention is the primary topic's half-life (topics.csv ``half_life_days``: the time after which
half such answers are out of date): the answer is kept while the consent stands and at most that
long, then asked again or deleted. It is a default for the organisation's data protection officer
to confirm.

Which channels can capture explicit consent is the channel catalog's ``consent_capture`` column
(templates/channels.csv); the categories' own excluded channels are sensitivity.csv's
``channels_not_allowed``. Every function is pure: an assessment (or its plan) and the catalog in,
a dict, a list or bytes out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .assess import Assessment
from .catalog import Catalog
from .planning.model import Plan
from .planning.pairs import special_categories
from .surveys import _both, _organisation, _plan, _word
from .surveys import _items as _item_tuple

LANGUAGES = ("en", "he")
#: The file the export writes (``zpd-assess export --format consent``).
CONSENT_FILE = "consent/records.jsonld"

#: The inline JSON-LD context: every prefix the records use, so no processor fetches anything.
CONSENT_CONTEXT: dict[str, Any] = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "loc": "https://w3id.org/dpv/loc#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "dct": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "zpd": "urn:zpd:vocab:",
    "identifier": "dct:identifier",
    "conformsTo": "dct:conformsTo",
    "label": {"@id": "rdfs:label", "@container": "@language"},
    "description": {"@id": "dct:description", "@container": "@language"},
    "duration": {"@id": "dpv:hasDuration", "@type": "xsd:duration"},
    "answerCodes": {"@id": "zpd:answerCode", "@container": "@list"},
    "capturesExplicitConsent": {"@id": "zpd:capturesExplicitConsent", "@type": "xsd:boolean"},
    "specialSensitivity": {"@id": "zpd:specialSensitivity"},
    "sensitivityException": {"@id": "zpd:sensitivityException"},
    "exceptionCategories": {"@id": "zpd:exceptionCategory", "@container": "@list"},
    "conditions": {"@id": "zpd:conditions", "@container": "@language"},
    "citation": {"@id": "dct:bibliographicCitation", "@container": "@language"},
    "contactRequest": {"@id": "zpd:contactRequest"},
}

#: Israel's Privacy Protection Law as amended by Amendment 13 (no DPV legal extension names it).
ISRAEL_LAW = {
    "@id": "zpd:law/il-privacy-protection-law-5741-1981-amendment-13",
    "label": {
        "en": "Privacy Protection Law 5741-1981, as amended by Amendment 13",
        "he": "חוק הגנת הפרטיות, התשמ״א-1981, כפי שתוקן בתיקון 13",
    },
}
#: The Communications Law's section on advertising by electronic message and automatic dialling.
COMMUNICATIONS_LAW = {
    "@id": "zpd:law/il-communications-law-5742-1982-s30a",
    "label": {
        "en": "Communications (Telecommunications and Broadcasting) Law 5742-1982, section 30A",
        "he": "חוק התקשורת (בזק ושידורים), התשמ״ב-1982, סעיף 30א",
    },
}
#: What the record of a contact request says the platform keeps (``{yes}``: the answer that
#: asks for the contact).
CONTACT_RECORD = {
    "en": 'Asked right after the answer. A "yes" ("{yes}") is the customer\'s explicit request, '
    "and consent, to be contacted about this purpose alone (Communications Law, s. 30A(b)): "
    "record it with its time, the channel and the survey or script version. A message sent on "
    'it that is advertising is still marked "פרסומת" with the sender and a way to refuse.',
    "he": "נשאלת מייד אחרי התשובה. «כן» («{yes}») הוא בקשה מפורשת של הלקוח, והסכמה, שיפנו אליו "
    "בעניין הזה בלבד (חוק התקשורת, סעיף 30א(ב)): יש לתעד אותה עם השעה, הערוץ וגרסת הסקר או "
    "התסריט. הודעה שנשלחת בעקבותיה והיא דבר פרסומת עדיין מסומנת «פרסומת», עם שם השולח ודרך "
    "לסרב.",
}

#: The GDPR by its European Legislation Identifier.
GDPR_LAW = {
    "@id": "http://data.europa.eu/eli/reg/2016/679/oj",
    "label": {"en": "General Data Protection Regulation (EU) 2016/679", "he": "GDPR (EU) 2016/679"},
}

#: The catalog's lawful bases (inventory_values ``consent``) as DPV legal bases.
DPV_LEGAL_BASES: dict[str, tuple[str, ...]] = {
    "explicit_consent": ("dpv:Consent", "dpv:ExplicitlyExpressedConsent"),
    "contract": ("dpv:Contract",),
    "legitimate_interest": ("dpv:LegitimateInterest",),
    "legal_obligation": ("dpv:LegalObligation",),
}
#: ... and as GDPR points (DPV's EU-GDPR extension); explicit consent for special categories is
#: Art. 9(2)(a) on top of Art. 6(1)(a).
GDPR_LEGAL_BASES: dict[str, tuple[str, ...]] = {
    "explicit_consent": ("eu-gdpr:A6-1-a",),
    "contract": ("eu-gdpr:A6-1-b",),
    "legitimate_interest": ("eu-gdpr:A6-1-f",),
    "legal_obligation": ("eu-gdpr:A6-1-c",),
}
GDPR_SPECIAL_CONSENT = "eu-gdpr:A9-2-a"

#: Amendment 13's categories (sensitivity.csv) as DPV-PD personal-data categories.
SPECIAL_PERSONAL_DATA: dict[str, str] = {
    "sex_life_orientation": "pd:Sexual",
    "family_private_life": "pd:Family",
    "health": "pd:MedicalHealth",
    "genetic": "pd:Genetic",
    "biometric": "pd:Biometric",
    "origin_ethnicity": "pd:EthnicOrigin",
    "criminal_record": "pd:Criminal",
    "political_opinions": "pd:PoliticalOpinion",
    "religion_belief": "pd:ReligiousBelief",
    "personality_assessment": "pd:Personality",
    "location": "pd:Location",
    "financial": "pd:Financial",
    "statutory_confidentiality": "dpv:SensitivePersonalData",
    "trade_union": "pd:TradeUnionMembership",
}
#: A topic's category (topics.csv ``category``) as a DPV-PD category, for the other questions;
#: a few topics have a closer one (TOPIC_PERSONAL_DATA).
CATEGORY_PERSONAL_DATA: dict[str, str] = {
    "identity": "pd:Identifying",
    "profile": "pd:Demographic",
    "financial": "pd:Financial",
    "relationship": "pd:Transactional",
    "preferences": "pd:Preference",
    "experience": "pd:Opinion",
    "intent": "pd:Intention",
    "digital_contact": "pd:Preference",
    "lifestyle": "pd:Interest",
}
TOPIC_PERSONAL_DATA: dict[str, str] = {
    "location": "pd:Location",
    "family_status": "pd:FamilyStructure",
    "health_wellbeing": "pd:Health",
    "identity_contact": "pd:Contact",
}
DEFAULT_PERSONAL_DATA = "pd:Preference"

#: How the customer withdraws consent (the purpose notices promise it in the profile or personal
#: area). Kept here until it has a home in templates/labels.csv (``consent.withdrawal``).
WITHDRAWAL = {
    "en": "At any time, in the profile or personal area or by contacting {organisation}: the "
    "answer is then deleted and no longer used, and nothing changes in the customer's service.",
    "he": "בכל עת, בפרופיל (באזור האישי) או בפנייה אל {organisation}: התשובה נמחקת ולא נעשה בה "
    "עוד שימוש, והשירות של הלקוח לא משתנה.",
}
RETENTION = {
    "en": "Kept while the consent stands and at most {days} days (half such answers are out of "
    "date by then), then asked again or deleted.",
    "he": "נשמרת כל עוד ההסכמה בתוקף ולכל היותר {days} ימים (עד אז מחצית התשובות מסוג זה כבר "
    "אינן עדכניות), ואז נשאלת שוב או נמחקת.",
}

#: The blocking findings' messages (``{question}``, ``{channel}``, ``{category}``,
#: ``{clause}``, ``{fit}``); kept here until they have a home in templates/messages.csv.
FINDING_MESSAGES: dict[str, dict[str, str]] = {
    "no_consent_capture": {
        "en": "Question {question_id} ({question}) asks for information of special sensitivity "
        "({category}; {clause}) in {channel}, a channel that cannot capture the customer's "
        "explicit consent. Move it to a channel that can ({fit}) or take it out of the plan "
        "before launch.",
        "he": "השאלה {question_id} ({question}) מבקשת מידע בעל רגישות מיוחדת ({category}; "
        "{clause}) בערוץ {channel}, שאין בו דרך לקבל את הסכמתו המפורשת של הלקוח. יש להעביר "
        "אותה לערוץ שיש בו ({fit}) או להוציא אותה מהתוכנית לפני ההשקה.",
    },
    "category_not_allowed": {
        "en": "Question {question_id} ({question}) asks for information of special sensitivity "
        "({category}; {clause}) in {channel}, where such information is never collected. Move "
        "it to a channel that captures explicit consent ({fit}) or take it out of the plan "
        "before launch.",
        "he": "השאלה {question_id} ({question}) מבקשת מידע בעל רגישות מיוחדת ({category}; "
        "{clause}) בערוץ {channel}, שבו מידע כזה אינו נאסף. יש להעביר אותה לערוץ שמאפשר "
        "הסכמה מפורשת ({fit}) או להוציא אותה מהתוכנית לפני ההשקה.",
    },
}
NO_FIT = {"en": "none of the plan's channels", "he": "אף אחד מערוצי התוכנית"}

_SLUG = re.compile(r"[^a-z0-9]+")


class ConsentExportError(ValueError):
    """A plan whose consent records cannot be written (the message says what to change)."""


@dataclass(frozen=True)
class ConsentFinding:
    """A planned question of special sensitivity in a channel that cannot take it: blocking."""

    question_id: str
    channel: str
    category_id: str
    reason: str  # no_consent_capture | category_not_allowed
    message_en: str
    message_he: str
    blocking: bool = True

    def message(self, lang: str = "en") -> str:
        return self.message_he if lang == "he" else self.message_en

    def as_dict(self) -> dict[str, Any]:
        return {"question_id": self.question_id, "channel": self.channel,
                "category_id": self.category_id, "reason": self.reason,
                "blocking": self.blocking, "message_en": self.message_en,
                "message_he": self.message_he}  # fmt: skip


def _items(value: Any) -> list[str]:
    return list(_item_tuple(value))


def slug(text: str) -> str:
    """A lower-case identifier part (``Tavor Bank`` -> ``tavor-bank``); ``organisation`` if none."""
    return _SLUG.sub("-", text.lower()).strip("-") or "organisation"


def planned_questions(source: Assessment | Plan) -> list[dict[str, Any]]:
    """The plan's questions in its asking order, one dict each."""
    frame = _plan(source).questions
    if frame.empty or "in_plan" not in frame.columns:
        return []
    planned = frame[frame["in_plan"].astype(bool)]
    if "rank" in planned.columns:
        planned = planned.sort_values("rank", kind="stable")
    return [dict(row) for _, row in planned.iterrows()]


def question_categories(row: Mapping[str, Any], catalog: Catalog, named: bool = False) -> list[str]:
    """Amendment 13's categories a planned question asks about: the one it names (the plan's row,
    else the bank's ``sensitivity_category``), then those of the special topics it informs; empty
    for a question that is not of special sensitivity.

    A special question that names none and informs no special topic (a question the room wrote)
    gets every category, as the planner gives it (so that every channel any category rules out is
    ruled out); with ``named`` it gets none (a record names only what the catalog says)."""
    q = dict(row)
    if not _word(q.get("sensitivity_category")):
        bank = catalog.question_records.get(str(q.get("question_id")))
        q["sensitivity_category"] = _word((bank or {}).get("sensitivity_category"))
    if not isinstance(q.get("topic_strengths"), Mapping) and "topic_list" not in q:
        q["topic_list"] = _items(q.get("topics"))
    if named:
        q["sensitivity"] = ""
    return special_categories(q, catalog)


def _primary_topic(row: Mapping[str, Any]) -> str:
    topic = _word(row.get("primary_topic"))
    if topic:
        return topic
    strengths = row.get("topic_strengths")
    if isinstance(strengths, Mapping) and strengths:
        return str(max(strengths, key=lambda t: strengths[t]))
    topics = _items(row.get("topics"))
    return topics[0] if topics else ""


def retention_days(row: Mapping[str, Any], catalog: Catalog) -> int:
    """The primary topic's half-life in days (365 when the topic is unknown)."""
    rec = catalog.topic_records.get(_primary_topic(row))
    days = rec.get("half_life_days") if rec else None
    try:
        return int(days) if days and int(days) > 0 else 365
    except (TypeError, ValueError):
        return 365


def _personal_data_types(row: Mapping[str, Any], categories: Sequence[str],
                         catalog: Catalog) -> list[str]:  # fmt: skip
    types = [SPECIAL_PERSONAL_DATA[c] for c in categories if c in SPECIAL_PERSONAL_DATA]
    topic = _primary_topic(row)
    general = TOPIC_PERSONAL_DATA.get(topic)
    if general is None:
        category = str((catalog.topic_records.get(topic) or {}).get("category") or "")
        general = CATEGORY_PERSONAL_DATA.get(category, DEFAULT_PERSONAL_DATA)
    if general not in types:
        types.append(general)
    if categories or _word(row.get("sensitivity")) == "special":
        types.append("dpv:SpecialCategoryPersonalData")
    return list(dict.fromkeys(types))


def _legal_bases(row: Mapping[str, Any], special: bool, gdpr: bool) -> list[dict[str, str]]:
    basis = _word(row.get("lawful_basis")) or "explicit_consent"
    if basis not in DPV_LEGAL_BASES:
        raise ConsentExportError(
            f"Question {row.get('question_id')}: lawful basis {basis!r} is not one the consent "
            f"records know ({', '.join(DPV_LEGAL_BASES)}); correct the use case's lawful_basis "
            "in use_cases.csv."
        )
    ids = list(DPV_LEGAL_BASES[basis])
    if special and "dpv:ExplicitlyExpressedConsent" not in ids:
        # information of special sensitivity is asked only with explicit consent, whatever else
        ids += ["dpv:Consent", "dpv:ExplicitlyExpressedConsent"]
    if gdpr:
        ids += GDPR_LEGAL_BASES[basis]
        if special:
            ids += ("eu-gdpr:A6-1-a", GDPR_SPECIAL_CONSENT)
    return [{"@id": i} for i in dict.fromkeys(ids)]


def _purposes(row: Mapping[str, Any], qid: str) -> list[dict[str, Any]]:
    notice = _both(row, "purpose")
    ids = _items(row.get("use_cases"))
    labels = {lang: _items(row.get(f"use_case_labels_{lang}")) for lang in LANGUAGES}
    out = []
    for i, uc in enumerate(ids):
        label = {lang: labels[lang][i] if i < len(labels[lang]) else uc for lang in LANGUAGES}
        out.append({"@id": f"zpd:purpose/{uc}", "@type": "dpv:Purpose", "label": label,
                    "description": notice})  # fmt: skip
    if not out:
        out.append({"@id": f"zpd:purpose/{qid}", "@type": "dpv:Purpose",
                    "label": _both(row, "text"), "description": notice})  # fmt: skip
    return out


def consent_record(
    row: Mapping[str, Any],
    catalog: Catalog,
    organisation: Mapping[str, str],
    gdpr: bool = False,
) -> dict[str, Any]:
    """The consent record of one planned question (a JSON-LD node, compacted with
    :data:`CONSENT_CONTEXT`)."""
    qid = str(row["question_id"])
    channel = _word(row.get("channel"))
    if channel not in catalog.channels.index:
        raise ConsentExportError(
            f"Question {qid} is planned in channel {channel!r}, which the channel catalog does "
            f"not hold ({', '.join(catalog.channels.index)}); run the assessment again."
        )
    org = slug(organisation.get("en") or "")
    categories = question_categories(row, catalog, named=True)
    special = bool(categories) or _word(row.get("sensitivity")) == "special"
    days = retention_days(row, catalog)
    ch = catalog.channel_records[channel]
    name = {lang: organisation.get(lang) or organisation.get("en") or "" for lang in LANGUAGES}
    jurisdictions = [{"@id": "loc:IL"}] + ([{"@id": "loc:EU"}] if gdpr else [])
    laws = [ISRAEL_LAW] + ([GDPR_LAW] if gdpr else [])
    sensitivity = []
    for cat in categories:
        rec = catalog.sensitivity_records[cat]
        sensitivity.append({
            "@id": f"zpd:special-sensitivity/{cat}",
            "label": {lang: str(rec[f"label_{lang}"]) for lang in LANGUAGES},
            "citation": {lang: catalog.sensitivity_citation(cat, lang) for lang in LANGUAGES},
        })  # fmt: skip
    exception = catalog.sensitivity_exception_of(qid)
    exception_node: dict[str, Any] = {}
    if exception:  # a documented exception to a category's channel rule: said, with its basis
        exception_node["sensitivityException"] = {
            "@id": f"zpd:sensitivity-exception/{exception['exception_id']}",
            "label": {lang: str(exception[f"label_{lang}"]) for lang in LANGUAGES},
            "exceptionCategories": list(exception["category_list"]),
            "conditions": {lang: str(exception[f"conditions_{lang}"]) for lang in LANGUAGES},
            "citation": {lang: str(exception[f"basis_{lang}"]) for lang in LANGUAGES},
        }  # fmt: skip
    answer_codes = _items(row.get("option_codes"))
    revealed = [*categories, *(exception["category_list"] if exception else ())]
    personal_data: dict[str, Any] = {
        "@id": f"zpd:attribute/{org}/{qid}",
        "@type": _personal_data_types(row, revealed, catalog),
        "label": _both(row, "text"),
    }
    if answer_codes:
        personal_data["answerCodes"] = answer_codes
    contact: dict[str, Any] = {}
    if _word(row.get("contact_ask_en")):  # the contact the customer may ask for after answering
        contact = {"contactRequest": {
            "@id": f"zpd:contact-request/{org}/{qid}",
            "@type": "zpd:ContactRequest",
            "label": _both(row, "contact_ask"),
            "description": {
                lang: CONTACT_RECORD[lang].format(yes=_word(row.get(f"contact_yes_{lang}")))
                for lang in LANGUAGES
            },
            "answerCodes": ["yes", "no"],
            "dpv:hasApplicableLaw": [COMMUNICATIONS_LAW],
        }}  # fmt: skip
    return {
        "@id": f"zpd:consent-record/{org}/{qid}",
        "@type": "dpv:ConsentRecord",
        "identifier": f"{org}:{qid}",
        "conformsTo": "ISO/IEC TS 27560:2023",
        "dpv:hasDataController": {
            "@id": f"zpd:controller/{org}",
            "@type": "dpv:DataController",
            "label": name,
        },
        "dpv:hasDataSubject": {"@type": "dpv:Customer"},
        "dpv:hasPurpose": _purposes(row, qid),
        "dpv:hasLegalBasis": _legal_bases(row, special, gdpr),
        "dpv:hasJurisdiction": jurisdictions,
        "dpv:hasApplicableLaw": laws,
        "dpv:hasPersonalData": [personal_data],
        "specialSensitivity": sensitivity,
        **exception_node,
        "dpv:hasStorageCondition": {
            "@type": "dpv:StorageDuration",
            "duration": f"P{days}D",
            "description": {lang: RETENTION[lang].format(days=days) for lang in LANGUAGES},
        },
        "dpv:hasContext": {
            "@id": f"zpd:channel/{channel}",
            "@type": "zpd:CollectionPoint",
            "label": {lang: str(ch[f"label_{lang}"]) for lang in LANGUAGES},
            "capturesExplicitConsent": bool(ch["consent_capture"]),
        },
        "dpv:hasDataSource": {"@id": "dpv:DataSubjectDataSource"},
        "dpv:hasNotice": {"@type": "dpv:ConsentNotice", "description": _both(row, "purpose")},
        "dpv:hasConsentStatus": {"@id": "dpv:ConsentRequested"},
        "dpv:hasEntityInvolvement": {
            "@type": "dpv:WithdrawingFromProcess",
            "description": {
                lang: WITHDRAWAL[lang].format(organisation=name[lang] or "") for lang in LANGUAGES
            },
        },
        **contact,
    }


def consent_records(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
    gdpr: bool = False,
) -> dict[str, Any]:
    """The plan's consent records as one JSON-LD document: ``{"@context": ..., "@graph": [...]}``,
    one record per planned question in the plan's order. ``gdpr``: the organisation's customers
    include EU residents (adds the EU jurisdiction, the GDPR and its Art. 6/9 points)."""
    org = _organisation(source, organisation)
    graph = [consent_record(row, catalog, org, gdpr) for row in planned_questions(source)]
    return {"@context": CONSENT_CONTEXT, "@graph": graph}


def consent_findings(source: Assessment | Plan, catalog: Catalog) -> list[ConsentFinding]:
    """Blocking findings: each planned question of special sensitivity in a channel that cannot
    capture explicit consent (``consent_capture`` false in channels.csv) or that its category rules
    out (sensitivity.csv ``channels_not_allowed``). Empty when the plan may be launched as is."""
    plan = _plan(source)
    # the channels the plan already asks in come first in a finding's fix, then the others it has
    channels = plan.channels
    asking = [
        str(c)
        for c in channels.index
        if len(_items(channels.at[c, "question_ids"]) if "question_ids" in channels else ())
    ]
    planned_channels = asking + [str(c) for c in channels.index if str(c) not in asking]
    out = []
    for row in planned_questions(source):
        categories = question_categories(row, catalog)
        if not categories and _word(row.get("sensitivity")) != "special":
            continue
        qid, channel = str(row["question_id"]), _word(row.get("channel"))
        rec = catalog.channel_records.get(channel)
        if rec is None:
            raise ConsentExportError(
                f"Question {qid} is planned in channel {channel!r}, which the channel catalog "
                "does not hold; run the assessment again."
            )
        blocked = {c: cat for cat in reversed(categories)
                   for c in catalog.sensitivity_channels(cat)}  # fmt: skip
        if not rec["consent_capture"]:
            reason = "no_consent_capture"
            category = categories[0] if categories else ""
        elif channel in blocked:
            reason, category = "category_not_allowed", blocked[channel]
        else:
            continue
        fit = [
            c
            for c in planned_channels or list(catalog.channels.index)
            if catalog.channel_records[c]["consent_capture"] and c not in blocked
        ]
        messages = {}
        for lang in LANGUAGES:
            label = f"label_{lang}"
            cat_rec = catalog.sensitivity_records.get(category)
            messages[lang] = FINDING_MESSAGES[reason][lang].format(
                question_id=qid,
                question=_both(row, "text")[lang],
                channel=rec[label],
                category=str(cat_rec[label]) if cat_rec else "",
                clause=catalog.sensitivity_citation(category, lang) if cat_rec else "",
                fit=", ".join(str(catalog.channel_records[c][label]) for c in fit[:3])
                or NO_FIT[lang],
            )
        out.append(ConsentFinding(qid, channel, category, reason, messages["en"],
                                  messages["he"]))  # fmt: skip
    return out


def consent_files(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
    gdpr: bool = False,
) -> dict[str, bytes]:
    """``consent/records.jsonld``. Refused (ConsentExportError, naming each blocking finding) when
    a question of special sensitivity is planned in a channel that cannot take it."""
    findings = consent_findings(source, catalog)
    if findings:
        lines = "\n".join(f"  {f.message_en}" for f in findings)
        raise ConsentExportError(
            f"{len(findings)} planned question(s) of special sensitivity cannot be asked where "
            f"the plan puts them; no consent records are written until each is moved:\n{lines}"
        )
    document = consent_records(source, catalog, organisation, gdpr)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    return {CONSENT_FILE: text.encode("utf-8")}
