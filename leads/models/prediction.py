"""Trained close-prediction models (Flow 21), stored in the database with their metrics."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class ClosePredictionModel(models.Model):
    """One training run: the fitted estimator (joblib bytes) and how well it ranks held-out deals.

    The artefact lives in the database, not on a disk, so every web and worker process — on
    any machine — scores with the same model.
    """

    version = models.PositiveIntegerField(unique=True)
    trained_at = models.DateTimeField(db_index=True)
    algorithm = models.CharField(max_length=100)
    training_rows = models.PositiveIntegerField(help_text="Closed opportunities used (train + held-out).")
    won_rows = models.PositiveIntegerField(default=0)
    lost_rows = models.PositiveIntegerField(default=0)
    auc = models.FloatField(help_text="ROC AUC on the held-out split (0.5 = guessing, 1 = perfect).")
    metrics = models.JSONField(default=dict, blank=True)
    feature_names = models.JSONField(default=list)
    # Typical feature values (training medians): the reference each opportunity's factors are
    # measured against.
    feature_reference = models.JSONField(default=list)
    last_closed_at = models.DateTimeField(
        null=True, blank=True, help_text="Newest close in the training data (a retrain with nothing "
        "newer is skipped by the schedule)."
    )
    artefact = models.BinaryField(editable=False)
    active = models.BooleanField(default=False, help_text="The one model used for predictions.")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = "close prediction model"
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=Q(active=True), name="one_active_close_model"),
        ]

    def __str__(self) -> str:
        return f"v{self.version} · AUC {self.auc:.3f}"
