"""Lexicon scoring for sentiment, with negation, negative concord, intensifiers, diminishers,
contrast ("pero"/"but"), exclamation marks, capitals and emojis, in Spanish and English.

It does two jobs: it gives the sentiment score its magnitude, and it writes the feature
string the trained classifier reads — words inside a negation scope are marked ``neg_…``
so "no estoy contento" and "estoy contento" look different to the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from crm.ai.local.resources import sentiment_lexicon
from crm.ai.local.text import tokens

PUNCTUATION_RESETTING_SCOPE = frozenset(".!?;:,")
NEGATION_WINDOW = 3
INTENSIFIER_WINDOW = 2
NEGATION_FACTOR = -0.75  # a negated word flips and weakens: "no es bueno" < "es malo"
ALPHA = 15.0  # VADER-style normalisation: raw / sqrt(raw^2 + alpha)


@dataclass
class LexiconResult:
    score: float
    positive: float
    negative: float
    terms: list[tuple[str, float]] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    marked_tokens: list[str] = field(default_factory=list)

    def summary_tokens(self) -> list[str]:
        """Polarity strength as repeated tokens, so a linear model can weigh it."""
        summary = ["zpos"] * min(6, round(self.positive)) + ["zneg"] * min(6, round(self.negative))
        if self.negated:
            summary.append("znegated")
        if not self.terms:
            summary.append("znolex")
        return summary

    def feature_string(self) -> str:
        """Marked words (``neg_…`` inside a negation) plus the summary tokens."""
        return " ".join(self.marked_tokens + self.summary_tokens())


@dataclass(frozen=True)
class _Language:
    words: dict[str, float]
    stems: tuple[tuple[str, float], ...]
    phrases: dict[str, float]
    max_phrase: int
    negators: frozenset[str]
    concord: frozenset[str]
    weak_negators: dict[str, float]
    intensifiers: dict[str, float]
    diminishers: dict[str, float]
    contrast: frozenset[str]


@lru_cache(maxsize=2)
def _language(code: str) -> _Language:
    raw = sentiment_lexicon()[code]
    words = {key: value for key, value in raw["words"].items() if not key.endswith("*")}
    stems = tuple(sorted(((key[:-1], value) for key, value in raw["words"].items() if key.endswith("*")),
                         key=lambda item: -len(item[0])))
    multiword = {**raw["phrases"], **{k: v for k, v in raw["diminishers"].items() if " " in k}}
    multiword.update({k: 0.0 for k in raw["contrast"] if " " in k})
    return _Language(
        words=words, stems=stems, phrases=raw["phrases"],
        max_phrase=max((len(key.split()) for key in multiword), default=1),
        negators=frozenset(raw["negators"]), concord=frozenset(raw["concord"]),
        weak_negators=raw["weak_negators"], intensifiers=raw["intensifiers"],
        diminishers=raw["diminishers"], contrast=frozenset(raw["contrast"]),
    )


def _word_valence(language: _Language, token: str) -> float:
    if token in language.words:
        return language.words[token]
    for stem, value in language.stems:
        if token.startswith(stem):
            return value
    # Spanish absolute superlative: "lentísimo" is "lento" said louder.
    for suffix in ("isimo", "isima", "isimos", "isimas"):
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            base = token[: -len(suffix)]
            for ending in ("o", "a", "e", ""):
                if base + ending in language.words:
                    return language.words[base + ending] * 1.5
    return 0.0


def _is_negator(language: _Language, token: str) -> bool:
    return token in language.negators or token.endswith("n't")


def analyze(normalized: str, *, original: str, language_code: str) -> LexiconResult:
    language = _language(language_code if language_code in ("es", "en") else "es")
    words = tokens(normalized)
    caps = {word.lower() for word in original.split() if len(word) >= 3 and word.isupper()}
    shouting = original.isupper()
    contributions: list[float] = []
    terms: list[tuple[str, float]] = []
    negated: list[str] = []
    marked: list[str] = []
    contrast_at: int | None = None
    negation_left = 0
    intensity, intensity_left = 1.0, 0
    index = 0
    while index < len(words):
        token = words[index]
        if token in PUNCTUATION_RESETTING_SCOPE:
            negation_left, intensity, intensity_left = 0, 1.0, 0
            index += 1
            continue
        phrase, valence, consumed = None, 0.0, 1
        for size in range(min(language.max_phrase, len(words) - index), 1, -1):
            candidate = " ".join(words[index:index + size])
            if candidate in language.phrases:
                phrase, valence, consumed = candidate, language.phrases[candidate], size
                break
            if candidate in language.diminishers:
                intensity, intensity_left = intensity * language.diminishers[candidate], INTENSIFIER_WINDOW
                phrase, consumed = "", size
                break
            if candidate in language.contrast:
                contrast_at, negation_left = len(contributions), 0
                phrase, consumed = "", size
                break
        if phrase == "":
            marked.extend(words[index:index + consumed])
            index += consumed
            continue
        if phrase is None:
            if token in language.contrast:
                contrast_at, negation_left = len(contributions), 0
                marked.append(token)
                index += 1
                continue
            if _is_negator(language, token):
                # Negation is a state, not a parity: with negative concord "no está nada
                # mal" negates once and "nada" only extends the scope.
                negation_left = NEGATION_WINDOW + 1
                marked.append(token)
                negation_left -= 1
                index += 1
                continue
            if token in language.weak_negators:
                intensity, intensity_left = intensity * language.weak_negators[token], INTENSIFIER_WINDOW
                marked.append(token)
                index += 1
                continue
            if token in language.intensifiers:
                intensity, intensity_left = intensity * language.intensifiers[token], INTENSIFIER_WINDOW
                marked.append(token)
                index += 1
                continue
            valence = _word_valence(language, token)
        label = phrase or token
        # A phrase that carries its own negation ("no funciona", "ninguna queja") is not
        # negated again, but it opens a scope: "no funciona bien" is not praise.
        self_negated = phrase is not None and _is_negator(language, words[index])
        if valence:
            value = valence * intensity
            if negation_left > 0 and not self_negated:
                value *= NEGATION_FACTOR
                negated.append(label)
            if token in caps and not shouting:
                value *= 1.3
            contributions.append(value)
            terms.append((label, round(value, 2)))
            intensity, intensity_left = 1.0, 0
        prefix = "neg_" if negation_left > 0 and not self_negated else ""
        marked.extend(prefix + word for word in words[index:index + consumed])
        negation_left = NEGATION_WINDOW if self_negated else max(0, negation_left - consumed)
        if intensity_left:
            intensity_left -= 1
            if not intensity_left:
                intensity = 1.0
        index += consumed

    if contrast_at is not None and 0 < contrast_at < len(contributions):
        # "El producto es bueno pero la entrega fue pésima": what follows "pero" weighs more.
        contributions = [value * 0.5 for value in contributions[:contrast_at]] + [
            value * 1.5 for value in contributions[contrast_at:]
        ]
    for emoji, value in sentiment_lexicon()["emojis"].items():
        count = original.count(emoji)
        if count:
            contributions.extend([value] * min(count, 3))
            terms.append((emoji, value))
    raw = sum(contributions)
    exclamations = original.count("!")
    if raw and exclamations:
        raw += math.copysign(0.3 * min(exclamations, 4), raw)
    positive = sum(value for value in contributions if value > 0)
    negative = -sum(value for value in contributions if value < 0)
    score = raw / math.sqrt(raw * raw + ALPHA) if raw else 0.0
    return LexiconResult(score=score, positive=positive, negative=negative, terms=terms,
                         negated=negated, marked_tokens=marked)
