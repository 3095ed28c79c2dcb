"""Thin API views: validation in serializers, every write through crm.services."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from crm.api import filters, serializers
from crm.api.permissions import OwnedRecordsForAgents, RoleModelPermissions
from crm.models import Cart, CartItem, Company, Contact, Invoice, Order, OrderItem, Product
from crm.services import commerce, contacts


def _lines(validated):
    return [
        commerce.LineInput(product=line["product"], quantity=line["quantity"],
                           unit_price=line.get("unit_price"))
        for line in validated
    ]


class ContactViewSet(viewsets.ModelViewSet):
    serializer_class = serializers.ContactSerializer
    permission_classes = [RoleModelPermissions, OwnedRecordsForAgents]
    filterset_class = filters.ContactFilter
    search_fields = ["first_name", "last_name", "email", "phone", "company__name"]
    ordering_fields = ["created_at", "updated_at", "last_name", "churn_risk"]
    queryset = Contact.objects.select_related("company", "owner").prefetch_related("tags", "consents")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = contacts.contact_create(
            tags=data.pop("tags", ()), **{"source": Contact.Source.API, **data}
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = contacts.contact_update(
            contact=serializer.instance, tags=data.pop("tags", None), **data
        )

    @extend_schema(request=serializers.ConsentUpdateSerializer, responses=serializers.ContactSerializer)
    @action(detail=True, methods=["post"], url_path="consent")
    def consent(self, request, pk=None):
        """Record consent or an opt-out for one channel."""
        contact = self.get_object()
        form = serializers.ConsentUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        contacts.contact_set_consent(contact=contact, **form.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=contact.pk)).data)


class CompanyViewSet(viewsets.ModelViewSet):
    serializer_class = serializers.CompanySerializer
    queryset = Company.objects.all()
    search_fields = ["name", "domain"]
    filterset_fields = ["industry", "country", "size"]
    ordering_fields = ["name", "created_at"]


class ProductViewSet(viewsets.ModelViewSet):
    serializer_class = serializers.ProductSerializer
    queryset = Product.objects.all()
    filterset_class = filters.ProductFilter
    search_fields = ["sku", "name", "category", "description"]
    ordering_fields = ["name", "price", "stock", "created_at"]


class CartViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                  mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = serializers.CartSerializer
    filterset_class = filters.CartFilter
    ordering_fields = ["last_activity_at", "created_at"]
    queryset = Cart.objects.select_related("contact").prefetch_related(
        Prefetch("items", queryset=CartItem.objects.select_related("product"))
    )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = commerce.cart_save(
            contact=data["contact"], lines=_lines(data["lines"]),
            currency=data.get("currency") or commerce.default_currency(),
            external_id=data.get("external_id", ""),
        )

    def perform_update(self, serializer):
        cart = serializer.instance
        data = serializer.validated_data
        lines = data.get("lines")
        serializer.instance = commerce.cart_save(
            cart=cart, contact=data.get("contact", cart.contact),
            lines=_lines(lines) if lines is not None else [
                commerce.LineInput(product=i.product, quantity=i.quantity, unit_price=i.unit_price)
                for i in cart.items.all()
            ],
            currency=data.get("currency", cart.currency),
            external_id=data.get("external_id", cart.external_id),
        )


class OrderViewSet(mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                   mixins.ListModelMixin, viewsets.GenericViewSet):
    """Orders are placed and then change status; lines are fixed once placed."""

    serializer_class = serializers.OrderSerializer
    filterset_class = filters.OrderFilter
    search_fields = ["number", "external_id", "contact__email"]
    ordering_fields = ["placed_at", "total"]
    queryset = Order.objects.select_related("contact").prefetch_related(
        Prefetch("items", queryset=OrderItem.objects.select_related("product"))
    )

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = commerce.order_create(
            contact=data["contact"], lines=_lines(data["lines"]),
            currency=data.get("currency") or commerce.default_currency(),
            channel=data.get("channel", ""), status=data.get("status", Order.Status.PENDING),
            cart=data.get("cart"), external_id=data.get("external_id", ""),
            placed_at=data.get("placed_at"), number=data.get("number", ""),
        )

    def perform_update(self, serializer):
        order = serializer.instance
        data = serializer.validated_data
        if "channel" in data or "external_id" in data or "placed_at" in data:
            for name in ("channel", "external_id", "placed_at"):
                if name in data:
                    setattr(order, name, data[name])
            order.save()
        if "status" in data and data["status"] != order.status:
            order = commerce.order_set_status(order=order, status=data["status"])
        serializer.instance = order


class InvoiceViewSet(viewsets.ModelViewSet):
    serializer_class = serializers.InvoiceSerializer
    filterset_class = filters.InvoiceFilter
    search_fields = ["number", "contact__email", "contact__last_name"]
    ordering_fields = ["due_date", "amount", "issued_on"]
    queryset = Invoice.objects.select_related("contact", "order")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = commerce.invoice_create(
            contact=data["contact"], amount=data["amount"],
            currency=data.get("currency") or commerce.default_currency(),
            due_date=data["due_date"], order=data.get("order"), issued_on=data.get("issued_on"),
            number=data.get("number", ""), status=data.get("status", Invoice.Status.OPEN),
        )

    @extend_schema(request=serializers.MarkPaidSerializer, responses=serializers.InvoiceSerializer)
    @action(detail=True, methods=["post"], url_path="mark-paid")
    def mark_paid(self, request, pk=None):
        """Record the payment of an invoice (stops its reminders)."""
        invoice = self.get_object()
        form = serializers.MarkPaidSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        invoice = commerce.invoice_mark_paid(invoice=invoice, paid_at=form.validated_data.get("paid_at"))
        return Response(self.get_serializer(invoice).data, status=status.HTTP_200_OK)
