"""Evidence: measure coverage, inferability, segments and question value from customer data.

The uploads and the last results are kept with the engagement (the store's ``evidence`` table):
leaving the page, reloading the link or opening the engagement elsewhere shows them again. The
coverage check needs only the customers table; the rest needs the pilot answers too.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
import streamlit as st

from ui import frame, state, widgets
from zpd_assess import charts
from zpd_assess.evidence import (
    EvidenceError,
    evidence_lines,
    inferability_interval,
    match_columns,
    measured_coverage,
    metric_label,
    model_label,
    question_names,
    read_table,
    run_evidence,
    segment_scores,
    to_frame,
    topic_inferability,
)
from zpd_assess.evidence_curves import held_out_chart, held_out_line
from zpd_assess.evidence_plans import inferable_topics, segment_plans
from zpd_assess.evidence_saved import SavedRun, file_digest, run_from_bytes, run_to_bytes
from zpd_assess.store import EvidenceFile, StoreError
from zpd_assess.wording import question_text

#: Questions shown per segment: the first of each segment's own plan.
SEGMENT_QUESTIONS_SHOWN = 3
#: What the uploaders take (read by :func:`zpd_assess.evidence.read_table`).
FILE_TYPES = ["csv", "xlsx", "parquet"]

t = state.t


@dataclass(frozen=True)
class Loaded:
    """A customers or answers table in use: its file, digest and contents."""

    name: str
    digest: str
    table: pa.Table
    frame: pd.DataFrame


@st.cache_resource(show_spinner=False, max_entries=6)
def _read(digest: str, name: str, _data: bytes) -> tuple[pa.Table, pd.DataFrame]:
    """A table read once per file (by its digest), under the hostile-file limits."""
    table = read_table(_data, name)
    return table, to_frame(table)


@st.cache_resource(show_spinner=False, max_entries=4)
def _kept_run(digest: str, _data: bytes) -> SavedRun:
    return run_from_bytes(_data)


def _kept(engagement_id: str | None) -> dict[str, EvidenceFile]:
    return state.store().evidence_of(engagement_id) if engagement_id else {}


def _table_input(column, role: str, kept: dict[str, EvidenceFile]) -> Loaded | None:
    """The table for ``role``: a new upload (kept with the engagement), else the kept one."""
    upload = column.file_uploader(t(f"ui.{role}_file"), type=FILE_TYPES, key=f"evidence.{role}")
    saved = kept.get(role)
    if upload is not None:
        data, name = upload.getvalue(), upload.name
    elif saved is not None:
        data, name = saved.data, saved.name
    else:
        return None
    digest = file_digest(data)
    try:
        table, frame_ = _read(digest, name, data)
    except EvidenceError as exc:
        column.error(frame.plain(exc), icon=":material/error:")
        return None
    is_kept = saved is not None and file_digest(saved.data) == digest
    if not is_kept:
        try:
            state.store().save_evidence(state.ensure_saved(), role, name, data)
            is_kept = True
        except StoreError as exc:
            column.warning(
                t("ui.evidence_not_saved", reason=frame.plain(exc)), icon=":material/warning:"
            )
    if is_kept:
        column.caption(t("ui.evidence_saved_file", name=frame.plain(name), rows=table.num_rows))
        if upload is None and column.button(t("ui.evidence_remove"), key=f"evidence.drop.{role}"):
            state.store().delete_evidence(state.workspace().engagement_id or "", role)
            st.rerun()
    return Loaded(name, digest, table, frame_)


def render(current: state.Current) -> None:
    lang = current.lang
    a, cat, ws = current.assessment, current.catalog, current.workspace
    kept = _kept(ws.engagement_id)

    c1, c2 = st.columns(2)
    customers_in = _table_input(c1, "customers", kept)
    answers_in = _table_input(c2, "answers", kept)
    if customers_in is None:
        return
    customers_table, customers = customers_in.table, customers_in.frame

    # coverage: said vs measured, from the customers table alone
    st.subheader(t("ui.coverage_said_measured"))
    report = measured_coverage(a.inventory, customers_table, normalise=state.mapper().prepare)
    if len(report):
        st.dataframe(
            report[["attribute", "column", "said", "measured", "difference"]].rename(
                columns={
                    "attribute": t("col.attribute"),
                    "column": t("ui.data_column"),
                    "said": t("ui.said"),
                    "measured": t("ui.measured"),
                    "difference": t("ui.change"),
                }
            ),
            hide_index=True,
            width="stretch",
            column_order=widgets.reading_order(
                [
                    t("col.attribute"),
                    t("ui.data_column"),
                    t("ui.said"),
                    t("ui.measured"),
                    t("ui.change"),
                ],
                lang,
            ),
            column_config={
                t("ui.said"): st.column_config.NumberColumn(format="percent"),
                t("ui.measured"): st.column_config.NumberColumn(format="percent"),
                t("ui.change"): st.column_config.NumberColumn(format="percent"),
            },
        )
        if st.button(t("ui.use_measured"), key="evidence.use_measured"):
            ws.measured = {int(r.row): float(r.measured) for r in report.itertuples()}
            st.success(t("ui.measured_used"), icon=":material/check_circle:")

    if answers_in is None:
        st.info(t("ui.evidence_needs_answers"), icon=":material/info:")
        return
    answers = answers_in.frame
    common = [c for c in customers.columns if c in answers.columns]
    if not common:
        st.error(t("ui.id_column") + ": —", icon=":material/error:")
        return
    previous = _previous_run(kept)
    c3, c4 = st.columns(2)
    id_column = c3.selectbox(
        t("ui.id_column"),
        common,
        index=common.index(previous.id_column) if previous and previous.id_column in common else 0,
        key="evidence.id",
    )
    targets = [None, *[c for c in customers.columns if c != id_column]]
    target = c4.selectbox(
        t("ui.target_column"),
        targets,
        index=targets.index(previous.target) if previous and previous.target in targets else 0,
        key="evidence.target",
        # the language bound now: Streamlit may format an option outside this run
        format_func=lambda c, lang=lang: cat.text("ui.no_target", lang) if c is None else c,
    )

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
                catalog=cat,
                lang=lang,
            )
        except EvidenceError as exc:
            st.error(frame.plain(exc), icon=":material/error:")
            return
        bar.empty()
        previous = SavedRun(customers_in.digest, answers_in.digest, id_column, target, evidence)
        try:
            state.store().save_evidence(
                state.ensure_saved(), "run", "results.json", run_to_bytes(previous)
            )
        except (StoreError, EvidenceError) as exc:
            st.warning(
                t("ui.evidence_not_saved", reason=frame.plain(exc)), icon=":material/warning:"
            )
    if previous is None:
        return
    if not previous.matches(customers_in.digest, answers_in.digest, id_column, target):
        st.caption(t("ui.evidence_measure_again"))
        return
    _results(current, previous.evidence, customers, target)


def _previous_run(kept: dict[str, EvidenceFile]) -> SavedRun | None:
    """The last results kept with the engagement (None when there are none or they are
    unreadable: a tampered or older record is said, and measuring again replaces it)."""
    saved = kept.get("run")
    if saved is None:
        return None
    try:
        return _kept_run(file_digest(saved.data), saved.data)
    except EvidenceError as exc:
        st.warning(frame.plain(exc), icon=":material/warning:")
        return None


def _results(current: state.Current, evidence, customers: pd.DataFrame, target) -> None:
    lang = current.lang
    a, cat, ws = current.assessment, current.catalog, current.workspace

    # inferability, question by question: the text first, the id beside it
    st.subheader(t("ui.inferability"))
    strengths = cat.questions["topic_strengths"].to_dict()
    topics = topic_inferability(evidence.inferability, strengths)
    inferable = [cat.topics.at[tid, f"label_{lang}"] for tid in inferable_topics(topics, cat)]
    if inferable:
        st.info(t("ui.dont_ask", topics=", ".join(inferable)), icon=":material/lightbulb:")
    ids = [i.question_id for i in evidence.inferability]
    names = question_names(cat, ids, lang)
    columns = [
        t("ui.question"),
        t("ui.inferability"),
        t("ui.inferability_interval"),
        t("ui.answered"),
        t("ui.inferability_model"),
        t("ui.metric"),
        t("col.question_id"),
    ]
    st.dataframe(
        pd.DataFrame(
            [
                dict(
                    zip(
                        columns,
                        (
                            name,
                            i.score,
                            inferability_interval(i),
                            i.answered,
                            model_label(i.model, cat, lang),
                            metric_label(i.metric, cat, lang),
                            i.question_id,
                        ),
                        strict=True,
                    )
                )
                for i, name in zip(evidence.inferability, names, strict=True)
            ],
            columns=columns,
        ),
        hide_index=True,
        column_order=widgets.reading_order(columns, lang),
        column_config={
            t("ui.inferability"): st.column_config.ProgressColumn(
                format="percent", min_value=0.0, max_value=1.0
            )
        },
    )
    st.caption(frame.plain(t("ui.inferability_caption")))
    if topics and st.button(t("ui.use_inferability"), key="evidence.use_inferability"):
        ws.inferability = {k: round(v, 4) for k, v in topics.items() if k in cat.topics.index}
        st.success(t("ui.inferability_used"), icon=":material/check_circle:")

    # question value
    qv = evidence.question_value
    if qv is not None:
        if qv.held_out is not None:  # measured on customers the selection never saw
            st.plotly_chart(
                held_out_chart(qv, cat, lang), key="evidence.heldout_curve", width="stretch"
            )
            st.caption(frame.plain(held_out_line(qv, target, cat, lang)))
        else:  # a run kept from before the held-out curve
            st.plotly_chart(
                charts.information_curve(qv, cat, lang), key="evidence.curve", width="stretch"
            )
        for line in evidence_lines(evidence, target, cat, lang):
            st.caption(frame.plain(line))
    else:
        st.caption(t("ui.no_question_value"))

    # segments: knowledge and gaps per segment, and plans tailored per segment
    seg = evidence.segmentation
    if seg is None or len(seg.labels) != len(customers):
        return
    st.subheader(t("ui.segments"))
    st.caption(t("ui.segments_found", k=seg.k, tried=", ".join(map(str, seg.silhouettes))))
    for segment, words in seg.descriptions.items():
        st.write(f"• {frame.plain(words[lang])} — {seg.sizes.get(segment, 0):,}")
    matches = match_columns(
        list(a.inventory["attribute"]), list(customers.columns), state.mapper().prepare
    )
    if not matches:
        return
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
