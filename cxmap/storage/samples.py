"""The sample maps kept in ``data/`` as Layout 1 workbooks, the survey answers and the event
log that go with them (made by ``data/make_ecommerce_answers.py`` and ``data/make_events.py``),
and loading them all."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxmap.domain.report import InvalidWorkbook
from cxmap.files.reader import read_workbook
from cxmap.files.responses import read_answers
from cxmap.storage.events import import_events
from cxmap.storage.store import PROJECT_ROOT, Store

SAMPLES_DIR = PROJECT_ROOT / "data"
# answers file in data/ -> the sample journey it is about (made by data/make_*_answers.py)
SAMPLE_ANSWERS = {"ecommerce-answers.csv": "Online store — current"}
# event logs of the samples: file -> the journey it measures
SAMPLE_EVENT_LOGS = {"ecommerce-events.csv.gz": "Online store — current"}


def sample_files() -> list[Path]:
    return sorted(SAMPLES_DIR.glob("*.xlsx"))


@dataclass(frozen=True)
class Seeded:
    name: str
    loaded: bool  # False: already in the database and kept
    answers: int = 0  # survey answers added to it (0: none, or that file was already counted)
    events: int = 0  # events of its sample log added (0 when already there)


def seed(store: Store, *, replace: bool = False, answers: bool = True) -> list[Seeded]:
    """Load every sample map, then the sample survey answers of the maps loaded; journeys
    already present are kept unless ``replace`` (answers are never counted twice);
    ``answers=False`` loads the maps alone."""
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
    by_name = {m.name: m for m in maps}
    for filename, journey in SAMPLE_ANSWERS.items() if answers else ():
        if journey not in by_name:
            continue
        read = read_answers(SAMPLES_DIR / filename, by_name[journey], filename=filename)
        if not read.ok:
            raise InvalidWorkbook(read.report)
        added = store.save_answers(journey, read).added
        outcome = [Seeded(s.name, s.loaded, added) if s.name == journey else s for s in outcome]
    events = {}
    names = set(store.names())
    for filename, journey in SAMPLE_EVENT_LOGS.items():
        path = SAMPLES_DIR / filename
        if journey in names and path.exists():  # the same file twice adds nothing
            events[journey] = import_events(store, journey, path).added
    return [Seeded(s.name, s.loaded, s.answers, events.get(s.name, 0)) for s in outcome]
