"""Export: the Excel workbook and JSON, and bringing back a workbook the team edited."""

from __future__ import annotations

import json

import streamlit as st

from ui import frame, state
from zpd_assess.assess import assessment_json
from zpd_assess.decisions import apply_plan_edits, file_stem
from zpd_assess.intake import InventoryError
from zpd_assess.plan_edits import read_plan_edits
from zpd_assess.workbook import plan_workbook

t = state.t


def render(current: state.Current) -> None:
    lang = current.lang
    a, cat, ws = current.assessment, current.catalog, current.workspace
    stem = file_stem(ws.identity, state.org_id())  # the client's name, not the file's

    st.subheader(t("ui.export_title"))
    st.caption(t("ui.export_help"))
    c1, c2 = st.columns(2)
    # The files are made when a button is clicked, not on every rerun of this page.
    c1.download_button(
        t("ui.download_xlsx"),
        lambda: plan_workbook(a, cat, lang, team=ws.team),
        file_name=f"zpd_plan_{stem}_{lang}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        type="primary",
        icon=":material/insights:",
        key="export.xlsx",
    )
    c2.download_button(
        t("ui.download_json"),
        lambda: json.dumps(
            assessment_json(a, lang), ensure_ascii=False, indent=2, default=str
        ).encode("utf-8"),
        file_name=f"zpd_plan_{stem}.json",
        mime="application/json",
        icon=":material/data_object:",
        key="export.json",
    )

    st.subheader(t("ui.import_title"))
    st.caption(t("ui.import_help"))
    edited = st.file_uploader(t("ui.import_label"), type=["xlsx"], key="export.import")
    if edited is not None:
        try:
            edits = read_plan_edits(edited.getvalue(), cat, a.plan, team_before=ws.team)
        except InventoryError as exc:
            frame.show_issues(st, exc.errors)
            st.stop()
        st.markdown(f"**{t('ui.changes_found', n=len(edits.changes))}**")
        for change in edits.changes:
            st.write("• " + frame.plain(change.message(lang)))
        if st.button(t("ui.take_changes"), type="primary", key="export.take"):
            state.restore_state(apply_plan_edits(ws, edits, cat).as_json())
            st.success(t("ui.changes_taken"), icon=":material/check_circle:")

    st.subheader(t("ui.download_engagement"))
    st.caption(t("ui.engagement_file_help"))
    engagement_id = state.ensure_saved()
    st.download_button(
        t("ui.download_engagement"),
        lambda: state.store().export_engagement(engagement_id),
        file_name=f"zpd_engagement_{stem}.json",
        mime="application/json",
        icon=":material/save:",
        key="export.engagement",
    )


frame.run_page("export", render)
