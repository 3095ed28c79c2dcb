from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from crm.access.services.two_factor import user_requires_two_factor

EXEMPT_PREFIXES = ("/account/two-factor/", "/admin/login/", "/admin/logout/", "/static/", "/media/",
                   "/health", "/metrics")


class StaffTwoFactorMiddleware:
    """Staff who must use two-factor reach no page until they verified (or enrolled).

    Runs after django-otp's OTPMiddleware, which sets ``request.user.is_verified()``.
    Token- and key-authenticated API calls carry no session user here and are not affected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated and not request.path.startswith(EXEMPT_PREFIXES)
                and not user.is_verified() and user_requires_two_factor(user)):
            return redirect(f"{reverse('access:two-factor')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
