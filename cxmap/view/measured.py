"""The Measured journey page's tables and figures, without Streamlit: the strict funnel, the
commonest paths and the touchpoints seen, each as the frame a table shows with its headers'
text keys; the share of cases through every stage; the filters of a chosen period."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict

import pandas as pd

from cxmap.compute.journey_log import EventFilters, LogSummary, Paths, StageFunnel

FUNNEL_HEADERS = {
    "stage": "col.stage",
    "reached": "eventlog.reached",
    "funnel": "eventlog.funnel",
    "dropped": "eventlog.dropped",
    "conversion": "eventlog.conversion",
    "median_hours": "eventlog.median_hours",
}
VARIANT_HEADERS = {"path": "eventlog.path", "cases": "eventlog.cases"}
TOUCHPOINT_HEADERS = {
    "touchpoint": "col.touchpoint",
    "stage": "col.stage",
    "cases": "eventlog.cases",
    "events": "eventlog.events",
}


def period_filters(
    period: Sequence[dt.date], channels: Sequence[str], personas: Sequence[str]
) -> EventFilters:
    """The filters of the sidebar's channels and personas and a period of whole days (its
    first and last day included; an empty or half-chosen period: no bound)."""
    start, end = (tuple(period) + (None, None))[:2]
    return EventFilters(
        channels=tuple(channels),
        personas=tuple(personas),
        start=dt.datetime.combine(start, dt.time(), dt.UTC) if start else None,
        end=dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), dt.UTC) if end else None,
    )


def through_share(funnel: Sequence[StageFunnel]) -> float:
    """The share (0–1) of the first stage's funnel cases that went through every stage."""
    return funnel[-1].funnel / funnel[0].funnel if funnel and funnel[0].funnel else 0.0


def funnel_frame(funnel: Sequence[StageFunnel]) -> pd.DataFrame:
    return pd.DataFrame([asdict(row) for row in funnel], columns=list(FUNNEL_HEADERS))


def variants_frame(paths: Paths) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "path": [" → ".join(v.stages) for v in paths.variants],
            "cases": [v.cases for v in paths.variants],
        }
    )


def touchpoints_frame(summary: LogSummary) -> pd.DataFrame:
    return pd.DataFrame(
        [asdict(tp) for tp in summary.touchpoints], columns=list(TOUCHPOINT_HEADERS)
    )
