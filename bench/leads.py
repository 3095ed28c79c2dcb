"""Leads: classify leads with the local AI provider, score open opportunities with the model.

Two workloads, each beside its baseline in the same run (shared, noisy machines: only ratios
from one run compare):

* classification — ``lead_classify`` one lead at a time, the production path the ``ai``
  worker runs: the AI gateway (offline ``local`` provider, call log) + the classification
  row, the lead's latest score, the audit event, the ``lead.classified`` event and the hot
  lead check. Baseline: the gateway call alone (``ai_classify_lead``, nothing of ours
  stored) — the ceiling, so the ratio is the share of time our bookkeeping leaves to the AI.
* scoring — ``opportunities_score``, the batched path of the nightly job: one model call
  with per-deal factors and one bulk UPDATE per 1,000 deals. Baselines: ``opportunity_score``
  one deal at a time (one query, one prediction, one UPDATE per deal — what a naive loop does),
  and the rule-based fallback on the batched path.

The model is trained first on synthetic closed history with a known signal (its held-out AUC
is reported). PostgreSQL database ``crm_leads_bench`` is created if missing and migrated; its
leads tables are emptied at the start of each run. Prints figures, then ONE JSON object on
the last line. ``--quick``: small counts, well under a minute once the database exists.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# Fragments mixed into varied first messages, Spanish and English, from cold to hot.
OPENINGS = ["Hola", "Buenas tardes", "Buenos días", "Hello", "Hi", "Good morning", ""]
WHO = ["soy el dueño de la empresa", "soy gerente de compras", "trabajo en una clínica", "", "",
       "I'm the CEO of our company", "I run a small office", "I'm the IT manager", ""]
NEED = ["necesito {n} laptops", "quiero cotizar {n} monitores", "busco una laptop para mi hijo",
        "me interesan las impresoras", "solo estoy mirando precios", "tienen stock de docking stations?",
        "we need {n} laptops", "looking for {n} monitors for the team", "just browsing",
        "do you sell keyboards?", "what's the price of the Dell XPS 13?"]
WHEN = ["urgente para mañana", "para esta semana", "el próximo mes", "no hay prisa", "",
        "today if possible", "by Friday", "next year maybe", ""]
MONEY = ["el presupuesto está aprobado", "pago al contado", "está muy caro?", "", "",
         "budget approved", "we pay by transfer", "is there a discount?", ""]


def message(rng: random.Random) -> str:
    parts = [rng.choice(OPENINGS), rng.choice(WHO), rng.choice(NEED).format(n=rng.choice([1, 2, 5, 10, 40, 500])),
             rng.choice(WHEN), rng.choice(MONEY)]
    return ", ".join(p for p in parts if p)


def ensure_database(server_url: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server_url}/{name}"


def configure(database_url: str) -> None:
    os.environ.update({
        "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "DEBUG": "false", "CELERY_TASK_ALWAYS_EAGER": "true",
        "DJANGO_SETTINGS_MODULE": "crm.settings",
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def reset() -> None:
    from django.db import connection

    from crm.ai.models import CallLog
    from crm.models import AuditEvent

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE leads_opportunityinteraction, leads_historicalopportunity, leads_opportunity, "
                       "leads_leadclassification, leads_historicallead, leads_lead, leads_closepredictionmodel "
                       "RESTART IDENTITY CASCADE")
    AuditEvent.objects.filter(action__startswith="lead").delete()
    AuditEvent.objects.filter(action__startswith="close_model").delete()
    CallLog.objects.filter(caller__in=["leads.lead_classify", "bench.gateway_only"]).delete()


def rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def bench_classification(n: int, seed: int) -> dict:
    from django.db.models import Count

    from crm.ai.gateway import ai_classify_lead
    from crm.models import Contact
    from leads.models import Lead, LeadClassification
    from leads.services.classification import lead_classify

    rng = random.Random(seed)
    texts = [message(rng) for _ in range(n)]
    contacts = Contact.objects.bulk_create(
        Contact(first_name=f"Bench{i}", email=f"bench-lead-{seed}-{i}@example.com") for i in range(n)
    )
    leads = Lead.objects.bulk_create(Lead(contact=c, source="whatsapp", message=t) for c, t in zip(contacts, texts))
    leads = list(Lead.objects.select_related("contact", "contact__company").filter(pk__in=[lead.pk for lead in leads]))
    ai_classify_lead(message="warm-up: necesito 2 laptops", caller="bench.gateway_only")  # loads the local model

    started = time.perf_counter()
    for text in texts:
        ai_classify_lead(message=text, metadata={"name": "Bench"}, caller="bench.gateway_only")
    gateway_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for lead, text in zip(leads, texts):
        lead_classify(lead=lead, text=text)
    ours_seconds = time.perf_counter() - started

    stored = LeadClassification.objects.count()
    assert stored == n, f"{stored} classifications stored for {n} leads"
    categories = dict(Lead.objects.values_list("category").order_by().annotate(n=Count("pk")))
    return {
        "leads": n,
        "classify_leads_per_s": rate(n, ours_seconds),
        "gateway_only_per_s": rate(n, gateway_seconds),
        "ours_vs_gateway_only": round(gateway_seconds / ours_seconds, 3) if ours_seconds else None,
        "ms_per_lead": round(ours_seconds * 1000 / n, 2),
        "ms_bookkeeping_per_lead": round((ours_seconds - gateway_seconds) * 1000 / n, 2),
        "categories": categories,
    }


def bench_scoring(n: int, per_item: int, history: int, seed: int) -> dict:
    from django.utils import timezone

    from crm.models import Contact
    from leads.models import ClosePredictionModel, Lead, Opportunity, PipelineStage
    from leads.services import prediction
    from leads.services.prediction import close_model_train, opportunities_score, opportunity_score
    from tests.leads.synthetic import build_opportunity, create_history, random_deal

    create_history(history, seed=seed)
    trained = time.perf_counter()
    outcome = close_model_train(rescore=False)
    train_seconds = time.perf_counter() - trained
    assert outcome.trained and outcome.activated, outcome.reason
    model = outcome.model

    rng = random.Random(seed + 1)
    now = timezone.now()
    stages = list(PipelineStage.objects.filter(active=True, is_won=False, is_lost=False))
    contacts = Contact.objects.bulk_create(
        Contact(first_name=f"Open{i}", email=f"bench-open-{seed}-{i}@example.com") for i in range(n // 4 + 1)
    )
    specs = [random_deal(rng) for _ in range(n)]
    leads = Lead.objects.bulk_create(
        Lead(contact=contacts[i % len(contacts)], status="qualified", score=s.lead_score, last_classified_at=now)
        for i, s in enumerate(specs)
    )
    Opportunity.objects.bulk_create(
        (build_opportunity(s, contact=contacts[i % len(contacts)], lead=leads[i], stage=stages[i % len(stages)],
                           now=now, closed=False, name=f"Open deal {i}") for i, s in enumerate(specs)),
        batch_size=2000,
    )
    open_deals = Opportunity.objects.filter(closed_at__isnull=True)
    prediction.opportunity_predict(opportunity=open_deals.first())  # loads the model once, as a worker has

    started = time.perf_counter()
    scored = opportunities_score(queryset=open_deals)
    batched_seconds = time.perf_counter() - started
    assert scored == n and not open_deals.filter(predicted_at__isnull=True).exists()

    sample = list(open_deals.order_by("pk")[:per_item])
    started = time.perf_counter()
    for opportunity in sample:
        opportunity_score(opportunity=opportunity)
    per_item_seconds = time.perf_counter() - started

    ClosePredictionModel.objects.update(active=False)  # no model: the rule-based fallback
    started = time.perf_counter()
    opportunities_score(queryset=open_deals)
    rules_seconds = time.perf_counter() - started
    assert open_deals.filter(prediction_is_fallback=True).count() == n

    likelihoods = {row: open_deals.filter(likelihood=row).count() for row in ("very_high", "high", "medium", "low")}
    return {
        "opportunities": n,
        "score_batched_per_s": rate(n, batched_seconds),
        "score_one_by_one_per_s": rate(len(sample), per_item_seconds),
        "one_by_one_sample": len(sample),
        "batched_vs_one_by_one": round(rate(n, batched_seconds) / rate(len(sample), per_item_seconds), 2),
        "rule_fallback_batched_per_s": rate(n, rules_seconds),
        "likelihood_counts_with_rules": likelihoods,
        "model": {"version": model.version, "training_rows": model.training_rows, "auc": model.auc,
                  "train_seconds": round(train_seconds, 2)},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small counts: well under a minute")
    parser.add_argument("--leads", type=int, help="leads to classify (default 10,000; quick 300)")
    parser.add_argument("--opportunities", type=int, help="open deals to score (default 10,000; quick 2,000)")
    parser.add_argument("--one-by-one", type=int, help="deals scored one at a time (default 2,000; quick 200)")
    parser.add_argument("--history", type=int, help="closed deals to train on (default 3,000; quick 600)")
    parser.add_argument("--runs", type=int, default=1, help="repeat and report medians")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432",
                        help="PostgreSQL server URL (the database crm_leads_bench is created there)")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    n_leads = args.leads or (300 if args.quick else 10_000)
    n_deals = args.opportunities or (2_000 if args.quick else 10_000)
    per_item = args.one_by_one or (200 if args.quick else 2_000)
    history = args.history or (600 if args.quick else 3_000)

    configure(ensure_database(args.server, "crm_leads_bench"))
    results = []
    for run in range(args.runs):
        reset()
        classification = bench_classification(n_leads, args.seed + run)
        print(f"classify: ours {classification['classify_leads_per_s']} leads/s, gateway alone "
              f"{classification['gateway_only_per_s']}/s ({classification['ms_bookkeeping_per_lead']} ms of "
              f"bookkeeping per lead) — {classification['categories']}", flush=True)
        scoring = bench_scoring(n_deals, per_item, history, args.seed + run)
        print(f"score: batched {scoring['score_batched_per_s']} opportunities/s, one by one "
              f"{scoring['score_one_by_one_per_s']}/s (×{scoring['batched_vs_one_by_one']}), rules batched "
              f"{scoring['rule_fallback_batched_per_s']}/s; model AUC {scoring['model']['auc']} on "
              f"{scoring['model']['training_rows']} closed deals", flush=True)
        results.append((classification, scoring))

    def median(section: int, key: str) -> float:
        return round(statistics.median(r[section][key] for r in results), 2)

    summary = {
        "benchmark": "leads", "quick": args.quick, "runs": args.runs,
        "leads": n_leads, "opportunities": n_deals, "one_by_one_sample": per_item, "training_rows": history,
        "classify_leads_per_s": median(0, "classify_leads_per_s"),
        "baseline_gateway_only_leads_per_s": median(0, "gateway_only_per_s"),
        "classify_ratio_to_gateway_only": median(0, "ours_vs_gateway_only"),
        "score_opportunities_per_s": median(1, "score_batched_per_s"),
        "baseline_one_by_one_opportunities_per_s": median(1, "score_one_by_one_per_s"),
        "score_speedup_vs_one_by_one": median(1, "batched_vs_one_by_one"),
        "rule_fallback_opportunities_per_s": median(1, "rule_fallback_batched_per_s"),
        "model_auc": results[-1][1]["model"]["auc"],
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
