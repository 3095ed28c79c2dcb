from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from crm.models.base import MONEY, Channel, TimeStampedModel, validate_timezone_name

def default_timezone() -> str:
    return settings.TIME_ZONE


e164_validator = RegexValidator(
    r"^\+[1-9]\d{6,14}$", "Phone numbers are stored in E.164 form, e.g. +50761234567."
)


class Company(TimeStampedModel):
    name = models.CharField(max_length=200, db_index=True)
    domain = models.CharField(max_length=200, blank=True, help_text="Web domain, e.g. acme.com")
    industry = models.CharField(max_length=100, blank=True)
    size = models.CharField(
        max_length=20,
        blank=True,
        choices=[("1-10", "1–10"), ("11-50", "11–50"), ("51-200", "51–200"),
                 ("201-1000", "201–1,000"), ("1000+", "1,000+")],
    )
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 alpha-2 code")
    city = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=20, blank=True, validators=[e164_validator])
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Contact(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        CHURNED = "churned", "Churned"
        MERGED = "merged", "Merged into another contact"

    class Language(models.TextChoices):
        SPANISH = "es", "Español"
        ENGLISH = "en", "English"

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by staff"
        IMPORT = "import", "Import"
        API = "api", "API"
        WEB = "web", "Web / shop"
        WHATSAPP = "whatsapp", "WhatsApp"
        INSTAGRAM = "instagram", "Instagram"
        MESSENGER = "messenger", "Messenger"
        EMAIL = "email", "E-mail"
        REFERRAL = "referral", "Referral"
        ADS = "ads", "Paid ads"

    class PurchasingPower(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(
        max_length=20, blank=True, db_index=True, validators=[e164_validator],
        help_text="E.164; local numbers are read in the default region (DEFAULT_PHONE_REGION).",
    )
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    job_title = models.CharField(max_length=120, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 alpha-2 code")
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.SPANISH)
    timezone = models.CharField(
        max_length=64, default=default_timezone, validators=[validate_timezone_name]
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MANUAL)
    segment = models.CharField(
        max_length=40, blank=True, db_index=True,
        help_text="Set by segmentation / enrichment (vip, regular, at_risk, …).",
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="contacts")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned_contacts",
    )
    # Enrichment (flow 20) and churn prediction write these.
    purchasing_power = models.CharField(max_length=10, choices=PurchasingPower.choices, blank=True)
    predicted_clv = models.DecimalField(null=True, blank=True, **MONEY)
    churn_risk = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)], help_text="0–100"
    )
    interests = models.JSONField(default=list, blank=True)
    # Data quality (flows 18, 19): invalid values are flagged with a reason, never dropped.
    quality_flags = models.JSONField(default=dict, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_contacts"
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords(excluded_fields=["quality_flags"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["status", "segment"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False) | ~Q(status="merged"),
                name="contact_merged_has_target",
                violation_error_message="A merged contact must point to the contact it was merged into.",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email or self.phone or f"Contact #{self.pk}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ContactConsent(models.Model):
    """Consent or opt-out of one contact for one channel; the latest statement wins."""

    class Status(models.TextChoices):
        GRANTED = "granted", "Consent given"
        OPTED_OUT = "opted_out", "Opted out"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="consents")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    source = models.CharField(
        max_length=60, blank=True, help_text="Where it was recorded: form, unsubscribe link, STOP…"
    )
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["contact", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["contact", "channel"], name="one_consent_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.get_status_display()}"
