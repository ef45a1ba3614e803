"""Questions: the ranked backlog, the why of a question, and the room's questions and votes."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ui import frame, state
from zpd_assess import charts
from zpd_assess.catalog import ANSWER_TYPES
from zpd_assess.decisions import next_question_id
from zpd_assess.moments import missing_moments
from zpd_assess.planning import WAVES
from zpd_assess.planning.report import rank_help
from zpd_assess.wording import question_text

t = state.t


#: The grid's columns, key columns first (in Hebrew the grid is drawn from the right edge,
#: where the reader starts, and what does not fit is cut at the left).
GRID_COLUMNS = (
    "rank", "question", "pin", "exclude", "votes", "channel", "when", "wave", "value", "expected",
    "status", "why", "question_id",
)  # fmt: skip


def _expected(count: Any, again: Any) -> Any:
    """Expected answers in every channel a question is asked in (none when not planned); a
    follow-up asked after it in another channel answers another question, so it is not counted."""
    if count is None or count != count:
        return None
    return count + sum(
        r["expected_answers_count"] or 0 for r in again or () if not r.get("follow_up")
    )


def render(current: state.Current) -> None:
    lang = current.lang
    a, cat, ws = current.assessment, current.catalog, current.workspace
    q = a.plan.questions
    topic_label = cat.topics[f"label_{lang}"].to_dict()
    channel_label = cat.channels[f"label_{lang}"].to_dict()
    moment_label = cat.moments[f"label_{lang}"].to_dict() if not cat.moments.empty else {}
    frame.engagement_caption(st, current)

    f1, f2, f3, f4, f5 = st.columns([2, 2, 2, 2, 1.5], vertical_alignment="bottom")
    topics = f1.multiselect(
        t("col.topic"),
        list(cat.topics.index),
        format_func=topic_label.get,
        key="questions.f_topic",
        placeholder=t("ui.choose"),
    )
    channels = f2.multiselect(
        t("col.channel"),
        list(ws.channels),
        format_func=channel_label.get,
        key="questions.f_channel",
        placeholder=t("ui.choose"),
    )
    waves = f3.multiselect(
        t("col.wave"),
        list(WAVES),
        format_func={w: t(f"wave.{w}") for w in WAVES}.get,
        key="questions.f_wave",
        placeholder=t("ui.choose"),
    )
    sensitivities = f4.multiselect(
        t("col.sensitivity"),
        ["low", "medium", "high", "special"],
        format_func={s: t(f"sensitivity.{s}") for s in ("low", "medium", "high", "special")}.get,
        key="questions.f_sensitivity",
        placeholder=t("ui.choose"),
    )
    only_plan = f5.toggle(t("ui.only_plan"), value=True, key="questions.only_plan")

    view = q
    if only_plan:
        view = view[view["in_plan"]]
    if topics:
        view = view[view["topics"].map(lambda ts: bool(set(ts) & set(topics)))]
    if channels:  # a question asked again in a chosen channel is asked there too
        asked_in = [{c, *again} for c, again in zip(view["channel"], view["also_channels"],
                                                     strict=True)]  # fmt: skip
        view = view[[bool(ids & set(channels)) for ids in asked_in]]
    if waves:
        view = view[view["wave"].isin(waves)]
    if sensitivities:
        view = view[view["sensitivity"].isin(sensitivities)]

    table = pd.DataFrame(
        {
            "rank": view["rank"],
            "question": [
                question_text({"text_en": en, "text_he": he}, lang)
                for en, he in zip(view["text_en"], view["text_he"], strict=True)
            ],
            "channel": [
                channel_label.get(c, "")
                if not again
                else t(
                    "ui.channel_and_again",
                    channel=channel_label.get(c, ""),
                    others=", ".join(channel_label.get(o, o) for o in again),
                )
                for c, again in zip(view["channel"], view["also_channels"], strict=True)
            ],
            "when": [moment_label.get(m, "") if m else "" for m in view["moment_id"]],
            "wave": [t(f"wave.{w}") if isinstance(w, str) and w else "" for w in view["wave"]],
            "value": view["value"],
            "expected": [
                _expected(n, again)
                for n, again in zip(view["expected_answers_count"], view["repeats"], strict=True)
            ],
            "status": [t(f"value.{s}") for s in view["status"]],
            "votes": [int(ws.votes.get(qid, 0)) for qid in view.index],
            "pin": [qid in ws.pinned or qid in ws.placed for qid in view.index],
            "exclude": [qid in ws.excluded for qid in view.index],
            "why": [
                reason or channel_reason
                for reason, channel_reason in zip(
                    view[f"reason_{lang}"], view[f"channel_reason_{lang}"], strict=True
                )
            ],
            "question_id": view.index,
        }
    )
    inputs = (
        sorted(ws.votes.items()),
        sorted(ws.pinned),
        sorted(ws.placed),
        sorted(ws.excluded),
        list(view.index),
    )
    editor_key = f"questions.editor.{state.digest(str(inputs).encode())}"

    def keep_room_inputs() -> None:
        edits = state.widget_value(editor_key) or {}
        for position, changes in edits.get("edited_rows", {}).items():
            qid = table.iloc[int(position)]["question_id"]
            if "votes" in changes:
                ws.votes[qid] = max(0, int(changes["votes"] or 0))
            if "pin" in changes:
                if changes["pin"]:  # the room's pin leads the plan, in the channel placed
                    ws.pinned[qid] = ws.placed.get(qid)
                else:
                    ws.pinned.pop(qid, None)
                    ws.placed.pop(qid, None)
            if "exclude" in changes:
                (ws.excluded.add if changes["exclude"] else ws.excluded.discard)(qid)

    st.data_editor(
        table,
        key=editor_key,
        on_change=keep_room_inputs,
        hide_index=True,
        width="stretch",
        height=460,
        column_order=GRID_COLUMNS,
        disabled=[
            "rank",
            "question",
            "channel",
            "when",
            "wave",
            "value",
            "expected",
            "status",
            "why",
            "question_id",
        ],
        column_config={
            "rank": st.column_config.NumberColumn(
                t("col.rank"), width="small", help=rank_help(cat, lang)
            ),
            "question": st.column_config.TextColumn(t("ui.question"), width="large"),
            "channel": st.column_config.TextColumn(t("col.channel")),
            "when": st.column_config.TextColumn(t("col.when"), help=t("col.moment")),
            "wave": st.column_config.TextColumn(t("col.wave")),
            "value": st.column_config.NumberColumn(t("col.value"), format="%.2f"),
            "expected": st.column_config.NumberColumn(t("col.expected_answers_count"), format="%d"),
            "status": st.column_config.TextColumn(t("col.status")),
            "votes": st.column_config.NumberColumn(t("ui.votes"), min_value=0, step=1),
            "pin": st.column_config.CheckboxColumn(t("ui.pin")),
            "exclude": st.column_config.CheckboxColumn(t("ui.exclude")),
            "why": st.column_config.TextColumn(t("col.why"), width="large"),
            "question_id": st.column_config.TextColumn(t("col.question_id")),
        },
    )

    missing = missing_moments(a.moments, lang)
    if missing:
        uplift = f"{cat.assumptions.number('moment.response_uplift'):g}"
        st.caption(t("ui.moments_missing", signals="; ".join(missing), uplift=uplift))

    weight = st.slider(
        t("ui.vote_weight"),
        0.0,
        1.0,
        value=float(ws.vote_weight),
        step=0.1,
        key="questions.vote_weight",
        help=t("ui.vote_weight_help"),
    )
    if weight != ws.vote_weight:
        ws.vote_weight = weight
        st.rerun()

    planned = list(q.index[q["in_plan"]])
    if planned:
        st.subheader(t("ui.why_question"))
        chosen = st.selectbox(
            t("ui.question"),
            planned,
            key="questions.explain",
            format_func=lambda qid: f"{int(q.at[qid, 'rank'])}. {question_text(q.loc[qid], lang)}",
        )
        row = q.loc[chosen]
        st.plotly_chart(
            charts.question_waterfall(a.plan.explain[chosen], row, cat, lang),
            key="questions.waterfall",
            width="stretch",
        )
        st.caption(a.plan.explain[chosen][f"text_{lang}"])
        st.caption(row[f"channel_reason_{lang}"])

    left, right = st.columns(2)
    with left.form("questions.add", clear_on_submit=True):
        st.markdown(f"**{t('ui.add_question')}**")
        text_he = st.text_input(t("col.question_he"), key="questions.new_he")
        text_en = st.text_input(t("col.question_en"), key="questions.new_en")
        new_topics = st.multiselect(
            t("col.topics"),
            list(cat.topics.index),
            format_func=topic_label.get,
            key="questions.new_topics",
            placeholder=t("ui.choose"),
        )
        answer = st.selectbox(
            t("col.answer_type"),
            list(ANSWER_TYPES),
            format_func={x: t(f"answer.{x}") for x in ANSWER_TYPES}.get,
            key="questions.new_type",
        )
        exchange = st.text_input(t("col.value_exchange"), key="questions.new_exchange")
        if st.form_submit_button(t("ui.add"), type="primary"):
            if not (text_he.strip() or text_en.strip()) or not new_topics:
                st.error(t("ui.add_needs"), icon=":material/error:")
            else:
                qid = next_question_id(
                    [*cat.questions.index, *(w["question_id"] for w in ws.workshop)]
                )
                ws.workshop.append(
                    {
                        "question_id": qid,
                        "text_he": text_he.strip(),
                        "text_en": text_en.strip(),
                        "topics": new_topics,
                        "answer_type": answer,
                        "value_exchange_he": exchange if lang == "he" else "",
                        "value_exchange_en": exchange if lang == "en" else "",
                    }
                )
                st.rerun()

    with right:
        st.markdown(f"**{t('ui.edit_wording')}**")
        target = st.selectbox(
            t("ui.question"),
            list(q.index),
            key="questions.edit_target",
            format_func=lambda qid: f"{qid} — {question_text(q.loc[qid], lang)}",
        )
        with st.form(f"questions.edit.{target}"):
            new_he = st.text_area(t("col.question_he"), value=q.at[target, "text_he"], height=80)
            new_en = st.text_area(t("col.question_en"), value=q.at[target, "text_en"], height=80)
            if st.form_submit_button(t("ui.save")):
                ws.wording[target] = {"text_he": new_he.strip(), "text_en": new_en.strip()}
                st.rerun()
        room = [w for w in ws.workshop]
        if room:
            st.markdown(f"**{t('ui.room_questions')}**")
            for w in room:
                c1, c2 = st.columns([5, 1])
                c1.write(f"{w['question_id']}: {frame.plain(question_text(w, lang))}")
                if c2.button(t("ui.remove"), key=f"questions.remove.{w['question_id']}"):
                    ws.workshop = [x for x in ws.workshop if x["question_id"] != w["question_id"]]
                    st.rerun()
    if a.plan.warnings:
        with st.expander(t("ui.warnings", n=len(a.plan.warnings))):
            frame.show_issues(st, a.plan.warnings)


frame.run_page("questions", render)
