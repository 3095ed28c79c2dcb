"""Carts, orders and invoices: totals, numbering and state changes in one place."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from crm.models import Cart, CartItem, Contact, Invoice, Order, OrderItem, Product
from crm.models.catalog import default_currency

from crm.services.events import event_publish


@dataclass(frozen=True)
class LineInput:
    product: Product
    quantity: int
    unit_price: Decimal | None = None  # None = the catalogue price


def _validate_lines(lines: Iterable[LineInput], currency: str) -> list[LineInput]:
    lines = list(lines)
    errors = []
    for index, line in enumerate(lines):
        if line.quantity < 1:
            errors.append(f"line {index + 1}: quantity must be at least 1")
        if line.unit_price is None and line.product.currency != currency:
            errors.append(
                f"line {index + 1}: {line.product.sku} is priced in {line.product.currency}, "
                f"not {currency}; give a unit price"
            )
    if errors:
        raise ValidationError({"items": errors})
    return lines


def _unique_number(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate():%Y%m%d}-{secrets.token_hex(3).upper()}"


@transaction.atomic
def cart_save(
    *, contact: Contact, lines: Iterable[LineInput], currency: str, external_id: str = "",
    cart: Cart | None = None,
) -> Cart:
    """Create or replace the contents of an open cart (the shop sends the whole cart)."""
    lines = _validate_lines(lines, currency)
    if cart is None and external_id:
        cart = Cart.objects.select_for_update().filter(external_id=external_id).first()
    if cart is not None and cart.status != Cart.Status.OPEN:
        raise ValidationError(f"Cart #{cart.pk} is {cart.get_status_display().lower()}; only open carts change.")
    if cart is None:
        cart = Cart.objects.create(contact=contact, currency=currency, external_id=external_id)
    else:
        cart.contact, cart.currency = contact, currency
    cart.last_activity_at = timezone.now()
    cart.save()
    cart.items.all().delete()
    CartItem.objects.bulk_create(
        CartItem(cart=cart, product=line.product, quantity=line.quantity,
                 unit_price=line.unit_price if line.unit_price is not None else line.product.price)
        for line in lines
    )
    return cart


def cart_total(cart: Cart) -> Decimal:
    total = cart.items.aggregate(total=Sum(F("unit_price") * F("quantity")))["total"]
    return total or Decimal("0")


@transaction.atomic
def order_create(
    *, contact: Contact, lines: Iterable[LineInput], currency: str, channel: str = "",
    status: str = Order.Status.PENDING, cart: Cart | None = None, external_id: str = "",
    placed_at: datetime | None = None, number: str = "",
) -> Order:
    lines = _validate_lines(lines, currency)
    if not lines:
        raise ValidationError({"items": ["An order needs at least one line."]})
    for attempt in range(5):
        try:
            with transaction.atomic():
                order = Order.objects.create(
                    number=number or _unique_number("ORD"), contact=contact, currency=currency,
                    channel=channel, status=status, cart=cart, external_id=external_id,
                    placed_at=placed_at or timezone.now(),
                )
            break
        except IntegrityError:
            if number or attempt == 4:
                raise ValidationError({"number": ["An order with this number already exists."]})
    items = [
        OrderItem(order=order, product=line.product, quantity=line.quantity,
                  unit_price=line.unit_price if line.unit_price is not None else line.product.price)
        for line in lines
    ]
    OrderItem.objects.bulk_create(items)
    order.total = sum((item.line_total for item in items), Decimal("0"))
    order.save(update_fields=["total", "updated_at"])
    if cart is not None:
        cart_mark_converted(cart=cart)
    event_publish("order.created", {"order_id": order.pk, "number": order.number,
                                    "contact_id": contact.pk, "total": order.total,
                                    "currency": currency})
    return order


def order_recalculate_total(*, order: Order) -> Order:
    """Keep the stored total equal to the sum of the lines (after staff edit the lines)."""
    total = order.items.aggregate(total=Sum(F("unit_price") * F("quantity")))["total"]
    order.total = total or Decimal("0")
    order.save(update_fields=["total", "updated_at"])
    return order


def cart_mark_converted(*, cart: Cart) -> Cart:
    cart.status = Cart.Status.CONVERTED
    cart.converted_at = timezone.now()
    cart.save(update_fields=["status", "converted_at", "updated_at"])
    return cart


def order_set_status(*, order: Order, status: str) -> Order:
    if status not in Order.Status.values:
        raise ValidationError({"status": [f"Unknown status “{status}”."]})
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    event_publish("order.status_changed", {"order_id": order.pk, "status": status})
    return order


def invoice_create(
    *, contact: Contact, amount: Decimal, currency: str, due_date: date, order: Order | None = None,
    issued_on: date | None = None, number: str = "", status: str = Invoice.Status.OPEN,
) -> Invoice:
    invoice = Invoice(
        number=number or _unique_number("INV"), contact=contact, order=order, amount=amount,
        currency=currency, due_date=due_date, issued_on=issued_on or timezone.localdate(),
        status=status,
    )
    invoice.full_clean()
    invoice.save()
    return invoice


def invoice_mark_paid(*, invoice: Invoice, paid_at: datetime | None = None) -> Invoice:
    if invoice.status == Invoice.Status.VOID:
        raise ValidationError("A void invoice cannot be paid.")
    if invoice.status == Invoice.Status.PAID:
        return invoice
    invoice.status = Invoice.Status.PAID
    invoice.paid_at = paid_at or timezone.now()
    invoice.save(update_fields=["status", "paid_at", "updated_at"])
    event_publish("invoice.paid", {"invoice_id": invoice.pk, "number": invoice.number,
                                   "amount": invoice.amount})
    return invoice
