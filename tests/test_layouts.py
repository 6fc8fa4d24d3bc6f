"""The maps people draw — the consultant's channel × stage matrix (Layout 2) and the lane canvas
(Layout 3) — written with openpyxl as real .xlsx files with fills, styles and merged cells,
read back with :func:`cxmap.files.reader.read_workbook` and through the command line: the map that
comes out, and what the report says it recognised."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl.writer.theme import theme_xml

from cxmap.cli import main
from cxmap.domain.model import JourneyMap, Scale
from cxmap.files.colours import theme_palette
from cxmap.files.reader import Corrections, ImportResult, read_workbook
from cxmap.storage.store import Store
from tests.workbooks import Drawn, Paint, Rows, indexed, make_workbook, rgb, style, theme

FILENAME = "Le Zinc.xlsx"  # names the journey when nothing in the workbook does


def read(
    sheets: dict[str, Rows | Drawn], *, filename: str = FILENAME, **corrections: Any
) -> ImportResult:
    return read_workbook(
        make_workbook(sheets), filename=filename, corrections=Corrections(**corrections)
    )


def the_map(result: ImportResult) -> JourneyMap:
    assert [str(e) for e in result.report.errors] == []
    assert len(result.maps) == 1
    return result.maps[0]


def touchpoints(journey_map: JourneyMap) -> list[tuple[str, str, str, str, bool]]:
    return [
        (t.stage, t.channel, t.name, t.qualification, t.moment_of_truth)
        for t in journey_map.touchpoints
    ]


def notes_of(result: ImportResult, sheet: str) -> list[str]:
    return [p.message for p in result.report.notes if p.sheet == sheet]


def where(problems) -> list[tuple[str | None, int | None, str | None]]:
    return [(p.sheet, p.row, p.column) for p in problems]


# --- the consultant's matrix -------------------------------------------------------------------


def consultant_matrix() -> Drawn:
    """Two title rows, a corner label, multi-line cells, empty cells, fills of every form, and
    a legend (itself coloured) below the first blank row."""
    return Drawn(
        rows=[
            ["Parcours client — Restaurant Le Zinc"],
            ["Atelier du 12 mars 2026"],
            [],
            ["Canal / Étape", "Découverte", "Réservation", "Arrivée", "Repas"],
            ["Site web", "Page d'accueil\nAvis en ligne", "Formulaire de réservation", None, None],
            ["Téléphone", None, "Appel au restaurant", None, None],
            ["Salle", None, None, "Accueil ★", "Service\nAddition"],
            ["Application", "Notifications", None, None, "Paiement mobile"],
            [],
            ["Légende"],
            ["Rouge", "irritant"],
            ["Vert", "enchantement"],
            ["Jaune", "à vérifier"],
        ],
        paint={
            "C5": rgb("FFC7CE"),  # pink RGB
            "C6": style("Bad"),  # Excel's built-in style
            "D7": rgb("C6EFCE"),  # green RGB
            "E7": theme(5, -0.25),  # accent2 (red), darkened
            "B8": indexed(44),  # light blue of the indexed palette
            "E8": theme(4, 0.6),  # accent1 (blue), lightened
            "A11": rgb("FF0000"),
            "A12": rgb("00B050"),
            "A13": rgb("FFFF00"),
        },
    )


MATRIX_TOUCHPOINTS = [
    ("Découverte", "Site web", "Page d'accueil", "neutral", False),
    ("Découverte", "Site web", "Avis en ligne", "neutral", False),
    ("Réservation", "Site web", "Formulaire de réservation", "irritant", False),
    ("Réservation", "Téléphone", "Appel au restaurant", "irritant", False),
    ("Arrivée", "Salle", "Accueil", "delight", True),
    ("Repas", "Salle", "Service", "irritant", False),
    ("Repas", "Salle", "Addition", "irritant", False),
    ("Découverte", "Application", "Notifications", "missing", False),
    ("Repas", "Application", "Paiement mobile", "missing", False),
]


def test_matrix_reads_stages_channels_and_touchpoints_in_order():
    result = read({"Grille": consultant_matrix()})
    journey_map = the_map(result)
    assert [s.name for s in journey_map.stages] == ["Découverte", "Réservation", "Arrivée", "Repas"]
    assert [c.name for c in journey_map.channels] == [
        "Site web",
        "Téléphone",
        "Salle",
        "Application",
    ]
    assert touchpoints(journey_map) == MATRIX_TOUCHPOINTS
    assert journey_map.personas == journey_map.emotions == ()
    assert result.report.layouts == {"Grille": "matrix"}


def test_matrix_note_says_what_was_recognised_title_rows_and_legend_rows():
    result = read({"Grille": consultant_matrix()})
    assert notes_of(result, "Grille") == [
        "channel × stage matrix, 4 stages × 4 channels, 9 touchpoints (4 irritants from red "
        "fills, 1 delight from green fills, 2 missing from blue fills); title rows 1–2 skipped; "
        "rows 10–13 below the grid ignored"
    ]


def test_the_legend_below_the_first_blank_row_is_neither_channels_nor_colours():
    result = read({"Grille": consultant_matrix()})
    channels = [c.name for c in the_map(result).channels]
    assert not {"Légende", "Rouge", "Vert", "Jaune"} & set(channels)
    # the legend's yellow swatch is not a cell of the grid: not reported
    assert result.report.warnings == []
    assert result.report.unknown_colours == {}


@pytest.mark.parametrize(
    "above,journey,note",
    [
        # no title: the sheet's name names the journey
        ([], "Grille", None),
        # one title row, right above the header
        ([["Parcours Le Zinc"]], "Parcours Le Zinc", "title row 1 skipped"),
        # a title, a date, a blank row: the first title names the journey
        ([["Parcours Le Zinc"], ["mars 2026"], []], "Parcours Le Zinc", "title rows 1–2 skipped"),
        # a title that is not in the first column
        ([[None, None, "Parcours Le Zinc"], []], "Parcours Le Zinc", "title row 1 skipped"),
    ],
)
def test_title_rows_above_the_grid_are_skipped_and_name_the_journey(above, journey, note):
    grid = [[None, "Découverte", "Repas"], ["Salle", "Vitrine", "Service"]]
    result = read({"Grille": above + grid})
    journey_map = the_map(result)
    assert journey_map.name == journey
    assert [s.name for s in journey_map.stages] == ["Découverte", "Repas"]
    assert [c.name for c in journey_map.channels] == ["Salle"]
    summary = notes_of(result, "Grille")[0]
    assert (note in summary) if note else "skipped" not in summary


@pytest.mark.parametrize("title", ["Sheet1", "Feuil1", "Feuille 2", "Tabelle1"])
def test_a_default_sheet_name_does_not_name_the_journey_the_file_does(title):
    result = read({title: [[None, "Découverte", "Repas"], ["Salle", "Vitrine", "Service"]]})
    assert the_map(result).name == "Le Zinc"
    assert "no Journeys sheet: the journey is named 'Le Zinc'" in [
        p.message for p in result.report.notes
    ]


def test_a_merged_title_row_names_the_journey():
    # consultants merge the title over the width of the grid
    drawn = Drawn(
        [
            ["Parcours Le Zinc", None, None],
            [],
            [None, "Découverte", "Repas"],
            ["Salle", "Vitrine", "Service"],
        ],
        merges=("A1:C1",),
    )
    assert the_map(read({"Grille": drawn})).name == "Parcours Le Zinc"


def test_a_merged_title_right_above_a_labelled_corner_is_not_the_stage_header():
    drawn = Drawn(
        [
            ["Parcours Le Zinc", None, None],
            ["Canal / Étape", "Découverte", "Repas"],
            ["Salle", "Vitrine", "Service"],
        ],
        merges=("A1:C1",),
    )
    journey_map = the_map(read({"Grille": drawn}))
    assert [s.name for s in journey_map.stages] == ["Découverte", "Repas"]
    assert [c.name for c in journey_map.channels] == ["Salle"]
    assert touchpoints(journey_map) == [
        ("Découverte", "Salle", "Vitrine", "neutral", False),
        ("Repas", "Salle", "Service", "neutral", False),
    ]


def test_a_stage_merged_over_two_columns_is_one_stage_owning_both():
    drawn = Drawn(
        [
            [None, "Découverte", "Repas", None, "Paiement"],
            ["Salle", "Vitrine", "Entrée", "Dessert", "Addition"],
            ["Web", None, None, "Avis", None],
        ],
        merges=("C1:D1",),
    )
    result = read({"Grille": drawn})
    journey_map = the_map(result)
    assert [s.name for s in journey_map.stages] == ["Découverte", "Repas", "Paiement"]
    assert touchpoints(journey_map) == [
        ("Découverte", "Salle", "Vitrine", "neutral", False),
        ("Repas", "Salle", "Entrée", "neutral", False),
        ("Repas", "Salle", "Dessert", "neutral", False),
        ("Paiement", "Salle", "Addition", "neutral", False),
        ("Repas", "Web", "Avis", "neutral", False),
    ]
    assert notes_of(result, "Grille")[0].startswith(
        "channel × stage matrix, 3 stages × 2 channels, 5 touchpoints"
    )


def test_a_touchpoint_merged_under_a_merged_stage_is_read_once():
    drawn = Drawn(
        [[None, "Découverte", "Repas", None], ["Salle", "Vitrine", "Service", None]],
        merges=("C1:D1", "C2:D2"),
    )
    assert touchpoints(the_map(read({"Grille": drawn}))) == [
        ("Découverte", "Salle", "Vitrine", "neutral", False),
        ("Repas", "Salle", "Service", "neutral", False),
    ]


@pytest.mark.parametrize("corner", [None, "Canal / Étape"])
def test_a_two_row_header_takes_the_stages_below_the_phases(corner):
    drawn = Drawn(
        [
            ["Parcours Le Zinc"],
            [],
            [None, "Avant", None, "Pendant", "Après"],
            [corner, "Découverte", "Réservation", "Repas", "Avis"],
            ["Web", "Site", "Formulaire", None, "Google"],
            ["Salle", None, None, "Service", None],
        ],
        merges=("B3:C3",),
    )
    journey_map = the_map(read({"Grille": drawn}))
    assert journey_map.name == "Parcours Le Zinc"
    assert [s.name for s in journey_map.stages] == ["Découverte", "Réservation", "Repas", "Avis"]
    assert [c.name for c in journey_map.channels] == ["Web", "Salle"]
    assert [(t.stage, t.name) for t in journey_map.touchpoints] == [
        ("Découverte", "Site"),
        ("Réservation", "Formulaire"),
        ("Avis", "Google"),
        ("Repas", "Service"),
    ]


@pytest.mark.parametrize(
    "cell,names",
    [
        # one per line, whatever the line ending
        ("Site\nAvis Google\nInstagram", ["Site", "Avis Google", "Instagram"]),
        ("Site\r\nAvis Google", ["Site", "Avis Google"]),
        # blank lines and surrounding spaces
        ("\n  Site  \n\n\nAvis Google\n", ["Site", "Avis Google"]),
        # bullets and numbers are dropped
        (
            "- Site\n• Avis Google\n1) Instagram\n2. TikTok",
            ["Site", "Avis Google", "Instagram", "TikTok"],
        ),
        # a line of markers only is no touchpoint
        ("Site\n★", ["Site"]),
    ],
)
def test_a_cell_holds_one_touchpoint_per_line(cell, names):
    journey_map = the_map(read({"Grille": [[None, "Découverte", "Repas"], ["Web", cell, None]]}))
    assert [(t.stage, t.channel, t.name) for t in journey_map.touchpoints] == [
        ("Découverte", "Web", name) for name in names
    ]


def test_empty_cells_give_no_touchpoint_but_their_channel_and_stage_remain():
    journey_map = the_map(
        read(
            {
                "Grille": [
                    [None, "Découverte", "Repas", "Avis"],
                    ["Web", "Site", None, None],
                    ["Courrier", None, None, None],
                ]
            }
        )
    )
    assert [s.name for s in journey_map.stages] == ["Découverte", "Repas", "Avis"]
    assert [c.name for c in journey_map.channels] == ["Web", "Courrier"]
    assert [t.name for t in journey_map.touchpoints] == ["Site"]


def test_a_matrix_on_a_sheet_named_like_a_template_sheet_is_still_read_as_a_matrix():
    result = read(
        {"Points de contact": [[None, "Découverte", "Repas"], ["Salle", "Vitrine", "Service"]]}
    )
    assert result.report.layouts == {"Points de contact": "matrix"}
    assert [t.name for t in the_map(result).touchpoints] == ["Vitrine", "Service"]


# --- fill colours ---------------------------------------------------------------------------------

# openpyxl's default theme (what the table below relies on): Excel indexes theme colours
# lt1, dk1, lt2, dk2, accent1…accent6
ACCENT1, ACCENT2, ACCENT3 = 4, 5, 6


def test_the_default_theme_has_blue_red_green_accents():
    palette = theme_palette(theme_xml.encode())
    assert (palette[0], palette[1]) == ("FFFFFF", "000000")
    assert (palette[ACCENT1], palette[ACCENT2], palette[ACCENT3]) == ("4F81BD", "C0504D", "9BBB59")


COLOURS = [
    # RGB reds and pinks
    (rgb("FF0000"), "irritant"),
    (rgb("FFC7CE"), "irritant"),  # Excel's "Bad" pink
    (rgb("F4CCCC"), "irritant"),  # Google Sheets' light red 3
    (rgb("E06666"), "irritant"),
    # RGB greens
    (rgb("00B050"), "delight"),
    (rgb("C6EFCE"), "delight"),  # Excel's "Good" green
    (rgb("D9EAD3"), "delight"),  # Google Sheets' light green 3
    # RGB blues
    (rgb("0070C0"), "missing"),
    (rgb("BDD7EE"), "missing"),
    (rgb("C9DAF8"), "missing"),
    (rgb("DDEBF7"), "missing"),
    # theme colours, lightened (positive tint) and darkened (negative tint)
    (theme(ACCENT3, 0.6), "delight"),
    (theme(ACCENT3, -0.25), "delight"),
    (theme(ACCENT1, 0.8), "missing"),
    (theme(ACCENT1, -0.5), "missing"),
    (theme(ACCENT2, 0.4), "irritant"),
    (theme(ACCENT2, -0.25), "irritant"),
    (theme(0, -0.15), "neutral"),  # background 1 darkened: grey
    # indexed colours (openpyxl.styles.colors.COLOR_INDEX)
    (indexed(10), "irritant"),  # FF0000
    (indexed(45), "irritant"),  # FF99CC rose
    (indexed(17), "delight"),  # 008000
    (indexed(42), "delight"),  # CCFFCC light green
    (indexed(44), "missing"),  # 99CCFF light blue
    (indexed(12), "missing"),  # 0000FF
    (indexed(22), "neutral"),  # C0C0C0 silver
    # Excel's built-in cell styles, in English and as a French Excel names them
    (style("Bad"), "irritant"),
    (style("Good"), "delight"),
    (style("Neutral"), "neutral"),  # a yellow fill, yet neutral: the style says so
    (style("Insatisfaisant"), "irritant"),
    (style("Satisfaisant"), "delight"),
    (style("Neutre"), "neutral"),
    # white and greys are neutral
    (rgb("FFFFFF"), "neutral"),
    (rgb("F2F2F2"), "neutral"),
    (rgb("D9D9D9"), "neutral"),
    (rgb("808080"), "neutral"),
]


def colour_grid(paint: Paint | None = None) -> Drawn:
    return Drawn(
        [[None, "Discover", "Buy"], ["Web", "Search page", "Checkout"]],
        paint={"C2": paint} if paint else {},
    )


@pytest.mark.parametrize("paint,quality", COLOURS)
def test_a_cells_fill_qualifies_its_touchpoints(paint, quality):
    result = read({"Grid": colour_grid(paint)})
    assert [(t.name, t.qualification) for t in the_map(result).touchpoints] == [
        ("Search page", "neutral"),
        ("Checkout", quality),
    ]
    assert result.report.warnings == []
    assert result.report.unknown_colours == {}


@pytest.mark.parametrize(
    "colour,name",
    [
        ("FFFF00", "yellow"),
        ("FFC000", "yellow"),
        ("FF9900", "orange"),
        ("F79646", "orange"),
        ("7030A0", "purple"),
    ],
)
def test_a_colour_with_no_agreed_meaning_is_neutral_and_reported_with_its_cells(colour, name):
    drawn = Drawn(
        [
            [None, "Discover", "Buy"],
            ["Web", "Search page", "Checkout\nPayment"],
            ["Store", "Window", "Till"],
        ],
        paint={"C2": rgb(colour), "B3": rgb(colour)},
    )
    result = read({"Grid": drawn})
    assert {t.qualification for t in the_map(result).touchpoints} == {"neutral"}
    assert result.report.unknown_colours == {colour: 2}  # cells, not touchpoints
    [warning] = result.report.warnings
    assert warning.sheet == "Grid"
    assert warning.message.startswith(f"2 cells filled with #{colour} ({name}) (C2, B3): ")


@pytest.mark.parametrize("key", ["FFC000", "#ffc000", "ffc000"])
def test_a_colour_correction_says_what_an_unknown_colour_means(key):
    result = read({"Grid": colour_grid(rgb("FFC000"))}, colours={key: "irritant"})
    assert [t.qualification for t in the_map(result).touchpoints] == ["neutral", "irritant"]
    assert result.report.warnings == []
    assert result.report.unknown_colours == {}


def test_a_colour_correction_can_override_a_known_colour():
    result = read({"Grid": colour_grid(rgb("C6EFCE"))}, colours={"C6EFCE": "neutral"})
    assert [t.qualification for t in the_map(result).touchpoints] == ["neutral", "neutral"]


# --- markers in the text ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,name,quality,moment",
    [
        # irritants
        ("Checkout [irritant]", "Checkout", "irritant", False),
        ("[IRRITANT] Checkout", "Checkout", "irritant", False),
        ("Checkout (!)", "Checkout", "irritant", False),
        ("❌ Checkout", "Checkout", "irritant", False),
        ("Checkout ⚠️", "Checkout", "irritant", False),
        ("Checkout [pain point]", "Checkout", "irritant", False),
        # delights
        ("Checkout ✅", "Checkout", "delight", False),
        ("Checkout [enchantement]", "Checkout", "delight", False),
        ("Checkout (+)", "Checkout", "delight", False),
        # missing touchpoints
        ("[absence] Checkout", "Checkout", "missing", False),
        ("Checkout [missing]", "Checkout", "missing", False),
        ("Checkout (?)", "Checkout", "missing", False),
        ("Checkout [manquant]", "Checkout", "missing", False),
        # moments of truth, alone or with a qualification
        ("★ Checkout", "Checkout", "neutral", True),
        ("Checkout ⭐", "Checkout", "neutral", True),
        ("Checkout [moment de vérité]", "Checkout", "neutral", True),
        ("Checkout [MdV]", "Checkout", "neutral", True),
        ("★ Checkout (!)", "Checkout", "irritant", True),
        # a bullet and a marker
        ("- Checkout ✅", "Checkout", "delight", False),
    ],
)
def test_a_marker_in_the_text_qualifies_the_touchpoint(text, name, quality, moment):
    result = read({"Grid": [[None, "Discover", "Buy"], ["Web", "Search page", text]]})
    assert touchpoints(the_map(result))[1] == ("Buy", "Web", name, quality, moment)


@pytest.mark.parametrize(
    "text,paint,quality",
    [
        ("Checkout ✅", rgb("FFC7CE"), "delight"),
        ("Checkout (!)", rgb("C6EFCE"), "irritant"),
        ("Checkout [absence]", style("Bad"), "missing"),
        ("Checkout ❌", theme(ACCENT1, 0.6), "irritant"),
    ],
)
def test_a_marker_beats_the_fill(text, paint, quality):
    drawn = Drawn([[None, "Discover", "Buy"], ["Web", "Search page", text]], {"C2": paint})
    assert touchpoints(the_map(read({"Grid": drawn})))[1][3] == quality


def test_in_a_coloured_cell_a_marked_line_keeps_its_marker_the_others_take_the_fill():
    drawn = Drawn(
        [[None, "Discover", "Buy"], ["Web", "Search page", "Checkout\nReceipt ✅"]],
        {"C2": rgb("FFC7CE")},
    )
    assert [(t.name, t.qualification) for t in the_map(read({"Grid": drawn})).touchpoints][1:] == [
        ("Checkout", "irritant"),
        ("Receipt", "delight"),
    ]


# --- the lane canvas ------------------------------------------------------------------------------


def english_canvas(
    feelings: tuple[Any, ...] = (1, 0, -2, 2),
    *,
    above: Rows | None = None,
    opportunities: tuple[Any, ...] = ("Better SEO", None, "One-page checkout\nApple Pay", None),
) -> Rows:
    """An online store's journey for one persona; the feelings row is row 4 (plus ``above``)."""
    return (above or []) + [
        ["Stages", "Discover", "Compare", "Buy", "Get delivered"],
        ["Doing", "Searches on Google", "Reads reviews", "Pays", "Tracks the parcel"],
        ["Thinking", "Is it in stock?", None, "Is my card safe?", None],
        ["Feeling", *feelings],
        ["Says", None, "So many choices", None, None],
        ["Touchpoints", "Search ad\nHome page", "Reviews", "Checkout", "Tracking e-mail\nDelivery"],
        ["Channels", "Web", "Web", "Web", "E-mail\nCourier"],
        ["Pain points", None, None, "Card rejected", None],
        ["Opportunities", *opportunities],
        ["Conversion rate", 3.2, 2.5, 1.8, None],
        ["Waiting time", None, None, None, 48],
    ]


STAGES = ["Discover", "Compare", "Buy", "Get delivered"]
CANVAS_TOUCHPOINTS = [
    ("Discover", "Web", "Search ad", "neutral", False),
    ("Discover", "Web", "Home page", "neutral", False),
    ("Compare", "Web", "Reviews", "neutral", False),
    ("Buy", "Web", "Checkout", "neutral", False),
    ("Buy", "Unspecified channel", "Card rejected", "irritant", False),
    ("Get delivered", "E-mail", "Tracking e-mail", "neutral", False),
    ("Get delivered", "Courier", "Delivery", "neutral", False),
]


def test_canvas_reads_stages_touchpoints_and_the_unspecified_channel():
    result = read({"Hurried": english_canvas()})
    journey_map = the_map(result)
    assert journey_map.name == "Le Zinc"  # no title: the file's name
    assert [s.name for s in journey_map.stages] == STAGES
    assert [c.name for c in journey_map.channels] == [
        "Web",
        "E-mail",
        "Courier",
        "Unspecified channel",
    ]
    assert touchpoints(journey_map) == CANVAS_TOUCHPOINTS
    assert result.report.layouts == {"Hurried": "canvas"}
    assert result.report.warnings == []


def test_canvas_feelings_become_the_personas_emotions_with_what_they_do_think_and_say():
    journey_map = the_map(read({"Hurried": english_canvas()}))
    assert [p.name for p in journey_map.personas] == ["Hurried"]
    assert [
        (e.persona, e.stage, e.score, e.does, e.thinks, e.says) for e in journey_map.emotions
    ] == [
        ("Hurried", "Discover", 1, "Searches on Google", "Is it in stock?", None),
        ("Hurried", "Compare", 0, "Reads reviews", None, "So many choices"),
        ("Hurried", "Buy", -2, "Pays", "Is my card safe?", None),
        ("Hurried", "Get delivered", 2, "Tracks the parcel", None, None),
    ]
    assert journey_map.journey.scale == Scale(-2, 2)


def test_canvas_opportunities_become_actions_awaiting_impact_and_effort():
    journey_map = the_map(read({"Hurried": english_canvas()}))
    assert [(a.name, a.stage, a.impact, a.effort, a.status) for a in journey_map.actions] == [
        ("Better SEO", "Discover", None, None, "idea"),
        ("One-page checkout", "Buy", None, None, "idea"),
        ("Apple Pay", "Buy", None, None, "idea"),
    ]


def test_canvas_rows_of_numbers_are_kpis_per_stage_for_the_persona():
    journey_map = the_map(read({"Hurried": english_canvas()}))
    assert [(k.name, k.stage, k.value, k.persona, k.direction) for k in journey_map.kpis] == [
        ("Conversion rate", "Discover", 3.2, "Hurried", "higher"),
        ("Conversion rate", "Compare", 2.5, "Hurried", "higher"),
        ("Conversion rate", "Buy", 1.8, "Hurried", "higher"),
        ("Waiting time", "Get delivered", 48, "Hurried", "lower"),
    ]


def test_canvas_note_says_what_was_recognised():
    result = read({"Hurried": english_canvas()})
    assert notes_of(result, "Hurried") == [
        "lane canvas for persona 'Hurried', 4 stages, lanes: does, thinks, feelings, says, "
        "touchpoints, channels, pain points, opportunities; 7 touchpoints (1 irritant, "
        "0 delights, 0 missing), 4 emotions, 3 opportunities as actions awaiting impact and "
        "effort, 2 KPI rows"
    ]


def lanes_canvas(label: str | None = None, lane: str | None = None) -> Rows:
    """A small canvas with every lane, labelled in English, or ``label`` for ``lane``."""
    lanes = {
        "stages": ["Stages", "Discover", "Buy"],
        "does": ["Doing", "Searches", "Pays"],
        "thinks": ["Thinking", "In stock?", "Safe?"],
        "feelings": ["Feeling", 1, -1],
        "says": ["Says", None, "Why so long?"],
        "touchpoints": ["Touchpoints", "Search ad", "Checkout"],
        "channels": ["Channels", "Web", "Web"],
        "pain_points": ["Pain points", None, "Card rejected"],
        "delights": ["Delights", "Free delivery", None],
        "opportunities": ["Opportunities", None, "Apple Pay"],
    }
    if lane:
        lanes[lane] = [label, *lanes[lane][1:]]
    return list(lanes.values())


LANE_PRODUCTS: dict[str, Callable[[JourneyMap], list]] = {
    "stages": lambda m: [s.name for s in m.stages],
    "does": lambda m: [(e.stage, e.does) for e in m.emotions],
    "thinks": lambda m: [(e.stage, e.thinks) for e in m.emotions],
    "feelings": lambda m: [(e.stage, e.score) for e in m.emotions],
    "says": lambda m: [(e.stage, e.says) for e in m.emotions],
    "touchpoints": lambda m: [
        (t.stage, t.name, t.channel) for t in m.touchpoints if t.qualification == "neutral"
    ],
    "channels": lambda m: [
        (t.name, t.channel) for t in m.touchpoints if t.qualification == "neutral"
    ],
    "pain_points": lambda m: [
        (t.stage, t.name) for t in m.touchpoints if t.qualification == "irritant"
    ],
    "delights": lambda m: [
        (t.stage, t.name) for t in m.touchpoints if t.qualification == "delight"
    ],
    "opportunities": lambda m: [(a.stage, a.name, a.impact, a.effort, a.status) for a in m.actions],
}
LANE_EXPECTED = {
    "stages": ["Discover", "Buy"],
    "does": [("Discover", "Searches"), ("Buy", "Pays")],
    "thinks": [("Discover", "In stock?"), ("Buy", "Safe?")],
    "feelings": [("Discover", 1), ("Buy", -1)],
    "says": [("Discover", None), ("Buy", "Why so long?")],
    "touchpoints": [("Discover", "Search ad", "Web"), ("Buy", "Checkout", "Web")],
    "channels": [("Search ad", "Web"), ("Checkout", "Web")],
    "pain_points": [("Buy", "Card rejected")],
    "delights": [("Discover", "Free delivery")],
    "opportunities": [("Buy", "Apple Pay", None, None, "idea")],
}


@pytest.mark.parametrize(
    "lane,label",
    [
        # stages
        ("stages", "Stages"),
        ("stages", "Steps"),
        ("stages", "Étapes"),
        ("stages", "Étapes du parcours"),
        ("stages", None),
        # doing
        ("does", "Doing"),
        ("does", "Does"),
        ("does", "Customer actions"),
        ("does", "Fait"),
        ("does", "Ce que fait le client"),
        # thinking
        ("thinks", "Thinking"),
        ("thinks", "Thoughts"),
        ("thinks", "Pense"),
        ("thinks", "Pensées"),
        # feeling
        ("feelings", "Feelings"),
        ("feelings", "Emotion"),
        ("feelings", "Mood"),
        ("feelings", "Ressenti"),
        ("feelings", "Émotions"),
        ("feelings", "Courbe émotionnelle"),
        # says
        ("says", "Says"),
        ("says", "Verbatims"),
        ("says", "Dit"),
        # touchpoints
        ("touchpoints", "Touch points"),
        ("touchpoints", "Points de contact"),
        ("touchpoints", "Point de contact"),
        ("touchpoints", "Interactions"),
        # channels
        ("channels", "Channel"),
        ("channels", "Canaux"),
        ("channels", "Canal"),
        # pain points, in any case and with a colon
        ("pain_points", "Pain point"),
        ("pain_points", "PAIN POINTS :"),
        ("pain_points", "Irritants"),
        ("pain_points", "Points de friction"),
        ("pain_points", "Freins"),
        # delights
        ("delights", "Moments of delight"),
        ("delights", "Enchantements"),
        # opportunities
        ("opportunities", "Opportunity"),
        ("opportunities", "Ideas"),
        ("opportunities", "Opportunités"),
        ("opportunities", "Pistes d'amélioration"),
        ("opportunities", "Idées"),
    ],
)
def test_a_lane_is_recognised_by_its_english_or_french_label(lane, label):
    result = read({"Hurried": lanes_canvas(label, lane)})
    assert result.report.warnings == []
    assert LANE_PRODUCTS[lane](the_map(result)) == LANE_EXPECTED[lane]


FRENCH_CANVAS_LABELS = {
    # the common labels
    "usual": (
        "Étapes",
        "Fait",
        "Pense",
        "Ressenti",
        "Points de contact",
        "Canaux",
        "Irritants",
        "Opportunités",
    ),
    # other labels French consultants write
    "other": (
        "Étapes du parcours",
        "Ce que fait le client",
        "Pensées",
        "Ressentis",
        "Point de contact",
        "Canal",
        "Points de friction",
        "Pistes d'amélioration",
    ),
}


@pytest.mark.parametrize("labels", FRENCH_CANVAS_LABELS.values(), ids=FRENCH_CANVAS_LABELS)
def test_a_french_canvas_names_its_unspecified_channel_in_french(labels):
    values = [
        ["Découverte", "Réservation", "Repas"],
        ["Cherche un restaurant", "Appelle", "Dîne"],
        ["C'est loin ?", None, None],
        ["curieux", "agacé", "ravi"],
        ["Avis Google\nSite", "Appel", "Service"],
        ["Web", None, "Salle"],
        [None, "Ligne occupée", None],
        [None, "Réservation en ligne", None],
    ]
    rows = [[label, *cells] for label, cells in zip(labels, values)]
    result = read({"Pressé": rows})
    journey_map = the_map(result)
    assert [c.name for c in journey_map.channels] == ["Web", "Salle", "Canal non précisé"]
    assert touchpoints(journey_map) == [
        ("Découverte", "Web", "Avis Google", "neutral", False),
        ("Découverte", "Web", "Site", "neutral", False),
        ("Réservation", "Canal non précisé", "Appel", "neutral", False),
        ("Réservation", "Canal non précisé", "Ligne occupée", "irritant", False),
        ("Repas", "Salle", "Service", "neutral", False),
    ]
    assert [(e.persona, e.stage, e.score, e.feeling) for e in journey_map.emotions] == [
        ("Pressé", "Découverte", 0, "curieux"),
        ("Pressé", "Réservation", -1, "agacé"),
        ("Pressé", "Repas", 2, "ravi"),
    ]
    assert [(a.name, a.stage, a.status) for a in journey_map.actions] == [
        ("Réservation en ligne", "Réservation", "idea")
    ]


@pytest.mark.parametrize(
    "touchpoints_cell,channels_cell,expected",
    [
        # paired line by line
        (
            "Tracking e-mail\nDelivery",
            "E-mail\nCourier",
            [("Tracking e-mail", "E-mail"), ("Delivery", "Courier")],
        ),
        # one channel for all
        ("Tracking e-mail\nDelivery", "Web", [("Tracking e-mail", "Web"), ("Delivery", "Web")]),
        # no channel: the unspecified channel
        (
            "Tracking e-mail\nDelivery",
            None,
            [("Tracking e-mail", "Unspecified channel"), ("Delivery", "Unspecified channel")],
        ),
        # as many channels as touchpoints is needed to pair them
        (
            "Tracking e-mail\nDelivery\nSMS",
            "E-mail\nCourier",
            [
                ("Tracking e-mail", "Unspecified channel"),
                ("Delivery", "Unspecified channel"),
                ("SMS", "Unspecified channel"),
            ],
        ),
    ],
)
def test_canvas_touchpoints_take_their_channels(touchpoints_cell, channels_cell, expected):
    rows = [
        ["Stages", "Get delivered"],
        ["Feeling", 1],
        ["Touchpoints", touchpoints_cell],
        ["Channels", channels_cell],
    ]
    journey_map = the_map(read({"Hurried": rows}))
    assert [(t.name, t.channel) for t in journey_map.touchpoints] == expected
    assert {channel for _t, channel in expected} <= {c.name for c in journey_map.channels}


def test_canvas_without_a_channels_lane_puts_every_touchpoint_on_the_unspecified_channel():
    rows = [
        ["Stages", "Discover", "Buy"],
        ["Feeling", 1, -1],
        ["Touchpoints", "Search ad", "Checkout"],
    ]
    journey_map = the_map(read({"Hurried": rows}))
    assert [c.name for c in journey_map.channels] == ["Unspecified channel"]
    assert {t.channel for t in journey_map.touchpoints} == {"Unspecified channel"}


def test_canvas_pain_points_and_delights_are_qualified_touchpoints():
    rows = [
        ["Stages", "Discover", "Buy"],
        ["Feeling", 1, -1],
        ["Pain points", None, "Card rejected\nHidden fees"],
        ["Delights", "Free delivery ★", None],
    ]
    assert touchpoints(the_map(read({"Hurried": rows}))) == [
        ("Discover", "Unspecified channel", "Free delivery", "delight", True),
        ("Buy", "Unspecified channel", "Card rejected", "irritant", False),
        ("Buy", "Unspecified channel", "Hidden fees", "irritant", False),
    ]


def test_canvas_touchpoint_fills_qualify_them_as_in_a_matrix():
    rows = [
        ["Stages", "Discover", "Buy"],
        ["Feeling", 1, -1],
        ["Touchpoints", "Search ad", "Checkout"],
        ["Channels", "Web", "Web"],
    ]
    drawn = Drawn(rows, {"B3": rgb("C6EFCE"), "C3": style("Bad")})
    assert [(t.name, t.qualification) for t in the_map(read({"Hurried": drawn})).touchpoints] == [
        ("Search ad", "delight"),
        ("Checkout", "irritant"),
    ]


def test_an_unknown_colour_in_a_canvas_cell_of_two_lines_is_one_cell():
    rows = [
        ["Stages", "Discover", "Buy"],
        ["Feeling", 1, -1],
        ["Touchpoints", "Search ad\nHome page", "Checkout"],
        ["Channels", "Web", "Web"],
    ]
    result = read({"Hurried": Drawn(rows, {"B3": rgb("FFFF00")})})
    assert result.report.unknown_colours == {"FFFF00": 1}
    assert [w.message.split(":")[0] for w in result.report.warnings] == [
        "1 cell filled with #FFFF00 (yellow) (B3)"
    ]


def test_a_stage_merged_over_two_canvas_columns_keeps_both_columns():
    rows = [
        ["Stages", "Discover", "Buy", None],
        ["Feeling", 1, -1, None],
        ["Touchpoints", "Search ad", "Cart", "Checkout"],
        ["Channels", "Web", "Web", "Web"],
    ]
    journey_map = the_map(read({"Hurried": Drawn(rows, merges=("C1:D1", "C2:D2"))}))
    assert [s.name for s in journey_map.stages] == ["Discover", "Buy"]
    assert [(t.stage, t.name) for t in journey_map.touchpoints] == [
        ("Discover", "Search ad"),
        ("Buy", "Cart"),
        ("Buy", "Checkout"),
    ]


def test_an_unknown_lane_label_with_text_is_a_warning_on_its_row():
    rows = lanes_canvas() + [["Backstage", "CRM", "Payment provider"]]
    result = read({"Hurried": rows})
    the_map(result)
    assert where(result.report.warnings) == [("Hurried", 11, None)]
    assert result.report.warnings[0].message == (
        "'Backstage' is not a lane cxmap knows; row ignored"
    )


def test_what_a_persona_does_without_a_feeling_is_a_warning():
    rows = [["Stages", "Discover", "Buy"], ["Feeling", 1, None], ["Doing", "Searches", "Pays"]]
    result = read({"Hurried": rows})
    assert [(e.stage, e.does) for e in the_map(result).emotions] == [("Discover", "Searches")]
    assert [w.message for w in result.report.warnings] == [
        "stage 'Buy': what the customer does, thinks or says is kept only with a feeling; none "
        "is given"
    ]


# --- personas of the canvas ---------------------------------------------------------------------


def test_the_sheet_name_names_the_persona():
    journey_map = the_map(read({"Busy parent": english_canvas()}))
    assert [p.name for p in journey_map.personas] == ["Busy parent"]
    assert {e.persona for e in journey_map.emotions} == {"Busy parent"}


@pytest.mark.parametrize(
    "rows",
    [
        # a `Persona:` cell above the stages
        english_canvas(above=[["Persona: Busy parent"]]),
        # a label and a value above the stages
        english_canvas(above=[["Persona", "Busy parent"]]),
        # a `Persona:` cell below the lanes
        english_canvas() + [[], ["Persona: Busy parent"]],
        # in French
        english_canvas(above=[["Profil : Busy parent"]]),
    ],
    ids=["cell-above", "label-and-value-above", "cell-below", "french-above"],
)
def test_a_persona_row_names_the_persona_not_the_journey(rows):
    result = read({"Canvas 1": rows})
    journey_map = the_map(result)
    assert [p.name for p in journey_map.personas] == ["Busy parent"]
    assert {e.persona for e in journey_map.emotions} == {"Busy parent"}
    assert journey_map.name == "Le Zinc"


def test_two_sheets_with_persona_rows_are_one_journey():
    result = read(
        {
            "Canvas 1": english_canvas(above=[["Persona: Hurried"]]),
            "Canvas 2": english_canvas((0, -1, -1, 1), above=[["Persona: Anxious"]]),
        }
    )
    journey_map = the_map(result)
    assert [p.name for p in journey_map.personas] == ["Hurried", "Anxious"]


@pytest.mark.parametrize(
    "corrections,expected",
    [
        # one sheet's persona
        ({"personas": {"Canvas 1": "Hurried"}}, ["Hurried", "Canvas 2"]),
        # every sheet's persona
        ({"persona": "Hurried"}, ["Hurried"]),
        # a sheet's own correction beats the one for every sheet
        ({"persona": "Hurried", "personas": {"Canvas 2": "Anxious"}}, ["Hurried", "Anxious"]),
    ],
)
def test_corrections_name_the_persona_of_canvas_sheets(corrections, expected):
    result = read(
        {"Canvas 1": english_canvas(), "Canvas 2": english_canvas((0, -1, -1, 1))}, **corrections
    )
    journey_map = the_map(result)
    assert [p.name for p in journey_map.personas] == expected
    assert f"lane canvas for persona '{expected[0]}'" in notes_of(result, "Canvas 1")[0]


def test_a_persona_correction_beats_the_persona_row():
    rows = english_canvas() + [["Persona: Busy parent"]]
    journey_map = the_map(read({"Canvas": rows}, personas={"Canvas": "Hurried"}))
    assert [p.name for p in journey_map.personas] == ["Hurried"]


def test_two_persona_sheets_share_stages_and_touchpoints_and_give_one_emotion_each_per_stage():
    result = read(
        {
            "Hurried": english_canvas(),
            "Anxious": english_canvas(
                ("curious", "confused", "stressed", "delighted"),
                opportunities=(None, "Live chat", None, None),
            ),
        }
    )
    journey_map = the_map(result)
    assert [s.name for s in journey_map.stages] == STAGES
    assert touchpoints(journey_map) == CANVAS_TOUCHPOINTS
    assert [c.name for c in journey_map.channels] == [
        "Web",
        "E-mail",
        "Courier",
        "Unspecified channel",
    ]
    assert [p.name for p in journey_map.personas] == ["Hurried", "Anxious"]
    assert [(e.persona, e.stage, e.score, e.feeling) for e in journey_map.emotions] == [
        ("Hurried", "Discover", 1, None),
        ("Hurried", "Compare", 0, None),
        ("Hurried", "Buy", -2, None),
        ("Hurried", "Get delivered", 2, None),
        ("Anxious", "Discover", 0, "curious"),
        ("Anxious", "Compare", -1, "confused"),
        ("Anxious", "Buy", -1, "stressed"),
        ("Anxious", "Get delivered", 2, "delighted"),
    ]
    assert [a.name for a in journey_map.actions] == [
        "Better SEO",
        "One-page checkout",
        "Apple Pay",
        "Live chat",
    ]
    assert [k.persona for k in journey_map.kpis] == ["Hurried"] * 4 + ["Anxious"] * 4
    assert result.report.layouts == {"Hurried": "canvas", "Anxious": "canvas"}


@pytest.mark.parametrize(
    "hurried,anxious,scale,scores",
    [
        # words only: the -2..2 scale
        (
            ("satisfied", "neutral", "furious", "delighted"),
            ("curious", "confused", "😟", "😍"),
            Scale(-2, 2),
            [1, 0, -2, 2, 0, -1, -1, 2],
        ),
        # numbers on 1..5 and words: the words are mapped on 1..5
        (
            (4, 3, 1, 5),
            ("curious", "frustrated", "furious", "ravi"),
            Scale(1, 5),
            [4, 3, 1, 5, 3, 2, 1, 5],
        ),
        # numbers on 0..10 and words
        (
            (7, 5, 2, 9),
            ("neutral", "annoyed", "angry", "thrilled"),
            Scale(0, 10),
            [7, 5, 2, 9, 5, 2.5, 0, 10],
        ),
        # decimal commas
        (("4,5", "3", "1,5", 5), (3, 3, 3, 3), Scale(1, 5), [4.5, 3, 1.5, 5, 3, 3, 3, 3]),
    ],
)
def test_feelings_as_numbers_or_words_are_scores_on_the_inferred_scale(
    hurried, anxious, scale, scores
):
    result = read({"Hurried": english_canvas(hurried), "Anxious": english_canvas(anxious)})
    journey_map = the_map(result)
    assert journey_map.journey.scale == scale
    assert [e.score for e in journey_map.emotions] == scores
    assert any(f"emotion scale inferred as {scale}" in p.message for p in result.report.notes)


# --- a workbook that mixes the layouts ----------------------------------------------------------


def journeys_and_personas(scale: str = "1..5") -> dict[str, Rows]:
    return {
        "Journeys": [
            ["journey", "state", "emotion scale", "sector"],
            ["Le Zinc — dîner", "target", scale, "restaurant"],
        ],
        "Personas": [
            ["persona", "segment", "share"],
            ["Hurried", "Office workers", 60],
            ["Anxious", "Families", 40],
        ],
    }


def restaurant_canvas(feelings: tuple[Any, ...]) -> Rows:
    """A canvas of the consultant matrix's journey, on the same stages."""
    return [
        ["Étapes", "Découverte", "Réservation", "Arrivée", "Repas"],
        ["Ressenti", *feelings],
        ["Irritants", None, "Ligne occupée", None, None],
        ["Opportunités", None, "Réservation en ligne", None, "Paiement à table"],
        ["Temps d'attente", None, 4, 10, 25],
    ]


def canvas_sheets(
    hurried: tuple[Any, ...] = (4, 2, 3, 5),
    anxious: tuple[Any, ...] = ("curieux", "agacé", "neutre", "ravi"),
    scale: str = "1..5",
) -> dict[str, Rows | Drawn]:
    """A Journeys + Personas pair with a canvas sheet per persona."""
    return {
        **journeys_and_personas(scale),
        "Hurried": restaurant_canvas(hurried),
        "Anxious": restaurant_canvas(anxious),
    }


def test_a_layout_1_pair_with_a_matrix_takes_stages_and_channels_from_the_matrix():
    result = read({**journeys_and_personas(), "Grille": consultant_matrix()})
    journey_map = the_map(result)
    assert journey_map.name == "Le Zinc — dîner"  # the Journeys sheet, not the title row
    assert (journey_map.journey.state, journey_map.journey.sector) == ("target", "restaurant")
    assert [s.name for s in journey_map.stages] == ["Découverte", "Réservation", "Arrivée", "Repas"]
    assert [c.name for c in journey_map.channels] == [
        "Site web",
        "Téléphone",
        "Salle",
        "Application",
    ]
    assert touchpoints(journey_map) == MATRIX_TOUCHPOINTS
    assert [(p.name, p.segment) for p in journey_map.personas] == [
        ("Hurried", "Office workers"),
        ("Anxious", "Families"),
    ]
    assert result.report.layouts == {"Journeys": "tidy", "Personas": "tidy", "Grille": "matrix"}


RESTAURANT_EMOTIONS = [
    ("Hurried", "Découverte", 4),
    ("Hurried", "Réservation", 2),
    ("Hurried", "Arrivée", 3),
    ("Hurried", "Repas", 5),
    ("Anxious", "Découverte", 3),
    ("Anxious", "Réservation", 2),
    ("Anxious", "Arrivée", 3),
    ("Anxious", "Repas", 5),
]


def test_a_layout_1_pair_with_canvas_sheets_takes_personas_and_scale_from_layout_1():
    result = read(canvas_sheets())
    journey_map = the_map(result)
    assert result.report.layouts == {
        "Journeys": "tidy",
        "Personas": "tidy",
        "Hurried": "canvas",
        "Anxious": "canvas",
    }
    assert journey_map.name == "Le Zinc — dîner"
    assert journey_map.journey.scale == Scale(1, 5)  # declared, not inferred
    assert not any("inferred" in p.message for p in result.report.notes)
    assert [(p.name, p.segment, p.share) for p in journey_map.personas] == [
        ("Hurried", "Office workers", 60),
        ("Anxious", "Families", 40),
    ]
    assert [s.name for s in journey_map.stages] == ["Découverte", "Réservation", "Arrivée", "Repas"]
    assert [c.name for c in journey_map.channels] == ["Canal non précisé"]
    assert touchpoints(journey_map) == [
        ("Réservation", "Canal non précisé", "Ligne occupée", "irritant", False)
    ]
    # words on the declared 1..5 scale: curieux and neutre 3, agacé 2, ravi 5
    assert [(e.persona, e.stage, e.score) for e in journey_map.emotions] == RESTAURANT_EMOTIONS
    assert [(k.name, k.stage, k.value, k.persona, k.direction) for k in journey_map.kpis][:3] == [
        ("Temps d'attente", "Réservation", 4, "Hurried", "lower"),
        ("Temps d'attente", "Arrivée", 10, "Hurried", "lower"),
        ("Temps d'attente", "Repas", 25, "Hurried", "lower"),
    ]
    assert len(journey_map.kpis) == 6


def test_a_matrix_and_a_canvas_of_the_same_stages_share_them():
    result = read(
        {
            "Grille": [[None, "Découverte", "Repas"], ["Salle", "Vitrine", "Service"]],
            "Hurried": [
                ["Étapes", "Découverte", "Repas"],
                ["Ressenti", 1, -1],
                ["Irritants", None, "Attente"],
            ],
        }
    )
    journey_map = the_map(result)
    assert [s.name for s in journey_map.stages] == ["Découverte", "Repas"]
    assert touchpoints(journey_map) == [
        ("Découverte", "Salle", "Vitrine", "neutral", False),
        ("Repas", "Salle", "Service", "neutral", False),
        ("Repas", "Canal non précisé", "Attente", "irritant", False),
    ]


def test_a_workbook_mixing_the_three_layouts_is_one_map():
    result = read({**canvas_sheets(), "Grille": consultant_matrix()})
    journey_map = the_map(result)
    assert result.report.layouts == {
        "Journeys": "tidy",
        "Personas": "tidy",
        "Hurried": "canvas",
        "Anxious": "canvas",
        "Grille": "matrix",
    }
    assert journey_map.name == "Le Zinc — dîner"
    assert [s.name for s in journey_map.stages] == ["Découverte", "Réservation", "Arrivée", "Repas"]
    assert touchpoints(journey_map) == [
        ("Réservation", "Canal non précisé", "Ligne occupée", "irritant", False),
        *MATRIX_TOUCHPOINTS,
    ]
    assert [(e.persona, e.stage, e.score) for e in journey_map.emotions] == RESTAURANT_EMOTIONS


def test_a_canvas_persona_missing_from_the_personas_sheet_is_an_error_on_its_sheet():
    sheets = canvas_sheets()
    sheets["Gourmet"] = restaurant_canvas((4, 4, 4, 4))
    result = read(sheets)
    assert result.maps == ()
    assert result.report.errors
    assert {p.sheet for p in result.report.errors} == {"Gourmet"}
    assert all(
        "'Gourmet' is not a persona of this journey (personas: Hurried, Anxious)" in p.message
        for p in result.report.errors
    )


# --- errors ---------------------------------------------------------------------------------------


def test_a_feeling_that_is_neither_a_score_nor_a_word_is_an_error_on_its_stage():
    result = read({"Hurried": english_canvas((1, "bof", -2, 2))})
    assert result.maps == ()
    assert where(result.report.errors) == [("Hurried", 4, "Compare")]
    assert result.report.errors[0].message.startswith(
        "'bof' is neither a score on the scale -2..2 nor a known feeling word"
    )


def test_a_score_outside_the_declared_scale_is_an_error_on_its_stage():
    result = read(canvas_sheets(hurried=(4, 2, 7, 5)))
    assert result.maps == ()
    assert where(result.report.errors) == [("Hurried", 2, "Arrivée")]
    assert result.report.errors[0].message == "7 is outside the journey's emotion scale 1..5"


def test_a_formula_without_a_value_in_a_matrix_is_an_error_naming_its_cell():
    matrix = consultant_matrix()
    matrix.rows[6][2] = "=1+1"  # openpyxl saves a formula with no value: cell C7
    result = read({"Grille": matrix})
    assert result.maps == ()
    assert where(result.report.errors) == [("Grille", 7, None)]
    assert result.report.errors[0].message.startswith(
        "cell C7 holds the formula =1+1 with no saved value"
    )


def with_errors_on_three_sheets() -> dict[str, Rows | Drawn]:
    sheets = canvas_sheets(hurried=(4, "bof", 3, 5), anxious=(3, 3, 0, 3))
    personas = sheets["Personas"]
    assert isinstance(personas, list)
    # a persona no canvas refers to, so that its error hides no other row
    personas.append(["Gourmand", "Foodies", "beaucoup"])
    return sheets


EXPECTED_ERRORS = [
    ("Personas", 4, "share"),
    ("Hurried", 2, "Réservation"),
    ("Anxious", 2, "Arrivée"),
]


def test_every_error_of_every_sheet_is_reported_at_once():
    result = read(with_errors_on_three_sheets())
    assert result.maps == ()
    assert sorted(where(result.report.errors)) == sorted(EXPECTED_ERRORS)


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    """The command line, in-process: (exit code, stdout, stderr)."""
    code = main([str(arg) for arg in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_saves_nothing_from_a_file_with_errors(
    database_url: str, capsys, store: Store, tmp_path: Path
):
    path = tmp_path / "le-zinc.xlsx"
    path.write_bytes(make_workbook(with_errors_on_three_sheets()))
    version = store.data_version()
    code, out, err = run(capsys, "import", path)
    assert code == 1
    assert out == ""
    assert len([line for line in err.splitlines() if ": error: " in line]) == 3
    assert "Sheet 'Personas', row 4, column 'share': " in err
    assert "Sheet 'Hurried', row 2, column 'Réservation': 'bof' is neither" in err
    assert "Sheet 'Anxious', row 2, column 'Arrivée': 0 is outside" in err
    assert "nothing was imported" in err
    assert store.names() == []
    assert store.data_version() == version


# --- corrections --------------------------------------------------------------------------------


def test_an_ignored_sheet_is_not_read():
    result = read(
        {"Hurried": english_canvas(), "Notes": consultant_matrix()}, layouts={"Notes": "ignore"}
    )
    journey_map = the_map(result)
    assert result.report.layouts == {"Hurried": "canvas"}
    assert notes_of(result, "Notes") == ["ignored, as asked"]
    assert touchpoints(journey_map) == CANVAS_TOUCHPOINTS


def test_forcing_the_canvas_layout_on_a_matrix_is_a_clear_error():
    result = read({"Grille": consultant_matrix()}, layouts={"Grille": "canvas"})
    assert result.maps == ()
    assert [str(p) for p in result.report.errors] == [
        "Sheet 'Grille': read as a canvas as asked, but no lane (touchpoints, feelings, pain "
        "points…) was recognised in the first column"
    ]


def test_forcing_the_matrix_layout_reads_channels_that_look_like_lane_labels():
    # "Supports" and "Interactions" are also lane labels: the sheet is taken for a canvas
    rows = [
        [None, "Découverte", "Repas"],
        ["Supports", "Flyer", "Menu"],
        ["Interactions", "Bouche-à-oreille", "Serveur"],
    ]
    assert read({"Grille": rows}).report.layouts == {"Grille": "canvas"}
    result = read({"Grille": rows}, layouts={"Grille": "matrix"})
    assert result.report.layouts == {"Grille": "matrix"}
    assert touchpoints(the_map(result)) == [
        ("Découverte", "Supports", "Flyer", "neutral", False),
        ("Repas", "Supports", "Menu", "neutral", False),
        ("Découverte", "Interactions", "Bouche-à-oreille", "neutral", False),
        ("Repas", "Interactions", "Serveur", "neutral", False),
    ]


def test_forcing_the_tidy_layout_on_a_matrix_is_a_clear_error():
    result = read({"Grille": consultant_matrix()}, layouts={"Grille": "tidy"})
    assert result.maps == ()
    assert where(result.report.errors) == [("Grille", None, None)]
    assert "cannot be read as one" in result.report.errors[0].message


def test_journey_and_state_corrections_rename_and_restate_the_journey():
    result = read({"Grille": consultant_matrix()}, journey="Dîner du soir", state="cible")
    journey_map = the_map(result)
    assert (journey_map.name, journey_map.journey.state) == ("Dîner du soir", "target")
    assert "journey 'Parcours client — Restaurant Le Zinc' renamed 'Dîner du soir', as asked" in [
        p.message for p in result.report.notes
    ]
    assert touchpoints(journey_map) == MATRIX_TOUCHPOINTS


def test_the_command_line_reads_a_matrix_with_journey_state_layout_and_colour_options(
    database_url: str, capsys, store: Store, tmp_path: Path
):
    matrix = consultant_matrix()
    matrix.paint["B5"] = rgb("FFC000")  # Page d'accueil, Avis en ligne
    path = tmp_path / "le-zinc.xlsx"
    path.write_bytes(make_workbook({"Grille": matrix, "Brouillon": english_canvas()}))
    code, out, err = run(
        capsys,
        "import",
        path,
        "--journey",
        "Dîner",
        "--state",
        "target",
        "--layout",
        "Brouillon=ignore",
        "--colour",
        "FFC000=delight",
    )
    assert code == 0, err
    assert out == f"{path}: imported 'Dîner' (target): {store.load('Dîner').describe()}\n"
    assert (
        "note: Sheet 'Grille': channel × stage matrix, 4 stages × 4 channels, 9 touchpoints" in err
    )
    assert "note: Sheet 'Brouillon': ignored, as asked" in err
    journey_map = store.load("Dîner")
    assert journey_map.journey.state == "target"
    assert [(t.name, t.qualification) for t in journey_map.touchpoints] == [
        (name, "delight" if name in ("Page d'accueil", "Avis en ligne") else quality)
        for _stage, _channel, name, quality, _moment in MATRIX_TOUCHPOINTS
    ]
    assert journey_map.personas == journey_map.emotions == ()


def test_the_command_line_names_the_personas_of_canvas_sheets(
    database_url: str, capsys, store: Store, tmp_path: Path
):
    path = tmp_path / "le-zinc.xlsx"
    path.write_bytes(
        make_workbook(
            {"Feuil2": restaurant_canvas((4, 2, 3, 5)), "Feuil3": restaurant_canvas((3, 2, 3, 5))}
        )
    )
    code, _out, err = run(
        capsys, "import", path, "--persona", "Hurried", "--sheet-persona", "Feuil3=Anxious"
    )
    assert code == 0, err
    journey_map = store.load("le-zinc")
    assert [p.name for p in journey_map.personas] == ["Hurried", "Anxious"]
    assert [(e.persona, e.stage, e.score) for e in journey_map.emotions] == RESTAURANT_EMOTIONS


def test_the_command_line_refuses_a_colour_with_no_meaning(
    database_url: str, capsys, tmp_path: Path
):
    path = tmp_path / "le-zinc.xlsx"
    path.write_bytes(make_workbook({"Grille": consultant_matrix()}))
    code, _out, err = run(capsys, "import", path, "--colour", "FFC000=urgent")
    assert code == 1
    assert "--colour" in err and "'urgent' is not irritant, delight, missing or neutral" in err
