"""Merge fields: values the client's own system puts into a message when it sends it.

A question about one card, one visit or one item names it ("Which window suits you for the
technician's visit on [visit date]?"): the bank writes the value as a bracketed token of
``templates/merge_fields.csv``, in each language's own words, and says which system fills it.
Scripts and the workbook show the token as it is (the sender's template fills it); the survey
files turn it into each tool's own variable, declared as a hidden field the sender sets: SurveyJS
``{card_last4}``, ODK's XLSForm ``${card_last4}`` (a ``hidden`` field, preloaded), Typeform
``{{hidden:card_last4}}``, Formbricks ``#recall:card_last4/fallback:…#`` (its recall of a hidden
field; the fallback, shown where the sender set none, is the token's words, spaces as ``nbsp``,
as Formbricks' own ``parseRecallInfo`` reads it) (knowledge-base review
31: a fee question that cannot say which card, a visit slot with no date, "the item shown here"
in an SMS that shows nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .catalog import Catalog

#: A bracketed token in a text: ``[visit date]``, ``[תאריך הביקור]``.
TOKEN = re.compile(r"\[[^\[\]\n]{1,60}\]")

#: How each survey format writes a field's value into a text; ``{id}`` is the field id.
SYNTAX = {
    "surveyjs": "{{{id}}}",
    "xlsform": "${{{id}}}",
    "typeform": "{{{{hidden:{id}}}}}",
    "formbricks": "#recall:{id}/fallback:{fallback}#",
}


def _by_token(catalog: Catalog, lang: str) -> dict[str, str]:
    fields = catalog.merge_fields
    if fields is None or fields.empty:
        return {}
    return {str(t).strip(): str(fid) for fid, t in fields[f"token_{lang}"].items()}


def tokens_in(text: str) -> list[str]:
    """Every bracketed token of ``text``, in order (known to the catalog or not)."""
    return TOKEN.findall(text or "")


def fields_in(catalog: Catalog, text: str, lang: str) -> tuple[str, ...]:
    """The merge fields ``text`` names, as ids, in order of first use (unknown tokens left out)."""
    known = _by_token(catalog, lang)
    out: list[str] = []
    for token in tokens_in(text):
        fid = known.get(token)
        if fid and fid not in out:
            out.append(fid)
    return tuple(out)


def fields_of(catalog: Catalog, texts: Iterable[tuple[str, str]]) -> tuple[str, ...]:
    """The merge fields a set of ``(text, lang)`` pairs names, as ids, each once."""
    out: list[str] = []
    for text, lang in texts:
        out += [f for f in fields_in(catalog, text, lang) if f not in out]
    return tuple(out)


def fill(catalog: Catalog, text: str, lang: str, style: str) -> str:
    """``text`` with each known token written as ``style`` writes a variable (:data:`SYNTAX`), or
    as the field's example value (``style="example"``: what a customer reads, for length and
    review)."""
    if not text or "[" not in text:  # most texts name no field (the planner prices every SMS)
        return text
    known = _by_token(catalog, lang)
    if not known:
        return text

    def one(match: re.Match[str]) -> str:
        fid = known.get(match.group())
        if fid is None:
            return match.group()
        if style == "example":
            return str(catalog.merge_fields.at[fid, f"example_{lang}"])
        # Formbricks reads the fallback up to the closing '#' as one word: its spaces are "nbsp"
        fallback = "nbsp".join(match.group()[1:-1].replace("#", " ").replace("/", " ").split())
        return SYNTAX[style].format(id=fid, fallback=fallback)

    return TOKEN.sub(one, text)


def unknown_tokens(catalog: Catalog, text: str, lang: str) -> list[str]:
    """Bracketed tokens of ``text`` that are not a merge field of ``lang``."""
    known = _by_token(catalog, lang)
    return [t for t in tokens_in(text) if t not in known]
