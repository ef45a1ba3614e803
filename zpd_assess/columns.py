"""Column mapping: which of the client's columns is which of ours, with a confidence and a reason.

A consultant receives whatever the client's CRM or BI team sends: a data dictionary with title
rows, ``Field name | Label | Description | System | Data type | % populated | Last refreshed |
PII``, a catalog export, a Hebrew «מילון נתונים». Before anything is read, each client column is
matched to one of ours (or to none: it is then kept with every row as a note), and the match is
shown with its reason so that the consultant can change it.

A header counts by its name first: our column's id or label, a known alias
(``inventory_columns.csv``), a header that contains one (``Fill Rate (%)``) or is close to one
(``Last refreshed`` ~ ``last refresh``). A *weak* alias — a name some files use for our column and
others for something else, such as "Data type" for the data party — counts only when the
column's values are ours (``first``, ``3rd party``; never ``Text(40)``). The values also settle
what the name leaves open: "Last refreshed" holding dates is the last update, holding "daily" or
"weekly" it is the refresh interval. Each of our columns is read from one client column at most:
the best match wins and the others are kept as notes, saying why.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog
from .cells import blank, parse_date, parse_loose_number, parse_refresh, says_unknown, text_of
from .text import normalise_label

#: Rows at the top of a sheet searched for the header row (title rows come first).
HEADER_SCAN_ROWS = 10
#: Values of a column read to judge whether they fit one of our columns.
SAMPLE_ROWS = 200
#: A match below this confidence is not taken: the column is kept as a note.
MIN_CONFIDENCE = 0.5
#: Share of a column's values that must be ours for a weak alias or the values alone to count.
MIN_VALUE_FIT = 0.6
#: Similarity above which a header is taken as a misspelling of one of our names.
CLOSE_HEADER = 0.84
#: Columns whose values have a vocabulary (``inventory_values.csv``).
VOCABULARY_COLUMNS = ("party", "granularity", "consent")
#: Words that make a header describe the field itself (its type, length), not its data.
METADATA_WORDS = frozenset(
    ("type", "types", "length", "format", "scale", "precision", "nullable", "datatype", "dtype",
     "id", "count", "key", "סוג", "אורך", "פורמט")
)  # fmt: skip
#: Words that make a header the opposite of coverage ("Null %", "% missing").
INVERSE_COVERAGE = re.compile(r"\b(null|nulls|missing|empty|blank|חסר|ריק)\b")
_PARENTHESES = re.compile(r"\([^)]*\)")
#: Values that say yes or no: they fit too many vocabularies to identify a column alone.
YES_NO = frozenset(["yes", "no", "y", "n", "true", "false", "0", "1", "כן", "לא"])
#: What the consultant writes to leave a client column out.
IGNORE = ""
_UNIT = re.compile(r"\((?:%|days?|ימים|0-1|0–1|0-100|0–100|yes/no|y/n|date)\)|%|#")


@dataclass(frozen=True)
class ColumnMatch:
    """One column of the client's file and what it is read as."""

    position: int  # 0-based column index in the sheet
    letter: str  # the column's letter, as Excel shows it
    header: str  # the client's own header text ("" for a column without one)
    column_id: str | None  # our column, or None: kept with each row as a note
    confidence: float
    #: why, as a labels.csv key and the values it names
    reason: str
    reason_values: Mapping[str, Any] = field(default_factory=dict)
    samples: tuple[str, ...] = ()
    #: share of the column's values that fit ``column_id`` (None when it has no values or
    #: the column takes any text)
    fit: float | None = None
    by_consultant: bool = False

    @property
    def name(self) -> str:
        """The client's header, or ``(column C)`` for a column without one."""
        return self.header or f"({self.letter})"


@dataclass(frozen=True)
class ColumnMapping:
    """Every column of the client's header row, matched; and where the header row is."""

    header_row: int  # 1-based row of the header in the sheet
    matches: tuple[ColumnMatch, ...]
    #: consultant choices naming a header the file does not have
    unknown_choices: tuple[str, ...] = ()

    def positions(self) -> dict[str, int]:
        """Our column id -> the client's column position."""
        return {m.column_id: m.position for m in self.matches if m.column_id}

    def headers(self) -> dict[str, str]:
        """Our column id -> the client's header (as the messages name it)."""
        return {m.column_id: m.name for m in self.matches if m.column_id}

    def missing(self, catalog: Catalog) -> tuple[str, ...]:
        """Required columns of ours no client column is read as."""
        have = set(self.positions())
        required = catalog.inventory_columns["required"]
        return tuple(str(c) for c, r in required.items() if r and str(c) not in have)

    def choices(self) -> dict[str, str]:
        """The consultant's choices, as :func:`match_columns` takes them back."""
        return {m.name: m.column_id or IGNORE for m in self.matches if m.by_consultant}

    def reason_text(self, match: ColumnMatch, catalog: Catalog, lang: str) -> str:
        """The match's reason, as a consultant reads it aloud."""
        return reason_text(match, catalog, lang)


def reason_text(match: ColumnMatch, catalog: Catalog, lang: str) -> str:
    """One sentence: why this client column is read as ours (or kept as a note)."""
    values = dict(match.reason_values)
    for key in ("column", "other_column"):
        if values.get(key):
            values[key] = column_label(catalog, values[key], lang)
    if "fit" in values:
        values["fit"] = f"{values['fit']:.0%}"
    text = catalog.text(match.reason, lang, **values)
    if match.fit is not None and match.column_id and match.reason != "columns.reason_values":
        text += catalog.text("columns.fit_note", lang, fit=f"{match.fit:.0%}")
    return text


def column_label(catalog: Catalog, column_id: str, lang: str) -> str:
    """Our column as the template's header names it in ``lang``."""
    return str(catalog.inventory_columns.at[column_id, f"label_{lang}"])


def read_choices(text: str, catalog: Catalog) -> dict[str, str]:
    """``client=ours,...`` (the CLI's ``--columns``) as choices; ``client=`` leaves one out.

    Raises ValueError naming an unknown column of ours and listing ours.
    """
    known = _name_lookup(catalog)[0]
    choices: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        client, sep, ours = part.partition("=")
        if not sep or not client.strip():
            raise ValueError(f"{part!r}: write client header=our column, e.g. 'Data type='")
        target = ours.strip()
        if target and target not in catalog.inventory_columns.index:
            target = known.get(normalise_label(target), "")
            if not target:
                raise ValueError(
                    f"{ours.strip()!r} is not one of our columns; ours: "
                    + ", ".join(catalog.inventory_columns.index)
                )
        choices[client.strip()] = target
    return choices


# --- matching ----------------------------------------------------------------------------------


def _name_lookup(
    catalog: Catalog,
) -> tuple[dict[str, str], dict[str, list[str]], dict[str, str]]:
    """(strong names, weak names, display form) keyed by normalised header; a weak name may be
    used for several of our columns ("origin": the party or the source system)."""
    strong: dict[str, str] = {}
    weak: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for column, row in catalog.inventory_columns.iterrows():
        cid = str(column)
        for n in (cid, cid.replace("_", " "), row["label_en"], row["label_he"],
                  *str(row["aliases"]).split(";")):  # fmt: skip
            key = normalise_label(n)
            if key:
                strong.setdefault(key, str(cid))
                shown.setdefault(key, str(n).strip())
        for n in str(row.get("weak_aliases", "") or "").split(";"):
            key = normalise_label(n)
            if key and key not in strong:
                weak.setdefault(key, []).append(str(cid))
                shown.setdefault(key, n.strip())
    return strong, weak, shown


def _strip_units(key: str) -> str:
    return " ".join(_UNIT.sub(" ", key).split())


def _name_candidates(header: str, catalog: Catalog) -> list[tuple[str, float, str, dict]]:
    """(column id, confidence from the name, reason key, reason values), best first."""
    strong, weak, shown = _name_lookup(catalog)
    key = normalise_label(header)
    if not key:
        return []
    out: list[tuple[str, float, str, dict]] = []
    bare = _strip_units(key)
    for k in dict.fromkeys((key, bare)):
        if k in strong:
            cid = strong[k]
            own = {normalise_label(cid), normalise_label(cid.replace("_", " "))}
            own |= {normalise_label(catalog.inventory_columns.at[cid, f"label_{x}"])
                    for x in ("en", "he")}  # fmt: skip
            reason = "columns.reason_own" if k in own else "columns.reason_alias"
            out.append((cid, 1.0 if k == key else 0.95, reason, {"alias": shown[k]}))
        elif k in weak:
            out += [(cid, 0.5, "columns.reason_weak", {"alias": shown[k]}) for cid in weak[k]]
    if out:
        return out
    words = bare.split()
    if words and (words[-1] in METADATA_WORDS or words[0] in METADATA_WORDS):
        return []  # "Attribute Type", "Field length": about the field, not one of ours
    # a known name inside the header: "Fill Rate (%) 2026", "Data Owner", "Source system name"
    contained = [
        (len(k.split()), cid, k)
        for k, cid in strong.items()
        if k and _contains(words, k.split()) and (len(k.split()) > 1 or len(k) > 3)
    ]
    if contained:
        n, cid, k = max(contained)
        out.append((cid, 0.85 if n > 1 else 0.7, "columns.reason_contains", {"alias": shown[k]}))
    if out and out[0][0] == "coverage" and INVERSE_COVERAGE.search(key) and "not" not in words:
        out = []
    close = difflib.get_close_matches(bare, list(strong), n=1, cutoff=CLOSE_HEADER)
    if close:
        cid = strong[close[0]]
        ratio = difflib.SequenceMatcher(None, bare, close[0]).ratio()
        out.append((cid, 0.9 * ratio, "columns.reason_close", {"alias": shown[close[0]]}))
    return sorted(out, key=lambda c: -c[1])


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    return any(list(words[i : i + n]) == list(part) for i in range(len(words) - n + 1))


class _ValueFit:
    """How well a column's values fit each of our columns (share of its non-blank values)."""

    def __init__(self, catalog: Catalog):
        self.vocab: dict[str, set[str]] = {}
        iv = catalog.inventory_values
        for fname in (*VOCABULARY_COLUMNS, "refresh"):
            keys: set[str] = set()
            for _, row in iv[iv["field"] == fname].iterrows():
                for n in (row["value_id"], row["label_en"], row["label_he"],
                          *str(row["aliases"]).split(";")):  # fmt: skip
                    if normalise_label(n):
                        keys.add(normalise_label(n))
            self.vocab[fname] = keys
        self.refresh_words = refresh_words(catalog)
        topics: set[str] = set()
        for tid, row in catalog.topics.iterrows():
            for n in (tid, str(tid).replace("_", " "), row["label_en"], row["label_he"],
                      *str(row.get("synonyms", "")).split(";")):  # fmt: skip
                if normalise_label(n):
                    topics.add(normalise_label(n))
        self.vocab["topics"] = topics

    def in_vocabulary(self, cid: str, value: Any) -> bool:
        """The value is one of ours for ``cid`` ("3rd party (Experian)" is a third party)."""
        text = text_of(value)
        return any(
            normalise_label(t) in self.vocab[cid]
            for t in (text, _PARENTHESES.sub(" ", text), *re.split(r"[,;]", text))
        )

    def values_only_fit(self, cid: str, values: Sequence[Any]) -> float | None:
        """The fit that lets values alone name a column: never for numbers or yes/no."""
        words = [v for v in values if not says_unknown(v)]
        if any(parse_loose_number(v)[0] is not None for v in words):
            return None
        if all(normalise_label(text_of(v)) in YES_NO for v in words):
            return None
        return self.fit(cid, words)

    def fit(self, cid: str, values: Sequence[Any]) -> float | None:
        """Share of ``values`` that ``cid`` can read; None when any text fits ``cid``."""
        values = [v for v in values if not says_unknown(v)]
        if not values:
            return None
        if cid in VOCABULARY_COLUMNS:
            ok = sum(self.in_vocabulary(cid, v) for v in values)
        elif cid == "topics":
            ok = sum(self.in_vocabulary("topics", v) for v in values)
        elif cid in ("coverage", "accuracy"):
            ok = sum(self._share(v) for v in values)
        elif cid == "last_updated":
            ok = sum(parse_date(v)[0] is not None or self._refresh_word(v) for v in values)
        elif cid == "refresh_days":
            ok = sum(self._refresh(v) for v in values)
        elif cid == "attribute":
            texts = [text_of(v) for v in values]
            return len(set(texts)) / len(texts)
        else:
            return None
        return ok / len(values)

    def _share(self, value: Any) -> bool:
        number, _, _ = parse_loose_number(value)
        return number is not None and 0 <= number <= 100

    def _refresh(self, value: Any) -> bool:
        """A refresh word or a number of days."""
        return parse_refresh(value, self.refresh_words) is not None

    def _refresh_word(self, value: Any) -> bool:
        """A refresh word ("daily"), not a bare number (which a date column may also hold)."""
        return (
            isinstance(value, str) and parse_loose_number(value)[0] is None and self._refresh(value)
        )

    def dates_share(self, values: Sequence[Any]) -> float:
        values = [v for v in values if not says_unknown(v)]
        if not values:
            return 0.0
        return sum(parse_date(v)[0] is not None for v in values) / len(values)


def refresh_words(catalog: Catalog) -> dict[str, float]:
    """Words for a refresh interval ("daily", "weekly", «חודשי») -> days, from the ``refresh``
    rows of ``inventory_values.csv``."""
    iv = catalog.inventory_values
    words: dict[str, float] = {}
    for _, row in iv[iv["field"] == "refresh"].iterrows():
        days = float(row["value_id"])
        for n in (row["label_en"], row["label_he"], *str(row["aliases"]).split(";")):
            if normalise_label(n):
                words.setdefault(normalise_label(n), days)
    return words


def header_row(grid: Sequence[Sequence[Any]], catalog: Catalog) -> tuple[int, int]:
    """(0-based index of the header row, how many of our columns its names give)."""
    best = (0, 0, 0.0)
    for i, row in enumerate(grid[:HEADER_SCAN_ROWS]):
        found: dict[str, float] = {}
        for cell in row:
            if blank(cell):
                continue
            for cid, conf, reason, _ in _name_candidates(text_of(cell), catalog)[:1]:
                if reason != "columns.reason_weak" and conf >= MIN_CONFIDENCE:
                    found[cid] = max(found.get(cid, 0.0), conf)
        score = (len(found), sum(found.values()))
        if score > best[1:]:
            best = (i, *score)
    return best[0], best[1]


def match_columns(
    grid: Sequence[Sequence[Any]],
    catalog: Catalog,
    choices: Mapping[str, str] | None = None,
) -> ColumnMapping:
    """Match every column of the client's sheet (a grid of cells) to ours.

    ``choices`` are the consultant's: client header -> our column id, or ``""`` to keep the
    column as a note; they win over any match (a header is compared as normalised text, so
    ``"% Populated"`` names ``"% populated"``).
    """
    head_idx, _ = header_row(grid, catalog)
    header = list(grid[head_idx]) if grid else []
    body = [r for r in grid[head_idx + 1 : head_idx + 1 + SAMPLE_ROWS]]
    width = max((len(r) for r in grid), default=0)
    chosen = {normalise_label(k): v for k, v in (choices or {}).items()}
    used_choices: set[str] = set()
    fitter = _ValueFit(catalog)

    columns: list[dict[str, Any]] = []
    for pos in range(width):
        text = text_of(header[pos]) if pos < len(header) else ""
        values = [r[pos] for r in body if pos < len(r) and not blank(r[pos])]
        if not text and not values:
            continue
        columns.append({"pos": pos, "header": text, "values": values})

    # every (column, ours) candidate with its confidence
    candidates: list[tuple[float, int, str, str, dict, float | None]] = []
    rejected: dict[int, tuple[str, dict, float | None]] = {}
    for i, col in enumerate(columns):
        key = normalise_label(col["header"]) or f"({column_letter(col['pos'])})".lower()
        if key in chosen or normalise_label(f"({column_letter(col['pos'])})") in chosen:
            continue
        names = _name_candidates(col["header"], catalog) if col["header"] else []
        for cid, conf, reason, rvalues in names:
            fit = fitter.fit(cid, col["values"])
            cid, reason, rvalues, fit = _settle_freshness(cid, reason, rvalues, fit, col, fitter)
            if (
                reason == "columns.reason_weak"
                and fit is None
                and cid not in (*VOCABULARY_COLUMNS, "coverage", "accuracy", "topics", "attribute")
            ):
                conf = 0.55  # a text column: any value fits, so the name alone decides, weakly
            elif reason == "columns.reason_weak":
                if fit is None or fit < MIN_VALUE_FIT:
                    rejected[i] = (
                        "columns.reason_weak_rejected",
                        {**rvalues, "column": cid, "header": col["header"],
                         "example": ", ".join(text_of(v) for v in col["values"][:2]) or "—"},
                        fit,
                    )  # fmt: skip
                    continue
                conf = 0.5 + 0.45 * fit
            elif fit is not None and len(col["values"]) >= 3:
                # a share column whose values are counts ("1,204,331") is no coverage
                conf *= fit if cid in ("coverage", "accuracy") and fit < 0.8 else 0.6 + 0.4 * fit
            candidates.append((conf, i, cid, reason, rvalues, fit))
        if not names and len(col["values"]) >= 3:
            for cid in VOCABULARY_COLUMNS:
                fit = fitter.values_only_fit(cid, col["values"])
                if fit is not None and fit >= 0.9:
                    candidates.append(
                        (0.6 * fit, i, cid, "columns.reason_values", {"column": cid, "fit": fit},
                         fit)
                    )  # fmt: skip

    taken: dict[str, int] = {}
    assigned: dict[int, tuple[float, str, str, dict, float | None, bool]] = {}
    for i, col in enumerate(columns):
        key = normalise_label(col["header"]) or f"({column_letter(col['pos'])})".lower()
        for k in (key, normalise_label(f"({column_letter(col['pos'])})")):
            if k in chosen:
                used_choices.add(k)
                wanted = chosen[k]
                if wanted and wanted not in taken:
                    taken[wanted] = i
                    fit = fitter.fit(wanted, col["values"])
                    assigned[i] = (1.0, wanted, "columns.reason_consultant", {}, fit, True)
                else:
                    assigned[i] = (1.0, "", "columns.reason_left_out", {}, None, True)
                break
    losers: dict[int, tuple[str, dict, float | None]] = {}
    for conf, i, cid, reason, rvalues, fit in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if i in assigned or conf < MIN_CONFIDENCE:
            continue
        if cid in taken:
            other = columns[taken[cid]]
            losers.setdefault(
                i,
                ("columns.reason_taken",
                 {"column": cid, "other": other["header"] or f"({column_letter(other['pos'])})"},
                 fit),
            )  # fmt: skip
            continue
        taken[cid] = i
        assigned[i] = (conf, cid, reason, rvalues, fit, False)

    matches = []
    for i, col in enumerate(columns):
        samples = tuple(text_of(v)[:60] for v in col["values"][:3])
        common = {"position": col["pos"], "letter": column_letter(col["pos"]),
                  "header": col["header"], "samples": samples}  # fmt: skip
        if i in assigned:
            conf, cid, reason, rvalues, fit, mine = assigned[i]
            matches.append(ColumnMatch(**common, column_id=cid or None,
                                       confidence=round(conf, 2), reason=reason,
                                       reason_values=rvalues, fit=fit if cid else None,
                                       by_consultant=mine))  # fmt: skip
            continue
        reason, rvalues, fit = losers.get(i) or rejected.get(i) or ("columns.reason_none", {}, None)
        matches.append(ColumnMatch(**common, column_id=None, confidence=0.0, reason=reason,
                                   reason_values=rvalues))  # fmt: skip
    unknown = tuple(k for k, v in (choices or {}).items() if normalise_label(k) not in used_choices)
    return ColumnMapping(header_row=head_idx + 1, matches=tuple(matches), unknown_choices=unknown)


def _settle_freshness(cid, reason, rvalues, fit, col, fitter: _ValueFit):
    """A freshness column's values say which of ours it is: dates are the last update, words
    and numbers of days the refresh interval."""
    if cid not in ("last_updated", "refresh_days") or len(col["values"]) < 2:
        return cid, reason, rvalues, fit
    dates = fitter.dates_share(col["values"])
    refresh = fitter.fit("refresh_days", col["values"]) or 0.0
    if cid == "last_updated" and refresh > dates:
        return ("refresh_days", "columns.reason_freshness_words",
                {**rvalues, "other_column": "last_updated"}, refresh)  # fmt: skip
    if cid == "refresh_days" and dates > refresh:
        return ("last_updated", "columns.reason_freshness_dates",
                {**rvalues, "other_column": "refresh_days"}, dates)  # fmt: skip
    return cid, reason, rvalues, fit


def column_letter(pos: int) -> str:
    """A 0-based column position as Excel names it (0 -> A, 26 -> AA); written here, not taken
    from openpyxl, so that reading a CSV never imports the workbook library."""
    letters = ""
    pos += 1
    while pos:
        pos, rem = divmod(pos - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def mapping_table(mapping: ColumnMapping, catalog: Catalog, lang: str) -> list[dict[str, Any]]:
    """The mapping as rows a page or the CLI shows: client header, ours, confidence, why."""
    return [
        {
            "letter": m.letter,
            "header": m.name,
            "column_id": m.column_id or IGNORE,
            "column": column_label(catalog, m.column_id, lang) if m.column_id else "",
            "confidence": m.confidence,
            "reason": reason_text(m, catalog, lang),
            "samples": " | ".join(m.samples),
            "by_consultant": m.by_consultant,
        }
        for m in mapping.matches
    ]


def column_accuracy(path, catalog: Catalog) -> dict[str, Any]:
    """Accuracy on a set of labelled header lists (``list_id, position, header, samples,
    expected``; samples ``a | b | c``): the share of headers read as the expected column of
    ours (or kept as a note when none is expected), and the misses."""
    import csv
    from collections import defaultdict

    lists: dict[str, list[dict[str, str]]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            lists[row["list_id"]].append(row)
    right = wrong_taken = total = 0
    misses: list[str] = []
    for list_id, rows in lists.items():
        rows.sort(key=lambda r: int(r["position"]))
        samples = [[s.strip() for s in r["samples"].split(" | ")] for r in rows]
        depth = max(len(s) for s in samples)
        body = [[s[i] if i < len(s) else "" for s in samples] for i in range(depth)]
        mapping = match_columns([[r["header"] for r in rows], *body], catalog)
        got = {m.position: m.column_id or "" for m in mapping.matches}
        for pos, row in enumerate(rows):
            total += 1
            found = got.get(pos, "")
            if found == row["expected"]:
                right += 1
                continue
            wrong_taken += bool(found)
            misses.append(f"{list_id}: {row['header']!r} -> {found or 'note'}, "
                          f"expected {row['expected'] or 'note'}")  # fmt: skip
    return {
        "lists": len(lists),
        "headers": total,
        "accuracy": right / total if total else 0.0,
        "wrong_taken": wrong_taken,
        "misses": misses,
    }
