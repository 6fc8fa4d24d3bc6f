"""The command line: `python -m cxmap import|export|summary|template|seed|delete|diff|…`, survey
answers (`import-responses`, `answer-files`, `kpis`), event logs (`import-events`, `event-logs`,
`activities`, `funnel`, `paths`), and `user|history|rollback|restore` for the people allowed in
and the history of each journey.

Exit codes: 0 done; 1 invalid input or a failure the message explains (nothing was changed);
2 wrong usage.  Errors go to stderr, one per line, never as a traceback (set CXMAP_DEBUG=1 to
see one for an unexpected failure).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxmap.compute.measures import measured
from cxmap.domain.model import JOURNEY_STATES, LAYOUTS
from cxmap.domain.report import CxmapError, InvalidWorkbook, Report
from cxmap.storage.store import Store, database_url

if TYPE_CHECKING:
    from cxmap.files.reader import Corrections

# The workbook, layout and answers modules (openpyxl, pandas) are imported by the commands that
# need them: `kpis` and `summary` start in a fraction of the time.

SUMMARY_COLUMNS = (
    "stages",
    "personas",
    "channels",
    "touchpoints",
    "irritants",
    "delights",
    "missing",
    "emotions",
    "kpis",
    "actions",
    "responses",
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cxmap",
        description="cxmap: customer-journey maps from workbooks to a database and back. "
        "The database is CXMAP_DATABASE_URL, else data/cxmap.db (SQLite).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser("import", help="import journey workbooks (all or nothing)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument(
        "--journey",
        metavar="NAME",
        help="name of the journey when a workbook has no Journeys sheet "
        "(or to rename its only journey)",
    )
    p.add_argument(
        "--state",
        choices=JOURNEY_STATES,
        help="the journey's state, when the workbook does not say or says wrong",
    )
    p.add_argument(
        "--persona",
        metavar="NAME",
        help="the persona of the lane canvas sheets (else each sheet's name)",
    )
    p.add_argument(
        "--sheet-persona",
        action="append",
        default=[],
        metavar="SHEET=NAME",
        help="the persona of one canvas sheet (repeatable)",
    )
    p.add_argument(
        "--layout",
        action="append",
        default=[],
        metavar="SHEET=LAYOUT",
        help="how to read a sheet: tidy, matrix, canvas or ignore (repeatable)",
    )
    p.add_argument(
        "--colour",
        "--color",
        action="append",
        default=[],
        metavar="RRGGBB=MEANING",
        help="what a fill colour means: irritant, delight, missing or neutral (repeatable)",
    )
    p.add_argument("--dry-run", action="store_true", help="check the files, save nothing")

    p = commands.add_parser("export", help="export journeys to a workbook")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--journey",
        action="append",
        metavar="NAME",
        help="a journey to export (repeatable); all journeys when omitted",
    )
    p.add_argument(
        "--lang",
        choices=("en", "fr"),
        default="en",
        help="sheet names, headers and values in English (default) or French",
    )

    p = commands.add_parser("summary", help="list the journeys and what they hold")
    p.add_argument("--json", action="store_true", help="a JSON array, one object per journey")

    p = commands.add_parser("template", help="write the blank workbook template")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--lang", choices=("en", "fr"), default="en")

    p = commands.add_parser("seed", help="load the sample maps of data/")
    p.add_argument(
        "--replace",
        action="store_true",
        help="reload samples already in the database (their edits are lost)",
    )

    p = commands.add_parser(
        "import-responses", help="import raw survey answers (CSV or XLSX, long or wide)"
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument(
        "--journey", required=True, metavar="NAME", help="the journey the answers are about"
    )
    p.add_argument("--persona-column", metavar="COL", help="wide files: the persona column")
    p.add_argument("--date-column", metavar="COL", help="wide files: the date column")
    p.add_argument(
        "--respondent-column",
        metavar="COL",
        help="who answered (else found by its header: respondent, ResponseId, id…): an answer "
        "already saved for the same respondent, touchpoint, metric and date is not added again",
    )
    p.add_argument(
        "--metric",
        choices=("nps", "csat", "ces"),
        help="the metric of a wide file (else inferred from its scores)",
    )
    p.add_argument("--scale", metavar="MIN..MAX", help="the scores' scale, e.g. 0..10")
    p.add_argument(
        "--missing",
        nargs="+",
        default=[],
        metavar="VALUE",
        help="values that mean no answer (e.g. 0 for 'not applicable', NA)",
    )

    _imported_files_parser(
        commands, "answer-files", "files of survey answers", "file (its answers)", "answers"
    )

    p = commands.add_parser("kpis", help="NPS, CSAT and CES measured from the answers")
    p.add_argument("--journey", required=True, metavar="NAME")
    p.add_argument(
        "--json",
        action="store_true",
        help="a JSON array of {kpi, stage, touchpoint, channel, persona, period, "
        "value, n, low, high}; a null dimension means all",
    )

    p = commands.add_parser(
        "import-events", help="import an event log (CSV, XLSX or XES, plain or .gz)"
    )
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--journey", required=True, metavar="NAME", help="the journey it measures")
    for role, what in (
        ("case", "the case (customer, order) column"),
        ("activity", "the activity (event name) column"),
        ("time", "the timestamp column"),
        ("channel", "the channel column"),
        ("persona", "the persona / segment column"),
    ):
        p.add_argument(f"--{role}", metavar="COL", help=f"{what}, when not found by its name")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="ACTIVITY=TOUCHPOINT",
        help="the touchpoint an activity counts for (repeatable)",
    )

    p = commands.add_parser(
        "activities",
        help="the event log's activities and the touchpoints they count for; --map moves them",
    )
    p.add_argument("--journey", required=True, metavar="NAME")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="ACTIVITY=TOUCHPOINT",
        help="count an activity for another touchpoint (repeatable); ACTIVITY= (nothing after "
        "=) matches it by the touchpoints' events and names again",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="a JSON array of {activity, events, touchpoint, mapped_by_hand}",
    )

    _imported_files_parser(commands, "event-logs", "event logs", "log (its events)", "events")

    p = commands.add_parser("funnel", help="the strict funnel per stage, from the event log")
    p.add_argument("--journey", required=True, metavar="NAME")
    _event_filters(p)
    p.add_argument(
        "--json",
        action="store_true",
        help="a JSON array of {stage, reached, funnel, conversion, median_hours} in map order",
    )

    p = commands.add_parser("paths", help="the customers' paths through the stages")
    p.add_argument("--journey", required=True, metavar="NAME")
    _event_filters(p)
    p.add_argument("--top", type=int, default=10, metavar="N", help="variants listed (10)")
    p.add_argument(
        "--json",
        action="store_true",
        help='{"variants": [{stages, cases}], "transitions": [{from, to, cases}]}',
    )

    p = commands.add_parser("delete", help="delete a journey (hidden; its history is kept)")
    p.add_argument("journey", metavar="NAME")
    _diff_parsers(commands)
    _people_and_history_commands(commands)
    return parser


def _diff_parsers(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser("diff", help="what changes from a current journey to its target")
    p.add_argument("current", metavar="CURRENT", help="the current journey")
    p.add_argument(
        "target",
        nargs="?",
        metavar="TARGET",
        help="the target journey (default: the target whose baseline is CURRENT)",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="one object: current, target, touchpoints, counts, irritants, missing, stages, "
        "channels, emotions",
    )
    p = commands.add_parser(
        "collection-plan", help="which touchpoints collect which customer data, and how"
    )
    p.add_argument("--journey", required=True, metavar="NAME")
    p.add_argument(
        "--json",
        action="store_true",
        help="a JSON array of {stage, channel, touchpoint, data, mechanism}",
    )


# --- people and history (issue 12) --------------------------------------------------------------


def _people_and_history_commands(commands: Any) -> None:
    p = commands.add_parser("user", help="who may sign in to the app, and their role")
    people = p.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    q = people.add_parser("add", help="give someone a role (or change theirs)")
    q.add_argument("email", metavar="EMAIL")
    q.add_argument("--role", required=True, choices=("viewer", "editor", "admin"))
    q = people.add_parser("list", help="the people and their roles")
    q.add_argument("--json", action="store_true", help="a JSON array of {email, role}")
    q = people.add_parser("remove", help="take someone's access away")
    q.add_argument("email", metavar="EMAIL")

    p = commands.add_parser("history", help="every version of a journey, oldest first")
    p.add_argument("journey", metavar="NAME")
    p.add_argument(
        "--json", action="store_true", help="a JSON array of {version, at, by, what, summary}"
    )
    p = commands.add_parser("rollback", help="make a new version equal to an older one")
    p.add_argument("journey", metavar="NAME")
    p.add_argument("--to", type=int, required=True, metavar="VERSION")
    p = commands.add_parser("restore", help="show a deleted journey again, whole")
    p.add_argument("journey", metavar="NAME")


def _user(args: argparse.Namespace) -> int:
    from cxmap.storage import access

    store = Store()
    if args.user_command == "add":
        new = access.set_role(store.engine, args.email, args.role, store.actor)
        print(f"{'added' if new else 'changed'} {access.normalise(args.email)}: {args.role}")
    elif args.user_command == "remove":
        if not access.remove(store.engine, args.email, store.actor):
            raise CxmapError(f"there is nobody named '{args.email}'")
        print(f"removed {access.normalise(args.email)}")
    else:
        people = access.people(store.engine)
        if args.json:
            rows = [
                {
                    "email": p.email,
                    "role": p.role,
                    "added_at": p.added_at.isoformat() if p.added_at else None,
                    "added_by": p.added_by,
                }
                for p in people
            ]
            print(json.dumps(rows, ensure_ascii=False, indent=1))
            return 0
        if not people:
            print("nobody yet: python -m cxmap user add EMAIL --role admin")
        for p in people:
            print(f"{p.email:<40} {p.role}")
    return 0


def _history(args: argparse.Namespace) -> int:
    from cxmap.storage import history

    versions = history.versions(Store().engine, args.journey)
    if not versions:
        raise CxmapError(f"there is no history for a journey named '{args.journey}'")
    if args.json:
        print(json.dumps([v.as_json() for v in versions], ensure_ascii=False, indent=1))
        return 0
    for v in versions:
        print(f"{v.version:>4}  {v.at:%Y-%m-%d %H:%M}  {v.what:<8}  {v.by:<30}  {v.summary}")
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from cxmap.storage import history

    number = history.rollback(Store(), args.journey, args.to)
    print(f"'{args.journey}' is back to version {args.to}, as version {number}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from cxmap.storage import history

    number = history.restore(Store(), args.journey)
    print(f"restored '{args.journey}' (version {number})")
    return 0


def _event_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--channel", action="append", default=[], metavar="C")
    parser.add_argument("--persona", action="append", default=[], metavar="P")
    parser.add_argument("--since", metavar="DATE", help="events from this date (UTC, ISO)")
    parser.add_argument("--until", metavar="DATE", help="events before this date (UTC, ISO)")


def _print_report(report: Report, *, errors: bool = True) -> None:
    for kind, problems in (
        ("note", report.notes),
        ("warning", report.warnings),
        ("error", report.errors if errors else []),
    ):
        for problem in problems:
            print(f"{report.source}: {kind}: {problem}", file=sys.stderr)


NO_EVENT_LOG = "no event log for '{journey}' yet: cxmap import-events FILE --journey NAME"


def _imported_files_parser(commands: Any, name: str, what: str, one: str, count: str) -> None:
    """A command listing the files imported into a journey, ``--remove ID`` taking one out."""
    p = commands.add_parser(
        name, help=f"the {what} imported into a journey; --remove takes one out"
    )
    p.add_argument("--journey", required=True, metavar="NAME")
    p.add_argument("--remove", type=int, metavar="ID", help=f"take this {one} out of the journey")
    p.add_argument(
        "--json",
        action="store_true",
        help=f"a JSON array of {{id, filename, form, {count}, imported_at}}",
    )


def _imported_files(
    args: argparse.Namespace,
    *,
    listed: Callable[[], list[dict[str, Any]]],
    remove: Callable[[int], int],
    what: str,
    count: str,
    none_yet: str,
    form: Callable[[str], str] = str,
) -> int:
    """``answer-files`` and ``event-logs``: take a file out (``--remove``), then list them."""
    if args.remove is not None:
        removed = remove(args.remove)
        print(f"'{args.journey}': {what} {args.remove} removed ({removed:,} {count})")
    files = listed()
    if args.json:
        out = [{**f, "imported_at": f["imported_at"].isoformat()} for f in files]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if not files:
        print(none_yet)
    for f in files:
        print(
            f"{f['id']:>4}  {f['imported_at']:%Y-%m-%d %H:%M}  {f[count]:>10,} {count}"
            f"  {form(f['form']):<4}  {f['filename'] or ''}"
        )
    return 0


def _pairs(
    values: list[str],
    option: str,
    allowed: tuple[str, ...] | None = None,
    *,
    form: str = "KEY=VALUE",
    allow_empty: bool = False,
) -> dict[str, str]:
    """`KEY=VALUE` options as a dict (the key may itself contain `=`: split on the last one);
    ``allow_empty``: `KEY=` is taken, with an empty value."""
    pairs = {}
    for value in values:
        key, sep, meaning = value.rpartition("=")
        if not sep or not key.strip() or not (meaning.strip() or allow_empty):
            raise CxmapError(f"{option} takes {form}, not '{value}'")
        if allowed and meaning.strip() not in allowed:
            raise CxmapError(f"{option} {value}: the value must be one of {', '.join(allowed)}")
        pairs[key.strip()] = meaning.strip()
    return pairs


def _corrections(args: argparse.Namespace) -> Corrections:
    from cxmap.files.layouts import colour_overrides
    from cxmap.files.reader import Corrections

    colours = _pairs(args.colour, "--colour")
    try:
        colour_overrides(colours)
    except ValueError as exc:
        raise CxmapError(f"--colour: {exc}") from None
    return Corrections(
        journey=args.journey,
        state=args.state,
        persona=args.persona,
        personas=_pairs(args.sheet_persona, "--sheet-persona"),
        layouts=_pairs(args.layout, "--layout", LAYOUTS),
        colours=colours,
    )


def _import(args: argparse.Namespace) -> int:
    from cxmap.files.reader import read_workbook

    results = []
    failed = False
    corrections = _corrections(args)
    for path in args.files:
        try:
            result = read_workbook(path, corrections=corrections)
        except CxmapError as exc:
            print(f"{path}: error: {exc}", file=sys.stderr)
            failed = True
            continue
        _print_report(result.report)
        failed = failed or not result.ok
        results.append((path, result))
    origin: dict[str, Path] = {}
    for path, result in results:
        for journey_map in result.maps:
            if journey_map.name in origin:
                print(
                    f"{path}: error: journey '{journey_map.name}' is also in "
                    f"{origin[journey_map.name]}",
                    file=sys.stderr,
                )
                failed = True
            origin[journey_map.name] = path
    if failed:
        print("nothing was imported: correct the errors above and import again", file=sys.stderr)
        return 1
    maps = [m for _path, result in results for m in result.maps]
    # a dry run reads the database when there is one (the answers a replace would orphan)
    store = _existing_store() if args.dry_run else Store()
    for journey_map in maps if store is not None else ():
        orphaned = store.orphaned_answers(journey_map)
        if orphaned:
            listed = ", ".join(f"'{name}' ({n:,})" for name, n in list(orphaned.items())[:8])
            more = f", … ({len(orphaned)} touchpoints)" if len(orphaned) > 8 else ""
            print(
                f"{origin[journey_map.name]}: warning: {sum(orphaned.values()):,} survey "
                f"answers of '{journey_map.name}' are on touchpoints this file no longer has: "
                f"{listed}{more}; they stay saved but count for no touchpoint",
                file=sys.stderr,
            )
    if args.dry_run:
        for journey_map in maps:
            print(
                f"{origin[journey_map.name]}: '{journey_map.name}' is valid: "
                f"{journey_map.describe()}"
            )
        return 0
    assert store is not None
    saved = {s.name: s for s in store.save(maps, source=", ".join(str(p) for p in args.files))}
    for journey_map in maps:
        verb = "replaced" if saved[journey_map.name].replaced else "imported"
        print(
            f"{origin[journey_map.name]}: {verb} '{journey_map.name}' "
            f"({journey_map.journey.state}): {journey_map.describe()}"
        )
    return 0


def _existing_store() -> Store | None:
    """The store, unless it is an SQLite file not created yet (a dry run creates nothing)."""
    url = database_url()
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None
    return Store(url)


def _export(args: argparse.Namespace) -> int:
    from cxmap.files.writer import write_workbook

    store = Store()
    names = args.journey or store.names()
    if not names:
        raise CxmapError("there is no journey to export; import one first")
    maps = [store.load(name) for name in names]
    write_workbook(maps, args.file, lang=args.lang)
    print(f"exported {len(maps)} journey{'s' if len(maps) != 1 else ''} to {args.file}")
    return 0


def _summary(args: argparse.Namespace) -> int:
    rows = Store().summary()
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(
            "no journey yet: `python -m cxmap seed` loads the samples, "
            "`python -m cxmap import FILE` a workbook"
        )
        return 0
    width = max(len("journey"), *(len(r["journey"]) for r in rows))
    print(f"{'journey':<{width}}  {'state':<7}  " + "  ".join(SUMMARY_COLUMNS))
    for r in rows:
        counts = "  ".join(
            f"{len(r['stages']) if c == 'stages' else r[c]:>{len(c)}}" for c in SUMMARY_COLUMNS
        )
        print(f"{r['journey']:<{width}}  {r['state']:<7}  {counts}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from cxmap.files.writer import write_template

    write_template(args.file, lang=args.lang)
    print(f"template written to {args.file}")
    return 0


def _seed(args: argparse.Namespace) -> int:
    from cxmap.storage.samples import seed

    for item in seed(Store(), replace=args.replace):
        print(f"{'loaded' if item.loaded else 'kept (already present)'}: {item.name}")
    return 0


def _import_responses(args: argparse.Namespace) -> int:
    from cxmap.files import cells
    from cxmap.files.responses import AnswerOptions, read_answers

    try:
        scale = cells.scale(args.scale) if args.scale else None
    except cells.CellError as exc:
        raise CxmapError(f"--scale: {exc}") from None
    store = Store()
    journey_map = store.load(args.journey)
    options = AnswerOptions(
        metric=args.metric,
        scale=scale,
        persona_column=args.persona_column,
        date_column=args.date_column,
        respondent_column=args.respondent_column,
        missing=tuple(args.missing),
    )
    answers = read_answers(args.file, journey_map, options)
    _print_report(answers.report)
    if not answers.ok:
        print("nothing was imported: correct the errors above and import again", file=sys.stderr)
        return 1
    saved = store.save_answers(args.journey, answers)
    if saved.duplicate_of is not None:
        print(
            f"{args.file}: already imported on {saved.duplicate_of:%Y-%m-%d %H:%M}; "
            "nothing added (answers are not counted twice)"
        )
        return 0
    metrics = ", ".join(sorted({m.upper() for m in answers.columns["metric"]}))
    new, already = ("new ", f"; {saved.already:,} already there") if saved.already else ("", "")
    print(
        f"{args.file}: added {saved.added:,} {new}answers ({answers.form} form, {metrics}) to "
        f"'{args.journey}'{already}"
    )
    if saved.personas:
        print(f"new personas from the answers' segments: {', '.join(saved.personas)}")
    return 0


def _answer_files(args: argparse.Namespace) -> int:
    store = Store()
    return _imported_files(
        args,
        listed=lambda: store.answer_batches(args.journey),
        remove=lambda batch: store.remove_answer_batch(args.journey, batch),
        what="answers file",
        count="answers",
        none_yet=f"no survey answers for '{args.journey}' yet: "
        "cxmap import-responses FILE --journey NAME",
    )


def _kpis(args: argparse.Namespace) -> int:
    kpis = measured(Store().answer_tallies(args.journey))
    if args.json:
        print(json.dumps(kpis.as_dicts(), ensure_ascii=False, indent=1))
        return 0
    if not kpis:
        print(f"no survey answers for '{args.journey}' yet: python -m cxmap import-responses")
        return 0
    for kpi in kpis:
        where = " · ".join(f"{d} {getattr(kpi, d)}" for d in kpi.grouping) or "journey"
        interval = f" [{kpi.low:.1f}, {kpi.high:.1f}]" if kpi.low is not None else ""
        print(f"{kpi.kpi:<5} {kpi.value:>7.1f}{interval:<16} n={kpi.n:<7} {where}")
    return 0


def _import_events(args: argparse.Namespace) -> int:
    from cxmap.files.events import EventOptions
    from cxmap.storage.events import import_events

    options = EventOptions(args.case, args.activity, args.time, args.channel, args.persona)
    saved = import_events(
        Store(),
        args.journey,
        args.file,
        options=options,
        mapping=_pairs(args.map, "--map"),
    )
    if saved.duplicate_of is not None:
        print(
            f"{args.file}: already imported on {saved.duplicate_of:%Y-%m-%d %H:%M}; "
            "nothing added (events are not counted twice)"
        )
        return 0
    _print_report(saved.report)
    columns = ", ".join(f"{role}={header!r}" for role, header in saved.columns.items())
    print(
        f"{args.file}: added {saved.added:,} events of {saved.cases:,} cases "
        f"({saved.form.upper()}; {columns}) to '{args.journey}'"
    )
    if saved.unmapped_events:
        listed = ", ".join(f"{a} ({n:,})" for a, n in saved.unmapped)
        print(
            f"{args.file}: {saved.unmapped_events:,} "
            f"event{'s' if saved.unmapped_events != 1 else ''} of {saved.unmapped_activities:,} "
            f"activit{'ies' if saved.unmapped_activities != 1 else 'y'} on no touchpoint "
            f"(kept; map them with --map ACTIVITY=TOUCHPOINT): {listed}"
        )
    return 0


def _activities(args: argparse.Namespace) -> int:
    from cxmap.storage import events

    store = Store()
    if args.map:
        pairs = _pairs(args.map, "--map", form="ACTIVITY=TOUCHPOINT", allow_empty=True)
        moved = events.remap(store, args.journey, {a: tp or None for a, tp in pairs.items()})
        print(
            f"'{args.journey}': {moved:,} "
            f"{'activities now count' if moved != 1 else 'activity now counts'} for another "
            "touchpoint; the measures follow"
        )
    with store.engine.connect() as conn:
        rows = events.activities(conn, events.journey_id(conn, args.journey))
    if args.json:
        out = [
            {"activity": a, "events": n, "touchpoint": tp, "mapped_by_hand": to is not None}
            for a, n, tp, to in rows
        ]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print(NO_EVENT_LOG.format(journey=args.journey))
        return 0
    width = max(len("activity"), *(len(a) for a, *_ in rows))
    print(f"{'activity':<{width}}  {'events':>9}  touchpoint")
    for activity, n, touchpoint, asked in rows:
        where = touchpoint or "— (on no touchpoint)"
        print(f"{activity:<{width}}  {n:>9,}  {where}{' (by hand)' if asked else ''}")
    return 0


def _event_logs(args: argparse.Namespace) -> int:
    from cxmap.storage import events

    store = Store()

    def listed() -> list[dict[str, Any]]:
        with store.engine.connect() as conn:
            return events.batches(conn, events.journey_id(conn, args.journey))

    return _imported_files(
        args,
        listed=listed,
        remove=lambda batch: events.remove_batch(store, args.journey, batch),
        what="event log",
        count="events",
        none_yet=NO_EVENT_LOG.format(journey=args.journey),
        form=str.upper,
    )


def _filters(args: argparse.Namespace):  # -> EventFilters
    import datetime as dt

    from cxmap.storage.events import EventFilters

    def moment(value: str | None, option: str) -> dt.datetime | None:
        if not value:
            return None
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            raise CxmapError(
                f"{option} takes an ISO date such as 2026-01-31, not '{value}'"
            ) from None

    return EventFilters(
        tuple(args.channel),
        tuple(args.persona),
        moment(args.since, "--since"),
        moment(args.until, "--until"),
    )


def _funnel(args: argparse.Namespace) -> int:
    from cxmap.compute import journey_log

    store = Store()
    rows = journey_log.funnel(store, store.load(args.journey), _filters(args))
    if args.json:
        keys = ("stage", "reached", "funnel", "conversion", "median_hours")
        out = [{key: getattr(row, key) for key in keys} for row in rows]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    width = max([len("stage"), *(len(r.stage) for r in rows)])
    print(f"{'stage':<{width}}  {'reached':>8}  {'funnel':>8}  {'conv. %':>7}  {'median h':>8}")
    for r in rows:
        conversion = "" if r.conversion is None else f"{r.conversion:.1f}"
        hours = "" if r.median_hours is None else f"{r.median_hours:.1f}"
        print(f"{r.stage:<{width}}  {r.reached:>8,}  {r.funnel:>8,}  {conversion:>7}  {hours:>8}")
    return 0


def _paths(args: argparse.Namespace) -> int:
    from cxmap.compute import journey_log

    store = Store()
    found = journey_log.paths(store, store.load(args.journey), _filters(args), top=args.top)
    if args.json:
        out = {
            "variants": [{"stages": list(v.stages), "cases": v.cases} for v in found.variants],
            "transitions": [
                {"from": m.source, "to": m.target, "cases": m.cases} for m in found.transitions
            ],
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"{found.variant_count:,} paths; the commonest:")
    for v in found.variants:
        print(f"{v.cases:>8,}  {' → '.join(v.stages)}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    if not Store().delete(args.journey):
        raise CxmapError(f"there is no journey named '{args.journey}'")
    print(f"deleted '{args.journey}' (its history is kept: `restore` brings it back)")
    return 0


def _target_of(store: Store, current: str) -> str:
    """The target journey whose baseline is ``current`` (exactly one, else a clear error)."""
    from cxmap.domain.vocabulary import normalise

    targets = [
        info.name
        for info in store.journeys()
        if info.state == "target"
        and info.baseline
        and normalise(info.baseline) == normalise(current)
    ]
    if not targets:
        raise CxmapError(
            f"no target journey has '{current}' as its baseline: name the target "
            "(cxmap diff CURRENT TARGET), or create one"
        )
    if len(targets) > 1:
        raise CxmapError(
            f"several target journeys have '{current}' as their baseline "
            f"({', '.join(targets)}): name the one to compare"
        )
    return targets[0]


def _diff(args: argparse.Namespace) -> int:
    from cxmap.compute.diff import CHANGE_KINDS, diff_json, diff_maps, headline

    store = Store()
    current = store.load(args.current)
    target = store.load(args.target or _target_of(store, current.name))
    diff = diff_maps(current, target)
    if args.json:
        print(json.dumps(diff_json(diff), ensure_ascii=False, indent=1))
        return 0
    top = headline(diff)
    print(f"'{diff.current}' → '{diff.target}'")
    print(
        f"{diff.irritants.resolved} of {diff.irritants.current} irritants resolved, "
        f"{diff.absences.filled} of {diff.absences.current} absences filled"
        + (
            f", emotion {top.emotion_delta:+.1f} at '{top.stage}'"
            if top.stage is not None and top.emotion_delta is not None
            else ""
        )
    )
    counts = diff.counts
    print("touchpoints: " + ", ".join(f"{counts[k]} {k}" for k in CHANGE_KINDS))
    for what, names in (("stages", diff.stages), ("channels", diff.channels)):
        for verb, listed in (("added", names.added), ("removed", names.removed)):
            if listed:
                print(f"{what} {verb}: {', '.join(listed)}")
    for item in diff.touchpoints:
        if item.change == "kept":
            continue
        old, new = item.current, item.target
        if old is not None and new is not None and item.change == "transformed":
            where = f"{old.stage} · {old.channel} · {old.qualification}"
            there = f"{new.stage} · {new.channel} · {new.qualification}"
            names = old.name if old.name == new.name else f"{old.name} → {new.name}"
            print(f"  {item.change:<11} {names} ({where} → {there})")
        else:
            row = new or old
            assert row is not None
            print(f"  {item.change:<11} {row.name} ({row.stage} · {row.channel})")
    for row in diff.unmatched_removals:
        print(
            f"note: the remove row '{row.replaces or row.name}' names no touchpoint of "
            f"'{diff.current}'",
            file=sys.stderr,
        )
    return 0


def _collection_plan(args: argparse.Namespace) -> int:
    from cxmap.compute.collection import collection_json, collection_plan

    plan = collection_plan(Store().load(args.journey))
    if args.json:
        print(json.dumps(collection_json(plan), ensure_ascii=False, indent=1))
        return 0
    if not plan.points:
        print(f"'{args.journey}' has no collection point yet")
    for point in plan.points:
        data = "; ".join(point.data) or "(data not named)"
        how = f" — by {point.mechanism}" if point.mechanism else ""
        print(f"{point.stage} · {point.channel} · {point.touchpoint}: {data}{how}")
    if plan.stages_without and plan.points:
        print(f"stages with no collection point: {', '.join(plan.stages_without)}")
    return 0


COMMANDS = {
    "import": _import,
    "export": _export,
    "summary": _summary,
    "template": _template,
    "seed": _seed,
    "delete": _delete,
    "import-responses": _import_responses,
    "answer-files": _answer_files,
    "kpis": _kpis,
    "diff": _diff,
    "collection-plan": _collection_plan,
    "user": _user,
    "history": _history,
    "rollback": _rollback,
    "restore": _restore,
    "import-events": _import_events,
    "activities": _activities,
    "event-logs": _event_logs,
    "funnel": _funnel,
    "paths": _paths,
}


def _closed_pipe() -> int:
    """The reader of our output went away (`cxmap summary | head`): stop quietly, as `cat`
    does.  Python would otherwise complain again when it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InvalidWorkbook as exc:
        _print_report(exc.report)
        return 1
    except CxmapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            return _closed_pipe()
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
    except BrokenPipeError:
        return _closed_pipe()
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # never a traceback for a user
        if os.environ.get("CXMAP_DEBUG"):
            traceback.print_exc()
        print(
            f"error: unexpected failure ({type(exc).__name__}: {exc}); "
            "set CXMAP_DEBUG=1 to see the details",
            file=sys.stderr,
        )
        return 1
