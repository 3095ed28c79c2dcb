"""Encrypted model field for secrets (API keys, tokens, passwords, webhook secrets).

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under ``MultiFernet`` built
from ``settings.FIELD_ENCRYPTION_KEYS``: the first key encrypts, every key decrypts, so a
new key can be put first and ``manage.py rotate_encryption_keys`` re-encrypts the rows
before the old key is removed.

In forms the value is never echoed back: the widget shows a mask of the last characters,
an empty submission keeps the stored secret and a "clear" box removes it.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.html import format_html

ENCRYPTED_PREFIX = "enc1:"


@lru_cache(maxsize=8)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold url-safe base64 32-byte Fernet keys "
            "(generate one with `python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`)."
        ) from exc


def get_fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_value(plaintext: str) -> str:
    return ENCRYPTED_PREFIX + get_fernet().encrypt(plaintext.encode()).decode()


def decrypt_value(stored: str) -> str:
    if not stored.startswith(ENCRYPTED_PREFIX):
        raise ValueError("value is not in the encrypted format")
    try:
        return get_fernet().decrypt(stored[len(ENCRYPTED_PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError(
            "cannot decrypt a stored secret: none of FIELD_ENCRYPTION_KEYS matches"
        ) from exc


def needs_reencryption(stored: str) -> bool:
    """True when ``stored`` was not encrypted with the current first key."""
    if not stored:
        return False
    token = stored[len(ENCRYPTED_PREFIX) :].encode()
    first = Fernet(settings.FIELD_ENCRYPTION_KEYS[0].strip().encode())
    try:
        first.decrypt(token)
    except InvalidToken:
        return True
    return False


def mask_secret(value: str | None) -> str:
    if not value:
        return ""
    visible = value[-4:] if len(value) >= 12 else ""
    return "•" * 8 + visible


class MaskedSecretWidget(forms.Widget):
    """Shows a mask of the stored secret, a password box for a new one and a clear box."""

    def clear_checkbox_name(self, name: str) -> str:
        return f"{name}__clear"

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs or {})
        input_id = attrs.get("id", f"id_{name}")
        masked = mask_secret(value) if value else ""
        placeholder = "stored — leave blank to keep" if masked else "not set"
        parts = [
            format_html(
                '<input type="password" name="{}" id="{}" value="" autocomplete="new-password" '
                'placeholder="{}" class="vTextField">',
                name,
                input_id,
                placeholder,
            )
        ]
        if masked:
            parts.append(
                format_html(
                    ' <span class="secret-mask">{}</span> '
                    '<label><input type="checkbox" name="{}"> clear</label>',
                    masked,
                    self.clear_checkbox_name(name),
                )
            )
        return format_html("".join(["{}"] * len(parts)), *parts)

    def value_from_datadict(self, data, files, name):
        if data.get(self.clear_checkbox_name(name)):
            return KEEP_CLEAR
        return data.get(name, "")

    def value_omitted_from_data(self, data, files, name):
        return name not in data and self.clear_checkbox_name(name) not in data


class _ClearSentinel(str):
    """Marks an explicit request to remove the stored secret."""


KEEP_CLEAR = _ClearSentinel("")


class SecretFormField(forms.CharField):
    widget = MaskedSecretWidget

    def __init__(self, *args, **kwargs):
        kwargs["required"] = False
        kwargs.pop("max_length", None)
        super().__init__(*args, strip=False, **kwargs)

    def to_python(self, value):
        if value is KEEP_CLEAR:
            return KEEP_CLEAR
        return super().to_python(value)

    def has_changed(self, initial, data):
        return data is KEEP_CLEAR or bool(data)


class EncryptedTextField(models.TextField):
    """A TextField whose value is encrypted at rest; Python code sees the plain text."""

    description = "Encrypted text"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt_value(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_value(value)

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        change = self._credential_change(model_instance, add, value)
        if change:
            # Every change of a stored credential is part of the security audit trail
            # (who, when, which record — never the value).
            from crm.access.services.security import credential_change_record

            credential_change_record(instance=model_instance, field_name=self.name, change=change)
        return value

    def _credential_change(self, instance, add: bool, value) -> str | None:
        if hasattr(type(instance), "instance_type"):
            return None  # a django-simple-history snapshot, not a change of the credential
        if add or instance.pk is None:
            return "set" if value else None
        previous = (type(instance)._base_manager.filter(pk=instance.pk)
                    .values_list(self.attname, flat=True).first())
        if (previous or "") == (value or ""):
            return None
        if not value:
            return "cleared"
        return "changed" if previous else "set"

    def save_form_data(self, instance, data):
        # A blank submission keeps the stored secret: it is never sent to the browser.
        if data is KEEP_CLEAR:
            setattr(instance, self.attname, "")
        elif data:
            setattr(instance, self.attname, data)

    def formfield(self, **kwargs):
        # Replaces any textarea the admin's TextField overrides would put here.
        kwargs["form_class"] = SecretFormField
        kwargs["widget"] = MaskedSecretWidget
        return super().formfield(**kwargs)

    def value_to_string(self, obj):
        # Serialisation (dumpdata, history diffs) shows the mask, never the secret.
        return mask_secret(self.value_from_object(obj))
