"""The ``openai-compatible`` provider: any endpoint that speaks the OpenAI chat-completions
API through the official ``openai`` SDK — OpenAI, Azure OpenAI (v1 API), Google Gemini and
Anthropic compatibility endpoints, Ollama, vLLM.

Every task is one chat completion that must return JSON for the task's result model. The
answer is parsed and validated here; vendor errors become the gateway's error kinds (timeout,
429, 5xx, rejected, refusal, invalid output) so it can fall back and log the outcome.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections import OrderedDict
from typing import Any

import openai
from pydantic import BaseModel, ValidationError

from crm.ai.base import (
    AIProvider,
    ChatReply,
    Evaluation,
    GeneratedText,
    IntentResult,
    InvalidOutput,
    LeadScore,
    Prompt,
    ProviderAnswer,
    ProviderConnectionError,
    ProviderError,
    ProviderRateLimited,
    ProviderRejected,
    ProviderServerError,
    ProviderTimeout,
    Refusal,
    SentimentResult,
    TaskRequest,
)

# Validation keywords some endpoints reject in strict schemas; pydantic enforces them here.
UNSUPPORTED_SCHEMA_KEYWORDS = {
    "minLength", "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minItems", "maxItems", "uniqueItems", "default",
}
CODE_FENCE = re.compile(r"^```(?:json)?\s*(.*?)\s*```$", re.DOTALL)
SCHEMA_INSTRUCTION = ("Answer with ONE JSON object only, no prose and no code fences, that validates "
                      "against this JSON Schema:\n{schema}")
MAX_CLIENTS = 16
_clients: OrderedDict[str, openai.OpenAI] = OrderedDict()
_clients_lock = threading.Lock()


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON Schema in the form structured outputs require: every object closed
    (``additionalProperties: false``) and every property listed as required."""

    def visit(node: Any) -> Any:
        if isinstance(node, list):
            return [visit(item) for item in node]
        if not isinstance(node, dict):
            return node
        cleaned = {}
        for key, value in node.items():
            if key in UNSUPPORTED_SCHEMA_KEYWORDS:
                continue
            if key in ("properties", "$defs"):
                cleaned[key] = {name: visit(sub) for name, sub in value.items()}
            else:
                cleaned[key] = visit(value)
        if cleaned.get("type") == "object" and "properties" in cleaned:
            cleaned["additionalProperties"] = False
            cleaned["required"] = list(cleaned["properties"])
        return cleaned

    return visit(model.model_json_schema())


def scrub(text: str, secret: str) -> str:
    """An error message fit for the call log: no key, nothing that looks like one, short."""
    if secret:
        text = text.replace(secret, "***")
    text = re.sub(r"\b(?:(?:sk|pk|rk|gsk|xai|key)[-_][-_A-Za-z0-9]{12,}|AIza[-_A-Za-z0-9]{20,})", "***", text)
    text = re.sub(r"(?i)(bearer\s+)\S+", r"\1***", text)
    return text[:400]


class OpenAICompatibleProvider(AIProvider):
    kind = "openai-compatible"
    label = "OpenAI-compatible API (OpenAI, Azure, Gemini, Anthropic, Ollama, vLLM)"

    def _client(self) -> openai.OpenAI:
        config = self.config
        fingerprint = hashlib.sha256(json.dumps([
            config.base_url, config.api_key, config.timeout_seconds, config.max_retries,
            sorted(config.extra_headers.items()), sorted(config.extra_query.items()),
        ]).encode()).hexdigest()
        with _clients_lock:
            client = _clients.get(fingerprint)
            if client is None:
                client = openai.OpenAI(
                    # Local servers (Ollama, vLLM without --api-key) need no key, but the SDK
                    # requires one and would otherwise read OPENAI_API_KEY from the environment.
                    api_key=config.api_key or "not-needed",
                    base_url=config.base_url,
                    timeout=config.timeout_seconds,
                    max_retries=config.max_retries,
                    default_headers=config.extra_headers or None,
                    default_query=config.extra_query or None,
                )
                _clients[fingerprint] = client
                while len(_clients) > MAX_CLIENTS:
                    _clients.popitem(last=False)
            else:
                _clients.move_to_end(fingerprint)
            return client

    def _messages(self, prompt: Prompt, schema: type[BaseModel]) -> tuple[list[dict], dict | None]:
        mode = self.config.structured_output
        system = prompt.system
        response_format: dict | None
        if mode == "json_schema":
            name = re.sub(r"[^A-Za-z0-9_-]", "_", schema.__name__)[:64]  # the API's allowed characters
            response_format = {"type": "json_schema", "json_schema": {
                "name": name, "schema": strict_json_schema(schema), "strict": True}}
        else:
            response_format = {"type": "json_object"} if mode == "json_object" else None
            schema_text = json.dumps(strict_json_schema(schema), ensure_ascii=False)
            system = f"{system}\n\n{SCHEMA_INSTRUCTION.format(schema=schema_text)}"
        return [{"role": "system", "content": system}, {"role": "user", "content": prompt.user}], response_format

    def complete(self, prompt: Prompt, schema: type[BaseModel]) -> ProviderAnswer:
        config = self.config
        messages, response_format = self._messages(prompt, schema)
        arguments: dict[str, Any] = {"model": config.model, "messages": messages,
                                     "max_completion_tokens": config.max_output_tokens}
        if response_format:
            arguments["response_format"] = response_format
        if config.temperature is not None:
            arguments["temperature"] = config.temperature
        try:
            response = self._client().chat.completions.create(**arguments)
        except openai.APITimeoutError as exc:
            raise ProviderTimeout(f"no answer within {config.timeout_seconds:g} s") from exc
        except openai.RateLimitError as exc:
            raise ProviderRateLimited(scrub(f"HTTP 429: {exc.message}", config.api_key)) from exc
        except openai.APIConnectionError as exc:
            raise ProviderConnectionError(scrub(f"cannot reach the endpoint: {exc.message}", config.api_key)) from exc
        except openai.APIStatusError as exc:
            message = scrub(f"HTTP {exc.status_code}: {exc.message}", config.api_key)
            if exc.status_code >= 500:
                raise ProviderServerError(message) from exc
            if exc.status_code in (408, 409):
                raise ProviderTimeout(message) from exc
            raise ProviderRejected(message) from exc
        except (ValueError, openai.APIResponseValidationError) as exc:
            # The body was not JSON, or not shaped like a chat completion.
            raise InvalidOutput(scrub(f"not a chat completion: {exc}", config.api_key)) from exc
        except openai.OpenAIError as exc:
            raise ProviderError(scrub(f"{type(exc).__name__}: {exc}", config.api_key)) from exc
        return self._parse(response, schema)

    def _parse(self, response: Any, schema: type[BaseModel]) -> ProviderAnswer:
        choices = getattr(response, "choices", None) or []
        if not choices:
            raise InvalidOutput("the completion has no choices")
        choice = choices[0]
        message = choice.message
        if getattr(message, "refusal", None):
            raise Refusal(f"the model refused: {message.refusal[:200]}")
        if choice.finish_reason == "content_filter":
            raise Refusal("the answer was blocked by the vendor's content filter")
        if choice.finish_reason == "length":
            raise InvalidOutput("the answer was cut off at the token limit")
        content = (message.content or "").strip()
        fenced = CODE_FENCE.match(content)
        if fenced:
            content = fenced.group(1)
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise InvalidOutput(f"the answer is not valid JSON ({exc.msg} at char {exc.pos})") from exc
        try:
            result = schema.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'answer'}: {e['msg']}"
                                 for e in exc.errors()[:5])
            raise InvalidOutput(f"the answer does not match {schema.__name__}: {problems}") from exc
        usage = getattr(response, "usage", None)
        return ProviderAnswer(
            result=result,
            model=getattr(response, "model", None) or self.config.model,
            prompt_tokens=int(getattr(usage, "prompt_tokens", 0) or 0),
            completion_tokens=int(getattr(usage, "completion_tokens", 0) or 0),
        )

    def _run_prompted(self, request: TaskRequest, schema: type[BaseModel]) -> ProviderAnswer:
        if request.prompt is None:
            raise ProviderError("no prompt was prepared for this request")
        return self.complete(request.prompt(), schema)

    def classify_lead(self, request: TaskRequest) -> ProviderAnswer[LeadScore]:
        return self._run_prompted(request, LeadScore)

    def detect_intent(self, request: TaskRequest) -> ProviderAnswer[IntentResult]:
        return self._run_prompted(request, IntentResult)

    def analyze_sentiment(self, request: TaskRequest) -> ProviderAnswer[SentimentResult]:
        return self._run_prompted(request, SentimentResult)

    def chat_reply(self, request: TaskRequest) -> ProviderAnswer[ChatReply]:
        return self._run_prompted(request, ChatReply)

    def generate(self, request: TaskRequest) -> ProviderAnswer[BaseModel]:
        return self._run_prompted(request, request.schema or GeneratedText)

    def evaluate(self, request: TaskRequest) -> ProviderAnswer[Evaluation]:
        return self._run_prompted(request, Evaluation)

    def check(self) -> ProviderAnswer[GeneratedText]:
        prompt = Prompt(system="You are a connectivity check.",
                        user='Reply with the JSON object {"text": "ok"}.', template_key="provider_check")
        return self.complete(prompt, GeneratedText)

