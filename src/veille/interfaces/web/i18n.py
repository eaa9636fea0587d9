"""French and English labels for the web UI.

French first: the people who open this every morning read French news. The language
comes from ``?lang=``, then the ``veille_lang`` cookie (set when ``?lang=`` is used),
then the browser's Accept-Language, and defaults to French.
"""

from __future__ import annotations

from fastapi import Request

LANGS = ("fr", "en")
COOKIE = "veille_lang"

_LABELS: dict[str, tuple[str, str]] = {
    # key: (fr, en)
    "tagline": (
        "Qui a dit quoi, quels chiffres, et qui les donne",
        "Who said what, which figures, and who gives them",
    ),
    "home": ("Accueil", "Home"),
    "search": ("Recherche", "Search"),
    "search_placeholder": ("Rechercher dans les articles…", "Search the articles…"),
    "search_button": ("Chercher", "Search"),
    "articles": ("Articles", "Articles"),
    "article": ("Article", "Article"),
    "quotes": ("Citations", "Quotes"),
    "figures": ("Chiffres", "Figures"),
    "actors": ("Acteurs", "Actors"),
    "actor": ("Acteur", "Actor"),
    "events": ("Événements", "Events"),
    "timeline": ("Chronologie", "Timeline"),
    "api_docs": ("API", "API"),
    "latest_articles": ("Derniers articles", "Latest articles"),
    "latest_quotes": ("Dernières citations", "Latest quotes"),
    "top_actors": ("Acteurs les plus cités", "Most mentioned actors"),
    "results": ("résultats", "results"),
    "no_results": ("Aucun résultat.", "No results."),
    "filters": ("Filtres", "Filters"),
    "since": ("Depuis", "Since"),
    "until": ("Jusqu'au", "Until"),
    "date_hint": ("AAAA, AAAA-MM ou AAAA-MM-JJ", "YYYY, YYYY-MM or YYYY-MM-DD"),
    "apply": ("Appliquer", "Apply"),
    "clear": ("Effacer les filtres", "Clear filters"),
    "by_site": ("Par source", "By source site"),
    "by_month": ("Par mois", "By month"),
    "by_actor": ("Par acteur", "By actor"),
    "export": ("Exporter", "Export"),
    "previous": ("← Précédent", "← Previous"),
    "next": ("Suivant →", "Next →"),
    "page_of": ("sur", "of"),
    "undated": ("sans date", "undated"),
    "untitled": ("(sans titre)", "(untitled)"),
    "source_site": ("Source", "Source"),
    "duplicate_of": ("Quasi-doublon de", "Near-duplicate of"),
    "legend": ("Légende", "Legend"),
    "legend_quote": ("citation", "quote"),
    "legend_speaker": ("locuteur", "speaker"),
    "legend_figure": ("chiffre", "figure"),
    "legend_source": ("source du chiffre", "figure source"),
    "legend_actor": ("acteur", "actor"),
    "speaker": ("Locuteur", "Speaker"),
    "unknown_speaker": ("locuteur inconnu", "unknown speaker"),
    "kind_direct": ("directe", "direct"),
    "kind_mixed": ("mixte", "mixed"),
    "kind_indirect": ("indirecte", "indirect"),
    "value": ("Valeur", "Value"),
    "what": ("Quoi", "What"),
    "where": ("Où", "Where"),
    "given_by": ("Donné par", "Given by"),
    "date": ("Date", "Date"),
    "aliases": ("Autres noms", "Aliases"),
    "roles": ("Rôles et descriptions dans le temps", "Roles and descriptions through time"),
    "no_roles": ("Aucune description relevée.", "No description found."),
    "activity": ("Activité", "Activity"),
    "activity_desc": (
        "Articles qui le mentionnent et citations, par période",
        "Articles mentioning it and quotes, per period",
    ),
    "mentions": ("articles", "articles"),
    "quotes_timeline": ("Ses citations", "Quotes timeline"),
    "stances": ("Positions par sujet", "Stance per issue"),
    "stances_empty": (
        "Les positions par sujet apparaîtront quand leur analyse aura tourné sur ce corpus.",
        "Stances per issue will appear once stance analysis has run on this store.",
    ),
    "figures_reported": ("Chiffres qu'il a donnés", "Figures it reported"),
    "first_seen": ("première fois", "first seen"),
    "last_seen": ("dernière fois", "last seen"),
    "type_person": ("personne", "person"),
    "type_organization": ("organisation", "organization"),
    "type_place": ("lieu", "place"),
    "type_country": ("pays", "country"),
    "type_government": ("gouvernement", "government"),
    "type_group": ("groupe", "group"),
    "figure_series": ("Séries de chiffres par source", "Figure series by source"),
    "figure_series_desc": (
        "Chaque ligne suit une source ; un anneau marque une révision.",
        "Each line follows one source; a ring marks a revision.",
    ),
    "revised": ("révisé", "revised"),
    "revised_from": ("révisé, avant", "revised, was"),
    "all": ("tous", "all"),
    "issue": ("Sujet", "Issue"),
    "issue_placeholder": ("ex. cessez-le-feu, barrage, otages", "e.g. ceasefire, dam, hostages"),
    "timeline_note": (
        "Articles où figurent les mots du sujet, des plus anciens aux plus récents.",
        "Articles containing the issue's words, oldest first, with their quotes.",
    ),
    "articles_per_month": ("Articles par mois", "Articles per month"),
    "data_table": ("Données du graphique", "Chart data"),
    "skip": ("Aller au contenu", "Skip to content"),
    "keys": (
        "Raccourcis : / chercher, j/k élément suivant/précédent",
        "Keys: / search, j/k next/previous item",
    ),
    "language": ("Langue", "Language"),
    "error": ("Erreur", "Error"),
    "back_home": ("Retour à l'accueil", "Back to the home page"),
    "in_store": ("dans la base", "in the store"),
    "near_duplicates": ("quasi-doublons", "near-duplicates"),
    "no_figures": ("Aucun chiffre.", "No figures."),
    "no_quotes": ("Aucune citation.", "No quotes."),
    "events_empty": ("Aucun événement enregistré pour l'instant.", "No events stored yet."),
    "type": ("Type", "Type"),
    "name_filter": ("Nom contient…", "Name contains…"),
    "quote_words": ("Mots dans la citation", "Words in the quote"),
    "facets_approximate": (
        "≈ : comptes estimés sur un échantillon des résultats",
        "≈: counts estimated from a sample of the results",
    ),
    "support": ("pour", "support"),
    "oppose": ("contre", "oppose"),
    "mixed": ("mitigé", "mixed"),
    "shift": ("changement de position", "position shift"),
    "stances_on": ("Positions sur", "Stances on"),
    "stance_note": (
        "Position de chaque acteur par mois, lue dans ses citations et ses actes ; un cercle "
        "marque un changement de position.",
        "Each actor's position by month, read from its quotes and actions; a ring marks a shift.",
    ),
    "by_country": ("Regrouper par pays", "Group by country"),
    "known_issues": ("Sujets suivis", "Issues followed"),
    "evidence": ("Preuve", "Evidence"),
    "period": ("Période", "Period"),
    "stance": ("Position", "Stance"),
}


def pick_lang(request: Request) -> str:
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    saved = request.cookies.get(COOKIE)
    if saved in LANGS:
        return saved
    accept = request.headers.get("accept-language", "").lower()
    return "en" if accept.startswith("en") else "fr"


class Labels:
    """``t.key`` or ``t("key")`` in templates; unknown keys show as themselves."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._i = 0 if lang == "fr" else 1

    def __call__(self, key: str) -> str:
        pair = _LABELS.get(key)
        return pair[self._i] if pair else key

    def __getattr__(self, key: str) -> str:
        return self(key)
