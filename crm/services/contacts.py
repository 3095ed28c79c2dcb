"""Writes on contacts: every create/update path (admin, API, import, channels) uses these."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crm.models import Contact, ContactConsent, Tag
from crm.services.cleaning import email_normalize, phone_to_e164
from crm.services.events import event_publish

EDITABLE_FIELDS = {
    "first_name", "last_name", "email", "phone", "company", "job_title", "industry", "city",
    "country", "language", "timezone", "status", "source", "segment", "owner", "notes",
    "purchasing_power", "interests",
}


def contact_normalize_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """Normalise e-mail and phone; raise ValidationError keyed by field on bad values."""
    cleaned = dict(fields)
    if "email" in cleaned:
        cleaned["email"] = email_normalize(cleaned["email"])
    if "phone" in cleaned:
        try:
            cleaned["phone"] = phone_to_e164(cleaned["phone"])
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
    if "country" in cleaned and cleaned["country"]:
        cleaned["country"] = cleaned["country"].strip().upper()
    return cleaned


def _tags_from_names(names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in {n.strip().lower() for n in names if n and n.strip()}:
        tag, _ = Tag.objects.get_or_create(name=name)
        tags.append(tag)
    return tags


@transaction.atomic
def contact_create(*, tags: Iterable[str] = (), **fields: Any) -> Contact:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown contact fields: {', '.join(sorted(unknown))}")
    contact = Contact(**contact_normalize_fields(fields))
    contact.full_clean()
    contact.save()
    if tags:
        contact.tags.set(_tags_from_names(tags))
    event_publish("contact.created", {"contact_id": contact.pk, "email": contact.email,
                                      "phone": contact.phone, "name": contact.full_name})
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, tags: Iterable[str] | None = None, **fields: Any) -> Contact:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown contact fields: {', '.join(sorted(unknown))}")
    for name, value in contact_normalize_fields(fields).items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    if tags is not None:
        contact.tags.set(_tags_from_names(tags))
    event_publish("contact.updated", {"contact_id": contact.pk, "fields": sorted(fields)})
    return contact


def contact_set_consent(
    *, contact: Contact, channel: str, status: str, source: str = "", at=None
) -> ContactConsent:
    """Record the latest consent statement of ``contact`` for ``channel``."""
    consent, _ = ContactConsent.objects.update_or_create(
        contact=contact,
        channel=channel,
        defaults={"status": status, "source": source, "recorded_at": at or timezone.now()},
    )
    event_publish("contact.consent_changed", {"contact_id": contact.pk, "channel": channel,
                                              "status": status})
    return consent
