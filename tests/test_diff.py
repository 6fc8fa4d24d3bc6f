"""The current → target diff: every matching rule of the contract (docs/workbook-format.md,
*Target journeys*), the tallies of irritants and absences, stages, channels, emotions and the
headline, on maps built in Python."""

from __future__ import annotations

import typing

import pytest

from cxmap.compute.diff import (
    CHANGE_KINDS,
    Absences,
    ChangeKind,
    Irritants,
    diff_json,
    diff_maps,
    headline,
    stage_deltas,
)
from cxmap.domain.model import (
    CHANGES,
    Change,
    Channel,
    Emotion,
    Journey,
    JourneyMap,
    Persona,
    Scale,
    Stage,
    Touchpoint,
)
from cxmap.domain.vocabulary import VOCABULARIES
from cxmap.view.changes import headline_text, signed
from cxmap.view.i18n import TEXTS
from tests.workbooks import journey_map

WEB, SHOP, PHONE = "Web", "Shop", "Phone"
BOOK, PAY, STAY = "Je réserve", "Je paie", "Je séjourne"


def tp(stage: str, channel: str, name: str, qualification: str = "neutral", **more) -> Touchpoint:
    return Touchpoint(stage, channel, name, qualification=qualification, **more)


def build(name: str, touchpoints, *, state: str = "current", stages=None, channels=None, **parts):
    """A map whose stages and channels are those its touchpoints use (in order of appearance)
    unless given."""
    stages = stages or list(dict.fromkeys(t.stage for t in touchpoints))
    channels = channels or list(dict.fromkeys(t.channel for t in touchpoints))
    return journey_map(
        journey=Journey(name, state=state, scale=parts.pop("scale", Scale(-2, 2))),
        stages=[Stage(s) for s in stages],
        channels=[Channel(c) for c in channels],
        touchpoints=touchpoints,
        **parts,
    )


def summary(current_rows, target_rows, **options) -> list[tuple[str, str | None, str | None]]:
    """(change, current name, target name) for every touchpoint of the diff, sorted."""
    diff = diff_maps(
        build("Now", current_rows), build("Later", target_rows, state="target"), **options
    )
    return sorted(
        (
            item.change,
            item.current.name if item.current else None,
            item.target.name if item.target else None,
        )
        for item in diff.touchpoints
    )


# one case per rule: (current touchpoints, target touchpoints, expected changes)
MATCHING = {
    # --- inferred: same name at the same stage
    "same name same stage, nothing changed: kept": (
        [tp(BOOK, WEB, "Booking form")],
        [tp(BOOK, WEB, "Booking form")],
        [("kept", "Booking form", "Booking form")],
    ),
    "same name same stage, qualification changed: transformed": (
        [tp(BOOK, WEB, "Booking form", "irritant")],
        [tp(BOOK, WEB, "Booking form", "neutral")],
        [("transformed", "Booking form", "Booking form")],
    ),
    "same name same stage, channel changed: transformed": (
        [tp(BOOK, SHOP, "Booking form")],
        [tp(BOOK, WEB, "Booking form")],
        [("transformed", "Booking form", "Booking form")],
    ),
    "only description changed: kept (qualification, channel and stage decide)": (
        [tp(BOOK, WEB, "Booking form", description="old")],
        [tp(BOOK, WEB, "Booking form", description="new")],
        [("kept", "Booking form", "Booking form")],
    ),
    # --- inferred: same name at another stage
    "same name at another stage: matched anywhere, and transformed": (
        [tp(BOOK, WEB, "Reminder")],
        [tp(PAY, WEB, "Reminder")],
        [("transformed", "Reminder", "Reminder")],
    ),
    "the same stage wins over another stage": (
        [tp(BOOK, WEB, "Chat"), tp(PAY, WEB, "Chat")],
        [tp(PAY, WEB, "Chat")],
        [("kept", "Chat", "Chat"), ("removed", "Chat", None)],
    ),
    "a later row's same-stage match is not taken by an earlier row matching anywhere": (
        [tp(BOOK, WEB, "Chat"), tp(PAY, WEB, "Chat")],
        [tp(STAY, WEB, "Chat"), tp(BOOK, WEB, "Chat"), tp(PAY, WEB, "Chat")],
        [("added", None, "Chat"), ("kept", "Chat", "Chat"), ("kept", "Chat", "Chat")],
    ),
    # --- inferred: replaces
    "replaces names the counterpart under another name": (
        [tp(BOOK, SHOP, "Paper form", "irritant")],
        [tp(BOOK, WEB, "Online form", "delight", replaces="Paper form")],
        [("transformed", "Paper form", "Online form")],
    ),
    "replaces wins over the same name": (
        [tp(BOOK, WEB, "Form", "irritant")],
        [tp(BOOK, WEB, "Form", "irritant"), tp(BOOK, WEB, "E-form", "neutral", replaces="Form")],
        [("added", None, "Form"), ("transformed", "Form", "E-form")],
    ),
    "replaces finds its touchpoint at another stage": (
        [tp(PAY, WEB, "Cheque", "irritant")],
        [tp(BOOK, WEB, "Card payment", replaces="Cheque")],
        [("transformed", "Cheque", "Card payment")],
    ),
    "replaces prefers the touchpoint of its name at the row's stage": (
        [tp(BOOK, WEB, "Form"), tp(PAY, WEB, "Form")],
        [tp(PAY, WEB, "E-form", replaces="Form")],
        [("kept", "Form", "E-form"), ("removed", "Form", None)],
    ),
    "replaces naming nothing falls back on the row's own name": (
        [tp(BOOK, WEB, "Form")],
        [tp(BOOK, WEB, "Form", replaces="No such thing")],
        [("kept", "Form", "Form")],
    ),
    # --- no counterpart
    "a current touchpoint with no counterpart is removed": (
        [tp(BOOK, WEB, "Fax"), tp(BOOK, WEB, "Form")],
        [tp(BOOK, WEB, "Form")],
        [("kept", "Form", "Form"), ("removed", "Fax", None)],
    ),
    "a target touchpoint with no counterpart is added": (
        [tp(BOOK, WEB, "Form")],
        [tp(BOOK, WEB, "Form"), tp(BOOK, PHONE, "Call back")],
        [("added", None, "Call back"), ("kept", "Form", "Form")],
    ),
    # --- absences
    "an absence whose counterpart is present is added (filled)": (
        [tp(BOOK, PHONE, "Call back", "missing")],
        [tp(BOOK, PHONE, "Call back", "neutral")],
        [("added", "Call back", "Call back")],
    ),
    "an absence still missing in the target is kept": (
        [tp(BOOK, PHONE, "Call back", "missing")],
        [tp(BOOK, PHONE, "Call back", "missing")],
        [("kept", "Call back", "Call back")],
    ),
    "an absence the target does not mention is kept (still missing), not removed": (
        [tp(BOOK, PHONE, "Call back", "missing")],
        [],
        [("kept", "Call back", None)],
    ),
    # --- accents and case
    "names match whatever their case and accents": (
        [tp(BOOK, WEB, "Réservation en ligne")],
        [tp("je reserve", WEB, "RESERVATION EN LIGNE")],
        [("kept", "Réservation en ligne", "RESERVATION EN LIGNE")],
    ),
    "replaces matches whatever its case and accents": (
        [tp(BOOK, SHOP, "Fiche papier")],
        [tp(BOOK, WEB, "Formulaire", replaces="FICHE  Papier")],
        [("transformed", "Fiche papier", "Formulaire")],
    ),
    # --- declared changes come first
    "a remove row removes the touchpoint of its own name and is not a target touchpoint": (
        [tp(BOOK, WEB, "Fax", "irritant"), tp(BOOK, WEB, "Form")],
        [tp(BOOK, WEB, "Fax", change="remove"), tp(BOOK, WEB, "Form")],
        [("kept", "Form", "Form"), ("removed", "Fax", None)],
    ),
    "a remove row removes the touchpoint it names by replaces": (
        [tp(BOOK, WEB, "Fax")],
        [tp(BOOK, WEB, "Stop faxes", change="remove", replaces="fax")],
        [("removed", "Fax", None)],
    ),
    "a remove row's touchpoint cannot also be a counterpart": (
        [tp(BOOK, WEB, "Fax")],
        [tp(BOOK, WEB, "Fax", change="remove"), tp(PAY, WEB, "Fax")],
        [("added", None, "Fax"), ("removed", "Fax", None)],
    ),
    "declared amplify: amplified (never inferred)": (
        [tp(STAY, SHOP, "Welcome drink", "delight")],
        [tp(STAY, SHOP, "Welcome drink", "delight", change="amplify")],
        [("amplified", "Welcome drink", "Welcome drink")],
    ),
    "declared keep wins over an inferred transformation": (
        [tp(BOOK, WEB, "Form", "irritant")],
        [tp(BOOK, WEB, "Form", "neutral", change="keep")],
        [("kept", "Form", "Form")],
    ),
    "declared transform on a row that looks unchanged": (
        [tp(BOOK, WEB, "Form")],
        [tp(BOOK, WEB, "Form", change="transform")],
        [("transformed", "Form", "Form")],
    ),
    "declared add fills an absence": (
        [tp(BOOK, PHONE, "Call back", "missing")],
        [tp(BOOK, PHONE, "Call back", "neutral", change="add")],
        [("added", "Call back", "Call back")],
    ),
    "declared add with no counterpart": (
        [],
        [tp(BOOK, PHONE, "Chatbot", change="add")],
        [("added", None, "Chatbot")],
    ),
    # --- amplify is only declared
    "a delight staying a delight is kept, not amplified": (
        [tp(STAY, SHOP, "Welcome drink", "delight")],
        [tp(STAY, SHOP, "Welcome drink", "delight")],
        [("kept", "Welcome drink", "Welcome drink")],
    ),
    "a neutral becoming a delight is transformed, not amplified": (
        [tp(STAY, SHOP, "Welcome drink", "neutral")],
        [tp(STAY, SHOP, "Welcome drink", "delight")],
        [("transformed", "Welcome drink", "Welcome drink")],
    ),
}


@pytest.mark.parametrize(("current", "target", "expected"), MATCHING.values(), ids=MATCHING)
def test_matching_rule(current, target, expected):
    assert summary(current, target) == sorted(expected)


def test_every_touchpoint_of_both_maps_appears_exactly_once():
    for current, target, _expected in MATCHING.values():
        diff = diff_maps(build("Now", current), build("Later", target, state="target"))
        olds = [id(item.current) for item in diff.touchpoints if item.current is not None]
        news = [id(item.target) for item in diff.touchpoints if item.target is not None]
        assert sorted(olds) == sorted(id(t) for t in current)
        assert sorted(news) == sorted(id(t) for t in target if t.change != "remove")


def test_declarations_are_ignored_when_asked_the_inference_alone_decides():
    current = [tp(BOOK, WEB, "Form", "irritant"), tp(BOOK, WEB, "Fax")]
    target = [
        tp(BOOK, WEB, "Form", "neutral", change="keep"),
        tp(BOOK, WEB, "Fax", change="remove"),
    ]
    # a remove row is still not a touchpoint of its map: the fax has no counterpart
    assert summary(current, target, declared=False) == [
        ("removed", "Fax", None),
        ("transformed", "Form", "Form"),
    ]


def test_declared_changes_are_flagged_declared_and_inferred_ones_not():
    diff = diff_maps(
        build("Now", [tp(BOOK, WEB, "Fax"), tp(BOOK, WEB, "Form")]),
        build(
            "Later",
            [tp(BOOK, WEB, "Fax", change="remove"), tp(BOOK, WEB, "Form", "irritant")],
            state="target",
        ),
    )
    assert {(i.name, i.change, i.declared) for i in diff.touchpoints} == {
        ("Fax", "removed", True),
        ("Form", "transformed", False),
    }


def test_a_remove_row_removes_the_touchpoint_of_its_name_at_its_own_stage_first():
    diff = diff_maps(
        build("Now", [tp(BOOK, WEB, "Chat"), tp(PAY, WEB, "Chat")]),
        build("Later", [tp(PAY, WEB, "Chat", change="remove")], state="target"),
    )
    assert {(i.stage, i.change, i.declared) for i in diff.touchpoints} == {
        (BOOK, "removed", False),  # no counterpart
        (PAY, "removed", True),  # the remove row's
    }


def test_a_remove_row_naming_nothing_is_reported_not_counted():
    diff = diff_maps(
        build("Now", [tp(BOOK, WEB, "Form")]),
        build(
            "Later",
            [tp(BOOK, WEB, "Form"), tp(BOOK, WEB, "Telex", change="remove")],
            state="target",
        ),
    )
    assert [t.name for t in diff.unmatched_removals] == ["Telex"]
    assert diff.counts == {"removed": 0, "added": 0, "transformed": 0, "amplified": 0, "kept": 1}


def test_remove_rows_of_the_current_side_are_not_its_touchpoints():
    # comparing two versions of a target: the older one's remove row is not a touchpoint
    older = build("v1", [tp(BOOK, WEB, "Fax", change="remove"), tp(BOOK, WEB, "Form")])
    newer = build("v2", [tp(BOOK, WEB, "Form")], state="target")
    diff = diff_maps(older, newer, declared=False)
    assert [(i.change, i.name) for i in diff.touchpoints] == [("kept", "Form")]


# --- irritants and absences -------------------------------------------------------------------

TALLIES = {
    "removed irritant resolved, requalified one resolved, one still irritant left": (
        [
            tp(BOOK, WEB, "Fax", "irritant"),
            tp(BOOK, WEB, "Form", "irritant"),
            tp(PAY, WEB, "Queue", "irritant"),
            tp(PAY, WEB, "Till", "neutral"),
        ],
        [tp(BOOK, WEB, "Form", "delight"), tp(PAY, WEB, "Queue", "irritant")],
        Irritants(current=3, resolved=2),
        Absences(current=0, filled=0),
    ),
    "declared removal resolves; keep of an irritant leaves it": (
        [tp(BOOK, WEB, "Fax", "irritant"), tp(BOOK, WEB, "Form", "irritant")],
        [tp(BOOK, WEB, "Fax", change="remove"), tp(BOOK, WEB, "Form", "irritant", change="keep")],
        Irritants(current=2, resolved=1),
        Absences(current=0, filled=0),
    ),
    "an irritant moved elsewhere but still an irritant is left": (
        [tp(BOOK, WEB, "Form", "irritant")],
        [tp(PAY, SHOP, "Form", "irritant")],
        Irritants(current=1, resolved=0),
        Absences(current=0, filled=0),
    ),
    "absences: one filled, one still missing, one not mentioned": (
        [
            tp(BOOK, PHONE, "Call back", "missing"),
            tp(BOOK, WEB, "Live chat", "missing"),
            tp(PAY, WEB, "Split bill", "missing"),
        ],
        [tp(BOOK, PHONE, "Call back", "delight"), tp(BOOK, WEB, "Live chat", "missing")],
        Irritants(current=0, resolved=0),
        Absences(current=3, filled=1),
    ),
    "an absence filled under another name through replaces": (
        [tp(BOOK, PHONE, "Call back", "missing")],
        [tp(BOOK, PHONE, "Callback service", replaces="call back")],
        Irritants(current=0, resolved=0),
        Absences(current=1, filled=1),
    ),
    "an absence removed by declaration is not filled": (
        [tp(BOOK, PHONE, "Call back", "missing")],
        [tp(BOOK, PHONE, "Call back", change="remove")],
        Irritants(current=0, resolved=0),
        Absences(current=1, filled=0),
    ),
}


@pytest.mark.parametrize(
    ("current", "target", "irritants", "absences"), TALLIES.values(), ids=TALLIES
)
def test_irritants_resolved_and_absences_filled(current, target, irritants, absences):
    diff = diff_maps(build("Now", current), build("Later", target, state="target"))
    assert (diff.irritants, diff.absences) == (irritants, absences)
    assert diff.irritants.left == irritants.current - irritants.resolved
    assert diff.absences.left == absences.current - absences.filled


def test_counts_cover_every_change_even_at_zero():
    diff = diff_maps(
        build("Now", [tp(BOOK, WEB, "Fax"), tp(BOOK, WEB, "Form")]),
        build("Later", [tp(BOOK, WEB, "Form"), tp(BOOK, WEB, "App")], state="target"),
    )
    assert diff.counts == {"removed": 1, "added": 1, "transformed": 0, "amplified": 0, "kept": 1}
    assert [item.name for item in diff.of("added")] == ["App"]


def test_changes_are_listed_in_stage_order_removed_stages_where_they_were():
    current = build(
        "Now",
        [tp(BOOK, WEB, "Form"), tp(PAY, SHOP, "Till"), tp(STAY, SHOP, "Key")],
    )
    target = build(
        "Later",
        [tp(STAY, SHOP, "Key"), tp(BOOK, WEB, "Form")],
        state="target",
        stages=[BOOK, STAY],
    )
    diff = diff_maps(current, target)
    assert [(i.stage, i.name, i.change) for i in diff.touchpoints] == [
        (BOOK, "Form", "kept"),
        (PAY, "Till", "removed"),
        (STAY, "Key", "kept"),
    ]


# --- stages, channels, emotions ------------------------------------------------------------------


def test_stages_and_channels_added_and_removed_whatever_their_case_and_accents():
    current = build("Now", [tp(BOOK, WEB, "Form"), tp(PAY, SHOP, "Till")])
    target = build(
        "Later",
        [tp("JE RESERVE", WEB, "Form"), tp("Je recommande", "App", "Referral")],
        state="target",
    )
    diff = diff_maps(current, target)
    assert (diff.stages.added, diff.stages.removed) == (("Je recommande",), (PAY,))
    assert (diff.channels.added, diff.channels.removed) == (("App",), (SHOP,))


def emotions_map(name: str, scores: dict[tuple[str, str], list[float]], **kw) -> JourneyMap:
    return build(
        name,
        [tp(BOOK, WEB, "Form"), tp(PAY, WEB, "Till")],
        personas=[Persona("Ana"), Persona("Ben")],
        emotions=[Emotion(p, s, score) for (p, s), values in scores.items() for score in values],
        **kw,
    )


def test_emotions_per_persona_and_stage_with_their_delta():
    current = emotions_map("Now", {("Ana", BOOK): [-2, -1], ("Ana", PAY): [0], ("Ben", BOOK): [1]})
    target = emotions_map(
        "Later", {("Ana", BOOK): [1], ("Ana", PAY): [0.5], ("Ben", PAY): [2]}, state="target"
    )
    rows = [
        (e.persona, e.stage, e.current, e.target, e.delta)
        for e in diff_maps(current, target).emotions
    ]
    assert rows == [
        ("Ana", BOOK, -1.5, 1.0, 2.5),  # the mean of the persona's scores at the stage
        ("Ana", PAY, 0.0, 0.5, 0.5),
        ("Ben", BOOK, 1.0, None, None),  # no target emotion: no delta
        ("Ben", PAY, None, 2.0, None),
    ]


def test_target_emotions_on_another_scale_are_compared_on_the_current_scale():
    current = emotions_map("Now", {("Ana", BOOK): [-1]})
    target = emotions_map("Later", {("Ana", BOOK): [4]}, state="target", scale=Scale(1, 5))
    (row,) = diff_maps(current, target).emotions
    assert (row.current, row.target, row.delta) == (-1.0, 1.0, 2.0)  # 4 on 1..5 is 1 on -2..2


# --- the headline -----------------------------------------------------------------------------


def headline_pair():
    current = build(
        "Now",
        [
            tp(BOOK, WEB, "Fax", "irritant"),
            tp(BOOK, WEB, "Form", "irritant"),
            tp(PAY, WEB, "Queue", "irritant"),
            tp(PAY, SHOP, "Tip", "irritant"),
            tp(BOOK, PHONE, "Call back", "missing"),
            tp(PAY, WEB, "Split bill", "missing"),
        ],
        personas=[Persona("Ana"), Persona("Ben")],
        emotions=[Emotion("Ana", BOOK, -1), Emotion("Ben", BOOK, -2), Emotion("Ana", PAY, 0)],
    )
    target = build(
        "Later",
        [
            tp(BOOK, WEB, "Form", "neutral"),
            tp(PAY, WEB, "Queue", "neutral"),
            tp(PAY, SHOP, "Tip", "irritant"),
            tp(BOOK, PHONE, "Call back", "delight"),
        ],
        state="target",
        personas=[Persona("Ana"), Persona("Ben")],
        emotions=[Emotion("Ana", BOOK, 0.5), Emotion("Ben", BOOK, -0.5), Emotion("Ana", PAY, -0.5)],
    )
    return diff_maps(current, target)


def test_headline_counts_and_the_stage_where_emotion_moves_most():
    diff = headline_pair()
    top = headline(diff)
    assert (top.irritants.resolved, top.irritants.current) == (3, 4)
    assert (top.absences.filled, top.absences.current) == (1, 2)
    assert stage_deltas(diff) == {BOOK: 1.5, PAY: -0.5}
    assert (top.stage, top.emotion_delta) == (BOOK, 1.5)


def test_the_stage_gap_weights_personas_by_their_share_as_the_curve_does():
    def weighted(name, scores, **kw):
        return build(
            name,
            [tp(BOOK, WEB, "Form")],
            personas=[Persona("Ana", share=75), Persona("Ben", share=25)],
            emotions=[Emotion(p, BOOK, score) for p, score in scores.items()],
            **kw,
        )

    diff = diff_maps(
        weighted("Now", {"Ana": -2, "Ben": 2}), weighted("Later", {"Ana": 0, "Ben": 2})
    )
    (row,) = diff.stage_emotions
    assert (row.stage, row.current, row.target, row.delta) == (BOOK, -1.0, 0.5, 1.5)
    assert headline(diff).emotion_delta == 1.5  # not 1.0, the unweighted mean of the deltas


def test_headline_picks_a_fall_when_it_is_the_largest_move():
    current = emotions_map("Now", {("Ana", BOOK): [0], ("Ana", PAY): [1]})
    target = emotions_map("Later", {("Ana", BOOK): [0.5], ("Ana", PAY): [-1]}, state="target")
    top = headline(diff_maps(current, target))
    assert (top.stage, top.emotion_delta) == (PAY, -2.0)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "3 of 4 irritants resolved, 1 of 2 absences filled, emotion +1.5 at “Je réserve”"),
        (
            "fr",
            "3 irritants résolus sur 4, 1 absences comblées sur 2, émotion +1,5 à « Je réserve »",
        ),
    ],
)
def test_headline_text_in_english_and_french(lang, expected):
    assert headline_text(headline(headline_pair()), lang) == expected


def test_headline_text_leaves_out_what_there_is_nothing_to_count():
    same = build("Now", [tp(BOOK, WEB, "Form")])
    target = build("Later", [tp(BOOK, WEB, "Form")], state="target")
    assert headline_text(headline(diff_maps(same, target)), "en") == TEXTS["diff.nothing"][0]


@pytest.mark.parametrize(
    ("value", "lang", "expected"),
    [(1.5, "en", "+1.5"), (1.5, "fr", "+1,5"), (-0.25, "en", "-0.2"), (-0.04, "en", "0.0")],
)
def test_signed_delta(value, lang, expected):
    assert signed(value, lang) == expected


# --- words ------------------------------------------------------------------------------------


def test_every_change_kind_has_its_words_in_both_languages():
    assert all(f"change.{kind}" in TEXTS for kind in CHANGE_KINDS)


def test_the_changes_tuple_lists_exactly_the_change_literal():
    assert CHANGES == typing.get_args(Change)
    assert CHANGE_KINDS == typing.get_args(ChangeKind)


def test_the_change_vocabulary_is_the_model_s_changes_with_their_french_words():
    assert tuple(VOCABULARIES["change"]) == CHANGES
    french = {c: words[1][0] for c, words in VOCABULARIES["change"].items()}
    assert french == {
        "remove": "supprimer",
        "add": "ajouter",
        "transform": "transformer",
        "amplify": "sublimer",
        "keep": "conserver",
    }


# --- the JSON -------------------------------------------------------------------------------


def test_diff_json_has_exactly_the_documented_keys():
    data = diff_json(headline_pair())
    assert set(data) == {
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
    assert set(data["counts"]) == set(CHANGE_KINDS)
    assert data["irritants"] == {"current": 4, "resolved": 3, "left": 1}
    assert data["missing"] == {"current": 2, "filled": 1, "left": 1}
    for item in data["touchpoints"]:
        assert set(item) == {"change", "current", "target"}
        for side in ("current", "target"):
            assert item[side] is None or set(item[side]) == {
                "touchpoint",
                "stage",
                "channel",
                "qualification",
            }
    assert all(
        set(e) == {"persona", "stage", "current", "target", "delta"} for e in data["emotions"]
    )
