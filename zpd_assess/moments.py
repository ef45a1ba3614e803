"""Moments: when the client's own first-party data says a question is best asked.

A question asked when it matters to the customer (a month before his promotional price ends,
during his own renewal, two weeks before his deposit matures) is answered more often than the
same question sent at a random time: triggered messages are opened about twice as often as
batch ones (``sources.csv``: ``epsilon_triggered_2012``; ``moment.response_uplift`` takes half
that lift for answers). A moment is usable only where the inventory holds its signal, so the
plan names the attribute that triggers it, and says which better moment a missing attribute
would open.

``templates/moments.csv`` holds the moments per industry: the use cases they serve, the few
questions that read naturally at that moment (a moment is one short prompt, not a reason to ask
every question of its use cases), the channels that can ask at that moment, and whether every
customer passes it within a year (``recurring``: a renewal, a bill, a season) or only some do (a
return, a port-out request).
Only recurring moments raise a question's value: an event-driven one narrows who is asked, so
it is advice ("also ask when ..."), not a gain the planner counts. And only in a channel that
sends (``outbound`` in ``channels.csv``: SMS, WhatsApp, email, an app prompt): the lift is that of
a message timed by an event. In a channel the customer comes to (an agent's closing question, the
IVR queue, a checkout, a kiosk) the moment says whom to ask when he comes, at the channel's own
rate (panel round 29: "an agent's closing question cannot be sent on a date").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .catalog import Catalog
from .use_cases import organisation_industries

_NON_WORD = re.compile(r"[^0-9a-z\u0590-\u05ff]+")


def _normalised(text: str) -> str:
    """``Promo_End_DT`` and ``promoEndDt`` as ``promo_end_dt``: words joined by one underscore."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", str(text))
    return "_" + _NON_WORD.sub("_", text.lower()).strip("_") + "_"


def _term(term: str) -> str:
    return _normalised(term).strip("_")


def moments_in_inventory(
    inventory: pd.DataFrame, catalog: Catalog, industry: str | None
) -> pd.DataFrame:
    """The moments of the organisation's industries, each with the attribute of the inventory
    that signals it ('' when none does). Indexed by ``moment_id``; columns of ``moments.csv``
    plus ``attribute`` and ``available``.

    An attribute signals a moment when its name, or its description, contains one of the
    moment's ``signal_terms`` as whole words (``promo_end`` finds ``promo_end_dt`` and
    "Promo end date", not ``promotion_sender``).
    """
    moments = catalog.moments
    columns = [*moments.columns, "attribute", "attributes", "available"]
    wanted = set(organisation_industries(industry)) or {"generic"}
    mine = moments[[bool(wanted & set(i)) for i in moments.get("industries_list", [])]]
    if mine.empty:
        return pd.DataFrame(columns=columns)
    names = [str(a) for a in inventory.get("attribute", pd.Series(dtype=str))]
    descriptions = [str(d) for d in inventory.get("description", pd.Series([""] * len(names)))]
    texts = [(n, _normalised(n), _normalised(d)) for n, d in zip(names, descriptions, strict=True)]
    found = [_signalling(texts, terms) for terms in mine["signal_terms_list"]]
    out = mine.assign(
        attribute=[f[0] if f else "" for f in found],
        attributes=[SEPARATOR.join(f) for f in found],
    )
    out["available"] = out["attribute"] != ""
    return out


#: Between the attributes that signal one moment (``attributes``, :func:`available_moments`).
SEPARATOR = "; "


def _signalling(texts: list[tuple[str, str, str]], terms: Sequence[str]) -> list[str]:
    """The attributes that signal a moment, the most telling first (none: an empty list).

    Every attribute whose name holds a term, by term (the first term wins), at most
    :data:`MOST_SIGNALS`; a one-word term (``screening``, ``roaming``) is a fallback, read only
    when no earlier term found a name. Without any name, the first attribute whose description
    holds a term. All of them, so that the plan names every date it is timed by: the health
    fund's screening moment is timed by the last mammography and the last colorectal test, and
    panel round 28 read "mammography only".
    """
    found: list[str] = []
    for term in terms:
        key = "_" + _term(term)
        if key == "_" or ("_" not in key[1:] and found):
            continue
        for name, normalised_name, _ in texts:
            if key in normalised_name and name not in found and len(found) < MOST_SIGNALS:
                found.append(name)
    if found:
        return found
    for term in terms:
        key = "_" + _term(term)
        if key == "_":
            continue
        for name, _, description in texts:
            if key + "_" in description:
                return [name]
    return []


#: The most attributes a moment's explanation names.
MOST_SIGNALS = 3


def available_moments(moments: pd.DataFrame) -> dict[str, str]:
    """``moment_id -> attributes`` for the moments an inventory signals (the planner's input):
    the attributes that signal each, joined by :data:`SEPARATOR`, the most telling first."""
    if moments.empty:
        return {}
    on = moments[moments["available"].astype(bool)]
    return dict(zip(on.index.astype(str), on["attributes"].astype(str), strict=True))


def signal_moments(
    pairs: pd.DataFrame,
    served: Mapping[str, Mapping[str, float]],
    available: Mapping[str, str],
    catalog: Catalog,
) -> pd.DataFrame:
    """The pairs with the moment each can be asked at: ``signal_moment`` (a moment id or '') and,
    for a recurring moment, the effect raised by ``moment.response_uplift``.

    A (question, channel) pair takes a moment when the moment is signalled by the inventory,
    names the question among those it fits (``questions`` in ``moments.csv``: a moment is one
    short prompt, so it names a few questions that read naturally at that moment, not every
    question of its use cases), serves a use case the question is asked for in this engagement,
    and can be asked in that channel; among several, a recurring one
    first, then the one whose use cases the question serves most.
    """
    if not available or pairs.empty:
        return pairs
    table = catalog.moments.loc[[m for m in available if m in catalog.moments.index]]
    if table.empty:
        return pairs
    uplift = catalog.assumptions.number("moment.response_uplift")
    sends = {str(c): bool(v) for c, v in catalog.channels["outbound"].items()}
    by_question: dict[str, list[tuple[str, frozenset[str], bool, frozenset[str]]]] = {}
    for mid, row in table.iterrows():
        for qid in row["questions_list"]:
            by_question.setdefault(str(qid), []).append(
                (str(mid), frozenset(row["channels_list"]), bool(row["recurring"]),
                 frozenset(row["use_cases_list"]))
            )  # fmt: skip
    moment = [""] * len(pairs)
    factors = np.ones(len(pairs))
    allowed = pairs["allowed"].to_numpy()
    qids, cids = pairs["question_id"].tolist(), pairs["channel_id"].tolist()
    for n in np.flatnonzero(allowed):
        fits = by_question.get(str(qids[n]))
        if not fits:
            continue
        uses = served.get(qids[n], {})
        best: tuple[bool, float, str] | None = None
        for mid, channels, recurring, use_cases in fits:
            if cids[n] not in channels:
                continue
            share = max((float(uses.get(u, 0.0)) for u in use_cases), default=0.0)
            if share <= 0:
                continue  # none of the moment's use cases is what the question is asked for here
            key = (recurring, share, mid)
            if best is None or key[:2] > best[:2]:
                best = key
        if best is not None:
            moment[n] = best[2]
            if best[0] and sends.get(str(cids[n]), False):
                factors[n] = uplift
    if not any(moment):
        return pairs
    out = pairs.copy()
    out["signal_moment"] = moment
    if (factors != 1.0).any():
        # a higher response, capped below everyone: the channel's reach and audience still bound it
        response = np.minimum(out["response"].to_numpy() * factors, 0.95)
        scale = np.divide(
            response, out["response"].to_numpy(), out=np.ones(len(out)), where=out["response"] > 0
        )
        out["response"] = response
        out["effect"] = out["effect"] * scale
    return out


def sent_at_event(catalog: Catalog, moment_id: str, question_id: str, channel: str) -> bool:
    """Whether an event moment sends the question when the event happens: the question's wording
    presupposes the event ("the test we invited you to is not booked yet"; ``sends`` in
    ``moments.csv``) and the channel sends (``outbound``). Its rate stays the channel's: an event
    narrows whom to ask, its audience already counts that."""
    return _event_sends(catalog, moment_id, question_id) and bool(
        catalog.channel_records[channel]["outbound"]
    )


def _event_sends(catalog: Catalog, moment_id: str, question_id: str) -> bool:
    """Whether the moment is an event that lists the question in ``sends`` (its wording
    presupposes the event, or the contact sees it happen)."""
    row = catalog.moments.loc[moment_id]
    return not bool(row["recurring"]) and question_id in row["sends_list"]


def asked_at_event(catalog: Catalog, moment_id: str, question_id: str, channel: str) -> bool:
    """Whether an event moment is seen in the contact itself, in a channel the customer comes to,
    and the question is asked there and then (``sends`` in ``moments.csv``): the agent sees that
    the caller is acting for another member, and asks the caregiver question in that call (panel
    rounds 77-95: "that is the moment a caregiver shows themselves")."""
    return _event_sends(catalog, moment_id, question_id) and not bool(
        catalog.channel_records[channel]["outbound"]
    )


#: Channels that ask inside one of the organisation's own processes (a quote, a checkout, a
#: service request): an event that happens in the process (the mortgage calculator, the
#: account-transfer page) is the moment the process asks, not a hint beside its schedule.
PROCESS_CHANNELS = ("transactional_flow",)


def times_a_contact(catalog: Catalog, moment_id: str, question_id: str, channel: str) -> bool:
    """Whether the moment sends the ask in a contact of its own: a recurring moment always (in a
    channel the customer comes to, that contact is the window in which he is asked), an event
    for a question it sends (:func:`sent_at_event`) or asks in the contact where it shows
    (:func:`asked_at_event`), or in a process that asks (panel rounds 62 and 63: the bank's
    mortgage questions read as "contact 1, day 0" of its calculator flow, and the salary
    questions as sent 60 days later). Otherwise the ask stays on the channel's schedule."""
    if not moment_id:
        return False
    return (
        bool(catalog.moments.at[moment_id, "recurring"])
        or channel in PROCESS_CHANNELS
        or sent_at_event(catalog, moment_id, question_id, channel)
        or asked_at_event(catalog, moment_id, question_id, channel)
    )


def moment_text(
    catalog: Catalog,
    moment_id: str,
    attribute: str,
    lang: str,
    channel: str | None = None,
    question_id: str | None = None,
) -> str:
    """ "Asked a month before ... (the client's own «promo_end_dt» signals it)" for a recurring
    moment in a channel that sends; "Asked ..., when the customer comes to this channel" in one
    that does not (no lift); "Sent ..." for an event that sends the question; "Asked ..., in
    that call or visit" for an event seen in a contact the customer comes to; "Also worth asking
    when ..." for another event."""
    row = catalog.moments.loc[moment_id]
    key = (
        "moment.when"
        if bool(row["recurring"]) or channel in PROCESS_CHANNELS
        else "moment.also_when"
    )
    if key == "moment.when" and channel and not bool(catalog.channel_records[channel]["outbound"]):
        key = "moment.when_inbound"
    if channel and question_id and sent_at_event(catalog, moment_id, question_id, channel):
        key = "moment.sent_when"
    if channel and question_id and asked_at_event(catalog, moment_id, question_id, channel):
        key = "moment.asked_at_event"
    names = [a for a in attribute.split(SEPARATOR) if a]
    if len(names) > 1:
        # several dates time it: "'mammography_last' and 'fobt_last'"
        key += "_many"
        quoted = [f"'{n}'" for n in names]
        attribute = catalog.text("moment.and", lang, first=", ".join(quoted[:-1]), last=quoted[-1])
    uplift = f"{catalog.assumptions.number('moment.response_uplift'):g}"
    return catalog.text(key, lang, moment=row[f"label_{lang}"], attribute=attribute,
                        signal=row[f"signal_{lang}"], uplift=uplift)  # fmt: skip


def missing_moments(moments: pd.DataFrame, lang: str, limit: int = 3) -> Sequence[str]:
    """The recurring moments the inventory does not signal, as "the end date of ..." phrases:
    first-party data worth adding to time the questions."""
    if moments.empty:
        return []
    off = moments[~moments["available"].astype(bool) & moments["recurring"].astype(bool)]
    return [str(s) for s in off[f"signal_{lang}"].head(limit)]


def with_moments(
    questions: pd.DataFrame,
    explain: dict[str, dict],
    pairs: pd.DataFrame,
    available: Mapping[str, str],
    catalog: Catalog,
) -> tuple[pd.DataFrame, dict[str, dict]]:
    """The plan's questions with ``moment_id``, ``moment_en`` and ``moment_he`` (when to ask, in
    the planned channel, and the attribute that signals it; '' where no moment fits), the same
    three keys on each of their asks again (an email asked again a month before the fee renews is
    sent then too: round 31), and the planned questions' "why" saying it."""
    out = questions.copy()
    found: dict[tuple[str, str], str] = {}
    if "signal_moment" in pairs.columns:
        hit = pairs[pairs["signal_moment"].astype(str) != ""]
        found = dict(
            zip(zip(hit["question_id"], hit["channel_id"], strict=True), hit["signal_moment"],
                strict=True)
        )  # fmt: skip
    ids = [
        found.get((str(q), str(c)), "") if isinstance(c, str) else ""
        for q, c in zip(out["question_id"], out["channel"], strict=True)
    ]
    first = [
        _moment_keys(catalog, m, available, {"channel": c, "question_id": q})
        for m, c, q in zip(ids, out["channel"], out["question_id"], strict=True)
    ]
    for key in ("moment_id", "moment_en", "moment_he"):
        out[key] = [k[key] for k in first]
    if "repeats" in out.columns:
        timed_again = [
            tuple(
                {**r, **_moment_keys(catalog, found.get((str(r["question_id"]), str(r["channel"])),
                                                        ""), available, r)}
                for r in again
            )
            for again in out["repeats"]
        ]  # fmt: skip
        out["repeats"] = pd.Series(timed_again, index=out.index, dtype=object)
    for qid, m, en, he in zip(out["question_id"], ids, out["moment_en"], out["moment_he"],
                              strict=True):  # fmt: skip
        if m and qid in explain:
            explain[qid] = {**explain[qid], "moment_id": m,
                            "text_en": f"{explain[qid]['text_en']} {en}",
                            "text_he": f"{explain[qid]['text_he']} {he}"}  # fmt: skip
    return out, explain


def _moment_keys(
    catalog: Catalog, moment_id: str, available: Mapping[str, str], ask: Mapping[str, object]
) -> dict[str, str]:
    """``moment_id``, ``moment_en`` and ``moment_he`` of one ask again ('' where none fits)."""
    if not moment_id:
        return {"moment_id": "", "moment_en": "", "moment_he": ""}
    channel, qid = str(ask["channel"]), str(ask["question_id"])
    attribute = available.get(moment_id, "")
    return {
        "moment_id": moment_id,
        **{f"moment_{lang}": moment_text(catalog, moment_id, attribute, lang, channel, qid)
           for lang in ("en", "he")},
    }  # fmt: skip
