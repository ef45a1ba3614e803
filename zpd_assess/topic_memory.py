"""Topic fixes remembered by attribute name (issue 16, "learn from the consultant's fixes").

A consultant who corrects a topic in the Inventory grid corrects it for an attribute *name*, not
for an Excel row: the next version of the client's file moves its rows, and the next client's
file has other rows but often the same names (``Contact.Shoe_Size__c``, ``cust_marital_stat``).
A remembered fix is ``(name key, topic ids)``; the name key is the name split and folded the way
the topic mapper reads names (:func:`zpd_assess.text.split_identifier`), so that
``Contact.Shoe_Size__c``, ``contact shoe size c`` and ``CONTACT-SHOE-SIZE-C`` meet.

:func:`apply_remembered` puts remembered fixes on a mapped inventory: only rows the mapper
mapped (``topic_source == "auto"``) take them, never rows whose topics the file gave; the row's
``topic_source`` becomes ``"remembered"`` and ``remembered_from`` says whose memory
(``engagement`` or ``firm``). Special sensitivity is never cleared by a fix: a row flagged for it
stays flagged, and a fix to a special topic flags a row that was not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from .text import fold_hebrew_finals, split_identifier

if TYPE_CHECKING:
    from .catalog import Catalog

#: Where a remembered fix comes from: this engagement's fixes, or the firm's (other engagements).
SCOPES = ("engagement", "firm")
#: ``topic_source`` of a row that took a remembered fix.
REMEMBERED = "remembered"
#: The longest name key kept (a longer name is not remembered by name).
MAX_NAME_KEY = 200
#: The most topics one fix may give.
MAX_FIX_TOPICS = 10
#: Words of the description a coded name's key carries (``Q13``: the name says nothing).
CODED_KEY_WORDS = 12
_TOPIC_ID = re.compile(r"^[a-z0-9_]{1,64}$")
# a survey codebook's column (``Q13``, ``x17``, ``V2a``): the same as the mapper's CODED_NAME
_CODED_NAME = re.compile(r"^[A-Za-z]{0,2}[_.-]?\d+[A-Za-z]?([_.-]\d+[A-Za-z]?)*$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class TopicMemoryError(ValueError):
    """A remembered fix that cannot be used; the message says what was found and what to do."""


def _words(text: object) -> str:
    # a question mark is punctuation here ("Shoe size?" is the name "shoe size")
    return fold_hebrew_finals(" ".join(split_identifier(str(text or "").replace("?", " "))))


def name_key(attribute: object, description: object = "") -> str:
    """The key an attribute's fix is remembered under; ``""`` when it cannot be remembered.

    The name's words, lower-case, without punctuation, niqqud or final letter forms. A coded
    name (``Q13``, ``x17``) names nothing by itself: its key adds the first words of the
    description (``q 13 :: how satisfied are you``), and without a description it has no key.
    A key longer than :data:`MAX_NAME_KEY` is not kept.
    """
    words = _words(attribute)
    if not words:
        return ""
    if _CODED_NAME.match(str(attribute or "").strip()):
        described = " ".join(_words(description).split()[:CODED_KEY_WORDS])
        if not described:
            return ""
        words = f"{words} :: {described}"
    return words if len(words) <= MAX_NAME_KEY else ""


def check_fix(key: object, topics: object, known_topics: Iterable[str] | None = None) -> list[str]:
    """One fix's topics as a clean list; raises :class:`TopicMemoryError` naming the problem.

    ``key``: 1 to :data:`MAX_NAME_KEY` characters, no control characters. ``topics``: a list of
    1 to :data:`MAX_FIX_TOPICS` distinct topic ids (of ``known_topics`` when given).
    """
    if not isinstance(key, str) or not key.strip() or len(key) > MAX_NAME_KEY:
        shown = repr(key)[:60]
        raise TopicMemoryError(
            f"A remembered fix's name is {shown}; accepted: a name of 1 to {MAX_NAME_KEY} "
            "characters."
        )
    if _CONTROL.search(key):
        raise TopicMemoryError(
            f"A remembered fix's name {key[:40]!r} holds control characters; accepted: "
            "a name as the inventory gives it."
        )
    if isinstance(topics, str) or not isinstance(topics, list | tuple):
        raise TopicMemoryError(
            f"The fix for {key[:40]!r} is {repr(topics)[:60]}; accepted: a list of topic ids."
        )
    clean = [str(t) for t in topics]
    if not 1 <= len(clean) <= MAX_FIX_TOPICS or len(set(clean)) != len(clean):
        raise TopicMemoryError(
            f"The fix for {key[:40]!r} gives {len(clean)} topics ({len(set(clean))} distinct); "
            f"accepted: 1 to {MAX_FIX_TOPICS} distinct topic ids."
        )
    bad = [t for t in clean if not _TOPIC_ID.match(t)]
    if bad:
        raise TopicMemoryError(
            f"The fix for {key[:40]!r} names {bad[0][:40]!r}; accepted: topic ids (a-z, 0-9, _)."
        )
    if known_topics is not None:
        known = set(known_topics)
        unknown = [t for t in clean if t not in known]
        if unknown:
            raise TopicMemoryError(
                f"The fix for {key[:40]!r} names the topic {unknown[0][:40]!r}, which the "
                "topics catalog does not have; accepted: topic ids of templates/topics.csv."
            )
    return clean


def remembered_fixes(
    inventory: pd.DataFrame, edits: Mapping[int, Mapping[str, Any]]
) -> dict[str, list[str]]:
    """The topic fixes among ``edits`` (an engagement's ``inventory_edits``, by Excel row) as
    fixes by name key. Rows that are not in ``inventory``, edits without topics and names that
    cannot be remembered (see :func:`name_key`) are left out; a name fixed on two rows keeps the
    later row's fix."""
    by_row = {
        int(str(r.row)): name_key(str(r.attribute), str(getattr(r, "description", "") or ""))
        for r in inventory.itertuples(index=False)
    }
    by_number = {int(r): changes for r, changes in edits.items()}
    out: dict[str, list[str]] = {}
    for row in sorted(by_number):
        topics = (by_number[row] or {}).get("topics")
        key = by_row.get(row, "")
        if key and topics:
            out[key] = check_fix(key, list(topics))
    return out


def apply_remembered(
    mapped_inventory: pd.DataFrame,
    memory: Mapping[str, Iterable[str]],
    scope: str,
    catalog: Catalog | None = None,
) -> pd.DataFrame:
    """The mapped inventory with remembered fixes on its auto-mapped rows.

    A row whose ``topic_source`` is ``"auto"`` and whose name key is in ``memory`` takes the
    remembered topics, ``topic_source`` ``"remembered"``, ``remembered_from`` ``scope``,
    ``mapping_confidence`` 1.0 and ``needs_review`` False. Rows with topics given in the file, or
    fixed from another memory already, are left alone. ``special_review`` is never cleared;
    with ``catalog``, a fix to a special topic (e.g. health) flags the row, and topics the
    catalog does not know (a fix kept under an older catalog) are dropped from the fix.
    """
    if scope not in SCOPES:
        raise TopicMemoryError(f"The memory's scope is {scope!r}; accepted: {', '.join(SCOPES)}.")
    out = mapped_inventory.copy()
    if "remembered_from" not in out.columns:
        out["remembered_from"] = ""
    if not memory or out.empty:
        return out
    known = set(catalog.topics.index) if catalog is not None else None
    terms = None
    if catalog is not None:
        from .mapping import SensitivityTerms

        terms = SensitivityTerms(catalog)
    descriptions = out["description"] if "description" in out.columns else [""] * len(out)
    for i, (attribute, description, source) in enumerate(
        zip(out["attribute"], descriptions, out["topic_source"], strict=True)
    ):
        if source != "auto":
            continue
        key = name_key(attribute, description)
        remembered = memory.get(key) if key else None
        if not remembered:
            continue
        topics = [t for t in remembered if known is None or t in known]
        if not topics:
            continue
        at = out.index[i]
        out.at[at, "topics"] = list(topics)  # type: ignore[assignment]  # a column of lists
        out.at[at, "topic_source"] = REMEMBERED
        out.at[at, "remembered_from"] = scope
        out.at[at, "mapping_confidence"] = 1.0
        out.at[at, "needs_review"] = False
        if "mapping_review_reason" in out.columns:
            out.at[at, "mapping_review_reason"] = ""
        if "mapping_trust" in out.columns:
            out.at[at, "mapping_trust"] = 1.0
        if terms is None or catalog is None or "special_review" not in out.columns:
            continue
        if not bool(out.at[at, "special_review"]):
            flag = terms.for_topic(catalog, topics)
            if flag is not None:
                out.at[at, "sensitivity_category"] = flag.category_id
                out.at[at, "sensitivity_clause"] = flag.clause
                out.at[at, "sensitivity_matched"] = flag.matched
                out.at[at, "special_review"] = True
    return out


def remembered_counts(inventory: pd.DataFrame) -> dict[str, int]:
    """How many rows took a remembered fix, per scope (``engagement``, ``firm``)."""
    if "remembered_from" not in inventory.columns:
        return dict.fromkeys(SCOPES, 0)
    taken = inventory["remembered_from"].where(inventory["topic_source"] == REMEMBERED, "")
    return {scope: int((taken == scope).sum()) for scope in SCOPES}
