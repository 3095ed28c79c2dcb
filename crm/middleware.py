"""Request-scoped context: a request id on every log line, and who is acting.

The acting user is kept in a context variable so deep code (the audit trail of credential
changes, for example) can say who did something without every function passing it along.
"""

from __future__ import annotations

import contextvars
import uuid

import structlog

_current_request: contextvars.ContextVar = contextvars.ContextVar("current_request", default=None)


def current_request():
    return _current_request.get()


def current_user():
    """The authenticated user of the request being handled, or None (tasks, commands)."""
    request = _current_request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class RequestContextLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID") or uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id, path=request.path)
        token = _current_request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current_request.reset(token)
        response["X-Request-ID"] = request_id
        return response
