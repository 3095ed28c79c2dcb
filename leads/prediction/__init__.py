"""Close prediction (Flow 21) without the database: features, the model, the rule fallback.

The services in ``leads.services.prediction`` load rows, call these and store the results.
"""
