"""Admin of close prediction models: read-only versions, activation, and a "retrain" button."""

from __future__ import annotations

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html

from leads.models import ClosePredictionModel
from leads.services.prediction import close_model_activate, close_model_train


# Retraining and switching models change every deal's probability: managers and admins only,
# although agents may change other leads records.
MODEL_MANAGER_ROLES = ("Admin", "Manager")


def may_manage_models(user) -> bool:
    if not user.has_perm("leads.change_closepredictionmodel"):
        return False
    return user.is_superuser or user.groups.filter(name__in=MODEL_MANAGER_ROLES).exists()


@admin.register(ClosePredictionModel)
class ClosePredictionModelAdmin(admin.ModelAdmin):
    change_list_template = "admin/leads/closepredictionmodel/change_list.html"
    list_display = ["version", "trained_at", "algorithm", "training_rows", "won_rows", "lost_rows", "auc",
                    "active"]
    list_filter = ["active", "algorithm"]
    search_fields = ["notes", "algorithm"]
    date_hierarchy = "trained_at"
    fields = ["version", "trained_at", "algorithm", ("training_rows", "won_rows", "lost_rows"), "auc",
              "metrics_table", "feature_names", "last_closed_at", "active", "notes"]
    readonly_fields = fields[:3] + ["training_rows", "won_rows", "lost_rows", "auc", "metrics_table",
                                    "feature_names", "last_closed_at", "active", "notes"]
    actions = ["activate"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("artefact")

    def has_add_permission(self, request):
        return False  # models come from training, never typed in

    def has_change_permission(self, request, obj=None):
        # Staff may open a model's page (read-only) and use the actions, not edit metrics.
        return super().has_change_permission(request, obj) if obj is None else False

    @admin.display(description="metrics (held-out split)")
    def metrics_table(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.metrics, indent=2, sort_keys=True))

    def has_manage_permission(self, request) -> bool:
        return may_manage_models(request.user)

    @admin.action(description="Use the selected version for predictions", permissions=["manage"])
    def activate(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one version to activate.", messages.ERROR)
            return
        model = queryset.get()
        close_model_activate(model=model, actor=request.user)
        self.message_user(request, f"Version {model.version} now scores open opportunities (re-scored tonight, "
                          "or use “Re-score” on opportunities).", messages.SUCCESS)

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}),
                                                 "may_retrain": may_manage_models(request.user)})

    def get_urls(self):
        return [path("retrain/", self.admin_site.admin_view(self.retrain_view),
                     name="leads_closepredictionmodel_retrain"), *super().get_urls()]

    def retrain_view(self, request):
        if not may_manage_models(request.user):
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:leads_closepredictionmodel_changelist"))
        if request.method != "POST":
            return back
        outcome = close_model_train(actor=request.user)
        if not outcome.trained:
            self.message_user(request, outcome.reason, messages.WARNING)
        else:
            model = outcome.model
            self.message_user(
                request,
                f"Version {model.version} trained on {model.training_rows} closed opportunities: held-out AUC "
                f"{model.auc:.3f}. {outcome.reason}"
                + (f" {outcome.rescored} open opportunities re-scored." if outcome.activated else ""),
                messages.SUCCESS if outcome.activated else messages.WARNING,
            )
        return back
