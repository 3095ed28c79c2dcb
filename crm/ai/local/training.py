"""Training and honest evaluation of the offline intent and sentiment classifiers.

Recipe: split the labelled examples 80/20 (stratified by intent and language, fixed seed),
fit on the 80 %, measure accuracy and macro-F1 on the 20 % the model never saw, then fit the
same recipe on all examples for the model that is served. The stored metrics are therefore
the held-out estimate of the served recipe. Everything is seeded: the same examples give the
same model and the same version string on every machine.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support
from sklearn.model_selection import train_test_split

from crm.ai.local import linear
from crm.ai.local.features import analyse
from crm.ai.local.resources import corpus, corpus_fingerprint

# Bump when features or the recipe change: stored models of another version are retrained.
FEATURE_VERSION = 4
SPLIT_SEED = 20240601
TEST_SIZE = 0.2
TARGETS = ("intent", "sentiment")


@dataclass(frozen=True)
class LabelledText:
    text: str
    intent: str
    sentiment: str
    language: str
    source: str = "corpus"


@dataclass
class TrainedBundle:
    version: str
    fingerprint: str
    models: dict[str, linear.CompiledLinearModel]
    metrics: dict[str, Any] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def shipped_examples() -> list[LabelledText]:
    return [LabelledText(e.text, e.intent, e.sentiment, e.language) for e in corpus()]


def feature_columns(example: LabelledText, target: str, *, detect: bool = False) -> tuple[str, str]:
    # Training uses the known language; evaluation detects it, as production does.
    analysis = analyse(example.text, None if detect else example.language)
    return analysis.intent_columns() if target == "intent" else analysis.sentiment_columns()


def fit(examples: list[LabelledText], target: str) -> linear.CompiledLinearModel:
    pipeline = linear.build_pipeline()
    pipeline.fit(linear.as_matrix([feature_columns(e, target) for e in examples]),
                 [getattr(e, target) for e in examples])
    return linear.CompiledLinearModel.from_pipeline(pipeline)


def predict_label(model: linear.CompiledLinearModel, columns: tuple[str, str]) -> str:
    return model.classes[int(np.argmax(model.decision(columns)))]


def split(examples: list[LabelledText]) -> tuple[list[LabelledText], list[LabelledText]]:
    strata = [f"{e.intent}/{e.language}" for e in examples]
    smallest = min(Counter(strata).values())
    if smallest < 2:  # a reviewed label alone in its language: stratify by intent only
        strata = [e.intent for e in examples]
    train, test = train_test_split(examples, test_size=TEST_SIZE, random_state=SPLIT_SEED,
                                   stratify=strata)
    return list(train), list(test)


def evaluate(model: linear.CompiledLinearModel, test: list[LabelledText], target: str,
             *, n_train: int) -> dict[str, Any]:
    truth = [getattr(e, target) for e in test]
    predicted = [predict_label(model, feature_columns(e, target, detect=True)) for e in test]
    labels = sorted(set(truth) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        truth, predicted, labels=labels, zero_division=0
    )
    majority = Counter(truth).most_common(1)[0][1] / len(truth)
    by_language = {}
    for language in sorted({e.language for e in test}):
        pairs = [(t, p) for t, p, e in zip(truth, predicted, test) if e.language == language]
        by_language[language] = {
            "accuracy": round(accuracy_score([t for t, _ in pairs], [p for _, p in pairs]), 4),
            "macro_f1": round(f1_score([t for t, _ in pairs], [p for _, p in pairs], average="macro",
                                       zero_division=0), 4),
            "n": len(pairs),
        }
    return {
        "accuracy": round(accuracy_score(truth, predicted), 4),
        "macro_f1": round(f1_score(truth, predicted, average="macro", zero_division=0), 4),
        "majority_baseline_accuracy": round(majority, 4),
        "n_train": n_train,
        "n_test": len(test),
        "by_language": by_language,
        "per_class": {
            label: {"precision": round(float(p), 3), "recall": round(float(r), 3),
                    "f1": round(float(f), 3), "support": int(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, support)
        },
    }


def fingerprint(examples: list[LabelledText]) -> str:
    digest = hashlib.sha256(f"{FEATURE_VERSION}|{corpus_fingerprint()}".encode())
    for example in examples:
        digest.update(f"{example.language}|{example.intent}|{example.sentiment}|{example.text}\n".encode())
    return digest.hexdigest()[:12]


def train(examples: list[LabelledText], *, with_evaluation: bool = True) -> TrainedBundle:
    """Held-out evaluation (optional) then the served models, fitted on every example."""
    metrics: dict[str, Any] = {}
    if with_evaluation:
        train_part, test_part = split(examples)
        for target in TARGETS:
            metrics[target] = evaluate(fit(train_part, target), test_part, target,
                                       n_train=len(train_part))
    models = {target: fit(examples, target) for target in TARGETS}
    counts = Counter(e.source for e in examples)
    key = fingerprint(examples)
    return TrainedBundle(version=f"local-{FEATURE_VERSION}-{key}", fingerprint=key,
                         models=models, metrics=metrics,
                         counts={"total": len(examples), **dict(counts)})


def dumps(bundle: TrainedBundle) -> bytes:
    state = {
        "feature_version": FEATURE_VERSION,
        "version": bundle.version,
        "fingerprint": bundle.fingerprint,
        "models": {name: model.to_state() for name, model in bundle.models.items()},
        "metrics": bundle.metrics,
        "counts": bundle.counts,
    }
    buffer = io.BytesIO()
    # Only builtins and numpy arrays inside: loadable whatever the scikit-learn version.
    pickle.dump(state, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    return zlib.compress(buffer.getvalue(), 6)


class IncompatibleArtefact(ValueError):
    pass


def loads(data: bytes) -> TrainedBundle:
    state = pickle.loads(zlib.decompress(data))
    if state.get("feature_version") != FEATURE_VERSION:
        raise IncompatibleArtefact(
            f"model built with feature version {state.get('feature_version')}, code expects {FEATURE_VERSION}"
        )
    return TrainedBundle(
        version=state["version"], fingerprint=state["fingerprint"],
        models={name: linear.CompiledLinearModel.from_state(s) for name, s in state["models"].items()},
        metrics=state["metrics"], counts=state["counts"],
    )
