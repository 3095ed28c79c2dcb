"""Writes on leads: creation, status, assignment. Classification is in ``classification``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from crm.models import AuditEvent, Contact
from crm.services.audit import audit_record
from crm.services.events import event_publish
from leads.models import Lead

EDITABLE_FIELDS = {"source", "campaign", "message"}

# The timestamp each status stamps when a lead reaches it.
STATUS_TIMESTAMPS = {
    Lead.Status.QUALIFIED: "qualified_at",
    Lead.Status.NURTURING: "nurturing_at",
    Lead.Status.CONVERTED: "converted_at",
    Lead.Status.LOST: "lost_at",
}


def actor_type_of(actor) -> str:
    """Who acted: a staff member (or an integration's service account) or the system."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        return AuditEvent.ActorType.USER
    return AuditEvent.ActorType.SYSTEM


@transaction.atomic
def lead_create(
    *,
    contact: Contact,
    source: str = Contact.Source.MANUAL,
    campaign: str = "",
    message: str = "",
    owner=None,
    actor=None,
    classify: bool = True,
) -> Lead:
    """Create a lead; with a first ``message`` it is classified by the AI right after commit."""
    if contact.status == Contact.Status.MERGED:
        raise ValidationError({"contact": f"{contact} was merged into another contact; use that one."})
    now = timezone.now()
    lead = Lead(contact=contact, source=source, campaign=campaign.strip(), message=message.strip(),
                owner=owner, assigned_at=now if owner else None, status_changed_at=now)
    lead.full_clean()
    lead.save()
    event_publish("lead.created", {"lead_id": lead.pk, "contact_id": contact.pk, "source": lead.source,
                                   "campaign": lead.campaign, "owner_id": lead.owner_id})
    if classify and lead.message:
        from leads.services.classification import lead_request_classification

        lead_request_classification(lead=lead, text=lead.message, request_key=initial_request_key(lead))
    return lead


def initial_request_key(lead: Lead) -> str:
    """The classification of a lead's first message happens once, however often it is asked."""
    return f"lead:{lead.pk}:initial"


@transaction.atomic
def lead_update(*, lead: Lead, actor=None, **fields: Any) -> Lead:
    """Plain fields only: status and owner change through ``lead_set_status`` / ``lead_assign``."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown or protected lead fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(lead, name, value.strip() if isinstance(value, str) else value)
    lead.full_clean()
    lead.save()
    return lead


@transaction.atomic
def lead_set_status(
    *, lead: Lead, status: str, reason: str = "", actor=None, at: datetime | None = None,
) -> Lead:
    """Move a lead along new → qualified → nurturing → converted / lost.

    Losing a lead needs the reason. Re-applying the current status changes nothing.
    """
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if status not in Lead.Status.values:
        raise ValidationError({"status": f"“{status}” is not a lead status."})
    if status == lead.status:
        return lead
    if status not in Lead.TRANSITIONS[lead.status]:
        raise ValidationError({"status": f"A {lead.get_status_display().lower()} lead cannot become "
                                         f"{Lead.Status(status).label.lower()}."})
    reason = reason.strip()
    if status == Lead.Status.LOST and not reason:
        raise ValidationError({"reason": "Say why the lead was lost."})
    at = at or timezone.now()
    previous = lead.status
    lead.status = status
    lead.status_changed_at = at
    setattr(lead, STATUS_TIMESTAMPS[status], at)
    if status == Lead.Status.LOST:
        lead.lost_reason = reason
    lead.full_clean()
    lead.save()
    audit_record(action="lead.status_changed", target=lead, actor_type=actor_type_of(actor), actor=actor,
                 reason=reason, data={"from": previous, "to": status})
    event_publish("lead.status_changed", {"lead_id": lead.pk, "contact_id": lead.contact_id,
                                          "from": previous, "to": status, "reason": reason})
    return lead


@transaction.atomic
def lead_assign(*, lead: Lead, owner, actor=None, reason: str = "") -> Lead:
    """Give the lead to ``owner`` (``None`` releases it back to the unassigned queue)."""
    lead = Lead.objects.select_for_update().get(pk=lead.pk)
    if lead.owner_id == (owner.pk if owner else None):
        return lead
    previous = lead.owner_id
    lead.owner = owner
    lead.assigned_at = timezone.now() if owner else None
    lead.save()
    audit_record(action="lead.assigned", target=lead, actor_type=actor_type_of(actor), actor=actor,
                 reason=reason, data={"from_owner_id": previous, "to_owner_id": lead.owner_id})
    event_publish("lead.assigned", {"lead_id": lead.pk, "contact_id": lead.contact_id,
                                    "owner_id": lead.owner_id})
    return lead


def lead_record_inbound_message(
    *, contact: Contact, text: str, message_key: str, source: str = Contact.Source.WHATSAPP, campaign: str = "",
) -> Lead:
    """For the inbox: a customer wrote. Their open lead (else a new one) is classified again.

    ``message_key`` names the message (e.g. the channel's message id) so that a webhook
    delivered twice classifies once. Returns the lead the message counted for.
    """
    from leads.selectors import lead_open_for_contact
    from leads.services.classification import lead_request_classification

    lead = lead_open_for_contact(contact)
    if lead is None:
        # A new lead's first message is classified on creation (its own request key).
        return lead_create(contact=contact, source=source, campaign=campaign, message=text)
    lead_request_classification(lead=lead, text=text, request_key=f"message:{message_key}")
    return lead
