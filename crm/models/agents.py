from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from crm.models.base import TimeStampedModel


class Department(models.TextChoices):
    SALES = "sales", "Sales"
    SUPPORT = "support", "Support"
    RETENTION = "retention", "Retention"
    FINANCE = "finance", "Finance"


class Team(TimeStampedModel):
    name = models.CharField(max_length=100, unique=True)
    department = models.CharField(max_length=20, choices=Department.choices)
    description = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agent(TimeStampedModel):
    """A person who takes conversations, leads and cases handed over by the automations."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent"
    )
    department = models.CharField(max_length=20, choices=Department.choices, db_index=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="agents"
    )
    skills = models.JSONField(
        default=list, blank=True, help_text='Lower-case skill tags, e.g. ["laptops", "warranty"]'
    )
    languages = models.JSONField(default=list, blank=True, help_text='e.g. ["es", "en"]')
    capacity = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1)],
        help_text="Open conversations/cases this agent can hold at once.",
    )
    available = models.BooleanField(default=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__username"]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()
