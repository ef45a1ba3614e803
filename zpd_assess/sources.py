"""Where each figure of the model comes from: the sources catalog, its grades and its checks."""

from __future__ import annotations

import re

import pandas as pd

from .catalog import Catalog

#: how much a source can carry: a peer-reviewed or large published study, a vendor or industry
#: report, a law or regulator (principles, never the model's numbers), or a stated assumption
GRADES = ("study", "vendor", "law", "assumption")
ASSUMPTION = "assumption"
# a specific locator names a year or date, a URL or a DOI
_SPECIFIC = re.compile(r"(https?://|doi:|\b(19|20)\d{2}\b|\.txt\b)")


def source_grade(catalog: Catalog, source_id: str) -> str:
    """The grade of ``source_id`` (study / vendor / law / assumption)."""
    return str(catalog.sources.at[source_id, "grade"])


def grade_label(catalog: Catalog, source_id: str, lang: str) -> str:
    """A source as a reader knows it, with its grade in words: ``Vocalabs (Vendor report)``.

    The publisher's name without its description (a name reads the same in both languages);
    an assumption of the tool's own is only its grade (``Assumption``), never an id.
    """
    grade = source_grade(catalog, source_id)
    words = catalog.labels[lang][f"grade.{grade}"]
    if grade == ASSUMPTION:
        return words
    return f"{publisher_name(catalog, source_id)} ({words})"


def publisher_name(catalog: Catalog, source_id: str) -> str:
    """The publisher of ``source_id`` without the description in brackets or after a comma."""
    publisher = str(catalog.sources.at[source_id, "publisher"])
    return re.split(r"\s*[(,]", publisher, maxsplit=1)[0].strip() or source_id


def cited_sources(catalog: Catalog) -> pd.DataFrame:
    """Every place a catalog cites a source: file, row, column and the source id."""
    rows: list[tuple[str, str, str, str]] = []
    ch = catalog.channels
    for col in [c for c in ch.columns if c.endswith("_source")]:
        rows += [("channels.csv", str(cid), col, str(v)) for cid, v in ch[col].items()]
    a = catalog.assumptions.table
    for col in ("source", "basis"):
        if col in a.columns:
            for p, v in zip(a["parameter"], a[col], strict=True):
                rows += [("assumptions.csv", str(p), col, s) for s in _ids(v)]
    uc = catalog.use_cases
    for col in ("value_source", "evidence_sources"):
        if col in uc.columns:
            for uid, v in uc[col].items():
                rows += [("use_cases.csv", str(uid), col, s) for s in _ids(v)]
    return pd.DataFrame(rows, columns=["file", "row", "column", "source_id"])


def source_problems(catalog: Catalog) -> list[str]:
    """What is wrong with the sources: an unknown id cited, a grade outside :data:`GRADES`, a
    locator too vague to find again, a figure left without a source. Empty when all is well."""
    s = catalog.sources
    problems: list[str] = []
    if "grade" not in s.columns:
        return ["sources.csv: no 'grade' column; add one with study, vendor, law or assumption"]
    for sid, row in s.iterrows():
        if row["grade"] not in GRADES:
            problems.append(
                f"sources.csv: {sid}: grade {row['grade']!r}; use one of {', '.join(GRADES)}"
            )
        elif row["grade"] != ASSUMPTION and not _SPECIFIC.search(str(row["locator"])):
            problems.append(
                f"sources.csv: {sid}: locator {row['locator']!r} names no year, URL or DOI; "
                "give the title, publisher, year and a URL or DOI"
            )
    for c in cited_sources(catalog).itertuples():
        if not c.source_id:
            if c.column != "basis" and c.column != "evidence_sources":
                problems.append(
                    f"{c.file}: {c.row}: {c.column} is empty; name a source id or 'assumption'"
                )
        elif c.source_id not in s.index:
            problems.append(
                f"{c.file}: {c.row}: {c.column} cites {c.source_id!r}, not in sources.csv; "
                "add it there with its locator and grade, or write 'assumption'"
            )
    return problems


def _ids(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return [""]
    return [x.strip() for x in str(value).split(";")] if str(value).strip() else [""]
