from django.core.management.base import BaseCommand

from leads.services.prediction import MIN_CLOSED, close_model_train


class Command(BaseCommand):
    help = ("Train the close prediction model on won and lost opportunities, report its held-out "
            "AUC, store it as a new version and (when good enough) make it the active one.")

    def add_arguments(self, parser):
        parser.add_argument("--min-closed", type=int, default=MIN_CLOSED,
                            help=f"Closed opportunities needed to train (default {MIN_CLOSED}).")
        parser.add_argument("--test-size", type=float, default=0.25,
                            help="Share of closed opportunities held out to measure the model (default 0.25).")
        parser.add_argument("--seed", type=int, default=0, help="Random seed of the split and the model.")
        parser.add_argument("--if-new-data", action="store_true",
                            help="Skip when nothing closed since the active model was trained.")
        parser.add_argument("--no-rescore", action="store_true",
                            help="Do not re-score open opportunities with the new model.")

    def handle(self, *args, min_closed, test_size, seed, if_new_data, no_rescore, **options):
        outcome = close_model_train(min_closed=min_closed, test_size=test_size, random_state=seed,
                                    only_if_new_data=if_new_data, rescore=not no_rescore)
        if not outcome.trained:
            self.stdout.write(self.style.WARNING(outcome.reason))
            return
        model = outcome.model
        metrics = model.metrics
        self.stdout.write(
            f"Version {model.version}: {model.training_rows} closed opportunities "
            f"({model.won_rows} won, {model.lost_rows} lost); held-out AUC {model.auc:.3f}, "
            f"accuracy {metrics.get('accuracy', 0):.3f}, Brier {metrics.get('brier', 0):.3f} "
            f"on {metrics.get('test_rows')} deals."
        )
        importances = sorted(metrics.get("feature_importances", {}).items(), key=lambda kv: -kv[1])
        self.stdout.write("Most important features: " + ", ".join(f"{k} {v:.2f}" for k, v in importances[:5]))
        style = self.style.SUCCESS if outcome.activated else self.style.WARNING
        self.stdout.write(style(outcome.reason + (f" {outcome.rescored} open opportunities re-scored."
                                                  if outcome.activated else "")))
