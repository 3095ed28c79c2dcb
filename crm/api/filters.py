import django_filters
from django.utils import timezone

from crm.models import Cart, Contact, Invoice, Order, Product


class ContactFilter(django_filters.FilterSet):
    tag = django_filters.CharFilter(field_name="tags__name", lookup_expr="iexact")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Contact
        fields = ["status", "segment", "language", "source", "owner", "company", "country"]


class ProductFilter(django_filters.FilterSet):
    max_stock = django_filters.NumberFilter(field_name="stock", lookup_expr="lte")
    min_price = django_filters.NumberFilter(field_name="price", lookup_expr="gte")
    max_price = django_filters.NumberFilter(field_name="price", lookup_expr="lte")

    class Meta:
        model = Product
        fields = ["category", "active", "currency"]


class CartFilter(django_filters.FilterSet):
    class Meta:
        model = Cart
        fields = ["status", "contact", "external_id"]


class OrderFilter(django_filters.FilterSet):
    placed_after = django_filters.IsoDateTimeFilter(field_name="placed_at", lookup_expr="gte")
    placed_before = django_filters.IsoDateTimeFilter(field_name="placed_at", lookup_expr="lt")

    class Meta:
        model = Order
        fields = ["status", "contact", "channel", "external_id"]


class InvoiceFilter(django_filters.FilterSet):
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    due_after = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_before = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Invoice
        fields = ["status", "contact", "order"]

    def filter_overdue(self, queryset, name, value):
        today = timezone.localdate()
        overdue = {"status": Invoice.Status.OPEN, "due_date__lt": today}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)
