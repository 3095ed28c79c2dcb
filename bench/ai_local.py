"""Latency and throughput of the offline AI provider: intent + sentiment + lead score on one
message, through the production path (the gateway, with its call log), side by side with
baselines measured in the same run.

What runs, per message (held-out corpus messages, Spanish and English, cycled; the per-
message text caches are cleared first so nothing is served from an earlier message):

* gateway      — ai_detect_intent + ai_analyze_sentiment + ai_classify_lead: chain lookup,
                 the offline models, validation and three call-log inserts (production path);
* models_only  — the same three analyses called directly on the compiled models (no gateway,
                 no database): what the maths costs;
* sklearn      — baseline: the same models and features served through scikit-learn's
                 ``Pipeline.predict_proba`` (the straightforward implementation);
* keyword      — baseline: a naive keyword matcher (cue words -> intent, lexicon sign ->
                 sentiment), with its held-out quality next to ours.

Unless --database-url (or DATABASE_URL) is given, it runs on a throwaway SQLite database in
a temporary folder (migrated, with the demo catalogue), so it never touches real data.
Prints the figures, then ONE JSON object on the last line. --quick runs in well under a
minute on two cores.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_P95_MS = 20.0


def _setup(database_url: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    elif not os.environ.get("DATABASE_URL"):
        folder = tempfile.mkdtemp(prefix="bench-ai-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ.setdefault("DATA_DIR", folder)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from crm.models import Product
    from crm.services.demo import CATALOGUE

    for item in CATALOGUE:
        Product.objects.get_or_create(sku=item.sku, defaults={
            "name": item.name, "category": item.category, "price": item.price, "stock": item.stock,
            "features": list(item.features)})


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]

    total_s = sum(samples_ms) / 1000
    return {"p50_ms": round(pick(0.50), 3), "p95_ms": round(pick(0.95), 3), "p99_ms": round(pick(0.99), 3),
            "mean_ms": round(statistics.fmean(samples_ms), 3), "messages_per_s": round(len(samples_ms) / total_s, 1)}


def _clear_text_caches() -> None:
    from crm.ai.local.features import analyse
    from crm.ai.local.linear import _terms
    from crm.ai.local.text import normalize

    analyse.cache_clear()
    normalize.cache_clear()
    _terms.cache_clear()


def _run(name: str, messages: list[tuple[str, str]], work) -> dict[str, float]:
    samples = []
    for text, _ in messages:
        _clear_text_caches()
        started = time.perf_counter()
        work(text)
        samples.append((time.perf_counter() - started) * 1000)
    figures = _percentiles(samples)
    print(f"{name:<12} p50 {figures['p50_ms']:7.2f} ms   p95 {figures['p95_ms']:7.2f} ms   "
          f"{figures['messages_per_s']:8.1f} messages/s")
    return figures


class SklearnModel:
    """The fitted scikit-learn pipeline behind the interface the offline code calls."""

    def __init__(self, pipeline) -> None:
        self.pipeline = pipeline
        self.classes = [str(c) for c in pipeline.classes_]

    def probabilities(self, columns):
        from crm.ai.local import linear

        return dict(zip(self.classes, self.pipeline.predict_proba(linear.as_matrix([columns]))[0]))


def _three_analyses(models: dict):
    from crm.ai.base import LeadMetadata
    from crm.ai.local import intent, scoring, sentiment
    from crm.ai.local.catalogue import catalogue
    from crm.ai.local.entities import extract
    from crm.ai.local.features import analyse

    def work(text: str) -> None:
        items = catalogue()
        analysis = analyse(text)
        found = extract(analysis.normalized, original=text, items=items)
        detected = intent.detect(analysis, models["intent"], found=found)
        feeling = sentiment.analyze(analysis, models["sentiment"])
        scoring.score_lead(analysis, intent=detected, sentiment=feeling, found=found, metadata=LeadMetadata(),
                           items=items)
    return work


KEYWORD_INTENTS = [  # first matching cue group wins: the obvious hand-written rule set
    ("spam", "spam"), ("partnership", "partnership"), ("refund", "refund_request"),
    ("warranty", "warranty_claim"), ("complaint", "complaint"), ("delivery", "delivery_tracking"),
    ("support", "support_request"), ("price", "pricing_question"), ("buy", "purchase_inquiry"),
    ("specs", "product_info"), ("stock", "product_info"),
]


def _keyword_intent(text: str) -> str:
    from crm.ai.local.resources import cue_hits
    from crm.ai.local.text import normalize

    hits = cue_hits(normalize(text))
    return next((intent for group, intent in KEYWORD_INTENTS if group in hits), "general_inquiry")


def _keyword_sentiment(text: str) -> str:
    from crm.ai.local.lexicon import analyze
    from crm.ai.local.text import detect_language, normalize

    score = analyze(normalize(text), original=text, language_code=detect_language(text)).score
    return "positive" if score > 0.2 else "negative" if score < -0.2 else "neutral"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer messages: well under a minute")
    parser.add_argument("--messages", type=int, help="messages per scenario (default 1000, quick 150)")
    parser.add_argument("--database-url", help="use this (migrated) database instead of a throwaway SQLite")
    args = parser.parse_args()
    count = args.messages or (150 if args.quick else 1000)

    setup_started = time.perf_counter()
    _setup(args.database_url)
    from sklearn.metrics import accuracy_score, f1_score

    from crm.ai.gateway import ai_analyze_sentiment, ai_classify_lead, ai_detect_intent
    from crm.ai.local import linear, training
    from crm.ai.local.store import active_bundle
    from crm.ai.models import CallLog

    cold_started = time.perf_counter()
    bundle = active_bundle()  # trains and stores the default model on a fresh database
    cold_start_s = time.perf_counter() - cold_started
    train, test = training.split(training.shipped_examples())
    messages = [(e.text, e.language) for e in test]
    messages = (messages * (count // len(messages) + 1))[:count]
    print(f"{count} messages per scenario ({len({m for m, _ in messages})} distinct held-out texts, es+en); "
          f"model {bundle.version} ready in {cold_start_s:.1f} s (setup {cold_started - setup_started:.1f} s)")

    def gateway(text: str) -> None:
        ai_detect_intent(text=text, caller="bench")
        ai_analyze_sentiment(text=text, caller="bench")
        ai_classify_lead(message=text, caller="bench")

    for text, _ in messages[:20]:  # warm-up: imports, connection, first queries
        gateway(text)
    logs_before = CallLog.objects.count()
    results = {"gateway": _run("gateway", messages, gateway)}
    assert CallLog.objects.count() - logs_before == 3 * count  # every call was logged
    results["models_only"] = _run("models_only", messages, _three_analyses(bundle.models))

    fitted = {}
    for target in training.TARGETS:  # same recipe, all examples, served through scikit-learn
        pipeline = linear.build_pipeline()
        pipeline.fit(linear.as_matrix([training.feature_columns(e, target) for e in training.shipped_examples()]),
                     [getattr(e, target) for e in training.shipped_examples()])
        fitted[target] = SklearnModel(pipeline)
    results["sklearn"] = _run("sklearn", messages, _three_analyses(fitted))
    results["keyword"] = _run("keyword", messages, lambda text: (_keyword_intent(text), _keyword_sentiment(text)))

    truth_intent = [e.intent for e in test]
    truth_sentiment = [e.sentiment for e in test]
    keyword_quality = {
        "intent_macro_f1": round(f1_score(truth_intent, [_keyword_intent(e.text) for e in test], average="macro"), 4),
        "sentiment_accuracy": round(accuracy_score(truth_sentiment, [_keyword_sentiment(e.text) for e in test]), 4),
    }
    ours = {"intent_macro_f1": bundle.metrics["intent"]["macro_f1"],
            "sentiment_accuracy": bundle.metrics["sentiment"]["accuracy"]}
    results["keyword"].update(keyword_quality)
    results["models_only"].update(ours)
    print(f"held-out quality: local models intent macro-F1 {ours['intent_macro_f1']:.3f}, sentiment accuracy "
          f"{ours['sentiment_accuracy']:.3f}; keyword baseline {keyword_quality['intent_macro_f1']:.3f} / "
          f"{keyword_quality['sentiment_accuracy']:.3f}")
    summary = {
        "benchmark": "ai_local", "messages": count, "quick": args.quick,
        "database": os.environ["DATABASE_URL"].split(":", 1)[0], "model_version": bundle.version,
        "cold_start_s": round(cold_start_s, 2), **results,
        "goal_p95_ms": GOAL_P95_MS, "goal_met": results["gateway"]["p95_ms"] < GOAL_P95_MS,
        "speedup_models_only_vs_sklearn_p50": round(results["sklearn"]["p50_ms"] / results["models_only"]["p50_ms"], 2),
        "gateway_overhead_p50_ms": round(results["gateway"]["p50_ms"] - results["models_only"]["p50_ms"], 3),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
