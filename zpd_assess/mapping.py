"""Map inventory attributes to customer topics from their names and descriptions.

Clients rarely fill the topic column. The mapper reads what they did write — a system column name
(``cust_marital_stat``, ``LstLoginDt``, ``מצב_משפחתי``) and perhaps a description — and suggests a
topic with a confidence and the next best alternatives.

The model is trained on the topics catalog only (labels, descriptions and synonyms in both
languages): names are split into words, structural noise (``_flg``, ``_cnt``, ``cust_``) dropped,
abbreviations expanded from ``abbreviations.csv``, and turned into TF-IDF vectors of character
n-grams (robust to prefixes, Hebrew inflection and spelling) and of words. A multinomial logistic
regression learns which n-grams tell topics apart; a description, when given, is read the same
way and its evidence multiplied in (at a lower weight: the name is what the system calls it).
The catalog phrase nearest to the attribute is kept so that the suggestion can be explained
("matched the synonym 'marital status'"). Whether a suggestion is trusted is its own estimate: the
chance it is right, from the evidence behind it (how sure and how far ahead the topic is, whether
the name and the description each point to it, whether the name holds words the mapper knows), by
a small logistic model fitted on leave-one-source-style-out predictions of the examples
(``mapping_trust.csv``, refitted by ``tools/fit_mapping_trust.py``). Below
``mapping.trust_threshold`` the suggestion is flagged for review, never trusted silently.

Sensitivity is decided apart from the topic: an attribute whose name (or sample values) holds a
term of ``sensitivity.csv`` — ``religion``, ``מגזר``, ``shomer_shabbat``,
``monthly_salary`` — or that lands on a special topic is information of special sensitivity
(Privacy Protection Law s. 7 as amended by Amendment 13; GDPR Art. 9) and is flagged for the
consultant's review however confident the topic is (:class:`SensitivityTerms`).
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion

from .catalog import Catalog, CatalogError
from .text import expand_abbreviations, fold_hebrew_finals, split_identifier

#: Hebrew one-letter prefixes (the, and, in, to, from, that, as) a term may carry: «המגזר».
HEBREW_PREFIXES = frozenset("הובלמשכ")
#: Columns :func:`apply_mapping` adds for special sensitivity (intake adds the first three).
SENSITIVITY_COLUMNS = (
    "sensitivity_category", "sensitivity_clause", "sensitivity_matched", "special_review",
)  # fmt: skip

#: Inverse regularisation of the logistic regression.
REGULARISATION_C = 20.0
#: The solver's stopping tolerance: 0.05 fits the 4,280 examples in 1.2 s instead of 0.01's
#: 3.5 s, with the same accuracy on leave-one-source-style-out predictions and the held-out sets
#: (0.01, 0.03, 0.05 and 0.1 compared on 2026-12-02).
SOLVER_TOLERANCE = 0.05
#: Object prefixes of CRM and analytics exports (``Contact.MailingCity``, ``traits.email``):
#: they name the record, not the attribute, and are dropped before a name is read.
VENDOR_OBJECTS = frozenset({
    "contact", "account", "lead", "opportunity", "case", "asset", "campaignmember", "user",
    "person", "properties", "traits", "context", "customer", "default_address", "dim", "fact",
})  # fmt: skip
#: A survey codebook's column (``Q13``, ``x17``, ``V2a``, ``Q4_1``): read by its description.
CODED_NAME = re.compile(r"^[A-Za-z]{0,2}[_.-]?\d+[A-Za-z]?([_.-]\d+[A-Za-z]?)*$")
#: A number in a placeholder name, with a letter around it (``07``, ``q15``, ``top3``'s ``3``).
PLACEHOLDER_NUMBER = re.compile(r"[a-z]?\d+[a-z]?")
_VENDOR_SUFFIX = re.compile(r"__(c|pc|r|x)$", re.IGNORECASE)
#: Prefixes of custom fields and properties: HubSpot ``hs_``, ``c_``, Dynamics ``msdyn_``.
_VENDOR_PREFIX = re.compile(r"^(hs|c|msdyn|cr[0-9a-z]{3})_(?=[^_])", re.IGNORECASE)


def strip_vendor_affixes(name: str) -> str:
    """``Contact.MailingCity`` -> ``MailingCity``; ``Club.Member__c`` -> ``Club.Member``;
    ``hs_email_optout`` -> ``email_optout``. Prefixes of unknown objects are kept (``Club``)."""
    parts = name.strip().split(".")
    while len(parts) > 1 and parts[0].strip().lower() in VENDOR_OBJECTS:
        parts = parts[1:]
    parts = [_VENDOR_PREFIX.sub("", _VENDOR_SUFFIX.sub("", p.strip())) for p in parts]
    return " ".join(p for p in parts if p) or name


def read_name(text: str, abbreviations: dict[str, str], noise: frozenset[str] | set[str]) -> str:
    """A name or description as the mapper reads it: vendor affixes stripped, identifiers split,
    structural noise dropped, abbreviations expanded, final letters folded (``Pain_Points__c`` and
    ``pain points`` read the same)."""
    words = split_identifier(strip_vendor_affixes(str(text)))
    kept = [w for w in words if w not in noise and not w.isdigit()]
    words = expand_abbreviations(kept or words, abbreviations)
    return fold_hebrew_finals(" ".join(words))


@dataclass(frozen=True)
class TopicSuggestion:
    """The mapper's answer for one attribute."""

    topic_id: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...]
    matched: str
    needs_review: bool
    #: why it needs review: ``low_confidence``, ``close_call`` (the runner-up is near) or
    #: ``name_vs_description`` (the name and the description point to different topics)
    review_reason: str = ""
    #: the estimated chance that ``topic_id`` is right (:data:`TRUST_FEATURES`); below
    #: ``mapping.trust_threshold`` the suggestion needs review
    trust: float = 1.0


@dataclass(frozen=True)
class SensitivityFlag:
    """Why an attribute is information of special sensitivity."""

    category_id: str
    #: the paragraph of the definition in s. 7 (e.g. ``(7)``), empty for a GDPR-only category
    clause: str
    #: the term of sensitivity.csv found (``shabbat``), or ``topic:<id>`` for a special topic
    matched: str


class SensitivityTerms:
    """The detection terms of ``sensitivity.csv``, matched word by word (not inside words:
    ``race`` is not in ``trace``), after the same splitting the mapper uses (``shomer_shabbat``,
    ``KashrutPref``, ``מגזר_לקוח``) and with abbreviations of the attribute names expanded."""

    def __init__(self, catalog: Catalog):
        self.abbreviations = dict(catalog.abbreviations)
        self._clause = {str(k): str(r["israel_clause"]) for k, r in catalog.sensitivity.iterrows()}
        terms: list[tuple[tuple[str, ...], str, str]] = []
        never: set[tuple[str, ...]] = set()
        for category, row in catalog.sensitivity.iterrows():
            for term in row["term_list"]:
                # "!loyalty card": a phrase whose words never make a term ("card txn" is payment
                # activity, "loyalty card txn" is not)
                words = tuple(self._words(term.lstrip("!")))
                if words and term.startswith("!"):
                    never.add(words)
                elif words:
                    terms.append((words, str(category), term))
        self._never = sorted(never, key=len, reverse=True)
        # longest first: "country of birth" (origin) before a shorter term inside it
        self._terms = sorted(terms, key=lambda t: -len(t[0]))

    @staticmethod
    def _words(text: str) -> list[str]:
        # "has housing loan?": a question mark or a percent sign is no part of a word here
        words = split_identifier(str(text).replace("?", " ").replace("%", " "))
        return fold_hebrew_finals(" ".join(words)).split()

    @staticmethod
    def _same(word: str, term_word: str) -> bool:
        return word == term_word or (
            len(word) > 2 and word[0] in HEBREW_PREFIXES and word[1:] == term_word
        )

    def find(self, name: str, *more: str) -> SensitivityFlag | None:
        """The first term found in the attribute name, else in the other texts (description,
        sample values), or None."""
        for i, text in enumerate((name, *more)):
            words = self._words(str(text or ""))
            readings = [words]
            if i == 0:  # a name's abbreviations: as written, and each replaced by its expansion
                expanded = [e for w in words for e in self.abbreviations.get(w, w).split()]
                readings.append(fold_hebrew_finals(" ".join(expanded)).split())
                both = expand_abbreviations(words, self.abbreviations)  # original and expansion
                readings.append(fold_hebrew_finals(" ".join(both)).split())
            readings = [self._without_never(r) for r in readings]
            for term_words, category, term in self._terms:
                n = len(term_words)
                for reading in readings:
                    for start in range(len(reading) - n + 1):
                        window = reading[start : start + n]
                        if all(self._same(w, t) for w, t in zip(window, term_words, strict=True)):
                            return SensitivityFlag(category, self._clause[category], term)
        return None

    def _without_never(self, words: list[str]) -> list[str]:
        """``words`` with every "never" phrase blanked out, so no term can use its words."""
        out = list(words)
        for phrase in self._never:
            n = len(phrase)
            for start in range(len(out) - n + 1):
                window = out[start : start + n]
                if all(self._same(w, t) for w, t in zip(window, phrase, strict=True)):
                    out[start : start + n] = [""] * n
        return out

    def for_topic(self, catalog: Catalog, topics: Sequence[str]) -> SensitivityFlag | None:
        """The flag of the first special topic among ``topics`` (e.g. health_wellbeing)."""
        for topic in topics:
            rec = catalog.topic_records.get(topic)
            category = str((rec or {}).get("sensitivity_category") or "")
            if category:
                return SensitivityFlag(category, self._clause.get(category, ""), f"topic:{topic}")
        return None


#: What the trust model reads of a suggestion, in the order of its coefficients
#: (``mapping_trust.csv``; ``intercept`` is its own row).
TRUST_FEATURES = (
    "log_confidence",  # the log of the topic's calibrated probability
    "margin",  # its lead over the runner-up
    "has_description",
    "silent_name",  # a coded or placeholder name, read by its description
    "name_agrees",  # the name alone points to the same topic
    "description_agrees",  # the description alone points to the same topic
    "known_words",  # words of the name the mapper has seen, at most 5
)
#: ``known_words`` is counted up to this: more words than that say no more.
KNOWN_WORDS_CAP = 5


def is_placeholder_name(name: str, placeholders: frozenset[str] | set[str]) -> bool:
    """A name made only of words that name a slot, not its content (``UDF_07``, ``ATTR_12``,
    ``CUSTOM_FIELD_4``, ``Q15_top3``: ``placeholder_words.csv``), numbers and single letters."""
    words = split_identifier(strip_vendor_affixes(str(name)))
    return bool(words) and all(
        w in placeholders or len(w) <= 1 or PLACEHOLDER_NUMBER.fullmatch(w) for w in words
    )


@dataclass(frozen=True)
class MappingEvidence:
    """What :meth:`TopicMapper.evidence` read of each attribute (rows of every array)."""

    #: calibrated topic probabilities (columns: :attr:`TopicMapper.topic_ids`)
    posterior: np.ndarray
    #: the vectors that explain a suggestion (the name's, or the description's for a silent name)
    vectors: object
    silent: np.ndarray
    has_description: np.ndarray
    #: the best topic of the name alone and of the description alone (-1: none to read)
    name_top: np.ndarray
    description_top: np.ndarray
    #: words of the name (as read) the mapper has seen
    known_words: np.ndarray


def trust_features(evidence: MappingEvidence) -> np.ndarray:
    """The :data:`TRUST_FEATURES` of each suggestion (the top topic of ``evidence``)."""
    post = evidence.posterior
    rows = np.arange(len(post))
    order = np.argsort(-post, axis=1)
    top = order[:, 0]
    confidence = post[rows, top]
    runner_up = post[rows, order[:, 1]] if post.shape[1] > 1 else np.zeros(len(post))
    return np.column_stack([
        np.log(np.clip(confidence, 1e-12, 1)),
        confidence - runner_up,
        evidence.has_description,
        evidence.silent,
        evidence.name_top == top,
        evidence.description_top == top,
        np.minimum(evidence.known_words, KNOWN_WORDS_CAP),
    ]).astype(float)  # fmt: skip


def trust_model(table: pd.DataFrame) -> tuple[float, np.ndarray]:
    """(intercept, coefficients in :data:`TRUST_FEATURES` order) from ``mapping_trust.csv``."""
    coefficients = dict(zip(table["feature"], table["coefficient"], strict=True))
    expected = {"intercept", *TRUST_FEATURES}
    if set(coefficients) != expected:
        raise CatalogError([
            "mapping_trust.csv: the features must be exactly "
            f"{', '.join(sorted(expected))}; found {', '.join(sorted(coefficients))} "
            "(refit with tools/fit_mapping_trust.py)"
        ])  # fmt: skip
    weights = np.array([float(coefficients[f]) for f in TRUST_FEATURES])
    return float(coefficients["intercept"]), weights


def trust_fit_digest(catalog: Catalog) -> str:
    """A digest of everything the trust model's fit reads (examples, topics, the words that
    shape a reading, the mapper's parameters): ``mapping_trust.csv`` records the digest it was
    fitted on, so a change to any of them asks for a refit."""
    digest = hashlib.sha256()
    examples = catalog.mapping_examples[["attribute", "description", "topic", "source_style"]]
    digest.update(examples.to_csv(index=False).encode("utf-8"))
    topics = catalog.topics[["label_en", "label_he", "description_en", "description_he"]]
    digest.update(topics.to_csv().encode("utf-8"))
    digest.update(repr(sorted(catalog.topics["synonym_list"].map(tuple).items())).encode("utf-8"))
    digest.update(repr(sorted(catalog.abbreviations.items())).encode("utf-8"))
    digest.update(repr(sorted(catalog.noise_words)).encode("utf-8"))
    digest.update(repr(sorted(catalog.placeholder_words)).encode("utf-8"))
    params = catalog.assumptions
    for name in ("mapping.temperature", "mapping.description_weight"):
        digest.update(f"{name}={params.number(name)!r}".encode())
    return digest.hexdigest()[:16]


class TopicMapper:
    """A TF-IDF + logistic-regression model over the topics catalog and the mapping examples.

    Build once per catalog. ``examples`` (attribute, description, topic) replaces the catalog's
    ``mapping_examples.csv`` — cross-validation builds mappers without the part it tests on.
    """

    def __init__(self, catalog: Catalog, examples: pd.DataFrame | None = None):
        self.catalog = catalog
        self.abbreviations = dict(catalog.abbreviations)
        self.noise = catalog.noise_words
        params = catalog.assumptions
        self.placeholders = catalog.placeholder_words
        self.low_confidence = params.number("mapping.review_threshold")
        self.min_margin = params.number("mapping.min_margin")
        self.temperature = params.number("mapping.temperature")
        self.description_weight = params.number("mapping.description_weight")
        self.trust_threshold = params.number("mapping.trust_threshold")
        self._trust_intercept, self._trust_coefficients = trust_model(catalog.mapping_trust)
        phrases: list[str] = []
        labels: list[str] = []
        for topic, row in catalog.topics.iterrows():
            tid = str(topic)
            own = [
                tid.replace("_", " "),
                row["label_en"],
                row["label_he"],
                row["description_en"],
                row["description_he"],
                *row["synonym_list"],
            ]
            for phrase in own:
                if phrase and phrase.strip():
                    phrases.append(phrase.strip())
                    labels.append(tid)
        if examples is None:
            examples = catalog.mapping_examples
        for attribute, description, topic in zip(
            examples["attribute"], examples["description"], examples["topic"], strict=True
        ):
            for text in (attribute, description):
                if str(text).strip():
                    phrases.append(str(text).strip())
                    labels.append(str(topic))
        self.phrases = phrases
        self.topic_ids = list(catalog.topics.index)
        self._phrase_topic = np.array(labels)
        prepared = [self.prepare(p) for p in phrases]
        self._features = FeatureUnion(
            [
                ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4),
                                          sublinear_tf=True, lowercase=False)),
                ("words", TfidfVectorizer(analyzer="word", token_pattern=r"(?u)\b\w+\b",
                                          sublinear_tf=True, lowercase=False)),
            ]
        )  # fmt: skip
        self._phrase_vectors = self._features.fit_transform(prepared)
        self._word_vectorizer = dict(self._features.transformer_list)["words"]
        self._model = LogisticRegression(
            C=REGULARISATION_C, solver="saga", tol=SOLVER_TOLERANCE, max_iter=300, random_state=0
        )
        self._model.fit(self._phrase_vectors, labels)
        classes = list(self._model.classes_)
        self._order = np.array([classes.index(t) for t in self.topic_ids])

    def prepare(self, text: str) -> str:
        """The text as the model reads it (:func:`read_name`)."""
        return read_name(text, self.abbreviations, self.noise)

    def _log_proba(self, texts: Sequence[str]) -> tuple[np.ndarray, sp.csr_matrix]:
        vectors = self._features.transform([self.prepare(t) for t in texts])
        proba = self._model.predict_proba(vectors)[:, self._order]
        return np.log(np.clip(proba, 1e-12, 1)), vectors

    def evidence(
        self, names: Sequence[str], descriptions: Sequence[str] | None = None
    ) -> MappingEvidence:
        """Calibrated topic probabilities and what stands behind them (:class:`MappingEvidence`).

        A silent name — a survey code (``Q13``), a vendor's placeholder (``UDF_07``,
        ``CUSTOM_FIELD_4``: :func:`is_placeholder_name`) or noise words only — says nothing of its
        topic: its description decides, and explains the suggestion."""
        names = [str(n or "") for n in names]
        descriptions = [str(d or "") for d in (descriptions or [""] * len(names))]
        log_p, name_vectors = self._log_proba(names)
        silent = np.array([
            bool(CODED_NAME.match(n.strip())) or is_placeholder_name(n, self.placeholders)
            for n in names
        ])  # fmt: skip
        silent |= np.asarray(name_vectors.getnnz(axis=1) == 0)
        known_words = np.asarray(
            self._word_vectorizer.transform([self.prepare(n) for n in names]).getnnz(axis=1)
        )
        log_p[silent] = 0.0
        name_top = np.where(silent, -1, log_p.argmax(axis=1))
        has_desc = np.array([bool(d.strip()) for d in descriptions])
        description_top = np.full(len(names), -1)
        if has_desc.any():
            log_d, desc_vectors = self._log_proba(descriptions)
            description_top = np.where(has_desc, log_d.argmax(axis=1), -1)
            # the description's weight next to the name's; all of the evidence for a silent name
            weight = np.where(silent, 1.0, self.description_weight) * has_desc
            log_p = log_p + weight[:, None] * log_d
            # a silent name is explained by its description's nearest phrase
            swap = sp.diags((silent & has_desc).astype(float))
            keep = sp.diags((~(silent & has_desc)).astype(float))
            name_vectors = keep @ name_vectors + swap @ desc_vectors
        log_p = log_p / self.temperature
        log_p -= log_p.max(axis=1, keepdims=True)
        posterior = np.exp(log_p)
        posterior /= posterior.sum(axis=1, keepdims=True)
        return MappingEvidence(
            posterior=posterior, vectors=name_vectors, silent=silent, has_description=has_desc,
            name_top=name_top, description_top=description_top, known_words=known_words,
        )  # fmt: skip

    def trust(self, evidence: MappingEvidence) -> np.ndarray:
        """The chance each suggestion (the top topic of ``evidence``) is right, by the logistic
        model of ``mapping_trust.csv`` over :func:`trust_features`."""
        z = self._trust_intercept + trust_features(evidence) @ self._trust_coefficients
        return 1.0 / (1.0 + np.exp(-z))

    def suggest(
        self, names: Sequence[str], descriptions: Sequence[str] | None = None
    ) -> list[TopicSuggestion]:
        """One suggestion per attribute name (with its optional description)."""
        names = [str(n or "") for n in names]
        if not names:
            return []
        evidence = self.evidence(names, descriptions)
        posterior = evidence.posterior
        trust = self.trust(evidence)
        nearest = evidence.vectors @ self._phrase_vectors.T
        results = []
        for i in range(len(names)):
            order = np.argsort(-posterior[i])[:4]
            top = int(order[0])
            confidence = float(posterior[i, top])
            margin = confidence - float(posterior[i, order[1]])
            own = np.flatnonzero(self._phrase_topic == self.topic_ids[top])
            sims = nearest[i, own].toarray().ravel()
            disagree = 0 <= evidence.name_top[i] != evidence.description_top[i] >= 0
            reason = (
                "" if trust[i] >= self.trust_threshold
                else "low_confidence" if confidence < self.low_confidence
                else "close_call" if margin < self.min_margin
                else "name_vs_description" if disagree
                else "low_confidence"
            )  # fmt: skip
            results.append(
                TopicSuggestion(
                    topic_id=self.topic_ids[top],
                    confidence=round(confidence, 3),
                    alternatives=tuple(
                        (self.topic_ids[k], round(float(posterior[i, k]), 3)) for k in order[1:4]
                    ),
                    matched=self.phrases[own[int(np.argmax(sims))]],
                    needs_review=bool(reason),
                    review_reason=reason,
                    trust=round(float(trust[i]), 3),
                )
            )
        return results


def apply_mapping(inventory: pd.DataFrame, mapper: TopicMapper) -> pd.DataFrame:
    """Add the mapper's suggestion to every row; rows without given topics take it as topic.

    Columns added: ``mapped_topic``, ``mapping_confidence``, ``mapping_alternatives``,
    ``mapping_matched``, ``mapping_review_reason``, ``mapping_trust`` (the estimated chance the
    suggestion is right), ``needs_review`` and ``topic_source``
    (``given`` or ``auto``). Rows whose
    topics were given keep them; the suggestion is still shown beside them for a second opinion.

    ``needs_review`` is about the topic (low confidence). Special sensitivity is its own review:
    ``sensitivity_category``, ``sensitivity_clause``, ``sensitivity_matched`` (kept from intake,
    or found here in the attribute's name) and ``special_review``, true for a term of
    ``sensitivity.csv`` or a special topic whatever the mapping's confidence.
    """
    out = inventory.copy()
    suggestions = mapper.suggest(list(out["attribute"]), list(out["description"]))
    out["mapped_topic"] = [s.topic_id for s in suggestions]
    out["mapping_confidence"] = [s.confidence for s in suggestions]
    out["mapping_alternatives"] = [";".join(t for t, _ in s.alternatives) for s in suggestions]
    out["mapping_matched"] = [s.matched for s in suggestions]
    out["mapping_review_reason"] = [s.review_reason for s in suggestions]
    out["mapping_trust"] = [s.trust for s in suggestions]
    given = [bool(t) for t in out["topics"]]
    out["topic_source"] = ["given" if g else "auto" for g in given]
    out["needs_review"] = [
        (not g) and s.needs_review for g, s in zip(given, suggestions, strict=True)
    ]
    out["topics"] = [
        list(t) if g else [s.topic_id]
        for t, g, s in zip(out["topics"], given, suggestions, strict=True)
    ]
    return flag_sensitivity(out, mapper.catalog)


def flag_sensitivity(inventory: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Set the special-sensitivity columns (:data:`SENSITIVITY_COLUMNS`) of a mapped inventory:
    intake's term flags where present, else the terms found now, else a special topic's."""
    out = inventory.copy()
    terms = SensitivityTerms(catalog)
    known = "sensitivity_category" in out.columns
    flags: list[SensitivityFlag | None] = []
    for i in range(len(out)):
        row = out.iloc[i]
        flag = None
        if known and row["sensitivity_category"]:
            flag = SensitivityFlag(
                str(row["sensitivity_category"]),
                str(row["sensitivity_clause"] or ""),
                str(row["sensitivity_matched"] or ""),
            )
        elif not known:
            flag = terms.find(str(row["attribute"]), str(row.get("description", "") or ""))
        flags.append(flag or terms.for_topic(catalog, list(row["topics"] or ())))
    out["sensitivity_category"] = [f.category_id if f else "" for f in flags]
    out["sensitivity_clause"] = [f.clause if f else "" for f in flags]
    out["sensitivity_matched"] = [f.matched if f else "" for f in flags]
    out["special_review"] = [f is not None for f in flags]
    return out


def mapping_accuracy(mapper: TopicMapper, labeled: pd.DataFrame) -> tuple[float, float, int]:
    """(top-1, top-3, n) on a labeled set (attribute, description, topic, also_ok).

    A row counts when the suggestion is its topic or one of the also-acceptable ones.
    """
    quality = mapping_quality(mapper, labeled)
    return quality["top1"], quality["top3"], quality["n"]


#: Confidence bins of :func:`mapping_quality`'s reliability table.
RELIABILITY_BINS = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0)


def _acceptable(labeled: pd.DataFrame) -> list[set[str]]:
    also = labeled["also_ok"] if "also_ok" in labeled.columns else [""] * len(labeled)
    return [
        {str(t), *filter(None, str(a).split(";"))}
        for t, a in zip(labeled["topic"], also, strict=True)
    ]


def suggestion_quality(suggestions: Sequence[TopicSuggestion], labeled: pd.DataFrame) -> dict:
    """Top-1, top-3, the share wrong and not flagged for review, the share flagged, and two
    reliability tables (per bin of confidence, and of trust: rows, mean score, share right)."""
    good = _acceptable(labeled)
    n = len(good)
    if n == 0 or len(suggestions) != n:
        raise ValueError(
            f"{len(suggestions)} suggestions for {n} labeled rows: the labeled set needs at least "
            "one row (attribute, description, topic) and one suggestion per row"
        )
    right = np.array([s.topic_id in g for s, g in zip(suggestions, good, strict=True)])
    three = np.array([
        bool(g & {s.topic_id, *(t for t, _ in s.alternatives[:2])})
        for s, g in zip(suggestions, good, strict=True)
    ])  # fmt: skip
    flagged = np.array([s.needs_review for s in suggestions])
    return {
        "top1": float(right.mean()),
        "top3": float(three.mean()),
        "wrong_unflagged": float((~right & ~flagged).mean()),
        "review_share": float(flagged.mean()),
        "n": n,
        "reliability": _reliability(np.array([s.confidence for s in suggestions]), right),
        "trust_reliability": _reliability(np.array([s.trust for s in suggestions]), right),
    }


def _reliability(score: np.ndarray, right: np.ndarray) -> list[dict]:
    """Per bin of ``score`` (:data:`RELIABILITY_BINS`): rows, mean score, share right."""
    table = []
    edges = list(RELIABILITY_BINS)
    for low, high in itertools.pairwise(edges):
        inside = (score >= low) & ((score < high) | (high == edges[-1]))
        if inside.any():
            table.append({
                "bin": f"[{low:.2f}, {high:.2f}{']' if high == edges[-1] else ')'}",
                "n": int(inside.sum()),
                "mean_confidence": float(score[inside].mean()),
                "accuracy": float(right[inside].mean()),
            })  # fmt: skip
    return table


def mapping_quality(mapper: TopicMapper, labeled: pd.DataFrame) -> dict:
    """:func:`suggestion_quality` of the mapper on a labeled set (attribute, description, topic,
    optionally also_ok: other acceptable topics separated by ``;``)."""
    descriptions = list(labeled["description"]) if "description" in labeled.columns else None
    return suggestion_quality(mapper.suggest(list(labeled["attribute"]), descriptions), labeled)


def leave_one_group_out(
    catalog: Catalog, group: str = "source_style"
) -> Iterator[tuple[pd.DataFrame, TopicMapper]]:
    """Each group of the catalog's mapping examples (a ``source_style``: a vendor never seen)
    with a mapper built without it; the examples keep their positions as their index."""
    examples = catalog.mapping_examples.reset_index(drop=True)
    for value in sorted(set(examples[group])):
        held = examples[group] == value
        yield examples[held], TopicMapper(catalog, examples[~held])


def cross_validated_quality(catalog: Catalog, group: str = "source_style") -> dict:
    """:func:`suggestion_quality` of the catalog's mapping examples, each predicted by a mapper
    built without its whole group (:func:`leave_one_group_out`)."""
    suggestions: list[TopicSuggestion | None] = [None] * len(catalog.mapping_examples)
    for part, mapper in leave_one_group_out(catalog, group):
        found = mapper.suggest(list(part["attribute"]), list(part["description"]))
        for i, s in zip(part.index, found, strict=True):
            suggestions[i] = s
    examples = catalog.mapping_examples.reset_index(drop=True)
    return suggestion_quality([s for s in suggestions if s is not None], examples)


def sensitivity_recall(mapper: TopicMapper, labeled: pd.DataFrame) -> dict:
    """How many attributes a reviewer marked special (``special`` = yes) the product flags for
    review: by a term of ``sensitivity.csv`` in the name or the description, or by landing on a
    special topic. Also the share of the others flagged (a review, not a block, but noise)."""
    terms = SensitivityTerms(mapper.catalog)
    suggestions = mapper.suggest(list(labeled["attribute"]), list(labeled["description"]))
    flagged = [
        (terms.find(str(r.attribute), str(r.description))
         or terms.for_topic(mapper.catalog, [s.topic_id])) is not None
        for r, s in zip(labeled.itertuples(), suggestions, strict=True)
    ]  # fmt: skip
    special = [str(v).strip().lower() == "yes" for v in labeled["special"]]
    found = sum(f for f, s in zip(flagged, special, strict=True) if s)
    others = sum(f for f, s in zip(flagged, special, strict=True) if not s)
    n_special = sum(special)
    return {
        "recall": found / n_special if n_special else 1.0,
        "special": n_special,
        "missed": [
            str(a)
            for a, f, s in zip(labeled["attribute"], flagged, special, strict=True)
            if s and not f
        ],
        "others_flagged": others / max(len(special) - n_special, 1),
    }
