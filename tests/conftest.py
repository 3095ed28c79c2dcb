from __future__ import annotations

import os

import pytest
from django.contrib.auth.models import Group
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from crm.celery import app as celery_app
from tests import factories
from tests.fakes.http_server import RecordingServer


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
