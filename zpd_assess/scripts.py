"""The plan's conversational channels as scripts: SMS, WhatsApp, the IVR and the agent's question.

A web form shows its options and a checkbox; a conversation has to say how to answer. For each
conversational channel the plan asks in, and for each language, this module writes what the
customer reads or hears and what the operator records, in the plan's asking order and wording
(:func:`surveys.channel_questions`):

- **SMS**: one message per question, the options numbered, an instruction to reply with one number
  (or with several, separated by commas, for a multiple choice; an option that excludes the others
  said to go alone; "other" followed by the customer's words); the segments each message takes
  (Hebrew is UCS-2: 70 characters alone, 67 a part). The first message names the organisation,
  how many questions follow and how to stop; where an answer feeds offers it opens with the word
  "Advertisement" (Communications Law s. 30A(e)).
- **WhatsApp**: the invitation as a template message (a business may start a conversation only with
  an approved template) with two quick replies, then each question as an interactive message of
  the Cloud API: reply buttons for up to three options (titles up to 20 characters), a list for up
  to ten (row titles up to 24, a longer option shortened with the whole of it as the row's
  description), numbered text for more, and for a multiple choice (WhatsApp has no multi-select).
  The row and button ids are the answer codes.
- **IVR**: what the recording says: the options as keys 1–9 ("press the star key to hear them
  again", "the hash key to skip"), a multiple choice as one yes/no per option, a date and a number
  keyed in, and the estimated speaking time against the channel's limit.
- **Agent**: what the agent says and asks, whether to read the options (a scale or a short list) or
  code the customer's words to one of them; "prefer not to say" and other answers that exclude the
  rest are accepted, never read.

The purpose notice is layered (:mod:`notices`): each question carries the sentence that says what
is asked and why; the notice's standard sentence (answering is a choice; the full notice) is said
once at the start when every question shares it, else with each question. A question of special
sensitivity is asked only after the customer agrees (a separate step before it). A follow-up says
after which answers it is asked. Every text is a label in ``templates/labels.csv`` (``script.*``)
in English and Hebrew. A question whose wording already says how to answer (``press 1``,
``השיבו במספר אחד``) keeps it and gets no second instruction; its keys are the option's place in
the list unless ``templates/script_keys.csv`` gives them.

Every function is pure: the plan and the catalog in, dataclasses, dicts or bytes out.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .assess import Assessment
from .catalog import Catalog
from .notices import CONSENT_LINE, TAIL_PRIVACY, notice_layers
from .planning.model import Plan
from .planning.pairs import sms_segments
from .surveys import LANGUAGES, SurveyQuestion, _organisation, channel_questions, survey_channels

#: The conversational channels this module writes scripts for, in this order.
CHANNELS = ("sms", "whatsapp", "ivr_survey", "agent_question")
#: WhatsApp Cloud API limits on interactive messages (Meta's developer documentation,
#: "Interactive list messages" and "Interactive reply buttons messages").
WA_BODY_MAX = 1024
WA_BUTTONS_MAX = 3
WA_BUTTON_TITLE_MAX = 20
WA_LIST_ROWS_MAX = 10
WA_ROW_TITLE_MAX = 24
WA_ROW_DESCRIPTION_MAX = 72
#: A telephone keypad's answer keys (0 and the star and hash keys are kept for the script).
IVR_KEYS = tuple(str(k) for k in range(1, 10))
#: Where the full notice will be: the client puts its own short link in its place.
LINK_LENGTH = 23  # a short link's length, counted for the SMS segments
#: An agent reads a list of at most this many options aloud; a longer one is coded, not read.
AGENT_READ_MAX = 5

# A generic instruction a question's wording may end with; a conversation says its own instead.
_GENERIC_INSTRUCTION = {
    "en": re.compile(r"\s*Reply with one number\.\s*$"),
    "he": re.compile(r"\s*השיבו במספר אחד\.\s*$"),
}
# What marks a wording that names its own replies: keys (spoken) or numbers (written).
_OWN_KEYS = {"en": re.compile(r"\b[Pp]ress\b"), "he": re.compile(r"הקישו")}
_OWN_REPLIES = {"en": re.compile(r"\bReply\b"), "he": re.compile(r"השיבו")}
# The generic multiple-choice hint of a form, replaced in a conversation by the channel's own.
_CHOOSE_ALL = {"en": "(Choose all that apply.)", "he": "(אפשר לבחור כמה תשובות.)"}


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


@dataclass(frozen=True)
class ChannelScript:
    """A conversational channel's script in one language."""

    channel: str
    lang: str
    title: str
    opening: str
    steps: tuple[ScriptStep, ...]
    closing: str
    marketing: bool  # an answer feeds offers: an advertisement under s. 30A where electronic
    opening_segments: int = 0
    opening_seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)

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


def _sentence(text: str) -> str:
    """``text`` ending in a full stop (a value exchange is written without one)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?…:" else text + "."


def _words_per_second(catalog: Catalog, lang: str) -> float:
    return catalog.assumptions.number(f"speech.words_per_second_{lang}")


def spoken_seconds(text: str, catalog: Catalog, lang: str) -> float:
    """The time a recorded voice or an agent takes to say ``text`` (``speech.*`` assumptions)."""
    words = len(text.split())
    return round(words / _words_per_second(catalog, lang), 1)


def _sms_sizes(catalog: Catalog) -> dict[str, float]:
    return catalog.assumptions.group("sms")


def _segments(text: str, catalog: Catalog, lang: str) -> int:
    link = _t(catalog, "link", lang)
    # the placeholder stands for a short link of LINK_LENGTH characters
    measured = text.replace(link, "x" * LINK_LENGTH)
    return sms_segments(measured, _sms_sizes(catalog))


def _keys_table(catalog: Catalog) -> dict[str, dict[str, str]]:
    """``templates/script_keys.csv``: question -> code -> key, where the wording names its keys."""
    return {q: dict(keys) for q, keys in catalog.script_keys.items()}


def _join(items: Sequence[str], catalog: Catalog, lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_t(catalog, 'or', lang)} " + items[-1]


def _wording(q: SurveyQuestion, channel: str, lang: str) -> tuple[str, bool, bool]:
    """The question's wording for a conversation; whether it already says how to answer in this
    channel; whether it says so for another kind of channel (keys in a text, replies spoken)."""
    text = _GENERIC_INSTRUCTION[lang].sub("", q.text[lang].strip()).strip()
    if q.multiple:
        text = re.sub(r"\s*" + re.escape(_CHOOSE_ALL[lang]), "", text).strip()
    keys, replies = bool(_OWN_KEYS[lang].search(text)), bool(_OWN_REPLIES[lang].search(text))
    if channel == "ivr_survey":
        return text, keys, replies and not keys
    if channel in ("sms", "whatsapp"):
        return text, replies, keys and not replies
    return text, False, keys or replies


def _shorten(label: str, limit: int) -> str:
    """``label`` cut at a word to fit ``limit`` characters, ending in an ellipsis."""
    if len(label) <= limit:
        return label
    cut = label[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def _is_marketing(q: SurveyQuestion, lang: str) -> bool:
    from .notices import OFFERS_SENTENCE, SPECIAL_OFFERS_SENTENCE

    notice = q.notice[lang]
    return OFFERS_SENTENCE[lang] in notice or SPECIAL_OFFERS_SENTENCE[lang] in notice


# --- the parts every channel shares -------------------------------------------------------------


@dataclass(frozen=True)
class _Notice:
    said: str  # the sentence on what is asked and why (with the consent line first if special)
    tail: str  # the standard sentence (choice, recipients, the full notice)
    tail_key: str


def _notice(q: SurveyQuestion, catalog: Catalog, lang: str) -> _Notice:
    layers = notice_layers(q.notice[lang], lang, catalog)
    if not layers.first:
        return _Notice("", "", "")
    said = layers.purpose_sentence
    if layers.consent:
        said = f"{catalog.text(CONSENT_LINE, lang)} {said}"
    return _Notice(said, catalog.text(layers.tail_key, lang), layers.tail_key)


def _replies(q: SurveyQuestion, lang: str, keys: Mapping[str, str] | None = None) -> list[Reply]:
    out = []
    for n, (code, label) in enumerate(zip(q.codes, q.options[lang], strict=True), start=1):
        key = (keys or {}).get(code, str(n))
        alone = code in q.exclusive
        out.append(Reply(key=key, code=code, label=label, alone=alone, other=code == q.other))
    return out


def _asked_if(
    q: SurveyQuestion,
    numbers: Mapping[str, int],
    labels: Mapping[str, Mapping[str, str]],
    catalog: Catalog,
    lang: str,
) -> str:
    if not q.screener:
        return ""
    number = numbers[q.screener]
    if q.ask_codes is None:
        return _t(catalog, "asked_if_answered", lang, number=number)
    skipped = [c for c in labels[q.screener] if c not in q.ask_codes]
    if skipped and len(skipped) < len(q.ask_codes):
        named = [f"«{labels[q.screener][c]}»" for c in skipped]
        return _t(catalog, "asked_unless", lang, number=number,
                  answers=_join(named, catalog, lang))  # fmt: skip
    named = [f"«{labels[q.screener].get(c, c)}»" for c in q.ask_codes]
    return _t(catalog, "asked_if", lang, number=number, answers=_join(named, catalog, lang))


def _randomise_note(q: SurveyQuestion, catalog: Catalog, lang: str) -> tuple[str, ...]:
    return (_t(catalog, "note_randomise", lang),) if q.randomise else ()


# --- SMS ---------------------------------------------------------------------------------------


def _sms_instruction(q: SurveyQuestion, replies: Sequence[Reply], catalog: Catalog, lang: str,
                     ) -> str:  # fmt: skip
    kind = q.answer_type
    if kind == "number":
        return _t(catalog, "reply_number", lang)
    if kind == "date":
        return _t(catalog, "reply_date", lang)
    if kind == "free_text":
        return _t(catalog, "reply_text", lang)
    parts = [_t(catalog, "reply_many" if q.multiple else "reply_one", lang)]
    alone = [r.key for r in replies if r.alone]
    if q.multiple and alone:
        parts.append(_t(catalog, "reply_alone", lang, numbers=_join(alone, catalog, lang)))
    other = [r.key for r in replies if r.other]
    if other:
        parts.append(_t(catalog, "reply_other", lang, number=other[0]))
    return " ".join(parts)


def _numbered(replies: Sequence[Reply]) -> str:
    return "\n".join(f"{r.key}. {r.label}" for r in replies)


# --- IVR ---------------------------------------------------------------------------------------


def _ivr_prompt(q: SurveyQuestion, replies: Sequence[Reply], catalog: Catalog, lang: str,
                ) -> tuple[str, list[str]]:  # fmt: skip
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
        lines = [_t(catalog, "ivr_yes_no_option", lang, label=r.label) for r in replies
                 if not r.alone]  # fmt: skip
        notes.append(_t(catalog, "note_ivr_multiple", lang))
        return " ".join(lines), notes
    lines = [_t(catalog, "ivr_option", lang, label=r.label, digit=r.key) for r in replies]
    lines.append(_t(catalog, "ivr_repeat", lang))
    return " ".join(lines), notes


# --- WhatsApp ----------------------------------------------------------------------------------


def _wa_interactive(q: SurveyQuestion, body: str, replies: Sequence[Reply], catalog: Catalog,
                    lang: str) -> tuple[dict[str, Any] | None, list[str]]:  # fmt: skip
    """The Cloud API ``interactive`` object of a question, or None where it goes as text."""
    notes: list[str] = []
    if q.multiple or not replies:
        return None, notes
    if len(body) > WA_BODY_MAX:
        notes.append(_t(catalog, "note_wa_body", lang, length=len(body), limit=WA_BODY_MAX))
        return None, notes
    if len(replies) <= WA_BUTTONS_MAX and all(len(r.label) <= WA_BUTTON_TITLE_MAX for r in replies):
        buttons = [{"type": "reply", "reply": {"id": r.code, "title": r.label}} for r in replies]
        return {"type": "button", "body": {"text": body}, "action": {"buttons": buttons}}, notes
    if len(replies) > WA_LIST_ROWS_MAX:
        notes.append(_t(catalog, "note_wa_rows", lang, count=len(replies),
                        limit=WA_LIST_ROWS_MAX))  # fmt: skip
        return None, notes
    longest = max(len(r.label) for r in replies)
    if longest > WA_ROW_DESCRIPTION_MAX:
        notes.append(_t(catalog, "note_wa_long_option", lang, length=longest,
                        limit=WA_ROW_DESCRIPTION_MAX))  # fmt: skip
        return None, notes
    rows = []
    for r in replies:
        row: dict[str, Any] = {"id": r.code, "title": _shorten(r.label, WA_ROW_TITLE_MAX)}
        if row["title"] != r.label:
            row["description"] = r.label
        rows.append(row)
    action = {"button": _shorten(_t(catalog, "wa_choose", lang), WA_BUTTON_TITLE_MAX),
              "sections": [{"rows": rows}]}  # fmt: skip
    return {"type": "list", "body": {"text": body}, "action": action}, notes


# --- the script --------------------------------------------------------------------------------


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
    keys_table = _keys_table(catalog)
    notices = {q.question_id: _notice(q, catalog, lang) for q in questions}
    tails = {n.tail for n in notices.values() if n.tail}
    shared_tail = next(iter(tails)) if len(tails) == 1 else ""
    marketing = any(_is_marketing(q, lang) for q in questions)
    labels = {q.question_id: dict(zip(q.codes, q.options[lang], strict=True)) for q in questions}
    numbers = {q.question_id: n for n, q in enumerate(questions, start=1)}
    link = _t(catalog, "link", lang)
    steps: list[ScriptStep] = []
    for q in questions:
        number = numbers[q.question_id]
        notice = notices[q.question_id]
        wording, own, foreign = _wording(q, channel, lang)
        replies = _replies(q, lang, keys_table.get(q.question_id))
        asked_if = _asked_if(q, numbers, labels, catalog, lang)
        hint = _sentence(q.hint[lang])
        tail = "" if shared_tail else notice.tail
        notes = list(_randomise_note(q, catalog, lang))
        if foreign:
            notes.append(_t(catalog, "note_wording_channel", lang))
        if q.consent:
            steps.append(_consent_step(q, number, asked_if, notice.said, channel, catalog, lang))
            asked_if = _t(catalog, "asked_if_consent", lang)
        said = "" if q.consent else notice.said  # a consent step has said it
        if channel == "sms":
            instruction = "" if own else _sms_instruction(q, replies, catalog, lang)
            lines = [" ".join(p for p in (said, tail) if p), wording]
            if q.codes:
                lines.append(_numbered(replies))
            lines.append(instruction)
            text = "\n".join(line for line in lines if line)
            segments = _segments(text, catalog, lang)
            steps.append(ScriptStep(q.question_id, q.question_id, number, "question",
                                    q.answer_type, asked_if, text, tuple(replies), instruction,
                                    tuple(notes), segments=segments))  # fmt: skip
        elif channel == "whatsapp":
            instruction = "" if own else _sms_instruction(q, replies, catalog, lang)
            head = "\n\n".join(p for p in (" ".join(x for x in (said, tail) if x), hint) if p)
            body = "\n\n".join(p for p in (head, wording) if p)
            interactive, wa_notes = _wa_interactive(q, body, replies, catalog, lang)
            if interactive is None:
                text = "\n\n".join(p for p in (body, _numbered(replies), instruction) if p)
            else:
                instruction = ""
                text = body
            steps.append(ScriptStep(q.question_id, q.question_id, number, "question",
                                    q.answer_type, asked_if, text, tuple(replies), instruction,
                                    tuple(notes + wa_notes), interactive=interactive))  # fmt: skip
        elif channel == "ivr_survey":
            prompt, ivr_notes = ("", []) if own else _ivr_prompt(q, replies, catalog, lang)
            if own:
                prompt = _t(catalog, "ivr_repeat", lang)
            text = " ".join(p for p in (said, tail, wording, prompt) if p)
            steps.append(ScriptStep(q.question_id, q.question_id, number, "question",
                                    q.answer_type, asked_if, text, tuple(replies), prompt,
                                    tuple(notes + ivr_notes),
                                    seconds=spoken_seconds(text, catalog, lang)))  # fmt: skip
        else:  # agent_question
            steps.append(_agent_step(q, number, asked_if, said, tail, hint, wording, replies,
                                     notes, catalog, lang))  # fmt: skip
    opening, closing = _ends(channel, name, len(questions), shared_tail, marketing, link,
                             catalog, lang)  # fmt: skip
    script_notes: list[str] = []
    title = _t(catalog, "title", lang, channel=str(catalog.channels.at[channel, f"label_{lang}"]),
               organisation=name or "—")  # fmt: skip
    result = ChannelScript(
        channel=channel,
        lang=lang,
        title=title,
        opening=opening,
        steps=tuple(steps),
        closing=closing,
        marketing=marketing,
        opening_segments=_segments(opening, catalog, lang) if channel == "sms" else 0,
        opening_seconds=spoken_seconds(opening, catalog, lang)
        if channel in ("ivr_survey", "agent_question") else 0.0,
    )  # fmt: skip
    if channel in ("ivr_survey", "agent_question"):
        limit = float(str(catalog.channels.at[channel, "max_seconds"]))
        if result.seconds > limit:
            script_notes.append(_t(catalog, "note_long", lang, seconds=math.ceil(result.seconds),
                                   limit=int(limit)))  # fmt: skip
    if channel == "whatsapp":
        script_notes.append(_t(catalog, "note_wa_template", lang))
    if marketing and channel in ("sms", "whatsapp"):
        script_notes.append(_t(catalog, "note_advertisement", lang))
    return ChannelScript(**{**result.__dict__, "notes": tuple(script_notes)})


def _consent_step(q: SurveyQuestion, number: int, asked_if: str, said: str, channel: str,
                  catalog: Catalog, lang: str) -> ScriptStep:  # fmt: skip
    """The step that asks the customer's explicit consent before a question of special
    sensitivity: the notice's sentence, then agree (1) or skip (2)."""
    agree, skip = _t(catalog, "consent_agree", lang), _t(catalog, "consent_skip", lang)
    replies: tuple[Reply, ...] = (Reply("1", "accepted", agree), Reply("2", "declined", skip))
    if channel == "agent_question":
        replies = tuple(Reply("", r.code, r.label) for r in replies)
        text = _t(catalog, "agent_consent", lang, said=said)
        return ScriptStep(f"{q.question_id}__consent", q.question_id, number, "consent",
                          "consent", asked_if, text, replies, "",
                          (_t(catalog, "note_agent_consent", lang),),
                          seconds=spoken_seconds(text, catalog, lang))  # fmt: skip
    if channel == "ivr_survey":
        instruction = _t(catalog, "ivr_consent", lang)
        text = f"{said} {instruction}".strip()
        return ScriptStep(f"{q.question_id}__consent", q.question_id, number, "consent",
                          "consent", asked_if, text, replies, instruction,
                          seconds=spoken_seconds(text, catalog, lang))  # fmt: skip
    instruction = _t(catalog, "consent_reply", lang)
    interactive = None
    if channel == "whatsapp":
        buttons = [{"type": "reply", "reply": {"id": r.code, "title": r.label}} for r in replies]
        interactive = {"type": "button", "body": {"text": said}, "action": {"buttons": buttons}}
        text = said
        instruction = ""
    else:
        text = f"{said}\n{instruction}".strip()
    return ScriptStep(f"{q.question_id}__consent", q.question_id, number, "consent", "consent",
                      asked_if, text, replies, instruction,
                      segments=_segments(text, catalog, lang) if channel == "sms" else 0,
                      interactive=interactive)  # fmt: skip


def _agent_step(q: SurveyQuestion, number: int, asked_if: str, said: str, tail: str, hint: str,
                wording: str, replies: list[Reply], notes: list[str], catalog: Catalog,
                lang: str) -> ScriptStep:  # fmt: skip
    """The agent's step: what to say, what to ask, whether to read the options."""
    kind = q.answer_type
    read_all = kind in ("scale", "yes_no") or (
        kind in ("single_choice", "multi_choice") and len(replies) <= AGENT_READ_MAX
    )
    # an answer that excludes the rest ("prefer not to say", "none of these") is accepted when
    # the customer says it, never offered: reading it aloud invites it
    replies = [Reply("", r.code, r.label, read=read_all and not r.alone and
                     not r.code.startswith("prefer_not"), alone=r.alone, other=r.other)
               for r in replies]  # fmt: skip
    if kind in ("number", "date", "free_text"):
        instruction = _t(catalog, f"agent_{kind}", lang)
    elif read_all:
        instruction = _t(catalog, "agent_read_many" if q.multiple else "agent_read", lang)
    else:
        instruction = _t(catalog, "agent_code", lang)
    if any(r.other for r in replies):
        instruction += " " + _t(catalog, "agent_other", lang)
    # the notice's sentence says why; after a consent step has said it, what the customer gets
    opening = [said] if said else [hint]
    text = " ".join(p for p in (*opening, tail, wording) if p)
    spoken = [text, *(r.label for r in replies if r.read)]
    return ScriptStep(q.question_id, q.question_id, number, "question", kind, asked_if, text,
                      tuple(replies), instruction, tuple(notes),
                      seconds=spoken_seconds(" ".join(spoken), catalog, lang))  # fmt: skip


def _ends(channel: str, name: str, count: int, tail: str, marketing: bool, link: str,
          catalog: Catalog, lang: str) -> tuple[str, str]:  # fmt: skip
    """The opening and the closing of a script."""
    many = "many" if count > 1 else "one"
    notice = " ".join(p for p in (tail, link) if p)
    if tail == catalog.text(TAIL_PRIVACY, lang):
        notice = tail  # the privacy notice on the website is the full notice
    if channel == "sms":
        lines = [_t(catalog, f"sms_opening_{many}", lang, organisation=name, count=count),
                 notice, _t(catalog, "sms_stop", lang)]  # fmt: skip
        if marketing:
            lines = [_t(catalog, "advertisement", lang), *lines[:2], _t(catalog, "contact", lang),
                     lines[2]]  # fmt: skip
        return "\n".join(lines), _t(catalog, "sms_closing", lang)
    if channel == "whatsapp":
        lines = [_t(catalog, f"wa_opening_{many}", lang, organisation=name, count=count),
                 notice, _t(catalog, "wa_stop", lang)]  # fmt: skip
        if marketing:
            lines = [_t(catalog, "advertisement", lang), *lines[:2], _t(catalog, "contact", lang),
                     lines[2]]  # fmt: skip
        return "\n\n".join(lines), _t(catalog, "sms_closing", lang)
    if channel == "ivr_survey":
        opening = " ".join([_t(catalog, f"ivr_opening_{many}", lang, organisation=name,
                                count=count), tail or ""]).strip()  # fmt: skip
        return opening, _t(catalog, "ivr_closing", lang)
    opening = _t(catalog, "agent_opening", lang, tail=tail) if tail else ""
    return opening, _t(catalog, "agent_closing", lang)


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
    t = lambda label, **v: _t(catalog, label, lang, **v)  # noqa: E731
    rule = "=" * 60
    out = [script.title, rule]
    for note in script.notes:
        out.append(f"* {note}")
    if script.notes:
        out.append("")

    def measures(segments: int, seconds: float) -> str:
        parts = []
        if script.channel == "sms":
            parts.append(t("segments", count=segments))
        if script.channel in ("ivr_survey", "agent_question"):
            parts.append(t("seconds", seconds=math.ceil(seconds)))
        return f"  [{'; '.join(parts)}]" if parts else ""

    if script.opening:
        out += [t("heading_opening") + measures(script.opening_segments, script.opening_seconds),
                "-" * 60, script.opening, ""]  # fmt: skip
    for step in script.steps:
        heading = t("heading_consent" if step.kind == "consent" else "heading_question",
                    number=step.number)  # fmt: skip
        out += [f"{heading} ({step.question_id})" + measures(step.segments, step.seconds),
                "-" * 60]  # fmt: skip
        if step.asked_if:
            out.append(f"{t('label_asked_if')}: {step.asked_if}")
        if script.channel == "agent_question":
            out.append(
                step.text if step.kind == "consent" else f"{t('label_say_ask')}: {step.text}"
            )
            if step.instruction:
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
            for r in step.replies:
                key = f"{r.key} → " if r.key else ""
                flags = []
                if not r.read and script.channel == "agent_question":
                    flags.append(t("flag_not_read"))
                if r.alone and step.answer_type == "multi_choice":
                    flags.append(t("flag_alone"))
                if r.other:
                    flags.append(t("flag_other"))
                tag = f" ({'; '.join(flags)})" if flags else ""
                out.append(f"  {key}{r.code}  «{r.label}»{tag}")
        for note in step.notes:
            out.append(f"* {note}")
        out.append("")
    if script.closing:
        out += [t("heading_closing"), "-" * 60, script.closing, ""]
    return "\n".join(out)


def whatsapp_messages(script: ChannelScript) -> dict[str, Any]:
    """The WhatsApp script as Cloud API message bodies (``POST /<phone id>/messages`` without
    ``to``): the invitation's text for the template to be approved, then one message per step,
    each with the step id, who gets it and the codes its replies record."""
    if script.channel != "whatsapp":
        raise ScriptError(f"whatsapp_messages takes the WhatsApp script, not {script.channel}")
    messages = []
    for step in script.steps:
        body: dict[str, Any] = {"messaging_product": "whatsapp", "recipient_type": "individual"}
        if step.interactive is not None:
            body.update({"type": "interactive", "interactive": step.interactive})
        else:
            body.update({"type": "text", "text": {"body": step.text}})
        messages.append({
            "step_id": step.step_id, "question_id": step.question_id, "asked_if": step.asked_if,
            "replies": {r.key or r.code: r.code for r in step.replies}, "message": body,
        })  # fmt: skip
    return {"language": script.lang, "template_body": script.opening, "steps": messages,
            "closing": script.closing}  # fmt: skip


def script_files(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """``scripts/<channel>_<lang>.txt`` for every conversational channel the plan asks in, and
    ``scripts/whatsapp_<lang>.json`` (Cloud API bodies) where it asks by WhatsApp."""
    files: dict[str, bytes] = {}
    for script in channel_scripts(source, catalog, organisation):
        stem = f"scripts/{script.channel}_{script.lang}"
        files[f"{stem}.txt"] = script_text(script, catalog).encode("utf-8")
        if script.channel == "whatsapp":
            document = whatsapp_messages(script)
            files[f"{stem}.json"] = json.dumps(document, ensure_ascii=False, indent=2).encode()
    return files
