"""Where the served offline model comes from.

Trained models are rows of ``LocalModel`` (artefact in the database), so every web and worker
process loads the same version and a retrain reaches all of them. On a fresh installation
with no stored model, the first call trains the default one from the shipped corpus —
deterministically, so every fresh clone gets the same version — and stores it.
"""

from __future__ import annotations

import threading

from django.db import transaction

from crm.ai.cache import invalidate, snapshot
from crm.ai.local import training

CACHE_NAME = "local-model"
_lock = threading.Lock()
_bundles: dict[str, training.TrainedBundle] = {}  # version -> loaded bundle (a few at most)
_artefacts: dict[str, bytes] = {}  # default version -> bytes, to re-store without retraining


def _remember(bundle: training.TrainedBundle) -> training.TrainedBundle:
    if len(_bundles) >= 3:
        _bundles.pop(next(iter(_bundles)))
    _bundles[bundle.version] = bundle
    return bundle


def _load_active() -> training.TrainedBundle:
    from crm.ai.models import LocalModel

    row = LocalModel.objects.filter(is_active=True).values("pk", "version", "feature_version").first()
    if row and row["feature_version"] == training.FEATURE_VERSION:
        if row["version"] in _bundles:
            return _bundles[row["version"]]
        data = LocalModel.objects.values_list("artefact", flat=True).get(pk=row["pk"])
        try:
            return _remember(training.loads(bytes(data)))
        except training.IncompatibleArtefact:
            pass
    if row:
        # Stored by an older release with other features: serve (and activate) the default.
        return ensure_default_model(activate=True)
    return ensure_default_model()


def active_bundle() -> training.TrainedBundle:
    # Long max_age: a retrain invalidates the snapshot for every process explicitly.
    return snapshot(CACHE_NAME, _load_active, max_age=600)


def ensure_default_model(*, activate: bool = False) -> training.TrainedBundle:
    """The model trained on the shipped corpus alone, stored and activated if none is."""
    examples = training.shipped_examples()
    version = f"local-{training.FEATURE_VERSION}-{training.fingerprint(examples)}"
    with _lock:
        bundle = _bundles.get(version)
        data = _artefacts.get(version)
        if data is None:
            bundle = training.train(examples)
            data = training.dumps(bundle)
            _artefacts[version] = data
        elif bundle is None:
            bundle = training.loads(data)
        _remember(bundle)
    store(bundle, data, origin="default", activate=activate, activate_if_none=True)
    return bundle


@transaction.atomic
def store(bundle: training.TrainedBundle, data: bytes, *, origin: str, user=None,
          activate: bool = False, activate_if_none: bool = False):
    from crm.ai.models import LocalModel

    row, _ = LocalModel.objects.get_or_create(version=bundle.version, defaults={
        "origin": origin, "trained_by": user, "feature_version": training.FEATURE_VERSION,
        "metrics": bundle.metrics, "example_counts": bundle.counts, "artefact": data,
        "artefact_bytes": len(data),
    })
    active = LocalModel.objects.select_for_update().filter(is_active=True)
    if activate or (activate_if_none and not active.exists()):
        active.exclude(pk=row.pk).update(is_active=False)
        if not row.is_active:
            row.is_active = True
            row.save(update_fields=["is_active"])
        _invalidate_now_and_on_commit()
    _remember(bundle)
    return row


def activate(row) -> None:
    from crm.ai.models import LocalModel

    with transaction.atomic():
        LocalModel.objects.select_for_update().filter(is_active=True).exclude(pk=row.pk).update(is_active=False)
        LocalModel.objects.filter(pk=row.pk).update(is_active=True)
        _invalidate_now_and_on_commit()


def _invalidate_now_and_on_commit() -> None:
    # Now, so this process serves the new model at once; again after commit, so a process
    # that reloaded in between (and still saw the old row) reloads once more.
    invalidate(CACHE_NAME)
    transaction.on_commit(lambda: invalidate(CACHE_NAME))
