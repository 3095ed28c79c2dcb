"""Offline intent detection: primary intent from the trained classifier, secondary intents
from the runner-up probabilities and from explicit cues, entities from rules + catalogue."""

from __future__ import annotations

from crm.ai.base import Intent, IntentResult
from crm.ai.local.entities import ExtractedEntities, extract
from crm.ai.local.features import TextAnalysis
from crm.ai.local.linear import CompiledLinearModel

SECONDARY_MIN_PROBABILITY = 0.12
MAX_SECONDARY = 3

# A cue in the message makes its intent a secondary one even when the classifier ranks it
# low: "llegó defectuoso, quiero reembolso" is a complaint that also asks for a refund.
CUE_SECONDARIES = {
    "refund": Intent.REFUND_REQUEST,
    "warranty": Intent.WARRANTY_CLAIM,
    "price": Intent.PRICING_QUESTION,
    "stock": Intent.PRODUCT_INFO,
    "specs": Intent.PRODUCT_INFO,
    "partnership": Intent.PARTNERSHIP,
}

DESCRIPTIONS = {
    "es": {
        Intent.PURCHASE_INQUIRY: "quiere comprar", Intent.PRODUCT_INFO: "pide información de producto",
        Intent.PRICING_QUESTION: "pregunta por precios", Intent.COMPLAINT: "presenta una queja",
        Intent.SUPPORT_REQUEST: "pide soporte técnico", Intent.WARRANTY_CLAIM: "reclama la garantía",
        Intent.DELIVERY_TRACKING: "pregunta por el estado de un envío",
        Intent.REFUND_REQUEST: "pide una devolución o reembolso", Intent.PARTNERSHIP: "propone una alianza comercial",
        Intent.GENERAL_INQUIRY: "hace una consulta general", Intent.SPAM: "parece spam o no es relevante",
    },
    "en": {
        Intent.PURCHASE_INQUIRY: "wants to buy", Intent.PRODUCT_INFO: "asks for product information",
        Intent.PRICING_QUESTION: "asks about prices", Intent.COMPLAINT: "is complaining",
        Intent.SUPPORT_REQUEST: "asks for technical support", Intent.WARRANTY_CLAIM: "claims the warranty",
        Intent.DELIVERY_TRACKING: "asks about a shipment", Intent.REFUND_REQUEST: "asks for a return or refund",
        Intent.PARTNERSHIP: "proposes a business partnership", Intent.GENERAL_INQUIRY: "asks a general question",
        Intent.SPAM: "looks like spam or is irrelevant",
    },
}


def _secondaries(primary: Intent, ranked: list[tuple[str, float]], analysis: TextAnalysis,
                 found: ExtractedEntities) -> list[Intent]:
    candidates: dict[Intent, float] = {}
    said: set[Intent] = set()  # intents the customer put into words
    for label, probability in ranked[1:]:
        if probability >= SECONDARY_MIN_PROBABILITY:
            candidates[Intent(label)] = probability
    probabilities = dict(ranked)
    for cue, intent in CUE_SECONDARIES.items():
        if analysis.has(cue):
            candidates.setdefault(intent, probabilities[intent.value])
            said.add(intent)
    entities = found.entities
    if primary == Intent.COMPLAINT and entities.issue in ("defective product", "broken product", "does not work",
                                                         "does not turn on"):
        candidates.setdefault(Intent.WARRANTY_CLAIM, probabilities[Intent.WARRANTY_CLAIM.value])
    if primary == Intent.PURCHASE_INQUIRY and analysis.has("delivery"):
        candidates.setdefault(Intent.DELIVERY_TRACKING, probabilities[Intent.DELIVERY_TRACKING.value])
    if analysis.has("complaint") and analysis.lexicon.score <= -0.3:
        candidates.setdefault(Intent.COMPLAINT, probabilities[Intent.COMPLAINT.value])
    if primary == Intent.SPAM:
        return []  # nothing else in a spam message deserves an action
    candidates.pop(primary, None)
    # Cue-driven secondaries rank first (the customer said it), then by probability.
    ordered = sorted(candidates, key=lambda intent: (intent not in said, -candidates[intent]))
    return ordered[:MAX_SECONDARY]


# Entities are canonical English values; reasoning in Spanish shows them in Spanish.
SPANISH_LABELS = {
    "today": "hoy", "tomorrow": "mañana", "day after tomorrow": "pasado mañana", "asap": "lo antes posible",
    "this week": "esta semana", "next week": "la próxima semana", "this month": "este mes",
    "monday": "el lunes", "tuesday": "el martes", "wednesday": "el miércoles", "thursday": "el jueves",
    "friday": "el viernes", "saturday": "el sábado", "sunday": "el domingo",
    "defective product": "producto defectuoso", "broken product": "producto roto",
    "damaged product": "producto dañado", "does not turn on": "no enciende", "does not work": "no funciona",
    "incomplete order": "pedido incompleto", "double charge": "cobro doble", "wrong item": "producto equivocado",
    "late delivery": "entrega atrasada", "refund": "reembolso", "replacement": "cambio", "repair": "reparación",
    "cancellation": "cancelación",
}


def localized(value: str, language: str) -> str:
    return SPANISH_LABELS.get(value, value) if language == "es" else value


def _reasoning(primary: Intent, analysis: TextAnalysis, found: ExtractedEntities, language: str) -> str:
    spanish = language == "es"
    parts = [("El cliente " if spanish else "The customer ") + DESCRIPTIONS[language][primary]]
    entities = found.entities
    details = []
    if entities.quantity and entities.products:
        details.append(f"{entities.quantity} × {', '.join(entities.products[:3])}")
    elif entities.products:
        details.append(", ".join(entities.products[:3]))
    if entities.urgency:
        details.append((f"plazo: {localized(entities.urgency, language)}" if spanish
                        else f"timing: {entities.urgency}"))
    if entities.issue:
        details.append((f"problema: {localized(entities.issue, language)}" if spanish
                        else f"issue: {entities.issue}"))
    if entities.resolution_wanted:
        details.append((f"pide: {localized(entities.resolution_wanted, language)}" if spanish
                        else f"wants: {entities.resolution_wanted}"))
    if details:
        parts.append(" (" + "; ".join(details) + ")")
    return "".join(parts) + "."


def detect(analysis: TextAnalysis, model: CompiledLinearModel, *, found: ExtractedEntities | None = None
           ) -> IntentResult:
    found = found or extract(analysis.normalized, original=analysis.original)
    probabilities = model.probabilities(analysis.intent_columns())
    ranked = sorted(probabilities.items(), key=lambda item: -item[1])
    primary = Intent(ranked[0][0])
    return IntentResult(
        primary_intent=primary,
        secondary_intents=_secondaries(primary, ranked, analysis, found),
        confidence=round(ranked[0][1], 3),
        entities=found.entities,
        reasoning=_reasoning(primary, analysis, found, analysis.language),
    )
