"""What a person changed in the editable widgets, as the library's edits (cxmap.view.edits):
the actions table's changes and the import page's corrections, table-driven."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxmap.files.reader import NO_CORRECTIONS, Corrections
from cxmap.view.edits import action_changes, corrections_from

NAN = math.nan


def actions(*rows: tuple) -> pd.DataFrame:
    """The editor's frame: (id, impact, effort, status, owner) per row."""
    return pd.DataFrame(rows, columns=["id", "impact", "effort", "status", "owner"])


FIRST, SECOND = (4, 3.0, 2.0, "idea", None), (7, NAN, NAN, "planned", "Ana")
BEFORE = actions(FIRST, SECOND)


@pytest.mark.parametrize(
    "after, expected",
    [
        # nothing touched: nothing to save
        (BEFORE, {}),
        # a rating changed: a float, keyed by the action's position (its id), not the row
        (actions((4, 4.5, 2.0, "idea", None), SECOND), {4: {"impact": 4.5}}),
        (actions(FIRST, (7, 2, NAN, "planned", "Ana")), {7: {"impact": 2.0}}),
        # text fields: the new text; several fields of several rows at once
        (
            actions((4, 3.0, 1.0, "done", "Bo"), (7, NAN, NAN, "planned", "Cy")),
            {4: {"effort": 1.0, "status": "done", "owner": "Bo"}, 7: {"owner": "Cy"}},
        ),
        # a value cleared: None; a blank that stays blank (None or NaN) is no change
        (actions(FIRST, (7, NAN, NAN, "planned", None)), {7: {"owner": None}}),
        (actions((4, 3.0, 2.0, "idea", NAN), SECOND), {}),
    ],
    ids=["unchanged", "rating", "rating-from-blank", "several", "cleared", "blank-stays-blank"],
)
def test_action_changes_are_what_differs_by_action_position(after, expected):
    changes = action_changes(BEFORE, after)
    assert changes == expected
    for fields in changes.values():
        for key in ("impact", "effort"):
            assert key not in fields or isinstance(fields[key], float)


@pytest.mark.parametrize(
    "state, expected",
    [
        # no correction widget shown yet
        ({}, NO_CORRECTIONS),
        ({"upload": "file", "_fix_file": "abc"}, NO_CORRECTIONS),
        # the journey's name, trimmed; blank is no correction
        ({"fix_journey": "  Shop  ", "fix_state": "target"}, Corrections("Shop", "target")),
        ({"fix_journey": "   "}, NO_CORRECTIONS),
        # a sheet's layout: "auto" corrects nothing
        (
            {"fix_layout::Grid": "matrix", "fix_layout::Notes": "auto"},
            Corrections(layouts={"Grid": "matrix"}),
        ),
        # a canvas sheet's persona, trimmed; blank corrects nothing
        (
            {"fix_persona::Sam": " Student ", "fix_persona::Other": " "},
            Corrections(personas={"Sam": "Student"}),
        ),
        # an unrecognised colour: "neutral" corrects nothing
        (
            {"fix_colour::FFC000": "irritant", "fix_colour::CCCCCC": "neutral"},
            Corrections(colours={"FFC000": "irritant"}),
        ),
        # a sheet name holding "::" keeps it
        ({"fix_layout::a::b": "canvas"}, Corrections(layouts={"a::b": "canvas"})),
    ],
    ids=["none", "other-keys", "journey", "blank-journey", "layout", "persona", "colour", "colons"],
)
def test_corrections_are_read_from_the_widgets_state(state, expected):
    assert corrections_from(state) == expected
