"""Write the client files of the issue-12 review panel, one Markdown file per sample engagement.

    .venv/bin/python tools/panel_client_files.py OUT_DIR [--sample ID ...] [--today YYYY-MM-DD]

The panel (``docs/reviews/2026-11-30-issue12-panel/PANEL.md``) reads only what the client would
see: the brief, the channels the organisation has, its customer-knowledge index, the plan's top
15 questions (each with its wording, answer options, channel and wave, second asks, moment,
follow-up rule, offer, two-layer purpose notice, use cases and the tool's explanation) and the
channel plan (every channel, its questions in asking order, under each contact). Each round's
files sit in ``round<N>/client_files/<sample_id>.md`` there.

Every sentence about the plan comes from the package: the plan is the one the app and
``zpd-assess assess`` build for a sample (its engagement's own channels, budgets, reach, brief
and use cases, through :func:`~zpd_assess.decisions.default_decisions` and
:func:`~zpd_assess.assess.assess_engagement`), read from its records (``plan.questions``,
``plan.explain``, ``plan.channels``) and the catalog's labels. This script adds only the layout:
the headings, the line labels and a few framing phrases of the panel's earlier client files,
so that a new round's files compare line by line with the last round's. The inventories
are read with the samples' own "today" (2026-11-29), as the tests read them: the index and every
value in the explanations depend on the age of the data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import pandas as pd

from zpd_assess.assess import Assessment, Steps, assess_engagement
from zpd_assess.catalog import FURTHER_LANGUAGES, Catalog, contact_answers, load_catalog
from zpd_assess.decisions import default_decisions
from zpd_assess.engagement import Engagement, sample_engagements
from zpd_assess.intake import load_inventory
from zpd_assess.notices import feeds_offers
from zpd_assess.planning import Plan
from zpd_assess.planning.pairs import special_categories
from zpd_assess.planning.report import CONTACT_LANGUAGE_ANSWERS, scheduled_contact_heading
from zpd_assess.planning.spoken import SPOKEN_CHANNELS
from zpd_assess.scripts import channel_script, script_channels
from zpd_assess.surveys import channel_questions
from zpd_assess.wording import question_text

#: "Today" of the sample inventories (``sample_data/README.md``): no date in them is later.
SAMPLE_TODAY = dt.date(2026, 11, 29)
#: How many of the plan's questions the panel scores.
TOP = 15

TOP_HEADING = "## The plan's top {n} questions ({order})"
#: How the plan is ordered (``reading_order``): the panel read "most valuable first" over a list
#: whose brief needs lead and asked why a 0.37 sat under a 0.03 (round 27).
ORDER = (
    "first a question that sets the language of the questions after it, where it serves a need "
    "the brief states; then the questions for the needs the brief states: the question of the "
    "need the brief "
    "names first, then that need's other questions worth at least {share}% of the best question, "
    "then each other need's best question, the most valuable first, then the brief's other "
    "questions; then the rest, the most valuable first; a follow-up is listed right under the "
    "question it follows"
)
#: The heading when the plan holds fewer than TOP questions: the panel read "top 15" over 9 to 12
#: questions as slots left empty (round 24), where the plan asks nothing more that is worth asking.
ALL_HEADING = (
    "## The plan's {n} questions: all it plans (a question is planned only where it adds at least "
    "{points:g} index points in a channel the organisation has, or where the offer of the "
    "question it follows needs its answer; {order})"
)
CHANNEL_PLAN_HEADING = (
    "## The channel plan (every channel the organisation has, its questions in asking order)"
)
ASKED_AGAIN_HERE = (
    "— asked here again, only of customers who have not answered it in another channel"
)
#: A follow-up the question's first channel had no room for, asked where the question is
#: asked again: its first ask, not a second one.
FOLLOW_UP_THERE = (
    "right after the question there, only of those whose answer leads to it (the question's "
    "first channel has no room for it)"
)
FOLLOW_UP_HERE = (
    '— follows "{question}" here, asked only of those whose answer to it leads to this question'
)
#: A second ask in a wording that follows a question asked before it in the same channel.
FOLLOWS_TOO = (
    'and follows "{question}" here, asked only of those whose answer to it leads to this question'
)
MOMENT_CONTACT = "{moment} (sent when that moment comes for each customer)"
#: In a call the customer makes (an agent's, the IVR's), the moment is seen in the call itself.
MOMENT_ASK = "{moment} (asked in the call in which it happens)"
NOTHING_HERE = "- (no question planned here)"


def _marketing_consent(result: Assessment, catalog: Catalog) -> list[str]:
    """What the plan's surveys ask about marketing: the opt-in where a planned question's notice
    says offers follow; where none does (a health fund's plan), that no opt-in is shown."""
    planned = result.plan.questions[result.plan.questions["in_plan"]]
    feeding = [q for q, text in planned["purpose_en"].items() if feeds_offers(str(text), "en")]
    if not feeding:
        return [
            "No planned question's notice says offers follow from its answer: the surveys show "
            "no marketing opt-in, and no answer is used for marketing."
        ]
    kinds = {"in_app": "app", "web_survey": "web", "web_popup": "web", "email_survey": "email",
             "tablet_kiosk": "branch kiosk", "in_store_experience": "store"}  # fmt: skip
    has = list(dict.fromkeys(kinds[c] for c in result.plan.channels.index if c in kinds))
    where = ", ".join(has[:-1]) + (" and " if len(has) > 1 else "") + has[-1] if has else "its"
    return [
        f"{len(feeding)} of the plan's {len(planned)} questions say in their notice that offers "
        'follow "only if you have agreed to receive marketing messages"; they are asked, in the '
        f"{where} surveys, with an unticked opt-in at the end of the survey, "
        "shown only where the customer's consent is not on file: "
        f'"{catalog.text("survey.marketing_opt_in", "en")}" (app, SMS, WhatsApp, email) / '
        f"«{catalog.text('survey.marketing_opt_in', 'he')}». By SMS and WhatsApp such a question "
        "goes only to customers who agreed already."
    ]


def assess_sample(eng: Engagement, catalog: Catalog, today: dt.date | None) -> Assessment:
    """The sample's plan as the app builds it: its engagement's decisions, its inventory."""
    decisions = default_decisions(catalog, eng)
    if eng.inventory_path is None:
        raise SystemExit(f"{eng.org_id}: the sample has no inventory")
    intake = load_inventory(
        eng.inventory_path,
        catalog,
        columns=decisions.columns,
        defaults=decisions.defaults,
        today=today,
    )
    return assess_engagement(intake, catalog, decisions, organisation=eng.name_en, steps=Steps())


def record(row: pd.Series) -> dict[str, Any]:
    """A row of the plan's questions as a record, by column name."""
    return {str(k): v for k, v in row.items()}


def wave_name(wave: str) -> str:
    """A wave as the panel reads it: ``quick_win`` -> "Quick win"."""
    return wave.replace("_", " ").capitalize()


def joined(values: Any, sep: str = "|") -> str:
    """A list cell (options, use cases) as one line; a missing one as ''."""
    return sep.join(str(v) for v in values) if isinstance(values, list | tuple) else ""


def follow_up_line(q: Mapping[str, Any], screener: Mapping[str, Any], catalog: Catalog) -> str:
    """Which answers to the question it follows lead to a follow-up, and that question."""
    skipped = set(str(q.get("skip_if") or "").partition(":")[2].split(";")) - {""}
    codes = list(screener.get("option_codes") or [])
    words = list(screener.get("options_en") or [])
    if not codes and screener.get("answer_type") == "yes_no":
        codes = ["yes", "no"]
        words = [catalog.text("value.yes", "en"), catalog.text("value.no", "en")]
    leading = [w for c, w in zip(codes, words, strict=False) if c not in skipped]
    rank, qid = int(screener["rank"]), str(screener["question_id"])
    if leading and skipped:
        rule = catalog.text(
            "answers.only_if", "en", rank=rank, question=qid, answers="; ".join(leading)
        )
    else:
        rule = f"Shown only to those who answered question {rank} ('{qid}')"
    return f'{rule} — that question: "{question_text(screener, "en")}"'


def contact_line(q: Mapping[str, Any], catalog: Catalog, plan: Plan | None = None) -> str:
    """The contact request after a question: when it is asked (in each channel that asks the
    question, where that differs: a follow-up asked with it there takes its own answers), its
    wording in both languages, and what the customer's "yes" allows."""
    codes = list(q.get("option_codes") or [])
    words = dict(zip(codes, q.get("options_en") or [], strict=False))
    leading = contact_answers(
        codes, list(q.get("exclusive_options") or []), list(q.get("contact_answers") or [])
    )

    def said(answers: Sequence[str] | None) -> str:
        if answers is None:
            return "after any answer"
        return "only after the answers: " + "; ".join(words.get(c, c) for c in answers)

    after = said(leading)
    if plan is not None:
        qid = str(q["question_id"])
        channels = [str(q["channel"])] + [
            str(r["channel"]) for r in q.get("repeats") or () if r["question_id"] == qid
        ]
        by_channel: dict[str, str] = {}
        for channel in dict.fromkeys(channels):
            asked = {s.question_id: s for s in channel_questions(plan, catalog, channel)}
            request = asked.get(qid + "__contact")
            by_channel[channel] = said(request.ask_codes) if request else "not asked"
        if len(set(by_channel.values())) > 1:
            labels = catalog.channel_records
            after = "; ".join(
                f"in «{labels[c]['label_en']}» {text}" for c, text in by_channel.items()
            )
    no = {lang: catalog.text("survey.contact_no", lang) for lang in ("en", "he")}
    return (
        f"- Contact on request (a yes/no right after the answer, {after}): "
        f'"{q["contact_ask_en"]}" — "{q["contact_yes_en"]}" / "{no["en"]}"; in Hebrew: '
        f"«{q['contact_ask_he']}» — «{q['contact_yes_he']}» / «{no['he']}». A contact the "
        "customer asks for here is made about this only, without waiting for his consent to "
        "marketing messages (his request is his consent to it); the notice says so."
    )


def consent_line(q: Mapping[str, Any], plan: Plan, catalog: Catalog) -> str:
    """How the survey of the question's own channel asks its explicit consent (special
    sensitivity): a consent of its own, one that covers its follow-ups too, or its screener's."""
    asked = {s.question_id: s for s in channel_questions(plan, catalog, str(q["channel"]))}
    found = asked.get(str(q["question_id"]))
    if found is None or not found.consent:
        return ""
    frame = plan.questions
    rank = {qid: int(frame.at[qid, "rank"]) for qid in asked if qid in frame.index}
    if found.covered_by:
        return (
            "- Explicit consent: covered by the one consent asked before question "
            f"{rank.get(found.covered_by, '?')} in this channel (one subject, one consent); its "
            "own notice is still shown before it, and it can be skipped"
        )
    if found.covers:
        others = ", ".join(str(rank.get(c, c)) for c in found.covers)
        return (
            "- Explicit consent: one consent step before it, in this channel, covers it and its "
            f"follow-up question(s) {others} (one subject, one consent: "
            f'"{catalog.text("survey.consent_many", "en")}"); an unrelated subject asked in the '
            "same contact has its own, since explicit consent is given per purpose"
        )
    return (
        "- Explicit consent: a consent step of its own before it "
        f'("{catalog.text("survey.consent", "en")}")'
    )


def question_block(
    q: Mapping[str, Any],
    plan_questions: pd.DataFrame,
    explain: Mapping[str, Any],
    catalog: Catalog,
    plan: Plan | None = None,
    said: Mapping[tuple[str, str], tuple[str, str]] | None = None,
) -> list[str]:
    """One planned question, as the panel reads it; ``said``: what a call says of each question
    asked first in a spoken channel (its script's prompt, English and Hebrew)."""
    labels = catalog.channel_records
    qid = str(q["question_id"])
    sensitivity = str(q["sensitivity"])
    rule = catalog.sensitivity_exception_of(qid)
    if rule:  # health data, asked where its category's rule would not allow, by a documented rule
        sensitivity += (
            f" for the channel rules ({rule['label_en'].lower()}: the answer is "
            f"{', '.join(rule['category_list'])} information of special sensitivity, asked in "
            f"{', '.join(labels[c]['label_en'] for c in rule['channel_list'])} under a documented "
            "exception)"
        )
    lines = [
        f"### {q['rank']}. {question_text(q, 'en')}",
        f"- Hebrew: {question_text(q, 'he')}",
        f"- Answer: {q['answer_type']} — options: {joined(q['options_en'])}",
        f"- Options in Hebrew: {joined(q['options_he'])}",
        f"- Channel: {labels[q['channel']]['label_en']} (wave: {wave_name(q['wave'])}); "
        f"sensitivity: {sensitivity}; applies to: {float(q['audience']):.0%} of customers",
    ]
    for lang, words in catalog.translations.get(qid, {}).items():
        # the wording for members who chose another language (the health fund's SMS after its
        # language question, panel rounds 77-95)
        lines.insert(
            4 + list(catalog.translations[qid]).index(lang),
            f"- In {FURTHER_LANGUAGES[lang]}: {words.text} — options: {joined(words.options)}",
        )
    rule = catalog.eligibility.get(qid, {}).get("en", "")
    if rule:  # who is asked at all, by the customer's record, in every channel that asks it
        lines.append(f"- Asked only of (in every channel): {rule}")
    for again in q.get("repeats") or ():
        same = again["question_id"] == qid or question_text(again, "en") == question_text(q, "en")
        variant = "" if same else f' as "{question_text(again, "en")}"'
        twin_note = ""
        if again["question_id"] != qid and again["question_id"] in catalog.questions.index:
            # a twin of another sensitivity (the insurer's car-and-home-only WhatsApp wording of
            # its special question, round 67) says so, or it reads as breaking the privacy rule
            twin = catalog.questions.at[again["question_id"], "sensitivity"]
            if twin != q["sensitivity"]:
                options = catalog.questions.at[again["question_id"], "options_en_list"]
                twin_note = (
                    f" (sensitivity {twin})"
                    if again.get("follow_up")
                    else f" (a wording of sensitivity {twin}, options: {joined(options)})"
                )
        variant += twin_note if variant else ""
        if again.get("follow_up"):
            lines.append(
                f"- Followed in: {labels[again['channel']]['label_en']} by "
                f'"{question_text(again, "en")}"{twin_note} {FOLLOW_UP_THERE} '
                f"(wave: {wave_name(again['wave'])}); there it reaches "
                f"{again['reach']:.0%}, {again['response']:.1%} answer, adds "
                f"{again['value']:.2f} index points"
            )
            continue
        lines.append(
            f"- Asked again in: {labels[again['channel']]['label_en']}{variant} "
            f"(wave: {wave_name(again['wave'])}), only of customers who have not answered it "
            f"yet; there it reaches {again['reach']:.0%}, {again['response']:.1%} answer, adds "
            f"{again['value']:.2f} index points"
            + (f". There: {again['moment_en']}" if again.get("moment_en") else "")
        )
    moment = str(q.get("moment_en") or "")
    if moment:
        lines.append(f"- When to ask: {moment}")
    lead = str(q.get("follows") or "")
    if lead and lead in plan_questions.index and bool(plan_questions.at[lead, "in_plan"]):
        screener = record(cast(pd.Series, plan_questions.loc[lead]))
        lines.append(
            "- Follow-up (right after it, in the same channel): "
            + follow_up_line(q, screener, catalog)
        )
    if q.get("contact_ask_en"):
        lines.append(contact_line(q, catalog, plan))
    consent = consent_line(q, plan, catalog) if plan is not None else ""
    if consent:
        lines.append(consent)
    lines += [
        f"- What the customer gets: {q['value_exchange_en']} / {q['value_exchange_he']}",
        *_first_layer(q, said or {}),
        *_kept_out(q, catalog, plan),
        f"- Full notice, one tap away (second layer): {q['purpose_en']} / {q['purpose_he']}",
        f"- Use cases it serves: {joined(q['use_case_labels_en'], '; ')}",
        f"- Why (the tool's explanation): {explain[qid]['text_en']}",
        "",
    ]
    return lines


def _first_layer(
    q: Mapping[str, Any], said: Mapping[tuple[str, str], tuple[str, str]]
) -> list[str]:
    """The notice's first layer as the customer meets it: on screen, or said in a call (the
    channel's script: the question with its purpose, after the call's opening)."""
    qid = str(q["question_id"])
    channel = str(q["channel"])
    if channel in SPOKEN_CHANNELS and (channel, qid) in said:
        en, he = said[channel, qid]
        lines = []
        if (channel, f"{qid}__consent") in said:
            c_en, c_he = said[channel, f"{qid}__consent"]
            lines.append(f'- Consent said in the call before it: "{c_en}" / "{c_he}"')
        return [
            *lines,
            f"- Said in the call (spoken first layer, after the call's opening in "
            f'the channel plan): "{en}" / "{he}"',
        ]
    return [f"- Notice on screen (first layer): {q['notice_short_en']} / {q['notice_short_he']}"]


def _kept_out(q: Mapping[str, Any], catalog: Catalog, plan: Plan | None) -> list[str]:
    """The organisation's channels a special question is never asked in, and why: the rule of
    its sensitivity category (``sensitivity.csv``), as the plan's rule message says it."""
    if plan is None or q["sensitivity"] != "special":
        return []
    labels = catalog.channel_records
    has = set(plan.channels.index)
    lines = []
    qid = str(q["question_id"])
    row = catalog.questions.loc[qid] if qid in catalog.questions.index else q
    # every category the question reveals, not its first only (panels 105-107: the insurer's
    # life-change list named only the health rule, read as "a car purchase is health data")
    cats = special_categories(row, catalog)
    barred = {c for cat in cats for c in catalog.sensitivity_channels(cat)}
    out = [c for c in catalog.channels.index if c in has and c in barred]
    if cats and out:
        rules = "; ".join(
            f"{catalog.sensitivity_records[cat]['label_en']}, "
            f"{catalog.sensitivity_citation(cat, 'en')}"
            for cat in cats
        )
        lines.append(
            f"- Never asked in (privacy rules for {rules}): "
            + ", ".join(str(labels[c]["label_en"]) for c in out)
        )
    return lines


def spoken_scripts(
    result: Assessment, catalog: Catalog, organisation: str
) -> tuple[dict[tuple[str, str], tuple[str, str]], dict[str, list[tuple[list[str], str, str]]]]:
    """What the plan's spoken channels say, from their scripts: each question's prompt by channel
    and question id (its consent step by ``<id>__consent``), and each channel's calls: the
    questions a call asks and its opening, in English and Hebrew (a script spreads its questions
    over calls of one subject each, each with its own opening)."""
    prompts: dict[tuple[str, str], dict[str, str]] = {}
    openings: dict[str, dict[str, list[tuple[list[str], str]]]] = {}
    for channel in script_channels(result):
        if channel not in SPOKEN_CHANNELS:
            continue
        for lang in ("en", "he"):
            script = channel_script(result, catalog, channel, lang, organisation)
            by_id = {step.step_id: step for step in script.steps}
            calls = [
                (
                    [by_id[i].question_id for i in session.step_ids
                     if i in by_id and by_id[i].kind == "question"
                     and not by_id[i].question_id.endswith("__contact")],
                    session.opening,
                )
                for session in script.sessions
            ] or [([step.question_id for step in script.steps], script.opening)]  # fmt: skip
            openings.setdefault(channel, {})[lang] = calls
            for step in script.steps:
                key = step.question_id if step.kind == "question" else step.step_id
                prompts.setdefault((channel, key), {}).setdefault(lang, step.text)
    return (
        {q: (t["en"], t["he"]) for q, t in prompts.items() if {"en", "he"} <= t.keys()},
        {
            c: [(ids, en, he) for (ids, en), (_, he) in zip(t["en"], t["he"], strict=True)]
            for c, t in openings.items()
        },
    )


def channel_lines(
    plan: Plan,
    channel_id: str,
    catalog: Catalog,
    said: Mapping[tuple[str, str], tuple[str, str]] | None = None,
) -> list[str]:
    """A channel's questions in asking order, under a heading per contact when it has several:
    the lines of :func:`~zpd_assess.planning.report.asking_order_lines` (the plan's contacts and
    their moments), with the panel files' wording of a second ask and of a moment's contact."""
    texts = plan.questions
    follow_ups = {  # a follow-up asked here after its question, by the question it follows
        str(r["question_id"]): str(r["follows"])
        for repeats in texts["repeats"]
        for r in (repeats if isinstance(repeats, list | tuple) else ())
        if r["channel"] == channel_id and r.get("follow_up")
    }
    row = plan.channels.loc[channel_id]
    groups, moments = list(row["contacts"]), list(row["contact_moments"])
    lines: list[str] = []
    number = 0
    asked_here: set[str] = set()
    scheduled = 0
    on_schedule = sum(1 for m in moments if not m)
    for group, moment in zip(groups, moments, strict=True):
        if moment:
            contact = MOMENT_ASK if channel_id in SPOKEN_CHANNELS else MOMENT_CONTACT
            label = contact.format(moment=catalog.moments.at[moment, "label_en"])
            lines.append(catalog.text("ui.contact_when", "en", moment=label))
        elif on_schedule > 1:
            day = int(scheduled * float(cast(float, row["cadence_days"])))
            scheduled += 1
            lines.append(scheduled_contact_heading(catalog, channel_id, "en", scheduled, day))
        elif len(groups) > 1:
            lines.append(catalog.text("ui.contact_scheduled", "en"))
        for qid in group:
            number += 1
            asked_here.add(qid)
            again = not (texts.at[qid, "in_plan"] and texts.at[qid, "channel"] == channel_id)
            text = question_text(texts.loc[qid], "en")
            marker = ASKED_AGAIN_HERE
            if qid in follow_ups:
                lead = follow_ups[qid]
                marker = FOLLOW_UP_HERE.format(
                    question=question_text(texts.loc[lead], "en") if lead in texts.index else lead
                )
            elif str(texts.at[qid, "follows"] or "") in asked_here:
                # a second ask in a wording that follows a question asked before it here (the
                # insurer's car renewal month after its WhatsApp policies question, round 69)
                lead = str(texts.at[qid, "follows"])
                marker += " " + FOLLOWS_TOO.format(question=question_text(texts.loc[lead], "en"))
            spoken = (said or {}).get((channel_id, qid))
            consent = (said or {}).get((channel_id, f"{qid}__consent"))
            lines.append(
                f"{number}. {text}"
                + (f" {marker}" if again else "")
                + (f' Consent asked first: "{consent[0]}"' if consent else "")
                + (f' Said: "{spoken[0]}"' if spoken and spoken[0] != text else "")
            )
    return [*lines, *_language_note(channel_id, groups, catalog)] or [NOTHING_HERE]


#: A channel whose first question sets the contact's language (``CONTACT_LANGUAGE_ANSWERS``).
LANGUAGE_NOTE = (
    "- Question 1 sets the language of the questions after it: {worded} go out in the language "
    "the member chose, in Arabic and Russian as written under each in the plan above; "
    "the opening and the notices need the fund's Arabic and Russian translation before launch."
)


#: A call whose first question sets the language: the agent goes on in it.
LANGUAGE_NOTE_SPOKEN = (
    "- Question 1 sets the language of the calls: from it on, the agent speaks with the member in "
    "the language chosen (an agent who speaks it, or the fund's phone interpreter), consent steps "
    "included."
)


def _language_note(channel_id: str, groups: Sequence[Sequence[str]], catalog: Catalog) -> list[str]:
    """What a channel whose first question sets the language says of the questions after it: a
    call goes on in it; a written channel, where every question after it has its wordings."""
    asked = [q for group in groups for q in group]
    if not asked or asked[0] not in catalog.questions.index:
        return []
    if CONTACT_LANGUAGE_ANSWERS.isdisjoint(catalog.questions.at[asked[0], "answer_list"]):
        return []
    if channel_id == "agent_question":
        return [LANGUAGE_NOTE_SPOKEN]
    after = asked[1:]
    if not after or any(q not in catalog.translations for q in after):
        return []
    names = [str(n) for n in range(2, len(asked) + 1)]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    return [LANGUAGE_NOTE.format(worded=f"question{'s' if len(names) > 1 else ''} {listed}")]


def client_file(eng: Engagement, result: Assessment, catalog: Catalog) -> str:
    """The Markdown file the panel reads for one sample engagement."""
    plan = result.plan
    labels = catalog.channel_records
    customers = f"{eng.customers:,}" if eng.customers else "not given"
    lines = [
        f"# {eng.name_en} / {eng.name_he} — industry: {eng.industry}; customers: {customers}",
        "",
        "## Brief (English)",
        eng.description_en,
        "",
        "## Brief (Hebrew)",
        eng.description_he,
        "",
        "## Channels the organisation has",
        ", ".join(str(labels[c]["label_en"]) for c in result.channels),
        "",
        "## Marketing consent where the answer is given",
        *_marketing_consent(result, catalog),
        "",
        f"## Customer-knowledge index today: {result.knowledge_index:.0f}/100",
        "",
    ]
    questions = plan.questions
    planned = questions[questions["in_plan"]].sort_values("rank")
    share = catalog.assumptions.number("reading.first_need_block_share")
    order = ORDER.format(share=f"{100 * share:g}")
    if len(planned) < TOP:
        points = catalog.assumptions.number("planning.min_points")
        lines += [ALL_HEADING.format(n=len(planned), points=points, order=order), ""]
    else:
        lines += [TOP_HEADING.format(n=TOP, order=order), ""]
    said, openings = spoken_scripts(result, catalog, eng.name_en)
    for _, q in planned.head(TOP).iterrows():
        lines += question_block(record(q), questions, plan.explain, catalog, plan, said)
    lines += [CHANNEL_PLAN_HEADING, ""]
    for channel_id in plan.channels.index:
        row = plan.channels.loc[channel_id]
        lines.append(
            f"### {labels[channel_id]['label_en']} — {int(row['questions'])} of "
            f"{float(row['max_questions']):g} questions"
        )
        calls = openings.get(str(channel_id), [])
        for n, (ids, en, he) in enumerate(calls, start=1):
            asked = "; ".join(
                f"«{question_text(questions.loc[i], 'en')}»" for i in ids if i in questions.index
            )
            where = f"in call {n} of {len(calls)}, before {asked}" if len(calls) > 1 else "once"
            lines.append(f"- The call's opening (said {where}): {en} / {he}")
        lines += [*channel_lines(plan, str(channel_id), catalog, said), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="the folder to write <sample_id>.md into")
    parser.add_argument(
        "--sample",
        action="append",
        metavar="ID",
        help="a sample's org_id (repeatable; default: all)",
    )
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=SAMPLE_TODAY,
        help=f"the inventories' 'today' (default {SAMPLE_TODAY}, the samples' own)",
    )
    args = parser.parse_args(argv)
    catalog = load_catalog()
    samples = {e.org_id: e for e in sample_engagements()}
    wanted = args.sample or list(samples)
    unknown = [s for s in wanted if s not in samples]
    if unknown:
        parser.error(f"unknown sample(s) {', '.join(unknown)}; samples: {', '.join(samples)}")
    args.out_dir.mkdir(parents=True, exist_ok=True)
    for org_id in wanted:
        eng = samples[org_id]
        text = client_file(eng, assess_sample(eng, catalog, args.today), catalog)
        path = args.out_dir / f"{org_id}.md"
        path.write_text(text, encoding="utf-8")
        sys.stdout.write(f"Wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
