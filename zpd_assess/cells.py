"""Reading one cell of a client's file: numbers, shares, dates and refresh intervals as people
write them.

A data dictionary says "85%", "0.85", "60–70%", "~80%", "daily", "Q2 2026" or «חודשי» where our
template asks for a number or a date. These readers accept what people write and say, through a
note, when they had to interpret it (a range read as its midpoint), so that the reader of the
file can report it; anything they cannot read is ``None``, never a guess.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

from .text import normalise_label

#: Cells that say "not known": read as blank (then a default the consultant chose applies).
UNKNOWN_WORDS = frozenset(
    normalise_label(w)
    for w in ("n/a", "na", "n.a.", "-", "—", "?", "??", "unknown", "not known", "tbd", "tbc",
              "none", "null", "nan", "#n/a", "לא ידוע", "אין מידע", "לא רלוונטי", "ל\"ר", "לר")
)  # fmt: skip

_NUMBER = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*(%?)\s*$")
# 60–70%, 60-70, 60 to 70 %, 60 עד 70%
_RANGE = re.compile(
    r"^\s*(\d+(?:[.,]\d+)?)\s*(%?)\s*(?:-|–|—|to|עד)\s*(\d+(?:[.,]\d+)?)\s*(%?)\s*$"
)
# ~80%, ≈80, approx. 80%, about 80, c. 80, כ-80%, בערך 80, >90%, <5%
_APPROX = re.compile(
    r"^\s*(?:~|≈|approx\.?|approximately|about|around|circa|ca\.?|c\.|est\.?|כ\s*-?|בערך|"
    r"בסביבות|>=?|<=?|≥|≤|over|under|above|below|more than|less than|מעל|מתחת ל-?)\s*"
    r"(\d+(?:[.,]\d+)?)\s*(%?)\s*$",
    re.IGNORECASE,
)
_QUARTER = re.compile(r"^\s*q([1-4])\s*[/\- ]?\s*(\d{4})\s*$", re.IGNORECASE)
# 11/2025, 03.2026, Jan 2026, March 2026
_MONTH_YEAR = re.compile(
    r"^\s*(?:(\d{1,2})[/.\-]|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+)"
    r"(\d{4})\s*$",
    re.IGNORECASE,
)
_MONTHS = {
    m: i + 1
    for i, m in enumerate(("jan feb mar apr may jun jul aug sep oct nov dec").split())  # noqa: SIM905
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def blank(value: Any) -> bool:
    """Nothing written (None, NaN or only spaces)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def says_unknown(value: Any) -> bool:
    """Blank, or a word for "not known" (n/a, ?, «לא ידוע»)."""
    return blank(value) or (isinstance(value, str) and normalise_label(value) in UNKNOWN_WORDS)


def text_of(value: Any) -> str:
    """A cell as the text a person would read in it."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_number(value: Any) -> tuple[float | None, bool]:
    """(number, had a percent sign), or (None, False) when it is no plain number."""
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        return None, False
    if isinstance(value, int | float):
        return (None, False) if math.isnan(value) or math.isinf(value) else (float(value), False)
    m = _NUMBER.match(str(value))
    if not m:
        return None, False
    return float(m.group(1).replace(",", ".")), bool(m.group(2))


def parse_loose_number(value: Any) -> tuple[float | None, bool, str | None]:
    """Like :func:`parse_number`, and also a range (its midpoint) or an approximate figure.

    Returns (number, had a percent sign, note): note is ``"range"`` or ``"approximate"`` when
    the number had to be interpreted, else None.
    """
    number, pct = parse_number(value)
    if number is not None or not isinstance(value, str):
        return number, pct, None
    m = _RANGE.match(value)
    if m:
        low, high = (float(m.group(i).replace(",", ".")) for i in (1, 3))
        if low <= high:
            return (low + high) / 2, bool(m.group(2) or m.group(4)), "range"
    m = _APPROX.match(value)
    if m:
        return float(m.group(1).replace(",", ".")), bool(m.group(2)), "approximate"
    return None, False, None


def column_is_percent(values: Iterable[Any]) -> bool:
    """A column whose bare numbers are mostly above 1 is written in percent (85 means 85%)."""
    above = below = 0
    for v in values:
        number, has_pct, _ = parse_loose_number(v)
        if number is None or has_pct or number == 0:
            continue
        if number > 1:
            above += 1
        else:
            below += 1
    return above > below


def coverage_share(value: Any) -> float:
    """A coverage typed in the app's grid, as a share of customers from 0 to 1.

    The grid shows coverage as a percentage, so people type what they see: 70 and "70%" mean
    70%, 0.7 is already a share (anything above 1 is read as a percentage); the result is
    clipped to 0–1 and the grid then shows what was stored. Raises ValueError for text that is
    no number.
    """
    number, pct, _ = parse_loose_number(value)
    if number is None:
        raise ValueError(f"{value!r} is not a number; type 70, 70% or 0.7")
    if pct or number > 1:
        number /= 100
    return min(max(number, 0.0), 1.0)


def parse_share(value: Any, percent_column: bool) -> tuple[float | None, str | None, str | None]:
    """Read a 0–1 share written as 0.85, 85, "85%", "60–70%" or "~80%".

    Returns (share, error kind, warning kind); the warning is ``percent`` (85 read as 85% in a
    column of shares), ``range`` or ``approximate``.
    """
    number, has_pct, note = parse_loose_number(value)
    if number is None:
        return None, "not_a_number", None
    if has_pct or percent_column:
        share = number / 100
    elif 1 < number <= 100 and (number >= 2 or float(number).is_integer()):
        # 85 or 99.6 in a column of shares is a percentage; 1.7 could be 0.17 or 1.7%: an error.
        return number / 100, None, note or "percent"
    else:
        share = number
    if not 0 <= share <= 1:
        return None, "out_of_range", None
    return share, None, note


def parse_date(value: Any) -> tuple[dt.date | None, str | None, str | None]:
    """(date, None, warning kind) or (None, "bad", None). Day-first: the Israeli order.

    Warnings: ``ambiguous`` (3/4/2026), ``serial`` (an Excel day number), ``quarter`` (Q2 2026
    read as the quarter's last day), ``month`` (11/2025 or Jan 2026: the month's last day).
    """
    if isinstance(value, dt.datetime):
        return value.date(), None, None
    if isinstance(value, dt.date):
        return value, None, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value)), None, "serial"
        return None, "bad", None
    text = str(value).strip()
    try:
        m = _ISO.match(text)
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None, None
        m = _DMY.match(text)
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if year < 100:
                year += 2000 if year < 70 else 1900
            date = dt.date(year, month, day)
            ambiguous = day <= 12 and month <= 12 and day != month
            return date, None, "ambiguous" if ambiguous else None
        m = _MONTH_YEAR.match(text)
        if m:
            month = int(m.group(1)) if m.group(1) else _MONTHS[m.group(2).lower()[:3]]
            year = int(m.group(3))
            if not (1 <= month <= 12 and 1900 <= year <= 2199):
                raise ValueError(f"month {month} of {year}")  # "0.2026", "1.0001": numbers
            first_of_next = dt.date(year + (month == 12), month % 12 + 1, 1)
            return first_of_next - dt.timedelta(days=1), None, "month"
        m = _QUARTER.match(text)
        if m:
            quarter, year = int(m.group(1)), int(m.group(2))
            first_of_next = dt.date(year + (quarter == 4), quarter * 3 % 12 + 1, 1)
            return first_of_next - dt.timedelta(days=1), None, "quarter"
    except (ValueError, OverflowError):
        return None, "bad", None
    number, has_pct = parse_number(text)
    if number is not None and not has_pct:
        return parse_date(number)
    return None, "bad", None


def parse_refresh(value: Any, words: Mapping[str, float]) -> float | None:
    """A refresh interval in days: a positive number, or a word of ``words`` ("daily",
    "weekly", «חודשי»; see the ``refresh`` rows of ``inventory_values.csv``)."""
    number, has_pct = parse_number(value)
    if number is not None:
        return number if number > 0 and not has_pct else None
    if not isinstance(value, str):
        return None
    key = normalise_label(value)
    bare = normalise_label(re.sub(r"\([^)]*\)", " ", value))
    for k in (key, bare):
        if k in words:
            return words[k]
    # "every 30 days", "30 days", "כל 30 יום", "every 4 hours", "every 2 weeks"
    m = re.match(
        r"^(?:every |כל )?(\d+(?:[.,]\d+)?) ?(hours?|h|שעות|days?|d|ימים|יום|weeks?|שבועות|"
        r"months?|חודשים)$",
        bare,
    )
    if m:
        amount = float(m.group(1).replace(",", "."))
        unit = m.group(2)
        days = amount * next(
            f for u, f in ((("hour", "h", "שעות"), 1 / 24), (("week", "שבועות"), 7),
                           (("month", "חודשים"), 30), (("day", "d", "ימים", "יום"), 1))
            if unit.startswith(u)
        )  # fmt: skip
        return days if days > 0 else None
    # "Daily 06:00", "nightly batch", "weekly (Sunday)": a refresh word first, then detail
    first = bare.split(" ")[0] if bare else ""
    if first in words and first not in ("d", "w", "m", "q", "day", "week", "month", "year"):
        return words[first]
    return None
