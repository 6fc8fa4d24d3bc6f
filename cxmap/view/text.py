"""User text shown as text: the names, quotes and labels people type in a workbook reach three
kinds of renderer that each read markup of their own —

- Streamlit's Markdown (``st.markdown``, ``st.caption``, titles, alerts, toasts, widget labels,
  metric labels…): :func:`md` backslash-escapes every ASCII punctuation mark (CommonMark lets
  any of them be escaped), so ``**bold**``, ``[x](url)``, ``![x](url)``, ``<b>``, ``$x^2$``,
  ``:red[x]`` and a leading ``1.`` or ``#`` stay characters; and, since GitHub-flavoured
  Markdown links bare addresses whatever their escapes, it puts an invisible word joiner
  (U+2060) before the ``:`` of ``http://`` and the ``.`` of ``www.`` (the text reads the same;
  a copy holds that invisible character; an e-mail address still becomes a mailto: link);
- Plotly's pseudo-HTML (trace names, hover labels, tick labels, annotations, Sankey labels):
  :func:`plotly` writes ``<``, ``>`` and ``&`` as entities Plotly shows literally, and
  :func:`template` also writes ``%`` as an entity for text put inside a ``hovertemplate``
  (where ``%{…}`` is a substitution);
- a spreadsheet opening a table's "Download as CSV": :func:`cell` prefixes ``'`` to text that a
  spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return), the OWASP advice for CSV injection, and :func:`cells` does so for every text
  column of a frame.

Plain Python; the Streamlit adapter and the figure builders call it where user text goes out.
"""

from __future__ import annotations

import html
import re
import string
from typing import Any

import pandas as pd

_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
# what GitHub-flavoured Markdown turns into a link even when every mark is escaped (it links
# bare addresses in the text it parsed): a scheme's "://" and "www.".  An e-mail address is
# left to become a mailto: link (it fetches nothing, and people search the page for it)
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])(:)(?=//)|(?<=\bwww)(\.)")
WORD_JOINER = "\u2060"  # invisible, zero-width: shown text unchanged, the link broken
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md(value: object) -> str:
    """``value`` as Markdown that renders as exactly these characters (each line's leading
    blanks dropped: four of them would start a code block; line breaks kept as hard breaks)."""
    if value is None:
        return ""
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "  \n".join(_MD_SPECIAL.sub(r"\\\1", _unlinked(line.lstrip())) for line in lines)


def _unlinked(line: str) -> str:
    return _AUTOLINK.sub(lambda m: WORD_JOINER + m.group(0), line)


def md_values(values: dict[str, object]) -> dict[str, str]:
    """Every value of a translation's placeholders escaped with :func:`md`."""
    return {key: md(value) for key, value in values.items()}


def plotly(value: object) -> str:
    """``value`` as a Plotly label that shows these characters (no tag, entity or link)."""
    return html.escape("" if value is None else str(value), quote=False)


def template(value: object) -> str:
    """``value`` placed inside a Plotly ``hovertemplate``: :func:`plotly`, and ``%`` as an
    entity so that ``%{y}`` in a name is not a substitution."""
    return plotly(value).replace("%", "&#37;")


def cell(value: Any) -> Any:
    """A table cell that a spreadsheet reads as text: text starting like a formula gets a
    leading ``'``; anything else (numbers, blanks) is returned as it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def uncell(value: Any) -> Any:
    """What :func:`cell` made safe, as it was typed (an edited cell read back): the leading
    ``'`` taken off text that starts like a formula after it."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def cells(frame: pd.DataFrame, *, columns: list[str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (in ``columns``, default all non-numeric columns)
    are formula-safe (:func:`cell`); its headers too."""
    shown = frame.copy()
    for column in columns if columns is not None else list(shown.columns):
        if column in shown and not pd.api.types.is_numeric_dtype(shown[column]):
            values = shown[column]
            if any(isinstance(v, str) and v.startswith(_FORMULA_START) for v in values):
                shown[column] = pd.Series(
                    [cell(v) for v in values], index=shown.index, dtype=object
                )
    return shown.rename(columns={c: cell(c) for c in shown.columns if isinstance(c, str)})
