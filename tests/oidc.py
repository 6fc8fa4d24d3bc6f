"""A local OpenID Connect provider for the sign-in tests (`oidc-provider-mock`, on 127.0.0.1:
it accepts any client id and secret; its login page asks for a subject and has an Authorize
button), the `[auth]` secrets that point Streamlit's `st.login` at it, and a browser sign-in.
Nothing here reaches beyond 127.0.0.1; the secrets live in a temporary file of the test."""

from __future__ import annotations

import json
import secrets
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CLIENT_ID = "cxmap-tests"


@dataclass(frozen=True)
class Provider:
    url: str  # the issuer, e.g. http://127.0.0.1:41969

    def set_claims(self, sub: str, **claims: str) -> None:
        """The claims the provider puts in ``sub``'s ID token (e.g. its email)."""
        request = urllib.request.Request(
            f"{self.url}/users/{sub}",
            data=json.dumps(claims).encode(),
            headers={"Content-Type": "application/json"},
            method="PUT",
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status in (200, 204), response.status


@contextmanager
def oidc_provider() -> Iterator[Provider]:
    """The mock provider on a free port of 127.0.0.1, for the time of the block."""
    import oidc_provider_mock

    with oidc_provider_mock.run_server_in_thread() as server:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1", f"the OpenID provider listens on {host}, not 127.0.0.1"
        yield Provider(f"http://127.0.0.1:{port}")


def auth_secrets(path: Path, *, app_port: int, provider: Provider) -> Path:
    """A secrets.toml with the `[auth]` section the README documents, for this provider."""
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{provider.url}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return path


def sign_in(page, app_url: str, sub: str, button: str = "Sign in") -> None:
    """Click the app's sign-in button, then sign in as ``sub`` on the provider's page (the
    browser comes back to the app)."""
    page.get_by_role("button", name=button).click()
    page.locator("input[name=sub]").wait_for()
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(lambda url: url.startswith(app_url) and "/oauth2callback" not in url)
