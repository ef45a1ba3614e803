"""Guards shared by every path that reads an uploaded file or writes one for Excel.

Uploads (the inventory, the edited plan workbook, the evidence tables) are checked *before* a
parser sees them: the size of the bytes, and for a zip container (.xlsx) the number of parts,
how far they inflate and how hard they are compressed, the marks of a zip bomb. Each check raises
:class:`UnsafeFileError`, whose message says what was found and what is accepted; each reader
turns it into its own error type (``InventoryError``, ``EvidenceError``).

Text written for Excel (CSV files, workbook cells) goes through :func:`neutralise_text` or
:func:`starts_risky`, so that client text can never become a formula when the file is opened.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

MB = 2**20

#: First characters that make Excel, LibreOffice or Sheets read a cell as a formula (or DDE),
#: in their ASCII and full-width forms, and the control characters that hide such a start.
FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
CONTROL_STARTS = ("\t", "\r", "\n")
#: What the plan workbook marks with ``quotePrefix`` (a string cell starting with one of these).
RISKY_PREFIXES = FORMULA_STARTS + CONTROL_STARTS


class UnsafeFileError(ValueError):
    """A file refused before it was parsed.

    ``problem`` is one of ``too_large``, ``not_zip``, ``too_many_parts``, ``inflates_too_far``,
    ``zip_bomb``, ``missing_part``, ``too_many_rows``; ``str(error)`` is the reason in English,
    written to follow "The file cannot be read: ...".
    """

    def __init__(self, problem: str, reason: str):
        self.problem = problem
        self.reason = reason
        super().__init__(reason)


def starts_risky(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula (leading blanks are skipped)."""
    if text.startswith(CONTROL_STARTS):
        return True
    return text.lstrip().startswith(FORMULA_STARTS)


def neutralise_text(value: str) -> str:
    """``value`` made inert for a CSV opened in a spreadsheet: a ``'`` in front when risky.

    Used for every text cell of every CSV ZPD Assess writes. Text that is not risky comes back
    unchanged; risky text keeps every character after the added quote.
    """
    return "'" + value if starts_risky(value) else value


def megabytes(n_bytes: float) -> str:
    """``n_bytes`` as the MB figure the messages show (one decimal)."""
    return f"{n_bytes / MB:.1f} MB"


def check_size(n_bytes: int, max_bytes: int) -> None:
    """Refuse a file larger than ``max_bytes``."""
    if n_bytes > max_bytes:
        raise UnsafeFileError(
            "too_large",
            f"the file is {megabytes(n_bytes)}; the largest accepted is {max_bytes / MB:g} MB",
        )


@dataclass(frozen=True)
class ZipLimits:
    """How far a zip container (.xlsx) may go before it is refused unopened."""

    max_uncompressed_bytes: int = 300 * MB  # a zip bomb inflates far past any real workbook
    max_parts: int = 10_000
    #: A part larger than ``ratio_floor_bytes`` may inflate at most ``max_ratio`` times; real
    #: worksheets inflate 3 to 10 times, the bombs of the review 250 times and more.
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1 * MB


@dataclass(frozen=True)
class ZipSummary:
    names: frozenset[str]
    parts: int
    uncompressed_bytes: int


def check_zip(
    data: bytes,
    *,
    what: str = "workbook",
    limits: ZipLimits = ZipLimits(),
    required: Iterable[str] = ("xl/workbook.xml",),
) -> ZipSummary:
    """Inspect a zip container without inflating it; refuse one that looks like a bomb.

    ``what`` names the document in the messages ("which no inventory needs"). Only the central
    directory is read, so this costs microseconds whatever the parts claim.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsafeFileError("not_zip", f"not a workbook ({exc})") from exc
    if len(infos) > limits.max_parts:
        raise UnsafeFileError(
            "too_many_parts",
            f"it holds {len(infos):,} parts; no {what} needs more than {limits.max_parts:,}",
        )
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise UnsafeFileError(
            "inflates_too_far", f"it inflates to {total // MB} MB, which no {what} needs"
        )
    for info in infos:
        if info.file_size > limits.ratio_floor_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise UnsafeFileError(
                    "zip_bomb", f"its part {info.filename} inflates {ratio:,.0f} times: a zip bomb"
                )
    names = frozenset(info.filename for info in infos)
    for part in required:
        if part not in names:
            raise UnsafeFileError("missing_part", "no workbook inside")
    return ZipSummary(names=names, parts=len(infos), uncompressed_bytes=total)


# --- limits of the other readers ----------------------------------------------------------------


@dataclass(frozen=True)
class PlanLimits:
    """How large an edited plan workbook may be (a plan has a few hundred questions)."""

    max_bytes: int = 25 * MB  # the app's upload limit
    max_rows: int = 5_000
    max_columns: int = 100
    zip: ZipLimits = ZipLimits()


@dataclass(frozen=True)
class EvidenceLimits:
    """How large a customers or answers table may be (CSV or Parquet)."""

    max_bytes: int = 200 * MB
    max_rows: int = 2_000_000
    max_uncompressed_bytes: int = 1024 * MB  # what a Parquet file says it inflates to
