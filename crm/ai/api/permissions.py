from rest_framework import permissions

from crm.services.roles import ROLE_NAMES


class HasStaffRole(permissions.BasePermission):
    """The AI endpoints store nothing, so model permissions do not apply: any staff role
    (Marketer, Agent, Manager, Admin) may call them — integrations use a role's user token."""

    message = "Calling the AI endpoints needs a user in one of the roles: " + ", ".join(ROLE_NAMES) + "."

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        cached = getattr(user, "_ai_has_role", None)
        if cached is None:
            cached = user.groups.filter(name__in=ROLE_NAMES).exists()
            user._ai_has_role = cached
        return cached
