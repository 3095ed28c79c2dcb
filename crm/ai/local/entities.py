"""Entities in a customer message: products, quantity, money amounts, dates and urgency,
order numbers, when a past purchase happened, the problem and the resolution asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings

from crm.ai.base import IntentEntities, Money
from crm.ai.local.catalogue import CatalogueItem, catalogue, match_products, product_terms

NUMBER_WORDS = {
    "un": 1, "una": 1, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "quince": 15, "veinte": 20,
    "treinta": 30, "cuarenta": 40, "cincuenta": 50, "cien": 100, "docena": 12,
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "dozen": 12,
}
UNIT_WORDS = r"(?:unidades|units|piezas|pcs|uds|licencias|licenses|puestos|seats)"
NUMBER = r"(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)"
MONEY_PATTERNS = (
    re.compile(r"(?:\$|usd\s?|us\$|b/\.\s?)\s?" + NUMBER + r"\s?(k|mil)?\b"),
    re.compile(NUMBER + r"\s?(k|mil)?\s?(?:dolares|dollars|usd|bucks|balboas|euros|eur|€)\b"),
    re.compile(r"presupuesto (?:de |es de |aprobado de )?" + NUMBER + r"\s?(k|mil)?\b"),
    re.compile(r"budget (?:of |is )?" + NUMBER + r"\s?(k)?\b"),
)
CURRENCY_WORDS = (("balboa", "PAB"), ("b/.", "PAB"), ("euro", "EUR"), ("€", "EUR"))
ORDER_NUMBER = re.compile(
    r"(?:pedido|orden|order|caso|case|factura|invoice|guia|ticket)\s*(?:#|no\.?|nro\.?|n°|numero|number)?\s*#?\s*(\d{3,})"
    r"|#(\d{3,})"
)
RELATIVE_DATES = (
    (re.compile(r"\bpasado manana\b|\bday after tomorrow\b"), "day after tomorrow"),
    (re.compile(r"\bhoy( mismo)?\b|\btoday\b|\btonight\b|\besta (tarde|noche)\b"), "today"),
    (re.compile(r"\bmanana\b(?! (en la|por la) (manana|tarde))|\btomorrow\b"), "tomorrow"),
    (re.compile(r"\besta semana\b|\bthis week\b"), "this week"),
    (re.compile(r"\b(la )?(proxima|siguiente) semana\b|\bnext week\b"), "next week"),
    (re.compile(r"\bfin de mes\b|\bend of (the )?month\b|\beste mes\b|\bthis month\b"), "this month"),
    (re.compile(r"\b(?:el |para el |antes del |by |before |on )(lunes|martes|miercoles|jueves|viernes|sabado|domingo|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"), None),
)
WEEKDAYS_EN = {"lunes": "monday", "martes": "tuesday", "miercoles": "wednesday", "jueves": "thursday",
               "viernes": "friday", "sabado": "saturday", "domingo": "sunday"}
EXPLICIT_DATE = re.compile(
    r"\b(\d{1,2} de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre))\b"
    r"|\b((?:january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}(?:st|nd|rd|th)?)\b"
    r"|\b(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?)\b"
)
URGENT_WORDS = re.compile(r"\burgente(mente)?\b|\burgent(ly)?\b|\basap\b|\blo antes posible\b|\bya mismo\b|"
                          r"\bahora mismo\b|\bright (now|away)\b|\binmediat\w*|\bimmediately\b")
BUYING_NUMBER = re.compile(
    r"\b(?:quiero|quisiera|necesito|necesitamos|requerimos|queremos|comprar|compro|llevo|pedir|ordenar|"
    r"cotizar|cotizacion de|cotizacion para|need|want|buy|order|take|quote for)\s+(\d{1,6})\b(?!\s*(?:%|dolares|"
    r"dollars|usd|\$|de (?:presupuesto|descuento)))"
)
PURCHASE_AGO = re.compile(
    r"\bhace (\d+|un|una|dos|tres|cuatro|cinco|seis) (dia|dias|semana|semanas|mes|meses|ano|anos)\b"
    r"|\b(\d+|a|an|one|two|three|four|five|six) (day|days|week|weeks|month|months|year|years) ago\b"
)
UNIT_EN = {"dia": "day", "dias": "days", "semana": "week", "semanas": "weeks", "mes": "month",
           "meses": "months", "ano": "year", "anos": "years"}
ISSUES = (
    (re.compile(r"defectuos|defective|defecto de fabrica|factory defect"), "defective product"),
    (re.compile(r"\broto\b|\brota\b|se rompio|\bbroken\b|\bbroke\b|cracked|se partio|snapped"), "broken product"),
    (re.compile(r"danad|damaged|golpe|\bdent\b|rayad|scratched"), "damaged product"),
    (re.compile(r"no (prende|enciende)|dejo de encender|won'?t turn on|doesn'?t turn on|stopped turning on"), "does not turn on"),
    (re.compile(r"no funciona|dejo de funcionar|doesn'?t work|not working|stopped working|no sirve"), "does not work"),
    (re.compile(r"incomplet|faltan|missing"), "incomplete order"),
    (re.compile(r"dos veces|twice|duplicad|duplicate"), "double charge"),
    (re.compile(r"otro modelo|modelo equivocado|wrong (model|item|product)|different model"), "wrong item"),
    (re.compile(r"no (me )?ha llegado|no llega|not arrived|hasn'?t arrived|retras|delay|late\b"), "late delivery"),
)
RESOLUTIONS = (
    (re.compile(r"reembols|refund|devuelvan (mi|el) dinero|money back|mi dinero|my money|reintegr"), "refund"),
    (re.compile(r"cambi(o|en|ar) (por|el|la)|reemplaz|reponer|replace|exchange|swap"), "replacement"),
    (re.compile(r"repar|repair|arregl|\bfix\b"), "repair"),
    (re.compile(r"cancel|anular"), "cancellation"),
)


@dataclass
class ExtractedEntities:
    entities: IntentEntities
    catalogue_matches: list[CatalogueItem] = field(default_factory=list)
    generic_products: list[tuple[str, str, float]] = field(default_factory=list)  # (word, category, price)


def _number(raw: str) -> float:
    raw = raw.strip()
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        return float(re.sub(r"[.,]", "", raw))
    return float(raw.replace(",", "."))


def _amounts(normalized: str, original_lower: str) -> list[Money]:
    currency = settings.DEFAULT_CURRENCY
    for word, code in CURRENCY_WORDS:
        if word in original_lower:
            currency = code
    found: list[Money] = []
    seen: set[float] = set()
    for pattern in MONEY_PATTERNS:
        for match in pattern.finditer(normalized):
            value = _number(match.group(1))
            if match.group(2) in ("k", "mil"):
                value *= 1000
            if value > 0 and value not in seen:
                seen.add(value)
                found.append(Money(amount=round(value, 2), currency=currency))
    return found[:10]


def _quantity(normalized: str, product_words: set[str], money_values: set[float]) -> int | None:
    nouns = "|".join(sorted((re.escape(w) for w in product_words), key=len, reverse=True))
    target = rf"(?:{nouns}|{UNIT_WORDS})" if nouns else UNIT_WORDS
    match = re.search(rf"\b(\d{{1,6}}|{'|'.join(NUMBER_WORDS)})\s+(?:\w+\s+)?{target}\b", normalized)
    if match:
        raw = match.group(1)
        value = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
        if value not in money_values and value >= 1:
            return value
    # "quiero 20 tinkpad…": a number right after a buying verb is a quantity even when the
    # product name that follows is misspelt or not a generic product word.
    match = BUYING_NUMBER.search(normalized)
    if match and int(match.group(1)) not in money_values:
        return int(match.group(1))
    if re.search(r"\buna docena\b|\ba dozen\b", normalized):
        return 12
    return None


def _dates(normalized: str) -> tuple[list[str], str | None]:
    dates: list[str] = []
    for pattern, label in RELATIVE_DATES:
        match = pattern.search(normalized)
        if match:
            dates.append(label or WEEKDAYS_EN.get(match.group(1), match.group(1)))
    for match in EXPLICIT_DATE.finditer(normalized):
        dates.append(next(group for group in match.groups() if group))
    urgency = None
    urgent = URGENT_WORDS.search(normalized)
    if urgent:
        urgency = "asap"
    for label in ("today", "tomorrow", "day after tomorrow", "this week"):
        if label in dates:
            urgency = urgency or label
            break
    if urgency is None and dates:
        urgency = dates[0]
    return list(dict.fromkeys(dates))[:10], urgency


def _purchase_date(normalized: str) -> str | None:
    match = PURCHASE_AGO.search(normalized)
    if not match:
        return None
    if match.group(1):
        amount, unit = match.group(1), UNIT_EN[match.group(2)]
    else:
        amount, unit = match.group(3), match.group(4)
    count = int(amount) if amount.isdigit() else NUMBER_WORDS.get(amount, 1)
    unit = unit.rstrip("s") + ("s" if count != 1 else "")
    return f"{count} {unit} ago"


def extract(normalized: str, *, original: str,
            items: tuple[CatalogueItem, ...] | None = None) -> ExtractedEntities:
    items = catalogue() if items is None else items
    matches = match_products(normalized, items)
    terms = product_terms()
    words = re.findall(r"[a-z0-9]+", normalized)
    generic: list[tuple[str, str, float]] = []
    for index, word in enumerate(words):
        pair = " ".join(words[index:index + 2])
        for term in (pair, word):
            if term in terms and term not in {g[0] for g in generic}:
                generic.append((term, *terms[term]))
                break
    amounts = _amounts(normalized, original.lower())
    quantity = _quantity(normalized, {g[0] for g in generic}, {a.amount for a in amounts})
    dates, urgency = _dates(normalized)
    orders = [a or b for a, b in ORDER_NUMBER.findall(normalized)]
    issue = next((label for pattern, label in ISSUES if pattern.search(normalized)), None)
    resolution = next((label for pattern, label in RESOLUTIONS if pattern.search(normalized)), None)
    products = [item.name for item in matches] + [
        word for word, category, _ in generic
        if not any(item.category == category for item in matches)
    ]
    entities = IntentEntities(
        products=list(dict.fromkeys(products))[:20],
        quantity=quantity,
        amounts=amounts,
        dates=dates,
        urgency=urgency,
        order_numbers=list(dict.fromkeys(orders))[:10],
        purchase_date=_purchase_date(normalized),
        issue=issue,
        resolution_wanted=resolution,
    )
    return ExtractedEntities(entities=entities, catalogue_matches=matches, generic_products=generic)
