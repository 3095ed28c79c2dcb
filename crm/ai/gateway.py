"""The one way the CRM calls AI.

    from crm.ai.gateway import ai_detect_intent
    response = ai_detect_intent(text=message.content, caller="conversations.message_receive")
    response.result.primary_intent      # validated IntentResult
    response.model, response.latency_ms, response.fallback_used

Each function runs the task's provider chain (admin-configured, offline provider last),
falls back on timeout, HTTP 429/5xx, refusal or invalid output, logs every attempt in the
call log, and returns an ``AIResponse`` whose ``result`` has been validated. Customer text is
always passed to LLMs as quoted data. ``AIInputError`` reports empty or oversized input;
``AIUnavailable`` (transient) means even the offline provider failed.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

import structlog
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from pydantic import BaseModel

from crm.ai import registry
from crm.ai.base import (
    AITask,
    AIUnavailable,
    ChatContext,
    ChatReply,
    ChatTurn,
    Evaluation,
    GeneratedText,
    IntentResult,
    LeadMetadata,
    LeadScore,
    ProductFact,
    ProviderConfig,
    ProviderError,
    SentimentResult,
    TaskRequest,
)
from crm.ai.chains import chain_for
from crm.ai.local.text import detect_language
from crm.ai.openai_compatible import scrub
from crm.ai.prompt_defaults import DEFAULT_TEMPLATES, TASK_TEMPLATES
from crm.ai.prompts import build_prompt, get_template

logger = structlog.get_logger("crm.ai")
R = TypeVar("R", bound=BaseModel)
M = TypeVar("M", bound=BaseModel)
LANGUAGES = ("es", "en")


SUCCESS_WRITE_INTERVAL_SECONDS = 60
_success_written: dict[int, float] = {}  # provider id -> monotonic time of the last success write


# Template -> variables a customer wrote (marked "*" in the shipped declarations).
CUSTOMER_WRITTEN = {key: tuple(v.rstrip("*") for v in entry["variables"] if v.endswith("*"))
                    for key, entry in DEFAULT_TEMPLATES.items()}


class AIInputError(ValueError):
    """The input cannot be sent to any model (empty, too long, unknown language)."""


@dataclass(frozen=True)
class Attempt:
    provider: str
    kind: str
    model: str
    outcome: str
    latency_ms: int
    error: str = ""


@dataclass(frozen=True)
class AIResponse(Generic[R]):
    result: R
    provider: str
    provider_kind: str
    model: str
    language: str
    latency_ms: int
    request_id: uuid.UUID
    attempts: tuple[Attempt, ...]

    @property
    def fallback_used(self) -> bool:
        return len(self.attempts) > 1

    @property
    def ai_model_used(self) -> str:
        return self.model


def _clean_text(value: str, field: str = "text") -> str:
    if not isinstance(value, str) or not value.strip():
        raise AIInputError(f"{field}: the text is empty — send the customer's message.")
    value = value.strip()
    if len(value) > settings.AI_MAX_INPUT_CHARS:
        raise AIInputError(f"{field}: the text has {len(value)} characters; the limit is "
                           f"{settings.AI_MAX_INPUT_CHARS} (AI_MAX_INPUT_CHARS).")
    return value


def _language(language: str | None, sample: str) -> str:
    if language:
        if language not in LANGUAGES:
            raise AIInputError(f"language: use one of {', '.join(LANGUAGES)}, not {language!r}.")
        return language
    return detect_language(sample, default=settings.AI_DEFAULT_LANGUAGE) if sample else settings.AI_DEFAULT_LANGUAGE


def _prompt_factory(template: str, language: str, variables: dict[str, Any], customer_text: dict[str, str]):
    def build():
        return build_prompt(get_template(template, language), language=language, variables=variables,
                            customer_text=customer_text)
    return build


def _write_call_log(rows: list) -> None:
    from crm.ai.models import CallLog

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # A log row need not wait for the WAL flush (the commit still happens, in order; a
        # server crash could lose the last fraction of a second of log rows, never business
        # data). Only on our own transaction: a caller's transaction keeps its guarantees.
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            CallLog.objects.bulk_create(rows)
    else:
        CallLog.objects.bulk_create(rows)


def _log_rows(task: AITask, request: TaskRequest, request_id: uuid.UUID, caller: str,
              rows: list[tuple[ProviderConfig, Attempt, int, int]]) -> None:
    from crm.ai.models import CallLog, Provider

    now = timezone.now()
    input_chars = len(request.text) + sum(len(v) for v in request.customer_text.values() if v != request.text)
    _write_call_log([
        CallLog(created_at=now, request_id=request_id, task=task.value, template_key=request.template,
                caller=caller[:80], attempt=position, provider_id=config.id, provider_name=config.name,
                provider_kind=config.kind, model=attempt.model[:120], outcome=attempt.outcome,
                error=attempt.error, latency_ms=attempt.latency_ms, prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens, total_tokens=prompt_tokens + completion_tokens,
                cost=round(config.cost(prompt_tokens, completion_tokens), 6), input_chars=input_chars)
        for position, (config, attempt, prompt_tokens, completion_tokens) in enumerate(rows, start=1)
    ])
    for config, attempt, _, _ in rows:
        if config.id is None or config.kind == registry.LOCAL_KIND:
            continue  # the offline provider has no health to track
        if attempt.outcome != "ok":
            Provider.objects.filter(pk=config.id).update(last_error_at=now, last_error=attempt.error[:400])
            _success_written.pop(config.id, None)
        elif time.monotonic() - _success_written.get(config.id, -1e9) > SUCCESS_WRITE_INTERVAL_SECONDS:
            # One row per provider is updated by every process: at most once a minute on success,
            # so a busy provider does not become a hot row.
            Provider.objects.filter(pk=config.id).update(last_success_at=now)
            _success_written[config.id] = time.monotonic()


def _run(task: AITask, request: TaskRequest, *, caller: str) -> AIResponse:
    request_id = uuid.uuid4()
    started = time.perf_counter()
    rows: list[tuple[ProviderConfig, Attempt, int, int]] = []
    answer = None
    config = None
    for config in chain_for(task):
        attempt_started = time.perf_counter()
        error, outcome = "", "ok"
        try:
            answer = registry.build(config).run(request)
        except ProviderError as exc:
            outcome, error = exc.outcome, scrub(str(exc), config.api_key)
        except Exception as exc:  # a bug in one provider must not stop the chain
            outcome, error = "error", scrub(f"{type(exc).__name__}: {exc}", config.api_key)
            # A traceback only for our offline code: a vendor path's message was scrubbed above.
            logger.error("ai_provider_crashed", task=task.value, provider=config.name,
                         error_type=type(exc).__name__, exc_info=config.kind == registry.LOCAL_KIND)
        latency = round((time.perf_counter() - attempt_started) * 1000)
        model = answer.model if answer is not None and outcome == "ok" else config.model
        attempt = Attempt(config.name, config.kind, model or "", outcome, latency, error)
        tokens = (answer.prompt_tokens, answer.completion_tokens) if outcome == "ok" else (0, 0)
        rows.append((config, attempt, *tokens))
        log = logger.debug if outcome == "ok" else logger.warning
        log("ai_call", task=task.value, provider=config.name, kind=config.kind, model=model,
            outcome=outcome, latency_ms=latency, prompt_tokens=tokens[0], completion_tokens=tokens[1],
            attempt=len(rows), request_id=str(request_id), caller=caller, error=error or None)
        if outcome == "ok":
            break
        answer = None
    _log_rows(task, request, request_id, caller, rows)
    if answer is None or config is None:
        summary = "; ".join(f"{a.provider}: {a.outcome}" for _, a, _, _ in rows)
        raise AIUnavailable(f"every provider failed for {task.value} ({summary})")
    return AIResponse(
        result=answer.result, provider=config.name, provider_kind=config.kind, model=answer.model,
        language=request.language, latency_ms=round((time.perf_counter() - started) * 1000),
        request_id=request_id, attempts=tuple(a for _, a, _, _ in rows),
    )


def _metadata(value: LeadMetadata | Mapping[str, Any] | None) -> LeadMetadata:
    if value is None or isinstance(value, LeadMetadata):
        return value or LeadMetadata()
    known = {f.name for f in fields(LeadMetadata)}
    data = {key: value[key] for key in known if value.get(key) not in (None, "")}
    try:
        data["previous_interactions"] = int(data.get("previous_interactions", 0))
    except (TypeError, ValueError):
        raise AIInputError("sender_metadata.previous_interactions: use a whole number.") from None
    data["is_customer"] = bool(data.get("is_customer", False))
    return LeadMetadata(**{k: (str(v)[:200] if isinstance(v, str) else v) for k, v in data.items()})


def ai_classify_lead(*, message: str, metadata: LeadMetadata | Mapping[str, Any] | None = None,
                     language: str | None = None, business_context: str = "", interaction_history: str = "",
                     caller: str = "") -> AIResponse[LeadScore]:
    """Flow 2: score 0–100 (urgency/authority/budget/fit), hot/warm/cold, action, signals."""
    text = _clean_text(message, "message")
    lead = _metadata(metadata)
    lang = _language(language, text)
    customer_text = {"message": text, "name": lead.name, "company": lead.company}
    if interaction_history:
        customer_text["interaction_history"] = interaction_history
    variables = {"previous_interactions": lead.previous_interactions, "source": lead.source,
                 "business_context": business_context}
    template = TASK_TEMPLATES[AITask.CLASSIFY_LEAD]
    request = TaskRequest(task=AITask.CLASSIFY_LEAD, language=lang, text=text, lead=lead, template=template,
                          variables=variables, customer_text=customer_text,
                          prompt=_prompt_factory(template, lang, variables, customer_text))
    return _run(AITask.CLASSIFY_LEAD, request, caller=caller)


def ai_detect_intent(*, text: str, context: Mapping[str, Any] | None = None, language: str | None = None,
                     caller: str = "") -> AIResponse[IntentResult]:
    """Flow 3: primary and secondary intents, confidence, entities."""
    text = _clean_text(text)
    lang = _language(language, text)
    customer_text = {"message": text}
    if context:
        customer_text["context"] = json.dumps(dict(context), ensure_ascii=False, default=str)
    template = TASK_TEMPLATES[AITask.DETECT_INTENT]
    request = TaskRequest(task=AITask.DETECT_INTENT, language=lang, text=text, template=template,
                          customer_text=customer_text, prompt=_prompt_factory(template, lang, {}, customer_text))
    return _run(AITask.DETECT_INTENT, request, caller=caller)


def ai_analyze_sentiment(*, text: str, language: str | None = None, caller: str = "") -> AIResponse[SentimentResult]:
    """Flow 4: label, score −1..+1, emotions, urgency, churn risk, priority."""
    text = _clean_text(text)
    lang = _language(language, text)
    customer_text = {"message": text}
    template = TASK_TEMPLATES[AITask.ANALYZE_SENTIMENT]
    request = TaskRequest(task=AITask.ANALYZE_SENTIMENT, language=lang, text=text, template=template,
                          customer_text=customer_text, prompt=_prompt_factory(template, lang, {}, customer_text))
    return _run(AITask.ANALYZE_SENTIMENT, request, caller=caller)


def ai_chat_reply(*, message: str, history: Sequence[ChatTurn | Mapping[str, str]] = (),
                  context: ChatContext | None = None, language: str | None = None,
                  caller: str = "") -> AIResponse[ChatReply]:
    """Flow 6: the assistant's next reply, stating only the catalogue facts in ``context``."""
    text = _clean_text(message, "message")
    lang = _language(language, text)
    turns = tuple(t if isinstance(t, ChatTurn) else ChatTurn(str(t.get("role", "")), str(t.get("content", "")))
                  for t in history)
    context = context or ChatContext()
    history_text = "\n".join(f"{turn.role}: {turn.content}" for turn in turns[-20:])
    customer_text = {"message": text, "history": history_text, "customer_name": context.customer_name}
    variables = {"products": [_product_dict(p) for p in context.products], "policies": list(context.policies)}
    template = TASK_TEMPLATES[AITask.CHAT_REPLY]
    request = TaskRequest(task=AITask.CHAT_REPLY, language=lang, text=text, turns=turns, chat=context,
                          template=template, variables=variables, customer_text=customer_text,
                          prompt=_prompt_factory(template, lang, variables, customer_text))
    return _run(AITask.CHAT_REPLY, request, caller=caller)


def _product_dict(product: ProductFact) -> dict[str, Any]:
    return {"name": product.name, "price": product.price, "currency": product.currency,
            "stock": product.stock, "features": list(product.features)}


def _templated(task: AITask, template: str, variables: Mapping[str, Any] | None,
               customer_text: Mapping[str, str] | None, language: str | None,
               schema: type[BaseModel] | None) -> TaskRequest:
    get_template(template, settings.AI_DEFAULT_LANGUAGE)  # unknown names fail here, loudly
    values = dict(variables or {})
    untrusted_input = dict(customer_text or {})
    # Variables the template declares as customer-written are quoted for LLMs even when a
    # caller passes them as plain variables (e.g. the contact records of a duplicate check).
    for name in CUSTOMER_WRITTEN.get(template, ()):
        if name in values and name not in untrusted_input and values[name] not in (None, ""):
            value = values[name]
            untrusted_input[name] = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                                                     default=str)
    untrusted = {name: _clean_text(value, name) if value else "" for name, value in untrusted_input.items()}
    sample = " ".join(v for v in untrusted.values() if v)
    lang = _language(language, sample)
    return TaskRequest(task=task, language=lang, text="", template=template, variables=values,
                       customer_text=untrusted, schema=schema,
                       prompt=_prompt_factory(template, lang, values, untrusted))


def ai_generate(*, template: str, variables: Mapping[str, Any] | None = None,
                customer_text: Mapping[str, str] | None = None, language: str | None = None,
                caller: str = "") -> AIResponse[GeneratedText]:
    """Text from a prompt template (follow-ups, reminders, replies…); offline: its local template."""
    request = _templated(AITask.GENERATE, template, variables, customer_text, language, None)
    return _run(AITask.GENERATE, request, caller=caller)


def ai_generate_json(*, template: str, schema: type[M], variables: Mapping[str, Any] | None = None,
                     customer_text: Mapping[str, str] | None = None, language: str | None = None,
                     caller: str = "") -> AIResponse[M]:
    """A JSON document validated against ``schema`` (a pydantic model)."""
    request = _templated(AITask.GENERATE, template, variables, customer_text, language, schema)
    return _run(AITask.GENERATE, request, caller=caller)


def ai_evaluate(*, template: str, variables: Mapping[str, Any] | None = None,
                customer_text: Mapping[str, str] | None = None, language: str | None = None,
                caller: str = "") -> AIResponse[Evaluation]:
    """A yes/no decision with confidence and reasoning (case closed? same person?)."""
    request = _templated(AITask.EVALUATE, template, variables, customer_text, language, None)
    return _run(AITask.EVALUATE, request, caller=caller)


__all__ = [
    "AIInputError", "AIResponse", "AIUnavailable", "Attempt", "ChatContext", "ChatTurn", "LeadMetadata",
    "ProductFact", "ai_analyze_sentiment", "ai_chat_reply", "ai_classify_lead", "ai_detect_intent",
    "ai_evaluate", "ai_generate", "ai_generate_json",
]
