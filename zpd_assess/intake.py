"""Inventory intake: read, validate and normalise an organisation's customer-data inventory.

A client fills one row per customer attribute it holds. Files arrive as .xlsx or .csv (UTF-8,
UTF-8 with BOM, UTF-16, Windows-1255), with English or Hebrew headers and values, percentages
written three ways and dates in Israeli order. :func:`load_inventory` accepts all of that, and
either returns a clean table plus warnings or raises :class:`InventoryError` listing *every*
problem with the Excel row number, the column, the value found and what is accepted. Nothing the
user wrote is dropped: unknown columns are kept with each row, long text is kept whole.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .catalog import CONSENT_BASES, GRANULARITIES, PARTIES, Catalog
from .cells import (
    EXCEL_EPOCH as EXCEL_EPOCH,
)
from .cells import (
    blank,
    column_is_percent,
    parse_date,
    parse_number,
    parse_refresh,
    parse_share,
    says_unknown,
    text_of,
)
from .cells import coverage_share as coverage_share
from .columns import (
    ColumnMapping,
    column_letter,
    header_row,
    match_columns,
    reason_text,
    refresh_words,
)
from .filesafety import UnsafeFileError, ZipLimits, check_zip
from .issues import Issue as Issue  # re-exported: the inventory's issues are the shared kind
from .issues import column_name
from .issues import make_issue as make_issue
from .mapping import SensitivityTerms
from .text import normalise_label

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt")
CSV_ENCODINGS = ("utf-8-sig", "cp1255")
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024  # a zip bomb inflates far past any real inventory
HEADER_SCAN_ROWS = 10
TOPIC_SEPARATORS = re.compile(r"[,;|،\n]+")
DATE_FORMATS = "2026-03-14, 14/03/2026, 14.03.2026 or an Excel date"

#: Columns of the normalised inventory, in order.
INVENTORY_COLUMNS = (
    "row", "attribute", "party", "coverage", "description", "source_system", "topics",
    "topics_given", "last_updated", "refresh_days", "age_days", "accuracy", "accuracy_given",
    "granularity", "consent", "owner", "notes", "extra", "sensitivity_category",
    "sensitivity_clause", "sensitivity_matched",
)  # fmt: skip
#: Extra columns read as an attribute's sample values (for special-sensitivity terms).
#: Our columns a consultant may give one value for, for every row the file leaves blank.
DEFAULTABLE = ("party", "coverage", "refresh_days", "accuracy", "granularity", "consent",
               "source_system", "owner")  # fmt: skip
#: A row with one cell that reads as a section heading ("— Loyalty fields —", "Section 2:").
SECTION_HEADING = re.compile(r"^\W|\W$|^(section|part|חלק|פרק)\b|:$", re.IGNORECASE)
VALUE_HEADERS = re.compile(r"value|example|sample|ערכ|דוגמ", re.IGNORECASE)


class InventoryError(ValueError):
    """The inventory cannot be used as it is. ``issues`` lists every error (and the warnings)."""

    def __init__(self, issues: Sequence[Issue]):
        self.issues = tuple(issues)
        self.errors = tuple(i for i in self.issues if i.severity == "error")
        self.warnings = tuple(i for i in self.issues if i.severity == "warning")
        lines = [i.message_en for i in self.errors]
        super().__init__(
            f"The inventory has {len(self.errors)} problem(s):\n"
            + "\n".join(f"- {m}" for m in lines)
        )


@dataclass(frozen=True)
class IntakeResult:
    """A validated inventory: one row per attribute, plus what the reader noticed."""

    inventory: pd.DataFrame
    warnings: tuple[Issue, ...]
    source_name: str
    sheet: str | None = None
    encoding: str | None = None
    header_row: int = 1
    column_map: dict[str, str] = field(default_factory=dict)
    #: how each client column was read (shown, and editable, on the mapping step)
    columns: ColumnMapping | None = None


class _Issues:
    """Collects the issues of one read."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        self.items: list[Issue] = []
        #: our column id -> the client's header, where the file names it otherwise
        self.headers: dict[str, str] = {}

    def add(
        self, kind: str, row=None, column=None, value=None, accepted=None, localized=None
    ) -> None:
        own = {lang: dict((localized or {}).get(lang, {})) for lang in ("en", "he")}
        header = self.headers.get(column) if isinstance(column, str) else None
        if header:
            for lang in ("en", "he"):
                ours = column_name(self.catalog, column, lang)
                if normalise_label(header) not in (normalise_label(ours), normalise_label(column)):
                    own[lang].setdefault("column", f"«{header}» ({ours})")
        self.items.append(
            make_issue(self.catalog, kind, row, column, value, accepted, localized=own)
        )

    def add_said(self, kind: str, row, column, value, label: str, fill=None) -> None:
        """An issue whose ``accepted`` is a label said in each message's own language; ``fill``
        gives the label's placeholders per language (``{"en": {...}, "he": {...}}``)."""
        he = self.catalog.text(label, "he", **(fill or {}).get("he", {}))
        en = self.catalog.text(label, "en", **(fill or {}).get("en", {}))
        self.add(kind, row, column, value, en,
                 localized={"he": {"accepted": he}})  # fmt: skip

    @property
    def has_errors(self) -> bool:
        return any(i.severity == "error" for i in self.items)


# --- reading files into a grid of cells ------------------------------------------------------


def _read_bytes(source: str | Path | bytes, name: str | None) -> tuple[bytes, str]:
    if isinstance(source, bytes | bytearray):
        return bytes(source), name or "upload"
    path = Path(source)
    return path.read_bytes(), name or path.name


_ENCODING_LABELS = {"utf-16": "UTF-16", "utf-8-sig": "UTF-8", "cp1255": "Windows-1255"}
# A Hebrew letter or point glued to a Latin letter inside one word: Latin-1 read as cp1255
# ("café" comes out as "cafי").
_GARBLED = re.compile(r"[A-Za-z][\u0591-\u05f4]|[\u0591-\u05f4][A-Za-z]")


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the bytes look like UTF-16 text that lost its byte order mark."""
    sample = data[:4096]
    half = len(sample) // 2
    if half < 8:
        return None
    even_zeros = sample[0::2].count(0) / half
    odd_zeros = sample[1::2].count(0) / half
    if odd_zeros > 0.3 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.3 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def _decode(data: bytes) -> tuple[str, str] | None:
    """The text and the codec that read it: UTF-16 (Excel's "Unicode text"), UTF-8, cp1255."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates: tuple[str, ...] = ("utf-16",)
    else:
        bomless = _utf16_without_bom(data)
        candidates = (bomless,) if bomless else CSV_ENCODINGS
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return text.removeprefix("\ufeff"), "utf-16" if enc.startswith("utf-16") else enc
    return None


def _warn_garbled(grid: list[list[Any]], issues: _Issues) -> None:
    """One warning naming the first cell that looks like Latin-1 read as Windows-1255."""
    hits = [
        (r, c, cell)
        for r, row in enumerate(grid)
        for c, cell in enumerate(row)
        if isinstance(cell, str) and _GARBLED.search(cell)
    ]
    if not hits:
        return
    r, c, cell = hits[0]
    first = grid[0][c] if c < len(grid[0]) else ""
    column = column_letter(c) + (f" ({first.strip()})" if r and str(first).strip() else "")
    issues.add("encoding_garbled", row=r + 1, column=column, value=cell, accepted=len(hits))


def _grid_from_csv(data: bytes, issues: _Issues) -> tuple[list[list[Any]], str]:
    decoded = _decode(data)
    if decoded is None:  # cp1255 leaves a few bytes undefined; nothing else fits either
        raise InventoryError(
            _single(issues, "file_unreadable", "file.csv_text_encodings",
                    "file.not_text")
        )  # fmt: skip
    text, encoding = decoded
    if "\x00" in text:
        raise InventoryError(_single(issues, "file_unreadable", "file.csv_text", "file.binary"))
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        grid = [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise InventoryError(_single(issues, "file_unreadable", "file.csv", str(exc))) from exc
    label = _ENCODING_LABELS[encoding]
    if encoding == "cp1255":
        issues.add("encoding", value=label)
        _warn_garbled(grid, issues)
    return grid, label


def _single(issues: _Issues, kind: str, accepted: str, value: Any) -> list[Issue]:
    """One issue that ends the read. ``accepted`` and ``value`` may be label keys (``file.*``),
    said in each message's own language; anything else is shown as given."""
    catalog = issues.catalog
    localized: dict[str, dict[str, Any]] = {"en": {}, "he": {}}
    plain: dict[str, Any] = {"accepted": accepted, "value": value}
    for name, given in (("accepted", accepted), ("value", value)):
        if isinstance(given, str) and given.startswith("file.") and given in catalog.labels["en"]:
            for lang in ("en", "he"):
                localized[lang][name] = catalog.text(given, lang)
            plain[name] = catalog.text(given, "en")
    issues.add(kind, value=plain["value"], accepted=plain["accepted"], localized=localized)
    return issues.items


def _check_zip(data: bytes, issues: _Issues) -> None:
    """Refuse a zip bomb or a non-workbook before openpyxl opens it (see :mod:`.filesafety`)."""
    try:
        check_zip(data, what="inventory", limits=ZipLimits(MAX_UNCOMPRESSED_BYTES))
    except UnsafeFileError as exc:
        raise InventoryError(_single(issues, "file_unreadable", "file.xlsx", exc.reason)) from exc


def _sheet_rows(ws, max_rows: int) -> list[list[Any]]:
    rows = []
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i > max_rows + HEADER_SCAN_ROWS + 1:
            break
        rows.append(list(row))
    return rows


def _grid_from_xlsx(data: bytes, issues: _Issues, max_rows: int) -> tuple[list[list[Any]], str]:
    """Read the sheet that holds the inventory. openpyxl parses XML through defusedxml."""
    import openpyxl  # imported here: the CSV path and the CLI's help stay fast

    _check_zip(data, issues)
    try:
        values_wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas_wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for broken files; all mean "unreadable"
        raise InventoryError(
            _single(issues, "file_unreadable", "file.xlsx", type(exc).__name__)
        ) from exc
    try:
        best: tuple[int, str, list[list[Any]]] | None = None
        for name in values_wb.sheetnames:
            ws = values_wb[name]
            if getattr(ws, "sheet_state", "visible") != "visible" and len(values_wb.sheetnames) > 1:
                continue
            try:
                grid = _sheet_rows(ws, max_rows)
                formula_grid = _sheet_rows(formulas_wb[name], max_rows)
            except Exception as exc:
                raise InventoryError(
                    _single(issues, "file_unreadable", "file.xlsx",
                            f"sheet {name!r}: {type(exc).__name__}")
                ) from exc  # fmt: skip
            grid = _merge_formulas(grid, formula_grid)
            score = _header_score(grid, issues.catalog)[0]
            if best is None or score > best[0]:
                best = (score, name, grid)
    finally:
        values_wb.close()
        formulas_wb.close()
    if best is None:
        raise InventoryError(_single(issues, "file_empty", "", ""))
    if len(values_wb.sheetnames) > 1:
        issues.add("sheet_chosen", value=best[1])
    return best[2], best[1]


def _merge_formulas(values: list[list[Any]], formulas: list[list[Any]]) -> list[list[Any]]:
    """Where a formula has no cached value (a file never opened in Excel), keep its text."""
    merged = []
    for r, row in enumerate(values):
        frow = formulas[r] if r < len(formulas) else []
        out = []
        for c, value in enumerate(row):
            f = frow[c] if c < len(frow) else None
            if value is None and isinstance(f, str) and f.startswith("="):
                out.append(_FormulaText(f))
            else:
                out.append(value)
        merged.append(out)
    return merged


class _FormulaText(str):
    """Text that was a formula in the workbook, kept verbatim (and reported)."""


# --- header recognition ----------------------------------------------------------------------


def _header_lookup(catalog: Catalog) -> dict[str, str]:
    """Our columns' ids, labels and aliases (not the weak ones) -> column id."""
    lookup: dict[str, str] = {}
    for cid, row in catalog.inventory_columns.iterrows():
        names = [cid, row["label_en"], row["label_he"], *str(row["aliases"]).split(";")]
        for n in names:
            key = normalise_label(n)
            if key:
                lookup.setdefault(key, cid)
    return lookup


def _header_score(grid: list[list[Any]], catalog: Catalog) -> tuple[int, int]:
    """(number of our columns the header names give, index of the header row)."""
    index, found = header_row(grid, catalog)
    return found, index


# --- value parsing (the readers live in .cells) ----------------------------------------------

_blank = blank
_text = text_of
_parse_number = parse_number
_parse_share = parse_share
_parse_date = parse_date
_column_is_percent = column_is_percent


def _vocabulary(catalog: Catalog, field_name: str) -> dict[str, str]:
    lookup: dict[str, str] = {}
    iv = catalog.inventory_values
    for _, row in iv[iv["field"] == field_name].iterrows():
        for n in [row["value_id"], row["label_en"], row["label_he"], *row["aliases"].split(";")]:
            key = normalise_label(n)
            if key:
                lookup.setdefault(key, row["value_id"])
    return lookup


def _accepted_values(catalog: Catalog, field_name: str, ids: Sequence[str]) -> str:
    iv = catalog.inventory_values.set_index(["field", "value_id"])
    return ", ".join(f"{i} ({iv.at[(field_name, i), 'label_he']})" for i in ids)


class TopicLabelMatcher:
    """Match a cell's text to a topic id or an English/Hebrew topic label, exactly or approximately.

    Not to be confused with :class:`~zpd_assess.mapping.TopicMapper`, which suggests topics from
    an attribute's name and description with a trained model.
    """

    def __init__(self, catalog: Catalog):
        self.exact: dict[str, str] = {}
        for tid, row in catalog.topics.iterrows():
            for n in (tid, tid.replace("_", " "), row["label_en"], row["label_he"]):
                self.exact.setdefault(normalise_label(n), tid)
        self.keys = list(self.exact)
        # a topic's synonyms match exactly, never approximately: a file written with a former
        # label (e.g. the seed's «שנאת סיכון») keeps working; labels win where they collide
        self.synonyms: dict[str, str] = {}
        for tid, row in catalog.topics.iterrows():
            for n in str(row.get("synonyms", "")).split(";"):
                key = normalise_label(n)
                if key and key not in self.exact:
                    self.synonyms.setdefault(key, tid)
        self.cutoff = catalog.assumptions.number("mapping.approximate_label_cutoff")

    def match(self, text: str) -> tuple[str | None, bool]:
        """(topic id, approximate?) or (None, False)."""
        key = normalise_label(text)
        if not key:
            return None, False
        if key in self.exact:
            return self.exact[key], False
        if key in self.synonyms:
            return self.synonyms[key], False
        squeezed = key.replace(" ", "")
        for k, tid in self.exact.items():
            if k.replace(" ", "") == squeezed:
                return tid, True
        close = difflib.get_close_matches(key, self.keys, n=1, cutoff=self.cutoff)
        if close:
            return self.exact[close[0]], True
        return None, False


# --- the reader ------------------------------------------------------------------------------


def _read_grid(
    source: str | Path | bytes, name: str | None, issues: _Issues
) -> tuple[list[list[Any]], str, str | None, str | None]:
    """The file's cells: (grid, file name, sheet, encoding); raises InventoryError."""
    a = issues.catalog.assumptions
    max_mb = a.number("intake.max_upload_mb")
    max_rows = int(a.number("intake.max_rows"))
    try:
        data, source_name = _read_bytes(source, name)
    except OSError as exc:
        # the OS's own words are English; a missing file is said in the message's language
        missing = isinstance(exc, FileNotFoundError)
        reason = "file.not_found" if missing else exc.strerror or type(exc).__name__
        raise InventoryError(
            _single(issues, "file_unreadable", "file.readable_file", reason)
        ) from exc
    suffix = Path(source_name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise InventoryError(
            _single(issues, "file_type", ", ".join(ACCEPTED_SUFFIXES), suffix or "(none)")
        )
    if len(data) > max_mb * 1024 * 1024:
        raise InventoryError(
            _single(issues, "file_too_large", f"{max_mb:g} MB", f"{len(data) / 2**20:.1f} MB")
        )
    if not data.strip():
        raise InventoryError(_single(issues, "file_empty", "", ""))
    sheet = encoding = None
    if suffix in (".xlsx", ".xlsm"):
        grid, sheet = _grid_from_xlsx(data, issues, max_rows)
    else:
        if data[:4] == b"PK\x03\x04":
            raise InventoryError(
                _single(issues, "file_unreadable", "file.csv_text", "file.excel_named_csv")
            )  # fmt: skip
        grid, encoding = _grid_from_csv(data, issues)
    return grid, source_name, sheet, encoding


def file_columns(
    source: str | Path | bytes,
    catalog: Catalog,
    *,
    name: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> ColumnMapping:
    """How the file's columns are read (the mapping step shows it before anything is read).

    Raises :class:`InventoryError` only for a file that cannot be opened at all.
    """
    grid, _, _, _ = _read_grid(source, name, _Issues(catalog))
    while grid and all(_blank(c) for c in grid[-1]):
        grid.pop()
    if not grid:
        raise InventoryError(_single(_Issues(catalog), "file_empty", "", ""))
    return match_columns(grid, catalog, columns)


def load_inventory(
    source: str | Path | bytes,
    catalog: Catalog,
    *,
    name: str | None = None,
    today: dt.date | None = None,
    columns: Mapping[str, str] | None = None,
    defaults: Mapping[str, Any] | None = None,
) -> IntakeResult:
    """Read and validate an inventory file (.xlsx or .csv) into a normalised table.

    ``source`` is a path or the uploaded bytes (then ``name`` gives the file name, for its
    extension). ``columns`` are the consultant's choices on the mapping step (client header ->
    our column id, ``""`` to keep it as a note; see :mod:`.columns`); ``defaults`` give a value
    for every row where one of our columns is missing or blank (``{"party": "first",
    "refresh_days": "monthly"}``), each reported. Raises :class:`InventoryError` listing every
    error; returns warnings otherwise.
    """
    today = today or dt.date.today()
    issues = _Issues(catalog)
    max_rows = int(catalog.assumptions.number("intake.max_rows"))
    grid, source_name, sheet, encoding = _read_grid(source, name, issues)

    defaults = {k: v for k, v in (defaults or {}).items() if not says_unknown(v)}
    unknown_defaults = [k for k in defaults if k not in DEFAULTABLE]
    if unknown_defaults:
        raise ValueError(
            f"no default can be set for {', '.join(unknown_defaults)}; "
            f"defaults are accepted for {', '.join(DEFAULTABLE)}"
        )
    frame, header_row, column_map, mapping = _table(
        grid, issues, max_rows, sheet, columns or {}, defaults
    )
    inventory = _normalise_rows(frame, issues, today, defaults)
    inventory = _flag_special_sensitivity(inventory, issues)
    if issues.has_errors:
        raise InventoryError(issues.items)
    return IntakeResult(
        inventory=inventory,
        warnings=tuple(issues.items),
        source_name=source_name,
        sheet=sheet,
        encoding=encoding,
        header_row=header_row,
        column_map=column_map,
        columns=mapping,
    )


def _table(
    grid: list[list[Any]],
    issues: _Issues,
    max_rows: int,
    sheet: str | None,
    choices: Mapping[str, str],
    defaults: Mapping[str, Any],
) -> tuple[list[tuple[int, dict[str, Any], dict[str, Any]]], int, dict[str, str], ColumnMapping]:
    """Find the header, match the columns (:mod:`.columns`); returns
    ``([(excel_row, our cells, extra cells)], header row, header -> ours, the mapping)``."""
    catalog = issues.catalog
    required = [c for c, r in catalog.inventory_columns["required"].items() if r]
    grid = [row for row in grid]
    while grid and all(_blank(c) for c in grid[-1]):
        grid.pop()
    if not grid:
        raise InventoryError(_single(issues, "file_empty", "", ""))
    score, _ = _header_score(grid, catalog)
    if score == 0 and not choices:
        raise InventoryError(_single(issues, "no_header", ", ".join(required), sheet or "CSV"))
    mapping = match_columns(grid, catalog, choices)
    header_idx = mapping.header_row - 1
    header = grid[header_idx]
    positions = mapping.positions()
    issues.headers = {cid: m.header for m in mapping.matches if (cid := m.column_id)}
    column_map = {m.name: m.column_id for m in mapping.matches if m.column_id}
    extra_positions = {m.position: m.name for m in mapping.matches if not m.column_id}

    # the same name of ours written twice ("Coverage" and "coverage"): one is read, say so
    lookup = _header_lookup(catalog)
    same_name: dict[str, list[int]] = {}
    for m in mapping.matches:
        cid = lookup.get(normalise_label(m.header)) if m.header else None
        if cid and not m.by_consultant:
            same_name.setdefault(cid, []).append(m.position)
    for cid, pos_list in same_name.items():
        if len(pos_list) > 1 and cid in positions:
            names = [_text(header[p]) for p in pos_list]
            issues.add_said("duplicate_header", header_idx + 1, cid, " / ".join(names),
                            "intake.accepted_one_column",
                            {lang: {"column": column_name(catalog, cid, lang)}
                             for lang in ("en", "he")})  # fmt: skip
            for p in pos_list:
                if p != positions[cid]:
                    extra_positions[p] = _text(header[p]) + f" ({column_letter(p)})"
    header_names = _header_names(catalog)
    for cid in required:
        if cid not in positions and cid not in defaults:
            issues.add("missing_column", row=header_idx + 1, column=cid,
                       accepted=header_names[cid])  # fmt: skip
    for name in mapping.unknown_choices:
        issues.add("column_choice_unknown", row=header_idx + 1, column=name,
                   accepted=", ".join(m.name for m in mapping.matches))  # fmt: skip
    all_names = ", ".join(catalog.inventory_columns.index)
    hebrew_names = {"he": {"accepted": ", ".join(catalog.inventory_columns["label_he"])}}
    for m in mapping.matches:
        if m.column_id or m.position not in extra_positions:
            continue
        if m.reason in ("columns.reason_weak_rejected", "columns.reason_taken"):
            reasons = {lang: {"value": reason_text(m, catalog, lang)} for lang in ("en", "he")}
            issues.add("column_kept_as_note", row=header_idx + 1, column=m.name,
                       value=reasons["en"]["value"], localized=reasons)  # fmt: skip
        elif not any(i.kind == "duplicate_header" and m.header and m.header in str(i.value)
                     for i in issues.items):  # fmt: skip
            issues.add("unknown_column", row=header_idx + 1, column=m.name, accepted=all_names,
                       localized=hebrew_names)  # fmt: skip
    if any(i.kind == "missing_column" for i in issues.items):
        raise InventoryError(issues.items)

    body = grid[header_idx + 1 :]
    rows = []
    headings: list[int] = []
    for offset, raw in enumerate(body):
        if all(_blank(c) for c in raw):
            continue
        excel_row = header_idx + 2 + offset
        cells = {cid: (raw[p] if p < len(raw) else None) for cid, p in positions.items()}
        extra = {
            label: raw[pos]
            for pos, label in extra_positions.items()
            if pos < len(raw) and not _blank(raw[pos])
        }
        if _section_heading(raw, positions):
            headings.append(excel_row)
            continue
        rows.append((excel_row, cells, extra))
    if headings:
        first = next(_text(c) for c in body[headings[0] - header_idx - 2] if not _blank(c))
        issues.add("section_heading_rows", _row_list(headings), None, first, len(headings))
    if not rows:
        raise InventoryError(_single(issues, "no_rows", "", ""))
    if len(rows) > max_rows:
        raise InventoryError(_single(issues, "too_many_rows", f"{max_rows:,}", f"{len(rows):,}"))
    return rows, header_idx + 1, column_map, mapping


def _section_heading(raw: Sequence[Any], positions: Mapping[str, int]) -> bool:
    """A row with a single cell that reads as a heading and nothing where a value is needed."""
    filled = [c for c in raw if not _blank(c)]
    if len(filled) != 1 or not isinstance(filled[0], str):
        return False
    for cid in ("party", "coverage"):
        p = positions.get(cid)
        if p is not None and p < len(raw) and not _blank(raw[p]):
            return False
    text = filled[0].strip()
    return bool(SECTION_HEADING.search(text)) or (" " in text and not re.search(r"[_.]", text))


def _header_names(catalog: Catalog) -> dict[str, str]:
    return {
        cid: f"{cid} / {row['label_en']} / {row['label_he']}"
        for cid, row in catalog.inventory_columns.iterrows()
    }


def _normalise_rows(
    rows: list[tuple[int, dict[str, Any], dict[str, Any]]],
    issues: _Issues,
    today: dt.date,
    defaults: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    catalog = issues.catalog
    defaults = dict(defaults or {})
    refresh_vocabulary = refresh_words(catalog)
    defaulted: dict[str, list[int]] = {}
    a = catalog.assumptions
    parties = _vocabulary(catalog, "party")
    granularities = _vocabulary(catalog, "granularity")
    consents = _vocabulary(catalog, "consent")
    topics = TopicLabelMatcher(catalog)
    cell_limit = int(a.number("intake.excel_cell_limit"))
    default_granularity = a.text("granularity.default")
    default_consent = a.text("consent.default")
    default_accuracy = a.number("accuracy.default")
    unknown_age = a.number("freshness.unknown_age_days")
    refresh_factor = a.number("freshness.refresh_age_factor")
    coverage_pct = _column_is_percent(c.get("coverage") for _, c, _ in rows)
    accuracy_pct = _column_is_percent(c.get("accuracy") for _, c, _ in rows)
    accepted_party = _accepted_values(catalog, "party", PARTIES)
    accepted_gran = _accepted_values(catalog, "granularity", GRANULARITIES)
    accepted_consent = _accepted_values(catalog, "consent", CONSENT_BASES)
    topic_examples = ", ".join(
        f"{t} ({catalog.topics.at[t, 'label_he']})" for t in ("life_stage", "family_status")
    )
    seen: dict[str, int] = {}
    blank_gran: list[int] = []
    blank_consent: list[int] = []
    blank_accuracy: list[int] = []
    no_age: list[int] = []
    records = []

    for excel_row, cells, extra in rows:
        rec: dict[str, Any] = {"row": excel_row}
        cells = dict(cells)
        for col, value in defaults.items():
            if says_unknown(cells.get(col)):
                if col == "refresh_days" and not says_unknown(cells.get("last_updated")):
                    continue  # the row has its own date
                cells[col] = value
                defaulted.setdefault(col, []).append(excel_row)
        for col, value in list(cells.items()) + list(extra.items()):
            if isinstance(value, _FormulaText):
                issues.add("formula_kept", excel_row, col, str(value))
            if isinstance(value, str) and len(value) > cell_limit:
                issues.add("cell_too_long", excel_row, col, len(value), f"{cell_limit:,}")

        attribute = _text(cells.get("attribute"))
        if not attribute:
            issues.add_said("missing_value", excel_row, "attribute", None,
                            "intake.accepted_attribute")  # fmt: skip
        else:
            key = normalise_label(attribute) or attribute
            if key in seen:
                issues.add("duplicate_attribute", excel_row, "attribute", attribute,
                           str(seen[key]))  # fmt: skip
            else:
                seen[key] = excel_row
        rec["attribute"] = attribute

        party_raw = cells.get("party")
        if says_unknown(party_raw):
            issues.add("missing_value", excel_row, "party", None, accepted_party)
            rec["party"] = None
        else:
            rec["party"] = parties.get(normalise_label(_text(party_raw)))
            if rec["party"] is None:
                issues.add("unknown_party", excel_row, "party", _text(party_raw), accepted_party)

        cov_raw = cells.get("coverage")
        rec["coverage"] = None
        if says_unknown(cov_raw):
            issues.add("missing_value", excel_row, "coverage", None, "0–1, 0–100 or 85%")
        else:
            share, err, warn = _parse_share(cov_raw, coverage_pct)
            if err == "not_a_number":
                issues.add_said("coverage_not_a_number", excel_row, "coverage", _text(cov_raw),
                                "intake.accepted_coverage")  # fmt: skip
            elif err:
                issues.add("coverage_out_of_range", excel_row, "coverage", _text(cov_raw),
                           "0–1, 0–100 or 0%–100%")  # fmt: skip
            else:
                rec["coverage"] = share
                if warn == "percent":
                    issues.add("coverage_percent", excel_row, "coverage", _text(cov_raw),
                               f"{share:.0%}")  # fmt: skip
                elif warn:
                    issues.add(f"share_{warn}", excel_row, "coverage", _text(cov_raw),
                               f"{share:.0%}")  # fmt: skip

        for col in ("description", "source_system", "owner", "notes"):
            rec[col] = _text(cells.get(col))

        topics_raw = _text(cells.get("topics"))
        rec["topics_given"] = topics_raw
        topic_ids: list[str] = []
        for token in TOPIC_SEPARATORS.split(topics_raw):
            if not token.strip():
                continue
            tid, approx = topics.match(token)
            if tid is None:
                issues.add("unknown_topic", excel_row, "topics", token.strip(), topic_examples)
                continue
            if approx:
                label = f"{tid} ({catalog.topics.at[tid, 'label_en']})"
                issues.add("topic_approximate", excel_row, "topics", token.strip(), label)
            if tid not in topic_ids:
                topic_ids.append(tid)
        rec["topics"] = topic_ids

        date_raw = cells.get("last_updated")
        rec["last_updated"] = None
        refresh_in_date = (
            parse_refresh(date_raw, refresh_vocabulary)
            if isinstance(date_raw, str) and _parse_number(date_raw)[0] is None
            else None
        )
        if refresh_in_date is not None:
            if says_unknown(cells.get("refresh_days")):
                cells["refresh_days"] = refresh_in_date
        elif not says_unknown(date_raw):
            date, err, warn = _parse_date(date_raw)
            if err:
                issues.add("bad_date", excel_row, "last_updated", _text(date_raw), DATE_FORMATS)
            else:
                rec["last_updated"] = date
                if warn == "ambiguous":
                    issues.add("date_ambiguous", excel_row, "last_updated", _text(date_raw),
                               date.strftime("%d %B %Y"))  # fmt: skip
                elif warn == "serial":
                    issues.add("date_serial", excel_row, "last_updated", _text(date_raw),
                               date.isoformat())  # fmt: skip
                elif warn in ("quarter", "month"):
                    issues.add(f"date_{warn}", excel_row, "last_updated", _text(date_raw),
                               date.isoformat())  # fmt: skip
                if date > today:
                    issues.add("date_future", excel_row, "last_updated", _text(date_raw))

        refresh_raw = cells.get("refresh_days")
        rec["refresh_days"] = None
        if rec["last_updated"] is None and not says_unknown(refresh_raw):
            date, err, _ = _parse_date(refresh_raw)
            if err is None and parse_refresh(refresh_raw, refresh_vocabulary) is None:
                rec["last_updated"] = date  # a date in a column of refresh words
                refresh_raw = None
        if not says_unknown(refresh_raw):
            number = parse_refresh(refresh_raw, refresh_vocabulary)
            if number is None:
                issues.add_said("refresh_days_not_a_number", excel_row, "refresh_days",
                                _text(refresh_raw), "intake.accepted_refresh_days")  # fmt: skip
            else:
                rec["refresh_days"] = number
        if rec["last_updated"] is not None:
            rec["age_days"] = float(max((today - rec["last_updated"]).days, 0))
            if rec["refresh_days"] is not None:
                issues.add("date_and_refresh", excel_row, "last_updated")
        elif rec["refresh_days"] is not None:
            rec["age_days"] = rec["refresh_days"] * refresh_factor
        else:
            rec["age_days"] = unknown_age
            no_age.append(excel_row)

        acc_raw = cells.get("accuracy")
        rec["accuracy"] = default_accuracy
        rec["accuracy_given"] = False
        if says_unknown(acc_raw):
            blank_accuracy.append(excel_row)
        else:
            share, err, warn = _parse_share(acc_raw, accuracy_pct)
            if err == "not_a_number":
                issues.add_said("accuracy_not_a_number", excel_row, "accuracy", _text(acc_raw),
                                "intake.accepted_accuracy")  # fmt: skip
            elif err:
                issues.add("accuracy_out_of_range", excel_row, "accuracy", _text(acc_raw),
                           "0–1, 0–100 or 0%–100%")  # fmt: skip
            else:
                rec["accuracy"] = share
                rec["accuracy_given"] = True
                if warn in ("range", "approximate"):
                    issues.add(f"share_{warn}", excel_row, "accuracy", _text(acc_raw),
                               f"{share:.0%}")  # fmt: skip
                elif warn:
                    issues.add("accuracy_percent", excel_row, "accuracy", _text(acc_raw),
                               f"{share:.0%}")  # fmt: skip

        for col, vocab, accepted, default, blanks, kind in (
            ("granularity", granularities, accepted_gran, default_granularity, blank_gran,
             "unknown_granularity"),
            ("consent", consents, accepted_consent, default_consent, blank_consent,
             "unknown_consent"),
        ):  # fmt: skip
            raw = cells.get(col)
            if _blank(raw):
                rec[col] = default
                blanks.append(excel_row)
            else:
                rec[col] = vocab.get(normalise_label(_text(raw)))
                if rec[col] is None:
                    issues.add(kind, excel_row, col, _text(raw), accepted)

        rec["extra"] = {k: _text(v) for k, v in extra.items()}
        records.append(rec)

    for col, rows_ in defaulted.items():
        shown = _text(defaults[col])
        every = len(rows_) == len(rows)
        issues.add("default_chosen_all" if every else "default_chosen", _row_list(rows_), col,
                   shown, len(rows_))  # fmt: skip
    for kind, col, rows_, accepted in (
        ("default_granularity", "granularity", blank_gran, default_granularity),
        ("default_consent", "consent", blank_consent, default_consent),
        ("default_accuracy", "accuracy", blank_accuracy, f"{default_accuracy:.0%}"),
        ("unknown_age", "last_updated", no_age, f"{unknown_age:g}"),
    ):
        if rows_:
            issues.add(kind, _row_list(rows_), col, len(rows_), accepted)

    frame = pd.DataFrame.from_records(records)
    for col in INVENTORY_COLUMNS:
        if col not in frame.columns:
            frame[col] = None
    return frame[list(INVENTORY_COLUMNS)].reset_index(drop=True)


def _flag_special_sensitivity(inventory: pd.DataFrame, issues: _Issues) -> pd.DataFrame:
    """Flag attributes whose name (or sample values) holds a term of ``sensitivity.csv``: a
    warning per row naming the category and the clause, in both languages."""
    catalog = issues.catalog
    terms = SensitivityTerms(catalog)
    msg = catalog.message_records["special_sensitivity"]
    out = inventory.copy()
    found: list[tuple[str, str, str]] = []
    for rec in out.itertuples(index=False):
        values = [v for k, v in (rec.extra or {}).items() if VALUE_HEADERS.search(str(k))]
        flag = terms.find(str(rec.attribute), str(rec.description or ""), *values)
        if flag is None:
            found.append(("", "", ""))
            continue
        found.append((flag.category_id, flag.clause, flag.matched))
        text = {}
        for lang in ("en", "he"):
            blocked = catalog.sensitivity_records[flag.category_id]["channel_list"]
            channels = [
                str(catalog.channels.at[c, f"label_{lang}"])
                if c in catalog.channels.index
                else str(catalog.message_records["special_sensitivity_public_screen"][lang])
                for c in blocked
            ]
            text[lang] = str(msg[lang]).format(
                row=rec.row,
                value=rec.attribute,
                category=catalog.sensitivity_records[flag.category_id][f"label_{lang}"],
                term=flag.matched,
                clause=catalog.sensitivity_citation(flag.category_id, lang),
                channels=_or_list(channels, lang),
            )
        issues.items.append(
            Issue(
                kind="special_sensitivity",
                severity=str(msg["severity"]),
                row=int(rec.row),
                column="attribute",
                value=rec.attribute,
                accepted=flag.category_id,
                message_en=text["en"],
                message_he=text["he"],
            )
        )
    for i, col in enumerate(("sensitivity_category", "sensitivity_clause", "sensitivity_matched")):
        out[col] = [f[i] for f in found]
    return out


def _or_list(items: list[str], lang: str) -> str:
    """ "a, b or c" (Hebrew: «a, b או c»)."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (" או " if lang == "he" else " or ") + items[-1]


def _row_list(rows: list[int], limit: int = 12) -> str:
    shown = ", ".join(map(str, rows[:limit]))
    return shown + (f" … (+{len(rows) - limit})" if len(rows) > limit else "")
