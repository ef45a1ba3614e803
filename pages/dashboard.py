"""Gap dashboard (executive): index, quadrant, gaps, party mix, known vs unknown, projection."""

from __future__ import annotations

import streamlit as st

from ui import frame, state, widgets
from zpd_assess import charts
from zpd_assess.assess import use_case_progress
from zpd_assess.decisions import file_stem
from zpd_assess.deck import board_deck
from zpd_assess.headline import headline, plain_why

t = state.t

#: Use cases listed on the dashboard (the rest are on the Goals page).
USE_CASES_SHOWN = 8


def _shown(index: float) -> float:
    """An index as its KPI shows it (one decimal): a change is the difference of the figures
    shown, so that 54.7 - 47.3 reads +7.4, never +7.5."""
    return round(float(index), 1)


def render(current: state.Current) -> None:
    lang = current.lang
    a, cat = current.assessment, current.catalog
    frame.engagement_caption(st, current)

    projection = a.plan.projection.set_index("month")
    in_plan = a.plan.questions[a.plan.questions["in_plan"]]
    box = st.container(border=True)
    said, deck = box.columns([4, 1], vertical_alignment="center")
    said.markdown(f"##### {frame.plain(headline(a, cat, lang, current.source_name))}")
    stem = file_stem(current.workspace.identity, state.org_id())
    deck.download_button(  # the deck is made when clicked, not on every rerun
        t("ui.download_deck"),
        lambda: board_deck(
            a, cat, lang, organisation=current.source_name, team=current.workspace.team
        ),
        file_name=f"zpd_board_{stem}_{lang}.pptx",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:",
        key="dashboard.deck",
    )
    k1, k2, k3, k4 = st.columns(4)
    k1.metric(t("kpi.index"), f"{a.knowledge_index:.1f}", help=t("summary.index_note"))
    k2.metric(
        t("kpi.with_plan"),
        f"{projection.at[12, 'index_with_plan']:.1f}",
        delta=f"{_shown(projection.at[12, 'index_with_plan']) - _shown(a.knowledge_index):+.1f}",
        help=t("ui.index_12m_help"),
    )
    k3.metric(
        t("kpi.nothing"),
        f"{projection.at[12, 'index_nothing_done']:.1f}",
        delta=f"{_shown(projection.at[12, 'index_nothing_done']) - _shown(a.knowledge_index):+.1f}",
        help=t("ui.index_nothing_help"),
    )
    k4.metric(t("kpi.questions"), len(in_plan), help=t("ui.plan_value", v=a.plan.value))

    left, right = st.columns([3, 2])
    with left:
        event = st.plotly_chart(
            charts.quadrant(a, cat, lang),
            key="dashboard.quadrant",
            on_select="rerun",
            selection_mode="points",
            width="stretch",
        )
    with right:
        st.plotly_chart(
            charts.party_mix_chart(a, cat, lang), key="dashboard.party", width="stretch"
        )
        st.plotly_chart(
            charts.gaps_by_category(a, cat, lang), key="dashboard.categories", width="stretch"
        )

    points = (event or {}).get("selection", {}).get("points", []) if event else []
    gaps = a.largest_gaps(len(a.scores.topics))  # every topic, largest gap first
    default_topic = (
        points[0]["customdata"] if points and "customdata" in points[0] else gaps.index[0]
    )
    topics = list(gaps.index)
    chosen = st.selectbox(
        t("ui.explain_topic"),
        topics,
        index=topics.index(default_topic),
        format_func=lambda tid: cat.topics.at[tid, f"label_{lang}"],
        key=f"dashboard.topic.{default_topic}",
    )
    ex = a.scores.explain[chosen]
    with st.container(border=True):
        st.markdown(f"**{t('col.why')}** — {frame.plain(plain_why(a, cat, chosen, lang))}")
        formula = st.expander(t("ui.why_formula"), icon=":material/functions:")
        formula.markdown(frame.plain(ex[f"text_{lang}"]))
        parts = [p for p in ex["knowledge"]["parts"] if "attribute" in p]
        if parts:
            why = {
                t("col.attribute"): [p["attribute"] for p in parts],
                t("col.party"): [t(f"party.{p['party']}") for p in parts],
                t("col.coverage"): [p["coverage"] for p in parts],
                t("ui.factor_k"): [p["k"] for p in parts],
                t("ui.adds"): [p["adds"] for p in parts],
            }
            st.dataframe(
                why,
                hide_index=True,
                column_order=widgets.reading_order(why, lang),
                column_config={
                    t("col.coverage"): st.column_config.NumberColumn(format="percent"),
                    t("ui.factor_k"): st.column_config.NumberColumn(format="%.3f"),
                    t("ui.adds"): st.column_config.NumberColumn(format="%.3f"),
                },
            )

    c1, c2 = st.columns([2, 3])
    c1.plotly_chart(
        charts.projection_chart(a, cat, lang), key="dashboard.projection", width="stretch"
    )
    c2.plotly_chart(charts.known_unknown(a, cat, lang), key="dashboard.known", width="stretch")

    use_cases(st.container(), current)
    trend(st.container(), current)


def use_cases(box, current: state.Current) -> None:
    """What the plan enables: each use case chosen, how much it matters, the questions that serve
    it and what the organisation will do with the answers."""
    lang = current.lang
    cases = use_case_progress(current.assessment)
    if cases.empty:
        return
    box.subheader(t("ui.dash_use_cases"))
    box.caption(t("ui.dash_use_cases_help"))
    shown = cases.head(USE_CASES_SHOWN)
    # a table, not a grid: its long texts wrap, and in Hebrew it reads from the right by itself
    box.table(
        {
            t("col.use_case"): list(shown[f"label_{lang}"]),
            t("ui.dash_matters"): [f"{v:.0%}" for v in shown["share"]],
            t("col.questions"): [str(int(v)) for v in shown["questions"]],
            t("ui.dash_adds"): [f"{v:.2f}" for v in shown["adds"]],
            t("ui.dash_enables"): list(shown[f"action_{lang}"]),
        },
        hide_index=True,
        border="horizontal",
    )
    unserved = cases[cases["questions"] == 0]
    if len(unserved):
        names = [f"«{n}»" for n in unserved[f"label_{lang}"].head(4)] + (
            ["…"] if len(unserved) > 4 else []
        )
        box.caption(
            t("ui.dash_unserved", n=len(unserved), total=len(cases), names=", ".join(names))
        )


def trend(box, current: state.Current) -> None:
    """The index across the engagement's snapshots, and now; how to start one when none exists."""
    a, cat, lang = current.assessment, current.catalog, current.lang
    box.subheader(t("ui.dash_trend"))
    ws = current.workspace
    shots = state.store().snapshots(ws.engagement_id) if ws.engagement_id else []
    if not shots:
        box.caption(t("ui.dash_trend_empty"))
        return
    box.plotly_chart(
        charts.index_trend(
            [(s.label, s.knowledge_index) for s in shots] + [(t("ui.now"), a.knowledge_index)],
            cat,
            lang,
        ),
        key="dashboard.trend",
        width="stretch",
    )


frame.run_page("dashboard", render)
