from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from crm.models import WebhookSubscription

pytestmark = pytest.mark.django_db


@pytest.fixture
def integrations():
    now = timezone.now()
    WebhookSubscription.objects.create(name="Shop sync", url="https://shop.example.com/hook",
                                       last_success_at=now - timedelta(hours=2),
                                       last_error="HTTP 500: upstream down", last_error_at=now - timedelta(minutes=5))
    WebhookSubscription.objects.create(name="n8n", url="https://n8n.example.com/hook", last_success_at=now)
    WebhookSubscription.objects.create(name="Old CRM", url="https://old.example.com", active=False)
    every_15 = IntervalSchedule.objects.create(every=15, period=IntervalSchedule.MINUTES)
    PeriodicTask.objects.create(name="late job", task="crm.tasks.webhook_deliveries_resend_stale",
                                interval=every_15, last_run_at=now - timedelta(hours=3))
    PeriodicTask.objects.create(name="healthy job", task="crm.tasks.webhook_deliveries_resend_stale",
                                interval=every_15, last_run_at=now - timedelta(minutes=2))


def test_plain_mode_lists_what_needs_attention(client, make_user, integrations):
    client.force_login(make_user("Marketer"))
    page = client.get("/settings/overview/").content.decode()
    attention = page.split("<h2>Needs attention</h2>")[1].split("<h2>Everything</h2>")[0]
    assert "Shop sync" in attention and "late job" in attention
    assert "n8n" not in attention and "healthy job" not in attention
    assert "upstream down" not in page  # error details are for the technical mode
    assert "2 need attention" in page


def test_technical_mode_shows_details_and_links(client, make_user, integrations):
    client.force_login(make_user("Admin"))
    page = client.get("/settings/overview/", {"mode": "technical"}).content.decode()
    assert "HTTP 500: upstream down" in page and "https://shop.example.com/hook" in page
    subscription = WebhookSubscription.objects.get(name="Shop sync")
    assert f"/admin/crm/webhooksubscription/{subscription.pk}/change/" in page


def test_overview_is_for_staff_roles_only(client, make_user):
    client.force_login(make_user("Agent"))
    assert client.get("/settings/overview/").status_code == 302
