"""The plan as a tracking plan: each attribute the plan creates, as a customer trait with its JSON
Schema, in the forms two customer-data platforms import.

One trait per planned question, named by the question id (the key the surveys record the answer
under), with a JSON Schema (draft-07, the dialect both platforms validate with):

- a single choice, a scale or a yes/no question: ``{"type": "string", "enum": [codes]}``;
- a multi choice: ``{"type": "array", "items": {"type": "string", "enum": [codes]},
  "uniqueItems": true}``, and an exclusive option ("none", "prefer not to say") only on its own;
- a number: ``{"type": "number", "minimum": 0}``; a date: a month, ``YYYY-MM``; free text: a
  string of at most :data:`FREE_TEXT_MAX` characters;

and the question's English text as its ``description`` (the Hebrew one under ``x-description-he``).

Forms:

- **Segment Protocols** tracking plan as the Config API and the Protocols JSON export write it:
  ``{"display_name", "rules": {"global", "events": [], "identify", "group"}}`` where
  ``rules.identify`` is a JSON Schema whose ``properties.traits.properties`` holds the traits.
- **RudderStack** tracking plan, as RudderStack's tracking-plan API takes an identify rule:
  ``{"name", "description", "rules": {"events": [{"name": "identify", "eventType": "identify",
  "rules": <JSON Schema with properties.traits>}]}}``.

Both were written from the platforms' documentation; neither platform's own validator can be run
offline, so the tests check that every trait schema is itself a valid JSON Schema and that it
accepts the plan's answer codes and refuses anything else.

Every function is pure: an assessment (or its plan) and the catalog in, a dict or bytes out.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from .assess import Assessment
from .catalog import YES_NO_CODES, Catalog
from .planning.model import Plan
from .surveys import _items as _item_tuple
from .surveys import _organisation, _plan, _word


def _items(value: Any) -> list[str]:
    return list(_item_tuple(value))


#: The dialect both platforms validate trait schemas with.
DRAFT_07 = "http://json-schema.org/draft-07/schema#"
#: The files the export writes (``zpd-assess export --format tracking-plan``).
SEGMENT_FILE = "tracking-plan/segment.json"
RUDDERSTACK_FILE = "tracking-plan/rudderstack.json"
FREE_TEXT_MAX = 500
MONTH_PATTERN = r"^[0-9]{4}-(0[1-9]|1[0-2])$"
_CHOICE_TYPES = ("single_choice", "scale", "yes_no")


class TrackingPlanError(ValueError):
    """A plan that cannot be written as a tracking plan (the message says what to change)."""


def _planned(source: Assessment | Plan) -> list[dict[str, Any]]:
    frame = _plan(source).questions
    if frame.empty or "in_plan" not in frame.columns:
        return []
    planned = frame[frame["in_plan"].astype(bool)]
    if "rank" in planned.columns:
        planned = planned.sort_values("rank", kind="stable")
    return [dict(row) for _, row in planned.iterrows()]


def answer_codes(row: Mapping[str, Any]) -> list[str]:
    """A question's answer codes (yes/no questions without their own: the catalog's yes/no)."""
    codes = _items(row.get("option_codes"))
    if not codes and row.get("answer_type") == "yes_no":
        codes = list(YES_NO_CODES)
    return codes


def trait_schema(row: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON Schema of the trait one planned question creates."""
    qid = str(row["question_id"])
    atype = _word(row.get("answer_type"))
    codes = answer_codes(row)
    text_en, text_he = _word(row.get("text_en")), _word(row.get("text_he"))
    schema: dict[str, Any]
    if atype == "multi_choice" and codes:
        schema = {"type": "array", "items": {"type": "string", "enum": codes},
                  "uniqueItems": True}  # fmt: skip
        exclusive = [c for c in _items(row.get("exclusive_options")) if c in codes]
        if exclusive:
            # an exclusive option is chosen only on its own
            schema["allOf"] = [{"if": {"contains": {"const": c}}, "then": {"maxItems": 1}}
                               for c in exclusive]  # fmt: skip
    elif (atype in _CHOICE_TYPES or atype == "multi_choice") and codes:
        schema = {"type": "string", "enum": codes}
    elif atype in _CHOICE_TYPES or atype == "multi_choice":
        schema = {"type": "string", "maxLength": FREE_TEXT_MAX}  # an idea without options
    elif atype == "number":
        schema = {"type": "number", "minimum": 0}
    elif atype == "date":
        schema = {"type": "string", "pattern": MONTH_PATTERN}
    elif atype == "free_text":
        schema = {"type": "string", "maxLength": FREE_TEXT_MAX}
    else:
        raise TrackingPlanError(
            f"Question {qid}: answer type {atype!r} has no trait type; accepted: single_choice, "
            "multi_choice, scale, yes_no, number, date, free_text. Correct the question's "
            "answer_type."
        )
    schema["description"] = text_en or text_he or qid
    if text_he:
        schema["x-description-he"] = text_he
    return schema


def trait_schemas(source: Assessment | Plan) -> dict[str, dict[str, Any]]:
    """Every planned question's trait (question id -> JSON Schema), in the plan's order."""
    return {str(row["question_id"]): trait_schema(row) for row in _planned(source)}


def _name(source: Assessment | Plan, organisation: str | Mapping[str, str] | None) -> str:
    return _organisation(source, organisation)["en"]


def _identify_schema(traits: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    return {
        "$schema": DRAFT_07,
        "type": "object",
        "properties": {
            "traits": {"type": "object", "properties": dict(traits), "required": []},
        },
    }


def segment_tracking_plan(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The Segment Protocols tracking plan: the traits as ``rules.identify``."""
    traits = trait_schemas(source)
    name = _name(source, organisation)
    return {
        "display_name": f"{name} — zero-party data" if name else "Zero-party data",
        "rules": {
            "global": {"$schema": DRAFT_07, "type": "object", "properties": {}},
            "events": [],
            "identify": _identify_schema(traits),
            "group": {"$schema": DRAFT_07, "type": "object", "properties": {}},
        },
    }


def rudderstack_tracking_plan(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The RudderStack tracking plan: the traits as an ``identify`` event rule."""
    traits = trait_schemas(source)
    name = _name(source, organisation)
    return {
        "name": f"{name} — zero-party data" if name else "Zero-party data",
        "description": "Customer traits the zero-party data plan creates, one per planned "
        "question, with its answer codes.",
        "rules": {
            "events": [{
                "name": "identify",
                "eventType": "identify",
                "description": "The answers the customer gave, as traits.",
                "rules": _identify_schema(traits),
            }],
        },
    }  # fmt: skip


def tracking_plan_files(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
) -> dict[str, bytes]:
    """``tracking-plan/segment.json`` and ``tracking-plan/rudderstack.json``."""
    if not _planned(source):
        raise TrackingPlanError("The plan holds no question: switch on a channel or a use case "
                                "in the engagement, then export.")  # fmt: skip
    out = {}
    for name, plan in ((SEGMENT_FILE, segment_tracking_plan(source, catalog, organisation)),
                       (RUDDERSTACK_FILE, rudderstack_tracking_plan(source, catalog,
                                                                    organisation))):  # fmt: skip
        out[name] = (json.dumps(plan, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return out
