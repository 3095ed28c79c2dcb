"""Offline lead scoring with the Flow 2 rubric: urgency 0–30, authority 0–25, budget 0–25,
fit 0–20 (hot ≥ 80, warm 50–79, cold < 50), from signals in the message, the detected intent
and sentiment, the catalogue and the sender's metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings

from crm.ai.base import (
    Intent,
    IntentResult,
    LeadAction,
    LeadCategory,
    LeadMetadata,
    LeadScore,
    ScoreBreakdown,
    SentimentResult,
    category_for_score,
)
from crm.ai.local.catalogue import CatalogueItem, typical_price
from crm.ai.local.entities import ExtractedEntities
from crm.ai.local.features import TextAnalysis
from crm.ai.local.intent import localized

NOW_WORDS = re.compile(r"\burgente(mente)?\b|\burgent(ly)?\b|\basap\b|\bya mismo\b|\bahora mismo\b|"
                       r"\bright (now|away)\b|\binmediat\w*|\bimmediately\b|\bhoy( mismo)?\b|\btoday\b|"
                       r"\bmanana\b|\btomorrow\b")
SOON_WORDS = re.compile(r"\besta semana\b|\bthis week\b|\bpronto\b|\bsoon\b|\blo antes posible\b|"
                        r"\bcuanto antes\b|\bpara el (lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b|"
                        r"\bby (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
                        r"\bantes del? (lunes|martes|miercoles|jueves|viernes|sabado|domingo)\b|"
                        r"\bbefore (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
LATER_WORDS = re.compile(r"\b(proxima|siguiente) semana\b|\bnext week\b|\beste mes\b|\bthis month\b|\bfin de mes\b")
NO_RUSH = re.compile(r"\bno (hay|tengo) (prisa|apuro)\b|\bno rush\b|\bmas adelante\b|\bel proximo ano\b|"
                     r"\bnext year\b|\bsolo (estoy )?(mirando|viendo|averiguando)\b|\bjust (browsing|looking)\b|"
                     r"\bin the future\b|\bsome ?day\b")
DECISION_MAKER = re.compile(r"\b(soy|somos) (el |la )?(dueno|duena|duenos|propietari[oa]|fundador[a]?|ceo|"
                            r"director[a]?|gerente general|presidente)\b|\bdueno de\b|\bduena de\b|"
                            r"\bi (own|run|founded)\b|\bi'?m the (owner|ceo|founder|director|president)\b|"
                            r"\b(owner|ceo|founder|managing director)\b")
BUYER_ROLE = re.compile(r"\b(gerente|jefe|jefa|encargad[oa]) (de )?(compras|ti|sistemas|it|operaciones|tecnologia)\b|"
                        r"\bcompras\b|\bprocurement\b|\bpurchasing\b|\b(it|operations|office) manager\b|"
                        r"\bhead of\b|\bsoy (el |la )?gerente\b|\bi'?m the (manager|buyer)\b")
ORGANISATION = re.compile(r"\b(mi|nuestra|la) empresa\b|\bsomos una?\b|\bmy (company|business|firm)\b|"
                          r"\bour (company|business|office|school|clinic|team)\b|\bwe('re| are) a\b|\bla oficina\b|"
                          r"\bpara (la|mi) (oficina|empresa|negocio|tienda)\b|\bcorporativ\w*|\bcorporate\b|"
                          r"\bfactura a nombre\b|\bin the company'?s name\b|\b(universidad|colegio|clinica|"
                          r"university|school|clinic)\b")
NEEDS_APPROVAL = re.compile(r"\b(tengo|debo) que (consultarlo|consultar|preguntar)\b|\bmi jefe (decide|tiene que)\b|"
                            r"\b(need|have) to (ask|check with) my (boss|manager|wife|husband|partner)\b|"
                            r"\bnot my decision\b|\bno (es|depende de) mi\b")
BUYING_NOW = re.compile(r"\b(quiero|necesito|necesitamos|requerimos|me llevo|compro|confirmo)\b|"
                        r"\b(i|we) (want|need|require|'ll take|will take|confirm)\b")
BUDGET_CONFIRMED = re.compile(r"\bpresupuesto (esta |ya )?aprobado\b|\bbudget (is )?approved\b|"
                              r"\b(tengo|tenemos) (el )?presupuesto\b|\bwe have (the )?budget\b|\bal contado\b|\bpaying cash\b")
PRICE_SENSITIVE = re.compile(r"\bmuy car[oa]s?\b|\bdemasiado car[oa]\b|\bmas barat[oa]\b|\bmas economic[oa]\b|"
                             r"\bno tengo (presupuesto|dinero|plata)\b|\btoo expensive\b|\bcheap(er|est)\b|"
                             r"\bno budget\b|\bcan'?t afford\b|\bway too high\b")
SERVICE_INTENTS = {Intent.SUPPORT_REQUEST, Intent.WARRANTY_CLAIM, Intent.DELIVERY_TRACKING,
                   Intent.REFUND_REQUEST, Intent.COMPLAINT}
BUYING_INTENTS = {Intent.PURCHASE_INQUIRY, Intent.PRICING_QUESTION, Intent.PRODUCT_INFO}


@dataclass
class _Part:
    points: int
    signals: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _urgency(text: str, intent: Intent, urgency_label: str | None, spanish: bool) -> _Part:
    urgency_label = localized(urgency_label or "", "es" if spanish else "en") or ("sí" if spanish else "yes")
    if NO_RUSH.search(text):
        return _Part(0, [], ["sin prisa" if spanish else "no rush"])
    if NOW_WORDS.search(text):
        return _Part(30, ["urgency"], [f"urgencia alta ({urgency_label})" if spanish else f"high urgency ({urgency_label})"])
    if SOON_WORDS.search(text):
        return _Part(20, ["urgency"], [f"plazo cercano ({urgency_label})" if spanish else f"near deadline ({urgency_label})"])
    if LATER_WORDS.search(text):
        return _Part(12, ["timeline"], ["plazo definido" if spanish else "defined timeline"])
    if intent == Intent.PURCHASE_INQUIRY:
        return _Part(10, [], [])
    return _Part(5 if intent in BUYING_INTENTS else 2, [], [])


def _authority(text: str, metadata: LeadMetadata, quantity: int | None, spanish: bool) -> _Part:
    title = metadata.job_title.lower()
    if DECISION_MAKER.search(text) or DECISION_MAKER.search(title):
        return _Part(25, ["decision_maker"], ["habla quien decide" if spanish else "decision maker"])
    if BUYER_ROLE.search(text) or BUYER_ROLE.search(title):
        return _Part(20, ["buyer_role"], ["responsable de compras" if spanish else "purchasing role"])
    if NEEDS_APPROVAL.search(text):
        return _Part(6, ["needs_approval"], ["necesita aprobación de otra persona" if spanish else "needs someone else's approval"])
    if ORGANISATION.search(text) or metadata.company or (quantity or 0) >= 10:
        return _Part(15, ["business_buyer"], ["compra para una organización" if spanish else "buying for an organisation"])
    if BUYING_NOW.search(text):
        return _Part(12, [], [])
    return _Part(8, [], [])


def _estimated_value(found: ExtractedEntities, items: tuple[CatalogueItem, ...]) -> float | None:
    quantity = found.entities.quantity or 1
    if found.catalogue_matches:
        return quantity * max(item.price for item in found.catalogue_matches)
    for _, category, fallback_price in found.generic_products:
        return quantity * (typical_price(category, items) or fallback_price)
    return None


def _budget(text: str, found: ExtractedEntities, items: tuple[CatalogueItem, ...], spanish: bool) -> _Part:
    currency = settings.DEFAULT_CURRENCY
    if BUDGET_CONFIRMED.search(text):
        return _Part(25, ["budget_confirmed"], ["presupuesto confirmado" if spanish else "budget confirmed"])
    amounts = [money.amount for money in found.entities.amounts]
    value = max(amounts) if amounts else _estimated_value(found, items)
    quantity = found.entities.quantity or 0
    if PRICE_SENSITIVE.search(text):
        return _Part(min(8, 4 + (4 if value else 0)), ["price_sensitive"],
                     ["sensible al precio" if spanish else "price sensitive"])
    if value is None:
        if quantity >= 100:
            return _Part(22, ["volume"], [f"volumen de {quantity} unidades" if spanish else f"volume of {quantity} units"])
        if quantity >= 10:
            return _Part(18, ["volume"], [f"{quantity} unidades" if spanish else f"{quantity} units"])
        return _Part(12 if quantity >= 2 else 6, [], [])
    points = 25 if value >= 10_000 else 22 if value >= 3_000 else 18 if value >= 1_000 else 14 if value >= 300 else 9
    signals = ["budget_mentioned"] if amounts else ["estimated_value"]
    if quantity >= 10:
        signals.append("volume")
    label = f"≈ {currency} {value:,.0f}"
    return _Part(points, signals, [("valor " if spanish else "value ") + label])


def _fit(intent: Intent, found: ExtractedEntities, items: tuple[CatalogueItem, ...],
         metadata: LeadMetadata, spanish: bool) -> _Part:
    if intent == Intent.SPAM:
        return _Part(0, [], [])
    if found.catalogue_matches:
        in_stock = [item for item in found.catalogue_matches if item.stock > 0]
        names = ", ".join(item.name for item in found.catalogue_matches[:2])
        part = _Part(20 if in_stock else 14, ["catalogue_product"] + (["in_stock"] if in_stock else ["out_of_stock"]),
                     [f"producto del catálogo: {names}" if spanish else f"catalogue product: {names}"])
    elif found.generic_products:
        categories = {category for _, category, _ in found.generic_products}
        sold = any(item.category in categories for item in items) or not items
        part = _Part(17 if sold else 8, ["product_category"] if sold else ["not_in_catalogue"],
                     [f"busca {found.generic_products[0][0]}" if spanish else f"looking for {found.generic_products[0][0]}"])
    elif intent in BUYING_INTENTS:
        part = _Part(12, [], [])
    elif intent == Intent.PARTNERSHIP:
        part = _Part(8, ["partnership"], [])
    else:
        part = _Part(5 if intent in SERVICE_INTENTS else 6, [], [])
    if intent in SERVICE_INTENTS and part.points > 8:
        part.points = 8  # a service request is not a new sale, whatever product it names
    if metadata.is_customer or metadata.previous_interactions >= 3:
        part.points = min(20, part.points + 2)
        part.signals.append("existing_relationship")
    return part


def _action(score: int, intent: Intent) -> LeadAction:
    if intent == Intent.SPAM:
        return LeadAction.DISQUALIFY
    category = category_for_score(score)
    if category == LeadCategory.HOT:
        return LeadAction.ASSIGN_TO_SALES_IMMEDIATELY
    if category == LeadCategory.WARM:
        return LeadAction.SCHEDULE_FOLLOW_UP_24H
    return LeadAction.NURTURE


def score_lead(analysis: TextAnalysis, *, intent: IntentResult, sentiment: SentimentResult,
               found: ExtractedEntities, metadata: LeadMetadata,
               items: tuple[CatalogueItem, ...]) -> LeadScore:
    spanish = analysis.language == "es"
    text = analysis.normalized
    primary = intent.primary_intent
    if primary == Intent.SPAM:
        parts = [_Part(0), _Part(0), _Part(0), _Part(0, ["spam"], ["mensaje irrelevante o spam" if spanish else "spam or irrelevant"])]
    else:
        parts = [
            _urgency(text, primary, found.entities.urgency, spanish),
            _authority(text, metadata, found.entities.quantity, spanish),
            _budget(text, found, items, spanish),
            _fit(primary, found, items, metadata, spanish),
        ]
    breakdown = ScoreBreakdown(urgency=parts[0].points, authority=parts[1].points,
                               budget=parts[2].points, fit=parts[3].points)
    score = breakdown.total
    signals = [signal for part in parts for signal in part.signals]
    if sentiment.sentiment.value == "negative":
        signals.append("negative_sentiment")
    notes = [note for part in parts for note in part.notes]
    opening = f"Lead {category_for_score(score).value}: {DESCRIPTION[spanish][primary]}"
    reasoning = opening + ("; " + "; ".join(notes) if notes else "") + "."
    return LeadScore(
        score=score,
        category=category_for_score(score),
        breakdown=breakdown,
        reasoning=reasoning[:600],
        recommended_action=_action(score, primary),
        signals=list(dict.fromkeys(signals))[:12],
    )


DESCRIPTION = {
    True: {
        Intent.PURCHASE_INQUIRY: "intención de compra", Intent.PRICING_QUESTION: "pregunta por precios",
        Intent.PRODUCT_INFO: "pide información de producto", Intent.PARTNERSHIP: "propuesta comercial",
        Intent.GENERAL_INQUIRY: "consulta general", Intent.SPAM: "spam",
        Intent.COMPLAINT: "queja de cliente", Intent.SUPPORT_REQUEST: "pedido de soporte",
        Intent.WARRANTY_CLAIM: "reclamo de garantía", Intent.DELIVERY_TRACKING: "consulta de envío",
        Intent.REFUND_REQUEST: "pedido de reembolso",
    },
    False: {
        Intent.PURCHASE_INQUIRY: "purchase intent", Intent.PRICING_QUESTION: "asks about prices",
        Intent.PRODUCT_INFO: "asks for product information", Intent.PARTNERSHIP: "business proposal",
        Intent.GENERAL_INQUIRY: "general question", Intent.SPAM: "spam",
        Intent.COMPLAINT: "customer complaint", Intent.SUPPORT_REQUEST: "support request",
        Intent.WARRANTY_CLAIM: "warranty claim", Intent.DELIVERY_TRACKING: "shipment question",
        Intent.REFUND_REQUEST: "refund request",
    },
}
