"""The time a question takes on the phone: what the planner counts in the spoken channels.

A written question costs the customer the seconds of ``burden_seconds`` (reading and answering).
On the phone the customer first hears it all: the opening with the notice the Privacy Protection
Law asks for (answering is optional, who receives the answers, where the full notice is), the
question, the options a keypad offers ("if …, press 1"), the purpose sentence, and before special
sensitivity a consent step. A plan that counted only the answering time put calls of 60–90 s into
a 30 s closing slot (the scripts review of 2026-12-02). The planner counts the same parts here,
at the ``speech.*`` rates, so that the contacts it plans are the calls the scripts read out; the
tests compare both on every sample.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from ..catalog import LANGUAGES, Catalog

#: The channels a customer hears rather than reads: keypad questions in the IVR queue, an agent's
#: closing question.
SPOKEN_CHANNELS = frozenset({"ivr_survey", "agent_question"})
#: Channels that read the options out with a key each ("if …, press 1"); an agent asks and
#: records the answer, reading the options only when the answer is unclear.
KEYPAD_CHANNELS = frozenset({"ivr_survey"})


# Letters of the other languages a bank question may carry its wording in (Arabic, Cyrillic,
# Ethiopic): «עברית / العربية / Русский» is read in one language on a call
_OTHER_SCRIPT = {"he": re.compile(r"[\u0600-\u06FF\u0400-\u04FF\u1200-\u137F]"),
                 "en": re.compile(r"[\u0590-\u06FF\u0400-\u04FF\u1200-\u137F]")}  # fmt: skip


#: What a call in each language does not say of a bracketed aside: in Hebrew, a word in Latin
#: letters that is not an acronym, a language's own name ("(English)", "(Français)"), not
#: "(SMS)" or "(Wi-Fi)"; in English, nothing more (a pattern that never matches).
_ASIDE_NOT_SAID = {"he": re.compile(r"\s*\(\s*[A-Za-z\u00C0-\u00FF][a-z\u00C0-\u00FF]+\s*\)"),
                   "en": re.compile(r"(?!)")}  # fmt: skip


def said_in_call_language(text: str, lang: str) -> str:
    """A wording or an option as a call says it: only the version in the call's language."""
    other = _OTHER_SCRIPT[lang]
    parts = text.split(" / ")
    if len(parts) > 1 and any(other.search(p) for p in parts[1:]):
        text = parts[0]
    text = re.sub(r"\s*\([^)]*\)", lambda m: "" if other.search(m.group(0)) else m.group(0),
                  text)  # fmt: skip
    return _ASIDE_NOT_SAID[lang].sub("", text).strip()


def words_per_second(catalog: Catalog, lang: str) -> float:
    """The speech rate of a recorded voice or an agent (``speech.words_per_second_*``)."""
    return catalog.assumptions.number(f"speech.words_per_second_{lang}")


def spoken_seconds(text: str, catalog: Catalog, lang: str) -> float:
    """The time a recorded voice or an agent takes to say ``text``."""
    # a dash or other mark standing alone («‹option› – הקישו 1») is a pause, not a word
    words = [w for w in text.split() if any(ch.isalnum() for ch in w)]
    return round(len(words) / words_per_second(catalog, lang), 1)


def _words(value: Any) -> int:
    return len(str(value or "").split())


def _options(q: Mapping[Any, Any], lang: str) -> list[str]:
    options = q.get(f"options_{lang}_list")
    return [str(o) for o in options] if isinstance(options, list | tuple) else []


def question_speaking_seconds(q: Mapping[Any, Any], channel: str, catalog: Catalog) -> float:
    """Seconds to say one question in ``channel`` and hear its answer, in the slower language.

    The question's words, the options with their key phrase in a keypad channel, the purpose
    sentence (``speech.purpose_seconds``) and, for an item that needs consent (high or special
    sensitivity) and is not a follow-up inside a subject already consented to, the consent step
    (``speech.consent_seconds``); a free-text answer (an address) is dictated after all that, so
    its ``burden_seconds`` is added. Never less than the question's own ``burden_seconds``.
    """
    a = catalog.assumptions
    key_words = a.number("speech.key_words_per_option")
    said = 0.0
    for lang in LANGUAGES:
        words = float(_words(said_in_call_language(str(q.get(f"text_{lang}") or ""), lang)))
        if channel in KEYPAD_CHANNELS:
            options = [said_in_call_language(o, lang) for o in _options(q, lang)]
            words += sum(_words(o) for o in options) + key_words * len(options)
        said = max(said, words / words_per_second(catalog, lang))
    seconds = said + a.number("speech.purpose_seconds")
    if q.get("answer_type") == "free_text":  # the customer dictates, the agent types it
        seconds += float(q.get("burden_seconds") or 0.0)
    follows = str(q.get("follows") or "").strip()
    if q.get("sensitivity") in ("high", "special") and not follows:
        seconds += a.number("speech.consent_seconds")
    return round(max(seconds, float(q.get("burden_seconds") or 0.0)), 1)


def opening_seconds(channel: str, catalog: Catalog) -> float:
    """The spoken opening of one call in ``channel`` (0 for a written channel): the greeting, how
    to skip and the notice said once for all its questions (``speech.opening_seconds_*``)."""
    if channel not in SPOKEN_CHANNELS:
        return 0.0
    return catalog.assumptions.number(f"speech.opening_seconds_{channel}")


def calls_in_budget(channel: str, budget_seconds: float, catalog: Catalog) -> int:
    """How many calls a period's seconds budget holds: one per ``max_seconds`` of the catalog
    (a client's budget of 180 s for the agent's question is two 90 s calls)."""
    per_call = float(catalog.channel_records[channel]["max_seconds"])
    return max(1, math.ceil(budget_seconds / per_call - 1e-9))


def question_room(channel: str, budget_seconds: float, catalog: Catalog) -> float:
    """The seconds a budget leaves for questions once each call's opening is said."""
    if channel not in SPOKEN_CHANNELS:
        return budget_seconds
    calls = calls_in_budget(channel, budget_seconds, catalog)
    return max(0.0, budget_seconds - calls * opening_seconds(channel, catalog))
