"""Engagements that never lose work: a versioned database, snapshots, live workshops.

Each client engagement lives in SQLite by default (``$ZPD_DATA_DIR/zpd.sqlite``, default
``~/.zpd_assess``) through SQLAlchemy, so that a team can point ``ZPD_DATABASE_URL`` at PostgreSQL.
The schema is versioned in ``schema_version`` and migrates forward with Alembic's operations;
every save is one transaction, and SQLite runs in WAL mode so that a process killed mid-save
leaves the last completed edit readable.

A workshop belongs to an engagement: the facilitator opens it (a short join code), participants
join with a display name, cast a blind dot vote and optionally compare goals in pairs; the results
are aggregated per question (total, spread) and per goal pair (geometric mean of judgments).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import os
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)

EXPORT_FORMAT = "zpd-assess/engagement"
EXPORT_VERSION = 1
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud in a room
CODE_LENGTH = 6


class StoreError(ValueError):
    """A request the store cannot serve; the message says what to do."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# --- schema (what the migrations build) ----------------------------------------------------------

metadata = MetaData()
engagements = Table(
    "engagements",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("sample_org", String(64)),
    Column("inventory_name", String(255)),
    Column("inventory", LargeBinary),
    Column("state", Text, nullable=False),
    Column("created", DateTime, nullable=False),
    Column("updated", DateTime, nullable=False),
)
snapshots = Table(
    "snapshots",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "engagement_id",
        String(32),
        ForeignKey("engagements.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("label", String(200), nullable=False),
    Column("created", DateTime, nullable=False),
    Column("knowledge_index", Float, nullable=False),
    Column("topics", Text, nullable=False),
    Column("state", Text, nullable=False),
)
workshops = Table(
    "workshops",
    metadata,
    Column("code", String(16), primary_key=True),
    Column(
        "engagement_id",
        String(32),
        ForeignKey("engagements.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("status", String(16), nullable=False),
    Column("dots", Integer, nullable=False),
    Column("questions", Text, nullable=False),
    Column("goals", Text, nullable=False),
    Column("created", DateTime, nullable=False),
)
participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "workshop_code",
        String(16),
        ForeignKey("workshops.code", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("token", String(64), nullable=False, unique=True),
    Column("display_name", String(80), nullable=False),
    Column("joined", DateTime, nullable=False),
    Column("voted", DateTime),
)
votes = Table(
    "votes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False
    ),
    Column("question_id", String(64), nullable=False),
    Column("dots", Integer, nullable=False),
    UniqueConstraint("participant_id", "question_id", name="one_row_per_question"),
)
comparisons = Table(
    "comparisons",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "participant_id", Integer, ForeignKey("participants.id", ondelete="CASCADE"), nullable=False
    ),
    Column("goal_a", String(64), nullable=False),
    Column("goal_b", String(64), nullable=False),
    Column("value", Float, nullable=False),
    UniqueConstraint("participant_id", "goal_a", "goal_b", name="one_judgment_per_pair"),
)


def _v1(op: Operations) -> None:
    """Engagements and their snapshots. (Migrations are history: written out, never edited.)"""
    op.create_table(
        "engagements",
        Column("id", String(32), primary_key=True),
        Column("name", String(200), nullable=False),
        Column("sample_org", String(64)),
        Column("inventory_name", String(255)),
        Column("inventory", LargeBinary),
        Column("state", Text, nullable=False),
        Column("created", DateTime, nullable=False),
        Column("updated", DateTime, nullable=False),
    )
    op.create_table(
        "snapshots",
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column(
            "engagement_id",
            String(32),
            ForeignKey("engagements.id", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("label", String(200), nullable=False),
        Column("created", DateTime, nullable=False),
        Column("knowledge_index", Float, nullable=False),
        Column("topics", Text, nullable=False),
        Column("state", Text, nullable=False),
    )


def _v2(op: Operations) -> None:
    """Live workshops: participants, their dot votes and pairwise goal comparisons."""
    op.create_table(
        "workshops",
        Column("code", String(16), primary_key=True),
        Column(
            "engagement_id",
            String(32),
            ForeignKey("engagements.id", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("status", String(16), nullable=False),
        Column("dots", Integer, nullable=False),
        Column("questions", Text, nullable=False),
        Column("goals", Text, nullable=False),
        Column("created", DateTime, nullable=False),
    )
    op.create_table(
        "participants",
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column(
            "workshop_code",
            String(16),
            ForeignKey("workshops.code", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("token", String(64), nullable=False, unique=True),
        Column("display_name", String(80), nullable=False),
        Column("joined", DateTime, nullable=False),
        Column("voted", DateTime),
    )
    op.create_table(
        "votes",
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column(
            "participant_id",
            Integer,
            ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("question_id", String(64), nullable=False),
        Column("dots", Integer, nullable=False),
        UniqueConstraint("participant_id", "question_id", name="one_row_per_question"),
    )
    op.create_table(
        "comparisons",
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column(
            "participant_id",
            Integer,
            ForeignKey("participants.id", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("goal_a", String(64), nullable=False),
        Column("goal_b", String(64), nullable=False),
        Column("value", Float, nullable=False),
        UniqueConstraint("participant_id", "goal_a", "goal_b", name="one_judgment_per_pair"),
    )
    op.create_index("ix_votes_participant", "votes", ["participant_id"])
    op.create_index("ix_participants_workshop", "participants", ["workshop_code"])


#: Forward migrations, in order; the schema's version is how many have been applied.
MIGRATIONS: tuple[Callable[[Operations], None], ...] = (_v1, _v2)
SCHEMA_VERSION = len(MIGRATIONS)


def database_url() -> str:
    """``$ZPD_DATABASE_URL``, else SQLite in ``$ZPD_DATA_DIR`` (default ``~/.zpd_assess``)."""
    url = os.environ.get("ZPD_DATABASE_URL")
    if url:
        return url
    folder = Path(os.environ.get("ZPD_DATA_DIR") or Path.home() / ".zpd_assess")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'zpd.sqlite'}"


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def schema_version(engine: Engine) -> int:
    if "schema_version" not in inspect(engine).get_table_names():
        return 0
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT version FROM schema_version").scalar() or 0)


def migrate(engine: Engine, target: int = SCHEMA_VERSION) -> int:
    """Apply the forward migrations up to ``target``; returns the version reached."""
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = conn.exec_driver_sql("SELECT version FROM schema_version").scalar()
        if current is None:
            conn.exec_driver_sql("INSERT INTO schema_version (version) VALUES (0)")
            current = 0
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"The database is at schema version {current}, newer than this program "
                f"({SCHEMA_VERSION}); update ZPD Assess."
            )
        op = Operations(MigrationContext.configure(conn))
        for version in range(current + 1, target + 1):
            MIGRATIONS[version - 1](op)
            conn.exec_driver_sql(f"UPDATE schema_version SET version = {version}")
        return max(current, target)


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredEngagement:
    id: str
    name: str
    sample_org: str | None
    inventory_name: str | None
    inventory: bytes | None
    state: dict[str, Any]
    created: dt.datetime
    updated: dt.datetime


@dataclass(frozen=True)
class Snapshot:
    id: int
    engagement_id: str
    label: str
    created: dt.datetime
    knowledge_index: float
    topics: dict[str, dict[str, float]]
    state: dict[str, Any]


@dataclass(frozen=True)
class Workshop:
    code: str
    engagement_id: str
    status: str  # open, revealed, closed
    dots: int
    questions: tuple[str, ...]
    goals: tuple[str, ...]
    created: dt.datetime


@dataclass(frozen=True)
class QuestionVotes:
    question_id: str
    total: int
    voters: int  # participants who gave it at least one dot
    mean: float
    spread: float  # standard deviation of dots across everyone who voted
    share: float  # voters / everyone who voted
    split: bool = False  # the room disagrees: dots spread wider than their mean, 2+ voters


@dataclass(frozen=True)
class WorkshopResults:
    participants: int
    voted: int
    questions: tuple[QuestionVotes, ...]
    comparisons: dict[tuple[str, str], list[float]]  # judgments per pair, one per participant


class Store:
    """The engagements database. One per process; safe to share between threads."""

    def __init__(self, url: str | None = None):
        self.url = url or database_url()
        self.engine = _engine(self.url)
        migrate(self.engine)

    # engagements ---------------------------------------------------------------------------

    def create_engagement(
        self,
        name: str,
        state: Mapping[str, Any],
        *,
        sample_org: str | None = None,
        inventory_name: str | None = None,
        inventory: bytes | None = None,
        engagement_id: str | None = None,
    ) -> str:
        new_id = engagement_id or secrets.token_urlsafe(8)
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(
                insert(engagements).values(
                    id=new_id,
                    name=name[:200],
                    sample_org=sample_org,
                    inventory_name=inventory_name,
                    inventory=inventory,
                    state=json.dumps(state, ensure_ascii=False, default=str),
                    created=now,
                    updated=now,
                )
            )
        return new_id

    def get_engagement(self, engagement_id: str) -> StoredEngagement | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(engagements).where(engagements.c.id == engagement_id)).first()
        if row is None:
            return None
        return StoredEngagement(
            id=row.id,
            name=row.name,
            sample_org=row.sample_org,
            inventory_name=row.inventory_name,
            inventory=row.inventory,
            state=json.loads(row.state),
            created=row.created,
            updated=row.updated,
        )

    def list_engagements(self) -> list[StoredEngagement]:
        with self.engine.connect() as conn:
            ids = conn.execute(
                select(engagements.c.id).order_by(engagements.c.updated.desc())
            ).scalars()
            ids = list(ids)
        return [e for e in (self.get_engagement(i) for i in ids) if e is not None]

    def save_state(self, engagement_id: str, state: Mapping[str, Any]) -> None:
        """Save the engagement's state (one transaction: all of it or none of it)."""
        with self.engine.begin() as conn:
            done = conn.execute(
                update(engagements)
                .where(engagements.c.id == engagement_id)
                .values(state=json.dumps(state, ensure_ascii=False, default=str), updated=_now())
            )
            if done.rowcount == 0:
                raise StoreError(f"No engagement {engagement_id!r}")

    def save_inventory(self, engagement_id: str, name: str, data: bytes) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(engagements)
                .where(engagements.c.id == engagement_id)
                .values(inventory_name=name, inventory=data, updated=_now())
            )

    def rename(self, engagement_id: str, name: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(engagements).where(engagements.c.id == engagement_id).values(name=name)
            )

    # snapshots -------------------------------------------------------------------------------

    def take_snapshot(
        self,
        engagement_id: str,
        label: str,
        knowledge_index: float,
        topics: Mapping[str, Mapping[str, float]],
        state: Mapping[str, Any],
    ) -> int:
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(snapshots).values(
                    engagement_id=engagement_id,
                    label=label[:200],
                    created=_now(),
                    knowledge_index=float(knowledge_index),
                    topics=json.dumps(topics),
                    state=json.dumps(state, default=str),
                )
            )
            return int(result.inserted_primary_key[0])

    def snapshots(self, engagement_id: str) -> list[Snapshot]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(snapshots)
                .where(snapshots.c.engagement_id == engagement_id)
                .order_by(snapshots.c.created, snapshots.c.id)
            ).all()
        return [
            Snapshot(
                r.id,
                r.engagement_id,
                r.label,
                r.created,
                r.knowledge_index,
                json.loads(r.topics),
                json.loads(r.state),
            )
            for r in rows
        ]

    # export and import ---------------------------------------------------------------------

    def export_engagement(self, engagement_id: str) -> bytes:
        """One engagement (state, inventory, snapshots, workshops and votes) as one JSON file."""
        engagement = self.get_engagement(engagement_id)
        if engagement is None:
            raise StoreError(f"No engagement {engagement_id!r}")
        with self.engine.connect() as conn:
            shops = conn.execute(
                select(workshops).where(workshops.c.engagement_id == engagement_id)
            ).all()
            people = conn.execute(
                select(participants).where(
                    participants.c.workshop_code.in_([w.code for w in shops])
                )
            ).all()
            ids = [p.id for p in people]
            vote_rows = conn.execute(select(votes).where(votes.c.participant_id.in_(ids))).all()
            pair_rows = conn.execute(
                select(comparisons).where(comparisons.c.participant_id.in_(ids))
            ).all()
        document = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "schema_version": SCHEMA_VERSION,
            "engagement": {
                "id": engagement.id,
                "name": engagement.name,
                "sample_org": engagement.sample_org,
                "inventory_name": engagement.inventory_name,
                "inventory": base64.b64encode(engagement.inventory).decode()
                if engagement.inventory
                else None,
                "state": engagement.state,
                "created": engagement.created.isoformat(),
                "updated": engagement.updated.isoformat(),
            },
            "snapshots": [
                {
                    "label": s.label,
                    "created": s.created.isoformat(),
                    "knowledge_index": s.knowledge_index,
                    "topics": s.topics,
                    "state": s.state,
                }
                for s in self.snapshots(engagement_id)
            ],
            "workshops": [
                {
                    "code": w.code,
                    "status": w.status,
                    "dots": w.dots,
                    "questions": json.loads(w.questions),
                    "goals": json.loads(w.goals),
                    "created": w.created.isoformat(),
                    "participants": [
                        {
                            "display_name": p.display_name,
                            "joined": p.joined.isoformat(),
                            "voted": p.voted.isoformat() if p.voted else None,
                            "votes": {
                                v.question_id: v.dots for v in vote_rows if v.participant_id == p.id
                            },
                            "comparisons": [
                                [c.goal_a, c.goal_b, c.value]
                                for c in pair_rows
                                if c.participant_id == p.id
                            ],
                        }
                        for p in people
                        if p.workshop_code == w.code
                    ],
                }
                for w in shops
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

    def import_engagement(self, data: bytes) -> str:
        """Import an exported engagement under a new id; returns the id."""
        try:
            document = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise StoreError(f"Not an engagement file ({exc}).") from exc
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            raise StoreError("Not an engagement file exported by ZPD Assess.")
        if int(document.get("version", 0)) > EXPORT_VERSION:
            raise StoreError("The engagement file is newer than this program; update ZPD Assess.")
        e = document["engagement"]
        new_id = self.create_engagement(
            e["name"],
            e["state"],
            sample_org=e.get("sample_org"),
            inventory_name=e.get("inventory_name"),
            inventory=base64.b64decode(e["inventory"]) if e.get("inventory") else None,
        )
        with self.engine.begin() as conn:
            for s in document.get("snapshots", []):
                conn.execute(
                    insert(snapshots).values(
                        engagement_id=new_id,
                        label=s["label"],
                        created=dt.datetime.fromisoformat(s["created"]),
                        knowledge_index=s["knowledge_index"],
                        topics=json.dumps(s["topics"]),
                        state=json.dumps(s["state"], default=str),
                    )
                )
            for w in document.get("workshops", []):
                code = self._new_code(conn)
                conn.execute(
                    insert(workshops).values(
                        code=code,
                        engagement_id=new_id,
                        status=w["status"],
                        dots=w["dots"],
                        questions=json.dumps(w["questions"]),
                        goals=json.dumps(w["goals"]),
                        created=dt.datetime.fromisoformat(w["created"]),
                    )
                )
                for p in w.get("participants", []):
                    pid = conn.execute(
                        insert(participants).values(
                            workshop_code=code,
                            token=secrets.token_urlsafe(16),
                            display_name=p["display_name"],
                            joined=dt.datetime.fromisoformat(p["joined"]),
                            voted=dt.datetime.fromisoformat(p["voted"]) if p.get("voted") else None,
                        )
                    ).inserted_primary_key[0]
                    for qid, dots in p.get("votes", {}).items():
                        conn.execute(
                            insert(votes).values(
                                participant_id=pid, question_id=qid, dots=int(dots)
                            )
                        )
                    for a, b, value in p.get("comparisons", []):
                        conn.execute(
                            insert(comparisons).values(
                                participant_id=pid, goal_a=a, goal_b=b, value=float(value)
                            )
                        )
        return new_id

    # workshops ---------------------------------------------------------------------------------

    @staticmethod
    def _new_code(conn) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if (
                conn.execute(select(workshops.c.code).where(workshops.c.code == code)).first()
                is None
            ):
                return code

    def open_workshop(
        self, engagement_id: str, questions: Sequence[str], goals: Sequence[str], dots: int = 5
    ) -> Workshop:
        if not questions:
            raise StoreError("A workshop needs questions to vote on.")
        if dots < 1:
            raise StoreError("Each participant needs at least one dot.")
        with self.engine.begin() as conn:
            code = self._new_code(conn)
            conn.execute(
                insert(workshops).values(
                    code=code,
                    engagement_id=engagement_id,
                    status="open",
                    dots=int(dots),
                    questions=json.dumps(list(questions)),
                    goals=json.dumps(list(goals)),
                    created=_now(),
                )
            )
        workshop = self.get_workshop(code)
        assert workshop is not None  # just written in the same process
        return workshop

    def get_workshop(self, code: str) -> Workshop | None:
        code = (code or "").strip().upper()
        with self.engine.connect() as conn:
            row = conn.execute(select(workshops).where(workshops.c.code == code)).first()
        if row is None:
            return None
        return Workshop(
            row.code,
            row.engagement_id,
            row.status,
            row.dots,
            tuple(json.loads(row.questions)),
            tuple(json.loads(row.goals)),
            row.created,
        )

    def workshops_of(self, engagement_id: str) -> list[Workshop]:
        with self.engine.connect() as conn:
            codes = conn.execute(
                select(workshops.c.code)
                .where(workshops.c.engagement_id == engagement_id)
                .order_by(workshops.c.created.desc())
            ).scalars()
            codes = list(codes)
        return [w for w in (self.get_workshop(c) for c in codes) if w is not None]

    def set_status(self, code: str, status: str) -> None:
        if status not in ("open", "revealed", "closed"):
            raise StoreError(f"Unknown workshop status {status!r}")
        with self.engine.begin() as conn:
            conn.execute(update(workshops).where(workshops.c.code == code).values(status=status))

    def join(self, code: str, display_name: str) -> str:
        """A participant joins; returns the token that identifies his vote."""
        workshop = self.get_workshop(code)
        if workshop is None:
            raise StoreError("No workshop with this code; check the code on the screen.")
        if workshop.status == "closed":
            raise StoreError("This workshop is closed.")
        name = " ".join(str(display_name).split())[:80]
        if not name:
            raise StoreError("Choose a display name.")
        token = secrets.token_urlsafe(16)
        with self.engine.begin() as conn:
            conn.execute(
                insert(participants).values(
                    workshop_code=workshop.code, token=token, display_name=name, joined=_now()
                )
            )
        return token

    def _participant(self, conn, code: str, token: str):
        row = conn.execute(
            select(participants).where(
                participants.c.token == token, participants.c.workshop_code == code
            )
        ).first()
        if row is None:
            raise StoreError("This link does not belong to this workshop; join again.")
        return row

    def submit_votes(self, code: str, token: str, dots: Mapping[str, int]) -> None:
        """Record (or replace) a participant's dot vote, atomically."""
        workshop = self.get_workshop(code)
        if workshop is None:
            raise StoreError("No workshop with this code.")
        if workshop.status != "open":
            raise StoreError("Voting is over for this workshop.")
        clean = {q: int(d) for q, d in dots.items() if int(d) > 0}
        unknown = set(clean) - set(workshop.questions)
        if unknown:
            raise StoreError(f"Not on this workshop's ballot: {', '.join(sorted(unknown))}")
        if any(d < 0 for d in dots.values()) or sum(clean.values()) > workshop.dots:
            raise StoreError(f"Use at most {workshop.dots} dots in all.")
        with self.engine.begin() as conn:
            person = self._participant(conn, workshop.code, token)
            conn.execute(delete(votes).where(votes.c.participant_id == person.id))
            if clean:
                conn.execute(
                    insert(votes),
                    [
                        {"participant_id": person.id, "question_id": q, "dots": d}
                        for q, d in clean.items()
                    ],
                )
            conn.execute(
                update(participants).where(participants.c.id == person.id).values(voted=_now())
            )

    def submit_comparisons(
        self, code: str, token: str, judgments: Mapping[tuple[str, str], float]
    ) -> None:
        workshop = self.get_workshop(code)
        if workshop is None or workshop.status != "open":
            raise StoreError("Voting is over for this workshop.")
        for (a, b), value in judgments.items():
            if a not in workshop.goals or b not in workshop.goals or a == b:
                raise StoreError(f"{a} vs {b} is not a pair of this workshop's goals")
            if not (value > 0 and math.isfinite(value)):
                raise StoreError(f"The judgment {a} vs {b} must be a positive number")
        with self.engine.begin() as conn:
            person = self._participant(conn, workshop.code, token)
            conn.execute(delete(comparisons).where(comparisons.c.participant_id == person.id))
            if judgments:
                conn.execute(
                    insert(comparisons),
                    [
                        {"participant_id": person.id, "goal_a": a, "goal_b": b, "value": float(v)}
                        for (a, b), v in judgments.items()
                    ],
                )

    def results(self, code: str) -> WorkshopResults:
        workshop = self.get_workshop(code)
        if workshop is None:
            raise StoreError("No workshop with this code.")
        with self.engine.connect() as conn:
            people = conn.execute(
                select(participants.c.id, participants.c.voted).where(
                    participants.c.workshop_code == workshop.code
                )
            ).all()
            ids = [p.id for p in people]
            rows = conn.execute(
                select(votes.c.participant_id, votes.c.question_id, votes.c.dots).where(
                    votes.c.participant_id.in_(ids)
                )
            ).all()
            pairs = conn.execute(
                select(comparisons.c.goal_a, comparisons.c.goal_b, comparisons.c.value).where(
                    comparisons.c.participant_id.in_(ids)
                )
            ).all()
        voters = [p.id for p in people if p.voted is not None]
        n = len(voters)
        per_question = []
        for qid in workshop.questions:
            given = {r.participant_id: r.dots for r in rows if r.question_id == qid}
            values = [given.get(p, 0) for p in voters]
            mean = sum(values) / n if n else 0.0
            spread = math.sqrt(sum((v - mean) ** 2 for v in values) / n) if n else 0.0
            per_question.append(
                QuestionVotes(
                    question_id=qid,
                    total=sum(values),
                    voters=sum(1 for v in values if v > 0),
                    mean=mean,
                    spread=spread,
                    share=(sum(1 for v in values if v > 0) / n) if n else 0.0,
                    split=n > 1 and mean > 0 and spread > mean,
                )
            )
        judged: dict[tuple[str, str], list[float]] = {}
        for a, b, value in pairs:
            judged.setdefault((a, b), []).append(float(value))
        return WorkshopResults(
            participants=len(people), voted=n, questions=tuple(per_question), comparisons=judged
        )

    def count(self, table: Table) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
