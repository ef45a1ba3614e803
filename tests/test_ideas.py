"""Issue 15: the room's ideas, each with a suggested topic and use case, near-duplicates grouped
(in one language or across the two, through the bank question both say)."""

from __future__ import annotations

import pytest

from zpd_assess.ideas import group_ideas, suggest_for_ideas

ROOM = [
    "What size do you usually wear?",  # 0
    "Ask the customer's clothing size",  # 1
    "Which clothing size do you wear?",  # 2
    "When is your next big family event?",  # 3
    "Do you prefer shopping online or in store?",  # 4
    "איפה אתם מעדיפים לקנות, באינטרנט או בחנות?",  # 5: 4 in Hebrew
    "לקוחות חוששים שנמכור את המידע שלהם",  # 6: a worry
]
LANGS = ["en", "en", "en", "en", "en", "he", "he"]


@pytest.fixture(scope="module")
def suggested(catalog, mapper):
    return suggest_for_ideas(ROOM, LANGS, catalog, mapper, "retail")


def test_near_duplicates_are_grouped_and_others_are_not(suggested):
    groups = [s.group for s in suggested]
    assert groups[0] == groups[1] == groups[2] == 0, groups
    assert groups[4] == groups[5] == 4, groups  # the same question in the two languages
    assert len({groups[0], groups[3], groups[4], groups[6]}) == 4, groups


def test_each_idea_gets_a_topic_and_a_use_case_of_the_clients_industry(suggested, catalog):
    assert [suggested[i].topic_id for i in (0, 1, 2)] == ["product_preferences"] * 3
    assert suggested[4].topic_id == "consumer_preferences"
    assert suggested[1].use_case_id.startswith("retail_size"), suggested[1]
    industries = catalog.use_cases["industries_list"]
    for s in suggested:
        if s.use_case_id is not None:
            assert set(industries[s.use_case_id]) & {"retail", "all", "generic"}, s


def test_a_bank_gets_no_retail_use_case_for_a_retail_idea(catalog, mapper):
    (s,) = suggest_for_ideas(["Ask the customer's clothing size"], ["en"], catalog, mapper,
                             "banking")  # fmt: skip
    assert s.use_case_id is None or not s.use_case_id.startswith("retail_"), s


def test_grouping_edges():
    assert group_ideas([], 0.35) == [] and group_ideas(["one idea"], 0.35) == [0]
    assert group_ideas(["Ask the size", "Ask the size please", "Loyalty points"], 0.35) == [0, 0, 2]
    assert suggest_for_ideas([], [], None, None) == []  # type: ignore[arg-type]


def test_the_engagements_own_use_case_can_be_suggested(catalog, mapper):
    """The use cases are the engagement's, as the plan values them: its own among them."""
    from zpd_assess.use_cases import organisation_use_cases

    own = {"use_case_id": "team_use_case_01", "label_en": "Personalise the homepage by style",
           "label_he": "", "goals": {"personalization": 1.0},
           "needs": {"product_preferences": 1.0}, "value": 5.0, "on": True}  # fmt: skip
    table = organisation_use_cases(catalog, "retail", custom=[own]).table
    (s,) = suggest_for_ideas(["If we knew their style we would personalise the homepage"],
                             ["en"], catalog, mapper, "retail", table)  # fmt: skip
    assert s.use_case_id == "team_use_case_01", s


def test_a_near_duplicate_takes_its_groups_topic_when_it_has_none(suggested):
    """ "Ask the customer's clothing size" leaves the mapper unsure, and no bank question is near
    it (the nearest is at the anchor's edge): it is the same idea as "What size do you usually
    wear?", so it takes that topic."""
    for s in suggested:
        group = [o for o in suggested if o.group == s.group]
        if any(o.topic_id for o in group):
            assert s.topic_id is not None, s
    assert suggested[1].topic_id == suggested[0].topic_id == "product_preferences"
