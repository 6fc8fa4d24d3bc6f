"""The dashboard in French in a real browser: every page of the French restaurant sample and of
the e-commerce sample (with its survey answers) opened with ``?lang=fr``, its text read —
Streamlit's data grids included, through their accessible table — and checked for the English
words cxmap could leave behind and for numbers written the English way.  The pages are saved in
``screenshots/`` as ``fr-…png`` for a person to look at."""

# ruff: noqa: F811  (the fixtures imported from test_browser are parameters by name)
from __future__ import annotations

import re

import pytest

from tests.browser import DESKTOP, link, screenshot, wait_ready
from tests.test_browser import (  # noqa: F401  (fixtures used by name)
    PAGES,
    sample_database,
    server,
    slug,
)

pytestmark = pytest.mark.browser

RESTAURANT = "Chaîne de restaurants — parcours convive"  # every word of the map is French
SHOP = "Online store — current"  # English names, but measured KPIs from its survey answers

# Words cxmap writes that have no place in a French page: canonical statuses, qualifications,
# layers and categories, the words of the KPI cards and reports.  The restaurant map is French
# throughout, so any of these on its pages is ours.
ENGLISH_WORDS = (
    "None",
    "idea",
    "planned",
    "in progress",
    "done",
    "delight",
    "missing",
    "neutral",
    "frontstage",
    "backstage",
    "sales",
    "measured",
    "workshop",
    "target",
    "stage",
    "touchpoint",
    "lane canvas",
    "answers",
    "previous period",
    "Save",
    "Download",
    "Choose an option",  # Streamlit's placeholder of a selectbox with nothing chosen
)
# The shop's own names hold English words (its stages, touchpoints, personas): only cxmap's
# words that its data cannot hold are looked for there.
SHOP_ENGLISH_WORDS = (
    "None",
    "idea",
    "planned",
    "in progress",
    "measured",
    "workshop",
    "nan",
    "Choose an option",
)
# 1,450 or 9.5: an English number (a period like 2026-Q3 or a date 2026-09-30 is not one)
ENGLISH_NUMBER = re.compile(
    r"(?<![\w.,\-])\d{1,3}(?:,\d{3})+(?![\d,])|(?<![\w.\-/])\d+\.\d+(?![\d.])"
)

TEXT_JS = """() => {
  const main = document.querySelector("[data-testid='stMain']");
  // one cell per line: a grid's innerText runs its cells together ("rapides4.0")
  const grids = [...document.querySelectorAll("[data-testid='stDataFrame'] table")]
    .map(t => [...t.querySelectorAll("th, td")].map(c => c.innerText).join("\\n"));
  return main.innerText + "\\n" + grids.join("\\n");
}"""


def french_text(page, base: str, path: str, title: str, journey: str, plotly: int, vega: int):
    page.goto(link(base, path, journey=journey, lang="fr"))
    wait_ready(page, title, plotly, vega, timeout=60_000)
    page.wait_for_timeout(500)  # the data grids fill their accessible tables
    return page.evaluate(TEXT_JS)


def english_left(text: str, words: tuple[str, ...]) -> list[str]:
    found = [w for w in words if re.search(rf"(?<![\w']){re.escape(w)}(?![\w'])", text)]
    return found + ENGLISH_NUMBER.findall(text)


@pytest.fixture
def french_page(open_at):
    return open_at(DESKTOP, "fr-FR")


@pytest.mark.parametrize("path,_en,title,plotly,vega", PAGES)
def test_a_french_page_of_the_french_sample_has_no_english_word(
    french_page,
    server,
    path,
    _en,
    title,
    plotly,
    vega,
):
    text = french_text(french_page, server, path, title, RESTAURANT, plotly, vega)
    screenshot(french_page, f"fr-restaurant-{slug(title)}")
    assert not english_left(text, ENGLISH_WORDS), text[:3000]


@pytest.mark.parametrize("path,_en,title,plotly,vega", PAGES)
def test_a_french_page_of_the_measured_sample_has_no_english_word_or_number(
    french_page,
    server,
    path,
    _en,
    title,
    plotly,
    vega,
):
    if path == "target":  # the shop has no target journey yet: the page offers to create one
        plotly = 0
    text = french_text(french_page, server, path, title, SHOP, plotly, vega)
    screenshot(french_page, f"fr-shop-{slug(title)}")
    assert not english_left(text, SHOP_ENGLISH_WORDS), text[:3000]


def test_the_french_overview_shows_the_measured_nps_against_its_target(french_page, server):
    text = french_text(french_page, server, "", "Vue d'ensemble", SHOP, 2, 0)
    # the measured NPS of the sample's answers, with n and its interval, against the target 35
    assert re.search(r"mesuré, n = 1\s454 · intervalle à 95\s% : ", text), text[:2000]
    assert re.search(r"Cible 35\spts", text)
    assert "atelier" not in text.split("Courbe des émotions")[0]  # measured beats typed


def test_the_english_checks_catch_english():
    # the checks themselves: they must find what they look for
    assert english_left("Statut: planned · 1,450 € · 9.5 pts", ENGLISH_WORDS) == [
        "planned",
        "1,450",
        "9.5",
    ]
    assert english_left("2026-Q3 · 2026-09-30 · 1\u202f450 € · 9,5 · 4,2/5", ENGLISH_WORDS) == []
