"""Hostile files for tests/test_hostile.py, built in memory: files that are not workbooks,
damaged workbooks, XML entity attacks, zip bombs and oversized sheets.

Every builder is fast and its file small (the largest is a few MB): zip bombs are written
byte by byte (:func:`raw_zip`) from one deflated mebibyte repeated, so their headers can claim
anything and nothing gigabyte-sized is ever produced here.  Nothing binary is committed.
"""

from __future__ import annotations

import io
import random
import re
import signal
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from .workbooks import make_workbook, minimal_sheets

MiB = 1 << 20
GiB = 1 << 30
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# openpyxl writes the sheets of minimal_sheets() in order: sheet1.xml is Journeys, …
TOUCHPOINTS_PART = "xl/worksheets/sheet5.xml"
JOURNEYS_PART = "xl/worksheets/sheet1.xml"
SHARED_STRINGS_PART = "xl/sharedStrings.xml"
_SST_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<sst xmlns="' + MAIN_NS.encode() + b'" count="1" uniqueCount="1"><si><t>'
)


# --- a zip written byte by byte -----------------------------------------------------------------


@dataclass(frozen=True)
class RawPart:
    """One zip entry: a raw deflate stream and what the headers say about it."""

    name: str
    deflated: bytes
    crc: int
    size: int  # the inflated size both headers claim (true or not)


def deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def honest_part(name: str, data: bytes) -> RawPart:
    return RawPart(name, deflate(data), zlib.crc32(data), len(data))


def raw_zip(parts: Iterable[RawPart]) -> bytes:
    """A zip archive whose local headers and central directory say exactly what ``parts`` say."""
    out, central, count = bytearray(), bytearray(), 0
    dos_date = (0 << 9) | (1 << 5) | 1  # 1980-01-01
    for part in parts:
        name = part.name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            zipfile.ZIP_DEFLATED,
            0,
            dos_date,
            part.crc,
            len(part.deflated),
            part.size,
            len(name),
            0,
        )
        out += name + part.deflated
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            zipfile.ZIP_DEFLATED,
            0,
            dos_date,
            part.crc,
            len(part.deflated),
            part.size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
        count += 1
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), start, 0)
    return bytes(out)


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(parts: dict[str, bytes], *extra: RawPart) -> bytes:
    """The parts, honestly deflated, then the ``extra`` ones (which may replace a part)."""
    replaced = {part.name for part in extra}
    return raw_zip(
        [*(honest_part(name, data) for name, data in parts.items() if name not in replaced), *extra]
    )


@cache
def valid_workbook() -> bytes:
    """The small valid journey every hostile workbook is made from.

    openpyxl writes text inline; Excel keeps it in a shared-strings part, which openpyxl parses
    as soon as it opens a workbook.  So the text of the Journeys sheet is moved there."""
    parts = parts_of(make_workbook(minimal_sheets()))
    strings: list[bytes] = []

    def shared(match: re.Match[bytes]) -> bytes:
        strings.append(match.group(2))
        return b'<c r="%s" t="s"><v>%d</v></c>' % (match.group(1), len(strings) - 1)

    parts[JOURNEYS_PART] = re.sub(
        rb'<c r="([A-Z]+[0-9]+)" t="inlineStr"><is><t>([^<]*)</t>'
        rb"</is></c>",
        shared,
        parts[JOURNEYS_PART],
    )
    parts[SHARED_STRINGS_PART] = (
        _SST_HEAD.replace(
            b'count="1" uniqueCount="1"',
            b'count="%d" uniqueCount="%d"' % (len(strings), len(strings)),
        )
        + b"</t></si><si><t>".join(strings)
        + b"</t></si></sst>"
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>',
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
        b'Id="rIdStrings" /></Relationships>',
    )
    return rezip(parts)


def with_part(part: str, content: bytes) -> bytes:
    """The valid workbook with one part replaced."""
    parts = parts_of(valid_workbook())
    parts[part] = content
    return rezip(parts)


# --- zip bombs -----------------------------------------------------------------------------------


@cache
def _deflated_mib(filler: bytes) -> bytes:
    """One MiB of ``filler`` deflated from a fresh state and ended by a full flush: the same
    bytes every time, so a stream of N MiB is this block repeated N times (about 1 KB each)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(filler * MiB) + compressor.flush(zlib.Z_FULL_FLUSH)


@cache
def _crc_of(prefix: bytes, filler: bytes, mib: int) -> int:
    crc, block = zlib.crc32(prefix), filler * MiB
    for _ in range(mib):
        crc = zlib.crc32(block, crc)
    return crc


def bomb_part(
    name: str,
    mib: int,
    *,
    prefix: bytes = b"",
    filler: bytes = b" ",
    claimed_size: int | None = None,
    crc_of_claimed: bool = False,
) -> RawPart:
    """A part inflating to ``prefix`` then ``mib`` MiB of ``filler`` from a stream of about
    ``mib`` KB.  ``claimed_size`` makes both headers lie; the CRC is then that of the whole
    stream (as a bomb tool writes it) or, with ``crc_of_claimed``, that of the claimed bytes
    only, so that a reader which stops where the header says finds nothing wrong."""
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = (
        head.compress(prefix)
        + head.flush(zlib.Z_FULL_FLUSH)
        + _deflated_mib(filler) * mib
        + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    )
    real_size = len(prefix) + mib * MiB
    size = real_size if claimed_size is None else claimed_size
    if crc_of_claimed:
        claimed = (prefix + filler * max(size - len(prefix), 0))[:size]
        crc = zlib.crc32(claimed)
    else:
        crc = _crc_of(prefix, filler, mib)
    return RawPart(name, stream, crc, size)


def honest_zip_bomb() -> bytes:
    """The shared strings inflate to 2 GiB, and both headers say so."""
    return rezip(
        parts_of(valid_workbook()), bomb_part(SHARED_STRINGS_PART, 2 * 1024, prefix=_SST_HEAD)
    )


def lying_zip_bomb() -> bytes:
    """The shared strings inflate to 1 GiB while both headers claim 4 KiB (and give the CRC of
    the whole GiB, as a bomb tool does)."""
    return rezip(
        parts_of(valid_workbook()),
        bomb_part(SHARED_STRINGS_PART, 1024, prefix=_SST_HEAD, claimed_size=4 * 1024),
    )


def lying_zip_bomb_with_matching_crc() -> bytes:
    """The shared strings are the valid part followed by 1 GiB of spaces (which XML allows
    after the root element); both headers claim the size and the CRC of the valid part alone,
    so a reader that stops where the header says sees a valid workbook."""
    parts = parts_of(valid_workbook())
    strings = parts[SHARED_STRINGS_PART]
    return rezip(
        parts,
        bomb_part(
            SHARED_STRINGS_PART,
            1024,
            prefix=strings,
            claimed_size=len(strings),
            crc_of_claimed=True,
        ),
    )


def many_parts_bomb(cap: int, parts: int = 4) -> bytes:
    """``parts`` media parts, each 1 MiB under ``cap``, together well over it."""
    mib = cap // MiB - 1
    return rezip(
        parts_of(valid_workbook()),
        *(bomb_part(f"xl/media/image{i}.png", mib, filler=b"\0") for i in range(1, parts + 1)),
    )


def _data_offset(data: bytes | bytearray, info: zipfile.ZipInfo) -> int:
    """Where a part's compressed bytes start (after its local header, whose name and extra
    field lengths may differ from the central directory's)."""
    name_length, extra_length = struct.unpack_from("<HH", data, info.header_offset + 26)
    return info.header_offset + 30 + name_length + extra_length


def stored_size(data: bytes) -> int:
    """What the archive claims its parts inflate to, in total."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(info.file_size for info in archive.infolist())


def inflated_size(data: bytes, part: str, limit: int) -> int:
    """How many bytes ``part``'s deflate stream really yields (counted up to ``limit``)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    start = _data_offset(data, info)
    stream = data[start : start + info.compress_size]
    inflater, total = zlib.decompressobj(-15), 0
    while stream and total <= limit:
        total += len(inflater.decompress(stream, MiB))
        stream = inflater.unconsumed_tail
    return total


# --- XML entity attacks ---------------------------------------------------------------------

BILLION_LAUGHS = (
    '<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
).encode()
EXTERNAL_ENTITY = b'<!DOCTYPE sst [\n <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'


def _declare(xml: bytes, doctype: bytes) -> bytes:
    """``doctype`` inserted after the XML declaration (or first, when there is none)."""
    end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:end] + doctype + xml[end:]


def _first_shared_string(xml: bytes, text: bytes) -> bytes:
    return re.sub(rb"<t>[^<]*</t>", b"<t>" + text + b"</t>", xml, count=1)


def entity_bomb_in_shared_strings() -> bytes:
    xml = parts_of(valid_workbook())[SHARED_STRINGS_PART]
    return with_part(
        SHARED_STRINGS_PART, _first_shared_string(_declare(xml, BILLION_LAUGHS), b"&lol9;")
    )


def entity_bomb_in_worksheet() -> bytes:
    xml = parts_of(valid_workbook())[TOUCHPOINTS_PART]
    cell = b'<c r="A2" t="inlineStr"><is><t>&lol9;</t></is></c>'
    xml = re.sub(rb'<c r="A2"[^>]*>.*?</c>', cell, _declare(xml, BILLION_LAUGHS), count=1)
    return with_part(TOUCHPOINTS_PART, xml)


def external_entity_in_shared_strings() -> bytes:
    xml = parts_of(valid_workbook())[SHARED_STRINGS_PART]
    return with_part(
        SHARED_STRINGS_PART, _first_shared_string(_declare(xml, EXTERNAL_ENTITY), b"&xxe;")
    )


def external_entity_in_workbook_part() -> bytes:
    """The workbook part (the index the guard parses first) reads a local file."""
    xml = parts_of(valid_workbook())["xl/workbook.xml"]
    xml = _declare(xml, EXTERNAL_ENTITY.replace(b"sst", b"workbook"))
    return with_part("xl/workbook.xml", xml.replace(b'name="Journeys"', b'name="&xxe;"', 1))


def in_utf16(xml: bytes) -> bytes:
    """The same part encoded in UTF-16, as XML allows: no ASCII byte pattern is left in it."""
    declaration = b'<?xml version="1.0" encoding="UTF-16" standalone="yes"?>'
    if xml.startswith(b"<?xml"):
        xml = xml[xml.index(b"?>") + 2 :]
    return (declaration + xml).decode("utf-8").encode("utf-16")


def entity_bomb_in_shared_strings_utf16() -> bytes:
    xml = parts_of(entity_bomb_in_shared_strings())[SHARED_STRINGS_PART]
    return with_part(SHARED_STRINGS_PART, in_utf16(xml))


def entity_bomb_in_worksheet_utf16() -> bytes:
    xml = parts_of(entity_bomb_in_worksheet())[TOUCHPOINTS_PART]
    return with_part(TOUCHPOINTS_PART, in_utf16(xml))


# --- damaged workbooks -----------------------------------------------------------------------


def truncated(fraction: float) -> bytes:
    data = valid_workbook()
    return data[: int(len(data) * fraction)]


def bad_crc(part: str = TOUCHPOINTS_PART) -> bytes:
    """One byte of ``part``'s compressed stream changed so that it still inflates, to other
    bytes: the archive is whole and only the CRC tells."""
    data = bytearray(valid_workbook())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(part)
        original = archive.read(part)
    start = _data_offset(data, info)
    for position in range(start + info.compress_size // 2, start + info.compress_size):
        for bit in (1, 2, 4, 8, 16, 32, 64, 128):
            data[position] ^= bit
            try:
                inflated = zlib.decompress(bytes(data[start : start + info.compress_size]), -15)
            except zlib.error:
                inflated = None
            if inflated is not None and len(inflated) == len(original) and inflated != original:
                return bytes(data)
            data[position] ^= bit
    raise AssertionError(f"no single-bit change of {part} inflates cleanly")


# --- oversized sheets ------------------------------------------------------------------------

_ROW = (
    b'<row r="%d" spans="1:3"><c r="A%d" t="inlineStr"><is><t>Buy</t></is></c>'
    b'<c r="B%d" t="inlineStr"><is><t>Web</t></is></c><c r="C%d"><v>%d</v></c></row>'
)


_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="'
    + MAIN_NS.encode()
    + b'"><sheetData>'
)
_SHEET_TAIL = b"</sheetData></worksheet>"


def sheet_xml(rows: int) -> bytes:
    """A worksheet of ``rows`` rows, as Excel writes them (``r`` attributes, a few cells)."""
    body = b"".join(_ROW % (n, n, n, n, n) for n in range(1, rows + 1))
    return _SHEET_HEAD + body + _SHEET_TAIL


def with_rows(rows: int) -> bytes:
    """The valid workbook whose Touchpoints sheet has ``rows`` rows."""
    return with_part(TOUCHPOINTS_PART, sheet_xml(rows))


def with_million_rows() -> bytes:
    """The valid workbook whose Touchpoints sheet has a million rows (2 MB of XML repeated:
    rows may omit their ``r`` number, and omitting it keeps this builder instant)."""
    block = b'<row><c t="inlineStr"><is><t>Buy</t></is></c></row>' * 10_000
    head = zlib.compressobj(9, zlib.DEFLATED, -15)
    repeated = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = (
        head.compress(_SHEET_HEAD)
        + head.flush(zlib.Z_FULL_FLUSH)
        + (repeated.compress(block) + repeated.flush(zlib.Z_FULL_FLUSH)) * 100
        + deflate(_SHEET_TAIL)
    )
    crc = zlib.crc32(_SHEET_HEAD)
    for _ in range(100):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(_SHEET_TAIL, crc)
    size = len(_SHEET_HEAD) + 100 * len(block) + len(_SHEET_TAIL)
    return rezip(parts_of(valid_workbook()), RawPart(TOUCHPOINTS_PART, stream, crc, size))


def _prefixed(xml: bytes) -> bytes:
    """The worksheet with every element written ``x:name``, ``x`` bound to the same namespace."""
    xml = re.sub(rb"<(/?)([A-Za-z]+)([ >/])", rb"<\1x:\2\3", xml)
    return xml.replace(b"<x:worksheet xmlns=", b"<x:worksheet xmlns:x=", 1)


def _elsewhere(rows: int) -> bytes:
    """The Touchpoints sheet stored as xl/tables2/touchpoints.xml (the relationships say where
    a sheet is; nothing requires xl/worksheets/)."""
    parts = parts_of(valid_workbook())
    del parts[TOUCHPOINTS_PART]
    parts["xl/tables2/touchpoints.xml"] = sheet_xml(rows)
    for index in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        parts[index] = parts[index].replace(
            b"/" + TOUCHPOINTS_PART.encode(), b"/xl/tables2/touchpoints.xml"
        )
    return rezip(parts)


# Rows written in ways XML allows and openpyxl reads as rows.
ROW_SPELLINGS: dict[str, Callable[[int], bytes]] = {
    "as Excel writes them": with_rows,
    "a tab after <row": lambda rows: with_part(
        TOUCHPOINTS_PART, sheet_xml(rows).replace(b"<row ", b"<row\t")
    ),
    "a line break after <row": lambda rows: with_part(
        TOUCHPOINTS_PART, sheet_xml(rows).replace(b"<row ", b"<row\n")
    ),
    "a namespace prefix (<x:row>)": lambda rows: with_part(
        TOUCHPOINTS_PART, _prefixed(sheet_xml(rows))
    ),
    "a sheet part outside xl/worksheets/": _elsewhere,
}


# --- files that are not workbooks ------------------------------------------------------------


def a_zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def random_bytes() -> bytes:
    data = random.Random(20260501).randbytes(4096)
    assert not data.startswith(b"PK")
    return data


NOT_WORKBOOKS: dict[str, Callable[[], bytes]] = {
    "empty": lambda: b"",
    "plain text": lambda: b"Journey notes\nDiscover the shop and buy online.\n",
    "csv": lambda: b"stage,channel,touchpoint\nDiscover,Web,Search page\nBuy,Web,Checkout\n",
    "html": lambda: b"<html><body><table><tr><td>stage</td></tr></table></body></html>\n",
    "pdf": lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    "random bytes": random_bytes,
    "xls or password-protected (OLE)": lambda: OLE_MAGIC + bytes(504) + b"\xfe\xff" * 256,
    "zip with a README": lambda: a_zip({"README.txt": b"Not a workbook.\n"}),
    "docx": lambda: a_zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
    ),
    "ods": lambda: a_zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": b"<office:document-content/>",
        }
    ),
}


# --- fuzzing: mutated workbooks and answer files ------------------------------------------------
#
# A mutant is made from a sound file by a few random changes, drawn from a Random seeded by the
# case's number, so case N is the same file on every run and every machine.  Workbooks change
# at the XML level, inside their zip (the parts stay honestly zipped unless the mutation is the
# zip itself); answer files change at the byte level.

# values a parser may choke on, per place they go
ROW_NUMBERS = (
    b"2147483648",
    b"9223372036854775808",
    b"1048577",
    b"0",
    b"-1",
    b"1.5",
    b"",
    b"1e3",
    b"abc",
    b"99999999999999999999",
    b" 7",
    b"1048576",
)
CELL_REFS = (
    b"A1:B2",
    b"XFE1",
    b"ZZZZ1",
    b"A0",
    b"A1048577",
    b"1A",
    b"",
    b"$A$1",
    b"a1",
    b"A-1",
    b"XFD1048576",
    b"AAAA1",
    b"A99999999999",
)
MERGE_REFS = (
    b"B2:A1",
    b"A1:XFD1048576",
    b"A1:ZZZZ9",
    b"A1",
    b"",
    b"A1:",
    b":B2",
    b"A0:B1",
    b"1:2",
    b"A1:B2:C3",
    b"A1:A1048577",
    b"C3:C1",
)
VALUES = (
    b"inf",
    b"-inf",
    b"nan",
    b"1e999",
    b"-0",
    b"1.2.3",
    b"abc",
    b"9" * 5000,
    b"",
    b" ",
    b"1e",
    b"0x1F",
    b"\xc3\xa9",
    b"99999999999999999999",
    b"-1",
    b"1,5",
    b"TRUE",
)
TYPES = (b"d", b"b", b"s", b"e", b"str", b"n", b"zz", b"inlineStr", b"")
STYLE_IDS = (b"9999", b"-1", b"abc", b"", b"1.5", b"2147483648")
STYLE_ATTRS = (b"fillId", b"numFmtId", b"fontId", b"borderId", b"xfId")
COLOUR_ATTRS = (
    (b"rgb", (b"ZZ", b"", b"FF", b"GGGGGGGG", b"FFFF00001")),
    (b"tint", (b"NaN", b"inf", b"-5", b"abc", b"1e308")),
    (b"theme", (b"99", b"-1", b"abc", b"1.5")),
    (b"indexed", (b"999", b"-1", b"abc", b"64")),
)
THEME_VALUES = (b"Z", b"", b"GGGGGG", b"12345", b"FFFFFFFFFFFF")
DATES = (b"notadate", b"2026-13-45", b"2026-02-30", b"", b"99999-01-01", b"2026-01-01T25:00")
_TAG = re.compile(rb"<[^<>]{1,300}>")
_ELEMENT = re.compile(rb"<(\w+)[^<>]{0,300}>[^<>]{0,300}</\1>")


@dataclass(frozen=True)
class Mutant:
    """A mutated file and what was done to it (shown when it breaks something)."""

    case: int
    data: bytes
    what: str

    def __str__(self) -> str:
        return f"case {self.case}: {self.what}"


def _pick_sub(rng: random.Random, pattern: re.Pattern[bytes], xml: bytes, new: Callable) -> bytes:
    """``xml`` with one random match of ``pattern`` replaced by ``new(match)``."""
    matches = list(pattern.finditer(xml))
    if not matches:
        return xml
    m = rng.choice(matches)
    return xml[: m.start()] + new(m) + xml[m.end() :]


def _set_attr(rng: random.Random, xml: bytes, tag: bytes, attr: bytes, value: bytes) -> bytes:
    """Give one random ``<tag …>`` the attribute ``attr="value"`` (replacing it if present)."""
    pattern = re.compile(rb"<" + tag + rb"(?=[\s/>])([^>]*?)(/?)>")

    def new(m: re.Match[bytes]) -> bytes:
        attrs = re.sub(rb"\s" + attr + rb'="[^"]*"', b"", m.group(1))
        return b"<" + tag + attrs + b" " + attr + b'="' + value + b'"' + m.group(2) + b">"

    return _pick_sub(rng, pattern, xml, new)


def _xml_mutations(rng: random.Random, name: str, xml: bytes) -> tuple[str, bytes]:
    """One random XML-level change of one part: what it was, and the new part."""
    choice = rng.randrange(15)
    if choice == 0:
        return "drop a tag", _pick_sub(rng, _TAG, xml, lambda m: b"")
    if choice == 1:
        return "duplicate an element", _pick_sub(rng, _ELEMENT, xml, lambda m: m.group(0) * 2)
    if choice == 2:
        value = rng.choice(ROW_NUMBERS)
        return f"row r={value[:20]!r}", _set_attr(rng, xml, b"row", b"r", value)
    if choice == 3:
        value = rng.choice(CELL_REFS)
        return f"cell r={value!r}", _set_attr(rng, xml, b"c", b"r", value)
    if choice == 4:
        refs = b"".join(
            b'<mergeCell ref="' + rng.choice(MERGE_REFS) + b'"/>' for _ in range(rng.randint(1, 3))
        )
        block = b"<mergeCells>" + refs + b"</mergeCells>"
        return f"merges {block!r}", xml.replace(b"</sheetData>", b"</sheetData>" + block, 1)
    if choice == 5:
        value = rng.choice(VALUES)
        return f"<v>{value[:20]!r}</v>", _pick_sub(
            rng, re.compile(rb"<v>[^<]*</v>"), xml, lambda m: b"<v>" + value + b"</v>"
        )
    if choice == 6:
        value = rng.choice(TYPES)
        return f"cell t={value!r}", _set_attr(rng, xml, b"c", b"t", value)
    if choice == 7:
        value = rng.choice(STYLE_IDS)
        return f"cell s={value!r}", _set_attr(rng, xml, b"c", b"s", value)
    if choice == 8:
        attr, value = rng.choice(STYLE_ATTRS), rng.choice((b"9999", b"-1", b"abc"))
        return f"xf {attr!r}={value!r}", _set_attr(rng, xml, b"xf", attr, value)
    if choice == 9:
        attr, values = rng.choice(COLOUR_ATTRS)
        value = rng.choice(values)
        tag = rng.choice((b"fgColor", b"bgColor", b"color"))
        return f"{tag!r} {attr!r}={value!r}", _set_attr(rng, xml, tag, attr, value)
    if choice == 10:
        value = rng.choice(THEME_VALUES)
        return f"srgbClr val={value!r}", _set_attr(rng, xml, b"a:srgbClr", b"val", value)
    if choice == 11:
        value = rng.choice(DATES)
        cell = b'<c r="A1" t="d"><v>' + value + b"</v></c>"
        return f"date cell {value!r}", xml.replace(b"</row>", cell + b"</row>", 1)
    if choice == 12:
        index = rng.choice((b"9999", b"-1", b"abc", b"1.5", b"99999999999999999999"))
        cell = b'<c r="A1" t="s"><v>' + index + b"</v></c>"
        return f"shared string {index!r}", xml.replace(b"</row>", cell + b"</row>", 1)
    if choice == 13:
        cut = rng.randrange(len(xml) + 1)
        return f"part cut at {cut}", xml[:cut]
    position = rng.randrange(max(len(xml), 1))
    junk = bytes([rng.choice(b"<>&\"'/=x\x01\xff")])
    return f"byte {junk!r} at {position}", xml[:position] + junk + xml[position + 1 :]


def mutated_workbook(sources: list[bytes], case: int, seed: int = 0) -> Mutant:
    """Case ``case`` of the workbook fuzzing: one of ``sources`` changed one to three times."""
    rng = random.Random(seed * 1_000_003 + case)
    parts = parts_of(rng.choice(sources))
    done = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        if rng.random() < 0.04:  # the zip itself
            data = rezip(parts)
            if rng.random() < 0.5:
                cut = rng.randrange(len(data))
                return Mutant(case, data[:cut], "; ".join([*done, f"zip cut at {cut}"]))
            name = rng.choice(sorted(parts))
            del parts[name]
            done.append(f"{name} removed")
            continue
        xml_parts = sorted(n for n in parts if n.endswith((".xml", ".rels")))
        sheets = [n for n in xml_parts if "/worksheets/" in n]
        name = rng.choice(sheets if sheets and rng.random() < 0.7 else xml_parts)
        what, parts[name] = _xml_mutations(rng, name, parts[name])
        done.append(f"{name}: {what}")
    return Mutant(case, rezip(parts), "; ".join(done))


def _csv_mutation(rng: random.Random, data: bytes) -> tuple[str, bytes]:
    lines = data.split(b"\n")
    choice = rng.randrange(14)
    at = rng.randrange(max(len(data), 1))
    if choice == 0:
        return f"byte flip at {at}", data[:at] + bytes([rng.randrange(256)]) + data[at + 1 :]
    if choice == 1:
        return f"NUL at {at}", data[:at] + b"\x00" + data[at:]
    if choice == 2:
        return f"quote at {at}", data[:at] + b'"' + data[at:]
    if choice == 3:
        return "delimiters dropped", data.replace(b",", b"", rng.randint(1, 20))
    if choice == 4:
        return "a line repeated", b"\n".join(lines + [rng.choice(lines)] * rng.randint(1, 50))
    if choice == 5:
        size = rng.choice((10_000, 1_200_000))
        return f"a line of {size:,} bytes", data + b"x" * size + b"\n"
    if choice == 6:
        return f"invalid UTF-8 at {at}", data[:at] + b"\xc3\x28\xff" + data[at:]
    if choice == 7:
        bom = rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
        return f"BOM {bom!r}", bom + data
    if choice == 8:
        return f"cut at {at}", data[:at]
    if choice == 9:
        value = rng.choice(VALUES + DATES)
        line = rng.randrange(1, max(len(lines), 2))
        cells = lines[min(line, len(lines) - 1)].split(b",")
        cells[rng.randrange(len(cells))] = value
        lines[min(line, len(lines) - 1)] = b",".join(cells)
        return f"a value {value[:20]!r} on line {line}", b"\n".join(lines)
    if choice == 10:
        columns = rng.choice((100, 20_000))
        return f"{columns:,} columns", b",".join([b"h"] * columns) + b"\n" + data
    if choice == 11:
        return "CR line ends", data.replace(b"\n", b"\r")
    if choice == 12:
        return "header only", lines[0]
    return "empty lines", data.replace(b"\n", b"\n\n\n")


def mutated_answers(sources: list[bytes], case: int, seed: int = 0) -> Mutant:
    """Case ``case`` of the answers fuzzing: one of ``sources`` changed one to three times."""
    rng = random.Random(seed * 1_000_003 + case + 7_777_777)
    data = rng.choice(sources)
    done = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        what, data = _csv_mutation(rng, data)
        done.append(what)
    return Mutant(case, data, "; ".join(done))


# --- the fuzzing campaign's reproducers -----------------------------------------------------------
# One file per root cause the campaign found (2,200 mutated workbooks: 30 hangs, 601 crashes).

CANVAS = "data/layouts/canvas-ecommerce.xlsx"  # a layout sheet: every cell's fill is read


def replaced(part: str, old: bytes, new: bytes, source: bytes | None = None) -> bytes:
    """``source`` (the valid workbook by default) with ``old`` replaced once in ``part``."""
    parts = parts_of(source if source is not None else valid_workbook())
    assert old in parts[part], f"{old!r} is not in {part}"
    parts[part] = parts[part].replace(old, new, 1)
    return rezip(parts)


def canvas() -> bytes:
    from pathlib import Path

    return (Path(__file__).resolve().parent.parent / CANVAS).read_bytes()


def canvas_with(part: str, old: bytes, new: bytes) -> bytes:
    return replaced(part, old, new, canvas())


def theme_colour_broken() -> bytes:
    """A fill in the theme's accent1 colour, whose value in the theme is not a colour."""
    parts = parts_of(canvas())
    parts["xl/styles.xml"] = parts["xl/styles.xml"].replace(
        b'<fgColor rgb="00C6EFCE" />',
        b'<fgColor theme="4" />',
        1,  # the delight green
    )
    parts["xl/theme/theme1.xml"] = parts["xl/theme/theme1.xml"].replace(
        b'<a:srgbClr val="4F81BD"/>', b'<a:srgbClr val="Z"/>', 1
    )
    return rezip(parts)


_TP_ROW2 = b'<row r="2"><c r="A2" t="inlineStr"><is><t>Discover</t></is></c>'
REPRODUCERS: dict[str, Callable[[], bytes]] = {
    "row number 2^31": lambda: replaced(TOUCHPOINTS_PART, b'<row r="2">', b'<row r="2147483648">'),
    "row number 1.5": lambda: replaced(TOUCHPOINTS_PART, b'<row r="2">', b'<row r="1.5">'),
    "cell reference A1:B2": lambda: replaced(TOUCHPOINTS_PART, b'<c r="A2" ', b'<c r="A1:B2" '),
    "cell beyond column XFD": lambda: replaced(TOUCHPOINTS_PART, b'<c r="A2" ', b'<c r="XFE2" '),
    "a dropped </c>": lambda: replaced(TOUCHPOINTS_PART, b"</c>", b""),
    "shared string out of range": lambda: replaced(JOURNEYS_PART, b"<v>7</v>", b"<v>70</v>"),
    "shared string -1": lambda: replaced(JOURNEYS_PART, b"<v>7</v>", b"<v>-1</v>"),
    "<v>inf</v>": lambda: replaced(
        JOURNEYS_PART, b'<c r="D2" t="s"><v>7</v></c>', b'<c r="D2"><v>inf</v></c>'
    ),
    "reversed merge B2:A1": lambda: replaced(
        TOUCHPOINTS_PART,
        b"</sheetData>",
        b'</sheetData><mergeCells count="1"><mergeCell ref="B2:A1"/></mergeCells>',
    ),
    "t=d notadate": lambda: replaced(
        TOUCHPOINTS_PART, _TP_ROW2, b'<row r="2"><c r="A2" t="d"><v>notadate</v></c>'
    ),
    "fill rgb ZZ": lambda: canvas_with(
        "xl/styles.xml", b'<fgColor rgb="00FCE4E4" />', b'<fgColor rgb="ZZ" />'
    ),
    "style index 9999": lambda: canvas_with(
        "xl/worksheets/sheet1.xml", b'<c r="A1" s="1" ', b'<c r="A1" s="9999" '
    ),
}
# damaged colours a reader must survive (the cell is read with no colour), not refuse
SURVIVABLE: dict[str, Callable[[], bytes]] = {
    "fill tint NaN": lambda: canvas_with(
        "xl/styles.xml", b'<fgColor rgb="00FCE4E4" />', b'<fgColor rgb="00FCE4E4" tint="NaN" />'
    ),
    "theme colour srgbClr Z": theme_colour_broken,
    "fill id 9999": lambda: canvas_with("xl/styles.xml", b'fillId="5"', b'fillId="9999"'),
}


# --- a bound on time, so that a hang fails a test instead of stalling the run ---------------------


class Hang(Exception):
    pass


@contextmanager
def time_bound(seconds: float = 10.0) -> Iterator[None]:
    """Fail, rather than hang the run, when the body takes longer than ``seconds``."""

    def alarm(_signum, _frame):
        raise Hang(f"still reading after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    # again every second: an alarm that lands in a __del__ is ignored there
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
