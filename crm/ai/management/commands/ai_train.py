import json

from django.core.management.base import BaseCommand

from crm.ai.models import LocalModel
from crm.ai.services import local_model_train


class Command(BaseCommand):
    help = ("Retrain the offline intent and sentiment classifiers from the shipped corpus plus reviewed "
            "production labels, print accuracy and macro-F1 on the held-out split, and store the model "
            "with its version and metrics.")

    def add_arguments(self, parser):
        parser.add_argument("--no-reviewed", action="store_true",
                            help="Train on the shipped corpus only (ignore reviewed production labels).")
        parser.add_argument("--no-activate", action="store_true",
                            help="Store the model without serving it (activate it later in the admin).")
        parser.add_argument("--json", action="store_true", help="Print the full metrics as JSON.")

    def handle(self, *args, no_reviewed, no_activate, json: bool = False, **options):
        row = local_model_train(include_reviewed=not no_reviewed, origin=LocalModel.Origin.COMMAND,
                                activate=not no_activate)
        if json:
            self.stdout.write(_dumps({"version": row.version, "metrics": row.metrics,
                                      "examples": row.example_counts}))
            return
        counts = row.example_counts
        self.stdout.write(f"Examples: {counts.get('total', 0)} ({counts.get('corpus', 0)} shipped, "
                          f"{counts.get('reviewed', 0)} reviewed production labels)")
        for target in ("intent", "sentiment"):
            metrics = row.metrics[target]
            languages = ", ".join(f"{lang} acc {m['accuracy']:.3f} / macro-F1 {m['macro_f1']:.3f}"
                                  for lang, m in metrics["by_language"].items())
            self.stdout.write(
                f"{target:>9}: held-out accuracy {metrics['accuracy']:.3f}, macro-F1 {metrics['macro_f1']:.3f} "
                f"(train {metrics['n_train']}, test {metrics['n_test']}; majority baseline "
                f"{metrics['majority_baseline_accuracy']:.3f}; {languages})"
            )
        state = "serving it now" if row.is_active else "stored, not activated"
        self.stdout.write(self.style.SUCCESS(f"Stored model {row.version} — {state}."))


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
