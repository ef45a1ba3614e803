"""Moments (issue 12, the panel's "ask at the right moment"): the client's own first-party data
says when a question is best asked; a recurring moment raises the answer rate of the channels
that can ask then, an event is advice; the plan says when and which attribute signals it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import ROOT

from zpd_assess.assess import Steps, assess_engagement, decisions_pool
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.moments import (
    PROCESS_CHANNELS,
    SEPARATOR,
    available_moments,
    moments_in_inventory,
    signal_moments,
    times_a_contact,
)
from zpd_assess.planning import question_channel_pairs

SAMPLES = {e.org_id: e for e in sample_engagements()}
TODAY = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def assessments(catalog, mapper):
    steps = Steps(mapper)
    return {
        org: assess_engagement(load_inventory(e.inventory_path, catalog, today=TODAY), catalog,
                               default_decisions(catalog, e), steps=steps)
        for org, e in SAMPLES.items()
    }  # fmt: skip


@pytest.mark.slow  # six sample assessments (about 30 s on 2 cores)
@pytest.mark.parametrize(
    ("org", "moment", "attribute"),
    [
        ("urban_retail", "retail_after_purchase", "last_purchase_dt"),
        ("urban_retail", "retail_season_change", "kids_items_12m"),
        # the club's join date times its renewal (round 30: "your membership renews this month"
        # went to every member on day 30)
        ("urban_retail", "retail_club_renewal", "member_since"),
        ("kinor_telecom", "telecom_port_request", "port_out_requests_90d"),
        ("kinor_telecom", "telecom_device_installments_ending", "device_installments_left"),
        ("tavor_bank", "banking_salary_missing", "salary_moved_out_flag"),
        # the exit points of its tracks first (round 29: "nobody refinances a mortgage that is
        # ending"), its end date beside them
        ("tavor_bank", "banking_mortgage_ending", "mortgage_track_exit_dt"),
        ("shalom_insurance", "insurance_own_renewal", "renewal_dt_car"),
        ("shaked_cards", "cards_spend_drop", "spend_trend_3m"),
        ("nofim_health", "health_new_baby", "newborn_registered"),
    ],
)
def test_each_sample_signals_its_moments_by_its_own_attribute(assessments, org, moment, attribute):
    moments = assessments[org].moments
    assert moments.at[moment, "attribute"] == attribute
    industry = SAMPLES[org].industry
    assert all(industry in i for i in moments["industries_list"])  # its industry's only


@pytest.mark.slow  # six sample assessments (about 30 s on 2 cores)
def test_a_moment_the_file_does_not_hold_is_not_signalled(catalog, assessments):
    kinor = assessments["kinor_telecom"]
    assert kinor.moments.at["telecom_promo_ending", "attribute"] == "promo_end_dt"
    without = kinor.inventory[kinor.inventory["attribute"] != "promo_end_dt"]
    moments = moments_in_inventory(without, catalog, "telecom")
    assert moments.at["telecom_promo_ending", "attribute"] == ""  # no promo end date then
    assert not moments.at["telecom_promo_ending", "available"]
    assert "telecom_promo_ending" not in available_moments(moments)


@pytest.mark.parametrize(
    ("name", "description", "signalled"),
    [
        ("PromoEndDate", "", True),  # camel case, as a CRM export writes it
        ("promo_end_dt", "", True),
        ("Contract.Commitment_End__c", "", True),
        ("promotion_sender", "", False),  # whole words: promo_end is not in promotion_*
        ("field_17", "Date the promo end applies (promotional price)", True),
        ("field_17", "promotional pricing", False),
    ],
)
def test_a_signal_is_found_by_whole_words_in_a_name_or_description(
    catalog, name, description, signalled
):
    inventory = pd.DataFrame({"attribute": [name], "description": [description]})
    moments = moments_in_inventory(inventory, catalog, "telecom")
    assert bool(moments.at["telecom_promo_ending", "available"]) is signalled


@pytest.mark.slow  # six sample assessments (about 30 s on 2 cores)
def test_a_recurring_moment_raises_the_answer_rate_an_event_does_not(catalog, assessments):
    """Only where the organisation sends at the moment (SMS, WhatsApp, email, an app prompt):
    the lift is a timed message's. In a channel the customer comes to (an agent's closing
    question, the IVR queue, a checkout) the moment only picks whom to ask (panel round 29: the
    bank's agent question was "sent" a year before the mortgage ends, at 1.5 times the rate)."""
    uplift = catalog.assumptions.number("moment.response_uplift")
    recurring = catalog.moments["recurring"].to_dict()
    sends = catalog.channels["outbound"].to_dict()
    assert {c for c, v in sends.items() if v} == {"sms", "whatsapp", "email_survey", "in_app"}
    checked = {True: 0, False: 0}
    inbound = 0
    for org, a in assessments.items():
        pairs = a.plan.pairs
        timed = pairs[pairs["signal_moment"] != ""]
        decisions = default_decisions(catalog, SAMPLES[org])
        settings = decisions.settings()
        plain = question_channel_pairs(
            decisions_pool(catalog, decisions), catalog, settings.channels,
            dict(settings.budgets) or None, dict(settings.reach) or None,
        ).set_index(["question_id", "channel_id"])  # fmt: skip
        for row in timed.itertuples():
            before = float(plain.at[(row.question_id, row.channel_id), "response"])
            if recurring[row.signal_moment] and sends[row.channel_id]:
                assert row.response == pytest.approx(min(before * uplift, 0.95))
            else:
                assert row.response == pytest.approx(before)
                inbound += bool(recurring[row.signal_moment])
            checked[bool(recurring[row.signal_moment])] += 1
    assert checked[True] > 30 and checked[False] > 5 and inbound > 5, (checked, inbound)


@pytest.mark.slow  # six sample assessments (about 30 s on 2 cores)
def test_no_moment_without_a_signal(catalog, assessments):
    """A plan with no signalled moment is the plan without moments (the pairs are untouched)."""
    a = assessments["kinor_telecom"]
    pairs = question_channel_pairs(
        catalog.questions.head(30), catalog, list(catalog.channels.index)
    )
    assert signal_moments(pairs, {}, available_moments(a.moments), catalog) is pairs
    assert signal_moments(pairs, {"x": {"y": 1.0}}, {}, catalog) is pairs


@pytest.mark.slow  # six sample assessments (about 30 s on 2 cores)
@pytest.mark.parametrize("org", sorted(SAMPLES))
def test_the_plan_says_when_to_ask_and_what_signals_it(catalog, assessments, org):
    a = assessments[org]
    q = a.plan.questions
    planned = q[q["in_plan"]]
    timed = planned[planned["moment_id"] != ""]
    # every sample has moments its plan uses (the card issuer's fee date times its fee question;
    # "does our card still suit you?" left that moment in round 29, a near-duplicate of it, and
    # the switch reason at a cancel request waits in the backlog while the agent's 90 s are full;
    # the telecom's roaming question, timed by the travel season, left with its use case in
    # round 60: the promotion's end and the device's last instalments time two)
    assert len(timed) >= {"shaked_cards": 1, "kinor_telecom": 2}.get(org, 3), org
    signalled = available_moments(a.moments)
    for r in timed.itertuples():
        moment = catalog.moments.loc[r.moment_id]
        assert r.channel in moment["channels_list"]
        assert set(r.use_cases) & set(moment["use_cases_list"])
        # every client field that signals it, quoted (round 28: the health fund's screening
        # moment read "mammography only", while its last colorectal test times it too)
        fields = signalled[r.moment_id].split(SEPARATOR)
        assert fields[0] == a.moments.at[r.moment_id, "attribute"]
        for field in fields:
            assert f"'{field}'" in r.moment_en and f"'{field}'" in r.moment_he
        assert len(fields) == 1 or (" and " in r.moment_en and " ו-" in r.moment_he)
    if org == "nofim_health":
        assert signalled["health_screening_due"].split(SEPARATOR) == [
            "mammography_last", "fobt_last"
        ]  # fmt: skip
        assert moment["label_he"] in r.moment_he and moment["label_en"] in r.moment_en
        assert r.moment_en in a.plan.explain[r.question_id]["text_en"]
        assert r.moment_he in a.plan.explain[r.question_id]["text_he"]
    assert (planned.loc[planned["moment_id"] == "", "moment_en"] == "").all()
    for r in timed.itertuples():
        # "at 1.5 times the channel's rate" only where the channel sends at the moment
        sends = bool(catalog.channels.at[r.channel, "outbound"])
        lifted = "times the channel's rate" in r.moment_en
        assert lifted == (sends and bool(catalog.moments.at[r.moment_id, "recurring"])), r
        comes = "when the customer comes to this channel" in r.moment_en
        # a recurring moment, or an event in a process that asks at it (the mortgage calculator)
        timing = bool(catalog.moments.at[r.moment_id, "recurring"]) or r.channel in PROCESS_CHANNELS
        assert comes == (not sends and timing), r
        assert comes == ("כשהלקוח מגיע לערוץ הזה" in r.moment_he), r


#: A moment is one short prompt: it times no more questions than an app prompt holds.
MOST_PER_MOMENT = 3


@pytest.mark.slow  # six sample assessments (about 30 s on 2 cores)
@pytest.mark.parametrize("org", sorted(SAMPLES))
def test_a_moment_times_only_the_few_questions_that_read_naturally_then(catalog, assessments, org):
    """Round 11 of the panel: Kinor's "are you moving home?" was timed by the end of the device's
    instalments, and the insurer's own car renewal carried six questions. A moment times only the
    questions ``moments.csv`` names for it, and no more than a prompt holds in each channel (the
    insurer's renewal: its policies elsewhere and their two months in the app, the renewal
    priority by SMS)."""
    planned = assessments[org].plan.questions
    planned = planned[planned["in_plan"]]
    timed = planned[planned["moment_id"] != ""]
    for r in timed.itertuples():
        assert r.question_id in catalog.moments.at[r.moment_id, "questions_list"], r.question_id
    per_moment = timed.groupby(["moment_id", "channel"]).size()
    assert (per_moment <= MOST_PER_MOMENT).all(), per_moment.to_dict()


@pytest.mark.slow  # six sample assessments (about 30 s on 2 cores)
def test_moving_home_is_not_timed_by_the_device_instalments(assessments):
    q = assessments["kinor_telecom"].plan.questions.set_index("question_id")
    assert q.at["q_telecom_moving_home", "moment_id"] != "telecom_device_installments_ending"
    assert q.at["q_telecom_device_replacement_timing", "moment_id"] == (
        "telecom_device_installments_ending"
    )


@pytest.mark.slow  # six sample assessments (about 30 s on 2 cores)
def test_the_health_fund_asks_about_the_flu_vaccine_when_its_season_opens(assessments, catalog):
    """Panel rounds 36-40: both reviewers of the health fund asked for a flu-season contact; the
    moment was signalled (``flu_vaccine_last``) but its questions were the screening moment's.
    The flu question is asked in the app when the season opens; the reminder questions asked at
    the screening moment say that the due dates come from the medical record (round 45); the
    language questions are timed by no moment (round 47).

    Rounds 65-68: the reminder questions were timed by a member's screening falling due, marked
    as a moment every member passes each year, so the plan claimed 93% reach for an SMS sent only
    to members due for a mammography or a stool test (about a quarter). A test falling due is an
    event: it sends the question that presupposes it (what would make the due test easiest); the
    reminder questions went with the flu season, which every member passes, from round 69.
    Round 74: both reviewers read the flu season as a quick win delayed to September ("send them
    now: mammography and colorectal reminders run all year"): the reminder questions are timed by
    no moment, on the SMS survey's schedule, and asked again by the agents and the IVR.
    """
    q = assessments["nofim_health"].plan.questions.set_index("question_id")
    # Round 77: "flu is a mass campaign, asked in the app only": the place (pharmacy, clinic,
    # evening) is asked by SMS when the vaccine arrives, of ordinary sensitivity; the app asks
    # again in the wording with the home visit and the nurse's call, special
    flu = q.loc["q_health_flu_vaccine_way_sms"]
    assert flu["in_plan"] and flu["channel"] == "sms"
    assert flu["moment_id"] == "health_flu_season"
    assert "health_screening_reminders_hours" in flu["use_cases"]
    assert flu["sensitivity"] == "medium"
    # (since round 98 the app's prompts go to other questions; the profile page asks it again)
    (again,) = [r for r in flu["repeats"] if r["question_id"] == "q_health_flu_vaccine_way"]
    assert again["channel"] in ("in_app", "preference_center")
    assert catalog.questions.at["q_health_flu_vaccine_way", "sensitivity"] == "special"
    assert "vaccine record only to know whom to ask" in flu["purpose_en"]
    # no behaviour (a reminder left unbooked) picks whom a language question is asked of
    # (round 47: "it looks like profiling by origin")
    for qid in ("q_health_preferred_language", "q_health_spoken_language"):
        assert q.at[qid, "moment_id"] == "", qid
    for qid in ("q_health_reminder_way_voice", "q_health_reminder_hours"):
        # timed by no moment: on the SMS survey's schedule ("also worth asking when a newborn
        # is registered" names an event the question suits, which times no contact)
        moment = q.at[qid, "moment_id"]
        assert q.at[qid, "in_plan"] and moment != "health_flu_season", qid
        assert not moment or not times_a_contact(catalog, moment, qid, "sms"), (qid, moment)
        assert q.at[qid, "channel"] == "sms" and q.at[qid, "wave"] == "quick_win", qid
        assert "medical record only to know which tests are due" in q.at[qid, "purpose_en"]
        assert "בתיק הרפואי רק כדי לדעת" in q.at[qid, "purpose_he"]
    again = {r["channel"] for r in q.at["q_health_reminder_way_voice", "repeats"]}
    assert {"agent_question", "ivr_survey"} <= again
    # the due test sends the question that presupposes it, in a contact of its own
    # (since round 99 by SMS, in the due reminder: its arrangements only, the test already named)
    access = q.loc["q_health_screening_access_sms"]
    assert access["in_plan"] and access["moment_id"] == "health_screening_due"
    assert access["channel"] == "sms"
    assert not bool(catalog.moments.at["health_screening_due", "recurring"])


@pytest.mark.parametrize(
    ("names", "signals"),
    [
        # both dates time the screening moment; the one-word fallback term is not read then
        (["mammography_last", "fobt_last", "screening_reminder_resp"],
         "mammography_last; fobt_last"),
        # ...and is read when nothing more telling is there
        (["screening_reminder_resp", "age"], "screening_reminder_resp"),
        (["age"], ""),
    ],
)  # fmt: skip
def test_a_moment_names_every_field_that_signals_it(catalog, names, signals):
    inventory = pd.DataFrame({"attribute": names, "description": [""] * len(names)})
    moments = moments_in_inventory(inventory, catalog, "health")
    assert moments.at["health_screening_due", "attributes"] == signals
    assert moments.at["health_screening_due", "attribute"] == signals.split(SEPARATOR)[0]
    assert available_moments(moments).get("health_screening_due", "") == signals


@pytest.mark.slow  # six sample assessments (about 30 s on 2 cores)
def test_an_event_sends_a_question_that_presupposes_it_where_the_channel_sends(catalog, mapper):
    """Round 30 (health fund): "the test we invited you to is not booked yet: what got in the
    way?" was sent on day 30 of the app's schedule, to members with nothing unbooked. An event
    sends the questions whose wording presupposes it (``sends`` in moments.csv), where the
    channel sends: in a contact of its own, at the channel's own rate; other questions an event
    suits stay on the schedule ("also worth asking when ...").

    The sample's own plan now gives the app's room to the caregiver and proxy-access pair, so
    the team pins the barrier question to the app here, as a team that wants it would."""
    eng = SAMPLES["nofim_health"]
    decisions = default_decisions(catalog, eng)
    decisions.excluded.discard("q_health_screening_barrier")  # the sample's consultant's
    decisions.pinned["q_health_screening_barrier"] = "in_app"
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    a = assess_engagement(intake, catalog, decisions, steps=Steps(mapper))
    q = a.plan.questions.set_index("question_id")
    barrier = q.loc["q_health_screening_barrier"]
    assert barrier["in_plan"] and barrier["moment_id"] == "health_reminder_unbooked"
    assert bool(catalog.channels.at[barrier["channel"], "outbound"])
    label = catalog.moments.at["health_reminder_unbooked", "label_en"]
    assert barrier["moment_en"].startswith(f"Sent {label}:"), barrier["moment_en"]
    assert barrier["moment_he"].startswith("נשלחת "), barrier["moment_he"]
    row = a.plan.channels.loc[barrier["channel"]]
    timed = [g for g, m in zip(row["contacts"], row["contact_moments"], strict=True)
             if m == "health_reminder_unbooked"]  # fmt: skip
    assert timed and "q_health_screening_barrier" in timed[0]
    # an event question it does not send stays on the schedule and says "also worth asking" (the
    # card issuer's "does your card still suit you?", by the agent, also worth asking when the
    # customer calls about a fee, a declined charge or the credit limit)
    cards = SAMPLES["shaked_cards"]
    intake = load_inventory(cards.inventory_path, catalog, today=TODAY)
    a = assess_engagement(intake, catalog, default_decisions(catalog, cards), steps=Steps(mapper))
    q = a.plan.questions.set_index("question_id")
    also = q[(q["in_plan"]) & (q["moment_id"] != "")]
    events = also[~also["moment_id"].map(catalog.moments["recurring"]).astype(bool)]
    assert "q_credit_cards_switch_intent_voice" in events.index
    for qid, r in events.iterrows():
        assert r["moment_en"].startswith("Also worth asking"), qid
        channel_row = a.plan.channels.loc[r["channel"]]
        assert r["moment_id"] not in channel_row["contact_moments"], qid


def test_an_event_sends_only_questions_it_names(tmp_path):
    """``sends`` names questions of an event moment's own list; a recurring moment sends all its
    questions, so it names none."""
    from zpd_assess.catalog import CatalogError, load_catalog

    sends = {"health_reminder_unbooked": "q_health_caregiver",
             "retail_club_renewal": "q_retail_club_benefit"}  # fmt: skip
    lines = []
    for line in (ROOT / "templates" / "moments.csv").read_text(encoding="utf-8").splitlines():
        moment = line.split(",", 1)[0]
        lines.append(line[: line.rindex(",")] + "," + sends[moment] if moment in sends else line)
    (tmp_path / "moments.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(tmp_path)
    message = str(err.value)
    assert "health_reminder_unbooked: sends q_health_caregiver, not among its questions" in message
    assert "retail_club_renewal: sends q_retail_club_benefit: a recurring moment" in message


@pytest.mark.slow  # six sample assessments (about 30 s on 2 cores)
def test_an_ask_again_is_timed_by_the_moment_of_its_own_channel(catalog, assessments):
    """Round 31 (card issuer): "the email re-ask of the fee question isn't timed to the fee
    date", while its answer rate counted the moment's lift. Each ask again carries the moment of
    its own (question, channel), says it, and a channel that sends asks it in the moment's
    contact; a channel the customer comes to asks it of those in the moment when they come."""
    checked = {True: 0, False: 0}
    for org, a in assessments.items():
        pairs = a.plan.pairs.set_index(["question_id", "channel_id"])
        planned = a.plan.questions[a.plan.questions["in_plan"]]
        for again in (r for rs in planned["repeats"] for r in rs):
            moment = str(pairs.at[(again["question_id"], again["channel"]), "signal_moment"])
            assert again["moment_id"] == moment, (org, again["question_id"], again["channel"])
            if not moment:
                assert again["moment_en"] == again["moment_he"] == ""
                continue
            recurring = bool(catalog.moments.at[moment, "recurring"])
            if not recurring:
                continue
            sends = bool(catalog.channels.at[again["channel"], "outbound"])
            assert ("when the customer comes to this channel" in again["moment_en"]) != sends
            row = a.plan.channels.loc[again["channel"]]
            timed = [g for g, m in zip(row["contacts"], row["contact_moments"], strict=True)
                     if m == moment]  # fmt: skip
            assert any(again["question_id"] in g for g in timed), (org, again["question_id"])
            checked[sends] += 1
    assert checked[True] >= 3 and checked[False] >= 1, checked
    cards = assessments["shaked_cards"].plan.questions.set_index("question_id")
    # the question, then the follow-up its offer needs (planned with it in the app, each
    # recording its own second ask), in the same e-mail
    fee_emails = sorted(
        (r for q in ("q_credit_cards_fee_renewal", "q_credit_cards_fee_renewal_replacement")
         for r in cards.at[q, "repeats"] if r["channel"] == "email_survey"),
        key=lambda r: r["position"],
    )  # fmt: skip
    assert [r["question_id"] for r in fee_emails] == [
        "q_credit_cards_fee_renewal", "q_credit_cards_fee_renewal_replacement"
    ]  # fmt: skip
    # the follow-up carries no moment of its own: it rides in its question's timed contact
    row = assessments["shaked_cards"].plan.channels.loc["email_survey"]
    (timed,) = [g for g, m in zip(row["contacts"], row["contact_moments"], strict=True)
                if m == "cards_annual_fee_due"]  # fmt: skip
    assert list(timed) == [r["question_id"] for r in fee_emails]
    fee_email = fee_emails[0]
    assert fee_email["moment_id"] == "cards_annual_fee_due"
    assert fee_email["moment_en"].startswith("Asked 30 days before")
