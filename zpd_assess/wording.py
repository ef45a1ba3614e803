"""A question's wording in the language asked for, else in the other one.

Questions carry ``text_en`` and ``text_he``; a bank question has both, a question the room or the
team added often has one. Every screen, ballot, chart and workbook shows a question through
:func:`question_text`, so that the rule is written once: the text in this language when it is not
blank, else the text in the other language (never an invented translation), else ``""``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

#: The languages a question is written in, and for each the one to fall back to.
OTHER_LANGUAGE = {"en": "he", "he": "en"}


def _field(row: object, name: str) -> str:
    """``row[name]`` (mapping, pandas row) or ``row.name`` (named tuple); blank is ``""``."""
    if isinstance(row, Mapping) or hasattr(row, "get"):
        value = row.get(name)
    else:
        value = getattr(row, name, None)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def question_text(row: object, lang: str) -> str:
    """The question's text in ``lang``, else in the other language, else ``""``.

    ``row`` is anything with ``text_en`` / ``text_he``: a dict, a pandas row (``Series``) or a
    named tuple from ``itertuples``. Text that is only spaces counts as missing; text that is
    there is returned as written.
    """
    if lang not in OTHER_LANGUAGE:
        raise ValueError(f"Unknown language {lang!r}; questions are written in 'en' or 'he'")
    own = _field(row, f"text_{lang}")
    if own.strip():
        return own
    other = _field(row, f"text_{OTHER_LANGUAGE[lang]}")
    return other if other.strip() else ""


#: An instruction in brackets after the question mark: how to count, how many to choose, what to
#: include ("(Count in calendar months: ...)", «(אפשר לבחור כמה תשובות.)»).
_TRAILING_INSTRUCTION = re.compile(r"^(?P<stem>.*[?？])\s*\([^()]*\)\s*$", re.S)


def question_stem(text: str) -> str:
    """The question without the instruction in brackets after its question mark: what a
    sentence quotes when it names the question (a plan's reason, a pin's warning), and what an
    agent says where the bracket holds only how to code the answer (knowledge-base review 21:
    the calendar rule explained a band the customer never heard)."""
    match = _TRAILING_INSTRUCTION.match(text.strip())
    return match.group("stem") if match else text.strip()
