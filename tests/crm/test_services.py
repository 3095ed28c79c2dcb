from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from crm.models import Cart, Contact, ContactConsent
from crm.selectors import contact_is_opted_out, contacts_reachable
from crm.services import commerce
from crm.services.cleaning import phone_to_e164
from crm.services.contacts import contact_create, contact_set_consent, contact_update
from tests import factories


@pytest.mark.parametrize("raw,expected", [
    ("6123-4567", "+50761234567"),
    ("+507 6123 4567", "+50761234567"),
    ("00507 61234567", "+50761234567"),
    ("(415) 234-5678", None),  # no country code: read as Panamanian, and it is not one
    ("+1 415 234 5678", "+14152345678"),
    ("+57 300 123 4567", "+573001234567"),
    ("", ""),
])
def test_phone_numbers_become_e164_in_the_default_region(raw, expected):
    if expected is None:
        with pytest.raises(ValidationError):
            phone_to_e164(raw)
    else:
        assert phone_to_e164(raw) == expected


def test_phone_region_is_configurable(settings):
    settings.DEFAULT_PHONE_REGION = "US"
    assert phone_to_e164("(415) 234-5678") == "+14152345678"


@pytest.mark.django_db
def test_contact_create_normalises_and_rejects_bad_values():
    contact = contact_create(first_name="Ana", email=" ANA@Mail.COM", phone="6123 4567", tags=["VIP", "vip "])
    assert (contact.email, contact.phone) == ("ana@mail.com", "+50761234567")
    assert [t.name for t in contact.tags.all()] == ["vip"]
    with pytest.raises(ValidationError) as error:
        contact_update(contact=contact, phone="99")
    assert "phone" in error.value.message_dict
    with pytest.raises(ValidationError):
        contact_update(contact=contact, timezone="Mars/Olympus")
    contact.refresh_from_db()
    assert contact.phone == "+50761234567" and contact.timezone != "Mars/Olympus"


@pytest.mark.django_db
def test_opted_out_contacts_are_not_reachable_on_that_channel():
    reachable = factories.ContactFactory()
    opted_out = factories.ContactFactory()
    contact_set_consent(contact=opted_out, channel="email", status=ContactConsent.Status.OPTED_OUT,
                        source="unsubscribe link")
    churned = factories.ContactFactory(status=Contact.Status.CHURNED)
    assert set(contacts_reachable("email")) == {reachable}
    assert set(contacts_reachable("whatsapp")) == {reachable, opted_out}
    assert contact_is_opted_out(opted_out, "email") and not contact_is_opted_out(opted_out, "whatsapp")
    assert churned not in contacts_reachable("whatsapp")
    contact_set_consent(contact=opted_out, channel="email", status=ContactConsent.Status.GRANTED)
    assert ContactConsent.objects.filter(contact=opted_out).count() == 1
    assert opted_out in contacts_reachable("email")


@pytest.mark.django_db
def test_order_totals_come_from_the_lines_and_convert_the_cart():
    contact = factories.ContactFactory()
    laptop = factories.ProductFactory(price=Decimal("1200.00"))
    mouse = factories.ProductFactory(price=Decimal("25.50"))
    cart = commerce.cart_save(contact=contact, currency="USD",
                              lines=[commerce.LineInput(laptop, 1), commerce.LineInput(mouse, 2)])
    assert commerce.cart_total(cart) == Decimal("1251.00")
    order = commerce.order_create(contact=contact, currency="USD", cart=cart,
                                  lines=[commerce.LineInput(laptop, 1, Decimal("1100.00")),
                                         commerce.LineInput(mouse, 2)])
    assert order.total == Decimal("1151.00")
    cart.refresh_from_db()
    assert cart.status == Cart.Status.CONVERTED and cart.converted_at
    with pytest.raises(ValidationError):
        commerce.cart_save(cart=cart, contact=contact, currency="USD", lines=[])


@pytest.mark.django_db
def test_lines_in_another_currency_need_a_price():
    contact = factories.ContactFactory()
    euro_item = factories.ProductFactory(currency="EUR")
    with pytest.raises(ValidationError) as error:
        commerce.order_create(contact=contact, currency="USD", lines=[commerce.LineInput(euro_item, 1)])
    assert "EUR" in str(error.value)


@pytest.mark.django_db
def test_invoice_payment_is_recorded_once():
    invoice = factories.InvoiceFactory()
    paid = commerce.invoice_mark_paid(invoice=invoice)
    first_paid_at = paid.paid_at
    assert paid.status == "paid" and first_paid_at
    assert commerce.invoice_mark_paid(invoice=invoice).paid_at == first_paid_at
    void = factories.InvoiceFactory(status="void")
    with pytest.raises(ValidationError):
        commerce.invoice_mark_paid(invoice=void)
