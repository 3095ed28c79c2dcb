"""Lead classification through the AI gateway (its offline provider: no network, deterministic)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.ai.models import CallLog
from crm.models import AuditEvent, WebhookDelivery, WebhookSubscription
from leads.models import Lead, LeadClassification
from leads.selectors import leads_hot_unassigned
from leads.services.classification import leads_request_missing_classifications, lead_classify
from leads.services.leads import initial_request_key, lead_assign, lead_create, lead_record_inbound_message
from leads.tasks import ai_lead_classify
from tests import factories

pytestmark = pytest.mark.django_db

HOT_ES = "Soy el dueño de la empresa, necesito 500 laptops urgente para mañana, el presupuesto está aprobado"
HOT_EN = "I'm the CEO of our company and we need 40 laptops today, budget approved, paying cash"
COLD_ES = "Hola, solo estoy mirando, no hay prisa"


@pytest.fixture
def subscription(http_server):
    return WebhookSubscription.objects.create(name="n8n", url=f"{http_server.url}/hook", secret="s3cret")


def test_new_lead_with_a_message_is_classified_after_commit_and_kept_in_history(
        django_capture_on_commit_callbacks, subscription, http_server):
    contact = factories.ContactFactory(first_name="Juan", job_title="Gerente general")
    with django_capture_on_commit_callbacks(execute=True):
        lead = lead_create(contact=contact, source="whatsapp", campaign="utm:laptops-q3", message=HOT_ES)

    lead.refresh_from_db()
    classification = LeadClassification.objects.get(lead=lead)
    assert classification.request_key == initial_request_key(lead)
    assert 80 <= classification.score <= 100 and classification.category == "hot"
    assert (classification.urgency_points + classification.authority_points + classification.budget_points
            + classification.fit_points) == pytest.approx(classification.score, abs=2)
    assert classification.urgency_points <= 30 and classification.authority_points <= 25
    assert classification.reasoning and classification.recommended_action == "assign_to_sales_immediately"
    assert "urgency" in classification.signals
    assert classification.provider and classification.model_used.startswith("local/")
    assert classification.text_excerpt == HOT_ES
    assert (lead.score, lead.category) == (classification.score, "hot") and lead.last_classified_at
    # Through the gateway: its call log holds the call.
    assert CallLog.objects.filter(task="classify_lead", caller="leads.lead_classify").count() == 1
    audit = AuditEvent.objects.get(action="lead.classified", target_id=str(lead.pk))
    assert audit.actor_type == AuditEvent.ActorType.AI and audit.data["score"] == classification.score
    events = [r.json()["event"] for r in http_server.wait_for(3, timeout=10)]
    assert {"lead.created", "lead.classified", "lead.hot"} <= set(events)


def test_a_hot_unassigned_lead_raises_the_alert_once(django_capture_on_commit_callbacks, subscription):
    lead = factories.LeadFactory()
    first = lead_classify(lead=lead, text=HOT_EN)
    assert first.score > 90
    lead.refresh_from_db()
    assert lead.hot_alerted_at is not None
    assert list(leads_hot_unassigned()) == [lead]
    alert = AuditEvent.objects.get(action="lead.hot")
    assert alert.actor_type == AuditEvent.ActorType.AI and str(first.score) in alert.reason
    hot_event = WebhookDelivery.objects.get(event="lead.hot")
    assert hot_event.payload["data"]["lead_id"] == lead.pk and hot_event.payload["data"]["score"] == first.score

    lead_classify(lead=lead, text=HOT_ES)  # still hot, still unassigned: no second page
    assert AuditEvent.objects.filter(action="lead.hot").count() == 1
    assert WebhookDelivery.objects.filter(event="lead.classified").count() == 2
    assert LeadClassification.objects.filter(lead=lead).count() == 2


def test_an_owned_or_lukewarm_lead_raises_no_alert(subscription, make_user):
    owned = factories.LeadFactory()
    lead_assign(lead=owned, owner=make_user("Agent"))
    lead_classify(lead=owned, text=HOT_EN)
    cold = factories.LeadFactory()
    result = lead_classify(lead=cold, text=COLD_ES)

    assert result.category == "cold" and result.score < 50
    assert not AuditEvent.objects.filter(action="lead.hot").exists()
    assert not WebhookDelivery.objects.filter(event="lead.hot").exists()
    assert WebhookDelivery.objects.filter(event="lead.classified").count() == 2
    assert list(leads_hot_unassigned()) == []


def test_the_same_request_is_classified_once_even_when_its_task_runs_twice():
    lead = factories.LeadFactory()
    first = ai_lead_classify.apply(args=[lead.pk, HOT_ES, "message:wamid.1", {}]).get()
    second = ai_lead_classify.apply(args=[lead.pk, HOT_ES, "message:wamid.1", {}]).get()
    assert first == second
    assert LeadClassification.objects.filter(lead=lead).count() == 1


def test_the_sweep_classifies_leads_whose_task_was_lost(django_capture_on_commit_callbacks):
    # Created outside any captured commit: its classification task is never queued (as when
    # the broker is down at commit time).
    lead = lead_create(contact=factories.ContactFactory(), message=COLD_ES)
    Lead.objects.filter(pk=lead.pk).update(created_at=timezone.now() - timedelta(minutes=30))
    factories.LeadFactory(created_at=timezone.now() - timedelta(minutes=30))  # no message: nothing to do
    just_created = lead_create(contact=factories.ContactFactory(), message=HOT_ES)  # its task may still come

    with django_capture_on_commit_callbacks(execute=True):
        assert leads_request_missing_classifications() == 1
    lead.refresh_from_db()
    assert lead.category == "cold" and lead.classifications.count() == 1
    assert not just_created.classifications.exists()

    # The lost task turns up after all: still one classification.
    ai_lead_classify.apply(args=[lead.pk, lead.message, initial_request_key(lead), {}])
    assert lead.classifications.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert leads_request_missing_classifications() == 0


def test_blank_or_oversized_text_is_refused_with_a_clear_reason():
    lead = factories.LeadFactory()
    with pytest.raises(ValidationError, match="no text"):
        lead_classify(lead=lead, text="   ")
    with pytest.raises(ValidationError, match="limit"):
        lead_classify(lead=lead, text="hola " * 20000)
    assert not LeadClassification.objects.exists()


def test_metadata_from_the_crm_reaches_the_rubric():
    company = factories.CompanyFactory(name="Hospital Nacional")
    contact = factories.ContactFactory(company=company, job_title="CEO")
    bare = factories.LeadFactory(contact=factories.ContactFactory(job_title=""))
    known = factories.LeadFactory(contact=contact)
    text = "Necesito cotización de 20 laptops"
    with_title = lead_classify(lead=known, text=text)
    without = lead_classify(lead=bare, text=text)
    # The job title on the contact record is what tells the rubric who is asking.
    assert with_title.authority_points > without.authority_points
    assert "decision_maker" in with_title.signals and "decision_maker" not in without.signals


def test_inbound_messages_open_a_lead_then_reclassify_it_once_per_message(django_capture_on_commit_callbacks):
    contact = factories.ContactFactory()
    with django_capture_on_commit_callbacks(execute=True):
        lead = lead_record_inbound_message(contact=contact, text=COLD_ES, message_key="wamid.A")
    assert lead.message == COLD_ES and lead.classifications.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        same = lead_record_inbound_message(contact=contact, text=HOT_ES, message_key="wamid.B")
        lead_record_inbound_message(contact=contact, text=HOT_ES, message_key="wamid.B")  # delivered twice
    assert same == lead
    lead.refresh_from_db()
    assert lead.classifications.count() == 2 and lead.category == "hot"
    assert Lead.objects.filter(contact=contact).count() == 1
