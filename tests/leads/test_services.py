from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from crm.models import AuditEvent, Contact, WebhookDelivery, WebhookSubscription
from leads.models import Opportunity, OpportunityInteraction, PipelineStage
from leads.services.leads import lead_assign, lead_create, lead_set_status, lead_update
from leads.services.opportunities import (
    opportunity_create,
    opportunity_move,
    opportunity_record_email_engagement,
    opportunity_record_interaction,
    opportunity_update,
)
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def subscription():
    return WebhookSubscription.objects.create(name="all events", url="http://127.0.0.1:9/hook")


def stage(name: str) -> PipelineStage:
    return PipelineStage.objects.get(name=name)


def test_default_stages_come_from_the_migration():
    names = list(PipelineStage.objects.order_by("order").values_list("name", flat=True))
    assert names == ["Prospecting", "Qualification", "Proposal", "Negotiation", "Commitment", "Won", "Lost"]
    assert PipelineStage.objects.get(is_won=True).name == "Won"
    assert PipelineStage.objects.get(is_lost=True).default_probability == 0


def test_lead_moves_through_its_statuses_with_a_timestamp_each(make_user):
    user = make_user("Agent")
    lead = lead_create(contact=factories.ContactFactory(), source="web", campaign=" utm:spring ", actor=user)
    assert (lead.status, lead.campaign) == ("new", "utm:spring") and lead.status_changed_at
    lead = lead_set_status(lead=lead, status="qualified", actor=user)
    lead = lead_set_status(lead=lead, status="nurturing", actor=user)
    lead = lead_set_status(lead=lead, status="lost", reason="Bought elsewhere", actor=user)
    assert lead.qualified_at <= lead.nurturing_at <= lead.lost_at == lead.status_changed_at
    assert lead.lost_reason == "Bought elsewhere"
    audits = AuditEvent.objects.filter(action="lead.status_changed", target_id=str(lead.pk)).order_by("occurred_at")
    assert [(a.data["from"], a.data["to"]) for a in audits] == [("new", "qualified"), ("qualified", "nurturing"),
                                                                 ("nurturing", "lost")]
    assert audits.last().actor == user and audits.last().actor_type == "user"
    assert lead.history.count() == 4  # created + three status changes
    lead = lead_set_status(lead=lead, status="nurturing", actor=user)  # re-engaged
    assert lead.status == "nurturing"


def test_impossible_status_changes_are_refused_with_the_reason():
    lead = lead_create(contact=factories.ContactFactory())
    with pytest.raises(ValidationError, match="reason"):
        lead_set_status(lead=lead, status="lost")
    lead = lead_set_status(lead=lead, status="converted")
    with pytest.raises(ValidationError, match="cannot become"):
        lead_set_status(lead=lead, status="qualified")
    with pytest.raises(ValidationError, match="not a lead status"):
        lead_set_status(lead=lead, status="won")
    lead.refresh_from_db()
    assert lead.status == "converted"


def test_assigning_a_lead_is_audited_and_published(make_user):
    agent = make_user("Agent")
    lead = lead_create(contact=factories.ContactFactory())
    lead = lead_assign(lead=lead, owner=agent, actor=agent)
    assert lead.owner == agent and lead.assigned_at
    assert lead_assign(lead=lead, owner=agent) == lead  # no change, no second event
    lead_assign(lead=lead, owner=None)
    assert AuditEvent.objects.filter(action="lead.assigned").count() == 2
    assert WebhookDelivery.objects.filter(event="lead.assigned").count() == 2


def test_leads_of_merged_contacts_and_unknown_fields_are_refused():
    target = factories.ContactFactory()
    merged = factories.ContactFactory(status=Contact.Status.MERGED, merged_into=target)
    with pytest.raises(ValidationError, match="merged"):
        lead_create(contact=merged)
    lead = lead_create(contact=target)
    with pytest.raises(ValidationError, match="protected"):
        lead_update(lead=lead, status="lost")


def test_opportunity_opens_in_the_first_stage_qualifies_its_lead_and_is_scored():
    contact = factories.ContactFactory()
    lead = lead_create(contact=contact)
    opportunity = opportunity_create(contact=contact, lead=lead, name=" 20 laptops ", value="24000", urgency=7)
    assert opportunity.stage.name == "Prospecting" and opportunity.name == "20 laptops"
    assert opportunity.value == Decimal("24000") and opportunity.currency == "USD"
    lead.refresh_from_db()
    assert lead.status == "qualified"
    opportunity.refresh_from_db()
    assert opportunity.predicted_at and opportunity.prediction_is_fallback and opportunity.recommendation
    assert WebhookDelivery.objects.filter(event="opportunity.created").count() == 1


def test_an_opportunity_cannot_take_another_contacts_lead():
    lead = lead_create(contact=factories.ContactFactory())
    with pytest.raises(ValidationError, match="another contact"):
        opportunity_create(contact=factories.ContactFactory(), lead=lead, name="Deal")


def test_winning_needs_a_reason_closes_the_deal_and_converts_the_lead(make_user):
    manager = make_user("Manager")
    contact = factories.ContactFactory()
    lead = lead_create(contact=contact)
    opportunity = opportunity_create(contact=contact, lead=lead, name="Deal", value=1000)
    with pytest.raises(ValidationError, match="won"):
        opportunity_move(opportunity=opportunity, stage=stage("Won"))
    opportunity = opportunity_move(opportunity=opportunity, stage=stage("Negotiation"), actor=manager)
    opportunity = opportunity_move(opportunity=opportunity, stage=stage("Won"), reason="Best delivery time",
                                   actor=manager)
    assert opportunity.closed_at and opportunity.close_reason == "Best delivery time"
    lead.refresh_from_db()
    assert lead.status == "converted" and lead.converted_at
    actions = list(AuditEvent.objects.filter(target_id=str(opportunity.pk), target_type__model="opportunity")
                   .order_by("occurred_at").values_list("action", flat=True))
    assert actions == ["opportunity.stage_changed", "opportunity.won"]
    won_event = WebhookDelivery.objects.filter(event="opportunity.stage_changed").order_by("pk").last()
    assert won_event.payload["data"]["outcome"] == "won" and won_event.payload["data"]["won"] is True


def test_reopening_a_lost_deal_clears_its_close():
    opportunity = opportunity_create(contact=factories.ContactFactory(), name="Deal")
    opportunity = opportunity_move(opportunity=opportunity, stage=stage("Lost"), reason="No budget")
    assert opportunity.closed_at and not opportunity.is_open
    opportunity = opportunity_move(opportunity=opportunity, stage=stage("Proposal"), reason="Budget found")
    assert opportunity.is_open and opportunity.close_reason == ""
    assert AuditEvent.objects.filter(action="opportunity.stage_changed", reason="Budget found").exists()


def test_inactive_stages_take_no_deals():
    retired = PipelineStage.objects.create(name="Old stage", order=15, active=False)
    opportunity = opportunity_create(contact=factories.ContactFactory(), name="Deal")
    with pytest.raises(ValidationError, match="inactive"):
        opportunity_move(opportunity=opportunity, stage=retired)


def test_importing_a_closed_deal_needs_its_reason():
    with pytest.raises(ValidationError, match="won"):
        opportunity_create(contact=factories.ContactFactory(), name="Old deal", stage=stage("Won"))
    deal = opportunity_create(contact=factories.ContactFactory(), name="Old deal", stage=stage("Won"),
                              close_reason="Signed in 2023", at=timezone.now() - timedelta(days=400))
    assert deal.closed_at < timezone.now() - timedelta(days=399) and deal.predicted_at is None


def test_editing_protected_fields_goes_through_their_service():
    opportunity = opportunity_create(contact=factories.ContactFactory(), name="Deal")
    with pytest.raises(ValidationError, match="protected"):
        opportunity_update(opportunity=opportunity, stage=stage("Won"))
    updated = opportunity_update(opportunity=opportunity, decision_maker_engaged=True, currency="eur")
    assert updated.decision_maker_engaged and updated.currency == "EUR"


def test_interactions_keep_the_engagement_the_prediction_reads(django_capture_on_commit_callbacks):
    contact = factories.ContactFactory()
    first = opportunity_create(contact=contact, name="Laptops")
    second = opportunity_create(contact=contact, name="Monitors")
    closed = opportunity_create(contact=contact, name="Old", stage=stage("Lost"), close_reason="No")
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        assert opportunity_record_interaction(contact=contact, at=now - timedelta(hours=2), channel="whatsapp",
                                              sentiment=0.6, customer_replied=True, key="message:1") == 2
        assert opportunity_record_interaction(opportunity=first, at=now, channel="email", sentiment=-0.2,
                                              customer_replied=False, key="message:2") == 1
        # The same report again (a webhook retried): not counted.
        assert opportunity_record_interaction(opportunity=first, at=now, channel="email", sentiment=-0.2,
                                              customer_replied=False, key="message:2") == 0
        assert opportunity_record_interaction(opportunity=first, at=now - timedelta(days=3), channel="phone") == 1

    first.refresh_from_db()
    assert first.interaction_count == 3 and first.last_interaction_at == now
    assert first.last_interaction_channel == "email"
    assert first.average_sentiment == pytest.approx(0.2) and first.sentiment_samples == 2
    assert first.message_response_rate == 0.5 and (first.replies, first.reply_opportunities) == (1, 2)
    assert OpportunityInteraction.objects.filter(opportunity=first).count() == 3
    second.refresh_from_db()
    assert second.interaction_count == 1 and second.message_response_rate == 1.0
    closed.refresh_from_db()
    assert closed.interaction_count == 0  # closed deals keep the figures they closed with
    # Re-scored after each report (the task ran at commit).
    assert first.predicted_at >= first.updated_at


def test_bad_engagement_reports_are_refused():
    opportunity = opportunity_create(contact=factories.ContactFactory(), name="Deal")
    with pytest.raises(ValidationError, match="channel"):
        opportunity_record_interaction(opportunity=opportunity, at=timezone.now(), channel="pigeon")
    with pytest.raises(ValidationError, match="Sentiment"):
        opportunity_record_interaction(opportunity=opportunity, at=timezone.now(), channel="sms", sentiment=3)
    with pytest.raises(ValidationError, match="open rate"):
        opportunity_record_email_engagement(opportunity=opportunity, open_rate=1.5)
    with pytest.raises(ValueError, match="exactly one"):
        opportunity_record_email_engagement(open_rate=0.5)


def test_email_engagement_reaches_every_open_deal_of_the_contact():
    contact = factories.ContactFactory()
    deals = [opportunity_create(contact=contact, name=f"Deal {i}") for i in range(2)]
    assert opportunity_record_email_engagement(contact=contact, open_rate=0.4567) == 2
    assert set(Opportunity.objects.filter(pk__in=[d.pk for d in deals]).values_list("email_open_rate", flat=True)) \
        == {0.4567}
    assert opportunity_record_email_engagement(contact=factories.ContactFactory(), open_rate=0.3) == 0


def test_engagement_changes_the_rule_based_estimate():
    contact = factories.ContactFactory()
    engaged = opportunity_create(contact=contact, name="Engaged", decision_maker_engaged=True, urgency=8)
    quiet = opportunity_create(contact=factories.ContactFactory(), name="Quiet", competition_identified=True)
    engaged.refresh_from_db()
    quiet.refresh_from_db()
    assert engaged.close_probability > quiet.close_probability
    assert engaged.top_factors[0]["feature"] == "decision_maker"
    assert {f["feature"] for f in quiet.top_factors} & {"competition", "recent_activity"}
