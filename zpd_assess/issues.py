"""Problems and warnings, in English and Hebrew, shared by every reader and step.

An :class:`Issue` names what was found (row, column, value) and what is accepted; its two
messages are rendered from ``templates/messages.csv`` by :func:`make_issue`. The inventory
reader, the mapping, the planner and the plan-edit import all report through it.
"""

from __future__ import annotations

import datetime as dt
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
) -> Issue:
    """An :class:`Issue` with its messages rendered from the messages catalog."""
    msg = catalog.message_records[kind]
    fill = {"row": row, "column": column, "value": _short(value), "accepted": accepted}
    return Issue(
        kind=kind,
        severity=str(msg["severity"]),
        row=row,
        column=column,
        value=value,
        accepted=accepted,
        message_en=str(msg["en"]).format(**fill),
        message_he=str(msg["he"]).format(**fill),
    )


def _short(value: Any, limit: int = 80) -> Any:
    if isinstance(value, str) and len(value) > limit:
        return value[:limit] + "…"
    return value
