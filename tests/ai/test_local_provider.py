"""The offline provider end to end: entities, catalogue grounding, lead rubric, chat replies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from crm.ai.base import ChatAction, ChatContext, Intent, LeadAction, ProductFact
from crm.ai.gateway import ai_chat_reply, ai_classify_lead, ai_detect_intent
from crm.ai.local.entities import extract
from crm.ai.local.text import normalize
from tests import factories

pytestmark = pytest.mark.django_db


def _entities(text: str):
    return extract(normalize(text), original=text, items=()).entities


def test_entities_money_quantities_dates_and_order_numbers():
    entities = _entities("Tenemos un presupuesto de $5,000 para una docena de monitores antes del viernes")
    assert [(m.amount, m.currency) for m in entities.amounts] == [(5000.0, "USD")]
    assert entities.quantity == 12 and entities.products == ["monitores"]
    assert "friday" in entities.dates
    entities = _entities("Where is my order #10293? I paid 1200 dollars, I need it today")
    assert entities.order_numbers == ["10293"]
    assert entities.amounts[0].amount == 1200.0
    assert entities.urgency == "today"
    assert _entities("necesito tres laptops").quantity == 3
    assert _entities("hace 3 meses compré un mouse y dejó de funcionar").issue == "does not work"


def test_catalogue_products_are_recognised_even_with_a_typo_and_price_the_budget():
    factories.ProductFactory(name="Lenovo ThinkPad X1 Carbon", category="laptops", price=Decimal("1649.00"), stock=20)
    factories.ProductFactory(name="Wireless mouse", category="accessories", price=Decimal("25.00"), stock=300)
    intent = ai_detect_intent(text="Hola, quiero 20 tinkpad x1 carbon para el equipo de ventas")
    assert intent.result.entities.products == ["Lenovo ThinkPad X1 Carbon"]
    lead = ai_classify_lead(message="Hola, quiero 20 tinkpad x1 carbon para el equipo de ventas").result
    assert lead.breakdown.budget == 25  # 20 × 1,649 from the catalogue
    assert lead.breakdown.fit == 20 and "in_stock" in lead.signals


@pytest.mark.parametrize("message,category,action", [
    ("Hola, soy dueño de una empresa y necesito 500 unidades urgente", "hot", LeadAction.ASSIGN_TO_SALES_IMMEDIATELY),
    ("I'm the procurement manager, we need 30 laptops this week, budget is approved", "hot",
     LeadAction.ASSIGN_TO_SALES_IMMEDIATELY),
    ("Cuánto cuesta el mouse inalámbrico?", "cold", LeadAction.NURTURE),
    ("Solo estoy mirando, tal vez compre una laptop el próximo año, tengo que consultarlo con mi esposa", "cold",
     LeadAction.NURTURE),
    ("GANA DINERO DESDE CASA!!! haz clic aquí http://bit.ly/x", "cold", LeadAction.DISQUALIFY),
])
def test_lead_rubric_separates_hot_from_cold(message, category, action):
    result = ai_classify_lead(message=message).result
    assert result.category.value == category, result
    assert result.recommended_action == action
    assert result.breakdown.total == result.score


def test_warm_lead_for_a_specific_product_question_with_metadata():
    factories.ProductFactory(name="Dell XPS 13", category="laptops", price=Decimal("1200.00"), stock=34)
    result = ai_classify_lead(message="Me interesa comprar la Dell XPS 13, la pueden enviar a David?",
                              metadata={"name": "Ana", "previous_interactions": 4, "company": "Clínica Istmo"}).result
    assert result.category.value == "warm", result
    assert "existing_relationship" in result.signals and "business_buyer" in result.signals


def test_chat_reply_only_states_catalogue_facts_it_was_given():
    context = ChatContext(products=(ProductFact(name="Dell XPS 13", price="1,200.00", currency="USD", stock=3,
                                                features=("16 GB RAM", "512 GB SSD")),))
    reply = ai_chat_reply(message="Cuánto cuesta la Dell XPS 13?", context=context).result
    assert "USD 1,200.00" in reply.reply and "disponible" in reply.reply
    assert reply.products_mentioned == ["Dell XPS 13"] and reply.action == ChatAction.REPLY
    unknown = ai_chat_reply(message="Cuánto cuesta la Surface Pro 11?").result
    assert "$" not in unknown.reply and "USD" not in unknown.reply
    assert "no encuentro ese producto" in unknown.reply.lower()


@pytest.mark.parametrize("message", [
    "Quiero que me devuelvan mi dinero",
    "Quiero hablar con una persona, no con un bot",
    "I will contact my lawyer about this",
])
def test_chat_hands_refunds_humans_and_legal_threats_to_a_person(message):
    reply = ai_chat_reply(message=message).result
    assert reply.action == ChatAction.ESCALATE_TO_HUMAN
    assert "reembolso aprobado" not in reply.reply.lower() and "refund approved" not in reply.reply.lower()


def test_chat_answers_from_the_policies_it_is_given():
    context = ChatContext(policies=("Los envíos dentro de la ciudad de Panamá tardan 24 a 48 horas y son gratis "
                                    "en compras mayores a 100 dólares.",))
    reply = ai_chat_reply(message="Cuánto tardan los envíos en la ciudad?", context=context).result
    assert "24 a 48 horas" in reply.reply


def test_english_messages_get_english_answers():
    intent = ai_detect_intent(text="My order #5512 hasn't arrived yet, where is it?")
    assert intent.language == "en" and intent.result.primary_intent == Intent.DELIVERY_TRACKING
    reply = ai_chat_reply(message="My order #5512 hasn't arrived yet, where is it?").result
    assert "order 5512" in reply.reply.lower()
