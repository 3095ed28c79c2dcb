"""The ``local`` provider: offline, deterministic, fast. The embedded default and the last
link of every fallback chain, so the CRM keeps answering when every vendor is down."""

from __future__ import annotations

from pydantic import BaseModel

from crm.ai.base import (
    AIProvider,
    ChatReply,
    Evaluation,
    GeneratedText,
    IntentResult,
    LeadMetadata,
    LeadScore,
    ProviderAnswer,
    SentimentResult,
    TaskRequest,
)
from crm.ai.local import evaluation, generation, intent, scoring, sentiment
from crm.ai.local.catalogue import catalogue
from crm.ai.local.entities import ExtractedEntities, extract
from crm.ai.local.features import TextAnalysis, analyse
from crm.ai.local.store import active_bundle


class LocalProvider(AIProvider):
    kind = "local"
    label = "Local (offline models and templates)"
    needs_base_url = False

    def _model_name(self, bundle) -> str:
        return f"local/{bundle.version}"

    def _analysis(self, request: TaskRequest) -> tuple[TextAnalysis, ExtractedEntities]:
        analysis = analyse(request.text, request.language)
        return analysis, extract(analysis.normalized, original=request.text, items=catalogue())

    def detect_intent(self, request: TaskRequest) -> ProviderAnswer[IntentResult]:
        bundle = active_bundle()
        analysis, found = self._analysis(request)
        result = intent.detect(analysis, bundle.models["intent"], found=found)
        return ProviderAnswer(result=result, model=self._model_name(bundle))

    def analyze_sentiment(self, request: TaskRequest) -> ProviderAnswer[SentimentResult]:
        bundle = active_bundle()
        result = sentiment.analyze(analyse(request.text, request.language), bundle.models["sentiment"])
        return ProviderAnswer(result=result, model=self._model_name(bundle))

    def classify_lead(self, request: TaskRequest) -> ProviderAnswer[LeadScore]:
        bundle = active_bundle()
        items = catalogue()
        analysis = analyse(request.text, request.language)
        found = extract(analysis.normalized, original=request.text, items=items)
        result = scoring.score_lead(
            analysis,
            intent=intent.detect(analysis, bundle.models["intent"], found=found),
            sentiment=sentiment.analyze(analysis, bundle.models["sentiment"]),
            found=found, metadata=request.lead or LeadMetadata(), items=items,
        )
        return ProviderAnswer(result=result, model=self._model_name(bundle))

    def chat_reply(self, request: TaskRequest) -> ProviderAnswer[ChatReply]:
        bundle = active_bundle()
        analysis, found = self._analysis(request)
        result = generation.chat_reply(
            request, analysis,
            intent.detect(analysis, bundle.models["intent"], found=found),
            sentiment.analyze(analysis, bundle.models["sentiment"]),
        )
        return ProviderAnswer(result=result, model=self._model_name(bundle))

    def generate(self, request: TaskRequest) -> ProviderAnswer[BaseModel]:
        return ProviderAnswer(result=generation.generate(request), model="local/templates")

    def evaluate(self, request: TaskRequest) -> ProviderAnswer[Evaluation]:
        return ProviderAnswer(result=evaluation.evaluate(request), model="local/rules")

    def check(self) -> ProviderAnswer[GeneratedText]:
        bundle = active_bundle()
        metrics = bundle.metrics.get("intent", {})
        summary = (f"Offline model {bundle.version} loaded; held-out intent macro-F1 "
                   f"{metrics.get('macro_f1', 'n/a')}, sentiment accuracy "
                   f"{bundle.metrics.get('sentiment', {}).get('accuracy', 'n/a')}.")
        return ProviderAnswer(result=GeneratedText(text=summary), model=self._model_name(bundle))
