"""ZPD Assess — the entry page and shared frame: navigation, language, direction.

Each page is a thin file in ``pages/`` that gathers input, calls ``zpd_assess`` and draws; the
session state and caching live in ``ui/``. Pages are registered with ``st.navigation`` under URL
paths equal to their file names, so that a deep link means the same page whether or not the
navigation has run yet on a cold server.
"""

from __future__ import annotations

import streamlit as st

from ui import frame, state

PAGES = (
    ("pages/engagement.py", "page.engagement", ":material/apartment:", True),
    ("pages/inventory.py", "page.inventory", ":material/table_view:", False),
    ("pages/goals.py", "page.goals", ":material/tune:", False),
    ("pages/dashboard.py", "page.dashboard", ":material/insights:", False),
    ("pages/questions.py", "page.questions", ":material/quiz:", False),
    ("pages/channels.py", "page.channels", ":material/campaign:", False),
    ("pages/export.py", "page.export", ":material/download:", False),
)

frame.leave_legacy_pages_mode()
st.set_page_config(page_title="ZPD Assess", page_icon="🧭", layout="wide")
frame.apply_direction()
pages = [
    st.Page(path, title=state.t(key), icon=icon, default=default,
            url_path=path.removeprefix("pages/").removesuffix(".py"))
    for path, key, icon, default in PAGES
]  # fmt: skip
navigation = st.navigation(pages, position="sidebar")
with st.sidebar:
    frame.language_switch(st.sidebar)
    st.caption(state.t("ui.sidebar_note"))
navigation.run()
