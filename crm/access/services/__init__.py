"""Services of the access app; the signal receivers are re-exported for apps.py."""

from crm.access.services.security import (  # noqa: F401
    security_record_failed_login,
    security_record_lockout,
    security_record_role_change,
)
