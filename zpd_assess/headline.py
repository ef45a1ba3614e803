"""The one sentence an executive reads first: what the organisation knows, what the plan asks
and what it gains, and where the biggest gaps are — generated from the numbers, in English or
Hebrew, for the dashboard, the workbook and the board deck alike."""

from __future__ import annotations

import re

from .assess import Assessment
from .catalog import Catalog

#: Gaps the headline names.
GAPS_NAMED = 3
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_HEBREW = re.compile(r"[\u0590-\u05FF]")


def short_topic(catalog: Catalog, topic_id: str, lang: str) -> str:
    """A topic's label without its parenthesis, as a sentence names it."""
    label = _PARENTHESES.sub("", str(catalog.topics.at[topic_id, f"label_{lang}"])).strip()
    if lang == "en" and label[:1].isupper() and not label[1:2].isupper():
        label = label[0].lower() + label[1:]
    return label


def _and_list(items: list[str], lang: str, quoted: bool = False) -> str:
    """a, b and c; with semicolons when an item has its own "and" (travel and purchases) and
    is not quoted."""
    if len(items) < 2:
        return "".join(items)
    if quoted:
        return ", ".join(items[:-1]) + (" ו" if lang == "he" else " and ") + items[-1]
    if lang == "he":
        if any(re.search(r"(^|\s)ו\S", i) for i in items):
            return "; ".join(items)
        return ", ".join(items[:-1]) + " ו" + items[-1]
    if any(" and " in i for i in items):
        return "; ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def in_organisation(name: str) -> str:
    """«ב» before the organisation's name: glued to a Hebrew name, with a hyphen to a Latin one."""
    return f"ב{name}" if _HEBREW.match(name.strip()) else f"ב-{name}"


def headline(
    assessment: Assessment, catalog: Catalog, lang: str, organisation: str | None = None
) -> str:
    """ "Urban Retail knows 40% of what matters to its goals. The plan's 24 questions lift that
    to 64 in 12 months (without it: 39). The biggest gaps: sizes, occasions and style."."""
    name = (organisation or assessment.organisation or "").strip()
    projection = assessment.plan.projection.set_index("month")
    month = 12 if 12 in projection.index else int(projection.index.max())
    questions = int(assessment.plan.questions["in_plan"].sum())
    gaps = [short_topic(catalog, t, lang) for t in assessment.largest_gaps(GAPS_NAMED).index]
    after = float(projection["index_with_plan"].loc[month])
    nothing = float(projection["index_nothing_done"].loc[month])
    values = {
        "org": in_organisation(name) if lang == "he" else name,
        "index": f"{assessment.knowledge_index:.1f}",
        "after": f"{after:.1f}",
        "nothing": f"{nothing:.1f}",
        "months": month,
        "questions": questions,
        "gaps": _and_list(gaps, lang),
    }
    if lang == "he":  # "47.0%" beside a bracket would be drawn "%47.0": isolate each figure
        for k in ("index", "after", "nothing"):
            values[k] = f"\u2066{values[k]}%\u2069"
    key = "headline.sentence" if questions else "headline.sentence_no_plan"
    return catalog.text(key, lang, **values)


def plain_why(assessment: Assessment, catalog: Catalog, topic_id: str, lang: str) -> str:
    """A topic's score said aloud: how much it matters and for what, how much of it is known
    and from where, what is still unknown (the formula is the explain text, one click away)."""
    ex = assessment.scores.explain[topic_id]
    importance = float(ex["importance"]["value"])
    knowledge = float(ex["knowledge"]["value"])
    level = "high" if importance >= 0.6 else "medium" if importance >= 0.25 else "low"
    uses = sorted(ex["importance"].get("use_cases", []), key=lambda u: -u["adds"])[:2]
    if uses:
        purpose = catalog.text("why.for_use_cases", lang, uses=_and_list(
            [f"«{u[f'label_{lang}']}»" for u in uses], lang, quoted=True))  # fmt: skip
    else:
        goals = sorted(ex["importance"]["parts"], key=lambda g: -g["adds"])[:1]
        purpose = catalog.text("why.for_goal", lang, goal=str(
            catalog.goals.at[goals[0]["goal_id"], f"label_{lang}"])) if goals else ""  # fmt: skip
    parts = [p for p in ex["knowledge"]["parts"] if "attribute" in p]
    if parts:
        best = max(parts, key=lambda p: p["adds"])
        party = catalog.text(f"party.{best['party']}", lang)
        source = catalog.text(
            "why.known_from" if knowledge >= 0.05 else "why.barely_known", lang,
            known=f"{knowledge:.0%}", attribute=best["attribute"],
            party=party[0].lower() + party[1:] if lang == "en" else party,
            coverage=f"{best['coverage']:.0%}", n=len(parts),
        )  # fmt: skip
    else:
        source = catalog.text("why.nothing_known", lang)
    topic = str(catalog.topics.at[topic_id, f"label_{lang}"])
    return catalog.text(
        f"why.sentence_{level}", lang, topic=topic, purpose=purpose, source=source,
        unknown=f"{1 - knowledge:.0%}",
    )  # fmt: skip
