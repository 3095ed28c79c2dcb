from django.core.management.base import BaseCommand

from crm.access.services.encryption import encryption_keys_rotate


class Command(BaseCommand):
    help = ("Re-encrypt every encrypted field with the first key of FIELD_ENCRYPTION_KEYS. "
            "Safe to interrupt and run again; when it reports nothing unreadable, the old keys "
            "can be removed from FIELD_ENCRYPTION_KEYS.")

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")

    def handle(self, *args, batch_size, dry_run, **options):
        report = encryption_keys_rotate(batch_size=batch_size, dry_run=dry_run, progress=self.stdout.write)
        total = sum(report.reencrypted.values())
        verb = "would be re-encrypted" if dry_run else "re-encrypted"
        self.stdout.write(f"{sum(report.checked.values())} secrets checked, {total} {verb}.")
        if report.complete:
            self.stdout.write(self.style.SUCCESS(
                "Every secret is readable with the first key" + ("" if dry_run else "; older keys can be removed.")))
        else:
            self.stdout.write(self.style.ERROR(
                f"{sum(report.unreadable.values())} secrets could not be decrypted with any key; "
                "keep the old keys until they are fixed."))
