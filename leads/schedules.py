"""Periodic jobs of the leads app, installed by `manage.py setup_periodic_tasks`."""

from crm.services.schedules import Schedule

SCHEDULES = [
    Schedule(
        name="leads: classify leads whose classification was missed",
        task="leads.tasks.leads_classify_missing",
        every_minutes=15,
        description="Queues again the AI classification of new leads that still have none ten minutes "
        "after creation (a lost task). A lead is never classified twice for the same message.",
    ),
    Schedule(
        name="leads: re-score open opportunities",
        task="leads.tasks.opportunities_rescore_due",
        crontab={"minute": "30", "hour": "2"},
        description="Nightly close prediction of open opportunities whose prediction is missing, a day "
        "old, older than their last change or made by another model. A second run finds nothing due.",
    ),
    Schedule(
        name="leads: retrain the close prediction model",
        task="leads.tasks.ai_close_model_train",
        crontab={"minute": "0", "hour": "3", "day_of_week": "0"},
        queue="ai",
        description="Weekly (Sunday 03:00) training of the close prediction model on won and lost "
        "opportunities; skipped when nothing closed since the last model. With too little history the "
        "rule-based estimate stays in use.",
    ),
]
