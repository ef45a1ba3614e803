"""Goals & weights: a slider per goal, AHP pairwise comparison, the engagement's use cases."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import streamlit as st

from ui import frame, state, widgets
from ui.vote import pair_label
from zpd_assess.assess import engagement_use_cases
from zpd_assess.catalog import INDUSTRIES
from zpd_assess.decisions import CustomUseCase, UseCaseChoice, next_question_id
from zpd_assess.use_cases import UseCaseError
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
                position = state.widget_value(key)
                if position is not None:
                    ws.ahp[pair] = judgment_from_slider(int(position))

            positions[(a, b)] = st.select_slider(
                pair_label(goal_label[a], goal_label[b], lang),
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
                    weight = state.widget_value(key)
                    if weight is not None:
                        ws.weights[goal] = float(weight)

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
                column_order=widgets.reading_order(shares.columns, lang),
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

    use_cases_panel(st.container(), current)


def use_cases_panel(container, current: state.Current) -> None:
    """The engagement's use cases: its industry, each use case on or off, its value, the brief,
    and the use cases the team adds. Any change re-ranks the plan on the next run."""
    lang = current.lang
    ws = current.workspace
    cat = current.catalog
    container.subheader(t("ui.use_cases_title"))
    container.caption(t("ui.use_cases_help"))
    industries = [i for i in ws.identity.industry.split(";") if i]

    # The key carries the language: a multiselect keeps its choice as the shown labels, so a
    # label of the other language must never come back as an industry id.
    industry_key = f"goals.industry.{lang}"

    def keep_industry() -> None:
        chosen = state.widget_value(industry_key)
        if chosen is not None:
            ws.identity.industry = ";".join(i for i in chosen if i in INDUSTRIES)

    if industry_key not in st.session_state:
        st.session_state[industry_key] = industries
    container.multiselect(
        t("ui.industry"),
        list(INDUSTRIES),
        key=industry_key,
        on_change=keep_industry,
        # the language bound now: Streamlit may format a choice outside this run (the app
        # test's round trip read the Hebrew choice as "Telecom" and emptied the industry)
        format_func=lambda i, lang=lang: cat.text(f"industry.{i}", lang),
        placeholder=t("ui.industry_unknown"),
    )
    a = current.assessment
    if a is not None and a.scores.use_cases is not None:
        use_cases, share = a.scores.use_cases, a.scores.use_case_shares  # already computed
    else:  # no inventory yet: the use cases still show, without their share
        try:
            use_cases = engagement_use_cases(cat, ws)
        except UseCaseError as exc:
            container.error(frame.plain(exc))
            return
        share = pd.Series(0.0, index=use_cases.table.index)
    if use_cases.generic:
        container.warning(t("ui.use_cases_generic"), icon=":material/warning:")
    table = use_cases.table
    frame_ = pd.DataFrame(
        {
            "on": table["on"].astype(bool),
            "brief": table["in_brief"].astype(bool),
            "label": table[f"label_{lang}"],
            "value": table["value"].astype(float),
            "share": share,
            "purpose": table[f"purpose_{lang}"],
        },
        index=table.index,
    ).sort_values(["on", "share"], ascending=[False, False])
    ids = list(frame_.index)
    key = "goals.use_cases." + state.digest(
        json.dumps(
            [ws.identity.industry, ws.brief, {u: c.model_dump() for u, c in ws.use_cases.items()},
             [c.model_dump() for c in ws.custom_use_cases]],
            sort_keys=True, default=str,
        ).encode()
    )  # fmt: skip

    def keep_use_cases() -> None:
        edits = state.widget_value(key) or {}
        for position, changes in edits.get("edited_rows", {}).items():
            uid = ids[int(position)]
            custom = next((c for c in ws.custom_use_cases if c.use_case_id == uid), None)
            if "brief" in changes:
                if changes["brief"] and uid not in ws.brief:
                    ws.brief.append(uid)
                elif not changes["brief"] and uid in ws.brief:
                    ws.brief.remove(uid)
            if custom is not None:
                if "on" in changes:
                    custom.on = bool(changes["on"])
                if changes.get("value"):
                    custom.value = float(min(max(changes["value"], 0.1), 100.0))
                continue
            choice = ws.use_cases.get(uid) or UseCaseChoice()
            if "on" in changes:
                choice.on = bool(changes["on"])
            if changes.get("value"):
                choice.value = float(min(max(changes["value"], 0.1), 100.0))
            ws.use_cases[uid] = choice

    container.data_editor(
        frame_,
        key=key,
        on_change=keep_use_cases,
        hide_index=True,
        disabled=["label", "share", "purpose"],
        column_config={
            "on": st.column_config.CheckboxColumn(t("col.use_case_on"), width="small"),
            "brief": st.column_config.CheckboxColumn(
                t("col.use_case_brief"), help=t("ui.use_case_brief_help"), width="small"
            ),
            "label": st.column_config.TextColumn(t("col.use_case"), width="large"),
            "value": st.column_config.NumberColumn(
                t("col.use_case_value"), min_value=0.1, max_value=100.0, step=0.5,
                help=t("ui.use_case_value_help"),
            ),
            "share": st.column_config.ProgressColumn(
                t("col.importance_share"), format="percent", min_value=0.0, max_value=1.0
            ),
            "purpose": st.column_config.TextColumn(t("col.purpose"), width="large"),
        },
    )  # fmt: skip
    with container.expander(t("ui.add_use_case")):
        add_use_case_form(st.container(), current)


def add_use_case_form(container, current: state.Current) -> None:
    """A use case of the team's own, in both languages: the goals it serves, what it needs."""
    lang = current.lang
    ws = current.workspace
    cat = current.catalog
    goal_label = cat.goals[f"label_{lang}"].to_dict()
    topic_label = cat.topics[f"label_{lang}"].to_dict()
    with container.form("goals.add_use_case", clear_on_submit=True):
        c1, c2 = st.columns(2)
        label_en = c1.text_input(t("ui.use_case_label_en"), max_chars=200)
        label_he = c2.text_input(t("ui.use_case_label_he"), max_chars=200)
        goals = st.multiselect(
            t("ui.use_case_goals"), list(cat.goals.index), format_func=goal_label.get,
            placeholder=t("ui.choose"),
        )  # fmt: skip
        needs = st.multiselect(
            t("ui.use_case_needs"), list(cat.topics.index), format_func=topic_label.get,
            placeholder=t("ui.choose"),
        )  # fmt: skip
        value = st.number_input(t("col.use_case_value"), 0.5, 100.0, 5.0, step=0.5)
        p1, p2 = st.columns(2)
        purpose_en = p1.text_area(t("ui.use_case_purpose_en"), max_chars=500)
        purpose_he = p2.text_area(t("ui.use_case_purpose_he"), max_chars=500)
        submitted = st.form_submit_button(t("ui.add_use_case"), type="primary")
    if not submitted:
        return
    if not (label_en.strip() or label_he.strip()) or not goals or not needs:
        container.error(t("ui.use_case_incomplete"))
        return
    taken = {*cat.use_cases.index, *(c.use_case_id for c in ws.custom_use_cases)}
    use_case_id = next_question_id(taken, "team_use_case")
    ws.custom_use_cases.append(
        CustomUseCase(
            use_case_id=use_case_id, label_en=label_en.strip(), label_he=label_he.strip(),
            goals=dict.fromkeys(goals, 1.0), needs=dict.fromkeys(needs, 1.0), value=value,
            purpose_en=purpose_en.strip(), purpose_he=purpose_he.strip(),
        )
    )  # fmt: skip
    st.rerun()


frame.run_page("goals", render, needs_assessment=False)
