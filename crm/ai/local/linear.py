"""Linear text classifiers: trained with scikit-learn, served without it.

Training fits a standard pipeline — TF-IDF blocks (word 1–2-grams and character 2–5-grams
of the normalised message, plus a block of cue/lexicon tokens), a linear SVM, and sigmoid
calibration for probabilities. scikit-learn then costs ~10 ms per single message in input
validation and sparse-matrix plumbing, so ``CompiledLinearModel`` keeps only what the maths
needs (vocabularies, idf weights, coefficients, calibration) and scores one message in well
under a millisecond with the same analyzers. ``tests/ai`` checks both give the same scores.

The compiled form is plain dicts and numpy arrays: it survives scikit-learn upgrades, unlike
a pickled pipeline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

# (name, input column, vectorizer parameters). Column 0 = normalised text, 1 = cue tokens.
BLOCKS: tuple[tuple[str, int, dict[str, Any]], ...] = (
    ("word", 0, {"analyzer": "word", "ngram_range": (1, 2), "sublinear_tf": True,
                 "token_pattern": r"(?u)\b\w+\b"}),
    ("char", 0, {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True, "min_df": 2}),
    ("cue", 1, {"analyzer": "word", "token_pattern": r"\S+", "sublinear_tf": True}),
)
SVM_C = 1.0
CALIBRATION_FOLDS = 5


def build_pipeline() -> Pipeline:
    features = ColumnTransformer(
        [(name, TfidfVectorizer(**params), column) for name, column, params in BLOCKS]
    )
    classifier = CalibratedClassifierCV(
        # liblinear shuffles in its dual solver: a fixed seed makes training reproducible.
        LinearSVC(C=SVM_C, random_state=0), method="sigmoid", cv=CALIBRATION_FOLDS, ensemble=False
    )
    return Pipeline([("features", features), ("classifier", classifier)])


def as_matrix(rows: list[tuple[str, str]]) -> np.ndarray:
    matrix = np.empty((len(rows), 2), dtype=object)
    for index, (text, extra) in enumerate(rows):
        matrix[index, 0], matrix[index, 1] = text, extra
    return matrix


@dataclass
class _Block:
    column: int
    params: dict[str, Any]
    vocabulary: dict[str, int]
    idf: np.ndarray
    offset: int

    def __post_init__(self) -> None:
        params = {k: v for k, v in self.params.items() if k != "min_df"}
        self.analyzer_key = repr(sorted(params.items()))
        if self.analyzer_key not in _ANALYZERS:
            _ANALYZERS[self.analyzer_key] = TfidfVectorizer(**params).build_analyzer()
        self.sublinear = bool(self.params.get("sublinear_tf"))


_ANALYZERS: dict[str, Any] = {}  # vectorizer parameters -> scikit-learn's analyzer function


@lru_cache(maxsize=512)
def _terms(key: str, text: str) -> tuple[str, ...]:
    # The intent and sentiment models read the same text with the same analyzers: the
    # n-grams of a message are computed once.
    return tuple(_ANALYZERS[key](text))


class CompiledLinearModel:
    def __init__(self, *, classes: list[str], blocks: list[_Block], coef: np.ndarray,
                 intercept: np.ndarray, calibration_a: np.ndarray, calibration_b: np.ndarray) -> None:
        self.classes = classes
        self.blocks = blocks
        self.coef = coef
        self.intercept = intercept
        self.calibration_a = calibration_a
        self.calibration_b = calibration_b

    @classmethod
    def from_pipeline(cls, pipeline: Pipeline) -> CompiledLinearModel:
        features: ColumnTransformer = pipeline.named_steps["features"]
        calibrated = pipeline.named_steps["classifier"].calibrated_classifiers_[0]
        svm: LinearSVC = calibrated.estimator
        blocks, offset = [], 0
        for name, column, params in BLOCKS:
            vectorizer: TfidfVectorizer = features.named_transformers_[name]
            vocabulary = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
            blocks.append(_Block(column=column, params=dict(params), vocabulary=vocabulary,
                                 idf=vectorizer.idf_.astype(np.float64), offset=offset))
            offset += len(vocabulary)
        if svm.coef_.shape[1] != offset:
            raise ValueError("feature blocks and coefficients disagree")
        return cls(
            classes=[str(label) for label in svm.classes_],
            blocks=blocks,
            coef=np.ascontiguousarray(svm.coef_, dtype=np.float64),
            intercept=svm.intercept_.astype(np.float64),
            calibration_a=np.array([c.a_ for c in calibrated.calibrators], dtype=np.float64),
            calibration_b=np.array([c.b_ for c in calibrated.calibrators], dtype=np.float64),
        )

    def decision(self, columns: tuple[str, str]) -> np.ndarray:
        """The SVM decision values, exactly as the fitted pipeline computes them."""
        scores = self.intercept.copy()
        for block in self.blocks:
            vocabulary = block.vocabulary
            counts: dict[int, int] = {}
            for term in _terms(block.analyzer_key, columns[block.column]):
                index = vocabulary.get(term)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            if not counts:
                continue
            indices = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
            raw = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            weights = (np.log(raw) + 1.0 if block.sublinear else raw) * block.idf[indices]
            norm = math.sqrt(float(weights @ weights))
            if norm:
                scores += self.coef[:, indices + block.offset] @ (weights / norm)
        return scores

    def probabilities(self, columns: tuple[str, str]) -> dict[str, float]:
        decision = self.decision(columns)
        calibrated = 1.0 / (1.0 + np.exp(self.calibration_a * decision + self.calibration_b))
        total = float(calibrated.sum())
        if total <= 0:
            calibrated = np.full(len(self.classes), 1.0 / len(self.classes))
        else:
            calibrated = calibrated / total
        return {label: float(value) for label, value in zip(self.classes, calibrated)}

    def to_state(self) -> dict[str, Any]:
        return {
            "classes": self.classes,
            "blocks": [{"column": b.column, "params": b.params, "vocabulary": b.vocabulary,
                        "idf": b.idf, "offset": b.offset} for b in self.blocks],
            "coef": self.coef, "intercept": self.intercept,
            "calibration_a": self.calibration_a, "calibration_b": self.calibration_b,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> CompiledLinearModel:
        blocks = [_Block(column=b["column"], params=dict(b["params"]), vocabulary=b["vocabulary"],
                         idf=np.asarray(b["idf"]), offset=b["offset"]) for b in state["blocks"]]
        return cls(classes=list(state["classes"]), blocks=blocks, coef=np.asarray(state["coef"]),
                   intercept=np.asarray(state["intercept"]),
                   calibration_a=np.asarray(state["calibration_a"]),
                   calibration_b=np.asarray(state["calibration_b"]))
