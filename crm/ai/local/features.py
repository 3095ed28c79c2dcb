"""One analysis per message, shared by intent, sentiment and lead scoring.

The gateway usually runs the three on the same customer message; the analysis (normalising,
language, cue phrases, lexicon) is cached so it is done once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from crm.ai.local.lexicon import LexiconResult, analyze
from crm.ai.local.resources import cue_hits
from crm.ai.local.text import detect_language, normalize


@dataclass(frozen=True)
class TextAnalysis:
    original: str
    normalized: str
    language: str
    cues: dict[str, list[str]]
    lexicon: LexiconResult

    def has(self, group: str) -> bool:
        return group in self.cues

    def intent_columns(self) -> tuple[str, str]:
        """(text, cue tokens): what the intent classifier reads."""
        extra = [f"zcue_{group}" for group in self.cues] + self.lexicon.summary_tokens()
        return self.normalized, " ".join(extra)

    def sentiment_columns(self) -> tuple[str, str]:
        """(text, negation-marked words + polarity tokens + cue tokens): the sentiment
        classifier's input."""
        cues = " ".join(f"zcue_{group}" for group in self.cues)
        return self.normalized, f"{self.lexicon.feature_string()} {cues}".strip()


@lru_cache(maxsize=2048)
def analyse(text: str, language: str | None = None) -> TextAnalysis:
    normalized = normalize(text)
    language = language if language in ("es", "en") else detect_language(text)
    return TextAnalysis(
        original=text,
        normalized=normalized,
        language=language,
        cues=cue_hits(normalized),
        lexicon=analyze(normalized, original=text, language_code=language),
    )
