from rest_framework import permissions

from crm.services.roles import ROLE_NAMES

READ_ONLY_ROLES_FOR_OTHERS_RECORDS = ("Agent",)


class RoleModelPermissions(permissions.DjangoModelPermissions):
    """Model permissions from the user's role groups; reading needs the view permission."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


class OwnedRecordsForAgents(permissions.BasePermission):
    """Agents change only the records they own (or nobody owns yet); other roles any."""

    message = "Agents may change only contacts they own or that have no owner."

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS or request.user.is_superuser:
            return True
        roles = set(request.user.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
        if roles - set(READ_ONLY_ROLES_FOR_OTHERS_RECORDS):
            return True
        owner_id = getattr(obj, "owner_id", None)
        return owner_id in (None, request.user.pk)
