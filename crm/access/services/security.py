"""The security audit trail: who did what to which record, from where — never a secret.

Entries are crm.AuditEvent rows whose action starts with ``security.``, shown read-only in
admin under *Security events*.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from crm.middleware import current_request, current_user
from crm.models import AuditEvent
from crm.services.audit import audit_record


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR")


def security_event_record(
    *, action: str, target: models.Model | None = None, actor=None, reason: str = "",
    data: dict[str, Any] | None = None, request=None,
) -> AuditEvent:
    request = request or current_request()
    actor = actor if actor is not None else current_user()
    details = {**(data or {})}
    ip = client_ip(request)
    if ip:
        details.setdefault("ip", ip)
    return audit_record(
        action=f"security.{action}",
        target=target,
        actor=actor,
        actor_type=AuditEvent.ActorType.USER if actor is not None else AuditEvent.ActorType.SYSTEM,
        reason=reason,
        data=details,
    )


def credential_change_record(*, instance: models.Model, field_name: str, change: str) -> None:
    """A secret field was set, changed or cleared. The value itself is never recorded."""
    security_event_record(
        action=f"credential.{change}",
        target=instance,
        reason=f"{instance._meta.verbose_name} “{instance}”: {field_name} {change}",
        data={"model": instance._meta.label, "field": field_name},
    )


def security_record_failed_login(sender, credentials: dict, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    security_event_record(action="login.failed", actor=None, request=request,
                          reason=f"failed login for “{username}”", data={"username": username})


def security_record_lockout(sender, request=None, username: str = "", ip_address: str = "", **kwargs) -> None:
    security_event_record(action="login.locked_out", actor=None, request=request,
                          reason=f"“{username}” locked out after repeated failed logins",
                          data={"username": username, "ip": ip_address})


def security_record_role_change(sender, instance, action: str, reverse: bool, model, pk_set, **kwargs) -> None:
    """Group membership changed (either side of the relation may be the one edited)."""
    if action not in ("post_add", "post_remove", "post_clear") or (action != "post_clear" and not pk_set):
        return
    verb = {"post_add": "added to", "post_remove": "removed from", "post_clear": "removed from all"}[action]
    if reverse:  # group.user_set.add(user…): instance is the group
        users = list(model.objects.filter(pk__in=pk_set or []))
        groups = [instance]
    else:  # user.groups.add(group…): instance is the user
        users = [instance]
        groups = list(model.objects.filter(pk__in=pk_set or []))
    group_names = ", ".join(sorted(g.name for g in groups)) or "every group"
    for user in users:
        security_event_record(action="role.changed", target=user,
                              reason=f"{user} {verb} {group_names}",
                              data={"change": action.removeprefix("post_"), "groups": group_names})
