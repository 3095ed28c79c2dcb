"""Records what automations and people decided, on which record, and why."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from crm.models import AuditEvent


def audit_record(
    *,
    action: str,
    target: models.Model | None = None,
    actor_type: str = AuditEvent.ActorType.SYSTEM,
    actor=None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        action=action,
        actor_type=actor_type,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        reason=reason,
        data=data or {},
    )
