"""What `make run`, `make workshop` and the tests serve: ``app.py`` with security headers.

``streamlit run asgi.py`` runs the same app as ``streamlit run app.py`` (``st.App`` is
Streamlit's public ASGI entry point) and adds the response headers of ``ui/headers.py``.
"""

from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from ui.headers import SecurityHeaders

app = st.App("app.py", middleware=[Middleware(SecurityHeaders)])
