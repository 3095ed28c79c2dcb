"""API keys for integrations: create (shown once), authenticate, scope checks, rotate, revoke."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from crm.access.models import ApiKey, ApiScope
from crm.access.services.security import security_event_record

KEY_PREFIX = "crm"


class ApiKeyRejected(Exception):
    """The presented key cannot be used; ``status`` is 401 (not valid) or 403 (not allowed)."""

    def __init__(self, message: str, status: int = 401):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    raw: str  # shown once, never stored


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _validate(scopes: list[str], allowed_ips: list[str]) -> tuple[list[str], list[str]]:
    known = {value for value, _ in ApiScope.CHOICES}
    unknown = sorted(set(scopes) - known)
    errors = {}
    if not scopes:
        errors["scopes"] = ["Give the key at least one scope, e.g. contacts:read."]
    elif unknown:
        errors["scopes"] = [f"Unknown scopes: {', '.join(unknown)}. Use <area>:read or <area>:write "
                            f"with area one of {', '.join(ApiScope.AREAS)}."]
    networks = []
    for value in allowed_ips:
        try:
            networks.append(str(ipaddress.ip_network(value.strip(), strict=False)))
        except ValueError:
            errors.setdefault("allowed_ips", []).append(f"“{value}” is not an IP address or network.")
    if errors:
        raise ValidationError(errors)
    return sorted(set(scopes)), networks


@transaction.atomic
def api_key_create(
    *, name: str, owner, scopes: list[str], expires_at: datetime | None = None,
    allowed_ips: list[str] | None = None, created_by=None,
) -> IssuedKey:
    scopes, networks = _validate(list(scopes), list(allowed_ips or []))
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": ["The expiry must be in the future."]})
    prefix = secrets.token_hex(4)
    while ApiKey.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        name=name, owner=owner, prefix=prefix, key_hash=_hash(raw), scopes=scopes,
        allowed_ips=networks, expires_at=expires_at, created_by=created_by,
    )
    security_event_record(action="api_key.created", target=key, actor=created_by,
                          reason=f"API key “{name}” created for {owner}",
                          data={"scopes": scopes, "expires_at": expires_at.isoformat() if expires_at else None})
    return IssuedKey(key=key, raw=raw)


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor=None) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        security_event_record(action="api_key.revoked", target=key, actor=actor,
                              reason=f"API key “{key.name}” revoked")
    return key


@transaction.atomic
def api_key_rotate(*, key: ApiKey, actor=None, overlap: timedelta | None = None) -> IssuedKey:
    """Issue a replacement; the old key keeps working until the overlap window ends."""
    if not key.is_usable():
        raise ValidationError("Only a key that still works can be rotated; create a new one instead.")
    overlap = overlap if overlap is not None else timedelta(hours=settings.API_KEY_ROTATION_OVERLAP_HOURS)
    issued = api_key_create(name=key.name, owner=key.owner, scopes=key.scopes, expires_at=key.expires_at,
                            allowed_ips=key.allowed_ips, created_by=actor)
    window_end = timezone.now() + overlap
    key.expires_at = min(key.expires_at, window_end) if key.expires_at else window_end
    key.replaced_by = issued.key
    key.save(update_fields=["expires_at", "replaced_by"])
    security_event_record(action="api_key.rotated", target=key, actor=actor,
                          reason=f"API key “{key.name}” rotated; the old key works until {key.expires_at:%Y-%m-%d %H:%M %Z}",
                          data={"new_prefix": issued.key.prefix, "old_valid_until": key.expires_at.isoformat()})
    return issued


def api_key_authenticate(*, raw: str, ip: str | None) -> ApiKey:
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        raise ApiKeyRejected("Malformed API key.")
    key = ApiKey.objects.select_related("owner").filter(prefix=parts[1]).first()
    if key is None or not hmac.compare_digest(key.key_hash, _hash(raw.strip())):
        raise ApiKeyRejected("Invalid API key.")
    now = timezone.now()
    if key.revoked_at is not None:
        raise ApiKeyRejected("This API key was revoked.")
    if key.expires_at is not None and key.expires_at <= now:
        raise ApiKeyRejected("This API key has expired." + (" It was rotated; use its replacement."
                                                            if key.replaced_by_id else ""))
    if not key.owner.is_active:
        raise ApiKeyRejected("The owner of this API key is inactive.")
    if key.allowed_ips and not _ip_allowed(ip, key.allowed_ips):
        raise ApiKeyRejected(f"Requests from {ip} are not allowed for this API key.", status=403)
    # Record use at most once a minute: a write per request would serialise busy integrations.
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=1) or key.last_used_ip != ip:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now, last_used_ip=ip)
    return key


def _ip_allowed(ip: str | None, networks: list[str]) -> bool:
    if not ip:
        return False
    address = ipaddress.ip_address(ip)
    return any(address in ipaddress.ip_network(network) for network in networks)


def api_key_allows(*, key: ApiKey, area: str, write: bool) -> bool:
    scopes = set(key.scopes)
    return f"{area}:write" in scopes or (not write and f"{area}:read" in scopes)


def api_keys_warn_expiring(*, now: datetime | None = None) -> int:
    """Warn once, 7 days ahead, about every working key that is about to expire."""
    now = now or timezone.now()
    due = ApiKey.objects.select_related("owner").filter(
        revoked_at__isnull=True, replaced_by__isnull=True, expiry_warned_at__isnull=True,
        expires_at__gt=now, expires_at__lte=now + timedelta(days=settings.API_KEY_EXPIRY_WARNING_DAYS),
    )
    warned = 0
    for key in due:
        with transaction.atomic():
            claimed = ApiKey.objects.filter(pk=key.pk, expiry_warned_at__isnull=True).update(expiry_warned_at=now)
            if not claimed:
                continue  # another run warned already
            security_event_record(action="api_key.expiring", target=key, actor=None,
                                  reason=f"API key “{key.name}” expires {key.expires_at:%Y-%m-%d %H:%M %Z}")
        recipients = [address for address in [key.owner.email, *settings.SECURITY_ALERT_EMAILS] if address]
        if recipients:
            send_mail(
                subject=f"[CRM] API key “{key.name}” expires on {key.expires_at:%Y-%m-%d}",
                message=(f"The API key {key.masked} ({key.name}) of {key.owner} expires at "
                         f"{key.expires_at:%Y-%m-%d %H:%M %Z}. Rotate it in the admin "
                         f"({settings.SITE_URL}/admin/access/apikey/{key.pk}/change/) before then."),
                from_email=None, recipient_list=recipients, fail_silently=True,
            )
        warned += 1
    return warned


@transaction.atomic
def api_key_update(*, key: ApiKey, actor=None, **changes) -> ApiKey:
    """Change name, scopes, allowed addresses or expiry of a key (audited)."""
    allowed = {"name", "scopes", "allowed_ips", "expires_at"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError(f"These API key fields cannot change: {', '.join(sorted(unknown))}")
    if "scopes" in changes or "allowed_ips" in changes:
        changes["scopes"], changes["allowed_ips"] = _validate(
            list(changes.get("scopes", key.scopes)), list(changes.get("allowed_ips", key.allowed_ips)))
    changed = {name: value for name, value in changes.items() if getattr(key, name) != value}
    for name, value in changed.items():
        setattr(key, name, value)
    if changed:
        key.save(update_fields=list(changed))
        security_event_record(action="api_key.updated", target=key, actor=actor,
                              reason=f"API key “{key.name}” changed: {', '.join(sorted(changed))}",
                              data={"fields": sorted(changed), "scopes": key.scopes})
    return key


def service_account_create(*, name: str, role: str):
    """A user that cannot log in, for keys that belong to an integration rather than a person."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    username = f"svc-{name}".lower().replace(" ", "-")[:150]
    if User.objects.filter(username=username).exists():
        raise ValidationError({"name": [f"A service account “{username}” already exists."]})
    group = Group.objects.filter(name=role).first()
    if group is None:
        raise ValidationError({"role": [f"Unknown role “{role}”."]})
    user = User(username=username, first_name=name, is_staff=False)
    user.set_unusable_password()
    user.save()
    user.groups.add(group)
    security_event_record(action="service_account.created", target=user,
                          reason=f"service account {username} with role {role}")
    return user
