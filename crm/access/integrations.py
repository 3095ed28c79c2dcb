"""The configuration overview: every integration in one place.

Each app that holds integrations (e-mail providers, AI providers, channel accounts, webhook
subscriptions, periodic tasks) exposes ``integration_statuses()`` in ``<app>/integrations.py``
returning ``IntegrationStatus`` rows; the overview page collects them all.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps


class State:
    WORKING = "working"
    ATTENTION = "attention"
    OFF = "off"
    UNKNOWN = "unknown"


@dataclass
class IntegrationStatus:
    kind: str  # "E-mail provider", "AI provider", "Channel account", "Webhook", "Periodic task"
    name: str
    enabled: bool
    state: str
    summary: str  # one plain sentence for marketers
    admin_url: str
    last_success_at: datetime | None = None
    last_error: str = ""
    last_error_at: datetime | None = None
    details: dict[str, Any] = field(default_factory=dict)  # technical mode only; never secrets


def integration_statuses() -> list[IntegrationStatus]:
    statuses: list[IntegrationStatus] = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.integrations")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.integrations":
                raise
            continue
        provider = getattr(module, "integration_statuses", None)
        if provider is not None and module.__name__ != __name__:
            statuses.extend(provider())
    order = {State.ATTENTION: 0, State.UNKNOWN: 1, State.WORKING: 2, State.OFF: 3}
    return sorted(statuses, key=lambda s: (order.get(s.state, 9), s.kind, s.name.lower()))
