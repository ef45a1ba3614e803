"""Export: the Excel workbook and JSON, and bringing back a workbook the team edited."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from ui import frame, state
from zpd_assess.agreement import room_agreement
from zpd_assess.assess import assessment_json
from zpd_assess.customer_queue import (
    QueueError,
    QueueResult,
    QueueSettings,
    customer_queue,
    queue_csv,
    queue_json,
    skipped_csv,
)
from zpd_assess.decisions import apply_plan_edits, decisions_version, file_stem, left_the_plan
from zpd_assess.evidence import EvidenceError, read_table, to_frame
from zpd_assess.evidence_saved import file_digest
from zpd_assess.export_bundle import consent_problems, export_bundle
from zpd_assess.ideas import RoomRecord
from zpd_assess.intake import InventoryError
from zpd_assess.plan_edits import read_plan_edits
from zpd_assess.scripts import channel_script, script_channels, script_text
from zpd_assess.workbook import plan_workbook

t = state.t


def room_records(engagement_id: str) -> list[RoomRecord]:
    """The engagement's workshops as the Workshop sheet shows them: ideas, dots, agreement."""
    store = state.store()
    least = int(state.catalog().assumptions.number("agreement.min_ballots"))
    records = []
    for workshop in store.workshops_of(engagement_id):
        results = store.results(workshop.code)
        records.append(
            RoomRecord(
                workshop.code,
                tuple(store.ideas_of(workshop.code)),
                {v.question_id: v.total for v in results.questions},
                room_agreement(results.ballots, least),
                results.voted,
            )
        )
    return records


def scripts_preview(box, current: state.Current, names: dict[str, str]) -> None:
    """The script of one conversational channel, as the zip holds it, in the page's language:
    what the customer reads or hears and what the operator records."""
    a, cat, lang = current.assessment, current.catalog, current.lang
    channels = script_channels(a)
    if not channels:
        return
    section = box.expander(t("ui.scripts_preview"), icon=":material/forum:")
    section.caption(t("ui.scripts_help"))
    channel = section.selectbox(
        t("ui.scripts_channel"),
        channels,
        format_func=lambda c: str(cat.channels.at[c, f"label_{lang}"]),
        key="export.script_channel",
    )
    script = channel_script(a, cat, channel, lang, names)
    section.code(script_text(script, cat), language=None, wrap_lines=True)


def render(current: state.Current) -> None:
    lang = current.lang
    a, cat, ws = current.assessment, current.catalog, current.workspace
    stem = file_stem(ws.identity, state.org_id())  # the client's name, not the file's
    # The workbook names the engagement it came from; saved now, in this run, so that the file
    # made later by the button's callback names the engagement this page compares uploads with.
    engagement_id = state.ensure_saved()
    version = decisions_version(ws)

    st.subheader(t("ui.export_title"))
    st.caption(t("ui.export_help"))
    c1, c2 = st.columns(2)
    # The files are made when a button is clicked, not on every rerun of this page.
    c1.download_button(
        t("ui.download_xlsx"),
        lambda: plan_workbook(
            a,
            cat,
            lang,
            team=ws.team,
            origin={"engagement": engagement_id, "version": version},
            room=room_records(engagement_id),
        ),
        file_name=f"zpd_plan_{stem}_{lang}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        type="primary",
        icon=":material/insights:",
        key="export.xlsx",
    )
    c2.download_button(
        t("ui.download_json"),
        lambda: json.dumps(
            assessment_json(a, lang, cat), ensure_ascii=False, indent=2, default=str
        ).encode("utf-8"),
        file_name=f"zpd_plan_{stem}.json",
        mime="application/json",
        icon=":material/data_object:",
        key="export.json",
    )

    st.subheader(t("ui.surveys_title"))
    st.caption(t("ui.surveys_help"))
    st.caption(t("ui.exports_help"))
    names = {"en": current.source_name, "he": current.source_name}
    if ws.identity is not None:
        names = {lang_: ws.identity.name(lang_) or current.source_name for lang_ in ("en", "he")}
    planned = bool(a.plan.questions["in_plan"].any())
    # what keeps the consent records out of the zip is said here, before the download
    problems = consent_problems(a, cat) if planned else []
    if problems:
        st.warning(
            "\n\n".join([t("ui.consent_left_out", n=len(problems))]
                         + [f"- {p[lang]}" for p in problems]),
            icon=":material/gpp_maybe:",
        )  # fmt: skip
    st.download_button(
        t("ui.download_exports"),
        lambda: export_bundle(a, cat, organisation=names, gdpr=ws.identity.gdpr).zip(),
        file_name=f"zpd_surveys_{stem}.zip",
        mime="application/zip",
        icon=":material/quiz:",
        key="export.surveys",
        disabled=not planned,
    )
    scripts_preview(st, current, names)

    queue_section(current, stem)

    st.subheader(t("ui.import_title"))
    st.caption(t("ui.import_help"))
    undo_key = f"export.undo.{ws.org_id}"
    if undo_key in st.session_state:
        before_import, messages = st.session_state[undo_key]
        st.success(t("ui.changes_taken"), icon=":material/check_circle:")
        frame.show_issues(st, messages)
        if st.button(t("ui.undo_import"), icon=":material/undo:", key="export.undo"):
            state.restore_state(before_import)
            st.session_state.pop(undo_key)
            # a new run, so that the plan shown and the files offered are the restored ones
            st.session_state[f"{undo_key}.done"] = True
            st.rerun()
    if st.session_state.pop(f"{undo_key}.done", False):
        st.success(t("ui.import_undone"), icon=":material/undo:")
    edited = st.file_uploader(t("ui.import_label"), type=["xlsx"], key="export.import")
    if edited is not None:
        try:
            edits = read_plan_edits(edited.getvalue(), cat, a.plan, team_before=ws.team,
                                    engagement=ws.engagement_id or None,
                                    version=decisions_version(ws))  # fmt: skip
        except InventoryError as exc:
            frame.show_issues(st, exc.errors)
            st.stop()
        frame.show_issues(st, list(edits.notes))
        st.markdown(f"**{t('ui.changes_found', n=len(edits.items))}**")
        table = pd.DataFrame(
            [
                {
                    "take": not change.conflict,
                    "what": t(f"change.{change.kind}"),
                    "question": change.question(lang),
                    "before": change.values(lang)[0],
                    "after": change.values(lang)[1],
                    "since": change.values(lang)[2],
                }
                for change in edits.items
            ]
        )
        picked = st.data_editor(
            table,
            hide_index=True,
            disabled=["what", "question", "before", "after", "since"],
            column_config={
                "take": st.column_config.CheckboxColumn(t("ui.change_take")),
                # fixed widths: a long question must not push the team's version off the
                # screen (the grid draws only the columns in view)
                "what": st.column_config.TextColumn(t("ui.change_what"), width="small"),
                "question": st.column_config.TextColumn(t("ui.change_question"), width="large"),
                "before": st.column_config.TextColumn(t("ui.change_before"), width="small"),
                "after": st.column_config.TextColumn(t("ui.change_after"), width="small"),
                "since": st.column_config.TextColumn(t("ui.change_since"), width="small"),
            },
            key="export.changes",
        )
        keys = [c.key for c, take in zip(edits.items, picked["take"], strict=True) if take]
        if st.button(t("ui.take_selected"), type="primary", key="export.take"):
            merged = apply_plan_edits(ws, edits, cat, accept=keys)
            before_import = state.workspace_state(ws)
            state.restore_state(merged.as_json())
            now = state.compute(state.workspace()).assessment
            messages = (
                left_the_plan(edits.taking(keys), a.plan.questions, now.plan.questions, cat)
                if now is not None
                else []
            )
            st.session_state[undo_key] = (before_import, messages)
            st.success(t("ui.changes_taken_n", n=len(keys)), icon=":material/check_circle:")
            st.rerun()

    st.subheader(t("ui.download_engagement"))
    st.caption(t("ui.engagement_file_help"))
    left_out = state.store().evidence_left_out(engagement_id)
    if left_out:  # said before the download, not discovered on the other machine
        st.warning(t("ui.evidence_left_out", mb=left_out / 2**20), icon=":material/warning:")
    st.download_button(
        t("ui.download_engagement"),
        lambda: state.store().export_engagement(engagement_id),
        file_name=f"zpd_engagement_{stem}.json",
        mime="application/json",
        icon=":material/save:",
        key="export.engagement",
    )


#: What the contact-history uploader takes (read by :func:`zpd_assess.evidence.read_table`).
HISTORY_TYPES = ["csv", "xlsx", "parquet"]


@st.cache_resource(show_spinner=False, max_entries=4)
def _table(digest: str, name: str, _data: bytes) -> pd.DataFrame:
    """A customer extract or history read once per file (by its digest), under the file limits."""
    return to_frame(read_table(_data, name))


def queue_section(current: state.Current, stem: str) -> None:
    """Each customer's next questions per channel, for the extract kept on the Evidence page."""
    lang, a, cat, ws = current.lang, current.assessment, current.catalog, current.workspace
    if a is None:
        return
    st.subheader(t("ui.queue_title"))
    st.caption(t("ui.queue_help"))
    kept = state.store().evidence_of(ws.engagement_id) if ws.engagement_id else {}
    customers = kept.get("customers")
    if customers is None:
        st.info(t("ui.queue_needs_customers"), icon=":material/group:")
        frame.page_link(st, "evidence", t("page.evidence"), ":material/query_stats:")
        return
    st.caption(t("ui.queue_customers", name=frame.plain(customers.name)))
    c1, c2, c3 = st.columns(3)
    defaults = QueueSettings()
    recontact = c1.number_input(t("ui.queue_recontact"), min_value=0, max_value=730,
                                value=defaults.recontact_days, step=1,
                                key="export.queue.recontact")  # fmt: skip
    display = c2.number_input(t("ui.queue_display"), min_value=1, max_value=50,
                              value=defaults.display_limit, step=1,
                              key="export.queue.display")  # fmt: skip
    per_channel = c3.number_input(t("ui.queue_per_channel"), min_value=1, max_value=20,
                                  value=defaults.per_channel, step=1,
                                  key="export.queue.per_channel")  # fmt: skip
    history_up = st.file_uploader(t("ui.queue_history"), type=HISTORY_TYPES,
                                  key="export.queue.history")  # fmt: skip
    settings = QueueSettings(recontact_days=int(recontact), display_limit=int(display),
                             per_channel=int(per_channel))  # fmt: skip
    history_digest = file_digest(history_up.getvalue()) if history_up is not None else ""
    wanted = (
        file_digest(customers.data), history_digest, settings.recontact_days,
        settings.display_limit, settings.per_channel, decisions_version(ws), lang,
    )  # fmt: skip
    slot = f"export.queue.result.{ws.org_id}"
    made = st.session_state.get(slot)
    if st.button(t("ui.queue_make"), key="export.queue.make", icon=":material/low_priority:",
                 disabled=not bool(a.plan.questions["in_plan"].any())):  # fmt: skip
        try:
            with st.spinner(t("ui.queue_working")):
                extract = _table(wanted[0], customers.name, customers.data)
                history = (_table(history_digest, history_up.name, history_up.getvalue())
                           if history_up is not None else None)  # fmt: skip
                result = customer_queue(a, cat, extract, settings, history,
                                        normalise=state.mapper().prepare, lang=lang)  # fmt: skip
        except (QueueError, EvidenceError) as exc:
            st.error(frame.plain(exc), icon=":material/error:")
            return
        made = (wanted, result)
        st.session_state[slot] = made
    if made is None:
        return
    if made[0] != wanted:
        st.caption(t("ui.queue_stale"))
        return
    _show_queue(made[1], stem)


def _show_queue(result: QueueResult, stem: str) -> None:
    queue = result.queue
    customers = int(queue["customer_id"].nunique()) if len(queue) else 0
    st.success(t("ui.queue_made", rows=len(queue), customers=customers), icon=":material/check:")
    found = [q for q, c in result.columns.items() if c]
    inferred = [c for c in result.inference.values() if c.used]
    st.caption(t("ui.queue_known", found=len(found), planned=len(result.columns),
                 inferred=len(inferred)))  # fmt: skip
    st.dataframe(queue.head(200), hide_index=True, width="stretch", key="export.queue.preview")
    d1, d2, d3 = st.columns(3)
    d1.download_button(t("ui.queue_csv"), lambda: queue_csv(result),
                       file_name=f"zpd_queue_{stem}.csv", mime="text/csv",
                       key="export.queue.csv")  # fmt: skip
    d2.download_button(t("ui.queue_json"), lambda: queue_json(result),
                       file_name=f"zpd_queue_{stem}.json", mime="application/json",
                       key="export.queue.json")  # fmt: skip
    d3.download_button(t("ui.queue_skipped"), lambda: skipped_csv(result),
                       file_name=f"zpd_queue_skipped_{stem}.csv", mime="text/csv",
                       key="export.queue.skipped")  # fmt: skip


frame.run_page("export", render)
