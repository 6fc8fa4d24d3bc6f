"""Event logs: read as they come (CSV, XLSX, XES, gzipped), measured in SQL (strict funnel,
conversion, medians, paths), on SQLite and PostgreSQL, and hostile logs refused in one line.

One hand-made log drives most tests.  Its five cases on a three-stage map (Look → Choose → Pay):

* C1 (Ann, Web)  Look 10:00, Choose 11:00, Pay 13:00 — the whole funnel, gaps 1 h and 2 h;
* C2 (Ann, Web)  Choose 09:00, Look 10:00, Choose 12:00, Choose 12:30 (a repeat), Pay 16:00 —
  the Choose before Look does not count: gaps 2 h and 4 h; path Choose, Look, Choose, Pay;
* C3 (Bob, App)  Look 10:00, Pay 11:00 — Choose skipped: in the funnel at Look only;
* C4 (Bob, App)  Look 08:00+02:00 — one event, in another time zone (06:00 UTC);
* C5 (Ann, Web)  Pay 09:00, Look 10:00, Choose 10:00 (a tie: counts, gap 0 h) — its Pay came
  before, so it leaves the funnel at Pay; and two activities on no touchpoint.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from cxmap.cli import main
from cxmap.compute import journey_log
from cxmap.domain.model import Channel, Journey, Persona, Stage, Touchpoint
from cxmap.domain.report import RejectedFile
from cxmap.files.events import EventLimits, EventOptions, read_event_log
from cxmap.storage import events as events_sql
from cxmap.storage import schema
from cxmap.storage.events import ALL_EVENTS, EventFilters, import_events
from cxmap.storage.store import Store
from tests.workbooks import journey_map

JOURNEY = "Shop"
MAP = journey_map(
    journey=Journey(JOURNEY),
    personas=[Persona("Ann"), Persona("Bob")],
    stages=[Stage("Look"), Stage("Choose"), Stage("Pay")],
    channels=[Channel("Web"), Channel("App")],
    touchpoints=[
        Touchpoint("Look", "Web", "Home page"),
        Touchpoint("Choose", "Web", "Product page"),
        Touchpoint("Pay", "Web", "Checkout"),
        Touchpoint("Pay", "App", "Wallet"),
    ],
)
# case, activity, time (ISO, with its zone), channel, persona
EVENTS = [
    ("C1", "Home page", "2026-01-05T10:00:00Z", "Web", "Ann"),
    ("C1", "Cookie banner", "2026-01-05T10:01:00Z", "Web", "Ann"),
    ("C1", "Product page", "2026-01-05T11:00:00Z", "Web", "Ann"),
    ("C1", "Checkout", "2026-01-05T13:00:00Z", "Web", "Ann"),
    ("C2", "Product page", "2026-01-05T09:00:00Z", "Web", "Ann"),
    ("C2", "home PAGE", "2026-01-05T11:00:00+01:00", "Web", "Ann"),  # 10:00 UTC, any case
    ("C2", "Product page", "2026-01-05T12:00:00Z", "Web", "Ann"),
    ("C2", "Product page", "2026-01-05T12:30:00Z", "Web", "Ann"),
    ("C2", "Checkout", "2026-01-05T16:00:00Z", "Web", "Ann"),
    ("C3", "Home page", "2026-01-05T10:00:00Z", "App", "Bob"),
    ("C3", "Wallet", "2026-01-05T11:00:00Z", "App", "Bob"),
    ("C4", "Home page", "2026-01-05T08:00:00+02:00", "App", "Bob"),
    ("C5", "Checkout", "2026-01-05T09:00:00Z", "Web", "Ann"),
    ("C5", "Home page", "2026-01-05T10:00:00Z", "Web", "Ann"),
    ("C5", "Product page", "2026-01-05T10:00:00Z", "Web", "Ann"),
    ("C5", "Newsletter click", "2026-01-05T10:05:00Z", "Web", "Ann"),
]
FUNNEL = [  # stage, reached, funnel, conversion, median_hours
    ("Look", 5, 5, None, None),
    ("Choose", 3, 3, 60.0, 1.0),
    ("Pay", 4, 2, 66.7, 3.0),
]
VARIANTS = {
    ("Look", "Choose", "Pay"): 1,
    ("Choose", "Look", "Choose", "Pay"): 1,
    ("Look", "Pay"): 1,
    ("Look",): 1,
    ("Pay", "Look", "Choose"): 1,
}
TRANSITIONS = {
    (None, "Look"): 3,
    (None, "Choose"): 1,
    (None, "Pay"): 1,
    ("Look", "Choose"): 3,
    ("Look", "Pay"): 1,
    ("Look", None): 1,
    ("Choose", "Look"): 1,
    ("Choose", "Pay"): 2,
    ("Choose", None): 1,
    ("Pay", "Look"): 1,
    ("Pay", None): 3,
}


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(dt.UTC)


def csv_log(events=EVENTS) -> bytes:
    lines = ["Case ID;Activity;Timestamp;Channel;Segment"]
    lines += [";".join(row) for row in events]
    return ("\n".join(lines) + "\n").encode()


def xlsx_log(events=EVENTS) -> bytes:
    """French headers, times as Excel dates (naive, in UTC)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Événements"
    sheet.append(["cas", "activité", "horodatage", "canal", "segment"])
    for case, activity, time, channel, persona in events:
        sheet.append([case, activity, utc(time).replace(tzinfo=None), channel, persona])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xes_log(events=EVENTS) -> bytes:
    """IEEE 1849: the persona as a trace attribute, the channel as an event attribute."""
    from xml.sax.saxutils import quoteattr

    traces: dict[str, list] = {}
    for row in events:
        traces.setdefault(row[0], []).append(row)
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">',
        '<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>',
    ]
    for case, rows in traces.items():
        parts.append(f'<trace><string key="concept:name" value={quoteattr(case)}/>')
        parts.append(f'<string key="segment" value={quoteattr(rows[0][4])}/>')
        for _case, activity, time, channel, _persona in rows:
            parts.append(
                f'<event><string key="concept:name" value={quoteattr(activity)}/>'
                f'<string key="lifecycle:transition" value="complete"/>'
                f'<date key="time:timestamp" value="{time}"/>'
                f'<string key="channel" value={quoteattr(channel)}/></event>'
            )
        parts.append("</trace>")
    parts.append("</log>")
    return "\n".join(parts).encode()


FORMS = {
    "csv": (csv_log, "log.csv"),
    "csv.gz": (lambda: gzip.compress(csv_log()), "log.csv.gz"),
    "xlsx": (xlsx_log, "log.xlsx"),
    "xes": (xes_log, "log.xes"),
    "xes.gz": (lambda: gzip.compress(xes_log()), "log.xes.gz"),
}


@pytest.fixture
def shop(store: Store) -> Store:
    store.save([MAP])
    return store


def funnel_rows(store: Store, filters: EventFilters = ALL_EVENTS) -> list[tuple]:
    return [
        (r.stage, r.reached, r.funnel, r.conversion, r.median_hours)
        for r in journey_log.funnel(store, MAP, filters)
    ]


# --- the hand-made log, in every form, on both databases ----------------------------------------


@pytest.mark.parametrize("form", list(FORMS))
def test_the_hand_made_log_gives_its_funnel_in_every_form(shop: Store, form: str) -> None:
    make, name = FORMS[form]
    saved = import_events(shop, JOURNEY, make(), filename=name)
    assert (saved.added, saved.cases, saved.skipped) == (len(EVENTS), 5, 0)
    assert funnel_rows(shop) == FUNNEL


@pytest.mark.parametrize("form", list(FORMS))
def test_the_hand_made_log_gives_its_variants_and_transitions_in_every_form(
    shop: Store, form: str
) -> None:
    make, name = FORMS[form]
    import_events(shop, JOURNEY, make(), filename=name)
    paths = journey_log.paths(shop, MAP, top=None)
    assert {v.stages: v.cases for v in paths.variants} == VARIANTS
    assert paths.variant_count == len(VARIANTS)
    assert {(m.source, m.target): m.cases for m in paths.transitions} == TRANSITIONS
    # from the start first, to the end last
    assert paths.transitions[0].source is None and paths.transitions[-1].target is None


def test_top_keeps_the_commonest_variants_first(shop: Store) -> None:
    more = [(f"D{i}", "Home page", "2026-01-06T10:00:00Z", "Web", "Ann") for i in range(3)]
    import_events(shop, JOURNEY, csv_log(EVENTS + more), filename="log.csv")
    paths = journey_log.paths(shop, MAP, top=2)
    assert [v.cases for v in paths.variants] == [4, 1]
    assert paths.variants[0].stages == ("Look",)
    assert paths.variant_count == len(VARIANTS)


@pytest.mark.parametrize(
    "filters, expected",
    [
        # Bob's cases (C3, C4): both at Look, neither chose
        (
            EventFilters(personas=("Bob",)),
            [("Look", 2, 2, None, None), ("Choose", 0, 0, 0.0, None), ("Pay", 1, 0, None, None)],
        ),
        # the web's cases (C1, C2, C5)
        (
            EventFilters(channels=("Web",)),
            [("Look", 3, 3, None, None), ("Choose", 3, 3, 100.0, 1.0), ("Pay", 3, 2, 66.7, 3.0)],
        ),
        # a period: events from 10:00 UTC on (C2's early Choose, C5's Pay and C4 drop out)
        (
            EventFilters(start=dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),
            [("Look", 4, 4, None, None), ("Choose", 3, 3, 75.0, 1.0), ("Pay", 3, 2, 66.7, 3.0)],
        ),
    ],
)
def test_filters_keep_only_their_events(shop: Store, filters, expected) -> None:
    import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    assert funnel_rows(shop, filters) == expected


def test_touchpoints_unmapped_activities_and_never_seen(shop: Store) -> None:
    saved = import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    assert saved.unmapped == (("Cookie banner", 1), ("Newsletter click", 1))
    assert (saved.unmapped_events, saved.unmapped_activities) == (2, 2)
    summary = journey_log.summary(shop, MAP)
    assert (summary.events, summary.cases) == (len(EVENTS), 5)
    assert summary.first == utc("2026-01-05T06:00:00Z")  # C4, 08:00 at +02:00
    assert [(t.touchpoint, t.cases, t.events) for t in summary.touchpoints] == [
        ("Home page", 5, 5),
        ("Product page", 3, 5),
        ("Checkout", 3, 3),
        ("Wallet", 1, 1),
    ]
    assert summary.never_seen == ()
    assert summary.unmapped == (("Cookie banner", 1), ("Newsletter click", 1))
    assert summary.channels == ("App", "Web") and summary.personas == ("Ann", "Bob")


def test_a_touchpoint_without_events_is_listed_as_never_seen(shop: Store) -> None:
    import_events(shop, JOURNEY, csv_log([e for e in EVENTS if e[1] != "Wallet"]), filename="l")
    assert journey_log.summary(shop, MAP).never_seen == ("Wallet",)


def test_the_same_file_twice_adds_nothing(shop: Store) -> None:
    first = import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    again = import_events(shop, JOURNEY, csv_log(), filename="copy.csv")
    assert first.added == len(EVENTS) and again.added == 0
    assert again.duplicate_of is not None
    assert funnel_rows(shop) == FUNNEL


def test_a_second_file_adds_to_the_same_cases(shop: Store) -> None:
    import_events(shop, JOURNEY, csv_log(EVENTS[:4]), filename="a.csv")  # C1 whole
    import_events(shop, JOURNEY, csv_log(EVENTS[9:11]), filename="b.csv")  # C3 Look, Pay
    import_events(
        shop,
        JOURNEY,
        csv_log([("C3", "Product page", "2026-01-05T10:30:00Z", "App", "Bob")]),
        filename="c.csv",
    )
    assert [r[2] for r in funnel_rows(shop)] == [2, 2, 2]


def test_an_explicit_mapping_wins_over_the_names(shop: Store) -> None:
    saved = import_events(
        shop, JOURNEY, csv_log(), filename="log.csv", mapping={"Newsletter click": "Wallet"}
    )
    assert saved.unmapped == (("Cookie banner", 1),)
    counts = {t.touchpoint: t.events for t in journey_log.summary(shop, MAP).touchpoints}
    assert counts["Wallet"] == 2


def test_a_mapping_to_an_unknown_touchpoint_is_refused(shop: Store) -> None:
    with pytest.raises(RejectedFile, match="no touchpoint 'Nowhere'"):
        import_events(shop, JOURNEY, csv_log(), filename="l.csv", mapping={"X": "Nowhere"})


def test_a_touchpoints_events_attribute_maps_its_activities() -> None:
    from dataclasses import dataclass

    from cxmap.files.events import activity_targets

    @dataclass(frozen=True)
    class WithEvents:  # the model's touchpoints gain `events` with another issue
        stage: str
        channel: str
        name: str
        events: tuple[str, ...] = ()

    class Map:
        touchpoints = (WithEvents("Pay", "Web", "Checkout", ("payment_succeeded", "Payé")),)

    targets = activity_targets(Map())
    assert targets["paymentsucceeded"].touchpoint == "Checkout"
    assert targets["paye"].stage == "Pay"  # accents and case folded
    assert targets["checkout"].touchpoint == "Checkout"


# --- columns and times ----------------------------------------------------------------------------


def read_all(data: bytes, name: str = "log.csv", **options: str):
    log = read_event_log(data, filename=name, options=EventOptions(**options))
    chunks = list(log.chunks())
    at = [int(v) for c in chunks for v in c.at]
    return log, at


@pytest.mark.parametrize(
    "header",
    [
        "case:concept:name,concept:name,time:timestamp",
        "Case ID,Event,Date",
        "cas,activité,horodatage",
        "Identifiant client,Événement,Date et heure",
    ],
)
def test_columns_are_found_by_their_usual_names(header: str) -> None:
    log, at = read_all(f"{header}\nC1,Home page,2026-01-05 10:00\n".encode())
    assert list(log.columns) == ["case", "activity", "time"]
    assert at == [int(utc("2026-01-05T10:00:00Z").timestamp() * 1000)]


def test_columns_can_be_named_at_import() -> None:
    data = b"who,what,when,where\nC1,Home page,2026-01-05 10:00,Web\n"
    log, _ = read_all(data, case="who", activity="what", time="when", channel="where")
    assert log.columns == {"case": "who", "activity": "what", "time": "when", "channel": "where"}


def test_a_log_without_a_time_column_is_refused_naming_the_option() -> None:
    with pytest.raises(RejectedFile, match=r"no time column found.*--time COLUMN"):
        read_all(b"case,activity,note\nC1,A,x\n")


@pytest.mark.parametrize(
    "times, note, expected",
    [
        # day first, told by a first number above 12
        (["13/01/2026 10:00", "02/01/2026 09:30"], "day first", "2026-01-13T10:00:00Z"),
        # month first, told by a second number above 12
        (["01/13/2026 10:00", "01/02/2026 09:30"], "month first", "2026-01-13T10:00:00Z"),
        # nothing above 12: day first, the French habit, and said so
        (["02/01/2026", "03/01/2026"], "no number above 12", "2026-01-02T00:00:00Z"),
        # Excel serials (45,662.5 is 2025-01-04 12:00)
        (["45661.5", "45662"], "Excel serial", "2025-01-04T12:00:00Z"),
        # Unix epochs in seconds
        (["1767607200", "1767610800"], "epochs in seconds", "2026-01-05T10:00:00Z"),
    ],
)
def test_time_formats_are_told_from_the_values_and_said(times, note, expected) -> None:
    rows = "".join(f"C{i},A,{t}\n" for i, t in enumerate(times))
    log, at = read_all(f"case,activity,time\n{rows}".encode())
    assert any(note in str(n) for n in log.report.notes), log.report.notes
    assert at[0] == int(utc(expected).timestamp() * 1000)


def test_rows_without_a_case_or_a_readable_time_are_skipped_and_counted() -> None:
    data = b"case,activity,time\nC1,A,2026-01-05 10:00\n,A,2026-01-05 10:00\nC2,A,not a date\n"
    log, at = read_all(data)
    assert (len(at), log.skipped) == (1, 2)
    assert "rows 3, 4" in str(log.report.warnings[0])


# --- hostile logs -------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE log [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<log><trace><string key="concept:name" value="&d;"/><event>
<string key="concept:name" value="A"/><date key="time:timestamp" value="2026-01-05T10:00:00Z"/>
</event></trace></log>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE log [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<log><trace><string key="concept:name" value="&x;"/></trace></log>"""


def gzip_bomb(inflated: int) -> bytes:
    """`inflated` bytes of a valid XES start followed by zeros, gzipped (about 1,000:1)."""
    stream = io.BytesIO()
    with gzip.GzipFile(fileobj=stream, mode="wb", mtime=0) as out:
        out.write(b'<?xml version="1.0"?><log><trace><string key="x" value="')
        block = b"0" * (1 << 20)
        for _ in range(inflated >> 20):
            out.write(block)
    return stream.getvalue()


def huge_xes(events: int) -> bytes:
    event = (
        b'<event><string key="concept:name" value="A"/>'
        b'<date key="time:timestamp" value="2026-01-05T10:00:00Z"/></event>'
    )
    return (
        b'<log><trace><string key="concept:name" value="C1"/>' + event * events + b"</trace></log>"
    )


SMALL = EventLimits(max_inflated_bytes=8 << 20, max_events=1_000)


@pytest.mark.parametrize(
    "name, data, limits, words",
    [
        ("bomb.xes", BILLION_LAUGHS, SMALL, "DOCTYPE or XML entities"),
        ("external.xes", EXTERNAL_ENTITY, SMALL, "DOCTYPE or XML entities"),
        ("bomb.xes.gz", gzip_bomb(64 << 20), SMALL, "gzip bomb"),
        ("huge.xes", huge_xes(1_001), SMALL, "more than 1,000 events"),
        ("truncated.xes", xes_log()[: len(xes_log()) // 2], SMALL, "damaged or truncated"),
        ("truncated.xes.gz", gzip.compress(xes_log())[:300], SMALL, "truncated"),
        (
            "huge.csv",
            b"case,activity,time\n" + b"C1,A,2026-01-05\n" * 1_001,
            SMALL,
            "more than 1,000",
        ),
        ("empty.csv", b"", SMALL, "empty file"),
        ("big.csv", b"case,activity,time\n", EventLimits(max_file_bytes=10), "the limit"),
    ],
    ids=lambda v: v if isinstance(v, str) and "." in v else "",
)
def test_a_hostile_log_is_refused_in_one_line(shop: Store, name, data, limits, words) -> None:
    with pytest.raises(RejectedFile) as refused:
        import_events(shop, JOURNEY, data, filename=name, limits=limits)
    message = str(refused.value)
    assert words in message and "\n" not in message
    assert journey_log.summary(shop, MAP).events == 0  # nothing saved


def test_an_xes_log_is_read_with_flat_memory() -> None:
    """Traces are dropped once read: a log of 20,000 one-event traces streams through."""
    import tracemalloc

    event = (
        '<event><string key="concept:name" value="A"/>'
        '<date key="time:timestamp" value="2026-01-05T10:00:00Z"/></event>'
    )
    body = "".join(
        f'<trace><string key="concept:name" value="C{i}"/>{event}</trace>' for i in range(20_000)
    )
    data = f"<log>{body}</log>".encode()
    tracemalloc.start()
    log = read_event_log(data, filename="many.xes")
    events = sum(len(c) for c in log.chunks())
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert events == 20_000
    assert peak < 40 * len(data), peak


# --- the command line -----------------------------------------------------------------------------


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_commands_import_a_log_and_print_funnel_and_paths_as_json(
    shop: Store, database_url: str, capsys, tmp_path: Path
) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(csv_log())
    code, out, _err = run(capsys, "import-events", path, "--journey", JOURNEY)
    assert code == 0 and "added 16 events of 5 cases" in out
    assert "2 events of 2 activities on no touchpoint" in out and "Cookie banner (1)" in out
    code, out, _err = run(capsys, "import-events", path, "--journey", JOURNEY)
    assert code == 0 and "nothing added" in out
    code, out, _err = run(capsys, "funnel", "--journey", JOURNEY, "--json")
    assert code == 0
    assert json.loads(out) == [
        dict(zip(("stage", "reached", "funnel", "conversion", "median_hours"), row))
        for row in FUNNEL
    ]
    code, out, _err = run(capsys, "funnel", "--journey", JOURNEY, "--persona", "Bob", "--json")
    assert [r["funnel"] for r in json.loads(out)] == [2, 0, 0]
    code, out, _err = run(capsys, "paths", "--journey", JOURNEY, "--top", "2", "--json")
    result = json.loads(out)
    assert len(result["variants"]) == 2 and set(result) == {"variants", "transitions"}
    assert {(m["from"], m["to"]): m["cases"] for m in result["transitions"]} == TRANSITIONS


def test_import_events_with_named_columns_and_a_mapping(
    shop: Store, database_url: str, capsys, tmp_path: Path
) -> None:
    path = tmp_path / "log.csv"
    path.write_text("who,what,when\nC1,Start,2026-01-05 10:00\nC1,Paid,2026-01-05 11:00\n")
    code, out, err = run(
        capsys,
        "import-events",
        path,
        "--journey",
        JOURNEY,
        "--case",
        "who",
        "--activity",
        "what",
        "--time",
        "when",
        "--map",
        "Start=Home page",
        "--map",
        "Paid=Wallet",
    )
    assert code == 0, err
    assert "on no touchpoint" not in out
    assert [r.reached for r in journey_log.funnel(shop, MAP)] == [1, 0, 1]


def test_import_events_refuses_a_hostile_file_in_one_line(
    shop: Store, database_url: str, capsys, tmp_path: Path
) -> None:
    path = tmp_path / "bomb.xes"
    path.write_bytes(BILLION_LAUGHS)
    code, _out, err = run(capsys, "import-events", path, "--journey", JOURNEY)
    assert code == 1 and err.count("\n") == 1 and "entities" in err


# --- the sample ---------------------------------------------------------------------------------


def test_the_sample_log_is_loaded_by_seed_and_drops_differ_by_persona_and_channel(
    store: Store,
) -> None:
    from cxmap.storage.samples import seed

    seeded = {s.name: s.events for s in seed(store)}
    assert seeded["Online store — current"] > 45_000
    assert seed(store)[0].events == 0  # again: nothing added
    online = store.load("Online store — current")

    def bought(**filters: tuple[str, ...]) -> float:
        rows = journey_log.funnel(store, online, EventFilters(**filters))
        return rows[2].funnel / rows[0].funnel

    assert bought(personas=("Loyal Linda",)) > 2 * bought(personas=("Hurried Hugo",))
    assert bought(channels=("Mobile app",)) > bought(channels=("Website",))


def test_a_large_import_on_sqlite_rebuilds_the_index_the_schema_declares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from cxmap.storage import events as stored
    from cxmap.storage import schema

    monkeypatch.setattr(stored, "REBUILD_BYTES", 0)  # every log counts as large
    store = Store(f"sqlite:///{tmp_path / 'cxmap.db'}")
    store.save([MAP])
    import_events(store, JOURNEY, csv_log(), filename="log.csv")
    assert funnel_rows(store) == FUNNEL
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), schema.metadata) == []
    store.close()


def test_purging_a_journey_deletes_its_event_log(shop: Store) -> None:
    from sqlalchemy import func, select

    from cxmap.storage import schema

    import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    assert shop.purge(JOURNEY)
    with shop.engine.connect() as conn:
        for table in schema.EVENT_TABLES:
            assert conn.scalar(select(func.count()).select_from(table)) == 0


def test_a_deleted_journey_keeps_its_event_log_for_its_restoration(shop: Store) -> None:
    from sqlalchemy import func, select

    from cxmap.storage import history, schema

    import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    with shop.engine.connect() as conn:
        before = [conn.scalar(select(func.count()).select_from(t)) for t in schema.EVENT_TABLES]
    assert shop.delete(JOURNEY)
    history.restore(shop, JOURNEY)
    with shop.engine.connect() as conn:
        after = [conn.scalar(select(func.count()).select_from(t)) for t in schema.EVENT_TABLES]
    assert after == before and all(before)


# --- the whole log's measures, kept at import ---------------------------------------------------

# A filter that keeps every event: the same question asked live, past the kept results.
EVERY_EVENT = EventFilters(start=dt.datetime(1970, 1, 2, tzinfo=dt.UTC))


def random_log(seed: int, cases: int = 60) -> list[tuple[str, str, str, str, str]]:
    """Cases with ties at one timestamp, repeats, skipped stages, one-event cases and
    activities on no touchpoint, in shuffled file order."""
    import random

    rng = random.Random(seed)
    activities = ["Home page", "Product page", "Checkout", "Wallet", "Cookie banner"]
    rows = []
    for case in range(cases):
        start = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC) + dt.timedelta(hours=rng.randint(0, 48))
        moment = start
        for _ in range(rng.choice([1, 1, 2, 3, 5, 8])):
            moment += dt.timedelta(minutes=rng.choice([0, 0, 5, 30, 90]))  # ties at one time
            rows.append(
                (
                    f"R{case}",
                    rng.choice(activities),
                    moment.isoformat().replace("+00:00", "Z"),
                    rng.choice(["Web", "App"]),
                    rng.choice(["Ann", "Bob"]),
                )
            )
    rng.shuffle(rows)
    return rows


def measured(store: Store, filters: EventFilters):
    summary = journey_log.summary(store, MAP, filters)
    return (
        journey_log.funnel(store, MAP, filters),
        journey_log.paths(store, MAP, filters, top=None),
        (summary.events, summary.cases, summary.first, summary.last, summary.touchpoints),
        (summary.unmapped, summary.unmapped_events, summary.never_seen),
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_kept_measures_are_those_the_sql_gives_live(shop: Store, seed: int) -> None:
    import_events(shop, JOURNEY, csv_log(random_log(seed)), filename="a.csv")
    import_events(shop, JOURNEY, csv_log(random_log(seed + 100)), filename="b.csv")
    with shop.engine.connect() as conn:
        (stages,) = conn.execute(select(schema.event_measures.c.stages)).one()
    assert stages == ["Look", "Choose", "Pay"]
    kept, live = measured(shop, ALL_EVENTS), measured(shop, EVERY_EVENT)
    assert kept == live
    with shop.engine.connect() as conn:  # channels and personas: kept from both batches
        jid = events_sql.journey_id(conn, JOURNEY)
        assert events_sql.kept_values(conn, jid) == (
            events_sql.values(conn, jid, "channel"),
            events_sql.values(conn, jid, "persona"),
        )
    assert kept[0][0].funnel > 0 and kept[1].variant_count > 3  # not two empty answers


def test_a_map_whose_stages_changed_is_measured_live_in_its_new_order(shop: Store) -> None:
    import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    reordered = dataclasses.replace(MAP, stages=[Stage("Choose"), Stage("Look"), Stage("Pay")])
    shop.save([reordered])
    rows = [(r.stage, r.funnel) for r in journey_log.funnel(shop, reordered)]
    # Choose first: C1, C2 (09:00), C5; then Look after it: C2 (10:00), C5 (a tie at 10:00)
    assert rows == [("Choose", 3), ("Look", 2), ("Pay", 1)]
    assert rows == [(r.stage, r.funnel) for r in journey_log.funnel(shop, reordered, EVERY_EVENT)]


def test_a_refused_import_keeps_the_measures_as_they_were(shop: Store) -> None:
    import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    with shop.engine.connect() as conn:
        before = conn.execute(select(schema.event_measures)).all()
    with pytest.raises(RejectedFile):
        import_events(shop, JOURNEY, b"Case ID;Activity\nC9;Home page\n", filename="bad.csv")
    with shop.engine.connect() as conn:
        assert conn.execute(select(schema.event_measures)).all() == before
    assert funnel_rows(shop) == FUNNEL


# --- lifecycle transitions (XES) ----------------------------------------------------------------


def with_starts(xes: bytes, transition: str = "start") -> bytes:
    """Each event of the hand-made XES log preceded, a minute earlier, by its ``transition``."""
    text = xes.decode()
    out = []
    for line in text.split("\n"):
        if line.startswith("<event>") and 'value="complete"' in line:
            earlier = line.replace('value="complete"', f'value="{transition}"')
            stamp = earlier.split('key="time:timestamp" value="')[1].split('"')[0]
            minute = (utc(stamp) - dt.timedelta(minutes=1)).isoformat()
            out.append(earlier.replace(stamp, minute))
        out.append(line)
    return "\n".join(out).encode()


@pytest.mark.parametrize("form", ["xes", "csv"])
def test_an_activity_started_and_completed_counts_once_when_completed(
    shop: Store, form: str
) -> None:
    data = with_starts(xes_log())
    if form == "csv":  # the same log as process-mining tools export it flat
        log = read_event_log(data, filename="log.xes")
        lines = ["case;activity;timestamp;lifecycle:transition"]
        for line in data.decode().split("\n"):
            if line.startswith("<event>"):
                value = line.split('lifecycle:transition" value="')[1].split('"')[0]
                lines.append(f"x;y;2026-01-05T10:00:00Z;{value}")
        assert sum(len(c) for c in log.chunks()) == len(EVENTS)
        data = ("\n".join(lines) + "\n").encode()
        saved = import_events(shop, JOURNEY, data, filename="flat.csv")
        assert saved.added == len(EVENTS)  # the starts left out, the completions kept
        notes = [note.message for note in saved.report.notes]
        assert any("lifecycle" in note and f"{len(EVENTS)} events" in note for note in notes)
        return
    saved = import_events(shop, JOURNEY, data, filename="log.xes")
    assert (saved.added, saved.skipped) == (len(EVENTS), 0)
    assert funnel_rows(shop) == FUNNEL
    summary = journey_log.summary(shop, MAP)
    assert {tp.touchpoint: tp.events for tp in summary.touchpoints}["Product page"] == 5  # not 10


def test_a_log_with_no_complete_transition_counts_every_event(shop: Store) -> None:
    data = xes_log().replace(b'value="complete"', b'value="start"')
    saved = import_events(shop, JOURNEY, data, filename="log.xes")
    assert saved.added == len(EVENTS)
    assert any("no 'complete'" in note.message for note in saved.report.notes)
    assert funnel_rows(shop) == FUNNEL


# --- the log follows the map --------------------------------------------------------------------


def test_a_touchpoint_given_the_activity_in_its_events_takes_its_events_when_saved(
    shop: Store,
) -> None:
    import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    before = journey_log.summary(shop, MAP)
    assert ("Cookie banner", 1) in before.unmapped
    touchpoints = [
        dataclasses.replace(tp, events=("Cookie banner",)) if tp.name == "Home page" else tp
        for tp in MAP.touchpoints
    ]
    edited = dataclasses.replace(MAP, touchpoints=touchpoints)
    shop.save([edited])
    after = journey_log.summary(shop, edited)
    assert "Cookie banner" not in dict(after.unmapped)
    home = {tp.touchpoint: tp.events for tp in after.touchpoints}["Home page"]
    assert home == {tp.touchpoint: tp.events for tp in before.touchpoints}["Home page"] + 1
    assert after == journey_log.summary(shop, edited, EVERY_EVENT)  # kept == live


def test_a_renamed_stage_keeps_its_events_and_its_funnel(shop: Store) -> None:
    import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    renamed = dataclasses.replace(
        MAP,
        stages=[Stage("Look"), Stage("Compare"), Stage("Pay")],
        touchpoints=[
            dataclasses.replace(tp, stage="Compare") if tp.stage == "Choose" else tp
            for tp in MAP.touchpoints
        ],
    )
    shop.save([renamed])
    rows = [(r.stage, r.reached, r.funnel) for r in journey_log.funnel(shop, renamed)]
    assert rows == [(stage, reached, n) for stage, reached, n, _c, _m in FUNNEL_RENAMED]
    assert rows == [
        (r.stage, r.reached, r.funnel) for r in journey_log.funnel(shop, renamed, EVERY_EVENT)
    ]
    assert journey_log.summary(shop, renamed).never_seen == ()


FUNNEL_RENAMED = [(("Compare" if r[0] == "Choose" else r[0]), *r[1:]) for r in FUNNEL]


def test_a_mapping_asked_for_at_import_holds_when_the_map_is_saved_again(shop: Store) -> None:
    import_events(
        shop, JOURNEY, csv_log(), filename="log.csv", mapping={"Newsletter click": "Checkout"}
    )
    shop.save([MAP])  # saved again: the mapping still holds
    seen = {tp.touchpoint: tp.events for tp in journey_log.summary(shop, MAP).touchpoints}
    assert seen["Checkout"] == 4  # C1, C2, C5 and the newsletter click
    more = [("C6", "Newsletter click", "2026-01-07T10:00:00Z", "Web", "Ann")]
    import_events(shop, JOURNEY, csv_log(more), filename="more.csv")  # and for the next log
    seen = {tp.touchpoint: tp.events for tp in journey_log.summary(shop, MAP).touchpoints}
    assert seen["Checkout"] == 5


def test_mapping_the_activities_again_moves_their_events(shop: Store) -> None:
    from cxmap.storage.events import remap

    import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    moved = remap(shop, JOURNEY, {"Cookie banner": "Product page", "Home page": "Checkout"})
    assert moved == 3  # "Home page" and "home PAGE" are one activity to match, two to move
    rows = [(r.stage, r.reached) for r in journey_log.funnel(shop, MAP)]
    assert rows[0] == ("Look", 0)  # every home-page view now counts at Pay
    assert rows == [(r.stage, r.reached) for r in journey_log.funnel(shop, MAP, EVERY_EVENT)]
    assert remap(shop, JOURNEY, {"Home page": None}) == 2  # forgotten: matched by name again
    assert funnel_rows(shop)[0] == FUNNEL[0]


def test_a_viewer_can_neither_import_a_log_nor_map_its_activities(shop: Store) -> None:
    from cxmap.storage.access import AccessDenied, Actor
    from cxmap.storage.events import remap

    import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    viewer = shop.acting(Actor("vi@example.com", "viewer"))
    with pytest.raises(AccessDenied):
        import_events(viewer, JOURNEY, csv_log(EVENTS[:3]), filename="other.csv")
    with pytest.raises(AccessDenied):
        remap(viewer, JOURNEY, {"Cookie banner": "Checkout"})
    assert funnel_rows(viewer) == FUNNEL  # and reads it all


def test_the_activities_command_lists_and_maps_them_again(
    shop: Store, database_url: str, capsys, tmp_path: Path
) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(csv_log())
    assert run(capsys, "import-events", path, "--journey", JOURNEY)[0] == 0
    code, out, _err = run(capsys, "activities", "--journey", JOURNEY, "--json")
    listed = {r["activity"]: (r["events"], r["touchpoint"]) for r in json.loads(out)}
    assert code == 0 and listed["Cookie banner"] == (1, None)
    assert listed["Product page"] == (5, "Product page")
    code, out, _err = run(
        capsys, "activities", "--journey", JOURNEY, "--map", "Cookie banner=Home page"
    )
    assert code == 0 and "1 activity now counts" in out
    assert "Cookie banner" in out and "Home page (by hand)" in out
    code, _out, err = run(capsys, "activities", "--journey", JOURNEY, "--map", "Cookie banner=Nope")
    assert code == 1 and "no touchpoint 'Nope'" in err and "Traceback" not in err
    code, out, _err = run(capsys, "activities", "--journey", JOURNEY, "--map", "Cookie banner=")
    assert code == 0 and "1 activity now counts" in out


def test_removing_a_log_takes_its_events_out_and_lets_it_in_again(shop: Store) -> None:
    from cxmap.domain.report import CxmapError
    from cxmap.storage.events import remove_batch

    more = [("C6", "Newsletter click", "2026-01-07T10:00:00Z", "App", "Cid")]
    import_events(shop, JOURNEY, csv_log(), filename="log.csv")
    import_events(shop, JOURNEY, csv_log(more), filename="more.csv")
    with shop.engine.connect() as conn:
        jid = events_sql.journey_id(conn, JOURNEY)
        first, second = (b["id"] for b in events_sql.batches(conn, jid))
    assert remove_batch(shop, JOURNEY, second) == 1
    assert funnel_rows(shop) == FUNNEL
    with shop.engine.connect() as conn:
        assert ("Newsletter click", 1, None, None) in events_sql.activities(conn, jid)
        assert events_sql.kept_values(conn, jid) == (["App", "Web"], ["Ann", "Bob"])  # no Cid
    assert measured(shop, ALL_EVENTS) == measured(shop, EVERY_EVENT)
    with pytest.raises(CxmapError, match="no event log number"):
        remove_batch(shop, JOURNEY, second)
    assert remove_batch(shop, JOURNEY, first) == len(EVENTS)
    assert not journey_log.has_events(shop, JOURNEY)
    with shop.engine.connect() as conn:
        for table in schema.EVENT_TABLES:
            assert conn.scalar(select(func.count()).select_from(table)) == 0
    assert import_events(shop, JOURNEY, csv_log(), filename="log.csv").added == len(EVENTS)


def test_the_event_logs_command_lists_and_removes_a_log(
    shop: Store, database_url: str, capsys, tmp_path: Path
) -> None:
    path = tmp_path / "log.csv"
    path.write_bytes(csv_log())
    assert run(capsys, "import-events", path, "--journey", JOURNEY)[0] == 0
    code, out, _err = run(capsys, "event-logs", "--journey", JOURNEY, "--json")
    (log,) = json.loads(out)
    assert code == 0 and (log["filename"], log["events"], log["form"]) == ("log.csv", 16, "csv")
    code, out, _err = run(capsys, "event-logs", "--journey", JOURNEY, "--remove", log["id"])
    assert code == 0 and "removed (16 events)" in out and "no event log for" in out
    code, _out, err = run(capsys, "event-logs", "--journey", JOURNEY, "--remove", log["id"])
    assert code == 1 and "no event log number" in err and "Traceback" not in err
