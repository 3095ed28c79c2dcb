from __future__ import annotations

import pytest

from crm.ai.models import Provider
from crm.ai.services import providers_changed
from tests.fakes.openai_server import FakeOpenAIServer
from tests.integration.conftest import celery_worker_process  # noqa: F401  (real-worker tests here)

API_KEY = "sk-test-9f8e7d6c5b4a39281706f5e4d3c2b1a0"


@pytest.fixture
def openai_server():
    server = FakeOpenAIServer(api_key=API_KEY).start()
    yield server
    server.stop()


@pytest.fixture
def make_provider(db, openai_server):
    """An openai-compatible provider row pointed at the local fake server."""

    def make(name: str = "fake-openai", **fields) -> Provider:
        values = {"kind": "openai-compatible", "base_url": openai_server.url, "model": "gpt-fake-mini",
                  "api_key": API_KEY, "timeout_seconds": 2.0, "max_retries": 0, "priority": 10,
                  "cost_per_1k_input_tokens": "0.150000", "cost_per_1k_output_tokens": "0.600000", **fields}
        provider = Provider(name=name, **values)
        provider.full_clean()
        provider.save()
        providers_changed()
        return provider

    return make
