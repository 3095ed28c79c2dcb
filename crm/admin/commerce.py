from __future__ import annotations

from decimal import Decimal

from django.contrib import admin, messages
from django.db.models import DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from crm.models import Cart, CartItem, Invoice, Order, OrderItem
from crm.services.commerce import invoice_mark_paid, order_recalculate_total


class CartItemInline(admin.TabularInline):
    model = CartItem
    extra = 0
    autocomplete_fields = ["product"]
    fields = ["product", "quantity", "unit_price"]


@admin.register(Cart)
class CartAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "contact", "status", "cart_total", "currency", "last_activity_at"]
    list_select_related = ["contact"]
    list_filter = ["status", "currency"]
    search_fields = ["contact__first_name", "contact__last_name", "contact__email", "external_id"]
    autocomplete_fields = ["contact"]
    date_hierarchy = "last_activity_at"
    inlines = [CartItemInline]
    readonly_fields = ["converted_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            total_value=Coalesce(
                Sum(F("items__unit_price") * F("items__quantity")),
                Value(Decimal("0")), output_field=DecimalField(max_digits=14, decimal_places=2),
            )
        )

    @admin.display(ordering="total_value", description="total")
    def cart_total(self, obj):
        return obj.total_value


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    autocomplete_fields = ["product"]
    fields = ["product", "quantity", "unit_price"]


@admin.register(Order)
class OrderAdmin(SimpleHistoryAdmin):
    list_display = ["number", "contact", "status", "total", "currency", "channel", "placed_at"]
    list_select_related = ["contact"]
    list_filter = ["status", "channel", "currency"]
    search_fields = ["number", "external_id", "contact__email", "contact__last_name"]
    autocomplete_fields = ["contact", "cart"]
    date_hierarchy = "placed_at"
    readonly_fields = ["total"]
    inlines = [OrderItemInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        order_recalculate_total(order=form.instance)


class OverdueFilter(admin.SimpleListFilter):
    title = "payment"
    parameter_name = "payment"

    def lookups(self, request, model_admin):
        return [("overdue", "Overdue"), ("due_7", "Due in the next 7 days")]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "overdue":
            return queryset.filter(status=Invoice.Status.OPEN, due_date__lt=today)
        if self.value() == "due_7":
            return queryset.filter(status=Invoice.Status.OPEN, due_date__gte=today,
                                   due_date__lte=today + timezone.timedelta(days=7))
        return queryset


@admin.register(Invoice)
class InvoiceAdmin(SimpleHistoryAdmin):
    list_display = ["number", "contact", "amount", "currency", "issued_on", "due_date", "status",
                    "overdue", "paid_at"]
    list_select_related = ["contact"]
    list_filter = ["status", OverdueFilter, "currency"]
    search_fields = ["number", "contact__email", "contact__last_name"]
    autocomplete_fields = ["contact", "order"]
    date_hierarchy = "due_date"
    readonly_fields = ["paid_at"]
    actions = ["mark_paid"]

    @admin.display(boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    @admin.action(description="Record payment of the selected invoices", permissions=["change"])
    def mark_paid(self, request, queryset):
        paid = 0
        for invoice in queryset.exclude(status__in=[Invoice.Status.PAID, Invoice.Status.VOID]):
            invoice_mark_paid(invoice=invoice)
            paid += 1
        self.message_user(request, f"{paid} invoices marked paid.", messages.SUCCESS)
