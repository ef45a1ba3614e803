"""The room's ideas as the facilitator sees them: each with a suggested topic and use case, and
near-duplicates grouped, so that thirty phones' worth of ideas can be curated while the room
waits (issue 15).

- **Topic**: the inventory's topic mapper (:class:`~zpd_assess.mapping.TopicMapper`) reads an
  idea as it reads a column's description.
- **Use case**: the engagement's use case whose label and purpose, or whose bank questions, are
  nearest the idea in its own language (TF-IDF of character n-grams,
  so that Hebrew inflections and English plurals still meet); none below
  ``ideas.use_case_similarity``.
- **Groups**: ideas whose wording is alike (``ideas.duplicate_similarity``), or that both say
  what the same bank question asks (``ideas.question_similarity``, which also links an idea in
  Hebrew to its twin in English), are linked; each connected set is a group, numbered by its
  first idea; an idea alone is a group of one.

The matching is lexical (character n-grams), not semantic: a paraphrase that shares few letters
with any other wording is not grouped, and a long bank question may lose to a short one that
shares a phrase. A multilingual sentence-embedding model would do better; none is installed.

The suggestions are only suggestions: the facilitator accepts, edits or overrides each one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from .catalog import Catalog
from .decisions import CustomUseCase
from .mapping import TopicMapper
from .planning.pool import question_pool
from .store import Idea
from .text import fold_hebrew_finals
from .use_cases import organisation_use_cases


@dataclass(frozen=True)
class RoomRecord:
    """What the room did in one workshop, for the Excel plan's Workshop sheet."""

    code: str
    ideas: tuple[Idea, ...] = ()
    dots: Mapping[str, int] = field(default_factory=dict)  # question id -> dots it got
    agreement: float | None = None  # Kendall's W, when there were ballots enough to tell
    voters: int = 0


#: How much a use case's own wording counts beside the questions that serve it, when ranking.
OWN_WORDING_TIEBREAK = 0.25


@dataclass(frozen=True)
class IdeaSuggestion:
    """What the product suggests for one idea."""

    topic_id: str | None
    topic_confidence: float
    use_case_id: str | None
    use_case_similarity: float
    group: int  # the index of the group's first idea; ideas sharing it are near-duplicates


def _vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True,
        preprocessor=lambda t: fold_hebrew_finals(str(t).lower()),
    )  # fmt: skip


@dataclass(frozen=True)
class _Nearest:
    """Each idea's nearest bank question (index into the bank's rows) and how near it is."""

    question: list[int]
    similarity: list[float]


def group_ideas(
    texts: Sequence[str], threshold: float, nearest: _Nearest | None = None, anchor: float = 1.0
) -> list[int]:
    """For each idea, the index of the first idea of its group of near-duplicates: ideas alike
    in their wording, or both near (``anchor``) the same bank question (paraphrases, which share
    few letters: «באיזו מידה אתם לובשים?» and «מה מידת הבגדים שלכם?»)."""
    if not texts:
        return []
    if len(texts) == 1:
        return [0]
    vectors = _vectorizer().fit_transform(list(texts))
    linked = cosine_similarity(vectors) >= threshold
    if nearest is not None:
        q = np.array(nearest.question)
        close = np.array(nearest.similarity) >= anchor
        linked |= (q[:, None] == q[None, :]) & close[:, None] & close[None, :]
    _, labels = connected_components(linked, directed=False)
    first: dict[int, int] = {}
    for i, label in enumerate(labels):
        first.setdefault(int(label), i)
    return [first[int(label)] for label in labels]


def _nearest_questions(
    texts: Sequence[str], langs: Sequence[str], bank: pd.DataFrame
) -> tuple[_Nearest, np.ndarray]:
    """Each idea's nearest bank question (a row of ``bank``, in the idea's own language), and
    every similarity."""
    n = len(texts)
    nearest = _Nearest([0] * n, [0.0] * n)
    similarity = np.zeros((n, len(bank)))
    for lang in ("en", "he"):
        rows = [i for i, code in enumerate(langs) if code == lang]
        if not rows or not len(bank):
            continue
        wording = [str(t or "") for t in bank[f"text_{lang}"]]
        vectorizer = _vectorizer().fit([*wording, *(texts[i] for i in rows)])
        similarity[rows] = cosine_similarity(
            vectorizer.transform([texts[i] for i in rows]), vectorizer.transform(wording)
        )
    if len(bank):
        for i in range(n):
            best = int(np.argmax(similarity[i]))
            nearest.question[i], nearest.similarity[i] = best, float(similarity[i, best])
    return nearest, similarity


def suggest_use_cases(
    texts: Sequence[str],
    langs: Sequence[str],
    catalog: Catalog,
    use_cases: pd.DataFrame,
    similarity: np.ndarray | None = None,
    bank: pd.DataFrame | None = None,
) -> list[tuple[str | None, float]]:
    """Each idea's use case among the engagement's (``use_cases``: the table of
    :func:`~zpd_assess.use_cases.organisation_use_cases`): the one whose own wording (label and
    purpose) or whose bank questions (those giving an answer it needs) are nearest the idea, in
    the idea's language; None below the catalog's threshold."""
    fits = list(use_cases.index)
    floor = catalog.assumptions.number("ideas.use_case_similarity")
    out: list[tuple[str | None, float]] = [(None, 0.0)] * len(texts)
    if not fits or not texts:
        return out
    own = np.zeros((len(texts), len(fits)))
    for lang in ("en", "he"):
        rows = [i for i, code in enumerate(langs) if code == lang]
        if not rows:
            continue
        labels, purposes = use_cases[f"label_{lang}"], use_cases[f"purpose_{lang}"]
        described = [f"{lab} {why}" for lab, why in zip(labels, purposes, strict=True)]
        vectorizer = _vectorizer().fit([*described, *(texts[i] for i in rows)])
        own[rows] = cosine_similarity(
            vectorizer.transform([texts[i] for i in rows]), vectorizer.transform(described)
        )
    near = own.copy()
    if similarity is not None and bank is not None and len(bank):
        answers = [set(a) for a in bank["answer_list"]]
        for k, needs in enumerate(use_cases["answers"]):
            serving = [j for j, given in enumerate(answers) if given & set(needs)]
            if serving:
                near[:, k] = np.maximum(near[:, k], similarity[:, serving].max(axis=1))
    # several use cases need the answer of the same bank question: the one whose own wording
    # is nearer the idea comes first
    ranked = near + OWN_WORDING_TIEBREAK * own
    for i in range(len(texts)):
        best = int(np.argmax(ranked[i]))
        score = float(near[i, best])
        out[i] = (fits[best], score) if score >= floor else (None, score)
    return out


def suggest_for_ideas(
    texts: Sequence[str],
    langs: Sequence[str],
    catalog: Catalog,
    mapper: TopicMapper,
    industry: str | None = None,
    use_cases: pd.DataFrame | None = None,
) -> list[IdeaSuggestion]:
    """A topic, a use case and a group for each idea (texts and their languages, in order).

    The bank is the question pool of the engagement's ``industry`` (as the plan has it); the use
    cases are ``use_cases`` (the engagement's, its own included), else its industry's. The topic
    is the mapper's, or else, when the mapper is unsure, that of the nearest bank question if the
    idea is near one and nearer than the mapper is sure (an idea often says what a bank question
    asks, in other words); with neither, the topic of a near-duplicate idea that has one; else
    none."""
    if not texts:
        return []
    a = catalog.assumptions
    bank = question_pool(catalog, industry=industry)
    if use_cases is None:
        use_cases = organisation_use_cases(catalog, industry).table
    nearest, similarity = _nearest_questions(texts, langs, bank)
    anchor = a.number("ideas.question_similarity")
    topics = mapper.suggest(list(texts))
    floor = a.number("mapping.review_threshold")
    found = suggest_use_cases(texts, langs, catalog, use_cases, similarity, bank)
    groups = group_ideas(texts, a.number("ideas.duplicate_similarity"), nearest, anchor)
    question_topics = bank["topic_list"].tolist()
    out = []
    for i, (t, u, g) in enumerate(zip(topics, found, groups, strict=True)):
        topic: str | None = t.topic_id
        confidence = float(t.confidence)
        if confidence < floor:
            near = nearest.similarity[i] if len(bank) else 0.0
            if near < anchor:  # unsure, and no bank question says it
                topic = None
            elif near >= confidence:
                said = list(question_topics[nearest.question[i]])
                topic = str(said[0]) if said else None
                confidence = near
        out.append(IdeaSuggestion(topic, confidence, u[0], u[1], g))
    # a near-duplicate with no topic of its own takes its group's surest one: the room wrote the
    # same idea in other words, and one of them said which topic it is ("Ask the customer's
    # clothing size" beside "What size do you usually wear?")
    for i, s in enumerate(out):
        if s.topic_id is None:
            said = [o for o in out if o.group == s.group and o.topic_id is not None]
            if said:
                best = max(said, key=lambda o: o.topic_confidence)
                out[i] = replace(s, topic_id=best.topic_id, topic_confidence=best.topic_confidence)
    return out


def idea_wording(idea: Idea) -> dict[str, str]:
    """An idea's wording per language: the facilitator's, else what was typed in the language it
    was typed in; the other language stays empty (missing, never invented)."""
    own = {"text_he": idea.text_he or "", "text_en": idea.text_en or ""}
    own[f"text_{idea.lang}"] = own[f"text_{idea.lang}"] or idea.text
    return own


def room_question(idea: Idea, question_id: str, topic: str) -> dict[str, Any]:
    """An accepted question idea as a room question of the engagement's decisions."""
    return {"question_id": question_id, **idea_wording(idea), "topics": [topic],
            "answer_type": "single_choice"}  # fmt: skip


def room_use_case(
    idea: Idea,
    use_case_id: str,
    topic: str,
    use_cases: pd.DataFrame,
    suggested: str | None,
    weights: Mapping[str, float],
) -> CustomUseCase:
    """An accepted use ("if we knew X we would do Y") as a use case of the team's, switched on,
    needing ``topic``, for the goals of the use case ``suggested`` for it (else the goal weighted
    most)."""
    goals: Mapping[str, float] = {}
    if suggested is not None and suggested in use_cases.index:
        goals = dict(use_cases["goal_strengths"].to_dict()[suggested] or {})
    if not goals:
        goals = {max(weights, key=lambda g: weights[g]): 1.0} if weights else {}
    wording = idea_wording(idea)
    return CustomUseCase(
        use_case_id=use_case_id, label_en=wording["text_en"][:200],
        label_he=wording["text_he"][:200], goals={g: float(v) for g, v in goals.items()},
        needs={topic: 1.0},
    )  # fmt: skip
