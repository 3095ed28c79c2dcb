"""Binds a request id to every log line written while a request is handled."""

from __future__ import annotations

import uuid

import structlog


class RequestContextLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id, path=request.path)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response
