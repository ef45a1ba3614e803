"""Bring an edited plan workbook back: what the team changed, and the engagement with it.

A client team takes the Question plan home, reorders it, sets owners, statuses and due dates,
deletes a row, adds a question of its own, fixes a wording — and sends it back.
:func:`read_plan_edits` compares the workbook with the plan it came from and lists every change;
:func:`apply_plan_edits` turns the changes into the engagement's question pool and plan settings
(the team's order becomes pins, deletions become exclusions, new rows become workshop
questions), so that nothing the team wrote is lost and nothing else moves.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from .catalog import Catalog
from .intake import InventoryError, Issue, TopicMatcher, make_issue
from .planning import Plan, PlanSettings, question_pool, workshop_questions


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


def _rows(data: bytes, catalog: Catalog) -> list[tuple[int, dict[str, Any]]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        issue = make_issue(catalog, "file_unreadable", value=type(exc).__name__,
                           accepted="an Excel workbook (.xlsx)")  # fmt: skip
        raise InventoryError([issue]) from exc
    names, headers = _sheet_lookup(catalog)
    ws = next((wb[n] for n in wb.sheetnames if n in names), None)
    if ws is None:
        ws = next((s for s in wb.worksheets if "QuestionPlan" in s.tables), None)
    if ws is None:
        raise InventoryError([make_issue(catalog, "plan_sheet_missing",
                                         accepted=" / ".join(sorted(names)))])  # fmt: skip
    grid = list(ws.iter_rows(values_only=True))
    if not grid:
        raise InventoryError([make_issue(catalog, "plan_sheet_missing", accepted=ws.title)])
    keys = [headers.get(str(h).strip()) if h is not None else None for h in grid[0]]
    for needed in ("col.question_id", "col.rank"):
        if needed not in keys:
            label = catalog.text(needed, "en") + " / " + catalog.text(needed, "he")
            raise InventoryError([make_issue(catalog, "plan_column_missing", column=label)])
    rows = []
    for excel_row, values in enumerate(grid[1:], start=2):
        record = {k: v for k, v in zip(keys, values, strict=False) if k}
        if all(v is None or str(v).strip() == "" for v in record.values()):
            continue
        rows.append((excel_row, record))
    return rows


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
) -> PlanEdits:
    """Compare an edited plan workbook with the plan (and team fields) it was exported from."""
    team_before = team_before or {}
    rows = _rows(data, catalog)
    q = plan.questions
    matcher = TopicMatcher(catalog)
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
        if qid in q.index:
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
        new_id = qid or f"team_{len(added) + 1:02d}"
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
    channels = {qid: q.at[qid, "channel"] for qid in team_order if qid in planned}
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


def apply_plan_edits(
    catalog: Catalog,
    edits: PlanEdits,
    settings: PlanSettings,
    pool: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, PlanSettings]:
    """The question pool and plan settings of the engagement after the team's edits."""
    pool = question_pool(catalog) if pool is None else pool
    if edits.added:
        room = workshop_questions(edits.added, catalog)
        pool = pd.concat([pool.drop(index=room.index, errors="ignore"), room])
    if edits.wording:
        pool = pool.copy()
        for qid, texts in edits.wording.items():
            for column, text in texts.items():
                pool.at[qid, column] = text
    pinned = dict(settings.pinned)
    for qid in edits.order:
        pinned[qid] = edits.channels.get(qid)
    settings = replace(
        settings,
        excluded=frozenset(settings.excluded) | edits.excluded,
        pinned=pinned,
    )
    return pool, settings
