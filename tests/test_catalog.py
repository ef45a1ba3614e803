"""The catalogs: complete, bilingual, sourced, and validated on load."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from zpd_assess.catalog import (
    CHANNEL_IDS,
    GOAL_IDS,
    TOPIC_IDS,
    CatalogError,
    default_catalog_dir,
    load_catalog,
)
from zpd_assess.cli import main


def test_every_fixed_identifier_is_present(catalog):
    assert list(catalog.topics.index[: len(TOPIC_IDS)]) == list(TOPIC_IDS)
    assert set(CHANNEL_IDS) <= set(catalog.channels.index)
    assert set(GOAL_IDS) <= set(catalog.goals.index)


def test_topics_have_both_languages_nature_half_life_and_synonyms(catalog):
    t = catalog.topics
    assert t["label_he"].str.contains(r"[\u05d0-\u05ea]").all()
    assert t["description_he"].str.contains(r"[\u05d0-\u05ea]").all()
    assert set(t["nature"]) == {"declared", "observed", "mixed"}
    assert (t["half_life_days"] > 0).all()
    assert t.loc["future_plans", "half_life_days"] < t.loc["family_status", "half_life_days"]
    # health (s. 7 para. 2) and financial situation (para. 10) are special sensitivity
    assert sorted(t.index[t["special_category"]]) == ["financial_stability", "health_wellbeing"]
    assert (t["synonym_list"].map(len) >= 15).all()
    assert t.loc["life_stage", "label_he"] == "שלבי החיים"
    assert t.loc["churn_potential", "label_he"] == "פוטנציאל נטישה"


def test_every_channel_default_names_its_source(catalog):
    ch = catalog.channels
    source_cols = [c for c in ch.columns if c.endswith("_source")]
    for col in source_cols:
        assert ch[col].isin(catalog.sources.index).all(), col
    # the seed's pop-up holds 4 questions; SMS and IVR lengths come from public sources
    assert ch.loc["web_popup", "max_questions"] == 4
    assert ch.loc["web_popup", "budget_source"] == "seed_article"
    assert ch.loc["ivr_survey", "budget_source"] == "vocalabs"
    assert ch.loc["sms", "max_questions"] == 5
    assert ch.loc["in_app", "response_source"] == "ideaplan"
    # no public figure for QR on product, kiosk or floating button: marked as assumptions
    for cid in ("qr_on_product", "tablet_kiosk", "floating_button"):
        assert ch.loc[cid, "response_source"] == "assumption"
    assert ch.loc["qr_on_product", "linkability"] < 0.5


def test_relevance_matrix_is_complete_and_explained(catalog):
    m = catalog.relevance_matrix
    assert m.shape == (len(catalog.goals), len(catalog.topics))
    assert ((m >= 0) & (m <= 3)).all().all()
    assert (m.max(axis=0) >= 1).all(), "every topic serves at least one goal"
    nonzero = catalog.relevance[catalog.relevance["relevance"] > 0]
    assert (nonzero["rationale_en"].str.len() > 10).all()
    assert (nonzero["rationale_he"].str.len() > 5).all()


def test_question_bank_is_large_bilingual_and_covers_every_topic(catalog):
    q = catalog.questions
    assert len(q) >= 150
    primary = q["topic_list"].map(lambda t: t[0])
    counts = primary.value_counts()
    assert all(counts.get(t, 0) >= 3 for t in TOPIC_IDS)
    assert q["text_he"].str.contains(r"[\u05d0-\u05ea]").all()
    assert q["value_exchange_he"].str.contains(r"[\u05d0-\u05ea]").all()
    assert (q["options_en_list"].map(len) == q["options_he_list"].map(len)).all()
    special = q[q["sensitivity"] == "special"]
    assert len(special) >= 3
    for channels in special["channel_list"]:
        assert not {"sms", "ivr_survey", "qr_on_product"} & set(channels)
    no_free_text_ivr = q[q["answer_type"] == "free_text"]["channel_list"]
    assert not any("ivr_survey" in c for c in no_free_text_ivr)


def test_assumptions_cover_every_model_parameter_with_a_source(catalog):
    a = catalog.assumptions
    assert a.number("granularity_weight.segment") == pytest.approx(0.35)
    assert a.number("source_weight.first.observed") == 1.0
    assert a.number("source_weight.zero.observed") == 0.7
    assert a.number("consent_usability.none") == 0.0
    assert a.table["source"].isin(catalog.sources.index).all()


def _copy_catalog(tmp_path):
    target = tmp_path / "catalog"
    shutil.copytree(default_catalog_dir(), target, ignore=shutil.ignore_patterns("*.xlsx"))
    return target


@pytest.mark.parametrize(
    ("file_name", "old", "new", "expected"),
    [
        ("questions.csv", "life_stage:", "astrology:", "unknown topic 'astrology'"),
        ("relevance.csv", "retention,", "world_peace,", "unknown goal 'world_peace'"),
        ("topics.csv", "שלבי החיים", "", "missing label_he for life_stage"),
        ("channels.csv", ",seed_article,", ",my_guess,", "neither a source id"),
        ("goals.csv", "retention,", "retension,", "missing required id(s) retention"),
        (
            "moments.csv",
            ";q_telecom_competing_offer;",
            ";q_telecom_competing_ofer;",
            "question q_telecom_competing_ofer is not in questions.csv",
        ),
        (
            "moments.csv",
            "q_retail_return_reason;",
            "q_banking_main_bank;",
            "question q_banking_main_bank is not tagged for retail",
        ),
    ],
)
def test_a_broken_catalog_is_refused_whole_with_a_clear_message(
    tmp_path, file_name, old, new, expected
):
    folder = _copy_catalog(tmp_path)
    path = folder / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    assert any(expected in p for p in info.value.problems), info.value.problems


def _rewrite_questions(folder, change) -> None:
    _rewrite(folder, "questions.csv", change)


def _rewrite(folder, file_name: str, change) -> None:
    """Rewrite one catalog file of ``folder``: ``change(rows)`` returns the rows and the header."""
    path = folder / file_name
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rows, fields = change(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_an_industry_row_may_give_its_own_question_text_in_both_languages(tmp_path, catalog):
    """Knowledge-base review 15: the banking row of q_location_05 replaced the notice but not the
    stem, so bank customers were asked about "our nearest branch or store"; an offers row may now
    write the industry's question text, in both languages or in neither."""
    from zpd_assess.planning import question_pool

    bank = question_pool(catalog, industry="banking").loc["q_location_05"]
    retail = question_pool(catalog, industry="retail").loc["q_location_05"]
    assert "store" not in bank["text_en"] and "לחנות" not in bank["text_he"]
    assert "branch" in bank["text_en"] and "לסניף" in bank["text_he"]
    assert "store" in retail["text_en"] and "branch" not in retail["text_en"]
    assert "לחנות" in retail["text_he"] and "לסניף" not in retail["text_he"]
    assert "or" in catalog.questions.at["q_location_05", "text_en"]  # the shared text hedges

    folder = _copy_catalog(tmp_path)

    def english_only(rows):
        for r in rows:
            if (r["question_id"], r["industry"]) == ("q_location_05", "banking"):
                r["text_he"] = ""
        return rows, list(rows[0])

    _rewrite(folder, "offers.csv", english_only)
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    assert any("q_location_05 / banking" in p and "both languages" in p
               for p in info.value.problems), info.value.problems  # fmt: skip


def test_completes_offer_is_optional_and_only_on_a_follow_up(tmp_path):
    """A bank file written before the column loads (no follow-up completes an offer); a row
    that marks ``completes_offer`` without following a question is refused, naming the row."""
    folder = _copy_catalog(tmp_path)

    def without_column(rows):
        fields = [k for k in rows[0] if k != "completes_offer"]
        return [{k: r[k] for k in fields} for r in rows], fields

    _rewrite_questions(folder, without_column)
    older = load_catalog(folder)
    assert not older.questions["completes_offer"].any()

    folder = _copy_catalog(tmp_path / "second")

    def on_a_screener(rows):
        for r in rows:
            if r["question_id"] == "q_retail_upcoming_occasion":
                r["completes_offer"] = "true"
        return rows, list(rows[0])

    _rewrite_questions(folder, on_a_screener)
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    assert any("q_retail_upcoming_occasion" in p and "completes_offer" in p
               for p in info.value.problems), info.value.problems  # fmt: skip


def test_a_partial_folder_overrides_only_what_it_holds(tmp_path):
    folder = tmp_path / "custom"
    folder.mkdir()
    goals = (default_catalog_dir() / "goals.csv").read_text(encoding="utf-8")
    folder.joinpath("goals.csv").write_text(goals.replace(",1.0\n", ",0.2\n", 1), encoding="utf-8")
    custom = load_catalog(folder)
    assert custom.origin["goals.csv"] == str(folder / "goals.csv")
    assert custom.origin["topics.csv"].startswith(str(default_catalog_dir()))


@pytest.mark.parametrize(
    ("which", "id_field", "text_field"),
    [
        ("topics", "topic_id", "label_he"),
        ("channels", "channel_id", "label_he"),
        ("goals", "goal_id", "label_he"),
        ("questions", "question_id", "text_he"),
    ],
)
def test_catalog_json_prints_the_catalog_as_loaded(capsys, catalog, which, id_field, text_field):
    assert main(["catalog", which, "--json"]) == 0
    records = json.loads(capsys.readouterr().out)
    frame = getattr(catalog, which)
    assert [r[id_field] for r in records] == list(frame.index)
    assert all(r[text_field] for r in records)
    if which == "questions":
        first = records[0]
        assert isinstance(first["topics"], list) and first["topics"]
        assert first["topics"] == list(catalog.questions.iloc[0]["topic_strengths"])
    if which == "channels":
        assert all("response_source" in r and "label_en" in r for r in records)


@pytest.mark.slow
def test_the_console_script_is_installed():
    script = Path(sys.executable).parent / "zpd-assess"
    assert script.is_file(), f"{script} is missing: install the project (make venv)"
    out = subprocess.run([str(script), "catalog", "goals"], capture_output=True, text=True,
                         check=True)  # fmt: skip
    assert "retention" in out.stdout


def _bank_words_for_visits(rows):
    """q_activity_hours_02's banking row with the bank's own words for the same seven answers."""
    for r in rows:
        if (r["question_id"], r["industry"]) == ("q_activity_hours_02", "banking"):
            r["options_en"] = (
                "Sunday–Thursday mornings (until 12)|Sunday–Thursday middays (12–16)|"
                "Sunday–Thursday late afternoons or evenings (after 16)|Friday|Saturday night|"
                "No particular time|I don't visit branches"
            )
            r["options_he"] = (
                "ראשון עד חמישי בבוקר (עד 12)|ראשון עד חמישי בצוהריים (12–16)|"
                "ראשון עד חמישי אחר הצוהריים או בערב (אחרי 16)|שישי|מוצאי שבת|בלי זמן קבוע|"
                "לא מגיעים לסניפים"
            )
    return rows, list(rows[0])


def test_an_industry_row_may_word_the_options_its_own_way_for_the_same_answers(tmp_path):
    """Knowledge-base review 21: the bank's customers read "I don't visit stores or branches"
    under a stem about branches; an industry row may label the question's answers in its own
    words, one label per code in the same order, so that results still pool across industries."""
    from zpd_assess.planning import question_pool

    folder = _copy_catalog(tmp_path)
    _rewrite(folder, "offers.csv", _bank_words_for_visits)
    worded = load_catalog(folder)
    bank = question_pool(worded, industry="banking").loc["q_activity_hours_02"]
    retail = question_pool(worded, industry="retail").loc["q_activity_hours_02"]
    assert bank["options_en_list"][-1] == "I don't visit branches"
    assert bank["options_he_list"][-1] == "לא מגיעים לסניפים"
    assert bank["options_en"].endswith("I don't visit branches")
    assert retail["options_en_list"][-1] == "I don't visit stores"
    assert worded.questions.at["q_activity_hours_02", "options_en_list"][-1] == (
        "I don't visit stores or branches"
    )
    assert list(bank["option_code_list"]) == list(retail["option_code_list"])

    def one_label_short(rows):
        rows, fields = _bank_words_for_visits(rows)
        for r in rows:
            if (r["question_id"], r["industry"]) == ("q_activity_hours_02", "banking"):
                r["options_en"] = r["options_en"].rsplit("|", 1)[0]
                r["options_he"] = r["options_he"].rsplit("|", 1)[0]
        return rows, fields

    folder = _copy_catalog(tmp_path / "short")
    _rewrite(folder, "offers.csv", one_label_short)
    with pytest.raises(CatalogError) as info:
        load_catalog(folder)
    assert any(
        "q_activity_hours_02 / banking" in p
        and "6 English and 6 Hebrew labels" in p
        and "7 answers" in p
        and "dont_visit" in p
        for p in info.value.problems
    ), info.value.problems


def _graded_for_banks(level: str, notice: bool):
    """q_concerns_05's banking row graded ``level`` (financial), with or without its own notice."""

    def change(rows):
        for r in rows:
            if (r["question_id"], r["industry"]) == ("q_concerns_05", "banking"):
                r["sensitivity"], r["sensitivity_category"] = level, "financial"
                if notice:
                    r["purpose_en"] = r["purpose_en"] or "We ask what worries you, to help."
                    r["purpose_he"] = r["purpose_he"] or "אנחנו שואלים מה מדאיג אתכם, כדי לעזור."
                else:
                    r["purpose_en"] = r["purpose_he"] = ""
                return rows, list(rows[0])
        row = {k: "" for k in rows[0]} | {
            "question_id": "q_concerns_05", "industry": "banking", "incentive_cost_ils": "0",
            "sensitivity": level, "sensitivity_category": "financial",
        }  # fmt: skip
        if notice:
            row["purpose_en"] = "We ask what worries you, to help."
            row["purpose_he"] = "אנחנו שואלים מה מדאיג אתכם, כדי לעזור."
        return [*rows, row], list(rows[0])

    return change


def test_an_industry_may_grade_a_question_higher_for_itself_and_never_lower(tmp_path, catalog):
    """Knowledge-base review 21 (privacy): "products you get elsewhere" is financial activity
    when a bank asks it and an ordinary preference when a retailer does; an industry row may
    grade its question higher, with its own notice when special, and its plan follows."""
    from zpd_assess.planning import question_pool

    assert catalog.questions.at["q_concerns_05", "sensitivity"] != "special"
    folder = _copy_catalog(tmp_path)
    _rewrite(folder, "offers.csv", _graded_for_banks("special", notice=True))
    graded = load_catalog(folder)
    bank = question_pool(graded, industry="banking").loc["q_concerns_05"]
    retail = question_pool(graded, industry="retail").loc["q_concerns_05"]
    assert (bank["sensitivity"], bank["sensitivity_category"]) == ("special", "financial")
    assert retail["sensitivity"] == catalog.questions.at["q_concerns_05", "sensitivity"]

    for name, level, notice, expected in (
        ("silent", "special", False, "write its own purpose notice"),
        ("lower", "low", True, "may only grade a question higher"),
    ):
        folder = _copy_catalog(tmp_path / name)
        _rewrite(folder, "offers.csv", _graded_for_banks(level, notice))
        if level == "low" and catalog.questions.at["q_concerns_05", "sensitivity"] == "low":
            continue  # nothing below low
        with pytest.raises(CatalogError) as info:
            load_catalog(folder)
        assert any("q_concerns_05 / banking" in p and expected in p
                   for p in info.value.problems), info.value.problems  # fmt: skip
