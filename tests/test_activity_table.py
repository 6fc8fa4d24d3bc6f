"""The activities of an event log as the Measured journey page shows them, and what an edit of
that table asks the store for (cxmap.view.activities): plain Python, no Streamlit."""

from __future__ import annotations

from cxmap.view.activities import activity_frame, changed_mapping, moved_message, unmapped

ROWS = [  # as storage.events.activities gives them: the commonest first
    ("Home page", 120, "Home page", None),  # matched by name
    ("Cookie banner", 80, None, None),  # on no touchpoint
    ("Newsletter click", 40, "Checkout", "Checkout"),  # mapped by hand
    ("=HYPERLINK(1)", 3, None, None),
]


def test_the_activities_on_no_touchpoint_come_first_flagged_then_the_others():
    frame = activity_frame(ROWS, "en")
    assert list(frame["activity"]) == [
        "Cookie banner",
        "=HYPERLINK(1)",
        "Home page",
        "Newsletter click",
    ]
    assert list(frame["touchpoint"]) == ["—", "—", "Home page", "Checkout"]
    assert list(frame["match"]) == [
        "⚠ on no touchpoint",
        "⚠ on no touchpoint",
        "by events or name",
        "by hand",
    ]
    assert list(activity_frame(ROWS, "fr")["match"])[-1] == "à la main"
    assert unmapped(ROWS) == (2, 83)


def test_only_the_changed_rows_are_asked_for():
    shown = list(activity_frame(ROWS, "en")["touchpoint"])
    assert changed_mapping(ROWS, shown) == {}  # nothing changed
    chosen = ["Product page", "—", "Home page", "—"]  # mapped; kept; kept; forgotten
    assert changed_mapping(ROWS, chosen) == {
        "Cookie banner": "Product page",
        "Newsletter click": None,
    }
    # "—" (or a cleared cell) on an activity matched by name: nothing to forget, nothing asked
    assert changed_mapping(ROWS, ["—", None, "—", "Checkout"]) == {}


def test_the_confirmation_says_how_many_activities_moved():
    assert moved_message(0, "en", "0") == (
        "Mapping saved: no activity counts for another touchpoint."
    )
    assert moved_message(1, "fr", "1").startswith("Association enregistrée : 1 activité compte")
    assert moved_message(1200, "fr", "1\u202f200").startswith(
        "Association enregistrée : 1\u202f200 activités"
    )
