"""Seeds the prompt templates (the source documents' prompts), the offline provider row and
one empty fallback chain per task, so the admin shows everything there is to configure."""

from django.db import migrations


def seed(apps, schema_editor):
    from crm.ai.prompt_defaults import DEFAULT_TEMPLATES

    PromptTemplate = apps.get_model("ai", "PromptTemplate")
    Provider = apps.get_model("ai", "Provider")
    TaskChain = apps.get_model("ai", "TaskChain")
    for key, entry in DEFAULT_TEMPLATES.items():
        for language in ("es", "en"):
            texts = entry[language]
            PromptTemplate.objects.get_or_create(key=key, language=language, defaults={
                "task": entry["task"], "description": entry["description"], "source": entry["source"],
                "variables": entry["variables"], "system_prompt": texts["system"], "user_prompt": texts["user"],
                "local_template": texts.get("local", ""),
            })
    Provider.objects.get_or_create(name="Local (offline)", defaults={
        "kind": "local", "priority": 1000, "enabled": True,
        "notes": "Offline models and templates. Always the last fallback, even when disabled here.",
    })
    for task in ("classify_lead", "detect_intent", "analyze_sentiment", "chat_reply", "generate", "evaluate"):
        TaskChain.objects.get_or_create(task=task)


class Migration(migrations.Migration):
    dependencies = [("ai", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
