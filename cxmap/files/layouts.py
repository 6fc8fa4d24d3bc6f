"""Reading the maps people draw, not only our template: the consultant's channel × stage matrix
(Layout 2) and the lane canvas (Layout 3).

A sheet of either layout is turned into rows of the tidy layout — stages, channels, personas,
touchpoints, emotions, KPIs, actions — each remembering the sheet, the Excel row and the column
header it came from.  The workbook reader then checks them with the same rules as a Layout 1
sheet, so errors are located the same way and all are reported at once.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from cxmap.domain.vocabulary import canonical, normalise
from cxmap.files import cells
from cxmap.files.colours import Fill, colour_name, meaning_of_colour


class NotThisLayout(ValueError):
    """A sheet the user said is a matrix or a canvas, that does not look like one."""


Grid = list[tuple[int, dict[int, tuple[Any, Any]]]]  # (Excel row, {column: (value, Fill)})

# --- markers written in a touchpoint's text --------------------------------------------------

_MARKERS = {
    "irritant": (
        "[irritant]",
        "[pain point]",
        "[pain]",
        "[friction]",
        "(!)",
        "[!]",
        "❌",
        "⚠️",
        "⚠",
        "🔴",
        "(-)",
        "[-]",
    ),
    "delight": ("[delight]", "[enchantement]", "[wow]", "(+)", "[+]", "✅", "🟢", "😍"),
    "missing": (
        "[missing]",
        "[absence]",
        "[absent]",
        "[manquant]",
        "[gap]",
        "[manque]",
        "(?)",
        "[?]",
        "🔵",
    ),
}
_MOMENT_MARKERS = ("★", "⭐", "[mot]", "[moment of truth]", "[moment de vérité]", "[mdv]")
_DEFAULT_SHEET = re.compile(
    r"^(sheet|feuil|feuille|tabelle|hoja|foglio|blad)\s*\d*$", re.IGNORECASE
)
_BULLET = re.compile(r"^\s*(?:[-•*·▪◦‣]|\d+[.)])\s+")


def parse_item(text: str) -> tuple[str, str | None, bool]:
    """A touchpoint written in a cell line: (name, qualification from a marker, moment of truth)."""
    name = _BULLET.sub("", text)
    found = None
    lowered = name.casefold()
    for quality, markers in _MARKERS.items():
        for marker in markers:
            if marker in lowered:
                found = found or quality
                name = re.sub(re.escape(marker), "", name, flags=re.IGNORECASE)
                lowered = name.casefold()
    moment = False
    for marker in _MOMENT_MARKERS:
        if marker in lowered:
            moment = True
            name = re.sub(re.escape(marker), "", name, flags=re.IGNORECASE)
            lowered = name.casefold()
    return " ".join(name.split()), found, moment


def lines_of(value: Any) -> list[str]:
    """The items of a cell, one per line (blank lines skipped)."""
    text = cells.text(value) or ""
    return [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]


# --- lanes of the canvas ---------------------------------------------------------------------

LANES: dict[str, tuple[str, ...]] = {
    "stages": (
        "stage",
        "stages",
        "step",
        "steps",
        "phase",
        "phases",
        "étape",
        "étapes",
        "phase du parcours",
        "étapes du parcours",
    ),
    "persona": ("persona", "personas", "profil", "client type", "customer"),
    "does": (
        "doing",
        "does",
        "actions",
        "customer actions",
        "what they do",
        "fait",
        "faire",
        "actions du client",
        "ce qu'il fait",
        "ce que fait le client",
    ),
    "thinks": (
        "thinking",
        "thinks",
        "thoughts",
        "pense",
        "pensées",
        "ce qu'il pense",
        "réflexions",
    ),
    "feelings": (
        "feeling",
        "feelings",
        "feels",
        "emotion",
        "emotions",
        "mood",
        "ressenti",
        "ressentis",
        "ressent",
        "émotion",
        "émotions",
        "courbe émotionnelle",
        "émotion ressentie",
        "humeur",
    ),
    "says": ("says", "saying", "quotes", "verbatim", "verbatims", "dit", "citations"),
    "touchpoints": (
        "touchpoints",
        "touchpoint",
        "touch points",
        "points de contact",
        "point de contact",
        "interactions",
    ),
    "channels": ("channels", "channel", "canaux", "canal", "supports"),
    "pain_points": (
        "pain points",
        "pain point",
        "pains",
        "irritants",
        "irritant",
        "points de douleur",
        "frictions",
        "points de friction",
        "freins",
    ),
    "delights": ("delights", "moments of delight", "enchantements", "moments d'enchantement"),
    "opportunities": (
        "opportunities",
        "opportunity",
        "ideas",
        "improvements",
        "opportunités",
        "opportunité",
        "pistes",
        "pistes d'amélioration",
        "idées",
        "améliorations",
        "solutions",
    ),
}
_LANE_KEYS = {normalise(word): lane for lane, words in LANES.items() for word in words}
_FRENCH_LANES = {
    normalise(w)
    for w in (
        "étape",
        "étapes",
        "phase du parcours",
        "étapes du parcours",
        "profil",
        "fait",
        "faire",
        "actions du client",
        "ce qu'il fait",
        "ce que fait le client",
        "pense",
        "pensées",
        "ce qu'il pense",
        "réflexions",
        "ressenti",
        "ressentis",
        "ressent",
        "émotion",
        "émotions",
        "courbe émotionnelle",
        "émotion ressentie",
        "humeur",
        "dit",
        "citations",
        "points de contact",
        "point de contact",
        "canaux",
        "canal",
        "points de douleur",
        "points de friction",
        "freins",
        "enchantements",
        "moments d'enchantement",
        "opportunités",
        "opportunité",
        "pistes",
        "pistes d'amélioration",
        "idées",
        "améliorations",
    )
}


def lane_of(label: Any) -> str | None:
    """The lane a first-column label names (`Points de contact` -> `touchpoints`)."""
    text = (cells.text(label) or "").split(":")[0]
    return _LANE_KEYS.get(normalise(text))


# --- what a layout sheet becomes ---------------------------------------------------------------


@dataclass
class Row:
    """A tidy row made from a layout sheet: its cells by column key, and where it came from."""

    role: str
    number: int
    cells: dict[str, tuple[Any, Any]]
    headers: dict[str, str]
    journey: str | None = None


@dataclass
class LayoutSheet:
    """A recognised matrix or canvas sheet: its rows, what was recognised, what was odd."""

    title: str
    kind: str
    rows: list[Row] = field(default_factory=list)
    summary: str = ""
    journey: str | None = None  # the name its title row (or sheet name) gives the journey
    unknown_colours: Counter = field(default_factory=Counter)
    unknown_cells: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)

    def add(self, role: str, number: int, header: str, **values: Any) -> None:
        self.rows.append(
            Row(
                role,
                number,
                {k: (v, None) for k, v in values.items() if v is not None},
                {k: header for k in values},
                self.journey,
            )
        )


def _first_col(grid: Grid) -> int:
    return min((min(found) for _n, found in grid), default=1)


def _right_of(found: dict[int, Any], col: int) -> dict[int, Any]:
    return {c: v for c, v in found.items() if c > col and cells.text(v[0])}


def _texts(found: dict[int, Any]) -> list[str]:
    return [t for _c, v in sorted(found.items()) if (t := cells.text(v[0]))]


def _is_heading(found: dict[int, Any], first: int) -> bool:
    """A row of at least two distinct names right of the first column (a title merged across
    the columns repeats one text, and is no heading)."""
    right = _right_of(found, first)
    texts = {cells.text(v[0]) for v in right.values()}
    return len(texts) >= 2 and not (
        first in found and set(_texts(found)) == texts and len(set(_texts(found))) == 1
    )


_CORNER_WORDS = (
    "channel",
    "canal",
    "canaux",
    "stage",
    "etape",
    "step",
    "phase",
    "touchpoint",
    "pointdecontact",
)


def _is_corner(found: dict[int, Any], first: int) -> bool:
    """A first cell that labels the grid's axes ("Canal / Étape") rather than a channel."""
    key = normalise(cells.text(found.get(first, (None,))[0]) or "")
    return bool(key) and any(word in key for word in _CORNER_WORDS)


def detect(grid: Grid) -> str | None:
    """`canvas` when two or more first-column labels are lanes, `matrix` when a header row of
    stages is followed by rows named in the first column, else None."""
    if not grid:
        return None
    first = _first_col(grid)
    lanes = {lane_of(found[first][0]) for _n, found in grid[:60] if first in found}
    lanes.discard(None)
    lanes.discard("stages")
    lanes.discard("persona")
    if len(lanes) >= 2:
        return "canvas"
    return "matrix" if _matrix_header(grid, first) is not None else None


def _matrix_header(grid: Grid, first: int) -> int | None:
    """The position in ``grid`` of the stage header row of a matrix, or None."""
    for position, (_number, found) in enumerate(grid[:12]):
        if not _is_heading(found, first):
            continue
        # a header may span several rows (phases above stages): take the last one before the
        # first row that names a channel; the stage row's corner may label the axes
        end = position
        while (
            end + 1 < len(grid)
            and grid[end + 1][0] == grid[end][0] + 1
            and _is_heading(grid[end + 1][1], first)
            and (first not in grid[end + 1][1] or _is_corner(grid[end + 1][1], first))
        ):
            end += 1
        if (
            end + 1 < len(grid)
            and first in grid[end + 1][1]
            and grid[end + 1][0] == grid[end][0] + 1
        ):
            return end
    return None


def _title(grid: Grid, header_position: int, first: int) -> tuple[str | None, list[int]]:
    """The journey's name from the title rows above a header, and their row numbers."""
    numbers = [number for number, _f in grid[:header_position]]
    for _number, found in grid[:header_position]:
        texts = set(_texts(found))  # a title merged across columns repeats its text
        if len(texts) == 1:
            text = texts.pop()
            if lane_of(text) not in ("persona", "stages"):
                return text, numbers
    return None, numbers


def _stage_columns(header: dict[int, Any], first: int) -> list[tuple[str, list[int]]]:
    """Stages in column order; a stage merged over several columns owns all of them."""
    stages: list[tuple[str, list[int]]] = []
    for col, (value, _fill) in sorted(header.items()):
        if col <= first:
            continue
        name = cells.text(value)
        if not name:
            continue
        if stages and stages[-1][0] == name and stages[-1][1][-1] == col - 1:
            stages[-1][1].append(col)
        else:
            stages.append((name, [col]))
    return stages


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"


def _ranges(numbers: list[int]) -> str:
    if not numbers:
        return ""
    return f"{numbers[0]}" if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def _quality_of_fill(
    sheet: LayoutSheet, fill: Fill, ref: str, colours: dict[str, str]
) -> tuple[str | None, str]:
    """(qualification, how it was decided) for a cell's fill."""
    if fill.style:
        return fill.style, "style"
    if fill.colour is None:
        return None, ""
    said = colours.get(fill.colour.upper())
    if said:
        return said, "fill"
    meaning = meaning_of_colour(fill.colour)
    if meaning is None:
        sheet.unknown_colours[fill.colour.upper()] += 1
        sheet.unknown_cells.setdefault(fill.colour.upper(), []).append(ref)
        return None, ""
    return (meaning if meaning != "neutral" else None), "fill"


def read_matrix(
    title: str, grid: Grid, *, colours: dict[str, str], unspecified: str
) -> LayoutSheet:
    """A channel × stage matrix: stage names across the top, channels down the left, touchpoints
    in the cells (one per line), qualified by markers, else by the cell's fill."""
    first = _first_col(grid)
    position = _matrix_header(grid, first)
    if position is None:
        raise NotThisLayout("no row of stage names followed by rows of channels was found")
    header_number, header = grid[position]
    name, title_rows = _title(grid, position, first)
    sheet = LayoutSheet(
        title, "matrix", journey=name or (None if _DEFAULT_SHEET.match(title) else title)
    )
    stages = _stage_columns(header, first)
    column_stage = {col: stage for stage, cols in stages for col in cols}
    stage_header = {stage: cells.text(header[cols[0]][0]) or stage for stage, cols in stages}
    for index, (stage, _cols) in enumerate(stages, start=1):
        sheet.add("stages", header_number, stage_header[stage], stage=stage, order=index)
    # the grid: rows named in the first column, up to the first fully blank row
    body: list[tuple[int, dict[int, Any]]] = []
    previous = header_number
    for number, found in grid[position + 1 :]:
        if number != previous + 1 or first not in found:
            break
        body.append((number, found))
        previous = number
    below = [number for number, _f in grid if number > previous]
    counts: Counter = Counter()
    sources: Counter = Counter()
    channels_seen: list[str] = []
    for number, found in body:
        channel = cells.text(found[first][0])
        if channel not in channels_seen:
            channels_seen.append(channel)
            sheet.add("channels", number, cells.text(found[first][0]) or "", channel=channel)
        for col, (value, fill) in sorted(found.items()):
            stage = column_stage.get(col)
            if stage is None or not cells.text(value):
                continue
            ref = f"{get_column_letter(col)}{number}"
            by_fill, how = _quality_of_fill(sheet, fill, ref, colours)
            for line in lines_of(value):
                item, marked, moment = parse_item(line)
                if not item:
                    continue
                quality = marked or by_fill or "neutral"
                counts[quality] += 1
                sources[(quality, "marker" if marked else how)] += 1
                sheet.add(
                    "touchpoints",
                    number,
                    stage_header[stage],
                    stage=stage,
                    channel=channel,
                    touchpoint=item,
                    qualification=quality,
                    moment_of_truth=moment or None,
                )
    touchpoints = sum(counts.values())

    colour_words = {"irritant": "red", "delight": "green", "missing": "blue"}

    def how_many(quality: str, word: str, words: str) -> str:
        from_fill = sources[(quality, "fill")] + sources[(quality, "style")]
        origin = (
            f" from {colour_words[quality]} fills"
            if from_fill and from_fill == counts[quality]
            else ""
        )
        return plural(counts[quality], word, words) + origin

    parts = [
        f"channel × stage matrix, {plural(len(stages), 'stage')} × "
        f"{plural(len(channels_seen), 'channel')}, {plural(touchpoints, 'touchpoint')} "
        f"({how_many('irritant', 'irritant', 'irritants')}, "
        f"{how_many('delight', 'delight', 'delights')}, "
        f"{how_many('missing', 'missing', 'missing')})"
    ]
    if title_rows:
        parts.append(f"title row{'s' if len(title_rows) > 1 else ''} {_ranges(title_rows)} skipped")
    if below:
        parts.append(f"rows {_ranges(below)} below the grid ignored")
    sheet.summary = "; ".join(parts)
    _warn_colours(sheet)
    return sheet


def _warn_colours(sheet: LayoutSheet) -> None:
    for colour, count in sheet.unknown_colours.items():
        refs = sheet.unknown_cells[colour]
        shown = ", ".join(refs[:6]) + (", …" if len(refs) > 6 else "")
        sheet.warnings.append(
            (
                None,
                f"{count} cell{'s' if count > 1 else ''} filled with "
                f"{colour_name(colour)} ({shown}): a colour with no agreed "
                "meaning, read as neutral; say what it means (irritant, "
                "delight, missing or neutral)",
            )
        )


def read_canvas(
    title: str, grid: Grid, *, persona: str | None, colours: dict[str, str], unspecified: str
) -> LayoutSheet:
    """A lane canvas: stages across the top, one lane per row named in the first column; one
    sheet per persona (named by a `Persona:` row, else the sheet name)."""
    first = _first_col(grid)
    lane_rows = [
        (number, found)
        for number, found in grid
        if first in found and lane_of(found[first][0]) not in (None, "stages", "persona")
    ]
    first_lane = lane_rows[0][0] if lane_rows else grid[-1][0] + 1
    header_position = None
    for position, (number, found) in enumerate(grid):
        if number >= first_lane:
            break
        if first in found and lane_of(found[first][0]) == "stages":
            header_position = position
            break
        if len(_right_of(found, first)) >= 2:
            header_position = position
    sheet = LayoutSheet(title, "canvas")
    if not lane_rows:
        raise NotThisLayout(
            "no lane (touchpoints, feelings, pain points…) was recognised in the first column"
        )
    if header_position is None:
        raise NotThisLayout("no row of stage names was found above the lanes")
    header_number, header = grid[header_position]
    name, _title_rows = _title(grid, header_position, first)
    sheet.journey = name
    named = persona
    for _number, found in grid:
        label = cells.text(found.get(first, (None,))[0]) or ""
        if lane_of(label) == "persona" and not named:
            after = label.split(":", 1)[1].strip() if ":" in label else ""
            right = [cells.text(v[0]) for _c, v in sorted(_right_of(found, first).items())]
            named = after or (right[0] if right else None)
    persona_name = named or title
    stages = _stage_columns(header, first)
    column_stage = {col: stage for stage, cols in stages for col in cols}
    stage_header = {stage: cells.text(header[cols[0]][0]) or stage for stage, cols in stages}
    for index, (stage, _cols) in enumerate(stages, start=1):
        sheet.add("stages", header_number, stage_header[stage], stage=stage, order=index)
    sheet.add("personas", header_number, "persona", persona=persona_name)

    by_lane: dict[str, dict[str, list[tuple[str, Fill, int, str]]]] = {}
    kpi_rows: list[tuple[int, str, dict[str, Any]]] = []
    for number, found in grid[header_position + 1 :]:
        label = cells.text(found.get(first, (None,))[0])
        if not label:
            continue
        lane = lane_of(label)
        if lane in ("stages", "persona"):
            continue
        values = [
            (c, v) for c, v in sorted(found.items()) if c in column_stage and cells.text(v[0])
        ]
        if lane is None:
            if values and all(_is_number(v[0]) for _c, v in values):
                kpi_rows.append((number, label, {column_stage[c]: v[0] for c, v in values}))
            elif values:
                sheet.warnings.append((number, f"'{label}' is not a lane cxmap knows; row ignored"))
            continue
        for col, (value, fill) in values:
            entries = by_lane.setdefault(lane, {}).setdefault(column_stage[col], [])
            if any(value == seen for seen, *_rest in entries):
                continue  # a lane cell merged over a stage's columns repeats its value
            entries.append((value, fill, number, f"{get_column_letter(col)}{number}"))

    counts: Counter = Counter()
    used_unspecified = False
    for stage, _cols in stages:
        header_text = stage_header[stage]
        channel_names = [
            item
            for value, _f, _n, _r in by_lane.get("channels", {}).get(stage, [])
            for item in lines_of(value)
        ]
        for channel in channel_names:
            sheet.add("channels", header_number, header_text, channel=channel)
        entries = by_lane.get("touchpoints", {}).get(stage, [])
        items = [
            (line, fill, number, ref)
            for value, fill, number, ref in entries
            for line in lines_of(value)
        ]
        qualities: dict[str, str | None] = {}
        for index, (line, fill, number, ref) in enumerate(items):
            item, marked, moment = parse_item(line)
            if not item:
                continue
            if len(channel_names) == len(items):
                channel = channel_names[index]
            elif len(channel_names) == 1:
                channel = channel_names[0]
            else:
                channel, used_unspecified = unspecified, True
            if ref not in qualities:  # once per cell, however many lines it holds
                qualities[ref] = _quality_of_fill(sheet, fill, ref, colours)[0]
            quality = marked or qualities[ref] or "neutral"
            counts[quality] += 1
            sheet.add(
                "touchpoints",
                number,
                header_text,
                stage=stage,
                channel=channel,
                touchpoint=item,
                qualification=quality,
                moment_of_truth=moment or None,
            )
        for lane, quality in (("pain_points", "irritant"), ("delights", "delight")):
            for value, _fill, number, _ref in by_lane.get(lane, {}).get(stage, []):
                for line in lines_of(value):
                    item, _marked, moment = parse_item(line)
                    if item:
                        counts[quality] += 1
                        used_unspecified = True
                        sheet.add(
                            "touchpoints",
                            number,
                            header_text,
                            stage=stage,
                            channel=unspecified,
                            touchpoint=item,
                            qualification=quality,
                            moment_of_truth=moment or None,
                        )
        feeling = by_lane.get("feelings", {}).get(stage, [])
        texts = {
            lane: "\n".join(
                lines
                for value, _f, _n, _r in by_lane.get(lane, {}).get(stage, [])
                for lines in lines_of(value)
            )
            or None
            for lane in ("does", "thinks", "says")
        }
        if feeling:
            value, _fill, number, _ref = feeling[0]
            sheet.add(
                "emotions",
                number,
                header_text,
                persona=persona_name,
                stage=stage,
                emotion=value,
                does=texts["does"],
                thinks=texts["thinks"],
                says=texts["says"],
                quote=texts["says"],
            )
        elif any(texts.values()):
            sheet.warnings.append(
                (
                    None,
                    f"stage '{stage}': what the customer does, thinks or "
                    "says is kept only with a feeling; none is given",
                )
            )
        for value, _fill, number, _ref in by_lane.get("opportunities", {}).get(stage, []):
            for line in lines_of(value):
                item = _BULLET.sub("", line).strip()
                if item:
                    sheet.add(
                        "actions", number, header_text, action=item, stage=stage, status="idea"
                    )
    if used_unspecified:
        sheet.add("channels", header_number, "channel", channel=unspecified)
    for number, label, values in kpi_rows:
        for stage, value in values.items():
            sheet.add(
                "kpis",
                number,
                stage_header[stage],
                kpi=label,
                value=value,
                stage=stage,
                persona=persona_name,
            )
    lanes = [lane for lane in LANES if lane in by_lane]
    emotions = sum(1 for r in sheet.rows if r.role == "emotions")
    actions = sum(1 for r in sheet.rows if r.role == "actions")
    sheet.summary = (
        f"lane canvas for persona '{persona_name}', {plural(len(stages), 'stage')}, lanes: "
        f"{', '.join(lane.replace('_', ' ') for lane in lanes) or 'none'}; "
        f"{plural(sum(counts.values()), 'touchpoint')} "
        f"({plural(counts['irritant'], 'irritant')}, {plural(counts['delight'], 'delight')}, "
        f"{counts['missing']} missing), {plural(emotions, 'emotion')}, "
        f"{plural(actions, 'opportunity', 'opportunities')} as actions awaiting impact and "
        "effort" + (f", {plural(len(kpi_rows), 'KPI row')}" if kpi_rows else "")
    )
    _warn_colours(sheet)
    return sheet


def _is_number(value: Any) -> bool:
    try:
        cells.number(value)
    except cells.CellError:
        return False
    return True


def is_french(grid: Grid) -> bool:
    """Whether a sheet's labels are French (to name the unspecified channel)."""
    first = _first_col(grid)
    return any(
        normalise((cells.text(found[first][0]) or "").split(":")[0]) in _FRENCH_LANES
        or _is_corner(found, first)
        and any(w in normalise(cells.text(found[first][0])) for w in ("canal", "etape"))
        for _n, found in grid
        if first in found
    )


def colour_overrides(pairs: dict[str, str]) -> dict[str, str]:
    """{"#ffc000": "irritant"} -> {"FFC000": "irritant"}, checking the meanings."""
    result = {}
    for colour, meaning in pairs.items():
        value = canonical("qualification", meaning)
        if value is None:
            raise ValueError(f"'{meaning}' is not irritant, delight, missing or neutral")
        result[colour.strip().lstrip("#").upper()[-6:]] = value
    return result


__all__ = ["LayoutSheet", "NotThisLayout", "detect", "read_canvas", "read_matrix"]
