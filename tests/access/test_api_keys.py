from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from crm.access.models import ApiKey, SecurityEvent
from crm.access.services import api_keys
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_user):
    return make_user("Admin")


def _client(raw: str, scheme: str = "Api-Key", ip: str = "127.0.0.1") -> APIClient:
    client = APIClient(REMOTE_ADDR=ip)
    client.credentials(HTTP_AUTHORIZATION=f"{scheme} {raw}")
    return client


def test_key_with_the_scope_reads_and_without_it_gets_403(owner):
    issued = api_keys.api_key_create(name="shop", owner=owner, scopes=["contacts:read"])
    factories.ContactFactory()
    client = _client(issued.raw)
    assert client.get("/api/v1/contacts/").status_code == 200
    refused = client.post("/api/v1/contacts/", {"first_name": "Ana"})
    assert refused.status_code == 403
    assert "contacts:write" in refused.json()["message"]
    other_area = client.get("/api/v1/products/")  # products belong to the contacts area (core records)
    assert other_area.status_code == 200


def test_write_scope_allows_writes_and_bearer_works(owner):
    issued = api_keys.api_key_create(name="n8n", owner=owner, scopes=["contacts:write"])
    response = _client(issued.raw, scheme="Bearer").post("/api/v1/contacts/", {"first_name": "Ana"})
    assert response.status_code == 201


def test_the_owner_role_still_limits_the_key(make_user):
    agent = make_user("Agent")
    issued = api_keys.api_key_create(name="agent tool", owner=agent, scopes=["contacts:write"])
    contact = factories.ContactFactory()
    assert _client(issued.raw).delete(f"/api/v1/contacts/{contact.pk}/").status_code == 403


@pytest.mark.parametrize("breakage", ["revoked", "expired", "unknown", "malformed"])
def test_revoked_expired_and_wrong_keys_get_401(owner, breakage):
    issued = api_keys.api_key_create(name="shop", owner=owner, scopes=["contacts:read"])
    raw = issued.raw
    if breakage == "revoked":
        api_keys.api_key_revoke(key=issued.key)
    elif breakage == "expired":
        ApiKey.objects.filter(pk=issued.key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif breakage == "unknown":
        raw = raw[:-4] + "AAAA"
    else:
        raw = "not-a-key"
    response = _client(raw).get("/api/v1/contacts/")
    assert response.status_code == 401
    assert response.json()["message"]


def test_rotation_overlap_both_work_then_only_the_new(owner):
    issued = api_keys.api_key_create(name="shop", owner=owner, scopes=["contacts:read"])
    rotated = api_keys.api_key_rotate(key=issued.key, overlap=timedelta(hours=24))
    assert _client(issued.raw).get("/api/v1/contacts/").status_code == 200
    assert _client(rotated.raw).get("/api/v1/contacts/").status_code == 200
    issued.key.refresh_from_db()
    assert issued.key.replaced_by == rotated.key
    assert timezone.now() + timedelta(hours=23) < issued.key.expires_at <= timezone.now() + timedelta(hours=24)

    # The overlap window ends.
    ApiKey.objects.filter(pk=issued.key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    old = _client(issued.raw).get("/api/v1/contacts/")
    assert old.status_code == 401 and "replacement" in old.json()["message"]
    assert _client(rotated.raw).get("/api/v1/contacts/").status_code == 200


def test_ip_allowlist(owner):
    issued = api_keys.api_key_create(name="shop", owner=owner, scopes=["contacts:read"],
                                     allowed_ips=["203.0.113.0/24"])
    assert _client(issued.raw, ip="203.0.113.9").get("/api/v1/contacts/").status_code == 200
    refused = _client(issued.raw, ip="198.51.100.1").get("/api/v1/contacts/")
    assert refused.status_code == 403 and "198.51.100.1" in refused.json()["message"]
    issued.key.refresh_from_db()
    assert issued.key.last_used_ip == "203.0.113.9" and issued.key.last_used_at


def test_raw_key_is_stored_nowhere_and_never_logged(owner, caplog):
    caplog.set_level(logging.DEBUG)
    issued = api_keys.api_key_create(name="shop", owner=owner, scopes=["contacts:read"])
    _client(issued.raw).get("/api/v1/contacts/")
    _client(issued.raw + "x").get("/api/v1/contacts/")
    secret_part = issued.raw.split("_", 2)[2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM access_apikey")
        rows = repr(cursor.fetchall())
        cursor.execute("SELECT reason, data FROM crm_auditevent")
        audit = repr(cursor.fetchall())
    assert secret_part not in rows and secret_part not in audit
    assert secret_part not in caplog.text
    assert SecurityEvent.objects.filter(action="security.api_key.created").count() == 1


def test_bad_scopes_and_addresses_are_refused_clearly(owner):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        api_keys.api_key_create(name="x", owner=owner, scopes=["contacts:admin"], allowed_ips=["nope"])
    assert "contacts:admin" in str(error.value) and "nope" in str(error.value)


def test_expiring_keys_warn_once_seven_days_ahead(owner, settings):
    settings.SECURITY_ALERT_EMAILS = ["security@example.com"]
    soon = api_keys.api_key_create(name="soon", owner=owner, scopes=["contacts:read"],
                                   expires_at=timezone.now() + timedelta(days=6))
    api_keys.api_key_create(name="later", owner=owner, scopes=["contacts:read"],
                            expires_at=timezone.now() + timedelta(days=30))
    assert api_keys.api_keys_warn_expiring() == 1
    assert api_keys.api_keys_warn_expiring() == 0  # a second (or late) run warns nobody again
    assert len(mail.outbox) == 1 and "soon" in mail.outbox[0].subject
    assert soon.raw not in mail.outbox[0].body
    assert SecurityEvent.objects.filter(action="security.api_key.expiring").count() == 1


def test_admin_shows_a_new_key_once_and_then_only_a_mask(admin_client, admin_user):
    response = admin_client.post("/admin/access/apikey/add/", {
        "name": "zapier", "owner": admin_user.pk, "scopes": ["leads:read", "contacts:write"],
        "allowed_ips": "", "expires_at_0": "", "expires_at_1": "",
    })
    assert response.status_code == 200
    page = response.content.decode()
    key = ApiKey.objects.get(name="zapier")
    assert f"crm_{key.prefix}_" in page and "shown only once" in page
    raw = page.split('id="issued-api-key"')[1].split(">")[1].split("<")[0]
    assert _client(raw).get("/api/v1/contacts/").status_code == 200
    change_page = admin_client.get(f"/admin/access/apikey/{key.pk}/change/").content.decode()
    assert raw not in change_page and key.masked in change_page

    rotated = admin_client.post(f"/admin/access/apikey/{key.pk}/rotate/")
    assert rotated.status_code == 200 and "shown only once" in rotated.content.decode()
    assert ApiKey.objects.filter(name="zapier").count() == 2
