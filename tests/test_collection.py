"""The data-collection plan: which touchpoints collect what, by which mechanism, in stage and
channel order, and the stages with no collection point."""

from __future__ import annotations

import pytest

from cxmap.compute.collection import CollectionPoint, collection_json, collection_plan, collects
from cxmap.domain.vocabulary import split_items
from tests.test_diff import BOOK, PAY, PHONE, SHOP, STAY, WEB, build, tp


def plan_map():
    return build(
        "Hotel",
        [
            tp(
                PAY,
                SHOP,
                "Loyalty card",
                data_collected=("email", "birthday"),
                collection_mechanism="Form at the till",
            ),
            tp(BOOK, WEB, "Booking form", data_collection=True, data_collected=("name", "email")),
            tp(BOOK, PHONE, "Call", data_collection=True),
            tp(BOOK, SHOP, "Flyer"),
            tp(STAY, SHOP, "Feedback kiosk", "missing", data_collected=("satisfaction",)),
        ],
        stages=[BOOK, PAY, STAY],
        channels=[WEB, PHONE, SHOP],
    )


def test_collection_points_in_stage_then_channel_order():
    plan = collection_plan(plan_map())
    assert plan.points == (
        CollectionPoint(BOOK, WEB, "Booking form", ("name", "email"), None),
        CollectionPoint(BOOK, PHONE, "Call", (), None),
        CollectionPoint(PAY, SHOP, "Loyalty card", ("email", "birthday"), "Form at the till"),
    )


def test_stages_with_no_collection_point_are_flagged():
    # the feedback kiosk is an absence: it collects nothing yet
    assert collection_plan(plan_map()).stages_without == (STAY,)


@pytest.mark.parametrize(
    ("touchpoint", "expected"),
    [
        (tp(BOOK, WEB, "A", data_collection=True), True),
        (tp(BOOK, WEB, "A", data_collected=("email",)), True),
        (tp(BOOK, WEB, "A", collection_mechanism="QR code"), True),
        (tp(BOOK, WEB, "A"), False),
        (tp(BOOK, WEB, "A", "missing", data_collection=True), False),
        (tp(BOOK, WEB, "A", data_collection=True, change="remove"), False),
    ],
    ids=["flag", "data named", "mechanism named", "nothing", "an absence", "a remove row"],
)
def test_what_makes_a_collection_point(touchpoint, expected):
    assert collects(touchpoint) is expected


def test_collection_json_rows_have_exactly_the_documented_keys():
    rows = collection_json(collection_plan(plan_map()))
    assert [set(r) for r in rows] == [{"stage", "channel", "touchpoint", "data", "mechanism"}] * 3
    assert rows[2] == {
        "stage": PAY,
        "channel": SHOP,
        "touchpoint": "Loyalty card",
        "data": ["email", "birthday"],
        "mechanism": "Form at the till",
    }


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        ("email; téléphone", ("email", "téléphone")),
        ("email\ntéléphone\r\nadresse", ("email", "téléphone", "adresse")),
        ("nom, prénom ; date de naissance;", ("nom, prénom", "date de naissance")),
        ("  ", ()),
        (None, ()),
    ],
    ids=["semicolons", "line breaks", "commas stay inside an item", "blank", "empty"],
)
def test_items_are_split_on_semicolons_and_line_breaks(cell, items):
    assert split_items(cell) == items
