"""Every API error is JSON with a readable message and, for bad input, errors per field.

    {"error": "validation_error", "message": "phone: “12” is not a phone number …",
     "fields": {"phone": ["…"]}}
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, status
from rest_framework.views import exception_handler


def _flatten(detail, prefix: str = "") -> list[str]:
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            label = key if key != "non_field_errors" else ""
            out.extend(_flatten(value, f"{prefix}{label}" if not prefix else f"{prefix}.{label}"))
        return out
    if isinstance(detail, list):
        out = []
        for index, item in enumerate(detail):
            nested = isinstance(item, (dict, list))
            out.extend(_flatten(item, f"{prefix}[{index}]" if nested else prefix))
        return out
    return [f"{prefix}: {detail}" if prefix else str(detail)]


def json_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {("non_field_errors" if k == "__all__" else k): v for k, v in exc.message_dict.items()}
        else:
            errors = {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(errors)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = {"error": "validation_error", "message": "; ".join(_flatten(fields)), "fields": fields}
    else:
        detail = getattr(exc, "detail", str(exc))
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        body = {"error": code, "message": "; ".join(_flatten(detail))}
        if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS and getattr(exc, "wait", None):
            body["retry_after_seconds"] = int(exc.wait)
    response.data = body
    return response
