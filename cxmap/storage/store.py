"""The database that keeps the maps: SQLite embedded by default, PostgreSQL for a team.

:class:`Store` opens the database named by ``CXMAP_DATABASE_URL`` (else ``data/cxmap.db``),
brings its schema up to date with the Alembic migrations, and saves, loads, lists and deletes
journey maps.  Saving is one transaction: every map of an import is written, or none is.  A map
whose journey already exists replaces it as a whole: the journey keeps its key (so links and
survey answers stay attached) and all its rows are deleted and written anew.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import operator
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Engine,
    Table,
    case,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, SQLAlchemyError

from cxmap.domain.metrics import (
    ANSWER_COLUMNS,
    CSAT_SATISFIED,
    NPS_DETRACTORS,
    NPS_PROMOTERS,
    AnswerTally,
)
from cxmap.domain.model import (
    ACTION_STATUSES,
    FROM_ANSWERS,
    Action,
    Channel,
    Emotion,
    Journey,
    JourneyMap,
    Kpi,
    Persona,
    Scale,
    Stage,
    Touchpoint,
)
from cxmap.domain.report import CxmapError
from cxmap.domain.vocabulary import normalise
from cxmap.storage import access, history
from cxmap.storage import schema as tables

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SQLITE = PROJECT_ROOT / "data" / "cxmap.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url() -> str:
    """``CXMAP_DATABASE_URL``, else the embedded SQLite database ``data/cxmap.db``."""
    return os.environ.get("CXMAP_DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def head_revision() -> str:
    """The newest migration (revision ids are the sequential prefixes of their files)."""
    return max(
        path.name.split("_", 1)[0]
        for path in (MIGRATIONS / "versions").glob("*.py")
        if path.name[0].isdigit()
    )


def is_current(engine: Engine) -> bool:
    """Whether the database is at the newest migration (one query; no Alembic to load)."""
    try:
        with engine.connect() as conn:
            return (
                conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
                == head_revision()
            )
    except SQLAlchemyError:
        return False  # no schema yet


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration.  Several processes may open a new
    database at once: one migrates while the others wait for it (an advisory lock on
    PostgreSQL, the write lock on SQLite), then find the schema current."""
    if is_current(engine):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        _lock_schema(connection)
        if _revision(connection) == head_revision():
            return  # another process migrated it while this one waited
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


SCHEMA_LOCK = 0x6378  # pg_advisory_xact_lock's first key for the schema (history: journeys)


def _lock_schema(connection: Connection) -> None:
    """Hold the schema for this transaction: the first statement of the migration's."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK, 0)))
    elif connection.dialect.name == "sqlite":
        # the write lock now, waiting for it (the busy timeout), not at the first DDL statement
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


# --- how each part of a map is stored ----------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Mapping:
    """One part of a map and its table, in both directions.  Every field of the dataclass is
    kept in the column of the same name, except the references (a stage, channel, persona or
    touchpoint named by the row), kept as the key of the row they name (``<field>_id``), and
    the fields ``apart`` that the caller maps itself (the journey's scale)."""

    attribute: str  # the JourneyMap field holding these rows ("stages")
    model: type
    table: Table
    references: tuple[str, ...] = ()
    referred_as: str | None = None  # what other rows' references call this one ("stage")
    apart: tuple[str, ...] = ()
    fields: tuple[str, ...] = dataclasses.field(init=False)  # kept in columns of their name
    json: frozenset[str] = dataclasses.field(init=False)  # those kept as JSON (tuples as lists)
    keyed: tuple[tuple[str, str, bool], ...] = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        names = [f.name for f in dataclasses.fields(self.model)]
        fields = tuple(n for n in names if n not in self.references and n not in self.apart)
        missing = [f for f in fields if f not in self.table.c] + [
            f"{r}_id" for r in self.references if f"{r}_id" not in self.table.c
        ]
        if missing:  # a new field of the model needs its column (and a migration)
            raise TypeError(f"{self.model.__name__}: no column for {', '.join(missing)}")
        json = frozenset(f for f in fields if isinstance(self.table.c[f].type, JSON))
        # (reference, its column, whether it must name a row): a NOT NULL key must
        keyed = tuple((r, f"{r}_id", not self.table.c[f"{r}_id"].nullable) for r in self.references)
        object.__setattr__(self, "fields", fields)
        object.__setattr__(self, "json", json)
        object.__setattr__(self, "keyed", keyed)

    def row(self, item: Any, keys: Mapping[str, Mapping[Any, int]], **more: Any) -> dict:
        """The table row of a model item; ``keys`` give the key of each row it names."""
        row = {f: getattr(item, f) for f in self.fields}
        for f in self.json:
            row[f] = _plain(row[f])
        for reference, column, required in self.keyed:
            name = getattr(item, reference)
            if reference == "touchpoint":  # touchpoints are named within their stage
                row[column] = keys[reference][(item.stage, name)] if name else None
            else:
                row[column] = keys[reference][name] if required else keys[reference].get(name)
        row.update(more)
        return row

    def item(self, row: Mapping[str, Any], names: Mapping[str, Mapping[int, str]], **more: Any):
        """The model item of a table row; ``names`` give the name of each row it refers to."""
        values = {f: row[f] for f in self.fields}
        for f in self.json:
            values[f] = _model_value(values[f])
        for reference, column, required in self.keyed:
            key = row[column]
            values[reference] = names[reference][key] if required else names[reference].get(key)
        return self.model(**values, **more)


_JOURNEY = _Mapping("journey", Journey, tables.journeys, apart=("scale",))
# In the order they are written: a row's references are written before it.
_MAPPINGS = (
    _Mapping("stages", Stage, tables.stages, referred_as="stage"),
    _Mapping("channels", Channel, tables.channels, referred_as="channel"),
    _Mapping("personas", Persona, tables.personas, referred_as="persona"),
    _Mapping(
        "touchpoints",
        Touchpoint,
        tables.touchpoints,
        ("stage", "channel"),
        referred_as="touchpoint",
    ),
    _Mapping("emotions", Emotion, tables.emotions, ("persona", "stage", "touchpoint")),
    _Mapping("kpis", Kpi, tables.kpis, ("stage", "touchpoint", "persona")),
    _Mapping("actions", Action, tables.actions, ("stage", "touchpoint")),
)


@dataclasses.dataclass(frozen=True)
class JourneyInfo:
    """A journey as listed: enough to choose one."""

    id: int
    name: str
    state: str
    baseline: str | None
    imported_at: dt.datetime | None


@dataclasses.dataclass(frozen=True)
class SavedAnswers:
    """What saving a file of answers did: how many were added, or when the same file was."""

    added: int
    duplicate_of: dt.datetime | None = None
    personas: tuple[str, ...] = ()  # segments of the file that became personas of the journey
    already: int = 0  # answers of known respondents already there: not added again


@dataclasses.dataclass(frozen=True)
class Saved:
    """What saving one map did."""

    name: str
    replaced: bool


class Store:
    """Journey maps in a SQL database."""

    def __init__(
        self, url: str | None = None, *, migrate: bool = True, actor: access.Actor | None = None
    ):
        self.url = url or database_url()
        # who changes the maps (issue 12): checked before every write, written in the history
        self.actor = actor or access.command_line()
        self.engine = make_engine(self.url)
        if migrate:
            try:
                upgrade(self.engine)
            except (OperationalError, SQLAlchemyError) as exc:
                raise CxmapError(
                    f"cannot open the database {self.engine.url!r}: {_first_line(exc)}"
                ) from None

    def close(self) -> None:
        self.engine.dispose()

    def acting(self, actor: access.Actor) -> Store:
        """This store (same engine) acting as ``actor``: what each app session writes through."""
        other = copy.copy(self)
        other.actor = actor
        return other

    # --- writing ---------------------------------------------------------------------------

    def save(
        self,
        maps: Sequence[JourneyMap],
        *,
        source: str | None = None,
        what: str = "import",
        summary: str | None = None,
        expected: Mapping[str, int | None] | None = None,
    ) -> list[Saved]:
        """Save maps in one transaction, each replacing the journey of the same name.

        Each map becomes a new version in the history; ``expected`` (journey name → the version
        the caller read) refuses the save with :class:`history.StaleSave` when it moved on."""
        self.actor.require("editor", "save a journey")
        names = [m.name for m in maps]
        if len(set(names)) != len(names):
            raise CxmapError("the same journey appears twice in one save")
        for journey_map in maps:
            history.adopt(self, journey_map.name)
        snapshots = [history.snapshot(m) for m in maps]  # before the transaction: no lock held
        try:
            return self._save_versions(maps, snapshots, source, what, summary, expected or {})
        except IntegrityError as exc:
            # another transaction created one of these journeys meanwhile (both saw none); the
            # unique name refused the second.  That is a stale save, not a crash.
            with self.engine.connect() as conn:
                for journey_map in maps:
                    latest = history.latest(conn, journey_map.name)
                    if latest is not None and (expected or {}).get(journey_map.name) is not None:
                        raise history.StaleSave(journey_map.name, latest) from None
            raise refused(exc) from None
        except DataError as exc:
            raise refused(exc) from None

    def _save_versions(
        self,
        maps: Sequence[JourneyMap],
        snapshots: list[bytes],
        source: str | None,
        what: str,
        summary: str | None,
        expected: Mapping[str, int | None],
    ) -> list[Saved]:
        saved = []
        with self.engine.begin() as conn:
            for journey_map in sorted(maps, key=lambda m: m.name):  # one order: no deadlock
                history.lock(conn, journey_map.name)
            for journey_map, kept in zip(maps, snapshots):
                history.claim(conn, journey_map.name, expected.get(journey_map.name))
                saved.append(self._save_one(conn, journey_map, source))
                history.record(
                    conn,
                    journey_map.name,
                    what=what,
                    summary=summary or _import_summary(journey_map, source),
                    actor=self.actor,
                    snapshot=kept,
                )
            self._bump(conn)
        return saved

    def _save_one(self, conn: Connection, m: JourneyMap, source: str | None) -> Saved:
        j = m.journey
        row = _JOURNEY.row(j, {})
        row.update(
            scale_low=j.scale.low if j.scale else None,
            scale_high=j.scale.high if j.scale else None,
            source=source,
            imported_at=dt.datetime.now(dt.UTC),
        )
        journeys = tables.journeys
        existing = conn.scalar(select(journeys.c.id).where(journeys.c.name == j.name))
        if existing is None:
            jid = conn.execute(insert(journeys).values(**row)).inserted_primary_key[0]
        else:
            jid = existing
            for table in tables.MAP_TABLES:
                conn.execute(delete(table).where(table.c.journey_id == jid))
            conn.execute(update(journeys).where(journeys.c.id == jid).values(**row))
        keys: dict[str, dict[Any, int]] = {}  # referred as -> name (stage, name) -> key
        for mapping in _MAPPINGS:
            self._insert(
                conn,
                mapping.table,
                [
                    mapping.row(item, keys, journey_id=jid, position=i)
                    for i, item in enumerate(getattr(m, mapping.attribute))
                ],
            )
            if mapping.referred_as:
                keys[mapping.referred_as] = self._keys(conn, mapping, jid)
        if existing is not None:  # its event log, if any, follows the map's touchpoints
            from cxmap.storage import events  # imports this module

            events.follow_map(conn, jid, m)
        return Saved(j.name, replaced=existing is not None)

    @staticmethod
    def _keys(conn: Connection, mapping: _Mapping, jid: int) -> dict[Any, int]:
        """The keys of a journey's rows just written, by the name other rows use: a
        touchpoint's is its stage and name, the others' their name."""
        table = mapping.table
        if table is tables.touchpoints:
            stages = tables.stages
            query = (
                select(stages.c.name, table.c.name, table.c.id)
                .join(stages, stages.c.id == table.c.stage_id)
                .where(table.c.journey_id == jid)
            )
            return {(stage, name): id_ for stage, name, id_ in conn.execute(query)}
        query = select(table.c.name, table.c.id).where(table.c.journey_id == jid)
        return {name: id_ for name, id_ in conn.execute(query)}

    @staticmethod
    def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        """Insert many rows in one executemany (the seam tests use to inject a failure)."""
        if rows:
            conn.execute(insert(table), rows)

    @staticmethod
    def _bump(conn: Connection) -> None:
        conn.execute(
            update(tables.meta)
            .where(tables.meta.c.key == "data_version")
            .values(value=tables.meta.c.value + 1)
        )

    def delete(self, name: str, *, expected: int | None = None) -> bool:
        """Delete a journey: hide it, keeping its rows, answers and history for a restoration
        (a new version); False when there was none to delete."""
        self.actor.require("admin", "delete a journey")
        history.adopt(self, name)
        with self.engine.begin() as conn:
            j = tables.journeys.c
            statement = (
                update(tables.journeys)
                .where(j.name == name, j.deleted_at.is_(None))
                .values(deleted_at=dt.datetime.now(dt.UTC), version=j.version + 1)
            )
            if expected is not None:
                statement = statement.where(j.version == expected)
            if not conn.execute(statement).rowcount:
                if expected is not None and conn.scalar(
                    select(j.id).where(j.name == name, j.deleted_at.is_(None))
                ):
                    raise history.StaleSave(name, history.latest(conn, name))
                return False
            history.record(
                conn, name, what="delete", summary="deleted", actor=self.actor, snapshot=None
            )
            self._bump(conn)
        return True

    def purge(self, name: str) -> bool:
        """Remove a journey and everything that hangs off it, answers included, for good (its
        history stays: a rollback brings its map back, not its answers); False when none."""
        self.actor.require("admin", "purge a journey")
        with self.engine.begin() as conn:
            jid = conn.scalar(select(tables.journeys.c.id).where(tables.journeys.c.name == name))
            if jid is None:
                return False
            for table in (
                *tables.MAP_TABLES,
                tables.response_tallies,
                tables.responses,
                tables.response_batches,
            ):
                conn.execute(delete(table).where(table.c.journey_id == jid))
            conn.execute(delete(tables.journeys).where(tables.journeys.c.id == jid))
            self._bump(conn)
        return True

    def version_of(self, name: str) -> int | None:
        """The journey's version number now: what a page keeps to save with ``expected``."""
        return history.current_version(self.engine, name)

    EDITABLE_ACTION_FIELDS = ("impact", "effort", "status", "owner")

    def update_actions(
        self,
        name: str,
        changes: Mapping[int, Mapping[str, Any]],
        *,
        expected: int | None = None,
    ) -> int:
        """Edit impact, effort, status and owner of a journey's actions, by their position.

        Validates every change first (ratings 1..5, a known status), then writes them all in one
        transaction and bumps the data version.  Returns the number of actions changed.
        """
        for position, fields in changes.items():
            for key, value in fields.items():
                if key not in self.EDITABLE_ACTION_FIELDS:
                    raise CxmapError(f"action {position}: '{key}' cannot be edited here")
                if key in ("impact", "effort") and value is not None and not 1 <= value <= 5:
                    raise CxmapError(f"action {position}: {key} must be from 1 to 5, not {value}")
                if key == "status" and value not in ACTION_STATUSES:
                    raise CxmapError(
                        f"action {position}: status must be one of "
                        f"{', '.join(ACTION_STATUSES)}, not {value!r}"
                    )
        self.actor.require("editor", "edit a journey")
        history.adopt(self, name)
        # the version kept in the history: the map as read at version `base`, edited here
        base = self.version_of(name) if expected is None else expected
        edited, summary = history.edited_actions(self.load(name), changes)
        kept = history.snapshot(edited)
        with self.engine.begin() as conn:
            jid = conn.scalar(select(tables.journeys.c.id).where(tables.journeys.c.name == name))
            if jid is None:
                raise CxmapError(f"there is no journey named '{name}'")
            if any(changes.values()):
                history.claim(conn, name, base, undelete=False)
            changed = 0
            for position, fields in changes.items():
                if not fields:
                    continue
                result = conn.execute(
                    update(tables.actions)
                    .where(
                        tables.actions.c.journey_id == jid, tables.actions.c.position == position
                    )
                    .values(**fields)
                )
                changed += result.rowcount
            if any(changes.values()):
                history.record(
                    conn, name, what="edit", summary=summary, actor=self.actor, snapshot=kept
                )
                self._bump(conn)
        return changed

    # --- survey answers -------------------------------------------------------------------

    def save_answers(self, name: str, answers: Any) -> SavedAnswers:
        """Append a file of answers (a :class:`cxmap.files.responses.Answers`) to a journey, in one
        transaction.  The same file a second time adds nothing (its SHA-256 is remembered); an
        answer of a known respondent already there (the same respondent, stage, touchpoint,
        channel, metric and date: :func:`answer_keys`) is not added again, so a wave re-exported
        or re-saved adds only what is new.  Segments that are no persona yet become personas
        marked as coming from the answers, as a new version of the journey."""
        self.actor.require("editor", "add survey answers")
        if not answers.ok:
            raise CxmapError(
                f"{answers.filename}: answers with errors cannot be saved "
                f"({len(answers.report.errors)} errors)"
            )
        for attempt in range(3):
            # a new persona changes the map, whose version is compared-and-set: another change
            # in between makes the map to keep out of date, so it is read again
            try:
                return self._save_answers(name, answers)
            except history.StaleSave:
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _save_answers(self, name: str, answers: Any) -> SavedAnswers:
        columns = dict(answers.columns)
        personas = self._answers_personas(name, tuple(getattr(answers, "personas", ()) or ()))
        order = ANSWER_COLUMNS
        keys = answer_keys(columns)
        with self.engine.begin() as conn:
            # one import of answers per journey at a time: the keys read below stay true
            history.lock(conn, name)
            jid = self._journey_id(name, conn)
            earlier = conn.execute(
                select(
                    tables.response_batches.c.imported_at, tables.response_batches.c.answers
                ).where(
                    tables.response_batches.c.journey_id == jid,
                    tables.response_batches.c.sha256 == answers.sha256,
                )
            ).first()
            if earlier is not None:
                return SavedAnswers(0, duplicate_of=earlier.imported_at)
            already = 0
            if keys is not None:
                new = self._new_answers(conn, jid, keys)
                already = len(keys) - int(new.sum())
                if already:
                    columns = {key: _pick(values, new) for key, values in columns.items()}
                    keys = keys[new]
            count = len(columns["score"])
            if not count:
                return SavedAnswers(0, already=already)
            if personas is not None:
                self._add_personas(conn, jid, name, answers.filename, *personas)
            batch = conn.execute(
                insert(tables.response_batches).values(
                    journey_id=jid,
                    sha256=answers.sha256,
                    filename=answers.filename,
                    form=answers.form,
                    answers=count,
                    imported_at=dt.datetime.now(dt.UTC),
                )
            ).inserted_primary_key[0]
            names: tuple[str, ...] = ("journey_id", "batch_id", *order)
            values = [columns[key] for key in order]
            if keys is not None:
                names += ("answer_key",)
                values.append([None if k == _NO_KEY else int(k) for k in keys])
            self._bulk_answers(conn, ((jid, batch, *row) for row in zip(*values)), names)
            self._tally(conn, batch)
            self._bump(conn)
        added = tuple(p.name for p in personas[2]) if personas else ()
        return SavedAnswers(count, already=already, personas=added)

    def answer_batches(self, name: str) -> list[dict[str, Any]]:
        """The files of answers imported into a journey, oldest first: id, filename, form (long
        or wide), answers (how many it added), imported_at."""
        b = tables.response_batches.c
        jid = self._journey_id(name)
        with self.engine.connect() as conn:
            return [
                dict(row)
                for row in conn.execute(
                    select(b.id, b.filename, b.form, b.answers, b.imported_at)
                    .where(b.journey_id == jid)
                    .order_by(b.id)
                ).mappings()
            ]

    def remove_answer_batch(self, name: str, batch_id: int) -> int:
        """Take one imported file of answers out of a journey, in one transaction: its answers
        and their counts go, so every measured KPI is what the other files alone measure, and
        the same file can be imported again (editors only).  The personas that file created
        from its segments stay: they are part of the map and of its history (a rollback takes
        them out).  Returns the answers removed; raises CxmapError when the journey has no
        such file."""
        self.actor.require("editor", "remove a file of survey answers")
        b, r, c = tables.response_batches, tables.responses, tables.response_tallies
        with self.engine.begin() as conn:
            # as an import does: one change of a journey's answers at a time
            history.lock(conn, name)
            jid = self._journey_id(name, conn)
            found = conn.scalar(select(b.c.id).where(b.c.id == batch_id, b.c.journey_id == jid))
            if found is None:
                raise CxmapError(f"'{name}' has no file of answers number {batch_id}")
            removed = conn.execute(
                delete(r).where(r.c.journey_id == jid, r.c.batch_id == batch_id)
            ).rowcount
            conn.execute(delete(c).where(c.c.journey_id == jid, c.c.batch_id == batch_id))
            conn.execute(delete(b).where(b.c.id == batch_id))
            self._bump(conn)
        return int(removed or 0)

    def _answers_personas(
        self, name: str, segments: tuple[str, ...]
    ) -> tuple[int | None, bytes, tuple[Persona, ...]] | None:
        """The segments of a file of answers that are no persona of the journey yet, as
        personas marked as coming from the answers, with what the history keeps: (the version
        they are added to, the map with them); None when there are none."""
        if not segments:
            return None
        history.adopt(self, name)
        base = self.version_of(name)
        before = self.load(name)
        known = {normalise(p.name) for p in before.personas}
        fresh = tuple(
            Persona(segment, source=FROM_ANSWERS)
            for segment in dict.fromkeys(segments)
            if normalise(segment) not in known
        )
        if not fresh:
            return None
        after = dataclasses.replace(before, personas=before.personas + fresh)
        return base, history.snapshot(after), fresh

    def _add_personas(
        self,
        conn: Connection,
        jid: int,
        name: str,
        filename: str,
        base: int | None,
        kept: bytes,
        fresh: tuple[Persona, ...],
    ) -> None:
        """Write the personas a file of answers brought, after the journey's own, as a new
        version of the journey (in the transaction of the answers)."""
        history.claim(conn, name, base, undelete=False)
        p = tables.personas.c
        start = conn.scalar(
            select(func.coalesce(func.max(p.position), -1)).where(p.journey_id == jid)
        )
        mapping = next(m for m in _MAPPINGS if m.model is Persona)
        self._insert(
            conn,
            tables.personas,
            [
                mapping.row(persona, {}, journey_id=jid, position=start + 1 + i)
                for i, persona in enumerate(fresh)
            ],
        )
        names = ", ".join(persona.name for persona in fresh)
        history.record(
            conn,
            name,
            what="answers",
            summary=(
                f"{len(fresh)} persona{'s' if len(fresh) > 1 else ''} from the answers of "
                f"{filename}: {names}"
            )[:2000],
            actor=self.actor,
            snapshot=kept,
        )

    def orphaned_answers(self, journey_map: JourneyMap) -> dict[str, int]:
        """The answers that saving ``journey_map`` would leave on a touchpoint it no longer has
        (renamed or removed): touchpoint name -> how many, most first.  Answers refer to
        touchpoints by name, so they stay, counted for no touchpoint of the map."""
        c = tables.response_tallies.c
        j = tables.journeys.c
        names = {t.name for t in journey_map.touchpoints}
        places = {(t.stage, t.name) for t in journey_map.touchpoints}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(c.stage, c.touchpoint, func.sum(c.n))
                .join(tables.journeys, j.id == c.journey_id)
                .where(j.name == journey_map.name, c.touchpoint.is_not(None))
                .group_by(c.stage, c.touchpoint)
            ).all()
        orphaned: dict[str, int] = {}
        for stage, name, n in rows:
            if not n or (name in names and (stage is None or (stage, name) in places)):
                continue
            # a touchpoint kept at another stage: its answers, given at this one, count nowhere
            label = name if name not in names else f"{name} ({stage})"
            orphaned[label] = orphaned.get(label, 0) + int(n)
        return dict(sorted(orphaned.items(), key=lambda item: (-item[1], item[0])))

    @staticmethod
    def _new_answers(conn: Connection, jid: int, keys: Any) -> Any:
        """Which answers are not there yet (a mask): neither saved before nor earlier in the
        same file.  An answer without a respondent is always new."""
        import numpy as np
        import pandas as pd

        r = tables.responses.c
        saved = np.fromiter(
            conn.scalars(
                select(r.answer_key).where(r.journey_id == jid, r.answer_key.is_not(None))
            ),
            dtype=np.int64,
        )
        keyed = keys != _NO_KEY
        new = ~keyed | ~np.isin(keys, saved)
        new &= ~keyed | ~pd.Series(keys).duplicated().to_numpy()
        return new

    @staticmethod
    def _tally(conn: Connection, batch: int) -> None:
        """Count a batch's answers at the finest grain, in the database (one GROUP BY)."""
        r = tables.responses.c
        dims = (
            r.journey_id,
            r.batch_id,
            r.stage,
            r.touchpoint,
            r.channel,
            r.persona,
            r.period,
            r.metric,
        )
        counts = (
            select(
                *dims,
                func.count(),
                # scores are within their metric's scale (checked on reading), so the
                # thresholds' open ends need no bound
                func.sum(case((r.score >= NPS_PROMOTERS.low, 1), else_=0)),
                func.sum(case((r.score <= NPS_DETRACTORS.high, 1), else_=0)),
                func.sum(case((r.score >= CSAT_SATISFIED.low, 1), else_=0)),
                func.sum(r.score),
                func.sum(r.score * r.score),
            )
            .where(r.batch_id == batch)
            .group_by(*dims)
        )
        tally = tables.response_tallies.c
        conn.execute(
            insert(tables.response_tallies).from_select(
                [
                    tally.journey_id,
                    tally.batch_id,
                    tally.stage,
                    tally.touchpoint,
                    tally.channel,
                    tally.persona,
                    tally.period,
                    tally.metric,
                    tally.n,
                    tally.promoters,
                    tally.detractors,
                    tally.satisfied,
                    tally.total,
                    tally.squares,
                ],
                counts,
            )
        )

    @staticmethod
    def _bulk_answers(conn: Connection, rows: Iterable[tuple], names: tuple[str, ...]) -> None:
        """Insert many answers fast: COPY on PostgreSQL, one executemany per chunk elsewhere.

        Elsewhere the statement is SQLAlchemy's ``insert()`` of the named columns, compiled once
        for the connection's dialect (so its placeholders are the driver's), and each chunk of
        rows goes to the driver's executemany as bound parameters.  It bypasses SQLAlchemy's
        per-row processing, which doubles the time of a million answers (the dates it would
        format are bound by the driver as the same ISO text)."""
        table = tables.responses
        columns = [table.c[name] for name in names]  # a name that is not a column raises
        if conn.dialect.name == "postgresql":
            from psycopg import sql  # PostgreSQL is reached through psycopg 3 (requirements)

            copy_statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table.name),
                sql.SQL(", ").join(sql.Identifier(c.name) for c in columns),
            )
            cursor = conn.connection.driver_connection.cursor()
            with cursor.copy(copy_statement) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        compiled = insert(table).compile(dialect=conn.dialect, column_keys=list(names))
        if compiled.positional:  # the placeholders' order is the table's, not `names`
            parameters: Callable[[tuple], Any] = operator.itemgetter(
                *(names.index(key) for key in compiled.positiontup or ())
            )
        else:
            parameters = lambda row: dict(zip(names, row))  # noqa: E731
        statement = str(compiled)
        chunk: list[Any] = []
        for row in rows:
            chunk.append(parameters(row))
            if len(chunk) == 50_000:
                conn.exec_driver_sql(statement, chunk)
                chunk = []
        if chunk:
            conn.exec_driver_sql(statement, chunk)

    def answer_tallies(self, name: str) -> list[AnswerTally]:
        """The answers of a journey counted in the database at the finest grain (stage,
        touchpoint, channel, persona, period, metric): n, promoters, detractors, satisfied (the
        thresholds of :mod:`cxmap.domain.metrics`), sum and sum of squares — all additive, so
        coarser groupings are exact sums of these (see :mod:`cxmap.compute.measures`).  Summed
        over the batches' tallies, which each import counted from its answers."""
        c = tables.response_tallies.c
        dims = (c.metric, c.stage, c.touchpoint, c.channel, c.persona, c.period)
        counts = (c.n, c.promoters, c.detractors, c.satisfied, c.total, c.squares)
        query = (
            select(*dims, *(func.sum(column).label(column.name) for column in counts))
            .where(c.journey_id == self._journey_id(name))
            .group_by(*dims)
        )
        with self.engine.connect() as conn:
            return [
                AnswerTally(
                    row.metric,
                    row.stage,
                    row.touchpoint,
                    row.channel,
                    row.persona,
                    row.period,
                    int(row.n),
                    int(row.promoters or 0),
                    int(row.detractors or 0),
                    int(row.satisfied or 0),
                    float(row.total or 0),
                    float(row.squares or 0),
                )
                for row in conn.execute(query)
            ]

    def _journey_id(self, name: str, conn: Connection | None = None) -> int:
        """The key of the journey named ``name`` (read in ``conn``, a transaction under way, or
        a connection of its own); a CxmapError listing the journeys when there is none."""
        if conn is None:
            with self.engine.connect() as own:
                return self._journey_id(name, own)
        jid = conn.scalar(select(tables.journeys.c.id).where(tables.journeys.c.name == name))
        if jid is None:
            raise CxmapError(
                f"there is no journey named '{name}' (journeys: "
                f"{', '.join(self.names()) or 'none'})"
            )
        return jid

    # --- reading ----------------------------------------------------------------------------

    def data_version(self) -> int:
        """A number every save and delete increases: a cache key for whoever reads the maps."""
        with self.engine.connect() as conn:
            return (
                conn.scalar(select(tables.meta.c.value).where(tables.meta.c.key == "data_version"))
                or 0
            )

    def journeys(self) -> list[JourneyInfo]:
        j = tables.journeys.c
        with self.engine.connect() as conn:
            return [
                JourneyInfo(*row)
                for row in conn.execute(
                    select(j.id, j.name, j.state, j.baseline, j.imported_at)
                    .where(j.deleted_at.is_(None))
                    .order_by(j.name)
                )
            ]

    def names(self) -> list[str]:
        return [info.name for info in self.journeys()]

    def load_id(self, journey_id: int) -> JourneyMap:
        """One journey map by its key (what the dashboard caches on)."""
        with self.engine.connect() as conn:
            name = conn.scalar(
                select(tables.journeys.c.name).where(tables.journeys.c.id == journey_id)
            )
        if name is None:
            raise CxmapError(f"there is no journey with key {journey_id}")
        return self.load(name)

    def load(self, name: str) -> JourneyMap:
        """One journey map, as it was saved."""
        with self.engine.connect() as conn:
            jrow = conn.execute(
                select(tables.journeys).where(
                    tables.journeys.c.name == name, tables.journeys.c.deleted_at.is_(None)
                )
            ).mappings()
            jrow = jrow.first()
            if jrow is None:
                raise CxmapError(
                    f"there is no journey named '{name}' (journeys: "
                    f"{', '.join(self.names()) or 'none'})"
                )
            scale = (
                Scale(jrow["scale_low"], jrow["scale_high"])
                if jrow["scale_low"] is not None
                else None
            )
            journey = _JOURNEY.item(jrow, {}, scale=scale)
            names: dict[str, dict[int, str]] = {}  # referred as -> key -> name
            parts: dict[str, tuple[Any, ...]] = {}
            for mapping in _MAPPINGS:
                table = mapping.table
                rows = list(
                    conn.execute(
                        select(table)
                        .where(table.c.journey_id == jrow["id"])
                        .order_by(table.c.position)
                    ).mappings()
                )
                parts[mapping.attribute] = tuple(mapping.item(r, names) for r in rows)
                if mapping.referred_as:
                    names[mapping.referred_as] = {r["id"]: r["name"] for r in rows}
            return JourneyMap(journey=journey, **parts)

    def summary(self) -> list[dict[str, Any]]:
        """One object per journey: its stages in order and how many of each thing it holds."""
        with self.engine.connect() as conn:
            journeys = list(
                conn.execute(
                    select(tables.journeys.c.id, tables.journeys.c.name, tables.journeys.c.state)
                    .where(tables.journeys.c.deleted_at.is_(None))
                    .order_by(tables.journeys.c.name)
                )
            )
            stage_names: dict[int, list[str]] = {}
            for jid, name in conn.execute(
                select(tables.stages.c.journey_id, tables.stages.c.name).order_by(
                    tables.stages.c.journey_id, tables.stages.c.position
                )
            ):
                stage_names.setdefault(jid, []).append(name)

            def counts(table: Any) -> dict[int, int]:
                query = select(table.c.journey_id, func.count()).group_by(table.c.journey_id)
                return {jid: n for jid, n in conn.execute(query)}

            tally = {
                name: counts(table)
                for name, table in (
                    ("personas", tables.personas),
                    ("channels", tables.channels),
                    ("touchpoints", tables.touchpoints),
                    ("emotions", tables.emotions),
                    ("kpis", tables.kpis),
                    ("actions", tables.actions),
                    ("responses", tables.responses),
                )
            }
            by_quality: dict[tuple[int, str], int] = {
                (jid, q): n
                for jid, q, n in conn.execute(
                    select(
                        tables.touchpoints.c.journey_id,
                        tables.touchpoints.c.qualification,
                        func.count(),
                    ).group_by(tables.touchpoints.c.journey_id, tables.touchpoints.c.qualification)
                )
            }
        result = []
        for jid, name, state in journeys:
            item: dict[str, Any] = {
                "journey": name,
                "state": state,
                "stages": stage_names.get(jid, []),
            }
            for key in ("personas", "channels", "touchpoints"):
                item[key] = tally[key].get(jid, 0)
            item["irritants"] = by_quality.get((jid, "irritant"), 0)
            item["delights"] = by_quality.get((jid, "delight"), 0)
            item["missing"] = by_quality.get((jid, "missing"), 0)
            for key in ("emotions", "kpis", "actions", "responses"):
                item[key] = tally[key].get(jid, 0)
            result.append(item)
        return result


_NO_KEY = -(2**63)  # an answer without a respondent (kept as NULL): never compared


def answer_keys(columns: Mapping[str, Sequence[Any]]) -> Any:
    """What each answer is, as a 64-bit key (a numpy int64 array): a hash of its respondent,
    stage, touchpoint, channel, metric and date; ``_NO_KEY`` where there is no respondent.  None
    when no answer has a respondent.  Hashed by pandas over whole columns (SipHash with pandas'
    fixed key, the same from run to run), as text: a million answers take a fraction of a
    second where a Python hash per answer takes seconds."""
    import numpy as np
    import pandas as pd

    respondents = pd.Series(columns.get("respondent") or [], dtype=object)
    if not len(respondents) or respondents.isna().all():
        return None
    what = pd.DataFrame(
        {
            key: _key_texts(columns[key])
            for key in ("respondent", "stage", "touchpoint", "channel", "metric", "answered_on")
        }
    )
    keys = pd.util.hash_pandas_object(what, index=False).to_numpy().view(np.int64).copy()
    keys[keys == _NO_KEY] += 1  # the one hash that would read as "no key"
    keys[respondents.isna().to_numpy()] = _NO_KEY
    return keys


def _key_texts(values: Sequence[Any]) -> Any:
    """A column as its key hashes it, converted once per distinct value."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    texts = np.array([*(_key_text(u) for u in uniques), _key_text(None)], dtype=object)
    return texts[codes]  # code -1 (missing) picks the last


def _key_text(value: Any) -> str:
    """An answer's field as its key hashes it: None apart from any text, dates in ISO."""
    if value is None or value != value:
        return "\x00"  # no text of an answer holds a NUL (limits)
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _pick(values: Sequence[Any], mask: Any) -> list[Any]:
    return [value for value, keep in zip(values, mask) if keep]


def _model_value(value: Any) -> Any:
    """A column's value as the model holds it: JSON lists come back as the model's tuples."""
    return tuple(value) if isinstance(value, list) else value


def _import_summary(journey_map: JourneyMap, source: str | None) -> str:
    return journey_map.describe() + (f"; from {source}" if source else "")


def _plain(value: Any) -> Any:
    """Tuples and mappings of the model as JSON-ready lists and dicts."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def refused(exc: SQLAlchemyError) -> CxmapError:
    """What the database refused, in one line: its own message without the statement or the
    row values SQLAlchemy adds (a validation gap, never a traceback)."""
    return CxmapError(f"the database refused the save: {_first_line(exc)}; nothing was saved")


def _first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
