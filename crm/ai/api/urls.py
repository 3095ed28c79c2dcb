from django.urls import path

from crm.ai.api import views

urlpatterns = [
    path("leads/classify", views.LeadClassifyView.as_view(), name="ai-lead-classify"),
    path("intents/detect", views.IntentDetectView.as_view(), name="ai-intent-detect"),
    path("sentiment/analyze", views.SentimentAnalyzeView.as_view(), name="ai-sentiment-analyze"),
]
