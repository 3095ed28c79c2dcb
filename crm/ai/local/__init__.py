"""The offline provider: trained intent and sentiment classifiers, lexicons, the lead-score
rubric and template-based writing. Only ``crm.ai`` imports from here; other apps use
``crm.ai.gateway``."""
