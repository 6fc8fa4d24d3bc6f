"""`cxmap diff` and `cxmap collection-plan` on maps saved through the real store (SQLite and
PostgreSQL), run in-process."""

from __future__ import annotations

import json
from dataclasses import replace

from cxmap.domain.model import Emotion, Journey, Persona, Scale
from cxmap.storage.store import Store
from tests.test_cli import run
from tests.test_diff import BOOK, PAY, PHONE, SHOP, STAY, WEB, build, tp

DIFF_KEYS = {
    "current",
    "target",
    "touchpoints",
    "counts",
    "irritants",
    "missing",
    "stages",
    "channels",
    "emotions",
}
SIDE_KEYS = {"touchpoint", "stage", "channel", "qualification"}


def save_pair(store: Store, *, baseline: str | None = "Hotel", target_name: str = "Hotel 2027"):
    current = build(
        "Hotel",
        [
            tp(BOOK, WEB, "Fax", "irritant"),
            tp(BOOK, WEB, "Booking form", "irritant"),
            tp(BOOK, PHONE, "Call back", "missing"),
            tp(PAY, SHOP, "Till"),
        ],
        personas=[Persona("Ana")],
        emotions=[Emotion("Ana", BOOK, -1.5), Emotion("Ana", PAY, 0)],
    )
    target = build(
        target_name,
        [
            tp(BOOK, WEB, "Booking form", "delight"),
            tp(BOOK, PHONE, "Call back"),
            tp(STAY, "App", "Digital key", data_collection=True),
        ],
        personas=[Persona("Ana")],
        emotions=[Emotion("Ana", BOOK, 0.5)],
    )
    target = replace(target, journey=Journey(target_name, "target", baseline, scale=Scale(-2, 2)))
    store.save([current, target])


def test_diff_json_prints_exactly_the_documented_object(store: Store, database_url, capsys):
    save_pair(store)
    code, out, err = run(capsys, "diff", "Hotel", "Hotel 2027", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) == DIFF_KEYS
    assert (data["current"], data["target"]) == ("Hotel", "Hotel 2027")
    assert data["counts"] == {"removed": 2, "added": 2, "transformed": 1, "amplified": 0, "kept": 0}
    assert data["irritants"] == {"current": 2, "resolved": 2, "left": 0}
    assert data["missing"] == {"current": 1, "filled": 1, "left": 0}
    assert data["stages"] == {"added": [STAY], "removed": [PAY]}
    assert data["channels"] == {"added": ["App"], "removed": [SHOP]}
    assert data["emotions"] == [
        {"persona": "Ana", "stage": BOOK, "current": -1.5, "target": 0.5, "delta": 2.0},
        {"persona": "Ana", "stage": PAY, "current": 0.0, "target": None, "delta": None},
    ]
    for item in data["touchpoints"]:
        assert set(item) == {"change", "current", "target"}
        assert item["change"] in data["counts"]
        assert all(item[s] is None or set(item[s]) == SIDE_KEYS for s in ("current", "target"))
    assert {
        "change": "transformed",
        "current": {
            "touchpoint": "Booking form",
            "stage": BOOK,
            "channel": WEB,
            "qualification": "irritant",
        },
        "target": {
            "touchpoint": "Booking form",
            "stage": BOOK,
            "channel": WEB,
            "qualification": "delight",
        },
    } in data["touchpoints"]
    assert {
        "change": "removed",
        "current": {
            "touchpoint": "Fax",
            "stage": BOOK,
            "channel": WEB,
            "qualification": "irritant",
        },
        "target": None,
    } in data["touchpoints"]


def test_diff_finds_the_target_whose_baseline_is_the_current(store: Store, database_url, capsys):
    save_pair(store)
    code, out, _err = run(capsys, "diff", "Hotel", "--json")
    assert code == 0
    assert json.loads(out)["target"] == "Hotel 2027"


def test_diff_without_a_target_says_so_and_exits_1(store: Store, database_url, capsys):
    save_pair(store, baseline=None)
    code, out, err = run(capsys, "diff", "Hotel", "--json")
    assert (code, out) == (1, "")
    assert "no target journey has 'Hotel' as its baseline" in err


def test_diff_with_two_targets_asks_which_and_exits_1(store: Store, database_url, capsys):
    save_pair(store)
    save_pair(store, target_name="Hotel 2030")
    code, _out, err = run(capsys, "diff", "Hotel")
    assert code == 1
    assert "Hotel 2027" in err and "Hotel 2030" in err


def test_diff_of_an_unknown_journey_exits_1(store: Store, database_url, capsys):
    code, _out, err = run(capsys, "diff", "Nowhere", "--json")
    assert code == 1 and "no journey named 'Nowhere'" in err


def test_diff_summary_reads_as_the_headline(store: Store, database_url, capsys):
    save_pair(store)
    code, out, _err = run(capsys, "diff", "Hotel")
    assert code == 0
    assert f"2 of 2 irritants resolved, 1 of 1 absences filled, emotion +2.0 at '{BOOK}'" in out
    assert "removed     Fax" in out
    assert f"stages added: {STAY}" in out


def test_collection_plan_json(store: Store, database_url, capsys):
    save_pair(store)
    code, out, _err = run(capsys, "collection-plan", "--journey", "Hotel 2027", "--json")
    assert code == 0
    assert json.loads(out) == [
        {
            "stage": STAY,
            "channel": "App",
            "touchpoint": "Digital key",
            "data": [],
            "mechanism": None,
        }
    ]


def test_collection_plan_flags_stages_without_collection(store: Store, database_url, capsys):
    save_pair(store)
    code, out, _err = run(capsys, "collection-plan", "--journey", "Hotel 2027")
    assert code == 0
    assert f"stages with no collection point: {BOOK}" in out
