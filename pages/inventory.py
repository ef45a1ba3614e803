"""Inventory: upload, validation report, and the mapped inventory to review and fix."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import streamlit as st

from ui import frame, state, widgets
from zpd_assess.catalog import CONSENT_BASES, GRANULARITIES, PARTIES
from zpd_assess.intake import coverage_share
from zpd_assess.topic_memory import name_key, remembered_counts

t = state.t


#: The grid's columns, key columns first (in Hebrew the grid is drawn from the right edge,
#: where the reader starts, and what does not fit is cut at the left).
GRID_COLUMNS = (
    "flag", "row", "attribute", "topic", "party", "consent", "granularity", "coverage",
    "confidence", "why_review", "source", "special", "alternatives", "description",
)  # fmt: skip


def render(current: state.Current) -> None:
    lang = current.lang
    top_left, top_right = st.columns([3, 2])
    with top_right:
        widgets.upload_box(st.container(border=True), key="inventory")
        widgets.template_downloads(st.container(border=True), key="inventory")
    widgets.column_step(st.container(), key="inventory", failed=current.assessment is None)

    with top_left:
        if not frame.need_assessment(current):
            st.stop()
        a = current.assessment
        cat = current.catalog
        inv = a.inventory
        special = inv.get("special_review", pd.Series(False, index=inv.index)).astype(bool)
        review = int((inv["needs_review"].astype(bool) | special).sum())
        st.write(
            t(
                "ui.inventory_intro",
                name=frame.plain(current.source_name),
                n=len(inv),
                auto=int((inv["topic_source"] == "auto").sum()),
                review=review,
            )
        )
        if a.warnings:
            with st.expander(t("ui.warnings", n=len(a.warnings))):
                frame.show_issues(st, a.warnings)

    ws = current.workspace
    topics = list(cat.topics.index)
    topic_label = cat.topics[f"label_{lang}"].to_dict()
    value_labels = {f: cat.value_labels(f, lang) for f in ("party", "granularity", "consent")}

    table = pd.DataFrame(
        {
            "flag": [
                "🔒" if s else "⚠" if r else ""
                for r, s in zip(inv["needs_review"], special, strict=True)
            ],
            "row": inv["row"],
            "attribute": inv["attribute"],
            "party": inv["party"],
            "coverage": [f"{c:.0%}" for c in inv["coverage"].astype(float)],
            "topic": [ts[0] if ts else None for ts in inv["topics"]],
            "confidence": inv["mapping_confidence"].astype(float),
            "alternatives": [
                ", ".join(topic_label[x] for x in str(s).split(";") if x)
                for s in inv["mapping_alternatives"]
            ],
            "special": [
                cat.sensitivity_records[c][f"label_{lang}"] if c else ""
                for c in inv.get("sensitivity_category", pd.Series("", index=inv.index)).fillna("")
            ],
            "granularity": inv["granularity"],
            "consent": inv["consent"],
            "source": [
                t(f"value.{s}") + (f" · {t('ui.measured_flag')}" if int(r) in ws.measured else "")
                for s, r in zip(inv["topic_source"], inv["row"], strict=True)
            ],
            "description": inv["description"],
            "why_review": [
                t("ui.review_with_chance", reason=t(f"ui.review_{r}"), chance=f"{p:.0%}")
                if r and needs
                else ""
                for r, needs, p in zip(
                    inv.get("mapping_review_reason", pd.Series("", index=inv.index)).fillna(""),
                    inv["needs_review"].astype(bool),
                    inv.get("mapping_trust", pd.Series(1.0, index=inv.index)).fillna(1.0),
                    strict=True,
                )
            ],
        }
    )
    only_review = st.toggle(t("ui.only_review", n=review), value=False, key="inventory.only_review")

    def keep_firm_fixes() -> None:
        chosen = state.widget_value("inventory.firm_fixes")
        if chosen is not None:
            state.set_use_firm_fixes(bool(chosen))

    firm_on = st.toggle(
        t("ui.firm_fixes"),
        value=state.use_firm_fixes(),
        key="inventory.firm_fixes",
        help=t("ui.firm_fixes_help"),
        on_change=keep_firm_fixes,
    )
    if firm_on and st.session_state.get("inventory.firm_fixes_error"):
        st.warning(t("ui.firm_fixes_error"), icon=":material/cloud_off:")
    counts = remembered_counts(inv)
    if sum(counts.values()):
        st.caption(t("ui.remembered_rows", n=sum(counts.values()), **counts))
    state.share_topic_fixes(ws)
    shown = table[table["flag"] != ""] if only_review else table
    version = state.digest(
        json.dumps([ws.inventory_edits, ws.topic_fixes], sort_keys=True, default=str).encode()
    )
    editor_key = f"inventory.editor.{version}.{int(only_review)}.{int(firm_on)}"
    # the topics the file itself gave, by Excel row: a fix of one of those stays with its row
    file_topics = {
        int(r): bool(ts)
        for r, ts in zip(current.intake.inventory["row"], current.intake.inventory["topics"],
                         strict=True)
    } if current.intake is not None else {}  # fmt: skip
    names = {int(r.row): name_key(r.attribute, r.description) for r in inv.itertuples(index=False)}

    def commit_edits() -> None:
        """Keep every fix the user made in the workspace, then re-score.

        A topic fix is kept by the attribute's name (``topic_fixes``), so that it follows the
        name into the next version of the client's file (and, when the firm's fixes are used,
        into other engagements); it is kept by Excel row too where the file gave the row's
        topics or the name cannot be remembered (a coded name without a description). Every
        other fix is kept by Excel row."""
        edits = state.widget_value(editor_key) or {}
        for position, changes in edits.get("edited_rows", {}).items():
            row = int(shown.iloc[int(position)]["row"])
            merged = dict(ws.inventory_edits.get(row, {}))
            for column, value in changes.items():
                if column == "topic" and value:
                    key = names.get(row, "")
                    if key:
                        ws.topic_fixes[key] = [value]
                    if not key or file_topics.get(row, True):
                        merged["topics"] = [value]
                    else:  # by name only: a row number would hit another name in a new version
                        merged.pop("topics", None)
                elif column in ("party", "granularity", "consent") and value:
                    merged[column] = value
                elif column == "coverage" and value not in (None, ""):
                    try:  # people type what they see: 70, 70% or 0.7 all mean 70%
                        merged["coverage"] = coverage_share(value)
                    except ValueError:
                        st.session_state["inventory.coverage_refused"] = (row, str(value))
            if merged:
                ws.inventory_edits[row] = merged
            else:
                ws.inventory_edits.pop(row, None)

    refused = st.session_state.pop("inventory.coverage_refused", None)
    if refused:
        st.error(t("ui.coverage_refused", row=refused[0], value=frame.plain(refused[1])),
                 icon=":material/error:")  # fmt: skip
    flagged = shown["flag"] != ""
    styled = shown.style.apply(  # by column: one vectorised pass each, not a call per row
        lambda column: np.where(flagged.loc[column.index], "background-color: #FFF2CC", ""),
        axis=0,
    )
    st.data_editor(
        styled,
        key=editor_key,
        on_change=commit_edits,
        hide_index=True,
        width="stretch",
        height=560,
        column_order=GRID_COLUMNS,
        disabled=[
            "flag",
            "row",
            "attribute",
            "confidence",
            "alternatives",
            "why_review",
            "special",
            "source",
            "description",
        ],
        column_config={
            "flag": st.column_config.TextColumn("", width="small", help=t("ui.flag_help")),
            "row": st.column_config.NumberColumn(t("col.row"), width="small", format="%d"),
            "attribute": st.column_config.TextColumn(t("col.attribute"), width="medium"),
            "coverage": st.column_config.TextColumn(
                t("col.coverage"), help=t("ui.coverage_typed_help"), max_chars=12
            ),
            "topic": st.column_config.SelectboxColumn(
                t("col.topic_used"),
                options=topics,
                required=True,
                width="medium",
                format_func=lambda v: topic_label.get(v, v),
                help=t("ui.topic_help"),
            ),
            "confidence": st.column_config.ProgressColumn(
                t("col.confidence"), min_value=0.0, max_value=1.0, format="percent"
            ),
            "alternatives": st.column_config.TextColumn(t("col.alternatives"), width="medium"),
            "why_review": st.column_config.TextColumn(t("col.why_review"), width="medium"),
            "special": st.column_config.TextColumn(
                cat.message_records["special_sensitivity_column"][lang],
                width="medium",
                help=cat.message_records["special_sensitivity_help"][lang],
            ),
            **{
                field: st.column_config.SelectboxColumn(
                    t(f"col.{field}"),
                    options=list(ids),
                    required=True,
                    format_func=value_labels[field].get,
                )
                for field, ids in (
                    ("party", PARTIES),
                    ("granularity", GRANULARITIES),
                    ("consent", CONSENT_BASES),
                )
            },
            "source": st.column_config.TextColumn(t("col.topic_source"), width="small"),
            "description": st.column_config.TextColumn(t("col.description"), width="large"),
        },
    )
    if ws.inventory_edits or ws.topic_fixes:
        c1, c2 = st.columns([3, 1])
        by_name = inv.get("remembered_from", pd.Series("", index=inv.index)) == "engagement"
        fixed = set(ws.inventory_edits) | set(inv.loc[by_name, "row"].astype(int))
        c1.caption(t("ui.edits_kept", n=len(fixed)))
        if c2.button(t("ui.undo_edits"), key="inventory.undo"):
            ws.inventory_edits.clear()
            ws.topic_fixes.clear()
            st.rerun()


frame.run_page("inventory", render, needs_assessment=False)
