"""The service blueprint as an HTML/CSS grid: stages across, lanes down.

Built like the touchpoint matrix (:mod:`cxmap.view.matrix_grid`, whose style and markers it
reuses): one HTML string the page renders with ``st.html``; every text of the map goes through
:func:`html.escape` here.  Names wrap and are never cut; the grid scrolls sideways inside its
box with the lane labels (``sticky; left``) and the stage names (``sticky; top``) kept in view.

Lanes, top to bottom: the customer's actions, the frontstage touchpoints, the line of
visibility, the backstage touchpoints, the support processes.  Each touchpoint shows its
channel, its qualification by colour and marker (▼ irritant), and ★ for a moment of truth.
"""

from __future__ import annotations

from cxmap.compute.blueprint import TOUCHPOINT_LANES, Blueprint
from cxmap.domain.model import QUALIFICATIONS, Touchpoint
from cxmap.view.i18n import tr
from cxmap.view.matrix_grid import (
    MOMENT_OF_TRUTH,
    QUALIFICATION_MARKS,
    QUALIFICATION_TEXT,
    STYLE,
    e,
)

BLUEPRINT_STYLE = """
.cxb .cxm .cxm-col{min-width:5.4rem}
.cxb .cxm.cxm-wide .cxm-col{min-width:9.5rem}
.cxb .cxm .cxm-row{min-width:5rem;max-width:7rem}
.cxb .cxm ul{list-style:none;margin:0;padding:0;font-size:inherit}
.cxb .cxm li{display:block;margin:0 0 5px 0;padding:0;font-size:inherit;line-height:inherit;
  font-weight:500}
.cxb .cxm li .cxb-channel{display:block;font-weight:400;font-size:0.72rem;color:#666}
.cxb .cxm li.cxm-irritant{background:rgba(214,39,40,0.08);border-left:3px solid #b71c1c;
  padding-left:4px}
.cxb .cxm li.cxb-mot{border-right:3px solid #b8860b;padding-right:2px}
.cxb .cxm li.cxb-action{color:#333;font-weight:400}
.cxb .cxm li.cxb-action b{font-weight:600;color:#555;font-size:0.72rem;display:block}
.cxb .cxm tr.cxb-lane-actions td{background:#fbfaf5}
.cxb .cxm tr.cxb-lane-backstage td,.cxb .cxm tr.cxb-lane-support td{background:#f7f9fc}
.cxb .cxm tr.cxb-visibility th,.cxb .cxm tr.cxb-visibility td{padding:2px 6px;
  border-bottom:2px dashed #555;background:#fff;color:#555;font-size:0.72rem;
  font-style:italic;font-weight:600}
.cxb .cxm td.cxb-empty{color:#aaa}
"""

FITS = 8  # up to this many stages the columns share the page width; beyond, it scrolls


def _touchpoint(t: Touchpoint, lang: str) -> str:
    q = t.qualification
    classes = ["cxm-tp", f"cxm-{q}"] + (["cxb-mot"] if t.moment_of_truth else [])
    moment = (
        f'<span class="cxm-mot" title="{e(tr("matrix.moment", lang))}">{MOMENT_OF_TRUTH}</span>'
        "\u00a0"
        if t.moment_of_truth
        else ""
    )
    return (
        f'<li class="{" ".join(classes)}" data-qualification="{q}" '
        f'data-moment="{str(t.moment_of_truth).lower()}" style="color:{QUALIFICATION_TEXT[q]}">'
        f'<span class="cxm-mark" aria-hidden="true">{QUALIFICATION_MARKS[q]}</span>\u00a0'
        f'{moment}<span class="cxm-name">{e(t.name)}</span>'
        f'<span class="cxb-channel">{e(t.channel)}</span></li>'
    )


def blueprint_grid(plan: Blueprint, *, lang: str = "en") -> str:
    """The blueprint as one escaped HTML string (a ``<style>`` and a ``<table>``)."""
    head = "".join(
        f'<th scope="col" class="cxm-stage"><div class="cxm-col">{e(s.name)}</div></th>'
        for s in plan.stages
    )
    empty = '<td class="cxb-empty" data-stage="{stage}">–</td>'

    def lane_row(key: str, cells: list[str]) -> str:
        label = e(tr(f"blueprint.lane.{key}", lang))
        return (
            f'<tr class="cxb-lane cxb-lane-{key}" data-lane="{key}">'
            f'<th scope="row"><div class="cxm-row">{label}</div></th>{"".join(cells)}</tr>'
        )

    actions = []
    for s in plan.stages:
        items = "".join(
            f'<li class="cxb-action"><b>{e(a.persona)}</b>{e(a.does)}</li>' for a in s.actions
        )
        actions.append(
            f'<td data-stage="{e(s.name)}"><ul>{items}</ul></td>'
            if items
            else empty.format(stage=e(s.name))
        )
    rows = [lane_row("actions", actions)]
    for lane in TOUCHPOINT_LANES:
        cells = []
        for s in plan.stages:
            items = "".join(_touchpoint(t, lang) for t in s.lanes[lane])
            cells.append(
                f'<td data-stage="{e(s.name)}"><ul>{items}</ul></td>'
                if items
                else empty.format(stage=e(s.name))
            )
        rows.append(lane_row(lane, cells))
        if lane == "frontstage":
            line = e(tr("blueprint.visibility", lang))
            rows.append(
                f'<tr class="cxb-visibility"><th scope="row">{line}</th>'
                f'<td colspan="{max(len(plan.stages), 1)}" aria-hidden="true"></td></tr>'
            )
    corner = e(f"{tr('blueprint.lane', lang)} \\ {tr('chart.stage', lang)}")
    table = (
        f'<table class="cxm{" cxm-wide" if len(plan.stages) > FITS else ""}" '
        f'data-stages="{len(plan.stages)}">'
        f'<thead><tr><th scope="col" class="cxm-corner">{corner}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return (
        f"<style>{STYLE}{BLUEPRINT_STYLE}</style>"
        f'<div class="cxb" lang="{e(lang)}">{_legend(lang)}'
        f'<div class="cxm-scroll cxm-tall">{table}</div></div>'
    )


def _legend(lang: str) -> str:
    """Each qualification's marker in its colour, and the moment of truth."""
    items = [
        f'<span style="color:{QUALIFICATION_TEXT[q]}"><b>{QUALIFICATION_MARKS[q]}</b>\u00a0'
        f"{e(tr(f'q.{q}', lang))}</span>"
        for q in QUALIFICATIONS
    ]
    items.append(
        f'<span><b class="cxm-mot">{MOMENT_OF_TRUTH}</b>\u00a0{e(tr("matrix.moment", lang))}</span>'
    )
    return f'<div class="cxm-legend">{"".join(items)}</div>'
