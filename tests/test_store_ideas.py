"""Issue 15, the room's ideas in the store: thirty phones sending five ideas each at the same
moment lose none; curation (wording per language, kind, status, merge) and anonymity."""

from __future__ import annotations

import threading

import pytest

from zpd_assess.store import MAX_IDEAS_PER_PARTICIPANT, Store, StoreError


@pytest.fixture
def store(store_url):
    store = Store(store_url)
    yield store
    store.engine.dispose()


@pytest.fixture
def shop(store):
    eid = store.create_engagement("Ideas", {}, sample_org="urban_retail")
    return store.open_workshop(eid, ["q_life_stage_01"], [], dots=5)


def test_thirty_phones_sending_five_ideas_each_at_once_lose_none(store, shop):
    barrier = threading.Barrier(30)
    errors: list[BaseException] = []
    sent: dict[int, list[str]] = {}

    def participant(i: int) -> None:
        try:
            token = store.join(shop.code, f"participant {i}", device=f"phone-{i}")
            barrier.wait(timeout=30)
            texts = [
                f"האם תרצו לקבל התראה על מבצעי {i}-{k}?" if i % 2 else f"Idea {i}-{k}: ask sizes"
                for k in range(5)
            ]
            ids = [store.submit_idea(shop.code, token, text) for text in texts]
            sent[i] = texts
            assert len(set(ids)) == 5
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=participant, args=(i,)) for i in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not errors, errors[:3]
    got = store.ideas_of(shop.code)
    assert len(got) == 150
    assert sorted(i.text for i in got) == sorted(t for texts in sent.values() for t in texts)
    by_author: dict[str | None, int] = {}
    for idea in got:
        by_author[idea.author] = by_author.get(idea.author, 0) + 1
    assert set(by_author.values()) == {5} and len(by_author) == 30
    assert {i.lang for i in got if i.text.startswith("Idea")} == {"en"}
    assert {i.lang for i in got if not i.text.startswith("Idea")} == {"he"}
    assert {i.status for i in got} == {"new"}


def test_curation_keeps_every_idea_on_record(store, shop):
    token = store.join(shop.code, "Dana")
    first = store.submit_idea(shop.code, token, "  What size do you wear?  ")
    twin = store.submit_idea(shop.code, token, "Ask the clothing size")
    worry = store.submit_idea(shop.code, token, "לקוחות חוששים ממסירת מידע", kind="worry")
    store.curate_idea(shop.code, first, text_en="What size do you usually wear?",
                      text_he="באיזו מידה אתם לובשים בדרך כלל?", status="accepted")  # fmt: skip
    store.merge_ideas(shop.code, first, [twin])
    store.curate_idea(shop.code, worry, status="set_aside")
    ideas = {i.id: i for i in store.ideas_of(shop.code)}
    assert ideas[first].text == "What size do you wear?"  # as typed, spaces aside
    assert ideas[first].status == "accepted" and ideas[first].text_he.startswith("באיזו")
    assert (ideas[twin].status, ideas[twin].merged_into) == ("merged", first)
    assert (ideas[worry].kind, ideas[worry].status, ideas[worry].lang) == (
        "worry",
        "set_aside",
        "he",
    )
    store.curate_idea(shop.code, first, text_he="")  # cleared: Hebrew is missing, not invented
    assert store.ideas_of(shop.code)[0].text_he is None

    with pytest.raises(StoreError, match="No idea 999"):
        store.curate_idea(shop.code, 999, status="accepted")
    with pytest.raises(StoreError, match="new / accepted / set_aside"):
        store.curate_idea(shop.code, first, status="merged")
    with pytest.raises(StoreError, match="at least 3"):
        store.submit_idea(shop.code, token, "  a ")
    with pytest.raises(StoreError, match="question / use_case / worry"):
        store.submit_idea(shop.code, token, "an idea", kind="rumour")
    with pytest.raises(StoreError, match="does not belong"):
        store.submit_idea(shop.code, "not-a-token", "an idea")


def test_an_anonymous_workshop_hides_authors_and_cannot_change_once_ideas_are_in(store, shop):
    store.set_anonymous(shop.code, True)
    token = store.join(shop.code, "Yossi")
    store.submit_idea(shop.code, token, "Ask when the lease ends")
    assert [i.author for i in store.ideas_of(shop.code)] == [None]
    with pytest.raises(StoreError, match="can no longer change"):
        store.set_anonymous(shop.code, False)
    assert store.get_workshop(shop.code).anonymous


def test_one_person_sends_a_bounded_number_of_ideas_and_none_after_the_round(store, shop):
    token = store.join(shop.code, "Noa")
    for k in range(MAX_IDEAS_PER_PARTICIPANT):
        store.submit_idea(shop.code, token, f"idea number {k}")
    with pytest.raises(StoreError, match="the most one person may send"):
        store.submit_idea(shop.code, token, "one more")
    other = store.join(shop.code, "Avi")
    store.set_status(shop.code, "revealed")
    with pytest.raises(StoreError, match="round is over"):
        store.submit_idea(shop.code, other, "too late")
    store.remove_participant(shop.code, store.participants_of(shop.code)[0].id)
    assert len(store.ideas_of(shop.code)) == MAX_IDEAS_PER_PARTICIPANT  # kept, author gone


def test_results_carry_each_ballot_for_the_rooms_agreement(store):
    from zpd_assess.agreement import kendalls_w

    eid = store.create_engagement("Ballots", {})
    shop = store.open_workshop(eid, ["q1", "q2", "q3"], [], dots=5)
    for name, ballot in (("a", {"q1": 3, "q2": 2}), ("b", {"q1": 4, "q3": 1}), ("c", {"q2": 5})):
        store.submit_votes(shop.code, store.join(shop.code, name), ballot)
    store.join(shop.code, "did not vote")
    results = store.results(shop.code)
    assert sorted(results.ballots) == sorted([(3, 2, 0), (4, 0, 1), (0, 5, 0)])
    assert 0.0 <= kendalls_w(results.ballots) < 0.5  # the room is split on q1 against q2
