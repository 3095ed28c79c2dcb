from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "crm.access"
    label = "access"
    verbose_name = "Access and security"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.models import Group
        from django.contrib.auth.signals import user_login_failed
        from django.db.models.signals import m2m_changed

        from crm.access import schema, services  # noqa: F401  schema registers the OpenAPI scheme

        # Library boundaries (auth, axes): each receiver is one call into a service.
        user_login_failed.connect(services.security_record_failed_login, dispatch_uid="access.login_failed")
        user_locked_out.connect(services.security_record_lockout, dispatch_uid="access.locked_out")
        m2m_changed.connect(services.security_record_role_change,
                            sender=Group.user_set.through, dispatch_uid="access.role_change")
