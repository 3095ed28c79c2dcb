"""Admin of leads and their classification history. Writes go through leads.services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from leads.models import Lead, LeadClassification, Opportunity
from leads.services.classification import HOT_ALERT_SCORE, lead_request_classification
from leads.services.leads import lead_assign, lead_create, lead_set_status, lead_update

PLAIN_FIELDS = ("source", "campaign", "message")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ClassificationInline(ReadOnlyInline):
    model = LeadClassification
    fields = ["created_at", "score", "category", "urgency_points", "authority_points", "budget_points",
              "fit_points", "recommended_action", "reasoning", "model_used"]
    readonly_fields = fields
    ordering = ["-created_at"]
    show_change_link = False


class LeadOpportunityInline(ReadOnlyInline):
    model = Opportunity
    fk_name = "lead"
    fields = ["name", "stage", "value", "currency", "close_probability", "closed_at"]
    readonly_fields = fields


class HotUnassignedFilter(admin.SimpleListFilter):
    title = "queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("hot_unassigned", f"Hot (> {HOT_ALERT_SCORE}) and unassigned"), ("unassigned", "Unassigned"),
                ("never_classified", "Never classified")]

    def queryset(self, request, queryset):
        open_leads = queryset.exclude(status__in=[Lead.Status.CONVERTED, Lead.Status.LOST])
        if self.value() == "hot_unassigned":
            return open_leads.filter(owner__isnull=True, score__gt=HOT_ALERT_SCORE)
        if self.value() == "unassigned":
            return open_leads.filter(owner__isnull=True)
        if self.value() == "never_classified":
            return queryset.filter(last_classified_at__isnull=True)
        return queryset


class LeadAdminForm(forms.ModelForm):
    class Meta:
        model = Lead
        fields = ["contact", "status", "lost_reason", "source", "campaign", "message", "owner"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        current = Lead.objects.get(pk=self.instance.pk).status if self.instance.pk else Lead.Status.NEW
        if status and status != current and status not in Lead.TRANSITIONS[current]:
            self.add_error("status", f"A {Lead.Status(current).label.lower()} lead cannot become "
                                     f"{Lead.Status(status).label.lower()}.")
        if status == Lead.Status.LOST and status != current and not (cleaned.get("lost_reason") or "").strip():
            self.add_error("lost_reason", "Say why the lead was lost.")
        contact = cleaned.get("contact")
        if contact is not None and not self.instance.pk and contact.status == contact.Status.MERGED:
            self.add_error("contact", "This contact was merged into another one; choose that one.")
        return cleaned

    def _post_clean(self):
        # The services validate and save; the model's full_clean here would reject a lost
        # status before the reason is applied by the service.
        pass


def _copy_into(target, source) -> None:
    for field in type(source)._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    target._state.adding = False


@admin.register(Lead)
class LeadAdmin(SimpleHistoryAdmin):
    form = LeadAdminForm
    list_display = ["contact", "status", "score", "category", "owner", "source", "campaign",
                    "last_classified_at", "created_at"]
    list_select_related = ["contact", "owner"]
    list_filter = [HotUnassignedFilter, "status", "category", "source"]
    search_fields = ["contact__first_name", "contact__last_name", "contact__email", "contact__phone", "campaign"]
    autocomplete_fields = ["contact", "owner"]
    date_hierarchy = "created_at"
    readonly_fields = ["score", "category", "last_classified_at", "hot_alerted_at", "status_changed_at",
                       "qualified_at", "nurturing_at", "converted_at", "lost_at", "assigned_at", "created_at"]
    fieldsets = [
        (None, {"fields": ["contact", ("status", "lost_reason"), ("source", "campaign"), "message", "owner"]}),
        ("Classification", {"fields": [("score", "category"), ("last_classified_at", "hot_alerted_at")]}),
        ("Timeline", {"classes": ["collapse"], "fields": [
            ("created_at", "status_changed_at"), ("qualified_at", "nurturing_at"), ("converted_at", "lost_at"),
            "assigned_at"]}),
    ]
    inlines = [ClassificationInline, LeadOpportunityInline]
    actions = ["classify_again", "assign_to_me", "mark_qualified", "move_to_nurturing"]
    list_per_page = 50
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + ["contact"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if not change:
                lead = lead_create(contact=data["contact"], source=data["source"], campaign=data.get("campaign", ""),
                                   message=data.get("message", ""), owner=data.get("owner"), actor=request.user)
            else:
                lead = Lead.objects.get(pk=obj.pk)
                plain = {name: data[name] for name in PLAIN_FIELDS if name in form.changed_data}
                if plain:
                    lead = lead_update(lead=lead, actor=request.user, **plain)
                if "owner" in form.changed_data:
                    lead = lead_assign(lead=lead, owner=data.get("owner"), actor=request.user)
            if data["status"] != lead.status:
                lead = lead_set_status(lead=lead, status=data["status"], reason=data.get("lost_reason", ""),
                                       actor=request.user)
        except ValidationError as exc:
            self.message_user(request, "; ".join(exc.messages), messages.ERROR)
            lead = Lead.objects.get(pk=obj.pk) if obj.pk else None
            if lead is None:
                raise
        _copy_into(obj, lead)

    @admin.action(description="Classify again with the AI (first message)", permissions=["change"])
    def classify_again(self, request, queryset):
        leads = list(queryset.exclude(message=""))
        for lead in leads:
            lead_request_classification(lead=lead, text=lead.message)
        skipped = queryset.count() - len(leads)
        self.message_user(request, f"{len(leads)} leads queued for classification"
                          + (f"; {skipped} have no message to classify." if skipped else "."), messages.SUCCESS)

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        count = 0
        for lead in queryset:
            lead_assign(lead=lead, owner=request.user, actor=request.user)
            count += 1
        self.message_user(request, f"{count} leads assigned to you.", messages.SUCCESS)

    def _set_status(self, request, queryset, status: str) -> None:
        done, refused = 0, 0
        for lead in queryset:
            try:
                lead_set_status(lead=lead, status=status, actor=request.user)
                done += 1
            except ValidationError:
                refused += 1
        label = Lead.Status(status).label.lower()
        self.message_user(request, f"{done} leads now {label}"
                          + (f"; {refused} could not become {label} from their status." if refused else "."),
                          messages.SUCCESS if not refused else messages.WARNING)

    @admin.action(description="Mark as qualified", permissions=["change"])
    def mark_qualified(self, request, queryset):
        self._set_status(request, queryset, Lead.Status.QUALIFIED)

    @admin.action(description="Move to nurturing", permissions=["change"])
    def move_to_nurturing(self, request, queryset):
        self._set_status(request, queryset, Lead.Status.NURTURING)


@admin.register(LeadClassification)
class LeadClassificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "lead", "score", "category", "recommended_action", "provider", "model_used"]
    list_select_related = ["lead", "lead__contact"]
    list_filter = ["category", "recommended_action", "provider", "model_used"]
    search_fields = ["lead__contact__first_name", "lead__contact__last_name", "lead__contact__email", "reasoning"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in LeadClassification._meta.fields]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
