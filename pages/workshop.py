"""Workshop (facilitator): open a live vote, show the join code, reveal and use the results."""

from __future__ import annotations

import io

import pandas as pd
import segno
import streamlit as st

from ui import frame, state, widgets
from zpd_assess.weights import SPLIT_LOG_SPREAD, group_judgment
from zpd_assess.wording import question_text

#: The ballot a facilitator opens: questions from the top of the plan (fewest, most, usual),
#: dots per participant (fewest, most, usual), goals compared in pairs (usual, most: 6 goals are
#: 15 pairs, about what a phone screen holds).
BALLOT_QUESTIONS = (3, 20, 10)
BALLOT_DOTS = (1, 10, 5)
PAIR_GOALS = (4, 6)

t = state.t


def render(current: state.Current) -> None:
    lang = current.lang
    a, cat, ws = current.assessment, current.catalog, current.workspace
    store = state.store()
    goal_label = cat.goals[f"label_{lang}"].to_dict()
    q = a.plan.questions
    planned = list(q.index[q["in_plan"]])

    shops = store.workshops_of(ws.engagement_id) if ws.engagement_id else []
    with st.expander(t("ui.open_workshop"), expanded=not shops), st.form("workshop.new"):
        fewest, most, usual = BALLOT_QUESTIONS
        n_questions = st.slider(
            t("ui.ballot_size"),
            fewest,
            min(most, max(fewest, len(planned))),
            min(usual, max(fewest, len(planned))),
        )
        dots = st.slider(t("ui.dots"), *BALLOT_DOTS)
        by_weight = sorted(cat.goals.index, key=lambda g: -ws.weights.get(g, 0))
        goals = st.multiselect(
            t("ui.pair_goals"),
            list(cat.goals.index),
            default=by_weight[: PAIR_GOALS[0]],
            format_func=goal_label.get,
            max_selections=PAIR_GOALS[1],
            placeholder=t("ui.choose"),
        )
        if st.form_submit_button(t("ui.open"), type="primary"):
            engagement_id = state.ensure_saved()  # a workshop belongs to a saved engagement
            store.open_workshop(engagement_id, planned[:n_questions], goals, dots=dots)
            st.rerun()

    if not shops:
        st.info(t("ui.no_workshop"))
        st.stop()
    workshop = shops[0]
    base, reachable = frame.public_url()
    link = f"{base}/?w={workshop.code}&lang={lang}"
    if not reachable:
        st.warning(t("ui.link_unreachable"), icon=":material/wifi_off:")

    left, right = st.columns([2, 1])
    with left:
        st.markdown(f"### {t('ui.join_code')}: `{workshop.code}`")
        st.code(link, language=None)
        st.caption(t("ui.join_help"))
        st.caption(t("ui.join_by_code", url=frame.plain(f"{base}/vote?lang={lang}")))
    with right:
        qr = io.BytesIO()
        segno.make(link, error="m").save(qr, kind="png", scale=6, border=2)
        st.image(qr.getvalue(), caption=t("ui.scan_to_join"), width=220)

    @st.fragment(run_every=2)
    def live_count() -> None:
        results = store.results(workshop.code)
        c1, c2, c3 = st.columns(3)
        c1.metric(t("ui.joined"), results.participants)
        c2.metric(t("ui.voted"), results.voted)
        c3.metric(t("ui.status"), t(f"ui.status_{store.get_workshop(workshop.code).status}"))

    live_count()

    b1, b2, b3 = st.columns(3)
    if workshop.status == "open" and b1.button(
        t("ui.reveal"), type="primary", key="workshop.reveal"
    ):
        store.set_status(workshop.code, "revealed")
        st.rerun()
    if workshop.status != "open" and b1.button(t("ui.reopen"), key="workshop.reopen"):
        store.set_status(workshop.code, "open")
        st.rerun()
    if workshop.status != "closed" and b2.button(t("ui.close_workshop"), key="workshop.close"):
        store.set_status(workshop.code, "closed")
        st.rerun()
    with b3.popover(t("ui.participants"), icon=":material/group:"):
        people = store.participants_of(workshop.code)
        if not people:
            st.caption(t("ui.no_participants"))
        for person in people:
            c1, c2 = st.columns([4, 1])
            c1.text(
                f"{person.display_name} — "
                + (t("ui.has_voted") if person.voted else t("ui.not_voted"))
            )
            if c2.button(
                t("ui.remove"), key=f"workshop.remove.{person.id}", icon=":material/person_remove:"
            ):
                store.remove_participant(workshop.code, person.id)
                st.rerun()

    if workshop.status == "open":
        st.caption(t("ui.blind_until_reveal"))
        st.stop()

    results = store.results(workshop.code)
    st.subheader(t("ui.results"))
    rows = []
    for v in sorted(results.questions, key=lambda v: -v.total):
        text = question_text(q.loc[v.question_id], lang) if v.question_id in q.index else ""
        rows.append(
            {
                t("ui.question"): text or v.question_id,
                t("ui.total_dots"): v.total,
                t("ui.voters_share"): v.share,
                t("ui.spread"): round(v.spread, 2),
                t("ui.disagreement"): t("ui.split") if v.split else "",
            }
        )
    results_table = pd.DataFrame(
        rows,
        columns=[t(k) for k in ("ui.question", "ui.total_dots", "ui.voters_share", "ui.spread",
                                "ui.disagreement")],
    )  # fmt: skip
    st.dataframe(
        results_table,
        hide_index=True,
        width="stretch",
        column_order=widgets.reading_order(results_table.columns, lang),
        column_config={
            t("ui.voters_share"): st.column_config.ProgressColumn(
                format="percent", min_value=0.0, max_value=1.0
            )
        },
    )
    if st.button(t("ui.use_votes"), key="workshop.use_votes"):
        ws.votes = {v.question_id: v.total for v in results.questions if v.total}
        ws.vote_weight = ws.vote_weight or cat.assumptions.number("votes.default_weight")
        st.success(t("ui.votes_used"), icon=":material/check_circle:")

    if results.comparisons and len(workshop.goals) >= 3:
        st.subheader(t("ui.room_weights"))
        group, spreads = group_judgment(list(workshop.goals), results.comparisons)
        widgets.weights_table(st, group.weights)
        st.caption(t("ui.group_cr", cr=group.consistency_ratio))
        most = max(spreads, key=spreads.get) if spreads else None
        if most and spreads[most] > SPLIT_LOG_SPREAD:
            st.warning(
                t("ui.room_split", a=goal_label[most[0]], b=goal_label[most[1]]),
                icon=":material/forum:",
            )
        widgets.use_weights_button(
            st, group.weights, t("ui.use_room_weights"), t("ui.weights_used"),
            "workshop.use_weights",
        )  # fmt: skip


frame.run_page("workshop", render)
