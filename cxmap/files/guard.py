"""Refuse hostile or broken files before a parser sees them.

An XLSX file is a zip of XML parts.  Before openpyxl opens one, :func:`inspect` inflates every
part in chunks, counting the bytes really produced (never trusting the sizes the archive
claims), refuses XML that declares a DOCTYPE or entities (billion-laughs and external-entity
attacks), and counts worksheet rows as they stream by.  Whatever it refuses raises
:class:`~cxmap.domain.report.RejectedFile` with a one-line reason, in well under a second or two and
with memory bounded by the chunk size.  openpyxl itself parses with defusedxml as a second line
of defence (:func:`defusedxml_active`).

As each part streams by, the guard also refuses what would make a parser choke or hang, naming
the sheet and the cell: XML that is not well-formed, row and cell references that are malformed
or beyond Excel's grid (1,048,576 rows × 16,384 columns), merged ranges reversed or too large,
values that are not what their cell type says, styles and shared strings that do not exist.  It
counts the empty rows and cells openpyxl will produce for a sheet and holds them to a
:class:`Budget`, whose time limit :func:`reading` also enforces.  :func:`reading` wraps a whole
read (a workbook, an answers file, later an event log): whatever a parser still raises becomes a
one-line RejectedFile.
"""

from __future__ import annotations

import contextvars
import io
import posixpath
import re
import struct
import time
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType
from xml.parsers import expat

from defusedxml import ElementTree as SafeET
from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.utils.datetime import from_ISO8601

from cxmap.domain.report import CxmapError, RejectedFile

MiB = 1024 * 1024
_CHUNK = MiB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DANGEROUS = (b"<!DOCTYPE", b"<!ENTITY")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")  # <row …>, <row>, <x:row\n…
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_MERGE_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell[\s>/]")
_OVERLAP = 128  # longer than every tag searched, so none is missed across chunk borders
EXCEL_MAX_ROW = 1_048_576
EXCEL_MAX_COLUMN = 16_384  # XFD
MAX_MERGED_CELLS = 1_000_000  # per sheet: the reader copies a merged value into every cell
# A start tag, or a cell, longer than this is nothing Excel writes (a cell holds at most 32,767
# characters); the sheet scan carries an unfinished one over to the next chunk up to this size.
_MAX_ELEMENT = 8 * MiB
_P = rb"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix
# a row or cell start tag, with its r attribute (quote included) when it has one
_REF_TAG = re.compile(
    rb"<" + _P + rb"(row|c)(?=[\s/>])[^>]*?"
    rb"(?:\sr\s*=\s*([\"'])([A-Za-z]*)([0-9]*)([^\"']*)|(?=/?>))"
)
_COLUMN_INDEX = {
    spelling: index
    for index in range(1, EXCEL_MAX_COLUMN + 1)
    for spelling in (get_column_letter(index).encode(), get_column_letter(index).lower().encode())
}
_ELEMENT_START = re.compile(rb"<" + _P + rb"(?:row|c)(?=[\s/>])")
_CELL_REF = re.compile(rb"([A-Za-z]{1,3})([1-9][0-9]*)")  # as openpyxl reads a cell's
_RANGE_CORNER = re.compile(rb"\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})")  # and a merge's
# The value checks below look for attributes as Excel and openpyxl write them (double quotes,
# one space before, no prefix on <v>): literal prefixes keep these scans fast.  A file spelled
# otherwise skips them, and what it breaks is still refused, by guard.reading, with openpyxl's
# reason instead of this precise one.
# A <v> whose text is not a plain number.  Rare in a sound sheet (text sits in the shared
# strings, and a cell gives its index), so only these few are looked at one by one.
_ODD_VALUE = re.compile(
    rb"<v>(?!\s*(?:[+-]?(?:[0-9]{1,40}(?:\.[0-9]{0,40})?|\.[0-9]{1,40})"
    rb"(?:[eE][+-]?[0-9]{1,4})?)?\s*</)([^<]{0,200})"
)
_CELL_TAG = re.compile(rb"<" + _P + rb"c(?=[\s/>])([^>]*)>")
_SHARED_INDEX = re.compile(rb' t="s"[^>]*>\s*<v>([^<]{0,40})')
_DATE_VALUE = re.compile(rb' t="d"[^>]*>\s*<v>([^<]{0,200})')
_STYLE_ATTR = re.compile(rb' s="([^"]*)')
_ATTR = re.compile(rb"<" + _P + rb"c\s[^>]*?\bs\s*=\s*[\"']([^\"']*)")
_ATTR = re.compile(rb"\b(r|t)\s*=\s*[\"']([^\"']*)")
_MERGE_CELL = re.compile(rb"<" + _P + rb"mergeCell\s[^>]*?\bref\s*=\s*[\"']([^\"']*)")
_SHARED_ITEM = re.compile(rb"<" + _P + rb"si[\s>/]")
_CELL_XFS = re.compile(rb"<" + _P + rb"cellXfs[\s>][\s\S]*?</" + _P + rb"cellXfs>")
_XF = re.compile(rb"<" + _P + rb"xf[\s>/]")


@dataclass(frozen=True)
class Limits:
    """How large a workbook may be.  The defaults fit journey maps; answer files raise them."""

    max_file_bytes: int = 64 * MiB
    max_inflated_bytes: int = 256 * MiB
    max_rows_per_sheet: int = 100_000
    max_parts: int = 5_000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Budget:
    """How much work one import may cost: a time limit, and a cap on the cells a parser will
    walk through.  The guard counts those cells as openpyxl will produce them (the empty rows
    it yields for a gap in row numbers, the empty cells it pads a row with up to its last
    cell), so a file it lets through is read in bounded time whatever its row numbers say.
    The same budget serves every kind of file read (workbooks, answers, event logs)."""

    seconds: float = 120.0
    max_cells: int = 12_000_000

    def start(self) -> Clock:
        return Clock(self, time.monotonic() + self.seconds)


DEFAULT_BUDGET = Budget()


@dataclass(frozen=True)
class Clock:
    """A running budget: :meth:`check` refuses the file once its time is spent."""

    budget: Budget
    deadline: float

    def check(self, what: str = "the file") -> None:
        if time.monotonic() > self.deadline:
            raise RejectedFile(
                f"{what} takes longer to read than the {self.budget.seconds:g} s an import may take"
            )


_CLOCK: contextvars.ContextVar[Clock | None] = contextvars.ContextVar("cxmap_clock", default=None)


def checkpoint(what: str = "the file") -> None:
    """Refuse the file being read when its budget's time is spent (loops call this)."""
    clock = _CLOCK.get()
    if clock is not None:
        clock.check(what)


def current_budget() -> Budget:
    clock = _CLOCK.get()
    return clock.budget if clock is not None else DEFAULT_BUDGET


@contextmanager
def reading(what: str, budget: Budget = DEFAULT_BUDGET) -> Iterator[Clock]:
    """Run a file's whole reading under ``budget``, and turn whatever a parser raises on a
    malformed file into a one-line :class:`RejectedFile` (naming the sheet and the cell when
    the reader's frames tell them), never a traceback.  ``what`` names the file in messages
    ("the workbook", "the answers file")."""
    clock = budget.start()
    token = _CLOCK.set(clock)
    try:
        yield clock
    except CxmapError:
        raise
    except MemoryError:
        raise RejectedFile(f"{what} needs more memory to read than this server has") from None
    except RecursionError:
        raise RejectedFile(f"{what} is nested too deeply to be read") from None
    except Exception as exc:  # a parser's error on a malformed file: a refusal, not a crash
        message = (str(exc).strip().splitlines() or [""])[0][:200]
        where = _where(exc.__traceback__)
        detail = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
        raise RejectedFile(
            f"{what} cannot be read{where}; it is damaged or not as Excel writes it ({detail})"
        ) from exc  # kept for a debugger; the message alone is shown
    finally:
        _CLOCK.reset(token)


def _where(tb: TracebackType | None) -> str:
    """' (sheet 'X', cell B3)' from the innermost cxmap frame that holds a worksheet ``ws``
    (and a ``cell``), as the reader names them; '' when none does."""
    sheet = cell = None
    while tb is not None:
        frame = tb.tb_frame
        if frame.f_globals.get("__name__", "").startswith("cxmap."):
            ws = frame.f_locals.get("ws")
            if isinstance(getattr(ws, "title", None), str):
                sheet = ws.title
            found = frame.f_locals.get("cell")
            try:
                cell = found.coordinate if found is not None else cell
            except Exception:  # a cell too broken to say where it is
                pass
        tb = tb.tb_next
    if sheet is None:
        return ""
    return f" (sheet '{sheet}'" + (f", cell {cell}" if isinstance(cell, str) else "") + ")"


@dataclass(frozen=True)
class SheetPart:
    """What the inflating pass saw of one worksheet part."""

    title: str
    path: str
    rows: int = 0
    has_formulas: bool = False
    has_merges: bool = False
    max_row: int = 0  # the last row number, as a parser will count it
    max_column: int = 0
    cells: int = 0  # cells and empty rows openpyxl's read-only mode will yield


@dataclass(frozen=True)
class WorkbookInfo:
    sheets: dict[str, SheetPart] = field(default_factory=dict)  # by sheet title


def _inflate(data: bytes, part: zipfile.ZipInfo) -> Iterator[bytes]:
    """The bytes a part really inflates to, in chunks of at most _CHUNK, read from its raw
    compressed data: neither its declared size nor zipfile's reading of it is trusted.  The
    deflate stream must end and its CRC match."""
    offset = part.header_offset
    if data[offset : offset + 4] != b"PK\x03\x04":
        raise RejectedFile(f"the file is damaged or truncated (part {part.filename})")
    name_length, extra_length = struct.unpack("<HH", data[offset + 26 : offset + 30])
    start = offset + 30 + name_length + extra_length
    raw = memoryview(data)[start : start + part.compress_size]
    if len(raw) < part.compress_size:
        raise RejectedFile(f"the file is truncated (part {part.filename} is cut short)")
    crc = 0
    if part.compress_type == zipfile.ZIP_STORED:
        for i in range(0, len(raw), _CHUNK):
            chunk = bytes(raw[i : i + _CHUNK])
            crc = zlib.crc32(chunk, crc)
            yield chunk
    elif part.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        for i in range(0, len(raw), _CHUNK):
            pending = bytes(raw[i : i + _CHUNK])
            while pending and not inflater.eof:
                chunk = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                crc = zlib.crc32(chunk, crc)
                yield chunk
        if not inflater.eof:
            raise RejectedFile(
                f"the file is damaged or truncated (part {part.filename} ends "
                "before its compressed stream does)"
            )
    else:
        raise RejectedFile(
            f"part {part.filename} uses a compression Excel never writes "
            f"(method {part.compress_type})"
        )
    if crc != part.CRC:
        raise RejectedFile(f"the file is damaged (part {part.filename} fails its CRC check)")


class _SheetScan:
    """Reads one worksheet part as it streams by, in complete elements: counts its rows, and
    refuses what a parser would choke or hang on, located by sheet and cell (row and cell
    references beyond Excel's grid or malformed, values that are not what their type says,
    reversed or huge merged ranges).  Also measures the work openpyxl will do on it."""

    def __init__(self, title: str, limits: Limits):
        self.title, self.limits = title, limits
        self.carry = b""
        self.rows = 0
        self.row_number = 0  # as openpyxl counts: the r attribute, or one more than the last
        self.max_row = 0
        self.column = 0
        self.max_column = 0
        self.row_width = 0  # openpyxl pads a row with empty cells up to its last cell
        self.padded = 0
        self.formulas = self.merges = False
        self.merged_cells = 0
        self.shared_index = -1  # the highest shared-string index a cell uses
        self.styles: set[bytes] = set()

    def refuse(self, message: str, cell: str | None = None) -> RejectedFile:
        where = f"sheet '{self.title}'" + (f", cell {cell}" if cell else "")
        return RejectedFile(f"{where}: {message}")

    def feed(self, chunk: bytes) -> None:
        """Scan what is complete; carry the last row or cell (it may go on) to the next chunk."""
        window = self.carry + chunk
        cut = None
        for span in (64 * 1024, len(window)):
            for start in _ELEMENT_START.finditer(window, max(0, len(window) - span)):
                cut = start.start()
            if cut is not None:
                break
        if cut is None:
            cut = max(window.rfind(b"<"), 0)  # a tag cut by the chunk's end goes on
        body, self.carry = window[:cut], window[cut:]
        if len(self.carry) > _MAX_ELEMENT:  # a long element (or blanks) after its start tag
            end = self.carry.rfind(b">") + 1
            body, self.carry = body + self.carry[:end], self.carry[end:][-_OVERLAP:]
        self.scan(body)

    def close(self) -> None:
        self.scan(self.carry)
        self.carry = b""
        self.padded += self.row_width
        self.row_width = 0

    def scan(self, body: bytes) -> None:
        if not body:
            return
        self.references(body)
        self.values(body)
        self.formulas = self.formulas or _FORMULA_TAG.search(body) is not None
        if _MERGE_TAG.search(body) is not None:
            self.merges = True
            for match in _MERGE_CELL.finditer(body):
                self.merge(match.group(1).decode("latin-1"))
        for value in set(_STYLE_ATTR.findall(body)):
            if not value.strip().isdigit():
                raise self.refuse(f"a cell has the style '{value.decode('latin-1')[:20]}'")
            self.styles.add(value)
        for index in set(_SHARED_INDEX.findall(body)):
            if not index.strip().isdigit():
                raise self.refuse(
                    f"'{index.decode('latin-1').strip()[:40]}' is stored as a shared string "
                    "but is none",
                    self._cell_before(body, body.index(b">" + index) + 1)[0],
                )
            self.shared_index = max(self.shared_index, int(index))
        for match in _DATE_VALUE.finditer(body):
            try:
                from_ISO8601(match.group(1).decode("latin-1").strip())
            except (ValueError, TypeError):
                raise self.refuse(
                    f"'{match.group(1).decode('latin-1')[:40]}' is marked as a date but is not one",
                    self._cell_before(body, match.start() + 1)[0],
                ) from None

    def references(self, body: bytes) -> None:
        """Row and cell references: well-formed, inside Excel's grid; the padding counted.
        (The hot loop of the guard: one pass per row and cell, so it keeps to locals.)"""
        rows = 0
        number, column, width = self.row_number, self.column, self.row_width
        padded, max_row, max_column = self.padded, self.max_row, self.max_column
        columns = _COLUMN_INDEX
        for kind, quote, letters, digits, rest in _REF_TAG.findall(body):
            if kind == b"c":
                if quote:
                    column = columns.get(letters) or 0
                    if not column or rest or not digits or digits[0] == 48 or len(digits) > 7:
                        self._bad_cell(letters + digits + rest)
                    if len(digits) == 7 and int(digits) > EXCEL_MAX_ROW:
                        self._bad_cell(letters + digits)
                else:
                    column += 1
                    if column > EXCEL_MAX_COLUMN:
                        raise self.refuse("a row has cells beyond Excel's last column (XFD)")
                width = column
                if column > max_column:
                    max_column = column
                continue
            rows += 1
            padded += width
            width = column = 0
            if quote:
                if letters or rest or not digits or digits[0] == 48:
                    raise self.refuse(
                        f"a row is numbered '{(letters + digits + rest).decode('latin-1')[:20]}'"
                        ", which is not a row number"
                    )
                number = int(digits) if len(digits) < 20 else 10**19
            else:
                number += 1
            if number > EXCEL_MAX_ROW:
                raise self.refuse(
                    f"a row is numbered {number:,}, beyond Excel's last row ({EXCEL_MAX_ROW:,})"
                )
            if number > max_row:
                max_row = number
        self.row_number, self.column, self.row_width = number, column, width
        self.padded, self.max_row, self.max_column = padded, max_row, max_column
        self.rows += rows
        if self.rows > self.limits.max_rows_per_sheet:
            raise self.refuse(
                f"it has more than {self.limits.max_rows_per_sheet:,} rows; the limit is "
                f"{self.limits.max_rows_per_sheet:,}"
            )

    def _bad_cell(self, ref: bytes) -> None:
        text = ref.decode("latin-1")[:20]
        if _CELL_REF.fullmatch(ref):
            raise self.refuse("the cell lies beyond Excel's last column or row", text)
        raise self.refuse(f"'{text}' is not a cell reference", text)

    def values(self, body: bytes) -> None:
        """Cell values openpyxl would fail to convert: a number, a boolean or a shared-string
        index that is none, or a date that is not an ISO date."""
        for match in _ODD_VALUE.finditer(body):
            ref, kind = self._cell_before(body, match.start())
            if kind not in (b"n", b"s", b"b"):
                continue  # text (str, inlineStr), an error (e), a date (checked apart)
            value = match.group(1).decode("latin-1").strip()
            try:
                float(value) if any(c in value for c in ".eE") else int(value)
            except ValueError:
                expected = {b"n": "a number", b"s": "a shared string", b"b": "true or false"}
                raise self.refuse(
                    f"'{value[:40]}' is stored as {expected[kind]} but is none", ref
                ) from None

    @staticmethod
    def _cell_before(body: bytes, position: int) -> tuple[str | None, bytes]:
        """The reference and type of the cell whose start tag comes last before ``position``."""
        tag = None
        start = position
        while tag is None and start > 0 and position - start < _MAX_ELEMENT:
            start = body.rfind(b"<", 0, start)
            if start < 0:
                break
            tag = _CELL_TAG.match(body, start)
        if tag is None:
            return None, b"n"
        attrs = dict(_ATTR.findall(tag.group(1)))
        ref = attrs.get(b"r")
        return (ref.decode("latin-1")[:20] if ref else None), attrs.get(b"t", b"n")

    def merge(self, ref: str) -> None:
        first, _, last = ref.partition(":")
        corners = []
        for corner in (first, last or first):
            match = _RANGE_CORNER.fullmatch(corner.encode())
            if match is None:
                raise self.refuse(f"the merged range '{ref[:40]}' is not a range of cells")
            column = column_index_from_string(match.group(1).decode().upper())
            row = int(match.group(2))
            if column > EXCEL_MAX_COLUMN or row > EXCEL_MAX_ROW:
                raise self.refuse(f"the merged range '{ref[:40]}' lies beyond Excel's grid")
            corners.append((column, row))
        (col1, row1), (col2, row2) = corners
        if col2 < col1 or row2 < row1:
            raise self.refuse(
                f"the merged range '{ref[:40]}' is reversed (its first cell must be its "
                "top-left one)"
            )
        self.merged_cells += (col2 - col1 + 1) * (row2 - row1 + 1)
        if self.merged_cells > MAX_MERGED_CELLS:
            raise self.refuse(f"its merged ranges cover more than {MAX_MERGED_CELLS:,} cells")

    @property
    def cells(self) -> int:
        return self.padded + self.max_row


def defusedxml_active() -> bool:
    """True when openpyxl parses XML with defusedxml (it does when defusedxml is installed)."""
    from openpyxl.xml import DEFUSEDXML

    return bool(DEFUSEDXML)


def _size(amount: int) -> str:
    return f"{amount / MiB:,.0f} MiB" if amount >= MiB else f"{amount:,} bytes"


def _what_it_is(data: bytes) -> str:
    """A guess at what a non-zip file is, for the one-line reason."""
    head = data[:2048]
    if head.startswith(_OLE_MAGIC):
        return (
            "an Excel 97-2003 (.xls) file or a password-protected workbook; "
            "save it as .xlsx without a password"
        )
    if head.startswith(b"%PDF"):
        return "a PDF document, not an XLSX workbook"
    if not head:
        return "an empty file, not an XLSX workbook"
    try:
        sample = head.decode("utf-8")
    except UnicodeDecodeError:
        return "not an XLSX workbook (it is not a zip archive)"
    if sample.lstrip().startswith(("<", "\ufeff<")):
        return "an XML or HTML file, not an XLSX workbook"
    if any(sep in sample for sep in (",", ";", "\t")):
        return "a text (CSV) file, not an XLSX workbook"
    return "a text file, not an XLSX workbook"


def inspect(
    data: bytes, limits: Limits = DEFAULT_LIMITS, budget: Budget | None = None
) -> WorkbookInfo:
    """Check that ``data`` is an XLSX workbook that is safe to parse, or raise RejectedFile."""
    if len(data) > limits.max_file_bytes:
        raise RejectedFile(
            f"the file is {_size(len(data))}; the limit is {_size(limits.max_file_bytes)}"
        )
    if not data.startswith(b"PK"):
        raise RejectedFile(_what_it_is(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise RejectedFile(f"the file is damaged or truncated ({exc})") from None
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names and not any(n.endswith("/workbook.xml") for n in names):
        if "word/document.xml" in names:
            raise RejectedFile("a Word document, not an XLSX workbook")
        if "content.xml" in names and "mimetype" in names:
            raise RejectedFile("an OpenDocument (.ods) file; save it as .xlsx")
        raise RejectedFile("a zip archive, but not an XLSX workbook")
    if len(parts) > limits.max_parts:
        raise RejectedFile(
            f"the workbook has {len(parts):,} parts; the limit is {limits.max_parts:,}"
        )
    titles = _sheet_titles(archive)
    claimed = sum(part.file_size for part in parts)
    if claimed > limits.max_inflated_bytes:
        raise RejectedFile(
            f"the workbook would inflate to {_size(claimed)}; the limit is "
            f"{_size(limits.max_inflated_bytes)} (a zip bomb?)"
        )

    budget = budget or current_budget()
    shared_part = _shared_strings_part(archive)
    shared_strings = 0
    styles_xml: list[bytes] = []
    inflated = 0
    cells = 0
    scans: dict[str, _SheetScan] = {}
    sheets: dict[str, SheetPart] = {}
    for part in parts:
        if part.flag_bits & 0x1:
            raise RejectedFile("the workbook is encrypted; save it without a password")
        is_sheet = part.filename in titles  # wherever the workbook's relationships put it
        is_xml = is_sheet or part.filename.endswith((".xml", ".rels", ".vml"))
        scan = _SheetScan(titles[part.filename], limits) if is_sheet else None
        syntax = _syntax_checker() if is_xml else None
        tail = b""
        produced = 0
        try:
            for chunk in _inflate(data, part):
                checkpoint("the workbook")
                inflated += len(chunk)
                produced += len(chunk)
                if produced > part.file_size:
                    raise RejectedFile(
                        f"part {part.filename} inflates to more than the {part.file_size:,} "
                        "bytes it declares (a zip bomb?)"
                    )
                if inflated > limits.max_inflated_bytes:
                    raise RejectedFile(
                        f"the workbook inflates to more than "
                        f"{_size(limits.max_inflated_bytes)} (a zip bomb?)"
                    )
                if not is_xml:
                    continue
                window = tail + chunk
                if b"\x00" in chunk:
                    raise RejectedFile(
                        f"part {part.filename} is not UTF-8 XML (it holds NUL bytes, as "
                        "UTF-16 does), so its DOCTYPE and entity declarations cannot be "
                        "checked; workbooks are written in UTF-8"
                    )
                if any(token in window for token in _DANGEROUS):
                    raise RejectedFile(
                        f"part {part.filename} declares a DOCTYPE or XML entities, which "
                        "workbooks never need (an entity-expansion or external-entity "
                        "attack?)"
                    )
                try:  # only after the DOCTYPE check: expat never sees an entity declaration
                    syntax.Parse(chunk, False)
                except expat.ExpatError as exc:
                    raise _not_well_formed(part.filename, titles, exc) from None
                if scan is not None:
                    scan.feed(chunk)
                elif part.filename == shared_part:
                    # an item wholly inside the carried-over tail was counted with its chunk
                    shared_strings += sum(
                        1 for m in _SHARED_ITEM.finditer(window) if m.end() > len(tail)
                    )
                elif part.filename == _STYLES_PART and produced <= 16 * MiB:
                    styles_xml.append(chunk)
                tail = chunk[-_OVERLAP:]
            if produced != part.file_size:
                raise RejectedFile(
                    f"the file is damaged (part {part.filename} inflates to "
                    f"less than the {part.file_size:,} bytes it declares)"
                )
            if syntax is not None:
                try:
                    syntax.Parse(b"", True)
                except expat.ExpatError as exc:
                    raise _not_well_formed(part.filename, titles, exc) from None
            if scan is not None:
                scan.close()
        except RejectedFile:
            raise
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
        ) as exc:
            raise RejectedFile(f"the file is damaged or truncated ({exc})") from None
        if scan is not None:
            cells += scan.cells * (2 if scan.formulas else 1)  # formulas: read a second time
            if cells > budget.max_cells:
                raise RejectedFile(
                    f"reading the workbook would go through more than {budget.max_cells:,} "
                    f"cells (sheet '{scan.title}' spans {scan.max_row:,} rows and "
                    f"{scan.max_column:,} columns); the limit is {budget.max_cells:,}"
                )
            scans[part.filename] = scan
            sheets[scan.title] = SheetPart(
                scan.title,
                part.filename,
                scan.rows,
                scan.formulas,
                scan.merges,
                scan.max_row,
                scan.max_column,
                scan.cells,
            )
    _check_indexes(scans.values(), shared_strings, b"".join(styles_xml))
    return WorkbookInfo(sheets)


def _syntax_checker() -> expat.XMLParserType:
    """An expat parser with no handlers: it checks that a part is well-formed XML, at C speed,
    and builds nothing."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _not_well_formed(name: str, titles: dict[str, str], exc: expat.ExpatError) -> RejectedFile:
    what = f"sheet '{titles[name]}' (part {name})" if name in titles else f"part {name}"
    reason = expat.ErrorString(exc.code) if exc.code else str(exc)
    return RejectedFile(
        f"the file is damaged: {what} is not well-formed XML ({reason} at line {exc.lineno}, "
        f"column {exc.offset + 1})"
    )


_STYLES_PART = "xl/styles.xml"  # where openpyxl looks for it, whatever the relationships say


def _check_indexes(scans: Iterable[_SheetScan], shared_strings: int, styles: bytes) -> None:
    """Cells that point past the shared-string table or the cell formats."""
    block = _CELL_XFS.search(styles)
    formats = len(_XF.findall(block.group(0))) if block is not None else 0
    for scan in scans:
        if scan.shared_index >= shared_strings:
            raise scan.refuse(
                f"a cell uses shared string number {scan.shared_index:,}, but the workbook "
                f"holds {shared_strings:,}"
            )
        highest = max((int(s) for s in scan.styles), default=0)
        if highest >= max(formats, 1):
            raise scan.refuse(
                f"a cell uses cell format number {highest:,}, but the workbook defines {formats:,}"
            )


def _shared_strings_part(archive: zipfile.ZipFile) -> str | None:
    """The shared-strings part, found as openpyxl finds it: by its content type."""
    try:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > MiB:
            return None
        types = SafeET.fromstring(archive.read(info))
    except Exception:  # openpyxl will refuse the file itself, with its own reason
        return None
    for override in types:
        if str(override.get("ContentType", "")).endswith(".sharedStrings+xml"):
            return str(override.get("PartName", "")).lstrip("/")
    return None


_MERGE_REF = re.compile(rb'<mergeCell\s+ref="([A-Z]+[0-9]+)(?::([A-Z]+[0-9]+))?"')


def merged_ranges(data: bytes, part_path: str) -> list[tuple[str, str]]:
    """The merged ranges of a worksheet part, as (top-left, bottom-right) cell references.

    openpyxl's read-only mode does not report merged cells, so they are read from the part
    (already checked by :func:`inspect`).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(part_path)
    return [
        (m.group(1).decode(), (m.group(2) or m.group(1)).decode()) for m in _MERGE_REF.finditer(xml)
    ]


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part path -> sheet title, from the workbook part and its relationships.

    Both parts are small; they are parsed with defusedxml, which refuses entity declarations.
    """
    ns_main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    ns_rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if archive.getinfo(part).file_size > MiB:
                raise RejectedFile(f"part {part} is implausibly large")
        workbook = SafeET.fromstring(archive.read("xl/workbook.xml"))
        rels = SafeET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except RejectedFile:
        raise
    except KeyError as exc:
        raise RejectedFile(f"the workbook is incomplete ({exc.args[0]})") from None
    except Exception as exc:  # defusedxml's refusals, XML syntax errors, bad CRCs…
        raise RejectedFile(
            f"the workbook's index part is unreadable or unsafe ({type(exc).__name__}: {exc})"
        ) from None
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        targets[rel.get("Id")] = path
    return {
        targets[sheet.get(f"{ns_rel}id")]: sheet.get("name", "")
        for sheet in workbook.iter(f"{ns_main}sheet")
        if sheet.get(f"{ns_rel}id") in targets
    }
