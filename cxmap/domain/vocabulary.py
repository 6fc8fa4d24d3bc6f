"""The words of the workbook contract: sheet roles, column aliases and value vocabularies.

One declarative table drives both the reader (aliases, in English and French) and the writer
(the first English or French alias is the canonical header).  Matching ignores case, accents,
spaces, underscores and punctuation; see :func:`normalise`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(text: object) -> str:
    """Fold a header, sheet name or vocabulary word to its matching key: `Étape_1 ` -> `etape1`."""
    return _normalise(str(text))


@functools.lru_cache(maxsize=65_536)  # maps repeat their names: each is folded once
def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_ALNUM.sub("", stripped.casefold().replace("œ", "oe").replace("æ", "ae"))


def fold(text: object) -> str:
    """Case-, accent- and space-insensitive, but keeping symbols (`+`, `#`, `✓`, emojis);
    a trailing colon is dropped as in headers (`# :`)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(
        ch for ch in decomposed if not unicodedata.combining(ch) and ch not in "\ufe0f\u200d"
    )
    return "".join(stripped.casefold().split()).rstrip(":")


def match_key(text: object) -> str:
    """The key a word is matched by: its normalised form, or its folded form when it is made
    of symbols only (`#`, `+`, `-`, `✓`)."""
    return normalise(text) or fold(text)


@dataclass(frozen=True)
class Column:
    """One column of a Layout 1 sheet.

    ``kind`` says how cells are read (see :mod:`cxmap.files.cells`); ``vocabulary`` names a value
    vocabulary for ``kind == "choice"``.
    """

    key: str
    en: tuple[str, ...]
    fr: tuple[str, ...]
    kind: str = "text"
    required: bool = False
    vocabulary: str | None = None
    match_keys: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        keys = frozenset(match_key(alias) for alias in (*self.en, *self.fr))
        object.__setattr__(self, "match_keys", keys)

    @property
    def header_en(self) -> str:
        return self.en[0]

    @property
    def header_fr(self) -> str:
        return self.fr[0]

    def header(self, lang: str) -> str:
        return self.header_fr if lang == "fr" else self.header_en


@dataclass(frozen=True)
class Sheet:
    """One Layout 1 sheet: its role, its names and its columns (in export order)."""

    role: str
    en: tuple[str, ...]
    fr: tuple[str, ...]
    columns: tuple[Column, ...]
    keys: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", {c.key: c for c in self.columns})

    def name(self, lang: str) -> str:
        return self.fr[0] if lang == "fr" else self.en[0]


def _c(
    key: str,
    en: str,
    fr: str,
    kind: str = "text",
    *,
    required: bool = False,
    vocabulary: str | None = None,
) -> Column:
    """Build a column from `|`-separated alias lists (first = canonical)."""
    return Column(key, tuple(en.split("|")), tuple(fr.split("|")), kind, required, vocabulary)


JOURNEY_COLUMN = _c("journey", "journey|journey name|map", "parcours|nom du parcours|carte")

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "journeys",
        ("Journeys", "Journey", "Maps"),
        ("Parcours",),
        (
            _c(
                "journey",
                "journey|journey name|name|map",
                "parcours|nom du parcours|nom",
                required=True,
            ),
            _c(
                "state", "state|status|version", "état|statut|version", "choice", vocabulary="state"
            ),
            _c("baseline", "baseline|current journey|based on", "référence|parcours de référence"),
            _c("description", "description|summary", "description|résumé"),
            _c("sector", "sector|industry", "secteur|secteur d'activité"),
            _c("owner", "owner", "responsable|propriétaire|pilote"),
            _c(
                "emotion_scale",
                "emotion scale|scale",
                "échelle émotion|échelle émotionnelle|échelle",
                "scale",
            ),
        ),
    ),
    Sheet(
        "personas",
        ("Personas", "Persona"),
        ("Personas", "Persona", "Personae"),
        (
            JOURNEY_COLUMN,
            _c("persona", "persona|name", "persona|nom", required=True),
            _c("description", "description", "description"),
            _c("segment", "segment|type", "typologie|segment|type"),
            _c("share", "share|share of customers|weight", "part|part des clients|poids", "share"),
            _c("age", "age|age range", "âge|tranche d'âge"),
            _c("goals", "goals|goal|needs", "objectifs|objectif|besoins"),
            _c("frustrations", "frustrations|pain points", "frustrations|freins"),
            _c("motivations", "motivations|motivation", "motivations|motivation"),
            _c(
                "preferred_channels",
                "preferred channels|channels",
                "canaux préférés|canaux",
                "list",
            ),
            # free text, so that a `Source` column of the consultant's own is kept; the words of
            # VOCABULARIES["persona_source"] read as their canonical value
            _c("source", "source|origin", "origine|source|provenance"),
        ),
    ),
    Sheet(
        "stages",
        ("Stages", "Steps", "Phases"),
        ("Étapes", "Étape", "Phases du parcours"),
        (
            JOURNEY_COLUMN,
            _c("stage", "stage|step|name", "étape|phase du parcours|nom", required=True),
            _c("order", "order|position|rank|#", "ordre|rang|n°", "number"),
            _c(
                "phase",
                "phase|funnel stage|aarrr",
                "phase|étape du funnel",
                "choice",
                vocabulary="phase",
            ),
            _c("description", "description", "description"),
            _c("customer_goal", "customer goal|goal", "objectif client|objectif"),
        ),
    ),
    Sheet(
        "channels",
        ("Channels", "Channel"),
        ("Canaux", "Canal"),
        (
            JOURNEY_COLUMN,
            _c("channel", "channel|name", "canal|nom", required=True),
            _c(
                "kind",
                "kind|type|online/offline",
                "type|nature|en ligne/hors ligne",
                "choice",
                vocabulary="kind",
            ),
            _c("category", "category", "catégorie"),
        ),
    ),
    Sheet(
        "touchpoints",
        ("Touchpoints", "Touch points"),
        ("Points de contact", "Point de contact", "Points de contacts"),
        (
            JOURNEY_COLUMN,
            _c("stage", "stage|step", "étape", required=True),
            _c("channel", "channel", "canal", required=True),
            _c("touchpoint", "touchpoint|touch point|name", "point de contact|nom", required=True),
            _c("category", "category", "catégorie", "choice", vocabulary="category"),
            _c(
                "qualification",
                "qualification|type|status",
                "qualification|qualité|statut",
                "choice",
                vocabulary="qualification",
            ),
            _c(
                "moment_of_truth",
                "moment of truth|mot|key moment",
                "moment de vérité|mdv|moment clé",
                "bool",
            ),
            _c("layer", "layer|blueprint layer", "couche|niveau", "choice", vocabulary="layer"),
            _c(
                "data_collection",
                "data collection|collects data",
                "collecte|collecte de données",
                "bool",
            ),
            _c(
                "data_collected",
                "data collected|collected data|customer data",
                "données collectées|données clients collectées",
                "items",
            ),
            _c(
                "collection_mechanism",
                "collection mechanism|collection method",
                "mécanique de collecte|mécanisme de collecte|méthode de collecte",
            ),
            _c(
                "change",
                "change|evolution",
                "évolution|changement",
                "choice",
                vocabulary="change",
            ),
            _c("replaces", "replaces|replaced touchpoint", "remplace|point de contact remplacé"),
            _c(
                "events",
                "events|event names|log activities",
                "événements|activités du journal",
                "items",
            ),
            _c("description", "description", "description"),
            _c("owner", "owner", "responsable|propriétaire"),
        ),
    ),
    Sheet(
        "emotions",
        ("Emotions", "Emotion", "Emotion curve"),
        ("Émotions", "Émotion", "Courbe émotionnelle", "Courbe des émotions"),
        (
            JOURNEY_COLUMN,
            _c("persona", "persona", "persona", required=True),
            _c("stage", "stage|step", "étape", required=True),
            _c("touchpoint", "touchpoint|touch point", "point de contact"),
            _c(
                "emotion",
                "emotion|score|emotion score",
                "émotion|note|score",
                "emotion",
                required=True,
            ),
            _c("feeling", "feeling|mood", "ressenti|sentiment"),
            _c("quote", "quote|verbatim", "verbatim|citation"),
            _c("thinks", "thinks|thoughts", "pense|pensées"),
            _c("does", "does|doing|actions", "fait|actions du client"),
            _c("says", "says|saying", "dit"),
        ),
    ),
    Sheet(
        "kpis",
        ("KPIs", "KPI", "Metrics", "Indicators"),
        ("Indicateurs", "Indicateur", "KPI", "Mesures"),
        (
            JOURNEY_COLUMN,
            _c("kpi", "kpi|metric|indicator|name", "indicateur|mesure|nom", required=True),
            _c("value", "value|actual", "valeur|réel|réalisé", "number", required=True),
            _c("target", "target|goal", "cible|objectif", "number"),
            _c("unit", "unit", "unité"),
            _c("direction", "direction|better", "sens|direction", "choice", vocabulary="direction"),
            _c("period", "period|date|month|quarter", "période|date|mois|trimestre", "period"),
            _c("stage", "stage|step", "étape"),
            _c("touchpoint", "touchpoint|touch point", "point de contact"),
            _c("persona", "persona", "persona"),
            _c("n", "n|sample size|responses", "n|taille d'échantillon|effectif|réponses", "count"),
        ),
    ),
    Sheet(
        "actions",
        ("Actions", "Action plan", "Improvements"),
        ("Actions", "Plan d'actions", "Plan d'action", "Améliorations"),
        (
            JOURNEY_COLUMN,
            _c("action", "action|name|solution", "action|nom|solution", required=True),
            _c("impact", "impact", "impact", "rating"),
            _c("effort", "effort", "effort", "rating"),
            _c("stage", "stage|step", "étape"),
            _c("touchpoint", "touchpoint|touch point", "point de contact"),
            _c("pain_point", "pain point|irritant", "irritant|point de douleur|point de friction"),
            _c(
                "type", "type|action type", "type|type d'action", "choice", vocabulary="action_type"
            ),
            _c("owner", "owner", "responsable|porteur"),
            _c("status", "status|state", "statut|état", "choice", vocabulary="status"),
            _c("cost", "cost|budget", "coût|budget", "number"),
            _c("reach", "reach|customers reached", "portée|clients touchés", "number"),
            _c("due", "due|due date|deadline", "échéance|date|date limite", "date"),
            _c(
                "expected_gain",
                "expected gain|expected impact|gain",
                "impact potentiel|gain attendu",
            ),
        ),
    ),
    Sheet(
        "responses", ("Responses", "Answers", "Survey"), ("Réponses", "Enquête"), (JOURNEY_COLUMN,)
    ),
)

SHEETS_BY_ROLE: dict[str, Sheet] = {s.role: s for s in SHEETS}
_SHEET_KEYS: dict[str, str] = {
    normalise(name): sheet.role for sheet in SHEETS for name in (*sheet.en, *sheet.fr)
}


def sheet_role(sheet_name: str) -> str | None:
    """The Layout 1 role of a sheet name (`Points de contact` -> `touchpoints`), or None."""
    return _SHEET_KEYS.get(normalise(sheet_name))


# Headers such as `stage_name`, `Nom de l'étape`, `Touchpoint name` mean the bare column.
_NAME_AFFIXES = re.compile(
    r"^(?:nomdela|nomdel|nomdu|nomdes|nomde|nom)|(?:name|nom|label|libelle)$"
)


def column_for(sheet: Sheet, header: object) -> Column | None:
    """The column of ``sheet`` a header names, or None for an extra (unknown) column."""
    key = match_key(header)
    if not key:
        return None
    for candidate in (key, _NAME_AFFIXES.sub("", key)):
        if not candidate:
            continue
        for column in sheet.columns:
            if candidate in column.match_keys:
                return column
    return None


# --- value vocabularies ---------------------------------------------------------------------
# canonical value -> (English words, French words).  The canonical value is what the database
# holds and what export writes; the first French word is what `--lang fr` writes.

VOCABULARIES: dict[str, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "state": {
        "current": (
            ("current", "as-is", "as is", "actual", "existing"),
            ("existant", "actuel", "courant"),
        ),
        "target": (("target", "to-be", "to be", "future", "ideal"), ("cible", "futur", "idéal")),
    },
    "qualification": {
        "irritant": (
            ("irritant", "pain point", "pain", "negative", "friction"),
            ("irritant", "point de douleur", "négatif", "friction"),
        ),
        "delight": (
            ("delight", "positive", "wow", "enchantment", "delighter"),
            ("enchantement", "positif", "enchanteur"),
        ),
        "missing": (
            ("missing", "absent", "gap", "missing touchpoint"),
            ("absence", "manquant", "absent", "point de contact manquant"),
        ),
        "neutral": (("neutral", "none", "standard", "ok"), ("neutre", "normal")),
    },
    "layer": {
        "frontstage": (
            ("frontstage", "front stage", "front", "front office"),
            ("front office", "visible", "premier plan"),
        ),
        "backstage": (
            ("backstage", "back stage", "back", "back office"),
            ("back office", "coulisses", "arrière-plan"),
        ),
        "support": (
            ("support", "support processes", "support process", "system"),
            ("support", "processus support", "système"),
        ),
    },
    "category": {
        "marketing": (("marketing", "communication"), ("marketing", "communication")),
        "sales": (("sales", "sale", "commerce"), ("vente", "ventes", "commercial")),
        "service": (
            ("service", "customer service", "support", "after-sales"),
            ("service", "service client", "après-vente", "sav"),
        ),
        "product": (("product", "usage", "use"), ("produit", "usage", "utilisation")),
    },
    "kind": {
        "online": (
            ("online", "digital", "web", "remote"),
            ("en ligne", "digital", "numérique", "à distance"),
        ),
        "offline": (
            ("offline", "physical", "in person", "in-person"),
            ("hors ligne", "physique", "en personne", "présentiel"),
        ),
    },
    "phase": {
        "acquisition": (("acquisition",), ("acquisition",)),
        "activation": (("activation",), ("activation",)),
        "retention": (("retention",), ("rétention", "fidélisation")),
        "revenue": (("revenue",), ("revenu", "revenus", "chiffre d'affaires")),
        "referral": (("referral", "recommendation"), ("recommandation", "parrainage")),
        "awareness": (("awareness", "discovery"), ("notoriété", "découverte", "sensibilisation")),
        "consideration": (("consideration", "evaluation"), ("considération", "évaluation")),
        "decision": (("decision", "purchase", "conversion"), ("décision", "achat", "conversion")),
        "advocacy": (("advocacy", "loyalty"), ("ambassadeur", "fidélité", "recommandation client")),
    },
    "direction": {
        "higher": (
            ("higher", "higher is better", "up", "max", "maximise", "maximize", "+"),
            (
                "plus haut",
                "plus haut est mieux",
                "plus élevé",
                "plus c'est haut mieux c'est",
                "hausse",
                "maximiser",
            ),
        ),
        "lower": (
            ("lower", "lower is better", "down", "min", "minimise", "minimize", "-"),
            (
                "plus bas",
                "plus bas est mieux",
                "moins élevé",
                "plus c'est bas mieux c'est",
                "baisse",
                "minimiser",
            ),
        ),
    },
    "action_type": {
        "remove": (("remove", "delete", "eliminate"), ("supprimer", "suppression", "éliminer")),
        "add": (("add", "create", "new"), ("ajouter", "ajout", "créer")),
        "transform": (
            ("transform", "improve", "change", "fix"),
            ("transformer", "transformation", "améliorer"),
        ),
        "amplify": (("amplify", "enhance", "boost"), ("sublimer", "amplifier", "renforcer")),
    },
    "change": {
        "remove": (("remove", "delete", "removed"), ("supprimer", "suppression", "supprimé")),
        "add": (("add", "new", "added"), ("ajouter", "ajout", "nouveau", "ajouté")),
        "transform": (
            ("transform", "transformed", "improve", "change"),
            ("transformer", "transformation", "transformé", "améliorer"),
        ),
        "amplify": (
            ("amplify", "amplified", "enhance"),
            ("sublimer", "amplifier", "sublimé", "renforcer"),
        ),
        "keep": (
            ("keep", "kept", "unchanged", "same"),
            ("conserver", "garder", "inchangé", "conservé"),
        ),
    },
    "persona_source": {
        "answers": (
            ("answers", "survey answers", "survey", "responses"),
            ("réponses", "réponses à l'enquête", "enquête", "questionnaire"),
        ),
    },
    "status": {
        "idea": (("idea", "backlog", "proposed", "to do", "todo"), ("idée", "à faire", "proposée")),
        "planned": (("planned", "scheduled", "approved"), ("planifiée", "planifié", "prévue")),
        "in progress": (
            ("in progress", "ongoing", "doing", "started", "wip"),
            ("en cours", "démarrée", "commencée"),
        ),
        "done": (
            ("done", "completed", "finished", "closed"),
            ("terminée", "terminé", "fait", "réalisée"),
        ),
    },
}

_VOCABULARY_KEYS: dict[str, dict[str, str]] = {
    name: {
        match_key(w): canonical
        for canonical, (en, fr) in words.items()
        for w in (canonical, *en, *fr)
    }
    for name, words in VOCABULARIES.items()
}


def canonical(vocabulary: str, word: object) -> str | None:
    """The canonical value a word means in a vocabulary (`enchantement` -> `delight`), or None."""
    key = match_key(word)
    return _VOCABULARY_KEYS[vocabulary].get(key) if key else None


def allowed_words(vocabulary: str) -> str:
    """The canonical words of a vocabulary with their French form, for error messages."""
    return ", ".join(f"{c} / {fr[0]}" for c, (_en, fr) in VOCABULARIES[vocabulary].items())


def localised(vocabulary: str, value: str, lang: str) -> str:
    """How export writes a canonical value in a language."""
    if lang == "fr":
        return VOCABULARIES[vocabulary][value][1][0]
    return value


# --- lists of items -------------------------------------------------------------------------
# `data collected` and `events` hold names that may themselves contain commas ("nom, prénom"):
# their items are separated by `;` or line breaks only.

_ITEM_SEPARATORS = re.compile(r"\s*[;\n\r]+\s*")


def split_items(text: object) -> tuple[str, ...]:
    """The items of an `items` cell: `email; téléphone\\nadresse` -> three items."""
    if text is None:
        return ()
    return tuple(item for item in _ITEM_SEPARATORS.split(str(text).strip()) if item)


# --- booleans ---------------------------------------------------------------------------------

TRUE_WORDS = frozenset(
    fold(w) for w in ("yes", "y", "true", "x", "1", "oui", "o", "vrai", "✓", "✔", "☑", "✅")
)
FALSE_WORDS = frozenset(
    fold(w) for w in ("no", "n", "false", "0", "non", "faux", "-", "✗", "✘", "❌")
)

# --- feeling words --------------------------------------------------------------------------
# Each word sits on a -2..2 base (very negative .. very positive) and is mapped linearly onto
# the journey's emotion scale.  Emojis are kept as they are (normalise() would erase them).

FEELINGS: dict[float, tuple[str, ...]] = {
    -2: (
        "furious",
        "angry",
        "outraged",
        "desperate",
        "terrible",
        "awful",
        "very unhappy",
        "very dissatisfied",
        "furieux",
        "furieuse",
        "en colère",
        "énervé",
        "énervée",
        "exaspéré",
        "exaspérée",
        "désespéré",
        "horrible",
        "très mécontent",
        "très insatisfait",
        "😡",
        "😠",
        "🤬",
        "😭",
    ),
    -1: (
        "frustrated",
        "annoyed",
        "anxious",
        "worried",
        "disappointed",
        "confused",
        "stressed",
        "impatient",
        "unhappy",
        "dissatisfied",
        "bored",
        "lost",
        "frustré",
        "frustrée",
        "agacé",
        "agacée",
        "anxieux",
        "anxieuse",
        "inquiet",
        "inquiète",
        "déçu",
        "déçue",
        "perdu",
        "perdue",
        "stressé",
        "stressée",
        "impatient",
        "impatiente",
        "mécontent",
        "insatisfait",
        "ennuyé",
        "confus",
        "😟",
        "😕",
        "🙁",
        "☹",
        "😞",
        "😤",
    ),
    0: (
        "neutral",
        "indifferent",
        "ok",
        "okay",
        "curious",
        "neutre",
        "indifférent",
        "moyen",
        "curieux",
        "curieuse",
        "😐",
        "😶",
    ),
    1: (
        "satisfied",
        "pleased",
        "happy",
        "reassured",
        "confident",
        "content",
        "good",
        "satisfait",
        "satisfaite",
        "rassuré",
        "rassurée",
        "confiant",
        "confiante",
        "heureux",
        "heureuse",
        "bien",
        "serein",
        "sereine",
        "🙂",
        "😊",
        "👍",
    ),
    2: (
        "delighted",
        "thrilled",
        "excited",
        "enthusiastic",
        "amazed",
        "very satisfied",
        "ravi",
        "ravie",
        "enchanté",
        "enchantée",
        "enthousiaste",
        "emballé",
        "emballée",
        "conquis",
        "conquise",
        "très satisfait",
        "😍",
        "🤩",
        "😀",
        "😃",
        "😄",
        "❤️",
        "❤",
    ),
}

_FEELING_KEYS: dict[str, float] = {}
for _base, _words in FEELINGS.items():
    for _w in _words:
        _FEELING_KEYS[match_key(_w)] = float(_base)


def feeling_base(word: str) -> float | None:
    """A feeling word's place on the -2..2 base, or None when the word is unknown."""
    key = match_key(word)
    return _FEELING_KEYS.get(key) if key else None


# --- KPIs whose lower values are better ----------------------------------------------------
# Phrases matched as whole words in the KPI's name ("Waiting time" has "waiting", "Attentes
# clients" has no "attente"): a plain substring test would make "Success rate" lower-is-better.

LOWER_IS_BETTER = tuple(
    tuple(normalise(w) for w in phrase.replace("-", " ").replace("'", " ").split())
    for phrase in (
        "ces",
        "customer effort",
        "effort score",
        "churn",
        "attrition",
        "cpa",
        "cost per",
        "coût par",
        "cout par",
        "bounce",
        "rebond",
        "wait",
        "waiting",
        "attente",
        "abandon",
        "abandonment",
        "abandons",
        "complaint",
        "complaints",
        "réclamation",
        "réclamations",
        "plainte",
        "plaintes",
        "delay",
        "delays",
        "délai",
        "no show",
        "handling time",
        "durée de traitement",
        "response time",
        "temps de réponse",
        "error rate",
        "errors",
        "taux d'erreur",
        "erreurs",
        "return rate",
        "time to",
        "escalation",
        "escalations",
        "escalade",
        "drop off",
        "dropoff",
        "drop",
        "désabonnement",
        "résiliation",
        "résiliations",
        "unsubscribe",
        "unsubscribes",
        "cancellation",
        "cancellations",
        "annulation",
        "annulations",
    )
)


def default_direction(kpi_name: str) -> str:
    """`lower` for KPIs where less is better (CES, churn, wait time…), else `higher`."""
    words = [normalise(w) for w in re.split(r"[\s\-_/()'’.,:;]+", str(kpi_name))]
    words = [w for w in words if w]
    for phrase in LOWER_IS_BETTER:
        size = len(phrase)
        if any(tuple(words[i : i + size]) == phrase for i in range(len(words) - size + 1)):
            return "lower"
    return "higher"
