"""The domain's words are defined once (cxmap.domain.model, cxmap.domain.metrics): the vocabulary
that reads what people type, the labels shown, and the figures all follow those tuples, so a word
added to one and forgotten in another fails here."""

from __future__ import annotations

import typing

import pytest

from cxmap.compute import analysis, measures
from cxmap.domain import metrics, model
from cxmap.domain.vocabulary import VOCABULARIES
from cxmap.view import charts
from cxmap.view.i18n import TEXTS

LITERALS = [
    # each tuple lists exactly the values of its Literal type, in order
    (model.JOURNEY_STATES, model.JourneyState),
    (model.QUALIFICATIONS, model.Qualification),
    (model.CHANNEL_KINDS, model.ChannelKind),
    (model.LAYERS, model.Layer),
    (model.DIRECTIONS, model.Direction),
    (model.ACTION_TYPES, model.ActionType),
    (model.ACTION_STATUSES, model.ActionStatus),
    (model.LAYOUTS, model.Layout),
    (metrics.METRICS, metrics.Metric),
    (metrics.DIMENSIONS, metrics.Dimension),
    (metrics.ANSWER_COLUMNS, metrics.AnswerColumn),
    (analysis.STATUSES, analysis.KpiStatus),
]


@pytest.mark.parametrize(("words", "literal"), LITERALS, ids=[w[0] for w, _l in LITERALS])
def test_the_tuple_lists_exactly_its_literal_type(words, literal):
    assert words == typing.get_args(literal)


# the vocabulary that reads what people type knows exactly the domain's words
READ = [
    ("state", model.JOURNEY_STATES),
    ("qualification", model.QUALIFICATIONS),
    ("kind", model.CHANNEL_KINDS),
    ("layer", model.LAYERS),
    ("direction", model.DIRECTIONS),
    ("action_type", model.ACTION_TYPES),
    ("status", model.ACTION_STATUSES),
]


@pytest.mark.parametrize(("vocabulary", "words"), READ, ids=[v for v, _w in READ])
def test_the_vocabulary_reads_exactly_the_domain_words(vocabulary, words):
    assert set(VOCABULARIES[vocabulary]) == set(words)


# the words shown by a label of their own (the i18n key is the prefix and the word)
SHOWN = [
    ("state.", model.JOURNEY_STATES),
    ("q.", model.QUALIFICATIONS),
    ("type.", model.ACTION_TYPES),
    ("status.", model.ACTION_STATUSES),
    ("layout.", model.LAYOUTS),
    ("rag.", analysis.STATUSES),
]


@pytest.mark.parametrize(("prefix", "words"), SHOWN, ids=[p for p, _w in SHOWN])
def test_every_domain_word_shown_has_its_label(prefix, words):
    assert {w for w in words if f"{prefix}{w}" not in TEXTS} == set()


def test_marked_qualifications_are_all_but_neutral():
    assert model.MARKED == tuple(q for q in model.QUALIFICATIONS if q != "neutral")


def test_every_qualification_has_a_colour_and_a_marker():
    assert set(charts.QUALIFICATION_COLOURS) == set(model.QUALIFICATIONS)
    assert set(analysis.MARKERS) == set(model.QUALIFICATIONS)


def test_every_metric_has_a_scale_a_range_a_direction_and_a_formula():
    for table in (metrics.SCALES, metrics.RANGES, metrics.BETTER, measures.FORMULAS):
        assert set(table) == set(metrics.METRICS)


def test_the_measured_groupings_use_only_answer_dimensions():
    for grouping in measures.GROUPINGS + measures.TOUCHPOINT_GROUPINGS:
        assert set(grouping) <= set(metrics.DIMENSIONS)
    assert set(metrics.DIMENSIONS) <= set(metrics.ANSWER_COLUMNS)
