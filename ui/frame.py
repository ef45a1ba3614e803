"""Shared drawing: direction and language, the engagement header, issue lists."""

from __future__ import annotations

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
</style>
"""


def apply_direction() -> None:
    """Right-to-left for Hebrew, left-to-right for English."""
    if state.lang() == "he":
        st.markdown(RTL_CSS, unsafe_allow_html=True)


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
            container.error(text, icon="⛔")
        else:
            container.warning(text, icon="⚠️")


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
    st.error(state.t("ui.inventory_invalid"), icon="⛔")
    if current.error is not None:
        show_issues(st, current.error.errors, limit=20)
    st.page_link("pages/inventory.py", label=state.t("page.inventory"), icon="📋")
    return False
