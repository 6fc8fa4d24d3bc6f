"""What an import found: errors that block it, warnings, and notes on what was inferred."""

from __future__ import annotations

from dataclasses import dataclass, field


class CxmapError(Exception):
    """An error a user can act on; its message is shown as it is, never with a traceback."""


class RejectedFile(CxmapError):
    """A file refused before it is read: not a workbook, damaged, or hostile.  One line."""


@dataclass(frozen=True)
class Problem:
    """One finding, located as Excel shows it: sheet, row number and column header."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def where(self) -> str:
        parts = []
        if self.sheet is not None:
            parts.append(f"Sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


@dataclass
class Report:
    """Every error of a file at once, plus warnings and notes (what was inferred or skipped)."""

    source: str = ""
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # every sheet, in workbook order
    layouts: dict[str, str] = field(default_factory=dict)  # sheet -> tidy|matrix|canvas
    unknown_colours: dict[str, int] = field(default_factory=dict)  # RRGGBB -> cells

    @property
    def ok(self) -> bool:
        return not self.errors

    def error(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.errors.append(Problem(message, sheet, row, column))

    def warn(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.warnings.append(Problem(message, sheet, row, column))

    def note(
        self,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.notes.append(Problem(message, sheet, row, column))


class InvalidWorkbook(CxmapError):
    """A workbook read to the end with errors: nothing of it may be saved."""

    def __init__(self, report: Report):
        self.report = report
        count = len(report.errors)
        super().__init__(f"{report.source}: {count} error{'s' if count != 1 else ''}")
