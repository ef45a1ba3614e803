"""ZPD Assess — the entry page and shared frame: navigation, language, direction, saving.

Each page is a thin file in ``pages/`` that gathers input, calls ``zpd_assess`` and draws; the
session state, caching and saving live in ``ui/``. Pages are registered with ``st.navigation``
under URL paths equal to their file names, so that a deep link means the same page whether or
not the navigation has run yet on a cold server. A participant's link (``?w=CODE``) reaches only
the vote screen of its workshop.
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
    ("pages/workshop.py", "page.workshop", ":material/groups:", False),
    ("pages/evidence.py", "page.evidence", ":material/science:", False),
    ("pages/export.py", "page.export", ":material/download:", False),
)


def page(path: str, key: str, icon: str, default: bool):
    url_path = path.removeprefix("pages/").removesuffix(".py")
    return st.Page(path, title=state.t(key), icon=icon, default=default, url_path=url_path)


frame.leave_legacy_pages_mode()
st.set_page_config(page_title="ZPD Assess", page_icon="🧭", layout="wide")
frame.apply_direction()

if st.query_params.get("w"):
    # A participant: the vote screen of this workshop and nothing else.
    navigation = st.navigation([page("pages/vote.py", "page.vote", ":material/how_to_vote:",
                                     True)], position="hidden")  # fmt: skip
    navigation.run()
else:
    frame.facilitator_gate()
    state.restore_from_url()
    state.persist()
    navigation = st.navigation([page(*p) for p in PAGES], position="sidebar")
    with st.sidebar:
        frame.language_switch(st.sidebar)
        st.caption(state.t("ui.sidebar_note"))
    navigation.run()
    state.persist()
