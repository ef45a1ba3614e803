"""Goals & weights: a slider per goal, AHP pairwise comparison, the relevance matrix."""

from __future__ import annotations

import itertools

import pandas as pd
import streamlit as st

from ui import frame, state, widgets
from zpd_assess.weights import (
    AHP_MAX_ITEMS,
    SAATY_SLIDER,
    AhpError,
    ahp,
    judgment_from_slider,
    judgments_from_sliders,
    pairwise_matrix,
    slider_caption,
    slider_from_judgment,
)
from zpd_assess.wording import question_text

#: Gaps and planned questions listed beside the weights, to see a slider's effect at once.
LIVE_ROWS = 5

t = state.t


def render(current: state.Current) -> None:
    lang = current.lang
    ws = current.workspace
    weights_at_start = dict(ws.weights)
    cat = current.catalog
    goal_label = cat.goals[f"label_{lang}"].to_dict()

    mode = st.radio(
        t("ui.weight_mode"),
        ["sliders", "ahp"],
        horizontal=True,
        key="goals.mode",
        format_func={m: t(f"ui.mode_{m}") for m in ("sliders", "ahp")}.get,
    )

    def ahp_panel() -> None:
        """Pairwise comparison of the chosen goals; the weights can replace the sliders'."""
        st.caption(t("ui.ahp_help"))
        default = sorted(cat.goals.index, key=lambda g: -ws.weights.get(g, 0))[:5]
        chosen = st.multiselect(
            t("ui.ahp_goals"),
            list(cat.goals.index),
            default=default,
            format_func=goal_label.get,
            max_selections=AHP_MAX_ITEMS,
            key="goals.ahp_goals",
            placeholder=t("ui.choose"),
        )
        if len(chosen) < 3:
            st.info(t("ui.ahp_need_more"))
            return
        equal = t("ui.equal")
        positions = {}
        for a, b in itertools.combinations(chosen, 2):
            key = f"goals.ahp.{a}|{b}"
            if key not in st.session_state:
                # The decisions keep the judgment (1/9 … 9); the slider shows its position.
                st.session_state[key] = slider_from_judgment(ws.ahp.get(f"{a}|{b}", 1.0))

            def keep(pair: str = f"{a}|{b}", key: str = key) -> None:
                ws.ahp[pair] = judgment_from_slider(int(st.session_state[key]))

            positions[(a, b)] = st.select_slider(
                f"{goal_label[a]}  ⟷  {goal_label[b]}",
                options=SAATY_SLIDER,
                key=key,
                on_change=keep,
                format_func=lambda v, a=a, b=b: slider_caption(
                    v, goal_label[a], goal_label[b], equal
                ),
            )
        try:
            result = ahp(pairwise_matrix(chosen, judgments_from_sliders(positions)))
        except AhpError as exc:
            st.error(frame.plain(exc))
            return
        c1, c2 = st.columns(2)
        c1.metric(
            t("ui.consistency_ratio"),
            f"{result.consistency_ratio:.2f}",
            delta=t("ui.consistent") if result.consistent else t("ui.inconsistent"),
            delta_color="normal" if result.consistent else "inverse",
        )
        if result.worst_pair and not result.consistent:
            a, b = result.worst_pair
            c2.warning(
                t(
                    "ui.reconsider",
                    a=goal_label[a],
                    b=goal_label[b],
                    said=result.worst_pair_judgment,
                    implied=result.worst_pair_implied,
                ),
                icon=":material/sync_problem:",
            )
        widgets.weights_table(st, result.weights)
        widgets.use_weights_button(
            st, result.weights, t("ui.use_ahp"), t("ui.ahp_applied"), "goals.use_ahp",
            type="primary",
        )  # fmt: skip

    left, right = st.columns([3, 2], gap="large")
    with right:
        live = st.container(border=True)
    with left:
        if mode == "sliders":
            st.caption(t("ui.sliders_help"))
            total = sum(ws.weights.values()) or 1.0
            cols = st.columns(2)
            for i, goal in enumerate(cat.goals.index):
                key = f"goals.w.{goal}"
                if key not in st.session_state:
                    st.session_state[key] = float(ws.weights.get(goal, 0.0))

                def keep(goal: str = goal, key: str = key) -> None:
                    ws.weights[goal] = float(st.session_state[key])

                cols[i % 2].slider(
                    goal_label[goal],
                    0.0,
                    1.0,
                    step=0.05,
                    key=key,
                    on_change=keep,
                    help=cat.goals.at[goal, f"description_{lang}"],
                )
            if sum(ws.weights.values()) <= 0:
                st.error(t("ui.weights_zero"), icon=":material/error:")
            shares = pd.DataFrame(
                {
                    t("col.goal"): [goal_label[g] for g in cat.goals.index],
                    t("col.weight"): [ws.weights.get(g, 0) / total for g in cat.goals.index],
                }
            )
            st.dataframe(
                shares,
                hide_index=True,
                column_config={
                    t("col.weight"): st.column_config.ProgressColumn(
                        format="percent", min_value=0.0, max_value=1.0
                    )
                },
            )
        else:
            ahp_panel()

    def live_effect(container) -> None:
        """What the weights do, drawn next to them so that a slider's effect is seen at once.

        Sliders change the weights in callbacks, before this run computed ``current``; only the
        AHP button changes them during the run, and then the engagement is computed again.
        """
        changed = ws.weights != weights_at_start
        now = state.current().assessment if changed else current.assessment
        if now is None:
            return
        container.metric(t("summary.index"), f"{now.knowledge_index:.1f}")
        container.markdown(f"**{t('summary.gaps')}**")
        for _, row in now.largest_gaps(LIVE_ROWS).iterrows():
            container.write(f"{row[f'label_{lang}']} — {row['gap']:.2f}")
        container.markdown(f"**{t('ui.top_questions_live')}**")
        planned = now.plan.questions[now.plan.questions["in_plan"]].head(LIVE_ROWS)
        for _, q in planned.iterrows():
            container.write(f"{int(q['rank'])}. {question_text(q, lang)}")

    live_effect(live)

    st.subheader(t("ui.relevance_title"))
    st.caption(t("ui.relevance_help"))
    matrix = cat.relevance_matrix.T.copy()
    matrix.index = [cat.topics.at[tid, f"label_{lang}"] for tid in matrix.index]
    matrix.columns = [goal_label[g] for g in matrix.columns]
    key = f"goals.relevance.{state.digest(str(sorted(ws.relevance.items())).encode())}"

    def keep_relevance() -> None:
        for position, changes in st.session_state[key]["edited_rows"].items():
            topic = cat.topics.index[int(position)]
            for label, value in changes.items():
                goal = next(g for g, name in goal_label.items() if name == label)
                ws.relevance[f"{goal}|{topic}"] = int(min(max(value or 0, 0), 3))

    st.data_editor(
        matrix,
        key=key,
        on_change=keep_relevance,
        height=420,
        column_config={
            name: st.column_config.NumberColumn(name, min_value=0, max_value=3, step=1, format="%d")
            for name in matrix.columns
        },
    )
    if ws.relevance and st.button(t("ui.reset_relevance"), key="goals.reset_relevance"):
        ws.relevance.clear()
        st.rerun()


frame.run_page("goals", render, needs_assessment=False)
