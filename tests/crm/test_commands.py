from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from crm.models import Agent, Cart, Contact, Invoice, Order, Product

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_seed_demo_creates_a_believable_data_set():
    call_command("seed_demo", contacts=150)
    assert Contact.objects.count() == 150
    assert Product.objects.filter(sku="LAP-DXPS13", price="1200.00").exists()
    assert Order.objects.exists() and Cart.objects.filter(status="open").exists()
    assert Invoice.objects.filter(status="open", due_date__lt=timezone.localdate()).exists()
    assert set(Agent.objects.values_list("department", flat=True)) == {"sales", "support", "retention", "finance"}
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("admin")
    spanish = Contact.objects.filter(language="es").count()
    assert 0.5 < spanish / 150 < 0.95
    assert all(c.phone.startswith("+") for c in Contact.objects.all())

    call_command("seed_demo", contacts=150, if_empty=True)
    assert Contact.objects.count() == 150  # --if-empty leaves existing data alone


@pytest.mark.django_db
def test_setup_periodic_tasks_creates_once_and_keeps_staff_edits():
    call_command("setup_periodic_tasks")
    task = PeriodicTask.objects.get(name="crm: resend stale webhook deliveries")
    assert task.task == "crm.tasks.webhook_deliveries_resend_stale" and task.enabled
    # Staff change the interval and switch it off in admin.
    task.interval = IntervalSchedule.objects.create(every=60, period=IntervalSchedule.MINUTES)
    task.enabled = False
    task.save()
    call_command("setup_periodic_tasks")
    task.refresh_from_db()
    assert task.interval.every == 60 and task.enabled is False
    call_command("setup_periodic_tasks", reset=["crm: resend stale webhook deliveries"])
    task.refresh_from_db()
    assert task.interval.every == 15 and task.enabled is True


def test_check_deploy_is_clean_with_the_production_variables():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "SECRET_KEY": "x" * 20 + "production-secret-key-with-enough-entropy-9876",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "SECURE_HTTPS": "true", "DEBUG": "false", "ALLOWED_HOSTS": "crm.example.com",
        "DATABASE_URL": "postgres://crm@127.0.0.1:5432/crm",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0", "REDIS_URL": "redis://127.0.0.1:6379/1",
    }
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_flags_the_embedded_defaults():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "FIELD_ENCRYPTION_KEYS", "SECRET_KEY")}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    for code in ("crm.W001", "crm.W002", "crm.W003", "crm.W004", "security.W009"):
        assert code in output
