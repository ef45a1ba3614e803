"""The question pool: the catalog's bank plus the questions the room writes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

import pandas as pd

from ..catalog import ANSWER_TYPES, SENSITIVITIES, Catalog, ContactRequest
from ..notices import with_contact_request, written_notice
from ..use_cases import organisation_industries
from .model import PlanError


def workshop_questions(rows: Iterable[Mapping[str, Any]], catalog: Catalog) -> pd.DataFrame:
    """Questions from the room, in the bank's schema, with what is missing marked (not invented).

    Each row needs ``topics`` (``{"topic": strength}``, a list of topic ids, or the bank's
    ``"topic:0.8;other:0.4"``) and at least one of ``text_en`` / ``text_he``. Missing burden and
    sensitivity take the catalog's defaults; a missing translation stays empty and is flagged.
    """
    a = catalog.assumptions
    records = []
    for i, row in enumerate(rows, start=1):
        qid = str(row.get("question_id") or f"w_{i:02d}")
        strengths = _strengths(row.get("topics"), qid, catalog)
        answer_type = str(row.get("answer_type") or "single_choice")
        if answer_type not in ANSWER_TYPES:
            raise PlanError(
                f"Workshop question {qid}: answer type {answer_type!r} is not one of "
                f"{', '.join(ANSWER_TYPES)}"
            )
        text_en, text_he = str(row.get("text_en") or "").strip(), str(row.get("text_he") or "")
        text_he = text_he.strip()
        if not (text_en or text_he):
            raise PlanError(f"Workshop question {qid}: write its wording in Hebrew or English")
        special = any(catalog.topics.at[t, "special_category"] for t in strengths)
        sensitivity = str(row.get("sensitivity") or ("special" if special else "low"))
        if sensitivity not in SENSITIVITIES:
            raise PlanError(
                f"Workshop question {qid}: sensitivity must be one of {', '.join(SENSITIVITIES)}"
            )
        channels = row.get("channels") or list(catalog.channels.index)
        if isinstance(channels, str):
            channels = [c.strip() for c in channels.split(";") if c.strip()]
        burden = row.get("burden_seconds") or a.number(f"burden.default.{answer_type}")
        answers = _answer_keys(row.get("answers"), qid, catalog)
        audience = _audience(row.get("audience"), qid)
        options = _options(row, qid)
        records.append(
            {
                "question_id": qid,
                "text_en": text_en,
                "text_he": text_he,
                "answer_type": answer_type,
                "options_en": str(row.get("options_en") or ""),
                "options_he": str(row.get("options_he") or ""),
                "topics": ";".join(f"{t}:{s:g}" for t, s in strengths.items()),
                "burden_seconds": float(burden),
                "sensitivity": sensitivity,
                "value_exchange_en": str(row.get("value_exchange_en") or ""),
                "value_exchange_he": str(row.get("value_exchange_he") or ""),
                "incentive_type": str(row.get("incentive_type") or "none"),
                "incentive_cost_ils": float(row.get("incentive_cost_ils") or 0),
                "commitment": bool(row.get("commitment") or False),
                "channels": ";".join(channels),
                "topic_strengths": strengths,
                "topic_list": list(strengths),
                "channel_list": list(channels),
                **options,
                "source": "workshop",
                "industries": "all",
                "answers": ";".join(answers),
                "answer_list": answers,
                "purpose_en": str(row.get("purpose_en") or ""),
                "purpose_he": str(row.get("purpose_he") or ""),
                "follows": "",
                "completes_offer": False,
                "audience": audience,
                "observable": False,
            }
        )
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return frame
    return frame.set_index("question_id", drop=False)


def _options(row: Mapping[str, Any], qid: str) -> dict[str, Any]:
    """A written question's options (``options_en`` / ``options_he``, ``|``-separated) with the
    answer design the bank's questions carry: a stable code per option (``option_codes``, or made
    from the English option), the exclusive ones (``exclusive_options``: codes, ``;``-separated).
    Without options a choice question is answered in words (see :mod:`zpd_assess.surveys`)."""
    lists = {
        lang: [o.strip() for o in str(row.get(f"options_{lang}") or "").split("|") if o.strip()]
        for lang in ("en", "he")
    }
    en, he = lists["en"], lists["he"]
    if en and he and len(en) != len(he):
        raise PlanError(
            f"Workshop question {qid}: {len(en)} options in English but {len(he)} in Hebrew; "
            "give one Hebrew option per English one, in the same order"
        )
    count = max(len(en), len(he))
    given = [c.strip() for c in str(row.get("option_codes") or "").split("|") if c.strip()]
    if given and len(given) != count:
        raise PlanError(
            f"Workshop question {qid}: {len(given)} option codes for {count} options; "
            "accepted: one code per option, in their order"
        )
    codes = given or _codes_from(en) or [f"option_{n}" for n in range(1, count + 1)]
    exclusive = [c.strip() for c in str(row.get("exclusive_options") or "").split(";")]
    exclusive = [c for c in exclusive if c]
    strangers = [c for c in exclusive if c not in codes]
    if strangers:
        raise PlanError(
            f"Workshop question {qid}: exclusive option(s) {', '.join(strangers)} are not its "
            f"option codes; accepted: {', '.join(codes) or 'none (it has no options)'}"
        )
    return {
        "options_en_list": en,
        "options_he_list": he,
        "option_codes": "|".join(codes),
        "option_code_list": codes,
        "exclusive_options": ";".join(exclusive),
        "exclusive_list": exclusive,
    }


def _codes_from(options: list[str]) -> list[str]:
    """Option codes made from the English options (``"I fly with Yona Air"`` ->
    ``i_fly_with_yona_air``), when they are distinct and say something; else none."""
    codes = []
    for option in options:
        words = "".join(ch.lower() if ch.isascii() and ch.isalnum() else " " for ch in option)
        codes.append("_".join(words.split())[:40].strip("_"))
    if not all(codes) or len(set(codes)) != len(codes):
        return []
    return codes


def _answer_keys(value: Any, qid: str, catalog: Catalog) -> tuple[str, ...]:
    """The use cases' answers a question written for the client yields (``answers``: a list or
    ``"key;key"``), each one a use case of the catalog needs: they link the question to those
    use cases as a bank question's answers do. None: linked by its topics."""
    if value is None or value == "":
        return ()
    keys = [k.strip() for k in value.split(";")] if isinstance(value, str) else list(value)
    keys = [str(k).strip() for k in keys if str(k).strip()]
    known = {k for ks in catalog.use_cases.get("answers_list", ()) for k in ks}
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise PlanError(
            f"Workshop question {qid}: answer key(s) {', '.join(unknown)} are no use case's "
            "answers; accepted: the answers a use case of use_cases.csv needs"
        )
    return tuple(dict.fromkeys(keys))


def _audience(value: Any, qid: str) -> float:
    """The share of customers the question applies to (1 when not given)."""
    if value is None or value == "":
        return 1.0
    try:
        share = float(value)
    except (TypeError, ValueError):
        share = float("nan")
    if not 0 < share <= 1:
        raise PlanError(
            f"Workshop question {qid}: audience {value!r}; accepted: a share above 0, up to 1"
        )
    return share


def _strengths(value: Any, qid: str, catalog: Catalog) -> dict[str, float]:
    if isinstance(value, Mapping):
        strengths = {str(k): float(v) for k, v in value.items()}
    elif isinstance(value, str):
        strengths = {}
        for part in value.split(";"):
            if part.strip():
                topic, _, s = part.partition(":")
                strengths[topic.strip()] = float(s) if s.strip() else 1.0
    elif isinstance(value, Iterable):
        strengths = {str(t): 1.0 for t in value}
    else:
        strengths = {}
    if not strengths:
        raise PlanError(f"Workshop question {qid}: name at least one topic it informs")
    for topic, strength in strengths.items():
        if topic not in catalog.topics.index:
            raise PlanError(f"Workshop question {qid}: unknown topic {topic!r}")
        if not 0 < strength <= 1:
            raise PlanError(f"Workshop question {qid}: strength of {topic} must be in (0, 1]")
    return strengths


#: ``question_pool``'s default: the whole bank, every industry's questions.
EVERY_INDUSTRY = "*"


def question_pool(
    catalog: Catalog, workshop: pd.DataFrame | None = None, industry: str | None = EVERY_INDUSTRY
) -> pd.DataFrame:
    """The bank plus the room's questions (a workshop id that equals a bank id replaces it).

    With the organisation's ``industry`` (None: not known, the generic questions), only the
    questions that fit it are in the pool, and a bank question shared by several industries takes
    what ``offers.csv`` writes for that industry: its question text, offer, channels, purpose
    notice, screener and audience (what a bank gives for an answer is not what a fashion chain
    gives, and "5% off this order" only exists where there is an order).
    """
    bank = catalog.questions.assign(source="bank")
    if industry != EVERY_INDUSTRY:
        # a question never appears for an industry it does not fit (not even in the backlog);
        # with no known industry, the generic questions
        wanted = set(organisation_industries(industry)) or {"generic"}
        fits = [("all" in tags or bool(wanted & tags)) for tags in
                (set(str(t).split(";")) for t in bank["industries"])]  # fmt: skip
        bank = bank[fits]
    industries = organisation_industries(industry if industry != EVERY_INDUSTRY else None)
    offers = catalog.offers
    if industries and len(offers):
        mine = offers[offers["industry"].isin(industries) & offers["question_id"].isin(bank.index)]
        # the first of the organisation's industries that has an offer for a question wins
        mine = mine.assign(order=mine["industry"].map(industries.index)).sort_values("order")
        mine = mine.drop_duplicates("question_id")
        if len(mine):
            bank = bank.copy()
            records = cast(list[dict[str, Any]], mine.to_dict("records"))
            for row in records:
                qid = str(row["question_id"])
                if str(row["text_en"]).strip():
                    for column in ("text_en", "text_he"):
                        bank.at[qid, column] = row[column]
                if str(row["options_en"]).strip():  # the industry's words, the same answers
                    for lang in ("en", "he"):
                        bank.at[qid, f"options_{lang}"] = row[f"options_{lang}"]
                        bank.at[qid, f"options_{lang}_list"] = [  # type: ignore[assignment]  # a column of lists
                            o.strip() for o in str(row[f"options_{lang}"]).split("|") if o.strip()
                        ]
                if str(row["sensitivity"]).strip():  # graded higher where this industry asks
                    bank.at[qid, "sensitivity"] = row["sensitivity"]
                    bank.at[qid, "sensitivity_category"] = row["sensitivity_category"]
                if str(row["value_exchange_en"]).strip():
                    for column in ("value_exchange_en", "value_exchange_he"):
                        bank.at[qid, column] = row[column]
                    bank.at[qid, "incentive_type"] = row["incentive_type"] or "none"
                    bank.at[qid, "incentive_cost_ils"] = float(row["incentive_cost_ils"] or 0)
                    bank.at[qid, "commitment"] = str(row.get("commitment", "")) == "true"
                if str(row["purpose_en"]).strip():
                    for column in ("purpose_en", "purpose_he"):
                        bank.at[qid, column] = row[column]
                if str(row["follows"]).strip():
                    bank.at[qid, "follows"] = row["follows"]
                if str(row["audience"]).strip():
                    bank.at[qid, "audience"] = float(row["audience"])
                if str(row["observable"]).strip():
                    bank.at[qid, "observable"] = row["observable"] == "true"
                if row["channel_list"]:
                    bank.at[qid, "channel_list"] = list(row["channel_list"])  # type: ignore[assignment]  # a column of lists
                    bank.at[qid, "channels"] = ";".join(row["channel_list"])
            # the catalog's own records no longer describe these rows (see report._Ranking)
            bank["overridden"] = bank.index.isin(mine["question_id"])
    bank = _with_contact_requests(bank, catalog, industries)
    if industries:
        bank = _in_industry_words(bank, catalog, industries[0])
    if workshop is None or workshop.empty:
        return bank
    if workshop.index.has_duplicates:  # two of the room's questions would become one
        dup = workshop.index[workshop.index.duplicated()][0]
        raise PlanError(
            f"Two of the room's questions have the id {dup!r}: give each its own id "
            "(or undo the last change)."
        )
    room = workshop.copy()
    for lang in ("en", "he"):  # the room writes why it asks; the notice says the rest
        column = f"purpose_{lang}"
        room[column] = [
            written_notice(str(p), lang, str(s), catalog)
            for p, s in zip(room[column], room["sensitivity"], strict=True)
        ]
    if industries:
        room = _in_industry_words(room, catalog, industries[0])
    return pd.concat([bank.drop(index=workshop.index, errors="ignore"), room])


#: The plan's columns of a contact request (``catalog.ContactRequest``), empty where none.
CONTACT_COLUMNS = ("contact_ask_en", "contact_ask_he", "contact_yes_en", "contact_yes_he",
                   "contact_answers")  # fmt: skip


def _with_contact_requests(
    bank: pd.DataFrame, catalog: Catalog, industries: Sequence[str]
) -> pd.DataFrame:
    """The bank with the contact request each question has in the organisation's industry (the
    first of its industries that writes one): its wording, the answers after which it is asked
    (empty: every answer but those that exclude the others and "prefer not to say"), and the
    notice's sentence on what the request allows."""
    out = bank.copy()
    for column in CONTACT_COLUMNS:
        out[column] = [()] * len(out) if column == "contact_answers" else ""
    if "overridden" not in out.columns:
        out["overridden"] = False
    found_for: dict[str, ContactRequest] = {}
    # a request for "all" industries (a rating's call-back open to everyone, house style 19)
    # serves every industry that writes none of its own; the first industry's own request wins
    for industry in ("all", *reversed(industries)):
        for (qid, where), request in catalog.contact_requests.items():
            if where == industry and qid in out.index:
                found_for[qid] = request
    for qid, found in found_for.items():
        out.at[qid, "overridden"] = True  # the catalog's own record has no request
        for lang in ("en", "he"):
            out.at[qid, f"contact_ask_{lang}"] = found.ask[lang]
            out.at[qid, f"contact_yes_{lang}"] = found.yes[lang]
            out.at[qid, f"purpose_{lang}"] = with_contact_request(
                str(out.at[qid, f"purpose_{lang}"]), lang
            )
        out.at[qid, "contact_answers"] = found.answers  # type: ignore[assignment]  # a column of tuples
    return out


#: The bank's texts that may name where the customer changes an answer.
_PLACE_COLUMNS = ("text_en", "text_he", "value_exchange_en", "value_exchange_he", "purpose_en",
                  "purpose_he")  # fmt: skip


def _in_industry_words(bank: pd.DataFrame, catalog: Catalog, industry: str) -> pd.DataFrame:
    """The bank's texts with the industry's own name for the customer's account pages: banks and
    health funds say "personal area", the others "profile" (``labels.csv``,
    ``notice.account_place[.industry]``, and the hedge ``notice.account_place_either``). A
    question shared by all industries is written once; its customer reads the words of his own
    company (knowledge-base review 4: one insurer's customers read both)."""
    labels = catalog.labels
    out = bank.copy()
    for lang in ("en", "he"):
        names = {v for k, v in labels[lang].items() if k.startswith("notice.account_place")}
        own = labels[lang].get(
            f"notice.account_place.{industry}", labels[lang]["notice.account_place"]
        )
        for column in (c for c in _PLACE_COLUMNS if c.endswith(f"_{lang}") and c in out.columns):
            # a text written for every industry hedges ("in your profile or personal area")
            texts = (
                out[column]
                .astype(str)
                .str.replace(labels[lang]["notice.account_place_either"], own, regex=False)
            )
            for other in names - {own}:
                texts = texts.str.replace(other, own, regex=False)
            out[column] = texts
    return out
