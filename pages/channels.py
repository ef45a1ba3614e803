"""Channels: which channels the organisation has, their budgets, the channel plan, the index."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import frame, state, widgets
from zpd_assess import charts
from zpd_assess.budgets import BudgetLimits, channel_budget, edited_budget, edited_reach
from zpd_assess.planning.report import asking_order_lines
from zpd_assess.sources import grade_label

t = state.t


def render(current: state.Current) -> None:
    lang = current.lang
    a, cat, ws = current.assessment, current.catalog, current.workspace
    channel_label = cat.channels[f"label_{lang}"].to_dict()

    key = "channels.available"
    if key not in st.session_state:
        st.session_state[key] = list(ws.channels)

    def keep_channels() -> None:
        chosen = state.widget_value(key)
        if chosen:  # none chosen keeps the channels: the page says a plan needs one
            ws.channels = list(chosen)

    st.multiselect(
        t("ui.channels_have"),
        list(cat.channels.index),
        key=key,
        on_change=keep_channels,
        format_func=channel_label.get,
        help=t("ui.channels_have_help"),
        placeholder=t("ui.choose"),
    )
    if not st.session_state[key]:
        st.warning(t("ui.channels_none"), icon=":material/warning:")

    ch = cat.channels.loc[ws.channels]
    budgets = pd.DataFrame(
        {
            "channel": [channel_label[c] for c in ch.index],
            "max_questions": [channel_budget(cat, c, ws.budgets)[0] for c in ch.index],
            "max_seconds": [channel_budget(cat, c, ws.budgets)[1] for c in ch.index],
            "reach": [ws.reach.get(c, float(ch.at[c, "reach"])) for c in ch.index],
            "response": ch["response_rate"],
            "linkability": ch["linkability"],
            "source": [
                " / ".join(grade_label(cat, s, lang) for s in (r, b))
                for r, b in zip(ch["response_source"], ch["budget_source"], strict=True)
            ],
        }
    )
    edits_seen = str([sorted(ws.budgets.items()), sorted(ws.reach.items())]).encode()
    budget_key = f"channels.budgets.{state.digest(edits_seen)}"

    def keep_budgets() -> None:
        edits = state.widget_value(budget_key) or {}
        for position, changes in edits.get("edited_rows", {}).items():
            cid = ch.index[int(position)]
            if "max_questions" in changes or "max_seconds" in changes:
                ws.budgets[cid] = edited_budget(cat, cid, ws.budgets, changes)
            if "reach" in changes:
                share = edited_reach(cat, cid, changes["reach"])
                if share is None:
                    ws.reach.pop(cid, None)
                else:
                    ws.reach[cid] = share

    limits = BudgetLimits.of(cat)
    st.subheader(t("ui.budgets"))
    st.caption(t("ui.budgets_help"))
    st.data_editor(
        budgets,
        key=budget_key,
        on_change=keep_budgets,
        hide_index=True,
        width="stretch",
        disabled=["channel", "response", "linkability", "source"],
        column_order=widgets.reading_order(budgets.columns, lang),
        column_config={
            "channel": st.column_config.TextColumn(t("col.channel"), width="medium"),
            "max_questions": st.column_config.NumberColumn(
                t("col.max_questions"), min_value=limits.min_questions, step=1
            ),
            "max_seconds": st.column_config.NumberColumn(
                t("col.max_seconds"), min_value=limits.min_seconds, step=5
            ),
            "reach": st.column_config.NumberColumn(
                t("col.reach"),
                format="percent",
                min_value=0.0,
                max_value=100.0,
                help=t("ui.reach_help"),
            ),
            "response": st.column_config.NumberColumn(t("col.response"), format="percent"),
            "linkability": st.column_config.NumberColumn(t("col.linkability"), format="percent"),
            "source": st.column_config.TextColumn(t("col.source"), help=t("ui.sources_grade_help")),
        },
    )

    st.subheader(t("sheet.channels"))
    plan = a.plan
    rows = []
    for c in plan.channels.itertuples():
        rows.append(
            {
                t("col.channel"): channel_label[c.channel_id],
                t("col.questions"): f"{c.questions} / {int(c.max_questions)}",
                t("col.seconds"): f"{int(c.seconds)} / {int(c.max_seconds)}",
                t("col.respondents_count"): c.respondents_count,
                t("col.value"): round(c.value, 2),
            }
        )
    table = pd.DataFrame(rows)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_order=widgets.reading_order(table.columns, lang),
    )
    # Each channel's questions, contact by contact, in full: a grid cell would cut them.
    st.markdown(f"**{t('col.asking_order')}**")
    for c in plan.channels.itertuples():
        if not c.questions:
            continue
        with st.expander(f"{channel_label[c.channel_id]} ({c.questions} / {int(c.max_questions)})"):
            st.markdown(_as_markdown(asking_order_lines(plan, c.channel_id, cat, lang)))
    st.plotly_chart(
        charts.projection_chart(a, cat, lang), key="channels.projection", width="stretch"
    )


def _as_markdown(lines: list[tuple[int | None, str]]) -> str:
    """A channel's asking order as markdown: each contact's heading in bold, each question on
    its own line under its number (escaped, so that no list renumbers it), the text shown as
    written."""
    return "\n".join(
        f"**{frame.plain(text)}**  " if number is None else f"{number}\\. {frame.plain(text)}  "
        for number, text in lines
    )


frame.run_page("channels", render)
