"""Offline writing: admin-editable templates with variables, so every generating flow still
sends a sensible message when no LLM answers — and a chat reply that only states catalogue
facts it was given."""

from __future__ import annotations

import json
import re

from pydantic import BaseModel, ValidationError

from crm.ai.base import (
    ChatAction,
    ChatContext,
    ChatReply,
    GeneratedText,
    Intent,
    IntentResult,
    InvalidOutput,
    ProductFact,
    SentimentResult,
    TaskRequest,
    Unsupported,
)
from crm.ai.local.features import TextAnalysis
from crm.ai.local.text import normalize
from crm.ai.prompts import get_template, render_local

HUMAN_REQUEST = re.compile(
    r"\b(hablar|comunicarme|hablo) con (una persona|un humano|alguien|un agente|un asesor|un supervisor)\b|"
    r"\b(persona real|humano|agente humano)\b|\b(talk|speak) (to|with) (a human|a person|someone|an agent|a real person|a supervisor)\b|"
    r"\breal person\b|\bhuman agent\b"
)
LEGAL = re.compile(r"\babogad[oa]\b|\bdemanda\b|\bdenuncia\b|\bacodeco\b|\blawyer\b|\blawsuit\b|\bsue\b|\blegal action\b")
NEEDS_PERSON = {Intent.REFUND_REQUEST, Intent.COMPLAINT, Intent.WARRANTY_CLAIM}
SHOWS_PRODUCTS = {Intent.PURCHASE_INQUIRY, Intent.PRICING_QUESTION, Intent.PRODUCT_INFO}
SUGGESTIONS = {
    "es": {
        "products": ["Quiero comprarlo", "Ver más opciones", "Hablar con un asesor"],
        "escalate": ["Gracias, espero", "Prefiero que me llamen"],
        "support": ["Te envío el modelo", "Hablar con soporte"],
        "default": ["Ver productos", "Estado de mi pedido", "Hablar con un asesor"],
    },
    "en": {
        "products": ["I want to buy it", "See more options", "Talk to an advisor"],
        "escalate": ["Thanks, I'll wait", "Please call me instead"],
        "support": ["I'll send the model", "Talk to support"],
        "default": ["See products", "My order status", "Talk to an advisor"],
    },
}
ESCALATION_REASONS = {
    "es": {"refund": "Los reembolsos los gestiona una persona de nuestro equipo.",
           "human": "Claro, te comunico con una persona.",
           "legal": "Tu mensaje necesita la atención directa de nuestro equipo.",
           "upset": "Lamento mucho lo ocurrido.",
           "problem": "Lamento el inconveniente."},
    "en": {"refund": "Refunds are handled by a person on our team.",
           "human": "Of course, I'll put you through to a person.",
           "legal": "Your message needs our team's direct attention.",
           "upset": "I'm really sorry about what happened.",
           "problem": "Sorry about the trouble."},
}


def generate(request: TaskRequest) -> BaseModel:
    spec = get_template(request.template, request.language)
    if not spec.local_template.strip():
        raise Unsupported(f"template {request.template!r} has no offline version; add one in the admin")
    rendered = render_local(spec, language=request.language, variables=request.variables,
                            customer_text=request.customer_text)
    try:
        if request.schema is None:
            text = rendered if isinstance(rendered, str) else json.dumps(rendered, ensure_ascii=False)
            return GeneratedText(text=text)
        data = rendered if isinstance(rendered, dict) else json.loads(rendered)
        return request.schema.model_validate(data)
    except (ValidationError, json.JSONDecodeError) as exc:
        raise InvalidOutput(f"offline template {request.template!r} did not produce a valid answer: {exc}") from exc


def _mentioned(products: tuple[ProductFact, ...], normalized: str) -> list[ProductFact]:
    found = []
    for product in products:
        words = [w for w in normalize(product.name).split() if len(w) >= 3 and not w.isdigit()]
        if words and sum(word in normalized for word in words) >= max(1, len(words) // 2):
            found.append(product)
    return found


def _best_policy(policies: tuple[str, ...], normalized: str) -> str:
    words = {w for w in normalized.split() if len(w) > 3}
    best, best_score = "", 0.0
    for policy in policies:
        policy_words = {w for w in normalize(policy).split() if len(w) > 3}
        if not policy_words or not words:
            continue
        score = len(words & policy_words) / len(words | policy_words)
        if score > best_score:
            best, best_score = policy, score
    return best if best_score >= 0.12 else ""


def _escalation(analysis: TextAnalysis, intent: IntentResult, sentiment: SentimentResult) -> str | None:
    text = analysis.normalized
    if HUMAN_REQUEST.search(text):
        return "human"
    if LEGAL.search(text):
        return "legal"
    if intent.primary_intent == Intent.REFUND_REQUEST or Intent.REFUND_REQUEST in intent.secondary_intents:
        return "refund"
    if sentiment.score <= -0.6:
        return "upset"
    if intent.primary_intent in NEEDS_PERSON:
        return "problem"
    return None


def chat_reply(request: TaskRequest, analysis: TextAnalysis, intent: IntentResult,
               sentiment: SentimentResult) -> ChatReply:
    context = request.chat or ChatContext()
    language = analysis.language
    primary = intent.primary_intent
    reason = _escalation(analysis, intent, sentiment)
    products = _mentioned(context.products, analysis.normalized)
    if not products and primary in SHOWS_PRODUCTS:
        products = list(context.products[:3])  # the caller already searched the catalogue
    facts = [{"name": p.name, "price": p.price, "currency": p.currency, "stock": p.stock,
              "features": list(p.features[:4])} for p in products[:5]]
    policy = "" if facts else _best_policy(context.policies, analysis.normalized)
    spec = get_template("chat_reply", language)
    reply = render_local(spec, language=language, customer_text={}, variables={
        "intent": primary.value, "escalate": bool(reason),
        "escalate_reason": ESCALATION_REASONS[language].get(reason or "", ""),
        "products": facts, "policy": policy, "customer_name": context.customer_name,
        "order_numbers": intent.entities.order_numbers,
    })
    if not isinstance(reply, str) or not reply.strip():
        raise InvalidOutput("the offline chat template produced no text")
    kind = ("escalate" if reason else "products" if facts else
            "support" if primary == Intent.SUPPORT_REQUEST else "default")
    confidence = 0.9 if reason else intent.confidence * (0.9 if facts or policy else 0.6)
    return ChatReply(
        reply=reply,
        action=ChatAction.ESCALATE_TO_HUMAN if reason else ChatAction.REPLY,
        suggested_replies=SUGGESTIONS[language][kind],
        confidence=round(min(1.0, confidence), 3),
        products_mentioned=[p["name"] for p in facts],
    )
