"""The product catalogue as the offline models see it: names to spot in messages, prices
and stock to estimate budgets and to ground chat replies."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from rapidfuzz import fuzz, process

from crm.ai.cache import snapshot
from crm.ai.local.resources import DATA_DIR
from crm.ai.local.text import normalize


@dataclass(frozen=True)
class CatalogueItem:
    name: str
    sku: str
    category: str
    price: float
    currency: str
    stock: int
    features: tuple[str, ...]
    aliases: tuple[str, ...]


def _aliases(name: str) -> tuple[str, ...]:
    key = normalize(re.sub(r"\(.*?\)", "", name))
    words = key.split()
    aliases = {key}
    if len(words) >= 3:
        aliases.add(" ".join(words[1:]))  # "dell xps 13" is also written "xps 13"
    return tuple(sorted(alias for alias in aliases if len(alias) >= 4))


def _load() -> tuple[CatalogueItem, ...]:
    from crm.models import Product

    rows = Product.objects.filter(active=True).order_by("name").values_list(
        "name", "sku", "category", "price", "currency", "stock", "features"
    )[: settings.AI_CATALOGUE_MAX_PRODUCTS]
    return tuple(
        CatalogueItem(name=name, sku=sku, category=normalize(category), price=float(price),
                      currency=currency, stock=stock,
                      features=tuple(str(f) for f in features or ()) if isinstance(features, list) else (),
                      aliases=_aliases(name))
        for name, sku, category, price, currency, stock, features in rows
    )


def catalogue() -> tuple[CatalogueItem, ...]:
    return snapshot("catalogue", _load, max_age=settings.AI_CATALOGUE_CACHE_SECONDS)


def match_products(normalized: str, items: tuple[CatalogueItem, ...] | None = None) -> list[CatalogueItem]:
    """Catalogue products the message names, exactly or with a small typo."""
    items = catalogue() if items is None else items
    found: list[CatalogueItem] = []
    padded = f" {normalized} "
    for item in items:
        if any(f" {alias} " in padded or f" {alias}?" in padded or f" {alias}," in padded
               for alias in item.aliases):
            found.append(item)
    if found or not items or len(normalized) < 6:
        return found
    # Typos ("tinkpad x1", "macbok air"): fuzzy partial match on the longer aliases only.
    choices = {alias: item for item in items for alias in item.aliases if len(alias) >= 7}
    for alias, score, _ in process.extract(normalized, list(choices), scorer=fuzz.partial_ratio,
                                           score_cutoff=88, limit=3):
        if choices[alias] not in found:
            found.append(choices[alias])
    return found


@lru_cache(maxsize=1)
def product_terms() -> dict[str, tuple[str, float]]:
    raw = json.loads((DATA_DIR / "product_terms.json").read_text(encoding="utf-8"))
    return {term: (value[0], float(value[1])) for term, value in raw.items() if not term.startswith("_")}


def typical_price(category: str, items: tuple[CatalogueItem, ...]) -> float | None:
    """Median catalogue price of a category, or None when the catalogue has none."""
    prices = sorted(item.price for item in items if item.category == category and item.price > 0)
    if not prices:
        return None
    middle = len(prices) // 2
    return prices[middle] if len(prices) % 2 else (prices[middle - 1] + prices[middle]) / 2
