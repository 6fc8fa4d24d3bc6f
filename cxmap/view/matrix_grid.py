"""The touchpoint matrix as an HTML/CSS grid: the stage × channel table a consultant reads.

A chart library draws text as axis labels it is free to cut, tilt or drop; a table wraps it.
:func:`matrix_grid` returns one HTML string (a ``<style>`` and a ``<table>``) that the page
renders with ``st.html``.  Every string that comes from a map -- stage, channel and touchpoint
names, the KPI name -- goes through :func:`html.escape` here, and nowhere else is HTML built.

What the grid guarantees: names wrap at word boundaries and are never cut (no ellipsis, no
hidden overflow on a name); up to :data:`WIDE` stages the columns share the page width; beyond
that, or when the page is narrower than the columns, the grid scrolls sideways inside its own
box with the channel column (``position: sticky; left``) and the stage header row (``sticky;
top``) kept in view.  Each touchpoint shows its qualification by colour AND by a marker, ★ marks
a moment of truth, the cell is tinted by the chosen measure, and gaps are dashed (the rule is
:func:`cxmap.compute.analysis.gap_reason`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Collection

import pandas as pd

from cxmap.domain.model import QUALIFICATIONS, Qualification, Scale
from cxmap.view.i18n import tr

WIDE = 10  # up to this many stages the grid fits the page width; beyond, it scrolls
MOMENT_OF_TRUTH = "★"
# a marker per qualification, so the kind reads without colour (printed, colour-blind readers)
QUALIFICATION_MARKS: dict[Qualification, str] = {
    "irritant": "▼",
    "delight": "▲",
    "missing": "◌",
    "neutral": "•",
}
# text colours dark enough to read on every tint of the cells
QUALIFICATION_TEXT: dict[Qualification, str] = {
    "irritant": "#b71c1c",
    "delight": "#1b5e20",
    "missing": "#0d47a1",
    "neutral": "#333333",
}
GAP_BLUE = "#1f77b4"
# (red, green, blue) of each measure's tint: sequential from a pale to a stronger fill
SEQUENTIAL = {"touchpoints": (31, 119, 180), "irritants": (214, 39, 40), "kpi": (117, 107, 177)}
NEGATIVE, POSITIVE = (214, 39, 40), (44, 160, 44)  # the diverging scales' two ends
LIGHTEST, STRONGEST = 0.06, 0.42  # alpha of the tint: names stay legible on the strongest

STYLE = """
.cxm-scroll{overflow:auto;border:1px solid #e3e3e3;border-radius:6px;
  -webkit-overflow-scrolling:touch;background:#fff}
.cxm-scroll.cxm-tall{max-height:80vh}
@media (max-width:700px){.cxm-scroll{max-height:80vh}}
.cxm{border-collapse:separate;border-spacing:0;width:100%;font-size:0.8rem;line-height:1.3;
  color:#222}
.cxm.cxm-wide{font-size:0.85rem}
.cxm th,.cxm td{border-right:1px solid #ececec;border-bottom:1px solid #ececec;padding:6px 6px;
  vertical-align:top;text-align:left;white-space:normal;overflow:visible;text-overflow:clip;
  overflow-wrap:break-word;hyphens:manual}
.cxm thead th{position:sticky;top:0;z-index:2;background:#f6f6f8;font-weight:600}
.cxm tbody th{position:sticky;left:0;z-index:1;background:#f6f6f8;font-weight:600}
.cxm thead th.cxm-corner{left:0;z-index:3;color:#666;font-weight:400;font-size:0.75rem}
.cxm .cxm-col{min-width:4.6rem}
.cxm.cxm-wide .cxm-col{min-width:10rem}
.cxm .cxm-row{min-width:5.5rem;max-width:9rem}
.cxm-matrix .cxm ul{list-style:none;margin:0;padding:0}
.cxm-matrix .cxm li{display:block;margin:0 0 3px 0;padding:0;font-size:inherit;
  line-height:inherit;font-weight:500}
.cxm li .cxm-mark{font-weight:700}
.cxm li.cxm-missing{font-style:italic}
.cxm .cxm-mot{color:#b8860b;font-weight:700;margin-right:2px}
.cxm .cxm-value{display:block;margin-top:4px;font-size:0.75rem;color:#444;
  font-variant-numeric:tabular-nums}
.cxm td.cxm-gap{outline:2px dashed #1f77b4;outline-offset:-4px}
.cxm .cxm-gap-word{color:#1f77b4;font-style:italic;font-size:0.8rem}
.cxm-legend{display:flex;flex-wrap:wrap;gap:4px 16px;margin:0 0 8px 0;font-size:0.85rem;
  color:#333;align-items:center}
.cxm-legend .cxm-swatch{display:inline-block;width:2.2em;height:0.9em;vertical-align:middle;
  border:1px solid #ddd;margin:0 4px}
.cxm-legend .cxm-gap-swatch{display:inline-block;width:1.6em;height:0.9em;vertical-align:middle;
  outline:2px dashed #1f77b4;outline-offset:-2px;margin-right:4px}
.cxm li.cxm-ch-removed .cxm-name{text-decoration:line-through;opacity:0.7}
.cxm li.cxm-ch-added{background:#fff3b0;border-radius:3px;padding:0 2px}
.cxm li.cxm-ch-amplified{background:#e3f2fd;border-radius:3px;padding:0 2px}
.cxm li .cxm-was{color:#555;font-weight:400}
.cxm li .cxm-change{display:inline-block;font-size:0.7rem;font-weight:600;color:#444;
  border:1px solid #bbb;border-radius:3px;padding:0 3px;margin-right:3px}
.cxm li.cxm-hl{outline:3px solid #ff9800;outline-offset:1px;border-radius:3px}
.cxm th.cxm-hl,.cxm td.cxm-hl-stage{background:#fff3e0}
"""

# how each change is marked on a touchpoint of the target's grid (besides its class)
CHANGE_MARKS = {"removed": "✕", "added": "+", "transformed": "⇄", "amplified": "✦", "kept": ""}


def e(text: object) -> str:
    """Escape a map's text for HTML content and attribute values alike."""
    return html.escape(str(text), quote=True)


def _rgba(rgb: tuple[int, int, int], strength: float) -> str:
    alpha = LIGHTEST + (STRONGEST - LIGHTEST) * min(max(strength, 0.0), 1.0)
    return f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{alpha:.2f})"


def _diverging(value: float, middle: float, half: float) -> str:
    if half <= 0:
        return _rgba((200, 200, 200), 0)
    t = (value - middle) / half
    return _rgba(POSITIVE if t >= 0 else NEGATIVE, abs(t))


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def cell_tint(value: object, measure: str, values: list[float], scale: Scale | None) -> str | None:
    """The cell's background for its value of the measure (None: no value, no tint).

    Counts and KPIs run from a pale to a strong fill of one hue (up to the grid's largest);
    emotion, CSAT and NPS diverge red/green around their neutral (the journey's scale, 50 %,
    0)."""
    if not _present(value):
        return None
    v = float(value)  # type: ignore[arg-type]
    if measure == "emotion":
        s = scale or Scale(-2, 2)
        return _diverging(v, s.neutral, (s.high - s.low) / 2)
    if measure == "csat":
        return _diverging(v, 50, 50)
    if measure == "nps":
        return _diverging(v, 0, 100)
    low = min(values) if measure == "kpi" and values else 0.0
    high = max(values) if values else 0.0
    strength = (v - low) / (high - low) if high > low else (1.0 if v > 0 else 0.0)
    return _rgba(SEQUENTIAL.get(measure, SEQUENTIAL["touchpoints"]), strength)


def number(value: float, lang: str, *, digits: int = 2, sign: bool = False) -> str:
    """A short number in the dashboard's language (French: decimal comma)."""
    text = f"{value:+.{digits}g}" if sign else f"{value:.{digits}g}"
    if "e" in text:
        text = f"{value:+.0f}" if sign else f"{value:.0f}"
    text = text.replace("-", "−")
    return text.replace(".", ",") if lang == "fr" else text


def value_text(value: object, measure: str, lang: str) -> str:
    """The measure's value written in the cell ("" for the touchpoint count, which the list
    shows)."""
    if not _present(value) or measure == "touchpoints":
        return ""
    v = float(value)  # type: ignore[arg-type]
    if measure == "csat":
        return f"CSAT {number(round(v), lang, digits=3)}\u202f%"
    if measure == "nps":
        return f"NPS {number(round(v), lang, digits=3, sign=True)}"
    if measure == "irritants":
        return tr("matrix.irritants_in_cell", lang, n=int(v))
    if measure == "emotion":
        return f"{tr('chart.emotion', lang)} {number(v, lang)}"
    return number(v, lang, digits=3)


def measure_title(measure: str, lang: str, kpi: str | None) -> str:
    return kpi if measure == "kpi" and kpi else tr(f"measure.{measure}", lang)


def legend(measure: str, lang: str, *, kpi: str | None = None) -> str:
    """The legend above the grid: each qualification's marker in its colour, the moment of
    truth, the gap, and the colour of the measure."""
    items = [
        f'<span style="color:{QUALIFICATION_TEXT[q]}"><b>{QUALIFICATION_MARKS[q]}</b>\u00a0'
        f"{e(tr(f'q.{q}', lang))}</span>"
        for q in QUALIFICATIONS
    ]
    items.append(
        f'<span><b class="cxm-mot">{MOMENT_OF_TRUTH}</b>\u00a0{e(tr("matrix.moment", lang))}</span>'
    )
    items.append(f'<span><i class="cxm-gap-swatch"></i>{e(tr("matrix.gap_legend", lang))}</span>')
    if measure in ("emotion", "csat", "nps"):
        low, high = _rgba(NEGATIVE, 1), _rgba(POSITIVE, 1)
        swatch = f"background:linear-gradient(to right,{low},rgba(255,255,255,0),{high})"
        ends = (tr("matrix.colour_low", lang), tr("matrix.colour_high", lang))
    else:
        rgb = SEQUENTIAL.get(measure, SEQUENTIAL["touchpoints"])
        swatch = f"background:linear-gradient(to right,{_rgba(rgb, 0)},{_rgba(rgb, 1)})"
        ends = (tr("matrix.colour_less", lang), tr("matrix.colour_more", lang))
    items.append(
        f"<span>{e(tr('matrix.colour', lang, measure=measure_title(measure, lang, kpi)))} "
        f'{e(ends[0])}<i class="cxm-swatch" style="{swatch}"></i>{e(ends[1])}</span>'
    )
    return f'<div class="cxm-legend">{"".join(items)}</div>'


def _change_parts(row: pd.Series, lang: str) -> tuple[str, str, str]:
    """(class, badge, what it was) of a touchpoint marked by its change; blanks without one."""
    change = row.get("change")
    if not isinstance(change, str) or not change:
        return "", "", ""
    mark = CHANGE_MARKS.get(change, "")
    word = tr(f"change.{change}", lang)
    badge = (
        f'<span class="cxm-change" title="{e(word)}">{mark}\u00a0{e(word)}</span>' if mark else ""
    )
    was = ""
    if change == "transformed":
        old_name = row.get("was")
        old_q = row.get("was_qualification")
        if isinstance(old_name, str) and old_name:
            was = f'<span class="cxm-was">{e(old_name)} →</span> '
        elif old_q in QUALIFICATION_MARKS and old_q != row["qualification"]:
            was = (
                f'<span class="cxm-was" style="color:{QUALIFICATION_TEXT[old_q]}">'
                f"{QUALIFICATION_MARKS[old_q]}\u00a0{e(tr(f'q.{old_q}', lang))} →</span> "
            )
    return f" cxm-ch-{change}", badge, was


def _touchpoint(row: pd.Series, lang: str = "en", highlighted: bool = False) -> str:
    q: Qualification = row["qualification"]
    change_class, badge, was = _change_parts(row, lang)
    change = row.get("change")
    data_change = f' data-change="{e(change)}"' if isinstance(change, str) and change else ""
    hl = " cxm-hl" if highlighted else ""
    moment = (
        f'<span class="cxm-mot" title="{MOMENT_OF_TRUTH}">{MOMENT_OF_TRUTH}</span>\u00a0'
        if bool(row["moment_of_truth"])
        else ""
    )
    return (
        f'<li class="cxm-tp cxm-{q}{change_class}{hl}" data-qualification="{q}"{data_change} '
        f'style="color:{QUALIFICATION_TEXT[q]}">{badge}{was}'
        # no-break spaces: the marker and the star never wrap away from the name
        f'<span class="cxm-mark" aria-hidden="true">{QUALIFICATION_MARKS[q]}</span>\u00a0'
        f'{moment}<span class="cxm-name">{e(row["name"])}</span></li>'
    )


def change_legend(lang: str) -> str:
    """What the change marks of a target's grid mean."""
    items = [
        f'<span><span class="cxm-change">{mark}</span>{e(tr(f"change.{change}", lang))}</span>'
        for change, mark in CHANGE_MARKS.items()
        if mark
    ]
    return f'<div class="cxm-legend cxm-change-legend">{"".join(items)}</div>'


def matrix_grid(
    cells: pd.DataFrame,
    labels: pd.DataFrame,
    *,
    measure: str,
    lang: str = "en",
    scale: Scale | None = None,
    kpi: str | None = None,
    highlight: Collection[tuple[str, str, str]] = (),
    highlight_stage: str | None = None,
) -> str:
    """The grid of :func:`analysis.matrix_cells` (stages across, channels down, in their
    order) naming the touchpoints of :func:`analysis.matrix_labels` in each cell, with its
    legend, as one escaped HTML string.

    Labels with a ``change`` column (:func:`cxmap.compute.target.change_labels`) are marked by
    their change — removed struck through, added highlighted, transformed "from → to" — and
    the change legend is added.  ``highlight`` ((stage, channel, name) of touchpoints) and
    ``highlight_stage`` outline what a linked view selected."""
    stages = list(dict.fromkeys(cells["stage"]))
    channels = list(dict.fromkeys(cells["channel"]))
    values = [float(v) for v in cells["value"] if _present(v)]
    by_cell: dict[tuple[str, str], list[str]] = {}
    for _, label in labels.sort_values("line", kind="stable").iterrows():
        lit = (label["stage"], label["channel"], label["name"]) in highlight
        by_cell.setdefault((label["stage"], label["channel"]), []).append(
            _touchpoint(label, lang, lit)
        )
    gap_word = e(tr("chart.gap", lang))
    head = "".join(
        f'<th scope="col" class="cxm-stage{" cxm-hl" if stage == highlight_stage else ""}" '
        f'data-stage="{e(stage)}"><div class="cxm-col">{e(stage)}</div></th>'
        for stage in stages
    )
    rows = []
    for channel in channels:
        tds = []
        for _, cell in cells[cells["channel"] == channel].iterrows():
            stage = cell["stage"]
            classes = ["cxm-cell"]
            if stage == highlight_stage:
                classes.append("cxm-hl-stage")
            title = ""
            content = by_cell.get((stage, channel), [])
            if int(cell["missing"]) > 0:  # a declared absence: flagged like a gap
                classes.append("cxm-gap cxm-absent")
                title = f' title="{e(tr("matrix.gap_declared", lang))}"'
            if bool(cell["gap"]):
                classes.append("cxm-gap")
                why = tr(f"matrix.gap_{cell['gap_reason']}", lang)
                title = f' title="{e(why)}"'
                body = f'<span class="cxm-gap-word">{gap_word}</span>'
            else:
                body = f"<ul>{''.join(content)}</ul>" if content else ""
            written = value_text(cell["value"], measure, lang)
            if written:
                body += f'<span class="cxm-value">{e(written)}</span>'
            tint = cell_tint(cell["value"], measure, values, scale)
            style = f' style="background:{tint}"' if tint else ""
            tds.append(
                f'<td class="{" ".join(classes)}" data-stage="{e(stage)}" '
                f'data-channel="{e(channel)}"{title}{style}>{body}</td>'
            )
        rows.append(
            f'<tr><th scope="row" class="cxm-channel"><div class="cxm-row">{e(channel)}</div>'
            f"</th>{''.join(tds)}</tr>"
        )
    wide = " cxm-wide" if len(stages) > WIDE else ""
    corner = e(f"{tr('chart.channel', lang)} \\ {tr('chart.stage', lang)}")
    table = (
        f'<table class="cxm{wide}" data-stages="{len(stages)}">'
        f'<thead><tr><th scope="col" class="cxm-corner">{corner}</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return (
        f"<style>{STYLE}</style>"
        f'<div class="cxm-matrix" lang="{e(lang)}">{legend(measure, lang, kpi=kpi)}'
        f"{change_legend(lang) if 'change' in labels.columns else ''}"
        f'<div class="cxm-scroll{" cxm-tall" if wide else ""}">{table}</div></div>'
    )
