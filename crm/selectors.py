"""Reads shared by admin, API, pages and tasks."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from crm.models import Agent, Contact, ContactConsent, Invoice, Product


def contacts_live() -> QuerySet[Contact]:
    """Contacts that are real people to work with (merged duplicates excluded)."""
    return Contact.objects.exclude(status=Contact.Status.MERGED)


def contacts_reachable(channel: str) -> QuerySet[Contact]:
    """Live contacts that have not opted out of ``channel``."""
    opted_out = ContactConsent.objects.filter(
        contact=OuterRef("pk"), channel=channel, status=ContactConsent.Status.OPTED_OUT
    )
    return contacts_live().filter(status=Contact.Status.ACTIVE).exclude(Exists(opted_out))


def contact_is_opted_out(contact: Contact, channel: str) -> bool:
    return ContactConsent.objects.filter(
        contact=contact, channel=channel, status=ContactConsent.Status.OPTED_OUT
    ).exists()


def invoices_overdue(today=None) -> QuerySet[Invoice]:
    today = today or timezone.localdate()
    return Invoice.objects.filter(status=Invoice.Status.OPEN, due_date__lt=today).select_related("contact")


def products_low_stock() -> QuerySet[Product]:
    from django.db.models import F

    return Product.objects.filter(active=True, stock__lte=F("low_stock_threshold"))


def agents_with_counts(department: str | None = None) -> QuerySet[Agent]:
    agents = Agent.objects.select_related("user", "team")
    if department:
        agents = agents.filter(department=department)
    return agents.annotate(owned_contacts=Count("user__owned_contacts", filter=Q(user__owned_contacts__status="active")))
