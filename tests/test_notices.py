"""The layered purpose notice: a short first layer on screen, the full notice one tap away.

The sentence splitter is tested on the shipped notices as they are and with an abbreviation
written into them; the first layer on every planned question of the six sample organisations,
in both languages; the plan's JSON and workbook carry it; the lint rule names a notice whose
what-and-why sentence is too long for a screen.
"""

from __future__ import annotations

import functools
import io

import openpyxl
import pytest
from conftest import TODAY, shared_steps

from zpd_assess.assess import Assessment, Steps, assess_engagement, assessment_json
from zpd_assess.catalog import load_catalog
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.lint import RULES, WARNING_RULES, lint_catalog
from zpd_assess.notices import (
    CONSENT_LINE,
    FIRST_SENTENCE_MAX_CHARS,
    NO_MARKETING_SENTENCE,
    OFFERS_SENTENCE,
    SPECIAL_OFFERS_SENTENCE,
    TAIL_NOT_PASSED,
    TAIL_PRIVACY,
    TAIL_RECIPIENTS,
    NoticeError,
    first_sentence,
    notice_for_channel,
    notice_layers,
    sentences,
    short_notice,
    written_notice,
)
from zpd_assess.workbook import plan_workbook

ALL_ORGS = (
    "shalom_insurance", "urban_retail", "tavor_bank", "shaked_cards", "kinor_telecom",
    "nofim_health",
)  # fmt: skip
TAILS = (TAIL_NOT_PASSED, TAIL_RECIPIENTS, TAIL_PRIVACY)


@functools.cache
def _steps() -> Steps:
    return shared_steps()


@functools.cache
def sample(org: str) -> Assessment:
    """A sample organisation's assessment as the app computes it."""
    catalog = load_catalog()
    (eng,) = [e for e in sample_engagements() if e.org_id == org]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    return assess_engagement(intake, catalog, default_decisions(catalog, eng), steps=_steps())


def _purpose(catalog, qid: str, lang: str) -> str:
    return str(catalog.questions.at[qid, f"purpose_{lang}"])


# --- sentences ------------------------------------------------------------------------------------

# (question, language, text in its notice, what to write there instead or None, how the first
# sentence ends, how the second begins)
SPLITS = [
    # a sentence that ends on a geresh abbreviation (כיתה א׳) and one with it inside
    (
        "q_retail_school_start", "he", "שנת הלימודים.", "שנת הלימודים, לקראת כיתה א׳.",
        "כיתה א׳.", "תשובות על ילדים נשמרות",
    ),
    # gershayim acronyms (השב״ן) inside a sentence and at its end
    ("q_health_reminder_hours", "he", None, None, "בשבת ובחגי ישראל.",
     "התשובה שלכם היא מידע רפואי"),
    # «וכו׳» ends the first sentence; «ש"ח» (ASCII quote) inside it
    (
        "q_retail_school_start", "he", "שנת הלימודים.",
        'שנת הלימודים, עם הנחה של 50 ש"ח על מחברות, קלמרים וכו׳.',
        "קלמרים וכו׳.", "תשובות על ילדים נשמרות",
    ),
    # «ש"ח.» ends the first sentence
    (
        "q_insurance_trip_destination", "he", "שמתאים ליעד שלכם.",
        'שמתאים ליעד שלכם, מ-20 ש"ח.', 'מ-20 ש"ח.', "אנחנו לא משתמשים בתשובה כדי להסיק",
    ),
    # a dotted Hebrew abbreviation (ת.ז.) inside the sentence
    (
        "q_insurance_trip_destination", "he", "כדי לתת", "לפי ת.ז. של כל נוסע, כדי לתת",
        "שמתאים ליעד שלכם.", "אנחנו לא משתמשים בתשובה כדי להסיק",
    ),
    # "e.g." before a lowercase word and before a name, "Mr." and an initial
    (
        "q_identity_contact_01", "en", "addressed so",
        "addressed (e.g. by first name, or e.g. Mr. D. Levi) so", "use that form.",
        "Answering is your choice",
    ),
    # a section of the law ("s. 11") inside the first sentence
    (
        "q_identity_contact_01", "en", "use that form.",
        "use that form, as s. 11 of the Privacy Protection Law asks.", "Law asks.",
        "Answering is your choice",
    ),
    # a closing bracket after the stop
    (
        "q_identity_contact_01", "en", "use that form.", "use that form (in Hebrew and English.)",
        "English.)", "Answering is your choice",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("qid", "lang", "old", "new", "first_ends", "second_starts"), SPLITS)
def test_sentences_split_real_notices_at_their_sentence_ends(
    catalog, qid, lang, old, new, first_ends, second_starts
):
    text = _purpose(catalog, qid, lang)
    if old is not None:
        assert text.count(old) == 1, f"{qid}: the notice no longer reads {old!r}"
        text = text.replace(old, new)
    found = sentences(text, lang)
    assert found[0].endswith(first_ends), found[0]
    assert found[1].startswith(second_starts), found[1]
    assert " ".join(found) == " ".join(text.split()), "splitting drops nothing"
    assert first_sentence(text, lang) == found[0]


def test_sentences_of_the_standard_notice_end_where_its_stops_are(catalog):
    found = sentences(_purpose(catalog, "q_identity_contact_01", "en"), "en")
    assert found[0] == ("We ask how you want to be addressed so that our messages use that form.")
    assert found[-1].startswith("The full privacy notice (who we are")
    assert found[-3] == "We delete the answer two years after you give it, or earlier if you ask."
    assert len(found) == 6
    assert sentences("", "en") == [] and first_sentence("  ", "he") == ""


# --- the first layer ------------------------------------------------------------------------------


def test_the_first_layer_of_a_standard_notice(catalog):
    layers = notice_layers(_purpose(catalog, "q_identity_contact_01", "en"), "en", catalog)
    assert layers.first == (
        "We ask how you want to be addressed so that our messages use that form. "
        + catalog.text(TAIL_NOT_PASSED, "en")
    )
    assert layers.tail_key == TAIL_NOT_PASSED and not layers.consent
    he = short_notice(_purpose(catalog, "q_identity_contact_01", "he"), "he", catalog)
    assert he == (
        "אנחנו שואלים איך תרצו שנפנה אליכם, כדי לנסח בהתאם את ההודעות שלנו. "
        "הבחירה אם לענות היא שלכם, ואנחנו לא מעבירים את התשובה לחברות אחרות. "
        "בהודעה המלאה תמצאו את כל הפרטים, וגם איך משנים או מוחקים את התשובה."
    )


def test_a_special_notice_says_its_purpose_first_then_a_short_consent_line(catalog):
    for lang in ("en", "he"):
        purpose = _purpose(catalog, "q_health_caregiver", lang)
        layers = notice_layers(purpose, lang, catalog)
        said = sentences(purpose, lang)[1]
        assert layers.consent and layers.purpose_sentence == said
        # the benefit first: a notice opening with "special-sensitivity data" reads as a warning
        assert layers.first.startswith(said + " " + catalog.text(CONSENT_LINE, lang) + " ")
        assert sentences(purpose, lang)[0] not in layers.first  # the long consent sentence
        # the notice names who may see it (the relative): the tail points to the full notice
        assert layers.tail_key == TAIL_RECIPIENTS
        assert layers.first.endswith(catalog.text(TAIL_RECIPIENTS, lang))


def test_the_tail_says_only_what_the_notice_says(catalog):
    # a notice that says who uses the answer, not "not passed to other companies"
    layers = notice_layers(_purpose(catalog, "q_health_reminder_way_voice", "en"), "en", catalog)
    assert layers.tail_key == TAIL_RECIPIENTS
    # a use case's one-sentence notice says neither choice nor recipients
    one = str(catalog.use_cases.iloc[0]["purpose_en"])
    assert len(sentences(one, "en")) == 1
    layers = notice_layers(one, "en", catalog)
    assert layers.tail_key == TAIL_PRIVACY
    assert layers.first == f"{one} {catalog.text(TAIL_PRIVACY, 'en')}"


def test_a_long_first_sentence_is_kept_whole(catalog):
    long = (
        "We ask which regions you are travelling to so that the travel clinic can tell you in "
        "time which vaccines or malaria prevention they call for; the answer is never used for "
        "travel-insurance offers, pricing, underwriting or member selection, and is kept apart "
        "from your medical record."
    )
    text = long + " Answering is your choice. We do not pass your answer to other companies."
    layers = notice_layers(text, "en", catalog)
    assert len(long) > FIRST_SENTENCE_MAX_CHARS
    assert layers.purpose_sentence == long
    assert layers.first == f"{long} {catalog.text(TAIL_NOT_PASSED, 'en')}"


def test_empty_notice_and_unknown_language(catalog):
    assert short_notice("", "en", catalog) == "" and short_notice("  ", "he", catalog) == ""
    with pytest.raises(NoticeError, match=r"'ar'.*en and he"):
        short_notice("We ask.", "ar", catalog)


def test_every_shipped_notice_gets_the_same_kind_of_first_layer_in_both_languages(catalog):
    rows = [(str(qid), r["purpose_en"], r["purpose_he"]) for qid, r in catalog.questions.iterrows()]
    rows += [
        (f"{o['question_id']}/{o['industry']}", o["purpose_en"], o["purpose_he"])
        for o in catalog.offers.to_dict("records")
        if o["purpose_en"]
    ]
    kinds = {}
    for row_id, en, he in rows:
        le, lh = notice_layers(en, "en", catalog), notice_layers(he, "he", catalog)
        assert (le.tail_key, le.consent) == (lh.tail_key, lh.consent), row_id
        kinds[le.tail_key, le.consent] = kinds.get((le.tail_key, le.consent), 0) + 1
    # most notices say both things; special ones open with the consent line
    assert kinds[TAIL_NOT_PASSED, False] > 300 and kinds[TAIL_NOT_PASSED, True] > 50
    assert kinds[TAIL_RECIPIENTS, False] > 0 and kinds[TAIL_RECIPIENTS, True] > 0


SMS_WHATSAPP_EMAIL = {
    "en": "We ask which sizes you wear to show you stock in your size. We ask by SMS, WhatsApp or "
    "email only if you have agreed to receive marketing messages from us there. You can change "
    "the answer in your profile.",
    "he": "אנחנו שואלים באילו מידות אתם לובשים כדי להציג לכם מלאי במידה שלכם. נשאל אתכם ב-SMS, "
    "בוואטסאפ או במייל רק אם הסכמתם לקבל מאיתנו דברי פרסומת בערוצים האלה. אפשר לשנות את התשובה "
    "בפרופיל.",
}


@pytest.mark.parametrize(
    "lang, channel, says",
    [
        ("en", "sms", "We ask by SMS only if"),
        ("en", "whatsapp", "We ask by WhatsApp only if"),
        ("en", "email_survey", "We ask by email only if"),
        ("en", "in_app", None),
        ("en", "agent_question", None),
        ("he", "sms", "נשאל אתכם ב-SMS רק אם"),
        ("he", "whatsapp", "נשאל אתכם בוואטסאפ רק אם"),
        ("he", "email_survey", "נשאל אתכם במייל רק אם"),
        ("he", "in_app", None),
    ],
)
def test_a_notice_names_only_the_channel_it_is_read_in(lang, channel, says):
    """An app prompt does not say "we ask by email only if...": the s. 30A sentence names the
    one electronic channel the question is asked in, or goes."""
    text = SMS_WHATSAPP_EMAIL[lang]
    read = notice_for_channel(text, lang, channel)
    first, _, last = sentences(text, lang)
    assert read.startswith(first) and read.endswith(last)
    if says is None:
        assert read == f"{first} {last}"
    else:
        (middle,) = sentences(read, lang)[1:2]
        assert middle.startswith(says)
        other = {"en": ("WhatsApp", "email", "SMS,"), "he": ("בוואטסאפ", "במייל", "ב-SMS,")}[lang]
        assert not any(o in middle for o in other if o not in says)
    # a notice without the sentence is read as written
    assert notice_for_channel(first, lang, channel) == first


@pytest.mark.slow
@pytest.mark.parametrize("org", ALL_ORGS)
def test_no_planned_notice_names_an_electronic_channel_it_is_not_asked_in(org):
    words = {"sms": ("SMS",), "whatsapp": ("WhatsApp",), "email_survey": ("email",)}
    plan = sample(org).plan.questions
    named = 0
    he = {"sms": "נשאל אתכם ב-SMS רק אם", "whatsapp": "נשאל אתכם בוואטסאפ רק אם",
          "email_survey": "נשאל אתכם במייל רק אם"}  # fmt: skip
    for r in plan[plan["in_plan"]].itertuples():
        # its own channel's notice, and the notice of each channel it is asked in again
        asks = [(r.channel, r.purpose_en, r.purpose_he)] + [
            (x["channel"], x["purpose_en"], x["purpose_he"]) for x in r.repeats
        ]
        for channel, purpose_en, purpose_he in asks:
            for sentence in sentences(purpose_en, "en"):
                if sentence.startswith("We ask by ") and "marketing messages" in sentence:
                    named += 1
                    assert sentence == (
                        f"We ask by {words[channel][0]} only if you have agreed to receive "
                        "marketing messages from us there."
                    ), (org, r.question_id, channel)
            for sentence in sentences(purpose_he, "he"):
                if sentence.startswith("נשאל אתכם ב") and "דברי פרסומת" in sentence:
                    assert sentence.startswith(he.get(channel, "-")), (org, r.question_id, sentence)
                    assert " או " not in sentence, (org, r.question_id, sentence)
    # the health fund's SMS notices are service notices; the retailer's plan asks by no SMS,
    # WhatsApp or email (its gift question left the app for the till in round 29)
    assert named or org in ("nofim_health", "urban_retail")


# --- the six sample organisations' plans ----------------------------------------------------------


def test_the_samples_are_the_six_organisations():
    assert sorted(e.org_id for e in sample_engagements()) == sorted(ALL_ORGS)


@pytest.mark.slow
@pytest.mark.parametrize("org", ALL_ORGS)
def test_every_planned_question_has_a_first_layer_in_both_languages(catalog, org):
    plan = sample(org).plan.questions
    planned = plan[plan["in_plan"]]
    assert len(planned) >= 8  # a whole plan (the retailer has 9: filler and lone follow-ups out)
    for r in planned.itertuples():
        kinds = []
        for lang in ("en", "he"):
            short, full = getattr(r, f"notice_short_{lang}"), getattr(r, f"purpose_{lang}")
            where = (org, r.question_id, lang)
            assert short.strip(), where
            assert len(short) < len(full), where
            parts = sentences(full, lang)
            layers = notice_layers(full, lang, catalog)
            if layers.consent:
                assert short.startswith(f"{parts[1]} {catalog.text(CONSENT_LINE, lang)} "), where
            else:
                assert short.startswith(parts[0] + " "), where
            assert short.endswith(catalog.text(layers.tail_key, lang)), where
            assert layers.tail_key in (TAIL_NOT_PASSED, TAIL_RECIPIENTS), where
            kinds.append((layers.tail_key, layers.consent))
        assert kinds[0] == kinds[1], (org, r.question_id)
    doc = assessment_json(sample(org))
    by_id = {q["question_id"]: q for q in doc["questions"]}
    for r in planned.itertuples():
        assert by_id[r.question_id]["notice_short_en"] == r.notice_short_en
        assert by_id[r.question_id]["notice_short_he"] == r.notice_short_he


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_workbook_shows_the_notice_on_screen_before_the_full_notice(catalog, lang):
    a = sample("tavor_bank")
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(a, catalog, lang, today=TODAY)))
    ws = wb[catalog.text("sheet.questions", lang)]
    header = [c.value for c in ws[1]]
    short_col = header.index(catalog.text("col.notice_short", lang)) + 1
    full_col = header.index(catalog.text("col.purpose", lang)) + 1
    assert short_col == full_col - 1
    id_col = header.index(catalog.text("col.question_id", lang)) + 1
    plan = a.plan.questions
    first = plan[plan["in_plan"]].iloc[0]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, id_col).value == first.name)
    assert ws.cell(row, short_col).value == first[f"notice_short_{lang}"]
    assert ws.cell(row, full_col).value == first[f"purpose_{lang}"]
    assert ws.cell(row, short_col).alignment.wrap_text
    letter = ws.cell(1, short_col).column_letter
    assert 40 <= ws.column_dimensions[letter].width <= 60


# --- the lint rule --------------------------------------------------------------------------------


def test_a_notice_with_a_long_first_sentence_is_a_finding_naming_its_question(catalog):
    qid = "q_identity_contact_01"
    assert "long_first_layer" in RULES and "long_first_layer" not in WARNING_RULES
    clean = lint_catalog(catalog, rules=["long_first_layer"])
    assert qid not in set(clean["row_id"])
    questions = catalog.questions.copy()
    text = questions.at[qid, "purpose_en"]
    longer = text.replace(
        "use that form.",
        "use that form in every letter, message, reminder, call and app screen, in the "
        "language you choose, with the title you choose, from the next message on, and in the "
        "messages of our agents and partners as well.",
    )
    assert len(first_sentence(longer, "en")) > FIRST_SENTENCE_MAX_CHARS
    questions.at[qid, "purpose_en"] = longer
    found = lint_catalog(catalog.replace(questions=questions), rules=["long_first_layer"])
    hit = found[(found["row_id"] == qid) & (found["file"] == "questions.csv")]
    assert list(hit["rule"]) == ["long_first_layer"] and list(hit["column"]) == ["purpose_en"]
    assert str(len(first_sentence(longer, "en"))) in hit.iloc[0]["fix"]
    # the default run (the lint-clean bar and the CLI) holds it: no notice of the bank has one
    assert "long_first_layer" not in set(lint_catalog(catalog)["rule"])
    assert not len(clean)


def test_a_hebrew_purpose_line_with_two_purpose_clauses_is_a_finding(catalog):
    qid = "q_identity_contact_01"
    assert not len(lint_catalog(catalog, rules=["two_purpose_clauses"]))
    questions = catalog.questions.copy()
    text = questions.at[qid, "purpose_he"]
    said = first_sentence(text, "he")
    assert said.count("כדי") == 1
    questions.at[qid, "purpose_he"] = text.replace(
        said, said.rstrip(".") + "; ולעולם לא כדי לשלוח לכם פרסום."
    )
    found = lint_catalog(catalog.replace(questions=questions), rules=["two_purpose_clauses"])
    hit = found[(found["row_id"] == qid) & (found["file"] == "questions.csv")]
    assert list(hit["column"]) == ["purpose_he"] and "2 «כדי»" in hit.iloc[0]["fix"]


@pytest.mark.parametrize(
    ("lang", "offers", "sentence"),
    [
        ("en", "We send you offers based on it only if you have agreed to receive marketing "
         "messages from us.", "We ask by WhatsApp only if you have agreed to receive marketing "
         "messages from us there."),
        ("he", "נשלח לכם הצעות על סמך התשובה רק אם הסכמתם לקבל מאיתנו דברי פרסומת.",
         "נשאל אתכם בוואטסאפ רק אם הסכמתם לקבל מאיתנו דברי פרסומת בערוץ הזה."),
    ],
)  # fmt: skip
def test_a_marketing_question_asked_by_whatsapp_says_it_asks_only_with_consent(
    lang, offers, sentence
):
    """A question asked again by WhatsApp, whose notice was written for the app: its answer
    feeds offers, so asking it there is a marketing message (Communications Law s. 30A)."""
    notice = f"We ask X to do Y. {offers} The rest."
    assert (
        notice_for_channel(notice, lang, "whatsapp")
        == f"We ask X to do Y. {offers} {sentence} The rest."
    )
    assert notice_for_channel(notice, lang, "in_app") == notice  # no electronic message
    service = "We ask X to switch alerts on. The rest."  # a service question: no offers
    assert notice_for_channel(service, lang, "whatsapp") == service


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [("en", "We ask by email only if you have agreed to receive marketing messages from us there."),
     ("he", "נשאל אתכם במייל רק אם הסכמתם לקבל מאיתנו דברי פרסומת בערוץ הזה.")],
)  # fmt: skip
def test_a_special_question_asked_by_email_keeps_its_own_offers_sentence_and_adds_the_channel(
    lang, sentence
):
    """A notice of special sensitivity keeps offers within the purpose of the consent
    (knowledge-base review 4); asked again by e-mail, it still says it asks only with consent."""
    offers = SPECIAL_OFFERS_SENTENCE[lang]
    notice = f"Special opener. We ask X to do Y. {offers} The rest."
    assert (
        notice_for_channel(notice, lang, "email_survey")
        == f"Special opener. We ask X to do Y. {offers} {sentence} The rest."
    )
    assert notice_for_channel(notice, lang, "in_app") == notice


def test_no_special_notice_of_the_shipped_catalog_uses_the_general_offers_sentence(catalog):
    """Every special question, and every industry's notice for it, writes the offers sentence
    that keeps offers within the consent's purpose (the linter's special_offers rule)."""
    special = catalog.questions[catalog.questions["sensitivity"] == "special"]
    offers = catalog.offers[catalog.offers["question_id"].isin(special.index)]
    texts = [*special["purpose_en"], *special["purpose_he"], *offers["purpose_en"],
             *offers["purpose_he"]]  # fmt: skip
    assert not [t for t in texts if OFFERS_SENTENCE["en"] in t or OFFERS_SENTENCE["he"] in t]
    said = [t for t in texts if any(s in t for s in SPECIAL_OFFERS_SENTENCE.values())]
    assert len(said) >= 180  # 68 special questions and 28 industry rows, in both languages


@pytest.mark.parametrize(("sensitivity", "industry"), [("low", "banking"), ("special", "health")])
def test_a_question_written_in_the_room_gets_the_whole_notice(catalog, sensitivity, industry):
    """The room writes why it asks; until this stop that sentence was the whole notice (no
    choice, recipients, deletion or consent sentences: a special question written in the room
    asked for no explicit consent). The pool completes it with the bank's standard sentences,
    in the industry's words, and keeps a notice the writer wrote whole."""
    from zpd_assess.planning import question_pool, workshop_questions

    room = workshop_questions(
        [{"question_id": "w_01", "text_en": "Which of our branches do you visit?",
          "text_he": "באיזה סניף שלנו אתם מבקרים?", "topics": ["service_preferences"],
          "sensitivity": sensitivity,
          "purpose_en": "We ask which branch you visit to tell you its opening hours",
          "purpose_he": "אנחנו שואלים באיזה סניף אתם מבקרים כדי לספר לכם את שעות הפתיחה שלו"}],
        catalog,
    )  # fmt: skip
    pool = question_pool(catalog, room, industry)
    for lang in ("en", "he"):
        notice = pool.at["w_01", f"purpose_{lang}"]
        found = sentences(notice, lang)
        special = sensitivity == "special"
        opening = "This question is about" if lang == "en" else "השאלה הזאת"
        assert found[0].startswith(opening) == special
        assert catalog.text("notice.written.choice", lang) in found
        assert catalog.text("notice.written.not_passed", lang) in found
        assert NO_MARKETING_SENTENCE[lang] + "." in found  # no offers sentence: no marketing use
        assert (catalog.text("notice.written.delete_special", lang) in found) == special
        place = catalog.text(f"notice.account_place.{industry}", lang)
        assert place in notice and catalog.text("notice.account_place_either", lang) not in notice
        layers = notice_layers(notice, lang, catalog)
        assert layers.consent == special
        assert layers.tail_key == TAIL_NOT_PASSED
    whole = "We ask X to do Y. Answering is your choice; we keep it for a year."
    assert written_notice(whole, "en", "special", catalog) == whole
    assert written_notice("", "he", "special", catalog) == ""


def test_a_notice_for_any_industry_names_the_account_page_without_a_double_or(catalog):
    """Round 16 (Hebrew) and bank pass 11: «בפרופיל או באזור האישי או בפנייה אלינו» stacks two
    «או»; round 21 (Hebrew): «בפרופיל (באזור האישי)» reads as a gloss. A notice written for
    every industry names the page once, «בפרופיל», and each industry's customer reads his own
    company's word (a bank's and a health fund's: «באזור האישי»)."""
    from zpd_assess.planning import question_pool

    either = catalog.text("notice.account_place_either", "he")
    assert " או " not in either
    texts = [str(t) for t in catalog.questions["purpose_he"]] + [
        str(t) for t in catalog.offers["purpose_he"]
    ]
    assert not [t for t in texts if "באזור האישי או באזור" in t or "או באזור האישי או" in t]
    assert not [t for t in texts if either in t]
    every = catalog.questions[catalog.questions["industries"] == "all"]
    shared = [q for q, t in every["purpose_he"].items() if "בפרופיל" in str(t)]
    assert len(shared) >= 10
    for industry, own, other in (("banking", "באזור האישי", "בפרופיל"),
                                 ("retail", "בפרופיל", "באזור האישי")):  # fmt: skip
        pool = question_pool(catalog, industry=industry)
        mine = [q for q in shared if q in pool.index]
        assert mine
        for qid in mine:
            notice = str(pool.at[qid, "purpose_he"])
            assert own in notice and other not in notice, (industry, qid)
            assert "באזור האישי, באזור האישי" not in notice and "בפרופיל (בפרופיל" not in notice


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_notice_whose_answer_may_reach_the_agent_does_not_say_it_stays_with_us(catalog, lang):
    """Panel round 116 (the insurer's reviewer): the first layer said "we do not pass your
    answer to other companies" while the full notice says the customer's insurance agent (an
    agency of its own) receives it if the customer ticks it in the agent consent; the first layer
    may not contradict the second. It says the full notice names who receives the answer."""
    qid = "q_insurance_main_worry"
    notice = str(catalog.questions.at[qid, f"purpose_{lang}"])
    assert ("insurance agent" if lang == "en" else "סוכן הביטוח") in notice
    layers = notice_layers(notice, lang, catalog)
    assert layers.tail_key == TAIL_RECIPIENTS
    assert catalog.text(TAIL_NOT_PASSED, lang) not in layers.first
    # a notice that names no agent keeps the plain promise
    plain = str(catalog.questions.at["q_hobbies_01", f"purpose_{lang}"])
    assert notice_layers(plain, lang, catalog).tail_key == TAIL_NOT_PASSED
