"""A local HTTP server that speaks the OpenAI chat-completions API.

It checks requests the way the real endpoint does (path, bearer key, model, messages,
``response_format``), records them, and answers from a script: a JSON answer with token
usage, a refusal, a delay (to trigger client timeouts), an HTTP error (429, 500, 401…), a
completion whose content is not JSON, or a body that is not JSON at all. Tests point an
``openai-compatible`` provider's base URL at ``server.url``.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_ids = itertools.count(1)


@dataclass
class Answer:
    status: int = 200
    body: Any = None  # dict -> JSON; bytes/str -> sent as is (malformed bodies)
    delay_seconds: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class ChatRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, str]]:
        return self.body.get("messages", [])

    def message(self, role: str) -> str:
        return next((m["content"] for m in self.messages if m.get("role") == role), "")


def completion(content: str | None, *, model: str = "fake-model", prompt_tokens: int = 120,
               completion_tokens: int = 40, finish_reason: str = "stop", refusal: str | None = None) -> dict:
    return {
        "id": f"chatcmpl-fake{next(_ids)}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "finish_reason": finish_reason, "logprobs": None,
                     "message": {"role": "assistant", "content": content, "refusal": refusal}}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens},
    }


def error_body(message: str, kind: str, code: str | None = None) -> dict:
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


class FakeOpenAIServer:
    def __init__(self, *, api_key: str | None = None) -> None:
        self.api_key = api_key  # when set, requests without "Bearer <api_key>" get a 401
        self.requests: list[ChatRequest] = []
        self.script: deque[Answer] = deque()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                answer = server._answer(self.path, {k.lower(): v for k, v in self.headers.items()}, raw)
                if answer.delay_seconds:
                    time.sleep(answer.delay_seconds)
                payload = answer.body
                if isinstance(payload, (dict, list)):
                    payload = json.dumps(payload).encode()
                elif isinstance(payload, str):
                    payload = payload.encode()
                try:
                    self.send_response(answer.status)
                    for key, value in {"Content-Type": "application/json", **answer.headers}.items():
                        self.send_header(key, value)
                    self.send_header("Content-Length", str(len(payload or b"")))
                    self.end_headers()
                    self.wfile.write(payload or b"")
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up: a timeout test

            def do_GET(self) -> None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    # --- what the server answers -----------------------------------------------------------

    def _answer(self, path: str, headers: dict[str, str], raw: bytes) -> Answer:
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            return Answer(400, error_body("We could not parse the JSON body of your request.", "invalid_request_error"))
        with self._lock:
            self.requests.append(ChatRequest(path, headers, body))
        if path.split("?")[0] != "/v1/chat/completions":
            return Answer(404, error_body(f"Invalid URL (POST {path})", "invalid_request_error"))
        if self.api_key is not None and headers.get("authorization") != f"Bearer {self.api_key}":
            # Like the real API, the message names the key it received.
            sent = headers.get("authorization", "").removeprefix("Bearer ")
            return Answer(401, error_body(f"Incorrect API key provided: {sent}.", "invalid_request_error",
                                          "invalid_api_key"))
        problem = self._invalid(body)
        if problem:
            return Answer(400, error_body(problem, "invalid_request_error"))
        with self._lock:
            if self.script:
                return self.script.popleft()
        return Answer(500, error_body("fake server: no answer was scripted for this request", "server_error"))

    @staticmethod
    def _invalid(body: dict[str, Any]) -> str | None:
        if not body.get("model"):
            return "you must provide a model parameter"
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return "'messages' must be a non-empty array"
        if any(m.get("role") not in ("system", "user", "assistant", "developer", "tool") for m in messages):
            return "invalid role in 'messages'"
        response_format = body.get("response_format")
        if response_format is not None:
            kind = response_format.get("type")
            if kind not in ("text", "json_object", "json_schema"):
                return f"Invalid value for 'response_format.type': {kind!r}"
            schema = response_format.get("json_schema") or {}
            if kind == "json_schema" and (not schema.get("name") or not isinstance(schema.get("schema"), dict)):
                return "'response_format.json_schema' needs a name and a schema"
            if kind == "json_object" and "json" not in json.dumps(messages).lower():
                return "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'"
        return None

    # --- scripting -------------------------------------------------------------------------

    def queue(self, *answers: Answer) -> None:
        with self._lock:
            self.script.extend(answers)

    def queue_json(self, data: Any, **usage) -> None:
        self.queue(Answer(200, completion(json.dumps(data), **usage)))

    def queue_content(self, content: str, **kwargs) -> None:
        self.queue(Answer(200, completion(content, **kwargs)))

    def queue_refusal(self, text: str = "I'm sorry, I can't help with that.") -> None:
        self.queue(Answer(200, completion(None, refusal=text)))

    def queue_error(self, status: int, message: str = "", *, headers: dict[str, str] | None = None) -> None:
        kinds = {429: "rate_limit_exceeded", 500: "server_error", 503: "server_error", 401: "invalid_request_error"}
        self.queue(Answer(status, error_body(message or f"fake error {status}", kinds.get(status, "api_error")),
                          headers=headers or {}))

    def queue_delay(self, seconds: float, data: Any | None = None) -> None:
        self.queue(Answer(200, completion(json.dumps(data if data is not None else {})), delay_seconds=seconds))

    def queue_raw(self, body: bytes | str, status: int = 200) -> None:
        self.queue(Answer(status, body))

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeOpenAIServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
