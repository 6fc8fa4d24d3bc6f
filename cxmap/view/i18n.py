"""Every word the dashboard shows, in English and French, in one table.

``tr(key, lang, **values)`` looks a text up and fills its `{placeholders}`.  A test checks that
every key used in the code is here, in both languages.
"""

from __future__ import annotations

LANGS = ("en", "fr")
DEFAULT_LANG = "en"

TEXTS: dict[str, tuple[str, str]] = {
    # frame and navigation
    "app.tagline": (
        "Customer-journey maps, from the workbook you have to the decisions you make.",
        "Parcours clients : du classeur que vous avez aux décisions que vous prenez.",
    ),
    "nav.overview": ("Overview", "Vue d'ensemble"),
    "nav.emotions": ("Emotion curve", "Courbe des émotions"),
    "nav.matrix": ("Touchpoint matrix", "Matrice des points de contact"),
    "nav.kpis": ("KPIs", "Indicateurs"),
    "nav.prioritisation": ("Prioritisation", "Priorisation"),
    "nav.personas": ("Personas", "Personas"),
    "nav.import": ("Import & export", "Import et export"),
    # sidebar
    "sidebar.journey": ("Journey", "Parcours"),
    "sidebar.persona": ("Personas", "Personas"),
    "sidebar.stage": ("Stages", "Étapes"),
    "sidebar.channel": ("Channels", "Canaux"),
    "sidebar.all": ("All", "Tous"),
    "sidebar.language": ("Language", "Langue"),
    "sidebar.filters_help": (
        "Filters apply to every page and live in the address bar: copy "
        "the link to share this view.",
        "Les filtres valent pour toutes les pages et figurent dans "
        "l'adresse : copiez le lien pour partager cette vue.",
    ),
    # empty state
    "empty.title": ("No journey yet", "Aucun parcours pour l'instant"),
    "empty.body": (
        "Load the sample maps to explore cxmap, or import your own workbook.",
        "Chargez les parcours d'exemple pour découvrir cxmap, ou importez votre propre classeur.",
    ),
    "empty.load_samples": ("Load the sample maps", "Charger les parcours d'exemple"),
    "empty.go_import": ("Import a workbook", "Importer un classeur"),
    "empty.loaded": ("Loaded {n} sample journeys.", "{n} parcours d'exemple chargés."),
    # values
    "q.irritant": ("Irritant", "Irritant"),
    "q.delight": ("Delight", "Enchantement"),
    "q.missing": ("Missing", "Absence"),
    "q.neutral": ("Neutral", "Neutre"),
    "state.current": ("current", "existant"),
    "state.target": ("target", "cible"),
    "quad.quick_win": ("Quick wins", "Gains rapides"),
    "quad.major_project": ("Major projects", "Projets majeurs"),
    "quad.fill_in": ("Fill-ins", "Tâches d'appoint"),
    "quad.thankless": ("Thankless tasks", "Tâches ingrates"),
    "rag.green": ("On target", "Objectif atteint"),
    "rag.amber": ("Close to target", "Proche de l'objectif"),
    "rag.red": ("Off target", "Loin de l'objectif"),
    "rag.grey": ("No target", "Sans objectif"),
    "status.idea": ("idea", "idée"),
    "status.planned": ("planned", "planifiée"),
    "status.in progress": ("in progress", "en cours"),
    "status.done": ("done", "terminée"),
    "type.remove": ("remove", "supprimer"),
    "type.add": ("add", "ajouter"),
    "type.transform": ("transform", "transformer"),
    "type.amplify": ("amplify", "sublimer"),
    "dir.higher": ("higher is better", "plus haut est mieux"),
    "dir.lower": ("lower is better", "plus bas est mieux"),
    "yes": ("yes", "oui"),
    "no": ("no", "non"),
    # chart words
    "chart.stage": ("Stage", "Étape"),
    "chart.emotion": ("Emotion", "Émotion"),
    "chart.neutral": ("neutral", "neutre"),
    "chart.all_personas": ("All personas (weighted by share)", "Tous les personas (pondéré)"),
    "chart.spread": ("Range across personas", "Écart entre personas"),
    "chart.target": ("Target journey", "Parcours cible"),
    "chart.lowest": ("lowest", "point bas"),
    "chart.highest": ("highest", "point haut"),
    "chart.irritant": ("Irritant", "Irritant"),
    "chart.channel": ("Channel", "Canal"),
    "chart.impact": ("Impact", "Impact"),
    "chart.effort": ("Effort", "Effort"),
    "chart.period": ("Period", "Période"),
    "chart.value": ("Value", "Valeur"),
    "chart.target_value": ("Target", "Cible"),
    "chart.touchpoints": ("Touchpoints", "Points de contact"),
    "chart.gap": ("gap", "manque"),
    "chart.conversion": ("Conversion", "Conversion"),
    "chart.drop_off": ("Drop-off", "Abandon"),
    "chart.count": ("Count", "Nombre"),
    "chart.feeling": ("Feeling", "Ressenti"),
    "chart.quote": ("Quote", "Verbatim"),
    "chart.persona": ("Persona", "Persona"),
    "chart.status": ("Status", "Statut"),
    "chart.owner": ("Owner", "Responsable"),
    "chart.reach": ("Reach", "Portée"),
    "chart.cost": ("Cost", "Coût"),
    # measures of the matrix
    "measure.touchpoints": ("Number of touchpoints", "Nombre de points de contact"),
    "measure.emotion": ("Mean emotion", "Émotion moyenne"),
    "measure.irritants": ("Number of irritants", "Nombre d'irritants"),
    "measure.kpi": ("A KPI", "Un indicateur"),
    "measure.csat": ("Measured CSAT", "CSAT mesuré"),
    "measure.nps": ("Measured NPS", "NPS mesuré"),
    # table columns
    "col.kpi": ("KPI", "Indicateur"),
    "col.value": ("Value", "Valeur"),
    "col.target": ("Target", "Cible"),
    "col.gap": ("Gap to target", "Écart à la cible"),
    "col.direction": ("Direction", "Sens"),
    "col.status": ("Status", "Statut"),
    "col.period": ("Period", "Période"),
    "col.stage": ("Stage", "Étape"),
    "col.touchpoint": ("Touchpoint", "Point de contact"),
    "col.persona": ("Persona", "Persona"),
    "col.channel": ("Channel", "Canal"),
    "col.delta": ("Change", "Variation"),
    "col.unit": ("Unit", "Unité"),
    "col.n": ("n", "n"),
    "col.action": ("Action", "Action"),
    "col.impact": ("Impact", "Impact"),
    "col.effort": ("Effort", "Effort"),
    "col.quadrant": ("Quadrant", "Quadrant"),
    "col.owner": ("Owner", "Responsable"),
    "col.type": ("Type", "Type"),
    "col.emotion": ("Emotion", "Émotion"),
    "col.moment_of_truth": ("Moment of truth", "Moment de vérité"),
    "col.qualification": ("Qualification", "Qualification"),
    "col.description": ("Description", "Description"),
    "col.category": ("Category", "Catégorie"),
    "col.layer": ("Layer", "Couche"),
    "col.data_collection": ("Data collection", "Collecte"),
    "col.cost": ("Cost", "Coût"),
    "col.reach": ("Reach", "Portée"),
    "col.due": ("Due", "Échéance"),
    "col.expected_gain": ("Expected gain", "Impact potentiel"),
    "col.pain_point": ("Pain point", "Irritant"),
    "col.kpis": ("KPIs", "Indicateurs"),
    "col.sheet": ("Sheet", "Feuille"),
    "col.row": ("Row", "Ligne"),
    "col.column": ("Column", "Colonne"),
    "col.message": ("What is wrong", "Problème"),
    "col.journey": ("Journey", "Parcours"),
    "col.state": ("State", "État"),
    "col.stages": ("Stages", "Étapes"),
    "col.touchpoints": ("Touchpoints", "Points de contact"),
    "map.describe": (
        "{stages} stages, {personas} personas, {channels} channels, {touchpoints} "
        "touchpoints ({irritants} irritants, {delights} delights, {missing} "
        "missing), {emotions} emotions, {kpis} KPIs, {actions} actions",
        "{stages} étapes, {personas} personas, {channels} canaux, {touchpoints} "
        "points de contact ({irritants} irritants, {delights} enchantements, "
        "{missing} absences), {emotions} émotions, {kpis} indicateurs, {actions} "
        "actions",
    ),
    # overview
    "overview.kpis": ("Headline KPIs", "Indicateurs clés"),
    "overview.no_kpi": ("This journey has no KPI yet.", "Ce parcours n'a pas encore d'indicateur."),
    "overview.curve": ("Emotion curve", "Courbe des émotions"),
    "overview.irritants": ("Worst irritants", "Pires irritants"),
    "overview.irritants_help": (
        "Moments of truth first, then the lowest emotion.",
        "Moments de vérité d'abord, puis l'émotion la plus basse.",
    ),
    "overview.quick_wins": ("Best next actions", "Prochaines actions"),
    "overview.counts": ("Touchpoints by qualification", "Points de contact par qualification"),
    "overview.none": ("Nothing here with these filters.", "Rien ici avec ces filtres."),
    "overview.previous": ("vs previous period", "vs période précédente"),
    "overview.mot": ("moment of truth", "moment de vérité"),
    # emotion curve
    "emotions.caption": (
        "One line per persona on the journey's scale ({scale}); the band spans "
        "the lowest to the highest persona at each stage.",
        "Une ligne par persona sur l'échelle du parcours ({scale}) ; la bande "
        "va du persona le plus bas au plus haut à chaque étape.",
    ),
    "emotions.show_target": (
        "Show the target journey '{name}'",
        "Afficher le parcours cible « {name} »",
    ),
    "emotions.disagree": (
        "Personas disagree most at “{stage}” (spread {spread}).",
        "Les personas divergent le plus à « {stage} » (écart {spread}).",
    ),
    "emotions.none": (
        "No emotion recorded for these personas and stages.",
        "Aucune émotion pour ces personas et ces étapes.",
    ),
    # matrix
    "matrix.measure": ("Colour by", "Couleur selon"),
    "matrix.kpi": ("KPI", "Indicateur"),
    "matrix.click": (
        "Click a cell to list its touchpoints. ● irritant (red), ● delight "
        "(green), ○ missing (blue); dashed cells are gaps: other channels serve "
        "that stage.",
        "Cliquez une case pour voir ses points de contact. ● irritant (rouge), "
        "● enchantement (vert), ○ absence (bleu) ; les cases en pointillé sont "
        "des manques : d'autres canaux servent cette étape.",
    ),
    "matrix.cell": ("{stage} × {channel}", "{stage} × {channel}"),
    "matrix.empty_cell": ("No touchpoint in this cell.", "Aucun point de contact ici."),
    "matrix.no_kpi": (
        "No KPI is attached to a touchpoint.",
        "Aucun indicateur n'est rattaché à un point de contact.",
    ),
    # KPIs
    "kpis.touchpoint": ("Touchpoint", "Point de contact"),
    "kpis.trend": ("Trend", "Évolution"),
    "kpis.choose": ("KPI", "Indicateur"),
    "kpis.funnel": ("Conversion and drop-off by stage", "Conversion et abandon par étape"),
    "kpis.no_funnel": (
        "No conversion or drop-off KPI is attached to a stage.",
        "Aucun indicateur de conversion ou d'abandon n'est rattaché à une étape.",
    ),
    "kpis.none": ("No KPI with these filters.", "Aucun indicateur avec ces filtres."),
    # prioritisation
    "prio.color": ("Colour by", "Couleur selon"),
    "prio.by_stage": ("Stage", "Étape"),
    "prio.by_status": ("Status", "Statut"),
    "prio.ranked": ("Ranked actions", "Actions classées"),
    "prio.edit_help": (
        "Edit impact, effort, status and owner in the table, then save.",
        "Modifiez impact, effort, statut et responsable dans le tableau, puis enregistrez.",
    ),
    "prio.save": ("Save changes", "Enregistrer"),
    "prio.saved": ("Saved {n} change(s).", "{n} modification(s) enregistrée(s)."),
    "prio.select": (
        "Select a bubble to see the action.",
        "Sélectionnez une bulle pour voir l'action.",
    ),
    "prio.addresses": ("Addresses", "Traite"),
    "prio.none": ("No action with these filters.", "Aucune action avec ces filtres."),
    "prio.size": ("Bubble size: {what}.", "Taille des bulles : {what}."),
    # personas
    "personas.segment": ("Segment", "Typologie"),
    "personas.share": ("Share of customers", "Part des clients"),
    "personas.age": ("Age", "Âge"),
    "personas.goals": ("Goals", "Objectifs"),
    "personas.frustrations": ("Frustrations", "Frustrations"),
    "personas.motivations": ("Motivations", "Motivations"),
    "personas.channels": ("Preferred channels", "Canaux préférés"),
    "personas.empathy": ("Empathy map", "Carte d'empathie"),
    "personas.says": ("Says", "Dit"),
    "personas.thinks": ("Thinks", "Pense"),
    "personas.does": ("Does", "Fait"),
    "personas.feels": ("Feels", "Ressent"),
    "personas.none": ("This journey has no persona.", "Ce parcours n'a pas de persona."),
    # import and export
    "import.upload": (
        "Upload a journey workbook (.xlsx)",
        "Déposez un classeur de parcours (.xlsx)",
    ),
    "import.reading": ("Reading {name}…", "Lecture de {name}…"),
    "import.rejected": (
        "This file cannot be read: {reason}",
        "Ce fichier est illisible : {reason}",
    ),
    "import.errors": (
        "{n} error(s): correct the workbook and upload it again; nothing is saved.",
        "{n} erreur(s) : corrigez le classeur et déposez-le à nouveau ; rien n'est enregistré.",
    ),
    "import.warnings": ("Warnings", "Avertissements"),
    "import.notes": ("What was inferred or skipped", "Ce qui a été déduit ou ignoré"),
    "import.valid": ("The workbook is valid: {what}.", "Le classeur est valide : {what}."),
    "import.preview": ("Preview of “{name}”", "Aperçu de « {name} »"),
    "import.replaces": (
        "Saving replaces the journeys already in the database: {names}.",
        "L'enregistrement remplace les parcours déjà présents : {names}.",
    ),
    "import.save": ("Save to the database", "Enregistrer dans la base"),
    "import.saved": ("Saved: {names}.", "Enregistré : {names}."),
    "import.download": ("Download", "Télécharger"),
    "import.download_journey": ("Download “{name}” (.xlsx)", "Télécharger « {name} » (.xlsx)"),
    "import.template": ("Download the blank template", "Télécharger le modèle vierge"),
    "import.workbook_lang": ("Workbook language", "Langue du classeur"),
    "import.upload_section": ("Import", "Importer"),
    # measured KPIs
    "measured.title": ("Measured from survey answers", "Mesuré à partir des réponses"),
    "measured.none": (
        "No survey answers for this journey yet: import them on the Import & export page.",
        "Pas encore de réponses d'enquête pour ce parcours : "
        "importez-les dans la page Import et export.",
    ),
    "measured.help": (
        "Computed in the database from the raw answers; the interval is a 95 % "
        "confidence interval, and fewer than {n} answers is flagged.",
        "Calculé dans la base à partir des réponses brutes ; l'intervalle est à "
        "95 %, et moins de {n} réponses est signalé.",
    ),
    "measured.small": ("small sample", "petit échantillon"),
    "col.low": ("95 % low", "Bas (95 %)"),
    "col.high": ("95 % high", "Haut (95 %)"),
    "col.sample": ("Sample", "Échantillon"),
    "emotions.measured": (
        "Show the measured satisfaction (CSAT)",
        "Afficher la satisfaction mesurée (CSAT)",
    ),
    "emotions.disagree_measured": (
        "The workshop's emotion and the measured satisfaction disagree at: {stages}.",
        "L'émotion de l'atelier et la satisfaction mesurée divergent à : {stages}.",
    ),
    "chart.measured": (
        "Measured satisfaction (CSAT, on the emotion scale)",
        "Satisfaction mesurée (CSAT, sur l'échelle des émotions)",
    ),
    "clv.title": ("Customer lifetime value", "Valeur vie client"),
    "clv.help": (
        "CLV = annual revenue × years of relationship − costs, per persona. Type the "
        "figures; the CLV is computed.",
        "CLV = revenu annuel × années de relation − "
        "coûts, par persona. Saisissez les chiffres ; la CLV est calculée.",
    ),
    "col.revenue": ("Annual revenue", "Revenu annuel"),
    "col.years": ("Years of relationship", "Années de relation"),
    "col.costs": ("Costs", "Coûts"),
    "col.clv": ("CLV", "CLV"),
    # survey answers in
    "answers.section": ("Import survey answers", "Importer des réponses d'enquête"),
    "answers.upload": (
        "Upload answers for “{journey}” (.csv or .xlsx)",
        "Déposez des réponses pour « {journey} » (.csv ou .xlsx)",
    ),
    "answers.needs_journey": (
        "Import a journey first: answers are about its touchpoints.",
        "Importez d'abord un parcours : les réponses portent sur ses points de contact.",
    ),
    "answers.long": (
        "{rows} rows, one answer per row (date, persona, touchpoint, metric, score…)",
        "{rows} lignes, une réponse par ligne (date, persona, point de contact, indicateur, note…)",
    ),
    "answers.wide": (
        "{rows} rows, one respondent per row: say which columns are what",
        "{rows} lignes, un répondant par ligne : indiquez ce que contient chaque colonne",
    ),
    "answers.persona_column": ("Persona column", "Colonne persona"),
    "answers.date_column": ("Date column", "Colonne date"),
    "answers.touchpoints": (
        "Touchpoint columns (one score per touchpoint)",
        "Colonnes des points de contact (une note par point de contact)",
    ),
    "answers.metric": ("Metric", "Indicateur"),
    "answers.auto": ("inferred from the scores", "déduit des notes"),
    "answers.missing": (
        "Values meaning no answer (comma-separated, e.g. 0, NA)",
        "Valeurs signifiant « pas de réponse » (séparées par des virgules, ex. 0, NA)",
    ),
    "answers.none": ("none", "aucune"),
    "answers.valid": (
        "{n} answers ready to add to “{journey}”.",
        "{n} réponses prêtes à ajouter à « {journey} ».",
    ),
    "answers.save": ("Add the answers", "Ajouter les réponses"),
    "answers.saved": ("Added {n} answers.", "{n} réponses ajoutées."),
    "answers.duplicate": (
        "This file was already imported on {when}: nothing added.",
        "Ce fichier a déjà été importé le {when} : rien n'a été ajouté.",
    ),
    # corrections of what the importer guessed
    "fix.title": ("Correct what was recognised", "Corriger ce qui a été reconnu"),
    "fix.journey": ("Journey name", "Nom du parcours"),
    "fix.state": ("State", "État"),
    "fix.layout": ("Sheet “{sheet}”", "Feuille « {sheet} »"),
    "fix.auto": ("as recognised: {kind}", "comme reconnu : {kind}"),
    "fix.persona": ("Persona of the sheet “{sheet}”", "Persona de la feuille « {sheet} »"),
    "fix.colour": (
        "{n} cell(s) filled with this colour mean",
        "{n} case(s) de cette couleur signifient",
    ),
    "layout.tidy": ("template table", "tableau du modèle"),
    "layout.matrix": ("channel × stage matrix", "matrice canal × étape"),
    "layout.canvas": ("lane canvas", "canevas à couloirs"),
    "layout.ignore": ("ignore", "ignorer"),
    "layout.none": ("not recognised", "non reconnue"),
    # issue 11: current → target (the diff), the plan's what-if, the collection plan
    "nav.diff": ("Current → target", "Existant → cible"),
    "nav.collection": ("Collection plan", "Plan de collecte"),
    "change.removed": ("Removed", "Supprimé"),
    "change.added": ("Added", "Ajouté"),
    "change.transformed": ("Transformed", "Transformé"),
    "change.amplified": ("Amplified", "Sublimé"),
    "change.kept": ("Kept", "Conservé"),
    "diff.irritants": (
        "{resolved} of {total} irritants resolved",
        "{resolved} irritants résolus sur {total}",
    ),
    "diff.absences": (
        "{filled} of {total} absences filled",
        "{filled} absences comblées sur {total}",
    ),
    "diff.emotion": ("emotion {delta} at “{stage}”", "émotion {delta} à « {stage} »"),
    "diff.nothing": (
        "No irritant, absence or emotion to compare yet.",
        "Aucun irritant, aucune absence ni émotion à comparer pour l'instant.",
    ),
    "diff.no_target": (
        "No target journey has “{journey}” as its baseline yet.",
        "Aucun parcours cible n'a encore « {journey} » pour référence.",
    ),
    "diff.create_target": ("Create the target journey", "Créer le parcours cible"),
    "diff.target_suffix": (" — target", " — cible"),
    "diff.apply_plan": ("Apply the plan (what-if)", "Appliquer le plan (simulation)"),
    "diff.plan_all": ("All actions", "Toutes les actions"),
    "diff.plan_planned": ("Planned and later", "Planifiées et au-delà"),
    "outcome.removed": ("removed its touchpoint", "a supprimé son point de contact"),
    "outcome.transformed": ("made its irritant neutral", "a rendu son irritant neutre"),
    "outcome.added": ("added its touchpoint", "a ajouté son point de contact"),
    "outcome.amplified": ("amplified its touchpoint", "a sublimé son point de contact"),
    "outcome.unchanged": ("nothing left to do", "plus rien à faire"),
    "outcome.not found": (
        "names no touchpoint of the map, or has no type",
        "ne désigne aucun point de contact du parcours, ou n'a pas de type",
    ),
    "collection.none": (
        "No stage of this journey collects data yet.",
        "Aucune étape de ce parcours ne collecte encore de données.",
    ),
    "collection.stages_without": (
        "Stages with no collection point: {stages}",
        "Étapes sans point de collecte : {stages}",
    ),
    # --- sign-in, roles and history (issue 12) ---
    "nav.history": ("History", "Historique"),
    "nav.admin": ("People and roles", "Personnes et rôles"),
    "auth.title": ("Sign in to cxmap", "Connectez-vous à cxmap"),
    "auth.body": (
        "The journey maps of this workspace are shown to signed-in members only.",
        "Les parcours de cet espace ne sont montrés qu'aux membres connectés.",
    ),
    "auth.sign_in": ("Sign in", "Se connecter"),
    "auth.sign_out": ("Sign out", "Se déconnecter"),
    "auth.signed_in": ("Signed in as {who} ({role})", "Connecté : {who} ({role})"),
    "auth.no_access": (
        "No access for {who} — ask an administrator to give you a role.",
        "Pas d'accès pour {who} — demandez un rôle à un administrateur.",
    ),
    "auth.local": (
        "Single-user mode: no sign-in is configured (see the README to share cxmap with a team).",
        "Mode mono-utilisateur : aucune connexion n'est configurée (voir le README pour "
        "partager cxmap avec une équipe).",
    ),
    "auth.viewer": (
        "You can look at every map; changing them needs the editor role.",
        "Vous voyez toutes les cartes ; les modifier demande le rôle éditeur.",
    ),
    "role.viewer": ("viewer", "lecteur"),
    "role.editor": ("editor", "éditeur"),
    "role.admin": ("admin", "administrateur"),
    "admin.only": (
        "Only an administrator manages people.",
        "Seul un administrateur gère les personnes.",
    ),
    "admin.people": ("{n} people have a role", "{n} personne(s) ont un rôle"),
    "admin.admins_env": (
        "Also administrators, from CXMAP_ADMINS: {names}",
        "Administrateurs aussi, d'après CXMAP_ADMINS : {names}",
    ),
    "admin.default_role": (
        "Any other signed-in account: {role}",
        "Tout autre compte connecté : {role}",
    ),
    "admin.add": ("Give a role", "Donner un rôle"),
    "admin.email": ("Email (or OpenID subject)", "Email (ou identifiant OpenID)"),
    "admin.role": ("Role", "Rôle"),
    "admin.save": ("Save the role", "Enregistrer le rôle"),
    "admin.remove": ("Remove {who}", "Retirer {who}"),
    "admin.saved": ("{who} is now {role}", "{who} est maintenant {role}"),
    "admin.removed": ("{who} no longer has access", "{who} n'a plus accès"),
    "col.email": ("Email", "Email"),
    "col.role": ("Role", "Rôle"),
    "col.added_at": ("Added", "Ajouté le"),
    "col.added_by": ("By", "Par"),
    "history.journey": ("Journey", "Parcours"),
    "history.none": ("No version recorded yet.", "Aucune version enregistrée."),
    "history.versions": ("Versions, newest first", "Versions, de la plus récente"),
    "col.version": ("Version", "Version"),
    "col.at": ("When (UTC)", "Quand (UTC)"),
    "col.by": ("By", "Par"),
    "col.what": ("What", "Quoi"),
    "col.summary": ("Summary", "Résumé"),
    "col.size": ("Kept (kB)", "Conservé (ko)"),
    "history.compare": ("Compare two versions", "Comparer deux versions"),
    "history.from": ("From version", "De la version"),
    "history.to": ("To version", "À la version"),
    "history.same": ("The two versions hold the same map.", "Les deux versions sont identiques."),
    "col.kind": ("Kind", "Type"),
    "col.change": ("Change", "Changement"),
    "col.item": ("Item", "Élément"),
    "col.fields": ("Fields", "Champs"),
    "version_change.added": ("added", "ajouté"),
    "version_change.removed": ("removed", "retiré"),
    "version_change.changed": ("changed", "modifié"),
    "history.rollback": ("Roll back to version {version}", "Revenir à la version {version}"),
    "history.rolled_back": (
        "'{name}' is back to version {version} (as version {new})",
        "« {name} » est revenu à la version {version} (nouvelle version {new})",
    ),
    "history.deleted": ("Deleted journeys", "Parcours supprimés"),
    "history.restore": ("Restore {name}", "Restaurer {name}"),
    "history.restored": ("'{name}' is back", "« {name} » est de retour"),
    "history.delete": ("Delete {name}", "Supprimer {name}"),
    "history.deleted_one": (
        "'{name}' deleted: its history is kept and it can be restored",
        "« {name} » supprimé : son historique est gardé et il peut être restauré",
    ),
    "history.stale": (
        "Not saved: '{name}' was changed by {by} at {at} since this page was drawn. "
        "Your edits are still on screen: reload to see theirs, then apply yours again.",
        "Non enregistré : « {name} » a été modifié par {by} à {at} depuis l'affichage de "
        "cette page. Vos modifications restent à l'écran : rechargez pour voir les leurs, "
        "puis réappliquez les vôtres.",
    ),
    "history.reload": ("Reload the journey", "Recharger le parcours"),
    "history.replaces": (
        "'{name}' is at version {version} ({what} by {by} at {at}): saving replaces it; "
        "the replaced version stays in the history.",
        "« {name} » est à la version {version} ({what} par {by} à {at}) : enregistrer la "
        "remplace ; la version remplacée reste dans l'historique.",
    ),
    "history.denied": ("Not allowed: {reason}", "Non autorisé : {reason}"),
    "what.import": ("import", "import"),
    "what.edit": ("edit", "modification"),
    "what.rollback": ("rollback", "retour arrière"),
    "what.delete": ("delete", "suppression"),
    "what.restore": ("restore", "restauration"),
    # the measured journey (event logs)
    "nav.measured": ("Measured journey", "Parcours mesuré"),
    "eventlog.none": (
        "No event log for this journey yet: upload one below, or import it with "
        "`python -m cxmap import-events FILE --journey NAME`.",
        "Aucun journal d'événements pour ce parcours : déposez-en un ci-dessous, ou "
        "importez-le avec `python -m cxmap import-events FICHIER --journey NOM`.",
    ),
    "eventlog.period": ("Period (UTC)", "Période (UTC)"),
    "eventlog.cases": ("Cases", "Cas"),
    "eventlog.events": ("Events", "Événements"),
    "eventlog.converted": ("Through every stage", "Parcours complet"),
    "eventlog.funnel_title": ("Funnel by stage", "Entonnoir par étape"),
    "eventlog.funnel_help": (
        "Funnel: cases that reached every stage so far in map order, each at or after the "
        "previous one. Reached: cases with an event at the stage, in any order.",
        "Entonnoir : cas passés par chaque étape jusqu'ici dans l'ordre de la carte, chacune "
        "au moment de la précédente ou après. Atteinte : cas ayant un événement à l'étape, "
        "dans n'importe quel ordre.",
    ),
    "eventlog.reached": ("Reached", "Atteinte"),
    "eventlog.funnel": ("Funnel", "Entonnoir"),
    "eventlog.conversion": ("Conversion %", "Conversion %"),
    "eventlog.dropped": ("Drop-off", "Abandons"),
    "eventlog.median_hours": ("Median hours from previous", "Heures médianes depuis la précédente"),
    "eventlog.paths_title": ("Paths between stages", "Chemins entre étapes"),
    "eventlog.start": ("Start", "Début"),
    "eventlog.end": ("End", "Fin"),
    "eventlog.variants": ("Top paths", "Chemins les plus fréquents"),
    "eventlog.variants_help": (
        "{n} distinct paths; each case's stages in time order, repeats collapsed.",
        "{n} chemins distincts ; les étapes de chaque cas dans l'ordre du temps, répétitions "
        "fusionnées.",
    ),
    "eventlog.path": ("Path", "Chemin"),
    "eventlog.never_seen": ("Touchpoints never seen", "Points de contact jamais vus"),
    "eventlog.all_seen": (
        "Every touchpoint of the map has events.",
        "Chaque point de contact de la carte a des événements.",
    ),
    "eventlog.unmapped": ("Activities not on the map", "Activités hors de la carte"),
    "eventlog.unmapped_help": (
        "{events} events of {n} activities match no touchpoint (kept, not counted in the "
        "funnel): map them with --map ACTIVITY=TOUCHPOINT.",
        "{events} événements de {n} activités ne correspondent à aucun point de contact "
        "(conservés, hors entonnoir) : associez-les avec --map ACTIVITÉ=POINT.",
    ),
    "eventlog.activity": ("Activity", "Activité"),
    "eventlog.touchpoints": ("Events by touchpoint", "Événements par point de contact"),
    "eventlog.import_title": ("Import an event log", "Importer un journal d'événements"),
    "eventlog.upload": (
        "Event log (CSV, XLSX or XES, plain or .gz)",
        "Journal d'événements (CSV, XLSX ou XES, brut ou .gz)",
    ),
    "eventlog.upload_help": (
        "One row per event: a case (customer, order), an activity and a time; a channel and "
        "a persona if you have them. The same file twice adds nothing.",
        "Une ligne par événement : un cas (client, commande), une activité et une date ; un "
        "canal et un persona si vous les avez. Le même fichier deux fois n'ajoute rien.",
    ),
    "eventlog.role.case": ("Case column", "Colonne du cas"),
    "eventlog.role.activity": ("Activity column", "Colonne de l'activité"),
    "eventlog.role.time": ("Time column", "Colonne de la date"),
    "eventlog.role.channel": ("Channel column", "Colonne du canal"),
    "eventlog.role.persona": ("Persona column", "Colonne du persona"),
    "eventlog.import": ("Import the events", "Importer les événements"),
    "eventlog.importing": ("Importing the events…", "Import des événements…"),
    "eventlog.duplicate": (
        "This file was already imported on {when}: nothing added.",
        "Ce fichier a déjà été importé le {when} : rien n'a été ajouté.",
    ),
    "eventlog.added": (
        "{n} events of {cases} cases added.",
        "{n} événements de {cases} cas ajoutés.",
    ),
    "eventlog.overview": (
        "Measured in the event log: cases per stage and conversion from the previous stage "
        "(see Measured journey).",
        "Mesuré dans le journal d'événements : cas par étape et conversion depuis l'étape "
        "précédente (voir Parcours mesuré).",
    ),
    # --- the touchpoint matrix as a grid (issue 10, item 1) ---
    "matrix.gap_rule": (
        "Dashed cells are worth a look: a declared absence (a touchpoint qualified "
        "“missing”, ◌), or an empty cell where the channel serves both the stage before "
        "and the stage after, or a preferred channel of the selected personas. Other "
        "empty cells are left blank: no channel serves every stage.",
        "Les cases en pointillé méritent un regard : une absence déclarée (un point de "
        "contact qualifié « absence », ◌), ou une case vide dont le canal sert l'étape "
        "d'avant et celle d'après, ou un canal préféré des personas sélectionnés. Les "
        "autres cases vides restent blanches : aucun canal ne sert toutes les étapes.",
    ),
    "matrix.gap_legend": ("gap or declared absence", "manque ou absence déclarée"),
    "matrix.gap_neighbours": (
        "Gap: this channel serves the stage before and the stage after, not this one.",
        "Manque : ce canal sert l'étape d'avant et celle d'après, pas celle-ci.",
    ),
    "matrix.gap_preferred": (
        "Gap: a preferred channel of the selected personas, with no touchpoint here.",
        "Manque : un canal préféré des personas sélectionnés, sans point de contact ici.",
    ),
    "matrix.gap_declared": (
        "Declared absence: a touchpoint the map marks as missing.",
        "Absence déclarée : un point de contact que la carte dit absent.",
    ),
    "matrix.moment": ("moment of truth", "moment de vérité"),
    "matrix.colour": ("Cell colour: {measure}", "Couleur des cases : {measure}"),
    "matrix.colour_low": ("low", "bas"),
    "matrix.colour_high": ("high", "haut"),
    "matrix.colour_less": ("fewer", "moins"),
    "matrix.colour_more": ("more", "plus"),
    "matrix.irritants_in_cell": ("{n} irritant(s)", "{n} irritant(s)"),
    "matrix.details": ("Cell details", "Détail d'une case"),
    "matrix.details_help": (
        "Choose a cell (stage × channel) to see every detail of its touchpoints.",
        "Choisissez une case (étape × canal) pour voir le détail de ses points de contact.",
    ),
    "matrix.details_placeholder": ("Choose a cell", "Choisir une case"),
    "matrix.scrolls": (
        "{n} stages: the grid scrolls sideways; the channels and the stages stay in view.",
        "{n} étapes : la grille défile de côté ; canaux et étapes restent visibles.",
    ),
    # --- r10f: measured headline, statuses and layers, numbers, import messages (French UI) ---
    "overview.measured": ("measured, n = {n}", "mesuré, n = {n}"),
    "overview.interval": ("95 % interval {low} to {high}", "intervalle à 95 % : {low} à {high}"),
    "overview.typed": ("workshop", "atelier"),
    # what the readers report (cxmap.view.labels.report_message): English shape, French wording
    "msg.canvas": (
        "lane canvas for persona '{persona}', {n_stages}, lanes: {lanes}; {n_touchpoints} "
        "({n_irritants}, {n_delights}, {n_missing}), {n_emotions}, {n_actions} as actions "
        "awaiting impact and effort{kpis}",
        "canevas à couloirs du persona « {persona} », {n_stages}, couloirs : {lanes} ; "
        "{n_touchpoints} ({n_irritants}, {n_delights}, {n_missing}), {n_emotions}, "
        "{n_actions} reprises en actions à noter en impact et effort{kpis}",
    ),
    "msg.matrix": (
        "channel × stage matrix, {n_stages} × {n_channels}, {n_touchpoints} ({n_irritants}"
        "{fill_i}, {n_delights}{fill_d}, {n_missing}{fill_m}){rest}",
        "matrice canal × étape, {n_stages} × {n_channels}, {n_touchpoints} ({n_irritants}"
        "{fill_i}, {n_delights}{fill_d}, {n_missing}{fill_m}){rest}",
    ),
    "msg.ignored": ("ignored, as asked", "ignorée, comme demandé"),
    "msg.notes_sheet": ("a notes sheet; ignored", "une feuille de notes ; ignorée"),
    "msg.unknown_sheet": (
        "neither a template sheet, a channel × stage matrix nor a lane canvas; ignored",
        "ni une feuille du modèle, ni une matrice canal × étape, ni un canevas à couloirs ; "
        "ignorée",
    ),
    "msg.answers_sheet": (
        "raw survey answers are not read from a map workbook yet; sheet ignored",
        "les réponses d'enquête ne sont pas encore lues dans un classeur de parcours ; "
        "feuille ignorée (importez-les à part)",
    ),
    "msg.second_sheet": (
        "a second '{what}' sheet; ignored (the first was '{first}')",
        "une deuxième feuille « {what} » ; ignorée (la première était « {first} »)",
    ),
    "msg.rows_above": (
        "{n_rows} above the header row {row} skipped",
        "lignes ignorées au-dessus de la ligne d'en-tête {row} : {n_rows}",
    ),
    "msg.required_column": (
        "required column '{en}' (or '{fr}') is missing",
        "la colonne obligatoire « {fr} » (ou « {en} ») manque",
    ),
    "msg.required_cell": (
        "this column is required and the cell is empty",
        "cette colonne est obligatoire et la case est vide",
    ),
    "msg.no_header_value": (
        "a value in column {col}, which has no header, is ignored",
        "une valeur de la colonne {col}, sans en-tête, est ignorée",
    ),
    "msg.no_header": (
        "no header row found in the first {n} rows; expected columns {cols}",
        "aucune ligne d'en-tête dans les {n} premières lignes ; colonnes attendues : {cols}",
    ),
    "msg.not_a_name": (
        "'{value}' is not a {kind} of this journey ({names})",
        "« {value} » n'est pas {kind} de ce parcours (connus : {names})",
    ),
    "msg.not_a_touchpoint": (
        "'{value}' is not a touchpoint of this journey{where} ({names})",
        "« {value} » n'est pas un point de contact de ce parcours{where} (connus : {names})",
    ),
    "msg.twice": ("{kind} '{name}' is listed twice", "{kind} « {name} » figure deux fois"),
    "msg.no_stages": (
        "no Stages sheet: {n_stages} taken in order of first appearance",
        "pas de feuille Étapes : {n_stages} prises dans l'ordre de leur première apparition",
    ),
    "msg.no_journeys": (
        "no Journeys sheet: the journey is named '{name}'",
        "pas de feuille Parcours : le parcours est nommé « {name} »",
    ),
    "msg.scale_inferred": (
        "journey '{name}': emotion scale inferred as {scale} from {why}; declare it to be sure",
        "parcours « {name} » : échelle des émotions déduite {scale} ({why}) ; déclarez-la "
        "dans Parcours › échelle émotion pour en être sûr",
    ),
    "msg.outside_scale": (
        "{score} is outside the journey's emotion scale {scale}",
        "{score} est hors de l'échelle des émotions du parcours {scale}",
    ),
    "msg.not_a_feeling": (
        "'{value}' is neither a score on the scale {scale} nor a known feeling word ({examples})",
        "« {value} » n'est ni une note sur l'échelle {scale} ni un mot de ressenti connu "
        "(par ex. {examples})",
    ),
    "msg.renamed": (
        "journey '{old}' renamed '{new}', as asked",
        "parcours « {old} » renommé « {new} », comme demandé",
    ),
    "msg.expected_number": ("expected a number", "un nombre est attendu"),
    "msg.not_a_number": (
        "'{value}' is not a number",
        "« {value} » n'est pas un nombre (écrivez par ex. 4,5 ou 4.5, ou 12 %)",
    ),
    "msg.not_a_rating": (
        "'{value}' is not a rating from 1 to 5",
        "« {value} » n'est pas une note de 1 à 5",
    ),
    "msg.not_a_share": (
        "'{value}' is not a share between 0 % and 100 %",
        "« {value} » n'est pas une part entre 0 % et 100 %",
    ),
    "msg.not_yes_no": (
        "'{value}' is not yes or no",
        "« {value} » n'est ni oui ni non (oui/non, yes/no, vrai/faux, x, 1/0)",
    ),
    "msg.not_a_date": (
        "'{value}' is not a date",
        "« {value} » n'est pas une date (écrivez par ex. 31/03/2026 ou 2026-03-31)",
    ),
    "msg.not_a_period": (
        "{value} is not a period",
        "{value} n'est pas une période (écrivez par ex. 2026-T1, 2026-03 ou une date)",
    ),
    "msg.unknown_colour": (
        "{n_cells} filled with {colour} ({refs}): a colour with no agreed meaning",
        "{n_cells} remplie(s) en {colour} ({refs}) : une couleur sans signification convenue, "
        "lue comme neutre ; dites ce qu'elle signifie (irritant, enchantement, absence ou neutre)",
    ),
    "msg.unknown_lane": (
        "'{label}' is not a lane cxmap knows; row ignored",
        "« {label} » n'est pas un couloir que cxmap connaît ; ligne ignorée",
    ),
    "msg.no_feeling": (
        "stage '{stage}': what the customer does, thinks or says is kept only with a feeling",
        "étape « {stage} » : ce que le client fait, pense ou dit n'est gardé qu'avec un "
        "ressenti ; aucun n'est donné",
    ),
    "msg.checking_file": ("checking the file", "vérification du fichier"),
    "msg.reading_sheet": ("reading sheet '{sheet}'", "lecture de la feuille « {sheet} »"),
    "msg.checking_references": ("checking references", "vérification des références"),
    "msg.reading_file": ("reading the file", "lecture du fichier"),
    "msg.checking_answers": ("checking the answers", "vérification des réponses"),
    "msg.done": ("read", "lu"),
    "msg.encrypted": (
        "the workbook is encrypted; save it without a password",
        "le classeur est chiffré ; enregistrez-le sans mot de passe",
    ),
    "msg.word": (
        "a Word document, not an XLSX workbook",
        "un document Word, pas un classeur XLSX",
    ),
    "msg.ods": (
        "an OpenDocument (.ods) file; save it as .xlsx",
        "un fichier OpenDocument (.ods) ; enregistrez-le en .xlsx",
    ),
    "msg.zip": (
        "a zip archive, but not an XLSX workbook",
        "une archive zip, mais pas un classeur XLSX",
    ),
    "msg.damaged": (
        "the file is damaged or truncated{why}",
        "le fichier est endommagé ou tronqué{why}",
    ),
    "msg.no_answers": ("the file holds no answers", "le fichier ne contient aucune réponse"),
    "msg.more_rows": ("… and {n_rows} more like these", "… et {n_rows} de plus comme celles-ci"),
    "msg.not_a_score": ("'{value}' is not a score", "« {value} » n'est pas une note"),
    "msg.no_metric": (
        "no metric column: name one or declare the file's metric",
        "pas de colonne d'indicateur : nommez-en une (nps, csat ou ces par ligne) ou déclarez "
        "l'indicateur du fichier",
    ),
    "msg.no_column": (
        "there is no column '{column}'{columns}",
        "il n'y a pas de colonne « {column} »{columns}",
    ),
    "msg.not_a_journey_touchpoint": (
        "'{value}' is not a touchpoint of journey '{journey}'",
        "« {value} » n'est pas un point de contact du parcours « {journey} »",
    ),
    "msg.no_touchpoint_column": (
        "no column is named after a touchpoint of journey '{journey}' ({names})",
        "aucune colonne ne porte le nom d'un point de contact du parcours « {journey} » "
        "(points de contact : {names})",
    ),
    "msg.no_answer": (
        "no answer in the touchpoint columns",
        "aucune réponse dans les colonnes des points de contact",
    ),
    "msg.metric_inferred": (
        "metric inferred as {metric} from scores from {low} to {high}",
        "indicateur déduit : {metric}, d'après des notes de {low} à {high} (0–10 → NPS, "
        "1–5 → CSAT, 1–7 → CES) ; déclarez-le pour en être sûr",
    ),
    "msg.no_scale": (
        "the scores run from {low} to {high}: no metric has that scale",
        "les notes vont de {low} à {high} : aucun indicateur n'a cette échelle ; déclarez "
        "l'indicateur et l'échelle",
    ),
    # --- issue 11 items 5-6 and issue 12's comparison: collection plan, blueprint, history diff
    "collection.caption": (
        "Touchpoints that collect customer data (they say so, or name what they collect or "
        "how), by stage and channel.",
        "Les points de contact qui collectent des données clients (ils le disent, ou nomment ce "
        "qu'ils collectent ou comment), par étape et par canal.",
    ),
    "collection.summary": (
        "{points} collection point(s) at {covered} of {stages} stages",
        "{points} point(s) de collecte sur {covered} des {stages} étapes",
    ),
    "collection.data": ("Data: {items}", "Données : {items}"),
    "collection.by": ("Mechanism: {mechanism}", "Mécanique : {mechanism}"),
    "collection.no_point": ("no collection point", "aucun point de collecte"),
    "collection.col.stage": ("Stage", "Étape"),
    "collection.col.channel": ("Channel", "Canal"),
    "collection.col.touchpoint": ("Touchpoint", "Point de contact"),
    "collection.col.data": ("Data collected", "Données collectées"),
    "collection.col.mechanism": ("Collection mechanism", "Mécanique de collecte"),
    "collection.table": ("The plan, point by point", "Le plan, point par point"),
    "collection.download": ("Download the plan (XLSX)", "Télécharger le plan (XLSX)"),
    "collection.file": ("collection-plan", "plan-de-collecte"),
    "nav.blueprint": ("Service blueprint", "Plan de service"),
    "blueprint.caption": (
        "Stages across; down: what the customer does, the touchpoints they meet, the line of "
        "visibility, what happens out of sight, and the processes that support it.",
        "Les étapes en colonnes ; de haut en bas : ce que fait le client, les points de contact "
        "qu'il rencontre, la ligne de visibilité, ce qui se passe en coulisses et les processus "
        "qui le soutiennent.",
    ),
    "blueprint.summary": (
        "{irritants} irritant(s) and {moments} moment(s) of truth over {stages} stages",
        "{irritants} irritant(s) et {moments} moment(s) de vérité sur {stages} étapes",
    ),
    "blueprint.unlayered": (
        "{n} touchpoint(s) have no layer: drawn frontstage (give them a layer in the workbook).",
        "{n} point(s) de contact sans couche : placés en front-office (indiquez leur couche "
        "dans le classeur).",
    ),
    "blueprint.lane": ("Lane", "Couloir"),
    "blueprint.lane.actions": ("Customer actions", "Actions du client"),
    "blueprint.lane.frontstage": ("Frontstage", "Front-office"),
    "blueprint.lane.backstage": ("Backstage", "Back-office"),
    "blueprint.lane.support": ("Support processes", "Processus support"),
    "blueprint.visibility": ("Line of visibility", "Ligne de visibilité"),
    "blueprint.scrolls": (
        "{n} stages: the blueprint scrolls sideways; the lanes and the stages stay in view.",
        "{n} étapes : le plan défile de côté ; couloirs et étapes restent visibles.",
    ),
    "history.diff.caption": (
        "Touchpoints matched by name as from a current journey to its target (declared changes "
        "ignored: they speak of the baseline).",
        "Points de contact appariés par leur nom comme d'un parcours existant à sa cible (les "
        "évolutions déclarées sont ignorées : elles parlent de la référence).",
    ),
    "history.diff.filter": ("Show", "Afficher"),
    "history.diff.no_touchpoint": (
        "No touchpoint changed between these versions.",
        "Aucun point de contact n'a changé entre ces versions.",
    ),
    "history.diff.other": (
        "Other differences (journey, stages, personas, emotions, KPIs, actions)",
        "Autres différences (parcours, étapes, personas, émotions, indicateurs, actions)",
    ),
    "history.diff.col.change": ("Change", "Évolution"),
    "history.diff.col.stage": ("Stage", "Étape"),
    "history.diff.col.before": ("Before", "Avant"),
    "history.diff.col.after": ("After", "Après"),
    "history.diff.col.channel": ("Channel", "Canal"),
    "history.diff.col.qualification": ("Qualification", "Qualification"),
    # real files in as they are (issue 10, item 5): personas made from survey segments
    "what.answers": ("personas from answers", "personas issus des réponses"),
    "realfiles.from_answers": ("From the survey answers", "Issu des réponses à l'enquête"),
    "realfiles.from_answers_help": (
        "A segment of an imported answers file that the map did not list: describe it here "
        "or in the workbook.",
        "Un segment d'un fichier de réponses importé que la carte ne listait pas : décrivez-le "
        "ici ou dans le classeur.",
    ),
    "realfiles.saved_personas": (
        "{n} segment(s) became personas of the journey: {names}",
        "{n} segment(s) sont devenus des personas du parcours : {names}",
    ),
    # --- storage (issue 9): answers a replace would orphan -----------------------------------
    "storage.orphaned_answers": (
        "{n} survey answers of '{name}' are on touchpoints this file no longer has: "
        "{touchpoints}. They stay saved but count for no touchpoint (rename the touchpoint "
        "back to keep them counted).",
        "{n} réponses d'enquête de « {name} » portent sur des points de contact que ce "
        "fichier n'a plus : {touchpoints}. Elles restent enregistrées mais ne comptent pour "
        "aucun point de contact (redonnez son nom au point de contact pour les compter).",
    ),
    "storage.respondent_column": ("Respondent column", "Colonne du répondant"),
    "storage.respondent_help": (
        "Who answered: an answer already saved for the same respondent, touchpoint, metric "
        "and date is not added again, so a re-exported wave adds only what is new.",
        "Qui a répondu : une réponse déjà enregistrée pour le même répondant, point de "
        "contact, indicateur et date n'est pas ajoutée de nouveau ; une vague réexportée "
        "n'ajoute que ce qui est nouveau.",
    ),
    "storage.answers_saved_already": (
        "Added {n} new answers; {already} were already there.",
        "{n} nouvelles réponses ajoutées ; {already} étaient déjà là.",
    ),
    # page failures (cxmap.ui.adapter.failure_boundary)
    "failure.page": (
        "Something went wrong while drawing this page; it has been logged. Try again, or pick"
        " another page.",
        "Un problème est survenu en affichant cette page ; il a été consigné. Réessayez, ou"
        " choisissez une autre page.",
    ),
    # --- current → target page, designing the target, linked views (issue 11, items 2–4) ---
    "target.gap": ("Gap", "Écart"),
    "target.current_curve": ("Current", "Existant"),
    "target.changes_sheet": ("Changes", "Évolutions"),
    "target.col_change": ("Change", "Évolution"),
    "target.col_stage": ("Stage", "Étape"),
    "target.col_channel": ("Channel", "Canal"),
    "target.col_touchpoint": ("Touchpoint", "Point de contact"),
    "target.col_name": ("Touchpoint", "Point de contact"),
    "target.col_was": ("Was", "Avant"),
    "target.col_current_qualification": ("Current qualification", "Qualification actuelle"),
    "target.col_target_qualification": ("Target qualification", "Qualification cible"),
    "target.col_qualification": ("Qualification", "Qualification"),
    "target.col_declared": ("Declared", "Déclarée"),
    "target.col_replaces": ("Replaces", "Remplace"),
    "target.col_data_collected": ("Data collected", "Données collectées"),
    "target.col_collection_mechanism": ("Collection mechanism", "Mécanique de collecte"),
    "target.col_outcome": ("What it did", "Effet"),
    "target.pair": ("“{current}” → “{target}”", "« {current} » → « {target} »"),
    "target.no_baseline": (
        "This target's baseline “{baseline}” is not in the store: nothing to compare with.",
        "La référence « {baseline} » de ce parcours cible n'est pas enregistrée : rien à comparer.",
    ),
    "target.editors_only": (
        "Only editors can create the target journey.",
        "Seuls les éditeurs peuvent créer le parcours cible.",
    ),
    "target.created": ("Target journey “{name}” created.", "Parcours cible « {name} » créé."),
    "target.matrix": ("The target's matrix, marked by change", "La matrice cible, par évolution"),
    "target.off_grid": (
        "Not on the target's grid (their stage or channel is gone): {names}",
        "Hors de la grille cible (leur étape ou leur canal a disparu) : {names}",
    ),
    "target.curves": (
        "Emotion: current and target, gap per stage",
        "Émotion : existant et cible, écart par étape",
    ),
    "target.changes": ("The changes", "Les évolutions"),
    "target.filter_change": ("Change", "Évolution"),
    "target.filter_stage": ("Stage", "Étape"),
    "target.download": ("Download the changes (XLSX)", "Télécharger les évolutions (XLSX)"),
    "target.no_changes": (
        "No change matches these filters.",
        "Aucune évolution ne correspond à ces filtres.",
    ),
    "target.design": ("Design the target", "Concevoir la cible"),
    "target.edit_help": (
        "Edit the target's touchpoints in place; add or delete rows. "
        "Saved only when valid, in one go.",
        "Modifiez les points de contact de la cible ; ajoutez ou supprimez des lignes. "
        "Enregistré seulement si tout est valide, d'un seul coup.",
    ),
    "target.save": ("Save the target", "Enregistrer la cible"),
    "target.saved": ("Target “{name}” saved.", "Cible « {name} » enregistrée."),
    "target.invalid": (
        "Nothing saved: {n} problem(s) to fix first.",
        "Rien n'a été enregistré : {n} problème(s) à corriger d'abord.",
    ),
    "target.plan": ("Apply the plan (what-if)", "Appliquer le plan (simulation)"),
    "target.plan_help": (
        "Builds the target from the action plan of “{current}”: see what each action does "
        "and what the plan would achieve, before saving.",
        "Construit la cible à partir du plan d'actions de « {current} » : voyez ce que fait "
        "chaque action et ce que le plan obtiendrait, avant d'enregistrer.",
    ),
    "target.plan_statuses": ("Actions included", "Actions incluses"),
    "target.plan_run": ("Simulate the plan", "Simuler le plan"),
    "target.plan_preview": (
        "What-if (not saved): {headline}",
        "Simulation (non enregistrée) : {headline}",
    ),
    "target.plan_save": ("Save this target", "Enregistrer cette cible"),
    "target.plan_discard": ("Discard the simulation", "Abandonner la simulation"),
    "target.plan_none": (
        "The current journey has no action.",
        "Le parcours actuel n'a aucune action.",
    ),
    "target.read_only": (
        "Read-only: only editors can change the target.",
        "Lecture seule : seuls les éditeurs peuvent modifier la cible.",
    ),
    "what.create": ("create", "création"),
    "prio.linked": (
        "Selected: “{action}” — its touchpoint and stage are outlined below.",
        "Sélection : « {action} » — son point de contact et son étape sont entourés ci-dessous.",
    ),
    "prio.linked_none": (
        "“{action}” names no touchpoint of the map.",
        "« {action} » ne désigne aucun point de contact du parcours.",
    ),
    "prio.pick": ("Or pick an action", "Ou choisissez une action"),
    "matrix.cell_actions": ("Actions addressing this cell", "Actions qui traitent cette case"),
    "matrix.cell_no_actions": (
        "No action addresses this cell.",
        "Aucune action ne traite cette case.",
    ),
    # event-log reader messages (cxmap.view.labels.MESSAGE_SHAPES)
    "msg.ev_epoch_ms": (
        "times read as Unix epochs in milliseconds",
        "horodatages lus comme des temps Unix en millisecondes",
    ),
    "msg.ev_epoch_s": (
        "times read as Unix epochs in seconds",
        "horodatages lus comme des temps Unix en secondes",
    ),
    "msg.ev_serial": (
        "times read as Excel serial dates (days since 1899-12-30)",
        "horodatages lus comme des dates Excel (jours depuis le 30/12/1899)",
    ),
    "msg.ev_utc": (
        "times without a time zone are taken as UTC; all are stored in UTC",
        "les heures sans fuseau horaire sont prises en UTC ; toutes sont enregistrées en UTC",
    ),
    "msg.ev_dayfirst_sure": (
        "dates read day first (DD/MM): a first number above 12",
        "dates lues jour d'abord (JJ/MM) : un premier nombre dépasse 12",
    ),
    "msg.ev_dayfirst_guess": (
        "dates read day first (DD/MM): no number above 12 to tell; day first is the French habit",
        "dates lues jour d'abord (JJ/MM) : aucun nombre au-delà de 12 pour trancher ; "
        "le jour d'abord est l'usage français",
    ),
    "msg.ev_monthfirst": (
        "dates read month first (MM/DD): a second number above 12",
        "dates lues mois d'abord (MM/JJ) : un second nombre dépasse 12",
    ),
    "msg.ev_skipped": (
        "{n} row(s) skipped: no case, no activity, a time that cannot be read, or a text over "
        "{limit} characters or with a NUL (rows {rows})",
        "{n} ligne(s) ignorée(s) : sans cas, sans activité, avec un horodatage illisible, ou un "
        "texte de plus de {limit} caractères ou contenant un NUL (lignes {rows})",
    ),
    "msg.ev_not_completed": (
        "{n} event(s) of a lifecycle transition other than 'complete' (start, schedule…) left "
        "out: each activity counts once, when completed",
        "{n} événement(s) d'une transition autre que « complete » (start, schedule…) écarté(s) : "
        "chaque activité compte une fois, à son achèvement",
    ),
    "msg.ev_no_complete": (
        "the log's '{column}' names no 'complete' transition: every event is counted",
        "la colonne « {column} » du journal ne contient aucune transition « complete » : "
        "tous les événements sont comptés",
    ),
    # --- an event log on the Import page, and what its import reported (issue 13, part 3) ---
    "eventlog.needs_journey": (
        "Import a journey first: an event log's activities are counted at its touchpoints.",
        "Importez d'abord un parcours : les activités d'un journal d'événements sont comptées "
        "à ses points de contact.",
    ),
    "eventlog.none_viewer": (
        "No event log for this journey yet: an editor can import one on the Import & export page.",
        "Aucun journal d'événements pour ce parcours : un éditeur peut en importer un sur la "
        "page Import et export.",
    ),
    "eventlog.upload_for": (
        "Event log for “{journey}” (CSV, XLSX or XES, plain or .gz)",
        "Journal d'événements pour « {journey} » (CSV, XLSX ou XES, brut ou .gz)",
    ),
    "eventlog.mapping_help": (
        "Each activity counts for the touchpoint chosen here (proposed from the touchpoints' "
        "names and events); with “—”, its events are kept but on no touchpoint.",
        "Chaque activité compte pour le point de contact choisi ici (proposé d'après les noms "
        "et les événements des points de contact) ; avec « — », ses événements sont gardés "
        "mais hors de tout point de contact.",
    ),
    "eventlog.imported": (
        "“{file}”: {n} events of {cases} cases added.",
        "« {file} » : {n} événements de {cases} cas ajoutés.",
    ),
    "eventlog.skipped": (
        "{n} rows skipped (no case, no activity or no readable time): see the warnings.",
        "{n} lignes ignorées (sans cas, sans activité ou sans date lisible) : voir les "
        "avertissements.",
    ),
    "eventlog.unmapped_report": (
        "Activities on no touchpoint: {n}, with {events} of the {total} events. Their events "
        "are kept, but counted neither at a touchpoint nor in the funnel.",
        "Activités sur aucun point de contact : {n}, avec {events} des {total} événements. "
        "Leurs événements sont gardés, mais ne sont comptés ni à un point de contact ni dans "
        "l'entonnoir.",
    ),
    "eventlog.unmapped_top": (
        "The {n} commonest activities not on the map",
        "Les {n} activités hors de la carte les plus fréquentes",
    ),
    "eventlog.all_mapped": (
        "Every activity of the log is on a touchpoint.",
        "Chaque activité du journal est sur un point de contact.",
    ),
    # --- the activities of the log on the Measured journey page, mapped again by an editor ---
    "activities.title": ("Activities of the log", "Activités du journal"),
    "activities.help": (
        "Every activity of the whole log (the period and the filters aside) and the touchpoint "
        "it counts for: chosen by hand, else the touchpoint whose events or name match it.",
        "Chaque activité de tout le journal (hors période et filtres) et le point de contact "
        "pour lequel elle compte : choisi à la main, sinon celui dont les événements ou le nom "
        "lui correspondent.",
    ),
    "activities.unmapped": (
        "Activities on no touchpoint: {n} of {total}, with {events} of the log's events (kept, "
        "but outside the funnel). They come first in the table.",
        "Activités sur aucun point de contact : {n} sur {total}, avec {events} des événements "
        "du journal (gardés, mais hors de l'entonnoir). Elles sont en tête du tableau.",
    ),
    "activities.edit_help": (
        "Choose the touchpoint an activity counts for, then save: its events move there. "
        "“—” forgets a choice made by hand and matches the activity by the touchpoints' events "
        "and names again.",
        "Choisissez le point de contact pour lequel une activité compte, puis enregistrez : "
        "ses événements y passent. « — » oublie un choix fait à la main et associe de nouveau "
        "l'activité d'après les événements et les noms des points de contact.",
    ),
    "activities.matched": ("Matched", "Association"),
    "activities.match.hand": ("by hand", "à la main"),
    "activities.match.auto": ("by events or name", "par événements ou nom"),
    "activities.match.none": ("⚠ on no touchpoint", "⚠ sur aucun point de contact"),
    "activities.save": ("Save the mapping", "Enregistrer l'association"),
    "activities.unchanged": (
        "Nothing to save: no touchpoint was changed in the table.",
        "Rien à enregistrer : aucun point de contact n'a été changé dans le tableau.",
    ),
    "activities.moved_none": (
        "Mapping saved: no activity counts for another touchpoint.",
        "Association enregistrée : aucune activité ne compte pour un autre point de contact.",
    ),
    "activities.moved_one": (
        "Mapping saved: 1 activity now counts for another touchpoint.",
        "Association enregistrée : 1 activité compte désormais pour un autre point de contact.",
    ),
    "activities.moved": (
        "Mapping saved: {n} activities now count for another touchpoint.",
        "Association enregistrée : {n} activités comptent désormais pour un autre point de "
        "contact.",
    ),
    # --- s15-french: the target page's headline, and the readers' later findings in French ---
    "diff.emotion_unchanged": ("emotion unchanged", "émotion inchangée"),
    "msg.not_one_of": (
        "'{value}' is not one of: {words}",
        "« {value} » n'est pas l'un de : {words}",
    ),
    "msg.excel_error": (
        "the cell holds the Excel error {error}{number}",
        "la case contient l'erreur Excel {error}{number}",
    ),
    "msg.formula": (
        "cell {cell} holds the formula {formula} with no saved value; open and save the file "
        "in Excel, or type the value",
        "la case {cell} contient la formule {formula} sans valeur enregistrée ; ouvrez et "
        "enregistrez le fichier dans Excel, ou tapez la valeur",
    ),
    "msg.journey_twice": (
        "journey '{name}' is named twice",
        "le parcours « {name} » figure deux fois",
    ),
    "msg.touchpoint_twice": (
        "touchpoint '{name}' is listed twice at stage '{stage}' on channel '{channel}'",
        "le point de contact « {name} » figure deux fois à l'étape « {stage} » sur le canal "
        "« {channel} »",
    ),
    "msg.nul": (
        "the text holds a NUL character (\\x00), which the database cannot keep",
        "le texte contient un caractère NUL (\\x00), que la base de données ne peut pas garder",
    ),
    "msg.too_long": (
        "the text is {n_chars} characters long; the limit is {n_limit}",
        "le texte compte {n_chars} caractères ; la limite est de {n_limit}",
    ),
    "msg.not_finite": (
        "{number} is not a finite number (the limit is ±{limit})",
        "{number} n'est pas un nombre fini (la limite est ±{limit})",
    ),
    "msg.too_large": (
        "{n_number} is too large a whole number; the limit is {n_limit}",
        "{n_number} est un nombre entier trop grand ; la limite est {n_limit}",
    ),
    "msg.journey_name": ("the journey's name: {problem}", "le nom du parcours : {problem}"),
    "msg.several_stages": (
        "touchpoint '{name}' is at several stages ({stages}): give the stage",
        "le point de contact « {name} » est à plusieurs étapes ({stages}) : précisez l'étape",
    ),
    "msg.journey_column": (
        "this workbook holds several journeys: add a 'journey' column to say which journey "
        "each row belongs to (journeys: {names})",
        "ce classeur contient plusieurs parcours : ajoutez une colonne « parcours » pour dire "
        "à quel parcours appartient chaque ligne (parcours : {names})",
    ),
    "msg.journey_of_row": (
        "this workbook holds several journeys: say which one this row belongs to "
        "(journeys: {names})",
        "ce classeur contient plusieurs parcours : dites auquel appartient cette ligne "
        "(parcours : {names})",
    ),
    "msg.journey_of_sheet": (
        "this workbook holds several journeys and this sheet's title names none of them "
        "(journeys: {names})",
        "ce classeur contient plusieurs parcours et le titre de cette feuille n'en nomme aucun "
        "(parcours : {names})",
    ),
    "msg.not_a_journey": (
        "'{value}' is not a journey of this workbook (journeys: {names})",
        "« {value} » n'est pas un parcours de ce classeur (parcours : {names})",
    ),
    "msg.change_in_current": (
        "journey '{name}' is a current journey: the change declared on {touchpoints}{more} "
        "means nothing there (a change is declared in a target journey)",
        "le parcours « {name} » est un parcours existant : l'évolution déclarée sur "
        "{touchpoints}{more} n'y veut rien dire (une évolution se déclare dans un parcours "
        "cible)",
    ),
    "msg.not_in_baseline": (
        "journey '{name}', touchpoint '{touchpoint}' at stage '{stage}' {what} '{named}', "
        "which is not a touchpoint of its baseline '{baseline}'",
        "parcours « {name} », point de contact « {touchpoint} » à l'étape « {stage} » : il "
        "{what} « {named} », qui n'est pas un point de contact de son parcours de référence "
        "« {baseline} »",
    ),
    "msg.shared_sheet": (
        "no 'journey' column: its {rows} are shared by every journey of the workbook ({names})",
        "pas de colonne « parcours » : cette feuille ({rows}) vaut pour tous les parcours du "
        "classeur ({names})",
    ),
    "msg.nothing_in_sheets": (
        "nothing to import: the sheets {titles} have headers but no rows",
        "rien à importer : les feuilles {titles} ont des en-têtes mais aucune ligne",
    ),
    "msg.nothing_in_sheet": (
        "nothing to import: the sheet {title} has headers but no rows",
        "rien à importer : la feuille {title} a des en-têtes mais aucune ligne",
    ),
    "msg.nothing_to_import": (
        "nothing to import: no sheet holds a journey map (sheets: {names}); name the sheets as "
        "the template does (Journeys, Stages, Touchpoints…) or draw a channel × stage matrix",
        "rien à importer : aucune feuille ne contient de parcours (feuilles : {names}) ; "
        "nommez les feuilles comme le modèle (Parcours, Étapes, Points de contact…) ou "
        "dessinez une matrice canal × étape",
    ),
    "msg.own_baseline": (
        "a journey cannot be its own baseline",
        "un parcours ne peut pas être sa propre référence",
    ),
    "msg.no_journey_named": (
        "the Journeys sheet names no journey",
        "la feuille Parcours ne nomme aucun parcours",
    ),
    "msg.kpi_fractions": (
        "journey '{journey}': KPI '{kpi}' is in % with every value and target between 0 and 1, "
        "so they are read as fractions ({n_from} → {n_to} %)",
        "parcours « {journey} » : l'indicateur « {kpi} » est en % avec toutes ses valeurs et "
        "cibles entre 0 et 1 ; elles sont lues comme des fractions ({n_from} → {n_to} %)",
    ),
    "msg.correct_one": (
        "the journey's name or state can be corrected only in a workbook of one journey; this "
        "one holds {n}",
        "le nom ou l'état du parcours ne se corrige que dans un classeur d'un seul parcours ; "
        "celui-ci en contient {n}",
    ),
    "msg.not_a_state": (
        "'{value}' is not a state (current or target)",
        "« {value} » n'est pas un état (existant ou cible)",
    ),
    "msg.not_a_change": (
        "'{value}' is not a change (use one of: {words})",
        "« {value} » n'est pas une évolution (choisissez parmi : {words})",
    ),
    "msg.not_a_template_sheet": (
        "this sheet's name is not one of the template's sheets, so it cannot be read as one",
        "le nom de cette feuille n'est pas celui d'une feuille du modèle : elle ne peut pas "
        "être lue comme telle",
    ),
    "msg.not_this_layout": (
        "read as a {kind} as asked, but {why}",
        "lue comme {kind}, comme demandé, mais {why}",
    ),
    "msg.same_column": (
        "'{header}' means the same as '{first}'; the first is used, '{header}' is kept as an "
        "extra column",
        "« {header} » veut dire la même chose que « {first} » ; la première est utilisée, "
        "« {header} » est gardée comme colonne supplémentaire",
    ),
    "msg.not_a_whole_number": (
        "'{value}' is not a whole number of 0 or more",
        "« {value} » n'est pas un nombre entier positif ou nul",
    ),
    "msg.not_an_excel_date": ("{value} is not an Excel date", "{value} n'est pas une date Excel"),
    "msg.not_a_scale": (
        "'{value}' is not an emotion scale (write e.g. -2..2, 1..5 or 0..10)",
        "« {value} » n'est pas une échelle d'émotion (écrivez par exemple -2..2, 1..5 ou 0..10)",
    ),
    "msg.no_score": (
        "nothing to import: no row of the file holds a score (every score cell is blank{missing})",
        "rien à importer : aucune ligne du fichier ne porte de note (chaque case de note est "
        "vide{missing})",
    ),
    "msg.not_of_journey": (
        "'{value}' is not a {kind} of journey '{journey}' ({kinds}: {names})",
        "« {value} » n'est pas {kind} du parcours « {journey} » ({kinds} : {names})",
    ),
    "msg.not_segments": (
        "{n} values of this column are no persona of journey '{journey}' ({names} …): it does "
        "not look like a segment column; name another, or none (at most {max} segments become "
        "personas)",
        "{n} valeurs de cette colonne ne sont pas des personas du parcours « {journey} » "
        "({names} …) : elle ne ressemble pas à une colonne de segments ; nommez-en une autre, "
        "ou aucune (au plus {max} segments deviennent des personas)",
    ),
    "msg.segment_too_long": (
        "a segment of {n} characters cannot name a persona (at most {max})",
        "un segment de {n} caractères ne peut pas nommer un persona (au plus {max})",
    ),
    "msg.segment_became": (
        "1 segment became a persona of journey '{journey}', marked as coming from the "
        "answers: {names}",
        "1 segment est devenu un persona du parcours « {journey} », marqué comme venant des "
        "réponses : {names}",
    ),
    "msg.segments_became": (
        "{n} segments became personas of journey '{journey}', marked as coming from the "
        "answers: {names}",
        "{n} segments sont devenus des personas du parcours « {journey} », marqués comme "
        "venant des réponses : {names}",
    ),
    "msg.outside_metric_scale": (
        "{score} is outside the {metric} scale {scale}",
        "{score} est hors de l'échelle {metric} {scale}",
    ),
    "msg.not_a_metric": (
        "'{value}' is not a metric (nps, csat or ces)",
        "« {value} » n'est pas un indicateur (nps, csat ou ces)",
    ),
    "msg.xls": (
        "an Excel 97-2003 (.xls) file or a password-protected workbook; save it as .xlsx "
        "without a password",
        "un fichier Excel 97-2003 (.xls) ou un classeur protégé par un mot de passe ; "
        "enregistrez-le en .xlsx sans mot de passe",
    ),
    "msg.pdf": ("a PDF document, not an XLSX workbook", "un document PDF, pas un classeur XLSX"),
    "msg.empty_file": (
        "an empty file, not an XLSX workbook",
        "un fichier vide, pas un classeur XLSX",
    ),
    "msg.not_zip": (
        "not an XLSX workbook (it is not a zip archive)",
        "pas un classeur XLSX (ce n'est pas une archive zip)",
    ),
    "msg.xml_file": (
        "an XML or HTML file, not an XLSX workbook",
        "un fichier XML ou HTML, pas un classeur XLSX",
    ),
    "msg.csv_file": (
        "a text (CSV) file, not an XLSX workbook",
        "un fichier texte (CSV), pas un classeur XLSX",
    ),
    "msg.text_file": (
        "a text file, not an XLSX workbook",
        "un fichier texte, pas un classeur XLSX",
    ),
    "msg.answers_too_big": (
        "the file is {size} MiB or more; the limit for answers is {limit} MiB",
        "le fichier fait {size} Mio ou plus ; la limite pour des réponses est de {limit} Mio",
    ),
    "msg.file_too_big": (
        "the file is {size}; the limit is {limit}",
        "le fichier fait {size} ; la limite est de {limit}",
    ),
    "msg.too_slow": (
        "{what} takes longer to read than the {seconds} s an import may take",
        "{what} demande plus de temps à lire que les {seconds} s permises à un import",
    ),
    "msg.damaged_file": (
        "{what} cannot be read{where}; it is damaged or not as Excel writes it ({detail})",
        "{what} ne peut pas être lu{where} : il est endommagé ou n'est pas tel qu'Excel "
        "l'écrit ({detail})",
    ),
    "msg.memory": (
        "{what} needs more memory to read than this server has",
        "lire {what} demande plus de mémoire que ce serveur n'en a",
    ),
    "msg.nested": (
        "{what} is nested too deeply to be read",
        "{what} est trop profondément imbriqué pour être lu",
    ),
    "msg.unreadable_workbook": (
        "the workbook cannot be read ({detail})",
        "le classeur ne peut pas être lu ({detail})",
    ),
    "msg.unreadable_csv": (
        "the CSV file cannot be read ({detail})",
        "le fichier CSV ne peut pas être lu ({detail})",
    ),
    "msg.not_utf8": (
        "the file is neither UTF-8 nor Windows-1252 text",
        "le fichier n'est un texte ni en UTF-8 ni en Windows-1252",
    ),
    "msg.binary_csv": (
        "not a CSV file (it holds binary data)",
        "pas un fichier CSV (il contient des données binaires)",
    ),
    "msg.beyond_column": (
        "sheet '{sheet}' has data beyond column {col}",
        "la feuille « {sheet} » a des données au-delà de la colonne {col}",
    ),
    # --- the event logs imported into a journey, and taking one out ---
    "eventlogs.title": ("Logs imported", "Journaux importés"),
    "eventlogs.file": ("File", "Fichier"),
    "eventlogs.form": ("Form", "Format"),
    "eventlogs.when": ("Imported", "Importé le"),
    "eventlogs.which": ("Take a log out", "Retirer un journal"),
    "eventlogs.warning": (
        "“{file}” and its {n} events will be taken out of the journey; its activities' counts "
        "and the measures follow. The same file can be imported again.",
        "« {file} » et ses {n} événements seront retirés du parcours ; les décomptes de ses "
        "activités et les mesures suivront. Le même fichier pourra être réimporté.",
    ),
    "eventlogs.remove": ("Remove this log", "Retirer ce journal"),
    "eventlogs.placeholder": ("Choose a log…", "Choisissez un journal…"),
    "eventlogs.count": ("Events", "Événements"),
    "eventlogs.removed": (
        "Log removed: {n} events taken out.",
        "Journal retiré : {n} événements retirés.",
    ),
    # --- the files of survey answers imported into a journey, and taking one out ---
    "answerfiles.title": ("Answer files imported", "Fichiers de réponses importés"),
    "answerfiles.none": (
        "No file of answers imported into this journey yet.",
        "Aucun fichier de réponses importé dans ce parcours pour l'instant.",
    ),
    "answerfiles.file": ("File", "Fichier"),
    "answerfiles.form": ("Form", "Format"),
    "answerfiles.form_long": ("one answer per row", "une réponse par ligne"),
    "answerfiles.form_wide": ("one respondent per row", "un répondant par ligne"),
    "answerfiles.count": ("Answers", "Réponses"),
    "answerfiles.when": ("Imported", "Importé le"),
    "answerfiles.which": ("Take a file out", "Retirer un fichier"),
    "answerfiles.placeholder": ("Choose a file…", "Choisissez un fichier…"),
    "answerfiles.warning": (
        "“{file}” and its {n} answers will be taken out of the journey; the measured KPIs "
        "follow. The personas it added stay on the map. The same file can be imported again.",
        "« {file} » et ses {n} réponses seront retirés du parcours ; les indicateurs mesurés "
        "suivront. Les personas qu'il a ajoutés restent sur la carte. Le même fichier pourra "
        "être réimporté.",
    ),
    "answerfiles.remove": ("Remove this file", "Retirer ce fichier"),
    "answerfiles.removed": (
        "File removed: {n} answers taken out.",
        "Fichier retiré : {n} réponses retirées.",
    ),
}


def tr(key: str, lang: str = DEFAULT_LANG, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English when the language is unknown)."""
    english, french = TEXTS[key]
    text = french if lang == "fr" else english
    return text.format(**values) if values else text


def language_of(locale: str | None) -> str:
    """The dashboard language for a browser locale (`fr-FR` -> `fr`; anything else `en`)."""
    return "fr" if locale and locale.lower().startswith("fr") else DEFAULT_LANG
