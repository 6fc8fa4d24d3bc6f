"""How numbers and maps are worded on screen (cxmap.view.labels), table-driven."""

from __future__ import annotations

import pytest

from cxmap.domain.model import Action, Persona, Stage, Touchpoint
from cxmap.view.labels import describe, with_unit
from tests.workbooks import journey_map


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        # no unit: the number alone, four significant digits below ten thousand
        (12, None, "12"),
        (12, "", "12"),
        (2.125, None, "2.125"),
        (1.23456, None, "1.235"),
        (1450, None, "1,450"),
        # large numbers: thousands separated, no decimals
        (12345.6, None, "12,346"),
        (-25000, None, "-25,000"),
        # units written against the number
        (12, "%", "12%"),
        (4.2, "/5", "4.2/5"),
        (6, "/7", "6/7"),
        (8.5, "/10", "8.5/10"),
        # other units after a space
        (10, "pts", "10 pts"),
        (1450, "€", "1,450 €"),
        (-3, "days", "-3 days"),
    ],
)
def test_a_value_is_written_with_its_unit(value, unit, expected):
    assert with_unit(value, unit) == expected


SMALL = journey_map(
    personas=[Persona("Hurried")],
    stages=[Stage("Discover"), Stage("Buy")],
    touchpoints=[
        Touchpoint("Discover", "Web", "Search", qualification="irritant"),
        Touchpoint("Buy", "Web", "Checkout", qualification="irritant"),
        Touchpoint("Buy", "Store", "Pickup", qualification="missing"),
    ],
    actions=[Action("Fix search")],
)


@pytest.mark.parametrize(
    "lang, expected",
    [
        (
            "en",
            "2 stages, 1 personas, 0 channels, 3 touchpoints (2 irritants, 0 delights, "
            "1 missing), 0 emotions, 0 KPIs, 1 actions",
        ),
        (
            "fr",
            "2 étapes, 1 personas, 0 canaux, 3 points de contact (2 irritants, "
            "0 enchantements, 1 absences), 0 émotions, 0 indicateurs, 1 actions",
        ),
    ],
)
def test_a_map_is_described_by_its_counts_in_the_language(lang, expected):
    assert describe(SMALL, lang) == expected


# Logs that make the event-log reader say each of its notes and warnings.
_LOGS = {
    "epoch_ms": "case,activity,time\nC1,A,1767607200000\n",
    "epoch_s": "case,activity,time\nC1,A,1767607200\n",
    "serial": "case,activity,time\nC1,A,46027.5\n",
    "utc": "case,activity,time\nC1,A,2026-01-05T10:00:00\n",
    "dayfirst_sure": "case,activity,time\nC1,A,25/01/2026 10:00\n",
    "dayfirst_guess": "case,activity,time\nC1,A,05/01/2026 10:00\n",
    "monthfirst": "case,activity,time\nC1,A,01/25/2026 10:00\n",
    "skipped": "case,activity,time\nC1,A,2026-01-05T10:00:00Z\n,A,2026-01-05T10:00:00Z\n"
    "C2,A,never\n",
    "lifecycle": "case,activity,time,lifecycle:transition\nC1,A,2026-01-05T10:00:00Z,start\n"
    "C1,A,2026-01-05T10:01:00Z,complete\n",
    "no_complete": "case,activity,time,lifecycle:transition\nC1,A,2026-01-05T10:00:00Z,start\n",
}


@pytest.mark.parametrize("name", list(_LOGS))
def test_the_event_log_readers_findings_are_said_in_french(name: str) -> None:
    from cxmap.files.events import read_event_log
    from cxmap.view.labels import report_message

    log = read_event_log(_LOGS[name].encode(), filename="log.csv")
    for _chunk in log.chunks():
        pass
    said = [p.message for p in (*log.report.warnings, *log.report.notes)]
    assert said, "the log was meant to make the reader say something"
    for message in said:
        french = report_message(message, "fr")
        assert french != message, f"no French shape for: {message}"
        for english in ("times", "skipped", "read as", "rows", "events", "left out", "counted"):
            assert english not in french.replace("(start, schedule…)", ""), french
