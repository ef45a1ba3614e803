"""One colour for each thing, in the app's charts, the workbook and the board deck: a party, a
gap, what is known, the plan (hex, without the '#' where openpyxl and python-pptx want it)."""

from __future__ import annotations

NAVY = "#1F4E79"
RED = "#C0504D"
GREEN = "#63BE7B"
GREY = "#BFBFBF"
#: Zero party (what customers tell) blue, first party green, second amber, third grey.
PARTY_COLOURS = {"zero": "#2E75B6", "first": "#70AD47", "second": "#FFC000", "third": "#A5A5A5"}
#: The plan's waves: quick wins green, next quarter navy, strategic amber (the deck's plan by
#: wave, the workbook's roadmap bars).
WAVE_COLOURS = {"quick_win": GREEN, "next_quarter": NAVY, "strategic": "#FFC000"}
#: A colour per category of topics (the quadrant's bubbles), none of them the gap's red.
CATEGORY_COLOURS = {
    "identity": "#7F7F7F",
    "profile": "#ED7D31",
    "financial": "#2E75B6",
    "relationship": "#8064A2",
    "preferences": "#4BACC6",
    "experience": "#9BBB59",
    "intent": "#1F4E79",
    "digital_contact": "#F4B183",
    "lifestyle": "#C9A227",
}


def hex_bare(colour: str) -> str:
    """``#70AD47`` as openpyxl and python-pptx write it: ``70AD47``."""
    return colour.lstrip("#").upper()
