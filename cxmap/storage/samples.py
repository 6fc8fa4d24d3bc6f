"""The sample maps kept in ``data/`` as Layout 1 workbooks, and loading them, with the sample
event log of the e-commerce map (``data/ecommerce-events.csv.gz``, made by
``data/make_events.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxmap.domain.report import InvalidWorkbook
from cxmap.files.reader import read_workbook
from cxmap.storage.events import import_events
from cxmap.storage.store import PROJECT_ROOT, Store

SAMPLES_DIR = PROJECT_ROOT / "data"
# event logs of the samples: file -> the journey it measures
SAMPLE_EVENT_LOGS = {"ecommerce-events.csv.gz": "Online store — current"}


def sample_files() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.xlsx"))


@dataclass(frozen=True)
class Seeded:
    name: str
    loaded: bool  # False: already in the database and kept
    events: int = 0  # events of its sample log added (0 when already there)


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
    added = {}
    names = set(store.names())
    for filename, journey in SAMPLE_EVENT_LOGS.items():
        path = SAMPLES_DIR / filename
        if journey in names and path.exists():  # the same file twice adds nothing
            added[journey] = import_events(store, journey, path).added
    return [Seeded(s.name, s.loaded, added.get(s.name, 0)) for s in outcome]
