"""Sources of the model's figures (issue 13): every figure cites a findable source or a stated
assumption, each source has a grade, SMS is priced by its Hebrew segments, a sample's WhatsApp and
SMS reach is its own opt-in share, and the workbook's Sources sheet shows the grade."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
from conftest import ROOT, SAMPLES, TODAY

from zpd_assess.assess import Steps, assess_engagement
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import load_engagement
from zpd_assess.intake import load_inventory
from zpd_assess.planning.pairs import question_channel_pairs, sms_segments, sms_text
from zpd_assess.sources import GRADES, cited_sources, grade_label, source_problems
from zpd_assess.workbook import plan_workbook

TEMPLATES = ROOT / "templates"


def _csv(name: str) -> pd.DataFrame:
    return pd.read_csv(TEMPLATES / name, dtype=str, keep_default_na=False)


def test_every_cited_source_exists_and_is_graded(catalog):
    sources = _csv("sources.csv").set_index("source_id")
    assert set(sources["grade"]) <= set(GRADES)
    assert set(sources["grade"]) == set(GRADES), "each grade is used at least once"
    cited = cited_sources(catalog)
    assert len(cited) > 150  # 15 channels × 8 columns, 70 parameters, use cases
    named = cited.loc[cited["source_id"] != "", "source_id"]
    assert set(named) <= set(sources.index), set(named) - set(sources.index)
    assert source_problems(catalog) == []


def test_every_channel_figure_and_parameter_has_a_source(catalog):
    ch = _csv("channels.csv").set_index("channel_id")
    for col in [c for c in ch.columns if c.endswith("_source")]:
        assert (ch[col] != "").all(), col
    a = _csv("assumptions.csv").set_index("parameter")
    assert (a["source"] != "").all()
    assert set(a["source"]) <= set(catalog.sources.index)
    # GDPR, Amendment 13 and the seed motivate rules but contain none of the numbers
    assert not a["source"].isin(["gdpr", "il_privacy_a13", "seed_article"]).any()
    assert a.loc["minimisation.known_threshold", "basis"] == "gdpr;il_privacy_a13"
    assert a.loc["consent_usability.contract", "source"] == "assumption"
    assert a.loc["source_weight.second.observed", "basis"] == "seed_article"
    # the Israeli law is cited where it applies
    assert "il_privacy_a13" in set(cited_sources(catalog)["source_id"])


def test_sources_grade_and_locate(catalog):
    s = catalog.sources
    assert "peeref" not in s.index, "the peeref link could not be found: cite the paper"
    paper = s.loc["ndashimye_2022"]
    assert paper["grade"] == "study" and "doi:10.1177/08944393221111340" in paper["locator"]
    assert s.at["quizconvert", "grade"] == "vendor"
    assert (
        "opt-in" in s.at["quizconvert", "figure_en"]
        and "not answer" in s.at["quizconvert", "figure_en"]
    )
    assert s.at["gdpr", "grade"] == "law" and s.at["il_privacy_a13", "grade"] == "law"
    assert "2024" in s.at["il_privacy_a13", "locator"]
    for sid in s.index[s["grade"] == "assumption"]:
        if sid != "assumption":
            assert s.at[sid, "figure_en"].startswith("Assumption:"), sid


def test_channel_rates_fit_their_mechanism_and_sit_inside_their_range(catalog):
    ch = catalog.channels
    rate = ch["response_rate"]
    inside = (ch["response_low"] < rate) & (rate < ch["response_high"])
    assert inside.all(), list(ch.index[~inside])
    # opt-in rates of a quiz vendor are not answer rates: a stated proxy assumption now
    for cid in ("web_popup", "web_survey", "gamification"):
        assert ch.at[cid, "response_source"] == "assume_optin_proxy"
    # the agent's closing question is not a post-call interview
    assert ch.at["agent_question", "response_source"] == "assume_agent_closing"
    # a 10-minute finding is not applied per question to 3–5-minute channels
    assert "millward_brown" not in catalog.sources.index
    for cid in ("web_survey", "email_survey", "preference_center"):
        assert ch.at[cid, "fatigue_source"] == "macelroy_2000"
        assert ch.at[cid, "fatigue_per_question"] < 0.01
    # business-initiated WhatsApp needs opt-in: the default reach is an opt-in share
    assert ch.at["whatsapp", "reach"] <= 0.25


SHORT_HE = ("באיזו מידה אתם לובשים?", ["S", "M", "L"])
LONG_HE = (
    "כשאתם בוחרים מתנה לאדם קרוב, מה הכי חשוב לכם כדי שהמתנה תתאים ותשמח באמת?",
    ["מחיר נוח", "מותג שהוא אוהב", "אפשרות החלפה בקלות", "אריזת מתנה מוכנה", "משלוח מהיר"],
)


def _sms_pool(catalog) -> pd.DataFrame:
    q = catalog.questions
    base = q[q["channel_list"].apply(lambda c: "sms" in c)].iloc[[0]]
    rows = []
    for name, (text, options) in (("q_short", SHORT_HE), ("q_long", LONG_HE)):
        row = base.copy()
        row.index = [name]
        row["question_id"] = name
        row["text_he"] = text
        row["options_he_list"] = [options]
        rows.append(row)
    return pd.concat(rows)


def test_sms_segments_follow_ucs2_for_hebrew(catalog):
    sizes = catalog.assumptions.group("sms")
    assert sms_segments("א" * 70, sizes) == 1
    assert sms_segments("א" * 71, sizes) == 2  # concatenated: 67 a part
    assert sms_segments("א" * 134, sizes) == 2
    assert sms_segments("א" * 135, sizes) == 3
    assert sms_segments("a" * 160, sizes) == 1 and sms_segments("a" * 161, sizes) == 2
    pool = _sms_pool(catalog)
    short, long_ = (sms_text(r) for r in pool.to_dict("records"))
    assert short.startswith(SHORT_HE[0]) and "\n1. S\n" in short
    assert (sms_segments(short, sizes), sms_segments(long_, sizes)) == (1, 3)


def test_sms_cost_grows_with_the_hebrew_segments(catalog):
    pool = _sms_pool(catalog)
    pairs = question_channel_pairs(pool, catalog, list(catalog.channels.index))
    money = pairs.set_index(["question_id", "channel_id"])["money_ils"]
    per_segment = catalog.assumptions.number("sms.ils_per_segment")
    assert money["q_long", "sms"] - money["q_short", "sms"] == pytest.approx(2 * per_segment)
    base = (
        float(pool["incentive_cost_ils"].iloc[0])
        + catalog.channels.at["sms", "cost_per_response_ils"]
    )
    assert money["q_short", "sms"] == pytest.approx(base + per_segment)
    # other channels are not priced by characters
    assert money["q_long", "email_survey"] == money["q_short", "email_survey"]
    cost = pairs.set_index(["question_id", "channel_id"])["cost"]
    assert cost["q_long", "sms"] > cost["q_short", "sms"]


OPTIN = {
    "whatsapp": ("whatsapp_optin",),
    "sms": ("sms_optin", "sms_marketing_optin", "sms_service_optin"),
}


@pytest.mark.slow
@pytest.mark.parametrize("org", ["kinor_telecom", "nofim_health", "shaked_cards", "urban_retail"])
def test_sample_reach_is_the_organisations_own_optin(catalog, org):
    eng = load_engagement(SAMPLES / org)
    inv = load_inventory(eng.inventory_path, catalog, today=TODAY).inventory
    found = 0
    for cid, names in OPTIN.items():
        rows = inv[inv["attribute"].isin(names)]
        if cid in eng.channels and len(rows):
            found += 1
            assert eng.reach[cid] == pytest.approx(float(rows["coverage"].iloc[0])), cid
    assert found >= 1
    assert eng.reach["whatsapp"] < catalog.channels.at["whatsapp", "reach"] + 0.1


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "he"])
def test_workbook_sources_sheet_shows_the_grade(catalog, mapper, lang):
    eng = load_engagement(SAMPLES / "urban_retail")
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    a = assess_engagement(
        intake, catalog, default_decisions(catalog, eng), organisation=eng.name_en,
        steps=Steps(mapper),
    )  # fmt: skip
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(a, catalog, lang, today=TODAY)))
    ws = wb[catalog.labels[lang]["sheet.sources"][:31]]
    header = [c.value for c in ws[1]]
    assert header[:2] == [catalog.labels[lang]["col.source_id"], catalog.labels[lang]["col.grade"]]
    grade_of = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(grade_of) == set(catalog.sources.index)
    words = {g: catalog.labels[lang][f"grade.{g}"] for g in GRADES}
    assert grade_of["ndashimye_2022"] == words["study"]
    assert grade_of["quizconvert"] == words["vendor"]
    assert grade_of["il_privacy_a13"] == words["law"]
    assert grade_of["assume_sms_cost"] == words["assumption"]
    assert (lang == "he") == (words["study"] == "מחקר")


def test_the_channels_page_names_each_source_with_its_grade(catalog):
    # the publisher's name, not the catalog's id (issue 14: «quizconvert / seed_article»)
    assert grade_label(catalog, "ndashimye_2022", "en") == "Social Science Computer Review (Study)"
    assert grade_label(catalog, "assume_ivr_in_queue", "he") == "הנחה"
    assert grade_label(catalog, "vocalabs", "he") == "Vocalabs (דוח ספק)"
    assert grade_label(catalog, "merltech", "en") == "MERL Tech (Vendor report)"
