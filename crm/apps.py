from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "crm"
    verbose_name = "CRM core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from crm import checks  # noqa: F401  registers the system checks
        from crm.services.roles import roles_sync_after_migrate

        # Library boundary: Django creates permissions after migrate; the role groups are
        # refreshed right after so permissions of newly added models reach the groups.
        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="crm.roles_sync")
