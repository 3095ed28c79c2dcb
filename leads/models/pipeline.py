"""Pipeline stages (admin-editable) and opportunities with their latest close prediction."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from crm.models import Contact, TimeStampedModel
from crm.models.base import MONEY, validate_currency_code
from crm.models.catalog import default_currency


class PipelineStage(models.Model):
    name = models.CharField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Board columns run in this order.")
    default_probability = models.PositiveSmallIntegerField(
        default=10, validators=[MaxValueValidator(100)],
        help_text="Chance of closing (%) for an opportunity here, before any prediction; also "
        "the starting point of the rule-based estimate.",
    )
    is_won = models.BooleanField(default=False, help_text="Reaching this stage closes the deal as won.")
    is_lost = models.BooleanField(default=False, help_text="Reaching this stage closes the deal as lost.")
    active = models.BooleanField(default=True, help_text="Inactive stages leave the board and accept no moves.")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(is_won=True) & Q(is_lost=True)), name="stage_not_won_and_lost",
                violation_error_message="A stage closes a deal as won or as lost, not both.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.is_won or self.is_lost


class Likelihood(models.TextChoices):
    """Flow 21's bands: very_high > 0.8, high > 0.6, medium > 0.4, else low."""

    VERY_HIGH = "very_high", "Very high"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


# Derived fields: written by the engagement services and by scoring. Field history would
# record one row per message or nightly re-score and drown the changes staff care about.
_NOT_IN_HISTORY = [
    "last_interaction_at", "last_interaction_channel", "interaction_count", "email_open_rate", "message_response_rate",
    "average_sentiment", "sentiment_samples", "reply_opportunities", "replies",
    "close_probability", "likelihood", "recommendation", "top_factors", "prediction_model",
    "predicted_at", "prediction_is_fallback",
]


class Opportunity(TimeStampedModel):
    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="opportunities")
    lead = models.ForeignKey(
        "leads.Lead", null=True, blank=True, on_delete=models.SET_NULL, related_name="opportunities"
    )
    name = models.CharField(max_length=200)
    stage = models.ForeignKey(PipelineStage, on_delete=models.PROTECT, related_name="opportunities")
    value = models.DecimalField(default=0, validators=[MinValueValidator(0)], **MONEY)
    currency = models.CharField(max_length=3, default=default_currency, validators=[validate_currency_code])
    expected_close = models.DateField(null=True, blank=True)
    decision_maker_engaged = models.BooleanField(default=False)
    competition_identified = models.BooleanField(default=False)
    urgency = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(10)], help_text="0 (none) to 10 (must buy now)."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_opportunities",
    )
    close_reason = models.CharField(max_length=300, blank=True, verbose_name="won/lost reason")
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    stage_changed_at = models.DateTimeField(null=True, blank=True)

    # Engagement, pushed by the inbox and e-mail apps through the services (leads cannot
    # read their data). The prediction reads these.
    last_interaction_at = models.DateTimeField(null=True, blank=True)
    last_interaction_channel = models.CharField(max_length=20, blank=True)
    interaction_count = models.PositiveIntegerField(default=0)
    email_open_rate = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    message_response_rate = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    average_sentiment = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(-1), MaxValueValidator(1)]
    )
    sentiment_samples = models.PositiveIntegerField(default=0)
    reply_opportunities = models.PositiveIntegerField(
        default=0, help_text="Our messages that could get an answer (denominator of the response rate)."
    )
    replies = models.PositiveIntegerField(default=0)

    # The latest close prediction (Flow 21).
    close_probability = models.FloatField(null=True, blank=True)
    likelihood = models.CharField(max_length=10, choices=Likelihood.choices, blank=True, db_index=True)
    recommendation = models.CharField(max_length=200, blank=True)
    top_factors = models.JSONField(default=list, blank=True)
    prediction_model = models.ForeignKey(
        "leads.ClosePredictionModel", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    predicted_at = models.DateTimeField(null=True, blank=True)
    prediction_is_fallback = models.BooleanField(
        default=False, help_text="The probability comes from the rule-based estimate, not a trained model."
    )
    history = HistoricalRecords(excluded_fields=_NOT_IN_HISTORY)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "opportunities"
        indexes = [
            models.Index(fields=["stage", "closed_at"]),
            models.Index(fields=["owner", "closed_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(close_reason=""),
                name="opportunity_closed_has_reason",
                violation_error_message="A won or lost opportunity needs the reason.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def probability_percent(self) -> int:
        """What the board shows: 100/0 once won/lost, the predicted chance, else the stage's default."""
        if self.closed_at is not None:
            return 100 if self.stage.is_won else 0
        if self.close_probability is not None:
            return round(self.close_probability * 100)
        return self.stage.default_probability


class OpportunityInteraction(models.Model):
    """One message, call or meeting with the customer, as reported by the app that saw it.

    The aggregates on the opportunity are kept from these; the ``key`` (e.g. ``message:<id>``)
    makes a report that arrives twice count once.
    """

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interactions")
    occurred_at = models.DateTimeField(db_index=True)
    channel = models.CharField(max_length=20)
    sentiment = models.FloatField(null=True, blank=True,
                                  validators=[MinValueValidator(-1), MaxValueValidator(1)])
    customer_replied = models.BooleanField(null=True, blank=True)
    key = models.CharField(max_length=120, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "key"], condition=~Q(key=""),
                                    name="one_interaction_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.occurred_at:%Y-%m-%d %H:%M}"
