"""System checks for settings that `check --deploy` must refuse in production."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from crm.fields import get_fernet


@register(Tags.security)
def encryption_keys_configured(app_configs, **kwargs):
    problems = []
    try:
        get_fernet()
    except Exception as exc:  # ImproperlyConfigured with the explanation
        problems.append(Error(str(exc), id="crm.E001"))
    return problems


@register(Tags.security, deploy=True)
def encryption_keys_explicit_in_production(app_configs, **kwargs):
    if settings.FIELD_ENCRYPTION_KEYS_FROM_ENV:
        return []
    return [
        Warning(
            "FIELD_ENCRYPTION_KEYS is not set: secrets are encrypted with a key derived from "
            "SECRET_KEY, so rotating SECRET_KEY would make them unreadable.",
            hint="Set FIELD_ENCRYPTION_KEYS to one or more Fernet keys (see .env.example).",
            id="crm.W001",
        )
    ]


@register(Tags.security, deploy=True)
def embedded_services_not_used_in_production(app_configs, **kwargs):
    warnings = []
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        warnings.append(
            Warning(
                "The embedded SQLite database is in use.",
                hint="Set DATABASE_URL=postgres://… for production.",
                id="crm.W002",
            )
        )
    if settings.CELERY_EMBEDDED_BROKER:
        warnings.append(
            Warning(
                "Celery uses the embedded filesystem broker.",
                hint="Set CELERY_BROKER_URL=redis://… (or amqp://…) for production.",
                id="crm.W003",
            )
        )
    if not settings.REDIS_URL:
        warnings.append(
            Warning(
                "The cache is per-process local memory.",
                hint="Set REDIS_URL=redis://… so every process shares one cache.",
                id="crm.W004",
            )
        )
    return warnings
