"""Celery tasks of the AI gateway: thin, on the ``ai`` queue (settings route ``*.tasks.ai_*``)."""

from __future__ import annotations

from celery import shared_task
from django.contrib.auth import get_user_model

from crm.ai import services
from crm.ai.models import LocalModel
from crm.errors import TransientError


@shared_task(autoretry_for=(TransientError,), retry_backoff=30, max_retries=3)
def ai_local_model_train(user_id: int | None = None, include_reviewed: bool = True) -> str:
    """Retrain the offline classifiers. Running it twice stores one version: same examples,
    same model, same version string."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    row = services.local_model_train(include_reviewed=include_reviewed, origin=LocalModel.Origin.ADMIN,
                                     user=user)
    return row.version


@shared_task
def ai_providers_check() -> dict[str, int]:
    return services.providers_test_enabled()


@shared_task
def ai_call_logs_purge() -> int:
    return services.call_logs_purge()
