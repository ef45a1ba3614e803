"""One colour for each thing, in the app's charts, the workbook and the board deck: a party, a
gap, what is known, the plan (hex, without the '#' where openpyxl and python-pptx want it)."""

from __future__ import annotations

NAVY = "#1F4E79"
RED = "#C0504D"
GREEN = "#63BE7B"
GREY = "#BFBFBF"
#: Zero party (what customers tell) blue, first party green, second amber, third grey.
PARTY_COLOURS = {"zero": "#2E75B6", "first": "#70AD47", "second": "#FFC000", "third": "#A5A5A5"}


def hex_bare(colour: str) -> str:
    """``#70AD47`` as openpyxl and python-pptx write it: ``70AD47``."""
    return colour.lstrip("#").upper()
