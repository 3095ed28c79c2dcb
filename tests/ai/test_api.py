"""POST /api/v1/leads/classify, /intents/detect and /sentiment/analyze."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from crm.models import AuditEvent

pytestmark = pytest.mark.django_db

SEED_PURCHASE = "Necesito 10 laptops para mañana, tienen stock?"
SEED_COMPLAINT = "Compré hace 2 semanas y el producto llegó defectuoso, quiero reembolso"


def test_leads_classify_answers_in_the_seed_shape_and_is_audited(api_client_for):
    client = api_client_for("Agent")
    response = client.post("/api/v1/leads/classify", {
        "message": "Hola, soy dueño de una empresa y necesito 500 unidades urgente",
        "sender_metadata": {"phone": "+50760000000", "name": "Juan Pérez", "previous_interactions": 0},
        "lead_id": "lead_abc123",
    }, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["lead_id"] == "lead_abc123"
    assert body["category"] == "hot" and body["score"] >= 80
    assert sum(body["breakdown"].values()) == body["score"]
    assert body["recommended_action"] == "assign_to_sales_immediately"
    assert "decision_maker" in body["signals"]
    assert body["ai_model_used"].startswith("local/") and isinstance(body["processing_time_ms"], int)
    assert body["reasoning"]
    event = AuditEvent.objects.get(action="ai.lead_classified")
    assert event.actor == client.user and event.actor_type == AuditEvent.ActorType.INTEGRATION
    assert event.data["lead_reference"] == "lead_abc123" and event.data["score"] == body["score"]


def test_seed_purchase_message_is_a_purchase_inquiry_and_a_hot_lead(api_client_for):
    client = api_client_for("Agent")
    intent = client.post("/api/v1/intents/detect", {"message": SEED_PURCHASE}, format="json").json()
    assert intent["primary_intent"] == "purchase_inquiry"
    assert intent["entities"]["quantity"] == 10 and intent["entities"]["urgency"] == "tomorrow"
    assert intent["entities"]["products"] == ["laptops"]
    assert intent["language"] == "es" and 0 < intent["confidence"] <= 1
    lead = client.post("/api/v1/leads/classify", {"message": SEED_PURCHASE}, format="json").json()
    assert lead["category"] == "hot", lead
    assert lead["breakdown"]["urgency"] == 30


def test_seed_complaint_is_a_negative_complaint_asking_for_a_refund(api_client_for):
    client = api_client_for("Manager")
    intent = client.post("/api/v1/intents/detect", {"message": SEED_COMPLAINT}, format="json").json()
    assert intent["primary_intent"] == "complaint"
    assert intent["secondary_intents"][0] == "refund_request"
    assert intent["entities"]["issue"] == "defective product"
    assert intent["entities"]["resolution_wanted"] == "refund"
    assert intent["entities"]["purchase_date"] == "2 weeks ago"
    sentiment = client.post("/api/v1/sentiment/analyze", {"message": SEED_COMPLAINT}, format="json").json()
    assert sentiment["sentiment"] == "negative" and sentiment["score"] < -0.3
    assert set(sentiment) >= {"confidence", "emotions", "urgency_level", "churn_risk", "recommended_priority",
                              "ai_model_used", "processing_time_ms"}
    assert "producto defectuoso" in sentiment["triggers"]


def test_sentiment_reports_emotions_urgency_and_churn_for_an_angry_customer(api_client_for):
    client = api_client_for("Agent")
    body = client.post("/api/v1/sentiment/analyze", {
        "message": "Es la tercera vez que escribo!!! Estoy furioso, si no me resuelven hoy me voy con la competencia",
    }, format="json").json()
    assert body["sentiment"] == "negative"
    assert body["emotions"]["anger"] > 0.5 and "frustration" in body["emotions"]
    assert body["urgency_level"] in ("high", "critical")
    assert body["churn_risk"] >= 70
    assert body["recommended_priority"] == "escalate_immediately"
    happy = client.post("/api/v1/sentiment/analyze", {"message": "Excelente servicio, muchas gracias!"},
                        format="json").json()
    assert happy["sentiment"] == "positive" and happy["score"] > 0.3 and happy["churn_risk"] < 20


@pytest.mark.parametrize("path", ["/api/v1/leads/classify", "/api/v1/intents/detect", "/api/v1/sentiment/analyze"])
@pytest.mark.parametrize("payload,fragment", [
    ({}, "Send the customer's text"),
    ({"message": ""}, "The text is empty"),
    ({"message": "   \n "}, "The text is empty"),
    ({"message": "x" * 4001}, "the limit is 4000"),
    ({"message": "hola", "language": "fr"}, "language"),
])
def test_bad_input_gets_a_400_with_a_clear_message(api_client_for, path, payload, fragment):
    response = api_client_for("Agent").post(path, payload, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "validation_error"
    assert fragment in body["message"]
    assert body["fields"]


def test_the_endpoints_need_a_token_and_a_staff_role(make_user):
    anonymous = APIClient()
    assert anonymous.post("/api/v1/intents/detect", {"message": "hola"}, format="json").status_code == 401
    client = APIClient()
    client.force_authenticate(make_user(role=None))
    response = client.post("/api/v1/intents/detect", {"message": "hola"}, format="json")
    assert response.status_code == 403
    assert "roles" in response.json()["message"]


def test_metadata_with_a_bad_number_is_a_400(api_client_for):
    response = api_client_for("Agent").post("/api/v1/leads/classify", {
        "message": "hola", "sender_metadata": {"previous_interactions": "many"}}, format="json")
    assert response.status_code == 400
    assert "sender_metadata.previous_interactions" in response.json()["message"]
