from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils.html import escape

from crm.models import WebhookSubscription
from tests import factories

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def populated(db):
    contact = factories.ContactFactory(first_name="Lucía", last_name="Núñez")
    product = factories.ProductFactory(name="Dell XPS 13")
    order = factories.OrderFactory(contact=contact)
    factories.InvoiceFactory(contact=contact, order=order)
    factories.CartFactory(contact=contact)
    factories.AgentFactory(team=factories.TeamFactory())
    WebhookSubscription.objects.create(name="n8n", url="https://n8n.example.com/hook", secret="s3cret-value-123")
    return {"contact": contact, "product": product}


@pytest.mark.parametrize("model,model_admin", REGISTERED, ids=[m._meta.label for m, _ in REGISTERED])
def test_changelist_and_add_pages_open_for_an_admin(admin_client, admin_user, rf, populated, model, model_admin):
    opts = model._meta
    changelist = admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    assert escape(str(opts.verbose_name_plural)).lower() in changelist.content.decode().lower()

    add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    add = admin_client.get(add_url)
    request = rf.get(add_url)
    request.user = admin_user
    if model_admin.has_add_permission(request):
        assert add.status_code == 200
        assert "<form" in add.content.decode()
    else:
        assert add.status_code == 403


def test_contact_changelist_lists_and_searches_contacts(admin_client, populated):
    url = reverse("admin:crm_contact_changelist")
    page = admin_client.get(url, {"q": "Núñez"}).content.decode()
    assert "Lucía Núñez" in page
    assert "Lucía Núñez" not in admin_client.get(url, {"q": "nobody-like-this"}).content.decode()


def test_contact_change_page_normalises_phone_and_reports_bad_one(admin_client, populated):
    contact = populated["contact"]
    url = reverse("admin:crm_contact_change", args=[contact.pk])
    form = {
        "first_name": "Lucía", "last_name": "Núñez", "email": "  LUCIA@Example.COM ",
        "phone": "6123-4567", "language": "es", "timezone": "America/Panama",
        "status": "active", "source": "manual", "interests": "[]",
        "consents-TOTAL_FORMS": "0", "consents-INITIAL_FORMS": "0",
        "orders-TOTAL_FORMS": "0", "orders-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    contact.refresh_from_db()
    assert contact.phone == "+50761234567"
    assert contact.email == "lucia@example.com"

    response = admin_client.post(url, {**form, "phone": "12"})
    assert response.status_code == 200
    assert "is not a phone number" in response.content.decode() or "not a valid phone" in response.content.decode()
    contact.refresh_from_db()
    assert contact.phone == "+50761234567"


def test_secret_is_masked_and_kept_when_the_form_leaves_it_blank(admin_client, populated):
    subscription = WebhookSubscription.objects.get(name="n8n")
    url = reverse("admin:crm_webhooksubscription_change", args=[subscription.pk])
    page = admin_client.get(url).content.decode()
    assert "s3cret-value-123" not in page
    assert "-123" in page  # the mask shows the last characters only

    response = admin_client.post(url, {"name": "n8n", "url": "https://n8n.example.com/hook",
                                       "events": "[]", "secret": "", "active": "on"})
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.secret == "s3cret-value-123"

    admin_client.post(url, {"name": "n8n", "url": "https://n8n.example.com/hook", "events": "[]",
                            "secret": "", "secret__clear": "on", "active": "on"})
    subscription.refresh_from_db()
    assert subscription.secret == ""
