from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers

from crm.models import (
    Cart, CartItem, Company, Contact, ContactConsent, Invoice, Order, OrderItem, Product,
)
from crm.services.cleaning import phone_to_e164


class TagListField(serializers.ListField):
    child = serializers.CharField(max_length=60)

    def to_representation(self, data):
        return sorted(tag.name for tag in data.all())


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContactConsent
        fields = ["channel", "status", "source", "recorded_at"]
        read_only_fields = ["recorded_at"]


class CompanySerializer(serializers.ModelSerializer):
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                  help_text="Any common format; stored in E.164.")

    class Meta:
        model = Company
        fields = ["id", "name", "domain", "industry", "size", "country", "city", "phone",
                  "notes", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_phone(self, value: str) -> str:
        return _phone(value)


def _phone(value: str) -> str:
    try:
        return phone_to_e164(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc


class ContactSerializer(serializers.ModelSerializer):
    tags = TagListField(required=False)
    consents = ConsentSerializer(many=True, read_only=True)
    full_name = serializers.CharField(read_only=True)
    # Declared here so any common way of writing a number reaches normalisation, which
    # stores E.164 or answers with the reason it is not a phone number.
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True,
                                  help_text="Any common format; local numbers are read in "
                                  "DEFAULT_PHONE_REGION. Stored in E.164.")
    owner = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Contact
        fields = [
            "id", "first_name", "last_name", "full_name", "email", "phone", "company", "job_title",
            "industry", "city", "country", "language", "timezone", "status", "source", "segment",
            "tags", "owner", "purchasing_power", "predicted_clv", "churn_risk", "interests",
            "notes", "consents", "quality_flags", "merged_into", "merged_at", "created_at",
            "updated_at",
        ]
        read_only_fields = ["predicted_clv", "churn_risk", "quality_flags", "merged_into",
                            "merged_at", "created_at", "updated_at"]

    def validate_phone(self, value: str) -> str:
        return _phone(value)

    def validate_email(self, value: str) -> str:
        return value.strip().lower()

    def validate_status(self, value: str) -> str:
        if value == Contact.Status.MERGED:
            raise serializers.ValidationError("Contacts become “merged” only through a merge.")
        return value

    def validate(self, attrs):
        instance = self.instance
        identity = {
            name: attrs.get(name, getattr(instance, name, "") if instance else "")
            for name in ("first_name", "last_name", "email", "phone")
        }
        if not any(identity.values()):
            raise serializers.ValidationError(
                "A contact needs at least a name, an e-mail address or a phone number."
            )
        return attrs


class ConsentUpdateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=ContactConsent._meta.get_field("channel").choices)
    status = serializers.ChoiceField(choices=ContactConsent.Status.choices)
    source = serializers.CharField(max_length=60, required=False, allow_blank=True, default="api")


class ProductSerializer(serializers.ModelSerializer):
    features = serializers.ListField(child=serializers.CharField(max_length=200), required=False)

    class Meta:
        model = Product
        fields = ["id", "sku", "name", "category", "description", "price", "currency", "stock",
                  "low_stock_threshold", "features", "active", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class LineSerializer(serializers.Serializer):
    product = serializers.SlugRelatedField(slug_field="sku", queryset=Product.objects.all())
    quantity = serializers.IntegerField(min_value=1, max_value=100_000)
    unit_price = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True,
        help_text="Omit to use the catalogue price.",
    )


class CartItemSerializer(serializers.ModelSerializer):
    product = serializers.SlugRelatedField(slug_field="sku", read_only=True)
    product_name = serializers.CharField(source="product.name", read_only=True)
    line_total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = CartItem
        fields = ["product", "product_name", "quantity", "unit_price", "line_total"]


class CartSerializer(serializers.ModelSerializer):
    items = CartItemSerializer(many=True, read_only=True)
    lines = LineSerializer(many=True, write_only=True, help_text="The whole cart, replacing what it held.")
    total = serializers.SerializerMethodField()
    contact = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.exclude(status="merged"))

    class Meta:
        model = Cart
        fields = ["id", "contact", "status", "currency", "external_id", "items", "lines", "total",
                  "last_activity_at", "converted_at", "created_at"]
        read_only_fields = ["status", "last_activity_at", "converted_at", "created_at"]

    def get_total(self, cart) -> str:
        return str(sum((item.line_total for item in cart.items.all()), 0))


class OrderItemSerializer(CartItemSerializer):
    class Meta(CartItemSerializer.Meta):
        model = OrderItem


class OrderSerializer(serializers.ModelSerializer):
    items = OrderItemSerializer(many=True, read_only=True)
    lines = LineSerializer(many=True, write_only=True, required=False)
    contact = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.exclude(status="merged"))
    number = serializers.CharField(max_length=32, required=False, allow_blank=True)

    class Meta:
        model = Order
        fields = ["id", "number", "contact", "status", "currency", "total", "channel", "cart",
                  "external_id", "placed_at", "items", "lines", "created_at", "updated_at"]
        read_only_fields = ["total", "created_at", "updated_at"]

    def validate(self, attrs):
        if self.instance is None and not attrs.get("lines"):
            raise serializers.ValidationError({"lines": ["An order needs at least one line."]})
        if self.instance is not None:
            frozen = {"lines", "contact", "currency", "number", "cart"} & set(attrs)
            if frozen:
                raise serializers.ValidationError(
                    {name: ["Cannot change after the order is placed; cancel it and place a new one."]
                     for name in sorted(frozen)}
                )
        return attrs


class InvoiceSerializer(serializers.ModelSerializer):
    contact = serializers.PrimaryKeyRelatedField(queryset=Contact.objects.exclude(status="merged"))
    number = serializers.CharField(max_length=32, required=False, allow_blank=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invoice
        fields = ["id", "number", "contact", "order", "amount", "currency", "issued_on",
                  "due_date", "status", "paid_at", "is_overdue", "created_at", "updated_at"]
        read_only_fields = ["paid_at", "created_at", "updated_at"]

    def validate(self, attrs):
        issued = attrs.get("issued_on", getattr(self.instance, "issued_on", None)) or timezone.localdate()
        due = attrs.get("due_date", getattr(self.instance, "due_date", None))
        if issued and due and due < issued:
            raise serializers.ValidationError({"due_date": ["The due date cannot be before the issue date."]})
        if attrs.get("status") == Invoice.Status.PAID:
            raise serializers.ValidationError(
                {"status": ["Use POST …/invoices/{id}/mark-paid/ to record a payment."]}
            )
        return attrs


class MarkPaidSerializer(serializers.Serializer):
    paid_at = serializers.DateTimeField(required=False)
