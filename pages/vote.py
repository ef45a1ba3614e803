"""Vote (participant): join with a display name, place your dots, compare goals in pairs.

Reached only through a workshop link (``?w=CODE``); it shows that workshop's ballot and nothing
of the engagement beyond the questions' wording and the goals' names.
"""

from __future__ import annotations

import itertools

import streamlit as st

from ui import frame, state
from zpd_assess.store import StoreError

frame.leave_legacy_pages_mode()
t = state.t
lang = state.lang()
cat = state.catalog()
store = state.store()
code = str(st.query_params.get("w", "")).strip().upper()
workshop = store.get_workshop(code)

other = "en" if lang == "he" else "he"
if st.button("English" if other == "en" else "עברית", key="vote.lang"):
    st.session_state["zpd.lang"] = other
    st.query_params["lang"] = other
    st.rerun()
st.title(t("page.vote"))
if workshop is None:
    st.error(t("ui.no_such_workshop"), icon=":material/error:")
    st.stop()
if workshop.status == "closed":
    st.info(t("ui.workshop_closed"))
    st.stop()

token = st.query_params.get("p") or st.session_state.get(f"vote.token.{code}")
if not token:
    with st.form("vote.join"):
        name = st.text_input(t("ui.display_name"), max_chars=40)
        if st.form_submit_button(t("ui.join"), type="primary"):
            try:
                token = store.join(code, name)
            except StoreError as exc:
                st.error(str(exc))
                st.stop()
            st.session_state[f"vote.token.{code}"] = token
            st.query_params["p"] = token  # a refresh keeps the participant's place
            st.rerun()
    st.stop()

if workshop.status == "revealed":
    st.success(t("ui.voting_over"), icon=":material/check_circle:")
    st.stop()

questions = {q: row for q, row in cat.questions.iterrows()}
st.write(t("ui.ballot_help", dots=workshop.dots))
with st.form("vote.ballot"):
    dots = {}
    for qid in workshop.questions:
        row = questions.get(qid)
        text = (row[f"text_{lang}"] or row["text_en"]) if row is not None else qid
        dots[qid] = st.number_input(
            text, min_value=0, max_value=workshop.dots, step=1, value=0, key=f"vote.dots.{qid}"
        )
    judgments = {}
    if len(workshop.goals) >= 2:
        st.markdown(f"**{t('ui.compare_goals')}**")
        scale = [-9, -7, -5, -3, 1, 3, 5, 7, 9]
        labels = cat.goals[f"label_{lang}"].to_dict()
        equal = t("ui.equal")
        for a, b in itertools.combinations(workshop.goals, 2):
            value = st.select_slider(
                f"{labels[a]}  ⟷  {labels[b]}",
                options=scale,
                value=1,
                key=f"vote.pair.{a}|{b}",
                format_func={
                    v: equal if v == 1 else f"{labels[a] if v > 0 else labels[b]} ×{abs(v)}"
                    for v in scale
                }.get,
            )
            judgments[(a, b)] = float(value) if value > 0 else 1.0 / abs(value)
    submitted = st.form_submit_button(t("ui.cast_vote"), type="primary")
if submitted:
    used = sum(dots.values())
    if used > workshop.dots:
        st.error(t("ui.too_many_dots", used=used, dots=workshop.dots), icon=":material/error:")
    else:
        try:
            store.submit_votes(code, token, dots)
            if judgments:
                store.submit_comparisons(code, token, judgments)
        except StoreError as exc:
            st.error(str(exc), icon=":material/error:")
        else:
            st.success(t("ui.vote_in", used=used), icon=":material/check_circle:")
