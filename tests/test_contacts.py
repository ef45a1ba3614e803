"""A channel's questions split into the contacts that ask them (an app prompt, a survey, a call).

Panel round 17: three consultants read the insurer's, the retailer's and the card issuer's six app
questions as one prompt ("six chained in one prompt", "six prompts a quarter is too many"). The
client's budget was two prompts a quarter of three questions each; the plan now says which
questions go together, a question and its follow-ups always in one contact.
"""

from __future__ import annotations

import functools
import io

import openpyxl
import pytest
from conftest import TODAY, shared_steps

from zpd_assess.assess import Assessment, assess_engagement
from zpd_assess.catalog import load_catalog
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.planning.report import asking_order, contacts
from zpd_assess.workbook import plan_workbook

CATALOG = load_catalog()
ALL_ORGS = sorted(e.org_id for e in sample_engagements())


@functools.cache
def sample(org: str) -> Assessment:
    (eng,) = [e for e in sample_engagements() if e.org_id == org]
    intake = load_inventory(eng.inventory_path, CATALOG, today=TODAY)
    return assess_engagement(intake, CATALOG, default_decisions(CATALOG, eng), steps=shared_steps())


SECONDS = {"a": 10, "a1": 10, "a2": 10, "b": 10, "c": 30, "d": 10, "d1": 10, "d2": 10, "d3": 10}
SCREENER = {"a1": "a", "a2": "a", "d1": "d", "d2": "d", "d3": "d"}


@pytest.mark.parametrize(
    ("ids", "size", "seconds", "expected"),
    [
        (["a", "a1", "a2", "b"], 3, 45, [["a", "a1", "a2"], ["b"]]),  # a module is never split
        (["b", "a", "a1", "a2"], 3, 45, [["b"], ["a", "a1", "a2"]]),  # nor split to fill a gap
        (["a", "a1", "b", "c"], 3, 45, [["a", "a1", "b"], ["c"]]),  # the seconds run out first
        (["d", "d1", "d2", "d3", "b"], 3, 45, [["d", "d1", "d2", "d3"], ["b"]]),  # too big: alone
        (["a", "b", "c"], 10, 600, [["a", "b", "c"]]),  # a survey: one contact
        ([], 3, 45, []),
    ],
)  # fmt: skip
def test_contacts_keep_the_asking_order_and_each_module_whole(ids, size, seconds, expected):
    assert contacts(ids, SECONDS, SCREENER, size, seconds) == (expected, [""] * len(expected))


@pytest.mark.parametrize(
    ("ids", "consent", "expected"),
    [
        # two consent steps (a and its follow-ups, then c) in two contacts: kept apart
        (["a", "a1", "d", "b"], {"a", "d"}, [["a", "a1"], ["d", "b"]]),
        # without a second consent step, packed as before
        (["a", "a1", "d", "b"], {"a"}, [["a", "a1", "d"], ["b"]]),
        # one contact holds them all: keeping them apart would add a contact, so it does not
        (["a", "d", "b"], {"a", "d"}, [["a", "d", "b"]]),
        # apart would need a third contact where the schedule has two: packed as before
        (["a", "d", "b", "e", "f"], {"a", "d", "e"}, [["a", "d", "b"], ["e", "f"]]),
    ],
)  # fmt: skip
def test_two_consent_steps_are_kept_apart_where_the_contacts_allow(ids, consent, expected):
    """Panel round 83: the health fund's first app prompt asked consent for the caregiver subject
    and again for the accessibility arrangements, while its second prompt asked none."""
    seconds = {**SECONDS, "e": 10, "f": 10}
    assert contacts(ids, seconds, SCREENER, 3, 45, consent=consent) == (
        expected,
        [""] * len(expected),
    )


@pytest.mark.slow
def test_the_health_funds_app_asks_the_caregiver_and_the_accessibility_consents_apart():
    """Panel round 83 (reviewer B): "stacked with 5 and 6, so members face two consent steps in
    one day-0 prompt". The app's two scheduled prompts keep them apart. (Since round 97 the
    sample's consultant asks the caregiver questions by the agents, when a caller acts for
    another member, and the due-test question in the app; here the team leaves both to the
    plan, which asks the caregiver pair in the app.)"""
    (eng,) = [e for e in sample_engagements() if e.org_id == "nofim_health"]
    intake = load_inventory(eng.inventory_path, CATALOG, today=TODAY)
    decisions = default_decisions(CATALOG, eng)
    assert decisions.placed.pop("q_health_caregiver") == "agent_question"
    # and asks the accessibility arrangements in the app, which the sample's consultant leaves
    # out since round 101
    decisions.excluded -= {"q_health_accessibility_needs", "q_health_accessibility_needs_voice"}
    decisions.placed["q_health_accessibility_needs"] = "in_app"
    a = assess_engagement(intake, CATALOG, decisions, steps=shared_steps())
    row = a.plan.channels.loc["in_app"]
    scheduled = [g for g, m in zip(row["contacts"], row["contact_moments"], strict=True) if not m]
    [caregiver] = [g for g in scheduled if "q_health_caregiver" in g]
    [access] = [g for g in scheduled if "q_health_accessibility_needs" in g]
    assert caregiver is not access
    assert caregiver[:2] == ["q_health_caregiver", "q_health_proxy_access"]
    assert len(scheduled) == 2


def test_a_question_a_moment_times_is_sent_then_with_its_follow_ups_not_on_the_schedule():
    groups, moments = contacts(
        ["b", "a", "a1", "a2", "c"], SECONDS, SCREENER, 3, 45, {"a": "fee_due"}
    )
    assert groups == [["b", "c"], ["a", "a1", "a2"]]
    assert moments == ["", "fee_due"]
    # the questions one moment times go together while they fit in one contact
    groups, moments = contacts(["b", "c", "d", "a"], SECONDS, SCREENER, 3, 45,
                               {"b": "fee_due", "d": "fee_due", "a": "trip"})  # fmt: skip
    assert groups == [["c"], ["b", "d"], ["a"]]
    assert moments == ["", "fee_due", "trip"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_card_issuers_fee_question_is_sent_a_month_before_the_fee_not_on_day_30(lang):
    """Panel round 18: the retention question timed by the fee date read as "day 30"."""
    a = sample("shaked_cards")
    fee = "q_credit_cards_fee_renewal"
    channel = a.plan.questions.at[fee, "channel"]
    row = a.plan.channels.loc[channel]
    [k] = [i for i, g in enumerate(row["contacts"]) if fee in g]
    moment = row["contact_moments"][k]
    assert moment == a.plan.questions.at[fee, "moment_id"] == "cards_annual_fee_due"
    lines = asking_order(a.plan, channel, CATALOG, lang).split("\n")
    heading = CATALOG.text(
        "ui.contact_when", lang, moment=CATALOG.moments.at[moment, f"label_{lang}"]
    )
    assert heading in lines, lines
    below = lines[lines.index(heading) + 1]
    assert below.endswith(str(a.plan.questions.at[fee, f"text_{lang}"])), (below, lines)


@pytest.mark.slow
@pytest.mark.parametrize("org", ALL_ORGS)
def test_every_channel_of_a_sample_plan_is_split_into_contacts_that_fit(org):
    plan = sample(org).plan
    screener = {
        q: str(f) for q, f in plan.questions["follows"].items() if isinstance(f, str) and f
    }  # a follow-up's screener, by the catalog
    seconds = plan.questions["burden_seconds"]  # the bank's, and the client's own questions'
    channels = CATALOG.channel_records
    assert any(q in screener for q in plan.questions.index[plan.questions["in_plan"]]), org
    for c, row in plan.channels.iterrows():
        groups = [list(g) for g in row["contacts"]]
        ids = list(row["question_ids"])
        assert sorted(q for g in groups for q in g) == sorted(ids), c
        for g in groups:  # each contact in the channel's asking order
            assert g == sorted(g, key=ids.index), (c, g)
        moments = list(row["contact_moments"])
        assert len(moments) == len(groups), c
        for g, m in zip(groups, moments, strict=True):
            # the moment of the contact's first question in this channel: its first ask's, or
            # that of its ask again here (round 31: a repeat is timed by its own channel)
            first = plan.questions.loc[g[0]] if g[0] in plan.questions.index else None
            again = [r for rs in plan.questions["repeats"] for r in rs
                     if r["question_id"] == g[0] and r["channel"] == c]  # fmt: skip
            if first is not None and first["in_plan"] and first["channel"] == c:
                timed = first["moment_id"]
            else:
                timed = again[0]["moment_id"] if again else ""
            assert m == (timed if m else ""), (c, g, m)
        for g in groups:
            modules = sum(1 for q in g if screener.get(q) not in g)
            if modules > 1:  # several modules share a contact only where they fit in one
                assert len(g) <= channels[c]["max_questions"], (c, g)
                assert sum(seconds[q] for q in g) <= channels[c]["max_seconds"] + 1e-9, (c, g)
            for q in g:
                if screener.get(q) in row["question_ids"]:
                    assert screener[q] in g, f"{q} is asked in another contact than {screener[q]}"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_insurers_two_app_prompts_are_shown_with_their_day(lang):
    a = sample("shalom_insurance")
    app = a.plan.channels.loc["in_app"]
    sizes = row_sizes(app["contacts"])
    assert max(sizes) <= 3 and sum(sizes) == app["questions"], sizes
    moments = list(app["contact_moments"])
    scheduled = sum(1 for m in moments if not m)  # on the app's own schedule, not at a moment
    assert scheduled >= 2, moments
    text = asking_order(a.plan, "in_app", CATALOG, lang)
    cadence = int(app["cadence_days"])
    headings = [CATALOG.text("ui.contact_heading", lang, n=n + 1, day=n * cadence)
                for n in range(scheduled)]  # fmt: skip
    headings_at = [CATALOG.text("ui.contact_when", lang,
                                moment=CATALOG.moments.at[m, f"label_{lang}"])
                   for m in moments if m]  # fmt: skip
    first, second = headings[:2]
    lines = text.split("\n")
    assert [line for line in lines if line in headings] == headings, text
    assert [line for line in lines if line in headings_at] == headings_at, text
    assert lines[0] == first and second in lines, text
    numbered = [line for line in lines if line not in headings + headings_at]
    assert [line.split(".")[0] for line in numbered] == [str(n) for n in range(1, sum(sizes) + 1)]
    # the workbook's channel sheet reads the same
    wb = openpyxl.load_workbook(io.BytesIO(plan_workbook(a, CATALOG, lang)))
    sheet = wb[CATALOG.text("sheet.channels", lang)]
    cells = [str(c.value or "") for row in sheet.iter_rows() for c in row]
    assert text in cells
    # a channel of one contact has no heading
    single = [c for c, r in a.plan.channels.iterrows() if len(r["contacts"]) == 1]
    assert single
    for c in single:
        assert first not in asking_order(a.plan, c, CATALOG, lang)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "he"])
def test_a_channel_the_customer_comes_to_asks_its_next_contact_at_his_next_call(lang):
    """Round 67 (health fund): the agents' second set of questions read "Contact 2 (day 30)", a
    date an inbound call cannot keep. A channel the customer comes to (an agent's closing
    question) asks its next contact at his next call from that day; one that sends keeps its day."""
    a = sample("nofim_health")
    agent = a.plan.channels.loc["agent_question"]
    scheduled = sum(1 for m in agent["contact_moments"] if not m)
    assert scheduled >= 2, list(agent["contact_moments"])
    cadence = int(agent["cadence_days"])
    lines = asking_order(a.plan, "agent_question", CATALOG, lang).split("\n")
    inbound = CATALOG.text("ui.contact_heading_inbound", lang, n=2, day=cadence)
    dated = CATALOG.text("ui.contact_heading", lang, n=2, day=cadence)
    assert inbound in lines and dated not in lines, lines
    assert inbound != dated
    app = a.plan.channels.loc["in_app"]
    if sum(1 for m in app["contact_moments"] if not m) >= 2:
        text = asking_order(a.plan, "in_app", CATALOG, lang)
        assert CATALOG.text("ui.contact_heading", lang, n=2, day=int(app["cadence_days"])) in text


def row_sizes(groups) -> list[int]:
    return [len(g) for g in groups]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_channels_page_shows_each_channels_contacts_in_full(lang):
    """The asking order sat in a grid cell that cut it after two lines; each channel with
    questions now has its own section, contact by contact."""
    from test_app import _new_app

    from ui.frame import plain

    at = _new_app()
    at.query_params["lang"] = lang
    at.query_params["org"] = "shaked_cards"
    at.run()
    at.switch_page("pages/channels.py").run()
    assert not at.exception, [e.value for e in at.exception]
    plan = sample("shaked_cards").plan
    app_label = CATALOG.channels.at["in_app", f"label_{lang}"]
    [app] = [e for e in at.expander if e.label.startswith(app_label)]
    shown = "\n".join(m.value for m in app.markdown)
    for heading in (
        CATALOG.text("ui.contact_heading", lang, n=2, day=30),
        CATALOG.text(
            "ui.contact_when",
            lang,
            moment=CATALOG.moments.at["cards_annual_fee_due", f"label_{lang}"],
        ),
    ):
        assert f"**{plain(heading)}**" in shown, shown
    for n, qid in enumerate(
        [q for g in plan.channels.at["in_app", "contacts"] for q in g], start=1
    ):
        text = str(plan.questions.at[qid, f"text_{lang}"])
        assert f"{n}\\. {plain(text)}" in shown, (qid, shown)
    with_questions = int((plan.channels["questions"] > 0).sum())
    assert len(at.expander) >= with_questions
