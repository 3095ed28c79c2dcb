"""The pipeline board: server-rendered, moving a card calls ``opportunity_move``."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from crm.models import Department
from leads.models import Opportunity, PipelineStage
from leads.selectors import pipeline_board, pipeline_column_totals
from leads.services.opportunities import opportunity_move

BOARD_ROLES = ("Admin", "Manager")


def may_use_board(user) -> bool:
    """Sales agents, managers and admins (superusers too)."""
    if not (user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    roles = set(user.groups.values_list("name", flat=True))
    if roles & set(BOARD_ROLES):
        return True
    agent = getattr(user, "agent", None) if "Agent" in roles else None
    return agent is not None and agent.department == Department.SALES


def _may_move(user, opportunity: Opportunity) -> str | None:
    """Why ``user`` may not move this card, or None. Agents move their own deals or unowned ones."""
    if not user.has_perm("leads.change_opportunity"):
        return "You may look at the pipeline but not change it."
    if user.is_superuser or set(user.groups.values_list("name", flat=True)) & set(BOARD_ROLES):
        return None
    if opportunity.owner_id not in (None, user.pk):
        return "Agents may move only their own opportunities or unassigned ones."
    return None


def _owner_filter(request: HttpRequest) -> tuple[str, int | None]:
    value = request.GET.get("owner") or request.POST.get("owner") or ""
    if value == "me":
        return value, request.user.pk
    if value.isdigit():
        return value, int(value)
    return "", None


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_GET
@login_required
@user_passes_test(may_use_board)
def pipeline_board_page(request: HttpRequest) -> HttpResponse:
    owner_value, owner_id = _owner_filter(request)
    columns = pipeline_board(owner_id=owner_id)
    return render(request, "leads/pipeline_board.html", {
        "columns": columns,
        "stages": [column.stage for column in columns],
        "owner": owner_value,
        "hidden_stage_count": Opportunity.objects.filter(closed_at__isnull=True, stage__active=False).count(),
    })


@require_POST
@login_required
@user_passes_test(may_use_board)
def opportunity_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a card. Answers JSON to the board's script, else redirects back (no-JS form)."""
    opportunity = get_object_or_404(Opportunity.objects.select_related("stage"), pk=pk)
    owner_value, owner_id = _owner_filter(request)
    back = reverse("leads:pipeline") + (f"?owner={owner_value}" if owner_value else "")
    error = _may_move(request.user, opportunity)
    stage = None
    if error is None:
        stage_id = request.POST.get("stage", "")
        stage = PipelineStage.objects.filter(pk=stage_id).first() if stage_id.isdigit() else None
        if stage is None:
            error = "Choose a stage."
    if error is None:
        previous_stage_id = opportunity.stage_id
        try:
            opportunity = opportunity_move(opportunity=opportunity, stage=stage,
                                           reason=request.POST.get("reason", ""), actor=request.user)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if error is not None:
        status = 403 if error.startswith(("You may", "Agents may")) else 400
        if _wants_json(request):
            return JsonResponse({"error": "forbidden" if status == 403 else "validation_error",
                                 "message": error}, status=status)
        messages.error(request, error)
        return redirect(back)
    if not _wants_json(request):
        messages.success(request, f"“{opportunity.name}” moved to {opportunity.stage.name}.")
        return redirect(back)
    opportunity.refresh_from_db()
    return JsonResponse({
        "opportunity": {
            "id": opportunity.pk, "stage_id": opportunity.stage_id,
            "probability": opportunity.probability_percent, "likelihood": opportunity.likelihood,
            "is_fallback": opportunity.prediction_is_fallback, "closed": not opportunity.is_open,
        },
        "columns": [_column_json(c) for c in pipeline_column_totals(
            stage_ids=sorted({previous_stage_id, opportunity.stage_id}), owner_id=owner_id)],
    })


def _column_json(column: dict) -> dict:
    # The same wording as the page renders (BoardColumn.totals_display).
    totals = " · ".join(f"{t['currency']} {Decimal(t['total']):,.2f}" for t in column["totals"])
    return {**column, "totals_display": totals or "—"}
