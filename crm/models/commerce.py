from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from crm.models.base import MONEY, TimeStampedModel, validate_currency_code
from crm.models.catalog import Product, default_currency
from crm.models.contacts import Contact

positive_money = [MinValueValidator(Decimal("0"))]


class Cart(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CONVERTED = "converted", "Converted to an order"
        EXPIRED = "expired", "Expired"

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="carts")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    currency = models.CharField(
        max_length=3, default=default_currency, validators=[validate_currency_code]
    )
    external_id = models.CharField(
        max_length=100, blank=True, help_text="The shop's own cart id, for idempotent sync."
    )
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    converted_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-last_activity_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""), name="cart_external_id_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Cart #{self.pk} of {self.contact}"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="cart_items")
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(validators=positive_money, **MONEY)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="one_line_per_product_in_cart")
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product.name}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class Order(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending payment"
        PAID = "paid", "Paid"
        FULFILLED = "fulfilled", "Fulfilled"
        CANCELLED = "cancelled", "Cancelled"
        REFUNDED = "refunded", "Refunded"

    number = models.CharField(max_length=32, unique=True)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="orders")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    currency = models.CharField(
        max_length=3, default=default_currency, validators=[validate_currency_code]
    )
    total = models.DecimalField(
        default=Decimal("0"), validators=positive_money,
        help_text="Sum of the lines, kept by the order services.", **MONEY,
    )
    channel = models.CharField(max_length=20, blank=True, help_text="Where the sale happened.")
    cart = models.OneToOneField(
        Cart, null=True, blank=True, on_delete=models.SET_NULL, related_name="order"
    )
    external_id = models.CharField(max_length=100, blank=True)
    placed_at = models.DateTimeField(default=timezone.now, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"], condition=~Q(external_id=""),
                name="order_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number


class OrderItem(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="order_items")
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(validators=positive_money, **MONEY)

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product.name}"

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


class Invoice(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open (sent, awaiting payment)"
        PAID = "paid", "Paid"
        VOID = "void", "Void"

    number = models.CharField(max_length=32, unique=True)
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="invoices")
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="invoices"
    )
    amount = models.DecimalField(validators=positive_money, **MONEY)
    currency = models.CharField(
        max_length=3, default=default_currency, validators=[validate_currency_code]
    )
    issued_on = models.DateField(default=timezone.localdate)
    due_date = models.DateField(db_index=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_at__isnull=False), name="paid_invoice_has_paid_at",
                violation_error_message="A paid invoice needs the payment time; use the "
                "“Record payment” action.",
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("issued_on")), name="invoice_due_after_issue",
                violation_error_message="The due date cannot be before the issue date.",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_date < timezone.localdate()
