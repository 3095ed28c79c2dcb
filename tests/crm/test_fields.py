from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.db import connection

from crm.fields import decrypt_value, encrypt_value, mask_secret, needs_reencryption
from crm.models import WebhookSubscription

pytestmark = pytest.mark.django_db

SECRET = "whsec_live_9f8e7d6c5b4a"


def _raw_secret(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret FROM {WebhookSubscription._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_encrypted_values_are_not_stored_in_clear():
    subscription = WebhookSubscription.objects.create(name="n8n", url="https://h.example.com", secret=SECRET)
    raw = _raw_secret(subscription.pk)
    assert SECRET not in raw
    assert raw.startswith("enc1:")
    assert WebhookSubscription.objects.get(pk=subscription.pk).secret == SECRET


def test_history_and_serialisation_show_only_a_mask():
    subscription = WebhookSubscription.objects.create(name="n8n", url="https://h.example.com", secret=SECRET)
    field = WebhookSubscription._meta.get_field("secret")
    assert field.value_to_string(subscription) == mask_secret(SECRET)
    assert SECRET not in field.value_to_string(subscription)


def test_rotation_new_key_first_old_key_still_decrypts(settings):
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    subscription = WebhookSubscription.objects.create(name="n8n", url="https://h.example.com", secret=SECRET)
    stored_with_old = _raw_secret(subscription.pk)

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    assert WebhookSubscription.objects.get(pk=subscription.pk).secret == SECRET
    assert needs_reencryption(stored_with_old)
    assert not needs_reencryption(encrypt_value(SECRET))

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    with pytest.raises(ValueError, match="none of FIELD_ENCRYPTION_KEYS"):
        decrypt_value(stored_with_old)


def test_mask_hides_short_secrets_entirely():
    assert mask_secret("short") == "••••••••"
    assert mask_secret("a-long-enough-secret") == "••••••••cret"
    assert mask_secret("") == ""
