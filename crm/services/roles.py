"""Staff roles as Django groups: Marketer, Agent, Manager, Admin.

The groups are created by a migration; their permissions are granted here after every
migrate, so models added by later migrations reach the right roles. Granting only adds:
a permission that staff add to a group in admin stays, and nothing is taken away.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission

OUR_APPS = ("crm", "ai", "leads", "conversations", "campaigns", "emailsystem", "content", "analytics")
ALL_ACTIONS = ("view", "add", "change", "delete")


@dataclass(frozen=True)
class Grant:
    app_label: str
    model: str  # "*" = every model of the app
    actions: tuple[str, ...]


ROLE_GRANTS: dict[str, list[Grant]] = {
    "Admin": [Grant("*", "*", ALL_ACTIONS)],
    "Manager": [
        *[Grant(app, "*", ("view",)) for app in OUR_APPS],
        Grant("crm", "agent", ALL_ACTIONS),
        Grant("crm", "team", ALL_ACTIONS),
        Grant("leads", "*", ("view", "add", "change")),
        Grant("conversations", "*", ("view", "add", "change")),
        Grant("analytics", "*", ("view", "add", "change")),
        Grant("django_celery_beat", "*", ("view",)),
    ],
    "Marketer": [
        Grant("crm", "contact", ("view", "add", "change")),
        Grant("crm", "contactconsent", ("view", "add", "change")),
        Grant("crm", "company", ("view", "add", "change")),
        Grant("crm", "tag", ALL_ACTIONS),
        Grant("crm", "product", ("view", "add", "change")),
        Grant("crm", "cart", ("view",)),
        Grant("crm", "order", ("view",)),
        Grant("crm", "invoice", ("view",)),
        Grant("leads", "*", ("view", "add", "change")),
        Grant("campaigns", "*", ALL_ACTIONS),
        Grant("content", "*", ALL_ACTIONS),
        Grant("emailsystem", "*", ("view",)),
        Grant("emailsystem", "emailtemplate", ("view", "add", "change")),
        Grant("analytics", "*", ("view",)),
    ],
    "Agent": [
        Grant("crm", "contact", ("view", "change")),
        Grant("crm", "contactconsent", ("view", "add", "change")),
        Grant("crm", "company", ("view",)),
        Grant("crm", "product", ("view",)),
        Grant("crm", "cart", ("view",)),
        Grant("crm", "order", ("view",)),
        Grant("crm", "invoice", ("view",)),
        Grant("leads", "*", ("view", "add", "change")),
        Grant("conversations", "*", ("view", "add", "change")),
    ],
}
ROLE_NAMES = tuple(ROLE_GRANTS)


def _permissions_for(grant: Grant):
    permissions = Permission.objects.select_related("content_type")
    if grant.app_label != "*":
        permissions = permissions.filter(content_type__app_label=grant.app_label)
    if grant.model != "*":
        permissions = permissions.filter(content_type__model=grant.model)
    return [
        permission
        for permission in permissions
        if permission.codename.split("_", 1)[0] in grant.actions
    ]


def roles_sync() -> dict[str, int]:
    """Create the role groups if missing and add the permissions each role should hold."""
    added: dict[str, int] = {}
    for role, grants in ROLE_GRANTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = {permission.pk for grant in grants for permission in _permissions_for(grant)}
        existing = set(group.permissions.values_list("pk", flat=True))
        missing = wanted - existing
        if missing:
            group.permissions.add(*missing)
        added[role] = len(missing)
    return added


def roles_sync_after_migrate(sender, **kwargs) -> None:
    if sender.label in OUR_APPS or sender.label in ("auth", "django_celery_beat"):
        roles_sync()
