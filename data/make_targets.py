"""Declare the target journeys' changes and collection plans in the sample workbooks.

    python data/make_targets.py

Edits ``data/bank.xlsx`` and ``data/restaurant.xlsx`` in place with openpyxl (the rest of each
file -- styles, other sheets, other columns -- is kept):

* the bank: every touchpoint of "Account opening — target" declares its change (`change`,
  `replaces`: the video ID check replaces the paper copy by post, the e-signature the wet-ink
  contract…), two `remove` rows record what the target drops, and a collection plan (`data
  collected`, `collection mechanism`) is written on several touchpoints of both journeys;
* the restaurant: a French target journey, « Chaîne de restaurants — parcours convive cible »
  (état cible, référence = the current journey), is added with its stages, touchpoints (each with
  its évolution: supprimer / ajouter / transformer / sublimer / conserver, and what it
  remplace), a plan de collecte and the convives' emotions; the current journey's rows get a
  `Parcours` column, as a workbook of two journeys needs.

Running it again changes nothing (the cells are set by their header and row, rows are added
only when absent).  The samples are checked by tests/test_roundtrip.py and tests/test_samples_
targets.py.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

DATA = Path(__file__).resolve().parent

# --- the bank ----------------------------------------------------------------------------------

BANK = DATA / "bank.xlsx"
BANK_CURRENT = "Account opening — current"
BANK_TARGET = "Account opening — target"
BANK_HEADERS = ("Change", "Replaces", "Data collected", "Collection mechanism")

# (journey, stage, touchpoint) -> change, replaces, data collected, mechanism
BANK_PLAN: dict[tuple[str, str, str], tuple[str | None, str | None, str | None, str | None]] = {
    # the current journey collects too (its plan is what the target improves on)
    (BANK_CURRENT, "Research", "Account comparison page"): (
        None,
        None,
        "pages viewed; account compared",
        "web analytics tag",
    ),
    (BANK_CURRENT, "Apply online", "Online application form"): (
        None,
        None,
        "name, first name; postal address; date of birth; income; email; phone",
        "six-screen web form",
    ),
    (BANK_CURRENT, "Apply online", "KYC and credit bureau check"): (
        None,
        None,
        "credit bureau score; anti-money-laundering screening result",
        "credit bureau query",
    ),
    (BANK_CURRENT, "Verify identity", "Paper ID copy by post"): (
        None,
        None,
        "ID document copy; proof of address",
        "paper copies posted by the applicant",
    ),
    (BANK_CURRENT, "First use", "Real-time spending notifications"): (
        None,
        None,
        "card payments; merchant",
        "card transaction feed",
    ),
    (BANK_CURRENT, "First use", "Activation hotline"): (
        None,
        None,
        "reason for the call",
        "agent notes",
    ),
    (BANK_CURRENT, "First use", "Welcome email series"): (
        None,
        None,
        "opens; clicks",
        "email platform tracking",
    ),
    # the target: every row declares the workshop's decision
    (BANK_TARGET, "Research", "Account comparison page"): (
        "amplify",
        None,
        "pages viewed; account compared",
        "web analytics tag",
    ),
    (BANK_TARGET, "Research", "Monthly fee simulator"): (
        "add",
        None,
        "expected card use; overdraft need; transfers per month",
        "simulator answers, kept with consent",
    ),
    (BANK_TARGET, "Research", "Eligibility chatbot"): (
        "add",
        None,
        "status (student, freelancer, newcomer); eligibility question",
        "chatbot conversation log",
    ),
    (BANK_TARGET, "Research", "Branch walk-in advice"): ("transform", None, None, None),
    (BANK_TARGET, "Apply online", "Online application form"): (
        "transform",
        None,
        "name, first name; postal address; date of birth; income; email; phone",
        "12-field web form pre-filled from the ID scan",
    ),
    (BANK_TARGET, "Apply online", "App-based application"): (
        "add",
        None,
        "name, first name; postal address; date of birth; income; ID scan",
        "in-app form and phone camera scan",
    ),
    (BANK_TARGET, "Apply online", "Application status tracker"): (
        "add",
        None,
        "application step viewed",
        "app and web analytics events",
    ),
    (BANK_TARGET, "Apply online", "KYC and credit bureau check"): (
        "transform",
        None,
        "credit bureau score; anti-money-laundering screening result; tax returns (freelancers)",
        "credit bureau API and document upload",
    ),
    (BANK_TARGET, "Apply online", "Joint account opening online"): (None, None, None, None),
    (BANK_TARGET, "Verify identity", "Video ID check"): (
        "transform",
        "Paper ID copy by post",
        "selfie video; ID chip data",
        "video identification in the app (NFC read)",
    ),
    (BANK_TARGET, "Verify identity", "Optional branch appointment"): (
        "transform",
        "Mandatory branch appointment",
        "appointment slot chosen",
        "online booking",
    ),
    (BANK_TARGET, "Verify identity", "Fallback to manual document review"): (
        "add",
        None,
        None,
        None,
    ),
    (BANK_TARGET, "Sign & fund", "E-signature in app"): (
        "transform",
        "Wet-ink contract signature",
        "signature certificate; one-time code timestamp",
        "e-signature provider",
    ),
    (BANK_TARGET, "Sign & fund", "Instant top-up by card"): (
        "transform",
        "Initial deposit by bank transfer",
        "funding card (tokenised); amount",
        "card payment gateway",
    ),
    (BANK_TARGET, "Sign & fund", "Overdraft request decision delay"): ("add", None, None, None),
    (BANK_TARGET, "Sign & fund", "Card and PIN letters by post"): ("keep", None, None, None),
    (BANK_TARGET, "First use", "Instant virtual card"): ("amplify", None, None, None),
    (BANK_TARGET, "First use", "Real-time spending notifications"): (
        "amplify",
        None,
        "card payments; merchant; spending category",
        "card transaction feed",
    ),
    (BANK_TARGET, "First use", "In-app onboarding tour"): (
        "add",
        None,
        "tour steps completed",
        "app analytics events",
    ),
    (BANK_TARGET, "First use", "24/7 chatbot with human hand-off"): (
        "add",
        None,
        "question asked; hand-off reason",
        "chatbot conversation log",
    ),
    (BANK_TARGET, "First use", "Activation hotline"): (
        "transform",
        None,
        "reason for the call; call-back number",
        "phone menu and agent notes",
    ),
    (BANK_TARGET, "First use", "Direct debit switching service"): ("keep", None, None, None),
}
# what the target drops, as `remove` rows (journey, stage, channel, touchpoint, category,
# qualification, moment of truth, layer, data collection, description, owner)
BANK_REMOVALS = (
    (
        BANK_TARGET,
        "Verify identity",
        "Phone",
        "Verification call-back",
        "service",
        "neutral",
        "no",
        "frontstage",
        "no",
        "No more call from a hidden number: the video check confirms the details.",
        "KYC operations",
    ),
    (
        BANK_TARGET,
        "Verify identity",
        "Post",
        "Document scanning centre",
        "service",
        "neutral",
        "no",
        "support",
        "no",
        "Nothing is posted any more: the outsourced scanning contract ends.",
        "KYC operations",
    ),
)


def _headers(ws: Worksheet) -> dict[str, int]:
    return {str(c.value): c.column for c in ws[1] if c.value is not None}


def _column(ws: Worksheet, header: str) -> int:
    """The column of a header, added at the end (styled like the last header) when absent."""
    found = _headers(ws).get(header)
    if found is not None:
        return found
    column = ws.max_column + 1
    last = ws.cell(1, ws.max_column)
    cell = ws.cell(1, column, header)
    cell.font, cell.fill = copy.copy(last.font), copy.copy(last.fill)
    cell.alignment, cell.border = copy.copy(last.alignment), copy.copy(last.border)
    letter = cell.column_letter
    ws.column_dimensions[letter].width = max(14, len(header) + 4)
    return column


def make_bank() -> None:
    wb = openpyxl.load_workbook(BANK)
    ws = wb["Touchpoints"]
    columns = [_column(ws, h) for h in BANK_HEADERS]
    heads = _headers(ws)
    journey, stage, name = heads["Journey"], heads["Stage"], heads["Touchpoint"]
    present = set()
    for row in range(2, ws.max_row + 1):
        key = (
            ws.cell(row, journey).value,
            ws.cell(row, stage).value,
            ws.cell(row, name).value,
        )
        present.add(key)
        values = BANK_PLAN.get(key)  # type: ignore[arg-type]
        if values is None:
            continue
        for column, value in zip(columns, values, strict=True):
            ws.cell(row, column, value)
    missing = set(BANK_PLAN) - present
    if missing:
        raise SystemExit(f"bank.xlsx: touchpoints not found: {sorted(missing)}")
    for removal in BANK_REMOVALS:
        if (removal[0], removal[1], removal[3]) in present:
            continue
        row = ws.max_row + 1
        for index, value in enumerate(removal, start=1):
            ws.cell(row, index, value)
        ws.cell(row, columns[0], "remove")
    wb.save(BANK)


# --- the restaurant ----------------------------------------------------------------------------

RESTAURANT = DATA / "restaurant.xlsx"
R_CURRENT = "Chaîne de restaurants — parcours convive"
R_TARGET = "Chaîne de restaurants — parcours convive cible"
R_DESCRIPTION = (
    "Parcours cible décidé en atelier en octobre 2026 : supprimer l'attente debout et l'attente "
    "de l'addition, combler les absences (allergènes, rappel SMS, file d'attente virtuelle, "
    "partage de l'addition), transformer la carte et la réservation par téléphone, sublimer ce "
    "que les convives aiment déjà. Chaque point de contact dit ce qu'il collecte et comment. "
    "Indicateurs : la dernière mesure de chacun et sa cible."
)
# every sheet gets a `Parcours` column: the contract lets Personas and Canaux be shared by the
# journeys of a workbook, but the reader still asks for the column (tests/test_reader.py holds
# it to that), so both journeys list them
PER_JOURNEY = (
    "Personas",
    "Canaux",
    "Étapes",
    "Points de contact",
    "Émotions",
    "Indicateurs",
    "Actions",
)

# stage, channel, touchpoint, catégorie, qualification, moment de vérité, couche, collecte,
# description, responsable, évolution, remplace, données collectées, mécanique de collecte
TARGET_TOUCHPOINTS: tuple[tuple[Any, ...], ...] = (
    (
        "Je cherche une information",
        "Site internet",
        "Carte en ligne synchronisée avec le logiciel de caisse",
        "marketing",
        "neutre",
        "non",
        "front office",
        "non",
        "La carte du site est publiée depuis la caisse : plats et prix sont ceux servis en salle.",
        "Équipe digitale",
        "transformer",
        "Carte en ligne non à jour",
        None,
        None,
    ),
    (
        "Je cherche une information",
        "Réseaux sociaux",
        "Photos des plats sur Instagram",
        "marketing",
        "enchantement",
        "non",
        "front office",
        "oui",
        "Les photos des clients sont reprises chaque semaine, avec le plat du jour en story.",
        "Direction marketing",
        "sublimer",
        None,
        "abonnés ; interactions par publication",
        "statistiques Instagram",
    ),
    (
        "Je cherche une information",
        "Google et plateformes d'avis",
        "Fiche Google du restaurant",
        "marketing",
        "neutre",
        "non",
        "front office",
        "non",
        "Horaires, photos, itinéraire et note moyenne ; premier contact de la plupart des nouveaux "
        "clients.",
        "Directeurs de restaurant",
        "conserver",
        None,
        None,
        None,
    ),
    (
        "Je cherche une information",
        "Site internet",
        "Informations allergènes en ligne",
        "produit",
        "neutre",
        "non",
        "front office",
        "non",
        "Les quatorze allergènes de chaque plat, consultables sur le site et sur la carte.",
        "Direction qualité",
        "ajouter",
        None,
        None,
        None,
    ),
    (
        "Je réserve ma table",
        "Site internet",
        "Module de réservation en ligne",
        "vente",
        "enchantement",
        "non",
        "front office",
        "oui",
        "Réservation en trois clics, en quatre langues, avec le choix de la table au calme.",
        "Équipe digitale",
        "sublimer",
        None,
        "nom, prénom ; téléphone ; e-mail ; nombre de couverts ; préférences de table",
        "formulaire de réservation en ligne",
    ),
    (
        "Je réserve ma table",
        "Téléphone",
        "Réservation par téléphone avec standard partagé et rappel automatique",
        "vente",
        "neutre",
        "non",
        "front office",
        "oui",
        "Aux heures de rush, les appels basculent vers un standard commun à trois restaurants, "
        "ou un SMS propose de réserver en ligne.",
        "Service client",
        "transformer",
        "Réservation par téléphone aux heures de rush",
        "numéro de l'appelant ; heure de l'appel",
        "standard téléphonique",
    ),
    (
        "Je réserve ma table",
        "Téléphone",
        "Rappel de réservation par SMS",
        "service",
        "enchantement",
        "non",
        "front office",
        "oui",
        "SMS la veille à 18 h avec un lien pour confirmer ou annuler.",
        "Équipe digitale",
        "ajouter",
        None,
        "confirmation ou annulation",
        "lien dans le SMS de rappel",
    ),
    (
        "Je réserve ma table",
        "Restaurant",
        "Plan de salle alimenté automatiquement par les réservations",
        "service",
        "neutre",
        "non",
        "back office",
        "non",
        "Le plan de salle se remplit à partir de toutes les réservations, sans ressaisie.",
        "Opérations salle",
        "transformer",
        "Plan de salle et attribution des tables",
        None,
        None,
    ),
    (
        "Je suis accueilli à mon arrivée au restaurant",
        "Restaurant",
        "Accueil souriant par l'hôte ou l'hôtesse",
        "service",
        "enchantement",
        "oui",
        "front office",
        "oui",
        "Les hôtes voient sur la tablette les préférences des habitués et les allergies signalées.",
        "Opérations salle",
        "sublimer",
        None,
        "préférences des habitués ; allergies signalées",
        "fiche client de l'outil de réservation",
    ),
    (
        "Je suis accueilli à mon arrivée au restaurant",
        "Restaurant",
        "Chaises hautes et espace poussettes",
        "service",
        "neutre",
        "non",
        "front office",
        "non",
        "Trois chaises hautes par établissement, pas toujours disponibles le dimanche midi.",
        "Directeurs de restaurant",
        "conserver",
        None,
        None,
        None,
    ),
    (
        "J'attends que l'on me place",
        "Restaurant",
        "Temps d'attente au comptoir",
        "service",
        "irritant",
        "oui",
        "front office",
        "non",
        "Plus personne n'attend debout : la file d'attente virtuelle la remplace.",
        "Opérations salle",
        "supprimer",
        None,
        None,
        None,
    ),
    (
        "J'attends que l'on me place",
        "Application mobile",
        "File d'attente virtuelle avec alerte",
        "service",
        "enchantement",
        "oui",
        "front office",
        "oui",
        "Inscription par QR code à l'entrée ou dans l'application ; un SMS prévient quand la table "
        "est prête.",
        "Équipe digitale",
        "ajouter",
        None,
        "téléphone ; taille du groupe ; heure d'arrivée",
        "inscription par QR code à l'entrée",
    ),
    (
        "Je commande",
        "Restaurant",
        "Carte papier à la demande et carte QR code traduite en quatre langues",
        "vente",
        "neutre",
        "non",
        "front office",
        "oui",
        "Carte papier pour qui la demande ; la carte en ligne en français, anglais, espagnol et "
        "italien, lisible sans réseau.",
        "Direction marketing",
        "transformer",
        "Carte QR code à table",
        "langue choisie ; plats consultés",
        "statistiques de la carte en ligne",
    ),
    (
        "Je commande",
        "Restaurant",
        "Conseils du serveur sur les plats du jour",
        "vente",
        "enchantement",
        "non",
        "front office",
        "non",
        "Les serveurs présentent la suggestion du chef et proposent un vin.",
        "Opérations salle",
        "conserver",
        None,
        None,
        None,
    ),
    (
        "Je commande",
        "Restaurant",
        "Logiciel de caisse relié au site et aux réservations",
        "service",
        "neutre",
        "non",
        "support",
        "oui",
        "La caisse publie la carte sur le site et reçoit les réservations ; l'historique des "
        "tickets alimente le programme de fidélité.",
        "DSI",
        "transformer",
        "Logiciel de caisse et écran cuisine",
        "historique des tickets ; plats commandés",
        "export quotidien de la caisse",
    ),
    (
        "Je mange",
        "Restaurant",
        "Dressage et qualité des assiettes",
        "produit",
        "enchantement",
        "oui",
        "front office",
        "non",
        "Produits frais, assiettes généreuses et soignées.",
        "Chefs de cuisine",
        "conserver",
        None,
        None,
        None,
    ),
    (
        "Je mange",
        "Restaurant",
        "Menu enfant et kit coloriage",
        "produit",
        "enchantement",
        "non",
        "front office",
        "non",
        "Le menu enfant s'accompagne d'une surprise à emporter.",
        "Direction marketing",
        "sublimer",
        None,
        None,
        None,
    ),
    (
        "Je mange",
        "Restaurant",
        "Salon calme réservable pour les repas d'affaires",
        "produit",
        "neutre",
        "non",
        "front office",
        "non",
        "Un salon isolé de la salle, réservable en ligne, pour les repas où l'on doit s'entendre.",
        "Direction travaux",
        "transformer",
        "Bruit en salle au coup de feu",
        None,
        None,
    ),
    (
        "Je paie",
        "Restaurant",
        "Attente de l'addition",
        "vente",
        "irritant",
        "oui",
        "front office",
        "non",
        "Le paiement à table par QR code supprime l'attente de l'addition.",
        "Opérations salle",
        "supprimer",
        None,
        None,
        None,
    ),
    (
        "Je paie",
        "Restaurant",
        "Terminal de paiement apporté à table",
        "vente",
        "neutre",
        "non",
        "front office",
        "non",
        "Gardé pour qui préfère payer par carte au serveur.",
        "Opérations salle",
        "conserver",
        None,
        None,
        None,
    ),
    (
        "Je paie",
        "Application mobile",
        "Partage de l'addition entre convives",
        "vente",
        "enchantement",
        "oui",
        "front office",
        "oui",
        "Un QR code sur la note : chacun règle sa part depuis son téléphone et reçoit son reçu.",
        "Équipe digitale",
        "ajouter",
        None,
        "montant réglé par convive ; e-mail pour le reçu",
        "paiement par QR code sur la note",
    ),
    (
        "Je paie",
        "Restaurant",
        "Facture dématérialisée envoyée par e-mail depuis la caisse",
        "service",
        "neutre",
        "non",
        "front office",
        "oui",
        "La facture avec TVA détaillée part par e-mail depuis la caisse, au nom de l'entreprise.",
        "Direction financière",
        "transformer",
        "Facture détaillée pour note de frais",
        "raison sociale ; e-mail de facturation",
        "saisie à la caisse",
    ),
    (
        "Je donne mon avis après le repas",
        "Google et plateformes d'avis",
        "Réponses aux avis en ligne",
        "service",
        "neutre",
        "non",
        "front office",
        "oui",
        "Chaque avis reçoit sous 48 heures une réponse signée par le directeur du restaurant.",
        "Service client",
        "transformer",
        None,
        "note ; commentaire",
        "outil de gestion des avis",
    ),
    (
        "Je donne mon avis après le repas",
        "Application mobile",
        "Programme de fidélité (10e repas offert)",
        "marketing",
        "enchantement",
        "non",
        "front office",
        "oui",
        "Les tampons se cumulent aussi au paiement par QR code ; l'anniversaire est fêté.",
        "Direction marketing",
        "sublimer",
        None,
        "fréquence des visites ; ticket moyen ; date d'anniversaire",
        "tampons numériques dans l'application",
    ),
    (
        "Je donne mon avis après le repas",
        "Application mobile",
        "Questionnaire de satisfaction après le repas",
        "service",
        "neutre",
        "non",
        "front office",
        "oui",
        "Notification deux heures après le paiement, cinq questions dont le NPS.",
        "Service client",
        "conserver",
        None,
        "NPS ; commentaire libre",
        "notification deux heures après le paiement",
    ),
)
# where a current touchpoint goes in the target (for the target's emotions)
TARGET_OF = {row[11]: row[2] for row in TARGET_TOUCHPOINTS if row[11]}
REMOVED = {row[2] for row in TARGET_TOUCHPOINTS if row[10] == "supprimer"}
# a removed touchpoint's emotion moves to the touchpoint that takes its place
TARGET_OF |= {
    "Temps d'attente au comptoir": "File d'attente virtuelle avec alerte",
    "Attente de l'addition": "Partage de l'addition entre convives",
}
# how much better each stage feels in the target (1..5 scale), as the workshop expects
UPLIFT = {
    "Je cherche une information": 1.0,
    "Je réserve ma table": 1.0,
    "Je suis accueilli à mon arrivée au restaurant": 0.5,
    "J'attends que l'on me place": 2.0,
    "Je commande": 1.0,
    "Je mange": 0.5,
    "Je paie": 2.0,
    "Je donne mon avis après le repas": 1.0,
}


def _rows(ws: Worksheet) -> Iterable[list[Any]]:
    for row in ws.iter_rows(min_row=2, values_only=True):
        if any(v is not None for v in row):
            yield list(row)


def _add_journey_column(ws: Worksheet) -> None:
    """A first `Parcours` column naming the current journey on every row."""
    if ws.cell(1, 1).value == "Parcours":
        return
    ws.insert_cols(1)
    header = ws.cell(1, 1, "Parcours")
    model = ws.cell(1, 2)
    header.font, header.fill = copy.copy(model.font), copy.copy(model.fill)
    header.alignment, header.border = copy.copy(model.alignment), copy.copy(model.border)
    ws.column_dimensions["A"].width = 36
    for row in range(2, ws.max_row + 1):
        if any(ws.cell(row, c).value is not None for c in range(2, ws.max_column + 1)):
            ws.cell(row, 1, R_CURRENT)


def _append(ws: Worksheet, values: Iterable[Any]) -> None:
    row = ws.max_row + 1
    for column, value in enumerate(values, start=1):
        ws.cell(row, column, value)


def make_restaurant() -> None:
    wb = openpyxl.load_workbook(RESTAURANT)
    journeys = wb["Parcours"]
    if any(r[0] == R_TARGET for r in _rows(journeys)):
        return  # already made
    for name in PER_JOURNEY:
        _add_journey_column(wb[name])
    # Parcours: a Référence column, then the target's row
    reference = _column(journeys, "Référence")
    heads = _headers(journeys)
    first = [journeys.cell(2, c).value for c in range(1, journeys.max_column + 1)]
    target_row = list(first)
    target_row[heads["Parcours"] - 1] = R_TARGET
    target_row[heads["État"] - 1] = "cible"
    target_row[heads["Description"] - 1] = R_DESCRIPTION
    target_row[reference - 1] = R_CURRENT
    _append(journeys, target_row)

    for name in ("Personas", "Canaux", "Étapes"):  # the same in the target
        sheet = wb[name]
        for row in list(_rows(sheet)):
            _append(sheet, [R_TARGET, *row[1:]])

    touchpoints = wb["Points de contact"]
    columns = [
        _column(touchpoints, h)
        for h in ("Évolution", "Remplace", "Données collectées", "Mécanique de collecte")
    ]
    assert columns == list(range(12, 16)), columns  # Parcours + the ten columns, then these
    for row in TARGET_TOUCHPOINTS:
        _append(touchpoints, [R_TARGET, *row])

    # the convives' emotions in the target: each current emotion, on the touchpoint that takes
    # its place, lifted as the workshop expects (capped at 5); same gestures (« Fait »)
    emotions = wb["Émotions"]
    heads = _headers(emotions)
    scores = _current_scores()
    for row in list(_rows(emotions)):
        persona, stage, touchpoint = (
            row[heads["Persona"] - 1],
            row[heads["Étape"] - 1],
            row[heads["Point de contact"] - 1],
        )
        new = list(row)
        new[0] = R_TARGET
        new[heads["Point de contact"] - 1] = TARGET_OF.get(touchpoint, touchpoint)
        new[heads["Émotion"] - 1] = min(5.0, scores[(persona, stage)] + UPLIFT[stage])
        for header in ("Ressenti", "Verbatim", "Pense", "Dit"):  # words of the current visit
            new[heads[header] - 1] = None
        _append(emotions, new)

    # the indicators to follow in the target: each one's latest measure and its target (the
    # touchpoint it is measured on renamed as in the target)
    kpis = wb["Indicateurs"]
    heads = _headers(kpis)
    latest: dict[tuple[Any, ...], list[Any]] = {}
    for row in _rows(kpis):
        key = tuple(
            row[heads[h] - 1] for h in ("Indicateur", "Étape", "Point de contact", "Persona")
        )
        latest[key] = row  # rows are in period order: the last one wins
    for row in latest.values():
        new = list(row)
        new[0] = R_TARGET
        at = heads["Point de contact"] - 1
        new[at] = TARGET_OF.get(new[at], new[at])
        if new[at] in REMOVED:
            continue
        _append(kpis, new)
    wb.save(RESTAURANT)


def _current_scores() -> dict[tuple[str, str], float]:
    """The current journey's score per persona and stage, as cxmap reads it (feeling words
    become scores)."""
    import sys

    sys.path.insert(0, str(DATA.parent))
    from cxmap.files.reader import read_workbook

    result = read_workbook(RESTAURANT)
    assert result.ok, result.report.errors
    current = next(m for m in result.maps if m.name == R_CURRENT)
    return {(e.persona, e.stage): e.score for e in current.emotions}


if __name__ == "__main__":
    make_bank()
    make_restaurant()
    print(f"wrote {BANK.name} and {RESTAURANT.name}")
