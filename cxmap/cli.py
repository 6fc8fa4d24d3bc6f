"""The command line: `python -m cxmap import|export|summary|template|seed|delete`, survey
answers (`import-responses`, `kpis`) and event logs (`import-events`, `funnel`, `paths`).

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
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cxmap.compute.measures import DIMENSIONS, measured
from cxmap.domain.report import CxmapError, InvalidWorkbook, Report
from cxmap.storage.store import Store

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
        choices=("current", "target"),
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

    p = commands.add_parser("delete", help="delete a journey and everything it holds")
    p.add_argument("journey", metavar="NAME")
    return parser


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


def _pairs(
    values: list[str], option: str, allowed: tuple[str, ...] | None = None
) -> dict[str, str]:
    """`KEY=VALUE` options as a dict (the key may itself contain `=`: split on the last one)."""
    pairs = {}
    for value in values:
        key, sep, meaning = value.rpartition("=")
        if not sep or not key.strip() or not meaning.strip():
            raise CxmapError(f"{option} takes KEY=VALUE, not '{value}'")
        if allowed and meaning.strip() not in allowed:
            raise CxmapError(f"{option} {value}: the value must be one of {', '.join(allowed)}")
        pairs[key.strip()] = meaning.strip()
    return pairs


def _corrections(args: argparse.Namespace) -> Corrections:
    from cxmap.files.layouts import LAYOUTS, colour_overrides
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
    if args.dry_run:
        for journey_map in maps:
            print(
                f"{origin[journey_map.name]}: '{journey_map.name}' is valid: "
                f"{journey_map.describe()}"
            )
        return 0
    store = Store()
    saved = {s.name: s for s in store.save(maps, source=", ".join(str(p) for p in args.files))}
    for journey_map in maps:
        verb = "replaced" if saved[journey_map.name].replaced else "imported"
        print(
            f"{origin[journey_map.name]}: {verb} '{journey_map.name}' "
            f"({journey_map.journey.state}): {journey_map.describe()}"
        )
    return 0


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
    print(
        f"{args.file}: added {saved.added:,} answers ({answers.form} form, {metrics}) to "
        f"'{args.journey}'"
    )
    return 0


def _kpis(args: argparse.Namespace) -> int:
    rows = measured(Store().answer_tallies(args.journey))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print(f"no survey answers for '{args.journey}' yet: python -m cxmap import-responses")
        return 0
    for row in rows:
        where = " · ".join(f"{d} {row[d]}" for d in DIMENSIONS if row[d]) or "journey"
        interval = f" [{row['low']:.1f}, {row['high']:.1f}]" if row["low"] is not None else ""
        print(f"{row['kpi']:<5} {row['value']:>7.1f}{interval:<16} n={row['n']:<7} {where}")
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
    print(f"deleted '{args.journey}'")
    return 0


COMMANDS = {
    "import": _import,
    "export": _export,
    "summary": _summary,
    "template": _template,
    "seed": _seed,
    "delete": _delete,
    "import-responses": _import_responses,
    "kpis": _kpis,
    "import-events": _import_events,
    "funnel": _funnel,
    "paths": _paths,
}


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
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return 1
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
