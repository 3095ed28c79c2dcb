"""Opportunities: creation, edits, stage moves (won / lost), and the engagement other apps report."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from crm.dispatch import dispatch_on_commit
from crm.models import Channel, Contact
from crm.models.catalog import default_currency
from crm.services.audit import audit_record
from crm.services.events import event_publish
from leads.models import Lead, Opportunity, OpportunityInteraction, PipelineStage
from leads.services.leads import actor_type_of, lead_set_status

EDITABLE_FIELDS = {
    "name", "value", "currency", "expected_close", "decision_maker_engaged", "competition_identified",
    "urgency", "owner", "lead",
}


def first_open_stage() -> PipelineStage:
    stage = PipelineStage.objects.filter(active=True, is_won=False, is_lost=False).order_by("order", "pk").first()
    if stage is None:
        raise ValidationError({"stage": "The pipeline has no active open stage; add one in admin."})
    return stage


def _check_lead(lead: Lead | None, contact: Contact) -> None:
    if lead is not None and lead.contact_id != contact.pk:
        raise ValidationError({"lead": f"Lead #{lead.pk} belongs to another contact."})


@transaction.atomic
def opportunity_create(
    *,
    contact: Contact,
    name: str,
    stage: PipelineStage | None = None,
    value: Decimal | int | str = 0,
    currency: str = "",
    lead: Lead | None = None,
    expected_close: date | None = None,
    decision_maker_engaged: bool = False,
    competition_identified: bool = False,
    urgency: int = 0,
    owner=None,
    close_reason: str = "",
    actor=None,
    at: datetime | None = None,
) -> Opportunity:
    """Open a deal. A lead that was still new becomes qualified; the deal is scored at once.

    Creating directly in a won or lost stage (importing history) needs ``close_reason``.
    """
    if contact.status == Contact.Status.MERGED:
        raise ValidationError({"contact": f"{contact} was merged into another contact; use that one."})
    _check_lead(lead, contact)
    stage = stage or first_open_stage()
    if not stage.active:
        raise ValidationError({"stage": f"The stage “{stage}” is inactive."})
    now = at or timezone.now()
    closing = stage.is_closed
    if closing and not close_reason.strip():
        raise ValidationError({"close_reason": f"Say why the deal was {'won' if stage.is_won else 'lost'}."})
    opportunity = Opportunity(
        contact=contact, lead=lead, name=name.strip(), stage=stage, value=Decimal(str(value)),
        currency=(currency or default_currency()).upper(), expected_close=expected_close,
        decision_maker_engaged=decision_maker_engaged, competition_identified=competition_identified,
        urgency=urgency, owner=owner, close_reason=close_reason.strip() if closing else "",
        closed_at=now if closing else None, stage_changed_at=now, created_at=now,
    )
    opportunity.full_clean()
    opportunity.save()
    if lead is not None and lead.status == Lead.Status.NEW:
        lead_set_status(lead=lead, status=Lead.Status.QUALIFIED, actor=actor,
                        reason=f"Opportunity “{opportunity.name}” opened.")
    event_publish("opportunity.created", _event_data(opportunity))
    if opportunity.is_open:
        _score_now(opportunity)
    return opportunity


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, actor=None, **fields: Any) -> Opportunity:
    """Edit the deal's own fields. The stage changes only through ``opportunity_move``."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown or protected opportunity fields: {', '.join(sorted(unknown))}")
    opportunity = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if "lead" in fields:
        _check_lead(fields["lead"], opportunity.contact)
    for field_name, value in fields.items():
        if field_name == "name":
            value = value.strip()
        elif field_name == "currency":
            value = value.upper()
        setattr(opportunity, field_name, value)
    opportunity.full_clean()
    opportunity.save()
    if opportunity.is_open:
        _score_now(opportunity)
    return opportunity


@transaction.atomic
def opportunity_move(
    *, opportunity: Opportunity, stage: PipelineStage, reason: str = "", actor=None, at: datetime | None = None,
) -> Opportunity:
    """Move the deal to ``stage``. Won and lost stages close it and need the reason; moving a
    closed deal back to an open stage re-opens it. Every move is audited."""
    opportunity = (Opportunity.objects.select_for_update(of=("self",)).select_related("stage", "lead")
                   .get(pk=opportunity.pk))
    if stage.pk == opportunity.stage_id:
        return opportunity
    if not stage.active:
        raise ValidationError({"stage": f"The stage “{stage}” is inactive."})
    reason = reason.strip()
    if stage.is_closed and not reason:
        raise ValidationError({"reason": f"Say why the deal was {'won' if stage.is_won else 'lost'}."})
    at = at or timezone.now()
    previous = opportunity.stage
    opportunity.stage = stage
    opportunity.stage_changed_at = at
    if stage.is_closed:
        opportunity.closed_at, opportunity.close_reason = at, reason
    else:
        opportunity.closed_at, opportunity.close_reason = None, ""
    opportunity.full_clean()
    opportunity.save()
    outcome = "won" if stage.is_won else "lost" if stage.is_lost else "reopened" if previous.is_closed else "moved"
    audit_record(
        action=f"opportunity.{outcome}" if stage.is_closed else "opportunity.stage_changed",
        target=opportunity, actor_type=actor_type_of(actor), actor=actor, reason=reason,
        data={"from_stage": previous.name, "to_stage": stage.name, "from_stage_id": previous.pk,
              "to_stage_id": stage.pk, "value": str(opportunity.value), "currency": opportunity.currency},
    )
    lead = opportunity.lead
    if stage.is_won and lead is not None and Lead.Status.CONVERTED in Lead.TRANSITIONS[lead.status]:
        lead_set_status(lead=lead, status=Lead.Status.CONVERTED, actor=actor,
                        reason=f"Opportunity “{opportunity.name}” won.", at=at)
    event_publish("opportunity.stage_changed", {
        **_event_data(opportunity), "from_stage": previous.name, "outcome": outcome, "reason": reason,
    })
    if opportunity.is_open:
        _score_now(opportunity)
    return opportunity


def _targets(opportunity: Opportunity | None, contact: Contact | None) -> list[int]:
    if (opportunity is None) == (contact is None):
        raise ValueError("Give exactly one of opportunity= or contact=.")
    # Engagement after a deal closed says nothing about how it closed: closed deals keep the
    # figures they closed with (they are the model's training rows).
    if opportunity is not None:
        return list(Opportunity.objects.filter(pk=opportunity.pk, closed_at__isnull=True).values_list("pk", flat=True))
    return list(Opportunity.objects.filter(contact=contact, closed_at__isnull=True).values_list("pk", flat=True))


def opportunity_record_interaction(
    *,
    opportunity: Opportunity | None = None,
    contact: Contact | None = None,
    at: datetime,
    channel: str,
    sentiment: float | None = None,
    customer_replied: bool | None = None,
    key: str = "",
) -> int:
    """Count one interaction on an open deal (or on every open deal of ``contact``).

    ``sentiment`` (−1..1) feeds the average; ``customer_replied`` says whether one of our
    messages got an answer (``None``: not a message that expects one) and feeds the response
    rate. A repeated ``key`` is ignored. Returns how many deals were updated.
    """
    if channel not in Channel.values:
        raise ValidationError({"channel": f"“{channel}” is not a channel."})
    if sentiment is not None and not -1 <= sentiment <= 1:
        raise ValidationError({"sentiment": "Sentiment runs from -1 to 1."})
    if timezone.is_naive(at):
        raise ValidationError({"at": "Give an aware datetime."})
    updated = 0
    for pk in _targets(opportunity, contact):
        if _record_one(pk, at=at, channel=channel, sentiment=sentiment, customer_replied=customer_replied, key=key):
            updated += 1
    return updated


@transaction.atomic
def _record_one(pk: int, *, at, channel, sentiment, customer_replied, key) -> bool:
    opportunity = Opportunity.objects.select_for_update().get(pk=pk)
    try:
        with transaction.atomic():
            OpportunityInteraction.objects.create(
                opportunity=opportunity, occurred_at=at, channel=channel, sentiment=sentiment,
                customer_replied=customer_replied, key=key,
            )
    except IntegrityError:
        return False  # this key was recorded already
    opportunity.interaction_count += 1
    if opportunity.last_interaction_at is None or at >= opportunity.last_interaction_at:
        opportunity.last_interaction_at, opportunity.last_interaction_channel = at, channel
    if sentiment is not None:
        total = (opportunity.average_sentiment or 0.0) * opportunity.sentiment_samples + sentiment
        opportunity.sentiment_samples += 1
        opportunity.average_sentiment = round(total / opportunity.sentiment_samples, 4)
    if customer_replied is not None:
        opportunity.reply_opportunities += 1
        opportunity.replies += 1 if customer_replied else 0
        opportunity.message_response_rate = round(opportunity.replies / opportunity.reply_opportunities, 4)
    opportunity.save(update_fields=[
        "interaction_count", "last_interaction_at", "last_interaction_channel", "average_sentiment",
        "sentiment_samples", "reply_opportunities", "replies", "message_response_rate", "updated_at",
    ])
    _score_later(opportunity)
    return True


def opportunity_record_email_engagement(
    *, opportunity: Opportunity | None = None, contact: Contact | None = None, open_rate: float,
) -> int:
    """Store the e-mail open rate (0–1) the e-mail system measured for a deal or a contact's deals."""
    if not 0 <= open_rate <= 1:
        raise ValidationError({"open_rate": "The open rate runs from 0 to 1."})
    pks = _targets(opportunity, contact)
    with transaction.atomic():
        Opportunity.objects.filter(pk__in=pks).update(email_open_rate=round(open_rate, 4), updated_at=timezone.now())
        for pk in pks:
            _score_later(Opportunity(pk=pk))
    return len(pks)


def _event_data(opportunity: Opportunity) -> dict:
    return {
        "opportunity_id": opportunity.pk, "contact_id": opportunity.contact_id, "lead_id": opportunity.lead_id,
        "name": opportunity.name, "stage": opportunity.stage.name, "stage_id": opportunity.stage_id,
        "value": str(opportunity.value), "currency": opportunity.currency, "owner_id": opportunity.owner_id,
        "won": opportunity.stage.is_won, "lost": opportunity.stage.is_lost,
    }


def _score_now(opportunity: Opportunity) -> None:
    from leads.services.prediction import opportunity_score

    opportunity_score(opportunity=opportunity)


def _score_later(opportunity: Opportunity) -> None:
    # Engagement arrives with every message: re-score in a task rather than in the inbox's request.
    from leads.tasks import opportunity_rescore

    dispatch_on_commit(opportunity_rescore, opportunity.pk)
