"""Every write of the leads app. Other apps call these (``conversations`` and ``campaigns``
may import ``leads``; ``leads`` imports only ``crm``).

Public entry points:
- leads: ``lead_create``, ``lead_update``, ``lead_set_status``, ``lead_assign`` (leads.services.leads)
- classification: ``lead_classify``, ``lead_request_classification`` (leads.services.classification)
- deals: ``opportunity_create``, ``opportunity_update``, ``opportunity_move``,
  ``opportunity_record_interaction``, ``opportunity_record_email_engagement``
  (leads.services.opportunities)
- prediction: ``opportunity_score``, ``opportunities_score``, ``opportunities_rescore_due``,
  ``close_model_train``, ``close_model_activate`` (leads.services.prediction)
"""
