"""The format page documents every sheet and column the importer knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxmap.domain.vocabulary import SHEETS

FORMAT_DOC = Path(__file__).parent.parent / "docs" / "workbook-format.md"


@pytest.fixture(scope="module")
def format_page() -> str:
    return FORMAT_DOC.read_text()


COLUMNS = [
    (sheet.role, column)
    for sheet in SHEETS
    if sheet.role != "responses"
    for column in sheet.columns
]


@pytest.mark.parametrize(
    "sheet", [s for s in SHEETS if s.role != "responses"], ids=lambda s: s.role
)
def test_format_page_names_every_sheet_in_english_and_french(format_page, sheet):
    assert f"### {sheet.en[0]} / {sheet.fr[0]}" in format_page


@pytest.mark.parametrize(("role", "column"), COLUMNS, ids=[f"{r}.{c.key}" for r, c in COLUMNS])
def test_format_page_lists_every_column_with_its_aliases(format_page, role, column):
    section = format_page.split(f"### {next(s for s in SHEETS if s.role == role).en[0]} /")[1]
    section = section.split("### ")[0]
    header = f"**{column.en[0]}**" if column.required else column.en[0]
    row = next((line for line in section.splitlines() if line.startswith(f"| {header} |")), None)
    assert row is not None, f"no row for {column.en[0]}"
    for alias in (*column.en, *column.fr):
        assert alias in row
