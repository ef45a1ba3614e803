"""Issue 15 in a real browser: the ideas round with a facilitator and three phones (two in
Hebrew, one in English): ideas sent, seen on the facilitator's screen grouped with a suggested
topic, a group accepted onto the ballot and into the plan, voted on, and in the Excel plan."""

from __future__ import annotations

import io
import re
import time

import openpyxl
import pytest
from browser_support import streamlit_server
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT = 60_000
expect.set_options(timeout=TIMEOUT)


def _page(browser, phone: bool = False) -> Page:
    size = {"width": 390, "height": 844} if phone else {"width": 1400, "height": 1000}
    page = browser.new_context(viewport=size, accept_downloads=True).new_page()
    page.set_default_timeout(TIMEOUT)
    return page


def _title(page: Page, text: str) -> None:
    expect(page.locator("h1").first).to_have_text(text, timeout=TIMEOUT)


def _join(page: Page, url: str, code: str, lang: str, name: str, L) -> None:
    page.goto(f"{url}/?w={code}&lang={lang}")
    _title(page, L["page.vote"])
    page.get_by_label(L["ui.display_name"]).fill(name)
    page.get_by_role("button", name=L["ui.join"]).click()
    expect(page.get_by_text(L["ui.ideas_round"]).first).to_be_visible()


def _send(page: Page, text: str, L, n: int, kind: str = "question") -> None:
    """Send an idea and wait for the confirmation that counts it (the n-th from this phone:
    the previous confirmation is on the screen until the send's run redraws it)."""
    if kind != "question":
        page.get_by_text(L[f"idea.{kind}"], exact=True).click()
    box = page.get_by_label(L["ui.idea_text"])
    box.fill(text)
    page.get_by_role("button", name=L["ui.send_idea"]).click()
    expect(page.get_by_text(L["ui.idea_sent"].format(n=n)).first).to_be_visible()
    expect(box).to_have_value("")  # the form is cleared for the next idea


def test_the_ideas_round_from_three_phones_into_the_ballot_and_the_plan(
    browser, artifacts, catalog, tmp_path
):
    en, he = catalog.labels["en"], catalog.labels["he"]
    with streamlit_server() as url:
        facilitator = _page(browser)
        facilitator.goto(f"{url}/workshop?lang=en&org=urban_retail")
        _title(facilitator, en["page.workshop"])
        facilitator.get_by_role("button", name=en["ui.open"]).click()
        code_text = facilitator.get_by_text(re.compile(en["ui.join_code"])).first
        code = re.search(r"[A-Z2-9]{6}", code_text.inner_text()).group(0)
        expect(facilitator.get_by_text(en["ui.no_ideas_yet"])).to_be_visible()

        dana, yossi, noa = (_page(browser, phone=True) for _ in range(3))
        _join(dana, url, code, "he", "דנה", he)
        _join(yossi, url, code, "he", "יוסי", he)
        _join(noa, url, code, "en", "Noa", en)
        sent_at = time.monotonic()
        _send(noa, "What size do you usually wear?", en, 1)
        # the first idea waits for the server's topic mapper to be built (once per server)
        expect(facilitator.get_by_text("What size do you usually wear?")).to_be_visible()
        seen_after = time.monotonic() - sent_at
        # the next one sent as soon as the confirmation counts this one (the send is stored
        # before the page redraws, so a send cannot be lost to the next one interrupting it)
        _send(noa, "Which clothing size do you wear?", en, 2)
        _send(noa, "Ask the customer's clothing size", en, 3)
        _send(dana, "איפה אתם מעדיפים לקנות, באתר או בחנות?", he, 1)
        _send(yossi, "לקוחות חוששים שנמכור את המידע שלהם", he, 1, kind="worry")
        _send(yossi, "אילו ידענו את הסגנון שלהם, היינו מתאימים את דף הבית", he, 2, kind="use_case")
        dana.screenshot(path=artifacts / "ideas_1_phone_he.png")

        # the rest on the facilitator's screen (read after a reload: a loaded machine may lag
        # the live redraw; that the list updates by itself is shown by the first idea above)
        facilitator.reload()
        _title(facilitator, en["page.workshop"])
        # all four on the facilitator's screen, the two size ideas in one group
        for text in ("Which clothing size do you wear?", "איפה אתם מעדיפים לקנות",
                     "לקוחות חוששים"):  # fmt: skip
            expect(facilitator.get_by_text(re.compile(text)).first).to_be_visible()
        expect(facilitator.get_by_text(en["ui.ideas_count"].format(n=6, groups=4))).to_be_visible()
        group = facilitator.locator('[class*="st-key-workshop-idea_group"]').filter(
            has_text="What size do you usually wear?"
        )
        expect(group).to_contain_text("Which clothing size do you wear?")
        expect(group).to_contain_text("Ask the customer's clothing size")
        expect(group).to_contain_text(catalog.topics.at["product_preferences", "label_en"])
        facilitator.screenshot(path=artifacts / "ideas_2_facilitator.png", full_page=True)

        # split: an idea is taken off the group (its tag removed), then the rest accepted:
        # merged, on the ballot, in the plan; the one split off waits on its own
        members = group.locator('[data-testid="stMultiSelect"]')
        tag = members.locator("[data-tag]").filter(has_text="Ask the customer")
        tag.locator('[aria-label^="Remove"]').first.click()
        expect(members.locator("[data-tag]")).to_have_count(2)
        group.get_by_role("button", name=en["ui.idea_accept"]).click()
        expect(
            facilitator.get_by_text(
                re.compile(re.escape(en["ui.idea_accepted"].split("{")[0]))
            ).first
        ).to_be_visible()
        alone = facilitator.locator('[class*="st-key-workshop-idea_group"]').filter(
            has_text="Ask the customer's clothing size"
        )
        expect(alone.get_by_role("button", name=en["ui.idea_accept"])).to_be_visible()
        expect(alone).not_to_contain_text("What size do you usually wear?")
        missing = en["ui.idea_missing_language"].format(language=en["language.he"])
        expect(facilitator.get_by_text(missing)).to_be_visible()  # marked, not invented
        # translated by the facilitator: the Hebrew phones read it in Hebrew
        group = facilitator.locator('[class*="st-key-workshop-idea_group"]').filter(
            has_text="What size do you usually wear?"
        )
        group.get_by_role("button", name=en["ui.idea_wording"]).click()
        wording = facilitator.locator('[data-testid="stPopoverBody"]')
        wording.get_by_label(en["col.question_he"]).fill("מה מידת הבגדים שלכם בדרך כלל?")
        wording.get_by_role("button", name=en["ui.save"]).click()
        expect(facilitator.get_by_text(missing)).to_have_count(0)
        dana.reload()
        expect(dana.get_by_text("מה מידת הבגדים שלכם בדרך כלל?").first).to_be_visible()
        dana.screenshot(path=artifacts / "ideas_4_ballot_he.png")
        noa.reload()
        expect(noa.get_by_text("What size do you usually wear?").first).to_be_visible()
        dots = (
            noa.locator('[data-testid="stNumberInput"]')
            .filter(has_text="What size do you usually wear?")
            .locator("input")
        )
        dots.fill("3")
        dots.press("Tab")
        noa.get_by_role("button", name=en["ui.cast_vote"]).click()
        expect(noa.get_by_text(en["ui.vote_in"].format(used=3)[:20]).first).to_be_visible()
        noa.screenshot(path=artifacts / "ideas_3_ballot_en.png")
        dana.reload()  # a second ballot, in Hebrew: the room's agreement needs two
        first = dana.locator('[data-testid="stNumberInput"] input').first
        first.fill("5")
        first.press("Tab")
        dana.get_by_role("button", name=he["ui.cast_vote"]).click()
        expect(dana.get_by_text(he["ui.vote_in"].format(used=5)[:15]).first).to_be_visible()

        # a use becomes a use case of the team's; a worry is kept on record
        use = facilitator.locator('[class*="st-key-workshop-idea_group"]').filter(
            has_text="אילו ידענו את הסגנון"
        )
        use.locator('[data-testid="stSelectbox"]').filter(has_text=en["col.topic"]).click()
        topic = catalog.topics.at["product_preferences", "label_en"]
        facilitator.keyboard.type(topic)  # the list is long: typed, then taken
        facilitator.get_by_role("option", name=topic, exact=True).click()
        use.get_by_role("button", name=en["ui.idea_accept"]).click()
        expect(facilitator.get_by_text(en["ui.idea_accepted_use_case"][:30]).first).to_be_visible()
        worry = facilitator.locator('[class*="st-key-workshop-idea_group"]').filter(
            has_text="לקוחות חוששים"
        )
        expect(worry.locator('[data-testid="stSelectbox"]')).to_have_count(0)  # no topic asked
        worry.get_by_role("button", name=en["ui.idea_accept"]).click()
        expect(facilitator.get_by_text(en["ui.idea_accepted_worry"][:30]).first).to_be_visible()

        panel = facilitator.locator('[class*="st-key-workshop-idea_group"]')
        for i in range(panel.count()):  # each group as the facilitator sees it, for review
            panel.nth(i).screenshot(path=artifacts / f"ideas_5_group_{i}.png")

        facilitator.get_by_role("button", name=en["ui.reveal"]).click()
        expect(facilitator.get_by_text("What size do you usually wear?").first).to_be_visible()
        results = facilitator.locator('[data-testid="stMarkdown"]').filter(
            has_text=re.compile(re.escape(en["ui.room_agreement"].split(":")[0]))
        )
        if results.count():
            results.first.scroll_into_view_if_needed()
            facilitator.screenshot(path=artifacts / "ideas_6_results.png")

        engagement = re.search(r"[?&]e=([^&]+)", facilitator.url).group(1)
        facilitator.goto(f"{url}/export?lang=en&org=urban_retail&e={engagement}")
        _title(facilitator, en["page.export"])
        with facilitator.expect_download() as info:
            facilitator.get_by_role("button", name=en["ui.download_xlsx"]).click()
        info.value.save_as(tmp_path / "plan.xlsx")
        info.value.save_as(artifacts / "ideas_plan_en.xlsx")  # for review
        wb = openpyxl.load_workbook(io.BytesIO((tmp_path / "plan.xlsx").read_bytes()))
        ws = wb[catalog.text("sheet.questions", "en")]
        texts = [c.value for c in ws["C"]] + [c.value for c in ws["B"]]
        assert "What size do you usually wear?" in texts
        room = wb[catalog.text("sheet.workshop", "en")]  # ideas, merges and dots
        header = [c.value for c in room[1]]
        rows = {
            r[header.index(en["col.idea"])]: r for r in room.iter_rows(min_row=2, values_only=True)
        }
        agreement = en["ui.room_agreement"].split(":")[0]
        assert len([k for k in rows if k]) == 6, rows
        assert not any(k and k.startswith(agreement) for k in rows), rows  # 2 ballots: too few
        merged = rows["Which clothing size do you wear?"]
        assert merged[header.index(en["col.merged_into"])] == "What size do you usually wear?"
        assert rows["What size do you usually wear?"][header.index(en["col.dots"])] == 3
        status = header.index(en["col.idea_status"])
        assert rows["לקוחות חוששים שנמכור את המידע שלהם"][status] == en["ui.idea_status_accepted"]

        # the use case is the team's now, on the Goals page
        facilitator.goto(f"{url}/goals?lang=en&org=urban_retail&e={engagement}")
        _title(facilitator, en["page.goals"])
        grid_text = facilitator.locator('[data-testid="stDataFrame"]').filter(
            has_text="אילו ידענו את הסגנון"
        )
        expect(grid_text).to_have_count(1)
        for page in (facilitator, dana, yossi, noa):
            page.context.close()
    # measured, not asserted (make bench measures the server's part): printed with -s
    print(f"idea on the facilitator's screen {seen_after:.1f} s after it was sent")
