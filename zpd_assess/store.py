"""Engagements that never lose work: a versioned database, snapshots, live workshops.

Each client engagement lives in SQLite by default (``$ZPD_DATA_DIR/zpd.sqlite``, default
``~/.zpd_assess``) through SQLAlchemy, so that a team can point ``ZPD_DATABASE_URL`` at PostgreSQL.
The schema is versioned in ``schema_version`` and migrates forward with Alembic's operations, all
of a migration in one transaction; every save is one transaction, and SQLite runs in WAL mode so
that a process killed mid-save leaves the last completed edit readable.

No edit is lost silently: every engagement carries a ``revision``; a save that names the revision
it started from fails with :class:`ConflictError` (carrying the newer stored version) when another
tab or person saved in between, and :func:`merge_states` merges the two. Database faults (locked,
disk full, read-only, unreachable) surface as :class:`StoreUnavailable` with a plain message that
names the database and never the data.

A workshop belongs to an engagement: the facilitator opens it (a short join code), participants
join with a display name (one participant per device), cast a blind dot vote and optionally compare
goals in pairs; the results are aggregated per question (total, spread) and per goal pair
(geometric mean of judgments).
"""

from __future__ import annotations

import base64
import binascii
import copy
import datetime as dt
import functools
import json
import math
import os
import re
import secrets
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import (
    Boolean,
    Column,
    Connection,
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
    make_url,
    select,
    update,
)
from sqlalchemy import false as sa_false
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

EXPORT_FORMAT = "zpd-assess/engagement"
EXPORT_VERSION = 1
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud in a room
CODE_LENGTH = 6
WORKSHOP_STATUSES = ("open", "revealed", "closed")
#: What a participant may offer in the ideas round: a question to ask, a use case ("if we knew X
#: we would do Y"), a customer worry.
IDEA_KINDS = ("question", "use_case", "worry")
#: An idea's course: new, accepted onto the ballot, merged into another, set aside.
IDEA_STATUSES = ("new", "accepted", "merged", "set_aside")
MAX_IDEA_TEXT = 400
MAX_IDEAS_PER_PARTICIPANT = 30
MAX_DOTS = 100  # 1 to 20 dots, or a 100-point allocation
#: A workshop with this many dots is a 100-point allocation: points given in steps of 5.
POINTS_BUDGET = 100
MAX_INVENTORY_BYTES = 20 * 1024 * 1024  # the upload limit of the inventory intake
MAX_IMPORT_BYTES = 64 * 1024 * 1024  # an engagement file: a 20 MB inventory in base64 plus state
BUSY_TIMEOUT_S = 5  # how long a write waits for another program's lock before saying so
#: Column limits (PostgreSQL enforces them; the store checks them first).
MAX_NAME = 200
MAX_INVENTORY_NAME = 255
MAX_SAMPLE_ORG = 64
MAX_DISPLAY_NAME = 80
MAX_LABEL = 200
MAX_ITEM_ID = 64  # question and goal ids in workshops, votes and comparisons
MAX_DEVICE = 64
MAX_ENGAGEMENT_ID = 32
#: Evidence kept with an engagement: the customers and answers tables, the last run's results.
EVIDENCE_ROLES = ("customers", "answers", "run")
MAX_EVIDENCE_BYTES = 25 * 1024 * 1024  # the app's upload limit, per file
MAX_EVIDENCE_NAME = 255
#: The evidence an engagement file carries: beyond it the file would be larger than the app
#: takes back (its upload limit is 25 MB, and base64 adds a third).
MAX_EXPORTED_EVIDENCE_BYTES = 16 * 1024 * 1024
SAMPLE_ORG_PATTERN = re.compile(r"^[a-z0-9_]+$")
#: The most topic fixes one engagement may hand to the firm's memory at once.
MAX_TOPIC_FIXES_PER_SAVE = 5_000


class StoreError(ValueError):
    """A request the store cannot serve; the message says what to do.

    Where a participant's phone may show it, ``label`` names the same message in
    ``templates/labels.csv`` (both languages) and ``params`` fills its blanks: the store speaks
    English, the screen the participant's language.
    """

    def __init__(self, message: str, *, label: str = "", params: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.label = label
        self.params = dict(params or {})


class StoreUnavailable(StoreError):
    """The database could not be used (locked, disk full, read-only, unreachable).

    The message names the database (file path, or PostgreSQL host and database, never a password)
    and the reason in plain words; it never contains SQL, parameters or engagement state.
    ``kind`` is one of ``locked``, ``full``, ``read-only``, ``cannot-open``, ``unreachable``,
    ``refused`` (the data conflicts with what is stored) or ``error``.
    """

    def __init__(self, message: str, *, kind: str = "error", location: str = ""):
        super().__init__(message)
        self.kind = kind
        self.location = location


class ConflictError(StoreError):
    """Someone saved the engagement since this copy was loaded; ``current`` is their version.

    Nothing was written. Merge with :func:`merge_states` (base: the state this copy was loaded
    from, mine: this copy, theirs: ``current.state``) and save again with
    ``expected_revision=current.revision``.
    """

    def __init__(self, message: str, current: StoredEngagement):
        super().__init__(message)
        self.current = current


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _dumps(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only the escaped form can be stored
        text = json.dumps(value, ensure_ascii=True, default=str)
    return text


def _show(value: Any, limit: int = 40) -> str:
    """A value for a message: its repr, cut so that a huge or hostile value stays short."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _text(value: Any, field: str, limit: int, *, cut: bool, allow_empty: bool = False) -> str:
    """A text field ready for its column: NUL removed, cut to ``limit`` or refused past it."""
    if not isinstance(value, str):
        raise StoreError(f"{field} must be text; got {type(value).__name__}.")
    clean = value.replace("\x00", "").strip()
    if not clean and not allow_empty:
        raise StoreError(f"{field} is empty; give it a name.")
    if len(clean) > limit:
        if not cut:
            raise StoreError(
                f"{field} is {len(clean)} characters long; the most accepted is {limit}."
            )
        clean = clean[:limit].rstrip()
    return clean


def _sample_org(value: Any, field: str = "sample_org") -> str | None:
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or len(value) > MAX_SAMPLE_ORG
        or not SAMPLE_ORG_PATTERN.fullmatch(value)
    ):
        raise StoreError(
            f"{field} is {_show(value)}; accepted: null or up to {MAX_SAMPLE_ORG} characters "
            "of a-z, 0-9 and _ (the id of a sample organisation)."
        )
    return value


def _inventory(data: bytes | None, field: str = "inventory") -> bytes | None:
    if data is None:
        return None
    if not isinstance(data, bytes | bytearray | memoryview):
        raise StoreError(f"{field} must be bytes; got {type(data).__name__}.")
    data = bytes(data)
    if len(data) > MAX_INVENTORY_BYTES:
        raise StoreError(
            f"The inventory file is {len(data) / 2**20:.1f} MB; the largest accepted is "
            f"{MAX_INVENTORY_BYTES // 2**20} MB."
        )
    return data


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
    Column("revision", Integer, nullable=False, server_default="0"),
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
    Column("anonymous", Boolean, nullable=False, server_default=sa_false()),
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
    Column("device", String(64)),
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
evidence = Table(
    "evidence",
    metadata,
    Column(
        "engagement_id",
        String(32),
        ForeignKey("engagements.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("role", String(16), primary_key=True),
    Column("name", String(255), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("saved", DateTime, nullable=False),
)
ideas = Table(
    "ideas",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "workshop_code",
        String(16),
        ForeignKey("workshops.code", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("participant_id", Integer, ForeignKey("participants.id", ondelete="SET NULL")),
    Column("kind", String(16), nullable=False),
    Column("text", Text, nullable=False),
    Column("lang", String(2), nullable=False),
    Column("submitted", DateTime, nullable=False),
    Column("status", String(16), nullable=False),
    Column("merged_into", Integer),
    Column("text_en", Text),
    Column("text_he", Text),
    Column("question_id", String(64)),
)
topic_fixes = Table(
    "topic_fixes",
    metadata,
    Column("name_key", String(200), primary_key=True),
    Column("topics", Text, nullable=False),
    Column("updated", DateTime, nullable=False),
    Column(
        "engagement_id",
        String(32),
        ForeignKey("engagements.id", ondelete="CASCADE"),
        nullable=False,
    ),
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


def _v3(op: Operations) -> None:
    """A revision per engagement (saves that would overwrite newer work are refused) and a
    device key per participant (one participant per device and workshop)."""
    op.add_column("engagements", Column("revision", Integer, nullable=False, server_default="0"))
    op.add_column("participants", Column("device", String(64)))
    op.create_index(
        "ux_participants_device", "participants", ["workshop_code", "device"], unique=True
    )


def _v4(op: Operations) -> None:
    """Evidence kept with an engagement (the Evidence page's uploads and its last results)."""
    op.create_table(
        "evidence",
        Column(
            "engagement_id",
            String(32),
            ForeignKey("engagements.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        Column("role", String(16), primary_key=True),
        Column("name", String(255), nullable=False),
        Column("data", LargeBinary, nullable=False),
        Column("saved", DateTime, nullable=False),
    )


def _v5(op: Operations) -> None:
    """The room's ideas (candidate questions, use cases, customer worries typed on phones) and
    whether a workshop hides who wrote them."""
    op.create_table(
        "ideas",
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column(
            "workshop_code",
            String(16),
            ForeignKey("workshops.code", ondelete="CASCADE"),
            nullable=False,
        ),
        Column("participant_id", Integer, ForeignKey("participants.id", ondelete="SET NULL")),
        Column("kind", String(16), nullable=False),
        Column("text", Text, nullable=False),
        Column("lang", String(2), nullable=False),
        Column("submitted", DateTime, nullable=False),
        Column("status", String(16), nullable=False),
        Column("merged_into", Integer),
        Column("text_en", Text),
        Column("text_he", Text),
        Column("question_id", String(64)),
    )
    op.create_index("ix_ideas_workshop", "ideas", ["workshop_code"])
    op.add_column(
        "workshops", Column("anonymous", Boolean, nullable=False, server_default=sa_false())
    )


def _v6(op: Operations) -> None:
    """The firm's remembered topic fixes: an attribute name's topics as a consultant fixed them
    in an engagement (the last fix of a name wins), for the next client's file."""
    op.create_table(
        "topic_fixes",
        Column("name_key", String(200), primary_key=True),
        Column("topics", Text, nullable=False),
        Column("updated", DateTime, nullable=False),
        Column(
            "engagement_id",
            String(32),
            ForeignKey("engagements.id", ondelete="CASCADE"),
            nullable=False,
        ),
    )
    op.create_index("ix_topic_fixes_engagement", "topic_fixes", ["engagement_id"])


#: Forward migrations, in order; the schema's version is how many have been applied.
MIGRATIONS: tuple[Callable[[Operations], None], ...] = (_v1, _v2, _v3, _v4, _v5, _v6)
SCHEMA_VERSION = len(MIGRATIONS)


def database_url() -> str:
    """``$ZPD_DATABASE_URL``, else SQLite in ``$ZPD_DATA_DIR`` (default ``~/.zpd_assess``)."""
    url = os.environ.get("ZPD_DATABASE_URL")
    if url:
        return url
    folder = _data_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _folder_unusable(folder, exc) from None
    return f"sqlite:///{folder / 'zpd.sqlite'}"


def _data_dir() -> Path:
    return Path(os.environ.get("ZPD_DATA_DIR") or Path.home() / ".zpd_assess")


def _folder_unusable(folder: Path, exc: OSError) -> StoreUnavailable:
    reason = exc.strerror or type(exc).__name__
    return StoreUnavailable(
        f"ZPD Assess cannot write to its data folder {folder} ({reason.lower()}). Engagements "
        "are kept there: set $ZPD_DATA_DIR to a folder this program can write to (or make this "
        "one writable and free some space), then start ZPD Assess again.",
        kind="read-only",
        location=str(folder),
    )


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _check_writable(url: str) -> None:
    """A SQLite database's folder must accept new files (WAL needs two beside the database)."""
    path = _sqlite_file(url)
    if path is None:
        return
    folder = path.parent.resolve()
    try:
        with tempfile.TemporaryFile(dir=folder, prefix=".zpd-write-check-"):
            pass
    except OSError as exc:
        raise _folder_unusable(folder, exc) from None


def describe_location(url: str) -> str:
    """Where the database is, for a person: the SQLite file, or PostgreSQL host and database."""
    parsed = make_url(url)
    path = _sqlite_file(url)
    if path is not None:
        return f"the database file {path.resolve()}"
    if parsed.get_backend_name() == "sqlite":
        return "the in-memory database"
    host = parsed.host or parsed.query.get("host") or "the local socket"
    port = f":{parsed.port}" if parsed.port else ""
    kind = "PostgreSQL" if parsed.get_backend_name() == "postgresql" else parsed.get_backend_name()
    return f"the {kind} database {parsed.database!r} on {host}{port}"


#: What the database said (lower case), what it means, and what to do.
_REASONS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("database is locked", "database table is locked", "busy"),
        "locked",
        "is locked by another program (for example a backup, a sync tool or a second copy of "
        "ZPD Assess); close it or wait a moment, then try again",
    ),
    (
        ("disk is full", "disk full", "no space left", "could not extend file"),
        "full",
        "is on a disk that is full; free some space, then try again",
    ),
    (
        ("readonly", "read-only", "read only"),
        "read-only",
        "is read-only (its folder or disk does not accept writes); make it writable or set "
        "$ZPD_DATA_DIR to a writable folder",
    ),
    (
        ("unable to open", "cannot open", "disk i/o error"),
        "cannot-open",
        "cannot be opened (the file or its folder is missing, read-only or not accessible); "
        "check $ZPD_DATA_DIR",
    ),
    (
        (
            "connection refused",
            "could not connect",
            "connection failed",
            "server closed",
            "timeout expired",
            "could not translate host name",
            "no such file or directory",
            "terminating connection",
            "connection is closed",
        ),
        "unreachable",
        "cannot be reached (the server is down or refuses the connection); check that it is "
        "running and that ZPD_DATABASE_URL is right",
    ),
    (
        ("password authentication failed", "role ", "does not exist"),
        "cannot-open",
        "refused the login or does not exist; check ZPD_DATABASE_URL",
    ),
)


def _unavailable(url: str, exc: SQLAlchemyError) -> StoreUnavailable:
    """A plain message for a database error: where and why, never the SQL or its parameters."""
    location = describe_location(url)
    said = str(getattr(exc, "orig", None) or "").lower()
    if isinstance(exc, IntegrityError):
        return StoreUnavailable(
            f"{location[0].upper()}{location[1:]} refused the change because it conflicts with "
            "what is stored (a duplicate, or a record that no longer exists); reload and try "
            "again. Nothing was changed.",
            kind="refused",
            location=location,
        )
    for needles, kind, words in _REASONS:
        if any(n in said for n in needles):
            return StoreUnavailable(
                f"{location[0].upper()}{location[1:]} {words}. Nothing was changed.",
                kind=kind,
                location=location,
            )
    name = type(getattr(exc, "orig", None) or exc).__name__
    return StoreUnavailable(
        f"{location[0].upper()}{location[1:]} reported an error ({name}). Nothing was changed; "
        "try again, and if it persists, check the database.",
        kind="error",
        location=location,
    )


def _engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False}
        )

        @event.listens_for(engine, "connect")
        def _pragmas(connection, _record) -> None:
            cursor = connection.cursor()
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def schema_version(engine: Engine) -> int:
    if "schema_version" not in inspect(engine).get_table_names():
        return 0
    with engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT version FROM schema_version").scalar() or 0)


def _refuse_newer(current: int) -> None:
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"The database is at schema version {current}, newer than this program "
            f"({SCHEMA_VERSION}); update ZPD Assess."
        )


def migrate(engine: Engine, target: int = SCHEMA_VERSION) -> int:
    """Apply the forward migrations up to ``target``; returns the version reached.

    All of it happens in one transaction that holds the database's write lock (SQLite) or an
    advisory lock (PostgreSQL), so that two programs starting at once migrate once, and a crash
    mid-migration leaves the previous version.
    """
    if not 0 <= target <= SCHEMA_VERSION:
        raise StoreError(f"No schema version {target}; this program knows 0 to {SCHEMA_VERSION}.")
    if "schema_version" in inspect(engine).get_table_names():
        with engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT version FROM schema_version").scalar()
        if found is not None:
            _refuse_newer(int(found))
            if int(found) >= target:
                return int(found)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")  # DDL too: pysqlite would autocommit it
        elif engine.dialect.name == "postgresql":
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7301000001)")
        conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        current = conn.exec_driver_sql("SELECT version FROM schema_version").scalar()
        if current is None:
            conn.exec_driver_sql("INSERT INTO schema_version (version) VALUES (0)")
            current = 0
        current = int(current)
        _refuse_newer(current)
        op = Operations(MigrationContext.configure(conn))
        for version in range(current + 1, target + 1):
            MIGRATIONS[version - 1](op)
            conn.exec_driver_sql(f"UPDATE schema_version SET version = {int(version)}")
        return max(current, target)


# --- merging two edits of one state ------------------------------------------------------------

_MISSING: Any = object()
_ID_KEYS = ("id", "question_id")
_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def merge_states(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Three-way merge of two edits (``mine``, ``theirs``) of one JSON-like state (``base``).

    Returns the merged state and the fields where both sides changed the same value and ``mine``
    won (for example ``"weights.retention"`` or ``"workshop[w_02].text_he"``), so that the caller
    can say so and keep ``theirs`` in a snapshot.

    - A key changed on one side only takes that side's value (a deletion is a change).
    - A dict changed on both sides is merged key by key, the same way, at any depth.
    - A list of dicts that carry an ``id`` (or ``question_id``) is merged by id: additions of both
      sides are kept, an item changed on both sides is merged field by field, an item removed on
      one side and changed on the other is kept (and named). Two different new items under the
      same id keep theirs' id; mine gets the next free number with the same prefix (``w_02`` ->
      ``w_03``), which is not reported as a conflict.
    - A list of distinct plain values (text, numbers) is merged as a set: both sides' additions
      and removals apply; the order is mine's, then theirs' additions.
    - Anything else changed on both sides (a number, a text, a list of other things): mine wins.
    """
    merged, conflicts = _merge_dicts(base, mine, theirs, "")
    return merged, conflicts


def _copy(value: Any) -> Any:
    return value if value is _MISSING else copy.deepcopy(value)


def _merge_value(base: Any, mine: Any, theirs: Any, path: str) -> tuple[Any, list[str]]:
    if mine == theirs:
        return _copy(mine), []
    if mine == base:
        return _copy(theirs), []
    if theirs == base:
        return _copy(mine), []
    if mine is _MISSING or theirs is _MISSING:  # removed on one side, changed on the other: keep
        return _copy(theirs if mine is _MISSING else mine), [path]
    if isinstance(mine, Mapping) and isinstance(theirs, Mapping):
        old = base if isinstance(base, Mapping) else {}
        return _merge_dicts(old, mine, theirs, path + ".")
    if isinstance(mine, list) and isinstance(theirs, list):
        old = base if isinstance(base, list) else []
        key = _id_key(old, mine, theirs)
        if key is not None:
            return _merge_by_id(old, mine, theirs, key, path)
        if _plain_set(old) and _plain_set(mine) and _plain_set(theirs):
            return _merge_sets(old, mine, theirs), []
    return _copy(mine), [path]


def _merge_dicts(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any], prefix: str
) -> tuple[Any, list[str]]:
    merged: dict[str, Any] = {}
    conflicts: list[str] = []
    for key in [*mine, *(k for k in theirs if k not in mine)]:
        value, found = _merge_value(
            base.get(key, _MISSING),
            mine.get(key, _MISSING),
            theirs.get(key, _MISSING),
            f"{prefix}{key}",
        )
        conflicts.extend(found)
        if value is not _MISSING:
            merged[key] = value
    # keys that only the base had were deleted by both sides: they stay deleted
    return merged, conflicts


def _id_key(*lists: list[Any]) -> str | None:
    items = [item for items in lists for item in items]
    if not items or not all(isinstance(item, Mapping) for item in items):
        return None
    for key in _ID_KEYS:
        ids = [item.get(key) for item in items]
        usable = all(isinstance(i, str | int) and not isinstance(i, bool) for i in ids)
        if usable and all(len({x[key] for x in side}) == len(side) for side in lists):
            return key
    return None


def _plain_set(items: list[Any]) -> bool:
    plain = all(isinstance(x, str | int | float) and not isinstance(x, bool) for x in items)
    return plain and len(set(items)) == len(items)


def _merge_sets(base: list[Any], mine: list[Any], theirs: list[Any]) -> list[Any]:
    removed = (set(base) - set(mine)) | (set(base) - set(theirs))
    merged = [x for x in mine if x not in removed]
    merged += [x for x in theirs if x not in removed and x not in set(merged)]
    return merged


def _next_free(item_id: Any, used: set[Any]) -> Any:
    if isinstance(item_id, int):
        candidate = item_id + 1
        while candidate in used:
            candidate += 1
        return candidate
    match = _NUMBERED.match(item_id)
    prefix, number, width = (
        (match.group(1), int(match.group(2)), len(match.group(2)))
        if match
        else (item_id + "_", 1, 1)
    )
    while True:
        number += 1
        candidate = f"{prefix}{number:0{width}d}"
        if candidate not in used:
            return candidate


def _merge_by_id(
    base: list[Any], mine: list[Any], theirs: list[Any], key: str, path: str
) -> tuple[list[Any], list[str]]:
    old = {item[key]: item for item in base}
    ours = {item[key]: item for item in mine}
    other = {item[key]: item for item in theirs}
    used = set(old) | set(ours) | set(other)
    conflicts: list[str] = []
    merged: list[Any] = []
    renamed: list[Any] = []
    order = [*ours, *(i for i in other if i not in ours)]
    for item_id in order:
        b, m, t = (
            old.get(item_id, _MISSING),
            ours.get(item_id, _MISSING),
            other.get(item_id, _MISSING),
        )
        where = f"{path}[{item_id}]"
        if b is _MISSING and m is not _MISSING and t is not _MISSING and m != t:
            # both added a different item under one id: theirs keeps it, mine moves on
            fresh = _next_free(item_id, used)
            used.add(fresh)
            merged.append(copy.deepcopy(t))
            renamed.append({**copy.deepcopy(m), key: fresh})
            continue
        if b is not _MISSING and (m is _MISSING) != (t is _MISSING):
            kept = t if m is _MISSING else m
            if kept != b:  # removed on one side, changed on the other: keep it, say so
                merged.append(copy.deepcopy(kept))
                conflicts.append(where)
            continue
        value, found = _merge_value(b, m, t, where)
        conflicts.extend(found)
        if value is not _MISSING:
            merged.append(value)
    return merged + renamed, conflicts


# --- engagement files: the whole document is checked before anything is written -----------------


@dataclass(frozen=True)
class _ImportPlan:
    """A validated engagement file, ready to write."""

    engagement: dict[str, Any]
    snapshots: list[dict[str, Any]]
    workshops: list[dict[str, Any]]
    evidence: list[dict[str, Any]] = field(default_factory=list)


def _fail(field: str, value: Any, accepted: str) -> NoReturn:
    raise StoreError(f"{field} is {_show(value)}; accepted: {accepted}.")


def _need(document: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in document:
        raise StoreError(f"{where}{key} is missing; every engagement file has it.")
    return document[key]


def _as_dict(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise StoreError(f"{field} must be an object ({{...}}); got {type(value).__name__}.")
    return value


def _as_list(value: Any, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise StoreError(f"{field} must be a list ([...]); got {type(value).__name__}.")
    return value


def _when(value: Any, field: str, *, optional: bool = False) -> dt.datetime | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        _fail(field, value, "a date and time in ISO format, e.g. 2026-11-30T14:05:00")
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        _fail(field, value, "a date and time in ISO format, e.g. 2026-11-30T14:05:00")
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _whole(value: Any, field: str, low: int, high: int | None = None) -> int:
    ok = isinstance(value, int) and not isinstance(value, bool)
    if not ok or value < low or (high is not None and value > high):
        _fail(
            field,
            value,
            f"a whole number from {low} to {high}"
            if high is not None
            else f"a whole number of at least {low}",
        )
    return int(value)


def _positive(value: Any, field: str) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value <= 0:
        _fail(field, value, "a positive finite number")
    return float(value)


def _finite(value: Any, field: str) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value):
        _fail(field, value, "a finite number")
    return float(value)


def _ids(value: Any, field: str, *, nonempty: bool) -> list[str]:
    items = _as_list(value, field)
    if nonempty and not items:
        raise StoreError(f"{field} is empty; a workshop needs at least one.")
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item or len(item) > MAX_ITEM_ID or "\x00" in item:
            _fail(f"{field}[{i}]", item, f"an id of 1 to {MAX_ITEM_ID} characters")
    if len(set(items)) != len(items):
        raise StoreError(f"{field} repeats an id; each may appear once.")
    return list(items)


def _decode_inventory(value: Any, field: str) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, str):
        _fail(field, value, "null or the file's bytes in base64")
    if len(value) > (MAX_INVENTORY_BYTES * 4) // 3 + 8:
        raise StoreError(
            f"{field} holds more than {MAX_INVENTORY_BYTES // 2**20} MB; the largest inventory "
            "accepted is that size."
        )
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise StoreError(
            f"{field} is not valid base64 (the file's bytes as exported); the file was damaged "
            "or edited. Export the engagement again."
        ) from None
    return _inventory(data, field)


def validate_engagement_file(data: bytes) -> _ImportPlan:
    """Check a whole engagement file (format, types, sizes, dates, workshops, votes)."""
    if not isinstance(data, bytes | bytearray):
        raise StoreError("An engagement file is read as bytes.")
    if len(data) > MAX_IMPORT_BYTES:
        raise StoreError(
            f"The file is {len(data) / 2**20:.1f} MB; an engagement file is at most "
            f"{MAX_IMPORT_BYTES // 2**20} MB."
        )
    try:
        document = json.loads(bytes(data).decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError("Not an engagement file: it is not UTF-8 text (JSON).") from None
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"Not an engagement file: it is not valid JSON ({exc.msg} at line {exc.lineno})."
        ) from None
    except RecursionError:
        raise StoreError("Not an engagement file: it is nested far too deeply.") from None
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise StoreError(
            f"Not an engagement file exported by ZPD Assess (its format must be {EXPORT_FORMAT!r})."
        )
    version = _need(document, "version", "")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        _fail("version", version, f"a whole number from 1 to {EXPORT_VERSION}")
    if version > EXPORT_VERSION:
        raise StoreError(
            f"The engagement file is version {version}, newer than this program reads "
            f"({EXPORT_VERSION}); update ZPD Assess."
        )
    made_by = document.get("schema_version", 0)
    if not isinstance(made_by, int) or isinstance(made_by, bool) or made_by < 0:
        _fail("schema_version", made_by, f"a whole number from 0 to {SCHEMA_VERSION}")
    if made_by > SCHEMA_VERSION:
        raise StoreError(
            f"The engagement file was made by a newer ZPD Assess (schema {made_by}, this program "
            f"has {SCHEMA_VERSION}); update ZPD Assess."
        )
    e = _as_dict(_need(document, "engagement", ""), "engagement")
    engagement = {
        "name": _text(_need(e, "name", "engagement."), "engagement.name", MAX_NAME, cut=False),
        "sample_org": _sample_org(e.get("sample_org"), "engagement.sample_org"),
        "inventory_name": None,
        "inventory": _decode_inventory(e.get("inventory"), "engagement.inventory"),
        "state": _as_dict(_need(e, "state", "engagement."), "engagement.state"),
        "created": _when(_need(e, "created", "engagement."), "engagement.created"),
        "updated": _when(_need(e, "updated", "engagement."), "engagement.updated"),
    }
    if e.get("inventory_name") is not None:
        engagement["inventory_name"] = _text(
            e["inventory_name"], "engagement.inventory_name", MAX_INVENTORY_NAME, cut=False
        )
    shots = []
    for i, s in enumerate(_as_list(document.get("snapshots", []), "snapshots")):
        where = f"snapshots[{i}]"
        s = _as_dict(s, where)
        topics = _as_dict(_need(s, "topics", f"{where}."), f"{where}.topics")
        shots.append(
            {
                "label": _text(
                    _need(s, "label", f"{where}."), f"{where}.label", MAX_LABEL, cut=False
                ),
                "created": _when(_need(s, "created", f"{where}."), f"{where}.created"),
                "knowledge_index": _finite(
                    _need(s, "knowledge_index", f"{where}."), f"{where}.knowledge_index"
                ),
                "topics": topics,
                "state": _as_dict(_need(s, "state", f"{where}."), f"{where}.state"),
            }
        )
    shops = []
    for i, w in enumerate(_as_list(document.get("workshops", []), "workshops")):
        shops.append(_validate_workshop(_as_dict(w, f"workshops[{i}]"), f"workshops[{i}]"))
    kept = []
    for i, f in enumerate(_as_list(document.get("evidence", []), "evidence")):
        kept.append(_validate_evidence(_as_dict(f, f"evidence[{i}]"), f"evidence[{i}]"))
    roles = [f["role"] for f in kept]
    if len(set(roles)) != len(roles):
        raise StoreError(
            "evidence repeats a role; each of customers, answers and run at most once."
        )
    return _ImportPlan(engagement, shots, shops, kept)


def _validate_evidence(f: Mapping[str, Any], where: str) -> dict[str, Any]:
    """One evidence file of an engagement file: its role, name, bytes and when it was kept. The
    bytes are checked again, as an upload, when the Evidence page reads them."""
    role = _need(f, "role", f"{where}.")
    if role not in EVIDENCE_ROLES:
        _fail(f"{where}.role", role, " / ".join(EVIDENCE_ROLES))
    encoded = _need(f, "data", f"{where}.")
    if not isinstance(encoded, str):
        _fail(f"{where}.data", encoded, "the file's bytes in base64")
    if len(encoded) > (MAX_EVIDENCE_BYTES * 4) // 3 + 8:
        raise StoreError(
            f"{where}.data holds more than {MAX_EVIDENCE_BYTES // 2**20} MB; the largest evidence "
            "file kept with an engagement is that size."
        )
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise StoreError(
            f"{where}.data is not valid base64 (the file's bytes as exported); the file was "
            "damaged or edited. Export the engagement again."
        ) from None
    return {
        "role": role,
        "name": _text(_need(f, "name", f"{where}."), f"{where}.name", MAX_EVIDENCE_NAME, cut=False),
        "data": data,
        "saved": _when(_need(f, "saved", f"{where}."), f"{where}.saved"),
    }


def _validate_workshop(w: Mapping[str, Any], where: str) -> dict[str, Any]:
    status = _need(w, "status", f"{where}.")
    if status not in WORKSHOP_STATUSES:
        _fail(f"{where}.status", status, ", ".join(WORKSHOP_STATUSES))
    dots = _need(w, "dots", f"{where}.")
    if not _dots_allowed(dots):
        _fail(f"{where}.dots", dots, f"a whole number from 1 to 20, or {POINTS_BUDGET} (points)")
    questions = _ids(_need(w, "questions", f"{where}."), f"{where}.questions", nonempty=True)
    goals = _ids(w.get("goals", []), f"{where}.goals", nonempty=False)
    people = []
    for j, p in enumerate(_as_list(w.get("participants", []), f"{where}.participants")):
        at = f"{where}.participants[{j}]"
        p = _as_dict(p, at)
        name = _need(p, "display_name", f"{at}.")
        if isinstance(name, str):
            name = " ".join(name.replace("\x00", "").split())
        if not isinstance(name, str) or not name or len(name) > MAX_DISPLAY_NAME:
            _fail(f"{at}.display_name", name, f"a name of 1 to {MAX_DISPLAY_NAME} characters")
        ballot = {}
        for qid, given in _as_dict(p.get("votes", {}), f"{at}.votes").items():
            if qid not in questions:
                _fail(f"{at}.votes", qid, "only the workshop's questions")
            ballot[qid] = _whole(given, f"{at}.votes[{qid!r}]", 0)
        if sum(ballot.values()) > dots:
            raise StoreError(
                f"{at}.votes gives {sum(ballot.values())} dots in all; accepted: at most the "
                f"workshop's {dots}."
            )
        pairs: list[tuple[str, str, float]] = []
        seen: set[frozenset[str]] = set()
        for k, row in enumerate(_as_list(p.get("comparisons", []), f"{at}.comparisons")):
            cell = f"{at}.comparisons[{k}]"
            if not isinstance(row, list) or len(row) != 3:
                _fail(cell, row, "[goal, other goal, judgment]")
            a, b, value = row
            if a not in goals or b not in goals or a == b:
                _fail(cell, [a, b], "a pair of two different goals of the workshop")
            if frozenset((a, b)) in seen:
                raise StoreError(
                    f"{cell} judges {a} vs {b} a second time; accepted: once per pair."
                )
            seen.add(frozenset((a, b)))
            pairs.append((a, b, _positive(value, f"{cell}[2]")))
        people.append(
            {
                "display_name": name,
                "joined": _when(_need(p, "joined", f"{at}."), f"{at}.joined"),
                "voted": _when(p.get("voted"), f"{at}.voted", optional=True),
                "votes": {q: d for q, d in ballot.items() if d > 0},
                "comparisons": pairs,
            }
        )
    anonymous = w.get("anonymous", False)
    if not isinstance(anonymous, bool):
        _fail(f"{where}.anonymous", anonymous, "true or false")
    return {
        "dots": dots,
        "questions": questions,
        "goals": goals,
        "created": _when(_need(w, "created", f"{where}."), f"{where}.created"),
        "participants": people,
        "anonymous": anonymous,
        "ideas": _validate_ideas(
            _as_list(w.get("ideas", []), f"{where}.ideas"), where, len(people)
        ),
    }


MAX_IDEAS_IN_FILE = 10_000


def _dots_allowed(dots: Any) -> bool:
    """1 to 20 dots, or :data:`POINTS_BUDGET` points."""
    whole = isinstance(dots, int) and not isinstance(dots, bool)
    return whole and (1 <= dots <= 20 or dots == POINTS_BUDGET)


def _export_ideas(rows: Sequence[Any], people: Sequence[int]) -> list[dict[str, Any]]:
    """A workshop's ideas for the engagement file: each names its author by position in the
    workshop's participants (ids are the database's own) and what it was merged into by ref."""
    position = {pid: i for i, pid in enumerate(people)}
    return [
        {
            "ref": r.id,
            "participant": position.get(r.participant_id),
            "kind": r.kind,
            "text": r.text,
            "lang": r.lang,
            "submitted": r.submitted.isoformat(),
            "status": r.status,
            "merged_into": r.merged_into,
            "text_en": r.text_en,
            "text_he": r.text_he,
            "question_id": r.question_id,
        }
        for r in rows
    ]


def _validate_ideas(items: list[Any], where: str, people: int) -> list[dict[str, Any]]:
    """A workshop's ideas as the engagement file carries them, checked whole."""
    if len(items) > MAX_IDEAS_IN_FILE:
        raise StoreError(f"{where}.ideas holds {len(items)} ideas; at most {MAX_IDEAS_IN_FILE}.")
    out: list[dict[str, Any]] = []
    for k, raw in enumerate(items):
        at = f"{where}.ideas[{k}]"
        idea = _as_dict(raw, at)
        ref = _whole(_need(idea, "ref", f"{at}."), f"{at}.ref", 0)
        author = idea.get("participant")
        if author is not None:
            author = _whole(author, f"{at}.participant", 0, max(people - 1, 0))
            if author >= people:
                _fail(f"{at}.participant", author, "null or a participant of the workshop")
        kind = _need(idea, "kind", f"{at}.")
        if kind not in IDEA_KINDS:
            _fail(f"{at}.kind", kind, " / ".join(IDEA_KINDS))
        status = _need(idea, "status", f"{at}.")
        if status not in IDEA_STATUSES:
            _fail(f"{at}.status", status, " / ".join(IDEA_STATUSES))
        lang = _need(idea, "lang", f"{at}.")
        if lang not in ("en", "he"):
            _fail(f"{at}.lang", lang, "en / he")
        worded = {}
        for column in ("text_en", "text_he"):
            given = idea.get(column)
            worded[column] = (
                None
                if given is None
                else _text(given, f"{at}.{column}", MAX_IDEA_TEXT, cut=False, allow_empty=True)
                or None
            )
        question_id = idea.get("question_id")
        if question_id is not None:
            question_id = _ids([question_id], f"{at}.question_id", nonempty=True)[0]
        out.append(
            {
                "ref": ref, "participant": author, "kind": kind,
                "text": _text(_need(idea, "text", f"{at}."), f"{at}.text", MAX_IDEA_TEXT,
                              cut=False),
                "lang": lang, "submitted": _when(_need(idea, "submitted", f"{at}."),
                                                 f"{at}.submitted"),
                "status": status, "merged_into": idea.get("merged_into"), **worded,
                "question_id": question_id,
            }
        )  # fmt: skip
    refs = [i["ref"] for i in out]
    if len(set(refs)) != len(refs):
        raise StoreError(f"{where}.ideas repeats a ref; each idea has its own.")
    for k, idea in enumerate(out):
        target = idea["merged_into"]
        if target is not None and (target not in refs or target == idea["ref"]):
            _fail(f"{where}.ideas[{k}].merged_into", target, "null or the ref of another idea")
    return out


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
    revision: int = 0  # how many saves of the state; a save names the one it started from


@dataclass(frozen=True)
class EvidenceFile:
    """A file kept with an engagement: its role (``EVIDENCE_ROLES``), name and bytes."""

    role: str
    name: str
    data: bytes
    saved: dt.datetime


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
    anonymous: bool = False


@dataclass(frozen=True)
class Idea:
    """One idea of the room, as submitted and as the facilitator curated it."""

    id: int
    kind: str  # question, use_case, worry
    text: str  # as typed
    lang: str  # he when it holds Hebrew letters, else en
    submitted: dt.datetime
    status: str  # new, accepted, merged, set_aside
    merged_into: int | None
    text_en: str | None  # the facilitator's wording in each language (None: not written yet)
    text_he: str | None
    author: str | None  # None in an anonymous workshop
    question_id: str | None = None  # the room question it became in the plan, once accepted


@dataclass(frozen=True)
class Participant:
    id: int
    display_name: str
    joined: dt.datetime
    voted: dt.datetime | None
    dots: int  # dots given in the current ballot


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
    #: each voter's dots, in the order of the ballot's questions (for the room's agreement)
    ballots: tuple[tuple[int, ...], ...] = ()


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """Database errors leave a public method as StoreUnavailable, with a plain message."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        try:
            return method(*args, **kwargs)
        except SQLAlchemyError as exc:
            raise _unavailable(args[0].url, exc) from None  # type: ignore[attr-defined]

    return wrapper


def _engagement(row: Any) -> StoredEngagement:
    return StoredEngagement(
        id=row.id,
        name=row.name,
        sample_org=row.sample_org,
        inventory_name=row.inventory_name,
        inventory=bytes(row.inventory) if row.inventory is not None else None,
        state=json.loads(row.state),
        created=row.created,
        updated=row.updated,
        revision=int(row.revision),
    )


def _workshop(row: Any) -> Workshop:
    return Workshop(
        row.code,
        row.engagement_id,
        row.status,
        row.dots,
        tuple(json.loads(row.questions)),
        tuple(json.loads(row.goals)),
        row.created,
        bool(row.anonymous),
    )


class Store:
    """The engagements database. One per process; safe to share between threads.

    Every public method raises :class:`StoreError` with a message for a person: a request the
    store refuses, :class:`ConflictError` for a save over newer work, :class:`StoreUnavailable`
    when the database cannot be used (locked, disk full, read-only, unreachable).
    """

    def __init__(self, url: str | None = None):
        self.url = url or database_url()
        _check_writable(self.url)
        try:
            self.engine = _engine(self.url)
            migrate(self.engine)
        except SQLAlchemyError as exc:
            raise _unavailable(self.url, exc) from None

    @property
    def location(self) -> str:
        """Where the database is, in words (no password)."""
        return describe_location(self.url)

    # engagements ---------------------------------------------------------------------------

    @_guarded
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
        """A new engagement at revision 0; returns its id.

        ``name`` is cut to 200 characters and ``inventory_name`` to 255 (they come from file
        names); an empty name, a ``sample_org`` that is not a sample's id (a-z, 0-9, _; at most
        64), an inventory over 20 MB or an ``engagement_id`` over 32 characters is refused.
        """
        values = self._engagement_values(
            name, state, sample_org, inventory_name, inventory, engagement_id
        )
        with self.engine.begin() as conn:
            if conn.execute(
                select(engagements.c.id).where(engagements.c.id == values["id"])
            ).first():
                raise StoreError(f"An engagement with id {values['id']!r} already exists.")
            conn.execute(insert(engagements).values(**values))
        return values["id"]

    @staticmethod
    def _engagement_values(
        name: str,
        state: Mapping[str, Any],
        sample_org: str | None,
        inventory_name: str | None,
        inventory: bytes | None,
        engagement_id: str | None,
    ) -> dict[str, Any]:
        if engagement_id is not None and (
            not isinstance(engagement_id, str)
            or not 0 < len(engagement_id) <= MAX_ENGAGEMENT_ID
            or "\x00" in engagement_id
        ):
            _fail("engagement_id", engagement_id, f"1 to {MAX_ENGAGEMENT_ID} characters")
        if not isinstance(state, Mapping):
            raise StoreError(f"An engagement's state is an object; got {type(state).__name__}.")
        now = _now()
        return {
            "id": engagement_id or secrets.token_urlsafe(8),
            "name": _text(name, "The engagement's name", MAX_NAME, cut=True),
            "sample_org": _sample_org(sample_org),
            "inventory_name": None
            if inventory_name is None
            else _text(inventory_name, "The inventory's file name", MAX_INVENTORY_NAME, cut=True),
            "inventory": _inventory(inventory),
            "state": _dumps(state),
            "created": now,
            "updated": now,
            "revision": 0,
        }

    @_guarded
    def get_engagement(self, engagement_id: str) -> StoredEngagement | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(engagements).where(engagements.c.id == engagement_id)).first()
        return None if row is None else _engagement(row)

    @_guarded
    def list_engagements(self) -> list[StoredEngagement]:
        """Every engagement, the most recently saved first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(engagements).order_by(engagements.c.updated.desc(), engagements.c.id)
            ).all()
        return [_engagement(row) for row in rows]

    @_guarded
    def save_state(
        self,
        engagement_id: str,
        state: Mapping[str, Any],
        *,
        expected_revision: int | None = None,
    ) -> int:
        """Save the engagement's state in one transaction; returns the new revision.

        With ``expected_revision`` (the revision this state was loaded at) the save happens only
        if nobody saved since; otherwise :class:`ConflictError` carries the stored version and
        nothing is written. ``None`` saves unconditionally (the revision still counts up).
        """
        if not isinstance(state, Mapping):
            raise StoreError(f"An engagement's state is an object; got {type(state).__name__}.")
        text = _dumps(state)
        with self.engine.begin() as conn:
            where = engagements.c.id == engagement_id
            if expected_revision is not None:
                where = where & (engagements.c.revision == int(expected_revision))
            done = conn.execute(
                update(engagements)
                .where(where)
                .values(state=text, updated=_now(), revision=engagements.c.revision + 1)
            )
            row = conn.execute(select(engagements).where(engagements.c.id == engagement_id)).first()
            if row is None:
                raise StoreError(f"No engagement {engagement_id!r}; it may have been deleted.")
            if done.rowcount == 0:
                current = _engagement(row)
                raise ConflictError(
                    f"The engagement was saved elsewhere (another tab or person) since this copy "
                    f"was loaded: it is at revision {current.revision}, this copy started from "
                    f"{expected_revision}. Nothing was overwritten; merge and save again.",
                    current,
                )
            return int(row.revision)

    @_guarded
    def rename(self, engagement_id: str, name: str) -> None:
        """Rename (cut to 200 characters; an empty name is refused)."""
        clean = _text(name, "The engagement's name", MAX_NAME, cut=True)
        with self.engine.begin() as conn:
            done = conn.execute(
                update(engagements).where(engagements.c.id == engagement_id).values(name=clean)
            )
            if done.rowcount == 0:
                raise StoreError(f"No engagement {engagement_id!r}")

    @_guarded
    def replace_inventory(self, engagement_id: str, inventory_name: str, inventory: bytes) -> int:
        """A new version of the client's file for the same engagement (its decisions, column
        choices and topic fixes stay); returns the new revision, so that other tabs take it."""
        values = {
            "inventory_name": _text(
                inventory_name, "The inventory's file name", MAX_INVENTORY_NAME, cut=True
            ),
            "inventory": _inventory(inventory),
            "updated": _now(),
            "revision": engagements.c.revision + 1,
        }
        with self.engine.begin() as conn:
            done = conn.execute(
                update(engagements).where(engagements.c.id == engagement_id).values(**values)
            )
            if done.rowcount == 0:
                raise StoreError(f"No engagement {engagement_id!r}")
            revision = conn.execute(
                select(engagements.c.revision).where(engagements.c.id == engagement_id)
            ).scalar()
        return int(revision)

    @_guarded
    def revision_of(self, engagement_id: str) -> int | None:
        """The engagement's current revision (None if there is none): a cheap check a tab
        makes on every run to see whether another tab saved since."""
        with self.engine.connect() as conn:
            value = conn.execute(
                select(engagements.c.revision).where(engagements.c.id == engagement_id)
            ).scalar()
        return None if value is None else int(value)

    @_guarded
    def delete_engagement(self, engagement_id: str) -> bool:
        """Delete an engagement with its snapshots, workshops, participants, votes and
        comparisons, in one transaction. Returns False if there was no such engagement."""
        with self.engine.begin() as conn:
            codes = select(workshops.c.code).where(workshops.c.engagement_id == engagement_id)
            people = select(participants.c.id).where(participants.c.workshop_code.in_(codes))
            conn.execute(delete(votes).where(votes.c.participant_id.in_(people)))
            conn.execute(delete(comparisons).where(comparisons.c.participant_id.in_(people)))
            conn.execute(delete(participants).where(participants.c.workshop_code.in_(codes)))
            conn.execute(delete(workshops).where(workshops.c.engagement_id == engagement_id))
            conn.execute(delete(snapshots).where(snapshots.c.engagement_id == engagement_id))
            conn.execute(delete(evidence).where(evidence.c.engagement_id == engagement_id))
            # the names of a deleted client's attributes leave the firm's memory with it
            conn.execute(delete(topic_fixes).where(topic_fixes.c.engagement_id == engagement_id))
            done = conn.execute(delete(engagements).where(engagements.c.id == engagement_id))
            return done.rowcount > 0

    # evidence --------------------------------------------------------------------------------

    @_guarded
    def save_evidence(self, engagement_id: str, role: str, name: str, data: bytes) -> None:
        """Keep a file with the engagement under ``role``, replacing the one there.

        ``role`` is one of :data:`EVIDENCE_ROLES`; the name is cut to 255 characters (it comes
        from a file name); more than :data:`MAX_EVIDENCE_BYTES` is refused. The bytes are kept
        as they are: whoever reads them back validates them as an upload.
        """
        if role not in EVIDENCE_ROLES:
            _fail("role", role, " / ".join(EVIDENCE_ROLES))
        if not isinstance(data, bytes | bytearray | memoryview):
            raise StoreError(f"Evidence must be bytes; got {type(data).__name__}.")
        data = bytes(data)
        if len(data) > MAX_EVIDENCE_BYTES:
            raise StoreError(
                f"The file is {len(data) / 2**20:.1f} MB; the largest kept with an engagement is "
                f"{MAX_EVIDENCE_BYTES // 2**20} MB. Upload a sample of the customers."
            )
        values = {
            "engagement_id": engagement_id,
            "role": role,
            "name": _text(name, "The file's name", MAX_EVIDENCE_NAME, cut=True),
            "data": data,
            "saved": _now(),
        }
        with self.engine.begin() as conn:
            self._require_engagement(conn, engagement_id)
            conn.execute(
                delete(evidence).where(
                    (evidence.c.engagement_id == engagement_id) & (evidence.c.role == role)
                )
            )
            conn.execute(insert(evidence).values(**values))

    @_guarded
    def evidence_of(self, engagement_id: str) -> dict[str, EvidenceFile]:
        """The files kept with the engagement, by role (empty when there are none)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(evidence).where(evidence.c.engagement_id == engagement_id)
            ).all()
        return {
            row.role: EvidenceFile(row.role, row.name, bytes(row.data), row.saved) for row in rows
        }

    @_guarded
    def delete_evidence(self, engagement_id: str, role: str | None = None) -> None:
        """Forget one kept file (``role``), or all of the engagement's evidence."""
        where = evidence.c.engagement_id == engagement_id
        if role is not None:
            where = where & (evidence.c.role == role)
        with self.engine.begin() as conn:
            conn.execute(delete(evidence).where(where))

    # snapshots -------------------------------------------------------------------------------

    @_guarded
    def take_snapshot(
        self,
        engagement_id: str,
        label: str,
        knowledge_index: float,
        topics: Mapping[str, Mapping[str, float]],
        state: Mapping[str, Any],
    ) -> int:
        """Keep a copy of the state; the label is cut to 200 characters (empty is refused)."""
        values = {
            "engagement_id": engagement_id,
            "label": _text(label, "The snapshot's label", MAX_LABEL, cut=True),
            "created": _now(),
            "knowledge_index": float(knowledge_index),
            "topics": _dumps(topics),
            "state": _dumps(state),
        }
        with self.engine.begin() as conn:
            self._require_engagement(conn, engagement_id)
            result = conn.execute(insert(snapshots).values(**values))
            return int(result.inserted_primary_key[0])

    @staticmethod
    def _require_engagement(conn: Connection, engagement_id: str) -> None:
        found = conn.execute(select(engagements.c.id).where(engagements.c.id == engagement_id))
        if found.first() is None:
            raise StoreError(f"No engagement {engagement_id!r}; it may have been deleted.")

    @_guarded
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

    @_guarded
    def export_engagement(
        self, engagement_id: str, *, evidence_up_to: int | None = MAX_EXPORTED_EVIDENCE_BYTES
    ) -> bytes:
        """One engagement (state, inventory, snapshots, workshops and votes, and the evidence
        files kept with it) as one JSON file.

        The evidence files travel when together they are at most ``evidence_up_to`` bytes
        (None: always; 0: never), so that the file stays one the app takes back;
        :meth:`evidence_left_out` says when they do not.
        """
        engagement = self.get_engagement(engagement_id)
        if engagement is None:
            raise StoreError(f"No engagement {engagement_id!r}")
        with self.engine.connect() as conn:
            shops = conn.execute(
                select(workshops)
                .where(workshops.c.engagement_id == engagement_id)
                .order_by(workshops.c.created, workshops.c.code)
            ).all()
            people = conn.execute(
                select(participants)
                .where(participants.c.workshop_code.in_([w.code for w in shops]))
                .order_by(participants.c.id)
            ).all()
            ids = [p.id for p in people]
            vote_rows = conn.execute(select(votes).where(votes.c.participant_id.in_(ids))).all()
            pair_rows = conn.execute(
                select(comparisons).where(comparisons.c.participant_id.in_(ids))
            ).all()
            idea_rows = conn.execute(
                select(ideas)
                .where(ideas.c.workshop_code.in_([w.code for w in shops]))
                .order_by(ideas.c.id)
            ).all()
        kept = self.evidence_of(engagement_id)
        travels = evidence_up_to is None or sum(len(f.data) for f in kept.values()) <= (
            evidence_up_to
        )
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
                    "anonymous": bool(w.anonymous),
                    "ideas": _export_ideas(
                        [r for r in idea_rows if r.workshop_code == w.code],
                        [p.id for p in people if p.workshop_code == w.code],
                    ),
                }
                for w in shops
            ],
            "evidence": [
                {
                    "role": f.role,
                    "name": f.name,
                    "data": base64.b64encode(f.data).decode(),
                    "saved": f.saved.isoformat(),
                }
                for f in (kept.values() if travels else ())
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")

    def evidence_left_out(
        self, engagement_id: str, evidence_up_to: int = MAX_EXPORTED_EVIDENCE_BYTES
    ) -> int:
        """The bytes of evidence an export would leave out (0 when it carries them all)."""
        size = sum(len(f.data) for f in self.evidence_of(engagement_id).values())
        return 0 if size <= evidence_up_to else size

    @_guarded
    def import_engagement(
        self,
        data: bytes,
        *,
        validate_state: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> str:
        """Import an exported engagement under a new id; returns the id.

        The whole file is checked first (format, types, sizes, dates, workshops, votes), then
        ``validate_state`` (the caller's check of the state against the catalog: it returns the
        state to store, or raises ValueError/StoreError) runs, and only then is everything written
        in one transaction: a failure leaves nothing behind. Imported workshops come back
        ``closed`` with new codes (their old codes were shown in another room).
        """
        plan = validate_engagement_file(data)
        state = plan.engagement["state"]
        if validate_state is not None:
            try:
                checked = validate_state(copy.deepcopy(state))
            except StoreError:
                raise
            except (ValueError, TypeError) as exc:
                raise StoreError(f"engagement.state is not valid here: {exc}") from None
            if not isinstance(checked, Mapping):
                raise StoreError("engagement.state is not valid here: the check returned no state.")
            state = dict(checked)
        e = plan.engagement
        new_id = secrets.token_urlsafe(8)
        with self.engine.begin() as conn:
            conn.execute(
                insert(engagements).values(
                    id=new_id,
                    name=e["name"],
                    sample_org=e["sample_org"],
                    inventory_name=e["inventory_name"],
                    inventory=e["inventory"],
                    state=_dumps(state),
                    created=e["created"],
                    updated=_now(),
                    revision=0,
                )
            )
            if plan.snapshots:
                conn.execute(
                    insert(snapshots),
                    [
                        {
                            "engagement_id": new_id,
                            "label": s["label"],
                            "created": s["created"],
                            "knowledge_index": s["knowledge_index"],
                            "topics": _dumps(s["topics"]),
                            "state": _dumps(s["state"]),
                        }
                        for s in plan.snapshots
                    ],
                )
            for w in plan.workshops:
                code = self._new_code(conn)
                conn.execute(
                    insert(workshops).values(
                        code=code,
                        engagement_id=new_id,
                        status="closed",
                        dots=w["dots"],
                        questions=_dumps(w["questions"]),
                        goals=_dumps(w["goals"]),
                        created=w["created"],
                    )
                )
                pids: list[int] = []
                for p in w["participants"]:
                    pid = conn.execute(
                        insert(participants).values(
                            workshop_code=code,
                            token=secrets.token_urlsafe(16),
                            display_name=p["display_name"],
                            joined=p["joined"],
                            voted=p["voted"],
                        )
                    ).inserted_primary_key[0]
                    pids.append(int(pid))
                    if p["votes"]:
                        conn.execute(
                            insert(votes),
                            [
                                {"participant_id": pid, "question_id": q, "dots": d}
                                for q, d in p["votes"].items()
                            ],
                        )
                    if p["comparisons"]:
                        conn.execute(
                            insert(comparisons),
                            [
                                {"participant_id": pid, "goal_a": a, "goal_b": b, "value": v}
                                for a, b, v in p["comparisons"]
                            ],
                        )
                if w["anonymous"]:
                    conn.execute(
                        update(workshops).where(workshops.c.code == code).values(anonymous=True)
                    )
                self._import_ideas(conn, code, w["ideas"], pids)
            for f in plan.evidence:
                conn.execute(insert(evidence).values(engagement_id=new_id, **f))
        return new_id

    @staticmethod
    def _import_ideas(
        conn: Connection, code: str, items: Sequence[Mapping[str, Any]], pids: Sequence[int]
    ) -> None:
        """Write a workshop's ideas under new ids, then point the merged ones at theirs."""
        new_id: dict[int, int] = {}
        for idea in items:
            author = idea["participant"]
            new_id[idea["ref"]] = int(
                conn.execute(
                    insert(ideas).values(
                        workshop_code=code,
                        participant_id=pids[author] if author is not None else None,
                        kind=idea["kind"],
                        text=idea["text"],
                        lang=idea["lang"],
                        submitted=idea["submitted"],
                        status=idea["status"],
                        merged_into=None,
                        text_en=idea["text_en"],
                        text_he=idea["text_he"],
                        question_id=idea["question_id"],
                    )
                ).inserted_primary_key[0]
            )
        for idea in items:
            if idea["merged_into"] is not None:
                conn.execute(
                    update(ideas)
                    .where(ideas.c.id == new_id[idea["ref"]])
                    .values(merged_into=new_id[idea["merged_into"]])
                )

    # workshops ---------------------------------------------------------------------------------

    @staticmethod
    def _new_code(conn: Connection) -> str:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            if (
                conn.execute(select(workshops.c.code).where(workshops.c.code == code)).first()
                is None
            ):
                return code

    @_guarded
    def open_workshop(
        self, engagement_id: str, questions: Sequence[str], goals: Sequence[str], dots: int = 5
    ) -> Workshop:
        """Open a workshop (questions and goals: ids of at most 64 characters; dots 1 to 20, or
        100 for a 100-point allocation)."""
        if not questions:
            raise StoreError("A workshop needs questions to vote on.")
        question_ids = _ids(list(questions), "questions", nonempty=True)
        goal_ids = _ids(list(goals), "goals", nonempty=False)
        if not _dots_allowed(dots):
            raise StoreError(
                f"Each participant gets 1 to 20 dots, or {POINTS_BUDGET} points; got {_show(dots)}."
            )
        with self.engine.begin() as conn:
            self._require_engagement(conn, engagement_id)
            code = self._new_code(conn)
            conn.execute(
                insert(workshops).values(
                    code=code,
                    engagement_id=engagement_id,
                    status="open",
                    dots=int(dots),
                    questions=_dumps(question_ids),
                    goals=_dumps(goal_ids),
                    created=_now(),
                )
            )
            row = conn.execute(select(workshops).where(workshops.c.code == code)).one()
        return _workshop(row)

    @_guarded
    def get_workshop(self, code: str) -> Workshop | None:
        code = (code or "").strip().upper()
        with self.engine.connect() as conn:
            row = conn.execute(select(workshops).where(workshops.c.code == code)).first()
        return None if row is None else _workshop(row)

    @_guarded
    def workshops_of(self, engagement_id: str) -> list[Workshop]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(workshops)
                .where(workshops.c.engagement_id == engagement_id)
                .order_by(workshops.c.created.desc(), workshops.c.code)
            ).all()
        return [_workshop(row) for row in rows]

    # the room's ideas ---------------------------------------------------------------------------

    @_guarded
    def add_to_ballot(self, code: str, question_ids: Sequence[str]) -> Workshop:
        """Put questions on an open workshop's ballot (the room's accepted ideas beside the bank's
        questions); those already on it stay where they are."""
        code = (code or "").strip().upper()
        new = _ids(list(question_ids), "questions", nonempty=True)
        with self.engine.begin() as conn:
            row = conn.execute(select(workshops).where(workshops.c.code == code)).first()
            if row is None:
                raise StoreError("No workshop with this code.")
            if row.status != "open":
                raise StoreError("The ballot is fixed once the votes are revealed; reopen first.")
            ballot = list(json.loads(row.questions))
            ballot += [q for q in new if q not in ballot]
            conn.execute(
                update(workshops)
                .where(workshops.c.code == code)
                .values(questions=json.dumps(ballot))
            )
            row = conn.execute(select(workshops).where(workshops.c.code == code)).one()
        return _workshop(row)

    @_guarded
    def set_anonymous(self, code: str, anonymous: bool) -> None:
        """Hide (or show) who wrote each idea; fixed once any idea is in, so that nobody who
        wrote under one promise is read under the other."""
        code = (code or "").strip().upper()
        with self.engine.begin() as conn:
            if (
                conn.execute(select(workshops.c.code).where(workshops.c.code == code)).first()
                is None
            ):
                raise StoreError("No workshop with this code.")
            if conn.execute(select(ideas.c.id).where(ideas.c.workshop_code == code)).first():
                raise StoreError(
                    "Ideas are already in: whether authors are shown can no longer change."
                )
            conn.execute(
                update(workshops).where(workshops.c.code == code).values(anonymous=bool(anonymous))
            )

    @_guarded
    def submit_idea(self, code: str, token: str, text: str, kind: str = "question") -> int:
        """A participant's idea; returns its id. Taken while the workshop is open, at most
        :data:`MAX_IDEAS_PER_PARTICIPANT` each, :data:`MAX_IDEA_TEXT` characters each."""
        if kind not in IDEA_KINDS:
            _fail("kind", kind, " / ".join(IDEA_KINDS))
        if not isinstance(text, str):
            raise StoreError("An idea is text.")
        clean = " ".join(text.replace("\x00", "").split())
        if len(clean) < 3:
            raise StoreError(
                "Write the idea in a few words (at least 3 characters).",
                label="store.idea_too_short",
            )
        if len(clean) > MAX_IDEA_TEXT:
            raise StoreError(
                f"The idea is {len(clean)} characters long; at most {MAX_IDEA_TEXT} are taken. "
                "Split it into two ideas.",
                label="store.idea_too_long",
                params={"length": len(clean), "most": MAX_IDEA_TEXT},
            )
        workshop = self.get_workshop(code)
        if workshop is None:
            raise StoreError("No workshop with this code.")
        if workshop.status != "open":
            raise StoreError(
                "The ideas round is over for this workshop.", label="store.ideas_round_over"
            )
        lang = "he" if any("\u0590" <= ch <= "\u05ff" for ch in clean) else "en"
        with self.engine.begin() as conn:
            person = self._participant(conn, workshop.code, token)
            count = conn.execute(
                select(func.count()).select_from(ideas).where(ideas.c.participant_id == person.id)
            ).scalar_one()
            if count >= MAX_IDEAS_PER_PARTICIPANT:
                raise StoreError(
                    f"You have sent {count} ideas, the most one person may send; thank you.",
                    label="store.too_many_ideas",
                    params={"count": count},
                )
            return int(
                conn.execute(
                    insert(ideas).values(
                        workshop_code=workshop.code,
                        participant_id=person.id,
                        kind=kind,
                        text=clean,
                        lang=lang,
                        submitted=_now(),
                        status="new",
                    )
                ).inserted_primary_key[0]
            )

    @_guarded
    def ideas_of(self, code: str) -> list[Idea]:
        """The workshop's ideas in the order they came in; authors hidden when anonymous."""
        workshop = self.get_workshop(code)
        if workshop is None:
            raise StoreError("No workshop with this code.")
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(ideas, participants.c.display_name)
                .select_from(
                    ideas.outerjoin(participants, ideas.c.participant_id == participants.c.id)
                )
                .where(ideas.c.workshop_code == workshop.code)
                .order_by(ideas.c.id)
            ).all()
        return [
            Idea(
                r.id,
                r.kind,
                r.text,
                r.lang,
                r.submitted,
                r.status,
                r.merged_into,
                r.text_en,
                r.text_he,
                None if workshop.anonymous else r.display_name,
                r.question_id,
            )
            for r in rows
        ]

    @_guarded
    def curate_idea(
        self,
        code: str,
        idea_id: int,
        *,
        status: str | None = None,
        text_en: str | None = None,
        text_he: str | None = None,
        kind: str | None = None,
        question_id: str | None = None,
    ) -> None:
        """The facilitator's hand on an idea: its wording in each language (an empty text
        clears it: the language is then missing, never filled in silently), its kind, its
        status (``merged`` only through :meth:`merge_ideas`)."""
        values: dict[str, Any] = {}
        if status is not None:
            if status not in IDEA_STATUSES or status == "merged":
                _fail("status", status, "new / accepted / set_aside")
            values["status"] = status
            values["merged_into"] = None
        if kind is not None:
            if kind not in IDEA_KINDS:
                _fail("kind", kind, " / ".join(IDEA_KINDS))
            values["kind"] = kind
        if question_id is not None:
            values["question_id"] = _ids([question_id], "question_id", nonempty=True)[0]
        for column, given in (("text_en", text_en), ("text_he", text_he)):
            if given is not None:
                clean = _text(given, column, MAX_IDEA_TEXT, cut=False, allow_empty=True)
                values[column] = clean or None
        if values:
            self._update_idea(code, [idea_id], values)

    @_guarded
    def merge_ideas(self, code: str, keep: int, others: Sequence[int]) -> None:
        """Merge ideas into ``keep``: they stay on record, marked merged into it."""
        rest = [i for i in others if i != keep]
        if not rest:
            raise StoreError("Choose at least one other idea to merge into this one.")
        self._update_idea(code, [keep], {})
        self._update_idea(code, rest, {"status": "merged", "merged_into": int(keep)})

    def _update_idea(self, code: str, idea_ids: Sequence[int], values: Mapping[str, Any]) -> None:
        code = (code or "").strip().upper()
        with self.engine.begin() as conn:
            found = conn.execute(
                select(ideas.c.id).where(ideas.c.workshop_code == code, ideas.c.id.in_(idea_ids))
            ).all()
            missing = set(idea_ids) - {r.id for r in found}
            if missing:
                raise StoreError(
                    f"No idea {', '.join(map(str, sorted(missing)))} in this workshop; "
                    "refresh the list."
                )
            if values:
                conn.execute(update(ideas).where(ideas.c.id.in_(idea_ids)).values(**values))

    @_guarded
    def set_status(self, code: str, status: str) -> None:
        if status not in WORKSHOP_STATUSES:
            raise StoreError(
                f"Unknown workshop status {_show(status)}; accepted: {', '.join(WORKSHOP_STATUSES)}"
            )
        code = (code or "").strip().upper()
        with self.engine.begin() as conn:
            done = conn.execute(
                update(workshops).where(workshops.c.code == code).values(status=status)
            )
            if done.rowcount == 0:
                raise StoreError("No workshop with this code.")

    @_guarded
    def join(self, code: str, display_name: str, *, device: str | None = None) -> str:
        """A participant joins; returns the token that identifies his vote.

        ``device`` is a key the browser keeps (a cookie, at most 64 characters): a second join
        from the same device returns the same token (and takes the new display name) instead of
        a second participant; so does a join under a display name already in the workshop
        (letter case aside), from any device: rejoining resumes, it never duplicates. The display
        name is cut to 80 characters; an empty one is refused.
        """
        workshop = self.get_workshop(code)
        if workshop is None:
            raise StoreError(
                "No workshop with this code; check the code on the screen.",
                label="store.no_workshop",
            )
        if workshop.status == "closed":
            raise StoreError("This workshop is closed.", label="store.workshop_closed")
        if not isinstance(display_name, str):
            raise StoreError("Choose a display name.", label="store.choose_name")
        name = " ".join(display_name.replace("\x00", "").split())[:MAX_DISPLAY_NAME].rstrip()
        if not name:
            raise StoreError("Choose a display name.", label="store.choose_name")
        key = device or None
        if key is not None and (not isinstance(key, str) or len(key) > MAX_DEVICE):
            raise StoreError(f"The device key must be text of at most {MAX_DEVICE} characters.")
        for _attempt in range(3):
            try:
                return self._join_once(workshop.code, name, key)
            except IntegrityError:  # the same device joined at the same moment: take that one
                continue
        raise StoreError("Joining failed three times at once; try again.", label="store.join_retry")

    def _join_once(self, code: str, name: str, device: str | None) -> str:
        with self.engine.begin() as conn:
            if device is not None:
                found = conn.execute(
                    select(
                        participants.c.id, participants.c.token, participants.c.display_name
                    ).where(participants.c.workshop_code == code, participants.c.device == device)
                ).first()
                if found is not None:
                    if found.display_name != name:
                        conn.execute(
                            update(participants)
                            .where(participants.c.id == found.id)
                            .values(display_name=name)
                        )
                    return str(found.token)
            # The same name again (another browser, a phone that lost its cookie): the same
            # participant resumes, so one person never holds two ballots.
            same_name = conn.execute(
                select(participants.c.id, participants.c.token, participants.c.device)
                .where(
                    participants.c.workshop_code == code,
                    func.lower(participants.c.display_name) == name.lower(),
                )
                .order_by(participants.c.id)
            ).first()
            if same_name is not None:
                if same_name.device is None and device is not None:  # now keyed by this browser
                    conn.execute(
                        update(participants)
                        .where(participants.c.id == same_name.id)
                        .values(device=device)
                    )
                return str(same_name.token)
            token = secrets.token_urlsafe(16)
            conn.execute(
                insert(participants).values(
                    workshop_code=code, token=token, display_name=name, joined=_now(), device=device
                )
            )
            return token

    @_guarded
    def participants_of(self, code: str) -> list[Participant]:
        """Who joined the workshop, in the order they joined, with the dots each gave."""
        code = (code or "").strip().upper()
        given = (
            select(votes.c.participant_id, func.sum(votes.c.dots).label("dots"))
            .group_by(votes.c.participant_id)
            .subquery()
        )
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    participants.c.id,
                    participants.c.display_name,
                    participants.c.joined,
                    participants.c.voted,
                    func.coalesce(given.c.dots, 0).label("dots"),
                )
                .select_from(
                    participants.outerjoin(given, given.c.participant_id == participants.c.id)
                )
                .where(participants.c.workshop_code == code)
                .order_by(participants.c.joined, participants.c.id)
            ).all()
        return [Participant(r.id, r.display_name, r.joined, r.voted, int(r.dots)) for r in rows]

    @_guarded
    def remove_participant(self, code: str, participant_id: int) -> None:
        """Remove a participant of this workshop with his votes and comparisons, atomically."""
        code = (code or "").strip().upper()
        with self.engine.begin() as conn:
            found = conn.execute(
                select(participants.c.id).where(
                    participants.c.id == int(participant_id), participants.c.workshop_code == code
                )
            ).first()
            if found is None:
                raise StoreError("No such participant in this workshop; reload the list.")
            conn.execute(delete(votes).where(votes.c.participant_id == found.id))
            conn.execute(delete(comparisons).where(comparisons.c.participant_id == found.id))
            conn.execute(delete(participants).where(participants.c.id == found.id))

    def _participant(self, conn: Connection, code: str, token: str) -> Any:
        row = conn.execute(
            select(participants).where(
                participants.c.token == token, participants.c.workshop_code == code
            )
        ).first()
        if row is None:
            raise StoreError(
                "This link does not belong to this workshop; join again.",
                label="store.link_not_this_workshop",
            )
        return row

    @_guarded
    def submit_votes(self, code: str, token: str, dots: Mapping[str, int]) -> None:
        """Record (or replace) a participant's dot vote, atomically."""
        workshop = self.get_workshop(code)
        if workshop is None:
            raise StoreError("No workshop with this code.")
        if workshop.status != "open":
            raise StoreError("Voting is over for this workshop.", label="store.voting_over")
        ballot: dict[str, int] = {}
        for q, d in dots.items():
            try:
                whole = int(d)
            except (TypeError, ValueError):
                whole = -1
            if isinstance(d, bool | str) or whole != d or whole < 0:
                raise StoreError(f"Dots are whole numbers of 0 or more; {q} has {_show(d)}.")
            ballot[q] = whole
        clean = {q: d for q, d in ballot.items() if d > 0}
        unknown = set(clean) - set(workshop.questions)
        if unknown:
            raise StoreError(f"Not on this workshop's ballot: {', '.join(sorted(unknown))}")
        if sum(clean.values()) > workshop.dots:
            raise StoreError(
                f"Use at most {workshop.dots} dots in all.",
                label="store.too_many_dots",
                params={"dots": workshop.dots},
            )
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

    @_guarded
    def submit_comparisons(
        self, code: str, token: str, judgments: Mapping[tuple[str, str], float]
    ) -> None:
        workshop = self.get_workshop(code)
        if workshop is None or workshop.status != "open":
            raise StoreError("Voting is over for this workshop.", label="store.voting_over")
        for (a, b), value in judgments.items():
            if a not in workshop.goals or b not in workshop.goals or a == b:
                raise StoreError(f"{a} vs {b} is not a pair of this workshop's goals")
            ok = isinstance(value, int | float) and not isinstance(value, bool)
            if not (ok and value > 0 and math.isfinite(value)):
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

    @_guarded
    def ballot_of(
        self, code: str, token: str
    ) -> tuple[dict[str, int], dict[tuple[str, str], float]]:
        """What a participant has cast so far (dots per question, judgment per pair of goals):
        a participant who joins again, from this phone or another, sees his own ballot."""
        with self.engine.connect() as conn:
            person = self._participant(conn, str(code).strip().upper(), token)
            dots = conn.execute(
                select(votes.c.question_id, votes.c.dots).where(votes.c.participant_id == person.id)
            ).all()
            pairs = conn.execute(
                select(comparisons.c.goal_a, comparisons.c.goal_b, comparisons.c.value).where(
                    comparisons.c.participant_id == person.id
                )
            ).all()
        return (
            {str(q): int(d) for q, d in dots},
            {(str(a), str(b)): float(v) for a, b, v in pairs},
        )

    @_guarded
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
        dots = {(r.participant_id, r.question_id): int(r.dots) for r in rows}
        ballots = tuple(tuple(dots.get((p, q), 0) for q in workshop.questions) for p in voters)
        return WorkshopResults(
            participants=len(people), voted=n, questions=tuple(per_question), comparisons=judged,
            ballots=ballots,
        )  # fmt: skip

    # the firm's remembered topic fixes -----------------------------------------------------------

    @_guarded
    def remember_topic_fixes(self, engagement_id: str, fixes: Mapping[str, Sequence[str]]) -> int:
        """Keep an engagement's topic fixes for the firm (name key -> topic ids), in one
        transaction; a name already remembered takes this fix. Returns how many were kept.

        Each fix is checked whole first (:func:`zpd_assess.topic_memory.check_fix`: a name of 1
        to 200 characters, 1 to 10 distinct topic ids); nothing is written when one is refused,
        nor for an engagement that does not exist.
        """
        from .topic_memory import TopicMemoryError, check_fix

        if not isinstance(fixes, Mapping):
            _fail("fixes", fixes, "an object of name -> topic ids")
        if len(fixes) > MAX_TOPIC_FIXES_PER_SAVE:
            _fail("fixes", f"{len(fixes)} names", f"at most {MAX_TOPIC_FIXES_PER_SAVE} at once")
        try:
            clean = {key: check_fix(key, topics) for key, topics in fixes.items()}
        except (TopicMemoryError, TypeError) as exc:
            raise StoreError(str(exc)) from None
        for attempt in range(2):  # a name remembered by another tab in between: once more
            try:
                with self.engine.begin() as conn:
                    self._require_engagement(conn, engagement_id)
                    now = _now()
                    for key, topics in clean.items():
                        values = {"topics": _dumps(topics), "updated": now,
                                  "engagement_id": engagement_id}  # fmt: skip
                        done = conn.execute(
                            update(topic_fixes)
                            .where(topic_fixes.c.name_key == key)
                            .values(**values)
                        )
                        if done.rowcount == 0:
                            conn.execute(insert(topic_fixes).values(name_key=key, **values))
                return len(clean)
            except IntegrityError:
                if attempt:
                    raise
        return len(clean)  # pragma: no cover - the loop returns or raises

    @_guarded
    def firm_topic_fixes(self) -> dict[str, list[str]]:
        """Every topic fix the firm remembers (name key -> topic ids), by name."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(topic_fixes.c.name_key, topic_fixes.c.topics).order_by(
                    topic_fixes.c.name_key
                )
            ).all()
        return {row.name_key: list(json.loads(row.topics)) for row in rows}

    @_guarded
    def forget_topic_fix(self, name_key: str) -> bool:
        """Forget a remembered fix (a wrong one); False if the firm did not remember it."""
        with self.engine.begin() as conn:
            done = conn.execute(delete(topic_fixes).where(topic_fixes.c.name_key == name_key))
            return done.rowcount > 0

    @_guarded
    def count(self, table: Table) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
