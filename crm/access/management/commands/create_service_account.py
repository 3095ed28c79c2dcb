from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from crm.access.services.api_keys import service_account_create


class Command(BaseCommand):
    help = "Create a service account (a user that cannot log in) to own integration API keys."

    def add_arguments(self, parser):
        parser.add_argument("name", help="e.g. n8n or shop")
        parser.add_argument("--role", default="Marketer", help="Role group limiting its keys (default Marketer).")

    def handle(self, *args, name, role, **options):
        try:
            user = service_account_create(name=name, role=role)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(
            f"Service account {user.username} created with role {role}. Create its API keys in admin."))
