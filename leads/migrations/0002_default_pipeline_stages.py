"""The default pipeline. Staff rename, reorder, add or deactivate stages in admin afterwards."""

from django.db import migrations

DEFAULT_STAGES = [
    # name, order, default probability %, won, lost
    ("Prospecting", 10, 10, False, False),
    ("Qualification", 20, 20, False, False),
    ("Proposal", 30, 40, False, False),
    ("Negotiation", 40, 60, False, False),
    ("Commitment", 50, 80, False, False),
    ("Won", 90, 100, True, False),
    ("Lost", 100, 0, False, True),
]


def create_default_stages(apps, schema_editor):
    PipelineStage = apps.get_model("leads", "PipelineStage")
    for name, order, probability, is_won, is_lost in DEFAULT_STAGES:
        PipelineStage.objects.get_or_create(
            name=name,
            defaults={"order": order, "default_probability": probability, "is_won": is_won,
                      "is_lost": is_lost, "active": True},
        )


def remove_unused_default_stages(apps, schema_editor):
    PipelineStage = apps.get_model("leads", "PipelineStage")
    PipelineStage.objects.filter(name__in=[s[0] for s in DEFAULT_STAGES], opportunities__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("leads", "0001_initial")]

    operations = [migrations.RunPython(create_default_stages, remove_unused_default_stages)]
