"""Leads and their classification history (Flow 2)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from crm.models import Contact, TimeStampedModel


class LeadCategory(models.TextChoices):
    HOT = "hot", "Hot (80–100)"
    WARM = "warm", "Warm (50–79)"
    COLD = "cold", "Cold (0–49)"


class Lead(TimeStampedModel):
    """A contact's interest in buying, from first message to converted or lost."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        QUALIFIED = "qualified", "Qualified"
        NURTURING = "nurturing", "Nurturing"
        CONVERTED = "converted", "Converted"
        LOST = "lost", "Lost"

    # Where a lead may go from each status. A lost lead can be re-opened (re-engagement
    # brings people back); a converted one is final — a new purchase intent is a new lead.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.NEW: frozenset({Status.QUALIFIED, Status.NURTURING, Status.CONVERTED, Status.LOST}),
        Status.QUALIFIED: frozenset({Status.NURTURING, Status.CONVERTED, Status.LOST}),
        Status.NURTURING: frozenset({Status.QUALIFIED, Status.CONVERTED, Status.LOST}),
        Status.LOST: frozenset({Status.QUALIFIED, Status.NURTURING}),
        Status.CONVERTED: frozenset(),
    }

    contact = models.ForeignKey(Contact, on_delete=models.PROTECT, related_name="leads")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    qualified_at = models.DateTimeField(null=True, blank=True)
    nurturing_at = models.DateTimeField(null=True, blank=True)
    converted_at = models.DateTimeField(null=True, blank=True)
    lost_at = models.DateTimeField(null=True, blank=True)
    lost_reason = models.CharField(max_length=300, blank=True)
    source = models.CharField(
        max_length=20, choices=Contact.Source.choices, default=Contact.Source.MANUAL, db_index=True
    )
    # Free text (e.g. a UTM campaign): leads sits below the campaigns app and cannot point to it.
    campaign = models.CharField(max_length=200, blank=True, db_index=True,
                                help_text="Campaign or UTM tag that brought the lead.")
    message = models.TextField(blank=True, help_text="The first message, classified on creation.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_leads",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)
    # The latest classification, copied here so lists, filters and the hot-lead queue need no join.
    score = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(100)],
                                             db_index=True)
    category = models.CharField(max_length=4, choices=LeadCategory.choices, blank=True, db_index=True)
    last_classified_at = models.DateTimeField(null=True, blank=True)
    hot_alerted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the hot-lead alert went out (it goes out once)."
    )
    # The score is kept with its reasons in LeadClassification; field history of it would repeat that.
    history = HistoricalRecords(excluded_fields=["score", "category", "last_classified_at", "hot_alerted_at"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "category"]),
            models.Index(fields=["owner", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="lost") | ~Q(lost_reason=""),
                name="lead_lost_has_reason",
                violation_error_message="A lost lead needs the reason it was lost.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact} · {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.CONVERTED, self.Status.LOST)


class LeadClassification(models.Model):
    """One scoring of a lead by the AI gateway (the Flow 2 rubric); kept as history."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="classifications")
    score = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    category = models.CharField(max_length=4, choices=LeadCategory.choices)
    urgency_points = models.PositiveSmallIntegerField(validators=[MaxValueValidator(30)])
    authority_points = models.PositiveSmallIntegerField(validators=[MaxValueValidator(25)])
    budget_points = models.PositiveSmallIntegerField(validators=[MaxValueValidator(25)])
    fit_points = models.PositiveSmallIntegerField(validators=[MaxValueValidator(20)])
    reasoning = models.TextField(blank=True)
    recommended_action = models.CharField(max_length=40, blank=True)
    signals = models.JSONField(default=list, blank=True)
    provider = models.CharField(max_length=100, blank=True, help_text="AI provider that answered.")
    model_used = models.CharField(max_length=100, blank=True)
    text_excerpt = models.CharField(max_length=500, blank=True)
    # Idempotency: a classification requested once (a lead's creation, one inbound message)
    # is stored once even when its task runs twice.
    request_key = models.CharField(max_length=120, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["lead", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.score} ({self.category}) · lead #{self.lead_id}"
