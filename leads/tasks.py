"""Thin tasks: primary keys in, one service call, safe to run twice.

``ai_*`` tasks go to the ``ai`` queue (route ``*.tasks.ai_*`` in settings).
"""

from __future__ import annotations

import structlog
from celery import shared_task
from django.core.exceptions import ValidationError

from crm.errors import TransientError
from leads.models import Lead, Opportunity
from leads.services import classification, prediction

logger = structlog.get_logger(__name__)


@shared_task(bind=True, autoretry_for=(TransientError,), retry_backoff=30, retry_backoff_max=900,
             max_retries=5)
def ai_lead_classify(self, lead_id: int, text: str, request_key: str | None = None,
                     metadata: dict | None = None) -> int | None:
    lead = Lead.objects.select_related("contact", "contact__company").filter(pk=lead_id).first()
    if lead is None:
        return None  # deleted meanwhile: nothing to classify
    try:
        return classification.lead_classify(lead=lead, text=text, metadata=metadata or {},
                                            request_key=request_key).pk
    except ValidationError as exc:
        logger.warning("lead_classification_refused", lead_id=lead_id, error="; ".join(exc.messages))
        return None


@shared_task
def leads_classify_missing() -> int:
    return classification.leads_request_missing_classifications()


@shared_task
def opportunity_rescore(opportunity_id: int) -> bool:
    opportunity = Opportunity.objects.filter(pk=opportunity_id, closed_at__isnull=True).first()
    if opportunity is None:
        return False  # closed or deleted since: its prediction no longer matters
    prediction.opportunity_score(opportunity=opportunity)
    return True


@shared_task
def opportunities_rescore_due() -> int:
    return prediction.opportunities_rescore_due()


@shared_task
def ai_close_model_train() -> dict:
    outcome = prediction.close_model_train(only_if_new_data=True)
    return {"trained": outcome.trained, "activated": outcome.activated, "reason": outcome.reason,
            "version": outcome.model.version if outcome.model else None, "rescored": outcome.rescored}
