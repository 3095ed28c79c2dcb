from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from crm.models import AuditEvent
from leads.models import ClosePredictionModel, Opportunity, PipelineStage
from leads.prediction.bands import likelihood_for
from leads.services.prediction import (
    close_model_active,
    close_model_train,
    opportunities_due_for_scoring,
    opportunities_rescore_due,
    opportunity_predict,
    opportunity_score,
)
from tests import factories
from tests.leads.synthetic import build_opportunity, create_history, strong_deal, weak_deal

pytestmark = pytest.mark.django_db


def _open_deal(spec, name: str) -> Opportunity:
    contact = factories.ContactFactory()
    lead = factories.LeadFactory(contact=contact, score=spec.lead_score, category="warm",
                                 last_classified_at=timezone.now())
    stage = PipelineStage.objects.get(name="Proposal")
    opportunity = build_opportunity(spec, contact=contact, lead=lead, stage=stage, now=timezone.now(),
                                    closed=False, name=name)
    opportunity.save()
    return opportunity


@pytest.mark.parametrize("probability,band", [(0.95, "very_high"), (0.81, "very_high"), (0.8, "high"),
                                              (0.61, "high"), (0.6, "medium"), (0.41, "medium"), (0.4, "low"),
                                              (0.0, "low")])
def test_likelihood_bands_follow_the_flow_21_thresholds(probability, band):
    assert likelihood_for(probability) == band


def test_model_trained_on_history_with_a_known_signal_ranks_held_out_deals_well():
    counts = create_history(1500, seed=11)
    assert counts["won"] > 300 and counts["lost"] > 300

    outcome = close_model_train()

    assert outcome.trained and outcome.activated
    model = outcome.model
    assert model.auc > 0.75, model.metrics
    assert model.metrics["test_rows"] == 375 and model.training_rows == 1500
    assert model.won_rows == counts["won"] and model.version == 1 and model.active
    assert len(model.artefact) > 1000
    strong = _open_deal(strong_deal(), "Strong deal")
    weak = _open_deal(weak_deal(), "Weak deal")
    strong_prediction = opportunity_predict(opportunity=strong)
    weak_prediction = opportunity_predict(opportunity=weak)
    assert strong_prediction.probability > weak_prediction.probability
    assert strong_prediction.probability > 0.6 and weak_prediction.probability < 0.4
    assert not strong_prediction.is_fallback and strong_prediction.model_version == 1
    assert AuditEvent.objects.filter(action="close_model.trained", target_id=str(model.pk)).exists()


def test_top_factors_explain_each_deal_in_its_own_direction():
    create_history(1500, seed=12)
    close_model_train()
    strong = opportunity_predict(opportunity=_open_deal(strong_deal(), "Strong"))
    weak = opportunity_predict(opportunity=_open_deal(weak_deal(), "Weak"))

    assert len(strong.top_factors) == 3 and len(weak.top_factors) == 3
    # The main reasons point the right way; a model fitted on noisy data may add a minor
    # factor the other way, and the explanation must show that honestly.
    assert strong.top_factors[0]["direction"] == "raises" and strong.top_factors[0]["odds_ratio"] > 1
    assert weak.top_factors[0]["direction"] == "lowers" and weak.top_factors[0]["odds_ratio"] < 1
    assert sum(f["direction"] == "raises" for f in strong.top_factors) >= 2
    assert sum(f["direction"] == "lowers" for f in weak.top_factors) >= 2
    planted = {"decision_maker", "lead_score", "competition", "message_response", "sentiment"}
    assert strong.top_factors[0]["feature"] in planted and weak.top_factors[0]["feature"] in planted
    factor = strong.top_factors[0]
    assert factor["label"] and factor["value"] and factor["effect"] > 0


def test_too_little_history_keeps_the_flagged_rule_based_estimate():
    create_history(30, seed=3)
    outcome = close_model_train()
    assert not outcome.trained and "Too little history" in outcome.reason
    assert ClosePredictionModel.objects.count() == 0
    assert AuditEvent.objects.filter(action="close_model.not_trained").exists()

    strong = _open_deal(strong_deal(), "Strong")
    weak = _open_deal(weak_deal(), "Weak")
    prediction = opportunity_score(opportunity=strong)
    strong.refresh_from_db()
    assert prediction.is_fallback and strong.prediction_is_fallback and strong.prediction_model is None
    assert strong.likelihood == likelihood_for(strong.close_probability)
    assert strong.recommendation
    assert opportunity_predict(opportunity=weak).probability < prediction.probability


def test_only_one_outcome_in_history_is_not_enough():
    won = PipelineStage.objects.get(is_won=True)
    for _ in range(60):
        factories.OpportunityFactory(stage=won, closed_at=timezone.now(), close_reason="Signed")
    outcome = close_model_train(min_closed=50)
    assert not outcome.trained and "0 lost" in outcome.reason


def test_a_model_that_cannot_rank_is_stored_but_not_used():
    # Outcomes drawn independently of every feature: there is nothing to learn.
    create_history(300, seed=5)
    rng = random.Random(1)
    won, lost = PipelineStage.objects.get(is_won=True), PipelineStage.objects.get(is_lost=True)
    shuffled = list(Opportunity.objects.all())
    for opportunity in shuffled:
        opportunity.stage = won if rng.random() < 0.5 else lost
    Opportunity.objects.bulk_update(shuffled, ["stage"])

    outcome = close_model_train(random_state=3)

    assert outcome.trained and outcome.model.auc < 0.6
    assert not outcome.activated and close_model_active() is None
    assert "Not activated" in outcome.model.notes
    deal = factories.OpportunityFactory()
    assert opportunity_score(opportunity=deal).is_fallback


def test_training_activates_the_new_version_and_rescores_open_deals():
    create_history(400, seed=21)
    deal = _open_deal(strong_deal(), "Open deal")
    opportunity_score(opportunity=deal)
    deal.refresh_from_db()
    assert deal.prediction_is_fallback

    first = close_model_train().model
    second_outcome = close_model_train(random_state=1)
    second = second_outcome.model

    assert second.version == first.version + 1
    assert list(ClosePredictionModel.objects.filter(active=True)) == [second]
    assert second_outcome.rescored == 1
    deal.refresh_from_db()
    assert not deal.prediction_is_fallback and deal.prediction_model_id == second.pk


def test_scheduled_retrain_is_skipped_when_nothing_new_closed():
    create_history(200, seed=8)
    first = close_model_train(only_if_new_data=True)
    again = close_model_train(only_if_new_data=True)
    assert first.trained and not again.trained
    assert ClosePredictionModel.objects.count() == 1


def test_nightly_rescore_does_what_is_due_once():
    deals = [_open_deal(strong_deal(), f"Deal {i}") for i in range(3)]
    assert opportunities_due_for_scoring().count() == 3
    assert opportunities_rescore_due() == 3
    assert opportunities_rescore_due() == 0  # a second run the same night
    later = timezone.now() + timedelta(days=1)
    assert opportunities_due_for_scoring(now=later).count() == 3
    Opportunity.objects.filter(pk=deals[0].pk).update(updated_at=timezone.now() + timedelta(seconds=5))
    assert list(opportunities_due_for_scoring().values_list("pk", flat=True)) == [deals[0].pk]


def test_train_close_model_command_reports_the_auc(capsys):
    create_history(300, seed=9)
    call_command("train_close_model")
    out = capsys.readouterr().out
    model = ClosePredictionModel.objects.get()
    assert f"held-out AUC {model.auc:.3f}" in out and "Version 1" in out


def test_train_close_model_command_explains_the_fallback(capsys):
    call_command("train_close_model")
    assert "Too little history" in capsys.readouterr().out


def test_an_artefact_that_cannot_be_loaded_degrades_to_the_rules():
    create_history(200, seed=13)
    model = close_model_train().model
    ClosePredictionModel.objects.filter(pk=model.pk).update(artefact=b"not a joblib file")
    from leads.services import prediction

    prediction._estimators.clear()  # a fresh process: nothing loaded yet
    deal = _open_deal(strong_deal(), "Deal")
    result = opportunity_score(opportunity=deal)
    assert result.is_fallback and result.model_id is None and 0 < result.probability < 1
