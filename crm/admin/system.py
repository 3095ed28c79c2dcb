from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.html import format_html

from crm.dispatch import dispatch_on_commit
from crm.models import AuditEvent, WebhookDelivery, WebhookSubscription
from crm.services.events import webhook_send_test
from crm.tasks import deliver_event_webhook


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["occurred_at", "action", "actor_type", "actor", "target_repr", "reason"]
    list_select_related = ["actor", "target_type"]
    list_filter = ["actor_type", "action", "target_type"]
    search_fields = ["action", "target_repr", "reason", "target_id"]
    date_hierarchy = "occurred_at"
    show_full_result_count = False


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["name", "url", "active", "event_list", "last_success_at", "last_error_at",
                    "pending"]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    readonly_fields = ["last_success_at", "last_error", "last_error_at", "delivery_log"]
    actions = ["send_test_event"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            pending_count=Count("deliveries", filter=Q(deliveries__status="pending"))
        )

    @admin.display(description="events")
    def event_list(self, obj):
        return ", ".join(obj.events) if obj.events else "all events"

    @admin.display(ordering="pending_count", description="pending deliveries")
    def pending(self, obj):
        return obj.pending_count

    @admin.display(description="deliveries")
    def delivery_log(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:crm_webhookdelivery_changelist") + f"?subscription__id__exact={obj.pk}"
        return format_html('<a href="{}">Every delivery of this subscription</a>', url)

    @admin.action(description="Send a test event (webhook.test)")
    def send_test_event(self, request, queryset):
        subscriptions = list(queryset)
        for subscription in subscriptions:
            webhook_send_test(subscription=subscription)
        self.message_user(request, f"Test event queued for {len(subscriptions)} subscriptions.",
                          messages.SUCCESS)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event", "subscription", "status", "attempts", "response_status"]
    list_select_related = ["subscription"]
    list_filter = ["status", "event", "subscription"]
    readonly_fields = ["subscription", "event", "event_id", "payload", "status", "attempts",
                       "response_status", "last_error", "created_at", "delivered_at"]
    date_hierarchy = "created_at"
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Retry the selected deliveries", permissions=["change"])
    def retry(self, request, queryset):
        pks = list(queryset.exclude(status=WebhookDelivery.Status.DELIVERED).values_list("pk", flat=True))
        queryset.filter(pk__in=pks).update(status=WebhookDelivery.Status.PENDING)
        for pk in pks:
            dispatch_on_commit(deliver_event_webhook, pk)
        self.message_user(request, f"{len(pks)} deliveries queued again.", messages.SUCCESS)
