"""The organisation's use cases: which are on, what each is worth, and what it makes topics worth.

A use case is something the organisation will *do* with an answer (templates/use_cases.md). The
use cases of the organisation's industries, switched on with their values, are the unit of
business value: a topic matters as much as the use cases that need it, weighted by the goals they
serve (``I_t = Σ_u on_u × V_u × (Σ_g W_g s_ug) × need_ut``), and a question is worth what its
answers add to the use cases it enables. With no known industry the generic set is used, and the
plan says that it is generic.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

from .catalog import INDUSTRIES, Catalog

#: The columns of :attr:`UseCases.table`, in order.
USE_CASE_COLUMNS = (
    "use_case_id", "label_en", "label_he", "industries", "on", "value", "source",
    "goal_strengths", "need_weights", "answers", "channels_fit", "channels_avoid", "purpose_en",
    "purpose_he", "special_category", "action_en", "action_he", "default_on", "lawful_basis",
    "in_brief", "brief_rank", "weight",
)  # fmt: skip


class UseCaseError(ValueError):
    """A use case that cannot be used; the message names the use case, the field and the rule."""


@dataclass(frozen=True)
class UseCases:
    """The use cases an engagement plans for (its industries' and its own), on or off."""

    table: pd.DataFrame  # indexed by use_case_id; columns USE_CASE_COLUMNS
    industries: tuple[str, ...]  # the organisation's known industries
    generic: bool  # True: no known industry, the generic set stands in

    @property
    def active(self) -> pd.DataFrame:
        """The use cases switched on with a value above zero: the ones that give value."""
        t = self.table
        return t[t["on"] & (t["value"] > 0)]


def organisation_industries(industry: str | None) -> tuple[str, ...]:
    """The catalog's industry ids in a ``;``-joined industry field, in order, without repeats."""
    seen: list[str] = []
    for part in str(industry or "").split(";"):
        part = part.strip()
        if part in INDUSTRIES and part not in seen:
            seen.append(part)
    return tuple(seen)


def organisation_use_cases(
    catalog: Catalog,
    industry: str | None,
    choices: Mapping[str, Any] | None = None,
    custom: Iterable[Mapping[str, Any]] = (),
    brief: Iterable[str] = (),
) -> UseCases:
    """The engagement's use cases: its industries' (or the generic set), its choices, its own.

    ``choices`` maps a use case id to an object with ``on`` and ``value`` (None: the catalog's
    default). A use case of another industry that the consultant switched on is included.
    ``custom`` are the use cases the consultant added (see :func:`custom_use_case_row`).
    ``brief`` names the use cases the client's brief asks for: each weighs its value times
    ``use_case.brief_factor`` (column ``weight``; ``value`` stays the consultant's figure).
    """
    choices = choices or {}
    catalog_rows = catalog.use_cases
    industries = organisation_industries(industry)
    if industries:
        mine = catalog_rows["industries_list"].map(lambda tags: bool(set(tags) & set(industries)))
    else:
        mine = catalog_rows["industries_list"].map(lambda tags: "generic" in tags)
    chosen_on = [u for u, c in choices.items() if _field(c, "on") and u in catalog_rows.index]
    selected = catalog_rows[mine | catalog_rows.index.isin(chosen_on)]
    rows: list[dict[str, Any]] = []
    records = cast(list[dict[str, Any]], selected.to_dict("records"))
    for u in records:
        choice = choices.get(str(u["use_case_id"]))
        on = _field(choice, "on")
        value = _field(choice, "value")
        rows.append(
            {
                "use_case_id": u["use_case_id"],
                "label_en": u["label_en"],
                "label_he": u["label_he"],
                "industries": tuple(u["industries_list"]),
                "on": bool(u["default_on"]) if on is None else bool(on),
                "value": float(u["value"]) if value is None else float(value),
                "source": "catalog",
                "goal_strengths": dict(u["goal_strengths"]),
                "need_weights": dict(u["need_weights"]),
                "answers": frozenset(u["answers_list"]),
                "channels_fit": frozenset(u["channels_fit_list"]),
                "channels_avoid": frozenset(u["channels_avoid_list"]),
                "purpose_en": u["purpose_en"],
                "purpose_he": u["purpose_he"],
                "special_category": bool(u["special_category"]),
                "action_en": u["action_en"],
                "action_he": u["action_he"],
                "default_on": bool(u["default_on"]),
                "lawful_basis": u["lawful_basis"],
            }
        )
    for item in custom:
        row = custom_use_case_row(item, catalog)
        if row["use_case_id"] in catalog_rows.index:
            raise UseCaseError(
                f"Added use case {row['use_case_id']!r}: the id is the catalog's; choose another."
            )
        rows.append(row)
    brief_order = {u: n for n, u in enumerate(dict.fromkeys(brief))}
    factor = catalog.assumptions.number("use_case.brief_factor")
    for row in rows:
        row["in_brief"] = row["use_case_id"] in brief_order
        # the order the brief states its needs in: the client's priority, for the plan's reading
        row["brief_rank"] = brief_order.get(row["use_case_id"], len(brief_order))
        row["weight"] = row["value"] * (factor if row["in_brief"] else 1.0)
    table = pd.DataFrame.from_records(rows, columns=list(USE_CASE_COLUMNS))
    table = table.set_index("use_case_id", drop=False)
    if table.index.has_duplicates:
        dup = table.index[table.index.duplicated()][0]
        raise UseCaseError(f"Use case {dup!r} is added twice; give each added use case its own id.")
    return UseCases(table=table, industries=industries, generic=not industries)


def custom_use_case_row(item: Mapping[str, Any], catalog: Catalog) -> dict[str, Any]:
    """A use case the consultant added, as a row of :attr:`UseCases.table`, checked.

    ``item`` holds ``use_case_id``, ``label_en``, ``label_he``, ``goals`` and ``needs``
    (id -> strength in (0, 1]), ``value`` (> 0), ``on``, and optionally ``answers``,
    ``purpose_en`` and ``purpose_he``.
    """
    uid = str(item.get("use_case_id", "")).strip()
    where = f"Added use case {uid or '(no id)'}"
    if not uid:
        raise UseCaseError(f"{where}: give it an id (letters, digits and _).")
    goals = {str(g): float(s) for g, s in dict(item.get("goals") or {}).items()}
    needs = {str(t): float(s) for t, s in dict(item.get("needs") or {}).items()}
    unknown_goals = sorted(set(goals) - set(catalog.goals.index))
    if unknown_goals:
        raise UseCaseError(f"{where}: unknown goal(s) {', '.join(unknown_goals)}")
    unknown_topics = sorted(set(needs) - set(catalog.topics.index))
    if unknown_topics:
        raise UseCaseError(f"{where}: unknown topic(s) {', '.join(unknown_topics)}")
    if not goals or not needs:
        raise UseCaseError(f"{where}: name at least one goal it serves and one topic it needs.")
    for name, strengths in (("goal", goals), ("topic", needs)):
        for key, s in strengths.items():
            if not 0 < s <= 1:
                raise UseCaseError(
                    f"{where}: {name} {key} strength {s}; accepted: above 0, up to 1"
                )
    value = float(item.get("value") or 0)
    if not value > 0:
        raise UseCaseError(f"{where}: value {value}; accepted: a number above 0")
    label_en, label_he = str(item.get("label_en", "")), str(item.get("label_he", ""))
    if not (label_en.strip() or label_he.strip()):
        raise UseCaseError(f"{where}: give it a name in English or Hebrew.")
    special = any(bool(catalog.topics.at[t, "special_category"]) for t in needs)
    return {
        "use_case_id": uid,
        "label_en": label_en or label_he,
        "label_he": label_he or label_en,
        "industries": (),
        "on": bool(item.get("on", True)),
        "value": value,
        "source": "custom",
        "goal_strengths": goals,
        "need_weights": needs,
        "answers": frozenset(str(a) for a in item.get("answers") or ()),
        "channels_fit": frozenset(),
        "channels_avoid": frozenset(),
        "purpose_en": str(item.get("purpose_en", "")),
        "purpose_he": str(item.get("purpose_he", "")),
        "special_category": special,
        "action_en": str(item.get("action_en", "")),
        "action_he": str(item.get("action_he", "")),
        "default_on": True,
        "lawful_basis": "explicit_consent",
    }


def use_case_importance(
    use_cases: UseCases, weights: Mapping[str, float], catalog: Catalog
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What each active use case and each goal make each topic worth, before scaling.

    Returns ``(by_use_case, by_goal)``: use cases × topics with
    ``V_u × (Σ_g W_g s_ug) × need_ut`` (``V_u``: the value, times the brief factor for a use case
    the client's brief names) and goals × topics with ``W_g × Σ_u V_u s_ug need_ut``.
    Both sum over their rows to the same raw importance per topic.
    """
    active = use_cases.active
    topics = catalog.topics.index
    goals = catalog.goals.index
    w = pd.Series({g: float(weights.get(g, 0.0)) for g in goals})
    strengths = pd.DataFrame(
        [[s.get(g, 0.0) for g in goals] for s in active["goal_strengths"]],
        index=active.index, columns=goals, dtype=float,
    )  # fmt: skip
    needs = pd.DataFrame(
        [[n.get(t, 0.0) for t in topics] for n in active["need_weights"]],
        index=active.index, columns=topics, dtype=float,
    )  # fmt: skip
    value = active["weight"].astype(float)
    served = strengths.mul(w, axis=1).sum(axis=1)  # Σ_g W_g s_ug per use case
    by_use_case = needs.mul(value * served, axis=0)
    by_goal = strengths.mul(value, axis=0).T.dot(needs).mul(w, axis=0)  # goals × topics
    return by_use_case, by_goal


def _field(choice: Any, name: str) -> Any:
    if choice is None:
        return None
    if isinstance(choice, Mapping):
        return choice.get(name)
    return getattr(choice, name, None)
