"""The bank and restaurant samples' target journeys declare their changes and a collection plan
(data/make_targets.py), so the Current → target, Collection plan and Blueprint pages have
something real to show after `seed`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxmap.compute.collection import collection_plan
from cxmap.compute.diff import diff_maps
from cxmap.files.reader import read_workbook
from cxmap.storage.samples import seed
from cxmap.storage.store import Store
from tests.test_cli import run

DATA = Path(__file__).resolve().parent.parent / "data"
BANK_TARGET = "Account opening — target"
RESTAURANT = "Chaîne de restaurants — parcours convive"
RESTAURANT_TARGET = "Chaîne de restaurants — parcours convive cible"


def pair(filename: str):
    result = read_workbook(DATA / filename)
    assert (result.report.errors, result.report.warnings) == ([], [])
    current, target = result.maps
    assert (target.journey.state, target.journey.baseline) == ("target", current.name)
    return current, target


# every target declares each of the workshop's decisions, and they all apply to its baseline
@pytest.mark.parametrize("filename", ["bank.xlsx", "restaurant.xlsx"])
def test_the_sample_target_declares_every_kind_of_change(filename: str) -> None:
    current, target = pair(filename)
    assert {t.change for t in target.touchpoints} >= {
        "remove",
        "add",
        "transform",
        "amplify",
        "keep",
    }
    diff = diff_maps(current, target)
    assert diff.unmatched_removals == ()
    declared = [item for item in diff.touchpoints if item.declared]
    assert {item.change for item in declared} == {
        "removed",
        "added",
        "transformed",
        "amplified",
        "kept",
    }
    # a replacement pairs a new name with the current touchpoint it replaces
    assert any(
        item.current and item.target and item.current.name != item.target.name for item in declared
    )


@pytest.mark.parametrize("filename", ["bank.xlsx", "restaurant.xlsx"])
def test_the_sample_target_has_a_collection_plan_with_data_and_mechanisms(filename: str) -> None:
    _current, target = pair(filename)
    plan = collection_plan(target)
    described = [p for p in plan.points if p.data and p.mechanism]
    assert len(described) >= 5
    assert len({p.stage for p in described}) >= 4


def test_the_restaurant_target_is_french_with_long_names_and_resolves_every_irritant() -> None:
    current, target = pair("restaurant.xlsx")
    assert target.name == RESTAURANT_TARGET and current.name == RESTAURANT
    assert [s.name for s in target.stages] == [s.name for s in current.stages]
    assert max(len(t.name) for t in target.touchpoints) > 60
    diff = diff_maps(current, target)
    assert diff.irritants.resolved == diff.irritants.current > 0
    assert diff.absences.filled == diff.absences.current > 0
    # one stage is left without a collection point, on purpose: the page flags it
    assert collection_plan(target).stages_without == ("Je mange",)


def test_collection_plan_json_of_the_seeded_samples_returns_their_plans(
    store: Store, database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(store)
    for journey in (BANK_TARGET, RESTAURANT_TARGET):
        code, out, _err = run(capsys, "collection-plan", "--journey", journey, "--json")
        assert code == 0
        rows = json.loads(out)
        assert rows and all(
            set(row) == {"stage", "channel", "touchpoint", "data", "mechanism"} for row in rows
        )
        assert any(row["data"] and row["mechanism"] for row in rows)
    code, out, _err = run(capsys, "collection-plan", "--journey", RESTAURANT_TARGET, "--json")
    rows = json.loads(out)
    booking = next(r for r in rows if r["touchpoint"] == "Module de réservation en ligne")
    assert booking["data"][0] == "nom, prénom"  # an item may hold a comma
    assert booking["mechanism"] == "formulaire de réservation en ligne"
