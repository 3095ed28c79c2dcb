from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from crm.ai.gateway import ai_detect_intent
from crm.ai.models import LocalModel
from crm.ai.services import training_example_record
from crm.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_ai_train_prints_held_out_metrics_and_serves_the_new_version_with_reviewed_labels():
    training_example_record(text="Necesito cotizar 40 sillas ergonómicas para la oficina",
                            intent="purchase_inquiry", sentiment="neutral", reviewed=True, source="test")
    training_example_record(text="no reviewed, not used", intent="spam", sentiment="neutral")
    out = StringIO()
    call_command("ai_train", stdout=out)
    text = out.getvalue()
    assert "1 reviewed production labels" in text
    assert "intent: held-out accuracy" in text and "sentiment: held-out accuracy" in text
    row = LocalModel.objects.get(is_active=True)
    assert row.origin == "command" and row.example_counts["reviewed"] == 1
    assert row.metrics["intent"]["macro_f1"] >= 0.85 and row.metrics["sentiment"]["accuracy"] >= 0.85
    assert row.version in text
    assert ai_detect_intent(text="hola").model == f"local/{row.version}"
    assert AuditEvent.objects.filter(action="ai.model_trained", target_id=str(row.pk)).exists()


def test_a_model_stored_by_an_older_release_is_replaced_by_the_default_one():
    LocalModel.objects.create(version="local-1-old", origin="command", is_active=True, feature_version=1,
                              artefact=b"not loadable", artefact_bytes=12)
    response = ai_detect_intent(text="Necesito 3 monitores para la oficina")
    assert response.result.primary_intent == "purchase_inquiry"
    active = LocalModel.objects.get(is_active=True)
    assert active.origin == "default" and response.model == f"local/{active.version}"
