"""The Measured journey page's frames and filters (cxmap/view/measured.py), without Streamlit."""

from __future__ import annotations

import datetime as dt

from cxmap.compute.journey_log import LogSummary, Paths, StageFunnel, TouchpointSeen, Variant
from cxmap.view import measured

FUNNEL = [
    StageFunnel("Look", 10, 10, None, None),
    StageFunnel("Buy", 6, 4, 40.0, 2.5, dropped=6),
]


def test_a_period_of_whole_days_includes_its_last_day() -> None:
    f = measured.period_filters((dt.date(2026, 1, 5), dt.date(2026, 1, 6)), ["Web"], ["Ann"])
    assert (f.channels, f.personas) == (("Web",), ("Ann",))
    assert f.start == dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
    assert f.end == dt.datetime(2026, 1, 7, tzinfo=dt.UTC)  # exclusive: the 6th is in
    half = measured.period_filters((dt.date(2026, 1, 5),), [], [])  # the end not chosen yet
    assert (half.start, half.end) == (dt.datetime(2026, 1, 5, tzinfo=dt.UTC), None)
    assert measured.period_filters((), [], []).start is None


def test_the_share_through_every_stage() -> None:
    assert measured.through_share(FUNNEL) == 0.4
    assert measured.through_share([]) == 0.0
    assert measured.through_share([StageFunnel("Look", 0, 0, None, None)]) == 0.0


def test_the_frames_hold_what_the_tables_show_in_their_headers_order() -> None:
    frame = measured.funnel_frame(FUNNEL)
    assert list(frame.columns) == list(measured.FUNNEL_HEADERS)
    assert frame.loc[1, ["funnel", "dropped", "conversion"]].tolist() == [4, 6, 40.0]
    paths = Paths((Variant(("Look", "Buy"), 4), Variant(("Look",), 6)), 2, ())
    assert measured.variants_frame(paths).values.tolist() == [["Look → Buy", 4], ["Look", 6]]
    summary = LogSummary(
        12, 10, None, None, (TouchpointSeen("Home", "Look", 10, 12),), (), (), 0, 0, (), ()
    )
    assert measured.touchpoints_frame(summary).values.tolist() == [["Home", "Look", 10, 12]]
