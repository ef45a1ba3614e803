"""ZPD Assess — the entry point: which pages exist, under which URL paths.

Each page is a thin file in ``pages/`` that ends with ``frame.run_page(...)``: the frame (the
facilitator gate, participant routing, language, direction, saving) runs from the page itself, so
it holds on every path, whether or not this file ran first (on a cold server, a ``pages/`` folder
makes Streamlit run a deep link's page file directly until the first ``st.navigation`` call). The
menu is drawn by the frame; the navigation here only maps URL paths to files. A participant's
link (``?w=CODE``) knows only the vote screen.
"""

from __future__ import annotations

import streamlit as st

from ui import frame, state


def page(page_id: str, key: str, icon: str, default: bool = False):
    return st.Page(
        f"pages/{page_id}.py", title=state.t(key), icon=icon, default=default, url_path=page_id
    )


if frame.is_participant():
    pages = [page(*frame.VOTE_PAGE, default=True)]
else:
    pages = [page(*p, default=i == 0) for i, p in enumerate(frame.PAGES)]
    pages.append(page(*frame.VOTE_PAGE))
st.navigation(pages, position="hidden").run()
