from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from crm.models.base import MONEY, TimeStampedModel, validate_currency_code


def default_currency() -> str:
    return settings.DEFAULT_CURRENCY


class Product(TimeStampedModel):
    sku = models.CharField("SKU", max_length=64, unique=True)
    name = models.CharField(max_length=200, db_index=True)
    category = models.CharField(max_length=100, db_index=True)
    description = models.TextField(blank=True)
    price = models.DecimalField(validators=[MinValueValidator(Decimal("0"))], **MONEY)
    currency = models.CharField(
        max_length=3, default=default_currency, validators=[validate_currency_code]
    )
    stock = models.IntegerField(default=0, help_text="Units available to sell.")
    low_stock_threshold = models.PositiveIntegerField(
        default=5, help_text="At or below this stock the low-inventory alert fires."
    )
    features = models.JSONField(
        default=list, blank=True, help_text='A list of strings, e.g. ["16 GB RAM", "512 GB SSD"]'
    )
    active = models.BooleanField(default=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.sku})"

    @property
    def in_stock(self) -> bool:
        return self.stock > 0
