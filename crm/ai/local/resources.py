"""The data files the offline provider ships (``data/``), loaded once per process."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
CORPUS_FILES = {"es": DATA_DIR / "corpus_es.txt", "en": DATA_DIR / "corpus_en.txt"}


@dataclass(frozen=True)
class CorpusExample:
    text: str
    intent: str
    sentiment: str
    language: str
    source: str = "corpus"


def _read_corpus_file(path: Path, language: str) -> list[CorpusExample]:
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(" | ", 2)
        if len(parts) != 3 or not parts[2].strip():
            raise ValueError(f"{path.name}:{number}: expected 'intent | sentiment | text'")
        intent, sentiment, text = (part.strip() for part in parts)
        examples.append(CorpusExample(text=text, intent=intent, sentiment=sentiment, language=language))
    return examples


@lru_cache(maxsize=1)
def corpus() -> tuple[CorpusExample, ...]:
    """Every labelled example shipped with the project, Spanish first, in file order."""
    examples: list[CorpusExample] = []
    for language, path in CORPUS_FILES.items():
        examples.extend(_read_corpus_file(path, language))
    return tuple(examples)


@lru_cache(maxsize=1)
def corpus_fingerprint() -> str:
    """Changes whenever a shipped data file changes: part of the default model's version."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.iterdir()):
        if path.suffix in (".txt", ".json"):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def sentiment_lexicon() -> dict:
    return json.loads((DATA_DIR / "sentiment_lexicon.json").read_text(encoding="utf-8"))


def _compile(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


@lru_cache(maxsize=1)
def intent_cues() -> dict[str, re.Pattern]:
    """Cue group -> one compiled alternation (faster than many small patterns)."""
    raw = json.loads((DATA_DIR / "intent_cues.json").read_text(encoding="utf-8"))
    return {group: _compile(patterns) for group, patterns in raw.items() if not group.startswith("_")}


@lru_cache(maxsize=1)
def compiled_lexicon_patterns() -> dict[str, dict[str, re.Pattern] | re.Pattern]:
    lexicon = sentiment_lexicon()
    return {
        "emotions": {name: _compile(patterns) for name, patterns in lexicon["emotions"].items()},
        "urgency": {level: _compile(patterns) for level, patterns in lexicon["urgency"].items()},
        "churn": _compile(lexicon["churn"]),
    }


def cue_hits(normalized: str) -> dict[str, list[str]]:
    """Cue group -> the phrases of the text that matched it."""
    hits: dict[str, list[str]] = {}
    for group, pattern in intent_cues().items():
        found = [match.group(0).strip() for match in pattern.finditer(normalized)]
        if found:
            hits[group] = found
    return hits
