from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from crm import models


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    first_name = factory.Faker("first_name")
    is_staff = True
    password = factory.django.Password("pw-for-tests-1")


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Company

    name = factory.Sequence(lambda n: f"Company {n} S.A.")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contact

    first_name = factory.Faker("first_name", locale="es_ES")
    last_name = factory.Faker("last_name", locale="es_ES")
    email = factory.Sequence(lambda n: f"contact{n}@example.com")
    phone = factory.Sequence(lambda n: f"+5076{n:07d}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Laptop model {n}")
    category = "laptops"
    price = Decimal("999.00")
    stock = 10


class CartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Cart

    contact = factory.SubFactory(ContactFactory)


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Order

    number = factory.Sequence(lambda n: f"ORD-T{n:06d}")
    contact = factory.SubFactory(ContactFactory)
    total = Decimal("0")


class InvoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Invoice

    number = factory.Sequence(lambda n: f"INV-T{n:06d}")
    contact = factory.SubFactory(ContactFactory)
    amount = Decimal("100.00")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=15))


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Team

    name = factory.Sequence(lambda n: f"Team {n}")
    department = models.Department.SALES


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agent

    user = factory.SubFactory(UserFactory)
    department = models.Department.SALES
    skills = factory.LazyFunction(lambda: ["laptops"])

# --- leads ---------------------------------------------------------------------------------


def _first_open_stage():
    from leads.models import PipelineStage

    return PipelineStage.objects.filter(active=True, is_won=False, is_lost=False).order_by("order").first()


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "leads.Lead"

    contact = factory.SubFactory(ContactFactory)
    source = "whatsapp"


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "leads.Opportunity"

    contact = factory.SubFactory(ContactFactory)
    name = factory.Sequence(lambda n: f"Laptops for office {n}")
    stage = factory.LazyFunction(_first_open_stage)
    value = Decimal("5000.00")
    currency = "USD"
