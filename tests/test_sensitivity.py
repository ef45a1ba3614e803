"""Special sensitivity (Privacy Protection Law s. 7 as amended by Amendment 13; GDPR Art. 9/10):
the table in templates/sensitivity.csv, the topics that refer to it, and the inventory flag that
no mapping confidence can silence."""

from __future__ import annotations

import io
import shutil

import openpyxl
import pytest
from conftest import TODAY

from zpd_assess.assess import assess
from zpd_assess.catalog import CatalogError, default_catalog_dir, load_catalog
from zpd_assess.intake import load_inventory
from zpd_assess.mapping import apply_mapping
from zpd_assess.workbook import plan_workbook

#: A retailer's CRM export as a client fills it: the columns the knowledge-base review probed,
#: plus the ones Amendment 13 adds (location, salary) and one that is nothing special.
INVENTORY = """attribute,party,coverage,description
religion,first,0.4,Religion from the loyalty-club form
מגזר,first,0.8,מגזר הלקוח לפי אזור מגורים
shomer_shabbat,first,0.3,Keeps Shabbat: no messages from Friday afternoon
kashrut_pref,first,0.5,Kashrut level preferred in the deli
ethnicity,third,0.6,Ethnic group from a data vendor
home_location,first,0.9,Where the app sees the customer at night
monthly_salary,first,0.7,Monthly salary from the salary deposit
favourite_colour,first,0.2,Favourite colour chosen in the app
"""
EXPECTED = {
    "religion": ("religion_belief", "(7)"),
    "מגזר": ("origin_ethnicity", "(5)"),
    "shomer_shabbat": ("religion_belief", "(7)"),
    "kashrut_pref": ("religion_belief", "(7)"),
    "ethnicity": ("origin_ethnicity", "(5)"),
    "home_location": ("location", "(9)"),
    "monthly_salary": ("financial", "(10)"),
}


@pytest.fixture(scope="module")
def mapped(catalog, mapper):
    intake = load_inventory(INVENTORY.encode(), catalog, name="crm.csv", today=TODAY)
    return intake, apply_mapping(intake.inventory, mapper).set_index("attribute")


def test_the_table_follows_the_statutes_list(catalog):
    s = catalog.sensitivity
    clauses = {str(c) for c in s["israel_clause"] if c}
    assert {f"({n})" for n in range(1, 11)} <= clauses, "paragraphs (1)-(10) of s. 7"
    assert s.loc["religion_belief", "israel_clause"] == "(7)"
    assert s.loc["financial", "israel_clause"] == "(10)"
    assert s.loc["location", "israel_clause"] == "(9)"
    assert s.loc["personality_assessment", "israel_clause"] == "(8)"
    assert s.loc["health", "gdpr_article"].startswith("Art. 9(1)")
    assert s.loc["criminal_record", "gdpr_article"] == "Art. 10"
    assert s.loc["financial", "gdpr_article"] == "", "salary is special in Israel only"
    assert set(s["clause_status"]) == {"verified", "to_verify"}
    assert s["label_he"].str.contains(r"[\u05d0-\u05ea]").all()
    assert s["examples_he"].str.contains(r"[\u05d0-\u05ea]").all()
    religion_terms = set(s.loc["religion_belief", "term_list"])
    assert {"shomer shabbat", "kashrut", "שומר שבת", "כשרות", "דת"} <= religion_terms
    for category in s.index:
        assert {"sms", "whatsapp", "ivr_survey"} <= set(catalog.sensitivity_channels(category))
    assert "tablet_kiosk" in catalog.sensitivity_channels("religion_belief"), "public screen"


def test_special_topics_name_their_category(catalog):
    t = catalog.topics
    assert t.loc["health_wellbeing", "sensitivity_category"] == "health"
    assert (t["special_category"] == (t["sensitivity_category"] != "")).all()


def test_citation_in_both_languages(catalog):
    en = catalog.sensitivity_citation("religion_belief", "en")
    he = catalog.sensitivity_citation("religion_belief", "he")
    assert en == (
        "Privacy Protection Law 5741-1981, s. 7, “information of special sensitivity”, "
        "para. (7); GDPR Art. 9(1)"
    )
    assert "מידע בעל רגישות מיוחדת" in he and "פסקה (7)" in he and "סעיף 9(1)" in he
    assert "to verify" in catalog.sensitivity_citation("statutory_confidentiality", "en")


def _copy(tmp_path):
    target = tmp_path / "catalog"
    shutil.copytree(default_catalog_dir(), target, ignore=shutil.ignore_patterns("*.xlsx"))
    return target


@pytest.mark.parametrize(
    ("file_name", "old", "new", "expected"),
    [
        (
            "sensitivity.csv",
            "sms;whatsapp;ivr_survey;public_screen\nfamily_private_life",
            "sms;fax;public_screen\nfamily_private_life",
            "sensitivity.csv row 2 (sex_life_orientation), column channels_not_allowed: "
            "found 'fax'; accepted: channel ids of channels.csv or public_screen",
        ),
        (
            "sensitivity.csv",
            ",(7),Art. 9(1),verified",
            ",7,Art. 9(1),verified",
            "(political_opinions), column israel_clause: found '7'; "
            "accepted: a paragraph of the definition in s. 7",
        ),
        (
            "sensitivity.csv",
            'verified,"Or-Hof',
            'checked,"Or-Hof',
            "column clause_status: found 'checked'; accepted: verified or to_verify",
        ),
        (
            "topics.csv",
            "365,true,health,",
            "365,true,,",
            "topics.csv: health_wellbeing: special_category is true but sensitivity_category "
            "is empty",
        ),
        (
            "topics.csv",
            "365,true,health,",
            "365,true,astrology,",
            "topics.csv: health_wellbeing, column sensitivity_category: found 'astrology'",
        ),
    ],
)
def test_a_bad_row_is_refused_with_row_column_value_and_what_is_accepted(
    tmp_path, file_name, old, new, expected
):
    folder = _copy(tmp_path)
    path = folder / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(folder)
    assert any(expected in p for p in err.value.problems), err.value.problems


def test_sensitive_columns_are_flagged_whatever_the_mapping_confidence(mapped, catalog):
    _, inv = mapped
    threshold = catalog.assumptions.number("mapping.review_threshold")
    confident = [a for a in EXPECTED if inv.loc[a, "mapping_confidence"] >= threshold]
    assert len(confident) >= 4, "the review's probe: these map confidently to ordinary topics"
    for attribute, (category, clause) in EXPECTED.items():
        row = inv.loc[attribute]
        assert row["special_review"], attribute
        assert (row["sensitivity_category"], row["sensitivity_clause"]) == (category, clause)
    assert not catalog.topics.loc[inv.loc["religion", "mapped_topic"], "special_category"]
    plain = inv.loc["favourite_colour"]
    assert not plain["special_review"]
    assert plain["sensitivity_category"] == ""


def test_the_flag_names_category_and_clause_in_both_languages(mapped):
    intake, _ = mapped
    flags = {w.value: w for w in intake.warnings if w.kind == "special_sensitivity"}
    assert set(flags) == set(EXPECTED)
    salary = flags["monthly_salary"]
    assert salary.row == 8 and salary.column == "attribute" and salary.severity == "warning"
    assert "Salary and financial activity" in salary.message_en
    assert "para. (10)" in salary.message_en and "SMS" in salary.message_en
    assert "נתוני שכר ופעילות פיננסית" in salary.message_he
    assert "מידע בעל רגישות מיוחדת" in salary.message_he and "פסקה (10)" in salary.message_he
    assert "GDPR" not in salary.message_en, "salary is not special under GDPR"
    assert "GDPR Art. 9(1)" in flags["religion"].message_en


def test_a_special_topic_flags_a_row_without_any_term(catalog, mapper):
    data = (
        b"attribute,party,coverage,topics\n"
        b"wellness_programme_tier,first,0.3,health_wellbeing\n"
        b"club_tier,first,0.9,\n"
    )
    intake = load_inventory(data, catalog, name="club.csv", today=TODAY)
    inv = apply_mapping(intake.inventory, mapper).set_index("attribute")
    assert inv.loc["wellness_programme_tier", "sensitivity_category"] == "health"
    assert inv.loc["wellness_programme_tier", "sensitivity_matched"] == "topic:health_wellbeing"
    assert inv.loc["wellness_programme_tier", "special_review"]
    assert not inv.loc["club_tier", "special_review"]


def test_sample_values_reveal_a_category_the_name_hides(catalog):
    data = (
        "attribute,party,coverage,sample values\n"
        "segment_a,first,0.5,חרדי; דתי לאומי; חילוני\n"
        "segment_b,first,0.5,gold; silver\n"
    ).encode()
    intake = load_inventory(data, catalog, name="segments.csv", today=TODAY)
    inv = intake.inventory.set_index("attribute")
    assert inv.loc["segment_a", "sensitivity_category"] == "religion_belief"
    assert inv.loc["segment_b", "sensitivity_category"] == ""


def test_the_workbook_shows_the_flag(catalog, mapper):
    intake = load_inventory(INVENTORY.encode(), catalog, name="crm.csv", today=TODAY)
    a = assess(intake, catalog, mapper=mapper)
    for lang, header, clause in (
        ("en", "Special sensitivity", "para. (7)"),
        ("he", "רגישות מיוחדת", "פסקה (7)"),
    ):
        wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(a, catalog, lang, today=TODAY)))
        ws = wb["Inventory"] if lang == "en" else wb.worksheets[5]
        header_row = [c.value for c in ws[1]]
        assert header_row[-1] == header
        rows = {r[1]: r for r in ws.iter_rows(min_row=2, values_only=True)}
        religion = rows["religion"]
        assert clause in religion[-1]
        assert catalog.sensitivity.loc["religion_belief", f"label_{lang}"] in religion[-1]
        needs_review = header_row.index(catalog.text("col.needs_review", lang))
        assert religion[needs_review] == catalog.text("value.yes", lang)
        assert rows["favourite_colour"][-1] in ("", None)
        validation = header_row.index(catalog.text("col.validation", lang))
        assert clause in str(religion[validation])
