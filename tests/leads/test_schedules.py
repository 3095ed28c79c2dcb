from __future__ import annotations

import pytest
from django_celery_beat.models import PeriodicTask

from crm.celery import app as celery_app
from crm.services.schedules import schedules_install
from leads.schedules import SCHEDULES

pytestmark = pytest.mark.django_db


def test_leads_jobs_are_installed_and_point_at_real_tasks():
    celery_app.loader.import_default_modules()  # what a worker does at start: autodiscovers tasks
    schedules_install()
    for schedule in SCHEDULES:
        task = PeriodicTask.objects.get(name=schedule.name)
        assert task.task == schedule.task and task.task in celery_app.tasks
    retrain = PeriodicTask.objects.get(task="leads.tasks.ai_close_model_train")
    assert retrain.queue == "ai" and retrain.crontab.day_of_week == "0"
    nightly = PeriodicTask.objects.get(task="leads.tasks.opportunities_rescore_due")
    assert nightly.crontab.hour == "2"


def test_ai_tasks_are_routed_to_the_ai_queue():
    router = celery_app.amqp.router
    assert router.route({}, "leads.tasks.ai_lead_classify")["queue"].name == "ai"
    assert router.route({}, "leads.tasks.opportunity_rescore")["queue"].name == "default"


def test_the_weekly_task_trains_once_per_new_history():
    from leads.tasks import ai_close_model_train
    from tests.leads.synthetic import create_history

    assert ai_close_model_train.apply().get()["trained"] is False  # nothing closed yet: rules stay
    create_history(200, seed=2)
    first = ai_close_model_train.apply().get()
    again = ai_close_model_train.apply().get()
    assert first["trained"] and first["version"] == 1
    assert not again["trained"] and again["version"] == 1  # nothing new closed: skipped
