"""Evidence: measure coverage, inferability, segments and question value from customer data."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import frame, state
from zpd_assess import charts
from zpd_assess.evidence import (
    EvidenceError,
    match_columns,
    measured_coverage,
    read_table,
    run_evidence,
    segment_scores,
    to_frame,
    topic_inferability,
)
from zpd_assess.evidence_plans import inferable_topics, segment_plans
from zpd_assess.wording import question_text

#: Questions shown per segment: the first of each segment's own plan.
SEGMENT_QUESTIONS_SHOWN = 3

t = state.t


def render(current: state.Current) -> None:
    lang = current.lang
    a, cat, ws = current.assessment, current.catalog, current.workspace

    c1, c2 = st.columns(2)
    customers_file = c1.file_uploader(
        t("ui.customers_file"), type=["csv", "parquet"], key="evidence.customers"
    )
    answers_file = c2.file_uploader(
        t("ui.answers_file"), type=["csv", "parquet"], key="evidence.answers"
    )
    if customers_file is None or answers_file is None:
        st.stop()
    try:
        customers_table = read_table(customers_file.getvalue(), customers_file.name)
        answers_table = read_table(answers_file.getvalue(), answers_file.name)
    except EvidenceError as exc:
        st.error(frame.plain(exc), icon=":material/error:")
        st.stop()
    customers, answers = to_frame(customers_table), to_frame(answers_table)
    common = [c for c in customers.columns if c in answers.columns]
    if not common:
        st.error(t("ui.id_column") + ": —", icon=":material/error:")
        st.stop()
    c3, c4 = st.columns(2)
    id_column = c3.selectbox(t("ui.id_column"), common, key="evidence.id")
    targets = [None, *[c for c in customers.columns if c != id_column]]
    target = c4.selectbox(
        t("ui.target_column"),
        targets,
        key="evidence.target",
        format_func=lambda c: t("ui.no_target") if c is None else c,
    )

    run_key = (customers_file.name, answers_file.name, len(customers), id_column, target)
    if st.button(t("ui.run_evidence"), type="primary", key="evidence.run"):
        bar = st.progress(0.0, text=t("ui.working"))
        try:
            evidence = run_evidence(
                customers,
                answers,
                target,
                id_column,
                progress=lambda share, msg: bar.progress(
                    min(max(share, 0.0), 1.0), text=f"{t('ui.working')} {msg}"
                ),
            )
        except EvidenceError as exc:
            st.error(frame.plain(exc), icon=":material/error:")
            st.stop()
        bar.empty()
        st.session_state["evidence.result"] = (run_key, evidence)
    stored = st.session_state.get("evidence.result")
    if not stored or stored[0] != run_key:
        st.stop()
    evidence = stored[1]

    # coverage: said vs measured
    st.subheader(t("ui.coverage_said_measured"))
    report = measured_coverage(a.inventory, customers_table, normalise=state.mapper().prepare)
    if len(report):
        st.dataframe(
            report[["attribute", "column", "said", "measured", "difference"]].rename(
                columns={
                    "attribute": t("col.attribute"),
                    "said": t("ui.said"),
                    "measured": t("ui.measured"),
                    "difference": t("ui.change"),
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={
                t("ui.said"): st.column_config.NumberColumn(format="percent"),
                t("ui.measured"): st.column_config.NumberColumn(format="percent"),
                t("ui.change"): st.column_config.NumberColumn(format="percent"),
            },
        )
        if st.button(t("ui.use_measured"), key="evidence.use_measured"):
            ws.measured = {int(r.row): float(r.measured) for r in report.itertuples()}
            st.success(t("ui.measured_used"), icon=":material/check_circle:")

    # inferability
    st.subheader(t("ui.inferability"))
    strengths = cat.questions["topic_strengths"].to_dict()
    topics = topic_inferability(evidence.inferability, strengths)
    inferable = [cat.topics.at[tid, f"label_{lang}"] for tid in inferable_topics(topics, cat)]
    if inferable:
        st.info(t("ui.dont_ask", topics=", ".join(inferable)), icon=":material/lightbulb:")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("col.question_id"): i.question_id,
                    t("ui.inferability"): i.score,
                    t("ui.answered"): i.answered,
                    t("ui.metric"): i.metric,
                }
                for i in evidence.inferability
            ]
        ),
        hide_index=True,
        column_config={
            t("ui.inferability"): st.column_config.ProgressColumn(
                format="percent", min_value=0.0, max_value=1.0
            )
        },
    )
    if topics and st.button(t("ui.use_inferability"), key="evidence.use_inferability"):
        ws.inferability = {k: round(v, 4) for k, v in topics.items() if k in cat.topics.index}
        st.success(t("ui.inferability_used"), icon=":material/check_circle:")

    # question value
    if evidence.question_value is not None:
        qv = evidence.question_value
        st.plotly_chart(
            charts.information_curve(qv, cat, lang), key="evidence.curve", width="stretch"
        )
        st.caption(t("ui.question_order") + ": " + ", ".join(qv.order[:12]))
    else:
        st.caption(t("ui.no_question_value"))

    # segments: knowledge and gaps per segment, and plans tailored per segment
    seg = evidence.segmentation
    if seg is not None:
        st.subheader(t("ui.segments"))
        st.caption(t("ui.segments_found", k=seg.k, tried=", ".join(map(str, seg.silhouettes))))
        for segment, words in seg.descriptions.items():
            st.write(f"• {frame.plain(words[lang])} — {seg.sizes[segment]:,}")
        matches = match_columns(
            list(a.inventory["attribute"]), list(customers.columns), state.mapper().prepare
        )
        if matches:
            per_segment = segment_scores(
                a.inventory,
                customers,
                seg.labels,
                matches,
                cat,
                ws.weights,
                ws.inferability or None,
            )
            gaps, plans = {}, {}
            for item in segment_plans(per_segment, cat, current.settings, current.pool):
                name = f"{t('ui.segments')} {item.segment + 1}"
                gaps[name] = item.gaps
                top = item.first_questions(SEGMENT_QUESTIONS_SHOWN)
                plans[name] = [question_text(r, lang) for _, r in top.iterrows()]
            st.plotly_chart(
                charts.segment_heatmap(pd.DataFrame(gaps), cat, lang),
                key="evidence.heatmap",
                width="stretch",
            )
            st.markdown(f"**{t('ui.segment_plan')}**")
            for name, questions in plans.items():
                st.write(f"{name}: " + " · ".join(frame.plain(q) for q in questions))


frame.run_page("evidence", render, intro="ui.evidence_intro")
