"""The AI gateway's configuration UI: providers, fallback chains, prompts, offline models,
labelled examples, and the read-only call log."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import truncatechars
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from crm.ai import services, tasks
from crm.ai.base import AITask
from crm.ai.chains import chain_for
from crm.ai.models import CallLog, ChainStep, LocalModel, PromptTemplate, Provider, TaskChain, TrainingExample
from crm.dispatch import dispatch_on_commit


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "model", "base_url", "enabled", "priority", "health", "last_success_at",
                    "calls_in_chains"]
    list_filter = ["kind", "enabled"]
    list_editable = ["enabled", "priority"]
    search_fields = ["name", "model", "base_url"]
    readonly_fields = ["last_success_at", "last_error_at", "last_error", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "kind", "enabled", "priority"]}),
        ("Endpoint", {"fields": ["base_url", "model", "api_key", "structured_output", "timeout_seconds",
                                 "max_retries", "temperature", "max_output_tokens"]}),
        ("Cost", {"fields": ["cost_per_1k_input_tokens", "cost_per_1k_output_tokens"]}),
        ("Advanced", {"classes": ["collapse"], "fields": ["extra_headers", "extra_query", "notes"]}),
        ("Health", {"fields": ["last_success_at", "last_error_at", "last_error", "created_at", "updated_at"]}),
    ]
    actions = ["test_providers"]
    change_form_template = "admin/ai/provider/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(chain_count=Count("chain_steps"))

    @admin.display(description="in chains", ordering="chain_count")
    def calls_in_chains(self, obj):
        return obj.chain_count

    @admin.display(description="health")
    def health(self, obj):
        if obj.last_error_at and (not obj.last_success_at or obj.last_error_at > obj.last_success_at):
            return format_html('<span title="{}" style="color:#b00">failing</span>', obj.last_error[:200])
        return "ok" if obj.last_success_at else "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.providers_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.providers_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.providers_changed()

    def get_urls(self):
        return [path("<int:pk>/test/", self.admin_site.admin_view(self.test_view), name="ai_provider_test"),
                *super().get_urls()]

    def test_view(self, request, pk):
        provider = get_object_or_404(Provider, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, provider):
            self.message_user(request, "Testing a provider needs a POST by a user who may change it.",
                              messages.ERROR)
        else:
            self._report(request, provider, services.provider_test(provider=provider, actor=request.user))
        return HttpResponseRedirect(reverse("admin:ai_provider_change", args=[pk]))

    def _report(self, request, provider, result):
        if result.ok:
            self.message_user(request, f"{provider.name}: answered in {result.latency_ms} ms ({result.model}). "
                                       f"{result.message}", messages.SUCCESS)
        else:
            self.message_user(request, f"{provider.name}: failed after {result.latency_ms} ms — {result.message}",
                              messages.ERROR)

    @admin.action(description="Test the selected providers (one small real call each)")
    def test_providers(self, request, queryset):
        results = [services.provider_test(provider=p, actor=request.user) for p in queryset]
        passed = sum(r.ok for r in results)
        self.message_user(request, f"{passed} of {len(results)} providers answered.",
                          messages.SUCCESS if passed == len(results) else messages.WARNING)


class ChainStepInline(admin.TabularInline):
    model = ChainStep
    extra = 1
    fields = ["position", "provider"]
    autocomplete_fields = ["provider"]
    ordering = ["position"]


@admin.register(TaskChain)
class TaskChainAdmin(admin.ModelAdmin):
    list_display = ["task", "chain", "updated_at"]
    inlines = [ChainStepInline]
    readonly_fields = ["effective_chain"]
    fields = ["task", "notes", "effective_chain"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("steps__provider")

    @admin.display(description="fallback order")
    def chain(self, obj):
        steps = [step.provider.name + ("" if step.provider.enabled else " (disabled)") for step in obj.steps.all()]
        default = "enabled providers by priority"
        return " → ".join(steps + ["offline"]) if steps else f"{default} → offline"

    @admin.display(description="what runs now")
    def effective_chain(self, obj):
        if not obj.pk:
            return "—"
        return " → ".join(config.name for config in chain_for(AITask(obj.task)))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.providers_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.providers_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.providers_changed()


@admin.register(PromptTemplate)
class PromptTemplateAdmin(admin.ModelAdmin):
    list_display = ["key", "language", "task", "description", "updated_at"]
    list_filter = ["task", "language"]
    search_fields = ["key", "description", "system_prompt", "user_prompt", "local_template"]
    readonly_fields = ["source", "variable_list", "created_at", "updated_at"]
    fields = ["key", "language", "task", "description", "variable_list", "system_prompt", "user_prompt",
              "local_template", "source", "created_at", "updated_at"]
    actions = ["restore_default"]

    @admin.display(description="variables (* = written by the customer, arrives quoted)")
    def variable_list(self, obj):
        return ", ".join(obj.variables or []) or "—"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.prompts_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.prompts_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.prompts_changed()

    @admin.action(description="Restore the default text (the edit stays in the history)")
    def restore_default(self, request, queryset):
        count = services.prompt_templates_restore_default(templates=queryset, user=request.user)
        self.message_user(request, f"{count} templates restored to their default text.", messages.SUCCESS)


@admin.register(CallLog)
class CallLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "task", "template_key", "provider_name", "model", "outcome", "latency_ms",
                    "total_tokens", "cost", "attempt", "caller"]
    list_select_related = ["provider"]
    list_filter = ["outcome", "task", "provider_kind", "provider"]
    search_fields = ["request_id", "caller", "provider_name", "model", "error", "template_key"]
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(LocalModel)
class LocalModelAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "created_at", "origin", "is_active", "intent_macro_f1", "sentiment_accuracy",
                    "examples", "size"]
    list_select_related = ["trained_by"]
    list_filter = ["is_active", "origin"]
    readonly_fields = ["version", "created_at", "origin", "trained_by", "is_active", "feature_version",
                       "metrics_table", "example_counts", "artefact_bytes"]
    exclude = ["artefact", "metrics"]
    actions = ["serve_model"]
    change_list_template = "admin/ai/localmodel/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("artefact")

    def has_delete_permission(self, request, obj=None):
        return obj is None or not obj.is_active

    @admin.display(description="intent macro-F1 (held-out)")
    def intent_macro_f1(self, obj):
        return obj.metrics.get("intent", {}).get("macro_f1", "—")

    @admin.display(description="sentiment accuracy (held-out)")
    def sentiment_accuracy(self, obj):
        return obj.metrics.get("sentiment", {}).get("accuracy", "—")

    @admin.display(description="examples")
    def examples(self, obj):
        return obj.example_counts.get("total", "—")

    @admin.display(description="size")
    def size(self, obj):
        return f"{obj.artefact_bytes / 1_000_000:.1f} MB"

    @admin.display(description="held-out metrics")
    def metrics_table(self, obj):
        rows = []
        for target, metrics in (obj.metrics or {}).items():
            rows.append((target, metrics.get("accuracy"), metrics.get("macro_f1"),
                         metrics.get("majority_baseline_accuracy"), metrics.get("n_train"), metrics.get("n_test")))
        if not rows:
            return "—"
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html("<table><tr><th>model</th><th>accuracy</th><th>macro-F1</th><th>majority baseline</th>"
                           "<th>train</th><th>test</th></tr>{}</table>", body)

    @admin.action(description="Serve the selected model")
    def serve_model(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one model to serve.", messages.ERROR)
            return
        model = queryset.get()
        services.local_model_activate(model=model, user=request.user)
        self.message_user(request, f"Now serving {model.version}.", messages.SUCCESS)

    def get_urls(self):
        return [path("retrain/", self.admin_site.admin_view(self.retrain_view), name="ai_localmodel_retrain"),
                *super().get_urls()]

    def retrain_view(self, request):
        if request.method != "POST" or not request.user.has_perm("ai.add_localmodel"):
            self.message_user(request, "Retraining needs a POST by a user allowed to add models.", messages.ERROR)
        else:
            dispatch_on_commit(tasks.ai_local_model_train, request.user.pk)
            self.message_user(request, "Retraining queued on the ai queue; the new version appears here "
                                       "with its held-out metrics when it finishes.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:ai_localmodel_changelist"))


@admin.register(TrainingExample)
class TrainingExampleAdmin(admin.ModelAdmin):
    list_display = ["short_text", "language", "intent", "sentiment", "predicted_intent", "predicted_sentiment",
                    "reviewed", "reviewed_by", "created_at"]
    list_select_related = ["reviewed_by"]
    list_filter = ["reviewed", "intent", "sentiment", "language", "source"]
    search_fields = ["text"]
    readonly_fields = ["predicted_intent", "predicted_sentiment", "reviewed_by", "reviewed_at", "created_at"]
    actions = ["mark_reviewed"]

    @admin.display(description="text")
    def short_text(self, obj):
        return truncatechars(obj.text, 80)

    @admin.action(description="Mark reviewed (they join the next training)")
    def mark_reviewed(self, request, queryset):
        count = services.training_examples_mark_reviewed(examples=queryset, user=request.user)
        self.message_user(request, f"{count} examples marked reviewed.", messages.SUCCESS)
