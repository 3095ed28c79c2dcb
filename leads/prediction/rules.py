"""The rule-based estimate used while there is too little closed history to train a model.

It is honest about what it is: the stage's default probability (set by staff in admin) moved
up or down by hand-set weights on the same features the model uses, in log-odds so the
result stays between 0 and 1. Every prediction it makes is flagged ``is_fallback``.
"""

from __future__ import annotations

import numpy as np

from leads.prediction.features import FEATURE_NAMES

_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}
PRIOR_BOUNDS = (0.02, 0.98)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _terms(rows: np.ndarray) -> np.ndarray:
    """Log-odds added by each feature (0 where a value is ordinary)."""
    column = {name: rows[:, i] for name, i in _INDEX.items()}
    terms = np.zeros_like(rows)
    terms[:, _INDEX["lead_score"]] = (column["lead_score"] - 0.5) * 2.0
    terms[:, _INDEX["email_engagement"]] = (column["email_engagement"] - 0.2) * 1.5
    terms[:, _INDEX["message_response"]] = (column["message_response"] - 0.3) * 1.5
    # Deals go stale: past two months each further day lowers the odds a little.
    terms[:, _INDEX["days_in_pipeline"]] = -np.clip(column["days_in_pipeline"] - 60, 0, 100) * 0.01
    terms[:, _INDEX["recent_activity"]] = np.where(column["recent_activity"] >= 0.5, 0.4, -0.4)
    terms[:, _INDEX["sentiment"]] = column["sentiment"] * 1.0
    terms[:, _INDEX["interaction_count"]] = (np.minimum(column["interaction_count"], 15) - 5) * 0.06
    terms[:, _INDEX["competition"]] = column["competition"] * -0.5
    terms[:, _INDEX["decision_maker"]] = column["decision_maker"] * 0.7
    terms[:, _INDEX["urgency"]] = (column["urgency"] - 0.5) * 1.0
    # log_value stays 0: a bigger deal is not by itself more or less likely to close.
    return terms


def rule_predict(rows: np.ndarray, priors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities and each feature's effect on the log-odds (its term) for each row.

    ``priors`` are the stages' default probabilities as fractions.
    """
    if len(rows) == 0:
        return np.empty(0), np.empty((0, len(FEATURE_NAMES)))
    prior = np.clip(np.asarray(priors, dtype=float), *PRIOR_BOUNDS)
    terms = _terms(rows)
    logit = np.log(prior / (1 - prior)) + terms.sum(axis=1)
    return _sigmoid(logit), terms
