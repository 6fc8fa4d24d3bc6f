"""Write journey maps to a Layout 1 workbook, and the blank template.

Export uses the canonical (first) English name of every sheet and column and canonical values,
or the French ones with ``lang="fr"``, so that an exported workbook re-imports to the same map.
Text that a spreadsheet would take for a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
carriage return) is written as text with Excel's quote prefix; numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from cxmap.domain.model import (
    Action,
    Channel,
    Emotion,
    Journey,
    JourneyMap,
    Kpi,
    Persona,
    Scale,
    Stage,
    Touchpoint,
)
from cxmap.domain.vocabulary import SHEETS_BY_ROLE, VOCABULARIES, Sheet, localised

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_HEADER_FONT = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="FFE8EEF7")
_ROLES = (
    "journeys",
    "personas",
    "stages",
    "channels",
    "touchpoints",
    "emotions",
    "kpis",
    "actions",
)
ITEM_SEPARATOR = "; "  # how an `items` cell (data collected, events) is written back
_YES_NO = {"en": ("yes", "no"), "fr": ("oui", "non")}


def _choice(vocabulary: str, lang: str) -> Callable[[str | None], str | None]:
    return lambda value: localised(vocabulary, value, lang) if value else None


def _source(source: str | None, lang: str) -> str | None:
    """A persona's source: cxmap's own words localised, the consultant's as written."""
    if source in VOCABULARIES["persona_source"]:
        return localised("persona_source", source, lang)
    return source


def _rows(journey_map: JourneyMap, role: str, lang: str) -> list[tuple[dict[str, Any], Any]]:
    """(values by column key, extra) for each row of one sheet of one journey."""
    yes, no = _YES_NO[lang]

    def flag(value: bool) -> str:
        return yes if value else no

    j: Journey = journey_map.journey
    if role == "journeys":
        return [
            (
                {
                    "journey": j.name,
                    "state": localised("state", j.state, lang),
                    "baseline": j.baseline,
                    "description": j.description,
                    "sector": j.sector,
                    "owner": j.owner,
                    "emotion_scale": str(j.scale) if j.scale else None,
                },
                j.extra,
            )
        ]
    if role == "personas":
        return [
            (
                {
                    "persona": p.name,
                    "description": p.description,
                    "segment": p.segment,
                    "share": Percent(p.share) if p.share is not None else None,
                    "age": p.age,
                    "goals": p.goals,
                    "frustrations": p.frustrations,
                    "motivations": p.motivations,
                    "preferred_channels": ", ".join(p.preferred_channels) or None,
                    "source": _source(p.source, lang),
                },
                p.extra,
            )
            for p in journey_map.personas
        ]
    if role == "stages":
        phase = _choice("phase", lang)
        return [
            (
                {
                    "stage": s.name,
                    "order": i,
                    "phase": phase(s.phase),
                    "description": s.description,
                    "customer_goal": s.customer_goal,
                },
                s.extra,
            )
            for i, s in enumerate(journey_map.stages, start=1)
        ]
    if role == "channels":
        kind = _choice("kind", lang)
        return [
            ({"channel": c.name, "kind": kind(c.kind), "category": c.category}, c.extra)
            for c in journey_map.channels
        ]
    if role == "touchpoints":
        category, quality = _choice("category", lang), _choice("qualification", lang)
        layer, change = _choice("layer", lang), _choice("change", lang)
        return [
            (
                {
                    "stage": t.stage,
                    "channel": t.channel,
                    "touchpoint": t.name,
                    "category": category(t.category),
                    "qualification": quality(t.qualification),
                    "moment_of_truth": flag(t.moment_of_truth),
                    "layer": layer(t.layer),
                    "data_collection": flag(t.data_collection),
                    "data_collected": ITEM_SEPARATOR.join(t.data_collected) or None,
                    "collection_mechanism": t.collection_mechanism,
                    "change": change(t.change),
                    "replaces": t.replaces,
                    "events": ITEM_SEPARATOR.join(t.events) or None,
                    "description": t.description,
                    "owner": t.owner,
                },
                t.extra,
            )
            for t in journey_map.touchpoints
        ]
    if role == "emotions":
        return [
            (
                {
                    "persona": e.persona,
                    "stage": e.stage,
                    "touchpoint": e.touchpoint,
                    "emotion": e.score,
                    "feeling": e.feeling,
                    "quote": e.quote,
                    "thinks": e.thinks,
                    "does": e.does,
                    "says": e.says,
                },
                e.extra,
            )
            for e in journey_map.emotions
        ]
    if role == "kpis":
        direction = _choice("direction", lang)
        return [
            (
                {
                    "kpi": k.name,
                    "value": k.value,
                    "target": k.target,
                    "unit": k.unit,
                    "direction": direction(k.direction),
                    "period": k.period,
                    "stage": k.stage,
                    "touchpoint": k.touchpoint,
                    "persona": k.persona,
                    "n": k.n,
                },
                k.extra,
            )
            for k in journey_map.kpis
        ]
    action_type, status = _choice("action_type", lang), _choice("status", lang)
    return [
        (
            {
                "action": a.name,
                "impact": a.impact,
                "effort": a.effort,
                "stage": a.stage,
                "touchpoint": a.touchpoint,
                "pain_point": a.pain_point,
                "type": action_type(a.type),
                "owner": a.owner,
                "status": status(a.status),
                "cost": a.cost,
                "reach": a.reach,
                "due": a.due,
                "expected_gain": a.expected_gain,
            },
            a.extra,
        )
        for a in journey_map.actions
    ]


class Percent(float):
    """A number in percentage points written as a percent cell (35 -> 0.35 shown as 35%), so
    that small shares (1 %, 0.5 %) are not read back as fractions."""


def put(ws: Any, row: int, column: int, value: Any) -> None:
    """Write one value; formula-like text stays text, numbers stay numbers."""
    if value is None:
        return
    if isinstance(value, Percent):
        cell = ws.cell(row=row, column=column, value=round(float(value) / 100, 12))
        cell.number_format = "0%" if float(value).is_integer() else "0.0#####%"
        return
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = "yyyy-mm-dd"


def _write_sheet(
    wb: Workbook, sheet: Sheet, maps: Sequence[JourneyMap], lang: str, with_journey: bool
) -> None:
    ws = wb.create_sheet(sheet.name(lang))
    columns = [
        c for c in sheet.columns if with_journey or c.key != "journey" or sheet.role == "journeys"
    ]
    rows: list[tuple[str, dict[str, Any], Any]] = []
    for journey_map in maps:
        rows.extend(
            (journey_map.name, values, extra)
            for values, extra in _rows(journey_map, sheet.role, lang)
        )
    extras: list[str] = []
    for _name, _values, extra in rows:
        extras.extend(k for k in extra if k not in extras)
    headers = [c.header(lang) for c in columns] + extras
    for index, header in enumerate(headers, start=1):
        put(ws, 1, index, header)
        ws.cell(1, index).font = _HEADER_FONT
        if index <= len(columns) and columns[index - 1].required:
            ws.cell(1, index).fill = _REQUIRED_FILL
        ws.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 4))
    for r, (name, values, extra) in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            put(ws, r, index, name if column.key == "journey" else values.get(column.key))
        for index, key in enumerate(extras, start=len(columns) + 1):
            put(ws, r, index, extra.get(key))
    ws.freeze_panes = "A2"
    _add_choices(ws, columns, lang)


def _add_choices(ws: Any, columns: list[Any], lang: str) -> None:
    """Drop-down lists of the canonical values on choice columns (a warning, not a block)."""
    for index, column in enumerate(columns, start=1):
        if column.kind != "choice" or column.vocabulary not in VOCABULARIES:
            continue
        words = [
            localised(column.vocabulary, value, lang) for value in VOCABULARIES[column.vocabulary]
        ]
        validation = DataValidation(
            type="list",
            formula1='"' + ",".join(words) + '"',
            allow_blank=True,
            showErrorMessage=False,
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}5000")
        ws.add_data_validation(validation)


def build_workbook(maps: Sequence[JourneyMap], *, lang: str = "en") -> Workbook:
    """A Layout 1 workbook of the maps (a `journey` column on every sheet when several)."""
    wb = Workbook()
    wb.remove(wb.active)
    for role in _ROLES:
        _write_sheet(wb, SHEETS_BY_ROLE[role], maps, lang, with_journey=len(maps) > 1)
    return wb


def write_workbook(
    maps: Sequence[JourneyMap], target: str | Path | BinaryIO, *, lang: str = "en"
) -> None:
    build_workbook(maps, lang=lang).save(target)


def workbook_bytes(maps: Sequence[JourneyMap], *, lang: str = "en") -> bytes:
    buffer = io.BytesIO()
    write_workbook(maps, buffer, lang=lang)
    return buffer.getvalue()


# --- the blank template -------------------------------------------------------------------

EXAMPLE = JourneyMap(
    journey=Journey(
        "Example journey — replace me",
        description="Delete the example rows and write your own journey.",
        sector="retail",
        owner="CX team",
        scale=Scale(-2, 2),
    ),
    personas=(
        Persona(
            "Hurried customer",
            segment="Active professionals",
            share=40,
            goals="Buy fast",
            frustrations="Long forms",
            preferred_channels=("Mobile app",),
        ),
    ),
    stages=(
        Stage("Discover", "awareness", customer_goal="Find a product that fits"),
        Stage("Buy", "decision", customer_goal="Pay quickly and safely"),
        Stage("Get help", "retention", customer_goal="Solve a problem at once"),
    ),
    channels=(Channel("Mobile app", "online", "Digital"), Channel("Store", "offline", "Physical")),
    touchpoints=(
        Touchpoint("Discover", "Mobile app", "Product search", "marketing", "neutral"),
        Touchpoint("Buy", "Mobile app", "Checkout form", "sales", "irritant", True, "frontstage"),
        Touchpoint("Get help", "Store", "Returns desk", "service", "delight"),
    ),
    emotions=(
        Emotion("Hurried customer", "Discover", 1, "Product search", "curious"),
        Emotion(
            "Hurried customer",
            "Buy",
            -2,
            "Checkout form",
            "frustrated",
            quote="Why do I have to type my address again?",
        ),
        Emotion("Hurried customer", "Get help", 1.5, "Returns desk", "reassured"),
    ),
    kpis=(
        Kpi("Conversion rate", 2.4, 3, "%", "higher", "2026-Q1", "Buy"),
        Kpi("CES", 4.1, 3, "/7", "lower", "2026-Q1", "Buy", "Checkout form"),
    ),
    actions=(
        Action(
            "Save addresses for one-click checkout",
            5,
            2,
            "Buy",
            "Checkout form",
            type="transform",
            owner="E-commerce team",
            status="planned",
        ),
    ),
)

# The French template's example: the same small journey, in French.
EXEMPLE = JourneyMap(
    journey=Journey(
        "Parcours d'exemple — à remplacer",
        description="Supprimez les lignes d'exemple et décrivez votre propre parcours.",
        sector="commerce",
        owner="Équipe expérience client",
        scale=Scale(-2, 2),
    ),
    personas=(
        Persona(
            "Client pressé",
            segment="Actifs urbains",
            share=40,
            goals="Acheter vite",
            frustrations="Les formulaires interminables",
            preferred_channels=("Application mobile",),
        ),
    ),
    stages=(
        Stage("Découvrir", "awareness", customer_goal="Trouver un produit qui convient"),
        Stage("Acheter", "decision", customer_goal="Payer vite et en confiance"),
        Stage("Obtenir de l'aide", "retention", customer_goal="Régler un problème tout de suite"),
    ),
    channels=(
        Channel("Application mobile", "online", "Numérique"),
        Channel("Magasin", "offline", "Physique"),
    ),
    touchpoints=(
        Touchpoint("Découvrir", "Application mobile", "Recherche produit", "marketing", "neutral"),
        Touchpoint(
            "Acheter",
            "Application mobile",
            "Formulaire de commande",
            "sales",
            "irritant",
            True,
            "frontstage",
        ),
        Touchpoint("Obtenir de l'aide", "Magasin", "Comptoir des retours", "service", "delight"),
    ),
    emotions=(
        Emotion("Client pressé", "Découvrir", 1, "Recherche produit", "curieux"),
        Emotion(
            "Client pressé",
            "Acheter",
            -2,
            "Formulaire de commande",
            "agacé",
            quote="Pourquoi dois-je encore saisir mon adresse ?",
        ),
        Emotion("Client pressé", "Obtenir de l'aide", 1.5, "Comptoir des retours", "rassuré"),
    ),
    kpis=(
        Kpi("Taux de conversion", 2.4, 3, "%", "higher", "2026-Q1", "Acheter"),
        Kpi("CES", 4.1, 3, "/7", "lower", "2026-Q1", "Acheter", "Formulaire de commande"),
    ),
    actions=(
        Action(
            "Mémoriser les adresses pour une commande en un clic",
            5,
            2,
            "Acheter",
            "Formulaire de commande",
            type="transform",
            owner="Équipe e-commerce",
            status="planned",
        ),
    ),
)
EXAMPLES = {"en": EXAMPLE, "fr": EXEMPLE}  # the template's example journey, by language

_README = {
    "en": [
        "cxmap journey workbook (Layout 1)",
        "",
        "One sheet per table. Headers in blue are required; every other column is optional.",
        "Columns cxmap does not know are kept and exported back.",
        "Headers and sheet names may be in English or French; case, accents and spaces do not "
        "matter.",
        "The example rows form a small journey: replace them with yours.",
        "",
        "Journeys: one row per journey. state = current or target; a target names its baseline.",
        "Emotion scale: e.g. -2..2, 1..5 or 0..10 (inferred from the scores when blank).",
        "Stages: in journey order (or give an order column).",
        "Touchpoints: stage × channel; qualification = irritant, delight, missing or neutral.",
        "Emotions: persona × stage; the emotion is a score on the scale or a feeling word.",
        "KPIs: value and target; direction = higher or lower (is better).",
        "Actions: impact and effort from 1 to 5; type = remove, add, transform or amplify.",
        "Several journeys in one workbook: add a journey column to every sheet.",
        "",
        "Import: python -m cxmap import FILE   ·   Export: python -m cxmap export FILE",
    ],
    "fr": [
        "Classeur de parcours cxmap (format 1)",
        "",
        "Une feuille par table. Les en-têtes en bleu sont obligatoires ; les autres colonnes "
        "sont facultatives.",
        "Les colonnes inconnues de cxmap sont conservées et réexportées.",
        "En-têtes et noms de feuilles en français ou en anglais ; casse, accents et espaces "
        "indifférents.",
        "Les lignes d'exemple forment un petit parcours : remplacez-les par les vôtres.",
        "",
        "Parcours : une ligne par parcours. état = existant ou cible ; un parcours cible nomme "
        "sa référence.",
        "Échelle émotion : par ex. -2..2, 1..5 ou 0..10 (déduite des notes si vide).",
        "Étapes : dans l'ordre du parcours (ou colonne ordre).",
        "Points de contact : étape × canal ; qualification = irritant, enchantement, absence "
        "ou neutre.",
        "Émotions : persona × étape ; l'émotion est une note sur l'échelle ou un mot de ressenti.",
        "Indicateurs : valeur et cible ; sens = plus haut ou plus bas (est mieux).",
        "Actions : impact et effort de 1 à 5 ; type = supprimer, ajouter, transformer ou sublimer.",
        "Plusieurs parcours dans un classeur : ajoutez une colonne parcours à chaque feuille.",
        "",
        "Import : python -m cxmap import FICHIER   ·   Export : python -m cxmap export FICHIER",
    ],
}


def build_template(*, lang: str = "en") -> Workbook:
    """The blank template: a README sheet, then every sheet with its headers and example rows."""
    wb = build_workbook([EXAMPLES.get(lang, EXAMPLE)], lang=lang)
    readme = wb.create_sheet("README" if lang == "en" else "LISEZ-MOI", 0)
    for row, line in enumerate(_README[lang], start=1):
        put(readme, row, 1, line)
    readme["A1"].font = Font(bold=True, size=14)
    readme.column_dimensions["A"].width = 110
    wb.active = 1
    return wb


def write_template(target: str | Path | BinaryIO, *, lang: str = "en") -> None:
    build_template(lang=lang).save(target)
