"""NPS, CSAT and CES with their 95 % intervals, against values worked out by hand, and
``measured()`` summing hand-made finest-grain tallies into every grouping.

The expected numbers below are computed by hand (z = 1.96, written out in the comments), not by
calling the code under test; they are compared to 4 decimals, the precision ``measured`` rounds
to.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from cxmap.compute import analysis
from cxmap.compute.measures import (
    GROUPINGS,
    TOUCHPOINT_GROUPINGS,
    Measured,
    Tally,
    ces,
    csat,
    measured,
    nps,
)
from cxmap.domain.metrics import (
    CSAT_SATISFIED,
    METRICS,
    NPS_DETRACTORS,
    NPS_PROMOTERS,
    SCALES,
    AnswerTally,
)
from cxmap.domain.model import Channel, Journey, JourneyMap, Scale, Stage, Touchpoint
from cxmap.files.responses import AnswerOptions, read_answers
from cxmap.storage.store import Store

FORMULAS = {"nps": nps, "csat": csat, "ces": ces}
DIMENSIONS = ("stage", "touchpoint", "channel", "persona", "period")
ROW_KEYS = {
    "kpi",
    "stage",
    "touchpoint",
    "channel",
    "persona",
    "period",
    "value",
    "n",
    "low",
    "high",
}


def counts(scores: list[float]) -> dict[str, Any]:
    """What the database counts for a group of answers: n, promoters (9–10), detractors (0–6),
    satisfied (4–5), sum and sum of squares."""
    return {
        "n": len(scores),
        "promoters": sum(s >= 9 for s in scores),
        "detractors": sum(s <= 6 for s in scores),
        "satisfied": sum(s >= 4 for s in scores),
        "total": float(sum(scores)),
        "squares": float(sum(s * s for s in scores)),
    }


def tally_of(scores: list[float]) -> Tally:
    return Tally(**counts(scores))


# --- the formulas -----------------------------------------------------------------------------

FORMULA_CASES = [
    # NPS = 100 (p − d), p = promoters (9–10) / n, d = detractors (0–6) / n;
    # interval 100 (p − d) ± 100 · 1.96 · √((p + d − (p − d)²) / n), kept within −100..100
    # 5 promoters, 3 passives, 2 detractors: 50 − 20; √((0.7 − 0.09)/10) = 0.24698 → ± 48.4075
    pytest.param("nps", [10, 10, 9, 9, 9, 8, 7, 7, 6, 0], 30.0, -18.4075, 78.4075, id="nps-5-3-2"),
    # 6 is a detractor, 7 and 8 passives, 9 a promoter: 25 − 25; √(0.5/4) = 0.35355 → ± 69.2952
    pytest.param("nps", [6, 7, 8, 9], 0.0, -69.2952, 69.2952, id="nps-boundaries"),
    # all promoters: p + d − (p − d)² = 1 + 0 − 1 = 0, an interval of width 0
    pytest.param("nps", [9, 10, 10, 9], 100.0, 100.0, 100.0, id="nps-all-promoters"),
    pytest.param("nps", [0, 3, 6], -100.0, -100.0, -100.0, id="nps-all-detractors"),
    pytest.param("nps", [7, 8], 0.0, 0.0, 0.0, id="nps-all-passives"),
    pytest.param("nps", [10], 100.0, 100.0, 100.0, id="nps-n1-promoter"),
    pytest.param("nps", [5], -100.0, -100.0, -100.0, id="nps-n1-detractor"),
    pytest.param("nps", [8], 0.0, 0.0, 0.0, id="nps-n1-passive"),
    # 60 − 40 = 20; √((1 − 0.04)/5) = 0.43818 → ± 85.8813: the upper bound stops at 100
    pytest.param("nps", [9, 10, 10, 0, 6], 20.0, -65.8813, 100.0, id="nps-high-clamped"),
    # 25 − 50 = −25; √((0.75 − 0.0625)/4) = 0.41458 → ± 81.2558: the lower bound stops at −100
    pytest.param("nps", [10, 5, 2, 8], -25.0, -100.0, 56.2558, id="nps-low-clamped"),
    # CSAT = 100 · satisfied (4–5) / n, Wilson's interval:
    # (p + z²/2n ± z √(p(1 − p)/n + z²/4n²)) / (1 + z²/n), z² = 3.84146
    # 8/10: (0.8 + 0.19207 ± 1.96 · 0.16001) / 1.38415
    pytest.param("csat", [5, 5, 5, 4, 4, 4, 4, 4, 3, 1], 80.0, 49.0162, 94.3318, id="csat-8-of-10"),
    # 0/5: (0 + 0.38415 ± 1.96 · 0.19600) / 1.76829
    pytest.param("csat", [1, 2, 3, 3, 2], 0.0, 0.0, 43.4482, id="csat-0-of-5"),
    # 5/5: (1 + 0.38415 ± 1.96 · 0.19600) / 1.76829
    pytest.param("csat", [4, 5, 5, 4, 5], 100.0, 56.5518, 100.0, id="csat-5-of-5"),
    # 3 is not satisfied, 4 is: 1/2: (0.5 + 0.96037 ± 1.96 · 0.60423) / 2.92073
    pytest.param("csat", [3, 4], 50.0, 9.4531, 90.5469, id="csat-boundaries"),
    # 1/1: (1 + 1.92073 ± 1.96 · 0.97998) / 4.84146
    pytest.param("csat", [5], 100.0, 20.6549, 100.0, id="csat-n1-satisfied"),
    pytest.param("csat", [3], 0.0, 0.0, 79.3451, id="csat-n1-unsatisfied"),
    # CES = the mean score; interval mean ± 1.96 s/√n (s the sample standard deviation)
    # mean 4, s = 2: ± 1.96 · 2/√3 = 2.2632
    pytest.param("ces", [2, 4, 6], 4.0, 1.7368, 6.2632, id="ces-2-4-6"),
    # s = √(28/6) = 2.16025: ± 1.96 · 2.16025/√7 = 1.6003
    pytest.param("ces", [1, 2, 3, 4, 5, 6, 7], 4.0, 2.3997, 5.6003, id="ces-whole-scale"),
    # decimal scores: s = 1.06066: ± 1.96 · 1.06066/√2 = 1.47
    pytest.param("ces", [2, 3.5], 2.75, 1.28, 4.22, id="ces-decimal"),
    pytest.param("ces", [3, 3], 3.0, 3.0, 3.0, id="ces-no-spread"),
    pytest.param("ces", [5], 5.0, None, None, id="ces-n1-no-interval"),
]


@pytest.mark.parametrize(("metric", "scores", "value", "low", "high"), FORMULA_CASES)
def test_formula_matches_the_hand_computed_value_and_interval(metric, scores, value, low, high):
    got = FORMULAS[metric](tally_of(scores))
    assert got[0] == pytest.approx(value, abs=5e-5)
    if low is None:
        assert got[1:] == (None, None)
    else:
        assert got[1] == pytest.approx(low, abs=5e-5)
        assert got[2] == pytest.approx(high, abs=5e-5)


@pytest.mark.parametrize(
    ("metric", "scores"),
    [
        ("nps", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        ("csat", [1, 2, 3, 4, 5, 5]),
        ("ces", [1, 7, 7, 7]),
        ("nps", [10]),
        ("csat", [1]),
    ],
)
def test_interval_contains_the_value(metric, scores):
    value, low, high = FORMULAS[metric](tally_of(scores))
    assert low <= value <= high


def test_tallies_add_up_to_the_tally_of_all_their_answers():
    assert tally_of([10, 3, 7]) + tally_of([9, 4.5]) == tally_of([10, 3, 7, 9, 4.5])


# --- measured(): every grouping from the finest-grain tallies -----------------------------------


def tally_row(
    metric: str,
    stage: str | None,
    touchpoint: str | None,
    channel: str | None,
    persona: str | None,
    period: str | None,
    scores: list[float],
) -> dict[str, Any]:
    """One row as Store.answer_tallies returns it."""
    return {
        "metric": metric,
        "stage": stage,
        "touchpoint": touchpoint,
        "channel": channel,
        "persona": persona,
        "period": period,
        **counts(scores),
    }


TALLIES = [
    tally_row("nps", "Buy", "Checkout", "Web", "Hurried", "2026-Q1", [10, 9, 7]),
    tally_row("nps", "Buy", "Checkout", "Web", "Anxious", "2026-Q1", [3, 6]),
    tally_row("nps", "Buy", "Checkout", "Web", "Anxious", "2026-Q2", [10]),
    tally_row("nps", "Buy", "Click and collect", "Store", "Hurried", "2026-Q2", [9, 2]),
    # an answer with no persona and no date: in its touchpoint's, stage's and journey's figures,
    # in no persona's and no period's
    tally_row("nps", "Buy", "Checkout", "Web", None, None, [8]),
    tally_row("csat", "Discover", "Search page", "Web", "Hurried", "2026-Q1", [5, 4, 2]),
    tally_row("ces", "Stay loyal", "Loyalty card", "Store", "Anxious", "2026-Q1", [3]),
]


def find(rows: list[dict[str, Any]], kpi: str, **dims: str) -> dict[str, Any]:
    """The one row of a KPI whose set dimensions are exactly ``dims``."""
    wanted = {d: dims.get(d) for d in DIMENSIONS}
    matches = [r for r in rows if r["kpi"] == kpi and all(r[d] == wanted[d] for d in DIMENSIONS)]
    assert len(matches) == 1, (kpi, dims, matches)
    return matches[0]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return measured(AnswerTally(**t) for t in TALLIES).as_dicts()


def test_every_row_has_exactly_the_documented_keys(rows):
    assert rows
    assert all(set(row) == ROW_KEYS for row in rows)


@pytest.mark.parametrize(
    ("kpi", "dims", "n", "value"),
    [
        # NPS, all 9 answers: 10 9 7 3 6 10 9 2 8 — promoters 4, detractors 3: 100 · 1/9
        ("NPS", {}, 9, 11.1111),
        ("NPS", {"stage": "Buy"}, 9, 11.1111),
        # Checkout: 10 9 7 3 6 10 8 — promoters 3, detractors 2: 100 · 1/7
        ("NPS", {"touchpoint": "Checkout"}, 7, 14.2857),
        ("NPS", {"touchpoint": "Checkout", "persona": "Hurried"}, 3, 66.6667),  # 10 9 7
        ("NPS", {"touchpoint": "Checkout", "persona": "Anxious"}, 3, -33.3333),  # 3 6 10
        ("NPS", {"touchpoint": "Click and collect"}, 2, 0.0),  # 9 2
        ("NPS", {"channel": "Store"}, 2, 0.0),
        ("NPS", {"persona": "Hurried"}, 5, 40.0),  # 10 9 7 9 2
        ("NPS", {"stage": "Buy", "persona": "Anxious"}, 3, -33.3333),
        ("NPS", {"period": "2026-Q1"}, 5, 0.0),  # 10 9 7 3 6
        ("NPS", {"period": "2026-Q2"}, 3, 33.3333),  # 10 9 2
        ("NPS", {"touchpoint": "Checkout", "period": "2026-Q2"}, 1, 100.0),
        # CSAT 5 4 2: 2 of 3 satisfied
        ("CSAT", {}, 3, 66.6667),
        ("CSAT", {"touchpoint": "Search page", "persona": "Hurried"}, 3, 66.6667),
        # CES, one answer
        ("CES", {"stage": "Stay loyal"}, 1, 3.0),
    ],
)
def test_grouping_value_is_computed_from_the_sum_of_its_parts(rows, kpi, dims, n, value):
    row = find(rows, kpi, **dims)
    assert (row["n"], row["value"]) == (n, pytest.approx(value, abs=5e-5))


def test_every_row_is_the_exact_sum_of_the_tallies_it_covers(rows):
    for row in rows:
        parts = [
            t
            for t in TALLIES
            if t["metric"] == row["kpi"].lower()
            and all(t[d] == row[d] for d in DIMENSIONS if row[d] is not None)
        ]
        total = {
            key: sum(p[key] for p in parts)
            for key in ("n", "promoters", "detractors", "satisfied", "total")
        }
        assert row["n"] == total["n"], row
        expected = {
            "NPS": 100 * (total["promoters"] - total["detractors"]) / total["n"],
            "CSAT": 100 * total["satisfied"] / total["n"],
            "CES": total["total"] / total["n"],
        }[row["kpi"]]
        assert row["value"] == pytest.approx(expected, abs=5e-5), row


def test_a_ces_of_one_answer_has_no_interval_in_measured_rows(rows):
    row = find(rows, "CES")
    assert (row["n"], row["low"], row["high"]) == (1, None, None)


def test_journey_touchpoint_persona_and_stage_rows_are_all_present(rows):
    for metric, kpi in (("nps", "NPS"), ("csat", "CSAT"), ("ces", "CES")):
        mine = [t for t in TALLIES if t["metric"] == metric]
        find(rows, kpi)  # the journey row: every dimension null
        for t in mine:
            find(rows, kpi, touchpoint=t["touchpoint"])
            find(rows, kpi, stage=t["stage"])
            if t["persona"] is not None:
                find(rows, kpi, touchpoint=t["touchpoint"], persona=t["persona"])


def test_a_touchpoint_row_leaves_its_stage_and_channel_null(rows):
    row = find(rows, "NPS", touchpoint="Checkout")
    assert (row["stage"], row["channel"], row["persona"], row["period"]) == (None,) * 4


def test_answers_without_a_persona_make_no_persona_group(rows):
    by_persona = [
        r
        for r in rows
        if r["kpi"] == "NPS"
        and r["touchpoint"] == "Checkout"
        and r["persona"] is not None
        and r["period"] is None
    ]
    assert sorted(r["persona"] for r in by_persona) == ["Anxious", "Hurried"]
    # the persona-less answer counts in the touchpoint overall (7), in no persona (3 + 3)
    assert sum(r["n"] for r in by_persona) == 6
    assert find(rows, "NPS", touchpoint="Checkout")["n"] == 7


def test_answers_without_a_date_make_no_period_group(rows):
    periods = Counter(
        r["period"]
        for r in rows
        if r["kpi"] == "NPS"
        and r["period"] is not None
        and all(r[d] is None for d in ("stage", "touchpoint"))
    )
    assert set(periods) == {"2026-Q1", "2026-Q2"}
    assert (
        find(rows, "NPS", period="2026-Q1")["n"] + find(rows, "NPS", period="2026-Q2")["n"] == 8
    )  # of 9: one answer has no date


def test_no_answers_measure_nothing():
    assert measured([]).as_dicts() == []


# --- Measured: lookups by place ----------------------------------------------------------------


@pytest.fixture(scope="module")
def kpis() -> Measured:
    return measured(AnswerTally(**t) for t in TALLIES)


@pytest.mark.parametrize(
    ("lookup", "n", "value"),
    [
        # the journey, all answers of a metric (9 NPS answers, promoters 4, detractors 3)
        (lambda k: k.journey("nps"), 9, 11.1111),
        (lambda k: k.journey("nps", persona="Hurried"), 5, 40.0),  # 10 9 7 9 2
        # a touchpoint is its stage and name: Checkout at Buy, 10 9 7 3 6 10 8
        (lambda k: k.for_touchpoint("nps", "Buy", "Checkout"), 7, 14.2857),
        (lambda k: k.for_touchpoint("nps", "Buy", "Checkout", persona="Anxious"), 3, -33.3333),
        (lambda k: k.for_touchpoint("csat", "Discover", "Search page"), 3, 66.6667),
        # one stage, all its touchpoints
        (lambda k: k.by_stage("nps")["Buy"], 9, 11.1111),
        (lambda k: k.by_stage("nps", persona="Anxious")["Buy"], 3, -33.3333),
        (lambda k: k.by_touchpoint("nps")[("Buy", "Click and collect")], 2, 0.0),
        (lambda k: k.get("nps", touchpoint="Checkout", period="2026-Q2"), 1, 100.0),
    ],
)
def test_lookups_find_the_kpi_of_a_place(kpis, lookup, n, value):
    kpi = lookup(kpis)
    assert (kpi.n, kpi.value) == (n, pytest.approx(value, abs=5e-5))


@pytest.mark.parametrize(
    "lookup",
    [
        lambda k: k.for_touchpoint("nps", "Discover", "Checkout"),  # the name, at another stage
        lambda k: k.for_touchpoint("csat", "Buy", "Checkout"),  # not that metric there
        lambda k: k.for_touchpoint("ces", "Stay loyal", "Loyalty card", persona="Hurried"),
        lambda k: k.journey("ces", persona="Nobody"),
    ],
)
def test_lookups_of_a_place_without_answers_find_nothing(kpis, lookup):
    assert lookup(kpis) is None


def test_by_stage_lists_the_stages_answered(kpis):
    assert set(kpis.by_stage("nps")) == {"Buy"}
    assert set(kpis.by_stage("csat", persona="Hurried")) == {"Discover"}
    assert kpis.by_stage("csat", persona="Anxious") == {}


def test_the_metrics_answered_are_listed_in_the_domain_order(kpis):
    assert kpis.metrics == METRICS
    assert measured(
        [AnswerTally("csat", "Buy", None, None, None, None, 1, satisfied=1)]
    ).metrics == ("csat",)


def test_the_touchpoint_at_its_stage_rows_are_looked_up_not_reported(kpis):
    reported = {k.grouping for k in kpis}
    assert reported == set(GROUPINGS)
    assert not reported & set(TOUCHPOINT_GROUPINGS)
    assert len(kpis) == len(kpis.as_dicts()) < len(kpis.kpis)


def test_a_record_serialises_to_the_row_kpis_json_writes(kpis):
    kpi = kpis.for_touchpoint("nps", "Buy", "Checkout", persona="Hurried")
    row = find(kpis.as_dicts(), "NPS", touchpoint="Checkout", persona="Hurried")
    assert (kpi.n, kpi.value, kpi.low, kpi.high) == (
        row["n"],
        row["value"],
        row["low"],
        row["high"],
    )
    assert list(row) == ["kpi", *DIMENSIONS, "value", "n", "low", "high"]


# --- one touchpoint name at two stages: two measured values -------------------------------------

TWICE = JourneyMap(
    journey=Journey("Twice"),
    stages=(Stage("Before"), Stage("After")),
    channels=(Channel("Phone"),),
    touchpoints=(Touchpoint("Before", "Phone", "Hotline"), Touchpoint("After", "Phone", "Hotline")),
)


def test_a_touchpoint_name_at_two_stages_gets_a_measured_value_at_each(store: Store):
    store.save([TWICE])
    rows = [["stage", "touchpoint", "metric", "score"]]
    rows += [["Before", "Hotline", "csat", s] for s in (5, 5, 4, 1)]  # 3 of 4 satisfied
    rows += [["After", "Hotline", "csat", s] for s in (2, 5)]  # 1 of 2
    text = "\r\n".join(",".join(map(str, r)) for r in rows).encode()
    answers = read_answers(text, TWICE, AnswerOptions(), filename="twice.csv")
    assert answers.report.errors == []
    store.save_answers("Twice", answers)
    kpis = measured(store.answer_tallies("Twice"))
    assert (kpis.for_touchpoint("csat", "Before", "Hotline").value) == 75.0
    assert (kpis.for_touchpoint("csat", "After", "Hotline").value) == 50.0
    cells = analysis.matrix_cells(TWICE, measure="csat", measured=kpis)
    assert dict(zip(cells["stage"], cells["value"])) == {"Before": 75.0, "After": 50.0}


# --- the thresholds of the domain are the database's --------------------------------------------


def test_the_database_counts_answers_with_the_domain_thresholds(store: Store):
    store.save([TWICE])
    promoters, detractors, satisfied = NPS_PROMOTERS, NPS_DETRACTORS, CSAT_SATISFIED
    scores = {
        # each bound of each threshold, and the score just outside it
        "nps": [
            promoters.low - 1,
            promoters.low,
            promoters.high,
            detractors.high,
            detractors.high + 1,
        ],
        "csat": [satisfied.low - 1, satisfied.low, satisfied.high],
    }
    rows = [["stage", "touchpoint", "metric", "score"]]
    rows += [["Before", "Hotline", m, s] for m, values in scores.items() for s in values]
    text = "\r\n".join(",".join(str(v) for v in r) for r in rows).encode()
    answers = read_answers(text, TWICE, AnswerOptions(), filename="bounds.csv")
    assert answers.report.errors == []
    store.save_answers("Twice", answers)
    tallies = {t.metric: t for t in store.answer_tallies("Twice")}
    # 8 9 10 6 7: promoters 9 10, detractors 6; 3 4 5: satisfied 4 5
    assert (tallies["nps"].n, tallies["nps"].promoters, tallies["nps"].detractors) == (5, 2, 1)
    assert (tallies["csat"].n, tallies["csat"].satisfied) == (3, 2)
    assert (promoters, detractors, satisfied) == (Scale(9, 10), Scale(0, 6), Scale(4, 5))
    assert SCALES == {"nps": Scale(0, 10), "csat": Scale(1, 5), "ces": Scale(1, 7)}
