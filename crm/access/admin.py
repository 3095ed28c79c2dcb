from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from import_export import fields, resources
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from crm.access.models import ApiKey, ApiScope, SecurityEvent
from crm.access.services import api_keys


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(choices=ApiScope.CHOICES, widget=forms.CheckboxSelectMultiple)
    allowed_ips = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One address or network per line (e.g. 203.0.113.7 or 10.0.0.0/8); empty = any.",
    )

    class Meta:
        model = ApiKey
        fields = ["name", "owner", "scopes", "allowed_ips", "expires_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["allowed_ips"] = "\n".join(self.instance.allowed_ips)
            self.fields["owner"].disabled = True

    def clean_allowed_ips(self):
        return [line.strip() for line in self.cleaned_data["allowed_ips"].splitlines() if line.strip()]


class UsableFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("usable", "Working"), ("revoked", "Revoked"), ("expired", "Expired")]

    def queryset(self, request, queryset):
        from django.utils import timezone

        now = timezone.now()
        if self.value() == "usable":
            return queryset.filter(revoked_at__isnull=True).exclude(expires_at__lte=now)
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "masked", "owner", "scope_list", "expires_at", "last_used_at", "last_used_ip",
                    "usable"]
    list_select_related = ["owner"]
    list_filter = [UsableFilter]
    search_fields = ["name", "prefix", "owner__username"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["masked", "created_at", "created_by", "last_used_at", "last_used_ip", "revoked_at",
                       "replaced_by", "expiry_warned_at"]
    actions = ["revoke_keys"]
    change_form_template = "access/apikey_change_form.html"

    @admin.display(description="key")
    def masked(self, obj):
        return obj.masked

    @admin.display(description="scopes")
    def scope_list(self, obj):
        return ", ".join(obj.scopes)

    @admin.display(boolean=True, description="works")
    def usable(self, obj):
        return obj.is_usable()

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            api_keys.api_key_update(key=obj, actor=request.user, name=data["name"], scopes=data["scopes"],
                                    allowed_ips=data["allowed_ips"], expires_at=data["expires_at"])
            return
        issued = api_keys.api_key_create(name=data["name"], owner=data["owner"], scopes=data["scopes"],
                                         allowed_ips=data["allowed_ips"], expires_at=data["expires_at"],
                                         created_by=request.user)
        form.instance = obj = issued.key
        request._issued_api_key = issued

    def response_add(self, request, obj, post_url_continue=None):
        return self._show_once(request, request._issued_api_key)

    def _show_once(self, request, issued):
        # The raw key is rendered into this one response and nowhere else (not a message,
        # not the session): after this page only its hash exists.
        return TemplateResponse(request, "access/apikey_issued.html", {
            **self.admin_site.each_context(request), "opts": self.model._meta, "issued": issued,
            "title": "API key created",
        })

    def get_urls(self):
        return [path("<int:pk>/rotate/", self.admin_site.admin_view(self.rotate_view), name="access_apikey_rotate"),
                *super().get_urls()]

    def rotate_view(self, request, pk):
        key = get_object_or_404(ApiKey, pk=pk)
        if not self.has_change_permission(request, key):
            raise PermissionDenied
        if request.method != "POST":
            return redirect(reverse("admin:access_apikey_change", args=[pk]))
        try:
            issued = api_keys.api_key_rotate(key=key, actor=request.user)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return redirect(reverse("admin:access_apikey_change", args=[pk]))
        return self._show_once(request, issued)

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke_keys(self, request, queryset):
        revoked = 0
        for key in queryset.filter(revoked_at__isnull=True):
            api_keys.api_key_revoke(key=key, actor=request.user)
            revoked += 1
        self.message_user(request, f"{revoked} keys revoked.", messages.SUCCESS)


class SecurityEventResource(resources.ModelResource):
    actor = fields.Field(attribute="actor__username", column_name="actor")
    target_type = fields.Field(attribute="target_type__model", column_name="target_type")

    class Meta:
        model = SecurityEvent
        fields = ("occurred_at", "action", "actor_type", "actor", "target_type", "target_id",
                  "target_repr", "reason", "data")
        export_order = fields


@admin.register(SecurityEvent)
class SecurityEventAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [SecurityEventResource]
    list_display = ["occurred_at", "action", "actor", "target_repr", "reason", "ip"]
    list_select_related = ["actor", "target_type"]
    list_filter = ["action", "actor_type", "target_type"]
    search_fields = ["action", "target_repr", "reason", "actor__username"]
    date_hierarchy = "occurred_at"
    export_formats = [CSV, XLSX]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(action__startswith="security.")

    @admin.display(description="address")
    def ip(self, obj):
        return obj.data.get("ip", "")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
