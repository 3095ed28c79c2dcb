from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from crm.models import WebhookSubscription

pytestmark = pytest.mark.django_db


def _raw(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM crm_webhooksubscription WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_rotation_command_reencrypts_and_values_still_decrypt(settings, capsys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    subscriptions = [WebhookSubscription.objects.create(name=f"s{i}", url="https://h.example.com",
                                                        secret=f"secret-{i}") for i in range(5)]
    WebhookSubscription.objects.create(name="no secret", url="https://h.example.com")
    before = {s.pk: _raw(s.pk) for s in subscriptions}

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_keys", "--batch-size", "2")
    output = capsys.readouterr().out
    assert "crm.WebhookSubscription.secret: 5 checked, 5 re-encrypted, 0 unreadable" in output
    assert "older keys can be removed" in output
    assert all(_raw(pk) != raw for pk, raw in before.items())

    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone
    assert sorted(WebhookSubscription.objects.exclude(secret="").values_list("secret", flat=True)) == [
        f"secret-{i}" for i in range(5)]

    call_command("rotate_encryption_keys")  # running again finds nothing to do
    assert "0 re-encrypted" in capsys.readouterr().out
