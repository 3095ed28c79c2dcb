from django.core.management.base import BaseCommand

from crm.services.schedules import schedules_install


class Command(BaseCommand):
    help = ("Create the periodic jobs every app declares (in django-celery-beat). Existing jobs "
            "keep the changes staff made in admin unless named with --reset.")

    def add_arguments(self, parser):
        parser.add_argument("--reset", nargs="*", default=[], metavar="NAME",
                            help="Restore these jobs to their defaults.")

    def handle(self, *args, reset, **options):
        report = schedules_install(reset=tuple(reset))
        for outcome in ("created", "reset", "kept"):
            for name in report[outcome]:
                self.stdout.write(f"{outcome:>8}: {name}")
        self.stdout.write(self.style.SUCCESS(
            f"{len(report['created'])} created, {len(report['reset'])} reset, "
            f"{len(report['kept'])} kept as configured."
        ))
