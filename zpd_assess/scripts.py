"""The plan's conversational channels as scripts: SMS, WhatsApp, the IVR and the agent's question.

A web form shows its options and a checkbox; a conversation has to say how to answer. For each
conversational channel the plan asks in, and for each language, this module writes what the
customer reads or hears and what the operator records, in the plan's asking order and wording
(:func:`surveys.channel_questions`):

- **SMS**: one message per question, the options numbered, how to reply (one number; several,
  separated by commas, for a multiple choice; an option that excludes the others sent alone;
  "other" followed by the customer's words; 0 to skip), and the parts each message takes (Hebrew
  is UCS-2: 70 characters alone, 67 a part; English is kept to the GSM-7 alphabet, 160 / 153).
- **WhatsApp**: the invitation as a template with its quick replies and category (a business may
  start a conversation only with an approved template), then each question as a Cloud API message:
  reply buttons for up to three options (titles up to 20 characters), a list for up to ten (titles
  up to 24), numbered text otherwise (more options, a longer option, a multiple choice: WhatsApp
  has no multi-select). The format is chosen on both languages, so English and Hebrew match.
- **IVR**: what the recording says: the options as keys, the star key to hear them again and the
  hash key to skip, a multiple choice as one yes/no per option, a date and a number keyed in,
  where the full notice is (8 for a link by SMS) and the estimated speaking time.
- **Agent**: how to open ("before we finish, may I ask you..."), what to say and ask, whether to
  read the options (a scale or a short list) or code the customer's words; "prefer not to say" and
  other answers that exclude the rest are accepted, never read (on a special item a plain "no" and
  "prefer not to say" are read, last).

Each question is led in by its purpose as one clause ("To offer you ..., we'd like to know: ...";
«כדי ..., נשמח לדעת: ...») made from the notice's sentence on what is asked and why, so the question
is not said twice. What every question's notice shares (answering is optional, recipients, where
the full notice is) is said once, at the start. Where an answer feeds offers, every SMS and
WhatsApp message is an advertisement (Communications Law s. 30A): it opens with «פרסומת» and the
sender and ends with how to stop and the sender's contact. A question of special sensitivity is
asked only after a consent step that gives the purpose first and covers the follow-ups of the
same subject (a refusal skips them all). A follow-up says, positively, after which answers it is
asked. The non-answers each channel records (skipped, opt-out, no reply, no key, refused) are
listed with their codes. Every text is a label in ``templates/labels.csv`` (``script.*``) in
English and Hebrew. A question whose wording already says how to answer (``press 1``) keeps it;
its keys are the option's place unless ``templates/script_keys.csv`` gives them.

Every function is pure: the plan and the catalog in, dataclasses, dicts or bytes out.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import merge_fields
from .assess import Assessment
from .catalog import Catalog
from .notices import (
    NO_MARKETING_SENTENCE,
    TAIL_PRIVACY,
    WE_ASK,
    channel_sentences,
    feeds_offers,
    free_text_caution,
    notice_layers,
    purpose_clause,
    sentences,
)
from .planning.model import Plan
from .planning.pairs import sms_segments
from .planning.spoken import SPOKEN_CHANNELS, said_in_call_language, spoken_seconds
from .surveys import (
    LANGUAGES,
    SurveyQuestion,
    _organisation,
    channel_questions,
    survey_channels,
)
from .wording import question_stem

#: The conversational channels this module writes scripts for, in this order.
CHANNELS = ("sms", "whatsapp", "ivr_survey", "agent_question")
#: WhatsApp Cloud API limits on interactive messages (Meta's developer documentation,
#: "Interactive list messages" and "Interactive reply buttons messages").
WA_BODY_MAX = 1024
WA_FOOTER_MAX = 60
WA_BUTTONS_MAX = 3
WA_BUTTON_TITLE_MAX = 20
WA_LIST_ROWS_MAX = 10
WA_ROW_TITLE_MAX = 24
#: A telephone keypad's answer keys (0 and the star and hash keys are kept for the script).
IVR_KEYS = tuple(str(k) for k in range(1, 10))
#: The key that sends the link to the full notice by SMS, in the IVR's opening.
IVR_NOTICE_KEY = "8"
#: Where the full notice will be: the client puts its own short link in its place.
LINK_LENGTH = 23  # a short link's length, counted for the SMS segments
#: An agent reads a list of at most this many options aloud; a longer one is coded, not read.
#: Six, not five (knowledge-base review 26, the methodologist): a six-option hypothetical or
#: reason list coded from what the customer says measures something else than the same list
#: seen on a screen. (Seven made the health fund's caregiver call 115 s against the agent's 90.)
AGENT_READ_MAX = 6
#: ... but a list the question gives a coding rule for (time bands: "Count in calendar months")
#: is coded from what the customer says by that rule ("in March"), up to this many read.
AGENT_READ_CODED_MAX = 5
#: ... unless the question names the list ("Which of these …"): then up to this many are read,
#: since the customer cannot answer a list he never heard (knowledge-base review 15).
AGENT_READ_NAMED_MAX = 10
#: A question that refers to its options as a list the customer has in front of him.
_NAMES_ITS_LIST = {
    "en": re.compile(r"\b(?:these|the following)\b", re.IGNORECASE),
    "he": re.compile(r"(?<![\u05d0-\u05ea])(?:ה?אלה|האלו|הבאים|הבאות|מאלה)(?![\u05d0-\u05ea])"),
}
#: What each channel records when there is no answer, in the order the operator meets them.
NON_ANSWERS = {
    "sms": ("skipped_question", "opt_out", "no_reply", "invalid_reply", "not_asked"),
    "whatsapp": ("skipped_question", "opt_out", "declined_now", "not_started", "no_reply",
                 "invalid_reply", "not_asked"),
    "ivr_survey": ("not_offered", "skipped_question", "no_input", "invalid_reply", "interrupted",
                   "not_asked"),
    "agent_question": ("not_offered", "declined_all", "refused_answer", "dont_know",
                       "uncodable_answer", "opt_out", "skipped_question", "call_ended",
                       "not_asked"),
}  # fmt: skip
#: What a call records besides the answers (a flag with its time, never an answer's code).
SESSION_FLAGS = {
    "ivr_survey": ("notice_link_requested", "notice_link_failed"),
    "agent_question": ("notice_link_sent",),
}
#: An IVR or agent reads at most this many options aloud (a listener holds four or five).
SPOKEN_OPTIONS_MAX = 5
#: The reply that skips a question in a written channel (a number question: the skip word).
SKIP_REPLY = "0"

# A generic instruction a question's wording may end with; a conversation says its own instead.
_GENERIC_INSTRUCTION = {
    "en": re.compile(r"\s*Reply with one number\.\s*$"),
    "he": re.compile(r"\s*השיבו במספר אחד\.\s*$"),
}
# What marks a wording that names its own replies: keys (spoken) or numbers (written).
_OWN_KEYS = {"en": re.compile(r"\b[Pp]ress\b"), "he": re.compile(r"הקישו")}
_OWN_REPLIES = {"en": re.compile(r"\bReply\b"), "he": re.compile(r"השיבו")}
# "Step 1 of 2:": a form's progress, which a conversation's opening says instead
_STEP_PREFIX = {"en": re.compile(r"^Step \d+ of \d+:\s*"),
                "he": re.compile(r"^שלב \d+ מתוך \d+:\s*")}  # fmt: skip
# The generic multiple-choice hint of a form, replaced in a conversation by the channel's own.
_CHOOSE_ALL = {"en": "(Choose all that apply.)", "he": "(אפשר לבחור כמה תשובות.)"}
# The notice's "We ask" as a consent step says it: "We would like to ask" («נשאל»)
_WE_ASK_CONSENT = {"en": re.compile(r"\b[Ww]e ask\b"), "he": re.compile(r"אנחנו שואלים")}
# Characters outside GSM 03.38 that English text uses, and what an English SMS sends instead
_GSM_REPLACEMENTS = {
    "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "…": "...", "\u00a0": " ", "×": "x", "₪": "ILS ", "\u200f": "", "\u200e": "",
}  # fmt: skip


class ScriptError(ValueError):
    """A plan that cannot be written as a script (the message says what to change)."""


@dataclass(frozen=True)
class Reply:
    """One answer as the customer gives it and as it is recorded."""

    key: str  # what the customer replies or presses ("1"); the agent codes it, so "" there
    code: str  # the answer code recorded (the same in every language)
    label: str  # the option as shown or said
    read: bool = True  # the agent reads it aloud (False: accepted when said, never read)
    alone: bool = False  # excludes the others (a multiple choice)
    other: bool = False  # "other (specify)": the customer's words follow


@dataclass(frozen=True)
class ScriptStep:
    """One question of the script, or the consent asked before it."""

    step_id: str  # the question id, or <question id>__consent
    question_id: str
    number: int  # 1, 2, ... in the script (a consent step shares its question's number)
    kind: str  # "question" or "consent"
    answer_type: str
    asked_if: str  # who gets it, in the script's language ("" for everyone)
    text: str  # what the customer reads or hears, whole (the SMS, the spoken prompt, ...)
    replies: tuple[Reply, ...]
    instruction: str  # the channel's own sentence on how to answer ("" when the wording has it)
    notes: tuple[str, ...] = ()  # for the operator: what to set up, what does not fit
    segments: int = 0  # SMS parts of ``text``
    seconds: float = 0.0  # IVR and agent: the estimated speaking time of ``text``
    interactive: Mapping[str, Any] | None = (
        None  # WhatsApp: the Cloud API message's ``interactive``
    )
    covers: tuple[str, ...] = ()  # a consent step: the questions it covers
    randomise: bool = False  # the options' order rotates between customers
    anchored: tuple[str, ...] = ()  # codes that stay last while the others rotate
    reask: str = ""  # SMS and WhatsApp: the message after a reply that fits no option
    route: Mapping[str, Any] | None = None  # who gets it, as codes: {"after", "any_of", ...}
    session: int = 0  # IVR and agent: the call it is asked in (1, 2, ...)


@dataclass(frozen=True)
class Session:
    """One call of a spoken script: the questions that fit the channel's time, and its opening."""

    number: int
    step_ids: tuple[str, ...]
    opening: str
    seconds: float


@dataclass(frozen=True)
class ChannelScript:
    """A conversational channel's script in one language."""

    channel: str
    lang: str
    title: str
    opening: str
    steps: tuple[ScriptStep, ...]
    closing: str
    marketing: bool  # an answer feeds offers: every SMS and WhatsApp message is an advertisement
    non_answers: tuple[Reply, ...] = ()  # key (or ""), code, when it is recorded
    opening_segments: int = 0
    opening_seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)
    template: Mapping[str, Any] | None = None  # WhatsApp: the opening as a message template
    opt_out_confirmation: str = ""  # SMS and WhatsApp: the reply to an opt-out
    sessions: tuple[Session, ...] = ()  # IVR and agent: the calls the questions are spread over
    session_flags: tuple[Reply, ...] = ()  # IVR and agent: what a call records besides answers

    @property
    def segments(self) -> int:
        """SMS parts of the whole conversation for a customer who is asked every question."""
        return self.opening_segments + sum(s.segments for s in self.steps)

    @property
    def seconds(self) -> float:
        """Speaking time of the whole script (IVR, agent), every question asked."""
        return self.opening_seconds + sum(s.seconds for s in self.steps)


# --- helpers -----------------------------------------------------------------------------------


def _t(catalog: Catalog, label: str, lang: str, /, **values: Any) -> str:
    return catalog.text(f"script.{label}", lang, **values)


def gsm_text(text: str) -> str:
    """English text in the GSM-7 alphabet: a dash, a curly quote or an ellipsis would send the
    whole SMS in UCS-2 (70 characters a message instead of 160)."""
    for char, plain in _GSM_REPLACEMENTS.items():
        text = text.replace(char, plain)
    # "a ₪5 credit" said with the currency's letters: "an ILS 5 credit" (round 24's reviewers)
    return re.sub(r"\b([Aa]) (?=ILS )", r"\1n ", text)


def _segments(text: str, catalog: Catalog, lang: str) -> int:
    # the placeholder stands for a short link of LINK_LENGTH characters, a merge field for the
    # value the sender puts in (merge_fields.csv's example)
    measured = text.replace(_t(catalog, "link", lang), "x" * LINK_LENGTH)
    measured = merge_fields.fill(catalog, measured, lang, "example")
    return sms_segments(measured, catalog.assumptions.group("sms"))


def _join(items: Sequence[str], catalog: Catalog, lang: str, word: str = "or") -> str:
    if len(items) <= 1:
        return "".join(items)
    if word == "and" and lang == "he":  # «2, 3 ו-4», «כדי X וכדי Y»
        last = items[-1]
        return ", ".join(items[:-1]) + (" ו-" if last[:1].isdigit() else " ו") + last
    return ", ".join(items[:-1]) + f" {_t(catalog, word, lang)} " + items[-1]


def _quoted(label: str, lang: str) -> str:
    """An option as an operator's text quotes it: «…» on a Hebrew page (rounds 19 and 21)."""
    return f"«{label}»" if lang == "he" else f'"{label}"'


def _count_phrase(count: int, follow_ups: bool, catalog: Catalog, lang: str) -> str:
    if count == 1:
        return _t(catalog, "questions_one", lang)
    words = _number_words(count, catalog, lang)
    return _t(catalog, "questions_upto" if follow_ups else "questions_many", lang, count=words)


def _wording(q: SurveyQuestion, channel: str, lang: str) -> tuple[str, bool, bool]:
    """The question's wording for a conversation; whether it already says how to answer in this
    channel; whether it says so for another kind of channel (keys in a text, replies spoken)."""
    text = _GENERIC_INSTRUCTION[lang].sub("", q.text[lang].strip()).strip()
    text = _STEP_PREFIX[lang].sub("", text)
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    if q.multiple:
        text = re.sub(r"\s*" + re.escape(_CHOOSE_ALL[lang]), "", text).strip()
    keys, replies = bool(_OWN_KEYS[lang].search(text)), bool(_OWN_REPLIES[lang].search(text))
    if channel == "ivr_survey":
        return text, keys, replies and not keys
    if channel in ("sms", "whatsapp"):
        return text, replies, keys and not replies
    return text, False, keys or replies


def _is_marketing(q: SurveyQuestion, lang: str) -> bool:
    """The answer feeds offers, or the notice itself says the question is asked by SMS, WhatsApp
    or email only with consent to marketing messages: either way the message is advertising and
    is marked so (knowledge-base review 9: a notice gated on that consent, a script unmarked)."""
    notice = q.notice[lang]
    if feeds_offers(notice, lang):
        return True
    # a service question whose notice rules marketing out is no advertisement (review 10)
    return NO_MARKETING_SENTENCE[lang] not in notice and any(
        named for _, named in channel_sentences(notice, lang)
    )


@dataclass(frozen=True)
class _Purpose:
    sentence: str  # the notice's sentence on what is asked and why
    connector: str  # "to", "so that" ("" when the sentence is not in the usual form)
    clause: str  # the purpose, after the connector
    tail_key: str  # the notice's standard sentence (notices.TAIL_*), "" without a notice
    limits: str = ""  # "pricing": never prices or selects; "plans": nor goes to the plans


#: A notice's promise that the answer never prices or selects (a health fund's, which the
#: National Health Insurance Law forbids), and that it stays out of the supplementary plans; read
#: in the English notice, which every question has, so that both scripts say the same.
_NO_PRICING = re.compile(r"never (?:used )?for pricing(?:,| or) member selection", re.I)
_NO_PLANS = re.compile(r"not shared with the supplementary plans", re.I)


#: A proxy's notice sentence: the answer is never used to infer a special category.
_NO_INFERENCE = {
    "en": re.compile(
        r"We (?:do not use the answer to draw conclusions about"
        r"|use the answer only [^.]*never to (?:infer|draw conclusions))[^.]*\."
    ),
    "he": re.compile(
        r"אנחנו (?:לא משתמשים בתשובה כדי להסיק מסקנות על"
        r"|משתמשים בתשובה רק [^.]*(?:ולעולם )?לא כדי להסיק)[^.]*\."
    ),
}


#: A stem's own caution on what to leave out of a typed answer.
_CAUTION = {"en": re.compile(r"\bPlease do not include\b", re.I),
            "he": re.compile(r"נא לא (?:לציין|למסור|לכתוב)")}  # fmt: skip


def _with_conditions(lead: str, q: SurveyQuestion, catalog: Catalog, lang: str) -> str:
    """The sentences of the notice a short script must say with the question, because what the
    question may ask depends on them: a documented exception's own sentence (a health fund's
    care message by SMS holds only if it says so: knowledge-base review 14), a proxy's promise
    of no conclusions about health, observance or origin (review 13), and, where the customer
    types his answer, what to leave out (review 14)."""
    notice = q.notice[lang]
    said: list[str] = []
    exception = catalog.sensitivity_exception_of(q.question_id)
    if exception and str(exception[f"sentence_{lang}"]) in notice:
        said.append(str(exception[f"sentence_{lang}"]))
    promise = _NO_INFERENCE[lang].search(notice)
    if promise:
        said.append(promise.group(0))
    if q.other or q.answer_type == "free_text":
        caution = free_text_caution(notice, lang)
        # a stem that carries its own caution is not followed by the notice's (round 30: the
        # agent said "Please do not include medical details" twice)
        if caution and not _CAUTION[lang].search(lead):
            said.append(caution)
    for sentence in said:
        if sentence not in lead:
            lead = f"{lead} {sentence}"
    return lead


#: An offer that names a reward the customer gets: an amount, a share off, points or miles.
_REWARD = {
    "en": re.compile(r"₪\s?\d|\d\s?%|\b(?:points|miles|credit|cashback)\b", re.I),
    "he": re.compile(r"₪|\d\s?%|נקודות|מיילים|זיכוי|החזר כספי"),
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _with_reward(lead: str, q: SurveyQuestion, catalog: Catalog, lang: str) -> str:
    """The question, and the reward its offer names when the lead does not already say it: a
    short script cuts the notice at its first clause, and the reward went with the rest (round
    17: the SMS and the IVR never said the ₪5 credit the customer gets for answering)."""
    offer = (q.hint.get(lang) or "").strip().rstrip(".")
    if q.contact_for or not offer or not _REWARD[lang].search(offer):
        return lead
    amounts = _NUMBER.findall(offer)
    if amounts and all(a in lead for a in amounts):
        return lead
    # an offer whose first part the purpose clause already says ("we ask to offer you cashback
    # deals that fit how often you eat out"): only the rest is added (knowledge-base round 31:
    # the SMS said the same deals twice)
    head, _, rest = offer.partition(";")
    if head.strip() and head.strip().lower() in lead.lower():
        rest = rest.strip()
        if not rest:
            return lead
        return f"{lead} {rest[0].upper() + rest[1:] if lang == 'en' else rest}."
    first = offer.split()[0]
    if lang == "en" and not (len(first) > 1 and first.isupper()):  # "A ₪5 credit"; not "SMS"
        offer = offer[0].lower() + offer[1:]
    # an offer that opens with its own condition ("if you have not booked yet: ...") after "What
    # you get:" made two colons in one sentence (knowledge-base review 26, the copy editor)
    label = "offer_line_dash" if ": " in offer else "offer_line"
    return f"{lead} {_t(catalog, label, lang, offer=offer)}"


def _limits(q: SurveyQuestion) -> str:
    notice = q.notice["en"]
    if not _NO_PRICING.search(notice):
        return ""
    return "plans" if _NO_PLANS.search(notice) else "pricing"


def _purpose(q: SurveyQuestion, catalog: Catalog, lang: str) -> _Purpose:
    layers = notice_layers(q.notice[lang], lang, catalog)
    sentence = layers.purpose_sentence.strip()
    if not sentence:
        return _Purpose("", "", "", "", _limits(q))
    connector, clause = purpose_clause(sentence, lang)
    return _Purpose(sentence, connector, clause, layers.tail_key, _limits(q))


def _lead_in(purpose: _Purpose, question: str, catalog: Catalog, lang: str) -> str:
    """The question, then why it is asked as one sentence that follows it, the notice's own
    clause ("We ask to ..."; «אנחנו שואלים כדי ...»: a bare «כך נוכל» has nothing to point back
    to, knowledge-base review 9): the noun comes before any pronoun that stands for it."""
    if not purpose.sentence:
        return question
    if not purpose.connector:
        return f"{question} {purpose.sentence}"
    clause = purpose.clause
    label = "after_so_that" if purpose.connector == "so that" else "after_to"
    return f"{question} {_t(catalog, label, lang, purpose=clause)}"


_RECEIVES = {
    "en": re.compile(r"\b(?:is|are) received by\b|\breceives it\b"
                     r"|^only .+ uses? (?:the|your) answer\b", re.I),
    "he": re.compile(r"^את התשובה מקבלים|\b[ימת]?קבל(?:ים|ת|ו)? אותה"
                     r"|^רק .+ משתמש(?:ים|ות)? בתשובה"),
}  # fmt: skip
# A recipient outside the organisation's own staff, which a notice must name where it applies
_OUTSIDE = {"en": re.compile(r"\b(?:agent|partner)", re.I), "he": re.compile(r"סוכן|שותפ")}


def _recipients(q: SurveyQuestion, lang: str) -> str:
    """The notice's own sentence on who receives the answer ("It is received by us, and by your
    agent ..."), or "" where it has none."""

    for sentence in sentences(q.notice[lang], lang)[1:]:
        for part in sentence.split(";"):
            part = part.strip().rstrip(".")
            if _RECEIVES[lang].search(part) and not WE_ASK[lang].match(part):
                return part[0].upper() + part[1:] + "." if lang == "en" else part + "."
    return ""


def _number_words(count: int, catalog: Catalog, lang: str, masculine: bool = False) -> str:
    """2 -> "two" / «שתי» (or «שני» for a masculine noun); other numbers as digits."""
    key = f"script.num{'_m' if masculine else ''}.{count}"
    return catalog.text(key, lang) if key in catalog.labels[lang] else str(count)


def _replies(q: SurveyQuestion, lang: str, keys: Mapping[str, str] | None = None) -> list[Reply]:
    """The answers with the reply or key of each: its place in the list, or a scale point's own
    value (a 0–10 scale is answered 0 to 10, not 1 to 11: bank pass 13)."""
    valued = q.answer_type == "scale" and all(code.isdigit() for code in q.codes)
    out = []
    for n, (code, label) in enumerate(zip(q.codes, q.options[lang], strict=True), start=1):
        key = (keys or {}).get(code, code if valued else str(n))
        alone = code in q.exclusive
        out.append(Reply(key=key, code=code, label=label, alone=alone, other=code == q.other))
    return out


def _asked_if(
    q: SurveyQuestion,
    numbers: Mapping[str, int],
    labels: Mapping[str, Mapping[str, str]],
    multiple: Mapping[str, bool],
    catalog: Catalog,
    lang: str,
) -> str:
    """Who gets a follow-up, said positively: a skipped or refused screener leads to nothing."""
    if not q.screener:
        return ""
    number = numbers[q.screener]
    if q.ask_codes is None:
        return _t(catalog, "asked_if_answered", lang, number=number)
    named = [_quoted(labels[q.screener].get(c, c), lang) for c in q.ask_codes]
    label = "asked_if_includes" if multiple.get(q.screener) else "asked_if"
    return _t(catalog, label, lang, number=number, answers=_join(named, catalog, lang))


def _route(q: SurveyQuestion, multiple: Mapping[str, bool]) -> dict[str, Any] | None:
    """Who gets a follow-up, as codes a sending system can run: the screener, and the answers
    that lead to it (for a multiple choice: any of them among the answers)."""
    if not q.screener:
        return None
    route: dict[str, Any] = {"after": q.screener, "multiple": bool(multiple.get(q.screener))}
    if q.ask_codes is not None:
        route["any_of"] = list(q.ask_codes)
    return route


def _reask(q: SurveyQuestion, kind: str, header: str, stop: str, sep: str, catalog: Catalog,
           lang: str) -> str:  # fmt: skip
    """The message after a reply that fits no option: labelled like the question it repeats."""
    if kind == "list":
        label = "reask_list"
    elif kind == "button":
        label = "reask_button"
    elif q.multiple:
        label = "reask_many"
    elif q.answer_type in ("number", "date", "free_text"):
        label = "reask_other"
    else:
        label = "reask_one"
    body = _t(catalog, label, lang, button=_t(catalog, "wa_choose", lang))
    return sep.join(p for p in (header, body, stop) if p)


# --- SMS and WhatsApp --------------------------------------------------------------------------


def _written_instruction(
    q: SurveyQuestion, replies: Sequence[Reply], catalog: Catalog, lang: str, word: bool = False
) -> str:
    """How to reply in writing; ``word``: the script skips with a word, not 0 (an answer is 0)."""
    kind = q.answer_type
    suffix = "_word" if word else ""
    if kind in ("number", "date", "free_text"):
        return _t(catalog, {"number": "reply_number", "date": f"reply_date{suffix}",
                            "free_text": "reply_text"}[kind], lang)  # fmt: skip
    parts = [_t(catalog, ("reply_many" if q.multiple else "reply_one") + suffix, lang)]
    alone = [r.key for r in replies if r.alone]
    if q.multiple and alone:
        parts.append(_t(catalog, "reply_alone", lang, numbers=_join(alone, catalog, lang)))
    other = [r.key for r in replies if r.other]
    if other:
        parts.append(_t(catalog, "reply_other", lang, number=other[0]))
    return " ".join(parts)


def _numbered(replies: Sequence[Reply]) -> str:
    """The options as numbered lines; a scale point that already starts with its number ("1 –
    Very dissatisfied", "2") is not numbered twice (knowledge-base review 15: "1. 1 – …")."""
    return "\n".join(
        r.label
        if re.fullmatch(rf"{re.escape(r.key)}(?:\s*[–-]\s.*)?", r.label)
        else f"{r.key}. {r.label}"
        for r in replies
    )


def _wa_kind(q: SurveyQuestion) -> tuple[str, str, dict[str, int]]:
    """How WhatsApp sends a question, decided on both languages so that they match: "button",
    "list" or "text", and for text the limit that ruled the others out."""
    if q.multiple or not q.codes:
        return "text", "", {}
    longest = max(len(label) for lang in LANGUAGES for label in q.options[lang])
    if len(q.codes) <= WA_BUTTONS_MAX and longest <= WA_BUTTON_TITLE_MAX:
        return "button", "", {}
    if len(q.codes) > WA_LIST_ROWS_MAX:
        return "text", "note_wa_rows", {"count": len(q.codes), "limit": WA_LIST_ROWS_MAX}
    if longest > WA_ROW_TITLE_MAX:
        return "text", "note_wa_long_option", {"length": longest, "limit": WA_ROW_TITLE_MAX}
    return "list", "", {}


def _wa_interactive(
    kind: str, body: str, footer: str, replies: Sequence[Reply], catalog: Catalog, lang: str
) -> dict[str, Any]:
    """The Cloud API ``interactive`` object of a question sent as buttons or a list."""
    out: dict[str, Any] = {"type": kind, "body": {"text": body}}
    if footer:
        out["footer"] = {"text": footer}
    if kind == "button":
        out["action"] = {"buttons": [{"type": "reply", "reply": {"id": r.code, "title": r.label}}
                                     for r in replies]}  # fmt: skip
    else:
        rows = [{"id": r.code, "title": r.label} for r in replies]
        out["action"] = {"button": _t(catalog, "wa_choose", lang), "sections": [{"rows": rows}]}
    return out


# --- IVR ---------------------------------------------------------------------------------------


#: A written hint on how many to choose: the keys say it on a call.
_WRITTEN_HINT = re.compile(r"\s*\((?:Choose one|Choose all that apply|בחרו תשובה אחת|"
                           r"אפשר לבחור כמה תשובות)\.\)")  # fmt: skip
_RANGE = re.compile(r"(\d[\d.,]*)\s*[–-]\s*(\d[\d.,]*)")
#: A clock time, alone or a band of two ("8:00–11:59", "until 21:00").
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?:\s*[–-]\s*(\d{1,2}):(\d{2}))?(?!\d|:\d)")
_WORDS = {"en": {"to": "to", "%": " percent"}, "he": {"to": "עד", "%": " אחוז"}}


#: Sums of shekels as a recording says them: «חמישה שקלים», not «5 ₪» (the sign is read as a
#: letter or not at all; knowledge-base review 24). The count agrees with «שקל», masculine.
_SHEKELS_HE = {
    1: "שקל אחד", 2: "שני שקלים", 3: "שלושה שקלים", 4: "ארבעה שקלים", 5: "חמישה שקלים",
    6: "שישה שקלים", 7: "שבעה שקלים", 8: "שמונה שקלים", 9: "תשעה שקלים", 10: "עשרה שקלים",
    15: "חמישה־עשר שקלים", 20: "עשרים שקלים", 25: "עשרים וחמישה שקלים", 30: "שלושים שקלים",
    40: "ארבעים שקלים", 50: "חמישים שקלים", 100: "מאה שקלים",
}  # fmt: skip
_SHEKEL_SUM = re.compile(r"₪\s?(\d+(?:,\d{3})*)|(\d+(?:,\d{3})*)\s?₪")
_A_SHEKEL_SUM = re.compile(r"\b([Aa])n? ₪\s?(\d+(?:,\d{3})*)")


def _spoken_shekels(text: str, lang: str) -> str:
    """Sums in shekels in words a recording can say: «הטבה של חמישה שקלים», "a 5-shekel
    credit", "5 shekels"."""
    if lang == "en":
        text = _A_SHEKEL_SUM.sub(lambda m: f"{m.group(1)} {m.group(2)}-shekel", text)

    def said(m: re.Match[str]) -> str:
        digits = m.group(1) or m.group(2)
        amount = int(digits.replace(",", ""))
        if lang == "he":
            return _SHEKELS_HE.get(amount, f"{digits} שקלים")
        return f"{digits} shekel" if amount == 1 else f"{digits} shekels"

    return _SHEKEL_SUM.sub(said, text)


def _spoken_clock(text: str, lang: str) -> str:
    """Clock times as a caller hears them: a band's end one minute before the hour said as that
    hour, whole hours without their minutes («8:00–11:59» is «8 עד 12»; «עד 21:00» is «עד 21»), as
    speech synthesis reads «11:59» digit by digit (knowledge-base round 34); in English on the
    12-hour clock ("8 am to noon", "7 to 9 pm"), as an English caller says it (round 36)."""

    def said(hour: int, minute: int) -> str:
        if lang != "en":
            return f"{hour}" if minute == 0 else f"{hour}:{minute:02d}"
        if minute == 0 and hour % 24 == 0:
            return "midnight"
        if minute == 0 and hour == 12:
            return "noon"
        clock = f"{hour % 12 or 12}" + ("" if minute == 0 else f":{minute:02d}")
        return f"{clock} {'am' if hour % 24 < 12 else 'pm'}"

    def clock(m: re.Match[str]) -> str:
        start = said(int(m.group(1)), int(m.group(2)))
        if m.group(3) is None:
            return start
        hour, minute = int(m.group(3)), int(m.group(4))
        end = said(hour + 1, 0) if minute == 59 else said(hour, minute)
        # one "am" or "pm" where both ends share it ("7 to 9 pm")
        if lang == "en" and start[-3:] in (" am", " pm") and start[-3:] == end[-3:]:
            start = start[:-3]
        return f"{start} {_WORDS[lang]['to']} {end}"

    return _CLOCK.sub(clock, text)


def _speakable(text: str, lang: str) -> str:
    """What a recording says for ``text``: no written hint on how many to choose, a range and a
    percentage in words («3 עד 3.5», «56 עד 90 אחוז»), as speech synthesis reads a dash or a
    sign literally (knowledge-base review 9), clock times as said (round 34), and a sum in
    shekels said as one (review 24)."""
    words = _WORDS[lang]
    text = _WRITTEN_HINT.sub("", text)
    text = _spoken_clock(text, lang)
    text = _RANGE.sub(lambda m: f"{m.group(1)} {words['to']} {m.group(2)}", text)
    text = _spoken_shekels(text, lang)
    return re.sub(r"(\d)\s?%", lambda m: f"{m.group(1)}{words['%']}", text)


def _spoken_label(label: str, lang: str) -> str:
    """An option as a recording says it: in the call's language, a bracketed remark a clause."""
    return re.sub(r"\s*\(([^)]*)\)", r", \1", said_in_call_language(label, lang)).strip()


def _ivr_option(label: str, digit: str, catalog: Catalog, lang: str) -> str:
    """An option as the IVR says it: «‹option› – הקישו N», "‹option›: press N". One pattern for
    every option: the «ל...הקישו N» form read wrong before a day, an adverb or a phrase
    («לשישי», «לתמיד», «לבתוך שעה»: knowledge-base reviews 9 and 13); an option with its own comma
    («כן, התקשרו אליי») ran into «, הקישו 1» (review 29); and a call that ended some options with
    a dash and others with a comma read as two patterns (rounds 32 and 33)."""
    return _t(catalog, "ivr_option", lang, label=_spoken_label(label, lang), digit=digit)


def _spoken_option(said: str, digit: str, catalog: Catalog, lang: str) -> str:
    """An option in the words a recording says before its key (``templates/script_spoken.csv``):
    "If the card suits you, press 1."; «אם הכרטיס מתאים לכם – הקישו 1.», in the pattern of every
    other option of a Hebrew call (:func:`_ivr_option`)."""
    return _t(catalog, "ivr_spoken_option", lang, said=said.rstrip(","), digit=digit)


_ANCHOR = re.compile(r"^(\d+)\s*[–-]\s*(.+)$")


def _ivr_scale(q: SurveyQuestion, replies: Sequence[Reply], catalog: Catalog, lang: str) -> str:
    """A numbered scale said as one range ("Press a number from 1, very dissatisfied, to 5, very
    satisfied."), not point by point ("2: press 2"; knowledge-base review 19); "" where the
    question is not such a scale (labelled middle points, a key that is not the point's value)."""
    if q.answer_type != "scale" or len(replies) < 3:
        return ""
    if any(r.key != r.code or not r.code.isdigit() for r in replies):
        return ""
    if any(r.label.strip() != r.code for r in replies[1:-1]):
        return ""
    ends = [_ANCHOR.match(r.label.strip()) for r in (replies[0], replies[-1])]
    if not all(ends):
        return ""
    (low, low_label), (high, high_label) = (m.groups() for m in ends if m)
    if lang == "en":  # mid-sentence: "from 1, very dissatisfied, ..."
        low_label, high_label = (x[:1].lower() + x[1:] for x in (low_label, high_label))
    return _t(catalog, "ivr_scale", lang, low=low, low_label=low_label, high=high,
              high_label=high_label)  # fmt: skip


def _ivr_prompt(
    q: SurveyQuestion, replies: Sequence[Reply], catalog: Catalog, lang: str
) -> tuple[str, list[str]]:
    """The spoken options and key instructions, and what does not fit the keypad."""
    notes: list[str] = []
    kind = q.answer_type
    if kind == "number":
        return _t(catalog, "ivr_number", lang), notes
    if kind == "date":
        return _t(catalog, "ivr_date", lang), notes
    if kind == "free_text":
        return "", [_t(catalog, "note_ivr_text", lang)]
    if len(replies) > len(IVR_KEYS):
        notes.append(_t(catalog, "note_ivr_keys", lang, count=len(replies)))
    if q.multiple:
        lines = [_t(catalog, "ivr_yes_no_option", lang, label=_spoken_label(r.label, lang))
                 for r in replies if not r.alone]  # fmt: skip
        notes.append(_t(catalog, "note_ivr_multiple", lang))
        return " ".join(lines), notes
    scale = _ivr_scale(q, replies, catalog, lang)
    if scale:
        return f"{scale} {_t(catalog, 'ivr_repeat', lang)}", notes
    if len(replies) > SPOKEN_OPTIONS_MAX:
        notes.append(_t(catalog, "note_spoken_options", lang, count=len(replies),
                        limit=SPOKEN_OPTIONS_MAX))  # fmt: skip
    spoken = catalog.script_spoken.get(q.question_id, {})
    lines = [_spoken_option(spoken[r.code][lang], r.key, catalog, lang) if r.code in spoken
             else _ivr_option(r.label, r.key, catalog, lang) for r in replies]  # fmt: skip
    lines.append(_t(catalog, "ivr_repeat", lang))
    return " ".join(lines), notes


# --- the script --------------------------------------------------------------------------------


def _consent_groups(questions: Sequence[SurveyQuestion]) -> dict[str, list[str]]:
    """Questions of special sensitivity by the consent that covers them: a special follow-up of a
    special question asked here is covered by its screener's consent (one subject, one consent,
    as :func:`surveys.channel_questions` marks it)."""
    return {q.question_id: [q.question_id, *q.covers] for q in questions if q.own_consent}


def channel_script(
    source: Assessment | Plan,
    catalog: Catalog,
    channel: str,
    lang: str,
    organisation: str | Mapping[str, str] | None = None,
) -> ChannelScript:
    """The script of ``channel`` (one of :data:`CHANNELS`) in ``lang``."""
    if channel not in CHANNELS:
        raise ScriptError(f"Channel {channel!r} is not a conversational channel; scripts are "
                          f"written for {', '.join(CHANNELS)}.")  # fmt: skip
    if lang not in LANGUAGES:
        raise ScriptError(f"Language {lang!r}: scripts are written in {', '.join(LANGUAGES)}.")
    questions = channel_questions(source, catalog, channel)
    name = _organisation(source, organisation)[lang]
    written = channel in ("sms", "whatsapp")
    plain = (lambda text: gsm_text(text)) if (channel == "sms" and lang == "en") else str
    keys_table = {q: dict(k) for q, k in catalog.script_keys.items()}
    # a written script skips with 0 unless 0 is an answer of one of its questions (a 0–10
    # scale): then every question of it skips with a word, so one reply means one thing
    keyed = {q.question_id: _replies(q, lang, keys_table.get(q.question_id)) for q in questions}
    word_skip = written and any(r.key == SKIP_REPLY for rs in keyed.values() for r in rs)
    purposes = {q.question_id: _purpose(q, catalog, lang) for q in questions}
    marketing = any(_is_marketing(q, lang) for q in questions)
    labels = {q.question_id: {c: o if written else said_in_call_language(o, lang)
                              for c, o in zip(q.codes, q.options[lang], strict=True)}
              for q in questions}  # fmt: skip
    multiple = {q.question_id: q.multiple for q in questions}
    numbers = {q.question_id: n for n, q in enumerate(questions, start=1)}
    groups = _consent_groups(questions)
    covered = {qid: root for root, ids in groups.items() for qid in ids}
    by_id = {q.question_id: q for q in questions}
    header = (_t(catalog, "header", lang, advertisement=_t(catalog, "advertisement", lang),
                 organisation=name) if marketing and written else "")  # fmt: skip
    stop = _t(catalog, "stop_contact", lang, contact=_t(catalog, "contact_placeholder", lang))
    stop = stop if marketing and written else ""
    recipients = {q.question_id: _recipients(q, lang) for q in questions}
    shared_recipients = (
        next(iter(set(recipients.values()))) if len(set(recipients.values())) == 1 else ""
    )
    steps: list[ScriptStep] = []
    for q in questions:
        number = numbers[q.question_id]
        purpose = purposes[q.question_id]
        wording, own, foreign = _wording(q, channel, lang)
        notes_languages = []
        if not written and said_in_call_language(wording, lang) != wording:
            wording = said_in_call_language(wording, lang)
            notes_languages.append(_t(catalog, "note_other_languages", lang))
        replies = [replace(r, label=plain(r.label) if written
                           else said_in_call_language(r.label, lang))
                   for r in keyed[q.question_id]]  # fmt: skip
        asked_if = _asked_if(q, numbers, labels, multiple, catalog, lang)
        route = _route(q, multiple)
        rule = catalog.eligibility.get(q.question_id, {}).get(lang, "")
        if rule:  # who is asked at all, by the customer's record, before any answer routes it
            asked_if = f"{_t(catalog, 'asked_only_of', lang, rule=rule)} {asked_if}".strip()
            route = {"eligible_if": rule, **(route or {})}
        notes = [_randomise_note(q, catalog, lang)] if q.randomise else []
        notes += notes_languages
        if foreign:
            notes.append(_t(catalog, "note_wording_channel", lang))
        if q.question_id in groups:  # the consent of this subject, before its first question
            members = [by_id[m] for m in groups[q.question_id]]
            consent = _consent_step(q, members, number, numbers, asked_if, purposes, channel,
                                    header, stop, plain, catalog, lang)  # fmt: skip
            if written:
                kind = "button" if channel == "whatsapp" else "text"
                sep = "\n\n" if channel == "whatsapp" else "\n"
                consent = replace(consent, reask=plain(_reask(q, kind, header, stop, sep,
                                                              catalog, lang)))  # fmt: skip
            steps.append(replace(consent, route=route))
        if q.consent and covered[q.question_id] == q.question_id:
            asked_if = _t(catalog, "asked_if_consent", lang)
            route = {"after_consent": f"{covered[q.question_id]}__consent"}
        # after a consent step, the purpose has been said: the question alone
        # a wording written for the channel ("press 0 if none") carries its own reason
        lead = wording if (q.consent or own) else _lead_in(purpose, wording, catalog, lang)
        own_recipient = recipients[q.question_id]
        if (not q.consent and own_recipient and own_recipient != shared_recipients
                and _OUTSIDE[lang].search(own_recipient)):  # fmt: skip
            lead = f"{lead} {own_recipient}"
        if not q.consent:
            lead = _with_conditions(lead, q, catalog, lang)
        lead = _with_reward(lead, q, catalog, lang)
        if channel == "sms":
            instruction = "" if own else _written_instruction(q, replies, catalog, lang, word_skip)
            lines = [header, plain(lead), _numbered(replies) if q.codes else "",
                     plain(instruction), stop]  # fmt: skip
            text = "\n".join(line for line in lines if line)
            parts = _segments(text, catalog, lang)
            reask = plain(_reask(q, "text", header, stop, "\n", catalog, lang))
            steps.append(ScriptStep(q.question_id, q.question_id, number, "question",
                                    q.answer_type, asked_if, text, tuple(replies), instruction,
                                    tuple(notes), segments=parts, reask=reask,
                                    route=route))  # fmt: skip
        elif channel == "whatsapp":
            step = _whatsapp_step(q, number, asked_if, lead, own, replies, notes, header, stop,
                                  catalog, lang, word_skip)  # fmt: skip
            kind = (step.interactive or {}).get("type", "text")
            reask = _reask(q, kind, header, stop, "\n\n", catalog, lang)
            steps.append(replace(step, route=route, reask=reask))
        elif channel == "ivr_survey":
            prompt, ivr_notes = ("", []) if own else _ivr_prompt(q, replies, catalog, lang)
            if own:
                prompt = _t(catalog, "ivr_repeat", lang)
            text = _speakable(" ".join(p for p in (lead, prompt) if p), lang)
            steps.append(ScriptStep(q.question_id, q.question_id, number, "question",
                                    q.answer_type, asked_if, text, tuple(replies), prompt,
                                    tuple(notes + ivr_notes),
                                    seconds=spoken_seconds(text, catalog, lang),
                                    route=route))  # fmt: skip
        else:
            step = _agent_step(q, number, asked_if, lead, replies, notes, catalog, lang)
            steps.append(replace(step, route=route))
    steps = [replace(s, randomise=by_id[s.question_id].randomise,
                     anchored=by_id[s.question_id].anchored) if s.kind == "question" else s
             for s in steps]  # fmt: skip
    # a contact request ("Shall we call you about it?") is a message the customer answers like
    # any question, sent only after some answers: the opening counts it among "up to N"
    # (knowledge-base review 23: "up to two short questions", then three messages)
    follow_ups = any(q.screener or q.contact_for for q in questions)
    asked = len(questions)
    opening, closing = _ends(channel, name, asked, follow_ups, purposes,
                             shared_recipients, marketing, catalog, lang,
                             optional=not _all_behind_consent(steps))  # fmt: skip
    opening, closing = plain(opening), plain(closing)
    if channel == "sms" and steps:
        # the opening travels with the first question: one message, and the reply answers it
        first = steps[0]
        body = first.text.removeprefix(header).lstrip("\n")
        text = f"{opening}\n{body}"
        if stop and text.count(stop) > 1:
            text = text.replace(f"\n{stop}", "", 1)
        steps[0] = replace(first, text=text, segments=_segments(text, catalog, lang))
    sessions: tuple[Session, ...] = ()
    if not written:
        steps, sessions = _sessions(steps, channel, name, purposes, shared_recipients, marketing,
                                    catalog, lang)  # fmt: skip
        opening = sessions[0].opening if sessions else opening
    title = _t(catalog, "title", lang, channel=str(catalog.channels.at[channel, f"label_{lang}"]),
               organisation=name or "—")  # fmt: skip
    non_answers = tuple(
        Reply(_non_answer_key(code, channel, word_skip, catalog, lang), code,
              _non_answer_label(code, channel, marketing, catalog, lang))
        for code in NON_ANSWERS[channel]
    )  # fmt: skip
    script = ChannelScript(
        channel=channel, lang=lang, title=title, opening=opening, steps=tuple(steps),
        closing=closing, marketing=marketing, non_answers=non_answers,
        opening_segments=0,  # an SMS opening is counted in the first question's message
        opening_seconds=sum(x.seconds for x in sessions) - sum(x.seconds for x in steps),
        sessions=sessions,
        session_flags=tuple(Reply(_non_answer_key(code, channel, word_skip, catalog, lang), code,
                                  _t(catalog, f"flag.{code}", lang))
                            for code in SESSION_FLAGS.get(channel, ())),
    )  # fmt: skip
    if written:
        confirm = "opt_out_confirm" if marketing else "opt_out_confirm_service"
        script = replace(script, opt_out_confirmation=plain(_t(catalog, confirm, lang,
                                                               organisation=name)))  # fmt: skip
    elif channel == "agent_question":  # the agent says what an opt-out stops, then goes no further
        confirm = "agent_opt_out_confirm" if marketing else "agent_opt_out_confirm_service"
        script = replace(script, opt_out_confirmation=_t(catalog, confirm, lang))
    if channel == "agent_question":  # what the agent says is quoted: its own quotes nest
        script = replace(
            script,
            opening=_unnested(script.opening),
            steps=tuple(replace(s, text=_unnested(s.text), instruction=_unnested(s.instruction))
                        for s in script.steps),
            sessions=tuple(replace(s, opening=_unnested(s.opening)) for s in script.sessions),
            opt_out_confirmation=_unnested(script.opt_out_confirmation),
        )  # fmt: skip
    notes = _script_notes(script, groups, catalog)
    template = _wa_template(script, catalog) if channel == "whatsapp" else None
    return replace(script, notes=tuple(notes), template=template)


def _unnested(text: str) -> str:
    """«…» inside the «…» of what the agent says becomes „…”, so that a reader sees where the
    words said end (knowledge-base round 40, the copy editor: «אמרו: «… «מעדיפים לא לענות» …»»
    could not be read)."""
    out, depth = [], 0
    for char in text:
        if char == "«":
            depth += 1
            out.append("„" if depth > 1 else char)
        elif char == "»" and depth:
            out.append("”" if depth > 1 else char)
            depth -= 1
        else:
            out.append(char)
    return "".join(out)


def _randomise_note(q: SurveyQuestion, catalog: Catalog, lang: str) -> str:
    """How the operator rotates the options: all of them, or all but the closing ones (none,
    other, prefer not to say), which stay last."""
    if not q.anchored:
        return _t(catalog, "note_randomise", lang)
    words = dict(zip(q.codes, q.options[lang], strict=False))
    closing = "; ".join(_quoted(words.get(c, c), lang) for c in q.anchored)
    return _t(catalog, "note_randomise_anchored", lang, options=closing)


def _non_answer_key(code: str, channel: str, word_skip: bool, catalog: Catalog, lang: str) -> str:
    if channel == "agent_question":
        return ""
    written_skip = _t(catalog, "skip_word", lang) if word_skip else SKIP_REPLY
    keys = {"skipped_question": "#" if channel == "ivr_survey" else written_skip,
            "notice_link_requested": IVR_NOTICE_KEY}  # fmt: skip
    return keys.get(code, "")


def _sessions(
    steps: list[ScriptStep],
    channel: str,
    name: str,
    purposes: Mapping[str, _Purpose],
    recipients: str,
    marketing: bool,
    catalog: Catalog,
    lang: str,
) -> tuple[list[ScriptStep], tuple[Session, ...]]:
    """The calls a spoken script is spread over: an agent asks one question a call (with its
    consent); the IVR asks as many as fit the channel's time with the opening. A question that
    alone takes longer than the channel allows gets a call of its own (and a note)."""
    limit = float(str(catalog.channels.at[channel, "max_seconds"]))
    units: list[list[ScriptStep]] = []
    in_unit: set[str] = set()  # the questions of the unit being built
    for step in steps:
        route = step.route or {}
        follows = route.get("after") in in_unit  # a follow-up stays with the answer it needs
        if units and (units[-1][-1].kind == "consent" or follows or step.question_id in in_unit):
            units[-1].append(step)
        else:
            units.append([step])
            in_unit = set()
        in_unit.add(step.question_id)
        in_unit.update(step.covers)
    groups: list[list[list[ScriptStep]]] = []
    for unit in units:
        if groups and channel == "ivr_survey":
            trial = [*groups[-1], unit]
            flat = [s for u in trial for s in u]
            if _session_seconds(flat, channel, name, purposes, recipients, marketing, catalog,
                                lang) <= limit:  # fmt: skip
                groups[-1].append(unit)
                continue
        groups.append([unit])
    out_steps: list[ScriptStep] = []
    sessions = []
    for n, group in enumerate(groups, start=1):
        flat = [replace(s, session=n) for u in group for s in u]
        opening = _session_opening(flat, channel, name, purposes, recipients, marketing, catalog,
                                   lang)  # fmt: skip
        said = spoken_seconds(_said(opening, channel), catalog, lang)
        seconds = said + sum(s.seconds for s in flat)
        sessions.append(Session(n, tuple(s.step_id for s in flat), opening, seconds))
        out_steps += flat
    return out_steps, tuple(sessions)


def _session_opening(flat: Sequence[ScriptStep], channel: str, name: str,
                     purposes: Mapping[str, _Purpose], recipients: str, marketing: bool,
                     catalog: Catalog, lang: str) -> str:  # fmt: skip
    questions = [s for s in flat if s.kind == "question"]
    follow_ups = any(s.route and "after" in s.route for s in questions)
    asked = {s.question_id: purposes[s.question_id] for s in questions}
    consent_first = bool(flat) and flat[0].kind == "consent"
    # a contact request ("Shall we call you about it?") is asked like any question: the opening
    # counts it (round 18: "up to two questions", then three were asked)
    count = len(questions)
    opening, _ = _ends(channel, name, count, follow_ups, asked, recipients, marketing,
                       catalog, lang, consent_first=consent_first,
                       optional=not _all_behind_consent(flat))  # fmt: skip
    return opening


def _all_behind_consent(steps: Sequence[ScriptStep]) -> bool:
    """Every question of ``steps`` is asked only after a consent step, which says itself that
    answering is optional and a no changes nothing: the opening does not say it first
    (knowledge-base round 31: the agent said «אין חובה לענות» twice)."""
    covered = {qid for s in steps if s.kind == "consent" for qid in s.covers}
    questions = [s for s in steps if s.kind == "question"]
    return bool(questions) and all(s.question_id in covered for s in questions)


def _said(text: str, channel: str) -> str:
    """What is said aloud of a script's text: for an agent, the quoted words only ("…" in
    English, «…» in Hebrew, where the words said may quote an answer in «…» themselves)."""
    if channel != "agent_question":
        return text
    quoted = re.findall(r'"([^"]*)"', text) + _outer_guillemets(text)
    return " ".join(quoted) if quoted else text


def _outer_guillemets(text: str) -> list[str]:
    """The outermost «…» spans of ``text``, with what they quote inside them kept: found in
    :func:`_unnested`'s text, which changes the inner quotes one for one, cut from ``text``."""
    return [text[m.start(1) : m.end(1)] for m in re.finditer(r"«([^«»]*)»", _unnested(text))]


def _session_seconds(flat: Sequence[ScriptStep], channel: str, name: str,
                     purposes: Mapping[str, _Purpose], recipients: str, marketing: bool,
                     catalog: Catalog, lang: str) -> float:  # fmt: skip
    opening = _session_opening(flat, channel, name, purposes, recipients, marketing, catalog,
                               lang)  # fmt: skip
    return spoken_seconds(_said(opening, channel), catalog, lang) + sum(s.seconds for s in flat)


def _non_answer_label(code: str, channel: str, marketing: bool, catalog: Catalog,
                      lang: str) -> str:  # fmt: skip
    """When a non-answer is recorded, for this channel (a label per channel where it differs)."""
    kinds = [f"{code}.{channel}", f"{code}.{'marketing' if marketing else 'service'}", code]
    for kind in kinds:
        if f"script.non_answer.{kind}" in catalog.labels[lang]:
            return _t(catalog, f"non_answer.{kind}", lang)
    raise KeyError(f"script.non_answer.{code}")


def _script_notes(script: ChannelScript, groups: Mapping[str, list[str]], catalog: Catalog,
                  ) -> list[str]:  # fmt: skip
    lang, channel = script.lang, script.channel
    notes: list[str] = []
    if channel in SPOKEN_CHANNELS:
        notes.append(_t(catalog, f"note_offer_rules_{channel}", lang))
        limit = float(str(catalog.channels.at[channel, "max_seconds"]))
        if len(script.sessions) > 1:
            notes.append(_t(catalog, f"note_sessions_{channel}", lang,
                            count=_number_words(len(script.sessions), catalog, lang)))  # fmt: skip
        for session in script.sessions:
            if session.seconds > limit:
                notes.append(_t(catalog, "note_long", lang, number=session.number,
                                seconds=math.ceil(session.seconds), limit=int(limit)))  # fmt: skip
    if channel == "agent_question":
        notes.append(_t(catalog, "note_agent_refusal", lang))
    if channel in ("sms", "whatsapp") and any(
        s.answer_type == "multi_choice" for s in script.steps
    ):
        notes.append(_t(catalog, "note_multiple_replies", lang))
    if any(s.route for s in script.steps):
        notes.append(_t(catalog, "note_routing", lang))
    if channel == "ivr_survey":
        notes.append(_t(catalog, "note_ivr_mechanics", lang))
    if channel in ("sms", "whatsapp") and len(script.steps) > 1:
        notes.append(_t(catalog, f"note_timing_{channel}", lang))
    if channel in ("sms", "whatsapp"):
        notes.append(_t(catalog, "note_sending_hours", lang))
    if channel == "whatsapp":
        category = _t(catalog, "category_marketing" if script.marketing else "category_utility",
                      lang)  # fmt: skip
        notes.append(_t(catalog, "note_wa_template", lang, category=category))
    if script.marketing and channel in ("sms", "whatsapp"):
        notes.append(_t(catalog, "note_advertisement", lang))
    return notes


def _whatsapp_step(
    q: SurveyQuestion,
    number: int,
    asked_if: str,
    lead: str,
    own: bool,
    replies: list[Reply],
    notes: list[str],
    header: str,
    stop: str,
    catalog: Catalog,
    lang: str,
    word_skip: bool = False,
) -> ScriptStep:
    kind, why, values = _wa_kind(q)
    if why:
        notes = [*notes, _t(catalog, why, lang, **values)]
    if kind == "text":
        instruction = "" if own else _written_instruction(q, replies, catalog, lang, word_skip)
        parts = [header, lead, _numbered(replies) if q.codes else "", instruction, stop]
        text = "\n\n".join(p for p in parts if p)
        return ScriptStep(q.question_id, q.question_id, number, "question", q.answer_type,
                          asked_if, text, tuple(replies), instruction, tuple(notes))  # fmt: skip
    hint = "list_hint" if kind == "list" else "button_hint"
    instruction = _t(catalog, f"wa_{hint}", lang, button=_t(catalog, "wa_choose", lang))
    body = "\n\n".join(p for p in (header, lead, instruction) if p)
    if len(body) > WA_BODY_MAX:
        notes = [*notes, _t(catalog, "note_wa_body", lang, length=len(body), limit=WA_BODY_MAX)]
        instruction = _written_instruction(q, replies, catalog, lang, word_skip)
        text = "\n\n".join(p for p in (header, lead, _numbered(replies), instruction, stop) if p)
        return ScriptStep(q.question_id, q.question_id, number, "question", q.answer_type,
                          asked_if, text, tuple(replies), instruction, tuple(notes))  # fmt: skip
    footer = stop if len(stop) <= WA_FOOTER_MAX else ""
    if stop and not footer:
        body = f"{body}\n\n{stop}"
    interactive = _wa_interactive(kind, body, footer, replies, catalog, lang)
    return ScriptStep(q.question_id, q.question_id, number, "question", q.answer_type, asked_if,
                      body + (f"\n{footer}" if footer else ""), tuple(replies), instruction,
                      tuple(notes), interactive=interactive)  # fmt: skip


def _consent_step(
    q: SurveyQuestion,
    members: Sequence[SurveyQuestion],
    number: int,
    numbers: Mapping[str, int],
    asked_if: str,
    purposes: Mapping[str, _Purpose],
    channel: str,
    header: str,
    stop: str,
    plain: Any,
    catalog: Catalog,
    lang: str,
) -> ScriptStep:
    """The consent before a subject of special sensitivity: what is asked and why first (the
    notice's own sentence, "we would like to ask..."), that the answer is used for this only, that
    answering is optional, a no changes nothing and consent can be withdrawn, then one question
    covering answering and keeping the answers. A no skips every question it covers."""
    said = _WE_ASK_CONSENT[lang].sub(_t(catalog, "we_would_like", lang),
                                     purposes[q.question_id].sentence, count=1)  # fmt: skip
    many = len(members) > 1
    # what the follow-ups are used for besides, where their notices say it in one clause
    clauses = []
    for m in members[1:]:
        extra = purposes[m.question_id]
        if extra.connector and extra.clause:
            label = "use_so_that" if extra.connector == "so that" else "use_to"
            clauses.append(_t(catalog, label, lang, purpose=_of_the_answers(extra.clause, lang)))
    clauses = list(dict.fromkeys(clauses))
    also = (_t(catalog, "consent_also", lang, clauses=_join(clauses, catalog, lang, "and")) + " "
            if clauses else "")  # fmt: skip
    consent = _t(catalog, "consent_many" if many else "consent_one", lang, purpose=said,
                 also=also, phone=_t(catalog, "phone_placeholder", lang))  # fmt: skip
    # the account page the notice names (a bank's "personal area", an insurer's "profile"):
    # the spoken consent says the same (knowledge-base review 10)
    # (labels.csv: the consent labels say the banks' word; the notice has its industry's)
    said_place = catalog.text("notice.account_place.banking", lang)
    own_place = catalog.text("notice.account_place", lang)
    if own_place in q.notice[lang] and said_place not in q.notice[lang]:
        consent = consent.replace(said_place, own_place)
    yes, no = _t(catalog, "consent_yes", lang), _t(catalog, "consent_no", lang)
    covers = tuple(m.question_id for m in members)
    notes = []
    if many:
        covered = _join([str(numbers[m]) for m in covers], catalog, lang, "and")
        notes.append(_t(catalog, "note_consent_covers", lang, numbers=covered))
    step_id = f"{q.question_id}__consent"
    if channel == "agent_question":
        text = _t(catalog, "agent_consent", lang, consent=consent)
        replies = (Reply("", "consent_accepted", yes), Reply("", "consent_declined", no))
        notes.append(_t(catalog, "note_agent_consent", lang))
        seconds = spoken_seconds(consent, catalog, lang)
        return ScriptStep(step_id, q.question_id, number, "consent", "consent", asked_if, text,
                          replies, "", tuple(notes), seconds=seconds, covers=covers)  # fmt: skip
    notes.append(_t(catalog, "note_consent_record", lang))
    replies = (Reply("1", "consent_accepted", plain(yes)),
               Reply("2", "consent_declined", plain(no)))  # fmt: skip
    if channel == "ivr_survey":
        instruction = _t(catalog, "ivr_consent_keys", lang)
        text = f"{consent} {instruction}"
        return ScriptStep(step_id, q.question_id, number, "consent", "consent", asked_if, text,
                          replies, instruction, tuple(notes),
                          seconds=spoken_seconds(text, catalog, lang), covers=covers)  # fmt: skip
    if channel == "whatsapp":
        body = "\n\n".join(p for p in (header, consent) if p)
        buttons = [{"type": "reply", "reply": {"id": r.code, "title": r.label}} for r in replies]
        interactive: dict[str, Any] = {"type": "button", "body": {"text": body},
                                       "action": {"buttons": buttons}}  # fmt: skip
        if stop and len(stop) <= WA_FOOTER_MAX:
            interactive["footer"] = {"text": stop}
        return ScriptStep(step_id, q.question_id, number, "consent", "consent", asked_if, body,
                          replies, "", tuple(notes), interactive=interactive,
                          covers=covers)  # fmt: skip
    lines = [header, plain(consent), _numbered(replies), stop]
    text = "\n".join(p for p in lines if p)
    return ScriptStep(step_id, q.question_id, number, "consent", "consent", asked_if, text,
                      replies, "", tuple(notes), segments=_segments(text, catalog, lang),
                      covers=covers)  # fmt: skip


#: The code of a plain "no" or "none" among a list's options (not "no preference").
_NONE_CODE = re.compile(r"^(?:no|none|nothing|neither)(?:_(?!preference)|$)")


def _closing(reply: Reply) -> int:
    """Where an option stands among those an agent reads: 0 an answer, 1 a plain "no" or "none"
    that excludes the others, or "not sure yet" (about a plan, an answer in its own right:
    knowledge-base round 27, the methodologist and the privacy lawyer, "Not sure yet" was never
    read), 2 "prefer not to say". A single choice's "no" is an answer."""
    if reply.code.startswith("prefer_not"):
        return 2
    closes = _NONE_CODE.match(reply.code) or reply.code == "not_sure"
    return 1 if reply.alone and closes else 0


def _read_aloud(reply: Reply, special: bool) -> bool:
    """Whether an agent reads this option when he reads the list (see :func:`_agent_step`): a
    "none of these" that excludes the others is read on every item, since a caller who holds
    none of a screener's list must hear that saying so is an answer (knowledge-base review 24,
    the methodologist: "None of these with another company" was never read); "prefer not to
    say" only on a special one."""
    closing = _closing(reply)
    if closing == 2:
        return special
    return closing == 1 or not reply.alone


def _read_order(replies: Sequence[Reply]) -> list[Reply]:
    """The options an agent reads, in reading order: the answers in the list's order, then a
    "no" or "none" that excludes the others, then, on a special item, "prefer not to say"
    (knowledge-base review 23's privacy lawyer, "a caller must hear that a plain no is an
    answer"). A single choice keeps its order: its "no" is one answer among the others."""
    # only what excludes the others moves (a stable sort): a list keeps its order
    return sorted((r for r in replies if r.read), key=_closing)


#: "(please specify)" after an option: what a form shows, not what an agent reads aloud.
_SPECIFY = {"en": re.compile(r"\s*\(please specify\)", re.I), "he": re.compile(r"\s*\(נא לפרט\)")}
#: A sentence in brackets after the question that says how to code a band, not what is asked.
_CODING_RULE = {
    "en": re.compile(r"^Count in calendar months|choose the (?:earliest|soonest|one that ends "
                     r"first)"),
    "he": re.compile(r"^ספרו לפי החודשים|בחרו את (?:המועד הקרוב|החודש שבו מסתיים)"),
}  # fmt: skip


#: "your answer" after a preposition inside a follow-up's purpose clause, said of the follow-ups'
#: answers together (as the object of a preposition no verb has to agree with it).
_YOUR_ANSWER = {
    "en": re.compile(r"\b(from|to|on|with|in|about|of|for) your answer\b"),
    "he": re.compile(r"(?<![\u05d0-\u05ea])(ו?(?:ש|כש)?(?:מה|ב|ל))תשובה שלכם"),
}
_YOUR_ANSWERS = {"en": r"\1 your answers", "he": r"\1תשובות שלכם"}


def _of_the_answers(clause: str, lang: str) -> str:
    """A follow-up's purpose clause as the consent says it of all the follow-ups' answers: «The
    answers to the follow-ups are also used so that an adviser ... starts from your answers», not
    «... from your answer» (knowledge-base review 26, the copy editor)."""
    return _YOUR_ANSWER[lang].sub(_YOUR_ANSWERS[lang], clause)


#: A question whose bracket comes after a sentence that follows its question mark.
_BRACKET_AFTER_SENTENCES = re.compile(r"^(?P<stem>.*[?？][^()?？]*?)\s*\([^()]*\)\s*$", re.S)


def _after_stem(text: str, lang: str) -> tuple[str, list[str], list[str]]:
    """The question's stem, the sentences after it (its brackets opened), and those of them
    that say how to code a band ("Count in calendar months: ...", "choose the earliest")."""
    stem = question_stem(text)
    if stem == text.strip() and (match := _BRACKET_AFTER_SENTENCES.match(stem)):
        # a sentence between the question mark and the bracket ("If you plan more than one trip,
        # answer for the first.") is said; the bracket is still how to code (knowledge-base
        # round 37: "(Count in calendar months: ...)" read aloud by the agent)
        stem = match.group("stem")
    bracket = text[len(stem) :].strip().removeprefix("(").removesuffix(")").strip()
    said = sentences(bracket, lang)
    return stem, said, [x for x in said if _CODING_RULE[lang].search(x)]


def _agent_step(
    q: SurveyQuestion,
    number: int,
    asked_if: str,
    lead: str,
    replies: list[Reply],
    notes: list[str],
    catalog: Catalog,
    lang: str,
) -> ScriptStep:
    """The agent's step: what to say and ask, whether to read the options. The agent says no
    written hint on how many to choose (round 68: "(Choose one.)" read aloud)."""
    lead = _WRITTEN_HINT.sub("", lead)
    kind = q.answer_type
    text = q.text[lang].strip()
    stem, said, coding = _after_stem(text, lang)
    # the same list is read, or coded, in both languages
    if any(_NAMES_ITS_LIST[lg].search(q.text[lg]) for lg in LANGUAGES):
        most = AGENT_READ_NAMED_MAX
    elif any(_after_stem(q.text[lg].strip(), lg)[2] for lg in LANGUAGES):
        most = AGENT_READ_CODED_MAX
    else:
        most = AGENT_READ_MAX
    read_all = kind in ("scale", "yes_no") or (
        kind in ("single_choice", "multi_choice") and len(replies) <= most
    )
    # "prefer not to say" and other answers that exclude the rest are accepted when the customer
    # says them, not offered: reading them aloud invites them. A plain "no" or "none" that
    # excludes the others is read after the answers (review 24); on a question of special
    # sensitivity "prefer not to say" is read last: declining must be as easy to say as any
    # answer (knowledge-base reviews 18 and 23, the privacy lawyer)
    replies = [replace(r, key="", read=read_all and _read_aloud(r, q.consent))
               for r in replies]  # fmt: skip
    # a question asked under a documented exception takes no free text (its conditions), and a
    # special one would turn the customer's words into special free text: the agent records
    # that nothing matched, or "other", without typing what was said (rounds 18, 19 and 23)
    closed = q.consent or bool(catalog.sensitivity_exception_of(q.question_id))
    other = next((r.label for r in replies if r.other), "")  # the list's own "Other", if any
    if kind in ("number", "date", "free_text"):
        instruction = _t(catalog, f"agent_{kind}", lang)
    elif read_all:
        read = [_quoted(_SPECIFY[lang].sub("", r.label), lang) for r in _read_order(replies)]
        instruction = _t(catalog, "agent_read_many" if q.multiple else "agent_read", lang,
                         options=_join(read, catalog, lang))  # fmt: skip
        if closed and not other:  # review 24: the legend's "type the
            instruction += " " + _t(catalog, "agent_no_free_text", lang)  # words" is not for it
        # what is not read ("prefer not to say" on an ordinary item) is still an answer: the
        # agent records it when the customer says it (knowledge-base rounds 28-30: the script
        # "dropped" it, with no word on what to do when a caller volunteers it)
        unread = [_quoted(r.label, lang) for r in replies if not r.read]
        if unread:
            instruction += " " + _t(catalog, "agent_unread", lang,
                                    options=_join(unread, catalog, lang))  # fmt: skip
    else:
        # a list with its own "Other" takes what fits no option there, and keeps uncodable_answer
        # for an answer the agent cannot make out: one rule, not two (round 28, the methodologist)
        key = "agent_code_other" if other else "agent_code"
        instruction = _t(catalog, f"{key}_closed" if closed else key, lang, other=other)
    # the sentences in brackets after the question that say how to code a band ("Count in
    # calendar months: ...", "If more than one, choose the earliest") are for whoever fills the
    # answer in: on a call the agent codes by them and does not say them (knowledge-base
    # reviews 21 and 22: read aloud, they explained options and slowed the call); what the
    # question covers ("Not counting lines your employer pays for") is still said
    if coding and text in lead:
        kept = " ".join(x for x in said if x not in coding)
        lead = lead.replace(text, f"{stem} ({kept})" if kept else stem, 1)
        instruction += " " + _t(catalog, "agent_note", lang, note=" ".join(coding))
    if read_all and other:
        key = "agent_other_closed" if closed else "agent_other"
        instruction += " " + _t(catalog, key, lang, other=other)
    spoken = " ".join([lead, *(r.label for r in replies if r.read)])
    return ScriptStep(q.question_id, q.question_id, number, "question", kind, asked_if, lead,
                      tuple(replies), instruction, tuple(notes),
                      seconds=spoken_seconds(spoken, catalog, lang))  # fmt: skip


def _notice_sentences(purposes: Mapping[str, _Purpose], recipients: str, count: int,
                      channel: str, catalog: Catalog, lang: str,
                      optional: bool = True) -> str:  # fmt: skip
    """What every question's notice shares, said once: answering is optional (unless every
    question's consent step says it); who receives the answers (the notices' own sentence, or
    that they stay with the organisation); where the full notice is."""
    tails = {p.tail_key for p in purposes.values() if p.tail_key}
    many = "many" if count > 1 else "one"
    spoken = channel in SPOKEN_CHANNELS
    parts = [_t(catalog, "optional", lang)] if optional else []
    # who receives the answers, always: the notices' shared sentence where it names an outside
    # recipient, else that the answers stay with the organisation (a question whose own notice
    # names an outside recipient says so with the question)
    if recipients and _OUTSIDE[lang].search(recipients):
        parts.append(recipients)
    else:
        parts.append(_t(catalog, f"not_passed_{'spoken_' if spoken else ''}{many}", lang))
    # a promise every notice of the call makes is said with the opening (a health fund's "never
    # for pricing or member selection, not shared with the supplementary plans": round 83, "the
    # spoken openings miss the brief's key promise"); a written survey links the notices
    limits = {p.limits for p in purposes.values()}
    if spoken and purposes and "" not in limits:
        kind = "pricing_plans" if limits == {"plans"} else "pricing"
        parts.append(_t(catalog, f"no_{kind}_spoken_{many}", lang))
    if channel in ("sms", "whatsapp"):
        link = _t(catalog, "link", lang)
        key = "details_written_privacy" if tails == {TAIL_PRIVACY} else f"details_written_{many}"
        parts.append(_t(catalog, key, lang, link=link))
    elif channel == "ivr_survey":
        parts.append(_t(catalog, f"details_ivr_{many}", lang, address=_t(catalog, "address", lang)))
    else:
        address = _t(catalog, "address", lang)
        parts.append(_t(catalog, f"details_agent_{many}", lang, address=address))
    return " ".join(parts)


def _ends(
    channel: str,
    name: str,
    count: int,
    follow_ups: bool,
    purposes: Mapping[str, _Purpose],
    recipients: str,
    marketing: bool,
    catalog: Catalog,
    lang: str,
    consent_first: bool = False,
    optional: bool = True,
) -> tuple[str, str]:
    """The opening and the closing of a script. An agent's call that begins with a consent step
    asks once, at that step: a second "May I ask?" before it was a second exit and split one
    refusal over two codes (scripts review, round 6)."""
    questions = _count_phrase(count, follow_ups, catalog, lang)
    notice = _notice_sentences(purposes, recipients, count, channel, catalog, lang, optional)
    thanks = _t(catalog, "closing_one" if count == 1 else "closing_many", lang)
    if channel == "sms":
        sender = f"{_t(catalog, 'advertisement', lang)} | {name}" if marketing else name
        first = _t(catalog, "sms_opening", lang, organisation=sender, questions=questions)
        stop = (_t(catalog, "stop_contact", lang, contact=_t(catalog, "contact_placeholder", lang))
                if marketing else _t(catalog, "sms_stop_service", lang))  # fmt: skip
        return "\n".join([first, notice, stop]), thanks
    if channel == "whatsapp":
        first = _t(catalog, "wa_opening", lang, questions=questions)
        header = (_t(catalog, "header", lang, advertisement=_t(catalog, "advertisement", lang),
                     organisation=name) if marketing else f"{name}:")  # fmt: skip
        # a marketing template's footer says how to stop; a service chat says it here, as the
        # SMS does (knowledge-base review 21: the right to object offered the same way)
        stop = "" if marketing else _t(catalog, "sms_stop_service", lang)
        return "\n\n".join(p for p in (header, first, notice, stop) if p), thanks
    if channel == "ivr_survey":
        first = _t(catalog, "ivr_opening", lang, organisation=name, questions=questions)
        return f"{first} {notice}", _t(catalog, "ivr_closing", lang)
    kind = "agent_opening_consent" if consent_first else "agent_opening"
    opening = _t(catalog, kind, lang, questions=questions, notice=notice)
    return opening, _t(catalog, f"agent_closing_{'one' if count == 1 else 'many'}", lang)


def _wa_template(script: ChannelScript, catalog: Catalog) -> dict[str, Any]:
    """The opening as a WhatsApp message template (Meta's template format): its category, the
    body, a footer with how to stop (a marketing template is an advertisement on its own), the
    quick replies, and the code each quick reply records."""
    lang = script.lang
    start, later = _t(catalog, "wa_start", lang), _t(catalog, "wa_not_now", lang)
    buttons = [{"type": "QUICK_REPLY", "text": start}, {"type": "QUICK_REPLY", "text": later}]
    codes = {start: "start", later: "declined_now"}
    components: list[dict[str, Any]] = [{"type": "BODY", "text": script.opening}]
    if script.marketing:
        stop_button = _t(catalog, "wa_stop_button", lang)
        buttons.append({"type": "QUICK_REPLY", "text": stop_button})
        codes[stop_button] = "opt_out"
        footer = _t(catalog, "wa_template_footer", lang, button=stop_button,
                    contact=_t(catalog, "contact_placeholder", lang))  # fmt: skip
        components.append({"type": "FOOTER", "text": footer})
    components.append({"type": "BUTTONS", "buttons": buttons})
    return {"category": "MARKETING" if script.marketing else "UTILITY", "language": lang,
            "components": components, "button_codes": codes}  # fmt: skip


def script_channels(source: Assessment | Plan) -> list[str]:
    """The plan's conversational channels that ask questions, in the plan's channel order."""
    return [c for c in survey_channels(source) if c in CHANNELS]


def channel_scripts(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
) -> list[ChannelScript]:
    """Every conversational channel's script, in each language."""
    return [channel_script(source, catalog, channel, lang, organisation)
            for channel in script_channels(source) for lang in LANGUAGES]  # fmt: skip


# --- renderings --------------------------------------------------------------------------------


def script_text(script: ChannelScript, catalog: Catalog) -> str:
    """The script as a text file for the team that sets up the channel: each message or prompt
    as the customer gets it, who gets it, the replies and the codes recorded, the notes."""
    lang = script.lang

    def t(name: str, /, **values: Any) -> str:
        return _t(catalog, name, lang, **values)

    rule = "-" * 60
    out = [script.title, t("version", version=script_version(script, catalog)), "=" * 60]
    out += [f"* {note}" for note in script.notes]
    out += [""] if script.notes else []

    def measures(segments: int, seconds: float) -> str:
        if script.channel == "sms":
            return f"  [{t('segments', count=segments)}]"
        if script.channel in SPOKEN_CHANNELS:
            return f"  [{t('seconds', seconds=math.ceil(seconds))}]"
        return ""

    sessions = {s.step_ids[0]: s for s in script.sessions}
    if not script.sessions:
        heading = t("heading_opening_sms") if script.channel == "sms" else t("heading_opening")
        out += [heading, rule, script.opening]
        if script.template is not None:
            for component in script.template["components"][1:]:
                if component["type"] == "FOOTER":
                    out.append(component["text"])
                else:
                    shown = [f"{b['text']} → {script.template['button_codes'][b['text']]}"
                             for b in component["buttons"]]  # fmt: skip
                    out.append(f"[{t('wa_template_buttons')}: {' | '.join(shown)}]")
        out.append("")
    for step in script.steps:
        if step.step_id in sessions:
            session = sessions[step.step_id]
            opening_seconds = spoken_seconds(_said(session.opening, script.channel), catalog, lang)
            out += ["#" * 60, t("heading_session", number=session.number)
                    + measures(0, session.seconds), "#" * 60, t("heading_opening")
                    + measures(0, opening_seconds), rule, session.opening, ""]  # fmt: skip
        heading = t("heading_consent" if step.kind == "consent" else "heading_question",
                    number=step.number)  # fmt: skip
        out += [f"{heading} ({step.question_id})" + measures(step.segments, step.seconds), rule]
        if step.asked_if:
            out.append(f"* {step.asked_if}")
        if script.channel == "agent_question" and step.kind == "question":
            out.append(f'{t("label_say")}: "{step.text}"')
            out.append(f"{t('label_instruction')}: {step.instruction}")
        else:
            out.append(step.text)
        if step.interactive is not None:
            kind = step.interactive["type"]
            action = step.interactive["action"]
            shown = ([b["reply"]["title"] for b in action["buttons"]] if kind == "button"
                     else [r["title"] for r in action["sections"][0]["rows"]])  # fmt: skip
            out.append(f"[{t('wa_' + kind)}: {' | '.join(shown)}]")
        if step.replies:
            out.append(f"{t('label_replies')}:")
            some_read = any(r.read for r in step.replies)
            for r in step.replies:
                key = f"{r.key} → " if r.key else ""
                flags = []
                if not r.read and script.channel == "agent_question" and some_read:
                    flags.append(t("flag_not_read"))
                if r.alone and step.answer_type == "multi_choice":
                    flags.append(t("flag_alone"))
                if r.other:
                    flags.append(t("flag_other"))
                tag = f" ({'; '.join(flags)})" if flags else ""
                out.append(f'  {key}{r.code}  "{r.label}"{tag}')
        if step.reask:
            out += [f"{t('label_reask')}:", *(f"  {line}" for line in step.reask.splitlines()
                                              if line)]  # fmt: skip
        out += [f"* {note}" for note in step.notes]
        out.append("")
    if script.closing:
        out += [t("heading_closing"), rule, script.closing, ""]
    out += [f"{t('label_non_answers')}:", rule]
    for r in script.non_answers:
        key = f"{r.key} → " if r.key else ""
        out.append(f"  {key}{r.code}: {r.label}")
    if script.opt_out_confirmation:
        out.append(f"  {t('label_opt_out_confirm')}: {script.opt_out_confirmation}")
    if script.session_flags:
        out += ["", f"{t('label_flags')}:", rule]
        for r in script.session_flags:
            key = f"{r.key} → " if r.key else ""
            out.append(f"  {key}{r.code}: {r.label}")
    out.append("")
    return "\n".join(out)


def script_version(script: ChannelScript, catalog: Catalog) -> str:
    """A short fingerprint of everything the script says and records (its JSON without the
    version): the "script version" an agent logs with a consent, and that changes whenever a
    word, a key or a code of the script changes."""
    document = script_json(script, catalog, versioned=False)
    text = json.dumps(document, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


def script_json(script: ChannelScript, catalog: Catalog, versioned: bool = True) -> dict[str, Any]:
    """The script as data a sending system or a dialler can run: each step with its text, the
    reply each code takes, who gets it as codes (``route``), whether it takes several answers and
    which exclude the others, the re-ask, the calls it is spread over, the non-answers and flags;
    for WhatsApp, each step's Cloud API message body and the opening as a template."""
    confirm = script.opt_out_confirmation
    steps = []
    for step in script.steps:
        entry: dict[str, Any] = {
            "step_id": step.step_id, "question_id": step.question_id, "kind": step.kind,
            "answer_type": step.answer_type, "text": step.text, "instruction": step.instruction,
            "route": step.route, "asked_if": step.asked_if,
            "multiple": step.answer_type == "multi_choice",
            "randomise": step.randomise, "anchored": list(step.anchored),
            "exclusive": [r.code for r in step.replies if r.alone],
            "replies": [{"key": r.key, "code": r.code, "label": r.label, "read": r.read}
                        for r in step.replies],
            "notes": list(step.notes),
        }  # fmt: skip
        if step.covers:
            entry["covers"] = list(step.covers)
        if step.reask:
            entry["reask"] = step.reask
        if step.session:
            entry["session"] = step.session
        if script.channel == "sms":
            entry["segments"] = step.segments
        if script.channel in SPOKEN_CHANNELS:
            entry["seconds"] = step.seconds
        if script.channel == "whatsapp":
            body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual"}
            if step.interactive is not None:
                body.update({"type": "interactive", "interactive": step.interactive})
            else:
                body.update({"type": "text", "text": {"body": step.text}})
            entry["message"] = body
        steps.append(entry)
    version = {"version": script_version(script, catalog)} if versioned else {}
    return {
        **version,
        "channel": script.channel, "language": script.lang, "title": script.title,
        "marketing": script.marketing, "notes": list(script.notes), "opening": script.opening,
        "template": script.template,
        "sessions": [{"number": x.number, "steps": list(x.step_ids), "opening": x.opening,
                      "seconds": x.seconds} for x in script.sessions],
        "steps": steps, "closing": script.closing, "opt_out_confirmation": confirm,
        "non_answers": [{"reply": r.key, "code": r.code, "when": r.label}
                        for r in script.non_answers],
        "session_flags": [{"key": r.key, "code": r.code, "when": r.label}
                          for r in script.session_flags],
    }  # fmt: skip


def script_files(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """``scripts/<channel>_<lang>.txt`` (for people) and ``.json`` (for the sending system; for
    WhatsApp with the Cloud API bodies) for every conversational channel the plan asks in."""
    files: dict[str, bytes] = {}
    for script in channel_scripts(source, catalog, organisation):
        stem = f"scripts/{script.channel}_{script.lang}"
        files[f"{stem}.txt"] = script_text(script, catalog).encode("utf-8")
        document = script_json(script, catalog)
        files[f"{stem}.json"] = json.dumps(document, ensure_ascii=False, indent=2).encode()
    return files
