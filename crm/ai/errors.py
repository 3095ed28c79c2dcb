"""Provider failures. Each carries the outcome the call log records; transient ones (timeout,
429, 5xx, connection) are ``crm.errors.TransientError`` so tasks may retry them."""

from __future__ import annotations

from crm.errors import PermanentError, TransientError


class ProviderError(Exception):
    outcome = "error"


class ProviderTimeout(ProviderError, TransientError):
    outcome = "timeout"


class ProviderRateLimited(ProviderError, TransientError):
    outcome = "rate_limited"


class ProviderServerError(ProviderError, TransientError):
    outcome = "server_error"


class ProviderConnectionError(ProviderError, TransientError):
    outcome = "connection_error"


class ProviderRejected(ProviderError, PermanentError):
    """The vendor refused the request itself (bad key, unknown model, bad request)."""

    outcome = "rejected"


class InvalidOutput(ProviderError):
    outcome = "invalid_output"


class Refusal(ProviderError):
    outcome = "refused"


class Unsupported(ProviderError):
    outcome = "unsupported"


class AIUnavailable(TransientError):
    """Every provider of the chain failed, the offline one included."""
