"""Vote (participant): join with a display name, place your dots, compare goals in pairs.

Reached through a workshop link (``?w=CODE``) or ``/vote`` (a box for the code); the screens
themselves are in ``ui/vote.py``.
"""

from __future__ import annotations

from ui import frame

frame.run_participant_page()
