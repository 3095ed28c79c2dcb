import time

from django.core.management.base import BaseCommand

from crm.models import Contact
from crm.services.demo import demo_data_create, demo_users_create


class Command(BaseCommand):
    help = "Create a believable demo data set and the demo users (admin/admin; others …/demo)."

    def add_arguments(self, parser):
        parser.add_argument("--contacts", type=int, default=300, help="How many contacts (default 300).")
        parser.add_argument("--seed", type=int, default=7, help="Random seed, for a reproducible set.")
        parser.add_argument("--if-empty", action="store_true",
                            help="Only seed when there are no contacts yet (used by `make run`).")

    def handle(self, *args, contacts, seed, if_empty, **options):
        if if_empty and Contact.objects.exists():
            demo_users_create()
            self.stdout.write("Contacts already exist: demo data left as it is.")
            return
        started = time.perf_counter()
        counts = demo_data_create(contacts=contacts, seed=seed)
        elapsed = time.perf_counter() - started
        summary = ", ".join(f"{value:,} {name}" for name, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data created in {elapsed:.1f} s: {summary}."))
        self.stdout.write(
            "Demo users (DEMO ONLY — change or delete them before real use): admin/admin "
            "(superuser); marta (Marketer), manuel (Manager), andres, laura, sofia, daniel, "
            "valentina, ricardo (Agents) with password “demo”."
        )
