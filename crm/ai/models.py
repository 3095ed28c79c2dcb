"""Models of the AI gateway: providers, task chains, prompts, call log, trained models."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from crm.ai import registry
from crm.ai.base import AITask, Intent, ProviderConfig, SentimentLabel
from crm.fields import EncryptedTextField
from crm.models import TimeStampedModel

TASK_CHOICES = [(task.value, task.label) for task in AITask]
LANGUAGE_CHOICES = [("es", "Español"), ("en", "English")]
# Headers that carry credentials belong in the encrypted key field, never in plain JSON.
CREDENTIAL_HEADERS = {"authorization", "api-key", "x-api-key", "x-goog-api-key", "proxy-authorization"}


class Provider(TimeStampedModel):
    class StructuredOutput(models.TextChoices):
        JSON_SCHEMA = "json_schema", "JSON schema (strict structured outputs)"
        JSON_OBJECT = "json_object", "JSON mode (valid JSON, schema in the prompt)"
        PROMPT = "prompt", "Instructions only (for endpoints without response_format)"

    name = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=40, choices=registry.kind_choices, default="openai-compatible")
    base_url = models.URLField(
        "base URL", max_length=300, blank=True,
        help_text="e.g. https://api.openai.com/v1 — see docs for Azure, Gemini, Anthropic, Ollama, vLLM.",
    )
    model = models.CharField(max_length=120, blank=True, help_text="Model or deployment name, e.g. gpt-4o-mini.")
    api_key = EncryptedTextField("API key", blank=True, help_text="Encrypted at rest; never shown again.")
    timeout_seconds = models.FloatField(
        default=20.0, validators=[MinValueValidator(0.5), MaxValueValidator(300)],
        help_text="After this the call counts as failed and the next provider answers.",
    )
    max_retries = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(5)],
        help_text="Retries inside this provider on 429/5xx before falling back. 0 = fall back at once.",
    )
    temperature = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(2)])
    max_output_tokens = models.PositiveIntegerField(default=1024, validators=[MaxValueValidator(32768)])
    structured_output = models.CharField(max_length=20, choices=StructuredOutput.choices,
                                         default=StructuredOutput.JSON_SCHEMA)
    cost_per_1k_input_tokens = models.DecimalField(max_digits=10, decimal_places=6, default=Decimal("0"),
                                                   validators=[MinValueValidator(Decimal("0"))])
    cost_per_1k_output_tokens = models.DecimalField(max_digits=10, decimal_places=6, default=Decimal("0"),
                                                    validators=[MinValueValidator(Decimal("0"))])
    priority = models.PositiveSmallIntegerField(
        default=100, help_text="Lower runs first in the default chain of tasks without their own chain.",
    )
    enabled = models.BooleanField(default=True)
    extra_headers = models.JSONField(default=dict, blank=True,
                                     help_text='Non-secret headers, e.g. {"X-Team": "crm"}. Keys go in "API key".')
    extra_query = models.JSONField(default=dict, blank=True,
                                   help_text='Query parameters sent on every call, e.g. {"api-version": "2024-10-21"}.')
    notes = models.TextField(blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["api_key", "last_success_at", "last_error_at", "last_error"])

    class Meta:
        ordering = ["priority", "name"]
        verbose_name = "AI provider"

    def __str__(self) -> str:
        return f"{self.name} ({self.kind}{' · ' + self.model if self.model else ''})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            provider_class = registry.provider_class(self.kind)
        except ValueError as exc:
            raise ValidationError({"kind": str(exc)}) from exc
        if provider_class.needs_base_url and not self.base_url:
            errors["base_url"] = "This kind of provider needs the URL of its API."
        if provider_class.needs_base_url and not self.model:
            errors["model"] = "Name the model (or Azure deployment) to call."
        for field in ("extra_headers", "extra_query"):
            value = getattr(self, field)
            if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                      for k, v in value.items()):
                errors[field] = 'Use a JSON object of text values, e.g. {"name": "value"}.'
        if isinstance(self.extra_headers, dict) and CREDENTIAL_HEADERS & {k.lower() for k in self.extra_headers}:
            errors["extra_headers"] = ("Credentials do not go in headers (they would be stored in clear): "
                                       "put the key in the API key field, where it is encrypted.")
        if errors:
            raise ValidationError(errors)

    def to_config(self) -> ProviderConfig:
        return ProviderConfig(
            id=self.pk, name=self.name, kind=self.kind, model=self.model, base_url=self.base_url,
            api_key=self.api_key or "", timeout_seconds=self.timeout_seconds, max_retries=self.max_retries,
            temperature=self.temperature, max_output_tokens=self.max_output_tokens,
            structured_output=self.structured_output,
            cost_per_1k_input_tokens=float(self.cost_per_1k_input_tokens),
            cost_per_1k_output_tokens=float(self.cost_per_1k_output_tokens),
            extra_headers=dict(self.extra_headers or {}), extra_query=dict(self.extra_query or {}),
        )


class TaskChain(models.Model):
    """The ordered providers one AI task tries; the offline provider always comes last."""

    task = models.CharField(max_length=30, choices=TASK_CHOICES, unique=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["task"]
        verbose_name = "task fallback chain"

    def __str__(self) -> str:
        return self.get_task_display()


class ChainStep(models.Model):
    chain = models.ForeignKey(TaskChain, on_delete=models.CASCADE, related_name="steps")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="chain_steps")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["chain", "provider"], name="ai_chainstep_unique_provider")]

    def __str__(self) -> str:
        return f"{self.position}. {self.provider.name}"


class PromptTemplate(TimeStampedModel):
    key = models.SlugField(max_length=80, help_text="How code refers to it, e.g. lead_classification.")
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES, default="es")
    task = models.CharField(max_length=30, choices=TASK_CHOICES)
    description = models.CharField(max_length=200, blank=True)
    system_prompt = models.TextField(help_text="Instructions for an LLM provider (Django template syntax).")
    user_prompt = models.TextField(
        help_text="The request. Customer text arrives already quoted inside <customer_data> tags.",
    )
    local_template = models.TextField(
        blank=True,
        help_text="What the offline provider writes, with the same variables. For JSON templates: a JSON "
                  "object whose text values are templates.",
    )
    variables = models.JSONField(default=list, blank=True, help_text="The variables the flow provides.")
    source = models.CharField(max_length=120, blank=True, help_text="Where the default text comes from.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["key", "language"]
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="ai_prompt_unique_key_language")]

    def __str__(self) -> str:
        return f"{self.key} [{self.language}]"

    def clean(self) -> None:
        from crm.ai.prompts import template_errors

        errors = template_errors(system_prompt=self.system_prompt, user_prompt=self.user_prompt,
                                 local_template=self.local_template)
        if errors:
            raise ValidationError(errors)


class CallLog(models.Model):
    class Outcome(models.TextChoices):
        OK = "ok", "OK"
        TIMEOUT = "timeout", "Timeout"
        RATE_LIMITED = "rate_limited", "Rate limited (429)"
        SERVER_ERROR = "server_error", "Server error (5xx)"
        CONNECTION_ERROR = "connection_error", "Connection error"
        REJECTED = "rejected", "Rejected (4xx)"
        INVALID_OUTPUT = "invalid_output", "Invalid output"
        REFUSED = "refused", "Refused"
        UNSUPPORTED = "unsupported", "Unsupported"
        ERROR = "error", "Other error"

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    request_id = models.UUIDField(db_index=True, help_text="Shared by the attempts of one gateway call.")
    task = models.CharField(max_length=30, choices=TASK_CHOICES)
    template_key = models.CharField(max_length=80, blank=True)
    caller = models.CharField(max_length=80, blank=True)
    attempt = models.PositiveSmallIntegerField(default=1)
    provider = models.ForeignKey(Provider, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="calls")
    provider_name = models.CharField(max_length=80)
    provider_kind = models.CharField(max_length=40)
    model = models.CharField(max_length=120, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    error = models.TextField(blank=True)
    latency_ms = models.PositiveIntegerField(default=0)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    total_tokens = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=12, decimal_places=6, default=Decimal("0"))
    input_chars = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "AI call"
        indexes = [
            models.Index(fields=["task", "created_at"], name="ai_calllog_task_created"),
            models.Index(fields=["outcome", "created_at"], name="ai_calllog_outcome_created"),
        ]

    def __str__(self) -> str:
        return f"{self.task} · {self.provider_name} · {self.outcome}"


class LocalModel(models.Model):
    """A trained version of the offline intent and sentiment classifiers, with its metrics."""

    class Origin(models.TextChoices):
        DEFAULT = "default", "Trained automatically on first use"
        COMMAND = "command", "manage.py ai_train"
        ADMIN = "admin", "Retrained from the admin"

    version = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    origin = models.CharField(max_length=10, choices=Origin.choices)
    trained_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    is_active = models.BooleanField(default=False)
    feature_version = models.PositiveSmallIntegerField()
    metrics = models.JSONField(default=dict, blank=True)
    example_counts = models.JSONField(default=dict, blank=True)
    artefact = models.BinaryField(editable=False)
    artefact_bytes = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "offline model"
        constraints = [models.UniqueConstraint(fields=["is_active"], condition=Q(is_active=True),
                                               name="ai_localmodel_one_active")]

    def __str__(self) -> str:
        return self.version


class TrainingExample(TimeStampedModel):
    """A production message with the labels staff confirmed; reviewed ones join training."""

    text = models.TextField()
    language = models.CharField(max_length=2, choices=LANGUAGE_CHOICES)
    intent = models.CharField(max_length=30, choices=[(i.value, i.value) for i in Intent])
    sentiment = models.CharField(max_length=10, choices=[(s.value, s.value) for s in SentimentLabel])
    predicted_intent = models.CharField(max_length=30, blank=True)
    predicted_sentiment = models.CharField(max_length=10, blank=True)
    source = models.CharField(max_length=80, blank=True, help_text="Where the message came from.")
    reviewed = models.BooleanField(default=False, db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "training example"

    def __str__(self) -> str:
        return f"{self.intent}/{self.sentiment}: {self.text[:60]}"
