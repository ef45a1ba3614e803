"""Engagement: choose a sample organisation or start from your own inventory."""

from __future__ import annotations

import streamlit as st

from ui import frame, state, widgets

frame.leave_legacy_pages_mode()
t = state.t
lang = state.lang()
st.title(t("page.engagement"))
st.write(t("ui.engagement_intro"))

samples = state.samples()
options = [e.org_id for e in samples] + [state.UPLOAD_ID]
names = {e.org_id: e.name(lang) for e in samples} | {state.UPLOAD_ID: t("ui.own_inventory")}
# No widget key: the index follows the engagement in use, even when an upload changed it.
choice = st.radio(
    t("ui.choose_engagement"),
    options,
    index=options.index(state.org_id()),
    format_func=names.get,
    horizontal=True,
)
if choice != state.org_id():
    state.select_org(choice)
    st.rerun()

left, right = st.columns([3, 2])
eng = state.engagement()
if eng is not None:
    left.subheader(eng.name(lang))
    left.write(eng.description_he if lang == "he" else eng.description_en)
    left.caption(
        t(
            "ui.engagement_facts",
            industry=", ".join(t(f"industry.{i}") for i in eng.industry.split(";")),
            channels=len(eng.channels),
            customers=f"{eng.customers:,}" if eng.customers else "—",
        )
    )
else:
    left.subheader(t("ui.own_inventory"))
    left.write(t("ui.own_inventory_help"))

with right:
    widgets.upload_box(st.container(border=True), key="engagement")
    widgets.template_downloads(st.container(border=True), key="engagement")

current = state.current()
if current.assessment is not None:
    a = current.assessment
    c1, c2, c3 = st.columns(3)
    c1.metric(t("summary.index"), f"{a.knowledge_index:.1f}")
    c2.metric(t("col.attributes"), len(a.inventory))
    c3.metric(t("ui.plan_questions"), int(a.plan.questions["in_plan"].sum()))
    st.page_link("pages/dashboard.py", label=t("ui.open_dashboard"), icon=":material/insights:")
else:
    frame.need_assessment(current)
