from __future__ import annotations

from importlib import import_module

import pytest

from tests.integration.conftest import celery_worker_process  # noqa: F401  (a real worker for tests/leads)


@pytest.fixture
def pipeline_stages():
    """Tests with ``transaction=True`` flush the database, data migrations included: put the
    default stages back (a no-op when the migration's rows are still there)."""
    from django.apps import apps

    migration = import_module("leads.migrations.0002_default_pipeline_stages")
    migration.create_default_stages(apps, None)


@pytest.fixture(autouse=True)
def _default_pipeline_stages(request):
    if request.node.get_closest_marker("django_db") is not None:
        request.getfixturevalue("pipeline_stages")
