"""The frame every page runs in: direction, language, the facilitator gate, saving, errors.

Every file in ``pages/`` ends with ``frame.run_page(PAGE_ID, render)``. Whether Streamlit ran it
through ``app.py``'s ``st.navigation`` or, on a cold server, straight from the ``pages/`` folder
(Streamlit's older multipage mode, which a ``pages/`` folder turns on until the first
``st.navigation`` call), the same guard runs first: participants' links reach only their vote
screen, the facilitator's pages pass the gate, the engagement named in the URL is opened or
refused loudly, and every edit is saved (with a revision check, so two tabs never overwrite each
other). The app keeps the ``pages/`` layout of the design and uses only Streamlit's public API.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable, Iterable

import streamlit as st

from zpd_assess.access import (
    AttemptLimiter,
    device_key,
    is_loopback,
    passcode_matches,
    serving_problem,
)
from zpd_assess.intake import Issue
from zpd_assess.store import StoreError, StoreUnavailable

from . import state

RTL_CSS = """
<style>
  .stApp, [data-testid="stSidebar"], [data-testid="stMarkdownContainer"],
  [data-testid="stMetric"], [data-testid="stExpander"], .stAlert, label, p, h1, h2, h3 {
    direction: rtl; text-align: right;
  }
  [data-testid="stSidebarNav"] { direction: rtl; }
  [data-testid="stMetricValue"], [data-testid="stMetricDelta"] { direction: ltr; }
  .js-plotly-plot { direction: ltr; }
  /* A slider's track runs left to right (its minimum at the left) in both languages: the
     captions under its two ends follow the track, each read in its own language's direction. */
  [data-testid="stSliderTickBar"] { direction: ltr; }
  [data-testid="stSliderTickBar"] p { direction: ltr; unicode-bidi: plaintext; }
  [data-testid="stSliderTickBar"] > div:first-child p { text-align: left; }
  [data-testid="stSliderTickBar"] > div:last-child p { text-align: right; }
  /* A progress bar (the dots placed) fills from the right, as a Hebrew reader counts. */
  [data-testid="stProgress"] [role="progressbar"] { transform: scaleX(-1); }
  /* Streamlit's uploader speaks English only: its hint is hidden, its button relabelled. */
  [data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
  [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {
    display: none;
  }
  [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {
    content: "UPLOAD_LABEL";
  }
</style>
"""

#: Both languages: a grid's toolbar (search, download, full screen) floats above the grid's top
#: edge; the grid's box keeps that room free above it (a margin on the box, not on the grid: a
#: grid of fixed height would overflow its box onto what follows), so the toolbar never covers
#: the heading above it (the grid sits in a full-screen frame inside its box: the rule that named
#: only a grid directly inside the box matched nothing, and the toolbar covered the last goal
#: slider). A metric's label wraps rather than end in "…" on a laptop.
BASE_CSS = """
<style>
  [data-testid="stElementContainer"]:has(> [data-testid="stDataFrame"]),
  [data-testid="stElementContainer"]:has(
    > [data-testid="stFullScreenFrame"] > [data-testid="stDataFrame"]
  ) {
    margin-top: 2rem;
  }
  [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"],
  [data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"] p {
    white-space: normal !important; overflow: visible !important;
    text-overflow: clip !important; height: auto !important;
  }
</style>
"""

#: The facilitator's pages, in menu order: (page id, label key, icon). The id is the file name in
#: ``pages/`` and the URL path; the first one is the default page at ``/``.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("engagement", "page.engagement", ":material/apartment:"),
    ("inventory", "page.inventory", ":material/table_view:"),
    ("goals", "page.goals", ":material/tune:"),
    ("dashboard", "page.dashboard", ":material/insights:"),
    ("questions", "page.questions", ":material/quiz:"),
    ("channels", "page.channels", ":material/campaign:"),
    ("workshop", "page.workshop", ":material/groups:"),
    ("evidence", "page.evidence", ":material/science:"),
    ("export", "page.export", ":material/download:"),
)
VOTE_PAGE = ("vote", "page.vote", ":material/how_to_vote:")

log = logging.getLogger("zpd_assess.access")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    log.propagate = False

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=^%@\"'])")
#: GFM turns bare addresses into links after escapes are read: an invisible word joiner after the
#: scheme, "www" and "@" keeps them text.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www|@)")
WORD_JOINER = "\u2060"


def plain(text: object) -> str:
    """Text from a client (a file, a form, a workbook) made safe to show as markdown.

    Every markdown punctuation mark is escaped, so a value such as ``![x](http://...)``,
    ``[login](http://...)``, ``:red[...]`` or ``$x$`` shows as typed: no remote image loads, no
    link or colour renders.
    """
    unlinked = _AUTOLINK.sub(lambda m: m.group(1) + WORD_JOINER, str(text))
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)


# --- the guard -----------------------------------------------------------------------------------


def _basics() -> None:
    st.set_page_config(page_title="ZPD Assess", page_icon="🧭", layout="wide")
    apply_direction()


def apply_direction() -> None:
    """Right-to-left for Hebrew, left-to-right for English."""
    st.markdown(BASE_CSS, unsafe_allow_html=True)
    if state.lang() == "he":
        css = RTL_CSS.replace("UPLOAD_LABEL", state.t("ui.upload_button"))
        st.markdown(css, unsafe_allow_html=True)


def _peer_address() -> str | None:
    """The visitor's address as the server's socket saw it; None over loopback.

    ``st.context.ip_address`` comes from the TCP connection (the server trusts a forwarded
    address only from a proxy on this computer), never from the ``Host`` header. Anything but
    an address or None (a test harness's stand-in) counts as an unknown remote visitor.
    """
    address = st.context.ip_address
    if address is None or isinstance(address, str):
        return address
    return "unknown"


def peer() -> str:
    return _peer_address() or "loopback"


def is_local_visitor() -> bool:
    return _peer_address() is None


def _refuse_unsafe_serving() -> None:
    """A server reachable from the network with no (or a weak) passcode serves nothing."""
    problem = serving_problem(
        st.get_option("server.address"), os.environ.get("ZPD_FACILITATOR_PASSCODE", "")
    )
    if problem and not is_local_visitor():
        st.title(state.t("ui.passcode_title"))
        st.error(state.t(problem), icon=":material/lock:")
        st.stop()


@st.cache_resource(show_spinner=False)
def _limiter() -> AttemptLimiter:
    return AttemptLimiter()


def facilitator_gate() -> None:
    """The facilitator's pages need the passcode unless the visitor is on this computer.

    A session that entered the passcode keeps access only from the same address: a session id
    replayed from another machine is asked again. Failed attempts are logged with the peer's
    address and slowed down per peer.
    """
    if is_local_visitor():
        return
    here = peer()
    if st.session_state.get("zpd.facilitator") == here:
        return
    expected = os.environ.get("ZPD_FACILITATOR_PASSCODE", "")
    st.title(state.t("ui.passcode_title"))
    if not expected:
        st.error(state.t("ui.passcode_unset"), icon=":material/lock:")
        st.stop()
    wait = _limiter().wait_seconds(here)
    if wait > 0:
        st.error(state.t("ui.passcode_locked", seconds=int(wait) + 1), icon=":material/lock:")
        st.stop()
    with st.form("frame.passcode_form", clear_on_submit=True):
        entered = st.text_input(state.t("ui.passcode"), type="password", key="frame.passcode")
        submitted = st.form_submit_button(state.t("ui.enter"), type="primary")
    if submitted and entered:
        ok = passcode_matches(entered, expected)
        failures = _limiter().record(here, ok)
        if ok:
            log.info("facilitator passcode accepted from %s", here)
            st.session_state["zpd.facilitator"] = here
            st.rerun()
        log.warning("facilitator passcode refused from %s (failure %d in a row)", here, failures)
        wait = _limiter().wait_seconds(here)
        if wait > 0:
            st.error(state.t("ui.passcode_locked", seconds=int(wait) + 1), icon=":material/lock:")
        else:
            st.error(state.t("ui.passcode_wrong"), icon=":material/lock:")
    st.stop()


def participant_device() -> str:
    """This browser's device key (see :func:`zpd_assess.access.device_key`)."""
    cookie = st.context.cookies.get("_streamlit_xsrf")
    return device_key(cookie, _peer_address(), st.context.headers.get("User-Agent"))


def is_participant() -> bool:
    return bool(st.query_params.get("w"))


def language_switch(container) -> None:
    """עברית / English, kept in the session and in the URL (a refresh keeps it)."""
    current = state.lang()
    choice = container.radio(
        "שפה / Language",
        ["he", "en"],
        index=0 if current == "he" else 1,
        format_func=lambda code: "עברית" if code == "he" else "English",
        horizontal=True,
        key="frame.lang",
    )
    if choice != current:
        st.session_state["zpd.lang"] = choice
        st.query_params["lang"] = choice
        st.rerun()


def link_params() -> dict[str, str]:
    """What every internal link carries: the language, the organisation and the engagement in
    use (a sample not yet edited has no engagement id: ``org`` alone keeps it)."""
    params = {"lang": state.lang(), "org": state.org_id()}
    engagement_id = state.workspace().engagement_id or st.query_params.get("e")
    if engagement_id:
        params["e"] = engagement_id
    return params


def page_link(container, page_id: str, label: str, icon: str | None = None) -> None:
    container.page_link(f"pages/{page_id}.py", label=label, icon=icon, query_params=link_params())


def _sidebar(page_id: str) -> None:
    with st.sidebar:
        language_switch(st.sidebar)
        for pid, key, icon in PAGES:
            page_link(st.sidebar, pid, f"**{state.t(key)}**" if pid == page_id else state.t(key),
                      icon)  # fmt: skip
        st.caption(state.t("ui.sidebar_note"))


def describe_error(exc: Exception) -> str:
    """An error in the session's language, safe to show as markdown.

    A database that cannot be used is described by its kind and location; other errors carry
    the package's own message (which names what was found and what is accepted).
    """
    if isinstance(exc, StoreUnavailable):
        where = exc.location or os.environ.get("ZPD_DATA_DIR", "") or "~/.zpd_assess"
        return state.t(f"ui.db_{exc.kind}", location=plain(where))
    label = getattr(exc, "label", "")
    if label and label in state.catalog().labels[state.lang()]:
        return state.t(label, **{k: plain(v) for k, v in exc.params.items()})
    return plain(exc)


def _store_trouble(exc: StoreError) -> None:
    st.error(state.t("ui.store_trouble", reason=describe_error(exc)), icon=":material/database:")


def run_page(
    page_id: str,
    render: Callable[[state.Current], None],
    *,
    intro: str | None = None,
    needs_assessment: bool = True,
) -> None:
    """Run a facilitator's page inside the frame (see the module's docstring).

    The frame draws the page's title (``page.<id>``) and its ``intro`` label; a page that
    ``needs_assessment`` stops with what to do when the inventory cannot be read yet.
    """
    _basics()
    _refuse_unsafe_serving()
    if is_participant():
        from . import vote

        vote.render_ballot()
        return
    facilitator_gate()
    try:
        state.store()  # a database that cannot be used is said on every page, not on the first save
    except StoreError as exc:
        _store_trouble(exc)
        if st.query_params.get("e"):
            st.stop()  # the engagement in the link cannot be opened, and is never replaced
    else:
        try:
            state.restore_from_url()
            missing = st.session_state.get("zpd.missing_engagement")
            if missing:
                _missing_engagement(missing)
                st.stop()
            state.refresh_from_store()
        except StoreError as exc:
            _store_trouble(exc)
            st.stop()
    current = _compute_or_recover()
    saved = _save(current)
    state.sync_url()
    _sidebar(page_id)  # after saving: every link carries the engagement and the language
    try:
        st.title(state.t(f"page.{page_id}"))
        if intro:
            st.write(state.t(intro))
        if needs_assessment and not need_assessment(current):
            st.stop()
        render(current)
    except StoreError as exc:
        _store_trouble(exc)
    finally:
        if saved:  # one wait for a busy database per click, not two
            _save_after_render()


def run_participant_page() -> None:
    """The vote page: a participant's ballot, or a box to type a workshop's code."""
    _basics()
    from . import vote

    if is_participant():
        vote.render_ballot()
    else:
        vote.render_code_entry()


def _compute_or_recover() -> state.Current:
    """The engagement computed; if its saved state cannot be used, the way back instead."""
    unreadable = st.session_state.get("zpd.unreadable_state")
    if unreadable:
        _recovery_screen(ValueError(unreadable))
        st.stop()
    try:
        current = state.current()
    except Exception as exc:  # a state this program cannot use: never a traceback
        log.exception("engagement state cannot be computed")
        _recovery_screen(exc)
        st.stop()
    if current.assessment is not None:
        state.remember_good()
    return current


def _save(current: state.Current) -> bool:
    """Save the edits of the last run; False when the database refused them."""
    if current.assessment is None and state.org_id() == state.UPLOAD_ID:
        return True  # a file that cannot be read is never saved as an engagement
    outcome = state.persist()
    _report(outcome)
    return outcome.error is None


def _save_after_render() -> None:
    """Edits made by this run's buttons are saved now, once they compute."""
    if not state.dirty():
        return
    try:
        current = state.current()
    except Exception:
        return  # the next run shows the recovery screen, with "undo the last change"
    _save(current)


def _report(outcome: state.SaveOutcome) -> None:
    if outcome.error is not None:
        st.warning(
            state.t("ui.not_saved", reason=describe_error(outcome.error)),
            icon=":material/cloud_off:",
        )
    if outcome.merged:
        st.info(state.t("ui.merged_other_tab"), icon=":material/merge:")
    if outcome.overridden:
        st.warning(
            state.t("ui.merge_overrode", fields=", ".join(outcome.overridden)),
            icon=":material/history:",
        )


def _missing_engagement(engagement_id: str) -> None:
    st.title(state.t("ui.missing_title"))
    st.error(
        state.t("ui.missing_engagement", id=plain(engagement_id), db=plain(state.store_location())),
        icon=":material/error:",
    )
    if st.button(state.t("ui.missing_start_new"), key="frame.missing_new"):
        st.session_state.pop("zpd.missing_engagement", None)
        del st.query_params["e"]
        st.rerun()


def _recovery_screen(exc: Exception) -> None:
    st.title(state.t("ui.recover_title"))
    st.error(
        state.t("ui.recover_reason", reason=plain(f"{type(exc).__name__}: {exc}")[:400]),
        icon=":material/healing:",
    )
    ws = state.workspace()
    if state.can_undo() and st.button(
        state.t("ui.recover_undo"), type="primary", key="frame.recover_undo"
    ):
        state.undo_last_change()
        st.rerun()
    shots = []
    if ws.engagement_id:
        try:
            shots = state.store().snapshots(ws.engagement_id)
        except StoreError:
            shots = []
    if shots:
        by_id = {s.id: s for s in shots}
        chosen = st.selectbox(
            state.t("ui.recover_snapshot"),
            list(by_id),
            format_func=lambda i: f"{by_id[i].label} — {by_id[i].created:%d/%m/%Y %H:%M}",
            key="frame.recover_snapshot",
        )
        if st.button(state.t("ui.recover_restore"), key="frame.recover_restore"):
            state.restore_state(by_id[chosen].state)
            st.rerun()
    if st.button(state.t("ui.recover_reset"), key="frame.recover_reset"):
        state.reset_decisions()
        st.rerun()


# --- shared drawing ------------------------------------------------------------------------------


def show_issues(container, issues: Iterable[Issue], *, limit: int = 200) -> None:
    """A list of issues in the session's language, errors first (client text escaped)."""
    lang = state.lang()
    issues = sorted(issues, key=lambda i: i.severity != "error")
    for issue in list(issues)[:limit]:
        text = plain(issue.message(lang))
        if issue.severity == "error":
            container.error(text, icon=":material/error:")
        else:
            container.warning(text, icon=":material/warning:")


def engagement_caption(container, current: state.Current) -> None:
    a = current.assessment
    if a is None:
        return
    container.caption(
        state.t(
            "ui.engagement_caption",
            name=plain(current.source_name),
            n=len(a.inventory),
            index=a.knowledge_index,
        )
    )


def need_assessment(current: state.Current) -> bool:
    """Stop a page that needs a valid inventory, saying what to do."""
    if current.assessment is not None:
        return True
    if state.org_id() == state.UPLOAD_ID and current.error is None:
        st.info(state.t("ui.upload_first"), icon=":material/upload_file:")
    else:
        st.error(state.t("ui.inventory_invalid"), icon=":material/error:")
    if current.error is not None:
        show_issues(st, current.error.errors, limit=20)
    page_link(st, "inventory", state.t("page.inventory"), ":material/table_view:")
    return False


def public_url() -> tuple[str, bool]:
    """The address participants' phones use, and whether they can reach it.

    ``$ZPD_PUBLIC_URL`` (set by ``zpd-assess serve --network``) wins; otherwise the address the
    facilitator's browser used, which phones cannot reach when it is this computer's loopback.
    """
    configured = os.environ.get("ZPD_PUBLIC_URL", "").strip().rstrip("/")
    if configured:
        return configured, True
    host = st.context.headers.get("Host") or "localhost:8501"
    name = host[1:].split("]")[0] if host.startswith("[") else host.split(":")[0]
    reachable = not is_loopback(name)
    scheme = "https" if st.get_option("server.sslCertFile") else "http"
    return f"{scheme}://{host}", reachable
