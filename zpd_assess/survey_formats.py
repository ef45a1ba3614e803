"""The plan's surveys for two hosted survey tools: Formbricks and Typeform.

Built from the same questions as the SurveyJS and XLSForm surveys
(:func:`surveys.channel_questions`: the plan's order, wording, answer codes, purpose notice,
consent and follow-ups).

- **Formbricks** (the survey as the Management API's ``POST /api/v1/management/surveys`` body takes
  it, question-based): texts are i18n strings ``{"default": English, "he": Hebrew}``; a choice's
  ``id`` is the answer code; the purpose notice (and what the customer gets) is the question's
  ``subheader``; a question of special sensitivity comes after a ``consent`` question
  (``<id>__consent``: the question's wording as its headline, the notice and the consent box);
  "other (specify)" is an ``openText`` question ``<id>__specify`` after it. The survey's
  ``languages`` is left empty: the project's Hebrew language (code ``he``) has ids only the
  Formbricks instance knows; add it to the survey there and the Hebrew texts are in place.
- **Typeform** (the Create API's ``POST https://api.typeform.com/forms`` body): one form per
  channel *and language* (a typeform has one language); a choice's ``ref`` is the answer code; the
  notice is the field's ``description``; consent is a ``legal`` field; "other (specify)" a
  ``short_text`` field.

Skip logic is written as jumps, the only form both tools have: a follow-up, a consent-gated
question and an "other" detail are skipped by jumps from the element before them. The jumps of
one element are ordered and the first that holds is taken (both tools evaluate them in order):
from the end of one question, to the first later question whose condition holds (a question
without one ends the search), else to the end.

Not expressible in either tool: options that exclude the others (no exclusive choice in a
multiple-select question; the answer codes still say which) and a month-and-year answer (their
date questions ask a whole day: the month and year are asked as text, ``MM/YYYY``).
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .assess import Assessment
from .catalog import Catalog
from .planning.model import Plan
from .surveys import (
    CONSENT_SUFFIX,
    LANGUAGES,
    SPECIFY_SUFFIX,
    SurveyExportError,
    SurveyQuestion,
    _organisation,
    _title,
    channel_questions,
    survey_texts,
    with_merge_fields,
)

#: The end of every survey (a Formbricks ending card id, a Typeform thank-you screen ref).
END = "zpdend"
#: The placeholder of a month-and-year answer asked as text.
MONTH_YEAR = "MM/YYYY"
#: Typeform's form languages of our two (settings.language).
TYPEFORM_LANGUAGES = {"en": "en", "he": "he"}


# --- conditions (format-free) ------------------------------------------------------------------


@dataclass(frozen=True)
class Cond:
    """A condition on an earlier element's answer.

    kind: ``in`` (the answer is one of ``codes``; for a multiple choice, holds one of them),
    ``accepted`` (a consent element is accepted), ``never``. ``negate`` turns it round."""

    kind: str
    element: str
    codes: tuple[str, ...] = ()
    multiple: bool = False
    all_codes: tuple[str, ...] = ()  # every code of the element (to say "not one of")
    negate: bool = False

    def inverse(self) -> Cond:
        return Cond(
            self.kind, self.element, self.codes, self.multiple, self.all_codes, not self.negate
        )


@dataclass(frozen=True)
class Rule:
    """Jump to ``target`` when every condition of ``when`` holds (all of an empty one)."""

    when: tuple[Cond, ...]
    target: str


@dataclass
class Unit:
    """One planned question as elements: [consent], the question, [its "other" detail]."""

    question: SurveyQuestion
    condition: Cond | None  # asked only when it holds (a follow-up); None: asked of everyone

    @property
    def first(self) -> str:
        q = self.question
        return q.question_id + CONSENT_SUFFIX if q.own_consent else q.question_id


def _units(questions: Sequence[SurveyQuestion]) -> list[Unit]:
    by_id = {q.question_id: q for q in questions}
    units = []
    for q in questions:
        condition = None
        if q.screener:
            s = by_id[q.screener]
            codes = s.codes if q.ask_codes is None else q.ask_codes
            if not codes and q.ask_codes is None:
                condition = None  # a screener without codes: asked of everyone who gets here
            elif not codes:
                condition = Cond("never", s.question_id)
            else:
                condition = Cond("in", s.question_id, tuple(codes), s.multiple, s.codes)
        units.append(Unit(q, condition))
    return units


def _advance(
    units: Sequence[Unit], start: int, given: tuple[Cond, ...] = (), asked: int | None = None
) -> list[Rule]:
    """Rules that go on to the first unit from ``start`` whose condition holds, else the end.
    Only the questions of the first ``asked`` units (all before ``start`` by default) have been
    asked: a condition on another one does not hold (its question went unanswered)."""
    known = {u.question.question_id for u in units[: start if asked is None else asked]}
    rules: list[Rule] = []
    failed: list[Cond] = []
    for unit in units[start:]:
        if unit.condition is None:
            rules.append(Rule(given + tuple(failed), unit.first))
            return rules
        if unit.condition.kind == "never" or unit.condition.element not in known:
            continue
        rules.append(Rule(given + tuple(failed) + (unit.condition,), unit.first))
        failed.append(unit.condition.inverse())
    rules.append(Rule(given + tuple(failed), END))
    return rules


@dataclass
class Element:
    """One element of a survey in the tools' terms, with the jumps taken when it is left."""

    kind: str  # consent, question, specify
    name: str
    question: SurveyQuestion
    rules: list[Rule]  # in order; an empty ``when`` always holds


def _elements(questions: Sequence[SurveyQuestion]) -> list[Element]:
    units = _units(questions)
    out: list[Element] = []
    for i, unit in enumerate(units):
        q = unit.question
        after = _advance(units, i + 1)
        # the natural way on is the next element: a rule is needed only when it may be skipped
        natural = [] if len(after) == 1 and i + 1 < len(units) and not after[0].when else after
        if q.own_consent:
            consent = q.question_id + CONSENT_SUFFIX
            skipped = (Cond("accepted", consent, negate=True),)
            out.append(Element("consent", consent, q, _advance(units, i + 1, skipped, i)))
        if q.other:
            not_other = (Cond("in", q.question_id, (q.other,), q.multiple, q.codes, negate=True),)
            out.append(Element("question", q.question_id, q, _advance(units, i + 1, not_other)))
            out.append(Element("specify", q.question_id + SPECIFY_SUFFIX, q, natural))
        else:
            out.append(Element("question", q.question_id, q, natural))
    return out


def _id(*parts: str) -> str:
    """A stable id in Formbricks' cuid2 form (lower-case letters and digits, a letter first)."""
    return "z" + hashlib.sha256("/".join(parts).encode()).hexdigest()[:23]


def _questions(source: Assessment | Plan, catalog: Catalog, channel: str) -> list[SurveyQuestion]:
    questions = channel_questions(source, catalog, channel)
    if not questions:
        raise SurveyExportError(f"The plan asks no question in {channel}; nothing to write.")
    return questions


def _subheader(q: SurveyQuestion, lang: str, notice: bool = True) -> str:
    parts = [q.hint[lang], q.notice[lang] if notice and not q.own_consent else ""]
    return "\n\n".join(p for p in parts if p)


# --- Formbricks --------------------------------------------------------------------------------


def _i18n(texts: Mapping[str, str]) -> dict[str, str]:
    out = {"default": texts["en"]}
    if texts.get("he"):
        out["he"] = texts["he"]
    return out


def _fb_condition(cond: Cond, key: str) -> dict[str, Any]:
    left = {"type": "question", "value": cond.element}

    def single(operator: str, value: Any = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": _id(key, operator, str(value)),
            "leftOperand": left,
            "operator": operator,
        }
        if value is not None:
            out["rightOperand"] = {"type": "static", "value": value}
        return out

    if cond.kind == "accepted":
        return single("isSkipped" if cond.negate else "isAccepted")
    codes = list(cond.codes)
    if not cond.negate:
        if cond.multiple:
            return single("includesOneOf", codes)
        return single("equalsOneOf", codes) if len(codes) > 1 else single("equals", codes[0])
    # not one of them: skipped, or (single) another answer / (multiple) none of them held
    others = [c for c in cond.all_codes if c not in cond.codes]
    alternatives = [single("isSkipped")]
    if cond.multiple:
        alternatives.append(single("doesNotIncludeOneOf", codes))
    elif others:
        alternatives.append(
            single("equalsOneOf", others) if len(others) > 1 else single("equals", others[0])
        )
    return {"id": _id(key, "or"), "connector": "or", "conditions": alternatives}


def _fb_logic(element: Element) -> tuple[list[dict[str, Any]], str | None]:
    """Formbricks ``logic`` items and ``logicFallback`` of an element."""
    logic, fallback = [], None
    for n, rule in enumerate(element.rules):
        if not rule.when:
            fallback = rule.target
            break
        key = f"{element.name}/{n}"
        logic.append(
            {
                "id": _id(key),
                "conditions": {
                    "id": _id(key, "and"),
                    "connector": "and",
                    "conditions": [_fb_condition(c, f"{key}/{m}") for m, c in enumerate(rule.when)],
                },
                "actions": [
                    {"id": _id(key, "jump"), "objective": "jumpToQuestion", "target": rule.target}
                ],
            }
        )
    return logic, fallback


def _formbricks_shuffle(q: SurveyQuestion) -> str:
    """Formbricks shuffles all choices, or all but the last: a list that keeps more than its
    last option in place stays in order."""
    if not q.randomise:
        return "none"
    if not q.anchored:
        return "all"
    return "exceptLast" if q.anchored == (q.codes[-1],) else "none"


def _fb_element(element: Element, texts: Mapping[str, Mapping[str, str]]) -> dict[str, Any]:
    q = element.question
    out: dict[str, Any] = {"id": element.name}
    if element.kind == "consent":
        out.update(
            type="consent",
            headline=_i18n(q.text),
            label=_i18n(texts["consent_many" if q.covers else "consent"]),
            html=_i18n(
                {lang: f"<p>{html.escape(q.notice[lang], quote=False)}</p>" for lang in LANGUAGES}
            ),
        )
    elif element.kind == "specify":
        out.update(type="openText", headline=_i18n(texts["specify"]), inputType="text")
    else:
        out["headline"] = _i18n(q.text)
        sub = {lang: _subheader(q, lang) for lang in LANGUAGES}
        if sub["en"]:
            out["subheader"] = _i18n(sub)
        if q.codes:
            out["type"] = "multipleChoiceMulti" if q.multiple else "multipleChoiceSingle"
            out["choices"] = [
                {"id": code, "label": _i18n({lang: q.options[lang][i] for lang in LANGUAGES})}
                for i, code in enumerate(q.codes)
            ]
            out["shuffleOption"] = _formbricks_shuffle(q)
        elif q.answer_type == "number":
            out.update(type="openText", inputType="number")
        elif q.answer_type == "date":
            out.update(
                type="openText",
                inputType="text",
                placeholder={"default": MONTH_YEAR, "he": MONTH_YEAR},
            )
        else:
            out.update(type="openText", inputType="text", longAnswer=True)
    out["required"] = False
    logic, fallback = _fb_logic(element)
    if logic:
        out["logic"] = logic
    if fallback:
        out["logicFallback"] = fallback
    return out


def formbricks_survey(
    source: Assessment | Plan,
    catalog: Catalog,
    channel: str,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The Formbricks survey of the plan's questions in ``channel`` (a Management API body; add
    ``environmentId`` for the environment it goes to)."""
    questions, fields = with_merge_fields(_questions(source, catalog, channel), catalog,
                                          "formbricks")  # fmt: skip
    elements = _elements(questions)
    texts = survey_texts(catalog)
    title = _title(catalog, channel, _organisation(source, organisation))
    thanks = {lang: catalog.text("survey.thanks", lang) for lang in LANGUAGES}
    return {
        "name": title["en"],
        "type": "link",
        "status": "draft",
        "displayOption": "displayOnce",
        "autoClose": None,
        "delay": 0,
        "recontactDays": None,
        "displayLimit": None,
        "welcomeCard": {"enabled": False, "timeToFinish": False, "showResponseCount": False},
        "questions": [_fb_element(e, texts) for e in elements],
        "endings": [{"id": END, "type": "endScreen", "headline": _i18n(thanks)}],
        "hiddenFields": {"enabled": bool(fields), "fieldIds": list(fields)},
        "variables": [],
        "languages": [],
        "showLanguageSwitch": None,
        "isBackButtonHidden": False,
    }


# --- Typeform ----------------------------------------------------------------------------------


def _tf_condition(cond: Cond) -> dict[str, Any]:
    field = {"type": "field", "value": cond.element}
    if cond.kind == "accepted":
        return {
            "op": "is_not" if cond.negate else "is",
            "vars": [field, {"type": "constant", "value": True}],
        }
    parts = [
        {
            "op": "is_not" if cond.negate else "is",
            "vars": [field, {"type": "choice", "value": code}],
        }
        for code in cond.codes
    ]
    if len(parts) == 1:
        return parts[0]
    return {"op": "and" if cond.negate else "or", "vars": parts}


def _tf_logic(element: Element) -> dict[str, Any] | None:
    actions = []
    for rule in element.rules:
        conditions = [_tf_condition(c) for c in rule.when]
        if not conditions:
            condition: dict[str, Any] = {"op": "always", "vars": []}
        elif len(conditions) == 1:
            condition = conditions[0]
        else:
            condition = {"op": "and", "vars": conditions}
        to = (
            {"type": "thankyou", "value": END}
            if rule.target == END
            else {"type": "field", "value": rule.target}
        )
        actions.append({"action": "jump", "details": {"to": to}, "condition": condition})
        if not rule.when:
            break
    return {"type": "field", "ref": element.name, "actions": actions} if actions else None


def _tf_field(
    element: Element, texts: Mapping[str, Mapping[str, str]], lang: str
) -> dict[str, Any]:
    q = element.question
    if element.kind == "consent":
        agree = texts["consent_many" if q.covers else "consent"][lang]
        return {
            "ref": element.name,
            "type": "legal",
            "title": f"{q.notice[lang]}\n\n{agree}".strip(),
            "validations": {"required": False},
        }
    if element.kind == "specify":
        return {
            "ref": element.name,
            "type": "short_text",
            "title": texts["specify"][lang],
            "validations": {"required": False},
        }
    field: dict[str, Any] = {"ref": q.question_id, "title": q.text[lang]}
    properties: dict[str, Any] = {}
    description = _subheader(q, lang)
    if description:
        properties["description"] = description
    validations: dict[str, Any] = {"required": False}
    if q.codes:
        field["type"] = "multiple_choice"
        properties["choices"] = [
            {"ref": code, "label": q.options[lang][i]} for i, code in enumerate(q.codes)
        ]
        properties["allow_multiple_selection"] = q.multiple
        properties["randomize"] = q.randomise and not q.anchored  # all choices or none
        properties["vertical_alignment"] = True
    elif q.answer_type == "number":
        field["type"] = "number"
        validations["min_value"] = 0
    elif q.answer_type == "date":
        field["type"] = "short_text"
        properties["description"] = f"{description}\n\n{MONTH_YEAR}".strip()
    else:
        field["type"] = "long_text"
    field["properties"] = properties
    field["validations"] = validations
    return field


def typeform_form(
    source: Assessment | Plan,
    catalog: Catalog,
    channel: str,
    lang: str,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The Typeform Create API body of the plan's questions in ``channel``, in ``lang``."""
    if lang not in LANGUAGES:
        raise SurveyExportError(
            f"Language {lang!r}: the surveys are written in {' and '.join(LANGUAGES)}."
        )
    questions, fields = with_merge_fields(_questions(source, catalog, channel), catalog,
                                          "typeform")  # fmt: skip
    elements = _elements(questions)
    texts = survey_texts(catalog)
    org = _organisation(source, organisation)
    logic = [rule for e in elements if (rule := _tf_logic(e))]
    return {
        "title": _title(catalog, channel, org)[lang],
        "settings": {
            "language": TYPEFORM_LANGUAGES[lang],
            "is_public": False,
            "progress_bar": "proportion",
            "show_progress_bar": True,
        },
        "fields": [_tf_field(e, texts, lang) for e in elements],
        "thankyou_screens": [{"ref": END, "title": catalog.text("survey.thanks", lang)}],
        "logic": logic,
        "hidden": list(fields),
    }
