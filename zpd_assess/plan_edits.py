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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog
from .filesafety import PlanLimits, UnsafeFileError, check_size, check_zip
from .intake import InventoryError, TopicLabelMatcher
from .issues import Issue, make_issue
from .planning import Plan
from .workbook import ORIGIN_COLUMNS, ORIGIN_SHEET, TEAM_STATUSES, as_date, team_status_label


@dataclass(frozen=True)
class PlanChange:
    """One change the team made, to take or leave: named by the question's text.

    ``before`` is what the exported workbook said, ``after`` the team's version and ``since``
    what the engagement says now where it changed after the export (``conflict``: taken only
    when asked for). ``key`` names the change for :meth:`PlanEdits.taking`.
    """

    key: str
    kind: str  # moved, wording_en, wording_he, removed, added, channel, team, backlog
    question_id: str
    question_en: str
    question_he: str
    before: str
    after: str
    since: str = ""
    conflict: bool = False
    issue: Issue | None = None
    #: ``before``, ``after``, ``since`` in Hebrew where they are words (a channel, a status);
    #: empty where they read the same in both languages (a rank, the question's own text)
    before_he: str = ""
    after_he: str = ""
    since_he: str = ""

    def question(self, lang: str) -> str:
        mine = self.question_he if lang == "he" else self.question_en
        return mine or self.question_en or self.question_he

    def values(self, lang: str) -> tuple[str, str, str]:
        """(before, after, since) in ``lang``."""
        if lang == "he":
            return (self.before_he or self.before, self.after_he or self.after,
                    self.since_he or self.since)  # fmt: skip
        return self.before, self.after, self.since


@dataclass(frozen=True)
class PlanEdits:
    """What a team changed in the Question plan, ready to apply.

    ``excluded`` … ``added`` are the decisions the changes taken give (by default every change
    that does not clash with a later one; :meth:`taking` chooses others); ``items`` lists each
    change, ``notes`` what the consultant should know (a stale file, a value not taken).
    """

    excluded: frozenset[str] = frozenset()
    order: tuple[str, ...] = ()  # the plan's questions in the team's order (pins)
    channels: Mapping[str, str | None] = field(default_factory=dict)  # pinned channel per id
    team: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # owner/status/due
    wording: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # id -> text_xx
    added: tuple[Mapping[str, Any], ...] = ()  # workshop question rows
    changes: tuple[Issue, ...] = ()
    items: tuple[PlanChange, ...] = ()
    notes: tuple[Issue, ...] = ()
    stale: bool = False
    taken: frozenset[str] = frozenset()  # keys of the items these decisions take
    resolve: Callable[[frozenset[str]], PlanEdits] | None = None  # set by read_plan_edits

    def taking(self, keys: Iterable[str]) -> PlanEdits:
        """The same edits taking exactly the changes whose keys are given."""
        if self.resolve is None:
            raise ValueError("These plan edits were not read from a workbook; take them whole.")
        return self.resolve(frozenset(keys))


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


def _xlsx_said(catalog: Catalog) -> dict[str, dict[str, Any]]:
    """ "An Excel workbook (.xlsx)" in each message's own language."""
    return {lang: {"accepted": catalog.text("file.xlsx", lang)} for lang in ("en", "he")}


def _blank_row(values: tuple[Any, ...]) -> bool:
    return all(v is None or str(v).strip() == "" for v in values)


Origin = dict[str, Any]  # engagement, version and rows (the plan as exported)


def _rows(
    data: bytes, catalog: Catalog, limits: PlanLimits
) -> tuple[list[tuple[int, dict[str, Any]]], Origin | None]:
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
        raise _refuse(
            catalog, "file_unreadable", value=type(exc).__name__,
            accepted="an Excel workbook (.xlsx)", localized=_xlsx_said(catalog),
        ) from exc  # fmt: skip
    try:
        return _plan_rows(wb, catalog, limits), _origin_rows(wb, limits)
    except InventoryError:
        raise
    except Exception as exc:  # a broken sheet surfaces while it is streamed
        raise _refuse(
            catalog, "file_unreadable", value=type(exc).__name__,
            accepted="an Excel workbook (.xlsx)", localized=_xlsx_said(catalog),
        ) from exc  # fmt: skip
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


def _origin_rows(wb, limits: PlanLimits) -> Origin | None:
    """The hidden origin sheet (see :func:`zpd_assess.workbook.plan_workbook`); None without."""
    if ORIGIN_SHEET not in wb.sheetnames:
        return None
    ws = wb[ORIGIN_SHEET]
    ws.reset_dimensions()
    grid = ws.iter_rows(values_only=True, max_col=len(ORIGIN_COLUMNS))
    head = [next(grid, ()) for _ in range(3)]
    rows: list[dict[str, Any]] = []
    for values in grid:
        if len(rows) >= limits.max_rows:
            break
        rows.append(dict(zip(ORIGIN_COLUMNS, values, strict=False)))

    def cell(k: int) -> str:
        line: tuple[Any, ...] = tuple(head[k])
        return _clean(line[1]) if len(line) > 1 else ""

    return {"engagement": cell(0), "version": cell(1), "rows": rows}


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


def _issue(catalog: Catalog, kind: str, en: Mapping[str, Any], he: Mapping[str, Any]) -> Issue:
    """An issue whose English and Hebrew messages each get values in their own language."""
    msg = catalog.message_records[kind]

    def fill(values: Mapping[str, Any]) -> dict[str, Any]:
        out = {"row": None, "column": None, "value": None, "accepted": None, **values}
        value = out["value"]
        if isinstance(value, str) and len(value) > 80:
            out["value"] = value[:80] + "…"
        return out

    return Issue(
        kind=kind,
        severity=str(msg["severity"]),
        row=en.get("row"),
        column=en.get("column"),
        value=en.get("value"),
        accepted=en.get("accepted"),
        message_en=str(msg["en"]).format(**fill(en)),
        message_he=str(msg["he"]).format(**fill(he)),
    )


@dataclass(frozen=True)
class _Base:
    """The plan as the workbook was exported: one entry per question."""

    rank: int
    in_plan: bool
    text_en: str
    text_he: str
    channel: str
    team: dict[str, Any]


def _base_from_origin(origin: list[dict[str, Any]]) -> dict[str, _Base]:
    base: dict[str, _Base] = {}
    for r in origin:
        qid = _clean(r.get("question_id"))
        if not qid or qid in base:
            continue
        rank = r.get("rank")
        team = {k: r.get(k) for k in ("owner", "status", "due") if r.get(k) not in (None, "")}
        if "due" in team:
            team["due"] = as_date(team["due"]) or team["due"]
        base[qid] = _Base(
            rank=int(rank) if isinstance(rank, int | float) else len(base) + 1,
            in_plan=str(r.get("in_plan")) in ("1", "True", "true"),
            text_en=_clean(r.get("text_en")),
            text_he=_clean(r.get("text_he")),
            channel=_clean(r.get("channel")),
            team=team,
        )
    return base


def _base_from_plan(plan: Plan, team: Mapping[str, Mapping[str, Any]]) -> dict[str, _Base]:
    q = plan.questions
    return {
        qid: _Base(
            rank=int(q.at[qid, "rank"]),  # type: ignore[arg-type]
            in_plan=bool(q.at[qid, "in_plan"]),
            text_en=_clean(q.at[qid, "text_en"]),
            text_he=_clean(q.at[qid, "text_he"]),
            channel=_channel_id(q.at[qid, "channel"]) if q.at[qid, "in_plan"] else "",
            team=dict(team.get(qid, {})),
        )
        for qid in q.index
    }


def _channel_id(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _longest_kept(positions: list[int]) -> set[int]:
    """Indexes of a longest increasing run of ``positions``: the rows that did not move."""
    import bisect

    tails: list[int] = []  # position values
    tail_at: list[int] = []  # index in positions of each tail
    parent = [-1] * len(positions)
    for i, p in enumerate(positions):
        k = bisect.bisect_left(tails, p)
        if k == len(tails):
            tails.append(p)
            tail_at.append(i)
        else:
            tails[k] = p
            tail_at[k] = i
        parent[i] = tail_at[k - 1] if k else -1
    out: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        out.add(i)
        i = parent[i]
    return out


def read_plan_edits(
    data: bytes,
    catalog: Catalog,
    plan: Plan,
    team_before: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    limits: PlanLimits | None = None,
    engagement: str | None = None,
    version: str | None = None,
) -> PlanEdits:
    """Compare an edited plan workbook with the plan it was exported from, and that with now.

    ``plan`` and ``team_before`` are the engagement's plan and team fields now; ``engagement``
    and ``version`` name it (:func:`zpd_assess.decisions.decisions_version`). The workbook's
    hidden origin sheet holds the plan as exported: the team's changes are what differs from it
    (an older workbook without that sheet is compared with the plan now). The order of the rows
    is the team's order (a Rank the team typed counts where the team renumbered); a change to a
    question that also changed in the engagement since the export is a conflict, left out unless
    taken by :meth:`PlanEdits.taking`.

    Raises :class:`PlanEditsError` (an ``InventoryError``) for a file that is too large, a zip
    bomb, not a plan workbook, longer than ``limits.max_rows`` rows, or exported from another
    engagement. A new row never keeps an id that another question already has.
    """
    team_before = team_before or {}
    rows, origin = _rows(data, catalog, limits or PlanLimits())
    q = plan.questions
    notes: list[Issue] = []
    if (
        origin is not None
        and engagement
        and origin["engagement"]
        and (origin["engagement"] != engagement)
    ):
        raise _refuse(catalog, "plan_other_engagement", value=origin["engagement"],
                      accepted=engagement)  # fmt: skip
    stale = bool(
        origin is not None and version and origin["version"] and origin["version"] != version
    )
    if stale and origin is not None:
        notes.append(make_issue(catalog, "plan_stale", value=origin["version"], accepted=version))
    base = _base_from_origin(origin["rows"]) if origin is not None else {}
    if not base:
        base = _base_from_plan(plan, team_before)
    now = _base_from_plan(plan, team_before)

    channel_of: dict[str, str] = {}
    for cid in catalog.channels.index:
        channel_of[str(cid).casefold()] = str(cid)
        for lang in ("en", "he"):
            channel_of[str(catalog.channel_records[cid][f"label_{lang}"]).strip().casefold()] = cid
    status_of = {
        catalog.text(f"team_status.{s}", lang).casefold(): s
        for s in TEAM_STATUSES
        for lang in ("en", "he")
    }
    status_of.update({s: s for s in TEAM_STATUSES})

    def label(cid: str, lang: str) -> str:
        return str(catalog.channel_records[cid][f"label_{lang}"]) if cid else "—"

    def text_of(qid: str, lang: str) -> str:
        b = base.get(qid) or now.get(qid)
        if b is None:
            return qid
        return (b.text_he if lang == "he" else b.text_en) or b.text_en or b.text_he or qid

    def channel_cell(excel_row: int, value: Any) -> str | None:
        """The channel id a cell names; None when empty or not a channel (a note says so)."""
        cell = _clean(value)
        if not cell:
            return None
        cid = channel_of.get(cell.casefold())
        if cid is None:
            shown = ", ".join(label(c, "en") for c in catalog.channels.index)
            notes.append(_issue(catalog, "plan_unknown_channel",
                                {"row": excel_row, "value": cell, "accepted": shown},
                                {"row": excel_row, "value": cell, "accepted": ", ".join(
                                    label(c, "he") for c in catalog.channels.index)}))  # fmt: skip
        return cid

    def team_fields(excel_row: int, r: Mapping[str, Any]) -> dict[str, Any]:
        fields: dict[str, Any] = {}
        owner = _team_value(r.get("col.owner"))
        if owner not in (None, ""):
            fields["owner"] = owner
        status = _team_value(r.get("col.team_status"))
        if status not in (None, ""):
            known = status_of.get(str(status).casefold())
            if known is None:
                shown = {lg: ", ".join(catalog.text(f"team_status.{s}", lg) for s in TEAM_STATUSES)
                         for lg in ("en", "he")}  # fmt: skip
                notes.append(_issue(catalog, "plan_unknown_status",
                                    {"row": excel_row, "value": status, "accepted": shown["en"]},
                                    {"row": excel_row, "value": status,
                                     "accepted": shown["he"]}))  # fmt: skip
            fields["status"] = known or status
        due = r.get("col.due")
        if due not in (None, ""):
            when = as_date(due)
            if when is None:
                notes.append(make_issue(catalog, "plan_bad_date", row=excel_row, value=str(due)))
            else:
                fields["due"] = when
        return fields

    def team_text(fields: Mapping[str, Any], lang: str) -> str:
        parts = []
        for key, column in (("owner", "col.owner"), ("status", "col.team_status"),
                            ("due", "col.due")):  # fmt: skip
            if key not in fields:
                continue
            value = fields[key]
            if key == "status":
                value = team_status_label(value, lang, catalog)
            elif isinstance(value, dt.date):
                value = value.strftime("%d/%m/%Y")
            parts.append(f"{catalog.text(column, lang)} = {value if value is not None else '—'}")
        return ", ".join(parts)

    taken = set(q.index) | set(catalog.questions.index)
    seen: set[str] = set()
    matcher = TopicLabelMatcher(catalog)
    items: list[PlanChange] = []
    sequence: list[tuple[str, bool, Any, int]] = []  # (id, existing?, typed rank, row)
    added: dict[str, dict[str, Any]] = {}
    added_channel: dict[str, str | None] = {}
    team_changes: dict[str, dict[str, Any]] = {}
    wording: dict[tuple[str, str], str] = {}
    channel_changes: dict[str, str] = {}

    def item(kind: str, qid: str, before: str, after: str, since: str = "",
             issue: Issue | None = None, key: str | None = None,
             hebrew: tuple[str, str, str] = ("", "", "")) -> None:  # fmt: skip
        items.append(PlanChange(key=key or f"{kind}:{qid}", kind=kind, question_id=qid,
                                question_en=text_of(qid, "en"), question_he=text_of(qid, "he"),
                                before=before, after=after, since=since, conflict=bool(since),
                                issue=issue, before_he=hebrew[0], after_he=hebrew[1],
                                since_he=hebrew[2]))  # fmt: skip

    for excel_row, r in rows:
        qid = _clean(r.get("col.question_id"))
        if qid in base and qid in q.index and qid not in seen:
            seen.add(qid)
            b, n = base[qid], now[qid]
            if b.in_plan:
                sequence.append((qid, True, r.get("col.rank"), excel_row))
            for lang, key in (("en", "col.question_en"), ("he", "col.question_he")):
                new = _clean(r.get(key)) if key in r else ""
                old = b.text_he if lang == "he" else b.text_en
                current = n.text_he if lang == "he" else n.text_en
                if new and new != old:
                    wording[(qid, lang)] = new
                    vals = {"value": text_of(qid, "en"), "accepted": new}
                    item(f"wording_{lang}", qid, old, new, current if current != old else "",
                         _issue(catalog, f"plan_wording_{lang}", vals,
                                {**vals, "value": text_of(qid, "he")}))  # fmt: skip
            if "col.channel" in r and b.in_plan:
                cid = channel_cell(excel_row, r.get("col.channel"))
                if cid is not None and cid != b.channel:
                    channel_changes[qid] = cid
                    since = n.channel if n.channel != b.channel else ""
                    item("channel", qid, label(b.channel, "en"), label(cid, "en"),
                         label(since, "en") if since else "",
                         hebrew=(label(b.channel, "he"), label(cid, "he"),
                                 label(since, "he") if since else ""),
                         issue=_issue(catalog, "plan_channel",
                                {"value": text_of(qid, "en"), "accepted": label(cid, "en"),
                                 "column": label(b.channel, "en")},
                                {"value": text_of(qid, "he"), "accepted": label(cid, "he"),
                                 "column": label(b.channel, "he")}))  # fmt: skip
            fields = team_fields(excel_row, r)
            typed_bad = {k for k, col in (("status", "col.team_status"), ("due", "col.due"))
                         if k not in fields and r.get(col) not in (None, "")}  # fmt: skip
            changed = {k: fields.get(k) for k in ("owner", "status", "due")
                       if k not in typed_bad and fields.get(k) != b.team.get(k)}  # fmt: skip
            if changed:
                team_changes[qid] = changed
                moved_since = {k: n.team.get(k) for k in changed if n.team.get(k) != b.team.get(k)}
                item("team", qid, team_text({k: b.team.get(k) for k in changed}, "en"),
                     team_text(changed, "en"), team_text(moved_since, "en") if moved_since else "",
                     hebrew=(team_text({k: b.team.get(k) for k in changed}, "he"),
                             team_text(changed, "he"),
                             team_text(moved_since, "he") if moved_since else ""),
                     issue=_issue(catalog, "plan_team",
                            {"value": text_of(qid, "en"), "accepted": team_text(changed, "en")},
                            {"value": text_of(qid, "he"),
                             "accepted": team_text(changed, "he")}))  # fmt: skip
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
            notes.append(make_issue(catalog, "added_without_topic", row=excel_row,
                                    value=text_en or text_he, accepted=guess))  # fmt: skip
        added[new_id] = {
            "question_id": new_id,
            "text_en": text_en,
            "text_he": text_he,
            "topics": topics,
            "value_exchange_en": _clean(r.get("col.value_exchange")) if text_en else "",
            "value_exchange_he": _clean(r.get("col.value_exchange")) if text_he else "",
        }
        added_channel[new_id] = channel_cell(excel_row, r.get("col.channel"))
        sequence.append((new_id, False, r.get("col.rank"), excel_row))
        fields = team_fields(excel_row, r)
        if fields:
            team_changes[new_id] = fields
        if qid and new_id != qid:
            notes.append(make_issue(catalog, "change_added_renamed", value=new_id, accepted=qid))
        # a row of a question gone from the engagement since, unchanged: the old plan, not new
        prior = base.get(qid) if qid not in q.index else None
        gone = prior is not None and (text_en, text_he) == (prior.text_en, prior.text_he)
        added[new_id]["_gone"] = "—" if gone else ""

    # the team's order: the rows as they stand, or the Rank where the team renumbered
    renumbered = any(
        (isinstance(rank, int | float) and existing and int(rank) != base[qid].rank)
        or (isinstance(rank, float) and not float(rank).is_integer())
        for qid, existing, rank, _ in sequence
    )
    if renumbered:
        keyed, last = [], 0.0
        for qid, _existing, rank, row in sequence:
            last = float(rank) if isinstance(rank, int | float) else last
            keyed.append((last, row, qid))
        team_seq = [qid for _, _, qid in sorted(keyed)]
    else:
        team_seq = [qid for qid, _, _, _ in sequence]
    base_order = sorted((b.rank, qid) for qid, b in base.items() if b.in_plan)
    base_pos = {qid: k for k, (_, qid) in enumerate(base_order, start=1)}
    existing_seq = [qid for qid in team_seq if qid in base_pos]
    stays = _longest_kept([base_pos[qid] for qid in existing_seq])
    now_pos = {qid: k for k, qid in enumerate(q.index[q["in_plan"]], start=1)}
    for k, qid in enumerate(existing_seq):
        if k in stays:
            continue
        new_position = team_seq.index(qid) + 1
        shifted = now_pos.get(qid, 0) != base_pos[qid]
        places: dict[str, Any] = {"column": base_pos[qid], "accepted": new_position}
        item("moved", qid, str(base_pos[qid]), str(new_position),
             str(now_pos.get(qid, "—")) if shifted else "",
             _issue(catalog, "plan_moved", {**places, "value": text_of(qid, "en")},
                    {**places, "value": text_of(qid, "he")}))  # fmt: skip
    for new_id, entry in added.items():
        position = team_seq.index(new_id) + 1
        words = {"en": entry["text_en"] or entry["text_he"],
                 "he": entry["text_he"] or entry["text_en"]}  # fmt: skip
        items.append(PlanChange(
            key=f"added:{new_id}", kind="added", question_id=new_id, question_en=words["en"],
            question_he=words["he"], before="", after=words["en"], after_he=words["he"],
            since=entry["_gone"], conflict=bool(entry["_gone"]),
            issue=_issue(catalog, "plan_added", {"value": words["en"], "accepted": position},
                         {"value": words["he"], "accepted": position})))  # fmt: skip
    listed = {qid for qid, _, _, _ in sequence}
    backlog_removed = []
    for qid, b in base.items():
        if qid in seen or qid in listed or qid not in q.index:
            continue
        if b.in_plan:
            n = now[qid]
            since = n.text_en if (n.text_en, n.text_he) != (b.text_en, b.text_he) else ""
            item("removed", qid, str(base_pos[qid]), "—", since,
                 _issue(catalog, "plan_removed", {"value": text_of(qid, "en")},
                        {"value": text_of(qid, "he")}))  # fmt: skip
        else:
            backlog_removed.append(qid)
    if backlog_removed:
        items.append(
            PlanChange(
                key="backlog",
                kind="backlog",
                question_id="",
                question_en="",
                question_he="",
                before=str(len(backlog_removed)),
                after="—",
                issue=make_issue(catalog, "change_removed_backlog", value=len(backlog_removed)),
            )
        )
    for qid, fields in team_changes.items():
        if qid in added and not any(i.kind == "team" and i.question_id == qid for i in items):
            item("team", qid, "", team_text(fields, "en"), "",
                 hebrew=("", team_text(fields, "he"), ""),
                 issue=_issue(catalog, "plan_team",
                        {"value": added[qid]["text_en"] or added[qid]["text_he"],
                         "accepted": team_text(fields, "en")},
                        {"value": added[qid]["text_he"] or added[qid]["text_en"],
                         "accepted": team_text(fields, "he")}))  # fmt: skip

    current_order = list(q.index[q["in_plan"]])
    current_channel = {qid: now[qid].channel or None for qid in current_order}

    def resolve(keys: frozenset[str]) -> PlanEdits:
        chosen = [i for i in items if i.key in keys]
        kinds = {(i.kind, i.question_id) for i in chosen}
        removed = {i.question_id for i in chosen if i.kind == "removed"}
        excluded = set(removed) | (set(backlog_removed) if "backlog" in keys else set())
        placed = {i.question_id for i in chosen if i.kind in ("moved", "added")}
        order = [qid for qid in current_order if qid not in removed and qid not in placed]
        for position, qid in enumerate(team_seq):
            if qid not in placed:
                continue
            anchor = next((p for p in reversed(team_seq[:position]) if p in order), None)
            order.insert(0 if anchor is None else order.index(anchor) + 1, qid)
        channels: dict[str, str | None] = {}
        for qid in order:
            if ("channel", qid) in kinds:
                channels[qid] = channel_changes[qid]
            elif qid in added:
                channels[qid] = added_channel.get(qid)
            else:
                channels[qid] = current_channel.get(qid)
        reorders = bool(placed or removed or any(i.kind == "channel" for i in chosen))
        wordings: dict[str, dict[str, str]] = {}
        for (qid, lang), text in wording.items():
            if (f"wording_{lang}", qid) in kinds:
                wordings.setdefault(qid, {})[f"text_{lang}"] = text
        team = {
            qid: f
            for qid, f in team_changes.items()
            if ("team", qid) in kinds and (qid not in added or ("added", qid) in kinds)
        }
        rows_added = tuple({k: v for k, v in added[qid].items() if not k.startswith("_")}
                           for qid in added if ("added", qid) in kinds)  # fmt: skip
        changes = list(notes)
        for i in items:
            if i.issue is not None:
                changes.append(i.issue)
            if i.conflict and i.key not in keys:
                changes.append(_issue(catalog, "plan_conflict",
                                      {"value": i.question("en"), "accepted": i.since or "—"},
                                      {"value": i.question("he"),
                                       "accepted": i.since or "—"}))  # fmt: skip
        if not changes:
            changes.append(make_issue(catalog, "change_none"))
        return PlanEdits(
            excluded=frozenset(excluded),
            order=tuple(order) if reorders else (),
            channels=channels if reorders else {},
            team=team,
            wording=wordings,
            added=rows_added,
            changes=tuple(changes),
            items=tuple(items),
            notes=tuple(notes),
            stale=stale,
            taken=keys,
            resolve=resolve,
        )

    return resolve(frozenset(i.key for i in items if not i.conflict))


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
