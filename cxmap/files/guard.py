"""Refuse hostile or broken files before a parser sees them.

An XLSX file is a zip of XML parts.  Before openpyxl opens one, :func:`inspect` inflates every
part in chunks, counting the bytes really produced (never trusting the sizes the archive
claims), refuses XML that declares a DOCTYPE or entities (billion-laughs and external-entity
attacks), and counts worksheet rows as they stream by.  Whatever it refuses raises
:class:`~cxmap.domain.report.RejectedFile` with a one-line reason, in well under a second or two and
with memory bounded by the chunk size.  openpyxl itself parses with defusedxml as a second line
of defence (:func:`defusedxml_active`).
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET

from cxmap.domain.report import RejectedFile

MiB = 1024 * 1024
_CHUNK = MiB
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DANGEROUS = (b"<!DOCTYPE", b"<!ENTITY")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")  # <row …>, <row>, <x:row\n…
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_MERGE_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell[\s>/]")
_OVERLAP = 128  # longer than every tag searched, so none is missed across chunk borders


@dataclass(frozen=True)
class Limits:
    """How large a workbook may be.  The defaults fit journey maps; answer files raise them."""

    max_file_bytes: int = 64 * MiB
    max_inflated_bytes: int = 256 * MiB
    max_rows_per_sheet: int = 100_000
    max_parts: int = 5_000


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class SheetPart:
    """What the inflating pass saw of one worksheet part."""

    title: str
    path: str
    rows: int = 0
    has_formulas: bool = False
    has_merges: bool = False


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


def inspect(data: bytes, limits: Limits = DEFAULT_LIMITS) -> WorkbookInfo:
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

    inflated = 0
    sheets: dict[str, SheetPart] = {}
    for part in parts:
        if part.flag_bits & 0x1:
            raise RejectedFile("the workbook is encrypted; save it without a password")
        is_sheet = part.filename in titles  # wherever the workbook's relationships put it
        is_xml = is_sheet or part.filename.endswith((".xml", ".rels", ".vml"))
        rows, formulas, merges = 0, False, False
        tail = b""
        produced = 0
        try:
            for chunk in _inflate(data, part):
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
                if is_sheet:
                    # a tag wholly inside the carried-over tail was counted with its chunk
                    rows += sum(1 for m in _ROW_TAG.finditer(window) if m.end() > len(tail))
                    if rows > limits.max_rows_per_sheet:
                        title = titles.get(part.filename, part.filename)
                        raise RejectedFile(
                            f"sheet '{title}' has more than "
                            f"{limits.max_rows_per_sheet:,} rows; the limit is "
                            f"{limits.max_rows_per_sheet:,}"
                        )
                    formulas = formulas or _FORMULA_TAG.search(window) is not None
                    merges = merges or _MERGE_TAG.search(window) is not None
                tail = chunk[-_OVERLAP:]
            if produced != part.file_size:
                raise RejectedFile(
                    f"the file is damaged (part {part.filename} inflates to "
                    f"less than the {part.file_size:,} bytes it declares)"
                )
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
        if is_sheet and part.filename in titles:
            title = titles[part.filename]
            sheets[title] = SheetPart(title, part.filename, rows, formulas, merges)
    return WorkbookInfo(sheets)


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
