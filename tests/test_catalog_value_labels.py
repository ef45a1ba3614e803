"""Inventory value labels: the file's labels, the same on every call and after replace."""

from __future__ import annotations

import csv

import pytest

from zpd_assess.catalog import CONSENT_BASES, GRANULARITIES, PARTIES, default_catalog_dir


def _labels_in_file(field_name: str, lang: str) -> dict[str, str]:
    with (default_catalog_dir() / "inventory_values.csv").open(encoding="utf-8-sig") as f:
        return {
            r["value_id"].strip(): r[f"label_{lang}"].strip()
            for r in csv.DictReader(f)
            if r["field"].strip() == field_name
        }


@pytest.mark.parametrize("lang", ["en", "he"])
@pytest.mark.parametrize(
    ("field_name", "ids"),
    [("party", PARTIES), ("granularity", GRANULARITIES), ("consent", CONSENT_BASES)],
)
def test_value_labels_are_the_file_s_labels_for_every_field_and_language(
    catalog, field_name, ids, lang
):
    labels = catalog.value_labels(field_name, lang)
    assert labels == _labels_in_file(field_name, lang)
    assert list(labels) == list(ids)
    assert catalog.value_labels(field_name, lang) == labels  # asked again: the same


def test_value_labels_defaults_to_english_and_knows_no_other_field(catalog):
    assert catalog.value_labels("party") == catalog.value_labels("party", "en")
    assert catalog.value_labels("party")["first"] != catalog.value_labels("party", "he")["first"]
    assert catalog.value_labels("no_such_field", "he") == {}
    with pytest.raises(KeyError, match="label_fr"):
        catalog.value_labels("party", "fr")


def test_a_caller_changing_the_returned_labels_changes_nothing_for_the_next(catalog):
    labels = catalog.value_labels("consent", "he")
    labels["contract"] = "changed"
    del labels["none"]
    assert catalog.value_labels("consent", "he") == _labels_in_file("consent", "he")


def test_a_replaced_catalog_answers_with_its_own_labels(catalog):
    catalog.value_labels("party", "en")  # the original has answered once
    iv = catalog.inventory_values.copy()
    iv.loc[(iv["field"] == "party") & (iv["value_id"] == "zero"), "label_en"] = "Told us"
    other = catalog.replace(inventory_values=iv)
    assert other.value_labels("party", "en")["zero"] == "Told us"
    assert catalog.value_labels("party", "en")["zero"] == _labels_in_file("party", "en")["zero"]
