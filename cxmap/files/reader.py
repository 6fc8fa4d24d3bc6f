"""Read a journey workbook into journey maps: the public entry of the workbook reader.

Reading never writes anything.  It collects every error of the file at once, each located by
sheet, row (as Excel numbers it) and column header, and returns them in a
:class:`~cxmap.domain.report.Report` beside the maps; the caller saves only a file without errors.

The reader is layered, lowest first:

* :mod:`cxmap.files.guard` checks the file before anything parses it;
* :mod:`cxmap.files.grid` reads a sheet into a grid of cells (value, number format or fill);
* :mod:`cxmap.files.recognise` tells what each sheet is (a template sheet, a channel × stage
  matrix, a lane canvas: :mod:`cxmap.files.layouts`), finds its header row and makes tables;
* :mod:`cxmap.files.assemble` parses the cells and builds the maps, resolving names.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from cxmap.domain.model import JourneyMap
from cxmap.domain.report import CxmapError, RejectedFile, Report
from cxmap.files import assemble, guard, recognise
from cxmap.files.recognise import NO_CORRECTIONS, Corrections, Progress


@dataclass(frozen=True)
class ImportResult:
    """What a workbook holds (``maps``) and what reading it found (``report``)."""

    maps: tuple[JourneyMap, ...]
    report: Report

    @property
    def ok(self) -> bool:
        return self.report.ok


def read_workbook(
    source: str | Path | bytes | BinaryIO,
    *,
    filename: str | None = None,
    journey_name: str | None = None,
    corrections: Corrections = NO_CORRECTIONS,
    limits: guard.Limits = guard.DEFAULT_LIMITS,
    progress: Progress | None = None,
) -> ImportResult:
    """Read a journey workbook: Layout 1 sheets, channel × stage matrices and lane canvases,
    mixed as they come.  Raises RejectedFile for a file that cannot be read at all (whatever
    a parser raises on it becomes one: :func:`guard.reading`)."""
    with guard.reading("the workbook"):
        return _read_workbook(source, filename, journey_name, corrections, limits, progress)


def _read_workbook(
    source: str | Path | bytes | BinaryIO,
    filename: str | None,
    journey_name: str | None,
    corrections: Corrections,
    limits: guard.Limits,
    progress: Progress | None,
) -> ImportResult:
    if journey_name:
        corrections = replace(corrections, journey=journey_name)
    data, display = _bytes_of(source, filename, limits)
    report = Report(source=display)
    if not guard.defusedxml_active():
        raise CxmapError(
            "defusedxml is not active for openpyxl: install it (see requirements.txt)"
            " and do not set OPENPYXL_DEFUSEDXML=False"
        )
    tell = progress or (lambda _fraction, _message: None)
    tell(0.02, "checking the file")
    info = guard.inspect(data, limits)
    tables = recognise.read_sheets(data, info, corrections, report, tell)
    tell(0.85, "checking references")
    maps = assemble.build(tables, report, corrections.journey or _stem(display))
    maps = assemble.corrected(maps, corrections, report)
    tell(1.0, "read")
    return ImportResult(tuple(maps) if report.ok else (), report)


def _bytes_of(
    source: str | Path | bytes | BinaryIO, filename: str | None, limits: guard.Limits
) -> tuple[bytes, str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > limits.max_file_bytes:
                raise RejectedFile(
                    f"the file is {size / guard.MiB:,.0f} MiB; the limit is "
                    f"{limits.max_file_bytes / guard.MiB:,.0f} MiB"
                )
            return path.read_bytes(), filename or str(path)
        except OSError as exc:
            raise RejectedFile(f"cannot read {path}: {exc.strerror or exc}") from None
    if isinstance(source, bytes):
        return source, filename or "workbook.xlsx"
    data = source.read(limits.max_file_bytes + 1)
    return data, filename or getattr(source, "name", "workbook.xlsx")


def _stem(display: str) -> str:
    stem = Path(display).stem.replace("_", " ").strip()
    return stem or "Imported journey"


__all__ = ["NO_CORRECTIONS", "Corrections", "ImportResult", "Progress", "read_workbook"]
