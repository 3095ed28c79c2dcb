from __future__ import annotations

import pytest
from django.urls import reverse

from crm.models import AuditEvent
from leads.models import ClosePredictionModel, Lead, LeadClassification, Opportunity, PipelineStage
from tests import factories
from tests.leads.synthetic import create_history

pytestmark = pytest.mark.django_db


def test_lead_pages_show_the_classification_history(admin_client):
    lead = factories.LeadFactory(score=95, category="hot")
    LeadClassification.objects.create(
        lead=lead, score=95, category="hot", urgency_points=30, authority_points=25, budget_points=25,
        fit_points=15, reasoning="Urgent volume purchase by the owner", recommended_action="assign_to_sales_immediately",
        created_at=lead.created_at)
    changelist = admin_client.get(reverse("admin:leads_lead_changelist"), {"queue": "hot_unassigned"})
    assert str(lead.contact) in changelist.content.decode()
    page = admin_client.get(reverse("admin:leads_lead_change", args=[lead.pk])).content.decode()
    assert "Urgent volume purchase by the owner" in page and "assign_to_sales_immediately" in page


def test_admin_status_changes_go_through_the_service(admin_client, admin_user):
    lead = factories.LeadFactory()
    url = reverse("admin:leads_lead_change", args=[lead.pk])
    form = {"status": "lost", "lost_reason": "", "source": "whatsapp", "campaign": "", "message": "", "owner": "",
            "classifications-TOTAL_FORMS": "0", "classifications-INITIAL_FORMS": "0",
            "opportunities-TOTAL_FORMS": "0", "opportunities-INITIAL_FORMS": "0"}
    refused = admin_client.post(url, form)
    assert refused.status_code == 200 and "Say why the lead was lost" in refused.content.decode()
    response = admin_client.post(url, {**form, "lost_reason": "Went silent", "owner": admin_user.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    lead.refresh_from_db()
    assert (lead.status, lead.lost_reason, lead.owner) == ("lost", "Went silent", admin_user)
    assert AuditEvent.objects.filter(action="lead.status_changed", actor=admin_user).exists()
    assert AuditEvent.objects.filter(action="lead.assigned", actor=admin_user).exists()


def test_lead_actions_call_the_services_and_count(admin_client, admin_user):
    leads = [factories.LeadFactory() for _ in range(3)]
    Lead.objects.filter(pk=leads[0].pk).update(status="converted")
    response = admin_client.post(reverse("admin:leads_lead_changelist"), {
        "action": "mark_qualified", "_selected_action": [lead.pk for lead in leads]}, follow=True)
    assert "2 leads now qualified; 1 could not become qualified" in response.content.decode()
    response = admin_client.post(reverse("admin:leads_lead_changelist"), {
        "action": "assign_to_me", "_selected_action": [leads[1].pk]}, follow=True)
    assert "1 leads assigned to you" in response.content.decode()
    assert Lead.objects.get(pk=leads[1].pk).owner == admin_user


def test_opportunity_added_in_admin_is_scored_and_moves_need_a_reason(admin_client):
    contact = factories.ContactFactory()
    add = admin_client.post(reverse("admin:leads_opportunity_add"), {
        "contact": contact.pk, "name": "Servers", "stage": PipelineStage.objects.get(name="Proposal").pk,
        "value": "8000", "currency": "USD", "urgency": "5", "close_reason": "",
        "interactions-TOTAL_FORMS": "0", "interactions-INITIAL_FORMS": "0"})
    assert add.status_code == 302, add.content.decode()[:3000]
    deal = Opportunity.objects.get(name="Servers")
    assert deal.predicted_at and deal.prediction_is_fallback
    url = reverse("admin:leads_opportunity_change", args=[deal.pk])
    form = {"lead": "", "name": "Servers", "stage": PipelineStage.objects.get(name="Lost").pk, "value": "8000",
            "currency": "USD", "urgency": "5", "close_reason": "", "owner": "",
            "interactions-TOTAL_FORMS": "0", "interactions-INITIAL_FORMS": "0"}
    refused = admin_client.post(url, form)
    assert refused.status_code == 200 and "Say why the deal was lost" in refused.content.decode()
    assert admin_client.post(url, {**form, "close_reason": "Chose a competitor"}).status_code == 302
    deal.refresh_from_db()
    assert deal.stage.is_lost and deal.closed_at and deal.close_reason == "Chose a competitor"
    assert "odds" in admin_client.get(url).content.decode()  # the top factors are shown


def test_retrain_button_trains_a_version_and_reports_its_auc(admin_client):
    changelist = reverse("admin:leads_closepredictionmodel_changelist")
    assert "Retrain model" in admin_client.get(changelist).content.decode()
    too_little = admin_client.post(reverse("admin:leads_closepredictionmodel_retrain"), follow=True)
    assert "Too little history" in too_little.content.decode()

    create_history(300, seed=6)
    response = admin_client.post(reverse("admin:leads_closepredictionmodel_retrain"), follow=True)
    model = ClosePredictionModel.objects.get()
    assert f"held-out AUC {model.auc:.3f}" in response.content.decode()
    detail = admin_client.get(reverse("admin:leads_closepredictionmodel_change", args=[model.pk])).content.decode()
    assert "feature_importances" in detail


def test_agents_see_the_models_but_may_not_retrain(client, make_user):
    create_history(300, seed=6)
    client.force_login(make_user("Agent"))
    page = client.get(reverse("admin:leads_closepredictionmodel_changelist"))
    assert page.status_code == 200 and "Retrain model" not in page.content.decode()
    assert client.post(reverse("admin:leads_closepredictionmodel_retrain")).status_code == 403
    assert not ClosePredictionModel.objects.exists()


def test_rescore_action_reports_the_count(admin_client):
    open_deal = factories.OpportunityFactory()
    closed = factories.OpportunityFactory(stage=PipelineStage.objects.get(name="Won"),
                                          closed_at=open_deal.created_at, close_reason="Signed")
    response = admin_client.post(reverse("admin:leads_opportunity_changelist"), {
        "action": "rescore", "_selected_action": [open_deal.pk, closed.pk]}, follow=True)
    assert "1 open opportunities re-scored; 1 closed ones keep their last prediction" in response.content.decode()
    open_deal.refresh_from_db()
    assert open_deal.predicted_at is not None
