"""Thin API views over the gateway: validate, call, shape the answer as seed 003 does."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from crm.ai.api import serializers
from crm.ai.api.permissions import HasStaffRole
from crm.ai.base import AIUnavailable
from crm.ai.gateway import AIInputError, AIResponse, ai_analyze_sentiment, ai_detect_intent
from crm.ai.services import lead_message_classify


class AIServiceUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "ai_unavailable"
    default_detail = "No AI provider could answer; try again shortly."


def _meta(response: AIResponse) -> dict:
    return {"ai_model_used": response.model, "provider": response.provider,
            "fallback_used": response.fallback_used, "processing_time_ms": response.latency_ms,
            "request_id": str(response.request_id)}


class AIView(APIView):
    permission_classes = [HasStaffRole]
    throttle_classes = [UserRateThrottle, ScopedRateThrottle]
    throttle_scope = "ai"
    request_serializer: type

    def validated(self, request) -> dict:
        form = self.request_serializer(data=request.data)
        form.is_valid(raise_exception=True)
        return form.validated_data

    def call(self, function, **kwargs) -> AIResponse:
        try:
            return function(**kwargs)
        except AIInputError as exc:
            field, _, message = str(exc).partition(": ")
            raise ValidationError({field if message else "message": [message or str(exc)]}) from exc
        except AIUnavailable as exc:
            raise AIServiceUnavailable() from exc


class LeadClassifyView(AIView):
    request_serializer = serializers.LeadClassifyRequestSerializer

    @extend_schema(request=serializers.LeadClassifyRequestSerializer,
                   responses=serializers.LeadClassifyResponseSerializer, tags=["AI"],
                   operation_id="ai_leads_classify")
    def post(self, request):
        """Flow 2: score a lead's message 0–100 (hot ≥ 80, warm 50–79, cold < 50)."""
        data = self.validated(request)
        metadata = dict(data.get("sender_metadata") or {})
        response = self.call(lead_message_classify, message=data["message"], sender_metadata=metadata,
                             lead_reference=data.get("lead_id", ""), language=data.get("language"),
                             actor=request.user, caller="api")
        result = response.result
        return Response({
            "lead_id": data.get("lead_id") or None, "score": result.score, "category": result.category.value,
            "breakdown": result.breakdown.model_dump(), "reasoning": result.reasoning,
            "recommended_action": result.recommended_action.value, "signals": result.signals, **_meta(response),
        })


class IntentDetectView(AIView):
    request_serializer = serializers.IntentDetectRequestSerializer

    @extend_schema(request=serializers.IntentDetectRequestSerializer,
                   responses=serializers.IntentDetectResponseSerializer, tags=["AI"],
                   operation_id="ai_intents_detect")
    def post(self, request):
        """Flow 3: primary and secondary intents, confidence and entities."""
        data = self.validated(request)
        response = self.call(ai_detect_intent, text=data["message"], context=data.get("context"),
                             language=data.get("language"), caller="api")
        result = response.result
        return Response({
            "primary_intent": result.primary_intent.value,
            "secondary_intents": [intent.value for intent in result.secondary_intents],
            "confidence": result.confidence, "entities": result.entities.model_dump(exclude_defaults=True),
            "reasoning": result.reasoning, "language": response.language, **_meta(response),
        })


class SentimentAnalyzeView(AIView):
    request_serializer = serializers.SentimentAnalyzeRequestSerializer

    @extend_schema(request=serializers.SentimentAnalyzeRequestSerializer,
                   responses=serializers.SentimentAnalyzeResponseSerializer, tags=["AI"],
                   operation_id="ai_sentiment_analyze")
    def post(self, request):
        """Flow 4: sentiment, score −1..+1, emotions, urgency, churn risk, priority."""
        data = self.validated(request)
        response = self.call(ai_analyze_sentiment, text=data["message"], language=data.get("language"),
                             caller="api")
        result = response.result
        return Response({
            "sentiment": result.sentiment.value, "score": result.score, "confidence": result.confidence,
            "emotions": result.emotions.present(), "urgency_level": result.urgency_level.value,
            "churn_risk": result.churn_risk, "triggers": result.triggers,
            "recommended_priority": result.recommended_priority.value, **_meta(response),
        })
