"""The service blueprint (cxmap.compute.blueprint), its grid and the collection plan's grid and
workbook (cxmap.view.blueprint_grid, cxmap.view.collection_grid), and the change table of a diff
(cxmap.view.change_table): lanes by layer, what is left out, escaping, the flagged stages."""

from __future__ import annotations

import io

import openpyxl
import pytest

from cxmap.compute.analysis import NO_FILTER, Filters
from cxmap.compute.blueprint import blueprint
from cxmap.compute.collection import collection_plan
from cxmap.compute.diff import diff_maps
from cxmap.domain.model import Channel, Emotion, Journey, JourneyMap, Persona, Stage, Touchpoint
from cxmap.view.blueprint_grid import blueprint_grid
from cxmap.view.change_table import change_table
from cxmap.view.collection_grid import collection_grid, collection_rows, collection_xlsx

BOOK, EAT, PAY = "Je réserve ma table", "Je mange", "Je paie"
WEB, ROOM = "Site internet", "Restaurant"


def restaurant(*touchpoints: Touchpoint, emotions: tuple[Emotion, ...] = ()) -> JourneyMap:
    return JourneyMap(
        Journey("Brasserie"),
        personas=(Persona("Famille pressée"), Persona("Touriste")),
        stages=(Stage(BOOK), Stage(EAT), Stage(PAY)),
        channels=(Channel(WEB), Channel(ROOM)),
        touchpoints=touchpoints,
        emotions=emotions,
    )


def lanes_of(m: JourneyMap, filters: Filters = NO_FILTER) -> dict[str, dict[str, list[str]]]:
    """stage -> lane -> touchpoint names."""
    return {
        s.name: {lane: [t.name for t in row] for lane, row in s.lanes.items() if row}
        for s in blueprint(m, filters).stages
    }


# --- the blueprint's lanes ------------------------------------------------------------------------

# which lane each touchpoint goes to (stage -> lane -> names)
LANE_CASES = [
    # each layer to its lane
    (
        (
            Touchpoint(BOOK, WEB, "Module de réservation", layer="frontstage"),
            Touchpoint(BOOK, ROOM, "Plan de salle", layer="backstage"),
            Touchpoint(EAT, ROOM, "Logiciel de caisse", layer="support"),
        ),
        {
            BOOK: {"frontstage": ["Module de réservation"], "backstage": ["Plan de salle"]},
            EAT: {"support": ["Logiciel de caisse"]},
            PAY: {},
        },
    ),
    # no layer: frontstage, what the customer meets
    ((Touchpoint(PAY, ROOM, "Addition"),), {BOOK: {}, EAT: {}, PAY: {"frontstage": ["Addition"]}}),
    # a target's remove row is not one of its touchpoints
    (
        (
            Touchpoint(PAY, ROOM, "Attente de l'addition", change="remove"),
            Touchpoint(PAY, ROOM, "Paiement à table", change="add"),
        ),
        {BOOK: {}, EAT: {}, PAY: {"frontstage": ["Paiement à table"]}},
    ),
    # stages matched loosely (case, accents), kept in the journey's order
    (
        (Touchpoint("je PAIE", ROOM, "Terminal"), Touchpoint("JE MANGE", ROOM, "Assiettes")),
        {BOOK: {}, EAT: {"frontstage": ["Assiettes"]}, PAY: {"frontstage": ["Terminal"]}},
    ),
]


@pytest.mark.parametrize("touchpoints, expected", LANE_CASES)
def test_each_touchpoint_goes_to_the_lane_of_its_layer(touchpoints, expected) -> None:
    assert lanes_of(restaurant(*touchpoints)) == expected


def test_touchpoints_without_a_layer_are_counted_as_placed_frontstage() -> None:
    m = restaurant(
        Touchpoint(BOOK, WEB, "A"),
        Touchpoint(EAT, ROOM, "B", layer="backstage"),
        Touchpoint(PAY, ROOM, "C"),
        Touchpoint(PAY, ROOM, "D", change="remove"),
    )
    assert blueprint(m).unlayered == 2


def test_the_customer_actions_are_the_emotions_does_once_per_persona_in_order() -> None:
    m = restaurant(
        emotions=(
            Emotion("Famille pressée", BOOK, 3, does="Appelle le restaurant"),
            Emotion("Touriste", BOOK, 4, does="Réserve depuis l'hôtel"),
            Emotion("Famille pressée", BOOK, 2, does="appelle le restaurant"),  # the same
            Emotion("Touriste", EAT, 5),  # says nothing of what they do
        )
    )
    stages = {s.name: [(a.persona, a.does) for a in s.actions] for s in blueprint(m).stages}
    assert stages == {
        BOOK: [
            ("Famille pressée", "Appelle le restaurant"),
            ("Touriste", "Réserve depuis l'hôtel"),
        ],
        EAT: [],
        PAY: [],
    }


# the sidebar's filters: stages narrow the columns, channels the touchpoints, personas the actions
@pytest.mark.parametrize(
    "filters, stages, names, personas",
    [
        (Filters(), [BOOK, EAT, PAY], {"Module", "Assiettes"}, {"Famille pressée", "Touriste"}),
        (Filters(stages=(EAT,)), [EAT], {"Assiettes"}, {"Touriste"}),
        (Filters(channels=(WEB,)), [BOOK, EAT, PAY], {"Module"}, {"Famille pressée", "Touriste"}),
        (Filters(personas=("Touriste",)), [BOOK, EAT, PAY], {"Module", "Assiettes"}, {"Touriste"}),
    ],
)
def test_the_sidebar_filters_narrow_the_blueprint(filters, stages, names, personas) -> None:
    m = restaurant(
        Touchpoint(BOOK, WEB, "Module"),
        Touchpoint(EAT, ROOM, "Assiettes"),
        emotions=(
            Emotion("Famille pressée", BOOK, 3, does="Réserve"),
            Emotion("Touriste", EAT, 4, does="Photographie"),
        ),
    )
    plan = blueprint(m, filters)
    assert [s.name for s in plan.stages] == stages
    assert {t.name for s in plan.stages for row in s.lanes.values() for t in row} == names
    assert {a.persona for s in plan.stages for a in s.actions} == personas


# --- the blueprint's grid -------------------------------------------------------------------------

HOSTILE = '<script>alert("x")</script> & <b>'


def test_the_blueprint_grid_escapes_every_text_of_the_map() -> None:
    m = JourneyMap(
        Journey("J"),
        personas=(Persona(HOSTILE),),
        stages=(Stage(HOSTILE),),
        channels=(Channel(HOSTILE),),
        touchpoints=(Touchpoint(HOSTILE, HOSTILE, HOSTILE, layer="backstage"),),
        emotions=(Emotion(HOSTILE, HOSTILE, 0, does=HOSTILE),),
    )
    html = blueprint_grid(blueprint(m), lang="fr")
    assert HOSTILE not in html and "<script>" not in html
    shown = ">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;<"
    assert html.count(shown) == 5  # stage, persona, action, touchpoint, channel: as text


def test_the_blueprint_grid_marks_irritants_and_moments_of_truth_and_draws_the_line() -> None:
    m = restaurant(
        Touchpoint(
            PAY, ROOM, "Attente de l'addition", qualification="irritant", moment_of_truth=True
        ),
        Touchpoint(BOOK, WEB, "Module"),
    )
    html = blueprint_grid(blueprint(m), lang="en")
    assert html.count('data-qualification="irritant"') == 1
    assert html.count('data-moment="true"') == 1 and "★" in html
    lanes = [html.index(f'data-lane="{lane}"') for lane in ("actions", "frontstage")]
    line = html.index('class="cxb-visibility"')
    backstage = html.index('data-lane="backstage"')
    assert lanes[0] < lanes[1] < line < backstage  # the line between front and back
    assert "Line of visibility" in html


# --- the collection plan's grid and workbook ----------------------------------------------------


def collecting() -> JourneyMap:
    return restaurant(
        Touchpoint(
            BOOK,
            WEB,
            "Module de réservation en ligne",
            data_collected=("nom, prénom", "téléphone"),
            collection_mechanism="=formulaire",  # formula-like text stays text in the file
        ),
        Touchpoint(PAY, ROOM, HOSTILE, data_collection=True),
        Touchpoint(EAT, ROOM, "Assiettes"),
    )


def test_the_collection_grid_flags_the_stages_without_collection_and_escapes_names() -> None:
    m = collecting()
    html = collection_grid(collection_plan(m), [s.name for s in m.stages], lang="fr")
    assert 'class="cxm-stage cxc-without" data-stage="Je mange"' in html
    assert html.count('<td class="cxc-without"') == 2  # its cell on each collecting channel
    assert "aucun point de collecte" in html
    assert "Données : nom, prénom, téléphone" in html and "Mécanique : =formulaire" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_collection_workbook_holds_the_table_rows_and_the_stages_without(lang: str) -> None:
    plan = collection_plan(collecting())
    headers, rows = collection_rows(plan, lang)
    ws = openpyxl.load_workbook(io.BytesIO(collection_xlsx(plan, "Brasserie", lang=lang))).active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0] == "Brasserie"
    assert list(values[2]) == headers
    assert [[v or "" for v in row] for row in values[3:5]] == rows
    assert rows[0][3] == "nom, prénom; téléphone"
    assert ws.cell(4, 5).data_type == "s" and ws.cell(4, 5).value == "=formulaire"
    assert "Je mange" in values[-1][0]


# --- a diff's change table ------------------------------------------------------------------------


def test_the_change_table_writes_each_change_from_before_to_after() -> None:
    before = restaurant(
        Touchpoint(BOOK, WEB, "Formulaire long", qualification="irritant"),
        Touchpoint(PAY, ROOM, "Attente"),
        Touchpoint(EAT, ROOM, "Assiettes"),
    )
    after = restaurant(
        Touchpoint(BOOK, ROOM, "Formulaire long"),
        Touchpoint(EAT, ROOM, "Assiettes"),
        Touchpoint(PAY, WEB, "Paiement par QR code"),
    )
    table = change_table(diff_maps(before, after, declared=False), "fr")
    assert list(table.columns) == [
        "Évolution",
        "Étape",
        "Avant",
        "Après",
        "Canal",
        "Qualification",
    ]
    assert table.values.tolist() == [
        [
            "Transformé",
            BOOK,
            "Formulaire long",
            "Formulaire long",
            f"{WEB} → {ROOM}",
            "Irritant → Neutre",
        ],
        ["Conservé", EAT, "Assiettes", "Assiettes", ROOM, "Neutre"],
        ["Ajouté", PAY, "", "Paiement par QR code", WEB, "Neutre"],
        ["Supprimé", PAY, "Attente", "", ROOM, "Neutre"],
    ]
    only = change_table(diff_maps(before, after, declared=False), "en", changes=("removed",))
    assert only.values.tolist() == [["Removed", PAY, "Attente", "", ROOM, "Neutral"]]
