"""Engagements: one client organisation, its inventory, the channels it has and its goal weights.

The sample organisations in ``sample_data/`` are engagements too, so that the app and the CLI
open on a full, realistic case with zero set-up.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .catalog import Catalog
    from .decisions import Decisions

from .catalog import CHANNEL_IDS, GOAL_IDS

ENGAGEMENT_FILE = "engagement.yaml"
INVENTORY_NAMES = ("inventory.xlsx", "inventory.csv")


class EngagementError(ValueError):
    """An engagement description that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class Engagement:
    org_id: str
    name_en: str
    name_he: str
    industry: str
    description_en: str = ""
    description_he: str = ""
    channels: tuple[str, ...] = CHANNEL_IDS
    goal_weights: dict[str, float] = field(default_factory=dict)
    customers: int | None = None
    inventory_path: Path | None = None
    #: use case ids the client's brief asks for: its plan is judged against them
    stated_needs: tuple[str, ...] = ()
    #: the consultant's choices per use case: id -> {"on": bool, "value": number}
    use_cases: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the client's own channel budgets: channel -> (questions, seconds)
    budgets: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: the client's own reach per channel (a share of customers), where its brief states it
    reach: dict[str, float] = field(default_factory=dict)
    #: the GDPR applies as well as Israel's law (``gdpr: true``: customers in the EU)
    gdpr: bool = False
    #: questions the consultant took out for this client (a benefit it no longer offers)
    excluded_questions: tuple[str, ...] = ()
    #: questions the consultant pinned to a channel for this client: question id -> channel id
    pinned_questions: dict[str, str] = field(default_factory=dict)
    #: questions written for this client only (a co-brand partner's name, a product the bank
    #: cannot name), in the schema of the room's questions: they join the pool like them
    client_questions: tuple[dict[str, Any], ...] = ()

    def name(self, lang: str = "en") -> str:
        return self.name_he if lang == "he" else self.name_en


def sample_data_dir() -> Path:
    """The sample organisations: ``$ZPD_SAMPLE_DIR`` or ``sample_data/`` of the checkout."""
    env = os.environ.get("ZPD_SAMPLE_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parent.parent / "sample_data"


def load_engagement(path: str | Path) -> Engagement:
    """Read ``engagement.yaml`` (or the folder holding it)."""
    path = Path(path)
    if path.is_dir():
        path = path / ENGAGEMENT_FILE
    try:
        data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise EngagementError(f"{path}: cannot be read ({exc})") from exc
    missing = [k for k in ("org_id", "name_en", "name_he", "industry") if not data.get(k)]
    if missing:
        raise EngagementError(f"{path}: missing {', '.join(missing)}")
    channels = tuple(data.get("channels") or CHANNEL_IDS)
    unknown = [c for c in channels if c not in CHANNEL_IDS]
    if unknown:
        raise EngagementError(f"{path}: unknown channel(s) {', '.join(unknown)}")
    weights = {str(k): float(v) for k, v in (data.get("goal_weights") or {}).items()}
    unknown = [g for g in weights if g not in GOAL_IDS]
    if unknown:
        raise EngagementError(f"{path}: unknown goal(s) {', '.join(unknown)}")
    inventory = next(
        (path.parent / n for n in INVENTORY_NAMES if (path.parent / n).is_file()), None
    )
    return Engagement(
        org_id=str(data["org_id"]),
        name_en=str(data["name_en"]),
        name_he=str(data["name_he"]),
        industry=str(data["industry"]),
        description_en=str(data.get("description_en", "")).strip(),
        description_he=str(data.get("description_he", "")).strip(),
        channels=channels,
        goal_weights=weights,
        customers=int(data["customers"]) if data.get("customers") else None,
        inventory_path=inventory,
        stated_needs=tuple(str(n) for n in (data.get("stated_needs") or ())),
        use_cases=_use_case_choices(path, data.get("use_cases")),
        budgets=_budgets(path, data.get("budgets"), channels),
        reach=_reach(path, data.get("reach"), channels),
        gdpr=_flag(path, data, "gdpr"),
        excluded_questions=_ids(path, data.get("excluded_questions"), "excluded_questions"),
        pinned_questions=_pins(path, data.get("pinned_questions"), channels),
        client_questions=_client_questions(path, data.get("client_questions"), channels),
    )


def _client_questions(
    path: Path, raw: Any, channels: tuple[str, ...]
) -> tuple[dict[str, Any], ...]:
    """``client_questions:`` of an engagement.yaml: a list of questions, each a mapping with its
    own ``question_id`` (its wording, topics, answers and offer are checked when the engagement
    opens, against the catalogs, like the room's questions)."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise EngagementError(f"{path}: client_questions must be a list of questions")
    out: list[dict[str, Any]] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not str(item.get("question_id") or "").strip():
            raise EngagementError(
                f"{path}: client_questions[{i}]: a mapping with its question_id, found {item!r}"
            )
        wanted = item.get("channels") or []
        if isinstance(wanted, str):
            wanted = [c.strip() for c in wanted.split(";") if c.strip()]
        strangers = [c for c in wanted if c not in channels]
        if strangers:
            raise EngagementError(
                f"{path}: client_questions[{i}] ({item['question_id']}): channel(s) "
                f"{', '.join(map(str, strangers))} are not channels it has"
            )
        out.append({str(k): v for k, v in item.items()})
    return tuple(out)


def _pins(path: Path, raw: Any, channels: tuple[str, ...]) -> dict[str, str]:
    """``pinned_questions:`` of an engagement.yaml: question id -> a channel the client has."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise EngagementError(f"{path}: pinned_questions must map question ids to channel ids")
    out: dict[str, str] = {}
    for qid, channel in raw.items():
        if not isinstance(qid, str) or not qid.strip():
            raise EngagementError(f"{path}: pinned_questions: a question id, found {qid!r}")
        if channel not in channels:
            raise EngagementError(
                f"{path}: pinned_questions.{qid}: {channel!r} is not a channel it has"
            )
        out[qid.strip()] = str(channel)
    return out


def _ids(path: Path, raw: Any, key: str) -> tuple[str, ...]:
    """A list of ids of an engagement.yaml (``excluded_questions: [q_a, q_b]``)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
        raise EngagementError(f"{path}: {key} must be a list of question ids (found {raw!r})")
    return tuple(v.strip() for v in raw)


def _per_channel(
    path: Path, raw: Any, channels: tuple[str, ...], key: str, accepted: str
) -> list[tuple[str, Any]]:
    """The entries of a ``key:`` map of an engagement.yaml, each naming a channel it has."""
    if raw is None:
        return []
    if not isinstance(raw, dict):
        raise EngagementError(f"{path}: {key} must map channel ids to {accepted}")
    for channel in raw:
        if channel not in channels:
            raise EngagementError(f"{path}: {key}.{channel}: not a channel it has")
    return [(str(channel), value) for channel, value in raw.items()]


def _reach(path: Path, raw: Any, channels: tuple[str, ...]) -> dict[str, float]:
    """``reach:`` of an engagement.yaml: channel -> the share of customers it reaches."""
    out: dict[str, float] = {}
    for channel, value in _per_channel(path, raw, channels, "reach", "shares (0.03 is 3%)"):
        try:
            share = float(value)
        except (TypeError, ValueError):
            share = -1.0
        if not 0 < share <= 1:
            raise EngagementError(
                f"{path}: reach.{channel}: a share above 0, up to 1 (found {value!r})"
            )
        out[channel] = share
    return out


def _budgets(path: Path, raw: Any, channels: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """``budgets:`` of an engagement.yaml: channel -> [questions, seconds]."""
    out: dict[str, tuple[float, float]] = {}
    for channel, value in _per_channel(path, raw, channels, "budgets", "[questions, seconds]"):
        try:
            questions, seconds = (float(v) for v in value)
        except (TypeError, ValueError):
            raise EngagementError(
                f"{path}: budgets.{channel}: accepted is [questions, seconds], found {value!r}"
            ) from None
        if questions <= 0 or seconds <= 0:
            raise EngagementError(f"{path}: budgets.{channel}: both numbers must be above 0")
        out[channel] = (questions, seconds)
    return out


def _use_case_choices(path: Path, raw: Any) -> dict[str, dict[str, Any]]:
    """``use_cases:`` of an engagement.yaml: id -> {on: true|false, value: number}."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise EngagementError(f"{path}: use_cases must map use case ids to {{on, value}}")
    out: dict[str, dict[str, Any]] = {}
    for uid, choice in raw.items():
        if isinstance(choice, dict):  # YAML 1.1 reads an unquoted ``on`` key as True
            choice = {("on" if k is True else k): v for k, v in choice.items()}
        if not isinstance(choice, dict) or set(choice) - {"on", "value"}:
            raise EngagementError(f"{path}: use_cases.{uid}: accepted keys are on and value")
        out[str(uid)] = dict(choice)
    return out


def _flag(path: Path, data: dict[str, Any], name: str) -> bool:
    """A yes/no setting of an engagement.yaml (absent: no)."""
    value = data.get(name, False)
    if not isinstance(value, bool):
        raise EngagementError(f"{path}: {name}: accepted is true or false, found {value!r}")
    return value


def sample_engagements() -> list[Engagement]:
    """Every sample organisation, in a stable order."""
    root = sample_data_dir()
    return [
        load_engagement(folder)
        for folder in sorted(root.iterdir())
        if (folder / ENGAGEMENT_FILE).is_file()
    ]


def engagement_for_inventory(inventory_path: str | Path) -> Engagement | None:
    """The engagement described beside an inventory file, if there is one."""
    candidate = Path(inventory_path).resolve().parent / ENGAGEMENT_FILE
    return load_engagement(candidate) if candidate.is_file() else None


def engagement_decisions(path: str | Path, catalog: Catalog) -> tuple[Decisions, bytes | None]:
    """The decisions an engagement file holds, and its inventory's bytes when it carries them.

    ``path`` is an ``engagement.yaml`` (or its folder): the sample's identity, weights and
    channels; or the engagement file the app exports (``zpd_engagement_*.json``): everything the
    team decided, checked against the catalogs, with the uploaded inventory inside it (a sample's
    file carries none: its inventory is the sample's).
    """
    import base64
    import binascii
    import json

    from .decisions import default_decisions, parse_decisions

    path = Path(path)
    if path.is_dir() or path.suffix.lower() in (".yaml", ".yml"):
        return default_decisions(catalog, load_engagement(path)), None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EngagementError(f"{path}: not an engagement.yaml or engagement file ({exc})") from exc
    if not isinstance(document, dict) or document.get("format") != "zpd-assess/engagement":
        raise EngagementError(f"{path}: not an engagement file exported by ZPD Assess")
    record = document.get("engagement")
    if not isinstance(record, dict) or not isinstance(record.get("state"), dict):
        raise EngagementError(f"{path}: the file has no engagement state")
    state = dict(record["state"])
    sample = record.get("sample_org")
    eng = next((e for e in sample_engagements() if e.org_id == sample), None) if sample else None
    defaults = default_decisions(catalog, eng).as_json()
    decisions = parse_decisions({**defaults, **state}, catalog)
    inventory = None
    if record.get("inventory"):
        try:
            inventory = base64.b64decode(record["inventory"], validate=True)
        except (binascii.Error, ValueError) as exc:
            raise EngagementError(f"{path}: the inventory inside is not valid base64") from exc
    elif eng is not None and eng.inventory_path is not None:
        inventory = eng.inventory_path.read_bytes()
    return decisions, inventory
