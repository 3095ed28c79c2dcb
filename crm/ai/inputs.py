"""What the gateway hands to providers: task inputs, the prepared prompt, the provider's
configuration snapshot and its raw answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel

if TYPE_CHECKING:
    from crm.ai.base import AITask

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class LeadMetadata:
    name: str = ""
    phone: str = ""
    email: str = ""
    company: str = ""
    job_title: str = ""
    source: str = ""
    previous_interactions: int = 0
    is_customer: bool = False


@dataclass(frozen=True)
class ChatTurn:
    role: str  # "customer" | "assistant" | "agent"
    content: str


@dataclass(frozen=True)
class ProductFact:
    """What the catalogue says about a product: the only facts a chat reply may state."""

    name: str
    price: str = ""
    currency: str = ""
    stock: int | None = None
    features: tuple[str, ...] = ()
    sku: str = ""


@dataclass(frozen=True)
class ChatContext:
    customer_name: str = ""
    products: tuple[ProductFact, ...] = ()
    policies: tuple[str, ...] = ()


@dataclass(frozen=True)
class TaskRequest:
    """One AI task as the gateway hands it to each provider in the chain.

    ``text`` is the customer's message (untrusted). ``variables`` are business data for
    templates; ``customer_text`` holds further untrusted values. ``prompt`` builds the LLM
    prompt lazily, so an offline-only chain never loads prompt templates.
    """

    task: AITask
    language: str
    text: str = ""
    lead: LeadMetadata | None = None
    turns: tuple[ChatTurn, ...] = ()
    chat: ChatContext | None = None
    template: str = ""
    variables: dict[str, Any] = field(default_factory=dict)
    customer_text: dict[str, str] = field(default_factory=dict)
    schema: type[BaseModel] | None = None
    prompt: Callable[[], Prompt] | None = None


@dataclass(frozen=True)
class Prompt:
    system: str
    user: str
    template_key: str = ""


@dataclass(frozen=True)
class ProviderAnswer(Generic[R]):
    result: R
    model: str
    prompt_tokens: int = 0
    completion_tokens: int = 0


@dataclass(frozen=True)
class ProviderConfig:
    """A snapshot of one configured provider; the API key never shows in a repr."""

    id: int | None
    name: str
    kind: str
    model: str = ""
    base_url: str = ""
    api_key: str = field(default="", repr=False)
    timeout_seconds: float = 30.0
    max_retries: int = 0
    temperature: float | None = None
    max_output_tokens: int = 1024
    structured_output: str = "json_schema"
    cost_per_1k_input_tokens: float = 0.0
    cost_per_1k_output_tokens: float = 0.0
    extra_headers: dict[str, str] = field(default_factory=dict)
    extra_query: dict[str, str] = field(default_factory=dict)

    def cost(self, prompt_tokens: int, completion_tokens: int) -> float:
        return (prompt_tokens * self.cost_per_1k_input_tokens
                + completion_tokens * self.cost_per_1k_output_tokens) / 1000
