"""The database tables (SQLAlchemy Core).  Alembic migrations in ``cxmap/migrations`` create and
upgrade them; a test checks that the migrated schema matches these definitions.

Every row of a map hangs off its journey (``journey_id``) and keeps its workbook order in
``position``.  Survey answers (``responses``) refer to stages, touchpoints, channels and
personas by name, not by key, so that re-importing a map — which replaces its rows — never
orphans or deletes the answers collected for it.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from cxmap.domain import limits

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _bounded(table: str, column: str) -> String:
    """A text column as long as :mod:`cxmap.domain.limits` says (what the readers check)."""
    return String(limits.length(table, column))


def _journey_fk() -> Column:
    return Column(
        "journey_id",
        Integer,
        ForeignKey("journeys.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _ref(table: str, *, nullable: bool = True) -> Column:
    return Column(
        f"{table[:-1]}_id",
        Integer,
        ForeignKey(f"{table}.id", ondelete="CASCADE"),
        nullable=nullable,
    )


journeys = Table(
    "journeys",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", _bounded("journeys", "name"), nullable=False, unique=True),
    Column("state", _bounded("journeys", "state"), nullable=False),
    Column("baseline", _bounded("journeys", "baseline")),
    Column("description", Text),
    Column("sector", Text),
    Column("owner", Text),
    Column("scale_low", Float),
    Column("scale_high", Float),
    Column("extra", JSON, nullable=False),
    Column("source", Text),
    Column("imported_at", DateTime(timezone=True)),
    # issue 12: the journey's version number (compare-and-set on save) and its soft deletion
    Column("version", Integer, nullable=False, server_default="0"),
    Column("deleted_at", DateTime(timezone=True)),
    CheckConstraint("state IN ('current', 'target')", name="state"),
)

personas = Table(
    "personas",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column("position", Integer, nullable=False),
    Column("name", _bounded("personas", "name"), nullable=False),
    Column("description", Text),
    Column("segment", Text),
    Column("share", Float),
    Column("age", Text),
    Column("goals", Text),
    Column("frustrations", Text),
    Column("motivations", Text),
    Column("preferred_channels", JSON, nullable=False),
    Column("source", _bounded("personas", "source")),  # "answers": from a survey segment (0007)
    Column("extra", JSON, nullable=False),
    UniqueConstraint("journey_id", "name"),
)

stages = Table(
    "stages",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column("position", Integer, nullable=False),
    Column("name", _bounded("stages", "name"), nullable=False),
    Column("phase", _bounded("stages", "phase")),
    Column("description", Text),
    Column("customer_goal", Text),
    Column("extra", JSON, nullable=False),
    UniqueConstraint("journey_id", "name"),
)

channels = Table(
    "channels",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column("position", Integer, nullable=False),
    Column("name", _bounded("channels", "name"), nullable=False),
    Column("kind", _bounded("channels", "kind")),
    Column("category", Text),
    Column("extra", JSON, nullable=False),
    UniqueConstraint("journey_id", "name"),
)

touchpoints = Table(
    "touchpoints",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column("position", Integer, nullable=False),
    _ref("stages", nullable=False),
    _ref("channels", nullable=False),
    Column("name", _bounded("touchpoints", "name"), nullable=False),
    Column("category", _bounded("touchpoints", "category")),
    Column("qualification", _bounded("touchpoints", "qualification"), nullable=False),
    Column("moment_of_truth", Boolean, nullable=False),
    Column("layer", _bounded("touchpoints", "layer")),
    Column("data_collection", Boolean, nullable=False),
    Column("description", Text),
    Column("owner", Text),
    # the target journey's decisions and the data-collection plan (migration 0005)
    Column("change", _bounded("touchpoints", "change")),
    Column("replaces", _bounded("touchpoints", "replaces")),
    Column("data_collected", JSON, nullable=False),
    Column("collection_mechanism", Text),
    Column("events", JSON, nullable=False),
    Column("extra", JSON, nullable=False),
    UniqueConstraint("stage_id", "channel_id", "name"),
    CheckConstraint(
        "qualification IN ('irritant', 'delight', 'missing', 'neutral')", name="qualification"
    ),
)

emotions = Table(
    "emotions",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column("position", Integer, nullable=False),
    _ref("personas", nullable=False),
    _ref("stages", nullable=False),
    _ref("touchpoints"),
    Column("score", Float, nullable=False),
    Column("feeling", Text),
    Column("quote", Text),
    Column("thinks", Text),
    Column("does", Text),
    Column("says", Text),
    Column("extra", JSON, nullable=False),
)

kpis = Table(
    "kpis",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column("position", Integer, nullable=False),
    Column("name", _bounded("kpis", "name"), nullable=False),
    Column("value", Float, nullable=False),
    Column("target", Float),
    Column("unit", _bounded("kpis", "unit")),
    Column("direction", _bounded("kpis", "direction"), nullable=False),
    Column("period", _bounded("kpis", "period")),
    _ref("stages"),
    _ref("touchpoints"),
    _ref("personas"),
    Column("n", Integer),
    Column("extra", JSON, nullable=False),
    CheckConstraint("direction IN ('higher', 'lower')", name="direction"),
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("impact", Float),
    Column("effort", Float),
    _ref("stages"),
    _ref("touchpoints"),
    Column("pain_point", Text),
    Column("type", _bounded("actions", "type")),
    Column("owner", Text),
    Column("status", _bounded("actions", "status"), nullable=False),
    Column("cost", Float),
    Column("reach", Float),
    Column("due", Date),
    Column("expected_gain", Text),
    Column("extra", JSON, nullable=False),
    CheckConstraint("impact IS NULL OR (impact >= 1 AND impact <= 5)", name="impact"),
    CheckConstraint("effort IS NULL OR (effort >= 1 AND effort <= 5)", name="effort"),
)

response_batches = Table(
    "response_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column("sha256", String(64), nullable=False),  # the file's bytes: the same file is a no-op
    Column("filename", Text),
    Column("form", String(8), nullable=False),  # long | wide
    Column("answers", Integer, nullable=False),
    Column("imported_at", DateTime(timezone=True)),
    UniqueConstraint("journey_id", "sha256"),
)

responses = Table(
    "responses",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column("answered_on", Date),
    Column("persona", _bounded("responses", "persona")),
    Column("stage", _bounded("responses", "stage")),
    Column("touchpoint", _bounded("responses", "touchpoint")),
    Column("channel", _bounded("responses", "channel")),
    Column("metric", _bounded("responses", "metric"), nullable=False),
    Column("score", Float, nullable=False),
    Column("comment", Text),
    Column("batch_id", Integer, ForeignKey("response_batches.id", ondelete="CASCADE")),
    Column("respondent", _bounded("responses", "respondent")),
    # the calendar quarter of answered_on, e.g. 2026-Q1
    Column("period", _bounded("responses", "period")),
    # what the answer is (a hash of respondent, stage, touchpoint, channel, metric and date):
    # None without a respondent.  No index: an import reads the journey's keys in one scan
    Column("answer_key", BigInteger),
    # KPIs are summed from response_tallies, so answers need no index beyond their batch's
    # (every index slows the import of a million answers)
    Index("ix_responses_batch", "batch_id"),
)

# The answers of each batch counted at the finest grain, by one GROUP BY when the batch is
# saved: every measured KPI is a sum of these rows, however many answers there are.
response_tallies = Table(
    "response_tallies",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column(
        "batch_id",
        Integer,
        ForeignKey("response_batches.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("stage", String(300)),
    Column("touchpoint", String(300)),
    Column("channel", String(300)),
    Column("persona", String(300)),
    Column("period", String(16)),
    Column("metric", String(8), nullable=False),
    Column("n", Integer, nullable=False),
    Column("promoters", Integer, nullable=False),  # NPS 9–10
    Column("detractors", Integer, nullable=False),  # NPS 0–6
    Column("satisfied", Integer, nullable=False),  # CSAT 4–5
    Column("total", Float, nullable=False),
    Column("squares", Float, nullable=False),
)

# Event logs: one batch per imported file (its SHA-256 makes a second import a no-op), one row
# per event.  The touchpoint and stage an activity counts for are resolved at import, by name
# like the answers; times are UTC milliseconds since 1970 (portable arithmetic for the medians).
event_batches = Table(
    "event_batches",
    metadata,
    Column("id", Integer, primary_key=True),
    _journey_fk(),
    Column("sha256", String(64), nullable=False),
    Column("filename", Text),
    Column("form", String(8), nullable=False),  # csv | xlsx | xes
    Column("events", Integer, nullable=False),
    Column("skipped", Integer, nullable=False),
    Column("columns", JSON, nullable=False),  # role -> the header it was read from
    Column("imported_at", DateTime(timezone=True)),
    UniqueConstraint("journey_id", "sha256"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("journey_id", Integer, ForeignKey("journeys.id", ondelete="CASCADE"), nullable=False),
    Column("batch_id", Integer, ForeignKey("event_batches.id", ondelete="CASCADE"), nullable=False),
    Column("case_key", BigInteger, nullable=False),  # a 64-bit hash of case_id: measures use it
    Column("case_id", _bounded("events", "case_id"), nullable=False),
    Column("activity", _bounded("events", "activity"), nullable=False),
    Column("at", BigInteger, nullable=False),  # UTC milliseconds since 1970-01-01
    Column("stage", _bounded("events", "stage")),  # null: an activity on no touchpoint of the map
    Column("touchpoint", _bounded("events", "touchpoint")),
    Column("channel", _bounded("events", "channel")),
    Column("persona", _bounded("events", "persona")),
    # the funnel walks each stage's events by case and time, the paths by stage, the touchpoint
    # counts by touchpoint, the filters by channel, persona and time: one index covers them all,
    # so no measure reads the table (each index slows the import of a million events; a batch
    # is deleted by a scan)
    Index(
        "ix_events_stage",
        "journey_id",
        "stage",
        "case_key",
        "at",
        "touchpoint",
        "channel",
        "persona",
    ),
)

# Each activity of a journey's log once: the touchpoint (and so the stage) it counts for now,
# the touchpoint it was mapped to at import (``--map``, the import form) and how many events it
# has.  When the map is saved again, each activity is matched again and its events follow.
event_activities = Table(
    "event_activities",
    metadata,
    Column("journey_id", Integer, ForeignKey("journeys.id", ondelete="CASCADE"), nullable=False),
    Column("activity", _bounded("event_activities", "activity"), nullable=False),
    Column("stage", _bounded("event_activities", "stage")),
    Column("touchpoint", _bounded("event_activities", "touchpoint")),
    Column("mapped_to", _bounded("event_activities", "mapped_to")),  # asked for at import
    Column("events", BigInteger, nullable=False),
    PrimaryKeyConstraint("journey_id", "activity"),
)

# The whole log's measures (no filter), computed by the measuring SQL when a log is imported and
# kept as their results: the measured journey opens without walking a million events again.
# ``stages`` says which stages, in which order, they were computed over (a map whose stages have
# changed since is measured live until the next import).
event_measures = Table(
    "event_measures",
    metadata,
    Column("journey_id", Integer, ForeignKey("journeys.id", ondelete="CASCADE"), primary_key=True),
    Column("stages", JSON, nullable=False),
    Column("measures", JSON, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
)

meta = Table(
    "cxmap_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
)

# --- issue 12: who may do what, and every version of every journey ----------------------------

users = Table(
    "users",
    metadata,
    Column("email", String(320), primary_key=True),  # the `email` claim, else `sub`
    Column("role", String(8), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("added_by", Text),
    CheckConstraint("role IN ('viewer', 'editor', 'admin')", name="role"),
)

# One row per change to a journey, keyed by its name (not its key: the history outlives the
# rows).  ``snapshot`` is the whole map after the change as compressed JSON (None for a deletion
# or a restoration), so a rollback saves that very map again: the same export, cell for cell.
journey_versions = Table(
    "journey_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("journey", String(300), nullable=False),
    Column("version", Integer, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("by", Text, nullable=False),
    Column("what", String(16), nullable=False),
    Column("summary", Text, nullable=False),
    Column("snapshot", LargeBinary),
    UniqueConstraint("journey", "version"),
)

# Children of a journey, in an order safe for deleting (referrers first).
EVENT_TABLES = (event_measures, event_activities, events, event_batches)
MAP_TABLES = (actions, kpis, emotions, touchpoints, personas, stages, channels)
