"""Synthetic sales history with a known signal, for the close-model tests and bench/leads.py.

Each deal gets random features; whether it was won is drawn from a logistic function of
them (decision maker, lead score, response rate, sentiment, recent activity and urgency
raise the odds; competition and a long stay in the pipeline lower them) plus noise. A model
that learns the signal ranks held-out deals well; one that does not, does not.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone


@dataclass(frozen=True)
class DealSpec:
    lead_score: int
    email_open_rate: float
    message_response_rate: float
    days_in_pipeline: int
    recent_activity: bool
    value: Decimal
    average_sentiment: float
    interaction_count: int
    competition_identified: bool
    decision_maker_engaged: bool
    urgency: int

    def logit(self) -> float:
        return (
            -0.6
            + 1.8 * (1 if self.decision_maker_engaged else 0)
            - 1.4 * (1 if self.competition_identified else 0)
            + 3.0 * (self.lead_score / 100 - 0.5)
            + 2.0 * (self.message_response_rate - 0.4)
            + 1.2 * self.average_sentiment
            + 0.8 * (1 if self.recent_activity else -1) / 2
            + 0.15 * (self.urgency - 5)
            - 0.015 * max(0, self.days_in_pipeline - 45)
        )


def random_deal(rng: random.Random) -> DealSpec:
    return DealSpec(
        lead_score=rng.randint(5, 100),
        email_open_rate=round(rng.random(), 3),
        message_response_rate=round(rng.random(), 3),
        days_in_pipeline=rng.randint(1, 150),
        recent_activity=rng.random() < 0.5,
        value=Decimal(str(round(math.exp(rng.uniform(math.log(200), math.log(80000))), 2))),
        average_sentiment=round(rng.uniform(-1, 1), 3),
        interaction_count=rng.randint(0, 25),
        competition_identified=rng.random() < 0.4,
        decision_maker_engaged=rng.random() < 0.45,
        urgency=rng.randint(0, 10),
    )


def deal_is_won(spec: DealSpec, rng: random.Random) -> bool:
    return rng.random() < 1 / (1 + math.exp(-spec.logit()))


def strong_deal() -> DealSpec:
    return DealSpec(lead_score=95, email_open_rate=0.8, message_response_rate=0.9, days_in_pipeline=10,
                    recent_activity=True, value=Decimal("12000"), average_sentiment=0.8, interaction_count=14,
                    competition_identified=False, decision_maker_engaged=True, urgency=9)


def weak_deal() -> DealSpec:
    return DealSpec(lead_score=15, email_open_rate=0.05, message_response_rate=0.05, days_in_pipeline=120,
                    recent_activity=False, value=Decimal("12000"), average_sentiment=-0.7, interaction_count=1,
                    competition_identified=True, decision_maker_engaged=False, urgency=1)


def build_opportunity(spec: DealSpec, *, contact, lead, stage, now: datetime, closed: bool, name: str,
                      close_reason: str = ""):
    """An unsaved Opportunity described by ``spec`` (as of ``now``, or as of its close)."""
    from leads.models import Opportunity

    created_at = now - timedelta(days=spec.days_in_pipeline, hours=1)
    last_interaction = now - (timedelta(days=2) if spec.recent_activity else timedelta(days=20))
    return Opportunity(
        contact=contact, lead=lead, name=name, stage=stage, value=spec.value, currency="USD",
        decision_maker_engaged=spec.decision_maker_engaged, competition_identified=spec.competition_identified,
        urgency=spec.urgency, created_at=created_at, stage_changed_at=now,
        closed_at=now if closed else None, close_reason=close_reason if closed else "",
        last_interaction_at=last_interaction if spec.interaction_count else None,
        last_interaction_channel="whatsapp" if spec.interaction_count else "",
        interaction_count=spec.interaction_count, email_open_rate=spec.email_open_rate,
        message_response_rate=spec.message_response_rate, average_sentiment=spec.average_sentiment,
        sentiment_samples=spec.interaction_count, reply_opportunities=spec.interaction_count,
        replies=round(spec.interaction_count * spec.message_response_rate),
    )


def create_history(n: int, *, seed: int = 7, contacts: int = 20, now: datetime | None = None) -> dict[str, int]:
    """Bulk-create ``n`` closed deals (each with its own scored lead). Returns won/lost counts."""
    from crm.models import Contact
    from leads.models import Lead, Opportunity, PipelineStage

    rng = random.Random(seed)
    now = now or timezone.now()
    won_stage = PipelineStage.objects.filter(is_won=True).first()
    lost_stage = PipelineStage.objects.filter(is_lost=True).first()
    people = Contact.objects.bulk_create(
        Contact(first_name=f"Historic{seed}-{i}", email=f"history{seed}-{i}@example.com") for i in range(contacts)
    )
    specs = [random_deal(rng) for _ in range(n)]
    outcomes = [deal_is_won(spec, rng) for spec in specs]
    leads = Lead.objects.bulk_create(
        Lead(contact=people[i % contacts], status=Lead.Status.QUALIFIED, score=spec.lead_score,
             category="hot" if spec.lead_score >= 80 else "warm" if spec.lead_score >= 50 else "cold",
             last_classified_at=now, created_at=now - timedelta(days=spec.days_in_pipeline + 2))
        for i, spec in enumerate(specs)
    )
    # Deals closed at different moments over the last year, each described as of its close.
    rows = []
    for i, (spec, won, lead) in enumerate(zip(specs, outcomes, leads)):
        closed_at = now - timedelta(days=rng.randint(1, 365))
        rows.append(build_opportunity(
            spec, contact=people[i % contacts], lead=lead, stage=won_stage if won else lost_stage,
            now=closed_at, closed=True, name=f"Historic deal {seed}-{i}",
            close_reason="Signed" if won else "Chose another vendor",
        ))
    Opportunity.objects.bulk_create(rows, batch_size=1000)
    return {"won": sum(outcomes), "lost": n - sum(outcomes)}
