from celery import shared_task

from crm.access.services import api_keys


@shared_task
def api_keys_warn_expiring() -> int:
    return api_keys.api_keys_warn_expiring()
