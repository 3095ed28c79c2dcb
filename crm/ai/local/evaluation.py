"""Offline yes/no judgements for the questions that have a sound rule; any other question
gets a conservative "no" with zero confidence, so callers that act on confident decisions
(the seeds use confidence > 0.8) do nothing rather than act on a guess."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz

from crm.ai.base import Evaluation, TaskRequest
from crm.ai.local.text import normalize

CLOSURE = re.compile(
    r"\btodo bien\b|\bresuelto\b|\bgracias,? perfecto\b|\bya (esta|quedo) solucionado\b|\bsolucionado\b|"
    r"\bno necesito nada mas\b|\bya funciona\b|\bfunciono\b|\blisto,? gracias\b|\beso era todo\b|"
    r"\ball good\b|\b(it'?s |problem )?solved\b|\bresolved\b|\bworks now\b|\bthat'?s all\b|\bit worked\b|"
    r"\bnothing else\b|\bperfect,? thanks\b"
)
STILL_OPEN = re.compile(
    r"\btodavia\b|\bsigue\b|\bpero\b|\bno funciona\b|\bno sirve\b|\botro problema\b|\bstill\b|\bbut\b|"
    r"\bdoesn'?t work\b|\bnot working\b|\banother (problem|issue)\b|\?"
)


def _case_resolution(request: TaskRequest) -> Evaluation:
    message = normalize(str(request.customer_text.get("latest_message")
                            or request.variables.get("latest_message") or request.text))
    closed = CLOSURE.search(message)
    still_open = STILL_OPEN.search(message)
    spanish = request.language == "es"
    if closed and not still_open:
        return Evaluation(decision=True, confidence=0.9, reasoning=(
            "El cliente confirma que su problema está resuelto." if spanish
            else "The customer confirms the problem is solved."))
    if closed:
        return Evaluation(decision=False, confidence=0.6, reasoning=(
            "Confirma en parte pero menciona algo pendiente." if spanish
            else "Partly confirms but mentions something still open."))
    return Evaluation(decision=False, confidence=0.7 if still_open else 0.5, reasoning=(
        "No hay confirmación de que el problema esté resuelto." if spanish
        else "No confirmation that the problem is solved."))


def _digits(value: Any) -> str:
    return re.sub(r"\D", "", str(value or ""))[-8:]


def _duplicate_contacts(request: TaskRequest) -> Evaluation:
    first, second = request.variables.get("record_1"), request.variables.get("record_2")
    if not isinstance(first, dict) or not isinstance(second, dict):
        return _conservative(request)
    email_a, email_b = (str(r.get("email") or "").strip().lower() for r in (first, second))
    phone_a, phone_b = _digits(first.get("phone")), _digits(second.get("phone"))
    name = fuzz.token_sort_ratio(normalize(str(first.get("name") or "")), normalize(str(second.get("name") or "")))
    company = fuzz.ratio(normalize(str(first.get("company") or "")), normalize(str(second.get("company") or "")))
    if (email_a and email_a == email_b) or (len(phone_a) >= 7 and phone_a == phone_b):
        return Evaluation(decision=True, confidence=0.97, reasoning="Same e-mail or phone number.")
    conflicting = (email_a and email_b and email_a != email_b) and (phone_a and phone_b and phone_a != phone_b)
    if name >= 90 and company >= 85 and first.get("company"):
        return Evaluation(decision=True, confidence=0.85, reasoning=f"Names {name:.0f}% alike at the same company.")
    if name >= 95 and not conflicting:
        return Evaluation(decision=True, confidence=0.7, reasoning=f"Names {name:.0f}% alike, no conflicting contact data.")
    return Evaluation(decision=False, confidence=0.8 if conflicting else 0.6,
                      reasoning="Different contact data." if conflicting else "Not enough in common.")


def _conservative(request: TaskRequest) -> Evaluation:
    return Evaluation(decision=False, confidence=0.0, reasoning=(
        "The offline provider has no rule for this question; no decision should be taken on it."))


EVALUATORS: dict[str, Callable[[TaskRequest], Evaluation]] = {
    "case_resolution": _case_resolution,
    "duplicate_contacts": _duplicate_contacts,
}


def evaluate(request: TaskRequest) -> Evaluation:
    return EVALUATORS.get(request.template, _conservative)(request)
