"""The history of every journey: a version per change (import, edit, rollback, delete,
restore) with its time, author and summary; a rollback that gives back the very export of the
version it goes back to; a deletion that hides and a restoration that brings back whole; and
saves refused when the journey changed since it was read — from one process or from two at
once.  Every test runs on SQLite and, when CXMAP_TEST_POSTGRES_URL is set, on PostgreSQL.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import sys
import types
from dataclasses import replace

import openpyxl
import pytest

from cxmap.cli import main
from cxmap.compute.versions import compare
from cxmap.domain.report import CxmapError
from cxmap.files.writer import workbook_bytes
from cxmap.storage import access, history
from cxmap.storage.history import StaleSave
from cxmap.storage.store import Store
from tests.test_store import add_response, minimal_map, rich_map

RICH = "Home insurance claim"


def cells(data: bytes) -> dict[str, list[tuple]]:
    """Every sheet of a workbook as its rows of values (what "cell for cell" compares)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def export(store: Store, name: str) -> dict[str, list[tuple]]:
    return cells(workbook_bytes([store.load(name)]))


def edited_rich_map():
    m = rich_map()
    return replace(m, actions=tuple(replace(a, owner="Someone else") for a in m.actions))


# --- versions as they are recorded ------------------------------------------------------------


def test_an_import_is_version_1_by_the_command_line_and_its_os_user(store: Store) -> None:
    store.save([rich_map()], source="claims.xlsx")
    (v,) = history.versions(store.engine, RICH)
    assert (v.version, v.what) == (1, "import")
    assert v.by == f"command line ({access.os_user()})"
    assert "claims.xlsx" in v.summary and "stage" in v.summary
    assert v.size > 500  # the map is kept


def test_each_change_is_a_new_version_oldest_first(store: Store) -> None:
    store.save([rich_map()])
    store.save([edited_rich_map()])
    store.update_actions(RICH, {0: {"status": "done"}})
    store.delete(RICH)
    history.restore(store, RICH)
    history.rollback(store, RICH, 1)
    assert [(v.version, v.what) for v in history.versions(store.engine, RICH)] == [
        (1, "import"),
        (2, "import"),
        (3, "edit"),
        (4, "delete"),
        (5, "restore"),
        (6, "rollback"),
    ]
    assert store.version_of(RICH) == 6


def test_an_edit_in_the_app_is_a_version_naming_the_action_and_the_signed_in_author(
    store: Store,
) -> None:
    store.save([rich_map()])
    editor = store.acting(access.Actor("ed@example.com", "editor"))
    editor.update_actions(RICH, {0: {"owner": "Ops"}})
    latest = history.versions(store.engine, RICH)[-1]
    assert (latest.what, latest.by) == ("edit", "ed@example.com")
    assert "owner → Ops" in latest.summary
    # the version keeps the map as edited
    assert history.map_at(store.engine, RICH, latest.version).actions[0].owner == "Ops"


def test_the_history_json_of_the_command_line_has_exactly_the_documented_keys(
    store: Store, database_url: str, capsys
) -> None:
    store.save([rich_map()])
    store.update_actions(RICH, {0: {"status": "done"}})
    assert main(["history", RICH, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [list(row) for row in rows] == [["version", "at", "by", "what", "summary"]] * 2
    assert [row["version"] for row in rows] == [1, 2]
    assert [row["what"] for row in rows] == ["import", "edit"]


# --- what a version keeps -----------------------------------------------------------------------


def test_a_version_keeps_the_map_exactly_every_field_extra_and_date() -> None:
    m = rich_map()
    assert any(a.due for a in m.actions) and any(s.extra for s in m.stages)  # a real test map
    assert history.unpack(history.snapshot(m)) == m


def test_a_version_of_every_sample_map_is_kept_exactly() -> None:
    from cxmap.files.reader import read_workbook
    from cxmap.storage.samples import sample_files

    maps = [m for path in sample_files() for m in read_workbook(path).maps]
    assert maps, "no sample maps"
    for m in maps:
        assert history.unpack(history.snapshot(m)) == m, m.name


# --- rollback ---------------------------------------------------------------------------------


def test_a_rollback_is_a_new_version_with_the_export_of_the_old_one_cell_for_cell(
    store: Store,
) -> None:
    store.save([rich_map()])
    first = export(store, RICH)
    store.save([edited_rich_map()])
    assert export(store, RICH) != first
    assert history.rollback(store, RICH, 1) == 3
    assert export(store, RICH) == first
    assert cells(workbook_bytes([history.map_at(store.engine, RICH, 3)])) == first


def test_rollback_from_the_command_line_undoes_an_edit(
    store: Store, database_url: str, capsys
) -> None:
    store.save([rich_map()])
    before = store.load(RICH).actions[0].status
    store.update_actions(RICH, {0: {"status": "done" if before != "done" else "idea"}})
    assert main(["rollback", RICH, "--to", "1"]) == 0
    assert "version 3" in capsys.readouterr().out
    assert Store(database_url).load(RICH).actions[0].status == before


def test_a_rollback_to_a_version_that_does_not_exist_changes_nothing(store: Store) -> None:
    store.save([rich_map()])
    with pytest.raises(CxmapError, match="no version 7"):
        history.rollback(store, RICH, 7)
    assert store.version_of(RICH) == 1


# --- delete and restore -----------------------------------------------------------------------


def test_delete_hides_the_journey_and_keeps_its_history(store: Store) -> None:
    store.save([minimal_map(), rich_map()])
    assert store.delete(RICH) is True
    assert RICH not in store.names()
    with pytest.raises(CxmapError):
        store.load(RICH)
    assert history.deleted(store.engine) == [RICH]
    assert [v.what for v in history.versions(store.engine, RICH)] == ["import", "delete"]
    assert store.delete(RICH) is False  # already deleted


def test_restore_brings_the_journey_back_whole_with_its_answers(store: Store) -> None:
    store.save([rich_map()])
    add_response(store, RICH)
    before = store.load(RICH)
    store.delete(RICH)
    history.restore(store, RICH)
    assert store.load(RICH) == before
    (item,) = [i for i in store.summary() if i["journey"] == RICH]
    assert item["responses"] == 1
    assert history.deleted(store.engine) == []


def test_delete_and_restore_from_the_command_line(store: Store, database_url: str, capsys) -> None:
    store.save([rich_map()])
    assert main(["delete", RICH]) == 0
    assert RICH not in Store(database_url).names()
    assert main(["restore", RICH]) == 0
    assert RICH in Store(database_url).names()
    assert main(["restore", RICH]) == 1  # nothing deleted any more
    assert "no deleted journey" in capsys.readouterr().err


def test_a_purged_journey_imported_again_continues_its_history(store: Store) -> None:
    store.save([rich_map()])
    store.purge(RICH)
    store.save([rich_map()])
    assert [v.version for v in history.versions(store.engine, RICH)] == [1, 2]


# --- stale saves ------------------------------------------------------------------------------


def test_a_save_over_a_journey_changed_since_it_was_read_is_refused_naming_who_and_when(
    store: Store,
) -> None:
    store.save([rich_map()])
    read_at = store.version_of(RICH)
    store.acting(access.Actor("bob@example.com", "editor")).save([edited_rich_map()])
    with pytest.raises(StaleSave) as refused:
        store.save([rich_map()], expected={RICH: read_at})
    assert refused.value.latest is not None and refused.value.latest.by == "bob@example.com"
    assert "bob@example.com at " in str(refused.value)
    assert store.load(RICH) == edited_rich_map()  # nothing of the refused save was written
    assert store.version_of(RICH) == 2


def test_an_action_edit_from_a_stale_page_is_refused_and_changes_nothing(store: Store) -> None:
    store.save([rich_map()])
    store.update_actions(RICH, {0: {"owner": "First"}}, expected=1)
    with pytest.raises(StaleSave):
        store.update_actions(RICH, {0: {"owner": "Second"}}, expected=1)
    assert store.load(RICH).actions[0].owner == "First"
    assert len(history.versions(store.engine, RICH)) == 2


def test_a_rollback_or_delete_from_a_stale_page_is_refused(store: Store) -> None:
    store.save([rich_map()])
    store.save([edited_rich_map()])
    with pytest.raises(StaleSave):
        history.rollback(store, RICH, 1, expected=1)
    with pytest.raises(StaleSave):
        store.delete(RICH, expected=1)
    assert store.version_of(RICH) == 2


def _save_from_another_process(url: str, expected: int, owner: str, barrier, results) -> None:
    store = Store(url, migrate=False, actor=access.Actor(owner, "editor"))
    m = rich_map()
    m = replace(m, actions=tuple(replace(a, owner=owner) for a in m.actions))
    barrier.wait()
    try:
        store.save([m], expected={RICH: expected})
        results.put((owner, "saved"))
    except StaleSave as exc:
        results.put((owner, f"stale: {exc.latest.by if exc.latest else '?'}"))
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        results.put((owner, f"failed: {type(exc).__name__}: {exc}"))
    finally:
        store.close()


@pytest.mark.parametrize("existing", [True, False], ids=["existing journey", "new journey"])
def test_two_processes_saving_the_same_version_at_once_one_wins_the_other_is_refused(
    store: Store, existing: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if existing:
        store.save([rich_map()])
    expected = 1 if existing else 0  # 0: the journey did not exist when the page was drawn
    # A spawned process first re-runs the parent's __main__: after an AppTest in the same run
    # that is app.py, which would start the dashboard in the child.  The child needs nothing of
    # it (its target is imported from this module), so it starts from a bare __main__.
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [
        context.Process(
            target=_save_from_another_process, args=(store.url, expected, owner, barrier, results)
        )
        for owner in ("ann@example.com", "ben@example.com")
    ]
    for worker in workers:
        worker.start()
    outcome = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(v.split(":")[0] for v in outcome.values()) == ["saved", "stale"], outcome
    (winner,) = [who for who, v in outcome.items() if v == "saved"]
    (loser,) = [who for who, v in outcome.items() if v != "saved"]
    assert outcome[loser] == f"stale: {winner}"
    assert {a.owner for a in store.load(RICH).actions} == {winner}
    assert [v.by for v in history.versions(store.engine, RICH)][1 if existing else 0 :] == [winner]


# --- the comparison of two versions -----------------------------------------------------------


def test_comparing_two_versions_names_what_was_added_removed_and_changed() -> None:
    before = rich_map()
    after = replace(
        before,
        stages=before.stages[1:],
        actions=(replace(before.actions[0], owner="New owner"), *before.actions[1:]),
    )
    differences = {(d.kind, d.item, d.change, d.fields) for d in compare(before, after)}
    assert ("stages", before.stages[0].name, "removed", ()) in differences
    assert ("actions", before.actions[0].name, "changed", ("owner",)) in differences
    assert compare(before, before) == []
    assert {(d.kind, d.change) for d in compare(after, before)} >= {("stages", "added")}


# --- journeys saved before the history existed ------------------------------------------------


def forget_history(store: Store, name: str) -> None:
    """Make ``name`` look as a database upgraded to migration 0003 leaves it: version 0 and no
    history."""
    from sqlalchemy import delete, update

    from cxmap.storage import schema

    with store.engine.begin() as conn:
        conn.execute(
            delete(schema.journey_versions).where(schema.journey_versions.c.journey == name)
        )
        conn.execute(
            update(schema.journeys).where(schema.journeys.c.name == name).values(version=0)
        )


def test_a_journey_from_before_the_history_keeps_its_state_as_version_1_at_its_first_change(
    store: Store,
) -> None:
    store.save([rich_map()])
    forget_history(store, RICH)
    first = export(store, RICH)
    drawn = store.version_of(RICH)  # a page drawn before the first change reads 0
    assert drawn == 0
    store.update_actions(RICH, {0: {"owner": "Ops"}}, expected=drawn)  # not refused as stale
    assert [(v.version, v.what, v.by) for v in history.versions(store.engine, RICH)] == [
        (1, "import", "before the history began"),
        (2, "edit", store.actor.name),
    ]
    history.rollback(store, RICH, 1)
    assert export(store, RICH) == first


# --- the History page, headless (AppTest) -----------------------------------------------------


@pytest.fixture
def app_store(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The app pointed at a database of its own: the samples, the bank journey edited once."""
    from streamlit.runtime.pages_manager import PagesManager

    from cxmap.storage.samples import seed
    from tests.test_browser import BANK

    # as test_app's `served`: each AppTest run behaves as a later run of a real server (a click
    # would otherwise be lost in the rerun that leaves the pages-directory mode)
    original = PagesManager.__init__

    def settled(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", settled)
    url = f"sqlite:///{tmp_path / 'cxmap.db'}"
    monkeypatch.setenv("CXMAP_DATABASE_URL", url)
    store = Store(url)
    seed(store)
    store.update_actions(BANK, {0: {"owner": "Branch network"}})
    return store


def history_page():
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP, TIMEOUT

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["journey"] = "Account opening — current"
    at.run()
    return at.switch_page("pages/history.py").run()


def test_the_history_page_lists_compares_and_rolls_back_without_sign_in(app_store: Store) -> None:
    from tests.test_browser import BANK

    at = history_page()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["History"]
    versions, comparison = (df.value for df in at.dataframe)
    assert list(versions["Version"]) == [2, 1]  # newest first
    assert list(versions["What"]) == ["edit", "import"]
    # versions 1 → 2 compared: the one action whose owner changed
    assert comparison[["Kind", "Change", "Fields"]].values.tolist() == [
        ["actions", "changed", "owner"]
    ]
    (rollback,) = [b for b in at.button if b.label.startswith("Roll back to version")]
    rollback.click().run()
    assert not at.exception, [e.value for e in at.exception]
    latest = history.versions(app_store.engine, BANK)[-1]
    assert (latest.version, latest.what) == (3, "rollback")
    assert latest.by == access.local_app().name
    assert app_store.load(BANK).actions[0].owner != "Branch network"


def test_without_sign_in_the_sidebar_says_so_and_there_is_no_people_page(app_store) -> None:
    at = history_page()
    assert any("Single-user mode" in c.value for c in at.sidebar.caption)
    assert not any(b.label == "Sign out" for b in at.button)


def test_a_stale_save_of_the_actions_table_names_who_and_when_and_keeps_the_edits(
    app_store: Store,
) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP, TIMEOUT
    from tests.test_browser import BANK

    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["journey"] = BANK
    at.run()
    at = at.switch_page("pages/prioritisation.py").run()
    editor = at.data_editor[0]
    row = editor.value.iloc[0]
    action_id, status = int(row["id"]), "done" if row["status"] != "done" else "idea"
    edits = {"edited_rows": {0: {"status": status}}, "added_rows": [], "deleted_rows": []}
    at.session_state[editor.key] = edits
    at.run()
    # meanwhile, someone else changes the journey
    app_store.acting(access.Actor("bob@example.com", "editor")).update_actions(
        BANK, {action_id: {"owner": "Bob"}}
    )
    (save,) = [b for b in at.button if b.label == "Save changes"]
    save.click().run()
    assert not at.exception, [e.value for e in at.exception]
    (refusal,) = [e.value for e in at.error]
    assert "changed by bob@example.com at " in refusal
    assert at.session_state[editor.key]["edited_rows"] == {0: {"status": status}}  # kept
    assert app_store.load(BANK).actions[action_id].status == row["status"]  # not saved
    assert app_store.load(BANK).actions[action_id].owner == "Bob"  # theirs is kept
    (reload,) = [b for b in at.button if b.label == "Reload the journey"]
    reload.click().run()
    assert not at.error


def test_a_re_import_over_an_edited_journey_says_which_version_it_replaces(store: Store) -> None:
    from cxmap.ui.changes import replaced_notice

    store.save([rich_map()])
    store.acting(access.Actor("ed@example.com", "editor")).update_actions(RICH, {0: {"owner": "X"}})
    (note,) = replaced_notice(store, [RICH, "A new journey"], "en")
    assert note.startswith(f"'{RICH}' is at version 2 (edit by ed@example.com at ")
    assert "the replaced version stays in the history" in note
    (note,) = replaced_notice(store, [RICH], "fr")
    assert "version 2 (edit par ed@example.com" in note
    store.save([rich_map()])  # the re-import
    assert history.map_at(store.engine, RICH, 2).actions[0].owner == "X"  # still there


def test_a_journey_new_when_the_page_was_drawn_is_not_replaced_by_a_second_import(
    store: Store,
) -> None:
    store.acting(access.Actor("ann@example.com", "editor")).save([rich_map()])
    with pytest.raises(StaleSave, match="ann@example.com"):
        store.save([edited_rich_map()], expected={RICH: 0})  # drawn when it did not exist
    assert store.load(RICH) == rich_map()


def test_the_history_page_compares_two_versions_with_the_diff_view(app_store: Store) -> None:
    """Any two versions compared as current → target: the headline, the counts and the change
    list a steering committee reads (declared changes ignored)."""
    from dataclasses import replace

    from tests.test_browser import BANK

    m = app_store.load(BANK)
    touchpoints = []
    for t in m.touchpoints:
        if t.name == "Online application form":  # the irritant fixed
            t = replace(t, qualification="neutral")
        elif t.name == "Welcome email series":  # dropped
            continue
        touchpoints.append(t)
    app_store.save([replace(m, touchpoints=tuple(touchpoints))], source="test")
    at = history_page()
    assert not at.exception, [e.value for e in at.exception]
    counts = {metric.label: metric.value for metric in at.metric}
    assert (counts["Transformed"], counts["Removed"], counts["Added"]) == ("1", "1", "0")
    assert any(m.value.startswith("**1 of 5 irritants resolved") for m in at.markdown)
    _versions, changes = (df.value for df in at.dataframe)
    assert changes.values.tolist() == [
        [
            "Transformed",
            "Apply online",
            "Online application form",
            "Online application form",
            "Website",
            "Irritant → Neutral",
        ],
        ["Removed", "First use", "Welcome email series", "", "Email", "Neutral"],
    ]


def test_the_owner_column_is_formula_safe_and_saved_as_typed(app_store: Store) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.test_app import APP, TIMEOUT
    from tests.test_browser import BANK

    before = app_store.load(BANK).actions
    app_store.update_actions(BANK, {0: {"owner": '=HYPERLINK("http://x")'}})
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["journey"] = BANK
    at.run()
    at = at.switch_page("pages/prioritisation.py").run()
    editor = at.data_editor[0]
    row = editor.value.index[editor.value["id"] == 0][0]
    assert editor.value.loc[row, "owner"] == '\'=HYPERLINK("http://x")'  # a CSV keeps it text
    (save,) = [b for b in at.button if b.label == "Save changes"]
    assert save.disabled  # nothing edited: the quote shown is no change
    edits = {"edited_rows": {int(row): {"owner": "@ops"}}, "added_rows": [], "deleted_rows": []}
    at.session_state[editor.key] = edits
    at.run()
    [b for b in at.button if b.label == "Save changes"][0].click().run()
    assert not at.exception and not at.error
    assert app_store.load(BANK).actions[0].owner == "@ops"  # as typed, no quote
    assert [a.owner for a in app_store.load(BANK).actions[1:]] == [a.owner for a in before[1:]]
