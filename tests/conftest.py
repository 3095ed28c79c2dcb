from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from crm.celery import app as celery_app
from tests import factories
from tests.fakes.http_server import RecordingServer

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def pytest_configure(config):
    # Tasks run in-process unless a test starts a real worker (tests/integration).
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def http_server():
    server = RecordingServer().start()
    yield server
    server.stop()


@pytest.fixture
def make_user(db):
    def make(role: str | None = None, **fields):
        user = factories.UserFactory(**fields)
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def api_client_for(make_user):
    """An API client authenticated with a token of a new user holding ``role``."""

    def make(role: str | None = "Admin", **fields):
        user = make_user(role, **fields)
        client = APIClient()
        token = Token.objects.create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        client.user = user
        return client

    return make


@pytest.fixture
def redis_broker_url():
    url = os.environ.get("TEST_CELERY_BROKER_URL")
    if not url:
        pytest.skip("Redis is not available (TEST_CELERY_BROKER_URL unset): real-worker test skipped")
    return url


# --- Real-browser tests: Debian's chromium driven by Playwright (no browser download) ---


@pytest.fixture
def browser(monkeypatch):
    """One browser per test: Playwright's event loop must be gone before the database is
    flushed and before any later test runs ORM code in this thread."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"*** {CHROMIUM} is missing: real-browser test SKIPPED (apt-get install chromium) ***")
    from playwright.sync_api import sync_playwright

    # While the loop runs, the ORM calls the test itself makes are still plain sync calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def admin_login(page, live_server, make_user):
    """Log a new Admin-role superuser into the admin through the login form."""

    def login(username: str = "browser-admin", password: str = "Browser-pass-42") -> None:
        user = make_user("Admin", username=username, is_superuser=True)
        user.set_password(password)
        user.save()
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")

    return login
