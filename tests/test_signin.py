"""Sign-in end to end: the real app with `[auth]` configured, Streamlit's own `st.login`
against an OpenID provider this module starts on 127.0.0.1, driven in Debian's Chromium.

Anonymous visitors see a Sign in button and nothing of any map; an account without a role is
refused; a viewer sees the maps but cannot upload, save or roll back; an editor can, and the
history names them; an administrator also sees the People page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmap.storage import access, history
from cxmap.storage.samples import seed
from cxmap.storage.store import Store
from tests.browser import BANK, DESKTOP, SCREENSHOTS
from tests.live_server import free_port, streamlit_server
from tests.oidc import auth_secrets, oidc_provider, sign_in
from tests.test_browser import HELD_OUT, held_out_workbook

pytestmark = pytest.mark.browser

# Each account: (OpenID subject, email claim)
ACCOUNTS = {
    "viewer": ("sub-viewer", "viewer@example.com"),
    "editor": ("sub-editor", "editor@example.com"),
    "admin": ("sub-admin", "admin@example.com"),
    "stranger": ("sub-stranger", "stranger@example.com"),
}
JOURNEY_NAMES = re.compile(r"Account opening|Chaîne de restaurants|parcours convive")


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The samples, a second version of the bank journey, a viewer and an editor."""
    path = tmp_path_factory.mktemp("signin") / "cxmap.db"
    store = Store(f"sqlite:///{path}")
    seed(store)
    store.update_actions(BANK, {0: {"owner": "Branch network"}})
    access.set_role(store.engine, ACCOUNTS["viewer"][1], "viewer", store.actor)
    access.set_role(store.engine, ACCOUNTS["editor"][1], "editor", store.actor)
    store.close()
    return path


@pytest.fixture(scope="module")
def app(database: Path, tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[str]:
    """The app with sign-in configured (secrets in a temporary file), admins from the
    environment, and the provider knowing every account's email."""
    with oidc_provider() as provider:
        for sub, email in ACCOUNTS.values():
            provider.set_claims(sub, email=email)
        port = free_port()
        secrets_file = auth_secrets(
            tmp_path_factory.mktemp("secrets") / "secrets.toml", app_port=port, provider=provider
        )
        with streamlit_server(
            database,
            port=port,
            options=["--secrets.files", str(secrets_file)],
            environment={"CXMAP_ADMINS": ACCOUNTS["admin"][1], "CXMAP_DEFAULT_ROLE": ""},
        ) as url:
            yield url


@pytest.fixture
def page(open_at):
    """A new browser context: no sign-in cookie from another test."""
    return open_at(DESKTOP, "en-GB")


def settled(page) -> None:
    page.wait_for_function(
        """() => document.querySelector("[data-testid='stApp']")
                   ?.getAttribute("data-test-script-state") === "notRunning" """
    )


def signed_in(page, app: str, who: str) -> None:
    page.goto(app)
    sign_in(page, app, ACCOUNTS[who][0])
    page.get_by_text(f"Signed in as {ACCOUNTS[who][1]}").wait_for()
    settled(page)


def go(page, app: str, path: str, title: str) -> None:
    page.goto(f"{app}/{path}")
    page.locator("[data-testid='stMain'] h1", has_text=title).wait_for()
    settled(page)


def body(page) -> str:
    return page.locator("body").inner_text()


# --- before sign-in --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "prioritisation", "history", "import"])
def test_anonymous_sees_only_a_sign_in_button_and_nothing_of_any_map(page, app, path) -> None:
    page.goto(f"{app}/{path}")
    page.get_by_role("button", name="Sign in").wait_for()
    settled(page)
    assert not JOURNEY_NAMES.search(body(page)), body(page)[:500]
    assert page.locator("[data-testid='stSidebarNavLink']").count() == 0
    assert page.locator("[data-testid='stSelectbox']").count() == 0


def test_the_sign_in_button_speaks_french(page, app) -> None:
    page.goto(f"{app}/?lang=fr")
    page.get_by_role("button", name="Se connecter").wait_for()
    assert "Connectez-vous à cxmap" in body(page)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "signin-fr.png")


def test_an_account_without_a_role_is_refused_and_sees_no_data(page, app) -> None:
    page.goto(app)
    sign_in(page, app, ACCOUNTS["stranger"][0])
    page.get_by_text("No access for stranger@example.com").wait_for()
    settled(page)
    assert not JOURNEY_NAMES.search(body(page))
    assert page.locator("[data-testid='stSidebarNavLink']").count() == 0
    assert page.get_by_role("button", name="Sign out").count() == 1


# --- a viewer ---------------------------------------------------------------------------------


def test_a_viewer_sees_the_maps_and_who_is_signed_in_then_signs_out(page, app) -> None:
    signed_in(page, app, "viewer")
    sidebar = page.get_by_test_id("stSidebar").inner_text()
    assert "Signed in as viewer@example.com (viewer)" in sidebar
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "signed-in-viewer.png")
    journey = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox'] input")
    assert journey.input_value().startswith(BANK)
    page.get_by_role("button", name="Sign out").click()
    # Streamlit ends the session at the provider too (its end_session page asks to confirm)
    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="Sign in").wait_for()
    settled(page)
    assert not JOURNEY_NAMES.search(body(page))


def test_a_viewer_cannot_upload_save_or_roll_back(page, app, database) -> None:
    signed_in(page, app, "viewer")
    go(page, app, "import", "Import & export")
    assert page.get_by_test_id("stFileUploaderDropzoneInput").count() == 0  # no map, no answers
    assert "changing them needs the editor role" in body(page)
    go(page, app, "prioritisation", "Prioritisation")
    assert page.get_by_role("button", name="Save changes").count() == 0
    go(page, app, "history", "History")
    page.get_by_text("Versions, newest first").wait_for()
    assert page.get_by_role("button", name=re.compile("Roll back")).count() == 0
    assert page.get_by_role("button", name=re.compile("Delete")).count() == 0
    assert [v.by for v in history.versions(Store(f"sqlite:///{database}").engine, BANK)] == [
        f"command line ({access.os_user()})"
    ] * 2  # nothing was written in the viewer's name


# --- an editor and an administrator -----------------------------------------------------------


def test_an_editor_uploads_and_saves_a_journey_in_their_name(page, app, database, tmp_path):
    signed_in(page, app, "editor")
    go(page, app, "import", "Import & export")
    uploader = page.get_by_test_id("stFileUploader").filter(
        has=page.get_by_text("Upload a journey workbook (.xlsx)", exact=True)
    )
    uploader.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        held_out_workbook(tmp_path / "assurance.xlsx")
    )
    page.get_by_text(f"Preview of “{HELD_OUT}”").wait_for()
    settled(page)
    page.get_by_role("button", name="Save to the database").click()
    page.get_by_text(f"Saved: {HELD_OUT}.").wait_for()
    (version,) = history.versions(Store(f"sqlite:///{database}").engine, HELD_OUT)
    assert (version.what, version.by) == ("import", "editor@example.com")


def test_an_editor_rolls_a_journey_back_from_the_history_page(page, app, database) -> None:
    store = Store(f"sqlite:///{database}")
    before = len(history.versions(store.engine, BANK))
    signed_in(page, app, "editor")
    go(page, app, f"history?journey={BANK}", "History")
    button = page.get_by_role("button", name=re.compile(r"Roll back to version \d+"))
    button.wait_for()
    target = int(re.search(r"\d+", button.inner_text()).group())
    button.click()
    page.get_by_text(f"is back to version {target}").wait_for()
    latest = history.versions(store.engine, BANK)[-1]
    assert (latest.version, latest.what, latest.by) == (
        before + 1,
        "rollback",
        "editor@example.com",
    )
    assert page.get_by_role("button", name=re.compile("Delete")).count() == 0  # admins only


def test_an_administrator_sees_the_people_and_their_roles(page, app) -> None:
    signed_in(page, app, "admin")
    assert "Signed in as admin@example.com (admin)" in page.get_by_test_id("stSidebar").inner_text()
    go(page, app, "admin", "People and roles")
    assert "2 people have a role" in body(page)
    for email in ("viewer@example.com", "editor@example.com"):  # the table is a canvas
        assert page.get_by_role("button", name=f"Remove {email}").count() == 1
    assert "admin@example.com" in body(page)  # named by CXMAP_ADMINS
