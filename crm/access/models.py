from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from crm.models import AuditEvent


API_AREAS = ("contacts", "leads", "conversations", "campaigns", "email", "content", "analytics")


class ApiScope:
    """Scopes are ``<area>:<read|write>``; write implies read."""

    AREAS = API_AREAS
    CHOICES = [(f"{area}:{action}", f"{area} — {action}") for area in API_AREAS for action in ("read", "write")]


class ApiKey(models.Model):
    """A key for an integration. Only a SHA-256 hash of the secret part is stored.

    The full key looks like ``crm_<prefix>_<secret>``; the prefix identifies the row and is
    safe to show, the secret is shown once at creation. Keys are random 256-bit values, so
    a fast hash is enough (unlike passwords, they cannot be guessed from a dictionary).
    """

    name = models.CharField(max_length=100)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys",
        help_text="The user or service account the key acts as; its role limits the key too.",
    )
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(default=list, help_text='e.g. ["contacts:read", "email:write"]')
    allowed_ips = models.JSONField(
        default=list, blank=True, help_text='Addresses or networks, e.g. ["203.0.113.0/24"]; empty = any.'
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        editable=False,
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    replaced_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replaces", editable=False,
    )
    expiry_warned_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} (crm_{self.prefix}_…)"

    @property
    def masked(self) -> str:
        return f"crm_{self.prefix}_" + "•" * 8

    def is_usable(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > at)


class SecurityEvent(AuditEvent):
    """The security-relevant part of the audit trail (actions starting with ``security.``)."""

    class Meta:
        proxy = True
        ordering = ["-occurred_at"]
