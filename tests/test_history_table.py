"""The History and People pages' tables, as pure functions (no Streamlit): the columns in the
page's language, the versions newest first, words for what a version was, a change and a role,
blanks where a time or author is not known, and text a spreadsheet would run as a formula kept
as text for "Download as CSV"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest

from cxmap.compute.versions import Difference, compare
from cxmap.storage import access, history
from cxmap.storage.access import Person
from cxmap.storage.history import Version
from cxmap.storage.store import Store
from cxmap.view.history_table import differences_table, versions_table
from cxmap.view.people_table import people_table
from tests.test_store import rich_map

RICH = "Home insurance claim"
AT = dt.datetime(2026, 3, 14, 9, 26, 53, tzinfo=dt.UTC)


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'cxmap.db'}")
    yield store
    store.close()


def test_the_versions_of_a_real_journey_newest_first_with_what_each_was(sqlite_store) -> None:
    sqlite_store.save([rich_map()])
    sqlite_store.update_actions(RICH, {0: {"owner": "Ops"}})
    history.rollback(sqlite_store, RICH, 1)
    versions = history.versions(sqlite_store.engine, RICH)

    table = versions_table(versions, "en")

    assert " | ".join(table.columns) == "Version | When (UTC) | By | What | Summary | Kept (kB)"
    assert list(table["Version"]) == [3, 2, 1]
    assert list(table["What"]) == ["rollback", "edit", "import"]
    assert list(table["By"]) == [v.by for v in reversed(versions)]
    assert list(table["When (UTC)"]) == [f"{v.at:%Y-%m-%d %H:%M}" for v in reversed(versions)]
    assert all(size > 0 for size in table["Kept (kB)"])


def test_a_version_in_french_its_time_to_the_minute_and_its_size_in_kilobytes() -> None:
    versions = [
        Version(1, AT, "ann@example.com", "import", "6 stages", 6_549),
        Version(2, AT + dt.timedelta(hours=1), "bob@example.com", "delete", "deleted", 0),
    ]

    table = versions_table(versions, "fr")

    assert "|".join(table.columns) == "Version|Quand (UTC)|Par|Quoi|Résumé|Conservé (ko)"
    assert table.to_dict("records") == [
        {
            "Version": 2,
            "Quand (UTC)": "2026-03-14 10:26",
            "Par": "bob@example.com",
            "Quoi": "suppression",
            "Résumé": "deleted",
            "Conservé (ko)": 0.0,
        },
        {
            "Version": 1,
            "Quand (UTC)": "2026-03-14 09:26",
            "Par": "ann@example.com",
            "Quoi": "import",
            "Résumé": "6 stages",
            "Conservé (ko)": 6.5,
        },
    ]


def test_text_a_spreadsheet_would_run_is_kept_as_text_numbers_stay_numbers() -> None:
    versions = [Version(7, AT, '=HYPERLINK("http://evil")', "edit", "+1 irritant", 1_000)]
    differences = [Difference("actions", "@SUM(A1)", "changed", ("owner", "-status"))]
    people = [Person("=cmd|' /C calc'!A0", "editor", AT, "-admin")]

    [version] = versions_table(versions, "en").to_dict("records")
    [difference] = differences_table(differences, "en").to_dict("records")
    [person] = people_table(people, "en").to_dict("records")

    assert version["By"] == '\'=HYPERLINK("http://evil")'
    assert version["Summary"] == "'+1 irritant"
    assert version["Version"] == 7 and version["Kept (kB)"] == 1.0
    assert difference["Item"].startswith("'@")
    assert person["Email"].startswith("'=") and person["By"] == "'-admin"


def test_the_differences_of_two_real_versions_in_words_in_their_order() -> None:
    before = rich_map()
    last = before.personas[-1]
    owned = tuple(replace(action, owner="Claims desk") for action in before.actions)
    after = replace(before, personas=before.personas[:-1], actions=owned)
    differences = [d for d in compare(before, after) if d.kind != "touchpoints"]

    english = differences_table(differences, "en")
    french = differences_table(differences, "fr")

    assert list(english.columns) == ["Kind", "Item", "Change", "Fields"]
    assert list(english["Item"]) == [d.item for d in differences]
    rows = set(zip(english["Kind"], english["Item"], english["Change"], english["Fields"]))
    assert ("personas", last.name, "removed", "") in rows
    assert ("actions", before.actions[0].name, "changed", "owner") in rows
    assert list(french.columns) == ["Type", "Élément", "Changement", "Champs"]
    assert set(french["Changement"]) <= {"ajouté", "retiré", "modifié"}
    assert "retiré" in set(french["Changement"])


def test_no_difference_is_an_empty_table_with_its_headers() -> None:
    table = differences_table([], "en")
    assert table.empty and list(table.columns) == ["Kind", "Item", "Change", "Fields"]


def test_the_people_of_a_real_database_with_their_roles_in_words(sqlite_store) -> None:
    engine, actor = sqlite_store.engine, sqlite_store.actor
    access.set_role(engine, "Zoe@Example.com", "viewer", actor)
    access.set_role(engine, "ann@example.com", "admin", actor)

    english = people_table(access.people(engine), "en")
    french = people_table(access.people(engine), "fr")

    assert list(english.columns) == ["Email", "Role", "Added", "By"]
    assert list(english["Email"]) == ["ann@example.com", "zoe@example.com"]
    assert list(english["Role"]) == ["admin", "viewer"]
    assert list(english["By"]) == [actor.name, actor.name]
    assert all(len(at) == len("2026-03-14 09:26") for at in english["Added"])
    assert list(french.columns) == ["Email", "Rôle", "Ajouté le", "Par"]
    assert list(french["Rôle"]) == ["administrateur", "lecteur"]


def test_a_person_added_before_times_were_kept_has_blanks_not_none() -> None:
    [row] = people_table([Person("old@example.com", "editor", None, None)], "fr").to_dict("records")
    assert row == {"Email": "old@example.com", "Rôle": "éditeur", "Ajouté le": "", "Par": ""}
