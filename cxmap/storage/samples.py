"""The sample maps kept in ``data/`` as Layout 1 workbooks, and loading them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxmap.domain.report import InvalidWorkbook
from cxmap.files.reader import read_workbook
from cxmap.storage.store import PROJECT_ROOT, Store

SAMPLES_DIR = PROJECT_ROOT / "data"


def sample_files() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.xlsx"))


@dataclass(frozen=True)
class Seeded:
    name: str
    loaded: bool  # False: already in the database and kept


def seed(store: Store, *, replace: bool = False) -> list[Seeded]:
    """Load every sample map; journeys already present are kept unless ``replace``."""
    present = set(store.names())
    maps = []
    outcome = []
    for path in sample_files():
        result = read_workbook(path)
        if not result.ok:
            raise InvalidWorkbook(result.report)
        for journey_map in result.maps:
            keep = journey_map.name in present and not replace
            outcome.append(Seeded(journey_map.name, loaded=not keep))
            if not keep:
                maps.append(journey_map)
    if maps:
        store.save(maps, source="samples")
    return outcome
