"""Admin of pipeline stages and opportunities. Writes go through leads.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from leads.admin.leads import ReadOnlyInline, _copy_into
from leads.models import Opportunity, OpportunityInteraction, PipelineStage
from leads.services.opportunities import EDITABLE_FIELDS, opportunity_create, opportunity_move, opportunity_update
from leads.services.prediction import opportunities_score


@admin.register(PipelineStage)
class PipelineStageAdmin(admin.ModelAdmin):
    list_display = ["name", "order", "default_probability", "is_won", "is_lost", "active", "open_deals"]
    list_editable = ["order", "default_probability", "active"]
    list_filter = ["active", "is_won", "is_lost"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            open_count=Count("opportunities", filter=Q(opportunities__closed_at__isnull=True))
        )

    @admin.display(ordering="open_count", description="open deals")
    def open_deals(self, obj):
        return obj.open_count


class InteractionInline(ReadOnlyInline):
    model = OpportunityInteraction
    fields = ["occurred_at", "channel", "sentiment", "customer_replied", "key"]
    readonly_fields = fields
    ordering = ["-occurred_at"]
    show_change_link = False
    max_num = 0

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-occurred_at")


class OpenClosedFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("won", "Won"), ("lost", "Lost")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.filter(closed_at__isnull=True)
        if self.value() == "won":
            return queryset.filter(closed_at__isnull=False, stage__is_won=True)
        if self.value() == "lost":
            return queryset.filter(closed_at__isnull=False, stage__is_lost=True)
        return queryset


class OpportunityAdminForm(forms.ModelForm):
    class Meta:
        model = Opportunity
        fields = ["contact", "lead", "name", "stage", "close_reason", "value", "currency", "expected_close",
                  "decision_maker_engaged", "competition_identified", "urgency", "owner"]

    def clean(self):
        cleaned = super().clean()
        stage, contact, lead = cleaned.get("stage"), cleaned.get("contact"), cleaned.get("lead")
        current_stage_id = Opportunity.objects.get(pk=self.instance.pk).stage_id if self.instance.pk else None
        if stage is not None and stage.pk != current_stage_id:
            if not stage.active:
                self.add_error("stage", f"The stage “{stage}” is inactive.")
            if stage.is_closed and not (cleaned.get("close_reason") or "").strip():
                self.add_error("close_reason", f"Say why the deal was {'won' if stage.is_won else 'lost'}.")
        if contact is not None and lead is not None and lead.contact_id != contact.pk:
            self.add_error("lead", "This lead belongs to another contact.")
        return cleaned

    def _post_clean(self):
        pass  # the services validate and save (see LeadAdminForm)


@admin.register(Opportunity)
class OpportunityAdmin(SimpleHistoryAdmin):
    form = OpportunityAdminForm
    list_display = ["name", "contact", "stage", "value", "currency", "probability", "likelihood",
                    "prediction_is_fallback", "owner", "expected_close", "closed_at"]
    list_select_related = ["contact", "stage", "owner"]
    list_filter = [OpenClosedFilter, "stage", "likelihood", "prediction_is_fallback", "decision_maker_engaged",
                   "competition_identified", "currency"]
    search_fields = ["name", "contact__first_name", "contact__last_name", "contact__email"]
    autocomplete_fields = ["contact", "lead", "owner"]
    date_hierarchy = "created_at"
    readonly_fields = ["closed_at", "stage_changed_at", "last_interaction_at", "last_interaction_channel",
                       "interaction_count", "email_open_rate", "message_response_rate", "average_sentiment",
                       "close_probability", "likelihood", "recommendation", "factors", "prediction_model",
                       "predicted_at", "prediction_is_fallback", "created_at"]
    fieldsets = [
        (None, {"fields": [("contact", "lead"), "name", ("stage", "close_reason"), ("value", "currency"),
                           "expected_close", ("decision_maker_engaged", "competition_identified", "urgency"),
                           "owner"]}),
        ("Close prediction", {"fields": [("close_probability", "likelihood", "prediction_is_fallback"),
                                         "recommendation", "factors", ("prediction_model", "predicted_at")]}),
        ("Engagement (reported by the inbox and e-mail)", {"classes": ["collapse"], "fields": [
            ("last_interaction_at", "last_interaction_channel", "interaction_count"),
            ("email_open_rate", "message_response_rate", "average_sentiment")]}),
        ("Timeline", {"classes": ["collapse"], "fields": [("created_at", "stage_changed_at", "closed_at")]}),
    ]
    inlines = [InteractionInline]
    actions = ["rescore"]
    list_per_page = 50
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["contact"] if obj is not None else fields

    @admin.display(ordering="close_probability", description="probability")
    def probability(self, obj):
        return "—" if obj.close_probability is None else f"{obj.close_probability:.0%}"

    @admin.display(description="top factors")
    def factors(self, obj):
        if not obj.top_factors:
            return "—"
        return format_html_join(mark_safe("<br>"), "{} ({}) {} the odds ×{}", (
            (f["label"], f["value"], f["direction"], f["odds_ratio"]) for f in obj.top_factors
        ))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            opportunity = opportunity_create(
                actor=request.user, **{name: data[name] for name in form.Meta.fields if name in data}
            )
        else:
            opportunity = Opportunity.objects.get(pk=obj.pk)
            fields = {name: data[name] for name in EDITABLE_FIELDS if name in form.changed_data}
            try:
                if fields:
                    opportunity = opportunity_update(opportunity=opportunity, actor=request.user, **fields)
                if data["stage"].pk != opportunity.stage_id:
                    opportunity = opportunity_move(opportunity=opportunity, stage=data["stage"],
                                                   reason=data.get("close_reason", ""), actor=request.user)
            except ValidationError as exc:
                self.message_user(request, "; ".join(exc.messages), messages.ERROR)
                opportunity = Opportunity.objects.get(pk=obj.pk)
        _copy_into(obj, opportunity)

    @admin.action(description="Re-score the close prediction now", permissions=["change"])
    def rescore(self, request, queryset):
        scored = opportunities_score(queryset=queryset)
        skipped = queryset.count() - scored
        url = reverse("admin:leads_closepredictionmodel_changelist")
        self.message_user(request, format_html(
            "{} open opportunities re-scored{}. Models: <a href=\"{}\">close prediction models</a>.",
            scored, f"; {skipped} closed ones keep their last prediction" if skipped else "", url),
            messages.SUCCESS)
