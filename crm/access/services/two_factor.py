"""Optional TOTP two-factor authentication for staff, enforced for chosen groups."""

from __future__ import annotations

import io

from django.conf import settings
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from crm.access.services.security import security_event_record


def user_requires_two_factor(user) -> bool:
    """Users with a confirmed device always verify; enforcement adds the configured groups."""
    if not (user.is_authenticated and user.is_staff):
        return False
    if user_has_device(user, confirmed=True):
        return True
    if not settings.STAFF_2FA_ENFORCED:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.STAFF_2FA_GROUPS).exists()


def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed device the user is enrolling (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)


def totp_qr_svg(device: TOTPDevice) -> str:
    buffer = io.BytesIO()
    write_qrcode_image(device.config_url, buffer)
    return buffer.getvalue().decode()


def totp_enrol_confirm(*, request, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    security_event_record(action="two_factor.enrolled", target=request.user, request=request,
                          reason=f"{request.user} set up an authenticator app")
    return True


def totp_verify(*, request, token: str) -> bool:
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
        if device.verify_token(token.strip()):
            otp_login(request, device)
            return True
    security_event_record(action="two_factor.failed", target=request.user, request=request,
                          reason=f"wrong two-factor code for {request.user}")
    return False
