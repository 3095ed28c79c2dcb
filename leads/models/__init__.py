from leads.models.leads import Lead, LeadCategory, LeadClassification
from leads.models.pipeline import Likelihood, Opportunity, OpportunityInteraction, PipelineStage
from leads.models.prediction import ClosePredictionModel

__all__ = [
    "ClosePredictionModel",
    "Lead",
    "LeadCategory",
    "LeadClassification",
    "Likelihood",
    "Opportunity",
    "OpportunityInteraction",
    "PipelineStage",
]
