from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from crm.models import WebhookSubscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_overview_shows_a_failing_integration_as_needing_attention(page, live_server, admin_login, screenshot):
    WebhookSubscription.objects.create(name="Shop sync", url="https://shop.example.com/hook",
                                       last_error="HTTP 503", last_error_at=timezone.now())
    WebhookSubscription.objects.create(name="n8n", url="https://n8n.example.com/hook",
                                       last_success_at=timezone.now() - timedelta(minutes=1))
    admin_login()
    page.goto(f"{live_server.url}/settings/overview/")
    failing = page.locator("li.status.attention", has_text="Shop sync").first
    assert failing.is_visible()
    assert "not answering" in failing.inner_text() or "refusing" in failing.inner_text()
    assert page.locator("li.status.working", has_text="n8n").count() == 1
    page.click("text=Technical")
    page.wait_for_url("**mode=technical")
    row = page.locator("tr.status.attention", has_text="Shop sync")
    assert "HTTP 503" in row.inner_text()
    assert screenshot("configuration-overview").exists()
