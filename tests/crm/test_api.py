from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from crm.models import Cart, Contact, Invoice, Order
from tests import factories

pytestmark = pytest.mark.django_db

ENDPOINTS = ["contacts", "companies", "products", "carts", "orders", "invoices"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_requests_are_refused(endpoint):
    response = APIClient().get(f"/api/v1/{endpoint}/")
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert "credentials" in response.json()["message"].lower()


def test_contact_crud_with_a_token(api_client_for):
    client = api_client_for("Admin")
    created = client.post("/api/v1/contacts/", {
        "first_name": "José", "last_name": "de León", "email": " JOSE@Example.com ",
        "phone": "6555 1234", "tags": ["b2b", "Laptops"], "language": "es",
    })
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["phone"] == "+50765551234"
    assert body["email"] == "jose@example.com"
    assert body["tags"] == ["b2b", "laptops"]
    assert body["source"] == "api"

    contact_id = body["id"]
    listed = client.get("/api/v1/contacts/", {"search": "León"}).json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == contact_id

    updated = client.patch(f"/api/v1/contacts/{contact_id}/", {"city": "David", "tags": ["vip"]})
    assert updated.status_code == 200
    assert updated.json()["city"] == "David" and updated.json()["tags"] == ["vip"]

    assert client.delete(f"/api/v1/contacts/{contact_id}/").status_code == 204
    assert not Contact.objects.filter(pk=contact_id).exists()


def test_validation_errors_are_readable(api_client_for):
    client = api_client_for("Admin")
    response = client.post("/api/v1/contacts/", {"first_name": "Ana", "phone": "12", "email": "not-an-email"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "validation_error"
    assert set(body["fields"]) == {"phone", "email"}
    assert "phone:" in body["message"] and "email:" in body["message"]
    assert "12" in body["fields"]["phone"][0]
    assert Contact.objects.count() == 0

    empty = client.post("/api/v1/contacts/", {"city": "Colón"})
    assert empty.status_code == 400
    assert "at least a name" in empty.json()["message"]


def test_consent_endpoint_records_an_opt_out(api_client_for):
    client = api_client_for("Marketer")
    contact = factories.ContactFactory()
    response = client.post(f"/api/v1/contacts/{contact.pk}/consent/", {"channel": "whatsapp", "status": "opted_out"})
    assert response.status_code == 200
    assert response.json()["consents"] == [
        {"channel": "whatsapp", "status": "opted_out", "source": "api",
         "recorded_at": response.json()["consents"][0]["recorded_at"]}
    ]


def test_product_crud_and_filters(api_client_for):
    client = api_client_for("Admin")
    response = client.post("/api/v1/products/", {
        "sku": "LAP-1", "name": "Dell XPS 13", "category": "laptops", "price": "1200.00",
        "stock": 3, "features": ["16 GB RAM"],
    })
    assert response.status_code == 201, response.json()
    factories.ProductFactory(sku="ACC-1", category="accessories", stock=50)
    low = client.get("/api/v1/products/", {"max_stock": 5}).json()
    assert [p["sku"] for p in low["results"]] == ["LAP-1"]
    duplicate = client.post("/api/v1/products/", {"sku": "LAP-1", "name": "x", "category": "y", "price": "1"})
    assert duplicate.status_code == 400 and "sku" in duplicate.json()["fields"]
    negative = client.put(f"/api/v1/products/{response.json()['id']}/", {
        "sku": "LAP-1", "name": "Dell XPS 13", "category": "laptops", "price": "-5"})
    assert negative.status_code == 400 and "price" in negative.json()["fields"]


def test_cart_order_and_invoice_flow(api_client_for):
    client = api_client_for("Admin")
    contact = factories.ContactFactory()
    laptop = factories.ProductFactory(sku="LAP-XPS", price="1200.00")
    mouse = factories.ProductFactory(sku="ACC-MOUSE", price="25.00")

    cart = client.post("/api/v1/carts/", {
        "contact": contact.pk, "external_id": "shop-cart-9",
        "lines": [{"product": "LAP-XPS", "quantity": 1}, {"product": "ACC-MOUSE", "quantity": 2}],
    })
    assert cart.status_code == 201, cart.json()
    assert cart.json()["total"] == "1250.00"

    replaced = client.patch(f"/api/v1/carts/{cart.json()['id']}/", {"lines": [{"product": "ACC-MOUSE", "quantity": 1}]})
    assert replaced.status_code == 200 and replaced.json()["total"] == "25.00"

    order = client.post("/api/v1/orders/", {
        "contact": contact.pk, "cart": cart.json()["id"],
        "lines": [{"product": "LAP-XPS", "quantity": 2, "unit_price": "1100.00"},
                  {"product": "ACC-MOUSE", "quantity": 1}],
    })
    assert order.status_code == 201, order.json()
    assert order.json()["total"] == "2225.00"
    assert order.json()["number"].startswith("ORD-")
    assert Cart.objects.get(pk=cart.json()["id"]).status == Cart.Status.CONVERTED

    frozen = client.patch(f"/api/v1/orders/{order.json()['id']}/", {"lines": [{"product": "LAP-XPS", "quantity": 1}]})
    assert frozen.status_code == 400 and "lines" in frozen.json()["fields"]
    paid = client.patch(f"/api/v1/orders/{order.json()['id']}/", {"status": "paid"})
    assert paid.status_code == 200 and Order.objects.get(pk=order.json()["id"]).status == "paid"

    due = timezone.localdate() + timedelta(days=30)
    invoice = client.post("/api/v1/invoices/", {"contact": contact.pk, "order": order.json()["id"],
                                                "amount": "2225.00", "due_date": due.isoformat()})
    assert invoice.status_code == 201, invoice.json()
    bad_due = client.post("/api/v1/invoices/", {"contact": contact.pk, "amount": "1",
                                                "due_date": "2000-01-01"})
    assert bad_due.status_code == 400 and "due_date" in bad_due.json()["fields"]

    mark = client.post(f"/api/v1/invoices/{invoice.json()['id']}/mark-paid/", {})
    assert mark.status_code == 200 and mark.json()["status"] == "paid" and mark.json()["paid_at"]
    assert laptop.pk and mouse.pk


def test_overdue_invoice_filter(api_client_for):
    client = api_client_for("Manager")
    overdue = factories.InvoiceFactory(issued_on=timezone.localdate() - timedelta(days=40),
                                       due_date=timezone.localdate() - timedelta(days=10))
    factories.InvoiceFactory()
    factories.InvoiceFactory(status=Invoice.Status.PAID, paid_at=timezone.now(),
                             issued_on=timezone.localdate() - timedelta(days=40),
                             due_date=timezone.localdate() - timedelta(days=5))
    listed = client.get("/api/v1/invoices/", {"overdue": "true"}).json()
    assert [row["id"] for row in listed["results"]] == [overdue.pk]
    assert listed["results"][0]["is_overdue"] is True


def test_roles_limit_what_each_user_may_do(api_client_for):
    contact = factories.ContactFactory()
    agent = api_client_for("Agent")
    assert agent.get("/api/v1/contacts/").status_code == 200
    assert agent.delete(f"/api/v1/contacts/{contact.pk}/").status_code == 403
    assert agent.post("/api/v1/invoices/", {}).status_code == 403

    marketer = api_client_for("Marketer")
    assert marketer.post("/api/v1/products/", {"sku": "M-1", "name": "n", "category": "c",
                                               "price": "1"}).status_code == 201
    assert marketer.post("/api/v1/orders/", {}).status_code == 403

    nobody = api_client_for(None)
    assert nobody.get("/api/v1/contacts/").status_code == 403


def test_agents_change_only_contacts_they_own(api_client_for, make_user):
    agent = api_client_for("Agent")
    colleague = make_user("Agent")
    mine = factories.ContactFactory(owner=agent.user)
    theirs = factories.ContactFactory(owner=colleague)
    unowned = factories.ContactFactory()
    assert agent.patch(f"/api/v1/contacts/{mine.pk}/", {"city": "Colón"}).status_code == 200
    assert agent.patch(f"/api/v1/contacts/{unowned.pk}/", {"city": "Colón"}).status_code == 200
    refused = agent.patch(f"/api/v1/contacts/{theirs.pk}/", {"city": "Colón"})
    assert refused.status_code == 403 and "own" in refused.json()["message"]
    manager = api_client_for("Manager")
    assert manager.get(f"/api/v1/contacts/{theirs.pk}/").status_code == 200


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/contacts/" in text and "/api/v1/invoices/{id}/mark-paid/" in text
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and "swagger" in docs.content.decode().lower()
