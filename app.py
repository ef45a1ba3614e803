"""ZPD Assess — the Streamlit entry page.

Until the full workshop app lands this is one page: it opens on a sample organisation, lets the
user switch sample or upload an inventory, and shows the customer-knowledge index and the largest
gaps with their explanation. Everything is computed by ``zpd_assess``; caching lives here.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from zpd_assess.assess import assess
from zpd_assess.catalog import load_catalog
from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import InventoryError, load_inventory
from zpd_assess.mapping import TopicMapper

TEXT = {
    "en": {
        "title": "ZPD Assess — customer-knowledge gaps",
        "org": "Engagement",
        "upload": "Or upload your own inventory (.xlsx or .csv)",
        "index": "Customer-knowledge index",
        "attrs": "Attributes",
        "review": "Mappings to review",
        "gaps": "Largest knowledge gaps",
        "why": "Why?",
        "errors": "The file cannot be used yet — fix these and upload again:",
        "warnings": "Warnings",
        "cols": {
            "label": "Topic",
            "importance": "Importance",
            "knowledge": "Knowledge",
            "gap": "Gap",
        },
    },
    "he": {
        "title": "ZPD Assess — פערי ידע על הלקוח",
        "org": "התקשרות",
        "upload": "או העלו מלאי נתונים משלכם (xlsx או csv)",
        "index": "מדד הכרת הלקוח",
        "attrs": "נתונים",
        "review": "מיפויים לבדיקה",
        "gaps": "פערי הידע הגדולים ביותר",
        "why": "למה?",
        "errors": "עדיין אי אפשר להשתמש בקובץ — תקנו והעלו שוב:",
        "warnings": "אזהרות",
        "cols": {"label": "נושא", "importance": "חשיבות", "knowledge": "ידע", "gap": "פער"},
    },
}


@st.cache_resource
def _catalog():
    return load_catalog()


@st.cache_resource
def _mapper():
    return TopicMapper(_catalog())


@st.cache_data(show_spinner=False)
def _intake(data: bytes, name: str):
    return load_inventory(data, _catalog(), name=name)


def main() -> None:
    st.set_page_config(page_title="ZPD Assess", layout="wide")
    lang = st.sidebar.radio("Language / שפה", ["en", "he"], key="app.lang",
                            format_func=lambda x: "English" if x == "en" else "עברית")  # fmt: skip
    t = TEXT[lang]
    if lang == "he":
        st.markdown(
            "<style>.stApp, .stMarkdown, .stDataFrame {direction: rtl; text-align: right;}</style>",
            unsafe_allow_html=True,
        )
    st.title(t["title"])
    engagements = sample_engagements()
    chosen = st.sidebar.selectbox(t["org"], engagements, key="app.engagement",
                                  format_func=lambda e: e.name(lang))  # fmt: skip
    upload = st.sidebar.file_uploader(t["upload"], type=["xlsx", "csv"], key="app.upload")
    catalog = _catalog()
    try:
        if upload is not None:
            intake = _intake(upload.getvalue(), upload.name)
            weights, name = catalog.default_goal_weights(), upload.name
        else:
            path = chosen.inventory_path
            intake = _intake(path.read_bytes(), path.name)
            weights, name = chosen.goal_weights, chosen.name(lang)
    except InventoryError as exc:
        st.error(t["errors"])
        for issue in exc.errors:
            st.write("• " + issue.message(lang))
        return
    result = assess(intake, catalog, weights, organisation=name, mapper=_mapper())
    c1, c2, c3 = st.columns(3)
    c1.metric(t["index"], f"{result.knowledge_index:.1f}")
    c2.metric(t["attrs"], len(result.inventory))
    c3.metric(t["review"], int(result.inventory["needs_review"].sum()))
    st.subheader(t["gaps"])
    gaps = result.largest_gaps(12)
    table = pd.DataFrame(
        {
            t["cols"]["label"]: gaps[f"label_{lang}"],
            t["cols"]["importance"]: gaps["importance"].round(2),
            t["cols"]["knowledge"]: (gaps["knowledge"] * 100).round(0),
            t["cols"]["gap"]: gaps["gap"].round(2),
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    with st.expander(t["why"]):
        for tid in gaps.index[:5]:
            st.write(result.scores.explain[tid][f"text_{lang}"])
    if result.warnings:
        with st.expander(f"{t['warnings']} ({len(result.warnings)})"):
            for w in result.warnings:
                st.write("• " + w.message(lang))


main()
