"""The editable catalogs: topics, channels, goals, relevance, question bank, assumptions.

Catalogs are data in ``templates/`` (CSV, UTF-8, Hebrew and English side by side). A consultant can
point :func:`load_catalog` at a folder holding customised copies of any of the files; the files it
lacks come from the defaults shipped with the package. Loading validates everything and raises
:class:`CatalogError` listing every problem: a catalog is loaded whole or not at all.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import pandas as pd

PARTIES = ("zero", "first", "second", "third")
GRANULARITIES = ("individual", "segment", "aggregate")
CONSENT_BASES = (
    "explicit_consent",
    "contract",
    "legitimate_interest",
    "legal_obligation",
    "none",
    "unknown",
)
NATURES = ("declared", "observed", "mixed")
ANSWER_TYPES = ("single_choice", "multi_choice", "scale", "yes_no", "number", "date", "free_text")
SENSITIVITIES = ("low", "medium", "high", "special")
INCENTIVE_TYPES = ("none", "discount", "benefit", "content", "experience", "prize")
LANGUAGES = ("en", "he")
INDUSTRIES = ("banking", "credit_cards", "insurance", "retail", "telecom", "health", "travel",
              "utilities")  # fmt: skip

TOPIC_IDS = (
    "identity_contact", "demographics", "location", "family_status", "life_stage",
    "financial_stability", "risk_aversion", "tenure", "product_holdings", "spend_value",
    "purchase_frequency", "replacement_frequency", "consumption_frequency", "product_preferences",
    "service_preferences", "consumer_preferences", "brand_affinity", "satisfaction",
    "moments_of_truth", "critical_issues", "concerns", "behavioral_tendencies", "churn_potential",
    "growth_potential", "trustworthiness", "future_plans", "digital_tendency",
    "digital_preferences", "communication_preferences", "contact_hours", "activity_hours",
    "hobbies", "leisure_preferences", "event_preferences", "transport_preferences",
    "sport_frequency", "health_wellbeing",
)  # fmt: skip
CHANNEL_IDS = (
    "web_popup", "web_survey", "email_survey", "gamification", "floating_button",
    "agent_question", "ivr_survey", "whatsapp", "sms", "qr_on_product", "in_store_experience",
    "tablet_kiosk", "in_app", "transactional_flow", "preference_center",
)  # fmt: skip
GOAL_IDS = (
    "retention", "cross_sell", "acquisition_conversion", "personalization", "service_experience",
    "product_development", "risk_pricing", "marketing_efficiency", "loyalty_engagement",
)  # fmt: skip

#: Columns of ``sensitivity.csv``: one row per category of "information of special sensitivity"
#: (Privacy Protection Law 5741-1981, s. 7 as amended by Amendment 13) and GDPR Art. 9/10.
SENSITIVITY_COLUMNS = (
    "category_id", "label_en", "label_he", "israel_clause", "gdpr_article", "clause_status",
    "clause_source", "examples_en", "examples_he", "terms", "channels_not_allowed",
)  # fmt: skip
#: Columns of ``sensitivity_exceptions.csv``: a documented exception to a category's channel rule
#: (a health fund's own care message asked by SMS), with its conditions and legal basis. A question
#: names one in ``sensitivity_exception``; the linter checks the conditions it can read.
SENSITIVITY_EXCEPTION_COLUMNS = (
    "exception_id", "label_en", "label_he", "categories", "industries", "levels",
    "channels_allowed", "sentence_en", "sentence_he", "conditions_en", "conditions_he",
    "basis_en", "basis_he", "clause_status", "source",
)  # fmt: skip
#: Columns of ``merge_fields.csv``: a value the client's own system puts into a message when it
#: sends it (the card's last digits, the visit date, the item ordered), written in a question's
#: wording as its bracketed token (``[visit date]`` / ``[תאריך הביקור]``).
MERGE_FIELD_COLUMNS = (
    "field_id", "token_en", "token_he", "filled_from_en", "filled_from_he", "example_en",
    "example_he", "industries",
)  # fmt: skip
#: ``clause_status`` values: checked against the statute's text, or still to check.
CLAUSE_STATUSES = ("verified", "to_verify")
#: In ``channels_not_allowed``: every channel whose ``public_screen`` is true.
PUBLIC_SCREEN = "public_screen"

#: Messages the special-sensitivity flag is written with (messages.csv).
SENSITIVITY_MESSAGES = (
    "special_sensitivity", "special_sensitivity_israel", "special_sensitivity_gdpr",
    "special_sensitivity_unverified", "special_sensitivity_public_screen",
    "special_sensitivity_column", "special_sensitivity_help",
)  # fmt: skip

#: The files of a catalog and the columns each must have.
CATALOG_FILES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "categories.csv": ("category_id", "label_en", "label_he"),
        "topics.csv": (
            "topic_id", "label_en", "label_he", "description_en", "description_he", "category",
            "nature", "half_life_days", "special_category", "sensitivity_category", "synonyms",
        ),
        "channels.csv": (
            "channel_id", "label_en", "label_he", "description_en", "description_he", "reach",
            "reach_source", "response_rate", "response_low", "response_high", "response_source",
            "max_questions", "max_seconds", "budget_source", "fatigue_after_questions",
            "fatigue_per_question", "fatigue_source", "linkability", "linkability_source",
            "answer_types", "consent_capture", "public_screen", "authenticated", "outbound",
            "fixed_option_order", "cost_per_response_ils", "cost_source", "cadence_days",
            "cadence_source", "setup_months", "setup_source",
        ),
        "goals.csv": (
            "goal_id", "label_en", "label_he", "description_en", "description_he",
            "default_weight",
        ),
        "relevance.csv": ("goal_id", "topic_id", "relevance", "rationale_en", "rationale_he"),
        "questions.csv": (
            "question_id", "text_en", "text_he", "answer_type", "options_en", "options_he",
            "option_codes", "exclusive_options", "other_specify", "randomise", "skip_if",
            "topics", "burden_seconds", "sensitivity", "value_exchange_en", "value_exchange_he",
            "incentive_type", "incentive_cost_ils", "channels", "industries", "answers",
            "purpose_en", "purpose_he", "follows", "audience", "observable", "commitment",
        ),
        "offers.csv": (
            "question_id", "industry", "value_exchange_en", "value_exchange_he", "incentive_type",
            "incentive_cost_ils", "channels", "purpose_en", "purpose_he", "follows", "audience",
            "observable", "commitment",
        ),
        "use_cases.csv": (
            "use_case_id", "industries", "label_en", "label_he", "goals", "needs", "answers",
            "action_en", "action_he", "where_en", "where_he", "channels_fit", "channels_avoid",
            "lawful_basis", "value_basis", "value", "value_source", "value_note", "purpose_en",
            "purpose_he", "special_category", "default_on",
        ),
        "moments.csv": (
            "moment_id", "industries", "label_en", "label_he", "signal_en", "signal_he",
            "signal_terms", "use_cases", "channels", "recurring", "questions", "sends",
        ),
        "assumptions.csv": ("parameter", "value", "unit", "description_en", "description_he",
                            "source"),
        "script_keys.csv": ("question_id", "option_code", "key"),
        "script_spoken.csv": ("question_id", "option_code", "spoken_en", "spoken_he"),
        "eligibility.csv": ("question_id", "rule_en", "rule_he"),
        "translations.csv": ("question_id", "language", "text", "options"),
        "contact_requests.csv": ("question_id", "industry", "answers", "ask_en", "ask_he",
                                 "yes_en", "yes_he"),
        "option_code_renames.csv": ("question_id", "old_code", "new_code", "renamed_on",
                                    "reason"),
        "sources.csv": ("source_id", "publisher", "locator", "figure_en", "figure_he"),
        "abbreviations.csv": ("abbreviation", "expansion"),
        "noise_words.csv": ("word", "why"),
        "placeholder_words.csv": ("word", "why"),
        "mapping_trust.csv": ("feature", "coefficient", "fitted_on", "why"),
        "mapping_examples.csv": ("attribute", "description", "topic", "source_style", "language"),
        "inventory_columns.csv": (
            "column_id", "label_en", "label_he", "required", "aliases", "weak_aliases",
            "description_en",
            "description_he", "example",
        ),
        "inventory_values.csv": ("field", "value_id", "label_en", "label_he", "aliases"),
        "messages.csv": ("kind", "severity", "en", "he"),
        "sensitivity.csv": SENSITIVITY_COLUMNS,
        "sensitivity_exceptions.csv": SENSITIVITY_EXCEPTION_COLUMNS,
        "merge_fields.csv": MERGE_FIELD_COLUMNS,
        "labels.csv": ("key", "en", "he"),
    }
)  # fmt: skip

_TRUE = {"true", "yes", "1", "y", "כן"}
_FALSE = {"false", "no", "0", "n", "לא", ""}


class CatalogError(ValueError):
    """A catalog file is missing, malformed or inconsistent. ``problems`` lists every one."""

    def __init__(self, problems: Iterable[str]):
        self.problems = tuple(problems)
        super().__init__(
            "The catalog could not be loaded:\n" + "\n".join(f"- {p}" for p in self.problems)
        )


@dataclass(frozen=True)
class Assumptions:
    """Every parameter of the default model, with its unit and source."""

    table: pd.DataFrame = field(repr=False)

    @cached_property
    def _values(self) -> dict[str, Any]:
        return dict(zip(self.table["parameter"], self.table["value"], strict=True))

    def number(self, parameter: str) -> float:
        return float(self._values[parameter])

    def text(self, parameter: str) -> str:
        return str(self._values[parameter])

    def group(self, prefix: str) -> dict[str, float]:
        """All numeric parameters under ``prefix.`` keyed by the rest of their name."""
        cut = len(prefix) + 1
        return {k[cut:]: float(v) for k, v in self._values.items() if k.startswith(prefix + ".")}


@dataclass(frozen=True)
class ContactRequest:
    """A contact the customer asks for right after answering (``contact_requests.csv``).

    What a question's offer promises a person will do ("a retention banker calls you") the
    customer asks for, or not, with a yes/no right after his answer: a contact he asked for,
    about this only, is not one that waits for his consent to marketing messages (his request is
    itself the explicit consent of the Communications Law, s. 30A(b), to that contact alone),
    and an offer "sent only if you agree to receive it" is agreed to there."""

    question_id: str
    industry: str
    #: the answers after which it is asked; empty: every answer but those that exclude the
    #: others and "prefer not to say"
    answers: tuple[str, ...]
    ask: Mapping[str, str]  # language -> the question
    yes: Mapping[str, str]  # language -> the answer that asks for the contact


def contact_answers(
    codes: Sequence[str], exclusive: Sequence[str], named: Sequence[str]
) -> tuple[str, ...] | None:
    """The answers of a question (its ``codes``) after which its contact request is asked: those
    the request names, else every answer but those that exclude the others and "prefer not to
    say"; None where that is every answer (or the question has no codes)."""
    leading = tuple(named) or tuple(
        c for c in codes if c not in exclusive and c != "prefer_not_to_say"
    )
    return None if not codes or set(leading) >= set(codes) else leading


@dataclass(frozen=True)
class Catalog:
    """All catalogs of one engagement, validated. Tables are indexed by their id."""

    categories: pd.DataFrame
    topics: pd.DataFrame
    channels: pd.DataFrame
    goals: pd.DataFrame
    relevance: pd.DataFrame
    questions: pd.DataFrame
    assumptions: Assumptions
    sources: pd.DataFrame
    abbreviations: Mapping[str, str]
    noise_words: frozenset[str]
    inventory_columns: pd.DataFrame
    inventory_values: pd.DataFrame
    messages: pd.DataFrame
    labels: Mapping[str, Mapping[str, str]]
    #: what an organisation will do with an answer (templates/use_cases.md); indexed by id
    use_cases: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: a question's offer and channels for one industry, where its own do not fit that industry
    offers: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: categories of information of special sensitivity (sensitivity.csv); indexed by id
    sensitivity: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: documented exceptions to a category's channel rule (sensitivity_exceptions.csv), by id,
    #: with ``category_list``, ``industry_list``, ``level_list`` and ``channel_list``
    sensitivity_exceptions: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: values the client's system fills in a message when it sends it (merge_fields.csv), by id
    merge_fields: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: moments the client's own data signals, when a question is best asked (moments.csv)
    moments: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: attribute names as client systems write them, each with its topic (the mapper learns them)
    mapping_examples: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: words that name a slot, not its content (``udf``, ``attr``): a name of these alone is
    #: read by its description
    placeholder_words: frozenset[str] = frozenset()
    #: the mapper's estimate of the chance a suggestion is right: feature -> coefficient, and
    #: the digest of what it was fitted on (tools/fit_mapping_trust.py)
    mapping_trust: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: the keypad keys a question's own wording names ("press 0 if none"): question -> code -> key
    script_keys: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: how a recording says an option before its key ("If the card suits you": "..., press 1"):
    #: question -> code -> language -> words
    script_spoken: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=dict)
    #: who is asked a question that fits only some customers, as a rule on the customer's record
    #: ("customers whose car or home policy with us renews in the next 90 days"): question ->
    #: language -> rule
    eligibility: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    #: a question's wording in a further language the members read (Arabic, Russian), for the
    #: surveys sent after a question that sets the contact's language: question -> language ->
    #: ``Translation``
    translations: Mapping[str, Mapping[str, Translation]] = field(default_factory=dict)
    #: a contact the customer may ask for right after his answer ("Would you like a retention
    #: banker to call you about this?"): (question, industry) -> ``ContactRequest``
    contact_requests: Mapping[tuple[str, str], ContactRequest] = field(default_factory=dict)
    #: answer codes renamed since they were first published (``option_code_renames.csv``, written
    #: by ``tools/rename_option_codes.py``): question -> old code -> the code it is now
    option_code_renames: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    origin: Mapping[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"Catalog({len(self.topics)} topics, {len(self.channels)} channels, "
            f"{len(self.goals)} goals, {len(self.questions)} questions)"
        )

    def _repr_pretty_(self, printer, cycle) -> None:  # IPython and hypothesis reports
        printer.text(repr(self))

    @cached_property
    def relevance_matrix(self) -> pd.DataFrame:
        """Goals × topics, relevance 0–3 (absent pairs are 0)."""
        matrix = self.relevance.pivot_table(
            index="goal_id", columns="topic_id", values="relevance", aggfunc="max", fill_value=0
        )
        return matrix.reindex(index=self.goals.index, columns=self.topics.index, fill_value=0)

    @cached_property
    def short_notices(self) -> dict[tuple[str, str], str]:
        """The first layer of each purpose notice already made, by (notice, language): the
        notices are the catalog's, so a plan recomputed on every slider move makes each once."""
        return {}

    @cached_property
    def channel_records(self) -> dict[str, dict[str, Any]]:
        """Channels as plain dicts, for loops that would pay for DataFrame lookups."""
        return cast(dict[str, dict[str, Any]], self.channels.to_dict("index"))

    @cached_property
    def topic_records(self) -> dict[str, dict[str, Any]]:
        """Topics as plain dicts, for loops that would pay for DataFrame lookups."""
        return cast(dict[str, dict[str, Any]], self.topics.to_dict("index"))

    @cached_property
    def sensitivity_records(self) -> dict[str, dict[str, Any]]:
        """Sensitivity categories as plain dicts, with ``term_list`` and ``channel_list``."""
        return cast(dict[str, dict[str, Any]], self.sensitivity.to_dict("index"))

    @cached_property
    def message_records(self) -> dict[str, dict[str, Any]]:
        """Messages by kind as plain dicts (issues are rendered in loops)."""
        return cast(dict[str, dict[str, Any]], self.messages.to_dict("index"))

    @cached_property
    def question_records(self) -> dict[str, dict[str, Any]]:
        """Bank questions as plain dicts, with ``source`` set to ``bank``."""
        return cast(
            dict[str, dict[str, Any]], self.questions.assign(source="bank").to_dict("index")
        )

    @cached_property
    def _value_label_index(self) -> Mapping[tuple[str, str], Mapping[str, str]]:
        """``(field, lang) -> {value_id: label}``, built once: the workbook asks per cell."""
        iv = self.inventory_values
        index: dict[tuple[str, str], dict[str, str]] = {}
        for lang in LANGUAGES:
            rows = zip(iv["field"], iv["value_id"], iv[f"label_{lang}"].astype(str), strict=True)
            for field_name, value_id, label in rows:
                index.setdefault((field_name, lang), {})[value_id] = label
        return MappingProxyType({k: MappingProxyType(v) for k, v in index.items()})

    def value_labels(self, field_name: str, lang: str = "en") -> dict[str, str]:
        """Labels of an inventory field's values (party, granularity, consent) by id."""
        if lang not in LANGUAGES:
            raise KeyError(f"label_{lang}")
        return dict(self._value_label_index.get((field_name, lang), {}))

    def text(self, key: str, lang: str = "en", **values: Any) -> str:
        """A UI label in the language asked for, with ``{placeholders}`` filled."""
        template = self.labels[lang][key]
        return template.format(**values) if values else template

    def sensitivity_citation(self, category_id: str, lang: str = "en") -> str:
        """Where the law names a sensitivity category, in ``lang``: the paragraph of s. 7 of the
        Privacy Protection Law (as amended by Amendment 13) and the GDPR article, e.g.
        "Privacy Protection Law 5741-1981, s. 7, ..., para. (7); GDPR Art. 9(1)"."""
        rec = self.sensitivity_records[category_id]
        msg = self.message_records
        parts = []
        if rec["israel_clause"]:
            parts.append(msg["special_sensitivity_israel"][lang].format(value=rec["israel_clause"]))
            if rec["clause_status"] != "verified":
                parts[-1] += " " + msg["special_sensitivity_unverified"][lang]
        if rec["gdpr_article"]:
            article = str(rec["gdpr_article"])
            if lang == "he":
                article = article.replace("Art.", "סעיף")
            parts.append(msg["special_sensitivity_gdpr"][lang].format(value=article))
        return "; ".join(parts)

    def current_option_code(self, question_id: str, code: str) -> str:
        """The code an answer recorded under ``code`` has now: a code renamed since (its option
        unchanged, only the name) reads as its new name; any other code as itself."""
        return self.option_code_renames.get(str(question_id), {}).get(code, code)

    def sensitivity_exception_of(self, question_id: str) -> dict[str, Any] | None:
        """The documented exception to a category's channel rule a bank question is asked under
        (its ``sensitivity_exception``: a health fund's care message by SMS), or None."""
        eid = str((self.question_records.get(str(question_id)) or {}).get("sensitivity_exception")
                  or "").strip()  # fmt: skip
        if not eid or eid not in self.sensitivity_exceptions.index:
            return None
        return cast(dict[str, Any], self.sensitivity_exceptions.loc[eid].to_dict())

    def sensitivity_channels(self, category_id: str) -> list[str]:
        """Channel ids a category's items must not be asked in (``public_screen`` expanded)."""
        blocked = self.sensitivity_records[category_id]["channel_list"]
        public = [str(c) for c, p in self.channels["public_screen"].items() if p]
        out = [c for c in blocked if c != PUBLIC_SCREEN]
        if PUBLIC_SCREEN in blocked:
            out += [c for c in public if c not in out]
        return out

    def keeps_option_order(self, channel: str) -> bool:
        """Whether ``channel`` shows a question's options in their written order even where the
        question shuffles them: a settings page or a checkout step the customer returns to reads
        as a list to find one's choice in, not as a survey (knowledge-base review 38)."""
        if channel not in self.channels.index:
            return False
        return bool(self.channels.at[channel, "fixed_option_order"])

    def default_goal_weights(self) -> dict[str, float]:
        return {str(g): float(w) for g, w in self.goals["default_weight"].items()}

    def replace(self, **tables: Any) -> Catalog:
        """A copy with some tables replaced, validated again."""
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        fields.update(tables)
        catalog = Catalog(**fields)
        _validate(catalog)
        return catalog


def default_catalog_dir() -> Path:
    """The catalogs shipped with the package (``templates/`` in a checkout)."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"  # the wheel maps templates/ to zpd_assess/templates/
    checkout = here.parent / "templates"
    return installed if (installed / "topics.csv").is_file() else checkout


def read_csv_text(text: str) -> pd.DataFrame:
    """Read catalog CSV text as strings (no type guessing: ids like ``0`` stay text)."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return pd.DataFrame()
    header = [h.strip() for h in rows[0]]
    body = [r + [""] * (len(header) - len(r)) for r in rows[1:] if any(c.strip() for c in r)]
    return pd.DataFrame([r[: len(header)] for r in body], columns=header, dtype=object)


def load_catalog(
    directory: str | Path | None = None, *, overrides: Mapping[str, str | Path] | None = None
) -> Catalog:
    """Load and validate the catalogs.

    ``directory`` may hold any subset of :data:`CATALOG_FILES`; the rest come from the defaults.
    ``overrides`` maps a file name (e.g. ``"questions.csv"``) to a specific path (the CLI's
    ``--bank``). Raises :class:`CatalogError` with every problem found.
    """
    default_dir = default_catalog_dir()
    problems: list[str] = []
    raw: dict[str, pd.DataFrame] = {}
    origin: dict[str, str] = {}
    for name, columns in CATALOG_FILES.items():
        candidates = []
        if overrides and name in overrides:
            candidates.append(Path(overrides[name]))
        if directory is not None:
            candidates.append(Path(directory) / name)
        candidates.append(default_dir / name)
        path = next((p for p in candidates if p.is_file()), None)
        if path is None:
            problems.append(f"{name}: file not found (looked in {', '.join(map(str, candidates))})")
            continue
        origin[name] = str(path)
        try:
            frame = read_csv_text(path.read_text(encoding="utf-8-sig"))
        except (UnicodeDecodeError, csv.Error) as exc:
            problems.append(f"{name}: cannot be read as UTF-8 CSV ({exc})")
            continue
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            problems.append(f"{name}: missing column(s) {', '.join(missing)}")
            continue
        raw[name] = frame.map(lambda v: v.strip() if isinstance(v, str) else v)
    if problems:
        raise CatalogError(problems)
    catalog = _build(raw, problems)
    if problems:
        raise CatalogError(problems)
    object.__setattr__(catalog, "origin", MappingProxyType(origin))
    _validate(catalog)
    return catalog


# --- building typed tables -------------------------------------------------------------------


def _to_float(name: str, frame: pd.DataFrame, id_col: str, col: str, problems: list[str]) -> None:
    values = []
    for item_id, value in zip(frame[id_col], frame[col], strict=True):
        try:
            values.append(float(value))
        except (TypeError, ValueError):
            problems.append(f"{name}: {item_id}: {col} must be a number, found {value!r}")
            values.append(float("nan"))
    frame[col] = values


def _to_bool(name: str, frame: pd.DataFrame, id_col: str, col: str, problems: list[str]) -> None:
    values = []
    for item_id, value in zip(frame[id_col], frame[col], strict=True):
        v = str(value).strip().lower()
        if v in _TRUE:
            values.append(True)
        elif v in _FALSE:
            values.append(False)
        else:
            problems.append(f"{name}: {item_id}: {col} must be true or false, found {value!r}")
            values.append(False)
    frame[col] = values


def _split(value: object, sep: str = ";") -> list[str]:
    return [p.strip() for p in str(value or "").split(sep) if p.strip()]


def _parse_strengths(name: str, item: str, value: str, problems: list[str]) -> dict[str, float]:
    """``id:strength;id:strength`` (a missing strength is 1) into a dict: a question's topics,
    a use case's goals or needs."""
    strengths: dict[str, float] = {}
    for part in _split(value):
        key, _, strength = part.partition(":")
        try:
            strengths[key.strip()] = float(strength) if strength else 1.0
        except ValueError:
            problems.append(f"{name}: {item}: strength {part!r} is not id:number")
    return strengths


def _build(raw: dict[str, pd.DataFrame], problems: list[str]) -> Catalog:
    categories = raw["categories.csv"].set_index("category_id", drop=False)

    topics = raw["topics.csv"].copy()
    _to_float("topics.csv", topics, "topic_id", "half_life_days", problems)
    _to_bool("topics.csv", topics, "topic_id", "special_category", problems)
    topics["synonym_list"] = [_split(s) for s in topics["synonyms"]]
    topics = topics.set_index("topic_id", drop=False)

    channels = raw["channels.csv"].copy()
    for col in (
        "reach", "response_rate", "response_low", "response_high", "max_questions",
        "max_seconds", "fatigue_after_questions", "fatigue_per_question", "linkability",
        "cost_per_response_ils", "cadence_days", "setup_months",
    ):  # fmt: skip
        _to_float("channels.csv", channels, "channel_id", col, problems)
    flags = ("consent_capture", "public_screen", "authenticated", "outbound", "fixed_option_order")
    for col in flags:
        _to_bool("channels.csv", channels, "channel_id", col, problems)
    channels["answer_type_list"] = [_split(s) for s in channels["answer_types"]]
    channels = channels.set_index("channel_id", drop=False)

    goals = raw["goals.csv"].copy()
    _to_float("goals.csv", goals, "goal_id", "default_weight", problems)
    goals = goals.set_index("goal_id", drop=False)

    relevance = raw["relevance.csv"].copy()
    rel_values = []
    for g, t, v in zip(
        relevance["goal_id"], relevance["topic_id"], relevance["relevance"], strict=True
    ):
        try:
            rel_values.append(int(float(v)))
        except ValueError:
            problems.append(f"relevance.csv: {g} × {t}: relevance must be 0–3, found {v!r}")
            rel_values.append(0)
    relevance["relevance"] = rel_values

    questions = raw["questions.csv"].copy()
    if "completes_offer" not in questions.columns:  # optional: a bank file written before it
        questions["completes_offer"] = ""
    for optional in ("sensitivity_category", "sensitivity_exception", "anchored_options"):
        if optional not in questions.columns:  # a bank file written before them
            questions[optional] = ""
    _to_bool("questions.csv", questions, "question_id", "completes_offer", problems)
    _to_float("questions.csv", questions, "question_id", "burden_seconds", problems)
    _to_float("questions.csv", questions, "question_id", "incentive_cost_ils", problems)
    _to_float("questions.csv", questions, "question_id", "audience", problems)
    _to_bool("questions.csv", questions, "question_id", "observable", problems)
    for qid, value in zip(questions["question_id"], questions["commitment"], strict=True):
        if str(value).strip().lower() not in ("true", "false"):
            problems.append(
                f"questions.csv: {qid}: commitment must be true or false (true when the offer is "
                "a promise the client must staff or fund: a call-back, a reply, a meeting, a "
                f"visit, money off), found {value!r}"
            )
    questions["commitment"] = [str(v).strip().lower() == "true" for v in questions["commitment"]]
    questions["topic_strengths"] = [  # type: ignore[assignment]  # a column of dicts
        _parse_strengths("questions.csv", q, v, problems)
        for q, v in zip(questions["question_id"], questions["topics"], strict=True)
    ]
    questions["topic_list"] = [list(s) for s in questions["topic_strengths"]]
    questions["channel_list"] = [
        list(CHANNEL_IDS) if str(v).strip().lower() == "all" else _split(v)
        for v in questions["channels"]
    ]
    questions["options_en_list"] = [_split(v, "|") for v in questions["options_en"]]
    questions["options_he_list"] = [_split(v, "|") for v in questions["options_he"]]
    questions["answer_list"] = [tuple(_split(v)) for v in questions["answers"]]
    _to_bool("questions.csv", questions, "question_id", "randomise", problems)
    questions["option_code_list"] = [_split(v, "|") for v in questions["option_codes"]]
    questions["exclusive_list"] = [_split(v) for v in questions["exclusive_options"]]
    questions["anchored_list"] = [_split(v) for v in questions["anchored_options"]]
    questions["skip_if_codes"] = [_split(v.partition(":")[2]) for v in questions["skip_if"]]
    questions = questions.set_index("question_id", drop=False)

    offers = raw["offers.csv"].copy()
    # optional: an industry's own question text, and its own words for the question's options
    # and its own grade, where the same answer reveals more in that industry (a joint account
    # is a financial product at a bank, a household's holdings elsewhere at an insurer)
    for column in ("text_en", "text_he", "options_en", "options_he", "sensitivity",
                   "sensitivity_category"):  # fmt: skip
        if column not in offers.columns:
            offers[column] = ""
    _to_float("offers.csv", offers, "question_id", "incentive_cost_ils", problems)
    offers["channel_list"] = [tuple(_split(v)) for v in offers["channels"]]

    assumptions = raw["assumptions.csv"].copy()
    assumptions["value"] = [_number_or_text(v) for v in assumptions["value"]]

    abbreviations: dict[str, str] = {}
    for abbr, expansion in zip(
        raw["abbreviations.csv"]["abbreviation"], raw["abbreviations.csv"]["expansion"], strict=True
    ):
        key = abbr.strip().lower()
        if key in abbreviations and abbreviations[key] != expansion.strip().lower():
            problems.append(f"abbreviations.csv: {abbr!r} is listed twice with different meanings")
        abbreviations[key] = expansion.strip().lower()

    use_cases = raw["use_cases.csv"].copy()
    _to_float("use_cases.csv", use_cases, "use_case_id", "value", problems)
    for col in ("special_category", "default_on"):
        _to_bool("use_cases.csv", use_cases, "use_case_id", col, problems)
    for col, parsed in (("goals", "goal_strengths"), ("needs", "need_weights")):
        use_cases[parsed] = [  # type: ignore[assignment]  # a column of dicts
            _parse_strengths("use_cases.csv", u, v, problems)
            for u, v in zip(use_cases["use_case_id"], use_cases[col], strict=True)
        ]
    for col in ("industries", "answers", "channels_fit", "channels_avoid"):
        use_cases[f"{col}_list"] = [_split(v) for v in use_cases[col]]
    use_cases = use_cases.set_index("use_case_id", drop=False)

    sensitivity = raw["sensitivity.csv"].copy()
    sensitivity["term_list"] = [_split(v) for v in sensitivity["terms"]]
    sensitivity["channel_list"] = [_split(v) for v in sensitivity["channels_not_allowed"]]
    sensitivity = sensitivity.set_index("category_id", drop=False)
    exceptions = raw["sensitivity_exceptions.csv"].copy()
    parsed_columns = (
        ("categories", "category_list"), ("industries", "industry_list"),
        ("levels", "level_list"), ("channels_allowed", "channel_list"),
    )  # fmt: skip
    for col, parsed in parsed_columns:
        exceptions[parsed] = [_split(v) for v in exceptions[col]]
    exceptions = exceptions.set_index("exception_id", drop=False)

    examples = raw["mapping_examples.csv"].fillna("").astype(str)
    known_topics = set(topics.index)
    pairs = zip(examples["attribute"], examples["topic"], strict=True)
    for i, (attribute, topic) in enumerate(pairs):
        if topic not in known_topics:
            problems.append(
                f"mapping_examples.csv row {i + 2} ({attribute!r}): topic {topic!r} is not in "
                "topics.csv; use one of its topic_id values"
            )

    moments = raw["moments.csv"].copy()
    _to_bool("moments.csv", moments, "moment_id", "recurring", problems)
    for col in ("industries", "signal_terms", "use_cases", "channels", "questions", "sends"):
        moments[f"{col}_list"] = [_split(v) for v in moments[col]]
    moments = moments.set_index("moment_id", drop=False)

    inventory_columns = raw["inventory_columns.csv"].copy()
    _to_bool("inventory_columns.csv", inventory_columns, "column_id", "required", problems)
    inventory_columns = inventory_columns.set_index("column_id", drop=False)

    return Catalog(
        categories=categories,
        topics=topics,
        channels=channels,
        goals=goals,
        relevance=relevance,
        questions=questions,
        assumptions=Assumptions(assumptions),
        sources=raw["sources.csv"].set_index("source_id", drop=False),
        abbreviations=MappingProxyType(abbreviations),
        noise_words=frozenset(w.strip().lower() for w in raw["noise_words.csv"]["word"]),
        inventory_columns=inventory_columns,
        inventory_values=raw["inventory_values.csv"],
        messages=raw["messages.csv"].set_index("kind", drop=False),
        use_cases=use_cases,
        offers=offers,
        sensitivity=sensitivity,
        sensitivity_exceptions=exceptions,
        merge_fields=_merge_fields(raw["merge_fields.csv"], problems),
        moments=moments,
        mapping_examples=examples,
        placeholder_words=frozenset(
            w.strip().lower() for w in raw["placeholder_words.csv"]["word"] if w.strip()
        ),
        mapping_trust=_mapping_trust(raw["mapping_trust.csv"], problems),
        script_keys=_script_keys(raw["script_keys.csv"], questions, problems),
        script_spoken=_script_spoken(raw["script_spoken.csv"], questions, problems),
        eligibility=_eligibility(raw["eligibility.csv"], questions, problems),
        contact_requests=_contact_requests(raw["contact_requests.csv"], questions, problems),
        option_code_renames=_option_code_renames(raw["option_code_renames.csv"], questions),
        translations=_translations(raw["translations.csv"], questions, problems),
        labels=MappingProxyType(
            {
                lang: MappingProxyType(
                    dict(zip(raw["labels.csv"]["key"], raw["labels.csv"][lang], strict=True))
                )
                for lang in LANGUAGES
            }
        ),
    )


def _number_or_text(value: str) -> float | str:
    try:
        return float(value)
    except ValueError:
        return value


def _merge_fields(frame: pd.DataFrame, problems: list[str]) -> pd.DataFrame:
    """``merge_fields.csv`` by id: each token written as ``[words]`` in its language, once."""
    out = frame.fillna("").astype(str).copy()
    seen: dict[str, str] = {}
    for line, row in enumerate(out.to_dict("records"), start=2):
        where = f"merge_fields.csv row {line} ({row['field_id']})"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", row["field_id"]):
            problems.append(
                f"{where}, column field_id: found {row['field_id']!r}; accepted: snake_case "
                "(the name a survey tool's hidden field takes)"
            )
        for lang in LANGUAGES:
            token = row[f"token_{lang}"].strip()
            if not re.fullmatch(r"\[[^\[\]]+\]", token):
                problems.append(
                    f"{where}, column token_{lang}: found {token!r}; accepted: words in square "
                    "brackets, e.g. [visit date]"
                )
            if token in seen:
                problems.append(f"{where}, column token_{lang}: {token} is also {seen[token]}")
            seen[token] = row["field_id"]
            if not row[f"filled_from_{lang}"].strip() or not row[f"example_{lang}"].strip():
                problems.append(
                    f"{where}: write filled_from_{lang} (which system fills it) and "
                    f"example_{lang} (a value as a customer reads it)"
                )
        unknown = [i for i in _split(row["industries"]) if i not in INDUSTRIES]
        if unknown:
            problems.append(
                f"{where}, column industries: found {';'.join(unknown)}; accepted: "
                f"{', '.join(INDUSTRIES)} separated by ';'"
            )
    out["industry_list"] = [_split(v) for v in out["industries"]]
    return out.set_index("field_id", drop=False)


def _mapping_trust(frame: pd.DataFrame, problems: list[str]) -> pd.DataFrame:
    """``mapping_trust.csv`` with numeric coefficients (the mapper checks the features)."""
    out = frame.fillna("").astype(str).copy()
    _to_float("mapping_trust.csv", out, "feature", "coefficient", problems)
    return out


# --- validation ------------------------------------------------------------------------------

REQUIRED_PARAMETERS = (
    [f"granularity_weight.{g}" for g in GRANULARITIES]
    + [f"source_weight.{p}.{n}" for p in PARTIES for n in NATURES]
    + [f"consent_usability.{c}" for c in CONSENT_BASES]
    + [
        "freshness.refresh_age_factor", "freshness.unknown_age_days", "accuracy.default",
        "granularity.default", "consent.default", "inference.w_inf", "mapping.review_threshold",
        "mapping.trust_threshold",
        "mapping.approximate_label_cutoff", "intake.max_upload_mb", "intake.max_rows",
        "intake.excel_cell_limit", "index.scale",
    ]
    # read by the app's rules (evidence_plans, budgets, the room's votes)
    + ["evidence.inferable_threshold", "votes.default_weight", "budget.min_questions",
       "budget.min_seconds"]
)  # fmt: skip


def _check_ids(name: str, ids: pd.Index, required: Iterable[str], problems: list[str]) -> None:
    dupes = sorted(set(ids[ids.duplicated()]))
    if dupes:
        problems.append(f"{name}: duplicate id(s) {', '.join(dupes)}")
    missing = [i for i in required if i not in set(ids)]
    if missing:
        problems.append(f"{name}: missing required id(s) {', '.join(missing)}")
    blank = [str(i) for i in ids if not str(i).strip()]
    if blank:
        problems.append(f"{name}: {len(blank)} row(s) without an id")


def _check_translations(name: str, frame: pd.DataFrame, cols: Iterable[str], problems: list[str]):
    for col in cols:
        empty = [str(i) for i, v in frame[col].items() if not str(v).strip()]
        if empty:
            problems.append(
                f"{name}: missing {col} for {', '.join(empty[:10])}"
                + (f" and {len(empty) - 10} more" if len(empty) > 10 else "")
            )


def _validate(c: Catalog) -> None:
    problems: list[str] = []
    _check_ids("categories.csv", c.categories.index, (), problems)
    _check_translations("categories.csv", c.categories, ("label_en", "label_he"), problems)

    t = c.topics
    _check_ids("topics.csv", t.index, TOPIC_IDS, problems)
    _check_translations(
        "topics.csv", t, ("label_en", "label_he", "description_en", "description_he"), problems
    )
    for tid, row in t.iterrows():
        if row["category"] not in c.categories.index:
            problems.append(f"topics.csv: {tid}: unknown category {row['category']!r}")
        if row["nature"] not in NATURES:
            problems.append(f"topics.csv: {tid}: nature must be one of {', '.join(NATURES)}")
        if not row["half_life_days"] > 0:
            problems.append(f"topics.csv: {tid}: half_life_days must be positive")

    ch = c.channels
    _check_ids("channels.csv", ch.index, CHANNEL_IDS, problems)
    _check_translations("channels.csv", ch, ("label_en", "label_he"), problems)
    for cid, row in ch.iterrows():
        for col in ("reach", "response_rate", "response_low", "response_high", "linkability"):
            if not 0 <= row[col] <= 1:
                problems.append(f"channels.csv: {cid}: {col} must be within 0–1, found {row[col]}")
        if not row["response_low"] <= row["response_rate"] <= row["response_high"]:
            problems.append(f"channels.csv: {cid}: response_rate must lie within its range")
        if not (row["max_questions"] >= 1 and row["max_seconds"] > 0):
            problems.append(f"channels.csv: {cid}: the question budget must be positive")
        for col in [x for x in ch.columns if x.endswith("_source")]:
            if row[col] not in c.sources.index:
                problems.append(
                    f"channels.csv: {cid}: {col} {row[col]!r} is neither a source id of "
                    "sources.csv nor 'assumption'"
                )
        bad = [a for a in row["answer_type_list"] if a not in ANSWER_TYPES]
        if bad:
            problems.append(f"channels.csv: {cid}: unknown answer type(s) {', '.join(bad)}")

    g = c.goals
    _check_ids("goals.csv", g.index, GOAL_IDS, problems)
    _check_translations("goals.csv", g, ("label_en", "label_he"), problems)
    if (g["default_weight"] < 0).any():
        problems.append("goals.csv: default_weight must not be negative")

    r = c.relevance
    for _, row in r.iterrows():
        where = f"relevance.csv: {row['goal_id']} × {row['topic_id']}"
        if row["goal_id"] not in g.index:
            problems.append(f"{where}: unknown goal {row['goal_id']!r}")
        if row["topic_id"] not in t.index:
            problems.append(f"{where}: unknown topic {row['topic_id']!r}")
        if not 0 <= row["relevance"] <= 3:
            problems.append(f"{where}: relevance must be 0–3, found {row['relevance']}")
        if row["relevance"] > 0 and not (row["rationale_en"] and row["rationale_he"]):
            problems.append(f"{where}: a non-zero relevance needs a rationale in both languages")
    pairs = r[["goal_id", "topic_id"]]
    if pairs.duplicated().any():
        dup = pairs[pairs.duplicated()].iloc[0]
        problems.append(f"relevance.csv: {dup['goal_id']} × {dup['topic_id']} is listed twice")

    q = c.questions
    answer_keys = {k for keys in c.use_cases.get("answers_list", ()) for k in keys}
    _check_ids("questions.csv", q.index, (), problems)
    _check_translations(
        "questions.csv", q, ("text_en", "text_he", "value_exchange_en", "value_exchange_he"),
        problems,
    )  # fmt: skip
    for qid, row in q.iterrows():
        where = f"questions.csv: {qid}"
        if row["answer_type"] not in ANSWER_TYPES:
            problems.append(f"{where}: answer_type must be one of {', '.join(ANSWER_TYPES)}")
        if len(row["options_en_list"]) != len(row["options_he_list"]):
            problems.append(f"{where}: options_en and options_he differ in number")
        if (
            row["answer_type"] in ("single_choice", "multi_choice", "scale")
            and not row["options_en_list"]
        ):
            problems.append(f"{where}: a {row['answer_type']} question needs options")
        if not row["topic_strengths"]:
            problems.append(f"{where}: informs no topic")
        for topic, strength in row["topic_strengths"].items():
            if topic not in t.index:
                problems.append(f"{where}: unknown topic {topic!r}")
            if not 0 < strength <= 1:
                problems.append(f"{where}: strength of {topic} must be in (0, 1]")
        unknown = [x for x in row["channel_list"] if x not in ch.index]
        if unknown:
            problems.append(f"{where}: unknown channel(s) {', '.join(unknown)}")
        if row["sensitivity"] not in SENSITIVITIES:
            problems.append(f"{where}: sensitivity must be one of {', '.join(SENSITIVITIES)}")
        if row["incentive_type"] not in INCENTIVE_TYPES:
            problems.append(f"{where}: incentive_type must be one of {', '.join(INCENTIVE_TYPES)}")
        if not row["burden_seconds"] > 0:
            problems.append(f"{where}: burden_seconds must be positive")
        tags = [t.strip() for t in str(row["industries"]).split(";") if t.strip()]
        if tags != ["all"] and (not tags or set(tags) - {*INDUSTRIES, "generic"}):
            problems.append(
                f"{where}: industries must be 'all' or ids from {', '.join(INDUSTRIES)}, generic"
            )
        if not 0 < row["audience"] <= 1:
            problems.append(f"{where}: audience must be a share above 0, up to 1")
        if row["follows"] and row["follows"] not in q.index:
            problems.append(f"{where}: follows {row['follows']!r}, no question of the bank")
        if row["follows"] == qid:
            problems.append(f"{where}: a question cannot follow itself")
        if row["completes_offer"] and not row["follows"]:
            problems.append(
                f"{where}: completes_offer is true, but the question follows no question; "
                "accepted: true only on a follow-up (a row that names the question it follows)"
            )
        unknown_keys = [k for k in row["answer_list"] if k not in answer_keys]
        if unknown_keys:
            problems.append(
                f"{where}: answer key(s) {', '.join(unknown_keys)} are no use case's answers"
            )

    params = set(c.assumptions.table["parameter"])
    missing = [p for p in REQUIRED_PARAMETERS if p not in params]
    if missing:
        problems.append(f"assumptions.csv: missing parameter(s) {', '.join(missing)}")
    if c.assumptions.table["parameter"].duplicated().any():
        problems.append("assumptions.csv: a parameter is listed twice")
    for src in c.assumptions.table["source"]:
        if src not in c.sources.index:
            problems.append(f"assumptions.csv: unknown source {src!r}")

    iv = c.inventory_values
    for field_name, allowed in (
        ("party", PARTIES), ("granularity", GRANULARITIES), ("consent", CONSENT_BASES)
    ):  # fmt: skip
        present = set(iv.loc[iv["field"] == field_name, "value_id"])
        if present != set(allowed):
            problems.append(
                f"inventory_values.csv: {field_name} must list exactly {', '.join(allowed)}"
            )
    for lang in LANGUAGES:
        empty = [k for k, v in c.labels[lang].items() if not str(v).strip()]
        if empty:
            problems.append(f"labels.csv: missing {lang} text for {', '.join(empty[:10])}")
    _validate_answer_design(c, problems)
    _validate_use_cases(c, problems)
    _validate_moments(c, problems)
    _validate_offers(c, problems)
    _validate_sensitivity(c, problems)
    from .sources import source_problems  # sources reads a loaded catalog: imported late

    problems.extend(source_problems(c))
    if problems:
        raise CatalogError(problems)


#: The answer types whose options are listed (and coded) in ``options_en/he``.
CHOICE_TYPES = ("single_choice", "multi_choice", "scale")
#: The codes of a yes_no question's two answers (it lists no options).
YES_NO_CODES = ("yes", "no")
_CODE = re.compile(r"[a-z0-9][a-z0-9_]*")


def answer_codes(row: Mapping[str, Any] | pd.Series) -> tuple[str, ...]:
    """The codes a question's answers are recorded with: its ``option_codes``, or yes/no."""
    if row["answer_type"] == "yes_no" and not row["option_code_list"]:
        return YES_NO_CODES
    return tuple(row["option_code_list"])


def _validate_answer_design(c: Catalog, problems: list[str]) -> None:
    """Option codes (one per option, unique, snake_case), exclusive and other-specify options
    that name codes, randomise only on choice lists (the options it keeps in place close the
    list), and skip conditions that name the question's
    screener and answer codes of it. Problems name the row (as in a spreadsheet), the column, the
    value found and what is accepted."""
    q = c.questions
    screeners: dict[str, set[str]] = {}
    for qid, follows in zip(q.index, q["follows"], strict=True):
        if str(follows).strip():
            screeners.setdefault(str(qid), set()).add(str(follows).strip())
    for qid, follows in zip(c.offers["question_id"], c.offers["follows"], strict=True):
        if str(follows).strip():
            screeners.setdefault(str(qid), set()).add(str(follows).strip())
    for line, (qid, row) in enumerate(q.iterrows(), start=2):

        def bad(column: str, value: object, accepted: str, line=line, qid=qid) -> None:
            problems.append(
                f"questions.csv row {line} ({qid}), column {column}: found {str(value)!r}; "
                f"accepted: {accepted}"
            )

        atype, codes = row["answer_type"], row["option_code_list"]
        n_en, n_he = len(row["options_en_list"]), len(row["options_he_list"])
        if atype in CHOICE_TYPES or codes or n_en or n_he:
            if len(codes) != n_en or len(codes) != n_he:
                bad(
                    "option_codes", row["option_codes"],
                    f"one code per option, '|'-separated ({n_en} in options_en, {n_he} in "
                    "options_he)",
                )  # fmt: skip
            wrong = [x for x in codes if not _CODE.fullmatch(x)]
            if wrong:
                bad(
                    "option_codes", "|".join(wrong),
                    "codes of lower-case letters, digits and _ (prefer_not_to_say)",
                )  # fmt: skip
            dupes = sorted({x for x in codes if codes.count(x) > 1})
            if dupes:
                bad("option_codes", "|".join(dupes), "codes used once in the question")
        known = answer_codes(row)
        exclusive = row["exclusive_list"]
        if exclusive and atype != "multi_choice":
            bad("exclusive_options", row["exclusive_options"], "empty: only a multi_choice "
                "question has options that exclude the others")  # fmt: skip
        elif [x for x in exclusive if x not in known]:
            bad(
                "exclusive_options", ";".join(x for x in exclusive if x not in known),
                f"codes of its option_codes ({'|'.join(known) or 'none'}), ';'-separated",
            )  # fmt: skip
        other = str(row["other_specify"]).strip()
        if other and other not in known:
            bad("other_specify", other, f"one code of option_codes ({'|'.join(known) or 'none'})")
        if row["randomise"] and atype not in ("single_choice", "multi_choice"):
            bad("randomise", "true", f"false for a {atype} question (only choice lists shuffle)")
        anchored = row["anchored_list"]
        if anchored and not row["randomise"]:
            bad("anchored_options", row["anchored_options"], "empty: options stay in place only "
                "in a list that shuffles (randomise true)")  # fmt: skip
        elif anchored and sorted(anchored) != sorted(codes[len(codes) - len(anchored) :]):
            closing = codes[len(codes) - len(anchored) :] if len(anchored) <= len(codes) else codes
            bad(
                "anchored_options", row["anchored_options"],
                f"the last {len(anchored)} code(s) of option_codes ({';'.join(closing)}): "
                "options that keep their place close the list",
            )  # fmt: skip
        elif anchored and len(codes) - len(anchored) < 2:
            bad("anchored_options", row["anchored_options"], "at least two options left to shuffle")
        skip = str(row["skip_if"]).strip()
        if not skip:
            continue
        target, sep, _ = skip.partition(":")
        allowed = screeners.get(str(qid), set())
        if not allowed:
            bad("skip_if", skip, "empty: a skip condition needs a screener in follows")
        elif not sep or not row["skip_if_codes"]:
            bad("skip_if", skip, "<screener id>:<code>;<code> (e.g. q_future_plans_01:no)")
        elif target not in allowed:
            bad("skip_if", skip, f"the question it follows ({', '.join(sorted(allowed))}) "
                "before the ':'")  # fmt: skip
        elif target in q.index:
            codes_of = answer_codes(cast(pd.Series, q.loc[target]))
            unknown = [x for x in row["skip_if_codes"] if x not in codes_of]
            if unknown:
                bad(
                    "skip_if", ";".join(unknown),
                    f"answer codes of {target} ({'|'.join(codes_of) or 'none'})",
                )  # fmt: skip


def _validate_industry_options(
    c: Catalog, row: dict[str, Any], where: str, problems: list[str]
) -> None:
    """An industry's own option labels name the question's own answers, one label per code in
    the same order: the words may differ ("branches" for a bank, "stores" for a retailer,
    knowledge-base review 21), the answers may not, or results could not be pooled."""
    en, he = _split(str(row["options_en"]), "|"), _split(str(row["options_he"]), "|")
    if not en and not he:
        return
    if bool(en) != bool(he):
        problems.append(
            f"{where}: write the industry's own options in both languages, or in neither"
        )
        return
    qid = str(row["question_id"])
    if qid not in c.questions.index:
        return
    # a scale's points or a question's listed options, where it has no codes of its own
    question = c.questions.loc[qid]
    codes = [str(x) for x in (question["option_code_list"] or question["options_en_list"])]
    if not (len(en) == len(he) == len(codes)):
        problems.append(
            f"{where}: the industry's own options give {len(en)} English and {len(he)} Hebrew "
            f"labels; the question has {len(codes)} answers ({'|'.join(codes)}): one label per "
            "answer, in the same order"
        )


def _validate_industry_sensitivity(
    c: Catalog, row: dict[str, Any], where: str, problems: list[str]
) -> None:
    """An industry may grade a question above its own grade, never below: the same answer can
    reveal more where that industry asks it (knowledge-base review 21: products held elsewhere
    are financial activity when a bank asks). Special names its category and comes with the
    industry's own notice, since the question's notice was written for a lower grade."""
    level, categories = str(row["sensitivity"]).strip(), _split(row["sensitivity_category"])
    if not level and not categories:
        return
    qid = str(row["question_id"])
    if level not in SENSITIVITIES:
        problems.append(f"{where}: sensitivity {level!r}; accepted: {', '.join(SENSITIVITIES)}")
        return
    if qid in c.questions.index:
        own = str(c.questions.at[qid, "sensitivity"])
        if own in SENSITIVITIES and SENSITIVITIES.index(level) < SENSITIVITIES.index(own):
            problems.append(
                f"{where}: sensitivity {level} is below the question's own ({own}); an industry "
                "may only grade a question higher"
            )
    unknown = [x for x in categories if x not in c.sensitivity.index]
    if unknown:
        problems.append(
            f"{where}: sensitivity_category {';'.join(unknown)}; accepted: "
            f"{', '.join(map(str, c.sensitivity.index))}"
        )
    if level == "special" and not categories:
        problems.append(f"{where}: special sensitivity names its category (sensitivity.csv)")
    if level == "special" and not str(row["purpose_en"]).strip():
        problems.append(
            f"{where}: graded special for this industry: write its own purpose notice (the "
            "question's was written for a lower grade)"
        )


def _validate_offers(c: Catalog, problems: list[str]) -> None:
    """An offer names a question of the bank, one industry, an incentive and known channels; it
    may give the industry its own question text (a bank's customers are asked about "our nearest
    branch", not "our nearest branch or store": knowledge-base review 15)."""
    records = cast(list[dict[str, Any]], c.offers.to_dict("records"))
    seen: set[tuple[str, str]] = set()
    for row in records:
        qid, industry = str(row["question_id"]), str(row["industry"])
        where = f"offers.csv: {qid} / {industry}"
        if (qid, industry) in seen:
            problems.append(f"{where}: listed twice")
        seen.add((qid, industry))
        if qid not in c.questions.index:
            problems.append(f"{where}: no such question in questions.csv")
            continue
        if industry not in {*INDUSTRIES, "generic"}:
            problems.append(f"{where}: industry must be one of {', '.join(INDUSTRIES)}, generic")
        if row["incentive_type"] and row["incentive_type"] not in INCENTIVE_TYPES:
            problems.append(f"{where}: incentive_type must be one of {', '.join(INCENTIVE_TYPES)}")
        if bool(str(row["value_exchange_en"]).strip()) != bool(
            str(row["value_exchange_he"]).strip()
        ):
            problems.append(f"{where}: write the offer in both languages, or in neither")
        if bool(str(row["text_en"]).strip()) != bool(str(row["text_he"]).strip()):
            problems.append(
                f"{where}: write the industry's own question text in both languages, or in "
                "neither (the question's own text applies)"
            )
        _validate_industry_options(c, row, where, problems)
        _validate_industry_sensitivity(c, row, where, problems)
        unknown = [x for x in row["channel_list"] if x not in c.channels.index]
        if unknown:
            problems.append(f"{where}: unknown channel(s) {', '.join(unknown)}")
        if row["follows"] and row["follows"] not in c.questions.index:
            problems.append(f"{where}: follows {row['follows']!r}, no question of the bank")
        if str(row["observable"]).strip() not in ("", "true", "false"):
            problems.append(f"{where}: observable must be true, false or empty")
        commitment = str(row.get("commitment", "")).strip()
        if str(row["value_exchange_en"]).strip() and commitment not in ("true", "false"):
            problems.append(
                f"{where}: commitment must be true or false where the row writes an offer (true "
                "when it is a promise the client must staff or fund), found "
                f"{row.get('commitment', '')!r}"
            )
        elif not str(row["value_exchange_en"]).strip() and commitment:
            problems.append(
                f"{where}: commitment must be empty where the row writes no offer (the question's "
                f"own offer and commitment apply), found {commitment!r}"
            )
        if str(row["audience"]).strip():
            try:
                share = float(row["audience"])
            except ValueError:
                share = -1.0
            if not 0 < share <= 1:
                problems.append(f"{where}: audience must be a share above 0, up to 1")


def _script_keys(
    frame: pd.DataFrame, questions: pd.DataFrame, problems: list[str]
) -> Mapping[str, Mapping[str, str]]:
    """``script_keys.csv``: the keys a question's wording names, every option given one key (a
    digit), no key twice."""
    out: dict[str, dict[str, str]] = {}
    codes_of: dict[str, list[str]] = {
        str(q): [str(c) for c in codes]
        for q, codes in zip(questions.index, questions["option_code_list"], strict=True)
    }
    for i, row in enumerate(frame.to_dict("records"), start=2):
        qid, code, key = (str(row[c]).strip() for c in ("question_id", "option_code", "key"))
        where = f"script_keys.csv row {i} ({qid}, {code})"
        if qid not in questions.index:
            problems.append(f"{where}: question {qid!r} is not in questions.csv")
            continue
        if code not in codes_of[qid]:
            problems.append(f"{where}: {code!r} is not one of the question's option_codes")
        if not re.fullmatch(r"[0-9]", key):
            problems.append(f"{where}: key {key!r} must be one digit, 0 to 9")
        if key in out.get(qid, {}).values():
            problems.append(f"{where}: key {key} is given to two options")
        out.setdefault(qid, {})[code] = key
    for qid, keys in out.items():
        missing = [c for c in codes_of[qid] if c not in keys]
        if missing:
            problems.append(f"script_keys.csv: {qid} gives no key to {', '.join(missing)}; give "
                            "every option of the question its key")  # fmt: skip
    return MappingProxyType({q: MappingProxyType(k) for q, k in out.items()})


def _option_code_renames(
    frame: pd.DataFrame, questions: pd.DataFrame
) -> Mapping[str, Mapping[str, str]]:
    """``option_code_renames.csv`` resolved to each old code's code today (a code renamed twice
    reads as its last name). A rename whose code this bank does not have (a firm's own bank from
    before it) is left out: answers are read by the codes the bank has."""
    codes_of = {str(q): set(map(str, c)) for q, c in questions["option_code_list"].items()}
    step: dict[str, dict[str, str]] = {}
    for row in frame.to_dict("records"):
        step.setdefault(str(row["question_id"]), {})[str(row["old_code"])] = str(row["new_code"])
    out: dict[str, dict[str, str]] = {}
    for qid, names in step.items():
        for old in names:
            new, seen = names[old], {old}
            while new in names and new not in seen:  # renamed again later
                seen.add(new)
                new = names[new]
            if new in codes_of.get(qid, set()) and old not in codes_of.get(qid, set()):
                out.setdefault(qid, {})[old] = new
    return MappingProxyType({q: MappingProxyType(v) for q, v in out.items()})


def _script_spoken(
    frame: pd.DataFrame, questions: pd.DataFrame, problems: list[str]
) -> Mapping[str, Mapping[str, Mapping[str, str]]]:
    """``script_spoken.csv``: a spoken form of every option of a question, in both languages."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    codes_of = {
        str(q): [str(c) for c in codes]
        for q, codes in zip(questions.index, questions["option_code_list"], strict=True)
    }
    for i, row in enumerate(frame.to_dict("records"), start=2):
        qid, code = str(row["question_id"]).strip(), str(row["option_code"]).strip()
        where = f"script_spoken.csv row {i} ({qid}, {code})"
        if qid not in codes_of:
            problems.append(f"{where}: question {qid!r} is not in questions.csv")
            continue
        if code not in codes_of[qid]:
            problems.append(f"{where}: {code!r} is not one of the question's option_codes")
        said = {lang: str(row[f"spoken_{lang}"]).strip() for lang in LANGUAGES}
        missing = [lang for lang, text in said.items() if not text]
        if missing:
            problems.append(f"{where}: write the spoken form in {', '.join(missing)} too")
        out.setdefault(qid, {})[code] = said
    for qid, spoken in out.items():
        missing = [c for c in codes_of[qid] if c not in spoken]
        if missing:
            problems.append(
                f"script_spoken.csv: {qid} has no spoken form for {', '.join(missing)}; give "
                "every option of the question one"
            )
    return MappingProxyType({q: MappingProxyType(v) for q, v in out.items()})


def _eligibility(
    frame: pd.DataFrame, questions: pd.DataFrame, problems: list[str]
) -> Mapping[str, Mapping[str, str]]:
    """``eligibility.csv``: a question's rule of who is asked, once, in both languages; a row
    with both rules empty says the question was reviewed and is asked of everyone who hears it."""
    out: dict[str, dict[str, str]] = {}
    for i, row in enumerate(frame.to_dict("records"), start=2):
        qid = str(row["question_id"]).strip()
        where = f"eligibility.csv row {i} ({qid})"
        if qid not in questions.index:
            problems.append(f"{where}: question {qid!r} is not in questions.csv")
            continue
        if qid in out:
            problems.append(f"{where}: {qid} has a rule already; keep one row per question")
            continue
        rule = {lang: str(row[f"rule_{lang}"]).strip() for lang in LANGUAGES}
        missing = [lang for lang, text in rule.items() if not text]
        if missing and len(missing) < len(LANGUAGES):  # both empty: asked of all who hear it
            problems.append(f"{where}: write the rule in {', '.join(missing)} too")
        out[qid] = rule
    return MappingProxyType({q: MappingProxyType(v) for q, v in out.items()})


#: Further languages a question may be worded in (``translations.csv``), beyond English and
#: Hebrew: Arabic and Russian, the languages of Israel's largest groups of members who do not
#: read Hebrew best, and Amharic.
FURTHER_LANGUAGES = {"ar": "Arabic", "ru": "Russian", "am": "Amharic"}


@dataclass(frozen=True)
class Translation:
    """A question's wording in a further language (``translations.csv``): its text and its
    options, in the order of the question's option codes."""

    text: str
    options: tuple[str, ...]


def _translations(
    frame: pd.DataFrame, questions: pd.DataFrame, problems: list[str]
) -> Mapping[str, Mapping[str, Translation]]:
    """``translations.csv``: one wording per question and further language, with as many options
    as the question has (separated by ``|``, in its codes' order)."""
    out: dict[str, dict[str, Translation]] = {}
    for i, row in enumerate(frame.to_dict("records"), start=2):
        qid, lang = str(row["question_id"]).strip(), str(row["language"]).strip()
        where = f"translations.csv row {i} ({qid} / {lang})"
        if qid not in questions.index:
            problems.append(f"{where}: question {qid!r} is not in questions.csv")
            continue
        if lang not in FURTHER_LANGUAGES:
            problems.append(
                f"{where}: language must be one of {', '.join(FURTHER_LANGUAGES)} (English and "
                "Hebrew are in questions.csv)"
            )
            continue
        if lang in out.get(qid, {}):
            problems.append(f"{where}: a wording in this language exists already")
            continue
        text = str(row["text"] or "").strip()
        options = tuple(o.strip() for o in str(row["options"] or "").split("|") if o.strip())
        listed = questions.at[qid, "options_en_list"]
        wanted = len(listed) if isinstance(listed, tuple | list) else 0
        if not text:
            problems.append(f"{where}: write the question's text")
            continue
        if len(options) != wanted:
            problems.append(
                f"{where}: {len(options)} options, the question has {wanted}; write them in the "
                "order of its option_codes, separated by |"
            )
            continue
        out.setdefault(qid, {})[lang] = Translation(text, options)
    return MappingProxyType({q: MappingProxyType(v) for q, v in out.items()})


def _contact_requests(
    frame: pd.DataFrame, questions: pd.DataFrame, problems: list[str]
) -> Mapping[tuple[str, str], ContactRequest]:
    """``contact_requests.csv``: one contact request per question and industry, in both
    languages, after answers the question has."""
    out: dict[tuple[str, str], ContactRequest] = {}
    for i, row in enumerate(frame.to_dict("records"), start=2):
        qid, industry = str(row["question_id"]).strip(), str(row["industry"]).strip()
        where = f"contact_requests.csv row {i} ({qid} / {industry})"
        if qid not in questions.index:
            problems.append(f"{where}: question {qid!r} is not in questions.csv")
            continue
        if industry not in {*INDUSTRIES, "generic", "all"}:
            problems.append(
                f"{where}: industry must be 'all' (every industry the question is asked in), "
                f"generic or one of {', '.join(INDUSTRIES)}"
            )
            continue
        if (qid, industry) in out:
            problems.append(f"{where}: a request for this question and industry exists already")
            continue
        texts = {k: {lang: str(row[f"{k}_{lang}"]).strip() for lang in LANGUAGES}
                 for k in ("ask", "yes")}  # fmt: skip
        empty = [f"{k}_{lang}" for k, by in texts.items() for lang, t in by.items() if not t]
        if empty:
            problems.append(f"{where}: write {', '.join(empty)}")
            continue
        q = questions.loc[qid]
        codes = list(q["option_code_list"]) or (
            list(YES_NO_CODES) if q["answer_type"] == "yes_no" else []
        )
        answers = tuple(_split(row["answers"]))
        unknown = [a for a in answers if a not in codes]
        if unknown:
            problems.append(
                f"{where}: answers {', '.join(unknown)} are not codes of the question "
                f"({', '.join(codes) or 'it has none'})"
            )
            continue
        out[(qid, industry)] = ContactRequest(
            qid, industry, answers, MappingProxyType(texts["ask"]), MappingProxyType(texts["yes"])
        )
    return MappingProxyType(out)


def _validate_moments(c: Catalog, problems: list[str]) -> None:
    """A moment names its industries, use cases and channels by their ids, the terms that find
    its signal in an inventory, and says itself in both languages."""
    m = c.moments
    if m.empty:
        return
    _check_ids("moments.csv", m.index, (), problems)
    _check_translations("moments.csv", m, ("label_en", "label_he", "signal_en", "signal_he"),
                        problems)  # fmt: skip
    for mid, row in m.iterrows():
        where = f"moments.csv: {mid}"
        for kind, known, values in (
            ("industry", {*INDUSTRIES, "generic"}, row["industries_list"]),
            ("use case", set(c.use_cases.index), row["use_cases_list"]),
            ("channel", set(c.channels.index), row["channels_list"]),
        ):
            unknown = [v for v in values if v not in known]
            if unknown or not values:
                problems.append(f"{where}: {kind} {', '.join(unknown) or '(none)'} is not known")
        if not row["signal_terms_list"]:
            problems.append(f"{where}: signal_terms is empty: name the words an inventory "
                            "attribute holding the signal contains")  # fmt: skip
        for qid in row["sends_list"]:
            if qid not in row["questions_list"]:
                problems.append(f"{where}: sends {qid}, not among its questions")
            elif row["recurring"]:
                problems.append(f"{where}: sends {qid}: a recurring moment sends all its questions")
        for qid in row["questions_list"]:
            if qid not in c.questions.index:
                problems.append(f"{where}: question {qid} is not in questions.csv")
                continue
            fits = {t.strip() for t in str(c.questions.at[qid, "industries"]).split(";")}
            if not fits & {*row["industries_list"], "all"}:
                problems.append(f"{where}: question {qid} is not tagged for "
                                f"{', '.join(row['industries_list'])}")  # fmt: skip


def _validate_use_cases(c: Catalog, problems: list[str]) -> None:
    """Every id a use case names exists; strengths in [0, 1]; both languages written."""
    u = c.use_cases
    if u.empty:
        return
    _check_ids("use_cases.csv", u.index, (), problems)
    _check_translations(
        "use_cases.csv", u, ("label_en", "label_he", "purpose_en", "purpose_he"), problems
    )
    industries = {*INDUSTRIES, "generic"}
    for uid, row in u.iterrows():
        where = f"use_cases.csv: {uid}"
        for tag in row["industries_list"]:
            if tag not in industries:
                problems.append(f"{where}: industry {tag!r} is not one of {sorted(industries)}")
        for ids, known, what in (
            (row["goal_strengths"], c.goals.index, "goal"),
            (row["need_weights"], c.topics.index, "topic"),
            (row["channels_fit_list"] + row["channels_avoid_list"], c.channels.index, "channel"),
        ):
            unknown = [i for i in ids if i not in known]
            if unknown:
                problems.append(f"{where}: unknown {what} id(s) {', '.join(unknown)}")
        for strengths in (row["goal_strengths"], row["need_weights"]):
            if any(not 0 <= v <= 1 for v in strengths.values()):
                problems.append(f"{where}: strengths must be between 0 and 1")
        if not row["value"] > 0:
            problems.append(f"{where}: value must be a positive number")


_CLAUSE = re.compile(r"^\(\d{1,2}\)$")
_GDPR = re.compile(r"^Art\. \d+(\(\d+\))?(; Art\. \d+(\(\d+\))?)*$")


def _validate_sensitivity(c: Catalog, problems: list[str]) -> None:
    """Every category cites a clause, is written in both languages and has detection terms; its
    channels exist; a topic's ``sensitivity_category`` names a category and agrees with its
    ``special_category``. Problems name the row (as in a spreadsheet), the column, the value found
    and what is accepted."""
    s = c.sensitivity
    if s.empty:
        problems.append("sensitivity.csv: no categories; restore the file shipped with the package")
        return
    channels = set(c.channels.index)
    accepted_channels = f"channel ids of channels.csv or {PUBLIC_SCREEN}"
    seen: set[str] = set()
    owner: dict[str, str] = {}
    records = cast(list[dict[str, Any]], s.to_dict("records"))
    for line, row in enumerate(records, start=2):
        cid = str(row["category_id"])

        def bad(column: str, value: object, accepted: str, line=line, cid=cid) -> None:
            problems.append(
                f"sensitivity.csv row {line} ({cid or 'no id'}), column {column}: "
                f"found {str(value)!r}; accepted: {accepted}"
            )

        if not re.fullmatch(r"[a-z][a-z0-9_]*", cid):
            bad("category_id", cid, "lower-case letters, digits and _ (religion_belief)")
        elif cid in seen:
            bad("category_id", cid, "an id not used by an earlier row")
        seen.add(cid)
        for column in ("label_en", "label_he", "examples_en", "examples_he"):
            if not str(row[column]).strip():
                bad(column, row[column], "a text in that language")
        clause, article = str(row["israel_clause"]), str(row["gdpr_article"])
        if clause and not _CLAUSE.match(clause):
            bad("israel_clause", clause, "a paragraph of the definition in s. 7, e.g. (7)")
        if article and not _GDPR.match(article):
            bad("gdpr_article", article, "articles like 'Art. 9(1)' or 'Art. 9(1); Art. 4(15)'")
        if not clause and not article:
            bad("israel_clause", clause, "the s. 7 paragraph, or a GDPR article in gdpr_article")
        if row["clause_status"] not in CLAUSE_STATUSES:
            bad("clause_status", row["clause_status"], " or ".join(CLAUSE_STATUSES))
        if not str(row["clause_source"]).strip():
            bad("clause_source", row["clause_source"], "where the clause was checked")
        if not row["term_list"]:
            bad(
                "terms",
                row["terms"],
                "attribute-name keywords separated by ';' "
                "('!phrase': words never special, e.g. '!loyalty card')",
            )
        for term in row["term_list"]:
            key = term.lower()
            if key in owner and owner[key] != cid:
                bad("terms", term, f"a term no other category uses (also in {owner[key]})")
            owner.setdefault(key, cid)
        unknown = [x for x in row["channel_list"] if x not in channels and x != PUBLIC_SCREEN]
        if unknown:
            bad("channels_not_allowed", ";".join(unknown), accepted_channels)

    missing = [k for k in SENSITIVITY_MESSAGES if k not in c.messages.index]
    if missing:
        problems.append(
            f"messages.csv: missing kind(s) {', '.join(missing)}; copy them from the messages.csv "
            "shipped with the package"
        )
    categories = ", ".join(map(str, s.index))
    for tid, topic in c.topics.iterrows():
        category = str(topic.get("sensitivity_category") or "")
        if category and category not in s.index:
            problems.append(
                f"topics.csv: {tid}, column sensitivity_category: found {category!r}; "
                f"accepted: a category_id of sensitivity.csv ({categories}) or empty"
            )
        if bool(topic["special_category"]) != bool(category):
            flag = str(bool(topic["special_category"])).lower()
            problems.append(
                f"topics.csv: {tid}: special_category is {flag}"
                f" but sensitivity_category is {category or 'empty'}; a special topic names its "
                "category of sensitivity.csv, an ordinary one leaves it empty"
            )
    _validate_question_sensitivity(c, problems)


def _validate_question_sensitivity(c: Catalog, problems: list[str]) -> None:
    """A question's ``sensitivity_category`` lists categories of sensitivity.csv (``;``, the main
    one first), and only a special question names any; its ``sensitivity_exception`` names a row
    of sensitivity_exceptions.csv whose categories, channels and levels exist (knowledge-base
    review 12: an item reveals several categories; a health fund's care message by SMS)."""
    known = set(c.sensitivity.index)
    accepted = f"category ids of sensitivity.csv separated by ';' ({', '.join(sorted(known))})"
    exceptions = c.sensitivity_exceptions
    for line, (eid, row) in enumerate(exceptions.iterrows(), start=2):
        where = f"sensitivity_exceptions.csv row {line} ({eid})"
        for column, values, allowed in (
            ("categories", row["category_list"], known),
            ("industries", row["industry_list"], set(INDUSTRIES)),
            ("levels", row["level_list"], set(SENSITIVITIES)),
            ("channels_allowed", row["channel_list"], set(c.channels.index)),
        ):
            wrong = [v for v in values if v not in allowed]
            if wrong or not values:
                problems.append(
                    f"{where}, column {column}: found {';'.join(wrong) or 'nothing'}; accepted: "
                    f"one or more of {', '.join(sorted(allowed))} separated by ';'"
                )
        for column in ("sentence_en", "sentence_he", "conditions_en", "conditions_he",
                       "basis_en", "basis_he", "source"):  # fmt: skip
            if not str(row[column]).strip():
                problems.append(f"{where}, column {column}: empty; write it")
        if row["clause_status"] not in CLAUSE_STATUSES:
            problems.append(
                f"{where}, column clause_status: found {row['clause_status']!r}; accepted: "
                f"{' or '.join(CLAUSE_STATUSES)}"
            )
    for qid, row in c.questions.iterrows():
        where = f"questions.csv: {qid}"
        cats = _split(row["sensitivity_category"])
        wrong = [x for x in cats if x not in known]
        if wrong:
            problems.append(
                f"{where}, column sensitivity_category: found {';'.join(wrong)!r}; accepted: "
                f"{accepted}"
            )
        if len(set(cats)) < len(cats):
            problems.append(f"{where}, column sensitivity_category: a category listed twice")
        if cats and row["sensitivity"] != "special":
            problems.append(
                f"{where}: names sensitivity_category {row['sensitivity_category']!r} but is "
                f"{row['sensitivity']}; only a special question names categories (raise it to "
                "special, or name a sensitivity_exception that documents why it is not)"
            )
        exception = str(row["sensitivity_exception"] or "").strip()
        if exception and exception not in exceptions.index:
            problems.append(
                f"{where}, column sensitivity_exception: found {exception!r}; accepted: an "
                f"exception_id of sensitivity_exceptions.csv ({', '.join(exceptions.index)}) "
                "or empty"
            )
