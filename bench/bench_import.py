"""How long importing a large map takes: cxmap's reader and store beside the naive way.

Generates a realistic Layout 1 workbook (default 5,000 rows), then times, side by side and
``--repeat`` times over:

* cxmap: ``read_workbook`` (guard + openpyxl read-only + validation) and ``Store.save`` (one
  transaction, one executemany per table) into a fresh SQLite file, and into a fresh PostgreSQL
  database with ``--postgres URL``;
* the naive way: ``openpyxl.load_workbook`` in normal mode, every cell into dicts, then one
  ``INSERT`` and one ``COMMIT`` per row into the same schema (``cxmap.storage.schema.metadata``);
* replacing the journey (saving the same map again) and the guard alone.

It reports median and minimum seconds and the naive/cxmap ratio, and checks the requirement
"reading and saving a 5,000-row map takes under 2 s".  A benchmark reports, it does not fail:
the exit code is 0 whether the target is met or not, and 1 only when something errors.

    python bench/bench_import.py [--rows 5000] [--repeat 5] [--postgres URL] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, without installing

import openpyxl  # noqa: E402
from sqlalchemy import Engine, create_engine, delete, func, insert, make_url, select, text  # noqa: E402

from cxmap.domain.vocabulary import default_direction, feeling_base  # noqa: E402
from cxmap.files import cells, guard  # noqa: E402
from cxmap.files.reader import read_workbook  # noqa: E402
from cxmap.storage import schema as t  # noqa: E402
from cxmap.storage.store import Store, make_engine  # noqa: E402

TARGET_SECONDS = 2.0

# --- a realistic workbook ------------------------------------------------------------------------

STAGES = [
    ("Découverte", "awareness", "Apprend que l'offre existe, souvent par le bouche-à-oreille"),
    ("Recherche d'informations", "consideration", "Compare les offres, lit les avis et les FAQ"),
    ("Comparaison", "consideration", "Met en regard tarifs, frais cachés et délais"),
    ("Simulation", "decision", "Simule son tarif en ligne avant de s'engager"),
    ("Souscription", "decision", "Remplit le formulaire et fournit les pièces justificatives"),
    ("Vérification d'identité", "decision", "Selfie, pièce d'identité, justificatif de domicile"),
    ("Activation", "activation", "Reçoit sa carte, active l'application, premier paiement"),
    ("Premier usage", "activation", "Découvre les fonctionnalités et paramètre ses alertes"),
    ("Service client", "retention", "Contacte le support pour une question ou un incident"),
    ("Fidélisation", "advocacy", "Recommande (ou non) l'offre à ses proches"),
]
CHANNELS = [
    ("Site web", "online", "Digital"),
    ("Application mobile", "online", "Digital"),
    ("Agence", "offline", "Physique"),
    ("Téléphone", "offline", "Relation client"),
    ("E-mail", "online", "Relation client"),
    ("Réseaux sociaux", "online", "Marketing"),
]
PERSONAS = [
    ("Étudiant pressé", "Jeunes actifs", 35, "18-25"),
    ("Famille prudente", "Ménages", 30, "35-50"),
    ("Senior méfiant", "Retraités", 20, "65+"),
    ("Entrepreneur nomade", "Professionnels", 15, "30-45"),
]
VERBS = [
    "Consulter",
    "Remplir",
    "Télécharger",
    "Valider",
    "Recevoir",
    "Comparer",
    "Signer",
    "Scanner",
    "Appeler",
    "Activer",
    "Paramétrer",
    "Suivre",
    "Modifier",
    "Contacter",
]
OBJECTS = [
    "la grille tarifaire",
    "le formulaire d'ouverture",
    "la pièce d'identité",
    "le justificatif de domicile",
    "l'e-mail de bienvenue",
    "le contrat",
    "la carte",
    "le code PIN",
    "les notifications",
    "le conseiller",
    "la FAQ",
    "l'avis client",
    "le simulateur",
    "le RIB",
    "le virement de bienvenue",
    "l'espace client",
]
SENTENCES = [
    "Le parcours demande trop d'étapes et le client ne sait pas où il en est.",
    "Les informations sont claires mais il faut les chercher à plusieurs endroits.",
    "Délai de réponse jugé trop long, surtout en fin de mois.",
    "Très apprécié : la confirmation arrive immédiatement par SMS et par e-mail.",
    "The page loads slowly on mobile and the form loses what was typed.",
    "Le conseiller est aimable, mais la procédure reste opaque pour un débutant.",
    "Customers expect a clear price before they give any personal data.",
    "L'étape de vérification échoue souvent avec les pièces d'identité étrangères.",
    "Les frais ne sont affichés qu'à la dernière étape : effet de surprise négatif.",
    "Le tutoriel vidéo est court, efficace et rassurant pour les seniors.",
]
QUOTES = [
    "« J'ai dû recommencer trois fois, c'était décourageant. »",
    "« Franchement, c'était plus simple que prévu ! »",
    "« Pourquoi me redemander mon adresse ? Je l'ai déjà donnée. »",
    "“I just wanted to know the fees, not to create an account.”",
    "« Le conseiller a pris le temps de m'expliquer, j'ai été rassurée. »",
    "« Impossible de joindre quelqu'un après 18 h. »",
]
FEELINGS = ["frustré", "ravi", "inquiète", "satisfait", "déçu", "rassurée", "😐", "agacé"]
KPIS = [
    ("NPS", "pts", 30),
    ("CSAT", "%", 85),
    ("CES", "pts", 2.5),
    ("Taux de conversion", "%", 4),
    ("Taux d'abandon", "%", 20),
    ("Temps d'attente", "min", 3),
    ("Taux de réclamation", "%", 1),
    ("Délai d'ouverture", "jours", 2),
    ("Taux d'activation", "%", 70),
    ("Churn", "%", 5),
]
OWNERS = [
    "Équipe Digital",
    "Direction Relation Client",
    "Marketing",
    "Conformité",
    "IT Core",
    "Réseau d'agences",
]


@dataclass
class Workbook:
    path: Path
    rows: dict[str, int]
    size: int
    inflated: int

    @property
    def data_rows(self) -> int:
        return sum(self.rows.values())


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(sentences))


SHAPES = {
    "excel": "as Excel saves it: shared strings, a <dimension> atop each sheet",
    "openpyxl": "as openpyxl (and cxmap's export) saves it: inline strings, a <dimension>",
    "streaming": "as streaming writers save it: inline strings, no <dimension>",
}


def build_workbook(
    path: Path, rows: int, seed: int = 20260301, *, shape: str = "excel"
) -> Workbook:
    """Write a one-journey Layout 1 workbook of about ``rows`` data rows to ``path``.

    ``shape`` (see SHAPES) changes how the same cells are laid out in the XML, which changes
    what openpyxl's read-only mode costs: inline strings are parsed cell by cell, and a sheet
    without ``<dimension>`` is parsed once more, whole, just to size it.
    """
    write_only = shape == "streaming"
    rng = random.Random(seed)
    n_tp = max(rows // 5, 1)
    n_emo = max(rows * 2 // 5, 1)
    n_kpi = max(rows * 3 // 10, 1)
    n_act = max(rows - len(STAGES) - len(CHANNELS) - len(PERSONAS) - n_tp - n_emo - n_kpi, 1)

    wb = openpyxl.Workbook(write_only=write_only)
    if not write_only:
        wb.remove(wb.active)
    readme = wb.create_sheet("README")
    for line in (
        "Carte du parcours — ouverture de compte en ligne",
        "Atelier du 12 février 2026, synthèse des verbatims et des mesures",
        "Les colonnes en plus (priorité, source…) sont conservées telles quelles.",
    ):
        readme.append([line])

    sheet = wb.create_sheet("Journeys")
    sheet.append(["journey", "state", "emotion scale", "sector", "owner", "description"])
    sheet.append(
        [
            "Ouverture de compte en ligne",
            "current",
            "-2..2",
            "Banque de détail",
            "Direction Relation Client",
            _text(rng, 2),
        ]
    )

    sheet = wb.create_sheet("Personas")
    sheet.append(
        [
            "persona",
            "description",
            "segment",
            "share",
            "age",
            "goals",
            "frustrations",
            "motivations",
            "preferred channels",
            "Verbatim atelier",
        ]
    )
    for name, segment, share, age in PERSONAS:
        sheet.append(
            [
                name,
                _text(rng, 2),
                segment,
                share,
                age,
                _text(rng, 1),
                _text(rng, 1),
                _text(rng, 1),
                "Site web; Application mobile",
                rng.choice(QUOTES),
            ]
        )

    sheet = wb.create_sheet("Stages")
    sheet.append(["stage", "order", "phase", "description", "customer goal"])
    for order, (name, phase, description) in enumerate(STAGES, start=1):
        sheet.append([name, order, phase, description, _text(rng, 1)])

    sheet = wb.create_sheet("Channels")
    sheet.append(["channel", "kind", "category"])
    for channel in CHANNELS:
        sheet.append(list(channel))

    touchpoints: list[tuple[str, str]] = []  # (stage, name)
    sheet = wb.create_sheet("Touchpoints")
    sheet.append(
        [
            "stage",
            "channel",
            "touchpoint",
            "category",
            "qualification",
            "moment of truth",
            "layer",
            "data collection",
            "description",
            "owner",
            "Priorité métier",
            "Source (atelier)",
            "Commentaire interne",
        ]
    )
    for i in range(n_tp):
        stage = STAGES[i % len(STAGES)][0]
        channel = CHANNELS[(i // len(STAGES)) % len(CHANNELS)][0]
        name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} #{i + 1}"
        touchpoints.append((stage, name))
        sheet.append(
            [
                stage,
                channel,
                name,
                rng.choice(["marketing", "sales", "service", "product"]),
                rng.choice(["neutral", "neutral", "irritant", "delight", "missing"]),
                rng.choice(["yes", "no", "no", "no"]),
                rng.choice(["frontstage", "frontstage", "backstage", "support"]),
                rng.choice(["oui", "non"]),
                _text(rng, rng.randint(1, 3)),
                rng.choice(OWNERS),
                rng.choice(["haute", "moyenne", "basse"]),
                f"Atelier {rng.randint(1, 6)} — {rng.choice(['Paris', 'Lyon', 'Nantes'])}",
                _text(rng, 1) if rng.random() < 0.3 else None,
            ]
        )

    sheet = wb.create_sheet("Emotions")
    sheet.append(
        [
            "persona",
            "stage",
            "touchpoint",
            "emotion",
            "feeling",
            "quote",
            "thinks",
            "does",
            "says",
            "Source",
        ]
    )
    for i in range(n_emo):
        stage, touchpoint = touchpoints[i % len(touchpoints)]
        emotion: Any = rng.choice([-2, -1, -1, 0, 1, 1, 2, 0.5, -1.5])
        if i % 10 == 0:
            emotion = rng.choice(FEELINGS)  # a feeling word the importer maps to a score
        sheet.append(
            [
                PERSONAS[i % len(PERSONAS)][0],
                stage,
                touchpoint,
                emotion,
                None,
                rng.choice(QUOTES),
                _text(rng, 1),
                _text(rng, 1),
                rng.choice(QUOTES),
                rng.choice(["entretien", "enquête", "observation"]),
            ]
        )

    sheet = wb.create_sheet("KPIs")
    sheet.append(
        [
            "kpi",
            "value",
            "target",
            "unit",
            "direction",
            "period",
            "stage",
            "touchpoint",
            "persona",
            "n",
            "Source de données",
        ]
    )
    for i in range(n_kpi):
        name, unit, target = KPIS[i % len(KPIS)]
        stage, touchpoint = touchpoints[rng.randrange(len(touchpoints))]
        value: Any = round(target * rng.uniform(0.5, 1.4), 1)
        if i % 25 == 0:
            value = f"{value}".replace(".", ",")  # a decimal comma, as French Excel writes it
        with_touchpoint = i % 3 == 0
        sheet.append(
            [
                name,
                value,
                target,
                unit,
                None,
                f"2026-Q{i % 4 + 1}" if i % 2 else dt.date(2026, i % 12 + 1, 1),
                stage if i % 3 != 2 else None,
                touchpoint if with_touchpoint else None,
                PERSONAS[i % len(PERSONAS)][0] if i % 5 == 0 else None,
                rng.randint(30, 2000),
                rng.choice(["Qualtrics", "Google Analytics", "CRM"]),
            ]
        )

    sheet = wb.create_sheet("Actions")
    sheet.append(
        [
            "action",
            "impact",
            "effort",
            "stage",
            "touchpoint",
            "pain point",
            "type",
            "owner",
            "status",
            "cost",
            "reach",
            "due",
            "expected gain",
            "Ticket Jira",
        ]
    )
    for i in range(n_act):
        stage, touchpoint = touchpoints[rng.randrange(len(touchpoints))]
        sheet.append(
            [
                f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} : {_text(rng, 1)}",
                rng.randint(1, 5),
                rng.randint(1, 5),
                stage,
                touchpoint if i % 2 else None,
                _text(rng, 1),
                rng.choice(["remove", "add", "transform", "amplify"]),
                rng.choice(OWNERS),
                rng.choice(["idea", "planned", "in progress", "done"]),
                rng.randint(1, 80) * 500,
                rng.randint(100, 50_000),
                dt.date(2026, rng.randint(1, 12), rng.randint(1, 28)),
                _text(rng, 1),
                f"CX-{1000 + i}",
            ]
        )
    wb.save(path)
    if shape == "excel":
        _share_strings(path)

    counts = {
        "stages": len(STAGES),
        "channels": len(CHANNELS),
        "personas": len(PERSONAS),
        "touchpoints": n_tp,
        "emotions": n_emo,
        "kpis": n_kpi,
        "actions": n_act,
    }
    with zipfile.ZipFile(path) as archive:
        inflated = sum(info.file_size for info in archive.infolist())
    return Workbook(path, counts, path.stat().st_size, inflated)


_INLINE = re.compile(
    rb'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr"><is>'
    rb'<t(?: xml:space="preserve")?>(.*?)</t></is></c>',
    re.DOTALL,
)
_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def _share_strings(path: Path) -> None:
    """Rewrite openpyxl's inline strings as Excel writes text: a shared-string table."""
    table: dict[bytes, int] = {}

    def shared(match: re.Match[bytes]) -> bytes:
        index = table.setdefault(match.group(3), len(table))
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2), index)

    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    for name in parts:
        if name.startswith("xl/worksheets/"):
            parts[name] = _INLINE.sub(shared, parts[name])
    items = b"".join(b'<si><t xml:space="preserve">%s</t></si>' % text for text in table)
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.'
        b'openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">%s</sst>'
        % (len(table), len(table), items)
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/></Types>'.encode(),
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdSharedStrings" Type="{_SST_REL}" '
        'Target="sharedStrings.xml"/></Relationships>'.encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)


# --- the naive way -------------------------------------------------------------------------------

Sheets = dict[str, list[dict[str, Any]]]
KNOWN = {
    "Personas": {
        "persona",
        "description",
        "segment",
        "share",
        "age",
        "goals",
        "frustrations",
        "motivations",
        "preferred channels",
    },
    "Stages": {"stage", "order", "phase", "description", "customer goal"},
    "Channels": {"channel", "kind", "category"},
    "Touchpoints": {
        "stage",
        "channel",
        "touchpoint",
        "category",
        "qualification",
        "moment of truth",
        "layer",
        "data collection",
        "description",
        "owner",
    },
    "Emotions": {
        "persona",
        "stage",
        "touchpoint",
        "emotion",
        "feeling",
        "quote",
        "thinks",
        "does",
        "says",
    },
    "KPIs": {
        "kpi",
        "value",
        "target",
        "unit",
        "direction",
        "period",
        "stage",
        "touchpoint",
        "persona",
        "n",
    },
    "Actions": {
        "action",
        "impact",
        "effort",
        "stage",
        "touchpoint",
        "pain point",
        "type",
        "owner",
        "status",
        "cost",
        "reach",
        "due",
        "expected gain",
    },
}


def naive_read(path: Path) -> Sheets:
    """openpyxl's normal mode (the whole workbook as cell objects), every row as a dict."""
    wb = openpyxl.load_workbook(path)
    sheets: Sheets = {}
    for ws in wb.worksheets:
        grid = [[cell.value for cell in row] for row in ws.iter_rows()]
        if not grid:
            continue
        header = [str(h) if h is not None else "" for h in grid[0]]
        sheets[ws.title] = [
            dict(zip(header, row, strict=False))
            for row in grid[1:]
            if any(v is not None for v in row)
        ]
    wb.close()
    return sheets


def _extra(sheet: str, row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if key not in KNOWN[sheet] and value is not None:
            out[key] = value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else value
    return out


def _yes(value: Any) -> bool:
    return str(value).strip().lower() in {"yes", "oui", "x", "true", "1"}


def naive_save(engine: Engine, sheets: Sheets) -> int:
    """One INSERT and one COMMIT per row; a journey of the same name is replaced first."""
    written = 0
    with engine.connect() as conn:

        def add(table: Any, **values: Any) -> int:
            nonlocal written
            key = conn.execute(insert(table).values(**values)).inserted_primary_key[0]
            conn.commit()
            written += 1
            return key

        journey = sheets["Journeys"][0]
        name = journey["journey"]
        old = conn.scalar(select(t.journeys.c.id).where(t.journeys.c.name == name))
        if old is not None:
            for table in t.MAP_TABLES:
                conn.execute(delete(table).where(table.c.journey_id == old))
            conn.execute(delete(t.journeys).where(t.journeys.c.id == old))
            conn.commit()
        low, high = (
            cells.scale(journey["emotion scale"]).low,
            cells.scale(journey["emotion scale"]).high,
        )
        jid = add(
            t.journeys,
            name=name,
            state=journey["state"],
            sector=journey["sector"],
            owner=journey["owner"],
            description=journey["description"],
            scale_low=low,
            scale_high=high,
            extra={},
            imported_at=dt.datetime.now(dt.UTC),
        )
        stage_id, channel_id, persona_id, tp_id = {}, {}, {}, {}
        for i, r in enumerate(sheets["Stages"]):
            stage_id[r["stage"]] = add(
                t.stages,
                journey_id=jid,
                position=i,
                name=r["stage"],
                phase=r["phase"],
                description=r["description"],
                customer_goal=r["customer goal"],
                extra=_extra("Stages", r),
            )
        for i, r in enumerate(sheets["Channels"]):
            channel_id[r["channel"]] = add(
                t.channels,
                journey_id=jid,
                position=i,
                name=r["channel"],
                kind=r["kind"],
                category=r["category"],
                extra=_extra("Channels", r),
            )
        for i, r in enumerate(sheets["Personas"]):
            persona_id[r["persona"]] = add(
                t.personas,
                journey_id=jid,
                position=i,
                name=r["persona"],
                description=r["description"],
                segment=r["segment"],
                share=r["share"],
                age=r["age"],
                goals=r["goals"],
                frustrations=r["frustrations"],
                motivations=r["motivations"],
                preferred_channels=[c.strip() for c in (r["preferred channels"] or "").split(";")],
                extra=_extra("Personas", r),
            )
        for i, r in enumerate(sheets["Touchpoints"]):
            tp_id[(r["stage"], r["touchpoint"])] = add(
                t.touchpoints,
                journey_id=jid,
                position=i,
                stage_id=stage_id[r["stage"]],
                channel_id=channel_id[r["channel"]],
                name=r["touchpoint"],
                category=r["category"],
                qualification=r["qualification"],
                moment_of_truth=_yes(r["moment of truth"]),
                layer=r["layer"],
                data_collection=_yes(r["data collection"]),
                description=r["description"],
                owner=r["owner"],
                extra=_extra("Touchpoints", r),
            )
        for i, r in enumerate(sheets["Emotions"]):
            raw = r["emotion"]
            score = raw if isinstance(raw, (int, float)) else feeling_base(raw)
            add(
                t.emotions,
                journey_id=jid,
                position=i,
                persona_id=persona_id[r["persona"]],
                stage_id=stage_id[r["stage"]],
                touchpoint_id=tp_id.get((r["stage"], r["touchpoint"])),
                score=score,
                feeling=r["feeling"] or (raw if isinstance(raw, str) else None),
                quote=r["quote"],
                thinks=r["thinks"],
                does=r["does"],
                says=r["says"],
                extra=_extra("Emotions", r),
            )
        for i, r in enumerate(sheets["KPIs"]):
            period = r["period"]
            add(
                t.kpis,
                journey_id=jid,
                position=i,
                name=r["kpi"],
                value=cells.number(r["value"])[0],
                target=r["target"],
                unit=r["unit"],
                direction=r["direction"] or default_direction(r["kpi"]),
                period=period.date().isoformat() if isinstance(period, dt.datetime) else period,
                stage_id=stage_id.get(r["stage"]),
                touchpoint_id=tp_id.get((r["stage"], r["touchpoint"])),
                persona_id=persona_id.get(r["persona"]),
                n=r["n"],
                extra=_extra("KPIs", r),
            )
        for i, r in enumerate(sheets["Actions"]):
            due = r["due"]
            add(
                t.actions,
                journey_id=jid,
                position=i,
                name=r["action"],
                impact=r["impact"],
                effort=r["effort"],
                stage_id=stage_id.get(r["stage"]),
                touchpoint_id=tp_id.get((r["stage"], r["touchpoint"])),
                pain_point=r["pain point"],
                type=r["type"],
                owner=r["owner"],
                status=r["status"],
                cost=r["cost"],
                reach=r["reach"],
                due=due.date() if isinstance(due, dt.datetime) else due,
                expected_gain=r["expected gain"],
                extra=_extra("Actions", r),
            )
    return written


def naive_engine(url: str) -> Engine:
    """The same connection settings as cxmap's (WAL, foreign keys), schema by create_all."""
    engine = make_engine(url)
    t.metadata.create_all(engine)
    return engine


# --- timing --------------------------------------------------------------------------------------


@dataclass
class Step:
    name: str
    cxmap: list[float] = field(default_factory=list)
    naive: list[float] = field(default_factory=list)


def timed(fn: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def map_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.scalar(select(func.count()).select_from(table))
            for table in (t.journeys, *t.MAP_TABLES)
        }


@contextmanager
def postgres_database(admin_url: str, label: str) -> Iterator[str]:
    """A fresh PostgreSQL database for this run, dropped after it (as tests/conftest.py does)."""
    name = f"cxmap_bench_{label}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def truncate(engine: Engine) -> None:
    names = ", ".join(table.name for table in (*t.MAP_TABLES, t.responses, t.journeys))
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def _fmt(values: list[float]) -> str:
    if not values:
        return "—"
    return f"{statistics.median(values):6.3f} / {min(values):6.3f}"


def _ratio(step: Step) -> str:
    if not step.cxmap or not step.naive:
        return "—"
    return f"{statistics.median(step.naive) / statistics.median(step.cxmap):5.1f}×"


def print_table(steps: list[Step]) -> None:
    head = f"{'step':<34} {'cxmap s (med / min)':>20} {'naive s (med / min)':>20} {'ratio':>7}"
    print(head)
    print("-" * len(head))
    for step in steps:
        print(f"{step.name:<34} {_fmt(step.cxmap):>20} {_fmt(step.naive):>20} {_ratio(step):>7}")


def _vm_hwm_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_memory(way: str, path: Path) -> float:
    """Peak RSS (MiB) of a fresh process that reads the workbook one way, beyond its imports."""
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child-read", way, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return figures["peak"] - figures["before"]


def profile(path: Path, work: Path) -> None:
    """Where one read + save spends its time (cProfile, by cumulative time)."""
    store = Store(f"sqlite:///{work / 'profile.db'}")
    profiler = cProfile.Profile()
    profiler.enable()
    result = read_workbook(path)
    store.save(result.maps)
    profiler.disable()
    store.close()
    print("\nProfile of one read + save (top 30 by cumulative time):")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000, help="data rows in the workbook")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each step")
    parser.add_argument(
        "--postgres", metavar="URL", help="a PostgreSQL server URL allowed to CREATE DATABASE"
    )
    parser.add_argument("--no-naive", action="store_true", help="time cxmap only")
    parser.add_argument(
        "--profile", action="store_true", help="also print a cProfile of one read + save"
    )
    parser.add_argument(
        "--shape",
        choices=sorted(SHAPES),
        default="excel",
        help="how the workbook's XML is laid out: "
        + "; ".join(f"{k}: {v}" for k, v in SHAPES.items()),
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp dir (prints it)")
    parser.add_argument("--child-read", nargs=2, metavar=("WAY", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child_read:
        way, path = args.child_read
        before = _vm_hwm_mib()
        (read_workbook if way == "cxmap" else naive_read)(Path(path))
        print(json.dumps({"before": before, "peak": _vm_hwm_mib()}))
        return 0

    work = Path(tempfile.mkdtemp(prefix="cxmap-bench-"))
    try:
        return run(args, work)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    started = time.perf_counter()
    book = build_workbook(work / "journey.xlsx", args.rows, shape=args.shape)
    print(
        f"workbook ({args.shape} shape): {book.data_rows:,} data rows "
        f"({', '.join(f'{n} {k}' for k, n in book.rows.items())}); "
        f"{book.size / 1024:,.0f} KiB, {book.inflated / 2**20:,.1f} MiB of XML; "
        f"built in {time.perf_counter() - started:.1f} s"
    )
    print(
        f"python {sys.version.split()[0]}, openpyxl {openpyxl.__version__}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
        f"{args.repeat} runs, median / min in seconds\n"
    )

    # Warm up imports, Alembic and the SQLite driver once, for both sides, untimed.
    check = read_workbook(book.path)
    if not check.ok:
        print("the generated workbook does not read cleanly:", file=sys.stderr)
        for problem in check.report.errors[:20]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    warm = Store(f"sqlite:///{work / 'warm.db'}")
    warm.save(check.maps)
    expected = map_counts(warm.engine)
    warm.close()

    guard_step = Step("guard alone (inspect the file)")
    read = Step("read")
    save = Step("save, SQLite (new journey)")
    replace = Step("save, SQLite (replace journey)")
    total = Step("read + save, SQLite")
    pg_save = Step("save, PostgreSQL (new journey)")
    pg_replace = Step("save, PostgreSQL (replace journey)")
    pg_total = Step("read + save, PostgreSQL")

    with _postgres(args) as (pg_url, pg_naive_url):
        pg_store = Store(pg_url) if pg_url else None
        pg_naive = naive_engine(pg_naive_url) if pg_naive_url else None
        try:
            for run_index in range(args.repeat):
                seconds, _ = timed(lambda: guard.inspect(book.path.read_bytes()))
                guard_step.cxmap.append(seconds)

                seconds, result = timed(read_workbook, book.path)
                read.cxmap.append(seconds)
                store = Store(f"sqlite:///{work / f'cxmap-{run_index}.db'}")
                seconds, _ = timed(store.save, result.maps)
                save.cxmap.append(seconds)
                total.cxmap.append(read.cxmap[-1] + seconds)
                seconds, _ = timed(store.save, result.maps)
                replace.cxmap.append(seconds)
                if run_index == 0 and map_counts(store.engine) != expected:
                    raise AssertionError("cxmap saved different row counts on a second run")
                store.close()

                if pg_store is not None:
                    truncate(pg_store.engine)
                    seconds, _ = timed(pg_store.save, result.maps)
                    pg_save.cxmap.append(seconds)
                    pg_total.cxmap.append(read.cxmap[-1] + seconds)
                    seconds, _ = timed(pg_store.save, result.maps)
                    pg_replace.cxmap.append(seconds)
                    if run_index == 0 and map_counts(pg_store.engine) != expected:
                        raise AssertionError("cxmap saved different row counts in PostgreSQL")

                if args.no_naive:
                    print(
                        f"  run {run_index + 1}/{args.repeat}: read+save {total.cxmap[-1]:.2f} s",
                        flush=True,
                    )
                    continue
                seconds, sheets = timed(naive_read, book.path)
                read.naive.append(seconds)
                engine = naive_engine(f"sqlite:///{work / f'naive-{run_index}.db'}")
                seconds, _ = timed(naive_save, engine, sheets)
                save.naive.append(seconds)
                total.naive.append(read.naive[-1] + seconds)
                seconds, _ = timed(naive_save, engine, sheets)
                replace.naive.append(seconds)
                if run_index == 0 and map_counts(engine) != expected:
                    raise AssertionError(
                        f"the naive way saved {map_counts(engine)}, cxmap {expected}"
                    )
                engine.dispose()

                if pg_naive is not None:
                    truncate(pg_naive)
                    seconds, _ = timed(naive_save, pg_naive, sheets)
                    pg_save.naive.append(seconds)
                    pg_total.naive.append(read.naive[-1] + seconds)
                    seconds, _ = timed(naive_save, pg_naive, sheets)
                    pg_replace.naive.append(seconds)
                print(
                    f"  run {run_index + 1}/{args.repeat}: read+save "
                    f"{total.cxmap[-1]:.2f} s (naive {total.naive[-1]:.2f} s)",
                    flush=True,
                )
        finally:
            if pg_store is not None:
                pg_store.close()
            if pg_naive is not None:
                pg_naive.dispose()

    print()
    steps = [guard_step, read, save, replace, total]
    if args.postgres:
        steps += [pg_save, pg_replace, pg_total]
    print_table(steps)
    if not args.no_naive:
        cxmap_mib, naive_mib = peak_memory("cxmap", book.path), peak_memory("naive", book.path)
        print(
            f"{'read, peak RSS beyond imports (MiB)':<34} {cxmap_mib:>20.0f} "
            f"{naive_mib:>20.0f} {naive_mib / max(cxmap_mib, 1):>6.1f}×"
        )
    print(
        "\nratio = naive median / cxmap median; cxmap's read includes the guard; stores are "
        "opened (and migrated) before the clock starts; load average now "
        f"{os.getloadavg()[0]:.2f}."
    )
    if args.profile:
        profile(book.path, work)
    median = statistics.median(total.cxmap)
    verdict = "OK" if median < TARGET_SECONDS else "SLOW"
    print(
        f"\n{book.data_rows:,}-row map: read+save {median:.2f} s "
        f"(target < {TARGET_SECONDS:g} s): {verdict}"
    )
    return 0


@contextmanager
def _postgres(args: argparse.Namespace) -> Iterator[tuple[str | None, str | None]]:
    if not args.postgres:
        yield None, None
        return
    with postgres_database(args.postgres, "cxmap") as pg_url:
        if args.no_naive:
            yield pg_url, None
            return
        with postgres_database(args.postgres, "naive") as pg_naive_url:
            yield pg_url, pg_naive_url


if __name__ == "__main__":
    sys.exit(main())
