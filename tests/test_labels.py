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
