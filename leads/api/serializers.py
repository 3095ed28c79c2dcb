"""Shapes of the leads API. Validation of input only — every write goes through leads.services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from rest_framework import serializers

from crm.models import Contact
from leads.models import Lead, LeadClassification, Opportunity, PipelineStage

User = get_user_model()


class LeadClassificationSerializer(serializers.ModelSerializer):
    breakdown = serializers.SerializerMethodField()
    ai_model_used = serializers.CharField(source="model_used", read_only=True)

    class Meta:
        model = LeadClassification
        fields = ["id", "lead", "score", "category", "breakdown", "reasoning", "recommended_action", "signals",
                  "provider", "ai_model_used", "text_excerpt", "created_at"]
        read_only_fields = fields

    def get_breakdown(self, obj) -> dict[str, int]:
        return {"urgency": obj.urgency_points, "authority": obj.authority_points,
                "budget": obj.budget_points, "fit": obj.fit_points}


class LeadSerializer(serializers.ModelSerializer):
    contact = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.exclude(status=Contact.Status.MERGED))
    contact_name = serializers.CharField(source="contact.full_name", read_only=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), allow_null=True, required=False)
    status = serializers.ChoiceField(choices=Lead.Status.choices, required=False,
                                     help_text="Changing it follows new → qualified → nurturing → "
                                     "converted / lost; “lost” needs lost_reason.")
    message = serializers.CharField(required=False, allow_blank=True, max_length=5000,
                                    help_text="First message; classified by the AI right after creation.")

    class Meta:
        model = Lead
        fields = ["id", "contact", "contact_name", "status", "status_changed_at", "qualified_at", "nurturing_at",
                  "converted_at", "lost_at", "lost_reason", "source", "campaign", "message", "owner",
                  "assigned_at", "score", "category", "last_classified_at", "hot_alerted_at", "created_at",
                  "updated_at"]
        read_only_fields = ["status_changed_at", "qualified_at", "nurturing_at", "converted_at", "lost_at",
                            "assigned_at", "score", "category", "last_classified_at", "hot_alerted_at",
                            "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is not None and "contact" in attrs and attrs["contact"] != self.instance.contact:
            raise serializers.ValidationError({"contact": ["A lead stays with its contact; open a new lead."]})
        return attrs


class ClassifyRequestSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=5000, trim_whitespace=True,
                                    help_text="The lead's message (untrusted customer text).")
    sender_metadata = serializers.DictField(
        required=False, default=dict,
        help_text="Optional: name, phone, email, company, job_title, source, previous_interactions.",
    )
    language = serializers.ChoiceField(choices=[("", "detect"), ("es", "Español"), ("en", "English")],
                                       required=False, default="")


class ClassifyResponseSerializer(LeadClassificationSerializer):
    lead_id = serializers.IntegerField(source="lead.pk", read_only=True)
    processing_time_ms = serializers.SerializerMethodField()

    class Meta(LeadClassificationSerializer.Meta):
        fields = ["lead_id", *LeadClassificationSerializer.Meta.fields, "processing_time_ms"]
        read_only_fields = fields

    def get_processing_time_ms(self, obj) -> int | None:
        return self.context.get("processing_time_ms")


class PipelineStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = PipelineStage
        fields = ["id", "name", "order", "default_probability", "is_won", "is_lost", "active"]
        read_only_fields = fields


class PredictionSerializer(serializers.Serializer):
    opportunity_id = serializers.IntegerField(source="pk")
    probability = serializers.FloatField(source="close_probability", help_text="0–1.")
    probability_percent = serializers.SerializerMethodField()
    likelihood = serializers.CharField()
    recommendation = serializers.CharField()
    top_factors = serializers.JSONField(help_text="Features that moved this deal's chance most: "
                                        "feature, label, value, effect (change in probability), direction.")
    is_fallback = serializers.BooleanField(source="prediction_is_fallback",
                                           help_text="True: rule-based estimate (too little history for a model).")
    model_version = serializers.IntegerField(source="prediction_model.version", allow_null=True, default=None)
    model_auc = serializers.FloatField(source="prediction_model.auc", allow_null=True, default=None)
    predicted_at = serializers.DateTimeField()
    is_open = serializers.BooleanField()

    def get_probability_percent(self, obj) -> float | None:
        return None if obj.close_probability is None else round(obj.close_probability * 100, 2)


class OpportunitySerializer(serializers.ModelSerializer):
    contact = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.exclude(status=Contact.Status.MERGED))
    lead = serializers.PrimaryKeyRelatedField(queryset=Lead.objects.all(), allow_null=True, required=False)
    stage = serializers.PrimaryKeyRelatedField(queryset=PipelineStage.objects.all(), required=False,
                                               help_text="Default: the first open stage. Won/lost stages "
                                               "need close_reason.")
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    owner = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), allow_null=True, required=False)
    prediction = serializers.SerializerMethodField()

    class Meta:
        model = Opportunity
        fields = ["id", "contact", "lead", "name", "stage", "stage_name", "value", "currency", "expected_close",
                  "decision_maker_engaged", "competition_identified", "urgency", "owner", "close_reason",
                  "closed_at", "stage_changed_at", "last_interaction_at", "last_interaction_channel",
                  "interaction_count", "email_open_rate", "message_response_rate", "average_sentiment",
                  "prediction", "created_at", "updated_at"]
        read_only_fields = ["closed_at", "stage_changed_at", "last_interaction_at", "last_interaction_channel",
                            "interaction_count", "email_open_rate", "message_response_rate",
                            "average_sentiment", "created_at", "updated_at"]

    def get_prediction(self, obj) -> dict | None:
        if obj.predicted_at is None:
            return None
        return {"probability": obj.close_probability, "likelihood": obj.likelihood,
                "recommendation": obj.recommendation, "is_fallback": obj.prediction_is_fallback,
                "predicted_at": obj.predicted_at}

    def validate(self, attrs):
        if self.instance is not None and "contact" in attrs and attrs["contact"] != self.instance.contact:
            raise serializers.ValidationError({"contact": ["An opportunity stays with its contact."]})
        return attrs


class MoveSerializer(serializers.Serializer):
    stage = serializers.PrimaryKeyRelatedField(queryset=PipelineStage.objects.all())
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="",
                                   help_text="Required for won and lost stages.")
