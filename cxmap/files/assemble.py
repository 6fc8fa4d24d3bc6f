"""Building journey maps from recognised tables: every cell parsed as its column's kind says,
every reference resolved by name, every problem reported at its sheet, row and column.

Each kind of row (journeys, stages, channels, personas, touchpoints, emotions, KPIs, actions)
is read by one routine, :func:`_parse`, driven by the vocabulary's columns (their kind and
whether they are required) and by a small :class:`_Entity` entry that says what the vocabulary
does not: which columns name a row once, which refer to other rows, and the model it becomes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from cxmap.domain import limits
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
    is_blank,
)
from cxmap.domain.report import Report
from cxmap.domain.vocabulary import (
    SHEETS_BY_ROLE,
    allowed_words,
    canonical,
    default_direction,
    feeling_base,
    normalise,
    split_items,
)
from cxmap.files import cells
from cxmap.files.grid import Uncomputed
from cxmap.files.recognise import Corrections, Row, Table, Tables

_LIST_SEPARATORS = re.compile(r"\s*[,;/\n]\s*")
_INVALID = object()  # a cell whose error is already reported

_READERS: dict[str, Callable[[Any, Any], Any]] = {
    "number": lambda v, f: cells.number(v, f),
    "share": cells.share,
    "count": cells.count,
    "rating": cells.rating,
    "bool": cells.boolean,
    "date": cells.date,
    "period": cells.period,
    "scale": cells.scale,
}


class _Reader:
    """Parses cells as their columns say, reporting every problem."""

    def __init__(self, report: Report):
        self.report = report
        # rows of a shared sheet are parsed once per journey: their problems are reported once
        self._reported: set[tuple[str, str | None, int | None, str | None]] = set()

    def get(self, table: Table, row: Row, key: str) -> Any:
        """The parsed value of a cell, None when blank, _INVALID when its error is reported."""
        cell = row.cells.get(key)
        if cell is None or is_blank(cell.value):
            return None
        value = cell.value
        column = table.sheet.keys[key]
        if isinstance(value, Uncomputed):
            self.error(value.problem(), table, row, key)
            return _INVALID
        try:
            if column.kind == "choice":
                result = canonical(column.vocabulary or "", value)
                if result is None:
                    raise cells.CellError(
                        f"'{cells.text(value)}' is not one of: "
                        f"{allowed_words(column.vocabulary or '')}"
                    )
                return result
            if column.kind == "list":
                return tuple(p for p in _LIST_SEPARATORS.split(cells.text(value) or "") if p)
            if column.kind == "items":  # `;` or line breaks only: an item may hold a comma
                if isinstance(value, str) and value.upper() in cells.EXCEL_ERRORS:
                    raise cells.CellError(f"the cell holds the Excel error {value}")
                return split_items(cells.text(value)) or None
            if column.kind == "emotion":
                return value
            if column.kind in _READERS:
                return _READERS[column.kind](value, cell.detail)
            if isinstance(value, str) and value.upper() in cells.EXCEL_ERRORS:
                raise cells.CellError(f"the cell holds the Excel error {value}")
            return cells.text(value)
        except cells.CellError as exc:
            self.error(str(exc), table, row, key)
            return _INVALID

    def error(self, message: str, table: Table, row: Row, key: str | None) -> None:
        header = None
        if key:
            header = (row.headers or {}).get(key) or table.header(key)
        problem = (message, table.title, row.number, header)
        if problem not in self._reported:
            self._reported.add(problem)
            self.report.error(message, table.title, row.number, header)

    def required(self, table: Table, row: Row, key: str) -> Any:
        if not table.synthetic and key not in table.headers:  # reported once, for the sheet
            return _INVALID
        value = self.get(table, row, key)
        if value is None:
            self.error("this column is required and the cell is empty", table, row, key)
            return _INVALID
        return value


# --- what each kind of row becomes ---------------------------------------------------------------


@dataclass(frozen=True)
class _Entity:
    """What the vocabulary does not say of a kind of row.  Its columns are the sheet's, read in
    the vocabulary's order (references last when ``late``); a column that is ``required`` there
    must not be blank."""

    role: str
    model: type
    name: str | None = None  # the column that names the row: the model's `name`
    unique: tuple[str, ...] = ()  # columns no two rows may share (compared loosely)
    duplicate: str = ""  # the error for a row that repeats them, on the `name` column
    references: tuple[str, ...] = ()  # columns naming a persona, stage, channel or touchpoint
    late: bool = False  # references are read after the row's own values
    renames: Mapping[str, str] = field(default_factory=dict)  # column -> model field
    unstored: tuple[str, ...] = ()  # read and checked, but not a field of the model
    defaults: Callable[[dict[str, Any]], None] | None = None  # blanks filled from other values
    fields: dict[str, str] = field(init=False, repr=False, compare=False)  # column -> field
    numbers: tuple[str, ...] = field(init=False, repr=False, compare=False)  # number columns

    def __post_init__(self) -> None:
        fields = {
            key: self.renames.get(key) or ("name" if key == self.name else key)
            for key in self.columns()
            if key not in self.unstored
        }
        object.__setattr__(self, "fields", fields)
        sheet = SHEETS_BY_ROLE[self.role]
        numbers = tuple(k for k in fields if sheet.keys[k].kind == "number")
        object.__setattr__(self, "numbers", numbers)

    def columns(self) -> list[str]:
        keys = [
            c.key
            for c in SHEETS_BY_ROLE[self.role].columns
            if self.role == "journeys" or c.key != "journey"  # which journey: read by _build
        ]
        if not self.late:
            return keys
        return [k for k in keys if k not in self.references] + [
            k for k in keys if k in self.references
        ]

    def instance(self, values: Mapping[str, Any], extra: Mapping[str, Any], **more: Any) -> Any:
        """The model of a parsed row; blank values take the model's defaults."""
        fields = self.fields
        given = {fields[k]: v for k, v in values.items() if v is not None and k in fields}
        for key in self.numbers:  # a cells.Number: the model keeps its value
            if values.get(key) is not None:
                given[fields[key]] = values[key].value
        return self.model(**given, **more, extra=extra)


def _kpi_defaults(values: dict[str, Any]) -> None:
    """A KPI's unit is % when its value was written as a percentage; its direction follows
    its name (a churn rate is better lower)."""
    values["unit"] = values["unit"] or ("%" if values["value"].percent else None)
    values["direction"] = values["direction"] or default_direction(values["kpi"])


_JOURNEYS = _Entity(
    "journeys",
    Journey,
    name="journey",
    unique=("journey",),
    duplicate="journey '{journey}' is named twice",
    renames={"emotion_scale": "scale"},
)
_STAGES = _Entity(
    "stages",
    Stage,
    name="stage",
    unique=("stage",),
    duplicate="stage '{stage}' is listed twice",
    unstored=("order",),  # it orders the stages
)
_CHANNELS = _Entity(
    "channels",
    Channel,
    name="channel",
    unique=("channel",),
    duplicate="channel '{channel}' is listed twice",
)


def _persona_defaults(values: dict[str, Any]) -> None:
    """A persona's source in words cxmap knows (`réponses`) reads as its canonical value; any
    other text is the consultant's own, kept as written."""
    if values["source"] is not None:
        values["source"] = canonical("persona_source", values["source"]) or values["source"]


_PERSONAS = _Entity(
    "personas",
    Persona,
    name="persona",
    unique=("persona",),
    duplicate="persona '{persona}' is listed twice",
    defaults=_persona_defaults,
)
_TOUCHPOINTS = _Entity(
    "touchpoints",
    Touchpoint,
    name="touchpoint",
    unique=("stage", "channel", "touchpoint"),
    duplicate="touchpoint '{touchpoint}' is listed twice at stage '{stage}' on channel '{channel}'",
    references=("stage", "channel"),
)
_EMOTIONS = _Entity(
    "emotions",
    Emotion,
    references=("persona", "stage", "touchpoint"),
    unstored=("emotion",),  # it becomes the score once the journey's scale is known
)
_KPIS = _Entity(
    "kpis",
    Kpi,
    name="kpi",
    references=("stage", "touchpoint", "persona"),
    late=True,
    defaults=_kpi_defaults,
)
_ACTIONS = _Entity("actions", Action, name="action", references=("stage", "touchpoint"), late=True)

Resolve = Callable[[str, Table, Row, Any, dict[str, Any]], Any]


def _parse(
    reader: _Reader,
    entity: _Entity,
    rows: Iterable[tuple[Table, Row]],
    resolve: Resolve | None = None,
) -> Iterator[tuple[Table, Row, dict[str, Any]]]:
    """The rows of one kind whose every cell is valid and every reference resolved, as
    {column: value}; each problem is reported as it is found (rows are yielded one at a time, so
    the caller's own checks of a row come before the next row's errors)."""
    sheet = SHEETS_BY_ROLE[entity.role]
    plan = [(key, sheet.keys[key].required, key in entity.references) for key in entity.columns()]
    seen: set[tuple[str, ...]] = set()
    for table, row in rows:
        values: dict[str, Any] = {}
        valid = True
        for key, required, reference in plan:
            if required:
                value = reader.required(table, row, key)
            else:
                value = reader.get(table, row, key)
            if reference and value is not None and value is not _INVALID:
                assert resolve is not None
                value = resolve(key, table, row, value, values)
            values[key] = value
            valid = valid and value is not _INVALID
        if not valid or not _within_limits(reader, entity, table, row, values):
            continue
        if entity.unique:
            identity = tuple(normalise(values[key]) for key in entity.unique)
            if identity in seen:
                reader.error(entity.duplicate.format(**values), table, row, entity.name)
                continue
            seen.add(identity)
        if entity.defaults:
            entity.defaults(values)
        yield table, row, values


def _within_limits(
    reader: _Reader, entity: _Entity, table: Table, row: Row, values: dict[str, Any]
) -> bool:
    """Whether the database can keep the row as read (:mod:`cxmap.domain.limits`: the schema's
    lengths, finite numbers, no NUL), on SQLite and PostgreSQL alike; each problem reported at
    its cell, with the limit."""
    lengths = limits.LENGTHS.get(entity.role, {})
    whole = limits.INTEGERS.get(entity.role, frozenset())
    ok = True
    for key, value in values.items():
        field = entity.fields.get(key, key)
        limit = limits.NAME if key in entity.references else lengths.get(field)
        found = limits.problem(getattr(value, "value", value), limit, whole=field in whole)
        if found:
            reader.error(found, table, row, key)
            ok = False
    for header, value in row.extra.items():  # kept as JSON
        found = limits.text_problem(header) or limits.problem(value)
        if found:
            reader.report.error(found, table.title, row.number, header)
            ok = False
    return ok


def _name_within_limits(report: Report, name: str) -> None:
    """A journey named outside a Journeys sheet (the file's name, a correction, a column)."""
    found = limits.text_problem(name, limits.length("journeys", "name"))
    if found:
        report.error(f"the journey's name: {found}")


# --- names of this journey -----------------------------------------------------------------------


class _Names:
    """Names of one kind (stages, channels, personas) matched exactly, then loosely."""

    def __init__(self, kind: str, create: bool):
        self.kind = kind
        self.create = create  # created on first appearance when their sheet is absent
        self.names: list[str] = []
        self._loose: dict[str, str] = {}

    def add(self, name: str) -> bool:
        if normalise(name) in self._loose:
            return False
        self.names.append(name)
        self._loose[normalise(name)] = name
        return True

    def resolve(self, name: str) -> str | None:
        found = self._loose.get(normalise(name))
        if found is None and self.create:
            self.add(name)
            return name
        return found

    def listing(self) -> str:
        shown = ", ".join(self.names[:8])
        return shown + (f", … ({len(self.names)} in all)" if len(self.names) > 8 else "")


@dataclass
class _JourneyRows:
    journey: Journey
    row: Row | None = None
    rows: dict[str, list[Row]] = field(default_factory=dict)


class _Map:
    """One journey's rows parsed into its map, each reference resolved by name."""

    def __init__(self, reader: _Reader, tables: Tables, entry: _JourneyRows):
        self.reader = reader
        self.entry = entry
        self.names = {
            "stage": _Names("stage", create=not tables.get("stages")),
            "channel": _Names("channel", create=not tables.get("channels")),
            "persona": _Names("persona", create=not tables.get("personas")),
        }
        self.touchpoints: list[Touchpoint] = []
        self.by_touchpoint: dict[str, list[Touchpoint]] = {}

    def parse(self, entity: _Entity) -> Iterator[tuple[Table, Row, dict[str, Any]]]:
        return _parse(self.reader, entity, self.rows(entity.role), self.resolve)

    def rows(self, role: str) -> Iterator[tuple[Table, Row]]:
        for row in self.entry.rows.get(role, []):
            assert row.table is not None
            yield row.table, row

    def named(self, entity: _Entity) -> list[Any]:
        """Stages, channels or personas, whose names the other rows refer to."""
        found = [entity.instance(values, row.extra) for _t, row, values in self.parse(entity)]
        for item in found:
            self.names[entity.name or ""].add(item.name)
        return found

    def build(self) -> JourneyMap:
        # Stages, in the order of their `order` column when given, else in row order.
        ordered: list[tuple[float, int, Stage]] = []
        for _t, row, values in self.parse(_STAGES):
            order = values["order"].value if values["order"] is not None else float("inf")
            ordered.append((order, row.number, _STAGES.instance(values, row.extra)))
        ordered.sort(key=lambda item: (item[0], item[1]))
        stages = [stage for _o, _n, stage in ordered]
        for stage in stages:
            self.names["stage"].add(stage.name)
        channels = self.named(_CHANNELS)
        personas = self.named(_PERSONAS)

        for _t, row, values in self.parse(_TOUCHPOINTS):
            self.touchpoints.append(_TOUCHPOINTS.instance(values, row.extra))
        for touchpoint in self.touchpoints:
            self.by_touchpoint.setdefault(normalise(touchpoint.name), []).append(touchpoint)

        raw_emotions = list(self.parse(_EMOTIONS))
        scale = _scale(self.reader, self.entry, raw_emotions)
        emotions = []
        for table, row, values in raw_emotions:
            raw = values["emotion"]
            score = _score(self.reader, table, row, raw, scale)
            if score is _INVALID:
                continue
            if values["feeling"] is None and isinstance(raw, str) and feeling_base(raw) is not None:
                values["feeling"] = raw.strip()
            emotions.append(_EMOTIONS.instance(values, row.extra, score=score))

        raw_kpis = list(self.parse(_KPIS))
        kpis = _percent_fractions(
            self.reader.report,
            self.entry.journey.name,
            [_KPIS.instance(values, row.extra) for _t, row, values in raw_kpis],
            [values for _t, _row, values in raw_kpis],
        )
        actions = [_ACTIONS.instance(values, row.extra) for _t, row, values in self.parse(_ACTIONS)]

        made = self.names
        if made["stage"].create and made["stage"].names:
            self.reader.report.note(
                f"no Stages sheet: {len(made['stage'].names)} stages taken in order of first "
                "appearance"
            )
            stages = [Stage(name) for name in made["stage"].names]
        if made["channel"].create and made["channel"].names:
            channels = [Channel(name) for name in made["channel"].names]
        if made["persona"].create and made["persona"].names:
            personas = [Persona(name) for name in made["persona"].names]
        return JourneyMap(
            replace(self.entry.journey, scale=scale),
            tuple(personas),
            tuple(stages),
            tuple(channels),
            tuple(self.touchpoints),
            tuple(emotions),
            tuple(kpis),
            tuple(actions),
        )

    def resolve(self, key: str, table: Table, row: Row, value: Any, values: dict[str, Any]) -> Any:
        """A reference by name to a stage, channel, persona or touchpoint of this journey (a
        touchpoint may also settle the row's stage)."""
        if key == "touchpoint":
            value, values["stage"] = self.touchpoint_at(table, row, value, values["stage"])
            return value
        if value is None or value is _INVALID:
            return value
        names = self.names[key]
        found = names.resolve(value)
        if found is None:
            self.reader.error(
                f"'{value}' is not a {names.kind} of this journey "
                f"({names.kind}s: {names.listing() or 'none'})",
                table,
                row,
                key,
            )
            return _INVALID
        return found

    def touchpoint_at(self, table: Table, row: Row, name: Any, stage: Any) -> tuple[Any, Any]:
        """Resolve a touchpoint reference; returns (touchpoint name, stage name)."""
        if name is None or name is _INVALID or stage is _INVALID:
            return name, stage
        candidates = self.by_touchpoint.get(normalise(name), [])
        if stage is not None:
            candidates = [t for t in candidates if t.stage == stage]
        if len(candidates) == 1:
            return candidates[0].name, candidates[0].stage
        if not candidates:
            known = [t.name for t in self.touchpoints if stage is None or t.stage == stage]
            where = f" at stage '{stage}'" if stage else ""
            shown = ", ".join(known[:8]) + (f", … ({len(known)} in all)" if len(known) > 8 else "")
            self.reader.error(
                f"'{name}' is not a touchpoint of this journey{where} "
                f"(touchpoints{where}: {shown or 'none'})",
                table,
                row,
                "touchpoint",
            )
        else:
            at = ", ".join(sorted({t.stage for t in candidates}))
            self.reader.error(
                f"touchpoint '{name}' is at several stages ({at}): give the stage",
                table,
                row,
                "touchpoint",
            )
        return _INVALID, stage


# --- the workbook's journeys ---------------------------------------------------------------------


def build(tables: Tables, report: Report, default_name: str) -> list[JourneyMap]:
    """The journey maps the tables hold, each row given to the journey it names."""
    reader = _Reader(report)
    if _nothing_to_import(tables, report):
        return []
    journeys = _journeys(reader, tables, default_name)
    if journeys is None:
        return []
    by_name = {normalise(j.journey.name): j for j in journeys}
    declared = bool(tables.get("journeys"))
    for role, table in ((r, t) for r, group in tables.items() for t in group):
        if role == "journeys":
            continue
        if table.synthetic:
            _assign_drawn(reader, table, journeys, by_name, declared, role)
            continue
        has_column = "journey" in table.headers
        if not has_column and len(journeys) > 1 and table.rows and role in SHARED_ROLES:
            _share(report, table, role, journeys)
            continue
        if not has_column and len(journeys) > 1 and table.rows:
            report.error(
                "this workbook holds several journeys: add a 'journey' column to say "
                "which journey each row belongs to (journeys: "
                f"{', '.join(j.journey.name for j in journeys)})",
                table.title,
            )
            continue
        for row in table.rows:
            name = reader.get(table, row, "journey") if has_column else None
            if name is _INVALID:
                continue
            if name is None:
                if len(journeys) > 1:
                    reader.error(
                        "this workbook holds several journeys: say which one this row "
                        "belongs to (journeys: "
                        f"{', '.join(j.journey.name for j in journeys)})",
                        table,
                        row,
                        "journey",
                    )
                    continue
                target = journeys[0]
            else:
                target = by_name.get(normalise(name))
                if target is None:
                    reader.error(
                        f"'{name}' is not a journey of this workbook (journeys: "
                        f"{', '.join(j.journey.name for j in journeys)})",
                        table,
                        row,
                        "journey",
                    )
                    continue
            target.rows.setdefault(role, []).append(row)
    maps = [_Map(reader, tables, j).build() for j in journeys]
    _check_changes(maps, report)
    return maps


def _check_changes(maps: list[JourneyMap], report: Report) -> None:
    """Warn (never block) where a declared change cannot mean what it says: a `change` in a
    current journey (only a target changes anything), and a `remove` or `replaces` naming no
    touchpoint of the target's baseline when that baseline is in the same workbook."""
    by_name = {normalise(m.name): m for m in maps}
    for m in maps:
        declared = [t for t in m.touchpoints if t.change is not None]
        if m.journey.state == "current" and declared:
            shown = ", ".join(f"'{t.name}'" for t in declared[:5])
            more = f", … ({len(declared)} in all)" if len(declared) > 5 else ""
            report.warn(
                f"journey '{m.name}' is a current journey: the change declared on {shown}{more} "
                "means nothing there (a change is declared in a target journey)"
            )
            continue
        baseline = by_name.get(normalise(m.journey.baseline or "")) if m.journey.baseline else None
        if m.journey.state != "target" or baseline is None:
            continue
        known = {normalise(t.name) for t in baseline.touchpoints if t.change != "remove"}
        for t in m.touchpoints:
            named = t.replaces or (t.name if t.change == "remove" else None)
            if named is None or normalise(named) in known:
                continue
            what = "removes" if t.change == "remove" else "replaces"
            report.warn(
                f"journey '{m.name}', touchpoint '{t.name}' at stage '{t.stage}' {what} "
                f"'{named}', which is not a touchpoint of its baseline '{baseline.name}'"
            )


# --- real files as they come: shared sheets, nothing to import ------------------------------------

SHARED_ROLES = ("personas", "channels")
"""Sheets that, without a `journey` column, are shared by every journey of the workbook (a
current and a target journey usually list their personas and channels once)."""


def _share(report: Report, table: Table, role: str, journeys: list[_JourneyRows]) -> None:
    """Every row of a shared sheet belongs to every journey (each parses it; a problem in it is
    reported once: see :meth:`_Reader.error`)."""
    for entry in journeys:
        entry.rows.setdefault(role, []).extend(table.rows)
    report.note(
        f"no 'journey' column: its {len(table.rows)} {role} are shared by every journey of the "
        f"workbook ({', '.join(j.journey.name for j in journeys)})",
        table.title,
    )


def _nothing_to_import(tables: Tables, report: Report) -> bool:
    """True, with an error, when no recognised sheet holds a single row: an empty workbook, or
    one of sheets cxmap does not recognise, is refused, never imported as an empty journey."""
    if any(table.rows for group in tables.values() for table in group):
        return False
    if not report.ok:  # a sheet without its header row: that error already says why
        return True
    if tables:
        titles = [f"'{t.title}'" for group in tables.values() for t in group]
        report.error(
            f"nothing to import: the sheets {', '.join(titles)} have headers but no rows"
            if len(titles) > 1
            else f"nothing to import: the sheet {titles[0]} has headers but no rows"
        )
        return True
    sheets = ", ".join(f"'{title}'" for title in report.sheets) or "none"
    report.error(
        "nothing to import: no sheet holds a journey map (sheets: "
        f"{sheets}); name the sheets as the template does (Journeys, Stages, Touchpoints…) "
        "or draw a channel × stage matrix"
    )
    return True


def _assign_drawn(
    reader: _Reader,
    table: Table,
    journeys: list[_JourneyRows],
    by_name: dict[str, _JourneyRows],
    declared: bool,
    role: str,
) -> None:
    """Rows drawn in a matrix or canvas belong to the only journey, else to the journey their
    sheet's title names."""
    for row in table.rows:
        if len(journeys) == 1 and (
            declared or row.journey is None or normalise(row.journey) in by_name
        ):
            target = journeys[0]
        else:
            target = by_name.get(normalise(row.journey or ""))
            if target is None:
                reader.report.error(
                    "this workbook holds several journeys and this sheet's title names none of "
                    f"them (journeys: {', '.join(j.journey.name for j in journeys)})",
                    table.title,
                )
                return
        target.rows.setdefault(role, []).append(row)


def _journeys(reader: _Reader, tables: Tables, default_name: str) -> list[_JourneyRows] | None:
    declared = tables.get("journeys", [])
    table = declared[0] if declared else None
    if table is None:
        names: list[str] = []
        for other in (t for group in tables.values() for t in group):
            for row in other.rows:
                if other.synthetic:
                    name = row.journey
                elif "journey" in other.headers:
                    name = reader.get(other, row, "journey")
                else:
                    continue
                if isinstance(name, str) and normalise(name) not in map(normalise, names):
                    names.append(name)
        if not names:
            names = [default_name]
            reader.report.note(f"no Journeys sheet: the journey is named '{default_name}'")
        for name in names:
            _name_within_limits(reader.report, name)
        return [_JourneyRows(Journey(name)) for name in names]
    found: list[_JourneyRows] = []
    for _t, row, values in _parse(reader, _JOURNEYS, ((table, row) for row in table.rows)):
        journey = _JOURNEYS.instance(values, row.extra)
        if journey.baseline and normalise(journey.baseline) == normalise(journey.name):
            reader.error("a journey cannot be its own baseline", table, row, "baseline")
        found.append(_JourneyRows(journey, row))
    if not found:
        if reader.report.ok:
            reader.report.error("the Journeys sheet names no journey", table.title)
        return None
    return found


# --- emotions: the journey's scale and each score on it ------------------------------------------

_SYMMETRIC = (1.0, 2.0, 3.0, 5.0, 10.0, 100.0)


def _scale(
    reader: _Reader, entry: _JourneyRows, emotions: list[tuple[Table, Row, dict[str, Any]]]
) -> Scale | None:
    """The declared emotion scale, else one inferred from the scores (and say so)."""
    if entry.journey.scale is not None:
        return entry.journey.scale
    numbers = []
    for _table, _row, values in emotions:
        raw = values["emotion"]
        try:
            numbers.append(cells.number(raw).value)
        except cells.CellError:
            continue
    if not numbers and not emotions:
        return None
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 0.0)
    if not numbers:
        inferred, why = Scale(-2, 2), "feeling words only"
    elif low < 0:
        bound = next((b for b in _SYMMETRIC if b >= max(-low, high)), max(-low, high))
        inferred, why = Scale(-bound, bound), f"negative scores ({_n(low)} to {_n(high)})"
    elif low >= 1 and high <= 5:
        inferred, why = Scale(1, 5), f"scores from {_n(low)} to {_n(high)}"
    elif high <= 10:
        inferred, why = Scale(0, 10), f"scores from {_n(low)} to {_n(high)}"
    else:
        inferred, why = Scale(0, 100), f"scores from {_n(low)} to {_n(high)}"
    reader.report.note(
        f"journey '{entry.journey.name}': emotion scale inferred as {inferred} "
        f"from {why}; declare it in Journeys › emotion scale to be sure"
    )
    return inferred


def _n(value: float) -> str:
    return cells.text(value) or "0"


def _score(reader: _Reader, table: Table, row: Row, raw: Any, scale: Scale | None) -> Any:
    assert scale is not None  # there is at least this emotion
    try:
        score = cells.number(raw).value
    except cells.CellError:
        base = feeling_base(str(raw)) if isinstance(raw, str) else None
        if base is None:
            reader.error(
                f"'{cells.text(raw)}' is neither a score on the scale {scale} nor a "
                "known feeling word (e.g. frustrated, satisfied, ravi, déçu, 😐)",
                table,
                row,
                "emotion",
            )
            return _INVALID
        return scale.from_base(base)
    if score not in scale:
        reader.error(
            f"{_n(score)} is outside the journey's emotion scale {scale}", table, row, "emotion"
        )
        return _INVALID
    return score


# --- KPIs in % written as fractions --------------------------------------------------------------

_PERCENT_UNITS = frozenset({"%", "percent", "pourcent", "pourcentage", "pct"})


def _percent_fractions(
    report: Report, journey: str, kpis: list[Kpi], raw: list[dict[str, Any]]
) -> list[Kpi]:
    """A KPI in % whose every value and target (over all its rows) lies between 0 and 1, one at
    least strictly, was written as fractions (0.74 for 74 %): read it ×100 and say so.  Cells
    written as percentages are percentage points already and keep the KPI as it is; a KPI of
    only 0 and 1 stays as written (1 % and 100 % are both plausible there)."""
    groups: dict[str, list[int]] = {}
    for i, kpi in enumerate(kpis):
        unit = (kpi.unit or "").strip()
        if unit == "%" or normalise(unit) in _PERCENT_UNITS - {"%"}:
            groups.setdefault(normalise(kpi.name), []).append(i)
    result = list(kpis)
    for indices in groups.values():
        numbers = [kpis[i].value for i in indices] + [
            kpis[i].target for i in indices if kpis[i].target is not None
        ]
        written = [raw[i][key] for i in indices for key in ("value", "target") if raw[i][key]]
        if any(number.percent for number in written):
            continue
        if not all(0 <= n <= 1 for n in numbers) or not any(0 < n < 1 for n in numbers):
            continue
        for i in indices:
            kpi = kpis[i]
            result[i] = replace(
                kpi,
                value=_points(kpi.value),
                target=None if kpi.target is None else _points(kpi.target),
            )
        first = kpis[indices[0]]
        report.note(
            f"journey '{journey}': KPI '{first.name}' is in % with every value and target "
            f"between 0 and 1, so they are read as fractions ({_n(first.value)} → "
            f"{_n(_points(first.value))} %)"
        )
    return result


def _points(fraction: float) -> float:
    return round(fraction * 100, 9)  # 0.74 × 100 is 74.00000000000001 in binary


# --- what the user corrected ---------------------------------------------------------------------


def corrected(maps: list[JourneyMap], corrections: Corrections, report: Report) -> list[JourneyMap]:
    """The journey's name and state as the user said (for a workbook of one journey)."""
    if not maps or (corrections.journey is None and corrections.state is None):
        return maps
    if len(maps) > 1:
        report.error(
            "the journey's name or state can be corrected only in a workbook of one "
            f"journey; this one holds {len(maps)}"
        )
        return maps
    journey = maps[0].journey
    name = corrections.journey or journey.name
    state = canonical("state", corrections.state) if corrections.state else journey.state
    if state is None:
        report.error(f"'{corrections.state}' is not a state (current or target)")
        return maps
    if name != journey.name:
        report.note(f"journey '{journey.name}' renamed '{name}', as asked")
        _name_within_limits(report, name)
    return [replace(maps[0], journey=replace(journey, name=name, state=state))]
