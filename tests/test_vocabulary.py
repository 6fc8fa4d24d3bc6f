"""The words of the workbook contract (:mod:`cxmap.domain.vocabulary`): header aliases, sheet names,
value vocabularies, feeling words and which KPIs are better when lower."""

from __future__ import annotations

import unicodedata

import pytest

from cxmap.domain import vocabulary
from cxmap.domain.vocabulary import (
    SHEETS,
    SHEETS_BY_ROLE,
    canonical,
    column_for,
    default_direction,
    feeling_base,
    normalise,
    sheet_role,
)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _variants(alias: str) -> list[str]:
    """An alias as written, and as people mangle it in their own files."""
    forms = [
        alias,
        alias.upper(),
        alias.lower(),
        _strip_accents(alias),
        alias.replace(" ", "_"),
        alias.title(),
        f"  {alias} ",
        f"{alias} :",
    ]
    return list(dict.fromkeys(forms))  # distinct, in order


def _alias_cases() -> list[pytest.param]:
    cases = []
    for sheet in SHEETS:
        for column in sheet.columns:
            for lang, aliases in (("en", column.en), ("fr", column.fr)):
                for alias in aliases:
                    for header in _variants(alias):
                        cases.append(
                            pytest.param(
                                sheet.role,
                                header,
                                column.key,
                                id=f"{sheet.role}-{column.key}-{lang}-{header!r}",
                            )
                        )
    return cases


# --- header aliases: every alias of every column, as written and mangled ----------------------


@pytest.mark.parametrize("role,header,key", _alias_cases())
def test_every_alias_names_its_column_in_any_spelling(role, header, key):
    column = column_for(SHEETS_BY_ROLE[role], header)
    assert column is not None and column.key == key


# --- header aliases: the contract's own words (docs: workbook-format.md, Layout 1) ------------


@pytest.mark.parametrize(
    "role,header,key",
    [
        # Journeys
        ("journeys", "journey", "journey"),
        ("journeys", "Parcours", "journey"),
        ("journeys", "state", "state"),
        ("journeys", "État", "state"),
        ("journeys", "baseline", "baseline"),
        ("journeys", "Référence", "baseline"),
        ("journeys", "Sector", "sector"),
        ("journeys", "secteur", "sector"),
        ("journeys", "Owner", "owner"),
        ("journeys", "Responsable", "owner"),
        ("journeys", "Emotion scale", "emotion_scale"),
        ("journeys", "Échelle émotion", "emotion_scale"),
        # Personas
        ("personas", "Persona", "persona"),
        ("personas", "Segment", "segment"),
        ("personas", "Typologie", "segment"),
        ("personas", "Share", "share"),
        ("personas", "Part", "share"),
        ("personas", "Goals", "goals"),
        ("personas", "Objectifs", "goals"),
        ("personas", "Preferred channels", "preferred_channels"),
        ("personas", "Canaux préférés", "preferred_channels"),
        # Stages
        ("stages", "Stage", "stage"),
        ("stages", "Étape", "stage"),
        ("stages", "etape", "stage"),
        ("stages", "STAGE", "stage"),
        ("stages", "stage_name", "stage"),
        ("stages", "Nom de l'étape", "stage"),
        ("stages", "Order", "order"),
        ("stages", "Ordre", "order"),
        ("stages", "#", "order"),
        ("stages", "N°", "order"),
        ("stages", "Phase", "phase"),
        ("stages", "Customer goal", "customer_goal"),
        ("stages", "Objectif client", "customer_goal"),
        # Channels
        ("channels", "Channel", "channel"),
        ("channels", "Canal", "channel"),
        ("channels", "Kind", "kind"),
        ("channels", "Type", "kind"),
        ("channels", "Catégorie", "category"),
        # Touchpoints
        ("touchpoints", "Étape", "stage"),
        ("touchpoints", "Canal", "channel"),
        ("touchpoints", "Point de contact", "touchpoint"),
        ("touchpoints", "point_de_contact", "touchpoint"),
        ("touchpoints", "Touchpoint name", "touchpoint"),
        ("touchpoints", "Touch-point", "touchpoint"),
        ("touchpoints", "Nom du point de contact", "touchpoint"),
        ("touchpoints", "Qualification", "qualification"),
        ("touchpoints", "Moment of truth", "moment_of_truth"),
        ("touchpoints", "moment_de_vérité", "moment_of_truth"),
        ("touchpoints", "Moment de vérité ?", "moment_of_truth"),
        ("touchpoints", "Layer", "layer"),
        ("touchpoints", "Couche", "layer"),
        ("touchpoints", "Data collection", "data_collection"),
        ("touchpoints", "Collecte", "data_collection"),
        # Emotions
        ("emotions", "Émotion", "emotion"),
        ("emotions", "EMOTION", "emotion"),
        ("emotions", "Feeling", "feeling"),
        ("emotions", "Ressenti", "feeling"),
        ("emotions", "Verbatim", "quote"),
        ("emotions", "Pense", "thinks"),
        ("emotions", "Fait", "does"),
        ("emotions", "Dit", "says"),
        # KPIs
        ("kpis", "KPI", "kpi"),
        ("kpis", "Indicateur", "kpi"),
        ("kpis", "Valeur", "value"),
        ("kpis", "Cible", "target"),
        ("kpis", "Objectif", "target"),
        ("kpis", "Unité", "unit"),
        ("kpis", "Direction", "direction"),
        ("kpis", "Période", "period"),
        ("kpis", "Date", "period"),
        ("kpis", "n", "n"),
        # Actions
        ("actions", "Action", "action"),
        ("actions", "Impact", "impact"),
        ("actions", "Effort", "effort"),
        ("actions", "Pain point", "pain_point"),
        ("actions", "Irritant", "pain_point"),
        ("actions", "Type", "type"),
        ("actions", "Statut", "status"),
        ("actions", "Coût", "cost"),
        ("actions", "Portée", "reach"),
        ("actions", "Échéance", "due"),
        ("actions", "Due date", "due"),
        ("actions", "Expected gain", "expected_gain"),
        ("actions", "Impact potentiel", "expected_gain"),
        # the journey column of a multi-journey workbook, on every sheet below Journeys
        ("stages", "journey", "journey"),
        ("touchpoints", "Parcours", "journey"),
        ("actions", "Nom du parcours", "journey"),
    ],
)
def test_contract_headers_name_their_column(role, header, key):
    column = column_for(SHEETS_BY_ROLE[role], header)
    assert column is not None and column.key == key


@pytest.mark.parametrize(
    "role,header",
    [
        # columns the contract does not know are extras
        ("touchpoints", "Comment"),
        ("touchpoints", "Système IT"),
        ("actions", "Budget line"),
        ("journeys", "Sponsor"),
        # a bare "label" is no column: it must not fall onto another one
        ("stages", "Label"),
        ("stages", "Libellé"),
        ("touchpoints", "Libellé"),
        # nothing at all
        ("stages", ""),
        ("stages", "   "),
        ("stages", "???"),
    ],
)
def test_unknown_headers_name_no_column(role, header):
    assert column_for(SHEETS_BY_ROLE[role], header) is None


@pytest.mark.parametrize(
    "text,key",
    [
        ("Étape_1 ", "etape1"),
        ("Nom de l'étape", "nomdeletape"),
        ("MOMENT-DE-VÉRITÉ ?", "momentdeverite"),
        ("Cœur de cible", "coeurdecible"),
        ("stage_name", "stagename"),
    ],
)
def test_normalise_folds_case_accents_spaces_and_punctuation(text, key):
    assert normalise(text) == key


# --- sheet names ------------------------------------------------------------------------------


def _sheet_name_cases() -> list[pytest.param]:
    cases = []
    for sheet in SHEETS:
        for name in (*sheet.en, *sheet.fr):
            for spelling in _variants(name):
                cases.append(pytest.param(spelling, sheet.role, id=f"{sheet.role}-{spelling!r}"))
    return cases


@pytest.mark.parametrize("name,role", _sheet_name_cases())
def test_every_sheet_name_gives_its_role_in_any_spelling(name, role):
    assert sheet_role(name) == role


@pytest.mark.parametrize(
    "name,role",
    [
        # English and French names of the same sheet
        ("Touchpoints", "touchpoints"),
        ("Points de contact", "touchpoints"),
        ("points_de_contact", "touchpoints"),
        ("Journeys", "journeys"),
        ("Parcours", "journeys"),
        ("Stages", "stages"),
        ("Étapes", "stages"),
        ("Etapes", "stages"),
        ("Channels", "channels"),
        ("Canaux", "channels"),
        ("Emotions", "emotions"),
        ("Émotions", "emotions"),
        ("KPIs", "kpis"),
        ("Indicateurs", "kpis"),
        ("Actions", "actions"),
        ("Plan d'actions", "actions"),
        ("Personas", "personas"),
        ("Réponses", "responses"),
        # sheets of no role
        ("Sheet1", None),
        ("Feuil1", None),
        ("README", None),
        ("Données", None),
    ],
)
def test_sheet_names_in_english_and_french(name, role):
    assert sheet_role(name) == role


# --- value vocabularies -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "vocabulary_name,word,expected",
    [
        # state of a journey
        ("state", "current", "current"),
        ("state", "existant", "current"),
        ("state", "Existant", "current"),
        ("state", "as-is", "current"),
        ("state", "target", "target"),
        ("state", "cible", "target"),
        ("state", "To-Be", "target"),
        # touchpoint qualification
        ("qualification", "irritant", "irritant"),
        ("qualification", "pain point", "irritant"),
        ("qualification", "Pain_point", "irritant"),
        ("qualification", "delight", "delight"),
        ("qualification", "enchantement", "delight"),
        ("qualification", "Enchantement", "delight"),
        ("qualification", "missing", "missing"),
        ("qualification", "absence", "missing"),
        ("qualification", "manquant", "missing"),
        ("qualification", "neutral", "neutral"),
        ("qualification", "neutre", "neutral"),
        # action types
        ("action_type", "remove", "remove"),
        ("action_type", "supprimer", "remove"),
        ("action_type", "add", "add"),
        ("action_type", "ajouter", "add"),
        ("action_type", "transform", "transform"),
        ("action_type", "transformer", "transform"),
        ("action_type", "amplify", "amplify"),
        ("action_type", "sublimer", "amplify"),
        ("action_type", "Sublimer", "amplify"),
        # action statuses
        ("status", "idea", "idea"),
        ("status", "idée", "idea"),
        ("status", "planned", "planned"),
        ("status", "planifiée", "planned"),
        ("status", "in progress", "in progress"),
        ("status", "en cours", "in progress"),
        ("status", "En_cours", "in progress"),
        ("status", "done", "done"),
        ("status", "terminée", "done"),
        ("status", "Terminee", "done"),
        # channel kinds, layers, categories, phases
        ("kind", "digital", "online"),
        ("kind", "physique", "offline"),
        ("layer", "coulisses", "backstage"),
        ("category", "vente", "sales"),
        ("category", "SAV", "service"),
        ("phase", "Notoriété", "awareness"),
        ("phase", "fidélisation", "retention"),
        # KPI direction, in words and in signs
        ("direction", "higher is better", "higher"),
        ("direction", "plus élevé", "higher"),
        ("direction", "baisse", "lower"),
        ("direction", "+", "higher"),
        ("direction", "-", "lower"),
    ],
)
def test_value_words_give_their_canonical_value(vocabulary_name, word, expected):
    assert canonical(vocabulary_name, word) == expected


@pytest.mark.parametrize(
    "vocabulary_name,word",
    [
        ("qualification", "bizarre"),
        ("state", "maybe"),
        ("status", "cancelled"),
        ("action_type", "sublime"),
    ],
)
def test_unknown_value_words_give_none(vocabulary_name, word):
    assert canonical(vocabulary_name, word) is None


@pytest.mark.parametrize("vocabulary_name", sorted(vocabulary.VOCABULARIES))
def test_no_word_means_two_values_in_one_vocabulary(vocabulary_name):
    meanings: dict[str, set[str]] = {}
    for value, (english, french) in vocabulary.VOCABULARIES[vocabulary_name].items():
        for word in (value, *english, *french):
            meanings.setdefault(vocabulary.match_key(word), set()).add(value)
    assert {key: values for key, values in meanings.items() if len(values) > 1} == {}


# --- feeling words and emojis -----------------------------------------------------------------


@pytest.mark.parametrize(
    "word,sign",
    [
        # French, with and without accents, any case
        ("frustré", -1),
        ("Frustrée", -1),
        ("FRUSTRE", -1),
        ("déçu", -1),
        ("decu", -1),
        ("en colère", -1),
        ("furieux", -1),
        ("neutre", 0),
        ("indifférent", 0),
        ("satisfait", 1),
        ("rassurée", 1),
        ("ravi", 1),
        ("Ravie ", 1),
        ("très satisfait", 1),
        # English
        ("frustrated", -1),
        ("Angry", -1),
        ("very unhappy", -1),
        ("neutral", 0),
        ("OK", 0),
        ("happy", 1),
        ("delighted", 1),
        # emojis
        ("😡", -1),
        ("😞", -1),
        ("☹", -1),
        ("☹️", -1),  # as emoji keyboards type it, with the variation selector
        ("😐", 0),
        (" 😐 ", 0),
        ("🙂", 1),
        ("👍", 1),
        ("😍", 1),
        ("❤️", 1),
        ("❤", 1),
    ],
)
def test_feeling_words_have_the_right_sign(word, sign):
    base = feeling_base(word)
    assert base is not None
    assert (base > 0) - (base < 0) == sign


@pytest.mark.parametrize(
    "word,base",
    [
        # the ends and the middle of the -2..2 base
        ("furieux", -2),
        ("frustré", -1),
        ("neutre", 0),
        ("satisfait", 1),
        ("ravi", 2),
    ],
)
def test_feeling_words_sit_on_the_minus_2_to_2_base(word, base):
    assert feeling_base(word) == base


@pytest.mark.parametrize("word", ["banana", "4", "", "🍕"])
def test_unknown_feeling_words_give_none(word):
    assert feeling_base(word) is None


# --- which KPIs are better when lower ---------------------------------------------------------


@pytest.mark.parametrize(
    "kpi,direction",
    [
        # effort
        ("CES", "lower"),
        ("ces", "lower"),
        ("Customer Effort Score (CES)", "lower"),
        # churn, in English and French
        ("Churn", "lower"),
        ("Churn rate", "lower"),
        ("Taux de churn", "lower"),
        ("Attrition", "lower"),
        ("Taux de résiliation", "lower"),
        # acquisition cost
        ("CPA", "lower"),
        ("Cost per acquisition", "lower"),
        ("Coût par acquisition", "lower"),
        # bounce
        ("Bounce rate", "lower"),
        ("Taux de rebond", "lower"),
        # waiting
        ("Wait time", "lower"),
        ("Average wait time", "lower"),
        ("Waiting time", "lower"),
        ("Temps d'attente", "lower"),
        # abandonment and drop-off
        ("Taux d'abandon", "lower"),
        ("Cart abandonment rate", "lower"),
        ("Drop-off rate", "lower"),
        # complaints and delays
        ("Taux de réclamation", "lower"),
        ("Délai de livraison", "lower"),
        # satisfaction and success: higher
        ("NPS", "higher"),
        ("CSAT", "higher"),
        ("Success rate", "higher"),
        ("Process adherence", "higher"),
        ("Conversion rate", "higher"),
        ("Taux de conversion", "higher"),
        ("Customer retention", "higher"),
        ("Successful logins", "higher"),
        ("Accessibility score", "higher"),
    ],
)
def test_default_direction_of_known_kpis(kpi, direction):
    assert default_direction(kpi) == direction
