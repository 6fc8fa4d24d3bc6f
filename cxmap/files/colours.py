"""What a cell's fill colour says about a touchpoint, as consultants colour their grids: red or
pink = irritant, green = delight, blue = missing, no fill = neutral.

A fill may be an RGB colour, a theme colour with a tint, an indexed colour, or one of Excel's
built-in cell styles "Bad", "Good" and "Neutral" (the same styles are "Insatisfaisant",
"Satisfaisant" and "Neutre" in a French Excel).  Colours are classified by hue; a colour with
no clear meaning (yellow, orange, purple) is reported so that the user can say what it means.
"""

from __future__ import annotations

import colorsys
import math
import re
from dataclasses import dataclass
from typing import Any

from defusedxml import ElementTree as SafeET
from openpyxl.styles.colors import COLOR_INDEX

# Excel's built-in cell styles, by builtinId: Good, Bad, Neutral.
BUILTIN_STYLES = {26: "delight", 27: "irritant", 28: "neutral"}
_THEME_NS = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_THEME_ORDER = (
    "lt1",
    "dk1",
    "lt2",
    "dk2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
)  # Excel swaps dk/lt in indexes
_HEX = re.compile(r"[0-9A-Fa-f]{6}")


def _rgb(value: object) -> str | None:
    """`RRGGBB` from an ARGB or RGB hex string; None when it is not one (a damaged file)."""
    if not isinstance(value, str) or not _HEX.fullmatch(value[-6:]):
        return None
    return value.upper()[-6:]


@dataclass(frozen=True)
class Fill:
    """A cell's fill as a hex colour (`#RRGGBB`), or the meaning of its built-in style."""

    colour: str | None = None
    style: str | None = None


def theme_palette(theme_xml: bytes | None) -> list[str]:
    """The theme colours in the order Excel indexes them, as `RRGGBB`."""
    if not theme_xml:
        return []
    try:
        root = SafeET.fromstring(theme_xml)
    except Exception:  # a broken theme only loses theme colours
        return []
    scheme = next(root.iter(f"{_THEME_NS}clrScheme"), None)
    if scheme is None:
        return []
    colours: dict[str, str] = {}
    for entry in scheme:
        name = entry.tag.removeprefix(_THEME_NS)
        for value in entry:
            rgb = _rgb(value.get("val") if value.tag.endswith("srgbClr") else value.get("lastClr"))
            if rgb:
                colours[name] = rgb
    return [colours.get(name, "FFFFFF") for name in _THEME_ORDER]


def _apply_tint(rgb: str, tint: float) -> str:
    """Excel's tint: lighten (tint > 0) or darken (tint < 0) in HLS space.  A tint outside
    -1..1 (or NaN, in a damaged file) is clamped (or ignored)."""
    if not tint or math.isnan(tint):
        return rgb
    tint = min(max(tint, -1.0), 1.0)
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    light = light * (1 + tint) if tint < 0 else light * (1 - tint) + tint
    r, g, b = colorsys.hls_to_rgb(hue, min(max(light, 0), 1), sat)
    return "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def colour_of(colour: Any, palette: list[str]) -> str | None:
    """An openpyxl Color as `RRGGBB` (None when unset or automatic)."""
    if colour is None:
        return None
    kind = getattr(colour, "type", None)
    try:
        tint = float(getattr(colour, "tint", 0) or 0)
    except (TypeError, ValueError):
        tint = 0.0
    rgb = None
    if kind == "rgb":
        rgb = _rgb(colour.rgb)
    elif kind == "theme" and isinstance(colour.theme, int) and 0 <= colour.theme < len(palette):
        rgb = _rgb(palette[colour.theme])
    elif (
        kind == "indexed"
        and isinstance(colour.indexed, int)
        and 0 <= colour.indexed < len(COLOR_INDEX)
    ):
        rgb = _rgb(COLOR_INDEX[colour.indexed])
    return _apply_tint(rgb, tint) if rgb else None


def fill_of(cell: Any, workbook: Any, palette: list[str]) -> Fill:
    """The fill of a read-only cell: its built-in style's meaning, else its colour."""
    try:  # a style or fill number past the workbook's lists (a damaged file) is no fill
        style_array = getattr(cell, "style_array", None)
        if style_array is None:
            return Fill()
        named = getattr(workbook, "_named_styles", None)  # openpyxl keeps them here
        if named is not None and style_array.xfId and 0 <= style_array.xfId < len(named):
            builtin = getattr(named[style_array.xfId], "builtinId", None)
            if builtin in BUILTIN_STYLES:
                return Fill(style=BUILTIN_STYLES[builtin])
        fill = cell.fill
    except IndexError:
        return Fill()
    pattern = getattr(fill, "patternType", None)
    if pattern is None and getattr(fill, "stop", None):  # a gradient: its first stop
        return Fill(colour=colour_of(fill.stop[0].color, palette))
    if pattern in (None, "none"):
        return Fill()
    return Fill(colour=colour_of(fill.fgColor, palette))


def meaning_of_colour(rgb: str | None) -> str | None:
    """irritant / delight / missing for a clear red-pink, green or blue; `neutral` for white,
    grey or black; None for a colour with no agreed meaning (yellow, orange, purple…)."""
    if rgb is None:
        return "neutral"
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    degrees = hue * 360
    if sat < 0.15 or light > 0.97 or light < 0.06:
        return "neutral"
    if degrees >= 325 or degrees < 15:
        return "irritant"
    if 75 <= degrees < 170:
        return "delight"
    if 185 <= degrees < 255:
        return "missing"
    return None


def colour_name(rgb: str) -> str:
    """A rough name of a colour for messages (`#FFC000 (orange)`)."""
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    degrees = colorsys.rgb_to_hls(r, g, b)[0] * 360
    for limit, name in (
        (15, "red"),
        (45, "orange"),
        (70, "yellow"),
        (170, "green"),
        (185, "cyan"),
        (255, "blue"),
        (325, "purple"),
        (360, "pink"),
    ):
        if degrees < limit:
            return f"#{rgb} ({name})"
    return f"#{rgb}"
