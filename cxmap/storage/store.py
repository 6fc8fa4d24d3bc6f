"""The database that keeps the maps: SQLite embedded by default, PostgreSQL for a team.

:class:`Store` opens the database named by ``CXMAP_DATABASE_URL`` (else ``data/cxmap.db``),
brings its schema up to date with the Alembic migrations, and saves, loads, lists and deletes
journey maps.  Saving is one transaction: every map of an import is written, or none is.  A map
whose journey already exists replaces it as a whole: the journey keeps its key (so links and
survey answers stay attached) and all its rows are deleted and written anew.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    case,
    create_engine,
    delete,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from cxmap.domain.model import (
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
from cxmap.storage import access, history
from cxmap.storage import schema as t

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
    """Create or upgrade the schema to the newest migration."""
    if is_current(engine):
        return
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@dataclass(frozen=True)
class JourneyInfo:
    """A journey as listed: enough to choose one."""

    id: int
    name: str
    state: str
    baseline: str | None
    imported_at: dt.datetime | None


@dataclass(frozen=True)
class SavedAnswers:
    """What saving a file of answers did: how many were added, or when the same file was."""

    added: int
    duplicate_of: dt.datetime | None = None


@dataclass(frozen=True)
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
        except IntegrityError:
            # PostgreSQL: another transaction created one of these journeys meanwhile (both saw
            # none); the unique name refused the second.  That is a stale save, not a crash.
            with self.engine.connect() as conn:
                for journey_map in maps:
                    latest = history.latest(conn, journey_map.name)
                    if latest is not None and (expected or {}).get(journey_map.name) is not None:
                        raise history.StaleSave(journey_map.name, latest) from None
            raise

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
        row = dict(
            name=j.name,
            state=j.state,
            baseline=j.baseline,
            description=j.description,
            sector=j.sector,
            owner=j.owner,
            scale_low=j.scale.low if j.scale else None,
            scale_high=j.scale.high if j.scale else None,
            extra=dict(j.extra),
            source=source,
            imported_at=dt.datetime.now(dt.UTC),
        )
        existing = conn.scalar(select(t.journeys.c.id).where(t.journeys.c.name == j.name))
        if existing is None:
            jid = conn.execute(insert(t.journeys).values(**row)).inserted_primary_key[0]
        else:
            jid = existing
            for table in t.MAP_TABLES:
                conn.execute(delete(table).where(table.c.journey_id == jid))
            conn.execute(update(t.journeys).where(t.journeys.c.id == jid).values(**row))

        def rows(items: Iterable[Any], *fields: str) -> list[dict[str, Any]]:
            return [
                dict(journey_id=jid, position=i, **{f: _plain(getattr(x, f)) for f in fields})
                for i, x in enumerate(items)
            ]

        self._insert(
            conn, t.stages, rows(m.stages, "name", "phase", "description", "customer_goal", "extra")
        )
        self._insert(conn, t.channels, rows(m.channels, "name", "kind", "category", "extra"))
        self._insert(
            conn,
            t.personas,
            rows(
                m.personas,
                "name",
                "description",
                "segment",
                "share",
                "age",
                "goals",
                "frustrations",
                "motivations",
                "preferred_channels",
                "extra",
            ),
        )
        stage_id = self._ids(conn, t.stages, jid)
        channel_id = self._ids(conn, t.channels, jid)
        persona_id = self._ids(conn, t.personas, jid)
        self._insert(
            conn,
            t.touchpoints,
            [
                dict(
                    journey_id=jid,
                    position=i,
                    stage_id=stage_id[x.stage],
                    channel_id=channel_id[x.channel],
                    name=x.name,
                    category=x.category,
                    qualification=x.qualification,
                    moment_of_truth=x.moment_of_truth,
                    layer=x.layer,
                    data_collection=x.data_collection,
                    description=x.description,
                    owner=x.owner,
                    extra=dict(x.extra),
                )
                for i, x in enumerate(m.touchpoints)
            ],
        )
        touchpoint_id = {
            (stage, name): id_
            for id_, stage, name in conn.execute(
                select(t.touchpoints.c.id, t.stages.c.name, t.touchpoints.c.name)
                .join(t.stages, t.stages.c.id == t.touchpoints.c.stage_id)
                .where(t.touchpoints.c.journey_id == jid)
            )
        }

        def tp(stage: str | None, name: str | None) -> int | None:
            return touchpoint_id[(stage, name)] if name else None

        self._insert(
            conn,
            t.emotions,
            [
                dict(
                    journey_id=jid,
                    position=i,
                    persona_id=persona_id[x.persona],
                    stage_id=stage_id[x.stage],
                    touchpoint_id=tp(x.stage, x.touchpoint),
                    score=x.score,
                    feeling=x.feeling,
                    quote=x.quote,
                    thinks=x.thinks,
                    does=x.does,
                    says=x.says,
                    extra=dict(x.extra),
                )
                for i, x in enumerate(m.emotions)
            ],
        )
        self._insert(
            conn,
            t.kpis,
            [
                dict(
                    journey_id=jid,
                    position=i,
                    name=x.name,
                    value=x.value,
                    target=x.target,
                    unit=x.unit,
                    direction=x.direction,
                    period=x.period,
                    stage_id=stage_id.get(x.stage),
                    touchpoint_id=tp(x.stage, x.touchpoint),
                    persona_id=persona_id.get(x.persona),
                    n=x.n,
                    extra=dict(x.extra),
                )
                for i, x in enumerate(m.kpis)
            ],
        )
        self._insert(
            conn,
            t.actions,
            [
                dict(
                    journey_id=jid,
                    position=i,
                    name=x.name,
                    impact=x.impact,
                    effort=x.effort,
                    stage_id=stage_id.get(x.stage),
                    touchpoint_id=tp(x.stage, x.touchpoint),
                    pain_point=x.pain_point,
                    type=x.type,
                    owner=x.owner,
                    status=x.status,
                    cost=x.cost,
                    reach=x.reach,
                    due=x.due,
                    expected_gain=x.expected_gain,
                    extra=dict(x.extra),
                )
                for i, x in enumerate(m.actions)
            ],
        )
        return Saved(j.name, replaced=existing is not None)

    @staticmethod
    def _insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        """Insert many rows in one executemany (the seam tests use to inject a failure)."""
        if rows:
            conn.execute(insert(table), rows)

    @staticmethod
    def _ids(conn: Connection, table: Any, jid: int) -> dict[str, int]:
        query = select(table.c.name, table.c.id).where(table.c.journey_id == jid)
        return {name: id_ for name, id_ in conn.execute(query)}

    @staticmethod
    def _bump(conn: Connection) -> None:
        conn.execute(
            update(t.meta).where(t.meta.c.key == "data_version").values(value=t.meta.c.value + 1)
        )

    def delete(self, name: str, *, expected: int | None = None) -> bool:
        """Delete a journey: hide it, keeping its rows, answers and history for a restoration
        (a new version); False when there was none to delete."""
        self.actor.require("admin", "delete a journey")
        history.adopt(self, name)
        with self.engine.begin() as conn:
            j = t.journeys.c
            statement = (
                update(t.journeys)
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
            jid = conn.scalar(select(t.journeys.c.id).where(t.journeys.c.name == name))
            if jid is None:
                return False
            for table in (*t.MAP_TABLES, t.response_tallies, t.responses, t.response_batches):
                conn.execute(delete(table).where(table.c.journey_id == jid))
            conn.execute(delete(t.journeys).where(t.journeys.c.id == jid))
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
        statuses = ("idea", "planned", "in progress", "done")
        for position, fields in changes.items():
            for key, value in fields.items():
                if key not in self.EDITABLE_ACTION_FIELDS:
                    raise CxmapError(f"action {position}: '{key}' cannot be edited here")
                if key in ("impact", "effort") and value is not None and not 1 <= value <= 5:
                    raise CxmapError(f"action {position}: {key} must be from 1 to 5, not {value}")
                if key == "status" and value not in statuses:
                    raise CxmapError(
                        f"action {position}: status must be one of "
                        f"{', '.join(statuses)}, not {value!r}"
                    )
        self.actor.require("editor", "edit a journey")
        history.adopt(self, name)
        # the version kept in the history: the map as read at version `base`, edited here
        base = self.version_of(name) if expected is None else expected
        edited, summary = history.edited_actions(self.load(name), changes)
        kept = history.snapshot(edited)
        with self.engine.begin() as conn:
            jid = conn.scalar(select(t.journeys.c.id).where(t.journeys.c.name == name))
            if jid is None:
                raise CxmapError(f"there is no journey named '{name}'")
            if any(changes.values()):
                history.claim(conn, name, base, undelete=False)
            changed = 0
            for position, fields in changes.items():
                if not fields:
                    continue
                result = conn.execute(
                    update(t.actions)
                    .where(t.actions.c.journey_id == jid, t.actions.c.position == position)
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
        transaction.  The same file a second time adds nothing (its SHA-256 is remembered)."""
        self.actor.require("editor", "add survey answers")
        if not answers.ok:
            raise CxmapError(
                f"{answers.filename}: answers with errors cannot be saved "
                f"({len(answers.report.errors)} errors)"
            )
        columns = answers.columns
        order = (
            "answered_on",
            "period",
            "persona",
            "stage",
            "touchpoint",
            "channel",
            "metric",
            "score",
            "comment",
            "respondent",
        )
        with self.engine.begin() as conn:
            jid = conn.scalar(select(t.journeys.c.id).where(t.journeys.c.name == name))
            if jid is None:
                raise CxmapError(
                    f"there is no journey named '{name}' (journeys: "
                    f"{', '.join(self.names()) or 'none'})"
                )
            earlier = conn.execute(
                select(t.response_batches.c.imported_at, t.response_batches.c.answers).where(
                    t.response_batches.c.journey_id == jid,
                    t.response_batches.c.sha256 == answers.sha256,
                )
            ).first()
            if earlier is not None:
                return SavedAnswers(0, duplicate_of=earlier.imported_at)
            batch = conn.execute(
                insert(t.response_batches).values(
                    journey_id=jid,
                    sha256=answers.sha256,
                    filename=answers.filename,
                    form=answers.form,
                    answers=answers.count,
                    imported_at=dt.datetime.now(dt.UTC),
                )
            ).inserted_primary_key[0]
            rows = zip(*(columns[key] for key in order))
            self._bulk_answers(
                conn, ((jid, batch, *row) for row in rows), ("journey_id", "batch_id", *order)
            )
            self._tally(conn, batch)
            self._bump(conn)
        return SavedAnswers(answers.count)

    @staticmethod
    def _tally(conn: Connection, batch: int) -> None:
        """Count a batch's answers at the finest grain, in the database (one GROUP BY)."""
        r = t.responses.c
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
                func.sum(case((r.score >= 9, 1), else_=0)),
                func.sum(case((r.score <= 6, 1), else_=0)),
                func.sum(case((r.score >= 4, 1), else_=0)),
                func.sum(r.score),
                func.sum(r.score * r.score),
            )
            .where(r.batch_id == batch)
            .group_by(*dims)
        )
        tally = t.response_tallies.c
        conn.execute(
            insert(t.response_tallies).from_select(
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
        """Insert many answers fast: COPY on PostgreSQL, one executemany per chunk elsewhere."""
        listed = ", ".join(names)
        if conn.dialect.name == "postgresql":
            cursor = conn.connection.driver_connection.cursor()
            with cursor.copy(f"COPY responses ({listed}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" if conn.dialect.paramstyle == "qmark" else "%s" for _ in names)
        statement = f"INSERT INTO responses ({listed}) VALUES ({marks})"
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == 50_000:
                conn.exec_driver_sql(statement, chunk)
                chunk = []
        if chunk:
            conn.exec_driver_sql(statement, chunk)

    def answer_tallies(self, name: str) -> list[dict[str, Any]]:
        """The answers of a journey counted in the database at the finest grain (stage,
        touchpoint, channel, persona, period, metric): n, promoters (9–10), detractors (0–6),
        satisfied (4–5), sum and sum of squares — all additive, so coarser groupings are exact
        sums of these (see :mod:`cxmap.compute.measures`).  Summed over the batches' tallies, which
        each import counted from its answers."""
        c = t.response_tallies.c
        dims = (c.stage, c.touchpoint, c.channel, c.persona, c.period, c.metric)
        query = (
            select(
                *dims,
                *(
                    func.sum(column).label(column.name)
                    for column in (c.n, c.promoters, c.detractors, c.satisfied, c.total, c.squares)
                ),
            )
            .where(c.journey_id == self._journey_id(name))
            .group_by(*dims)
        )
        with self.engine.connect() as conn:
            return [dict(row) for row in conn.execute(query).mappings()]

    def _journey_id(self, name: str) -> int:
        with self.engine.connect() as conn:
            jid = conn.scalar(select(t.journeys.c.id).where(t.journeys.c.name == name))
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
            return conn.scalar(select(t.meta.c.value).where(t.meta.c.key == "data_version")) or 0

    def journeys(self) -> list[JourneyInfo]:
        j = t.journeys.c
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
            name = conn.scalar(select(t.journeys.c.name).where(t.journeys.c.id == journey_id))
        if name is None:
            raise CxmapError(f"there is no journey with key {journey_id}")
        return self.load(name)

    def load(self, name: str) -> JourneyMap:
        """One journey map, as it was saved."""
        with self.engine.connect() as conn:
            jrow = conn.execute(
                select(t.journeys).where(
                    t.journeys.c.name == name, t.journeys.c.deleted_at.is_(None)
                )
            ).mappings()
            jrow = jrow.first()
            if jrow is None:
                raise CxmapError(
                    f"there is no journey named '{name}' (journeys: "
                    f"{', '.join(self.names()) or 'none'})"
                )
            jid = jrow["id"]
            scale = (
                Scale(jrow["scale_low"], jrow["scale_high"])
                if jrow["scale_low"] is not None
                else None
            )
            journey = Journey(
                name=jrow["name"],
                state=jrow["state"],
                baseline=jrow["baseline"],
                description=jrow["description"],
                sector=jrow["sector"],
                owner=jrow["owner"],
                scale=scale,
                extra=jrow["extra"] or {},
            )

            def fetch(table: Any) -> list[Any]:
                return list(
                    conn.execute(
                        select(table).where(table.c.journey_id == jid).order_by(table.c.position)
                    ).mappings()
                )

            stage_rows, channel_rows = fetch(t.stages), fetch(t.channels)
            persona_rows, tp_rows = fetch(t.personas), fetch(t.touchpoints)
            stage = {r["id"]: r["name"] for r in stage_rows}
            channel = {r["id"]: r["name"] for r in channel_rows}
            persona = {r["id"]: r["name"] for r in persona_rows}
            touchpoint = {r["id"]: r["name"] for r in tp_rows}
            return JourneyMap(
                journey=journey,
                personas=tuple(
                    Persona(
                        name=r["name"],
                        description=r["description"],
                        segment=r["segment"],
                        share=r["share"],
                        age=r["age"],
                        goals=r["goals"],
                        frustrations=r["frustrations"],
                        motivations=r["motivations"],
                        preferred_channels=tuple(r["preferred_channels"] or ()),
                        extra=r["extra"],
                    )
                    for r in persona_rows
                ),
                stages=tuple(
                    Stage(r["name"], r["phase"], r["description"], r["customer_goal"], r["extra"])
                    for r in stage_rows
                ),
                channels=tuple(
                    Channel(r["name"], r["kind"], r["category"], r["extra"]) for r in channel_rows
                ),
                touchpoints=tuple(
                    Touchpoint(
                        stage=stage[r["stage_id"]],
                        channel=channel[r["channel_id"]],
                        name=r["name"],
                        category=r["category"],
                        qualification=r["qualification"],
                        moment_of_truth=r["moment_of_truth"],
                        layer=r["layer"],
                        data_collection=r["data_collection"],
                        description=r["description"],
                        owner=r["owner"],
                        extra=r["extra"],
                    )
                    for r in tp_rows
                ),
                emotions=tuple(
                    Emotion(
                        persona=persona[r["persona_id"]],
                        stage=stage[r["stage_id"]],
                        score=r["score"],
                        touchpoint=touchpoint.get(r["touchpoint_id"]),
                        feeling=r["feeling"],
                        quote=r["quote"],
                        thinks=r["thinks"],
                        does=r["does"],
                        says=r["says"],
                        extra=r["extra"],
                    )
                    for r in fetch(t.emotions)
                ),
                kpis=tuple(
                    Kpi(
                        name=r["name"],
                        value=r["value"],
                        target=r["target"],
                        unit=r["unit"],
                        direction=r["direction"],
                        period=r["period"],
                        stage=stage.get(r["stage_id"]),
                        touchpoint=touchpoint.get(r["touchpoint_id"]),
                        persona=persona.get(r["persona_id"]),
                        n=r["n"],
                        extra=r["extra"],
                    )
                    for r in fetch(t.kpis)
                ),
                actions=tuple(
                    Action(
                        name=r["name"],
                        impact=r["impact"],
                        effort=r["effort"],
                        stage=stage.get(r["stage_id"]),
                        touchpoint=touchpoint.get(r["touchpoint_id"]),
                        pain_point=r["pain_point"],
                        type=r["type"],
                        owner=r["owner"],
                        status=r["status"],
                        cost=r["cost"],
                        reach=r["reach"],
                        due=r["due"],
                        expected_gain=r["expected_gain"],
                        extra=r["extra"],
                    )
                    for r in fetch(t.actions)
                ),
            )

    def summary(self) -> list[dict[str, Any]]:
        """One object per journey: its stages in order and how many of each thing it holds."""
        with self.engine.connect() as conn:
            journeys = list(
                conn.execute(
                    select(t.journeys.c.id, t.journeys.c.name, t.journeys.c.state)
                    .where(t.journeys.c.deleted_at.is_(None))
                    .order_by(t.journeys.c.name)
                )
            )
            stage_names: dict[int, list[str]] = {}
            for jid, name in conn.execute(
                select(t.stages.c.journey_id, t.stages.c.name).order_by(
                    t.stages.c.journey_id, t.stages.c.position
                )
            ):
                stage_names.setdefault(jid, []).append(name)

            def counts(table: Any) -> dict[int, int]:
                query = select(table.c.journey_id, func.count()).group_by(table.c.journey_id)
                return {jid: n for jid, n in conn.execute(query)}

            tally = {
                name: counts(table)
                for name, table in (
                    ("personas", t.personas),
                    ("channels", t.channels),
                    ("touchpoints", t.touchpoints),
                    ("emotions", t.emotions),
                    ("kpis", t.kpis),
                    ("actions", t.actions),
                    ("responses", t.responses),
                )
            }
            by_quality: dict[tuple[int, str], int] = {
                (jid, q): n
                for jid, q, n in conn.execute(
                    select(
                        t.touchpoints.c.journey_id, t.touchpoints.c.qualification, func.count()
                    ).group_by(t.touchpoints.c.journey_id, t.touchpoints.c.qualification)
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


def _import_summary(journey_map: JourneyMap, source: str | None) -> str:
    return journey_map.describe() + (f"; from {source}" if source else "")


def _plain(value: Any) -> Any:
    """Tuples and mappings of the model as JSON-ready lists and dicts."""
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _first_line(exc: BaseException) -> str:
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
