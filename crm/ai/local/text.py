"""Text normalisation shared by the offline models: one function, used at training and at
prediction time, so both always see the same text.

Customer messages arrive with accents or without, with typos, repeated letters, emojis,
links and English mixed into Spanish. Normalising folds those variants together before the
TF-IDF features (word and character n-grams) are computed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

URL_PATTERN = re.compile(r"(https?://\S+|www\.\S+|\b\S+\.(?:com|net|org|xyz|co|click|ly|io)(?:/\S*)?\b)")
EMAIL_PATTERN = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
REPEATED_LETTERS = re.compile(r"([a-z])\1{2,}")
SPACES = re.compile(r"\s+")
WORD = re.compile(r"[a-z0-9ñ]+(?:'[a-z]+)?|[^\w\s]", re.UNICODE)

# Frequent function words: enough to tell Spanish from English in one short message.
SPANISH_WORDS = frozenset(
    "de la que el en y los se del las por un para con una su al lo como mas pero sus le ya o "
    "este si porque esta cuando muy sin sobre tambien me hay donde desde todo nos les ni mi "
    "yo tu te nada cual algo mis hola gracias quiero necesito tienen cuanto cuesta buenas tengo "
    "porfa favor pedido compra llega estoy quisiera puedo hacer hace tiene son es ustedes usted "
    "dias dia semana mañana manana hoy q xq pq aun ayer envio precio laptop".split()
)
ENGLISH_WORDS = frozenset(
    "the a an and to of in is it you i my for on with that this do does have has be are was "
    "can how what when where me your we our not please pls thanks thank hi hello want need "
    "order buy would could will there their they it's i'm don't can't doesn't is any from at "
    "by just about get got still already yet today tomorrow week price much many which who".split()
)


def strip_accents(text: str) -> str:
    # ñ survives as n: customers type "manana" and "mañana" interchangeably.
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Lower case, no accents, links/e-mails as placeholder tokens, letters repeated at
    most twice ("holaaaa" -> "holaa"), single spaces. Cached: the gateway normalises the
    same message for intent, sentiment and lead score."""
    text = text.replace("’", "'").replace("´", "'")
    text = EMAIL_PATTERN.sub(" zemail ", text)
    text = URL_PATTERN.sub(" zurl ", text)
    text = strip_accents(text.lower())
    text = REPEATED_LETTERS.sub(r"\1\1", text)
    return SPACES.sub(" ", text).strip()


def tokens(normalized: str) -> list[str]:
    """Words, numbers and single punctuation marks of an already normalised text."""
    return WORD.findall(normalized)


@lru_cache(maxsize=1)
def _corpus_vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    """Words seen at least twice in one language's corpus and never in the other's."""
    from collections import Counter

    from crm.ai.local.resources import corpus

    counts = {"es": Counter(), "en": Counter()}
    for example in corpus():
        counts[example.language].update(set(tokens(normalize(example.text))))
    only = {
        language: frozenset(word for word, n in counts[language].items()
                            if n >= 2 and word.isalpha() and word not in counts[other])
        for language, other in (("es", "en"), ("en", "es"))
    }
    return only["es"], only["en"]


def detect_language(text: str, *, default: str = "es") -> str:
    """'es' or 'en' from function words, then words only one language's corpus uses;
    accents and ¿¡ count for Spanish."""
    words = tokens(normalize(text))
    spanish = sum(word in SPANISH_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    if spanish == english:
        spanish_only, english_only = _corpus_vocabulary()
        spanish += sum(word in spanish_only for word in words)
        english += sum(word in english_only for word in words)
    spanish += sum(char in "ñ¿¡áéíóú" for char in text.lower())
    if spanish == english:
        return default
    return "es" if spanish > english else "en"
