"""The client inventory template: what the command writes, the committed copies, RTL, drop-downs."""

from __future__ import annotations

import io

import openpyxl
import pytest
from conftest import ROOT

from zpd_assess.catalog import default_catalog_dir
from zpd_assess.cli import main
from zpd_assess.template_workbook import inventory_template


def _dump(data: bytes) -> dict:
    """Everything a client sees: sheets, states, RTL, cells, validations, freeze panes."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            "state": ws.sheet_state,
            "rtl": bool(ws.sheet_view.rightToLeft),
            "freeze": ws.freeze_panes,
            "cells": [[c.value for c in row] for row in ws.iter_rows()],
            "validations": sorted(
                (dv.type, dv.formula1, str(dv.sqref)) for dv in ws.data_validations.dataValidation
            ),
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
        }
    return out


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_committed_template_equals_what_the_command_writes(tmp_path, lang):
    out = tmp_path / f"t_{lang}.xlsx"
    assert main(["template", "inventory", "--out", str(out), "--lang", lang]) == 0
    committed = default_catalog_dir() / f"inventory_template_{lang}.xlsx"
    assert committed.is_file(), "run `make templates`"
    assert _dump(out.read_bytes()) == _dump(committed.read_bytes()), "run `make templates`"


@pytest.mark.parametrize(
    ("lang", "sheets", "header", "party_value"),
    [
        ("en", ["Instructions", "Inventory", "Lists"], "Attribute", "Zero party"),
        ("he", ["הוראות", "מלאי נתונים", "רשימות"], "שם השדה", "צד אפס"),
    ],
)
def test_instructions_header_dropdowns_examples_and_direction(
    catalog, lang, sheets, header, party_value
):
    wb = openpyxl.load_workbook(io.BytesIO(inventory_template(catalog, lang)))
    assert wb.sheetnames == sheets
    for ws in wb.worksheets:
        assert bool(ws.sheet_view.rightToLeft) == (lang == "he")
    inventory = wb[sheets[1]]
    assert inventory["A1"].value == header
    assert inventory.freeze_panes == "B2"
    assert wb[sheets[2]].sheet_state == "hidden"
    lists = wb[sheets[2]]
    assert lists["A2"].value == party_value
    validated = {
        str(dv.sqref).split(":")[0][0]: dv for dv in inventory.data_validations.dataValidation
    }
    headers = [c.value for c in inventory[1]]
    for column_id in ("party", "granularity", "consent", "topics"):
        label = catalog.inventory_columns.at[column_id, f"label_{lang}"]
        letter = openpyxl.utils.get_column_letter(headers.index(label) + 1)
        assert validated[letter].type == "list", column_id
    topics_range = validated[
        openpyxl.utils.get_column_letter(
            headers.index(catalog.inventory_columns.at["topics", f"label_{lang}"]) + 1
        )
    ].formula1
    assert topics_range.endswith(f"${len(catalog.topics) + 1}")
    examples = [r for r in inventory.iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(examples) == 4
    assert wb[sheets[0]]["A1"].value


def test_an_unknown_language_is_refused(catalog):
    with pytest.raises(ValueError, match="he"):
        inventory_template(catalog, "fr")


def test_the_templates_live_in_templates_folder():
    assert (ROOT / "templates" / "inventory_template_he.xlsx").is_file()
