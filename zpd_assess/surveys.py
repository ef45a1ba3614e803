"""The plan as surveys that run: one survey per channel, in the plan's asking order and wording.

Four formats, all bilingual (English and Hebrew) with the answers recorded as the bank's codes
(the same in every language), never as labels:

- **SurveyJS JSON** (the form library's survey definition): every text is a localisable string
  ``{"default": English, "he": Hebrew}`` (SurveyJS shows Hebrew right to left when the survey's
  ``locale`` is ``he``); choices carry the codes as values; options that exclude the others are
  ``isExclusive`` checkbox items; a follow-up has a ``visibleIf`` on its screener's answer; an
  "other (specify)" option opens a text box; the purpose notice is an ``html`` element just before
  its question; nothing is required.
- **XLSForm** (the ODK spreadsheet standard, read by ODK, KoboToolbox, SurveyCTO, Ona): sheets
  ``survey``, ``choices`` and ``settings``; ``label::English (en)`` and ``label::Hebrew (he)``
  columns; ``select_one`` / ``select_multiple`` with a choice list per question (``or_other`` is
  not used: "other" is a coded option with a ``text`` row for the detail); ``relevant`` for
  follow-ups; a ``constraint`` for exclusive options; a ``note`` row with the purpose notice
  before each question.

A question of special sensitivity (health, financial activity, beliefs, origin, location...:
Amendment 13's list and GDPR Art. 9) is asked only after the customer ticks a consent box below
its notice, as its notice promises (``<id>__consent``: a SurveyJS boolean, ``true`` when given; an
XLSForm ``acknowledge``, ``OK`` when given). One subject, one consent: a special follow-up of a
special question asked before it in the same survey is covered by that question's consent, which
says so (the scripts' rule; panel round 55: "one explicit-consent screen for each chain, instead
of one gate per question"); its own notice is still shown before it, and it may be skipped.
Unrelated subjects keep a consent each: an explicit consent is given per purpose.

An answer that feeds offers may be used for them only with the customer's consent to marketing
messages (Communications Law s. 30A; every such notice says "only if you have agreed"). A SurveyJS
survey that asks such a question ends with an unticked opt-in (``zpd__marketing_opt_in``: the
channels the customer chooses, none by default), shown once one of those questions is answered
and only where the host has not set the variable ``marketing_consent_on_file`` to ``true``
(``survey.setVariable``); record what is ticked with the consent records. SMS and WhatsApp carry
advertising only to customers who agreed already: no opt-in there.

A question whose offer promises a contact the customer may ask for ("a retention banker calls
you") is followed by its contact request (``<id>__contact``: a yes/no, ``yes`` when asked for),
shown only after the answers that lead to it: a contact the customer asks for, about this only,
does not wait for his consent to marketing messages (his request is the consent to it).

A follow-up (``follows``) is asked only once its screener has an answer, and not when that answer
is only codes of its ``skip_if`` (``q_future_plans_01:no``: not asked after "no"). The bank's date
questions ask a month and year only (minimisation), so a date is asked as month and year.

Every function is pure: an assessment (or its plan) and the catalog in, a dict or bytes out.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import json
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from openpyxl import Workbook

from . import merge_fields
from .assess import Assessment
from .catalog import YES_NO_CODES, Catalog, contact_answers
from .notices import feeds_offers
from .planning.model import Plan
from .workbook import put, reproducible, stored

#: The export formats of this module (``zpd-assess export --format``).
FORMATS = ("surveyjs", "xlsform", "formbricks", "typeform")
LANGUAGES = ("en", "he")
#: XLSForm's language names (``label::English (en)``: a name and the IETF subtag).
XLSFORM_LANGUAGES = {"en": "English (en)", "he": "Hebrew (he)"}
#: The few texts a running survey shows that the bank does not hold (in templates/labels.csv).
SURVEY_TEXT_KEYS = ("specify", "consent", "consent_many", "exclusive")


def survey_texts(catalog: Catalog) -> dict[str, dict[str, str]]:
    """``{"consent": {"en": ..., "he": ...}, ...}``: labels ``survey.<name>``."""
    return {k: {lang: catalog.text(f"survey.{k}", lang) for lang in LANGUAGES}
            for k in SURVEY_TEXT_KEYS}  # fmt: skip


#: Suffixes of the elements that go with a question (its notice and its "other" detail).
NOTICE_SUFFIX = "__notice"
SPECIFY_SUFFIX = "__specify"
CONSENT_SUFFIX = "__consent"
#: The contact request after a question (``catalog.ContactRequest``).
CONTACT_SUFFIX = "__contact"
#: The marketing opt-in at the end of a survey whose answers feed offers (SurveyJS).
OPT_IN_SUFFIX = "__marketing_opt_in"
MARKETING_OPT_IN = "zpd" + OPT_IN_SUFFIX
#: The SurveyJS variable the host sets to ``true`` when the customer's marketing consent is on file.
CONSENT_ON_FILE = "marketing_consent_on_file"
#: The channels the opt-in offers, as codes (labels ``survey.opt_in_<code>``).
OPT_IN_CHANNELS = ("in_app", "sms", "whatsapp", "email")
#: Channels that may carry advertising only to customers who agreed already: no opt-in there.
NEEDS_CONSENT_TO_SEND = ("sms", "whatsapp")
#: The value ODK records for a ticked ``acknowledge`` (the XLSForm consent row).
ODK_ACKNOWLEDGED = "OK"
#: The purpose notice's paragraph: smaller and quieter than the question it explains.
NOTICE_OPEN = '<p class="zpd-notice" style="font-size:0.85em;color:#555;margin:0">'
_PARTS = (NOTICE_SUFFIX, SPECIFY_SUFFIX, CONSENT_SUFFIX, OPT_IN_SUFFIX, CONTACT_SUFFIX)
_CHOICE_TYPES = ("single_choice", "multi_choice", "scale", "yes_no")
_LISTS = ("single_choice", "multi_choice")  # the choice types whose options may shuffle
_NAME = re.compile(r"[^A-Za-z0-9_]+")


class SurveyExportError(ValueError):
    """A plan that cannot be written as a survey (the message says what to change)."""


@dataclass(frozen=True)
class SurveyQuestion:
    """One planned question as a survey asks it."""

    question_id: str
    answer_type: str  # single_choice, multi_choice, scale, yes_no, number, date, free_text
    text: dict[str, str]  # language -> wording
    hint: dict[str, str]  # language -> what the customer gets for answering
    notice: dict[str, str]  # language -> the purpose notice
    codes: tuple[str, ...]  # answer codes (empty for number, date and free text)
    options: dict[str, tuple[str, ...]]  # language -> option labels, one per code
    exclusive: tuple[str, ...]  # codes that exclude the others (multi_choice)
    other: str  # the "other (specify)" code, or ""
    randomise: bool
    screener: str  # the question it follows when the screener is in the same survey, else ""
    ask_codes: tuple[str, ...] | None  # screener answers that lead to it; None: any answer
    consent: bool  # special sensitivity: asked only after the customer's explicit consent
    #: the question whose answer this contact request follows ("" for a question of the plan)
    contact_for: str = ""
    #: the question whose consent covers this one (a special follow-up of the same subject);
    #: "" where it asks its own, or needs none
    covered_by: str = ""
    #: the questions this one's consent covers besides itself
    covers: tuple[str, ...] = ()
    #: codes that keep their place at the end when the options shuffle (none, other, prefer not
    #: to say); a format that cannot hold them there keeps the whole list in order
    anchored: tuple[str, ...] = ()

    @property
    def own_consent(self) -> bool:
        """Asked only after a consent of its own (shown with it), not its screener's."""
        return self.consent and not self.covered_by

    @property
    def multiple(self) -> bool:
        return self.answer_type == "multi_choice"


def _plan(source: Assessment | Plan) -> Plan:
    return source.plan if isinstance(source, Assessment) else source


def _items(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _word(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _both(row: Mapping[str, Any], field: str) -> dict[str, str]:
    """A text field in both languages, each falling back to the other when missing."""
    en, he = _word(row.get(f"{field}_en")), _word(row.get(f"{field}_he"))
    return {"en": en or he, "he": he or en}


def survey_channels(source: Assessment | Plan) -> list[str]:
    """The channels the plan asks questions in, in the plan's channel order."""
    channels = _plan(source).channels
    return [str(c) for c, ids in zip(channels.index, channels["question_ids"], strict=True)
            if len(ids)]  # fmt: skip


def channel_questions(
    source: Assessment | Plan, catalog: Catalog, channel: str
) -> list[SurveyQuestion]:
    """The questions the plan asks in ``channel``, in the channel's asking order."""
    plan = _plan(source)
    if channel not in plan.channels.index:
        known = ", ".join(map(str, plan.channels.index)) or "none"
        raise SurveyExportError(
            f"Channel {channel!r} is not one of this plan's channels ({known}); choose one of "
            "them or switch the channel on in the engagement."
        )
    ids = list(_items(plan.channels.at[channel, "question_ids"]))
    frame = plan.questions
    missing = [q for q in ids if q not in frame.index]
    if missing:
        raise SurveyExportError(
            f"The plan's channel {channel} names questions it does not hold "
            f"({', '.join(missing)}); run the assessment again."
        )
    rows: dict[str, dict[str, Any]] = {q: dict(frame.loc[q]) for q in ids}
    # a question asked here again (itself, or a near-duplicate written for this channel) shows
    # the notice as read here
    asked_again = asked_again_in(plan, channel)
    for q, row in rows.items():
        own = bool(row.get("in_plan")) and row.get("channel") == channel
        if q in asked_again and not own:
            row.update({k: asked_again[q][k] for k in ("purpose_en", "purpose_he")})
    asked: set[str] = set()
    out = []
    fixed_order = catalog.keeps_option_order(channel)
    for qid in ids:
        question = _survey_question(rows[qid], rows, asked, catalog)
        if fixed_order:  # a settings page or a checkout step lists the options as written
            question = replace(question, randomise=False)
        out.append(question)
        asked.add(qid)
        request = _contact_request(rows[qid], question, catalog)
        if request is not None:
            out.append(request)
    return _consent_covers(_contacts_left_to_follow_ups(out))


def with_merge_fields(
    questions: Sequence[SurveyQuestion], catalog: Catalog, style: str
) -> tuple[list[SurveyQuestion], tuple[str, ...]]:
    """``questions`` with each merge field written as the survey tool ``style`` writes a value the
    sender sets (:mod:`merge_fields`), and the fields used, in order: the hidden fields the survey
    declares."""
    used: list[str] = []
    out = []
    for q in questions:

        def both(texts: Mapping[str, str]) -> dict[str, str]:
            for lang in LANGUAGES:
                used.extend(f for f in merge_fields.fields_in(catalog, texts[lang], lang)
                            if f not in used)  # fmt: skip
            return {lang: merge_fields.fill(catalog, texts[lang], lang, style)
                    for lang in LANGUAGES}  # fmt: skip

        labels = [both({"en": en, "he": he})
                  for en, he in zip(q.options["en"], q.options["he"], strict=True)]  # fmt: skip
        options = {lang: tuple(pair[lang] for pair in labels) for lang in LANGUAGES}
        out.append(replace(q, text=both(q.text), hint=both(q.hint), notice=both(q.notice),
                           options=options))  # fmt: skip
    return out, tuple(used)


def _contacts_left_to_follow_ups(questions: list[SurveyQuestion]) -> list[SurveyQuestion]:
    """A question's contact request is not asked after the answers that lead, in the same
    channel, to a follow-up with a contact request of its own: the customer is asked once, by
    the follow-up's request, the more specific. Where the follow-up is not asked (the channel has
    no room for it), the question's own request takes those answers too (round 69: the bank's
    "I intend to move my salary" answered to the agent or the IVR led to no contact at all)."""
    by_id = {q.question_id: q for q in questions}
    taken: dict[str, set[str] | None] = {}  # screener -> answers its follow-ups' requests take
    for q in questions:
        if q.contact_for or not q.screener or q.screener not in by_id:
            continue
        if q.question_id + CONTACT_SUFFIX not in by_id:
            continue
        so_far = taken.get(q.screener, set())
        if q.ask_codes is None or so_far is None:
            taken[q.screener] = None
        else:
            taken[q.screener] = so_far | set(q.ask_codes)
    out = []
    for q in questions:
        if not q.contact_for or q.contact_for not in taken:
            out.append(q)
            continue
        left_to = taken[q.contact_for]
        if left_to is None:
            continue  # every answer leads to a follow-up that asks for the contact itself
        asked_after = q.ask_codes if q.ask_codes is not None else by_id[q.contact_for].codes
        kept = tuple(c for c in asked_after if c not in left_to)
        if kept:
            out.append(replace(q, ask_codes=kept))
    return out


def _consent_covers(questions: list[SurveyQuestion]) -> list[SurveyQuestion]:
    """One subject, one consent: a special follow-up whose screener (asked before it here) is
    special, or covered, is covered by the consent of the chain's first question."""
    root: dict[str, str] = {}
    covered: dict[str, list[str]] = {}
    for q in questions:
        if not q.consent:
            continue
        top = root.get(q.screener, "") if q.screener else ""
        root[q.question_id] = top or q.question_id
        if top:
            covered.setdefault(top, []).append(q.question_id)
    return [
        replace(
            q,
            covered_by=r if (r := root.get(q.question_id, q.question_id)) != q.question_id else "",
            covers=tuple(covered.get(q.question_id, ())),
        )
        if q.consent
        else q
        for q in questions
    ]


def _contact_request(
    row: Mapping[str, Any], q: SurveyQuestion, catalog: Catalog
) -> SurveyQuestion | None:
    """The yes/no after ``q`` by which the customer asks for the contact its offer promises,
    asked after the answers the request names (else every answer but those that exclude the
    others and "prefer not to say"); None where the question has none."""
    ask = {lang: _word(row.get(f"contact_ask_{lang}")) for lang in LANGUAGES}
    if not ask["en"]:
        return None
    codes = contact_answers(q.codes, q.exclusive, _items(row.get("contact_answers")))
    yes = {lang: _word(row.get(f"contact_yes_{lang}")) for lang in LANGUAGES}
    no = {lang: catalog.text("survey.contact_no", lang) for lang in LANGUAGES}
    return SurveyQuestion(
        question_id=q.question_id + CONTACT_SUFFIX,
        answer_type="yes_no",
        text=ask,
        hint={lang: "" for lang in LANGUAGES},
        notice={lang: "" for lang in LANGUAGES},
        codes=YES_NO_CODES,
        options={lang: (yes[lang], no[lang]) for lang in LANGUAGES},
        exclusive=(),
        other="",
        randomise=False,
        screener=q.question_id,
        ask_codes=codes,
        consent=False,
        contact_for=q.question_id,
    )


def asked_again_in(plan: Plan, channel: str) -> dict[str, Mapping[str, Any]]:
    """The plan's second asks in ``channel`` (a planned question again, or the near-duplicate
    written for the channel), by the question asked: its numbers and notice as read there."""
    out: dict[str, Mapping[str, Any]] = {}
    frame = plan.questions
    if "repeats" in frame.columns:
        for qid, repeats in zip(frame.index, frame["repeats"], strict=True):
            for r in repeats if isinstance(repeats, list | tuple) else ():
                if r["channel"] == channel:
                    out[str(r.get("question_id", qid))] = r
    return out


def _survey_question(
    row: dict[str, Any], rows: Mapping[str, dict[str, Any]], asked: set[str], catalog: Catalog
) -> SurveyQuestion:
    qid = str(row["question_id"])
    atype = str(row["answer_type"])
    codes = _items(row.get("option_codes"))
    options = {lang: _items(row.get(f"options_{lang}")) for lang in LANGUAGES}
    if atype == "yes_no" and not codes:
        codes = YES_NO_CODES
        options = {lang: tuple(_yes_no_label(catalog, c, lang) for c in codes)
                   for lang in LANGUAGES}  # fmt: skip
    if atype in _CHOICE_TYPES and not codes:
        atype = "free_text"  # a workshop idea without options: its answer is written out
    for lang in LANGUAGES:
        if len(options[lang]) != len(codes):
            other_lang = options["he" if lang == "en" else "en"]
            if len(other_lang) != len(codes):
                raise SurveyExportError(
                    f"Question {qid}: {len(codes)} answer code(s) but {len(options[lang])} "
                    f"option(s) in {lang}; give one option per code in options_en and options_he."
                )
            options[lang] = other_lang
    screener = _word(row.get("follows"))
    ask_codes: tuple[str, ...] | None = None
    if screener and screener in asked:
        skip = _word(row.get("skip_if"))
        if skip:
            skipped = {c.strip() for c in skip.partition(":")[2].split(";") if c.strip()}
            screener_codes = _screener_codes(rows[screener], catalog)
            ask_codes = tuple(c for c in screener_codes if c not in skipped)
    else:
        screener = ""  # not in this survey (or asked after it): asked of everyone here
    return SurveyQuestion(
        question_id=qid,
        answer_type=atype,
        text=_both(row, "text"),
        hint=_both(row, "value_exchange"),
        notice=_both(row, "purpose"),
        codes=codes,
        options=options,
        exclusive=tuple(c for c in _items(row.get("exclusive_options")) if c in codes),
        other=o if (o := _word(row.get("other_specify"))) in codes else "",
        randomise=bool(row.get("randomise")) and atype in _LISTS,
        anchored=tuple(c for c in _items(row.get("anchored_options")) if c in codes),
        screener=screener,
        ask_codes=ask_codes,
        consent=_word(row.get("sensitivity")) == "special"
        or bool(_word(row.get("sensitivity_category"))),
    )


def _screener_codes(row: Mapping[str, Any], catalog: Catalog) -> tuple[str, ...]:
    codes = _items(row.get("option_codes"))
    return codes or (YES_NO_CODES if row.get("answer_type") == "yes_no" else ())


def _yes_no_label(catalog: Catalog, code: str, lang: str) -> str:
    text = catalog.text(f"value.{code}", lang)
    return text[:1].upper() + text[1:]


def unlinked_follow_ups(source: Assessment | Plan) -> list[tuple[str, str, str]]:
    """Planned follow-ups whose screener is not asked before them in the same channel (each is
    then asked of everyone there): (question, screener, channel)."""
    plan = _plan(source)
    out = []
    for channel, ids in zip(plan.channels.index, plan.channels["question_ids"], strict=True):
        seen: set[str] = set()
        for qid in ids:
            known = qid in plan.questions.index
            follows = _word(plan.questions.at[qid, "follows"]) if known else ""
            if follows and follows not in seen:
                out.append((str(qid), follows, str(channel)))
            seen.add(str(qid))
    return out


# --- SurveyJS ----------------------------------------------------------------------------------


def _loc(texts: Mapping[str, str]) -> dict[str, str]:
    """A SurveyJS localisable string: English as the default, Hebrew under ``he``."""
    out = {"default": texts["en"]}
    if texts.get("he"):
        out["he"] = texts["he"]
    return out


def _js_list(codes: Iterable[str]) -> str:
    return "[" + ", ".join(json.dumps(c).replace('"', "'") for c in codes) + "]"


def _surveyjs_condition(q: SurveyQuestion) -> str | None:
    if not q.screener:
        return None
    if q.ask_codes is None:
        return f"{{{q.screener}}} notempty"
    if not q.ask_codes:
        return "false"
    return f"{{{q.screener}}} anyof {_js_list(q.ask_codes)}"


def _surveyjs_elements(q: SurveyQuestion, texts: Mapping[str, Mapping[str, str]]
                       ) -> list[dict[str, Any]]:  # fmt: skip
    condition = _surveyjs_condition(q)
    shown = {"visibleIf": condition} if condition else {}
    elements: list[dict[str, Any]] = []
    if q.notice["en"]:
        notice = {lang: f"{NOTICE_OPEN}{html.escape(q.notice[lang], quote=False)}</p>"
                  for lang in LANGUAGES}  # fmt: skip
        elements.append({"type": "html", "name": q.question_id + NOTICE_SUFFIX,
                         "html": _loc(notice), **shown})  # fmt: skip
    if q.own_consent:
        consent = q.question_id + CONSENT_SUFFIX
        label = texts["consent_many" if q.covers else "consent"]
        elements.append({"type": "boolean", "name": consent, "renderAs": "checkbox",
                         "title": _loc(label), "titleLocation": "hidden",
                         "label": _loc(label), "isRequired": False,
                         **shown})  # fmt: skip
        given = f"{{{consent}}} = true"
        shown = {"visibleIf": f"({condition}) and {given}" if condition else given}
    question: dict[str, Any] = {
        "name": q.question_id,
        "title": _loc(q.text),
        "isRequired": False,
        **shown,
    }
    if q.hint["en"]:
        question["description"] = _loc(q.hint)
    if q.codes:
        choices = []
        for i, code in enumerate(q.codes):
            item: dict[str, Any] = {
                "value": code,
                "text": _loc({lang: q.options[lang][i] for lang in LANGUAGES}),
            }
            if q.multiple and code in q.exclusive:
                item["isExclusive"] = True
            choices.append(item)
        question["type"] = "checkbox" if q.multiple else "radiogroup"
        question["choices"] = choices
        if q.randomise and not q.anchored:  # SurveyJS shuffles every choice or none
            question["choicesOrder"] = "random"
    elif q.answer_type == "number":
        question.update(type="text", inputType="number", min=0)
    elif q.answer_type == "date":
        question.update(type="text", inputType="month")
    else:
        question["type"] = "text"
    elements.append(question)
    if q.other:
        elements.append({
            "type": "text",
            "name": q.question_id + SPECIFY_SUFFIX,
            "title": _loc(texts["specify"]),
            "isRequired": False,
            "visibleIf": f"{{{q.question_id}}} anyof {_js_list([q.other])}",
        })  # fmt: skip
    return elements


def _surveyjs_opt_in(
    questions: Sequence[SurveyQuestion], catalog: Catalog, channel: str
) -> dict[str, Any]:
    """The unticked marketing opt-in after the questions whose answers feed offers ({} if none;
    none in SMS and WhatsApp, where an advertising message is sent only with consent given)."""
    marketing = [q.question_id for q in questions if feeds_offers(q.notice["en"], "en")]
    if not marketing or channel in NEEDS_CONSENT_TO_SEND:
        return {}
    answered = " or ".join(f"{{{qid}}} notempty" for qid in marketing)
    title = {lang: catalog.text("survey.marketing_opt_in", lang) for lang in LANGUAGES}
    return {
        "type": "checkbox",
        "name": MARKETING_OPT_IN,
        "title": _loc(title),
        "isRequired": False,
        "choices": [
            {"value": c,
             "text": _loc({lang: catalog.text(f"survey.opt_in_{c}", lang) for lang in LANGUAGES})}
            for c in OPT_IN_CHANNELS
        ],
        "visibleIf": f"{{{CONSENT_ON_FILE}}} != true and ({answered})",
    }  # fmt: skip


def _title(catalog: Catalog, channel: str, organisation: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for lang in LANGUAGES:
        label = str(catalog.channels.at[channel, f"label_{lang}"])
        name = organisation.get(lang) or organisation.get("en") or ""
        out[lang] = f"{name} — {label}" if name else label
    return out


def _organisation(
    source: Assessment | Plan, organisation: str | Mapping[str, str] | None
) -> dict[str, str]:
    """The organisation's name in both languages, each falling back to the other."""
    if isinstance(organisation, Mapping):
        en = str(organisation.get("en") or organisation.get("he") or "")
        return {"en": en, "he": str(organisation.get("he") or en)}
    name = organisation or (source.organisation if isinstance(source, Assessment) else "")
    return {lang: name for lang in LANGUAGES}


def surveyjs_survey(
    source: Assessment | Plan,
    catalog: Catalog,
    channel: str,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The SurveyJS survey definition of the plan's questions in ``channel``.

    Load it with ``new Survey.Model(json)``; set ``survey.locale = "he"`` for Hebrew (right to
    left once SurveyJS's Hebrew strings are loaded). ``survey.data`` holds the answer codes under
    the question ids (a multi_choice answer is a list of codes; ``<id>__specify`` the "other"
    detail)."""
    questions = channel_questions(source, catalog, channel)
    if not questions:
        raise SurveyExportError(f"The plan asks no question in {channel}; nothing to write.")
    questions, _fields = with_merge_fields(questions, catalog, "surveyjs")
    texts = survey_texts(catalog)
    elements = [e for q in questions for e in _surveyjs_elements(q, texts)]
    opt_in = _surveyjs_opt_in(questions, catalog, channel)
    if opt_in:
        elements.append(opt_in)
    return {
        "title": _loc(_title(catalog, channel, _organisation(source, organisation))),
        "showQuestionNumbers": "off",
        "clearInvisibleValues": "onHidden",
        "pages": [{"name": channel, "elements": elements}],
    }


def surveyjs_surveys(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    """One SurveyJS survey per channel the plan asks in (channel id -> survey)."""
    return {c: surveyjs_survey(source, catalog, c, organisation) for c in survey_channels(source)}


def survey_questions(survey: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A SurveyJS survey's planned questions (not the notices or the "other" details)."""
    return [e for page in survey.get("pages", []) for e in page.get("elements", [])
            if not str(e.get("name", "")).endswith(_PARTS)]  # fmt: skip


# --- XLSForm -----------------------------------------------------------------------------------


def _xpath_string(code: str) -> str:
    if "'" in code:
        raise SurveyExportError(f"Answer code {code!r} has a quote; codes are snake_case words.")
    return f"'{code}'"


def _xlsform_relevant(q: SurveyQuestion) -> str:
    if not q.screener:
        return ""
    if q.ask_codes is None:
        return f"${{{q.screener}}} != ''"
    if not q.ask_codes:
        return "false()"
    return " or ".join(f"selected(${{{q.screener}}}, {_xpath_string(c)})" for c in q.ask_codes)


def _xlsform_constraint(q: SurveyQuestion) -> str:
    if not (q.multiple and q.exclusive):
        return ""
    return " and ".join(f"(not(selected(., {_xpath_string(c)})) or count-selected(.) = 1)"
                        for c in q.exclusive)  # fmt: skip


def _form_id(organisation: Mapping[str, str], channel: str) -> str:
    base = _NAME.sub("_", (organisation.get("en") or "zpd").lower()).strip("_") or "zpd"
    name = f"{base}_{channel}"
    return name if name[0].isalpha() else f"zpd_{name}"


SURVEY_COLUMNS = (
    "type", "name",
    *(f"label::{XLSFORM_LANGUAGES[lang]}" for lang in LANGUAGES),
    *(f"hint::{XLSFORM_LANGUAGES[lang]}" for lang in LANGUAGES),
    "relevant", "required", "appearance", "constraint",
    *(f"constraint_message::{XLSFORM_LANGUAGES[lang]}" for lang in LANGUAGES),
    "parameters",
)  # fmt: skip
CHOICE_COLUMNS = ("list_name", "name", *(f"label::{XLSFORM_LANGUAGES[lang]}" for lang in LANGUAGES))
SETTINGS_COLUMNS = ("form_title", "form_id", "version", "default_language")


def xlsform_rows(
    source: Assessment | Plan,
    catalog: Catalog,
    channel: str,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, list[dict[str, str]]]:
    """The XLSForm of ``channel`` as rows per sheet (``survey``, ``choices``, ``settings``)."""
    questions = channel_questions(source, catalog, channel)
    if not questions:
        raise SurveyExportError(f"The plan asks no question in {channel}; nothing to write.")
    questions, fields = with_merge_fields(questions, catalog, "xlsform")
    org = _organisation(source, organisation)
    fixed = survey_texts(catalog)
    # a merge field is a hidden field the sender preloads (Enketo: ``d[/data/<name>]=…``)
    survey: list[dict[str, str]] = [{"type": "hidden", "name": f} for f in fields]
    choices: list[dict[str, str]] = []

    def labels(prefix: str, texts: Mapping[str, str]) -> dict[str, str]:
        return {f"{prefix}::{XLSFORM_LANGUAGES[lang]}": texts[lang] for lang in LANGUAGES}

    for q in questions:
        relevant = _xlsform_relevant(q)
        if q.notice["en"]:
            survey.append({"type": "note", "name": q.question_id + NOTICE_SUFFIX,
                           **labels("label", q.notice), "relevant": relevant})  # fmt: skip
        if q.own_consent:
            consent = q.question_id + CONSENT_SUFFIX
            label = fixed["consent_many" if q.covers else "consent"]
            survey.append({"type": "acknowledge", "name": consent,
                           **labels("label", label), "relevant": relevant,
                           "required": "no"})  # fmt: skip
            given = f"${{{consent}}} = '{ODK_ACKNOWLEDGED}'"
            relevant = f"({relevant}) and {given}" if relevant else given
        row = {"name": q.question_id, **labels("label", q.text), "relevant": relevant,
               "required": "no"}  # fmt: skip
        if q.hint["en"]:
            row.update(labels("hint", q.hint))
        if q.codes:
            kind = "select_multiple" if q.multiple else "select_one"
            row["type"] = f"{kind} {q.question_id}"
            for i, code in enumerate(q.codes):
                choices.append({"list_name": q.question_id, "name": code,
                                **labels("label", {lang: q.options[lang][i]
                                                   for lang in LANGUAGES})})  # fmt: skip
            if q.randomise and not q.anchored:  # ODK shuffles every choice or none
                row["parameters"] = "randomize=true"
            constraint = _xlsform_constraint(q)
            if constraint:
                row["constraint"] = constraint
                row.update(labels("constraint_message", fixed["exclusive"]))
        elif q.answer_type == "number":
            row["type"] = "integer"
            row["constraint"] = ". >= 0"
        elif q.answer_type == "date":
            row.update(type="date", appearance="month-year")
        else:
            row["type"] = "text"
        survey.append(row)
        if q.other:
            survey.append({"type": "text", "name": q.question_id + SPECIFY_SUFFIX,
                           **labels("label", fixed["specify"]), "required": "no",
                           "relevant": f"selected(${{{q.question_id}}}, "
                           f"{_xpath_string(q.other)})"})  # fmt: skip
    title = _title(catalog, channel, org)
    settings = [{"form_title": title["en"], "form_id": _form_id(org, channel), "version": "1",
                 "default_language": XLSFORM_LANGUAGES["en"]}]  # fmt: skip
    return {"survey": survey, "choices": choices, "settings": settings}


def _sheet(wb: Workbook, title: str, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    ws = wb.create_sheet(title)
    for c, name in enumerate(columns, start=1):
        put(ws, 1, c, name)
    for r, row in enumerate(rows, start=2):
        for c, name in enumerate(columns, start=1):
            if row.get(name):
                put(ws, r, c, row[name])


def xlsform(
    source: Assessment | Plan,
    catalog: Catalog,
    channel: str,
    organisation: str | Mapping[str, str] | None = None,
) -> bytes:
    """The XLSForm (.xlsx) of the plan's questions in ``channel``."""
    rows = xlsform_rows(source, catalog, channel, organisation)
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "survey", SURVEY_COLUMNS, rows["survey"])
    _sheet(wb, "choices", CHOICE_COLUMNS, rows["choices"])
    _sheet(wb, "settings", SETTINGS_COLUMNS, rows["settings"])
    # the same bytes for the same plan: openpyxl stamps the time of saving
    stamp = dt.datetime(2026, 1, 1)
    wb.properties.created = wb.properties.modified = stamp
    return reproducible(stored(wb), stamp)


def xlsforms(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """One XLSForm per channel the plan asks in (channel id -> .xlsx bytes)."""
    return {c: xlsform(source, catalog, c, organisation) for c in survey_channels(source)}


# --- bundles -----------------------------------------------------------------------------------


def _json_bytes(document: Mapping[str, Any]) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def survey_files(
    source: Assessment | Plan,
    catalog: Catalog,
    formats: Sequence[str] = FORMATS,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """The surveys as files: ``surveyjs/<channel>.json``, ``xlsform/<channel>.xlsx``,
    ``formbricks/<channel>.json`` and ``typeform/<channel>_<lang>.json`` (one per language)."""
    # survey_formats builds on this module's questions: imported here, not at the top
    from . import survey_formats

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise SurveyExportError(f"Unknown survey format(s) {', '.join(unknown)}; "
                                f"known: {', '.join(FORMATS)}")  # fmt: skip
    files: dict[str, bytes] = {}
    for channel in survey_channels(source):
        if "surveyjs" in formats:
            survey = surveyjs_survey(source, catalog, channel, organisation)
            files[f"surveyjs/{channel}.json"] = _json_bytes(survey)
        if "xlsform" in formats:
            files[f"xlsform/{channel}.xlsx"] = xlsform(source, catalog, channel, organisation)
        if "formbricks" in formats:
            survey = survey_formats.formbricks_survey(source, catalog, channel, organisation)
            files[f"formbricks/{channel}.json"] = _json_bytes(survey)
        if "typeform" in formats:
            for lang in LANGUAGES:
                form = survey_formats.typeform_form(source, catalog, channel, lang, organisation)
                files[f"typeform/{channel}_{lang}.json"] = _json_bytes(form)
    if not files and formats:
        raise SurveyExportError("The plan asks no questions in any channel: switch on a channel "
                                "or a use case in the engagement, then export.")  # fmt: skip
    return files


def surveys_zip(
    source: Assessment | Plan,
    catalog: Catalog,
    formats: Sequence[str] = FORMATS,
    organisation: str | Mapping[str, str] | None = None,
) -> bytes:
    """One zip with a file per channel and format (see :func:`survey_files`)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in survey_files(source, catalog, formats, organisation).items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()
