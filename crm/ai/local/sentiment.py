"""Offline sentiment: label from the trained classifier (which reads negation-marked words and
lexicon polarity), score from the lexicon and the classifier together, plus emotions, urgency,
churn risk, triggers and the priority the inbox should give the message."""

from __future__ import annotations

import re

from crm.ai.base import Emotions, Priority, SentimentLabel, SentimentResult, UrgencyLevel
from crm.ai.local.features import TextAnalysis
from crm.ai.local.linear import CompiledLinearModel
from crm.ai.local.resources import compiled_lexicon_patterns, sentiment_lexicon

NEGATION_BEFORE = re.compile(r"\b(no|not|never|nunca|jamas|sin|without|ni)\b(\s+\S+){0,2}\s*$")
ESCALATE_SCORE = -0.7
ESCALATE_CHURN = 70


def _score(label: SentimentLabel, lexicon_score: float, probabilities: dict[str, float]) -> float:
    """Half lexicon, half classifier margin, kept on the side of the predicted label so the
    label and the number never contradict each other."""
    margin = probabilities.get("positive", 0.0) - probabilities.get("negative", 0.0)
    score = 0.5 * lexicon_score + 0.5 * margin
    if label == SentimentLabel.POSITIVE:
        score = max(score, 0.05)
    elif label == SentimentLabel.NEGATIVE:
        score = min(score, -0.05)
    else:
        score = max(-0.3, min(0.3, score))
    return round(max(-1.0, min(1.0, score)), 3)


def _emotions(analysis: TextAnalysis, score: float) -> Emotions:
    text = analysis.normalized
    exclamations = min(analysis.original.count("!"), 4)
    values: dict[str, float] = {}
    for name, pattern in compiled_lexicon_patterns()["emotions"].items():
        hits = 0
        for match in pattern.finditer(text):
            if NEGATION_BEFORE.search(text[: match.start()]):
                continue  # "no estoy enojado" expresses no anger
            hits += 1
        if hits:
            values[name] = min(1.0, 0.45 + 0.2 * (hits - 1) + 0.05 * exclamations + 0.25 * abs(score))
    # Strong negativity with no named emotion still reads as frustration.
    if score <= -0.5 and not {"anger", "frustration", "disappointment"} & values.keys():
        values["frustration"] = round(min(1.0, abs(score) * 0.8), 2)
    if score >= 0.5 and not {"joy", "satisfaction", "gratitude", "excitement"} & values.keys():
        values["satisfaction"] = round(min(1.0, score * 0.8), 2)
    return Emotions(**{name: round(value, 2) for name, value in values.items()})


def _urgency(analysis: TextAnalysis, score: float, emotions: Emotions) -> UrgencyLevel:
    patterns = compiled_lexicon_patterns()["urgency"]
    if patterns["critical"].search(analysis.normalized):
        return UrgencyLevel.CRITICAL
    if patterns["high"].search(analysis.normalized):
        return UrgencyLevel.CRITICAL if score <= -0.7 and (emotions.anger or emotions.frustration) else UrgencyLevel.HIGH
    if patterns["medium"].search(analysis.normalized) or score <= -0.6:
        return UrgencyLevel.HIGH if score <= -0.6 and emotions.anger else UrgencyLevel.MEDIUM
    return UrgencyLevel.LOW


def _churn_risk(analysis: TextAnalysis, score: float, emotions: Emotions, urgency: UrgencyLevel) -> int:
    risk = 55 * max(0.0, -score)
    if compiled_lexicon_patterns()["churn"].search(analysis.normalized):
        risk += 35
    risk += 10 * (emotions.anger > 0) + 8 * (emotions.frustration > 0) + 5 * (emotions.disappointment > 0)
    risk += 5 if urgency == UrgencyLevel.CRITICAL else 0
    if score > 0.3:
        risk -= 15
    return int(max(0, min(100, round(risk))))


def _triggers(analysis: TextAnalysis) -> list[str]:
    table = sentiment_lexicon()["triggers"][analysis.language]
    found = [label for key, label in table.items() if key in analysis.normalized]
    return list(dict.fromkeys(found))[:10]


def _priority(score: float, urgency: UrgencyLevel, churn: int, label: SentimentLabel) -> Priority:
    if score < ESCALATE_SCORE or urgency == UrgencyLevel.CRITICAL or churn >= ESCALATE_CHURN:
        return Priority.ESCALATE_IMMEDIATELY
    if label == SentimentLabel.NEGATIVE and (urgency == UrgencyLevel.HIGH or churn >= 50):
        return Priority.HIGH
    if label == SentimentLabel.NEGATIVE or urgency in (UrgencyLevel.HIGH, UrgencyLevel.MEDIUM):
        return Priority.NORMAL
    return Priority.LOW


def analyze(analysis: TextAnalysis, model: CompiledLinearModel) -> SentimentResult:
    probabilities = model.probabilities(analysis.sentiment_columns())
    label = SentimentLabel(max(probabilities, key=probabilities.get))
    score = _score(label, analysis.lexicon.score, probabilities)
    emotions = _emotions(analysis, score)
    urgency = _urgency(analysis, score, emotions)
    churn = _churn_risk(analysis, score, emotions, urgency)
    return SentimentResult(
        sentiment=label,
        score=score,
        confidence=round(probabilities[label.value], 3),
        emotions=emotions,
        urgency_level=urgency,
        churn_risk=churn,
        triggers=_triggers(analysis),
        recommended_priority=_priority(score, urgency, churn, label),
    )
