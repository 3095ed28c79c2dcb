"""Likelihood bands, recommendations and the factor summaries shown beside a probability."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from leads.prediction.features import FEATURE_LABELS, FEATURE_NAMES, display_value

# Flow 21: probability > 0.8 very high, > 0.6 high, > 0.4 medium, otherwise low.
BANDS: tuple[tuple[float, str], ...] = ((0.8, "very_high"), (0.6, "high"), (0.4, "medium"))
RECOMMENDATIONS: dict[str, str] = {
    "very_high": "Prioritise: ready to close.",
    "high": "Push to close this week.",
    "medium": "Keep nurturing; do not force the close.",
    "low": "Re-qualify or move to long-term nurturing.",
}
TOP_FACTORS = 3


def likelihood_for(probability: float) -> str:
    for threshold, band in BANDS:
        if probability > threshold:
            return band
    return "low"


@dataclass(frozen=True)
class Prediction:
    probability: float
    likelihood: str
    recommendation: str
    top_factors: list[dict] = field(default_factory=list)
    is_fallback: bool = False
    model_id: int | None = None
    model_version: int | None = None


# Below this change in log-odds (odds × 0.95–1.05) a feature is not worth naming.
MIN_EFFECT = 0.05


def top_factors(row: np.ndarray, effects: np.ndarray, limit: int = TOP_FACTORS) -> list[dict]:
    """The features that moved this opportunity's chance most, either way.

    ``effects[j]`` is the change in log-odds of winning that feature ``j`` is responsible
    for (positive = raises the chance); ``odds_ratio`` = exp(effect) is how it multiplies
    the odds.
    """
    order = np.argsort(-np.abs(effects), kind="stable")
    factors = []
    for index in order[:limit]:
        effect = float(effects[index])
        if abs(effect) < MIN_EFFECT:
            break
        name = FEATURE_NAMES[index]
        factors.append({
            "feature": name,
            "label": FEATURE_LABELS[name],
            "value": display_value(name, float(row[index])),
            "effect": round(effect, 3),
            "odds_ratio": round(math.exp(effect), 2),
            "direction": "raises" if effect > 0 else "lowers",
        })
    return factors


def prediction_from(probability: float, row: np.ndarray, effects: np.ndarray, *, is_fallback: bool,
                    model_id: int | None = None, model_version: int | None = None) -> Prediction:
    probability = float(min(1.0, max(0.0, probability)))
    band = likelihood_for(probability)
    return Prediction(
        probability=round(probability, 4), likelihood=band, recommendation=RECOMMENDATIONS[band],
        top_factors=top_factors(row, effects), is_fallback=is_fallback, model_id=model_id,
        model_version=model_version,
    )
