"""A real OpenID Connect provider process for the tests: tests/oidc/provider.mjs (the npm package
oidc-provider) on a free loopback port, stopped when the block ends."""

import contextlib
import copy
import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "oidc" / "provider.mjs"
CLIENT_ID = "portal"
CLIENT_SECRET = "portal-test-secret"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def oidc_provider(*, redirect_uri: str, accounts: dict, path: str = "") -> Iterator[str]:
    """Yields the issuer's address once its discovery document answers."""
    port = free_port()
    env = {
        **os.environ,
        "OIDC_PORT": str(port),
        "OIDC_PATH": path,
        "OIDC_REDIRECT_URI": redirect_uri,
        "OIDC_ACCOUNTS": json.dumps(accounts),
    }
    process = subprocess.Popen(
        ["node", str(SCRIPT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    issuer = f"http://127.0.0.1:{port}{path}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                discovery = f"{issuer}/.well-known/openid-configuration"
                with urllib.request.urlopen(discovery, timeout=2):  # noqa: S310
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.poll() is not None else ""
                    raise RuntimeError(f"oidc-provider did not start: {output}") from None
                time.sleep(0.1)  # waiting for a process to listen, not for the code under test
        yield issuer
    finally:
        process.terminate()
        process.wait(timeout=10)


def use_provider(settings, issuer: str, **extra) -> None:
    """Configure the portal for the provider, as alliance/settings.py does from the environment:
    the app, and the content-security policy's form-action that lets the sign-in reach it."""
    settings.SOCIALACCOUNT_PROVIDERS = provider_settings(issuer, **extra)
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    parts = urlsplit(issuer)
    policy["DIRECTIVES"]["form-action"] = ["'self'", f"{parts.scheme}://{parts.netloc}"]
    settings.CONTENT_SECURITY_POLICY = policy


def provider_settings(
    issuer: str, *, provider_id: str = "kommune", name: str = "Kommunekonto (test)", **extra
) -> dict:
    """SOCIALACCOUNT_PROVIDERS as alliance/settings.py builds it from the environment."""
    return {
        "openid_connect": {
            "provider_class": "people.oidc.PortalOIDCProvider",
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": name,
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": issuer, **extra},
                }
            ],
        }
    }
