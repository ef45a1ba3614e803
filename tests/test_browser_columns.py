"""Issue 16 in a real browser: a client's data dictionary goes from upload to an assessment
through the column-mapping step, without leaving the app, in both languages.

The workbook (``tests/data/client_data_dictionary.xlsx``) has title rows, merged cells, the
header ``Field name | Label | Description | System | Data type | % populated | Last refreshed |
PII``, no party column and a change-log sheet. Every text is found by its label in
``templates/labels.csv`` (the language under test), never by a hard-coded English text.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from browser_support import streamlit_server
from conftest import DATA
from playwright.sync_api import Locator, Page, expect
from test_browser import LATIN_OK, _direction, _page, _settled, _title

from zpd_assess.intake import file_columns, load_inventory
from zpd_assess.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT = 90_000  # a loaded 2-core machine maps 41 attributes and draws the grids slowly
expect.set_options(timeout=TIMEOUT)
DICTIONARY = DATA / "client_data_dictionary.xlsx"
#: The mapping step's value for "keep this column as a note" (ui.widgets.AS_NOTE): the grid's
#: accessible table holds a select box's value; the canvas draws its label.
AS_NOTE = "_note"
#: A grid's rows as ``{header: text}``, read from its accessible table (the grid is a canvas).
GRID_ROWS = """g => {
  const heads = [...g.querySelectorAll('thead th')].map(e => e.textContent.trim());
  return [...g.querySelectorAll('tbody tr')].map(r => Object.fromEntries(
    [...r.querySelectorAll('td')].map((e, i) => [heads[i] || '', e.textContent])));
}"""
#: Labels inside an element cut short on screen (text wider than its box).
CLIPPED_INSIDE = """s => [...s.querySelectorAll(
  '[data-testid="stWidgetLabel"] *, summary *, button *, [data-testid="stMarkdownContainer"] *')]
  .filter(e => e.offsetParent && e.textContent.trim() && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.textContent.trim())"""
#: What an element shows outside its grids (the grids are checked cell by cell).
TEXT_OUTSIDE_GRIDS = """s => {
  // icon ligatures (":material/warning:" draws the word "warning" in the icon font) are left out
  const icons = [...s.querySelectorAll('*')].filter(e => e.children.length === 0
    && /Material/.test(getComputedStyle(e).fontFamily));
  const c = s.cloneNode(true);
  const all = [...s.querySelectorAll('*')], copies = [...c.querySelectorAll('*')];
  icons.forEach(e => copies[all.indexOf(e)].remove());
  c.querySelectorAll('[data-testid="stDataFrame"]').forEach(e => e.remove());
  return c.textContent; }"""
LATIN = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
#: A text whose first letter is Hebrew (the grid's own test for drawing a cell right to left).
HEBREW_FIRST = re.compile(r"^[^A-Za-z\u00c0-\u02b8]*[\u0591-\u07ff]")


@pytest.fixture(scope="module")
def url():
    """One server for the module; each test opens its own browser context (its own session)."""
    with streamlit_server() as base:
        yield base


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _saved() -> set[str]:
    """The engagements in the test run's data folder (the server saves there too)."""
    return {e.id for e in Store().list_engagements()}


def _step(page: Page, title: str) -> Locator:
    return page.locator('[data-testid="stExpander"]').filter(has_text=title).first


def _open(step: Locator) -> None:
    """Unfold the step when it is folded."""
    details = step.locator("details").first
    if details.get_attribute("open") is None:
        step.locator("summary").first.click()
    expect(details).to_have_attribute("open", "")


def _rows(step: Locator, header: str, n: int) -> dict[str, dict[str, str]]:
    """The step's grid, row by row, keyed by the client's column (``header``), once all ``n``
    rows are drawn."""
    grid = step.locator('[data-testid="stDataFrame"]').first
    expect(grid.locator("tbody tr")).to_have_count(n)
    return {r[header]: r for r in grid.evaluate(GRID_ROWS)}


def _choose(page: Page, box: Locator, option: str) -> None:
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(box.get_by_role("combobox")).to_have_value(option)


def _set_read_as(page: Page, step: Locator, client: str, read_as: str, label: str) -> None:
    """Change «Read as» of the client's column ``client`` in the grid, with the keyboard as a
    consultant would: go to the cell, Enter opens its drop-down, type the choice, Enter."""
    grid = step.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    expect(grid.locator("thead th").filter(has_text=label)).to_have_count(1)  # drawn
    expect(grid.locator("tbody tr").filter(has_text=client)).to_have_count(1)
    heads = grid.evaluate("g => [...g.querySelectorAll('thead th')].map(e => e.textContent.trim())")
    rows = grid.evaluate(GRID_ROWS)
    target = (heads.index(label), next(i for i, r in enumerate(rows) if client in r.values()))
    grid.locator("td").first.focus()  # the grid takes the keyboard, a cell is selected
    selected = grid.locator('td[aria-selected="true"]').first
    expect(selected).to_be_attached()
    col, row = (int(n) for n in selected.get_attribute("id").rsplit("-", 2)[1:])
    for _ in range(target[0] - col):
        page.keyboard.press("ArrowRight")
    for _ in range(target[1] - row):
        page.keyboard.press("ArrowDown")
    cell = grid.locator(f"#glide-cell-{target[0]}-{target[1]}")
    expect(cell).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    editor = page.get_by_role("combobox").and_(page.locator("input[id^='react-select']"))
    expect(editor.first).to_be_focused()
    page.keyboard.type(read_as)
    page.keyboard.press("Enter")
    # Streamlit's grid hands an edit to its form 150 ms after the cell changes (a debounce in
    # its data editor); a person takes longer than that before clicking «Apply», a script does
    # not (CI lost the edit once, stop 27). Wait as long as a quick person would.
    page.wait_for_timeout(500)


def _hebrew_step_reads_right_to_left(step: Locator, header: str, catalog) -> None:
    """The Hebrew step: right to left, nothing cut short, no English outside the client's own
    headers and examples."""
    assert step.evaluate("s => getComputedStyle(s).direction") == "rtl"
    assert not step.evaluate(CLIPPED_INSIDE), step.evaluate(CLIPPED_INSIDE)
    outside = set(LATIN.findall(step.evaluate(TEXT_OUTSIDE_GRIDS))) - LATIN_OK
    assert not outside, sorted(outside)
    grid = step.locator('[data-testid="stDataFrame"]').first
    heads = grid.evaluate("g => [...g.querySelectorAll('thead th')].map(e => e.textContent.trim())")
    assert not [h for h in heads if LATIN.search(h)], heads
    # the grid's first column, the client's own header, sits at the right edge
    assert heads[-1] == header, heads
    rows = grid.evaluate(GRID_ROWS)
    client_own = {w.lower() for r in rows for k, v in r.items()
                  for w in LATIN.findall(v) if k in (header, heads[0])}  # fmt: skip
    why = {w for r in rows for w in LATIN.findall(r[heads[1]])}
    assert {w for w in why if w.lower() not in client_own} <= LATIN_OK, sorted(why - client_own)
    # the grid draws a cell right to left only when a Hebrew letter comes before any Latin one:
    # a reason that opens with the client's (Latin) header reads scrambled. Known for the
    # sentences whose Hebrew opens with the header (columns.reason_weak*, reported for a fix):
    # once their wording opens with a Hebrew word, every row is held to it.
    mapping = file_columns(DICTIONARY.read_bytes(), catalog, name=DICTIONARY.name)
    opens_with_header = {m.name for m in mapping.matches
                         if catalog.labels["he"][m.reason].startswith("«{")}  # fmt: skip
    scrambled = {r[header] for r in rows if not HEBREW_FIRST.match(r[heads[1]])}
    assert scrambled <= opens_with_header, sorted(scrambled - opens_with_header)


@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_data_dictionary_is_mapped_and_read_in_the_browser(url, browser, artifacts, catalog,
                                                             lang):  # fmt: skip
    L = catalog.labels[lang]
    text = lambda key, **kw: catalog.text(key, lang, **kw)  # noqa: E731
    col = lambda cid: str(catalog.inventory_columns.at[cid, f"label_{lang}"])  # noqa: E731
    first_party = catalog.value_labels("party", lang)["first"]
    read = load_inventory(DICTIONARY.read_bytes(), catalog, name=DICTIONARY.name,
                          defaults={"party": "first", "coverage": "50%"})  # fmt: skip
    expected_rows = len(read.inventory)
    assert 35 <= expected_rows <= 45, expected_rows  # the workbook's ~40 attributes
    before = _saved()

    # 1. the Engagement page, the client's workbook uploaded
    page = _page(browser)
    page.set_viewport_size({"width": 1440, "height": 1600})  # the whole step in one screenshot
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{url}/?lang={lang}")
    _title(page, L["page.engagement"])
    _direction(page, "rtl" if lang == "he" else "ltr")
    box = page.locator('[data-testid="stFileUploader"]').filter(has_text=L["ui.upload_label"])
    box.first.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        str(DICTIONARY)
    )

    # 2. it cannot be used yet; the mapping step is open and says the party is missing
    expect(
        page.get_by_text(text("ui.upload_errors", n=1, name=DICTIONARY.name)).first
    ).to_be_visible()
    step = _step(page, text("ui.columns_title", found=5, n=8))
    expect(step.locator("details").first).to_have_attribute("open", "")
    expect(step.get_by_text(text("ui.columns_missing", column=col("party")))).to_be_visible()
    rows = _rows(step, L["ui.columns_yours"], 8)
    data_type = rows["Data type"]
    assert data_type[L["ui.columns_read_as"]] == AS_NOTE, data_type
    why = data_type[L["ui.columns_why"]]
    assert "Text(40)" in why and col("party") in why, why  # names its values and our column
    assert rows["Field name"][L["ui.columns_read_as"]] == "attribute", rows["Field name"]
    assert rows["% populated"][L["ui.columns_read_as"]] == "coverage", rows["% populated"]
    assert rows["Last refreshed"][L["ui.columns_read_as"]] == "refresh_days"
    _settled(page)
    assert "e" not in _query(page), page.url  # a file that does not read is not saved
    assert _saved() == before
    step.scroll_into_view_if_needed()
    step.screenshot(path=artifacts / f"columns_step_{lang}.png")
    if lang == "he":
        _hebrew_step_reads_right_to_left(step, L["ui.columns_yours"], catalog)

    # 3. nothing changed in the grid: the party for every row, a coverage, and apply
    _choose(page, step.locator('[data-testid="stSelectbox"]').filter(has_text=col("party")),
            first_party)  # fmt: skip
    coverage = step.get_by_label(col("coverage"), exact=True)
    coverage.fill("50%")
    coverage.press("Tab")
    step.get_by_role("button", name=L["ui.columns_apply"]).click()

    # 4. the assessment, a saved engagement, and the inventory of ~40 attributes
    index = page.locator('[data-testid="stMetric"]').filter(has_text=L["summary.index"])
    expect(index).to_be_visible()
    attributes = page.locator('[data-testid="stMetric"]').filter(has_text=L["col.attributes"])
    expect(attributes.locator('[data-testid="stMetricValue"]')).to_have_text(str(expected_rows))
    page.wait_for_url(lambda u: "e" in parse_qs(urlparse(u).query), timeout=TIMEOUT)
    engagement_id = _query(page)["e"][0]
    assert _saved() == before | {engagement_id}
    stored = Store().get_engagement(engagement_id)
    assert stored is not None and stored.state["defaults"] == {"party": "first",
                                                               "coverage": "50%"}  # fmt: skip

    page.locator('[data-testid="stSidebar"]').get_by_role("link", name=L["page.inventory"]).click()
    _title(page, L["page.inventory"])
    # the inventory grid holds every attribute (its accessible table counts the header row)
    expect(page.locator(f'table[role="grid"][aria-rowcount="{expected_rows + 1}"]')).to_have_count(
        1
    )
    step = _step(page, text("ui.columns_title", found=5, n=8))
    expect(step).to_be_visible()
    expect(step.locator("details").first).not_to_have_attribute("open", "")  # folded: it reads
    _open(step)
    # the party has a value for every row now: the step no longer asks for it
    expect(step.get_by_text(text("ui.columns_missing", column=col("party")))).to_have_count(0)
    party = step.locator('[data-testid="stSelectbox"]').filter(has_text=col("party"))
    expect(party.get_by_role("combobox")).to_have_value(first_party)
    expect(step.get_by_label(col("coverage"), exact=True)).to_have_value("50%")
    _no_exception(page)
    if lang == "he":
        page.context.close()
        return

    # 5. (one language is enough) "PII" read as our Notes, applied, kept after a reload
    _set_read_as(page, step, "PII", col("notes"), L["ui.columns_read_as"])
    grid = step.locator('[data-testid="stDataFrame"]').first
    expect(grid.locator("td").filter(has_text=re.compile("^notes$"))).to_have_count(1)
    step.get_by_role("button", name=L["ui.columns_apply"]).click()
    changed = text("ui.columns_title", found=6, n=8)
    step = _step(page, changed)
    expect(step).to_be_visible()
    _open(step)
    # the grid is drawn again after the rerun that applies the choice: wait for its reason
    pii_row = step.locator('[data-testid="stDataFrame"]').first.locator("tbody tr")
    expect(pii_row.filter(has_text="PII")).to_contain_text(text("columns.reason_consultant"))
    pii = _rows(step, L["ui.columns_yours"], 8)["PII"]
    assert pii[L["ui.columns_read_as"]] == "notes", pii
    assert pii[L["ui.columns_why"]] == text("columns.reason_consultant"), pii
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).get('e') === {engagement_id!r}"
    )

    page.reload()
    _title(page, L["page.inventory"])
    step = _step(page, changed)
    expect(step).to_be_visible()
    _open(step)
    # the grid is drawn again after the rerun that applies the choice: wait for its reason
    pii_row = step.locator('[data-testid="stDataFrame"]').first.locator("tbody tr")
    expect(pii_row.filter(has_text="PII")).to_contain_text(text("columns.reason_consultant"))
    pii = _rows(step, L["ui.columns_yours"], 8)["PII"]
    assert pii[L["ui.columns_read_as"]] == "notes", pii
    assert _query(page)["e"] == [engagement_id]
    stored = Store().get_engagement(engagement_id)
    assert stored is not None and stored.state["columns"] == {"PII": "notes"}, stored.state
    _no_exception(page)
    page.context.close()


def _no_exception(page: Page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
