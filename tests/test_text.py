"""User text shown as text: the Markdown, Plotly and spreadsheet escapes of cxmap.view.text
(what each renderer makes of the result is checked in a real browser by tests/test_xss.py)."""

from __future__ import annotations

import string

import pandas as pd
import pytest

from cxmap.view import charts, text

J = text.WORD_JOINER


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        # emphasis, links and images: every mark escaped
        ("**bold**", r"\*\*bold\*\*"),
        ("_it_", r"\_it\_"),
        (
            "![x](http://127.0.0.9/img.png)",
            r"\!\[x\]\(http" + J + r"\:\/\/127\.0\.0\.9\/img\.png\)",
        ),
        ("[link](http://x)", r"\[link\]\(http" + J + r"\:\/\/x\)"),
        # bare addresses, which GitHub-flavoured Markdown links whatever the escapes: broken by
        # an invisible word joiner (U+2060) before ":" of a scheme and "." of www
        ("see https://x.org", "see https\u2060\\:\\/\\/x\\.org"),
        ("www.x.org", "www\u2060\\.x\\.org"),
        ("ann@x.org", r"ann\@x\.org"),  # an e-mail address: a mailto: link, which fetches nothing
        ("a@b and 10:30 // ok", r"a\@b and 10\:30 \/\/ ok"),
        # raw HTML and entities
        ("<b>x</b>", r"\<b\>x\<\/b\>"),
        ("&lt;b&gt;", r"\&lt\;b\&gt\;"),
        # maths, Streamlit's colour directives and emoji shortcodes, code
        ("$x^2$", r"\$x\^2\$"),
        (":red[alert]", r"\:red\[alert\]"),
        ("`code`", r"\`code\`"),
        ("~~gone~~", r"\~\~gone\~\~"),
        # block starts: headings, lists, quotes, tables
        ("# Title", r"\# Title"),
        ("1. first", r"1\. first"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("> quote", r"\> quote"),
        ("a | b", r"a \| b"),
        # leading blanks (a code block) dropped, line breaks kept as hard breaks
        ("    code", "code"),
        ("one\ntwo", "one  \ntwo"),
        ("one\r\n  - two", "one  \n\\- two"),
        # backslashes themselves, and plain words untouched (accents included)
        ("a\\b", r"a\\b"),
        ("Découverte produit", "Découverte produit"),
        ("", ""),
        (None, ""),
        (12.5, r"12\.5"),
    ],
)
def test_md_escapes_every_markdown_mark(raw: object, escaped: str) -> None:
    assert text.md(raw) == escaped


def test_md_leaves_no_punctuation_unescaped() -> None:
    escaped = text.md(string.punctuation)
    # each punctuation mark is preceded by the backslash that makes it a literal character
    assert escaped == "".join("\\" + c for c in string.punctuation)


def test_md_values_escapes_each_value() -> None:
    assert text.md_values({"name": "**x**", "n": 3}) == {"name": r"\*\*x\*\*", "n": "3"}


@pytest.mark.parametrize(
    ("raw", "label", "in_template"),
    [
        # tags Plotly reads as markup (<a href>, <b>, <br>, <img>) become entities
        (
            '<a href="http://127.0.0.9/x">link</a>',
            '&lt;a href="http://127.0.0.9/x"&gt;link&lt;/a&gt;',
            None,
        ),
        ("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;", None),
        ("a<br>b", "a&lt;br&gt;b", None),
        # an entity typed as such shows as typed
        ("&amp;", "&amp;amp;", None),
        # % is a substitution only inside a hovertemplate
        ("50 % %{y}", "50 % %{y}", "50 &#37; &#37;{y}"),
        ("Plain name", "Plain name", "Plain name"),
        (None, "", ""),
    ],
)
def test_plotly_escapes(raw: object, label: str, in_template: str | None) -> None:
    assert text.plotly(raw) == label
    if in_template is not None:
        assert text.template(raw) == in_template


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        # what a spreadsheet would read as a formula gets a leading quote
        ('=HYPERLINK("http://127.0.0.9","x")', '\'=HYPERLINK("http://127.0.0.9","x")'),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("+33 1 23", "'+33 1 23"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        # anything else is left as it is: other text, numbers (negative ones too), blanks
        ("Checkout", "Checkout"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),
        (2.5, 2.5),
        (None, None),
    ],
)
def test_cell_is_formula_safe(value: object, safe: object) -> None:
    assert text.cell(value) == safe


def test_cells_leaves_numbers_and_escapes_text_columns() -> None:
    frame = pd.DataFrame(
        {"name": ["=1+1", "ok", None], "value": [-1.0, 2.0, 3.0], "=head": ["@x", "y", "z"]}
    )
    shown = text.cells(frame)
    assert list(shown.columns) == ["name", "value", "'=head"]
    assert list(shown["name"])[:2] == ["'=1+1", "ok"] and pd.isna(shown["name"].iloc[2])
    assert list(shown["value"]) == [-1.0, 2.0, 3.0]
    assert list(shown["'=head"]) == ["'@x", "y", "z"]
    assert list(frame["name"])[:2] == ["=1+1", "ok"]  # the frame given is not changed
    only = text.cells(frame, columns=["name"])
    assert list(only["'=head"]) == ["@x", "y", "z"]  # only the columns asked for


def test_wrapped_axis_labels_are_escaped_line_by_line() -> None:
    # escaped after wrapping, so an entity is never cut across two lines
    label = charts.wrap("<a href=x>a very long stage name</a>", 10)
    assert "<a" not in label and "&lt;a" in label
    assert all("&" not in part or ";" in part for part in label.split("<br>"))


@pytest.mark.parametrize(
    "typed", ['=HYPERLINK("http://x")', "+33 6 12", "-sum", "@me", "Ops", "", None, "'quoted"]
)
def test_uncell_reads_back_what_cell_made_safe(typed: object) -> None:
    assert text.uncell(text.cell(typed)) == typed
