"""Error kinds shared by services and tasks.

Tasks retry only on ``TransientError`` (a vendor timeout, HTTP 429/5xx, a lost connection);
anything else is permanent and marks the row failed instead of retrying forever.
"""


class TransientError(Exception):
    """A failure worth retrying later."""


class PermanentError(Exception):
    """A failure that retrying will not fix (bad request, rejected credentials, bad data)."""
