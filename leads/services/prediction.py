"""Close prediction (Flow 21): training, activation and scoring of opportunities.

Scoring uses the active trained model; with none (too little closed history, or no model
good enough yet) it uses the rule-based estimate and flags every prediction ``is_fallback``.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import psycopg
import structlog
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max, Q, QuerySet
from django.utils import timezone

from crm.services.audit import audit_record
from leads.models import ClosePredictionModel, Opportunity
from leads.prediction import estimator
from leads.prediction.bands import Prediction, prediction_from
from leads.prediction.features import FEATURE_NAMES, feature_matrix, snapshot_of
from leads.prediction.rules import rule_predict
from leads.selectors import opportunities_with_lead_score
from leads.services.leads import actor_type_of

logger = structlog.get_logger(__name__)

# A model ranking worse than MIN_AUC_TO_ACTIVATE on held-out deals is stored but not used.
MIN_CLOSED = settings.LEADS_CLOSE_MODEL_MIN_CLOSED
MIN_PER_OUTCOME = 5
MIN_AUC_TO_ACTIVATE = settings.LEADS_CLOSE_MODEL_MIN_AUC
RESCORE_AFTER = timedelta(hours=settings.LEADS_RESCORE_AFTER_HOURS)
SCORE_BATCH_SIZE = 1000
# What scoring reads: the features' sources and the stage (its default probability is the prior
# of the rule-based estimate).
SCORING_FIELDS = ["created_at", "closed_at", "last_interaction_at", "email_open_rate", "message_response_rate",
                  "average_sentiment", "interaction_count", "value", "competition_identified",
                  "decision_maker_engaged", "urgency", "stage__default_probability"]
PREDICTION_FIELDS = ["close_probability", "likelihood", "recommendation", "top_factors", "prediction_model",
                     "predicted_at", "prediction_is_fallback"]

_estimators: dict[tuple[int, str], object] = {}
_estimators_lock = threading.Lock()


# --- scoring -------------------------------------------------------------------------------


def close_model_active() -> ClosePredictionModel | None:
    return ClosePredictionModel.objects.filter(active=True).defer("artefact").first()


def _estimator_for(model: ClosePredictionModel):
    # A trained artefact never changes, so each process unpickles it once. The training time is
    # part of the key: ids restart when a database is rebuilt.
    key = (model.pk, model.trained_at.isoformat())
    fitted = _estimators.get(key)
    if fitted is None:
        artefact = ClosePredictionModel.objects.values_list("artefact", flat=True).get(pk=model.pk)
        fitted = estimator.load(artefact)
        with _estimators_lock:
            while len(_estimators) >= 4:  # old versions are not used again
                _estimators.pop(next(iter(_estimators)))
            _estimators[key] = fitted
    return fitted


def _usable_estimator(model: ClosePredictionModel | None):
    """The fitted model, or None when predictions must use the rules: no model, one trained on
    other features, or an artefact this installation cannot load (e.g. after a scikit-learn
    upgrade — retrain to fix). A deal is never left unscored because of the model."""
    if model is None or list(model.feature_names) != list(FEATURE_NAMES):
        return None
    try:
        return _estimator_for(model)
    except Exception as exc:  # unpickling raises anything from ValueError to ModuleNotFoundError
        logger.error("close_model_unloadable", version=model.version, error=f"{type(exc).__name__}: {exc}")
        return None


def predict_opportunities(opportunities: list[Opportunity], *, model: ClosePredictionModel | None,
                          now: datetime | None = None) -> list[Prediction]:
    """Predictions for rows of ``opportunities_with_lead_score()`` (no database writes)."""
    now = now or timezone.now()
    rows = feature_matrix([snapshot_of(o, o.lead_score_value) for o in opportunities], now)
    fitted = _usable_estimator(model)
    if fitted is not None:
        probabilities, effects = estimator.predict_with_effects(fitted, rows, model.feature_reference)
        return [prediction_from(p, row, e, is_fallback=False, model_id=model.pk, model_version=model.version)
                for p, row, e in zip(probabilities, rows, effects)]
    priors = np.asarray([o.stage.default_probability / 100 for o in opportunities], dtype=float)
    probabilities, effects = rule_predict(rows, priors)
    return [prediction_from(p, row, e, is_fallback=True) for p, row, e in zip(probabilities, rows, effects)]


def opportunity_predict(*, opportunity: Opportunity, now: datetime | None = None) -> Prediction:
    """The prediction for one deal now, without storing it."""
    row = opportunities_with_lead_score().get(pk=opportunity.pk)
    return predict_opportunities([row], model=close_model_active(), now=now)[0]


def _apply(opportunity: Opportunity, prediction: Prediction, now: datetime) -> None:
    opportunity.close_probability = prediction.probability
    opportunity.likelihood = prediction.likelihood
    opportunity.recommendation = prediction.recommendation
    opportunity.top_factors = prediction.top_factors
    opportunity.prediction_model_id = prediction.model_id
    opportunity.predicted_at = now
    opportunity.prediction_is_fallback = prediction.is_fallback


def opportunity_score(*, opportunity: Opportunity) -> Prediction:
    """Predict one deal and store the prediction on it (a plain UPDATE: no history row)."""
    now = timezone.now()
    prediction = opportunity_predict(opportunity=opportunity, now=now)
    _apply(opportunity, prediction, now)
    Opportunity.objects.filter(pk=opportunity.pk).update(
        close_probability=opportunity.close_probability, likelihood=opportunity.likelihood,
        recommendation=opportunity.recommendation, top_factors=opportunity.top_factors,
        prediction_model_id=opportunity.prediction_model_id, predicted_at=now,
        prediction_is_fallback=opportunity.prediction_is_fallback,
    )
    return prediction


def opportunities_score(*, queryset: QuerySet[Opportunity] | None = None, batch_size: int = SCORE_BATCH_SIZE) -> int:
    """Score open deals in batches: one model call and one UPDATE statement per batch."""
    model = close_model_active()
    base = queryset if queryset is not None else Opportunity.objects.all()
    pks = list(base.filter(closed_at__isnull=True).order_by("pk").values_list("pk", flat=True))
    scored = 0
    for start in range(0, len(pks), batch_size):
        batch = list(opportunities_with_lead_score().filter(pk__in=pks[start:start + batch_size])
                     .only(*SCORING_FIELDS).order_by("pk"))
        now = timezone.now()
        _store_predictions(batch, predict_opportunities(batch, model=model, now=now), now=now)
        scored += len(batch)
    return scored


def _store_predictions(batch: list[Opportunity], predictions: list[Prediction], *, now: datetime) -> None:
    if not batch:
        return
    if connection.vendor != "postgresql":
        # SQLite (the embedded mode) holds small pipelines: Django's bulk_update is enough.
        for opportunity, prediction in zip(batch, predictions):
            _apply(opportunity, prediction, now)
        Opportunity.objects.bulk_update(batch, PREDICTION_FIELDS)
        return
    # bulk_update builds one CASE expression per field and row in Python, which costs more
    # than the model itself; UPDATE … FROM unnest(arrays) sends a whole batch as five parameters.
    table = Opportunity._meta.db_table
    sql = (f'UPDATE "{table}" AS o SET close_probability = v.p, likelihood = v.l, recommendation = v.r, '
           f"top_factors = v.f::jsonb, prediction_model_id = %s, predicted_at = %s, prediction_is_fallback = %s "
           f"FROM unnest(%b::bigint[], %b::double precision[], %b::varchar[], %b::varchar[], %b::text[]) "
           f"AS v(id, p, l, r, f) WHERE o.id = v.id AND o.closed_at IS NULL")  # a deal closed meanwhile keeps its own
    # One model (or the rules) scored the whole batch: its id and flag are the same for every row.
    params = [predictions[0].model_id, now, predictions[0].is_fallback,
              [o.pk for o in batch], [p.probability for p in predictions], [p.likelihood for p in predictions],
              [p.recommendation for p in predictions], [json.dumps(p.top_factors) for p in predictions]]
    # Django's cursors bind client-side (every string of the arrays escaped in Python); a plain
    # psycopg cursor on the same connection and transaction sends them apart, in binary (%b).
    connection.ensure_connection()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)


def opportunities_due_for_scoring(*, now: datetime | None = None) -> QuerySet[Opportunity]:
    """Open deals whose stored prediction is missing or out of date: never scored, older than
    ``RESCORE_AFTER`` (days in pipeline and recent activity change with time), older than the
    deal's last change, or made by another model than the one now active."""
    now = now or timezone.now()
    active = close_model_active()
    stale = (Q(predicted_at__isnull=True) | Q(predicted_at__lt=now - RESCORE_AFTER)
             | Q(predicted_at__lt=F("updated_at")))
    if active is not None:
        stale |= ~Q(prediction_model_id=active.pk) | Q(prediction_model__isnull=True)
    else:
        stale |= Q(prediction_is_fallback=False)
    return Opportunity.objects.filter(closed_at__isnull=True).filter(stale)


def opportunities_rescore_due(*, now: datetime | None = None) -> int:
    """The nightly job: re-score what is due. A second run the same night finds nothing to do."""
    return opportunities_score(queryset=opportunities_due_for_scoring(now=now))


# --- training ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingOutcome:
    trained: bool
    activated: bool
    reason: str
    model: ClosePredictionModel | None = None
    rescored: int = 0


def _closed_history() -> QuerySet[Opportunity]:
    return opportunities_with_lead_score().filter(closed_at__isnull=False).filter(
        Q(stage__is_won=True) | Q(stage__is_lost=True)
    )


def close_model_train(
    *,
    min_closed: int = MIN_CLOSED,
    test_size: float = 0.25,
    random_state: int = 0,
    only_if_new_data: bool = False,
    rescore: bool = True,
    actor=None,
) -> TrainingOutcome:
    """Train a model on every won and lost deal, measure it on a held-out quarter, store it.

    It becomes the active model when its held-out AUC reaches ``MIN_AUC_TO_ACTIVATE``; then
    the open deals are re-scored with it. With too little history nothing is trained and the
    rule-based estimate stays in use.
    """
    history = _closed_history()
    won = history.filter(stage__is_won=True).count()
    lost = history.filter(stage__is_lost=True).count()
    last_closed_at = history.aggregate(last=Max("closed_at"))["last"]
    active = close_model_active()
    if only_if_new_data and active is not None and active.training_rows == won + lost \
            and active.last_closed_at == last_closed_at:
        return TrainingOutcome(False, False, "Nothing has closed since the active model was trained.", active)
    if won + lost < min_closed or won < MIN_PER_OUTCOME or lost < MIN_PER_OUTCOME:
        reason = (f"Too little history to train: {won} won and {lost} lost deals (need {min_closed} closed, "
                  f"at least {MIN_PER_OUTCOME} of each). Predictions use the rule-based estimate.")
        audit_record(action="close_model.not_trained", actor_type=actor_type_of(actor), actor=actor,
                     reason=reason, data={"won": won, "lost": lost, "min_closed": min_closed})
        return TrainingOutcome(False, False, reason, None)

    now = timezone.now()
    rows_source = list(history.order_by("pk").iterator(chunk_size=2000))
    rows = feature_matrix([snapshot_of(o, o.lead_score_value) for o in rows_source], now)
    outcomes = np.asarray([1 if o.stage.is_won else 0 for o in rows_source])
    fitted = estimator.fit(rows, outcomes, test_size=test_size, random_state=random_state)
    model = _store_model(fitted, won=won, lost=lost, last_closed_at=last_closed_at, now=now)
    activated = fitted.auc >= MIN_AUC_TO_ACTIVATE
    if activated:
        close_model_activate(model=model, actor=actor)
    else:
        model.notes = (f"Not activated: held-out AUC {fitted.auc:.3f} is below {MIN_AUC_TO_ACTIVATE}. "
                       "Predictions keep using the previous model or the rule-based estimate.")
        model.save(update_fields=["notes"])
    audit_record(action="close_model.trained", target=model, actor_type=actor_type_of(actor), actor=actor,
                 reason=f"Trained on {won + lost} closed deals; held-out AUC {fitted.auc:.3f}"
                        f"{'' if activated else ' (not activated)'}.",
                 data={"version": model.version, "auc": round(fitted.auc, 4), "won": won, "lost": lost,
                       "activated": activated})
    logger.info("close_model_trained", version=model.version, auc=round(fitted.auc, 4), rows=won + lost,
                activated=activated)
    rescored = opportunities_score() if activated and rescore else 0
    return TrainingOutcome(True, activated, model.notes or "Trained and activated.", model, rescored)


def _store_model(fitted: estimator.FitResult, *, won: int, lost: int, last_closed_at, now) -> ClosePredictionModel:
    artefact = estimator.dump(fitted.estimator)
    for _attempt in range(3):
        version = (ClosePredictionModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
        try:
            with transaction.atomic():
                return ClosePredictionModel.objects.create(
                    version=version, trained_at=now, algorithm=estimator.ALGORITHM, training_rows=won + lost,
                    won_rows=won, lost_rows=lost, auc=round(fitted.auc, 4), metrics=fitted.metrics,
                    feature_names=list(FEATURE_NAMES), feature_reference=fitted.reference,
                    last_closed_at=last_closed_at, artefact=artefact,
                )
        except IntegrityError:
            continue  # another training took this version number at the same moment
    raise RuntimeError("Could not allocate a model version number.")


@transaction.atomic
def close_model_activate(*, model: ClosePredictionModel, actor=None) -> ClosePredictionModel:
    """Make ``model`` the one used for predictions (the others stay stored)."""
    previous = list(ClosePredictionModel.objects.select_for_update().filter(active=True).exclude(pk=model.pk))
    ClosePredictionModel.objects.filter(pk__in=[m.pk for m in previous]).update(active=False)
    ClosePredictionModel.objects.filter(pk=model.pk).update(active=True)
    model.active = True
    audit_record(action="close_model.activated", target=model, actor_type=actor_type_of(actor), actor=actor,
                 reason=f"Version {model.version} (AUC {model.auc:.3f}) now scores open deals.",
                 data={"previous_versions": [m.version for m in previous]})
    return model
