"""A content linter for the catalogs: what a Hebrew copy editor and a reviewer would flag.

:func:`lint_catalog` reads every bilingual text of a loaded :class:`~zpd_assess.catalog.Catalog`
(questions, offers, use cases, channels, topics, goals, messages, labels, ...) and returns one row
per finding: the file, the row's id, the column, the rule, an excerpt and what to do. The rules:

``slash_form``
    a Hebrew slash form (בוחר/ת, את/ה, ‑ים/ות) instead of a gender-neutral wording;
``missing_translation``
    one language of a text written and the other empty;
``options_out_of_step``
    a question's English and Hebrew option lists with different numbers of ``|`` items;
``order_without_orders``
    an offer that mentions an order or a checkout for an industry that has none (banking,
    insurance, credit cards, telecom, health), taking ``offers.csv`` overrides into account;
``no_prefer_not_to_say``
    a high or special sensitivity question with options but no "prefer not to say" in both
    languages;
``off_glossary``
    a term the glossary (``templates/glossary.csv``) says to avoid;
``latin_in_hebrew``
    English letters in a Hebrew text, other than allowed acronyms and names;
``missing_purpose``, ``multi_choice_hint``, ``singular_address``, ``keypad_outside_ivr``,
``ivr_too_many_keys``, ``channel_sentence``
    a question without a purpose notice, a multi-choice question that does not say how many to
    choose, Hebrew addressed in the singular, "press 1" outside the IVR, the s. 30A sentence out of
    its fixed wording or naming a channel the question is never asked in;
``dangling_follow_up``
    a question worded as the continuation of another ("And in dresses?", «ובשמלות?») that follows
    none, which a plan could ask alone in another channel;
``special_offers``
    a notice of special sensitivity (its own or an industry's) with the general offers sentence
    ("We send you offers based on it only if...") instead of the one that keeps offers within the
    purpose the explicit consent is for;
``no_answer_clause``
    a notice that does not say what happens if the customer does not answer ("if you do not
    answer, nothing changes in your service", or what does change): Amendment 13's s. 11 notice;
``offer_for_untagged_industry``
    an ``offers.csv`` row for an industry its question is not tagged for: no plan of that industry
    ever reads it, and a reader takes it for what that industry's customers see;
``free_text_caution``
    a question the customer answers in his own words (free text, or an "other (specify)"
    option) whose notice does not ask him to leave out sensitive details and other people's;
``contest_sentence``
    a notice read in a game or contest (the question's, or an industry row's own) that does not
    say answering is no condition of taking part;
``offer_full_stop``
    an offer (a label beside the question) that ends with a full stop;
``special_retention``
    a notice of special sensitivity that does not say when the answer is deleted;
``follow_up_sensitivity``
    a follow-up less sensitive than the screener whose answers lead to it;
``follow_up_channel``
    a follow-up offered, for an industry, in a channel where its screener is not asked there, or
    whose screener that industry never asks: it can never be asked so, yet the catalog shows it
    as if it could be sent alone (knowledge-base round 38 read a trip-length SMS without its
    "Are you travelling?");
``option_reveals_special``
    an answer option that names a term of a special category (``templates/
    sensitivity_option_terms.csv``: a language, a religious practice, a condition, a loan) in a
    question that does not carry that category: grade the item with it, reword the option, or
    record the decision in ``templates/sensitivity_option_decisions.csv`` (knowledge-base
    rounds 17–20 each found one such option: a mortgage bank, a clinic, a language pack);
``purpose_not_cut``
    a purpose sentence with no connector before its purpose (", to", ", so that"; «, כדי»):
    the SMS, IVR and agent lead-in says the question, then that sentence's purpose clause, and
    without a connector repeats the whole sentence (knowledge-base review 21: "We ask whether
    you would like offers from our partners" said as the purpose);
``shuffle_moves_closing``
    a list whose options shuffle while a closing option at its end (one that excludes the
    others, "other (specify)", none, "not sure", "prefer not to say") is not kept in place
    (``anchored_options``): shuffled, it would land among the others (knowledge-base review 23);
``non_answer_code``
    a non-answer whose code is not the one the bank keeps for it: "Prefer not to say" is
    ``prefer_not_to_say``, "Not sure yet" ``not_sure``, "Don't know" ``dont_know``, and each of
    these codes says what its label says (knowledge-base reviews 22 and 23: ``dont_know``
    labelled "Not sure yet", ``not_decided`` beside ``not_sure`` for the same answer, so answers
    do not pool across questions);
``multi_choice_no_way_out``
    a multi-choice list with no exclusive option ("None of these", "Not decided yet", "Prefer
    not to say"): a customer to whom no option applies can only skip, and a skip cannot be told
    from a refusal or a drop-out (knowledge-base review 25). A grid (every option "row: answer",
    two rows or more, one answer or more per row) is exempt: its rows are answered or skipped one
    by one;
``offer_depends_on_rating``
    an offer of a rating or score question (answer type ``scale``) that a particular score earns
    ("If you rate us 1 or 2, a team leader contacts you"): announced before the answer, it rewards
    low scores and biases the measure; the follow-up is open to everyone, whatever the rating
    (house style rule 19, knowledge-base reviews 25 and 26);
``sensitivity_exception``
    a question that names an exception to a category's channel rule
    (``templates/sensitivity_exceptions.csv``: a health fund's care message by SMS) but does not
    meet the conditions the linter can read: its level, its industries, no free text, no channel
    the exception does not open, and the exception's sentence in every notice.

``merge_field``
    a bracketed token in a question's wording, options, offer or notice (``[visit date]``) that is
    not a merge field of ``templates/merge_fields.csv`` (a value the client's system fills when it
    sends the message), English and Hebrew naming different fields, or a field used for an
    industry whose systems it was not written for (knowledge-base review 31: a fee question that
    cannot say which card).

``call_promise_not_commitment``
    an answer option or offer that promises a call the client must staff ("please call me", "a
    nurse calls you") on a question (or industry row) not marked ``commitment`` (knowledge-base
    review 31).

Warning rules (:data:`WARNING_RULES`) are run only when asked for by name: what they find is worth
a look but is no error, and the shipped catalog need not be clear of it:

``long_first_layer``
    a purpose notice whose first layer (the short notice on screen, :mod:`zpd_assess.notices`)
    carries a sentence saying what is asked and why that is longer than
    :data:`~zpd_assess.notices.FIRST_SENTENCE_MAX_CHARS` characters in English: too long for an
    app prompt, an SMS or an agent's script (the first layer keeps it whole).

Each rule's description, in English and Hebrew, is the ``lint_<rule>`` row of
``templates/messages.csv``. The module is pure: it reads the catalog and the glossary and returns a
DataFrame.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pandas as pd

from . import merge_fields
from .catalog import INDUSTRIES, SENSITIVITIES, Catalog, default_catalog_dir, read_csv_text
from .notices import (
    ELECTRONIC_CHANNELS,
    FIRST_SENTENCE_MAX_CHARS,
    FREE_TEXT_CAUTION,
    NO_MARKETING_SENTENCE,
    OFFERS_SENTENCE,
    OTHER_ONLY,
    SPECIAL_OFFERS_SENTENCE,
    channel_sentences,
    free_text_caution,
    notice_layers,
    purpose_clause,
    sentences,
)
from .planning.pool import question_pool
from .scripts import IVR_KEYS

#: The rules, in the order the CLI reports them.
RULES: tuple[str, ...] = (
    "slash_form",
    "missing_translation",
    "options_out_of_step",
    "order_without_orders",
    "no_prefer_not_to_say",
    "off_glossary",
    "latin_in_hebrew",
    "missing_purpose",
    "multi_choice_hint",
    "singular_address",
    "keypad_outside_ivr",
    "ivr_too_many_keys",
    "channel_sentence",
    "dangling_follow_up",
    "special_offers",
    "no_answer_clause",
    "offer_for_untagged_industry",
    "free_text_caution",
    "contest_sentence",
    "offer_full_stop",
    "special_retention",
    "follow_up_sensitivity",
    "follow_up_channel",
    "sensitivity_exception",
    "long_first_layer",
    "two_purpose_clauses",
    "hebrew_typography",
    "option_reveals_special",
    "purpose_not_cut",
    "shuffle_moves_closing",
    "non_answer_code",
    "spoken_form_unused",
    "multi_choice_no_way_out",
    "offer_depends_on_rating",
    "merge_field",
    "call_promise_not_commitment",
)
#: Rules that warn, run only when asked for by name (``lint_catalog(..., rules=[...])``).
WARNING_RULES: tuple[str, ...] = ()

#: The columns of :func:`lint_catalog`'s result.
FINDING_COLUMNS: tuple[str, ...] = ("file", "row_id", "column", "rule", "excerpt", "fix")

GLOSSARY_COLUMNS: tuple[str, ...] = (
    "concept_id", "term_en", "term_he", "avoid_he", "avoid_en", "note",
)  # fmt: skip

#: Industries whose customers place no order and pass no checkout (the issue's list).
NO_ORDER_INDUSTRIES: frozenset[str] = frozenset(
    {"banking", "insurance", "credit_cards", "telecom", "health"}
)

#: Latin words a Hebrew text may hold: acronyms customers know, file formats, product and brand
#: names. Words the glossary writes in Latin (SMS, Wi-Fi, קוד QR) are allowed as well.
ALLOWED_LATIN: frozenset[str] = frozenset(
    {
        "SMS", "QR", "IVR", "GDPR", "Wi-Fi", "eSIM", "SIM", "NPS", "ESG", "TV", "IP", "KYC", "VIP",
        "AHP", "ZPD", "Assess", "Excel", "CSV", "csv", "xlsx", "parquet", "JSON", "URL", "MB",
        "PDF", "UTF-8", "UTF-16", "Latin-1", "Windows-1255", "localhost", "log-loss", "k", "Apple",
        "Google",
        "Pay", "McKinsey", "Omnisend", "UCS-2", "GSM-7", "zip", "SurveyJS", "XLSForm", "ODK",
        "KoboToolbox", "Epsilon", "Formbricks", "Typeform", "Segment", "RudderStack",
        # clothing sizes as Israeli shops print them (bank pass 10)
        "XS", "S", "M", "L", "XL", "XXL", "3XL", "NBA",
    }
)  # fmt: skip

SENSITIVE_LEVELS: frozenset[str] = frozenset({"high", "special"})

_HE = "\u05d0-\u05ea"
_HEBREW = re.compile(f"[{_HE}]")
# a gendered slash form: a Hebrew word, a slash, a feminine or plural ending (בוחר/ת, שכיר/ה,
# נשוי/אה, סטודנט/ית, מרוצים/ות, שתוכל/י), or a whole pair (בן/בת, אתה/את)
_SLASH = re.compile(
    rf"(?<![{_HE}\w])[{_HE}'׳]+\s?/\s?(?:ה|ת|י|ית|אה|ות|ים|ן|נה)(?![{_HE}\w])"
    rf"|(?<![{_HE}])(?:בן\s?/\s?בת|בת\s?/\s?בן|אתה\s?/\s?את|את\s?/\s?אתה)(?![{_HE}])"
)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_CODE = re.compile(r"`[^`]*`")
_URL = re.compile(r"https?://\S+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_.+][A-Za-z0-9]+)*")
_HE_PREFIX = "[ובכלמשה]{1,3}-?"
_ORDER_EN = re.compile(
    r"(?<!in )(?<!standing )(?<!court )(?<!guardianship )(?<!direct-debit )"
    r"\b(?:orders?|ordering|checkout|check-out|basket|shopping cart|this purchase)\b",
    re.IGNORECASE,
)
# «הזמנה» is also an invitation: only the unambiguous shop words count in Hebrew
_ORDER_HE = re.compile(
    rf"(?<![{_HE}])(?:[ובלמה]{{0,2}})(?:ההזמנה הזו|קופה|סל הקניות|סל קניות|עגלת הקניות)(?![{_HE}])"
)
_PREFER_NOT_EN = re.compile(r"prefer not to|rather not", re.IGNORECASE)
# a multi-choice text says how many to choose: all that apply, up to N, or one per row (a grid)
_MULTI_HINT_EN = re.compile(
    r"\((?:Choose all that apply|Choose up to \w+|up to \w+"
    r"|Choose (?:only )?one (?:answer )?(?:for|in) each \w+)[^)]*\)",
    re.I,
)
_MULTI_HINT_HE = re.compile(
    r"\((?:אפשר לבחור כמה תשובות|אפשר לבחור עד \S+|עד \S+|בחרו (?:רק )?תשובה אחת (?:בכל|לכל) \S+)"
    r"[^)]*\)"
)
# the customer addressed in the singular (the house style addresses customers in the plural;
# a spoken channel would have to voice the singular as masculine or feminine)
_SINGULAR_HE = re.compile(
    # only forms that cannot be read otherwise: «תקבל», «תהיה» are also "she will receive / be"
    r"(?<![\u05d0-\u05ea])[ובשהלמכ]{0,2}(?:לך|שלך|אצלך|עלייך|עליך|אותך|ממך|בשבילך|איתך|"
    r"אלייך|אליך|לפנייך|לפניך|אתה|תרצי|תבחרי|בחרת|תעני|ענית|תקבלי|קיבלת|תוכלי|היית|תהיי)"
    r"(?![\u05d0-\u05ea])"
)
#: The question texts whose Hebrew speaks to the customer (options speak in his voice).
_ADDRESS_COLUMNS = ("text_he", "value_exchange_he", "purpose_he")
_PREFER_NOT_HE = re.compile(r"מעדיפ\S* (?:לא|שלא) ל|לא רוצה ל(?:ענות|ציין|ומר)|בלי לענות")

# the row id of each table: one column, or a joined pair
_IDS: Mapping[str, tuple[str, ...]] = {
    "questions": ("question_id",),
    "offers": ("question_id", "industry"),
    "use_cases": ("use_case_id",),
    "channels": ("channel_id",),
    "topics": ("topic_id",),
    "goals": ("goal_id",),
    "categories": ("category_id",),
    "relevance": ("goal_id", "topic_id"),
    "sources": ("source_id",),
    "inventory_columns": ("column_id",),
    "inventory_values": ("field", "value_id"),
    "messages": ("kind",),
}


class GlossaryError(ValueError):
    """The glossary file cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class _Avoid:
    concept: str
    term: str
    pattern: re.Pattern[str]
    allowed: tuple[str, ...]  # phrases inside which the avoided word is fine

    def matches(self, text: str, folded: str) -> Iterator[re.Match[str]]:
        """The places ``text`` uses the variant (``folded`` is ``text.lower()``: a cheap test
        first, as most texts hold none of the variants)."""
        if self.term.lower() not in folded:
            return
        for m in self.pattern.finditer(text):
            if not _inside_allowed(text, m.start("core"), m.end("core"), self.allowed):
                yield m


@dataclass(frozen=True)
class Glossary:
    """The one term per concept, and the variants that must not appear, in both languages."""

    table: pd.DataFrame
    avoid_he: tuple[_Avoid, ...]
    avoid_en: tuple[_Avoid, ...]

    @property
    def latin_terms(self) -> frozenset[str]:
        """Latin words the Hebrew terms use (SMS, QR, Wi-Fi): allowed in Hebrew text."""
        words: set[str] = set()
        for term in self.table["term_he"]:
            words.update(_LATIN_WORD.findall(str(term)))
        return frozenset(words)

    @property
    def avoided_latin(self) -> frozenset[str]:
        """Latin words an avoid_he entry names: reported by the glossary rule, not twice."""
        words: set[str] = set()
        for avoid in self.avoid_he:
            words.update(_LATIN_WORD.findall(avoid.term))
        return frozenset(words)


def _items(value: object) -> list[str]:
    return [p.strip() for p in str(value or "").split(";") if p.strip()]


def glossary_from_frame(table: pd.DataFrame, where: str = "glossary.csv") -> Glossary:
    """Check a glossary table and compile its patterns; :class:`GlossaryError` lists problems."""
    missing = [c for c in GLOSSARY_COLUMNS if c not in table.columns]
    if missing:
        raise GlossaryError(
            f"{where}: missing column(s) {', '.join(missing)}; a glossary has the columns "
            f"{', '.join(GLOSSARY_COLUMNS)} (and optionally allow_he)"
        )
    table = table.fillna("").astype(str)
    if "allow_he" not in table.columns:
        table = table.assign(allow_he="")
    problems: list[str] = []
    dupes = sorted(set(table["concept_id"][table["concept_id"].duplicated()]))
    if dupes:
        problems.append(f"concept_id listed twice: {', '.join(dupes)}")
    records = [{str(k): str(v) for k, v in r.items()} for r in table.to_dict("records")]
    for rec in records:
        if not rec["term_en"].strip() or not rec["term_he"].strip():
            problems.append(f"{rec['concept_id']}: write term_en and term_he")
    terms_he = {r["term_he"].strip(): r["concept_id"] for r in records}
    terms_en = {r["term_en"].strip().lower(): r["concept_id"] for r in records}
    avoid_he: list[_Avoid] = []
    avoid_en: list[_Avoid] = []
    for rec in records:
        concept, term_en = rec["concept_id"], rec["term_en"].strip()
        allowed = (rec["term_he"].strip(), *_items(rec["allow_he"]))
        for term in _items(rec["avoid_he"]):
            if term in terms_he:
                problems.append(f"{concept}: avoid_he {term!r} is the term of {terms_he[term]}")
            body = re.escape(term)
            pattern = re.compile(rf"(?<![\w'׳-])(?:{_HE_PREFIX})?(?P<core>{body})(?![\w'׳])")
            avoid_he.append(_Avoid(concept, term, pattern, allowed))
        for term in _items(rec["avoid_en"]):
            other = terms_en.get(term.lower(), concept)
            if other != concept:
                problems.append(f"{concept}: avoid_en {term!r} is the term of {other}")
            # a variant that differs from the term only by case is matched case-sensitively
            flags = 0 if term.lower() == term_en.lower() else re.IGNORECASE
            pattern = re.compile(rf"(?<![\w-])(?P<core>{re.escape(term)})(?![\w-])", flags)
            avoid_en.append(_Avoid(concept, term, pattern, (term_en,)))
    if problems:
        raise GlossaryError(f"{where}: " + "; ".join(problems))
    return Glossary(table=table, avoid_he=tuple(avoid_he), avoid_en=tuple(avoid_en))


def _template_file(name: str, directory: str | Path | None) -> Path:
    """``name`` from ``directory`` if it has one, else the one shipped with the package; a
    :class:`FileNotFoundError` that says where it looked."""
    candidates = [Path(directory) / name] if directory is not None else []
    candidates.append(default_catalog_dir() / name)
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise FileNotFoundError(
            f"{name} not found (looked in {', '.join(map(str, candidates))}); "
            f"copy templates/{name} there"
        )
    return path


def load_glossary(directory: str | Path | None = None) -> Glossary:
    """``glossary.csv`` from ``directory`` if it has one, else the one shipped with the package."""
    try:
        path = _template_file("glossary.csv", directory)
    except FileNotFoundError as exc:
        raise GlossaryError(str(exc)) from exc
    try:
        table = read_csv_text(path.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"{path}: cannot be read as UTF-8 CSV ({exc})") from exc
    return glossary_from_frame(table, str(path))


# --- special categories in answer options ------------------------------------------------------


OPTION_TERM_COLUMNS: tuple[str, ...] = ("category", "term_en", "term_he", "note_en", "note_he")
OPTION_DECISION_COLUMNS: tuple[str, ...] = (
    "question_id", "category", "status", "decision_en", "decision_he",
)  # fmt: skip
FOLLOW_UP_DECISION_COLUMNS: tuple[str, ...] = (
    "question_id", "screener_id", "asked_after", "level", "status", "decision_en", "decision_he",
)  # fmt: skip
#: Hebrew letters a word may take in front of it (and, the, in, to, from, that, as)
_HE_PREFIX = "[והבלמשכ]{0,3}"


@dataclass(frozen=True)
class OptionTerms:
    """Words that, in an answer option, reveal a special category, and the reviewed exceptions."""

    patterns: tuple[tuple[str, str, re.Pattern[str], re.Pattern[str]], ...]  # cat, term, en, he
    decisions: frozenset[tuple[str, str]]  # (question_id, category) reviewed and kept
    #: follow-ups graded below their screener: question -> (screener, the answers that lead to
    #: it, its level), from ``sensitivity_follow_up_decisions.csv``
    follow_ups: tuple[tuple[str, str, frozenset[str], str], ...] = ()


def _term_pattern(term: str, lang: str) -> re.Pattern[str]:
    """A term as a word (a trailing ``*`` lets it end in any letters); Hebrew may prefix it."""
    stem = term.endswith("*")
    body = re.escape(term.rstrip("*"))
    if lang == "en":
        return re.compile(rf"(?<![A-Za-z]){body}" + ("" if stem else r"(?![A-Za-z])"), re.I)
    return re.compile(rf"(?<![\u05d0-\u05ea]){_HE_PREFIX}{body}"
                      + ("" if stem else r"(?![\u05d0-\u05ea])"))  # fmt: skip


def load_option_terms(directory: str | Path | None = None) -> OptionTerms:
    """``sensitivity_option_terms.csv``, ``sensitivity_option_decisions.csv`` and
    ``sensitivity_follow_up_decisions.csv`` from ``directory`` where it has them, else the ones
    shipped with the package."""

    def table(name: str, columns: tuple[str, ...]) -> pd.DataFrame:
        path = _template_file(name, directory)
        frame = read_csv_text(path.read_text(encoding="utf-8-sig"))
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValueError(f"{path}: columns {', '.join(missing)} missing")
        return frame

    terms = table("sensitivity_option_terms.csv", OPTION_TERM_COLUMNS)
    decisions = table("sensitivity_option_decisions.csv", OPTION_DECISION_COLUMNS)
    patterns = tuple(
        (_text(r["category"]), _text(r["term_en"]).rstrip("*"),
         _term_pattern(_text(r["term_en"]), "en"), _term_pattern(_text(r["term_he"]), "he"))
        for _, r in terms.iterrows()
    )  # fmt: skip
    kept = frozenset(
        (_text(r["question_id"]), _text(r["category"])) for _, r in decisions.iterrows()
    )
    follow_ups = table("sensitivity_follow_up_decisions.csv", FOLLOW_UP_DECISION_COLUMNS)
    lowered = tuple(
        (_text(r["question_id"]), _text(r["screener_id"]),
         frozenset(_items(r["asked_after"])), _text(r["level"]))
        for _, r in follow_ups.iterrows()
    )  # fmt: skip
    return OptionTerms(patterns, kept, lowered)


def _option_reveals_special(catalog: Catalog, terms: OptionTerms) -> Iterator[dict[str, str]]:
    """An option naming a special category its question does not carry (nor its documented
    exception): the item's level and category must follow what its answers can reveal, not its
    stem only (knowledge-base rounds 17-20)."""
    for file, row_id, row in _option_rows(catalog):
        qid = row_id.split("/")[0]
        # what the item carries (its categories, its exception's), and what a reviewer kept
        cleared = set(_items(row["sensitivity_category"]))
        exception = catalog.sensitivity_exception_of(str(qid))
        if exception:
            cleared |= set(_items(exception["categories"]))
        cleared |= {category for q, category in terms.decisions if q == str(qid)}
        en = _text(row["options_en"]).split("|")
        he = _text(row["options_he"]).split("|")
        named: dict[str, tuple[str, str]] = {}
        for option_en, option_he in zip(en, he, strict=False):
            for category, term, pattern_en, pattern_he in terms.patterns:
                if category in cleared or category in named:
                    continue
                if pattern_en.search(option_en) or pattern_he.search(option_he):
                    named[category] = (term, option_en)
        for category, (term, option) in named.items():
            yield {
                "file": file, "row_id": row_id, "column": "options_en",
                "rule": "option_reveals_special", "excerpt": f"{option[:60]} ({term})",
                "fix": f"the option reveals {category}: grade the question special with that "
                "category (consent, «Prefer not to say», its channel rule), reword the option, or "
                "record the decision in sensitivity_option_decisions.csv",
            }  # fmt: skip


# --- the texts of a catalog ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Pair:
    file: str
    row_id: str
    column_en: str
    column_he: str
    en: str
    he: str


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _pairs(catalog: Catalog) -> Iterator[_Pair]:
    """Every English/Hebrew pair of cells of the catalog: ``x_en``/``x_he`` or ``en``/``he``."""
    for attr, id_cols in _IDS.items():
        frame = getattr(catalog, attr)
        if not isinstance(frame, pd.DataFrame) or frame.empty:
            continue
        cols = [c for c in frame.columns if isinstance(c, str)]
        stems = [c[:-3] for c in cols if c.endswith("_en") and f"{c[:-3]}_he" in cols]
        columns = [(f"{s}_en", f"{s}_he") for s in stems]
        if "en" in cols and "he" in cols:
            columns.append(("en", "he"))
        for row in frame[[*id_cols, *(c for p in columns for c in p)]].to_dict("records"):
            row_id = "/".join(_text(row[c]) for c in id_cols)
            for en, he in columns:
                yield _Pair(f"{attr}.csv", row_id, en, he, _text(row[en]), _text(row[he]))
    for qid, rule in catalog.eligibility.items():
        yield _Pair("eligibility.csv", qid, "rule_en", "rule_he", rule["en"], rule["he"])
    for key in catalog.labels.get("en", {}):
        yield _Pair(
            "labels.csv", key, "en", "he",
            _text(catalog.labels["en"].get(key)), _text(catalog.labels["he"].get(key)),
        )  # fmt: skip


def _excerpt(text: str, start: int, end: int, width: int = 30) -> str:
    lo, hi = max(0, start - width), min(len(text), end + width)
    return ("…" if lo else "") + text[lo:hi] + ("…" if hi < len(text) else "")


def _finding(pair: _Pair, lang: str, rule: str, excerpt: str, fix: str) -> dict[str, str]:
    column = pair.column_he if lang == "he" else pair.column_en
    return {"file": pair.file, "row_id": pair.row_id, "column": column, "rule": rule,
            "excerpt": excerpt, "fix": fix}  # fmt: skip


# --- the rules ------------------------------------------------------------------------------------


def _blank(text: str, *patterns: re.Pattern[str]) -> str:
    """``text`` with the spans of ``patterns`` (code, placeholders, URLs) blanked out, so that
    positions still point into the original."""
    for pattern in patterns:
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return text


def _slash_forms(pairs: Iterable[_Pair]) -> Iterator[dict[str, str]]:
    for p in pairs:
        for m in _SLASH.finditer(_blank(p.he, _CODE)):
            yield _finding(
                p, "he", "slash_form", _excerpt(p.he, m.start(), m.end()),
                f"«{m.group()}»: write it gender-neutral (plural, infinitive or noun phrase)",
            )  # fmt: skip


def _missing_translations(pairs: Iterable[_Pair]) -> Iterator[dict[str, str]]:
    for p in pairs:
        if p.en and not p.he:
            yield _finding(p, "he", "missing_translation", p.en[:80], f"write {p.column_he}")
        elif p.he and not p.en:
            yield _finding(p, "en", "missing_translation", p.he[:80], f"write {p.column_en}")


def _options_out_of_step(catalog: Catalog) -> Iterator[dict[str, str]]:
    for file, row_id, row in _option_rows(catalog):
        en = [o for o in _text(row["options_en"]).split("|") if o.strip()]
        he = [o for o in _text(row["options_he"]).split("|") if o.strip()]
        if len(en) != len(he):
            yield {
                "file": file, "row_id": row_id, "column": "options_he",
                "rule": "options_out_of_step", "excerpt": _text(row["options_he"])[:80],
                "fix": f"English has {len(en)} options, Hebrew {len(he)}: list the same options "
                "in the same order",
            }  # fmt: skip


def _question_industries(value: object) -> list[str]:
    tags = [t.strip() for t in _text(value).split(";") if t.strip()]
    return list(INDUSTRIES) if tags == ["all"] else tags


def _order_mention(en: str, he: str) -> tuple[str, str] | None:
    """``(language, excerpt)`` of the first mention of an order, in English then Hebrew."""
    for lang, pattern, text in (("en", _ORDER_EN, en), ("he", _ORDER_HE, he)):
        m = pattern.search(text)
        if m:
            return lang, _excerpt(text, m.start(), m.end())
    return None


def _orders_without_orders(catalog: Catalog) -> Iterator[dict[str, str]]:
    overrides: dict[tuple[str, str], Mapping[Any, Any]] = {}
    if not catalog.offers.empty:
        for rec in catalog.offers.to_dict("records"):
            overrides[(str(rec["question_id"]), str(rec["industry"]))] = rec
    # the offers.csv rows for an industry without orders
    for (offer_qid, industry), offer in overrides.items():
        if industry not in NO_ORDER_INDUSTRIES:
            continue
        hit = _order_mention(_text(offer["value_exchange_en"]), _text(offer["value_exchange_he"]))
        if hit:
            yield {
                "file": "offers.csv", "row_id": f"{offer_qid}/{industry}",
                "column": f"value_exchange_{hit[0]}", "rule": "order_without_orders",
                "excerpt": hit[1],
                "fix": f"{industry} has no orders: offer what it can give in that channel",
            }  # fmt: skip
    # a question's own offer, for its industries without orders and without an override
    for qid, row in catalog.questions.iterrows():
        hit = _order_mention(_text(row["value_exchange_en"]), _text(row["value_exchange_he"]))
        if not hit:
            continue
        bare = [
            i
            for i in _question_industries(row["industries"])
            if i in NO_ORDER_INDUSTRIES
            and not _text(overrides.get((str(qid), i), {}).get("value_exchange_en"))
        ]
        if bare:
            yield {
                "file": "questions.csv", "row_id": str(qid),
                "column": f"value_exchange_{hit[0]}", "rule": "order_without_orders",
                "excerpt": hit[1],
                "fix": f"no orders in {', '.join(bare)}: add an offers.csv row for each, or "
                "drop those industries",
            }  # fmt: skip


def _no_prefer_not_to_say(catalog: Catalog) -> Iterator[dict[str, str]]:
    for file, row_id, row in _option_rows(catalog):
        if _text(row["sensitivity"]) not in SENSITIVE_LEVELS:
            continue
        en, he = _text(row["options_en"]), _text(row["options_he"])
        if not en and not he:
            continue  # a number, date or free-text answer: nothing to add an option to
        lacking = [
            lang
            for lang, text, pattern in (("en", en, _PREFER_NOT_EN), ("he", he, _PREFER_NOT_HE))
            if not pattern.search(text)
        ]
        if lacking:
            yield {
                "file": file, "row_id": row_id,
                "column": ", ".join(f"options_{lang}" for lang in lacking),
                "rule": "no_prefer_not_to_say", "excerpt": (he if "he" in lacking else en)[:80],
                "fix": f"a {row['sensitivity']} question: add «Prefer not to say» / «מעדיפים לא "
                "לענות» as the last option",
            }  # fmt: skip


def _question_rows(catalog: Catalog) -> Iterator[tuple[str, str, Mapping[Any, Any]]]:
    """(file, row id, row) of every question and every industry's offers row."""
    for qid, question in catalog.questions.iterrows():
        yield "questions.csv", str(qid), question.to_dict()
    for offer in catalog.offers.to_dict("records"):
        yield "offers.csv", f"{offer['question_id']}/{offer['industry']}", offer


#: What an industry row may set for itself that the option rules read.
_OWN_OPTION_FIELDS = ("options_en", "options_he", "sensitivity", "sensitivity_category")


def _option_rows(catalog: Catalog) -> Iterator[tuple[str, str, Mapping[Any, Any]]]:
    """(file, row id, row) of every question, and of every industry row that words the
    question's options or grades it its own way (the question's row with that industry's own)."""
    for qid, question in catalog.questions.iterrows():
        yield "questions.csv", str(qid), question.to_dict()
    for offer in catalog.offers.to_dict("records"):
        qid = str(offer["question_id"])
        own = {f: offer.get(f) for f in _OWN_OPTION_FIELDS if _text(offer.get(f))}
        if own and qid in catalog.questions.index:
            row = catalog.questions.loc[qid].to_dict()
            row.update(own)
            yield "offers.csv", f"{qid}/{offer['industry']}", row


def _rows_of(
    catalog: Catalog, question_ids: set[str]
) -> Iterator[tuple[str, str, Mapping[Any, Any]]]:
    """:func:`_question_rows` of these questions only (their own rows and their industries')."""
    for file, row_id, row in _question_rows(catalog):
        if row_id.split("/")[0] in question_ids:
            yield file, row_id, row


def _missing_purpose(catalog: Catalog) -> Iterator[dict[str, str]]:
    for qid, row in catalog.questions.iterrows():
        lacking = [c for c in ("purpose_en", "purpose_he") if not _text(row[c]).strip()]
        if lacking:
            yield {
                "file": "questions.csv", "row_id": str(qid), "column": ", ".join(lacking),
                "rule": "missing_purpose", "excerpt": _text(row["text_en"])[:80],
                "fix": "write the purpose notice the customer sees: why we ask, that answering is "
                "a choice, who uses the answer, how to change or delete it",
            }  # fmt: skip


def _multi_choice_hint(catalog: Catalog) -> Iterator[dict[str, str]]:
    for qid, row in catalog.questions.iterrows():
        if row["answer_type"] != "multi_choice":
            continue
        lacking = [
            col
            for col, pattern in (("text_en", _MULTI_HINT_EN), ("text_he", _MULTI_HINT_HE))
            if not pattern.search(_text(row[col]))
        ]
        if lacking:
            yield {
                "file": "questions.csv", "row_id": str(qid), "column": ", ".join(lacking),
                "rule": "multi_choice_hint", "excerpt": _text(row[lacking[0]])[-80:],
                "fix": "end the text with «(Choose all that apply.)» / «(אפשר לבחור כמה "
                "תשובות.)», or «(Choose up to N.)» / «(אפשר לבחור עד N.)»",
            }  # fmt: skip


#: "press 1" / «הקישו 1»: words only a phone keypad (the IVR) can follow.
_KEYPAD_EN = re.compile(r"\bpress \d", re.IGNORECASE)
_KEYPAD_HE = re.compile(r"הקישו \d|הקש \d|לחצו \d")
#: The channel whose customers answer with the phone's keys.
KEYPAD_CHANNEL = "ivr_survey"


def _keypad_outside_ivr(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A question that tells the customer to press a key, planned for a channel without a
    keypad: an agent would read "press 1" aloud, an app would show it."""
    for qid, row in catalog.questions.iterrows():
        keypad = [
            col
            for col, pattern in (("text_en", _KEYPAD_EN), ("text_he", _KEYPAD_HE))
            if pattern.search(_text(row[col]))
        ]
        others = [c for c in _items(row["channels"]) if c != KEYPAD_CHANNEL]
        if keypad and others:
            yield {
                "file": "questions.csv", "row_id": str(qid), "column": "channels",
                "rule": "keypad_outside_ivr", "excerpt": _text(row[keypad[0]])[-80:],
                "fix": f"keep only {KEYPAD_CHANNEL} in channels (now also {', '.join(others)}), "
                "or word the question without the keypad for the other channels",
            }  # fmt: skip


def _ivr_too_many_keys(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A single choice or scale tagged for the IVR with more answers than a keypad has keys: the
    recording said "press 10", "press 11" (knowledge-base round 31: a health fund's 12
    languages). A multiple choice is asked one yes-or-no per option, so it is not counted."""
    for qid, row in catalog.questions.iterrows():
        if KEYPAD_CHANNEL not in _items(row["channels"]):
            continue
        if row["answer_type"] not in ("single_choice", "scale"):
            continue
        count = len(row["option_code_list"])
        if count > len(IVR_KEYS):
            yield {
                "file": "questions.csv", "row_id": str(qid), "column": "channels",
                "rule": "ivr_too_many_keys", "excerpt": f"{count} options",
                "fix": f"remove {KEYPAD_CHANNEL} from channels, or ask a twin of at most "
                f"{len(IVR_KEYS)} options there",
            }  # fmt: skip


def _spoken_form_unused(catalog: Catalog) -> Iterator[dict[str, str]]:
    """Spoken forms (``script_spoken.csv``) of a question no IVR asks: only a recording says
    them, so they are dead rows that a reader takes for a live script (the salary screener kept
    its keypad forms after it left the IVR: round 25)."""
    for qid in catalog.script_spoken:
        channels = _items(catalog.questions.at[qid, "channels"])
        if KEYPAD_CHANNEL not in channels:
            yield {
                "file": "script_spoken.csv", "row_id": str(qid), "column": "question_id",
                "rule": "spoken_form_unused", "excerpt": ", ".join(channels)[:80],
                "fix": f"remove the question's rows: it is not asked in {KEYPAD_CHANNEL}",
            }  # fmt: skip


def _is_grid(labels: list[str]) -> bool:
    """Every option reads "row: answer" and at least two rows have two answers or more (a size
    grid, an event-by-month grid), as opposed to a list where one or two labels explain
    themselves after a colon ("Nothing: another card suits me better")."""
    rows = [label.split(": ", 1)[0] for label in labels if ": " in label]
    if not labels or len(rows) != len(labels):
        return False
    return sum(1 for row in set(rows) if rows.count(row) >= 2) >= 2


def _multi_choice_no_way_out(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A multi-choice list that is not a grid and has no exclusive option (see the rule)."""
    for qid, row in catalog.questions.iterrows():
        if row["answer_type"] != "multi_choice" or list(row["exclusive_list"]):
            continue
        if _is_grid(list(row["options_en_list"])):
            continue
        yield {
            "file": "questions.csv", "row_id": str(qid), "column": "exclusive_options",
            "rule": "multi_choice_no_way_out",
            "excerpt": " | ".join(row["options_en_list"])[-80:],
            "fix": "add an exclusive closing option (\"None of these\" / «אף אחד מאלה», code "
            "none; or the list's own non-answer) and name it in exclusive_options",
        }  # fmt: skip


#: An offer that a particular score earns ("If you rate it 1 or 2", "if you give us a score of 0
#: to 6", "If you choose 1, 2 or 3"; «אם תדרגו ב-1 או ב-2»).
_SCORE_EARNS = {
    "en": re.compile(r"\bif you (?:rate|score|give (?:us |it )?a (?:score|rating)|choose \d)",
                     re.IGNORECASE),
    "he": re.compile(r"אם (?:תדרגו|תיתנו (?:לנו )?(?:ציון|דירוג)|תבחרו ב?-?\d)"),
}  # fmt: skip


def _offer_depends_on_rating(catalog: Catalog) -> Iterator[dict[str, str]]:
    """An offer of a scale question that a particular score earns (see the rule)."""
    for file, row_id, row in _question_rows(catalog):
        qid = row_id.split("/")[0]
        if qid not in catalog.questions.index:
            continue
        if catalog.questions.at[qid, "answer_type"] != "scale":
            continue
        for lang in ("en", "he"):
            offer = _text(row.get(f"value_exchange_{lang}"))
            found = _SCORE_EARNS[lang].search(offer)
            if found:
                yield {
                    "file": file, "row_id": row_id, "column": f"value_exchange_{lang}",
                    "rule": "offer_depends_on_rating",
                    "excerpt": _excerpt(offer, found.start(), found.end()),
                    "fix": "open the follow-up to everyone, whatever the rating: \"Whatever your "
                    "rating, a call … if you ask for one after you answer\" (house style 19)",
                }  # fmt: skip


#: An answer or offer that promises a staffed call back ("Another clinic: please call me").
_CALL_PROMISE = re.compile(
    r"\b(?:call me|call you back|we(?:'ll| will)? call you|calls you|phone you"
    r"|(?:an agent|a representative|an adviser|a nurse|a manager) (?:will )?(?:call|contact)s? you"
    r"|repl(?:y|ies) within)\b",
    re.I,
)


def _call_promise_not_commitment(catalog: Catalog) -> Iterator[dict[str, str]]:
    """An answer option or offer that promises a call the client must staff, on a row not marked
    a commitment (knowledge-base round 31: "Another clinic: please call me" with commitment
    False; the roadmap and the cost of the plan count only marked commitments)."""
    for file, row_id, row in _question_rows(catalog):
        committed = str(row.get("commitment", "")).strip().lower()
        if file == "offers.csv" and not _text(row.get("value_exchange_en")):
            continue  # the row keeps the question's offer and its commitment
        if committed == "true":
            continue
        for column in ("options_en", "value_exchange_en"):
            text = _text(row.get(column))
            found = _CALL_PROMISE.search(text)
            if found:
                yield {
                    "file": file, "row_id": row_id, "column": "commitment",
                    "rule": "call_promise_not_commitment",
                    "excerpt": _excerpt(text, found.start(), found.end()),
                    "fix": f"{column} promises a call the client must staff: set commitment "
                    "to true, or take the promise out",
                }  # fmt: skip
                break


#: A question worded as the continuation of another ("And in dresses?", «ובשמלות?»).
_CONTINUES_EN = re.compile(r"^\s*And\b")
_CONTINUES_HE = re.compile(r"^\s*ו(?:ב|ל|מה|כמה|איך|מתי|אם|לאן|למה)")


def _dangling_follow_up(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A question worded as the continuation of another but following none: the plan may ask it
    alone, in another channel than the question it continues (panel round 17: the retailer's
    "And in dresses?" alone on the profile page while the sizes were asked in the app)."""
    for qid, row in catalog.questions.iterrows():
        if _text(row.get("follows")):
            continue
        for col, pattern in (("text_en", _CONTINUES_EN), ("text_he", _CONTINUES_HE)):
            text = _text(row[col])
            if pattern.search(text):
                yield {
                    "file": "questions.csv", "row_id": str(qid), "column": "follows",
                    "rule": "dangling_follow_up", "excerpt": text[:80],
                    "fix": "set follows to the question it continues, or word it to stand alone",
                }  # fmt: skip
                break


def _special_rows(catalog: Catalog) -> Iterator[tuple[str, str, Mapping[Any, Any]]]:
    """The rows whose notice speaks for an item of special sensitivity: every row of a special
    question, and an industry's row that grades its question special for itself."""
    special = {
        str(q) for q, level in catalog.questions["sensitivity"].items() if level == "special"
    }
    for file, row_id, row in _question_rows(catalog):
        if row_id.split("/")[0] in special or _text(row.get("sensitivity")) == "special":
            yield file, row_id, row


def _notices_lacking(
    rows: Iterable[tuple[str, str, Mapping[Any, Any]]],
    rule: str,
    says: Callable[[str, str, str], bool],
    fix: Callable[[str], str],
) -> Iterator[dict[str, str]]:
    """A finding of ``rule`` for each notice of ``rows`` (file, row id, row) that does not say
    what it must: ``says(text, lang, row_id)`` is false for a written notice."""
    for file, row_id, row in rows:
        for lang in ("en", "he"):
            text = _text(row.get(f"purpose_{lang}"))
            if text and not says(text, lang, row_id):
                yield {
                    "file": file, "row_id": row_id, "column": f"purpose_{lang}", "rule": rule,
                    "excerpt": text[:80], "fix": fix(lang),
                }  # fmt: skip


def _special_offers(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A notice of special sensitivity promises "for this purpose only" and then "we send you
    offers based on it": the consent must be specific, so its offers sentence keeps the offers
    within the stated purpose and names the marketing consent as a condition besides
    (knowledge-base review 4: three of 25 notices contradicted themselves)."""
    for file, row_id, row in _special_rows(catalog):
        for lang in ("en", "he"):
            text = _text(row.get(f"purpose_{lang}"))
            at = text.find(OFFERS_SENTENCE[lang])
            if at >= 0:
                yield {
                    "file": file, "row_id": row_id, "column": f"purpose_{lang}",
                    "rule": "special_offers",
                    "excerpt": _excerpt(text, at, at + len(OFFERS_SENTENCE[lang])),
                    "fix": f"write «{SPECIAL_OFFERS_SENTENCE[lang]}»",
                }  # fmt: skip


#: What marks the sentence saying what happens if the customer does not answer.
_NO_ANSWER = {
    "en": re.compile(r"if you do not answer", re.IGNORECASE),
    "he": re.compile("אם לא תענו"),
}


def _no_answer_clause(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A notice must say what happens if the customer does not answer (Privacy Protection Law
    s. 11 as amended by Amendment 13: whether there is a duty to answer and the consequences of
    not answering); knowledge-base review 4 found 5 of 25 notices without it."""
    yield from _notices_lacking(
        _question_rows(catalog), "no_answer_clause",
        lambda text, lang, _: bool(_NO_ANSWER[lang].search(text)),
        lambda _: "say what happens if the customer does not answer, true for this question: "
        "«if you do not answer, nothing changes in your service» / «אם לא תענו, דבר לא ישתנה "
        "בשירות שאתם מקבלים מאיתנו», or what does change",
    )  # fmt: skip


def _offer_for_untagged_industry(catalog: Catalog) -> Iterator[dict[str, str]]:
    """An industry's row for a question not tagged for that industry is dead text that misleads
    a reviewer (knowledge-base review 4: rows for industries a question does not list)."""
    tags = {str(q): set(_items(t)) for q, t in catalog.questions["industries"].items()}
    for offer in catalog.offers.to_dict("records"):
        qid, industry = str(offer["question_id"]), str(offer["industry"])
        listed = tags.get(qid, set())
        if "all" in listed or industry in listed:
            continue
        yield {
            "file": "offers.csv", "row_id": f"{qid}/{industry}", "column": "industry",
            "rule": "offer_for_untagged_industry", "excerpt": ";".join(sorted(listed)),
            "fix": f"tag {qid} for {industry} in questions.csv if it fits, or delete the row",
        }  # fmt: skip


#: The part of the free-text caution a health question keeps (it asks for health details).
OTHER_PEOPLE: Mapping[str, str] = {"en": "other people's details", "he": "פרטים של אנשים אחרים"}


def _free_text_caution(catalog: Catalog) -> Iterator[dict[str, str]]:
    """Text the customer types is as sensitive as what it invites: the notice steers it away
    from sensitive details and from details of people who were not asked (knowledge-base review
    4: "other (specify)" fields without that line)."""
    typed = {
        str(q)
        for q, row in catalog.questions.iterrows()
        if _text(row["other_specify"]) or row["answer_type"] == "free_text"
    }
    # a question that invites health details (an accessibility need) cannot ask to leave them
    # out: its notice steers the answer to what we should adjust, without other people's details
    health = {
        str(q)
        for q, cats in catalog.questions["sensitivity_category"].items()
        if "health" in _text(cats).split(";")
    }

    def says(text: str, lang: str, row_id: str) -> bool:
        steered = row_id.split("/")[0] in health and OTHER_PEOPLE[lang] in text
        # a question about the household itself cannot ask to leave out other people: its
        # "other" asks for the thing only, without sensitive details or names (review 12)
        scoped = bool(OTHER_ONLY[lang].search(text))
        return bool(free_text_caution(text, lang)) or steered or scoped

    yield from _notices_lacking(
        _rows_of(catalog, typed), "free_text_caution", says,
        lambda lang: f"add «{FREE_TEXT_CAUTION[lang]}» after the sentence saying why we ask",
    )  # fmt: skip


#: The sentence of a notice read in a game or contest: taking part never depends on answering,
#: so the answer stays freely given.
CONTEST_SENTENCE: Mapping[str, str] = {
    "en": "Answering is not a condition of taking part in any of our games or contests.",
    "he": "מענה על השאלה אינו תנאי להשתתפות במשחקים או בתחרויות שלנו.",
}


def _contest_sentence(catalog: Catalog) -> Iterator[dict[str, str]]:
    """Every notice read in a game or contest says that answering is no condition of taking
    part, the question's own and each industry row's that writes its own notice: a row replaces
    the notice whole, so it must keep what its channels require (knowledge-base review 8: two
    industry rows of a gamification question dropped it)."""
    channels = {str(q): set(_items(c)) for q, c in catalog.questions["channels"].items()}
    in_games = [
        (file, row_id, row) for file, row_id, row in _question_rows(catalog)
        if "gamification" in (
            (set(_items(row.get("channels"))) if file == "offers.csv" else set())
            or channels.get(row_id.split("/")[0], set())
        )
    ]  # fmt: skip
    yield from _notices_lacking(
        in_games, "contest_sentence", lambda text, lang, _: CONTEST_SENTENCE[lang] in text,
        lambda lang: f"add «{CONTEST_SENTENCE[lang]}» after the sentence on not answering",
    )  # fmt: skip


def _offer_full_stop(catalog: Catalog) -> Iterator[dict[str, str]]:
    """An offer is a label shown beside the question, written without a closing full stop in
    both languages (knowledge-base review 8: some ended with one, most did not)."""
    for file, row_id, row in _question_rows(catalog):
        for lang in ("en", "he"):
            text = _text(row.get(f"value_exchange_{lang}")).rstrip()
            if text.endswith("."):
                yield {
                    "file": file, "row_id": row_id, "column": f"value_exchange_{lang}",
                    "rule": "offer_full_stop", "excerpt": text[-60:],
                    "fix": "drop the closing full stop: an offer is a label",
                }  # fmt: skip


#: What marks the sentence saying when an answer is deleted.
_DELETED = {"en": re.compile(r"\bWe delete the answer\b"),
            "he": re.compile("נמחק את התשובה|אנחנו מוחקים את התשובה")}  # fmt: skip


#: A deletion sentence that names a period or the event that ends the need ("12 months after
#: you give it", "at the end of this flu season", "and in any case within two years").
_PERIOD = {"en": re.compile(r"\b(?:months?|years?|within|at the end of|after you give it)\b"),
           "he": re.compile("חודש|שנה|שנתיים|תוך|בסוף|אחרי ש")}  # fmt: skip


def _says_when_deleted(text: str, lang: str) -> bool:
    return any(_DELETED[lang].search(s) and _PERIOD[lang].search(s) for s in sentences(text, lang))


def _special_retention(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A notice of special sensitivity says when the answer is deleted, as a period or the event
    that ends the need: minimisation matters most there (knowledge-base review 8: special items
    gave no period; review 12: "when we no longer need it" is no period, GDPR Art. 13(2)(a))."""
    yield from _notices_lacking(
        _special_rows(catalog), "special_retention",
        lambda text, lang, _: _says_when_deleted(text, lang),
        lambda _: "say when: «We delete the answer 12 months after you give it, or earlier if you "
        "withdraw your consent.» / «נמחק את התשובה 12 חודשים אחרי שעניתם, או מוקדם יותר אם "
        "תבטלו את ההסכמה.» (a period tied to what the question plans for), before the sentence "
        "on changing the answer",
    )  # fmt: skip


def _sensitivity_exception(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A question under a documented exception to a category's channel rule meets what the
    linter can read of its conditions (knowledge-base review 12: a health fund's flu question by
    SMS is health information; an exception is acceptable only with its conditions kept and said).
    """
    exceptions = catalog.sensitivity_exceptions
    channels = catalog.channels
    for qid, row in catalog.questions.iterrows():
        eid = _text(row.get("sensitivity_exception"))
        if not eid or eid not in exceptions.index:
            continue
        rule = exceptions.loc[eid]

        def finding(column: str, excerpt: str, fix: str, qid=qid) -> dict[str, str]:
            return {
                "file": "questions.csv", "row_id": str(qid), "column": column,
                "rule": "sensitivity_exception", "excerpt": excerpt[:80], "fix": fix,
            }  # fmt: skip

        if row["sensitivity"] not in rule["level_list"]:
            yield finding("sensitivity", str(row["sensitivity"]),
                          f"the {eid} exception is for level {', '.join(rule['level_list'])}; "
                          "raise the question to special and drop the exception")  # fmt: skip
        tags = [t.strip() for t in str(row["industries"]).split(";") if t.strip()]
        if not tags or set(tags) - set(rule["industry_list"]):
            yield finding("industries", str(row["industries"]),
                          f"the {eid} exception is for {', '.join(rule['industry_list'])} "
                          "only: tag the question for those, or drop the exception")  # fmt: skip
        if row["answer_type"] == "free_text" or _text(row["other_specify"]):
            yield finding("other_specify", str(row["other_specify"] or row["answer_type"]),
                          f"the {eid} exception allows no free text: drop the 'other (specify)' "
                          "option, or raise the question to special")  # fmt: skip
        barred = {
            cid
            for cat in rule["category_list"]
            for cid in catalog.sensitivity_channels(cat)
            if cid not in rule["channel_list"] or bool(channels.at[cid, "public_screen"])
        }
        for cid in row["channel_list"]:
            if cid in barred:
                yield finding("channels", cid,
                              f"the {eid} exception does not open {cid}: remove it")  # fmt: skip
        for lang in ("en", "he"):
            sentence = _text(rule[f"sentence_{lang}"])
            for file, row_id, notice_row in _rows_of(catalog, {str(qid)}):
                text = _text(notice_row.get(f"purpose_{lang}"))
                if text and sentence not in text:
                    yield {
                        "file": file, "row_id": row_id, "column": f"purpose_{lang}",
                        "rule": "sensitivity_exception", "excerpt": text[:80],
                        "fix": f"add, right after the first sentence: {sentence}",
                    }  # fmt: skip


#: The cells of a question's (or its industry row's) that a customer reads.
_CUSTOMER_TEXTS = ("text", "options", "value_exchange", "purpose")


def _merge_field(catalog: Catalog) -> Iterator[dict[str, str]]:
    """Every bracketed token a customer would read is a merge field the sender fills, the same
    fields in both languages, for an industry the field was written for."""
    fields = catalog.merge_fields
    for file, row_id, row in _question_rows(catalog):
        qid = row_id.split("/")[0]
        if file == "offers.csv":
            industries = {row_id.split("/")[1]}
        else:
            industries = {t.strip() for t in _text(row.get("industries")).split(";") if t.strip()}
        for stem in _CUSTOMER_TEXTS:
            en, he = _text(row.get(f"{stem}_en")), _text(row.get(f"{stem}_he"))

            def finding(lang: str, excerpt: str, fix: str, where: tuple[str, str, str] = (
                file, row_id, stem)) -> dict[str, str]:  # fmt: skip
                return {"file": where[0], "row_id": where[1], "column": f"{where[2]}_{lang}",
                        "rule": "merge_field", "excerpt": excerpt[:80], "fix": fix}  # fmt: skip

            for lang, text in (("en", en), ("he", he)):
                for token in merge_fields.unknown_tokens(catalog, text, lang):
                    yield finding(lang, token,
                                  f"{token} is not a merge field of merge_fields.csv "
                                  f"(token_{lang}): add it there, with the system that fills it "
                                  "and an example, or write the words out")  # fmt: skip
            named = {lang: set(merge_fields.fields_in(catalog, text, lang))
                     for lang, text in (("en", en), ("he", he))}  # fmt: skip
            if en and he and named["en"] != named["he"]:
                yield finding("he", he,
                              f"the English names {', '.join(sorted(named['en'])) or 'no field'}, "
                              f"the Hebrew {', '.join(sorted(named['he'])) or 'no field'}: name "
                              "the same merge fields in both languages")  # fmt: skip
            for fid in sorted(named["en"] | named["he"]):
                written_for = set(cast(list[str], fields.loc[fid, "industry_list"]))
                if written_for and not industries <= written_for:
                    yield finding("en", f"{qid}: {fid}",
                                  f"{fid} is filled by the systems of "
                                  f"{', '.join(sorted(written_for))}; tag the question for those "
                                  "industries, or add the others to merge_fields.csv")  # fmt: skip


def _follow_up_sensitivity(catalog: Catalog, terms: OptionTerms) -> Iterator[dict[str, str]]:
    """A follow-up is asked only after some answers to its screener, so being asked it, and its
    answer, tell those answers: it takes at least the screener's level (knowledge-base review 9:
    a car-engine question asked only of those replacing their car within a year).

    A screener graded for some of its answers can lead to a follow-up by others only (a child's
    driving licence, on a list that also holds a change in the family; knowledge-base round 33):
    such a follow-up may keep its own level where ``sensitivity_follow_up_decisions.csv`` records
    it with the exact answers that lead to it, and none of those answers names a special
    category (``sensitivity_option_terms.csv``). A changed skip condition voids the decision."""
    questions = catalog.questions
    level = {name: i for i, name in enumerate(SENSITIVITIES)}
    recorded = {qid: (screener, after, lvl) for qid, screener, after, lvl in terms.follow_ups}
    for qid, row in questions.iterrows():
        screener = _text(row["follows"])
        if not screener or screener not in questions.index:
            continue
        own, theirs = _text(row["sensitivity"]), _text(questions.at[screener, "sensitivity"])
        if level.get(own, 0) >= level.get(theirs, 0):
            continue
        codes = cast(list[str], questions.at[screener, "option_code_list"])
        labels = zip(codes, cast(list[str], questions.at[screener, "options_en_list"]),
                     cast(list[str], questions.at[screener, "options_he_list"]),
                     strict=False)  # fmt: skip
        skipped = set(cast(list[str], row["skip_if_codes"]))
        asked_after = frozenset(c for c in codes if c not in skipped)
        decision = recorded.get(str(qid))
        if decision == (screener, asked_after, own):
            revealing = [
                f"{en} ({term})" for code, en, he in labels if code in asked_after
                for category, term, pattern_en, pattern_he in terms.patterns
                if pattern_en.search(en) or pattern_he.search(he)
            ]  # fmt: skip
            if not revealing:
                continue
            yield {
                "file": "questions.csv", "row_id": str(qid), "column": "sensitivity",
                "rule": "follow_up_sensitivity", "excerpt": f"{own} after {revealing[0]}"[:80],
                "fix": f"an answer that leads to it names a special category: raise it to "
                f"{theirs}, and remove its row from sensitivity_follow_up_decisions.csv",
            }  # fmt: skip
            continue
        where = (
            f"; or, if the answers that lead to it ({';'.join(sorted(asked_after))}) reveal "
            f"less than {screener}, record that in sensitivity_follow_up_decisions.csv"
            if asked_after and asked_after != frozenset(codes)
            else ""
        )
        yield {
            "file": "questions.csv", "row_id": str(qid), "column": "sensitivity",
            "rule": "follow_up_sensitivity", "excerpt": f"{own} after {screener} ({theirs})",
            "fix": f"raise it to {theirs} (and for special: the consent opening, «Prefer not "
            f"to say», the special offers and retention sentences, no SMS, WhatsApp or IVR)"
            + where,
        }  # fmt: skip


def _follow_up_channel(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A follow-up is asked only right after its screener, in the same message, call or survey
    (the planner keeps them together), so each industry's channels for it are among the
    screener's channels for that industry, and its screener is a question of that industry."""
    own_channels = _offer_keys(catalog)
    for industry in INDUSTRIES:
        pool = question_pool(catalog, None, industry)
        for qid, screener, channels in zip(
            pool.index, pool["follows"], pool["channel_list"], strict=True
        ):
            screener = _text(screener)
            if not screener:
                continue
            row = "offers.csv" if (qid, industry) in own_channels else "questions.csv"
            if screener not in pool.index:
                yield {
                    "file": row, "row_id": str(qid), "column": "follows",
                    "rule": "follow_up_channel",
                    "excerpt": f"{industry}: {screener} is not a {industry} question",
                    "fix": f"make it stand alone (no follows, an option for those it does not "
                    f"fit) or add {industry} to {screener}'s industries",
                }  # fmt: skip
                continue
            theirs = set(cast(list[str], pool.at[screener, "channel_list"]))
            extra = [c for c in channels if c not in theirs]
            if extra:
                yield {
                    "file": row, "row_id": str(qid), "column": "channels",
                    "rule": "follow_up_channel",
                    "excerpt": f"{industry}: {';'.join(extra)} (not {screener}'s)"[:80],
                    "fix": f"remove {';'.join(extra)} from its channels for {industry} "
                    f"(its row in offers.csv, or the question's own), or ask {screener} there",
                }  # fmt: skip


def _offer_keys(catalog: Catalog) -> frozenset[tuple[str, str]]:
    """(question, industry) pairs that have a row in offers.csv with their own channels."""
    offers = catalog.offers
    if not len(offers):
        return frozenset()
    own = offers[[bool(c) for c in offers["channel_list"]]]
    return frozenset(zip(own["question_id"].astype(str), own["industry"].astype(str), strict=True))


def _channel_sentence(catalog: Catalog) -> Iterator[dict[str, str]]:
    """The s. 30A sentence ("We ask by SMS or WhatsApp only if you have agreed to receive
    marketing messages from us there") in its fixed wording, naming only electronic channels the
    question may be asked in: a plan narrows it to the channel it asks in
    (:func:`~zpd_assess.notices.notice_for_channel`), which other wordings would escape."""
    channels = {str(q): set(_items(c)) for q, c in catalog.questions["channels"].items()}
    for file, row_id, row in _question_rows(catalog):
        # an industry row that lists its own channels is asked only there (a row graded
        # special drops SMS and WhatsApp): its notice names those, as _contest_sentence reads
        allowed = (
            set(_items(row.get("channels"))) if file == "offers.csv" else set()
        ) or channels.get(row_id.split("/")[0], set())
        for lang in ("en", "he"):
            notice = _text(row.get(f"purpose_{lang}"))
            found = channel_sentences(notice, lang)
            # s. 30A follows the purpose, not the channel list (knowledge-base review 13): a
            # service message needs no marketing consent, a commercial one asked by SMS,
            # WhatsApp or email says it needs it
            service = NO_MARKETING_SENTENCE[lang] in notice
            commercial = OFFERS_SENTENCE[lang] in notice or SPECIAL_OFFERS_SENTENCE[lang] in notice
            if service and found:
                yield {
                    "file": file, "row_id": row_id, "column": f"purpose_{lang}",
                    "rule": "channel_sentence", "excerpt": found[0][0][:80],
                    "fix": "a service message (the answer is not used for marketing) needs no "
                    "marketing consent: remove the sentence",
                }  # fmt: skip
            elif commercial and not found and allowed & ELECTRONIC_CHANNELS:
                yield {
                    "file": file, "row_id": row_id, "column": f"purpose_{lang}",
                    "rule": "channel_sentence", "excerpt": notice[:80],
                    "fix": "the answer feeds offers and the question may be asked by "
                    f"{', '.join(sorted(allowed & ELECTRONIC_CHANNELS))}: add the s. 30A sentence "
                    "after the offers sentence, e.g. «We ask by SMS or WhatsApp only if you have "
                    "agreed to receive marketing messages from us there.»",
                }  # fmt: skip
            offers_at = max(notice.find(OFFERS_SENTENCE[lang]),
                            notice.find(SPECIAL_OFFERS_SENTENCE[lang]))  # fmt: skip
            for sentence, named in found:
                if named is None:
                    fix = (
                        "write it in the fixed wording, e.g. «We ask by SMS or WhatsApp only "
                        "if you have agreed to receive marketing messages from us there.»"
                    )
                elif 0 <= notice.find(sentence) < offers_at:
                    # one order in every notice (knowledge-base review 24, the copy editor)
                    fix = "move it to right after the offers sentence"
                elif not set(named) <= allowed:
                    fix = (
                        f"name only channels the question may be asked in: "
                        f"{', '.join(sorted(set(named) - allowed))} is not one of them"
                    )
                else:
                    continue
                yield {
                    "file": file, "row_id": row_id, "column": f"purpose_{lang}",
                    "rule": "channel_sentence", "excerpt": sentence[:80], "fix": fix,
                }  # fmt: skip


def _singular_address(catalog: Catalog) -> Iterator[dict[str, str]]:
    for file, row_id, row in _question_rows(catalog):
        for col in _ADDRESS_COLUMNS:
            text = _text(row.get(col))
            for m in _SINGULAR_HE.finditer(text):
                yield {
                    "file": file, "row_id": row_id, "column": col,
                    "rule": "singular_address", "excerpt": _excerpt(text, m.start(), m.end()),
                    "fix": f"«{m.group()}» speaks to one customer: write it in the plural "
                    "(«לכם», «שלכם», «בחרו», «תקבלו»)",
                }  # fmt: skip


def _long_first_layer(catalog: Catalog) -> Iterator[dict[str, str]]:
    for file, row_id, row in _question_rows(catalog):
        layers = notice_layers(_text(row.get("purpose_en")), "en", catalog)
        said = layers.purpose_sentence
        if len(said) <= FIRST_SENTENCE_MAX_CHARS:
            continue
        yield {
            "file": file, "row_id": row_id, "column": "purpose_en", "rule": "long_first_layer",
            "excerpt": said[:80] + "…",
            "fix": f"the notice on screen is {len(layers.first)} characters, {len(said)} of them "
            f"the sentence saying what is asked and why (over {FIRST_SENTENCE_MAX_CHARS}): "
            "shorten that sentence to what is asked and why, and move the conditions (channels, "
            "timing, who else receives it) to the sentences after it, which the full notice keeps",
        }  # fmt: skip


def _purpose_not_cut(catalog: Catalog) -> Iterator[dict[str, str]]:
    for file, row_id, row in _question_rows(catalog):
        for lang in ("en", "he"):
            said = notice_layers(_text(row.get(f"purpose_{lang}")), lang, catalog).purpose_sentence
            if not said.strip() or purpose_clause(said.strip(), lang)[0]:
                continue
            connectors = '", to" or ", so that"' if lang == "en" else "«, כדי»"
            yield {
                "file": file, "row_id": row_id, "column": f"purpose_{lang}",
                "rule": "purpose_not_cut", "excerpt": said[:80],
                "fix": f"write the sentence as «We ask …, to …» («אנחנו שואלים …, כדי …»): the "
                f"lead-in of an SMS, IVR or agent script says the purpose after {connectors}, "
                "and without it repeats the whole sentence",
            }  # fmt: skip


#: Codes of the options that close a list rather than join it: non-answers and catch-alls.
_CLOSING_CODE = re.compile(
    r"^(?:prefer_not|dont_know|not_sure|no_preference|none|nothing|neither|other|another|"
    r"something_else|any_)"
)


def _shuffle_moves_closing(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A shuffled list keeps its closing options last: the trailing run of options that exclude
    the others, ask to specify, or answer "none", "not sure" or "prefer not to say" must be in
    ``anchored_options``, or shuffling moves them among the answers they close."""
    for qid, row in catalog.questions.iterrows():
        if not row["randomise"]:
            continue
        codes, anchored = list(row["option_code_list"]), set(row["anchored_list"])
        closing = set(row["exclusive_list"]) | {_text(row["other_specify"])}
        trailing = []
        for code in reversed(codes):
            if code not in closing and not _CLOSING_CODE.match(code):
                break
            trailing.append(code)
        loose = [c for c in reversed(trailing) if c not in anchored]
        if loose:
            yield {
                "file": "questions.csv", "row_id": str(qid), "column": "anchored_options",
                "rule": "shuffle_moves_closing", "excerpt": ";".join(loose),
                "fix": "keep the closing options in place: anchored_options = "
                f"{';'.join(reversed(trailing))} (or randomise false for an ordered list)",
            }  # fmt: skip


#: The bank's non-answers: the one code each is recorded under, the glossary's English label
#: (lower case), and what any label under that code starts with ("Not sure" serves "Not sure
#: yet").
_NON_ANSWERS = {
    "prefer_not_to_say": ("prefer not to say", "prefer not to say"),
    "not_sure": ("not sure yet", "not sure"),
    "dont_know": ("don't know", "don't know"),
}


def _non_answer_code(catalog: Catalog) -> Iterator[dict[str, str]]:
    """One code per non-answer, and a non-answer code only on its own label (see the rule)."""
    by_label = {label: code for code, (label, _) in _NON_ANSWERS.items()}
    for qid, row in catalog.questions.iterrows():
        for code, label in zip(row["option_code_list"], row["options_en_list"], strict=False):
            said = re.sub(r"\s*(?:\(.*\)|/.*)$", "", label).strip().lower()
            wanted = by_label.get(said)
            if wanted and code != wanted:
                fix = f"rename the code to {wanted} (tools/rename_option_codes.py)"
            elif code in _NON_ANSWERS and not said.startswith(_NON_ANSWERS[code][1]):
                fix = (f"{code} records the answer \"{_NON_ANSWERS[code][0].capitalize()}\": "
                       "rename the code after what the option says")  # fmt: skip
            else:
                continue
            yield {
                "file": "questions.csv", "row_id": str(qid), "column": "option_codes",
                "rule": "non_answer_code", "excerpt": f"{code} = {label}"[:80], "fix": fix,
            }  # fmt: skip


#: «כדי» as a word of its own (not inside another word).
_KEDEI = re.compile(r"(?<![\u0590-\u05FF])כדי(?![\u0590-\u05FF])")


def _two_purpose_clauses(catalog: Catalog) -> Iterator[dict[str, str]]:
    """A Hebrew purpose sentence with more than one «כדי»: the channel scripts read that sentence
    alone as the purpose line ("we ask … so that …, so that …"), and a second clause — another
    purpose or a restriction joined by «;» — makes it say two things at once."""
    for file, row_id, row in _question_rows(catalog):
        said = notice_layers(_text(row.get("purpose_he")), "he", catalog).purpose_sentence
        found = list(_KEDEI.finditer(said))
        if len(found) > 1:
            yield {
                "file": file, "row_id": row_id, "column": "purpose_he",
                "rule": "two_purpose_clauses",
                "excerpt": _excerpt(said, found[1].start(), found[1].end()),
                "fix": "the sentence the scripts read as the purpose line has "
                f"{len(found)} «כדי»: keep one purpose in it and move the rest (a restriction, "
                "a second purpose) to the next sentence",
            }  # fmt: skip


#: One house style for Hebrew typography (knowledge-base review 15): «…» for quotation marks,
#: «בתוך» for "within" (never «תוך» beside «בתוך»; «תוך כדי» is another word), and a hyphen
#: before a statute's year («התשפ״ב-2021»). The interface's labels keep their own quotes.
_TYPOGRAPHY: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[„“”\"](?:[^„“”\"«»]*[“”\"])?"),
     "quotation marks: write «…» (one style in every Hebrew text)"),
    (
        re.compile(r"(?<![\u05d0-\u05ea])תוך(?! כדי)(?![\u05d0-\u05ea])"),
        "«תוך»: write «בתוך» (one spelling for \"within\")",
    ),
    (re.compile(r"ה?תש[\u05d0-\u05ea]*[״\"][\u05d0-\u05ea]–\d{4}"),
     "a statute's year follows a hyphen, not a dash («התשפ״ב-2021»)"),
)  # fmt: skip
_TYPOGRAPHY_SKIPS = frozenset({"labels.csv"})


def _hebrew_typography(pairs: Iterable[_Pair]) -> Iterator[dict[str, str]]:
    for p in pairs:
        if p.file in _TYPOGRAPHY_SKIPS:
            continue
        text = _blank(p.he, _CODE)
        for pattern, fix in _TYPOGRAPHY:
            for m in pattern.finditer(text):
                yield _finding(
                    p, "he", "hebrew_typography", _excerpt(p.he, m.start(), m.end()), fix
                )


def _glossary_hits(pairs: Iterable[_Pair], glossary: Glossary) -> Iterator[dict[str, str]]:
    terms = dict(zip(glossary.table["concept_id"], glossary.table["term_he"], strict=True))
    terms_en = dict(zip(glossary.table["concept_id"], glossary.table["term_en"], strict=True))
    for p in pairs:
        for lang, text, avoids, chosen in (
            ("he", p.he, glossary.avoid_he, terms),
            ("en", p.en, glossary.avoid_en, terms_en),
        ):
            if not text:
                continue
            taken: list[tuple[str, int, int]] = []  # one finding per concept and place
            folded = text.lower()
            hits = [(avoid, m) for avoid in avoids for m in avoid.matches(text, folded)]
            hits.sort(key=lambda h: (h[1].start(), -(h[1].end() - h[1].start())))
            for avoid, m in hits:
                if any(c == avoid.concept and s < m.end() and m.start() < e for c, s, e in taken):
                    continue
                taken.append((avoid.concept, m.start(), m.end()))
                yield _finding(
                    p, lang, "off_glossary", _excerpt(text, m.start(), m.end()),
                    f"{avoid.concept}: write «{chosen[avoid.concept]}», not «{avoid.term}»",
                )  # fmt: skip


def _inside_allowed(text: str, start: int, end: int, allowed: Iterable[str]) -> bool:
    for phrase in allowed:
        if not phrase:
            continue
        at = text.find(phrase)
        while at != -1:
            if at <= start and end <= at + len(phrase):
                return True
            at = text.find(phrase, at + 1)
    return False


def _latin_in_hebrew(pairs: Iterable[_Pair], glossary: Glossary) -> Iterator[dict[str, str]]:
    allowed = ALLOWED_LATIN | glossary.latin_terms
    reported = glossary.avoided_latin
    for p in pairs:
        if not p.he or not _HEBREW.search(p.he):
            continue
        # a source's Hebrew figure cites names (authors, publishers, vendors) as they are
        # written; a name its English figure cites too is a citation, not an untranslated word
        cited = set(_LATIN_WORD.findall(p.en)) if p.file == "sources.csv" else set()
        for m in _LATIN_WORD.finditer(_blank(p.he, _PLACEHOLDER, _CODE, _URL)):
            word = m.group()
            if word in allowed or word in reported or word in cited or "_" in word:
                continue
            yield _finding(
                p, "he", "latin_in_hebrew", _excerpt(p.he, m.start(), m.end()),
                f"«{word}»: write it in Hebrew, or add it to the glossary if customers know it so",
            )  # fmt: skip


def lint_catalog(
    catalog: Catalog,
    glossary: Glossary | None = None,
    rules: Iterable[str] | None = None,
    option_terms: OptionTerms | None = None,
) -> pd.DataFrame:
    """The findings of ``rules`` (default: all of :data:`RULES`; a warning rule of
    :data:`WARNING_RULES` when named) on ``catalog``: columns :data:`FINDING_COLUMNS`, sorted by
    rule (in :data:`RULES` then :data:`WARNING_RULES` order), file and row. ``glossary`` defaults
    to the shipped one."""
    known = (*RULES, *WARNING_RULES)
    wanted = set(RULES if rules is None else rules)
    unknown = sorted(wanted - set(known))
    if unknown:
        raise KeyError(
            f"unknown lint rule(s) {', '.join(unknown)}; the rules are {', '.join(known)}"
        )
    glossary = glossary if glossary is not None else load_glossary()
    pairs = list(_pairs(catalog))
    # read once, and only when a rule that needs them runs
    terms = functools.cache(
        lambda: option_terms if option_terms is not None else load_option_terms()
    )

    checks: dict[str, Callable[[], Iterable[dict[str, str]]]] = {
        "slash_form": lambda: _slash_forms(pairs),
        "missing_translation": lambda: _missing_translations(pairs),
        "options_out_of_step": lambda: _options_out_of_step(catalog),
        "order_without_orders": lambda: _orders_without_orders(catalog),
        "no_prefer_not_to_say": lambda: _no_prefer_not_to_say(catalog),
        "off_glossary": lambda: _glossary_hits(pairs, glossary),
        "latin_in_hebrew": lambda: _latin_in_hebrew(pairs, glossary),
        "missing_purpose": lambda: _missing_purpose(catalog),
        "multi_choice_hint": lambda: _multi_choice_hint(catalog),
        "singular_address": lambda: _singular_address(catalog),
        "keypad_outside_ivr": lambda: _keypad_outside_ivr(catalog),
        "ivr_too_many_keys": lambda: _ivr_too_many_keys(catalog),
        "channel_sentence": lambda: _channel_sentence(catalog),
        "dangling_follow_up": lambda: _dangling_follow_up(catalog),
        "special_offers": lambda: _special_offers(catalog),
        "no_answer_clause": lambda: _no_answer_clause(catalog),
        "offer_for_untagged_industry": lambda: _offer_for_untagged_industry(catalog),
        "free_text_caution": lambda: _free_text_caution(catalog),
        "contest_sentence": lambda: _contest_sentence(catalog),
        "offer_full_stop": lambda: _offer_full_stop(catalog),
        "special_retention": lambda: _special_retention(catalog),
        "follow_up_sensitivity": lambda: _follow_up_sensitivity(catalog, terms()),
        "follow_up_channel": lambda: _follow_up_channel(catalog),
        "sensitivity_exception": lambda: _sensitivity_exception(catalog),
        "long_first_layer": lambda: _long_first_layer(catalog),
        "two_purpose_clauses": lambda: _two_purpose_clauses(catalog),
        "hebrew_typography": lambda: _hebrew_typography(pairs),
        "option_reveals_special": lambda: _option_reveals_special(catalog, terms()),
        "purpose_not_cut": lambda: _purpose_not_cut(catalog),
        "shuffle_moves_closing": lambda: _shuffle_moves_closing(catalog),
        "non_answer_code": lambda: _non_answer_code(catalog),
        "spoken_form_unused": lambda: _spoken_form_unused(catalog),
        "multi_choice_no_way_out": lambda: _multi_choice_no_way_out(catalog),
        "offer_depends_on_rating": lambda: _offer_depends_on_rating(catalog),
        "merge_field": lambda: _merge_field(catalog),
        "call_promise_not_commitment": lambda: _call_promise_not_commitment(catalog),
    }
    rows = [finding for rule in known if rule in wanted for finding in checks[rule]()]
    findings = pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
    if findings.empty:
        return findings
    order = {rule: i for i, rule in enumerate(known)}
    findings = findings.assign(_order=findings["rule"].map(order))
    findings = findings.sort_values(["_order", "file", "row_id", "column"], kind="stable")
    return findings.drop(columns="_order").reset_index(drop=True)


def rule_description(catalog: Catalog, rule: str, lang: str = "en") -> str:
    """A rule's description and what to do, from ``templates/messages.csv`` (``lint_<rule>``)."""
    if rule not in RULES and rule not in WARNING_RULES:
        known = ", ".join((*RULES, *WARNING_RULES))
        raise KeyError(f"unknown lint rule {rule!r}; the rules are {known}")
    record = catalog.message_records.get(f"lint_{rule}")
    return str(record[lang]) if record else rule
