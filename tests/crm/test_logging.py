from __future__ import annotations

import json
import logging

import structlog

from crm.logging import redact_secrets


def test_credentials_are_masked_in_structured_logs(capsys):
    handler = logging.getLogger().handlers[0]
    record_stream = []

    class Capture(logging.Handler):
        def emit(self, record):
            record_stream.append(handler.format(record))

    capture = Capture()
    logging.getLogger().addHandler(capture)
    try:
        structlog.get_logger("test").warning(
            "provider_called", api_key="sk-live-123456", provider="openai",
            headers={"Authorization": "Bearer sk-live-123456", "Accept": "json"},
        )
    finally:
        logging.getLogger().removeHandler(capture)
    line = record_stream[-1]
    assert "sk-live-123456" not in line
    event = json.loads(line)
    assert event["api_key"] == "***" and event["headers"]["Authorization"] == "***"
    assert event["provider"] == "openai" and event["headers"]["Accept"] == "json"


def test_redaction_keeps_the_event_name():
    assert redact_secrets(None, "info", {"event": "token_rotated", "token": "x"}) == {
        "event": "token_rotated", "token": "***"}
