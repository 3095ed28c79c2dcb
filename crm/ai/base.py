"""The AI provider interface and the typed, validated results of every AI task.

Every provider — an LLM behind an OpenAI-compatible API or the offline ``local`` one —
returns these pydantic models. A vendor answer that does not validate (wrong enum, score out
of range, a category that contradicts the score, missing fields) raises ``InvalidOutput`` and
the gateway falls back to the next provider: nothing unvalidated reaches a caller.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from enum import StrEnum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from crm.ai.errors import (  # noqa: F401  re-exported: the gateway's error kinds
    AIUnavailable,
    InvalidOutput,
    ProviderConnectionError,
    ProviderError,
    ProviderRateLimited,
    ProviderRejected,
    ProviderServerError,
    ProviderTimeout,
    Refusal,
    Unsupported,
)
from crm.ai.inputs import (  # noqa: F401  re-exported: what providers receive
    ChatContext,
    ChatTurn,
    LeadMetadata,
    ProductFact,
    Prompt,
    ProviderAnswer,
    ProviderConfig,
    TaskRequest,
)


class AITask(StrEnum):
    CLASSIFY_LEAD = "classify_lead"
    DETECT_INTENT = "detect_intent"
    ANALYZE_SENTIMENT = "analyze_sentiment"
    CHAT_REPLY = "chat_reply"
    GENERATE = "generate"
    EVALUATE = "evaluate"

    @property
    def label(self) -> str:
        return TASK_LABELS[self]


TASK_LABELS = {
    AITask.CLASSIFY_LEAD: "Classify lead (score 0–100)",
    AITask.DETECT_INTENT: "Detect intent",
    AITask.ANALYZE_SENTIMENT: "Analyse sentiment",
    AITask.CHAT_REPLY: "Chat reply",
    AITask.GENERATE: "Generate text / JSON",
    AITask.EVALUATE: "Evaluate (yes/no + confidence)",
}


class Intent(StrEnum):
    PURCHASE_INQUIRY = "purchase_inquiry"
    PRODUCT_INFO = "product_info"
    PRICING_QUESTION = "pricing_question"
    COMPLAINT = "complaint"
    SUPPORT_REQUEST = "support_request"
    WARRANTY_CLAIM = "warranty_claim"
    DELIVERY_TRACKING = "delivery_tracking"
    REFUND_REQUEST = "refund_request"
    PARTNERSHIP = "partnership"
    GENERAL_INQUIRY = "general_inquiry"
    SPAM = "spam"


class SentimentLabel(StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class UrgencyLevel(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Priority(StrEnum):
    ESCALATE_IMMEDIATELY = "escalate_immediately"
    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


class LeadCategory(StrEnum):
    HOT = "hot"
    WARM = "warm"
    COLD = "cold"


class LeadAction(StrEnum):
    ASSIGN_TO_SALES_IMMEDIATELY = "assign_to_sales_immediately"
    SCHEDULE_FOLLOW_UP_24H = "schedule_follow_up_24h"
    NURTURE = "nurture"
    DISQUALIFY = "disqualify"


class ChatAction(StrEnum):
    REPLY = "reply"
    ESCALATE_TO_HUMAN = "escalate_to_human"


HOT_THRESHOLD = 80
WARM_THRESHOLD = 50


def category_for_score(score: int) -> LeadCategory:
    if score >= HOT_THRESHOLD:
        return LeadCategory.HOT
    if score >= WARM_THRESHOLD:
        return LeadCategory.WARM
    return LeadCategory.COLD


class Result(BaseModel):
    # Vendors may add keys we do not know: ignored. Missing or invalid known keys: rejected.
    model_config = ConfigDict(extra="ignore", frozen=True, use_enum_values=False)


class Money(Result):
    amount: float = Field(ge=0)
    currency: str = Field(min_length=3, max_length=3)


class IntentEntities(Result):
    products: list[str] = Field(default_factory=list, max_length=20)
    quantity: int | None = Field(default=None, ge=1, le=1_000_000)
    amounts: list[Money] = Field(default_factory=list, max_length=10)
    dates: list[str] = Field(default_factory=list, max_length=10)
    urgency: str | None = Field(default=None, max_length=80)
    order_numbers: list[str] = Field(default_factory=list, max_length=10)
    purchase_date: str | None = Field(default=None, max_length=80)
    issue: str | None = Field(default=None, max_length=120)
    resolution_wanted: str | None = Field(default=None, max_length=80)


class IntentResult(Result):
    primary_intent: Intent
    secondary_intents: list[Intent] = Field(default_factory=list, max_length=5)
    confidence: float = Field(ge=0, le=1)
    entities: IntentEntities = Field(default_factory=IntentEntities)
    reasoning: str = Field(default="", max_length=600)

    @model_validator(mode="after")
    def _secondary_differs_from_primary(self) -> IntentResult:
        if self.primary_intent in self.secondary_intents:
            raise ValueError("secondary_intents repeats the primary intent")
        if len(set(self.secondary_intents)) != len(self.secondary_intents):
            raise ValueError("secondary_intents has duplicates")
        return self


class Emotions(Result):
    """Intensity 0–1 of each emotion the CRM acts on; 0 = absent."""

    anger: float = Field(default=0, ge=0, le=1)
    frustration: float = Field(default=0, ge=0, le=1)
    disappointment: float = Field(default=0, ge=0, le=1)
    sadness: float = Field(default=0, ge=0, le=1)
    worry: float = Field(default=0, ge=0, le=1)
    joy: float = Field(default=0, ge=0, le=1)
    satisfaction: float = Field(default=0, ge=0, le=1)
    gratitude: float = Field(default=0, ge=0, le=1)
    excitement: float = Field(default=0, ge=0, le=1)
    confusion: float = Field(default=0, ge=0, le=1)
    impatience: float = Field(default=0, ge=0, le=1)

    def present(self) -> dict[str, float]:
        return {name: value for name, value in self.model_dump().items() if value > 0}


class SentimentResult(Result):
    sentiment: SentimentLabel
    score: float = Field(ge=-1, le=1)
    confidence: float = Field(ge=0, le=1)
    emotions: Emotions = Field(default_factory=Emotions)
    urgency_level: UrgencyLevel
    churn_risk: int = Field(ge=0, le=100)
    triggers: list[str] = Field(default_factory=list, max_length=10)
    recommended_priority: Priority

    @model_validator(mode="after")
    def _label_matches_score(self) -> SentimentResult:
        if self.sentiment == SentimentLabel.POSITIVE and self.score <= 0:
            raise ValueError("a positive sentiment needs a score above 0")
        if self.sentiment == SentimentLabel.NEGATIVE and self.score >= 0:
            raise ValueError("a negative sentiment needs a score below 0")
        if self.sentiment == SentimentLabel.NEUTRAL and abs(self.score) > 0.5:
            raise ValueError("a neutral sentiment needs a score between -0.5 and 0.5")
        return self


class ScoreBreakdown(Result):
    """The Flow 2 rubric."""

    urgency: int = Field(ge=0, le=30)
    authority: int = Field(ge=0, le=25)
    budget: int = Field(ge=0, le=25)
    fit: int = Field(ge=0, le=20)

    @property
    def total(self) -> int:
        return self.urgency + self.authority + self.budget + self.fit


class LeadScore(Result):
    score: int = Field(ge=0, le=100)
    category: LeadCategory
    breakdown: ScoreBreakdown
    reasoning: str = Field(min_length=1, max_length=600)
    recommended_action: LeadAction
    signals: list[str] = Field(default_factory=list, max_length=12)

    @model_validator(mode="after")
    def _consistent(self) -> LeadScore:
        if self.category != category_for_score(self.score):
            raise ValueError(
                f"category {self.category} contradicts score {self.score} (hot ≥ {HOT_THRESHOLD}, "
                f"warm {WARM_THRESHOLD}–{HOT_THRESHOLD - 1}, cold < {WARM_THRESHOLD})"
            )
        if abs(self.breakdown.total - self.score) > 2:
            raise ValueError(f"breakdown adds up to {self.breakdown.total}, not to the score {self.score}")
        return self


class ChatReply(Result):
    reply: str = Field(min_length=1, max_length=2000)
    action: ChatAction = ChatAction.REPLY
    suggested_replies: list[str] = Field(default_factory=list, max_length=4)
    confidence: float = Field(ge=0, le=1)
    products_mentioned: list[str] = Field(default_factory=list, max_length=10)

    @field_validator("reply")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the reply is blank")
        return value.strip()


class GeneratedText(Result):
    text: str = Field(min_length=1, max_length=20000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the generated text is blank")
        return value.strip()


class Evaluation(Result):
    decision: bool
    confidence: float = Field(ge=0, le=1)
    reasoning: str = Field(default="", max_length=600)


# --- the provider interface ----------------------------------------------------------------


class AIProvider(ABC):
    """One vendor (or the offline models). Subclasses live one per module and are listed in
    ``crm.ai.registry``; the gateway never branches on the kind."""

    kind: ClassVar[str]
    label: ClassVar[str]
    needs_base_url: ClassVar[bool] = True

    def __init__(self, config: ProviderConfig) -> None:
        self.config = config

    def run(self, request: TaskRequest) -> ProviderAnswer:
        handler = {
            AITask.CLASSIFY_LEAD: self.classify_lead,
            AITask.DETECT_INTENT: self.detect_intent,
            AITask.ANALYZE_SENTIMENT: self.analyze_sentiment,
            AITask.CHAT_REPLY: self.chat_reply,
            AITask.GENERATE: self.generate,
            AITask.EVALUATE: self.evaluate,
        }[request.task]
        return handler(request)

    @abstractmethod
    def classify_lead(self, request: TaskRequest) -> ProviderAnswer[LeadScore]: ...

    @abstractmethod
    def detect_intent(self, request: TaskRequest) -> ProviderAnswer[IntentResult]: ...

    @abstractmethod
    def analyze_sentiment(self, request: TaskRequest) -> ProviderAnswer[SentimentResult]: ...

    @abstractmethod
    def chat_reply(self, request: TaskRequest) -> ProviderAnswer[ChatReply]: ...

    @abstractmethod
    def generate(self, request: TaskRequest) -> ProviderAnswer[BaseModel]:
        """``GeneratedText``, or an instance of ``request.schema`` for JSON generation."""

    @abstractmethod
    def evaluate(self, request: TaskRequest) -> ProviderAnswer[Evaluation]: ...

    def check(self) -> ProviderAnswer[GeneratedText]:
        """A minimal real call for the admin's "test provider" button."""
        raise Unsupported(f"{self.kind} providers have no connection test")


RESULT_TYPES: dict[AITask, type[BaseModel]] = {
    AITask.CLASSIFY_LEAD: LeadScore,
    AITask.DETECT_INTENT: IntentResult,
    AITask.ANALYZE_SENTIMENT: SentimentResult,
    AITask.CHAT_REPLY: ChatReply,
    AITask.GENERATE: GeneratedText,
    AITask.EVALUATE: Evaluation,
}
