"""Engagement: choose a sample organisation or start from your own inventory."""

from __future__ import annotations

import streamlit as st

from ui import frame, state, widgets
from zpd_assess.snapshots import compare_knowledge, snapshot_topics
from zpd_assess.store import StoreError

#: Topics shown when two snapshots are compared: those whose knowledge moved most.
CHANGES_SHOWN = 12

t = state.t


def render(current: state.Current) -> None:
    lang = current.lang

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
    ident = current.workspace.identity
    left.subheader(frame.plain(ident.name(lang)) if ident.name(lang) else t("ui.own_inventory"))
    if eng is not None:
        left.write(eng.description_he if lang == "he" else eng.description_en)
    else:
        left.write(t("ui.own_inventory_help"))
    industries = [i for i in ident.industry.split(";") if i]
    left.caption(
        t(
            "ui.engagement_facts",
            industry=", ".join(t(f"industry.{i}") for i in industries) or "—",
            channels=len(current.workspace.channels),
            customers=f"{ident.customers:,}" if ident.customers else "—",
        )
    )

    with right:
        widgets.upload_box(st.container(border=True), key="engagement")
        widgets.template_downloads(st.container(border=True), key="engagement")
    widgets.column_step(st.container(), key="engagement", failed=current.assessment is None)
    if current.assessment is not None:
        if widgets.needs_identity():  # asked on upload: the plan, the ballot and the files need it
            box = left.container(border=True)
            box.markdown(f"**{t('ui.client_title')}**")
            box.info(t("ui.client_ask"), icon=":material/badge:")
            widgets.identity_form(box, key="engagement")
        else:
            with left.expander(t("ui.client_title"), icon=":material/badge:"):
                widgets.identity_form(st.container(), key="engagement")

    if current.assessment is not None:
        a = current.assessment
        c1, c2, c3 = st.columns(3)
        c1.metric(t("summary.index"), f"{a.knowledge_index:.1f}")
        c2.metric(t("col.attributes"), len(a.inventory))
        c3.metric(t("ui.plan_questions"), int(a.plan.questions["in_plan"].sum()))
        frame.page_link(st, "dashboard", t("ui.open_dashboard"), ":material/insights:")
    else:
        frame.need_assessment(current)

    # --- saved engagements and snapshots ---------------------------------------------------------
    store = state.store()
    ws = current.workspace
    st.divider()
    saved_col, snap_col = st.columns(2)
    with saved_col:
        st.subheader(t("ui.saved_engagements"))
        saved = store.list_engagements()
        if saved:
            names = {e.id: f"{e.name} — {e.updated:%d/%m/%Y %H:%M}" for e in saved}
            chosen = st.selectbox(
                t("ui.saved_list"), list(names), format_func=names.get, key="engagement.saved"
            )
            b1, b2 = st.columns(2)
            if b1.button(t("ui.open_saved"), key="engagement.open_saved"):
                if state.open_engagement(chosen):
                    st.rerun()
                st.error(t("ui.open_failed"), icon=":material/error:")
            with b2.popover(t("ui.manage_engagement"), icon=":material/edit:"):
                by_id = {e.id: e for e in saved}
                new_name = st.text_input(
                    t("ui.rename_to"), value=by_id[chosen].name, max_chars=200,
                    key=f"engagement.rename.{chosen}",
                )  # fmt: skip
                if st.button(t("ui.rename"), key="engagement.rename_button") and new_name.strip():
                    store.rename(chosen, new_name.strip())
                    st.rerun()
                sure = st.checkbox(
                    t("ui.delete_confirm", name=frame.plain(by_id[chosen].name)),
                    key=f"engagement.delete_sure.{chosen}",
                )
                if st.button(
                    t("ui.delete_engagement"), type="primary", disabled=not sure,
                    key="engagement.delete", icon=":material/delete:",
                ):  # fmt: skip
                    state.forget_engagement(chosen)
                    store.delete_engagement(chosen)
                    st.rerun()
        else:
            st.caption(t("ui.nothing_saved"))
        imported = st.file_uploader(
            t("ui.import_engagement"), type=["json"], key="engagement.import"
        )
        if imported is not None and st.button(t("ui.import_open"), key="engagement.import_open"):
            try:
                new_id = store.import_engagement(
                    imported.getvalue(), validate_state=state.validate_state
                )
            except (StoreError, ValueError) as exc:
                st.error(frame.plain(exc), icon=":material/error:")
            else:
                state.open_engagement(new_id)
                st.rerun()
    with snap_col:
        st.subheader(t("ui.snapshots"))
        st.caption(t("ui.snapshots_help"))
        if current.assessment is not None:
            label = st.text_input(
                t("ui.snapshot_label"),
                key="engagement.snapshot_label",
                placeholder=t("ui.snapshot_placeholder"),
            )
            if st.button(t("ui.take_snapshot"), key="engagement.take_snapshot", disabled=not label):
                state.persist()
                store.take_snapshot(
                    ws.engagement_id or "",
                    label,
                    current.assessment.knowledge_index,
                    snapshot_topics(current.assessment.scores.topics),
                    state.workspace_state(ws),
                )
                st.rerun()
        shots = store.snapshots(ws.engagement_id) if ws.engagement_id else []
        if shots:
            taken = {
                t("ui.snapshot_label"): [s.label for s in shots],
                t("ui.taken"): [f"{s.created:%d/%m/%Y %H:%M}" for s in shots],
                t("summary.index"): [round(s.knowledge_index, 1) for s in shots],
            }
            st.dataframe(taken, hide_index=True, column_order=widgets.reading_order(taken, lang))
        if len(shots) >= 2:
            by_id = {s.id: s for s in shots}
            c1, c2 = st.columns(2)
            first = c1.selectbox(
                t("ui.compare_from"),
                list(by_id),
                format_func=lambda i: by_id[i].label,
                key="engagement.cmp_a",
            )
            second = c2.selectbox(
                t("ui.compare_to"),
                list(by_id),
                index=len(shots) - 1,
                format_func=lambda i: by_id[i].label,
                key="engagement.cmp_b",
            )
            cat = current.catalog
            changes = compare_knowledge(
                by_id[first].topics, by_id[second].topics, set(cat.topics.index)
            )
            rows = [
                {
                    t("col.topic"): cat.topics.at[c.topic_id, f"label_{lang}"],
                    t("ui.knowledge_before"): c.before,
                    t("ui.knowledge_after"): c.after,
                    t("ui.change"): c.change,
                }
                for c in changes[:CHANGES_SHOWN]
            ]
            st.dataframe(
                rows,
                hide_index=True,
                column_order=widgets.reading_order(
                    [
                        t("col.topic"),
                        t("ui.knowledge_before"),
                        t("ui.knowledge_after"),
                        t("ui.change"),
                    ],
                    lang,
                ),
                column_config={
                    t("ui.knowledge_before"): st.column_config.NumberColumn(format="percent"),
                    t("ui.knowledge_after"): st.column_config.NumberColumn(format="percent"),
                    t("ui.change"): st.column_config.NumberColumn(format="percent"),
                },
            )


frame.run_page("engagement", render, intro="ui.engagement_intro", needs_assessment=False)
