"""The Flow 21 features of an opportunity, as one numeric row.

Open opportunities are described as of now; closed ones as of the moment they closed, so
the model learns from what was known when the deal was still open (days in pipeline stop
counting at the close, "recent activity" means activity in the week before it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

# The order is part of a trained model (stored with it as ``feature_names``).
FEATURE_NAMES: tuple[str, ...] = (
    "lead_score", "email_engagement", "message_response", "days_in_pipeline", "recent_activity",
    "log_value", "sentiment", "interaction_count", "competition", "decision_maker", "urgency",
)

FEATURE_LABELS: dict[str, str] = {
    "lead_score": "Lead score",
    "email_engagement": "E-mail engagement (open rate)",
    "message_response": "Message response rate",
    "days_in_pipeline": "Days in pipeline",
    "recent_activity": "Activity in the last 7 days",
    "log_value": "Deal value",
    "sentiment": "Average sentiment",
    "interaction_count": "Number of interactions",
    "competition": "Competition identified",
    "decision_maker": "Decision maker engaged",
    "urgency": "Urgency",
}

RECENT_ACTIVITY_WINDOW = timedelta(days=7)
# What an unknown value counts as. A lead never scored is neither good nor bad (the middle
# of the rubric); no e-mail or message statistics and no sentiment yet count as none, as
# the seed does.
NEUTRAL_LEAD_SCORE = 50


@dataclass(frozen=True)
class OpportunitySnapshot:
    """What the features are computed from; built from a model row or synthetic data."""

    created_at: datetime
    closed_at: datetime | None
    last_interaction_at: datetime | None
    lead_score: int | None
    email_open_rate: float | None
    message_response_rate: float | None
    average_sentiment: float | None
    interaction_count: int
    value: float
    competition_identified: bool
    decision_maker_engaged: bool
    urgency: int


def snapshot_of(opportunity, lead_score: int | None) -> OpportunitySnapshot:
    return OpportunitySnapshot(
        created_at=opportunity.created_at,
        closed_at=opportunity.closed_at,
        last_interaction_at=opportunity.last_interaction_at,
        lead_score=lead_score,
        email_open_rate=opportunity.email_open_rate,
        message_response_rate=opportunity.message_response_rate,
        average_sentiment=opportunity.average_sentiment,
        interaction_count=opportunity.interaction_count,
        value=float(opportunity.value),
        competition_identified=opportunity.competition_identified,
        decision_maker_engaged=opportunity.decision_maker_engaged,
        urgency=opportunity.urgency,
    )


def feature_row(snapshot: OpportunitySnapshot, now: datetime) -> list[float]:
    as_of = snapshot.closed_at or now
    days = max(0.0, (as_of - snapshot.created_at).total_seconds() / 86400)
    recent = (
        snapshot.last_interaction_at is not None
        and as_of - snapshot.last_interaction_at < RECENT_ACTIVITY_WINDOW
    )
    score = NEUTRAL_LEAD_SCORE if snapshot.lead_score is None else snapshot.lead_score
    return [
        score / 100,
        snapshot.email_open_rate or 0.0,
        snapshot.message_response_rate or 0.0,
        math.floor(days),
        1.0 if recent else 0.0,
        math.log1p(max(0.0, snapshot.value)),
        snapshot.average_sentiment or 0.0,
        float(snapshot.interaction_count),
        1.0 if snapshot.competition_identified else 0.0,
        1.0 if snapshot.decision_maker_engaged else 0.0,
        snapshot.urgency / 10,
    ]


def feature_matrix(snapshots: list[OpportunitySnapshot], now: datetime) -> np.ndarray:
    if not snapshots:
        return np.empty((0, len(FEATURE_NAMES)))
    return np.asarray([feature_row(s, now) for s in snapshots], dtype=float)


def display_value(name: str, value: float) -> str:
    """A feature value as staff read it (the row holds scaled numbers)."""
    if name == "lead_score":
        return f"{round(value * 100)}/100"
    if name in ("email_engagement", "message_response"):
        return f"{value:.0%}"
    if name in ("recent_activity", "competition", "decision_maker"):
        return "yes" if value >= 0.5 else "no"
    if name == "log_value":
        return f"{math.expm1(value):,.0f}"
    if name == "sentiment":
        return f"{value:+.2f}"
    if name == "urgency":
        return f"{round(value * 10)}/10"
    return f"{value:,.0f}"
