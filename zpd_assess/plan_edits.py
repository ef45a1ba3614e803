"""Bring an edited plan workbook back: what the team changed, and the engagement with it.

A client team takes the Question plan home, reorders it, sets owners, statuses and due dates,
deletes a row, adds a question of its own, fixes a wording — and sends it back.
:func:`read_plan_edits` compares the workbook with the plan it came from and lists every change;
:func:`zpd_assess.decisions.apply_plan_edits` turns the changes into the engagement's decisions
(the team's order becomes pins, deletions become exclusions, new rows become the room's
questions), so that nothing the team wrote is lost and nothing else moves.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog
from .filesafety import PlanLimits, UnsafeFileError, check_size, check_zip
from .intake import InventoryError, TopicLabelMatcher
from .issues import Issue, make_issue
from .planning import Plan


@dataclass(frozen=True)
class PlanEdits:
    """What a team changed in the Question plan, ready to apply."""

    excluded: frozenset[str] = frozenset()
    order: tuple[str, ...] = ()  # the plan's questions in the team's order (pins)
    channels: Mapping[str, str | None] = field(default_factory=dict)  # pinned channel per id
    team: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # owner/status/due
    wording: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # id -> text_xx
    added: tuple[Mapping[str, Any], ...] = ()  # workshop question rows
    changes: tuple[Issue, ...] = ()


def _sheet_lookup(catalog: Catalog) -> tuple[set[str], dict[str, str]]:
    names = {catalog.text("sheet.questions", lang) for lang in ("en", "he")}
    headers: dict[str, str] = {}
    for lang in ("en", "he"):
        for key, text in catalog.labels[lang].items():
            if key.startswith("col."):
                headers.setdefault(str(text).strip(), key)
    return names, headers


class PlanEditsError(InventoryError):
    """The edited plan workbook cannot be imported; ``errors`` say why, in English and Hebrew.

    A subclass of :class:`~zpd_assess.intake.InventoryError`, so callers that catch that keep
    working.
    """


def _refuse(catalog: Catalog, kind: str, **values: Any) -> PlanEditsError:
    return PlanEditsError([make_issue(catalog, kind, **values)])


def _blank_row(values: tuple[Any, ...]) -> bool:
    return all(v is None or str(v).strip() == "" for v in values)


def _rows(data: bytes, catalog: Catalog, limits: PlanLimits) -> list[tuple[int, dict[str, Any]]]:
    """The Question plan rows, read without letting a hostile file inflate in memory.

    Size and zip inspection first (:mod:`.filesafety`), then openpyxl in read-only mode (the
    sheet is streamed, other sheets are never parsed), at most ``limits.max_rows`` rows of at
    most ``limits.max_columns`` columns.
    """
    try:
        check_size(len(data), limits.max_bytes)
        check_zip(data, what="plan workbook", limits=limits.zip)
    except UnsafeFileError as exc:
        raise _refuse(catalog, "plan_unsafe", accepted=exc.reason) from exc
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise _refuse(catalog, "file_unreadable", value=type(exc).__name__,
                      accepted="an Excel workbook (.xlsx)") from exc  # fmt: skip
    try:
        return _plan_rows(wb, catalog, limits)
    except InventoryError:
        raise
    except Exception as exc:  # a broken sheet surfaces while it is streamed
        raise _refuse(catalog, "file_unreadable", value=f"the sheet: {type(exc).__name__}",
                      accepted="an Excel workbook (.xlsx)") from exc  # fmt: skip
    finally:
        wb.close()


def _plan_rows(wb, catalog: Catalog, limits: PlanLimits) -> list[tuple[int, dict[str, Any]]]:
    names, headers = _sheet_lookup(catalog)

    def stream(ws):
        ws.reset_dimensions()  # a file's own dimension tag may claim a million columns
        return ws.iter_rows(values_only=True, max_col=limits.max_columns)

    def keys_of(header: tuple[Any, ...]) -> list[str | None]:
        return [headers.get(str(h).strip()) if h is not None else None for h in header]

    needed = ("col.question_id", "col.rank")
    named = [n for n in wb.sheetnames if n in names]
    if named:
        ws = wb[named[0]]
    else:  # a renamed sheet: the one whose first row holds the plan's headers
        ws = None
        for candidate in wb.worksheets:
            first = next(stream(candidate), ())
            if all(k in keys_of(first) for k in needed):
                ws = candidate
                break
        if ws is None:
            raise _refuse(catalog, "plan_sheet_missing", accepted=" / ".join(sorted(names)))
    grid = stream(ws)
    header = next(grid, None)
    if header is None:
        raise _refuse(catalog, "plan_sheet_missing", accepted=ws.title)
    keys = keys_of(header)
    for key in needed:
        if key not in keys:
            label = catalog.text(key, "en") + " / " + catalog.text(key, "he")
            raise _refuse(catalog, "plan_column_missing", column=label)
    rows: list[tuple[int, dict[str, Any]]] = []
    for excel_row, values in enumerate(grid, start=2):
        if excel_row > 10 * limits.max_rows:  # blank rows by the hundred thousand: no plan
            raise _refuse(catalog, "plan_too_many_rows", accepted=f"{limits.max_rows:,}")
        record = {k: v for k, v in zip(keys, values, strict=False) if k}
        if _blank_row(tuple(record.values())):
            continue
        if len(rows) >= limits.max_rows:
            raise _refuse(catalog, "plan_too_many_rows", accepted=f"{limits.max_rows:,}")
        rows.append((excel_row, record))
    return rows


def fresh_question_id(wanted: str, taken: Iterable[str]) -> str:
    """An id for a new question that no question in ``taken`` has.

    No id wanted: the next free ``team_NN``. A wanted id already taken: ``<id>_2``, ``<id>_3``...
    """
    used = set(taken)
    if not wanted:
        n = 1
        while f"team_{n:02d}" in used:
            n += 1
        return f"team_{n:02d}"
    if wanted not in used:
        return wanted
    k = 2
    while f"{wanted}_{k}" in used:
        k += 1
    return f"{wanted}_{k}"


def _clean(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _team_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    return value.strip() if isinstance(value, str) else value


def read_plan_edits(
    data: bytes,
    catalog: Catalog,
    plan: Plan,
    team_before: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    limits: PlanLimits | None = None,
) -> PlanEdits:
    """Compare an edited plan workbook with the plan (and team fields) it was exported from.

    Raises :class:`PlanEditsError` (an ``InventoryError``) for a file that is too large, a zip
    bomb, not a plan workbook or longer than ``limits.max_rows`` rows. A new row never keeps an
    id that another question already has (a question of the plan, of the bank or another new
    row): it gets a fresh one, and a ``change_added_renamed`` line says so.
    """
    team_before = team_before or {}
    rows = _rows(data, catalog, limits or PlanLimits())
    q = plan.questions
    taken = set(q.index) | set(catalog.questions.index)
    seen: set[str] = set()  # existing questions already met in the workbook
    matcher = TopicLabelMatcher(catalog)
    issues: list[Issue] = []
    present: list[tuple[float, int, str]] = []  # (rank as the team left it, row, id)
    team: dict[str, dict[str, Any]] = {}
    wording: dict[str, dict[str, str]] = {}
    added: list[dict[str, Any]] = []
    added_ids: list[tuple[float, int, str]] = []
    for position, (excel_row, r) in enumerate(rows):
        qid = _clean(r.get("col.question_id"))
        rank = r.get("col.rank")
        order_key = float(rank) if isinstance(rank, int | float) else float(10_000 + position)
        fields = {
            "owner": _team_value(r.get("col.owner")),
            "status": _team_value(r.get("col.team_status")),
            "due": _team_value(r.get("col.due")),
        }
        fields = {k: v for k, v in fields.items() if v not in (None, "")}
        if qid in q.index and qid not in seen:
            seen.add(qid)
            present.append((order_key, excel_row, qid))
            if fields:
                team[qid] = fields
            for lang, key in (("en", "col.question_en"), ("he", "col.question_he")):
                if key in r:
                    new = _clean(r[key])
                    if new and new != _clean(q.at[qid, f"text_{lang}"]):
                        wording.setdefault(qid, {})[f"text_{lang}"] = new
                        issues.append(make_issue(catalog, "change_wording", value=qid,
                                                 accepted="English" if lang == "en"
                                                 else "Hebrew"))  # fmt: skip
            continue
        text_en, text_he = _clean(r.get("col.question_en")), _clean(r.get("col.question_he"))
        if not (text_en or text_he):
            continue
        new_id = fresh_question_id(qid, taken)
        taken.add(new_id)
        topics = []
        for token in _clean(r.get("col.topics")).replace(";", ",").split(","):
            tid, _ = matcher.match(token)
            if tid and tid not in topics:
                topics.append(tid)
        if not topics:
            from .mapping import TopicMapper

            guess = TopicMapper(catalog).suggest([text_en or text_he])[0].topic_id
            topics = [guess]
            issues.append(make_issue(catalog, "added_without_topic", row=excel_row,
                                     value=text_en or text_he, accepted=guess))  # fmt: skip
        added.append(
            {
                "question_id": new_id,
                "text_en": text_en,
                "text_he": text_he,
                "topics": topics,
                "value_exchange_en": _clean(r.get("col.value_exchange")) if text_en else "",
                "value_exchange_he": _clean(r.get("col.value_exchange")) if text_he else "",
            }
        )
        added_ids.append((order_key, excel_row, new_id))
        if fields:
            team[new_id] = fields
        if qid and new_id != qid:
            issues.append(make_issue(catalog, "change_added_renamed", value=new_id, accepted=qid))
        else:
            issues.append(make_issue(catalog, "change_added", value=new_id))

    kept = {qid for _, _, qid in present}
    excluded = frozenset(qid for qid in q.index if qid not in kept)
    for qid in q.index[q["in_plan"]]:
        if qid in excluded:
            issues.append(make_issue(catalog, "change_removed", value=qid))
    backlog_removed = len(excluded) - len(excluded & set(q.index[q["in_plan"]]))
    if backlog_removed:
        issues.append(make_issue(catalog, "change_removed_backlog", value=backlog_removed))
    planned = set(q.index[q["in_plan"]])
    team_order = [qid for _, _, qid in sorted(present + added_ids)
                  if qid in planned or qid in {a["question_id"] for a in added}]  # fmt: skip
    old_rank = q["rank"].to_dict()
    old_order = [qid for qid in q.index[q["in_plan"]] if qid in kept]
    kept_order = [qid for qid in team_order if qid in planned]
    if kept_order != old_order:
        for new_position, qid in enumerate(team_order, start=1):
            if qid in planned and new_position != old_rank[qid]:
                issues.append(make_issue(catalog, "change_moved", value=qid,
                                         accepted=f"{old_rank[qid]} → {new_position}"))  # fmt: skip
    for qid, fields in team.items():
        before = team_before.get(qid, {})
        summary = ", ".join(f"{k} = {v}" for k, v in fields.items() if before.get(k) != v)
        if summary:
            issues.append(make_issue(catalog, "change_team", value=qid, accepted=summary))
    channels: dict[str, Any] = {qid: q.at[qid, "channel"] for qid in team_order if qid in planned}
    changed = bool(excluded) or kept_order != old_order or bool(wording) or bool(added)
    order = tuple(team_order) if changed else ()
    if not issues:
        issues.append(make_issue(catalog, "change_none"))
    return PlanEdits(
        excluded=excluded,
        order=order,
        channels=channels,
        team=team,
        wording=wording,
        added=tuple(added),
        changes=tuple(issues),
    )


def unique_added(
    added: Iterable[Mapping[str, Any]], order: Iterable[str], taken: Iterable[str]
) -> tuple[list[dict[str, Any]], list[str], dict[str, str]]:
    """Added rows with ids unique among themselves and against ``taken`` (the questions the
    engagement already has), ``order`` renamed to match, and each wanted id's first new id.

    The n-th mention of a repeated id in ``order`` is the n-th added row that carried it.
    """
    taken = set(taken)
    used: set[str] = set()
    rows: list[dict[str, Any]] = []
    ids_of: dict[str, list[str]] = {}
    for row in added:
        wanted = str(row.get("question_id") or "")
        new_id = fresh_question_id(wanted, taken | used)
        used.add(new_id)
        ids_of.setdefault(wanted, []).append(new_id)
        rows.append({**row, "question_id": new_id})
    seen: dict[str, int] = {}
    renamed = []
    for qid in order:
        ids = ids_of.get(qid)
        if ids is None:
            renamed.append(qid)
            continue
        n = seen.get(qid, 0)
        seen[qid] = n + 1
        renamed.append(ids[min(n, len(ids) - 1)])
    return rows, renamed, {wanted: ids[0] for wanted, ids in ids_of.items()}
