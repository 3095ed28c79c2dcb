"""The admin as the AI configuration UI: providers, chains, prompts, offline models."""

from __future__ import annotations

import pytest
from django.urls import reverse

from crm.ai.base import AITask
from crm.ai.chains import chain_for
from crm.ai.gateway import ai_detect_intent
from crm.ai.models import CallLog, LocalModel, PromptTemplate, Provider, TaskChain, TrainingExample
from crm.ai.prompt_defaults import DEFAULT_TEMPLATES
from tests.ai.conftest import API_KEY

pytestmark = pytest.mark.django_db


def _provider_form(server_url: str, **overrides) -> dict:
    return {"name": "openai", "kind": "openai-compatible", "enabled": "on", "priority": "10",
            "base_url": server_url, "model": "gpt-fake-mini", "api_key": "", "structured_output": "json_schema",
            "timeout_seconds": "5", "max_retries": "0", "temperature": "", "max_output_tokens": "512",
            "cost_per_1k_input_tokens": "0.15", "cost_per_1k_output_tokens": "0.6", "extra_headers": "{}",
            "extra_query": "{}", "notes": "", **overrides}


def test_provider_key_is_stored_encrypted_shown_masked_and_kept_when_left_blank(admin_client, openai_server):
    add = admin_client.post(reverse("admin:ai_provider_add"), _provider_form(openai_server.url, api_key=API_KEY))
    assert add.status_code == 302, add.content.decode()[:2000]
    provider = Provider.objects.get(name="openai")
    assert provider.api_key == API_KEY
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT api_key FROM ai_provider WHERE id = %s", [provider.pk])
        stored = cursor.fetchone()[0]
    assert API_KEY not in stored and stored.startswith("enc1:")
    page = admin_client.get(reverse("admin:ai_provider_change", args=[provider.pk])).content.decode()
    assert API_KEY not in page and API_KEY[-4:] in page
    admin_client.post(reverse("admin:ai_provider_change", args=[provider.pk]), _provider_form(openai_server.url))
    provider.refresh_from_db()
    assert provider.api_key == API_KEY
    assert API_KEY not in admin_client.get(reverse("admin:ai_provider_history", args=[provider.pk])).content.decode()


def test_provider_form_refuses_credentials_in_plain_headers_and_a_missing_url(admin_client, openai_server):
    response = admin_client.post(reverse("admin:ai_provider_add"), _provider_form(
        openai_server.url, extra_headers='{"Authorization": "Bearer sk-leak"}'))
    assert response.status_code == 200
    assert "put the key in the API key field" in response.content.decode()
    response = admin_client.post(reverse("admin:ai_provider_add"), _provider_form("", name="no-url"))
    assert "needs the URL of its API" in response.content.decode()
    assert not Provider.objects.filter(kind="openai-compatible").exists()


def test_test_provider_button_makes_a_real_call_and_reports_it(admin_client, make_provider, openai_server):
    provider = make_provider()
    openai_server.queue_json({"text": "ok"}, prompt_tokens=12, completion_tokens=3)
    url = reverse("admin:ai_provider_test", args=[provider.pk])
    assert admin_client.get(url, follow=True).status_code == 200
    assert not openai_server.requests  # a GET changes nothing
    page = admin_client.post(url, follow=True).content.decode()
    assert "answered in" in page
    log = CallLog.objects.get(template_key="provider_check")
    assert (log.outcome, log.caller, log.total_tokens) == ("ok", "admin:test", 15)
    openai_server.queue_error(500, "boom")
    page = admin_client.post(url, follow=True).content.decode()
    assert "failed after" in page and "boom" in page
    provider.refresh_from_db()
    assert provider.last_error_at and "boom" in provider.last_error


def test_chain_edited_in_the_admin_applies_at_once(admin_client, make_provider):
    provider = make_provider()
    assert [c.name for c in chain_for(AITask.DETECT_INTENT)] == ["fake-openai", "Local (offline)"]
    chain = TaskChain.objects.get(task="detect_intent")
    local = Provider.objects.get(kind="local")
    response = admin_client.post(reverse("admin:ai_taskchain_change", args=[chain.pk]), {
        "task": "detect_intent", "notes": "offline first: fast and free",
        "steps-TOTAL_FORMS": "2", "steps-INITIAL_FORMS": "0", "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-position": "0", "steps-0-provider": str(local.pk),
        "steps-1-position": "1", "steps-1-provider": str(provider.pk),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [c.name for c in chain_for(AITask.DETECT_INTENT)] == ["Local (offline)", "fake-openai"]
    assert ai_detect_intent(text="hola, precio de la XPS?").provider_kind == "local"
    listing = admin_client.get(reverse("admin:ai_taskchain_changelist")).content.decode()
    assert "Local (offline) → fake-openai → offline" in listing


def test_prompts_are_seeded_and_an_edit_reaches_the_model(admin_client, make_provider, openai_server):
    assert PromptTemplate.objects.count() == 2 * len(DEFAULT_TEMPLATES)
    assert "LeadScoreAI" in PromptTemplate.objects.get(key="lead_classification", language="es").system_prompt
    template = PromptTemplate.objects.get(key="intent_detection", language="es")
    url = reverse("admin:ai_prompttemplate_change", args=[template.pk])
    form = {"key": template.key, "language": "es", "task": template.task, "description": template.description,
            "system_prompt": "{% if %}", "user_prompt": template.user_prompt, "local_template": ""}
    response = admin_client.post(url, form)
    assert response.status_code == 200 and "Template error" in response.content.decode()
    form["system_prompt"] = "Eres el clasificador de la tienda {{ business_name|default:'Demo' }}. Sé breve."
    assert admin_client.post(url, form).status_code == 302
    make_provider()
    openai_server.queue_json({"primary_intent": "general_inquiry", "secondary_intents": [], "confidence": 0.7,
                              "entities": {}, "reasoning": "saludo"})
    ai_detect_intent(text="hola, buenas tardes")
    assert openai_server.requests[-1].message("system").startswith("Eres el clasificador de la tienda Demo.")
    admin_client.post(reverse("admin:ai_prompttemplate_changelist"),
                      {"action": "restore_default", "_selected_action": [template.pk]})
    template.refresh_from_db()
    assert template.system_prompt == DEFAULT_TEMPLATES["intent_detection"]["es"]["system"]


def test_offline_models_list_shows_held_out_metrics_and_serves_the_chosen_version(admin_client):
    ai_detect_intent(text="hola")  # first use stores the default model
    default = LocalModel.objects.get()
    assert default.is_active and default.origin == "default"
    assert default.metrics["intent"]["macro_f1"] >= 0.85
    page = admin_client.get(reverse("admin:ai_localmodel_changelist")).content.decode()
    assert default.version in page and "Retrain now" in page
    detail = admin_client.get(reverse("admin:ai_localmodel_change", args=[default.pk])).content.decode()
    assert "majority baseline" in detail


def test_reviewed_examples_action_marks_them_for_training(admin_client, admin_user):
    example = TrainingExample.objects.create(text="Necesito 3 monitores", language="es",
                                             intent="purchase_inquiry", sentiment="neutral")
    admin_client.post(reverse("admin:ai_trainingexample_changelist"),
                      {"action": "mark_reviewed", "_selected_action": [example.pk]})
    example.refresh_from_db()
    assert example.reviewed and example.reviewed_by == admin_user


def test_call_log_is_read_only(admin_client):
    ai_detect_intent(text="hola")
    log = CallLog.objects.get()
    assert admin_client.get(reverse("admin:ai_calllog_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:ai_calllog_add")).status_code == 403
    page = admin_client.get(reverse("admin:ai_calllog_change", args=[log.pk])).content.decode()
    assert 'type="submit" value="Save"' not in page
