"""How fast, and in how much memory, cxmap refuses hostile or broken workbooks.

Builds the files an attacker (or bad luck) would upload, then, for each one, runs
``read_workbook`` in a fresh Python process and reports the seconds until it refused the file
and the process's peak resident memory (``VmHWM`` from ``/proc/self/status``), against the
targets "refused in seconds, in under 600 MiB":

* a zip bomb: a few MB that inflate to 1 GiB (zeros streamed through zlib), once with honest
  sizes in the archive and once with the sizes forged small;
* billion laughs: nested XML entities, in a worksheet part and in ``xl/workbook.xml``;
* a sheet of 1,000,000 rows, written as raw XML straight into the zip;
* a truncated workbook (the first half of a valid one) and one whose bytes are damaged.

Two reference rows show what a fresh process costs anyway: a small valid workbook and the
valid 5,000-row one (both accepted).  A benchmark reports, it does not fail: the exit code is
0 whether targets are met or not, and 1 only when something errors.

    python bench/bench_hostile.py [--keep] [--timeout 120]
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, without installing

MiB = 2**20
TARGET_SECONDS = 5.0  # "in seconds"
TARGET_MIB = 600.0
BOMB_BYTES = 2**30  # 1 GiB once inflated
MILLION = 1_000_000
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


# --- the child: one refusal in a fresh process ---------------------------------------------------


def _vm_hwm_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(path: str) -> None:
    """Read one file and print what happened as one JSON line."""
    from cxmap.domain.report import CxmapError
    from cxmap.files.reader import read_workbook

    before = _vm_hwm_mib()  # after the imports: what any process of cxmap costs
    start = time.perf_counter()
    try:
        result = read_workbook(path)
        outcome = "accepted" if result.ok else "errors"
        reason = f"{len(result.report.errors)} errors" if not result.ok else ""
    except CxmapError as exc:
        outcome, reason = "refused", str(exc)
    except Exception as exc:  # the thing a guard exists to prevent: a crash, not a refusal
        outcome, reason = "crashed", f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - start
    print(
        json.dumps(
            {
                "outcome": outcome,
                "reason": reason,
                "seconds": seconds,
                "rss_before_mib": before,
                "peak_rss_mib": _vm_hwm_mib(),
            }
        )
    )


# --- building the files ------------------------------------------------------------------------


def _base_parts() -> dict[str, bytes]:
    """The parts of a small valid workbook (the tests' minimal journey)."""
    from tests.workbooks import make_workbook, minimal_sheets

    archive = zipfile.ZipFile(io.BytesIO(make_workbook(minimal_sheets())))
    return {info.filename: archive.read(info) for info in archive.infolist()}


def _write_zip(
    path: Path, parts: dict[str, bytes], streamed: dict[str, Callable[[], Iterator[bytes]]]
) -> None:
    """Write the parts, replacing those in ``streamed`` by chunks from a generator."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in parts.items():
            if name in streamed:
                with archive.open(name, "w") as target:
                    for chunk in streamed[name]():
                        target.write(chunk)
            else:
                archive.writestr(name, content)


def _sheet_xml(rows_xml: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{SHEET_NS}"><sheetData>{rows_xml}</sheetData></worksheet>'
    ).encode()


def zip_bomb(path: Path, parts: dict[str, bytes], sheet: str) -> None:
    """A worksheet part that inflates to 1 GiB: an XML head, then zeros."""

    def content() -> Iterator[bytes]:
        yield f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData>'.encode()
        zeros = bytes(8 * MiB)
        for _ in range(BOMB_BYTES // len(zeros)):
            yield zeros
        yield b"</sheetData></worksheet>"

    _write_zip(path, parts, {sheet: content})


def forge_sizes(source: Path, target: Path, part: str, claimed: int) -> None:
    """Copy a zip, declaring ``claimed`` uncompressed bytes for ``part`` in both headers."""
    data = bytearray(source.read_bytes())
    info = zipfile.ZipFile(source).getinfo(part)
    if data[info.header_offset : info.header_offset + 4] != b"PK\x03\x04":
        raise RuntimeError("unexpected local header")
    struct.pack_into("<I", data, info.header_offset + 22, claimed)
    name = part.encode()
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == name:
            struct.pack_into("<I", data, at + 24, claimed)
            break
        at = data.find(b"PK\x01\x02", at + 4)
    else:
        raise RuntimeError(f"no central directory entry for {part}")
    target.write_bytes(bytes(data))


LAUGHS = "\n".join(
    ['<!ENTITY lol "lol">']
    + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    ]
)


def billion_laughs_sheet(path: Path, parts: dict[str, bytes], sheet: str) -> None:
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE worksheet [\n{LAUGHS}\n]>\n'
        f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr">'
        f"<is><t>&lol9;</t></is></c></row></sheetData></worksheet>"
    ).encode()
    _write_zip(path, {**parts, sheet: xml}, {})


def billion_laughs_workbook(path: Path, parts: dict[str, bytes]) -> None:
    original = parts["xl/workbook.xml"].decode()
    head, _, root = original.rpartition("?>")
    head = f"{head}?>" if head else '<?xml version="1.0"?>'
    root = root.lstrip()
    tag = root[1:].split()[0].split(">")[0]
    xml = f"{head}\n<!DOCTYPE {tag} [\n{LAUGHS}\n]>\n{root}"
    xml = xml.replace('name="Journeys"', 'name="Journeys&lol9;"', 1)
    _write_zip(path, {**parts, "xl/workbook.xml": xml.encode()}, {})


def many_rows(path: Path, parts: dict[str, bytes], sheet: str, count: int = MILLION) -> None:
    """A Touchpoints sheet of a header and ``count`` valid rows, written as raw XML."""

    def cell(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'

    def content() -> Iterator[bytes]:
        yield (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{SHEET_NS}"><sheetData><row r="1">'
            f"{cell('A1', 'stage')}{cell('B1', 'channel')}{cell('C1', 'touchpoint')}"
            f"</row>"
        ).encode()
        # The minimal journey's own touchpoints first, so that its other sheets still resolve.
        known = [
            ("Discover", "Web", "Search page"),
            ("Buy", "Web", "Checkout"),
            ("Buy", "Store", "Click and collect"),
            ("Stay loyal", "Store", "Loyalty card"),
        ]
        batch = []
        for r in range(2, count + 2):
            stage, channel, name = (
                known[r - 2] if r - 2 < len(known) else ("Buy", "Web", f"Point de contact n°{r}")
            )
            batch.append(
                f'<row r="{r}">{cell(f"A{r}", stage)}{cell(f"B{r}", channel)}'
                f"{cell(f'C{r}', name)}</row>"
            )
            if len(batch) == 10_000:
                yield "".join(batch).encode()
                batch = []
        yield ("".join(batch) + "</sheetData></worksheet>").encode()

    _write_zip(path, parts, {sheet: content})


def blanks(path: Path, parts: dict[str, bytes], sheet: str, amount: int) -> None:
    """A worksheet part padded with ``amount`` bytes of blanks (legal XML whitespace)."""

    def content() -> Iterator[bytes]:
        yield f'<?xml version="1.0"?><worksheet xmlns="{SHEET_NS}"><sheetData>'.encode()
        spaces = b" " * MiB
        for _ in range(amount // MiB):
            yield spaces
        yield (
            b'<row r="1"><c r="A1" t="inlineStr"><is><t>stage</t></is></c>'
            b'<c r="B1" t="inlineStr"><is><t>channel</t></is></c>'
            b'<c r="C1" t="inlineStr"><is><t>touchpoint</t></is></c></row>'
            b"</sheetData></worksheet>"
        )

    _write_zip(path, parts, {sheet: content})


def truncated(path: Path, valid: bytes) -> None:
    path.write_bytes(valid[: len(valid) // 2])


def damaged(path: Path, valid: bytes) -> None:
    """A complete archive whose largest part has 4 KiB of its compressed bytes zeroed."""
    archive = zipfile.ZipFile(io.BytesIO(valid))
    largest = max(archive.infolist(), key=lambda info: info.compress_size)
    data = bytearray(valid)
    start = largest.header_offset + 30 + len(largest.filename.encode()) + largest.compress_size // 2
    length = min(4096, largest.compress_size // 4)
    data[start : start + length] = bytes(length)
    path.write_bytes(bytes(data))


# --- the runs ----------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    path: Path
    expect: str  # refused | accepted
    inflated: str = ""
    info_only: bool = False  # under the limits on purpose: how bad can an accepted file be


def build(work: Path) -> list[Case]:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_import import build_workbook

    from cxmap.files.guard import DEFAULT_LIMITS
    from tests.workbooks import make_workbook, minimal_sheets

    parts = _base_parts()
    names = {
        title: f"xl/worksheets/sheet{i}.xml" for i, title in enumerate(minimal_sheets(), start=1)
    }
    cases = []

    small = work / "valid-small.xlsx"
    make_workbook(minimal_sheets(), small)
    cases.append(Case("reference: small valid workbook", small, "accepted"))
    big = build_workbook(work / "valid-5000.xlsx", 5000)
    cases.append(
        Case(
            "reference: valid 5,000-row workbook",
            big.path,
            "accepted",
            f"{big.inflated / MiB:.1f} MiB",
        )
    )

    bomb = work / "zip-bomb.xlsx"
    zip_bomb(bomb, parts, names["Touchpoints"])
    cases.append(Case("zip bomb, honest sizes", bomb, "refused", "1 GiB"))
    forged = work / "zip-bomb-forged.xlsx"
    forge_sizes(bomb, forged, names["Touchpoints"], 4096)
    cases.append(Case("zip bomb, sizes forged to 4 KiB", forged, "refused", "1 GiB"))

    laughs = work / "billion-laughs-sheet.xlsx"
    billion_laughs_sheet(laughs, parts, names["Emotions"])
    cases.append(Case("billion laughs in a sheet", laughs, "refused", "~3 GB"))
    laughs_wb = work / "billion-laughs-workbook.xlsx"
    billion_laughs_workbook(laughs_wb, parts)
    cases.append(Case("billion laughs in workbook.xml", laughs_wb, "refused", "~3 GB"))

    rows = work / "million-rows.xlsx"
    many_rows(rows, parts, names["Touchpoints"])
    with zipfile.ZipFile(rows) as archive:
        size = archive.getinfo(names["Touchpoints"]).file_size
    cases.append(Case("sheet of 1,000,000 rows", rows, "refused", f"{size / MiB:.0f} MiB"))

    valid = big.path.read_bytes()
    cut = work / "truncated.xlsx"
    truncated(cut, valid)
    cases.append(Case("truncated (first half of a workbook)", cut, "refused"))
    broken = work / "damaged.xlsx"
    damaged(broken, valid)
    cases.append(Case("damaged (4 KiB of a part zeroed)", broken, "refused"))

    # Just under the limits: files the guard lets through, read to the end.
    limits = DEFAULT_LIMITS
    near = work / "near-row-limit.xlsx"
    many_rows(near, parts, names["Touchpoints"], limits.max_rows_per_sheet - 1)
    with zipfile.ZipFile(near) as archive:
        size = archive.getinfo(names["Touchpoints"]).file_size
    cases.append(
        Case(
            f"near limit: {limits.max_rows_per_sheet - 1:,} touchpoints",
            near,
            "accepted",
            f"{size / MiB:.0f} MiB",
            info_only=True,
        )
    )
    padded = work / "near-inflate-limit.xlsx"
    amount = limits.max_inflated_bytes - 2 * MiB
    blanks(padded, parts, names["Touchpoints"], amount)
    cases.append(
        Case(
            f"near limit: {amount // MiB} MiB of blanks",
            padded,
            "accepted",
            f"{amount // MiB} MiB",
            info_only=True,
        )
    )
    return cases


def measure(case: Case, timeout: float) -> dict:
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child", str(case.path)],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
        )
    except subprocess.TimeoutExpired:
        return {
            "outcome": f"not done in {timeout:g} s",
            "reason": "",
            "seconds": timeout,
            "peak_rss_mib": float("nan"),
            "rss_before_mib": float("nan"),
            "process_seconds": timeout,
        }
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {
            "outcome": f"died (exit {done.returncode})",
            "reason": tail,
            "seconds": float("nan"),
            "peak_rss_mib": float("nan"),
            "rss_before_mib": float("nan"),
            "process_seconds": time.perf_counter() - started,
        }
    result = json.loads(lines[-1])
    result["process_seconds"] = time.perf_counter() - started
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the files (prints where)")
    parser.add_argument(
        "--timeout", type=float, default=120.0, help="seconds a child may take before it is stopped"
    )
    args = parser.parse_args(argv)
    if args.child:
        child(args.child)
        return 0

    work = Path(tempfile.mkdtemp(prefix="cxmap-hostile-"))
    try:
        started = time.perf_counter()
        cases = build(work)
        print(
            f"built {len(cases)} files in {time.perf_counter() - started:.1f} s; each is read "
            f"by read_workbook in a fresh process\n"
        )
        head = (
            f"{'file':<38} {'on disk':>9} {'inflates':>9} {'outcome':>9} {'seconds':>8} "
            f"{'peak MiB':>9} {'verdict':>7}"
        )
        print(head)
        print("-" * len(head))
        reasons = []
        misses = 0
        for case in cases:
            r = measure(case, args.timeout)
            ok = (
                r["outcome"] == case.expect
                and r["seconds"] <= TARGET_SECONDS
                and r["peak_rss_mib"] < TARGET_MIB
            )
            verdict = "info" if case.info_only else "OK" if ok else "MISS"
            misses += not ok and not case.info_only
            size = case.path.stat().st_size
            on_disk = f"{size / MiB:.1f} MiB" if size >= MiB else f"{size / 1024:.0f} KiB"
            print(
                f"{case.name:<38} {on_disk:>9} {case.inflated or '—':>9} "
                f"{r['outcome']:>9} {r['seconds']:>8.3f} {r['peak_rss_mib']:>9.0f} "
                f"{verdict:>7}",
                flush=True,
            )
            reasons.append((case.name, r["reason"], r["rss_before_mib"]))
        print(
            f"\ntargets: hostile files refused in ≤ {TARGET_SECONDS:g} s with peak RSS < "
            f"{TARGET_MIB:g} MiB; references accepted.  'seconds' is read_workbook alone, "
            "'peak MiB' the child's VmHWM (Python + cxmap + openpyxl imported: "
            f"{reasons[0][2]:.0f} MiB before reading).\n"
        )
        for name, reason, _ in reasons:
            print(f"  {name}: {reason or '(read without errors)'}")
        judged = sum(not case.info_only for case in cases)
        print(
            f"\n{judged - misses}/{judged} within target ('info' rows are under the limits on "
            "purpose and are not judged)"
        )
        return 0
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
