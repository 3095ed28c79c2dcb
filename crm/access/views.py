from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from crm.access.integrations import State, integration_statuses
from crm.access.services import two_factor

OVERVIEW_ROLES = ("Admin", "Manager", "Marketer")


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return "/admin/"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_page(request):
    """Verify with the authenticator app, or enrol one when the user has none yet."""
    from django_otp import user_has_device

    enrolling = not user_has_device(request.user, confirmed=True)
    device = two_factor.totp_device_pending(user=request.user) if enrolling else None
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "")
        ok = (two_factor.totp_enrol_confirm(request=request, device=device, token=token) if enrolling
              else two_factor.totp_verify(request=request, token=token))
        if ok:
            if enrolling:
                messages.success(request, "Two-factor authentication is on for your account.")
            return redirect(_safe_next(request))
        error = "That code is not valid. Check the time on your phone and try the current code."
    return render(request, "access/two_factor.html", {
        "enrolling": enrolling, "qr_svg": two_factor.totp_qr_svg(device) if device else "",
        "secret": device.bin_key.hex() if device else "", "config_url": device.config_url if device else "",
        "next": _safe_next(request), "error": error,
    })


def _may_see_overview(user) -> bool:
    return user.is_active and user.is_staff and (
        user.is_superuser or user.groups.filter(name__in=OVERVIEW_ROLES).exists())


@login_required
@user_passes_test(_may_see_overview)
def configuration_overview(request):
    technical = request.GET.get("mode") == "technical"
    statuses = integration_statuses()
    counts = {state: sum(1 for s in statuses if s.state == state)
              for state in (State.ATTENTION, State.WORKING, State.UNKNOWN, State.OFF)}
    return render(request, "access/overview.html", {
        "statuses": statuses, "technical": technical, "counts": counts,
        "attention": [s for s in statuses if s.state == State.ATTENTION],
    })
