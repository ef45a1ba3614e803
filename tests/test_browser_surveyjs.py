"""A survey we write runs in the real SurveyJS library (issue 19), in Chromium, in English and in
Hebrew (right to left): a question of special sensitivity appears only once consent is given, the
follow-ups appear only once their screener is answered with an answer
that leads to them, an exclusive option clears the others, and ``survey.data`` holds the bank's
answer codes.

The library comes from the npm registry (``survey-core`` and ``survey-js-ui``, the same version)
into build/surveyjs; a missing one fails with the command that fetches it. Nothing is loaded from
the network: the page is built from the local files and every request it makes is refused and
counted.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_surveys import sample

from zpd_assess import surveys

ROOT = Path(__file__).resolve().parent.parent
SURVEYJS_VERSION = "2.5.38"
MODULES = ROOT / "build" / "surveyjs" / "node_modules"
FETCH = (
    "npm install --prefix build/surveyjs --no-save --no-package-lock --no-audit --no-fund "
    f"survey-core@{SURVEYJS_VERSION} survey-js-ui@{SURVEYJS_VERSION}"
)
FILES = {
    "core": "survey-core/survey.core.min.js",
    "hebrew": "survey-core/i18n/hebrew.min.js",
    "css": "survey-core/survey-core.fontless.min.css",  # the other one fetches web fonts
    "ui": "survey-js-ui/survey-js-ui.min.js",
    "schema": "survey-core/surveyjs_definition.json",
}

ORG, CHANNEL = "tavor_bank", "email_survey"
SCREENER, FOLLOW_UPS = "q_banking_savings_goal", ("q_banking_savings_horizon",
                                                  "q_banking_loss_tolerance")  # fmt: skip
MULTI = "q_banking_advice_channel"


def library() -> dict[str, Path]:
    """The SurveyJS files, checked: present, and of the version the tests were written for."""
    paths = {k: MODULES / v for k, v in FILES.items()}
    missing = [str(p.relative_to(ROOT)) for p in paths.values() if not p.is_file()]
    assert not missing, (
        f"The SurveyJS library is missing ({', '.join(missing)}); fetch it from the npm registry "
        f"in the repository root: {FETCH}"
    )
    for package in ("survey-core", "survey-js-ui"):
        version = json.loads((MODULES / package / "package.json").read_text())["version"]
        assert version == SURVEYJS_VERSION, (
            f"{package} {version} is installed; the tests need {SURVEYJS_VERSION}: {FETCH}"
        )
    return paths


def savings_by_email(assessment):
    """The bank's plan with its savings flow (a special-sensitivity screener, its horizon
    follow-up and the horizon's loss-tolerance follow-up, planned in the app) and its
    banker-contact question (a multiple choice with an exclusive option, planned in the profile
    page) asked in the email questionnaire, as the team could move them."""
    plan = assessment.plan
    flow = [SCREENER, *FOLLOW_UPS, MULTI]
    questions = plan.questions.copy()
    questions.loc[flow, "channel"] = CHANNEL
    channels = plan.channels.copy()
    channels["question_ids"] = channels["question_ids"].astype(object)
    for channel in channels.index:
        kept = [q for q in channels.at[channel, "question_ids"] if q not in flow]
        channels.at[channel, "question_ids"] = (flow + kept) if channel == CHANNEL else kept
    moved = dataclasses.replace(plan, questions=questions, channels=channels)
    return dataclasses.replace(assessment, plan=moved)


@pytest.fixture(scope="module")
def survey_json(catalog) -> dict:
    assessment, names = sample(ORG)
    survey = surveys.surveyjs_survey(savings_by_email(assessment), catalog, CHANNEL, names)
    names_in_order = [q["name"] for q in surveys.survey_questions(survey)]
    assert names_in_order.index(SCREENER) < min(names_in_order.index(f) for f in FOLLOW_UPS)
    return survey


@pytest.mark.browser
@pytest.mark.slow
def test_the_surveys_we_write_match_surveyjs_published_schema(survey_json, catalog):
    """SurveyJS's own JSON Schema (surveyjs_definition.json, shipped in survey-core): every
    sample organisation's surveys pass it, and a wrong value is caught."""
    import jsonschema

    schema = json.loads(library()["schema"].read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors(survey_json)) == []
    for org in ("urban_retail", "nofim_health"):
        assessment, names = sample(org)
        for channel, survey in surveys.surveyjs_surveys(assessment, catalog, names).items():
            errors = [e.message for e in validator.iter_errors(survey)]
            assert errors == [], (org, channel, errors)
    broken = {**survey_json, "showQuestionNumbers": True}
    assert [e.path[0] for e in validator.iter_errors(broken)] == ["showQuestionNumbers"] * 2


def _open(browser, survey: dict, lang: str, refused: list[str]):
    paths = library()
    context = browser.new_context(viewport={"width": 1000, "height": 900}, locale=lang)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    def refuse(route) -> None:
        refused.append(route.request.url)
        route.abort()

    page.route("**/*", refuse)
    page.set_content(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>survey</title>'
        '</head><body><div id="survey"></div></body></html>'
    )
    page.add_style_tag(path=paths["css"])
    for key in ("core", "hebrew", "ui"):
        page.add_script_tag(path=paths[key])
    page.evaluate(
        """([json, lang]) => {
            window.survey = new Survey.Model(json);
            survey.locale = lang;
            window.completed = null;
            survey.onComplete.add((sender) => { window.completed = sender.data; });
            SurveyUI.renderSurvey(survey, document.getElementById("survey"));
        }""",
        [survey, lang],
    )
    return context, page, errors


def _text(survey: dict, name: str, lang: str, code: str | None = None) -> str:
    (element,) = [e for e in surveys.survey_questions(survey) if e["name"] == name]
    if code is None:
        loc = element["title"]
    else:
        (loc,) = [c["text"] for c in element["choices"] if c["value"] == code]
    return loc["he"] if lang == "he" else loc["default"]


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_survey_we_wrote_runs_in_surveyjs(browser, survey_json, artifacts, catalog, lang):
    refused: list[str] = []
    context, page, errors = _open(browser, survey_json, lang, refused)
    try:
        root = page.locator(".sd-root-modern")
        root.wait_for()
        direction = root.evaluate("e => getComputedStyle(e).direction")
        assert direction == ("rtl" if lang == "he" else "ltr")
        title = {"en": "Tavor Bank — Questionnaire by email", "he": "בנק תבור — שאלון במייל"}
        assert page.locator(".sd-title").first.inner_text() == title[lang]

        def question(name: str):
            return page.locator(f'.sd-question[data-name="{name}"]')

        def choose(name: str, code: str) -> None:
            label = _text(survey_json, name, lang, code)
            question(name).locator(".sd-item__control-label").get_by_text(label, exact=True).click()

        screener = question(SCREENER)
        # the purpose notice stands right before the question, in the survey's language
        notice = page.locator(f'[data-name="{SCREENER}{surveys.NOTICE_SUFFIX}"]')
        expected_notice = next(
            e["html"]["he" if lang == "he" else "default"]
            for e in survey_json["pages"][0]["elements"]
            if e["name"] == SCREENER + surveys.NOTICE_SUFFIX
        )
        assert notice.inner_text()[:60] in expected_notice

        def consent(name: str):
            return page.locator(f'.sd-question[data-name="{name}{surveys.CONSENT_SUFFIX}"]')

        def agree(name: str) -> None:
            consent(name).locator(".sd-checkbox").click()

        # special sensitivity (financial): asked only after the customer's explicit consent,
        # one for the subject: it covers the follow-ups, and says so
        expect(screener).to_be_hidden()
        consent_text = catalog.text("survey.consent_many", lang)
        expect(consent(SCREENER)).to_contain_text(consent_text)
        agree(SCREENER)
        expect(screener).to_be_visible()
        assert page.evaluate("() => survey.data") == {SCREENER + surveys.CONSENT_SUFFIX: True}
        for name in FOLLOW_UPS:
            expect(consent(name)).to_have_count(0)  # one subject, one consent
            expect(question(name)).to_be_hidden()  # not asked before the screener is answered
        choose(SCREENER, "not_saving_right_now")
        page.wait_for_timeout(200)
        for name in FOLLOW_UPS:
            expect(question(name)).to_be_hidden()  # nor after an answer that skips them
        choose(SCREENER, "children_future")
        expect(question(FOLLOW_UPS[0])).to_be_visible()  # now asked, under the screener's consent
        # the loss tolerance follows the horizon: asked only for money needed in over 3 years
        expect(question(FOLLOW_UPS[1])).to_be_hidden()
        assert screener.locator(".sd-question__title").inner_text() == _text(
            survey_json, SCREENER, lang
        )
        choose(FOLLOW_UPS[0], "1_3_years")
        page.wait_for_timeout(200)
        expect(question(FOLLOW_UPS[1])).to_be_hidden()
        # an exclusive option clears the others
        choose(MULTI, "phone_call")
        choose(MULTI, "email")
        choose(MULTI, "only_when_contact")
        data = page.evaluate("() => survey.data")
        given = {f"{SCREENER}{surveys.CONSENT_SUFFIX}": True}
        assert data == {**given, SCREENER: "children_future", FOLLOW_UPS[0]: "1_3_years",
                        MULTI: ["only_when_contact"]}  # fmt: skip
        choose(MULTI, "video_call")
        assert page.evaluate("() => survey.data")[MULTI] == ["video_call"]
        page.screenshot(path=str(artifacts / f"surveyjs_{ORG}_{CHANNEL}_{lang}.png"),
                        full_page=True)  # fmt: skip
        # a changed screener answer hides the follow-ups and drops their answers
        choose(SCREENER, "prefer_not_to_say")
        for name in FOLLOW_UPS:
            expect(question(name)).to_be_hidden()
        assert page.evaluate("() => survey.data") == {
            f"{SCREENER}{surveys.CONSENT_SUFFIX}": True, SCREENER: "prefer_not_to_say",
            MULTI: ["video_call"]}  # fmt: skip
        choose(SCREENER, "retirement")
        choose(FOLLOW_UPS[0], "more_7_years")
        expect(question(FOLLOW_UPS[1])).to_be_visible()
        choose(FOLLOW_UPS[1], "wait_recover")
        page.locator(".sd-navigation__complete-btn").click()
        page.wait_for_function("() => window.completed !== null")
        assert page.evaluate("() => window.completed") == {
            f"{SCREENER}{surveys.CONSENT_SUFFIX}": True, SCREENER: "retirement",
            FOLLOW_UPS[0]: "more_7_years", FOLLOW_UPS[1]: "wait_recover",
            MULTI: ["video_call"],
        }  # fmt: skip
        assert page.evaluate("() => survey.state") == "completed"
        assert errors == [] and refused == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_marketing_opt_in_runs_in_surveyjs(browser, survey_json, artifacts, catalog, lang):
    """Panel round 28: the offers need consent to marketing messages, asked where the answer is
    given. In SurveyJS: hidden until an answer that feeds offers is given, nothing ticked, what
    is ticked in the data; hidden for a customer whose consent the host has on file."""
    refused: list[str] = []
    context, page, errors = _open(browser, survey_json, lang, refused)
    try:
        page.locator(".sd-root-modern").wait_for()
        opt_in = page.locator(f'.sd-question[data-name="{surveys.MARKETING_OPT_IN}"]')
        expect(opt_in).to_be_hidden()
        label = _text(survey_json, MULTI, lang, "email")
        page.locator(f'.sd-question[data-name="{MULTI}"] .sd-item__control-label').get_by_text(
            label, exact=True
        ).click()
        expect(opt_in).to_be_visible()
        expect(opt_in).to_contain_text(catalog.text("survey.marketing_opt_in", lang))
        assert surveys.MARKETING_OPT_IN not in page.evaluate("() => survey.data")
        sms = catalog.text("survey.opt_in_sms", lang)
        opt_in.locator(".sd-item__control-label").get_by_text(sms, exact=True).click()
        assert page.evaluate("() => survey.data")[surveys.MARKETING_OPT_IN] == ["sms"]
        opt_in.scroll_into_view_if_needed()
        page.screenshot(path=str(artifacts / f"surveyjs_opt_in_{lang}.png"), full_page=True)
        # a customer who agreed already is not asked again
        page.evaluate(f"() => survey.setVariable('{surveys.CONSENT_ON_FILE}', true)")
        expect(opt_in).to_be_hidden()
        assert errors == [] and refused == []
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("org", ["kinor_telecom", "nofim_health", "shaked_cards",
                                 "shalom_insurance", "tavor_bank", "urban_retail"])  # fmt: skip
def test_every_samples_surveys_load_in_surveyjs_in_both_languages(browser, catalog, org):
    """Every channel's survey of every sample organisation: SurveyJS's published schema accepts
    it, the library loads it in Hebrew and in English with no page error, knows every question we
    wrote, and shows its title in the survey's language, right to left in Hebrew."""
    import jsonschema

    validator = jsonschema.Draft7Validator(
        json.loads(library()["schema"].read_text(encoding="utf-8"))
    )
    assessment, names = sample(org)
    written = surveys.surveyjs_surveys(assessment, catalog, names)
    assert written, org
    for channel, survey in written.items():
        assert [e.message for e in validator.iter_errors(survey)] == [], (org, channel)
    for lang in ("he", "en"):
        refused: list[str] = []
        first = next(iter(written.values()))
        context, page, errors = _open(browser, first, lang, refused)  # the library, loaded once
        try:
            for channel, survey in written.items():
                page.evaluate(
                    """([json, lang]) => {
                        const box = document.createElement("div");
                        document.body.replaceChildren(box);
                        window.survey = new Survey.Model(json);
                        survey.locale = lang;
                        SurveyUI.renderSurvey(survey, box);
                    }""",
                    [survey, lang],
                )
                root = page.locator(".sd-root-modern")
                root.wait_for()
                ours = [q["name"] for q in surveys.survey_questions(survey)]
                known = page.evaluate("() => survey.getAllQuestions().map(q => q.name)")
                assert set(ours) <= set(known), (org, channel, set(ours) - set(known))
                direction = root.evaluate("e => getComputedStyle(e).direction")
                assert direction == ("rtl" if lang == "he" else "ltr"), (org, channel)
                expect(page.locator(".sd-title").first).to_have_text(
                    survey["title"]["he" if lang == "he" else "default"]
                )
            assert errors == [] and refused == [], (org, lang, errors, refused)
        finally:
            context.close()
