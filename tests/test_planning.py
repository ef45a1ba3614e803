"""From gaps to a plan: rules, budgets, explanations, optimality, workshop inputs, projection."""

from __future__ import annotations

import random
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from conftest import SAMPLE_ORGS, SAMPLES, TODAY, shared_steps

from zpd_assess.assess import assess, assess_engagement
from zpd_assess.catalog import Assumptions
from zpd_assess.decisions import Decisions, default_decisions
from zpd_assess.engagement import load_engagement, sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.moments import available_moments
from zpd_assess.planning import (
    PlanError,
    PlanSettings,
    plan_questions,
    plan_value,
    question_channel_pairs,
    question_pool,
    standalone_selection,
    workshop_questions,
)
from zpd_assess.planning.model import WAVES
from zpd_assess.planning.optimise import greedy
from zpd_assess.planning.plan import build_problem
from zpd_assess.planning.report import reason_text, wave_of
from zpd_assess.planning.units import (
    near_duplicates,
    offer_follow_ups,
    question_links,
    screeners,
    value_units,
)
from zpd_assess.scoring import score_from_contributions
from zpd_assess.wording import question_stem

RULED_OUT = ["purpose_limitation", "minimisation", "other_industry", "excluded"]


@pytest.fixture(scope="module")
def samples(catalog, mapper):
    out = {}
    for org in SAMPLE_ORGS:
        eng = load_engagement(SAMPLES / org)
        intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
        settings = PlanSettings(channels=eng.channels, customers=eng.customers,
                                industry=eng.industry)  # fmt: skip
        out[org] = (eng, assess(intake, catalog, eng.goal_weights, mapper=mapper,
                                settings=settings))  # fmt: skip
    return out


# --- rules -----------------------------------------------------------------------------------


def test_unfit_pairs_are_forbidden_and_say_why(catalog):
    pairs = question_channel_pairs(catalog.questions, catalog, list(catalog.channels.index))
    q = catalog.questions
    by = pairs.set_index(["question_id", "channel_id"])
    special = q.index[q["sensitivity"] == "special"]
    assert len(special) >= 3
    public = catalog.channels.index[catalog.channels["public_screen"]]
    for qid in special:
        for cid in ("sms", "ivr_survey", *public):
            assert not by.loc[(qid, cid), "allowed"]
            assert by.loc[(qid, cid), "reason"] == "rule_special_category"
    free_text = q.index[(q["answer_type"] == "free_text") & (q["sensitivity"] != "special")]
    for qid in free_text:
        assert by.loc[(qid, "ivr_survey"), "reason"] in ("rule_answer_type",)
    high = q.index[q["sensitivity"] == "high"]
    for qid in high:
        row = by.loc[(qid, "ivr_survey")]
        assert not row["allowed"]
        assert row["reason"] in (
            "rule_consent_capture",
            "rule_answer_type",
            "rule_not_in_bank",
            "rule_special_category",
        )
    assert (by.loc[by["reason"] == "rule_consent_capture"].index.get_level_values(1)
            == "ivr_survey").all()  # fmt: skip


def test_an_anonymous_channel_counts_only_through_its_linkability(catalog):
    pairs = question_channel_pairs(catalog.questions, catalog, list(catalog.channels.index))
    qr = pairs[pairs["channel_id"] == "qr_on_product"].iloc[0]
    ch = catalog.channels.loc["qr_on_product"]
    assert qr["effect"] == pytest.approx(ch["reach"] * qr["response"] * ch["linkability"])
    assert ch["linkability"] < 0.5


@pytest.mark.parametrize("org", SAMPLE_ORGS)
def test_the_plan_respects_budgets_and_the_organisations_channels(samples, catalog, org):
    eng, a = samples[org]
    plan = a.plan
    used = plan.questions[plan.questions["in_plan"]]
    assert set(used["channel"]) <= set(eng.channels)
    for cid, row in plan.channels.iterrows():
        qids = row["question_ids"]
        assert len(qids) <= catalog.channels.at[cid, "max_questions"]
        seconds = sum(catalog.questions.at[q, "burden_seconds"] for q in qids)
        assert seconds <= catalog.channels.at[cid, "max_seconds"]
    if "web_popup" in plan.channels.index:
        assert plan.channels.at["web_popup", "questions"] <= 4, "the seed's pop-up holds 4"
    allowed = plan.pairs.set_index(["question_id", "channel_id"])["allowed"]
    assert all(allowed[(q, c)] for q, c in zip(used.index, used["channel"], strict=True))
    assert used["question_id"].is_unique


@pytest.mark.parametrize("org", SAMPLE_ORGS)
def test_every_question_value_is_the_sum_of_its_parts(samples, catalog, org):
    _, a = samples[org]
    plan = a.plan
    used = plan.questions[plan.questions["in_plan"]]
    scale = catalog.assumptions.number("index.scale")
    allowed_pairs = plan.pairs.set_index(["question_id", "channel_id"])["allowed"]
    for qid, row in used.iterrows():
        ex = plan.explain[qid]
        total = sum(p["adds"] for p in ex["parts"]) + ex["votes"]["adds"]
        assert total == pytest.approx(row["value"], rel=1e-9, abs=1e-12)
        for p in ex["parts"]:
            expected = (scale / a.scores.topics["importance"].sum() * p["importance"]
                        * p["unknown_before"] * p["strength"] * p["reach"] * p["response"]
                        * p["linkability"] * p["audience"])  # fmt: skip
            assert p["adds"] == pytest.approx(expected, rel=1e-9)
        assert ex["text_en"] and ex["text_he"]
        again = ex["repeats"]
        assert list(dict.fromkeys(r["channel"] for r in again)) == list(row["also_channels"])
        assert [r["adds"] for r in again] == [r["value"] for r in row["repeats"]]
        for r in row["repeats"]:  # asked again where it (or its variant) may be, not where it is
            assert allowed_pairs[(r["question_id"], r["channel"])]
            assert r["channel"] != row["channel"]
    # the asking order within each channel: its own questions, then those asked there again
    selection = [(q, c) for c, ids in plan.channels["question_ids"].items() for q in ids]
    f = plan_value(a.scores, plan.pairs, selection, catalog.questions, catalog)
    assert f == pytest.approx(plan.value, rel=1e-9)
    again = sum(r["value"] for rs in used["repeats"] for r in rs)
    assert plan.value == pytest.approx(used["value"].sum() + again, rel=1e-9)


@pytest.mark.parametrize("org", SAMPLE_ORGS)
def test_each_ranked_question_carries_what_the_workshop_needs(samples, catalog, org):
    _, a = samples[org]
    q = a.plan.questions
    used = q[q["in_plan"]]
    assert list(used["rank"]) == list(range(1, len(used) + 1))
    for col in ("value", "value_per_second", "channel", "channel_reason_en",
                "channel_reason_he", "expected_answers", "expected_answers_count",
                "value_exchange_en", "incentive_cost_12m_ils", "wave"):  # fmt: skip
        assert used[col].notna().all(), col
    assert set(used["wave"]) <= {"quick_win", "next_quarter", "strategic"}
    setup = used["channel"].map(lambda c: catalog.channels.at[c, "setup_months"])
    ready = used[(setup <= 1) & ~used["sensitivity"].isin(["high", "special"])]
    assert (used.loc[ready.index, "wave"] == "quick_win").any() or ready.empty
    with_runner = used[used["runner_up_channel"].notna()]
    assert len(with_runner) > len(used) / 2
    assert with_runner["channel_reason_en"].str.contains("rather than").all()
    strategic = used[used["sensitivity"].isin(["high", "special"])]
    assert (strategic["wave"] == "strategic").all()
    rest = q[~q["in_plan"]]
    assert (rest["reason_en"] != "").all()


def _plain_greedy(a, catalog, by_cost: bool):
    """Re-evaluate every candidate at every step: the reference for the lazy greedy."""
    plan = a.plan
    q = plan.questions
    usable = plan.pairs[plan.pairs["allowed"]]
    flagged = set(q.index[q["status"].isin(RULED_OUT)])
    usable = usable[~usable["question_id"].isin(flagged)]
    pool = question_pool(catalog, industry=a.scores.use_cases.industries[0])
    units = value_units(a.scores, catalog)
    links = question_links(pool, units, a.scores.use_cases, catalog).links
    duplicates = near_duplicates(pool)
    follows = screeners(pool)
    channel_of: dict[str, str] = {}
    allowed_pairs = {(r.question_id, r.channel_id): r.burden_seconds for r in usable.itertuples()}
    module: dict[tuple[str, str], tuple[int, float]] = {}  # a screener needs room for its module
    for (qid, c), sec in allowed_pairs.items():
        head = follows.get(qid)
        if head is not None and (head, c) in allowed_pairs:
            n, s = module.get((head, c), (0, 0.0))
            module[(head, c)] = (n + 1, s + sec)
    # a screener whose offer needs a follow-up takes it at once, after it, in its channel
    usable_ids = set(usable["question_id"])
    needs = {s: [f for f in fs if f in usable_ids]
             for s, fs in offer_follow_ups(pool, follows).items()}  # fmt: skip
    imp, unknown, points = units.importance, units.unknown.copy(), units.points
    ch = catalog.channels
    used_q = dict.fromkeys(ch.index, 0)
    used_s = dict.fromkeys(ch.index, 0.0)
    chosen, order, total = set(), [], 0.0
    gains: list[float] = []
    rows = list(usable.itertuples())
    while True:
        best, best_priority = None, 0.0
        for r in rows:
            c = r.channel_id
            extra_q, extra_s = module.get((r.question_id, c), (0, 0.0))
            if r.question_id in chosen or used_q[c] + 1 + extra_q > ch.at[c, "max_questions"]:
                continue
            screener = follows.get(r.question_id)
            if screener is not None and channel_of.get(screener) != c:
                continue
            if any(o in chosen for o in duplicates.get(r.question_id, ())):
                continue
            if any(f in chosen or any(o in chosen for o in duplicates.get(f, ()))
                   for f in needs.get(r.question_id, ())):  # fmt: skip
                continue
            if used_s[c] + r.burden_seconds + extra_s > ch.at[c, "max_seconds"] + 1e-9:
                continue
            slot = used_q[c] + 1
            fatigue = (1 - ch.at[c, "fatigue_per_question"]) ** max(
                0, slot - ch.at[c, "fatigue_after_questions"])  # fmt: skip
            e = r.effect * fatigue
            gain = points * sum(imp[i] * unknown[i] * s * e for i, s in links[r.question_id])
            priority = gain / r.cost if by_cost else gain
            # ties (questions that enable the same use cases alike) go to the smaller id, then
            # channel, as in the lazy greedy's heap
            tie = best is not None and abs(priority - best_priority) <= 1e-12 * best_priority
            if (priority > best_priority + 1e-12 * best_priority and not tie) or (
                tie and priority > 0 and (r.question_id, c) < (best.question_id, best.channel_id)
            ):
                best, best_priority, best_e, best_gain = r, priority, e, gain
        if best is None:
            return order, total, gains

        def take(r, e, gain):
            nonlocal total
            for i, s in links[r.question_id]:
                unknown[i] *= 1 - s * e
            used_q[r.channel_id] += 1
            used_s[r.channel_id] += r.burden_seconds
            chosen.add(r.question_id)
            channel_of[r.question_id] = r.channel_id
            order.append((r.question_id, r.channel_id))
            gains.append(gain)
            total += gain

        take(best, best_e, best_gain)
        for f in needs.get(best.question_id, ()):
            (r,) = [r for r in rows if r.question_id == f and r.channel_id == best.channel_id]
            fatigue = (1 - ch.at[r.channel_id, "fatigue_per_question"]) ** max(
                0, used_q[r.channel_id] + 1 - ch.at[r.channel_id, "fatigue_after_questions"]
            )
            e = r.effect * fatigue
            take(r, e, points * sum(imp[i] * unknown[i] * s * e for i, s in links[f]))


@pytest.mark.slow
@pytest.mark.parametrize("org", SAMPLE_ORGS)
@pytest.mark.parametrize("criterion", ["cost", "gain"])
def test_lazy_greedy_picks_what_plain_greedy_picks(samples, catalog, org, criterion):
    eng, a = samples[org]
    settings = PlanSettings(channels=eng.channels, industry=eng.industry, criteria=(criterion,),
                            polish=False, moments=available_moments(a.moments),
                            repeats=False, min_points=0.0)  # fmt: skip
    # the greedy pass itself: the plan then ranks its selection module by module (each
    # follow-up right after its screener), which moves fatigue, not what is chosen
    problem = build_problem(a.scores, catalog, settings)
    lazy_pass = greedy(problem, criterion, detail=False)
    expected, value, gains = _plain_greedy(a, catalog, by_cost=criterion == "cost")
    lazy = [(qid, lazy_pass.chosen[qid].channel) for qid in lazy_pass.order]
    # Exact ties (two questions that enable the same use cases alike, two channels with the same
    # reach × response × linkability) may break either way: the step gains agree, and the plans
    # are worth the same and hold the same questions.
    assert len(lazy) == len(expected)
    chosen_values = [lazy_pass.chosen[qid].value for qid in lazy_pass.order]
    assert sorted(chosen_values) == pytest.approx(sorted(gains), rel=1e-9)
    assert {x for x, _ in lazy} == {x for x, _ in expected}
    assert lazy_pass.total == pytest.approx(value, rel=1e-6)
    plan = plan_questions(a.scores, catalog, settings)
    planned = plan.questions["in_plan"]
    if set(plan.questions.index[planned]) != {x for x, _ in lazy}:
        # a restart without a question whose near-duplicate may add more (plan.optimise) found
        # a better plan: the retailer's, once its tops size must bring the trouser size along
        assert plan.questions.loc[planned, "value"].sum() > lazy_pass.total * (1 + 1e-9)


@pytest.mark.parametrize("org", SAMPLE_ORGS)
def test_the_plan_is_at_least_as_good_as_every_greedy_pass(samples, catalog, org):
    """What the optimiser chooses, its first asks and the asks again that fill the room they
    leave, is worth at least every plain greedy pass's, finished the same way. A pass that leaves
    more room can be worth more in all though its first asks are worth less (the insurer's budget
    pass with the catalog's budgets: 0.88 index points first and 0.69 asked again, against the
    polished pass's 1.17 and 0.27), so the plan's first asks alone are not compared."""
    eng, a = samples[org]
    for criterion in ("cost", "gain", "budget"):
        settings = PlanSettings(
            channels=eng.channels,
            industry=eng.industry,
            criteria=(criterion,),
            polish=False,
            moments=available_moments(a.moments),
        )
        one = plan_questions(a.scores, catalog, settings)
        assert a.plan.value >= one.value - 1e-9, (criterion, a.plan.value, one.value)


@pytest.mark.slow
def test_no_planned_near_duplicate_blocks_a_twin_worth_more(samples, catalog):
    """Leaving out any planned question that has a near-duplicate never gives a better plan:
    the twin it blocked was tried (the insurer's short WhatsApp variant of "which policies do you
    hold elsewhere" once kept the full question out of the checkout, 1.73 index points against
    1.92). A twin of another industry is not in the sample's pool and blocks nothing: leaving
    out the bank's trip question, whose twins are the other industries', lets the greedy find
    another plan, which is the greedy's own limit, not a blocked twin."""
    duplicates = near_duplicates(catalog.questions)
    checked = []
    for org in SAMPLE_ORGS:
        eng, a = samples[org]
        settings = PlanSettings(
            channels=eng.channels,
            customers=eng.customers,
            industry=eng.industry,
            moments=available_moments(a.moments),
            repeats=False,  # the first asks: what a twin may block
            min_points=0.0,
        )
        plan = plan_questions(a.scores, catalog, settings)
        pool = set(plan.questions.index)
        planned = plan.questions.index[plan.questions["in_plan"]]
        for qid in (q for q in planned if pool & duplicates.get(q, frozenset())):
            without = plan_questions(
                a.scores, catalog, replace(settings, excluded=frozenset({qid}))
            )
            assert without.value <= plan.value * (1 + 1e-9), (org, qid, without.value, plan.value)
            checked.append((org, qid))
    assert len({org for org, _ in checked}) >= 2, checked


@pytest.mark.parametrize("org", SAMPLE_ORGS)
def test_greedy_beats_a_naive_top_n_plan(samples, catalog, org):
    _, a = samples[org]
    plan = a.plan
    naive = standalone_selection(a.scores, catalog, plan, catalog.questions)
    naive_value = plan_value(a.scores, plan.pairs, naive, catalog.questions, catalog)
    # small pools (the insurer's) leave the greedy less room to beat a naive ranking
    assert plan.value > 1.1 * naive_value, (plan.value, naive_value)


# --- optimality against an exhaustive search ----------------------------------------------------


def _exhaustive(a_scores, catalog, pairs, questions, channels, budgets) -> float:
    units = value_units(a_scores, catalog)
    imp, unknown0, points = units.importance, units.unknown, units.points
    links = question_links(questions, units, a_scores.use_cases, catalog).links
    duplicates = near_duplicates(questions)
    follows = screeners(questions)
    options = {}
    for r in pairs[pairs["allowed"]].itertuples():
        options.setdefault(r.question_id, []).append((r.channel_id, r.effect, r.burden_seconds))
    qids = sorted(options)
    strengths = {qid: links[qid] for qid in qids}
    best = 0.0
    taken: dict[str, str] = {}  # question -> channel

    def walk(i, unknown, used):
        nonlocal best
        if all(taken.get(follows[q]) == c for q, c in taken.items() if q in follows):
            best = max(best, points * float((imp * (unknown0 - unknown)).sum()))
        if i == len(qids):
            return
        walk(i + 1, unknown, used)
        qid = qids[i]
        if duplicates.get(qid, frozenset()) & taken.keys():
            return
        for c, e, sec in options[qid]:
            n, s = used[c]
            if n + 1 <= budgets[c][0] and s + sec <= budgets[c][1]:
                nxt = unknown.copy()
                for k, st in strengths[qid]:
                    nxt[k] *= 1 - st * e
                used[c] = (n + 1, s + sec)
                taken[qid] = c
                walk(i + 1, nxt, used)
                del taken[qid]
                used[c] = (n, s)

    walk(0, unknown0.copy(), {c: (0, 0.0) for c in channels})
    return best


@pytest.mark.slow
def test_greedy_reaches_95_percent_of_the_optimum_on_random_small_instances(samples, catalog):
    rng = random.Random(20261129)
    eng, a = samples["tavor_bank"]
    scores = a.scores
    bank = question_pool(catalog, industry=eng.industry)
    active = scores.use_cases.active
    # channels whose fatigue starts after their budget here: the plan value is a set function
    candidates = ["sms", "in_app", "web_survey", "email_survey", "whatsapp", "web_popup",
                  "preference_center"]  # fmt: skip
    ratios = []
    for _ in range(60):
        use_cases = rng.sample(list(active.index), 4)
        keys = set().union(*(active.at[u, "answers"] for u in use_cases))
        # the submodular core: follow-ups add precedence constraints the greedy meets myopically
        pool = bank[np.array([bool(keys & set(a)) for a in bank["answer_list"]])
                    & (bank["follows"] == "").to_numpy()]  # fmt: skip
        pool = pool.loc[rng.sample(list(pool.index), min(len(pool), rng.randint(8, 12)))]
        channels = tuple(rng.sample(candidates, 3))
        budgets = {c: (rng.randint(1, 2), rng.choice([20.0, 30.0, 60.0])) for c in channels}
        # the optimum asks each question once, and every question that adds anything
        settings = PlanSettings(channels=channels, budgets=budgets, industry=eng.industry,
                                repeats=False, min_points=0.0)  # fmt: skip
        plan = plan_questions(scores, catalog, settings, questions=pool)
        usable_q = plan.questions.index[~plan.questions["status"].isin(
            ["purpose_limitation", "minimisation", "other_industry"])]  # fmt: skip
        pairs = plan.pairs[plan.pairs["question_id"].isin(usable_q)]
        optimum = _exhaustive(scores, catalog, pairs, pool, channels, budgets)
        if optimum > 0:
            ratios.append(plan.value / optimum)
    assert len(ratios) >= 30
    assert min(ratios) >= 0.95, sorted(ratios)[:5]
    assert max(ratios) <= 1 + 1e-9


# --- what moves the ranking --------------------------------------------------------------------


def test_questions_on_known_topics_fall_down_the_list(samples, catalog):
    eng, a = samples["urban_retail"]
    base = a.plan.questions
    use_case = base["use_cases"].iloc[0][0]  # what the top question is for, now known
    needs = a.scores.use_cases.table.at[use_case, "need_weights"]
    known = score_from_contributions(a.scores.contributions, catalog, a.scores.weights,
                                     inferability=dict.fromkeys(needs, 1.0),
                                     use_cases=a.scores.use_cases)  # fmt: skip
    settings = PlanSettings(channels=a.channels, industry=eng.industry)
    after = plan_questions(known, catalog, settings).questions
    mine = base.index[base["use_cases"].map(lambda us: us == [use_case])]
    assert len(mine) > 0
    assert after.loc[mine, "rank"].mean() > base.loc[mine, "rank"].mean()


def test_questions_that_serve_no_goal_or_ask_the_known_are_flagged(samples, catalog):
    eng, a = samples["shalom_insurance"]
    only = {g: (1.0 if g == "risk_pricing" else 0.0) for g in catalog.goals.index}
    scores = score_from_contributions(a.scores.contributions, catalog, only,
                                      use_cases=a.scores.use_cases)  # fmt: skip
    plan = plan_questions(scores, catalog, PlanSettings(channels=a.channels, industry=eng.industry))
    q = plan.questions
    goals = a.scores.use_cases.table["goal_strengths"]
    pricing = {u for u, g in goals.items() if g.get("risk_pricing", 0) > 0}
    mine = q[q["status"] != "other_industry"]
    serving = mine["use_cases"].map(lambda us: bool(set(us) & pricing))
    assert serving.sum() > 0 and (~serving).sum() > 0
    assert (mine.loc[~serving, "status"] == "purpose_limitation").all()
    assert not mine.loc[~serving, "in_plan"].any()
    assert mine.loc[~serving, "reason_en"].str.contains("purpose limitation").all()
    assert mine.loc[serving, "in_plan"].any()
    known = set(a.scores.topics.index[a.scores.topics["knowledge"] >= 0.8])
    bank = a.plan.questions[
        ~a.plan.questions["status"].isin(["other_industry", "purpose_limitation"])
    ]
    # without answers of its own, a question on topics already known asks the known; a question
    # that names its answers is held back only by a zero-party attribute holding them (see
    # test_use_case_value), otherwise (1 − K) discounts it
    asks_known = [
        qid for qid, r in bank.iterrows() if not r["answers"] and set(r["topics"]) <= known
    ]
    assert all(bank.at[qid, "status"] == "minimisation" for qid in asks_known)


def test_workshop_questions_rank_with_the_bank_and_missing_wording_is_marked(samples, catalog):
    _, a = samples["tavor_bank"]
    room = workshop_questions(
        [
            {"text_he": "האם את/ה מתכננ/ת לצאת לפנסיה בחמש השנים הקרובות?",
             "topics": {"life_stage": 1.0, "future_plans": 0.8}, "answer_type": "yes_no",
             "value_exchange_he": "ייעוץ פנסיוני אישי"},
            {"text_en": "Which charity do you support?", "topics": ["hobbies"]},
        ],
        catalog,
    )  # fmt: skip
    assert room.loc["w_01", "text_en"] == "", "no invented translation"
    pool = question_pool(catalog, room)
    plan = plan_questions(a.scores, catalog, PlanSettings(channels=a.channels), questions=pool)
    q = plan.questions
    assert q.loc["w_01", "in_plan"] and q.loc["w_01", "translation_missing"]
    assert q.loc["w_01", "rank"] <= 30
    kinds = {(w.kind, w.value) for w in plan.warnings}
    assert ("translation_missing", "w_01") in kinds and ("translation_missing", "w_02") in kinds
    assert ("no_value_exchange", "w_02") in kinds
    missing = {w.value: w for w in plan.warnings if w.kind == "translation_missing"}
    # the language is named in the message's own language (it read «אין נוסח בEnglish»)
    assert "אין נוסח באנגלית" in missing["w_01"].message_he, missing["w_01"].message_he
    assert "no English wording" in missing["w_01"].message_en
    assert "אין נוסח בעברית" in missing["w_02"].message_he
    assert missing["w_01"].accepted == "English"  # the golden record keeps the English name
    with pytest.raises(PlanError, match="unknown topic"):
        workshop_questions([{"text_en": "x", "topics": ["astrology"]}], catalog)


def test_votes_pins_and_exclusions(samples, catalog):
    eng, a = samples["tavor_bank"]
    few = ("in_app", "web_survey", "preference_center")  # a backlog is left outside the plan
    base = plan_questions(a.scores, catalog, PlanSettings(channels=few, industry=eng.industry))
    base = base.questions
    outside = base[(~base["in_plan"]) & (base["status"] == "backlog")].index[0]
    top = base.index[0]
    room = {"channels": few, "industry": eng.industry, "pinned": {outside: None},
            "excluded": frozenset({top})}  # fmt: skip
    before = plan_questions(a.scores, catalog, PlanSettings(**room)).questions
    q = before
    assert q.loc[outside, "in_plan"] and q.loc[outside, "status"] == "pinned"
    assert q.loc[outside, "rank"] == 1, "a pin goes first"
    assert q.loc[top, "status"] == "excluded" and not q.loc[top, "in_plan"]


def test_the_rooms_dots_keep_a_question_in_the_plan_and_add_to_its_value(samples, catalog):
    eng, a = samples["tavor_bank"]
    room = {"channels": eng.channels, "industry": eng.industry}
    before = plan_questions(a.scores, catalog, PlanSettings(**room)).questions
    # the room's dots on the plan's last question add to its value, and the "why" says so; a
    # question no follow-up hangs on (a screener is placed only where its follow-ups fit after
    # it, which the dots do not change)
    screeners = set(catalog.questions["follows"])
    heads = before[
        before["in_plan"] & (before["follows"] == "") & ~before.index.isin(screeners)
    ].index
    low = heads[-1]
    plan = plan_questions(a.scores, catalog, PlanSettings(**room, votes={low: 12}, vote_weight=1.0))
    q = plan.questions
    assert q.loc[low, "in_plan"], "dots never push a question out"
    assert q.loc[low, "value"] > before.loc[low, "value"], "the room's dots add to its value"
    ex = plan.explain[low]
    assert ex["votes"]["adds"] > 0
    assert sum(p["adds"] for p in ex["parts"]) + ex["votes"]["adds"] == pytest.approx(
        q.loc[low, "value"]
    )


def test_only_the_channels_given_are_used(samples, catalog):
    _, a = samples["urban_retail"]
    plan = plan_questions(a.scores, catalog, PlanSettings(channels=("sms", "in_app")))
    used = plan.questions[plan.questions["in_plan"]]
    assert set(used["channel"]) == {"sms", "in_app"}
    assert len(used) <= 5 + 3
    with pytest.raises(PlanError, match="Unknown channel"):
        plan_questions(a.scores, catalog, PlanSettings(channels=("carrier_pigeon",)))


@pytest.mark.parametrize("org", SAMPLE_ORGS)
def test_the_projection_rises_with_the_plan_and_decays_without(samples, org):
    _, a = samples[org]
    p = a.plan.projection.set_index("month")
    assert list(p.index) == [0, 3, 6, 12]
    assert p.at[0, "index_with_plan"] == pytest.approx(a.knowledge_index)
    assert p.at[0, "index_nothing_done"] == pytest.approx(a.knowledge_index)
    assert p["index_nothing_done"].is_monotonic_decreasing
    # before the later waves start, ageing data may outrun the first answers: never below
    # doing nothing, and well above it after a year
    assert (p["index_with_plan"] >= p["index_nothing_done"] - 1e-9).all()
    assert p.at[12, "index_with_plan"] > p.at[0, "index_with_plan"]
    assert p.at[12, "index_with_plan"] > p.at[12, "index_nothing_done"] + 3
    assert p.at[12, "index_with_plan"] <= 100


def test_pairs_can_be_reused_across_weight_changes(samples, catalog):
    _, a = samples["tavor_bank"]
    settings = PlanSettings(channels=a.channels)
    pairs = question_channel_pairs(catalog.questions, catalog, a.channels)
    w = dict(a.scores.weights)
    w["retention"] += 1
    scores = score_from_contributions(a.scores.contributions, catalog, w)
    fresh = plan_questions(scores, catalog, settings)
    reused = plan_questions(scores, catalog, settings, pairs=pairs)
    pd.testing.assert_frame_equal(fresh.questions, reused.questions)


def test_an_empty_pool_gives_an_empty_plan_with_the_plans_columns(samples, catalog):
    """Every use case switched off leaves no question to plan: the plan says so, it does not
    fail (the consultant may switch them all off while editing)."""
    eng, a = samples["tavor_bank"]
    bank = question_pool(catalog, industry=eng.industry)
    settings = PlanSettings(channels=("sms", "in_app"), industry=eng.industry)
    plan = plan_questions(a.scores, catalog, settings, questions=bank.iloc[:0])
    assert plan.questions.empty
    assert plan.value == 0.0
    # the same columns, in the same order, as a plan with questions
    assert list(plan.questions.columns) == list(a.plan.questions.columns)


# --- asked again where the plan leaves room ----------------------------------------------------


@pytest.mark.parametrize("org", SAMPLE_ORGS)
def test_a_planned_question_is_asked_again_only_in_the_room_the_plan_leaves(
    samples, catalog, mapper, org
):
    """Issue 12: the panel asked, round after round, why channels the client has (the IVR, the
    profile page, e-mail) stay empty. A planned question is asked again there, of those who have
    not answered it: the first asks are the plan without repeats, unchanged; every repeat is an
    allowed pair, in a channel neither it nor a near-duplicate is asked in, within budgets; a
    follow-up only after its screener there; and the value is the sum of both."""
    eng, a = samples[org]
    settings = PlanSettings(channels=eng.channels, customers=eng.customers, industry=eng.industry)
    plan = a.plan
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    once = assess(intake, catalog, eng.goal_weights, mapper=mapper,
                  settings=replace(settings, repeats=False)).plan  # fmt: skip
    first, alone = (
        plan.questions[plan.questions["in_plan"]],
        once.questions[once.questions["in_plan"]],
    )
    # the plan keeps the pass worth most with its asks again: the pass worth most alone (the plan
    # without repeats) unless another finishes higher (the insurer's, with the catalog's budgets)
    # a question whose ask again adds more than its first ask is presented the other way round
    # (first_ask_where_it_adds_most): asked in the same channels, at the same places
    moved = first["channel_reason_en"].str.startswith("First asked in ")
    same_pass = set(first["question_id"]) == set(alone["question_id"]) and (
        first.loc[~moved, "channel"].to_dict()
        == alone.loc[first.index[~moved], "channel"].to_dict()
    )
    if same_pass:
        for qid in first.index[moved]:
            before = alone.loc[qid]
            assert before["channel"] in first.at[qid, "also_channels"], qid
            assert before["value"] < first.at[qid, "value"], qid
        pd.testing.assert_frame_equal(
            first.loc[~moved, ["channel", "position"]], alone.loc[~moved, ["channel", "position"]]
        )
        unmoved = ~moved & ~first["question_id"].isin(_sharing_units(plan, first.index[moved]))
        pd.testing.assert_frame_equal(first.loc[unmoved, ["value"]], alone.loc[unmoved, ["value"]])
    else:
        # another pass finished higher with its asks again (the insurer's; the bank's since an
        # app prompt's second contact is not tired by the first)
        assert org in ("shalom_insurance", "tavor_bank"), org
        assert first["value"].sum() < alone["value"].sum() < plan.value
    assert all(len(again) == 0 for again in alone["repeats"])
    most = catalog.assumptions.number("planning.repeat_max_channels")
    floor = catalog.assumptions.number("planning.min_points")
    # a channel the first asks leave empty opens at a lower floor, for its first ask only
    empty_floor = catalog.assumptions.number("planning.min_points_empty_channel")
    assert 0 < empty_floor < floor
    was_empty = set(once.channels.index[once.channels["questions"] == 0])
    allowed = plan.pairs.set_index(["question_id", "channel_id"])["allowed"]
    twins = near_duplicates(catalog.questions)
    repeated = 0
    for qid, row in first.iterrows():
        again = list(row["repeats"])
        if not again:
            continue
        repeated += len(again)
        # beyond ``most``, only asks that open a channel the first asks leave empty
        opened = [c for c in row["also_channels"] if c in was_empty]
        assert len(row["also_channels"]) - most <= len(opened), (qid, row["also_channels"])
        # a variant is a near-duplicate of the question, written for the channel, or a follow-up
        # of one asked right after it
        for r in again:
            variant = r["question_id"]
            assert (
                variant == qid
                or qid in twins.get(variant, ())
                or (
                    catalog.questions.at[variant, "follows"]
                    in {x["question_id"] for x in again if x["channel"] == r["channel"]}
                )
            ), (qid, variant)
            lead = catalog.questions.at[variant, "follows"]
            if variant != qid and qid not in twins.get(variant, ()):  # right after its screener
                before = [
                    x["position"] for x in again
                    if x["channel"] == r["channel"] and x["question_id"] == lead
                ]  # fmt: skip
                assert before and r["position"] > before[0], (qid, variant)
        if row["follows"]:  # a follow-up is asked again only right after its screener
            screener = first.loc[row["follows"]]
            assert screener["channel"] == row["channel"]
            after = {  # the screener's own ask there, or its twin's (the follow-ups come after)
                r["channel"]: r["position"]
                for r in screener["repeats"]
                if r["question_id"] == row["follows"]
                or r["question_id"] in twins.get(row["follows"], ())
            }
            for r in again:
                assert r["channel"] in after and r["position"] > after[r["channel"]], (qid, r)
        if not row["follows"]:  # a module (the question and its follow-ups) adds the floor
            for channel in row["also_channels"]:
                if moved[qid] and channel == alone.at[qid, "channel"]:
                    continue  # the first ask the budget pass took, now asked again
                module = sum(r["value"] for r in again if r["channel"] == channel) + sum(
                    f["value"] for _, follow in first[first["follows"] == qid].iterrows()
                    for f in follow["repeats"] if f["channel"] == channel
                )  # fmt: skip
                first_there = min(r["position"] for r in again if r["channel"] == channel) == 1
                least = empty_floor if channel in was_empty and first_there else floor
                assert module >= least - 1e-12, (qid, channel, module)
        asked_by_twin = {first.at[t, "channel"] for t in twins.get(qid, ()) if t in first.index}
        for r in again:
            assert allowed[(r["question_id"], r["channel"])]
            assert r["channel"] != row["channel"] and r["channel"] not in asked_by_twin
            assert r["purpose_en"] and r["purpose_he"]
    assert repeated, f"{org}: the plan leaves room a planned question is worth asking in"
    budgets = catalog.channels
    for cid, row in plan.channels.iterrows():
        assert row["questions"] <= budgets.at[cid, "max_questions"]
        assert row["seconds"] <= budgets.at[cid, "max_seconds"] + 1e-9
    empty = (plan.channels["questions"] == 0).sum()
    assert empty <= (once.channels["questions"] == 0).sum()
    again_value = sum(r["value"] for rs in first["repeats"] for r in rs)
    assert plan.value == pytest.approx(first["value"].sum() + again_value, rel=1e-9)
    assert plan.projection["index_with_plan"].iloc[-1] > once.projection["index_with_plan"].iloc[-1]


def _sharing_units(plan, questions) -> set[str]:
    """The planned questions that inform a value unit one of ``questions`` informs (their values
    depend on which of those questions' asks is counted first)."""
    units = {(p["use_case_id"], p["topic_id"]) for q in questions for p in plan.explain[q]["parts"]}
    return {
        q for q in plan.questions.index[plan.questions["in_plan"]]
        if units & {(p["use_case_id"], p["topic_id"]) for p in plan.explain[q]["parts"]}
    }  # fmt: skip


def test_a_question_moves_to_where_it_adds_most_with_its_follow_ups(catalog):
    """Panel round 72: the insurer's "is your agent your first contact?" and "which answers may
    we pass to the agent?" were asked first in the profile page (10% reach) and again, adding
    twice as much, in the renewal's confirmation screen: read as reaching 3% of agent
    customers (scored 2). A question with a planned follow-up moves to where it adds most with
    the follow-up, which stays right after it in both channels."""
    plan = _engagement_plan(catalog, "shalom_insurance")
    lead = plan.loc["q_insurance_agent_main_contact"]
    follow = plan.loc["q_insurance_share_answers_with_agent"]
    assert lead["channel"] == follow["channel"] == "transactional_flow"
    assert follow["position"] == lead["position"] + 1
    for row in (lead, follow):
        again = {r["channel"]: r for r in row["repeats"]}
        assert row["value"] > max(r["value"] for r in again.values())
        assert "preference_center" in again
        # moved there by the budget pass, or (since knowledge-base round 26 grew the consent's
        # options) placed there at once: either way the reason names the quote flow first
        assert row["channel_reason_en"].startswith(
            ("First asked in Inside a quote", "Inside a quote, checkout or service process rather")
        )
    profile = {r["channel"]: r["position"] for r in lead["repeats"]}["preference_center"]
    assert {r["channel"]: r["position"] for r in follow["repeats"]}["preference_center"] == (
        profile + 1)  # fmt: skip


def test_a_question_is_asked_first_where_it_adds_most(catalog):
    """Panel rounds 42, 47 and 49: the health fund's "how would you like to see a doctor?" was
    asked first in the preference centre (0.17 index points) and again in the booking flow
    (0.67): asked first in its weakest channel. The budget pass takes a first channel by what a
    question adds per share of its budget; the plan presents the ask worth more as the first,
    in the same channels and places, and says why; the plan's total does not change. A first
    ask sent at its moment stays first: the insurer's renewal priority, asked two months before
    the renewal, is not moved to an SMS on the schedule that adds a little more."""
    # (since round 101 the health fund's booking flow asks a one-row wording of it, which the
    # consultant places there, and the grid is asked again in the app and the profile page; a
    # question moving to where it adds most is checked on the insurer, above)
    mode = _engagement_plan(catalog, "nofim_health").loc["q_health_consult_mode_booking"]
    assert mode["channel"] == "transactional_flow"
    again = {r["channel"]: r["value"] for r in mode["repeats"]}
    assert {"in_app", "preference_center"} <= set(again)
    assert mode["value"] > max(again.values())
    renewal = _engagement_plan(catalog, "shalom_insurance").loc["q_insurance_renewal_priority"]
    # since round 71 the renewal's app prompt asks the policies held elsewhere and their months,
    # and the renewal priority goes by SMS at the renewal, not on the SMS schedule
    assert (renewal["channel"], renewal["moment_id"]) == ("sms", "insurance_own_renewal")
    assert renewal["repeats"] and all(
        r["moment_id"] == "insurance_own_renewal" for r in renewal["repeats"])  # fmt: skip
    # every unpinned question asked again as itself, without follow-ups, is asked first where
    # it adds most among the channels that can ask it as early
    for org in SAMPLE_ORGS:
        planned = _engagement_plan(catalog, org)
        planned = planned[planned["in_plan"] & (planned["status"] != "pinned")]
        leads = set(planned["follows"])
        rank = {w: i for i, w in enumerate(WAVES)}
        for qid, row in planned.iterrows():
            if qid in leads or row["follows"] or not row["repeats"]:
                continue
            if any(r["question_id"] != qid for r in row["repeats"]):
                continue
            for r in row["repeats"]:
                if row["moment_id"] and not r["moment_id"]:
                    continue  # a first ask sent at its moment stays first (the renewal's)
                early = rank[wave_of(catalog, 1, 1, r["channel"], row["sensitivity"])]
                if early <= rank[wave_of(catalog, 1, 1, row["channel"], row["sensitivity"])]:
                    assert r["value"] <= row["value"] + 1e-12, (org, qid, r["channel"])


def _engagement_plan(catalog, org: str) -> pd.DataFrame:
    """A sample's plan as the app builds it (its engagement's decisions), by question id."""
    (eng,) = [e for e in sample_engagements() if e.org_id == org]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    a = assess_engagement(intake, catalog, default_decisions(catalog, eng), steps=shared_steps())
    return a.plan.questions.set_index("question_id")


@pytest.mark.parametrize(
    ("org", "question", "follow_up"),
    [
        ("urban_retail", "q_retail_upcoming_occasion", "q_retail_occasion_month"),
        ("nofim_health", "q_health_caregiver", "q_health_proxy_access"),
        (
            "shaked_cards",
            "q_credit_cards_switch_intent_voice",
            "q_credit_cards_switch_reason_voice",
        ),
        ("urban_retail", "q_retail_top_size", "q_retail_bottoms_size"),
    ],
)
def test_a_question_whose_offer_needs_its_follow_up_is_asked_only_with_it(
    catalog, org, question, follow_up
):
    """Panel round 33: the retailer's events question sat in a two-question checkout, so most
    answers came without the month its offer ("an outfit edit a few weeks before the event")
    needs; the health fund's caregiver question (proxy access once the relative signs), the
    card's "does your card still suit you?" ("what we can change for your reason" needs the
    reason) and the retailer's size in tops (items in your size need the trouser size too)
    likewise lost what their offers need.
    A follow-up marked ``completes_offer`` goes with its question wherever it is asked, right
    after it, whatever it adds; the question is not planned where the follow-up cannot be
    asked."""
    assert catalog.questions.at[follow_up, "completes_offer"]
    plan = _engagement_plan(catalog, org)
    lead = plan.loc[question]
    assert lead["in_plan"] and plan.at[follow_up, "in_plan"]
    assert plan.at[follow_up, "channel"] == lead["channel"]
    assert plan.at[follow_up, "position"] > lead["position"]
    # where the question is asked again, the follow-up follows it there too
    again = [r for r in lead["repeats"] if r["question_id"] == question]
    for ask in again:
        records = [*lead["repeats"], *plan.at[follow_up, "repeats"]]
        channel = ask["channel"]
        (there,) = [r for r in records if r["question_id"] == follow_up and r["channel"] == channel]
        assert there["position"] > ask["position"]


def _address_completes_offer(catalog):
    """The catalog with the telecom's new address completing the moving question's offer, as
    it did until round 65 (a fibre check at the new address; the offer is now a link to the
    coverage checker, so the address is no longer needed): the example the tests of
    ``completes_offer`` under the floor and out of channels were written on."""
    questions = catalog.questions.copy()
    questions.at["q_telecom_move_new_city", "completes_offer"] = True
    return catalog.replace(questions=questions)


def test_a_follow_up_planned_under_the_floor_for_its_offer_says_why(catalog):
    """Panel round 56: the telecom's moving address, planned at 0.01 index points under a floor
    of 0.02 because the moving question's offer (a fibre check at the new address) needs it, read
    as breaking the plan's own rule. Its "why" says it is planned with its question for that
    offer; a question above the floor does not say it."""
    catalog = _address_completes_offer(catalog)
    (eng,) = [e for e in sample_engagements() if e.org_id == "kinor_telecom"]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    plan = assess_engagement(
        intake, catalog, default_decisions(catalog, eng), steps=shared_steps()
    ).plan
    floor = catalog.assumptions.number("planning.min_points")
    address = plan.questions.set_index("question_id").loc["q_telecom_move_new_city"]
    assert address["in_plan"] and float(address["value"]) < floor
    for lang in ("en", "he"):
        said = catalog.text("plan.completes_offer", lang, floor=floor)
        assert plan.explain["q_telecom_move_new_city"][f"text_{lang}"].endswith(said)
        assert said not in plan.explain["q_telecom_moving_home"][f"text_{lang}"]
    assert "0.02 index points" in catalog.text("plan.completes_offer", "en", floor=floor)


def test_a_pinned_question_brings_the_follow_up_its_offer_needs(catalog):
    """A question the team pins is placed before any other, and the follow-up its offer needs
    comes with it, right after it: the insurer's "is your agent your first contact?" promises
    that offers reach you through your agent, which needs "which answers may we pass to your
    agent?" (pinned to the app, the consent question was left out before this was mended)."""
    eng = load_engagement(SAMPLES / "shalom_insurance")
    screener, follow_up = "q_insurance_agent_main_contact", "q_insurance_share_answers_with_agent"
    assert catalog.questions.at[follow_up, "completes_offer"]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    for channel in ("in_app", "preference_center"):
        decisions = default_decisions(catalog, eng)
        decisions.pinned = {screener: channel}
        q = assess_engagement(
            intake, catalog, decisions, steps=shared_steps()
        ).plan.questions.set_index("question_id")
        assert q.at[screener, "channel"] == q.at[follow_up, "channel"] == channel
        assert q.at[follow_up, "position"] == q.at[screener, "position"] + 1
        assert bool(q.at[follow_up, "in_plan"])


def test_a_follow_up_an_offer_needs_rules_its_question_out_where_it_cannot_follow(catalog):
    """The telecom's new address is asked in the app or by an agent only (an address by SMS or
    in a kiosk is a burden and a risk): the moving question, whose offer is a fibre check at
    the new address, is ruled out of its other channels, with a reason naming the address
    question in each language. A follow-up the team excludes binds nothing: the team decided
    without it."""
    catalog = _address_completes_offer(catalog)
    eng = next(e for e in sample_engagements() if e.org_id == "kinor_telecom")
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    decisions = default_decisions(catalog, eng)
    a = assess_engagement(intake, catalog, decisions, steps=shared_steps())
    pairs = a.plan.pairs
    moving = pairs[pairs["question_id"] == "q_telecom_moving_home"].set_index("channel_id")
    ruled = moving[moving["reason"] == "rule_follow_up_not_here"]
    follow_channels = set(catalog.questions.at["q_telecom_move_new_city", "channel_list"])
    own_channels = set(catalog.questions.at["q_telecom_moving_home", "channel_list"])
    assert set(ruled.index) == (own_channels - follow_channels) & set(eng.channels)
    assert set(ruled["reason_accepted"]) == {"q_telecom_move_new_city"}
    en, he = reason_text(catalog, "rule_follow_up_not_here", "tablet_kiosk",
                         "q_telecom_move_new_city", a.plan.questions.set_index("question_id")
                         .to_dict("index"))  # fmt: skip
    assert "What is the address you are moving to" in en and "Not asked in" in en
    # named by its question, without the instruction in brackets after it
    address_he = question_stem(catalog.questions.at["q_telecom_move_new_city", "text_he"])
    assert address_he in he and f"{address_he} (" not in he
    assert catalog.channels.at["tablet_kiosk", "label_he"] in he
    decisions.excluded.add("q_telecom_move_new_city")
    free = assess_engagement(intake, catalog, decisions, steps=shared_steps()).plan.pairs
    free = free[free["question_id"] == "q_telecom_moving_home"]
    assert not (free["reason"] == "rule_follow_up_not_here").any()


def test_a_follow_up_the_first_channel_had_no_room_for_follows_its_question_elsewhere(catalog):
    """Panel rounds 32-34: the telecom's "when will the new line be needed?" never fits after
    "will anyone at home need a new line?" in the full app. Where that question is asked again
    (by e-mail and in the preference centre), the follow-up comes right after it, only of those
    whose answer leads to it, and its record says it is a follow-up (its first ask), not a
    second ask; a follow-up that adds less than ``planning.min_points_follow_up_again`` is not
    asked."""
    plan = _engagement_plan(catalog, "kinor_telecom")
    assert not plan.at["q_telecom_new_line_month", "in_plan"]
    lead = plan.loc["q_telecom_household_new_line"]
    assert lead["channel"] == "in_app"
    least = catalog.assumptions.number("planning.min_points_follow_up_again")
    followers = [r for r in lead["repeats"] if r["question_id"] == "q_telecom_new_line_month"]
    assert {r["channel"] for r in followers} == {"email_survey", "preference_center"}
    for follower in followers:
        assert follower["follow_up"] and follower["value"] >= least
        assert follower["follows"] == "q_telecom_household_new_line"
        (own,) = [r for r in lead["repeats"] if r["channel"] == follower["channel"]
                  and r["question_id"] == lead.name]  # fmt: skip
        assert follower["position"] > own["position"]
        assert not own["follow_up"]
    # a near-duplicate of a planned follow-up is a second ask, not a follow-up of its own: the
    # insurer with the app and the chat only asks its policies and their months in the app, and
    # in WhatsApp in the chat's wordings
    (eng,) = [e for e in sample_engagements() if e.org_id == "shalom_insurance"]
    eng = replace(eng, channels=("whatsapp", "in_app", "sms", "web_popup"))
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    insurer = assess_engagement(
        intake, catalog, default_decisions(catalog, eng), steps=shared_steps()
    ).plan.questions.set_index("question_id")
    assert insurer.at["q_insurance_external_renewal_month", "channel"] == "in_app"
    # (since round 99 recorded as a second ask of the planned month question it is a twin of)
    voice = [r for r in insurer.at["q_insurance_external_renewal_month", "repeats"]
             if r["question_id"] == "q_insurance_external_renewal_month_voice"]  # fmt: skip
    assert voice and not any(r["follow_up"] for r in voice)
    assert not [r for r in insurer.at["q_insurance_external_policy_lines", "repeats"]
                if r["question_id"] == "q_insurance_external_renewal_month_voice"]  # fmt: skip


def until_round_96(decisions: Decisions) -> Decisions:
    """The health fund's decisions as they were until panel round 96: the language questions by
    the agents first (no SMS language question), five closing questions over two calls."""
    merged = {
        "q_health_spoken_language", "q_health_interpreter_needed",
        "q_health_accessibility_needs", "q_health_accessibility_needs_voice",
    }  # fmt: skip
    return decisions.model_copy(
        update={
            "excluded": (decisions.excluded - merged)
            | {
                "q_health_preferred_language_sms",
                "q_health_visit_language",
                "q_health_visit_language_sms",
                "q_health_screening_access_sms",
            },
            "placed": {
                "q_health_preferred_language": "agent_question",
                "q_health_accessibility_needs": "in_app",
            },
            "budgets": {
                **{c: b for c, b in decisions.budgets.items() if c != "sms"},
                "agent_question": (5.0, 180.0),
            },
        }
    )


def test_a_call_asks_a_question_again_without_a_follow_up_that_does_not_fit(catalog):
    """Panel rounds 63-64: the health fund's agents and IVR asked nothing about reminders,
    though the voice-call option is for members whose phones take no SMS. "How should we remind
    you?" is asked again only with its follow-up "at what hour?", and the agents' room (four
    closing questions a month, three of them the language questions) holds one more, so the
    module was dropped whole. In a call, a follow-up the plan asks elsewhere and the question's
    offer does not need stays out when the call or the channel has no room for it; the question
    is asked again alone (the hour follows by SMS, WhatsApp or the app). Round 77 asked for the
    hour after the agents' re-ask too: the sample's service centre now closes calls with five
    questions, and the hour follows there (checked at the end); the mechanism is checked at the
    four the centre had."""
    (eng,) = [e for e in sample_engagements() if e.org_id == "nofim_health"]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    decisions = default_decisions(catalog, eng)
    assert decisions.budgets["agent_question"] == (6.0, 270.0)
    # checked on the sample as it was until round 96 (the language questions by the agents
    # first, five closing questions, no caregiver call)
    decisions = until_round_96(decisions)
    four = decisions.model_copy(
        update={"budgets": {**decisions.budgets, "agent_question": (4.0, 180.0)}}
    )
    a = assess_engagement(intake, catalog, four, steps=shared_steps())
    plan = a.plan.questions.set_index("question_id")
    lead = plan.loc["q_health_reminder_way_voice"]
    follow_up = "q_health_reminder_hours"
    assert plan.at[follow_up, "in_plan"] and plan.at[follow_up, "follows"] == lead.name
    assert not catalog.questions.at[follow_up, "completes_offer"]  # the offer does not need it
    by_agent = [r for r in lead["repeats"] if r["channel"] == "agent_question"]
    assert [r["question_id"] for r in by_agent] == [lead.name]
    assert by_agent[0]["value"] >= catalog.assumptions.number("planning.min_points")
    agents = a.plan.channels.loc["agent_question"]
    assert agents["questions"] == agents["max_questions"]  # no room for the hour there
    assert [c for c in agents["contacts"] if lead.name in c] == [[lead.name]]
    # in its first channel (the SMS survey since round 75) the follow-up comes right after it
    assert plan.at[follow_up, "channel"] == lead["channel"] == "sms"
    first = a.plan.channels.at[lead["channel"], "question_ids"]
    assert first.index(follow_up) == first.index(lead.name) + 1
    # with five, the hour follows the channel question in the agents' second call
    five = assess_engagement(intake, catalog, decisions, steps=shared_steps())
    agents = five.plan.channels.loc["agent_question"]
    assert [c for c in agents["contacts"] if lead.name in c] == [[lead.name, follow_up]]


def test_a_question_asked_again_takes_its_follow_ups_own_follow_ups_with_it(catalog):
    """Panel round 83 (both health reviewers): the reading language was asked again at the kiosk
    and in the profile page with the spoken language after it, but the interpreter question that
    follows the spoken language was asked only by the agents: "9 must follow 8 in every channel",
    "those answers lead nowhere". A module asked again is asked whole, a follow-up's planned
    follow-ups too, each right after the question it follows. (Checked on the sample as it was
    until round 96: the language questions by the agents first, no SMS language question.)"""
    (eng,) = [e for e in sample_engagements() if e.org_id == "nofim_health"]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    decisions = until_round_96(default_decisions(catalog, eng))
    a = assess_engagement(intake, catalog, decisions, steps=shared_steps())
    plan = a.plan.questions.set_index("question_id")
    chain = ["q_health_preferred_language", "q_health_spoken_language",
             "q_health_interpreter_needed"]  # fmt: skip
    assert all(plan.at[q, "in_plan"] for q in chain)
    assert [plan.at[q, "follows"] for q in chain[1:]] == chain[:2]
    again = {q: {r["channel"] for r in plan.at[q, "repeats"]} for q in chain}
    # round 17: the reading language is an origin proxy, never asked on a public screen (the
    # branch kiosk) under the service-language exception
    assert "preference_center" in again["q_health_preferred_language"]
    assert "tablet_kiosk" not in again["q_health_preferred_language"]
    assert len(again["q_health_preferred_language"]) >= 2
    for channel in again["q_health_preferred_language"]:
        asked = list(a.plan.channels.at[channel, "question_ids"])
        if chain[1] not in asked:
            continue
        assert channel in again["q_health_interpreter_needed"], channel
        assert asked.index(chain[2]) == asked.index(chain[1]) + 1 == asked.index(chain[0]) + 2


def test_a_channel_the_plan_leaves_empty_opens_at_the_lower_floor(catalog):
    """Panel rounds 5-19: the retailer's brief names QR codes on the tags, and the plan left them
    empty because no ask there adds ``planning.min_points``. The first ask in an empty channel
    needs only ``planning.min_points_empty_channel``: the telecom's 45 stores ask again, on the
    store floor when the customer would upgrade the phone (asked first in the app) and at the
    kiosk whether the household is moving home (asked first in the service process), each worth
    less than the general floor and more than the lower one. (The retailer's tag
    asked again whether the item is a gift until round 62: reviewers found the person scanning a
    tag is often the gift's recipient.) The telecom's plan as its engagement sets it."""
    (eng,) = [e for e in sample_engagements() if e.org_id == "kinor_telecom"]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    decisions = default_decisions(catalog, eng)
    a = assess_engagement(intake, catalog, decisions, steps=shared_steps())
    floor = catalog.assumptions.number("planning.min_points")
    empty_floor = catalog.assumptions.number("planning.min_points_empty_channel")
    stores = ("in_store_experience", "tablet_kiosk")
    asks = [r for rs in a.plan.questions["repeats"] for r in rs if r["channel"] in stores]
    assert sorted((r["channel"], r["question_id"]) for r in asks) == [
        ("in_store_experience", "q_telecom_device_replacement_timing"),
        ("tablet_kiosk", "q_telecom_moving_home"),  # round 65: no address to type at a kiosk
    ]
    for r in asks:
        assert r["position"] == 1 and empty_floor <= r["value"] < floor, r["value"]
    # with one floor for every ask, neither ask opens a store: what opens one there (a question
    # already asked again in as many channels as it may be, once no other ask is left) adds the
    # general floor
    table = catalog.assumptions.table.copy()
    table.loc[table["parameter"] == "planning.min_points_empty_channel", "value"] = floor
    one_floor = catalog.replace(assumptions=Assumptions(table=table))
    plan = assess_engagement(intake, one_floor, decisions, steps=shared_steps()).plan
    there = [r for rs in plan.questions["repeats"] for r in rs if r["channel"] in stores]
    assert not {(r["channel"], r["question_id"]) for r in there} & {
        (r["channel"], r["question_id"]) for r in asks
    }
    for store in {r["channel"] for r in there}:  # the module that opened it adds the floor
        assert sum(r["value"] for r in there if r["channel"] == store) >= floor - 1e-12, there
    # (the plan's value no longer says which floor is better: with the lower one, the stores'
    # first asks are the ones above; with one floor, questions asked again in as many channels
    # as they may be open them later, and may add more there)


def test_a_channel_left_empty_takes_a_question_asked_again_elsewhere_already(catalog):
    """Panel rounds 82 to 84: the retailer's e-mail (60% reach), kiosk and pop-up asked nothing
    ("the 55% without the app are asked sizes only in a 30%-reach quiz"), and the health fund's
    WhatsApp nothing, because the questions worth asking there were asked again in
    ``planning.repeat_max_channels`` channels already. Once no other ask is left, a channel still
    empty takes a planned question beyond that limit, at the empty channel's floor; the asks
    taken before stay as they were (with the limit at 0, nothing is asked again but in empty
    channels)."""
    (eng,) = [e for e in sample_engagements() if e.org_id == "urban_retail"]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    decisions = default_decisions(catalog, eng)
    plan = assess_engagement(intake, catalog, decisions, steps=shared_steps()).plan
    most = int(catalog.assumptions.number("planning.repeat_max_channels"))
    empty_floor = catalog.assumptions.number("planning.min_points_empty_channel")
    for channel in ("email_survey", "tablet_kiosk", "web_popup"):
        assert plan.channels.at[channel, "questions"] > 0, channel
    q = plan.questions.set_index("question_id")
    top = q.loc["q_retail_top_size"]
    assert len(top["also_channels"]) > most and "email_survey" in top["also_channels"]
    [by_email] = [r for r in top["repeats"] if r["channel"] == "email_survey"]
    assert by_email["position"] == 1 and by_email["value"] >= empty_floor
    # no planned question opens a channel with the limit at 0: only an empty channel is opened
    table = catalog.assumptions.table.copy()
    table.loc[table["parameter"] == "planning.repeat_max_channels", "value"] = 0
    none_more = catalog.replace(assumptions=Assumptions(table=table))
    plan0 = assess_engagement(intake, none_more, decisions, steps=shared_steps()).plan
    planned = plan0.questions[plan0.questions["in_plan"]]
    first_asks = set(planned["channel"])
    again = {r["channel"] for rs in planned["repeats"] for r in rs}
    assert again and not again & first_asks, again & first_asks


@pytest.mark.parametrize("org", sorted(e.org_id for e in sample_engagements()))
def test_no_ask_is_in_an_earlier_wave_than_the_ask_it_depends_on(catalog, org):
    """Panel round 21: the insurer's renewal month (a follow-up) and the WhatsApp re-asks of its
    policies question were "Next quarter" while the policies question, special and so
    "Strategic", would come a quarter later. A follow-up is in its screener's wave or later, a
    second ask in the first ask's wave or later."""
    (eng,) = [e for e in sample_engagements() if e.org_id == org]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    q = assess_engagement(
        intake, catalog, default_decisions(catalog, eng), steps=shared_steps()
    ).plan.questions
    planned = q[q["in_plan"]]
    rank = {w: i for i, w in enumerate(("quick_win", "next_quarter", "strategic"))}
    checked = 0
    for qid, row in planned.iterrows():
        lead = row["follows"]
        if lead and lead in planned.index:
            assert rank[row["wave"]] >= rank[planned.at[lead, "wave"]], (qid, lead)
            assert row["wave_label_en"] == catalog.text(f"wave.{row['wave']}", "en")
            checked += 1
        for again in row["repeats"]:
            assert rank[again["wave"]] >= rank[row["wave"]], (qid, again["channel"])
            checked += 1
    assert checked
    if org == "shalom_insurance":  # ordinary data since round 71: no consent step to build
        assert planned.at["q_insurance_external_policy_lines", "wave"] == "next_quarter"
        assert planned.at["q_insurance_external_renewal_month", "wave"] == "next_quarter"


def test_no_question_is_asked_again_when_the_team_switches_it_off(samples, catalog):
    eng, a = samples["tavor_bank"]
    settings = PlanSettings(channels=eng.channels, industry=eng.industry, repeats=False)
    plan = plan_questions(a.scores, catalog, settings)
    planned = plan.questions[plan.questions["in_plan"]]
    assert not any(len(again) for again in planned["also_channels"])
    assert sum(plan.channels["questions"]) == len(planned)


@pytest.mark.parametrize("org", SAMPLE_ORGS)
def test_no_filler_is_planned(samples, catalog, org):
    """Issue 12: reviewers read last-slot questions adding a hundredth of an index point as
    filler. A question the team did not pin, a follow-up too, is planned only when it adds at
    least ``planning.min_points``; without the floor the same plans take such questions."""
    eng, a = samples[org]
    floor = catalog.assumptions.number("planning.min_points")
    planned = a.plan.questions[a.plan.questions["in_plan"]]
    unpinned = planned[planned["status"] != "pinned"]
    # ...unless the offer of the question it follows needs it, asked right after it (the bank's
    # mortgage timing: "an approval in principle when you need it" needs the when)
    completing = catalog.questions["completes_offer"].reindex(unpinned.index, fill_value=False)
    needed = completing.astype(bool) & unpinned["follows"].fillna("").isin(planned.index)
    assert len(unpinned) and (unpinned.loc[~needed, "value"] >= floor - 1e-12).all(), unpinned.loc[
        ~needed & (unpinned["value"] < floor), "value"
    ]
    own = unpinned[unpinned["follows"].fillna("") == ""]
    settings = PlanSettings(channels=eng.channels, customers=eng.customers, industry=eng.industry)
    pinned = next(q for q in own.index)
    kept = plan_questions(
        a.scores, catalog, replace(settings, pinned={pinned: None}, min_points=10.0)
    ).questions
    assert kept.at[pinned, "in_plan"], "a pin is planned whatever it adds"
    assert kept["in_plan"].sum() <= 1 + (kept["follows"].fillna("") != "").sum()


@pytest.mark.parametrize("org", SAMPLE_ORGS)
def test_each_follow_up_is_asked_right_after_its_screener(samples, org):
    """Round 16 and 17 reviewers: the channel plan broke the plan's own rule that a follow-up
    comes right after the question it depends on (the insurer's "when is the first change"
    fourth in the app, after two other questions). In every channel, the questions between a
    screener and its follow-up are its other follow-ups."""
    _, a = samples[org]
    plan = a.plan
    follows = plan.questions["follows"].fillna("")
    checked = 0
    for channel, ids in plan.channels["question_ids"].items():
        ids = list(ids)
        for k, qid in enumerate(ids):
            screener = follows.get(qid, "")
            if not screener or screener not in ids[:k]:
                continue
            between = ids[ids.index(screener) + 1 : k]
            assert all(follows.get(b, "") == screener for b in between), (channel, qid, between)
            checked += 1
    assert checked, "the plan holds follow-ups"


@pytest.mark.parametrize("org", sorted(e.org_id for e in sample_engagements()))
def test_a_follow_up_under_the_floor_is_left_out_and_says_why(catalog, org):
    """Panel rounds 25 and 27: a follow-up adding 0.013 index points (the health fund's
    interpreter question, the telecom's sports pre-season question) was kept under the plan's
    own floor because its screener stayed. A follow-up is filler like any question: it is left
    out, with its reason, and what it leaves may be asked again by others."""
    (eng,) = [e for e in sample_engagements() if e.org_id == org]
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    q = assess_engagement(
        intake, catalog, default_decisions(catalog, eng), steps=shared_steps()
    ).plan.questions
    floor = catalog.assumptions.number("planning.min_points")
    planned = q[q["in_plan"] & (q["status"] != "pinned")]
    under = planned[planned["value"] < floor - 1e-12]
    # ...unless its question's offer needs it (the telecom's new address, which its fibre check
    # at the new address needs): it is asked right after that question, in its channel
    completing = catalog.questions["completes_offer"]
    for qid in under.index:
        lead = under.at[qid, "follows"]
        assert completing[qid] and q.at[lead, "in_plan"], (qid, under.at[qid, "value"])
        assert q.at[lead, "channel"] == under.at[qid, "channel"]
    for qid in planned.index:  # a follow-up is planned only with its screener
        lead = planned.at[qid, "follows"]
        assert not lead or bool(q.at[lead, "in_plan"]), (qid, lead)
    # since round 61 an app prompt's or a call's second contact is not tired by the first: the
    # health fund's interpreter question, third in the agents' language module, adds more than
    # the floor and is planned (the brief asks which interpreter); the telecom's pre-season
    # question too, and waits for room in the app
    if org == "nofim_health":  # since round 98 by SMS, after the language question
        assert q.at["q_health_visit_language_sms", "in_plan"]
        assert q.at["q_health_visit_language_sms", "value"] >= floor
    if org == "kinor_telecom":
        row = q.loc["q_telecom_sports_preseason"]
        assert not row["in_plan"] and row["reason_en"].startswith("Every channel that may ask it")
    # a follow-up left out under the floor says what it would add and the floor, in both
    # languages
    left = q[~q["in_plan"] & (q["follows"].fillna("") != "") & (q["status"] == "backlog")]
    for qid in left.index[left["reason_en"].str.contains("less than the")]:
        row = q.loc[qid]
        for lang in ("en", "he"):
            reason = row[f"reason_{lang}"]
            numbers = [float(x) for x in re.findall(r"\d+\.\d+", reason)]
            assert floor in numbers and any(0 < x < floor for x in numbers), reason
