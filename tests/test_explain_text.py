"""The scorer's explanation sentences come from the labels catalog, in natural Hebrew."""

from __future__ import annotations

import re

from conftest import SAMPLES, TODAY

from zpd_assess.assess import map_inventory
from zpd_assess.intake import load_inventory
from zpd_assess.scoring import score_topics


def test_explanations_read_the_labels_and_name_the_party_in_each_language(catalog, mapper):
    intake = load_inventory(SAMPLES / "shalom_insurance" / "inventory.xlsx", catalog, today=TODAY)
    mapped, _ = map_inventory(intake, catalog, mapper)
    scores = score_topics(mapped, catalog, catalog.default_goal_weights())
    explained = [tid for tid, ex in scores.explain.items() if ex["knowledge"]["parts"]]
    assert explained
    for tid in explained:
        ex, row = scores.explain[tid], scores.topics.loc[tid]
        top = next(p for p in ex["knowledge"]["parts"] if "attribute" in p)
        party_he = catalog.value_labels("party", "he")[top["party"]]
        assert f"'{top['attribute']}' ({top['party']} party)" in ex["text_en"]
        assert f"'{top['attribute']}' ({party_he})" in ex["text_he"]
        assert not re.search(r"\b(zero|first|second|third)\b", ex["text_he"]), ex["text_he"]
        gap = f"{row['importance']:.2f} × (1 − {row['knowledge']:.2f}) = {row['gap']:.2f}."
        assert ex["text_en"].startswith(catalog.topics.at[tid, "label_en"] + ": importance ")
        assert ex["text_en"].endswith(f"Gap = {gap}")
        assert ex["text_he"].endswith(f"פער = {gap}")
    unknown = [tid for tid, ex in scores.explain.items() if not ex["knowledge"]["parts"]]
    for tid in unknown:
        assert catalog.text("explain.no_source", "en") in scores.explain[tid]["text_en"]
        assert catalog.text("explain.no_source", "he") in scores.explain[tid]["text_he"]
