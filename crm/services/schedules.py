"""Periodic jobs live in django-celery-beat so staff can see and edit them in admin.

Each app lists its jobs in ``<app>/schedules.py`` (``SCHEDULES = [Schedule(...)]``).
``schedules_install`` creates the missing ones by name and leaves existing rows alone, so a
schedule, queue or enabled flag that staff changed in admin survives every deploy; ``reset``
puts named ones back to the defaults.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask


@dataclass(frozen=True)
class Schedule:
    name: str
    task: str
    description: str = ""
    every_minutes: int | None = None
    crontab: dict[str, str] | None = None  # e.g. {"minute": "0", "hour": "2"}
    queue: str | None = None
    kwargs: dict = field(default_factory=dict)


def schedules_declared() -> list[Schedule]:
    declared = []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.schedules")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.schedules":
                raise
            continue
        declared.extend(getattr(module, "SCHEDULES", []))
    return declared


def _apply(task: PeriodicTask, schedule: Schedule) -> None:
    from django.conf import settings

    task.task = schedule.task
    task.description = schedule.description
    task.queue = schedule.queue
    task.kwargs = json.dumps(schedule.kwargs)
    task.interval = task.crontab = None
    if schedule.every_minutes:
        task.interval, _ = IntervalSchedule.objects.get_or_create(
            every=schedule.every_minutes, period=IntervalSchedule.MINUTES
        )
    else:
        cron = {"minute": "0", "hour": "*", "day_of_week": "*", "day_of_month": "*",
                "month_of_year": "*", **(schedule.crontab or {})}
        task.crontab, _ = CrontabSchedule.objects.get_or_create(timezone=settings.TIME_ZONE, **cron)
    task.enabled = True


@transaction.atomic
def schedules_install(*, reset: tuple[str, ...] = ()) -> dict[str, list[str]]:
    report: dict[str, list[str]] = {"created": [], "kept": [], "reset": []}
    for schedule in schedules_declared():
        task = PeriodicTask.objects.filter(name=schedule.name).first()
        if task is None:
            task = PeriodicTask(name=schedule.name)
            _apply(task, schedule)
            task.save()
            report["created"].append(schedule.name)
        elif schedule.name in reset:
            _apply(task, schedule)
            task.save()
            report["reset"].append(schedule.name)
        else:
            report["kept"].append(schedule.name)
    return report
