"""The target journey from the current one: the copy to design on, and the what-if of the action
plan, checked on maps built in Python and, once, saved through the real store."""

from __future__ import annotations

import pytest

from cxmap.compute.diff import diff_maps
from cxmap.compute.plan import PLANNED_AND_LATER, apply_plan, create_target
from cxmap.domain.model import Action, Emotion, Journey, Kpi, Persona, Scale
from cxmap.storage.store import Store
from tests.test_diff import BOOK, PAY, PHONE, SHOP, STAY, WEB, build, tp


def current_map(actions=()):
    return build(
        "Hotel",
        [
            tp(BOOK, WEB, "Fax", "irritant"),
            tp(BOOK, WEB, "Booking form", "irritant"),
            tp(BOOK, PHONE, "Call back", "missing"),
            tp(PAY, SHOP, "Till", "neutral"),
            tp(STAY, SHOP, "Welcome drink", "delight"),
        ],
        personas=[Persona("Ana")],
        emotions=[Emotion("Ana", BOOK, -1, touchpoint="Fax"), Emotion("Ana", STAY, 1)],
        kpis=[Kpi("NPS", 20)],
        actions=actions,
    )


def test_create_target_is_a_copy_in_state_target_with_its_baseline():
    current = current_map([Action("Drop the fax", type="remove", touchpoint="Fax")])
    target = create_target(current)
    assert target.journey == Journey(
        "Hotel — target", state="target", baseline="Hotel", scale=Scale(-2, 2)
    )
    assert target.touchpoints == current.touchpoints
    assert (target.stages, target.channels, target.personas, target.emotions) == (
        current.stages,
        current.channels,
        current.personas,
        current.emotions,
    )
    # the plan and the measured KPIs stay with the current journey
    assert (target.actions, target.kpis) == ((), ())


def test_create_target_takes_the_callers_name_or_suffix():
    assert create_target(current_map(), suffix=" — cible").name == "Hotel — cible"
    assert create_target(current_map(), name="Hôtel 2027").name == "Hôtel 2027"


def test_a_fresh_target_changes_nothing():
    diff = diff_maps(current_map(), create_target(current_map()))
    assert diff.counts["kept"] == 5 and sum(diff.counts.values()) == 5


# (action, outcome, what the target's row becomes: None = gone)
ACTIONS = {
    "remove removes its touchpoint": (
        Action("Drop the fax", type="remove", stage=BOOK, touchpoint="Fax"),
        "removed",
        None,
    ),
    "transform makes its irritant neutral": (
        Action("New form", type="transform", stage=BOOK, touchpoint="Booking form"),
        "transformed",
        ("neutral", "transform"),
    ),
    "transform of what is no irritant changes nothing": (
        Action("Faster till", type="transform", stage=PAY, touchpoint="Till"),
        "unchanged",
        ("neutral", None),
    ),
    "add makes its missing touchpoint present": (
        Action("Call back service", type="add", stage=BOOK, touchpoint="Call back"),
        "added",
        ("neutral", "add"),
    ),
    "add of what is already present changes nothing": (
        Action("Another till", type="add", stage=PAY, touchpoint="Till"),
        "unchanged",
        ("neutral", None),
    ),
    "amplify marks its touchpoint amplified": (
        Action("Better drink", type="amplify", stage=STAY, touchpoint="Welcome drink"),
        "amplified",
        ("delight", "amplify"),
    ),
    "the touchpoint is found by the pain point, whatever its case and accents": (
        Action("Drop the fax", type="remove", pain_point="FAX"),
        "removed",
        None,
    ),
}


@pytest.mark.parametrize(("action", "outcome", "row"), ACTIONS.values(), ids=ACTIONS)
def test_apply_plan_action(action, outcome, row):
    result = apply_plan(current_map([action]))
    (effect,) = result.effects
    assert effect.outcome == outcome
    addressed = effect.touchpoint
    assert addressed is not None
    found = [
        (t.qualification, t.change)
        for t in result.target.touchpoints
        if (t.stage, t.name) == (addressed.stage, addressed.name)
    ]
    assert found == ([] if row is None else [row])
    assert len(result.target.touchpoints) == 5 - (row is None)


@pytest.mark.parametrize(
    "action",
    [
        Action("Mystery", type="remove", touchpoint="No such touchpoint"),
        Action("Vague", type="remove"),
        Action("Untyped", touchpoint="Fax"),
    ],
    ids=["unknown touchpoint", "no touchpoint", "no type"],
)
def test_an_action_that_names_nothing_or_has_no_type_is_not_found(action):
    result = apply_plan(current_map([action]))
    assert [e.outcome for e in result.effects] == ["not found"]
    assert result.target.touchpoints == current_map().touchpoints


def test_a_second_action_on_a_removed_touchpoint_has_nothing_left_to_do():
    result = apply_plan(
        current_map(
            [
                Action("Drop the fax", type="remove", touchpoint="Fax"),
                Action("Better fax", type="transform", touchpoint="Fax"),
            ]
        )
    )
    assert [e.outcome for e in result.effects] == ["removed", "unchanged"]


PLAN = [
    Action("Drop the fax", type="remove", stage=BOOK, touchpoint="Fax", status="idea"),
    Action("New form", type="transform", stage=BOOK, touchpoint="Booking form", status="planned"),
    Action(
        "Call back service", type="add", stage=BOOK, touchpoint="Call back", status="in progress"
    ),
    Action("Better drink", type="amplify", stage=STAY, touchpoint="Welcome drink", status="done"),
]


def test_the_status_filter_leaves_the_ideas_out():
    result = apply_plan(current_map(PLAN), statuses=PLANNED_AND_LATER)
    assert [e.action.name for e in result.effects] == [
        "New form",
        "Call back service",
        "Better drink",
    ]
    assert "Fax" in [t.name for t in result.target.touchpoints]


def test_the_diff_of_the_plan_shows_what_it_achieves():
    current = current_map(PLAN)
    diff = diff_maps(current, apply_plan(current).target)
    assert diff.counts == {"removed": 1, "added": 1, "transformed": 1, "amplified": 1, "kept": 1}
    assert (diff.irritants.resolved, diff.irritants.current) == (2, 2)
    assert (diff.absences.filled, diff.absences.current) == (1, 1)


def test_refreshing_keeps_the_existing_targets_journey():
    existing = Journey("Hôtel cible", state="target", baseline="Hotel", description="2027")
    result = apply_plan(current_map(PLAN), journey=existing)
    assert result.target.journey == existing


def test_the_plans_target_saves_through_the_store(store: Store):
    # the emotion that pointed at the removed fax no longer refers to it
    current = current_map(PLAN)
    result = apply_plan(current)
    store.save([current, result.target])
    loaded = store.load(result.target.name)
    assert (loaded.journey.state, loaded.journey.baseline) == ("target", "Hotel")
    assert [t.name for t in loaded.touchpoints] == [t.name for t in result.target.touchpoints]
    assert [e.touchpoint for e in loaded.emotions] == [None, None]
    diff = diff_maps(store.load("Hotel"), loaded)
    assert (diff.irritants.resolved, diff.absences.filled) == (2, 1)
