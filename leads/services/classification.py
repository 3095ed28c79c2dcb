"""Lead classification (Flow 2) through the AI gateway, its history, and the hot-lead alert.

The gateway picks the provider (an LLM, or the offline ``local`` one as the last fallback),
validates the answer against the rubric and logs the call; here we store the result, keep the
lead's latest score, and raise the alert when a lead is hot and nobody owns it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import structlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Window
from django.utils import timezone

from crm.ai.gateway import AIInputError, ai_classify_lead
from crm.dispatch import dispatch_on_commit
from crm.models import AuditEvent
from crm.services.audit import audit_record
from crm.services.events import event_publish
from leads.models import Lead, LeadClassification

logger = structlog.get_logger(__name__)

# Flow 2: "hot leads (> 90 and unassigned) raise an alert event".
HOT_ALERT_SCORE = settings.LEADS_HOT_ALERT_SCORE
EXCERPT_LENGTH = 500
# Earlier messages of the lead given to the model as context.
HISTORY_MESSAGES = 3


@dataclass(frozen=True)
class GatewayScore:
    """What the gateway answered, reduced to what the history keeps."""

    score: int
    category: str
    urgency: int
    authority: int
    budget: int
    fit: int
    reasoning: str
    recommended_action: str
    signals: list[str]
    provider: str
    model: str


def lead_request_classification(*, lead: Lead, text: str, request_key: str | None = None,
                                metadata: dict | None = None) -> None:
    """Classify ``text`` for ``lead`` in the background (``ai`` queue) once this transaction commits.

    Give a ``request_key`` that names the cause (``message:<id>``) so that asking twice —
    a webhook delivered twice, a task run twice — stores one classification.
    """
    from leads.tasks import ai_lead_classify

    dispatch_on_commit(ai_lead_classify, lead.pk, text, request_key, metadata or {})


def lead_classify(
    *,
    lead: Lead,
    text: str,
    metadata: dict | None = None,
    language: str = "",
    request_key: str | None = None,
    actor=None,
) -> LeadClassification:
    """Score ``text`` (a message of the lead) with the gateway and keep it in the history."""
    if request_key:
        done = LeadClassification.objects.filter(request_key=request_key).first()
        if done is not None:
            return done
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "There is no text to classify."})
    # The AI call happens outside any transaction: no row stays locked while a vendor thinks.
    answer = _ask_gateway(lead=lead, text=text, metadata=metadata or {}, language=language)
    try:
        return _store(lead=lead, text=text, answer=answer, request_key=request_key, actor=actor)
    except IntegrityError:
        # The same request finished in another worker meanwhile: that one counts.
        done = LeadClassification.objects.filter(request_key=request_key).first() if request_key else None
        if done is None:
            raise
        return done


@transaction.atomic
def _store(*, lead: Lead, text: str, answer: GatewayScore, request_key: str | None, actor) -> LeadClassification:
    now = timezone.now()
    classification = LeadClassification.objects.create(
        lead=lead, score=answer.score, category=answer.category, urgency_points=answer.urgency,
        authority_points=answer.authority, budget_points=answer.budget, fit_points=answer.fit,
        reasoning=answer.reasoning, recommended_action=answer.recommended_action,
        signals=list(answer.signals), provider=answer.provider[:100], model_used=answer.model[:100],
        text_excerpt=text[:EXCERPT_LENGTH], request_key=request_key or None, created_at=now,
    )
    # Conditional UPDATEs instead of lock-read-save: the newest classification wins even when
    # two workers finish together, and the history (LeadClassification) is already the record.
    Lead.objects.filter(pk=lead.pk).filter(Q(last_classified_at__isnull=True) | Q(last_classified_at__lte=now)) \
        .update(score=answer.score, category=answer.category, last_classified_at=now, updated_at=now)
    audit_record(
        action="lead.classified", target=lead, actor_type=AuditEvent.ActorType.AI,
        actor=actor, reason=answer.reasoning,
        data={"classification_id": classification.pk, "score": answer.score, "category": answer.category,
              "recommended_action": answer.recommended_action, "provider": answer.provider,
              "model": answer.model},
    )
    event_publish("lead.classified", {
        "lead_id": lead.pk, "contact_id": lead.contact_id, "classification_id": classification.pk,
        "score": answer.score, "category": answer.category, "reasoning": answer.reasoning,
        "recommended_action": answer.recommended_action, "signals": list(answer.signals),
        "ai_model_used": answer.model, "owner_id": lead.owner_id,
    })
    if answer.score > HOT_ALERT_SCORE and _claim_hot_alert(lead, now):
        _alert_hot(lead, classification)
    logger.info("lead_classified", lead_id=lead.pk, score=answer.score, category=answer.category,
                provider=answer.provider, model=answer.model)
    return classification


def _claim_hot_alert(lead: Lead, now) -> bool:
    """True for the one classification that raises the alert: hot leads page sales once, and
    only while nobody owns them and they are still open."""
    return bool(Lead.objects.filter(pk=lead.pk, owner__isnull=True, hot_alerted_at__isnull=True)
                .exclude(status__in=[Lead.Status.CONVERTED, Lead.Status.LOST])
                .update(hot_alerted_at=now))


def _alert_hot(lead: Lead, classification: LeadClassification) -> None:
    audit_record(
        action="lead.hot", target=lead, actor_type=AuditEvent.ActorType.AI,
        reason=f"Scored {classification.score} (> {HOT_ALERT_SCORE}) and nobody owns the lead.",
        data={"classification_id": classification.pk, "score": classification.score,
              "signals": classification.signals, "recommended_action": classification.recommended_action},
    )
    contact = lead.contact
    event_publish("lead.hot", {
        "lead_id": lead.pk, "contact_id": lead.contact_id, "name": contact.full_name,
        "email": contact.email, "phone": contact.phone, "score": classification.score,
        "reasoning": classification.reasoning, "recommended_action": classification.recommended_action,
        "signals": classification.signals, "source": lead.source, "campaign": lead.campaign,
    })


def _context_for(lead: Lead, overrides: dict) -> tuple[dict, str]:
    """What the rubric reads about the sender (the CRM's record, then what the caller adds) and
    the lead's latest earlier messages, in two queries."""
    contact = lead.contact
    earlier = list(LeadClassification.objects.filter(lead=lead).order_by("-created_at")
                   .annotate(total=Window(Count("pk"))).values_list("text_excerpt", "total")[:HISTORY_MESSAGES])
    known = {
        "name": contact.full_name, "phone": contact.phone, "email": contact.email,
        "company": contact.company.name if contact.company_id else "", "job_title": contact.job_title,
        "source": lead.get_source_display(),
        "previous_interactions": earlier[0][1] if earlier else 0,
        "is_customer": contact.orders.exists(),
    }
    metadata = {**known, **{key: value for key, value in overrides.items() if value not in (None, "")}}
    return metadata, "\n".join(excerpt for excerpt, _ in reversed(earlier))


def _ask_gateway(*, lead: Lead, text: str, metadata: dict, language: str) -> GatewayScore:
    try:
        known, history = _context_for(lead, metadata)
        response = ai_classify_lead(message=text, metadata=known, language=language or None,
                                    interaction_history=history, caller="leads.lead_classify")
    except AIInputError as exc:
        raise ValidationError({"text": str(exc)}) from exc
    result = response.result
    return GatewayScore(
        score=result.score, category=result.category.value, urgency=result.breakdown.urgency,
        authority=result.breakdown.authority, budget=result.breakdown.budget, fit=result.breakdown.fit,
        reasoning=result.reasoning, recommended_action=result.recommended_action.value,
        signals=list(result.signals), provider=response.provider, model=response.model,
    )


# Leads whose first-message classification has not happened this long after creation had
# their task lost (broker down at commit, worker killed): the sweep asks again.
MISSED_AFTER = timedelta(minutes=10)
SWEEP_LIMIT = 500


def leads_request_missing_classifications(*, now=None) -> int:
    """Queue again the first-message classification of leads that never got one.

    Safe to run any time: the request key of a lead's first message is fixed, so a lead
    whose original task also runs in the end is still classified once.
    """
    from leads.selectors import leads_never_classified
    from leads.services.leads import initial_request_key

    missed = list(leads_never_classified(older_than=MISSED_AFTER, now=now).order_by("pk")[:SWEEP_LIMIT])
    for lead in missed:
        lead_request_classification(lead=lead, text=lead.message, request_key=initial_request_key(lead))
    return len(missed)
