"""Problems and warnings, in English and Hebrew, shared by every reader and step.

An :class:`Issue` names what was found (row, column, value) and what is accepted; its two
messages are rendered from ``templates/messages.csv`` by :func:`make_issue`. The inventory
reader, the mapping, the planner and the plan-edit import all report through it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .catalog import Catalog


@dataclass(frozen=True)
class Issue:
    """One problem or warning, readable in English and Hebrew."""

    kind: str
    severity: str  # "error" or "warning"
    row: int | str | None = None
    column: str | None = None
    value: Any = None
    accepted: str | None = None
    message_en: str = ""
    message_he: str = ""

    def message(self, lang: str = "en") -> str:
        return self.message_he if lang == "he" else self.message_en

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        if isinstance(value, dt.date | dt.datetime):
            value = value.isoformat()
        elif value is not None and not isinstance(value, int | float | str | bool):
            value = str(value)
        return {
            "kind": self.kind,
            "severity": self.severity,
            "row": self.row,
            "column": self.column,
            "value": value,
            "accepted": self.accepted,
            "message_en": self.message_en,
            "message_he": self.message_he,
        }


def make_issue(
    catalog: Catalog,
    kind: str,
    row: int | str | None = None,
    column: str | None = None,
    value: Any = None,
    accepted: Any = None,
    *,
    localized: Mapping[str, Mapping[str, Any]] | None = None,
) -> Issue:
    """An :class:`Issue` with its messages rendered from the messages catalog.

    The Hebrew message names an inventory column by its Hebrew header (the template's), not by
    its id; ``localized`` gives a placeholder its own value per language, e.g.
    ``{"he": {"accepted": "אנגלית"}}`` for a message that names a language.
    """
    msg = catalog.message_records[kind]
    fill = {"row": row, "column": column, "value": _short(value), "accepted": accepted}
    messages = {}
    for lang in ("en", "he"):
        own = {**fill, "column": column_name(catalog, column, lang)}
        own.update((localized or {}).get(lang, {}))
        messages[lang] = str(msg[lang]).format(**own)
    return Issue(
        kind=kind,
        severity=str(msg["severity"]),
        row=row,
        column=column,
        value=value,
        accepted=accepted,
        message_en=messages["en"],
        message_he=messages["he"],
    )


def column_name(catalog: Catalog, column: str | None, lang: str) -> str | None:
    """An inventory column as a Hebrew message names it: the template's Hebrew header.

    English messages keep the column's id (it is also the English header, in lower case); a
    column that is not an inventory column is named as given.
    """
    if lang == "he" and column in catalog.inventory_columns.index:
        return str(catalog.inventory_columns.at[column, "label_he"])
    return column


def _short(value: Any, limit: int = 80) -> Any:
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + "…"
    return value
