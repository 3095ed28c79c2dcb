"""Thin API views of leads and opportunities: serializers validate, leads.services decide."""

from __future__ import annotations

import time

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from crm.api.permissions import OwnedRecordsForAgents, RoleModelPermissions
from crm.errors import TransientError
from crm.models import Contact
from leads.api import filters, serializers
from leads.models import Lead, Opportunity, PipelineStage
from leads.selectors import lead_classification_history, leads_with_related
from leads.services import classification, leads, opportunities, prediction


class OwnedLeadRecordsForAgents(OwnedRecordsForAgents):
    message = "Agents may change only leads and opportunities they own or that have no owner."


class AIUnavailableError(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "ai_unavailable"
    default_detail = "No AI provider answered; try again shortly."


class LeadViewSet(viewsets.ModelViewSet):
    serializer_class = serializers.LeadSerializer
    permission_classes = [RoleModelPermissions, OwnedLeadRecordsForAgents]
    filterset_class = filters.LeadFilter
    search_fields = ["contact__first_name", "contact__last_name", "contact__email", "contact__phone", "campaign"]
    ordering_fields = ["created_at", "score", "last_classified_at", "status_changed_at"]
    # The AI gateway owns "leads/classify" (no id): detail routes take digits only.
    lookup_value_regex = r"\d+"
    queryset = leads_with_related()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        wanted_status = data.pop("status", Lead.Status.NEW)
        lost_reason = data.pop("lost_reason", "")
        lead = leads.lead_create(actor=self.request.user, **{"source": Contact.Source.API, **data})
        if wanted_status != Lead.Status.NEW:
            lead = leads.lead_set_status(lead=lead, status=wanted_status, reason=lost_reason, actor=self.request.user)
        serializer.instance = lead

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("contact", None)
        lead = serializer.instance
        wanted_status = data.pop("status", None)
        lost_reason = data.pop("lost_reason", "")
        if "owner" in data:
            lead = leads.lead_assign(lead=lead, owner=data.pop("owner"), actor=self.request.user)
        if data:
            lead = leads.lead_update(lead=lead, actor=self.request.user, **data)
        if wanted_status is not None:
            lead = leads.lead_set_status(lead=lead, status=wanted_status, reason=lost_reason, actor=self.request.user)
        serializer.instance = self.get_queryset().get(pk=lead.pk)

    @extend_schema(request=serializers.ClassifyRequestSerializer, responses=serializers.ClassifyResponseSerializer)
    @action(detail=True, methods=["post"], url_path="classify")
    def classify(self, request, pk=None):
        """Classify a message of this lead through the AI gateway and keep it in its history."""
        lead = self.get_object()
        form = serializers.ClassifyRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        started = time.perf_counter()
        try:
            result = classification.lead_classify(
                lead=lead, text=form.validated_data["message"], metadata=form.validated_data["sender_metadata"],
                language=form.validated_data["language"], actor=request.user,
            )
        except TransientError as exc:
            raise AIUnavailableError() from exc
        elapsed = round((time.perf_counter() - started) * 1000)
        return Response(serializers.ClassifyResponseSerializer(result, context={"processing_time_ms": elapsed}).data)

    @extend_schema(responses=serializers.LeadClassificationSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="classifications")
    def classifications(self, request, pk=None):
        """The lead's classification history, newest first."""
        page = self.paginate_queryset(lead_classification_history(self.get_object()))
        return self.get_paginated_response(serializers.LeadClassificationSerializer(page, many=True).data)


class OpportunityViewSet(viewsets.ModelViewSet):
    serializer_class = serializers.OpportunitySerializer
    permission_classes = [RoleModelPermissions, OwnedLeadRecordsForAgents]
    filterset_class = filters.OpportunityFilter
    search_fields = ["name", "contact__first_name", "contact__last_name", "contact__email"]
    ordering_fields = ["created_at", "value", "expected_close", "close_probability", "stage_changed_at"]
    lookup_value_regex = r"\d+"
    queryset = Opportunity.objects.select_related("contact", "stage", "owner", "lead", "prediction_model")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = opportunities.opportunity_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("contact", None)
        opportunity = serializer.instance
        stage = data.pop("stage", None)
        close_reason = data.pop("close_reason", "")
        if data:
            opportunity = opportunities.opportunity_update(opportunity=opportunity, actor=self.request.user, **data)
        if stage is not None and stage.pk != opportunity.stage_id:
            opportunity = opportunities.opportunity_move(opportunity=opportunity, stage=stage, reason=close_reason,
                                                         actor=self.request.user)
        serializer.instance = self.get_queryset().get(pk=opportunity.pk)

    @extend_schema(request=serializers.MoveSerializer, responses=serializers.OpportunitySerializer)
    @action(detail=True, methods=["post"], url_path="move")
    def move(self, request, pk=None):
        """Move to another stage; won and lost stages need a reason."""
        opportunity = self.get_object()
        form = serializers.MoveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        opportunities.opportunity_move(opportunity=opportunity, stage=form.validated_data["stage"],
                                       reason=form.validated_data["reason"], actor=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=opportunity.pk)).data)

    @extend_schema(responses=serializers.PredictionSerializer)
    @action(detail=True, methods=["get"], url_path="prediction")
    def prediction(self, request, pk=None):
        """Close probability, likelihood band, recommendation and top factors.

        Computed on the spot when an open deal has none yet or it is out of date; a closed
        deal keeps the last prediction it had while open.
        """
        opportunity = self.get_object()
        if opportunity.is_open and prediction.opportunities_due_for_scoring().filter(pk=opportunity.pk).exists():
            prediction.opportunity_score(opportunity=opportunity)
        opportunity = self.get_queryset().get(pk=opportunity.pk)
        if opportunity.predicted_at is None:
            raise exceptions.NotFound("This opportunity closed before it was ever scored.")
        return Response(serializers.PredictionSerializer(opportunity).data)


class PipelineStageViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The pipeline's stages (edited in admin)."""

    serializer_class = serializers.PipelineStageSerializer
    queryset = PipelineStage.objects.all()
    filterset_fields = ["active", "is_won", "is_lost"]
    ordering_fields = ["order"]
    lookup_value_regex = r"\d+"
