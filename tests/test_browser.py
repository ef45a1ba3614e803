"""The app in a real browser: cold load, deep links, refresh, and the newcomer's path."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from browser_support import streamlit_server
from conftest import SAMPLES
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT = 60_000
expect.set_options(timeout=TIMEOUT)  # a loaded 2-core machine draws charts slowly
#: Latin words a Hebrew screen may show: the language switch itself, acronyms and brands.
LATIN_OK = {
    "English",
    "Language",
    "AHP",
    "SMS",
    "IVR",
    "QR",
    "Excel",
    "JSON",
    "WhatsApp",
    "ZPD",
    "Assess",
    "NPS",
    "CRM",
    "xlsx",
    "csv",
    "CSV",
    "zip",
    "SurveyJS",
    "XLSForm",
    "ODK",
    "KoboToolbox",
    "Skip",
    "main",
    "content",
}  # Streamlit's own skip link, shown to keyboard users only
LATIN_WORDS = """() => {
  const root = document.querySelector('[data-testid="stAppViewContainer"]');
  // icon ligatures (":material/badge:" renders the word "badge" in the icon font)
  const iconElements = [...root.querySelectorAll('*')].filter(e =>
    e.matches('[data-testid="stIconMaterial"]')
    || (e.children.length === 0 && /Material/.test(getComputedStyle(e).fontFamily)));
  const icons = new Set(iconElements.flatMap(e => e.innerText.trim().split("_")));
  // a client's attribute names ('user_line_relation') are its own: identifiers are left out
  const words = root.innerText.replace(/\\S*_\\S*/g, ' ').match(/[A-Za-z][A-Za-z'-]{2,}/g) || [];
  return words.filter(w => !icons.has(w));
}"""

#: Every grid's header and cell texts (Streamlit's grid draws on a canvas; its accessible table
#: holds the texts): ``[header, text]`` pairs, headers included as ``[header, header]``.
GRID_TEXTS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].flatMap(g => {
  const heads = [...g.querySelectorAll('thead th')].map(e => e.textContent.trim());
  const cells = [...g.querySelectorAll('tbody tr')].flatMap(r =>
    [...r.querySelectorAll('td')].map((e, i) => [heads[i] || '', e.textContent]));
  return [...heads.map(h => [h, h]), ...cells];
})"""
#: Labels cut short on screen (a widget's, a metric's, a button's, a tab's): their text is wider
#: than their box, so the reader sees "…" or nothing of the end.
CLIPPED_LABELS = """() => [...document.querySelectorAll(
  '[data-testid="stWidgetLabel"] *, [data-testid="stMetricLabel"] *, button *, '
  + '[data-testid="stTab"] *')]
  .filter(e => e.offsetParent && e.textContent.trim() && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent.trim())"""
#: Each grid's column headers, left to right.
GRID_HEADS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(g =>
  [...g.querySelectorAll('thead th')].map(e => e.textContent.trim()))"""
#: Grid columns that hold the client's own names or ids, or a drop-down's id (drawn by its label)
CLIENT_OR_ID_COLUMNS = ("col.attribute", "col.description", "col.question_id", "col.party",
                        "col.consent", "col.granularity", "col.topic_used")  # fmt: skip


def grid_latin(page: Page, catalog) -> set[str]:
    """Latin words in a Hebrew screen's grids, outside the client's names, ids, publishers."""
    import re

    from zpd_assess.sources import publisher_name

    he = catalog.labels["he"]
    skip = {he[k] for k in CLIENT_OR_ID_COLUMNS}
    names = {
        w
        for s in catalog.sources.index
        for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", publisher_name(catalog, s))
    }
    for grid in page.locator('[data-testid="stDataFrame"]').all():
        expect(grid.locator("thead th").first).to_be_attached()  # its texts are drawn
    found = set()
    for header, text in page.evaluate(GRID_TEXTS):
        if header in skip or text in ("true", "false"):
            continue
        found |= set(re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text))
    return found - names - LATIN_OK


def _page(browser) -> Page:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    return page


def _title(page: Page, text: str) -> None:
    expect(page.locator("h1").first).to_have_text(text, timeout=TIMEOUT)


def _direction(page: Page, expected: str) -> None:
    """Wait (Streamlit draws in several steps) until the app has the expected direction."""
    page.wait_for_function(
        f"getComputedStyle(document.querySelector('.stApp')).direction === '{expected}'",
        timeout=TIMEOUT,
    )


def _nav(page: Page, name: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=name).click()


def _on_first_grid(page: Page, action: Callable[[Locator], Any]) -> Any:
    """``action`` on the page's first grid, once more if a rerun redrew the grid meanwhile (the
    element the action held is then no longer in the page)."""
    for attempt in range(3):
        try:
            return action(page.locator('[data-testid="stDataFrame"]').first)
        except PlaywrightError as exc:
            if "not attached" not in str(exc) or attempt == 2:
                raise
            _settled(page)
    return None


def _settled(page: Page) -> None:
    """Wait until Streamlit is not running a script."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT
    )


def test_cold_deep_link_refresh_and_every_page(browser, artifacts, catalog):
    """On a server no session has touched, a deep link, a refresh and each page all work."""
    with streamlit_server() as url:
        page = _page(browser)
        page.goto(f"{url}/dashboard?lang=he")
        _title(page, "לוח פערים")
        nav = page.locator('[data-testid="stSidebar"]')
        expect(nav).to_contain_text("מלאי נתונים")
        expect(nav).not_to_contain_text("dashboard")
        _direction(page, "rtl")
        page.screenshot(path=artifacts / "browser_cold_deep_link_he.png")
        page.reload()
        _title(page, "לוח פערים")
        hebrew_pages = [
            ("", "פרויקט"), ("inventory", "מלאי נתונים"), ("goals", "מטרות ומשקלות"),
            ("dashboard", "לוח פערים"), ("questions", "שאלות"), ("channels", "ערוצים"),
            ("export", "ייצוא"),
        ]  # fmt: skip
        for path, title in hebrew_pages:
            page.goto(f"{url}/{path}?lang=he")
            _title(page, title)
            _settled(page)
            leftovers = set(page.evaluate(LATIN_WORDS)) - LATIN_OK
            assert not leftovers, (path, sorted(leftovers))
            # the grids too (issue 14, finding 5: «column», source ids in the channels' grid)
            assert not grid_latin(page, catalog), (path, sorted(grid_latin(page, catalog)))
        for path, title in [("questions", "Questions"), ("channels", "Channels"),
                            ("export", "Export"), ("goals", "Goals & weights"),
                            ("inventory", "Inventory"), ("", "Engagement")]:  # fmt: skip
            page.goto(f"{url}/{path}?lang=en")
            _title(page, title)
            _direction(page, "ltr")
            expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        page.context.close()


def test_a_cold_first_load_of_the_root_goes_through_the_frame(browser):
    with streamlit_server() as url:
        page = _page(browser)
        page.goto(f"{url}/?lang=he")
        _title(page, "פרויקט")
        nav = page.locator('[data-testid="stSidebar"]')
        expect(nav).to_contain_text("לוח פערים")
        expect(nav.get_by_role("link", name="app", exact=True)).to_have_count(0)
        _direction(page, "rtl")
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        page.context.close()


def test_the_newcomers_path(browser, artifacts, tmp_path, catalog):
    with streamlit_server() as url:
        page = _page(browser)
        # open: a full engagement at once
        page.goto(url)
        _title(page, "Engagement")
        expect(page.get_by_text("Customer-knowledge index today").first).to_be_visible()
        _nav(page, "Gap dashboard")
        _title(page, "Gap dashboard")
        expect(page.locator(".js-plotly-plot").first).to_be_visible()
        page.screenshot(path=artifacts / "browser_1_dashboard.png")

        # upload the dirty inventory: its errors are listed by row and column
        _nav(page, "Inventory")
        _title(page, "Inventory")
        upload = page.locator('[data-testid="stFileUploaderDropzoneInput"]').first
        upload.set_input_files(str(SAMPLES / "dirty" / "inventory_dirty.xlsx"))
        expect(page.get_by_text("cannot be used yet").first).to_be_visible()
        expect(page.get_by_text("Row 6, column party").first).to_be_visible()
        expect(page.get_by_text("'4th party' is not a data party").first).to_be_visible()
        page.screenshot(path=artifacts / "browser_2_dirty_upload.png")

        # upload a good one
        upload.set_input_files(str(SAMPLES / "urban_retail" / "inventory.xlsx"))
        expect(page.get_by_text("is in use").first).to_be_visible()
        expect(page.get_by_text("109 attributes").first).to_be_visible()
        page.screenshot(path=artifacts / "browser_3_good_upload.png")

        # the ranking before a weight changes
        _nav(page, "Goals & weights")
        _title(page, "Goals & weights")
        _settled(page)
        live = (
            page.locator('[data-testid="stColumn"]')
            .filter(has_text="The plan's first questions")
            .last
        )
        before = live.inner_text()
        slider = page.locator('[data-testid="stSlider"]').filter(has_text="Risk").first
        thumb = slider.get_by_role("slider")
        thumb.focus()
        started = time.perf_counter()
        thumb.press("End")
        expect(live).not_to_have_text(before, timeout=TIMEOUT)
        _settled(page)
        elapsed = time.perf_counter() - started
        (artifacts / "browser_slider_seconds.txt").write_text(f"{elapsed:.3f}\n")
        page.screenshot(path=artifacts / "browser_4_weight_changed.png")

        # the questions page shows the new ranking
        _nav(page, "Questions")
        _title(page, "Questions")
        expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
        page.screenshot(path=artifacts / "browser_5_questions.png")

        # switch to Hebrew: right-to-left, Hebrew labels
        page.get_by_text("עברית", exact=True).click()
        _title(page, "שאלות")
        _settled(page)
        _direction(page, "rtl")
        page.screenshot(path=artifacts / "browser_6_hebrew.png")

        # the export downloads and reopens in Hebrew
        _nav(page, "ייצוא")
        _title(page, "ייצוא")
        with page.expect_download(timeout=TIMEOUT) as info:
            page.get_by_role("button", name="הורדת תוכנית ה-Excel").click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
        assert wb.sheetnames[0] == "סיכום" and wb.sheetnames[2] == "תוכנית שאלות"
        assert wb["סיכום"].sheet_view.rightToLeft
        # an uploaded inventory has no engagement name yet: the plan is titled by its file name
        title = catalog.text("summary.title", "he")
        assert wb["סיכום"]["A1"].value == f"{title} — inventory.xlsx"
        page.screenshot(path=artifacts / "browser_7_export.png")
        # the script of a conversational channel, read right to left in Hebrew
        page.get_by_text(catalog.text("ui.scripts_preview", "he"), exact=True).click()
        code = page.locator('[data-testid="stExpander"] pre').first
        code.wait_for(timeout=TIMEOUT)
        assert code.inner_text().startswith("תסריט ")
        assert code.evaluate("e => getComputedStyle(e).direction") == "rtl"
        code.scroll_into_view_if_needed()
        page.screenshot(path=artifacts / "browser_7b_scripts.png")
        page.context.close()


def _link_keeps(page: Page, engagement_id: str | None, org: str, lang: str = "he") -> None:
    """The address bar names the engagement (once saved), its organisation and the language."""
    from urllib.parse import parse_qs, urlparse

    query = parse_qs(urlparse(page.url).query)
    assert query.get("lang") == [lang] and query.get("org") == [org], page.url
    if engagement_id is not None:
        assert query.get("e") == [engagement_id], page.url


@pytest.mark.parametrize("lang", ["he", "en"])
def test_every_menu_link_keeps_the_engagement_and_the_language_through_a_refresh(
    browser, catalog, lang
):
    """Issue 14, finding 1: a sidebar click used to drop e=, org= and lang= from the URL, so a
    refresh or a shared link opened the sample bank in English. After each sidebar click, on
    every page: the URL keeps all three, a refresh keeps the page, and the copied link opened in
    another browser shows the same page of the same engagement, in the same language."""
    from urllib.parse import parse_qs, urlparse

    from zpd_assess.engagement import load_engagement

    L = catalog.labels[lang]
    direction = "rtl" if lang == "he" else "ltr"
    client = load_engagement(SAMPLES / "urban_retail").name(lang)
    pages = [L[f"page.{name}"] for name in ("inventory", "goals", "dashboard", "questions",
             "channels", "workshop", "evidence", "export", "engagement")]  # fmt: skip
    nav = '[data-testid="stSidebar"]'
    with streamlit_server() as url:
        page = _page(browser)
        other = _page(browser)  # where the copied links are opened: another browser's session
        other.set_viewport_size({"width": 1280, "height": 720})  # a colleague's laptop
        # finding 8: "my own inventory" before anything is uploaded asks for a file, no red error
        page.goto(f"{url}/?lang={lang}&org=upload")
        _title(page, L["page.engagement"])
        expect(page.get_by_text(L["ui.upload_first"]).first).to_be_visible()
        expect(page.get_by_text(L["ui.inventory_invalid"])).to_have_count(0)
        # A sample not edited yet has no engagement id: org= alone must survive a sidebar click.
        page.goto(f"{url}/goals?lang={lang}&org=urban_retail")
        _title(page, L["page.goals"])
        page.locator(nav).get_by_role("link", name=L["page.engagement"]).click()
        _title(page, L["page.engagement"])
        _link_keeps(page, None, "urban_retail", lang)
        page.reload()
        _title(page, L["page.engagement"])
        expect(page.get_by_text(client).first).to_be_visible()
        page.locator(nav).get_by_role("link", name=L["page.goals"]).click()
        _title(page, L["page.goals"])
        thumb = page.locator('[data-testid="stSlider"]').first.get_by_role("slider")
        thumb.focus()
        thumb.press("End")  # an edit: the engagement is saved and named in the URL
        page.wait_for_function("() => new URL(location.href).searchParams.get('e')")
        engagement_id = parse_qs(urlparse(page.url).query)["e"][0]
        # a refresh on the first, a middle and the last page (the same fresh load as the copied
        # link opened in the other browser, which every page gets): the suite's longest test
        refreshed = {pages[0], pages[len(pages) // 2], pages[-1]}
        for title in pages:
            page.locator(nav).get_by_role("link", name=title, exact=True).click()
            _title(page, title)
            _link_keeps(page, engagement_id, "urban_retail", lang)
            if title in refreshed:
                page.reload()
                _title(page, title)
                _direction(page, direction)
                _link_keeps(page, engagement_id, "urban_retail", lang)
            other.goto(page.url)  # the link as a colleague receives it
            _title(other, title)
            _direction(other, direction)
            _link_keeps(other, engagement_id, "urban_retail", lang)
            expect(other.locator('[data-testid="stException"]')).to_have_count(0)
            for window in (page, other):  # no label cut short, on a desktop or a laptop
                assert not window.evaluate(CLIPPED_LABELS), (title, window.evaluate(CLIPPED_LABELS))
        expect(other.get_by_text(client).first).to_be_visible()
        page.context.close()
        other.context.close()


#: The captions under a slider's two ends, in the order they sit on screen (left, right).
SLIDER_ENDS = """s => [...s.querySelectorAll('[data-testid="stSliderTickBar"] > div')]
  .map(e => [e.getBoundingClientRect().x, e.innerText.trim()])
  .sort((a, b) => a[0] - b[0]).map(e => e[1])"""


def _ends_match_the_thumb(slider) -> tuple[str, str]:
    """The caption under each end of a slider is the thumb's own caption at that end."""
    thumb = slider.get_by_role("slider")
    thumb.focus()
    slider.locator('[data-testid="stSliderTickBar"]').wait_for()
    left, right = slider.evaluate(SLIDER_ENDS)
    value = slider.locator('[data-testid="stSliderThumbValue"]')
    thumb.press("Home")
    expect(value).to_have_text(left)
    thumb.press("End")
    expect(value).to_have_text(right)
    return left, right


def _choose_radio(page: Page, label: str) -> None:
    """Click the radio option ``label`` until it is checked: a click that lands while the page
    still runs can be lost."""
    radio = page.get_by_role("radio", name=label, exact=True)
    for _ in range(3):
        page.get_by_text(label, exact=True).click()
        _settled(page)
        if radio.is_checked():
            break
    expect(radio).to_be_checked()


def test_hebrew_sliders_grids_and_toolbars_read_right_to_left(browser, artifacts, catalog):
    """Issue 14, finding 5: a Hebrew slider's end captions named the opposite end (goal weights,
    AHP); the grids put pin and exclude off-screen. Finding 8: a red "the inventory has problems"
    before anything was uploaded; the grid's toolbar covered the heading above it."""
    he = catalog.labels["he"]
    with streamlit_server() as url:
        page = _page(browser)
        page.goto(f"{url}/?lang=he&org=upload")  # "my own inventory", nothing uploaded yet
        _title(page, he["page.engagement"])
        expect(page.get_by_text(he["ui.upload_first"]).first).to_be_visible()
        expect(page.get_by_text(he["ui.inventory_invalid"])).to_have_count(0)

        page.goto(f"{url}/goals?lang=he&org=urban_retail")
        _title(page, he["page.goals"])
        _direction(page, "rtl")
        slider = page.locator('[data-testid="stSlider"]').first
        assert _ends_match_the_thumb(slider) == ("0.00", "1.00")  # the track runs 0 → 1, l to r
        _settled(page)
        _choose_radio(page, he["ui.mode_ahp"])
        pair = page.locator('[data-testid="stSlider"]').first
        expect(pair).to_contain_text("×")
        left, right = _ends_match_the_thumb(pair)
        assert left != right and "×9" in left and "×9" in right, (left, right)
        pair.screenshot(path=artifacts / "rtl_ahp_slider_ends.png")

        # a narrow grid reads from the right: the goal's name is the weights table's right column
        _choose_radio(page, he["ui.mode_sliders"])
        expect(page.locator('[data-testid="stSlider"]')).not_to_have_count(0)
        page.wait_for_function(  # the grid draws its accessible table a moment after it shows
            f"({GRID_HEADS})().some(h => h.includes({he['col.goal']!r}))", timeout=TIMEOUT
        )
        heads = page.evaluate(GRID_HEADS)
        shares = [h for h in heads if he["col.goal"] in h]
        assert shares == [[he["col.weight"], he["col.goal"]]], heads

        # the toolbar floats above a grid: it never covers what is drawn above the grid
        _settled(page)
        toolbar = page.locator('[data-testid="stElementToolbar"]').first

        def show_toolbar(grid: Locator) -> None:
            grid.scroll_into_view_if_needed()
            grid.hover()
            expect(toolbar).to_be_visible()

        _on_first_grid(page, show_toolbar)
        # both measured at the same instant, once the page has settled: on a loaded machine the
        # page above may still grow between two separate measurements
        _settled(page)

        def measure(grid: Locator) -> list:
            grid.hover()
            expect(toolbar).to_be_visible()
            return grid.evaluate(
                """g => { const c = g.closest('[data-testid="stElementContainer"]');
                          const p = c && c.previousElementSibling;
                          const t = document.querySelector('[data-testid="stElementToolbar"]');
                          return [t.getBoundingClientRect().top,
                                  p ? p.getBoundingClientRect().bottom : null]; }"""
            )

        toolbar_top, above = _on_first_grid(page, measure)
        page.screenshot(path=artifacts / "rtl_goals_grid_toolbar.png", full_page=True)
        assert above is None or toolbar_top >= above - 1, (toolbar_top, above)

        # the questions grid: rank, question, pin and exclude first, so on screen in Hebrew
        page.goto(f"{url}/questions?lang=he&org=urban_retail")
        _title(page, he["page.questions"])
        grid = page.locator('[data-testid="stDataFrame"]').first
        expect(grid.locator("thead th").first).to_be_attached()  # the grid's texts are drawn
        heads = grid.evaluate("g => [...g.querySelectorAll('thead th')].map(e => e.textContent)")
        assert heads[:4] == [he["col.rank"], he["ui.question"], he["ui.pin"], he["ui.exclude"]]
        # a grid of fixed height stays inside its box: what follows is not drawn over its rows
        bottom, below = grid.evaluate(
            """g => { const c = g.closest('[data-testid="stElementContainer"]');
                      const n = c.nextElementSibling;
                      return [g.getBoundingClientRect().bottom,
                              n ? n.getBoundingClientRect().top : Infinity]; }"""
        )
        assert bottom <= below + 0.5, (bottom, below)
        page.screenshot(path=artifacts / "rtl_questions_grid.png")
        page.context.close()
