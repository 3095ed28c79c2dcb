from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from crm.admin.resources import ContactResource, ProductResource
from crm.models import Company, Contact, ContactConsent, Order, Product, Tag
from crm.services.contacts import contact_normalize_fields

IMPORT_EXPORT_FORMATS = [CSV, XLSX]


class ConsentInline(admin.TabularInline):
    model = ContactConsent
    extra = 0
    fields = ["channel", "status", "source", "recorded_at"]


class OrderInline(admin.TabularInline):
    model = Order
    extra = 0
    fields = ["number", "status", "total", "currency", "placed_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    ordering = ["-placed_at"]

    def has_add_permission(self, request, obj=None):
        return False


class OptedOutFilter(admin.SimpleListFilter):
    title = "opted out of"
    parameter_name = "opted_out"

    def lookups(self, request, model_admin):
        return ContactConsent._meta.get_field("channel").choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(consents__channel=self.value(),
                                   consents__status=ContactConsent.Status.OPTED_OUT)
        return queryset


class HasQualityIssuesFilter(admin.SimpleListFilter):
    title = "data quality"
    parameter_name = "quality"

    def lookups(self, request, model_admin):
        return [("flagged", "Has flagged values"), ("clean", "No flags")]

    def queryset(self, request, queryset):
        if self.value() == "flagged":
            return queryset.exclude(quality_flags={})
        if self.value() == "clean":
            return queryset.filter(quality_flags={})
        return queryset


@admin.register(Contact)
class ContactAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ContactResource]
    import_formats = IMPORT_EXPORT_FORMATS
    export_formats = IMPORT_EXPORT_FORMATS
    list_display = ["__str__", "email", "phone", "company", "status", "segment", "language",
                    "owner", "created_at"]
    list_select_related = ["company", "owner"]
    list_filter = ["status", "segment", "language", "source", OptedOutFilter,
                   HasQualityIssuesFilter, "tags", "country"]
    search_fields = ["first_name", "last_name", "email", "phone", "company__name"]
    autocomplete_fields = ["company", "owner", "tags", "merged_into"]
    date_hierarchy = "created_at"
    readonly_fields = ["predicted_clv", "churn_risk", "quality_flags", "merged_into", "merged_at",
                       "created_at", "updated_at"]
    inlines = [ConsentInline, OrderInline]
    list_per_page = 50
    show_full_result_count = False  # an exact count of a large table on every page is slow
    fieldsets = [
        (None, {"fields": [("first_name", "last_name"), ("email", "phone"), ("company", "job_title"),
                           ("industry", "city", "country"), ("language", "timezone")]}),
        ("Relationship", {"fields": [("status", "source"), ("segment", "owner"), "tags", "notes"]}),
        ("Predictions and enrichment", {"classes": ["collapse"], "fields": [
            ("purchasing_power", "predicted_clv", "churn_risk"), "interests"]}),
        ("Data quality", {"classes": ["collapse"], "fields": [
            "quality_flags", ("merged_into", "merged_at"), ("created_at", "updated_at")]}),
    ]
    actions = ["mark_inactive"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        original_clean = form.clean

        def clean(form_self):
            cleaned = original_clean(form_self)
            # The same normalisation as the API and imports; errors land on the field.
            from django.core.exceptions import ValidationError

            try:
                normalised = contact_normalize_fields(
                    {k: cleaned[k] for k in ("email", "phone", "country") if k in cleaned}
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form_self.add_error(field, errors)
            else:
                cleaned.update(normalised)
                for key, value in normalised.items():
                    setattr(form_self.instance, key, value)
            if cleaned.get("status") == Contact.Status.MERGED and not (obj and obj.merged_into_id):
                form_self.add_error("status", "Contacts become “merged” only through a merge.")
            return cleaned

        form.clean = clean
        return form

    @admin.action(description="Mark selected contacts inactive", permissions=["change"])
    def mark_inactive(self, request, queryset):
        updated = queryset.exclude(status=Contact.Status.MERGED).update(status=Contact.Status.INACTIVE)
        self.message_user(request, f"{updated} contacts marked inactive.", messages.SUCCESS)


class CompanyContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["first_name", "last_name", "email", "phone", "status"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    max_num = 0


@admin.register(Company)
class CompanyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "domain", "industry", "country", "contact_count", "created_at"]
    list_filter = ["industry", "size", "country"]
    search_fields = ["name", "domain"]
    inlines = [CompanyContactInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(contact_count=Count("contacts"))

    @admin.display(ordering="contact_count", description="contacts")
    def contact_count(self, obj):
        return obj.contact_count


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "contact_count"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(contact_count=Count("contacts"))

    @admin.display(ordering="contact_count", description="contacts")
    def contact_count(self, obj):
        return obj.contact_count


class LowStockFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "stock_level"

    def lookups(self, request, model_admin):
        return [("low", "At or below threshold"), ("out", "Out of stock")]

    def queryset(self, request, queryset):
        from django.db.models import F

        if self.value() == "low":
            return queryset.filter(stock__lte=F("low_stock_threshold"))
        if self.value() == "out":
            return queryset.filter(stock__lte=0)
        return queryset


@admin.register(Product)
class ProductAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [ProductResource]
    import_formats = IMPORT_EXPORT_FORMATS
    export_formats = IMPORT_EXPORT_FORMATS
    list_display = ["sku", "name", "category", "price", "currency", "stock", "active"]
    list_editable = ["stock", "active"]
    list_filter = ["active", "category", LowStockFilter, "currency"]
    search_fields = ["sku", "name", "category", "description"]
    date_hierarchy = "created_at"
