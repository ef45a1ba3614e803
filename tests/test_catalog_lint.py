"""The catalog content linter: each rule fires on a realistic bad row and not on its correction.

Every test starts from the real shipped catalog and alters one row, so a rule is tested on the
text around it as it really is (other rows may have findings of their own: the assertions look
only at the altered row).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from zpd_assess import notices
from zpd_assess.catalog import default_catalog_dir
from zpd_assess.cli import main
from zpd_assess.lint import (
    FINDING_COLUMNS,
    RULES,
    GlossaryError,
    glossary_from_frame,
    lint_catalog,
    load_glossary,
    load_option_terms,
    rule_description,
)
from zpd_assess.notices import FREE_TEXT_CAUTION, OFFERS_SENTENCE, SPECIAL_OFFERS_SENTENCE

QID = "q_identity_contact_01"  # a low-sensitivity question with options, tagged "all"


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


def _questions(catalog, qid: str = QID, **cells: str) -> pd.DataFrame:
    questions = catalog.questions.copy()
    for column, value in cells.items():
        questions.loc[qid, column] = value
    return questions


def _hits(catalog, glossary, rule: str, row_id: str, file: str = "questions.csv"):
    findings = lint_catalog(catalog, glossary, [rule])
    return findings[
        (findings["rule"] == rule) & (findings["row_id"] == row_id) & (findings["file"] == file)
    ]


def test_slash_form_fires_on_a_gendered_stem_and_not_on_the_neutral_one(catalog, glossary):
    bad = catalog.replace(
        questions=_questions(catalog, text_he="איך היית מתאר/ת את הדרך הנכונה לפנות אליך?")
    )
    hits = _hits(bad, glossary, "slash_form", QID)
    assert list(hits["column"]) == ["text_he"]
    assert "מתאר/ת" in hits["fix"].iloc[0]
    good = catalog.replace(questions=_questions(catalog, text_he="איך נכון לפנות אליך בהודעות?"))
    assert _hits(good, glossary, "slash_form", QID).empty


@pytest.mark.parametrize(
    "options", ["שכיר/ה|עצמאי/ת|אחר", "רווקים/ות|נשואים|אחר", "בן/בת זוג|הורה"]
)
def test_slash_form_fires_on_feminine_and_plural_endings_in_options(catalog, glossary, options):
    bad = catalog.replace(
        questions=_questions(catalog, options_en="One|Two|Other", options_he=options)
    )
    assert set(_hits(bad, glossary, "slash_form", QID)["column"]) == {"options_he"}


def test_a_slash_between_two_words_is_not_a_gendered_form(catalog, glossary):
    fine = catalog.replace(
        questions=_questions(
            catalog,
            options_en="Store or branch|Yes or no|Other",
            options_he="החנות/הסניף|כן / לא|אחר",
        )
    )
    assert _hits(fine, glossary, "slash_form", QID).empty


def test_missing_translation_fires_when_one_language_is_empty(catalog, glossary):
    purpose_en = "We ask how to address you so that our messages sound right to you."
    purpose_he = "אנחנו שואלים איך לפנות אליכם כדי שההודעות שלנו יישמעו לכם נכון."
    bad = catalog.replace(questions=_questions(catalog, purpose_en=purpose_en, purpose_he=""))
    hits = _hits(bad, glossary, "missing_translation", QID)
    assert list(hits["column"]) == ["purpose_he"]
    assert hits["fix"].iloc[0] == "write purpose_he"
    good = catalog.replace(
        questions=_questions(catalog, purpose_en=purpose_en, purpose_he=purpose_he)
    )
    assert _hits(good, glossary, "missing_translation", QID).empty


def test_options_out_of_step_fires_when_hebrew_lacks_an_option(catalog, glossary):
    en = "By first name|By full name|By title and surname"
    bad = catalog.replace(
        questions=_questions(catalog, options_en=en, options_he="בשם הפרטי|בשם המלא")
    )
    hits = _hits(bad, glossary, "options_out_of_step", QID)
    assert len(hits) == 1 and "English has 3 options, Hebrew 2" in hits["fix"].iloc[0]
    good = catalog.replace(
        questions=_questions(catalog, options_en=en, options_he="בשם הפרטי|בשם המלא|בתואר ובשם")
    )
    assert _hits(good, glossary, "options_out_of_step", QID).empty


def _order_question(catalog, industries: str) -> pd.DataFrame:
    return _questions(
        catalog,
        industries=industries,
        value_exchange_en="Extra 5% off this order for answering 4 quick questions",
        value_exchange_he="5% הנחה נוספת על ההזמנה הזו תמורת 4 שאלות קצרות",
    )


def test_an_order_offer_fires_for_a_bank_and_not_for_a_retailer(catalog, glossary):
    offers = catalog.offers[catalog.offers["question_id"] != QID]
    bank = catalog.replace(questions=_order_question(catalog, "banking;retail"), offers=offers)
    hits = _hits(bank, glossary, "order_without_orders", QID)
    assert len(hits) == 1
    assert "banking" in hits["fix"].iloc[0] and "retail" not in hits["fix"].iloc[0]
    shop = catalog.replace(questions=_order_question(catalog, "retail"), offers=offers)
    assert _hits(shop, glossary, "order_without_orders", QID).empty


def test_an_offers_override_for_the_bank_clears_the_question_and_is_checked_itself(
    catalog, glossary
):
    offers = catalog.offers[catalog.offers["question_id"] != QID]
    override = {c: "" for c in offers.columns}
    override.update(
        question_id=QID, industry="banking", incentive_type="none", incentive_cost_ils=0.0,
        channels="in_app", channel_list=("in_app",),
        value_exchange_en="Messages addressed to you the way you like",
        value_exchange_he="הודעות שפונות אליכם כמו שנוח לכם", commitment="false",
    )  # fmt: skip
    with_override = pd.concat([offers, pd.DataFrame([override])], ignore_index=True)
    fixed = catalog.replace(
        questions=_order_question(catalog, "banking;retail"), offers=with_override
    )
    assert _hits(fixed, glossary, "order_without_orders", QID).empty
    # the override itself promising a checkout to the bank's customers is a finding
    bad_override = with_override.copy()
    bad_override.loc[bad_override.index[-1], "value_exchange_en"] = "Free shipping at checkout"
    bad = catalog.replace(questions=_order_question(catalog, "banking;retail"), offers=bad_override)
    hits = _hits(bad, glossary, "order_without_orders", f"{QID}/banking", file="offers.csv")
    assert list(hits["column"]) == ["value_exchange_en"]


def test_a_guardianship_order_or_in_order_to_is_not_a_shop_order(catalog, glossary):
    offers = catalog.offers[catalog.offers["question_id"] != QID]
    fine = catalog.replace(
        questions=_questions(
            catalog,
            industries="health",
            value_exchange_en="Once a guardianship order is verified, in order to book for them",
            value_exchange_he="אחרי שנאמת צו אפוטרופסות תוכלו לזמן עבורם תורים",
        ),
        offers=offers,
    )
    assert _hits(fine, glossary, "order_without_orders", QID).empty


def test_a_special_question_without_prefer_not_to_say_fires(catalog, glossary):
    options = {"options_en": "Sleep|Diet|Stress|None", "options_he": "שינה|תזונה|לחץ|אף אחד"}
    bad = catalog.replace(questions=_questions(catalog, sensitivity="special", **options))
    hits = _hits(bad, glossary, "no_prefer_not_to_say", QID)
    assert list(hits["column"]) == ["options_en, options_he"]
    # in English only: the Hebrew list still lacks it
    half = catalog.replace(
        questions=_questions(
            catalog,
            sensitivity="special",
            options_en="Sleep|Diet|Stress|None|Prefer not to say",
            options_he="שינה|תזונה|לחץ|אף אחד|אחר",
        )
    )
    assert list(_hits(half, glossary, "no_prefer_not_to_say", QID)["column"]) == ["options_he"]
    good = catalog.replace(
        questions=_questions(
            catalog,
            sensitivity="special",
            options_en="Sleep|Diet|Stress|None|Prefer not to say",
            options_he="שינה|תזונה|לחץ|אף אחד|מעדיפים לא לענות",
        )
    )
    assert _hits(good, glossary, "no_prefer_not_to_say", QID).empty
    low = catalog.replace(questions=_questions(catalog, sensitivity="low", **options))
    assert _hits(low, glossary, "no_prefer_not_to_say", QID).empty


def test_off_glossary_terms_fire_in_hebrew_and_english(catalog, glossary):
    channels = catalog.channels.copy()
    channels.loc["whatsapp", "label_he"] = "סקר ווטסאפ"
    channels.loc["email_survey", "description_en"] = "A questionnaire sent by e-mail"
    bad = catalog.replace(channels=channels)
    findings = lint_catalog(bad, glossary, ["off_glossary"])
    hits = findings[(findings["rule"] == "off_glossary") & (findings["file"] == "channels.csv")]
    by_row = {(r.row_id, r.column): r.fix for r in hits.itertuples()}
    assert "«וואטסאפ»" in by_row[("whatsapp", "label_he")]
    assert "«email»" in by_row[("email_survey", "description_en")]
    channels.loc["whatsapp", "label_he"] = "סקר בוואטסאפ"  # the vav doubles after a prefix
    channels.loc["email_survey", "description_en"] = "A questionnaire sent by email"
    good = catalog.replace(channels=channels)
    findings = lint_catalog(good, glossary, ["off_glossary"])
    rows = findings[(findings["rule"] == "off_glossary") & (findings["file"] == "channels.csv")]
    places = set(zip(rows["row_id"], rows["column"], strict=True))
    assert not {("whatsapp", "label_he"), ("email_survey", "description_en")} & places


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ("שאלה בקטגוריה מיוחדת (בריאות)", "שאלה על מידע בעל רגישות מיוחדת (בריאות)"),
        ("מחלקים לפי וותק", "מחלקים לפי הוותק ולפי ותק במועדון"),
        ("נשמר עם ההתקשרות", "שינוי בפרטי ההתקשרות שלך"),
        ("זמן מחצית (ימים)", "זמן מחצית חיים (ימים)"),
    ],
)
def test_off_glossary_respects_prefixes_and_allowed_phrases(catalog, glossary, bad, good):
    def hits(text: str) -> pd.DataFrame:
        labels = {lang: dict(catalog.labels[lang]) for lang in ("en", "he")}
        labels["en"]["lint.test_label"] = "A test label"
        labels["he"]["lint.test_label"] = text
        findings = lint_catalog(catalog.replace(labels=labels), glossary, ["off_glossary"])
        return findings[
            (findings["row_id"] == "lint.test_label") & (findings["rule"] == "off_glossary")
        ]

    assert len(hits(bad)) == 1
    assert hits(good).empty


def test_latin_letters_in_hebrew_fire_except_acronyms_names_and_code(catalog, glossary):
    labels = {lang: dict(catalog.labels[lang]) for lang in ("en", "he")}
    labels["en"]["lint.test_label"] = "Open the dashboard"
    labels["he"]["lint.test_label"] = "פתחו את ה-Dashboard"
    findings = lint_catalog(catalog.replace(labels=labels), glossary)
    hits = findings[findings["row_id"] == "lint.test_label"]
    assert list(hits["rule"]) == ["latin_in_hebrew"] and "Dashboard" in hits["fix"].iloc[0]
    labels["he"]["lint.test_label"] = "סקר SMS, קוד QR ו-Wi-Fi ל-{value}; הפעילו `make run`"
    findings = lint_catalog(catalog.replace(labels=labels), glossary)
    assert findings[findings["row_id"] == "lint.test_label"].empty


def test_every_rule_has_a_description_in_both_languages(catalog):
    for rule in RULES:
        en, he = rule_description(catalog, rule, "en"), rule_description(catalog, rule, "he")
        assert en != rule and he != rule and en != he, rule
    with pytest.raises(KeyError, match="unknown lint rule"):
        rule_description(catalog, "no_such_rule")


def test_the_glossary_rejects_a_variant_that_is_another_concepts_term():
    table = pd.DataFrame(
        [
            {"concept_id": "a", "term_en": "email", "term_he": "מייל", "avoid_he": "אימייל",
             "avoid_en": "", "note": ""},
            {"concept_id": "b", "term_en": "text", "term_he": "אימייל", "avoid_he": "",
             "avoid_en": "", "note": ""},
        ]
    )  # fmt: skip
    with pytest.raises(GlossaryError, match="avoid_he 'אימייל' is the term of b"):
        glossary_from_frame(table)
    with pytest.raises(GlossaryError, match="missing column"):
        glossary_from_frame(table.drop(columns=["avoid_en"]))


def test_the_shipped_glossary_has_one_row_per_concept():
    glossary = load_glossary()
    table = glossary.table
    # a glossary, not a dictionary: the bound catches another file read in its place; it grew
    # past 50 with the review rounds' language endonyms and «באינטרנט» (rounds 34-35)
    assert 20 <= len(table) <= 80
    assert table["concept_id"].is_unique
    assert (table["term_he"].str.strip() != "").all() and (table["term_en"].str.strip() != "").all()
    row = table.set_index("concept_id").loc["special_sensitivity"]
    assert row["term_he"] == "מידע בעל רגישות מיוחדת"
    assert table.set_index("concept_id").loc["zero_party_data", "term_he"] == "דאטה מצד אפס"


def test_shipped_catalog_has_no_sensitive_question_without_prefer_not_to_say(catalog, glossary):
    """Every high or special question with options offers «Prefer not to say» in both languages
    (issue 13); a rule asserted zero as soon as the catalog met it."""
    findings = lint_catalog(catalog, glossary, ["no_prefer_not_to_say"])
    assert findings["row_id"].tolist() == []
    sensitive = catalog.questions["sensitivity"].isin(["high", "special"])
    assert sensitive.sum() >= 80, "the rule ran over the sensitive questions"


def test_shipped_catalog_has_no_slash_form_and_no_term_off_the_glossary(catalog, glossary):
    """The Hebrew editing pass of issue 13: no gendered slash form (בוחר/ת) and no variant the
    glossary rules out («התקשרות» for the engagement, «קטגוריה מיוחדת», «WhatsApp» in Hebrew...),
    in any catalog, label or message."""
    findings = lint_catalog(catalog, glossary, ["slash_form", "off_glossary"])
    assert findings[["file", "row_id", "column", "excerpt"]].values.tolist() == []
    # the rules did read the Hebrew: the bank, the labels and the messages are all there
    assert len(catalog.questions) > 400 and len(catalog.labels["he"]) > 400
    assert catalog.labels["he"]["page.engagement"] == "פרויקט"


def test_the_glossary_file_has_as_many_fields_in_every_row_as_in_its_header():
    """An unquoted comma in a note shifts the row (the catalog's reader would silently cut it)."""
    text = (default_catalog_dir() / "glossary.csv").read_text(encoding="utf-8-sig")
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    widths = {r[0]: len(r) for r in rows[1:] if len(r) != len(rows[0])}
    assert widths == {}
    assert len(rows) > 30


def test_the_shipped_catalog_is_lint_clean(catalog, glossary):
    """Every rule holds on every catalog file the product ships (issue 13's bar)."""
    findings = lint_catalog(catalog, glossary)
    assert tuple(findings.columns) == FINDING_COLUMNS
    assert findings.empty, findings[["file", "row_id", "rule", "excerpt"]].head(20).to_string()


def test_a_source_may_cite_a_name_in_latin_only_where_its_english_cites_it(catalog, glossary):
    sources = catalog.sources.copy()
    sid = sources.index[0]
    sources.at[sid, "figure_en"] = "Survox (Quirk's) reported 13%."
    sources.at[sid, "figure_he"] = "לפי Survox ב-Quirk's: ‏13%."
    cited = lint_catalog(catalog.replace(sources=sources), glossary, ["latin_in_hebrew"])
    assert cited.empty
    sources.at[sid, "figure_he"] = "לפי Survox ב-Quirk's: ‏13% response."
    loose = lint_catalog(catalog.replace(sources=sources), glossary, ["latin_in_hebrew"])
    assert list(loose["excerpt"].str.contains("response")) == [True]


# --- the command line ---------------------------------------------------------------------------


def _catalog_with_slash_form(tmp_path: Path) -> Path:
    """A catalog folder whose questions.csv (a copy of the shipped one) has one slash form."""
    text = (default_catalog_dir() / "questions.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    for row in rows[1:]:
        if row and row[header.index("question_id")] == QID:
            row[header.index("text_he")] = "איך היית מתאר/ת את הדרך לפנות אליך?"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (tmp_path / "questions.csv").write_text(out.getvalue(), encoding="utf-8")
    return tmp_path


def test_cli_exits_1_on_findings_and_writes_them_as_csv(tmp_path, capsys):
    folder = _catalog_with_slash_form(tmp_path)
    assert main(["--catalog", str(folder), "catalog", "lint", "--rule", "slash_form"]) == 1
    printed = capsys.readouterr().out
    assert printed.startswith("slash_form (") and QID in printed and "מתאר/ת" in printed
    assert "off_glossary" not in printed
    out = tmp_path / "findings.csv"
    code = main(["--catalog", str(folder), "catalog", "lint", "--rule", "slash_form", "--csv",
                 str(out)])  # fmt: skip
    assert code == 1
    written = pd.read_csv(out, dtype=str)
    assert tuple(written.columns) == FINDING_COLUMNS
    assert set(written["rule"]) == {"slash_form"}
    assert QID in set(written["row_id"])


def test_cli_exits_0_when_the_rule_finds_nothing(tmp_path, capsys):
    # a glossary whose only avoided term appears nowhere: the glossary rule has nothing to say
    (tmp_path / "glossary.csv").write_text(
        "concept_id,term_en,term_he,avoid_he,avoid_en,note\n"
        "xylophone,xylophone,קסילופון,קסילפון,xylofone,a term no catalog uses\n",
        encoding="utf-8",
    )
    assert main(["--catalog", str(tmp_path), "catalog", "lint", "--rule", "off_glossary"]) == 0
    assert capsys.readouterr().out.strip() == "(0 findings)"


def test_cli_reports_a_broken_glossary_and_a_misplaced_option(tmp_path, capsys):
    (tmp_path / "glossary.csv").write_text("concept_id,term_en\nx,y\n", encoding="utf-8")
    assert main(["--catalog", str(tmp_path), "catalog", "lint"]) == 2
    assert "missing column(s) term_he" in capsys.readouterr().err
    assert main(["catalog", "topics", "--rule", "slash_form"]) == 2
    assert "catalog lint" in capsys.readouterr().err


# --- the house style's mechanical rules (issue 13's second review) ------------------------------


def test_missing_purpose_fires_on_a_question_without_a_notice(catalog, glossary):
    bad = catalog.replace(questions=_questions(catalog, purpose_en="", purpose_he=""))
    hits = _hits(bad, glossary, "missing_purpose", QID)
    assert list(hits["column"]) == ["purpose_en, purpose_he"]
    assert _hits(catalog, glossary, "missing_purpose", QID).empty


def test_multi_choice_hint_fires_where_the_text_does_not_say_how_many(catalog, glossary):
    multi = catalog.questions.index[catalog.questions["answer_type"] == "multi_choice"][0]
    text_en = catalog.questions.at[multi, "text_en"]
    text_he = catalog.questions.at[multi, "text_he"]
    bare_en = text_en.split(" (")[0]
    bad = catalog.replace(questions=_questions(catalog, multi, text_en=bare_en))
    hits = _hits(bad, glossary, "multi_choice_hint", multi)
    assert list(hits["column"]) == ["text_en"]
    grid = catalog.replace(
        questions=_questions(
            catalog, multi, text_en=f"{bare_en} (Choose one for each row.)",
            text_he=text_he.split(" (")[0] + " (בחרו תשובה אחת בכל שורה.)",
        )
    )  # fmt: skip
    assert _hits(grid, glossary, "multi_choice_hint", multi).empty


@pytest.mark.parametrize(
    "singular, plural",
    [
        ("מה הכי מתאים לך?", "מה הכי מתאים לכם?"),
        ("ההצעה שבחרת תישלח אליך מחר", "ההצעה שבחרתם תישלח אליכם מחר"),
        ("אם היית צריך עזרה", "אם הייתם צריכים עזרה"),
    ],
)
def test_singular_address_fires_on_the_singular_and_not_on_the_plural(
    catalog, glossary, singular, plural
):
    bad = catalog.replace(questions=_questions(catalog, text_he=singular))
    assert set(_hits(bad, glossary, "singular_address", QID)["column"]) == {"text_he"}
    good = catalog.replace(questions=_questions(catalog, text_he=plural))
    assert _hits(good, glossary, "singular_address", QID).empty
    # «תקבל», «תהיה» are also "she will receive / be": never flagged
    neutral = catalog.replace(questions=_questions(catalog, text_he="ההנהלה תקבל את הפנייה"))
    assert _hits(neutral, glossary, "singular_address", QID).empty


def test_keypad_wording_fires_outside_the_ivr_survey(catalog, glossary):
    """Panel round 12: a bank's "If yes, press 1" was planned as an agent's closing question."""
    voice = "q_telecom_switch_intent_voice"
    assert catalog.questions.at[voice, "channels"] == "ivr_survey"
    assert _hits(catalog, glossary, "keypad_outside_ivr", voice).empty
    agent = catalog.replace(
        questions=_questions(catalog, voice, channels="ivr_survey;agent_question")
    )
    [hit] = _hits(agent, glossary, "keypad_outside_ivr", voice).to_dict("records")
    assert hit["column"] == "channels" and "agent_question" in hit["fix"]
    hebrew_only = _questions(catalog, QID, channels="in_app", text_he="לאישור הקישו 1.")
    assert not _hits(
        catalog.replace(questions=hebrew_only), glossary, "keypad_outside_ivr", QID
    ).empty


def test_the_channel_sentence_is_in_the_fixed_wording_and_names_the_questions_channels(
    catalog, glossary
):
    """A plan narrows the s. 30A sentence to the channel it asks in (notice_for_channel): a
    sentence in another wording would escape it, and one naming a channel the question is never
    asked in tells the customer of a channel that will not come (q_growth_potential_02 named
    WhatsApp)."""
    assert lint_catalog(catalog, glossary, ["channel_sentence"]).empty
    lead = "We ask about your plans to offer you what fits them."
    fixed = "We ask by SMS only if you have agreed to receive marketing messages from us there."
    sms = _questions(catalog, channels="sms;in_app", purpose_en=f"{lead} {fixed}")
    assert _hits(catalog.replace(questions=sms), glossary, "channel_sentence", QID).empty
    # the same sentence for a question never asked by SMS
    app_only = _questions(catalog, channels="in_app", purpose_en=f"{lead} {fixed}")
    [hit] = _hits(catalog.replace(questions=app_only), glossary, "channel_sentence", QID).to_dict(
        "records"
    )
    assert hit["column"] == "purpose_en" and "sms is not one of them" in hit["fix"]
    # another wording of it, in Hebrew
    loose = "נשאל אתכם בהודעות רק אם הסכמתם לקבל מאיתנו דברי פרסומת בערוצים האלה."
    other = _questions(catalog, channels="sms", purpose_he=f"אנחנו שואלים. {loose}")
    [hit] = _hits(catalog.replace(questions=other), glossary, "channel_sentence", QID).to_dict(
        "records"
    )
    assert hit["column"] == "purpose_he" and "fixed wording" in hit["fix"]
    # one order in every notice: the channel sentence right after the offers sentence
    # (knowledge-base review 24: the two came in either order)
    offers = "We send you offers based on it only if you have agreed to receive marketing " \
        "messages from us."  # fmt: skip
    before = _questions(catalog, channels="sms;in_app", purpose_en=f"{lead} {fixed} {offers}")
    [hit] = _hits(catalog.replace(questions=before), glossary, "channel_sentence", QID).to_dict(
        "records"
    )
    assert "right after the offers sentence" in hit["fix"]
    after = _questions(catalog, channels="sms;in_app", purpose_en=f"{lead} {offers} {fixed}")
    assert _hits(catalog.replace(questions=after), glossary, "channel_sentence", QID).empty


@pytest.mark.parametrize(
    ("lang", "continuation"),
    [("en", "And in dresses?"), ("he", "ובשמלות?"), ("he", "וכמה אתם משלמים בחודש על האינטרנט?")],
)  # fmt: skip
def test_a_question_worded_as_a_continuation_must_follow_the_one_it_continues(
    catalog, glossary, lang, continuation
):
    """Panel round 17: the retailer's "And in dresses?" was asked alone on the profile page while
    the sizes it continues were asked in the app; it followed no question. (The bank's own
    continuations were reworded to stand alone by bank pass 14, house style 18, so the test
    words one itself.)"""
    qid = "q_retail_fit_preference"
    assert catalog.questions.at[qid, "follows"], "the shipped question follows its screener"
    other = "text_he" if lang == "en" else "text_en"
    alone = {other: "Which size do you wear?" if lang == "he" else "איזו מידה אתם לובשים?"}
    following = _questions(catalog, qid, **{f"text_{lang}": continuation}, **alone)
    assert _hits(catalog.replace(questions=following), glossary, "dangling_follow_up", qid).empty
    dangling = _questions(catalog, qid, follows="", skip_if="", **{f"text_{lang}": continuation},
                          **alone)  # fmt: skip
    [hit] = _hits(catalog.replace(questions=dangling), glossary, "dangling_follow_up", qid).to_dict(
        "records"
    )
    assert hit["column"] == "follows" and "set follows" in hit["fix"]
    assert hit["excerpt"] == continuation[:80]
    # worded to stand alone, it needs no screener
    dangling.loc[qid, ["text_en", "text_he"]] = ["Which size do you wear?", "איזו מידה אתם לובשים?"]
    assert _hits(catalog.replace(questions=dangling), glossary, "dangling_follow_up", qid).empty


@pytest.mark.parametrize(
    ("column", "text"),
    [("purpose_en", "Only Nofim's children's health service uses the answer."),
     ("purpose_he", "רק שירות בריאות הילד של נופים משתמש בתשובה."),
     ("text_en", "Would you like reminders for your children registered with Tavor Bank?")],
)  # fmt: skip
def test_a_sample_organisations_name_in_the_shared_catalog_is_refused(
    catalog, glossary, column, text
):
    """Knowledge-base review 4: a health question's notice said «רק שירות בריאות הילד של נופים»,
    naming the sample fund to every other client that uses the catalog."""
    assert _hits(catalog, glossary, "off_glossary", QID).empty
    named = catalog.replace(questions=_questions(catalog, QID, **{column: text}))
    hits = _hits(named, glossary, "off_glossary", QID)
    assert list(hits["column"]) == [column]
    assert hits.iloc[0]["fix"].startswith("own_name: write")


def test_a_special_notice_with_the_general_offers_sentence_is_flagged(catalog, glossary):
    """Knowledge-base review 4: "for this purpose only" then "we send you offers based on it"
    contradicts itself; a special notice keeps offers within its purpose."""
    qid = "q_credit_cards_main_card_daily"
    assert catalog.questions.at[qid, "sensitivity"] == "special"
    assert _hits(catalog, glossary, "special_offers", qid).empty
    for lang in ("en", "he"):
        own = str(catalog.questions.at[qid, f"purpose_{lang}"])
        general = own.replace(SPECIAL_OFFERS_SENTENCE[lang], OFFERS_SENTENCE[lang])
        assert general != own
        bad = catalog.replace(questions=_questions(catalog, qid, **{f"purpose_{lang}": general}))
        [hit] = _hits(bad, glossary, "special_offers", qid).to_dict("records")
        assert hit["column"] == f"purpose_{lang}"
        assert SPECIAL_OFFERS_SENTENCE[lang] in hit["fix"]
    # the same sentence in a question of ordinary sensitivity is what it should say
    plain = "q_credit_cards_reward_categories"
    assert catalog.questions.at[plain, "sensitivity"] != "special"
    assert OFFERS_SENTENCE["en"] in str(catalog.questions.at[plain, "purpose_en"])
    assert _hits(catalog, glossary, "special_offers", plain).empty


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_notice_that_does_not_say_what_not_answering_means_is_flagged(catalog, glossary, lang):
    """Knowledge-base review 4: five of 25 notices did not say what happens if the customer does
    not answer (s. 11 as amended by Amendment 13); every shipped notice now says it."""
    assert _hits(catalog, glossary, "no_answer_clause", QID).empty
    own = str(catalog.questions.at[QID, f"purpose_{lang}"])
    clause = {"en": "; if you do not answer, nothing changes in your service",
              "he": "; אם לא תענו, דבר לא ישתנה בשירות שאתם מקבלים מאיתנו"}[lang]  # fmt: skip
    assert clause in own
    silent = catalog.replace(
        questions=_questions(catalog, QID, **{f"purpose_{lang}": own.replace(clause, "")})
    )
    [hit] = _hits(silent, glossary, "no_answer_clause", QID).to_dict("records")
    assert hit["column"] == f"purpose_{lang}" and "if you do not answer" in hit["fix"]
    # an industry's notice is held to it too
    row = catalog.offers.index[catalog.offers["purpose_en"].astype(str) != ""][0]
    offers = catalog.offers.copy()
    offers.loc[row, f"purpose_{lang}"] = "We ask X to do Y."
    qid, industry = offers.loc[row, "question_id"], offers.loc[row, "industry"]
    found = _hits(catalog.replace(offers=offers), glossary, "no_answer_clause", f"{qid}/{industry}",
                  file="offers.csv")  # fmt: skip
    assert list(found["column"]) == [f"purpose_{lang}"]


def test_an_industry_row_for_an_industry_the_question_is_not_tagged_for_is_flagged(
    catalog, glossary
):
    """Knowledge-base review 4: 64 rows of offers.csv wrote offers and notices for industries
    their question does not list; no plan read them, a reviewer did."""
    qid = "q_life_stage_04"  # banking and insurance, with an insurer's row
    assert set(catalog.questions.at[qid, "industries"].split(";")) == {"banking", "insurance"}
    assert _hits(catalog, glossary, "offer_for_untagged_industry", f"{qid}/insurance",
                 file="offers.csv").empty  # fmt: skip
    narrowed = _questions(catalog, qid, industries="banking")
    [hit] = _hits(catalog.replace(questions=narrowed), glossary, "offer_for_untagged_industry",
                  f"{qid}/insurance", file="offers.csv").to_dict("records")  # fmt: skip
    assert hit["column"] == "industry" and "delete the row" in hit["fix"]
    # a question for every industry may have any industry's row
    everyone = _questions(catalog, qid, industries="all")
    assert _hits(catalog.replace(questions=everyone), glossary, "offer_for_untagged_industry",
                 f"{qid}/insurance", file="offers.csv").empty  # fmt: skip


def test_an_insurer_offers_its_own_pension_marketing_agent_not_an_adviser(catalog):
    """Knowledge-base review 4: an insurer's staff market pensions (Pension Advice, Marketing and
    Clearing System Law, 2005); "a licensed pension adviser" is a bank's, independent of funds."""
    from zpd_assess.planning.pool import question_pool

    insurer = question_pool(catalog, industry="insurance")
    bank = question_pool(catalog, industry="banking")
    for qid in ("q_life_stage_04", "q_insurance_retirement_age", "q_insurance_pension_payout"):
        row = insurer.loc[qid]
        for column in ("value_exchange_en", "purpose_en"):
            assert "pension adviser" not in row[column], (qid, column)
        assert "licensed pension marketer of ours" in row["value_exchange_en"]
        # «בעל רישיון מטעמנו» read as a licence we issued (knowledge-base review 8)
        assert "משווק פנסיוני מטעמנו (בעל רישיון)" in row["value_exchange_he"]
    assert "licensed pension adviser" in bank.at["q_life_stage_04", "value_exchange_en"]


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_typed_answer_without_the_caution_is_flagged(catalog, glossary, lang):
    """Knowledge-base review 4: "other (specify)" fields whose notice did not ask the customer to
    leave out sensitive details and other people's details."""
    typed = catalog.questions[catalog.questions["other_specify"].astype(str) != ""]
    qid = str(typed.index[0])
    assert _hits(catalog, glossary, "free_text_caution", qid).empty
    own = str(catalog.questions.at[qid, f"purpose_{lang}"])
    assert FREE_TEXT_CAUTION[lang] in own
    silent = _questions(
        catalog, qid, **{f"purpose_{lang}": own.replace(FREE_TEXT_CAUTION[lang], "")}
    )
    [hit] = _hits(catalog.replace(questions=silent), glossary, "free_text_caution", qid).to_dict(
        "records"
    )
    assert hit["column"] == f"purpose_{lang}" and FREE_TEXT_CAUTION[lang] in hit["fix"]
    # a closed list asks for no typing: no caution needed
    closed = _questions(catalog, QID, **{f"purpose_{lang}": "We ask X to do Y."})
    assert catalog.questions.at[QID, "other_specify"] == ""
    assert _hits(catalog.replace(questions=closed), glossary, "free_text_caution", QID).empty


@pytest.mark.parametrize(
    ("lang", "scope"), [("en", "If you choose Other, "), ("he", "אם תבחרו «אחר», ")]
)
def test_the_stock_caution_may_be_scoped_to_the_other_option(catalog, glossary, lang, scope):
    """Bank pass 11: "If you choose Other, please do not include …" is the stock caution said
    where it applies; the scripts say it as written."""
    typed = catalog.questions[catalog.questions["other_specify"].astype(str) != ""]
    qid = str(typed.index[0])
    own = str(catalog.questions.at[qid, f"purpose_{lang}"])
    stock = FREE_TEXT_CAUTION[lang]
    scoped = scope + (stock[0].lower() + stock[1:] if lang == "en" else stock)
    edited = _questions(catalog, qid, **{f"purpose_{lang}": own.replace(stock, scoped)})
    assert _hits(catalog.replace(questions=edited), glossary, "free_text_caution", qid).empty
    assert notices.free_text_caution(own.replace(stock, scoped), lang) == scoped
    # a scope alone, without the stock words, is no caution
    vague = own.replace(stock, scope + "keep it short.")
    hits = _hits(catalog.replace(questions=_questions(catalog, qid, **{f"purpose_{lang}": vague})),
                 glossary, "free_text_caution", qid)  # fmt: skip
    assert len(hits) == 1


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_notice_read_in_a_game_without_the_contest_sentence_is_flagged(catalog, glossary, lang):
    """Knowledge-base review 8: two industry rows of a gamification question wrote their own
    notice and dropped "answering is not a condition of taking part"; a row replaces the notice
    whole, so the rule reads the question's rows and each industry row on its own channels."""
    from zpd_assess.lint import CONTEST_SENTENCE

    games = catalog.questions[
        catalog.questions["channels"].astype(str).str.contains("gamification")
    ]
    qid = str(games.index[0])
    own = str(catalog.questions.at[qid, f"purpose_{lang}"])
    assert CONTEST_SENTENCE[lang] in own and _hits(catalog, glossary, "contest_sentence", qid).empty
    silent = _questions(
        catalog, qid, **{f"purpose_{lang}": own.replace(CONTEST_SENTENCE[lang], "")}
    )
    [hit] = _hits(catalog.replace(questions=silent), glossary, "contest_sentence", qid).to_dict(
        "records"
    )
    assert hit["column"] == f"purpose_{lang}" and CONTEST_SENTENCE[lang] in hit["fix"]
    # the same notice without the sentence is fine for a question never asked in a game
    quiet = _questions(catalog, qid, channels="in_app;email_survey",
                       **{f"purpose_{lang}": own.replace(CONTEST_SENTENCE[lang], "")})  # fmt: skip
    assert _hits(catalog.replace(questions=quiet), glossary, "contest_sentence", qid).empty
    # an industry row that writes its own notice and names gamification among its channels
    offers = catalog.offers.copy()
    row = offers.index[offers["purpose_en"].astype(str) != ""][0]
    key = f"{offers.at[row, 'question_id']}/{offers.at[row, 'industry']}"
    offers.at[row, "channels"] = "gamification"
    offers.at[row, "channel_list"] = ("gamification",)
    offers.at[row, f"purpose_{lang}"] = str(offers.at[row, f"purpose_{lang}"]).replace(
        CONTEST_SENTENCE[lang], ""
    )
    assert not _hits(catalog.replace(offers=offers), glossary, "contest_sentence", key,
                     file="offers.csv").empty  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "he"])
def test_an_offer_that_ends_with_a_full_stop_is_flagged(catalog, glossary, lang):
    """Knowledge-base review 8: some offers ended with a full stop, most did not; an offer is a
    label beside the question."""
    own = str(catalog.questions.at[QID, f"value_exchange_{lang}"])
    assert not own.endswith(".") and _hits(catalog, glossary, "offer_full_stop", QID).empty
    stopped = _questions(catalog, QID, **{f"value_exchange_{lang}": own + "."})
    [hit] = _hits(catalog.replace(questions=stopped), glossary, "offer_full_stop", QID).to_dict(
        "records"
    )
    assert hit["column"] == f"value_exchange_{lang}"
    # a full stop inside the label (an abbreviation, a price) is no closing stop
    inside = _questions(catalog, QID, **{f"value_exchange_{lang}": "₪2.50 off, e.g. on coffee"})
    assert _hits(catalog.replace(questions=inside), glossary, "offer_full_stop", QID).empty


@pytest.mark.parametrize(
    ("written", "fix_says"),
    [
        ("נשלח לכם „הצעה אישית“ במייל", "«…»"),
        ('נשלח לכם "הצעה אישית" במייל', "«…»"),
        ("נחזור אליכם תוך יום עסקים", "«בתוך»"),
        ("לפי חוק שירות מידע פיננסי, התשפ״ב–2021", "hyphen"),
    ],
)
def test_hebrew_typography_off_the_house_style_is_flagged(catalog, glossary, written, fix_says):
    """Knowledge-base review 15: four quotation styles in customer text, «תוך» beside «בתוך» in
    one question, and a dash before a statute's year."""
    assert _hits(catalog, glossary, "hebrew_typography", QID).empty
    edited = _questions(catalog, QID, value_exchange_he=written)
    [hit] = _hits(catalog.replace(questions=edited), glossary, "hebrew_typography", QID).to_dict(
        "records"
    )
    assert hit["column"] == "value_exchange_he" and fix_says in hit["fix"]


@pytest.mark.parametrize(
    "written",
    ["נחזור אליכם בתוך יום עסקים", "נשלח לכם «הצעה אישית» תוך כדי השיחה", "עמלה בש״ח מתוך החשבון",
     "לפי חוק שירות מידע פיננסי, התשפ״ב-2021"],
)  # fmt: skip
def test_hebrew_typography_in_the_house_style_is_not_flagged(catalog, glossary, written):
    edited = _questions(catalog, QID, value_exchange_he=written)
    assert _hits(catalog.replace(questions=edited), glossary, "hebrew_typography", QID).empty


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ("עדיין לא ברור", "עוד לא ברור"),
        ("עוד לא יודעים", "עוד לא ברור"),
        ("לא ידוע לי", "לא יודעים"),
        ("כבר בפנסיה", "כבר פרשתי"),
    ],
)
def test_non_answer_options_have_one_wording(catalog, glossary, bad, good):
    """Knowledge-base review 8: "not sure yet" had four Hebrew forms in one sample and "already
    retired" two; the glossary fixes one of each, as for «מעדיפים לא לענות»."""
    qid = "q_telecom_moving_home"
    options = str(catalog.questions.at[qid, "options_he"]).split("|")
    assert "עוד לא ברור" in options
    for label, fires in ((bad, True), (good, False)):
        changed = "|".join([*options[:-1], label])
        hits = _hits(catalog.replace(questions=_questions(catalog, qid, options_he=changed)),
                     glossary, "off_glossary", qid)  # fmt: skip
        assert (not hits.empty) is fires, label


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_special_notice_that_does_not_say_when_the_answer_is_deleted_is_flagged(
    catalog, glossary, lang
):
    """Knowledge-base review 8: low and medium notices gave deletion periods, special ones none."""
    special = catalog.questions[catalog.questions["sensitivity"] == "special"]
    qid = str(special.index[0])
    own = str(catalog.questions.at[qid, f"purpose_{lang}"])
    assert _hits(catalog, glossary, "special_retention", qid).empty
    # the notice's own deletion sentence (a period tied to what the question plans for)
    found = re.search(
        {"en": r"We delete the answer[^.]*\.", "he": r"נמחק את התשובה[^.]*\."}[lang], own
    )
    assert found, own
    sentence = found.group(0)
    silent = _questions(catalog, qid, **{f"purpose_{lang}": own.replace(sentence, "")})
    [hit] = _hits(catalog.replace(questions=silent), glossary, "special_retention", qid).to_dict(
        "records"
    )
    assert hit["column"] == f"purpose_{lang}"
    # the same notice on a medium question needs no such sentence
    medium = _questions(catalog, qid, sensitivity="medium", sensitivity_category="",
                        **{f"purpose_{lang}": own.replace(sentence, "")})  # fmt: skip
    assert _hits(catalog.replace(questions=medium), glossary, "special_retention", qid).empty
    # "when we no longer need it" names no period (review 12, GDPR Art. 13(2)(a))
    vague = {
        "en": "We delete the answer if you withdraw your consent, and when we no longer need it "
        "for this purpose.",
        "he": "נמחק את התשובה אם תבטלו את ההסכמה, וכשלא נזדקק לה עוד למטרה הזאת.",
    }[lang]
    unbounded = _questions(catalog, qid, **{f"purpose_{lang}": own.replace(sentence, vague)})
    [hit] = _hits(catalog.replace(questions=unbounded), glossary, "special_retention",
                  qid).to_dict("records")  # fmt: skip
    assert "12" in hit["fix"]


def test_every_special_notice_names_a_deletion_period(catalog, glossary):
    """Bank-wide sensitivity pass (2026-12-05): every special item's notice, its own and its
    industries', names a period or the event that ends the need."""
    special = catalog.questions[catalog.questions["sensitivity"] == "special"]
    assert len(special) >= 150
    found = lint_catalog(catalog, glossary, ["special_retention"])
    assert found.empty, found.head()
    periods = special["purpose_en"].str.extract(r"We delete the answer ([^.]*)\.")[0]
    assert periods.notna().all()
    assert periods.str.contains("no longer need it for this purpose$").sum() == 0


def test_a_household_question_may_scope_its_other_instead_of_the_stock_caution(catalog, glossary):
    """Knowledge-base review 12: "or other people's details" contradicts a question about the
    household; its "other" asks for the activity only, without sensitive details or names."""
    # the same scoped sentence (the insurer's household activity lost its free text in round 39)
    qid = "q_leisure_preferences_04"
    assert catalog.questions.at[qid, "other_specify"]
    assert _hits(catalog, glossary, "free_text_caution", qid).empty
    own = str(catalog.questions.at[qid, "purpose_en"])
    scoped = "with no medical or other sensitive details and no names"
    assert scoped in own
    sentence = "If you choose Other, describe the activity only, " + scoped + "."
    assert sentence in own
    told = own.replace(sentence, "If you choose Other, tell us.")
    bare = _questions(catalog, qid, purpose_en=told)
    [hit] = _hits(catalog.replace(questions=bare), glossary, "free_text_caution", qid).to_dict(
        "records"
    )
    assert hit["column"] == "purpose_en"


def test_a_follow_up_less_sensitive_than_its_screener_is_flagged(catalog, glossary):
    """Knowledge-base review 9: a follow-up asked only after some answers to a special screener
    (an engine for the car replaced within a year) tells those answers, so it takes the
    screener's level."""
    qid = "q_transport_preferences_02"
    screener = str(catalog.questions.at[qid, "follows"])
    assert catalog.questions.at[screener, "sensitivity"] == "special"
    assert _hits(catalog, glossary, "follow_up_sensitivity", qid).empty
    lowered = _questions(catalog, qid, sensitivity="low", sensitivity_category="")
    [hit] = _hits(catalog.replace(questions=lowered), glossary, "follow_up_sensitivity",
                  qid).to_dict("records")  # fmt: skip
    assert hit["column"] == "sensitivity" and "special" in hit["fix"]
    # a question that follows nothing is held to nothing here
    alone = _questions(
        catalog, qid, sensitivity="low", sensitivity_category="", follows="", skip_if=""
    )
    assert _hits(catalog.replace(questions=alone), glossary, "follow_up_sensitivity", qid).empty


def test_a_follow_up_led_to_by_ordinary_answers_keeps_its_level_only_by_a_recorded_decision(
    catalog, glossary
):
    """Knowledge-base round 33: the young driver's licence date is asked only after «A child's
    driving licence», an answer that reveals none of the special categories the screener's other
    answers can (a change in the family, health, finances). The recorded decision holds only for
    the exact answers that lead to the follow-up, and never for an answer naming a category."""
    qid = "q_insurance_young_driver_licence"
    screener = str(catalog.questions.at[qid, "follows"])
    assert catalog.questions.at[screener, "sensitivity"] == "special"
    assert catalog.questions.at[qid, "sensitivity"] == "medium"
    assert _hits(catalog, glossary, "follow_up_sensitivity", qid).empty
    # without the decision, the level is the screener's
    terms = load_option_terms()
    undecided = replace(terms, follow_ups=tuple(f for f in terms.follow_ups if f[0] != qid))
    findings = lint_catalog(catalog, glossary, ["follow_up_sensitivity"], option_terms=undecided)
    [hit] = findings[findings["row_id"] == qid].to_dict("records")
    assert "child_driving_licence" in hit["fix"] and "sensitivity_follow_up_decisions" in hit["fix"]
    # a wider skip condition (asked after a change in the family too) voids the decision
    questions = catalog.questions.copy()
    questions.at[qid, "skip_if_codes"] = [
        c for c in questions.at[qid, "skip_if_codes"] if c != "change_family"
    ]
    assert (
        len(_hits(catalog.replace(questions=questions), glossary, "follow_up_sensitivity", qid))
        == 1
    )
    # an answer that leads to it and names a category (a pregnancy) is never cleared
    questions = catalog.questions.copy()
    labels = list(questions.at[screener, "options_en_list"])
    codes = list(questions.at[screener, "option_code_list"])
    labels[codes.index("child_driving_licence")] = "A pregnancy in the family"
    questions.at[screener, "options_en_list"] = labels
    [hit] = _hits(catalog.replace(questions=questions), glossary, "follow_up_sensitivity",
                  qid).to_dict("records")  # fmt: skip
    assert "pregnancy" in hit["excerpt"] and "raise it to special" in hit["fix"]


def test_every_recorded_follow_up_decision_matches_the_catalog(catalog):
    """A decision names a follow-up of its screener at the level the follow-up carries: a
    stale row (the question regraded, the skip condition changed) is removed, not kept."""
    q = catalog.questions
    terms = load_option_terms()
    assert terms.follow_ups, "the reviewed follow-up decisions are recorded"
    for qid, screener, asked_after, level in terms.follow_ups:
        assert q.at[qid, "follows"] == screener, qid
        assert q.at[qid, "sensitivity"] == level, qid
        led = {c for c in q.at[screener, "option_code_list"] if c not in q.at[qid, "skip_if_codes"]}
        assert led == set(asked_after), (qid, sorted(led))


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_s30a_sentence_follows_the_purpose_not_the_channel_list(catalog, glossary, lang):
    """Knowledge-base review 13: a service message (the answer is not used for marketing) needs
    no marketing consent, so it carries no s. 30A sentence; a question whose answer feeds offers,
    asked by SMS, WhatsApp or email, carries it."""
    from zpd_assess.notices import NO_MARKETING_SENTENCE, OFFERS_SENTENCE, channel_sentences

    q = catalog.questions
    service = next(
        str(i)
        for i, row in q.iterrows()
        if NO_MARKETING_SENTENCE[lang] in row[f"purpose_{lang}"] and "sms" in row["channel_list"]
    )
    commercial = next(
        str(i)
        for i, row in q.iterrows()
        if OFFERS_SENTENCE[lang] in row[f"purpose_{lang}"]
        and channel_sentences(row[f"purpose_{lang}"], lang)
        and "sms" in row["channel_list"]
    )
    assert _hits(catalog, glossary, "channel_sentence", service).empty
    assert _hits(catalog, glossary, "channel_sentence", commercial).empty
    sentence = {
        "en": "We ask by SMS only if you have agreed to receive marketing messages from us there.",
        "he": "נשאל אתכם ב-SMS רק אם הסכמתם לקבל מאיתנו דברי פרסומת בערוץ הזה.",
    }[lang]
    own = str(q.at[service, f"purpose_{lang}"])
    added = _questions(catalog, service, **{f"purpose_{lang}": f"{own} {sentence}"})
    [hit] = _hits(catalog.replace(questions=added), glossary, "channel_sentence",
                  service).to_dict("records")  # fmt: skip
    assert "service message" in hit["fix"]
    notice = str(q.at[commercial, f"purpose_{lang}"])
    bare = notice
    for found, _ in channel_sentences(notice, lang):
        bare = bare.replace(f" {found}", "")
    dropped = _questions(catalog, commercial, **{f"purpose_{lang}": bare})
    [hit] = _hits(catalog.replace(questions=dropped), glossary, "channel_sentence",
                  commercial).to_dict("records")  # fmt: skip
    assert "feeds offers" in hit["fix"]


def test_no_service_message_in_the_bank_asks_for_marketing_consent(catalog):
    from zpd_assess.notices import NO_MARKETING_SENTENCE, channel_sentences

    rows = [*catalog.questions.itertuples(), *catalog.offers.itertuples()]
    service = [r for r in rows if NO_MARKETING_SENTENCE["en"] in str(r.purpose_en)]
    assert len(service) >= 60
    assert not [r.question_id for r in service if channel_sentences(str(r.purpose_en), "en")]


# --- option_reveals_special ----------------------------------------------------------------------

_LANGS_EN = "In Hebrew|In Russian|No preference"
_LANGS_HE = "בעברית|ברוסית|אין העדפה"


def test_an_option_that_names_a_language_is_origin_data_the_item_does_not_carry(catalog, glossary):
    """Knowledge-base round 20: a TV-pack list's "Russian-language channels" made a low item
    reveal origin. The rule reads every option in both languages (a Hebrew word may carry its
    prefix letters: «ברוסית»)."""
    bad = catalog.replace(questions=_questions(catalog, options_en=_LANGS_EN, options_he=_LANGS_HE))
    hits = _hits(bad, glossary, "option_reveals_special", QID)
    assert len(hits) == 1 and "origin_ethnicity" in hits["fix"].iloc[0]
    assert hits["excerpt"].iloc[0] == "In Russian (Russian)"
    other = "In Hebrew|In another language|No preference"
    only_he = catalog.replace(questions=_questions(catalog, options_en=other, options_he=_LANGS_HE))
    assert len(_hits(only_he, glossary, "option_reveals_special", QID)) == 1


def test_a_carried_category_or_a_recorded_decision_clears_the_option(catalog, glossary):
    cells = {"options_en": _LANGS_EN, "options_he": _LANGS_HE}
    graded = catalog.replace(
        questions=_questions(
            catalog, sensitivity="special", sensitivity_category="origin_ethnicity", **cells
        )
    )
    assert _hits(graded, glossary, "option_reveals_special", QID).empty
    bad = catalog.replace(questions=_questions(catalog, **cells))
    terms = load_option_terms()
    decided = replace(terms, decisions=terms.decisions | {(QID, "origin_ethnicity")})
    findings = lint_catalog(bad, glossary, ["option_reveals_special"], option_terms=decided)
    assert QID not in set(findings["row_id"])


def test_a_word_inside_another_word_is_not_a_term(catalog, glossary):
    """«חוב» (debt) is not «חובה» (compulsory): «ביטוח חובה» is car insurance, not a debt."""
    cells = {"options_en": "Compulsory car insurance|None", "options_he": "ביטוח חובה לרכב|אף אחד"}
    fine = catalog.replace(questions=_questions(catalog, **cells))
    assert _hits(fine, glossary, "option_reveals_special", QID).empty
    cells = {"options_en": "Paying off a debt|None", "options_he": "סגירת חוב|אף אחד"}
    debt = catalog.replace(questions=_questions(catalog, **cells))
    assert len(_hits(debt, glossary, "option_reveals_special", QID)) == 1


def test_every_recorded_option_decision_names_a_question_and_a_category(catalog):
    terms = load_option_terms()
    assert terms.decisions, "the reviewed decisions are recorded"
    # a term's category must be one of the table's, or the rule could never clear it
    assert {category for category, *_ in terms.patterns} <= set(catalog.sensitivity.index)
    for qid, category in terms.decisions:
        assert qid in catalog.questions.index, qid
        assert category in catalog.sensitivity.index, (qid, category)


def _with_industry_options(catalog, qid: str, industry: str, en: str, he: str):
    offers = catalog.offers.copy()
    mask = (offers["question_id"] == qid) & (offers["industry"] == industry)
    assert mask.sum() == 1
    offers.loc[mask, "options_en"] = en
    offers.loc[mask, "options_he"] = he
    return catalog.replace(offers=offers)


def test_an_industry_rows_own_options_are_linted_as_its_questions_are(catalog, glossary):
    """The option rules read an industry's own labels too: a slash form or a missing «Prefer not
    to say» on a sensitive item is found in offers.csv, naming the row."""
    qid = "q_activity_hours_02"
    base_en = catalog.questions.at[qid, "options_en"].rsplit("|", 1)[0]
    base_he = catalog.questions.at[qid, "options_he"].rsplit("|", 1)[0]
    good = _with_industry_options(
        catalog, qid, "banking", base_en + "|I don't visit branches",
        base_he + "|לא מגיעים לסניפים",
    )  # fmt: skip
    findings = lint_catalog(good, glossary)
    assert findings[findings["file"] == "offers.csv"].empty
    slash = _with_industry_options(
        catalog, qid, "banking", base_en + "|I don't visit branches",
        base_he + "|לא מגיע/ה לסניפים",
    )  # fmt: skip
    assert len(_hits(slash, glossary, "slash_form", f"{qid}/banking", file="offers.csv")) == 1
    # (a list out of step with its question's answers is refused by the catalog itself)
    sensitive = good.replace(questions=_questions(good, qid, sensitivity="high"))
    base_hits = _hits(sensitive, glossary, "no_prefer_not_to_say", qid)
    row_hits = _hits(sensitive, glossary, "no_prefer_not_to_say", f"{qid}/banking", "offers.csv")
    assert len(base_hits) == 1 and len(row_hits) == 1


def test_a_purpose_sentence_the_script_lead_in_cannot_cut_fires(catalog, glossary):
    """Knowledge-base review 21: "We ask whether you would like offers from our partners." has no
    ", to" for the SMS and IVR lead-in to cut at, so the script said the whole sentence as the
    purpose; the same sentence with its purpose after a comma passes, in either language."""
    tail = " Answering is your choice; if you do not answer, nothing changes in your service."
    tail_he = " הבחירה אם לענות היא שלכם; אם לא תענו, דבר לא ישתנה בשירות שאתם מקבלים מאיתנו."
    bad = catalog.replace(
        questions=_questions(
            catalog,
            purpose_en="We ask how you would like us to address you." + tail,
            purpose_he="אנחנו שואלים איך תרצו שנפנה אליכם." + tail_he,
        )
    )
    hits = _hits(bad, glossary, "purpose_not_cut", QID)
    assert sorted(hits["column"]) == ["purpose_en", "purpose_he"]
    good = catalog.replace(
        questions=_questions(
            catalog,
            purpose_en="We ask how you would like us to address you, to write to you that way."
            + tail,
            purpose_he="אנחנו שואלים איך תרצו שנפנה אליכם, כדי לכתוב לכם כך." + tail_he,
        )
    )
    assert _hits(good, glossary, "purpose_not_cut", QID).empty


def test_an_industry_row_graded_special_is_held_to_the_special_notice_rules(catalog, glossary):
    """An industry that grades its question special for itself (offers.csv ``sensitivity``)
    writes a notice the special rules read: here one that never says when the answer is
    deleted."""
    qid = "q_concerns_05"
    offers = catalog.offers[catalog.offers["question_id"] != qid]
    row = {c: "" for c in offers.columns}
    row.update(
        question_id=qid, industry="banking", incentive_cost_ils=0.0, channel_list=(),
        sensitivity="special", sensitivity_category="financial",
        purpose_en="We ask what worries you about prices, to suggest a budget plan.",
        purpose_he="אנחנו שואלים מה מדאיג אתכם במחירים, כדי להציע תוכנית תקציב.",
    )  # fmt: skip
    graded = catalog.replace(offers=pd.concat([offers, pd.DataFrame([row])], ignore_index=True))
    hits = _hits(graded, glossary, "special_retention", f"{qid}/banking", file="offers.csv")
    assert len(hits) >= 1
    assert _hits(catalog, glossary, "special_retention", f"{qid}/banking", "offers.csv").empty


@pytest.mark.parametrize(
    ("codes", "labels", "found"),
    [
        (["yes", "no", "dont_know"], ["Yes", "No", "Not sure yet"], ["dont_know = Not sure yet"]),
        (["yes", "no", "not_sure"], ["Yes", "No", "Don't know"], ["not_sure = Don't know"]),
        (["yes", "not_decided_yet"], ["Yes", "Not sure yet"], ["not_decided_yet = Not sure yet"]),
        (["yes", "rather_not"], ["Yes", "Prefer not to say"], ["rather_not = Prefer not to say"]),
        (["yes", "not_sure"], ["Yes", "Not sure"], []),
        (["yes", "dont_know"], ["Yes", "Don't know (we'll check)"], []),
        (["yes", "prefer_not_to_say"], ["Yes", "Prefer not to say / نفضّل عدم الإجابة"], []),
    ],
)  # fmt: skip
def test_a_non_answer_has_the_banks_one_code(catalog, glossary, codes, labels, found):
    """Knowledge-base reviews 22 and 23: `dont_know` labelled "Not sure yet", `not_decided` beside
    `not_sure` for the same answer: the answers of two questions then do not pool."""
    questions = catalog.questions.copy()
    hebrew = [f"אפשרות {n}" for n in range(1, len(codes) + 1)]
    for column, value in (("option_codes", codes), ("options_en", labels), ("options_he", hebrew)):
        questions.at[QID, column] = "|".join(value)
    for column, value in (("option_code_list", codes), ("options_en_list", labels),
                          ("options_he_list", hebrew)):  # fmt: skip
        questions.at[QID, column] = value
    hits = _hits(catalog.replace(questions=questions), glossary, "non_answer_code", QID)
    assert hits["excerpt"].tolist() == found
    assert all("rename" in fix for fix in hits["fix"])


def test_spoken_forms_of_a_question_no_ivr_asks_are_found(catalog, glossary):
    """Round 25: the salary screener kept its keypad forms (script_spoken.csv) after it left the
    IVR when it was graded special; only a recording says them."""
    assert lint_catalog(catalog, glossary, ["spoken_form_unused"]).empty
    qid = "q_health_reminder_hours"
    assert qid in catalog.script_spoken
    channels = [c for c in catalog.questions.at[qid, "channel_list"] if c != "ivr_survey"]
    moved = _questions(catalog, qid, channels=";".join(channels))
    found = _hits(catalog.replace(questions=moved), glossary, "spoken_form_unused", qid,
                  "script_spoken.csv")  # fmt: skip
    [hit] = found.to_dict("records")
    assert hit["file"] == "script_spoken.csv" and "ivr_survey" in hit["fix"]


@pytest.mark.parametrize(
    ("qid", "exclusive", "options", "found"),
    [
        # a list of equals with no way out: a customer who likes none of them can only skip
        ("q_retail_favourite_colours", "", None, True),
        # the same list with its exclusive "No colour in particular"
        ("q_retail_favourite_colours", None, None, False),
        # a grid ("row: answer", rows of several answers) is answered row by row
        ("q_retail_bottoms_size", "", None, False),
        # a list where two labels explain themselves after a colon is not a grid
        ("q_retail_favourite_colours", "", {1: "Beige: sand and cream", 2: "Greys: light and dark"},
         True),
    ],
)  # fmt: skip
def test_a_multi_choice_list_has_a_way_out_unless_it_is_a_grid(
    catalog, glossary, qid, exclusive, options, found
):
    """Knowledge-base review 25: a 12-hobby list with no exclusive "None of these" left a
    customer with no listed hobby only "Other" or a skip, and a skip cannot be told from a
    drop-out."""
    assert lint_catalog(catalog, glossary, ["multi_choice_no_way_out"]).empty
    questions = catalog.questions.copy()
    if exclusive is not None:
        questions.at[qid, "exclusive_options"] = exclusive
        questions.at[qid, "exclusive_list"] = [c for c in exclusive.split(";") if c]
    if options is not None:
        labels = list(questions.at[qid, "options_en_list"])
        for position, label in options.items():
            labels[position] = label
        questions.at[qid, "options_en_list"] = labels
        questions.at[qid, "options_en"] = "|".join(labels)
    hits = _hits(catalog.replace(questions=questions), glossary, "multi_choice_no_way_out", qid)
    assert (not hits.empty) is found
    if found:
        assert "exclusive_options" in hits.iloc[0]["fix"]


@pytest.mark.parametrize(
    ("qid", "industry", "lang", "offer", "found"),
    [
        ("q_satisfaction_01", "", "en", "If you rate us 1 or 2, a team leader will call you", True),
        ("q_satisfaction_01", "", "he", "אם תדרגו אותנו 1 או 2, ראש צוות יחזור אליכם", True),
        ("q_satisfaction_01", "", "en", "If you give us a score of 0 to 6, we call you back", True),
        ("q_satisfaction_01", "", "he", "אם תבחרו 1, 2 או 3, נחזור אליכם", True),
        ("q_satisfaction_01", "", "en",
         "Whatever your rating, a call from a team leader within two business days if you ask "
         "for one after you answer", False),
        # an industry's own offer row of a rating question is read too
        ("q_satisfaction_02", "retail", "en",
         "Your rating goes to the store manager; if you rate it 1 or 2, the manager calls you",
         True),
        # not a rating: "if you choose a channel" earns what the answer asks for
        ("q_service_preferences_08", "", "en",
         "If you choose 1 channel, a written summary there after each call", False),
    ],
)  # fmt: skip
def test_an_offer_a_low_score_earns_is_found(catalog, glossary, qid, industry, lang, offer, found):
    """Knowledge-base reviews 25 and 26 (methodologist): "If you rate us 1 or 2, a team leader
    will contact you", announced before the answer, rewards low scores and biases the measure."""
    assert lint_catalog(catalog, glossary, ["offer_depends_on_rating"]).empty
    column = f"value_exchange_{lang}"
    if industry:
        offers = catalog.offers.copy()
        row = (offers["question_id"] == qid) & (offers["industry"] == industry)
        assert row.sum() == 1
        offers.loc[row, column] = offer
        changed = catalog.replace(offers=offers)
        row_id, file = f"{qid}/{industry}", "offers.csv"
    else:
        changed = catalog.replace(questions=_questions(catalog, qid, **{column: offer}))
        row_id, file = qid, "questions.csv"
    hits = _hits(changed, glossary, "offer_depends_on_rating", row_id, file)
    assert (not hits.empty) is found


def test_an_ivr_single_choice_with_more_answers_than_keys_is_found(catalog, glossary):
    """Knowledge-base round 31 (method): the IVR asked a health fund's 12 languages and said
    "press 10", "press 11", "press 12", which a one-key menu cannot take."""
    qid = "q_health_spoken_language"
    assert "ivr_survey" not in catalog.questions.at[qid, "channels"]
    assert len(catalog.questions.at[qid, "option_code_list"]) > 9
    assert _hits(catalog, glossary, "ivr_too_many_keys", qid).empty
    in_ivr = _questions(catalog, qid, channels="in_app;ivr_survey")
    [hit] = _hits(catalog.replace(questions=in_ivr), glossary, "ivr_too_many_keys", qid).to_dict(
        "records"
    )
    assert hit["column"] == "channels" and "remove ivr_survey" in hit["fix"]
    # a multiple choice is asked one yes-or-no per option: any length fits the keypad
    many = _questions(catalog, qid, channels="in_app;ivr_survey", answer_type="multi_choice")
    assert _hits(catalog.replace(questions=many), glossary, "ivr_too_many_keys", qid).empty


@pytest.mark.parametrize(
    ("cells", "found"),
    [
        ({}, False),  # the bank's own: marked a commitment
        ({"commitment": False}, True),  # "Another clinic: please call me to arrange it"
        (
            {
                "commitment": False,
                "options_en": "My usual clinic|The nearest clinic|Whichever has the earliest "
                "appointment|Prefer not to say",
            },
            False,
        ),
        ({"commitment": False, "value_exchange_en": "A nurse will call you to book it"}, True),
    ],
)
def test_a_promised_call_is_a_commitment(catalog, glossary, cells, found):
    """Knowledge-base round 31 (method): "Another clinic: please call me" promises a call the
    client must staff, on a question not marked a commitment, so no roadmap or budget counts it."""
    qid = "q_health_preferred_clinic"
    assert catalog.questions.at[qid, "commitment"]
    assert "call me" in catalog.questions.at[qid, "options_en"]
    changed = catalog.replace(questions=_questions(catalog, qid, **cells))
    hits = _hits(changed, glossary, "call_promise_not_commitment", qid)
    assert (not hits.empty) is found
    if found:
        assert hits.iloc[0]["column"] == "commitment" and "set commitment" in hits.iloc[0]["fix"]


def test_a_follow_up_offered_where_its_screener_is_not_asked_is_flagged(catalog, glossary):
    """Knowledge-base round 38: the trip length was offered by SMS, where its screener («Are you
    planning a trip abroad?») is not asked for a card issuer, and the reviewer read it as an SMS
    sent alone to people with no trip. The planner never sends a follow-up without its screener,
    so such a channel only misleads: the catalog offers a follow-up only where its screener is."""
    qid = "q_credit_cards_trip_length"
    screener = str(catalog.questions.at[qid, "follows"])
    assert "sms" not in catalog.questions.at[qid, "channel_list"]
    assert _hits(catalog, glossary, "follow_up_channel", qid).empty
    questions = catalog.questions.copy()
    channels = [*questions.at[qid, "channel_list"], "sms"]
    questions.at[qid, "channel_list"], questions.at[qid, "channels"] = channels, ";".join(channels)
    [hit] = _hits(catalog.replace(questions=questions), glossary, "follow_up_channel",
                  qid).to_dict("records")  # fmt: skip
    assert hit["column"] == "channels" and hit["excerpt"].startswith("credit_cards: sms ")
    assert screener in hit["fix"]
    # a screener the industry never asks leaves its follow-up unaskable there
    questions = catalog.questions.copy()
    questions.at[qid, "follows"] = "q_telecom_device_replacement_timing"
    questions.at[qid, "skip_if"], questions.at[qid, "skip_if_codes"] = "", []
    [hit] = _hits(catalog.replace(questions=questions), glossary, "follow_up_channel",
                  qid).to_dict("records")  # fmt: skip
    assert hit["column"] == "follows" and "is not a credit_cards question" in hit["excerpt"]
