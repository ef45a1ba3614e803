"""The purpose notice in two layers: a short first layer on screen, the full notice one tap away.

A question's purpose notice (``purpose_en`` / ``purpose_he``, 90-170 words) is too long for an app
prompt, an SMS or an agent's script. The Privacy Protection Law (s. 11, as amended by Amendment 13)
asks that the customer be told, when the data is collected, the purpose, whether answering is a
legal duty or a choice, and to whom the data is passed; a layered notice does so when its first
layer says these and leads to the rest. The first layer is built from the notice itself:

1. the notice's sentence that says what is asked and why (its first sentence, or the one after
   the consent sentence), kept whole however long it is (the ``long_first_layer`` lint rule
   names the notices whose sentence is too long for a screen): the benefit is read first
   (panel round 29: a notice that opens with "special-sensitivity data" is read as a warning);
2. where the notice opens with the explicit-consent sentence of a question of special
   sensitivity, a short consent line (label ``notice.first_layer_consent``), before anything
   is answered: the consent itself is asked by the channel (a tick-box, the agent's question);
3. one standard sentence (label ``notice.first_layer_tail*``) that repeats only what the full
   notice says: that answering is a choice and that the answer is not passed to other companies
   when the notice says both; that answering is a choice and who receives the answer is in the
   full notice when the notice names recipients of its own; a pointer to the privacy notice when
   the notice says neither (a one-sentence use-case notice).

Sentences are split by rule (no sentence splitter on PyPI handles Hebrew): a ``.``, ``!``, ``?``
or ``…`` (with any closing quote or bracket) followed by a space ends a sentence, except after an
English abbreviation (e.g., i.e., approx., s. 11, a single initial) or before a lowercase English
word. Hebrew abbreviations are written with a geresh or gershayim (וכו׳, ש"ח, חו״ל) and so end a
sentence only where a full stop follows them. The module is pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

#: The languages a notice is written in.
LANGUAGES = ("en", "he")
#: The longest sentence (English characters) that reads well as a first layer on a screen: with
#: the standard tail (about 120 characters) the first layer stays near two SMS segments.
FIRST_SENTENCE_MAX_CHARS = 200

#: Label keys of the first layer's standard sentences.
TAIL_NOT_PASSED = "notice.first_layer_tail"
TAIL_RECIPIENTS = "notice.first_layer_tail_recipients"
TAIL_PRIVACY = "notice.first_layer_tail_privacy"
CONSENT_LINE = "notice.first_layer_consent"
#: The label keys this module reads (each in ``templates/labels.csv``, in English and Hebrew).
LABEL_KEYS = (TAIL_NOT_PASSED, TAIL_RECIPIENTS, TAIL_PRIVACY, CONSENT_LINE)


class Labels(Protocol):
    """What the module needs of a catalog: its UI labels (``Catalog.text``)."""

    def text(self, key: str, lang: str = "en") -> str: ...


# English words ending in a full stop that never end a sentence (lower-cased, without the
# final stop); "no." only before a number ("No. 13").
_ABBREVIATIONS_EN = frozenset(
    {
        "e.g", "i.e", "cf", "vs", "viz", "approx", "incl", "excl", "esp", "mr", "mrs", "ms", "dr",
        "prof", "st", "s", "ss", "art", "para", "paras", "fig", "p", "pp", "ch", "sec", "cl",
        "min", "max", "tel", "ext", "dept", "est", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
        "sep", "sept", "oct", "nov", "dec",
    }
)  # fmt: skip
_BEFORE_NUMBER = frozenset({"no", "nos", "op"})
# a candidate sentence end: stops and closing quotes or brackets, then a space or the end
_END = re.compile(r"[.!?…]+[\"'”’»)\]׳״]*(?=\s|$)")
# the word that carries the stop (letters, dots, quotes; e.g. "e.g.", "ש\"ח.", "(Choose")
_WORD_OPENERS = frozenset("([«“\"'")
_HEBREW_LETTERS_DOTTED = re.compile(r"^(?:[\u05d0-\u05ea]\.){2,}$")  # ת.ז. ח.פ.
_SPACE = re.compile(r"\s+")

_CONSENT_OPENING = {
    "en": re.compile(r"\bexplicit consent\b", re.IGNORECASE),
    "he": re.compile(r"הסכמ\S*\s+המפורשת"),
}
# a sentence that says what is asked ("we ask for your explicit consent" does not)
_ASKS = {
    "en": re.compile(r"\bwe ask\b(?! for your explicit consent)", re.IGNORECASE),
    "he": re.compile(r"(?<![\u05d0-\u05ea])(?:אנחנו שואלים|נשאל|שואלים)(?![\u05d0-\u05ea])"),
}
_VOLUNTARY = {
    "en": re.compile(
        r"\banswering is (?:your choice|up to you)\b|\byou do not have to answer\b", re.IGNORECASE
    ),
    "he": re.compile(r"הבחירה אם לענות היא שלכם|לא חייבים לענות"),
}
_NOT_PASSED = {
    "en": re.compile(
        r"\b(?:do not|never) pass (?:your answer|the answer|it)\b[^.;]*?\bother companies\b",
        re.IGNORECASE,
    ),
    "he": re.compile(r"לא מעבירים (?:את התשובה|אותה)[^.;]*?לחברות אחרות"),
}


#: A notice that names a receiver of the answer besides us: the customer's insurance agent (an
#: agency of its own), or a pension marketer. Its first layer may not say "we do not pass your
#: answer to other companies" (panel round 116, the insurer's reviewer: the first layer
#: contradicted the second, which says the agent receives it if the customer ticks it).
_OTHER_RECEIVER = {
    "en": re.compile(r"\b(?:insurance agent|your agent|the agent named|pension marketer)\b",
                     re.IGNORECASE),
    "he": re.compile(r"(?<![\u05d0-\u05ea])(?:ה|ל|ו|ש|ול|ושה)?(?:סוכן|סוכנת|משווק פנסיוני)"
                     r"(?![\u05d0-\u05ea])"),
}  # fmt: skip


class NoticeError(ValueError):
    """A notice asked for in a language the notices are not written in."""


# The notice's sentence on what is asked and why: "We ask X, so that / to Y." («אנחנו שואלים X,
# כדי Y.»); Y is the purpose clause. In English "to" ends X only before a verb of purpose (the
# "what" may hold "want to receive").
WE_ASK = {"en": re.compile(r"^(?:If [^,]+, )?[Ww]e ask\b"),
          "he": re.compile(r"^(?:אם [^,]+, )?אנחנו שואלים")}  # fmt: skip
_ASK_YOU_TO = {"en": re.compile(r"^(?:If [^,]+, )?[Ww]e ask you to "),
               "he": re.compile(r"^(?!)")}  # fmt: skip
_PURPOSE_VERBS = (
    "offer|send|show|tell|invite|suggest|check|recommend|decide|prepare|book|build|schedule|keep|"
    "let|flag|compare|review|remind|fix|call|reopen|issue|link|name|set|continue|learn|connect|"
    "study|handle|base|bring|get|see|rate|boost|redeem|replace|open|log|pass|include|write|plan|"
    "arrange|assign|adjust|alert|notify|match|route|give|help|make|contact|quote|tailor|improve|"
    "understand|know|prioritise|prioritize|explain|find|present|serve|update|add|choose|put"
)
_CONNECTOR = {
    "en": re.compile(r",? so that,? |,? in order to |, to "),
    "he": re.compile(r",? כדי "),
}
#: ... and where a sentence has none of those, a bare "to" before a verb of purpose: only then,
#: since "We ask when you expect to get your new car, to have a quote ready" would otherwise
#: split at "expect to get" (knowledge-base review 20)
_BARE_TO = {"en": re.compile(r" to (?=(?:" + _PURPOSE_VERBS + r")\b)")}


def purpose_clause(sentence: str, lang: str) -> tuple[str, str]:
    """``(connector, clause)`` of a notice's purpose sentence ("We ask X, to Y."): ``"to"`` or
    ``"so that"`` and Y, which a script's lead-in says after the question; ``("", "")`` where
    the sentence has no connector to cut at (the lead-in would repeat it whole: knowledge-base
    review 21, "We ask ... from our partners" said as the purpose)."""
    # "We ask you to tell us where..." asks; its "to" is no purpose
    start = m.end() if (m := _ASK_YOU_TO[lang].match(sentence)) else 0
    match = None
    if WE_ASK[lang].match(sentence):
        match = _CONNECTOR[lang].search(sentence, start)
        if match is None and lang in _BARE_TO:
            match = _BARE_TO[lang].search(sentence, start)
    if match is None:
        return "", ""
    connector = "so that" if "so that" in match.group(0) else "to"
    if lang == "he":
        connector = "so that" if sentence[match.end() :].startswith("ש") else "to"
    # a clause after a semicolon adds to the full notice, not to the lead-in
    return connector, sentence[match.end() :].split(";")[0].strip().strip(",").rstrip(" .")


@dataclass(frozen=True)
class NoticeLayers:
    """A purpose notice in two layers, in one language."""

    first: str  # on screen: [consent line] + what is asked and why + the standard tail
    full: str  # one tap away: the notice as written
    purpose_sentence: str  # the notice's sentence that says what is asked and why
    tail_key: str  # the label key of the standard sentence the first layer ends with
    consent: bool  # the notice opens with the explicit-consent sentence (special sensitivity)


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise NoticeError(
            f"a notice in language {lang!r} was asked for; notices are written in "
            f"{' and '.join(LANGUAGES)}: pass 'en' or 'he'"
        )


def _ends_sentence(text: str, stop: re.Match[str], lang: str) -> bool:
    """Whether the stop ``stop`` in ``text`` ends a sentence."""
    rest = text[stop.end() :].lstrip()
    if not rest:
        return True
    marks = stop.group()
    if "!" in marks or "?" in marks or "…" in marks:
        return not (lang == "en" and rest[0].islower() and rest[0].isascii())
    start = stop.start()
    while start > 0 and not (text[start - 1].isspace() or text[start - 1] in _WORD_OPENERS):
        start -= 1  # back to the start of the word (a regex anchored at $ rescans the text)
    token = text[start : stop.start()].strip("\"'”’»)]׳״")
    if _HEBREW_LETTERS_DOTTED.match(token + "."):
        return False
    if rest[0].isascii() and rest[0].isalpha() and rest[0].islower():
        return False  # "e.g. a card", "approx. ten": English goes on in lowercase
    if marks[0] != "." or len(marks.rstrip("\"'”’»)]׳״")) > 1:
        return True  # an ellipsis or a stop inside a closing quote
    lower = token.lower()
    if lower in _ABBREVIATIONS_EN or (lower in _BEFORE_NUMBER and rest[0].isdigit()):
        return False
    initial = len(token) == 1 and token.isascii() and token.isupper()  # "J. Levi"
    return not initial


def sentences(text: str, lang: str) -> list[str]:
    """``text`` split into its sentences (spaces inside each collapsed to one)."""
    _check_lang(lang)
    text = _SPACE.sub(" ", text or "").strip()
    out: list[str] = []
    start = 0
    for stop in _END.finditer(text):
        if _ends_sentence(text, stop, lang):
            out.append(text[start : stop.end()].strip())
            start = stop.end()
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def first_sentence(text: str, lang: str) -> str:
    """The first sentence of ``text`` ("" when it is empty)."""
    found = sentences(text, lang)
    return found[0] if found else ""


def _is_consent_opening(sentence: str, following: list[str], lang: str) -> bool:
    """The explicit-consent sentence that opens a notice of special sensitivity: it speaks of
    explicit consent, does not itself say what is asked, and the next sentence does."""
    return (
        bool(_CONSENT_OPENING[lang].search(sentence))
        and not _ASKS[lang].search(sentence)
        and bool(following)
        and bool(_ASKS[lang].search(following[0]))
    )


def notice_layers(purpose: str, lang: str, catalog: Labels) -> NoticeLayers:
    """The two layers of the purpose notice ``purpose`` in ``lang`` ("en" or "he"): the first
    layer's text, the full notice, and how the first layer was made. An empty notice has empty
    layers."""
    _check_lang(lang)
    parts = sentences(purpose, lang)
    full = " ".join(parts)
    if not parts:
        return NoticeLayers("", "", "", "", False)
    consent = _is_consent_opening(parts[0], parts[1:], lang)
    said = parts[1] if consent else parts[0]
    if _VOLUNTARY[lang].search(full):
        only_us = _NOT_PASSED[lang].search(full) and not _OTHER_RECEIVER[lang].search(full)
        key = TAIL_NOT_PASSED if only_us else TAIL_RECIPIENTS
    else:
        key = TAIL_PRIVACY
    consent_line = [catalog.text(CONSENT_LINE, lang)] if consent else []
    lines = [said, *consent_line, catalog.text(key, lang)]
    return NoticeLayers(" ".join(lines), full, said, key, consent)


#: The standard sentences a notice written in the room (or for one client) is completed with,
#: in their order (label keys; the consent and deletion sentences for special sensitivity only).
WRITTEN_SENTENCES = ("notice.written.choice", "notice.written.not_passed",
                     "notice.written.delete_special", "notice.written.change",
                     "notice.written.privacy")  # fmt: skip
WRITTEN_CONSENT = "notice.written.consent"


def written_notice(purpose: str, lang: str, sensitivity: str, catalog: Labels) -> str:
    """The full notice of a question written in the room or for one client, whose ``purpose``
    says only what is asked and why: its sentences, then the standard ones the bank's notices
    carry (answering is a choice; not passed on nor used for advertising audiences; no marketing
    use, since the room wrote no offers sentence; how to change or delete it; the full privacy
    notice), opened for special sensitivity by the explicit-consent sentence and with its
    deletion sentence. A purpose that already says answering is a choice is a whole notice and is
    kept as written; an empty one stays empty (the use case's notice is used)."""
    _check_lang(lang)
    text = " ".join(purpose.split())
    if not text or _VOLUNTARY[lang].search(text):
        return text
    if text[-1] not in ".!?…":
        text += "."
    special = sensitivity == "special"
    keys = [k for k in WRITTEN_SENTENCES if special or k != "notice.written.delete_special"]
    parts = [catalog.text(WRITTEN_CONSENT, lang)] if special else []
    standard = [catalog.text(k, lang) for k in keys]
    # no offers sentence was written: the answer is not used for marketing (the scripts' and
    # surveys' own sentence, so that they read it as a service notice)
    standard.insert(2, NO_MARKETING_SENTENCE[lang] + ".")
    parts += [text, *standard]
    return " ".join(parts)


def short_notice(purpose: str, lang: str, catalog: Labels) -> str:
    """The first layer of the purpose notice ``purpose`` in ``lang``: what is asked and why (the
    notice's own sentence, whole), then one standard sentence on choice, recipients and where
    the rest is; a notice of special sensitivity starts with a short explicit-consent line."""
    return notice_layers(purpose, lang, catalog).first


# The sentence a notice gives for each electronic channel it may be asked in (Communications Law
# s. 30A): "We ask by SMS, WhatsApp or email only if you have agreed to receive marketing
# messages from us there." A plan asks in one channel: its notice names that channel or none.
_CHANNEL_NAMES = {
    "en": {"sms": "SMS", "whatsapp": "WhatsApp", "email_survey": "email"},
    "he": {"sms": "ב-SMS", "whatsapp": "בוואטסאפ", "email_survey": "במייל"},
}
_CHANNEL_SENTENCE = {
    "en": re.compile(
        r"\s*We ask by ((?:SMS|WhatsApp|email)(?:(?:, | or )(?:SMS|WhatsApp|email))*) only if you "
        r"have agreed to receive marketing messages from us there\."
    ),
    "he": re.compile(
        r"\s*נשאל אתכם ((?:ב-SMS|בוואטסאפ|במייל)(?:(?:, | או )(?:ב-SMS|בוואטסאפ|במייל))*) רק אם "
        r"הסכמתם לקבל מאיתנו דברי פרסומת (?:בערוץ הזה|בערוצים האלה)\."
    ),
}
#: The electronic channels s. 30A's sentence may name (a marketing message needs consent there).
ELECTRONIC_CHANNELS: frozenset[str] = frozenset(_CHANNEL_NAMES["en"])
#: Between the channels the sentence names: "SMS, WhatsApp or email" / «ב-SMS, בוואטסאפ או במייל».
_NAME_SEPARATOR = re.compile(r", | או | or ")
_ONE_CHANNEL = {
    "en": "We ask by {name} only if you have agreed to receive marketing messages from us there.",
    "he": "נשאל אתכם {name} רק אם הסכמתם לקבל מאיתנו דברי פרסומת בערוץ הזה.",
}


#: The standard sentence of a notice whose answer feeds offers: asked by an electronic channel,
#: the question is itself a marketing message, and the channel sentence follows it.
OFFERS_SENTENCE = {
    "en": "We send you offers based on it only if you have agreed to receive marketing messages "
    "from us.",
    "he": "נשלח לכם הצעות על סמך התשובה רק אם הסכמתם לקבל מאיתנו דברי פרסומת.",
}


#: The sentence of a service notice whose answer never feeds marketing (its messages are no
#: advertising).
NO_MARKETING_SENTENCE = {
    "en": "We do not use the answer to send you marketing messages",
    "he": "אנחנו לא משתמשים בתשובה כדי לשלוח לכם דברי פרסומת",
}


#: The offers sentence of a notice of special sensitivity. The explicit consent is for the purpose
#: the notice states "for this purpose only", so offers must stay within it; a consent to
#: marketing messages (s. 30A) is a condition besides, not a consent to use the answer for
#: marketing (knowledge-base review 4). Asked by e-mail, the channel sentence follows it too.
SPECIAL_OFFERS_SENTENCE = {
    "en": "We send you offers for this purpose only, and only if you have also agreed to receive "
    "marketing messages from us.",
    "he": "נשלח לכם הצעות למטרה הזאת בלבד, ורק אם הסכמתם גם לקבל מאיתנו דברי פרסומת.",
}


#: The sentence of a notice whose question is followed by a contact request ("Would you like a
#: banker to call you about this?"), after its offers sentence: a contact the customer asks for,
#: about this only, does not wait for his consent to marketing messages (his request is the
#: explicit consent of s. 30A(b) to that contact alone).
CONTACT_REQUEST_SENTENCE = {
    "en": "If you ask us to contact you about this, we contact you about this only, even without "
    "your consent to marketing messages.",
    "he": "אם תבקשו שניצור איתכם קשר בעניין הזה, ניצור קשר רק בעניין הזה, גם בלי הסכמה לקבלת "
    "דברי פרסומת.",
}
#: The same sentence in a notice whose answer feeds no offers.
CONTACT_REQUEST_SERVICE_SENTENCE = {
    "en": "If you ask us to contact you about this, we contact you about this only.",
    "he": "אם תבקשו שניצור איתכם קשר בעניין הזה, ניצור קשר רק בעניין הזה.",
}


def with_contact_request(notice: str, lang: str) -> str:
    """The notice of a question followed by a contact request: the sentence that says what the
    request allows, after the offers sentence (or, in a service notice, at the end of what the
    answer is used for). A notice that says it already is returned as it is."""
    _check_lang(lang)
    if CONTACT_REQUEST_SERVICE_SENTENCE[lang].rstrip(".") in notice:
        return notice
    for offers in (OFFERS_SENTENCE[lang], SPECIAL_OFFERS_SENTENCE[lang]):
        if offers in notice:
            return notice.replace(offers, f"{offers} {CONTACT_REQUEST_SENTENCE[lang]}", 1)
    sentence = CONTACT_REQUEST_SERVICE_SENTENCE[lang]
    service = NO_MARKETING_SENTENCE[lang] + "."
    if service in notice:
        return notice.replace(service, f"{service} {sentence}", 1)
    return f"{notice.rstrip()} {sentence}".strip()


def feeds_offers(notice: str, lang: str) -> bool:
    """Whether a notice says its answer feeds offers (its standard or its special-sensitivity
    offers sentence): sending them needs the customer's consent to marketing messages (s. 30A)."""
    return OFFERS_SENTENCE[lang] in notice or SPECIAL_OFFERS_SENTENCE[lang] in notice


#: The sentence of a notice whose question the customer answers in his own words (free text or
#: "other (specify)"): what he should leave out.
FREE_TEXT_CAUTION = {
    "en": "Please do not include medical or other sensitive details, or other people's details.",
    "he": "נא לא למסור פרטים רפואיים או פרטים רגישים אחרים, או פרטים של אנשים אחרים.",
}


#: The caution of an "other (specify)" scoped to what it asks for ("If you choose Other, say only
#: the name of the language", "... describe the activity only, with no names"): on a question about
#: the household or a language, "other people's details" contradicts the question (review 12).
OTHER_ONLY = {
    "en": re.compile(r"(?:^|\. )If you (?:choose|pick) [^.]*\bonly\b[^.]*\."),
    "he": re.compile(r"(?:^|\. )אם תבחרו [^.]*\bרק\b[^.]*\."),
}


#: The stock caution scoped to the option that asks for words ("If you choose Other, please do
#: not include …"; bank pass 11).
_SCOPED_CAUTION = {
    "en": re.compile(
        r"If you (?:choose|pick) [^,.]+, "
        + re.escape(FREE_TEXT_CAUTION["en"][0].lower() + FREE_TEXT_CAUTION["en"][1:])
    ),
    "he": re.compile(r"אם תבחרו [^,.]+, " + re.escape(FREE_TEXT_CAUTION["he"])),
}


def free_text_caution(notice: str, lang: str) -> str:
    """The notice's caution on a typed answer: the stock sentence, or one scoped to what the
    "other" asks for ("If you choose Other, say only the name of the language."); "" if none."""
    _check_lang(lang)
    scoped = _SCOPED_CAUTION[lang].search(notice)
    if scoped:  # "If you choose Other, please do not include …": the stock sentence, scoped
        return scoped.group(0)
    if FREE_TEXT_CAUTION[lang] in notice:
        return FREE_TEXT_CAUTION[lang]
    found = OTHER_ONLY[lang].search(notice)
    return found.group(0).removeprefix(". ").strip() if found else ""


def notice_for_channel(notice: str, lang: str, channel: str) -> str:
    """The notice as the customer reads it in ``channel``: the sentence on the electronic
    channels a question may be asked in names only this channel, or goes when this channel is
    not one of them (an app prompt does not say "we ask by email only if..."). A notice whose
    answer feeds offers, asked by SMS, WhatsApp or email and naming none, gets the sentence for
    that channel after its offers sentence (a question asked again there, say)."""
    _check_lang(lang)
    name = _CHANNEL_NAMES[lang].get(channel)
    found = False

    def one(match: re.Match[str]) -> str:
        nonlocal found
        found = True
        named = _NAME_SEPARATOR.split(match.group(1))
        if name is None or name not in named:
            return ""
        return " " + _ONE_CHANNEL[lang].format(name=name)

    out = _CHANNEL_SENTENCE[lang].sub(one, notice).strip()
    if name is not None and not found:
        for offers in (OFFERS_SENTENCE[lang], SPECIAL_OFFERS_SENTENCE[lang]):
            if offers in out:
                return out.replace(offers, f"{offers} {_ONE_CHANNEL[lang].format(name=name)}", 1)
    return out


#: What marks a sentence as the s. 30A channel sentence, whatever its wording.
_CHANNEL_SENTENCE_MARK = {"en": "marketing messages from us there", "he": "דברי פרסומת בערו"}


def channel_sentences(notice: str, lang: str) -> list[tuple[str, tuple[str, ...] | None]]:
    """The notice's s. 30A channel sentences, each with the channels it names (``sms``,
    ``whatsapp``, ``email_survey``), or None where it is not in the fixed wording that
    :func:`notice_for_channel` can narrow to one channel."""
    _check_lang(lang)
    by_name = {v: k for k, v in _CHANNEL_NAMES[lang].items()}
    found: list[tuple[str, tuple[str, ...] | None]] = []
    for sentence in sentences(notice, lang):
        if _CHANNEL_SENTENCE_MARK[lang] not in sentence:
            continue
        match = _CHANNEL_SENTENCE[lang].fullmatch(sentence)
        names = _NAME_SEPARATOR.split(match.group(1)) if match else None
        found.append((sentence, tuple(by_name[n] for n in names) if names else None))
    return found
