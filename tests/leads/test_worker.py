"""A real Celery worker process on Redis runs the classification (``ai`` queue) and re-scoring."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from leads.models import LeadClassification, Opportunity
from leads.services.leads import lead_create
from leads.services.opportunities import opportunity_create, opportunity_record_interaction
from tests import factories

pytestmark = [pytest.mark.integration]

HOT = "Soy el dueño de la empresa, necesito 500 laptops urgente para mañana, el presupuesto está aprobado"


def wait_until(check, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.3)
    return check()


def test_worker_classifies_new_leads_and_rescores_deals(celery_worker_process, pipeline_stages):
    worker = celery_worker_process(queues="ai,default")
    contact = factories.ContactFactory(first_name="Juan")
    lead = lead_create(contact=contact, source="whatsapp", message=HOT)  # queued on commit, to the ai queue

    classification = wait_until(lambda: LeadClassification.objects.filter(lead=lead).first())
    assert classification is not None, "".join(worker.lines[-40:])
    assert classification.category == "hot" and classification.model_used.startswith("local/")
    lead.refresh_from_db()
    assert lead.score == classification.score and lead.hot_alerted_at is not None

    deal = opportunity_create(contact=contact, lead=lead, name="500 laptops")
    scored_at = Opportunity.objects.get(pk=deal.pk).predicted_at
    opportunity_record_interaction(opportunity=deal, at=timezone.now(), channel="whatsapp", sentiment=0.9,
                                   customer_replied=True, key="message:worker-1")
    rescored = wait_until(lambda: Opportunity.objects.filter(pk=deal.pk, predicted_at__gt=scored_at).first())
    assert rescored is not None, "".join(worker.lines[-40:])
    assert rescored.interaction_count == 1 and rescored.recommendation
    log = "".join(worker.lines)
    assert "leads.tasks.ai_lead_classify" in log and "leads.tasks.opportunity_rescore" in log
