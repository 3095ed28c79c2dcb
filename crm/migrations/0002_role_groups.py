"""Creates the staff role groups. Their permissions are granted after every migrate by
crm.services.roles.roles_sync, so models added later reach the right roles too."""

from django.db import migrations

ROLE_NAMES = ("Marketer", "Agent", "Manager", "Admin")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("crm", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
