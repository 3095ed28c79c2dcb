"""Request validation and documented response shapes of the AI endpoints (seed 003)."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from crm.ai.base import Intent, LeadAction, LeadCategory, Priority, SentimentLabel, UrgencyLevel

def intent_choices() -> list[str]:
    """For drf-spectacular's ENUM_NAME_OVERRIDES: one IntentEnum for every intent field."""
    return [intent.value for intent in Intent]


def lead_category_choices() -> list[str]:
    return [category.value for category in LeadCategory]


LANGUAGE = serializers.ChoiceField(choices=["es", "en"], required=False,
                                   help_text="Omit to detect it from the text.")


class MessageMixin(serializers.Serializer):
    message = serializers.CharField(
        trim_whitespace=True, allow_blank=False,
        help_text="The customer's text (limit: AI_MAX_INPUT_CHARS characters, 4000 by default).",
        error_messages={"blank": "The text is empty: send the customer's message.",
                        "required": "Send the customer's text in `message`."},
    )
    language = LANGUAGE

    def validate_message(self, value: str) -> str:
        limit = settings.AI_MAX_INPUT_CHARS
        if len(value) > limit:
            raise serializers.ValidationError(
                f"The text has {len(value)} characters; the limit is {limit}. Send a shorter message."
            )
        return value


class SenderMetadataSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    email = serializers.CharField(required=False, allow_blank=True, max_length=200)
    company = serializers.CharField(required=False, allow_blank=True, max_length=200)
    job_title = serializers.CharField(required=False, allow_blank=True, max_length=120)
    source = serializers.CharField(required=False, allow_blank=True, max_length=80)
    previous_interactions = serializers.IntegerField(required=False, min_value=0, max_value=100_000)
    is_customer = serializers.BooleanField(required=False)


class LeadClassifyRequestSerializer(MessageMixin):
    sender_metadata = SenderMetadataSerializer(required=False)
    lead_id = serializers.CharField(required=False, allow_blank=True, max_length=64,
                                    help_text="Your reference for the lead; echoed back.")


class IntentDetectRequestSerializer(MessageMixin):
    context = serializers.DictField(required=False, help_text="Optional context, e.g. the previous intent.")


class SentimentAnalyzeRequestSerializer(MessageMixin):
    pass


class _AIMeta(serializers.Serializer):
    ai_model_used = serializers.CharField()
    provider = serializers.CharField()
    fallback_used = serializers.BooleanField()
    processing_time_ms = serializers.IntegerField()
    request_id = serializers.UUIDField()


class BreakdownSerializer(serializers.Serializer):
    urgency = serializers.IntegerField(min_value=0, max_value=30)
    authority = serializers.IntegerField(min_value=0, max_value=25)
    budget = serializers.IntegerField(min_value=0, max_value=25)
    fit = serializers.IntegerField(min_value=0, max_value=20)


class LeadClassifyResponseSerializer(_AIMeta):
    lead_id = serializers.CharField(allow_null=True)
    score = serializers.IntegerField(min_value=0, max_value=100)
    category = serializers.ChoiceField(choices=[c.value for c in LeadCategory])
    breakdown = BreakdownSerializer()
    reasoning = serializers.CharField()
    recommended_action = serializers.ChoiceField(choices=[a.value for a in LeadAction])
    signals = serializers.ListField(child=serializers.CharField())


class IntentDetectResponseSerializer(_AIMeta):
    primary_intent = serializers.ChoiceField(choices=[i.value for i in Intent])
    secondary_intents = serializers.ListField(child=serializers.ChoiceField(choices=[i.value for i in Intent]))
    confidence = serializers.FloatField()
    entities = serializers.DictField()
    reasoning = serializers.CharField()
    language = serializers.CharField()


class SentimentAnalyzeResponseSerializer(_AIMeta):
    sentiment = serializers.ChoiceField(choices=[s.value for s in SentimentLabel])
    score = serializers.FloatField(min_value=-1, max_value=1)
    confidence = serializers.FloatField()
    emotions = serializers.DictField(child=serializers.FloatField(), help_text="Only the emotions present, 0–1.")
    urgency_level = serializers.ChoiceField(choices=[u.value for u in UrgencyLevel])
    churn_risk = serializers.IntegerField(min_value=0, max_value=100)
    triggers = serializers.ListField(child=serializers.CharField())
    recommended_priority = serializers.ChoiceField(choices=[p.value for p in Priority])
