"""Shared drawing: direction and language, the engagement header, issue lists."""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterable

import streamlit as st

from zpd_assess.intake import Issue

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


def leave_legacy_pages_mode() -> None:
    """Route every run through ``app.py``'s ``st.navigation``, even on a cold server.

    A folder named ``pages/`` next to the entrypoint makes Streamlit start in its legacy
    multipage mode: until some session calls ``st.navigation``, a deep link such as
    ``/dashboard`` runs ``pages/dashboard.py`` on its own, without this frame (no language, no
    direction, the file names as menu). The flag that selects the mode is internal
    (``PagesManager.uses_pages_directory``); ``st.navigation`` clears it. Clearing it here and
    rerunning makes the first run of a cold server go through the frame too; the page hashes
    match because each page's URL path equals its file name. A browser test proves it.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def apply_direction() -> None:
    """Right-to-left for Hebrew, left-to-right for English."""
    if state.lang() == "he":
        css = RTL_CSS.replace("UPLOAD_LABEL", state.t("ui.upload_button"))
        st.markdown(css, unsafe_allow_html=True)


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


def show_issues(container, issues: Iterable[Issue], *, limit: int = 200) -> None:
    """A list of issues in the session's language, errors first."""
    lang = state.lang()
    issues = sorted(issues, key=lambda i: i.severity != "error")
    for issue in list(issues)[:limit]:
        text = issue.message(lang)
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
            name=current.source_name,
            n=len(a.inventory),
            index=a.knowledge_index,
        )
    )


def need_assessment(current: state.Current) -> bool:
    """Stop a page that needs a valid inventory, saying what to do."""
    if current.assessment is not None:
        return True
    st.error(state.t("ui.inventory_invalid"), icon=":material/error:")
    if current.error is not None:
        show_issues(st, current.error.errors, limit=20)
    st.page_link(
        "pages/inventory.py", label=state.t("page.inventory"), icon=":material/table_view:"
    )
    return False


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", ""}


def request_host() -> str:
    """The host the browser used ("" when there is no HTTP request, as in AppTest)."""
    try:
        host = st.context.headers.get("Host") or ""
    except Exception:  # no request context
        return ""
    if host.startswith("["):  # [::1]:8501
        return host[1:].split("]")[0]
    return host.split(":")[0]


def base_url() -> str:
    headers = st.context.headers
    scheme = headers.get("X-Forwarded-Proto") or "http"
    return f"{scheme}://{headers.get('Host') or 'localhost:8501'}"


def facilitator_gate() -> None:
    """Facilitator pages need a passcode when the app is not served on localhost.

    The passcode is ``$ZPD_FACILITATOR_PASSCODE``; without it a remote facilitator is told to
    set it. Participants' vote screens never pass through here.
    """
    if request_host() in LOCAL_HOSTS or st.session_state.get("zpd.facilitator"):
        return
    expected = os.environ.get("ZPD_FACILITATOR_PASSCODE", "")
    st.title(state.t("ui.passcode_title"))
    if not expected:
        st.error(state.t("ui.passcode_unset"), icon=":material/lock:")
        st.stop()
    entered = st.text_input(state.t("ui.passcode"), type="password", key="frame.passcode")
    if entered:
        if hmac.compare_digest(entered.encode(), expected.encode()):
            st.session_state["zpd.facilitator"] = True
            st.rerun()
        st.error(state.t("ui.passcode_wrong"), icon=":material/lock:")
    st.stop()
