"""Reads of the leads app shared by the board, admin, API, tasks and (later) analytics."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from leads.models import Lead, LeadClassification, Opportunity, PipelineStage


def leads_with_related() -> QuerySet[Lead]:
    return Lead.objects.select_related("contact", "contact__company", "owner")


def leads_hot_unassigned(*, min_score: int | None = None) -> QuerySet[Lead]:
    """Open leads nobody owns, hottest first — the queue sales must pick up (analytics reads it)."""
    from leads.services.classification import HOT_ALERT_SCORE

    threshold = HOT_ALERT_SCORE if min_score is None else min_score
    return (leads_with_related()
            .filter(owner__isnull=True, score__gt=threshold)
            .exclude(status__in=[Lead.Status.CONVERTED, Lead.Status.LOST])
            .order_by("-score", "created_at"))


def leads_never_classified(*, older_than: timedelta, now=None) -> QuerySet[Lead]:
    """Leads with a first message but no classification yet (its task was lost or failed)."""
    now = now or timezone.now()
    return (Lead.objects.filter(last_classified_at__isnull=True, created_at__lt=now - older_than)
            .exclude(message="")
            .exclude(status__in=[Lead.Status.CONVERTED, Lead.Status.LOST]))


def lead_open_for_contact(contact) -> Lead | None:
    """The contact's most recent lead still in play (new, qualified or nurturing)."""
    return (Lead.objects.filter(contact=contact)
            .exclude(status__in=[Lead.Status.CONVERTED, Lead.Status.LOST])
            .order_by("-created_at", "-pk").first())


def opportunities_open_for_contact(contact) -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(contact=contact, closed_at__isnull=True).select_related("stage")


def lead_classification_history(lead: Lead) -> QuerySet[LeadClassification]:
    return LeadClassification.objects.filter(lead=lead).order_by("-created_at", "-pk")


def leads_count_by_status_and_category() -> list[dict]:
    return list(Lead.objects.values("status", "category").annotate(count=Count("pk")).order_by("status", "category"))


def opportunities_with_lead_score() -> QuerySet[Opportunity]:
    """Deals with ``lead_score_value``: their lead's score, else the contact's latest scored lead."""
    latest_contact_score = (Lead.objects.filter(contact=OuterRef("contact_id"), score__isnull=False)
                            .order_by("-last_classified_at").values("score")[:1])
    return Opportunity.objects.select_related("stage").annotate(
        lead_score_value=Coalesce("lead__score", Subquery(latest_contact_score))
    )


def opportunities_open() -> QuerySet[Opportunity]:
    return Opportunity.objects.filter(closed_at__isnull=True)


# --- the pipeline board --------------------------------------------------------------------

# Won and lost columns show recent closes only; older ones are history, not work.
CLOSED_COLUMN_DAYS = 30
CARDS_PER_COLUMN = 50


@dataclass
class BoardColumn:
    stage: PipelineStage
    count: int = 0
    totals: list[tuple[str, Decimal]] = field(default_factory=list)
    cards: list[Opportunity] = field(default_factory=list)

    @property
    def hidden(self) -> int:
        return self.count - len(self.cards)

    @property
    def totals_display(self) -> str:
        if not self.totals:
            return "—"
        return " · ".join(f"{currency} {total:,.2f}" for currency, total in self.totals)


def _board_queryset(*, owner_id: int | None, now) -> QuerySet[Opportunity]:
    recent_close = now - timedelta(days=CLOSED_COLUMN_DAYS)
    opportunities = Opportunity.objects.filter(
        Q(closed_at__isnull=True) | Q(closed_at__gte=recent_close), stage__active=True
    )
    if owner_id is not None:
        opportunities = opportunities.filter(owner_id=owner_id)
    return opportunities


def pipeline_board(*, owner_id: int | None = None, now=None) -> list[BoardColumn]:
    """One column per active stage: count and value per currency over all its deals, and the
    first ``CARDS_PER_COLUMN`` cards (nearest expected close first), a fixed number of queries
    per stage whatever the number of deals."""
    now = now or timezone.now()
    stages = list(PipelineStage.objects.filter(active=True).order_by("order", "pk"))
    columns = {stage.pk: BoardColumn(stage=stage) for stage in stages}
    opportunities = _board_queryset(owner_id=owner_id, now=now)
    for stage_id, currency, count, total in _sums(opportunities):
        columns[stage_id].count += count
        columns[stage_id].totals.append((currency, total))
    # One query with a window would be tidier; a per-stage slice keeps it portable and each
    # slice hits the (stage, closed_at) index.
    for stage in stages:
        columns[stage.pk].cards = list(
            opportunities.filter(stage=stage).select_related("contact", "owner", "stage")
            .order_by("expected_close", "-value", "pk")[:CARDS_PER_COLUMN]
        )
    return [columns[stage.pk] for stage in stages]


def pipeline_column_totals(*, stage_ids: list[int], owner_id: int | None = None, now=None) -> list[dict]:
    """Count and totals of some columns, for the board to update after a move."""
    now = now or timezone.now()
    opportunities = _board_queryset(owner_id=owner_id, now=now).filter(stage_id__in=stage_ids)
    result = {pk: {"stage_id": pk, "count": 0, "totals": []} for pk in stage_ids}
    for stage_id, currency, count, total in _sums(opportunities):
        result[stage_id]["count"] += count
        result[stage_id]["totals"].append({"currency": currency, "total": str(total)})
    return [result[pk] for pk in stage_ids]


def _sums(opportunities: QuerySet[Opportunity]) -> list[tuple[int, str, int, Decimal]]:
    """(stage, currency, count, total value) — deals in different currencies are never added up."""
    rows = (opportunities.values_list("stage_id", "currency")
            .annotate(n=Count("pk"), total=Sum("value")).order_by("stage_id", "currency"))
    return [(stage_id, currency, n, total or Decimal("0")) for stage_id, currency, n, total in rows]


def pipeline_stages_active() -> QuerySet[PipelineStage]:
    return PipelineStage.objects.filter(active=True).order_by("order", "pk")
