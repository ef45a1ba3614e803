"""Issue 14 in a real browser: findings 2, 3, 6 and 7 replayed and shown fixed, in both languages.

Findings 1, 4 and 5 are replayed in ``test_browser.py`` and ``test_browser_workshop.py``. Every
widget is found by its label in ``templates/labels.csv`` (the language under test), never by a
hard-coded English text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from browser_support import streamlit_server
from conftest import ROOT, SAMPLES
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from test_browser import GRID_TEXTS, _page, _settled, _title, grid_latin
from test_hebrew_text import english_in_hebrew_workbook

from zpd_assess.planning import question_pool

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT = 60_000
expect.set_options(timeout=TIMEOUT)  # a loaded 2-core machine draws slowly
LANGS = ["he", "en"]
NAV = '[data-testid="stSidebar"]'
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def url():
    """One server for the module (each test opens its own browser context, so its own session;
    the engagements live in the test run's data folder either way)."""
    with streamlit_server() as base:
        yield base


def _nav(page: Page, name: str) -> None:
    page.locator(NAV).get_by_role("link", name=name).click()
    _title(page, name)


def _no_exception(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def _upload(page: Page, label: str, path: Path) -> None:
    """Put a file into the uploader whose label is ``label``."""
    box = page.locator('[data-testid="stFileUploader"]').filter(has_text=label).first
    box.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))


def _download(page: Page, label: str, folder: Path) -> tuple[str, Path]:
    """Click a download button; its suggested file name and where the file was saved.

    Clicked once the page has finished its run, as a person clicks the button they see: a run
    draws the button again and revokes the file the old one offered (Streamlit's deferred
    downloads), so a click that lands during a run fetches nothing (seen on a loaded machine)."""
    _settled(page)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name=label).click()
    name = info.value.suggested_filename
    path = folder / f"{len(list(folder.iterdir()))}_{name}"
    info.value.save_as(path)
    return name, path


def _grid(page: Page, n: int = 0) -> dict[str, list[str]]:
    """A grid's columns (header -> cell texts), read from its accessible table."""
    grid = page.locator('[data-testid="stDataFrame"]').nth(n)
    expect(grid.locator("thead th").first).to_be_attached()
    columns: dict[str, list[str]] = {}
    for header, text in page.evaluate(GRID_TEXTS):
        columns.setdefault(header, [])
        if header != text:
            columns[header].append(text)
    return columns


def _plan_sheet(path: Path, catalog, lang: str):
    """The Question plan sheet of a downloaded workbook, and its columns by label key."""
    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    ws = wb[catalog.text("sheet.questions", lang)]
    header = [c.value for c in ws[1]]
    labels = catalog.labels[lang]
    col = {k: header.index(v) + 1 for k, v in labels.items()
           if k.startswith("col.") and v in header}  # fmt: skip
    return wb, ws, col


def _plan_ids(path: Path, catalog, lang: str) -> list[str]:
    """The question ids of the plan's rows (in plan or pinned), top to bottom; the sheet lists
    the questions left out below them, ranked too."""
    _, ws, col = _plan_sheet(path, catalog, lang)
    in_plan = {catalog.text("value.in_plan", lang), catalog.text("value.pinned", lang)}
    return [
        ws.cell(r, col["col.question_id"]).value
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, col["col.status"]).value in in_plan
    ]


def _row_of(ws, col, qid: str) -> int:
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, col["col.question_id"]).value == qid:
            return r
    raise AssertionError(f"{qid} is not in the plan sheet")


def _foreign_questions(catalog, industry: str) -> set[str]:
    """Questions tagged only with industries other than ``industry``."""
    out = set()
    for qid, tags in catalog.questions["industries"].items():
        names = set(str(tags).split(";"))
        if not names & {"all", "generic", industry}:
            out.add(qid)
    return out


# --- finding 2: an uploaded engagement has an identity ----------------------------------------


def test_finding_2_an_uploaded_inventory_gets_a_name_an_industry_and_customers(
    url, browser, artifacts, tmp_path, catalog
):
    """Finding 2: an upload was named after its file (`zpd_plan_upload_he.xlsx`), had no industry
    (a telecom plan with retail, bank and insurance questions) and no customer count. The client's
    details asked on upload now name the page, the dashboard and the files, in both languages,
    and the plan holds no question of another industry."""
    he, en = catalog.labels["he"], catalog.labels["en"]
    names = {"en": "Galil Mobile", "he": "גליל מובייל"}
    foreign = _foreign_questions(catalog, "telecom")
    assert foreign, "the bank has industry-specific questions to leave out"
    page = _page(browser)
    page.goto(f"{url}/?lang=he&org=upload")
    _title(page, he["page.engagement"])
    _upload(page, he["ui.upload_label"], SAMPLES / "kinor_telecom" / "inventory.xlsx")
    page.get_by_label(he["ui.client_name_en"]).fill(names["en"])
    page.get_by_label(he["ui.client_name_he"]).fill(names["he"])
    page.locator('[data-testid="stMultiSelect"]').filter(has_text=he["ui.industry"]).click()
    page.get_by_role("option", name=he["industry.telecom"], exact=True).click()
    page.keyboard.press("Escape")
    customers = page.get_by_label(he["ui.client_customers"])
    customers.fill("250000")
    customers.press("Tab")
    page.get_by_role("button", name=he["ui.client_save"]).click()
    # said (inside the now-folded "client details" box: the heading below shows it too)
    expect(page.get_by_text(he["ui.client_saved"]).first).to_be_attached()
    # the heading and the facts: the client's Hebrew name, telecom, the customers
    expect(page.locator("h3").filter(has_text=names["he"]).first).to_be_visible()
    facts = page.locator('[data-testid="stCaptionContainer"]').filter(
        has_text=he["industry.telecom"]
    )
    expect(facts.first).to_contain_text("250,000")
    page.screenshot(path=artifacts / "finding2_identity_he.png")

    _nav(page, he["page.dashboard"])
    captions = page.locator('[data-testid="stCaptionContainer"]')
    expect(captions.filter(has_text=names["he"]).first).to_be_visible()
    expect(captions.filter(has_text="inventory.xlsx")).to_have_count(0)

    _nav(page, he["page.questions"])
    _settled(page)
    texts = set(_grid(page).get(he["ui.question"], []))  # the grid draws the rows in view
    by_text = catalog.questions["text_he"].str.strip()
    shown = set(by_text.index[by_text.isin(texts)])
    assert len(shown) >= 5, ("the questions grid shows the plan's questions", texts)
    assert not shown & foreign, sorted(shown & foreign)
    assert not any(q.startswith("q_retail_") for q in shown), sorted(shown)

    _nav(page, he["page.export"])
    name, path = _download(page, he["ui.download_xlsx"], tmp_path)
    assert name == "zpd_plan_galil_mobile_he.xlsx", name
    _, ws, col = _plan_sheet(path, catalog, "he")
    planned = {ws.cell(r, col["col.question_id"]).value for r in range(2, ws.max_row + 1)}
    assert planned and not planned & foreign, sorted(planned & foreign)
    # the plan as surveys to run (issue 19): one per channel and format, named for the client
    name, path = _download(page, he["ui.download_exports"], tmp_path)
    assert name == "zpd_surveys_galil_mobile.zip", name
    import json
    import zipfile

    with zipfile.ZipFile(path) as zf:
        files = zf.namelist()
        kinds = {"surveyjs", "xlsform", "formbricks", "typeform", "scripts", "consent",
                 "tracking-plan"}  # fmt: skip
        assert {f.split("/")[0] for f in files} == kinds, files
        first = json.loads(zf.read(next(f for f in files if f.startswith("surveyjs/"))))
        # the conversational channels' scripts, named for the client in its language
        script = zf.read(next(f for f in files if f.startswith("scripts/") and
                              f.endswith("_he.txt"))).decode("utf-8")  # fmt: skip
        assert script.startswith("תסריט ") and names["he"] in script.splitlines()[0]
    assert names["he"] in first["title"]["he"] and names["en"] in first["title"]["default"]
    asked = {e["name"] for p in first["pages"] for e in p["elements"]}
    assert asked & planned and not asked & foreign

    # the same engagement in English (the link as a colleague would open it)
    english = f"{url}/?" + page.url.split("?", 1)[1].replace("lang=he", "lang=en")
    other = _page(browser)
    other.goto(english)
    _title(other, en["page.engagement"])
    expect(other.locator("h3").filter(has_text=names["en"]).first).to_be_visible()
    other.screenshot(path=artifacts / "finding2_identity_en.png")
    _nav(other, en["page.dashboard"])
    captions = other.locator('[data-testid="stCaptionContainer"]')
    expect(captions.filter(has_text=names["en"]).first).to_be_visible()
    _nav(other, en["page.export"])
    name, _ = _download(other, en["ui.download_xlsx"], tmp_path)
    assert name == "zpd_plan_galil_mobile_en.xlsx", name
    _no_exception(other)
    page.context.close()
    other.context.close()


# --- finding 3: the Excel round trip ------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_finding_3_a_team_edit_in_excel_is_shown_taken_and_undone(
    url, browser, artifacts, tmp_path, catalog, lang
):
    """Finding 3: a moved row was ignored unless Rank was renumbered, the team's channel was
    ignored, the due date came back as text, a workbook of another engagement was taken. Now the
    changes are listed by question text with before and after, taken, undone in one click, and a
    workbook of another engagement is refused with a message."""
    L = catalog.labels[lang]
    page = _page(browser)
    page.goto(f"{url}/export?lang={lang}&org=shalom_insurance")
    _title(page, L["page.export"])
    _, exported = _download(page, L["ui.download_xlsx"], tmp_path)
    planned = _plan_ids(exported, catalog, lang)
    assert len(planned) > 6, planned
    if lang == "he":  # finding 5: the Hebrew file as downloaded says things in Hebrew
        found = english_in_hebrew_workbook(openpyxl.load_workbook(exported), catalog)
        assert not found, {k: v[:3] for k, v in found.items()}

    # the team edits the workbook as in Excel
    wb, ws, col = _plan_sheet(exported, catalog, lang)
    text = {
        ws.cell(r, col["col.question_id"]).value: ws.cell(r, col[f"col.question_{lang}"]).value
        for r in range(2, ws.max_row + 1)
    }
    # the moved row is a question of its own, not a follow-up (a follow-up is asked right
    # after its screener, wherever the team puts it)
    follows = question_pool(catalog, industry="insurance")["follows"]
    heads = [i for i in range(len(planned)) if not follows.get(planned[i], "")]
    at = next(i for i in heads if i >= 5)
    others = [i for i in heads if i not in (0, at)]
    moved, dated = planned[at], planned[0]
    deleted, recast = planned[others[0]], planned[others[1]]
    src = _row_of(ws, col, moved)
    values = [c.value for c in ws[src]]
    ws.delete_rows(src)
    ws.insert_rows(2)  # cut and inserted at the top; Rank left as it was
    for c, value in enumerate(values, start=1):
        ws.cell(2, c).value = value
    old_channel = ws.cell(_row_of(ws, col, recast), col["col.channel"]).value
    new_channel = next(
        v for v in catalog.channels[f"label_{lang}"] if v != old_channel
    )  # another value of the drop-down
    ws.cell(_row_of(ws, col, recast), col["col.channel"]).value = new_channel
    ws.cell(_row_of(ws, col, dated), col["col.due"]).value = "15/01/2027"  # typed
    ws.delete_rows(_row_of(ws, col, deleted))
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)

    _upload(page, L["ui.import_label"], edited)
    expect(page.get_by_text(L["ui.changes_found"].format(n=4)).first).to_be_visible()
    _settled(page)
    changes = _grid(page)
    assert sorted(changes[L["ui.change_what"]]) == sorted(
        L[f"change.{k}"] for k in ("moved", "channel", "team", "removed")
    ), changes
    questions = changes[L["ui.change_question"]]
    assert sorted(questions) == sorted(text[q] for q in (moved, recast, dated, deleted))
    assert not set(questions) & set(planned), "questions are named by their text, not id"
    row = questions.index(text[moved])
    assert (changes[L["ui.change_before"]][row], changes[L["ui.change_after"]][row]) == (
        str(at + 1),
        "1",
    ), changes
    row = questions.index(text[recast])
    assert changes[L["ui.change_after"]][row] == new_channel, changes
    page.screenshot(path=artifacts / f"finding3_changes_{lang}.png", full_page=True)
    if lang == "he":  # finding 5 too: no English in the Hebrew list of changes
        assert not grid_latin(page, catalog), sorted(grid_latin(page, catalog))

    page.get_by_role("button", name=L["ui.take_selected"]).click()
    expect(page.get_by_text(L["ui.changes_taken"]).first).to_be_visible()
    _, taken = _download(page, L["ui.download_xlsx"], tmp_path)
    now = _plan_ids(taken, catalog, lang)
    assert now[0] == moved and deleted not in now, now
    _, ws2, col2 = _plan_sheet(taken, catalog, lang)
    due = ws2.cell(_row_of(ws2, col2, dated), col2["col.due"]).value
    assert due == dt.datetime(2027, 1, 15), due  # a date, not text

    page.get_by_role("button", name=L["ui.undo_import"]).click()
    expect(page.get_by_text(L["ui.import_undone"]).first).to_be_visible()
    _, undone = _download(page, L["ui.download_xlsx"], tmp_path)
    assert _plan_ids(undone, catalog, lang) == planned
    _no_exception(page)

    # the same workbook in another engagement is refused, with what to do
    other = _page(browser)
    other.goto(f"{url}/export?lang={lang}&org=urban_retail")
    _title(other, L["page.export"])
    _settled(other)
    _upload(other, L["ui.import_label"], edited)
    refusal = catalog.messages.at["plan_other_engagement", lang].split("(")[0].strip()
    expect(other.get_by_text(refusal).first).to_be_visible()
    expect(other.get_by_role("button", name=L["ui.take_selected"])).to_have_count(0)
    other.screenshot(path=artifacts / f"finding3_refused_{lang}.png")
    page.context.close()
    other.context.close()


# --- finding 6: a partial comparison keeps the other goals' weights ------------------------------


def _weights(page: Page, labels: dict[str, str]) -> dict[str, float]:
    """Each goal's slider value, by goal id, once the page shows no element of an earlier run
    and two readings agree: while a run redraws the sliders, some show the new weights and some
    the old ones (seen in CI on a loaded machine, after the AHP's weights were applied)."""
    shown = _weights_once(page, labels)
    for _ in range(10):
        page.wait_for_timeout(400)
        _settled(page)
        page.wait_for_function(
            '() => !document.querySelector(\'[data-stale="true"] [data-testid="stSlider"]\')',
            timeout=TIMEOUT,
        )
        again = _weights_once(page, labels)
        if again == shown:
            return shown
        shown = again
    raise AssertionError(f"the goal sliders kept changing: last read {shown}")


def _weights_once(page: Page, labels: dict[str, str]) -> dict[str, float]:
    out = {}
    for goal, label in labels.items():
        slider = page.locator('[data-testid="stSlider"]').filter(
            has=page.get_by_text(label, exact=True)
        )
        value = slider.locator('[data-testid="stSliderThumbValue"]')
        try:
            out[goal] = float(value.inner_text().strip())
        except PlaywrightTimeoutError:
            # seen only in full runs on a loaded two-core machine: keep what the page showed
            page.screenshot(path=ARTIFACTS / f"weights_{goal}_failed.png", full_page=True)
            raise
    return out


def _choose(page: Page, option: str) -> None:
    """Click a radio option until it is the one checked and the page has run: on a loaded
    machine a click that lands while the page is still running can be lost."""
    radio = page.get_by_role("radio", name=option, exact=True)
    for _ in range(3):
        page.get_by_text(option, exact=True).click()
        _settled(page)
        try:
            if radio.is_checked():
                return
        except PlaywrightTimeoutError:
            # seen only in full runs on a loaded two-core machine: keep what the page showed
            page.screenshot(path=ARTIFACTS / f"choose_{_slug(option)}_failed.png", full_page=True)
            raise
    raise AssertionError(f"the option {option!r} could not be chosen")


def _slug(text: str) -> str:
    return re.sub(r"\W+", "_", text.encode("ascii", "backslashreplace").decode())[:40]


@pytest.mark.parametrize("lang", LANGS)
def test_finding_6_an_ahp_of_some_goals_keeps_the_others_and_says_what_changed(
    url, browser, artifacts, catalog, lang
):
    """Finding 6: applying AHP (or the room's weights) of 5 of the 9 goals set the other 4 to
    zero, silently. Now they keep their weights and the page lists what changed."""
    L = catalog.labels[lang]
    labels = catalog.goals[f"label_{lang}"].to_dict()
    page = _page(browser)
    page.goto(f"{url}/goals?lang={lang}&org=urban_retail")
    _title(page, L["page.goals"])
    _settled(page)
    before = _weights(page, labels)
    compared = sorted(catalog.goals.index, key=lambda g: -before[g])[:5]  # the page's default
    others = [g for g in catalog.goals.index if g not in compared]
    assert others and any(before[g] > 0 for g in others), before

    page.get_by_text(L["ui.mode_ahp"], exact=True).click()
    chosen = page.locator('[data-testid="stMultiSelect"]').filter(has_text=L["ui.ahp_goals"])
    for goal in compared:
        expect(chosen).to_contain_text(labels[goal])
    pair = page.locator('[data-testid="stSlider"]').first.get_by_role("slider")
    pair.focus()
    pair.press("End")  # one goal judged far more important than another
    _settled(page)
    page.get_by_role("button", name=L["ui.use_ahp"]).click()
    expect(page.get_by_text(L["ui.ahp_applied"]).first).to_be_visible()
    kept = L["ui.weights_kept"].split("{")[0].strip()
    expect(page.get_by_text(kept).first).to_be_visible()
    changed = page.locator('[data-testid="stMarkdownContainer"] li').filter(
        has_text=re.compile(r"\d\.\d\d\D+\d\.\d\d")
    )  # "goal: 0.70 → 0.85", one line per goal that changed
    expect(changed.first).to_be_visible()
    lines = changed.all_inner_texts()
    page.screenshot(path=artifacts / f"finding6_ahp_applied_{lang}.png", full_page=True)
    # the rescaling caption follows the list in the same run: read it once the run has ended
    # (counted mid-run on a loaded machine, it was missing while the weights were rescaled)
    _settled(page)
    rescaled = page.get_by_text(L["ui.weights_rescaled"].split("{")[0].strip())
    factor = 1.0
    if rescaled.count():  # a weight above 1: all divided alike, and the page says so
        factor = float(re.search(r"\d+\.\d\d", rescaled.first.inner_text()).group(0))
    assert lines and all(any(labels[g] in x for g in compared) for x in lines[:1]), lines
    if factor == 1.0:  # only the compared goals moved
        assert not any(labels[g] in x for g in others for x in lines), lines

    _choose(page, L["ui.mode_sliders"])
    after = _weights(page, labels)
    for goal in others:
        assert after[goal] * factor == pytest.approx(before[goal], abs=0.01), (goal, after)
    assert sum(after[g] for g in compared) * factor == pytest.approx(
        sum(before[g] for g in compared), abs=0.02
    ), (before, after)
    assert after != before, "the comparison changed the compared goals' weights"
    _no_exception(page)
    page.context.close()


# --- finding 7: the Evidence page keeps its uploads and reads the customer file alone -----------


@pytest.mark.parametrize("lang", LANGS)
def test_finding_7_evidence_keeps_its_files_shows_coverage_and_names_questions(
    url, browser, artifacts, tmp_path, catalog, lang
):
    """Finding 7: the Evidence page dropped its uploads and results on leaving it, asked for the
    pilot answers before the coverage check, refused xlsx and showed question ids. Now: a
    customers xlsx alone shows the coverage; leaving the page and a reload keep it; the measured
    questions are named by their text."""
    from zpd_assess.evidence import synthetic_customers

    L = catalog.labels[lang]
    customers, answers, _ = synthetic_customers(n=800, first_party=6, informative=3,
                                                duplicates=1, noise=2, seed=2)  # fmt: skip
    customers["cust_marital_stat"] = customers["fp_00"].where(customers["fp_00"] > 0)
    customers["hh_size"] = customers["fp_01"].round()
    customers.to_excel(tmp_path / "customers.xlsx", index=False)
    # the pilot asked real questions of the bank: their columns are question ids
    asked = [c for c in answers.columns if c != "customer_id"]
    real = list(catalog.questions.index[: len(asked)])
    answers.rename(columns=dict(zip(asked, real, strict=True))).to_csv(
        tmp_path / "answers.csv", index=False
    )
    coverage = L["ui.coverage_said_measured"]
    page = _page(browser)
    page.goto(f"{url}/evidence?lang={lang}&org=tavor_bank")
    _title(page, L["page.evidence"])
    _upload(page, L["ui.customers_file"], tmp_path / "customers.xlsx")
    expect(page.get_by_text(coverage).first).to_be_visible()
    kept = L["ui.evidence_saved_file"].split("{")[0].strip()
    expect(page.get_by_text(kept).first).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    page.screenshot(path=artifacts / f"finding7_coverage_{lang}.png", full_page=True)

    _nav(page, L["page.dashboard"])
    _nav(page, L["page.evidence"])
    expect(page.get_by_text(coverage).first).to_be_visible()
    expect(page.get_by_text(kept).first).to_contain_text("customers.xlsx")
    page.reload()
    _title(page, L["page.evidence"])
    expect(page.get_by_text(coverage).first).to_be_visible()
    expect(page.get_by_text(kept).first).to_contain_text("customers.xlsx")

    _upload(page, L["ui.answers_file"], tmp_path / "answers.csv")
    target = page.locator('[data-testid="stSelectbox"]').filter(has_text=L["ui.target_column"])
    target.click()
    page.get_by_role("option", name="churned").click()
    _settled(page)
    page.get_by_role("button", name=L["ui.run_evidence"], exact=True).click()
    heading = page.locator("h3").filter(has_text=L["ui.inferability"])
    expect(heading.first).to_be_visible(timeout=180_000)
    _settled(page)
    grids = page.locator('[data-testid="stDataFrame"]')
    expect(grids).to_have_count(2)
    # the second grid draws its accessible table a moment after it appears
    expect(grids.nth(1).locator("thead th").filter(has_text=L["ui.question"])).not_to_have_count(0)
    shown = _grid(page)  # both grids' columns: coverage, then the questions
    names = shown[L["ui.question"]]
    texts = {str(catalog.questions.at[q, f"text_{lang}"]).strip() for q in real}
    assert names and set(names) <= texts, (names, sorted(texts))
    assert not set(names) & set(real), "questions are named by their text"
    page.screenshot(path=artifacts / f"finding7_questions_{lang}.png", full_page=True)

    page.reload()  # the results are kept with the engagement too
    _title(page, L["page.evidence"])
    expect(page.locator("h3").filter(has_text=L["ui.inferability"]).first).to_be_visible()
    _no_exception(page)
    page.context.close()
