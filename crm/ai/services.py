"""Writes of the AI gateway, shared by the admin, the API, the command and the tasks."""

from __future__ import annotations

import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from crm.ai import registry
from crm.ai.base import ProviderError, SentimentLabel
from crm.ai.cache import invalidate
from crm.ai.chains import chains_changed
from crm.ai.gateway import AIResponse, ai_classify_lead
from crm.ai.local import store, training
from crm.ai.local.text import detect_language
from crm.ai.models import CallLog, LocalModel, Provider, TrainingExample
from crm.ai.openai_compatible import scrub
from crm.ai.prompt_defaults import DEFAULT_TEMPLATES
from crm.models import AuditEvent
from crm.services.audit import audit_record


def lead_message_classify(*, message: str, sender_metadata: Mapping[str, Any] | None = None,
                          lead_reference: str = "", language: str | None = None, actor=None,
                          caller: str = "api") -> AIResponse:
    """Classify a lead's message (Flow 2) and record who asked and what was decided.

    The leads app will call ``ai_classify_lead`` itself and store the classification on the
    Lead; this service serves the API, where no Lead record exists yet."""
    response = ai_classify_lead(message=message, metadata=sender_metadata, language=language, caller=caller)
    result = response.result
    audit_record(
        action="ai.lead_classified",
        actor_type=AuditEvent.ActorType.INTEGRATION if actor is not None else AuditEvent.ActorType.AI,
        actor=actor,
        reason=result.reasoning,
        data={"lead_reference": lead_reference, "score": result.score, "category": result.category.value,
              "recommended_action": result.recommended_action.value, "provider": response.provider,
              "model": response.model, "request_id": str(response.request_id)},
    )
    return response


@dataclass(frozen=True)
class ProviderTestResult:
    ok: bool
    message: str
    latency_ms: int
    model: str


def provider_test(*, provider: Provider, actor=None, caller: str = "admin:test") -> ProviderTestResult:
    """One small real call (the admin's "test provider" button and the periodic check)."""
    config = provider.to_config()
    started = time.perf_counter()
    try:
        answer = registry.build(config).check()
        ok, message, model, tokens = True, answer.result.text, answer.model, (answer.prompt_tokens,
                                                                              answer.completion_tokens)
        outcome = "ok"
    except ProviderError as exc:
        ok, message, model, tokens, outcome = False, scrub(str(exc), config.api_key), config.model, (0, 0), exc.outcome
    latency = round((time.perf_counter() - started) * 1000)
    now = timezone.now()
    CallLog.objects.create(
        created_at=now, request_id=uuid.uuid4(), task="generate", template_key="provider_check", caller=caller,
        provider=provider, provider_name=provider.name, provider_kind=provider.kind, model=model or "",
        outcome=outcome, error="" if ok else message, latency_ms=latency, prompt_tokens=tokens[0],
        completion_tokens=tokens[1], total_tokens=sum(tokens), cost=round(config.cost(*tokens), 6),
    )
    if ok:
        Provider.objects.filter(pk=provider.pk).update(last_success_at=now)
    else:
        Provider.objects.filter(pk=provider.pk).update(last_error_at=now, last_error=message)
    if actor is not None:
        audit_record(action="ai.provider_tested", target=provider, actor_type=AuditEvent.ActorType.USER,
                     actor=actor, reason=message[:200], data={"ok": ok, "latency_ms": latency})
    return ProviderTestResult(ok=ok, message=message, latency_ms=latency, model=model or "")


def providers_test_enabled() -> dict[str, int]:
    """Check every enabled vendor provider; their health shows in the admin list."""
    counts = {"ok": 0, "failed": 0}
    for provider in Provider.objects.filter(enabled=True).exclude(kind=registry.LOCAL_KIND):
        result = provider_test(provider=provider, caller="task:health_check")
        counts["ok" if result.ok else "failed"] += 1
    return counts


def providers_changed() -> None:
    """After providers or chains change (admin saves): every process reloads them."""
    chains_changed()


def prompts_changed() -> None:
    """After a prompt template changes: every process reloads the templates."""
    invalidate("prompts")


def reviewed_examples() -> list[training.LabelledText]:
    return [
        training.LabelledText(text, intent, sentiment, language, "reviewed")
        for text, intent, sentiment, language in TrainingExample.objects.filter(reviewed=True)
        .order_by("pk").values_list("text", "intent", "sentiment", "language")
    ]


def local_model_train(*, include_reviewed: bool = True, origin: str = LocalModel.Origin.COMMAND,
                      user=None, activate: bool = True) -> LocalModel:
    """Retrain the offline classifiers (corpus + reviewed production labels), evaluate them on
    the held-out split, store them with their metrics and (by default) serve them."""
    examples = training.shipped_examples() + (reviewed_examples() if include_reviewed else [])
    bundle = training.train(examples)
    row = store.store(bundle, training.dumps(bundle), origin=origin, user=user, activate=activate)
    audit_record(
        action="ai.model_trained", target=row,
        actor_type=AuditEvent.ActorType.USER if user is not None else AuditEvent.ActorType.SYSTEM,
        actor=user, reason=f"{origin}: {bundle.counts.get('total', 0)} examples",
        data={"version": row.version, "intent_macro_f1": bundle.metrics["intent"]["macro_f1"],
              "sentiment_accuracy": bundle.metrics["sentiment"]["accuracy"], "activated": activate},
    )
    return row


def local_model_activate(*, model: LocalModel, user=None) -> None:
    store.activate(model)
    audit_record(action="ai.model_activated", target=model, actor_type=AuditEvent.ActorType.USER,
                 actor=user, reason=f"serve {model.version}")


def training_example_record(*, text: str, intent: str, sentiment: str = SentimentLabel.NEUTRAL.value,
                            language: str | None = None, predicted_intent: str = "",
                            predicted_sentiment: str = "", source: str = "", reviewed: bool = False,
                            user=None) -> TrainingExample:
    """A production message with its correct labels (e.g. an agent corrected the intent)."""
    example = TrainingExample(
        text=text.strip()[: settings.AI_MAX_INPUT_CHARS], intent=intent, sentiment=sentiment,
        language=language or detect_language(text, default=settings.AI_DEFAULT_LANGUAGE),
        predicted_intent=predicted_intent, predicted_sentiment=predicted_sentiment, source=source,
        reviewed=reviewed, reviewed_by=user if reviewed else None,
        reviewed_at=timezone.now() if reviewed else None,
    )
    example.full_clean()
    example.save()
    return example


def training_examples_mark_reviewed(*, examples: QuerySet, user) -> int:
    return examples.filter(reviewed=False).update(reviewed=True, reviewed_by=user, reviewed_at=timezone.now())


def call_logs_purge(*, older_than_days: int | None = None) -> int:
    days = settings.AI_CALL_LOG_RETENTION_DAYS if older_than_days is None else older_than_days
    deleted, _ = CallLog.objects.filter(created_at__lt=timezone.now() - timedelta(days=days)).delete()
    return deleted


@transaction.atomic
def prompt_templates_restore_default(*, templates: QuerySet, user=None) -> int:
    """Put the shipped text back into templates staff edited; history keeps their version."""
    restored = 0
    for template in templates.select_for_update():
        entry = DEFAULT_TEMPLATES.get(template.key)
        if entry is None or template.language not in entry:
            continue
        texts = entry[template.language]
        template.system_prompt, template.user_prompt = texts["system"], texts["user"]
        template.local_template = texts.get("local", "")
        template.save()
        restored += 1
    if restored:
        transaction.on_commit(lambda: invalidate("prompts"))
        audit_record(action="ai.prompts_restored", actor_type=AuditEvent.ActorType.USER, actor=user,
                     reason=f"{restored} templates restored to their defaults")
    return restored
