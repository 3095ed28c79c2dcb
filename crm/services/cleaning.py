"""Normalisation of contact data shared by every create and update path."""

from __future__ import annotations

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError


def phone_to_e164(raw: str, *, region: str | None = None) -> str:
    """Return ``raw`` in E.164 form, reading local numbers in ``region`` (default PA).

    Raises ``ValidationError`` with the reason when the number cannot be a real one.
    """
    text = (raw or "").strip()
    if not text:
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    region = (region or settings.DEFAULT_PHONE_REGION).upper()
    try:
        parsed = phonenumbers.parse(text, None if text.startswith("+") else region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(f"“{raw}” is not a phone number ({exc._msg}).", code="phone") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            f"“{raw}” is not a valid phone number for its country "
            f"(read as {phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)}).",
            code="phone",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def email_normalize(raw: str) -> str:
    return (raw or "").strip().lower()
