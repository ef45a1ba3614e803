"""Widgets shared by several pages; each takes the container to draw in."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from zpd_assess.catalog import INDUSTRIES
from zpd_assess.decisions import DecisionsError
from zpd_assess.intake import InventoryError, coverage_share
from zpd_assess.template_workbook import inventory_template
from zpd_assess.weights import AppliedWeights, apply_weights

from . import frame, state


@st.cache_data(show_spinner=False)
def _template(lang: str) -> bytes:
    return inventory_template(state.catalog(), lang)


def template_downloads(container, key: str) -> None:
    container.markdown(f"**{state.t('ui.template_title')}**")
    container.caption(state.t("ui.template_help"))
    c1, c2 = container.columns(2)
    c1.download_button(
        "English",
        _template("en"),
        file_name="zpd_inventory_template_en.xlsx",
        key=f"{key}.template_en",
        icon=":material/download:",
    )
    c2.download_button(
        "עברית",
        _template("he"),
        file_name="zpd_inventory_template_he.xlsx",
        key=f"{key}.template_he",
        icon=":material/download:",
    )


def upload_box(container, key: str) -> None:
    """Upload an inventory; report its problems, or make it the engagement in use."""
    container.markdown(f"**{state.t('ui.upload_title')}**")
    file = container.file_uploader(
        state.t("ui.upload_label"),
        type=["xlsx", "csv"],
        key=f"{key}.upload",
        help=state.t("ui.upload_help"),
    )
    if file is None:
        return
    data = file.getvalue()
    seen = st.session_state.get("zpd.last_upload")
    if seen != (file.name, state.digest(data)):
        kept = st.session_state.get("zpd.workspaces", {}).get(state.UPLOAD_ID)
        current_upload = state.upload()
        if (
            kept is not None
            and kept.engagement_id
            and current_upload
            and (current_upload["data"] != data)
        ):
            # an engagement on the client's file is open: a new version of it, or a new client?
            client = kept.identity.name(state.lang()) or current_upload["name"]
            container.info(state.t("ui.new_version_ask", name=frame.plain(client)),
                           icon=":material/difference:")  # fmt: skip
            same, other = container.columns(2)
            if same.button(state.t("ui.new_version"), key=f"{key}.new_version", type="primary"):
                st.session_state["zpd.last_upload"] = (file.name, state.digest(data))
                state.replace_upload(file.name, data)
                state.select_org(state.UPLOAD_ID)
                st.rerun()
            if not other.button(state.t("ui.new_client"), key=f"{key}.new_client"):
                return
        st.session_state["zpd.last_upload"] = (file.name, state.digest(data))
        state.set_upload(file.name, data)
        state.select_org(state.UPLOAD_ID)
        st.session_state.get("zpd.workspaces", {}).pop(state.UPLOAD_ID, None)
        st.rerun()
    try:
        result = state.read_with_choices(data, file.name)
    except InventoryError as exc:
        container.error(
            state.t("ui.upload_errors", n=len(exc.errors), name=frame.plain(file.name)),
            icon=":material/error:",
        )
        container.info(state.t("ui.columns_step_below"), icon=":material/table_rows:")
        frame.show_issues(container, exc.errors)
        if exc.warnings:
            with container.expander(state.t("ui.warnings", n=len(exc.warnings))):
                frame.show_issues(st, exc.warnings)
        return
    container.success(
        state.t("ui.upload_ok", n=len(result.inventory), name=frame.plain(file.name)),
        icon=":material/check_circle:",
    )
    if needs_identity() and key != "engagement":  # the Engagement page asks it beside the box
        container.info(state.t("ui.client_ask"), icon=":material/badge:")
        frame.page_link(container, "engagement", state.t("ui.client_title"), ":material/badge:")
    if result.warnings:
        with container.expander(state.t("ui.warnings", n=len(result.warnings))):
            frame.show_issues(st, result.warnings)


#: The mapping step's value for "keep this column as a note" (a select box needs a value).
AS_NOTE = "_note"
#: The mapping step's rows are three lines high: a reason is a sentence, and a grid wraps a
#: cell's text only in rows higher than 4rem (one line cut the reasons short in both languages).
COLUMN_STEP_ROW_HEIGHT = 72


def column_step(container, key: str, failed: bool) -> None:
    """The mapping step: each column of the uploaded file, what it is read as and why; the
    consultant changes any of them, and gives values for every row the file leaves blank.

    Shown open while the file cannot be read, folded once it can.
    """
    up = state.upload()
    if state.org_id() != state.UPLOAD_ID or not up:
        return
    t = state.t
    cat = state.catalog()
    lang = state.lang()
    ws = state.workspace()
    try:
        mapping = state.file_columns(up["data"], up["name"], json.dumps(ws.columns, sort_keys=True))
    except InventoryError:
        return  # the file does not open at all: the upload box said why
    found = sum(1 for m in mapping.matches if m.column_id)
    box = container.expander(
        t("ui.columns_title", found=found, n=len(mapping.matches)),
        expanded=failed, icon=":material/table_rows:",
    )  # fmt: skip
    box.caption(t("ui.columns_help", row=mapping.header_row))
    labels = {cid: str(r[f"label_{lang}"]) for cid, r in cat.inventory_columns.iterrows()}
    labels[AS_NOTE] = t("ui.columns_as_note")
    table = pd.DataFrame(
        {
            "header": [m.name for m in mapping.matches],
            "read_as": [m.column_id or AS_NOTE for m in mapping.matches],
            "confidence": [m.confidence for m in mapping.matches],
            "reason": [mapping.reason_text(m, cat, lang) for m in mapping.matches],
            "samples": [" | ".join(m.samples) for m in mapping.matches],
        }
    )
    version = state.digest(json.dumps([ws.columns, ws.defaults], sort_keys=True).encode())
    # a column given a value for every row below is no longer missing
    missing = [cid for cid in mapping.missing(cat) if not ws.defaults.get(cid)]
    for cid in missing:
        box.warning(t("ui.columns_missing", column=labels[cid]), icon=":material/warning:")
    form = box.form(key=f"{key}.columns.form.{version}", border=False)
    edited = form.data_editor(
        table,
        key=f"{key}.columns.editor.{version}",
        hide_index=True,
        width="stretch",
        row_height=COLUMN_STEP_ROW_HEIGHT,
        # every column of a usual file in view (the header row is 35 px), longer ones scroll
        height=36 + COLUMN_STEP_ROW_HEIGHT * min(len(table), 10),
        disabled=["header", "confidence", "reason", "samples"],
        column_order=reading_order(["header", "read_as", "confidence", "reason", "samples"], lang),
        column_config={
            # widths in pixels that fit the page's width together (the grid stretches them):
            # a client's header and our labels («תדירות רענון (ימים)») whole, the reason wrapped
            "header": st.column_config.TextColumn(t("ui.columns_yours"), width=130),
            "read_as": st.column_config.SelectboxColumn(
                t("ui.columns_read_as"),
                options=[*cat.inventory_columns.index, AS_NOTE],
                required=True,
                format_func=labels.get,
                width=150,
            ),
            "confidence": st.column_config.ProgressColumn(
                t("col.confidence"), min_value=0.0, max_value=1.0, format="percent", width=90
            ),
            "reason": st.column_config.TextColumn(t("ui.columns_why"), width=360),
            "samples": st.column_config.TextColumn(t("ui.columns_samples"), width=180),
        },
    )
    form.markdown(f"**{t('ui.defaults_title')}**")
    form.caption(t("ui.defaults_help"))
    c1, c2, c3 = form.columns(3)
    party_labels = cat.value_labels("party", lang)
    no_party, not_known = t("ui.defaults_none"), t("ui.defaults_refresh_unknown")
    parties = ["", *party_labels]
    party = c1.selectbox(
        labels["party"], parties, index=parties.index(ws.defaults.get("party", "")),
        format_func=lambda v: party_labels.get(v, no_party),
        key=f"{key}.defaults.party.{version}",
    )  # fmt: skip
    coverage = c2.text_input(
        labels["coverage"], value=ws.defaults.get("coverage", ""), max_chars=20,
        placeholder=t("ui.defaults_coverage_placeholder"), key=f"{key}.defaults.coverage.{version}",
    )  # fmt: skip
    refresh = cat.inventory_values[cat.inventory_values["field"] == "refresh"]
    refresh_labels = {str(r["value_id"]): str(r[f"label_{lang}"]) for _, r in refresh.iterrows()}
    options = ["", *refresh_labels]
    chosen_refresh = ws.defaults.get("refresh_days", "")
    freshness = c3.selectbox(
        t("ui.defaults_refresh"), options,
        index=options.index(chosen_refresh) if chosen_refresh in options else 0,
        format_func=lambda v: refresh_labels.get(v, not_known),
        key=f"{key}.defaults.refresh.{version}",
    )  # fmt: skip
    if not {"last_updated", "refresh_days"} & set(mapping.positions()):
        form.warning(t("ui.defaults_no_freshness"), icon=":material/schedule:")
    if form.form_submit_button(t("ui.columns_apply"), type="primary", icon=":material/sync:"):
        choices = dict(ws.columns)
        for match, row in zip(mapping.matches, edited.itertuples(index=False), strict=True):
            auto = match.column_id or AS_NOTE
            if row.read_as != auto or match.by_consultant:
                choices[match.name] = "" if row.read_as == AS_NOTE else str(row.read_as)
        try:
            if coverage.strip():
                coverage_share(coverage.strip())
        except ValueError:
            box.error(t("ui.defaults_bad_coverage", value=frame.plain(coverage)),
                      icon=":material/error:")  # fmt: skip
            return
        ws.columns = choices
        defaults = {"party": party, "coverage": coverage.strip(), "refresh_days": freshness}
        ws.defaults = {k: v for k, v in defaults.items() if v}
        st.rerun()
    reset = box.button(t("ui.columns_reset"), key=f"{key}.columns.reset", icon=":material/undo:",
                       disabled=not (ws.columns or ws.defaults))  # fmt: skip
    if reset:
        ws.columns = {}
        ws.defaults = {}
        st.rerun()


def reading_order(columns: Any, lang: str) -> list[str]:
    """A narrow grid's columns as its reader reads them: in Hebrew the first column sits at the
    right (the grid itself always draws left to right). Wide grids put their key columns first
    instead, so that they are on screen before any scrolling."""
    names = [str(c) for c in columns]
    return names[::-1] if lang == "he" else names


def weights_table(container, weights: dict[str, float]) -> None:
    """Goal weights as shares, with bars (the sliders', the AHP's or the room's)."""
    import pandas as pd

    labels = state.catalog().goals[f"label_{state.lang()}"].to_dict()
    frame = pd.DataFrame(
        {
            state.t("col.goal"): [labels[g] for g in weights],
            state.t("col.weight"): list(weights.values()),
        }
    )
    bar = st.column_config.ProgressColumn(format="percent", min_value=0.0, max_value=1.0)
    container.dataframe(
        frame,
        hide_index=True,
        column_config={state.t("col.weight"): bar},
        column_order=reading_order(frame.columns, state.lang()),
    )


def use_weights_button(
    container, shares: dict[str, float], label: str, done: str, key: str, **button: Any
) -> None:
    """A button that makes a comparison's weights the engagement's (AHP or the room's): the
    goals not compared keep theirs, the sliders follow, and what changed is listed. The
    confirmation stays while the weights are the ones applied: a rerun (a widget that settles
    late, a second tab) does not wipe it before it is read, and a later change of the weights
    does."""
    ws = state.workspace()
    shown = f"{key}.applied"
    if container.button(label, key=key, **button):
        goals = list(state.catalog().goals.index)
        applied = apply_weights(ws.weights, shares, goals)
        ws.weights = dict(applied.weights)  # its own dict: a slider edits it in place
        for goal in goals:
            st.session_state.pop(f"goals.w.{goal}", None)
        st.session_state[shown] = applied
    applied = st.session_state.get(shown)
    if not isinstance(applied, AppliedWeights):
        return
    if ws.weights != applied.weights:
        del st.session_state[shown]  # the weights moved since: the confirmation no longer holds
        return
    container.success(done, icon=":material/check_circle:")
    weight_changes(container, applied)


def weight_changes(container, applied: AppliedWeights) -> None:
    """What using a comparison's weights changed: the goals that moved and the rule for the rest."""
    t = state.t
    labels = state.catalog().goals[f"label_{state.lang()}"].to_dict()
    if not applied.changes:
        container.caption(t("ui.weights_unchanged"))
        return
    lines = [
        t("ui.weight_change", goal=labels.get(c.goal, c.goal), before=c.before, after=c.after)
        for c in applied.changes
    ]
    container.markdown("\n".join(f"- {frame.plain(line)}" for line in lines))
    container.caption(t("ui.weights_kept", total=applied.compared_total))
    if applied.rescaled != 1.0:
        container.caption(t("ui.weights_rescaled", factor=applied.rescaled))


def identity_form(container, key: str) -> None:
    """Who the engagement is for: the client's name in both languages, industry, customers and
    the channels it has. Asked on upload, editable on the Engagement page; the plan, the ballot,
    the files and their names use it."""
    t = state.t
    ws = state.workspace()
    cat = state.catalog()
    ident = ws.identity
    # Keys carry the engagement (another one opened in this session starts from its own) and the
    # language (a multiselect keeps its choice as the shown labels, never to be read in the other).
    ns = f"{key}.identity.{ws.org_id}.{ws.engagement_id or 'new'}.{state.lang()}"
    lang = state.lang()
    channel_label = cat.channels[f"label_{lang}"].to_dict()
    if st.session_state.pop(f"{key}.identity_saved", False):
        container.success(t("ui.client_saved"), icon=":material/check_circle:")
    with container.form(f"{ns}.form", border=False):
        c1, c2 = st.columns(2)
        name_en = c1.text_input(t("ui.client_name_en"), ident.name_en, max_chars=200,
                                key=f"{ns}.name_en")  # fmt: skip
        name_he = c2.text_input(t("ui.client_name_he"), ident.name_he, max_chars=200,
                                key=f"{ns}.name_he")  # fmt: skip
        industries = st.multiselect(
            t("ui.industry"),
            list(INDUSTRIES),
            default=[i for i in ident.industry.split(";") if i in INDUSTRIES],
            # the language bound now: Streamlit may format a choice outside this run
            format_func=lambda i, lang=lang: cat.text(f"industry.{i}", lang),
            placeholder=t("ui.industry_unknown"),
            key=f"{ns}.industry",
        )
        customers = st.number_input(
            t("ui.client_customers"), min_value=0, max_value=10**10, value=ident.customers,
            step=1000, placeholder=t("ui.client_customers_unknown"), key=f"{ns}.customers",
        )  # fmt: skip
        channels = st.multiselect(
            t("ui.channels_have"),
            list(cat.channels.index),
            default=list(ws.channels) or list(cat.channels.index),
            format_func=lambda c: channel_label.get(c, c),
            help=t("ui.channels_have_help"),
            key=f"{ns}.channels",
        )
        gdpr = st.toggle(t("ui.client_gdpr"), value=ident.gdpr, help=t("ui.client_gdpr_help"),
                         key=f"{ns}.gdpr")  # fmt: skip
        submitted = st.form_submit_button(t("ui.client_save"), type="primary")
    if not submitted:
        return
    try:
        state.set_identity(
            name_en=name_en, name_he=name_he, industries=industries,
            customers=customers, channels=channels, gdpr=gdpr,
        )  # fmt: skip
    except DecisionsError as exc:
        container.error(frame.plain(exc), icon=":material/error:")
        return
    st.session_state[f"{key}.identity_saved"] = True
    st.rerun()  # the page's name, facts and plan follow at once (the frame saves first)


def needs_identity() -> bool:
    """An uploaded inventory whose client has not been named yet."""
    ident = state.workspace().identity
    return state.org_id() == state.UPLOAD_ID and not (ident.name_en or ident.name_he)
