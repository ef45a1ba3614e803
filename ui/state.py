"""The engagement being worked on, kept in the session, and the cached computations over it.

A workspace per engagement is the engagement's :class:`~zpd_assess.decisions.Decisions` (everything
typed in the app: identity, inventory fixes, weights, the room's questions, votes, pins,
exclusions, channels, budgets, team fields) under keys that no widget owns, so that switching
pages never loses it. The page runs the package's one pipeline over it
(:func:`~zpd_assess.assess.assess_engagement`) with its expensive steps cached here, at the UI
edge: reading the file, the topic mapper, the attribute contributions, the question-channel
pairs. A slider rerun recomputes only importance and the plan.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from pydantic import Field

from zpd_assess.assess import (
    Assessment,
    Steps,
    assess_engagement,
    catalog_with_relevance,
    decisions_pool,
    map_inventory,
)
from zpd_assess.catalog import Catalog, load_catalog
from zpd_assess.columns import ColumnMapping
from zpd_assess.decisions import Decisions, default_decisions, validate_decisions
from zpd_assess.decisions import set_identity as set_decisions_identity
from zpd_assess.engagement import Engagement, sample_engagements
from zpd_assess.intake import IntakeResult, InventoryError, Issue, load_inventory
from zpd_assess.intake import file_columns as read_file_columns
from zpd_assess.mapping import TopicMapper
from zpd_assess.planning import PlanSettings, question_channel_pairs
from zpd_assess.scoring import attribute_knowledge
from zpd_assess.store import ConflictError, Store, StoreError, merge_states

UPLOAD_ID = "upload"


class Workspace(Decisions):
    """The engagement's decisions as this session holds them, and where they are saved."""

    engagement_id: str | None = Field(None, exclude=True)  # its database row, once saved
    revision: int | None = Field(None, exclude=True)  # the revision this copy started from


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    return load_catalog()


@st.cache_resource(show_spinner=False)
def mapper() -> TopicMapper:
    return TopicMapper(catalog())


@st.cache_data(show_spinner=False)
def samples() -> list[Engagement]:
    return sample_engagements()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@st.cache_data(show_spinner=False, max_entries=16)
def read_inventory(
    data: bytes, name: str, columns: str = "{}", defaults: str = "{}"
) -> IntakeResult:
    """The file read with the mapping step's choices (``columns``, ``defaults``: JSON)."""
    return load_inventory(
        data, catalog(), name=name, columns=json.loads(columns), defaults=json.loads(defaults)
    )


@st.cache_data(show_spinner=False, max_entries=16)
def file_columns(data: bytes, name: str, columns: str = "{}") -> ColumnMapping:
    """How the file's columns are read, before anything else is (the mapping step)."""
    return read_file_columns(data, catalog(), name=name, columns=json.loads(columns))


def read_with_choices(data: bytes, name: str, ws: Workspace | None = None) -> IntakeResult:
    """The file read with the workspace's mapping choices."""
    ws = ws or workspace()
    return read_inventory(
        data, name, json.dumps(ws.columns, sort_keys=True), json.dumps(ws.defaults, sort_keys=True)
    )


@st.cache_data(show_spinner=False, max_entries=16)
def mapped_inventory(key: str, _intake: IntakeResult) -> tuple[pd.DataFrame, tuple[Issue, ...]]:
    return map_inventory(_intake, catalog(), mapper())


@st.cache_data(show_spinner=False, max_entries=32)
def contributions(key: str, _inventory: pd.DataFrame) -> pd.DataFrame:
    return attribute_knowledge(_inventory, catalog())


@st.cache_data(show_spinner=False, max_entries=32)
def pairs(
    key: str,
    _pool: pd.DataFrame,
    _catalog: Catalog,
    channels: tuple[str, ...],
    budgets: str,
    reach: str = "{}",
) -> pd.DataFrame:
    return question_channel_pairs(
        _pool, _catalog, channels, json.loads(budgets) or None, json.loads(reach) or None
    )


def lang() -> str:
    if "zpd.lang" not in st.session_state:
        st.session_state["zpd.lang"] = st.query_params.get("lang", "en")
        if st.session_state["zpd.lang"] not in ("en", "he"):
            st.session_state["zpd.lang"] = "en"
    return st.session_state["zpd.lang"]


def widget_value(key: str) -> Any | None:
    """A widget's value, read in its own ``on_change`` callback; None when Streamlit no longer
    holds it.

    A browser that is behind (a click sent while the previous run was still drawing) sends the
    states of widgets that run removed or whose keys the app dropped: the goals' weight sliders
    after a comparison's weights were used. Streamlit still calls their callbacks, and
    ``st.session_state[key]`` raises a ``KeyError`` that replaced the page with Streamlit's error
    box. Such a value is stale: the callback keeps nothing from it.
    """
    return st.session_state.get(key)


def t(key: str, **values: Any) -> str:
    """A UI label in the session's language."""
    return catalog().text(key, lang(), **values)


def engagement() -> Engagement | None:
    """The sample engagement in use, or None when the user's own inventory is in use."""
    org = org_id()
    return next((e for e in samples() if e.org_id == org), None)


def org_id() -> str:
    """The sample organisation in use, or ``upload``; an ``org`` in the URL that is neither
    (a typo, or anything a client sends) opens the first sample."""
    if "zpd.org" not in st.session_state:
        known = [e.org_id for e in samples()] + [UPLOAD_ID]
        wanted = st.query_params.get("org")
        st.session_state["zpd.org"] = wanted if wanted in known else known[0]
    return st.session_state["zpd.org"]


def select_org(org: str) -> None:
    st.session_state["zpd.org"] = org
    st.query_params["org"] = org
    known = st.session_state.get("zpd.workspaces", {}).get(org)
    engagement_id = known.engagement_id if known else None
    if engagement_id:
        st.query_params["e"] = engagement_id
    elif "e" in st.query_params:
        del st.query_params["e"]


def forget_engagement(engagement_id: str) -> None:
    """Before deleting an engagement: a workspace that was saved as it starts afresh."""
    spaces: dict[str, Workspace] = st.session_state.get("zpd.workspaces", {})
    for org, ws in list(spaces.items()):
        if ws.engagement_id == engagement_id:
            spaces[org] = _default_workspace(org)
    if st.query_params.get("e") == engagement_id:
        del st.query_params["e"]


def upload() -> dict[str, Any] | None:
    return st.session_state.get("zpd.upload")


def set_upload(name: str, data: bytes) -> None:
    st.session_state["zpd.upload"] = {"name": name, "data": data}


def replace_upload(name: str, data: bytes) -> None:
    """A new version of the client's file in the engagement in use: its decisions, column
    choices and topic fixes stay; the stored engagement keeps the new file."""
    set_upload(name, data)
    ws = st.session_state.get("zpd.workspaces", {}).get(UPLOAD_ID)
    if ws is not None and ws.engagement_id:
        ws.revision = store().replace_inventory(ws.engagement_id, name, data)


def _default_workspace(org: str) -> Workspace:
    eng = next((e for e in samples() if e.org_id == org), None)
    fresh = default_decisions(catalog(), eng).as_json()
    fresh["org_id"] = org
    return Workspace.model_validate(fresh)


def workspace() -> Workspace:
    spaces: dict[str, Workspace] = st.session_state.setdefault("zpd.workspaces", {})
    org = org_id()
    if org not in spaces:
        spaces[org] = _default_workspace(org)
    return spaces[org]


# --- persistence: every edit is saved as it is made ---------------------------------------------


@st.cache_resource(show_spinner=False)
def store() -> Store:
    return Store()


def store_location() -> str:
    """Where engagements are kept, for messages (a password in a database URL is hidden)."""
    return store().location


def workspace_state(ws: Workspace) -> dict[str, Any]:
    """The workspace's decisions in their JSON form (what the store keeps)."""
    return ws.as_json()


def workspace_from_state(org: str, data: dict[str, Any]) -> Workspace:
    """A workspace from a saved state; what the state lacks comes from the org's defaults."""
    merged = {**_default_workspace(org).as_json(), **dict(data)}
    merged["org_id"] = org
    return Workspace.model_validate(merged)


def validate_state(data: dict[str, Any]) -> dict[str, Any]:
    """A saved or imported state checked against the catalogs (raises ValueError saying what)."""
    return validate_decisions(data, catalog())


def _base_key(ws: Workspace) -> str:
    return f"zpd.base.{ws.engagement_id}"


def _install(org: str, stored_id: str, revision: int, data: dict[str, Any]) -> Workspace:
    """Make a stored state the session's workspace for ``org``.

    A state this program cannot read (a tampered or much older file) is not thrown away: the
    workspace starts from the defaults, nothing is saved over the stored state until the
    consultant chooses, and the frame shows the way back (a snapshot, or a reset).
    """
    try:
        ws = workspace_from_state(org, data)
    except ValueError as exc:
        ws = _default_workspace(org)
        st.session_state["zpd.unreadable_state"] = str(exc)
        ws.engagement_id, ws.revision = stored_id, revision
        st.session_state.setdefault("zpd.workspaces", {})[org] = ws
        st.session_state[_base_key(ws)] = workspace_state(ws)
        st.session_state[f"zpd.saved.{stored_id}"] = _state_digest(ws)
        return ws
    st.session_state.pop("zpd.unreadable_state", None)
    ws.engagement_id = stored_id
    ws.revision = revision
    st.session_state.setdefault("zpd.workspaces", {})[org] = ws
    st.session_state[_base_key(ws)] = workspace_state(ws)
    st.session_state[f"zpd.saved.{stored_id}"] = _state_digest(ws)
    return ws


def open_engagement(engagement_id: str) -> bool:
    """Make a stored engagement the one in use (from the URL or the engagement list)."""
    stored = store().get_engagement(engagement_id)
    if stored is None:
        return False
    org = stored.sample_org or UPLOAD_ID
    if org == UPLOAD_ID:
        if not stored.inventory:
            return False
        set_upload(stored.inventory_name or "inventory.xlsx", stored.inventory)
    st.session_state["zpd.org"] = org
    st.query_params["org"] = org
    _install(org, stored.id, stored.revision, stored.state)
    st.session_state.pop("zpd.missing_engagement", None)
    st.query_params["e"] = stored.id
    return True


def restore_from_url() -> None:
    """Once per session: reopen the engagement named in the URL (a refresh loses nothing).

    A URL naming an engagement that cannot be opened is never replaced by a new one: the frame
    says so and offers a way out.
    """
    if st.session_state.get("zpd.restored"):
        return
    st.session_state["zpd.restored"] = True
    engagement_id = str(st.query_params.get("e") or "")[:64]
    if engagement_id and not open_engagement(engagement_id):
        st.session_state["zpd.missing_engagement"] = engagement_id


def refresh_from_store() -> None:
    """Take a newer version saved by another tab, when this tab has nothing unsaved."""
    ws = workspace()
    if ws.engagement_id is None or ws.revision is None or dirty():
        return
    revision = store().revision_of(ws.engagement_id)
    if revision is None or revision == ws.revision:
        return
    stored = store().get_engagement(ws.engagement_id)
    if stored is not None:
        if ws.org_id == UPLOAD_ID and stored.inventory:  # another tab took a new version
            current_upload = upload()
            if not current_upload or current_upload["data"] != stored.inventory:
                set_upload(stored.inventory_name or "inventory.xlsx", stored.inventory)
        _install(ws.org_id, stored.id, stored.revision, stored.state)


def _state_digest(ws: Workspace) -> str:
    return digest(json.dumps(workspace_state(ws), sort_keys=True).encode())


def dirty() -> bool:
    """Whether the workspace holds edits not yet in the database."""
    ws = workspace()
    if ws.engagement_id is None:
        return _state_digest(ws) != _state_digest(_default_workspace(ws.org_id)) or (
            ws.org_id == UPLOAD_ID and upload() is not None
        )
    return st.session_state.get(f"zpd.saved.{ws.engagement_id}") != _state_digest(ws)


@dataclass(frozen=True)
class SaveOutcome:
    """What saving did: nothing to report, merged with another tab, or could not save."""

    error: Exception | None = None
    merged: bool = False
    overridden: tuple[str, ...] = ()


def persist() -> SaveOutcome:
    """Save the engagement in use if anything changed since the last save.

    Each save names the revision it started from; when another tab or person saved in between,
    both versions are merged (nothing is lost: where both changed the same setting, this tab's
    value is kept and theirs goes to a snapshot) and the merge is saved.
    """
    ws = workspace()
    if not dirty():
        return SaveOutcome()
    try:
        mine = validate_state(workspace_state(ws))
    except ValueError as exc:
        return SaveOutcome(error=exc)
    try:
        if ws.engagement_id is None:
            return _create(ws, mine)
        ws.revision = store().save_state(ws.engagement_id, mine, expected_revision=ws.revision)
    except ConflictError as conflict:
        return _merge(ws, mine, conflict)
    except StoreError as exc:
        return SaveOutcome(error=exc)
    st.session_state[_base_key(ws)] = mine
    st.session_state[f"zpd.saved.{ws.engagement_id}"] = _state_digest(ws)
    if st.query_params.get("e") != ws.engagement_id:
        st.query_params["e"] = ws.engagement_id
    return SaveOutcome()


def _create(ws: Workspace, mine: dict[str, Any]) -> SaveOutcome:
    if ws.org_id == UPLOAD_ID and not upload():
        return SaveOutcome()
    data, name, display = source()
    if ws.org_id == UPLOAD_ID:
        try:  # a file that does not read is not an engagement (yet): nothing is saved
            read_with_choices(data, name, ws)
        except InventoryError:
            return SaveOutcome()
    ws.engagement_id = store().create_engagement(
        display,
        mine,
        sample_org=None if ws.org_id == UPLOAD_ID else ws.org_id,
        inventory_name=name if ws.org_id == UPLOAD_ID else None,
        inventory=data if ws.org_id == UPLOAD_ID else None,
    )
    ws.revision = 0
    st.session_state[_base_key(ws)] = mine
    st.session_state[f"zpd.saved.{ws.engagement_id}"] = _state_digest(ws)
    st.query_params["e"] = ws.engagement_id
    return SaveOutcome()


def _merge(ws: Workspace, mine: dict[str, Any], conflict: ConflictError) -> SaveOutcome:
    theirs_stored = conflict.current
    base = st.session_state.get(_base_key(ws)) or workspace_state(_default_workspace(ws.org_id))
    merged, overridden = merge_states(base, mine, theirs_stored.state)
    if overridden:
        _snapshot_state(ws, theirs_stored.state, t("ui.snapshot_before_merge"))
    try:
        revision = store().save_state(
            theirs_stored.id, validate_state(merged), expected_revision=theirs_stored.revision
        )
    except ConflictError as again:  # a third save in between: merge once more next run
        ws.revision = again.current.revision
        return SaveOutcome(merged=True, overridden=tuple(overridden))
    except (StoreError, ValueError) as exc:
        return SaveOutcome(error=exc)
    _install(ws.org_id, theirs_stored.id, revision, merged)
    return SaveOutcome(merged=True, overridden=tuple(overridden))


def _snapshot_state(ws: Workspace, data: dict[str, Any], label: str) -> None:
    """Keep a version of the decisions as a snapshot, with the index it gives."""
    other = workspace_from_state(ws.org_id, data)
    try:
        computed = compute(other)
    except Exception:  # a version that cannot be computed is still kept, without scores
        computed = None
    a = computed.assessment if computed else None
    topics = (
        {
            tid: {k: float(r[k]) for k in ("knowledge", "importance", "gap")}
            for tid, r in a.scores.topics.iterrows()
        }
        if a is not None
        else {}
    )
    store().take_snapshot(
        ws.engagement_id or "", label, a.knowledge_index if a is not None else 0.0, topics, data
    )


def remember_good() -> None:
    """This workspace computes: it is what "undo the last change" goes back to."""
    ws = workspace()
    st.session_state[f"zpd.good.{ws.org_id}"] = workspace_state(ws)


def can_undo() -> bool:
    ws = workspace()
    good = st.session_state.get(f"zpd.good.{ws.org_id}")
    return good is not None and good != workspace_state(ws)


def restore_state(data: dict[str, Any]) -> None:
    """Put a version of the decisions (a snapshot's, the last good one) in place; saved next."""
    ws = workspace()
    fresh = workspace_from_state(ws.org_id, data)
    fresh.engagement_id, fresh.revision = ws.engagement_id, ws.revision
    st.session_state.setdefault("zpd.workspaces", {})[ws.org_id] = fresh


def undo_last_change() -> None:
    ws = workspace()
    good = st.session_state.get(f"zpd.good.{ws.org_id}")
    if good is not None:
        restore_state(good)


def reset_decisions() -> None:
    """Back to the sample's (or the defaults') settings, keeping the engagement and its file."""
    ws = workspace()
    restore_state(workspace_state(_default_workspace(ws.org_id)))
    st.session_state.pop("zpd.unreadable_state", None)
    if ws.engagement_id:
        st.session_state.pop(f"zpd.saved.{ws.engagement_id}", None)  # saved on this run


def sync_url() -> None:
    """The URL names the engagement in use, its organisation and the language, so a refresh or
    a copied link opens the same thing (a page reached by a link that lacked them gets them
    back)."""
    ws = workspace()
    if ws.engagement_id and st.query_params.get("e") != ws.engagement_id:
        st.query_params["e"] = ws.engagement_id
    if st.query_params.get("org") != org_id():
        st.query_params["org"] = org_id()
    if st.query_params.get("lang") != lang():
        st.query_params["lang"] = lang()


def ensure_saved() -> str:
    """The engagement's id, saving it now if it is still the untouched sample."""
    persist()
    ws = workspace()
    if ws.engagement_id is None:
        _create(ws, workspace_state(ws))
    return ws.engagement_id or ""


def source() -> tuple[bytes, str, str]:
    """(file bytes, file name, display name) of the inventory in use.

    The display name is the engagement's identity when it has one, else the sample's name or
    the uploaded file's name.
    """
    named = workspace().identity.name(lang())
    if org_id() == UPLOAD_ID and upload():
        up = upload()
        return up["data"], up["name"], named or up["name"]
    eng = engagement() or samples()[0]
    path = eng.inventory_path
    return path.read_bytes(), path.name, named or eng.name(lang())


def set_identity(**fields: Any) -> None:
    """The client's name, industry, customers and channels (see
    :func:`zpd_assess.decisions.set_identity`); a saved engagement takes the new name at once,
    so the saved list, the dashboard and the files all say it."""
    ws = workspace()
    set_decisions_identity(ws, catalog(), **fields)
    name = ws.identity.name(lang())
    if ws.engagement_id and name:
        store().rename(ws.engagement_id, name)


# --- the firm's remembered topic fixes (opt-in per engagement, for this session) ---------------


def _firm_fixes_key() -> str:
    return f"zpd.firm_fixes.{org_id()}"


def use_firm_fixes() -> bool:
    """Whether the engagement in use takes (and gives) the topic fixes of other engagements.

    Kept under a key no widget owns, so that every page scores the same way; the Inventory
    page's toggle (``inventory.firm_fixes``) sets it."""
    return bool(st.session_state.get(_firm_fixes_key(), False))


def set_use_firm_fixes(on: bool) -> None:
    st.session_state[_firm_fixes_key()] = bool(on)


def firm_fixes() -> dict[str, list[str]]:
    """The firm's remembered fixes when the engagement uses them, else none.

    A database that cannot be read now leaves them out for this run (the Inventory page says
    so: ``inventory.firm_fixes_error``) rather than stopping every page."""
    if not use_firm_fixes():
        return {}
    try:
        fixes = store().firm_topic_fixes()
    except StoreError as exc:
        st.session_state["inventory.firm_fixes_error"] = str(exc)
        return {}
    st.session_state.pop("inventory.firm_fixes_error", None)
    return fixes


def share_topic_fixes(ws: Workspace) -> int:
    """Hand the engagement's topic fixes to the firm's memory, when it uses the firm's fixes and
    they changed since last handed; returns how many were handed (0: nothing to do)."""
    if not use_firm_fixes() or not ws.topic_fixes:
        return 0
    shared = digest(json.dumps(ws.topic_fixes, sort_keys=True).encode())
    engagement_id = ws.engagement_id or ensure_saved()
    seen = f"zpd.firm_shared.{engagement_id}"
    if not engagement_id or st.session_state.get(seen) == shared:
        return 0
    count = store().remember_topic_fixes(engagement_id, ws.topic_fixes)
    st.session_state[seen] = shared
    return count


class AppSteps(Steps):
    """The pipeline's steps, cached at the app's edge by what each one reads."""

    def __init__(
        self, data_key: str, ws: Workspace, firm: dict[str, list[str]] | None = None
    ) -> None:
        super().__init__(mapper())
        self.data_key = data_key
        self.edits_key = digest(
            (data_key + json.dumps([ws.inventory_edits, ws.measured, ws.topic_fixes, firm or {}],
                                   sort_keys=True, default=str)).encode()
        )  # fmt: skip
        # the pool holds the offers and channels of the engagement's industry
        self.pool_key = digest(json.dumps([ws.workshop, ws.wording, ws.identity.industry],
                                          sort_keys=True, default=str).encode())  # fmt: skip
        self.relevance_key = json.dumps(ws.relevance, sort_keys=True)

    def map(self, intake: IntakeResult, catalog: Catalog):
        return mapped_inventory(self.data_key, intake)

    def contributions(self, inventory: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
        return contributions(self.edits_key, inventory)

    def catalog(self, catalog: Catalog, relevance) -> Catalog:
        if not relevance:
            return catalog
        return _catalog_with_relevance(self.relevance_key, relevance)

    def pairs(self, pool: pd.DataFrame, catalog: Catalog, settings) -> pd.DataFrame:
        budgets = json.dumps({k: list(v) for k, v in sorted(settings.budgets.items())})
        reach = json.dumps(dict(sorted(settings.reach.items())))
        key = self.pool_key + self.relevance_key
        channels = tuple(settings.channels or catalog.channels.index)
        return pairs(key, pool, catalog, channels, budgets, reach)


@st.cache_resource(show_spinner=False, max_entries=8)
def _catalog_with_relevance(key: str, _relevance: dict[str, int]) -> Catalog:
    return catalog_with_relevance(catalog(), _relevance)


@dataclass(frozen=True)
class Current:
    """Everything a page draws from."""

    catalog: Catalog
    workspace: Workspace
    assessment: Assessment | None
    error: InventoryError | None
    source_name: str
    intake: IntakeResult | None
    settings: PlanSettings | None
    pool: pd.DataFrame | None
    lang: str = "en"  # the session's language when this was computed


def current() -> Current:
    """Read, map, score and plan the engagement in use (cached where it pays)."""
    return compute(workspace())


def compute(ws: Workspace) -> Current:
    """Read the engagement's inventory and run the one pipeline over its decisions."""
    cat = catalog()
    if org_id() == UPLOAD_ID and not upload():
        return Current(cat, ws, None, None, t("ui.own_inventory"), None, None, None, lang())
    data, name, display = source()
    try:
        intake = read_with_choices(data, name, ws)
    except InventoryError as exc:
        return Current(cat, ws, None, exc, display, None, None, None, lang())
    firm = firm_fixes()
    steps = AppSteps(digest(data), ws, firm)
    scored_catalog = steps.catalog(cat, ws.relevance)
    pool = decisions_pool(scored_catalog, ws)
    settings = ws.settings()
    assessment = assess_engagement(
        intake, cat, ws, organisation=display, steps=steps, questions=pool, settings=settings,
        firm_fixes=firm,
    )  # fmt: skip
    return Current(scored_catalog, ws, assessment, None, display, intake, settings, pool, lang())
